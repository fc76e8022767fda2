#include "clipboard_workers.hpp"

#include <signal.h>

#include <algorithm>

namespace sandbox::portals {
namespace {

void block_sigpipe_in_this_thread() {
    sigset_t pipe_only;
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_only, nullptr);
}

}  // namespace

ClipboardWorkers::~ClipboardWorkers() {
    std::vector<Worker> workers;
    {
        std::lock_guard lock(mutex_);
        workers.swap(workers_);
    }
    for (auto& worker : workers) worker.thread.request_stop();
    // The jthreads join as `workers` goes away.
}

bool ClipboardWorkers::try_start(std::function<void(std::stop_token)> job) {
    std::lock_guard lock(mutex_);
    join_finished();
    if (workers_.size() >= max_running_) return false;
    auto done = std::make_shared<std::atomic<bool>>(false);
    workers_.push_back(Worker{std::jthread([job = std::move(job), done](std::stop_token stop) {
                                  block_sigpipe_in_this_thread();
                                  try {
                                      job(stop);
                                  } catch (...) {
                                      // A reply that could not be sent: the caller left.
                                  }
                                  done->store(true);
                              }),
                              done});
    return true;
}

std::size_t ClipboardWorkers::running() {
    std::lock_guard lock(mutex_);
    join_finished();
    return workers_.size();
}

void ClipboardWorkers::join_finished() {
    std::erase_if(workers_, [](const Worker& worker) { return worker.done->load(); });
}

}  // namespace sandbox::portals
