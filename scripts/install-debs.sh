#!/usr/bin/env bash
# Install the Debian packages given as arguments, only those not installed yet.
#
# Another process may hold the package manager's lock (a fresh machine running its own updates, a shared CI
# machine): wait for it, up to APT_LOCK_WAIT seconds (default 600), saying so once, instead of failing at once.
set -euo pipefail
missing=()
for package in "$@"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
wait_limit=${APT_LOCK_WAIT:-600}
# The locks apt and dpkg take (overridable for the tests, which cannot lock the real ones).
read -r -a locks <<< "${APT_LOCK_FILES:-/var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock /var/cache/apt/archives/lock}"
apt_get=${APT_GET:-apt-get}

locked() {
  local lock
  for lock in "${locks[@]}"; do
    [ -e "$lock" ] || continue
    # apt and dpkg lock with fcntl (POSIX record locks), other tools with flock; the two kinds do not see each
    # other, so both are tried. Opened read-only and a shared lock only: nothing is created or changed.
    if ! $sudo flock -n "$lock" true 2>/dev/null; then
      return 0
    fi
    if ! $sudo python3 -c 'import fcntl, sys; fcntl.lockf(open(sys.argv[1], "rb"), fcntl.LOCK_SH | fcntl.LOCK_NB)' \
        "$lock" 2>/dev/null; then
      return 0
    fi
  done
  return 1
}

waited=0
said=""
while locked; do
  if [ -z "$said" ]; then
    echo "另一个进程正在使用软件包管理器（apt/dpkg），最多等待 ${wait_limit} 秒……"
    echo "Another process holds the package manager's lock (apt/dpkg); waiting up to ${wait_limit} s ..."
    said=yes
  fi
  if [ "$waited" -ge "$wait_limit" ]; then
    echo "错误：软件包管理器在 ${wait_limit} 秒后仍被占用，没有安装：${missing[*]}。请等它结束后重试（或设置 APT_LOCK_WAIT=秒数）。" >&2
    echo "Error: the package manager was still locked after ${wait_limit} s; not installed: ${missing[*]}. Try again when it is done (or set APT_LOCK_WAIT=seconds)." >&2
    exit 1
  fi
  sleep 1
  waited=$((waited + 1))
done
[ -n "$said" ] && echo "软件包管理器已空闲（等待了 ${waited} 秒）。/ The package manager is free (waited ${waited} s)."

remaining=$((wait_limit - waited))
echo "Installing Debian packages: ${missing[*]}"
# Lock::Timeout covers the moment between the check above and apt taking the locks itself.
$sudo "$apt_get" -o DPkg::Lock::Timeout="$remaining" update -qq
DEBIAN_FRONTEND=noninteractive $sudo "$apt_get" -o DPkg::Lock::Timeout="$remaining" install -y -qq \
  --no-install-recommends "${missing[@]}" >/dev/null
