#include "portal_session.hpp"

#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "support/files.hpp"

namespace sandbox::bench {
namespace {

namespace fs = std::filesystem;

constexpr auto kStartTimeout = std::chrono::seconds(20);
constexpr auto kStopTimeout = std::chrono::seconds(10);
constexpr const char* kHandlerId = "bench-handler.desktop";

test::FrontendPrograms programs_of(Frontend frontend, const fs::path& our_portal) {
    if (frontend == Frontend::Ours) return {our_portal, our_portal, our_portal};
    return {"/usr/libexec/xdg-desktop-portal", "/usr/libexec/xdg-document-portal",
            "/usr/libexec/xdg-permission-store"};
}

// The default https handler: launched for every OpenURI, doing nothing.
void write_handler(const fs::path& apps, const fs::path& config_home) {
    test::write_file(apps / kHandlerId,
                     "[Desktop Entry]\nType=Application\nName=Bench handler\nExec=/bin/true %u\n"
                     "MimeType=x-scheme-handler/https;\nNoDisplay=true\n",
                     test::kReadableMode);
    test::write_file(config_home / "mimeapps.list",
                     std::string("[Default Applications]\nx-scheme-handler/https=") + kHandlerId +
                         "\n\n[Added Associations]\nx-scheme-handler/https=" + kHandlerId + ";\n",
                     test::kReadableMode);
}

}  // namespace

std::string name_of(Frontend frontend) {
    return frontend == Frontend::Ours ? "sandbox-portal" : "xdg-desktop-portal";
}

fs::path default_portal() {
    return SANDBOX_TEST_PORTAL;
}

PortalSession::PortalSession(Frontend frontend, const fs::path& dir, const fs::path& our_portal)
    : frontend_(frontend), dir_(dir), our_portal_(our_portal) {
    write_files();
    test::SessionBusOptions options;
    options.service_dirs = {dir_ / "services"};
    options.environment = environment();
    options.environment->push_back("XDG_DESKTOP_PORTAL_DIR=" + (dir_ / "portals").string());
    bus_ = test::PrivateBus::start_session(dir_ / "bus", options);
    start_backend();
    GError* error = nullptr;
    connection_ = g_dbus_connection_new_for_address_sync(
        bus_->address().c_str(),
        static_cast<GDBusConnectionFlags>(G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                          G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION),
        nullptr, nullptr, &error);
    if (connection_ == nullptr) {
        std::string message = error->message;
        g_error_free(error);
        throw std::runtime_error("connecting to the bus: " + message);
    }
}

PortalSession::~PortalSession() {
    if (connection_ != nullptr) {
        g_dbus_connection_close_sync(connection_, nullptr, nullptr);
        g_object_unref(connection_);
    }
    if (backend_) {
        backend_->signal(SIGTERM);
        backend_->finish(kStopTimeout);
    }
    bus_.reset();
}

void PortalSession::write_files() {
    const fs::path home = dir_ / "home";
    for (const fs::path& made : {home / ".local/share", home / ".config", home / ".cache",
                                 home / "Documents", dir_ / "runtime", dir_ / "config-dirs"})
        fs::create_directories(made);
    fs::permissions(dir_ / "runtime", fs::perms::owner_all);
    test::write_portal_dir(dir_ / "portals");
    test::write_activation_files(dir_ / "services", programs_of(frontend_, our_portal_),
                                 dir_ / "logs");
    write_handler(dir_ / "data" / "applications", home / ".config");
    chosen_file_ = home / "Documents" / "chosen.txt";
    test::write_file(chosen_file_, "chosen\n", test::kReadableMode);
    test::write_file(dir_ / "backend-script.ini",
                     "[FileChooser]\nuris=file://" + chosen_file_.string() +
                         ";\n[AppChooser]\nchoice=bench-handler\n",
                     test::kReadableMode);
}

std::vector<std::string> PortalSession::environment() const {
    const fs::path home = dir_ / "home";
    std::vector<std::string> variables{
        "HOME=" + home.string(),
        "PATH=/usr/local/bin:/usr/bin:/bin",
        "XDG_RUNTIME_DIR=" + (dir_ / "runtime").string(),
        "DBUS_SESSION_BUS_ADDRESS=" + test::PrivateBus::address_of(dir_ / "bus"),
        "XDG_DATA_HOME=" + (home / ".local/share").string(),
        "XDG_CONFIG_HOME=" + (home / ".config").string(),
        "XDG_CACHE_HOME=" + (home / ".cache").string(),
        "XDG_DATA_DIRS=" + (dir_ / "data").string() + ":/usr/share",
        "XDG_CONFIG_DIRS=" + (dir_ / "config-dirs").string(),
        std::string("XDG_CURRENT_DESKTOP=") + test::kTestDesktop,
        "GSETTINGS_BACKEND=memory",
        "GIO_USE_VFS=local",
        "NO_AT_BRIDGE=1",
    };
    return variables;
}

void PortalSession::start_backend() {
    test::CommandOptions options;
    options.environment = environment();
    options.environment->push_back("SANDBOX_TEST_BACKEND_SCRIPT=" +
                                   (dir_ / "backend-script.ini").string());
    options.environment->push_back("SANDBOX_TEST_BACKEND_LOG=" + (dir_ / "backend.log").string());
    backend_ = std::make_unique<test::ChildProcess>(
        std::vector<std::string>{SANDBOX_TEST_PORTAL_BACKEND, test::kBackendName}, options);
    if (!backend_->wait_for_output("ready\n", kStartTimeout))
        throw std::runtime_error("portal-test-backend did not start: " +
                                 backend_->finish(kStopTimeout).err);
}

pid_t PortalSession::portal_pid() const {
    GError* error = nullptr;
    GVariant* reply = g_dbus_connection_call_sync(
        connection_, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
        "GetConnectionUnixProcessID", g_variant_new("(s)", "org.freedesktop.portal.Desktop"),
        G_VARIANT_TYPE("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, nullptr, &error);
    if (reply == nullptr) {
        std::string message = error->message;
        g_error_free(error);
        throw std::runtime_error("the portal's pid: " + message);
    }
    guint32 pid = 0;
    g_variant_get(reply, "(u)", &pid);
    g_variant_unref(reply);
    return static_cast<pid_t>(pid);
}

std::size_t PortalSession::backend_calls(const std::string& member) const {
    std::ifstream log(dir_ / "backend.log");
    std::string line;
    std::size_t count = 0;
    while (std::getline(log, line))
        if (line.starts_with(member + "\t") || line == member) ++count;
    return count;
}

}  // namespace sandbox::bench
