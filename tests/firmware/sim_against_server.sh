#!/usr/bin/env bash
# classroom-sim against a real classroomd: registers rooms and devices through the admin
# API, runs a fleet for a few seconds (an hour of simulated lectures), switches one
# room off from the admin API meanwhile, and checks that every call was answered 200,
# that reports went through and that the node applied the command. Then a fleet whose
# sensors die (--scenario sensor-fault): every call still 200, and no room dark while
# its sensor is faulted.
# Usage: sim_against_server.sh CLASSROOMD CLASSROOM_SIM
set -uo pipefail
classroomd=$1 sim=$2
. "$(dirname "$0")/sim_server.sh"

"$sim" --server "$url" --register 20 --admin-password-file "$dir/pw" --device-prefix e2e \
  --save-devices "$dir/devices.json" --scenario lecture --speed 600 --report-interval 30 \
  --duration 8 --seed 7 --quiet --json-summary "$dir/summary.json" &
sim_pid=$!
for _ in $(seq 100); do [ -s "$dir/devices.json" ] && break; sleep 0.1; done
sleep 1
token=$(curl -sf -X POST "$url/api/auth/login" -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"sim-admin-password"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
room=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["classroom_id"])' "$dir/devices.json")
code=$(curl -s -o "$dir/power.json" -w '%{http_code}' -X POST "$url/api/admin/power/$room" \
  -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{"power_on":false}')
[ "$code" = 200 ] || fail "admin power command answered $code: $(cat "$dir/power.json")"
wait "$sim_pid" || fail "classroom-sim exited with $?"
cat "$dir/summary.json"

python3 - "$dir/summary.json" "$dir/devices.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
devices = json.load(open(sys.argv[2]))
answers = s["answers"]
problems = []
if len(devices) != 20: problems.append(f"{len(devices)} devices registered, expected 20")
if set(answers) != {"200"}: problems.append(f"answers other than 200: {answers}")
if s["calls"].get("status", 0) < 100: problems.append(f"too few status calls: {s['calls']}")
if s["reports"]["delivered"] < 100: problems.append(f"too few reports delivered: {s['reports']}")
if s["long_polls"] < 20: problems.append(f"too few long-polls: {s['long_polls']}")
if s["commands_applied"] < 1: problems.append("the manual power command never reached its node")
if s["malformed_answers"]: problems.append(f"{s['malformed_answers']} malformed answers")
print("\n".join(problems) if problems else "classroom-sim and classroomd agree")
sys.exit(1 if problems else 0)
PY
[ $? -eq 0 ] || exit 1

# Rooms of their own: the first fleet's room is still under the admin's manual "off",
# which a faulted sensor rightly does not override.
"$sim" --server "$url" --register 20 --admin-password-file "$dir/pw" --device-prefix faults \
  --save-devices "$dir/fault-devices.json" --scenario sensor-fault --speed 600 \
  --report-interval 30 --duration 8 --seed 11 --quiet --json-summary "$dir/faults.json" \
  || fail "classroom-sim (sensor-fault) exited with $?"
cat "$dir/faults.json"
python3 - "$dir/faults.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
problems = []
if set(s["answers"]) != {"200"}: problems.append(f"answers other than 200: {s['answers']}")
if s["sensors"]["faulted"] < 10: problems.append(f"too few faulted sensors: {s['sensors']}")
if s["sensors"]["faulted_dark_samples"]: problems.append(f"rooms dark with a faulted sensor: {s['sensors']}")
if s["malformed_answers"]: problems.append(f"{s['malformed_answers']} malformed answers")
print("\n".join(problems) if problems else "faulted sensors never cut power")
sys.exit(1 if problems else 0)
PY
[ $? -eq 0 ] || exit 1
# The nodes long-polled to the end: SIGTERM answers them and the server exits cleanly.
stop_server || fail "classroomd did not stop cleanly"
