// Filesystem spellings, merging in Flatpak's order, the command-line flags and printing back.

#include <gtest/gtest.h>

#include <vector>

#include "sandbox/permissions/filesystem.hpp"
#include "sandbox/permissions/flags.hpp"
#include "sandbox/permissions/keyfile.hpp"
#include "sandbox/permissions/keyfile_writer.hpp"
#include "sandbox/permissions/metadata.hpp"
#include "sandbox/permissions/report.hpp"

namespace sandbox::permissions {
namespace {

Context from_flags(const std::vector<std::string>& args) {
    Context layer;
    std::size_t index = 0;
    while (index < args.size()) {
        auto taken = take_permission_flag(args, index, layer);
        EXPECT_TRUE(taken.ok()) << taken.error().message();
        if (!taken.ok() || !*taken) break;
    }
    EXPECT_EQ(index, args.size());
    return layer;
}

std::string flag_error(const std::vector<std::string>& args) {
    Context layer;
    std::size_t index = 0;
    auto taken = take_permission_flag(args, index, layer);
    EXPECT_FALSE(taken.ok());
    return taken.ok() ? "" : taken.error().message();
}

TEST(Filesystem, ParsesModesAndNormalises) {
    EXPECT_EQ(*parse_filesystem("home:ro", false),
              (FilesystemEntry{"home", FilesystemMode::ReadOnly, false}));
    EXPECT_EQ(*parse_filesystem("~", false),
              (FilesystemEntry{"home", FilesystemMode::ReadWrite, false}));
    EXPECT_EQ(parse_filesystem("home/Music/", false)->location, "~/Music");
    EXPECT_EQ(parse_filesystem("/srv//data/./x/", false)->location, "/srv/data/x");
    EXPECT_EQ(parse_filesystem("xdg-download/a:create", false)->mode, FilesystemMode::Create);
    EXPECT_EQ(parse_filesystem("/with\\:colon:ro", false)->location, "/with:colon");
    EXPECT_EQ(*parse_filesystem("host:reset", true),
              (FilesystemEntry{"host", FilesystemMode::None, true}));
    EXPECT_EQ(parse_filesystem("xdg-documents", true)->mode, FilesystemMode::None);
}

TEST(Filesystem, RefusesWhatCannotBeMeant) {
    EXPECT_FALSE(parse_filesystem("/", false).ok());
    EXPECT_FALSE(parse_filesystem("/srv/..", false).ok());
    EXPECT_FALSE(parse_filesystem("~/../x", false).ok());
    EXPECT_FALSE(parse_filesystem("somewhere", false).ok());
    EXPECT_FALSE(parse_filesystem("xdg-nothing", false).ok());
    EXPECT_FALSE(parse_filesystem("host:reset", false).ok());
    EXPECT_FALSE(parse_filesystem("home:reset", true).ok());
    EXPECT_FALSE(parse_filesystem("home:ro", true).ok());
    EXPECT_FALSE(parse_filesystem("home:wx", false).ok());
    EXPECT_FALSE(parse_filesystem("/tmp/\x1b[2J", false).ok());
}

TEST(Filesystem, UnparseRoundTrips) {
    for (const char* text : {"home:ro", "/with\\:colon:create", "xdg-run/pipewire-0", "~/x"}) {
        auto entry = parse_filesystem(text, false);
        ASSERT_TRUE(entry.ok()) << text;
        EXPECT_EQ(unparse_filesystem(entry->location, entry->mode), text);
    }
    EXPECT_EQ(unparse_filesystem("home", FilesystemMode::None), "!home");
}

TEST(Merge, LaterLayersWinKeyByKey) {
    Context app = from_flags({"--share=network", "--socket=x11", "--filesystem=home:ro",
                              "--talk-name=org.a.B", "--env=A=1", "--persist=.a"});
    Context override_layer =
        from_flags({"--unshare=network", "--filesystem=home", "--no-talk-name=org.a.B",
                    "--unset-env=A", "--persist=.b"});
    merge_into(app, override_layer);

    EXPECT_FALSE(is_granted(app.shared, Share::Network));
    EXPECT_TRUE(is_granted(app.sockets, Socket::X11));
    EXPECT_EQ(filesystem_mode(app, "home"), FilesystemMode::ReadWrite);
    EXPECT_EQ(app.session_bus.at("org.a.B"), BusPolicy::None);
    EXPECT_EQ(app.environment.at("A"), std::nullopt);
    EXPECT_EQ(app.persistent, (std::set<std::string>{".a", ".b"}));
}

TEST(Merge, HostResetDropsEveryEarlierFilesystemButKeepsItsOwnLayer) {
    Context app = from_flags({"--filesystem=home", "--filesystem=/srv"});
    Context reset = from_flags({"--nofilesystem=host:reset", "--filesystem=xdg-music:ro"});
    merge_into(app, reset);
    EXPECT_EQ(app.filesystems,
              (std::map<std::string, FilesystemMode>{{"host", FilesystemMode::None},
                                                     {"xdg-music", FilesystemMode::ReadOnly}}));
}

TEST(Merge, FlatpakOrderAppThenSystemThenUserThenCommandLine) {
    std::vector<Context> layers{from_flags({"--share=network"}),          // app metadata
                                from_flags({"--unshare=network"}),        // system global
                                from_flags({"--device=dri"}),             // system app
                                from_flags({"--share=network"}),          // user global
                                from_flags({"--nodevice=dri"}),           // user app
                                from_flags({"--filesystem=/srv/x:ro"})};  // command line
    Context effective;
    for (const Context& layer : layers) merge_into(effective, layer);
    EXPECT_TRUE(is_granted(effective.shared, Share::Network));
    EXPECT_FALSE(is_granted(effective.devices, Device::Dri));
    EXPECT_EQ(filesystem_mode(effective, "/srv/x"), FilesystemMode::ReadOnly);
}

TEST(Flags, BothSpellingsOfTheValue) {
    EXPECT_EQ(from_flags({"--share", "network"}), from_flags({"--share=network"}));
    EXPECT_EQ(from_flags({"--system-talk-name", "org.freedesktop.login1"})
                  .system_bus.at("org.freedesktop.login1"),
              BusPolicy::Talk);
    EXPECT_EQ(from_flags({"--own-name=org.test.App.*"}).session_bus.at("org.test.App.*"),
              BusPolicy::Own);
    EXPECT_TRUE(is_granted(from_flags({"--allow=bluetooth"}).features, Feature::Bluetooth));
}

TEST(Flags, NotAPermissionFlagIsLeftAlone) {
    Context layer;
    std::vector<std::string> args{"--command=sh", "org.test.App"};
    std::size_t index = 0;
    auto taken = take_permission_flag(args, index, layer);
    ASSERT_TRUE(taken.ok());
    EXPECT_FALSE(*taken);
    EXPECT_EQ(index, 0u);
}

TEST(Flags, BadValuesAreErrors) {
    EXPECT_NE(flag_error({"--socket=teleport"}).find("wayland"), std::string::npos);
    EXPECT_NE(flag_error({"--env=NOEQUALS"}).find("NAME=VALUE"), std::string::npos);
    EXPECT_FALSE(flag_error({"--talk-name=:1.5"}).empty());
    EXPECT_FALSE(flag_error({"--persist=/abs"}).empty());
    EXPECT_FALSE(flag_error({"--filesystem=/etc/../x"}).empty());
    EXPECT_NE(flag_error({"--share"}).find("needs a value"), std::string::npos);
}

TEST(Writer, RoundTripsThroughAKeyfile) {
    Context context =
        from_flags({"--share=network", "--unshare=ipc", "--socket=wayland",
                    "--nofilesystem=host:reset", "--filesystem=xdg-download:ro",
                    "--nofilesystem=home", "--persist=.cfg", "--env=A=b c", "--unset-env=B",
                    "--talk-name=org.a.B", "--no-talk-name=org.c.D", "--system-own-name=org.e.F"});
    const std::string text = context_to_text(context, false);
    auto keyfile = parse_keyfile(text, "round trip");
    ASSERT_TRUE(keyfile.ok()) << keyfile.error().message();
    Warnings warnings;
    auto parsed = context_from_keyfile(keyfile->get(), "round trip", warnings);
    ASSERT_TRUE(parsed.ok()) << parsed.error().message() << "\n" << text;
    EXPECT_EQ(*parsed, context) << text;
    EXPECT_TRUE(warnings.empty());
}

TEST(Writer, WritesFlatpakSpelling) {
    Context context = from_flags({"--share=network", "--unshare=ipc", "--filesystem=home:ro",
                                  "--nofilesystem=host:reset", "--talk-name=org.a.B"});
    EXPECT_EQ(context_to_text(context, false),
              "[Context]\n"
              "shared=network;!ipc;\n"
              "filesystems=!host:reset;home:ro;\n"
              "\n"
              "[Session Bus Policy]\n"
              "org.a.B=talk\n");
}

TEST(Report, ShowsOnlyWhatIsGranted) {
    Context context = from_flags({"--share=network", "--unshare=ipc", "--nofilesystem=home",
                                  "--filesystem=/srv:ro", "--no-talk-name=org.a.B"});
    EXPECT_EQ(permissions_report(context),
              "[Context]\n"
              "shared=network;\n"
              "filesystems=/srv:ro;\n");
    EXPECT_EQ(permissions_report(Context{}), "");
}

}  // namespace
}  // namespace sandbox::permissions
