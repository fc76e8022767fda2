#include "file_forwarding.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <cstring>

#include "sandbox/run/file_forwarding_plan.hpp"

namespace sandbox::run {
namespace {

std::string proc_fd_path(int fd) {
    return "/proc/self/fd/" + std::to_string(fd);
}

// The path the kernel has for the fd: the file's own, every link resolved (as the portal sees it).
std::string real_path_of(int fd) {
    char buffer[PATH_MAX + 1];
    const ssize_t length = ::readlink(proc_fd_path(fd).c_str(), buffer, sizeof buffer);
    if (length <= 0 || static_cast<std::size_t>(length) >= sizeof buffer) return {};
    return std::string(buffer, static_cast<std::size_t>(length));
}

std::string name_of(const std::string& real_path) {
    const std::size_t slash = real_path.rfind('/');
    return slash == std::string::npos ? std::string() : real_path.substr(slash + 1);
}

}  // namespace

FileForwarding FileForwarding::start(const std::vector<AppArgument>& args, const PlanInputs& inputs,
                                     const ForwardingHost& host,
                                     std::vector<std::string>& warnings) {
    FileForwarding forwarding;
    forwarding.args_ = args;
    forwarding.uid_ = host.uid;
    for (const AppArgument& arg : args) forwarding.result_.push_back(arg.text);
    for (std::size_t index = 0; index < args.size(); ++index)
        forwarding.take(index, inputs, warnings);
    forwarding.start_exports(host, warnings);
    return forwarding;
}

void FileForwarding::take(std::size_t index, const PlanInputs& inputs,
                          std::vector<std::string>& warnings) {
    const AppArgument& arg = args_[index];
    const ForwardTarget target = forward_target(arg);
    if (target.kind == ForwardTarget::Kind::NotAFile) return;
    if (target.kind == ForwardTarget::Kind::Invalid)
        return pass_unchanged(index, "not a local file's URI", warnings);
    // Following a link at the end, as Flatpak does: the file it names is what the app gets (the
    // portal refuses an O_PATH fd of a link itself).
    UniqueFd fd(::open(target.path.c_str(), O_PATH | O_CLOEXEC));
    if (!fd) return pass_unchanged(index, std::strerror(errno), warnings);
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0 || !(S_ISREG(info.st_mode) || S_ISDIR(info.st_mode)))
        return pass_unchanged(index, "not a regular file or a directory", warnings);
    const std::string real_path = real_path_of(fd.get());
    const std::string name = name_of(real_path);
    if (!real_path.starts_with('/') || name.empty())
        return pass_unchanged(index, "no name to give it in the document store", warnings);
    if (visible_at_same_path(inputs, real_path)) {
        result_[index] = forwarded_argument(arg, real_path);
        return;
    }
    const bool writable = ::access(proc_fd_path(fd.get()).c_str(), W_OK) == 0;
    requests_.push_back({fd.get(), writable, S_ISDIR(info.st_mode)});
    pending_.push_back({index, std::move(fd), name, real_path});
}

void FileForwarding::pass_unchanged(std::size_t index, const std::string& reason,
                                    std::vector<std::string>& warnings) {
    const AppArgument& arg = args_[index];
    result_[index] = unforwarded_argument(arg);
    warnings.push_back("Can't forward " + arg.text + " to the app (" + reason +
                       "); it gets the name as it is, which it may not be able to open");
}

void FileForwarding::start_exports(const ForwardingHost& host, std::vector<std::string>& warnings) {
    if (requests_.empty()) return;
    if (!host.session_bus.empty())
        helper_ = ExportHelper::start(host.session_bus, host.app_id, requests_);
    if (helper_) return;
    const char* reason = host.session_bus.empty() ? "no session bus to reach the document portal"
                                                  : "sandbox-file-forwarding did not start";
    for (const Pending& file : pending_) pass_unchanged(file.index, reason, warnings);
    pending_.clear();
}

std::vector<std::string> FileForwarding::finish(std::vector<std::string>& warnings) {
    if (helper_) {
        const std::vector<ExportAnswer> answers = helper_->answers();
        for (std::size_t i = 0; i < pending_.size(); ++i) {
            const Pending& file = pending_[i];
            const ExportAnswer& answer = answers[i];
            if (answer.kind == ExportAnswer::Kind::Document) {
                result_[file.index] = forwarded_argument(
                    args_[file.index], document_path_inside(uid_, answer.text, file.name));
                exported_any_ = true;
            } else if (answer.kind == ExportAnswer::Kind::Visible) {
                result_[file.index] = forwarded_argument(args_[file.index], file.real_path);
            } else {
                pass_unchanged(file.index, answer.text, warnings);
            }
        }
        helper_.reset();
    }
    pending_.clear();
    requests_.clear();
    return std::move(result_);
}

}  // namespace sandbox::run
