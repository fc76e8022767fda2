#include "a11y_address_cache.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ctime>

#include "a11y_bus_address.hpp"
#include "sandbox/common/fd.hpp"
#include "sandbox/common/files.hpp"

namespace sandbox::run {
namespace {

constexpr std::size_t kMaxCacheSize = 4096;

}  // namespace

std::optional<std::string> A11yAddressCache::lookup(const std::string& session_address) const {
    UniqueFd fd(::open(path_.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    struct stat st {};
    if (!fd || ::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode) ||
        static_cast<std::size_t>(st.st_size) > kMaxCacheSize)
        return std::nullopt;
    auto text = read_all(fd.get());
    if (!text) return std::nullopt;
    const std::size_t first = text->find('\n');
    const std::size_t second = first == std::string::npos ? first : text->find('\n', first + 1);
    if (second == std::string::npos || text->substr(0, first) != session_address)
        return std::nullopt;
    const std::string address = text->substr(first + 1, second - first - 1);
    if (address.empty()) {
        const bool fresh = std::time(nullptr) - st.st_mtime < kNegativeLifetime.count();
        return fresh ? std::optional<std::string>("") : std::nullopt;
    }
    if (!unreachable_bus_reason(address).empty()) return std::nullopt;
    return address;
}

void A11yAddressCache::remember(const std::string& session_address,
                                const std::string& address) const {
    if (session_address.find('\n') != std::string::npos || address.find('\n') != std::string::npos)
        return;
    const std::string staged = path_ + ".new";
    UniqueFd fd(
        ::open(staged.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (!fd) return;
    if (!write_all(fd.get(), session_address + "\n" + address + "\n") ||
        ::rename(staged.c_str(), path_.c_str()) != 0)
        ::unlink(staged.c_str());
}

}  // namespace sandbox::run
