#pragma once

// The Exec line of an exported .desktop or D-Bus .service file. The app's own Exec is hostile:
// it is parsed (g_shell_parse_argv, as GLib launches it), only its command and plain arguments are
// kept, and the line is rebuilt as
//   SANDBOX run OPTIONS… --command=CMD [--file-forwarding] ID ARGS… [@@ %f @@ | @@u %u @@]
// so that everything the app wrote lands after the ID, where `sandbox run` hands it to the app.

#include <string>
#include <string_view>
#include <vector>

#include "sandbox/common/error.hpp"

namespace sandbox::exports {

// How an exported file starts the app: `sandbox_binary run options… … app_id`.
struct LaunchCommand {
    std::string sandbox_binary;        // absolute path of `sandbox`
    std::vector<std::string> options;  // --branch=…, --arch=…, --installation=…
    std::string app_id;
};

// The file argument the app asked for: none, %f/%F (local files) or %u/%U (URIs).
struct Forwarding {
    char field_code = 0;  // 0, 'f', 'F', 'u' or 'U'
    [[nodiscard]] bool any() const { return field_code != 0; }
    [[nodiscard]] bool uris() const { return field_code == 'u' || field_code == 'U'; }
};

// What is kept of an app's Exec.
struct AppCommandLine {
    std::string command;
    std::vector<std::string> args;  // literal arguments (a `%%` already turned into `%`)
    Forwarding forwarding;
    std::vector<std::string> dropped;  // arguments left out (other field codes), for warnings
};

enum class FieldCodes { FileForwarding, None };

// Parses and checks an app's Exec value (as GKeyFile returns it). Refused: control characters,
// unparsable quoting, a command that is empty, starts with '-' or whitespace or holds a '%', more
// than one file field code, any argument starting with "@@" (CVE-2021-21381), more than 100
// arguments or 4 KiB. With FieldCodes::None a file field code is refused too.
Result<AppCommandLine> parse_app_exec(std::string_view exec, FieldCodes allowed);

// One literal argument quoted for an Exec value: double quotes when it holds a reserved
// character, '"', '`', '$' and '\' escaped inside, every '%' doubled.
std::string quote_exec_argument(std::string_view argument);

// The rebuilt Exec value.
std::string format_exec(const LaunchCommand& launch, const AppCommandLine& app);

}  // namespace sandbox::exports
