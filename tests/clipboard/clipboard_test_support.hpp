#pragma once

// What the clipboard tests share: content in a memfd, a pipe, the display in the environment.

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <string_view>

#include "sandbox/common/fd.hpp"
#include "sandbox/common/files.hpp"

namespace sandbox::test {

inline UniqueFd content_file(std::string_view text) {
    UniqueFd file(memfd_create("clipboard-test", MFD_CLOEXEC));
    if (file && write_all(file.get(), text).ok()) lseek(file.get(), 0, SEEK_SET);
    return file;
}

struct TestPipe {
    UniqueFd read_end;
    UniqueFd write_end;

    static TestPipe make() {
        int ends[2] = {-1, -1};
        if (pipe2(ends, O_CLOEXEC) != 0) return {};
        return {UniqueFd(ends[0]), UniqueFd(ends[1])};
    }
};

// Sets (or unsets, for an empty value) an environment variable for the test's lifetime: the
// clipboard tools inherit this process's environment, as they inherit the portal's.
class ScopedEnv {
  public:
    ScopedEnv(std::string name, const std::string& value) : name_(std::move(name)) {
        if (const char* old = std::getenv(name_.c_str())) old_ = old;
        if (value.empty())
            unsetenv(name_.c_str());
        else
            setenv(name_.c_str(), value.c_str(), 1);
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;
    ~ScopedEnv() {
        if (old_.empty())
            unsetenv(name_.c_str());
        else
            setenv(name_.c_str(), old_.c_str(), 1);
    }

  private:
    std::string name_;
    std::string old_;
};

}  // namespace sandbox::test
