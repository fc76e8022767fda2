// The app's environment: the caller's, scrubbed, with the sandbox's own values (S25).

#include <gtest/gtest.h>

#include <map>

#include "sandbox/permissions/flags.hpp"
#include "sandbox/run/sandbox_environment.hpp"

namespace sandbox::run {
namespace {

std::map<std::string, std::string> as_map(const std::vector<std::string>& entries) {
    std::map<std::string, std::string> map;
    for (const std::string& entry : entries) {
        const std::size_t equals = entry.find('=');
        map[entry.substr(0, equals)] = entry.substr(equals + 1);
    }
    return map;
}

EnvironmentInputs sample_inputs() {
    return EnvironmentInputs{"org.test.App",
                             1000,
                             "/home/user",
                             "/home/user/.var/app/org.test.App",
                             false,
                             false,
                             {{"XDG_DATA_HOME", "/home/user/.local/share"}},
                             {}};
}

const std::vector<std::string> kHostileCaller{
    "HOME=/home/user",
    "LANG=C.UTF-8",
    "TERM=xterm",
    "LD_PRELOAD=/tmp/evil.so",
    "LD_AUDIT=/tmp/evil.so",
    "LD_LIBRARY_PATH=/opt/lib",
    "GCONV_PATH=/tmp/gconv",
    "TMPDIR=/tmp/host",
    "XDG_RUNTIME_DIR=/tmp/x",
    "PYTHONPATH=/x",
    "PERL5LIB=/x",
    "GST_PLUGIN_PATH=/x",
    "GIO_EXTRA_MODULES=/x",
    "container=docker",
    "PATH=/usr/local/bin:/bin",
    "XDG_DATA_DIRS=/host/share",
    "DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/1000/bus",
    "FLATPAK_ID=org.evil.App",
    "SHELL=/bin/zsh"};

TEST(SandboxEnvironment, ScrubsWhatWouldRedirectTheApp) {
    auto environment = as_map(sandbox_environment(kHostileCaller, sample_inputs(), {}));
    for (const char* name :
         {"LD_PRELOAD", "LD_AUDIT", "GCONV_PATH", "TMPDIR", "PYTHONPATH", "PERL5LIB",
          "GST_PLUGIN_PATH", "GIO_EXTRA_MODULES", "DBUS_SESSION_BUS_ADDRESS"})
        EXPECT_FALSE(environment.contains(name)) << name;
    EXPECT_EQ(environment["HOME"], "/home/user");
    EXPECT_EQ(environment["LANG"], "C.UTF-8");
    EXPECT_EQ(environment["TERM"], "xterm");
}

TEST(SandboxEnvironment, SetsTheSandboxValues) {
    auto environment = as_map(sandbox_environment(kHostileCaller, sample_inputs(), {}));
    EXPECT_EQ(environment["PATH"], "/app/bin:/usr/bin");
    EXPECT_EQ(environment["XDG_RUNTIME_DIR"], "/run/user/1000");
    EXPECT_EQ(environment["XDG_DATA_DIRS"], "/app/share:/usr/share");
    EXPECT_EQ(environment["XDG_CONFIG_DIRS"], "/app/etc/xdg:/etc/xdg");
    EXPECT_EQ(environment["SHELL"], "/bin/sh");
    EXPECT_EQ(environment["container"], "sandbox");
    EXPECT_EQ(environment["FLATPAK_ID"], "org.test.App");
    EXPECT_EQ(environment["XDG_DATA_HOME"], "/home/user/.var/app/org.test.App/data");
    EXPECT_EQ(environment["XDG_CONFIG_HOME"], "/home/user/.var/app/org.test.App/config");
    EXPECT_EQ(environment["XDG_CACHE_HOME"], "/home/user/.var/app/org.test.App/cache");
    EXPECT_EQ(environment["HOST_XDG_DATA_HOME"], "/home/user/.local/share");
    EXPECT_EQ(environment["LD_LIBRARY_PATH"], "/app/lib");  // no ld.so.cache made for the app
}

TEST(SandboxEnvironment, WithAnLdCacheNoLibraryPath) {
    EnvironmentInputs inputs = sample_inputs();
    inputs.has_ld_cache = true;
    EXPECT_FALSE(
        as_map(sandbox_environment(kHostileCaller, inputs, {})).contains("LD_LIBRARY_PATH"));
}

TEST(SandboxEnvironment, PermissionsEnvironmentComesLast) {
    permissions::Context context;
    std::vector<std::string> args{"--env=GTK_THEME=Adwaita", "--unset-env=LANG",
                                  "--env=PATH=/custom"};
    std::size_t index = 0;
    while (index < args.size())
        ASSERT_TRUE(*permissions::take_permission_flag(args, index, context));
    auto environment = as_map(sandbox_environment(kHostileCaller, sample_inputs(), context));
    EXPECT_EQ(environment["GTK_THEME"], "Adwaita");
    EXPECT_FALSE(environment.contains("LANG"));
    EXPECT_EQ(environment["PATH"], "/custom");
}

TEST(SandboxEnvironment, DevelAddsBuildPaths) {
    EnvironmentInputs inputs = sample_inputs();
    inputs.devel = true;
    auto environment = as_map(sandbox_environment({}, inputs, {}));
    EXPECT_EQ(environment["C_INCLUDE_PATH"], "/app/include");
    EXPECT_EQ(environment["HOME"], "/home/user");  // filled in when the caller has none
}

}  // namespace
}  // namespace sandbox::run
