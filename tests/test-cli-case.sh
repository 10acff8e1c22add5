#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# probity-cli case as people read it: submit and decide say what they did
# and the status now, in one line on stdout; a status within a sentence is
# written as a word of it ("is approved"), not as a title; the history
# shows a change of only an answer's comment or evidence note as that, not
# as the value changed into itself; --db (and the window's) says what it
# takes. TAP output.
set -u

. "$(dirname "$0")/cli-test-lib.sh"

export PROBITY_DB="$work/cases.db"
export PROBITY_USER="Åsa Lindqvist"
unset PROBITY_ROLE PROBITY_ORGANISATION PROBITY_TSA

case_id=$("$cli" case new --customer "Rotterdam Parking Services" --country NL --product PlateReader 2>log)
if [ -z "$case_id" ]; then
  echo "Bail out! cannot create a case: $(cat log)"
  exit 1
fi
ok "a case is created"
check "and answered" "$cli" case import-answers "$case_id" "$src/tests/data/answers/benign-carpark-anpr.json"
check "a comment is given" "$cli" case answer "$case_id" S0.01 NL --comment "Seated in Rotterdam"
check "and changed, the answer staying" "$cli" case answer "$case_id" S0.01 NL --comment "Seated in Delft"
check "an evidence note is added" "$cli" case answer "$case_id" S0.01 NL --evidence-note "Chamber of commerce extract"

check_fails "a draft is not decided" "$cli" case decide "$case_id" --user "Ingrid Larsson" --role reviewer \
  --decision approved --reason "Plates only"
check_log "the statuses within the sentence are in lower case" "is draft; it cannot become approved"
check_not_log "not as titles" "is Draft"

"$cli" case submit "$case_id" >out 2>err
check "case submit succeeds" test $? -eq 0
check "and says so in one line on stdout" test "$(wc -l <out)" -eq 1
check "naming the case, what was done and the status now" \
  grep -qx "$case_id: submitted; status: Submitted for review" out

check_fails "a change during the review needs a reason" "$cli" case answer "$case_id" S0.02 no
check_log "the status in lower case" "is submitted for review: changing question S0.02 needs a reason"


"$cli" case decide "$case_id" --user "Ingrid Larsson" --role reviewer --decision draft --reason "Typo" >out 2>err
check "sending back succeeds" test $? -eq 0
check "and says so" grep -qx "$case_id: sent back for changes; status: Draft" out
check "submitted again" "$cli" case submit "$case_id"

"$cli" case decide "$case_id" --user "Ingrid Larsson" --role reviewer --decision approved \
  --reason "Plates only" >out 2>err
check "case decide succeeds" test $? -eq 0
check "and says so in one line on stdout" test "$(wc -l <out)" -eq 1
check "naming the case, the decision recorded and the status now" \
  grep -qx "$case_id: decision recorded; status: Approved" out

check_fails "a decided case's answers stay" "$cli" case answer "$case_id" S0.02 no --reason "Late"
check_log "said with the decision in lower case" "is approved: the decision was taken on these answers"
check_not_log "not as a title" "is Approved"

"$cli" case history "$case_id" > history.txt
check "the history shows a comment changed, the value unchanged" \
  grep -q "S0.01 \"NL\" (value unchanged); comment: “Seated in Rotterdam” → “Seated in Delft”" history.txt
check "and an evidence note added" \
  grep -q "S0.01 \"NL\" (value unchanged); evidence note: ∅ → “Chamber of commerce extract”" history.txt
check_fails "never a value changed into itself" grep -q '"NL" → "NL"' history.txt
check "a value set still shows old and new" grep -q 'S0.01 ∅ → "NL"' history.txt

"$cli" case list --help > help.txt 2>&1
check "--db says it takes a server too" grep -q -- "--db=DATABASE .*a file, a postgresql:// URI or service=NAME" help.txt
"$cli" verify --help > help.txt 2>&1
check "verify --db too" grep -q -- "--db=DATABASE .*a file, a postgresql:// URI or service=NAME" help.txt
gui=$PB_BUILD_ROOT/app/gui/probity
if [ -x "$gui" ]; then
  "$gui" --help > help.txt 2>&1
  check "and the window's --db" grep -q -- "--db=DATABASE .*a file, a postgresql:// URI or service=NAME" help.txt
  check_fails "not a PATH only" grep -q -- "--db=PATH" help.txt
else
  ok "# SKIP built without the window"
fi

finish
