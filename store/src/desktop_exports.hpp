#pragma once

// The store's side of desktop integration (docs/EXPORTS.md): after an app's deployment is
// switched its exports follow it, and they go when it is uninstalled. A failure there is a
// warning: the app itself is installed either way.

#include "sandbox/store/deployment.hpp"
#include "sandbox/store/installer.hpp"

namespace sandbox::store {

void export_deployment(const Deployment& deployment, const InstallReporter& reporter);
void unexport_ref(const InstallationLocation& installation, const Ref& ref,
                  const InstallReporter& reporter);

}  // namespace sandbox::store
