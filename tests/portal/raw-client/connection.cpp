#include "connection.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace raw_dbus {
namespace {

constexpr std::size_t kFixedHeader = 16;
constexpr std::size_t kMaxFdsPerMessage = 253;

std::string socket_path_of(const std::string& address) {
    constexpr std::string_view kPath = "unix:path=";
    const std::size_t at = address.find(kPath);
    if (at == std::string::npos) throw std::runtime_error("no unix:path= in " + address);
    const std::size_t start = at + kPath.size();
    const std::size_t end = address.find_first_of(",;", start);
    return address.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

void close_received_fds(msghdr& message) {
    for (cmsghdr* control = CMSG_FIRSTHDR(&message); control != nullptr;
         control = CMSG_NXTHDR(&message, control)) {
        if (control->cmsg_level != SOL_SOCKET || control->cmsg_type != SCM_RIGHTS) continue;
        const std::size_t count = (control->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (std::size_t i = 0; i < count; ++i) {
            int fd;
            std::memcpy(&fd, CMSG_DATA(control) + i * sizeof(int), sizeof(int));
            ::close(fd);
        }
    }
}

}  // namespace

Connection::Connection(const std::string& address) {
    const std::string path = socket_path_of(address);
    sockaddr_un socket_address{};
    socket_address.sun_family = AF_UNIX;
    if (path.size() >= sizeof(socket_address.sun_path))
        throw std::runtime_error("socket path too long: " + path);
    std::memcpy(socket_address.sun_path, path.c_str(), path.size() + 1);
    socket_.reset(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!socket_ || ::connect(socket_.get(), reinterpret_cast<sockaddr*>(&socket_address),
                              sizeof(socket_address)) != 0)
        throw std::runtime_error("connect " + path + ": " + std::strerror(errno));
}

bool Connection::send(const std::string& bytes, const std::vector<int>& fds) {
    if (fds.size() > kMaxFdsPerMessage) throw std::runtime_error("too many fds");
    std::size_t sent = 0;
    bool fds_sent = fds.empty();
    while (sent < bytes.size() || !fds_sent) {
        iovec chunk{const_cast<char*>(bytes.data()) + sent, bytes.size() - sent};
        msghdr message{};
        message.msg_iov = &chunk;
        message.msg_iovlen = 1;
        alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * kMaxFdsPerMessage)];
        if (!fds_sent) {
            message.msg_control = control;
            message.msg_controllen = CMSG_SPACE(sizeof(int) * fds.size());
            cmsghdr* header = CMSG_FIRSTHDR(&message);
            header->cmsg_level = SOL_SOCKET;
            header->cmsg_type = SCM_RIGHTS;
            header->cmsg_len = CMSG_LEN(sizeof(int) * fds.size());
            std::memcpy(CMSG_DATA(header), fds.data(), sizeof(int) * fds.size());
        }
        const ssize_t count = ::sendmsg(socket_.get(), &message, MSG_NOSIGNAL);
        if (count < 0 && errno == EINTR) continue;
        if (count < 0) return false;
        sent += static_cast<std::size_t>(count);
        fds_sent = true;
    }
    return true;
}

bool Connection::fill(std::chrono::steady_clock::time_point deadline) {
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        pollfd ready{socket_.get(), POLLIN, 0};
        const int polled = ::poll(&ready, 1, static_cast<int>(left.count()));
        if (polled < 0 && errno == EINTR) continue;
        if (polled <= 0) return false;
        char buffer[65536];
        iovec chunk{buffer, sizeof(buffer)};
        alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * kMaxFdsPerMessage)];
        msghdr message{};
        message.msg_iov = &chunk;
        message.msg_iovlen = 1;
        message.msg_control = control;
        message.msg_controllen = sizeof(control);
        const ssize_t count = ::recvmsg(socket_.get(), &message, MSG_CMSG_CLOEXEC);
        if (count < 0 && errno == EINTR) continue;
        if (count <= 0) return false;
        close_received_fds(message);
        inbox_.append(buffer, static_cast<std::size_t>(count));
        return true;
    }
}

std::optional<std::string> Connection::read_line(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const std::size_t end = inbox_.find("\r\n");
        if (end != std::string::npos) {
            std::string line = inbox_.substr(0, end);
            inbox_.erase(0, end + 2);
            return line;
        }
        if (!fill(deadline)) return std::nullopt;
    }
}

std::optional<Message> Connection::read_message(std::chrono::milliseconds timeout,
                                                std::vector<std::string>* skipped) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (inbox_.empty() || inbox_[0] != 'l') {
        if (!inbox_.empty() && inbox_[0] != 'l' && inbox_.find("\r\n") != std::string::npos) {
            std::optional<std::string> line = read_line(timeout);
            if (skipped != nullptr) skipped->push_back(*line);
            continue;
        }
        if (!fill(deadline)) return std::nullopt;
    }
    while (inbox_.size() < kFixedHeader)
        if (!fill(deadline)) return std::nullopt;
    const std::size_t size = encoded_size(std::string_view(inbox_).substr(0, kFixedHeader));
    while (inbox_.size() < size)
        if (!fill(deadline)) return std::nullopt;
    Message message = decode(std::string_view(inbox_).substr(0, size));
    inbox_.erase(0, size);
    return message;
}

}  // namespace raw_dbus
