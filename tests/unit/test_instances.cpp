// The instance registry's pure parts: reading bwrapinfo.json, naming instances.

#include <gtest/gtest.h>

#include "sandbox/instances/instance.hpp"

namespace sandbox::instances {
namespace {

TEST(Instances, ChildPidFromTheLaunchersReport) {
    EXPECT_EQ(parse_child_pid("{\n    \"child-pid\": 4242,\n    \"mnt-namespace\": 1\n}\n"), 4242);
    EXPECT_EQ(parse_child_pid("{ \"child-pid\": 7 }"), 7);
    EXPECT_EQ(parse_child_pid(""), 0);
    EXPECT_EQ(parse_child_pid("{ \"child-pid\": "), 0);
    EXPECT_EQ(parse_child_pid("{ \"child-pid\": -3 }"), 0);
}

TEST(Instances, TargetIsAnInstanceIdOrAnApp) {
    std::vector<InstanceRecord> running(3);
    running[0].id = "11";
    running[0].app = "org.a.App";
    running[1].id = "22";
    running[1].app = "org.b.App";
    running[2].id = "33";
    running[2].app = "org.a.App";
    EXPECT_EQ(matching_instances(running, "22").size(), 1u);
    EXPECT_EQ(matching_instances(running, "org.a.App").size(), 2u);
    EXPECT_TRUE(matching_instances(running, "org.c.App").empty());
}

}  // namespace
}  // namespace sandbox::instances
