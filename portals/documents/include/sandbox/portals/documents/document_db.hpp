#pragma once

// The persistent documents on disk: a GLib keyfile, one group per document, replaced atomically
// (temporary file + rename) on every write.

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "sandbox/common/error.hpp"
#include "sandbox/portals/documents/document.hpp"

namespace sandbox::portals::documents {

struct StoredDocument {
    std::string id;
    std::filesystem::path host_path;
    bool directory = false;
    bool named = false;
    dev_t dev = 0;  // 0/0: the file did not exist when it was exported (a named document)
    ino_t ino = 0;
    std::map<std::string, DocumentPermissions> apps;
};

// A missing file is an empty database; groups that do not parse are skipped.
Result<std::vector<StoredDocument>> load_documents(const std::filesystem::path& db_file);
// Creates the parent directories (0700) if needed; the file is 0600.
Status save_documents(const std::filesystem::path& db_file,
                      const std::vector<StoredDocument>& documents);

}  // namespace sandbox::portals::documents
