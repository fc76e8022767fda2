// sandbox install [OPTION…] [REMOTE] REF|ID, or --bundle FILE: pulls what the ref needs (the
// app and its runtime), then deploys it; on any failure the installation is left as it was.

#include <filesystem>

#include "sandbox/store/installer.hpp"
#include "store_arguments.hpp"

namespace sandbox::cli {
namespace {

const CommandSpec kSpec{
    .name = "install",
    .usage = "[OPTION…] [REMOTE] REF|ID  or  --bundle FILE",
    .description =
        "Installs an app or runtime from a remote (all remotes are searched without REMOTE), with\n"
        "the runtime an app needs. REF may be partial: ID, ID//BRANCH, ID/ARCH/BRANCH, app/ID...\n"
        "If several refs match, they are listed and nothing is installed.\n\n"
        "  --bundle               install the single-file bundle FILE",
    .flags = {"--bundle"},
};

bool looks_like_bundle(const std::string& arg) {
    std::error_code ignored;
    return arg.ends_with(".flatpak") && std::filesystem::is_regular_file(arg, ignored);
}

int install_bundle(store::Installer& installer, const ParsedCommand& parsed) {
    if (parsed.positional.size() != 1) return fail("install --bundle needs one FILE");
    if (auto installed = installer.install_bundle(parsed.positional[0]); !installed)
        return fail(installed.error());
    return 0;
}

int install_ref(store::Installer& installer, const ParsedCommand& parsed) {
    if (parsed.positional.empty() || parsed.positional.size() > 2)
        return fail("install needs [REMOTE] REF|ID (see 'sandbox install --help')");
    store::InstallRequest request;
    if (parsed.positional.size() == 2) request.remote = parsed.positional[0];
    auto what = store::parse_partial_ref(parsed.positional.back());
    if (!what) return fail(what.error());
    request.what = *what;
    if (auto installed = installer.install(request); !installed) return fail(installed.error());
    return 0;
}

int run_parsed_command(const ParsedCommand& parsed) {
    auto installation = store::Installation::open(parsed.installation.installation,
                                                  store::OpenMode::CreateIfMissing);
    if (!installation) return fail(installation.error());
    store::Installer installer(*installation, console_reporter());
    bool bundle = parsed.flags.contains("--bundle") ||
                  (parsed.positional.size() == 1 && looks_like_bundle(parsed.positional[0]));
    return bundle ? install_bundle(installer, parsed) : install_ref(installer, parsed);
}

int run(Args args) {
    return run_parsed(kSpec, args, run_parsed_command);
}

}  // namespace

SANDBOX_SUBCOMMAND(install_registration, "install", "Install an app or runtime", run);

}  // namespace sandbox::cli
