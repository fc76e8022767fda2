#pragma once

// Reading what an installation has deployed, from the files alone (no repository opened): what
// `sandbox run`, `list` and `info` need. A ref is installed when BASE/KIND/ID/ARCH/BRANCH/active
// points at a COMMIT directory holding metadata, files/ and export/.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sandbox/common/error.hpp"
#include "sandbox/store/layout.hpp"
#include "sandbox/store/metadata.hpp"
#include "sandbox/store/ref.hpp"

namespace sandbox::store {

struct Deployment {
    InstallationLocation installation;
    Ref ref;
    std::string commit;
    std::filesystem::path dir;  // BASE/KIND/ID/ARCH/BRANCH/COMMIT
    std::string origin;         // the remote it came from; empty when installed from a bundle
    std::uint64_t installed_size = 0;

    [[nodiscard]] std::filesystem::path files() const { return dir / "files"; }
    [[nodiscard]] std::filesystem::path metadata_file() const { return dir / "metadata"; }
    [[nodiscard]] std::filesystem::path export_dir() const { return dir / "export"; }
};

// What a deployment's `deployment` file records.
struct DeploymentInfo {
    Ref ref;
    std::string commit;
    std::string origin;
    std::uint64_t installed_size = 0;
};

// The active deployment of `ref`; nullopt when the ref is not installed in `installation`.
Result<std::optional<Deployment>> find_deployment(const InstallationLocation& installation,
                                                  const Ref& ref);

// Every active deployment: apps, then runtimes, each sorted by ref.
Result<std::vector<Deployment>> list_deployments(const InstallationLocation& installation);

// The one installed ref that `partial` names (e.g. `sandbox run org.example.App`); several
// matching branches is an error naming them.
Result<Deployment> find_installed(const InstallationLocation& installation,
                                  const PartialRef& partial);

// The deployment's metadata file, parsed.
Result<Metadata> read_metadata(const Deployment& deployment);

// A commit checksum as OSTree writes it: 64 lowercase hex digits.
bool is_valid_commit(std::string_view text);

std::string format_deployment_info(const DeploymentInfo& info);
Result<DeploymentInfo> parse_deployment_info(std::string_view text);

}  // namespace sandbox::store
