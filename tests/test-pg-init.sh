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
cli=${1:?usage: test-pg-init.sh PROBITY-CLI}
admin="host=$PGHOST dbname=$PGDATABASE user=postgres"
out=$(mktemp)
trap 'rm -f "$out" "$sql_file"' EXIT

# run_cli WHAT EXPECTED-STATUS PATTERN ARGS…: the CLI exits so and prints PATTERN.
run_cli () {
  what=$1 status=$2 pattern=$3
  shift 3
  checks=$((checks + 1))
  "$cli" "$@" >"$out" 2>&1
  got=$?
  if [ "$got" -ne "$status" ]; then
    fail "$what: exit $got, expected $status: $(cat "$out")"
  elif ! grep -q -- "$pattern" "$out"; then
    fail "$what: no “$pattern” in: $(cat "$out")"
  else
    pass "$what: $(head -n1 "$out")"
  fi
}

run_cli "a database that is not set up" 0 "Schema version: 0" db status "$admin"
run_cli "db init installs version 4" 0 "Installed Probity schema version 4" db init "$admin"
run_cli "db init again changes nothing" 0 "already holds Probity schema version 4" db init "$admin"
expect_value postgres "each version recorded once, the roles made" "4|5|true" <<'SQL'
SELECT (SELECT count(*) FROM probity.probity_schema) || '|' ||
       (SELECT count(*) FROM pg_roles WHERE rolname LIKE 'probity\_%' AND NOT rolcanlogin) || '|' ||
       (SELECT pg_get_userbyid (nspowner) = 'probity_owner' FROM pg_namespace WHERE nspname = 'probity');
SQL
expect_value postgres "db init keeps a store id and the rating method" "true|36" <<'SQL'
SELECT ((SELECT value FROM probity.meta WHERE key = 'cache-method') ~ '^[0-9]+$')::text || '|' ||
       (SELECT length (value) FROM probity.meta WHERE key = 'store-uid');
SQL
run_cli "a reviewer for the store's functions" 0 "may now log in" db add-user "$admin" ruth --role reviewer
expect_value ruth "the store's text functions fold as g_utf8_casefold does" "true|true|false|école|" <<'SQL'
SELECT probity.pb_contains ('Straße Überwachung GmbH', 'strasse überw')::text || '|' ||
       probity.pb_contains ('ACME Corp', 'acme')::text || '|' || probity.pb_contains ('ACME', 'x')::text || '|' ||
       probity.pb_casefold ('ÉCOLE') || '|' || coalesce (probity.pb_contains (NULL, 'x')::text, '');
SQL
run_cli "an unknown db command" 2 "unknown db command" db frobnicate
run_cli "a connection string that is not one" 1 "neither a postgresql:// URI" db init "host=$PGHOST password=secret nonsense"
checks=$((checks + 1))
if grep -q secret "$out"; then fail "the password was printed: $(cat "$out")"; else pass "no password in the message"; fi
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
if "$cli" db status "host=$PGHOST dbname=$PGDATABASE user='o\\'brien\"; DROP TABLE probity.events; --'" >"$out" 2>&1 &&
   grep -q "Role: sales" "$out" && grep -q "Team: $team" "$out"; then
  pass "the hostile name logs in and acts in sales"
else
  fail "db status as the hostile name: $(cat "$out")"
fi
run_cli "a Probity group is not a person" 1 "Probity's own roles" db add-user "$admin" probity_owner --role admin
run_cli "nor is a superuser" 1 "superuser" db add-user "$admin" postgres --role sales --team x
run_cli "an unknown role" 1 "is not a Probity role" db add-user "$admin" bob --role boss
run_cli "sales without a team" 1 "needs a team" db add-user "$admin" bob --role sales
run_cli "a reviewer" 0 "may now log in to Probity as reviewer" db add-user "$admin" rita --role reviewer --name "Rita Ångström"
run_cli "the reviewer's status" 0 "Role: reviewer" db status "host=$PGHOST dbname=$PGDATABASE user=rita"
run_cli "the reviewer signs under her name" 0 "Signs as: Rita Ångström" db status "host=$PGHOST dbname=$PGDATABASE user=rita"
run_cli "only a superuser installs" 1 "needs a superuser" db init "host=$PGHOST dbname=$PGDATABASE user=rita"
run_cli "a reviewer cannot add people" 1 "permission denied" db add-user "host=$PGHOST dbname=$PGDATABASE user=rita" eve --role reviewer

# A server of schema version 1 (as the first Probity with a server left
# it) is upgraded: the case list gets the indexes of each role's rows.
pg_as postgres -d postgres -c "CREATE DATABASE v1"
{ echo "BEGIN;"; cat "$PB_SOURCE_ROOT/app/storage/postgresql/roles.sql" "$PB_SOURCE_ROOT/app/storage/postgresql/schema-v1.sql"
  echo "INSERT INTO probity.probity_schema VALUES (1, 'then'); COMMIT;"; } | pg_as postgres -d v1 >/dev/null
run_cli "db init upgrades version 1" 0 "from Probity schema version 1 to 4" db init "host=$PGHOST dbname=v1 user=postgres"
expect_value postgres "the upgrade is recorded and indexes each role's rows" "1,2,3,4|2" -d v1 <<'SQL'
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

# A schema from a later Probity, or a schema "probity" of someone else's.
pg_as postgres -c "INSERT INTO probity.probity_schema VALUES (5, 'later')"
run_cli "a newer schema is refused" 1 "newer than this Probity knows" db init "$admin"
run_cli "add-user refuses a newer schema" 1 "needs 4" db add-user "$admin" rob --role reviewer
expect_value postgres "nothing changed" "1" <<'SQL'
SELECT count(*) FROM probity.probity_schema WHERE version = 5;
SQL
pg_as postgres -c "CREATE DATABASE other" -d postgres
pg_as postgres -d other -c "CREATE SCHEMA probity; CREATE TABLE probity.cases (id int)"
run_cli "a foreign schema probity is refused" 1 "Probity did not make" db init "host=$PGHOST dbname=other user=postgres"
pg_as postgres -d postgres -c "CREATE DATABASE latin TEMPLATE template0 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C'"
run_cli "a database not in UTF-8 is refused" 1 "needs a UTF8 database" db init "host=$PGHOST dbname=latin user=postgres"

finish
