#include "sandbox/exports/exec_line.hpp"

#include <glib.h>

#include <algorithm>
#include <optional>

namespace sandbox::exports {
namespace {

constexpr std::size_t kMaxExecLength = 4096;
constexpr std::size_t kMaxCommandLength = 256;
constexpr std::size_t kMaxArguments = 100;

// The characters the Desktop Entry Specification reserves in Exec arguments.
constexpr std::string_view kReservedCharacters = " \t\n\"'\\><~|&;$*?#()`";

bool has_control_character(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte < 0x20 || byte == 0x7f;
    });
}

bool is_file_field_code(std::string_view argument) {
    return argument == "%f" || argument == "%F" || argument == "%u" || argument == "%U";
}

// `%%` → `%`; any other field code inside an argument makes it dropped (nullopt).
std::optional<std::string> literal_argument(std::string_view argument) {
    std::string literal;
    for (std::size_t i = 0; i < argument.size(); ++i) {
        if (argument[i] != '%') {
            literal += argument[i];
            continue;
        }
        if (i + 1 < argument.size() && argument[i + 1] == '%') {
            literal += '%';
            ++i;
            continue;
        }
        return std::nullopt;
    }
    return literal;
}

Result<std::vector<std::string>> split_exec(std::string_view exec) {
    if (exec.size() > kMaxExecLength) return usage_error("Exec is longer than 4 KiB");
    if (has_control_character(exec)) return usage_error("Exec holds a control character");
    gint argc = 0;
    gchar** argv = nullptr;
    GError* error = nullptr;
    const std::string text(exec);
    if (!g_shell_parse_argv(text.c_str(), &argc, &argv, &error)) {
        std::string message = "Exec can't be parsed: " + std::string(error->message);
        g_error_free(error);
        return usage_error(message);
    }
    std::vector<std::string> words(argv, argv + argc);
    g_strfreev(argv);
    if (words.size() > kMaxArguments) return usage_error("Exec has more than 100 arguments");
    return words;
}

Status check_command(const std::string& command) {
    if (command.empty()) return usage_error("Exec has an empty command");
    if (command.size() > kMaxCommandLength) return usage_error("Exec's command is too long");
    if (command.front() == '-' || g_ascii_isspace(command.front()))
        return usage_error("Exec's command '" + command + "' starts with '-' or a space");
    if (command.find('%') != std::string::npos)
        return usage_error("Exec's command '" + command + "' holds a field code");
    return ok_status();
}

}  // namespace

Result<AppCommandLine> parse_app_exec(std::string_view exec, FieldCodes allowed) {
    auto words = split_exec(exec);
    if (!words) return words.take_error();
    if (words->empty()) return usage_error("Exec is empty");
    AppCommandLine line;
    line.command = words->front();
    SANDBOX_TRY(check_command(line.command));
    for (auto word = words->begin() + 1; word != words->end(); ++word) {
        if (word->starts_with("@@"))
            return usage_error("Exec argument '" + *word + "' is a file-forwarding marker");
        if (is_file_field_code(*word)) {
            if (allowed == FieldCodes::None)
                return usage_error("Exec has a file field code where none is allowed");
            if (line.forwarding.any()) return usage_error("Exec has more than one file field code");
            line.forwarding.field_code = (*word)[1];
            continue;
        }
        if (auto literal = literal_argument(*word)) {
            line.args.push_back(std::move(*literal));
        } else {
            line.dropped.push_back(*word);
        }
    }
    return line;
}

std::string quote_exec_argument(std::string_view argument) {
    const bool needs_quotes =
        argument.empty() || argument.find_first_of(kReservedCharacters) != std::string_view::npos;
    std::string quoted = needs_quotes ? "\"" : "";
    for (char c : argument) {
        if (needs_quotes && (c == '"' || c == '`' || c == '$' || c == '\\')) quoted += '\\';
        quoted += c;
        if (c == '%') quoted += '%';
    }
    if (needs_quotes) quoted += '"';
    return quoted;
}

std::string format_exec(const LaunchCommand& launch, const AppCommandLine& app) {
    std::vector<std::string> words{launch.sandbox_binary, "run"};
    words.insert(words.end(), launch.options.begin(), launch.options.end());
    words.push_back("--command=" + app.command);
    if (app.forwarding.any()) words.push_back("--file-forwarding");
    words.push_back(launch.app_id);
    words.insert(words.end(), app.args.begin(), app.args.end());
    std::string exec;
    for (const auto& word : words) exec += (exec.empty() ? "" : " ") + quote_exec_argument(word);
    if (app.forwarding.any()) {
        const std::string marker = app.forwarding.uris() ? "@@u" : "@@";
        exec += " " + marker + " %" + app.forwarding.field_code + " @@";
    }
    return exec;
}

}  // namespace sandbox::exports
