#!/usr/bin/env bash
# classroom-sim against a real classroomd: registers rooms and devices through the admin
# API, runs a fleet for a few seconds (an hour of simulated lectures), and checks that
# every call was answered 200 and that reports and the long-poll went through.
# Usage: sim_against_server.sh CLASSROOMD CLASSROOM_SIM
set -euo pipefail
classroomd=$1 sim=$2
dir=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT

db="sqlite:$dir/campus.db"
echo 'sim-admin-password' > "$dir/pw"
"$classroomd" user add --db "$db" --username admin --email admin@example.org --role admin \
  --password-stdin < "$dir/pw" > /dev/null
"$classroomd" serve --listen 127.0.0.1:0 --port-file "$dir/port" --db "$db" --var-dir "$dir/var" \
  > "$dir/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do [ -s "$dir/port" ] && break; sleep 0.1; done
[ -s "$dir/port" ] || { echo "classroomd did not start"; cat "$dir/server.log"; exit 1; }
url="http://127.0.0.1:$(cat "$dir/port")"

"$sim" --server "$url" --register 20 --admin-password-file "$dir/pw" --device-prefix e2e \
  --save-devices "$dir/devices.json" --scenario lecture --speed 600 --report-interval 30 \
  --duration 6 --seed 7 --quiet --json-summary "$dir/summary.json"
cat "$dir/summary.json"

python3 - "$dir/summary.json" "$dir/devices.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
devices = json.load(open(sys.argv[2]))
problems = []
if len(devices) != 20: problems.append(f"{len(devices)} devices registered, expected 20")
answers = s["answers"]
if set(answers) != {"200"}: problems.append(f"answers other than 200: {answers}")
if s["calls"].get("status", 0) < 100: problems.append(f"too few status calls: {s['calls']}")
if s["reports"]["delivered"] < 100: problems.append(f"too few reports delivered: {s['reports']}")
if s["long_polls"] < 20: problems.append(f"too few long-polls: {s['long_polls']}")
if s["malformed_answers"]: problems.append(f"{s['malformed_answers']} malformed answers")
print("\n".join(problems) if problems else "1 passed, 0 failed")
sys.exit(1 if problems else 0)
PY
