#include "sandbox/portals/permission_store/gvariant_ref.hpp"

#include <utility>

namespace sandbox::portals {

GVariantRef GVariantRef::take(GVariant* value) {
    if (value != nullptr && g_variant_is_floating(value)) g_variant_ref_sink(value);
    return GVariantRef(value);
}

GVariantRef::GVariantRef(const GVariantRef& other)
    : value_(other.value_ != nullptr ? g_variant_ref(other.value_) : nullptr) {}

GVariantRef& GVariantRef::operator=(const GVariantRef& other) {
    if (this != &other) *this = GVariantRef(other);
    return *this;
}

GVariantRef::GVariantRef(GVariantRef&& other) noexcept
    : value_(std::exchange(other.value_, nullptr)) {}

GVariantRef& GVariantRef::operator=(GVariantRef&& other) noexcept {
    if (this != &other) {
        if (value_ != nullptr) g_variant_unref(value_);
        value_ = std::exchange(other.value_, nullptr);
    }
    return *this;
}

GVariantRef::~GVariantRef() {
    if (value_ != nullptr) g_variant_unref(value_);
}

std::string GVariantRef::print() const {
    if (value_ == nullptr) return {};
    gchar* text = g_variant_print(value_, TRUE);
    std::string result(text);
    g_free(text);
    return result;
}

bool operator==(const GVariantRef& a, const GVariantRef& b) {
    if (a.value_ == nullptr || b.value_ == nullptr) return a.value_ == b.value_;
    return g_variant_equal(a.value_, b.value_);
}

}  // namespace sandbox::portals
