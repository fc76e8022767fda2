// sandbox build-bundle [--runtime] REPO FILE ID [BRANCH], or REPO FILE REF: a single-file bundle
// in Flatpak's format (`flatpak install --bundle` takes it too).

#include "sandbox/store/bundle.hpp"
#include "sandbox/store/ref.hpp"
#include "store_arguments.hpp"

namespace sandbox::cli {
namespace {

const CommandSpec kSpec{
    .name = "build-bundle",
    .usage = "[--runtime] [--arch=ARCH] REPO FILE ID [BRANCH]",
    .description =
        "Writes the commit of app/ID/ARCH/BRANCH (runtime/... with --runtime) in "
        "the repository\nREPO as a single-file bundle FILE. ID may also be a full "
        "ref. BRANCH defaults to master.",
    .flags = {"--runtime"},
    .values = {"--arch"},
    .takes_installation = false,
};

Result<store::Ref> bundle_ref(const ParsedCommand& parsed) {
    const std::string& name = parsed.positional[2];
    if (name.starts_with("app/") || name.starts_with("runtime/")) return store::parse_ref(name);
    auto arch = parsed.values.find("--arch");
    std::string ref = std::string(parsed.flags.contains("--runtime") ? "runtime/" : "app/") + name +
                      "/" + (arch != parsed.values.end() ? arch->second : store::default_arch()) +
                      "/" + (parsed.positional.size() > 3 ? parsed.positional[3] : "master");
    return store::parse_ref(ref);
}

int run_parsed_command(const ParsedCommand& parsed) {
    if (parsed.positional.size() < 3 || parsed.positional.size() > 4)
        return fail("build-bundle needs REPO FILE ID [BRANCH] (see 'sandbox build-bundle --help')");
    auto ref = bundle_ref(parsed);
    if (!ref) return fail(ref.error());
    if (auto written = store::write_bundle(parsed.positional[0], *ref, parsed.positional[1]);
        !written)
        return fail(written.error());
    return 0;
}

int run(Args args) {
    return run_parsed(kSpec, args, run_parsed_command);
}

}  // namespace

SANDBOX_SUBCOMMAND(build_bundle_registration, "build-bundle", "Write a single-file bundle", run);

}  // namespace sandbox::cli
