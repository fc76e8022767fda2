#include "portal_service.hpp"

#include <sdbus-c++/sdbus-c++.h>

#include "app_choices.hpp"
#include "backend_proxies.hpp"
#include "clipboard_grants.hpp"
#include "clipboard_portal.hpp"
#include "file_chooser_portal.hpp"
#include "open_uri_portal.hpp"
#include "portal_context.hpp"
#include "sandbox/instances/runtime_dir.hpp"
#include "sandbox/portals/documents/document_fuse.hpp"
#include "sandbox/portals/documents/document_store.hpp"
#include "sandbox/portals/documents/documents_service.hpp"
#include "sandbox/portals/permission_store/permission_database.hpp"
#include "sandbox/portals/permission_store/permission_store_service.hpp"

namespace sandbox::portals {
namespace {

constexpr const char* kDesktopPath = "/org/freedesktop/portal/desktop";
constexpr const char* kDriverName = "org.freedesktop.DBus";
constexpr const char* kDriverPath = "/org/freedesktop/DBus";

Status request_names(sdbus::IConnection& bus) {
    for (const char* name : {PortalService::kDesktopName, PortalService::kDocumentsName,
                             PermissionStoreService::kBusName}) {
        try {
            bus.requestName(name);
        } catch (const sdbus::Error&) {
            return usage_error(std::string(name) + " is already owned: another portal runs");
        }
    }
    return ok_status();
}

}  // namespace

struct PortalService::Parts {
    sdbus::IConnection& bus;
    std::unique_ptr<documents::DocumentStore> store;
    std::unique_ptr<PermissionDatabase> database;
    CallerIdentifier callers;
    Requests requests;
    BackendProxies backends;
    AppChoices app_choices;
    std::unique_ptr<sdbus::IObject> desktop;
    PortalContext context;
    std::unique_ptr<FileChooserPortal> file_chooser;
    std::unique_ptr<OpenURIPortal> open_uri;
    std::unique_ptr<ClipboardPortal> clipboard;
    std::unique_ptr<documents::DocumentsService> documents;
    std::unique_ptr<PermissionStoreService> permission_store;
    std::unique_ptr<sdbus::IProxy> driver;
    // Last: torn down first, so that no FUSE request reaches a store being destroyed.
    std::unique_ptr<documents::DocumentFuse> fuse;

    Parts(sdbus::IConnection& connection, std::unique_ptr<documents::DocumentStore> document_store,
          std::unique_ptr<PermissionDatabase> permission_database,
          const std::filesystem::path& instances_dir)
        : bus(connection),
          store(std::move(document_store)),
          database(std::move(permission_database)),
          callers(connection, instances_dir),
          requests(connection),
          backends(connection),
          app_choices(*database),
          desktop(sdbus::createObject(connection, kDesktopPath)),
          context{*desktop, requests, callers, backends, *store, app_choices} {}
};

Result<PortalPaths> portal_paths() {
    PortalPaths paths;
    auto runtime_dir = instances::user_runtime_dir();
    if (!runtime_dir) return runtime_dir.take_error();
    auto instances_dir = instances::instances_dir();
    if (!instances_dir) return instances_dir.take_error();
    auto database_dir = PermissionDatabase::default_directory();
    if (!database_dir) return database_dir.take_error();
    return PortalPaths{*runtime_dir, *instances_dir, *database_dir};
}

Result<std::unique_ptr<PortalService>> PortalService::start(sdbus::IConnection& bus,
                                                            const PortalPaths& paths) {
    auto database = PermissionDatabase::open(paths.database_dir);
    if (!database) return database.take_error();
    auto store = documents::DocumentStore::open(paths.database_dir / "documents");
    if (!store) return store.take_error();
    auto parts =
        std::make_unique<Parts>(bus, std::move(*store), std::move(*database), paths.instances_dir);
    const std::filesystem::path mountpoint = paths.runtime_dir / "doc";

    parts->file_chooser = std::make_unique<FileChooserPortal>(parts->context);
    parts->open_uri = std::make_unique<OpenURIPortal>(parts->context);
    parts->clipboard =
        make_clipboard_portal(*parts->desktop, parts->requests, parts->callers, *parts->database);
    parts->desktop->finishRegistration();
    parts->documents = std::make_unique<documents::DocumentsService>(bus, *parts->store,
                                                                     parts->callers, mountpoint);
    parts->permission_store =
        std::make_unique<PermissionStoreService>(bus, *parts->database, parts->callers);

    // A sender that left: its identity and its open requests go with it.
    parts->driver = sdbus::createProxy(bus, kDriverName, kDriverPath);
    parts->driver->uponSignal("NameOwnerChanged")
        .onInterface(kDriverName)
        .call([raw = parts.get()](const std::string& name, const std::string&,
                                  const std::string& new_owner) {
            if (!name.starts_with(':') || !new_owner.empty()) return;
            raw->callers.forget(name);
            raw->requests.sender_left(name);
        });
    parts->driver->finishRegistration();

    // The names first: dbus-daemon may start a second portal when two of them are activated at
    // once, and the loser must leave before it mounts anything. Calls wait in the socket until
    // the store is mounted and the loop runs.
    if (auto owned = request_names(bus); !owned) return owned.take_error();
    auto fuse = documents::DocumentFuse::mount(*parts->store, mountpoint);
    if (!fuse) return fuse.take_error();
    parts->fuse = std::move(*fuse);
    return std::unique_ptr<PortalService>(new PortalService(std::move(parts)));
}

PortalService::PortalService(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

PortalService::~PortalService() = default;

}  // namespace sandbox::portals
