#include <sys/stat.h>

#include "sandbox/run/audio_plan.hpp"
#include "sandbox/run/memfd.hpp"
#include "sandbox/run/session_services.hpp"

namespace sandbox::run {
namespace {

bool is_socket(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISSOCK(st.st_mode);
}

HostAudio find_host_audio(const SessionHost& host) {
    HostAudio audio;
    audio.pulse_server = host_variable(host, "PULSE_SERVER");
    audio.pipewire_remote = host_variable(host, "PIPEWIRE_REMOTE");
    audio.pipewire_runtime_dir = host_variable(host, "PIPEWIRE_RUNTIME_DIR");
    audio.runtime_dir = host.runtime_dir;
    audio.network = host.network;
    for (const std::string& path : audio_socket_candidates(audio))
        if (is_socket(path)) audio.sockets.insert(path);
    return audio;
}

}  // namespace

Status grant_audio(const permissions::Context& context, const SessionHost& host,
                   SessionServices& services) {
    AudioPlan plan = plan_audio(context, find_host_audio(host), host.uid);
    SessionGrants& grants = services.grants;
    for (auto& mount : plan.mounts) grants.mounts.push_back(std::move(mount));
    for (const AudioDataFile& file : plan.files) {
        auto fd = sealed_data_fd("audio-config", file.content);
        if (!fd) return fd.take_error();
        grants.mounts.emplace_back(launcher::BindData{fd->get(), file.dest, 0644, true});
        services.owned.push_back(std::move(*fd));
    }
    for (auto& [name, value] : plan.environment) grants.environment[name] = value;
    for (auto& warning : plan.warnings) grants.warnings.push_back(std::move(warning));
    return ok_status();
}

}  // namespace sandbox::run
