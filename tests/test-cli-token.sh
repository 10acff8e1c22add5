#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Issue 13's "done when", from the command line: a report signed off with a
# key on a PKCS#11 token (SoftHSM 2, named by an RFC 7512 URI) at PAdES
# B-LTA against the loopback time-stamp authority and OCSP responder, then,
# with the clock moved past the signer's expiry and nothing on the network,
# verified as a valid B-LTA report, alone and against its case; extended
# again the way a records office does; a PDF with cross-reference streams
# is refused with a clear error; a wrong PIN and a token that is not there
# give clear errors and write nothing. TAP output.
set -u

. "$(dirname "$0")/cli-test-lib.sh"
tsa_pid=
cleanup () {
  [ -n "$tsa_pid" ] && kill "$tsa_pid" 2>/dev/null
}

module=
for m in /usr/lib/*/softhsm/libsofthsm2.so /usr/lib/softhsm/libsofthsm2.so; do
  [ -f "$m" ] && module=$m && break
done
for tool in softhsm2-util pkcs11-tool faketime pdfsig qpdf openssl sqlite3; do
  command -v "$tool" >/dev/null || { echo "1..0 # SKIP $tool is not installed"; exit 0; }
done
[ -n "$module" ] || { echo "1..0 # SKIP no SoftHSM module"; exit 0; }

# faketime preloads its library ahead of AddressSanitizer's (make test-sanitize).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

# Starts the loopback services, again on the same port after stop_tsa: the
# certificates name it.
start_tsa () {
  python3 "$src/tests/tsa-server.py" "$work/pki" ok ${port:-} > port 2>/dev/null &
  tsa_pid=$!
  wait_for_port port
  port=$(head -1 port)
  tsa="http://127.0.0.1:$port/tsa"
}
stop_tsa () {
  kill "$tsa_pid" 2>/dev/null && wait "$tsa_pid" 2>/dev/null
  tsa_pid=
  rm -f port
}

make_pki
start_tsa
[ -n "$port" ] || { echo "Bail out! the loopback TSA did not start"; exit 1; }

# The reviewer's smartcard: a certificate valid 30 days whose revocation
# status the loopback OCSP responder gives, and its key, on a token.
cat > pki/card.ext <<EXT
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,nonRepudiation
extendedKeyUsage=emailProtection
authorityInfoAccess=OCSP;URI:http://127.0.0.1:$port/ocsp
crlDistributionPoints=URI:http://127.0.0.1:$port/crl
EXT
(cd pki &&
 openssl req -new -key signer.key -out card.csr -subj "/C=SE/O=Probity Test/CN=Karin Holm" &&
 openssl ca -batch -config ca.cnf -notext -in card.csr -out card.pem -days 30 -extfile card.ext &&
 openssl pkcs8 -topk8 -nocrypt -in signer.key -outform DER -out card-key.der &&
 openssl x509 -in card.pem -outform DER -out card.der) >log 2>&1 ||
  { echo "Bail out! cannot issue the card's certificate: $(cat log)"; exit 1; }

mkdir tokens
printf 'directories.tokendir = %s/tokens\nobjectstore.backend = file\n' "$work" > softhsm2.conf
export SOFTHSM2_CONF="$work/softhsm2.conf"
{ softhsm2-util --init-token --free --label probity-card --pin 1234 --so-pin 4321 &&
  pkcs11-tool --module "$module" --token-label probity-card --login --pin 1234 \
    --write-object pki/card-key.der --type privkey --id 01 --label signer &&
  pkcs11-tool --module "$module" --token-label probity-card --login --pin 1234 \
    --write-object pki/card.der --type cert --id 01 --label signer; } >log 2>&1 ||
  { echo "Bail out! cannot make the SoftHSM token: $(cat log)"; exit 1; }
uri="pkcs11:token=probity-card;object=signer"
printf '1234\n' > pin.txt
printf '9999\n' > wrong-pin.txt

export PROBITY_DB="$work/cases.db"
export PROBITY_USER="Åsa Lindström"
unset PROBITY_TSA

case_id=$("$cli" case new --customer "Polisen" --country SE --product "CCTV" --family cctv 2>log)
[ -n "$case_id" ] || { echo "Bail out! cannot create a case: $(cat log)"; exit 1; }
check "answers imported" "$cli" case import-answers "$case_id" "$src/tests/data/answers/benign-carpark-anpr.json"
check "submitted" "$cli" case submit "$case_id"
check "decided" "$cli" case decide "$case_id" --role reviewer --user "Ingrid Larsson" --decision approved --reason "low risk"

# Signed off with the card at B-LTA.
check "signed with the token at B-LTA" "$cli" report "$case_id" -o card.pdf --sign "$uri" --passphrase-file pin.txt \
  --role reviewer --tsa "$tsa" --level B-LTA
cp log out
check "the sign-off is recorded under the certificate's name" grep -q "Signed by Karin Holm" out
check "and the history anchored" grep -q "history time-stamped up to event" out
check "qpdf --check passes" qpdf --check card.pdf
pdfsig -nssdir "sql:$work/pki/nssdb" card.pdf > pdfsig.txt 2>&1
check "pdfsig: the signature is valid" grep -q "Signature Validation: Signature is Valid." pdfsig.txt
check "pdfsig: the certificate is trusted" grep -q "Certificate Validation: Certificate is Trusted." pdfsig.txt
check "pdfsig: the document time-stamp is there" grep -q "Signature #2" pdfsig.txt

# The document time-stamp on its own, with OpenSSL: its token time-stamps
# the bytes its ByteRange covers.
/usr/bin/python3 - card.pdf > doc-ts.txt 2>log <<'PY'
import hashlib, re, sys
data = open(sys.argv[1], 'rb').read()
sig = list(re.finditer(rb'/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]', data))[-1]
a, b, c, d = map(int, sig.groups())
contents = data[b + 1:c - 1].rstrip(b'0')
if len(contents) % 2:
    contents += b'0'
open('doc-ts.der', 'wb').write(bytes.fromhex(contents.decode()))
print(hashlib.sha256(data[a:a + b] + data[c:c + d]).hexdigest())
PY
check "openssl ts -verify: the document time-stamp covers the file" \
  openssl ts -verify -digest "$(cat doc-ts.txt)" -in doc-ts.der -token_in -CAfile pki/ca.pem -untrusted pki/tsa.pem

check "verify: valid" "$cli" verify card.pdf --ca pki/ca.pem
cp log out
check "at level B-LTA" grep -q "level: B-LTA" out
check "verify --db: the report is the one signed off" "$cli" verify card.pdf --ca pki/ca.pem --db cases.db
check "case verify: anchored" sh -c "'$cli' case verify '$case_id' --tsa-ca pki/ca.pem | grep -q 'up to event'"

# Years later, offline: the responder and the authority are gone and the
# card's certificate has expired.
stop_tsa
check_fails "the card's certificate has expired by then" \
  faketime -f +400d openssl x509 -in pki/card.pem -noout -checkend 0
faketime -f +400d "$cli" verify card.pdf --ca pki/ca.pem > later.txt 2>&1
check "verify 400 days later, offline: valid" test $? -eq 0
check "still B-LTA" grep -q "level: B-LTA" later.txt
check "from the OCSP response it holds" grep -q "not revoked, says the OCSP" later.txt
check "checked at the time of its signature time-stamp" grep -q "the time of its signature time-stamp" later.txt
check "verify --db 400 days later: still the report signed off" \
  faketime -f +400d "$cli" verify card.pdf --ca pki/ca.pem --db cases.db

# A B-B report of the same card is not verifiable then, and says why.
check "a second sign-off, B-B" "$cli" report "$case_id" -o plain.pdf --sign "$uri" --passphrase-file pin.txt \
  --role reviewer
check_fails "verify 400 days later: a B-B report is not valid" faketime -f +400d "$cli" verify plain.pdf --ca pki/ca.pem
cp log out
check "because the certificate has expired" grep -q "certificate has expired" out

# The archive routine: a fresh document time-stamp over the whole.
start_tsa
cp card.pdf archived.pdf
check "report extend adds a document time-stamp" "$cli" report extend archived.pdf --tsa "$tsa"
check "the sealed report is a prefix of the extended one" cmp -n "$(stat -c %s card.pdf)" card.pdf archived.pdf
check "qpdf --check passes after it" qpdf --check archived.pdf

# The DSS has a VRI entry per signature it came after, keyed by the SHA-1
# of the signature's /Contents, as qpdf reads them.
qpdf --json=2 --json-key=qpdf archived.pdf > archived.json 2>log
/usr/bin/python3 - archived.json > vri.txt 2>&1 <<'PY'
import hashlib, json, sys
everything = json.load(open(sys.argv[1]))['qpdf'][1]
objects = {k[4:]: v.get('value') for k, v in everything.items() if k.startswith('obj:')}
trailer = everything['trailer']['value']
dss = objects[objects[trailer['/Root']]['/DSS']]
vri = {key[1:]: objects[ref] for key, ref in dss['/VRI'].items()}
for number, obj in sorted(objects.items()):
    if isinstance(obj, dict) and obj.get('/Type') in ('/Sig', '/DocTimeStamp'):
        key = hashlib.sha1(bytes.fromhex(obj['/Contents'][2:])).hexdigest().upper()
        entry = vri.get(key)
        print(obj['/SubFilter'], 'vri' if entry else 'none',
              len(entry['/Cert']) if entry else 0, len(entry['/OCSP']) if entry else 0)
PY
cp vri.txt out
check "VRI: the signature has its entry, with certificates and OCSP responses" \
  grep -q "^/ETSI.CAdES.detached vri [1-9][0-9]* [1-9]" out
check "VRI: so has the document time-stamp the DSS came after" \
  test "$(grep -c '^/ETSI.RFC3161 vri ' out)" = 1
check "VRI: not the newest time-stamp, which came after it" \
  test "$(grep -c '^/ETSI.RFC3161 none ' out)" = 1
check "verify --db: still the report signed off, extended since" "$cli" verify archived.pdf --ca pki/ca.pem --db cases.db
cp log out
check "and it says so" grep -q "extended since for long-term validation" out
stop_tsa
check "verify 400 days later, offline, after extending: B-LTA" \
  sh -c "faketime -f +400d '$cli' verify archived.pdf --ca pki/ca.pem | grep -q 'level: B-LTA'"

# Bytes changed after the sealed prefix are not an extension.
cp archived.pdf forged.pdf
printf '\n%% appended by hand\n1 0 obj\n<< /Type /Catalog >>\nendobj\n' >> forged.pdf
check_fails "verify --db: content appended by hand is refused" "$cli" verify forged.pdf --ca pki/ca.pem --db cases.db

# A PDF with cross-reference streams (PDF 1.5, as qpdf or Acrobat may
# rewrite a report): not supported, said so, the file left alone.
qpdf --object-streams=generate archived.pdf streams.pdf >log 2>&1
cp streams.pdf streams-before.pdf
check_fails "verify: a cross-reference stream is refused" "$cli" verify streams.pdf --ca pki/ca.pem
cp log out
check "and it says why, naming the file" grep -q "streams.pdf.*cross-reference stream" out
start_tsa
check_fails "report extend: a cross-reference stream is refused" "$cli" report extend streams.pdf --tsa "$tsa"
cp log out
check "and it says why, naming the file" grep -q "streams.pdf: .*cross-reference stream" out
check "and leaves the file as it was" cmp streams.pdf streams-before.pdf
stop_tsa

# A wrong PIN, a token that is not there: clear errors, no file.
check_fails "a wrong PIN fails" "$cli" report "$case_id" -o wrong.pdf --sign "$uri" --passphrase-file wrong-pin.txt \
  --role reviewer
cp log out
check "it says the PIN is wrong" grep -q "Wrong PIN for the token “probity-card”" out
check_fails "and writes no file" test -e wrong.pdf
softhsm2-util --delete-token --token probity-card >/dev/null 2>&1
check_fails "a token that is not there fails" "$cli" report "$case_id" -o gone.pdf --sign "$uri" \
  --passphrase-file pin.txt --role reviewer
cp log out
check "it says which token is missing" grep -q "No token matches “$uri”" out
check_fails "and writes no file" test -e gone.pdf

finish
