# Shared by the bench scripts: a work folder cleaned up on exit, an optional PostgreSQL
# cluster in it, and a classroomd started on it. Source after `cd` to the repository.
#   bench_init NAME              WORK=/tmp/classroom-bench-NAME-XXXXXX, cleanup on exit
#   bench_database sqlite|postgresql PORT   sets URL (starts the cluster for postgresql)
#   bench_serve [ARGS...]        starts build/classroomd on URL; sets SERVER and PORT
SERVER=
bench_cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
  wait 2>/dev/null || true
  [ -n "${PGDATA:-}" ] && runuser -u classroombench -- /usr/lib/postgresql/15/bin/pg_ctl -D "$PGDATA" -m fast stop > /dev/null 2>&1 || true
  rm -rf "$WORK"
}

bench_init() {
  WORK=$(mktemp -d "/tmp/classroom-bench-$1-XXXXXX")
  trap bench_cleanup EXIT
}

bench_database() {
  if [ "$1" = postgresql ]; then
    id -u classroombench > /dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin classroombench
    chown classroombench "$WORK"
    PGDATA=$WORK/pg
    runuser -u classroombench -- /usr/lib/postgresql/15/bin/initdb -D "$PGDATA" -U app --auth=trust -E UTF8 --locale=C.UTF-8 > /dev/null
    runuser -u classroombench -- /usr/lib/postgresql/15/bin/pg_ctl -D "$PGDATA" -l "$WORK/pg.log" \
      -o "-k $WORK -h 127.0.0.1 -p $2 -c shared_buffers=256MB" -w start > /dev/null
    /usr/lib/postgresql/15/bin/psql -q -h 127.0.0.1 -p "$2" -U app -d postgres -c "CREATE DATABASE bench"
    URL="postgresql://app@127.0.0.1:$2/bench"
  else
    URL="sqlite:$WORK/bench.db"
  fi
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

# A token of the demo's admin (seed-demo wrote the password under var/).
bench_admin_token() {
  curl -fsS -X POST "http://127.0.0.1:$PORT/api/auth/login" -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$(cat "$WORK/var/admin-password")\"}" | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}
