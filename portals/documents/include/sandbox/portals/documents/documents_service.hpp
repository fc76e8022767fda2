#pragma once

// org.freedesktop.portal.Documents (version 4) at /org/freedesktop/portal/documents: exports
// files into the store for the host and for sandboxed apps, who may pass on, take back or delete
// only what they were given the right to.

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include <sdbus-c++/sdbus-c++.h>

#include "portals/generated/org.freedesktop.portal.Documents_adaptor.h"
#include "sandbox/portals/caller.hpp"
#include "sandbox/portals/documents/document_store.hpp"

namespace sandbox::portals::documents {

inline constexpr const char* kDocumentsObjectPath = "/org/freedesktop/portal/documents";
inline constexpr std::uint32_t kDocumentsVersion = 4;

// AddFull / AddNamedFull flags.
inline constexpr std::uint32_t kAddReuseExisting = 1;
inline constexpr std::uint32_t kAddPersistent = 2;
inline constexpr std::uint32_t kAddAsNeededByApp = 4;
inline constexpr std::uint32_t kAddExportDirectory = 8;

class DocumentsService final
    : public sdbus::AdaptorInterfaces<org::freedesktop::portal::Documents_adaptor> {
  public:
    DocumentsService(sdbus::IConnection& bus, DocumentStore& store, CallerIdentifier& callers,
                     std::filesystem::path mountpoint);
    DocumentsService(const DocumentsService&) = delete;
    DocumentsService& operator=(const DocumentsService&) = delete;
    ~DocumentsService();

  private:
    using ExtraOut = std::map<std::string, sdbus::Variant>;

    std::vector<uint8_t> GetMountPoint() override;
    std::string Add(const sdbus::UnixFd& o_path_fd, const bool& reuse_existing,
                    const bool& persistent) override;
    std::string AddNamed(const sdbus::UnixFd& o_path_parent_fd,
                         const std::vector<uint8_t>& filename, const bool& reuse_existing,
                         const bool& persistent) override;
    std::tuple<std::vector<std::string>, ExtraOut> AddFull(
        const std::vector<sdbus::UnixFd>& o_path_fds, const uint32_t& flags,
        const std::string& app_id, const std::vector<std::string>& permissions) override;
    std::tuple<std::string, ExtraOut> AddNamedFull(
        const sdbus::UnixFd& o_path_fd, const std::vector<uint8_t>& filename, const uint32_t& flags,
        const std::string& app_id, const std::vector<std::string>& permissions) override;
    void GrantPermissions(const std::string& doc_id, const std::string& app_id,
                          const std::vector<std::string>& permissions) override;
    void RevokePermissions(const std::string& doc_id, const std::string& app_id,
                           const std::vector<std::string>& permissions) override;
    void Delete(const std::string& doc_id) override;
    std::string Lookup(const std::vector<uint8_t>& filename) override;
    std::tuple<std::vector<uint8_t>, std::map<std::string, std::vector<std::string>>> Info(
        const std::string& doc_id) override;
    std::map<std::string, std::vector<uint8_t>> List(const std::string& app_id) override;
    uint32_t version() override { return kDocumentsVersion; }

    struct Export;
    Caller current_caller();
    Caller host_caller_or_throw();
    // The file behind a caller's fd (with `name`: the entry `name` of the directory behind it),
    // a path through the mount being taken back to the document's own host path.
    Export checked_export(const sdbus::UnixFd& fd, const Caller& caller, const std::string* name);
    std::string export_one(const Export& file, const Caller& caller, std::uint32_t flags,
                           const std::string& app_id, const DocumentPermissions& granted);
    ExtraOut extra_out() const;

    DocumentStore& store_;
    CallerIdentifier& callers_;
    std::filesystem::path mountpoint_;
};

}  // namespace sandbox::portals::documents
