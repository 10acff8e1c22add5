#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# probity-cli report and verify end to end: a stored case with a Chinese
# customer name, an unsigned report generated twice (byte-identical), a signed
# one checked with pdfsig, mutool and qpdf, a flipped byte, an answer changed
# after signing, a wrong passphrase, and a sign-off recorded in the case.
# TAP output.
set -u

. "$(dirname "$0")/cli-test-lib.sh"

export PROBITY_DB="$work/cases.db"
export PROBITY_USER="Åsa Lindström"

make_pki
printf 'wrong\n' > wrong.txt
printf 'End-use statement, signed 2026-11-20.\n' > statement.txt

case_id=$("$cli" case new --customer "上海市公安局" --country CN --product "FaceFinder" \
            --product-version 5.2 --family facial-recognition 2>log)
if [ -z "$case_id" ]; then
  echo "Bail out! cannot create a case: $(cat log)"
  exit 1
fi
ok "case $case_id created"

check "answers imported" "$cli" case import-answers "$case_id" "$src/tests/data/answers/morpho-shanghai-psb.json"
check "evidence attached" "$cli" case attach "$case_id" S3.01 statement.txt
check "case submitted" "$cli" case submit "$case_id"

# Unsigned, twice at the same time: the same bytes
check "report written" "$cli" report "$case_id" -o a.pdf --generated-at 2026-11-26T10:00:00Z
check "report written again" "$cli" report "$case_id" -o b.pdf --generated-at 2026-11-26T10:00:00Z
check "two generations are byte-identical" cmp a.pdf b.pdf
check "qpdf --check passes" qpdf --check a.pdf
check "the report is written for its owner only (0600)" test "$(stat -c %a a.pdf)" = 600
pdftotext -q a.pdf a.txt
check "the text has the Chinese customer name" grep -q "上海市公安局" a.txt
check "the text has the evidence file" grep -q "statement.txt" a.txt
check "the text has the outcome" grep -q "DO NOT PROCEED" a.txt
check "the text names the reference data the case pins" grep -q "2.0.0-test.1" a.txt
check "the country is named, not only coded" grep -q "China (CN)" a.txt
check "the integrity block names the report's language" grep -q "English (en)" a.txt

# A questionnaire that rates no country has no reference data of its own:
# the country is still named, from the data the application uses.
gov_id=$("$cli" case new --customer "Rijkswaterstaat" --country NL --product "FaceFinder" \
           --questionnaire governance 2>log)
check "a governance case is created" test -n "$gov_id"
check "its report is written" "$cli" report "$gov_id" -o gov.pdf
pdftotext -q gov.pdf gov.txt
check "its country is named, not only coded" grep -q "Netherlands (NL)" gov.txt

# The report's language is a choice; one it cannot be written in is refused
check "a report in English on request" "$cli" report "$case_id" -o en.pdf --lang en
check_fails "a report in an unknown language fails" "$cli" report "$case_id" -o tlh.pdf --lang tlh
cp log lang.log
check "and says which languages there are" grep -q "tlh.*en" lang.log
check_fails "and writes nothing" test -e tlh.pdf

# A legal reviewer decides; the case is not signed yet.
check "the case is decided" "$cli" case decide "$case_id" --user "Ingrid Larsson" --role reviewer \
  --decision rejected --reason "Hard stop applies"

# A full disk (files may not grow beyond 64 KB, SIGXFSZ ignored so write()
# fails): exit 1, an error naming the report, no partial or temporary file,
# an existing report left as it was, and no sign-off recorded.
mkdir full
printf '%%PDF-1.3 old\n' > full/old.pdf
cp full/old.pdf old-copy.pdf
report_full () {
  (ulimit -f 128; exec "$cli" report "$case_id" "$@")
}
check_fails "a report on a full disk fails" report_full -o full/new.pdf
cp log full.log
check "the error names the report" grep -q "full/new.pdf" full.log
check_fails "and no file is left" test -e full/new.pdf
check_fails "replacing a signed report on a full disk fails" report_full -o full/old.pdf \
  --sign pki/signer.p12 --passphrase-file pass.txt --role reviewer
check "the old report is intact" cmp full/old.pdf old-copy.pdf
check_fails "a decision on a full disk fails" report_full -o full/decided.pdf \
  --sign pki/signer.p12 --passphrase-file pass.txt --role reviewer --decision rejected --reason "Hard stop applies"
cp log full.log
check "the error names the report" grep -q "full/decided.pdf" full.log
check "only the old report is in the folder" test "$(ls -A full)" = "old.pdf"
"$cli" case show "$case_id" > full-show.txt 2>&1
check_fails "and no sign-off was recorded" grep -qi "^ *signed\|Report SHA-256" full-show.txt

# A sign-off the case refuses (a draft is not decided, let alone signed):
# refused before a report is made, so none is left either.
draft_id=$("$cli" case new --customer "Draft Customer" --country FR --product "FaceFinder" 2>log)
check_fails "a decision on a draft fails" "$cli" report "$draft_id" -o draft.pdf \
  --sign pki/signer.p12 --passphrase-file pass.txt --role reviewer --decision approved
cp log draft.log
check "the error says why, the statuses within the sentence" grep -q "is draft; it cannot become approved" draft.log
check_fails "and no report is left" test -e draft.pdf

# Signed off: the decision in force, sealed with the signed report
check "signed report written" "$cli" report "$case_id" -o signed.pdf \
  --sign pki/signer.p12 --passphrase-file pass.txt --role reviewer --generated-at 2026-11-26T10:00:00Z
pdfsig -nssdir "sql:$work/pki/nssdb" signed.pdf > pdfsig.txt 2>&1
check "pdfsig: Signature is Valid." grep -q "Signature Validation: Signature is Valid." pdfsig.txt
check "pdfsig: Certificate is Trusted." grep -q "Certificate Validation: Certificate is Trusted." pdfsig.txt
check "pdfsig: Total document signed" grep -q "Total document signed" pdfsig.txt
check "pdfsig: ETSI.CAdES.detached" grep -q "Signature Type: ETSI.CAdES.detached" pdfsig.txt
check "pdfsig: one signature" test "$(grep -c '^Signature #' pdfsig.txt)" = 1
mutool sign -v signed.pdf > mutool.txt 2>&1
check "mutool: unchanged since signing" grep -q "The document is unchanged since signing." mutool.txt
check "qpdf --check passes on the signed file" qpdf --check signed.pdf
# Poppler reads every font of the signed file, the stamp's too, without an error.
pdffonts signed.pdf > pdffonts.txt 2>&1
check "pdffonts lists the fonts of the signed file without an error" \
  sh -c '! grep -qi "error" pdffonts.txt && grep -q "^Helvetica " pdffonts.txt'
pdftotext -q signed.pdf signed.txt
check "the signed text has the Chinese customer name" grep -q "上海市公安局" signed.txt
check "verify --ca --db exits 0" "$cli" verify signed.pdf --ca pki/ca.pem --db "$PROBITY_DB"
cp log verify.log
check "and checks the chain at the sign-off's time in the history" grep -q "sign-off recorded as event" verify.log
check_fails "verify against another CA exits 1" "$cli" verify signed.pdf --ca pki/other-ca.pem
check_fails "verify with a CA file that is not there exits 1" "$cli" verify signed.pdf --ca /nonexistent.pem
cp log missing-ca.log
check "and says which file and why" grep -q "/nonexistent.pem.*No such file" missing-ca.log
check_fails "a CA file that is not PEM is refused" "$cli" verify signed.pdf --ca pass.txt
cp log not-pem.log
check "naming it" grep -q "pass.txt" not-pem.log

# One byte changed inside the signed range
cp signed.pdf flipped.pdf
printf 'X' | dd of=flipped.pdf bs=1 seek=2000 conv=notrunc 2>/dev/null
check_fails "the flipped file differs" cmp -s signed.pdf flipped.pdf
pdfsig -nssdir "sql:$work/pki/nssdb" flipped.pdf > pdfsig-flipped.txt 2>&1
check "pdfsig: Digest Mismatch." grep -q "Digest Mismatch." pdfsig-flipped.txt
check_fails "verify of the flipped file exits 1" "$cli" verify flipped.pdf --ca pki/ca.pem
cp log flipped.log
check "and names the file it rejects" grep -q "^flipped.pdf: the report is NOT valid" flipped.log

# A wrong passphrase: an error, and no file
check_fails "a wrong passphrase fails" "$cli" report "$case_id" -o wrong.pdf \
  --sign pki/signer.p12 --passphrase-file wrong.txt --role reviewer
cp log wrong.log
check_fails "and writes nothing" test -e wrong.pdf
check "the error says why" grep -qi "passphrase" wrong.log
check_fails "the passphrase is never printed" grep -q "wrong$" wrong.log

# An answer of the sealed revision changed behind the store's back (in a
# copy of the database): verify --db says so, verify alone cannot.
cp "$PROBITY_DB" tampered.db
sqlite3 tampered.db "DROP TRIGGER answers_sealed_update;
  UPDATE answers SET value = '\"civil-government\"' WHERE case_id = '$case_id' AND question_id = 'S3.02'"
check_fails "verify --db exits 1 after the change" "$cli" verify signed.pdf --ca pki/ca.pem --db tampered.db
cp log changed.log
check "and names the answers fingerprint" grep -q "Answers fingerprint differs" changed.log
check "verify without --db still exits 0" "$cli" verify signed.pdf --ca pki/ca.pem

# A second sign-off of the sealed revision, naming the decision it signs
check "signed with a recorded decision" "$cli" report "$case_id" -o decided.pdf \
  --sign pki/signer.p12 --passphrase-file pass.txt --role reviewer --decision rejected --reason "Hard stop applies"
check "verify --db of the decided report exits 0" "$cli" verify decided.pdf --ca pki/ca.pem --db "$PROBITY_DB"
pdftotext -q -layout decided.pdf decided.txt
sed -n '/Sign-off$/,/Integrity$/p' decided.txt > decided-signoff.txt
check "the signed report shows the decision it signs" grep -q "Rejected" decided-signoff.txt
check "and its reason" grep -q "Hard stop applies" decided-signoff.txt
sha=$(sha256sum decided.pdf | cut -d' ' -f1)
"$cli" case show "$case_id" > show.txt 2>&1
check "the case records the report's SHA-256" grep -q "$sha" show.txt
check "the case history still verifies" "$cli" case verify "$case_id"

# The sealed revision regenerates byte for byte and shows its sign-off
check "the sealed revision is reported" "$cli" report "$case_id" -o sealed1.pdf --generated-at 2026-12-01T08:00:00Z
check "and reported again" "$cli" report "$case_id" -o sealed2.pdf --generated-at 2026-12-01T08:00:00Z
check "the two are byte-identical" cmp sealed1.pdf sealed2.pdf
pdftotext -q sealed1.pdf sealed.txt
check "the sign-off names the signer" grep -q "Test Signer" sealed.txt
check "the sign-off gives the reason" grep -q "Hard stop applies" sealed.txt
check_fails "verify of an unsigned report exits 1" "$cli" verify sealed1.pdf --db "$PROBITY_DB"
cp log unsigned.log
check "but still compares it with the case" grep -q "ok    Answers fingerprint matches" unsigned.log

# A case decided but not signed yet: the sign-off block shows the decision
# as recorded, so that the signature about to be added signs it.
decided_id=$("$cli" case new --customer "Rotterdam Parking Services" --country NL --product "PlateReader" 2>log)
check "the benign case is answered" "$cli" case import-answers "$decided_id" "$src/tests/data/answers/benign-carpark-anpr.json"
check "and submitted" "$cli" case submit "$decided_id"
check "and decided with conditions" "$cli" case decide "$decided_id" --user "Legal Reviewer" --role reviewer \
  --decision approved-with-conditions --reason "Plates only, 30-day retention" --conditions "No police database link"
check "its report is written" "$cli" report "$decided_id" -o pending.pdf
pdftotext -q -layout pending.pdf pending.txt
# A new page starts with a form feed, so the headings are not anchored.
sed -n '/Sign-off$/,/Integrity$/p' pending.txt > pending-signoff.txt
check "the sign-off block names the reviewer" grep -q "Legal Reviewer" pending-signoff.txt
check "and the decision" grep -q "Approved with conditions" pending-signoff.txt
check "and its reason" grep -q "Plates only, 30-day retention" pending-signoff.txt
check "and its conditions" grep -q "No police database link" pending-signoff.txt
check_fails "and does not say nothing was decided" grep -q "No decision" pending-signoff.txt

# The customer's seat is not where the product goes: the report says which
# country is which, the deployment as the answers give it (S0.02), and
# never calls the customer's country the destination.
deployed_id=$("$cli" case new --customer "Amsterdam Integrator BV" --country NL --product "FaceFinder" 2>log)
check "a case of a Dutch customer is created" test -n "$deployed_id"
check "its product is deployed in Austria" "$cli" case answer "$deployed_id" S0.02 AT
check "its report is written" "$cli" report "$deployed_id" -o deployed.pdf
pdftotext -q -layout deployed.pdf deployed.txt
check "the customer's country is labelled so" grep -q "Customer’s country *Netherlands (NL)" deployed.txt
check "the deployment country is named from the answers" grep -q "Deployment country *Austria (AT)" deployed.txt
check "the cover gives the deployment country" grep -q "^FaceFinder.* · Austria (AT)$" deployed.txt
check_fails "no destination country contradicts the answers" grep -q "Destination country" deployed.txt

finish
