// The clipboard portal on a real bus, called by a host client (this test process: the host is
// always granted), with the host clipboard on a real Xvfb. Sandboxed callers (the permission
// flow) are tested through `sandbox run` in tests/portal.

#include <gtest/gtest.h>
#include <sys/socket.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <sdbus-c++/sdbus-c++.h>

#include "clipboard/clipboard_fixture.hpp"
#include "clipboard/clipboard_test_support.hpp"
#include "clipboard/x11_session.hpp"
#include "clipboard_portal.hpp"
#include "clipboard_transfer.hpp"
#include "session/support/private_bus.hpp"
#include "support/command.hpp"

namespace sandbox::test {
namespace {

using namespace std::chrono_literals;

constexpr const char* kPortalName = "org.freedesktop.portal.Desktop";
constexpr const char* kDesktopPath = "/org/freedesktop/portal/desktop";
constexpr const char* kClipboardInterface = "org.sandbox.portal.Clipboard";

class ClipboardPortalOnBus : public ClipboardTest {
  protected:
    void SetUp() override {
        ClipboardTest::SetUp();
        x11_ = std::make_unique<X11Session>(dir());
        if (!x11_->skip_reason().empty()) GTEST_SKIP() << x11_->skip_reason();
        ASSERT_TRUE(x11_->ready());

        bus_ = PrivateBus::start_session(dir());
        ASSERT_TRUE(bus_);
        start_portal();
        client_ = sdbus::createSessionBusConnectionWithAddress(bus_->address());
        client_->enterEventLoopAsync();
        proxy_ = sdbus::createProxy(*client_, kPortalName, kDesktopPath);
        proxy_->finishRegistration();
    }

    void TearDown() override {
        proxy_.reset();
        if (client_) client_->leaveEventLoop();
        client_.reset();
        if (server_) server_->leaveEventLoop();
        portal_.reset();
        requests_.reset();
        callers_.reset();
        object_.reset();
        server_.reset();
        bus_.reset();
        x11_.reset();
        ClipboardTest::TearDown();
    }

    void start_portal() {
        server_ = sdbus::createSessionBusConnectionWithAddress(bus_->address());
        object_ = sdbus::createObject(*server_, kDesktopPath);
        requests_ = std::make_unique<portals::Requests>(*server_);
        callers_ = std::make_unique<portals::CallerIdentifier>(*server_, dir() / "instances");
        portal_ = std::make_unique<portals::ClipboardPortal>(
            *object_, *requests_, *callers_,
            [this](const std::string& app_id) -> std::optional<bool> {
                ++loads_;
                auto found = grants_.find(app_id);
                if (found == grants_.end()) return std::nullopt;
                return found->second;
            },
            [this](const std::string& app_id, bool granted) { grants_[app_id] = granted; },
            portals::make_host_clipboard_from_environment());
        object_->finishRegistration();
        server_->requestName(kPortalName);
        server_->enterEventLoopAsync();
    }

    CommandResult host_xclip(const std::vector<std::string>& args) {
        std::vector<std::string> argv{"xclip", "-selection", "clipboard"};
        argv.insert(argv.end(), args.begin(), args.end());
        CommandOptions options;
        options.environment = x11_->environment();
        options.timeout = 10s;
        return run_command(argv, options);
    }

    void write(const std::string& type, const sdbus::UnixFd& fd) {
        proxy_->callMethod("Write").onInterface(kClipboardInterface).withArguments(type, fd);
    }

    std::string read(const std::string& type) {
        sdbus::UnixFd fd;
        proxy_->callMethod("Read")
            .onInterface(kClipboardInterface)
            .withArguments(type)
            .storeResultsTo(fd);
        auto content = read_all(fd.get());
        EXPECT_TRUE(content.ok());
        return content.ok() ? *content : std::string();
    }

    std::string error_of(const std::function<void()>& call) {
        try {
            call();
        } catch (const sdbus::Error& error) {
            return error.getName();
        }
        return "no error";
    }

    std::unique_ptr<X11Session> x11_;
    std::unique_ptr<PrivateBus> bus_;
    std::unique_ptr<sdbus::IConnection> server_;
    std::unique_ptr<sdbus::IObject> object_;
    std::unique_ptr<portals::Requests> requests_;
    std::unique_ptr<portals::CallerIdentifier> callers_;
    std::unique_ptr<portals::ClipboardPortal> portal_;
    std::map<std::string, bool> grants_;
    int loads_ = 0;
    std::unique_ptr<sdbus::IConnection> client_;
    std::unique_ptr<sdbus::IProxy> proxy_;
};

TEST_F(ClipboardPortalOnBus, WriteTakesTheHostClipboardBeforeItReturns) {
    auto content = content_file("hello");
    write("text/plain", sdbus::UnixFd(content.get()));
    const auto pasted = host_xclip({"-t", "text/plain", "-o"});
    EXPECT_EQ(pasted.status, 0) << pasted.err;
    EXPECT_EQ(pasted.out, "hello");
}

TEST_F(ClipboardPortalOnBus, WriteFromAPipeTheClientFillsAfterCalling) {
    auto pipe = TestPipe::make();
    std::jthread writer([fd = std::move(pipe.write_end)] {
        std::this_thread::sleep_for(200ms);
        (void)write_all(fd.get(), "written late");
    });
    write("text/plain", sdbus::UnixFd(pipe.read_end.get()));
    EXPECT_EQ(host_xclip({"-t", "text/plain", "-o"}).out, "written late");
}

TEST_F(ClipboardPortalOnBus, ReadAndGetMimeTypesSeeWhatWasWritten) {
    auto content = content_file("<i>x</i>");
    write("text/html", sdbus::UnixFd(content.get()));
    EXPECT_EQ(read("text/html"), "<i>x</i>");

    std::vector<std::string> types;
    proxy_->callMethod("GetMimeTypes").onInterface(kClipboardInterface).storeResultsTo(types);
    EXPECT_EQ(types, std::vector<std::string>{"text/html"});
}

TEST_F(ClipboardPortalOnBus, RefusesBadMimeTypesAndFds) {
    auto content = content_file("x");
    EXPECT_EQ(error_of([&] { read("-o"); }), "org.freedesktop.portal.Error.InvalidArgument");
    EXPECT_EQ(error_of([&] { write("text plain", sdbus::UnixFd(content.get())); }),
              "org.freedesktop.portal.Error.InvalidArgument");

    int pair[2];
    ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
    UniqueFd socket_a(pair[0]);
    UniqueFd socket_b(pair[1]);
    EXPECT_EQ(error_of([&] { write("text/plain", sdbus::UnixFd(socket_a.get())); }),
              "org.freedesktop.portal.Error.InvalidArgument");
    UniqueFd write_only = open_or_die("/dev/null", O_WRONLY | O_CLOEXEC);
    EXPECT_EQ(error_of([&] { write("text/plain", sdbus::UnixFd(write_only.get())); }),
              "org.freedesktop.portal.Error.InvalidArgument");
}

TEST_F(ClipboardPortalOnBus, OversizedContentIsRefusedAndTheClipboardKept) {
    auto first = content_file("kept");
    write("text/plain", sdbus::UnixFd(first.get()));
    UniqueFd large(memfd_create("large", MFD_CLOEXEC));
    ASSERT_EQ(ftruncate(large.get(), static_cast<off_t>(portals::kMaxClipboardContent) + 1), 0);
    EXPECT_EQ(error_of([&] { write("text/plain", sdbus::UnixFd(large.get())); }),
              "org.freedesktop.portal.Error.Failed");
    EXPECT_EQ(host_xclip({"-t", "text/plain", "-o"}).out, "kept");
}

TEST_F(ClipboardPortalOnBus, TheHostIsGrantedAtOnceWithoutAskingOrRemembering) {
    const std::string sender = client_->getUniqueName();
    std::string element = sender.substr(1);
    for (char& c : element)
        if (c == '.') c = '_';
    const std::string handle = std::string(kDesktopPath) + "/request/" + element + "/clip1";

    std::mutex mutex;
    std::condition_variable answered;
    std::optional<std::pair<std::uint32_t, bool>> response;
    auto request = sdbus::createProxy(*client_, kPortalName, handle);
    request->uponSignal("Response")
        .onInterface("org.freedesktop.portal.Request")
        .call([&](std::uint32_t code, const std::map<std::string, sdbus::Variant>& results) {
            std::lock_guard lock(mutex);
            response = {code, results.at("granted").get<bool>()};
            answered.notify_all();
        });
    request->finishRegistration();

    sdbus::ObjectPath returned;
    proxy_->callMethod("RequestAccess")
        .onInterface(kClipboardInterface)
        .withArguments(std::string(),
                       std::map<std::string, sdbus::Variant>{
                           {"handle_token", sdbus::Variant(std::string("clip1"))}})
        .storeResultsTo(returned);
    EXPECT_EQ(std::string(returned), handle);

    std::unique_lock lock(mutex);
    ASSERT_TRUE(answered.wait_for(lock, 10s, [&] { return response.has_value(); }));
    EXPECT_EQ(response->first, 0u);
    EXPECT_TRUE(response->second);
    EXPECT_EQ(loads_, 0);
    EXPECT_TRUE(grants_.empty());
}

TEST_F(ClipboardPortalOnBus, ReportsVersionOne) {
    const auto version = proxy_->getProperty("version").onInterface(kClipboardInterface);
    EXPECT_EQ(version.get<std::uint32_t>(), 1u);
}

}  // namespace
}  // namespace sandbox::test
