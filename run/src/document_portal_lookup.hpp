#pragma once

// Finding the document portal's store for `sandbox run` (the decisions are in document_mounts.hpp).

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sandbox/common/fd.hpp"
#include "sandbox/common/forked_child.hpp"

namespace sandbox::run {

// Started first thing in `sandbox run`. A live store costs an open and an fstatfs here. Without
// one, and with a session bus, sandbox-document-portal (run/document-portal/) asks
// org.freedesktop.portal.Documents for its mount point, which activates the portal, in a child
// process: the portal mounts its store while the rest of the sandbox is prepared.
//
// A FUSE daemon that hangs without dying makes fstatfs (and every later lookup in the store) wait
// for it; a dead one answers ENOTCONN at once. We do not guard against the hung daemon, as Flatpak
// does not: its mount is the user's own, and `fusermount3 -u -z` (or the connection's abort file)
// ends it.
class DocumentStoreLookup {
  public:
    // `store_path`: the host's $XDG_RUNTIME_DIR/doc; `session_bus`: its address, "" for none.
    static std::shared_ptr<DocumentStoreLookup> start(const std::string& store_path,
                                                      const std::string& session_bus);
    // The store's root (O_PATH), waiting for the portal if it was asked; empty when there is no
    // live store. A portal that did not answer in time adds one warning.
    UniqueFd store(std::vector<std::string>& warnings);

  private:
    explicit DocumentStoreLookup(std::string store_path) : store_path_(std::move(store_path)) {}
    void ask_portal(const std::string& session_bus);
    // The store path's parent: $XDG_RUNTIME_DIR.
    [[nodiscard]] std::string runtime_dir() const {
        return store_path_.substr(0, store_path_.rfind('/'));
    }

    std::string store_path_;
    std::string session_bus_;
    UniqueFd root_;
    std::optional<ForkedChild> portal_;
    std::chrono::steady_clock::time_point deadline_;
};

// The store's root when a FUSE filesystem answers there; empty otherwise (never mounted, or a
// dead daemon's ENOTCONN).
UniqueFd open_live_document_store(const std::string& store_path);

}  // namespace sandbox::run
