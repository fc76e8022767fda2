// Devices through `sandbox run`: a fresh /dev with only the basic nodes unless --device grants
// more; dri, input and kvm bind the host's nodes when it has them; all binds the host's /dev but
// keeps /dev/shm private; shm shares the host's /dev/shm both ways.

#include <fcntl.h>
#include <gmock/gmock.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>

#include "session/support/session_test.hpp"

namespace sandbox::test {
namespace {

namespace fs = std::filesystem;

// What the fresh /dev holds; "console" only when the sandbox is started from a terminal.
const std::set<std::string> kBasicNodes = {"null", "zero",  "full",   "random", "urandom",
                                           "tty",  "stdin", "stdout", "stderr", "fd",
                                           "core", "shm",   "pts",    "ptmx"};

std::set<std::string> host_entries(const fs::path& dir) {
    std::set<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename());
    return names;
}

std::string host_open_outcome(const char* path) {
    UniqueFd fd(::open(path, O_RDWR | O_CLOEXEC));
    return fd ? "ok" : strerrorname_np(errno);
}

// The per-mount options (field 6 of mountinfo) of what is mounted on `mount_point`, "" if nothing.
std::string mount_options(const KeyValues& report, const std::string& mount_point) {
    std::string options;
    for (const std::string& line : values_of(report, "mount")) {
        std::istringstream fields(line);
        std::string id, parent, device, root, point;
        fields >> id >> parent >> device >> root >> point;
        if (point == mount_point) fields >> options;
    }
    return options;
}

// A file in the host's /dev/shm, removed with this object.
class HostShmFile {
  public:
    explicit HostShmFile(const std::string& tag)
        : path_("/dev/shm/sandbox-test-" + std::to_string(::getpid()) + "-" + tag) {}
    HostShmFile(const HostShmFile&) = delete;
    HostShmFile& operator=(const HostShmFile&) = delete;
    ~HostShmFile() {
        std::error_code ignored;
        fs::remove(path_, ignored);
    }
    [[nodiscard]] const std::string& path() const { return path_; }

  private:
    std::string path_;
};

class Devices : public SessionTest {
  protected:
    std::set<std::string> entries_inside(const std::vector<std::string>& options,
                                         const std::string& dir) {
        const auto entries = values_of(probe_app(options, {"stat", dir}), "entry");
        return {entries.begin(), entries.end()};
    }
    std::string exists_inside(const std::vector<std::string>& options, const std::string& path) {
        return value_of(probe_app(options, {"stat", path}), "exists").value_or("?");
    }

    // --device=OPTION binds /dev/NAME as the host has it, and nothing when the host has none.
    void expect_host_directory_or_nothing(const std::string& option, const std::string& name) {
        const fs::path host_dir = "/dev/" + name;
        const std::set<std::string> dev = entries_inside({option}, "/dev");
        if (!fs::exists(host_dir)) {
            EXPECT_EQ(dev, entries_inside({}, "/dev")) << "host without " << host_dir;
            return;
        }
        EXPECT_TRUE(dev.count(name)) << host_dir;
        EXPECT_EQ(entries_inside({option}, host_dir), host_entries(host_dir));
        EXPECT_FALSE(entries_inside({}, "/dev").count(name)) << host_dir;
    }
};

TEST_F(Devices, ByDefaultOnlyTheBasicNodes) {
    std::set<std::string> dev = entries_inside({}, "/dev");
    dev.erase("console");
    EXPECT_EQ(dev, kBasicNodes);
    KeyValues null_node = probe_app({}, {"stat", "/dev/null"});
    EXPECT_EQ(value_of(null_node, "type"), "char");
    EXPECT_EQ(value_of(probe_app({}, {"open-rw", "/dev/null"}), "open"), "ok");
}

TEST_F(Devices, KvmOnlyWhenGrantedAndOpensAsOnTheHost) {
    if (!fs::exists("/dev/kvm")) GTEST_SKIP() << "this host has no /dev/kvm";
    EXPECT_EQ(exists_inside({}, "/dev/kvm"), "0");
    KeyValues kvm = probe_app({"--device=kvm"}, {"stat", "/dev/kvm"});
    EXPECT_EQ(value_of(kvm, "type"), "char");
    // Opening gives EACCES both without access and on a nodev mount: check the mount too.
    const std::string options = mount_options(probe_app({"--device=kvm"}, {"report"}), "/dev/kvm");
    EXPECT_THAT(options, ::testing::HasSubstr("nosuid"));
    EXPECT_THAT(options, ::testing::Not(::testing::HasSubstr("nodev")));
    EXPECT_EQ(value_of(probe_app({"--device=kvm"}, {"open-rw", "/dev/kvm"}), "open"),
              host_open_outcome("/dev/kvm"));
    EXPECT_EQ(value_of(probe_app({}, {"open-rw", "/dev/kvm"}), "open"), "ENOENT");
}

TEST_F(Devices, DriBindsTheHostsRenderNodesWhenPresent) {
    expect_host_directory_or_nothing("--device=dri", "dri");
}

TEST_F(Devices, InputBindsTheHostsInputNodesWhenPresent) {
    expect_host_directory_or_nothing("--device=input", "input");
}

TEST_F(Devices, AllShowsTheHostsDev) {
    const std::set<std::string> host = host_entries("/dev");
    const std::set<std::string> inside = entries_inside({"--device=all"}, "/dev");
    EXPECT_EQ(inside, host);
    const std::string options = mount_options(probe_app({"--device=all"}, {"report"}), "/dev");
    EXPECT_THAT(options, ::testing::HasSubstr("nosuid"));
    EXPECT_THAT(options, ::testing::Not(::testing::HasSubstr("nodev")));
    for (const char* node : {"vda", "loop0", "kvm"}) {
        if (host.count(node)) {
            EXPECT_TRUE(inside.count(node)) << node;
        }
    }
}

TEST_F(Devices, ShmIsPrivateWithoutTheGrant) {
    HostShmFile from_host("from-host");
    HostShmFile from_inside("from-inside");
    write_file(from_host.path(), "host");
    for (const auto& options : {std::vector<std::string>{}, {"--device=all"}}) {
        const std::string label = options.empty() ? "default" : options[0];
        EXPECT_EQ(exists_inside(options, from_host.path()), "0") << label;
        EXPECT_EQ(exists_inside(options, "/dev/shm"), "1") << label;
        EXPECT_EQ(value_of(probe_app(options, {"write", from_inside.path()}), "write"), "ok")
            << label;
        EXPECT_FALSE(fs::exists(from_inside.path())) << label;
    }
}

TEST_F(Devices, ShmGrantedIsTheHostsBothWays) {
    for (const auto& options :
         {std::vector<std::string>{"--device=shm"}, {"--device=all", "--device=shm"}}) {
        const std::string label = options.back() + " " + options.front();
        HostShmFile from_host("from-host");
        HostShmFile from_inside("from-inside");
        write_file(from_host.path(), "host");
        EXPECT_EQ(exists_inside(options, from_host.path()), "1") << label;
        EXPECT_EQ(value_of(probe_app(options, {"write", from_inside.path()}), "write"), "ok")
            << label;
        EXPECT_TRUE(fs::exists(from_inside.path())) << label;
    }
}

}  // namespace
}  // namespace sandbox::test
