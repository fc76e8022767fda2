#include "debian_apt.hpp"

#include <regex>
#include <sstream>

#include "sandbox/store/text.hpp"

namespace sandbox::builder {
namespace {

namespace fs = std::filesystem;
constexpr const char* kKeyring = "/usr/share/keyrings/debian-archive-keyring.gpg";

std::string apt_configuration(const fs::path& dir) {
    const std::string d = dir.string();
    return "Dir \"" + d + "/\";\n" +                             //
           "Dir::State \"" + d + "/state/\";\n" +                //
           "Dir::State::status \"" + d + "/status\";\n" +        //
           "Dir::Cache \"" + d + "/cache/\";\n" +                //
           "Dir::Etc \"" + d + "/etc/\";\n" +                    //
           "Dir::Etc::main \"/dev/null\";\n" +                   //
           "Dir::Etc::parts \"" + d + "/etc/apt.conf.d/\";\n" +  //
           "Dir::Log \"" + d + "/log/\";\n" +                    //
           "Debug::NoLocking \"true\";\n"                        //
           "APT::Architecture \"amd64\";\n"                      //
           "APT::Architectures { \"amd64\"; };\n"                //
           "APT::Install-Recommends \"false\";\n"                //
           "APT::Install-Suggests \"false\";\n"                  //
           "APT::Get::AllowUnauthenticated \"false\";\n"         //
           "Acquire::Languages \"none\";\n"                      //
           "Acquire::Retries \"3\";\n";
}

// "deb URI SUITE COMPONENTS" with the keyring named unless the entry has options of its own.
std::string sources_list(const std::vector<std::string>& sources) {
    std::string text;
    for (const std::string& source : sources) {
        if (source.starts_with("deb ["))
            text += source + "\n";
        else
            text += "deb [signed-by=" + std::string(kKeyring) + "]" + source.substr(3) + "\n";
    }
    return text;
}

std::string one_line(const ProgramOutput& output) {
    std::istringstream lines(output.err);
    std::string line;
    while (std::getline(lines, line))
        if (line.starts_with("E: ")) return store::printable(line.substr(3));
    return store::printable(last_line(output.err + output.out));
}

// Field VALUE of one deb822 record.
std::string field(const std::string& record, const std::string& name) {
    std::istringstream lines(record);
    std::string line;
    const std::string prefix = name + ": ";
    while (std::getline(lines, line))
        if (line.starts_with(prefix)) return line.substr(prefix.size());
    return {};
}

}  // namespace

std::string pin(const PackageId& package) {
    // Only amd64 is configured, so the name alone is unambiguous (apt takes no ":all").
    return package.name + "=" + package.version;
}

Result<PrivateApt> PrivateApt::open(const std::vector<std::string>& sources) {
    auto dir = TempDir::create("sandbox-apt");
    if (!dir) return dir.take_error();
    std::error_code error;
    for (const char* sub : {"etc/apt.conf.d", "etc/preferences.d", "etc/trusted.gpg.d",
                            "state/lists/partial", "cache/archives/partial", "log"})
        fs::create_directories(dir->path() / sub, error);
    if (error) return system_error("Can't create " + dir->path().string(), error.value());
    SANDBOX_TRY(write_file(dir->path() / "status", ""));
    SANDBOX_TRY(write_file(dir->path() / "etc/sources.list", sources_list(sources)));
    SANDBOX_TRY(write_file(dir->path() / "apt.conf", apt_configuration(dir->path())));
    PrivateApt apt(std::move(*dir));
    auto update = apt.apt("apt-get", {"-q", "update"});
    if (!update) return update.take_error();
    // apt-get update exits 0 with "W: Failed to fetch" for an unreachable mirror.
    if (update->status != 0 || update->err.find("W: Failed to fetch") != std::string::npos ||
        update->err.find("E: ") != std::string::npos)
        return usage_error("apt-get update failed for the manifest's debian sources: " +
                           one_line(*update));
    return apt;
}

Result<ProgramOutput> PrivateApt::apt(const std::string& program,
                                      const std::vector<std::string>& args, const fs::path& cwd) {
    std::vector<std::string> argv{program};
    if (!cwd.empty()) argv = {"env", "-C", cwd.string(), program};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_program(argv, {{"APT_CONFIG", (dir_.path() / "apt.conf").string()},
                              {"LC_ALL", "C.UTF-8"},
                              {"DEBIAN_FRONTEND", "noninteractive"}});
}

Result<std::vector<PackageId>> PrivateApt::simulate_install(
    const std::vector<std::string>& arguments) {
    std::vector<std::string> args{"-q", "-s", "install"};
    args.insert(args.end(), arguments.begin(), arguments.end());
    auto output = apt("apt-get", args);
    if (!output) return output.take_error();
    if (output->status != 0)
        return usage_error("apt can't resolve the manifest's debian packages: " +
                           one_line(*output));
    // "Inst NAME (VERSION ARCHIVE [ARCH])" and, for upgrades, "Inst NAME [OLD] (VERSION ...".
    static const std::regex inst(R"(^Inst (\S+) (?:\[[^\]]*\] )?\((\S+) .*\[([a-z0-9-]+)\]\))");
    std::vector<PackageId> packages;
    std::istringstream lines(output->out);
    std::string line;
    std::smatch match;
    while (std::getline(lines, line))
        if (std::regex_search(line, match, inst))
            packages.push_back({match[1].str(), match[2].str(), match[3].str()});
    return packages;
}

Result<std::vector<LockedPackage>> PrivateApt::describe(const std::vector<PackageId>& packages) {
    std::vector<std::string> args{"show"};
    for (const PackageId& package : packages) args.push_back(pin(package));
    auto output = apt("apt-cache", args);
    if (!output) return output.take_error();
    if (output->status != 0) return usage_error("apt-cache show failed: " + one_line(*output));
    std::vector<LockedPackage> described;
    std::size_t start = 0;
    while (start < output->out.size()) {
        std::size_t end = output->out.find("\n\n", start);
        if (end == std::string::npos) end = output->out.size();
        std::string record = output->out.substr(start, end - start);
        start = end + 2;
        LockedPackage package{field(record, "Package"), field(record, "Version"),
                              field(record, "Architecture"), field(record, "SHA256"),
                              field(record, "Filename")};
        if (package.name.empty()) continue;
        // A version on several mirrors (bookworm and bookworm-updates) is shown once for each.
        bool seen = false;
        for (const LockedPackage& other : described)
            seen = seen || (other.name == package.name && other.version == package.version);
        if (!seen) described.push_back(std::move(package));
    }
    return described;
}

Status PrivateApt::download(const std::vector<PackageId>& packages, const fs::path& dir) {
    std::vector<std::string> args{"-q", "download"};
    for (const PackageId& package : packages) args.push_back(pin(package));
    auto output = apt("apt-get", args, dir);
    if (!output) return output.take_error();
    if (output->status == 0) return ok_status();
    static const std::regex missing(R"(Version '([^']+)' for '([^']+)' was not found)");
    std::smatch match;
    if (std::regex_search(output->err, match, missing))
        return usage_error("Package " + store::printable(match[2].str()) + " version " +
                           store::printable(match[1].str()) +
                           " is not on the mirror any more: run sandbox build --update-lock "
                           "to lock the versions it has now");
    return usage_error("Can't download the locked packages: " + one_line(*output));
}

}  // namespace sandbox::builder
