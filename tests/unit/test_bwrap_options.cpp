#include <fcntl.h>
#include <linux/capability.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "bwrap_options.hpp"
#include "sandbox/common/fd.hpp"
#include "sandbox/common/files.hpp"

namespace sandbox::launch_cli {
namespace {

using launcher::BindAccess;
using launcher::BindData;
using launcher::BindMount;
using launcher::ChangeMode;
using launcher::DevMount;
using launcher::HostPath;
using launcher::InheritedFd;
using launcher::MakeDir;
using launcher::MakeFile;
using launcher::MakeSymlink;
using launcher::MountOp;
using launcher::MqueueMount;
using launcher::OverlayKind;
using launcher::OverlayMount;
using launcher::ProcMount;
using launcher::RemountReadOnly;
using launcher::TmpfsMount;

using Args = std::vector<std::string>;

Result<ParsedCommand> parse(const Args& args, CallerContext context = {}) {
    return parse_bwrap_command_line(args, context);
}

ParsedCommand parse_ok(const Args& args, CallerContext context = {}) {
    auto parsed = parse(args, std::move(context));
    EXPECT_TRUE(parsed.ok()) << parsed.error().message();
    return parsed.ok() ? std::move(parsed.value()) : ParsedCommand{};
}

std::string parse_error(const Args& args, CallerContext context = {}) {
    auto parsed = parse(args, std::move(context));
    EXPECT_FALSE(parsed.ok());
    return parsed.ok() ? std::string("(parsed)") : parsed.error().message();
}

// Options followed by a command, the usual shape of a command line.
Args with_command(Args options) {
    options.push_back("true");
    return options;
}

// A pipe whose read end holds `data` (and EOF): what --file, --seccomp and --args read.
UniqueFd fd_reading(const std::string& data) {
    int ends[2];
    EXPECT_EQ(::pipe2(ends, O_CLOEXEC), 0);
    UniqueFd read_end(ends[0]);
    UniqueFd write_end(ends[1]);
    EXPECT_TRUE(write_all(write_end.get(), data).ok());
    return read_end;
}

// A memfd holding `data`, rewound: how flatpak passes --args.
UniqueFd memfd_holding(const std::string& data) {
    UniqueFd fd(::memfd_create("args", MFD_CLOEXEC));
    EXPECT_TRUE(fd.valid());
    EXPECT_TRUE(write_all(fd.get(), data).ok());
    EXPECT_EQ(::lseek(fd.get(), 0, SEEK_SET), 0);
    return fd;
}

std::string nul_separated(const Args& words) {
    std::string data;
    for (const auto& word : words) data += word + '\0';
    return data;
}

// An fd number that is certainly not open in this process.
int closed_fd_number() {
    int ends[2];
    EXPECT_EQ(::pipe(ends), 0);
    ::close(ends[0]);
    ::close(ends[1]);
    return ends[0];
}

std::string seccomp_bytes(std::size_t instructions) {
    std::string data(instructions * sizeof(sock_filter), '\0');
    for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i);
    return data;
}

std::string fd_text(const UniqueFd& fd) {
    return std::to_string(fd.get());
}

// The default namespaces (user and mount) plus the named ones.
launcher::Namespaces namespaces(std::initializer_list<std::string_view> extra) {
    launcher::Namespaces result;
    for (auto name : extra) {
        if (name == "pid") result.pid = true;
        if (name == "ipc") result.ipc = true;
        if (name == "uts") result.uts = true;
        if (name == "net") result.net = true;
        if (name == "cgroup") result.cgroup = true;
    }
    return result;
}

// --- the command and option syntax ---------------------------------------------------------------

TEST(BwrapOptions, CommandIsEverythingFromTheFirstNonOption) {
    auto command = parse_ok({"--unshare-pid", "ls", "-l", "--bind", "a"});
    EXPECT_EQ(command.plan.argv, (Args{"ls", "-l", "--bind", "a"}));
    EXPECT_TRUE(command.plan.namespaces.pid);
}

TEST(BwrapOptions, DoubleDashEndsOptions) {
    auto command = parse_ok({"--unshare-ipc", "--", "--ro-bind", "x"});
    EXPECT_EQ(command.plan.argv, (Args{"--ro-bind", "x"}));
}

TEST(BwrapOptions, NoCommandIsAnError) {
    EXPECT_EQ(parse_error({"--unshare-pid"}), "No command specified");
    EXPECT_EQ(parse_error({"--unshare-pid", "--"}), "No command specified");
    EXPECT_EQ(parse_error({}), "No command specified");
}

TEST(BwrapOptions, UnknownOptionIsAnError) {
    EXPECT_EQ(parse_error({"--foo", "true"}), "Unknown option --foo");
    EXPECT_EQ(parse_error({"-x", "true"}), "Unknown option -x");
}

TEST(BwrapOptions, MissingArgumentIsAnError) {
    EXPECT_EQ(parse_error({"--bind", "/usr"}), "--bind takes 2 arguments: SRC DEST");
    EXPECT_EQ(parse_error({"--tmpfs"}), "--tmpfs takes 1 argument: DEST");
    EXPECT_EQ(parse_error({"--overlay", "a", "b"}),
              "--overlay takes 3 arguments: RWSRC WORKDIR DEST");
}

TEST(BwrapOptions, HelpAndVersionStopParsing) {
    auto help = parse_ok({"--unshare-pid", "--help", "--no-such-option"});
    EXPECT_TRUE(help.help);
    EXPECT_FALSE(help.version);
    EXPECT_TRUE(help.plan.argv.empty());
    auto version = parse_ok({"--version"});
    EXPECT_TRUE(version.version);
}

TEST(BwrapOptions, ErrorBeforeHelpWins) {
    EXPECT_EQ(parse_error({"--nope", "--help"}), "Unknown option --nope");
}

TEST(BwrapOptions, FdsPassToTheAppAsWithBwrap) {
    EXPECT_EQ(parse_ok(with_command({})).plan.fd_policy, launcher::FdPolicy::InheritAll);
}

TEST(BwrapOptions, UsageListsEveryOption) {
    const std::string usage = usage_text("sandbox-launch");
    EXPECT_TRUE(usage.starts_with("usage: sandbox-launch [OPTIONS...] [--] COMMAND [ARGS...]\n"));
    for (const auto& option : option_docs()) {
        EXPECT_NE(usage.find("    " + std::string(option.name) + " "), std::string::npos)
            << option.name;
    }
    EXPECT_NE(usage.find("--ro-bind SRC DEST"), std::string::npos);
}

// --- binds ---------------------------------------------------------------------------------------

TEST(BwrapOptions, BindsKeepOrderAccessAndTryFlag) {
    auto command = parse_ok(with_command({"--ro-bind", "/usr", "/usr", "--bind", "/tmp", "tmp",
                                          "--dev-bind", "/dev", "/dev", "--ro-bind-try", "/a", "/b",
                                          "--bind-try", "/c", "/d", "--dev-bind-try", "/e", "/f"}));
    const std::vector<MountOp> expected{
        BindMount{HostPath{"/usr"}, "/usr", BindAccess::ReadOnly, false},
        BindMount{HostPath{"/tmp"}, "tmp", BindAccess::ReadWrite, false},
        BindMount{HostPath{"/dev"}, "/dev", BindAccess::Devices, false},
        BindMount{HostPath{"/a"}, "/b", BindAccess::ReadOnly, true},
        BindMount{HostPath{"/c"}, "/d", BindAccess::ReadWrite, true},
        BindMount{HostPath{"/e"}, "/f", BindAccess::Devices, true},
    };
    EXPECT_EQ(command.plan.mounts, expected);
    EXPECT_TRUE(command.plan.consumed_fds.empty());
}

TEST(BwrapOptions, BindFdMountsTheInheritedFdAndConsumesIt) {
    UniqueFd root(::open("/", O_PATH | O_CLOEXEC));
    UniqueFd usr(::open("/usr", O_PATH | O_CLOEXEC));
    auto command = parse_ok(
        with_command({"--bind-fd", fd_text(root), "/", "--ro-bind-fd", fd_text(usr), "/usr"}));
    const std::vector<MountOp> expected{
        BindMount{InheritedFd{root.get()}, "/", BindAccess::ReadWrite, false},
        BindMount{InheritedFd{usr.get()}, "/usr", BindAccess::ReadOnly, false},
    };
    EXPECT_EQ(command.plan.mounts, expected);
    EXPECT_EQ(command.plan.consumed_fds, (std::vector<int>{root.get(), usr.get()}));
}

// --- fds -----------------------------------------------------------------------------------------

TEST(BwrapOptions, FdThatIsNotANumberIsAnError) {
    EXPECT_EQ(parse_error(with_command({"--bind-fd", "x3", "/"})), "Invalid fd: x3");
    EXPECT_EQ(parse_error(with_command({"--info-fd", "-1"})), "Invalid fd: -1");
}

TEST(BwrapOptions, FdThatIsNotOpenIsAnError) {
    const std::string fd = std::to_string(closed_fd_number());
    for (const char* option : {"--info-fd", "--json-status-fd", "--sync-fd", "--block-fd",
                               "--seccomp", "--add-seccomp-fd", "--args"}) {
        EXPECT_EQ(parse_error(with_command({option, fd})),
                  std::string("Bad file descriptor for ") + option + ": " + fd);
    }
    for (const char* option :
         {"--bind-fd", "--ro-bind-fd", "--file", "--bind-data", "--ro-bind-data"}) {
        EXPECT_EQ(parse_error(with_command({option, fd, "/x"})),
                  std::string("Bad file descriptor for ") + option + ": " + fd);
    }
}

TEST(BwrapOptions, StatusFdsAreRecordedAndAllButSyncConsumed) {
    auto info = fd_reading("");
    auto status = fd_reading("");
    auto block = fd_reading("");
    auto sync = fd_reading("");
    auto command =
        parse_ok(with_command({"--info-fd", fd_text(info), "--json-status-fd", fd_text(status),
                               "--block-fd", fd_text(block), "--sync-fd", fd_text(sync)}));
    EXPECT_EQ(command.plan.info_fd, info.get());
    EXPECT_EQ(command.plan.json_status_fd, status.get());
    EXPECT_EQ(command.plan.block_fd, block.get());
    EXPECT_EQ(command.plan.sync_fd, sync.get());
    std::vector<int> consumed{info.get(), status.get(), block.get()};
    std::ranges::sort(consumed);
    EXPECT_EQ(command.plan.consumed_fds, consumed);
}

TEST(BwrapOptions, RepeatedSingleValuedFdWarnsAndTheLastWins) {
    auto first = fd_reading("");
    auto second = fd_reading("");
    auto command =
        parse_ok(with_command({"--info-fd", fd_text(first), "--info-fd", fd_text(second)}));
    EXPECT_EQ(command.plan.info_fd, second.get());
    EXPECT_EQ(command.plan.consumed_fds, std::vector<int>{second.get()});
    EXPECT_EQ(command.warnings,
              Args{"--info-fd given more than once: only the last one takes effect"});
}

// --- created files and filesystems ---------------------------------------------------------------

TEST(BwrapOptions, FilesystemsAndCreatedPaths) {
    auto command =
        parse_ok(with_command({"--tmpfs", "/tmp", "--proc", "/proc", "--dev", "/dev", "--mqueue",
                               "/dev/mqueue", "--dir", "/run/user", "--symlink", "usr/lib", "/lib",
                               "--remount-ro", "/", "--chmod", "0700", "/run/user"}));
    const std::vector<MountOp> expected{
        TmpfsMount{"/tmp", 0755, 0},
        ProcMount{"/proc"},
        DevMount{"/dev"},
        MqueueMount{"/dev/mqueue"},
        MakeDir{"/run/user", 0755},
        MakeSymlink{"usr/lib", "/lib"},
        RemountReadOnly{"/"},
        ChangeMode{"/run/user", 0700},
    };
    EXPECT_EQ(command.plan.mounts, expected);
}

TEST(BwrapOptions, FileAndBindDataReadFdsWithTheirDefaultModes) {
    auto file = fd_reading("a");
    auto data = fd_reading("b");
    auto ro_data = fd_reading("c");
    auto command =
        parse_ok(with_command({"--file", fd_text(file), "/etc/a", "--bind-data", fd_text(data),
                               "/etc/b", "--ro-bind-data", fd_text(ro_data), "/etc/c"}));
    const std::vector<MountOp> expected{
        MakeFile{file.get(), "/etc/a", 0666},
        BindData{data.get(), "/etc/b", 0600, false},
        BindData{ro_data.get(), "/etc/c", 0600, true},
    };
    EXPECT_EQ(command.plan.mounts, expected);
    std::vector<int> consumed{file.get(), data.get(), ro_data.get()};
    std::ranges::sort(consumed);
    EXPECT_EQ(command.plan.consumed_fds, consumed);
}

TEST(BwrapOptions, ChmodNeedsAnOctalMode) {
    EXPECT_EQ(parse_error(with_command({"--chmod", "0800", "/x"})),
              "--chmod takes an octal mode up to 07777, not: 0800");
    EXPECT_EQ(parse_error(with_command({"--chmod", "17777", "/x"})),
              "--chmod takes an octal mode up to 07777, not: 17777");
}

// --- --perms and --size --------------------------------------------------------------------------

TEST(BwrapOptions, PermsAndSizeApplyToTheNextOperationOnly) {
    auto file = fd_reading("");
    auto command = parse_ok(
        with_command({"--perms",     "01777",  "--size", "1048576", "--tmpfs", "/tmp",    "--tmpfs",
                      "/run",        "--size", "0x1000", "--perms", "700",     "--tmpfs", "/a",
                      "--perms",     "0750",   "--dir",  "/b",      "--perms", "0444",    "--file",
                      fd_text(file), "/c",     "--dir",  "/d"}));
    const std::vector<MountOp> expected{
        TmpfsMount{"/tmp", 01777, 1048576}, TmpfsMount{"/run", 0755, 0},
        TmpfsMount{"/a", 0700, 0x1000},     MakeDir{"/b", 0750},
        MakeFile{file.get(), "/c", 0444},   MakeDir{"/d", 0755},
    };
    EXPECT_EQ(command.plan.mounts, expected);
}

TEST(BwrapOptions, PermsAppliesToBindData) {
    auto data = fd_reading("");
    auto command =
        parse_ok(with_command({"--perms", "0644", "--ro-bind-data", fd_text(data), "/f"}));
    const std::vector<MountOp> expected{BindData{data.get(), "/f", 0644, true}};
    EXPECT_EQ(command.plan.mounts, expected);
}

TEST(BwrapOptions, PermsMustBeFollowedByAnOperationThatCreatesAFile) {
    const std::string expected =
        "--perms must be followed by an option that creates a file "
        "(--tmpfs, --dir, --file, --bind-data, --ro-bind-data)";
    EXPECT_EQ(parse_error(with_command({"--perms", "0700", "--bind", "/a", "/b"})), expected);
    EXPECT_EQ(parse_error(with_command({"--perms", "0700", "--chmod", "0700", "/b"})), expected);
    EXPECT_EQ(parse_error(with_command({"--perms", "0700"})), expected);
}

TEST(BwrapOptions, PermsMustBeOctal) {
    EXPECT_EQ(parse_error(with_command({"--perms", "rwx", "--dir", "/a"})),
              "--perms takes an octal mode up to 07777, not: rwx");
    EXPECT_EQ(parse_error(with_command({"--perms", "-1", "--dir", "/a"})),
              "--perms takes an octal mode up to 07777, not: -1");
    EXPECT_EQ(parse_error(with_command({"--perms", "", "--dir", "/a"})),
              "--perms takes an octal mode up to 07777, not: ");
}

TEST(BwrapOptions, PermsOrSizeTwiceIsAnError) {
    EXPECT_EQ(parse_error(with_command({"--perms", "0700", "--perms", "0700", "--dir", "/a"})),
              "--perms given twice for the same operation");
    EXPECT_EQ(parse_error(with_command({"--size", "1", "--size", "1", "--tmpfs", "/a"})),
              "--size given twice for the same operation");
}

TEST(BwrapOptions, SizeMustBeFollowedByTmpfs) {
    EXPECT_EQ(parse_error(with_command({"--size", "4096", "--dir", "/a"})),
              "--size must be followed by --tmpfs");
}

TEST(BwrapOptions, SizeMustBeAPositiveNumber) {
    for (const char* size : {"0", "-1", " 1", "1k", "", "0x"}) {
        EXPECT_EQ(parse_error(with_command({"--size", size, "--tmpfs", "/a"})),
                  std::string("--size needs a non-zero number of bytes, not: ") + size);
    }
}

// --- overlays ------------------------------------------------------------------------------------

TEST(BwrapOptions, OverlaysTakeThePendingSourcesBottomFirst) {
    auto command = parse_ok(
        with_command({"--overlay-src", "/lower1", "--overlay-src", "/lower2", "--overlay", "/upper",
                      "/work", "/a", "--overlay-src", "/l", "--tmp-overlay", "/b", "--overlay-src",
                      "/x", "--overlay-src", "/y", "--ro-overlay", "/c"}));
    OverlayMount writable{{HostPath{"/lower1"}, HostPath{"/lower2"}},
                          HostPath{"/upper"},
                          HostPath{"/work"},
                          "/a",
                          OverlayKind::Writable};
    OverlayMount temporary{
        {HostPath{"/l"}}, std::nullopt, std::nullopt, "/b", OverlayKind::Temporary};
    OverlayMount read_only{
        {HostPath{"/x"}, HostPath{"/y"}}, std::nullopt, std::nullopt, "/c", OverlayKind::ReadOnly};
    EXPECT_EQ(command.plan.mounts, (std::vector<MountOp>{writable, temporary, read_only}));
}

TEST(BwrapOptions, OverlaysNeedEnoughSources) {
    EXPECT_EQ(parse_error(with_command({"--tmp-overlay", "/a"})),
              "--tmp-overlay needs at least 1 --overlay-src before it");
    EXPECT_EQ(parse_error(with_command({"--overlay", "/u", "/w", "/a"})),
              "--overlay needs at least 1 --overlay-src before it");
    EXPECT_EQ(parse_error(with_command({"--overlay-src", "/x", "--ro-overlay", "/a"})),
              "--ro-overlay needs at least 2 --overlay-src before it");
}

TEST(BwrapOptions, OverlaySourceMustBeFollowedByAnOverlay) {
    const std::string expected =
        "--overlay-src must be followed by another --overlay-src, --overlay, --tmp-overlay or "
        "--ro-overlay";
    EXPECT_EQ(parse_error(with_command({"--overlay-src", "/x", "--tmpfs", "/a"})), expected);
    EXPECT_EQ(parse_error(with_command({"--overlay-src", "/x"})), expected);
}

// --- environment ---------------------------------------------------------------------------------

TEST(BwrapOptions, EnvironmentStartsFromTheCallersAndIsEditedInOrder) {
    CallerContext context{{"HOME=/home/u", "PATH=/bin", "LANG=C"}, true};
    auto command = parse_ok(with_command({"--setenv", "PATH", "/usr/bin", "--unsetenv", "LANG",
                                          "--setenv", "NEW", "a=b", "--unsetenv", "ABSENT"}),
                            context);
    EXPECT_EQ(command.plan.environment, (Args{"HOME=/home/u", "PATH=/usr/bin", "NEW=a=b"}));
}

TEST(BwrapOptions, ClearenvEmptiesTheEnvironmentUpToThatPoint) {
    CallerContext context{{"HOME=/home/u", "PATH=/bin"}, true};
    auto command =
        parse_ok(with_command({"--setenv", "A", "1", "--clearenv", "--setenv", "B", "2"}), context);
    EXPECT_EQ(command.plan.environment, Args{"B=2"});
}

TEST(BwrapOptions, VariableNameMustBeValid) {
    EXPECT_EQ(parse_error(with_command({"--setenv", "A=B", "1"})),
              "Invalid variable name for --setenv: 'A=B'");
    EXPECT_EQ(parse_error(with_command({"--unsetenv", ""})),
              "Invalid variable name for --unsetenv: ''");
}

// --- namespaces and identity ---------------------------------------------------------------------

TEST(BwrapOptions, EachUnshareOptionSetsItsNamespace) {
    auto command = parse_ok(
        with_command({"--unshare-user", "--unshare-user-try", "--unshare-ipc", "--unshare-pid",
                      "--unshare-net", "--unshare-uts", "--unshare-cgroup"}));
    EXPECT_EQ(command.plan.namespaces, namespaces({"pid", "ipc", "uts", "net", "cgroup"}));
    EXPECT_EQ(parse_ok(with_command({})).plan.namespaces, launcher::Namespaces{});
}

TEST(BwrapOptions, UnshareAllAndShareNet) {
    auto all = parse_ok(with_command({"--unshare-all"}));
    EXPECT_EQ(all.plan.namespaces, namespaces({"pid", "ipc", "uts", "net", "cgroup"}));
    auto shared_net = parse_ok(with_command({"--unshare-all", "--share-net"}));
    EXPECT_FALSE(shared_net.plan.namespaces.net);
    EXPECT_TRUE(shared_net.plan.namespaces.pid);
}

TEST(BwrapOptions, CgroupTryFollowsWhatTheKernelSupports) {
    CallerContext without_cgroup_ns{{}, false};
    EXPECT_FALSE(
        parse_ok(with_command({"--unshare-all"}), without_cgroup_ns).plan.namespaces.cgroup);
    EXPECT_FALSE(
        parse_ok(with_command({"--unshare-cgroup-try"}), without_cgroup_ns).plan.namespaces.cgroup);
    EXPECT_TRUE(parse_ok(with_command({"--unshare-cgroup-try"})).plan.namespaces.cgroup);
    EXPECT_EQ(parse_error(with_command({"--unshare-cgroup"}), without_cgroup_ns),
              "--unshare-cgroup: this kernel has no cgroup namespaces");
}

TEST(BwrapOptions, IdentityAndStartup) {
    auto command =
        parse_ok(with_command({"--unshare-uts", "--uid", "0", "--gid", "100", "--hostname", "box",
                               "--chdir", "/home", "--argv0", "sh"}));
    EXPECT_EQ(command.plan.uid, 0u);
    EXPECT_EQ(command.plan.gid, 100u);
    EXPECT_EQ(command.plan.hostname, "box");
    EXPECT_EQ(command.plan.cwd, "/home");
    EXPECT_EQ(command.plan.argv0, "sh");
    EXPECT_TRUE(command.warnings.empty());
}

TEST(BwrapOptions, BadIdsAreErrors) {
    EXPECT_EQ(parse_error(with_command({"--uid", "root"})), "Invalid uid: root");
    EXPECT_EQ(parse_error(with_command({"--gid", "-1"})), "Invalid gid: -1");
    EXPECT_EQ(parse_error(with_command({"--uid", "4294967295"})), "Invalid uid: 4294967295");
}

TEST(BwrapOptions, RepeatedChdirWarnsAndRepeatedArgv0IsAnError) {
    auto command = parse_ok(with_command({"--chdir", "/a", "--chdir", "/b"}));
    EXPECT_EQ(command.plan.cwd, "/b");
    EXPECT_EQ(command.warnings,
              Args{"--chdir given more than once: only the last one takes effect"});
    EXPECT_EQ(parse_error(with_command({"--argv0", "a", "--argv0", "b"})),
              "--argv0 given more than once");
}

TEST(BwrapOptions, HostnameRequiresUnshareUts) {
    EXPECT_EQ(parse_error(with_command({"--hostname", "box"})),
              "--hostname requires --unshare-uts");
}

// --- process options -----------------------------------------------------------------------------

TEST(BwrapOptions, ProcessFlags) {
    auto command =
        parse_ok(with_command({"--unshare-pid", "--die-with-parent", "--new-session", "--as-pid-1",
                               "--disable-userns", "--assert-userns-disabled", "--level-prefix"}));
    EXPECT_TRUE(command.plan.die_with_parent);
    EXPECT_TRUE(command.plan.new_session);
    EXPECT_TRUE(command.plan.as_pid_1);
    EXPECT_TRUE(command.plan.disable_userns);
    EXPECT_TRUE(command.plan.assert_userns_disabled);
    EXPECT_TRUE(command.plan.level_prefix);
}

TEST(BwrapOptions, AsPid1RequiresUnsharePidAndNoLockFile) {
    EXPECT_EQ(parse_error(with_command({"--as-pid-1"})), "--as-pid-1 requires --unshare-pid");
    EXPECT_EQ(parse_error(with_command({"--unshare-pid", "--as-pid-1", "--lock-file", "/a"})),
              "--as-pid-1 can't be combined with --lock-file");
}

TEST(BwrapOptions, LockFilesAreCollected) {
    auto command = parse_ok(with_command({"--lock-file", "/a", "--lock-file", "/b"}));
    EXPECT_EQ(command.plan.lock_files, (Args{"/a", "/b"}));
}

TEST(BwrapOptions, LevelPrefixIsReportedEvenWhenParsingFailsLater) {
    bool level_prefix = false;
    Args args{"--level-prefix", "--nope"};
    EXPECT_FALSE(parse_bwrap_command_line(args, {}, &level_prefix).ok());
    EXPECT_TRUE(level_prefix);

    bool not_yet = false;
    Args earlier{"--nope", "--level-prefix"};
    EXPECT_FALSE(parse_bwrap_command_line(earlier, {}, &not_yet).ok());
    EXPECT_FALSE(not_yet);
}

// --- capabilities --------------------------------------------------------------------------------

TEST(BwrapOptions, CapabilitiesAreAddedAndDroppedInOrder) {
    auto command = parse_ok(with_command({"--cap-add", "CAP_SYS_ADMIN", "--cap-add", "cap_net_raw",
                                          "--cap-add", "CAP_CHOWN", "--cap-drop", "CAP_NET_RAW"}));
    EXPECT_EQ(command.plan.keep_capabilities, (std::vector<int>{CAP_CHOWN, CAP_SYS_ADMIN}));
    EXPECT_TRUE(parse_ok(with_command({})).plan.keep_capabilities.empty());
}

TEST(BwrapOptions, AllCapabilities) {
    auto all = parse_ok(with_command({"--cap-add", "ALL", "--cap-drop", "CAP_SYS_ADMIN"}));
    EXPECT_EQ(all.plan.keep_capabilities.front(), CAP_CHOWN);
    EXPECT_GE(all.plan.keep_capabilities.size(), static_cast<std::size_t>(CAP_SYS_ADMIN));
    EXPECT_EQ(std::ranges::count(all.plan.keep_capabilities, CAP_SYS_ADMIN), 0);
    auto none = parse_ok(with_command({"--cap-add", "all", "--cap-drop", "ALL"}));
    EXPECT_TRUE(none.plan.keep_capabilities.empty());
}

TEST(BwrapOptions, UnknownCapabilityIsAnError) {
    EXPECT_EQ(parse_error(with_command({"--cap-add", "CAP_MAKE_COFFEE"})),
              "Unknown capability: CAP_MAKE_COFFEE");
    EXPECT_EQ(parse_error(with_command({"--cap-drop", "SYS_ADMIN"})),
              "Unknown capability: SYS_ADMIN");
}

// --- seccomp -------------------------------------------------------------------------------------

TEST(BwrapOptions, SeccompProgramIsReadFromItsFd) {
    const std::string bytes = seccomp_bytes(3);
    auto fd = fd_reading(bytes);
    auto command = parse_ok(with_command({"--seccomp", fd_text(fd)}));
    ASSERT_EQ(command.plan.seccomp.size(), 1u);
    ASSERT_EQ(command.plan.seccomp[0].size(), 3u);
    EXPECT_EQ(std::memcmp(command.plan.seccomp[0].data(), bytes.data(), bytes.size()), 0);
    EXPECT_EQ(command.plan.consumed_fds, std::vector<int>{fd.get()});
    EXPECT_FALSE(command.default_seccomp);
}

TEST(BwrapOptions, AddedSeccompProgramsKeepTheirOrder) {
    auto first = fd_reading(seccomp_bytes(1));
    auto second = fd_reading(seccomp_bytes(2));
    auto command = parse_ok(
        with_command({"--add-seccomp-fd", fd_text(first), "--add-seccomp-fd", fd_text(second)}));
    ASSERT_EQ(command.plan.seccomp.size(), 2u);
    EXPECT_EQ(command.plan.seccomp[0].size(), 1u);
    EXPECT_EQ(command.plan.seccomp[1].size(), 2u);
}

TEST(BwrapOptions, SeccompAndAddSeccompFdExcludeEachOther) {
    auto a = fd_reading(seccomp_bytes(1));
    auto b = fd_reading(seccomp_bytes(1));
    EXPECT_EQ(parse_error(with_command({"--seccomp", fd_text(a), "--add-seccomp-fd", fd_text(b)})),
              "--add-seccomp-fd can't be combined with --seccomp");
    EXPECT_EQ(parse_error(with_command({"--add-seccomp-fd", fd_text(a), "--seccomp", fd_text(b)})),
              "--seccomp can't be combined with --add-seccomp-fd");
}

TEST(BwrapOptions, SeccompDataMustBeWholeInstructions) {
    auto odd = fd_reading(std::string(7, 'x'));
    EXPECT_EQ(parse_error(with_command({"--seccomp", fd_text(odd)})),
              "Invalid seccomp data, must be multiple of 8");
    auto empty = fd_reading("");
    EXPECT_EQ(parse_error(with_command({"--add-seccomp-fd", fd_text(empty)})),
              "Invalid seccomp data, must not be empty");
}

TEST(BwrapOptions, DefaultSeccompWithItsModifiers) {
    auto plain = parse_ok(with_command({"--seccomp-default"}));
    ASSERT_TRUE(plain.default_seccomp);
    EXPECT_FALSE(plain.default_seccomp->multiarch);
    EXPECT_FALSE(plain.default_seccomp->devel);

    auto program = fd_reading(seccomp_bytes(1));
    auto modified = parse_ok(with_command({"--seccomp-multiarch", "--seccomp-default",
                                           "--seccomp-devel", "--seccomp", fd_text(program)}));
    ASSERT_TRUE(modified.default_seccomp);
    EXPECT_TRUE(modified.default_seccomp->multiarch);
    EXPECT_TRUE(modified.default_seccomp->devel);
    EXPECT_EQ(modified.plan.seccomp.size(), 1u);  // main puts the default program before it
}

TEST(BwrapOptions, SeccompModifierWithoutDefaultIsAnError) {
    EXPECT_EQ(parse_error(with_command({"--seccomp-devel"})),
              "--seccomp-devel requires --seccomp-default");
}

// --- --args --------------------------------------------------------------------------------------

TEST(BwrapOptions, ArgsAreParsedWhereTheyStand) {
    auto args = memfd_holding(nul_separated({"--ro-bind", "/usr", "/usr", "--setenv", "A", "1"}));
    auto command = parse_ok({"--dir", "/a", "--args", fd_text(args), "--dir", "/b", "cmd"});
    const std::vector<MountOp> expected{
        MakeDir{"/a", 0755},
        BindMount{HostPath{"/usr"}, "/usr", BindAccess::ReadOnly, false},
        MakeDir{"/b", 0755},
    };
    EXPECT_EQ(command.plan.mounts, expected);
    EXPECT_EQ(command.plan.environment, Args{"A=1"});
    EXPECT_EQ(command.plan.argv, Args{"cmd"});
    EXPECT_EQ(command.plan.consumed_fds, std::vector<int>{args.get()});
}

TEST(BwrapOptions, ArgsFromAPipeWithoutFinalNul) {
    auto args = fd_reading(std::string("--unshare-pid\0--chdir\0/x", 25));
    auto command = parse_ok({"--args", fd_text(args), "true"});
    EXPECT_TRUE(command.plan.namespaces.pid);
    EXPECT_EQ(command.plan.cwd, "/x");
}

TEST(BwrapOptions, ArgsKeepEmptyWords) {
    auto args = fd_reading(std::string("--setenv\0EMPTY\0\0", 16));
    EXPECT_EQ(parse_ok({"--args", fd_text(args), "true"}).plan.environment, Args{"EMPTY="});
}

TEST(BwrapOptions, ModifiersMayCarryIntoArgsData) {
    auto args = fd_reading(nul_separated({"--dir", "/a"}));
    const std::vector<MountOp> expected{MakeDir{"/a", 0700}};
    EXPECT_EQ(parse_ok({"--perms", "0700", "--args", fd_text(args), "true"}).plan.mounts, expected);
}

TEST(BwrapOptions, HelpInArgsDataStopsParsing) {
    auto args = fd_reading(nul_separated({"--help", "ignored"}));
    EXPECT_TRUE(parse_ok({"--args", fd_text(args), "--no-such-option"}).help);
}

TEST(BwrapOptions, ArgsInsideArgsIsAnError) {
    auto inner = fd_reading("");
    auto outer = fd_reading(nul_separated({"--args", fd_text(inner)}));
    EXPECT_EQ(parse_error({"--args", fd_text(outer), "true"}),
              "--args can't be used inside --args data");
}

TEST(BwrapOptions, ArgsDataCantHoldTheCommand) {
    auto args = fd_reading(nul_separated({"--unshare-pid", "ls"}));
    EXPECT_EQ(parse_error({"--args", fd_text(args), "true"}),
              "--args data can't contain the command: ls");
}

TEST(BwrapOptions, OptionInArgsDataTakesItsValuesFromThere) {
    auto args = fd_reading(nul_separated({"--tmpfs"}));
    EXPECT_EQ(parse_error({"--args", fd_text(args), "/tmp", "true"}),
              "--tmpfs takes 1 argument: DEST");
}

TEST(BwrapOptions, AtMost9000Arguments) {
    Args many(9000, "--unshare-pid");
    many.back() = "true";
    EXPECT_TRUE(parse(many).ok());
    many.push_back("x");
    EXPECT_EQ(parse_error(many), "Too many arguments: at most 9000");

    auto args = memfd_holding(nul_separated(Args(8999, "--unshare-ipc")));
    EXPECT_EQ(parse_error({"--args", fd_text(args), "true"}), "Too many arguments: at most 9000");
}

}  // namespace
}  // namespace sandbox::launch_cli
