#!/usr/bin/env bash
# Cross-compiles firmware/core for rv32imc (the ESP32-C3's CPU) with Debian's
# gcc-riscv64-unknown-elf and picolibc, exceptions and RTTI off and -Os as on the
# chip, links it into a small program and prints text/data/bss.
#   build.sh CORE_DIR OUT_DIR
# Debian ships no libstdc++ for this target, so the host's libstdc++ headers of the
# same GCC version are used, with the few target-configuration headers a bare-metal
# newlib-style target has instead of Linux's (shim/bits); c++config.h is the host's
# with threads and TLS off and extern templates off (so std::string's code is compiled
# into the objects and counted).
set -euo pipefail
core=$1 out=$2
here=$(cd "$(dirname "$0")" && pwd)
CXX=riscv64-unknown-elf-g++ CC=riscv64-unknown-elf-gcc SIZE=riscv64-unknown-elf-size
for tool in $CXX $CC $SIZE; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf" >&2; exit 1; }
done
picolibc=/usr/lib/picolibc/riscv64-unknown-elf
[ -d "$picolibc/include" ] || { echo "missing picolibc-riscv64-unknown-elf" >&2; exit 1; }
major=$($CC -dumpversion | cut -d. -f1)
gcc_dir=$(dirname "$($CC -print-libgcc-file-name)")
host_cxx=/usr/include/c++/$major
host_cfg=$(ls -d /usr/include/*-linux-gnu/c++/"$major" | head -1)
[ -f "$host_cfg/bits/c++config.h" ] || { echo "no libstdc++ $major headers on the host (libstdc++-$major-dev)" >&2; exit 1; }

rm -rf "$out" && mkdir -p "$out/shim/bits" "$out/obj"
cp "$here"/shim/bits/*.h "$out/shim/bits/"
sed -e 's/^# define _GLIBCXX_EXTERN_TEMPLATE 1$/# define _GLIBCXX_EXTERN_TEMPLATE 0/' \
    -e 's/^#define _GLIBCXX_HAS_GTHREADS 1$//' -e 's/^#define _GLIBCXX_HAVE_TLS 1$//' \
    "$host_cfg/bits/c++config.h" > "$out/shim/bits/c++config.h"

arch=(-march=rv32imc -mabi=ilp32)
flags=("${arch[@]}" -Os -std=c++17 -fno-exceptions -fno-rtti -ffunction-sections -fdata-sections
       -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion -Werror
       -nostdinc -isystem "$out/shim" -isystem "$host_cxx" -isystem "$host_cfg"
       -isystem "$picolibc/include" -isystem "$gcc_dir/include" -isystem "$gcc_dir/include-fixed"
       -I "$core")
echo "$($CXX --version | head -1), picolibc $(dpkg-query -W -f='${Version}' picolibc-riscv64-unknown-elf 2>/dev/null || echo '?')"
echo "flags: ${arch[*]} -Os -std=c++17 -fno-exceptions -fno-rtti"
objs=()
for src in "$core"/*.cpp; do
  obj="$out/obj/$(basename "${src%.cpp}").o"
  $CXX "${flags[@]}" -c "$src" -o "$obj"
  objs+=("$obj")
done
echo "== firmware/core objects (each with its own copy of the templates it uses)"
$SIZE -t "${objs[@]}" | sed "s|$out/obj/||"
$CXX "${flags[@]}" -c "$here/main.cpp" -o "$out/main.o"
$CXX "${flags[@]}" -c "$here/runtime.cpp" -o "$out/runtime.o"
$CC "${arch[@]}" --specs=picolibc.specs --oslib=semihost -Wl,--gc-sections \
    "$out/main.o" "$out/runtime.o" "${objs[@]}" -o "$out/node.elf"
echo "== linked program: fw::Node + picolibc (malloc, printf), sections kept by --gc-sections"
$SIZE "$out/node.elf" | sed "s|$out/||"
echo "sizeof(fw::Node) on rv32imc: $((16#$(riscv64-unknown-elf-nm -S "$out/node.elf" | awk '$4 == "node_storage" {print $2}'))) bytes (in .bss above; its queues and strings are on the heap)"
