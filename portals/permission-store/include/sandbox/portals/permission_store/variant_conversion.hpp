#pragma once

// The `data` of a permission entry crosses D-Bus as an sdbus::Variant and is stored as a
// GVariant; these convert one into the other value for value, type for type, so that what Set
// stored is what Lookup returns.

#include <sdbus-c++/sdbus-c++.h>

#include "sandbox/portals/permission_store/gvariant_ref.hpp"

namespace sandbox::portals {

// The value inside `value` (an a{sv} variant gives the a{sv} GVariant). Throws sdbus::Error
// InvalidArgument for what the store will not keep: file descriptors, an empty variant.
GVariantRef gvariant_from_sdbus(const sdbus::Variant& value);

// A variant holding `value`; a null `value` (an entry without data) gives the byte 0, as x-d-p's
// store answers. Throws sdbus::Error InvalidArgument for GVariant types D-Bus has no way to say
// (maybe types, handles).
sdbus::Variant sdbus_from_gvariant(const GVariantRef& value);

}  // namespace sandbox::portals
