#!/usr/bin/env bash
# The rollgate demo: a rollback-first migration on the local sandbox. Installs what it needs, starts
# the sandbox (source and target clusters with MirrorMaker 2 between them), puts real traffic and
# consumer groups on the source, lets MirrorMaker 2 replicate, and shows both sides. The sandbox is
# left running for you to explore; `./scripts/rollgate.sh sandbox down` stops it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./scripts/setup.sh
source scripts/node-env.sh
node src/demo/demo.ts "$@"
