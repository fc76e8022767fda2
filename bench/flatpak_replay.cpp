#include "flatpak_replay.hpp"

#include <fcntl.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sandbox/common/files.hpp"

namespace sandbox::bench {
namespace {

namespace fs = std::filesystem;

Result<std::vector<std::string>> read_nul_separated(const fs::path& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) return system_error("Can't read " + path.string());
    std::vector<std::string> items;
    for (std::string item; std::getline(file, item, '\0');) items.push_back(item);
    return items;
}

Result<InheritedFile> inherited_file(const fs::directory_entry& entry) {
    int fd = -1;
    if (!parse_fd_number(entry.path().filename().string(), fd))
        return usage_error("Unexpected file " + entry.path().string() + " in a replay directory");
    std::error_code error;
    if (entry.is_symlink(error)) {
        auto target = fs::read_symlink(entry.path(), error);
        if (error) return system_error("Can't read link " + entry.path().string(), error.value());
        return InheritedFile{fd, target.string(), O_PATH};
    }
    return InheritedFile{fd, entry.path().string(), O_RDWR};
}

}  // namespace

Result<BenchCase> load_replay_case(const std::string& dir, int runs) {
    BenchCase bench_case;
    bench_case.name = "flatpak-replay";
    bench_case.runs = runs;
    auto arguments = read_nul_separated(fs::path(dir) / "argv");
    if (!arguments) return arguments.take_error();
    bench_case.arguments = std::move(*arguments);

    std::error_code error;
    for (const auto& entry : fs::directory_iterator(fs::path(dir) / "fds", error)) {
        auto file = inherited_file(entry);
        if (!file) return file.take_error();
        bench_case.files.push_back(std::move(*file));
    }
    if (error) return system_error("Can't list " + dir + "/fds", error.value());
    return bench_case;
}

}  // namespace sandbox::bench
