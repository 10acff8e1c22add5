#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# What a signed report says of the screening, in each language it can be
# written in, read back with pdftotext: a hit decision a reviewer adopted
# from another case names that case, who decided it there and when; the
# lists that bind the deal are named, and a binding list the screening did
# not answer is said to leave the answer the assessor's own; a party
# removed from the case after it was screened is named, with who removed
# it, when and why. TAP output.
set -u

. "$(dirname "$0")/cli-test-lib.sh"
lists=$src/tests/data/screening

require_languages fr de nl sv

export PROBITY_DB="$work/cases.db"
export PROBITY_USER="Åsa Lindqvist"
export PROBITY_ROLE=sales

make_pki

# A Dutch exporter (benign-carpark-anpr: NL, deployed in DE): the EU list
# binds it, as the UN list binds everyone; only the EU list is imported.
check "the EU list is imported" "$cli" lists import "$lists/eu-fsf.xml"
new_case () {
  id=$("$cli" case new --customer "$1" --country RU --product PlateReader 2>log) &&
    "$cli" case import-answers "$id" "$src/tests/data/answers/benign-carpark-anpr.json" >>log 2>&1 &&
    "$cli" case screen "$id" >>log 2>&1 &&
    echo "$id"
}
only_hit () {
  "$cli" case screening "$1" --json |
    python3 -c 'import json, sys; h = json.load(sys.stdin)["screening"]["hits"]; assert len(h) == 1; print(h[0]["id"])'
}

# The kinds of an entry and of its names are words of the language, not codes.
LANGUAGE=fr "$cli" screen "Rosoboronexport" > screen-fr.txt 2>&1
check "screen says the kind of the listed entry in French" grep -q "(entité) Joint Stock Company Rosoboronexport" screen-fr.txt
check "and the kind of the name it matched" grep -q "« Joint Stock Company Rosoboronexport » (nom principal)" screen-fr.txt

first=$(new_case "Rosoboronexport JSC")
[ -n "$first" ] || { echo "Bail out! cannot make a case: $(cat log)"; exit 1; }
hit=$(only_hit "$first")
check "a reviewer clears the hit in the first case" "$cli" case clear-hit "$first" "$hit" \
  --user "Rita Reviewer" --role reviewer --reason "Registry extract: a namesake founded 2019 in Tallinn"

second=$(new_case "JSC ROSOBORONEXPORT")
[ -n "$second" ] || { echo "Bail out! cannot make a case: $(cat log)"; exit 1; }
hit=$(only_hit "$second")
check "another reviewer adopts that decision in the second" "$cli" case clear-hit "$second" "$hit" \
  --adopt "$first" --user "Karl Berg" --role reviewer
check "the second case is submitted" "$cli" case submit "$second"
check "and approved" "$cli" case decide "$second" --user "Test Signer" --role reviewer \
  --decision approved --reason "The only hit is a namesake, cleared with a registry extract"

"$cli" case screening "$second" > screening.txt 2>&1
check "case screening names the lists that bind the deal" grep -q "Lists that bind this deal:" screening.txt
check "the EU list as answered by the screening" grep -q "S2.02a *answered by the screening" screening.txt
check "the UN list as not verified" grep -q "S2.02b *not verified: no edition of this list was screened" screening.txt
check "and the Dutch national lists as not imported" \
  grep -q "S2.02i *not verified: Probity imports no list that answers it" screening.txt
check_json () {
  "$cli" case screening "$second" --json |
    python3 -c 'import json, sys; b = {x["question"]: x["state"] for x in json.load(sys.stdin)["binding"]};
sys.exit(b != {"S2.02a": "screened", "S2.02b": "not-screened", "S2.02i": "no-list"})'
}
check "case screening --json gives the same with codes" check_json

# Per language: the label of the adoption, the sentence naming the case,
# the first reviewer and the date, then a list not verified.
expect () {
  case $1 in
    en) adopted="Adopted from"; whose="The decision of case $first, taken there by Rita Reviewer on"
        unverified="Probity imports no list that answers it for the exporter’s country" ;;
    fr) adopted="Reprise de"; whose="La décision du dossier $first, prise par Rita Reviewer le"
        unverified="Probity n’importe aucune liste qui y réponde pour le pays de l’exportateur" ;;
    de) adopted="Übernommen aus"; whose="Die Entscheidung des Vorgangs $first, dort getroffen von Rita Reviewer am"
        unverified="Probity importiert keine Liste, die sie für das Land des Ausführers beantwortet" ;;
    nl) adopted="Overgenomen van"; whose="Het besluit van dossier $first, daar genomen door Rita Reviewer op"
        unverified="Probity importeert geen lijst die haar voor het land van de exporteur beantwoordt" ;;
    sv) adopted="Övertaget från"; whose="Beslutet i ärende $first, fattat där av Rita Reviewer den"
        unverified="Probity importerar ingen förteckning som besvarar den för exportörens land" ;;
  esac
}

for language in en fr de nl sv; do
  check "a report in $language is signed" "$cli" report "$second" -o "$language.pdf" --lang "$language" \
    --sign pki/signer.p12 --passphrase-file pass.txt --role reviewer --user "Test Signer"
  pdftotext -q "$language.pdf" "$language.txt"
  expect "$language"
  check "the $language report says the decision was adopted" has "$language.txt" "$adopted"
  check "from which case, decided there by whom and when" has "$language.txt" "$whose"
  check "and by whom it was adopted" has "$language.txt" "Karl Berg"
  check "the $language report says which binding list is not verified" has "$language.txt" "$unverified"
done
check "the reason adopted is the first reviewer's" has en.txt "a namesake founded 2019 in Tallinn"
check "each hit names the act the listing rests on" has en.txt "Legal basis 2024/1745 (OJ L, 2024/1745)"

# A party screened, then removed from the case: the report says so.
third=$(new_case "Parkeergarage Utrecht BV")
[ -n "$third" ] || { echo "Bail out! cannot make a case: $(cat log)"; exit 1; }
check "an end user is added" "$cli" case party "$third" --party-role end-user --name "Gemeente Utrecht" --country NL
check "and screened" "$cli" case screen "$third"
check "then removed, with a reason" "$cli" case party "$third" --remove P1 --user "Karl Berg" \
  --reason "The municipality is not a party: the garage runs the cameras"
check "the case is submitted" "$cli" case submit "$third"
check "and approved" "$cli" case decide "$third" --user "Test Signer" --role reviewer \
  --decision approved --reason "No hit; plates only"
check "its report is signed" "$cli" report "$third" -o removed.pdf --sign pki/signer.p12 \
  --passphrase-file pass.txt --role reviewer --user "Test Signer"
pdftotext -q removed.pdf removed.txt
today=$(date -u +%Y-%m-%d)
check "the screened party is marked as removed since" \
  has removed.txt "End user: Gemeente Utrecht (NL) (removed from the case since)"
check "under its own heading" has removed.txt "Parties removed from the case after screening"
check "naming the party, who removed it and when" has removed.txt \
  "End user: Gemeente Utrecht (NL), removed from the case by Karl Berg on $today "
check "and why" has removed.txt "UTC. Reason: The municipality is not a party: the garage runs the cameras"
check "the French report says it too" "$cli" report "$third" -o removed-fr.pdf --lang fr
pdftotext -q removed-fr.pdf removed-fr.txt
check "in French" has removed-fr.txt "Parties retirées du dossier après le filtrage"

finish
