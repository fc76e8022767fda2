#pragma once

// The files a portal test's session is made of, written into the test's scratch directory.

#include <filesystem>
#include <string>

namespace sandbox::test {

inline constexpr const char* kBackendName = "org.freedesktop.impl.portal.Test";
inline constexpr const char* kTestDesktop = "test";

// The programs serving the three activatable names.
struct FrontendPrograms {
    std::filesystem::path desktop;           // org.freedesktop.portal.Desktop
    std::filesystem::path documents;         // org.freedesktop.portal.Documents
    std::filesystem::path permission_store;  // org.freedesktop.impl.portal.PermissionStore
};

// DIR/test.portal: the scripted backend, for XDG_CURRENT_DESKTOP=test (XDG_DESKTOP_PORTAL_DIR).
void write_portal_dir(const std::filesystem::path& dir);

// DIR/NAME.service for each name, each Exec= a wrapper that runs the program with its output
// appended to LOGS/NAME.log (the bus daemon's own pipes are read by nobody while a test runs).
void write_activation_files(const std::filesystem::path& dir, const FrontendPrograms& programs,
                            const std::filesystem::path& logs);

// uri-recorder: APPS/uri-recorder.desktop, the default for http and https
// (CONFIG_HOME/mimeapps.list), running BIN/uri-recorder, which appends each argument as a line
// to RECORD.
void write_uri_recorder(const std::filesystem::path& apps, const std::filesystem::path& config_home,
                        const std::filesystem::path& bin, const std::filesystem::path& record);

}  // namespace sandbox::test
