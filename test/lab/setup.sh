#!/usr/bin/env bash
# Starts the mailhelp lab: real Dovecot, Postfix and Unbound from Debian's packages in the
# network namespace $MHLAB_SRV_NS, reached from the bot's namespace $MHLAB_NS through a veth
# pair, with one fault per address (see hosts.md).
# Idempotent: a lab that is already up is torn down first. Needs root on Debian.
# Nothing here touches the machine's own network: every address, route and firewall rule is
# created inside the two namespaces, and the bot's side has no route out.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"

T0=$(date +%s%N)
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

[ "$(id -u)" = 0 ] || { echo "setup.sh: needs root" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# 1. packages
# ---------------------------------------------------------------------------------------------
# Every command the lab scripts (setup, verify, teardown, certs) run that is not a bash builtin,
# with the Debian package that brings it: a fresh Debian machine lacks some (netcat-openbsd).
install_packages() {
  local need=() cmd pkg
  while read -r cmd pkg; do
    command -v "$cmd" >/dev/null 2>&1 || need+=("$pkg")
  done <<'LIST'
dovecot dovecot-core
/usr/lib/dovecot/imap dovecot-imapd
/usr/lib/dovecot/pop3 dovecot-pop3d
postfix postfix
unbound unbound
nft nftables
openssl openssl
ip iproute2
ss iproute2
dig dnsutils
nc netcat-openbsd
awk mawk
debconf-set-selections debconf
timeout coreutils
base64 coreutils
LIST
  [ ${#need[@]} -eq 0 ] && return 0
  mhlab_log "installing ${need[*]}"
  # Keep the packages from starting system-wide services on the host (a host postfix or unbound
  # would grab ports and outlive the lab): deny service starts while installing.
  local policy=/usr/sbin/policy-rc.d made_policy=
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; made_policy=1
  fi
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  local rc=0
  {
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}"; then
      apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}"
    fi
  } >"${TMPDIR:-/tmp}/mhlab-apt.log" 2>&1 || rc=$?
  [ -n "$made_policy" ] && rm -f "$policy"
  if [ $rc -ne 0 ]; then tail -20 "${TMPDIR:-/tmp}/mhlab-apt.log" >&2; return $rc; fi
  # Belt and braces: if a system-wide instance started anyway (no policy-rc.d honoured), stop it.
  for svc in postfix dovecot unbound; do
    if [ -x "/etc/init.d/$svc" ] && "/etc/init.d/$svc" status >/dev/null 2>&1; then
      "/etc/init.d/$svc" stop >/dev/null 2>&1 || true
    fi
  done
}

# ---------------------------------------------------------------------------------------------
# 2. namespace, addresses, routes
# ---------------------------------------------------------------------------------------------
make_namespace() {
  ip netns add "$MHLAB_NS"
  ip netns add "$MHLAB_SRV_NS"
  mhlab_in ip link set lo up
  mhlab_srv ip link set lo up
  # the link: created inside the bot's namespace, one end moved to the servers' namespace
  mhlab_in ip link add mhc0 type veth peer name mhs0
  mhlab_in ip link set mhs0 netns "$MHLAB_SRV_NS"
  mhlab_in ip addr add "$BOT/24" dev mhc0
  mhlab_in ip -6 addr add "$BOT6/64" dev mhc0 nodad
  local w
  for w in $WORKERS4 $IDP; do mhlab_in ip addr add "$w/24" dev mhc0; done
  for w in $WORKERS6; do mhlab_in ip -6 addr add "$w/64" dev mhc0 nodad; done
  mhlab_srv ip addr add "$GW/24" dev mhs0
  mhlab_srv ip -6 addr add "$GW6/64" dev mhs0 nodad
  mhlab_in ip link set mhc0 up
  mhlab_srv ip link set mhs0 up
  # server addresses live on the servers' loopback; the bot reaches them through the link
  local a
  for a in $ALL_ADDRS; do mhlab_srv ip addr add "$a/32" dev lo; done
  mhlab_srv ip -6 addr add "$MAIL6/128" dev lo nodad
  mhlab_in ip route add 192.0.2.0/24 via "$GW"
  mhlab_in ip route add 198.51.100.0/25 via "$GW"
  mhlab_in ip -6 route add 2001:db8::/64 via "$GW6"
  # A test-host range that exists only in here, with no way to reach it.
  mhlab_in ip route add unreachable "$UNREACHABLE_NET"
  # Processes run with `ip netns exec` see this file as /etc/resolv.conf.
  mkdir -p "/etc/netns/$MHLAB_NS" "/etc/netns/$MHLAB_SRV_NS"
  printf 'nameserver %s\noptions timeout:2 attempts:1\n' "$NS1" > "/etc/netns/$MHLAB_NS/resolv.conf"
  printf 'nameserver %s\noptions timeout:2 attempts:1\n' "$NS1" > "/etc/netns/$MHLAB_SRV_NS/resolv.conf"
}

# ---------------------------------------------------------------------------------------------
# 3. DNS: two Unbound resolvers that answer the lab zones from local data
# ---------------------------------------------------------------------------------------------
zone_data() {   # $1 = address of moved.lab.test, $2 = address of stale.lab.test
  local L=$MHLAB_DOMAIN
  cat <<EOF
  local-zone: "." static
  local-zone: "$L." static
  local-data: "$L. 3600 IN SOA ns1.$L. hostmaster.$L. 2024010101 3600 600 86400 60"
  local-data: "$L. 3600 IN NS ns1.$L."
  local-data: "ns1.$L. 3600 IN A $NS1"
  local-data: "ns2.$L. 3600 IN A $NS2"
  local-data: "$L. 3600 IN MX 10 mail.$L."
  local-data: '$L. 3600 IN TXT "v=spf1 mx -all"'
  local-data: "mail.$L. 300 IN A $MAIL"
  local-data: "mail.$L. 300 IN AAAA $MAIL6"
  local-data: "imap.$L. 300 IN A $MAIL"
  local-data: "imap.$L. 300 IN AAAA $MAIL6"
  local-data: "pop.$L. 300 IN A $MAIL"
  local-data: "smtp.$L. 300 IN A $MAIL"
  local-data: "_imaps._tcp.$L. 3600 IN SRV 0 1 993 imap.$L."
  local-data: "_imap._tcp.$L. 3600 IN SRV 10 1 143 imap.$L."
  local-data: "_pop3s._tcp.$L. 3600 IN SRV 20 1 995 pop.$L."
  local-data: "_pop3._tcp.$L. 3600 IN SRV 30 1 110 pop.$L."
  local-data: "_submissions._tcp.$L. 3600 IN SRV 0 1 465 smtp.$L."
  local-data: "_submission._tcp.$L. 3600 IN SRV 10 1 587 smtp.$L."
  local-data: "expired.$L. 300 IN A $EXPIRED"
  local-data: "notyet.$L. 300 IN A $NOTYET"
  local-data: "selfsigned.$L. 300 IN A $SELFSIGNED"
  local-data: "unknownca.$L. 300 IN A $UNKNOWNCA"
  local-data: "wrongname.$L. 300 IN A $WRONGNAME"
  local-data: "expiring.$L. 300 IN A $EXPIRING"
  local-data: "tls13.$L. 300 IN A $TLS13"
  local-data: "oldtls.$L. 300 IN A $OLDTLS"
  local-data: "nostarttls.$L. 300 IN A $NOSTARTTLS"
  local-data: "nochain.$L. 300 IN A $NOCHAIN"
  local-data: "ciphers.$L. 300 IN A $CIPHERS"
  local-data: "authdown.$L. 300 IN A $AUTHDOWN"
  local-data: "oauthonly.$L. 300 IN A $OAUTHONLY"
  local-data: "garbage.$L. 300 IN A $GARBAGE"
  local-data: "slow.$L. 300 IN A $SLOW"
  local-data: "mangled.$L. 300 IN A $MANGLED"
  local-data: "busy.$L. 300 IN A $BUSY"
  local-data: "closes.$L. 300 IN A $CLOSES"
  local-data: "listed.$L. 300 IN A $LISTED"
  local-data: "drop.$L. 300 IN A $DROP"
  local-data: "reject.$L. 300 IN A $REJECT"
  local-data: "flaky.$L. 300 IN A $FLAKY"
  local-data: "port25.$L. 300 IN A $PORT25"
  local-data: "empty.$L. 300 IN A $EMPTY"
  local-data: "drip.$L. 300 IN A $DRIP"
  local-data: "watched.$L. 300 IN A $WATCHED"
  local-data: "penalty.$L. 300 IN A $PENALTY"
  local-data: "oauth.$L. 300 IN A $OAUTHMAIL"
  local-data: "gone.$L. 300 IN A $GONE"
  local-data: "moved.$L. 60 IN A $1"
  # stale.lab.test moved to $MAIL; the second resolver still hands out the old address, where
  # nothing listens any more (issue 11.5: the stale answer is the root cause, not "refused")
  local-data: "stale.$L. 60 IN A $2"
  # a host with two addresses, one of them down (nothing listens on $EMPTY): a partial outage
  local-data: "twoaddr.$L. 300 IN A $EMPTY"
  local-data: "twoaddr.$L. 300 IN A $MAIL"
  local-data: 'noaddr.$L. 300 IN TXT "this name has no address"'
  local-data: "noaddr.$L. 300 IN MX 10 mail.$L."
  local-zone: "bl.$L." static
  local-data: "bl.$L. 3600 IN SOA ns1.$L. hostmaster.$L. 1 3600 600 86400 60"
  local-data: "2.0.0.127.bl.$L. 300 IN A 127.0.0.2"
  local-data: "$(ptr "$LISTED").bl.$L. 300 IN A 127.0.0.2"
  local-data: '$(ptr "$LISTED").bl.$L. 300 IN TXT "Listed in the lab blocklist: spam source"'
  local-zone: "refusing-bl.$L." redirect
  local-data: "refusing-bl.$L. 300 IN A 127.255.255.254"
  # shop.test has only an MX record, at a hosting company whose own names serve its mail
  # (imap./smtp.hoster.test are the healthy servers, with a certificate for those names)
  local-zone: "shop.test." static
  local-data: "shop.test. 3600 IN SOA ns1.$L. hostmaster.$L. 1 3600 600 86400 60"
  local-data: "shop.test. 3600 IN MX 10 mx1.hoster.test."
  local-zone: "hoster.test." static
  local-data: "hoster.test. 3600 IN SOA ns1.$L. hostmaster.$L. 1 3600 600 86400 60"
  local-data: "mx1.hoster.test. 300 IN A $MAIL"
  local-data: "imap.hoster.test. 300 IN A $MAIL"
  local-data: "smtp.hoster.test. 300 IN A $MAIL"
  # broken.test is delegated to a server that refuses (port 53 rejected): SERVFAIL
  local-zone: "broken.test." transparent
EOF
}

start_unbound() {   # NAME ADDRESSES MOVED_TO STALE_AT
  local name=$1 addrs=$2 moved=$3 stale=$4 dir="$MHLAB_DIR/unbound/$1" a
  mkdir -p "$dir"
  {
    cat <<EOF
server:
  verbosity: 1
  num-threads: 1
  port: 53
  do-ip4: yes
  do-ip6: no
  do-udp: yes
  do-tcp: yes
  interface-automatic: no
  so-reuseport: no
  directory: "$dir"
  chroot: ""
  username: ""
  pidfile: "$dir/unbound.pid"
  logfile: "$MHLAB_DIR/logs/unbound-$name.log"
  use-syslog: no
  do-daemonize: yes
  access-control: 0.0.0.0/0 allow
  access-control: ::/0 allow
  module-config: "iterator"
  do-not-query-localhost: no
  outgoing-range: 64
  num-queries-per-thread: 32
  msg-cache-size: 1m
  rrset-cache-size: 1m
  infra-host-ttl: 1
  outbound-msg-retry: 1
  harden-referral-path: no
  minimal-responses: yes
EOF
    for a in $addrs; do echo "  interface: $a"; done
    zone_data "$moved" "$stale"
    cat <<EOF
stub-zone:
  name: "broken.test."
  stub-addr: $NS_LAME
  stub-prime: no
remote-control:
  control-enable: no
EOF
  } > "$dir/unbound.conf"
  unbound-checkconf "$dir/unbound.conf" >/dev/null
  mhlab_srv unbound -c "$dir/unbound.conf" </dev/null >>"$MHLAB_DIR/logs/startup.log" 2>&1
}

# ---------------------------------------------------------------------------------------------
# 4. certificates
# ---------------------------------------------------------------------------------------------
make_certs() { MHLAB_IDP=$IDP bash "$HERE/certs.sh" "$MHLAB_DIR/pki" >/dev/null; }

# ---------------------------------------------------------------------------------------------
# 5. Dovecot: one instance per fault, each with its own config, base_dir and log
# ---------------------------------------------------------------------------------------------
dovecot_common() {
  cat <<EOF
# generated by test/lab/setup.sh
protocols = imap pop3
ssl = required
ssl_cert = <$MHLAB_DIR/pki/valid.pem
ssl_key = <$MHLAB_DIR/pki/valid.key
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = yes
auth_mechanisms = plain login
auth_verbose = yes
auth_failure_delay = 0
first_valid_uid = 8
first_valid_gid = 8
mail_location = maildir:~/Maildir
default_internal_user = dovecot
default_login_user = dovenull
login_trusted_networks =
# No auth penalty: every scenario logs in from the same bot address, and a wrong-password
# scenario must not delay the next ones (Dovecot's documented way to switch it off).
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
passdb {
  driver = ${PASSDB_DRIVER:-passwd-file}
  args = ${PASSDB_ARGS:-scheme=PLAIN username_format=%u $MHLAB_DIR/dovecot/users}
${PASSDB_EXTRA:-}
}
userdb {
  driver = static
  args = uid=mail gid=mail home=$MHLAB_DIR/mail/%u
}
service imap-login {
  inet_listener imap {
    port = 143
  }
  inet_listener imaps {
    port = 993
    ssl = yes
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 110
  }
  inet_listener pop3s {
    port = 995
    ssl = yes
  }
}
EOF
}

start_dovecot() {   # NAME "ADDRESSES" [extra config on stdin]
  local name=$1 addrs=$2 dir="$MHLAB_DIR/dovecot/$1"
  mkdir -p "$dir/run" "$dir/state"
  {
    echo "instance_name = mhlab-$name"
    echo "base_dir = $dir/run"
    echo "state_dir = $dir/state"
    echo "log_path = $MHLAB_DIR/logs/dovecot-$name.log"
    echo "listen = $addrs"
    dovecot_common
    cat   # per-instance settings come last and win
  } > "$dir/dovecot.conf"
  mhlab_srv dovecot -c "$dir/dovecot.conf" </dev/null >>"$MHLAB_DIR/logs/startup.log" 2>&1 ||
    { tail -n 5 "$MHLAB_DIR/logs/startup.log" >&2; return 1; }
}

start_all_dovecot() {
  local P=$MHLAB_DIR/pki d=$MHLAB_DIR/dovecot
  mkdir -p "$d" "$MHLAB_DIR/mail"
  chown mail:mail "$MHLAB_DIR/mail"
  cat > "$d/users" <<EOF
$MHLAB_USER:{PLAIN}$MHLAB_PASSWORD::::::
bob@$MHLAB_DOMAIN:{PLAIN}$MHLAB_PASSWORD::::::nologin=y reason=Account-locked:too-many-failed-logins
EOF
  chmod 0640 "$d/users"; chgrp dovecot "$d/users"

  # OpenSSL settings for the two instances whose TLS is broken on purpose. Dovecot passes
  # OPENSSL_CONF to its login processes (import_environment), where the TLS contexts live.
  cat > "$d/openssl-old.cnf" <<'EOF'
openssl_conf = lab_init
[lab_init]
ssl_conf = lab_ssl
[lab_ssl]
system_default = lab_tls
[lab_tls]
MinProtocol = TLSv1
MaxProtocol = TLSv1.1
CipherString = DEFAULT:@SECLEVEL=0
EOF
  cat > "$d/openssl-tls12.cnf" <<'EOF'
openssl_conf = lab_init
[lab_init]
ssl_conf = lab_ssl
[lab_ssl]
system_default = lab_tls
[lab_tls]
MaxProtocol = TLSv1.2
EOF

  # healthy (Debian defaults: STARTTLS on 143/110, implicit TLS on 993/995, no plaintext
  # login before TLS) + the SASL listener Postfix uses
  start_dovecot healthy "$HEALTHY_ADDRS $MAIL6" <<EOF
ssl = yes
service auth {
  inet_listener sasl {
    address = 127.0.0.1
    port = 12345
  }
}
EOF
  # certificate faults
  local f
  for f in expired notyet selfsigned unknownca wrongname expiring nochain; do
    local var=${f^^}
    start_dovecot "$f" "${!var}" <<EOF
ssl = yes
ssl_cert = <$P/$f.pem
ssl_key = <$P/$f.key
EOF
  done
  # watched by the watch scenario: its certificate file is swapped and Dovecot reloaded
  start_dovecot watched "$WATCHED" <<EOF
ssl = yes
ssl_cert = <$P/watched.pem
ssl_key = <$P/watched.key
EOF
  start_dovecot tls13 "$TLS13" <<'EOF'
ssl = yes
ssl_min_protocol = TLSv1.3
EOF
  start_dovecot oldtls "$OLDTLS" <<EOF
ssl = yes
ssl_min_protocol = TLSv1
ssl_cipher_list = DEFAULT:@SECLEVEL=0
import_environment = TZ OPENSSL_CONF=$d/openssl-old.cnf
EOF
  start_dovecot ciphers "$CIPHERS" <<EOF
ssl = yes
ssl_cipher_list = ECDHE-ECDSA-CAMELLIA128-SHA256:ECDHE-ECDSA-CAMELLIA256-SHA384
import_environment = TZ OPENSSL_CONF=$d/openssl-tls12.cnf
EOF
  start_dovecot nostarttls "$NOSTARTTLS" <<'EOF'
ssl = no
disable_plaintext_auth = no
service imap-login {
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  inet_listener pop3s {
    port = 0
  }
}
EOF
  # the user database is down: the checkpassword program reports a temporary problem (111),
  # as when the SQL/LDAP server behind it does not answer
  printf '#!/bin/sh\necho "userdb: connection to database server failed" >&2\nexit 111\n' > "$d/userdb-down"
  chmod 0755 "$d/userdb-down"
  PASSDB_DRIVER=checkpassword PASSDB_ARGS=$d/userdb-down start_dovecot authdown "$AUTHDOWN" <<'EOF'
ssl = yes
EOF
  start_dovecot oauthonly "$OAUTHONLY" <<'EOF'
ssl = yes
auth_mechanisms = xoauth2 oauthbearer
EOF
  # Sign-in with OAuth (issue 18): the oauth2 passdb checks each XOAUTH2/OAUTHBEARER token by
  # RFC 7662 introspection at the lab's identity provider (the oauth scenario runs it at $IDP).
  # Before it, a per-service passwd-file (%s: imap, pop3) marks accounts that may not log in
  # over that protocol, the way an admin turns IMAP off for one mailbox: nopassword (any token
  # passes this one), nologin, and `continue` so that the token is still checked; a good token
  # then gets "NO [CONTACTADMIN] Login disabled for this user".
  cat > "$d/oauth2.conf.ext" <<EOF
introspection_mode = post
introspection_url = https://$IDP_CLIENT_ID:$IDP_CLIENT_SECRET@$IDP:$IDP_PORT/token/introspection
force_introspection = yes
username_attribute = sub
active_attribute = active
active_value = true
tls_ca_cert_file = $P/ca.pem
timeout_msecs = 5000
EOF
  printf '%s:::::::nopassword=y nologin=y\n' "$OAUTH_OFF_USER" > "$d/oauth-nologin.imap"
  : > "$d/oauth-nologin.pop3"
  chmod 0640 "$d/oauth2.conf.ext" "$d/oauth-nologin.imap" "$d/oauth-nologin.pop3"
  chgrp dovecot "$d/oauth2.conf.ext" "$d/oauth-nologin.imap" "$d/oauth-nologin.pop3"
  PASSDB_ARGS="username_format=%u $d/oauth-nologin.%s" PASSDB_EXTRA=$'  result_success = continue\n  result_failure = continue' start_dovecot oauth "$OAUTHMAIL" <<EOF
ssl = yes
# XOAUTH2 alone, as Exchange Online offers it (a client prefers OAUTHBEARER where it may)
auth_mechanisms = xoauth2
passdb {
  driver = oauth2
  mechanisms = xoauth2
  args = $d/oauth2.conf.ext
}
EOF
  # Dovecot's own defenses against password guessing, on as shipped: a failed login is answered
  # after auth_failure_delay, and anvil's auth penalty doubles the delay per failure from the same
  # client address (up to 15 s). The bot logs in for many users from one address, so it meets this.
  start_dovecot penalty "$PENALTY" <<'EOF'
ssl = yes
auth_failure_delay = 2 secs
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0600
  }
}
EOF
  # PROXY protocol required from a load balancer that isn't there: Dovecot drops every
  # direct client at once, before any greeting.
  start_dovecot closes "$CLOSES" <<'EOF'
ssl = yes
haproxy_trusted_networks = 203.0.113.250/32
service imap-login {
  inet_listener imap {
    haproxy = yes
  }
  inet_listener imaps {
    haproxy = yes
  }
}
service pop3-login {
  inet_listener pop3 {
    haproxy = yes
  }
  inet_listener pop3s {
    haproxy = yes
  }
}
EOF
  # Dovecot's auth protocol (VERSION/MECH/SPID...) answering on the IMAP and POP3 ports
  start_dovecot garbage "$GARBAGE" <<EOF
ssl = yes
protocols =
service auth {
  inet_listener garbage-imap {
    address = $GARBAGE
    port = 143
  }
  inet_listener garbage-pop3 {
    address = $GARBAGE
    port = 110
  }
}
EOF
}

# ---------------------------------------------------------------------------------------------
# 6. Postfix: one instance with its own config and queue directories
# ---------------------------------------------------------------------------------------------
start_postfix() {
  local etc=$MHLAB_DIR/postfix/etc spool=$MHLAB_DIR/postfix/spool data=$MHLAB_DIR/postfix/data P=$MHLAB_DIR/pki a
  mkdir -p "$etc" "$spool" "$data"
  chown postfix "$data"
  cat > "$etc/main.cf" <<EOF
# generated by test/lab/setup.sh
compatibility_level = 3.6
queue_directory = $spool
data_directory = $data
mail_owner = postfix
setgid_group = postdrop
myhostname = mail.$MHLAB_DOMAIN
mydomain = $MHLAB_DOMAIN
myorigin = \$mydomain
mydestination =
inet_interfaces = all
inet_protocols = all
maillog_file_prefixes = $MHLAB_DIR
maillog_file = $MHLAB_DIR/logs/postfix.log
alias_maps =
alias_database =
local_recipient_maps =
biff = no
# The lab delivers nothing anywhere.
default_transport = error:lab delivers nothing
relay_transport = error:lab delivers nothing
local_transport = error:lab delivers nothing
smtpd_peername_lookup = no
smtpd_tls_chain_files = $P/valid.key, $P/valid.pem
smtpd_tls_security_level = may
smtpd_tls_auth_only = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = inet:127.0.0.1:12345
smtpd_sasl_auth_enable = no
smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination
smtpd_recipient_restrictions = permit_sasl_authenticated, reject_unauth_destination
lab_submission_client_restrictions = permit_sasl_authenticated, permit
lab_slow_client_restrictions = sleep 3, permit
lab_busy_client_restrictions = check_client_access cidr:$etc/busy.cidr
lab_mangled_banner = *******************************
EOF
  printf '0.0.0.0/0 421 4.3.2 Service shutting down, closing transmission channel\n::/0 421 4.3.2 Service shutting down\n' > "$etc/busy.cidr"
  {
    cat <<'EOF'
# generated by test/lab/setup.sh
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
    # smtpd services: ADDRESS KIND [extra -o options]
    svc() {
      local addr=$1 kind=$2; shift 2
      local host=$addr; [[ $addr == *:* ]] && host="[$addr]"
      case $kind in
        25)  echo "$host:25 inet n - n - - smtpd $*" ;;
        587) echo "$host:587 inet n - n - - smtpd -o syslog_name=postfix/submission -o smtpd_tls_security_level=encrypt -o smtpd_sasl_auth_enable=yes -o smtpd_client_restrictions=\$lab_submission_client_restrictions $*" ;;
        465) echo "$host:465 inet n - n - - smtpd -o syslog_name=postfix/submissions -o smtpd_tls_wrappermode=yes -o smtpd_sasl_auth_enable=yes -o smtpd_client_restrictions=\$lab_submission_client_restrictions $*" ;;
      esac
    }
    for a in $HEALTHY_ADDRS $MAIL6; do svc "$a" 25; svc "$a" 587; svc "$a" 465; done
    for a in 587 465; do svc "$EXPIRED" $a "-o smtpd_tls_chain_files=$P/expired.key,$P/expired.pem"; done
    svc "$WATCHED" 465 "-o smtpd_tls_chain_files=$P/watched.key,$P/watched.pem"
    for a in 25 587 465; do
      svc "$SLOW" $a "-o smtpd_delay_reject=no -o smtpd_client_restrictions=\$lab_slow_client_restrictions"
      svc "$MANGLED" $a "-o smtpd_banner=\$lab_mangled_banner"
      svc "$BUSY" $a "-o smtpd_delay_reject=no -o smtpd_client_restrictions=\$lab_busy_client_restrictions"
    done
  } > "$etc/master.cf"
  # Postfix reports early fatal errors only to syslog or a terminal: on failure, rerun under
  # script(1) so the reason shows.
  local cmd
  for cmd in check start; do
    if ! mhlab_srv postfix -c "$etc" "$cmd" </dev/null >>"$MHLAB_DIR/logs/startup.log" 2>&1; then
      script -qec "ip netns exec $MHLAB_SRV_NS postfix -c $etc $cmd" /dev/null </dev/null >&2 || return 1
    fi
  done
}

# ---------------------------------------------------------------------------------------------
# 7. firewall inside the namespace (nftables)
# ---------------------------------------------------------------------------------------------
load_firewall() {
  # the servers' firewall
  mhlab_srv nft -f - <<EOF
table inet mhlab {
  # connections picked to fail on flaky.lab.test; their SYN retransmissions fail too
  set flaky {
    type ipv4_addr . inet_service
    flags dynamic, timeout
    timeout 2m
  }
  set watch_closed {
    type inet_service
  }
  chain input {
    type filter hook input priority 0; policy accept;
    ip daddr $NS_DEAD meta l4proto { tcp, udp } th dport 53 drop
    ip daddr $NS_LAME udp dport 53 reject with icmp type port-unreachable
    ip daddr $NS_LAME tcp dport 53 reject with tcp reset
    ip daddr $DROP tcp dport { 465, 993, 995 } drop
    ip daddr $REJECT tcp dport { 465, 993, 995 } reject with icmp type port-unreachable
    # the watch scenario closes ports of watched.lab.test by adding them here (watch-faults.sh)
    ip daddr $WATCHED tcp dport @watch_closed drop
    # every other new connection: the first SYN of each connection decides, and
    # retransmissions of a dropped one stay dropped
    ip daddr $FLAKY tcp flags & (syn | ack) == syn ip saddr . tcp sport @flaky drop
    ip daddr $FLAKY tcp flags & (syn | ack) == syn numgen inc mod 2 == 0 add @flaky { ip saddr . tcp sport } drop
  }
}
EOF
  # the bot's own network: outbound port 25 blocked (to port25.lab.test only, so that the
  # other port-25 scenarios still reach their servers)
  mhlab_in nft -f - <<EOF
table inet mhlab {
  chain output {
    type filter hook output priority 0; policy accept;
    ip daddr $PORT25 tcp dport 25 drop
  }
}
EOF
}

# A server that drips (drip.lab.test): no Debian server does that by configuration, so a small
# Node script plays it (test/lab/drip-server.js); the per-command deadline and the byte caps of
# the probes must end each of its checks with the right finding.
start_drip() {
  mhlab_srv "$(command -v node)" "$HERE/drip-server.js" "$DRIP" </dev/null >>"$MHLAB_DIR/logs/drip.log" 2>&1 &
}

# ---------------------------------------------------------------------------------------------
# 8. wait until everything listens, then describe the lab
# ---------------------------------------------------------------------------------------------
wait_ready() {
  local deadline=$(( $(date +%s) + 30 )) missing
  while :; do
    missing=
    local listening
    listening=$(mhlab_srv ss -Hltn | awk '{print $4}')
    for want in "$MAIL:993" "$MAIL:143" "$MAIL:995" "$MAIL:110" "$MAIL:587" "$MAIL:465" "$MAIL:25" \
                "$EXPIRED:993" "$OAUTHMAIL:993" "$WATCHED:993" "$WATCHED:465" "$GARBAGE:143" "$CLOSES:993" "$NOSTARTTLS:143" "$BUSY:25" "$NS1:53" "$NS2:53" "127.0.0.1:12345" "$DRIP:143" "$DRIP:587" "$DRIP:110"; do
      grep -qxF "$want" <<<"$listening" || missing+=" $want"
    done
    [ -z "$missing" ] && return 0
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "setup.sh: not listening after 30 s:$missing" >&2
      tail -n 5 "$MHLAB_DIR"/logs/*.log >&2 || true
      return 1
    fi
    sleep 0.1
  done
}

write_hosts_json() {
  cat > "$MHLAB_DIR/hosts.json" <<EOF
{
  "namespace": "$MHLAB_NS",
  "serverNamespace": "$MHLAB_SRV_NS",
  "botAddress": "$BOT",
  "workers4": [$(printf '"%s",' $WORKERS4 | sed 's/,$//')],
  "workers6": [$(printf '"%s",' $WORKERS6 | sed 's/,$//')],
  "dir": "$MHLAB_DIR",
  "ca": "$MHLAB_DIR/pki/ca.pem",
  "user": "$MHLAB_USER",
  "password": "$MHLAB_PASSWORD",
  "idp": { "address": "$IDP", "port": $IDP_PORT, "introspectionClient": { "id": "$IDP_CLIENT_ID", "secret": "$IDP_CLIENT_SECRET" }, "imapOffUser": "$OAUTH_OFF_USER" },
  "dns": { "ns1": "$NS1", "ns2": "$NS2", "dead": "$NS_DEAD", "lame": "$NS_LAME" },
  "allowNets": ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32"]
}
EOF
}

main() {
  install_packages
  local t_pkg; t_pkg=$(ms_since "$T0")
  bash "$HERE/teardown.sh" --quiet
  local T1; T1=$(date +%s%N)
  mkdir -p "$MHLAB_DIR/logs"; chmod 0755 "$MHLAB_DIR"
  make_namespace
  make_certs
  load_firewall
  start_unbound ns1 "$NS1 $NS_DEAD" "$MAIL" "$MAIL"
  start_unbound ns2 "$NS2" "$MOVED" "$EMPTY"
  start_all_dovecot
  start_postfix
  start_drip
  wait_ready
  write_hosts_json
  local t_lab; t_lab=$(ms_since "$T1")
  echo "$t_lab" > "$MHLAB_DIR/start-ms"
  mhlab_log "lab up in ${t_lab} ms (package check ${t_pkg} ms); run the bot with: ip netns exec $MHLAB_NS ...; state in $MHLAB_DIR"
}

main "$@"
