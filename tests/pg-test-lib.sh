# SPDX-License-Identifier: GPL-3.0-or-later
#
# Shell helpers for the tests that type SQL by hand against a throwaway
# cluster (tests/pg-cluster.sh run sets PGHOST and PGDATABASE). Values go
# through psql variables (:'name'), which psql quotes: the tests say what a
# hostile client could send, not how to build SQL from strings.

failures=0
checks=0
sql_file=$(mktemp)
trap 'rm -f "$sql_file"' EXIT

# psql as ROLE, stopping at the first error, with the SQLSTATE in messages.
# The rest of the arguments are psql's (-v name=value …); SQL on stdin.
pg_as () {
  role=$1
  shift
  [ "${PAST_GATE:-0}" = 0 ] || [ "$role" = postgres ] || past_gate "$role"
  psql -X -q -A -t -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -U "$role" "$@"
}

fail () {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

pass () {
  echo "ok: $*"
}

# With PAST_GATE=1 (the scripts that try the server's rules with SQL typed
# by hand), each sales person or reviewer pg_as connects as is first let
# touch the tables themselves, as probity.gate () does for them
# (schema-v16.sql), whose statements are Probity's but whose values
# anyone's: the rules are tried past the gate. test-pg-gate.sh tries the
# gate, with nobody let past it. Role grants are the cluster's.
past_gate_done=' '
past_gate () {
  case "$past_gate_done" in *" $1 "*) return 0 ;; esac
  out=$(psql -X -q -A -t -U postgres -v who="$1" 2>/dev/null <<'SQL'
SELECT CASE WHEN to_regrole ('probity_gate') IS NULL OR to_regrole (:'who') IS NULL THEN false
            WHEN pg_has_role (:'who', 'probity_gate', 'MEMBER') THEN false
            ELSE pg_has_role (:'who', 'probity_sales', 'MEMBER') OR pg_has_role (:'who', 'probity_reviewer', 'MEMBER') END;
SQL
)
  if [ "$out" = t ]; then
    psql -X -q -U postgres -v who="$1" >/dev/null 2>&1 <<'SQL'
SET client_min_messages = warning;
GRANT probity_gate TO :"who";
SQL
    past_gate_done="$past_gate_done$1 "
  fi
}

# expect_ok ROLE WHAT [psql args…] <<SQL: the statements all succeed.
expect_ok () {
  role=$1 what=$2
  shift 2
  checks=$((checks + 1))
  if out=$(pg_as "$role" "$@" 2>&1); then
    pass "$what"
  else
    fail "$what: refused: $out"
  fi
}

# expect_refused ROLE WHAT SQLSTATE [psql args…] <<SQL: the server refuses
# with that SQLSTATE (PB… of schema-v1.sql, 42501 for a privilege or
# row-level security, …) and the message is printed.
expect_refused () {
  role=$1 what=$2 code=$3
  shift 3
  checks=$((checks + 1))
  if out=$(pg_as "$role" "$@" 2>&1); then
    fail "$what: accepted (expected $code)"
  elif printf '%s\n' "$out" | grep -q "ERROR:  $code:"; then
    pass "$what: $(printf '%s\n' "$out" | grep -m1 'ERROR:' | cut -c1-160)"
  else
    fail "$what: refused with another error than $code: $out"
  fi
}

# expect_value ROLE WHAT EXPECTED [psql args…] <<SQL: the query prints EXPECTED.
expect_value () {
  role=$1 what=$2 expected=$3
  shift 3
  checks=$((checks + 1))
  if ! out=$(pg_as "$role" "$@" 2>&1); then
    fail "$what: $out"
  elif [ "$out" = "$expected" ]; then
    pass "$what"
  else
    fail "$what: got “$out”, expected “$expected”"
  fi
}

# SQL that appends an event to case :'case' as the store does, under the
# name of whoever is connected: psql variables case, rev, kind, role, t
# (the time), old, new, reason, data, qid (empty: NULL).
EVENT_SQL="
INSERT INTO probity.events
SELECT (r).case_id, (r).seq, (r).revision, (r).time, (r).\"user\", (r).kind, (r).question_id, (r).old_value,
       (r).new_value, (r).reason, (r).data, (r).prev_hash, probity.event_hash (r), (r).role, (r).organisation
  FROM (SELECT ROW (k.id, coalesce (c.head_seq, 0) + 1, :rev,
                    CASE WHEN :'kind' = 'case-created' THEN c.created ELSE :'t' END,
                    session_user::text, :'kind', NULLIF (:'qid', ''), NULLIF (:'old', ''), NULLIF (:'new', ''),
                    NULLIF (:'reason', ''), NULLIF (:'data', ''), coalesce (c.head_hash, repeat ('0', 64)), NULL,
                    :'role', NULL)::probity.events AS r
          FROM (SELECT :'case'::text AS id) k LEFT JOIN probity.cases c ON c.id = k.id) x;
UPDATE probity.cases c SET (head_seq, head_hash, updated) =
  (SELECT e.seq, e.hash, e.time FROM probity.events e WHERE e.case_id = c.id ORDER BY e.seq DESC LIMIT 1)
 WHERE c.id = :'case';
"

# The time as the store writes it, UTC with microseconds.
now () {
  date -u +%Y-%m-%dT%H:%M:%S.%6NZ
}

# append ROLE EXPECT WHAT CASE REV KIND EVENT-ROLE [OLD NEW REASON DATA QID]:
# ROLE appends an event to CASE as the store does (in one transaction
# with $BEFORE, SQL run first, and $AFTER), dated $T (default now);
# EXPECT is "ok" or the SQLSTATE the server must refuse it with.
append () {
  role=$1 expect=$2 what=$3
  sql="BEGIN; ${BEFORE:-} $EVENT_SQL ${AFTER:-} COMMIT;"
  set -- -v "case=$4" -v "rev=$5" -v "kind=$6" -v "role=$7" -v "old=${8:-}" -v "new=${9:-}" \
         -v "reason=${10:-}" -v "data=${11:-}" -v "qid=${12:-}" -v "t=${T:-$(now)}"
  # A file, not a pipe: the checks must count in this shell.
  printf '%s\n' "$sql" >"$sql_file"
  if [ "$expect" = ok ]; then
    expect_ok "$role" "$what" "$@" <"$sql_file"
  else
    expect_refused "$role" "$what" "$expect" "$@" <"$sql_file"
  fi
}

# run_cli WHAT EXPECTED-STATUS PATTERN ARGS…: $cli exits so and prints
# PATTERN (its output in $log, which the script names).
run_cli () {
  what=$1 status=$2 pattern=$3
  shift 3
  checks=$((checks + 1))
  "$cli" "$@" >"$log" 2>&1
  got=$?
  if [ "$got" -ne "$status" ]; then
    fail "$what: exit $got, expected $status: $(cat "$log")"
  elif [ -n "$pattern" ] && ! grep -q -- "$pattern" "$log"; then
    fail "$what: no “$pattern” in: $(cat "$log")"
  else
    pass "$what: $(head -n1 "$log")"
  fi
}

# as ROLE: the connection of the test's database, logged in as ROLE.
as () {
  printf 'host=%s dbname=%s user=%s' "$PGHOST" "$PGDATABASE" "$1"
}

# An answer as the store writes it (psql variables of EVENT_SQL), kept
# with no comment or note (NO_NOTE, the event's data).
ANSWER="INSERT INTO probity.answers (case_id, revision, question_id, value, \"user\", updated)
  VALUES (:'case', :rev, :'qid', :'new', session_user, :'t')
  ON CONFLICT (case_id, revision, question_id) DO UPDATE
    SET value = excluded.value, \"user\" = excluded.\"user\", updated = excluded.updated;"
NO_NOTE='{"comment":"","evidence_note":""}'

# A status change as the store writes it: the revision follows the event.
STATUS="UPDATE probity.revisions SET status = :'new',
          decision = CASE WHEN :'new' IN ('approved', 'approved-with-conditions', 'rejected') THEN :'new' END,
          reason = CASE WHEN :'new' IN ('approved', 'approved-with-conditions', 'rejected') THEN NULLIF (:'reason', '') END,
          conditions = CASE WHEN :'new' IN ('approved', 'approved-with-conditions', 'rejected') THEN probity.data_get (NULLIF (:'data', ''), 'conditions') END
         WHERE case_id = :'case' AND revision = :rev;"
# status WHO ROLE EXPECT WHAT CASE OLD NEW [REASON DATA]: WHO changes the
# status of revision 1 of CASE in ROLE.
status () {
  BEFORE="$STATUS" append "$1" "$3" "$4" "$5" 1 status-changed "$2" "$6" "$7" "${8:-}" "${9:-}"
}

finish () {
  echo "$checks checks, $failures failed"
  [ "$failures" -eq 0 ]
}
