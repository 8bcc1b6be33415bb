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

. bench/lib.sh
bench_init util
bench_database "$WHICH" 25433

echo "== seeding $ROOMS rooms with $WEEKS weeks of hourly history ($WHICH)"
start=$(date +%s.%N)
build/classroomd seed-demo --db "$URL" --var-dir "$WORK/var" --rooms "$ROOMS" --history-weeks "$WEEKS" --raw-days 0 \
  | grep -E "^demo campus"
echo "seeded in $(echo "$(date +%s.%N) - $start" | bc) s"

bench_serve
TOKEN=$(bench_admin_token)
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
