#!/usr/bin/env bash
# The utilization query over a long history: seeds a campus of N rooms with W weeks of
# hourly roll-ups (no raw reports), then times GET /api/admin/analytics/utilization for
# the whole period, several times, and prints each time and the median.
#
#   bench/utilization.sh [--rooms 500] [--weeks 52] [--runs 5] [--db sqlite|postgresql]
set -euo pipefail
cd "$(dirname "$0")/.."

ROOMS=500 WEEKS=52 RUNS=5 WHICH=sqlite
while [ $# -gt 0 ]; do
  case "$1" in
    --rooms) ROOMS=$2; shift 2 ;;
    --weeks) WEEKS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --db) WHICH=$2; shift 2 ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

WORK=$(mktemp -d /tmp/classroom-bench-util-XXXXXX)
SERVER=
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
  wait 2>/dev/null || true
  [ -n "${PGDATA:-}" ] && runuser -u classroombench -- /usr/lib/postgresql/15/bin/pg_ctl -D "$PGDATA" -m fast stop > /dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ "$WHICH" = postgresql ]; then
  id -u classroombench > /dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin classroombench
  chown classroombench "$WORK"
  PGDATA=$WORK/pg
  runuser -u classroombench -- /usr/lib/postgresql/15/bin/initdb -D "$PGDATA" -U app --auth=trust -E UTF8 --locale=C.UTF-8 > /dev/null
  runuser -u classroombench -- /usr/lib/postgresql/15/bin/pg_ctl -D "$PGDATA" -l "$WORK/pg.log" \
    -o "-k $WORK -h 127.0.0.1 -p 55433 -c shared_buffers=256MB" -w start > /dev/null
  /usr/lib/postgresql/15/bin/psql -q -h 127.0.0.1 -p 55433 -U app -d postgres -c "CREATE DATABASE bench"
  URL="postgresql://app@127.0.0.1:55433/bench"
else
  URL="sqlite:$WORK/bench.db"
fi

echo "== seeding $ROOMS rooms with $WEEKS weeks of hourly history ($WHICH)"
start=$(date +%s.%N)
build/classroomd seed-demo --db "$URL" --var-dir "$WORK/var" --rooms "$ROOMS" --history-weeks "$WEEKS" --raw-days 0 \
  | grep -E "^demo campus"
echo "seeded in $(echo "$(date +%s.%N) - $start" | bc) s"

build/classroomd serve --listen 127.0.0.1:0 --port-file "$WORK/port" --db "$URL" --var-dir "$WORK/var" \
  --log-level warn > "$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
PORT=$(cat "$WORK/port")
TOKEN=$(curl -fsS -X POST "http://127.0.0.1:$PORT/api/auth/login" -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$(cat "$WORK/var/admin-password")\"}" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
FROM=$(date -u -d "-$((WEEKS * 7)) days" +%Y-%m-%d)

echo "== GET /api/admin/analytics/utilization?from=$FROM (the whole history), $RUNS runs"
TIMES=()
# The server's own CPU time (user + system, all its threads) for one answer, from /proc:
# on a busy machine the wall time says more about the neighbours than about the query.
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$SERVER/stat"; }
for i in $(seq "$RUNS"); do
  c0=$(cpu_ms)
  t=$(curl -fsS -o "$WORK/answer.json" -w '%{time_total}' -H "Authorization: Bearer $TOKEN" \
    "http://127.0.0.1:$PORT/api/admin/analytics/utilization?from=$FROM")
  echo "run $i: $t s wall, $(( $(cpu_ms) - c0 )) ms server CPU ($(stat -c %s "$WORK/answer.json") bytes)"
  TIMES+=("$t")
done
printf '%s\n' "${TIMES[@]}" | sort -n | awk '{a[NR]=$1} END {print "median: " a[int((NR+1)/2)] " s"}'
echo "server RSS: $(awk '/VmHWM/ {print $2 " kB peak"}' /proc/$SERVER/status)"
