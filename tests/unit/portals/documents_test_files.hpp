#pragma once

// A private temporary directory for the document store's unit tests, removed afterwards.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace sandbox::portals::documents::testing {

class DocumentsTempDir : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "documents-XXXXXX").string();
        ASSERT_NE(mkdtemp(pattern.data()), nullptr);
        dir_ = pattern;
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    [[nodiscard]] const std::filesystem::path& dir() const { return dir_; }

    std::filesystem::path make_file(const std::string& name, const std::string& content = "x") {
        std::filesystem::path path = dir_ / name;
        std::filesystem::create_directories(path.parent_path());
        std::ofstream(path) << content;
        return path;
    }

  private:
    std::filesystem::path dir_;
};

}  // namespace sandbox::portals::documents::testing
