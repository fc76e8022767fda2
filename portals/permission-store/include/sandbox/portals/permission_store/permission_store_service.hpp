#pragma once

// org.freedesktop.impl.portal.PermissionStore (version 2) at
// /org/freedesktop/impl/portal/PermissionStore, over a PermissionDatabase. Only host callers
// are served: an app must not edit its own grants. Every change of the database (made here, by
// the frontend through the database, or found on disk after `sandbox permission-reset`) is
// emitted as Changed. The bus name is the owner's to request (kBusName).

#include <cstddef>
#include <memory>

#include "sandbox/portals/permission_store/permission_database.hpp"

namespace sdbus {
class IConnection;
}

namespace sandbox::portals {

class CallerIdentifier;

class PermissionStoreService {
  public:
    static constexpr const char* kBusName = "org.freedesktop.impl.portal.PermissionStore";
    static constexpr const char* kObjectPath = "/org/freedesktop/impl/portal/PermissionStore";
    static constexpr unsigned kVersion = 2;

    PermissionStoreService(sdbus::IConnection& bus, PermissionDatabase& db,
                           CallerIdentifier& callers);
    PermissionStoreService(const PermissionStoreService&) = delete;
    PermissionStoreService& operator=(const PermissionStoreService&) = delete;
    ~PermissionStoreService();

  private:
    class Adaptor;

    PermissionDatabase& db_;
    std::unique_ptr<Adaptor> adaptor_;
    std::size_t subscription_;
};

}  // namespace sandbox::portals
