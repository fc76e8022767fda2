#include <gtest/gtest.h>

#include "sandbox/launcher/mount_steps.hpp"

namespace sandbox::launcher {
namespace {

template <typename Step>
std::vector<Step> steps_of(const std::vector<MountStep>& steps) {
    std::vector<Step> found;
    for (const MountStep& step : steps)
        if (const auto* typed = std::get_if<Step>(&step)) found.push_back(*typed);
    return found;
}

TEST(MountSteps, ReadOnlyBindIsReadOnlyNosuidNodev) {
    auto steps = plan_mount_steps({BindMount{HostPath{"/usr"}, "/usr", BindAccess::ReadOnly}});
    ASSERT_EQ(steps.size(), 1u);
    EXPECT_EQ(std::get<BindStep>(steps[0]),
              (BindStep{HostPath{"/usr"}, "/usr",
                        MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, false}));
}

TEST(MountSteps, WritableBindIsStillNosuidNodev) {
    auto steps = plan_mount_steps({BindMount{HostPath{"/a"}, "/b", BindAccess::ReadWrite, true}});
    EXPECT_EQ(std::get<BindStep>(steps.at(0)).attributes, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV);
    EXPECT_TRUE(std::get<BindStep>(steps.at(0)).optional);
}

TEST(MountSteps, DeviceBindKeepsDevicesButNotSetuid) {
    auto steps = plan_mount_steps({BindMount{InheritedFd{5}, "/dev", BindAccess::Devices}});
    EXPECT_EQ(std::get<BindStep>(steps.at(0)).attributes, MOUNT_ATTR_NOSUID);
    EXPECT_EQ(std::get<BindStep>(steps.at(0)).source, MountSource(InheritedFd{5}));
}

TEST(MountSteps, TmpfsCarriesModeAndSize) {
    auto steps = plan_mount_steps({TmpfsMount{"/tmp", 01777, 1048576}});
    EXPECT_EQ(std::get<FilesystemStep>(steps.at(0)),
              (FilesystemStep{"tmpfs", "/tmp", MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV,
                              "mode=1777,size=1048576", 0755}));
    auto no_size = plan_mount_steps({TmpfsMount{"/run", 0700, 0}});
    EXPECT_EQ(std::get<FilesystemStep>(no_size.at(0)).options, "mode=0700");
}

TEST(MountSteps, ProcIsNoexecAndItsKernelKnobsAreCoveredReadOnly) {
    auto steps = plan_mount_steps({ProcMount{"/proc"}});
    const auto proc = std::get<FilesystemStep>(steps.at(0));
    EXPECT_EQ(proc.type, "proc");
    EXPECT_EQ(proc.attributes, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
    std::vector<std::string> covered;
    for (const CoverStep& cover : steps_of<CoverStep>(steps)) {
        EXPECT_TRUE(cover.attributes & MOUNT_ATTR_RDONLY) << cover.dest;
        covered.push_back(cover.dest);
    }
    EXPECT_EQ(covered, (std::vector<std::string>{"/proc/sys", "/proc/sysrq-trigger", "/proc/irq",
                                                 "/proc/bus"}));
}

TEST(MountSteps, DevHoldsOnlyTheHarmlessNodesAndAPrivateDevpts) {
    auto steps = plan_mount_steps({DevMount{"/dev"}});
    const auto dev = std::get<FilesystemStep>(steps.at(0));
    EXPECT_EQ(dev.type, "tmpfs");
    EXPECT_TRUE(dev.attributes & MOUNT_ATTR_NODEV);
    std::vector<std::string> nodes;
    for (const BindStep& bind : steps_of<BindStep>(steps)) {
        EXPECT_EQ(bind.attributes, MOUNT_ATTR_NOSUID) << bind.dest;
        nodes.push_back(bind.dest);
    }
    EXPECT_EQ(nodes, (std::vector<std::string>{"/dev/null", "/dev/zero", "/dev/full", "/dev/random",
                                               "/dev/urandom", "/dev/tty"}));
    auto filesystems = steps_of<FilesystemStep>(steps);
    ASSERT_EQ(filesystems.size(), 2u);
    EXPECT_EQ(filesystems[1].type, "devpts");
    EXPECT_EQ(filesystems[1].dest, "/dev/pts");
    EXPECT_NE(filesystems[1].options.find("newinstance"), std::string::npos);
    auto links = steps_of<SymlinkStep>(steps);
    EXPECT_NE(std::find(links.begin(), links.end(), SymlinkStep{"pts/ptmx", "/dev/ptmx"}),
              links.end());
    EXPECT_NE(std::find(links.begin(), links.end(), SymlinkStep{"/proc/self/fd/0", "/dev/stdin"}),
              links.end());
    auto dirs = steps_of<DirectoryStep>(steps);
    EXPECT_NE(std::find(dirs.begin(), dirs.end(), DirectoryStep{"/dev/shm", 0755}), dirs.end());
}

TEST(MountSteps, DevGetsTheCallersTerminalAsConsoleOnlyWhenThereIsOne) {
    auto without = plan_mount_steps({DevMount{"/dev"}});
    for (const BindStep& bind : steps_of<BindStep>(without)) EXPECT_NE(bind.dest, "/dev/console");
    auto with = plan_mount_steps({DevMount{"/dev"}}, std::string("/dev/pts/3"));
    auto binds = steps_of<BindStep>(with);
    ASSERT_FALSE(binds.empty());
    EXPECT_EQ(binds.back(), (BindStep{HostPath{"/dev/pts/3"}, "/dev/console", MOUNT_ATTR_NOSUID}));
}

TEST(MountSteps, DevElsewhereIsRootedThere) {
    auto steps = plan_mount_steps({DevMount{"/sandbox/dev/"}});
    for (const BindStep& bind : steps_of<BindStep>(steps))
        EXPECT_EQ(bind.dest.rfind("/sandbox/dev/", 0), 0u) << bind.dest;
}

TEST(MountSteps, FilesDirsLinksAndModes) {
    auto steps = plan_mount_steps({MakeDir{"/run/user/1000", 0700}, MakeSymlink{"usr/lib", "/lib"},
                                   MakeFile{7, "/etc/passwd", 0644}, ChangeMode{"/run", 0711}});
    EXPECT_EQ(std::get<DirectoryStep>(steps.at(0)), (DirectoryStep{"/run/user/1000", 0700, 0700}));
    EXPECT_EQ(std::get<SymlinkStep>(steps.at(1)), (SymlinkStep{"usr/lib", "/lib"}));
    EXPECT_EQ(std::get<FileStep>(steps.at(2)), (FileStep{7, "/etc/passwd", 0644, 0755}));
    EXPECT_EQ(std::get<ChmodStep>(steps.at(3)), (ChmodStep{"/run", 0711}));
}

TEST(MountSteps, ParentsDenyWhatTheirChildDenies) {
    EXPECT_EQ(parent_mode_for(0755), 0755u);
    EXPECT_EQ(parent_mode_for(0600), 0700u);
    EXPECT_EQ(parent_mode_for(0640), 0750u);
    EXPECT_EQ(parent_mode_for(0604), 0705u);
    auto steps = plan_mount_steps(
        {BindData{3, "/etc/private/key", 0600, true}, TmpfsMount{"/run/secret/tmp", 0700, 0}});
    EXPECT_EQ(std::get<DataBindStep>(steps.at(0)).parent_mode, 0700u);
    EXPECT_EQ(std::get<FilesystemStep>(steps.at(1)).parent_mode, 0700u);
    // Ops without a mode (binds, links, /proc, /dev) count as private, as in bubblewrap.
    auto others = plan_mount_steps({BindMount{HostPath{"/a"}, "/deep/a", BindAccess::ReadOnly},
                                    MakeSymlink{"x", "/deep/link"}, ProcMount{"/deep/proc"}});
    EXPECT_EQ(std::get<BindStep>(others.at(0)).parent_mode, 0700u);
    EXPECT_EQ(std::get<SymlinkStep>(others.at(1)).parent_mode, 0700u);
    EXPECT_EQ(std::get<FilesystemStep>(others.at(2)).parent_mode, 0700u);
    EXPECT_EQ(std::get<DirectoryStep>(plan_mount_steps({MakeDir{"/x/y", 0755}}).at(0)).parent_mode,
              0755u);
}

TEST(MountSteps, DataBindsAreReadOnlyOnlyWhenAsked) {
    auto steps = plan_mount_steps(
        {BindData{3, "/.flatpak-info", 0600, true}, BindData{4, "/etc/x", 0644, false}});
    EXPECT_EQ(std::get<DataBindStep>(steps.at(0)).attributes,
              MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV);
    EXPECT_EQ(std::get<DataBindStep>(steps.at(1)).attributes, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV);
}

TEST(MountSteps, RemountReadOnlySetsOnlyReadOnly) {
    auto steps = plan_mount_steps({RemountReadOnly{"/usr"}});
    EXPECT_EQ(std::get<SetAttributesStep>(steps.at(0)),
              (SetAttributesStep{"/usr", MOUNT_ATTR_RDONLY}));
}

TEST(MountSteps, OverlayLayersAreHandedToOverlayfsTopFirst) {
    OverlayMount overlay{{HostPath{"/bottom"}, HostPath{"/top"}},
                         std::nullopt,
                         std::nullopt,
                         "/merged",
                         OverlayKind::ReadOnly};
    auto steps = plan_mount_steps({overlay});
    const auto step = std::get<OverlayStep>(steps.at(0));
    EXPECT_EQ(step.lower, (std::vector<MountSource>{HostPath{"/top"}, HostPath{"/bottom"}}));
    EXPECT_TRUE(step.attributes & MOUNT_ATTR_RDONLY);
    overlay.kind = OverlayKind::Temporary;
    EXPECT_TRUE(std::get<OverlayStep>(plan_mount_steps({overlay}).at(0)).temporary_upper);
}

TEST(MountSteps, OrderIsKept) {
    auto steps = plan_mount_steps({TmpfsMount{"/a"}, MakeDir{"/a/b"}, RemountReadOnly{"/a"}});
    ASSERT_EQ(steps.size(), 3u);
    EXPECT_TRUE(std::holds_alternative<FilesystemStep>(steps[0]));
    EXPECT_TRUE(std::holds_alternative<DirectoryStep>(steps[1]));
    EXPECT_TRUE(std::holds_alternative<SetAttributesStep>(steps[2]));
}

TEST(NormalizeDest, MakesAbsoluteAndDropsDotsAndDoubleSlashes) {
    EXPECT_EQ(normalize_dest("usr/lib"), "/usr/lib");
    EXPECT_EQ(normalize_dest("//usr/./lib/"), "/usr/lib");
    EXPECT_EQ(normalize_dest("/"), "/");
    EXPECT_EQ(normalize_dest(""), "/");
    // ".." stays: resolution inside the new root clamps it there.
    EXPECT_EQ(normalize_dest("/a/../../b"), "/a/../../b");
}

}  // namespace
}  // namespace sandbox::launcher
