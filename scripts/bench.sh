#!/usr/bin/env bash
# Benchmarks against Kafka's own Java tools, on a sandbox of their own (ports from 25092, temporary
# directory) so they neither disturb nor are disturbed by a running demo or test sandbox.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./scripts/setup.sh >&2
source scripts/node-env.sh
export ROLLGATE_SANDBOX_DIR="${ROLLGATE_BENCH_SANDBOX_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/rollgate-bench-sandbox.XXXXXX")}"
export ROLLGATE_SANDBOX_BASE_PORT="${ROLLGATE_BENCH_BASE_PORT:-25092}"
if [ -z "${ROLLGATE_BENCH_SANDBOX_DIR:-}" ]; then trap 'node bin/rollgate.js sandbox down >/dev/null 2>&1 || true' EXIT; fi
node bin/rollgate.js sandbox up >&2
for bench in "${@:-bench/inventory.bench.ts}"; do
  echo "== $bench" >&2
  node "$bench"
done
