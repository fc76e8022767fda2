// A destination whose parent is a symlink pointing out of the new root must not create or mount
// anything outside it (catalog S17/S18 from the launcher's side; bwrap resolves such paths inside
// its own root, and ours with RESOLVE_IN_ROOT). The launcher may refuse or may stay inside; either
// way the host path stays as it was, and the fixture checks the host mount table.

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "support/sandbox_test.hpp"

namespace sandbox::test {
namespace {

enum class LinkKind { kAbsolute, kRelative };
enum class Target { kAbsent, kExistingDir };
enum class Operation { kBind, kRoBind, kDir, kTmpfs, kSymlink, kFile, kRoBindData };

// The options that put something at /escape/x; fd 5 carries the data of the data options.
std::vector<std::string> put_at_escape_x(Operation operation, const std::string& source) {
    switch (operation) {
        case Operation::kBind:
            return {"--bind", source, "/escape/x"};
        case Operation::kRoBind:
            return {"--ro-bind", source, "/escape/x"};
        case Operation::kDir:
            return {"--dir", "/escape/x"};
        case Operation::kTmpfs:
            return {"--tmpfs", "/escape/x"};
        case Operation::kSymlink:
            return {"--symlink", "/probe", "/escape/x"};
        case Operation::kFile:
            return {"--file", "5", "/escape/x"};
        case Operation::kRoBindData:
            return {"--ro-bind-data", "5", "/escape/x"};
    }
    return {};
}

const char* name_of(Operation operation) {
    switch (operation) {
        case Operation::kBind:
            return "Bind";
        case Operation::kRoBind:
            return "RoBind";
        case Operation::kDir:
            return "Dir";
        case Operation::kTmpfs:
            return "Tmpfs";
        case Operation::kSymlink:
            return "Symlink";
        case Operation::kFile:
            return "File";
        case Operation::kRoBindData:
            return "RoBindData";
    }
    return "?";
}

void PrintTo(Operation operation, std::ostream* out) {
    *out << name_of(operation);
}

void PrintTo(LinkKind link, std::ostream* out) {
    *out << (link == LinkKind::kAbsolute ? "absolute link" : "relative link");
}

void PrintTo(Target target, std::ostream* out) {
    *out << (target == Target::kAbsent ? "to an absent host dir" : "to an existing host dir");
}

using EscapeParam = std::tuple<Operation, LinkKind, Target>;

class SymlinkEscape : public SandboxTest, public ::testing::WithParamInterface<EscapeParam> {
  protected:
    std::filesystem::path target() const { return scratch() / "outside-target"; }
    std::filesystem::path source() const { return scratch() / "source"; }

    std::string link_text() const {
        if (std::get<LinkKind>(GetParam()) == LinkKind::kAbsolute) return target().string();
        return "../../../../../../../.." + target().string();
    }

    std::vector<std::string> options() const {
        std::vector<std::string> all{"--symlink", link_text(), "/escape"};
        auto operation = put_at_escape_x(std::get<Operation>(GetParam()), source());
        all.insert(all.end(), operation.begin(), operation.end());
        return all;
    }
};

TEST_P(SymlinkEscape, NothingIsCreatedOutsideTheRoot) {
    std::filesystem::create_directories(source());
    write_file(source() / "marker", "source\n");
    bool target_exists = std::get<Target>(GetParam()) == Target::kExistingDir;
    if (target_exists) std::filesystem::create_directories(target());
    UniqueFd data = data_fd("data\n");
    CommandOptions command_options;
    command_options.extra_fds = {{data.get(), 5}};

    CommandResult result = run_probe(options(), {"stat", "/escape/x"}, command_options);

    EXPECT_FALSE(result.timed_out);
    EXPECT_EQ(std::filesystem::exists(target()), target_exists) << result.err;
    if (target_exists) {
        EXPECT_TRUE(std::filesystem::is_empty(target())) << result.err;
    }
    EXPECT_EQ(read_file(source() / "marker"), "source\n");
}

std::string case_name(const ::testing::TestParamInfo<EscapeParam>& info) {
    const auto& [operation, link, target] = info.param;
    return std::string(name_of(operation)) +
           (link == LinkKind::kAbsolute ? "AbsoluteLink" : "RelativeLink") +
           (target == Target::kAbsent ? "ToAbsentDir" : "ToExistingDir");
}

INSTANTIATE_TEST_SUITE_P(
    Destinations, SymlinkEscape,
    ::testing::Combine(::testing::Values(Operation::kBind, Operation::kRoBind, Operation::kDir,
                                         Operation::kTmpfs, Operation::kSymlink, Operation::kFile,
                                         Operation::kRoBindData),
                       ::testing::Values(LinkKind::kAbsolute, LinkKind::kRelative),
                       ::testing::Values(Target::kAbsent, Target::kExistingDir)),
    case_name);

}  // namespace
}  // namespace sandbox::test
