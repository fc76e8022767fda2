#pragma once

// portal-client's shared parts: each subcommand is a function of its arguments returning the exit
// status, printing key=value lines on stdout and, when it fails, one line on stderr.
//   0 success, 1 failure, 2 the request was cancelled (response 1), 3 refused (clipboard access
//   not granted), 64 bad usage.

#include <gio/gio.h>

#include <optional>
#include <string>
#include <vector>

namespace portal_client {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitCancelled = 2;
inline constexpr int kExitRefused = 3;
inline constexpr int kExitUsage = 64;

using Arguments = std::vector<std::string>;

struct Command {
    const char* name;
    const char* usage;
    int (*run)(const Arguments& args);
};

// The subcommands, one table: adding one is a line there (main.cpp) and its function.
const std::vector<Command>& commands();

void print_value(const std::string& key, const std::string& value);
// "portal-client: WHAT: MESSAGE" on stderr; returns the status for it (cancelled or failed).
int report_error(const std::string& what, const GError* error);
int report_failure(const std::string& what, const std::string& message);

// Options shared by the request subcommands, taken out of `args` wherever they are:
//   --title=T, --cancel-after=MS (cancel the GCancellable after MS: libportal then closes the
//   Request).
struct CommonOptions {
    std::string title = "portal-client";
    std::optional<guint> cancel_after_ms;
};
CommonOptions take_common_options(Arguments& args);
// Removes `flag` from `args`; whether it was there.
bool take_flag(Arguments& args, const std::string& flag);
// Removes "--name=VALUE" from `args`; its value.
std::optional<std::string> take_value(Arguments& args, const std::string& name);

// One asynchronous libportal call run to its end on a main loop of its own.
struct AsyncCall {
    GMainLoop* loop = nullptr;
    GCancellable* cancellable = nullptr;
    GAsyncResult* result = nullptr;  // set by on_done

    explicit AsyncCall(const CommonOptions& options);
    AsyncCall(const AsyncCall&) = delete;
    AsyncCall& operator=(const AsyncCall&) = delete;
    ~AsyncCall();

    // The callback to give libportal, with `this` as its data.
    static void on_done(GObject* source, GAsyncResult* result, gpointer self);
    void run();  // until on_done
};

// What the client saw of a file a portal gave it.
void print_file_access(const std::string& uri, bool try_write);

}  // namespace portal_client
