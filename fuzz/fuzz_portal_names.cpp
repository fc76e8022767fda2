// libFuzzer target: the names the portal takes from callers and turns into object paths, file
// names, directory names or command-line arguments: request handles (sender, handle_token),
// document ids, app ids, document names and permissions, permission-store table names and ids,
// and clipboard MIME types. The input is a few strings (FuzzedDataProvider's: a backslash
// followed by another byte ends one); each string goes through every check. The oracle is each
// check's contract, stated here independently: what becomes a path element holds no '/', NUL,
// "." or ".."; an object path is one D-Bus accepts; a MIME type is one argument that cannot read
// as an option.
#include <fuzzer/FuzzedDataProvider.h>
#include <glib.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "clipboard_validation.hpp"
#include "sandbox/portals/documents/document.hpp"
#include "sandbox/portals/permission_store/permission_names.hpp"
#include "sandbox/portals/request.hpp"

namespace {

namespace portals = sandbox::portals;
namespace documents = sandbox::portals::documents;

constexpr std::string_view kRequestBase = "/org/freedesktop/portal/desktop/request/";
constexpr std::size_t kMaxStrings = 8;

void check(bool condition) {
    if (!condition) std::abort();
}

bool only(std::string_view text, bool (*allowed)(char)) {
    return std::all_of(text.begin(), text.end(), allowed);
}

bool is_path_element_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool is_safe_path_element(std::string_view name) {
    return !name.empty() && name != "." && name != ".." && name.find('/') == std::string::npos &&
           name.find('\0') == std::string::npos;
}

void check_request_handle(const std::string& sender, const std::string& token) {
    const std::string path = portals::request_handle_path(sender, token);
    std::string element = sender.starts_with(':') ? sender.substr(1) : sender;
    std::replace(element.begin(), element.end(), '.', '_');
    const bool token_ok =
        !token.empty() && token.size() <= 128 && only(token, is_path_element_char);
    const bool sender_ok = !element.empty() && only(element, is_path_element_char);
    if (path.empty()) {
        check(!token_ok || !sender_ok);
        return;
    }
    check(token_ok && sender_ok);
    check(path == std::string(kRequestBase) + element + "/" + token);
    check(g_variant_is_object_path(path.c_str()));
}

void check_document_names(const std::string& text) {
    if (documents::is_valid_document_id(text))
        check(text.size() == 8 &&
              only(text, [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }));
    if (documents::is_valid_app_id(text)) {
        // A by-app directory name, and a D-Bus-like name of at least two elements.
        check(is_safe_path_element(text) && text.size() <= 255);
        check(text.find("..") == std::string::npos && text.front() != '.' && text.back() != '.');
        check(text.find('.') != std::string::npos);
        check(only(text, [](char c) { return is_path_element_char(c) || c == '-' || c == '.'; }));
    }
    if (documents::is_valid_document_name(text)) check(is_safe_path_element(text));
}

void check_permissions(const std::vector<std::string>& names) {
    std::string unknown;
    auto parsed = documents::parse_permissions(names, &unknown);
    const std::vector<std::string> known{"read", "write", "grant-permissions", "delete"};
    auto first_unknown = std::find_if(names.begin(), names.end(), [&](const std::string& name) {
        return std::find(known.begin(), known.end(), name) == known.end();
    });
    if (!parsed) {
        check(first_unknown != names.end() && unknown == *first_unknown);
        return;
    }
    check(first_unknown == names.end());
    const std::vector<std::string> back = documents::permission_names(*parsed);
    for (const std::string& name : names)
        check(std::find(back.begin(), back.end(), name) != back.end());
    check(documents::parse_permissions(back) == parsed);
}

bool is_utf8_without_nul(std::string_view text) {
    return text.find('\0') == std::string_view::npos &&
           g_utf8_validate(text.data(), static_cast<gssize>(text.size()), nullptr);
}

void check_permission_store_names(const std::string& text) {
    if (portals::check_table_name(text)) {
        // Becomes a file name in the database directory, beside the directory's dot files.
        check(is_safe_path_element(text) && text.size() <= portals::kMaxTableNameLength);
        check(text.front() != '.');
        check(only(text, [](char c) { return is_path_element_char(c) || c == '-' || c == '.'; }));
    }
    if (portals::check_entry_id(text))
        check(!text.empty() && text.size() <= portals::kMaxKeyLength && is_utf8_without_nul(text));
    if (portals::check_app_id(text))
        check(text.size() <= portals::kMaxKeyLength && is_utf8_without_nul(text));
    if (portals::check_permission_string(text))
        check(text.size() <= portals::kMaxKeyLength && is_utf8_without_nul(text));
}

// Passed to xclip / wl-paste as one argument: no option, no space, no control byte, one '/'.
void check_mime_type(const std::string& text) {
    if (!portals::is_valid_mime_type(text)) return;
    check(!text.empty() && text.size() <= portals::kMaxMimeTypeLength);
    check(text.front() != '-' && text.front() != '/' && text.front() != ';');
    check(only(text, [](char c) { return c > 0x20 && c < 0x7f; }));
    check(std::count(text.begin(), text.end(), '/') == 1);
    check(text.find('/') < text.find(';'));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider provider(data, size);
    std::vector<std::string> strings;
    while (provider.remaining_bytes() > 0 && strings.size() < kMaxStrings)
        strings.push_back(provider.ConsumeRandomLengthString());
    if (strings.empty()) strings.emplace_back();
    for (const std::string& text : strings) {
        check_document_names(text);
        check_permission_store_names(text);
        check_mime_type(text);
    }
    for (std::size_t i = 0; i + 1 < strings.size(); i += 2)
        check_request_handle(strings[i], strings[i + 1]);
    check_request_handle(strings.front(), strings.back());
    check_permissions(strings);
    return 0;
}
