#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace sandbox::test::flatpak {

// Namespace name ("net") to the link /proc/self/ns/<name> reads as ("net:[4026531840]").
using Namespaces = std::map<std::string, std::string>;
Namespaces namespaces_of_this_process();

// What the app printed with probe-view, split into its "## name" sections, with what legitimately
// changes from one run to the next made constant: the instance id, namespace inode numbers
// (reduced to "host" or "new"), mount ids and sources, and FLATPAK_BWRAP itself.
class AppView {
  public:
    static AppView parse(const std::string& probe_output, const Namespaces& host_namespaces);

    [[nodiscard]] std::vector<std::string> section_names() const;
    // The section's lines, "" when there is no such section.
    [[nodiscard]] std::string section(const std::string& name) const;
    [[nodiscard]] const std::string& instance_id() const { return instance_id_; }

  private:
    std::vector<std::pair<std::string, std::string>> sections_;
    std::string instance_id_;
};

// A /proc/self/mountinfo line reduced to what the app sees: mount point, mount options,
// propagation tags without their peer group numbers, file system type and super options.
std::string visible_mount(const std::string& mountinfo_line);

// The top-level keys of a flat JSON object such as bwrap's --info-fd output, sorted.
std::vector<std::string> json_keys(const std::string& json);

}  // namespace sandbox::test::flatpak
