#include "sandbox/exports/exporter.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <set>

#include "export_content.hpp"
#include "export_sources.hpp"
#include "exports_layout.hpp"
#include "sandbox/common/files.hpp"

namespace sandbox::exports {

namespace fs = std::filesystem;

std::string link_target(const std::string& app_id, const std::string& relative) {
    std::string target = "../";
    for (char c : relative)
        if (c == '/') target += "../";
    return target + ".apps/current/" + app_id + "/share/" + relative;
}

namespace {

Status write_new_file(const fs::path& path, const std::string& content) {
    std::error_code error;
    fs::create_directories(path.parent_path(), error);
    if (error) return system_error("Can't create " + path.parent_path().string(), error.value());
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
    if (!fd) return system_error("Can't create " + path.string());
    return write_all(fd.get(), content);
}

Result<fs::path> make_tree(const fs::path& exports, const std::string& app_id) {
    std::error_code error;
    fs::create_directories(trees_dir(exports), error);
    if (error) return system_error("Can't create " + trees_dir(exports).string(), error.value());
    std::string pattern = (trees_dir(exports) / (app_id + ".XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr) return system_error("Can't create " + pattern);
    ::chmod(pattern.c_str(), 0755);
    return fs::path(pattern);
}

// Points `link` at `target`, replacing whatever is there in one rename.
Status replace_symlink(const std::string& target, const fs::path& link) {
    const fs::path temporary =
        link.parent_path() / ("." + link.filename().string() + ".new-" + std::to_string(getpid()));
    ::unlink(temporary.c_str());
    if (::symlink(target.c_str(), temporary.c_str()) != 0)
        return system_error("Can't create " + temporary.string());
    if (::rename(temporary.c_str(), link.c_str()) != 0) {
        const int code = errno;
        ::unlink(temporary.c_str());
        return system_error("Can't replace " + link.string(), code);
    }
    return ok_status();
}

std::string read_link(const fs::path& link) {
    std::error_code error;
    fs::path target = fs::read_symlink(link, error);
    return error ? "" : target.string();
}

// The app a link in share/ belongs to ("" for anything else).
std::string link_owner(const fs::path& link) {
    const std::string target = read_link(link);
    const std::string marker = ".apps/current/";
    const std::size_t at = target.find(marker);
    if (at == std::string::npos) return "";
    const std::string rest = target.substr(at + marker.size());
    return rest.substr(0, rest.find('/'));
}

// Links the tree's files into share/; a name another app already exports stays that app's.
Status link_files(const fs::path& exports, const std::string& app_id,
                  const std::vector<std::string>& files, std::vector<std::string>& warnings) {
    for (const auto& relative : files) {
        const fs::path link = share_dir(exports) / relative;
        std::error_code error;
        fs::create_directories(link.parent_path(), error);
        if (error)
            return system_error("Can't create " + link.parent_path().string(), error.value());
        const std::string owner = link_owner(link);
        if (!owner.empty() && owner != app_id && fs::exists(link, error)) {
            warnings.push_back("share/" + relative + ": already exported by " + owner);
            continue;
        }
        SANDBOX_TRY(replace_symlink(link_target(app_id, relative), link));
    }
    return ok_status();
}

// Removes the app's links in share/ that lead nowhere (files its new tree no longer has).
void remove_dangling_links(const fs::path& exports, const std::string& app_id) {
    std::error_code error;
    std::vector<fs::path> dangling;
    for (auto it = fs::recursive_directory_iterator(share_dir(exports), error);
         !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
        std::error_code ignored;
        if (it->is_symlink(ignored) && link_owner(it->path()) == app_id &&
            !fs::exists(it->path(), ignored))
            dangling.push_back(it->path());
    }
    for (const auto& link : dangling) ::unlink(link.c_str());
}

// Removes every tree no `current` link names (the one a swap replaced, a killed export's).
void remove_unused_trees(const fs::path& exports) {
    std::set<std::string> used;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(current_dir(exports), error))
        used.insert(fs::path(read_link(entry.path())).filename().string());
    for (const auto& entry : fs::directory_iterator(trees_dir(exports), error))
        if (!used.contains(entry.path().filename().string())) fs::remove_all(entry.path(), error);
}

Result<std::vector<std::string>> fill_tree(const fs::path& tree, const Sources& sources,
                                           const ExportRequest& request,
                                           std::vector<std::string>& warnings) {
    std::vector<std::string> written;
    for (const auto& file : sources.files) {
        auto content = exported_content(file, request.launch);
        if (!content) {
            warnings.push_back(file.source + ": " + content.error().message());
            continue;
        }
        for (const auto& warning : content->warnings)
            warnings.push_back(file.source + ": " + warning);
        SANDBOX_TRY(write_new_file(tree / "share" / file.destination, content->content));
        written.push_back(file.destination);
    }
    return written;
}

Status swap_current(const fs::path& exports, const std::string& app_id, const fs::path& tree) {
    std::error_code error;
    fs::create_directories(current_dir(exports), error);
    if (error) return system_error("Can't create " + current_dir(exports).string(), error.value());
    return replace_symlink("../trees/" + tree.filename().string(), current_dir(exports) / app_id);
}

}  // namespace

Result<ExportOutcome> export_app(const ExportRequest& request) {
    const std::string& app_id = request.launch.app_id;
    auto sources = read_export_sources((request.deployment_dir / "export").string(), app_id);
    if (!sources) return sources.take_error();
    ExportOutcome outcome;
    outcome.warnings = std::move(sources->warnings);
    auto tree = make_tree(request.exports_dir, app_id);
    if (!tree) return tree.take_error();
    auto written = fill_tree(*tree, *sources, request, outcome.warnings);
    if (!written) {
        std::error_code ignored;
        fs::remove_all(*tree, ignored);
        return written.take_error();
    }
    SANDBOX_TRY(write_new_file(*tree / kOwnerFile, request.owner));
    SANDBOX_TRY(swap_current(request.exports_dir, app_id, *tree));
    SANDBOX_TRY(link_files(request.exports_dir, app_id, *written, outcome.warnings));
    remove_dangling_links(request.exports_dir, app_id);
    remove_unused_trees(request.exports_dir);
    outcome.exported = std::move(*written);
    return outcome;
}

Status unexport_app(const fs::path& exports_dir, const std::string& app_id,
                    const std::string& owner) {
    const fs::path current = current_dir(exports_dir) / app_id;
    std::error_code error;
    if (!fs::is_symlink(current, error)) return ok_status();
    auto recorded = [&]() -> std::string {
        UniqueFd fd(::open((current / kOwnerFile).c_str(), O_RDONLY | O_CLOEXEC));
        if (!fd) return "";
        auto text = read_all(fd.get());
        return text ? *text : "";
    }();
    if (!owner.empty() && recorded != owner) return ok_status();
    if (::unlink(current.c_str()) != 0) return system_error("Can't remove " + current.string());
    remove_dangling_links(exports_dir, app_id);
    remove_unused_trees(exports_dir);
    return ok_status();
}

}  // namespace sandbox::exports
