#include "sandbox/run/document_mounts.hpp"

namespace sandbox::run {

DocumentStoreStep document_store_step(bool store_live, bool session_bus_known) {
    if (store_live) return DocumentStoreStep::BindAppView;
    return session_bus_known ? DocumentStoreStep::StartPortal : DocumentStoreStep::Nothing;
}

bool is_document_store_type(long filesystem_type) {
    return filesystem_type == kFuseSuperMagic;
}

std::string document_app_view(const std::string& app_id) {
    if (app_id.empty() || app_id == "." || app_id == ".." ||
        app_id.find('/') != std::string::npos || app_id.find('\0') != std::string::npos)
        return {};
    return "by-app/" + app_id;
}

std::string sandbox_document_dir(uid_t uid) {
    return "/run/user/" + std::to_string(uid) + "/doc";
}

std::vector<launcher::MountOp> plan_document_mounts(const DocumentStoreFacts& facts, uid_t uid) {
    if (!facts.live || facts.app_view_fd < 0) return {};
    const std::string dir = sandbox_document_dir(uid);
    return {launcher::BindMount{launcher::InheritedFd{facts.app_view_fd}, dir,
                                launcher::BindAccess::ReadWrite, false},
            launcher::MakeDir{"/run/flatpak", 0755},
            // Relative, so that it also resolves from the host through /proc/PID/root.
            launcher::MakeSymlink{"../user/" + std::to_string(uid) + "/doc", "/run/flatpak/doc"}};
}

}  // namespace sandbox::run
