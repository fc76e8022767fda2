#include "session/support/xvfb_server.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>

namespace sandbox::test {
namespace {

constexpr const char* kSocketDir = "/tmp/.X11-unix";
constexpr auto kStartTimeout = 30s;
constexpr auto kStopTimeout = 10s;

std::string lock_path(unsigned number) {
    return "/tmp/.X" + std::to_string(number) + "-lock";
}

}  // namespace

std::string random_cookie() {
    std::ifstream random("/dev/urandom", std::ios::binary);
    unsigned char bytes[16] = {};
    random.read(reinterpret_cast<char*>(bytes), sizeof bytes);
    std::string hex;
    for (unsigned char byte : bytes) {
        char digits[3];
        std::snprintf(digits, sizeof digits, "%02x", byte);
        hex += digits;
    }
    return hex;
}

void add_cookie(const std::filesystem::path& file, const std::string& display,
                const std::string& cookie) {
    CommandResult result =
        run_command({"xauth", "-f", file.string(), "add", display, "MIT-MAGIC-COOKIE-1", cookie});
    EXPECT_EQ(result.status, 0) << "xauth add " << display << ": " << result.err;
}

std::string list_cookies(const std::filesystem::path& file) {
    CommandResult result = run_command({"xauth", "-f", file.string(), "list"});
    EXPECT_EQ(result.status, 0) << "xauth list: " << result.err;
    return result.out;
}

XvfbServer::XvfbServer(const std::filesystem::path& dir) : cookie_(random_cookie()) {
    if (!prepare_socket_dir()) return;
    const std::filesystem::path auth_file = dir / "xvfb-auth";
    // The server takes every cookie of its auth file, whatever display it names.
    add_cookie(auth_file, ":0", cookie_);
    start(auth_file);
}

// Xvfb makes /tmp/.X11-unix itself when it can; made here so that it goes away afterwards (and
// so that a /tmp where it cannot be made skips the test with a reason).
bool XvfbServer::prepare_socket_dir() {
    struct stat st {};
    if (::lstat(kSocketDir, &st) == 0) {
        if (S_ISDIR(st.st_mode) && ::access(kSocketDir, W_OK | X_OK) == 0) return true;
        skip_reason_ = std::string(kSocketDir) + " is not a directory this user can write to";
        return false;
    }
    if (::mkdir(kSocketDir, 01777) == 0) {
        ::chmod(kSocketDir, 01777);  // past the umask
        return true;
    }
    if (errno == EEXIST) return true;  // a test running alongside was first
    skip_reason_ = std::string("Can't make ") + kSocketDir + " for Xvfb: " + strerror(errno);
    return false;
}

void XvfbServer::start(const std::filesystem::path& auth_file) {
    CommandOptions options;
    options.environment = std::vector<std::string>{"PATH=/usr/bin:/bin"};
    process_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{"Xvfb", "-displayfd", "1", "-auth", auth_file.string(),
                                 "-nolisten", "tcp", "-screen", "0", "320x240x24"},
        options);
    if (!process_->wait_for_output("\n", kStartTimeout)) {
        ADD_FAILURE() << "Xvfb did not say which display it took";
        return;
    }
    number_ = static_cast<unsigned>(std::stoul(process_->output_so_far()));
    ready_ = true;
}

std::string XvfbServer::socket_path() const {
    return std::string(kSocketDir) + "/X" + std::to_string(number_);
}

XvfbServer::~XvfbServer() {
    if (process_) {
        process_->signal(SIGTERM);
        CommandResult result = process_->finish(kStopTimeout);
        if (result.timed_out) ADD_FAILURE() << "Xvfb did not stop on SIGTERM";
        // Xvfb removes both itself; after a SIGKILL they are left.
        if (ready_ && result.timed_out) {
            ::unlink(socket_path().c_str());
            ::unlink(lock_path(number_).c_str());
        }
    }
    // Made by a test (ours or one running alongside, which made it first): the last one out
    // removes it; rmdir fails, harmlessly, while a server still has its socket there.
    struct stat st {};
    if (::lstat(kSocketDir, &st) == 0 && st.st_uid == ::getuid() && ::getuid() != 0)
        ::rmdir(kSocketDir);
}

}  // namespace sandbox::test
