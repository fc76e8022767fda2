#pragma once

// What `sandbox run` and its helper sandbox-file-forwarding (run/file-forwarding/) say to each
// other. The helper is the one to speak D-Bus (GIO, which `sandbox` does not load):
//   sandbox-file-forwarding SESSION_BUS_ADDRESS APP_ID SPEC…
// each SPEC an inherited fd, "FD[,write][,directory]", exported with Documents.AddFull for
// APP_ID; it prints one line per SPEC, in order: "doc ID", "visible" (the portal says the app sees
// the file already) or "error MESSAGE". This file is compiled into both programs.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sandbox::run {

struct ExportRequest {
    int fd = -1;  // O_PATH, the file itself (a final link followed)
    bool writable = false;
    bool directory = false;
    bool operator==(const ExportRequest&) const = default;
};

std::string export_spec(const ExportRequest& request);
std::optional<ExportRequest> parse_export_spec(std::string_view spec);

// Documents.AddFull's flags and permissions for a forwarded file: reused if exported before,
// persistent, not exported when the app sees it anyway; read, write when the user may write it,
// and the right to hand it on.
inline constexpr std::uint32_t kAddReuseExisting = 1;
inline constexpr std::uint32_t kAddPersistent = 2;
inline constexpr std::uint32_t kAddAsNeededByApp = 4;
inline constexpr std::uint32_t kAddExportDirectory = 8;
std::uint32_t add_full_flags(const ExportRequest& request);
std::vector<std::string> add_full_permissions(const ExportRequest& request);

struct ExportAnswer {
    enum class Kind { Document, Visible, Failed };
    Kind kind = Kind::Failed;
    std::string text;  // the document's id, or why it failed
    bool operator==(const ExportAnswer&) const = default;
};

// One line, without its newline; control characters in a message become '?'.
std::string answer_line(const ExportAnswer& answer);
// The helper's output; a line that is none of the three (or a document id that could name
// another directory of the store) is a failure.
std::vector<ExportAnswer> parse_answers(std::string_view output);

// A document id as a store names its directories: letters, digits, '-' and '_', at most 64.
bool is_document_id(std::string_view id);

}  // namespace sandbox::run
