#include "document_portal_lookup.hpp"

#include <fcntl.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "document_portal_absence.hpp"
#include "sandbox/common/files.hpp"
#include "sandbox/run/document_mounts.hpp"
#include "sandbox/run/session_buses.hpp"
#include "sandbox/run/session_services.hpp"
#include "sibling_program.hpp"

namespace sandbox::run {
namespace {

constexpr const char* kHelper = "sandbox-document-portal";

// The portal's activation and its FUSE mount; the helper's own D-Bus timeout is the same.
constexpr std::chrono::milliseconds kPortalLimit{3000};

constexpr const char* kNoAnswer =
    "the document portal did not answer; files chosen in this app's dialogs will not be visible";

}  // namespace

UniqueFd open_live_document_store(const std::string& store_path) {
    // The mount's root: the lookup ends on it without asking the FUSE daemon; fstatfs asks it.
    UniqueFd root(::open(store_path.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!root) return {};
    struct statfs filesystem {};
    if (::fstatfs(root.get(), &filesystem) != 0 || !is_document_store_type(filesystem.f_type))
        return {};
    return root;
}

std::shared_ptr<DocumentStoreLookup> DocumentStoreLookup::start(const std::string& store_path,
                                                                const std::string& session_bus) {
    std::shared_ptr<DocumentStoreLookup> lookup(new DocumentStoreLookup(store_path));
    lookup->root_ = open_live_document_store(store_path);
    switch (document_store_step(static_cast<bool>(lookup->root_), !session_bus.empty())) {
        case DocumentStoreStep::BindAppView:
            return lookup;
        case DocumentStoreStep::StartPortal:
            if (document_portal_recently_absent(lookup->runtime_dir(), session_bus)) return nullptr;
            lookup->session_bus_ = session_bus;
            lookup->ask_portal(session_bus);
            return lookup;
        case DocumentStoreStep::Nothing:
            return nullptr;
    }
    return nullptr;
}

void DocumentStoreLookup::ask_portal(const std::string& session_bus) {
    deadline_ = std::chrono::steady_clock::now() + kPortalLimit;
    auto child = ForkedChild::start([&] {
        // The app's stdout and stderr are not the helper's to write on.
        const int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
        if (null < 0 || ::dup2(null, STDOUT_FILENO) < 0 || ::dup2(null, STDERR_FILENO) < 0)
            return 1;
        const std::string program = sibling_program(kHelper);
        const char* argv[] = {program.c_str(), session_bus.c_str(), nullptr};
        ::execv(program.c_str(), const_cast<char* const*>(argv));
        return 127;
    });
    if (child) portal_.emplace(std::move(*child));
}

UniqueFd DocumentStoreLookup::store(std::vector<std::string>& warnings) {
    if (root_ || !portal_) return std::move(root_);
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline_ - std::chrono::steady_clock::now());
    const bool answered = portal_->wait(std::max(left, std::chrono::milliseconds(0)));
    if (!answered) {
        portal_->kill_and_reap();
        warnings.emplace_back(kNoAnswer);
        return {};
    }
    // An error (no portal on this bus) leaves the app without a store, silently, as in Flatpak.
    if (portal_->status() != 0) {
        remember_document_portal_absent(runtime_dir(), session_bus_);
        return {};
    }
    return open_live_document_store(store_path_);
}

std::shared_ptr<DocumentStoreLookup> start_document_portal_lookup(const SessionHost& host) {
    return DocumentStoreLookup::start(host.runtime_dir + "/doc", find_host_buses(host).session);
}

Status grant_documents(const SessionHost& host, SessionServices& services) {
    if (!host.documents) return ok_status();
    UniqueFd store = host.documents->store(services.grants.warnings);
    const std::string view = document_app_view(host.app_id);
    if (!store || view.empty()) return ok_status();
    // Inside the store only: no link, no other mount (an app id is a name, never a way out).
    auto app_view = open_path(store.get(), view, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC,
                              RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_XDEV);
    if (!app_view) return ok_status();
    const DocumentStoreFacts facts{true, app_view->get()};
    services.owned.push_back(std::move(*app_view));
    for (launcher::MountOp& op : plan_document_mounts(facts, host.uid))
        services.grants.mounts.push_back(std::move(op));
    return ok_status();
}

}  // namespace sandbox::run
