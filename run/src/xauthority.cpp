#include <X11/Xauth.h>
#include <stdio.h>
#include <stdlib.h>

#include <memory>

#include "sandbox/run/display_xauthority.hpp"

namespace sandbox::run {
namespace {

static_assert(kXauthFamilyLocal == FamilyLocal && kXauthFamilyWild == FamilyWild);

struct FileCloser {
    void operator()(FILE* file) const { ::fclose(file); }
};
using File = std::unique_ptr<FILE, FileCloser>;

struct XauthDisposer {
    void operator()(Xauth* entry) const { XauDisposeAuth(entry); }
};

std::string field(const char* bytes, unsigned short length) {
    return length == 0 ? std::string() : std::string(bytes, length);
}

XauthEntry to_entry(const Xauth& auth) {
    return XauthEntry{auth.family, field(auth.address, auth.address_length),
                      field(auth.number, auth.number_length), field(auth.name, auth.name_length),
                      field(auth.data, auth.data_length)};
}

// libXau counts each field in 16 bits.
bool fits(const XauthEntry& entry) {
    for (const std::string* text : {&entry.address, &entry.number, &entry.name, &entry.data})
        if (text->size() > 0xffff) return false;
    return true;
}

Xauth as_xauth(const XauthEntry& entry) {
    Xauth auth{};
    auth.family = entry.family;
    auth.address_length = static_cast<unsigned short>(entry.address.size());
    auth.address = const_cast<char*>(entry.address.data());
    auth.number_length = static_cast<unsigned short>(entry.number.size());
    auth.number = const_cast<char*>(entry.number.data());
    auth.name_length = static_cast<unsigned short>(entry.name.size());
    auth.name = const_cast<char*>(entry.name.data());
    auth.data_length = static_cast<unsigned short>(entry.data.size());
    auth.data = const_cast<char*>(entry.data.data());
    return auth;
}

}  // namespace

Result<std::vector<XauthEntry>> parse_xauthority(std::string_view content) {
    std::vector<XauthEntry> entries;
    if (content.empty()) return entries;
    File file(::fmemopen(const_cast<char*>(content.data()), content.size(), "r"));
    if (!file) return system_error("Can't read the Xauthority data");
    while (std::unique_ptr<Xauth, XauthDisposer> auth{XauReadAuth(file.get())})
        entries.push_back(to_entry(*auth));
    return entries;
}

Result<std::string> format_xauthority(const std::vector<XauthEntry>& entries) {
    char* buffer = nullptr;
    std::size_t size = 0;
    File file(::open_memstream(&buffer, &size));
    if (!file) return system_error("Can't make the Xauthority data");
    bool written = true;
    for (const XauthEntry& entry : entries) {
        Xauth auth = as_xauth(entry);
        if (!fits(entry) || XauWriteAuth(file.get(), &auth) != 1) {
            written = false;
            break;
        }
    }
    const bool flushed = ::fflush(file.get()) == 0;
    file.reset();
    std::unique_ptr<char, decltype(&::free)> owned(buffer, &::free);
    if (!written || !flushed) return usage_error("Can't write an Xauthority entry");
    return std::string(buffer, size);
}

}  // namespace sandbox::run
