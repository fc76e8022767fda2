#include "script.hpp"

#include <cstdlib>
#include <memory>

namespace portal_test_backend {
namespace {

struct KeyFileDeleter {
    void operator()(GKeyFile* file) const { g_key_file_free(file); }
};
using KeyFile = std::unique_ptr<GKeyFile, KeyFileDeleter>;

// The value of `key` in "interface.method", else in "interface"; null when in neither.
char* lookup(GKeyFile* script, const std::string& interface, const std::string& method,
             const char* key) {
    const std::string specific = interface + "." + method;
    for (const std::string& group : {specific, interface})
        if (char* value = g_key_file_get_value(script, group.c_str(), key, nullptr)) return value;
    return nullptr;
}

std::string text_of(GKeyFile* script, const std::string& interface, const std::string& method,
                    const char* key) {
    char* value = lookup(script, interface, method, key);
    std::string text = value != nullptr ? value : "";
    g_free(value);
    return text;
}

bool has(GKeyFile* script, const std::string& interface, const std::string& method,
         const char* key) {
    char* value = lookup(script, interface, method, key);
    g_free(value);
    return value != nullptr;
}

// GVariant text of `type`, or a problem.
GVariant* parse_variant(const std::string& text, const char* type, std::string& problem) {
    GError* error = nullptr;
    GVariant* value = g_variant_parse(G_VARIANT_TYPE(type), text.c_str(), nullptr, nullptr, &error);
    if (value == nullptr) {
        problem = std::string("cannot parse ") + type + " '" + text + "': " + error->message;
        g_error_free(error);
    }
    return value;
}

void add_variant_key(GVariantDict* results, GKeyFile* script, const std::string& interface,
                     const std::string& method, const char* key, const char* type,
                     std::string& problem) {
    if (!has(script, interface, method, key)) return;
    if (GVariant* value = parse_variant(text_of(script, interface, method, key), type, problem))
        g_variant_dict_insert_value(results, key, value);
}

void add_file_chooser_results(GVariantDict* results, GKeyFile* script, const std::string& method,
                              std::string& problem) {
    const std::string interface = "FileChooser";
    if (has(script, interface, method, "uris")) {
        const std::string group =
            g_key_file_has_key(script, (interface + "." + method).c_str(), "uris", nullptr)
                ? interface + "." + method
                : interface;
        gchar** uris = g_key_file_get_string_list(script, group.c_str(), "uris", nullptr, nullptr);
        g_variant_dict_insert_value(results, "uris",
                                    g_variant_new_strv(uris, uris != nullptr ? -1 : 0));
        g_strfreev(uris);
    }
    if (has(script, interface, method, "writable"))
        g_variant_dict_insert(results, "writable", "b",
                              text_of(script, interface, method, "writable") == "true");
    add_variant_key(results, script, interface, method, "choices", "a(ss)", problem);
    add_variant_key(results, script, interface, method, "current_filter", "(sa(us))", problem);
}

KeyFile load_script(std::string& problem) {
    const char* path = std::getenv("SANDBOX_TEST_BACKEND_SCRIPT");
    KeyFile script(g_key_file_new());
    if (path == nullptr || *path == '\0') return script;  // no script: defaults
    GError* error = nullptr;
    if (!g_key_file_load_from_file(script.get(), path, G_KEY_FILE_NONE, &error)) {
        // A test that has not written one yet gets the defaults.
        if (!g_error_matches(error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
            problem = std::string("script ") + path + ": " + error->message;
        g_error_free(error);
    }
    return script;
}

}  // namespace

ScriptedReply scripted_reply(const std::string& interface, const std::string& method) {
    ScriptedReply reply;
    KeyFile script = load_script(reply.problem);
    GKeyFile* keys = script.get();
    if (has(keys, interface, method, "response"))
        reply.response = static_cast<guint32>(
            std::strtoul(text_of(keys, interface, method, "response").c_str(), nullptr, 10));
    if (has(keys, interface, method, "delay"))
        reply.delay_ms = static_cast<guint>(
            std::strtoul(text_of(keys, interface, method, "delay").c_str(), nullptr, 10));

    GVariantDict results;
    GVariant* base = nullptr;
    if (has(keys, interface, method, "results"))
        base = parse_variant(text_of(keys, interface, method, "results"), "a{sv}", reply.problem);
    g_variant_dict_init(&results, base);
    if (base != nullptr) g_variant_unref(base);

    if (interface == "FileChooser") add_file_chooser_results(&results, keys, method, reply.problem);
    if (interface == "AppChooser" && has(keys, interface, method, "choice"))
        g_variant_dict_insert(&results, "choice", "s",
                              text_of(keys, interface, method, "choice").c_str());
    if (interface == "Access")
        add_variant_key(&results, keys, interface, method, "choices", "a(ss)", reply.problem);
    reply.results = g_variant_ref_sink(g_variant_dict_end(&results));
    return reply;
}

}  // namespace portal_test_backend
