#!/usr/bin/env bash
# Builds the fuzz targets with clang into build/fuzz and runs each one for a while.
#   fuzz/run.sh [--seconds N] [--jobs J] [--build-only] [target ...]
# --seconds N  how long each target runs (default 15)
# --jobs J     how many targets run at once (default 1), each under nice -n 10
# targets      a subset, e.g. `journal time` (default: all)
# Prints per target the runs executed, the coverage reached and whether it found
# anything; exits 1 on any finding (crash, leak, timeout, failed property), 77 when
# clang++-14 is not installed (the ctest test then fails).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${FUZZ_BUILD:-$ROOT/build/fuzz}
CXX=${FUZZ_CXX:-clang++-14}
SECONDS_EACH=15
JOBS=1
BUILD_ONLY=0
ALL=(input time router http_request client_address journal fw_answer timetable)
TARGETS=()

while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECONDS_EACH=$2; shift 2 ;;
    --jobs) JOBS=$2; shift 2 ;;
    --build-only) BUILD_ONLY=1; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) TARGETS+=("$1"); shift ;;
  esac
done
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=("${ALL[@]}")

# Longest input per target: what the parser meets in practice, with room to spare.
max_len() {
  case "$1" in
    input) echo 4096 ;;          # a request body (the server allows 64 KiB; fields are short)
    time) echo 64 ;;             # one ISO 8601 field
    router) echo 512 ;;          # method and path
    http_request) echo 20000 ;;  # crosses the 16 KiB header limit
    client_address) echo 1024 ;; # proxy list, peer, X-Forwarded-For
    journal) echo 2048 ;;        # one journal record
    fw_answer) echo 4096 ;;      # a script of server answers
    timetable) echo 8192 ;;      # a few dozen lines of a registrar's file
  esac
}

if ! command -v "$CXX" > /dev/null; then
  echo "fuzz: $CXX not found (apt-get install clang-14); skipped" >&2
  exit 77
fi

cmake -S "$ROOT/fuzz" -B "$BUILD" -G Ninja -DCMAKE_CXX_COMPILER="$CXX" > "$BUILD.configure.log" 2>&1 \
  || { cat "$BUILD.configure.log" >&2; exit 2; }
nice -n 10 cmake --build "$BUILD" -j2 -- $(printf 'fuzz_%s ' "${TARGETS[@]}") > "$BUILD/build.log" 2>&1 \
  || { tail -50 "$BUILD/build.log" >&2; exit 2; }
[ "$BUILD_ONLY" = 1 ] && { echo "fuzz: built ${TARGETS[*]} in $BUILD/bin"; exit 0; }

run_one() {
  local t=$1
  local work="$BUILD/work/$t" art="$BUILD/artifacts/$t" log="$BUILD/logs/$t.log"
  mkdir -p "$work" "$art" "$(dirname "$log")"
  # New inputs go to the work directory; the committed seeds are only read.
  local t0=$(date +%s)
  set +e
  nice -n 10 "$BUILD/bin/fuzz_$t" "$work" "$ROOT/fuzz/corpus/$t" \
    -max_total_time="$SECONDS_EACH" -max_len="$(max_len "$t")" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$art/" > "$log" 2>&1
  echo $? > "$log.rc"
  set -e
  echo $(( $(date +%s) - t0 )) > "$log.secs"
}

summary() {
  local t=$1 log="$BUILD/logs/$t.log"
  local rc secs runs cov ft corp found
  rc=$(cat "$log.rc")
  secs=$(cat "$log.secs")
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  [ -n "$runs" ] || runs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
  ft=$(grep -oE 'ft: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
  corp=$(grep -oE 'corp: [0-9]+/[0-9]+[bKM]*' "$log" | tail -1 | cut -d' ' -f2)
  if [ "$rc" = 0 ]; then found="nothing"
  else
    found="FOUND: $(grep -m1 -E '^==[0-9]+==ERROR|^\*\*\* |SUMMARY|runtime error|deadly signal' "$log" | cut -c1-120)"
    found+=" (artifact: $(ls -t "$BUILD/artifacts/$t" | head -1), log: $log)"
  fi
  printf '%-15s %4ss  runs %-11s cov %-6s ft %-6s corpus %-12s %s\n' "$t" "$secs" "${runs:-?}" \
    "${cov:-?}" "${ft:-?}" "${corp:-?}" "$found"
  [ "$rc" = 0 ]
}

start=$(date +%s)
pending=("${TARGETS[@]}")
while [ ${#pending[@]} -gt 0 ]; do
  batch=("${pending[@]:0:$JOBS}")
  pending=("${pending[@]:$JOBS}")
  for t in "${batch[@]}"; do run_one "$t" & done
  wait
done

status=0
for t in "${TARGETS[@]}"; do summary "$t" || status=1; done
echo "fuzz: $((  $(date +%s) - start )) s of fuzzing, $([ $status = 0 ] && echo 'no findings' || echo 'FINDINGS: see above')"
exit $status
