// libFuzzer target: the options a caller passes to FileChooser.OpenFile / SaveFile / SaveFiles
// (an a{sv} from a sandboxed app), and the results a backend sends back. The input is GVariant
// text ("{'accept_label': <'Open'>, 'filters': <[('Images', [(0, '*.png')])]>}"), parsed as a{sv}
// and carried into sdbus-c++ values as the bus would deliver them. The oracle: what reaches the
// backend holds only the keys the standard gives that method, each with its own type, unchanged;
// never handle_token; every string within kMaxLabelBytes; a current_filter one of the filters.
// What goes back to the caller holds only choices a(ss) and current_filter (sa(us)).
#include <glib.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>

#include "chooser_options.hpp"
#include "sandbox/portals/permission_store/variant_conversion.hpp"

namespace {

namespace portals = sandbox::portals;
using portals::ChooserMethod;
using Signatures = std::map<std::string, std::string>;

void check(bool condition) {
    if (!condition) std::abort();
}

// The xdg-desktop-portal documentation's keys and types for each method.
const Signatures& expected_signatures(ChooserMethod method) {
    static const Signatures open{{"accept_label", "s"},      {"modal", "b"},
                                 {"multiple", "b"},          {"directory", "b"},
                                 {"filters", "a(sa(us))"},   {"current_filter", "(sa(us))"},
                                 {"choices", "a(ssa(ss)s)"}, {"current_folder", "ay"}};
    static const Signatures save{{"accept_label", "s"},      {"modal", "b"},
                                 {"filters", "a(sa(us))"},   {"current_filter", "(sa(us))"},
                                 {"choices", "a(ssa(ss)s)"}, {"current_name", "s"},
                                 {"current_folder", "ay"},   {"current_file", "ay"}};
    static const Signatures save_files{{"accept_label", "s"},
                                       {"modal", "b"},
                                       {"choices", "a(ssa(ss)s)"},
                                       {"current_folder", "ay"},
                                       {"files", "aay"}};
    switch (method) {
        case ChooserMethod::OpenFile:
            return open;
        case ChooserMethod::SaveFile:
            return save;
        case ChooserMethod::SaveFiles:
            return save_files;
    }
    std::abort();
}

// Every string anywhere inside `value` fits a label; byte strings (paths) fit PATH_MAX.
bool strings_are_short(GVariant* value) {
    if (g_variant_is_of_type(value, G_VARIANT_TYPE_STRING)) {
        gsize length = 0;
        g_variant_get_string(value, &length);
        return length <= portals::kMaxLabelBytes;
    }
    if (g_variant_is_of_type(value, G_VARIANT_TYPE_BYTESTRING))
        return g_variant_get_size(value) <= 4096;
    if (!g_variant_is_container(value)) return true;
    const gsize children = g_variant_n_children(value);
    for (gsize i = 0; i < children; ++i) {
        GVariant* child = g_variant_get_child_value(value, i);
        const bool short_enough = strings_are_short(child);
        g_variant_unref(child);
        if (!short_enough) return false;
    }
    return true;
}

// `value` as a GVariant, to compare and walk it.
portals::GVariantRef as_gvariant(const sdbus::Variant& value) {
    return portals::gvariant_from_sdbus(value);
}

void check_current_filter(const portals::Options& forwarded) {
    auto current = forwarded.find("current_filter");
    auto filters = forwarded.find("filters");
    if (current == forwarded.end() || filters == forwarded.end()) return;
    portals::GVariantRef list = as_gvariant(filters->second);
    if (g_variant_n_children(list.get()) == 0) return;
    portals::GVariantRef chosen = as_gvariant(current->second);
    bool listed = false;
    for (gsize i = 0; i < g_variant_n_children(list.get()) && !listed; ++i) {
        GVariant* filter = g_variant_get_child_value(list.get(), i);
        listed = g_variant_equal(filter, chosen.get());
        g_variant_unref(filter);
    }
    check(listed);
}

void check_forwarded(const portals::Options& given, ChooserMethod method) {
    const Signatures& signatures = expected_signatures(method);
    auto forwarded = portals::backend_chooser_options(given, method);
    if (!forwarded) {
        check(!forwarded.error().message().empty());
        return;
    }
    for (const auto& [key, value] : *forwarded) {
        auto expected = signatures.find(key);
        check(expected != signatures.end());
        check(value.peekValueType() == expected->second);
        portals::GVariantRef converted = as_gvariant(value);
        check(strings_are_short(converted.get()));
        check(converted == as_gvariant(given.at(key)));
    }
    // A known key is kept or the whole call refused: nothing the caller asked for is lost
    // silently, and a wrong type is never passed over.
    for (const auto& [key, value] : given)
        check(!signatures.contains(key) || forwarded->contains(key));
    check_current_filter(*forwarded);
    // A function of the options alone.
    auto again = portals::backend_chooser_options(given, method);
    check(again && again->size() == forwarded->size());
}

void check_results(const portals::Options& backend_results) {
    const portals::Options results = portals::caller_chooser_results(backend_results);
    for (const auto& [key, value] : results) {
        check(key == "choices" || key == "current_filter");
        check(value.peekValueType() == (key == "choices" ? "a(ss)" : "(sa(us))"));
    }
}

std::optional<portals::Options> options_from_text(const std::uint8_t* data, std::size_t size) {
    const char* text = reinterpret_cast<const char*>(data);
    // GLib 2.74's parser builds string literals without checking them (a GLib critical, not
    // ours); a caller's strings arrive on the bus as valid UTF-8 anyway.
    if (!g_utf8_validate(text, static_cast<gssize>(size), nullptr)) return std::nullopt;
    GVariant* parsed = g_variant_parse(G_VARIANT_TYPE_VARDICT, text, text + size, nullptr, nullptr);
    if (parsed == nullptr) return std::nullopt;
    portals::GVariantRef dict = portals::GVariantRef::take(parsed);
    try {
        return portals::sdbus_from_gvariant(dict).get<portals::Options>();
    } catch (const sdbus::Error&) {
        return std::nullopt;  // a type D-Bus cannot carry (maybe, the empty tuple): never sent
    }
}

// A GLib critical means a value was used against its contract: make it a crash libFuzzer
// catches (GLib's own fatal path is a breakpoint trap, which it does not).
void abort_on_critical(const gchar* domain, GLogLevelFlags level, const gchar* message, gpointer) {
    g_log_default_handler(domain, level, message, nullptr);
    if ((level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR)) != 0) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    g_log_set_default_handler(abort_on_critical, nullptr);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::optional<portals::Options> options = options_from_text(data, size);
    if (!options) return 0;
    for (ChooserMethod method :
         {ChooserMethod::OpenFile, ChooserMethod::SaveFile, ChooserMethod::SaveFiles})
        check_forwarded(*options, method);
    check_results(*options);
    return 0;
}
