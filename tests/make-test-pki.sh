#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds a throw-away PKI for the signing tests in DIR:
#   ca.pem            test root CA (trusted in nssdb/ with "CT,C,C")
#   other-ca.pem      an unrelated CA, to check that trust is really checked
#   signer.p12        valid signer (digitalSignature, nonRepudiation, emailProtection)
#   signer-legacy.p12 the same, encrypted the pre-OpenSSL-3 way (RC2/3DES, SHA-1 MAC)
#   signer2.p12       a second valid signer with its own key
#   expired.p12, not-yet-valid.p12, no-usage.p12 (keyUsage keyEncipherment only)
#   signer-pss.p12    a valid signer with an RSA-PSS key, which Probity refuses
#   tls.pem           a TLS server's certificate (serverAuth), key signer.key
#   self-signed.pem   a self-signed end-entity certificate, key signer.key
#   tsa.pem, tsa.key, tsa.cnf  a time-stamp authority for `openssl ts -reply`
#                     (valid ten years: it outlives the signers)
#   ocsp.pem, ocsp.key an OCSP responder for the CA (`openssl ocsp`)
# Every .p12 uses the passphrase "secret".
set -eu

dir=${1:?usage: make-test-pki.sh DIR}
mkdir -p "$dir"
cd "$dir"

pass=secret
subj_base="/C=SE/O=Probity Test"

openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 3650 \
  -subj "$subj_base/CN=Probity Test Root CA" \
  -addext basicConstraints=critical,CA:TRUE \
  -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null

openssl req -x509 -newkey rsa:2048 -nodes -keyout other-ca.key -out other-ca.pem -days 3650 \
  -subj "$subj_base/CN=Some Other CA" \
  -addext basicConstraints=critical,CA:TRUE \
  -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null

cat > ee.ext <<'EXT'
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,nonRepudiation
extendedKeyUsage=emailProtection
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
subjectAltName=email:copy
EXT

cat > tls.ext <<'EXT'
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:reports.example.test
EXT

cat > tsa.ext <<'EXT'
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=critical,timeStamping
EXT

cat > ocsp.ext <<'EXT'
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=critical,OCSPSigning
EXT

cat > no-usage.ext <<'EXT'
basicConstraints=CA:FALSE
keyUsage=critical,keyEncipherment
extendedKeyUsage=emailProtection
EXT

# `openssl x509 -req` in OpenSSL 3.0 cannot set a start date; `openssl ca` can.
mkdir -p ca-db
: > ca-db/index.txt
echo 1000 > ca-db/serial
echo 1000 > ca-db/crlnumber
cat > ca.cnf <<'CNF'
[ ca ]
default_ca = test_ca
[ test_ca ]
dir = .
database = ./ca-db/index.txt
serial = ./ca-db/serial
crlnumber = ./ca-db/crlnumber
new_certs_dir = ./ca-db
certificate = ./ca.pem
private_key = ./ca.key
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = none
email_in_dn = yes
[ anything ]
countryName = optional
organizationName = optional
commonName = supplied
emailAddress = optional
CNF

# name CN email startdate enddate extfile [key]
issue () {
  name=$1 cn=$2 email=$3 start=$4 end=$5 ext=$6 key=${7:-$1.key}
  [ -f "$key" ] || openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$key" 2>/dev/null
  openssl req -new -key "$key" -out "$name.csr" \
    -subj "$subj_base/CN=$cn/emailAddress=$email" 2>/dev/null
  openssl ca -batch -config ca.cnf -notext -in "$name.csr" -out "$name.pem" \
    -startdate "$start" -enddate "$end" -extfile "$ext" 2>/dev/null
  openssl pkcs12 -export -inkey "$key" -in "$name.pem" -certfile ca.pem \
    -name "$cn" -passout "pass:$pass" -out "$name.p12"
}

now_start=$(date -u -d '-1 day' +%Y%m%d%H%M%SZ)
now_end=$(date -u -d '+365 days' +%Y%m%d%H%M%SZ)

issue signer "Test Signer" signer@example.test "$now_start" "$now_end" ee.ext
issue signer2 "Second Signer" second@example.test "$now_start" "$now_end" ee.ext
issue expired "Expired Signer" expired@example.test 20200101000000Z 20210101000000Z ee.ext signer.key
issue not-yet-valid "Future Signer" future@example.test 20400101000000Z 20410101000000Z ee.ext signer.key
issue no-usage "Encryption Only" enc@example.test "$now_start" "$now_end" no-usage.ext signer.key

issue tls "reports.example.test" tls@example.test "$now_start" "$now_end" tls.ext signer.key
issue tsa "Probity Test TSA" tsa@example.test "$now_start" "$(date -u -d '+3650 days' +%Y%m%d%H%M%SZ)" tsa.ext
issue ocsp "Probity Test OCSP" ocsp@example.test "$now_start" "$now_end" ocsp.ext

# A signer with an EC key, besides the RSA ones.
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out signer-ec.key 2>/dev/null
issue signer-ec "EC Signer" ec@example.test "$now_start" "$now_end" ee.ext signer-ec.key

# One with an RSA-PSS key, which the signer refuses.
openssl genpkey -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 -out signer-pss.key 2>/dev/null
issue signer-pss "PSS Signer" pss@example.test "$now_start" "$now_end" ee.ext signer-pss.key

openssl req -x509 -key signer.key -out self-signed.pem -days 365 \
  -subj "$subj_base/CN=Self Signer" \
  -addext basicConstraints=critical,CA:FALSE \
  -addext keyUsage=critical,digitalSignature,nonRepudiation \
  -addext extendedKeyUsage=emailProtection 2>/dev/null

echo 01 > tsaserial
cat > tsa.cnf <<CNF
[ tsa ]
default_tsa = tsa1
[ tsa1 ]
serial = $PWD/tsaserial
signer_cert = $PWD/tsa.pem
certs = $PWD/ca.pem
signer_key = $PWD/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
CNF

openssl pkcs12 -export -legacy -inkey signer.key -in signer.pem -certfile ca.pem \
  -name "Test Signer" -passout "pass:$pass" -out signer-legacy.p12

rm -rf nssdb
mkdir nssdb
certutil -N -d "sql:$PWD/nssdb" --empty-password
certutil -A -d "sql:$PWD/nssdb" -n "Probity Test Root CA" -t "CT,C,C" -i ca.pem
