#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "sandbox/portals/backends.hpp"

namespace sandbox::portals {
namespace {

const std::string kChooser = "org.freedesktop.impl.portal.FileChooser";

PortalFile portal(std::string name, std::string bus, std::vector<std::string> interfaces,
                  std::vector<std::string> use_in) {
    return {std::move(name), std::move(bus), std::move(interfaces), std::move(use_in)};
}

TEST(ChooseBackend, PrefersTheOneUsedInTheCurrentDesktop) {
    std::vector<PortalFile> portals{portal("gnome.portal", "org.gnome", {kChooser}, {"gnome"}),
                                    portal("gtk.portal", "org.gtk", {kChooser}, {"xfce"})};
    EXPECT_EQ(choose_backend(portals, {"ubuntu", "XFCE"}, kChooser), "org.gtk");
}

TEST(ChooseBackend, FallsBackToAnyImplementation) {
    std::vector<PortalFile> portals{portal("a.portal", "org.a", {"other"}, {"kde"}),
                                    portal("b.portal", "org.b", {kChooser}, {"gnome"})};
    EXPECT_EQ(choose_backend(portals, {"kde"}, kChooser), "org.b");
    EXPECT_EQ(choose_backend(portals, {"kde"}, "org.freedesktop.impl.portal.Missing"),
              std::nullopt);
}

TEST(ReadPortalFiles, ReadsKeyfilesInNameOrderAndSkipsBrokenOnes) {
    const auto dir =
        std::filesystem::temp_directory_path() / ("portal-files-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "b.portal")
        << "[portal]\nDBusName=org.b\nInterfaces=" << kChooser << ";x;\nUseIn=test\n";
    std::ofstream(dir / "a.portal") << "[portal]\nDBusName=org.a\nInterfaces=y\n";
    std::ofstream(dir / "c.portal") << "not a keyfile";
    std::ofstream(dir / "d.txt") << "[portal]\nDBusName=org.d\n";
    auto portals = read_portal_files(dir);
    std::filesystem::remove_all(dir);
    ASSERT_EQ(portals.size(), 2u);
    EXPECT_EQ(portals[0].bus_name, "org.a");
    EXPECT_EQ(portals[1].interfaces, (std::vector<std::string>{kChooser, "x"}));
    EXPECT_EQ(portals[1].use_in, std::vector<std::string>{"test"});
}

}  // namespace
}  // namespace sandbox::portals
