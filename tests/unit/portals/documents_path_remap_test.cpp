#include <gtest/gtest.h>

#include "sandbox/portals/documents/path_remap.hpp"

namespace sandbox::portals::documents {
namespace {

const PathRemap kRemap{"/run/user/1000/doc", "/run/user/1000/doc"};

Caller sandboxed(std::string app_path = "/apps/org.example.App/files") {
    Caller caller;
    caller.kind = Caller::Kind::Sandboxed;
    caller.app_id = "org.example.App";
    caller.app_path = std::move(app_path);
    caller.runtime_path = "/runtimes/org.example.Platform/files";
    return caller;
}

TEST(PathRemap, HostPathsStayAsTheyAre) {
    EXPECT_EQ(host_path_for("/app/bin/x", Caller{}, kRemap), std::filesystem::path("/app/bin/x"));
}

TEST(PathRemap, AppUsrAndTheDocumentDirMoveToTheHost) {
    EXPECT_EQ(host_path_for("/app/bin/x", sandboxed(), kRemap),
              std::filesystem::path("/apps/org.example.App/files/bin/x"));
    EXPECT_EQ(host_path_for("/app", sandboxed(), kRemap),
              std::filesystem::path("/apps/org.example.App/files"));
    EXPECT_EQ(host_path_for("/usr/lib/libc.so", sandboxed(), kRemap),
              std::filesystem::path("/runtimes/org.example.Platform/files/lib/libc.so"));
    EXPECT_EQ(host_path_for("/run/user/1000/doc/abcd1234/a.txt", sandboxed(), kRemap),
              std::filesystem::path("/run/user/1000/doc/by-app/org.example.App/abcd1234/a.txt"));
}

TEST(PathRemap, OtherPathsAreTheHostsAndPrefixesMatchWholeElements) {
    EXPECT_EQ(host_path_for("/home/u/a.txt", sandboxed(), kRemap),
              std::filesystem::path("/home/u/a.txt"));
    EXPECT_EQ(host_path_for("/application/x", sandboxed(), kRemap),
              std::filesystem::path("/application/x"));
    EXPECT_EQ(host_path_for("/usrx", sandboxed(), kRemap), std::filesystem::path("/usrx"));
}

TEST(PathRemap, AnAppPathWithoutAHostCounterpartHasNone) {
    EXPECT_FALSE(host_path_for("/app/bin/x", sandboxed(""), kRemap));
}

TEST(PathRemap, RelativeTo) {
    EXPECT_EQ(relative_to("/a/b/c", "/a"), std::filesystem::path("b/c"));
    EXPECT_EQ(relative_to("/a", "/a"), std::filesystem::path());
    EXPECT_FALSE(relative_to("/ab", "/a"));
    EXPECT_FALSE(relative_to("/a", ""));
}

}  // namespace
}  // namespace sandbox::portals::documents
