#include "sandbox/run/memfd.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sandbox/common/files.hpp"

namespace sandbox::run {

Result<UniqueFd> sealed_data_fd(const char* name, std::string_view data) {
    UniqueFd fd(::memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING));
    if (!fd) return system_error(std::string("Can't create a memfd for ") + name);
    if (auto written = write_all(fd.get(), data); !written)
        return system_error(std::string("Can't write the memfd for ") + name, written.error().code);
    if (::fcntl(fd.get(), F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) !=
            0 ||
        ::lseek(fd.get(), 0, SEEK_SET) != 0)
        return system_error(std::string("Can't seal the memfd for ") + name);
    return fd;
}

}  // namespace sandbox::run
