#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A newer list edition before a decision that matters: submitting and
# signing screen the case again (app/workflow, the path the GUI takes too),
# a new hit holds the case, and a signature never stands on a screening
# that the newer edition overtook. probity-cli on a real database, TAP.
set -u

. "$(dirname "$0")/cli-test-lib.sh"
lists=$src/tests/data/screening

outcome () {
  "$cli" case show "$1" --json | sed -n 's/^ *"revision_outcome" : "\([a-z-]*\)".*/\1/p' | head -n 1
}
screenings () {
  "$cli" case history "$1" --json | grep -c '"kind" : "screened"'
}

export PROBITY_DB="$work/cases.db"
export PROBITY_USER="Åsa Lindqvist"
export PROBITY_ROLE=sales

make_pki

# Edition 1 of the EU list does not name the customer; edition 2 adds
# "Limited Liability Company Special Technology Centre" (RU).
check "edition 1 of the EU list is imported" "$cli" lists import "$lists/eu-fsf.xml"
new_case () {
  id=$("$cli" case new --customer "Special Technology Centre LLC" --country RU --product PlateReader 2>log) &&
    "$cli" case import-answers "$id" "$src/tests/data/answers/benign-carpark-anpr.json" >>log 2>&1 &&
    "$cli" case screen "$id" >>log 2>&1 &&
    echo "$id"
}
signed=$(new_case)
[ -n "$signed" ] || { echo "Bail out! cannot make a case: $(cat log)"; exit 1; }
submitted=$(new_case)
[ -n "$submitted" ] || { echo "Bail out! cannot make a case: $(cat log)"; exit 1; }
check "screened against edition 1, nothing is found: proceed" test "$(outcome "$signed")" = proceed

check "the first case is submitted while edition 1 is current" "$cli" case submit "$signed"
check_not_log "without screening again" "Screened again"
check "and approved on that screening" "$cli" case decide "$signed" --user "Ingrid Larsson" --role reviewer \
  --decision approved --reason "Car parks only"

check "edition 2 is imported" "$cli" lists import "$lists/eu-fsf-2.xml"

# Submitting screens again: the new entry holds the case.
before=$(screenings "$submitted")
check "submitting the second case" "$cli" case submit "$submitted"
check_log "screens it again and says the new match holds it" "1 new possible match holds the case"
check "one screening more in its history" test "$(screenings "$submitted")" = $((before + 1))
check "the case is on hold" test "$(outcome "$submitted")" = hold
"$cli" case screening "$submitted" > log 2>&1
check_log "the hit is on edition 2's new entry" "Special Technology Centre"

# Signing screens again too, and the decision taken before does not carry
# a signature over a match it never saw.
before=$(screenings "$signed")
check_fails "signing the approved case" "$cli" report "$signed" -o signed.pdf \
  --sign pki/signer.p12 --passphrase-file pass.txt --role reviewer
check_log "screens it again first" "Screened again"
check_log "and is refused: the new match is open" "screened again after its decision"
check_fails "no report is left" test -e signed.pdf
check "the screening is in the history" test "$(screenings "$signed")" = $((before + 1))
check "the case is on hold" test "$(outcome "$signed")" = hold
check_fails "signing again is still refused" "$cli" report "$signed" -o signed.pdf \
  --sign pki/signer.p12 --passphrase-file pass.txt --role reviewer
check_not_log "without screening a third time" "Screened again"
check "and nothing more is recorded" test "$(screenings "$signed")" = $((before + 1))

hit=$("$cli" case screening "$signed" --json | sed -n 's/^ *"id" : "\(H[0-9.]*\)".*/\1/p' | tail -n 1)
check "a reviewer confirms the match" "$cli" case hit "$signed" "$hit" --confirm \
  --reason "Same company: registry extract of the listed LLC" --user "Ingrid Larsson" --role reviewer
check "the legal bar stops the case" test "$(outcome "$signed")" = do-not-proceed
check_fails "the approval is not signed over it" "$cli" report "$signed" -o signed.pdf \
  --sign pki/signer.p12 --passphrase-file pass.txt --role reviewer
check_log "the rating changed since the decision" "changed from"
check_fails "no report is left" test -e signed.pdf

check "the reviewer clears it instead, with evidence" "$cli" case hit "$signed" "$hit" --clear \
  --reason "Other company: Oslo registry, no link to the listed LLC" --user "Ingrid Larsson" --role reviewer
check "the case is back to proceed" test "$(outcome "$signed")" = proceed
check "and the decision taken on proceed is signed" "$cli" report "$signed" -o signed.pdf \
  --sign pki/signer.p12 --passphrase-file pass.txt --role reviewer
check "the signed report verifies against the case" "$cli" verify signed.pdf --ca pki/ca.pem --db "$PROBITY_DB"
check "the history verifies" "$cli" case verify "$signed"


# db copy carries the screenings, not a file's lists (its writer's
# word): onto a file without the editions they name it copies, saying
# which list editions to import.
check "the screened cases are copied to a fresh file" "$cli" db copy "$PROBITY_DB" "$work/copy.db"
check_log "naming the editions it lacks" "list editions .* does not hold"
check_log "and the cure" "lists import"
check_log "carrying none of the file's" "List editions copied: 0"
check "and holds none there" test "$("$cli" lists status --db "$work/copy.db" --json | grep -c file_sha256)" = 0
check "the copy verifies" "$cli" case verify --db "$work/copy.db" "$signed"

# case import takes the same check: a case file whose screenings name
# editions the file imported into lacks goes in, saying so and the cure.
check "the signed case is exported to a case file" "$cli" case export "$signed" -o "$work/signed.probity"
check "the case file is imported into a fresh file" "$cli" case import --db "$work/import.db" "$work/signed.probity"
check_log "naming the editions it lacks" "list editions .* does not hold"
check_log "and the cure" "lists import"
check "the imported case verifies" "$cli" case verify --db "$work/import.db" "$signed"

finish
