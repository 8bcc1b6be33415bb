#!/usr/bin/env bash
# Makes a pristine Debian 12 (bookworm) root in DIR with debootstrap, from the Debian
# mirror this machine's apt is configured with, and gives it the same apt sources.
#   scripts/bookworm-root.sh DIR
# A copy of the pristine root is kept as $CLASSROOM_BOOKWORM_CACHE/pristine.tar
# (default /var/tmp/classroom-bookworm); later calls unpack that copy instead of running
# debootstrap again. Needs root. Installs debootstrap when it is missing.
set -euo pipefail
DIR=${1:?usage: bookworm-root.sh DIR}
CACHE=${CLASSROOM_BOOKWORM_CACHE:-/var/tmp/classroom-bookworm}
[ "$(id -u)" -eq 0 ] || { echo "bookworm-root.sh: needs root" >&2; exit 1; }

# The first Debian (not security) mirror in this machine's apt sources.
debian_mirror() {
  local f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    uri=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' "$f")
    [ -n "$uri" ] && { echo "$uri"; return; }
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    uri=$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^(http|https|file):/) { print $i; exit } }' "$f")
    [ -n "$uri" ] && { echo "$uri"; return; }
  done
  echo http://deb.debian.org/debian
}

mkdir -p "$DIR"
if [ -n "$(ls -A "$DIR" 2>/dev/null)" ]; then
  echo "bookworm-root.sh: $DIR is not empty" >&2
  exit 1
fi
if [ -f "$CACHE/pristine.tar" ]; then
  tar -C "$DIR" -xf "$CACHE/pristine.tar"
  exit 0
fi

command -v debootstrap >/dev/null || {
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap
}
MIRROR=$(debian_mirror)
echo "debootstrap bookworm from $MIRROR into $DIR"
debootstrap --variant=minbase bookworm "$DIR" "$MIRROR" > "$DIR.debootstrap.log" 2>&1 || {
  tail -30 "$DIR.debootstrap.log" >&2
  exit 1
}
rm -f "$DIR.debootstrap.log"

# The machine's own apt sources (bookworm, updates, security), as a fresh install has.
rm -f "$DIR/etc/apt/sources.list"
# Only Debian's own archives: no third-party repository of this machine comes along.
debian_sources=()
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  grep -E '^URIs:' "$f" | grep -qvE '/debian(-security)?/?( |$)' || debian_sources+=("$f")
done
if [ ${#debian_sources[@]} -gt 0 ]; then
  cp "${debian_sources[@]}" "$DIR/etc/apt/sources.list.d/"
elif [ -f /etc/apt/sources.list ]; then
  cp /etc/apt/sources.list "$DIR/etc/apt/sources.list"
else
  echo "deb $MIRROR bookworm main" > "$DIR/etc/apt/sources.list"
fi
apt-get clean -o RootDir="$DIR" 2>/dev/null || rm -f "$DIR"/var/cache/apt/archives/*.deb

mkdir -p "$CACHE"
tar -C "$DIR" -cf "$CACHE/pristine.tar.part" . && mv "$CACHE/pristine.tar.part" "$CACHE/pristine.tar"
