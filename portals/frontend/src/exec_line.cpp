#include "exec_line.hpp"

#include <glib.h>

namespace sandbox::portals {
namespace {

// The argument(s) one field code stands for; false for an unknown code.
bool expand_code(char code, const DesktopEntryFacts& entry, const ExecTarget& target,
                 std::string& current, std::vector<std::string>& extra_arguments) {
    const std::string& file = target.local_path.empty() ? target.uri : target.local_path;
    switch (code) {
        case 'f':
        case 'F':
            current += file;
            return true;
        case 'u':
        case 'U':
            current += target.uri;
            return true;
        case 'c':
            current += entry.name;
            return true;
        case 'k':
            current += entry.file;
            return true;
        case '%':
            current += '%';
            return true;
        case 'i':
            if (!entry.icon.empty()) extra_arguments = {"--icon", entry.icon};
            return true;
        case 'd':
        case 'D':
        case 'n':
        case 'N':
        case 'v':
        case 'm':
            return true;  // deprecated: dropped
        default:
            return false;
    }
}

// One word of the Exec line with its field codes expanded; %i, which stands alone, becomes two
// words.
Result<std::vector<std::string>> expand_word(const std::string& word,
                                             const DesktopEntryFacts& entry,
                                             const ExecTarget& target) {
    std::string expanded;
    std::vector<std::string> icon_arguments;
    for (std::size_t i = 0; i < word.size(); ++i) {
        if (word[i] != '%') {
            expanded += word[i];
            continue;
        }
        if (i + 1 == word.size() ||
            !expand_code(word[i + 1], entry, target, expanded, icon_arguments))
            return usage_error("The Exec line of " + entry.file + " has an invalid field code");
        ++i;
    }
    if (!icon_arguments.empty()) return icon_arguments;
    if (expanded.empty() && word.size() == 2 && word[0] == '%') return std::vector<std::string>{};
    return std::vector<std::string>{expanded};
}

}  // namespace

Result<std::vector<std::string>> expand_exec_line(const DesktopEntryFacts& entry,
                                                  const ExecTarget& target) {
    int count = 0;
    char** words = nullptr;
    if (!g_shell_parse_argv(entry.exec.c_str(), &count, &words, nullptr))
        return usage_error("The Exec line of " + entry.file + " cannot be parsed");
    std::vector<std::string> argv;
    Status status = ok_status();
    for (int i = 0; i < count && status; ++i) {
        auto expanded = expand_word(words[i], entry, target);
        if (!expanded) {
            status = expanded.take_error();
            break;
        }
        argv.insert(argv.end(), expanded->begin(), expanded->end());
    }
    g_strfreev(words);
    if (!status) return status.take_error();
    if (argv.empty() || argv.front().empty())
        return usage_error("The Exec line of " + entry.file + " names no program");
    return argv;
}

}  // namespace sandbox::portals
