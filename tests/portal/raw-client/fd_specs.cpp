#include "fd_specs.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace raw_dbus {
namespace {

sandbox::UniqueFd open_or_throw(const std::string& path, int flags, const std::string& spec) {
    sandbox::UniqueFd fd(::open(path.c_str(), flags | O_CLOEXEC));
    if (!fd) throw std::runtime_error(spec + ": " + std::strerror(errno));
    return fd;
}

void fail_unless(bool ok, const std::string& spec) {
    if (!ok) throw std::runtime_error(spec + ": " + std::strerror(errno));
}

sandbox::UniqueFd swapped(const std::string& spec, const std::string& rest) {
    const std::size_t colon = rest.find(':');
    if (colon == std::string::npos) throw std::runtime_error("swap:PATH:DEST: " + spec);
    const std::string path = rest.substr(0, colon);
    sandbox::UniqueFd fd = open_or_throw(path, O_RDONLY, spec);
    const std::string link = path + ".swap-link";
    fail_unless(::symlink(rest.substr(colon + 1).c_str(), link.c_str()) == 0, spec);
    fail_unless(::rename(link.c_str(), path.c_str()) == 0, spec);
    return fd;
}

sandbox::UniqueFd moved(const std::string& spec, const std::string& rest) {
    const std::size_t colon = rest.find(':');
    if (colon == std::string::npos) throw std::runtime_error("move:PATH:DEST: " + spec);
    const std::string path = rest.substr(0, colon);
    sandbox::UniqueFd fd = open_or_throw(path, O_RDONLY, spec);
    fail_unless(::rename(path.c_str(), (path + ".moved").c_str()) == 0, spec);
    fail_unless(::symlink(rest.substr(colon + 1).c_str(), path.c_str()) == 0, spec);
    return fd;
}

}  // namespace

sandbox::UniqueFd open_fd_spec(const std::string& spec,
                               std::vector<sandbox::UniqueFd>& keep_alive) {
    const std::size_t colon = spec.find(':');
    const std::string kind = spec.substr(0, colon);
    const std::string rest = colon == std::string::npos ? "" : spec.substr(colon + 1);
    if (kind == "null") return open_or_throw("/dev/null", O_RDWR, spec);
    if (kind == "read") return open_or_throw(rest, O_RDONLY, spec);
    if (kind == "rw") return open_or_throw(rest, O_RDWR, spec);
    if (kind == "opath") return open_or_throw(rest, O_PATH, spec);
    if (kind == "deleted") {
        sandbox::UniqueFd fd = open_or_throw(rest, O_RDONLY, spec);
        fail_unless(::unlink(rest.c_str()) == 0, spec);
        return fd;
    }
    if (kind == "swap") return swapped(spec, rest);
    if (kind == "move") return moved(spec, rest);
    int ends[2];
    if (kind == "pipe") {
        fail_unless(::pipe2(ends, O_CLOEXEC) == 0, spec);
    } else if (kind == "socket") {
        fail_unless(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) == 0, spec);
    } else {
        throw std::runtime_error("unknown fd kind: " + spec);
    }
    keep_alive.emplace_back(ends[1]);
    return sandbox::UniqueFd(ends[0]);
}

}  // namespace raw_dbus
