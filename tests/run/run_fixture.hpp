#pragma once

// Integration tests of `sandbox run` and friends: an installation made by hand (a runtime of host
// programs from tests/flatpak/make-runtime-tree.sh, an app holding the probe and a script that
// prints a line), and each test with its own HOME and XDG_RUNTIME_DIR, so `ps` sees only its own
// instances and the host's home is never touched.

#include <filesystem>
#include <string>
#include <vector>

#include "support/sandbox_test.hpp"

namespace sandbox::test {

inline constexpr const char* kAppId = "org.test.Hello";
inline constexpr const char* kRuntimeId = "org.test.Platform";
inline constexpr const char* kGreeting = "hello from the app";
// Commit names as OSTree makes them (64 hex digits), so the store's commands read these too.
inline const std::string kAppCommit(64, 'a');
inline const std::string kRuntimeCommit(64, 'b');

class RunTest : public SandboxTest {
  public:
    // BASE of the hand-made installation the suite shares.
    [[nodiscard]] static const std::filesystem::path& installation_dir();
    // The runtime field of the apps' metadata: ID/ARCH/stable.
    static std::string runtime_field();
    // BASE/KIND/ID/ARCH/stable/COMMIT/files.
    static std::filesystem::path files_dir(const std::string& kind, const std::string& id,
                                           const std::string& commit);

  protected:
    static void SetUpTestSuite();
    // The suite's installation, with these host programs (and their libraries) in the runtime
    // besides the basic ones: a suite that needs gdbus or pactl inside calls this from its own
    // SetUpTestSuite.
    static void set_up_suite(const std::vector<std::string>& runtime_programs);
    static void TearDownTestSuite();
    void SetUp() override;

    [[nodiscard]] const std::filesystem::path& home() const { return home_; }
    [[nodiscard]] const std::filesystem::path& runtime_dir() const { return runtime_dir_; }
    [[nodiscard]] std::filesystem::path app_dir() const;  // ~/.var/app/ID on the host

    // The environment `sandbox` runs with: HOME, XDG_RUNTIME_DIR, PATH, then `extra`.
    [[nodiscard]] std::vector<std::string> environment(
        const std::vector<std::string>& extra = {}) const;
    // build/bin/sandbox ARGS…
    [[nodiscard]] std::vector<std::string> sandbox_command(
        const std::vector<std::string>& args) const;
    CommandResult sandbox(const std::vector<std::string>& args,
                          const std::vector<std::string>& extra_environment = {});
    // sandbox run --installation=… OPTIONS… --command=probe ID PROBE_ARGS…
    [[nodiscard]] std::vector<std::string> probe_command(
        const std::vector<std::string>& options, const std::vector<std::string>& probe_args) const;
    CommandResult run_probe_app(const std::vector<std::string>& options,
                                const std::vector<std::string>& probe_args,
                                const std::vector<std::string>& extra_environment = {});
    // The same, expecting success; the probe's key=value report.
    KeyValues probe_app(const std::vector<std::string>& options,
                        const std::vector<std::string>& probe_args,
                        const std::vector<std::string>& extra_environment = {});

    // Makes another app in the installation, with this metadata.
    static void install_app(const std::string& id, const std::string& metadata);

  private:
    std::filesystem::path home_;
    std::filesystem::path runtime_dir_;
};

// This machine's arch as refs spell it.
std::string store_arch();

// The name of the app's ld.so.cache in ~/.var/app/ID/.ld.so: SHA-256 of the two commits.
std::string ld_cache_name();

// Everything in the directory, recursively, as relative paths (symlinks not followed).
std::vector<std::string> tree_of(const std::filesystem::path& dir);

}  // namespace sandbox::test
