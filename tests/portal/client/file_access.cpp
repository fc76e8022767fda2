// What portal-client reports about a file it was given: its path, its first line (or why it could
// not be read) and whether it can be written (by appending a marker, so what a test put there
// stays).
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "client.hpp"

namespace portal_client {
namespace {

constexpr const char* kWriteMarker = "portal-client was here\n";

std::string first_line(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::string("error: ") + std::strerror(errno);
    std::string content;
    char buffer[4096];
    ssize_t got = ::read(fd, buffer, sizeof buffer);
    const int read_errno = errno;
    ::close(fd);
    if (got < 0) return std::string("error: ") + std::strerror(read_errno);
    content.assign(buffer, static_cast<size_t>(got));
    return content.substr(0, content.find('\n'));
}

std::string append_marker(const std::string& path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd < 0) return std::strerror(errno);
    const ssize_t written = ::write(fd, kWriteMarker, std::strlen(kWriteMarker));
    const int write_errno = errno;
    ::close(fd);
    return written < 0 ? std::strerror(write_errno) : "ok";
}

}  // namespace

void print_file_access(const std::string& uri, bool try_write) {
    gchar* path = g_filename_from_uri(uri.c_str(), nullptr, nullptr);
    if (path == nullptr) {
        print_value("path", "");
        print_value("read", "error: not a local file URI");
        return;
    }
    print_value("path", path);
    print_value("read", first_line(path));
    if (try_write) print_value("write", append_marker(path));
    g_free(path);
}

}  // namespace portal_client
