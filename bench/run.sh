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

WORK=$(mktemp -d /tmp/classroom-bench-XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "${PGDATA:-}" ] && runuser -u classroombench -- /usr/lib/postgresql/15/bin/pg_ctl -D "$PGDATA" -m fast stop > /dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

start_postgres() {
  id -u classroombench > /dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin classroombench
  chown classroombench "$WORK"
  PGDATA=$WORK/pg
  runuser -u classroombench -- /usr/lib/postgresql/15/bin/initdb -D "$PGDATA" -U app --auth=trust -E UTF8 --locale=C.UTF-8 > /dev/null
  runuser -u classroombench -- /usr/lib/postgresql/15/bin/pg_ctl -D "$PGDATA" -l "$WORK/pg.log" \
    -o "-k $WORK -h 127.0.0.1 -p 55432 -c max_connections=100 -c shared_buffers=256MB" -w start > /dev/null
  /usr/lib/postgresql/15/bin/psql -q -h 127.0.0.1 -p 55432 -U app -d postgres -c "CREATE DATABASE bench"
}

rows() {
  if [ "$1" = sqlite ]; then sqlite3 "$WORK/bench.db" 'SELECT COUNT(*) FROM status_logs'
  else /usr/lib/postgresql/15/bin/psql -qtA -h 127.0.0.1 -p 55432 -U app -d bench -c 'SELECT COUNT(*) FROM status_logs'; fi
}

# The same load with the database stopped: every answer waits for the journal's fsync.
outage_run() {
  local port=$1 before=$(rows postgresql)
  runuser -u classroombench -- /usr/lib/postgresql/15/bin/pg_ctl -D "$PGDATA" -m fast stop > /dev/null
  echo "== postgresql stopped: wrk -t2 -c$CONNECTIONS -d${DURATION}s, reports go to the outage journal"
  DEVICES="$WORK/var-postgresql/demo-devices.json" wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency \
    -s bench/status.lua "http://127.0.0.1:$port" | tee "$WORK/wrk-outage.txt" | grep -E "Requests/sec|Latency|50%|90%|99%|requests in|Non-2xx|Socket errors"
  local answered=$(awk '/requests in/ {print $1}' "$WORK/wrk-outage.txt")
  echo "   journal: $(du -h "$WORK/var-postgresql/journal/node-writes.journal" | cut -f1)"
  runuser -u classroombench -- /usr/lib/postgresql/15/bin/pg_ctl -D "$PGDATA" -l "$WORK/pg.log" \
    -o "-k $WORK -h 127.0.0.1 -p 55432 -c max_connections=100 -c shared_buffers=256MB" -w start > /dev/null
  local t0=$(date +%s) now
  for _ in $(seq 600); do
    now=$(rows postgresql 2> /dev/null || echo 0)
    [ "$now" -ge $((before + answered)) ] 2> /dev/null && break
    sleep 0.5
  done
  echo "   after the database came back: $((now - before)) of ~$answered journaled reports stored in $(( $(date +%s) - t0 )) s"
}

run_one() {
  local kind=$1 url
  if [ "$kind" = postgresql ]; then start_postgres; url="postgresql://app@127.0.0.1:55432/bench"; else url="sqlite:$WORK/bench.db"; fi
  echo "== $kind: registering $DEVICES devices and rooms"
  local t0=$(date +%s)
  build/classroomd seed-demo --db "$url" --var-dir "$WORK/var-$kind" --rooms "$DEVICES" --history-weeks 0 > /dev/null
  echo "   registered in $(( $(date +%s) - t0 )) s"
  build/classroomd serve --listen 127.0.0.1:0 --port-file "$WORK/port" --db "$url" --var-dir "$WORK/var-$kind" \
    --jwt-secret bench-secret-bench-secret-bench-secret-00 --log-level warn &
  local pid=$!
  PIDS+=("$pid")
  for _ in $(seq 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
  local port=$(cat "$WORK/port")
  echo "== $kind: wrk -t2 -c$CONNECTIONS -d${DURATION}s (server pid $pid, port $port)"
  DEVICES="$WORK/var-$kind/demo-devices.json" wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency \
    -s bench/status.lua "http://127.0.0.1:$port" | tee "$WORK/wrk-$kind.txt" | grep -E "Requests/sec|Latency|50%|90%|99%|requests in|Non-2xx|Socket errors"
  echo "   server RSS: $(awk '/VmRSS/ {print $2/1024 " MB"}' /proc/$pid/status), peak $(awk '/VmHWM/ {print $2/1024 " MB"}' /proc/$pid/status)"
  echo "   status rows written: $(rows "$kind")"
  if [ "$OUTAGE" = 1 ] && [ "$kind" = postgresql ]; then outage_run "$port"; fi
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -f "$WORK/port"
}

case "$WHICH" in
  sqlite|postgresql) run_one "$WHICH" ;;
  both) run_one sqlite; run_one postgresql ;;
  *) echo "--db must be sqlite, postgresql or both" >&2; exit 2 ;;
esac
