#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# probity-cli as the people who use it: who acts in which role, what each
# role may do, recorded in the history and refused by the store. TAP output.
set -u

cli=${PB_BUILD_ROOT:?}/app/cli/probity-cli
src=${PB_SOURCE_ROOT:?}
work=$(mktemp -d "${TMPDIR:-/tmp}/test-cli-approvals-XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"

n=0
failed=0
ok () {
  n=$((n + 1))
  echo "ok $n - $1"
}
not_ok () {
  n=$((n + 1))
  failed=1
  echo "not ok $n - $1"
  [ -f log ] && sed 's/^/# /' log
}
check () {
  what=$1
  shift
  if "$@" >log 2>&1; then ok "$what"; else not_ok "$what"; fi
}
check_fails () {
  what=$1
  shift
  if "$@" >log 2>&1; then not_ok "$what"; else ok "$what"; fi
}
# check_log DESCRIPTION PATTERN: the last command's output matches
check_log () {
  if grep -q -- "$2" log; then ok "$1"; else not_ok "$1"; fi
}
events () {
  "$cli" case history "$1" --json | grep -c '"seq"'
}

export PROBITY_DB="$work/cases.db"
unset PROBITY_USER PROBITY_ROLE PROBITY_ORGANISATION

sh "$src/tests/make-test-pki.sh" pki >/dev/null 2>&1 || { echo "Bail out! make-test-pki.sh failed"; exit 1; }
printf 'secret\n' > pass.txt

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

echo "1..$n"
exit $failed
