// libFuzzer target: sandbox-launch's option parser. The input is an argument vector, NUL-separated.
#include <fcntl.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "bwrap_options.hpp"

namespace {

int null_fd = -1;

// Options such as --args FD and --file FD read the fd they name. Any open fd an input names other
// than ours (libFuzzer's own pipes, whatever the caller passed) becomes /dev/null, so no input can
// block on a pipe or consume the fuzzer's fds.
void only_harmless_fds(std::vector<std::string>& args) {
    for (std::string& arg : args) {
        if (arg.empty() || arg.size() > 9 ||
            arg.find_first_not_of("0123456789") != std::string::npos)
            continue;
        const int fd = std::stoi(arg);
        if (fd != null_fd && ::fcntl(fd, F_GETFD) >= 0) arg = std::to_string(null_fd);
    }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    ::dup2(null_fd, STDIN_FILENO);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<std::string> args;
    std::string current;
    for (std::size_t i = 0; i < size; ++i) {
        if (data[i] == 0) {
            args.push_back(std::move(current));
            current.clear();
        } else {
            current.push_back(static_cast<char>(data[i]));
        }
    }
    args.push_back(std::move(current));
    only_harmless_fds(args);
    const sandbox::launch_cli::CallerContext context{{"PATH=/usr/bin", "HOME=/home/user"}, true};
    auto parsed = sandbox::launch_cli::parse_bwrap_command_line(args, context);
    if (parsed.ok()) {
        // Whatever parses must be a plan the launcher can take: every op has a destination.
        for (const auto& op : parsed->plan.mounts)
            std::visit([](const auto& typed) { (void)typed.dest.size(); }, op);
    }
    return 0;
}
