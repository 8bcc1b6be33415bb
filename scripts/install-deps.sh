#!/usr/bin/env bash
# Installs the Debian 12 packages the build, the tests and `make run` need, and nothing
# that is already there. The one list of system packages for the whole repository.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git
  libboost1.81-dev libboost-json1.81-dev libboost-system1.81-dev libboost-url1.81-dev
  libsqlite3-dev sqlite3 libpq-dev libsoci-dev libsodium-dev libjwt-dev
  libspdlog-dev libfmt-dev libcli11-dev libhowardhinnant-date-dev tzdata
  libgtest-dev libgmock-dev
  postgresql-15 postgresql-contrib
  python3-icalendar wrk curl procps faketime
  clang-14 libclang-rt-14-dev
  nodejs npm chromium
  gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node and npm may come from outside Debian's packages; a working npm is enough.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for p in "${missing[@]}"; do [[ "$p" == nodejs || "$p" == npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]}")
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "missing packages: ${missing[*]}; run as root or install them" >&2
  exit 1
fi
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
