#include <poll.h>
#include <spawn.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstdlib>
#include <string>
#include <vector>

#include "fuse_ops.hpp"
#include "sandbox/portals/documents/document_fuse.hpp"

extern char** environ;

namespace sandbox::portals::documents {
namespace {

int run_and_wait(std::vector<std::string> argv) {
    std::vector<char*> pointers;
    for (auto& arg : argv) pointers.push_back(arg.data());
    pointers.push_back(nullptr);
    pid_t pid = -1;
    if (posix_spawnp(&pid, pointers[0], nullptr, nullptr, pointers.data(), environ) != 0) return -1;
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

Status prepare_mountpoint(const std::filesystem::path& mountpoint) {
    SANDBOX_TRY(clear_stale_mount(mountpoint));
    if (mkdir(mountpoint.c_str(), 0700) != 0 && errno != EEXIST)
        return system_error("Can't create " + mountpoint.string());
    return ok_status();
}

}  // namespace

Status clear_stale_mount(const std::filesystem::path& mountpoint) {
    struct stat st {};
    if (stat(mountpoint.c_str(), &st) == 0 || errno != ENOTCONN) return ok_status();
    if (run_and_wait({"fusermount3", "-u", "-z", "-q", "--", mountpoint.string()}) != 0)
        return system_error("Can't unmount the dead mount at " + mountpoint.string(), ENOTCONN);
    if (stat(mountpoint.c_str(), &st) != 0 && errno == ENOTCONN)
        return system_error("Still a dead mount at " + mountpoint.string(), ENOTCONN);
    return ok_status();
}

DocumentFuse::DocumentFuse(std::filesystem::path mountpoint,
                           std::unique_ptr<DocumentFilesystem> filesystem)
    : mountpoint_(std::move(mountpoint)), filesystem_(std::move(filesystem)) {}

Result<std::unique_ptr<DocumentFuse>> DocumentFuse::mount(DocumentStore& store,
                                                          const std::filesystem::path& mountpoint) {
    SANDBOX_TRY(prepare_mountpoint(mountpoint));
    std::unique_ptr<DocumentFuse> fuse(
        new DocumentFuse(mountpoint, std::make_unique<DocumentFilesystem>(store)));
    fuse->stop_event_.reset(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
    if (!fuse->stop_event_) return system_error("Can't create an eventfd");

    std::string arg0 = "sandbox-documents", dash_o = "-o",
                options = "fsname=sandbox-documents,subtype=sandbox-documents,default_permissions";
    char* argv[] = {arg0.data(), dash_o.data(), options.data(), nullptr};
    fuse_args args = FUSE_ARGS_INIT(3, argv);
    fuse->session_ = fuse_session_new(&args, &DocumentFilesystem::operations(),
                                      sizeof(fuse_lowlevel_ops), fuse->filesystem_.get());
    if (fuse->session_ == nullptr) return system_error("Can't start a FUSE session", EINVAL);
    if (fuse_session_mount(fuse->session_, mountpoint.c_str()) != 0) {
        fuse_session_destroy(fuse->session_);
        fuse->session_ = nullptr;
        return system_error("Can't mount the document store on " + mountpoint.string(), EIO);
    }
    fuse->thread_ = std::thread([raw = fuse.get()] { raw->serve(); });
    return fuse;
}

// fuse_session_loop() would block in read() where nothing can wake it; polling the device with a
// stop event lets the destructor end the loop first and unmount after.
void DocumentFuse::serve() {
    fuse_buf buffer{};
    while (!fuse_session_exited(session_)) {
        pollfd fds[2] = {{fuse_session_fd(session_), POLLIN, 0}, {stop_event_.get(), POLLIN, 0}};
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (fds[1].revents != 0 || (fds[0].revents & (POLLERR | POLLHUP | POLLNVAL)) != 0) break;
        if ((fds[0].revents & POLLIN) == 0) continue;
        int received = fuse_session_receive_buf(session_, &buffer);
        if (received == -EINTR || received == -EAGAIN) continue;
        if (received <= 0) break;
        fuse_session_process_buf(session_, &buffer);
    }
    std::free(buffer.mem);
}

DocumentFuse::~DocumentFuse() {
    if (session_ == nullptr) return;
    if (thread_.joinable()) {
        std::uint64_t one = 1;
        [[maybe_unused]] ssize_t written = write(stop_event_.get(), &one, sizeof(one));
        thread_.join();
    }
    // Closes the device first (pending requests fail with ENOTCONN), then unmounts lazily.
    fuse_session_unmount(session_);
    fuse_session_destroy(session_);
}

}  // namespace sandbox::portals::documents
