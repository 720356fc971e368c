#!/usr/bin/env bash
# npm run test:lab: start the lab (real Dovecot, Postfix, Unbound in network namespaces), check
# it with the standard tools, run every scenario of scenarios.json through
# `mailhelp diagnose --json`, and tear everything down again, even on failure.
#
#   bash test/lab/run.sh [--keep] [runner options: --only NAME[,NAME] --concurrency N --verbose]
#     --keep   leave the lab running afterwards (tear down with test/lab/teardown.sh)
#
# Skips (exit 0) when not root or not on Debian: the lab needs both.
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

skip() { echo "test:lab skipped: $*"; exit 0; }
[ "$(id -u)" = 0 ] || skip "needs root (network namespaces, apt-get); run as root on Debian"
[ -r /etc/debian_version ] || skip "needs Debian (the lab installs Debian's dovecot, postfix and unbound packages)"
command -v apt-get >/dev/null 2>&1 || skip "needs apt-get"

KEEP=
RUNNER_ARGS=()
for arg in "$@"; do
  case $arg in
    --keep) KEEP=1 ;;
    *) RUNNER_ARGS+=("$arg") ;;
  esac
done

cleanup() {
  local rc=$?
  if [ -n "$KEEP" ]; then
    echo "lab left running (--keep); stop it with: bash test/lab/teardown.sh"
  else
    bash "$HERE/teardown.sh" --quiet
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

t0=$(date +%s%N)
bash "$HERE/setup.sh" || { echo "test:lab: the lab did not start" >&2; exit 1; }
start_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
lab_ms=$(cat "${MHLAB_DIR:-/run/mhlab}/start-ms" 2>/dev/null || echo "?")
echo "lab started in $(awk "BEGIN{printf \"%.1f\", $start_ms/1000}") s (namespaces, certificates, servers: ${lab_ms} ms; the rest is the package check)"

echo "lab self-check (dig, nc, openssl s_client from the bot's namespace):"
bash "$HERE/verify.sh" || { echo "test:lab: the lab itself is broken, see above" >&2; exit 1; }

cd "$ROOT" && node --require tsx/cjs "$HERE/run-scenarios.ts" "${RUNNER_ARGS[@]}"
