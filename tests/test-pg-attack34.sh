#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# attack34: what schema-v17/v18 and today's `db copy` of list editions
# let through, tried by hand. Calls go through probity.gate () as
# Probity makes them (pg-gate-call.py: registered statements only, values
# of the caller's choosing), not past it.
#   pg-cluster.sh run test-pg-attack34.sh PROBITY-CLI
#
# A1 (closed, schema-v19.sql): on an approved case a sales person appends a screening that
#   found what the one before it found, its data with one key more (or a
#   number written otherwise: 0.85 for 0.84999999999999998), and lists the
#   case with any outcome. screened_again () (schema-v18.sql) compares the
#   whole data as jsonb, and events_screening_check () (schema-v13.sql)
#   lets any key more through: accept33 D1 again.
# A3 (closed, schema-v19.sql): a party a legal reviewer confirmed is listed is removed by
#   the sales person after all (schema-v17.sql, events_party_removed ()):
#   first a screening of the same parties and editions whose hits are
#   none (the server cannot screen; events_screening_check () takes any
#   hits array), so that the latest screening carries no confirmed hit.
#   Probity's reviewer refuses to decide on it and case verify names it;
#   the server's rule does not hold.
# A2 (closed in the client): `db copy` from a server carried that
#   server's list editions (52ab34b), but a server's edition is its superuser's word as much as a
#   file's is its writer's: the administrator of the team server copies
#   from a server someone else runs (a Probity database on their own
#   cluster), an entry cut out of the edition with its count to match
#   under the publisher's SHA-256; the team server then takes the
#   publisher's real file as imported already, and screenings miss the
#   listed party. Onto a server db copy now carries none, from a file or
#   another server (pb_workflow_copy_list_editions ()): it is refused,
#   naming the edition to import from the publisher's file.
set -u

here=$(cd "$(dirname "$0")" && pwd)
. "$here/pg-test-lib.sh"
cli=${1:?usage: test-pg-attack34.sh PROBITY-CLI}
cli=$(cd "$(dirname "$cli")" && pwd)/$(basename "$cli")
src=${PB_SOURCE_ROOT:?}
admin="host=$PGHOST dbname=$PGDATABASE user=postgres"
work=$(mktemp -d "${TMPDIR:-/tmp}/test-pg-attack34-XXXXXX")
trap 'rm -rf "$work" "$sql_file"' EXIT
cd "$work"
log=$work/log
unset PROBITY_DB PROBITY_USER PROBITY_ROLE PROBITY_ORGANISATION
eu=$src/tests/data/screening/eu-fsf.xml

"$cli" db init "$admin" >/dev/null || { echo "db init failed" >&2; exit 1; }
for who in "sally sales nordics" "rita reviewer" "audrey auditor" "adam admin"; do
  set -- $who
  "$cli" db add-user "$admin" "$1" --role "$2" ${3:+--team "$3"} >/dev/null ||
    { echo "db add-user $1 failed" >&2; exit 1; }
done
"$cli" lists import --db "$(as adam)" "$eu" >"$log" 2>&1 || { echo "lists import: $(cat "$log")" >&2; exit 1; }

# gate WHO EXPECT WHAT CALLS-JSON: WHO runs the calls through the gate in
# one transaction; EXPECT is "ok" or the SQLSTATE of the refusal.
gate () {
  who=$1 expect=$2 what=$3
  checks=$((checks + 1))
  printf '%s\n' "$4" >"$work/calls.json"
  out=$(python3 "$here/pg-gate-call.py" "$(as "$who")" "$work/calls.json" 2>&1)
  st=$?
  if [ "$expect" = ok ]; then
    if [ $st -eq 0 ]; then pass "$what"; else fail "$what: refused: $out"; fi
  elif [ $st -eq 0 ]; then
    fail "$what: accepted (expected $expect)"
  elif printf '%s\n' "$out" | grep -q "^ERROR $expect:"; then
    pass "$what: $(printf '%s\n' "$out" | grep -m1 '^ERROR' | cut -c1-160)"
  else
    fail "$what: refused with another error than $expect: $out"
  fi
}
# calls WHO CASE KIND DATA [OUTCOME N]: the calls that append WHO's event
# (its old value $OLD).
calls () {
  python3 "$here/pg-gate-append.py" "$admin" "$2" "$1" sales "$3" 1 "${OLD:-}" "" "" "$4" "" ${5:+"$5" "$6"}
}
last_screening () {
  pg_as postgres -c "SELECT data FROM probity.events WHERE case_id = '$1' AND kind = 'screened' ORDER BY seq DESC LIMIT 1"
}
with_key () {
  python3 -c 'import json, sys; d = json.loads (sys.argv[1]); d["again"] = 1; print (json.dumps (d, separators=(",", ":")))' "$1"
}

echo "# A1: an approved case listed with an outcome no screening gave"
id=$("$cli" case new --db "$(as sally)" --customer "Rotterdam Parking Services" --country NL --product PlateReader \
       --product-version 2.4 2>"$log") &&
  "$cli" case import-answers --db "$(as sally)" "$id" "$src/tests/data/answers/benign-carpark-anpr.json" >>"$log" 2>&1 &&
  "$cli" case answer --db "$(as sally)" "$id" S5.03o "Freedom on the Net 2024 rates it Free" >>"$log" 2>&1 &&
  "$cli" case answer --db "$(as sally)" "$id" S5.03 free >>"$log" 2>&1 &&
  "$cli" case screen --db "$(as sally)" "$id" >>"$log" 2>&1 &&
  "$cli" case submit --db "$(as sally)" "$id" >>"$log" 2>&1 &&
  "$cli" case decide --db "$(as rita)" "$id" --role reviewer --decision approved --reason "Plate reader" >>"$log" 2>&1 ||
  { echo "the approved case: $(cat "$log")" >&2; exit 1; }
n=$(pg_as postgres -c "SELECT n_answers FROM probity.revisions WHERE case_id = '$id'")
expect_value postgres "the case is approved, listed as proceed" "approved|proceed" <<SQL
SELECT status || '|' || outcome FROM probity.revisions WHERE case_id = '$id';
SQL
data=$(last_screening "$id")
gate sally PBHIS "sally: the outcome alone, through the gate" \
  '[{"raw": "BEGIN"}, {"sql": "UPDATE revisions SET outcome = $3, n_answers = $4 WHERE case_id = $1 AND revision = $2", "kinds": "titi", "params": ["'"$id"'", 1, "do-not-proceed", '"$n"']}, {"raw": "COMMIT"}]'
gate sally PBHIS "sally: a copy of the last screening, listed as do-not-proceed (accept33 D1)" \
  "$(calls sally "$id" screened "$data" do-not-proceed "$n")"
gate sally PBHIS "sally: a copy of the last screening appended in a savepoint, then the outcome" \
  "$(calls sally "$id" screened "$data" do-not-proceed "$n" |
     python3 -c 'import json, sys; c = json.load (sys.stdin); print (json.dumps (c[:1] + [{"raw": "SAVEPOINT s"}] + c[1:3] + [{"raw": "RELEASE SAVEPOINT s"}] + c[3:]))')"
gate sally PBHIS "A1 sally: the same screening with one key more, listed as do-not-proceed" \
  "$(calls sally "$id" screened "$(with_key "$data")" do-not-proceed "$n")"
expect_value postgres "A1 the approved case is still listed as proceed" "approved|proceed" <<SQL
SELECT c.status || '|' || c.outcome FROM probity.case_list c WHERE c.case_id = '$id';
SQL
run_cli "and the auditor's case verify finds nothing altered" 0 "OK" case verify --db "$(as audrey)" "$id"


echo "# Another team's case, through the gate's registered reads"
"$cli" db add-user "$admin" sven --role sales --team apac >/dev/null || exit 1
printf '%s\n' '[{"sql": "SELECT seq, hash FROM events WHERE case_id = $1 AND kind = '"'screened'"' ORDER BY seq DESC LIMIT 1", "kinds": "t", "params": ["'"$id"'"], "fn": "gate", "columns": "c1 bigint, c2 text"}]' \
  >"$work/read.json"
checks=$((checks + 1))
out=$(python3 "$here/pg-gate-call.py" "$(as sven)" "$work/read.json" 2>&1)
if [ $? -eq 0 ] && [ -z "$out" ]; then pass "sven, of another team, reads nothing of sally's case"
else fail "sven read sally's case: $out"; fi
out=$(python3 "$here/pg-gate-call.py" "$(as sally)" "$work/read.json" 2>&1)
checks=$((checks + 1))
case $out in [0-9]*'|'*) pass "sally reads her own" ;; *) fail "sally's own read: $out" ;; esac

echo "# A3: a confirmed party removed after a screening that claims no hit"
pid=$("$cli" case new --db "$(as sally)" --customer "Oslo Parking AS" --country NO --product PlateReader \
        --product-version 2.4 2>"$log") &&
  "$cli" case import-answers --db "$(as sally)" "$pid" "$src/tests/data/answers/benign-carpark-anpr.json" >>"$log" 2>&1 &&
  "$cli" case answer --db "$(as sally)" "$pid" S5.03o "Freedom on the Net 2024 rates it Free" >>"$log" 2>&1 &&
  "$cli" case answer --db "$(as sally)" "$pid" S5.03 free >>"$log" 2>&1 &&
  "$cli" case party --db "$(as sally)" "$pid" --party-role intermediary --name "Joint Stock Company Rosoboronexport" \
    --country RU >>"$log" 2>&1 &&
  "$cli" case screen --db "$(as sally)" "$pid" >>"$log" 2>&1 &&
  "$cli" case submit --db "$(as sally)" "$pid" >>"$log" 2>&1 &&
  hit=$("$cli" case screening --db "$(as rita)" "$pid" | grep -oE "H[0-9]+\.[0-9]+" | head -n1) &&
  "$cli" case confirm-hit --db "$(as rita)" --role reviewer "$pid" "$hit" --reason "It is them" >>"$log" 2>&1 &&
  "$cli" case decide --db "$(as rita)" "$pid" --role reviewer --decision draft --reason "Listed intermediary" \
    >>"$log" 2>&1 || { echo "the confirmed party's case: $(cat "$log")" >&2; exit 1; }
gate sally PBHSP "sally: the confirmed party removed (schema-v17)" "$(OLD=P1 calls sally "$pid" party-removed "")"
nohits=$(python3 -c 'import json, sys; d = json.loads (sys.argv[1]); d["hits"] = []; print (json.dumps (d, separators=(",", ":")))' \
           "$(last_screening "$pid")")
gate sally PBHSP "A3 sally: a screening of the same parties and editions that claims no hit" \
  "$(calls sally "$pid" screened "$nohits")"
gate sally PBHSP "A3 sally: then the confirmed party removed" \
  "$(OLD=P1 calls sally "$pid" party-removed "")"
# Probity screening the case again finds the confirmed hit again: taken.
run_cli "sally's Probity screens the case again, the confirmed hit found again" 0 "" \
  case screen --db "$(as sally)" "$pid"
run_cli "and the party still cannot be removed" 1 "stays a party" \
  case party --db "$(as sally)" "$pid" --remove P1 --reason "Not in the deal any more"

echo "# Lists on the server are the administrator's"
expect_refused sally "sally: an entry of a list by hand" 42501 <<'SQL'
INSERT INTO probity.list_entries (sha256, kind, countries, identifiers, matcher_version, data)
VALUES (repeat ('0', 64), 'person', '', '', 1, '{}');
SQL
gate sally 42501 "sally: the registered statement of a list entry, through the gate" \
  '[{"sql": "INSERT INTO list_entries (sha256, kind, source_id, countries, identifiers, matcher_version, data) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (sha256) DO NOTHING RETURNING id", "kinds": "tttttit", "params": ["'"$(printf '%064d' 0)"'", "person", "X", "", "", 1, "{}"], "columns": "c1 bigint"}]'
gate rita 42501 "rita: the registered statement of a list edition, through the gate" \
  '[{"sql": "INSERT INTO list_editions (list_id, publisher, title, format, file_name, file_sha256, file_size, n_entries, imported, imported_by) VALUES ($1, $2, $3, $4, $5, '"''"', 0, 0, $6, $7) RETURNING id", "kinds": "ttttttt", "params": ["eu-fsf", "x", "x", "x", "x", "2026-12-04T00:00:00Z", "rita"], "columns": "c1 bigint"}]'
expect_refused audrey "audrey: an edition by hand" 42501 <<'SQL'
INSERT INTO probity.list_editions (list_id, publisher, file_sha256) VALUES ('eu-fsf', 'x', '');
SQL
expect_refused adam "adam: an entry added to a stored edition" PBAPP <<'SQL'
INSERT INTO probity.list_edition_entries SELECT e.id, x.id FROM probity.list_editions e, probity.list_entries x LIMIT 1
ON CONFLICT DO NOTHING;
SQL

echo "# A2: db copy from a server someone else runs"
# "evil" stands for a Probity database on its owner's own cluster, of
# which they are the superuser: its eu-fsf edition, under the publisher's
# SHA-256, lacks Rosoboronexport, with its count to match.
evil="host=$PGHOST dbname=evil user"
team="host=$PGHOST dbname=team4 user"
for d in evil team4; do
  pg_as postgres -c "CREATE DATABASE $d" >/dev/null &&
    "$cli" db init "host=$PGHOST dbname=$d user=postgres" >/dev/null || { echo "db init $d failed" >&2; exit 1; }
done
for who in "evil eve admin" "evil eva auditor" "evil sam sales east" "team4 tadam admin" "team4 tsam sales east"; do
  set -- $who
  "$cli" db add-user "host=$PGHOST dbname=$1 user=postgres" "$2" --role "$3" ${4:+--team "$4"} >/dev/null ||
    { echo "db add-user $2 failed" >&2; exit 1; }
done
"$cli" lists import --db "$evil=eve" "$eu" >"$log" 2>&1 || { echo "lists import: $(cat "$log")" >&2; exit 1; }
pg_as postgres -d evil >/dev/null <<'SQL'
BEGIN;
SET LOCAL session_replication_role = replica;
DELETE FROM probity.list_names WHERE entry_id = (SELECT id FROM probity.list_entries WHERE data LIKE '%Rosoboronexport%');
DELETE FROM probity.list_edition_entries
 WHERE entry_id = (SELECT id FROM probity.list_entries WHERE data LIKE '%Rosoboronexport%');
UPDATE probity.list_editions SET n_entries = n_entries - 1;
COMMIT;
SQL
eid=$("$cli" case new --db "$evil=sam" --customer "Harmless Trading" --country NL --product PlateReader 2>"$log") &&
  "$cli" case screen --db "$evil=sam" "$eid" >>"$log" 2>&1 || { echo "evil case: $(cat "$log")" >&2; exit 1; }
run_cli "A2 the team administrator's copy from it carries no edition: refused, naming it" 1 "does not hold" \
  db copy "$evil=eva" "$team=tadam" --team east
expect_value postgres "A2 the team server holds no edition, and no case" "0|0" -d team4 <<'SQL'
SELECT (SELECT count(*) FROM probity.list_editions) || '|' || (SELECT count(*) FROM probity.cases);
SQL
run_cli "the administrator imports the publisher's file" 0 "" lists import --db "$team=tadam" "$eu"
checks=$((checks + 1))
if grep -q "imported before" "$log"; then fail "A2 the publisher's file was taken as imported already: $(cat "$log")"
else pass "the publisher's file is imported, every entry"; fi
# The case screened against the cut edition comes now (the copy checks
# editions by list and SHA-256), but case verify names its screening.
"$cli" db add-user "host=$PGHOST dbname=team4 user=postgres" taudrey --role auditor >/dev/null
run_cli "the copy again, after the import" 0 "" db copy "$evil=eva" "$team=tadam" --team east
run_cli "case verify names the screening against an edition recorded otherwise" 1 "records differently" \
  case verify --db "$team=taudrey" "$eid"

rid=$("$cli" case new --db "$team=tsam" --customer "Joint Stock Company Rosoboronexport" --country RU \
        --product PlateReader 2>"$log")
run_cli "A2 a case for Rosoboronexport, screened on the team server, has a hit" 0 "" case screen --db "$team=tsam" "$rid"
checks=$((checks + 1))
if grep -q "No hits" "$log"; then fail "A2 Rosoboronexport screened with no hit: $(cat "$log")"
else pass "Rosoboronexport is found"; fi
finish
