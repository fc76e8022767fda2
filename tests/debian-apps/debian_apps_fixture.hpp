#pragma once

// The Debian runtime (runtimes/org.debian.Platform.json) and apps of manifests/ built once, as
// the test user, into a repository kept between test programs and runs:
//   ~/.cache/sandbox-tests/debian-apps/KEY/
//     repo/            archive repository: runtime/org.debian.Platform/x86_64/12,
//     app/ID/x86_64/stable installation/    the runtime and the built apps installed
//     (`--installation=` this) built/ID         one file per app built for this KEY, holding the
//     app's own key
// KEY is the sha256 of the runtime's manifest and lock and of the `sandbox-cli` that builds (a new
// builder or lock builds afresh; other KEYs' directories are removed then); an app is rebuilt when
// its manifest or lock changes. A lock file (flock) serialises test programs that share the cache.
// Downloaded .debs go to the usual ~/.cache/sandbox/debs.
//
// Use (tests/apps, …): link the CMake target `debian_apps_fixture` and pass its definitions
// (below) by linking; then in SetUpTestSuite (as the test user: after the test main has dropped
// privileges)
//     const DebianApps& apps = debian_apps({"org.libreoffice", "org.gnome.TextEditor"});
// and `remote-add --no-gpg-verify NAME file://apps.repo` + `install` into an installation of your
// own (a file:// pull of the ~1 GB runtime takes seconds), or run from apps.installation directly
// (`sandbox run --installation=…`: shared between programs, so do not change it). Failures throw
// std::runtime_error naming the step and its output. The first build of the runtime and one app
// takes a few minutes; later calls with nothing changed take milliseconds.

#include <filesystem>
#include <string>
#include <vector>

namespace sandbox::test {

struct DebianApps {
    std::filesystem::path repo;
    std::filesystem::path installation;
    std::string log;  // what the builds printed (their step lines), for the test's output
};

// Builds (when missing) and installs the runtime and the apps `ids` (manifests/ID.json).
const DebianApps& debian_apps(const std::vector<std::string>& ids);

// `sandbox` with an environment for `home` (HOME, XDG_*) and the test's TMPDIR.
std::vector<std::string> debian_apps_environment(const std::filesystem::path& home);

}  // namespace sandbox::test
