#pragma once

// The document store as a FUSE filesystem (the service mounts it at $XDG_RUNTIME_DIR/doc):
//   /DOCID/NAME                  the host's view: every document
//   /by-app/APPID/DOCID/NAME     an app's view: only the documents it has a grant on
// Mode bits show the viewing app's grant. Served by a thread of its own; unmounted, and the
// thread joined, on destruction.

#include <filesystem>
#include <memory>
#include <thread>

#include "sandbox/common/error.hpp"
#include "sandbox/common/fd.hpp"
#include "sandbox/portals/documents/document_store.hpp"

struct fuse_session;

namespace sandbox::portals::documents {

class DocumentFilesystem;

class DocumentFuse {
  public:
    // Mounts (through fusermount3, as an ordinary user) at `mountpoint`, made 0700 if missing.
    // A dead mount left there by a killed portal is lazily unmounted first.
    static Result<std::unique_ptr<DocumentFuse>> mount(DocumentStore& store,
                                                       const std::filesystem::path& mountpoint);

    DocumentFuse(const DocumentFuse&) = delete;
    DocumentFuse& operator=(const DocumentFuse&) = delete;
    ~DocumentFuse();

    [[nodiscard]] const std::filesystem::path& mountpoint() const { return mountpoint_; }

  private:
    DocumentFuse(std::filesystem::path mountpoint, std::unique_ptr<DocumentFilesystem> filesystem);
    void serve();

    std::filesystem::path mountpoint_;
    std::unique_ptr<DocumentFilesystem> filesystem_;
    fuse_session* session_ = nullptr;
    UniqueFd stop_event_;
    std::thread thread_;
};

// Lazily unmounts (fusermount3 -u -z) a FUSE mount at `mountpoint` whose server is gone
// (stat fails with ENOTCONN); does nothing otherwise.
Status clear_stale_mount(const std::filesystem::path& mountpoint);

}  // namespace sandbox::portals::documents
