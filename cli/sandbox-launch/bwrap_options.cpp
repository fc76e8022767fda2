#include "bwrap_options.hpp"

#include <fcntl.h>
#include <strings.h>
#include <sys/capability.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <limits>

#include "sandbox/common/files.hpp"

namespace sandbox::launch_cli {
namespace {

using launcher::BindAccess;
using launcher::HostPath;
using launcher::LaunchPlan;
using launcher::Namespaces;
using launcher::OverlayKind;
using launcher::OverlayMount;
using launcher::SeccompProgram;

// bwrap's limit on arguments, --args data included, against unbounded input.
constexpr std::size_t kMaxArguments = 9000;
constexpr std::uint64_t kMaxTmpfsBytes = std::numeric_limits<std::size_t>::max() >> 1;
constexpr std::size_t kMaxSeccompInstructions = BPF_MAXINSNS;

using Values = std::span<const std::string>;

// ---------------------------------------------------------------------------------------------
// Option values

Result<int> parse_open_fd(std::string_view option, const std::string& text) {
    int fd = -1;
    if (!parse_fd_number(text, fd)) return usage_error("Invalid fd: " + text);
    if (::fcntl(fd, F_GETFD) < 0) {
        return usage_error("Bad file descriptor for " + std::string(option) + ": " + text);
    }
    return fd;
}

std::optional<mode_t> parse_octal_mode(std::string_view text) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, 8);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value > 07777) {
        return std::nullopt;
    }
    return static_cast<mode_t>(value);
}

// Like strtoull with base 0, as bwrap reads --size: decimal, 0x… hex or 0… octal.
std::optional<std::uint64_t> parse_byte_count(std::string_view text) {
    int base = 10;
    if (text.starts_with("0x") || text.starts_with("0X")) {
        base = 16;
        text.remove_prefix(2);
    } else if (text.size() > 1 && text.starts_with('0')) {
        base = 8;
        text.remove_prefix(1);
    }
    std::uint64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

// A uid or gid: decimal, and not (uid_t)-1, which the kernel reserves as "no id".
std::optional<std::uint32_t> parse_id(std::string_view text) {
    std::uint32_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
        value == std::numeric_limits<std::uint32_t>::max()) {
        return std::nullopt;
    }
    return value;
}

constexpr std::uint64_t kAllCapabilities = ~std::uint64_t{0};

// The capability bits a --cap-add/--cap-drop value names: ALL, or one name libcap knows.
Result<std::uint64_t> parse_capability_bits(const std::string& text) {
    if (::strcasecmp(text.c_str(), "ALL") == 0) return kAllCapabilities;
    cap_value_t capability = 0;
    if (::cap_from_name(text.c_str(), &capability) < 0 || capability < 0 || capability >= 64) {
        return usage_error("Unknown capability: " + text);
    }
    return std::uint64_t{1} << capability;
}

std::vector<int> capabilities_in(std::uint64_t bits) {
    std::vector<int> capabilities;
    const int known = std::min(static_cast<int>(::cap_max_bits()), 64);
    for (int capability = 0; capability < known; ++capability) {
        if (bits & (std::uint64_t{1} << capability)) capabilities.push_back(capability);
    }
    return capabilities;
}

// bwrap's --args format: NUL-terminated words; a missing last terminator is tolerated.
std::vector<std::string> split_nul_separated(std::string_view data) {
    std::vector<std::string> words;
    while (!data.empty()) {
        auto end = data.find('\0');
        words.emplace_back(data.substr(0, end));
        data.remove_prefix(end == std::string_view::npos ? data.size() : end + 1);
    }
    return words;
}

Result<SeccompProgram> read_seccomp_program(int fd) {
    auto data = read_all(fd);
    if (!data) {
        return system_error("Can't read seccomp data from fd " + std::to_string(fd),
                            data.error().code);
    }
    if (data->empty()) return usage_error("Invalid seccomp data, must not be empty");
    if (data->size() % sizeof(sock_filter) != 0) {
        return usage_error("Invalid seccomp data, must be multiple of 8");
    }
    if (data->size() / sizeof(sock_filter) > kMaxSeccompInstructions) {
        return usage_error("Invalid seccomp data, more than " +
                           std::to_string(kMaxSeccompInstructions) + " instructions");
    }
    SeccompProgram program(data->size() / sizeof(sock_filter));
    std::memcpy(program.data(), data->data(), data->size());
    return program;
}

// ---------------------------------------------------------------------------------------------
// The environment, edited like setenv(3)/unsetenv(3) edit environ

bool is_valid_variable_name(std::string_view name) {
    return !name.empty() && name.find('=') == std::string_view::npos;
}

bool defines_variable(std::string_view entry, std::string_view name) {
    return entry.size() > name.size() && entry.starts_with(name) && entry[name.size()] == '=';
}

void set_variable(std::vector<std::string>& environment, const std::string& name,
                  const std::string& value) {
    auto entry = std::ranges::find_if(
        environment, [&](const std::string& e) { return defines_variable(e, name); });
    if (entry != environment.end()) {
        *entry = name + "=" + value;
    } else {
        environment.push_back(name + "=" + value);
    }
}

void unset_variable(std::vector<std::string>& environment, const std::string& name) {
    std::erase_if(environment, [&](const std::string& e) { return defines_variable(e, name); });
}

// ---------------------------------------------------------------------------------------------
// The parser

class Parser;
using Handler = Status (*)(Parser&, std::string_view option, Values values);

struct OptionSpec {
    OptionDoc doc;
    Handler handler;

    // One value per word of the argument synopsis ("SRC DEST" takes two).
    [[nodiscard]] std::size_t value_count() const {
        std::size_t words = 0;
        bool in_word = false;
        for (char c : doc.arguments) {
            if (c != ' ' && !in_word) ++words;
            in_word = c != ' ';
        }
        return words;
    }
};

const OptionSpec* find_option(std::string_view name);

class Parser {
  public:
    Parser(const CallerContext& context, bool* level_prefix_seen)
        : context_(context), level_prefix_seen_(level_prefix_seen) {
        result_.plan.environment = context.environment;
        result_.plan.fd_policy = launcher::FdPolicy::InheritAll;
    }

    Result<ParsedCommand> parse(Values args) {
        if (args.size() > kMaxArguments) return too_many_arguments();
        argument_count_ = args.size();
        auto command_start = parse_options(args);
        if (!command_start) return command_start.take_error();
        if (help_ || version_) return help_or_version();
        if (!overlay_sources_.empty()) return overlay_source_not_followed();
        if (next_perms_) return perms_not_followed();
        if (next_size_) return size_not_followed();
        plan().argv.assign(args.begin() + static_cast<std::ptrdiff_t>(*command_start), args.end());
        SANDBOX_TRY(check_combinations());
        SANDBOX_TRY(resolve_cgroup_namespace());
        SANDBOX_TRY(resolve_seccomp());
        plan().keep_capabilities = capabilities_in(capability_bits_);
        collect_consumed_fds();
        return std::move(result_);
    }

    LaunchPlan& plan() { return result_.plan; }
    Namespaces& namespaces() { return result_.plan.namespaces; }
    Status request_help() {
        help_ = true;
        return ok_status();
    }
    Status request_version() {
        version_ = true;
        return ok_status();
    }
    Status request_level_prefix() {
        plan().level_prefix = true;
        if (level_prefix_seen_) *level_prefix_seen_ = true;
        return ok_status();
    }
    Status unshare_all() {
        namespaces().ipc = namespaces().pid = namespaces().net = namespaces().uts = true;
        return request_cgroup_namespace_if_supported();
    }
    Status request_cgroup_namespace_if_supported() {
        cgroup_namespace_try_ = true;
        return ok_status();
    }

    void warn_if_repeated(bool already_given, std::string_view option) {
        if (!already_given) return;
        result_.warnings.push_back(std::string(option) +
                                   " given more than once: only the last one takes effect");
    }

    Status add_mount(launcher::MountOp op) {
        plan().mounts.push_back(std::move(op));
        return ok_status();
    }

    Status add_bind(Values values, BindAccess access, bool optional) {
        return add_mount(launcher::BindMount{HostPath{values[0]}, values[1], access, optional});
    }

    Status add_bind_fd(std::string_view option, Values values, BindAccess access) {
        auto fd = take_fd(option, values[0]);
        if (!fd) return fd.take_error();
        return add_mount(launcher::BindMount{launcher::InheritedFd{*fd}, values[1], access, false});
    }

    Status add_tmpfs(Values values) {
        return add_mount(launcher::TmpfsMount{values[0], take_perms(0755), take_size()});
    }

    Status add_dir(Values values) {
        return add_mount(launcher::MakeDir{values[0], take_perms(0755)});
    }

    Status add_file(std::string_view option, Values values) {
        auto fd = take_fd(option, values[0]);
        if (!fd) return fd.take_error();
        return add_mount(launcher::MakeFile{*fd, values[1], take_perms(0666)});
    }

    Status add_bind_data(std::string_view option, Values values, bool readonly) {
        auto fd = take_fd(option, values[0]);
        if (!fd) return fd.take_error();
        return add_mount(launcher::BindData{*fd, values[1], take_perms(0600), readonly});
    }

    Status add_chmod(std::string_view option, Values values) {
        auto mode = parse_octal_mode(values[0]);
        if (!mode) return not_octal(option, values[0]);
        return add_mount(launcher::ChangeMode{values[1], *mode});
    }

    Status set_perms(std::string_view option, Values values) {
        if (next_perms_) return usage_error("--perms given twice for the same operation");
        next_perms_ = parse_octal_mode(values[0]);
        if (!next_perms_) return not_octal(option, values[0]);
        return ok_status();
    }

    Status set_size(Values values) {
        if (next_size_) return usage_error("--size given twice for the same operation");
        const std::string& text = values[0];
        auto size = parse_byte_count(text);
        // A leading digit also rules out the sign and blanks strtoull would skip.
        if (text.empty() || text[0] < '0' || text[0] > '9' || !size || *size == 0) {
            return usage_error("--size needs a non-zero number of bytes, not: " + text);
        }
        if (*size > kMaxTmpfsBytes) {
            return usage_error("--size can't exceed " + std::to_string(kMaxTmpfsBytes) + " bytes");
        }
        next_size_ = *size;
        return ok_status();
    }

    Status add_overlay_source(Values values) {
        overlay_sources_.push_back(values[0]);
        return ok_status();
    }

    Status add_overlay(std::string_view option, OverlayKind kind, Values values) {
        const std::size_t needed = kind == OverlayKind::ReadOnly ? 2 : 1;
        if (overlay_sources_.size() < needed) {
            return usage_error(std::string(option) + " needs at least " + std::to_string(needed) +
                               " --overlay-src before it");
        }
        OverlayMount overlay;
        overlay.kind = kind;
        for (auto& source : overlay_sources_) overlay.lower.push_back(HostPath{std::move(source)});
        overlay_sources_.clear();
        if (kind == OverlayKind::Writable) {
            overlay.upper = HostPath{values[0]};
            overlay.work = HostPath{values[1]};
        }
        overlay.dest = values.back();
        return add_mount(std::move(overlay));
    }

    Status set_variable(std::string_view option, Values values) {
        if (!is_valid_variable_name(values[0])) return bad_variable_name(option, values[0]);
        launch_cli::set_variable(plan().environment, values[0], values[1]);
        return ok_status();
    }

    Status unset_variable(std::string_view option, Values values) {
        if (!is_valid_variable_name(values[0])) return bad_variable_name(option, values[0]);
        launch_cli::unset_variable(plan().environment, values[0]);
        return ok_status();
    }

    Status set_hostname(std::string_view option, Values values) {
        warn_if_repeated(plan().hostname.has_value(), option);
        plan().hostname = values[0];
        return ok_status();
    }

    Status set_cwd(std::string_view option, Values values) {
        warn_if_repeated(plan().cwd.has_value(), option);
        plan().cwd = values[0];
        return ok_status();
    }

    Status clear_environment() {
        plan().environment.clear();
        return ok_status();
    }

    Status add_lock_file(Values values) {
        plan().lock_files.push_back(values[0]);
        return ok_status();
    }

    Status set_argv0(Values values) {
        if (plan().argv0) return usage_error("--argv0 given more than once");
        plan().argv0 = values[0];
        return ok_status();
    }

    // --uid, --gid: uid_t and gid_t are both 32-bit.
    template <typename Id>
    Status set_id(std::string_view option, Values values, std::optional<Id>& id) {
        warn_if_repeated(id.has_value(), option);
        auto parsed = parse_id(values[0]);
        if (!parsed) {
            return usage_error("Invalid " + std::string(option.substr(2)) + ": " + values[0]);
        }
        id = static_cast<Id>(*parsed);
        return ok_status();
    }

    // --sync-fd, --block-fd, --info-fd, --json-status-fd: one fd each, the last one given wins.
    Status set_fd(std::string_view option, Values values, int& slot) {
        warn_if_repeated(slot != -1, option);
        auto fd = parse_open_fd(option, values[0]);
        if (!fd) return fd.take_error();
        slot = *fd;
        return ok_status();
    }

    Status set_seccomp_fd(std::string_view option, Values values) {
        if (!added_seccomp_fds_.empty()) {
            return usage_error("--seccomp can't be combined with --add-seccomp-fd");
        }
        return set_fd(option, values, seccomp_fd_);
    }

    Status add_seccomp_fd(std::string_view option, Values values) {
        if (seccomp_fd_ != -1) {
            return usage_error("--add-seccomp-fd can't be combined with --seccomp");
        }
        auto fd = parse_open_fd(option, values[0]);
        if (!fd) return fd.take_error();
        added_seccomp_fds_.push_back(*fd);
        return ok_status();
    }

    Status request_default_seccomp() {
        default_seccomp_ = true;
        return ok_status();
    }
    Status modify_default_seccomp(std::string_view option, bool launcher::SeccompOptions::*field) {
        seccomp_options_.*field = true;
        if (!first_seccomp_modifier_) first_seccomp_modifier_ = std::string(option);
        return ok_status();
    }

    Status add_capabilities(Values values) {
        auto bits = parse_capability_bits(values[0]);
        if (!bits) return bits.take_error();
        capability_bits_ |= *bits;
        return ok_status();
    }

    Status drop_capabilities(Values values) {
        auto bits = parse_capability_bits(values[0]);
        if (!bits) return bits.take_error();
        capability_bits_ &= ~*bits;
        return ok_status();
    }

    // --args: the words read from the fd are parsed as options where --args stood.
    Status expand_arguments_from(std::string_view option, Values values) {
        if (in_arguments_file_) return usage_error("--args can't be used inside --args data");
        auto fd = take_fd(option, values[0]);
        if (!fd) return fd.take_error();
        auto data = read_all(*fd);
        if (!data) {
            return system_error("Can't read --args data from fd " + values[0], data.error().code);
        }
        auto words = split_nul_separated(*data);
        argument_count_ += words.size();
        if (argument_count_ > kMaxArguments) return too_many_arguments();

        in_arguments_file_ = true;
        auto end = parse_options(words);
        in_arguments_file_ = false;
        if (!end) return end.take_error();
        // bwrap silently drops whatever follows the options in --args data; we refuse it.
        if (*end < words.size() && !help_ && !version_) {
            return usage_error("--args data can't contain the command: " + words[*end]);
        }
        return ok_status();
    }

  private:
    // Parses options from the start of args; returns where the command starts.
    Result<std::size_t> parse_options(Values args) {
        std::size_t next = 0;
        while (next < args.size() && !help_ && !version_) {
            const std::string& arg = args[next];
            if (arg == "--") return next + 1;
            const OptionSpec* option = find_option(arg);
            if (!option) {
                if (arg.starts_with('-')) return usage_error("Unknown option " + arg);
                return next;
            }
            const std::size_t count = option->value_count();
            if (args.size() - next - 1 < count) return missing_values(*option);
            SANDBOX_TRY(option->handler(*this, arg, args.subspan(next + 1, count)));
            SANDBOX_TRY(check_modifiers_used(arg));
            next += 1 + count;
        }
        return next;
    }

    // --perms, --size and --overlay-src apply to the next option, which must be one they fit.
    Status check_modifiers_used(std::string_view option) {
        if (help_ || version_) return ok_status();
        const bool is_modifier = option == "--perms" || option == "--size";
        if (!is_modifier && next_perms_) return perms_not_followed();
        if (!is_modifier && next_size_) return size_not_followed();
        if (option != "--overlay-src" && !overlay_sources_.empty()) {
            return overlay_source_not_followed();
        }
        return ok_status();
    }

    // --help and --version make the rest of the command line irrelevant, as with bwrap.
    ParsedCommand help_or_version() const {
        ParsedCommand command;
        command.help = help_;
        command.version = version_;
        return command;
    }

    Status check_combinations() {
        if (plan().argv.empty()) return usage_error("No command specified");
        if (plan().hostname && !namespaces().uts) {
            return usage_error("--hostname requires --unshare-uts");
        }
        if (plan().as_pid_1 && !namespaces().pid) {
            return usage_error("--as-pid-1 requires --unshare-pid");
        }
        if (plan().as_pid_1 && !plan().lock_files.empty()) {
            return usage_error("--as-pid-1 can't be combined with --lock-file");
        }
        return ok_status();
    }

    Status resolve_cgroup_namespace() {
        if (namespaces().cgroup && !context_.cgroup_namespaces_supported) {
            return usage_error("--unshare-cgroup: this kernel has no cgroup namespaces");
        }
        if (cgroup_namespace_try_ && context_.cgroup_namespaces_supported) {
            namespaces().cgroup = true;
        }
        return ok_status();
    }

    Status resolve_seccomp() {
        if (first_seccomp_modifier_ && !default_seccomp_) {
            return usage_error(*first_seccomp_modifier_ + " requires --seccomp-default");
        }
        if (default_seccomp_) result_.default_seccomp = seccomp_options_;
        std::vector<int> fds = added_seccomp_fds_;
        if (seccomp_fd_ != -1) fds = {seccomp_fd_};
        for (int fd : fds) {
            auto program = read_seccomp_program(fd);
            if (!program) return program.take_error();
            plan().seccomp.push_back(std::move(*program));
        }
        return ok_status();
    }

    // Every fd the launcher reads, mounts or writes itself; bwrap closes these before the exec.
    void collect_consumed_fds() {
        std::vector<int> fds = std::move(taken_fds_);
        fds.insert(fds.end(), added_seccomp_fds_.begin(), added_seccomp_fds_.end());
        for (int fd : {seccomp_fd_, plan().block_fd, plan().info_fd, plan().json_status_fd}) {
            if (fd != -1) fds.push_back(fd);
        }
        std::ranges::sort(fds);
        fds.erase(std::unique(fds.begin(), fds.end()), fds.end());
        plan().consumed_fds = std::move(fds);
    }

    // An fd that a setup operation reads or mounts: validated and remembered as consumed.
    Result<int> take_fd(std::string_view option, const std::string& text) {
        auto fd = parse_open_fd(option, text);
        if (fd) taken_fds_.push_back(*fd);
        return fd;
    }

    mode_t take_perms(mode_t fallback) {
        return std::exchange(next_perms_, std::nullopt).value_or(fallback);
    }
    std::uint64_t take_size() { return std::exchange(next_size_, std::nullopt).value_or(0); }

    static Error missing_values(const OptionSpec& option) {
        return usage_error(std::string(option.doc.name) + " takes " +
                           std::to_string(option.value_count()) + " argument" +
                           (option.value_count() == 1 ? "" : "s") + ": " +
                           std::string(option.doc.arguments));
    }
    static Error too_many_arguments() {
        return usage_error("Too many arguments: at most " + std::to_string(kMaxArguments));
    }
    static Error not_octal(std::string_view option, const std::string& text) {
        return usage_error(std::string(option) + " takes an octal mode up to 07777, not: " + text);
    }
    static Error bad_variable_name(std::string_view option, const std::string& name) {
        return usage_error("Invalid variable name for " + std::string(option) + ": '" + name + "'");
    }
    static Error perms_not_followed() {
        return usage_error(
            "--perms must be followed by an option that creates a file "
            "(--tmpfs, --dir, --file, --bind-data, --ro-bind-data)");
    }
    static Error size_not_followed() { return usage_error("--size must be followed by --tmpfs"); }
    static Error overlay_source_not_followed() {
        return usage_error(
            "--overlay-src must be followed by another --overlay-src, --overlay, --tmp-overlay or "
            "--ro-overlay");
    }

    const CallerContext& context_;
    bool* level_prefix_seen_;
    ParsedCommand result_;
    bool help_ = false;
    bool version_ = false;
    bool in_arguments_file_ = false;
    std::size_t argument_count_ = 0;

    std::optional<mode_t> next_perms_;
    std::optional<std::uint64_t> next_size_;
    std::vector<std::string> overlay_sources_;

    bool cgroup_namespace_try_ = false;
    std::uint64_t capability_bits_ = 0;
    std::vector<int> taken_fds_;

    int seccomp_fd_ = -1;
    std::vector<int> added_seccomp_fds_;
    bool default_seccomp_ = false;
    launcher::SeccompOptions seccomp_options_;
    std::optional<std::string> first_seccomp_modifier_;
};

// ---------------------------------------------------------------------------------------------
// The option table: name, synopsis, help, and what the option does to the plan

template <bool LaunchPlan::*Field>
Status set_flag(Parser& parser, std::string_view, Values) {
    parser.plan().*Field = true;
    return ok_status();
}

template <Status (Parser::*Method)()>
Status call(Parser& parser, std::string_view, Values) {
    return (parser.*Method)();
}

template <bool Namespaces::*Field>
Status unshare(Parser& parser, std::string_view, Values) {
    parser.namespaces().*Field = true;
    return ok_status();
}

template <bool launcher::SeccompOptions::*Field>
Status modify_default_seccomp(Parser& parser, std::string_view option, Values) {
    return parser.modify_default_seccomp(option, Field);
}

template <typename Op>
Status add_at_dest(Parser& parser, std::string_view, Values values) {
    return parser.add_mount(Op{values[0]});
}

template <BindAccess access, bool optional>
Status bind(Parser& parser, std::string_view, Values values) {
    return parser.add_bind(values, access, optional);
}

template <BindAccess access>
Status bind_fd(Parser& parser, std::string_view option, Values values) {
    return parser.add_bind_fd(option, values, access);
}

template <int LaunchPlan::*Slot>
Status set_fd(Parser& parser, std::string_view option, Values values) {
    return parser.set_fd(option, values, parser.plan().*Slot);
}

// The sandbox always has its own user namespace (we are unprivileged), so asking for one is a
// no-op.
Status already_done(Parser&, std::string_view, Values) {
    return ok_status();
}

Status set_uid(Parser& parser, std::string_view option, Values values) {
    return parser.set_id(option, values, parser.plan().uid);
}

Status set_gid(Parser& parser, std::string_view option, Values values) {
    return parser.set_id(option, values, parser.plan().gid);
}

constexpr auto kOptions = std::to_array<OptionSpec>({
    {{"--help", "", "Print this help and exit"}, call<&Parser::request_help>},
    {{"--version", "", "Print the version and exit"}, call<&Parser::request_version>},
    {{"--args", "FD", "Read more options, NUL-separated, from FD"},
     [](Parser& p, std::string_view o, Values v) { return p.expand_arguments_from(o, v); }},
    {{"--argv0", "VALUE", "Run COMMAND with VALUE as its argv[0]"},
     [](Parser& p, std::string_view, Values v) { return p.set_argv0(v); }},
    {{"--level-prefix", "", "Start each message with its syslog level, e.g. <3>"},
     call<&Parser::request_level_prefix>},

    {{"--unshare-all", "", "New ipc, pid, net, uts and (if available) cgroup namespaces"},
     call<&Parser::unshare_all>},
    {{"--share-net", "", "Keep the host's network (undoes --unshare-net, e.g. of --unshare-all)"},
     [](Parser& p, std::string_view, Values) {
         p.namespaces().net = false;
         return ok_status();
     }},
    {{"--unshare-user", "", "New user namespace (always: the sandbox has one anyway)"},
     already_done},
    {{"--unshare-user-try", "", "Same as --unshare-user"}, already_done},
    {{"--unshare-ipc", "", "New IPC namespace"}, unshare<&Namespaces::ipc>},
    {{"--unshare-pid", "", "New PID namespace"}, unshare<&Namespaces::pid>},
    {{"--unshare-net", "", "New network namespace, with only a loopback device"},
     unshare<&Namespaces::net>},
    {{"--unshare-uts", "", "New UTS namespace (own hostname)"}, unshare<&Namespaces::uts>},
    {{"--unshare-cgroup", "", "New cgroup namespace"}, unshare<&Namespaces::cgroup>},
    {{"--unshare-cgroup-try", "", "New cgroup namespace if the kernel has them"},
     call<&Parser::request_cgroup_namespace_if_supported>},
    {{"--disable-userns", "", "Forbid creating user namespaces inside the sandbox"},
     set_flag<&LaunchPlan::disable_userns>},
    {{"--assert-userns-disabled", "", "Fail unless user namespaces are already forbidden inside"},
     set_flag<&LaunchPlan::assert_userns_disabled>},
    {{"--uid", "UID", "Be UID inside the sandbox"}, set_uid},
    {{"--gid", "GID", "Be GID inside the sandbox"}, set_gid},
    {{"--hostname", "NAME", "Set the hostname inside (needs --unshare-uts)"},
     [](Parser& p, std::string_view o, Values v) { return p.set_hostname(o, v); }},
    {{"--chdir", "DIR", "Start COMMAND in DIR"},
     [](Parser& p, std::string_view o, Values v) { return p.set_cwd(o, v); }},
    {{"--clearenv", "", "Start from an empty environment"}, call<&Parser::clear_environment>},
    {{"--setenv", "VAR VALUE", "Set VAR to VALUE in the environment"},
     [](Parser& p, std::string_view o, Values v) { return p.set_variable(o, v); }},
    {{"--unsetenv", "VAR", "Remove VAR from the environment"},
     [](Parser& p, std::string_view o, Values v) { return p.unset_variable(o, v); }},
    {{"--lock-file", "DEST", "Hold a read lock on DEST while the sandbox runs"},
     [](Parser& p, std::string_view, Values v) { return p.add_lock_file(v); }},
    {{"--sync-fd", "FD", "Keep FD open while the sandbox runs"}, set_fd<&LaunchPlan::sync_fd>},

    {{"--bind", "SRC DEST", "Mount host path SRC on DEST, writable"},
     bind<BindAccess::ReadWrite, false>},
    {{"--bind-try", "SRC DEST", "Same as --bind, skipped when SRC does not exist"},
     bind<BindAccess::ReadWrite, true>},
    {{"--dev-bind", "SRC DEST", "Mount host path SRC on DEST, writable, devices usable"},
     bind<BindAccess::Devices, false>},
    {{"--dev-bind-try", "SRC DEST", "Same as --dev-bind, skipped when SRC does not exist"},
     bind<BindAccess::Devices, true>},
    {{"--ro-bind", "SRC DEST", "Mount host path SRC on DEST, read-only"},
     bind<BindAccess::ReadOnly, false>},
    {{"--ro-bind-try", "SRC DEST", "Same as --ro-bind, skipped when SRC does not exist"},
     bind<BindAccess::ReadOnly, true>},
    {{"--bind-fd", "FD DEST", "Mount the directory or path open as FD on DEST, writable"},
     bind_fd<BindAccess::ReadWrite>},
    {{"--ro-bind-fd", "FD DEST", "Mount the directory or path open as FD on DEST, read-only"},
     bind_fd<BindAccess::ReadOnly>},
    {{"--remount-ro", "DEST", "Make the mount at DEST read-only (not its submounts)"},
     add_at_dest<launcher::RemountReadOnly>},
    {{"--proc", "DEST", "Mount a new procfs on DEST"}, add_at_dest<launcher::ProcMount>},
    {{"--dev", "DEST", "Mount a new minimal /dev on DEST"}, add_at_dest<launcher::DevMount>},
    {{"--tmpfs", "DEST", "Mount a new tmpfs on DEST"},
     [](Parser& p, std::string_view, Values v) { return p.add_tmpfs(v); }},
    {{"--mqueue", "DEST", "Mount a new mqueue filesystem on DEST"},
     add_at_dest<launcher::MqueueMount>},
    {{"--dir", "DEST", "Create directory DEST"},
     [](Parser& p, std::string_view, Values v) { return p.add_dir(v); }},
    {{"--file", "FD DEST", "Create file DEST holding what FD contains"},
     [](Parser& p, std::string_view o, Values v) { return p.add_file(o, v); }},
    {{"--bind-data", "FD DEST", "Mount on DEST a file holding what FD contains, writable"},
     [](Parser& p, std::string_view o, Values v) { return p.add_bind_data(o, v, false); }},
    {{"--ro-bind-data", "FD DEST", "Mount on DEST a file holding what FD contains, read-only"},
     [](Parser& p, std::string_view o, Values v) { return p.add_bind_data(o, v, true); }},
    {{"--symlink", "SRC DEST", "Create symlink DEST pointing at SRC"},
     [](Parser& p, std::string_view, Values v) {
         return p.add_mount(launcher::MakeSymlink{v[0], v[1]});
     }},
    {{"--chmod", "OCTAL PATH", "Change the mode of PATH, which must exist"},
     [](Parser& p, std::string_view o, Values v) { return p.add_chmod(o, v); }},
    {{"--perms", "OCTAL", "Mode of what the next --tmpfs/--dir/--file/--*bind-data creates"},
     [](Parser& p, std::string_view o, Values v) { return p.set_perms(o, v); }},
    {{"--size", "BYTES", "Size limit of the next --tmpfs"},
     [](Parser& p, std::string_view, Values v) { return p.set_size(v); }},
    {{"--overlay-src", "SRC", "Add host path SRC as a lower layer of the next overlay"},
     [](Parser& p, std::string_view, Values v) { return p.add_overlay_source(v); }},
    {{"--overlay", "RWSRC WORKDIR DEST", "Mount an overlay on DEST, writes going to RWSRC"},
     [](Parser& p, std::string_view o, Values v) {
         return p.add_overlay(o, OverlayKind::Writable, v);
     }},
    {{"--tmp-overlay", "DEST", "Mount an overlay on DEST, writes going to a tmpfs"},
     [](Parser& p, std::string_view o, Values v) {
         return p.add_overlay(o, OverlayKind::Temporary, v);
     }},
    {{"--ro-overlay", "DEST", "Mount a read-only overlay on DEST (two sources at least)"},
     [](Parser& p, std::string_view o, Values v) {
         return p.add_overlay(o, OverlayKind::ReadOnly, v);
     }},

    {{"--seccomp", "FD", "Load the seccomp BPF program read from FD (only one)"},
     [](Parser& p, std::string_view o, Values v) { return p.set_seccomp_fd(o, v); }},
    {{"--add-seccomp-fd", "FD", "Load the seccomp BPF program read from FD (repeatable)"},
     [](Parser& p, std::string_view o, Values v) { return p.add_seccomp_fd(o, v); }},
    {{"--seccomp-default", "", "Load our default seccomp policy, before any other program"},
     call<&Parser::request_default_seccomp>},
    {{"--seccomp-multiarch", "", "Let the default policy allow 32-bit system calls too"},
     modify_default_seccomp<&launcher::SeccompOptions::multiarch>},
    {{"--seccomp-devel", "", "Let the default policy allow ptrace, perf and personality"},
     modify_default_seccomp<&launcher::SeccompOptions::devel>},
    {{"--block-fd", "FD", "Wait until FD has data to read before running COMMAND"},
     set_fd<&LaunchPlan::block_fd>},
    {{"--info-fd", "FD", "Write the sandbox's pid and namespaces, as JSON, to FD"},
     set_fd<&LaunchPlan::info_fd>},
    {{"--json-status-fd", "FD", "Write the sandbox's status, as JSON documents, to FD"},
     set_fd<&LaunchPlan::json_status_fd>},
    {{"--new-session", "", "Run COMMAND in a new session (no controlling terminal)"},
     set_flag<&LaunchPlan::new_session>},
    {{"--die-with-parent", "", "Kill COMMAND when the parent of sandbox-launch dies"},
     set_flag<&LaunchPlan::die_with_parent>},
    {{"--as-pid-1", "", "Run COMMAND as pid 1, without a reaper (needs --unshare-pid)"},
     set_flag<&LaunchPlan::as_pid_1>},
    {{"--cap-add", "CAP", "Keep capability CAP (or ALL) inside the sandbox"},
     [](Parser& p, std::string_view, Values v) { return p.add_capabilities(v); }},
    {{"--cap-drop", "CAP", "Drop capability CAP (or ALL) again"},
     [](Parser& p, std::string_view, Values v) { return p.drop_capabilities(v); }},
});

const OptionSpec* find_option(std::string_view name) {
    auto option = std::ranges::find(kOptions, name, [](const OptionSpec& o) { return o.doc.name; });
    return option == kOptions.end() ? nullptr : &*option;
}

bool kernel_has_cgroup_namespaces() {
    struct stat status {};
    return ::stat("/proc/self/ns/cgroup", &status) == 0;
}

}  // namespace

CallerContext current_caller_context(char** environment) {
    CallerContext context;
    for (char** entry = environment; entry && *entry; ++entry)
        context.environment.emplace_back(*entry);
    context.cgroup_namespaces_supported = kernel_has_cgroup_namespaces();
    return context;
}

Result<ParsedCommand> parse_bwrap_command_line(std::span<const std::string> args,
                                               const CallerContext& context,
                                               bool* level_prefix_seen) {
    return Parser(context, level_prefix_seen).parse(args);
}

std::span<const OptionDoc> option_docs() {
    static const auto docs = [] {
        std::vector<OptionDoc> all;
        for (const auto& option : kOptions) all.push_back(option.doc);
        return all;
    }();
    return docs;
}

}  // namespace sandbox::launch_cli
