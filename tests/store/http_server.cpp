#include "http_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <stdexcept>
#include <thread>

#include "sandbox/common/fd.hpp"

namespace sandbox::test::store {
namespace {

constexpr auto kStartDeadline = std::chrono::seconds(20);

sockaddr_in loopback(int port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

// A port the kernel just gave us and took back; free unless something grabs it meanwhile.
int free_port() {
    UniqueFd fd(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_in address = loopback(0);
    socklen_t length = sizeof address;
    if (!fd || bind(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        getsockname(fd.get(), reinterpret_cast<sockaddr*>(&address), &length) != 0)
        throw std::runtime_error("cannot find a free port on 127.0.0.1");
    return ntohs(address.sin_port);
}

bool accepts_connections(int port) {
    UniqueFd fd(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_in address = loopback(port);
    return fd && connect(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
}

// python3 -c SCRIPT ROOT PORT STALL: http.server's file handler, threaded, whose requests for
// paths under `STALL` (all of them for "/") sleep instead of being answered.
constexpr const char* kServerScript = R"(
import functools, http.server, sys, time
root, port, stall = sys.argv[1], int(sys.argv[2]), sys.argv[3]
class Handler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):
        if stall and self.path.startswith(stall):
            time.sleep(3600)
        super().do_GET()
handler = functools.partial(Handler, directory=root)
http.server.ThreadingHTTPServer(("127.0.0.1", port), handler).serve_forever()
)";

std::string stalled_prefix(HttpServer::Stall stall) {
    switch (stall) {
        case HttpServer::Stall::Never:
            break;
        case HttpServer::Stall::Always:
            return "/";
        case HttpServer::Stall::OnObjectFiles:
            return "/objects/";
    }
    return "";
}

}  // namespace

HttpServer::HttpServer(const std::filesystem::path& root, Stall stall) : port_(free_port()) {
    CommandOptions options;
    options.timeout = std::chrono::hours(1);
    process_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{"/usr/bin/python3", "-c", kServerScript, root.string(),
                                 std::to_string(port_), stalled_prefix(stall)},
        options);
    auto deadline = std::chrono::steady_clock::now() + kStartDeadline;
    while (!accepts_connections(port_)) {
        if (std::chrono::steady_clock::now() > deadline)
            throw std::runtime_error("python3 -m http.server did not start on port " +
                                     std::to_string(port_));
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

HttpServer::~HttpServer() {
    stop();
}

void HttpServer::stop() {
    if (!process_) return;
    process_->signal(SIGKILL);
    process_->finish(std::chrono::seconds(10));
    process_.reset();
}

}  // namespace sandbox::test::store
