# Shared by the bench scripts: a work folder cleaned up on exit, an optional PostgreSQL
# cluster in it, and a classroomd started on it. Source after `cd` to the repository.
#   bench_init NAME              WORK=/tmp/classroom-bench-NAME-XXXXXX, cleanup on exit
#   bench_database sqlite|postgresql PORT   sets URL (starts the cluster for postgresql)
#   bench_pg_stop / bench_pg_start          stop and start that cluster again (outages)
#   bench_sql "SELECT ..."       one query on URL's database, its rows as text
#   bench_bulk_devices N DEVICES_FILE   PostgreSQL: N more rooms with a node each, in one
#                                statement apiece, added to DEVICES_FILE (seed-demo makes a
#                                room in many round trips: 100,000 took 12 minutes)
#   bench_serve [ARGS...]        starts build/classroomd on URL; sets SERVER and PORT
#   bench_stop_server            stops it
#   bench_wrk_rps "$OUT"         requests/s in wrk's output (text)
#   bench_wrk_ms "$OUT" 99%      a latency percentile in wrk --latency's output, in ms
#   bench_raise_file_limit N     lets this shell's children hold N descriptors
#   bench_source_addresses N     loopback source addresses enough for N nodes' sockets
#
# The PostgreSQL ports the scripts pick lie below the ephemeral range (32768-60999), so
# a load tool's many outgoing connections never hold one of them.
SERVER=
bench_cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
  wait 2>/dev/null || true
  [ -n "${PGDATA:-}" ] && bench_pg_stop 2>/dev/null || true
  rm -rf "$WORK"
}

bench_init() {
  WORK=$(mktemp -d "/tmp/classroom-bench-$1-XXXXXX")
  trap bench_cleanup EXIT
}

PG=/usr/lib/postgresql/15/bin
bench_pg_start() {
  runuser -u classroombench -- $PG/pg_ctl -D "$PGDATA" -l "$WORK/pg.log" \
    -o "-k $WORK -h 127.0.0.1 -p $PGPORT -c max_connections=100 -c shared_buffers=256MB" -w start > /dev/null
}
bench_pg_stop() { runuser -u classroombench -- $PG/pg_ctl -D "$PGDATA" -m fast stop > /dev/null; }

bench_database() {
  if [ "$1" = postgresql ]; then
    id -u classroombench > /dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin classroombench
    chown classroombench "$WORK"
    PGDATA=$WORK/pg PGPORT=$2
    runuser -u classroombench -- $PG/initdb -D "$PGDATA" -U app --auth=trust -E UTF8 --locale=C.UTF-8 > /dev/null
    bench_pg_start
    $PG/psql -q -h 127.0.0.1 -p "$PGPORT" -U app -d postgres -c "CREATE DATABASE bench"
    URL="postgresql://app@127.0.0.1:$PGPORT/bench"
  else
    URL="sqlite:$WORK/bench.db"
  fi
}

bench_sql() {
  case "$URL" in
    sqlite:*) sqlite3 "${URL#sqlite:}" "$1" ;;
    *) $PG/psql -qtA "$URL" -c "$1" ;;
  esac
}

bench_bulk_devices() {
  local n=$1 file=$2 now=$(date +%s)
  $PG/psql -qtA "$URL" -v ON_ERROR_STOP=1 > /dev/null <<SQL
INSERT INTO esp_devices (device_id, name, api_key_hash, created_at, updated_at)
  SELECT 'bulk-' || i, 'Bulk node ' || i, encode(sha256(convert_to('bulk-key-' || i || '-0000000000', 'UTF8')), 'hex'),
         $now, $now FROM generate_series(1, $n) AS i;
INSERT INTO classrooms (name, esp_device_id, building_id, created_at, updated_at)
  SELECT 'Bulk ' || i, 'bulk-' || i, (SELECT MIN(id) FROM buildings), $now, $now FROM generate_series(1, $n) AS i;
INSERT INTO room_status (classroom_id, updated_at) SELECT id, $now FROM classrooms WHERE name LIKE 'Bulk %';
ANALYZE;
SQL
  $PG/psql -qtA "$URL" -c "SELECT json_agg(json_build_object('device_id', esp_device_id, 'api_key',
      'bulk-key-' || substr(esp_device_id, 6) || '-0000000000', 'classroom_id', id, 'classroom_name', name))
      FROM classrooms WHERE name LIKE 'Bulk %'" > "$WORK/bulk.json"
  python3 -c 'import json, sys; a = json.load(open(sys.argv[1])); a += json.load(open(sys.argv[2])); json.dump(a, open(sys.argv[1], "w"), separators=(",", ":"))' \
    "$file" "$WORK/bulk.json"
}

# Waits up to two minutes for the port (a large database's migrations take a while).
bench_serve() {
  rm -f "$WORK/port"
  build/classroomd serve --listen 127.0.0.1:0 --port-file "$WORK/port" --db "$URL" --var-dir "$WORK/var" \
    --log-level warn "$@" > "$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1200); do [ -s "$WORK/port" ] && break; sleep 0.1; done
  [ -s "$WORK/port" ] || { echo "classroomd did not start:" >&2; cat "$WORK/server.log" >&2; exit 1; }
  PORT=$(cat "$WORK/port")
}

bench_stop_server() {
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  SERVER=
}

# A token of the demo's admin (seed-demo wrote the password under var/).
bench_admin_token() {
  curl -fsS -X POST "http://127.0.0.1:$PORT/api/auth/login" -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$(cat "$WORK/var/admin-password")\"}" | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}

bench_wrk_rps() { echo "$1" | awk '/Requests\/sec/ {print $2}'; }
# wrk prints 812.00us, 1.52ms or 1.02s.
bench_wrk_ms() {
  echo "$1" | awk -v q="$2" '$1 == q { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) sub(/ms$/, "", v); else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }; printf "%.2f", v }'
}

# Descriptors for N sockets in this shell's children (root may raise the hard limit).
bench_raise_file_limit() {
  [ "$(ulimit -Hn)" -ge "$1" ] 2>/dev/null || ulimit -Hn "$1" 2>/dev/null || true
  [ "$(ulimit -n)" -ge "$1" ] 2>/dev/null || ulimit -n "$(ulimit -Hn)"
}
# Loopback source addresses for N nodes' sockets (a report and a long-poll each), one
# per 20,000, so the client's ports do not run out.
bench_source_addresses() { seq -f '127.0.0.%g' 1 $(( 2 * $1 / 20000 + 1 )); }
