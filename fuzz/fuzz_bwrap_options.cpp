// libFuzzer target: sandbox-launch's option parser. The input is an argument vector, NUL-separated.
#include <fcntl.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "bwrap_options.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    // Options such as --args 0 read the fd they name: give them an empty stdin, never a terminal.
    int null_fd = ::open("/dev/null", O_RDONLY);
    ::dup2(null_fd, STDIN_FILENO);
    ::close(null_fd);
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
    const sandbox::launch_cli::CallerContext context{{"PATH=/usr/bin", "HOME=/home/user"}, true};
    auto parsed = sandbox::launch_cli::parse_bwrap_command_line(args, context);
    if (parsed.ok()) {
        // Whatever parses must be a plan the launcher can take: every op has a destination.
        for (const auto& op : parsed->plan.mounts)
            std::visit([](const auto& typed) { (void)typed.dest.size(); }, op);
    }
    return 0;
}
