#include "store_fixture.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <functional>
#include <system_error>

namespace sandbox::test::store {
namespace {

namespace fs = std::filesystem;

constexpr auto kCommandTimeout = std::chrono::seconds(120);

std::vector<std::string> with_installation(std::vector<std::string> args,
                                           const std::string& option) {
    args.insert(args.begin() + (args.empty() ? 0 : 1), option);
    return args;
}

}  // namespace

void StoreTest::SetUp() {
    SandboxTest::SetUp();
    repo_ = std::make_unique<FlatpakRepo>(scratch() / "publisher");
    repo_->export_runtime();
    repo_->export_app(kAppId, "hello from v1");
    base_ = scratch() / "installation";
    home_ = scratch() / "home";
    fs::create_directories(home_);
    runtime_dir_ = scratch() / "run";
    fs::create_directories(runtime_dir_);
    fs::permissions(runtime_dir_, fs::perms::owner_all);
}

std::string StoreTest::installation_option() const {
    return "--installation=" + base_.string();
}

std::vector<std::string> StoreTest::environment(const std::vector<std::string>& extra) const {
    std::vector<std::string> env{"PATH=/usr/bin:/bin",
                                 "LANG=C.UTF-8",
                                 "HOME=" + home_.string(),
                                 "XDG_DATA_HOME=" + (home_ / ".local/share").string(),
                                 "SANDBOX_SYSTEM_DIR=" + (scratch() / "system").string(),
                                 "XDG_RUNTIME_DIR=" + runtime_dir_.string()};
    env.insert(env.end(), extra.begin(), extra.end());
    return env;
}

CommandResult StoreTest::sandbox_plain(const std::vector<std::string>& args,
                                       const CommandOptions& options) {
    std::vector<std::string> argv{STORE_TEST_SANDBOX};
    argv.insert(argv.end(), args.begin(), args.end());
    CommandOptions with_env = options;
    if (!with_env.environment) with_env.environment = environment();
    with_env.timeout = kCommandTimeout;
    return run_command(argv, with_env);
}

CommandResult StoreTest::sandbox(std::vector<std::string> args, const CommandOptions& options) {
    return sandbox_plain(with_installation(std::move(args), installation_option()), options);
}

std::unique_ptr<ChildProcess> StoreTest::start_sandbox(std::vector<std::string> args,
                                                       const std::vector<std::string>& extra_env) {
    std::vector<std::string> argv{STORE_TEST_SANDBOX};
    auto full = with_installation(std::move(args), installation_option());
    argv.insert(argv.end(), full.begin(), full.end());
    CommandOptions options;
    options.environment = environment(extra_env);
    return std::make_unique<ChildProcess>(argv, options);
}

void StoreTest::add_remote(const std::string& name, const std::string& url) {
    CommandResult result = sandbox({"remote-add", "--no-gpg-verify", name, url});
    ASSERT_EQ(result.status, 0) << result.err;
}

void StoreTest::install(const std::string& what) {
    CommandResult result = sandbox({"install", "-y", what});
    ASSERT_EQ(result.status, 0) << result.out << result.err;
}

CommandResult StoreTest::run_app(const std::string& id, const std::vector<std::string>& args) {
    std::vector<std::string> command{"run", id};
    command.insert(command.end(), args.begin(), args.end());
    return sandbox(command);
}

fs::path StoreTest::ref_dir(const std::string& ref) const {
    return base_ / ref;
}

std::string StoreTest::active_commit(const std::string& ref) const {
    std::error_code error;
    fs::path target = fs::read_symlink(ref_dir(ref) / "active", error);
    return error ? "" : target.string();
}

std::string StoreTest::deployed_file(const std::string& ref, const std::string& relative) const {
    return read_file(ref_dir(ref) / "active" / relative);
}

std::set<std::string> StoreTest::snapshot() const {
    return snapshot_of(base_);
}

std::set<std::string> snapshot_of(const fs::path& installation) {
    std::set<std::string> entries;
    std::error_code ignored;
    for (auto it = fs::recursive_directory_iterator(installation, ignored);
         it != fs::recursive_directory_iterator(); it.increment(ignored)) {
        std::string relative = it->path().lexically_relative(installation).string();
        if (relative.starts_with("repo/tmp") || relative == ".lock" || relative == "repo/.lock")
            continue;
        if (it->is_symlink(ignored)) {
            entries.insert(relative + " -> " + fs::read_symlink(it->path(), ignored).string());
        } else if (it->is_regular_file(ignored)) {
            // The content too: a ref moved to another commit keeps its size.
            std::string content = read_file(it->path());
            entries.insert(relative + " " + std::to_string(content.size()) + " #" +
                           std::to_string(std::hash<std::string>{}(content)));
        }
    }
    return entries;
}

std::uintmax_t StoreTest::repo_object_bytes() const {
    std::uintmax_t total = 0;
    std::error_code ignored;
    for (auto it = fs::recursive_directory_iterator(base_ / "repo/objects", ignored);
         it != fs::recursive_directory_iterator(); it.increment(ignored))
        if (it->is_regular_file(ignored)) total += it->file_size(ignored);
    return total;
}

std::string snapshot_changes(const std::set<std::string>& before,
                             const std::set<std::string>& after) {
    std::string changes;
    for (const auto& entry : after)
        if (!before.contains(entry)) changes += "+ " + entry + "\n";
    for (const auto& entry : before)
        if (!after.contains(entry)) changes += "- " + entry + "\n";
    return changes;
}

::testing::AssertionResult is_one_error_line(const CommandResult& result,
                                             const std::string& needle) {
    if (result.status != 1)
        return ::testing::AssertionFailure()
               << "exit status " << result.status << ", not 1; stderr: " << result.err;
    bool one_line =
        result.err.starts_with("sandbox: ") && result.err.find('\n') == result.err.size() - 1;
    if (!one_line) return ::testing::AssertionFailure() << "not one line: " << result.err;
    if (result.err.find(needle) == std::string::npos)
        return ::testing::AssertionFailure() << "'" << needle << "' not in: " << result.err;
    return ::testing::AssertionSuccess();
}

ino_t inode_of(const fs::path& path) {
    struct stat info {};
    if (lstat(path.c_str(), &info) != 0)
        throw std::system_error(errno, std::generic_category(), "lstat " + path.string());
    return info.st_ino;
}

nlink_t link_count_of(const fs::path& path) {
    struct stat info {};
    if (lstat(path.c_str(), &info) != 0)
        throw std::system_error(errno, std::generic_category(), "lstat " + path.string());
    return info.st_nlink;
}

}  // namespace sandbox::test::store
