#include "session/support/gdbus_call.hpp"

namespace sandbox::test {

std::vector<std::string> gdbus_call_arguments(const std::string& bus, const std::string& dest,
                                              const std::string& path, const std::string& method,
                                              const std::vector<std::string>& args) {
    std::vector<std::string> argv{"call",          bus,  "--dest",   dest,
                                  "--object-path", path, "--method", method};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
}

::testing::AssertionResult refused_with(const CommandResult& result,
                                        const std::vector<std::string>& errors) {
    if (result.status == 0)
        return ::testing::AssertionFailure() << "the call succeeded: " << result.out;
    for (const std::string& error : errors)
        if (result.err.find("org.freedesktop.DBus.Error." + error) != std::string::npos)
            return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure()
           << "status " << result.status << ", stdout: " << result.out << "stderr: " << result.err;
}

}  // namespace sandbox::test
