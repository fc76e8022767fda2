#include "app_view.hpp"

#include <algorithm>
#include <filesystem>
#include <regex>
#include <sstream>

namespace sandbox::test::flatpak {
namespace {

constexpr const char* kSectionMarker = "## ";
constexpr const char* kInstancePlaceholder = "<instance>";

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream stream(text);
    for (std::string line; std::getline(stream, line);) lines.push_back(line);
    return lines;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& line : lines) text += line + "\n";
    return text;
}

std::vector<std::string> words_of(const std::string& line) {
    std::vector<std::string> words;
    std::istringstream stream(line);
    for (std::string word; stream >> word;) words.push_back(word);
    return words;
}

std::string find_instance_id(const std::string& probe_output) {
    static const std::regex instance_line("(^|\n)instance-id=([0-9]+)\n");
    std::smatch match;
    return std::regex_search(probe_output, match, instance_line) ? match[2].str() : std::string();
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    if (from.empty()) return text;
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

// "net net:[4026532183]" -> "net new" (or "net host" when it is this process's namespace).
std::vector<std::string> normalize_namespaces(const std::vector<std::string>& lines,
                                              const Namespaces& host) {
    std::vector<std::string> normalized;
    for (const auto& line : lines) {
        auto words = words_of(line);
        if (words.size() != 2) continue;
        auto found = host.find(words[0]);
        bool shared = found != host.end() && found->second == words[1];
        normalized.push_back(words[0] + (shared ? " host" : " new"));
    }
    return normalized;
}

std::vector<std::string> without_flatpak_bwrap(std::vector<std::string> lines) {
    std::erase_if(lines,
                  [](const std::string& line) { return line.starts_with("FLATPAK_BWRAP="); });
    return lines;
}

// Sorted by mount point so that both launchers may mount in their own order, but stably, so that
// mounts stacked on one mount point keep their order (the last one is what the app sees).
std::vector<std::string> normalize_mounts(const std::vector<std::string>& lines) {
    std::vector<std::string> mounts;
    for (const auto& line : lines) mounts.push_back(visible_mount(line));
    std::stable_sort(mounts.begin(), mounts.end(), [](const std::string& a, const std::string& b) {
        return a.substr(0, a.find(' ')) < b.substr(0, b.find(' '));
    });
    return mounts;
}

// In listings: the link count of a regular file says how the launcher made it (bwrap unlinks the
// file behind --bind-data/--file, leaving 0), the link count of /proc follows the number of
// processes on the host, and the size of /.flatpak-info the number of digits of the (random)
// instance id; its content is compared on its own.
std::vector<std::string> without_incidental_counts(std::vector<std::string> lines) {
    static const std::regex file_links(R"(^(-\S*\s+)[0-9]+(\s))");
    static const std::regex proc_links(R"(^(\S+\s+)[0-9]+(\s.*\sproc)$)");
    static const std::regex info_size(R"(^(\S+\s+\S+\s+\S+\s+\S+\s+)[0-9]+(\s+\.flatpak-info)$)");
    // ls pads its columns to the widest value, masked ones included (/proc's link count grows
    // with the number of processes on the machine), so padding is not compared.
    static const std::regex padding(R"(\s+)");
    for (auto& line : lines) {
        line = std::regex_replace(line, file_links, "$1?$2");
        line = std::regex_replace(line, proc_links, "$1?$2");
        line = std::regex_replace(line, info_size, "$1?$2");
        line = std::regex_replace(line, padding, " ");
    }
    return lines;
}

std::vector<std::string> normalize_section(const std::string& name,
                                           const std::vector<std::string>& lines,
                                           const Namespaces& host) {
    if (name == "namespaces") return normalize_namespaces(lines, host);
    if (name == "environment") return without_flatpak_bwrap(lines);
    if (name == "mountinfo") return normalize_mounts(lines);
    if (name.starts_with("ls ")) return without_incidental_counts(lines);
    return lines;
}

std::string read_link(const std::filesystem::path& path) {
    std::error_code error;
    auto target = std::filesystem::read_symlink(path, error);
    return error ? std::string() : target.string();
}

}  // namespace

Namespaces namespaces_of_this_process() {
    Namespaces namespaces;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/ns", error))
        namespaces[entry.path().filename().string()] = read_link(entry.path());
    return namespaces;
}

AppView AppView::parse(const std::string& probe_output, const Namespaces& host_namespaces) {
    AppView view;
    view.instance_id_ = find_instance_id(probe_output);
    std::string text = replace_all(probe_output, view.instance_id_, kInstancePlaceholder);

    std::string name;
    std::vector<std::string> lines;
    auto flush = [&] {
        if (!name.empty())
            view.sections_.emplace_back(name,
                                        joined(normalize_section(name, lines, host_namespaces)));
        lines.clear();
    };
    for (const auto& line : lines_of(text)) {
        if (line.starts_with(kSectionMarker)) {
            flush();
            name = line.substr(std::string_view(kSectionMarker).size());
        } else {
            lines.push_back(line);
        }
    }
    flush();
    return view;
}

std::vector<std::string> AppView::section_names() const {
    std::vector<std::string> names;
    for (const auto& [name, content] : sections_) names.push_back(name);
    return names;
}

std::string AppView::section(const std::string& name) const {
    for (const auto& [section_name, content] : sections_)
        if (section_name == name) return content;
    return {};
}

std::string visible_mount(const std::string& mountinfo_line) {
    static const std::regex peer_group_number(":[0-9]+$");
    // The mode of a tmpfs's root shows in the listings; for the tmpfs that holds the files of
    // --bind-data/--file it is an implementation detail.
    static const std::regex tmpfs_mode(",?mode=[0-7]+");
    auto fields = words_of(mountinfo_line);
    auto separator = std::find(fields.begin(), fields.end(), "-");
    if (fields.size() < 6 || separator == fields.end() || fields.end() - separator < 4)
        return mountinfo_line;

    std::string visible = fields[4] + " " + fields[5];
    for (auto tag = fields.begin() + 6; tag != separator; ++tag)
        visible += " " + std::regex_replace(*tag, peer_group_number, "");
    const std::string& type = separator[1];
    std::string super_options =
        type == "tmpfs" ? std::regex_replace(separator[3], tmpfs_mode, "") : separator[3];
    return visible + " - " + type + " " + super_options;
}

std::vector<std::string> json_keys(const std::string& json) {
    static const std::regex key("\"([^\"]+)\"\\s*:");
    std::vector<std::string> keys;
    for (auto it = std::sregex_iterator(json.begin(), json.end(), key);
         it != std::sregex_iterator(); ++it)
        keys.push_back((*it)[1].str());
    std::sort(keys.begin(), keys.end());
    return keys;
}

}  // namespace sandbox::test::flatpak
