#include "desktop_exports.hpp"

#include <unistd.h>

#include "sandbox/exports/data_dirs_notice.hpp"
#include "sandbox/exports/exporter.hpp"

namespace sandbox::store {
namespace {

void warn(const InstallReporter& reporter, const std::string& line) {
    if (reporter.warning) reporter.warning(line);
}

// `sandbox` next to the running sandbox-cli: both are installed into the same bin directory, and
// in a build tree the exports then name that build's own `sandbox`.
std::string sandbox_binary() {
    char self[4096];
    const ssize_t length = ::readlink("/proc/self/exe", self, sizeof self - 1);
    if (length <= 0) return "sandbox";
    const std::string path(self, static_cast<std::size_t>(length));
    return path.substr(0, path.rfind('/') + 1) + "sandbox";
}

std::vector<std::string> launch_options(const Deployment& deployment) {
    std::vector<std::string> options;
    switch (deployment.installation.kind) {
        case InstallationKind::User:
            options.emplace_back("--user");
            break;
        case InstallationKind::System:
            options.emplace_back("--system");
            break;
        case InstallationKind::Custom:
            options.push_back("--installation=" + deployment.installation.base.string());
            break;
    }
    options.push_back("--branch=" + deployment.ref.branch);
    options.push_back("--arch=" + deployment.ref.arch);
    return options;
}

void refresh(const InstallationLocation& installation, const InstallReporter& reporter) {
    for (const auto& line : exports::refresh_caches(exports_dir(installation)))
        warn(reporter, line);
}

}  // namespace

void export_deployment(const Deployment& deployment, const InstallReporter& reporter) {
    if (deployment.ref.kind != RefKind::App) return;
    exports::ExportRequest request{
        .deployment_dir = deployment.dir,
        .exports_dir = exports_dir(deployment.installation),
        .launch = {sandbox_binary(), launch_options(deployment), deployment.ref.id},
        .owner = deployment.ref.str(),
    };
    auto outcome = exports::export_app(request);
    if (!outcome) {
        warn(reporter, "Can't export " + deployment.ref.str() +
                           " to the desktop: " + outcome.error().message());
        return;
    }
    for (const auto& line : outcome->warnings) warn(reporter, "Not exported: " + line);
    refresh(deployment.installation, reporter);
    if (auto notice = exports::data_dirs_notice_once(request.exports_dir / "share"))
        warn(reporter, *notice);
}

void unexport_ref(const InstallationLocation& installation, const Ref& ref,
                  const InstallReporter& reporter) {
    if (ref.kind != RefKind::App) return;
    if (auto removed = exports::unexport_app(exports_dir(installation), ref.id, ref.str());
        !removed)
        warn(reporter,
             "Can't remove the exports of " + ref.str() + ": " + removed.error().message());
    refresh(installation, reporter);
}

}  // namespace sandbox::store
