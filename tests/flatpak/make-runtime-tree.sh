#!/bin/bash
# Fills DEST (a runtime's files/, which flatpak mounts at /usr) with a few host programs and the
# libraries they load, copied, so the runtime stays a few MB like BASELINE.md's.
# Usage: make-runtime-tree.sh DEST [PROGRAM...]   (PROGRAMs: more host programs, by name)
set -euo pipefail

dest=$1
shift
programs=(bash cat ls id env sort rm true "$@")

mkdir -p "$dest/bin" "$dest/etc"
for program in "${programs[@]}"; do
  cp "$(type -P "$program")" "$dest/bin/"
done
ln -s bash "$dest/bin/sh"
# flatpak regenerates the app's ld.so.cache with the runtime's own ldconfig when there is one.
cp /usr/sbin/ldconfig "$dest/bin/ldconfig"
# Empty: flatpak then supplies its own /etc/ld.so.conf.
: >"$dest/etc/ld.so.conf"

# The host's /lib... paths are /usr/lib... (usr-merge); inside the runtime they are relative to
# files/, which becomes /usr.
runtime_path() {
  local path=${1#/usr}
  echo "${path#/}"
}

while read -r library; do
  target=$(runtime_path "$(readlink -f "$library")")
  mkdir -p "$dest/$(dirname "$target")"
  [ -e "$dest/$(dirname "$target")/$(basename "$library")" ] ||
    cp "$(readlink -f "$library")" "$dest/$(dirname "$target")/$(basename "$library")"
  link=$(runtime_path "$library")
  if [ "$(dirname "$link")" != "$(dirname "$target")" ] && [ ! -e "$dest/$link" ]; then
    mkdir -p "$dest/$(dirname "$link")"
    ln -s "/usr/$(dirname "$target")/$(basename "$library")" "$dest/$link"
  fi
done < <(for program in "${programs[@]}"; do ldd "$(type -P "$program")"; done |
           awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | sort -u)
