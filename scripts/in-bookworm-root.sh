#!/usr/bin/env bash
# Runs a command as root inside a Debian root made by scripts/bookworm-root.sh, with
# /proc, /sys, /dev (and /dev/pts, /dev/shm) mounted and a clean login environment:
#   scripts/in-bookworm-root.sh ROOT COMMAND [ARG...]
# Daemons that packages would start on installation are not started (policy-rc.d),
# as in any chroot; everything else is as on the installed system.
set -euo pipefail
ROOT=$(realpath "${1:?usage: in-bookworm-root.sh ROOT COMMAND...}")
shift
[ $# -gt 0 ] || { echo "in-bookworm-root.sh: no command" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "in-bookworm-root.sh: needs root" >&2; exit 1; }

mounted=()
cleanup() {
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
    umount "${mounted[i]}" 2>/dev/null || umount -l "${mounted[i]}" 2>/dev/null || true
  done
}
trap cleanup EXIT
mnt() {  # mnt TARGET MOUNT-ARGS...
  local target=$1; shift
  [ -e "$target" ] || mkdir -p "$target"
  mount "$@" "$target"
  mounted+=("$target")
}
mnt "$ROOT/proc" -t proc proc
mnt "$ROOT/sys" -t sysfs sysfs
mnt "$ROOT/dev" -t tmpfs -o mode=755,nosuid tmpfs
for node in null zero full random urandom tty; do
  touch "$ROOT/dev/$node"
  mnt "$ROOT/dev/$node" --bind "/dev/$node"
done
ln -sfn /proc/self/fd "$ROOT/dev/fd"
ln -sfn /proc/self/fd/0 "$ROOT/dev/stdin"
ln -sfn /proc/self/fd/1 "$ROOT/dev/stdout"
ln -sfn /proc/self/fd/2 "$ROOT/dev/stderr"
mnt "$ROOT/dev/pts" -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts
ln -sfn pts/ptmx "$ROOT/dev/ptmx"
mnt "$ROOT/dev/shm" -t tmpfs -o mode=1777,nosuid,nodev tmpfs

cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf" 2>/dev/null || true
if [ ! -e "$ROOT/usr/sbin/policy-rc.d" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$ROOT/usr/sbin/policy-rc.d"
  chmod 755 "$ROOT/usr/sbin/policy-rc.d"
fi

set +e
chroot "$ROOT" /usr/bin/env -i HOME=/root USER=root LOGNAME=root TERM=dumb \
  PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin ${CI:+CI=$CI} \
  ${NODE_EXTRA_CA_CERTS:+NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt} "$@"
rc=$?
set -e
exit $rc
