#!/usr/bin/env bash
# Idle connections: N nodes (classroom-sim) each hold a long-poll on
# GET /api/esp/commands while reporting every two minutes over a small shared pool.
# Measures the server's RSS before the nodes connect and while all of them are held,
# and so its memory per held connection (SPEC: 100,000 long-polling nodes held from one
# machine). Each process can hold no more connections than its descriptor limit allows:
# the script raises it where it may (root with CAP_SYS_RESOURCE) and states the limit it
# ran under. Writes the figures as JSON to build/bench/hold.json.
#
#   bench/hold.sh [--nodes 10000] [--hold 30] [--db sqlite|postgresql]
set -euo pipefail
cd "$(dirname "$0")/.."

NODES=10000 HOLD=30 WHICH=sqlite
COMMAND="bench/hold.sh $*"
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) NODES=$2; shift 2 ;;
    --hold) HOLD=$2; shift 2 ;;
    --db) WHICH=$2; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

. bench/lib.sh
bench_raise_file_limit $((2 * NODES + 1024))
FDS=$(ulimit -n)
[ "$FDS" -ge $((NODES + 1024)) ] || echo "note: descriptor limit $FDS here (hard limit $(ulimit -Hn)): at most ~$FDS connections can be held"
bench_init hold
bench_database "$WHICH" 25437
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== registering $NODES devices and rooms ($WHICH)"
build/classroomd seed-demo --db "$URL" --var-dir "$WORK/var" --rooms "$NODES" --history-weeks 0 | grep -E "^demo campus"
bench_serve --jwt-secret bench-secret-bench-secret-bench-secret-00 --max-connections $((2 * NODES + 1024))
rss() { awk '/VmRSS/ {printf "%.1f", $2/1024}' /proc/$SERVER/status; }
polls() { curl -fsS "http://127.0.0.1:$PORT/metrics" | awk '$1 == "classroom_long_polls" {print $2 + 0}'; }
BEFORE=$(rss)
RAMP=$(( NODES / 2000 > 10 ? NODES / 2000 : 10 ))  # 2,000 new connections a second at most
echo "== $NODES nodes connect over $RAMP s and hold their long-polls for $HOLD s (server RSS now $BEFORE MB)"
build/classroom-sim --server "http://127.0.0.1:$PORT" --devices "$WORK/var/demo-devices.json" --ramp "$RAMP" \
  --connections 256 --duration $((HOLD + RAMP)) --poll-wait 60 --source-address $(bench_source_addresses "$NODES") \
  --json-summary "$WORK/sim.json" --quiet > "$WORK/sim.txt" &
SIM=$!
sleep $((HOLD / 2 + RAMP))
HELD=$(polls) DURING=$(rss) THREADS=$(ls /proc/$SERVER/task | wc -l)
wait $SIM
PEAK=$(awk '/VmHWM/ {printf "%.1f", $2/1024}' /proc/$SERVER/status)
PER=$(awk -v a="$DURING" -v b="$BEFORE" -v n="${HELD:-0}" 'BEGIN { printf "%.1f", (n > 0 ? (a - b) * 1024 / n : 0) }')
cat "$WORK/sim.txt"
echo "   long-polls held: ${HELD:-?}; server RSS $BEFORE MB before, $DURING MB while held (peak $PEAK MB): $PER KB per held node"
mkdir -p build/bench
printf '{"command":"%s","load_before":"%s","db":"%s","nodes":%s,"descriptor_limit":%s,"long_polls_held":%s,"rss_before_mb":%s,"rss_held_mb":%s,"peak_rss_mb":%s,"kb_per_held_node":%s}\n' \
  "$COMMAND" "$LOAD" "$WHICH" "$NODES" "$FDS" "${HELD:-0}" "$BEFORE" "$DURING" "$PEAK" "$PER" > build/bench/hold.json
echo "load average before the run: $LOAD; figures in build/bench/hold.json"
