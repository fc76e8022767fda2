#include "a11y_bus_address.hpp"

#include <gio/gio.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <memory>

#include "sandbox/common/fd.hpp"
#include "sandbox/dbus_proxy/bus_address.hpp"

namespace sandbox::run {
namespace {

constexpr int kTimeoutMs = 1000;

template <typename T>
struct GObjectDeleter {
    void operator()(T* object) const { g_object_unref(object); }
};

// GDBus starts a worker thread that outlives the call, and a new thread inherits its creator's
// signal mask. With every signal blocked while GLib starts it, a signal sent to the process
// (SIGCHLD, which the launcher waits for on a signalfd; SIGINT or SIGTERM, which it forwards to
// the sandbox) can never be taken by that thread and lost.
class AllSignalsBlocked {
  public:
    AllSignalsBlocked() {
        sigset_t all;
        sigfillset(&all);
        pthread_sigmask(SIG_BLOCK, &all, &saved_);
    }
    AllSignalsBlocked(const AllSignalsBlocked&) = delete;
    AllSignalsBlocked& operator=(const AllSignalsBlocked&) = delete;
    ~AllSignalsBlocked() { pthread_sigmask(SIG_SETMASK, &saved_, nullptr); }

  private:
    sigset_t saved_{};
};

// 0 when something accepts a connection at the socket `name` (abstract: in the abstract
// namespace), else the errno.
int connect_error(const std::string& name, bool abstract) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const std::size_t offset = abstract ? 1 : 0;
    if (name.size() + offset >= sizeof address.sun_path) return ENAMETOOLONG;
    std::memcpy(address.sun_path + offset, name.data(), name.size());
    const auto length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + offset +
                                               name.size() + (abstract ? 0 : 1));
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd) return errno;
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), length) != 0) return errno;
    return 0;
}

}  // namespace

std::string unreachable_bus_reason(const std::string& address) {
    auto parsed = dbus_proxy::parse_bus_address(address);
    if (!parsed) return parsed.error().message();
    int first_error = 0;
    auto try_socket = [&first_error](const std::string& name, bool abstract) {
        const int error = connect_error(name, abstract);
        if (first_error == 0) first_error = error;
        return error == 0;
    };
    for (const std::string& path : parsed->socket_paths)
        if (try_socket(path, false)) return {};
    for (const std::string& name : parsed->abstract_names)
        if (try_socket(name, true)) return {};
    return first_error == 0 ? std::string() : std::strerror(first_error);
}

std::string ask_accessibility_bus_address(const std::string& session_address) {
    const AllSignalsBlocked blocked;
    GError* error = nullptr;
    std::unique_ptr<GDBusConnection, GObjectDeleter<GDBusConnection>> connection(
        g_dbus_connection_new_for_address_sync(
            session_address.c_str(),
            static_cast<GDBusConnectionFlags>(G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                              G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION),
            nullptr, nullptr, &error));
    if (!connection) {
        g_clear_error(&error);
        return {};
    }
    GVariant* reply = g_dbus_connection_call_sync(
        connection.get(), "org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus", "GetAddress", nullptr,
        G_VARIANT_TYPE("(s)"), G_DBUS_CALL_FLAGS_NONE, kTimeoutMs, nullptr, &error);
    if (reply == nullptr) {
        g_clear_error(&error);
        return {};
    }
    const gchar* address = nullptr;
    g_variant_get(reply, "(&s)", &address);
    std::string result = address;
    g_variant_unref(reply);
    return result;
}

}  // namespace sandbox::run
