#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace sandbox::test::store {

inline constexpr const char* kRuntimeId = "org.sandbox.Platform";
inline constexpr const char* kAppId = "org.sandbox.Hello";
inline constexpr const char* kSecondAppId = "org.sandbox.Second";
inline constexpr const char* kBranch = "stable";

// A Flatpak repository made with flatpak's own tools (build-finish, build-export, build-bundle),
// as a publisher would: a runtime of host programs and apps whose `hello` prints a line. Each
// export is a new commit. Throws std::runtime_error naming the step that failed.
class FlatpakRepo {
  public:
    explicit FlatpakRepo(std::filesystem::path root);

    void export_runtime(const std::string& id = kRuntimeId);
    // An app on runtime `runtime_id`; its files/bin/hello prints `greeting`, and it carries
    // `extra_files` (name → content) under files/share, for the dedup test. `extra_metadata` is
    // appended to the metadata build-finish wrote, as a publisher could (hostile input tests).
    void export_app(const std::string& id, const std::string& greeting,
                    const std::string& runtime_id = kRuntimeId,
                    const std::vector<std::pair<std::string, std::string>>& extra_files = {},
                    const std::string& extra_metadata = "");
    // A new commit of `ref` whose metadata is `metadata`, made with `ostree commit` over the
    // last one, as a publisher that skips flatpak's own checks could; then the summary updated.
    void replace_metadata(const std::string& ref, const std::string& metadata);
    // `flatpak build-bundle` of an exported ref.
    void flatpak_bundle(const std::string& id, const std::filesystem::path& file,
                        bool runtime = false) const;

    [[nodiscard]] const std::filesystem::path& path() const { return repo_; }
    [[nodiscard]] std::string url() const { return "file://" + repo_.string(); }
    [[nodiscard]] std::string arch() const { return arch_; }
    [[nodiscard]] std::string app_ref(const std::string& id = kAppId) const;
    [[nodiscard]] std::string runtime_ref(const std::string& id = kRuntimeId) const;

  private:
    void flatpak(const std::vector<std::string>& args) const;

    std::filesystem::path root_;
    std::filesystem::path repo_;
    std::string arch_;
};

}  // namespace sandbox::test::store
