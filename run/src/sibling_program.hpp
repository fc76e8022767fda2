#pragma once

// The helper programs `sandbox run` starts (sandbox-a11y-address, sandbox-document-portal) are
// installed next to it: the path of one of them, beside this program (`sandbox` or
// `sandbox-cli`); the bare name when /proc/self/exe cannot be read.

#include <string>

namespace sandbox::run {

std::string sibling_program(const std::string& name);

}  // namespace sandbox::run
