#!/usr/bin/env bash
# Load benchmark of the node report path (POST /api/esp/status, full path: device
# authentication, power rule, durable group-committed write) with many distinct
# registered devices, against SQLite and PostgreSQL. Prints requests/s, latency
# percentiles and the server's RSS. Loopback only; every run ends by itself.
#
#   bench/run.sh [--devices N] [--duration S] [--connections C] [--db sqlite|postgresql|both] [--outage]
#
# --outage (PostgreSQL): after the normal run, stops the database and runs the same load
# again, so every report goes to the fsync'd outage journal; then starts the database and
# reports how long the journal took to be written in.
set -euo pipefail
cd "$(dirname "$0")/.."

DEVICES=10000 DURATION=20 CONNECTIONS=64 WHICH=both OUTAGE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --devices) DEVICES=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --db) WHICH=$2; shift 2 ;;
    --outage) OUTAGE=1; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

. bench/lib.sh
bench_init run
rows() { bench_sql 'SELECT COUNT(*) FROM status_logs'; }

# The same load with the database stopped: every answer waits for the journal's fsync.
outage_run() {
  local before=$(rows)
  bench_pg_stop
  echo "== postgresql stopped: wrk -t2 -c$CONNECTIONS -d${DURATION}s, reports go to the outage journal"
  DEVICES="$WORK/var/demo-devices.json" wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency \
    -s bench/status.lua "http://127.0.0.1:$PORT" | tee "$WORK/wrk-outage.txt" | grep -E "Requests/sec|Latency|50%|90%|99%|requests in|Non-2xx|Socket errors"
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

run_one() {
  local kind=$1
  bench_database "$kind" 55432
  echo "== $kind: registering $DEVICES devices and rooms"
  local t0=$(date +%s)
  build/classroomd seed-demo --db "$URL" --var-dir "$WORK/var" --rooms "$DEVICES" --history-weeks 0 > /dev/null
  echo "   registered in $(( $(date +%s) - t0 )) s"
  bench_serve --jwt-secret bench-secret-bench-secret-bench-secret-00
  echo "== $kind: wrk -t2 -c$CONNECTIONS -d${DURATION}s (server pid $SERVER, port $PORT)"
  DEVICES="$WORK/var/demo-devices.json" wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency \
    -s bench/status.lua "http://127.0.0.1:$PORT" | tee "$WORK/wrk-$kind.txt" | grep -E "Requests/sec|Latency|50%|90%|99%|requests in|Non-2xx|Socket errors"
  echo "   server RSS: $(awk '/VmRSS/ {print $2/1024 " MB"}' /proc/$SERVER/status), peak $(awk '/VmHWM/ {print $2/1024 " MB"}' /proc/$SERVER/status)"
  echo "   status rows written: $(rows)"
  if [ "$OUTAGE" = 1 ] && [ "$kind" = postgresql ]; then outage_run; fi
  bench_stop_server
  rm -rf "$WORK/var"
}

case "$WHICH" in
  sqlite|postgresql) run_one "$WHICH" ;;
  both) run_one sqlite; run_one postgresql ;;
  *) echo "--db must be sqlite, postgresql or both" >&2; exit 2 ;;
esac
