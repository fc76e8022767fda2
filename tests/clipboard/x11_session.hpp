#pragma once

// An X session for the clipboard tests: an Xvfb with a cookie of its own, this process's DISPLAY
// and XAUTHORITY pointing at it (and no WAYLAND_DISPLAY: the portal's tools pick X11), and the
// environment host programs (xclip) run with. Everything is put back when it goes.

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "clipboard/clipboard_test_support.hpp"
#include "session/support/xvfb_server.hpp"

namespace sandbox::test {

class X11Session {
  public:
    explicit X11Session(const std::filesystem::path& dir)
        : xvfb_(std::make_unique<XvfbServer>(dir)) {
        if (!xvfb_->ready()) return;
        const auto auth = dir / "Xauthority";
        add_cookie(auth, xvfb_->display(), xvfb_->cookie());
        environment_ = {"DISPLAY=" + xvfb_->display(), "XAUTHORITY=" + auth.string(),
                        "PATH=/usr/bin:/bin"};
        display_ = std::make_unique<ScopedEnv>("DISPLAY", xvfb_->display());
        xauthority_ = std::make_unique<ScopedEnv>("XAUTHORITY", auth.string());
        wayland_ = std::make_unique<ScopedEnv>("WAYLAND_DISPLAY", "");
    }

    [[nodiscard]] bool ready() const { return xvfb_->ready(); }
    [[nodiscard]] const std::string& skip_reason() const { return xvfb_->skip_reason(); }
    // DISPLAY, XAUTHORITY and PATH for a host program.
    [[nodiscard]] const std::vector<std::string>& environment() const { return environment_; }

  private:
    std::unique_ptr<XvfbServer> xvfb_;
    std::vector<std::string> environment_;
    std::unique_ptr<ScopedEnv> display_;
    std::unique_ptr<ScopedEnv> xauthority_;
    std::unique_ptr<ScopedEnv> wayland_;
};

}  // namespace sandbox::test
