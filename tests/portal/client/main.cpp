// portal-client SUBCOMMAND ARGS…: an app's side of the portals, for the portal tests. Each
// subcommand prints key=value lines; the exit statuses are in client.hpp.
#include <cstdio>
#include <cstring>

#include "client.hpp"

namespace portal_client {

extern const Command kOpenFile;
extern const Command kSaveFile;
extern const Command kSaveFiles;
extern const Command kOpenUri;
extern const Command kClipboardRequest;
extern const Command kClipboardMimeTypes;
extern const Command kClipboardRead;
extern const Command kClipboardWrite;
extern const Command kDocumentsAdd;
extern const Command kDocumentsGrant;
extern const Command kDocumentsRevoke;
extern const Command kDocumentsDelete;
extern const Command kDocumentsInfo;

const std::vector<Command>& commands() {
    static const std::vector<Command> table{
        kOpenFile,           kSaveFile,        kSaveFiles,      kOpenUri,      kClipboardRequest,
        kClipboardMimeTypes, kClipboardRead,   kClipboardWrite, kDocumentsAdd, kDocumentsGrant,
        kDocumentsRevoke,    kDocumentsDelete, kDocumentsInfo};
    return table;
}

namespace {

int usage() {
    std::fprintf(stderr, "usage: portal-client SUBCOMMAND ARGS…\n");
    for (const Command& command : commands()) std::fprintf(stderr, "  %s\n", command.usage);
    return kExitUsage;
}

}  // namespace
}  // namespace portal_client

int main(int argc, char** argv) {
    using namespace portal_client;
    if (argc < 2) return usage();
    for (const Command& command : commands())
        if (std::strcmp(command.name, argv[1]) == 0)
            return command.run(Arguments(argv + 2, argv + argc));
    std::fprintf(stderr, "portal-client: unknown subcommand %s\n", argv[1]);
    return usage();
}
