// What the app sees inside a sandbox: files, mounts, processes, fds, identity, privileges, and the
// results of the options that shape its view (catalog S12-S16).

#include <fcntl.h>
#include <gmock/gmock.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "integration/mountinfo.hpp"
#include "support/sandbox_test.hpp"

namespace sandbox::test {
namespace {

class Isolation : public SandboxTest {
  protected:
    KeyValues stat_in_sandbox(const std::vector<std::string>& options, const std::string& path) {
        return probe_report(options, {"stat", path});
    }

    std::string write_in_sandbox(const std::vector<std::string>& options, const std::string& path) {
        return value_of(probe_report(options, {"write", path}), "write").value_or("<none>");
    }

    std::vector<MountEntry> mounts_in_sandbox(const std::vector<std::string>& options) {
        return parse_mounts(values_of(probe_report(options, {"report"}), "mount"));
    }
};

std::set<int> open_fds(const KeyValues& report) {
    std::set<int> fds;
    for (const auto& entry : values_of(report, "fd")) fds.insert(std::stoi(entry));
    return fds;
}

std::set<std::string> as_set(const std::vector<std::string>& values) {
    return {values.begin(), values.end()};
}

const MountEntry* find_mount(const std::vector<MountEntry>& mounts, const std::string& point) {
    auto found = std::find_if(mounts.begin(), mounts.end(),
                              [&](const MountEntry& entry) { return entry.mount_point == point; });
    return found == mounts.end() ? nullptr : &*found;
}

bool is_under_dev(const std::string& mount_point) {
    return mount_point.rfind("/dev/", 0) == 0;
}

// --- the filesystem view ---

// Pid 1 is a fork of the launcher, which ran with the caller's environment: what --unsetenv took
// from the app must not be readable through /proc/1 (catalog S13).
TEST_F(Isolation, PidOnesEnvironmentAndExeAreOutOfTheAppsReach) {
    if (is_bwrap()) GTEST_SKIP() << "bwrap 0.8's pid 1 stays dumpable: the app reads its environ";
    CommandOptions options;
    options.environment =
        std::vector<std::string>{"PATH=/usr/bin:/bin", "SANDBOX_TEST_SECRET=hunter2"};
    for (const char* file : {"/proc/1/environ", "/proc/1/mem", "/proc/1/exe"}) {
        CommandResult result =
            run_probe({"--unshare-pid", "--proc", "/proc", "--unsetenv", "SANDBOX_TEST_SECRET"},
                      {"cat", file}, options);
        EXPECT_NE(result.status, 0) << file << ": " << result.out;
        EXPECT_THAT(result.out, ::testing::HasSubstr("cat=EACCES")) << file;
        EXPECT_THAT(result.out, ::testing::Not(::testing::HasSubstr("hunter2"))) << file;
    }
    // The app's own environment is readable by the app, and has no secret.
    CommandResult own =
        run_probe({"--unshare-pid", "--proc", "/proc", "--unsetenv", "SANDBOX_TEST_SECRET"},
                  {"cat", "/proc/self/environ"}, options);
    EXPECT_EQ(own.status, 0) << own.err;
    EXPECT_THAT(own.out, ::testing::Not(::testing::HasSubstr("hunter2")));
}

TEST_F(Isolation, HostFileOutsideTheBindsIsAbsent) {
    write_file(scratch() / "marker", "secret\n");

    EXPECT_EQ(value_of(stat_in_sandbox({}, scratch() / "marker"), "exists"), "0");
    EXPECT_EQ(value_of(stat_in_sandbox({}, "/etc/passwd"), "exists"), "0");
    EXPECT_EQ(value_of(stat_in_sandbox({}, probe_path()), "exists"), "0");
}

TEST_F(Isolation, RootHoldsOnlyWhatWasAskedFor) {
    auto report = stat_in_sandbox({}, "/");
    EXPECT_EQ(as_set(values_of(report, "entry")),
              (std::set<std::string>{"probe", "proc", "dev", "tmp"}));
}

TEST_F(Isolation, HostFileInsideABindIsVisible) {
    write_file(scratch() / "marker", "secret\n");

    auto report = stat_in_sandbox({"--ro-bind", scratch(), "/host"}, "/host/marker");

    EXPECT_EQ(value_of(report, "exists"), "1");
    EXPECT_EQ(value_of(report, "type"), "file");
}

TEST_F(Isolation, ReadOnlyBindRefusesWritesWithErofs) {
    write_file(scratch() / "existing", "original\n");
    std::vector<std::string> options{"--ro-bind", scratch(), "/ro"};

    EXPECT_EQ(write_in_sandbox(options, "/ro/new"), "EROFS");
    EXPECT_EQ(write_in_sandbox(options, "/ro/existing"), "EROFS");
    EXPECT_EQ(value_of(probe_report(options, {"mkdir", "/ro/dir"}), "mkdir"), "EROFS");
    EXPECT_FALSE(std::filesystem::exists(scratch() / "new"));
    EXPECT_EQ(read_file(scratch() / "existing"), "original\n");
}

TEST_F(Isolation, ReadWriteBindWritesReachTheHost) {
    EXPECT_EQ(write_in_sandbox({"--bind", scratch(), "/rw"}, "/rw/new"), "ok");
    EXPECT_EQ(read_file(scratch() / "new"), "probe\n");
}

// The host's /dev has submounts (/dev/shm, a world-writable tmpfs): a read-only bind of /dev must
// make them read-only too.
TEST_F(Isolation, ReadOnlyBindIsReadOnlyInSubmountsToo) {
    auto host_mounts = parse_mounts(HostState::capture().mounts);
    if (find_mount(host_mounts, "/dev/shm") == nullptr) GTEST_SKIP() << "no /dev/shm mount here";
    std::string name =
        "sandbox-probe-" + std::to_string(getpid()) + "-" + scratch().filename().string();

    std::string result =
        write_in_sandbox({"--ro-bind", "/dev", "/hostdev"}, "/hostdev/shm/" + name);

    std::error_code ignored;
    bool reached_host = std::filesystem::remove("/dev/shm/" + name, ignored);
    EXPECT_EQ(result, "EROFS");
    EXPECT_FALSE(reached_host);
}

TEST_F(Isolation, RemountRoMakesABindReadOnly) {
    EXPECT_EQ(write_in_sandbox({"--bind", scratch(), "/w", "--remount-ro", "/w"}, "/w/new"),
              "EROFS");
    EXPECT_FALSE(std::filesystem::exists(scratch() / "new"));
}

// --- mounts ---

std::vector<std::string> every_kind_of_mount() {
    return {"--ro-bind", "/usr",       "/usr",      "--bind",       "/var/tmp",
            "/rw",       "--dev-bind", "/dev/null", "/devnull",     "--tmpfs",
            "/t",        "--dir",      "/t/d",      "--remount-ro", "/t"};
}

TEST_F(Isolation, EveryMountIsNosuid) {
    for (const auto& mount : mounts_in_sandbox(every_kind_of_mount())) {
        EXPECT_TRUE(mount.options.count("nosuid")) << mount.line;
    }
}

// Device nodes under /dev (and --dev-bind) are the only mounts allowed to lack nodev.
TEST_F(Isolation, EveryMountButDevicesIsNodev) {
    for (const auto& mount : mounts_in_sandbox(every_kind_of_mount())) {
        if (is_under_dev(mount.mount_point) || mount.mount_point == "/devnull") continue;
        EXPECT_TRUE(mount.options.count("nodev")) << mount.line;
    }
}

TEST_F(Isolation, ProcIsNosuidNodevNoexec) {
    auto mounts = mounts_in_sandbox({});
    const MountEntry* proc = find_mount(mounts, "/proc");
    ASSERT_NE(proc, nullptr);
    EXPECT_EQ(proc->fs_type, "proc");
    for (const char* option : {"nosuid", "nodev", "noexec"}) {
        EXPECT_TRUE(proc->options.count(option)) << proc->line;
    }
}

TEST_F(Isolation, NoMountIsShared) {
    for (const auto& mount : mounts_in_sandbox(every_kind_of_mount())) {
        for (const auto& tag : mount.propagation) {
            EXPECT_NE(tag.rfind("shared:", 0), 0u) << mount.line;
        }
    }
}

// --- processes, fds, identity ---

TEST_F(Isolation, OnlyTheSandboxPidsAreVisible) {
    auto report = probe_report({}, {"report"});
    std::string own_pid = value_of(report, "pid").value_or("?");

    EXPECT_NE(own_pid, "1");
    EXPECT_EQ(as_set(values_of(report, "proc")), (std::set<std::string>{"1", own_pid}));
}

TEST_F(Isolation, AsPid1LeavesOnlyTheApp) {
    auto report = probe_report({"--as-pid-1"}, {"report"});

    EXPECT_EQ(value_of(report, "pid"), "1");
    EXPECT_EQ(as_set(values_of(report, "proc")), (std::set<std::string>{"1"}));
}

TEST_F(Isolation, OnlyStandardFdsAreOpen) {
    EXPECT_EQ(open_fds(probe_report({}, {"report"})), (std::set<int>{0, 1, 2}));
}

// As with bwrap, fds the launcher inherits without close-on-exec reach the app.
TEST_F(Isolation, InheritedFdReachesTheApp) {
    UniqueFd data = data_fd("inherited\n");
    CommandOptions options;
    options.extra_fds = {{data.get(), 5}};

    EXPECT_EQ(open_fds(probe_report({}, {"report"}, options)), (std::set<int>{0, 1, 2, 5}));
}

TEST_F(Isolation, LauncherFdsDoNotReachTheApp) {
    UniqueFd info = open_or_die(scratch() / "info", O_WRONLY | O_CREAT);
    UniqueFd status = open_or_die(scratch() / "status", O_WRONLY | O_CREAT);
    UniqueFd sync = data_fd("");
    UniqueFd file = data_fd("file\n");
    UniqueFd ro_data = data_fd("ro-data\n");
    CommandOptions options;
    options.extra_fds = {
        {info.get(), 5}, {status.get(), 6}, {sync.get(), 7}, {file.get(), 8}, {ro_data.get(), 9}};

    auto report = probe_report({"--info-fd", "5", "--json-status-fd", "6", "--sync-fd", "7",
                                "--file", "8", "/f", "--ro-bind-data", "9", "/g"},
                               {"report"}, options);

    EXPECT_EQ(open_fds(report), (std::set<int>{0, 1, 2}));
}

TEST_F(Isolation, IdentityIsTheUsers) {
    auto report = probe_report({}, {"report"});

    EXPECT_EQ(value_of(report, "uid"), std::to_string(getuid()));
    EXPECT_EQ(value_of(report, "euid"), std::to_string(getuid()));
    EXPECT_EQ(value_of(report, "gid"), std::to_string(getgid()));
    EXPECT_EQ(value_of(report, "egid"), std::to_string(getgid()));
}

TEST_F(Isolation, UidAndGidOptionsChangeTheIdentity) {
    auto report = probe_report({"--uid", "1234", "--gid", "5678"}, {"report"});

    EXPECT_EQ(value_of(report, "uid"), "1234");
    EXPECT_EQ(value_of(report, "euid"), "1234");
    EXPECT_EQ(value_of(report, "gid"), "5678");
    EXPECT_EQ(value_of(report, "egid"), "5678");
}

TEST_F(Isolation, NoCapabilitiesAndNoNewPrivileges) {
    auto report = probe_report({}, {"report"});

    for (const char* set : {"CapEff", "CapPrm", "CapBnd", "CapInh", "CapAmb"}) {
        EXPECT_EQ(value_of(report, set), "0000000000000000") << set;
    }
    EXPECT_EQ(value_of(report, "NoNewPrivs"), "1");
}

TEST_F(Isolation, HostnameIsSetInItsOwnUtsNamespace) {
    auto report = probe_report({"--unshare-uts", "--hostname", "probe-host"}, {"report"});
    EXPECT_EQ(value_of(report, "hostname"), "probe-host");
}

TEST_F(Isolation, ChdirSetsTheWorkingDirectory) {
    auto report = probe_report({"--dir", "/work/here", "--chdir", "/work/here"}, {"report"});
    EXPECT_EQ(value_of(report, "cwd"), "/work/here");
}

// --- environment ---

CommandOptions with_environment(std::vector<std::string> environment) {
    CommandOptions options;
    options.environment = std::move(environment);
    return options;
}

TEST_F(Isolation, SetenvSetsAVariable) {
    auto report = probe_report({"--setenv", "PROBE_SET", "hello world"}, {"getenv", "PROBE_SET"});
    EXPECT_EQ(value_of(report, "value"), "hello world");
}

TEST_F(Isolation, UnsetenvRemovesAVariable) {
    auto report = probe_report({"--unsetenv", "PROBE_DROP"}, {"getenv", "PROBE_DROP"},
                               with_environment({"PROBE_DROP=1", "PATH=/usr/bin:/bin"}));
    EXPECT_EQ(value_of(report, "unset"), "PROBE_DROP");
}

TEST_F(Isolation, InheritedVariableReachesTheApp) {
    auto report = probe_report({}, {"getenv", "PROBE_KEEP"},
                               with_environment({"PROBE_KEEP=kept", "PATH=/usr/bin:/bin"}));
    EXPECT_EQ(value_of(report, "value"), "kept");
}

// bwrap sets PWD after the chdir even with --clearenv; nothing else may come from outside.
TEST_F(Isolation, ClearenvLeavesOnlyWhatIsSetAfterIt) {
    auto report = probe_report({"--clearenv", "--setenv", "ONLY", "yes"}, {"env"},
                               with_environment({"PROBE_KEEP=kept", "PATH=/usr/bin:/bin"}));

    std::set<std::string> names;
    for (const auto& entry : values_of(report, "env"))
        names.insert(entry.substr(0, entry.find('=')));
    names.erase("PWD");
    EXPECT_EQ(names, (std::set<std::string>{"ONLY"}));
}

// --- created content: tmpfs, dirs, symlinks, files, permissions ---

TEST_F(Isolation, TmpfsIsAnEmptyDirectory) {
    auto report = stat_in_sandbox({"--tmpfs", "/t"}, "/t");

    EXPECT_EQ(value_of(report, "type"), "dir");
    EXPECT_EQ(value_of(report, "mode"), "755");
    EXPECT_TRUE(values_of(report, "entry").empty());
}

TEST_F(Isolation, PermsSetTheModeOfATmpfs) {
    EXPECT_EQ(value_of(stat_in_sandbox({"--perms", "0700", "--tmpfs", "/t"}, "/t"), "mode"), "700");
}

TEST_F(Isolation, SizeLimitsATmpfs) {
    auto mounts = mounts_in_sandbox({"--size", "1048576", "--tmpfs", "/sized"});
    const MountEntry* mount = find_mount(mounts, "/sized");
    ASSERT_NE(mount, nullptr);
    EXPECT_TRUE(mount->super_options.count("size=1024k")) << mount->line;
}

TEST_F(Isolation, DirCreatesADirectory) {
    auto report = stat_in_sandbox({"--dir", "/a/b"}, "/a/b");

    EXPECT_EQ(value_of(report, "type"), "dir");
    EXPECT_EQ(value_of(report, "mode"), "755");
}

TEST_F(Isolation, PermsSetTheModeOfADir) {
    EXPECT_EQ(value_of(stat_in_sandbox({"--perms", "0710", "--dir", "/d"}, "/d"), "mode"), "710");
}

TEST_F(Isolation, ChmodChangesTheMode) {
    auto report = stat_in_sandbox({"--dir", "/d", "--chmod", "0700", "/d"}, "/d");
    EXPECT_EQ(value_of(report, "mode"), "700");
}

TEST_F(Isolation, SymlinkCreatesALink) {
    auto report = stat_in_sandbox({"--symlink", "../some/target", "/link"}, "/link");

    EXPECT_EQ(value_of(report, "type"), "symlink");
    EXPECT_EQ(value_of(report, "target"), "../some/target");
}

class DataFileOption : public Isolation {
  protected:
    CommandResult run_with_data(const std::vector<std::string>& options,
                                const std::vector<std::string>& probe_args) {
        UniqueFd data = data_fd("data from the host\n");
        CommandOptions command_options;
        command_options.extra_fds = {{data.get(), 5}};
        return run_probe(options, probe_args, command_options);
    }

    std::string content_of(const std::vector<std::string>& options, const std::string& path) {
        CommandResult result = run_with_data(options, {"cat", path});
        EXPECT_EQ(result.status, 0) << result.err;
        return result.out;
    }

    KeyValues report_of(const std::vector<std::string>& options,
                        const std::vector<std::string>& probe_args) {
        CommandResult result = run_with_data(options, probe_args);
        EXPECT_EQ(result.status, 0) << result.err;
        return parse_key_values(result.out);
    }
};

TEST_F(DataFileOption, FileCopiesTheFdsContent) {
    EXPECT_EQ(content_of({"--file", "5", "/f"}, "/f"), "data from the host\n");
}

TEST_F(DataFileOption, PermsSetTheModeOfAFile) {
    auto report = report_of({"--perms", "0640", "--file", "5", "/f"}, {"stat", "/f"});
    EXPECT_EQ(value_of(report, "mode"), "640");
}

TEST_F(DataFileOption, BindDataIsWritable) {
    EXPECT_EQ(content_of({"--bind-data", "5", "/b"}, "/b"), "data from the host\n");
    EXPECT_EQ(value_of(report_of({"--bind-data", "5", "/b"}, {"write", "/b"}), "write"), "ok");
}

TEST_F(DataFileOption, RoBindDataIsReadOnly) {
    EXPECT_EQ(content_of({"--ro-bind-data", "5", "/r"}, "/r"), "data from the host\n");
    EXPECT_EQ(value_of(report_of({"--ro-bind-data", "5", "/r"}, {"write", "/r"}), "write"),
              "EROFS");
}

// --- binding by fd ---

class BindFd : public Isolation {
  protected:
    KeyValues run_with_dir_fd(const std::vector<std::string>& options,
                              const std::vector<std::string>& probe_args) {
        write_file(scratch() / "marker", "marker\n");
        UniqueFd dir = open_or_die(scratch(), O_PATH | O_DIRECTORY);
        CommandOptions command_options;
        command_options.extra_fds = {{dir.get(), 5}};
        return probe_report(options, probe_args, command_options);
    }
};

TEST_F(BindFd, RoBindFdShowsTheDirectoryReadOnly) {
    auto report = run_with_dir_fd({"--ro-bind-fd", "5", "/byfd"}, {"stat", "/byfd"});
    EXPECT_EQ(values_of(report, "entry"), std::vector<std::string>{"marker"});

    report = run_with_dir_fd({"--ro-bind-fd", "5", "/byfd"}, {"write", "/byfd/new"});
    EXPECT_EQ(value_of(report, "write"), "EROFS");
}

TEST_F(BindFd, BindFdShowsTheDirectoryWritable) {
    auto report = run_with_dir_fd({"--bind-fd", "5", "/byfd"}, {"write", "/byfd/new"});

    EXPECT_EQ(value_of(report, "write"), "ok");
    EXPECT_EQ(read_file(scratch() / "new"), "probe\n");
}

// --- lock file, info and status fds ---

bool has_conflicting_lock(const std::filesystem::path& path) {
    UniqueFd fd = open_or_die(path, O_RDWR);
    struct flock query {};
    query.l_type = F_WRLCK;
    query.l_whence = SEEK_SET;
    if (fcntl(fd.get(), F_GETLK, &query) != 0) return false;
    return query.l_type != F_UNLCK;
}

TEST_F(Isolation, LockFileIsLockedWhileTheSandboxRuns) {
    auto lock = scratch() / "lockme";
    write_file(lock, "");
    CommandOptions options;
    options.keep_stdin_open = true;
    ChildProcess sandbox(
        sandbox_command({"--bind", lock, "/lockme", "--lock-file", "/lockme"}, {"wait-stdin"}),
        options);
    ASSERT_TRUE(sandbox.wait_for_output("ready=", 30s)) << sandbox.output_so_far();

    EXPECT_TRUE(has_conflicting_lock(lock));

    sandbox.close_stdin();
    EXPECT_EQ(sandbox.finish(30s).status, 0);
    EXPECT_FALSE(has_conflicting_lock(lock));
}

struct Pipe {
    UniqueFd read;
    UniqueFd write;
};

Pipe make_pipe() {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
    return {UniqueFd(fds[0]), UniqueFd(fds[1])};
}

std::string read_all(const UniqueFd& fd) {
    std::string text;
    char buffer[4096];
    for (ssize_t count; (count = read(fd.get(), buffer, sizeof buffer)) > 0;)
        text.append(buffer, count);
    return text;
}

std::vector<long> json_numbers(const std::string& text, const std::string& key) {
    std::vector<long> numbers;
    std::regex pattern("\"" + key + "\"\\s*:\\s*(-?[0-9]+)");
    for (std::sregex_iterator it(text.begin(), text.end(), pattern), end; it != end; ++it) {
        numbers.push_back(std::stol((*it)[1]));
    }
    return numbers;
}

// Runs the probe with `option FD` pointing at a pipe and returns what the launcher wrote to it.
std::string output_of_fd_option(const std::string& option,
                                const std::vector<std::string>& probe_args, int* status) {
    Pipe pipe = make_pipe();
    CommandOptions options;
    options.extra_fds = {{pipe.write.get(), 5}};
    CommandResult result = run_command(sandbox_command({option, "5"}, probe_args), options);
    *status = result.status;
    pipe.write.reset();
    return read_all(pipe.read);
}

TEST_F(Isolation, InfoFdGivesTheChildPid) {
    int status = -1;
    std::string info = output_of_fd_option("--info-fd", {"exit", "0"}, &status);

    EXPECT_EQ(status, 0);
    auto pids = json_numbers(info, "child-pid");
    ASSERT_EQ(pids.size(), 1u) << info;
    EXPECT_GT(pids[0], 0);
}

TEST_F(Isolation, JsonStatusFdGivesTheChildPidAndTheExitCode) {
    int status = -1;
    std::string json = output_of_fd_option("--json-status-fd", {"exit", "3"}, &status);

    EXPECT_EQ(status, 3);
    EXPECT_EQ(json_numbers(json, "child-pid").size(), 1u) << json;
    EXPECT_EQ(json_numbers(json, "exit-code"), std::vector<long>{3}) << json;
}

// --- overlays (bwrap 0.8.0 has none of these options) ---

class Overlay : public Isolation {
  protected:
    void SetUp() override {
        Isolation::SetUp();
        if (is_bwrap()) GTEST_SKIP() << "Debian's bwrap 0.8.0 has no --overlay options";
        std::filesystem::create_directories(lower() / "only-lower");
        std::filesystem::create_directories(upper_src());
        write_file(lower() / "shared", "lower\n");
        write_file(upper_src() / "shared", "upper\n");
        write_file(upper_src() / "only-upper", "upper\n");
    }

    std::filesystem::path lower() const { return scratch() / "lower"; }
    std::filesystem::path upper_src() const { return scratch() / "upper"; }

    std::vector<std::string> sources() const {
        return {"--overlay-src", lower(), "--overlay-src", upper_src()};
    }

    std::vector<std::string> with(std::vector<std::string> options) const {
        auto all = sources();
        all.insert(all.end(), options.begin(), options.end());
        return all;
    }
};

TEST_F(Overlay, TmpOverlayShowsTheUnionWithTheLastSourceOnTop) {
    auto listing = stat_in_sandbox(with({"--tmp-overlay", "/o"}), "/o");
    EXPECT_EQ(as_set(values_of(listing, "entry")),
              (std::set<std::string>{"only-lower", "only-upper", "shared"}));

    CommandResult result = run_probe(with({"--tmp-overlay", "/o"}), {"cat", "/o/shared"});
    EXPECT_EQ(result.out, "upper\n") << result.err;
}

TEST_F(Overlay, TmpOverlayWritesStayInTheSandbox) {
    EXPECT_EQ(write_in_sandbox(with({"--tmp-overlay", "/o"}), "/o/new"), "ok");
    EXPECT_FALSE(std::filesystem::exists(lower() / "new"));
    EXPECT_FALSE(std::filesystem::exists(upper_src() / "new"));
}

TEST_F(Overlay, RoOverlayRefusesWrites) {
    EXPECT_EQ(write_in_sandbox(with({"--ro-overlay", "/o"}), "/o/new"), "EROFS");
}

TEST_F(Overlay, OverlayWritesGoToTheReadWriteSource) {
    auto rw = scratch() / "rw";
    auto work = scratch() / "work";
    std::filesystem::create_directories(rw);
    std::filesystem::create_directories(work);

    EXPECT_EQ(write_in_sandbox(with({"--overlay", rw, work, "/o"}), "/o/new"), "ok");
    EXPECT_EQ(read_file(rw / "new"), "probe\n");
    EXPECT_FALSE(std::filesystem::exists(lower() / "new"));
}

// --- errors: one line, status 1, nothing started ---

class LaunchError : public SandboxTest {
  protected:
    void expect_one_line_error(const std::vector<std::string>& options) {
        CommandOptions command_options;
        command_options.timeout = 20s;
        CommandResult result = run_probe(options, {"report"}, command_options);
        EXPECT_FALSE(result.timed_out) << "a process of the failed launch lingered";
        EXPECT_EQ(result.status, 1);
        EXPECT_EQ(result.out, "") << "the app must not have run";
        ASSERT_FALSE(result.err.empty());
        EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
        EXPECT_EQ(result.err.back(), '\n') << result.err;
    }
};

TEST_F(LaunchError, UnknownOption) {
    expect_one_line_error({"--no-such-option"});
}

TEST_F(LaunchError, MissingBindSource) {
    expect_one_line_error({"--ro-bind", scratch() / "absent", "/x"});
}

TEST_F(LaunchError, BadFileFd) {
    expect_one_line_error({"--file", "99", "/x"});
}

TEST_F(LaunchError, BadSeccompFd) {
    expect_one_line_error({"--seccomp", "99"});
}

TEST_F(LaunchError, BadInfoFd) {
    if (is_bwrap())
        GTEST_SKIP() << "bwrap 0.8.0 finds a bad --info-fd only after the clone, and its sandbox "
                        "child then hangs forever";
    expect_one_line_error({"--info-fd", "99"});
}

}  // namespace
}  // namespace sandbox::test
