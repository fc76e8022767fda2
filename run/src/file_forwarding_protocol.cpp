#include "sandbox/run/file_forwarding_protocol.hpp"

#include <charconv>

namespace sandbox::run {
namespace {

constexpr std::string_view kWrite = ",write";
constexpr std::string_view kDirectory = ",directory";
constexpr std::string_view kDocument = "doc ";
constexpr std::string_view kVisible = "visible";
constexpr std::string_view kFailed = "error ";
constexpr std::size_t kLongestId = 64;
constexpr const char* kNoAnswer = "no answer from sandbox-file-forwarding";

bool take_suffix(std::string_view& text, std::string_view suffix) {
    if (!text.ends_with(suffix)) return false;
    text.remove_suffix(suffix.size());
    return true;
}

ExportAnswer answer_of(std::string_view line) {
    if (line.starts_with(kDocument)) {
        const std::string_view id = line.substr(kDocument.size());
        if (is_document_id(id)) return {ExportAnswer::Kind::Document, std::string(id)};
        return {ExportAnswer::Kind::Failed, "the document portal answered an invalid id"};
    }
    if (line == kVisible) return {ExportAnswer::Kind::Visible, {}};
    if (line.starts_with(kFailed))
        return {ExportAnswer::Kind::Failed, std::string(line.substr(kFailed.size()))};
    return {ExportAnswer::Kind::Failed, kNoAnswer};
}

}  // namespace

std::string export_spec(const ExportRequest& request) {
    std::string spec = std::to_string(request.fd);
    if (request.writable) spec += kWrite;
    if (request.directory) spec += kDirectory;
    return spec;
}

std::optional<ExportRequest> parse_export_spec(std::string_view spec) {
    ExportRequest request;
    request.directory = take_suffix(spec, kDirectory);
    request.writable = take_suffix(spec, kWrite);
    const char* end = spec.data() + spec.size();
    auto [parsed, error] = std::from_chars(spec.data(), end, request.fd);
    if (spec.empty() || error != std::errc() || parsed != end || request.fd < 0)
        return std::nullopt;
    return request;
}

std::uint32_t add_full_flags(const ExportRequest& request) {
    return kAddReuseExisting | kAddPersistent | kAddAsNeededByApp |
           (request.directory ? kAddExportDirectory : 0);
}

std::vector<std::string> add_full_permissions(const ExportRequest& request) {
    if (request.writable) return {"read", "write", "grant-permissions"};
    return {"read", "grant-permissions"};
}

std::string answer_line(const ExportAnswer& answer) {
    switch (answer.kind) {
        case ExportAnswer::Kind::Document:
            return std::string(kDocument) + answer.text;
        case ExportAnswer::Kind::Visible:
            return std::string(kVisible);
        case ExportAnswer::Kind::Failed:
            break;
    }
    std::string line = std::string(kFailed) + answer.text;
    for (char& character : line)
        if (static_cast<unsigned char>(character) < 0x20 || character == 0x7f) character = '?';
    return line;
}

std::vector<ExportAnswer> parse_answers(std::string_view output) {
    std::vector<ExportAnswer> answers;
    while (!output.empty()) {
        const std::size_t end = output.find('\n');
        if (end == std::string_view::npos) {  // cut short: the helper was killed writing it
            answers.push_back({ExportAnswer::Kind::Failed, kNoAnswer});
            break;
        }
        answers.push_back(answer_of(output.substr(0, end)));
        output.remove_prefix(end + 1);
    }
    return answers;
}

bool is_document_id(std::string_view id) {
    if (id.empty() || id.size() > kLongestId) return false;
    for (const char character : id) {
        const bool allowed =
            (character >= 'a' && character <= 'z') || (character >= 'A' && character <= 'Z') ||
            (character >= '0' && character <= '9') || character == '-' || character == '_';
        if (!allowed) return false;
    }
    return true;
}

}  // namespace sandbox::run
