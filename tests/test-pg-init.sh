#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# probity-cli db init / add-user / status on a throwaway cluster: installs,
# changes nothing the second time, refuses a newer or foreign schema and a
# non-superuser, and takes hostile names as names, never as SQL.
#   pg-cluster.sh run test-pg-init.sh PROBITY-CLI
set -u

here=$(dirname "$0")
. "$here/pg-test-lib.sh"
# The server's rules, tried past probity.gate () (pg-test-lib.sh).
PAST_GATE=1
cli=${1:?usage: test-pg-init.sh PROBITY-CLI}
admin="host=$PGHOST dbname=$PGDATABASE user=postgres"
log=$(mktemp)
# The questionnaires written here: a folder of this run's own (other runs
# of this script may share /tmp).
files=$(mktemp -d)
trap 'rm -rf "$log" "$log.before" "$sql_file" "$files"' EXIT

run_cli "a database that is not set up" 0 "Schema version: 0" db status "$admin"
run_cli "db init installs version 19" 0 "Installed Probity schema version 19" db init "$admin"
run_cli "db init again changes nothing" 0 "already holds Probity schema version 19; nothing changed" db init "$admin"
# A Probity of the same schema version with statements the server lacks
# (a newer build): its db init registers them, and says how many.
cat >"$sql_file" <<'SQL'
ALTER TABLE probity.statements DISABLE TRIGGER statements_append_only;
WITH d AS (DELETE FROM probity.statements WHERE sql LIKE 'INSERT INTO answers%' RETURNING 1) SELECT count(*) FROM d;
ALTER TABLE probity.statements ENABLE TRIGGER statements_append_only;
SQL
struck=$(pg_as postgres <"$sql_file")
[ "${struck:-0}" -gt 0 ] || fail "no statement struck to register again: $struck"
run_cli "db init registers the statements the server lacks" 0 "Registered $struck statements\? of this Probity" \
  db init "$admin"
if grep -q "nothing changed" "$log"; then fail "db init registered statements and said nothing changed: $(cat "$log")"; fi
run_cli "and then changes nothing" 0 "already holds Probity schema version 19; nothing changed" db init "$admin"
expect_value postgres "each version recorded once, the roles made" "19|7|true" <<'SQL'
SELECT (SELECT count(*) FROM probity.probity_schema) || '|' ||
       (SELECT count(*) FROM pg_roles WHERE rolname LIKE 'probity\_%' AND NOT rolcanlogin) || '|' ||
       (SELECT pg_get_userbyid (nspowner) = 'probity_owner' FROM pg_namespace WHERE nspname = 'probity');
SQL
shipped=$(for f in "$PB_SOURCE_ROOT"/questionnaires/*.xml; do sha256sum "$f" | cut -c1-64; done | sort | tr '\n' ' ')
expect_value postgres "db init approves the questionnaires Probity ships, and only them" "$shipped" <<'SQL'
SELECT string_agg (sha256, ' ' ORDER BY sha256) || ' ' FROM probity.approved_questionnaires;
SQL
expect_value postgres "the second time too" "$(echo "$shipped" | wc -w)" <<'SQL'
SELECT count(*) FROM probity.approved_questionnaires;
SQL
expect_value postgres "db init keeps a store id and the rating method" "true|36" <<'SQL'
SELECT ((SELECT value FROM probity.meta WHERE key = 'cache-method') ~ '^[0-9]+$')::text || '|' ||
       (SELECT length (value) FROM probity.meta WHERE key = 'store-uid');
SQL
pg_as postgres -c "CREATE ROLE stranger LOGIN" >/dev/null
checks=$((checks + 1))
if pg_as stranger -c "LISTEN probity_cases" >"$log" 2>&1; then
  fail "a login with no Probity role connected, and listens"
elif grep -q "permission denied for database" "$log"; then
  pass "a login with no Probity role cannot connect to the database: $(head -n1 "$log")"
else
  fail "a login with no Probity role: another error: $(cat "$log")"
fi
run_cli "a reviewer for the store's functions" 0 "may now log in" db add-user "$admin" ruth --role reviewer
expect_value ruth "the store's text functions fold as g_utf8_casefold does" "true|true|false|école|" <<'SQL'
SELECT probity.pb_contains ('Straße Überwachung GmbH', 'strasse überw')::text || '|' ||
       probity.pb_contains ('ACME Corp', 'acme')::text || '|' || probity.pb_contains ('ACME', 'x')::text || '|' ||
       probity.pb_casefold ('ÉCOLE') || '|' || coalesce (probity.pb_contains (NULL, 'x')::text, '');
SQL
# db init's install lock is an advisory lock, which any login may take:
# ruth holds it, and db init stops after its lock time-out, saying so,
# instead of waiting as long as she likes (review14d G4).
pg_as ruth -c "SELECT pg_advisory_lock (1346524249), pg_sleep (60)" >/dev/null 2>&1 &
holder=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do
  [ "$(pg_as postgres -c "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 1346524249 AND granted")" = 1 ] &&
    break
  sleep 0.5
done
run_cli "a member holding the install lock stops db init, which says so" 1 "another session held a lock" \
  db init "$admin"
pg_as postgres -c "SELECT pg_terminate_backend (pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = 1346524249" \
  >/dev/null
wait "$holder"
run_cli "once it is let go, db init runs" 0 "" db init "$admin"
run_cli "an unknown db command" 2 "unknown db command" db frobnicate
run_cli "a connection string that is not one" 1 "neither a postgresql:// URI" db init "host=$PGHOST password=secret nonsense"
checks=$((checks + 1))
if grep -q secret "$log"; then fail "the password was printed: $(cat "$log")"; else pass "no password in the message"; fi
run_cli "a server that is not there" 1 "Could not connect" db init "host=$PGHOST port=1 dbname=probity user=postgres"
run_cli "add-user needs a role" 2 "give the role" db add-user "$admin" someone

# Hostile names: quotes, semicolons, SQL. Each is a name and nothing else.
evil="o'brien\"; DROP TABLE probity.events; --"
team="team'); DELETE FROM probity.members; --"
run_cli "a hostile name and team" 0 "may now log in" db add-user "$admin" "$evil" --role sales --team "$team"
expect_value postgres "the role has exactly that name, in exactly that team" "1|1|1" -v evil="$evil" -v team="$team" <<'SQL'
SELECT (SELECT count(*) FROM pg_roles WHERE rolname = :'evil' AND rolcanlogin) || '|' ||
       (SELECT count(*) FROM probity.members WHERE member = :'evil' AND team = :'team') || '|' ||
       (SELECT count(*) FROM pg_class WHERE relname = 'events' AND relnamespace = 'probity'::regnamespace);
SQL
checks=$((checks + 1))
if "$cli" db status "host=$PGHOST dbname=$PGDATABASE user='o\\'brien\"; DROP TABLE probity.events; --'" >"$log" 2>&1 &&
   grep -q "Role: sales" "$log" && grep -q "Team: $team" "$log"; then
  pass "the hostile name logs in and acts in sales"
else
  fail "db status as the hostile name: $(cat "$log")"
fi
run_cli "a Probity group is not a person" 1 "Probity's own roles" db add-user "$admin" probity_owner --role admin
run_cli "nor is a superuser" 1 "superuser" db add-user "$admin" postgres --role sales --team x
run_cli "an unknown role" 1 "is not a Probity role" db add-user "$admin" bob --role boss
run_cli "sales without a team" 1 "needs a team" db add-user "$admin" bob --role sales
run_cli "a reviewer" 0 "may now log in to Probity as reviewer" db add-user "$admin" rita --role reviewer --name "Rita Ångström"
run_cli "the reviewer's status" 0 "Role: reviewer" db status "host=$PGHOST dbname=$PGDATABASE user=rita"
run_cli "the reviewer signs under her name" 0 "Signs as: Rita Ångström" db status "host=$PGHOST dbname=$PGDATABASE user=rita"
run_cli "only a superuser installs" 1 "needs a superuser" db init "host=$PGHOST dbname=$PGDATABASE user=rita"
run_cli "a reviewer cannot add people" 1 "may not add people" db add-user "host=$PGHOST dbname=$PGDATABASE user=rita" eve --role reviewer

# db init waits for a lock on a table at most 20 s, less when the session's
# own lock_timeout says so (here 2 s, through PGOPTIONS): an upgrade behind
# a long read gives up, changes nothing, and says why and what to do.
pg_as postgres -d postgres -c "CREATE DATABASE locked" >/dev/null
{ echo "BEGIN;"; cat "$PB_SOURCE_ROOT/app/storage/postgresql/roles.sql" "$PB_SOURCE_ROOT/app/storage/postgresql/schema-v1.sql"
  echo "INSERT INTO probity.probity_schema VALUES (1, 'then'); COMMIT;"; } | pg_as postgres -d locked >/dev/null
PGAPPNAME=long-read pg_as postgres -d locked >/dev/null 2>&1 <<'SQL' &
BEGIN;
DO $$ DECLARE t text;
BEGIN
  FOR t IN SELECT format ('%I.%I', schemaname, tablename) FROM pg_tables WHERE schemaname = 'probity' LOOP
    EXECUTE 'LOCK TABLE ' || t || ' IN ACCESS SHARE MODE';
  END LOOP;
END $$;
SELECT pg_sleep (120);
COMMIT;
SQL
reader=$!
for _ in $(seq 100); do
  held=$(pg_as postgres -d locked -Atc "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid)
                                       WHERE a.application_name = 'long-read' AND l.relation = 'probity.cases'::regclass")
  [ "$held" = 1 ] && break
  sleep 0.1
done
export PGOPTIONS="-c lock_timeout=2s"
run_cli "db init behind a long read gives up, saying why" 1 \
  "another session held a lock on Probity’s tables for 2 seconds .*nothing was changed. Try again once it is done" \
  db init "host=$PGHOST dbname=locked user=postgres"
unset PGOPTIONS
expect_value postgres "nothing was changed" "1" -d locked <<'SQL'
SELECT string_agg (version::text, ',') FROM probity.probity_schema;
SQL
pg_as postgres -d locked -Atc "SELECT pg_terminate_backend (pid) FROM pg_stat_activity
                               WHERE application_name = 'long-read'" >/dev/null
wait "$reader" 2>/dev/null
run_cli "once it is done, db init upgrades" 0 "from Probity schema version 1 to" \
  db init "host=$PGHOST dbname=locked user=postgres"

# A server of schema version 1 (as the first Probity with a server left
# it) is upgraded: the case list gets the indexes of each role's rows.
pg_as postgres -d postgres -c "CREATE DATABASE v1"
{ echo "BEGIN;"; cat "$PB_SOURCE_ROOT/app/storage/postgresql/roles.sql" "$PB_SOURCE_ROOT/app/storage/postgresql/schema-v1.sql"
  echo "INSERT INTO probity.probity_schema VALUES (1, 'then'); COMMIT;"; } | pg_as postgres -d v1 >/dev/null
run_cli "db init upgrades version 1" 0 "from Probity schema version 1 to 19" db init "host=$PGHOST dbname=v1 user=postgres"
expect_value postgres "the upgrade is recorded and indexes each role's rows" "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19|2" -d v1 <<'SQL'
SELECT (SELECT string_agg (version::text, ',' ORDER BY version) FROM probity.probity_schema) || '|' ||
       (SELECT count(*) FROM pg_indexes WHERE schemaname = 'probity' AND indexname IN ('case_list_by_team', 'case_list_submitted'));
SQL
expect_value postgres "and the import function of version 3" "t" -d v1 <<'SQL'
SELECT (to_regprocedure ('probity.import_case(text,jsonb,text)') IS NOT NULL)::text::char;
SQL
expect_value postgres "and the word search of version 4, on indexes" "t|2" -d v1 <<'SQL'
SELECT (to_regprocedure ('probity.search_cases(text)') IS NOT NULL)::text::char || '|' ||
       (SELECT count(*) FROM pg_indexes WHERE schemaname = 'probity' AND indexname IN ('answers_search', 'evidence_search'));
SQL

# A server of schema version 4 holding cases is upgraded to version 19 (the
# same rules at less CPU per save, and those of versions 6 to 19): every chain still
# verifies, event for event the same, the case list is what the cases say,
# and saving goes on.
pg_as postgres -d postgres -c "CREATE DATABASE v4"
method=$(echo "SELECT value FROM probity.meta WHERE key = 'cache-method'" | pg_as postgres)
{ echo "BEGIN;"
  for f in roles schema-v1 schema-v2 schema-v3 schema-v4; do cat "$PB_SOURCE_ROOT/app/storage/postgresql/$f.sql"; done
  echo "INSERT INTO probity.probity_schema VALUES (1, 'then'), (2, 'then'), (3, 'then'), (4, 'then');"
  echo "INSERT INTO probity.meta VALUES ('store-uid', gen_random_uuid ()::text), ('cache-method', '$method');"
  echo "SELECT probity.add_member ('vera', 'sales', 'north'), probity.add_member ('rolf', 'reviewer'),"
  echo "       probity.add_member ('ulla', 'auditor'); COMMIT;"; } | pg_as postgres -d v4 >/dev/null
v4="host=$PGHOST dbname=v4 user"
cases=""
for n in 1 2; do
  id=$("$cli" case new --db "$v4=vera" --customer "Kept $n" --country FR --product Camera 2>"$log") ||
    fail "a case on version 4: $(cat "$log")"
  "$cli" case answer --db "$v4=vera" "$id" S1.01 "A camera, answer $n" >"$log" 2>&1 &&
    "$cli" case answer --db "$v4=vera" "$id" S1.01 "A camera, answer $n, changed" >"$log" 2>&1 ||
    fail "answers on version 4: $(cat "$log")"
  cases="$cases${cases:+ }$id"
done
"$cli" case import-answers --db "$v4=vera" "$id" "$PB_SOURCE_ROOT/tests/data/answers/morpho-shanghai-psb.json" >"$log" 2>&1 &&
  "$cli" case submit --db "$v4=vera" "$id" >"$log" 2>&1 || fail "a submission on version 4: $(cat "$log")"
echo "SELECT string_agg (case_id || seq || hash, ',' ORDER BY case_id, seq) FROM probity.events" | pg_as postgres -d v4 >"$log.before"
run_cli "db init upgrades version 4 holding cases" 0 "from Probity schema version 4 to 19" db init "host=$PGHOST dbname=v4 user=postgres"
checks=$((checks + 1))
if echo "SELECT string_agg (case_id || seq || hash, ',' ORDER BY case_id, seq) FROM probity.events" |
   pg_as postgres -d v4 | cmp -s - "$log.before" && [ "$(wc -c <"$log.before")" -gt 100 ]; then
  pass "every event kept, hash for hash"
else
  fail "the events changed in the upgrade"
fi
for id in $cases; do
  run_cli "the auditor verifies $id after the upgrade" 0 "OK" case verify --db "$v4=ulla" "$id"
done
run_cli "a save goes on after the upgrade" 0 "" case answer --db "$v4=vera" ${cases%% *} S1.01 "A camera, after"
run_cli "vera lists her cases after the upgrade: her team sees their customers" 0 "Kept 1" case list --db "$v4=vera"
# The groups are the cluster's (review14c F3): ruth, a reviewer of the
# first database only, neither connects here nor, let in by hand, acts.
checks=$((checks + 1))
if pg_as ruth -d v4 -c "SELECT count(*) FROM probity.members" >"$log" 2>&1; then
  fail "a reviewer of another database connected, and read its members: $(cat "$log")"
elif grep -q "permission denied for database" "$log"; then
  pass "a reviewer of another database does not connect: $(head -n1 "$log")"
else
  fail "a reviewer of another database: another error: $(cat "$log")"
fi
pg_as postgres -d v4 -c "GRANT CONNECT ON DATABASE v4 TO ruth" >/dev/null
expect_value ruth "let in by hand, she holds no role here" "f|f|none" -d v4 -v case="$id" <<'SQL'
SELECT probity.holds ('reviewer')::text::char || '|' || probity.may_write (:'case')::text::char || '|' ||
       coalesce (probity.session_role (), 'none');
SQL
run_cli "nor decides a case" 1 "" case decide --db "$v4=ruth" --role reviewer "$id" --decision rejected \
  --reason "Not mine to decide"
pg_as postgres -d v4 -c "REVOKE CONNECT ON DATABASE v4 FROM ruth" >/dev/null
# A role counts where it was given (review14d G6): ruth, made a sales
# person in v4, is no sales person in the first database.
run_cli "ruth is made a sales person in v4" 0 "may now log in" \
  db add-user "host=$PGHOST dbname=v4 user=postgres" ruth --role sales --team north
# A reviewer of the first database made one of v4 too: already in the
# cluster's group, which the server says in a notice, for debugging only.
run_cli "noel reviews in the first database" 0 "may now log in" db add-user "$admin" noel --role reviewer
run_cli "and in v4, with no notice of the group he is in already" 0 "may now log in" \
  db add-user "host=$PGHOST dbname=v4 user=postgres" noel --role reviewer
if grep -q "NOTICE" "$log"; then fail "db add-user printed the server's notice: $(cat "$log")"; fi
expect_value ruth "in the first database she still only reviews" "t|f" <<'SQL'
SELECT probity.holds ('reviewer')::text::char || '|' || probity.holds ('sales')::text::char;
SQL
expect_value ruth "in v4 she only sells" "f|t" -d v4 <<'SQL'
SELECT probity.holds ('reviewer')::text::char || '|' || probity.holds ('sales')::text::char;
SQL
run_cli "the reviewer decides after the upgrade" 0 "" case decide --db "$v4=rolf" --role reviewer "$id" \
  --decision rejected --reason "Not enough is known"
expect_value ulla "the server's own check finds every chain whole, the list what the cases say" "0|0|rejected" \
  -d v4 -v case="$id" <<'SQL'
SELECT (SELECT count(*) FROM probity.check_history ()) || '|' ||
       (SELECT count(*) FROM probity.case_list l JOIN probity.cases c ON c.id = l.case_id
          JOIN probity.revisions r ON r.case_id = c.id AND r.revision = c.current_revision
         WHERE (l.updated, l.status, l.decision, l.outcome, l.submitted)
               IS DISTINCT FROM (c.updated, r.status, r.decision, r.outcome, c.submitted)) || '|' ||
       (SELECT status FROM probity.case_list WHERE case_id = :'case');
SQL
expect_refused vera "after the upgrade an altered event is still refused" PBCHN -d v4 -v case="${cases%% *}" <<'SQL'
INSERT INTO probity.events (case_id, seq, revision, time, "user", kind, prev_hash, hash, role)
SELECT id, head_seq + 1, 1, to_char (now () AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), 'vera',
       'answer-set', head_hash, repeat ('1', 64), 'sales' FROM probity.cases WHERE id = :'case';
SQL
expect_refused vera "and an answer in someone else's name" PBWHO -d v4 -v case="${cases%% *}" <<'SQL'
UPDATE probity.answers SET "user" = 'rolf' WHERE case_id = :'case';
SQL

# A server of schema version 6 holding cases, one of them pinned to a copy
# of the shipped questionnaire with the EU list's hard stop demoted (what
# version 7 closes), is upgraded: every case there stays usable, its
# questionnaire approved, and db init names the one Probity does not ship.
pg_as postgres -d postgres -c "CREATE DATABASE v6"
{ echo "BEGIN;"
  for f in roles schema-v1 schema-v2 schema-v3 schema-v4 schema-v5 schema-v6; do
    cat "$PB_SOURCE_ROOT/app/storage/postgresql/$f.sql"
  done
  echo "INSERT INTO probity.probity_schema SELECT v, 'then' FROM generate_series (1, 6) v;"
  echo "INSERT INTO probity.meta VALUES ('store-uid', gen_random_uuid ()::text), ('cache-method', '$method');"
  echo "SELECT probity.add_member ('vic', 'sales', 'west'), probity.add_member ('uma', 'auditor'); COMMIT;"; } |
  pg_as postgres -d v6 >/dev/null
v6="host=$PGHOST dbname=v6 user"
doctored=$files/surveillance-export.xml
sed 's/<rule id="LIST-EU" severity="critical" hard-stop="true"/<rule id="LIST-EU" severity="low" hard-stop="false"/' \
  "$PB_SOURCE_ROOT/questionnaires/surveillance-export.xml" >"$doctored"
doctored_sha=$(sha256sum "$doctored" | cut -c1-64)
kept=$("$cli" case new --db "$v6=vic" --customer "Kept" --country FR --product Camera 2>"$log") ||
  fail "a case on version 6: $(cat "$log")"
pinned=$("$cli" case new --db "$v6=vic" --customer "Pinned" --country FR --product Camera \
           --questionnaire "$doctored" 2>"$log") || fail "a doctored case on version 6: $(cat "$log")"
run_cli "db init upgrades version 6 holding cases, naming the questionnaire Probity does not ship" 0 \
  "the questionnaire “surveillance-export” 2.1.0 (sha256 $doctored_sha), which this Probity does not ship, was approved by the upgrade" \
  db init "host=$PGHOST dbname=v6 user=postgres"
checks=$((checks + 1))
if grep -q "from Probity schema version 6 to 19" "$log" && [ "$(grep -c "does not ship" "$log")" -eq 1 ]; then
  pass "the upgrade is said, and only that questionnaire named"
else
  fail "db init on version 6: $(cat "$log")"
fi
expect_value uma "what the cases use, and what Probity ships, is approved" "$(($(echo "$shipped" | wc -w) + 1))|0" \
  -d v6 <<'SQL'
SELECT (SELECT count(*) FROM probity.approved_questionnaires) || '|' ||
       (SELECT count(*) FROM probity.cases c WHERE NOT EXISTS
          (SELECT 1 FROM probity.approved_questionnaires a WHERE a.sha256 = c.questionnaire_sha256));
SQL
expect_value uma "only that approval is marked the upgrade's, not reviewed" "$doctored_sha" -d v6 <<'SQL'
SELECT string_agg (sha256, ',') FROM probity.approved_questionnaires WHERE probity.approval_state (sha256) = 'unreviewed';
SQL
run_cli "db approve lists it for an administrator to review" 0 \
  "surveillance-export .*$doctored_sha .*(not shipped with this Probity); approved by the upgrade, NOT REVIEWED" \
  db approve "$v6=uma"
for id in $kept $pinned; do
  run_cli "the auditor verifies $id after the upgrade" 0 "OK" case verify --db "$v6=uma" "$id"
  run_cli "and its creator goes on answering" 0 "" case answer --db "$v6=vic" "$id" S1.01 "A camera"
done
sed 's/<rule id="LIST-EU" severity="low"/<rule id="LIST-EU" severity="medium"/' "$doctored" >"$doctored.2"
run_cli "after the upgrade another changed copy is refused" 1 "approved the questionnaire “surveillance-export” 2.1.0" \
  case new --db "$v6=vic" --customer "Again" --country FR --product Camera --questionnaire "$doctored.2"

# A server upgraded to version 7 or 8 before (as the last Probity left it):
# its approvals of the cases' questionnaires, made then, are marked now.
pg_as postgres -d postgres -c "CREATE DATABASE v8"
{ echo "BEGIN;"
  for f in roles schema-v1 schema-v2 schema-v3 schema-v4 schema-v5 schema-v6; do
    cat "$PB_SOURCE_ROOT/app/storage/postgresql/$f.sql"
  done
  echo "INSERT INTO probity.probity_schema SELECT v, 'then' FROM generate_series (1, 6) v;"
  echo "INSERT INTO probity.meta VALUES ('store-uid', gen_random_uuid ()::text), ('cache-method', '$method');"
  echo "SELECT probity.add_member ('vic', 'sales', 'west'), probity.add_member ('uma', 'auditor'),"
  echo "       probity.add_member ('ann', 'admin'); COMMIT;"; } | pg_as postgres -d v8 >/dev/null
v8="host=$PGHOST dbname=v8 user"
kept=$("$cli" case new --db "$v8=vic" --customer "Kept" --country FR --product Camera 2>"$log") ||
  fail "a case on version 6: $(cat "$log")"
pinned=$("$cli" case new --db "$v8=vic" --customer "Pinned" --country FR --product Camera \
           --questionnaire "$doctored" 2>"$log") || fail "a doctored case on version 6: $(cat "$log")"
# And one on country reference data of the sales person's choice (review14b
# E1: a copy with an embargo emptied), which the upgrade approves.
python3 - "$PROBITY_COUNTRIES" "$files/countries-doctored.json" <<'PY2'
import json, sys
json.dump(json.load(open(sys.argv[1])), open(sys.argv[2], "w"), indent=1, ensure_ascii=False)
PY2
ref_sha=$(sha256sum "$files/countries-doctored.json" | cut -c1-64)
ref_case=$(PROBITY_COUNTRIES=$files/countries-doctored.json "$cli" case new --db "$v8=vic" --customer "Reference" \
             --country RU --product Camera 2>"$log") || fail "a case on other reference data: $(cat "$log")"
sleep 1
{ echo "BEGIN;"; cat "$PB_SOURCE_ROOT/app/storage/postgresql/schema-v7.sql" "$PB_SOURCE_ROOT/app/storage/postgresql/schema-v8.sql"
  echo "INSERT INTO probity.probity_schema VALUES (7, 'later'), (8, 'later');"
  for f in "$PB_SOURCE_ROOT"/questionnaires/*.xml; do
    echo "INSERT INTO probity.approved_questionnaires SELECT sha256, 'postgres', now () FROM probity.questionnaires"
    echo "  WHERE sha256 = '$(sha256sum "$f" | cut -c1-64)' ON CONFLICT DO NOTHING;"
  done
  echo "COMMIT;"; } | pg_as postgres -d v8 >/dev/null
run_cli "db init upgrades version 8, naming the approval the upgrade to 7 made" 0 \
  "the questionnaire “surveillance-export” 2.1.0 (sha256 $doctored_sha), which this Probity does not ship, was approved by the upgrade" \
  db init "host=$PGHOST dbname=v8 user=postgres"
checks=$((checks + 1))
if grep -q "from Probity schema version 8 to 19" "$log"; then pass "from version 8"
else fail "db init on version 8: $(cat "$log")"; fi
# review14c F1: the upgrade approved the sales person's reference data for
# every new case; the administrator is told, and every reader of its cases.
checks=$((checks + 1))
if grep -q "the country reference data .*$ref_sha.*which this Probity neither ships nor uses, was approved by the upgrade" "$log" &&
   [ "$(grep -c "country reference data" "$log")" -eq 1 ]; then
  pass "db init names the reference data the upgrade approved, and only it"
else
  fail "db init on version 8 and other reference data: $(cat "$log")"
fi
run_cli "db approve --reference lists it as the upgrade's, not reviewed" 0 \
  "$ref_sha  by postgres, .* (neither shipped with nor used by this Probity); approved by the upgrade, NOT REVIEWED" \
  db approve "$v8=uma" --reference
run_cli "case show says the case's reference data is none Probity vouches for" 0 \
  "Warning: country reference data this Probity neither ships nor uses, and that no administrator approved" \
  case show --db "$v8=uma" "$ref_case"
run_cli "a case on the data in use says nothing of it" 0 "Country data:" case show --db "$v8=uma" "$kept"
checks=$((checks + 1))
if grep -q "neither ships nor uses" "$log"; then fail "a case on the data in use: $(cat "$log")"
else pass "no warning on the data in use"; fi
run_cli "the report of it is written" 0 "" report "$ref_case" -o "$files/reference.pdf" --db "$v8=uma"
checks=$((checks + 1))
if pdftotext -f 1 -l 1 "$files/reference.pdf" - 2>/dev/null | tr '\n' ' ' |
     grep -q "Country reference data this Probity neither ships nor uses"; then
  pass "its first page says so"
else
  fail "page 1 of a report on other reference data: $(pdftotext -f 1 -l 1 "$files/reference.pdf" - | head -40)"
fi
run_cli "the administrator writes it out to check it" 0 "Wrote the country reference data .*(sha256 $ref_sha)" \
  case questionnaire --reference --db "$v8=uma" "$ref_case" -o "$files/reference.json"
checks=$((checks + 1))
if cmp -s "$files/reference.json" "$files/countries-doctored.json"; then pass "the exact bytes"
else fail "case questionnaire --reference wrote other bytes"; fi
expect_value uma "only that approval is marked not reviewed" "$doctored_sha" -d v8 <<'SQL'
SELECT string_agg (sha256, ',') FROM probity.approved_questionnaires WHERE probity.approval_state (sha256) = 'unreviewed';
SQL
expect_value uma "the reference data the cases pin is approved, as the upgrade's" "t|0" -d v8 <<'SQL'
SELECT (SELECT bool_and (by_upgrade) FROM probity.approved_reference_data a
         WHERE EXISTS (SELECT 1 FROM probity.cases c WHERE c.reference_sha256 = a.sha256))::text::char || '|' ||
       (SELECT count(*) FROM probity.cases c WHERE NOT EXISTS
          (SELECT 1 FROM probity.approved_reference_data a WHERE a.sha256 = c.reference_sha256));
SQL
# review14c F1 on the server (schema 12): the upgrade's approval of the
# sales person's data is "unreviewed" and admits no new case, by any
# client; db init approved again the data it ships and uses.
expect_value uma "the upgrade's approval of other reference data is not reviewed; the data in use is approved" \
  "unreviewed|approved" -d v8 -v sha="$ref_sha" -v in_use="$(sha256sum "$PROBITY_COUNTRIES" | cut -c1-64)" <<'SQL'
SELECT probity.reference_approval_state (:'sha') || '|' || probity.reference_approval_state (:'in_use');
SQL
# doctored_case WHAT STATUS PATTERN: vic's Probity makes a case on that data.
doctored_case () {
  saved_countries=$PROBITY_COUNTRIES
  export PROBITY_COUNTRIES="$files/countries-doctored.json"
  run_cli "$1" "$2" "$3" case new --db "$v8=vic" --customer "Again" --country RU --product Camera
  export PROBITY_COUNTRIES="$saved_countries"
}
doctored_case "a new case on the data only the upgrade approved is refused" 1 "only the upgrade of this server approved"
run_cli "a new case on the data in use is made" 0 "" \
  case new --db "$v8=vic" --customer "Again" --country RU --product Camera
expect_refused vic "a sales person cannot approve it by hand" 42501 -d v8 -v sha="$ref_sha" <<'SQL'
INSERT INTO probity.reference_approval_changes (sha256, change) VALUES (:'sha', 'approved');
SQL
expect_refused ann "an administrator cannot mark an approval unreviewed" 42501 -d v8 -v sha="$ref_sha" <<'SQL'
INSERT INTO probity.reference_approval_changes (sha256, change) VALUES (:'sha', 'unreviewed');
SQL
expect_refused ann "nor change or delete a change" 42501 -d v8 <<'SQL'
DELETE FROM probity.reference_approval_changes;
SQL
run_cli "the administrator reviews it and approves it again" 0 "Approved the country reference data .*$ref_sha) again" \
  db approve "$v8=ann" --reference --changed-copy "$files/countries-doctored.json"
doctored_case "then a new case pins it" 0 ""
run_cli "the administrator withdraws it" 0 "Withdrew the approval of the country reference data" \
  db approve "$v8=ann" --reference --withdraw "$ref_sha" --reason "Russia's embargo emptied"
doctored_case "then no new case pins it" 1 "approval ann withdrew on .*Russia's embargo emptied"
run_cli "the list says who withdrew it, and why" 0 "$ref_sha  by postgres, .*WITHDRAWN by ann, .*: Russia's embargo emptied" \
  db approve "$v8=uma" --reference
run_cli "no new case is pinned to it until it is reviewed (schema 12)" 1 "only the upgrade of this server approved" \
  case new --db "$v8=vic" --customer "Again" --country FR --product Camera --questionnaire "$doctored"
run_cli "the administrator withdraws it" 0 "Withdrew the approval" \
  db approve "$v8=ann" --withdraw "$doctored" --reason "A hard stop demoted"
run_cli "then no new case is pinned to it" 1 "was withdrawn by ann" \
  case new --db "$v8=vic" --customer "Again" --country FR --product Camera --questionnaire "$doctored"
run_cli "and the case pinned to it before says so" 0 "withdrawn by ann, .*A hard stop demoted" \
  case show --db "$v8=vic" "$pinned"
run_cli "the list says who withdrew it, and why" 0 \
  "surveillance-export .*$doctored_sha .*WITHDRAWN by ann, .*: A hard stop demoted" db approve "$v8=uma"
rm -f "$doctored" "$doctored.2"

# A server of version 10 holding values beyond version 11's limits (an
# answer of 300 KB typed by hand, a customer's notes of 70 KB): the
# upgrade keeps them as they are and bounds what is written from then on.
# Its case is made on version 6, which approves nothing, then versions 7
# to 10 are installed as the last Probity did.
pg_as postgres -d postgres -c "CREATE DATABASE v10"
{ echo "BEGIN;"
  for f in roles schema-v1 schema-v2 schema-v3 schema-v4 schema-v5 schema-v6; do
    cat "$PB_SOURCE_ROOT/app/storage/postgresql/$f.sql"
  done
  echo "INSERT INTO probity.probity_schema SELECT v, 'then' FROM generate_series (1, 6) v;"
  echo "INSERT INTO probity.meta VALUES ('store-uid', gen_random_uuid ()::text), ('cache-method', '$method');"
  echo "SELECT probity.add_member ('vic', 'sales', 'west'), probity.add_member ('uma', 'auditor'); COMMIT;"
} | pg_as postgres -d v10 >/dev/null
v10="host=$PGHOST dbname=v10 user"
big=$("$cli" case new --db "$v10=vic" --customer "Big Notes" --country FR --product Camera 2>"$log") ||
  fail "a case on version 6: $(cat "$log")"
{ echo "BEGIN;"
  for v in 7 8 9 10; do cat "$PB_SOURCE_ROOT/app/storage/postgresql/schema-v$v.sql"; done
  echo "INSERT INTO probity.probity_schema SELECT v, 'later' FROM generate_series (7, 10) v;"
  echo "COMMIT;"; } | pg_as postgres -d v10 >/dev/null
saved_db=$PGDATABASE
PGDATABASE=v10
BEFORE="SELECT '\"' || repeat ('x', 300000) || '\"' AS new \\gset
$ANSWER UPDATE probity.revisions SET n_answers = n_answers + 1 WHERE case_id = :'case';" \
  append vic ok "on version 10, vic answers with 300 KB by hand" "$big" 1 answer-set sales "" "" "" "$NO_NOTE" S1.01
BEFORE=
expect_ok postgres "and a customer's notes hold 70 KB" <<'SQL'
INSERT INTO probity.customers (uid, name, notes, created) VALUES ('big-notes', 'Big Notes', repeat ('x', 70000), 'x');
SQL
PGDATABASE=$saved_db
run_cli "db init upgrades version 10 holding them" 0 "from Probity schema version 10 to 19" \
  db init "host=$PGHOST dbname=v10 user=postgres"
expect_value uma "they are kept, and the limits are checked on new rows only" "300002|70000|19|19" -d v10 -v case="$big" <<'SQL'
SELECT (SELECT octet_length (value) FROM probity.answers WHERE case_id = :'case' AND question_id = 'S1.01') || '|' ||
       (SELECT octet_length (notes) FROM probity.customers WHERE uid = 'big-notes') || '|' ||
       (SELECT count(*) FROM pg_constraint WHERE connamespace = 'probity'::regnamespace AND conname LIKE '%size%'
           AND contype = 'c') || '|' ||
       (SELECT count(*) FROM pg_constraint WHERE connamespace = 'probity'::regnamespace AND conname LIKE '%size%'
           AND contype = 'c' AND NOT convalidated);
SQL
run_cli "the case still verifies" 0 "OK" case verify --db "$v10=uma" "$big"
run_cli "vic goes on answering" 0 "" case answer --db "$v10=vic" "$big" S4.02t "A camera"
PGDATABASE=v10
BEFORE="SELECT '\"' || repeat ('x', 300000) || '\"' AS new \\gset
$ANSWER" append vic PBINV "but not with 300 KB any more" "$big" 1 answer-set sales "" "" "" "$NO_NOTE" S1.06e
BEFORE=
PGDATABASE=$saved_db

# A server whose database collates otherwise than bytes (ICU, Swedish),
# upgraded to version 13 with a case sealed before: its seal ordered the
# files by that collation, as every server did until 13, and still holds
# (Probity accepts that order on a server), while a new case's seal is
# bytewise. Signed on version 6 (which needs no approvals), versions 7 to
# 12 installed as the Probity of each did.
pg_as postgres -d postgres -c "CREATE DATABASE v12sv TEMPLATE template0 ENCODING 'UTF8'
                                 LOCALE 'C.UTF-8' LOCALE_PROVIDER icu ICU_LOCALE 'sv'" >/dev/null
{ echo "BEGIN;"
  for f in roles schema-v1 schema-v2 schema-v3 schema-v4 schema-v5 schema-v6; do
    cat "$PB_SOURCE_ROOT/app/storage/postgresql/$f.sql"
  done
  echo "INSERT INTO probity.probity_schema SELECT v, 'then' FROM generate_series (1, 6) v;"
  echo "INSERT INTO probity.meta VALUES ('store-uid', gen_random_uuid ()::text), ('cache-method', '$method');"
  echo "SELECT probity.add_member ('vic', 'sales', 'west'), probity.add_member ('uma', 'auditor'),"
  echo "       probity.add_member ('rut', 'reviewer', NULL, 'Test Signer'); COMMIT;"; } | pg_as postgres -d v12sv >/dev/null
v12sv="host=$PGHOST dbname=v12sv user"
sh "$PB_SOURCE_ROOT/tests/make-test-pki.sh" "$files/pki" >"$log" 2>&1 || fail "the test PKI: $(cat "$log")"
printf 'secret\n' >"$files/pass.txt"
printf '%%PDF-1.4 a statement\n' >"$files/Z.pdf"
cp "$files/Z.pdf" "$files/a.pdf"
sealed=$("$cli" case new --db "$v12sv=vic" --customer "Åby" --country SE --product Camera 2>"$log") &&
  "$cli" case import-answers --db "$v12sv=vic" "$sealed" "$PB_SOURCE_ROOT/tests/data/answers/benign-carpark-anpr.json" \
    >"$log" 2>&1 &&
  "$cli" case attach --db "$v12sv=vic" "$sealed" S1.01 "$files/Z.pdf" >>"$log" 2>&1 &&
  "$cli" case attach --db "$v12sv=vic" "$sealed" S1.01 "$files/a.pdf" >>"$log" 2>&1 &&
  "$cli" case submit --db "$v12sv=vic" "$sealed" >>"$log" 2>&1 &&
  "$cli" case decide --db "$v12sv=rut" "$sealed" --role reviewer --decision rejected --reason "Not now" >>"$log" 2>&1 &&
  "$cli" report "$sealed" -o "$files/sealed.pdf" --db "$v12sv=rut" --sign "$files/pki/signer.p12" \
    --passphrase-file "$files/pass.txt" --role reviewer >>"$log" 2>&1 ||
  fail "a case sealed on version 6: $(cat "$log")"
expect_value postgres "its two file names sort otherwise in Swedish" "Z.pdf/a.pdf|a.pdf/Z.pdf" -d v12sv <<'SQL'
SELECT string_agg (file_name, '/' ORDER BY file_name COLLATE "C") || '|' || string_agg (file_name, '/' ORDER BY file_name)
  FROM probity.evidence;
SQL
{ echo "BEGIN;"
  for v in 7 8 9 10 11 12; do cat "$PB_SOURCE_ROOT/app/storage/postgresql/schema-v$v.sql"; done
  echo "INSERT INTO probity.probity_schema SELECT v, 'later' FROM generate_series (7, 12) v;"
  echo "COMMIT;"; } | pg_as postgres -d v12sv >/dev/null
run_cli "db init upgrades version 12 on a Swedish collation" 0 "from Probity schema version 12 to 19" \
  db init "host=$PGHOST dbname=v12sv user=postgres"
run_cli "the case sealed before still verifies" 0 "OK" case verify --db "$v12sv=uma" "$sealed"
run_cli "and its report against it" 0 "the report is valid" \
  verify "$files/sealed.pdf" --ca "$files/pki/ca.pem" --db "$v12sv=uma"
expect_value postgres "though the server's fingerprint is now bytewise, not the seal's" "f" -d v12sv -v case="$sealed" <<'SQL'
SELECT probity.answers_fingerprint (:'case', 1) = answers_fingerprint FROM probity.sign_offs WHERE case_id = :'case';
SQL

# A server of schema version 14 is upgraded to 15 (names as Probity compares
# them, list editions kept, time-stamp tokens read): a display name kept
# with an ideographic space around it is signed under without it, and two
# copies of one list edition stored before stay, unchanged from then on.
pg_as postgres -d postgres -c "CREATE DATABASE v14"
{ echo "BEGIN;"; cat "$PB_SOURCE_ROOT/app/storage/postgresql/roles.sql"
  for v in $(seq 1 14); do cat "$PB_SOURCE_ROOT/app/storage/postgresql/schema-v$v.sql"; done
  echo "INSERT INTO probity.probity_schema SELECT v, 'then' FROM generate_series (1, 14) v; COMMIT;"; } |
  pg_as postgres -d v14 >/dev/null
expect_ok postgres "version 14 keeps a name with ideographic spaces, and an edition twice" -d v14 <<'SQL'
SELECT probity.add_member ('una', 'sales', 'nordics', E'\u3000Una Lind\u3000', NULL);
INSERT INTO probity.list_editions (list_id, publisher, title, format, published, file_name, file_sha256, file_size,
                                   n_entries, imported, imported_by)
  SELECT 'eu-fsf', p, 'EU', 'eu-fsf-xml', '2026-01-01', 'eu.xml', repeat ('ab', 32), 1, n, '2026-01-02T00:00:00Z', 'postgres'
    FROM (VALUES ('EU', 1), ('Someone else', 2)) v (p, n);
SQL
expect_value una "under 14 her name keeps them" "$(printf '\343\200\200Una Lind\343\200\200')" -d v14 <<'SQL'
SELECT probity.my_name ();
SQL
run_cli "db init upgrades version 14" 0 "from Probity schema version 14 to 19" db init "host=$PGHOST dbname=v14 user=postgres"
expect_value una "she signs as Una Lind, whom Probity calls the same as UNA LIND" "Una Lind|true" -d v14 <<'SQL'
SELECT probity.my_name () || '|' || probity.same_name (probity.my_name (), E'UNA\u00a0LIND');
SQL
expect_value postgres "a team given with a no-break space after it is the team without" "nordics|Una Lind" -d v14 <<'SQL'
SET client_min_messages = warning;
DO $$ BEGIN PERFORM probity.add_member ('una', 'sales', E'nordics\u00a0', E'\u2003Una Lind\u3000', NULL); END $$;
SELECT string_agg (name, ',') || '|' || (SELECT display_name FROM probity.members WHERE member = 'una') FROM probity.teams;
SQL
expect_value postgres "both editions stay" "2" -d v14 <<'SQL'
SELECT count(*) FROM probity.list_editions;
SQL
expect_refused postgres "and change no more" PBAPP -d v14 <<'SQL'
UPDATE probity.list_editions SET n_entries = 1;
SQL

# A schema from a later Probity, or a schema "probity" of someone else's.
pg_as postgres -c "INSERT INTO probity.probity_schema VALUES (20, 'later')"
run_cli "a newer schema is refused" 1 "newer than this Probity knows" db init "$admin"
run_cli "add-user refuses a newer schema" 1 "needs 19" db add-user "$admin" rob --role reviewer
expect_value postgres "nothing changed" "1" <<'SQL'
SELECT count(*) FROM probity.probity_schema WHERE version = 20;
SQL
pg_as postgres -c "CREATE DATABASE other" -d postgres
pg_as postgres -d other -c "CREATE SCHEMA probity; CREATE TABLE probity.cases (id int)"
run_cli "a foreign schema probity is refused" 1 "Probity did not make" db init "host=$PGHOST dbname=other user=postgres"
pg_as postgres -d postgres -c "CREATE DATABASE latin TEMPLATE template0 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C'"
run_cli "a database not in UTF-8 is refused" 1 "needs a UTF8 database" db init "host=$PGHOST dbname=latin user=postgres"

finish
