#include "installation_options.hpp"

namespace sandbox::cli {
namespace {

Status choose(InstallationOptions& options, store::InstallationLocation location,
              const std::string& option) {
    if (options.chosen &&
        (options.installation.kind != location.kind || options.installation.base != location.base))
        return usage_error("Only one of --user, --system and --installation may be given (" +
                           option + ")");
    options.installation = std::move(location);
    options.chosen = true;
    return ok_status();
}

}  // namespace

Result<InstallationOptions> take_installation_options(Args args, std::vector<std::string>& rest) {
    InstallationOptions options;
    options.installation = store::user_installation();
    const std::string installation_prefix = "--installation=";
    for (const std::string& arg : args) {
        if (arg == "--user") {
            SANDBOX_TRY(choose(options, store::user_installation(), arg));
        } else if (arg == "--system") {
            SANDBOX_TRY(choose(options, store::system_installation(), arg));
        } else if (arg.rfind(installation_prefix, 0) == 0) {
            std::string dir = arg.substr(installation_prefix.size());
            if (dir.empty() || dir[0] != '/')
                return usage_error("--installation needs an absolute directory, got '" + dir + "'");
            SANDBOX_TRY(choose(options,
                               {store::InstallationKind::Custom, std::filesystem::path(dir)}, arg));
        } else if (arg == "-y" || arg == "--noninteractive" || arg == "--assumeyes") {
            options.noninteractive = true;
        } else {
            rest.push_back(arg);
        }
    }
    return options;
}

}  // namespace sandbox::cli
