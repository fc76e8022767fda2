#include "sandbox/launcher/mount_steps.hpp"

#include <cstdio>

namespace sandbox::launcher {
namespace {

std::string join(const std::string& dir, const std::string& name) {
    return dir == "/" ? "/" + name : dir + "/" + name;
}

std::string octal(mode_t mode) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04o", static_cast<unsigned>(mode & 07777));
    return buffer;
}

std::uint64_t bind_attributes(BindAccess access) {
    switch (access) {
        case BindAccess::ReadOnly:
            return kNoSetuidNoDev | MOUNT_ATTR_RDONLY;
        case BindAccess::ReadWrite:
            return kNoSetuidNoDev;
        case BindAccess::Devices:
            return MOUNT_ATTR_NOSUID;
    }
    return kNoSetuidNoDev | MOUNT_ATTR_RDONLY;
}

class StepPlanner {
  public:
    explicit StepPlanner(const std::optional<std::string>& host_tty) : host_tty_(host_tty) {}

    std::vector<MountStep> steps;

    void operator()(const BindMount& op) {
        steps.push_back(
            BindStep{op.source, normalize_dest(op.dest), bind_attributes(op.access), op.optional});
    }
    void operator()(const TmpfsMount& op) {
        std::string options = "mode=" + octal(op.mode);
        if (op.size != 0) options += ",size=" + std::to_string(op.size);
        steps.push_back(FilesystemStep{"tmpfs", normalize_dest(op.dest), kNoSetuidNoDev, options,
                                       parent_mode_for(op.mode)});
    }
    void operator()(const ProcMount& op) {
        const std::string dest = normalize_dest(op.dest);
        const std::uint64_t proc_attributes = kNoSetuidNoDev | MOUNT_ATTR_NOEXEC;
        steps.push_back(FilesystemStep{"proc", dest, proc_attributes, ""});
        for (const char* cover : kProcCovers)
            steps.push_back(CoverStep{join(dest, cover), proc_attributes | MOUNT_ATTR_RDONLY});
    }
    void operator()(const DevMount& op) {
        const std::string dest = normalize_dest(op.dest);
        steps.push_back(FilesystemStep{"tmpfs", dest, kNoSetuidNoDev, "mode=0755"});
        for (const char* node : kDevNodes)
            steps.push_back(BindStep{HostPath{std::string("/dev/") + node}, join(dest, node),
                                     bind_attributes(BindAccess::Devices), false});
        const char* stdio[] = {"stdin", "stdout", "stderr"};
        for (int fd = 0; fd < 3; ++fd)
            steps.push_back(
                SymlinkStep{"/proc/self/fd/" + std::to_string(fd), join(dest, stdio[fd])});
        steps.push_back(SymlinkStep{"/proc/self/fd", join(dest, "fd")});
        steps.push_back(SymlinkStep{"/proc/kcore", join(dest, "core")});
        steps.push_back(DirectoryStep{join(dest, "shm"), 0755});
        steps.push_back(DirectoryStep{join(dest, "pts"), 0755});
        steps.push_back(FilesystemStep{"devpts", join(dest, "pts"),
                                       MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC,
                                       "newinstance,ptmxmode=0666,mode=620"});
        steps.push_back(SymlinkStep{"pts/ptmx", join(dest, "ptmx")});
        if (host_tty_)
            steps.push_back(BindStep{HostPath{*host_tty_}, join(dest, "console"),
                                     bind_attributes(BindAccess::Devices), false});
    }
    void operator()(const MqueueMount& op) {
        steps.push_back(FilesystemStep{"mqueue", normalize_dest(op.dest),
                                       kNoSetuidNoDev | MOUNT_ATTR_NOEXEC, ""});
    }
    void operator()(const MakeDir& op) {
        steps.push_back(DirectoryStep{normalize_dest(op.dest), op.mode, parent_mode_for(op.mode)});
    }
    void operator()(const MakeSymlink& op) {
        steps.push_back(SymlinkStep{op.target, normalize_dest(op.dest)});
    }
    void operator()(const MakeFile& op) {
        steps.push_back(
            FileStep{op.fd, normalize_dest(op.dest), op.mode, parent_mode_for(op.mode)});
    }
    void operator()(const BindData& op) {
        std::uint64_t attributes = kNoSetuidNoDev | (op.readonly ? MOUNT_ATTR_RDONLY : 0);
        steps.push_back(DataBindStep{op.fd, normalize_dest(op.dest), op.mode, attributes,
                                     parent_mode_for(op.mode)});
    }
    void operator()(const RemountReadOnly& op) {
        steps.push_back(SetAttributesStep{normalize_dest(op.dest), MOUNT_ATTR_RDONLY});
    }
    void operator()(const ChangeMode& op) {
        steps.push_back(ChmodStep{normalize_dest(op.dest), op.mode});
    }
    void operator()(const OverlayMount& op) {
        OverlayStep step;
        step.lower.assign(op.lower.rbegin(), op.lower.rend());
        step.dest = normalize_dest(op.dest);
        step.attributes = kNoSetuidNoDev;
        switch (op.kind) {
            case OverlayKind::Writable:
                step.upper = op.upper;
                step.work = op.work;
                break;
            case OverlayKind::Temporary:
                step.temporary_upper = true;
                break;
            case OverlayKind::ReadOnly:
                step.attributes |= MOUNT_ATTR_RDONLY;
                break;
        }
        steps.push_back(std::move(step));
    }

  private:
    const std::optional<std::string>& host_tty_;
};

}  // namespace

std::string normalize_dest(const std::string& dest) {
    std::string result;
    std::size_t position = 0;
    while (position <= dest.size()) {
        std::size_t slash = dest.find('/', position);
        if (slash == std::string::npos) slash = dest.size();
        std::string component = dest.substr(position, slash - position);
        if (!component.empty() && component != ".") result += "/" + component;
        position = slash + 1;
    }
    return result.empty() ? "/" : result;
}

std::vector<MountStep> plan_mount_steps(const std::vector<MountOp>& ops,
                                        const std::optional<std::string>& host_tty) {
    StepPlanner planner(host_tty);
    for (const MountOp& op : ops) std::visit(planner, op);
    return std::move(planner.steps);
}

}  // namespace sandbox::launcher
