#pragma once

// The options every command that touches an installation takes, as Flatpak spells them:
// --user (the default for an ordinary user), --system, --installation=DIR, and
// -y/--noninteractive/--assumeyes.

#include <string>
#include <vector>

#include "sandbox/common/error.hpp"
#include "sandbox/store/layout.hpp"
#include "subcommand.hpp"

namespace sandbox::cli {

struct InstallationOptions {
    store::InstallationLocation installation;
    bool chosen = false;  // one of --user/--system/--installation was given
    bool noninteractive = false;
};

// Takes the installation options out of args; the rest is returned in order. Two different
// installations named is an error.
Result<InstallationOptions> take_installation_options(Args args, std::vector<std::string>& rest);

}  // namespace sandbox::cli
