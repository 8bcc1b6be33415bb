#!/usr/bin/env bash
# The reconnect storm: N nodes (classroom-sim, the firmware's own core) come back
# together after an outage of S seconds (their power returns at one moment; each calls
# within the firmware's start jitter, 10 s), each holding the reports it made meanwhile,
# and replay them (the batch call) while also sending their current reports and opening
# their long-polls. Measures how long until every held report is stored, whether any
# was lost or stored twice, and how many nodes were ever answered 503 (SPEC: 10,000 nodes
# after an hour, all stored within 60 s, none lost, fewer than 1 % ever refused). Writes
# the figures as JSON to build/bench/storm.json (with the command and the load before).
#
#   bench/storm.sh [--nodes 10000] [--outage-s 3600] [--spread 10] [--window 60] [--db sqlite|postgresql]
#
# --spread 0 brings every node back in the same instant (harsher than the firmware allows).
set -euo pipefail
cd "$(dirname "$0")/.."

NODES=10000 OUTAGE=3600 SPREAD=10 WINDOW=60 WHICH=sqlite
COMMAND="bench/storm.sh $*"
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) NODES=$2; shift 2 ;;
    --outage-s) OUTAGE=$2; shift 2 ;;
    --spread) SPREAD=$2; shift 2 ;;
    --window) WINDOW=$2; shift 2 ;;
    --db) WHICH=$2; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

. bench/lib.sh
bench_raise_file_limit $((4 * NODES + 1024))
bench_init storm
bench_database "$WHICH" 25436
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== registering $NODES devices and rooms ($WHICH)"
build/classroomd seed-demo --db "$URL" --var-dir "$WORK/var" --rooms "$NODES" --history-weeks 0 | grep -E "^demo campus"
bench_serve --jwt-secret bench-secret-bench-secret-bench-secret-00 --max-connections $((2 * NODES + 1024))
BEFORE=$(bench_sql 'SELECT COUNT(*) FROM status_logs')
START=$(date +%s)
echo "== $NODES nodes back within $SPREAD s, each holding $OUTAGE s of reports; storing them must take <= $WINDOW s"
build/classroom-sim --server "http://127.0.0.1:$PORT" --devices "$WORK/var/demo-devices.json" \
  --backlog "$OUTAGE" --ramp "$SPREAD" --connections "$NODES" --duration "$WINDOW" --timeout-ms 6000 \
  --source-address $(bench_source_addresses "$NODES") --json-summary "$WORK/sim.json" --quiet | tee "$WORK/sim.txt"
HELD=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["backlog"]["reports"])' "$WORK/sim.json")
# The held reports are the ones timed before the nodes came back (the newest a report
# interval before; a current report may read a second early, the server's clock being whole seconds).
STORED=$(bench_sql "SELECT COUNT(*) FROM status_logs WHERE device_time < $((START - 30))")
DISTINCT=$(bench_sql "SELECT COUNT(*) FROM (SELECT DISTINCT device_id, device_time FROM status_logs WHERE device_time < $((START - 30))) t")
echo "   held reports stored: $STORED of $HELD ($DISTINCT distinct); status rows now $(( $(bench_sql 'SELECT COUNT(*) FROM status_logs') - BEFORE ))"
echo "   server RSS: $(awk '/VmRSS/ {print $2/1024 " MB"}' /proc/$SERVER/status), peak $(awk '/VmHWM/ {print $2/1024 " MB"}' /proc/$SERVER/status)"
mkdir -p build/bench
python3 - "$WORK/sim.json" "$COMMAND" "$LOAD" "$NODES" "$HELD" "$STORED" "$DISTINCT" "$WINDOW" "$WHICH" > build/bench/storm.json <<'PY'
import json, sys
sim = json.load(open(sys.argv[1]))
command, load, nodes, held, stored, distinct, window, db = sys.argv[2:10]
nodes, held, stored, distinct, window = int(nodes), int(held), int(stored), int(distinct), float(window)
b = sim["backlog"]
refused = sim["nodes_refused"]
ok = stored == held and distinct == stored and b["nodes_delivered"] == nodes and b["last_delivered_s"] <= window \
     and refused < 0.01 * nodes
print(json.dumps({"command": command, "load_before": load, "db": db, "nodes": nodes, "held_reports": held,
                  "stored": stored, "stored_twice": stored - distinct, "nodes_delivered": b["nodes_delivered"],
                  "last_delivered_s": b["last_delivered_s"], "nodes_refused": refused,
                  "nodes_unanswered": sim["nodes_unanswered"],
                  "refused_percent": round(100.0 * refused / nodes, 3), "answers": sim["answers"],
                  "latency_ms": sim["latency_ms"], "mark": "pass" if ok else "SHORT"}))
PY
MARK=$(python3 -c 'import json; print(json.load(open("build/bench/storm.json"))["mark"])')
echo "target: all $NODES nodes' held reports stored within $WINDOW s, none lost, < 1 % of nodes ever answered 503: $MARK"
echo "load average before the run: $LOAD; figures in build/bench/storm.json"
