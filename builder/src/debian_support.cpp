#include "debian_support.hpp"

#include <fcntl.h>
#include <glib.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "sandbox/common/fd.hpp"
#include "sandbox/common/files.hpp"

extern char** environ;

namespace sandbox::builder {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> environment_with(const std::map<std::string, std::string>& env) {
    std::vector<std::string> result;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        std::string text = *entry;
        if (!env.contains(text.substr(0, text.find('=')))) result.push_back(text);
    }
    for (const auto& [name, value] : env) result.push_back(name + "=" + value);
    return result;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
    std::vector<char*> result;
    for (auto& text : strings) result.push_back(text.data());
    result.push_back(nullptr);
    return result;
}

class SpawnActions {
  public:
    SpawnActions() { posix_spawn_file_actions_init(&actions_); }
    SpawnActions(const SpawnActions&) = delete;
    SpawnActions& operator=(const SpawnActions&) = delete;
    ~SpawnActions() { posix_spawn_file_actions_destroy(&actions_); }
    posix_spawn_file_actions_t* get() { return &actions_; }

  private:
    posix_spawn_file_actions_t actions_{};
};

Result<int> wait_for(pid_t pid) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return system_error("waitpid");
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

Result<TempDir> TempDir::create(const std::string& prefix, fs::path parent) {
    if (parent.empty()) {
        const char* base = std::getenv("TMPDIR");
        parent = base != nullptr && *base != '\0' ? base : "/tmp";
    }
    std::string pattern = (parent / (prefix + "-XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr) return system_error("Can't create " + pattern);
    return TempDir(pattern);
}

TempDir::TempDir(TempDir&& other) noexcept : path_(std::move(other.path_)) {
    other.path_.clear();
}

TempDir::~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) fs::remove_all(path_, ignored);
}

Result<ProgramOutput> run_program(const std::vector<std::string>& argv,
                                  const std::map<std::string, std::string>& env) {
    int out_pipe[2];
    if (::pipe2(out_pipe, O_CLOEXEC) != 0) return system_error("pipe");
    UniqueFd out_read(out_pipe[0]);
    UniqueFd out_write(out_pipe[1]);
    UniqueFd err_file(::open("/tmp", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600));
    if (!err_file) return system_error("Can't create a temporary file in /tmp");
    UniqueFd null(::open("/dev/null", O_RDONLY | O_CLOEXEC));
    SpawnActions actions;
    posix_spawn_file_actions_adddup2(actions.get(), null.get(), 0);
    posix_spawn_file_actions_adddup2(actions.get(), out_write.get(), 1);
    posix_spawn_file_actions_adddup2(actions.get(), err_file.get(), 2);
    std::vector<std::string> args = argv;
    std::vector<std::string> environment = environment_with(env);
    auto arg_pointers = pointers(args);
    auto env_pointers = pointers(environment);
    pid_t pid = -1;
    int error = ::posix_spawnp(&pid, args[0].c_str(), actions.get(), nullptr, arg_pointers.data(),
                               env_pointers.data());
    if (error != 0) return system_error("Can't run " + args[0], error);
    out_write.reset();
    auto out = read_all(out_read.get());
    auto status = wait_for(pid);
    if (!status) return status.take_error();
    if (!out) return out.take_error();
    ::lseek(err_file.get(), 0, SEEK_SET);
    auto err = read_all(err_file.get());
    if (!err) return err.take_error();
    return ProgramOutput{*status, std::move(*out), std::move(*err)};
}

std::string last_line(const std::string& text) {
    std::istringstream lines(text);
    std::string line;
    std::string last;
    while (std::getline(lines, line))
        if (line.find_first_not_of(" \t\r") != std::string::npos) last = line;
    return last;
}

Result<std::string> sha256_of_file(const fs::path& file) {
    UniqueFd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (!fd) return system_error("Can't read " + file.string());
    std::unique_ptr<GChecksum, void (*)(GChecksum*)> checksum(g_checksum_new(G_CHECKSUM_SHA256),
                                                              g_checksum_free);
    std::vector<unsigned char> buffer(1 << 20);
    for (;;) {
        ssize_t got = ::read(fd.get(), buffer.data(), buffer.size());
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) return system_error("Can't read " + file.string());
        if (got == 0) break;
        g_checksum_update(checksum.get(), buffer.data(), got);
    }
    return std::string(g_checksum_get_string(checksum.get()));
}

Status write_file(const fs::path& file, const std::string& text) {
    std::ofstream stream(file, std::ios::binary | std::ios::trunc);
    stream << text;
    stream.close();
    if (!stream) return system_error("Can't write " + file.string());
    return ok_status();
}

Result<std::string> read_file(const fs::path& file) {
    std::ifstream stream(file, std::ios::binary);
    if (!stream) return system_error("Can't read " + file.string());
    std::ostringstream content;
    content << stream.rdbuf();
    return content.str();
}

}  // namespace sandbox::builder
