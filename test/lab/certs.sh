#!/usr/bin/env bash
# Lab PKI: a root CA the bot trusts (via NODE_EXTRA_CA_CERTS), an intermediate, an unknown CA,
# and one leaf per certificate fault. Dates are relative to now, so this runs on every setup.
# Usage: certs.sh DIR
set -euo pipefail
DIR=${1:?usage: certs.sh DIR}
mkdir -p "$DIR" && cd "$DIR"
rm -rf ./* 2>/dev/null || true

ts() { date -u -d "$1" +%Y%m%d%H%M%SZ; }   # openssl ca -startdate/-enddate format

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

cat > ext.cnf <<'X'
[ca]
basicConstraints = critical,CA:true
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[leaf]
basicConstraints = CA:false
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = $ENV::SAN
[selfsigned]
basicConstraints = CA:false
keyUsage = critical,digitalSignature,keyEncipherment,keyCertSign
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
subjectAltName = $ENV::SAN
X

# ca_conf NAME: a minimal `openssl ca` setup (no policy, no unique subjects)
ca_conf() {
  mkdir -p "$1.db"; : > "$1.db/index.txt"; echo 1000 > "$1.db/serial"
  cat > "$1.cnf" <<X
[ca]
default_ca = this
[this]
database = $DIR/$1.db/index.txt
serial = $DIR/$1.db/serial
new_certs_dir = $DIR/$1.db
certificate = $DIR/$1.pem
private_key = $DIR/$1.key
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[any]
commonName = supplied
X
}

# sign CA NAME CN SAN START END [EXTENSIONS]
sign() {
  local ca=$1 name=$2 cn=$3 san=$4 start=$5 end=$6 exts=${7:-leaf}
  [ -f "$name.key" ] || key "$name.key"
  openssl req -new -key "$name.key" -subj "/CN=$cn" -out "$name.csr" 2>/dev/null
  SAN=$san openssl ca -batch -notext -config "$ca.cnf" -in "$name.csr" -out "$name.pem" \
    -startdate "$(ts "$start")" -enddate "$(ts "$end")" -extfile ext.cnf -extensions "$exts" 2>/dev/null
  rm -f "$name.csr"
}

SAN=x  # ext.cnf references $ENV::SAN for every section load
export SAN

# Root CA (trusted by the bot in the lab), intermediate, and a CA nobody trusts
key ca.key;    SAN=x openssl req -new -x509 -key ca.key -subj "/CN=mailhelp lab root CA" -days 3650 \
  -config ext.cnf -extensions ca -out ca.pem 2>/dev/null
key other-ca.key; SAN=x openssl req -new -x509 -key other-ca.key -subj "/CN=Unknown Corp Internal CA" -days 3650 \
  -config ext.cnf -extensions ca -out other-ca.pem 2>/dev/null
ca_conf ca; ca_conf other-ca
key inter.key
sign ca inter "mailhelp lab intermediate CA" "DNS:unused.invalid" "-1 day" "+3650 days" ca
ca_conf inter

L=lab.test
# valid: every host that the healthy services answer for
HEALTHY_SAN="DNS:mail.$L,DNS:imap.$L,DNS:pop.$L,DNS:smtp.$L,DNS:closes.$L,DNS:listed.$L,DNS:drop.$L,DNS:reject.$L,DNS:flaky.$L,DNS:port25.$L,DNS:moved.$L,DNS:tls13.$L,DNS:oldtls.$L,DNS:ciphers.$L,DNS:authdown.$L,DNS:oauthonly.$L,DNS:slow.$L,DNS:mangled.$L,DNS:busy.$L,DNS:garbage.$L,DNS:nostarttls.$L,DNS:empty.$L,DNS:stale.$L,DNS:twoaddr.$L,DNS:penalty.$L,DNS:oauth.$L,DNS:imap.hoster.test,DNS:smtp.hoster.test"
sign ca valid     "mail.$L"        "$HEALTHY_SAN"                  "-30 days"  "+365 days"
# the identity provider of the oauth scenario, reached by its address (MHLAB_IDP, from setup.sh)
sign ca idp       "${MHLAB_IDP:?}"  "IP:${MHLAB_IDP:?}"             "-30 days"  "+365 days"
sign ca expired   "expired.$L"     "DNS:expired.$L"                "-400 days" "-30 days"
sign ca notyet    "notyet.$L"      "DNS:notyet.$L"                 "+30 days"  "+400 days"
sign ca expiring  "expiring.$L"    "DNS:expiring.$L"               "-85 days"  "+5 days"
# watched.lab.test serves watched.pem/.key: a copy of watched-valid until the watch scenario
# swaps in watched-expiring (watch-faults.sh), as an admin installing a short-lived certificate would
sign ca watched-valid    "watched.$L" "DNS:watched.$L"             "-30 days"  "+365 days"
sign ca watched-expiring "watched.$L" "DNS:watched.$L"             "-85 days"  "+5 days"
cp watched-valid.pem watched.pem; cp watched-valid.key watched.key
sign ca wrongname "mail.example.net" "DNS:mail.example.net,DNS:www.example.net" "-30 days" "+365 days"
sign other-ca unknownca "unknownca.$L" "DNS:unknownca.$L"          "-30 days"  "+365 days"
sign inter nochain "nochain.$L"    "DNS:nochain.$L"                "-30 days"  "+365 days"
# self-signed: its own issuer
key selfsigned.key
SAN="DNS:selfsigned.$L" openssl req -new -x509 -key selfsigned.key -subj "/CN=selfsigned.$L" -days 365 \
  -config ext.cnf -extensions selfsigned -out selfsigned.pem 2>/dev/null
# the chain a correctly configured server would send (leaf + intermediate), for reference
cat nochain.pem inter.pem > nochain-fullchain.pem
chmod 0644 ./*.pem; chmod 0600 ./*.key
