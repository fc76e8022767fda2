#pragma once

// The files an app makes beside a single-file document while saving it (".goutputstream-XXXXXX",
// "NAME.tmp", a backup "NAME~"): each lives in the document's host directory under a hidden name
// of ours, ".sandbox-NAME-XXXXXX", created O_EXCL (so no host file is ever taken over), and is
// seen only by the app (document, view) that made it, under the name it chose. They are transient:
// removed when the app unlinks them, renames one over the document, or when the store unmounts.

#include <sys/types.h>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "sandbox/common/fd.hpp"

namespace sandbox::portals::documents {

struct TempFileOwner {
    std::string app_id;  // empty: the host's view
    std::string doc_id;

    auto operator<=>(const TempFileOwner&) const = default;
};

class TempFiles {
  public:
    // How many an app may keep per document at once.
    static constexpr std::size_t kLimit = 16;

    TempFiles() = default;
    TempFiles(const TempFiles&) = delete;
    TempFiles& operator=(const TempFiles&) = delete;
    // Unlinks every one left.
    ~TempFiles();

    // The hidden host name of `name`, if the owner has such a file.
    [[nodiscard]] std::optional<std::string> host_name(const TempFileOwner& owner,
                                                       const std::string& name) const;
    [[nodiscard]] std::vector<std::string> names(const TempFileOwner& owner) const;

    // Creates a fresh hidden file in `dir` for `name` (which must not be one already), opened with
    // `flags`. Returns the fd, or -1 with errno set (ENOSPC past kLimit).
    int create(const TempFileOwner& owner, const std::string& name,
               std::shared_ptr<const UniqueFd> dir, int flags, mode_t mode);
    // Moves the host file `from` of `dir` to a fresh hidden name recorded as `name`, replacing a
    // temporary file already called so. 0 or an errno.
    int adopt(const TempFileOwner& owner, const std::string& name,
              std::shared_ptr<const UniqueFd> dir, const std::string& from);
    // Renames the host file of `name` onto `target` in its directory (renameat2 `flags`) and
    // forgets it. 0 or an errno.
    int move_onto(const TempFileOwner& owner, const std::string& name, const std::string& target,
                  unsigned int flags);
    // Renames one temporary file onto another name (nothing changes on the host but the
    // replaced one's removal). 0 or an errno.
    int rename(const TempFileOwner& owner, const std::string& from, const std::string& to,
               unsigned int flags);
    // Unlinks it. 0 or an errno.
    int remove(const TempFileOwner& owner, const std::string& name);

  private:
    struct Entry {
        std::shared_ptr<const UniqueFd> dir;
        std::string host_name;
    };
    using Key = std::tuple<TempFileOwner, std::string>;

    [[nodiscard]] std::size_t count_locked(const TempFileOwner& owner) const;
    static void unlink_entry(const Entry& entry);

    mutable std::mutex mutex_;
    std::map<Key, Entry> entries_;
};

// ".sandbox-NAME-XXXXXX" (NAME cut short so that the whole stays a valid file name).
std::string hidden_temp_name(const std::string& name);

}  // namespace sandbox::portals::documents
