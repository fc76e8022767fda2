#include "portal/support/portal_test.hpp"

#include <glib.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <sstream>
#include <thread>

#include "portal/support/portal_files.hpp"
#include "portal/support/process_tree.hpp"
#include "support/files.hpp"

namespace sandbox::test {
namespace {

namespace fs = std::filesystem;

constexpr auto kStartTimeout = std::chrono::seconds(20);
constexpr auto kStopTimeout = std::chrono::seconds(10);
constexpr auto kClientTimeout = std::chrono::seconds(90);
constexpr const char* kDebianDesktop = "/usr/libexec/xdg-desktop-portal";
constexpr const char* kDebianDocuments = "/usr/libexec/xdg-document-portal";
constexpr const char* kDebianPermissionStore = "/usr/libexec/xdg-permission-store";

FrontendPrograms programs_of(Frontend frontend) {
    if (frontend == Frontend::Ours)
        return {SANDBOX_TEST_PORTAL, SANDBOX_TEST_PORTAL, SANDBOX_TEST_PORTAL};
    return {kDebianDesktop, kDebianDocuments, kDebianPermissionStore};
}

std::string unescaped(const std::string& text) {
    gchar* plain = g_strcompress(text.c_str());
    std::string result = plain;
    g_free(plain);
    return result;
}

BackendCall parse_backend_line(const std::string& line) {
    BackendCall call;
    std::istringstream fields(line);
    std::getline(fields, call.member, '\t');
    std::string field;
    while (std::getline(fields, field, '\t')) {
        const std::size_t equals = field.find('=');
        if (equals == std::string::npos) continue;
        call.fields[field.substr(0, equals)] = unescaped(field.substr(equals + 1));
    }
    return call;
}

std::string file_or_empty(const fs::path& path) {
    std::error_code error;
    return fs::exists(path, error) ? read_file(path) : "";
}

bool is_mount_point(const fs::path& path) {
    std::ifstream mountinfo("/proc/self/mountinfo");
    std::string line;
    while (std::getline(mountinfo, line)) {
        std::istringstream fields(line);
        std::string id, parent, device, root, mount_point;
        fields >> id >> parent >> device >> root >> mount_point;
        if (mount_point == path.string()) return true;
    }
    return false;
}

std::string describe_pids(const std::vector<pid_t>& pids) {
    std::string text;
    for (pid_t pid : pids) {
        std::ifstream comm("/proc/" + std::to_string(pid) + "/comm");
        std::string name;
        std::getline(comm, name);
        text += " " + std::to_string(pid) + " (" + name + ")";
    }
    return text;
}

}  // namespace

std::string name_of(Frontend frontend) {
    return frontend == Frontend::Ours ? "sandbox-portal" : "xdg-desktop-portal";
}

std::string BackendCall::field(const std::string& name) const {
    auto found = fields.find(name);
    return found != fields.end() ? found->second : "";
}

std::vector<BackendCall> parse_backend_log(const std::string& text) {
    std::vector<BackendCall> calls;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line))
        if (!line.empty()) calls.push_back(parse_backend_line(line));
    return calls;
}

std::string PortalTest::unavailable(Frontend frontend) {
    // Ours is built with the tests: it is never skipped, a missing binary fails the test.
    if (frontend == Frontend::Ours) return "";
    const FrontendPrograms programs = programs_of(frontend);
    for (const fs::path& program :
         {programs.desktop, programs.documents, programs.permission_store})
        if (::access(program.c_str(), X_OK) != 0)
            return program.string() + " is not there (apt-get install xdg-desktop-portal)";
    return "";
}

void PortalTest::SetUpTestSuite() {
    set_up_suite({"gdbus", SANDBOX_TEST_PORTAL_CLIENT, SANDBOX_TEST_GTK_CHOOSER});
    run_or_throw({"/bin/bash", SANDBOX_TEST_GTK_RUNTIME_SCRIPT,
                  files_dir("runtime", kRuntimeId, kRuntimeCommit).string()});
}

void PortalTest::SetUp() {
    SessionTest::SetUp();
    portal_dir_ = scratch() / "portal";
    write_portal_dir(portal_dir_ / "portals");
    write_uri_recorder(portal_dir_ / "data" / "applications", config_home(), portal_dir_ / "bin",
                       portal_dir_ / "uri-record");
    fs::create_directories(data_home());
    fs::create_directories(portal_dir_ / "config-dirs");
}

void PortalTest::TearDown() {
    stop_session();
    SessionTest::TearDown();
}

fs::path PortalTest::data_home() const {
    return home() / ".local" / "share";
}

fs::path PortalTest::config_home() const {
    return home() / ".config";
}

std::string PortalTest::runtime_dir_inside() {
    return "/run/user/" + std::to_string(::getuid());
}

bool PortalTest::start_display() {
    fs::create_directories(scratch() / "xvfb");
    xvfb_ = std::make_unique<XvfbServer>(scratch() / "xvfb");
    if (!xvfb_->ready()) return false;
    xauthority_ = scratch() / "Xauthority";
    add_cookie(xauthority_, xvfb_->display(), xvfb_->cookie());
    return true;
}

bool PortalTest::start_wayland_display() {
    if (!xvfb_) return false;
    fs::create_directories(scratch() / "weston");
    weston_ = std::make_unique<WestonServer>(runtime_dir(), scratch() / "weston", "wayland-test",
                                             xvfb_->display(), xauthority_);
    return weston_->ready();
}

std::vector<std::string> PortalTest::session_environment() const {
    std::vector<std::string> extra{
        "DBUS_SESSION_BUS_ADDRESS=" + PrivateBus::address_of(scratch() / "session-bus"),
        "XDG_DATA_HOME=" + data_home().string(),
        "XDG_CONFIG_HOME=" + config_home().string(),
        "XDG_CACHE_HOME=" + (home() / ".cache").string(),
        "XDG_DATA_DIRS=" + (portal_dir_ / "data").string() + ":/usr/share",
        "XDG_CONFIG_DIRS=" + (portal_dir_ / "config-dirs").string(),
        "XDG_CURRENT_DESKTOP=" + std::string(kTestDesktop),
        "GSETTINGS_BACKEND=memory",
        "GIO_USE_VFS=local",
        "NO_AT_BRIDGE=1",
        "GTK_USE_PORTAL=1",
    };
    if (const char* tmpdir = std::getenv("TMPDIR"))
        extra.push_back(std::string("TMPDIR=") + tmpdir);
    if (xvfb_) {
        extra.push_back("DISPLAY=" + xvfb_->display());
        extra.push_back("XAUTHORITY=" + xauthority_.string());
    }
    if (weston_) extra.push_back("WAYLAND_DISPLAY=" + weston_->socket_name());
    return environment(extra);
}

std::vector<std::string> PortalTest::frontend_environment() const {
    std::vector<std::string> variables = session_environment();
    std::erase_if(variables,
                  [](const std::string& entry) { return entry.starts_with("GTK_USE_PORTAL="); });
    variables.push_back("XDG_DESKTOP_PORTAL_DIR=" + (portal_dir_ / "portals").string());
    return variables;
}

void PortalTest::start_portal(Frontend frontend) {
    const fs::path bus_dir = scratch() / "session-bus";
    write_activation_files(portal_dir_ / "services", programs_of(frontend), portal_dir_ / "logs");
    SessionBusOptions options;
    options.service_dirs = {portal_dir_ / "services"};
    options.environment = frontend_environment();
    bus_ = PrivateBus::start_session(bus_dir, options);

    CommandOptions backend_options;
    backend_options.environment = session_environment();
    backend_options.environment->push_back("SANDBOX_TEST_BACKEND_SCRIPT=" +
                                           (portal_dir_ / "backend-script.ini").string());
    backend_options.environment->push_back("SANDBOX_TEST_BACKEND_LOG=" +
                                           (portal_dir_ / "backend.log").string());
    backend_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{SANDBOX_TEST_PORTAL_BACKEND, kBackendName}, backend_options);
    if (!backend_->wait_for_output("ready\n", kStartTimeout)) {
        CommandResult result = backend_->finish(kStopTimeout);
        ADD_FAILURE() << "portal-test-backend did not start: " << result.err;
    }
}

void PortalTest::write_backend_script(const std::string& keyfile) const {
    // Renamed into place: the backend never reads half a script.
    const fs::path script = portal_dir_ / "backend-script.ini";
    write_file(portal_dir_ / "backend-script.ini.new", keyfile);
    fs::rename(portal_dir_ / "backend-script.ini.new", script);
}

std::vector<BackendCall> PortalTest::backend_calls(const std::string& member) const {
    std::vector<BackendCall> calls = parse_backend_log(file_or_empty(portal_dir_ / "backend.log"));
    if (!member.empty())
        std::erase_if(calls, [&](const BackendCall& call) { return call.member != member; });
    return calls;
}

std::vector<BackendCall> PortalTest::wait_for_backend_calls(
    const std::string& member, std::size_t count, std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::vector<BackendCall> calls = backend_calls(member);
    while (calls.size() < count && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        calls = backend_calls(member);
    }
    return calls;
}

std::string PortalTest::frontend_logs() const {
    std::string logs;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(portal_dir_ / "logs", error))
        logs += "--- " + entry.path().filename().string() + ":\n" + file_or_empty(entry.path());
    return logs;
}

CommandResult PortalTest::host_client(const std::vector<std::string>& args) {
    std::vector<std::string> argv{SANDBOX_TEST_PORTAL_CLIENT};
    argv.insert(argv.end(), args.begin(), args.end());
    CommandOptions options;
    options.environment = session_environment();
    options.timeout = kClientTimeout;
    return run_command(argv, options);
}

CommandResult PortalTest::sandboxed_client(const std::vector<std::string>& args,
                                           const std::vector<std::string>& sandbox_options) {
    std::vector<std::string> argv{"run", "--installation=" + installation_dir().string()};
    argv.insert(argv.end(), sandbox_options.begin(), sandbox_options.end());
    argv.push_back("--command=portal-client");
    argv.emplace_back(kAppId);
    argv.insert(argv.end(), args.begin(), args.end());
    CommandOptions options;
    options.environment = session_environment();
    options.timeout = kClientTimeout;
    return run_command(sandbox_command(argv), options);
}

CommandResult PortalTest::sandboxed_gtk_chooser(const std::string& title,
                                                const std::vector<std::string>& sandbox_options) {
    std::vector<std::string> argv{"run", "--installation=" + installation_dir().string(),
                                  "--socket=x11"};
    argv.insert(argv.end(), sandbox_options.begin(), sandbox_options.end());
    argv.push_back("--command=portal-gtk-chooser");
    argv.emplace_back(kAppId);
    argv.push_back(title);
    CommandOptions options;
    options.environment = session_environment();
    options.timeout = kClientTimeout;
    return run_command(sandbox_command(argv), options);
}

CommandResult PortalTest::host_gtk_chooser(const std::string& title) {
    CommandOptions options;
    options.environment = session_environment();
    options.timeout = kClientTimeout;
    return run_command({SANDBOX_TEST_GTK_CHOOSER, title}, options);
}

std::filesystem::path PortalTest::applications_dir() const {
    return portal_dir_ / "data" / "applications";
}

std::vector<std::string> PortalTest::recorded_uris(std::size_t count,
                                                   std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    auto read_record = [&] {
        std::vector<std::string> uris;
        std::istringstream lines(file_or_empty(portal_dir_ / "uri-record"));
        std::string line;
        while (std::getline(lines, line)) uris.push_back(line);
        return uris;
    };
    std::vector<std::string> uris = read_record();
    while (uris.size() < count && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        uris = read_record();
    }
    return uris;
}

void PortalTest::stop_session() {
    std::vector<pid_t> activated;
    if (bus_) activated = descendants_of(bus_->pid());
    if (backend_) {
        backend_->signal(SIGTERM);
        backend_->finish(kStopTimeout);
        backend_.reset();
    }
    // The services see their bus go and end, as on a desktop at logout.
    bus_.reset();
    const std::vector<pid_t> killed = wait_or_kill(activated, kStopTimeout);
    EXPECT_TRUE(killed.empty()) << "still running " << kStopTimeout.count()
                                << " s after their bus ended (killed):" << describe_pids(killed)
                                << "\n"
                                << frontend_logs();
    weston_.reset();
    xvfb_.reset();
    unmount_documents();
}

void PortalTest::unmount_documents() {
    // A document store ending with its bus unmounts itself through a fusermount3 it starts as it
    // goes (after the processes above were listed): give that the time to finish.
    const auto deadline = std::chrono::steady_clock::now() + kStopTimeout;
    while (is_mount_point(documents_mount()) && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (!is_mount_point(documents_mount())) return;
    ADD_FAILURE() << documents_mount() << " still mounted " << kStopTimeout.count()
                  << " s after the document store's bus ended; unmounting it";
    CommandResult result =
        run_command({"/usr/bin/fusermount3", "-u", "-z", documents_mount().string()});
    EXPECT_TRUE(result.status == 0 || !is_mount_point(documents_mount()))
        << "fusermount3 -u -z " << documents_mount() << ": " << result.err;
}

}  // namespace sandbox::test
