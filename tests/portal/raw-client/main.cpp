// portal-raw-client: one D-Bus connection on a raw socket, for tests that need bytes no D-Bus
// library would send (tests/portal/README.md).
//
//   portal-raw-client [OPTIONS] [call] DEST PATH IFACE MEMBER [SIGNATURE ARG…]
//                     [--next CALL-OPTIONS… DEST PATH IFACE MEMBER [SIGNATURE ARG…]]…
//
// Calls after --next are made one after the other on the same connection; a word @handle stands
// for the object path the last call returned. Options (before the first --next unless said):
//   --address=ADDR     the bus (default $DBUS_SESSION_BUS_ADDRESS; unix:path= only)
//   --auth-uid=N       claim uid N in AUTH EXTERNAL (default ours)
//   --sasl=TEXT        send TEXT instead of the handshake, without waiting for answers; '|' splits
//                      it into separate writes; escapes \r \n \t \0 \\ \xNN
//   --after-begin=TEXT bytes sent after BEGIN, before Hello (same escapes)
//   --one-write        the authentication, Hello and the calls in one write
//   --repeat=N         the (only) call N times, pipelined
// and per call (after its --next):
//   --fd=SPEC          an fd sent with the call (fd_specs.hpp); --fds=N: N of /dev/null
//   --header-fds=N     the UNIX_FDS header field (default: the number of fds sent)
//   --sender=NAME      a SENDER header field, as if the bus had set it
//   --wait-response    wait for Request::Response on the handle the call returned
//   --delay-ms=N       wait N ms before sending the call
//   --hold-ms=N        keep the connection N ms after the replies (prints "holding")
//   --timeout-ms=N     how long to wait for replies (default 30000)
// Prints key=value lines: unique-name=, then for each call "---", then reply=return + arg=… or
// reply=error + error= + message=, response=N; for --repeat a line per reply and returns=,
// errors=, unanswered=. Exit 0 all returned, 1 an error reply, 2 closed or unanswered, 3
// authentication refused, 64 usage, 70 failure.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <map>
#include <stdexcept>
#include <thread>

#include "body_args.hpp"
#include "connection.hpp"
#include "fd_specs.hpp"

namespace {

using namespace raw_dbus;
using std::chrono::milliseconds;

constexpr int kAllReturned = 0;
constexpr int kErrorReply = 1;
constexpr int kNoReply = 2;
constexpr int kAuthRefused = 3;
constexpr int kUsage = 64;
constexpr int kFailure = 70;
constexpr std::uint32_t kHelloSerial = 1;
constexpr auto kAuthTimeout = milliseconds(10000);
constexpr auto kPieceGap = milliseconds(50);

struct CallSpec {
    std::vector<std::string> words;  // DEST PATH IFACE MEMBER [SIGNATURE ARG…]
    std::vector<std::string> fd_specs;
    std::optional<std::uint32_t> header_fds;
    std::string sender;
    bool wait_response = false;
    unsigned delay_ms = 0;
};

struct Options {
    std::string address;
    std::optional<std::string> auth_uid;
    std::optional<std::string> sasl;
    std::string after_begin;
    bool one_write = false;
    unsigned repeat = 1;
    unsigned hold_ms = 0;
    milliseconds timeout{30000};
    std::vector<CallSpec> calls{1};
};

std::string unescaped(const std::string& text) {
    std::string bytes;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\\' || i + 1 == text.size()) {
            bytes += text[i];
            continue;
        }
        const char next = text[++i];
        if (next == 'r')
            bytes += '\r';
        else if (next == 'n')
            bytes += '\n';
        else if (next == 't')
            bytes += '\t';
        else if (next == '0')
            bytes += '\0';
        else if (next == 'x' && i + 2 < text.size() + 1) {
            bytes += static_cast<char>(std::stoul(text.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else
            bytes += next;
    }
    return bytes;
}

std::vector<std::string> pieces_of(const std::string& text) {
    std::vector<std::string> pieces;
    std::size_t start = 0;
    for (std::size_t bar = text.find('|'); bar != std::string::npos; bar = text.find('|', start)) {
        pieces.push_back(unescaped(text.substr(start, bar - start)));
        start = bar + 1;
    }
    pieces.push_back(unescaped(text.substr(start)));
    return pieces;
}

std::string hex_of(const std::string& text) {
    static const char* digits = "0123456789abcdef";
    std::string hex;
    for (unsigned char c : text) {
        hex += digits[c >> 4];
        hex += digits[c & 0xf];
    }
    return hex;
}

bool parse_call_option(const std::string& word, CallSpec& call) {
    auto value = [&](std::string_view name) { return word.substr(name.size()); };
    if (word.starts_with("--fd="))
        call.fd_specs.push_back(value("--fd="));
    else if (word.starts_with("--fds="))
        call.fd_specs.insert(call.fd_specs.end(), std::stoul(value("--fds=")), "null");
    else if (word.starts_with("--header-fds="))
        call.header_fds = std::stoul(value("--header-fds="));
    else if (word.starts_with("--sender="))
        call.sender = value("--sender=");
    else if (word == "--wait-response")
        call.wait_response = true;
    else if (word.starts_with("--delay-ms="))
        call.delay_ms = std::stoul(value("--delay-ms="));
    else
        return false;
    return true;
}

bool parse_global_option(const std::string& word, Options& options) {
    auto value = [&](std::string_view name) { return word.substr(name.size()); };
    if (word.starts_with("--address="))
        options.address = value("--address=");
    else if (word.starts_with("--auth-uid="))
        options.auth_uid = value("--auth-uid=");
    else if (word.starts_with("--sasl="))
        options.sasl = value("--sasl=");
    else if (word.starts_with("--after-begin="))
        options.after_begin = unescaped(value("--after-begin="));
    else if (word == "--one-write")
        options.one_write = true;
    else if (word.starts_with("--repeat="))
        options.repeat = std::stoul(value("--repeat="));
    else if (word.starts_with("--hold-ms="))
        options.hold_ms = std::stoul(value("--hold-ms="));
    else if (word.starts_with("--timeout-ms="))
        options.timeout = milliseconds(std::stoul(value("--timeout-ms=")));
    else
        return false;
    return true;
}

Options parse(int argc, char** argv) {
    Options options;
    if (const char* address = std::getenv("DBUS_SESSION_BUS_ADDRESS")) options.address = address;
    for (int i = 1; i < argc; ++i) {
        const std::string word = argv[i];
        if (word == "--next")
            options.calls.emplace_back();
        else if (parse_call_option(word, options.calls.back()))
            continue;
        else if (options.calls.size() == 1 && parse_global_option(word, options))
            continue;
        else if (word.starts_with("--"))
            throw std::invalid_argument("unknown option " + word);
        else
            options.calls.back().words.push_back(word);
    }
    for (CallSpec& call : options.calls) {
        if (!call.words.empty() && call.words.front() == "call")
            call.words.erase(call.words.begin());
        if (call.words.size() < 4)
            throw std::invalid_argument(
                "usage: portal-raw-client [OPTIONS] [call] DEST PATH "
                "IFACE MEMBER [SIGNATURE ARG…] [--next …]");
    }
    if (options.repeat == 0 || (options.repeat > 1 && options.calls.size() > 1))
        throw std::invalid_argument("--repeat is for a single call");
    return options;
}

std::string hello_message() {
    Message hello;
    hello.serial = kHelloSerial;
    hello.fields.destination = "org.freedesktop.DBus";
    hello.fields.path = "/org/freedesktop/DBus";
    hello.fields.interface = "org.freedesktop.DBus";
    hello.fields.member = "Hello";
    return encode(hello);
}

std::string call_message(const CallSpec& spec, std::uint32_t serial, std::size_t fd_count,
                         const std::string& last_handle) {
    std::vector<std::string> words = spec.words;
    for (std::string& word : words)
        if (word == "@handle") word = last_handle;
    // The header fields' words; the body's are expanded as they are marshalled.
    for (std::size_t i = 0; i < 4; ++i) words[i] = expand_repeats(words[i]);
    Message call;
    call.serial = serial;
    call.fields.destination = words[0];
    call.fields.path = words[1];
    call.fields.interface = words[2];
    call.fields.member = words[3];
    call.fields.sender = spec.sender;
    if (words.size() > 4) {
        call.fields.signature = words[4];
        call.body = marshal_body(words[4], {words.begin() + 5, words.end()});
    }
    const std::uint32_t fds = spec.header_fds.value_or(static_cast<std::uint32_t>(fd_count));
    if (fds > 0) call.fields.unix_fds = fds;
    return encode(call);
}

std::string handshake_text(const Options& options) {
    const std::string uid = options.auth_uid.value_or(std::to_string(::getuid()));
    return std::string("\0", 1) + "AUTH EXTERNAL " + hex_of(uid) + "\r\n";
}

// The usual handshake, answer by answer. False (after printing why) when refused.
bool authenticate(Connection& connection, const Options& options) {
    connection.send(handshake_text(options));
    std::optional<std::string> answer = connection.read_line(kAuthTimeout);
    if (!answer || !answer->starts_with("OK ")) {
        std::cout << "sasl=" << answer.value_or("(closed)") << "\n";
        return false;
    }
    connection.send("NEGOTIATE_UNIX_FD\r\n");
    answer = connection.read_line(kAuthTimeout);
    if (!answer || *answer != "AGREE_UNIX_FD") {
        std::cout << "sasl=" << answer.value_or("(closed)") << "\n";
        return false;
    }
    return connection.send("BEGIN\r\n" + options.after_begin);
}

void send_pieces(Connection& connection, const std::vector<std::string>& pieces) {
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        if (i > 0) std::this_thread::sleep_for(kPieceGap);
        connection.send(pieces[i]);
    }
}

struct Replies {
    std::map<std::uint32_t, Message> by_serial;
    std::vector<std::string> auth_lines;
    bool closed = false;
};

Replies collect_replies(Connection& connection, std::uint32_t first, std::uint32_t last,
                        milliseconds timeout) {
    Replies replies;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (replies.by_serial.size() < last - first + 1) {
        const auto left =
            std::chrono::duration_cast<milliseconds>(deadline - std::chrono::steady_clock::now());
        std::optional<Message> message =
            connection.read_message(std::max(left, milliseconds(1)), &replies.auth_lines);
        if (!message) {
            replies.closed = std::chrono::steady_clock::now() < deadline;
            break;
        }
        const std::optional<std::uint32_t> serial = message->fields.reply_serial;
        if (message->type == MessageType::Signal || !serial) continue;
        if (*serial >= first && *serial <= last) replies.by_serial.emplace(*serial, *message);
    }
    return replies;
}

std::string first_string(const Message& message) {
    const std::vector<std::string> values = simple_values(message.fields.signature, message.body);
    return values.empty() ? "" : values.front();
}

void print_reply(const Message& reply) {
    if (reply.type == MessageType::Error) {
        std::cout << "reply=error\nerror=" << reply.fields.error_name << "\n";
        std::cout << "message=" << first_string(reply) << "\n";
        return;
    }
    std::cout << "reply=return\nsignature=" << reply.fields.signature << "\n";
    for (const std::string& value : simple_values(reply.fields.signature, reply.body))
        std::cout << "arg=" << value << "\n";
}

std::optional<std::uint32_t> wait_for_response(Connection& connection, const std::string& handle,
                                               milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        const auto left =
            std::chrono::duration_cast<milliseconds>(deadline - std::chrono::steady_clock::now());
        std::optional<Message> message = connection.read_message(std::max(left, milliseconds(1)));
        if (!message) return std::nullopt;
        if (message->type == MessageType::Signal && message->fields.member == "Response" &&
            message->fields.path == handle) {
            const std::vector<std::string> values =
                simple_values(message->fields.signature, message->body);
            if (!values.empty()) return static_cast<std::uint32_t>(std::stoul(values.front()));
        }
    }
    return std::nullopt;
}

int report_many(const Replies& replies, unsigned expected) {
    unsigned returns = 0;
    unsigned errors = 0;
    for (const auto& [serial, reply] : replies.by_serial) {
        if (reply.type == MessageType::Error) {
            ++errors;
            std::cout << "error=" << reply.fields.error_name << "\n";
        } else {
            ++returns;
            std::cout << "return\n";
        }
    }
    std::cout << "returns=" << returns << "\nerrors=" << errors
              << "\nunanswered=" << expected - returns - errors << "\n";
    if (returns + errors < expected) return kNoReply;
    return errors > 0 ? kErrorReply : kAllReturned;
}

struct OpenFds {
    std::vector<sandbox::UniqueFd> keep_alive;
    std::vector<sandbox::UniqueFd> owned;
    std::vector<int> numbers;
};

void open_fds(const CallSpec& spec, OpenFds& fds) {
    for (const std::string& word : spec.fd_specs) {
        fds.owned.push_back(open_fd_spec(word, fds.keep_alive));
        fds.numbers.push_back(fds.owned.back().get());
    }
}

// Authentication and Hello: kAllReturned, or (after printing why) kAuthRefused or kNoReply.
int open_session(Connection& connection, const Options& options, const std::string& pipelined,
                 const std::vector<int>& fds) {
    std::string opening;
    if (options.sasl) {
        std::vector<std::string> pieces = pieces_of(*options.sasl);
        if (options.one_write) opening = pieces.back(), pieces.pop_back();
        send_pieces(connection, pieces);
    } else if (options.one_write) {
        opening = handshake_text(options) + "NEGOTIATE_UNIX_FD\r\nBEGIN\r\n" + options.after_begin;
    } else if (!authenticate(connection, options)) {
        return kAuthRefused;
    }
    if (options.one_write)
        connection.send(opening + hello_message() + pipelined, fds);
    else
        connection.send(hello_message());
    Replies hello = collect_replies(connection, kHelloSerial, kHelloSerial, options.timeout);
    for (const std::string& line : hello.auth_lines) std::cout << "sasl=" << line << "\n";
    if (hello.by_serial.empty()) {
        std::cout << "hello=" << (hello.closed ? "closed" : "unanswered") << "\n";
        return kNoReply;
    }
    const Message& welcome = hello.by_serial.begin()->second;
    if (welcome.type == MessageType::Error) {
        std::cout << "hello=error\nerror=" << welcome.fields.error_name << "\n";
        return kNoReply;
    }
    std::cout << "unique-name=" << first_string(welcome) << std::endl;
    return kAllReturned;
}

// One call's reply printed; its status, and the handle it returned in `handle`.
int report_one(Connection& connection, const Options& options, const CallSpec& spec,
               const Replies& replies, std::string& handle) {
    if (replies.by_serial.empty()) {
        std::cout << "reply=" << (replies.closed ? "closed" : "none") << "\n";
        return kNoReply;
    }
    const Message& reply = replies.by_serial.begin()->second;
    print_reply(reply);
    if (reply.type == MessageType::Error) return kErrorReply;
    if (reply.fields.signature == "o") handle = first_string(reply);
    if (spec.wait_response) {
        std::cout << "holding" << std::endl;
        const auto response = wait_for_response(connection, handle, options.timeout);
        std::cout << "response=" << (response ? std::to_string(*response) : "none") << "\n";
    }
    return kAllReturned;
}

int run(const Options& options) {
    Connection connection(options.address);
    OpenFds first_fds;
    open_fds(options.calls.front(), first_fds);
    std::uint32_t serial = kHelloSerial + 1;
    const std::uint32_t last_repeat = serial + options.repeat - 1;
    std::string pipelined;
    if (options.one_write)
        for (std::uint32_t s = serial; s <= last_repeat; ++s)
            pipelined += call_message(options.calls.front(), s, first_fds.numbers.size(), "");
    if (const int opened = open_session(connection, options, pipelined, first_fds.numbers);
        opened != kAllReturned)
        return opened;

    int status = kAllReturned;
    std::string handle;
    for (std::size_t index = 0; index < options.calls.size(); ++index) {
        const CallSpec& spec = options.calls[index];
        OpenFds later_fds;
        if (index > 0) open_fds(spec, later_fds);
        if (spec.delay_ms > 0) std::this_thread::sleep_for(milliseconds(spec.delay_ms));
        const std::vector<int>& fds = index == 0 ? first_fds.numbers : later_fds.numbers;
        const std::uint32_t first = serial;
        const std::uint32_t last = index == 0 ? last_repeat : serial;
        if (!options.one_write || index > 0)
            for (std::uint32_t s = first; s <= last; ++s)
                if (!connection.send(call_message(spec, s, fds.size(), handle), fds)) break;
        serial = last + 1;
        Replies replies = collect_replies(connection, first, last, options.timeout);
        std::cout << "---\n";
        const int call_status = options.repeat > 1
                                    ? report_many(replies, options.repeat)
                                    : report_one(connection, options, spec, replies, handle);
        status = std::max(status, call_status);
    }
    if (options.hold_ms > 0) {
        std::cout << "holding" << std::endl;
        std::this_thread::sleep_for(milliseconds(options.hold_ms));
    }
    std::cout.flush();
    return status;
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    try {
        options = parse(argc, argv);
    } catch (const std::exception& error) {
        std::cerr << error.what() << "\n";
        return kUsage;
    }
    try {
        return run(options);
    } catch (const std::exception& error) {
        std::cerr << "portal-raw-client: " << error.what() << "\n";
        return kFailure;
    }
}
