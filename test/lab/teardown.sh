#!/usr/bin/env bash
# Stops everything setup.sh started and deletes the namespace. Safe to run twice.
# Only processes that live inside the lab's namespace are stopped, each by its pid.
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
QUIET=; [ "${1:-}" = --quiet ] && QUIET=1
say() { [ -n "$QUIET" ] || mhlab_log "$@"; }

[ "$(id -u)" = 0 ] || { echo "teardown.sh: needs root" >&2; exit 1; }

stop_ns() {
  local ns=$1 sig pids pid
  ip netns list 2>/dev/null | grep -qE "^$ns( |\$)" || return 0
  for sig in TERM KILL; do
    pids=$(ip netns pids "$ns" 2>/dev/null)
    [ -z "$pids" ] && break
    say "stopping ($sig) in $ns: $(echo $pids)"
    for pid in $pids; do kill -s "$sig" "$pid" 2>/dev/null || true; done
    for _ in $(seq 1 30); do
      [ -z "$(ip netns pids "$ns" 2>/dev/null)" ] && break
      sleep 0.1
    done
  done
  ip netns del "$ns" 2>/dev/null || true
  say "namespace $ns deleted"
}

# Polite stop first (Postfix removes its pid files), then whatever still runs in the namespaces.
if [ -f "$MHLAB_DIR/postfix/etc/main.cf" ] && ip netns list 2>/dev/null | grep -qE "^$MHLAB_SRV_NS( |\$)"; then
  timeout 10 ip netns exec "$MHLAB_SRV_NS" postfix -c "$MHLAB_DIR/postfix/etc" stop >/dev/null 2>&1 || true
fi
stop_ns "$MHLAB_NS"
stop_ns "$MHLAB_SRV_NS"
rm -rf "/etc/netns/$MHLAB_NS" "/etc/netns/$MHLAB_SRV_NS"
rmdir /etc/netns 2>/dev/null || true   # only if empty (setup.sh may have created it)
case "$MHLAB_DIR" in
  /run/*|/tmp/*|/var/tmp/*) rm -rf "$MHLAB_DIR" ;;
  *) say "leaving $MHLAB_DIR in place (not under /run or /tmp)" ;;
esac
exit 0
