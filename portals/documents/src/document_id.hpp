#pragma once

#include <string>

namespace sandbox::portals::documents {

// A fresh random id of 8 characters of [a-z0-9] (not checked for uniqueness).
std::string random_document_id();

}  // namespace sandbox::portals::documents
