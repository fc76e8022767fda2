#include "stage.hpp"

namespace sandbox::builder {
namespace {

namespace fs = std::filesystem;

constexpr auto kCopyTree = fs::copy_options::recursive | fs::copy_options::copy_symlinks |
                           fs::copy_options::overwrite_existing;

Status copy_tree(const fs::path& from, const fs::path& to) {
    std::error_code error;
    fs::create_directories(to, error);
    if (!error) fs::copy(from, to, kCopyTree, error);
    if (error)
        return system_error("Can't copy " + from.string() + " to " + to.string(), error.value());
    return ok_status();
}

Status stage_source(const Source& source, const fs::path& module_dir) {
    fs::path dest = module_dir / source.dest;
    std::error_code error;
    if (source.type == SourceType::Dir) {
        if (!fs::is_directory(source.path, error))
            return usage_error("dir source " + source.path.string() + " is not a directory");
        return copy_tree(source.path, dest);
    }
    if (!fs::is_regular_file(source.path, error))
        return usage_error("file source " + source.path.string() + " is not a file");
    fs::create_directories(dest, error);
    fs::path target = dest / (source.dest_filename.empty() ? source.path.filename()
                                                           : fs::path(source.dest_filename));
    if (!error) fs::copy_file(source.path, target, fs::copy_options::overwrite_existing, error);
    if (error) return system_error("Can't copy " + source.path.string(), error.value());
    return ok_status();
}

// ID.desktop, ID.writer.desktop, ID-symbolic.svg: never a longer ID that starts with this one.
bool is_named_after(const std::string& name, const std::string& id) {
    return name.starts_with(id) && name.size() > id.size() &&
           (name[id.size()] == '.' || name[id.size()] == '-');
}

}  // namespace

Status stage_sources(const Module& module, const fs::path& module_dir) {
    std::error_code error;
    fs::create_directories(module_dir, error);
    if (error) return system_error("Can't create " + module_dir.string(), error.value());
    for (const Source& source : module.sources) SANDBOX_TRY(stage_source(source, module_dir));
    return ok_status();
}

Status copy_into(const fs::path& module_dir, const fs::path& files) {
    return copy_tree(module_dir, files);
}

Status collect_exports(const fs::path& files, const fs::path& export_dir, const std::string& id) {
    for (const char* subdir :
         {"applications", "icons", "metainfo", "appdata", "mime/packages", "dbus-1/services"}) {
        fs::path from = files / "share" / subdir;
        std::error_code error;
        if (!fs::is_directory(fs::symlink_status(from, error))) continue;
        for (auto it = fs::recursive_directory_iterator(from, error);
             it != fs::recursive_directory_iterator(); it.increment(error)) {
            // Links are not followed: an app's link may name anything on the building host.
            if (!it->is_regular_file(error) || it->is_symlink(error) ||
                !is_named_after(it->path().filename().string(), id))
                continue;
            fs::path to = export_dir / "share" / subdir / it->path().lexically_relative(from);
            fs::create_directories(to.parent_path(), error);
            fs::copy_file(it->path(), to, fs::copy_options::overwrite_existing, error);
            if (error) return system_error("Can't export " + it->path().string(), error.value());
        }
        if (error) return system_error("Can't list " + from.string(), error.value());
    }
    return ok_status();
}

}  // namespace sandbox::builder
