#pragma once

// The fds a call carries, whatever its body's 'h' values say, made from words:
//   null            /dev/null, read-write
//   read:PATH       PATH opened read-only          rw:PATH     read-write
//   opath:PATH      an O_PATH fd on PATH
//   deleted:PATH    PATH opened read-only, then unlinked
//   swap:PATH:DEST  PATH opened read-only, then PATH replaced by a symlink to DEST
//   move:PATH:DEST  PATH opened read-only, renamed PATH.moved, a symlink to DEST made at PATH
//   pipe            a pipe's read end              socket      one end of a socketpair

#include <string>
#include <vector>

#include "sandbox/common/fd.hpp"

namespace raw_dbus {

// Throws std::runtime_error naming the word that failed. The other ends of pipes and sockets are
// kept in `keep_alive`, so the fds stay open ones.
sandbox::UniqueFd open_fd_spec(const std::string& spec, std::vector<sandbox::UniqueFd>& keep_alive);

}  // namespace raw_dbus
