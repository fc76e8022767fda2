// SECURITY-CATALOG S28 (and the raw side of S29/S30): an app inside `sandbox run` speaking raw
// D-Bus to the proxied session bus (/run/user/UID/bus) with bytes no library would send —
// authentication as another uid, odd BEGIN lines (CVE-2018-6560), garbage after BEGIN, forged
// sender fields, driver methods without their interface, huge header fields, fds past the count.
// Each case runs portal-raw-client twice in one sandbox, so on one proxy: the odd connection,
// which must never reach the hidden service nor a forbidden driver method, then a good call to a
// granted service, which must still be answered. Every refusal is checked against the same bytes
// sent straight to the bus, which the hidden service answers.
#include <gmock/gmock.h>
#include <unistd.h>

#include <filesystem>

#include "session/support/private_bus.hpp"
#include "session/support/session_test.hpp"
#include "session/support/test_bus_service.hpp"

namespace sandbox::test {
namespace {

using ::testing::AnyOf;
using ::testing::HasSubstr;
using ::testing::Not;

using Words = std::vector<std::string>;

constexpr const char* kService = "org.example.Service";
constexpr const char* kHidden = "org.example.Hidden";
constexpr const char* kTestPath = "/org/example/Test";
constexpr const char* kTestInterface = "org.example.Test";
constexpr const char* kDriver = "org.freedesktop.DBus";
constexpr const char* kDriverPath = "/org/freedesktop/DBus";
constexpr const char* kRawClient = "portal-raw-client";
constexpr const char* kSeparator = "=== good call\n";

std::string hex_of(const std::string& text) {
    static const char* digits = "0123456789abcdef";
    std::string hex;
    for (unsigned char c : text) {
        hex += digits[c >> 4];
        hex += digits[c & 0xf];
    }
    return hex;
}

// What a shell word needs to reach the program unchanged.
std::string quoted(const std::string& word) {
    std::string text = "'";
    for (char c : word) text += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return text + "'";
}

Words ping(const std::string& name) {
    return {name, kTestPath, kTestInterface, "Ping"};
}

// The AUTH line with our uid, in the raw client's escapes.
std::string auth_line() {
    return "\\0AUTH EXTERNAL " + hex_of(std::to_string(::getuid())) + "\\r\\n";
}

struct Outcome {
    std::string odd;   // the odd connection's output (and its exit status)
    std::string good;  // the good call's output after it
};

class ProxyRaw : public SessionTest {
  protected:
    static void SetUpTestSuite() { set_up_suite({"gdbus", SANDBOX_TEST_RAW_CLIENT}); }

    void SetUp() override {
        SessionTest::SetUp();
        bus_ = PrivateBus::start_session(scratch() / "session-bus");
        services_.push_back(start_test_service(bus_->address(), kService));
        services_.push_back(start_test_service(bus_->address(), kHidden));
    }

    void TearDown() override {
        services_.clear();
        bus_.reset();
        SessionTest::TearDown();
    }

    // Inside one sandbox (--talk-name=kService): portal-raw-client ODD…, then a Ping of kService.
    Outcome odd_then_good(const Words& odd) {
        std::string script = std::string(kRawClient) + " --timeout-ms=5000";
        for (const std::string& word : odd) script += " " + quoted(word);
        script += "; echo \"status=$?\"; printf '" + std::string(kSeparator) + "'; " + kRawClient;
        for (const std::string& word : ping(kService)) script += " " + quoted(word);
        Words argv{"run",
                   "--installation=" + installation_dir().string(),
                   std::string("--talk-name=") + kService,
                   "--command=sh",
                   kAppId,
                   "-c",
                   script};
        const CommandResult result = sandbox(argv, {"DBUS_SESSION_BUS_ADDRESS=" + bus_->address()});
        const std::size_t at = result.out.find(kSeparator);
        EXPECT_NE(at, std::string::npos) << result.out << result.err;
        if (at == std::string::npos) return {result.out, ""};
        return {result.out.substr(0, at), result.out.substr(at + std::string(kSeparator).size())};
    }

    // The same odd bytes straight to the bus, from the host: the control.
    CommandResult straight_to_the_bus(const Words& odd) {
        Words argv{SANDBOX_TEST_RAW_CLIENT, "--timeout-ms=5000", "--address=" + bus_->address()};
        argv.insert(argv.end(), odd.begin(), odd.end());
        return run_command(argv);
    }

    // The odd connection never got the hidden service's answer nor anything else but a refusal,
    // and the proxy still served the good call after it.
    static void expect_refused_then_good(const Outcome& outcome) {
        EXPECT_THAT(outcome.odd, Not(HasSubstr("arg=pong")));
        EXPECT_THAT(outcome.odd, Not(HasSubstr("reply=return")));
        EXPECT_THAT(outcome.good, HasSubstr("arg=pong")) << "the proxy stopped serving";
    }

    std::unique_ptr<PrivateBus> bus_;
    std::vector<std::unique_ptr<ChildProcess>> services_;
};

// The plain raw client through the proxy: the granted service answers, the hidden one does not,
// and on the bus itself the hidden one answers the same bytes.
TEST_F(ProxyRaw, RawClientReachesGrantedNamesOnly) {
    const Outcome outcome = odd_then_good(ping(kHidden));
    EXPECT_THAT(outcome.odd, AnyOf(HasSubstr("error=org.freedesktop.DBus.Error.ServiceUnknown"),
                                   HasSubstr("error=org.freedesktop.DBus.Error.NameHasNoOwner"),
                                   HasSubstr("error=org.freedesktop.DBus.Error.AccessDenied")))
        << outcome.odd;
    expect_refused_then_good(outcome);
    EXPECT_THAT(straight_to_the_bus(ping(kHidden)).out, HasSubstr("arg=pong"));
}

TEST_F(ProxyRaw, AuthenticationAsAnotherUidIsRejected) {
    Words odd{"--auth-uid=0"};
    const Words call = ping(kService);
    odd.insert(odd.end(), call.begin(), call.end());
    const Outcome outcome = odd_then_good(odd);
    EXPECT_THAT(outcome.odd, HasSubstr("sasl=REJECTED")) << outcome.odd;
    EXPECT_THAT(outcome.odd, HasSubstr("status=3"));
    expect_refused_then_good(outcome);
}

// CVE-2018-6560: BEGIN with trailing blanks, split, in lower case, with odd bytes, after an
// overlong line; each then Hello and a call to the hidden name, written as the client goes or all
// in one write (pipelined authentication).
TEST_F(ProxyRaw, OddBeginLinesNeverReachHiddenNames) {
    const std::string auth = auth_line();
    const std::vector<std::string> openings{
        auth + "|BEGIN \\r\\n",
        auth + "|BEGIN\\t\\r\\n",
        auth + "|BE|GIN\\r\\n",
        auth + "|begin\\r\\n",
        auth + "|BEGIN\\xff\\r\\n",
        auth + "|BEG\\0IN\\r\\n",
        auth + "|DATA " + std::string(17 * 1024, 'A') + "\\r\\n|BEGIN\\r\\n",
        auth + "NEGOTIATE_UNIX_FD\\r\\nBEGIN \\r\\n",
    };
    for (const std::string& opening : openings) {
        for (const bool one_write : {false, true}) {
            SCOPED_TRACE(opening.substr(0, 80) + (one_write ? " (one write)" : ""));
            Words odd{"--sasl=" + opening};
            if (one_write) odd.emplace_back("--one-write");
            const Words call = ping(kHidden);
            odd.insert(odd.end(), call.begin(), call.end());
            expect_refused_then_good(odd_then_good(odd));
        }
    }
}

TEST_F(ProxyRaw, GarbageAfterBeginClosesThatConnectionOnly) {
    Words odd{"--after-begin=garbage that is not a message\\r\\n"};
    const Words call = ping(kService);
    odd.insert(odd.end(), call.begin(), call.end());
    const Outcome outcome = odd_then_good(odd);
    EXPECT_THAT(outcome.odd, AnyOf(HasSubstr("hello=closed"), HasSubstr("hello=unanswered")))
        << outcome.odd;
    expect_refused_then_good(outcome);
}

// The bus sets the sender; a field claiming the bus driver's or another's name opens nothing.
TEST_F(ProxyRaw, ForgedSenderDoesNotOpenHiddenNames) {
    for (const std::string& sender : {std::string(kDriver), std::string(":1.0")}) {
        SCOPED_TRACE(sender);
        Words odd{"--sender=" + sender};
        const Words call = ping(kHidden);
        odd.insert(odd.end(), call.begin(), call.end());
        expect_refused_then_good(odd_then_good(odd));
    }
}

// BecomeMonitor (and UpdateActivationEnvironment) refused whether the call names the interface,
// names another of the driver's, or none (the driver finds a method by its member alone).
TEST_F(ProxyRaw, ForbiddenDriverMethodsAreRefusedWhateverTheInterface) {
    const std::vector<Words> forbidden{
        {kDriver, kDriverPath, "org.freedesktop.DBus.Monitoring", "BecomeMonitor", "asu", "", "0"},
        {kDriver, kDriverPath, "", "BecomeMonitor", "asu", "", "0"},
        {kDriver, kDriverPath, "org.freedesktop.DBus", "BecomeMonitor", "asu", "", "0"},
        {kDriver, kDriverPath, "org.freedesktop.DBus.Peer", "BecomeMonitor", "asu", "", "0"},
        {kDriver, kDriverPath, "", "UpdateActivationEnvironment", "a{sv}", ""},
    };
    for (const Words& odd : forbidden) {
        SCOPED_TRACE(odd[2] + "." + odd[3]);
        const Outcome outcome = odd_then_good(odd);
        EXPECT_THAT(outcome.odd, AnyOf(HasSubstr("error=org.freedesktop.DBus.Error.AccessDenied"),
                                       HasSubstr("reply=closed")))
            << outcome.odd;
        expect_refused_then_good(outcome);
    }
    // The control: with no interface the bus itself makes the caller a monitor.
    Words control = forbidden[1];
    EXPECT_THAT(straight_to_the_bus(control).out, HasSubstr("reply=return"));
}

TEST_F(ProxyRaw, HugeHeaderFieldsAreRefused) {
    const std::string long_name = std::string(kService) + ".@repeat:100000:a";
    const std::vector<Words> odd_calls{
        {long_name, kTestPath, kTestInterface, "Ping"},
        {kService, "/org/example/@repeat:100000:a", kTestInterface, "Ping"},
        {kService, kTestPath, "org.example.@repeat:100000:a", "Ping"},
        {kService, kTestPath, kTestInterface, "Ping@repeat:100000:a"},
    };
    for (const Words& odd : odd_calls) {
        const Outcome outcome = odd_then_good(odd);
        expect_refused_then_good(outcome);
    }
}

// The UNIX_FDS field claims more fds than came, or a body indexes past them.
TEST_F(ProxyRaw, FdsPastTheCountAreRefused) {
    const std::vector<Words> odd_calls{
        {"--fds=1", "--header-fds=3", kService, kTestPath, kTestInterface, "Ping"},
        {"--fds=1", kService, kTestPath, kTestInterface, "Ping", "h", "5"},
        {"--header-fds=2", kHidden, kTestPath, kTestInterface, "Ping"},
    };
    for (const Words& odd : odd_calls) {
        SCOPED_TRACE(odd[0] + " " + odd[1]);
        const Outcome outcome = odd_then_good(odd);
        EXPECT_THAT(outcome.odd, Not(HasSubstr("arg=pong")));
        EXPECT_THAT(outcome.good, HasSubstr("arg=pong")) << "the proxy stopped serving";
    }
}

}  // namespace
}  // namespace sandbox::test
