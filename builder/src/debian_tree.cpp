// build_debian_tree: the locked .debs, verified, made into a root filesystem by mmdebstrap in
// unshare mode (maintainer scripts and triggers run as root of a user namespace mapped to the
// user's subordinate ids), written as a tar and extracted as the user.
//
// mmdebstrap is given a local repository holding exactly the verified .debs (copy://, so apt
// copies them into the chroot): it can install nothing else, whatever the mirror has now.

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "debian_apt.hpp"
#include "debian_support.hpp"
#include "sandbox/builder/debian.hpp"
#include "sandbox/store/text.hpp"

namespace sandbox::builder {
namespace {

namespace fs = std::filesystem;
using store::printable;

fs::path cached_deb(const fs::path& cache, const LockedPackage& package) {
    return cache / fs::path(package.filename).filename();
}

Result<bool> is_cached(const fs::path& cache, const LockedPackage& package) {
    std::error_code error;
    if (!fs::is_regular_file(cached_deb(cache, package), error)) return false;
    auto sha = sha256_of_file(cached_deb(cache, package));
    if (!sha) return sha.take_error();
    return *sha == package.sha256;
}

// Downloads what the cache lacks; each file is kept only under the name of the locked package
// whose sha256 it has.
Status fetch_missing(const std::vector<LockedPackage>& missing, const DebianLock& lock,
                     const fs::path& cache) {
    auto apt = PrivateApt::open(lock.sources);
    if (!apt) return apt.take_error();
    auto partial = TempDir::create("partial", cache);
    if (!partial) return partial.take_error();
    std::vector<PackageId> wanted;
    for (const LockedPackage& package : missing)
        wanted.push_back({package.name, package.version, package.architecture});
    SANDBOX_TRY(apt->download(wanted, partial->path()));
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(partial->path(), error)) {
        auto sha = sha256_of_file(entry.path());
        if (!sha) return sha.take_error();
        for (const LockedPackage& package : missing)
            if (package.sha256 == *sha) {
                fs::permissions(entry.path(), fs::perms(0644), error);
                fs::rename(entry.path(), cached_deb(cache, package), error);
            }
    }
    if (error) return system_error("Can't store downloads in " + cache.string(), error.value());
    for (const LockedPackage& package : missing) {
        auto cached = is_cached(cache, package);
        if (!cached) return cached.take_error();
        if (!*cached)
            return usage_error("The mirror's " + package.name + " " + package.version +
                               " does not have the locked sha256: run sandbox build "
                               "--update-lock if the archive really changed it");
    }
    return ok_status();
}

Status fill_cache(const std::vector<LockedPackage>& packages, const DebianLock& lock,
                  const fs::path& cache) {
    std::error_code error;
    fs::create_directories(cache, error);
    if (error) return system_error("Can't create " + cache.string(), error.value());
    std::vector<LockedPackage> missing;
    for (const LockedPackage& package : packages) {
        auto cached = is_cached(cache, package);
        if (!cached) return cached.take_error();
        if (!*cached) missing.push_back(package);
    }
    if (missing.empty()) return ok_status();
    return fetch_missing(missing, lock, cache);
}

std::string field_of(const std::string& control, const std::string& name) {
    const std::string prefix = name + ": ";
    std::size_t start = control.starts_with(prefix) ? 0 : control.find("\n" + prefix);
    if (start == std::string::npos) return {};
    if (start != 0) ++start;
    start += prefix.size();
    return control.substr(start, control.find('\n', start) - start);
}

// The stanza of one .deb in a Packages index: its control fields, then where and what it is.
Result<std::string> packages_stanza(const fs::path& deb, const LockedPackage& package) {
    auto control = run_program({"dpkg-deb", "--field", deb.string()});
    if (!control) return control.take_error();
    if (control->status != 0)
        return usage_error("dpkg-deb can't read " + deb.string() + ": " + last_line(control->err));
    // The sha256 is the lock's; the control fields must say the same package and version.
    if (field_of(control->out, "Package") != package.name ||
        field_of(control->out, "Version") != package.version)
        return usage_error("The .deb " + deb.filename().string() + " is not " + package.name + " " +
                           package.version + " as the lock says");
    std::error_code error;
    auto size = fs::file_size(deb, error);
    return control->out + "Filename: ./" + deb.filename().string() +
           "\nSize: " + std::to_string(size) + "\nSHA256: " + package.sha256 + "\n\n";
}

// repo/: the .debs (hard links into the cache where it can) and their Packages index, readable
// by the subordinate ids apt runs as in the user namespace.
Status make_local_repository(const std::vector<LockedPackage>& packages, const fs::path& cache,
                             const fs::path& repo) {
    std::error_code error;
    fs::create_directory(repo, error);
    fs::permissions(repo, fs::perms(0755), error);
    if (error) return system_error("Can't create " + repo.string(), error.value());
    std::string index;
    for (const LockedPackage& package : packages) {
        fs::path deb = repo / cached_deb(cache, package).filename();
        fs::create_hard_link(cached_deb(cache, package), deb, error);
        if (error) fs::copy_file(cached_deb(cache, package), deb, error);
        if (error) return system_error("Can't copy " + deb.string(), error.value());
        fs::permissions(deb, fs::perms(0644), error);
        auto stanza = packages_stanza(deb, package);
        if (!stanza) return stanza.take_error();
        index += *stanza;
    }
    SANDBOX_TRY(write_file(repo / "Packages", index));
    fs::permissions(repo / "Packages", fs::perms(0644), error);
    return ok_status();
}

bool has_subordinate_range(const char* file, const std::string& user, uid_t uid) {
    std::ifstream stream(file);
    std::string line;
    while (std::getline(stream, line)) {
        std::string owner = line.substr(0, line.find(':'));
        if (owner == user || owner == std::to_string(uid)) return true;
    }
    return false;
}

// Root needs no subordinate ids: mmdebstrap's root mode builds the same tree in a plain chroot.
bool building_as_root() {
    return ::getuid() == 0;
}

Status check_unshare_mode_possible() {
    const uid_t uid = ::getuid();
    if (building_as_root()) return ok_status();
    const passwd* entry = ::getpwuid(uid);
    const std::string user = entry != nullptr ? entry->pw_name : std::to_string(uid);
    if (!has_subordinate_range("/etc/subuid", user, uid) ||
        !has_subordinate_range("/etc/subgid", user, uid))
        return usage_error(
            "Building from Debian packages needs subordinate ids for " + user +
            " (mmdebstrap's unshare mode): as root, run usermod --add-subuids 100000-165535 "
            "--add-subgids 100000-165535 " +
            user);
    if (::access("/usr/bin/mmdebstrap", X_OK) != 0 || ::access("/usr/bin/newuidmap", X_OK) != 0)
        return usage_error(
            "Building from Debian packages needs mmdebstrap and uidmap (apt-get install "
            "mmdebstrap uidmap)");
    return ok_status();
}

std::vector<std::string> mmdebstrap_arguments(const std::vector<LockedPackage>& packages,
                                              const DebianLock& lock, const fs::path& repo,
                                              const fs::path& tar) {
    std::string include;
    for (const LockedPackage& package : packages)
        include += (include.empty() ? "" : ",") + package.name;
    return {"mmdebstrap", "--quiet", building_as_root() ? "--mode=root" : "--mode=unshare",
            "--variant=custom", "--format=tar",
            // No fsync per file: the tree is thrown away on failure anyway.
            "--dpkgopt=force-unsafe-io",
            // Merged /usr from the start, as Debian 12 systems are (usr-is-merged checks it).
            "--setup-hook=/usr/share/mmdebstrap/hooks/merged-usr/setup00.sh",
            // Documentation is not for apps; the licences stay.
            "--dpkgopt=path-exclude=/usr/share/doc/*",
            "--dpkgopt=path-include=/usr/share/doc/*/copyright",
            "--dpkgopt=path-exclude=/usr/share/man/*", "--dpkgopt=path-exclude=/usr/share/info/*",
            "--dpkgopt=path-exclude=/usr/share/lintian/*", "--include=" + include, lock.suite,
            tar.string(), "deb [trusted=yes] copy://" + repo.string() + " ./"};
}

// mmdebstrap removes its own temporary directory, even on failure; one left behind (killed) is
// owned by subordinate ids, so it is removed from inside a user namespace mapping them.
void remove_as_mapped_root(const fs::path& dir) {
    std::error_code error;
    fs::remove_all(dir, error);
    if (error && fs::exists(dir, error))
        (void)run_program({"unshare", "--map-auto", "--map-root-user", "rm", "-rf", dir.string()});
}

// apt runs in the user namespace as a subordinate id, so it reaches the local repository as
// "others": every directory above it must be searchable by them. $TMPDIR when it is, else /tmp.
fs::path work_parent() {
    const char* tmpdir = std::getenv("TMPDIR");
    if (tmpdir == nullptr || *tmpdir != '/') return "/tmp";
    fs::path prefix;
    for (const auto& part : fs::path(tmpdir)) {
        prefix /= part;
        struct stat st {};
        if (::stat(prefix.c_str(), &st) != 0 || (st.st_mode & S_IXOTH) == 0) return "/tmp";
    }
    return tmpdir;
}

class WorkDir {
  public:
    explicit WorkDir(TempDir dir) : dir_(std::move(dir)) {}
    WorkDir(const WorkDir&) = delete;
    WorkDir& operator=(const WorkDir&) = delete;
    ~WorkDir() { remove_as_mapped_root(dir_.path()); }
    [[nodiscard]] const fs::path& path() const { return dir_.path(); }

  private:
    TempDir dir_;
};

// What went wrong first: dpkg's or a maintainer script's error rather than mmdebstrap's summary.
std::string first_failure(const std::string& err) {
    std::istringstream lines(err);
    std::string line;
    while (std::getline(lines, line))
        if (line.find("error") != std::string::npos || line.starts_with("E: ")) return line;
    return last_line(err);
}

Status run_mmdebstrap(const std::vector<LockedPackage>& packages, const DebianLock& lock,
                      const fs::path& work, const fs::path& tar) {
    auto output = run_program(mmdebstrap_arguments(packages, lock, work / "repo", tar),
                              {{"SOURCE_DATE_EPOCH", std::to_string(lock.epoch)},
                               {"TMPDIR", work.string()},
                               {"LC_ALL", "C.UTF-8"}});
    if (!output) return output.take_error();
    if (output->status != 0)
        return usage_error("mmdebstrap failed (exit status " + std::to_string(output->status) +
                           "): " + printable(first_failure(output->err)));
    return ok_status();
}

// Every directory writable and searchable by its owner, so the tree can be changed and removed
// (the commit's canonical permissions decide the modes that are kept anyway).
Status make_owner_writable(const fs::path& tree) {
    std::error_code error;
    for (auto it = fs::recursive_directory_iterator(tree, error);
         !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
        if (it->is_directory(error) && !it->is_symlink(error))
            fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, error);
    }
    if (error) return system_error("Can't walk " + tree.string(), error.value());
    return ok_status();
}

Status extract_tar(const fs::path& tar, const fs::path& dest) {
    std::error_code error;
    fs::create_directory(dest, error);
    if (error) return system_error("Can't create " + dest.string(), error.value());
    fs::permissions(dest, fs::perms(0755), error);
    auto output = run_program({"tar", "-C", dest.string(), "-xf", tar.string(), "--no-same-owner",
                               "--preserve-permissions", "--exclude=./dev/*"});
    if (!output) return output.take_error();
    if (output->status != 0)
        return usage_error("Can't extract the tree: " + printable(last_line(output->err)));
    return make_owner_writable(dest);
}

// Where the tree's packages came from, rather than the build's local repository.
Status write_sources_list(const DebianLock& lock, const fs::path& dest) {
    std::string text;
    for (const std::string& source : lock.sources) text += source + "\n";
    return write_file(dest / "etc/apt/sources.list", text);
}

}  // namespace

Status build_debian_tree(const std::vector<LockedPackage>& packages, const DebianLock& lock,
                         const fs::path& dest, const fs::path& cache) {
    std::error_code error;
    if (fs::exists(dest, error))
        return usage_error("The tree's destination " + dest.string() + " exists already");
    if (packages.empty()) return usage_error("No Debian packages to install");
    SANDBOX_TRY(check_unshare_mode_possible());
    SANDBOX_TRY(fill_cache(packages, lock, cache));
    auto temporary = TempDir::create("sandbox-debian", work_parent());
    if (!temporary) return temporary.take_error();
    WorkDir work(std::move(*temporary));
    // apt, in the user namespace, reaches the repository as "others".
    fs::permissions(work.path(), fs::perms(0711), error);
    SANDBOX_TRY(make_local_repository(packages, cache, work.path() / "repo"));
    const fs::path tar = work.path() / "tree.tar";
    SANDBOX_TRY(run_mmdebstrap(packages, lock, work.path(), tar));
    fs::remove_all(work.path() / "repo", error);
    auto extracted = extract_tar(tar, dest);
    if (extracted) extracted = write_sources_list(lock, dest);
    if (!extracted) {
        fs::remove_all(dest, error);
        return extracted.take_error();
    }
    return ok_status();
}

}  // namespace sandbox::builder
