#!/usr/bin/env bash
# classroom-sim against a real classroomd, with reboots: every node loses its network,
# reboots in the middle of the outage keeping its NVS, and gets the network back. The
# reports it had buffered before the reboot must reach the server and be stored with
# their original timestamps (status_logs.device_time), every call answered 200.
# Usage: sim_reboot_against_server.sh CLASSROOMD CLASSROOM_SIM
set -uo pipefail
classroomd=$1 sim=$2
command -v sqlite3 > /dev/null || { echo "no sqlite3: skipped"; exit 77; }
. "$(dirname "$0")/sim_server.sh"

# Offline 2 min after boot, reboot at 12 min (about 20 reports buffered), back at 15 min.
"$sim" --server "$url" --register 10 --admin-password-file "$dir/pw" --device-prefix reboot \
  --save-devices "$dir/devices.json" --scenario lecture --speed 600 --report-interval 30 --ramp 10 \
  --reboot-offline 120 720 900 --duration 4 --seed 11 --no-long-poll --quiet \
  --json-summary "$dir/summary.json" ${SIM_VERBOSE:+--verbose} || fail "classroom-sim exited with $?"
cat "$dir/summary.json"
stop_server || fail "classroomd did not stop cleanly"

python3 - "$dir/summary.json" "$dir/campus.db" <<'PY'
import json, sqlite3, sys
s = json.load(open(sys.argv[1]))
db = sqlite3.connect(sys.argv[2])
problems = []
if set(s["answers"]) != {"200"}: problems.append(f"answers other than 200: {s['answers']}")
if s.get("reboots") != 10: problems.append(f"reboots: {s.get('reboots')}, expected 10")
restored = s.get("restored_reports", [])
if len(restored) < 10 * 12: problems.append(f"only {len(restored)} reports restored after the reboots")
missing = [r for r in restored
           if db.execute("SELECT count(*) FROM status_logs WHERE device_id = ? AND device_time = ?",
                         (r["device_id"], r["timestamp"])).fetchone()[0] == 0]
if missing: problems.append(f"{len(missing)} restored reports not stored with their time, e.g. {missing[:3]}")
if s["reports"]["buffered"]: problems.append(f"reports still buffered at the end: {s['reports']}")
print("\n".join(problems) if problems else
      f"{len(restored)} reports from before the reboots stored with their original timestamps")
sys.exit(1 if problems else 0)
PY
