#!/usr/bin/env bash
# Builds the previous release's classroomd from this repository's own history:
#   build_previous.sh REPO COMMIT OUT_DIR   →   OUT_DIR/classroomd
# The commit is fixed (tests/upgrade/CMakeLists.txt says which and why). A shallow
# clone lacks it: that fails here with what to do, never as a skipped test.
set -euo pipefail
repo=$1 commit=$2 out=$3

if [ "$(git -C "$repo" rev-parse --is-shallow-repository)" = true ] && \
   ! git -C "$repo" cat-file -e "$commit^{commit}" 2>/dev/null; then
  echo "error: $repo is a shallow clone without commit $commit (the previous release);" \
       "run 'git fetch --unshallow' to test the upgrade from it" >&2
  exit 1
fi
if ! git -C "$repo" cat-file -e "$commit^{commit}" 2>/dev/null; then
  echo "error: commit $commit (the previous release) is not in $repo's history" >&2
  exit 1
fi

if [ -x "$out/classroomd" ] && [ "$(cat "$out/commit" 2>/dev/null)" = "$commit" ]; then
  echo "previous release $commit: $out/classroomd (built before)"
  exit 0
fi
rm -rf "$out"
mkdir -p "$out/src"
git -C "$repo" archive "$commit" | tar -x -C "$out/src"
start=$(date +%s)
cmake -S "$out/src" -B "$out/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo > "$out/cmake.log" 2>&1 ||
  { cat "$out/cmake.log" >&2; exit 1; }
ninja -C "$out/build" -j"${JOBS:-2}" classroomd > "$out/build.log" 2>&1 || { tail -50 "$out/build.log" >&2; exit 1; }
cp "$out/build/classroomd" "$out/classroomd"
echo "$commit" > "$out/commit"
echo "previous release $commit: built $out/classroomd in $(( $(date +%s) - start )) s"
