# Sourced by the classroom-sim tests: a work folder removed on exit, and a classroomd on
# a fresh SQLite file with one admin (password in $dir/pw). Needs $classroomd.
# Sets dir, db and url; stop_server stops it (SIGTERM; fails when it has not exited
# cleanly within 20 s, then kills it); fail prints the server's last lines.
dir=$(mktemp -d)
server_pid=
stop_server() {
  local pid=$server_pid rc=0
  server_pid=
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null
  for _ in $(seq 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "classroomd did not exit within 20 s of SIGTERM"; kill -9 "$pid"; rc=1
  fi
  wait "$pid" 2>/dev/null || rc=1
  return $rc
}
cleanup() { stop_server; rm -rf "$dir"; }
trap cleanup EXIT
fail() { echo "FAILED: $*"; [ -f "$dir/server.log" ] && tail -20 "$dir/server.log"; exit 1; }

db="sqlite:$dir/campus.db"
echo 'sim-admin-password' > "$dir/pw"
"$classroomd" user add --db "$db" --username admin --email admin@example.org --role admin \
  --password-stdin < "$dir/pw" > /dev/null || fail "user add"
"$classroomd" serve --listen 127.0.0.1:0 --port-file "$dir/port" --db "$db" --var-dir "$dir/var" \
  > "$dir/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do [ -s "$dir/port" ] && break; sleep 0.1; done
[ -s "$dir/port" ] || fail "classroomd did not start"
url="http://127.0.0.1:$(cat "$dir/port")"
