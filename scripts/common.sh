# Shared by scripts/setup and scripts/test: where the build goes.
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# When run as root the tests drop to an ordinary user, who must be able to reach the binaries: if
# the checkout sits below a directory others cannot enter (e.g. /root), build outside it.
default_build_dir() {
  local dir=$repo_root
  if [ "$(id -u)" -eq 0 ]; then
    while [ "$dir" != "/" ]; do
      if [ "$(( 0$(stat -c %a "$dir") & 1 ))" -eq 0 ]; then
        echo "/var/tmp/sandbox-build-$(echo "$repo_root" | md5sum | cut -c1-8)"
        return
      fi
      dir=$(dirname "$dir")
    done
  fi
  echo "$repo_root/build"
}

build_dir=${SANDBOX_BUILD_DIR:-$(default_build_dir)}
jobs=$(nproc)
