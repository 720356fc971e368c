# shellcheck shell=bash
# shellcheck disable=SC2034  # a library of settings: the other scripts use them
# Shared settings of the mailhelp lab: sourced by setup.sh, teardown.sh and run.sh.
# Two network namespaces joined by a veth pair; every address below exists only inside them:
#   $MHLAB_NS      the bot's side ("the help desk's network"): run mailhelp here
#   $MHLAB_SRV_NS  the servers' side: Dovecot, Postfix, Unbound, each fault on its own address
# The bot's side has routes to the lab ranges only (no default route), so nothing can leave.

MHLAB_NS=${MHLAB_NS:-mhlab}
MHLAB_SRV_NS=${MHLAB_SRV_NS:-$MHLAB_NS-srv}
MHLAB_DIR=${MHLAB_DIR:-/run/mhlab}          # generated configs, certificates, pids, logs
MHLAB_DOMAIN=lab.test
MHLAB_USER=alice@lab.test
MHLAB_PASSWORD=${MHLAB_PASSWORD:-Lab-pass-2024}

# The link between the two namespaces (203.0.113.0/24)
BOT=203.0.113.10         # the bot's address (veth mhc0 in $MHLAB_NS)
GW=203.0.113.1           # the servers' side of the link (veth mhs0 in $MHLAB_SRV_NS)
BOT6=2001:db8:ffff::10
GW6=2001:db8:ffff::1
# One source address per scenario runner worker (run-scenarios.ts binds each diagnosis to its
# worker's pair through bind-source.js): the servers' logs then tell whose connection was whose.
WORKERS4="203.0.113.11 203.0.113.12 203.0.113.13 203.0.113.14"
WORKERS6="2001:db8:ffff::11 2001:db8:ffff::12 2001:db8:ffff::13 2001:db8:ffff::14"

# DNS (198.51.100.0/24)
NS1=198.51.100.53        # main resolver (unbound): the lab.test zone, bl.lab.test, broken.test
NS2=198.51.100.54        # second resolver (unbound): disagrees on moved.lab.test
NS_DEAD=198.51.100.55    # a resolver whose port 53 is dropped by the firewall
NS_LAME=198.51.100.56    # "authoritative" server of broken.test: port 53 rejected -> SERVFAIL
UNREACHABLE_NET=198.51.100.128/25   # `unreachable` route on the bot's side; gone.lab.test points into it
GONE=198.51.100.200

# Mail servers (192.0.2.0/24); each fault on its own address so ports stay standard.
MAIL=192.0.2.10          # healthy: Dovecot 143/993/110/995, Postfix 25/465/587
MAIL6=2001:db8::10
EXPIRED=192.0.2.11       # Dovecot + Postfix 465/587 with an expired certificate
NOTYET=192.0.2.12        # certificate not yet valid
SELFSIGNED=192.0.2.13    # self-signed certificate
UNKNOWNCA=192.0.2.14     # certificate from a CA nobody trusts
WRONGNAME=192.0.2.15     # certificate for mail.example.net / www.example.net
EXPIRING=192.0.2.16      # certificate expires in 5 days
TLS13=192.0.2.17         # ssl_min_protocol = TLSv1.3
OLDTLS=192.0.2.18        # OpenSSL capped at TLS 1.1 (server too old for the client)
NOSTARTTLS=192.0.2.19    # ssl = no: no STARTTLS, no 993/995, plaintext login allowed
NOCHAIN=192.0.2.20       # leaf from the intermediate CA, served without the intermediate
CIPHERS=192.0.2.21       # TLS <= 1.2 with only CAMELLIA ciphers: no cipher in common
AUTHDOWN=192.0.2.22      # user database down: NO [UNAVAILABLE] Temporary authentication failure
OAUTHONLY=192.0.2.23     # auth_mechanisms = xoauth2 oauthbearer
GARBAGE=192.0.2.25       # Dovecot's auth protocol listening on 143 and 110
SLOW=192.0.2.26          # Postfix: 'sleep 8' before the greeting
MANGLED=192.0.2.27       # Postfix banner '220 ****************'
BUSY=192.0.2.28          # Postfix: 421 at connect
CLOSES=192.0.2.29        # Dovecot expecting the PROXY protocol: drops every direct client at once
LISTED=192.0.2.30        # healthy services, listed in bl.lab.test
DROP=192.0.2.31          # healthy services, firewall DROPs 993/995/465 (143/110/587 open)
REJECT=192.0.2.32        # healthy services, firewall REJECTs 993/995/465 (143/110/587 open)
FLAKY=192.0.2.33         # healthy services, every other new TCP connection dropped
PORT25=192.0.2.34        # healthy services; the bot's own network DROPs outbound port 25 to it
MOVED=192.0.2.35         # healthy services; NS2 says moved.lab.test is here, NS1 says $MAIL
EMPTY=192.0.2.36         # nothing listens at all (every port refused)
DRIP=192.0.2.37          # drip-server.js: IMAP greeting byte by byte, SMTP EHLO reply line by line, POP3 endless line
PENALTY=192.0.2.38       # Dovecot with its auth penalty on (auth_failure_delay 2 s, doubling per failure up to 15 s)
OAUTHMAIL=192.0.2.39     # Dovecot with the oauth2 passdb: XOAUTH2/OAUTHBEARER tokens checked by introspection at the
                         # lab's identity provider; carol@lab.test may not log in over IMAP (passdb field nologin)
WATCHED=192.0.2.60       # Dovecot 993 + Postfix 465 that the watch scenario changes while it watches
                         # (certificate swapped, ports closed and reopened: watch-faults.sh)

# The identity provider of the oauth scenario (test/support/oauth-provider.ts, a real oidc-provider):
# the scenario runs it in the bot's namespace on this extra address of the veth, where Dovecot's
# oauth2 passdb (in the servers' namespace) reaches it. The introspection client is the one the
# provider registers (INTROSPECTION_CLIENT there; the scenario checks they agree).
IDP=203.0.113.20
IDP_PORT=9443
IDP_CLIENT_ID=mail-servers
IDP_CLIENT_SECRET=mail-servers-secret-0123456789
OAUTH_OFF_USER=carol@lab.test

# Hosts served by the healthy Dovecot and Postfix (with the valid certificate)
HEALTHY_ADDRS="$MAIL $LISTED $DROP $REJECT $FLAKY $PORT25 $MOVED"

ALL_ADDRS="$NS1 $NS2 $NS_DEAD $NS_LAME $MAIL $EXPIRED $NOTYET $SELFSIGNED $UNKNOWNCA $WRONGNAME
 $EXPIRING $TLS13 $OLDTLS $NOSTARTTLS $NOCHAIN $CIPHERS $AUTHDOWN $OAUTHONLY $GARBAGE $SLOW
 $MANGLED $BUSY $CLOSES $LISTED $DROP $REJECT $FLAKY $PORT25 $MOVED $EMPTY $DRIP $WATCHED $PENALTY $OAUTHMAIL"

mhlab_log() { printf '[lab %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
mhlab_in() { ip netns exec "$MHLAB_NS" "$@"; }        # the bot's side
mhlab_srv() { ip netns exec "$MHLAB_SRV_NS" "$@"; }   # the servers' side
# ptr 192.0.2.30 -> 30.2.0.192 (the DNSBL query form)
ptr() { local IFS=.; set -- $1; echo "$4.$3.$2.$1"; }
