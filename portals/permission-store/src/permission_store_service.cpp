#include "sandbox/portals/permission_store/permission_store_service.hpp"

#include <sdbus-c++/sdbus-c++.h>

#include "portals/generated/org.freedesktop.impl.portal.PermissionStore_adaptor.h"
#include "sandbox/portals/caller.hpp"
#include "sandbox/portals/permission_store/variant_conversion.hpp"
#include "sandbox/portals/portal_errors.hpp"

namespace sandbox::portals {
namespace {

using PermissionMap = std::map<std::string, std::vector<std::string>>;

// A validation error is the caller's (InvalidArgument); a failing file or system call is ours.
[[noreturn]] void throw_database_error(const Error& error) {
    throw_portal_error(error.code == 0 ? kErrorInvalidArgument : kErrorFailed, error.message());
}

template <typename T>
T checked(Result<T> result) {
    if (!result) throw_database_error(result.error());
    return std::move(result.value());
}

void found_or_throw(bool found, const std::string& table, const std::string& id) {
    if (!found) throw_portal_error(kErrorNotFound, "No entry for " + id + " in table " + table);
}

}  // namespace

class PermissionStoreService::Adaptor final
    : public sdbus::AdaptorInterfaces<org::freedesktop::impl::portal::PermissionStore_adaptor> {
  public:
    Adaptor(sdbus::IConnection& bus, PermissionDatabase& db, CallerIdentifier& callers)
        : AdaptorInterfaces(bus, kObjectPath), db_(db), callers_(callers) {
        registerAdaptor();
    }
    Adaptor(const Adaptor&) = delete;
    Adaptor& operator=(const Adaptor&) = delete;
    ~Adaptor() { unregisterAdaptor(); }

    void emit(const PermissionChange& change) {
        emitChanged(change.table, change.id, change.deleted, sdbus_from_gvariant(change.entry.data),
                    change.entry.apps);
    }

  private:
    void refuse_sandboxed_caller() {
        const sdbus::Message* message = getObject().getCurrentlyProcessedMessage();
        if (message == nullptr) throw_portal_error(kErrorNotAllowed, "No caller");
        auto caller = callers_.identify(message->getSender());
        if (!caller) throw_portal_error(kErrorNotAllowed, caller.error().message());
        if (!caller->is_host())
            throw_portal_error(kErrorNotAllowed, "Sandboxed apps can't use the permission store");
    }

    std::tuple<PermissionMap, sdbus::Variant> Lookup(const std::string& table,
                                                     const std::string& id) override {
        refuse_sandboxed_caller();
        auto entry = checked(db_.lookup(table, id));
        found_or_throw(entry.has_value(), table, id);
        return {entry->apps, sdbus_from_gvariant(entry->data)};
    }

    void Set(const std::string& table, const bool& create, const std::string& id,
             const PermissionMap& app_permissions, const sdbus::Variant& data) override {
        refuse_sandboxed_caller();
        PermissionEntry entry{app_permissions, gvariant_from_sdbus(data)};
        if (!create) found_or_throw(checked(db_.lookup(table, id)).has_value(), table, id);
        // Between the lookup and the write another process may delete the entry; it is then
        // created again, as a Set racing a Delete in either order would leave it.
        auto written = db_.set_entry(table, id, std::move(entry));
        if (!written) throw_database_error(written.error());
    }

    void Delete(const std::string& table, const std::string& id) override {
        refuse_sandboxed_caller();
        found_or_throw(checked(db_.delete_entry(table, id)), table, id);
    }

    void SetValue(const std::string& table, const bool& create, const std::string& id,
                  const sdbus::Variant& data) override {
        refuse_sandboxed_caller();
        found_or_throw(checked(db_.set_data(table, id, gvariant_from_sdbus(data), create)), table,
                       id);
    }

    void SetPermission(const std::string& table, const bool& create, const std::string& id,
                       const std::string& app,
                       const std::vector<std::string>& permissions) override {
        refuse_sandboxed_caller();
        found_or_throw(checked(db_.set_permission(table, id, app, permissions, create)), table, id);
    }

    void DeletePermission(const std::string& table, const std::string& id,
                          const std::string& app) override {
        refuse_sandboxed_caller();
        found_or_throw(checked(db_.delete_permission(table, id, app)), table, id);
    }

    std::vector<std::string> GetPermission(const std::string& table, const std::string& id,
                                           const std::string& app) override {
        refuse_sandboxed_caller();
        auto permissions = checked(db_.get_permission(table, id, app));
        found_or_throw(permissions.has_value(), table, id);
        return *permissions;
    }

    // Like x-d-p's store, a table nobody wrote to yet lists no ids rather than failing.
    std::vector<std::string> List(const std::string& table) override {
        refuse_sandboxed_caller();
        return checked(db_.ids(table));
    }

    uint32_t version() override { return kVersion; }

    PermissionDatabase& db_;
    CallerIdentifier& callers_;
};

PermissionStoreService::PermissionStoreService(sdbus::IConnection& bus, PermissionDatabase& db,
                                               CallerIdentifier& callers)
    : db_(db), adaptor_(std::make_unique<Adaptor>(bus, db, callers)) {
    subscription_ =
        db_.subscribe([this](const PermissionChange& change) { adaptor_->emit(change); });
}

PermissionStoreService::~PermissionStoreService() {
    db_.unsubscribe(subscription_);
}

}  // namespace sandbox::portals
