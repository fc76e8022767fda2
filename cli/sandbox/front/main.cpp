// sandbox: the command users type. It holds only the subcommands whose start-up is the product
// (`run`) and links neither libostree nor GIO nor a shared GLib: loading those ~60 libraries cost
// about 8 ms of every `sandbox run` (docs/PERFORMANCE.md). Everything else (the other
// subcommands, --help, --version) is sandbox-cli's, exec'd from this program's directory with the
// same arguments.

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "subcommand.hpp"

namespace sandbox::cli {
namespace {

constexpr const char* kFullCli = "sandbox-cli";

std::string own_directory() {
    char path[4096];
    const ssize_t length = ::readlink("/proc/self/exe", path, sizeof path - 1);
    if (length <= 0) return {};
    std::string self(path, static_cast<std::size_t>(length));
    return self.substr(0, self.rfind('/'));
}

int exec_full_cli(char** argv) {
    const std::string directory = own_directory();
    if (directory.empty()) return fail("Can't find this program's directory in /proc/self/exe");
    const std::string full = directory + "/" + kFullCli;
    ::execv(full.c_str(), argv);
    return fail("Can't run " + full + ": " + std::strerror(errno));
}

}  // namespace
}  // namespace sandbox::cli

int main(int argc, char** argv) {
    using namespace sandbox::cli;
    if (argc > 1) {
        if (const Subcommand* subcommand = find_subcommand(argv[1])) {
            const std::vector<std::string> args(argv + 2, argv + argc);
            return subcommand->run(Args(args));
        }
    }
    return exec_full_cli(argv);
}
