#pragma once

#include <cerrno>
#include <string>
#include <utility>
#include <variant>

namespace sandbox {

// What failed, on which path, and the errno it failed with. Rendered once, at the top, as one line:
// "Can't mount tmpfs on /tmp: Permission denied".
struct Error {
    std::string what;
    int code = 0;  // errno, or 0 when the failure is not a system call's

    [[nodiscard]] std::string message() const;
};

Error system_error(std::string what, int code = errno);
Error usage_error(std::string what);

// Either a value or an Error. No exceptions cross the clone()/exec() window, so everything that
// runs there returns one of these.
template <typename T>
class [[nodiscard]] Result {
  public:
    Result(T value) : state_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
    Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

    [[nodiscard]] bool ok() const { return std::holds_alternative<T>(state_); }
    explicit operator bool() const { return ok(); }
    T& value() { return std::get<T>(state_); }
    const T& value() const { return std::get<T>(state_); }
    T& operator*() { return value(); }
    T* operator->() { return &value(); }
    const Error& error() const { return std::get<Error>(state_); }
    Error take_error() { return std::move(std::get<Error>(state_)); }

  private:
    std::variant<T, Error> state_;
};

struct Ok {};
using Status = Result<Ok>;
inline Status ok_status() {
    return Ok{};
}

}  // namespace sandbox

// Returns the error of a failed Status/Result from the enclosing function.
#define SANDBOX_TRY(expr)                                            \
    do {                                                             \
        if (auto sandbox_try_result_ = (expr); !sandbox_try_result_) \
            return sandbox_try_result_.take_error();                 \
    } while (0)
