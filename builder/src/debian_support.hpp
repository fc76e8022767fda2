#pragma once

// Small pieces the Debian builds share: a temporary directory removed with its contents, a
// program run with its output captured, a file's sha256.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "sandbox/common/error.hpp"

namespace sandbox::builder {

// A directory made with mkdtemp under `parent` (default $TMPDIR or /tmp), removed with
// everything in it when this goes.
class TempDir {
  public:
    static Result<TempDir> create(const std::string& prefix, std::filesystem::path parent = {});
    TempDir(TempDir&& other) noexcept;
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    TempDir& operator=(TempDir&&) = delete;
    ~TempDir();
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }

  private:
    explicit TempDir(std::filesystem::path path) : path_(std::move(path)) {}
    std::filesystem::path path_;
};

struct ProgramOutput {
    int status = 0;  // exit status, 128+N for a signal
    std::string out;
    std::string err;
};

// Runs argv[0] (looked up in PATH) with the caller's environment plus `env`, stdin from
// /dev/null, and waits. Output is captured (stderr in a temporary file, so neither pipe fills).
Result<ProgramOutput> run_program(const std::vector<std::string>& argv,
                                  const std::map<std::string, std::string>& env = {});

// The last non-empty line of a program's stderr, for a one-line error.
std::string last_line(const std::string& text);

Result<std::string> sha256_of_file(const std::filesystem::path& file);

Status write_file(const std::filesystem::path& file, const std::string& text);
Result<std::string> read_file(const std::filesystem::path& file);

}  // namespace sandbox::builder
