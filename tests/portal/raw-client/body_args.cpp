#include "body_args.hpp"

#include <stdexcept>

#include "wire.hpp"

namespace raw_dbus {

std::string expand_repeats(const std::string& word) {
    constexpr std::string_view kRepeat = "@repeat:";
    const std::size_t at = word.find(kRepeat);
    if (at == std::string::npos) return word;
    const std::size_t count_at = at + kRepeat.size();
    const std::size_t colon = word.find(':', count_at);
    if (colon == std::string::npos) throw std::invalid_argument("@repeat:N:TEXT: " + word);
    const std::size_t count = std::stoul(word.substr(count_at, colon - count_at));
    const std::string unit = word.substr(colon + 1);
    std::string text = word.substr(0, at);
    text.reserve(count * unit.size());
    for (std::size_t i = 0; i < count; ++i) text += unit;
    return text;
}

namespace {

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    if (text.empty()) return parts;
    std::size_t start = 0;
    for (std::size_t at = text.find(separator); at != std::string::npos;
         at = text.find(separator, start)) {
        parts.push_back(text.substr(start, at - start));
        start = at + 1;
    }
    parts.push_back(text.substr(start));
    return parts;
}

bool parse_boolean(const std::string& word) {
    if (word == "true") return true;
    if (word == "false") return false;
    throw std::invalid_argument("not a boolean: " + word);
}

void write_value(Writer& writer, const std::string& type, const std::string& word);

void write_byte_array(Writer& writer, const std::string& bytes) {
    const Writer::ArrayStart start = writer.begin_array(1);
    writer.raw(bytes);
    writer.end_array(start);
}

void write_string_array(Writer& writer, const std::string& word) {
    const Writer::ArrayStart start = writer.begin_array(4);
    for (const std::string& item : split(word, ',')) writer.string(expand_repeats(item));
    writer.end_array(start);
}

void write_vardict(Writer& writer, const std::string& word) {
    const Writer::ArrayStart start = writer.begin_array(8);
    for (const std::string& entry : split(word, ',')) {
        const std::size_t equals = entry.find('=');
        const std::size_t colon = entry.find(':', equals);
        if (equals == std::string::npos || colon == std::string::npos)
            throw std::invalid_argument("a{sv} entry is KEY=T:VALUE: " + entry);
        const std::string type = entry.substr(equals + 1, colon - equals - 1);
        writer.align(8);
        writer.string(expand_repeats(entry.substr(0, equals)));
        writer.signature(type);
        write_value(writer, type, entry.substr(colon + 1));
    }
    writer.end_array(start);
}

void write_value(Writer& writer, const std::string& type, const std::string& word) {
    if (type == "y")
        writer.byte(static_cast<std::uint8_t>(std::stoul(word)));
    else if (type == "b")
        writer.boolean(parse_boolean(word));
    else if (type == "u" || type == "h")
        writer.u32(static_cast<std::uint32_t>(std::stoul(word)));
    else if (type == "s" || type == "o")
        writer.string(expand_repeats(word));
    else if (type == "g")
        writer.signature(expand_repeats(word));
    else if (type == "ay")
        write_byte_array(writer, expand_repeats(word));
    else if (type == "as")
        write_string_array(writer, word);
    else if (type == "a{sv}")
        write_vardict(writer, word);
    else
        throw std::invalid_argument("type not supported: " + type);
}

std::size_t complete_type_end(const std::string& signature, std::size_t at) {
    if (at >= signature.size()) throw std::invalid_argument("signature ends early: " + signature);
    const char first = signature[at];
    if (first == 'a') return complete_type_end(signature, at + 1);
    if (first != '{' && first != '(') return at + 1;
    const char closing = first == '{' ? '}' : ')';
    std::size_t next = at + 1;
    while (next < signature.size() && signature[next] != closing)
        next = complete_type_end(signature, next);
    if (next >= signature.size()) throw std::invalid_argument("unclosed in " + signature);
    return next + 1;
}

}  // namespace

std::vector<std::string> complete_types(const std::string& signature) {
    std::vector<std::string> types;
    for (std::size_t at = 0; at < signature.size();) {
        const std::size_t end = complete_type_end(signature, at);
        types.push_back(signature.substr(at, end - at));
        at = end;
    }
    return types;
}

std::string marshal_body(const std::string& signature, const std::vector<std::string>& args) {
    const std::vector<std::string> types = complete_types(signature);
    if (types.size() != args.size())
        throw std::invalid_argument("signature " + signature + " needs " +
                                    std::to_string(types.size()) + " arguments");
    Writer writer;
    for (std::size_t i = 0; i < types.size(); ++i) write_value(writer, types[i], args[i]);
    return writer.data();
}

}  // namespace raw_dbus
