#include "sandbox/run/file_forwarding_args.hpp"

namespace sandbox::run {
namespace {

constexpr const char* kFileMarker = "@@";
constexpr const char* kUriMarker = "@@u";

constexpr const char* kSyntax = "(--file-forwarding: @@ FILE… @@ or @@u URI… @@)";

}  // namespace

std::vector<AppArgument> plain_arguments(const std::vector<std::string>& args) {
    std::vector<AppArgument> plain;
    plain.reserve(args.size());
    for (const std::string& arg : args) plain.push_back({arg, ArgumentKind::Plain});
    return plain;
}

Result<std::vector<AppArgument>> parse_forwarding_markers(const std::vector<std::string>& args) {
    std::vector<AppArgument> parsed;
    ArgumentKind list = ArgumentKind::Plain;  // Plain: outside any list
    for (const std::string& arg : args) {
        if (list == ArgumentKind::Plain) {
            if (arg == kFileMarker)
                list = ArgumentKind::File;
            else if (arg == kUriMarker)
                list = ArgumentKind::Uri;
            else
                parsed.push_back({arg, ArgumentKind::Plain});
            continue;
        }
        if (arg == kFileMarker) {
            list = ArgumentKind::Plain;
            continue;
        }
        if (arg == kUriMarker)
            return usage_error(std::string("@@u inside a list: close it with @@ first ") + kSyntax);
        parsed.push_back({arg, list});
    }
    if (list != ArgumentKind::Plain)
        return usage_error(std::string(list == ArgumentKind::File ? "@@" : "@@u") +
                           " without its closing @@ " + kSyntax);
    return parsed;
}

}  // namespace sandbox::run
