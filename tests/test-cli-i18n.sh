#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# One case signed off twice, once with a French report and once with a
# Swedish one (probity-cli report --lang): each report reads in its
# language, pdfsig and `verify --db` accept both, each sign-off records its
# report's language (case show, the signed event's hashed data), both seal
# the same answers and history, and a language changed in the store behind
# the program's back is caught. Citations read in each language's official
# form for people and stay as written for scripts. TAP output.
set -u

. "$(dirname "$0")/cli-test-lib.sh"

require_languages fr sv

export PROBITY_DB="$work/cases.db"
export PROBITY_USER="Åsa Lindström"

make_pki

case_id=$("$cli" case new --customer "Rotterdam Parking Services" --country NL --product "PlateReader" 2>log)
if [ -z "$case_id" ]; then
  echo "Bail out! cannot create a case: $(cat log)"
  exit 1
fi
check "answers imported" "$cli" case import-answers "$case_id" "$src/tests/data/answers/benign-carpark-anpr.json"
check "case submitted" "$cli" case submit "$case_id"
check "case approved by a legal reviewer" "$cli" case decide "$case_id" --user "Test Signer" --role reviewer \
  --decision approved --reason "Plates only, 30-day retention"

sign () {  # sign LANGUAGE: a signed report in LANGUAGE.pdf
  "$cli" report "$case_id" -o "$1.pdf" --lang "$1" --sign pki/signer.p12 --passphrase-file pass.txt --role reviewer
}
check "a French report is signed" sign fr
check "then a Swedish one, a second sign-off of the sealed revision" sign sv

# Each reads in its own language: its headings, the decision it signs, the
# language its integrity block names.
pdftotext -q fr.pdf fr.txt
pdftotext -q sv.pdf sv.txt
check "the French report names its language" grep -q "Français (fr)" fr.txt
check "has its integrity heading in French" grep -qx "Intégrité" fr.txt
check "and signs the decision in French" grep -q "Approuvé" fr.txt
check "the Swedish report names its language" grep -q "Svenska (sv)" sv.txt
check "has its integrity heading in Swedish" grep -qx "Integritet" sv.txt
check "and signs the decision in Swedish" grep -q "Godkänt" sv.txt
# The visible signature stamp reads in the report's language, not the
# interface's (English here): its appearance stream, uncompressed.
qpdf --qdf --object-streams=disable fr.pdf fr-qdf.pdf
qpdf --qdf --object-streams=disable sv.pdf sv-qdf.pdf
check "the French report's signature stamp is in French" grep -aq "riquement par Test Signer" fr-qdf.pdf
check "the Swedish report's in Swedish" grep -aq "Digitalt signerad av Test Signer" sv-qdf.pdf
check_fails "and neither is in English" grep -aq "Digitally signed by" fr-qdf.pdf sv-qdf.pdf
check_fails "the French report has no Swedish integrity block" grep -q "Svenska (sv)" fr.txt

for language in fr sv; do
  pdfsig -nssdir "sql:$work/pki/nssdb" "$language.pdf" > "pdfsig-$language.txt" 2>&1
  check "pdfsig: the $language signature is valid" grep -q "Signature Validation: Signature is Valid." "pdfsig-$language.txt"
  check "verify --db accepts the $language report" "$cli" verify "$language.pdf" --ca pki/ca.pem --db "$PROBITY_DB"
  cp log "verify-$language.log"
done
check "verify --db checks the French report's language against its sign-off" \
  grep -q "ok.*Report language as recorded in the sign-off.*Français (fr)" verify-fr.log
check "and the Swedish one's" grep -q "ok.*Report language as recorded in the sign-off.*Svenska (sv)" verify-sv.log

# The store records each report's language with its sign-off ...
"$cli" case show "$case_id" > show.txt 2>&1
check "case show prints the French sign-off's language" grep -q "Report language: Français (fr)" show.txt
check "and the Swedish one's" grep -q "Report language: Svenska (sv)" show.txt
"$cli" case show "$case_id" --json > show.json 2>&1
check "case show --json gives each sign-off's language" \
  python3 -c 'import json, sys; s = json.load(open(sys.argv[1]))["sign_offs"]; sys.exit([o["language"] for o in s] != ["fr", "sv"])' show.json
check "in the columns of the sign-off rows" \
  test "$(sqlite3 "$PROBITY_DB" "SELECT group_concat(language, ' ') FROM (SELECT language FROM sign_offs ORDER BY event_seq)")" = "fr sv"
check "and in the hashed data of the signed events" \
  test "$(sqlite3 "$PROBITY_DB" "SELECT group_concat(json_extract(data, '$.language'), ' ') FROM (SELECT data FROM events WHERE kind = 'signed' ORDER BY seq)")" = "fr sv"

# ... while the record both seal is the same in every language.
check "both sign-offs seal the same answers and history" \
  test "$(sqlite3 "$PROBITY_DB" "SELECT count(DISTINCT answers_fingerprint || history_head) FROM sign_offs")" = 1
check "the history verifies" "$cli" case verify "$case_id"

# A language changed behind the store's back, in a copy of the database.
cp "$PROBITY_DB" tampered.db
# The append-only trigger is put back as it was, so only the row differs.
trigger=$(sqlite3 tampered.db "SELECT sql FROM sqlite_master WHERE name = 'sign_offs_no_update'")
sqlite3 tampered.db "DROP TRIGGER sign_offs_no_update; UPDATE sign_offs SET language = 'de' WHERE language = 'fr';
  $trigger;"
check_fails "case verify fails when a sign-off's language was changed" env PROBITY_DB="$work/tampered.db" \
  "$cli" case verify "$case_id"
cp log tampered.log
check "and says which sign-off differs from its event" grep -q "differs from what event" tampered.log

# Citations: people read an EU act's citation in their language's official
# form, its numbers exact; scripts read the citation as the questionnaire
# wrote it.
answers="$src/tests/data/answers/morpho-shanghai-psb.json"
LANGUAGE=fr "$cli" evaluate -a "$answers" > evaluate-fr.txt 2>&1
check "evaluate cites Art. 2(20) of the dual-use regulation as the French OJ does" \
  grep -q "Règlement (UE) 2021/821, art. 2, point 20" evaluate-fr.txt
check "and the UN Guiding Principles by their French name" grep -q "Principes directeurs de l’ONU, principe 17" evaluate-fr.txt
check "and keeps a US citation as it is" grep -q "15 CFR Part 732, Supplement No. 3" evaluate-fr.txt
check_fails "and no English form of an EU act is left" grep -q "Regulation (EU)" evaluate-fr.txt
LANGUAGE=fr "$cli" evaluate --json -a "$answers" > evaluate-fr.json 2>&1
check "evaluate --json keeps the citation as written" grep -q '"Regulation (EU) 2021/821, Art. 2(20)"' evaluate-fr.json

# Codes stay for programs and commands, words are translated for people
# (README, "Output for people and for programs").
LANGUAGE=fr "$cli" case history "$case_id" > history-fr.txt 2>&1
check "case history says what happened in French" grep -q "Signé" history-fr.txt
check "and the statuses a case moved between" grep -q "Brouillon → Soumis pour examen" history-fr.txt
check "and keeps the role as --role takes it" grep -q "Test Signer (reviewer)" history-fr.txt
check_fails "and prints no event code" grep -q "status-changed" history-fr.txt
LANGUAGE=fr "$cli" case history "$case_id" --json > history-fr.json 2>&1
check "case history --json keeps the codes" grep -q '"kind" : "status-changed"' history-fr.json
LANGUAGE=fr "$cli" case list > list-fr.txt 2>&1
check "case list keeps the status as --status takes it" grep -q "signed *approved *proceed" list-fr.txt
check "under translated headings" grep -q "DÉCISION" list-fr.txt
check "evaluate prints the outcome's code, then its French label" \
  grep -q "^Résultat : do-not-proceed (Ne pas poursuivre)" evaluate-fr.txt
LANGUAGE=sv "$cli" case list --help > list-help-sv.txt 2>&1
check "case list --help says in Swedish that --search wants every word" \
  grep -q "varje ord i TEXT någonstans" list-help-sv.txt

finish
