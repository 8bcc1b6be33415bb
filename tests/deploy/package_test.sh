#!/usr/bin/env bash
# The Debian packages, for real: `packaging/build-deb.sh` from the build outputs (lintian
# without errors), installed with apt into a pristine Debian 12 root (dependencies come
# from Debian's mirror), then the installed classroomd started the way the installed
# systemd unit starts it (its User, EnvironmentFile, WorkingDirectory and ExecStart):
# /healthz and the web app answer. Needs root (chroot).
# The pristine root is the one scripts/fresh-debian-check.sh (scripts/bookworm-root.sh)
# keeps in /var/tmp/classroom-bookworm/pristine.tar; without it the test makes it with
# debootstrap in CI and is skipped elsewhere.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
CACHE=${CLASSROOM_BOOKWORM_CACHE:-/var/tmp/classroom-bookworm}

if [ "$(id -u)" -ne 0 ]; then
  [ -n "${CI:-}" ] && { echo "the package test needs root"; exit 1; }
  echo "skip: the package test needs root (chroot)"; exit 77
fi
if [ ! -f "$CACHE/pristine.tar" ] && [ -z "${CI:-}" ]; then
  echo "skip: no pristine Debian 12 root in $CACHE/pristine.tar;" \
    "make one with scripts/bookworm-root.sh DIR (or scripts/fresh-debian-check.sh)"
  exit 77
fi
[ -x "$BUILD_DIR/classroomd" ] || { echo "no $BUILD_DIR/classroomd (make build)"; exit 1; }
need_packages dpkg-dev lintian binutils curl debootstrap || exit 1

T=$(mktemp -d /var/tmp/classroom-package.XXXXXX)
ROOT=$T/root
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null
    for _ in $(seq 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
  fi
  wait 2>/dev/null
  if grep -q " $ROOT/" <<< "$(mount)"; then
    echo "warning: mounts left under $ROOT; not removing it"
  elif [ $failed -gt 0 ]; then
    echo "(kept $T)"
  else
    rm -rf --one-file-system "$T"
  fi
}
trap cleanup EXIT
inroot() { "$REPO/scripts/in-bookworm-root.sh" "$ROOT" "$@"; }

# --- build the packages; lintian must find no error
if "$REPO/packaging/build-deb.sh" "$BUILD_DIR" "$T/deb" > "$T/build-deb.log" 2>&1; then
  ok "packaging/build-deb.sh builds the packages, lintian finds no error"
else
  bad "packaging/build-deb.sh builds the packages, lintian finds no error"; sed 's/^/      /' "$T/build-deb.log"
  finish; exit 1
fi
sed -n 's/^[WE]: /      lintian: &/p' "$T/build-deb.log"
DEB=$(ls "$T"/deb/classroomd_*.deb)
SIM=$(ls "$T"/deb/classroom-sim_*.deb 2>/dev/null)
check "package name classroomd_<version>_$(dpkg --print-architecture).deb ($(basename "$DEB"))" \
  bash -c '[[ $(basename "$1") =~ ^classroomd_[0-9][^_]*_[a-z0-9]+\.deb$ ]]' _ "$DEB"
check "classroom-sim package built" test -n "$SIM"
depends=$(dpkg-deb -f "$DEB" Depends)
check "Depends computed from the binary's libraries (libsodium, SOCI, Boost.JSON)" \
  bash -c '[[ $1 == *libsodium23* && $1 == *libsoci-core* && $1 == *libboost-json* ]]' _ "$depends"

# --- a pristine Debian 12 root, the packages installed with apt
"$REPO/scripts/bookworm-root.sh" "$ROOT" > "$T/root.log" 2>&1 || { cat "$T/root.log"; bad "pristine root"; finish; exit 1; }
cp "$DEB" $SIM "$ROOT/tmp/"
if inroot bash -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends /tmp/*.deb' \
    > "$T/install.log" 2>&1; then
  ok "apt installs both packages and their dependencies into a fresh Debian 12"
else
  bad "apt installs both packages and their dependencies into a fresh Debian 12"; tail -30 "$T/install.log" | sed 's/^/      /'
  finish; exit 1
fi

check "/usr/bin/classroomd and /usr/bin/classroom-sim installed" test -x "$ROOT/usr/bin/classroomd" -a -x "$ROOT/usr/bin/classroom-sim"
check "the web app under /usr/share/classroom/web" test -f "$ROOT/usr/share/classroom/web/index.html"
check "/etc/classroom/classroomd.env is root's, mode 0600" test "$(stat -c '%a %U' "$ROOT/etc/classroom/classroomd.env")" = "600 root"
conffiles=$(inroot dpkg-query -W -f='${Conffiles}' classroomd 2>/dev/null)
check "/etc/classroom/classroomd.env is a conffile" grep -q '/etc/classroom/classroomd.env' <<< "$conffiles"
uid=$(awk -F: '$1 == "classroom" { print $3 }' "$ROOT/etc/passwd")
check "a classroom system user (uid ${uid:-none})" test -n "$uid" -a "${uid:-1000}" -lt 1000
# (numeric ids: the names are the root's, not this machine's)
check "/var/lib/classroom belongs to classroom, mode 0750" test "$(stat -c '%a %u' "$ROOT/var/lib/classroom")" = "750 $uid"
UNIT=$ROOT/lib/systemd/system/classroomd.service
check "systemd unit installed with its hardening" \
  bash -c 'grep -q "^ExecStart=/usr/bin/classroomd " "$1" && grep -q "^ProtectSystem=strict" "$1" && grep -q "^NoNewPrivileges=true" "$1" && grep -q "^EnvironmentFile=/etc/classroom/classroomd.env" "$1"' _ "$UNIT"

# --- start the installed binary as the installed unit does
unit() { sed -n "s/^$1=//p" "$UNIT" | head -1; }
USER_=$(unit User) ENVFILE=$(unit EnvironmentFile) WORKDIR=$(unit WorkingDirectory) EXEC=$(unit ExecStart)
PORT=$(free_port)
# Only the port differs from the installed configuration (8080 may be taken on this machine).
cat > "$ROOT/tmp/start.sh" <<EOF
#!/bin/sh
set -e
cd $WORKDIR
vars=\$(grep -E '^[A-Za-z_][A-Za-z0-9_]*=' $ENVFILE)
echo \$\$ > /tmp/server.pid
exec setpriv --reuid=$USER_ --regid=$USER_ --init-groups \\
  env -i PATH=/usr/bin:/bin \$vars CLASSROOM_LISTEN=127.0.0.1:$PORT $EXEC
EOF
chmod 755 "$ROOT/tmp/start.sh"
inroot /tmp/start.sh > "$T/server.log" 2>&1 &
CHROOT_PID=$!
for _ in $(seq 100); do [ -s "$ROOT/tmp/server.pid" ] && break; sleep 0.1; done
SERVER_PID=$(cat "$ROOT/tmp/server.pid" 2>/dev/null)
if wait_http "http://127.0.0.1:$PORT/healthz" 300; then
  h=$(curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/healthz")
  check "installed classroomd answers /healthz ($h)" test "$h" = 200
  curl -sS -o "$T/index.html" "http://127.0.0.1:$PORT/"
  check "installed classroomd serves the web app" grep -q 'id="root"' "$T/index.html"
  asset=$(grep -oE 'src="/assets/[^"]+\.js"' "$T/index.html" | head -1 | sed 's/^src="//; s/"$//')
  a=$(curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT${asset:-/none}")
  check "and its scripts ($asset: $a)" test "$a" = 200
  check "it runs as classroom" test "$(stat -c %u /proc/$SERVER_PID 2>/dev/null)" = "$uid"
  check "its SQLite database is in /var/lib/classroom" test -f "$ROOT/var/lib/classroom/classroom.db"
else
  bad "installed classroomd starts"; tail -20 "$T/server.log" | sed 's/^/      /'
fi
kill "$SERVER_PID" 2>/dev/null
wait "$CHROOT_PID" 2>/dev/null
SERVER_PID=

# --- removal and purge leave the system clean but keep the data
if inroot bash -c 'DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq classroomd classroom-sim' > "$T/purge.log" 2>&1; then
  ok "apt purges both packages"
else
  bad "apt purges both packages"; tail -20 "$T/purge.log" | sed 's/^/      /'
fi
check "purge removes /etc/classroom/classroomd.env and keeps /var/lib/classroom's data" \
  test ! -e "$ROOT/etc/classroom/classroomd.env" -a -f "$ROOT/var/lib/classroom/classroom.db"

finish
