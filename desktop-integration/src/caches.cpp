// The desktop's caches over BASE/exports/share, rebuilt by the host's own tools (when installed)
// after each change: the menu, icon and MIME lookups read them instead of every file.

#include <glib.h>

#include <filesystem>

#include "exports_layout.hpp"
#include "glib_ptr.hpp"
#include "sandbox/exports/exporter.hpp"

namespace sandbox::exports {
namespace {

namespace fs = std::filesystem;

// Runs argv (argv[0] found in PATH, no shell); a warning when it is installed and fails.
void run_tool(std::vector<std::string> argv, std::vector<std::string>& warnings) {
    GCharPtr program(g_find_program_in_path(argv.front().c_str()));
    if (!program) return;
    argv.front() = program.get();
    std::vector<gchar*> pointers;
    for (auto& word : argv) pointers.push_back(word.data());
    pointers.push_back(nullptr);
    gint status = 0;
    GError* error = nullptr;
    gchar* errors = nullptr;
    const gboolean spawned =
        g_spawn_sync(nullptr, pointers.data(), nullptr,
                     static_cast<GSpawnFlags>(G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_CLOEXEC_PIPES),
                     nullptr, nullptr, nullptr, &errors, &status, &error);
    GCharPtr error_text(errors);
    if (!spawned) {
        warnings.push_back(argv.front() + ": " + take_message(error));
    } else if (!g_spawn_check_wait_status(status, nullptr)) {
        std::string text = error_text ? error_text.get() : "";
        warnings.push_back(argv.front() + " failed: " + text.substr(0, text.find('\n')));
    }
}

}  // namespace

std::vector<std::string> refresh_caches(const fs::path& exports_dir) {
    std::vector<std::string> warnings;
    const fs::path share = share_dir(exports_dir);
    std::error_code error;
    if (fs::is_directory(share / "applications", error))
        run_tool({"update-desktop-database", "-q", (share / "applications").string()}, warnings);
    if (fs::is_directory(share / "icons/hicolor", error))
        run_tool({"gtk-update-icon-cache", "-f", "-t", "-q", (share / "icons/hicolor").string()},
                 warnings);
    if (fs::is_directory(share / "mime/packages", error))
        run_tool({"update-mime-database", (share / "mime").string()}, warnings);
    return warnings;
}

}  // namespace sandbox::exports
