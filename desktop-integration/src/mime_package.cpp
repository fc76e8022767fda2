// MIME packages: an app may describe its own types and claim file names by glob, at the default
// weight; it may not claim content (<magic>, <treemagic>, <root-XML>) nor outrank the host's
// globs, which is how it would become the handler of text/plain or https (Flatpak's rule).
// The XML is read with GMarkup and written anew: nothing the parser did not understand passes.

#include <algorithm>
#include <array>

#include "glib_ptr.hpp"
#include "sandbox/exports/rewrite_files.hpp"

namespace sandbox::exports {
namespace {

constexpr std::string_view kNamespace = "http://www.freedesktop.org/standards/shared-mime-info";

struct KeptElement {
    std::string_view name;
    std::string_view attribute;  // the one attribute kept ("" for text elements)
};
constexpr std::array<KeptElement, 8> kKeptElements{{{"comment", ""},
                                                    {"acronym", ""},
                                                    {"expanded-acronym", ""},
                                                    {"glob", "pattern"},
                                                    {"sub-class-of", "type"},
                                                    {"alias", "type"},
                                                    {"icon", "name"},
                                                    {"generic-icon", "name"}}};

struct MimeWriter {
    std::string out;
    std::vector<std::string> warnings;
    int depth = 0;
    int skip_from = 0;  // depth of an element being skipped with its content; 0 when none
    const KeptElement* text_element = nullptr;
    std::string text;
    std::string language;
};

std::string escaped(std::string_view text) {
    GCharPtr escaped(g_markup_escape_text(text.data(), static_cast<gssize>(text.size())));
    return escaped.get();
}

const char* attribute(const gchar** names, const gchar** values, std::string_view wanted) {
    for (; *names != nullptr; ++names, ++values)
        if (wanted == *names) return *values;
    return nullptr;
}

bool is_media_type(std::string_view type) {
    const std::size_t slash = type.find('/');
    return slash != std::string_view::npos && slash > 0 && slash + 1 < type.size() &&
           type.size() < 256 && std::all_of(type.begin(), type.end(), [](char c) {
               return g_ascii_isalnum(c) || c == '/' || c == '-' || c == '+' || c == '.' ||
                      c == '_';
           });
}

void open_mime_type(MimeWriter& writer, const gchar** names, const gchar** values) {
    const char* type = attribute(names, values, "type");
    if (type == nullptr || !is_media_type(type)) {
        writer.warnings.push_back("a mime-type without a valid type dropped");
        writer.skip_from = writer.depth;
        return;
    }
    writer.out += "  <mime-type type=\"" + escaped(type) + "\">\n";
}

void open_child(MimeWriter& writer, std::string_view element, const gchar** names,
                const gchar** values) {
    const auto kept = std::find_if(kKeptElements.begin(), kKeptElements.end(),
                                   [&](const KeptElement& k) { return k.name == element; });
    if (kept == kKeptElements.end()) {
        writer.warnings.push_back("<" + std::string(element) + "> dropped");
        writer.skip_from = writer.depth;
        return;
    }
    if (kept->attribute.empty()) {
        writer.text_element = &*kept;
        writer.text.clear();
        const char* language = attribute(names, values, "xml:lang");
        writer.language = language != nullptr ? language : "";
        return;
    }
    const char* value = attribute(names, values, kept->attribute);
    if (value == nullptr || *value == '\0') return;
    writer.out += "    <" + std::string(element) + " " + std::string(kept->attribute) + "=\"" +
                  escaped(value) + "\"";
    if (element == "glob") writer.out += " weight=\"5\"";
    writer.out += "/>\n";
}

void on_start(GMarkupParseContext*, const gchar* element, const gchar** names, const gchar** values,
              gpointer data, GError** error) {
    auto& writer = *static_cast<MimeWriter*>(data);
    ++writer.depth;
    if (writer.skip_from != 0) return;
    const std::string_view name = element;
    if (writer.depth == 1) {
        if (name != "mime-info")
            g_set_error(error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT, "not mime-info");
        return;
    }
    if (writer.depth == 2 && name == "mime-type") return open_mime_type(writer, names, values);
    if (writer.depth == 3) return open_child(writer, name, names, values);
    writer.warnings.push_back("<" + std::string(name) + "> dropped");
    writer.skip_from = writer.depth;
}

void close_text_element(MimeWriter& writer) {
    const std::string element(writer.text_element->name);
    writer.out += "    <" + element;
    if (!writer.language.empty()) writer.out += " xml:lang=\"" + escaped(writer.language) + "\"";
    writer.out += ">" + escaped(writer.text) + "</" + element + ">\n";
    writer.text_element = nullptr;
}

void on_end(GMarkupParseContext*, const gchar*, gpointer data, GError**) {
    auto& writer = *static_cast<MimeWriter*>(data);
    if (writer.skip_from == writer.depth) {
        writer.skip_from = 0;
    } else if (writer.skip_from == 0 && writer.depth == 3 && writer.text_element != nullptr) {
        close_text_element(writer);
    } else if (writer.skip_from == 0 && writer.depth == 2) {
        writer.out += "  </mime-type>\n";
    }
    --writer.depth;
}

void on_text(GMarkupParseContext*, const gchar* text, gsize length, gpointer data, GError**) {
    auto& writer = *static_cast<MimeWriter*>(data);
    if (writer.skip_from == 0 && writer.text_element != nullptr) writer.text.append(text, length);
}

}  // namespace

Result<Rewritten> rewrite_mime_package(std::string_view content) {
    MimeWriter writer;
    writer.out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<mime-info xmlns=\"" +
                 std::string(kNamespace) + "\">\n";
    const GMarkupParser parser{on_start, on_end, on_text, nullptr, nullptr};
    GMarkupParseContext* context =
        g_markup_parse_context_new(&parser, G_MARKUP_PREFIX_ERROR_POSITION, &writer, nullptr);
    GError* error = nullptr;
    const bool parsed = g_markup_parse_context_parse(context, content.data(),
                                                     static_cast<gssize>(content.size()), &error) &&
                        g_markup_parse_context_end_parse(context, &error);
    g_markup_parse_context_free(context);
    if (!parsed) return usage_error("not a MIME package: " + take_message(error));
    writer.out += "</mime-info>\n";
    return Rewritten{std::move(writer.out), std::move(writer.warnings)};
}

}  // namespace sandbox::exports
