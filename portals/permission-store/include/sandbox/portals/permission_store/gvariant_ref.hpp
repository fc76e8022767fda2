#pragma once

// A shared reference to an immutable GVariant: the `data` of a permission entry.

#include <glib.h>

#include <string>

namespace sandbox::portals {

class GVariantRef {
  public:
    GVariantRef() = default;
    // Takes the caller's reference (a floating one is sunk first). Null stays null.
    static GVariantRef take(GVariant* value);
    GVariantRef(const GVariantRef& other);
    GVariantRef& operator=(const GVariantRef& other);
    GVariantRef(GVariantRef&& other) noexcept;
    GVariantRef& operator=(GVariantRef&& other) noexcept;
    ~GVariantRef();

    [[nodiscard]] GVariant* get() const { return value_; }
    explicit operator bool() const { return value_ != nullptr; }
    // GVariant text with type annotations ("<@a{sv} {}>"), "" when null.
    [[nodiscard]] std::string print() const;

    friend bool operator==(const GVariantRef& a, const GVariantRef& b);

  private:
    explicit GVariantRef(GVariant* value) : value_(value) {}
    GVariant* value_ = nullptr;
};

}  // namespace sandbox::portals
