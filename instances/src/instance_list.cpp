#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <system_error>

#include "sandbox/common/files.hpp"
#include "sandbox/instances/instance.hpp"
#include "sandbox/permissions/keyfile.hpp"

namespace sandbox::instances {
namespace {

constexpr std::size_t kMaxFileSize = 1 << 20;

bool is_instance_id(const std::string& name) {
    return !name.empty() && name.size() <= 10 &&
           name.find_first_not_of("0123456789") == std::string::npos;
}

std::string read_small_file(const std::filesystem::path& path) {
    auto fd = open_path(AT_FDCWD, path.string(), O_RDONLY | O_NOFOLLOW | O_NOCTTY);
    if (!fd) return {};
    auto data = read_all(fd->get());
    if (!data || data->size() > kMaxFileSize) return {};
    return *data;
}

pid_t parse_pid(std::string_view text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
    pid_t pid = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), pid);
    return error == std::errc() && end == text.data() + text.size() && pid > 0 ? pid : 0;
}

// Nobody holds the read lock on .ref: the supervisor is gone.
bool is_stale(const std::filesystem::path& dir) {
    auto fd = open_path(AT_FDCWD, (dir / kRefFile).string(), O_RDWR | O_NOFOLLOW);
    if (!fd) return fd.error().code == ENOENT;
    struct flock lock {};
    lock.l_type = F_WRLCK;
    lock.l_whence = SEEK_SET;
    if (::fcntl(fd->get(), F_GETLK, &lock) != 0) return false;
    return lock.l_type == F_UNLCK;
}

void read_application(InstanceRecord& record) {
    auto keyfile = permissions::parse_keyfile(record.info, "instance info");
    if (!keyfile) return;
    for (auto [key, field] : {std::pair{"name", &record.app}, {"runtime", &record.runtime}}) {
        auto value = permissions::read_string(keyfile->get(), "Application", key, "instance info");
        if (value) *field = *value;
    }
}

InstanceRecord read_record(const std::filesystem::path& dir, const std::string& id) {
    InstanceRecord record;
    record.id = id;
    record.dir = dir;
    record.pid = parse_pid(read_small_file(dir / kPidFile));
    record.child_pid = parse_child_pid(read_small_file(dir / kStatusFile));
    record.info = read_small_file(dir / kInfoFile);
    read_application(record);
    struct stat st {};
    if (::stat((dir / kRefFile).c_str(), &st) == 0) record.since = st.st_mtime;
    return record;
}

}  // namespace

Result<std::string> running_instance_info(const std::filesystem::path& instances_dir,
                                          const std::string& id) {
    if (!is_instance_id(id)) return usage_error("not an instance id");
    const std::filesystem::path dir = instances_dir / id;
    std::string info = read_small_file(dir / kInfoFile);
    if (info.empty()) return usage_error("no such instance");
    if (is_stale(dir)) return usage_error("the instance has ended");
    return info;
}

pid_t parse_child_pid(std::string_view json) {
    constexpr std::string_view kKey = "\"child-pid\"";
    std::size_t position = json.find(kKey);
    if (position == std::string_view::npos) return 0;
    position = json.find(':', position + kKey.size());
    if (position == std::string_view::npos) return 0;
    position = json.find_first_not_of(" \t\n", position + 1);
    if (position == std::string_view::npos) return 0;
    pid_t pid = 0;
    auto [end, error] = std::from_chars(json.data() + position, json.data() + json.size(), pid);
    return error == std::errc() && pid > 0 ? pid : 0;
}

std::vector<InstanceRecord> matching_instances(const std::vector<InstanceRecord>& instances,
                                               const std::string& target) {
    std::vector<InstanceRecord> matching;
    for (const InstanceRecord& record : instances)
        if (record.id == target || record.app == target) matching.push_back(record);
    return matching;
}

Result<std::vector<InstanceRecord>> list_instances(const std::filesystem::path& instances_dir) {
    std::vector<InstanceRecord> records;
    std::unique_ptr<DIR, int (*)(DIR*)> dir(::opendir(instances_dir.c_str()), ::closedir);
    if (!dir) return system_error("Can't read " + instances_dir.string());
    while (dirent* entry = ::readdir(dir.get())) {
        const std::string name = entry->d_name;
        if (!is_instance_id(name)) continue;
        const std::filesystem::path path = instances_dir / name;
        if (is_stale(path)) {
            std::error_code ignored;
            std::filesystem::remove_all(path, ignored);
            continue;
        }
        records.push_back(read_record(path, name));
    }
    std::sort(records.begin(), records.end(), [](const auto& a, const auto& b) {
        return a.since != b.since ? a.since < b.since : a.id < b.id;
    });
    return records;
}

}  // namespace sandbox::instances
