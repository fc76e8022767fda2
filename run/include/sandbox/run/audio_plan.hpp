#pragma once

// Which sound servers a sandbox reaches (docs/SESSION.md). --socket=pulseaudio: the PulseAudio
// server libpulse would pick on the host ($PULSE_SERVER, else $XDG_RUNTIME_DIR/pulse/native),
// its socket bound at /run/user/UID/pulse/native, with a client config turning shared memory off
// (which would need the host's /dev/shm), and /dev/snd for ALSA as Flatpak gives it. A network
// server only when the app shares the network. --socket=pipewire (ours, not Flatpak's): the
// PipeWire socket, which also reaches cameras and screen capture, so it is never implied by
// pulseaudio.

#include <sys/types.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "sandbox/launcher/plan.hpp"
#include "sandbox/permissions/context.hpp"

namespace sandbox::run {

// The host's sound servers as the caller's environment names them, and which of the socket
// paths they lead to exist.
struct HostAudio {
    std::string pulse_server;          // $PULSE_SERVER; empty when unset
    std::string pipewire_remote;       // $PIPEWIRE_REMOTE
    std::string pipewire_runtime_dir;  // $PIPEWIRE_RUNTIME_DIR
    std::string runtime_dir;           // the host's $XDG_RUNTIME_DIR
    std::set<std::string> sockets;     // those of audio_socket_candidates() that are sockets
    bool network = false;              // the app shares the host's network
};

// A file the sandbox gets with this content, read-only.
struct AudioDataFile {
    std::string dest;
    std::string content;
    bool operator==(const AudioDataFile&) const = default;
};

struct AudioPlan {
    std::vector<launcher::MountOp> mounts;
    std::vector<AudioDataFile> files;
    std::map<std::string, std::string> environment;
    std::vector<std::string> warnings;
};

// The host paths plan_audio() may bind, for the gatherer to check (pure).
std::vector<std::string> audio_socket_candidates(const HostAudio& audio);

// Pure: the permissions and the host's facts → what the sandbox gets. Nothing is an error: a
// server that is absent or unusable is left out with one warning saying why and what to do.
AudioPlan plan_audio(const permissions::Context& context, const HostAudio& audio, uid_t uid);

}  // namespace sandbox::run
