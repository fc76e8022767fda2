#pragma once

// What `sandbox run` needs of a deployment's metadata: [Application] (or [Runtime]) name, the
// app's runtime, sdk, command and usr-overlay, and the permission groups.

#include <optional>
#include <string>
#include <string_view>

#include "sandbox/common/error.hpp"
#include "sandbox/permissions/context.hpp"
#include "sandbox/permissions/metadata.hpp"
#include "sandbox/store/ref.hpp"

namespace sandbox::run {

struct DeploymentMetadata {
    std::string name;
    std::optional<store::Ref> runtime;  // an app's runtime=ID/ARCH/BRANCH
    std::optional<store::Ref> sdk;
    std::string command;
    // [Application] usr-overlay: the app's files/ is a layer over the runtime's /usr
    // (usr_overlay.hpp).
    bool usr_overlay = false;
    permissions::Context context;
};

// `expected` is the ref the deployment is installed as: its kind's group must be there and name
// its ID.
Result<DeploymentMetadata> parse_deployment_metadata(std::string_view text,
                                                     const store::Ref& expected,
                                                     permissions::Warnings& warnings);

}  // namespace sandbox::run
