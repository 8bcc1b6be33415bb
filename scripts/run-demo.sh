#!/usr/bin/env bash
# `make run`: the product on http://127.0.0.1:8080 with an embedded SQLite database
# under var/, a demo campus and a small simulated fleet that brings the rooms to life.
set -euo pipefail
cd "$(dirname "$0")/.."

VAR=${CLASSROOM_VAR_DIR:-var}
DB=${CLASSROOM_DB:-sqlite:$VAR/classroom.db}
LISTEN=${CLASSROOM_LISTEN:-127.0.0.1:8080}
TZ_NAME=${CLASSROOM_TIMEZONE:-Europe/Berlin}
mkdir -p "$VAR"

build/classroomd seed-demo --db "$DB" --var-dir "$VAR" --timezone "$TZ_NAME" --rooms 30

WEB_ARGS=()
[ -f web/dist/index.html ] && WEB_ARGS=(--web-root web/dist)
build/classroomd serve --listen "$LISTEN" --db "$DB" --var-dir "$VAR" --timezone "$TZ_NAME" "${WEB_ARGS[@]}" &
SERVER=$!
SIM=
cleanup() {
  [ -n "$SIM" ] && kill "$SIM" 2>/dev/null || true
  kill "$SERVER" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

for _ in $(seq 100); do
  curl -fsS "http://$LISTEN/healthz" > /dev/null 2>&1 && break
  sleep 0.1
done

if [ -x build/classroom-sim ] && [ -f "$VAR/demo-devices.json" ]; then
  # A simulated day runs 30x faster, so rooms fill and empty while you watch.
  build/classroom-sim --server "http://$LISTEN" --devices "$VAR/demo-devices.json" \
    --scenario mixed --speed 30 --duration 0 --quiet > "$VAR/sim.log" 2>&1 &
  SIM=$!
fi

cat <<MSG

  Smart Classroom Utilization Tracker is running: http://$LISTEN
  admin login:  admin / $(cat "$VAR/admin-password")
  staff login:  staff / $(cat "$VAR/staff-password")
  (passwords are kept in $VAR/, readable by you only; Ctrl-C stops the server and the fleet)

MSG
wait "$SERVER"
