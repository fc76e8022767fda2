// Filesystem permissions → mounts, as data (the host's facts given, not read).

#include <gtest/gtest.h>

#include <algorithm>

#include "sandbox/permissions/flags.hpp"
#include "sandbox/run/filesystem_exposures.hpp"

namespace sandbox::run {
namespace {

using launcher::BindAccess;
using launcher::BindMount;
using launcher::HostPath;
using launcher::MakeSymlink;
using launcher::MountOp;
using launcher::TmpfsMount;

constexpr const char* kHome = "/home/user";

permissions::Context flags(const std::vector<std::string>& args) {
    permissions::Context layer;
    std::size_t index = 0;
    while (index < args.size()) EXPECT_TRUE(*permissions::take_permission_flag(args, index, layer));
    return layer;
}

HostView sample_host() {
    HostView host;
    host.uid = 1000;
    host.home = kHome;
    host.app_dir = "/home/user/.var/app/org.test.App";
    host.hidden = {"/home/user/.var/app", "/home/user/.local/share/sandbox"};
    host.xdg_dirs = {{"xdg-download", "/home/user/Downloads"},
                     {"xdg-music", kHome},
                     {"xdg-documents", ""},
                     {"xdg-config", "/home/user/.config"},
                     {"xdg-run", "/run/user/1000"}};
    host.root_entries = {"bin", "boot", "etc",  "home", "lib", "lib64", "media",
                         "mnt", "opt",  "proc", "srv",  "tmp", "usr",   "var"};
    host.root_symlinks = {{"bin", "usr/bin"}, {"lib", "usr/lib"}, {"lib64", "usr/lib64"}};
    return host;
}

MountOp ro(const std::string& path) {
    return BindMount{HostPath{path}, path, BindAccess::ReadOnly, true};
}
MountOp rw(const std::string& path) {
    return BindMount{HostPath{path}, path, BindAccess::ReadWrite, true};
}

FilesystemPlan plan(const std::vector<std::string>& args) {
    return plan_filesystems(flags(args), sample_host());
}

bool contains(const std::vector<MountOp>& mounts, const MountOp& op) {
    return std::find(mounts.begin(), mounts.end(), op) != mounts.end();
}

TEST(FilesystemExposures, NothingGrantedNothingExposed) {
    FilesystemPlan result = plan({});
    EXPECT_TRUE(result.mounts.empty());
    EXPECT_FALSE(result.home_access);
}

TEST(FilesystemExposures, HomeReadOnlyHidesTheSandboxState) {
    FilesystemPlan result = plan({"--filesystem=home:ro"});
    EXPECT_TRUE(result.home_access);
    EXPECT_EQ(result.mounts,
              (std::vector<MountOp>{ro(kHome), TmpfsMount{"/home/user/.var/app", 0755, 0},
                                    TmpfsMount{"/home/user/.local/share/sandbox", 0755, 0}}));
}

TEST(FilesystemExposures, PathsUnderHomeAndAbsolutePathsParentsFirst) {
    FilesystemPlan result =
        plan({"--filesystem=~/Documents/sub:ro", "--filesystem=home", "--filesystem=/srv/data"});
    EXPECT_EQ(result.mounts.at(0), rw(kHome));
    EXPECT_EQ(result.mounts.at(1), ro("/home/user/Documents/sub"));
    EXPECT_EQ(result.mounts.at(2), rw("/srv/data"));
}

TEST(FilesystemExposures, ReservedPathsAndTheirParentsAreRefusedWithAWarning) {
    FilesystemPlan result =
        plan({"--filesystem=/usr/share", "--filesystem=/etc/passwd", "--filesystem=/run",
              "--filesystem=/lib/x", "--filesystem=/run/flatpak/doc", "--filesystem=/app",
              "--filesystem=/proc/1", "--filesystem=/dev", "--filesystem=/.flatpak-info",
              "--filesystem=/run/user/1000"});
    EXPECT_TRUE(result.mounts.empty());
    EXPECT_EQ(result.warnings.size(), 10u);
    for (const std::string& warning : result.warnings)
        EXPECT_NE(warning.find("reserved"), std::string::npos) << warning;
}

TEST(FilesystemExposures, InsideTheHiddenStateIsRefused) {
    FilesystemPlan result = plan({"--filesystem=~/.var/app/org.other.App",
                                  "--filesystem=~/.local/share/sandbox/overrides:rw"});
    EXPECT_TRUE(result.mounts.empty());
    EXPECT_EQ(result.warnings.size(), 2u);
}

TEST(FilesystemExposures, HostExposesMostOfRootAndTheHostOs) {
    FilesystemPlan result = plan({"--filesystem=host:ro"});
    EXPECT_TRUE(result.home_access);
    for (const char* path : {"/home", "/media", "/mnt", "/opt", "/srv", "/run/media"})
        EXPECT_TRUE(contains(result.mounts, ro(path))) << path;
    for (const char* path : {"/usr", "/etc", "/tmp", "/var", "/proc", "/boot", "/bin"})
        EXPECT_FALSE(contains(result.mounts, ro(path))) << path;
    EXPECT_TRUE(contains(result.mounts,
                         BindMount{HostPath{"/usr"}, "/run/host/usr", BindAccess::ReadOnly, true}));
    EXPECT_TRUE(contains(result.mounts,
                         BindMount{HostPath{"/etc"}, "/run/host/etc", BindAccess::ReadOnly, true}));
    EXPECT_TRUE(contains(result.mounts, MakeSymlink{"usr/bin", "/run/host/bin"}));
    EXPECT_TRUE(contains(result.mounts, TmpfsMount{"/home/user/.var/app", 0755, 0}));
}

TEST(FilesystemExposures, HostOsAndHostEtcAlone) {
    FilesystemPlan result = plan({"--filesystem=host-etc"});
    EXPECT_EQ(result.mounts, (std::vector<MountOp>{BindMount{HostPath{"/etc"}, "/run/host/etc",
                                                             BindAccess::ReadWrite, true}}));
    EXPECT_FALSE(result.home_access);
    result = plan({"--filesystem=host-os:ro"});
    EXPECT_TRUE(contains(result.mounts,
                         BindMount{HostPath{"/usr"}, "/run/host/usr", BindAccess::ReadOnly, true}));
    EXPECT_TRUE(contains(result.mounts, MakeSymlink{"usr/lib64", "/run/host/lib64"}));
}

TEST(FilesystemExposures, XdgDirectories) {
    FilesystemPlan result = plan({"--filesystem=xdg-download/sub:create", "--filesystem=xdg-music",
                                  "--filesystem=xdg-documents", "--filesystem=xdg-run/pipewire-0",
                                  "--filesystem=xdg-config/app.conf:ro"});
    EXPECT_TRUE(contains(result.mounts, rw("/home/user/Downloads/sub")));
    EXPECT_EQ(result.create, (std::vector<std::string>{"/home/user/Downloads/sub"}));
    EXPECT_TRUE(contains(
        result.mounts, BindMount{HostPath{"/run/user/1000/pipewire-0"}, "/run/user/1000/pipewire-0",
                                 BindAccess::ReadWrite, true}));
    EXPECT_TRUE(contains(result.mounts, ro("/home/user/.config/app.conf")));
    EXPECT_EQ(result.app_dir_mounts,
              (std::vector<MountOp>{BindMount{HostPath{"/home/user/.config/app.conf"},
                                              "/home/user/.var/app/org.test.App/config/app.conf",
                                              BindAccess::ReadOnly, true}}));
    // xdg-music is $HOME (disabled): not shared; xdg-documents is not configured: nothing.
    EXPECT_FALSE(contains(result.mounts, rw(kHome)));
    EXPECT_EQ(result.warnings.size(), 1u);
}

// Catalog S49: the instance records, proxy sockets and caches under $XDG_RUNTIME_DIR/.sandbox are
// never shared, however the location is spelled.
TEST(FilesystemExposures, TheSandboxesOwnRuntimeStateIsNeverShared) {
    for (const char* location : {"xdg-run/.sandbox", "xdg-run/.sandbox/", "xdg-run/.sandbox/123",
                                 "xdg-run/./.sandbox", "xdg-run//.sandbox/."}) {
        FilesystemPlan result = plan({std::string("--filesystem=") + location});
        for (const MountOp& op : result.mounts) {
            if (const auto* bind = std::get_if<BindMount>(&op)) {
                EXPECT_EQ(bind->dest.find("/.sandbox"), std::string::npos) << location;
            }
        }
        EXPECT_EQ(result.warnings.size(), 1u) << location;
    }
}

TEST(FilesystemExposures, RevokedLocationsAreNotExposed) {
    permissions::Context context = flags({"--filesystem=home", "--filesystem=/srv"});
    permissions::merge_into(context, flags({"--nofilesystem=home"}));
    FilesystemPlan result = plan_filesystems(context, sample_host());
    EXPECT_EQ(result.mounts, (std::vector<MountOp>{rw("/srv")}));
    EXPECT_FALSE(result.home_access);
}

TEST(FilesystemExposures, TheSamePathTwiceTakesTheWiderMode) {
    FilesystemPlan result = plan({"--filesystem=home:ro", "--filesystem=~/"});
    EXPECT_EQ(result.mounts.at(0), rw(kHome));
}

}  // namespace
}  // namespace sandbox::run
