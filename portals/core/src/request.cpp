#include "sandbox/portals/request.hpp"

#include <random>

#include "sandbox/portals/portal_errors.hpp"

namespace sandbox::portals {
namespace {

constexpr const char* kRequestInterface = "org.freedesktop.portal.Request";
constexpr const char* kRequestBase = "/org/freedesktop/portal/desktop/request/";
constexpr std::size_t kMaxTokenLength = 128;

bool is_token(const std::string& token) {
    return !token.empty() && token.size() <= kMaxTokenLength &&
           token.find_first_not_of(
               "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
               "0123456789_") == std::string::npos;
}

std::string sender_element(const std::string& sender) {
    std::string element = sender.starts_with(':') ? sender.substr(1) : sender;
    for (char& c : element)
        if (c == '.') c = '_';
    return element;
}

std::string token_of(const Options& options) {
    auto entry = options.find("handle_token");
    if (entry == options.end()) return "t";
    if (entry->second.peekValueType() != "s")
        throw_portal_error(kErrorInvalidArgument, "handle_token must be a string");
    return entry->second.get<std::string>();
}

std::string random_element() {
    static std::mt19937_64 generator{std::random_device{}()};
    return "r" + std::to_string(generator());
}

}  // namespace

std::string request_handle_path(const std::string& sender, const std::string& token) {
    const std::string element = sender_element(sender);
    if (!is_token(token) || element.empty() ||
        element.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                  "0123456789_") != std::string::npos)
        return {};
    return kRequestBase + element + "/" + token;
}

Request::Request(sdbus::IConnection& bus, std::string path, std::string sender)
    : bus_(bus), path_(std::move(path)), sender_(std::move(sender)) {
    object_ = sdbus::createObject(bus_, path_);
    object_->registerMethod("Close").onInterface(kRequestInterface).implementedAs([this]() {
        const sdbus::Message* call = object_->getCurrentlyProcessedMessage();
        if (call == nullptr || call->getSender() != sender_)
            throw_portal_error(kErrorNotAllowed, "Only the caller may close its request");
        close();
    });
    object_->finishRegistration();
}

Request::~Request() = default;

void Request::respond(std::uint32_t response, const Options& results) {
    if (finished_) return;
    finished_ = true;
    auto signal = object_->createSignal(kRequestInterface, "Response");
    signal.setDestination(sender_);
    signal << response << results;
    object_->emitSignal(signal);
}

void Request::close() {
    if (finished_) return;
    finished_ = true;
    if (on_close_) std::exchange(on_close_, nullptr)();
}

std::shared_ptr<Request> Requests::create(const std::string& sender, const Options& options) {
    const std::string token = token_of(options);
    std::string path = request_handle_path(sender, token);
    if (path.empty()) throw_portal_error(kErrorInvalidArgument, "Invalid handle_token");
    prune();
    std::size_t open_for_sender = 0;
    for (const auto& [existing_path, request] : by_path_)
        if (auto live = request.lock(); live && live->sender() == sender) ++open_for_sender;
    if (open_for_sender >= kMaxOpenPerSender)
        throw_portal_error(kErrorNotAllowed, "Too many requests open");
    while (by_path_.contains(path))
        path = request_handle_path(sender, token) + "/" + random_element();
    auto request = std::make_shared<Request>(bus_, path, sender);
    by_path_.emplace(path, request);
    return request;
}

void Requests::sender_left(const std::string& sender) {
    for (auto& [path, request] : by_path_)
        if (auto live = request.lock(); live && live->sender() == sender) live->close();
    prune();
}

void Requests::prune() {
    std::erase_if(by_path_, [](const auto& entry) {
        auto live = entry.second.lock();
        return !live || live->finished();
    });
}

}  // namespace sandbox::portals
