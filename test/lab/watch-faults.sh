#!/usr/bin/env bash
# What the watch scenario does to watched.lab.test while the bot watches it, the way its admin
# would: install another certificate and reload the servers, or close ports in the firewall.
#
#   bash test/lab/watch-faults.sh cert valid|expiring   copy watched-<which> into place, reload Dovecot and Postfix
#   bash test/lab/watch-faults.sh ports close|open      add 993 and 465 to (or empty) the nftables set that drops them
#
# Run as root, from anywhere (it enters the servers' namespace itself). Safe to repeat.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"

P=$MHLAB_DIR/pki
case "${1:-} ${2:-}" in
  "cert valid"|"cert expiring")
    # Write next to the live files, then rename: a server never reads half a certificate.
    cp "$P/watched-$2.pem" "$P/watched.pem.new"; cp "$P/watched-$2.key" "$P/watched.key.new"
    chmod 0600 "$P/watched.key.new"
    mv -f "$P/watched.key.new" "$P/watched.key"; mv -f "$P/watched.pem.new" "$P/watched.pem"
    # Dovecot rereads `ssl_cert = <file` on reload; Postfix's new smtpd processes read
    # smtpd_tls_chain_files at start, and reload retires the old ones once their session ends.
    mhlab_srv doveadm -c "$MHLAB_DIR/dovecot/watched/dovecot.conf" reload
    mhlab_srv postfix -c "$MHLAB_DIR/postfix/etc" reload 2>/dev/null
    ;;
  "ports close")
    mhlab_srv nft add element inet mhlab watch_closed '{ 993, 465 }'
    ;;
  "ports open")
    mhlab_srv nft flush set inet mhlab watch_closed
    ;;
  *)
    echo "usage: watch-faults.sh cert valid|expiring | ports close|open" >&2
    exit 2
    ;;
esac
