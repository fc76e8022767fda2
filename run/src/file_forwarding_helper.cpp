#include "file_forwarding_helper.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>

#include "sibling_program.hpp"

namespace sandbox::run {
namespace {

constexpr const char* kHelper = "sandbox-file-forwarding";

// The helper's first call may start the portal (activation, its FUSE mount: 5 s at most there);
// each further file is one round trip.
constexpr std::chrono::milliseconds kFirstAnswerLimit{6000};
constexpr std::chrono::milliseconds kPerFileLimit{200};

std::vector<std::string> helper_argv(const std::string& session_bus, const std::string& app_id,
                                     const std::vector<ExportRequest>& requests) {
    std::vector<std::string> argv{sibling_program(kHelper), session_bus, app_id};
    for (const ExportRequest& request : requests) argv.push_back(export_spec(request));
    return argv;
}

// Runs in the forked child: the requests' fds inherited, stdout the pipe, stderr nowhere (the
// app's terminal is not the helper's).
int exec_helper(const std::vector<std::string>& argv, const std::vector<ExportRequest>& requests,
                int output) {
    const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (null < 0 || ::dup2(output, STDOUT_FILENO) < 0 || ::dup2(null, STDERR_FILENO) < 0) return 1;
    for (const ExportRequest& request : requests)
        if (::fcntl(request.fd, F_SETFD, 0) != 0) return 1;
    std::vector<char*> pointers;
    for (const std::string& arg : argv) pointers.push_back(const_cast<char*>(arg.c_str()));
    pointers.push_back(nullptr);
    ::execv(pointers.front(), pointers.data());
    return 127;
}

// Everything the pipe gives until EOF or the deadline.
std::string read_until(int fd, std::chrono::steady_clock::time_point deadline) {
    std::string text;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        pollfd ready{fd, POLLIN, 0};
        const int polled = left.count() > 0 ? ::poll(&ready, 1, static_cast<int>(left.count())) : 0;
        if (polled < 0 && errno == EINTR) continue;
        if (polled <= 0) return text;
        char buffer[4096];
        const ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return text;
        text.append(buffer, static_cast<std::size_t>(got));
    }
}

}  // namespace

ExportHelper::ExportHelper(ForkedChild child, UniqueFd output, std::size_t count)
    : child_(std::move(child)),
      output_(std::move(output)),
      count_(count),
      deadline_(std::chrono::steady_clock::now() + kFirstAnswerLimit +
                kPerFileLimit * static_cast<int>(count)) {}

std::optional<ExportHelper> ExportHelper::start(const std::string& session_bus,
                                                const std::string& app_id,
                                                const std::vector<ExportRequest>& requests) {
    int ends[2];
    if (::pipe2(ends, O_CLOEXEC) != 0) return std::nullopt;
    UniqueFd read_end(ends[0]);
    UniqueFd write_end(ends[1]);
    const std::vector<std::string> argv = helper_argv(session_bus, app_id, requests);
    auto child = ForkedChild::start([&] { return exec_helper(argv, requests, write_end.get()); });
    if (!child) return std::nullopt;
    return ExportHelper(std::move(*child), std::move(read_end), requests.size());
}

std::vector<ExportAnswer> ExportHelper::answers() {
    std::vector<ExportAnswer> answers = parse_answers(read_until(output_.get(), deadline_));
    if (!child_.wait(std::chrono::milliseconds(100))) child_.kill_and_reap();
    answers.resize(count_, {ExportAnswer::Kind::Failed, "the document portal did not answer"});
    return answers;
}

}  // namespace sandbox::run
