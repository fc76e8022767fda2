#pragma once

// Owning handles for the GLib/GObject values libostree hands out (g_autoptr is C only), and the
// conversion of a GError into the project's one-line Error.

#include <gio/gio.h>
#include <glib.h>

#include <memory>
#include <string>

#include "sandbox/common/error.hpp"

namespace sandbox::store {

struct GObjectUnref {
    void operator()(gpointer object) const { g_object_unref(object); }
};
template <class T>
using GObjectPtr = std::unique_ptr<T, GObjectUnref>;

struct GVariantUnref {
    void operator()(GVariant* variant) const { g_variant_unref(variant); }
};
using GVariantPtr = std::unique_ptr<GVariant, GVariantUnref>;

struct GKeyFileFree {
    void operator()(GKeyFile* key_file) const { g_key_file_free(key_file); }
};
using GKeyFilePtr = std::unique_ptr<GKeyFile, GKeyFileFree>;

struct GHashTableUnref {
    void operator()(GHashTable* table) const { g_hash_table_unref(table); }
};
using GHashTablePtr = std::unique_ptr<GHashTable, GHashTableUnref>;

struct GBytesUnref {
    void operator()(GBytes* bytes) const { g_bytes_unref(bytes); }
};
using GBytesPtr = std::unique_ptr<GBytes, GBytesUnref>;

struct GFree {
    void operator()(gpointer memory) const { g_free(memory); }
};
using GCharPtr = std::unique_ptr<char, GFree>;

struct GStrvFree {
    void operator()(char** strings) const { g_strfreev(strings); }
};
using GStrvPtr = std::unique_ptr<char*, GStrvFree>;

// A GError** out-parameter that frees what it receives.
class GErrorSlot {
  public:
    GErrorSlot() = default;
    GErrorSlot(const GErrorSlot&) = delete;
    GErrorSlot& operator=(const GErrorSlot&) = delete;
    ~GErrorSlot() { g_clear_error(&error_); }

    GError** out() {
        g_clear_error(&error_);
        return &error_;
    }
    [[nodiscard]] const GError* get() const { return error_; }
    [[nodiscard]] std::string message() const {
        return error_ != nullptr ? error_->message : "unknown error";
    }
    [[nodiscard]] bool matches(GQuark domain, int code) const {
        return g_error_matches(error_, domain, code);
    }
    // "WHAT: MESSAGE", with the message's own line breaks folded so it stays one line.
    [[nodiscard]] Error to_error(const std::string& what) const;

  private:
    GError* error_ = nullptr;
};

// A floating GVariant made owned (g_variant_ref_sink).
inline GVariantPtr sink(GVariant* variant) {
    return GVariantPtr(g_variant_ref_sink(variant));
}

}  // namespace sandbox::store
