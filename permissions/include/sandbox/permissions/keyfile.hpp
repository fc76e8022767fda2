#pragma once

// GKeyFile, owned, and read with checks fit for untrusted files (app metadata comes from whoever
// published the app): NUL bytes and control characters are errors naming the key they are in,
// values must be UTF-8.

#include <glib.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/common/error.hpp"

namespace sandbox::permissions {

struct KeyFileUnref {
    void operator()(GKeyFile* keyfile) const { g_key_file_unref(keyfile); }
};
using KeyFile = std::unique_ptr<GKeyFile, KeyFileUnref>;

struct GErrorFree {
    void operator()(GError* error) const { g_error_free(error); }
};
using GErrorPtr = std::unique_ptr<GError, GErrorFree>;

// For the GError** out-parameter of GLib calls: `g_call(..., error.out())`.
class GErrorSlot {
  public:
    GError** out() { return &error_; }
    [[nodiscard]] bool is_set() const { return error_ != nullptr; }
    [[nodiscard]] std::string message() const { return error_ ? error_->message : ""; }
    [[nodiscard]] bool matches(GQuark domain, int code) const {
        return g_error_matches(error_, domain, code);
    }
    ~GErrorSlot() { GErrorPtr owned(error_); }

  private:
    GError* error_ = nullptr;
};

struct GFreeDeleter {
    void operator()(void* pointer) const { g_free(pointer); }
};
using GCharPtr = std::unique_ptr<char, GFreeDeleter>;

struct GStrvDeleter {
    void operator()(char** strings) const { g_strfreev(strings); }
};
using GStrvPtr = std::unique_ptr<char*, GStrvDeleter>;

KeyFile new_keyfile();

// Parses keyfile text from `source` (named in errors: "metadata of org.example.App").
Result<KeyFile> parse_keyfile(std::string_view data, std::string_view source);

std::string keyfile_to_text(GKeyFile* keyfile);

bool has_group(GKeyFile* keyfile, const char* group);
bool has_key(GKeyFile* keyfile, const char* group, const char* key);
std::vector<std::string> group_names(GKeyFile* keyfile);
std::vector<std::string> key_names(GKeyFile* keyfile, const char* group);

// A value, unescaped, checked to be UTF-8 without control characters.
Result<std::string> read_string(GKeyFile* keyfile, const char* group, const char* key,
                                std::string_view source);
Result<std::vector<std::string>> read_string_list(GKeyFile* keyfile, const char* group,
                                                  const char* key, std::string_view source);

}  // namespace sandbox::permissions
