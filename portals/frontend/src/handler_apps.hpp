#pragma once

// The host's handlers for a content type, as its desktop files and mimeapps.list register them
// (GIO reads them), and launching one on the host with a URI.

#include <optional>
#include <string>
#include <vector>

#include "sandbox/common/error.hpp"

namespace sandbox::portals {

struct Handlers {
    std::vector<std::string> ids;  // desktop ids without ".desktop"
    std::optional<std::string> default_id;
};

Handlers handlers_for(const std::string& content_type);

// Starts `handler_id` with `uri`; `activation_token` (may be empty) goes to it as
// XDG_ACTIVATION_TOKEN, as the standard asks.
Status launch_handler(const std::string& handler_id, const std::string& uri,
                      const std::string& activation_token);

// The content type of the file behind `fd` (named `name`), from its name and first bytes.
std::string content_type_of(int fd, const std::string& name);

}  // namespace sandbox::portals
