// sandbox-portal: the portal service (docs/PORTAL.md), started by D-Bus activation on the
// session bus. It runs until the bus goes away or it is told to stop (SIGTERM, SIGINT, SIGHUP),
// and then unmounts the document store.

#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <thread>

#include <sdbus-c++/sdbus-c++.h>

#include "portal_service.hpp"

namespace {

int fail(const std::string& message) {
    std::fprintf(stderr, "sandbox-portal: %s\n", message.c_str());
    return 1;
}

sigset_t stop_signals() {
    sigset_t signals;
    sigemptyset(&signals);
    for (int signal : {SIGTERM, SIGINT, SIGHUP}) sigaddset(&signals, signal);
    return signals;
}

// The stop signals are blocked in every thread and taken by this one, which ends the loop.
std::thread watch_stop_signals(sdbus::IConnection& bus, const sigset_t& signals) {
    return std::thread([&bus, signals]() {
        int signal = 0;
        if (sigwait(&signals, &signal) == 0) bus.leaveEventLoop();
    });
}

}  // namespace

int main(int argc, char** argv) {
    if (argc > 1) {
        if (std::strcmp(argv[1], "--version") == 0) {
            std::printf("sandbox-portal %s\n", SANDBOX_VERSION);
            return 0;
        }
        return fail(std::string("unknown option ") + argv[1] + " (sandbox-portal takes none)");
    }
    const sigset_t signals = stop_signals();
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    auto paths = sandbox::portals::portal_paths();
    if (!paths) return fail(paths.error().message());
    std::unique_ptr<sdbus::IConnection> bus;
    try {
        bus = sdbus::createSessionBusConnection();
    } catch (const sdbus::Error& error) {
        return fail("can't connect to the session bus: " + error.getMessage());
    }
    std::unique_ptr<sandbox::portals::PortalService> service;
    try {
        auto started = sandbox::portals::PortalService::start(*bus, *paths);
        if (!started) return fail(started.error().message());
        service = std::move(*started);
    } catch (const sdbus::Error& error) {
        return fail("can't serve the portal: " + error.getMessage() +
                    " (is another portal running?)");
    }

    std::thread stopper = watch_stop_signals(*bus, signals);
    int status = 0;
    try {
        bus->enterEventLoop();
    } catch (const sdbus::Error& error) {
        status = 0;  // the bus went away: our session ended
    }
    service.reset();
    if (stopper.joinable()) {
        pthread_kill(stopper.native_handle(), SIGTERM);
        stopper.join();
    }
    return status;
}
