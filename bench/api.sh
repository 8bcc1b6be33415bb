#!/usr/bin/env bash
# The read endpoints of the admin and staff API under load: a demo campus of N rooms,
# wrk with C connections on each GET for S seconds, as the admin or the staff member
# the demo made. Prints each endpoint's requests/s, p50 and p99 and the server's CPU per
# request, marks SPEC's targets (p99 <= 50 ms; GET /api/staff/classrooms >= 5,000/s), and
# writes the figures as JSON to build/bench/api.json (with the command and the load
# average before the run).
#
#   bench/api.sh [--rooms 200] [--history-weeks 0] [--duration 10] [--connections 64] [--db sqlite|postgresql]
set -euo pipefail
cd "$(dirname "$0")/.."

ROOMS=200 WEEKS=0 DURATION=10 CONNECTIONS=64 WHICH=sqlite
COMMAND="bench/api.sh $*"
while [ $# -gt 0 ]; do
  case "$1" in
    --rooms) ROOMS=$2; shift 2 ;;
    --history-weeks) WEEKS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --db) WHICH=$2; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

. bench/lib.sh
bench_init api
bench_database "$WHICH" 25435
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
build/classroomd seed-demo --db "$URL" --var-dir "$WORK/var" --rooms "$ROOMS" --history-weeks "$WEEKS" | grep -E "^demo campus"
bench_serve --jwt-secret bench-secret-bench-secret-bench-secret-00
ADMIN=$(bench_admin_token)
STAFF=$(curl -fsS -X POST "http://127.0.0.1:$PORT/api/auth/login" -H 'Content-Type: application/json' \
  -d "{\"username\":\"staff\",\"password\":\"$(cat "$WORK/var/staff-password")\"}" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
ROOM=$(bench_sql "SELECT MIN(id) FROM classrooms")
TODAY=$(date -u +%Y-%m-%d)
FROM=$(date -u -d "$TODAY - 7 days" +%Y-%m-%d)
START=$(date -u -d "$TODAY + 1 day" +%Y-%m-%dT10:00)
END=$(date -u -d "$TODAY + 1 day" +%Y-%m-%dT11:00)

# who path
ENDPOINTS=(
  "staff /api/staff/classrooms"
  "staff /api/staff/bookings"
  "staff /api/staff/availability?classroom_id=$ROOM&date=$TODAY"
  "staff /api/staff/free-rooms?start=$START&end=$END"
  "staff /api/auth/me"
  "admin /api/admin/stats"
  "admin /api/admin/classrooms"
  "admin /api/admin/devices/status"
  "admin /api/admin/users"
  "admin /api/admin/bookings"
  "admin /api/admin/buildings"
  "admin /api/admin/analytics/utilization?from=$FROM&to=$TODAY"
)

cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
HZ=$(getconf CLK_TCK)
mkdir -p build/bench
JSON="build/bench/api.json"
printf '%-60s %9s %9s %9s %11s  %s\n' "endpoint" "req/s" "p50 ms" "p99 ms" "CPU µs/req" "target"
rows=()
for e in "${ENDPOINTS[@]}"; do
  who=${e%% *} path=${e#* }
  token=$STAFF; [ "$who" = admin ] && token=$ADMIN
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "http://127.0.0.1:$PORT$path")
  [ "$status" = 200 ] || { echo "GET $path answered $status" >&2; exit 1; }
  before=$(cpu_ticks)
  out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Authorization: Bearer $token" "http://127.0.0.1:$PORT$path")
  after=$(cpu_ticks)
  rps=$(bench_wrk_rps "$out")
  total=$(echo "$out" | awk '/requests in/ {print $1}')
  p50=$(bench_wrk_ms "$out" 50%) p99=$(bench_wrk_ms "$out" 99%)
  cpu=$(echo "($after - $before) * 1000000 / $HZ / $total" | bc)
  mark=$(awk -v p99="$p99" -v rps="$rps" -v path="$path" 'BEGIN {
    ok = p99 <= 50; t = "p99<=50ms"
    if (path == "/api/staff/classrooms") { ok = ok && rps >= 5000; t = t " & >=5000/s" }
    print (ok ? "pass " : "SHORT ") t }')
  printf '%-60s %9.0f %9s %9s %11s  %s\n' "GET ${path%%\?*} ($who)" "$rps" "$p50" "$p99" "$cpu" "$mark"
  rows+=("{\"path\":\"${path%%\?*}\",\"as\":\"$who\",\"requests_per_s\":$rps,\"p50_ms\":$p50,\"p99_ms\":$p99,\"cpu_us_per_request\":$cpu,\"mark\":\"${mark%% *}\"}")
done
{
  printf '{"command":"%s","db":"%s","rooms":%s,"connections":%s,"duration_s":%s,"load_before":"%s","endpoints":[' \
    "$COMMAND" "$WHICH" "$ROOMS" "$CONNECTIONS" "$DURATION" "$LOAD"
  (IFS=,; printf '%s' "${rows[*]}")
  printf ']}\n'
} > "$JSON"
echo "load average before the run: $LOAD; figures in $JSON"
