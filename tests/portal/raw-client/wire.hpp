#pragma once

// The D-Bus wire format, little-endian, by hand: enough to write method calls whose every byte the
// caller chooses and to read any message's header and the simple values of its body.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace raw_dbus {

enum class MessageType : std::uint8_t { MethodCall = 1, MethodReturn = 2, Error = 3, Signal = 4 };

// Appends values with the alignment the spec asks for, counted from the buffer's start (a body
// starts 8-aligned in its message, so a body written alone is aligned the same).
class Writer {
  public:
    struct ArrayStart {
        std::size_t length_at;
        std::size_t elements_at;
    };

    void align(std::size_t boundary);
    void byte(std::uint8_t value);
    void boolean(bool value);
    void u32(std::uint32_t value);
    void string(std::string_view text);     // s, o
    void signature(std::string_view text);  // g
    ArrayStart begin_array(std::size_t element_alignment);
    void end_array(const ArrayStart& start);
    void raw(std::string_view bytes) { data_.append(bytes); }
    [[nodiscard]] const std::string& data() const { return data_; }

  private:
    std::string data_;
};

// Reads values from a message or body; throws std::runtime_error past its end.
class Reader {
  public:
    explicit Reader(std::string_view data, std::size_t position = 0)
        : data_(data), position_(position) {}
    void align(std::size_t boundary);
    std::uint8_t byte();
    std::uint32_t u32();
    std::string string();
    std::string signature();
    [[nodiscard]] std::size_t position() const { return position_; }
    [[nodiscard]] bool at_end() const { return position_ >= data_.size(); }

  private:
    void need(std::size_t count) const;

    std::string_view data_;
    std::size_t position_;
};

struct HeaderFields {
    std::string path;
    std::string interface;
    std::string member;
    std::string error_name;
    std::string destination;
    std::string sender;
    std::string signature;
    std::optional<std::uint32_t> reply_serial;
    std::optional<std::uint32_t> unix_fds;
};

struct Message {
    MessageType type = MessageType::MethodCall;
    std::uint8_t flags = 0;
    std::uint32_t serial = 0;
    HeaderFields fields;
    std::string body;
};

std::string encode(const Message& message);
// The whole size of the message starting at `data` once its first 16 bytes are there.
std::size_t encoded_size(std::string_view first_16_bytes);
Message decode(std::string_view data);

// The body's leading values of basic types as text, one per value, until a container or the end.
std::vector<std::string> simple_values(const std::string& signature, const std::string& body);

}  // namespace raw_dbus
