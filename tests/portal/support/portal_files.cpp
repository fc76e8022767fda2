#include "portal/support/portal_files.hpp"

#include "support/files.hpp"

namespace sandbox::test {
namespace {

namespace fs = std::filesystem;

constexpr const char* kRecorderId = "uri-recorder.desktop";

// Single-quoted for sh; the paths are the test's own, but a quote must not end the word.
std::string shell_quoted(const std::string& text) {
    std::string quoted = "'";
    for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

void write_service(const fs::path& dir, const std::string& name, const fs::path& program,
                   const fs::path& logs) {
    const fs::path wrapper = dir / ("run-" + name);
    write_file(wrapper,
               "#!/bin/sh\nexec " + shell_quoted(program.string()) + " >>" +
                   shell_quoted((logs / (name + ".log")).string()) + " 2>&1\n",
               kExecutableMode);
    write_file(dir / (name + ".service"),
               "[D-BUS Service]\nName=" + name + "\nExec=" + wrapper.string() + "\n");
}

}  // namespace

void write_portal_dir(const fs::path& dir) {
    write_file(dir / "test.portal",
               std::string("[portal]\nDBusName=") + kBackendName +
                   "\nInterfaces=org.freedesktop.impl.portal.FileChooser;"
                   "org.freedesktop.impl.portal.AppChooser;org.freedesktop.impl.portal.Access;\n"
                   "UseIn=" +
                   kTestDesktop + "\n",
               kReadableMode);
}

void write_activation_files(const fs::path& dir, const FrontendPrograms& programs,
                            const fs::path& logs) {
    fs::create_directories(dir);
    fs::create_directories(logs);
    write_service(dir, "org.freedesktop.portal.Desktop", programs.desktop, logs);
    write_service(dir, "org.freedesktop.portal.Documents", programs.documents, logs);
    write_service(dir, "org.freedesktop.impl.portal.PermissionStore", programs.permission_store,
                  logs);
}

void write_uri_recorder(const fs::path& apps, const fs::path& config_home, const fs::path& bin,
                        const fs::path& record) {
    const fs::path recorder = bin / "uri-recorder";
    write_file(recorder,
               "#!/bin/sh\nfor uri; do printf '%s\\n' \"$uri\" >>" + shell_quoted(record.string()) +
                   "; done\n",
               kExecutableMode);
    write_file(apps / kRecorderId,
               "[Desktop Entry]\nType=Application\nName=URI recorder\nExec=" + recorder.string() +
                   " %u\nMimeType=x-scheme-handler/https;x-scheme-handler/http;\n"
                   "NoDisplay=true\n",
               kReadableMode);
    write_file(config_home / "mimeapps.list",
               std::string("[Default Applications]\nx-scheme-handler/https=") + kRecorderId +
                   "\nx-scheme-handler/http=" + kRecorderId + "\n\n[Added Associations]\n" +
                   "x-scheme-handler/https=" + kRecorderId +
                   ";\nx-scheme-handler/http=" + kRecorderId + ";\n",
               kReadableMode);
}

}  // namespace sandbox::test
