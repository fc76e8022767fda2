#include "call_log.hpp"

#include <fcntl.h>
#include <glib.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace portal_test_backend {
namespace {

std::string escaped(const std::string& value) {
    gchar* text = g_strescape(value.c_str(), nullptr);
    std::string result = text;
    g_free(text);
    return result;
}

}  // namespace

void log_call(const std::string& member, const LogFields& fields) {
    const char* path = std::getenv("SANDBOX_TEST_BACKEND_LOG");
    if (path == nullptr || *path == '\0') return;
    std::string line = member;
    for (const auto& [name, value] : fields) line += "\t" + name + "=" + escaped(value);
    line += "\n";
    // One write on an O_APPEND fd: a line is never split by a concurrent reader's view.
    const int fd = ::open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) {
        std::perror(path);
        return;
    }
    if (::write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
        std::perror(path);
    ::close(fd);
}

}  // namespace portal_test_backend
