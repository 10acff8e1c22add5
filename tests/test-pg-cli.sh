#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# probity-cli against a team server, end to end, each person logged in as
# their own role: an administrator imports a screening list (a sales
# person may not), a reviewer whose role name is not their certificate's
# signs under the display name the server keeps for them, and the report
# verifies; db copy takes a file's cases onto the server and back, the
# server refusing a tampered chain and anyone but an administrator, and
# the signed reports verify against the copies.
#   pg-cluster.sh run test-pg-cli.sh PROBITY-CLI
set -u

here=$(dirname "$0")
. "$here/pg-test-lib.sh"
cli=${1:?usage: test-pg-cli.sh PROBITY-CLI}
cli=$(cd "$(dirname "$cli")" && pwd)/$(basename "$cli")
src=${PB_SOURCE_ROOT:?}
admin="host=$PGHOST dbname=$PGDATABASE user=postgres"
work=$(mktemp -d "${TMPDIR:-/tmp}/test-pg-cli-XXXXXX")
trap 'rm -rf "$work" "$sql_file"' EXIT
cd "$work"
log=$work/log
unset PROBITY_DB PROBITY_USER PROBITY_ROLE PROBITY_ORGANISATION

"$cli" db init "$admin" >/dev/null || { echo "db init failed" >&2; exit 1; }
for who in "sam sales east" "ada auditor" "adam admin"; do
  set -- $who
  "$cli" db add-user "$admin" "$1" --role "$2" ${3:+--team "$3"} >/dev/null ||
    { echo "db add-user $1 failed" >&2; exit 1; }
done
# The reviewer's role is jdoe; her certificate says "Jane Doe".
"$cli" db add-user "$admin" jdoe --role reviewer --name "Jane Doe" >/dev/null || exit 1
"$cli" db add-user "$admin" rex --role reviewer >/dev/null || exit 1
# A CA and Jane Doe's signing certificate (EC keys: quick to make).
# make_pki DIR: a CA and a "Jane Doe" certificate it issues, in DIR.
make_pki () {
  mkdir "$1"
  (
    cd "$1" &&
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem -days 30 \
      -subj "/O=Probity Test/CN=Probity Test Root CA" -addext basicConstraints=critical,CA:TRUE \
      -addext keyUsage=critical,keyCertSign,cRLSign &&
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout jane.key -out jane.csr \
      -subj "/O=Probity Test/CN=Jane Doe" &&
    printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=emailProtection\n' >ee.ext &&
    openssl x509 -req -in jane.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 -extfile ee.ext -out jane.pem &&
    openssl pkcs12 -export -inkey jane.key -in jane.pem -certfile ca.pem -name "Jane Doe" -passout pass:secret -out jane.p12
  ) >"$1.log" 2>&1 || { cat "$1.log" >&2; exit 1; }
}
make_pki pki
printf 'secret\n' > pass.txt

echo "# Screening lists are an administrator's"
run_cli "an administrator imports a list" 0 "" lists import --db "$(as adam)" "$src/tests/data/screening/eu-fsf.xml"
run_cli "a sales person may not" 1 "only an administrator keeps the lists" \
  lists import --db "$(as sam)" "$src/tests/data/screening/eu-fsf-2.xml"
run_cli "nor a reviewer" 1 "only an administrator keeps the lists" \
  lists import --db "$(as jdoe)" "$src/tests/data/screening/eu-fsf-2.xml"
expect_value postgres "one edition, imported by the administrator" "1|adam" <<'SQL'
SELECT count(*) || '|' || max (imported_by) FROM probity.list_editions;
SQL
# Every other new edition fails as a deadlock with another writer would
# (40P01): the import is made again from the start of the file, once.
expect_ok postgres "a forced deadlock on every other new edition" <<'SQL'
CREATE SEQUENCE public.forced;
CREATE FUNCTION public.force_deadlock () RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF nextval ('public.forced') % 2 = 1 THEN
    RAISE EXCEPTION 'forced by the test' USING ERRCODE = 'deadlock_detected';
  END IF;
  RETURN NEW;
END $$;
ALTER FUNCTION public.force_deadlock () SECURITY DEFINER;
CREATE TRIGGER force_deadlock BEFORE INSERT ON probity.list_editions
  FOR EACH ROW EXECUTE FUNCTION public.force_deadlock ();
SQL
run_cli "an import that deadlocked is made again" 0 "" lists import --db "$(as adam)" "$src/tests/data/screening/eu-fsf-2.xml"
expect_value postgres "refused once, stored once" "2|2" <<'SQL'
SELECT (SELECT last_value FROM public.forced) || '|' || count(*) FROM probity.list_editions;
SQL
expect_ok postgres "the deadlocks end" <<'SQL'
DROP TRIGGER force_deadlock ON probity.list_editions;
SQL
# A screening records the editions it used (publisher, date, number of
# entries), which case verify compares with the editions stored: an
# edition once stored does not change, nor is it stored again with other
# metadata, nor given more entries (schema 15). What the server keeps
# stays as it was.
editions="SELECT string_agg (concat_ws ('/', id, list_id, publisher, published, file_sha256, n_entries), ' ' ORDER BY id)
            || '|' || (SELECT count(*) FROM probity.list_edition_entries) FROM probity.list_editions;"
kept=$(pg_as postgres -c "$editions")
expect_refused adam "adam cannot date a stored edition otherwise" PBAPP <<'SQL'
UPDATE probity.list_editions SET published = '2020-01-01' WHERE id = (SELECT min (id) FROM probity.list_editions);
SQL
expect_refused adam "nor count its entries otherwise" PBAPP <<'SQL'
UPDATE probity.list_editions SET n_entries = n_entries + 1 WHERE id = (SELECT min (id) FROM probity.list_editions);
SQL
expect_refused adam "nor store it again under another publisher" PBINV <<'SQL'
INSERT INTO probity.list_editions (list_id, publisher, title, format, published, file_name, file_sha256, file_size,
                                   n_entries, imported, imported_by)
SELECT list_id, 'Someone else', title, format, '2020-01-01', file_name, file_sha256, file_size, n_entries + 1,
       imported, session_user
  FROM probity.list_editions WHERE id = (SELECT min (id) FROM probity.list_editions);
SQL
expect_refused adam "nor as an import does, its SHA-256 given last" PBINV <<'SQL'
BEGIN;
INSERT INTO probity.list_editions (list_id, publisher, title, format, file_name, file_sha256, file_size, n_entries,
                                   imported, imported_by)
SELECT list_id, 'Someone else', title, format, file_name, '', 0, 0, imported, session_user
  FROM probity.list_editions WHERE id = (SELECT min (id) FROM probity.list_editions);
UPDATE probity.list_editions SET file_sha256 = (SELECT file_sha256 FROM probity.list_editions ORDER BY id LIMIT 1),
                                 n_entries = 7
 WHERE file_sha256 = '';
COMMIT;
SQL
expect_refused adam "nor add an entry to it" PBAPP <<'SQL'
WITH e AS (INSERT INTO probity.list_entries (sha256, kind, source_id, countries, identifiers, matcher_version, data)
             VALUES (repeat ('e', 64), 'person', 'X-1', '', '', 1, '{"name":"Listed Later"}') RETURNING id)
INSERT INTO probity.list_edition_entries (edition_id, entry_id) SELECT (SELECT min (id) FROM probity.list_editions), id FROM e;
SQL
run_cli "the same file imported again changes nothing" 0 "nothing changed" \
  lists import --db "$(as adam)" "$src/tests/data/screening/eu-fsf.xml" --published 2020-01-01
expect_value postgres "the editions are as they were" "$kept" <<SQL
$editions
SQL

echo "# A reviewer signs under the name the server keeps for them"
case_id=$("$cli" case new --db "$(as sam)" --customer "上海市公安局" --country CN --product FaceFinder \
            --product-version 5.2 --family facial-recognition 2>"$log")
[ -n "$case_id" ] || { echo "case new: $(cat "$log")" >&2; exit 1; }
run_cli "sam answers" 0 "" case import-answers --db "$(as sam)" "$case_id" \
  "$src/tests/data/answers/morpho-shanghai-psb.json"
run_cli "sam submits" 0 "" case submit --db "$(as sam)" "$case_id"
# On a server the role is the one it gives, and --user for anyone else
# is refused: a decision without --role says so, not how a file is told.
run_cli "a decision without --role names the role the server gives" 1 \
  "give --role reviewer. On .* you act in the role it gives you, which an administrator changes with “probity-cli db add-user”; it gives you: Sales" \
  case decide --db "$(as sam)" "$case_id" --decision rejected --reason "Hard stop applies"
checks=$((checks + 1))
if grep -q -- "--user NAME" "$log"; then fail "it suggests --user on a server: $(cat "$log")"
else pass "and does not suggest --user"; fi
run_cli "sales says --role reviewer: refused, the role named in lower case" 1 "sam acts as sales:" \
  case decide --db "$(as sam)" "$case_id" --role reviewer --decision rejected --reason "Hard stop applies"
run_cli "another reviewer cannot sign with Jane Doe's certificate" 1 \
  "The signing certificate is “Jane Doe”’s, .* as “rex”.*a signature must be the signer’s own" \
  report "$case_id" -o rex.pdf --db "$(as rex)" --sign pki/jane.p12 --passphrase-file pass.txt \
  --role reviewer --decision rejected --reason "Hard stop applies"
# The name came from the certificate: leaving it out is no cure.
checks=$((checks + 1))
if grep -q "leave out the name" "$log"; then fail "the refusal offers a cure that cannot work: $(cat "$log")"
else pass "and offers no cure that cannot work"; fi
run_cli "nor sign with it as himself" 1 "who signs as “rex”" \
  report "$case_id" -o rex.pdf --db "$(as rex)" --user rex --sign pki/jane.p12 --passphrase-file pass.txt \
  --role reviewer --decision rejected --reason "Hard stop applies"
run_cli "jdoe signs with Jane Doe's certificate" 0 "" \
  report "$case_id" -o signed.pdf --db "$(as jdoe)" --sign pki/jane.p12 --passphrase-file pass.txt \
  --role reviewer --decision rejected --reason "Hard stop applies"
expect_value postgres "the history names jdoe, the sign-off Jane Doe" "jdoe|Jane Doe|reviewer" -v case="$case_id" <<'SQL'
SELECT e."user" || '|' || s.name || '|' || s.role FROM probity.sign_offs s
  JOIN probity.events e ON e.case_id = s.case_id AND e.seq = s.event_seq WHERE s.case_id = :'case';
SQL
run_cli "the auditor verifies the signed report" 0 "" verify signed.pdf --ca pki/ca.pem --db "$(as ada)"
run_cli "and the case" 0 "" case verify --db "$(as ada)" "$case_id"
# An auditor writes nothing on a server, not even an anchor: refused
# before the time-stamp authority is asked (here one that cannot be
# reached), saying why.
run_cli "the auditor may not time-stamp the history, and is told why" 1 \
  "ada acts as auditor: an auditor reads and verifies cases but changes nothing" \
  case anchor --db "$(as ada)" "$case_id" --tsa http://127.0.0.1:9/
checks=$((checks + 1))
if grep -q "time-stamp authority\|127.0.0.1:9" "$log"; then fail "the authority was asked first: $(cat "$log")"
else pass "before any authority is asked"; fi

echo "# On a server the name is whom it authenticated, whatever PROBITY_USER says"
checks=$((checks + 1))
draft=$(PROBITY_USER="Åsa Lindqvist" "$cli" case new --db "$(as sam)" --customer "Env Ltd" --country FR \
          --product Camera 2>"$log")
if [ -n "$draft" ] && grep -q "PROBITY_USER (“Åsa Lindqvist”) is ignored on a team server" "$log"; then
  pass "a case made with PROBITY_USER set, saying it is ignored"
else
  fail "case new with PROBITY_USER: $(cat "$log")"
fi
export PROBITY_USER="Åsa Lindqvist"
run_cli "an answer saved with PROBITY_USER set" 0 "records you as “sam”" \
  case answer --db "$(as sam)" "$draft" S1.01 "A camera"
run_cli "an explicit --user naming someone else is still refused" 1 "nothing can be done as “rex”" \
  case answer --db "$(as sam)" --user rex "$draft" S1.01 "A camera system"
export PROBITY_USER=sam
run_cli "PROBITY_USER naming whom the server authenticated: no notice" 0 "" \
  case answer --db "$(as sam)" "$draft" S1.01 "A camera system"
checks=$((checks + 1))
if [ -s "$log" ]; then fail "a notice or an error: $(cat "$log")"; else pass "nothing said"; fi
unset PROBITY_USER
# case created, S0.02 carried from --country (as the new-case dialog does), two answers
expect_value postgres "the history names sam for every event" "4|sam" -v case="$draft" <<'SQL'
SELECT count(*) || '|' || string_agg (DISTINCT "user", ',') FROM probity.events WHERE case_id = :'case';
SQL

echo "# db copy: a file's cases onto the server and back"
# A file name that is SQL: it goes into the server's imported events.
file="$work/o'hara; DROP TABLE probity.events; --.db"
export PROBITY_USER="Åsa Lindqvist" PROBITY_ROLE=sales
id1=$("$cli" case new --db "$file" --customer "O'Brien; DROP TABLE probity.events; --" --country CN \
        --product FaceFinder --product-version 5.2 --family facial-recognition 2>"$log")
"$cli" case import-answers --db "$file" "$id1" "$src/tests/data/answers/morpho-shanghai-psb.json" >"$log" 2>&1 &&
  "$cli" case submit --db "$file" "$id1" >"$log" 2>&1 &&
  "$cli" report "$id1" -o file-signed.pdf --db "$file" --sign pki/jane.p12 --passphrase-file pass.txt \
    --user "Jane Doe" --role reviewer --decision rejected --reason "Hard stop applies" >"$log" 2>&1 ||
  { echo "making the file's signed case: $(cat "$log")" >&2; exit 1; }
id2=$("$cli" case new --db "$file" --customer "Draft Ltd" --country FR --product Camera 2>"$log")
[ -n "$id2" ] || { echo "case new: $(cat "$log")" >&2; exit 1; }
unset PROBITY_USER PROBITY_ROLE

run_cli "a sales person cannot copy onto the server" 1 "only an administrator brings in cases" \
  db copy --resume "$file" "$(as sam)" --ca pki/ca.pem
# Resuming would be refused the same way: not suggested.
checks=$((checks + 1))
if grep -q -- "--resume to go on" "$log" || ! grep -q "Nothing was copied" "$log"; then
  fail "a refused copy suggests --resume, or does not say nothing was copied: $(cat "$log")"
else pass "a refused copy says nothing was copied, and suggests no --resume"; fi
run_cli "nor a reviewer" 1 "only an administrator brings in cases" \
  db copy --resume "$file" "$(as jdoe) password=hunter2" --ca pki/ca.pem
checks=$((checks + 1))
if grep -q hunter2 "$log"; then fail "a password was printed: $(cat "$log")"; else pass "no password in the messages"; fi
run_cli "the server is not empty: refused" 1 "is not empty (cases: 2)" db copy "$file" "$(as adam)"
pg_as postgres -c "CREATE DATABASE team2" -d postgres >/dev/null
"$cli" db init "host=$PGHOST dbname=team2 user=postgres" >/dev/null || exit 1
for who in "adam admin" "ada auditor" "sam sales east"; do
  set -- $who
  "$cli" db add-user "host=$PGHOST dbname=team2 user=postgres" "$1" --role "$2" ${3:+--team "$3"} >/dev/null 2>&1 ||
    exit 1
done
team2="host=$PGHOST dbname=team2 user"
# Who signs in a file is its writer's word (PROBITY_USER): a signed
# revision comes in only when its report's signature holds under the trust
# the administrator gives (review14d G3).
run_cli "a file's signature no CA of the system vouches for: refused" 1 "the signature of its report does not hold" \
  db copy "$file" "$team2=adam"
expect_value postgres "and nothing was copied" "0" -d team2 <<'SQL'
SELECT count(*) FROM probity.cases;
SQL
run_cli "the administrator copies the file onto an empty server" 0 "Cases copied: 2" \
  db copy "$file" "$team2=adam" --team "emea'; DROP TABLE probity.cases; --" --ca pki/ca.pem
checks=$((checks + 1))
if grep -q "History chains verified in .*: 2" "$log"; then pass "and verifies both chains"; else fail "no verification: $(cat "$log")"; fi
run_cli "copying again is refused" 1 "is not empty (cases: 2)" db copy "$file" "$team2=adam"
run_cli "resumed, nothing is copied twice" 0 "Cases there already, with the same history: 2" \
  db copy --resume "$file" "$team2=adam" --ca pki/ca.pem
# A sales person's own CA issues "Jane Doe" a certificate: her file's
# signature is refused under the company's CA.
make_pki forger
forged=$work/forged.db
export PROBITY_USER=sam PROBITY_ROLE=sales
id3=$("$cli" case new --db "$forged" --customer "Forged Ltd" --country CN --product FaceFinder --product-version 5.2 \
        --family facial-recognition 2>"$log")
"$cli" case import-answers --db "$forged" "$id3" "$src/tests/data/answers/morpho-shanghai-psb.json" >"$log" 2>&1 &&
  "$cli" case submit --db "$forged" "$id3" >"$log" 2>&1 &&
  "$cli" report "$id3" -o forged.pdf --db "$forged" --sign forger/jane.p12 --passphrase-file pass.txt \
    --user "Jane Doe" --role reviewer --decision rejected --reason "Signed by sam" >"$log" 2>&1 ||
  { echo "making the forged file: $(cat "$log")" >&2; exit 1; }
unset PROBITY_USER PROBITY_ROLE
run_cli "a file signed under a CA of its writer's own: refused, naming the file" 1 \
  "Case “$id3” of $forged is signed by “Jane Doe”, but the signature of its report does not hold.*nothing was copied" \
  db copy --resume "$forged" "$team2=adam" --ca pki/ca.pem
expect_value postgres "and it is not on the server" "0" -d team2 -v case="$id3" <<'SQL'
SELECT count(*) FROM probity.cases WHERE id = :'case';
SQL
# A file whose signed case was changed by hand (its triggers dropped): with
# the company's CA given, what failed is the case, not the trust.
tampered=$work/tampered.db
cp "$file" "$tampered"
for trigger in $(sqlite3 "$tampered" "SELECT name FROM sqlite_master WHERE type = 'trigger'"); do
  sqlite3 "$tampered" "DROP TRIGGER \"$trigger\""
done
sqlite3 "$tampered" "UPDATE events SET reason = 'Forged' WHERE case_id = '$id1' AND kind = 'status-changed'" ||
  fail "tampering with the file"
run_cli "a file changed since it was signed: refused as changed" 1 \
  "Case “$id1” of $tampered does not match the report “Jane Doe” signed, so it was changed since: nothing was copied. .*altered" \
  db copy --resume "$tampered" "$team2=adam" --ca pki/ca.pem
checks=$((checks + 1))
if grep -q -- "with --ca" "$log"; then fail "the CA given, --ca is named as the cure: $(cat "$log")"
else pass "and --ca, given, is not named as the cure"; fi
run_cli "a file signed under a CA of its writer's own, with --ca: names the CA given" 1 \
  "does not hold under the certification authorities of pki/ca.pem" \
  db copy --resume "$forged" "$team2=adam" --ca pki/ca.pem
# The same sign-off in a case file: checked on the copy the import reads.
"$cli" case export --db "$forged" "$id3" -o "$work/forged.probity" >"$log" 2>&1 || fail "case export: $(cat "$log")"
run_cli "a case file signed under a CA of its writer's own: refused, naming the file" 1 \
  "Case “$id3” of the case file $work/forged.probity is signed by “Jane Doe”, but the signature of its report does not hold.*nothing was imported" \
  case import --db "$team2=adam" "$work/forged.probity" --ca pki/ca.pem
expect_value postgres "and nothing of it was imported" "0|0" -d team2 -v case="$id3" <<'SQL'
SELECT (SELECT count(*) FROM probity.cases WHERE id = :'case') || '|' ||
       (SELECT count(*) FROM probity.events WHERE case_id = :'case');
SQL
expect_value postgres "each case ends with one imported event by adam, chained on, in the hostile team" \
  "2|2|2" -d team2 -v team="emea'; DROP TABLE probity.cases; --" -v source="$(basename "$file")" <<'SQL'
SELECT count(*) FILTER (WHERE e.kind = 'imported' AND e."user" = 'adam' AND e.role = 'admin'
                          AND e.seq = c.head_seq AND e.new_value = e.prev_hash
                          AND e.reason = 'imported by adam from ' || :'source' || ' (chain head ' || e.prev_hash || ')'
                          AND probity.data_get (e.data, 'source') = :'source') || '|' ||
       (SELECT count(*) FROM probity.cases WHERE team = :'team') || '|' ||
       (SELECT count(*) FROM probity.check_history ()) + 2
  FROM probity.events e JOIN probity.cases c ON c.id = e.case_id;
SQL
expect_value postgres "the original authors are kept" "Jane Doe|Åsa Lindqvist" -d team2 -v id="$id1" <<'SQL'
SELECT string_agg (DISTINCT "user", '|' ORDER BY "user") FROM probity.events WHERE case_id = :'id' AND kind <> 'imported';
SQL
run_cli "the auditor verifies the imported case" 0 "OK" case verify --db "$team2=ada" "$id1"
run_cli "and the signed report against it" 0 "" verify file-signed.pdf --ca pki/ca.pem --db "$team2=ada"
# An administrator reads no case: show, history and verify say so, and
# who does, not the server's "permission denied for table cases".
for cmd in show history verify; do
  run_cli "an administrator's case $cmd says who reads cases" 1 \
    "an administrator manages people, teams and lists but reads no case.*reviewers and auditors read the cases" \
    case "$cmd" --db "$team2=adam" "$id1"
  checks=$((checks + 1))
  if grep -q "permission denied" "$log"; then fail "case $cmd printed the server's refusal: $(cat "$log")"
  else pass "case $cmd: not the server's words"; fi
done

run_cli "an administrator who is no auditor is told what it takes to copy from a server" 1 \
  "lets “adam” read no case.*that takes an auditor, and a person acts in one role.*Copy as one of the server’s auditors" \
  db copy "$team2=adam password=hunter2" "$work/refused.db"
checks=$((checks + 1))
if grep -q hunter2 "$log"; then fail "a password was printed: $(cat "$log")"; else pass "naming the server without its password"; fi
run_cli "the auditor copies the server back to a file" 0 "Cases copied: 2" db copy "$team2=ada" "$work/back.db"
checks=$((checks + 1))
for id in "$id1" "$id2"; do
  "$cli" case history --db "$file" "$id" --json | grep '"hash"' >orig.txt
  "$cli" case history --db "$work/back.db" "$id" --json | grep '"hash"' >back.txt
  echo "SELECT count(*) FROM probity.events WHERE case_id = :'id'" | pg_as postgres -d team2 -v id="$id" >n.txt
  if [ "$(wc -l <back.txt)" -ne "$(cat n.txt)" ] || [ "$(wc -l <orig.txt)" -ne $(($(cat n.txt) - 1)) ] ||
     ! head -n "$(wc -l <orig.txt)" back.txt | cmp -s - orig.txt; then
    fail "the round trip changed the chain of $id"
  fi
done
pass "file → server → file: the same chains, and the server's imported event"
run_cli "the copy verifies" 0 "OK" case verify --db "$work/back.db" "$id1"
run_cli "the signed report verifies against it" 0 "" verify file-signed.pdf --ca pki/ca.pem --db "$work/back.db"
"$cli" case export --db "$work/back.db" "$id2" -o "$work/case2.probity" >"$log" 2>&1 || fail "case export: $(cat "$log")"
run_cli "a case file is there already with the same history" 0 "nothing changed" \
  case import --db "$team2=adam" "$work/case2.probity"
# Its creator is a sales person of team east on the first server.
"$cli" db add-user "$admin" "Åsa Lindqvist" --role sales --team east >/dev/null || exit 1
run_cli "a case file imported into the first server" 0 "imported" case import --db "$(as adam)" "$work/case2.probity"
run_cli "where sam sees it" 0 "$id2" case list --db "$(as sam)"
"$cli" case export --db "$work/back.db" "$id1" -o "$work/case1.probity" >"$log" 2>&1 || fail "case export: $(cat "$log")"
run_cli "a signed case file whose report no trusted CA vouches for: refused" 1 \
  "the signature of its report does not hold" case import --db "$team2=adam" "$work/case1.probity"
run_cli "with the company's CA it is taken (there already)" 0 "nothing changed" \
  case import --db "$team2=adam" "$work/case1.probity" --ca pki/ca.pem

run_cli "a file copied to a file" 0 "Cases copied: 2" db copy "$file" "$work/copy.db"
checks=$((checks + 1))
"$cli" case history --db "$file" "$id1" --json | grep '"hash"' >orig.txt
"$cli" case history --db "$work/copy.db" "$id1" --json | grep '"hash"' >copy.txt
if cmp -s orig.txt copy.txt; then pass "hash for hash"; else fail "the file copy changed the chain"; fi
cp "$file" tampered.db
python3 - tampered.db "$id1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
(trigger,) = db.execute("SELECT sql FROM sqlite_master WHERE name = 'events_no_update'").fetchone()
db.execute("DROP TRIGGER events_no_update")
db.execute("UPDATE events SET reason = 'rewritten' WHERE case_id = ? AND seq = 3", (sys.argv[2],))
db.execute(trigger)
db.commit()
PY
run_cli "a tampered file is refused, naming the case and the event" 1 "Case “$id1” of .*tampered.db cannot be copied: Event 3" \
  db copy tampered.db "$work/t.db"
checks=$((checks + 1))
if [ "$(sqlite3 "$work/t.db" "SELECT count(*) FROM events WHERE case_id = '$id1'")" = 0 ]; then
  pass "and nothing of that case is copied"
else
  fail "the tampered case was copied in part"
fi

echo "# The server refuses a forged import"
pg_as postgres -d team2 -v id="$id1" >bundle.json <<'SQL'
SELECT jsonb_build_object ('case', to_jsonb (c), 'customer', (SELECT to_jsonb (x) FROM probity.customers x WHERE uid = c.customer_uid),
         'product', (SELECT to_jsonb (x) FROM probity.products x WHERE uid = c.product_uid),
         'revisions', (SELECT jsonb_agg (to_jsonb (x)) FROM probity.revisions x WHERE case_id = c.id),
         'answers', (SELECT jsonb_agg (to_jsonb (x)) FROM probity.answers x WHERE case_id = c.id),
         'events', (SELECT jsonb_agg (to_jsonb (x)) FROM probity.events x WHERE case_id = c.id AND kind <> 'imported'),
         'sign_offs', (SELECT jsonb_agg (to_jsonb (x)) FROM probity.sign_offs x WHERE case_id = c.id))
  FROM probity.cases c WHERE c.id = :'id';
SQL
expect_refused adam "an altered event is refused" PBCHN -d team2 -v b="$(cat bundle.json)" <<'SQL'
SELECT probity.import_case ('forged', jsonb_set (jsonb_set (:'b'::jsonb, '{case,id}', '"C-FORGED-1"'),
                                                  '{events,3,reason}', '"rewritten"'), 'x');
SQL
expect_refused adam "a removed event is refused" PBCHN -d team2 -v b="$(cat bundle.json)" <<'SQL'
SELECT probity.import_case ('forged', jsonb_set (:'b'::jsonb, '{case,id}', '"C-FORGED-2"') #- '{events,4}', 'x');
SQL
expect_refused adam "a case already there with another history" PBCHN -d team2 -v b="$(cat bundle.json)" <<'SQL'
SELECT probity.import_case ('forged', :'b'::jsonb #- '{events,4}');
SQL
expect_refused sam "a sales person cannot call the import" 42501 -d team2 -v b="$(cat bundle.json)" <<'SQL'
SELECT probity.import_case ('forged', jsonb_set (:'b'::jsonb, '{case,id}', '"C-FORGED-3"'), 'x');
SQL
expect_refused sam "nor mark a transaction as importing" 42501 -d team2 <<'SQL'
INSERT INTO probity.importing VALUES (txid_current (), 'C-X');
SQL
expect_refused ada "nor may an auditor" 42501 -d team2 -v b="$(cat bundle.json)" <<'SQL'
SELECT probity.import_case ('forged', jsonb_set (:'b'::jsonb, '{case,id}', '"C-FORGED-4"'), 'x');
SQL
expect_value postgres "nothing forged went in" "0|0" -d team2 <<'SQL'
SELECT (SELECT count(*) FROM probity.cases WHERE id LIKE 'C-FORGED%') || '|' || (SELECT count(*) FROM probity.importing);
SQL

echo "# db copy of a screened case: the list editions it names come first"
# A copy carries a server's list editions the cases' screenings name,
# entries and all, so that the screenings verify where they go (a sealed
# case cannot be screened again), but not a file's, which are its
# writer's word: on a server that lacks one, a copy from a file is
# refused up front, naming the edition to import from the publisher's
# file.
screened_file=$work/screened.db
export PROBITY_USER=sam PROBITY_ROLE=sales
"$cli" lists import --db "$screened_file" "$src/tests/data/screening/eu-fsf.xml" >"$log" 2>&1 ||
  { echo "lists import into the file: $(cat "$log")" >&2; exit 1; }
id4=$("$cli" case new --db "$screened_file" --customer "Screened Ltd" --country FR --product Camera 2>"$log")
"$cli" case screen --db "$screened_file" "$id4" >"$log" 2>&1 ||
  { echo "case screen in the file: $(cat "$log")" >&2; exit 1; }
unset PROBITY_USER PROBITY_ROLE
eu_sha=$(sha256sum "$src/tests/data/screening/eu-fsf.xml" | cut -d' ' -f1)
pg_as postgres -c "CREATE DATABASE team3" -d postgres >/dev/null
"$cli" db init "host=$PGHOST dbname=team3 user=postgres" >/dev/null || exit 1
for who in "adam admin" "ada auditor" "sam sales east"; do
  set -- $who
  "$cli" db add-user "host=$PGHOST dbname=team3 user=postgres" "$1" --role "$2" ${3:+--team "$3"} >/dev/null 2>&1 ||
    exit 1
done
team3="host=$PGHOST dbname=team3 user"
run_cli "a screened case from a file onto a server without its list: refused, naming the edition" 1 \
  "list editions .* does not hold" db copy "$screened_file" "$team3=adam" --team east
checks=$((checks + 1))
if grep -q "eu-fsf" "$log" && grep -q "lists import" "$log"; then pass "the refusal names the edition and the cure"
else fail "the refusal names no edition or cure: $(cat "$log")"; fi
expect_value postgres "and nothing was copied, no case nor edition" "0|0" -d team3 <<'SQL'
SELECT (SELECT count(*) FROM probity.cases) || '|' || (SELECT count(*) FROM probity.list_editions);
SQL
run_cli "the administrator imports the same list there" 0 "" \
  lists import --db "$team3=adam" "$src/tests/data/screening/eu-fsf.xml"
run_cli "then the copy goes through" 0 "History chains verified in .*: 1" \
  db copy "$screened_file" "$team3=adam" --team east
run_cli "and the copied screening verifies there" 0 "Screenings checked against their own lists: 1" \
  case verify --db "$team3=ada" "$id4"
run_cli "and the case can be screened again there" 0 "" case screen --db "$team3=sam" "$id4"

# From the server to a file: the auditor's copy carries the edition.
n_server=$(pg_as postgres -d team3 -tAc "SELECT n_entries FROM probity.list_editions")
run_cli "the auditor copies the server to a file, the edition with it" 0 \
  "List editions copied: 1 (entries: $n_server)" db copy "$team3=ada" "$work/screened-back.db"
checks=$((checks + 1))
if grep -q "List editions verified in .*: 1" "$log" && ! grep -q "does not hold" "$log"; then
  pass "the edition is verified there"
else fail "the edition is not verified: $(cat "$log")"; fi
run_cli "where the screenings verify against it" 0 "Screenings checked against their own lists: [1-9]" \
  case verify --db "$work/screened-back.db" "$id4"
run_cli "the edition is there" 0 "$eu_sha" lists status --db "$work/screened-back.db" --json

# An edition is copied as its entries hash, or not at all: a name
# changed by hand on the server (by its superuser) stops the copy.
pg_as postgres -d team3 -c "UPDATE probity.list_entries SET data = replace (data, 'PRIGOZHIN', 'PRIGOSHIN')
                            WHERE data LIKE '%PRIGOZHIN%'" >/dev/null
run_cli "a server edition whose entry was changed is not copied" 1 "changed since it was imported" \
  db copy "$team3=ada" "$work/renamed-back.db"
checks=$((checks + 1))
if [ ! -e "$work/renamed-back.db" ] ||
   [ "$("$cli" lists status --db "$work/renamed-back.db" --json | grep -c "$eu_sha")" = 0 ]; then
  pass "and nothing of that edition is in the target"
else fail "the changed edition was copied: $("$cli" lists status --db "$work/renamed-back.db" --json)"; fi
# Nor one that lists fewer entries than it says (one taken out by the
# superuser, past the server's triggers).
pg_as postgres -d team3 -c "UPDATE probity.list_entries SET data = replace (data, 'PRIGOSHIN', 'PRIGOZHIN')
                            WHERE data LIKE '%PRIGOSHIN%'" >/dev/null
pg_as postgres -d team3 -c "SET session_replication_role = replica;
                            DELETE FROM probity.list_edition_entries
                             WHERE entry_id = (SELECT max (entry_id) FROM probity.list_edition_entries)" >/dev/null
run_cli "a server edition missing an entry is not copied" 1 "says it has $n_server entries, but it lists" \
  db copy "$team3=ada" "$work/cut-back.db"

echo "# case import of a screened case: the same check as db copy"
# The same function serves both: onto a server without an edition a
# screening of the case file names, nothing is imported, the edition and
# the cure are named; once the list is there the import goes through.
"$cli" case export --db "$screened_file" "$id4" -o "$work/screened.probity" >"$log" 2>&1 ||
  { echo "case export from the file: $(cat "$log")" >&2; exit 1; }
pg_as postgres -c "CREATE DATABASE team4" -d postgres >/dev/null
"$cli" db init "host=$PGHOST dbname=team4 user=postgres" >/dev/null || exit 1
for who in "adam admin" "sam sales east"; do
  set -- $who
  "$cli" db add-user "host=$PGHOST dbname=team4 user=postgres" "$1" --role "$2" ${3:+--team "$3"} >/dev/null 2>&1 ||
    exit 1
done
team4="host=$PGHOST dbname=team4 user"
run_cli "a screened case file onto a server without its list: refused, naming the edition" 1 \
  "Nothing was imported: .*list editions .* does not hold" case import --db "$team4=adam" "$work/screened.probity"
checks=$((checks + 1))
if grep -q "eu-fsf" "$log" && grep -q "lists import" "$log"; then pass "the refusal names the edition and the cure"
else fail "the refusal names no edition or cure: $(cat "$log")"; fi
expect_value postgres "and nothing was imported" "0" -d team4 <<'SQL'
SELECT count(*) FROM probity.cases;
SQL
run_cli "the administrator imports the same list there" 0 "" \
  lists import --db "$team4=adam" "$src/tests/data/screening/eu-fsf.xml"
run_cli "then the case file goes in" 0 "imported" case import --db "$team4=adam" "$work/screened.probity"
expect_value postgres "and the case is there" "1" -d team4 <<'SQL'
SELECT count(*) FROM probity.cases;
SQL

finish
