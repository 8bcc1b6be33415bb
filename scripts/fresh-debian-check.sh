#!/usr/bin/env bash
# Does the README's set-up really work on a fresh Debian 12? Makes a pristine bookworm
# root with debootstrap (scripts/bookworm-root.sh), puts a clean clone of this
# repository's current commit in it, chroots in as root and runs, timing each:
#   apt-get install make git    (what a fresh machine needs to get the repository)
#   make build
#   make run                    (until the demo answers /healthz and the web app, then stopped)
#   make test
#   scripts/fresh-debian-check.sh [WORKDIR]      default /var/tmp/classroom-fresh
# Steps can be chosen with FRESH_STEPS="build run test". FRESH_MERGE=REF checks the
# current commit merged with REF (e.g. main), as it will be once it lands. Needs root; takes long (an hour
# or more on 2 cores): run it with nice in the background and read its log.
# The root is left in WORKDIR/root for the package test (tests/deploy); a pristine copy
# of it stays in /var/tmp/classroom-bookworm/pristine.tar.
set -uo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
WORK=${1:-/var/tmp/classroom-fresh}
ROOT=$WORK/root
STEPS=${FRESH_STEPS:-build run test}
RUN_PORT=${FRESH_RUN_PORT:-18480}

[ "$(id -u)" -eq 0 ] || { echo "fresh-debian-check.sh: needs root" >&2; exit 1; }
COMMIT=$(git -C "$REPO" rev-parse HEAD)
BRANCH=$(git -C "$REPO" rev-parse --abbrev-ref HEAD)
git -C "$REPO" diff --quiet HEAD || echo "note: uncommitted changes are not part of the check (commit $COMMIT)"

declare -A took result
order=()
step() {  # step NAME COMMAND...: runs COMMAND, records its time and outcome
  local name=$1; shift
  local t0 t1 rc
  order+=("$name")
  echo "=== $name: $(date -u +%FT%TZ)"
  t0=$(date +%s)
  "$@"
  rc=$?
  t1=$(date +%s)
  took[$name]=$((t1 - t0))
  if [ $rc -eq 0 ]; then result[$name]=ok; else result[$name]="FAILED (exit $rc)"; fi
  echo "=== $name: ${result[$name]} in $(fmt ${took[$name]})"
  return $rc
}
fmt() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }
summary() {
  echo
  echo "fresh Debian 12 check of $BRANCH at $COMMIT"
  local n
  for n in "${order[@]}"; do printf '  %-14s %-9s %s\n' "$n" "$(fmt ${took[$n]})" "${result[$n]}"; done
}
inroot() { scripts/in-bookworm-root.sh "$ROOT" "$@"; }

if [ -e "$ROOT" ]; then
  echo "removing the previous root $ROOT"
  rm -rf --one-file-system "$ROOT"
fi
mkdir -p "$WORK"
step debootstrap scripts/bookworm-root.sh "$ROOT" || { summary; exit 1; }
step prerequisites inroot bash -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends make git ca-certificates' \
  || { summary; exit 1; }

# This machine's own trust anchors for its network (certificates an administrator added
# under /usr/local/share/ca-certificates, e.g. for a TLS-inspecting proxy): a machine on
# the same network needs them too to reach the npm registry.
if compgen -G "/usr/local/share/ca-certificates/*.crt" > /dev/null; then
  cp /usr/local/share/ca-certificates/*.crt "$ROOT/usr/local/share/ca-certificates/"
  inroot update-ca-certificates > /dev/null
fi

# A clean clone of the current commit, as someone would check it out.
git clone -q --no-local "$REPO" "$ROOT/src" && git -C "$ROOT/src" checkout -q -B "$BRANCH" "$COMMIT" \
  || { echo "clone failed"; exit 1; }
if [ -n "${FRESH_MERGE:-}" ]; then
  MERGED=$(git -C "$REPO" rev-parse "$FRESH_MERGE") || exit 1
  git -C "$ROOT/src" -c user.name=fresh-check -c user.email=fresh-check@localhost \
    merge -q --no-edit -m "fresh check: $BRANCH with $FRESH_MERGE" "$MERGED" || { echo "merge with $FRESH_MERGE failed"; exit 1; }
  BRANCH="$BRANCH merged with $FRESH_MERGE ($MERGED)"
fi

failed=0
for s in $STEPS; do
  case $s in
    build) step "make build" inroot bash -c 'cd /src && make build' || { failed=1; break; } ;;
    run)
      step "make run" inroot bash -c '
        cd /src
        CLASSROOM_LISTEN=127.0.0.1:'"$RUN_PORT"' CLASSROOM_VAR_DIR=/tmp/demo-var setsid make run > /tmp/make-run.log 2>&1 &
        pid=$!
        ok=1
        for _ in $(seq 600); do
          if curl -fsS http://127.0.0.1:'"$RUN_PORT"'/healthz > /dev/null 2>&1; then ok=0; break; fi
          kill -0 $pid 2>/dev/null || break
          sleep 1
        done
        [ $ok -eq 0 ] && { curl -fsS http://127.0.0.1:'"$RUN_PORT"'/ | grep -q "<div id=\"root\">" || ok=1; }
        sleep 2
        cat /tmp/make-run.log
        kill -TERM -- -$pid 2>/dev/null; wait $pid 2>/dev/null
        exit $ok' || failed=1 ;;
    test) step "make test" inroot bash -c 'cd /src && make test' || failed=1 ;;
    *) echo "unknown step $s"; failed=1 ;;
  esac
done
summary
exit $failed
