#!/bin/bash
# Installed as /app/bin/probe-view: prints what the app sees, section by section, using only the
# runtime's few programs. The test normalises what legitimately changes between runs (instance id,
# namespace inode numbers, FLATPAK_BWRAP) and compares the rest between bwrap and sandbox-launch.

section() { printf '## %s\n' "$1"; }

listing() {
  section "ls $1"
  ls -la --time-style=+ "$1" 2>&1
}

writability() {
  local path=$1 target=$1
  [ -d "$path" ] && target=$path/.probe-write
  if (: >>"$target") 2>/dev/null; then
    echo "$path writable"
    [ "$target" != "$path" ] && rm -f "$target"
  else
    echo "$path refused"
  fi
}

section identity
id
echo "pid $$"
echo "cwd $(pwd)"
echo "umask $(umask)"
echo "hostname $(cat /proc/sys/kernel/hostname)"

section "visible pids"
for entry in /proc/[0-9]*; do echo "${entry#/proc/}"; done

section "open fds of the shell"
for entry in /proc/$$/fd/*; do echo "${entry##*/}"; done

section status
while read -r key value; do
  case $key in
    Uid:|Gid:|Groups:|NoNewPrivs:|Seccomp:|Seccomp_filters:|Cap*:) echo "$key $value" ;;
  esac
done </proc/self/status

section "id maps"
cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups

section namespaces
ls -l /proc/self/ns | while read -r _ _ _ _ _ _ _ _ name _ target; do echo "$name $target"; done

section environment
env | sort

section flatpak-info
cat /.flatpak-info

section mountinfo
cat /proc/self/mountinfo

for directory in / /app /app/bin /usr /usr/bin /etc /dev /run /run/host /run/flatpak /run/user \
                 "$XDG_RUNTIME_DIR" /var /sys "$HOME"; do
  listing "$directory"
done

section writability
for path in /usr /app /etc /etc/passwd /.flatpak-info /tmp /var/tmp /run/user "$XDG_RUNTIME_DIR" \
            "$HOME" "$XDG_DATA_HOME" /dev/shm /proc/sys/kernel/hostname; do
  writability "$path"
done
