#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# probity-cli case as people read it: a status within a sentence is
# written as a word of it ("is approved"), not as a title. TAP output.
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

check_fails "a draft is not decided" "$cli" case decide "$case_id" --user "Ingrid Larsson" --role reviewer \
  --decision approved --reason "Plates only"
check_log "the statuses within the sentence are in lower case" "is draft; it cannot become approved"
check_not_log "not as titles" "is Draft"

check "submitted" "$cli" case submit "$case_id"
check_fails "a change during the review needs a reason" "$cli" case answer "$case_id" S0.02 no
check_log "the status in lower case" "is submitted for review: changing question S0.02 needs a reason"

check "approved" "$cli" case decide "$case_id" --user "Ingrid Larsson" --role reviewer --decision approved \
  --reason "Plates only"
check_fails "a decided case's answers stay" "$cli" case answer "$case_id" S0.02 no --reason "Late"
check_log "said with the decision in lower case" "is approved: the decision was taken on these answers"
check_not_log "not as a title" "is Approved"

finish
