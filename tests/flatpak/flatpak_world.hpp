#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "support/command.hpp"

namespace sandbox::test::flatpak {

inline constexpr const char* kRuntimeId = "org.sandbox.Platform";
inline constexpr const char* kAppId = "org.sandbox.Hello";
inline constexpr const char* kAppGreeting = "hello from flatpak app";

// A user's Flatpak world inside one directory: HOME, XDG dirs and XDG_RUNTIME_DIR, a local
// repository built with flatpak's own tools (a runtime of host programs, an app whose command
// prints kAppGreeting, plus the view probes), and both installed with `flatpak --user`.
// Everything flatpak is run with an explicit environment, so nothing of the caller's leaks in.
class FlatpakWorld {
  public:
    // Builds and installs it all; throws std::runtime_error naming the step that failed.
    static std::unique_ptr<FlatpakWorld> create(const std::filesystem::path& root,
                                                const std::string& system_bus_address);

    FlatpakWorld(const FlatpakWorld&) = delete;
    FlatpakWorld& operator=(const FlatpakWorld&) = delete;
    ~FlatpakWorld();

    // `flatpak run ARGS...` with FLATPAK_BWRAP=bwrap and `extra_environment` ("NAME=value", each
    // replacing the world's own setting of NAME).
    [[nodiscard]] CommandResult run(const std::filesystem::path& bwrap,
                                    const std::vector<std::string>& args,
                                    const std::vector<std::string>& extra_environment = {}) const;
    // `flatpak --user install --reinstall` of the app: flatpak runs its install triggers
    // (desktop database, icon cache, MIME database) in sandboxes made with FLATPAK_BWRAP=bwrap.
    [[nodiscard]] CommandResult reinstall_app(
        const std::filesystem::path& bwrap,
        const std::vector<std::string>& extra_environment = {}) const;
    // Drops the app's cached ld.so.cache, so that the next run regenerates it with the runtime's
    // ldconfig in a helper sandbox, as a first run after install does.
    void forget_ld_cache() const;
    // Where flatpak keeps the instance's bwrapinfo.json, written through --info-fd.
    [[nodiscard]] std::filesystem::path instance_dir(const std::string& instance_id) const;
    [[nodiscard]] const std::filesystem::path& root() const { return root_; }
    [[nodiscard]] const std::filesystem::path& home() const { return home_; }

  private:
    FlatpakWorld(std::filesystem::path root, std::string system_bus_address);

    [[nodiscard]] std::vector<std::string> environment(
        const std::vector<std::string>& extra = {}) const;
    // Runs flatpak ARGS... and throws with its output unless it succeeds.
    void flatpak(const std::vector<std::string>& args) const;
    [[nodiscard]] std::string default_arch() const;
    void build_runtime() const;
    void build_app() const;
    void install(const std::string& ref) const;

    std::filesystem::path root_;
    std::filesystem::path home_;
    std::filesystem::path runtime_dir_;
    std::filesystem::path repo_;
    std::string system_bus_address_;
};

}  // namespace sandbox::test::flatpak
