#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The rules of a Probity server, checked with SQL typed by hand as each
# role, as a modified client could send it: each forbidden action must be
# refused by the server itself (schema-v1.sql). Runs under
# tests/pg-cluster.sh run, which gives a fresh cluster:
#   pg-cluster.sh run test-pg-roles.sh PROBITY-CLI
set -u

here=$(dirname "$0")
. "$here/pg-test-lib.sh"
# The server's rules, tried past probity.gate () (pg-test-lib.sh).
PAST_GATE=1
cli=${1:?usage: test-pg-roles.sh PROBITY-CLI}
admin="host=$PGHOST dbname=$PGDATABASE user=postgres"

# Set-up through the command line, as an administrator does.
"$cli" db init "$admin" || { echo "db init failed" >&2; exit 1; }
for who in "alice sales emea" "sam sales apac" "rita reviewer" "rob reviewer" "audrey auditor" \
           "adam admin" "sue sales emea"; do
  set -- $who
  "$cli" db add-user "$admin" "$1" --role "$2" ${3:+--team "$3"} >/dev/null ||
    { echo "db add-user $1 failed" >&2; exit 1; }
done
# Sue is both a sales person and a legal reviewer: db add-user gives a
# person one role (schema 17), and the server's rules are tried here for
# someone the DBA gave two by hand (add_member () adds a group): she
# reads, and writes nothing (schema 18).
pg_as postgres -c "SELECT probity.add_member ('sue', 'reviewer')" >/dev/null || exit 1

# A questionnaire is stored under the id and version its bytes give.
Q=$(printf '<questionnaire id="q" version="1"/>' | sha256sum | cut -c1-64)
NEW_CASE="
INSERT INTO probity.customers (uid, name, created) VALUES (:'case' || '-cu', 'Acme; DROP TABLE probity.events; --', :'t');
INSERT INTO probity.products (uid, name, created) VALUES (:'case' || '-pr', 'Camera \"X\"', :'t');
INSERT INTO probity.questionnaires VALUES ('$Q', 'q', '1', 'q.xml', '<questionnaire id=\"q\" version=\"1\"/>') ON CONFLICT (sha256) DO NOTHING;
INSERT INTO probity.cases (id, customer_uid, product_uid, questionnaire_sha256, created, created_by, updated, head_hash,
                           reference_sha256)
  VALUES (:'case', :'case' || '-cu', :'case' || '-pr', '$Q', :'t', session_user, 'x', repeat ('0', 64),
          (SELECT min (sha256) FROM probity.approved_reference_data));
INSERT INTO probity.revisions (case_id, revision, created) VALUES (:'case', 1, :'t');
"
# A case is pinned only to a questionnaire an administrator approved
# (schema-v7.sql; test-pg-team.sh tries one nobody approved).
expect_ok adam "the administrator approves the questionnaire of the cases below" <<SQL
INSERT INTO probity.questionnaires VALUES ('$Q', 'q', '1', 'q.xml', '<questionnaire id="q" version="1"/>') ON CONFLICT DO NOTHING;
INSERT INTO probity.approved_questionnaires (sha256, approved_by, approved) VALUES ('$Q', '', now ());
SQL
new_case () {
  BEFORE="$NEW_CASE" append "$1" "${3:-ok}" "$1 creates case $2" "$2" 1 case-created sales "" "$Q"
}
# answer WHO CASE QID VALUE OUTCOME [EXPECT [OLD REASON]]: as the store
# answers (answer-changed when OLD is given), keeping OUTCOME.
answer () {
  kind=answer-set
  [ -z "${7:-}" ] || kind=answer-changed
  # As the store keeps them: the outcome given, the answers counted (schema 18).
  BEFORE="$ANSWER UPDATE probity.revisions SET outcome = '$5',
            n_answers = (SELECT count (*) FROM probity.answers a WHERE a.case_id = :'case' AND a.revision = :rev)
           WHERE case_id = :'case' AND revision = :rev;" \
    append "$1" "${6:-ok}" "$1 answers $3 of $2" "$2" 1 "$kind" sales "${7:-}" "$4" \
      "${8:-}" "$NO_NOTE" "$3"
}

echo "# Teams and who sees what"
new_case alice C-EMEA-1
answer alice C-EMEA-1 S1 '"yes"' proceed
new_case sam C-APAC-1
expect_value sam "sam (apac) does not see emea's case" "0" <<'SQL'
SELECT count(*) FROM probity.cases WHERE id = 'C-EMEA-1';
SQL
expect_value sam "sam sees none of its history or answers" "0|0|0" <<'SQL'
SELECT (SELECT count(*) FROM probity.events WHERE case_id = 'C-EMEA-1') || '|' ||
       (SELECT count(*) FROM probity.answers WHERE case_id = 'C-EMEA-1') || '|' ||
       (SELECT count(*) FROM probity.case_list WHERE case_id = 'C-EMEA-1');
SQL
expect_value sam "sam's UPDATE of emea's answer changes nothing" "UPDATE 0" <<'SQL'
\set QUIET off
UPDATE probity.answers SET value = '"no"' WHERE case_id = 'C-EMEA-1';
SQL
append sam 42501 "sam cannot append to emea's case" C-EMEA-1 1 answer-set sales "" '"no"' "" "" S2
expect_value rita "a reviewer does not see a draft" "0" <<'SQL'
SELECT count(*) FROM probity.cases WHERE id = 'C-EMEA-1';
SQL
expect_value audrey "the auditor sees every case" "2" <<'SQL'
SELECT count(*) FROM probity.cases;
SQL
expect_refused audrey "the auditor cannot write an answer" 42501 <<'SQL'
INSERT INTO probity.answers (case_id, revision, question_id, value, "user", updated)
  VALUES ('C-EMEA-1', 1, 'S9', '"x"', 'audrey', 'x');
SQL
expect_refused audrey "the auditor cannot change a case" 42501 <<'SQL'
UPDATE probity.cases SET updated = 'x';
SQL
expect_refused audrey "the auditor cannot create a customer" 42501 <<'SQL'
INSERT INTO probity.customers (uid, name, created) VALUES ('a', 'b', 'c');
SQL
append audrey 42501 "the auditor cannot append to the history" C-EMEA-1 1 answer-set auditor "" '"no"' "" "" S2
# Past the gate (which may insert a sales person's cases too), the
# creator's team is asked first: a reviewer has none (with one, the
# policy cases_create refuses, 42501).
expect_refused rita "a reviewer cannot create a case" PBTEA <<SQL
INSERT INTO probity.cases (id, customer_uid, product_uid, questionnaire_sha256, created, created_by, updated, head_hash)
  VALUES ('C-R', 'C-EMEA-1-cu', 'C-EMEA-1-pr', '$Q', 'x', 'rita', 'x', repeat ('0', 64));
SQL
expect_refused adam "the administrator reads no case" 42501 <<'SQL'
SELECT count(*) FROM probity.events;
SQL

echo "# The history is append-only and chained"
for who in alice postgres; do
  expect_refused $who "$who cannot delete history" "$([ $who = postgres ] && echo PBAPP || echo 42501)" <<'SQL'
DELETE FROM probity.events WHERE case_id = 'C-EMEA-1';
SQL
  expect_refused $who "$who cannot change history" "$([ $who = postgres ] && echo PBAPP || echo 42501)" <<'SQL'
UPDATE probity.events SET reason = 'rewritten' WHERE case_id = 'C-EMEA-1';
SQL
done
expect_refused alice "a forged user" PBWHO <<'SQL'
BEGIN;
INSERT INTO probity.events
SELECT (r).case_id, (r).seq, (r).revision, (r).time, (r)."user", (r).kind, (r).question_id, (r).old_value,
       (r).new_value, (r).reason, (r).data, (r).prev_hash, probity.event_hash (r), (r).role, (r).organisation
  FROM (SELECT ROW (c.id, c.head_seq + 1, 1, to_char (now () AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), 'rita', 'answer-set', 'S2', NULL,
                    '"no"', NULL, NULL, c.head_hash, NULL, 'sales', NULL)::probity.events AS r
          FROM probity.cases c WHERE c.id = 'C-EMEA-1') x;
COMMIT;
SQL
expect_refused alice "a forged answer author" PBWHO <<'SQL'
INSERT INTO probity.answers (case_id, revision, question_id, value, "user", updated)
  VALUES ('C-EMEA-1', 1, 'S3', '"x"', 'rita', 'x');
SQL
expect_refused alice "a role alice does not hold" PBROL <<'SQL'
INSERT INTO probity.events
SELECT (r).case_id, (r).seq, (r).revision, (r).time, (r)."user", (r).kind, (r).question_id, (r).old_value,
       (r).new_value, (r).reason, (r).data, (r).prev_hash, probity.event_hash (r), (r).role, (r).organisation
  FROM (SELECT ROW (c.id, c.head_seq + 1, 1, to_char (now () AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), 'alice', 'answer-set', 'S2', NULL,
                    '"no"', NULL, NULL, c.head_hash, NULL, 'reviewer', NULL)::probity.events AS r
          FROM probity.cases c WHERE c.id = 'C-EMEA-1') x;
SQL
expect_refused alice "a broken chain link (prev_hash)" PBCHN <<'SQL'
INSERT INTO probity.events
SELECT (r).case_id, (r).seq, (r).revision, (r).time, (r)."user", (r).kind, (r).question_id, (r).old_value,
       (r).new_value, (r).reason, (r).data, (r).prev_hash, probity.event_hash (r), (r).role, (r).organisation
  FROM (SELECT ROW (c.id, c.head_seq + 1, 1, to_char (now () AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), 'alice', 'answer-set', 'S2', NULL,
                    '"no"', NULL, NULL, repeat ('1', 64), NULL, 'sales', NULL)::probity.events AS r
          FROM probity.cases c WHERE c.id = 'C-EMEA-1') x;
SQL
expect_refused alice "a gap in the sequence" PBCHN <<'SQL'
INSERT INTO probity.events
SELECT (r).case_id, (r).seq, (r).revision, (r).time, (r)."user", (r).kind, (r).question_id, (r).old_value,
       (r).new_value, (r).reason, (r).data, (r).prev_hash, probity.event_hash (r), (r).role, (r).organisation
  FROM (SELECT ROW (c.id, c.head_seq + 2, 1, to_char (now () AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), 'alice', 'answer-set', 'S2', NULL,
                    '"no"', NULL, NULL, c.head_hash, NULL, 'sales', NULL)::probity.events AS r
          FROM probity.cases c WHERE c.id = 'C-EMEA-1') x;
SQL
expect_refused alice "an event whose hash is not its own" PBCHN <<'SQL'
INSERT INTO probity.events
SELECT c.id, c.head_seq + 1, 1, to_char (now () AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), 'alice', 'answer-set', 'S2', NULL, '"no"', NULL, NULL,
       c.head_hash, repeat ('a', 64), 'sales', NULL
  FROM probity.cases c WHERE c.id = 'C-EMEA-1';
SQL
expect_refused alice "a head that is not the last event" PBCHN <<'SQL'
UPDATE probity.cases SET head_seq = 1, head_hash = (SELECT hash FROM probity.events WHERE case_id = 'C-EMEA-1' AND seq = 1)
 WHERE id = 'C-EMEA-1';
SQL
expect_refused alice "an event without moving the head" PBHIS <<'SQL'
INSERT INTO probity.events
SELECT (r).case_id, (r).seq, (r).revision, (r).time, (r)."user", (r).kind, (r).question_id, (r).old_value,
       (r).new_value, (r).reason, (r).data, (r).prev_hash, probity.event_hash (r), (r).role, (r).organisation
  FROM (SELECT ROW (c.id, c.head_seq + 1, 1, to_char (now () AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), 'alice', 'answer-set', 'S2', NULL,
                    '"no"', NULL, NULL, c.head_hash, NULL, 'sales', NULL)::probity.events AS r
          FROM probity.cases c WHERE c.id = 'C-EMEA-1') x;
SQL
expect_refused alice "a case's time moved alone" PBHIS <<'SQL'
UPDATE probity.cases SET updated = '2020-01-01T00:00:00.000000Z' WHERE id = 'C-EMEA-1';
SQL
expect_refused alice "an event appended, the head moved, the case's time not the event's" PBHIS <<'SQL'
BEGIN;
INSERT INTO probity.events
SELECT (r).case_id, (r).seq, (r).revision, (r).time, (r)."user", (r).kind, (r).question_id, (r).old_value,
       (r).new_value, (r).reason, (r).data, (r).prev_hash, probity.event_hash (r), (r).role, (r).organisation
  FROM (SELECT ROW (c.id, c.head_seq + 1, 1, to_char (now () AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), 'alice',
                    'party-added', NULL, NULL, 'P' || (SELECT count (*) + 1 FROM probity.events e
                                                       WHERE e.case_id = c.id AND e.kind = 'party-added'),
                    NULL, '{"name":"Someone","role":"end-user"}', c.head_hash, NULL, 'sales', NULL)::probity.events AS r
          FROM probity.cases c WHERE c.id = 'C-EMEA-1') x;
UPDATE probity.cases c SET (head_seq, head_hash, updated) =
  (SELECT e.seq, e.hash, '2020-01-01T00:00:00.000000Z' FROM probity.events e WHERE e.case_id = c.id ORDER BY e.seq DESC LIMIT 1)
 WHERE c.id = 'C-EMEA-1';
COMMIT;
SQL
expect_refused alice "a case without its case-created event" PBHIS -v case=C-EMPTY -v t="$(now)" <<SQL
BEGIN;
$NEW_CASE
COMMIT;
SQL
expect_refused alice "a case created under another name" PBWHO <<SQL
INSERT INTO probity.cases (id, customer_uid, product_uid, questionnaire_sha256, created, created_by, updated, head_hash)
  VALUES ('C-X', 'C-EMEA-1-cu', 'C-EMEA-1-pr', '$Q', 'x', 'sam', 'x', repeat ('0', 64));
SQL
answer sam C-APAC-1 S1 '"yes"' proceed
expect_refused sam "an answer changed without its event" PBHIS <<'SQL'
UPDATE probity.answers SET value = '"no"' WHERE case_id = 'C-APAC-1' AND question_id = 'S1';
SQL
expect_refused sam "an answer removed without its event" PBHIS <<'SQL'
SELECT probity.remove_answer ('C-APAC-1', 1, 'S1');
SQL
# No table-level DELETE (schema-v11.sql): it let anyone who writes lock
# the whole table, everyone's reads and saves waiting (review14b E4).
expect_refused sam "nor can sam delete answers himself" 42501 <<'SQL'
DELETE FROM probity.answers WHERE case_id = 'C-APAC-1' AND question_id = 'S1';
SQL
expect_refused sam "or lock the answers of every team" 42501 <<'SQL'
BEGIN; LOCK TABLE probity.answers IN ACCESS EXCLUSIVE MODE; ROLLBACK;
SQL
expect_refused rob "nor can a reviewer lock the evidence" 42501 <<'SQL'
BEGIN; LOCK TABLE probity.evidence IN SHARE ROW EXCLUSIVE MODE; ROLLBACK;
SQL
expect_refused sam "an answer added without its event" PBHIS <<'SQL'
INSERT INTO probity.answers (case_id, revision, question_id, value, "user", updated)
  VALUES ('C-APAC-1', 1, 'S2', '"no"', 'sam', 'x');
SQL
# The file's bytes in the same transaction: a case names a file its
# writer has (schema 12).
expect_refused sam "evidence added without its event" PBHIS <<'SQL'
BEGIN;
INSERT INTO probity.blobs VALUES (encode (sha256 ('pdf'), 'hex'), 3, 'pdf') ON CONFLICT DO NOTHING;
INSERT INTO probity.evidence (case_id, revision, question_id, file_name, media_type, sha256, size, added_by, added)
  VALUES ('C-APAC-1', 1, 'S1', 'contract.pdf', 'application/pdf', encode (sha256 ('pdf'), 'hex'), 3, 'sam', 'x');
COMMIT;
SQL
expect_refused alice "a status changed without its event" PBHIS <<'SQL'
UPDATE probity.revisions SET status = 'submitted' WHERE case_id = 'C-EMEA-1';
SQL
append alice PBHIS "a status event whose revision does not follow it" C-EMEA-1 1 status-changed sales \
  draft submitted "" '{"outcome":"proceed","hard_stops":null}'
expect_refused alice "a reason written without its event" PBHIS <<'SQL'
UPDATE probity.revisions SET reason = 'because' WHERE case_id = 'C-EMEA-1';
SQL
# What a save costs the server (schema-v9.sql, "Cost"): its checks at
# commit run once, none that could not fail, and the status a change
# needs is found by the index of status events, not by walking the case's
# history. Counted in the server's statistics of functions and indexes.
pg_as postgres -c "ALTER DATABASE $PGDATABASE SET track_functions = 'all'"
COUNTS="SELECT (SELECT coalesce (sum (calls), 0) FROM pg_stat_user_functions WHERE funcname = 'head_matches_history') || '|' ||
               (SELECT coalesce (sum (calls), 0) FROM pg_stat_user_functions WHERE funcname = 'revisions_match_history') || '|' ||
               (SELECT coalesce (sum (idx_scan), 0) FROM pg_stat_user_indexes WHERE indexrelname = 'events_status')"
before=$(echo "$COUNTS" | pg_as postgres)
answer sam C-APAC-1 S4 '"counted"' proceed
i=0
while after=$(echo "$COUNTS" | pg_as postgres) && [ "${after%%|*}" = "${before%%|*}" ] && [ $i -lt 200 ]; do
  sleep 0.1; i=$((i + 1))
done
pg_as postgres -c "ALTER DATABASE $PGDATABASE RESET track_functions"
checks=$((checks + 1))
set -- $(echo "$before" | tr '|' ' ') $(echo "$after" | tr '|' ' ')
if [ $(($4 - $1)) -eq 1 ] && [ $(($5 - $2)) -eq 0 ] && [ $(($6 - $3)) -ge 1 ]; then
  pass "a save checks its case's head once, its revision's status not at all, by the index of status events"
else
  fail "a save's checks (head checks, revision checks, status index scans): before $before, after $after"
fi
expect_refused alice "stored bytes that are not their SHA-256" PBINV <<'SQL'
INSERT INTO probity.blobs (sha256, size, content) VALUES (repeat ('0', 64), 4, 'evil');
SQL
expect_refused alice "a stored file cannot be deleted" 42501 <<'SQL'
DELETE FROM probity.blobs;
SQL
expect_refused alice "a customer cannot be renamed" 42501 <<'SQL'
UPDATE probity.customers SET name = 'Someone else';
SQL

echo "# Submission, hard stops and overrides"
# A decision names the fingerprint of the answers it is taken on, as the
# server computes it (schema 12). fp CASE: that fingerprint now.
fp () {
  pg_as postgres -v case="$1" <<'SQL'
SELECT probity.answers_fingerprint (:'case', 1);
SQL
}
answer alice C-EMEA-1 S2 '"listed"' do-not-proceed
status rita reviewer 42501 "a reviewer cannot submit a draft she cannot see" C-EMEA-1 draft submitted
status alice sales ok "alice submits with a hard stop" C-EMEA-1 draft submitted "" '{"outcome":"do-not-proceed","hard_stops":"R-01 Listed end user"}'
expect_value rita "the reviewer now sees the submitted case, in the list too" "1|1" <<'SQL'
SELECT (SELECT count(*) FROM probity.cases WHERE id = 'C-EMEA-1') || '|' ||
       (SELECT count(*) FROM probity.case_list WHERE case_id = 'C-EMEA-1' AND status = 'submitted');
SQL
status alice sales PBROL "sales cannot decide" C-EMEA-1 submitted rejected "no"
status rita reviewer PBHSP "a hard stop is never approved" C-EMEA-1 submitted approved "fine"
status rita reviewer PBHSP "nor through an override" C-EMEA-1 submitted awaiting-second-approval "fine" '{"decision":"approved","override":"business need"}'
status rita reviewer ok "a hard stop may be rejected" C-EMEA-1 submitted rejected "listed end user" \
  '{"answers_fingerprint":"'$(fp C-EMEA-1)'"}'

new_case alice C-EMEA-2
answer alice C-EMEA-2 S1 '"risky"' do-not-proceed
status alice sales ok "alice submits a do-not-proceed case" C-EMEA-2 draft submitted "" '{"outcome":"do-not-proceed","hard_stops":null}'
for who in alice postgres; do
  expect_refused $who "$who cannot change the outcome recorded at submission" "$([ $who = postgres ] && echo PBAPP || echo 42501)" <<'SQL'
UPDATE probity.submissions SET outcome = 'proceed';
SQL
done
answer alice C-EMEA-2 S1 '"fine"' proceed PBINV '"risky"'
answer alice C-EMEA-2 S1 '"fine"' proceed ok '"risky"' "corrected: lowers the kept outcome"
status rita reviewer PBOVR "approving against do-not-proceed needs an override" C-EMEA-2 submitted approved "fine"
status rita reviewer PBOVR "an override needs a rationale" C-EMEA-2 submitted awaiting-second-approval "fine" '{"decision":"approved","override":null}'
status rita reviewer PBINV "approved-with-conditions needs conditions" C-EMEA-2 submitted awaiting-second-approval "fine" '{"decision":"approved-with-conditions","conditions":"","override":"needed"}'
# Blank as Probity says (schema 14): Unicode white space too, as
# g_unichar_isspace () counts it, not only ASCII spaces.
status rita reviewer PBINV "nor conditions of no-break spaces (U+00A0)" C-EMEA-2 submitted awaiting-second-approval "fine" \
  '{"decision":"approved-with-conditions","conditions":"\u00a0 \u00a0","override":"needed","answers_fingerprint":"'$(fp C-EMEA-2)'"}'
status rita reviewer PBOVR "nor a rationale of em spaces (U+2003)" C-EMEA-2 submitted awaiting-second-approval "fine" \
  '{"decision":"approved","override":"\u2003\u2003","answers_fingerprint":"'$(fp C-EMEA-2)'"}'
FP='{"answers_fingerprint":"'$(fp C-EMEA-2)'"}'
status rita reviewer ok "rita's override, with a rationale" C-EMEA-2 submitted awaiting-second-approval "fine" \
  '{"decision":"approved","override":"contract clause 7 bars the use","answers_fingerprint":"'$(fp C-EMEA-2)'"}'
status rita reviewer PBFOE "the first approver cannot give the second approval" C-EMEA-2 awaiting-second-approval approved "fine again"
status rob reviewer PBINV "the second approval approves what the first did" C-EMEA-2 awaiting-second-approval approved-with-conditions "fine" '{"conditions":"audit"}'
status rob reviewer ok "rob gives the second approval" C-EMEA-2 awaiting-second-approval approved "agreed" "$FP"

# sue, given a second group by hand, acted in the first (sales) and her
# history said so; from schema 18 she writes nothing until an
# administrator leaves her one role (PBTWO), and reads on.
new_case sue C-EMEA-3S PBTWO
expect_value postgres "nothing of it was written" "0|0" <<'SQL'
SELECT (SELECT count(*) FROM probity.cases WHERE id = 'C-EMEA-3S') || '|' ||
       (SELECT count(*) FROM probity.customers WHERE uid = 'C-EMEA-3S-cu');
SQL
expect_value sue "and she still reads her team's cases" "t" <<'SQL'
SELECT count(*) > 0 FROM probity.cases;
SQL
new_case alice C-EMEA-3
answer alice C-EMEA-3 S1 '"ok"' proceed
status alice sales ok "alice submits" C-EMEA-3 draft submitted "" '{"outcome":"proceed","hard_stops":null}'
status sue reviewer PBTWO "sue, in two groups, decides nothing either" C-EMEA-3 submitted approved "mine"
status rita reviewer PBINV "a decision needs a reason" C-EMEA-3 submitted approved ""
status rita reviewer PBINV "nor one of ideographic spaces (U+3000)" C-EMEA-3 submitted approved \
  "$(printf '\343\200\200\343\200\200')" '{"answers_fingerprint":"'$(fp C-EMEA-3)'"}'
status rita reviewer PBINV "nor one of a tab and a narrow no-break space (U+202F)" C-EMEA-3 submitted approved \
  "$(printf '\t\342\200\257')" '{"answers_fingerprint":"'$(fp C-EMEA-3)'"}'
# The answers as they were when rita read them: alice changed one since.
stale=$(fp C-EMEA-3)
answer alice C-EMEA-3 S1 '"still ok"' proceed ok '"ok"' "the customer confirmed it in writing"
status rita reviewer PBINV "a decision names the answers as they are, not as they were" C-EMEA-3 submitted approved "fine" \
  '{"answers_fingerprint":"'$stale'"}'
status rita reviewer ok "another reviewer approves" C-EMEA-3 submitted approved "fine" \
  '{"answers_fingerprint":"'$(fp C-EMEA-3)'"}'

# Four eyes over who wrote the answers, not only who submitted them: rita
# sends C-EMEA-4E back and rewrites an answer; she does not approve its
# resubmission, rob does.
new_case alice C-EMEA-4E
answer alice C-EMEA-4E S1 '"fine"' proceed
status alice sales ok "alice submits C-EMEA-4E" C-EMEA-4E draft submitted "" '{"outcome":"proceed","hard_stops":null}'
status rita reviewer ok "rita sends it back" C-EMEA-4E submitted draft "S1 needs the model's name"
BEFORE="$ANSWER" append rita ok "rita rewrites S1 of C-EMEA-4E" C-EMEA-4E 1 answer-changed reviewer '"fine"' \
  '"fine, model EC-4"' "the model's name added" "$NO_NOTE" S1
status alice sales ok "alice submits it again" C-EMEA-4E draft submitted "" '{"outcome":"proceed","hard_stops":null}'
status rita reviewer PBFOE "who rewrote an answer does not approve it" C-EMEA-4E submitted approved "fine" \
  '{"answers_fingerprint":"'$(fp C-EMEA-4E)'"}'
status rob reviewer ok "another reviewer does" C-EMEA-4E submitted approved "fine" \
  '{"answers_fingerprint":"'$(fp C-EMEA-4E)'"}'

new_case alice C-EMEA-4
answer alice C-EMEA-4 S1 '"x"' do-not-proceed
status alice sales ok "a submission that records no hard stops" C-EMEA-4 draft submitted
status rita reviewer PBHSP "is not approved, even as an override" C-EMEA-4 submitted awaiting-second-approval "fine" '{"decision":"approved","override":"why not"}'
status alice sales PBROL "sales cannot send it back" C-EMEA-4 submitted draft "resubmit"
status rita reviewer PBINV "sending back needs a reason" C-EMEA-4 submitted draft ""
status rita reviewer PBINV "nor one of a line separator (U+2028)" C-EMEA-4 submitted draft "$(printf '\342\200\250')"
status rita reviewer ok "rita sends it back" C-EMEA-4 submitted draft "submit it again with its hard stops"
status alice sales ok "alice submits it again, recording none" C-EMEA-4 draft submitted "" '{"outcome":"do-not-proceed","hard_stops":null}'
FP='{"answers_fingerprint":"'$(fp C-EMEA-4)'"}'
status rita reviewer ok "the override now waits for a second reviewer" C-EMEA-4 submitted awaiting-second-approval "fine" \
  '{"decision":"approved","override":"the end user is a port","answers_fingerprint":"'$(fp C-EMEA-4)'"}'
status rita reviewer ok "rita rejects instead" C-EMEA-4 awaiting-second-approval rejected "second thoughts" "$FP"
expect_value audrey "each submission is kept" "2" <<'SQL'
SELECT count(*) FROM probity.submissions WHERE case_id = 'C-EMEA-4';
SQL

echo "# The seal"
# A sign-off is what its signed event records (schema-v6.sql).
SIGN="INSERT INTO probity.sign_offs (case_id, revision, event_seq, role, name, decision, reason, conditions, time,
                                     report_sha256, answers_fingerprint, history_head, organisation,
                                     certificate_sha256, language)
        SELECT e.case_id, e.revision, e.seq, probity.data_get (e.data, 'role'), probity.data_get (e.data, 'name'),
               probity.data_get (e.data, 'decision'), e.reason, probity.data_get (e.data, 'conditions'), e.time,
               probity.data_get (e.data, 'report_sha256'), probity.data_get (e.data, 'answers_fingerprint'),
               probity.data_get (e.data, 'history_head'), probity.data_get (e.data, 'organisation'),
               probity.data_get (e.data, 'certificate_sha256'), probity.data_get (e.data, 'language')
          FROM probity.events e JOIN probity.cases c ON c.id = e.case_id AND e.seq = c.head_seq WHERE c.id = :'case';
      UPDATE probity.revisions SET status = 'signed', sealed = 1 WHERE case_id = :'case' AND revision = 1;"
signed_data () {
  printf '{"decision":"approved","conditions":null,"role":"reviewer","name":"%s","report_sha256":"r","answers_fingerprint":"%s","history_head":"h","language":"en"}' "$1" "$(fp C-EMEA-2)"
}
AFTER="$SIGN" append alice PBROL "sales cannot sign" C-EMEA-2 1 signed sales approved signed agreed "$(signed_data alice)"
AFTER="$SIGN" append rob PBWHO "a sign-off names who signs" C-EMEA-2 1 signed reviewer approved signed agreed "$(signed_data Rita)"
AFTER="$SIGN" append rob ok "rob signs" C-EMEA-2 1 signed reviewer approved signed agreed "$(signed_data rob)"
# Nothing about a case one may not change shows through the triggers'
# errors (schema-v11.sql): not its number of revisions, not its seal.
expect_refused sam "sam (apac) learns nothing from a revision of emea's case" 42501 <<'SQL'
INSERT INTO probity.revisions (case_id, revision, created) VALUES ('C-EMEA-2', 99, 'x');
SQL
expect_refused sam "nor from an answer to emea's signed case" 42501 <<'SQL'
INSERT INTO probity.answers (case_id, revision, question_id, value, "user", updated)
  VALUES ('C-EMEA-2', 1, 'S1', '"x"', 'sam', 'x');
SQL
expect_refused alice "a sealed answer cannot change" PBSEA <<'SQL'
UPDATE probity.answers SET value = '"changed"' WHERE case_id = 'C-EMEA-2';
SQL
expect_refused alice "a sealed answer cannot go" PBSEA <<'SQL'
SELECT probity.remove_answer ('C-EMEA-2', 1, 'S1');
SQL
expect_refused sam "sam (apac) cannot remove an answer of emea's case" 42501 <<'SQL'
SELECT probity.remove_answer ('C-EMEA-2', 1, 'S1');
SQL
expect_refused alice "no answer is added to a sealed revision" PBSEA <<'SQL'
INSERT INTO probity.answers (case_id, revision, question_id, value, "user", updated)
  VALUES ('C-EMEA-2', 1, 'S7', '"x"', 'alice', 'x');
SQL
expect_refused rob "a sealed decision cannot change" PBSEA <<'SQL'
UPDATE probity.revisions SET reason = 'other' WHERE case_id = 'C-EMEA-2';
SQL
answer alice C-EMEA-2 S5 '"late"' proceed PBSEA
expect_refused rob "a sign-off cannot change" 42501 <<'SQL'
UPDATE probity.sign_offs SET name = 'someone';
SQL
expect_refused postgres "not even by the database owner" PBAPP <<'SQL'
DELETE FROM probity.sign_offs;
SQL

echo "# Reopening"
REOPEN="INSERT INTO probity.revisions (case_id, revision, created, outcome, n_answers)
          SELECT case_id, 2, 'x', outcome, n_answers FROM probity.revisions WHERE case_id = :'case' AND revision = 1;
        INSERT INTO probity.answers (case_id, revision, question_id, value, comment, evidence_note, \"user\", updated)
          SELECT case_id, 2, question_id, value, comment, evidence_note, \"user\", updated FROM probity.answers
           WHERE case_id = :'case' AND revision = 1;
        UPDATE probity.cases SET current_revision = 2 WHERE id = :'case';"
BEFORE="$REOPEN" append alice PBROL "sales cannot reopen" C-EMEA-2 2 reopened sales 1 2 "new facts"
BEFORE="$REOPEN" append rob ok "a reviewer reopens, copying the answers" C-EMEA-2 2 reopened reviewer 1 2 "new facts"
expect_value alice "the copied answers keep who gave them" "alice" <<'SQL'
SELECT string_agg (DISTINCT "user", ',') FROM probity.answers WHERE case_id = 'C-EMEA-2' AND revision = 2;
SQL

echo "# Live update: a change is heard only by those who see the case, and names none"
# listener ROLE FILE SQL: ROLE runs SQL (its LISTENs) in the background,
# takes the snapshot it reads in, waits for $live/done, then reads the cases
# changed since as Probity does (pb-case-store-server.c); all it heard
# goes to FILE.
live=$(mktemp -d)
listeners=
listener () {
  printf '%s\n' "$3" "SELECT pg_current_snapshot ()::text AS mark \\gset" "SELECT 'listening';" \
    "\\! i=0; while [ ! -e '$live/done' ] && [ \$i -lt 600 ]; do sleep 0.1; i=\$((i + 1)); done" \
    "SELECT pg_sleep (0.5);" \
    "SELECT 'changed: ' || coalesce (string_agg (id, ','), '') FROM probity.cases
      WHERE changed_xact >= pg_snapshot_xmin (:'mark'::pg_snapshot)
        AND NOT pg_visible_in_snapshot (changed_xact, :'mark'::pg_snapshot);" "SELECT 'end';" |
    pg_as "$1" >"$2" 2>&1 &
  listeners="$listeners $!"
  i=0
  while ! grep -q '^listening' "$2" 2>/dev/null && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
}
expect_value sam "sam listens on one channel, whose name nobody can guess" "1|0" <<'SQL'
SELECT (SELECT count(*) FROM probity.my_channels () c WHERE c ~ '^probity_[0-9a-f]{40}$') || '|' ||
       (SELECT count(*) FROM probity.my_channels () c WHERE c = 'probity_cases');
SQL
expect_value sue "sue, sales and reviewer, listens on one channel, her own (schema 12)" "1" <<'SQL'
SELECT count(*) FROM probity.my_channels ();
SQL
expect_value audrey "the auditor listens on one channel" "1" <<'SQL'
SELECT count(*) FROM probity.my_channels ();
SQL
expect_value adam "the administrator, who reads no case, on none" "0" <<'SQL'
SELECT count(*) FROM probity.my_channels ();
SQL
expect_refused sam "sam cannot read the secret the channels are named from" 42501 <<'SQL'
SELECT secret FROM probity.listen_secret;
SQL
# Every channel there is, as if sam had learned their names: each
# member's, and those of before version 12 (each team's, the reviewers',
# the auditors') and version 9.
every=$(pg_as postgres <<'SQL'
SELECT string_agg (format ('LISTEN %I;', c), ' ') FROM (
  SELECT probity.listen_channel (s.secret, 'member ' || m.member) FROM probity.members m, probity.listen_secret s
  UNION ALL SELECT probity.listen_channel (s.secret, 'team ' || t.name) FROM probity.teams t, probity.listen_secret s
  UNION ALL SELECT probity.listen_channel (s.secret, a) FROM probity.listen_secret s, unnest (ARRAY['auditors', 'reviewers']) a
  UNION ALL SELECT 'probity_cases') x (c);
SQL
)
listener sam "$live/every" "$every"
listener sam "$live/own" "SELECT format ('LISTEN %I;', c) FROM probity.my_channels () c \\gexec"
listener sue "$live/sue" "SELECT format ('LISTEN %I;', c) FROM probity.my_channels () c \\gexec"
new_case alice C-EMEA-5
answer alice C-EMEA-5 S1 '"heard"' proceed
status alice sales ok "alice submits, for the reviewers' channel too" C-EMEA-5 draft submitted "" '{"outcome":"proceed","hard_stops":null}'
touch "$live/done"
wait $listeners
checks=$((checks + 1))
if grep -q '^Asynchronous notification "probity_[0-9a-f]*" received' "$live/every" &&
   ! grep -q 'C-EMEA\|payload' "$live/every" && grep -q '^changed: $' "$live/every"; then
  pass "sam, listening on every channel, hears that something changed, and no case id of emea"
else
  fail "sam listening on every channel: $(cat "$live/every")"
fi
checks=$((checks + 1))
if ! grep -q 'notification' "$live/own" && grep -q '^changed: $' "$live/own"; then
  pass "on his own channel sam hears nothing of emea's work"
else
  fail "sam on his own channel: $(cat "$live/own")"
fi
checks=$((checks + 1))
if grep -q '^Asynchronous notification "probity_[0-9a-f]*" received' "$live/sue" &&
   ! grep -q 'payload' "$live/sue" && grep -q '^changed: C-EMEA-5$' "$live/sue"; then
  pass "sue (emea) hears it on her channels and reads which case changed"
else
  fail "sue on her channels: $(cat "$live/sue")"
fi
rm -rf "$live"

echo "# A member moved out of a team hears it no more (schema 12)"
# tom, of emea, keeps his window open (its LISTENs) while adam moves him
# to apac; alice then makes an emea case. Until version 12 his channel
# was emea's, whose name never changed.
"$cli" db add-user "$admin" tom --role sales --team emea >/dev/null 2>&1 || fail "db add-user tom"
live=$(mktemp -d)
listeners=
tom_listens=$(pg_as tom <<'SQL'
SELECT string_agg (format ('LISTEN %I;', c), ' ') FROM probity.my_channels () c;
SQL
)
listener tom "$live/tom" "$tom_listens"
listener sue "$live/sue" "SELECT format ('LISTEN %I;', c) FROM probity.my_channels () c \\gexec"
checks=$((checks + 1))
if "$cli" db add-user "$(as adam)" tom --role sales --team apac >"$live/move" 2>&1; then
  pass "adam moves tom to apac"
else
  fail "adam moves tom to apac: $(cat "$live/move")"
fi
new_case alice C-EMEA-6
touch "$live/done"
wait $listeners
checks=$((checks + 1))
# From schema 14 he hears that he was moved (payload "member"), which a
# case's change never says.
if [ -n "$tom_listens" ] && grep -q '^Asynchronous notification "probity_[0-9a-f]*" with payload "member"' "$live/tom" &&
   ! grep 'notification' "$live/tom" | grep -qv 'with payload "member"' && grep -q '^changed: $' "$live/tom"; then
  pass "tom, moved out, hears that he was, and nothing of emea, on the channels he listened to"
else
  fail "tom after his move: $(cat "$live/tom")"
fi
checks=$((checks + 1))
if ! grep -q 'payload' "$live/sue"; then
  pass "sue hears nothing of tom's move"
else
  fail "sue heard of tom's move: $(cat "$live/sue")"
fi
checks=$((checks + 1))
if grep -q '^Asynchronous notification "probity_[0-9a-f]*" received' "$live/sue" &&
   grep -q '^changed: C-EMEA-6$' "$live/sue"; then
  pass "sue, who stays, hears it on the channel she listened to before"
else
  fail "sue after tom's move: $(cat "$live/sue")"
fi
expect_value tom "tom listens on the same one channel, now apac's cases'" "$(printf '%s' "$tom_listens" | sed 's/^LISTEN \(.*\);$/\1/')" <<'SQL'
SELECT string_agg (c, ' ') FROM probity.my_channels () c;
SQL
rm -rf "$live"

echo "# A group given back is heard on the member's own channel (schema 14)"
# The DBA took tom's group away by hand; adam gives it back through
# grant_group () alone, which changes no members row.
pg_as postgres -c "REVOKE probity_sales FROM tom" >/dev/null
live=$(mktemp -d)
listeners=
listener tom "$live/tom" "$tom_listens"
expect_ok adam "adam gives tom his group back" <<'SQL'
SELECT probity.grant_group ('tom', 'sales');
SQL
touch "$live/done"
wait $listeners
checks=$((checks + 1))
if grep -q '^Asynchronous notification "probity_[0-9a-f]*" with payload "member"' "$live/tom"; then
  pass "tom hears it, as his window does"
else
  fail "tom given his group back: $(cat "$live/tom")"
fi
expect_value tom "and acts in it" "sales" <<'SQL'
SELECT probity.session_role ();
SQL
rm -rf "$live"

echo "# A member whose login was dropped is told nothing, and no error"
# cases_changed () finds each member's role by name (schema 14): gone's
# row stays, his login does not; emea's next change is made, and heard.
"$cli" db add-user "$admin" gone --role sales --team emea >/dev/null 2>&1 || fail "db add-user gone"
expect_ok postgres "the DBA drops gone's login; his members row stays" <<SQL
SET ROLE probity_owner;
REVOKE CONNECT ON DATABASE "$PGDATABASE" FROM gone;
RESET ROLE;
DROP OWNED BY gone;
DROP ROLE gone;
SQL
live=$(mktemp -d)
listeners=
listener sue "$live/sue" "SELECT format ('LISTEN %I;', c) FROM probity.my_channels () c \\gexec"
new_case alice C-EMEA-7
touch "$live/done"
wait $listeners
checks=$((checks + 1))
if grep -q '^changed: C-EMEA-7$' "$live/sue" && grep -q '^Asynchronous notification' "$live/sue"; then
  pass "sue hears emea's change past gone's row"
else
  fail "sue after gone was dropped: $(cat "$live/sue")"
fi
rm -rf "$live"

echo "# Two writers on one case, and a client killed mid-transaction"
# wait_for SQL: polls (as the superuser) until SQL says t, up to a minute.
wait_for () {
  i=0
  while [ "$(pg_as postgres -c "$1")" != t ]; do
    i=$((i + 1))
    [ $i -lt 300 ] || return 1
    sleep 0.2
  done
}
SESSION_SQL="BEGIN; $ANSWER $EVENT_SQL"
fifo="$PROBITY_TEST_PG_DIR/client.fifo"
mkfifo "$fifo"
printf '%s\n' "$SESSION_SQL" "SELECT pg_sleep (4);" "COMMIT;" >"$sql_file.first"
pg_as sam -v case=C-APAC-1 -v rev=1 -v kind=answer-set -v role=sales -v old= -v new='"a"' -v reason= \
  -v data="$NO_NOTE" -v qid=S7 -v t="$(now)" <"$sql_file.first" >"$sql_file.out" 2>&1 &
first=$!
wait_for "SELECT count(*) = 1 FROM pg_stat_activity WHERE usename = 'sam' AND query LIKE '%pg_sleep%'" ||
  fail "the first writer never got to its sleep"
BEFORE="$ANSWER" append sam PBCHN "the second writer, who read the head before the first committed" \
  C-APAC-1 1 answer-set sales "" '"b"' "" "$NO_NOTE" S8
checks=$((checks + 1))
if wait $first; then pass "the first writer committed"; else fail "the first writer: $(cat "$sql_file.out")"; fi
rm -f "$sql_file.first" "$sql_file.out"

head=$(pg_as postgres -c "SELECT head_seq || ' ' || head_hash FROM probity.cases WHERE id = 'C-APAC-1'")
pg_as sam -v case=C-APAC-1 -v rev=1 -v kind=answer-set -v role=sales -v old= -v new='"killed"' -v reason= \
  -v data="$NO_NOTE" -v qid=S10 -v t="$(now)" <"$fifo" >/dev/null 2>&1 &
client=$!
exec 3>"$fifo"
printf '%s\n' "$SESSION_SQL" >&3
wait_for "SELECT count(*) = 1 FROM pg_stat_activity WHERE usename = 'sam' AND state = 'idle in transaction'" ||
  fail "the client never got inside its transaction"
kill -9 $client
exec 3>&-
wait $client 2>/dev/null
wait_for "SELECT count(*) = 0 FROM pg_stat_activity WHERE usename = 'sam'" || fail "the killed client's session stayed"
expect_value postgres "the killed client's event is gone, the head unchanged" "$head|0" <<'SQL'
SELECT head_seq || ' ' || head_hash || '|' || (SELECT count(*) FROM probity.answers WHERE case_id = 'C-APAC-1' AND question_id = 'S10')
  FROM probity.cases WHERE id = 'C-APAC-1';
SQL
answer sam C-APAC-1 S10 '"after"' proceed

echo "# Backup, restore and the server's check of the history"
expect_value audrey "every history holds" "" <<'SQL'
SELECT * FROM probity.check_history ();
SQL
dump="$PROBITY_TEST_PG_DIR/probity.dump"
checks=$((checks + 1))
if pg_dump -U postgres -Fc -f "$dump" probity && createdb -U postgres restored &&
   pg_restore -U postgres -d restored --exit-on-error "$dump"; then
  pass "pg_dump and pg_restore"
else
  fail "pg_dump and pg_restore"
fi
expect_value audrey "the restored copy holds every case and event" \
  "$(pg_as audrey -c "SELECT count(*) || '|' || (SELECT count(*) FROM probity.events) FROM probity.cases")" -d restored <<'SQL'
SELECT count(*) || '|' || (SELECT count(*) FROM probity.events) FROM probity.cases;
SQL
expect_value audrey "and its histories hold" "" -d restored <<'SQL'
SELECT * FROM probity.check_history ();
SQL
expect_refused postgres "the restored copy keeps its rules" PBAPP -d restored <<'SQL'
DELETE FROM probity.events;
SQL
expect_value sam "and its teams" "0" -d restored <<'SQL'
SELECT count(*) FROM probity.cases WHERE team <> 'apac';
SQL
# Only a superuser switching the triggers off can edit the history; the
# check then names the event.
pg_as postgres -d restored <<'SQL'
ALTER TABLE probity.events DISABLE TRIGGER USER;
UPDATE probity.events SET reason = 'rewritten' WHERE case_id = 'C-EMEA-1' AND seq = 2;
DELETE FROM probity.events WHERE case_id = 'C-EMEA-2' AND seq = 3;
ALTER TABLE probity.events ENABLE TRIGGER USER;
SQL
expect_value audrey "the check finds an altered and a missing event" \
  "C-EMEA-1|2|the event was altered: it does not hash to its hash
C-EMEA-2|4|an event before this one is missing" -d restored <<'SQL'
SELECT * FROM probity.check_history ();
SQL

finish
