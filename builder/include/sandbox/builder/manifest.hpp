#pragma once

// A build manifest (docs/MANIFEST.md): JSON with flatpak-builder's key names where they fit.
// Parsing is strict: an unknown key is an error naming it, so a typo never builds something else
// than what was meant.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/builder/debian.hpp"
#include "sandbox/builder/export_renames.hpp"
#include "sandbox/common/error.hpp"

namespace sandbox::builder {

enum class SourceType { Dir, File };

struct Source {
    SourceType type = SourceType::Dir;
    std::filesystem::path path;  // resolved against the manifest's directory
    std::string dest;            // relative directory in the module's build dir ("" = top)
    std::string dest_filename;   // a file source's name there ("" = its own)
};

enum class BuildSystem { Simple, Copy };

struct Module {
    std::string name;
    BuildSystem buildsystem = BuildSystem::Simple;
    std::vector<std::string> build_commands;
    std::vector<Source> sources;
};

struct Manifest {
    std::string id;
    std::string branch = "master";
    bool build_runtime = false;
    std::string runtime;          // an app's runtime ID
    std::string runtime_version;  // its branch
    std::string sdk;              // the SDK ID build-commands run on (default: the runtime)
    std::string command;
    std::vector<std::string> finish_args;
    std::vector<Module> modules;
    // Debian packages (docs/RUNTIMES.md): the runtime's whole tree, or an app's layer over its
    // runtime. Present only when the manifest has a "debian" key.
    std::optional<DebianSpec> debian;
    // rename-desktop-file, rename-icon, rename-appdata-file, copy-icon (export_renames.hpp).
    ExportRenames renames;
};

// `json` is the manifest's text; `base_dir` is where relative source paths start. A "debian"
// object without "lock" gets an empty lock path here; load_manifest() names the default.
Result<Manifest> parse_manifest(std::string_view json, const std::filesystem::path& base_dir);
Result<Manifest> load_manifest(const std::filesystem::path& file);

}  // namespace sandbox::builder
