#!/usr/bin/env bash
# Prometheus with classroomd: Debian's promtool lints the real GET /metrics of a running
# classroomd, and checks deploy/prometheus (scrape config, alert rules and the rules'
# unit tests).
#   tests/deploy/prometheus_test.sh      (CLASSROOMD_BIN overrides the binary)
set -uo pipefail
source "$(dirname "$0")/lib.sh"
PROM=$REPO/deploy/prometheus

[ -x "$CLASSROOMD_BIN" ] || { echo "no classroomd at $CLASSROOMD_BIN (build first, or set CLASSROOMD_BIN)"; exit 1; }
command -v promtool > /dev/null || need_packages prometheus || exit 1
need_packages curl python3 || exit 1

T=$(mktemp -d /tmp/classroom-prometheus.XXXXXX)
APP_PID=
cleanup() {
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null
  wait 2>/dev/null
  if [ $failed -gt 0 ]; then
    echo "--- classroomd log"; tail -20 "$T/classroomd.log" 2>/dev/null
    echo "(kept $T)"
  else
    rm -rf "$T"
  fi
}
trap cleanup EXIT

# --- a classroomd with a little traffic: a login (database reads), a node's reports (writes)
DB=sqlite:$T/classroom.db
printf '%s' 'admin-password-1' | "$CLASSROOMD_BIN" user add --db "$DB" --var-dir "$T/var" --username admin \
  --email admin@campus.test --role admin --password-stdin > /dev/null || exit 1
"$CLASSROOMD_BIN" serve --listen 127.0.0.1:0 --port-file "$T/port" --db "$DB" --var-dir "$T/var" \
  > "$T/classroomd.log" 2>&1 &
APP_PID=$!
for _ in $(seq 150); do [ -s "$T/port" ] && break; sleep 0.1; done
APP=http://127.0.0.1:$(cat "$T/port")
token=$(curl -sf "$APP/api/auth/login" -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"admin-password-1"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
check "login" test -n "$token"
key=$(curl -sf "$APP/api/admin/devices" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"device_id":"node-1","name":"Node 1"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["api_key"])')
for i in 1 2 3; do
  curl -sf -o /dev/null "$APP/api/esp/status" -H 'X-Device-ID: node-1' -H "X-API-Key: $key" \
    -H 'Content-Type: application/json' -d '{"is_occupied":true,"is_power_on":true,"last_movement":0}'
done
curl -sf "$APP/metrics" > "$T/metrics"
check "GET /metrics answers" test -s "$T/metrics"

# --- promtool's lint of the exposition (exit status non-zero on any problem)
if promtool check metrics < "$T/metrics" > "$T/lint" 2>&1; then ok "promtool check metrics: no problems"
else bad "promtool check metrics:"; cat "$T/lint"; fi
for series in 'classroom_db_seconds_bucket{op="read",le="+Inf"}' 'classroom_db_seconds_count{op="write"}' \
              'classroom_reports_total{outcome="stored"}' 'classroom_devices_active'; do
  value=$(awk -v s="$series " 'index($0, s) == 1 { print $2 }' "$T/metrics")
  check "$series is counted ($value)" python3 -c "import sys; sys.exit(0 if float('${value:-0}') > 0 else 1)"
done
check "no credentials in /metrics" bash -c "! grep -qF -e '$key' -e '$token' '$T/metrics'"

# --- the example configuration and alerts in deploy/prometheus
check "promtool check config prometheus.yml" promtool check config "$PROM/prometheus.yml"
check "promtool check rules classroom-alerts.yml" promtool check rules "$PROM/classroom-alerts.yml"
(cd "$PROM" && promtool test rules classroom-alerts-test.yml > "$T/rules-test" 2>&1) && ok "promtool test rules: every alert fires when it should and only then" \
  || { bad "promtool test rules"; cat "$T/rules-test"; }
finish
