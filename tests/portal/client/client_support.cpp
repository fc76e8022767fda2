#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "client.hpp"

namespace portal_client {
namespace {

gboolean cancel_now(gpointer cancellable) {
    g_cancellable_cancel(static_cast<GCancellable*>(cancellable));
    return G_SOURCE_REMOVE;
}

}  // namespace

void print_value(const std::string& key, const std::string& value) {
    std::printf("%s=%s\n", key.c_str(), value.c_str());
    std::fflush(stdout);
}

int report_failure(const std::string& what, const std::string& message) {
    std::fprintf(stderr, "portal-client: %s: %s\n", what.c_str(), message.c_str());
    return kExitFailed;
}

int report_error(const std::string& what, const GError* error) {
    report_failure(what, error != nullptr ? error->message : "unknown error");
    return g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? kExitCancelled : kExitFailed;
}

bool take_flag(Arguments& args, const std::string& flag) {
    auto found = std::find(args.begin(), args.end(), flag);
    if (found == args.end()) return false;
    args.erase(found);
    return true;
}

std::optional<std::string> take_value(Arguments& args, const std::string& name) {
    const std::string prefix = name + "=";
    auto found = std::find_if(args.begin(), args.end(),
                              [&](const std::string& arg) { return arg.starts_with(prefix); });
    if (found == args.end()) return std::nullopt;
    std::string value = found->substr(prefix.size());
    args.erase(found);
    return value;
}

CommonOptions take_common_options(Arguments& args) {
    CommonOptions options;
    if (auto title = take_value(args, "--title")) options.title = *title;
    if (auto delay = take_value(args, "--cancel-after"))
        options.cancel_after_ms = static_cast<guint>(std::strtoul(delay->c_str(), nullptr, 10));
    return options;
}

AsyncCall::AsyncCall(const CommonOptions& options)
    : loop(g_main_loop_new(nullptr, FALSE)), cancellable(g_cancellable_new()) {
    if (options.cancel_after_ms)
        g_timeout_add_full(G_PRIORITY_DEFAULT, *options.cancel_after_ms, cancel_now,
                           g_object_ref(cancellable), g_object_unref);
}

AsyncCall::~AsyncCall() {
    if (result != nullptr) g_object_unref(result);
    g_object_unref(cancellable);
    g_main_loop_unref(loop);
}

void AsyncCall::on_done(GObject*, GAsyncResult* result, gpointer self) {
    auto* call = static_cast<AsyncCall*>(self);
    call->result = G_ASYNC_RESULT(g_object_ref(result));
    g_main_loop_quit(call->loop);
}

void AsyncCall::run() {
    g_main_loop_run(loop);
}

}  // namespace portal_client
