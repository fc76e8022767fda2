#pragma once

// The document portal's store (docs/SESSION.md, "Documents"): a FUSE filesystem the portal mounts
// at the host's $XDG_RUNTIME_DIR/doc, holding DOCID/NAME for the host and by-app/ID/DOCID/NAME,
// the documents granted to app ID. A sandbox sees its app's view, and only that, at
// /run/user/UID/doc, where the portal's FileChooser URIs point; /run/flatpak/doc, where apps
// built for Flatpak look, is a link to it. The decisions here are pure; document_portal_lookup.*
// gathers the facts.

#include <sys/types.h>

#include <string>
#include <vector>

#include "sandbox/launcher/plan.hpp"

namespace sandbox::run {

// statfs(2)'s f_type of a FUSE filesystem.
inline constexpr long kFuseSuperMagic = 0x65735546;

// What `sandbox run` does about the store before the sandbox is planned.
enum class DocumentStoreStep {
    BindAppView,  // the store is mounted: bind the app's view
    StartPortal,  // not mounted, a session bus: ask the portal for it (which starts it), then bind
    Nothing,      // no store and no session bus to start one on
};
DocumentStoreStep document_store_step(bool store_live, bool session_bus_known);

// Whether statfs' f_type names a FUSE filesystem (the portal's store is one).
bool is_document_store_type(long filesystem_type);

// "by-app/ID", the app's view relative to the store's mount point; "" for an ID that is not one
// path component (it would name another directory of the store).
std::string document_app_view(const std::string& app_id);

// /run/user/UID/doc: where the sandbox sees its view.
std::string sandbox_document_dir(uid_t uid);

struct DocumentStoreFacts {
    bool live = false;     // a FUSE filesystem answers at $XDG_RUNTIME_DIR/doc
    int app_view_fd = -1;  // by-app/ID in it (O_PATH, opened without following links); -1: none
};

// The app's view bound read-write at /run/user/UID/doc, and /run/flatpak/doc linked to it; nothing
// when the store is not live or has no view for the app.
std::vector<launcher::MountOp> plan_document_mounts(const DocumentStoreFacts& facts, uid_t uid);

}  // namespace sandbox::run
