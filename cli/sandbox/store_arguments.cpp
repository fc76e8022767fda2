#include "store_arguments.hpp"

#include <unistd.h>

#include <cstdio>
#include <memory>

#include "sandbox/store/text.hpp"

namespace sandbox::cli {
namespace {

Status take_option(const CommandSpec& spec, const std::string& arg, ParsedCommand& parsed) {
    if (arg == "--help" || arg == "-h") {
        parsed.help = true;
        return ok_status();
    }
    if (spec.flags.contains(arg)) {
        parsed.flags.insert(arg);
        return ok_status();
    }
    std::size_t equals = arg.find('=');
    std::string name = arg.substr(0, equals);
    if (spec.values.contains(name)) {
        if (equals == std::string::npos)
            return usage_error(name + " needs a value: " + name + "=VALUE");
        parsed.values[name] = arg.substr(equals + 1);
        return ok_status();
    }
    return usage_error("Unknown option '" + store::printable(arg) + "' for 'sandbox " + spec.name +
                       "' (see 'sandbox " + spec.name + " --help')");
}

// Writes progress for a terminal: one line, rewritten in place.
void print_terminal_progress(const store::PullProgress& progress) {
    std::printf("\r  %3u%%  %s  %u/%u objects  %s/s   ", progress.percent,
                human_size(progress.bytes).c_str(), progress.objects_fetched,
                progress.objects_requested,
                human_size(std::uint64_t(progress.bytes_per_second)).c_str());
    if (progress.done) std::printf("\n");
    std::fflush(stdout);
}

// Writes progress for a log or pipe: a line when the percentage moved by 10 or more, and the end.
void print_plain_progress(const store::PullProgress& progress, unsigned& last_percent) {
    if (!progress.done && progress.percent < last_percent + 10) return;
    last_percent = progress.percent;
    std::printf("  progress: %u%% %llu bytes %u/%u objects %.0f bytes/s%s\n", progress.percent,
                static_cast<unsigned long long>(progress.bytes), progress.objects_fetched,
                progress.objects_requested, progress.bytes_per_second,
                progress.done ? " done" : "");
    std::fflush(stdout);
}

}  // namespace

Result<ParsedCommand> parse_command(const CommandSpec& spec, Args args) {
    ParsedCommand parsed;
    std::vector<std::string> rest;
    if (spec.takes_installation) {
        auto installation = take_installation_options(args, rest);
        if (!installation) return installation.take_error();
        parsed.installation = *installation;
    } else {
        rest.assign(args.begin(), args.end());
    }
    bool options_done = false;
    for (const std::string& arg : rest) {
        if (!options_done && arg == "--") {
            options_done = true;
        } else if (!options_done && arg.size() > 1 && arg[0] == '-') {
            SANDBOX_TRY(take_option(spec, arg, parsed));
        } else {
            parsed.positional.push_back(arg);
        }
    }
    return parsed;
}

void print_help(const CommandSpec& spec) {
    std::printf("Usage: sandbox %s %s\n\n%s\n", spec.name.c_str(), spec.usage.c_str(),
                spec.description.c_str());
    if (spec.takes_installation)
        std::printf(
            "\nInstallation options:\n  --user                 the user installation (default)\n"
            "  --system               the system installation\n"
            "  --installation=DIR     the installation at DIR\n"
            "  -y, --noninteractive   never ask\n");
}

int run_parsed(const CommandSpec& spec, Args args,
               const std::function<int(const ParsedCommand&)>& body) {
    auto parsed = parse_command(spec, args);
    if (!parsed) return fail(parsed.error());
    if (parsed->help) {
        print_help(spec);
        return 0;
    }
    return body(*parsed);
}

bool kind_wanted(const ParsedCommand& parsed, store::RefKind kind) {
    const bool apps = parsed.flags.contains("--app");
    const bool runtimes = parsed.flags.contains("--runtime");
    if (apps == runtimes) return true;
    return apps ? kind == store::RefKind::App : kind == store::RefKind::Runtime;
}

store::InstallReporter console_reporter() {
    store::InstallReporter reporter;
    reporter.step = [](const std::string& line) {
        std::printf("%s\n", store::printable(line, 1000).c_str());
        std::fflush(stdout);
    };
    reporter.warning = [](const std::string& line) {
        std::fprintf(stderr, "sandbox: warning: %s\n", store::printable(line, 1000).c_str());
    };
    if (::isatty(STDOUT_FILENO)) {
        reporter.progress = print_terminal_progress;
    } else {
        auto last_percent = std::make_shared<unsigned>(0);
        reporter.progress = [last_percent](const store::PullProgress& progress) {
            if (progress.percent < *last_percent) *last_percent = 0;  // a new pull
            print_plain_progress(progress, *last_percent);
        };
    }
    return reporter;
}

std::string human_size(std::uint64_t bytes) {
    const char* units[] = {"bytes", "kB", "MB", "GB", "TB"};
    double value = double(bytes);
    int unit = 0;
    while (value >= 1000 && unit < 4) {
        value /= 1000;
        ++unit;
    }
    char text[32];
    if (unit == 0)
        std::snprintf(text, sizeof text, "%llu bytes", static_cast<unsigned long long>(bytes));
    else
        std::snprintf(text, sizeof text, "%.1f %s", value, units[unit]);
    return text;
}

}  // namespace sandbox::cli
