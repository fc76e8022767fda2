#include "sandbox/common/error.hpp"

#include <cstring>

namespace sandbox {

std::string Error::message() const {
    if (code == 0) return what;
    return what + ": " + std::strerror(code);
}

Error system_error(std::string what, int code) {
    return Error{std::move(what), code};
}

Error usage_error(std::string what) {
    return Error{std::move(what), 0};
}

}  // namespace sandbox
