// Which sound servers a sandbox reaches: permissions and host facts → mounts, files, variables,
// warnings (run/src/audio_plan.cpp).

#include <gmock/gmock.h>

#include "sandbox/permissions/flags.hpp"
#include "sandbox/permissions/names.hpp"
#include "sandbox/run/audio_plan.hpp"

namespace sandbox::run {
namespace {

using launcher::BindAccess;
using launcher::BindMount;
using launcher::HostPath;
using launcher::MountOp;
using permissions::Socket;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr uid_t kUid = 1000;
constexpr const char* kHostNative = "/run/user/1000/pulse/native";
constexpr const char* kInsideNative = "/run/user/1000/pulse/native";
constexpr const char* kInsideConfig = "/run/user/1000/pulse/config";

permissions::Context granting(std::initializer_list<Socket> sockets) {
    permissions::Context context;
    for (Socket socket : sockets) context.sockets[socket] = true;
    return context;
}

HostAudio host_with(std::initializer_list<std::string> sockets, std::string pulse_server = "") {
    HostAudio audio;
    audio.runtime_dir = "/run/user/1000";
    audio.pulse_server = std::move(pulse_server);
    audio.sockets = sockets;
    return audio;
}

const MountOp kSoundDevices =
    BindMount{HostPath{"/dev/snd"}, "/dev/snd", BindAccess::Devices, /*optional=*/true};

MountOp socket_bind(const std::string& host, const std::string& inside) {
    return BindMount{HostPath{host}, inside, BindAccess::ReadOnly};
}

void expect_no_pulseaudio(const AudioPlan& plan) {
    EXPECT_THAT(plan.mounts, ElementsAre(kSoundDevices));
    EXPECT_TRUE(plan.files.empty());
    EXPECT_TRUE(plan.environment.empty());
}

TEST(AudioPlan, NothingWithoutThePermission) {
    AudioPlan plan = plan_audio({}, host_with({kHostNative, "/run/user/1000/pipewire-0"}), kUid);
    EXPECT_TRUE(plan.mounts.empty());
    EXPECT_TRUE(plan.files.empty());
    EXPECT_TRUE(plan.environment.empty());
    EXPECT_TRUE(plan.warnings.empty());
}

TEST(AudioPlan, RevokedPulseaudioGivesNothing) {
    permissions::Context context;
    context.sockets[Socket::Pulseaudio] = false;
    EXPECT_TRUE(plan_audio(context, host_with({kHostNative}), kUid).mounts.empty());
}

TEST(AudioPlan, DefaultSocketIsBoundWithAConfigWithoutSharedMemory) {
    AudioPlan plan = plan_audio(granting({Socket::Pulseaudio}), host_with({kHostNative}), kUid);
    EXPECT_THAT(plan.mounts, ElementsAre(kSoundDevices, socket_bind(kHostNative, kInsideNative)));
    EXPECT_THAT(plan.files, ElementsAre(AudioDataFile{kInsideConfig, "enable-shm=no\n"}));
    EXPECT_EQ(plan.environment.at("PULSE_SERVER"), std::string("unix:") + kInsideNative);
    EXPECT_EQ(plan.environment.at("PULSE_CLIENTCONFIG"), kInsideConfig);
    EXPECT_EQ(plan.environment.size(), 2u);
    EXPECT_TRUE(plan.warnings.empty());
}

TEST(AudioPlan, MissingDefaultSocketIsAWarning) {
    AudioPlan plan = plan_audio(granting({Socket::Pulseaudio}), host_with({}), kUid);
    expect_no_pulseaudio(plan);
    ASSERT_EQ(plan.warnings.size(), 1u);
    EXPECT_THAT(plan.warnings[0], HasSubstr("no socket at /run/user/1000/pulse/native"));
}

TEST(AudioPlan, PulseServerUnixPathIsBoundAtTheSandboxPath) {
    for (std::string value :
         {"unix:/srv/pulse.sock", "/srv/pulse.sock", "{abc}unix:/srv/pulse.sock"}) {
        AudioPlan plan =
            plan_audio(granting({Socket::Pulseaudio}), host_with({"/srv/pulse.sock"}, value), kUid);
        EXPECT_THAT(plan.mounts,
                    ElementsAre(kSoundDevices, socket_bind("/srv/pulse.sock", kInsideNative)))
            << value;
        EXPECT_EQ(plan.environment.at("PULSE_SERVER"), std::string("unix:") + kInsideNative);
        EXPECT_TRUE(plan.warnings.empty()) << value;
    }
}

TEST(AudioPlan, PulseServerWinsOverTheDefaultSocket) {
    AudioPlan plan = plan_audio(granting({Socket::Pulseaudio}),
                                host_with({kHostNative}, "unix:/srv/absent"), kUid);
    expect_no_pulseaudio(plan);
    ASSERT_EQ(plan.warnings.size(), 1u);
    EXPECT_THAT(plan.warnings[0], HasSubstr("no socket at /srv/absent"));
}

TEST(AudioPlan, FirstReachableServerOfAListIsUsed) {
    AudioPlan plan = plan_audio(granting({Socket::Pulseaudio}),
                                host_with({"/srv/b"}, "tcp:far:4713 unix:/srv/a /srv/b"), kUid);
    EXPECT_THAT(plan.mounts, ElementsAre(kSoundDevices, socket_bind("/srv/b", kInsideNative)));
    EXPECT_TRUE(plan.warnings.empty());
}

TEST(AudioPlan, NetworkServerNeedsTheNetwork) {
    HostAudio audio = host_with({kHostNative}, "tcp:sound.example:4713");
    AudioPlan plan = plan_audio(granting({Socket::Pulseaudio}), audio, kUid);
    expect_no_pulseaudio(plan);
    ASSERT_EQ(plan.warnings.size(), 1u);
    EXPECT_THAT(plan.warnings[0], HasSubstr("--share=network"));

    audio.network = true;
    plan = plan_audio(granting({Socket::Pulseaudio}), audio, kUid);
    EXPECT_THAT(plan.mounts, ElementsAre(kSoundDevices));
    EXPECT_EQ(plan.environment.at("PULSE_SERVER"), "tcp:sound.example:4713");
    EXPECT_EQ(plan.environment.at("PULSE_CLIENTCONFIG"), kInsideConfig);
    EXPECT_TRUE(plan.warnings.empty());
}

TEST(AudioPlan, HostileOrBrokenPulseServerIsAWarningAndNoMount) {
    const std::vector<std::string> values{"unix:/srv/a\nunix:/srv/b",
                                          std::string("/srv/a\0", 7),
                                          "/srv/a\t",
                                          "unix:relative/native",
                                          "pulse/native",
                                          "unix:",
                                          "{unclosed/srv/a",
                                          "../srv/a"};
    for (const std::string& value : values) {
        HostAudio audio = host_with({"/srv/a", "/srv/b", kHostNative}, value);
        audio.network = true;
        AudioPlan plan = plan_audio(granting({Socket::Pulseaudio}), audio, kUid);
        expect_no_pulseaudio(plan);
        EXPECT_EQ(plan.warnings.size(), 1u) << value;
        if (!plan.warnings.empty()) {
            EXPECT_THAT(plan.warnings[0], HasSubstr("No PulseAudio for this app: ")) << value;
            EXPECT_EQ(plan.warnings[0].find('\n'), std::string::npos) << value;
        }
    }
}

TEST(AudioPlan, CandidatesAreThePathsThePlanMayBind) {
    HostAudio audio = host_with({}, "tcp:far unix:/srv/a /srv/b rel/x");
    EXPECT_THAT(audio_socket_candidates(audio),
                ElementsAre("/srv/a", "/srv/b", "/run/user/1000/pipewire-0"));
    EXPECT_THAT(audio_socket_candidates(host_with({})),
                ElementsAre(kHostNative, "/run/user/1000/pipewire-0"));
    EXPECT_THAT(audio_socket_candidates(host_with({}, "/a\n/b")),
                ElementsAre("/run/user/1000/pipewire-0"));
}

TEST(AudioPlan, PipewireIsASocketPermissionOfItsOwn) {
    const std::vector<std::string> args{"--socket=pipewire"};
    std::size_t index = 0;
    permissions::Context layer;
    ASSERT_TRUE(*permissions::take_permission_flag(args, index, layer));
    EXPECT_TRUE(permissions::is_granted(layer.sockets, Socket::Pipewire));
    EXPECT_FALSE(permissions::is_granted(layer.sockets, Socket::Pulseaudio));
    EXPECT_EQ(permissions::name_of(Socket::Pipewire), "pipewire");
}

TEST(AudioPlan, PipewireOnlyWithItsOwnPermission) {
    HostAudio audio = host_with({kHostNative, "/run/user/1000/pipewire-0"});
    AudioPlan pulse_only = plan_audio(granting({Socket::Pulseaudio}), audio, kUid);
    EXPECT_FALSE(pulse_only.environment.contains("PIPEWIRE_REMOTE"));
    for (const MountOp& mount : pulse_only.mounts)
        EXPECT_THAT(std::get<BindMount>(mount).dest, ::testing::Not(HasSubstr("pipewire")));

    AudioPlan plan = plan_audio(granting({Socket::Pipewire}), audio, kUid);
    EXPECT_THAT(plan.mounts,
                ElementsAre(socket_bind("/run/user/1000/pipewire-0", "/run/user/1000/pipewire-0")));
    EXPECT_EQ(plan.environment.at("PIPEWIRE_REMOTE"), "pipewire-0");
    EXPECT_EQ(plan.environment.at("PIPEWIRE_RUNTIME_DIR"), "/run/user/1000");
    EXPECT_TRUE(plan.files.empty());
    EXPECT_TRUE(plan.warnings.empty());
}

TEST(AudioPlan, PipewireRemoteAndRuntimeDirAreFollowed) {
    HostAudio audio = host_with({"/srv/pw/other", "/abs/pw"});
    audio.pipewire_runtime_dir = "/srv/pw";
    audio.pipewire_remote = "other";
    AudioPlan plan = plan_audio(granting({Socket::Pipewire}), audio, kUid);
    EXPECT_THAT(plan.mounts,
                ElementsAre(socket_bind("/srv/pw/other", "/run/user/1000/pipewire-0")));

    audio.pipewire_remote = "/abs/pw";
    plan = plan_audio(granting({Socket::Pipewire}), audio, kUid);
    EXPECT_THAT(plan.mounts, ElementsAre(socket_bind("/abs/pw", "/run/user/1000/pipewire-0")));
}

TEST(AudioPlan, MissingOrHostilePipewireIsAWarning) {
    for (std::string remote : {"", "pipe\nwire-0", "../pipewire-0", "sub/pipewire-0", ".."}) {
        HostAudio audio = host_with({});
        audio.pipewire_remote = remote;
        AudioPlan plan = plan_audio(granting({Socket::Pipewire}), audio, kUid);
        EXPECT_TRUE(plan.mounts.empty()) << remote;
        EXPECT_TRUE(plan.environment.empty()) << remote;
        ASSERT_EQ(plan.warnings.size(), 1u) << remote;
        EXPECT_THAT(plan.warnings[0], HasSubstr("No PipeWire for this app: ")) << remote;
    }
}

}  // namespace
}  // namespace sandbox::run
