#include "sandbox/run/audio_plan.hpp"

#include <algorithm>
#include <optional>
#include <variant>

namespace sandbox::run {
namespace {

using launcher::BindAccess;
using launcher::BindMount;
using launcher::HostPath;
using permissions::Socket;

// libpulse's default client.conf would let it use shared memory, which needs the host's /dev/shm.
constexpr const char* kPulseClientConfig = "enable-shm=no\n";

struct UnixServer {
    std::string path;
};
struct NetworkServer {
    std::string address;
};
struct UnusableServer {
    std::string reason;
};
using PulseServer = std::variant<UnixServer, NetworkServer, UnusableServer>;

std::string sandbox_runtime_dir(uid_t uid) {
    return "/run/user/" + std::to_string(uid);
}

bool has_control_character(const std::string& text) {
    return std::any_of(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte < 0x20 || byte == 0x7f;
    });
}

std::vector<std::string> split_spaces(const std::string& text) {
    std::vector<std::string> words;
    std::size_t start = 0;
    while ((start = text.find_first_not_of(' ', start)) != std::string::npos) {
        const std::size_t end = text.find(' ', start);
        words.push_back(text.substr(start, end - start));
        start = end;
    }
    return words;
}

// One entry of $PULSE_SERVER as libpulse reads it: "{machine-id}" first optionally (the sandbox
// has the host's machine id, so the prefix is dropped), then unix:PATH, an absolute PATH, or a
// network address (tcp:HOST:PORT, tcp6:…, HOST).
PulseServer parse_pulse_server(std::string entry) {
    if (entry.front() == '{') {
        const std::size_t close = entry.find('}');
        if (close == std::string::npos)
            return UnusableServer{"\"" + entry + "\" has an unclosed {machine-id} prefix"};
        entry.erase(0, close + 1);
    }
    std::string path = entry;
    if (path.rfind("unix:", 0) == 0) path.erase(0, 5);
    if (!path.empty() && path.front() == '/') return UnixServer{path};
    if (path != entry || path.find('/') != std::string::npos)
        return UnusableServer{"\"" + entry + "\" is a relative path (give an absolute one)"};
    if (entry.empty()) return UnusableServer{"an empty server name"};
    return NetworkServer{entry};
}

// The first server of the list the app can reach, or why none.
PulseServer reachable_pulse_server(const HostAudio& audio) {
    if (audio.pulse_server.empty()) {
        const std::string native = audio.runtime_dir + "/pulse/native";
        if (audio.sockets.contains(native)) return UnixServer{native};
        return UnusableServer{"no socket at " + native +
                              " (start PulseAudio, or set PULSE_SERVER)"};
    }
    if (has_control_character(audio.pulse_server))
        return UnusableServer{"PULSE_SERVER holds a control character (fix or unset it)"};
    std::string reasons;
    for (const std::string& entry : split_spaces(audio.pulse_server)) {
        PulseServer server = parse_pulse_server(entry);
        if (const auto* unix_server = std::get_if<UnixServer>(&server)) {
            if (audio.sockets.contains(unix_server->path)) return server;
            server = UnusableServer{"no socket at " + unix_server->path};
        } else if (std::holds_alternative<NetworkServer>(server)) {
            if (audio.network) return server;
            server = UnusableServer{"\"" + entry +
                                    "\" is reached through the network, which this app does not "
                                    "share (grant --share=network)"};
        }
        reasons += (reasons.empty() ? "" : "; ") + std::get<UnusableServer>(server).reason;
    }
    if (reasons.empty()) reasons = "PULSE_SERVER names no server";
    return UnusableServer{"PULSE_SERVER=\"" + audio.pulse_server + "\": " + reasons};
}

void plan_pulseaudio(const HostAudio& audio, uid_t uid, AudioPlan& plan) {
    // ALSA too, as Flatpak (1.8) reads the pulseaudio permission: the same power over the sound.
    plan.mounts.emplace_back(
        BindMount{HostPath{"/dev/snd"}, "/dev/snd", BindAccess::Devices, /*optional=*/true});
    const PulseServer server = reachable_pulse_server(audio);
    if (const auto* unusable = std::get_if<UnusableServer>(&server)) {
        plan.warnings.push_back("No PulseAudio for this app: " + unusable->reason);
        return;
    }
    const std::string pulse_dir = sandbox_runtime_dir(uid) + "/pulse";
    if (const auto* unix_server = std::get_if<UnixServer>(&server)) {
        plan.mounts.emplace_back(
            BindMount{HostPath{unix_server->path}, pulse_dir + "/native", BindAccess::ReadOnly});
        plan.environment["PULSE_SERVER"] = "unix:" + pulse_dir + "/native";
    } else {
        plan.environment["PULSE_SERVER"] = std::get<NetworkServer>(server).address;
    }
    plan.files.push_back(AudioDataFile{pulse_dir + "/config", kPulseClientConfig});
    plan.environment["PULSE_CLIENTCONFIG"] = pulse_dir + "/config";
}

// libpipewire's lookup: $PIPEWIRE_REMOTE (a name in the runtime dir, or an absolute path), by
// default pipewire-0, in $PIPEWIRE_RUNTIME_DIR, else $XDG_RUNTIME_DIR.
std::optional<std::string> pipewire_socket(const HostAudio& audio, std::string& reason) {
    const std::string remote = audio.pipewire_remote.empty() ? "pipewire-0" : audio.pipewire_remote;
    if (has_control_character(remote)) {
        reason = "PIPEWIRE_REMOTE holds a control character (fix or unset it)";
        return std::nullopt;
    }
    if (remote.front() == '/') return remote;
    if (remote.find('/') != std::string::npos || remote == "." || remote == "..") {
        reason = "PIPEWIRE_REMOTE=\"" + remote + "\" is a relative path (give a name or an " +
                 "absolute path)";
        return std::nullopt;
    }
    const std::string& dir =
        audio.pipewire_runtime_dir.empty() ? audio.runtime_dir : audio.pipewire_runtime_dir;
    return dir + "/" + remote;
}

void plan_pipewire(const HostAudio& audio, uid_t uid, AudioPlan& plan) {
    std::string reason;
    const std::optional<std::string> socket = pipewire_socket(audio, reason);
    if (socket && !audio.sockets.contains(*socket))
        reason = "no socket at " + *socket + " (start PipeWire, or set PIPEWIRE_REMOTE)";
    if (!reason.empty()) {
        plan.warnings.push_back("No PipeWire for this app: " + reason);
        return;
    }
    const std::string runtime_dir = sandbox_runtime_dir(uid);
    plan.mounts.emplace_back(
        BindMount{HostPath{*socket}, runtime_dir + "/pipewire-0", BindAccess::ReadOnly});
    plan.environment["PIPEWIRE_RUNTIME_DIR"] = runtime_dir;
    plan.environment["PIPEWIRE_REMOTE"] = "pipewire-0";
}

}  // namespace

std::vector<std::string> audio_socket_candidates(const HostAudio& audio) {
    std::vector<std::string> paths;
    if (audio.pulse_server.empty()) paths.push_back(audio.runtime_dir + "/pulse/native");
    if (!has_control_character(audio.pulse_server))
        for (const std::string& entry : split_spaces(audio.pulse_server)) {
            const PulseServer server = parse_pulse_server(entry);
            if (const auto* unix_server = std::get_if<UnixServer>(&server))
                paths.push_back(unix_server->path);
        }
    std::string reason;
    if (auto socket = pipewire_socket(audio, reason)) paths.push_back(*socket);
    return paths;
}

AudioPlan plan_audio(const permissions::Context& context, const HostAudio& audio, uid_t uid) {
    AudioPlan plan;
    if (permissions::is_granted(context.sockets, Socket::Pulseaudio))
        plan_pulseaudio(audio, uid, plan);
    if (permissions::is_granted(context.sockets, Socket::Pipewire)) plan_pipewire(audio, uid, plan);
    return plan;
}

}  // namespace sandbox::run
