#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# probity-cli against a team server, end to end, each person logged in as
# their own role: an administrator imports a screening list (a sales
# person may not), a reviewer whose role name is not their certificate's
# signs under the display name the server keeps for them, and the report
# verifies.
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
out=$work/out
unset PROBITY_DB PROBITY_USER PROBITY_ROLE PROBITY_ORGANISATION

as () {
  printf 'host=%s dbname=%s user=%s' "$PGHOST" "$PGDATABASE" "$1"
}

# run_cli WHAT EXPECTED-STATUS PATTERN ARGS…: the CLI exits so and prints PATTERN.
run_cli () {
  what=$1 status=$2 pattern=$3
  shift 3
  checks=$((checks + 1))
  "$cli" "$@" >"$out" 2>&1
  got=$?
  if [ "$got" -ne "$status" ]; then
    fail "$what: exit $got, expected $status: $(cat "$out")"
  elif [ -n "$pattern" ] && ! grep -q -- "$pattern" "$out"; then
    fail "$what: no “$pattern” in: $(cat "$out")"
  else
    pass "$what: $(head -n1 "$out")"
  fi
}

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
mkdir pki
(
  cd pki &&
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem -days 30 \
    -subj "/O=Probity Test/CN=Probity Test Root CA" -addext basicConstraints=critical,CA:TRUE \
    -addext keyUsage=critical,keyCertSign,cRLSign &&
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout jane.key -out jane.csr \
    -subj "/O=Probity Test/CN=Jane Doe" &&
  printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=emailProtection\n' >ee.ext &&
  openssl x509 -req -in jane.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 -extfile ee.ext -out jane.pem &&
  openssl pkcs12 -export -inkey jane.key -in jane.pem -certfile ca.pem -name "Jane Doe" -passout pass:secret -out jane.p12
) >pki/log 2>&1 || { cat pki/log >&2; exit 1; }
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

echo "# A reviewer signs under the name the server keeps for them"
case_id=$("$cli" case new --db "$(as sam)" --customer "上海市公安局" --country CN --product FaceFinder \
            --product-version 5.2 --family facial-recognition 2>"$out")
[ -n "$case_id" ] || { echo "case new: $(cat "$out")" >&2; exit 1; }
run_cli "sam answers" 0 "" case import-answers --db "$(as sam)" "$case_id" \
  "$src/tests/data/answers/morpho-shanghai-psb.json"
run_cli "sam submits" 0 "" case submit --db "$(as sam)" "$case_id"
run_cli "another reviewer cannot act under the certificate's name" 1 "nothing can be done as “Jane Doe”" \
  report "$case_id" -o rex.pdf --db "$(as rex)" --sign pki/jane.p12 --passphrase-file pass.txt \
  --role reviewer --decision rejected --reason "Hard stop applies"
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

finish
