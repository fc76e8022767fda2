#include "permission_arguments.hpp"

#include <cstdio>

#include "sandbox/permissions/flags.hpp"
#include "sandbox/permissions/validation.hpp"

namespace sandbox::cli {
namespace {

bool is_installation_option(const std::string& arg) {
    return arg == "--user" || arg == "--system" || arg.rfind("--installation=", 0) == 0 ||
           arg == "-y" || arg == "--noninteractive" || arg == "--assumeyes";
}

class Parser {
  public:
    Parser(const PermissionCommandSpec& spec, const std::string& name, Args args)
        : spec_(spec), name_(name), args_(args) {}

    Result<PermissionCommand> parse() {
        while (index_ < args_.size()) {
            const std::string& arg = args_[index_];
            if (arg == "--") {
                take_rest(index_ + 1);
                break;
            }
            if (arg.empty() || arg[0] != '-') {
                if (spec_.stop_at_positional) {
                    take_rest(index_);
                    break;
                }
                result_.positional.push_back(arg);
                ++index_;
                continue;
            }
            SANDBOX_TRY(take_option());
        }
        std::vector<std::string> unused;
        auto installation = take_installation_options(installation_args_, unused);
        if (!installation) return installation.take_error();
        result_.installation = std::move(*installation);
        return std::move(result_);
    }

  private:
    void take_rest(std::size_t from) {
        result_.positional.insert(result_.positional.end(), args_.begin() + from, args_.end());
        index_ = args_.size();
    }

    Status take_option() {
        const std::string& arg = args_[index_];
        if (arg == "--help" || arg == "-h") {
            result_.help = true;
            ++index_;
            return ok_status();
        }
        if (is_installation_option(arg)) {
            installation_args_.push_back(arg);
            ++index_;
            return ok_status();
        }
        if (spec_.flags.contains(arg)) {
            result_.flags.insert(arg);
            ++index_;
            return ok_status();
        }
        auto taken = take_value();
        if (!taken) return taken.take_error();
        if (*taken) return ok_status();
        auto permission = permissions::take_permission_flag(args_, index_, result_.permissions);
        if (!permission) return permission.take_error();
        if (*permission) return ok_status();
        return usage_error("Unknown option " + permissions::printable(arg) + " (see 'sandbox " +
                           name_ + " --help')");
    }

    Result<bool> take_value() {
        const std::string& arg = args_[index_];
        const std::size_t equals = arg.find('=');
        const std::string option = arg.substr(0, equals);
        if (!spec_.values.contains(option)) return false;
        if (equals != std::string::npos) {
            result_.values[option] = arg.substr(equals + 1);
            ++index_;
            return true;
        }
        if (index_ + 1 >= args_.size()) return usage_error(option + " needs a value");
        result_.values[option] = args_[index_ + 1];
        index_ += 2;
        return true;
    }

    const PermissionCommandSpec& spec_;
    const std::string& name_;
    Args args_;
    std::size_t index_ = 0;
    std::vector<std::string> installation_args_;
    PermissionCommand result_;
};

}  // namespace

Result<PermissionCommand> parse_permission_command(const PermissionCommandSpec& spec,
                                                   const std::string& name, Args args) {
    return Parser(spec, name, args).parse();
}

void warn(const std::string& message) {
    std::string shown;
    for (char c : message) shown += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
    std::fprintf(stderr, "sandbox: warning: %s\n", shown.c_str());
}

}  // namespace sandbox::cli
