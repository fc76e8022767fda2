#pragma once

// A method call's body from a signature and one command-line word per argument:
//   y u h   a number           b   true|false          s o g   text
//   ay      text (its bytes)   as  comma-separated     a{sv}   KEY=T:VALUE,… (T one of
//                                                              s o g b u h y ay; "" is empty)
// Any text may end in @repeat:N:TEXT, TEXT N times (huge strings without huge argv).

#include <string>
#include <vector>

namespace raw_dbus {

// Throws std::invalid_argument for a signature or word it cannot marshal.
std::string marshal_body(const std::string& signature, const std::vector<std::string>& args);

// `word` with a trailing @repeat:N:TEXT expanded (header fields take it too).
std::string expand_repeats(const std::string& word);

// Splits a signature into its complete types ("sa{sv}h" → s, a{sv}, h).
std::vector<std::string> complete_types(const std::string& signature);

}  // namespace raw_dbus
