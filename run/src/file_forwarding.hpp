#pragma once

// `sandbox run --file-forwarding` (docs/RUN.md, "File forwarding"): each host file named between
// the markers is opened here and, unless the sandbox shows it at the same path already, exported
// to the document portal for the app by sandbox-file-forwarding, which runs while the rest of the
// sandbox is prepared. The app gets /run/user/UID/doc/DOCID/NAME (or its file: URI) in its place;
// a file that cannot be exported is passed unchanged, with one warning naming it.

#include <optional>
#include <string>
#include <vector>

#include "file_forwarding_helper.hpp"
#include "sandbox/common/fd.hpp"
#include "sandbox/run/file_forwarding_args.hpp"
#include "sandbox/run/plan_inputs.hpp"

namespace sandbox::run {

struct ForwardingHost {
    std::string app_id;
    uid_t uid = 0;
    std::string session_bus;  // "" when there is none
};

class FileForwarding {
  public:
    // `inputs`: the sandbox's filesystem plan, app dirs and --persist dirs are filled in.
    static FileForwarding start(const std::vector<AppArgument>& args, const PlanInputs& inputs,
                                const ForwardingHost& host, std::vector<std::string>& warnings);
    // The app's arguments, the files replaced; waits for the helper when it was started.
    std::vector<std::string> finish(std::vector<std::string>& warnings);
    // Whether some file was exported (the app's view of the store must then be bound).
    [[nodiscard]] bool exported_any() const { return exported_any_; }

  private:
    // A file waiting for the portal: which argument, its fd, its name in the store, its path.
    struct Pending {
        std::size_t index = 0;
        UniqueFd fd;
        std::string name;
        std::string real_path;
    };

    void take(std::size_t index, const PlanInputs& inputs, std::vector<std::string>& warnings);
    void pass_unchanged(std::size_t index, const std::string& reason,
                        std::vector<std::string>& warnings);
    void start_exports(const ForwardingHost& host, std::vector<std::string>& warnings);

    std::vector<AppArgument> args_;
    std::vector<std::string> result_;
    std::vector<Pending> pending_;
    std::vector<ExportRequest> requests_;
    std::optional<ExportHelper> helper_;
    uid_t uid_ = 0;
    bool exported_any_ = false;
};

}  // namespace sandbox::run
