#pragma once

// What the store keeps per document (private to the store and its database).

#include <memory>

#include "sandbox/common/fd.hpp"
#include "sandbox/portals/documents/document_db.hpp"
#include "sandbox/portals/documents/document_store.hpp"

namespace sandbox::portals::documents {

struct DocumentStore::Entry {
    StoredDocument stored;
    bool persistent = false;
    std::shared_ptr<const UniqueFd> parent_dir;
};

}  // namespace sandbox::portals::documents
