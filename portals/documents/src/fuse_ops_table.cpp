// libfuse's operation table: each entry forwards to the DocumentFilesystem behind the request, or,
// for the file handle's own operations, works on the host fd kept in fi->fh.

#include <unistd.h>

#include <cerrno>
#include <vector>

#include "fuse_ops.hpp"

namespace sandbox::portals::documents {
namespace {

DocumentFilesystem& filesystem_of(fuse_req_t req) {
    return *static_cast<DocumentFilesystem*>(fuse_req_userdata(req));
}

int host_fd(const fuse_file_info* fi) {
    return static_cast<int>(fi->fh);
}

void do_read(fuse_req_t req, fuse_ino_t, size_t size, off_t offset, fuse_file_info* fi) {
    std::vector<char> buffer(size);
    ssize_t got = pread(host_fd(fi), buffer.data(), size, offset);
    if (got < 0) return (void)fuse_reply_err(req, errno);
    fuse_reply_buf(req, buffer.data(), static_cast<size_t>(got));
}

void do_write(fuse_req_t req, fuse_ino_t, const char* data, size_t size, off_t offset,
              fuse_file_info* fi) {
    ssize_t written = pwrite(host_fd(fi), data, size, offset);
    if (written < 0) return (void)fuse_reply_err(req, errno);
    fuse_reply_write(req, static_cast<size_t>(written));
}

void do_release(fuse_req_t req, fuse_ino_t, fuse_file_info* fi) {
    ::close(host_fd(fi));
    fuse_reply_err(req, 0);
}

void do_flush(fuse_req_t req, fuse_ino_t, fuse_file_info*) {
    fuse_reply_err(req, 0);
}

void do_fsync(fuse_req_t req, fuse_ino_t, int datasync, fuse_file_info* fi) {
    int result = datasync != 0 ? fdatasync(host_fd(fi)) : fsync(host_fd(fi));
    fuse_reply_err(req, result == 0 ? 0 : errno);
}

void do_lookup(fuse_req_t req, fuse_ino_t parent, const char* name) {
    filesystem_of(req).lookup(req, parent, name);
}

void do_getattr(fuse_req_t req, fuse_ino_t inode, fuse_file_info*) {
    filesystem_of(req).getattr(req, inode);
}

void do_setattr(fuse_req_t req, fuse_ino_t inode, struct stat* attr, int to_set,
                fuse_file_info* fi) {
    filesystem_of(req).setattr(req, inode, *attr, to_set, fi);
}

void do_readdir(fuse_req_t req, fuse_ino_t inode, size_t size, off_t offset, fuse_file_info*) {
    filesystem_of(req).readdir(req, inode, size, offset);
}

void do_open(fuse_req_t req, fuse_ino_t inode, fuse_file_info* fi) {
    filesystem_of(req).open(req, inode, fi);
}

void do_create(fuse_req_t req, fuse_ino_t parent, const char* name, mode_t mode,
               fuse_file_info* fi) {
    filesystem_of(req).create(req, parent, name, mode, fi);
}

void do_unlink(fuse_req_t req, fuse_ino_t parent, const char* name) {
    filesystem_of(req).unlink(req, parent, name);
}

void do_readlink(fuse_req_t req, fuse_ino_t inode) {
    filesystem_of(req).readlink(req, inode);
}

void do_mkdir(fuse_req_t req, fuse_ino_t parent, const char* name, mode_t mode) {
    filesystem_of(req).mkdir(req, parent, name, mode);
}

void do_rmdir(fuse_req_t req, fuse_ino_t parent, const char* name) {
    filesystem_of(req).rmdir(req, parent, name);
}

void do_rename(fuse_req_t req, fuse_ino_t parent, const char* name, fuse_ino_t new_parent,
               const char* new_name, unsigned int flags) {
    filesystem_of(req).rename(req, parent, name, new_parent, new_name, flags);
}

// Apps make no links: a symlink would be followed by host programs that open the exported
// folder later, a hard link could pin a file the user deletes. Nor device nodes or FIFOs.
void refuse_symlink(fuse_req_t req, const char*, fuse_ino_t, const char*) {
    fuse_reply_err(req, EPERM);
}

void refuse_link(fuse_req_t req, fuse_ino_t, fuse_ino_t, const char*) {
    fuse_reply_err(req, EPERM);
}

void refuse_mknod(fuse_req_t req, fuse_ino_t, const char*, mode_t, dev_t) {
    fuse_reply_err(req, EPERM);
}

fuse_lowlevel_ops make_operations() {
    fuse_lowlevel_ops ops{};
    ops.lookup = do_lookup;
    ops.getattr = do_getattr;
    ops.setattr = do_setattr;
    ops.readdir = do_readdir;
    ops.open = do_open;
    ops.create = do_create;
    ops.unlink = do_unlink;
    ops.readlink = do_readlink;
    ops.mkdir = do_mkdir;
    ops.rmdir = do_rmdir;
    ops.rename = do_rename;
    ops.symlink = refuse_symlink;
    ops.link = refuse_link;
    ops.mknod = refuse_mknod;
    ops.read = do_read;
    ops.write = do_write;
    ops.release = do_release;
    ops.flush = do_flush;
    ops.fsync = do_fsync;
    return ops;
}

}  // namespace

const fuse_lowlevel_ops& DocumentFilesystem::operations() {
    static const fuse_lowlevel_ops ops = make_operations();
    return ops;
}

}  // namespace sandbox::portals::documents
