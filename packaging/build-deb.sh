#!/usr/bin/env bash
# Builds the Debian packages from what `make build` left in BUILD_DIR:
#   classroomd_<version>_<arch>.deb    the server, the web app, the systemd unit, the
#                                      configuration, the nginx example
#   classroom-sim_<version>_<arch>.deb the node simulator
#   packaging/build-deb.sh BUILD_DIR OUT_DIR
# Version: packaging/VERSION plus the commit (+git<count>.<hash>), or $CLASSROOM_VERSION.
# Web app: $CLASSROOM_WEB_ROOT (default web/dist). Runs lintian when it is installed
# (LINTIAN=0 skips it) and fails on any lintian error.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
BUILD_DIR=$(cd "${1:-$REPO/build}" && pwd)
OUT=${2:-$BUILD_DIR/deb}
WEB_ROOT=${CLASSROOM_WEB_ROOT:-$REPO/web/dist}
ARCH=$(dpkg --print-architecture)

for tool in dpkg-deb dpkg-shlibdeps; do
  command -v $tool > /dev/null || { echo "build-deb.sh: $tool missing (apt-get install dpkg-dev)" >&2; exit 1; }
done
[ -x "$BUILD_DIR/classroomd" ] || { echo "build-deb.sh: no $BUILD_DIR/classroomd (make build)" >&2; exit 1; }
[ -f "$WEB_ROOT/index.html" ] || { echo "build-deb.sh: no web app in $WEB_ROOT (make build)" >&2; exit 1; }

if [ -n "${CLASSROOM_VERSION:-}" ]; then
  VERSION=$CLASSROOM_VERSION
else
  VERSION=$(tr -d ' \n' < "$HERE/VERSION")
  if git -C "$REPO" rev-parse HEAD > /dev/null 2>&1; then
    VERSION+="+git$(git -C "$REPO" rev-list --count HEAD).$(git -C "$REPO" rev-parse --short=10 HEAD)"
  fi
fi
# The changelog's date is the commit's, so the same commit always gives the same package.
DATE=$(git -C "$REPO" log -1 --format=%aD 2>/dev/null || date -R -d @0)
MAINTAINER="Classroom Tracker maintainers <classroom-tracker@campus.example>"

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# common_files PKG STAGE: copyright and changelog, as policy wants them
common_files() {
  local pkg=$1 stage=$2 doc=$2/usr/share/doc/$1
  install -d "$doc"
  install -m 0644 "$HERE/copyright" "$doc/copyright"
  printf '%s (%s) bookworm; urgency=medium\n\n  * Built from commit %s.\n\n -- %s  %s\n' \
    "$pkg" "$VERSION" "$(git -C "$REPO" rev-parse HEAD 2>/dev/null || echo unknown)" "$MAINTAINER" "$DATE" \
    | gzip -9n > "$doc/changelog.gz"
  chmod 0644 "$doc/changelog.gz"
}

# shlibdeps STAGE BINARY...: the Depends the binaries' shared libraries need
shlibdeps() {
  local stage=$1; shift
  mkdir -p "$WORK/shlibs/debian"
  printf 'Source: classroom\n\nPackage: classroom\nArchitecture: any\n' > "$WORK/shlibs/debian/control"
  (cd "$WORK/shlibs" && dpkg-shlibdeps -O -e "$@" 2>/dev/null) | sed -n 's/^shlibs:Depends=//p'
}

# finish PKG STAGE: permissions, md5sums, the .deb
finish() {
  local pkg=$1 stage=$2
  find "$stage" -path "$stage/DEBIAN" -prune -o -type d -exec chmod 0755 {} +
  (cd "$stage" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z \
    | xargs -0 md5sum > DEBIAN/md5sums)
  chmod 0644 "$stage/DEBIAN/md5sums" "$stage/DEBIAN/control"
  dpkg-deb --root-owner-group -Zxz --build "$stage" "$OUT/${pkg}_${VERSION}_${ARCH}.deb" > /dev/null
  echo "$OUT/${pkg}_${VERSION}_${ARCH}.deb"
}

# ---------------------------------------------------------------- classroomd
S=$WORK/classroomd
install -d "$S/DEBIAN" "$S/usr/bin" "$S/usr/share/classroom" "$S/lib/systemd/system" "$S/etc/classroom"
install -m 0755 "$BUILD_DIR/classroomd" "$S/usr/bin/classroomd"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$S/usr/bin/classroomd"
cp -r "$WEB_ROOT" "$S/usr/share/classroom/web"
find "$S/usr/share/classroom/web" -type f -exec chmod 0644 {} +
install -m 0644 "$REPO/deploy/classroomd.service" "$S/lib/systemd/system/classroomd.service"
install -m 0600 "$HERE/classroomd.env" "$S/etc/classroom/classroomd.env"
common_files classroomd "$S"
EX=$S/usr/share/doc/classroomd/examples
install -d "$EX"
install -m 0644 "$REPO/deploy/nginx.conf" "$EX/nginx-classroom.conf"
install -m 0644 "$REPO/deploy/nginx-upstream.conf" "$EX/nginx-classroomd-upstream.conf"
for f in postinst prerm postrm; do install -m 0755 "$HERE/classroomd.$f" "$S/DEBIAN/$f"; done
echo /etc/classroom/classroomd.env > "$S/DEBIAN/conffiles"
chmod 0644 "$S/DEBIAN/conffiles"
DEPENDS=$(shlibdeps "$S" "$S/usr/bin/classroomd")
# Webhook deliveries go through libcurl (OpenSSL flavour): the package must pull it in.
case "$DEPENDS" in *libcurl4*) ;; *) echo "libcurl4 is missing from the Depends of classroomd" >&2; exit 1 ;; esac
SIZE=$(du -sk --exclude=DEBIAN "$S" | cut -f1)
cat > "$S/DEBIAN/control" <<EOF
Package: classroomd
Version: $VERSION
Architecture: $ARCH
Maintainer: $MAINTAINER
Installed-Size: $SIZE
Depends: $DEPENDS, adduser, tzdata
Recommends: nginx | nginx-light
Suggests: postgresql-15
Section: net
Priority: optional
Homepage: https://classrooms.campus.example/
Description: Smart Classroom Utilization Tracker server
 classroomd records whether the campus's classrooms are occupied, as reported by
 a small node in each room, knows the booking calendar, and tells each node
 whether its room's power should stay on: idle rooms nobody booked are switched
 off, booked rooms never are.
 .
 It serves the REST and WebSocket API, the admin dashboard and the staff booking
 portal, and stores its data in SQLite (default, /var/lib/classroom) or
 PostgreSQL. Configuration: /etc/classroom/classroomd.env; systemd unit
 classroomd.service; an nginx configuration for TLS is in the examples.
EOF
finish classroomd "$S"

# ---------------------------------------------------------------- classroom-sim
if [ -x "$BUILD_DIR/classroom-sim" ]; then
  S=$WORK/classroom-sim
  install -d "$S/DEBIAN" "$S/usr/bin"
  install -m 0755 "$BUILD_DIR/classroom-sim" "$S/usr/bin/classroom-sim"
  strip --strip-unneeded --remove-section=.comment --remove-section=.note "$S/usr/bin/classroom-sim"
  common_files classroom-sim "$S"
  DEPENDS=$(shlibdeps "$S" "$S/usr/bin/classroom-sim")
  SIZE=$(du -sk --exclude=DEBIAN "$S" | cut -f1)
  cat > "$S/DEBIAN/control" <<EOF
Package: classroom-sim
Version: $VERSION
Architecture: $ARCH
Maintainer: $MAINTAINER
Installed-Size: $SIZE
Depends: $DEPENDS
Section: net
Priority: optional
Homepage: https://classrooms.campus.example/
Description: Smart Classroom Utilization Tracker node simulator
 classroom-sim runs any number of virtual classroom nodes, built from the real
 node firmware's decision core, against a classroomd server: for demos,
 end-to-end tests and load tests.
EOF
  finish classroom-sim "$S"
fi

if [ "${LINTIAN:-1}" != 0 ] && command -v lintian > /dev/null; then
  lintian --fail-on error "$OUT"/*_"${VERSION}"_"${ARCH}".deb
fi
