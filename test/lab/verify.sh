#!/usr/bin/env bash
# Checks every lab service and fault with the standard tools (dig, nc, openssl s_client), from
# the bot's namespace, i.e. from where mailhelp runs. Prints one line per check; exits 1 if any
# check fails. Run after setup.sh.
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"

CA=$MHLAB_DIR/pki/ca.pem
VERBOSE=${VERBOSE:-}

# chk NAME REGEX OUTPUT: passes when OUTPUT matches the extended REGEX
chk() {
  local name=$1 re=$2 out=$3
  if grep -Eq -- "$re" <<<"$out"; then
    printf '  ok    %s\n' "$name"
  else
    printf '  FAIL  %s: wanted /%s/, got: %s\n' "$name" "$re" "$(tr '\r\n' '  ' <<<"$out" | grep -v '^ *$' | tail -c 400)"
  fi
  return 0
}
# chk_not NAME REGEX OUTPUT: passes when OUTPUT does not match
chk_not() {
  if grep -Eq -- "$2" <<<"$3"; then
    printf '  FAIL  %s: did not want /%s/, got: %s\n' "$1" "$2" "$(tr '\r\n' '  ' <<<"$3" | tail -c 400)"
  else
    printf '  ok    %s\n' "$1"
  fi
  return 0
}

dig_() { mhlab_in dig +time=2 +tries=1 "$@" 2>&1; }
# tcp HOST PORT -> "open" | "refused" | "timeout" | "unreachable" (one attempt, 2 s)
tcp() {
  local out
  out=$(mhlab_in timeout 3 nc -v -z -w 2 "$1" "$2" 2>&1); local rc=$?
  if [ $rc -eq 0 ]; then echo open
  elif grep -qi refused <<<"$out"; then echo refused
  elif grep -qi 'no route\|unreachable' <<<"$out"; then echo unreachable
  else echo "timeout $out"; fi
}
# talk HOST PORT "LINES" [SECONDS]: plaintext conversation, LINES with \r\n, one per 0.15 s,
# then SECONDS (default 0.7) for the last answers
talk() {
  local host=$1 port=$2 lines=$3 wait=${4:-0.7}
  { sleep 0.2; printf '%b' "$lines" | while IFS= read -r l; do printf '%s\n' "$l"; sleep 0.15; done; sleep "$wait"; } |
    mhlab_in timeout 10 nc -q 0 "$host" "$port" 2>&1
}
# tls HOST:PORT SNI [s_client options]: handshake summary + the server's first lines
tls() {
  local target=$1 sni=$2; shift 2
  { sleep 0.3; printf '%b' "${TLS_SEND:-}"; sleep "${TLS_WAIT:-0.3}"; } |
    mhlab_in timeout 8 openssl s_client -connect "$target" -servername "$sni" -verify_hostname "$sni" \
      -CAfile "$CA" -crlf -nocommands "$@" 2>&1 | tr -d '\0'
}

# SASL PLAIN: base64 of \0user\0password (piped: $(...) would drop the NUL bytes)
plain() { printf '\0%s\0%s' "$1" "$2" | base64 -w0; }
SASL=$(plain "$MHLAB_USER" "$MHLAB_PASSWORD")

section_dns() {
  echo "DNS ($NS1 main, $NS2 second, $NS_DEAD dropped)"
  chk "A imap.lab.test"            "imap\.lab\.test\.\s+[0-9]+\s+IN\s+A\s+$MAIL"      "$(dig_ @"$NS1" imap.lab.test A)"
  chk "AAAA imap.lab.test"         "IN\s+AAAA\s+$MAIL6"                                "$(dig_ @"$NS1" imap.lab.test AAAA)"
  chk "MX lab.test"                "IN\s+MX\s+10 mail\.lab\.test\."                    "$(dig_ @"$NS1" lab.test MX)"
  chk "SRV _imaps._tcp"            "IN\s+SRV\s+0 1 993 imap\.lab\.test\."              "$(dig_ @"$NS1" _imaps._tcp.lab.test SRV)"
  chk "SRV _submission._tcp"       "IN\s+SRV\s+10 1 587 smtp\.lab\.test\."             "$(dig_ @"$NS1" _submission._tcp.lab.test SRV)"
  chk "TXT lab.test"               'v=spf1'                                           "$(dig_ @"$NS1" lab.test TXT)"
  chk "typo imao.lab.test"         "status: NXDOMAIN"                                 "$(dig_ @"$NS1" imao.lab.test A)"
  out=$(dig_ @"$NS1" noaddr.lab.test A)
  chk "noaddr.lab.test: NOERROR"   "status: NOERROR"                                  "$out"
  chk "noaddr.lab.test: no answer" "ANSWER: 0"                                        "$out"
  chk "broken.test SERVFAIL"       "status: SERVFAIL"                                 "$(dig_ @"$NS1" imap.broken.test A)"
  chk "listed in bl.lab.test"      "127\.0\.0\.2"                                     "$(dig_ @"$NS1" +short "$(ptr "$LISTED").bl.lab.test" A)"
  chk "mail not in bl.lab.test"    "status: NXDOMAIN"                                 "$(dig_ @"$NS1" "$(ptr "$MAIL").bl.lab.test" A)"
  chk "refusing-bl answers 127.255.255.254" "127\.255\.255\.254"                      "$(dig_ @"$NS1" +short "$(ptr "$MAIL").refusing-bl.lab.test" A)"
  chk "moved.lab.test at $NS1"     "^$MAIL\$"                                         "$(dig_ @"$NS1" +short moved.lab.test)"
  chk "moved.lab.test at $NS2"     "^$MOVED\$"                                        "$(dig_ @"$NS2" +short moved.lab.test)"
  chk "resolver $NS_DEAD dropped"  "timed out|no servers could be reached"            "$(dig_ @"$NS_DEAD" imap.lab.test A)"
  chk "resolv.conf in the namespace" "nameserver $NS1"                                "$(mhlab_in cat /etc/resolv.conf)"
}
section_tcp_() {
  echo "TCP"
  chk "mail:993 open"              "^open"        "$(tcp "$MAIL" 993)"
  chk "mail [v6]:993 open"         "^open"        "$(tcp "$MAIL6" 993)"
  chk "empty:993 refused"          "^refused"     "$(tcp "$EMPTY" 993)"
  chk "drop:993 dropped"           "^timeout"     "$(tcp "$DROP" 993)"
  chk "drop:143 open"              "^open"        "$(tcp "$DROP" 143)"
  chk "reject:993 rejected"        "^refused"     "$(tcp "$REJECT" 993)"
  chk "reject:143 open"            "^open"        "$(tcp "$REJECT" 143)"
  chk "gone ($GONE) unreachable"   "^unreachable" "$(tcp "$GONE" 993)"
  chk "port25:25 blocked"          "^timeout"     "$(tcp "$PORT25" 25)"
  chk "port25:587 open"            "^open"        "$(tcp "$PORT25" 587)"
  flaky=""
  for _ in 1 2 3 4; do flaky+="$(mhlab_in timeout 2 nc -z -w 1 "$FLAKY" 993 >/dev/null 2>&1 && echo o || echo x)"; done
  chk "flaky:993 alternates (4 tries: $flaky)" "^(oxox|xoxo)$" "$flaky"
}
section_tls_() {
  echo "TLS (993, verified against the lab CA and host name)"
  chk "mail: ok"                   "Verify return code: 0 \(ok\)"                  "$(tls "$MAIL:993" mail.lab.test)"
  chk "expired"                    "certificate has expired"                      "$(tls "$EXPIRED:993" expired.lab.test)"
  chk "notyet"                     "certificate is not yet valid"                 "$(tls "$NOTYET:993" notyet.lab.test)"
  chk "selfsigned"                 "self-signed certificate"                      "$(tls "$SELFSIGNED:993" selfsigned.lab.test)"
  chk "unknownca"                  "unable to get local issuer certificate"       "$(tls "$UNKNOWNCA:993" unknownca.lab.test)"
  chk "nochain"                    "unable to get local issuer certificate"       "$(tls "$NOCHAIN:993" nochain.lab.test)"
  chk "wrongname"                  "hostname mismatch"                            "$(tls "$WRONGNAME:993" wrongname.lab.test)"
  out=$(tls "$EXPIRING:993" expiring.lab.test -showcerts)
  chk "expiring: valid now"        "Verify return code: 0 \(ok\)"                 "$out"
  end=$(openssl x509 -noout -enddate <<<"$out" | cut -d= -f2)
  days=$(( ($(date -d "$end" +%s) - $(date +%s)) / 86400 ))
  chk "expiring: ends in 4-5 days ($days)" "^[45]$" "$days"
  chk "tls13: 1.3 ok"              "Protocol *: TLSv1.3|New, TLSv1.3"             "$(tls "$TLS13:993" tls13.lab.test -tls1_3)"
  chk "tls13: 1.2 refused"         "alert protocol version|no protocols available|unsupported protocol|Cipher is \(NONE\)" "$(tls "$TLS13:993" tls13.lab.test -tls1_2)"
  chk "oldtls: 1.2+ refused"       "Cipher is \(NONE\)"                           "$(tls "$OLDTLS:993" oldtls.lab.test -tls1_2)"
  chk "oldtls: 1.0 ok"             "New, TLSv1(\.0)?, Cipher is [A-Z]"            "$(tls "$OLDTLS:993" oldtls.lab.test -tls1 -cipher 'DEFAULT:@SECLEVEL=0')"
  chk "ciphers: default refused"   "Cipher is \(NONE\)"                           "$(tls "$CIPHERS:993" ciphers.lab.test)"
  chk "ciphers: CAMELLIA ok"       "Cipher is ECDHE-ECDSA-CAMELLIA"               "$(tls "$CIPHERS:993" ciphers.lab.test -cipher 'ECDHE-ECDSA-CAMELLIA128-SHA256')"
}
section_starttls() {
  echo "STARTTLS and implicit TLS on the other ports"
  chk "mail:143 STARTTLS"          "Verify return code: 0 \(ok\)"                 "$(tls "$MAIL:143" mail.lab.test -starttls imap)"
  chk "mail:110 STLS"              "Verify return code: 0 \(ok\)"                 "$(tls "$MAIL:110" mail.lab.test -starttls pop3)"
  chk "mail:995"                   "Verify return code: 0 \(ok\)"                 "$(tls "$MAIL:995" mail.lab.test)"
  chk "mail:587 STARTTLS"          "Verify return code: 0 \(ok\)"                 "$(tls "$MAIL:587" mail.lab.test -starttls smtp)"
  chk "mail:465"                   "Verify return code: 0 \(ok\)"                 "$(tls "$MAIL:465" mail.lab.test)"
  chk "expired:465"                "certificate has expired"                      "$(tls "$EXPIRED:465" expired.lab.test)"
  chk "expired:143 STARTTLS"       "certificate has expired"                      "$(tls "$EXPIRED:143" expired.lab.test -starttls imap)"
  chk "watched:993"                "Verify return code: 0 \(ok\)"                 "$(tls "$WATCHED:993" watched.lab.test)"
  chk "watched:465"                "Verify return code: 0 \(ok\)"                 "$(tls "$WATCHED:465" watched.lab.test)"
  chk "nostarttls:143 no STARTTLS" "Didn't find STARTTLS|STARTTLS not supported|error" "$(tls "$NOSTARTTLS:143" nostarttls.lab.test -starttls imap)"
  chk "nostarttls:993 refused"     "^refused"                                     "$(tcp "$NOSTARTTLS" 993)"
}
section_imap() {
  echo "IMAP/POP3 (Dovecot)"
  out=$(talk "$MAIL" 143 "a CAPABILITY\r\nb LOGIN $MHLAB_USER $MHLAB_PASSWORD\r\n")
  chk "mail:143 LOGINDISABLED before TLS" "LOGINDISABLED"                         "$out"
  chk "mail:143 refuses plaintext login"  "b (NO|BAD).*(Plaintext|disallowed|TLS)" "$out"
  chk "mail:110 refuses plaintext login"  "-ERR.*(Plaintext|disallowed|TLS)"      "$(talk "$MAIL" 110 "USER $MHLAB_USER\r\nPASS $MHLAB_PASSWORD\r\n")"
  out=$(TLS_SEND="a LOGIN $MHLAB_USER $MHLAB_PASSWORD\nb LOGOUT\n" TLS_WAIT=1 tls "$MAIL:993" mail.lab.test)
  chk "mail:993 login"             "a OK .*Logged in"                             "$out"
  chk "mail:993 wrong password"    "a NO \[AUTHENTICATIONFAILED\]"                 "$(TLS_SEND="a LOGIN $MHLAB_USER wrong-password\n" TLS_WAIT=1 tls "$MAIL:993" mail.lab.test)"
  chk "mail:993 locked account"    "a NO \[CONTACTADMIN\] Account-locked"                             "$(TLS_SEND="a LOGIN bob@$MHLAB_DOMAIN $MHLAB_PASSWORD\n" TLS_WAIT=1 tls "$MAIL:993" mail.lab.test)"
  chk "mail:995 login"             "\+OK Logged in"                               "$(TLS_SEND="USER $MHLAB_USER\nPASS $MHLAB_PASSWORD\nQUIT\n" TLS_WAIT=1 tls "$MAIL:995" mail.lab.test)"
  chk "nostarttls:143 plaintext login" "a OK .*Logged in"                        "$(talk "$NOSTARTTLS" 143 "a LOGIN $MHLAB_USER $MHLAB_PASSWORD\r\n")"
  chk "authdown:993 UNAVAILABLE"   "a NO \[UNAVAILABLE\]"                          "$(TLS_SEND="a LOGIN $MHLAB_USER $MHLAB_PASSWORD\n" TLS_WAIT=1 tls "$AUTHDOWN:993" authdown.lab.test)"
  out=$(TLS_SEND="a CAPABILITY\nb LOGIN $MHLAB_USER $MHLAB_PASSWORD\n" TLS_WAIT=1 tls "$OAUTHONLY:993" oauthonly.lab.test)
  chk "oauthonly: only XOAUTH2/OAUTHBEARER" "AUTH=XOAUTH2 AUTH=OAUTHBEARER"       "$out"
  chk_not "oauthonly: no AUTH=PLAIN" "AUTH=PLAIN"                                  "$out"
  # oauth.lab.test: tokens only (its oauth2 passdb asks the provider the oauth scenario runs)
  chk "oauth: XOAUTH2 with the oauth2 passdb" "AUTH=XOAUTH2"                   "$(TLS_SEND="a CAPABILITY\n" TLS_WAIT=1 tls "$OAUTHMAIL:993" oauth.lab.test)"
  chk "garbage:143 speaks Dovecot auth protocol" "^VERSION"                        "$(talk "$GARBAGE" 143 "")"
  out=$(talk "$CLOSES" 143 "a CAPABILITY\r\n"; echo "rc=$?")
  chk_not "closes:143 closes without greeting" "\* OK"                             "$out"
  chk "closes:993 closes during handshake" "errno|unexpected eof|Connection reset|write:errno|Cipher is \(NONE\)" "$(tls "$CLOSES:993" closes.lab.test)"
}
section_smtp() {
  echo "SMTP (Postfix)"
  out=$(talk "$MAIL" 25 "EHLO bot.lab.test\r\nQUIT\r\n")
  chk "mail:25 greeting"           "^220 mail\.lab\.test ESMTP"                    "$out"
  chk_not "mail:25 no AUTH"        "250.AUTH"                                      "$out"
  out=$(talk "$MAIL" 587 "EHLO bot.lab.test\r\nMAIL FROM:<$MHLAB_USER>\r\nQUIT\r\n")
  chk "mail:587 STARTTLS offered"  "250.STARTTLS"                                  "$out"
  chk_not "mail:587 no AUTH before TLS" "250.AUTH"                                 "$out"
  chk "mail:587 530 before TLS"    "530 5\.7\.0"                                   "$out"
  out=$(TLS_SEND="EHLO bot.lab.test\nAUTH PLAIN $SASL\nQUIT\n" TLS_WAIT=1 tls "$MAIL:587" mail.lab.test -starttls smtp)
  chk "mail:587 AUTH after STARTTLS" "250.AUTH PLAIN LOGIN"                        "$out"
  chk "mail:587 SASL via Dovecot"  "235 2\.7\.0 Authentication successful"         "$out"
  chk "mail:587 wrong password"    "535 5\.7\.8"                                   "$(TLS_SEND="EHLO bot.lab.test\nAUTH PLAIN $(plain "$MHLAB_USER" wrong-password)\nQUIT\n" TLS_WAIT=1 tls "$MAIL:587" mail.lab.test -starttls smtp)"
  chk "mail:465 SASL"              "235 2\.7\.0"                                   "$(TLS_SEND="EHLO bot.lab.test\nAUTH PLAIN $SASL\nQUIT\n" TLS_WAIT=1 tls "$MAIL:465" mail.lab.test)"
  t0=$(date +%s%N); out=$(talk "$SLOW" 587 "QUIT\r\n" 0.5); t=$(( ($(date +%s%N) - t0) / 1000000 ))
  chk "slow:587 greeting"          "^220 "                                         "$out"
  chk "slow:587 greeting after >=3 s (${t} ms)" "^(3|4|5|6|7|8|9)[0-9]{3}$"         "$t"
  chk "mangled:25 banner"          "^220 \*+\s*$"                                  "$(talk "$MANGLED" 25 "QUIT\r\n")"
  chk "busy:25 421"                "^421 4\.3\.2"                                  "$(talk "$BUSY" 25 "EHLO bot.lab.test\r\n")"
  chk "listed:587 healthy"         "Verify return code: 0 \(ok\)"                  "$(tls "$LISTED:587" listed.lab.test -starttls smtp)"
}

# The sections are independent: run them side by side, print in order.
OUT=$(mktemp -d); trap 'rm -rf "$OUT"' EXIT
SECTIONS="dns tcp_ tls_ starttls imap smtp"
for s in $SECTIONS; do "section_$s" > "$OUT/$s" 2>&1 & done
wait
for s in $SECTIONS; do
  if [ -n "$VERBOSE" ]; then cat "$OUT/$s"; else grep -v '^  ok ' "$OUT/$s"; fi
done
PASS=$(cat "$OUT"/* | grep -c '^  ok ')
FAIL=$(cat "$OUT"/* | grep -c '^  FAIL ')
echo "verify: $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
