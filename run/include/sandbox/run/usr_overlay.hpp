#pragma once

// A Debian-packaged app is a layer over its runtime's /usr ([Application] usr-overlay=true): its
// files/ has the runtime's shape and holds only what its packages add. The sandbox composes the
// two per process: /usr is a read-only overlay, the app's files over the runtime's, both given to
// the launcher as fds; /etc's entries come from both layers' etc/. Pure.

#include <string>
#include <vector>

#include "sandbox/launcher/plan.hpp"
#include "sandbox/run/plan_inputs.hpp"

namespace sandbox::run {

// /usr: the runtime's files/ bound read-only, or, for a layered app, a read-only overlay with the
// app's files/ over the runtime's.
launcher::MountOp usr_mount(const RuntimeTree& runtime, const AppTree& app);

// The usr-merge links to make (bin, lib, … → usr/…): those the runtime has, and for a layered app
// also those only the layer has.
std::vector<std::string> usr_merged_dirs(const RuntimeTree& runtime, const AppTree& app);

// The entries of the sandbox's /etc: the runtime's, or for a layered app the union of both
// layers' etc/ with the app's entry winning on a name clash, as it does in the composed /usr/etc.
// Sorted by name.
std::vector<EtcEntry> composed_etc(const RuntimeTree& runtime, const AppTree& app);

// Where /etc/NAME of a layered app points when the entry is not a link: the composed
// /usr/etc/NAME (a directory both layers have shows the files of both).
std::string composed_etc_target(const std::string& name);

}  // namespace sandbox::run
