#include <gmock/gmock.h>

#include "exec_line.hpp"

namespace sandbox::portals {
namespace {

using ::testing::ElementsAre;

DesktopEntryFacts entry(std::string exec) {
    return {std::move(exec), "Viewer", "viewer-icon", "/usr/share/applications/viewer.desktop"};
}

const ExecTarget kFile{"file:///home/me/a%20b.txt", "/home/me/a b.txt"};
const ExecTarget kLink{"https://example.org/?q=1", ""};

TEST(ExpandExecLine, FilesAndUrisTakeTheirPlaces) {
    EXPECT_THAT(*expand_exec_line(entry("viewer %f"), kFile),
                ElementsAre("viewer", "/home/me/a b.txt"));
    EXPECT_THAT(*expand_exec_line(entry("viewer %U"), kFile),
                ElementsAre("viewer", "file:///home/me/a%20b.txt"));
    EXPECT_THAT(*expand_exec_line(entry("browser --new %u"), kLink),
                ElementsAre("browser", "--new", "https://example.org/?q=1"));
    // A link given where a file is expected stays a link: there is no local path.
    EXPECT_THAT(*expand_exec_line(entry("viewer %F"), kLink),
                ElementsAre("viewer", "https://example.org/?q=1"));
}

TEST(ExpandExecLine, QuotingIsTheShellsAndTheTargetIsNeverSplitOrInterpreted) {
    const ExecTarget hostile{"file:///tmp/x;rm%20-rf", "/tmp/x;rm -rf $(id) `id` \"'"};
    EXPECT_THAT(*expand_exec_line(entry("\"/opt/my app/run\" --file=%f"), hostile),
                ElementsAre("/opt/my app/run", "--file=/tmp/x;rm -rf $(id) `id` \"'"));
}

TEST(ExpandExecLine, OtherCodes) {
    EXPECT_THAT(
        *expand_exec_line(entry("viewer %i %c %k 100%% %d %m %u"), kLink),
        ElementsAre("viewer", "--icon", "viewer-icon", "Viewer",
                    "/usr/share/applications/viewer.desktop", "100%", "https://example.org/?q=1"));
    DesktopEntryFacts no_icon = entry("viewer %i %u");
    no_icon.icon.clear();
    EXPECT_THAT(*expand_exec_line(no_icon, kLink),
                ElementsAre("viewer", "https://example.org/?q=1"));
}

TEST(ExpandExecLine, RefusesWhatCannotBeRun) {
    EXPECT_FALSE(expand_exec_line(entry("viewer %z"), kLink));
    EXPECT_FALSE(expand_exec_line(entry("viewer %"), kLink));
    EXPECT_FALSE(expand_exec_line(entry("\"unterminated"), kLink));
    EXPECT_FALSE(expand_exec_line(entry(""), kLink));
    EXPECT_FALSE(expand_exec_line(entry("%u"), ExecTarget{}));
}

}  // namespace
}  // namespace sandbox::portals
