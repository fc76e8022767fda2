// Audio through `sandbox run`: a real pulseaudio (null sink) and pipewire started by each test in
// its own runtime dir, reached from inside only with --socket=pulseaudio / --socket=pipewire.

#include <gmock/gmock.h>
#include <unistd.h>

#include <optional>
#include <regex>
#include <thread>

#include "session/support/pipewire_runtime.hpp"
#include "session/support/pipewire_server.hpp"
#include "session/support/pulse_server.hpp"
#include "session/support/session_test.hpp"

namespace sandbox::test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kNegotiatedNoShm = "Negotiated SHM: no";
constexpr const char* kNegotiatedShm = "Negotiated SHM: yes";

std::string inside_runtime_dir() {
    return "/run/user/" + std::to_string(::getuid());
}

// 0.1 s of silence, 16-bit mono at 8 kHz.
std::string short_wav() {
    const std::uint32_t data_size = 1600;
    auto le32 = [](std::uint32_t v) {
        return std::string{static_cast<char>(v), static_cast<char>(v >> 8),
                           static_cast<char>(v >> 16), static_cast<char>(v >> 24)};
    };
    auto le16 = [](std::uint16_t v) {
        return std::string{static_cast<char>(v), static_cast<char>(v >> 8)};
    };
    return "RIFF" + le32(36 + data_size) + "WAVEfmt " + le32(16) + le16(1) + le16(1) + le32(8000) +
           le32(16000) + le16(2) + le16(16) + "data" + le32(data_size) +
           std::string(data_size, '\0');
}

class Audio : public SessionTest {
  protected:
    static void SetUpTestSuite() {
        SessionTest::SetUpTestSuite();
        add_pipewire_client_files(files_dir("runtime", kRuntimeId, kRuntimeCommit));
    }

    [[nodiscard]] fs::path default_pulse_socket() const {
        return runtime_dir() / "pulse" / "native";
    }

    std::unique_ptr<PulseServer> start_pulse(const fs::path& socket) {
        return PulseServer::start(socket, scratch() / "pulse-server");
    }

    // sandbox run OPTIONS… --command=COMMAND ID ARGS…
    CommandResult run_client(const std::vector<std::string>& options, const std::string& command,
                             const std::vector<std::string>& args,
                             const std::vector<std::string>& extra_environment = {}) {
        return sandbox(client_arguments(options, command, args), extra_environment);
    }

    [[nodiscard]] std::vector<std::string> client_arguments(
        const std::vector<std::string>& options, const std::string& command,
        const std::vector<std::string>& args) const {
        std::vector<std::string> all{"run", "--installation=" + installation_dir().string(),
                                     "--command=" + command};
        all.insert(all.end(), options.begin(), options.end());
        all.push_back(kAppId);
        all.insert(all.end(), args.begin(), args.end());
        return all;
    }
};

TEST_F(Audio, PactlReachesTheServerThroughTheGrantedSocket) {
    auto server = start_pulse(default_pulse_socket());
    CommandResult result = run_client({"--socket=pulseaudio"}, "pactl", {"info"});
    ASSERT_EQ(result.status, 0) << result.err;
    EXPECT_THAT(result.out, HasSubstr(std::string("Default Sink: ") + kNullSink));
    EXPECT_THAT(result.out,
                HasSubstr("Server String: unix:" + inside_runtime_dir() + "/pulse/native"));
    // The client config reached libpulse: no shared memory, though the server offers it.
    EXPECT_THAT(server->log(), HasSubstr(kNegotiatedNoShm));
    EXPECT_THAT(server->log(), Not(HasSubstr(kNegotiatedShm)));
}

TEST_F(Audio, PaplayPlaysAFileOfTheAppsDataDir) {
    auto server = start_pulse(default_pulse_socket());
    const fs::path sound = app_dir() / "tone.wav";
    fs::create_directories(app_dir());
    write_file(sound, short_wav());
    CommandResult result = run_client({"--socket=pulseaudio"}, "paplay", {sound.string()});
    ASSERT_EQ(result.status, 0) << result.err;
    EXPECT_THAT(server->log(), ::testing::ContainsRegex("Created input [0-9]+ \"[^\"]*tone.wav\" "
                                                        "on " +
                                                        std::string(kNullSink)));
}

TEST_F(Audio, WithoutThePermissionThereIsNoServer) {
    auto server = start_pulse(default_pulse_socket());
    // Even with the caller's PULSE_SERVER naming the real socket.
    for (const std::vector<std::string>& environment :
         {std::vector<std::string>{},
          std::vector<std::string>{"PULSE_SERVER=unix:" + default_pulse_socket().string()}}) {
        CommandResult result = run_client({}, "pactl", {"info"}, environment);
        EXPECT_NE(result.status, 0) << result.out;
        EXPECT_THAT(result.err, HasSubstr("Connection refused")) << result.err;

        KeyValues inside =
            probe_app({}, {"stat", inside_runtime_dir() + "/pulse/native"}, environment);
        EXPECT_EQ(value_of(inside, "exists"), "0");
        EXPECT_EQ(value_of(probe_app({}, {"getenv", "PULSE_SERVER"}, environment), "unset"),
                  "PULSE_SERVER");
    }
    EXPECT_THAT(server->log(), Not(HasSubstr("Negotiated SHM")));
}

TEST_F(Audio, ClientConfigTurnsSharedMemoryOffAndIsReadOnly) {
    auto server = start_pulse(default_pulse_socket());
    const std::string config = inside_runtime_dir() + "/pulse/config";
    EXPECT_EQ(
        value_of(probe_app({"--socket=pulseaudio"}, {"getenv", "PULSE_CLIENTCONFIG"}), "value"),
        config);
    CommandResult cat = run_probe_app({"--socket=pulseaudio"}, {"cat", config});
    ASSERT_EQ(cat.status, 0) << cat.err;
    EXPECT_EQ(cat.out, "enable-shm=no\n");
    EXPECT_EQ(value_of(probe_app({"--socket=pulseaudio"}, {"open-rw", config}), "open"), "EROFS");
    KeyValues socket =
        probe_app({"--socket=pulseaudio"}, {"stat", inside_runtime_dir() + "/pulse/native"});
    EXPECT_EQ(value_of(socket, "type"), "socket");
}

TEST_F(Audio, PulseServerVariableIsFollowed) {
    const fs::path elsewhere = scratch() / "elsewhere" / "pulse.sock";
    auto server = start_pulse(elsewhere);
    for (const std::string& value : {"unix:" + elsewhere.string(), elsewhere.string()}) {
        CommandResult result =
            run_client({"--socket=pulseaudio"}, "pactl", {"info"}, {"PULSE_SERVER=" + value});
        EXPECT_EQ(result.status, 0) << value << ": " << result.err;
        EXPECT_THAT(result.out, HasSubstr(std::string("Default Sink: ") + kNullSink)) << value;
    }
}

TEST_F(Audio, AbsentOrUnreachableServerIsAWarning) {
    // No server at all: the app runs, without PulseAudio, and the user is told why.
    CommandResult absent = run_probe_app({"--socket=pulseaudio"}, {"getenv", "PULSE_SERVER"});
    ASSERT_EQ(absent.status, 0) << absent.err;
    EXPECT_THAT(absent.out, HasSubstr("unset=PULSE_SERVER"));
    EXPECT_THAT(absent.err, HasSubstr("No PulseAudio for this app: no socket at " +
                                      default_pulse_socket().string()));

    // A network server needs the network; a relative path or a newline is refused.
    for (const std::string& value : {std::string("tcp:127.0.0.1:4713"), std::string("pulse/native"),
                                     "unix:" + default_pulse_socket().string() + "\nunix:/x"}) {
        CommandResult result = run_probe_app({"--socket=pulseaudio"}, {"getenv", "PULSE_SERVER"},
                                             {"PULSE_SERVER=" + value});
        ASSERT_EQ(result.status, 0) << result.err;
        EXPECT_THAT(result.out, HasSubstr("unset=PULSE_SERVER")) << value;
        EXPECT_THAT(result.err, HasSubstr("No PulseAudio for this app: ")) << value;
    }
    KeyValues shared = probe_app({"--socket=pulseaudio", "--share=network"},
                                 {"getenv", "PULSE_SERVER"}, {"PULSE_SERVER=tcp:127.0.0.1:4713"});
    EXPECT_EQ(value_of(shared, "value"), "tcp:127.0.0.1:4713");
}

// `pw-cli ARGS…` on the host, a client PipeWire trusts.
CommandResult host_pw_cli(const fs::path& runtime_dir, const std::vector<std::string>& args) {
    CommandOptions options;
    options.environment =
        std::vector<std::string>{"PATH=/usr/bin:/bin", "XDG_RUNTIME_DIR=" + runtime_dir.string()};
    std::vector<std::string> argv{"pw-cli"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_command(argv, options);
}

// The id of the client PipeWire took for a sandboxed one, once it is there (polled).
std::optional<std::string> wait_for_sandboxed_client(const fs::path& runtime_dir) {
    static const std::regex sandboxed(
        R"(id ([0-9]+), type PipeWire:Interface:Client/[0-9]+\n(?:[^\n]*\n)*?[^\n]*)"
        R"(pipewire\.access = "flatpak")");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
        const std::string clients = host_pw_cli(runtime_dir, {"ls", "Client"}).out;
        std::smatch match;
        if (std::regex_search(clients, match, sandboxed)) return match[1].str();
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return std::nullopt;
}

TEST_F(Audio, PipewireOnlyWithItsOwnPermission) {
    auto server = PipewireServer::start(runtime_dir());
    for (const std::vector<std::string>& options :
         {std::vector<std::string>{}, std::vector<std::string>{"--socket=pulseaudio"}}) {
        CommandResult result = run_client(options, "pw-cli", {"info", "0"});
        EXPECT_NE(result.status, 0) << result.out;
        EXPECT_THAT(result.err, HasSubstr("failed to connect"));
        KeyValues inside = probe_app(options, {"stat", inside_runtime_dir() + "/pipewire-0"});
        EXPECT_EQ(value_of(inside, "exists"), "0");
    }
    EXPECT_THAT(host_pw_cli(runtime_dir(), {"ls", "Client"}).out, Not(HasSubstr("flatpak")));

    // Granted: the app reaches the server, which takes it for a Flatpak client and lets it wait
    // until a session manager gives it permissions; the host's pw-cli plays that part here.
    CommandOptions options;
    options.environment = environment();
    ChildProcess app(
        sandbox_command(client_arguments({"--socket=pipewire"}, "pw-cli", {"info", "0"})), options);
    // Granted again until the client ends: under load the grant can come before the server has
    // finished registering the client, and is then lost.
    for (int attempt = 0; attempt < 20; ++attempt) {
        const std::optional<std::string> client = wait_for_sandboxed_client(runtime_dir());
        ASSERT_TRUE(client) << host_pw_cli(runtime_dir(), {"ls", "Client"}).out;
        CommandResult granted =
            host_pw_cli(runtime_dir(), {"--", "permissions", *client, "-1", "0710"});
        EXPECT_EQ(granted.status, 0) << granted.err;
        if (app.wait_for_stdout_eof(std::chrono::seconds(2))) break;
    }
    CommandResult result = app.finish(std::chrono::seconds(60));
    EXPECT_EQ(result.status, 0) << result.err;
    EXPECT_THAT(result.out, HasSubstr("type: PipeWire:Interface:Core"));

    KeyValues inside = probe_app({"--socket=pipewire"}, {"getenv", "PIPEWIRE_REMOTE"});
    EXPECT_EQ(value_of(inside, "value"), "pipewire-0");
}

}  // namespace
}  // namespace sandbox::test
