#pragma once

// What pw-cli needs inside the sandbox besides the libraries it links: PipeWire loads its
// protocol module and SPA's support plugin with dlopen(), and reads a client config.

#include <filesystem>

namespace sandbox::test {

// Copies them into a runtime's files/ (the sandbox's /usr), with the libraries they link, and
// writes a client config that loads the native protocol and the metadata marshaller only.
void add_pipewire_client_files(const std::filesystem::path& runtime_files);

}  // namespace sandbox::test
