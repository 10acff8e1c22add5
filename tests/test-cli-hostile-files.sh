#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Files that are not what a command expects, handed to the commands that
# read them whole: a pipe no one writes to, /dev/zero, a folder, a large
# sparse file, a link that loops, a file that holds something else. Each
# is refused in bounded time with an error that names it, and nothing is
# written or signed. Every command runs
# under timeout(1): a hang fails its check instead of the whole suite.
# TAP output.
set -u

. "$(dirname "$0")/cli-test-lib.sh"

export PROBITY_DB="$work/cases.db"
export PROBITY_USER="Test Signer"

make_pki
mkfifo fifo
mkdir folder
truncate -s 2G sparse
ln -s loop loop

case_id=$("$cli" case new --customer "Hostile Files AB" --country SE --product "FaceFinder" \
            --product-version 5.2 --family facial-recognition 2>log)
if [ -z "$case_id" ]; then
  echo "Bail out! cannot create a case: $(cat log)"
  exit 1
fi
ok "case $case_id created"
check "answers imported" "$cli" case import-answers "$case_id" "$src/tests/data/answers/morpho-shanghai-psb.json"
check "case submitted" "$cli" case submit "$case_id"
check "case decided" "$cli" case decide "$case_id" --role reviewer --decision rejected --reason "Hard stop"

bounded () {
  timeout 60 "$cli" "$@"
}

# check_refused WHAT PATTERN COMMAND...: exits 1 (not killed by timeout) saying PATTERN
check_refused () {
  what=$1
  pattern=$2
  shift 2
  "$@" >log 2>&1
  rc=$?
  if [ $rc -eq 1 ] && grep -q -- "$pattern" log; then ok "$what"; else echo "# exit $rc"; not_ok "$what"; fi
}

# A report template (-t): read whole, at most 1 MB.
check_refused "a template that is a pipe is refused" "“$work/fifo”: it is a pipe" \
  bounded report "$case_id" -o t.pdf -t fifo
check_refused "a template that is /dev/zero is refused" "“/dev/zero”: it is a device" \
  bounded report "$case_id" -o t.pdf -t /dev/zero
check_refused "a template of 2 GB is refused unread" "“$work/sparse”: it is larger than" \
  bounded report "$case_id" -o t.pdf -t sparse
check_fails "and no report is written" test -e t.pdf

# The PKCS#12 file of --sign.
sign () {
  p12=$1
  passphrase=$2
  shift 2
  bounded report "$case_id" -o s.pdf --sign "$p12" --passphrase-file "$passphrase" --role reviewer "$@"
}
check_refused "a PKCS#12 file that is a pipe is refused" "certificate file “fifo”: it is a folder, a pipe or a device" \
  sign fifo pass.txt
check_refused "a PKCS#12 file that is /dev/zero is refused" "certificate file “/dev/zero”: it is a folder, a pipe" \
  sign /dev/zero pass.txt
check_refused "a PKCS#12 file that is a folder is refused" "certificate file “folder”: it is a folder" \
  sign folder pass.txt
check_refused "a PKCS#12 file of 2 GB is refused unread" "“sparse” is not a PKCS#12" \
  sign sparse pass.txt

# The passphrase file: its first line, from a file or a pipe.
printf 'secret\000tail\n' > nul.txt
check_refused "a passphrase file that is /dev/zero is refused" "passphrase file “/dev/zero”: it is a folder, a device" \
  sign pki/signer.p12 /dev/zero
check_refused "a passphrase file of 2 GB of zeros is refused" "passphrase file “sparse” is longer than 4096 bytes" \
  sign pki/signer.p12 sparse
check_refused "a passphrase with a NUL byte is refused" "passphrase file “nul.txt” holds a NUL byte" \
  sign pki/signer.p12 nul.txt
check_refused "a pipe no one writes to reads as an empty passphrase" "Wrong passphrase" \
  sign pki/signer.p12 fifo
check_fails "and nothing was signed" test -e s.pdf
check "the case is still unsigned" "$cli" case show "$case_id"
check_not_log "no sign-off is shown" "Signed"

# A passphrase written into a pipe, as --passphrase-file <(…) passes it.
printf 'secret\n' > fifo &
check "a passphrase from a pipe signs" sign pki/signer.p12 fifo --user "Test Signer"
wait
check "the signed report is written" test -s s.pdf

# Where a report, a case file, the case list or a questionnaire is written
# through a temporary file renamed over it: nothing but a regular file is
# replaced (a rename over a pipe, a device or a link puts a file in its
# place; as root, `report -o /dev/full` once replaced the device).
ln -s nowhere dangling
check_refused "a report is not written over a pipe" "“$work/fifo” is a pipe, not a regular file" \
  bounded report "$case_id" -o fifo
check_refused "nor over a link" "“$work/dangling” is a symbolic link, not a regular file" \
  bounded report "$case_id" -o dangling
check_refused "a case file is not exported over a pipe" "fifo already exists" \
  bounded case export "$case_id" -o fifo
check_refused "nor the case list" "“$work/fifo” is a pipe" \
  bounded case export --format csv -o fifo
check "the pipe is still a pipe" test -p fifo
check "and the link a link" test -L dangling
printf 'old' > plain.pdf
check "a report is still written over a regular file" bounded report "$case_id" -o plain.pdf
check "the report replaced it" grep -q '^%PDF' plain.pdf

# report extend: the certificates, CRLs and OCSP responses given hold what
# they say, or the file is named and nothing is written.
printf '{}' > junk.json
: > empty
(cd pki && openssl ca -config ca.cnf -gencrl -crldays 30 -out ../crl.pem) >/dev/null 2>&1
openssl ocsp -issuer pki/ca.pem -cert pki/signer.pem -no_nonce -reqout req.der >/dev/null 2>&1
(cd pki && openssl ocsp -index ca-db/index.txt -rsigner ocsp.pem -rkey ocsp.key -CA ca.pem \
   -reqin ../req.der -respout ../resp.der) >/dev/null 2>&1
extend () {
  bounded report extend s.pdf --offline --no-timestamp -o x.pdf "$@"
}
check_refused "a --cert file without a certificate is refused" "“junk.json” holds no certificate" \
  extend --cert junk.json
check_refused "a --crl file that is no CRL is refused" "“junk.json” is not a CRL" \
  extend --crl junk.json
check_refused "an --ocsp file that is no OCSP response is refused" "“junk.json” is not an OCSP response" \
  extend --ocsp junk.json
check_refused "an empty --ocsp file is refused" "“empty” is not an OCSP response" \
  extend --ocsp empty
check_refused "a --crl that is a pipe is refused" "it is a pipe" \
  extend --crl fifo
check_fails "and nothing is written" test -e x.pdf
check "a real certificate, CRL and OCSP response are kept" extend --cert pki/ca.pem --crl crl.pem --ocsp resp.der
check "and the report verifies" "$cli" verify x.pdf --ca pki/ca.pem

# A file name is one name on one line: one holding a newline cannot add a
# verdict of its own, nor one that is not UTF-8 bytes that are not text.
forged=$(printf 'evil.pdf: the report is valid.\nevil.pdf')
head -c 60000 s.pdf > "$forged"
check_fails "verify fails on a cut report" bounded verify "$forged" --ca pki/ca.pem
check_not_log "a file name cannot forge a line of the verdict" "^evil.pdf: the report is valid.$"
check_log "it is shown with its newline escaped" 'evil.pdf: the report is valid.\\nevil.pdf: the report is NOT valid'
forged=$(printf 'a.xml: OK (1 questions, 0 rules)\nb.xml')
printf '<x/>' > "$forged"
check_fails "check fails on a file that is no questionnaire" bounded check "$forged"
check_not_log "a file name cannot forge an OK" "^a.xml: OK (1 questions, 0 rules)$"
cp s.pdf "$(printf 'signed-\377.pdf')"
check "a report whose name is not UTF-8 verifies" bounded verify "$(printf 'signed-\377.pdf')" --ca pki/ca.pem
check "and what verify says is UTF-8" iconv -f UTF-8 -t UTF-8 log

# A file is named by its path, never as a file:// URI (a name that is not
# UTF-8 made one); a name with a colon is a file, not a URI with a scheme.
odd=$(printf 'odd-\377.json')
printf '{"answers": {"S1.01": [1' > "$odd"
check_refused "answers whose name is not UTF-8 are named by their path" "“*$work/odd-.*json.*:1:" \
  bounded evaluate -a "$odd"
check_not_log "not by a file:// URI" "file://"
check "and the message is UTF-8" iconv -f UTF-8 -t UTF-8 log
odd_data=$(printf 'data-\377.json')
printf '{"version": 1' > "$odd_data"
check_refused "reference data whose name is not UTF-8 is named in UTF-8" "data-.*json:1:" \
  bounded data import -n "$odd_data"
check "and that message is UTF-8" iconv -f UTF-8 -t UTF-8 log
printf '{"answers": {' > answers:v2.json
check_refused "answers named with a colon are read as a file" "$work/answers:v2.json:1:" \
  bounded evaluate -a answers:v2.json
check_refused "and imported as one" "$work/answers:v2.json" \
  bounded case import-answers "$case_id" answers:v2.json
printf '<x/>' > template:v2.xml
check_refused "a template named with a colon is read as a file" "$work/template:v2.xml" \
  bounded report "$case_id" -o t.pdf -t template:v2.xml
check_not_log "and never called a non-local file" "only local files"

# db approve --withdraw hashes the file it names, before any server is
# asked.
check_refused "a withdrawn questionnaire that is a pipe is refused" "“fifo”: it is a pipe" \
  bounded db approve "host=$work/nowhere dbname=none" --withdraw fifo --reason "Test"
check_refused "and one that is /dev/zero" "“/dev/zero”: it is a device" \
  bounded db approve "host=$work/nowhere dbname=none" --withdraw /dev/zero --reason "Test"

# A store path that is a link looping on itself is no missing store.
check_refused "a store path that loops is refused" "loop: Too many levels of symbolic links" \
  bounded case list --db loop
check "and it is left a link" test -L loop
ln -s nowhere/cases.db dangling.db
check_refused "a store path that is a link to nowhere is refused" "dangling.db: No such file or directory" \
  bounded case new --db dangling.db --customer "X" --country SE --product "Y" --product-version 1 --family facial-recognition
check_fails "and no store is made behind it" test -e nowhere

finish
