#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>

#include "sandbox/instances/instance.hpp"
#include "sandbox/portals/caller.hpp"

namespace sandbox::portals {
namespace {

namespace fs = std::filesystem;

std::string info_for(const std::string& instance_id, const std::string& app_id = "org.test.App") {
    return "[Application]\nname=" + app_id +
           "\nruntime=runtime/org.test.Platform/x86_64/stable\n\n"
           "[Instance]\ninstance-id=" +
           instance_id + "\napp-path=/srv/app\nruntime-path=/srv/runtime\n";
}

// A running instance as `sandbox run` keeps one, in a child process: the registry's lock is an
// fcntl lock, which its own holder cannot see.
class InstanceInChild {
  public:
    explicit InstanceInChild(const fs::path& dir) {
        int ready[2];
        if (::pipe(ready) != 0) return;
        pid_ = ::fork();
        if (pid_ == 0) {
            auto instance = instances::RunningInstance::create(dir);
            if (!instance || !instance->write_info(info_for(instance->id()))) ::_exit(1);
            const std::string id = instance->id() + "\n";
            if (::write(ready[1], id.data(), id.size()) < 0) ::_exit(1);
            ::pause();
            ::_exit(0);
        }
        ::close(ready[1]);
        char buffer[64] = {};
        const ssize_t length = ::read(ready[0], buffer, sizeof buffer - 1);
        ::close(ready[0]);
        if (length > 1) id_.assign(buffer, static_cast<std::size_t>(length - 1));
    }
    ~InstanceInChild() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
    }
    [[nodiscard]] const std::string& id() const { return id_; }

  private:
    pid_t pid_ = -1;
    std::string id_;
};

class CallerInfoTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("caller-info-" + std::to_string(::getpid()));
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    fs::path dir_;
};

TEST_F(CallerInfoTest, BelievesTheInfoOfARunningInstanceWordForWord) {
    InstanceInChild instance(dir_);
    ASSERT_FALSE(instance.id().empty());
    auto caller = sandboxed_caller_from_info(info_for(instance.id()), dir_);
    ASSERT_TRUE(caller) << caller.error().message();
    EXPECT_FALSE(caller->is_host());
    EXPECT_EQ(caller->app_id, "org.test.App");
    EXPECT_EQ(caller->instance_id, instance.id());
    EXPECT_EQ(caller->app_path, "/srv/app");
    EXPECT_EQ(caller->runtime_path, "/srv/runtime");
}

TEST_F(CallerInfoTest, RefusesAppIdsThatAreNotReverseDnsNamesEvenWhenRecorded) {
    for (const char* app_id : {"../../etc", "org..test", ".org.test", "org", "org.test/x"}) {
        InstanceInChild instance(dir_);
        ASSERT_FALSE(instance.id().empty());
        ASSERT_TRUE(fs::exists(dir_ / instance.id() / "info"));
        // The registry holds exactly what the caller shows: only the id itself is wrong.
        const std::string info = info_for(instance.id(), app_id);
        { std::ofstream(dir_ / instance.id() / "info", std::ios::trunc) << info; }
        EXPECT_FALSE(sandboxed_caller_from_info(info, dir_)) << app_id;
        const std::string good = info_for(instance.id());
        { std::ofstream(dir_ / instance.id() / "info", std::ios::trunc) << good; }
        EXPECT_TRUE(sandboxed_caller_from_info(good, dir_)) << app_id;
    }
}

TEST_F(CallerInfoTest, RefusesInfoThatDiffersFromTheRegistry) {
    InstanceInChild instance(dir_);
    ASSERT_FALSE(instance.id().empty());
    std::string forged = info_for(instance.id());
    forged.replace(forged.find("org.test.App"), 12, "org.test.Bad");
    EXPECT_FALSE(sandboxed_caller_from_info(forged, dir_));
}

TEST_F(CallerInfoTest, RefusesUnknownEndedAndMalformedInstances) {
    EXPECT_FALSE(sandboxed_caller_from_info(info_for("123"), dir_));
    EXPECT_FALSE(sandboxed_caller_from_info(info_for("../x"), dir_));
    EXPECT_FALSE(sandboxed_caller_from_info("", dir_));
    EXPECT_FALSE(sandboxed_caller_from_info("not a keyfile", dir_));
    std::string id;
    {
        auto instance = instances::RunningInstance::create(dir_);
        ASSERT_TRUE(instance);
        id = instance->id();
        ASSERT_TRUE(instance->write_info(info_for(id)));
        // Kept as a killed `sandbox run` leaves it: a directory whose .ref nobody locks.
        fs::copy(instance->dir(), dir_ / "left-over", fs::copy_options::recursive);
    }
    fs::rename(dir_ / "left-over", dir_ / id);
    const std::string ended_info = info_for(id);
    EXPECT_FALSE(sandboxed_caller_from_info(ended_info, dir_));
}

}  // namespace
}  // namespace sandbox::portals
