#include <glib.h>
#include <sys/stat.h>

#include <deque>
#include <fstream>
#include <sstream>

#include "sandbox/builder/export_renames.hpp"
#include "sandbox/store/glib_handles.hpp"
#include "sandbox/store/text.hpp"

namespace sandbox::builder {
namespace {

namespace fs = std::filesystem;
using store::printable;

constexpr int kMaxLinks = 40;
constexpr const char* kIconExtensions[] = {".png", ".svg", ".xpm", "-symbolic.svg"};

// How the sandbox sees files/: which absolute paths land in it.
struct View {
    fs::path files;
    bool usr_layout = false;

    // The real path of an absolute path in the sandbox; empty when it is not in files/.
    [[nodiscard]] fs::path real(const fs::path& inside) const {
        auto it = inside.begin();
        if (it == inside.end() || ++it == inside.end()) return {};
        const std::string top = it->string();
        fs::path rest;
        for (++it; it != inside.end(); ++it) rest /= *it;
        if (usr_layout && top == "usr") return files / rest;
        if (usr_layout && top == "etc") return files / "etc" / rest;
        if (!usr_layout && top == "app") return files / rest;
        return {};
    }

    [[nodiscard]] fs::path inside(const fs::path& relative) const {
        return fs::path(usr_layout ? "/usr" : "/app") / relative;
    }
};

// Follows links component by component as the sandbox's kernel would, refusing any step that
// leaves files/ (a link into the runtime or the host is not the app's to export).
Result<fs::path> resolve(const View& view, const fs::path& relative) {
    std::deque<std::string> todo;
    for (const auto& part : view.inside(relative)) todo.push_back(part.string());
    todo.pop_front();  // "/"
    fs::path current = "/";
    int links = 0;
    while (!todo.empty()) {
        const std::string part = todo.front();
        todo.pop_front();
        if (part.empty() || part == ".") continue;
        if (part == "..") {
            current = current.parent_path();
            continue;
        }
        const fs::path next = current / part;
        const fs::path real = view.real(next);
        struct stat st {};
        if (real.empty() || ::lstat(real.c_str(), &st) != 0)
            return usage_error(view.inside(relative).string() + " leads to " + next.string() +
                               ", which is not in the app's files");
        if (!S_ISLNK(st.st_mode)) {
            current = next;
            continue;
        }
        if (++links > kMaxLinks) return usage_error("Too many links at " + next.string());
        std::error_code error;
        const fs::path target = fs::read_symlink(real, error);
        if (error) return system_error("Can't read link " + real.string(), error.value());
        std::deque<std::string> parts;
        for (const auto& item : target.relative_path()) parts.push_back(item.string());
        todo.insert(todo.begin(), parts.begin(), parts.end());
        if (target.is_absolute()) current = "/";
    }
    const fs::path real = view.real(current);
    std::error_code error;
    if (!fs::is_regular_file(real, error))
        return usage_error(view.inside(relative).string() + " is not a regular file");
    return real;
}

Result<std::string> read_text(const fs::path& path) {
    std::ifstream stream(path, std::ios::binary);
    std::ostringstream content;
    content << stream.rdbuf();
    if (!stream) return system_error("Can't read " + path.string());
    return content.str();
}

Status write_text(const fs::path& path, const std::string& text) {
    std::error_code error;
    fs::remove(path, error);
    std::ofstream stream(path, std::ios::binary | std::ios::trunc);
    stream << text;
    stream.close();
    if (!stream) return system_error("Can't write " + path.string());
    return ok_status();
}

Status remove_original(const fs::path& path) {
    std::error_code error;
    fs::remove(path, error);
    if (error) return system_error("Can't remove " + path.string(), error.value());
    return ok_status();
}

class Renamer {
  public:
    Renamer(const ExportRenames& renames, std::string id, View view)
        : renames_(renames), id_(std::move(id)), view_(std::move(view)) {}

    Status icons() {
        const fs::path hicolor = view_.files / "share/icons/hicolor";
        for (const auto& [from, to] : renames_.icons) {
            int found = 0;
            std::error_code error;
            for (const auto& size : fs::directory_iterator(hicolor, error)) {
                const fs::path apps = size.path() / "apps";
                for (const char* extension : kIconExtensions) {
                    const fs::path source = apps / (from + extension);
                    if (!fs::exists(fs::symlink_status(source, error))) continue;
                    SANDBOX_TRY(rename_icon(source, apps / (to + extension)));
                    ++found;
                }
            }
            if (found == 0)
                return usage_error("rename-icon: there is no icon \"" + printable(from) +
                                   "\" in the app's share/icons/hicolor/*/apps");
        }
        return ok_status();
    }

    Status desktop_files() {
        const fs::path applications = "share/applications";
        for (const auto& [from, to] : renames_.desktop_files) {
            auto source = resolve(view_, applications / from);
            if (!source)
                return usage_error("rename-desktop-file: " + printable(from) + ": " +
                                   source.error().message());
            auto text = with_renamed_icons(*source);
            if (!text) return text.take_error();
            SANDBOX_TRY(remove_original(view_.files / applications / from));
            SANDBOX_TRY(write_text(view_.files / applications / to, *text));
        }
        return ok_status();
    }

    Status appdata() {
        if (renames_.appdata_file.empty()) return ok_status();
        for (const char* dir : {"share/metainfo", "share/appdata"}) {
            const fs::path relative = fs::path(dir) / renames_.appdata_file;
            std::error_code error;
            if (!fs::exists(fs::symlink_status(view_.files / relative, error))) continue;
            auto source = resolve(view_, relative);
            if (!source) return source.take_error();
            auto text = read_text(*source);
            if (!text) return text.take_error();
            SANDBOX_TRY(remove_original(view_.files / relative));
            fs::create_directories(view_.files / "share/metainfo", error);
            return write_text(view_.files / "share/metainfo" / (id_ + ".metainfo.xml"),
                              with_renamed_launchers(*text));
        }
        return usage_error("rename-appdata-file: there is no \"" +
                           printable(renames_.appdata_file) +
                           "\" in the app's share/metainfo or share/appdata");
    }

  private:
    Status rename_icon(const fs::path& source, const fs::path& dest) {
        auto target = resolve(view_, source.lexically_relative(view_.files));
        if (!target) return usage_error("rename-icon: " + target.error().message());
        std::error_code error;
        fs::remove(dest, error);
        fs::copy_file(*target, dest, error);
        if (error) return system_error("Can't copy " + target->string(), error.value());
        if (renames_.copy_icon) return ok_status();
        return remove_original(source);
    }

    // The desktop file with each renamed icon named by its new name, comments and translations
    // kept (GKeyFile writes them back as read).
    Result<std::string> with_renamed_icons(const fs::path& path) {
        store::GKeyFilePtr keys(g_key_file_new());
        store::GErrorSlot error;
        if (!g_key_file_load_from_file(
                keys.get(), path.c_str(),
                GKeyFileFlags(G_KEY_FILE_KEEP_COMMENTS | G_KEY_FILE_KEEP_TRANSLATIONS),
                error.out()))
            return error.to_error("Can't read the desktop file " + path.string());
        store::GStrvPtr groups(g_key_file_get_groups(keys.get(), nullptr));
        for (gchar** group = groups.get(); *group != nullptr; ++group) {
            store::GCharPtr icon(g_key_file_get_value(keys.get(), *group, "Icon", nullptr));
            if (!icon) continue;
            for (const auto& [from, to] : renames_.icons)
                if (from == icon.get())
                    g_key_file_set_value(keys.get(), *group, "Icon", to.c_str());
        }
        store::GCharPtr text(g_key_file_to_data(keys.get(), nullptr, nullptr));
        return std::string(text.get());
    }

    // <id>libreoffice-writer.desktop</id>, <launchable type="desktop-id">…</launchable>: a desktop
    // file's name as an element's whole text.
    std::string with_renamed_launchers(std::string text) const {
        for (const auto& [from, to] : renames_.desktop_files) {
            const std::string old_text = ">" + from + "<";
            const std::string new_text = ">" + to + "<";
            for (std::size_t at = text.find(old_text); at != std::string::npos;
                 at = text.find(old_text, at + new_text.size()))
                text.replace(at, old_text.size(), new_text);
        }
        return text;
    }

    const ExportRenames& renames_;
    std::string id_;
    View view_;
};

}  // namespace

Status apply_export_renames(const ExportRenames& renames, const std::string& id,
                            const fs::path& files, bool usr_layout) {
    if (renames.empty()) return ok_status();
    Renamer renamer(renames, id, View{files, usr_layout});
    // Icons first: the desktop files are rewritten to name them.
    SANDBOX_TRY(renamer.icons());
    SANDBOX_TRY(renamer.desktop_files());
    return renamer.appdata();
}

}  // namespace sandbox::builder
