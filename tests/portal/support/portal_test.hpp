#pragma once

// The portal tests' fixture (tests/portal/README.md). Each test gets a session of its own: a
// private dbus-daemon on which org.freedesktop.portal.Desktop, .Documents and
// org.freedesktop.impl.portal.PermissionStore are activatable and served by the frontend the test
// picks (ours, or Debian's xdg-desktop-portal with xdg-document-portal and xdg-permission-store),
// the scripted backend (portal-test-backend) owning org.freedesktop.impl.portal.Test and named in
// XDG_DESKTOP_PORTAL_DIR/test.portal (XDG_CURRENT_DESKTOP=test), the test's HOME and XDG dirs, a
// default handler for http(s) that records the URIs it gets, and an X server when asked. Apps are
// portal-client and portal-gtk-chooser, run on the host or inside `sandbox run` (the suite's
// runtime holds them with their libraries). TearDown stops the bus and every process it
// activated, and unmounts a document store left mounted.

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "session/support/private_bus.hpp"
#include "session/support/session_test.hpp"
#include "session/support/weston_server.hpp"
#include "session/support/xvfb_server.hpp"

namespace sandbox::test {

enum class Frontend {
    Ours,    // sandbox-portal of this build
    Debian,  // /usr/libexec/xdg-desktop-portal (1.16 on bookworm)
};

std::string name_of(Frontend frontend);

// One line of the backend's log: "INTERFACE.METHOD" and its NAME=VALUE fields (handle, app_id,
// parent_window, title, options (GVariant text), sender…).
struct BackendCall {
    std::string member;
    std::map<std::string, std::string> fields;

    [[nodiscard]] std::string field(const std::string& name) const;
};
std::vector<BackendCall> parse_backend_log(const std::string& text);

class PortalTest : public SessionTest {
  public:
    // "" when `frontend` can run here, else why not (for GTEST_SKIP).
    static std::string unavailable(Frontend frontend);

  protected:
    static void SetUpTestSuite();
    void SetUp() override;
    void TearDown() override;

    // An Xvfb for the apps and the frontend (DISPLAY, XAUTHORITY): call before start_portal.
    // False with the test failed or skip_reason set when there is none.
    bool start_display();
    [[nodiscard]] const XvfbServer* display() const { return xvfb_.get(); }
    // weston in a window of that X server (after start_display, before start_portal): the
    // session is then a Wayland one (WAYLAND_DISPLAY), as the portal and the apps see it.
    bool start_wayland_display();
    // The backend, then the bus with `frontend` activatable. Fails the test (ASSERT-able via
    // HasFatalFailure) when something does not start.
    void start_portal(Frontend frontend);

    // The backend's script (backend/script.hpp); read again on each call.
    void write_backend_script(const std::string& keyfile) const;
    [[nodiscard]] std::vector<BackendCall> backend_calls(const std::string& member = "") const;
    // Waits up to `timeout` for `count` calls of `member` (a Close arrives after the client ends).
    std::vector<BackendCall> wait_for_backend_calls(const std::string& member, std::size_t count,
                                                    std::chrono::milliseconds timeout = 10s) const;
    // What the frontend's processes printed (for failure messages).
    [[nodiscard]] std::string frontend_logs() const;

    // portal-client ARGS… as a host app.
    CommandResult host_client(const std::vector<std::string>& args);
    // portal-client ARGS… inside `sandbox run OPTIONS… --command=portal-client org.test.Hello`.
    CommandResult sandboxed_client(const std::vector<std::string>& args,
                                   const std::vector<std::string>& sandbox_options = {});
    // portal-gtk-chooser TITLE inside `sandbox run --socket=x11 OPTIONS…` (needs start_display()).
    CommandResult sandboxed_gtk_chooser(const std::string& title,
                                        const std::vector<std::string>& sandbox_options = {});

    // portal-gtk-chooser TITLE as a host app (GTK_USE_PORTAL=1; needs start_display()).
    CommandResult host_gtk_chooser(const std::string& title);

    // The URIs uri-recorder was launched with, once there are `count` (or the time is up).
    std::vector<std::string> recorded_uris(std::size_t count = 1,
                                           std::chrono::milliseconds timeout = 10s) const;

    // The environment of host apps and of `sandbox run`: RunTest's, the session bus, the XDG
    // dirs, the display.
    [[nodiscard]] std::vector<std::string> session_environment() const;
    [[nodiscard]] const PrivateBus& bus() const { return *bus_; }
    [[nodiscard]] std::filesystem::path documents_mount() const { return runtime_dir() / "doc"; }
    [[nodiscard]] std::filesystem::path data_home() const;
    // Where the session's desktop files are (first in XDG_DATA_DIRS): a test may add handlers
    // there before the frontend first looks.
    [[nodiscard]] std::filesystem::path applications_dir() const;
    [[nodiscard]] std::filesystem::path config_home() const;
    // Where the sandboxed app's runtime dir is inside: /run/user/UID.
    [[nodiscard]] static std::string runtime_dir_inside();

  private:
    [[nodiscard]] std::vector<std::string> frontend_environment() const;
    void stop_session();
    void unmount_documents();

    std::filesystem::path portal_dir_;
    std::unique_ptr<XvfbServer> xvfb_;
    std::unique_ptr<WestonServer> weston_;
    std::filesystem::path xauthority_;
    std::unique_ptr<ChildProcess> backend_;
    std::unique_ptr<PrivateBus> bus_;
};

}  // namespace sandbox::test
