#include "sandbox/portals/documents/documents_service.hpp"

#include "mount_paths.hpp"
#include "sandbox/portals/documents/fd_validation.hpp"
#include "sandbox/portals/documents/path_remap.hpp"
#include "sandbox/portals/portal_errors.hpp"

namespace sandbox::portals::documents {
namespace {

constexpr std::uint32_t kKnownAddFlags =
    kAddReuseExisting | kAddPersistent | kAddAsNeededByApp | kAddExportDirectory;

std::vector<uint8_t> byte_string(const std::filesystem::path& path) {
    const std::string& text = path.native();
    std::vector<uint8_t> bytes(text.begin(), text.end());
    bytes.push_back(0);
    return bytes;
}

// A D-Bus byte string: its trailing NULs dropped, none allowed inside.
std::string from_byte_string(const std::vector<uint8_t>& bytes) {
    std::string text(bytes.begin(), bytes.end());
    while (!text.empty() && text.back() == '\0') text.pop_back();
    if (text.find('\0') != std::string::npos)
        throw_portal_error(kErrorInvalidArgument, "Invalid file name");
    return text;
}

DocumentPermissions parsed_permissions(const std::vector<std::string>& names) {
    std::string unknown;
    auto permissions = parse_permissions(names, &unknown);
    if (!permissions) throw_portal_error(kErrorInvalidArgument, "No such permission: " + unknown);
    return *permissions;
}

void check_app_id(const std::string& app_id) {
    if (!is_valid_app_id(app_id)) throw_portal_error(kErrorInvalidArgument, "Invalid app id");
}

void check_flags(std::uint32_t flags) {
    if ((flags & ~kKnownAddFlags) != 0)
        throw_portal_error(kErrorInvalidArgument, "Unknown flags " + std::to_string(flags));
}

// What the calling app itself gets on a file it exports: its fd's access, and the right to pass
// it on.
DocumentPermissions own_permissions(bool writable) {
    return DocumentPermissions{true, writable, true, writable};
}

}  // namespace

struct DocumentsService::Export {
    std::filesystem::path host_path;
    bool writable = false;
    bool directory = false;
    bool named = false;
};

DocumentsService::DocumentsService(sdbus::IConnection& bus, DocumentStore& store,
                                   CallerIdentifier& callers, std::filesystem::path mountpoint)
    : AdaptorInterfaces(bus, kDocumentsObjectPath),
      store_(store),
      callers_(callers),
      mountpoint_(std::move(mountpoint)) {
    registerAdaptor();
}

DocumentsService::~DocumentsService() {
    unregisterAdaptor();
}

Caller DocumentsService::current_caller() {
    const sdbus::Message* message = getObject().getCurrentlyProcessedMessage();
    if (message == nullptr) throw_portal_error(kErrorNotAllowed, "No caller");
    auto caller = callers_.identify(message->getSender());
    if (!caller) throw_portal_error(kErrorNotAllowed, caller.error().message());
    return caller.value();
}

Caller DocumentsService::host_caller_or_throw() {
    Caller caller = current_caller();
    if (!caller.is_host()) throw_portal_error(kErrorNotAllowed, "Not allowed inside a sandbox");
    return caller;
}

DocumentsService::ExtraOut DocumentsService::extra_out() const {
    return ExtraOut{{"mountpoint", sdbus::Variant(byte_string(mountpoint_))}};
}

DocumentsService::Export DocumentsService::checked_export(const sdbus::UnixFd& fd,
                                                          const Caller& caller,
                                                          const std::string* name) {
    PathRemap remap{mountpoint_, default_path_remap().sandbox_doc_path};
    auto file = validate_caller_fd(fd.get(), caller, remap);
    if (!file) throw_portal_error(kErrorInvalidArgument, kInvalidFdMessage);
    Export result{file->host_path, file->writable, file->directory, false};
    if (name != nullptr) {
        if (!file->directory || !is_valid_document_name(*name))
            throw_portal_error(kErrorInvalidArgument, "Invalid file name");
        result.host_path /= *name;
        result.directory = false;
        result.named = true;
    }
    if (relative_to(result.host_path, mountpoint_)) {
        // A document of ours passed back in: it stands for the document's own host file.
        auto document = document_behind_mount_path(store_, mountpoint_, result.host_path);
        if (!document) throw_portal_error(kErrorInvalidArgument, kInvalidFdMessage);
        result.host_path = document->host_path;
        result.directory = document->directory;
    }
    return result;
}

std::string DocumentsService::export_one(const Export& file, const Caller& caller,
                                         std::uint32_t flags, const std::string& app_id,
                                         const DocumentPermissions& granted) {
    bool directory = (flags & kAddExportDirectory) != 0;
    if (file.directory != directory)
        throw_portal_error(kErrorInvalidArgument,
                           directory ? "Not a directory" : "Not a regular file");
    if (granted.write && !file.writable)
        throw_portal_error(kErrorNotAllowed, "Not enough permissions");
    ExportOptions options{(flags & kAddReuseExisting) != 0, (flags & kAddPersistent) != 0,
                          file.named, directory};
    std::string exporter = caller.is_host() ? std::string() : caller.app_id;
    auto id =
        store_.export_for_app(file.host_path, exporter, own_permissions(file.writable), options);
    if (!id) throw_portal_error(kErrorFailed, "Can't export the file");
    if (!app_id.empty() && granted.any()) {
        if (auto status = store_.grant(id.value(), app_id, granted); !status)
            throw_portal_error(kErrorFailed, "Can't grant permissions");
    }
    return id.value();
}

std::vector<uint8_t> DocumentsService::GetMountPoint() {
    return byte_string(mountpoint_);
}

std::string DocumentsService::Add(const sdbus::UnixFd& o_path_fd, const bool& reuse_existing,
                                  const bool& persistent) {
    Caller caller = current_caller();
    Export file = checked_export(o_path_fd, caller, nullptr);
    std::uint32_t flags =
        (reuse_existing ? kAddReuseExisting : 0) | (persistent ? kAddPersistent : 0);
    return export_one(file, caller, flags, {}, {});
}

std::string DocumentsService::AddNamed(const sdbus::UnixFd& o_path_parent_fd,
                                       const std::vector<uint8_t>& filename,
                                       const bool& reuse_existing, const bool& persistent) {
    Caller caller = current_caller();
    std::string name = from_byte_string(filename);
    Export file = checked_export(o_path_parent_fd, caller, &name);
    std::uint32_t flags =
        (reuse_existing ? kAddReuseExisting : 0) | (persistent ? kAddPersistent : 0);
    return export_one(file, caller, flags, {}, {});
}

std::tuple<std::vector<std::string>, DocumentsService::ExtraOut> DocumentsService::AddFull(
    const std::vector<sdbus::UnixFd>& o_path_fds, const uint32_t& flags, const std::string& app_id,
    const std::vector<std::string>& permissions) {
    Caller caller = current_caller();
    check_flags(flags);
    DocumentPermissions granted = parsed_permissions(permissions);
    if (!app_id.empty()) check_app_id(app_id);
    std::vector<Export> files;
    for (const auto& fd : o_path_fds) files.push_back(checked_export(fd, caller, nullptr));
    std::vector<std::string> ids;
    for (const auto& file : files) ids.push_back(export_one(file, caller, flags, app_id, granted));
    return {ids, extra_out()};
}

std::tuple<std::string, DocumentsService::ExtraOut> DocumentsService::AddNamedFull(
    const sdbus::UnixFd& o_path_fd, const std::vector<uint8_t>& filename, const uint32_t& flags,
    const std::string& app_id, const std::vector<std::string>& permissions) {
    Caller caller = current_caller();
    check_flags(flags);
    if ((flags & kAddExportDirectory) != 0)
        throw_portal_error(kErrorInvalidArgument, "A named document can't be a directory");
    DocumentPermissions granted = parsed_permissions(permissions);
    if (!app_id.empty()) check_app_id(app_id);
    std::string name = from_byte_string(filename);
    Export file = checked_export(o_path_fd, caller, &name);
    return {export_one(file, caller, flags, app_id, granted), extra_out()};
}

void DocumentsService::GrantPermissions(const std::string& doc_id, const std::string& app_id,
                                        const std::vector<std::string>& permissions) {
    Caller caller = current_caller();
    DocumentPermissions wanted = parsed_permissions(permissions);
    check_app_id(app_id);
    if (!store_.find(doc_id)) throw_portal_error(kErrorNotFound, "Invalid ID passed");
    if (!caller.is_host()) {
        DocumentPermissions own = store_.permissions(doc_id, caller.app_id);
        if (!own.grant_permissions || !own.covers(wanted))
            throw_portal_error(kErrorNotAllowed, "Not enough permissions");
    }
    if (!store_.grant(doc_id, app_id, wanted))
        throw_portal_error(kErrorFailed, "Can't grant permissions");
}

void DocumentsService::RevokePermissions(const std::string& doc_id, const std::string& app_id,
                                         const std::vector<std::string>& permissions) {
    Caller caller = current_caller();
    DocumentPermissions taken = parsed_permissions(permissions);
    check_app_id(app_id);
    if (!store_.find(doc_id)) throw_portal_error(kErrorNotFound, "Invalid ID passed");
    if (!caller.is_host()) {
        if (!store_.permissions(doc_id, caller.app_id).grant_permissions)
            throw_portal_error(kErrorNotAllowed, "Not enough permissions");
        if (app_id == caller.app_id)
            throw_portal_error(kErrorNotAllowed, "An app can't revoke its own permissions");
    }
    if (!store_.revoke(doc_id, app_id, taken))
        throw_portal_error(kErrorFailed, "Can't revoke permissions");
}

void DocumentsService::Delete(const std::string& doc_id) {
    Caller caller = current_caller();
    if (!store_.find(doc_id)) throw_portal_error(kErrorNotFound, "Invalid ID passed");
    if (!caller.is_host() && !store_.permissions(doc_id, caller.app_id).remove)
        throw_portal_error(kErrorNotAllowed, "Not enough permissions");
    if (!store_.remove(doc_id)) throw_portal_error(kErrorFailed, "Can't delete the document");
}

std::string DocumentsService::Lookup(const std::vector<uint8_t>& filename) {
    host_caller_or_throw();
    std::filesystem::path path = from_byte_string(filename);
    if (relative_to(path, mountpoint_)) {
        auto document = document_behind_mount_path(store_, mountpoint_, path);
        return document ? document->id : std::string();
    }
    return store_.lookup(path).value_or(std::string());
}

std::tuple<std::vector<uint8_t>, std::map<std::string, std::vector<std::string>>>
DocumentsService::Info(const std::string& doc_id) {
    host_caller_or_throw();
    auto document = store_.find(doc_id);
    if (!document) throw_portal_error(kErrorNotFound, "Invalid ID passed");
    std::map<std::string, std::vector<std::string>> apps;
    for (const auto& [app_id, permissions] : document->apps)
        apps[app_id] = permission_names(permissions);
    return {byte_string(document->host_path), apps};
}

std::map<std::string, std::vector<uint8_t>> DocumentsService::List(const std::string& app_id) {
    host_caller_or_throw();
    std::map<std::string, std::vector<uint8_t>> result;
    for (const auto& document : store_.list(app_id))
        result[document.id] = byte_string(document.host_path);
    return result;
}

}  // namespace sandbox::portals::documents
