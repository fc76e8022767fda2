#include "sandbox/run/host_user.hpp"

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <vector>

namespace sandbox::run {
namespace {

// A passwd field holds neither the separator nor a line break.
std::string field(std::string text) {
    for (char& c : text)
        if (c == ':' || c == '\n' || c == '\r') c = ' ';
    return text;
}

void fill_from_passwd(HostUser& user) {
    std::vector<char> buffer(16384);
    passwd entry{};
    passwd* found = nullptr;
    if (::getpwuid_r(user.uid, &entry, buffer.data(), buffer.size(), &found) != 0 || !found) return;
    user.name = entry.pw_name;
    std::string gecos = entry.pw_gecos != nullptr ? entry.pw_gecos : "";
    user.real_name = gecos.substr(0, gecos.find(','));
    if (user.home.empty() && entry.pw_dir != nullptr) user.home = entry.pw_dir;
}

void fill_from_group(HostUser& user) {
    std::vector<char> buffer(16384);
    group entry{};
    group* found = nullptr;
    if (::getgrgid_r(user.gid, &entry, buffer.data(), buffer.size(), &found) == 0 && found)
        user.group_name = entry.gr_name;
}

}  // namespace

HostUser current_user() {
    HostUser user;
    user.uid = ::getuid();
    user.gid = ::getgid();
    if (const char* home = std::getenv("HOME"); home != nullptr && home[0] == '/') user.home = home;
    fill_from_passwd(user);
    fill_from_group(user);
    if (user.name.empty()) user.name = std::to_string(user.uid);
    if (user.group_name.empty()) user.group_name = std::to_string(user.gid);
    if (user.real_name.empty()) user.real_name = user.name;
    if (user.home.empty()) user.home = "/";
    return user;
}

std::string passwd_text(const HostUser& user) {
    return field(user.name) + ":x:" + std::to_string(user.uid) + ":" + std::to_string(user.gid) +
           ":" + field(user.real_name) + ":" + field(user.home) + ":/bin/sh\n" +
           "nfsnobody:x:65534:65534:Unmapped user:/:/sbin/nologin\n";
}

std::string group_text(const HostUser& user) {
    return field(user.group_name) + ":x:" + std::to_string(user.gid) + ":" + field(user.name) +
           "\nnfsnogroup:x:65534:\n";
}

}  // namespace sandbox::run
