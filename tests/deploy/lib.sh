# Shared by the tests in tests/deploy (sourced). Each test prints one line per check and
# closes with "N passed, N failed" (", N skipped"); it exits non-zero when a check failed.
REPO=${REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
BUILD_DIR=${BUILD_DIR:-$REPO/build}
CLASSROOMD_BIN=${CLASSROOMD_BIN:-$BUILD_DIR/classroomd}
passed=0 failed=0 skipped=0

ok()   { passed=$((passed + 1)); echo "ok    $*"; }
bad()  { failed=$((failed + 1)); echo "FAIL  $*"; }
skip() { skipped=$((skipped + 1)); echo "skip  $*"; }
check() {  # check NAME COMMAND...: passes when COMMAND succeeds
  local name=$1; shift
  if "$@"; then ok "$name"; else bad "$name"; fi
}
finish() {
  if [ $skipped -gt 0 ]; then echo "$passed passed, $failed failed, $skipped skipped"
  else echo "$passed passed, $failed failed"; fi
  [ $failed -eq 0 ]
}

# free_port: a TCP port on loopback nobody listens on now.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_http URL [TRIES]: until URL answers at all (any status), 0.2 s apart.
wait_http() {
  local url=$1 tries=${2:-150}
  for _ in $(seq "$tries"); do
    curl -sk -o /dev/null "$url" 2>/dev/null && return 0
    sleep 0.2
  done
  return 1
}

# The Debian packages the deploy tests use, installed when missing (as root).
need_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing packages: ${missing[*]} (run as root or install them)" >&2
    return 1
  fi
  echo "installing: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null 2>&1 || {
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
  }
}

# The nginx tests' exit: stops what they started ($NGINX_PID, $APP_PID) and removes
# their work directory $T, or keeps it with the logs' last lines when a check failed.
stop_nginx_and_app() {
  [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null
  wait 2>/dev/null
  if [ $failed -gt 0 ]; then
    echo "--- nginx error log"; tail -20 "$T/log/error.log" 2>/dev/null
    echo "--- classroomd log"; tail -20 "$T/classroomd.log" 2>/dev/null
    echo "(kept $T)"
  else
    rm -rf "$T"
  fi
}
