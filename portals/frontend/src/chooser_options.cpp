#include "chooser_options.hpp"

#include <cstdint>
#include <set>
#include <vector>

namespace sandbox::portals {
namespace {

using Rule = sdbus::Struct<std::uint32_t, std::string>;
using Filter = sdbus::Struct<std::string, std::vector<Rule>>;
using ChoiceOption = sdbus::Struct<std::string, std::string>;
using Choice = sdbus::Struct<std::string, std::string, std::vector<ChoiceOption>, std::string>;
using Bytes = std::vector<std::uint8_t>;

constexpr std::size_t kMaxFilters = 256;
constexpr std::size_t kMaxRules = 256;
constexpr std::size_t kMaxChoices = 64;
constexpr std::size_t kMaxChoiceOptions = 64;
constexpr std::size_t kMaxFiles = 1024;
constexpr std::size_t kMaxPathBytes = 4096;

Error invalid(const std::string& what) {
    return usage_error("Invalid option " + what);
}

bool valid_filter(const Filter& filter) {
    const std::string& name = std::get<0>(filter);
    const std::vector<Rule>& rules = std::get<1>(filter);
    if (name.empty() || !is_short_string(name) || rules.empty() || rules.size() > kMaxRules)
        return false;
    for (const Rule& rule : rules) {
        const std::string& pattern = std::get<1>(rule);
        if (std::get<0>(rule) > 1 || pattern.empty() || !is_short_string(pattern)) return false;
    }
    return true;
}

bool valid_choice(const Choice& choice) {
    const std::string& id = std::get<0>(choice);
    const std::vector<ChoiceOption>& options = std::get<2>(choice);
    const std::string& initial = std::get<3>(choice);
    if (id.empty() || !is_short_string(id) || !is_short_string(std::get<1>(choice)) ||
        options.size() > kMaxChoiceOptions)
        return false;
    if (options.empty()) return initial.empty() || initial == "true" || initial == "false";
    bool initial_found = initial.empty();
    for (const ChoiceOption& option : options) {
        const std::string& option_id = std::get<0>(option);
        if (option_id.empty() || !is_short_string(option_id) ||
            !is_short_string(std::get<1>(option)))
            return false;
        initial_found = initial_found || option_id == initial;
    }
    return initial_found;
}

// A NUL-terminated path as the standard sends them.
bool valid_path_bytes(const Bytes& bytes) {
    return !bytes.empty() && bytes.size() <= kMaxPathBytes && bytes.back() == 0;
}

bool has_type(const sdbus::Variant& value, const char* signature) {
    return value.peekValueType() == signature;
}

Status check_option(const std::string& key, const sdbus::Variant& value, const Options& all) {
    if (key == "accept_label" || key == "current_name") {
        if (!has_type(value, "s") || !is_short_string(value.get<std::string>()))
            return invalid(key);
    } else if (key == "modal" || key == "multiple" || key == "directory") {
        if (!has_type(value, "b")) return invalid(key);
    } else if (key == "filters") {
        if (!has_type(value, "a(sa(us))")) return invalid(key);
        auto filters = value.get<std::vector<Filter>>();
        if (filters.size() > kMaxFilters) return invalid(key);
        for (const Filter& filter : filters)
            if (!valid_filter(filter)) return invalid(key);
    } else if (key == "current_filter") {
        if (!has_type(value, "(sa(us))")) return invalid(key);
        auto current = value.get<Filter>();
        if (!valid_filter(current)) return invalid(key);
        if (auto filters = all.find("filters");
            filters != all.end() && filters->second.peekValueType() == "a(sa(us))") {
            auto list = filters->second.get<std::vector<Filter>>();
            bool listed = list.empty();
            for (const Filter& filter : list) listed = listed || filter == current;
            if (!listed) return invalid(key);
        }
    } else if (key == "choices") {
        if (!has_type(value, "a(ssa(ss)s)")) return invalid(key);
        auto choices = value.get<std::vector<Choice>>();
        if (choices.size() > kMaxChoices) return invalid(key);
        for (const Choice& choice : choices)
            if (!valid_choice(choice)) return invalid(key);
    } else if (key == "current_folder" || key == "current_file") {
        if (!has_type(value, "ay") || !valid_path_bytes(value.get<Bytes>())) return invalid(key);
    } else if (key == "files") {
        if (!has_type(value, "aay")) return invalid(key);
        auto files = value.get<std::vector<Bytes>>();
        if (files.size() > kMaxFiles) return invalid(key);
        for (const Bytes& file : files)
            if (!valid_path_bytes(file)) return invalid(key);
    }
    return ok_status();
}

const std::set<std::string>& known_keys(ChooserMethod method) {
    static const std::set<std::string> open{"accept_label", "modal",         "multiple",
                                            "directory",    "filters",       "current_filter",
                                            "choices",      "current_folder"};
    static const std::set<std::string> save{"accept_label",   "modal",       "filters",
                                            "current_filter", "choices",     "current_name",
                                            "current_folder", "current_file"};
    static const std::set<std::string> save_files{"accept_label", "modal", "choices",
                                                  "current_folder", "files"};
    switch (method) {
        case ChooserMethod::OpenFile:
            return open;
        case ChooserMethod::SaveFile:
            return save;
        case ChooserMethod::SaveFiles:
            return save_files;
    }
    return open;
}

}  // namespace

bool is_short_string(const std::string& text) {
    return text.size() <= kMaxLabelBytes;
}

Result<Options> backend_chooser_options(const Options& options, ChooserMethod method) {
    Options forwarded;
    const auto& keys = known_keys(method);
    for (const auto& [key, value] : options) {
        if (!keys.contains(key)) continue;
        try {
            SANDBOX_TRY(check_option(key, value, options));
        } catch (const sdbus::Error&) {
            return invalid(key);
        }
        forwarded.emplace(key, value);
    }
    return forwarded;
}

Options caller_chooser_results(const Options& backend_results) {
    Options results;
    if (auto choices = backend_results.find("choices");
        choices != backend_results.end() && choices->second.peekValueType() == "a(ss)")
        results.emplace("choices", choices->second);
    if (auto filter = backend_results.find("current_filter");
        filter != backend_results.end() && filter->second.peekValueType() == "(sa(us))")
        results.emplace("current_filter", filter->second);
    return results;
}

}  // namespace sandbox::portals
