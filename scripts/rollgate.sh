#!/usr/bin/env bash
# `rollgate` from the checkout with the project's Node (fetched by setup.sh when the machine's is too old).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/node-env.sh"
exec node "$ROLLGATE_ROOT/bin/rollgate.js" "$@"
