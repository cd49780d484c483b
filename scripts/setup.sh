#!/usr/bin/env bash
# Installs what rollgate needs from the checkout: Node.js >= 22 and the npm dependencies.
# Idempotent: a second run only checks.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/node-env.sh"
cd "$ROLLGATE_ROOT"
stamp=node_modules/.rollgate-lock-hash
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
