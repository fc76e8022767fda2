#include "run/run_fixture.hpp"

#include <glib.h>
#include <sys/stat.h>

#include <algorithm>
#include <stdexcept>

#include "sandbox/store/ref.hpp"
#include "support/files.hpp"

namespace sandbox::test {
namespace {

std::filesystem::path& suite_dir() {
    static std::filesystem::path dir;
    return dir;
}

std::filesystem::path make_temporary_dir(const std::filesystem::path& parent, const char* name) {
    std::string pattern = (parent / (std::string(name) + "-XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp " + pattern);
    return pattern;
}

std::filesystem::path temporary_base() {
    const char* base = std::getenv("TMPDIR");
    return base != nullptr && *base != '\0' ? base : "/tmp";
}

// BASE/KIND/ID/ARCH/stable/COMMIT holding metadata and files/, and the active link to it.
std::filesystem::path make_deployment(const std::string& kind, const std::string& id,
                                      const std::string& commit, const std::string& metadata) {
    const std::filesystem::path ref_dir =
        RunTest::files_dir(kind, id, commit).parent_path().parent_path();
    std::filesystem::create_directories(ref_dir / commit / "files");
    write_file(ref_dir / commit / "metadata", metadata);
    std::filesystem::remove(ref_dir / "active");
    std::filesystem::create_directory_symlink(commit, ref_dir / "active");
    return ref_dir / commit / "files";
}

void make_runtime(const std::vector<std::string>& programs) {
    const std::filesystem::path files = make_deployment(
        "runtime", kRuntimeId, kRuntimeCommit, std::string("[Runtime]\nname=") + kRuntimeId + "\n");
    std::vector<std::string> command{"/bin/bash", SANDBOX_TEST_RUNTIME_SCRIPT, files.string()};
    command.insert(command.end(), programs.begin(), programs.end());
    run_or_throw(command);
}

std::string app_metadata(const std::string& id) {
    return "[Application]\nname=" + id + "\nruntime=" + RunTest::runtime_field() +
           "\ncommand=hello\n";
}

void write_executable(const std::filesystem::path& path, const std::string& content) {
    write_file(path, content);
    ::chmod(path.c_str(), 0755);
}

}  // namespace

const std::filesystem::path& RunTest::installation_dir() {
    static std::filesystem::path dir;
    if (dir.empty()) dir = suite_dir() / "installation";
    return dir;
}

std::filesystem::path RunTest::files_dir(const std::string& kind, const std::string& id,
                                         const std::string& commit) {
    return installation_dir() / kind / id / store::default_arch() / "stable" / commit / "files";
}

std::string RunTest::runtime_field() {
    return std::string(kRuntimeId) + "/" + store::default_arch() + "/stable";
}

void RunTest::install_app(const std::string& id, const std::string& metadata) {
    const std::filesystem::path files = make_deployment("app", id, kAppCommit, metadata);
    std::filesystem::create_directories(files / "bin");
    write_executable(files / "bin" / "hello",
                     std::string("#!/bin/sh\necho \"") + kGreeting + " $*\"\n");
    std::filesystem::copy_file(probe_path(), files / "bin" / "probe",
                               std::filesystem::copy_options::overwrite_existing);
}

void RunTest::SetUpTestSuite() {
    set_up_suite({});
}

void RunTest::set_up_suite(const std::vector<std::string>& runtime_programs) {
    suite_dir() = make_temporary_dir(temporary_base(), "run-suite");
    make_runtime(runtime_programs);
    install_app(kAppId, app_metadata(kAppId));
}

void RunTest::TearDownTestSuite() {
    remove_tree(suite_dir());
}

void RunTest::SetUp() {
    SandboxTest::SetUp();
    home_ = scratch() / "home";
    runtime_dir_ = scratch() / "run";
    std::filesystem::create_directories(home_);
    std::filesystem::create_directories(runtime_dir_);
    ::chmod(runtime_dir_.c_str(), 0700);
}

std::filesystem::path RunTest::app_dir() const {
    return home_ / ".var" / "app" / kAppId;
}

std::vector<std::string> RunTest::environment(const std::vector<std::string>& extra) const {
    std::vector<std::string> environment{"HOME=" + home_.string(),
                                         "XDG_RUNTIME_DIR=" + runtime_dir_.string(),
                                         "PATH=/usr/bin:/bin", "LANG=C.UTF-8"};
    environment.insert(environment.end(), extra.begin(), extra.end());
    return environment;
}

std::vector<std::string> RunTest::sandbox_command(const std::vector<std::string>& args) const {
    std::vector<std::string> command{SANDBOX_TEST_SANDBOX};
    command.insert(command.end(), args.begin(), args.end());
    return command;
}

CommandResult RunTest::sandbox(const std::vector<std::string>& args,
                               const std::vector<std::string>& extra_environment) {
    CommandOptions options;
    options.environment = environment(extra_environment);
    return run_command(sandbox_command(args), options);
}

std::vector<std::string> RunTest::probe_command(const std::vector<std::string>& options,
                                                const std::vector<std::string>& probe_args) const {
    std::vector<std::string> args{"run", "--installation=" + installation_dir().string(),
                                  "--command=probe"};
    args.insert(args.end(), options.begin(), options.end());
    args.push_back(kAppId);
    args.insert(args.end(), probe_args.begin(), probe_args.end());
    return sandbox_command(args);
}

CommandResult RunTest::run_probe_app(const std::vector<std::string>& options,
                                     const std::vector<std::string>& probe_args,
                                     const std::vector<std::string>& extra_environment) {
    CommandOptions command_options;
    command_options.environment = environment(extra_environment);
    return run_command(probe_command(options, probe_args), command_options);
}

KeyValues RunTest::probe_app(const std::vector<std::string>& options,
                             const std::vector<std::string>& probe_args,
                             const std::vector<std::string>& extra_environment) {
    CommandResult result = run_probe_app(options, probe_args, extra_environment);
    EXPECT_EQ(result.status, 0) << result.err;
    return parse_key_values(result.out);
}

std::string store_arch() {
    return store::default_arch();
}

std::string ld_cache_name() {
    const std::string commits = kAppCommit + kRuntimeCommit;
    char* checksum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, commits.c_str(), -1);
    std::string name = checksum;
    g_free(checksum);
    return name;
}

std::vector<std::string> tree_of(const std::filesystem::path& dir) {
    std::vector<std::string> entries;
    std::error_code error;
    for (auto it = std::filesystem::recursive_directory_iterator(dir, error);
         !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error))
        entries.push_back(std::filesystem::relative(it->path(), dir).string());
    std::sort(entries.begin(), entries.end());
    return entries;
}

}  // namespace sandbox::test
