#!/usr/bin/env bash
# Load benchmark of the node report path (POST /api/esp/status, full path: device
# authentication, power rule, durable group-committed write) with many distinct
# registered devices, against SQLite and PostgreSQL, at each of the device counts given.
# Before the first classroomd run, the floor: build/classroom-floor answers the same wrk
# load (same command, same bench/status.lua, same devices) with classroomd's answer from
# memory; each run's rate is also given as a share of it. Before each measured run every
# device reports once (warm-up: the campus as it runs, not each node's first contact).
# PostgreSQL counts above 2,000 get the demo campus of 2,000 and the other rooms in bulk.
# Prints requests/s, latency
# percentiles and the server's RSS, marks SPEC's targets (SQLite >= 20,000/s, PostgreSQL
# >= 8,000/s, p99 <= 10 ms; peak RSS <= 64 MB at the largest count), the rate at the
# largest count over the rate at the smallest, and writes it all as JSON to
# build/bench/report-DB.json (DB: sqlite, postgresql or both; with the command and the
# load average before the run).
# Loopback only; every run ends by itself.
#
#   bench/run.sh [--devices "2000 100000"] [--duration S] [--connections C] [--db sqlite|postgresql|both] [--outage]
#
# --devices takes one count or several (space or comma separated); each count gets a
# fresh database. --outage (PostgreSQL): after each normal run, stops the database and
# runs the same load again, so every report goes to the fsync'd outage journal; then
# starts the database and reports how long the journal took to be written in.
set -euo pipefail
cd "$(dirname "$0")/.."

DEVICES="2000 100000" DURATION=20 CONNECTIONS=64 WHICH=both OUTAGE=0
COMMAND="bench/run.sh $*"
while [ $# -gt 0 ]; do
  case "$1" in
    --devices) DEVICES=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --db) WHICH=$2; shift 2 ;;
    --outage) OUTAGE=1; shift ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
case "$WHICH" in
  sqlite|postgresql) KINDS=$WHICH ;;
  both) KINDS="sqlite postgresql" ;;
  *) echo "--db must be sqlite, postgresql or both" >&2; exit 2 ;;
esac
COUNTS=$(echo "${DEVICES//,/ }" | tr -s ' ' '\n' | grep -v '^$' | sort -nu || true)
echo "$COUNTS" | grep -qvE '^[0-9]+$' && { echo "--devices takes device counts, e.g. \"2000 100000\"" >&2; exit 2; }
SMALLEST=$(echo "$COUNTS" | head -1) LARGEST=$(echo "$COUNTS" | tail -1)

. bench/lib.sh
bench_init run
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
rows() { bench_sql 'SELECT COUNT(*) FROM status_logs'; }

# wrk on PORT with the devices seed-demo wrote; its output kept in $WORK/wrk-NAME.txt.
load() {
  DEVICES="$WORK/var/demo-devices.json" wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency \
    -s bench/status.lua "http://127.0.0.1:$PORT" | tee "$WORK/wrk-$1.txt" | grep -E "Requests/sec|Latency|50%|90%|99%|requests in|Non-2xx|Socket errors"
}

# Every device reports once before the measured run, so that it measures the campus as it
# runs (devices online, rooms known) and not each device's first contact (came online,
# transitions, their events). wrk runs until every device has a row.
warm_up() {
  local n=$1 before=$(rows)
  DEVICES="$WORK/var/demo-devices.json" WARM=1 wrk -t2 -c"$CONNECTIONS" -d600s -s bench/status.lua \
    "http://127.0.0.1:$PORT" > /dev/null &
  local wrk_pid=$!
  for _ in $(seq 1200); do
    [ "$(rows)" -ge $((before + n)) ] && break
    sleep 0.5
  done
  kill "$wrk_pid" 2> /dev/null || true
  wait "$wrk_pid" 2> /dev/null || true
}

# The floor, before the first classroomd run, with the devices of its seed.
floor_run() {
  rm -f "$WORK/floor-port"
  build/classroom-floor --port-file "$WORK/floor-port" 2> "$WORK/floor.log" &
  SERVER=$!
  for _ in $(seq 100); do [ -s "$WORK/floor-port" ] && break; sleep 0.1; done
  [ -s "$WORK/floor-port" ] || { echo "classroom-floor did not start:" >&2; cat "$WORK/floor.log" >&2; exit 1; }
  PORT=$(cat "$WORK/floor-port")
  echo "== floor (classroom-floor, the answer from memory): wrk -t2 -c$CONNECTIONS -d${DURATION}s, the same script"
  load floor
  bench_stop_server
  local out=$(cat "$WORK/wrk-floor.txt")
  FLOOR_RPS=$(bench_wrk_rps "$out") FLOOR_P50=$(bench_wrk_ms "$out" 50%) FLOOR_P99=$(bench_wrk_ms "$out" 99%)
}

# The same load with the database stopped: every answer waits for the journal's fsync.
outage_run() {
  local before=$(rows)
  bench_pg_stop
  echo "== postgresql stopped: wrk -t2 -c$CONNECTIONS -d${DURATION}s, reports go to the outage journal"
  load outage
  local answered=$(awk '/requests in/ {print $1}' "$WORK/wrk-outage.txt")
  echo "   journal: $(du -h "$WORK/var/journal/node-writes.journal" | cut -f1)"
  bench_pg_start
  local t0=$(date +%s) now
  for _ in $(seq 600); do
    now=$(rows 2> /dev/null || echo 0)
    [ "$now" -ge $((before + answered)) ] 2> /dev/null && break
    sleep 0.5
  done
  echo "   after the database came back: $((now - before)) of ~$answered journaled reports stored in $(( $(date +%s) - t0 )) s"
}

# An empty database for the next count.
fresh_database() {
  case "$URL" in
    sqlite:*) rm -f "${URL#sqlite:}"* ;;
    *) $PG/psql -q -h 127.0.0.1 -p "$PGPORT" -U app -d postgres -c "DROP DATABASE bench" -c "CREATE DATABASE bench" ;;
  esac
}

mark() { awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN { print ((op == ">=" ? v >= t : v <= t) ? "pass" : "SHORT") }'; }

declare -A RATE
TABLE=() RUNS=()
run_one() {
  local kind=$1 n=$2
  echo "== $kind: registering $n devices and rooms"
  local t0=$(date +%s)
  # The seed commits a room at a time in many round trips; on PostgreSQL the demo campus
  # stops at 2,000 rooms and the rest come in bulk (the same rows the report path reads).
  local demo=$n
  [ "$kind" = postgresql ] && [ "$n" -gt 2000 ] && demo=2000
  build/classroomd seed-demo --db "$URL" --var-dir "$WORK/var" --rooms "$demo" --history-weeks 0 > /dev/null
  [ "$demo" -lt "$n" ] && bench_bulk_devices $((n - demo)) "$WORK/var/demo-devices.json"
  echo "   registered in $(( $(date +%s) - t0 )) s"
  [ -n "${FLOOR_RPS:-}" ] || floor_run
  bench_serve --jwt-secret bench-secret-bench-secret-bench-secret-00
  echo "== $kind, $n devices: every device reports once (warm-up)"
  local t1=$(date +%s)
  warm_up "$n"
  local warm_rows=$(rows)
  echo "   $warm_rows rows in $(( $(date +%s) - t1 )) s"
  echo "== $kind, $n devices: wrk -t2 -c$CONNECTIONS -d${DURATION}s (server pid $SERVER, port $PORT)"
  load "$kind-$n"
  local out=$(cat "$WORK/wrk-$kind-$n.txt")
  local rps=$(bench_wrk_rps "$out") p50=$(bench_wrk_ms "$out" 50%) p99=$(bench_wrk_ms "$out" 99%)
  local rss=$(awk '/VmRSS/ {printf "%.1f", $2/1024}' /proc/$SERVER/status)
  local peak=$(awk '/VmHWM/ {printf "%.1f", $2/1024}' /proc/$SERVER/status)
  local stored=$(( $(rows) - warm_rows ))
  local share=$(awk -v a="$rps" -v b="$FLOOR_RPS" 'BEGIN { printf "%.3f", a / b }')
  local target=20000; [ "$kind" = postgresql ] && target=8000
  local m_rate=$(mark "$rps" ">=" $target) m_p99=$(mark "$p99" "<=" 10)
  local marks="$m_rate >=$target/s, $m_p99 p99<=10ms" json="\"requests_per_s\":\"$m_rate\",\"p99_ms\":\"$m_p99\""
  if [ "$n" = "$LARGEST" ]; then
    local m_rss=$(mark "$peak" "<=" 64)
    marks="$marks, $m_rss peak<=64MB" json="$json,\"peak_rss_mb\":\"$m_rss\""
  fi
  echo "   server RSS: $rss MB, peak $peak MB"
  echo "   status rows written: $stored"
  echo "   $(awk -v s="$share" 'BEGIN { printf "%.1f", s * 100 }') % of the floor; $marks"
  RATE[$kind-$n]=$rps
  TABLE+=("$(printf '%-26s %9.0f %8s %8s %8s %8s %10s %8.1f %%  %s' "$kind, $n devices" "$rps" "$p50" "$p99" \
    "$rss" "$peak" "$stored" "$(awk -v s="$share" 'BEGIN { print s * 100 }')" "$marks")")
  RUNS+=("{\"db\":\"$kind\",\"devices\":$n,\"requests_per_s\":$rps,\"p50_ms\":$p50,\"p99_ms\":$p99,\"rss_mb\":$rss,\"peak_rss_mb\":$peak,\"rows_stored\":$stored,\"fraction_of_floor\":$share,\"marks\":{$json}}")
  if [ "$OUTAGE" = 1 ] && [ "$kind" = postgresql ]; then outage_run; fi
  bench_stop_server
  rm -rf "$WORK/var"
  fresh_database
}

for kind in $KINDS; do
  bench_database "$kind" 25432
  for n in $COUNTS; do run_one "$kind" "$n"; done
done

echo
printf '%-26s %9s %8s %8s %8s %8s %10s %10s  %s\n' "run" "req/s" "p50 ms" "p99 ms" "RSS MB" "peak MB" "rows" "of floor" "marks"
printf '%-26s %9.0f %8s %8s\n' "floor" "$FLOOR_RPS" "$FLOOR_P50" "$FLOOR_P99"
printf '%s\n' "${TABLE[@]}"
RATIOS=()
if [ "$SMALLEST" != "$LARGEST" ]; then
  for kind in $KINDS; do
    ratio=$(awk -v a="${RATE[$kind-$LARGEST]}" -v b="${RATE[$kind-$SMALLEST]}" 'BEGIN { printf "%.3f", a / b }')
    echo "$kind: the rate at $LARGEST devices is $ratio x the rate at $SMALLEST"
    RATIOS+=("\"$kind\":$ratio")
  done
fi
mkdir -p build/bench
JSON=build/bench/report-$WHICH.json
{
  printf '{"command":"%s","load_before":"%s","duration_s":%s,"connections":%s,' "$COMMAND" "$LOAD" "$DURATION" "$CONNECTIONS"
  printf '"targets":{"sqlite_requests_per_s":20000,"postgresql_requests_per_s":8000,"p99_ms":10,"peak_rss_mb":64},'
  printf '"floor":{"requests_per_s":%s,"p50_ms":%s,"p99_ms":%s},"runs":[' "$FLOOR_RPS" "$FLOOR_P50" "$FLOOR_P99"
  (IFS=,; printf '%s' "${RUNS[*]}")
  printf '],"ratios":{'
  (IFS=,; printf '%s' "${RATIOS[*]}")
  printf '}}\n'
} > "$JSON"
echo "load average before the run: $LOAD; figures in $JSON"
