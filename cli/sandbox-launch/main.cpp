// sandbox-launch: bubblewrap's command line, carried out by the sandbox launcher.

#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "bwrap_options.hpp"
#include "sandbox/launcher/launch.hpp"
#include "sandbox/launcher/seccomp_policy.hpp"

namespace {

constexpr const char* kProgramName = "sandbox-launch";

// Messages go to stderr as "sandbox-launch: …", with a syslog level in front after
// --level-prefix (as bwrap does, for journald).
class Messages {
  public:
    void use_level_prefix(bool enabled) { level_prefix_ = enabled; }
    void error(const std::string& text) const { print("<3>", text); }
    void warning(const std::string& text) const { print("<4>", text); }

  private:
    void print(const char* level, const std::string& text) const {
        std::fprintf(stderr, "%s%s: %s\n", level_prefix_ ? level : "", kProgramName, text.c_str());
    }
    bool level_prefix_ = false;
};

// --seccomp-default's program goes first, so that the caller's own programs are loaded after it.
sandbox::Status add_default_seccomp(sandbox::launch_cli::ParsedCommand& command) {
    if (!command.default_seccomp) return sandbox::ok_status();
    auto defaults = sandbox::launcher::default_seccomp_programs(*command.default_seccomp);
    if (!defaults) return defaults.take_error();
    auto& programs = command.plan.seccomp;
    programs.insert(programs.begin(), defaults->begin(), defaults->end());
    return sandbox::ok_status();
}

}  // namespace

int main(int argc, char** argv) {
    using namespace sandbox::launch_cli;
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        std::fputs(usage_text(kProgramName).c_str(), stderr);
        return 1;
    }

    Messages messages;
    bool level_prefix = false;
    auto parsed = parse_bwrap_command_line(args, current_caller_context(environ), &level_prefix);
    messages.use_level_prefix(level_prefix);
    if (!parsed) {
        messages.error(parsed.error().message());
        return 1;
    }
    for (const auto& warning : parsed->warnings) messages.warning(warning);
    if (parsed->help) {
        std::fputs(usage_text(kProgramName).c_str(), stdout);
        return 0;
    }
    if (parsed->version) {
        std::printf("%s %s\n", kProgramName, SANDBOX_LAUNCH_VERSION);
        return 0;
    }

    if (auto added = add_default_seccomp(*parsed); !added) {
        messages.error(added.error().message());
        return 1;
    }
    auto status = sandbox::launcher::launch(parsed->plan, {.program_name = kProgramName});
    if (!status) {
        messages.error(status.error().message());
        return 1;
    }
    return *status;
}
