#pragma once

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "flatpak_repo.hpp"
#include "support/sandbox_test.hpp"

namespace sandbox::test::store {

// Each test: a fresh Flatpak repository (runtime + app exported), and an installation directory
// of its own that `sandbox` is pointed at with --installation=DIR.
class StoreTest : public SandboxTest {
  protected:
    void SetUp() override;

    // `sandbox ARGS…` with the installation option added after the subcommand.
    CommandResult sandbox(std::vector<std::string> args, const CommandOptions& options = {});
    // The same, without adding --installation (for the default user installation).
    CommandResult sandbox_plain(const std::vector<std::string>& args,
                                const CommandOptions& options = {});
    std::unique_ptr<ChildProcess> start_sandbox(std::vector<std::string> args,
                                                const std::vector<std::string>& extra_env = {});
    [[nodiscard]] std::vector<std::string> environment(
        const std::vector<std::string>& extra = {}) const;

    // remote-add --no-gpg-verify NAME URL; install -y ID; each expected to succeed.
    void add_remote(const std::string& name, const std::string& url);
    void install(const std::string& what);
    // `sandbox run ID ARGS…` in the installation: the app's own output.
    CommandResult run_app(const std::string& id, const std::vector<std::string>& args = {});

    [[nodiscard]] FlatpakRepo& repo() { return *repo_; }
    [[nodiscard]] const std::filesystem::path& base() const { return base_; }
    [[nodiscard]] std::string installation_option() const;
    // BASE/KIND/ID/ARCH/BRANCH for a full ref.
    [[nodiscard]] std::filesystem::path ref_dir(const std::string& ref) const;
    // Where `active` points, or "" when absent.
    [[nodiscard]] std::string active_commit(const std::string& ref) const;
    [[nodiscard]] std::string deployed_file(const std::string& ref,
                                            const std::string& relative) const;
    // snapshot_of(base()).
    [[nodiscard]] std::set<std::string> snapshot() const;
    [[nodiscard]] std::uintmax_t repo_object_bytes() const;

  private:
    std::unique_ptr<FlatpakRepo> repo_;
    std::filesystem::path base_;
    std::filesystem::path home_;
    std::filesystem::path runtime_dir_;
};

// Every file and symlink under an installation (directories, lock and repo/tmp aside), with its
// size and a hash of its content: what must be the same before and after a failed command.
std::set<std::string> snapshot_of(const std::filesystem::path& installation);

// "" when equal, else the entries that appeared (+) and went (-).
std::string snapshot_changes(const std::set<std::string>& before,
                             const std::set<std::string>& after);

// stderr is one line, "sandbox: …", holding `needle`.
::testing::AssertionResult is_one_error_line(const CommandResult& result,
                                             const std::string& needle);

ino_t inode_of(const std::filesystem::path& path);
nlink_t link_count_of(const std::filesystem::path& path);

}  // namespace sandbox::test::store
