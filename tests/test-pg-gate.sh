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

echo "# The gate runs Probity's statements only, as the person, under their rows"
expect_refused sven "the gate refuses an EXPLAIN" PBREG <<'SQL'
SELECT * FROM probity.gate ('EXPLAIN (ANALYZE) SELECT 1 FROM case_list', '', VARIADIC ARRAY[]::text[]) AS t (c1 text);
SQL
expect_refused rita "the gate refuses query_to_xml" PBREG <<'SQL'
SELECT * FROM probity.gate ('SELECT query_to_xml (''SELECT 1'', true, true, '''')', '', VARIADIC ARRAY[]::text[])
  AS t (c1 xml);
SQL
expect_refused sven "the gate refuses a registered statement changed by a space" PBREG <<'SQL'
SELECT * FROM probity.gate ('SELECT  1 FROM cases WHERE id = $1', 't', VARIADIC ARRAY['x']) AS t (c1 int);
SQL
expect_value sven "through the gate, sven reads his case" 1 -v id="$apac" <<'SQL'
SELECT count(*) FROM probity.gate ('SELECT 1 FROM cases WHERE id = $1', 't', VARIADIC ARRAY[:'id']) AS t (c1 int);
SQL
expect_value sven "and not nora's" 0 -v id="$nordics" <<'SQL'
SELECT count(*) FROM probity.gate ('SELECT 1 FROM cases WHERE id = $1', 't', VARIADIC ARRAY[:'id']) AS t (c1 int);
SQL
expect_value sven "a value is a value, not SQL" 0 <<'SQL'
SELECT count(*) FROM probity.gate ('SELECT 1 FROM cases WHERE id = $1', 't', VARIADIC ARRAY['x'' OR ''t']) AS t (c1 int);
SQL
expect_refused sven "so does the gate of a save's statements" PBREG <<'SQL'
SELECT * FROM probity.gate_kept ('EXPLAIN SELECT 1', '', VARIADIC ARRAY[]::text[]) AS t (c1 text);
SQL
# The gate prepares a save's statements in the person's session, where
# they may prepare their own: one of theirs under its name is not run.
expect_value sven "a statement sven prepared under the gate's name is not the one it runs" "1|1" -v id="$apac" <<'SQL'
SELECT 'pbgate_' || left (encode (sha256 (convert_to ('SELECT 1 FROM cases WHERE id = $1' || ':t', 'UTF8')), 'hex'), 48)
  AS name \gset
PREPARE :"name" (unknown) AS SELECT 42 WHERE length ($1) >= 0;
SELECT (SELECT c1 FROM probity.gate_kept ('SELECT 1 FROM cases WHERE id = $1', 't', VARIADIC ARRAY[:'id']) AS t (c1 int))
       || '|' || (SELECT c1 FROM probity.gate_kept ('SELECT 1 FROM cases WHERE id = $1', 't', VARIADIC ARRAY[:'id'])
                    AS t (c1 int));
SQL
expect_refused sven "nor may sven run the gate's prepared statement himself" 42501 -v id="$apac" <<'SQL'
SELECT count(*) FROM probity.gate_kept ('SELECT 1 FROM cases WHERE id = $1', 't', VARIADIC ARRAY[:'id']) AS t (c1 int);
SELECT 'pbgate_' || left (encode (sha256 (convert_to ('SELECT 1 FROM cases WHERE id = $1' || ':t', 'UTF8')), 'hex'), 48)
  AS name \gset
SET search_path = probity, pg_catalog;
EXPLAIN EXECUTE :"name" ('x');
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

finish
