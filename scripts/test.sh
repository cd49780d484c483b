#!/usr/bin/env bash
# Runs every rollgate test on a fresh machine: installs what is needed (Node 24, npm deps, Kafka jars),
# type-checks, then runs the unit tests beside the code and the integration tests in test/ against
# ONE real sandbox (two KRaft clusters, MirrorMaker 2, registries, Connect) started here and stopped
# at the end. Extra arguments are passed to `node --test` (e.g. a single file).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./scripts/setup.sh
./scripts/ensure-chromium.sh "$@"
source scripts/node-env.sh

echo "== type-check"
npx --no-install tsc -p tsconfig.json

export ROLLGATE_SANDBOX_DIR="${ROLLGATE_TEST_SANDBOX_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/rollgate-test-sandbox.XXXXXX")}"
export ROLLGATE_SANDBOX_BASE_PORT="${ROLLGATE_TEST_BASE_PORT:-29092}"
stop_sandbox() { node bin/rollgate.js sandbox down >/dev/null 2>&1 || true; }
trap stop_sandbox EXIT

echo "== sandbox (one for the whole run) in $ROLLGATE_SANDBOX_DIR, ports from $ROLLGATE_SANDBOX_BASE_PORT"
# --secure: a third cluster (SASL_SSL, mTLS, ACLs) for test/secure.test.ts and test/secure-mutations.test.ts
node bin/rollgate.js sandbox up --secure

echo "== tests"
if [ "$#" -gt 0 ]; then files=("$@"); else files=('src/**/*.test.ts' 'test/**/*.test.ts'); fi
node --test --test-concurrency=2 --test-timeout=600000 "${files[@]}"
