#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# probity-cli as the people who use it: who acts in which role, what each
# role may do, recorded in the history and refused by the store. TAP output.
set -u

. "$(dirname "$0")/cli-test-lib.sh"

events () {
  "$cli" case history "$1" --json | grep -c '"seq"'
}

export PROBITY_DB="$work/cases.db"
unset PROBITY_USER PROBITY_ROLE PROBITY_ORGANISATION

make_pki

case_id=$("$cli" case new --customer "Rotterdam Parking Services" --country NL --product PlateReader \
            --user "Åsa Lindqvist" --organisation "Nordvik Systems AB" 2>log)
if [ -z "$case_id" ]; then
  echo "Bail out! cannot create a case: $(cat log)"
  exit 1
fi
ok "sales creates a case (sales is the default role for editing)"
check "and answers it" "$cli" case import-answers "$case_id" "$src/tests/data/answers/benign-carpark-anpr.json" \
  --user "Åsa Lindqvist" --role sales
check "and submits it" "$cli" case submit "$case_id" --user "Åsa Lindqvist" --role sales
before=$(events "$case_id")

# Deciding is a reviewer's act: it must be claimed, not defaulted.
check_fails "a decision without --role is refused" "$cli" case decide "$case_id" --user "Ingrid Larsson" \
  --decision approved --reason "Plates only"
check_log "and the error asks for the role" "--role reviewer"
check_fails "a decision by sales is refused" "$cli" case decide "$case_id" --user "Åsa Lindqvist" --role sales \
  --decision approved --reason "Plates only"
check_log "by the store, naming the role" "only a legal reviewer"
check_fails "sending back as sales is refused" "$cli" case decide "$case_id" --user "Åsa Lindqvist" --role sales \
  --decision draft --reason "Typo"
check_fails "an unknown role is refused" "$cli" case decide "$case_id" --user "Ingrid Larsson" --role boss \
  --decision approved --reason "Plates only"
check_log "naming the roles there are" "sales, reviewer or auditor"
check "nothing was recorded" test "$(events "$case_id")" = "$before"

# An auditor reads and verifies, and changes nothing.
check_fails "an auditor cannot answer" "$cli" case answer "$case_id" S1.01 yes --reason "check" \
  --user "Aino Virtanen" --role auditor
check_log "the store says why" "auditor"
check_fails "nor create a case (role from \$PROBITY_ROLE)" env PROBITY_ROLE=auditor "$cli" case new \
  --customer X --country FR --product Y --user "Aino Virtanen"
check "but verifies" "$cli" case verify "$case_id"
check "and reads the history" "$cli" case history "$case_id"
check "nothing was recorded" test "$(events "$case_id")" = "$before"

# The history records who acted, in which role, for which organisation.
check "a reviewer decides" "$cli" case decide "$case_id" --user "Ingrid Larsson" --role reviewer \
  --organisation "Nordvik Legal" --decision approved --reason "Plates only, 30-day retention"
"$cli" case history "$case_id" --json > history.json
check "the history names the sales person" grep -q '"user" : "Åsa Lindqvist"' history.json
check "with the role" grep -q '"role" : "sales"' history.json
check "and the organisation" grep -q '"organisation" : "Nordvik Systems AB"' history.json
check "and the reviewer, with theirs" grep -q '"organisation" : "Nordvik Legal"' history.json
"$cli" case history "$case_id" > history.txt
check "the text history shows the role" grep -q "Ingrid Larsson (reviewer)" history.txt

# A signature is the actor's own: the certificate must name them.
check_fails "signing as someone the certificate does not name is refused" "$cli" report "$case_id" \
  -o other.pdf --sign pki/signer.p12 --passphrase-file pass.txt --decision approved \
  --user "Ingrid Larsson" --role reviewer
check_log "naming both" "Test Signer"
check_fails "and leaves no report" test -e other.pdf
check_fails "signing without a role is refused" "$cli" report "$case_id" \
  -o norole.pdf --sign pki/signer.p12 --passphrase-file pass.txt --decision approved
check_fails "and leaves no report" test -e norole.pdf
check "the certificate's holder signs (the name defaults to the certificate's)" "$cli" report "$case_id" \
  -o signed.pdf --sign pki/signer.p12 --passphrase-file pass.txt --decision approved --role reviewer \
  --organisation "Nordvik Legal"
"$cli" case show "$case_id" --json > show.json
check "the sign-off records the signer's role" grep -q '"role" : "reviewer"' show.json
check "and organisation" grep -q '"organisation" : "Nordvik Legal"' show.json
check "the case still verifies" "$cli" case verify "$case_id"
"$cli" case summary "$case_id" > summary.txt
check "the summary names who approved, in which role and organisation" \
  grep -q "^Approved by  *Ingrid Larsson (Legal reviewer, Nordvik Legal), " summary.txt
check "and who signed" grep -q "^Signed by  *Test Signer (Legal reviewer, Nordvik Legal), " summary.txt

check "the report is written for its owner only (0600)" test "$(stat -c %a signed.pdf)" = 600
check "and nothing else is left beside it" test "$(ls -A | grep -c '^signed\.pdf')" = 1

# Sealing is a compare-and-swap: a report of revision 1 never seals
# revision 2.
check "the signed case is reopened" "$cli" case reopen "$case_id" --user "Ingrid Larsson" --role reviewer \
  --reason "A second car park"
check "submitted again" "$cli" case submit "$case_id" --user "Åsa Lindqvist"
check "and decided again" "$cli" case decide "$case_id" --user "Karl Berg" --role reviewer \
  --decision approved --reason "Plates only, both car parks"
check_fails "a report of revision 1 does not seal revision 2" "$cli" report "$case_id" --revision 1 -o rev1.pdf \
  --sign pki/signer.p12 --passphrase-file pass.txt --role reviewer --decision approved
check_log "and says which revision it was made from" "made from revision 1"
check_fails "and leaves no report" test -e rev1.pdf
"$cli" case show "$case_id" --json > show2.json
check "revision 2 is not signed" grep -q '"revision_status" : "approved"' show2.json
check "revision 2's own report seals it" "$cli" report "$case_id" -o rev2.pdf \
  --sign pki/signer.p12 --passphrase-file pass.txt --role reviewer
check "and verify --db says it is valid" "$cli" verify rev2.pdf --ca pki/ca.pem --db "$PROBITY_DB"
check_log "checked at the time of its sign-off in the history" "sign-off recorded as event"
check "the revision 1 report still verifies" "$cli" verify signed.pdf --ca pki/ca.pem --db "$PROBITY_DB"

# A report signed elsewhere, by someone the case never recorded: its
# signature is valid and its integrity values match, but no sign-off of
# the case records it.
cp "$PROBITY_DB" elsewhere.db
check "signed in another copy of the database" "$cli" report "$case_id" -o elsewhere.pdf --db elsewhere.db \
  --sign pki/signer2.p12 --passphrase-file pass.txt --role reviewer
check "its signature alone is valid" "$cli" verify elsewhere.pdf --ca pki/ca.pem
check_fails "but verify --db refuses it" "$cli" verify elsewhere.pdf --ca pki/ca.pem --db "$PROBITY_DB"
check_log "saying no sign-off records it" "no sign-off of case"

# Approving against do-not-proceed: an override with its rationale and a
# second legal reviewer; the report's cover says all of it.
dnp=$("$cli" case new --customer "Shanghai Public Security Bureau" --country CN --product FaceMatch \
        --user "Åsa Lindqvist" --organisation "Nordvik Systems AB" 2>log)
check "a do-not-proceed case is answered" "$cli" case import-answers "$dnp" \
  "$src/tests/data/answers/morpho-shanghai-psb.json" --user "Åsa Lindqvist"
check "and submitted" "$cli" case submit "$dnp" --user "Åsa Lindqvist" --organisation "Nordvik Systems AB"
check_fails "an approval without a rationale is refused" "$cli" case decide "$dnp" --user "Ingrid Larsson" \
  --role reviewer --decision approved --reason "Metro only"
check_log "as an override" "override"
check_log "naming the option that gives the rationale" "give the rationale with --override-rationale"
check "with one it waits for a second reviewer" "$cli" case decide "$dnp" --user "Ingrid Larsson" \
  --role reviewer --organisation "Nordvik Legal" --decision approved-with-conditions --reason "Metro only" \
  --conditions "No link to the identity database" --override-rationale "The contract excludes protest policing"
check_log "and says so" "awaits a second legal reviewer"
check_fails "it is not signed before" "$cli" report "$dnp" -o early.pdf \
  --sign pki/signer.p12 --passphrase-file pass.txt --role reviewer
check_fails "and leaves no report" test -e early.pdf
check_fails "the first approver is not the second" "$cli" case decide "$dnp" --user "Ingrid Larsson" \
  --role reviewer --decision approved-with-conditions --reason "Again"
check_fails "the submitter is not the second" "$cli" case decide "$dnp" --user "Åsa Lindqvist" \
  --role reviewer --decision approved-with-conditions --reason "Fine by me"
check "another legal reviewer is" "$cli" case decide "$dnp" --user "Karl Berg" --role reviewer \
  --organisation "Nordvik Legal" --decision approved-with-conditions --reason "Agreed: the clause holds"
"$cli" case summary "$dnp" > dnp-unsigned.txt
check "before it is signed, the summary gives the conditions" \
  grep -q "^Conditions  *No link to the identity database$" dnp-unsigned.txt
check "and the override's rationale" grep -q "^Override rationale  *The contract excludes protest policing$" dnp-unsigned.txt
check "and the reason" grep -q "^Reason  *Metro only$" dnp-unsigned.txt
check "the decision is signed off" "$cli" report "$dnp" -o override.pdf \
  --sign pki/signer.p12 --passphrase-file pass.txt --role reviewer --organisation "Nordvik Legal"
pdfsig -nssdir "sql:$work/pki/nssdb" override.pdf > pdfsig.txt 2>&1
check "pdfsig: Signature is Valid." grep -q "Signature Validation: Signature is Valid." pdfsig.txt
check "qpdf --check passes" qpdf --check override.pdf
check "verify --db says it is valid" "$cli" verify override.pdf --ca pki/ca.pem --db "$PROBITY_DB"
pdftotext -q -l 1 override.pdf cover.txt
check "the cover still gives the outcome" grep -q "DO NOT PROCEED" cover.txt
check "and the decision beside it" grep -q "APPROVED WITH CONDITIONS" cover.txt
check "as an override" grep -qi "override of the outcome" cover.txt
check "with its rationale" grep -q "The contract excludes protest policing" cover.txt
check "and conditions" grep -q "No link to the identity database" cover.txt
check "who submitted it, in which role and organisation" grep -q "Åsa Lindqvist (Sales, Nordvik Systems AB)" cover.txt
check "the first approver" grep -q "Ingrid Larsson (Legal reviewer, Nordvik Legal)" cover.txt
check "and the second" grep -q "Karl Berg (Legal reviewer, Nordvik Legal)" cover.txt
pdftotext -q override.pdf all.txt
check "the visible signature names the signer's role and organisation" grep -qx "Legal reviewer, Nordvik Legal" all.txt
"$cli" case show "$dnp" --json > dnp.json
check "case show gives both approvers" grep -q '"name" : "Karl Berg"' dnp.json
check "and the rationale" grep -q '"override_rationale" : "The contract excludes protest policing"' dnp.json
"$cli" case summary "$dnp" > dnp-summary.txt
check "the summary names the first approver" \
  grep -q "^Approved by  *Ingrid Larsson (Legal reviewer, Nordvik Legal), " dnp-summary.txt
check "and the second" grep -q "^Second approval by  *Karl Berg (Legal reviewer, Nordvik Legal), " dnp-summary.txt

# A legal hard stop: nobody approves it.
stop=$("$cli" case new --customer "Someone Listed" --country RU --product FaceMatch --user "Åsa Lindqvist" 2>log)
"$cli" case import-answers "$stop" "$src/tests/data/answers/morpho-shanghai-psb.json" --user "Åsa Lindqvist" >log 2>&1
check "a confirmed EU sanctions match is answered" "$cli" case answer "$stop" S2.02a confirmed --user "Åsa Lindqvist"
check "and submitted" "$cli" case submit "$stop" --user "Åsa Lindqvist"
check_fails "its approval is refused" "$cli" case decide "$stop" --user "Ingrid Larsson" --role reviewer \
  --decision approved --reason "Board accepts" --override-rationale "Strategic customer"
check_log "because of the hard stop" "hard stop"
check "it is rejected" "$cli" case decide "$stop" --user "Ingrid Larsson" --role reviewer \
  --decision rejected --reason "Sanctioned end user
EU Regulation 269/2014, Annex I"
"$cli" case summary "$stop" > stop-summary.txt
check "the summary names who rejected it" grep -q "^Rejected by  *Ingrid Larsson (Legal reviewer), " stop-summary.txt
check "and why, each line of the reason under the first" awk '
  /^Reason / { column = index($0, "Sanctioned end user"); getline
               found = column > 1 && index($0, "EU Regulation 269/2014, Annex I") == column &&
                       substr($0, 1, column - 1) ~ /^ *$/ }
  END { exit !found }' stop-summary.txt
check_fails "and no approver" grep -q "^Approved by" stop-summary.txt

finish
