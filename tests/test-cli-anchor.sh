#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# probity-cli and the history's anchors end to end (issue 13, item 5): a
# case submitted and decided with --tsa against the loopback time-stamp
# authority, case verify saying up to which event the history is anchored,
# the token checked with `openssl ts -verify` on its own, a token from an
# authority that is not trusted, an authority that is down or answers for
# other data (the action stands, nothing is anchored), case anchor, a
# case file that carries its anchors, and report --sign --tsa anchoring
# the sign-off. TAP output.
set -u

. "$(dirname "$0")/cli-test-lib.sh"
tsa_pid=
cleanup () {
  [ -n "$tsa_pid" ] && kill "$tsa_pid" 2>/dev/null
}

# Starts the loopback authority in MODE; sets $tsa to its URL.
start_tsa () {
  [ -n "$tsa_pid" ] && kill "$tsa_pid" 2>/dev/null && wait "$tsa_pid" 2>/dev/null
  python3 "$src/tests/tsa-server.py" "$work/pki" "$1" > port 2>/dev/null &
  tsa_pid=$!
  wait_for_port port
  tsa="http://127.0.0.1:$(head -1 port)/tsa"
}

export PROBITY_DB="$work/cases.db"
export PROBITY_USER="Åsa Lindström"
unset PROBITY_TSA

make_pki
start_tsa ok

case_id=$("$cli" case new --customer "Polisen" --country SE --product "CCTV" --family cctv 2>log)
if [ -z "$case_id" ]; then
  echo "Bail out! cannot create a case: $(cat log)"
  exit 1
fi
ok "case $case_id created"
check "answers imported" "$cli" case import-answers "$case_id" "$src/tests/data/answers/benign-carpark-anpr.json"
check "a comment given" "$cli" case answer "$case_id" S0.01 SE --comment "Exporter seated in Malmö"

check "no anchor yet: case verify says so" sh -c "'$cli' case verify '$case_id' | grep -q 'Not time-stamped'"

check "submitted with --tsa" "$cli" case submit "$case_id" --tsa "$tsa"
cp log out
check "it says up to which event" grep -q "history time-stamped up to event" out
submitted=$(sed -n 's/.*up to event \([0-9]*\).*/\1/p' out)

"$cli" case verify "$case_id" --tsa-ca pki/ca.pem > verify.txt 2>&1
check "case verify passes with the test TSA trusted" test $? -eq 0
check "and names the event anchored" grep -q "up to event $submitted of $((submitted + 1))," verify.txt
check "and the authority" grep -q "Probity Test TSA" verify.txt

# The token on its own, with OpenSSL: it time-stamps that event's hash.
sqlite3 cases.db "SELECT writefile('token.der', token) FROM anchors" >/dev/null
head=$(sqlite3 cases.db "SELECT hash FROM events WHERE seq = $submitted")
check "openssl ts -verify: the token time-stamps the event's hash" \
  openssl ts -verify -digest "$head" -in token.der -token_in -CAfile pki/ca.pem -untrusted pki/tsa.pem

check_fails "an authority that is not trusted is refused" "$cli" case verify "$case_id" --tsa-ca pki/other-ca.pem
cp log out
check "with a reason" grep -q "BROKEN: The time-stamp of case" out

# The authority down: the decision stands, nothing is anchored.
check_fails "decided with the authority down: exit 1" \
  "$cli" case decide "$case_id" --role reviewer --user "Ingrid Larsson" --decision approved \
  --reason "low risk" --tsa http://127.0.0.1:9/tsa
cp log out
check "it says the decision was recorded, not time-stamped" grep -q "The decision was recorded, but the history was not time-stamped" out
check "the decision was recorded" sh -c "'$cli' case show '$case_id' | grep -qi approved"
check "still one anchor" test "$(sqlite3 cases.db 'SELECT count(*) FROM anchors')" = 1

# An answer for other data is refused and records nothing.
start_tsa wrong-imprint
check_fails "case anchor: an answer for other data is refused" "$cli" case anchor "$case_id" --tsa "$tsa"
check "still one anchor after it" test "$(sqlite3 cases.db 'SELECT count(*) FROM anchors')" = 1

start_tsa ok
check "case anchor (an auditor may)" "$cli" case anchor "$case_id" --role auditor --user "Audrey" --tsa "$tsa"
"$cli" case verify "$case_id" --tsa-ca pki/ca.pem > verify.txt 2>&1
check "now anchored up to the decision" grep -q "up to event $((submitted + 2)) of $((submitted + 3))," verify.txt
check "the history shows who time-stamped" sh -c "'$cli' case history '$case_id' | grep -q Audrey"

# A case file carries its anchors.
check "exported with --tsa" "$cli" case export "$case_id" -o case.probity --tsa "$tsa"
check "imported elsewhere" env PROBITY_DB="$work/other.db" "$cli" case import case.probity
PROBITY_DB="$work/other.db" "$cli" case verify "$case_id" --tsa-ca pki/ca.pem > verify.txt 2>&1
check "the copy verifies, anchored up to the export" grep -q "up to event $((submitted + 3)) of $((submitted + 4))," verify.txt

# A history rewritten consistently behind the program's back: the store's
# checks all hold, the time-stamps do not.
cp cases.db forged.db
check "the history rewritten consistently" python3 "$src/tests/rewrite-history.py" forged.db "$case_id" S0.01 "Exporter seated in Panama"
check "the forged comment is in the case" sh -c "PROBITY_DB='$work/forged.db' '$cli' case show '$case_id' | grep -q Panama"
check_fails "case verify: the rewrite is caught by the time-stamps" env PROBITY_DB="$work/forged.db" "$cli" case verify "$case_id" --tsa-ca pki/ca.pem
cp log out
check "the chain itself held; the time-stamp did not" sh -c "grep -q 'OK, ' out && grep -q 'BROKEN: The time-stamp of case' out"

# An anchor row removed behind the program's back is seen.
cp cases.db cut.db
sqlite3 cut.db "DROP TRIGGER anchors_no_delete; DELETE FROM anchors WHERE seq = (SELECT max(seq) FROM anchors);" >/dev/null
check_fails "a removed anchor breaks case verify" env PROBITY_DB="$work/cut.db" "$cli" case verify "$case_id"

# Sign-off (issue 13): report --sign --tsa time-stamps the signature and
# then the history with the sign-off in it.
check "signed with --tsa" "$cli" report "$case_id" -o signed.pdf --sign pki/signer.p12 --passphrase-file pass.txt \
  --role reviewer --tsa "$tsa"
cp log out
check "it says the history was time-stamped" grep -q "history time-stamped up to event" out
signed_seq=$(sed -n 's/.*up to event \([0-9]*\).*/\1/p' out)
check "the event anchored is the sign-off" \
  test "$(sqlite3 cases.db "SELECT kind FROM events WHERE case_id = '$case_id' AND seq = $signed_seq")" = signed
"$cli" case verify "$case_id" --tsa-ca pki/ca.pem > verify.txt 2>&1
check "case verify: anchored up to the sign-off" grep -q "up to event $signed_seq of $((signed_seq + 1))," verify.txt
sqlite3 cases.db "SELECT writefile('signed-token.der', token) FROM anchors WHERE event_seq = $signed_seq" >/dev/null
head=$(sqlite3 cases.db "SELECT hash FROM events WHERE case_id = '$case_id' AND seq = $signed_seq")
check "openssl ts -verify: that token time-stamps the sign-off's hash" \
  openssl ts -verify -digest "$head" -in signed-token.der -token_in -CAfile pki/ca.pem -untrusted pki/tsa.pem
check "the report itself verifies" "$cli" verify signed.pdf --ca pki/ca.pem --db cases.db

# A level asked for is a level reached: this signer's certificate names no
# OCSP responder or CRL, so B-LT cannot be had; no report, no sign-off.
n_signed=$(sqlite3 cases.db "SELECT count(*) FROM events WHERE kind = 'signed'")
check_fails "B-LT without revocation data is refused" "$cli" report "$case_id" -o lt.pdf --sign pki/signer.p12 \
  --passphrase-file pass.txt --role reviewer --tsa "$tsa" --level B-LT
cp log out
check "it says why, naming the certificate" grep -q "The certificate of Test Signer names no OCSP responder or CRL.*cannot reach B-LT" out
check_fails "and writes no report" test -e lt.pdf
check "and records no sign-off" test "$(sqlite3 cases.db "SELECT count(*) FROM events WHERE kind = 'signed'")" = "$n_signed"

finish
