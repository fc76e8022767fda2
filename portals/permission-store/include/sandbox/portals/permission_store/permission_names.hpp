#pragma once

// What the permission store accepts as table names, entry ids, app ids and permissions. They come
// from D-Bus callers and from the command line; a table name also becomes a file name.

#include <string_view>

#include "sandbox/common/error.hpp"

namespace sandbox::portals {

inline constexpr std::size_t kMaxTableNameLength = 128;
inline constexpr std::size_t kMaxKeyLength = 4096;  // ids, app ids, permission strings

// A file name in the database directory: 1..128 bytes of [A-Za-z0-9_.-], not starting with '.'
// (the directory's own files do: .lock, temporaries), so neither '/', "..", NUL nor a control
// character can get through.
Status check_table_name(std::string_view table);
// Entry ids are keys inside a table file, not paths: content types ("x-scheme-handler/https")
// have a '/'. Non-empty, bounded, valid UTF-8 without NUL.
Status check_entry_id(std::string_view id);
// An app id (may be empty: the host, as x-d-p's store accepts) or a permission string: bounded,
// valid UTF-8 without NUL.
Status check_app_id(std::string_view app);
Status check_permission_string(std::string_view permission);

}  // namespace sandbox::portals
