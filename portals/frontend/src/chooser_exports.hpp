#pragma once

// What a sandboxed app receives for the files a person chose: each one exported to the document
// store for that app alone, as file:///run/user/UID/doc/DOCID/NAME (the app's view of the store),
// readable, writable only when the dialog allowed it (or for a file being saved); the host gets
// the backend's URIs as they are. Anything but a local file:// URI from the backend is dropped.

#include <string>
#include <vector>

#include "sandbox/common/error.hpp"
#include "sandbox/portals/caller.hpp"

namespace sandbox::portals {

namespace documents {
class DocumentStore;
}

enum class ChosenFor { Opening, Saving };

struct ChosenFiles {
    std::vector<std::string> uris;  // as the backend answered
    ChosenFor purpose = ChosenFor::Opening;
    bool writable = false;   // the backend's "writable" result (read-only when absent)
    bool directory = false;  // the caller asked for folders
};

Result<std::vector<std::string>> uris_for_caller(const ChosenFiles& chosen, const Caller& caller,
                                                 documents::DocumentStore& store);

// The app's view of a document: file:///run/user/UID/doc/DOCID/NAME, escaped.
std::string document_uri(const std::string& doc_id, const std::string& name);

}  // namespace sandbox::portals
