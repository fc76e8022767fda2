#include "sibling_program.hpp"

#include <unistd.h>

namespace sandbox::run {

std::string sibling_program(const std::string& name) {
    char self[4096];
    const ssize_t length = ::readlink("/proc/self/exe", self, sizeof self - 1);
    if (length <= 0) return name;
    const std::string path(self, static_cast<std::size_t>(length));
    return path.substr(0, path.rfind('/') + 1) + name;
}

}  // namespace sandbox::run
