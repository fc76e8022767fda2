#include "sandbox/run/locate.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <memory>

#include "sandbox/permissions/validation.hpp"

namespace sandbox::run {
namespace {

// The branches of BASE/app/ID/ARCH that have an active deployment.
std::vector<std::string> installed_branches(const store::InstallationLocation& installation,
                                            const std::string& id, const std::string& arch) {
    const store::Ref probe{store::RefKind::App, id, arch, "x"};
    const std::filesystem::path arch_dir = store::ref_dir(installation, probe).parent_path();
    std::vector<std::string> branches;
    std::unique_ptr<DIR, int (*)(DIR*)> dir(::opendir(arch_dir.c_str()), ::closedir);
    if (!dir) return branches;
    while (dirent* entry = ::readdir(dir.get())) {
        const std::string name = entry->d_name;
        if (!store::is_valid_branch(name)) continue;
        const std::string active = (arch_dir / name / "active").string();
        if (::faccessat(AT_FDCWD, active.c_str(), F_OK, AT_SYMLINK_NOFOLLOW) == 0)
            branches.push_back(name);
    }
    std::sort(branches.begin(), branches.end());
    return branches;
}

std::string joined(const std::vector<std::string>& items) {
    std::string text;
    for (const std::string& item : items) text += (text.empty() ? "" : ", ") + item;
    return text;
}

Status check_query(const AppQuery& query) {
    if (!store::is_valid_id(query.id))
        return usage_error("'" + permissions::printable(query.id) +
                           "' is not an application ID (reverse-DNS, like org.example.App)");
    if (!store::is_valid_branch(query.arch))
        return usage_error("Invalid arch '" + permissions::printable(query.arch) + "'");
    if (!query.branch.empty() && !store::is_valid_branch(query.branch))
        return usage_error("Invalid branch '" + permissions::printable(query.branch) + "'");
    return ok_status();
}

Result<std::optional<OpenedDeployment>> find_app_in(const store::InstallationLocation& installation,
                                                    const AppQuery& query) {
    std::string branch = query.branch;
    if (branch.empty()) {
        auto branches = installed_branches(installation, query.id, query.arch);
        if (branches.empty()) return std::optional<OpenedDeployment>();
        if (branches.size() > 1)
            return usage_error(query.id + " is installed in several branches (" + joined(branches) +
                               "); choose one with --branch");
        branch = branches.front();
    }
    return open_deployment(installation, {store::RefKind::App, query.id, query.arch, branch});
}

bool same_place(const store::InstallationLocation& a, const store::InstallationLocation& b) {
    return a.base == b.base;
}

}  // namespace

std::vector<store::InstallationLocation> search_order(
    const std::optional<store::InstallationLocation>& named) {
    if (named) return {*named};
    return {store::user_installation(), store::system_installation()};
}

Result<OpenedDeployment> find_app(const std::vector<store::InstallationLocation>& installations,
                                  const AppQuery& given) {
    AppQuery query = given;
    if (query.arch.empty()) query.arch = store::default_arch();
    SANDBOX_TRY(check_query(query));
    for (const store::InstallationLocation& installation : installations) {
        auto found = find_app_in(installation, query);
        if (!found) return found.take_error();
        if (*found) return std::move(**found);
    }
    return usage_error("App " + query.id + (query.branch.empty() ? "" : "//" + query.branch) +
                       " (" + query.arch + ") is not installed");
}

Result<OpenedDeployment> find_runtime(const store::InstallationLocation& first,
                                      const store::Ref& runtime) {
    std::vector<store::InstallationLocation> installations{first};
    for (const auto& other : search_order(std::nullopt))
        if (!same_place(other, first)) installations.push_back(other);
    for (const store::InstallationLocation& installation : installations) {
        auto found = open_deployment(installation, runtime);
        if (!found) return found.take_error();
        if (*found) return std::move(**found);
    }
    return usage_error("Runtime " + runtime.str() + " is not installed");
}

}  // namespace sandbox::run
