#!/usr/bin/env bash
# Makes sure Debian's chromium is at /usr/bin/chromium for the dashboard's browser test
# (test/serve.test.ts drives it with playwright-core). Installs it with apt-get only when it is
# missing and the tests about to run include that one; never downloads a browser any other way.
# Takes the same arguments as scripts/test.sh (test files; none: every test). Idempotent.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
if [ "$#" -gt 0 ]; then
  needed=no
  for arg in "$@"; do
    case "$arg" in *serve.test.ts|test|test/|test/\**) needed=yes ;; esac
  done
  [ "$needed" = yes ] || exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "rollgate: the dashboard test needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)" >&2
  exit 1
fi
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
echo "== installing Debian's chromium for the dashboard test" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq chromium >/dev/null
[ -x /usr/bin/chromium ] || { echo "rollgate: apt-get installed chromium, but /usr/bin/chromium is still missing" >&2; exit 1; }
