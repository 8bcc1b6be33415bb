#!/usr/bin/env bash
# The registrar's timetable import at campus scale: seeds N rooms, writes a term's
# timetable of 4,500 sections over them (Mon+Wed and Tue+Thu pairs and Friday singles,
# 15 weeks, ~110,000 sessions), then times `classroomd import timetable` for the first
# import, the same file again, and a re-import with ~5% of the lines changed (a later
# end, so every future session of those sections moves). With --api the same three runs
# go through POST /api/admin/imports/timetable of a running server instead.
#
#   bench/import.sh [--rooms 250] [--db sqlite|postgresql] [--api]
set -euo pipefail
cd "$(dirname "$0")/.."

ROOMS=250 WHICH=sqlite API=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rooms) ROOMS=$2; shift 2 ;;
    --db) WHICH=$2; shift 2 ;;
    --api) API=1; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

. bench/lib.sh
bench_init import
bench_database "$WHICH" 25434

build/classroomd seed-demo --db "$URL" --var-dir "$WORK/var" --rooms "$ROOMS" --history-weeks 0 | grep -E "^demo campus"

# The demo's rooms are "MB 101", "SW 102", "LA 103", ...; 18 sections a room fill its week.
FIRST=$(date -u -d "next monday" +%Y-%m-%d)
LAST=$(date -u -d "$FIRST + 102 days" +%Y-%m-%d)
gen() {  # $1: 1 to change every 20th line
  awk -v rooms="$ROOMS" -v first="$FIRST" -v last="$LAST" -v change="$1" 'BEGIN {
    split("MB SW LA", code, " ")
    split("08:00 09:45 11:30 13:15 15:00 16:45", start, " ")
    split("09:30 11:15 13:00 14:45 16:30 18:15", end, " ")
    split("09:45 11:30 13:15 15:00 16:45 18:30", later, " ")
    split("Mon,Wed Tue,Thu Fri", days, " ")
    print "section,title,room,days,start,end,first_date,last_date,organizer"
    n = 0
    for (r = 1; r <= rooms && n < 4500; r++)
      for (d = 1; d <= 3 && n < 4500; d++)
        for (s = 1; s <= 6 && n < 4500; s++) {
          n++
          e = (change && n % 20 == 0) ? later[s] : end[s]
          printf "SEC%05d,Course %d,%s %03d,\"%s\",%s,%s,%s,%s,\n", n, n, code[(r - 1) % 3 + 1], 100 + r, days[d], start[s], e, first, last
        }
  }'
}
# The demo's term is nine weeks long with a reading week; this timetable runs fifteen: the
# term is stretched to hold it (an import's dates must lie in a term), without the week off,
# so every one of the 112,500 sessions is written.
SQL="UPDATE terms SET first_day = '$FIRST', last_day = '$LAST'; DELETE FROM term_closures"
bench_sql "$SQL"
gen 0 > "$WORK/term.csv"
gen 1 > "$WORK/term-changed.csv"
echo "== $(($(wc -l < "$WORK/term.csv") - 1)) sections, $FIRST to $LAST, $WHICH"

if [ "$API" = 1 ]; then
  bench_serve --jwt-secret bench-secret-0123456789abcdef0123456789abcdef
  TOKEN=$(bench_admin_token)
  echo "== through POST /api/admin/imports/timetable"
fi

run() {  # $1: label, $2: file
  local start out
  start=$(date +%s.%N)
  if [ "$API" = 1 ]; then
    out=$(curl -sS -X POST "http://127.0.0.1:$PORT/api/admin/imports/timetable" -H "Authorization: Bearer $TOKEN" \
      -H 'Content-Type: text/csv' --data-binary "@$2")
  else
    out=$(build/classroomd import timetable --db "$URL" --file "$2" 2> "$WORK/import.log")
  fi
  printf '%-28s %6.2f s  %s\n' "$1" "$(echo "$(date +%s.%N) - $start" | bc)" \
    "$(echo "$out" | sed -E 's/.*"created":([0-9]+),"updated":([0-9]+),"unchanged":([0-9]+),"removed":([0-9]+),"errors":\[([^]]*)\].*/created=\1 updated=\2 unchanged=\3 removed=\4 errors=[\5]/')"
}
run "first import" "$WORK/term.csv"
echo "   sessions stored: $(bench_sql "SELECT COUNT(*) FROM bookings")"
run "same file again" "$WORK/term.csv"
run "re-import, 5% changed" "$WORK/term-changed.csv"
run "changed file again" "$WORK/term-changed.csv"
