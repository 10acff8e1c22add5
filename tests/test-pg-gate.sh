#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# EXPLAIN and the statistics counters read nothing row-level security
# hides (review14e H6, schema-v16.sql): a sales person or a reviewer, with
# psql, reaches no table that hides rows, runs through probity.gate () no
# statement but Probity's own, makes no temporary function, reads no
# counter; the bisection of another team's case ids learns nothing. An
# auditor still reads every row directly, none hidden from them; an
# administrator no more reads which team sees a customer. The cases are
# made with probity-cli, through the gate. Runs under pg-cluster.sh run:
#   pg-cluster.sh run test-pg-gate.sh PROBITY-CLI
set -u

here=$(dirname "$0")
. "$here/pg-test-lib.sh"
cli=${1:?usage: test-pg-gate.sh PROBITY-CLI}
admin="host=$PGHOST dbname=$PGDATABASE user=postgres"
log=$(mktemp)
trap 'rm -f "$sql_file" "$log"' EXIT
unset PROBITY_DB PROBITY_USER PROBITY_ROLE PROBITY_ORGANISATION

"$cli" db init "$admin" >/dev/null || { echo "db init failed" >&2; exit 1; }
for who in "sven sales apac" "nora sales nordics" "rita reviewer" "audrey auditor" "adam admin"; do
  set -- $who
  "$cli" db add-user "$admin" "$1" --role "$2" ${3:+--team "$3"} >/dev/null ||
    { echo "db add-user $1 failed" >&2; exit 1; }
done

# nora's team's case, through Probity: sven must learn nothing of it.
nordics=$("$cli" case new --db "$(as nora)" --customer "Nordic Customer AB" --country SE --product Camera \
            2>"$log") || { echo "case new: $(cat "$log")" >&2; exit 1; }
[ -n "$nordics" ] || { echo "case new: $(cat "$log")" >&2; exit 1; }
apac=$("$cli" case new --db "$(as sven)" --customer "Apac Ltd" --country JP --product Camera 2>"$log") ||
  { echo "case new: $(cat "$log")" >&2; exit 1; }
prefix=$(printf '%s' "$nordics" | cut -c1-8)

echo "# Neither a sales person nor a reviewer reaches a table that hides rows"
tables=$(pg_as postgres -c "SELECT string_agg (relname, ' ' ORDER BY relname) FROM pg_class
                             WHERE relnamespace = 'probity'::regnamespace AND relrowsecurity")
[ -n "$tables" ] || fail "no table under row-level security"
for who in sven rita; do
  for t in $tables; do
    expect_refused "$who" "$who: EXPLAIN ANALYZE on $t" 42501 <<SQL
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT 1 FROM probity.$t;
SQL
  done
  expect_refused "$who" "$who: SELECT on cases" 42501 <<SQL
SELECT id FROM probity.cases;
SQL
  expect_refused "$who" "$who: EXPLAIN of an UPDATE" 42501 <<SQL
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) UPDATE probity.cases SET updated = updated WHERE id >= 'C';
SQL
  expect_refused "$who" "$who: a temporary function (which could run EXPLAIN)" 42501 <<SQL
CREATE FUNCTION pg_temp.probe () RETURNS text LANGUAGE sql AS \$\$ SELECT 'x' \$\$;
SQL
  # What has no row-level security hides nothing: its rows are theirs to read.
  for t in $(pg_as postgres -c "SELECT string_agg (c.relname, ' ') FROM pg_class c
                                 WHERE c.relnamespace = 'probity'::regnamespace AND c.relkind IN ('r', 'v', 'm')
                                   AND NOT c.relrowsecurity AND has_table_privilege ('$who', c.oid, 'SELECT')"); do
    expect_value postgres "$who reads $t, which hides no row" 0 <<SQL
SELECT (SELECT count(*) FROM pg_policy WHERE polrelid = 'probity.$t'::regclass)
       + (SELECT count(*) FROM pg_class WHERE oid = 'probity.$t'::regclass AND relrowsecurity)::int;
SQL
  done
done

echo "# The bisection of review14e H6 learns nothing"
expect_refused sven "sven's probe of nordics' case ids" 42501 -v lo="$prefix" <<'SQL'
SET enable_seqscan = off; SET enable_bitmapscan = off;
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT 1 FROM probity.case_list WHERE case_id >= :'lo';
SQL
for f in "pg_stat_get_xact_tuples_fetched ('probity.case_list'::regclass)" \
         "pg_stat_get_tuples_fetched ('probity.cases_pkey'::regclass)" \
         "pg_stat_get_blocks_fetched ('probity.blobs'::regclass)" \
         "(SELECT sum (idx_tup_fetch) FROM pg_stat_user_tables)" \
         "(SELECT sum (heap_blks_read) FROM pg_statio_user_tables)" \
         "query_to_xml ('SELECT 1', true, true, '')" \
         "ts_stat ('SELECT to_tsvector (''x'')')"; do
  expect_refused sven "sven reads no counter and runs no query string: $f" 42501 <<SQL
SELECT $f;
SQL
done

echo "# The gate runs Probity's statements only, called only as Probity calls it"
# Probity calls it with the statement and values as parameters, alone
# (pb-db-pg.c; test-store.c's sealed case calls it so): psql sends its
# call as text, which the gate refuses, as it refuses any call inside
# EXPLAIN, whose page counts would tell of rows the person may not see
# (review-h6 G17-1), or inside a DO block.
for f in gate gate_kept; do
  expect_refused sven "$f refuses a call of psql's" 42501 -v id="$apac" <<SQL
SELECT * FROM probity.$f ('SELECT 1 FROM cases WHERE id = \$1', 't', VARIADIC ARRAY[:'id']) AS t (c1 int);
SQL
  expect_refused sven "$f refuses EXPLAIN (ANALYZE, BUFFERS) of a call" 42501 -v id="$nordics" <<SQL
SET enable_seqscan = off; SET enable_bitmapscan = off;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF)
  SELECT * FROM probity.$f ('SELECT 1 FROM cases WHERE id = \$1', 't', VARIADIC ARRAY[:'id']) AS t (c1 int);
SQL
  expect_refused rita "$f refuses a call from a DO block" 42501 <<SQL
DO \$\$ DECLARE r record; BEGIN
  FOR r IN EXECUTE 'EXPL' || 'AIN (ANALYZE, BUFFERS) SELECT * FROM probity.$f (''SELECT 1 FROM cases WHERE id = \$1'','
                   || ' ''t'', VARIADIC ARRAY[''x'']) AS t (c1 int)' LOOP
    RAISE NOTICE '%', r;
  END LOOP;
END \$\$;
SQL
done
# pg_call ROLE WHAT EXPECTED [--before SQL] [--after SQL] [--cursor]
# [--notices] SQL VALUE…: ROLE runs SQL with the values bound as
# parameters, as pb-db-pg.c does (pg-call.py; with --cursor declared as
# pb_stream and fetched), and prints EXPECTED: the rows, one a line, or,
# when EXPECTED holds "ERROR", what starts so ("ERROR SQLSTATE: …").
pg_call () {
  role=$1 what=$2 expected=$3
  shift 3
  before= after= cursor= notices=
  while :; do
    case $1 in
      --before) before=$2; shift 2 ;;
      --after) after=$2; shift 2 ;;
      --cursor) cursor=--cursor; shift ;;
      --notices) notices=--notices; shift ;;
      *) break ;;
    esac
  done
  if [ -n "$fn" ]; then
    # gate_call: the call of probity.$fn Probity makes for statement $1
    # (columns $columns), kinds $kinds, values the rest.
    sql=$1
    shift
    params=
    i=3
    while [ "$i" -le $(($# + 2)) ]; do params="$params${params:+, }\$$i"; i=$((i + 1)); done
    set -- "SELECT * FROM probity.$fn (\$1, \$2, VARIADIC ARRAY[$params]::text[]) AS t ($columns)" "$sql" "$kinds" "$@"
    fn=
  fi
  checks=$((checks + 1))
  out=$(python3 "$here/pg-call.py" ${before:+--before "$before"} ${after:+--after "$after"} $cursor $notices \
          "$(as "$role")" "$@" 2>&1)
  case $expected in
    *ERROR*) case $out in "$expected"*) pass "$what"; return ;; esac ;;
    *) [ "$out" != "$expected" ] || { pass "$what"; return; } ;;
  esac
  fail "$what: got “$out”, expected “$expected”"
}
fn=

# gate_call FN KINDS COLUMNS ROLE WHAT EXPECTED [options] SQL VALUE…: the
# same for the call of probity.FN that Probity makes for statement SQL.
gate_call () {
  fn=$1 kinds=$2 columns=$3
  shift 3
  pg_call "$@"
}

echo "# Called as Probity calls it, the gate runs a registered statement, under row-level security"
q1='SELECT 1 FROM cases WHERE id = $1'
gate_call gate t 'c1 integer' sven "through the gate, sven reads his case" 1 "$q1" "$apac"
gate_call gate t 'c1 integer' sven "and not nora's" "" "$q1" "$nordics"
gate_call gate t 'c1 integer' sven "a value is a value, not SQL" "" "$q1" "$apac' OR 't"
gate_call gate_kept t 'c1 integer' sven "gate_kept too" 1 "$q1" "$apac"
gate_call gate t 'c1 integer' rita "a cursor of it, fetched" "" --cursor "$q1" "$nordics"
gate_call gate '' 'c1 text' sven "the gate refuses an EXPLAIN" "ERROR PBREG" 'EXPLAIN (ANALYZE) SELECT 1 FROM case_list'
gate_call gate t 'c1 integer' sven "and a registered statement changed by a space" "ERROR PBREG" \
  'SELECT  1 FROM cases WHERE id = $1' "$apac"
gate_call gate_kept '' 'c1 text' sven "so does the gate of a save's statements" "ERROR PBREG" 'EXPLAIN SELECT 1'
# The gate prepares a save's statements in the person's session, where
# they may prepare their own: one of theirs under its name is not run,
# nor may they run the gate's as theirs.
name="pbgate_$(printf '%s' "$q1:t" | sha256sum | cut -c1-48)"
gate_call gate_kept t 'c1 integer' sven "a statement sven prepared under the gate's name is not the one it runs" 1 \
  --before "PREPARE $name (unknown) AS SELECT 42 WHERE length (\$1) >= 0" "$q1" "$apac"
gate_call gate_kept t 'c1 integer' sven "nor may sven run the gate's prepared statement himself" "1
ERROR 42501" --after "SET search_path = probity, pg_catalog; EXPLAIN EXECUTE $name ('x')" "$q1" "$apac"

echo "# … and only so"
# Text after the column list (here a join, which runs after the call
# and could watch it), a cursor of other text, a SERIALIZABLE
# transaction (its predicate locks), the plans of what it runs: refused.
gate_call gate t 'c1 integer) CROSS JOIN (SELECT 1) AS u (c2' sven "a call with a join after its columns" \
  "ERROR 42501" "$q1" "$apac"
pg_call sven "a FETCH of a cursor of other text" "ERROR 42501" \
  --before "BEGIN; DECLARE pb_stream NO SCROLL CURSOR FOR SELECT * FROM probity.gate ('$q1', 't', VARIADIC ARRAY['$nordics']) AS t (c1 integer), pg_sleep (0) AS s" \
  'FETCH FORWARD 100 FROM pb_stream'
gate_call gate t 'c1 integer' sven "a call in a SERIALIZABLE transaction" "ERROR 42501" \
  --before "BEGIN ISOLATION LEVEL SERIALIZABLE" "$q1" "$nordics"
checks=$((checks + 1))
out=$(python3 "$here/pg-call.py" --notices --before "SET client_min_messages = log; SET debug_print_plan = on" \
        "$(as sven)" "SELECT * FROM probity.gate (\$1, \$2, VARIADIC ARRAY[\$3]::text[]) AS t (c1 integer)" \
        "$q1" t "$apac" 2>&1)
if [ "$(printf '%s\n' "$out" | grep -c 'LOG:  plan:')" = 1 ] && [ "$(printf '%s\n' "$out" | tail -n1)" = 1 ]; then
  pass "debug_print_plan prints the call's plan, not what the gate runs"
else
  fail "debug_print_plan prints the call's plan, not what the gate runs: $out"
fi

expect_refused sven "nobody reads the predicate locks a statement took" 42501 <<'SQL'
SELECT count(*) FROM pg_locks;
SQL
expect_refused sven "nor the plans the server chose for the gate's prepared statements (probe18 P18-2)" 42501 <<'SQL'
SELECT generic_plans, custom_plans FROM pg_prepared_statements;
SQL
for f in pg_current_wal_lsn pg_current_wal_insert_lsn pg_current_wal_flush_lsn; do
  expect_refused rita "nor where the WAL stands, which a first read of a hidden row moves (probe18 P18-6): $f" \
    42501 <<SQL
SELECT $f ();
SQL
done
expect_refused sven "nor asks may_write () about a case" 42501 <<'SQL'
SELECT probity.may_write ('C-2026-00000000');
SQL
expect_refused rita "nor blob_stored () about a file" 42501 <<'SQL'
SELECT probity.blob_stored (repeat ('0', 64));
SQL
expect_refused nora "nobody may write the statements a gate runs" 42501 <<'SQL'
INSERT INTO probity.statements VALUES ('\x00', 'EXPLAIN SELECT 1');
SQL
expect_refused adam "not even an administrator" 42501 <<'SQL'
DELETE FROM probity.statements;
SQL
expect_refused adam "an administrator may not call the gate" 42501 <<'SQL'
SELECT * FROM probity.gate ('SELECT 1 FROM cases WHERE id = $1', 't', VARIADIC ARRAY['x']) AS t (c1 int);
SQL

echo "# The planner's statistics tell nothing of hidden rows (review-h6 G17-4)"
# nora's team has more cases, one with a file; ANALYZE (autovacuum's,
# here by hand) keeps no statistics of a table that hides rows, so the
# estimates debug_print_plan prints before the privilege check are the
# same for nora's team or case and for none.
for i in 1 2 3 4; do
  "$cli" case new --db "$(as nora)" --customer "Nordic Customer AB" --country SE --product Camera >/dev/null 2>&1 ||
    fail "nora's case $i"
done
printf 'nora%%s draft contract\n' "'" >"$log.pdf"
"$cli" case attach --db "$(as nora)" "$nordics" S1.01 "$log.pdf" >/dev/null 2>&1 || fail "nora attaches a file"
for i in 1 2 3 4 5 6; do "$cli" case answer --db "$(as nora)" "$nordics" S1.02 "answer $i" >/dev/null 2>&1; done
file_sha=$(sha256sum "$log.pdf" | cut -c1-64)
rm -f "$log.pdf"
pg_as postgres -c "ANALYZE" >/dev/null
expect_value postgres "ANALYZE keeps no statistics of a table that hides rows, nor of its indexes" 0 <<'SQL'
SELECT count(*) FROM pg_statistic s
 WHERE s.starelid IN (SELECT c.oid FROM pg_class c WHERE c.relnamespace = 'probity'::regnamespace AND c.relrowsecurity
                      UNION ALL
                      SELECT i.indexrelid FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
                       WHERE c.relnamespace = 'probity'::regnamespace AND c.relrowsecurity);
SQL
# estimate ROLE SQL VALUE: the rows the planner expects of SQL (:'v' is
# VALUE), as ROLE reads them in the plan debug_print_plan prints.
estimate () {
  pg_as "$1" -v v="$3" 2>&1 <<SQL | grep -o ':plan_rows [0-9]*' | head -n1
SET client_min_messages = log; SET debug_print_plan = on; SET debug_pretty_print = off;
$2
SQL
}
for who in sven rita; do
  for probe in "case_list team|SELECT 1 FROM probity.case_list WHERE team = :'v'|nordics|southern" \
               "events of a case|SELECT 1 FROM probity.events WHERE case_id = :'v'|$nordics|C-2026-00000000" \
               "cases by id prefix|SELECT 1 FROM probity.events WHERE case_id >= :'v'|$prefix|C-2026-Z" \
               "stored files|SELECT 1 FROM probity.blobs WHERE sha256 = :'v'|$file_sha|$(printf '%064d' 0)"; do
    what=${probe%%|*} rest=${probe#*|}
    sql=${rest%%|*} rest=${rest#*|}
    hidden=${rest%%|*} absent=${rest#*|}
    checks=$((checks + 1))
    hit=$(estimate "$who" "$sql" "$hidden") miss=$(estimate "$who" "$sql" "$absent")
    if [ -n "$hit" ] && [ "$hit" = "$miss" ]; then
      pass "$who: the estimate of $what is the same for hidden rows and none ($hit)"
    else
      fail "$who: the estimate of $what differs: “$hit” for hidden rows, “$miss” for none"
    fi
  done
done
# With no statistics the planner must still start a team's list of one
# status where its rows are (a team with none of that status walked all
# its cases: schema-v16.sql, case_list_by_team_status); a table this
# small is read whole, unless the planner is told not to.
expect_value postgres "a team's cases of one status, planned with no statistics: by team and status" 1 <<'SQL'
CREATE TEMPORARY TABLE plan (line text);
SET enable_seqscan = off; SET enable_bitmapscan = off;
DO $$ DECLARE r record; BEGIN
  FOR r IN EXPLAIN (COSTS OFF) SELECT l.case_id FROM probity.case_list l WHERE l.team = 'apac' AND l.status = 'submitted'
                                ORDER BY l.updated DESC, l.case_id DESC LIMIT 1000 LOOP
    INSERT INTO plan VALUES (r."QUERY PLAN");
  END LOOP;
END $$;
SELECT count(*) FROM plan WHERE line LIKE '%case_list_by_team_status%';
SQL
expect_value postgres "db init again: the statistics stay hidden" 0 <<SQL
\! "$cli" db init "$admin" >/dev/null
ANALYZE;
SELECT count(*) FROM pg_statistic s JOIN pg_class c ON c.oid = s.starelid
 WHERE c.relnamespace = 'probity'::regnamespace AND c.relrowsecurity;
SQL

echo "# A sign-off names a file only after its event is checked (review-h6 G17-6)"
# Through the gate, rita's sign-off with a made-up event: the same
# refusal whether the SHA-256 it names is nora's stored draft file,
# hidden from rita, or no file at all.
sign_sql=$(pg_as postgres -c "SELECT sql FROM probity.statements WHERE sql LIKE 'INSERT INTO sign_offs (case_id, revision, event_seq, role, name,%RETURNING id'")
[ -n "$sign_sql" ] || fail "no registered sign-off statement"
for sha in "$file_sha" "$(printf '%064d' 0)"; do
  gate_call gate titttttttttttt 'c1 bigint' rita "rita's sign-off naming $(printf '%.12s' "$sha")…: refused for its event" \
    "ERROR PBWHO: Event" "$sign_sql" "$apac" 1 reviewer Rita approved '' '' "$(now)" "$sha" \
    "$(printf '%064d' 1)" "$(printf '%064d' 2)" Org '' en
done

echo "# A sales person never chooses a key the server stores (review-h6 G17-3)"
# Through the gate, sven inserts a customer, a product and a case under
# the keys nora's hold: no unique key refuses them, for the server
# stores each under a key of its own, which RETURNING gives back.
set -- $(pg_as postgres -F ' ' -v id="$nordics" <<'SQL'
SELECT customer_uid, product_uid FROM probity.cases WHERE id = :'id';
SQL
) x x
nora_customer=$1 nora_product=$2
set -- $(pg_as postgres -F ' ' -v id="$apac" <<'SQL'
SELECT customer_uid, product_uid, questionnaire_sha256, reference_sha256 FROM probity.cases WHERE id = :'id';
SQL
) x x x x
sven_customer=$1 sven_product=$2 sven_questionnaire=$3 sven_reference=$4
registered () {
  pg_as postgres -v like="$1" <<'SQL'
SELECT sql FROM probity.statements WHERE sql LIKE :'like';
SQL
}
# minted WHAT PATTERN TAKEN KINDS SQL VALUE…: sven's insert through the
# gate gives back a key of PATTERN other than TAKEN.
minted () {
  what=$1 pattern=$2 taken=$3 kinds=$4 sql=$5
  shift 5
  [ -n "$sql" ] || fail "$what: no registered statement"
  params=
  i=3
  while [ "$i" -le $(($# + 2)) ]; do params="$params${params:+, }\$$i"; i=$((i + 1)); done
  checks=$((checks + 1))
  out=$(python3 "$here/pg-call.py" --before BEGIN --after ROLLBACK "$(as sven)" \
          "SELECT * FROM probity.gate_kept (\$1, \$2, VARIADIC ARRAY[$params]::text[]) AS t (c1 text)" \
          "$sql" "$kinds" "$@" 2>&1)
  if printf '%s\n' "$out" | grep -Eqx "$pattern" && [ "$out" != "$taken" ]; then
    pass "$what: stored as $out"
  else
    fail "$what: got “$out” (the key nora's row holds: $taken)"
  fi
}
uuid='[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
minted "a customer under nora's customer's uid" "$uuid" "$nora_customer" ttttttt \
  "$(registered 'INSERT INTO customers (uid,%RETURNING uid')" \
  "$nora_customer" Probe '' NL '' '' "$(now)"
minted "a product under nora's product's uid" "$uuid" "$nora_product" tttttt \
  "$(registered 'INSERT INTO products (uid,%RETURNING uid')" \
  "$nora_product" Probe 1 camera '' "$(now)"
minted "a case under nora's case's id" 'C-[0-9]{4}-[0-9A-F]{8}' "$nordics" ttttttt \
  "$(registered 'INSERT INTO cases (id,%RETURNING id')" \
  "$nordics" "$sven_customer" "$sven_product" "$sven_questionnaire" "$(now)" sven "$sven_reference"
expect_refused adam "an administrator reads no customer's team" 42501 <<'SQL'
SELECT count(added_by_team) FROM probity.customers;
SQL

echo "# Nothing is hidden from an auditor; an administrator reads no team's customers"
expect_value audrey "the auditor reads every team's customers" \
  "$(pg_as postgres -c 'SELECT count(*) FROM probity.customer_teams')" <<'SQL'
SELECT count(*) FROM probity.customer_teams;
SQL
expect_refused adam "the administrator reads no customer_teams" 42501 <<'SQL'
SELECT count(*) FROM probity.customer_teams;
SQL
expect_value adam "but every customer" "$(pg_as postgres -c 'SELECT count(*) FROM probity.customers')" <<'SQL'
SELECT count(*) FROM probity.customers;
SQL

echo "# Probity itself goes on: the case list, through the gate"
run_cli "sven lists his team's case" 0 "$apac" case list --db "$(as sven)"
if grep -q "$nordics" "$log"; then fail "sven's list shows nora's case"; fi
run_cli "an administrator's case list says who reads cases" 1 "sales people, reviewers and auditors read the cases" \
  case list --db "$(as adam)"
if grep -q "permission denied" "$log"; then fail "the server's refusal shown to the administrator: $(cat "$log")"; fi
run_cli "the auditor verifies sven's case, whose keeper is the server" 0 "write access to postgresql://audrey@" \
  case verify --db "$(as audrey)" "$apac"

echo "# A database whose sessions default to SERIALIZABLE: Probity's run READ COMMITTED"
pg_as postgres >/dev/null <<SQL
ALTER DATABASE "$PGDATABASE" SET default_transaction_isolation = 'serializable';
SQL
run_cli "sven lists his cases, the database serializable by default" 0 "$apac" case list --db "$(as sven)"
run_cli "and answers" 0 "" case answer --db "$(as sven)" "$apac" S1.01 "A camera"
pg_as postgres >/dev/null <<SQL
ALTER DATABASE "$PGDATABASE" RESET default_transaction_isolation;
SQL

echo "# A Probity newer than db init: a change refused, and the cure named"
pg_as postgres >/dev/null <<'SQL'
ALTER TABLE probity.statements DISABLE TRIGGER statements_append_only;
DELETE FROM probity.statements WHERE sql LIKE 'INSERT INTO answers%';
ALTER TABLE probity.statements ENABLE TRIGGER statements_append_only;
SQL
run_cli "sven's answer, its statement not registered" 1 "probity-cli db init" \
  case answer --db "$(as sven)" "$apac" S1.01 "A camera system"

echo "# A Probity newer than the server's schema: it reads, and names the cure for a change"
pg_as postgres >/dev/null <<'SQL'
UPDATE probity.probity_schema SET version = -version WHERE version > 15;
SQL
run_cli "sven's new customer on a server of schema 15" 1 "probity-cli db init" \
  case new --db "$(as sven)" --customer "Older Server KK" --country JP --product Camera
if grep -q -i "row-level security\|permission denied" "$log"; then fail "the server's own refusal shown: $(cat "$log")"; fi
run_cli "nor does an administrator import a list there" 1 "probity-cli db init" \
  lists import --db "$(as adam)" "$PB_SOURCE_ROOT/tests/data/screening/eu-fsf.xml"
run_cli "sven still lists his case" 0 "$apac" case list --db "$(as sven)"
expect_value postgres "nothing was added" "1" <<'SQL'
SELECT count(*) FROM probity.customers WHERE name = 'Apac Ltd' OR name = 'Older Server KK';
SQL
pg_as postgres >/dev/null <<'SQL'
UPDATE probity.probity_schema SET version = -version WHERE version < 0;
SQL

finish
