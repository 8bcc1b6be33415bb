#!/usr/bin/env bash
# classroom-sim's load modes against a real classroomd:
#  - the reconnect storm: 300 nodes come back within 2 s, each holding an hour of
#    reports, connecting from two source addresses; every held report must be stored
#    once with its own time, every call answered 200;
#  - the open loop: 100 reports a second for 3 s must be due and sent 300 times, all
#    answered 200 and stored, whatever the server's pace.
# Usage: sim_load_against_server.sh CLASSROOMD CLASSROOM_SIM
set -uo pipefail
classroomd=$1 sim=$2
command -v sqlite3 > /dev/null || { echo "no sqlite3: skipped"; exit 77; }
. "$(dirname "$0")/sim_server.sh"

start=$(date +%s)
"$sim" --server "$url" --register 300 --admin-password-file "$dir/pw" --device-prefix storm \
  --save-devices "$dir/devices.json" --backlog 3600 --ramp 2 --connections 300 --duration 10 \
  --source-address 127.0.0.1 127.0.0.2 --quiet --json-summary "$dir/storm.json" || fail "classroom-sim (storm) exited with $?"
cat "$dir/storm.json"
held_rows=$(sqlite3 -cmd ".timeout 5000" "$dir/campus.db" "SELECT COUNT(*) FROM status_logs WHERE device_time < $((start - 30))")
held_distinct=$(sqlite3 -cmd ".timeout 5000" "$dir/campus.db" \
  "SELECT COUNT(*) FROM (SELECT DISTINCT device_id, device_time FROM status_logs WHERE device_time < $((start - 30)))")
before=$(sqlite3 -cmd ".timeout 5000" "$dir/campus.db" "SELECT COUNT(*) FROM status_logs")

"$sim" --server "$url" --devices "$dir/devices.json" --rate 100 --duration 3 --connections 8 --quiet \
  --json-summary "$dir/open.json" || fail "classroom-sim (open loop) exited with $?"
cat "$dir/open.json"
after=$(sqlite3 -cmd ".timeout 5000" "$dir/campus.db" "SELECT COUNT(*) FROM status_logs")
stop_server || fail "classroomd did not stop cleanly"

python3 - "$dir/storm.json" "$held_rows" "$held_distinct" "$dir/open.json" "$((after - before))" <<'PY'
import json, sys
storm, held_rows, held_distinct = json.load(open(sys.argv[1])), int(sys.argv[2]), int(sys.argv[3])
open_loop, open_rows = json.load(open(sys.argv[4])), int(sys.argv[5])
problems = []
b = storm.get("backlog", {})
if b.get("nodes") != 300 or b.get("reports") != 300 * 30: problems.append(f"backlog held: {b}")
if b.get("nodes_delivered") != 300: problems.append(f"nodes that delivered their backlog: {b}")
if held_rows != 9000: problems.append(f"held reports stored: {held_rows} of 9000")
if held_distinct != held_rows: problems.append(f"held reports stored twice: {held_rows - held_distinct}")
if set(storm["answers"]) != {"200"}: problems.append(f"storm answers other than 200: {storm['answers']}")
if storm["nodes_refused"] or storm["nodes_unanswered"]:
    problems.append(f"nodes refused: {storm['nodes_refused']}, unanswered: {storm['nodes_unanswered']}")
if open_loop["due"] != 300 or open_loop["not_sent"]: problems.append(f"open loop due {open_loop['due']}, not sent {open_loop['not_sent']}")
if open_loop["answers"] != {"200": 300}: problems.append(f"open loop answers: {open_loop['answers']}")
if open_rows != 300: problems.append(f"open loop reports stored: {open_rows} of 300")
print("\n".join(problems) if problems else
      f"storm: 9000 held reports stored once each; open loop: 300 reports due, sent and stored")
sys.exit(1 if problems else 0)
PY
