#!/usr/bin/env bash
# `make test-deploy`: the tests in tests/deploy, unless ctest in BUILD_DIR already has
# them (tests/CMakeLists.txt includes tests/deploy) and so ran them in test-native.
#   tests/deploy/run.sh [BUILD_DIR]
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
export REPO=$(cd "$HERE/../.." && pwd)
export BUILD_DIR=$(cd "${1:-$REPO/build}" && pwd)
listed=$(cd "$BUILD_DIR" && ctest -N -L '^deploy$' 2>/dev/null)
if grep -q 'deploy_nginx' <<< "$listed"; then
  echo "tests/deploy: run by ctest (label deploy)"
  exit 0
fi
export CLASSROOMD_BIN=${CLASSROOMD_BIN:-$BUILD_DIR/classroomd}
export CLASSROOM_WEB_ROOT=${CLASSROOM_WEB_ROOT:-$REPO/web/dist}
rc=0 n=0 bad=0
for t in nginx_test nginx_sso_test package_test prometheus_test; do
  n=$((n + 1))
  echo "=== deploy_$t"
  "$HERE/$t.sh"
  r=$?
  case $r in
    0) echo "=== deploy_$t: passed" ;;
    77) echo "=== deploy_$t: skipped" ;;
    *) echo "=== deploy_$t: FAILED (exit $r)"; bad=$((bad + 1)); rc=1 ;;
  esac
done
echo "tests/deploy: $((n - bad)) of $n test scripts passed"
exit $rc
