#include "wire.hpp"

#include <stdexcept>

namespace raw_dbus {
namespace {

enum FieldCode : std::uint8_t {
    kPath = 1,
    kInterface = 2,
    kMember = 3,
    kErrorName = 4,
    kReplySerial = 5,
    kDestination = 6,
    kSender = 7,
    kSignature = 8,
    kUnixFds = 9,
};

constexpr std::size_t kFixedHeader = 16;

void string_field(Writer& writer, FieldCode code, char type, const std::string& value) {
    if (value.empty()) return;
    writer.align(8);
    writer.byte(code);
    writer.signature(std::string(1, type));
    if (type == 'g')
        writer.signature(value);
    else
        writer.string(value);
}

void u32_field(Writer& writer, FieldCode code, std::optional<std::uint32_t> value) {
    if (!value) return;
    writer.align(8);
    writer.byte(code);
    writer.signature("u");
    writer.u32(*value);
}

void read_field(Reader& reader, HeaderFields& fields) {
    reader.align(8);
    const std::uint8_t code = reader.byte();
    const std::string type = reader.signature();
    if (type == "u") {
        const std::uint32_t value = reader.u32();
        if (code == kReplySerial) fields.reply_serial = value;
        if (code == kUnixFds) fields.unix_fds = value;
        return;
    }
    if (type != "s" && type != "o" && type != "g")
        throw std::runtime_error("header field of type " + type);
    const std::string value = type == "g" ? reader.signature() : reader.string();
    switch (code) {
        case kPath:
            fields.path = value;
            break;
        case kInterface:
            fields.interface = value;
            break;
        case kMember:
            fields.member = value;
            break;
        case kErrorName:
            fields.error_name = value;
            break;
        case kDestination:
            fields.destination = value;
            break;
        case kSender:
            fields.sender = value;
            break;
        case kSignature:
            fields.signature = value;
            break;
        default:
            break;
    }
}

std::uint32_t little_endian_u32(std::string_view bytes, std::size_t at) {
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < 4; ++i)
        value |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + i])) << (8 * i);
    return value;
}

std::size_t padded(std::size_t size, std::size_t boundary) {
    return (size + boundary - 1) / boundary * boundary;
}

}  // namespace

void Writer::align(std::size_t boundary) {
    data_.resize(padded(data_.size(), boundary), '\0');
}

void Writer::byte(std::uint8_t value) {
    data_.push_back(static_cast<char>(value));
}

void Writer::boolean(bool value) {
    u32(value ? 1 : 0);
}

void Writer::u32(std::uint32_t value) {
    align(4);
    for (int i = 0; i < 4; ++i) data_.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

void Writer::string(std::string_view text) {
    u32(static_cast<std::uint32_t>(text.size()));
    data_.append(text);
    data_.push_back('\0');
}

void Writer::signature(std::string_view text) {
    byte(static_cast<std::uint8_t>(text.size()));
    data_.append(text);
    data_.push_back('\0');
}

Writer::ArrayStart Writer::begin_array(std::size_t element_alignment) {
    u32(0);
    const std::size_t length_at = data_.size() - 4;
    align(element_alignment);
    return {length_at, data_.size()};
}

void Writer::end_array(const ArrayStart& start) {
    const auto length = static_cast<std::uint32_t>(data_.size() - start.elements_at);
    for (int i = 0; i < 4; ++i)
        data_[start.length_at + i] = static_cast<char>((length >> (8 * i)) & 0xff);
}

void Reader::need(std::size_t count) const {
    if (position_ + count > data_.size()) throw std::runtime_error("message ends too soon");
}

void Reader::align(std::size_t boundary) {
    position_ = padded(position_, boundary);
}

std::uint8_t Reader::byte() {
    need(1);
    return static_cast<std::uint8_t>(data_[position_++]);
}

std::uint32_t Reader::u32() {
    align(4);
    need(4);
    const std::uint32_t value = little_endian_u32(data_, position_);
    position_ += 4;
    return value;
}

std::string Reader::string() {
    const std::uint32_t length = u32();
    need(std::size_t{length} + 1);
    std::string text(data_.substr(position_, length));
    position_ += std::size_t{length} + 1;
    return text;
}

std::string Reader::signature() {
    const std::uint8_t length = byte();
    need(std::size_t{length} + 1);
    std::string text(data_.substr(position_, length));
    position_ += std::size_t{length} + 1;
    return text;
}

std::string encode(const Message& message) {
    Writer header;
    header.byte('l');
    header.byte(static_cast<std::uint8_t>(message.type));
    header.byte(message.flags);
    header.byte(1);
    header.u32(static_cast<std::uint32_t>(message.body.size()));
    header.u32(message.serial);
    const Writer::ArrayStart fields = header.begin_array(8);
    const HeaderFields& f = message.fields;
    string_field(header, kPath, 'o', f.path);
    string_field(header, kInterface, 's', f.interface);
    string_field(header, kMember, 's', f.member);
    string_field(header, kErrorName, 's', f.error_name);
    u32_field(header, kReplySerial, f.reply_serial);
    string_field(header, kDestination, 's', f.destination);
    string_field(header, kSender, 's', f.sender);
    string_field(header, kSignature, 'g', f.signature);
    u32_field(header, kUnixFds, f.unix_fds);
    header.end_array(fields);
    header.align(8);
    return header.data() + message.body;
}

std::size_t encoded_size(std::string_view first_16_bytes) {
    if (first_16_bytes.size() < kFixedHeader || first_16_bytes[0] != 'l')
        throw std::runtime_error("not a little-endian message");
    const std::size_t body = little_endian_u32(first_16_bytes, 4);
    const std::size_t fields = little_endian_u32(first_16_bytes, 12);
    return padded(kFixedHeader + fields, 8) + body;
}

Message decode(std::string_view data) {
    Message message;
    Reader reader(data);
    reader.byte();
    message.type = static_cast<MessageType>(reader.byte());
    message.flags = reader.byte();
    reader.byte();
    const std::uint32_t body_size = reader.u32();
    message.serial = reader.u32();
    const std::uint32_t fields_size = reader.u32();
    const std::size_t fields_end = kFixedHeader + fields_size;
    while (reader.position() < fields_end) read_field(reader, message.fields);
    const std::size_t body_at = padded(fields_end, 8);
    if (body_at + body_size > data.size()) throw std::runtime_error("body ends too soon");
    message.body = std::string(data.substr(body_at, body_size));
    return message;
}

std::vector<std::string> simple_values(const std::string& signature, const std::string& body) {
    std::vector<std::string> values;
    Reader reader(body);
    try {
        for (char type : signature) {
            if (type == 's' || type == 'o')
                values.push_back(reader.string());
            else if (type == 'g')
                values.push_back(reader.signature());
            else if (type == 'u' || type == 'h')
                values.push_back(std::to_string(reader.u32()));
            else if (type == 'b')
                values.push_back(reader.u32() != 0 ? "true" : "false");
            else
                break;
        }
    } catch (const std::runtime_error&) {
        values.push_back("(malformed)");
    }
    return values;
}

}  // namespace raw_dbus
