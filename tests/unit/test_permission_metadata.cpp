// Reading the permission groups of metadata and override keyfiles, including hostile ones.

#include <gtest/gtest.h>

#include "sandbox/permissions/keyfile.hpp"
#include "sandbox/permissions/metadata.hpp"

namespace sandbox::permissions {
namespace {

Result<Context> parse(std::string_view text, Warnings& warnings) {
    auto keyfile = parse_keyfile(text, "metadata of org.test.App");
    if (!keyfile) return keyfile.take_error();
    return context_from_keyfile(keyfile->get(), "metadata of org.test.App", warnings);
}

Context parse_ok(std::string_view text) {
    Warnings warnings;
    auto context = parse(text, warnings);
    EXPECT_TRUE(context.ok()) << context.error().message();
    EXPECT_TRUE(warnings.empty()) << warnings.front();
    return context.ok() ? *context : Context{};
}

std::string parse_error(std::string_view text) {
    Warnings warnings;
    auto context = parse(text, warnings);
    EXPECT_FALSE(context.ok());
    return context.ok() ? "" : context.error().message();
}

TEST(PermissionMetadata, ReadsEveryContextKey) {
    Context context = parse_ok(
        "[Application]\nname=org.test.App\n"
        "[Context]\n"
        "shared=network;!ipc;\n"
        "sockets=wayland;fallback-x11;\n"
        "devices=dri;\n"
        "features=devel;!multiarch;\n"
        "filesystems=home:ro;xdg-download/sub;~/games:create;/srv/data;!host;\n"
        "persistent=.mozilla;\n"
        "unset-environment=LANGUAGE;\n"
        "[Session Bus Policy]\norg.example.Service=talk\norg.example.Own.*=own\n"
        "[System Bus Policy]\norg.freedesktop.login1=see\n"
        "[Environment]\nGTK_THEME=Adwaita\n");

    EXPECT_EQ(context.shared, (Toggles<Share>{{Share::Network, true}, {Share::Ipc, false}}));
    EXPECT_EQ(context.sockets,
              (Toggles<Socket>{{Socket::Wayland, true}, {Socket::FallbackX11, true}}));
    EXPECT_EQ(context.devices, (Toggles<Device>{{Device::Dri, true}}));
    EXPECT_EQ(context.features,
              (Toggles<Feature>{{Feature::Devel, true}, {Feature::Multiarch, false}}));
    EXPECT_EQ(context.filesystems, (std::map<std::string, FilesystemMode>{
                                       {"home", FilesystemMode::ReadOnly},
                                       {"xdg-download/sub", FilesystemMode::ReadWrite},
                                       {"~/games", FilesystemMode::Create},
                                       {"/srv/data", FilesystemMode::ReadWrite},
                                       {"host", FilesystemMode::None}}));
    EXPECT_EQ(context.persistent, (std::set<std::string>{".mozilla"}));
    EXPECT_EQ(context.session_bus,
              (std::map<std::string, BusPolicy>{{"org.example.Service", BusPolicy::Talk},
                                                {"org.example.Own.*", BusPolicy::Own}}));
    EXPECT_EQ(context.system_bus,
              (std::map<std::string, BusPolicy>{{"org.freedesktop.login1", BusPolicy::See}}));
    EXPECT_EQ(context.environment, (std::map<std::string, std::optional<std::string>>{
                                       {"GTK_THEME", "Adwaita"}, {"LANGUAGE", std::nullopt}}));
}

TEST(PermissionMetadata, NoContextGroupIsAnEmptyLayer) {
    EXPECT_EQ(parse_ok("[Application]\nname=org.test.App\n"), Context{});
}

TEST(PermissionMetadata, HostResetForgetsAndRevokesHost) {
    Context context = parse_ok("[Context]\nfilesystems=!host:reset;\n");
    EXPECT_TRUE(context.filesystems_reset);
    EXPECT_EQ(filesystem_mode(context, "host"), FilesystemMode::None);
}

TEST(PermissionMetadata, UnsetEnvironmentWinsOverEnvironment) {
    Context context = parse_ok("[Context]\nunset-environment=FOO;\n[Environment]\nFOO=\n");
    EXPECT_EQ(context.environment.at("FOO"), std::nullopt);
}

TEST(PermissionMetadata, UnknownKeysAndNamesAreIgnoredWithAWarning) {
    Warnings warnings;
    auto context = parse(
        "[Context]\nsockets=wayland;teleport;\nfrobnicate=yes\n"
        "[Extension org.test.App.Locale]\ndirectory=share/runtime/locale\n",
        warnings);
    ASSERT_TRUE(context.ok()) << context.error().message();
    EXPECT_EQ(context->sockets, (Toggles<Socket>{{Socket::Wayland, true}}));
    ASSERT_EQ(warnings.size(), 2u);
    EXPECT_NE(warnings[0].find("frobnicate"), std::string::npos) << warnings[0];
    EXPECT_NE(warnings[1].find("teleport"), std::string::npos) << warnings[1];
}

TEST(PermissionMetadata, NulByteIsAnErrorNamingTheKey) {
    const std::string text("[Context]\nshared=network\0;ipc;\n", 30);
    std::string error = parse_error(text);
    EXPECT_NE(error.find("NUL byte"), std::string::npos) << error;
    EXPECT_NE(error.find("shared"), std::string::npos) << error;
    EXPECT_NE(error.find("metadata of org.test.App"), std::string::npos) << error;
}

TEST(PermissionMetadata, TerminalEscapeIsAnErrorNamingTheKey) {
    std::string error = parse_error("[Environment]\nGREETING=\x1b]0;pwned\x07\n");
    EXPECT_NE(error.find("control character"), std::string::npos) << error;
    EXPECT_NE(error.find("GREETING"), std::string::npos) << error;
    EXPECT_EQ(error.find('\x1b'), std::string::npos) << "the escape reached the message";
}

TEST(PermissionMetadata, EscapedControlCharacterIsAnError) {
    // GKeyFile turns "\n" into a newline: checked after unescaping too.
    std::string error = parse_error("[Environment]\nVAR=a\\nb\n");
    EXPECT_NE(error.find("VAR"), std::string::npos) << error;
}

TEST(PermissionMetadata, C1ControlCharacterIsAnError) {
    std::string error = parse_error(
        "[Environment]\nVAR=a\xc2\x9b"
        "31mb\n");
    EXPECT_NE(error.find("VAR"), std::string::npos) << error;
}

TEST(PermissionMetadata, InvalidUtf8IsAnError) {
    std::string error = parse_error("[Context]\nfilesystems=/srv/\xff;\n");
    EXPECT_NE(error.find("filesystems"), std::string::npos) << error;
}

TEST(PermissionMetadata, BadValuesAreErrorsNamingTheKey) {
    EXPECT_NE(parse_error("[Context]\nfilesystems=/srv/../etc;\n").find("filesystems"),
              std::string::npos);
    EXPECT_NE(parse_error("[Context]\nfilesystems=home:sometimes;\n").find("filesystems"),
              std::string::npos);
    EXPECT_NE(parse_error("[Context]\nfilesystems=/;\n").find("filesystems"), std::string::npos);
    EXPECT_NE(parse_error("[Context]\npersistent=../escape;\n").find("persistent"),
              std::string::npos);
    EXPECT_NE(
        parse_error("[Session Bus Policy]\norg.example.Svc=everything\n").find("org.example.Svc"),
        std::string::npos);
    EXPECT_NE(parse_error("[Session Bus Policy]\n:1.42=talk\n").find(":1.42"), std::string::npos);
    EXPECT_NE(parse_error("[Environment]\n1BAD=x\n").find("1BAD"), std::string::npos);
}

TEST(PermissionMetadata, BrokenSyntaxNamesTheSource) {
    std::string error = parse_error("[Context\nshared=network\n");
    EXPECT_NE(error.find("metadata of org.test.App"), std::string::npos) << error;
}

}  // namespace
}  // namespace sandbox::permissions
