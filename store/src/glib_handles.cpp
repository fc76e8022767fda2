#include "sandbox/store/glib_handles.hpp"

namespace sandbox::store {

Error GErrorSlot::to_error(const std::string& what) const {
    std::string text = message();
    for (char& c : text)
        if (c == '\n' || c == '\r') c = ' ';
    return usage_error(what + ": " + text);
}

}  // namespace sandbox::store
