#include "session/support/pipewire_runtime.hpp"

#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/command.hpp"
#include "support/files.hpp"

namespace sandbox::test {
namespace {

namespace fs = std::filesystem;

constexpr const char* kClientConfig = R"(context.spa-libs = { support.* = support/libspa-support }
context.modules = [
  { name = libpipewire-module-protocol-native }
  { name = libpipewire-module-metadata }
]
)";

// The host's /usr/X is the runtime's X; /lib… is /usr/lib… (usr-merge).
fs::path inside_runtime(const fs::path& runtime_files, const fs::path& host_path) {
    std::string relative = fs::canonical(host_path).string();
    if (relative.rfind("/usr/", 0) == 0) relative.erase(0, 5);
    return runtime_files / fs::path(relative).relative_path();
}

void copy_into(const fs::path& runtime_files, const fs::path& host_path, const fs::path& name) {
    const fs::path dest = inside_runtime(runtime_files, host_path).parent_path() / name;
    if (fs::exists(dest)) return;
    fs::create_directories(dest.parent_path());
    fs::copy_file(fs::canonical(host_path), dest);
}

std::vector<fs::path> linked_libraries(const fs::path& object) {
    const CommandResult ldd = run_command({"/usr/bin/ldd", object.string()});
    if (ldd.status != 0) throw std::runtime_error("ldd " + object.string() + ": " + ldd.err);
    static const std::regex resolved(R"(=> (/\S+))");
    std::vector<fs::path> libraries;
    for (std::sregex_iterator it(ldd.out.begin(), ldd.out.end(), resolved), end; it != end; ++it)
        libraries.emplace_back((*it)[1].str());
    return libraries;
}

// The host's multiarch library directory, where libpipewire is.
fs::path library_dir() {
    for (const fs::path& library : linked_libraries("/usr/bin/pw-cli"))
        if (library.filename().string().rfind("libpipewire-", 0) == 0)
            return fs::canonical(library).parent_path();
    throw std::runtime_error("pw-cli links no libpipewire");
}

}  // namespace

void add_pipewire_client_files(const fs::path& runtime_files) {
    const fs::path dir = library_dir();
    for (const fs::path& object : {dir / "pipewire-0.3" / "libpipewire-module-protocol-native.so",
                                   dir / "pipewire-0.3" / "libpipewire-module-metadata.so",
                                   dir / "spa-0.2" / "support" / "libspa-support.so"}) {
        copy_into(runtime_files, object, object.filename());
        for (const fs::path& library : linked_libraries(object))
            copy_into(runtime_files, library, library.filename());
    }
    fs::create_directories(runtime_files / "share" / "pipewire");
    write_file(runtime_files / "share" / "pipewire" / "client.conf", kClientConfig);
}

}  // namespace sandbox::test
