#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Review14e H6: what a sales person of another team, or a reviewer (of a
# case not submitted yet), learns of cases row-level security hides from
# them, through every side channel we could think of. Team A's cases are
# made with the real probity-cli; then team B's sales person (bert) and the
# reviewer (rita) each ask the server the same question twice: once about a
# hidden row's value (hit), once about a value no row has (miss). Whatever
# the server answers (plans, counters, locks, errors, rows), with timings
# taken out, must be the same: a difference is a LEAK. Each question runs
# ten times in one session, alternately hit and miss; the last four decide,
# so that caches warming up (and plans made generic after five runs) are
# not taken for a leak (NOISE when those disagree among themselves).
#
# Probes, by what they ask:
# - every index of every table under row-level security in schema probity
#   (from the catalog), on a hidden row's key (pg-h6-targets.sql): EXPLAIN
#   ANALYZE (BUFFERS) of SELECT, UPDATE and DELETE, EXPLAIN EXECUTE of a
#   prepared statement, the planner's estimates (EXPLAIN; debug_print_plan
#   at client_min_messages = log, printed before any privilege check), the
#   backend's own counters (pg_stat_get_xact_*), the cumulative statistics
#   views (pg_stat_user_tables, pg_statio_*, pg_stat_user_indexes),
#   SERIALIZABLE predicate locks (pg_locks, SIReadLock), a cursor's MOVE;
# - bisection of case ids, statuses, outcomes, decisions and stored files'
#   SHA-256 by ranges;
# - a temporary function and a DO block running EXPLAIN; query_to_xml,
#   cursor_to_xml, table_to_xml, ts_stat and ts_rewrite with a query string;
# - every function of schema probity the prober may call, given hidden
#   keys (SECURITY DEFINER ones above all);
# - INSERTs with a hidden key (a case, a customer, a product, a stored file
#   with a hidden file's bytes): unique violations, ON CONFLICT, WAL;
# - on a server with probity.gate () (schema 16): every registered statement
#   that takes a key, called with hidden keys through gate () and
#   gate_kept (): EXPLAIN ANALYZE (BUFFERS, WAL) of the call, predicate
#   locks, rows and errors, the inner plans' estimates (debug_print_plan);
#   the gate's refusals; crafted values;
# - LISTEN on the channels one can name while team A's case changes; what
#   pg_stat_activity shows of team A's session; pg_stats;
# - Probity's own calls, the values bound as parameters (pg-h6-call.py
#   --pairs: what a gate that runs only those leaves open), with the
#   caller's notices on (client_min_messages = debug5, trace_sort), the
#   bytes of WAL each call wrote (pg_current_wal_insert_lsn ()), under a
#   lock_timeout while the superuser holds the hidden rows' locks (a wait
#   is a timing oracle; the timeout makes it an error), and the plans the
#   gate's prepared statements chose (pg_prepared_statements);
# - the gate's guard: a cursor named as Probity's that is not Probity's;
# - the first touch of a hidden case after a checkpoint, hint bits logged
#   (wal_log_hints, as data checksums do): WAL written by a read.
# Sizes (pg_class.reltuples, relpages, pg_relation_size ()) are reported as
# leaks accepted out of scope (counts, not keys: review14e L2), as is time.
#
#   pg-cluster.sh run test-pg-h6.sh PROBITY-CLI
# By default (make test) every kind of probe runs, each channel on the most
# telling targets: the planner's estimates on every index, the other direct
# channels on one index of each kind of key, each probity function once,
# the gate's psql calls on five statements, Probity's bound calls on every
# registered statement; ten rounds a probe (some 1,000 probes, about a
# minute on two shared cores).
# PROBITY_H6_FULL=1: every probe on every target and registered statement
# (some 2,300 probes: 2-8 minutes). PROBITY_H6_ROUNDS=N: N rounds a probe
# (at least 4; fewer than ten leave plans made generic after five runs
# unsettled in the last four, which are then NOISE: a leak may hide there).
# PROBITY_H6_FIX_SQL=FILE: SQL the superuser runs after db init and ANALYZE
# (a fix tried before it is a schema version).
set -u

here=$(cd "$(dirname "$0")" && pwd)
. "$here/pg-test-lib.sh"
cli=${1:?usage: test-pg-h6.sh PROBITY-CLI}
cli=$(cd "$(dirname "$cli")" && pwd)/$(basename "$cli")
admin="host=$PGHOST dbname=$PGDATABASE user=postgres"
work=$(mktemp -d "${TMPDIR:-/tmp}/test-pg-h6-XXXXXX")
trap 'rm -rf "$work" "$sql_file"' EXIT
cd "$work"
log=$work/log
unset PROBITY_DB PROBITY_USER PROBITY_ROLE PROBITY_ORGANISATION

leaks=0
accepted=0
noise=0
probes=0
full=${PROBITY_H6_FULL:-0}
rounds=${PROBITY_H6_ROUNDS:-10}
[ "$rounds" -ge 4 ] || { echo "PROBITY_H6_ROUNDS: at least 4" >&2; exit 1; }
# even: the last four rounds are hit, miss, hit, miss
rounds=$((rounds + rounds % 2))

# accepted NAME: why a leak of probe NAME is out of scope (none: it is not).
accepted () {
  case "$1" in
    size:*) echo "table and index sizes are counts of rows, not their keys (review14e L2)" ;;
    *) return 1 ;;
  esac
}

leak () {
  name=$1
  shift
  if why=$(accepted "$name"); then
    accepted=$((accepted + 1))
    echo "LEAK (accepted: $why): $name: $*"
  else
    leaks=$((leaks + 1))
    echo "LEAK: $name: $*"
  fi
}

# verdict KIND NAME DETAIL: counts a PASS, LEAK or NOISE and says it.
verdict () {
  case "$1" in
    PASS) echo "PASS: $2" ;;
    LEAK) leak "$2" "$3" ;;
    *) noise=$((noise + 1)); echo "NOISE: $2: $3" ;;
  esac
}

# The last four rounds of a probe's output (file $1, $rounds rounds marked
# @@N), each without the values in H6_VALUES, timings, psql's file and line,
# and buffers counted as hit or read alike, then through filter $2 (cat;
# estimates: only the planner's figures, rows and costs, of EXPLAIN and of
# debug_print_plan, whose dumps the server wraps anywhere; hashes: a
# function's value made of its argument, a hash of it, is no answer):
# "PASS", "LEAK<tab>what differs" (hit against miss) or "NOISE<tab>…" (hit
# against hit, or miss against miss).
H6_JUDGE='
  my ($file, $n, $filter) = @ARGV;
  my @v = sort { length ($b) <=> length ($a) } grep { length } split /\n/, $ENV{H6_VALUES};
  open my $fh, "<", $file or die "$file: $!";
  my (%round, $r);
  while (my $l = <$fh>) {
    if ($l =~ /^@@(\d+|end)$/) { $r = $1; next; }
    next unless defined $r && $r ne "end" && $r > $n - 4;
    for my $v (@v) {
      if ($v =~ /^\d+$/) { $l =~ s/\x27\Q$v\E\x27/\x27<V>\x27/g; }
      else { $l =~ s/(?<![\w.-])\Q$v\E(?![\w-])/<V>/gi; }
    }
    $l =~ s/^psql:[^:]*:\d+: //;
    $l =~ s/actual time=[\d.]+\.\.[\d.]+ //g;
    $l =~ s/(shared|local|temp) hit=(\d+) read=(\d+)/"$1 " . ($2 + $3)/ge;
    $l =~ s/(shared|local|temp) (?:hit|read)=(\d+)/$1 $2/g;
    next if $l =~ /^\s*(Planning|Execution) Time:|^\s*Planning:$/;
    next if $l =~ /^Time: /;
    # psql quoting the statement back (the caller’s own text, cut short)
    next if $l =~ /^LINE \d+: |^\s*\^\s*$/;
    $round{$r} .= $l;
  }
  my @o;
  for my $k (1 .. 4) {
    my $t = $round{$n - 4 + $k} // "";
    if ($filter eq "estimates") {
      $t =~ s/\n/ /g;
      $t = join "", map { "$_\n" } ($t =~ /rows=[0-9]+|cost=[0-9.]+\.\.[0-9.]+|:plan_rows +[0-9]+|:(?:startup|total)_cost +[0-9.]+|ERROR: [^:]*/g);
      $t =~ s/ +/ /g;
    } elsif ($filter eq "hashes") {
      $t =~ s/[0-9a-f]{64}/<hash>/g;
    }
    push @o, $t;
  }
  sub only { my ($a, $b, $tag) = @_; my %in = map { $_ => 1 } split /\n/, $b;
             map { "$tag:$_" } grep { !$in{$_} } split /\n/, $a; }
  if ($o[0] ne $o[2] || $o[1] ne $o[3]) {
    my @d = $o[0] ne $o[2] ? (only ($o[0], $o[2], "<"), only ($o[2], $o[0], ">")) : (only ($o[1], $o[3], "<"), only ($o[3], $o[1], ">"));
    print "NOISE\t", substr (join (" ", @d[0 .. ($#d < 1 ? $#d : 1)]), 0, 200), "\n";
  } elsif ($o[2] eq $o[3]) {
    print "PASS\t\n";
  } else {
    my @d = (only ($o[2], $o[3], "hit"), only ($o[3], $o[2], "miss"));
    print "LEAK\t", substr (join (" ", @d[0 .. ($#d < 5 ? $#d : 5)]), 0, 600), "\n";
  }
'

# differ NAME ROLE "HIT-VARS" "MISS-VARS" [FILTER] <<SQL: runs SQL as ROLE
# $rounds times in one session, alternately with the psql variables of HIT
# (name=value …, values without blanks) and of MISS set; the last four
# outputs (hit, miss, hit, miss), judged by H6_JUDGE, must be the same.
differ () {
  name=$1 role=$2 hitvars=$3 missvars=$4 filter=${5:-cat}
  probes=$((probes + 1))
  tmpl=$(cat)
  : >"$work/probe.sql"
  for r in $(seq 1 "$rounds"); do
    if [ $((r % 2)) -eq 1 ]; then vars=$hitvars; else vars=$missvars; fi
    printf '\\echo @@%s\n' "$r" >>"$work/probe.sql"
    for a in $vars; do printf '\\set %s %s\n' "${a%%=*}" "${a#*=}" >>"$work/probe.sql"; done
    printf '%s\n' "$tmpl" >>"$work/probe.sql"
  done
  printf '\\echo @@end\n' >>"$work/probe.sql"
  psql -X -q -A -t -U "$role" -f "$work/probe.sql" >"$work/probe.out" 2>&1 </dev/null
  out=$(H6_VALUES=$(for a in $hitvars $missvars; do printf '%s\n' "${a#*=}"; done) \
          perl -e "$H6_JUDGE" "$work/probe.out" "$rounds" "$filter")
  verdict "${out%%	*}" "$name" "${out#*	}"
}

# pairs ROLE "HIT-VARS" "MISS-VARS" [HOLD-SQL] <CALLS: Probity's bound calls
# (pg-h6-call.py --pairs; lines "name|fn|kinds|columns|sql-hex|values|pre"),
# each $rounds times, hit and miss in turn, in one session; with HOLD-SQL
# the superuser runs it in a transaction held open meanwhile.
pairs () {
  role=$1 hitvars=$2 missvars=$3 hold=${4:-}
  python3 "$here/pg-h6-call.py" --pairs "$(as "$role")" "$rounds" "$hitvars" "$missvars" \
    ${hold:+"$(as postgres)"} ${hold:+"$hold"} >"$work/pairs.out" 2>&1
  n=0
  while IFS='	' read -r kind name what; do
    case "$kind" in
      PASS|LEAK|NOISE) probes=$((probes + 1)); n=$((n + 1)); verdict "$kind" "$name" "$what" ;;
      *) leaks=$((leaks + 1)); echo "LEAK: pg-h6-call.py --pairs failed: $kind $name $what" ;;
    esac
  done <"$work/pairs.out"
  [ "$n" -gt 0 ] || { leaks=$((leaks + 1)); echo "LEAK: pg-h6-call.py --pairs asked nothing"; }
}

sql_value () {
  psql -X -q -A -t -v ON_ERROR_STOP=1 -U "$1" -c "$2" 2>&1
}

echo "# Set-up: team A's cases, by the real probity-cli"
# Hint bits logged, as data checksums or wal_log_hints (which pg_rewind
# needs) log them: the first touch of a row then writes WAL (P18-6).
hints=off
if [ -n "${PROBITY_TEST_PG_DIR:-}" ] && psql -X -q -U postgres -c "ALTER SYSTEM SET wal_log_hints = on" &&
     sh "$here/pg-cluster.sh" restart "$PROBITY_TEST_PG_DIR"; then
  hints=$(sql_value postgres "SHOW wal_log_hints")
fi
"$cli" db init "$admin" >/dev/null || { echo "db init failed" >&2; exit 1; }
for who in "anna sales teama" "bert sales teamb" "audrey auditor" "adam admin"; do
  set -- $who
  "$cli" db add-user "$admin" "$1" --role "$2" ${3:+--team "$3"} >/dev/null ||
    { echo "db add-user $1 failed" >&2; exit 1; }
done
"$cli" db add-user "$admin" rita --role reviewer --name "Test Signer" >/dev/null || exit 1
benign=$here/data/answers/benign-carpark-anpr.json
# new_case WHO CUSTOMER COUNTRY: a case WHO fills in, ready to submit; prints its id.
new_case () {
  id=$("$cli" case new --db "$(as "$1")" --customer "$2" --country "$3" --product PlateReader \
         --product-version 2.4 2>"$log") &&
    "$cli" case import-answers --db "$(as "$1")" "$id" "$benign" >>"$log" 2>&1 &&
    "$cli" case answer --db "$(as "$1")" "$id" S5.03o "Freedom on the Net 2024 rates it Free" >>"$log" 2>&1 &&
    "$cli" case answer --db "$(as "$1")" "$id" S5.03 free >>"$log" 2>&1 &&
    echo "$id"
}
setup () {
  "$@" >>"$log" 2>&1 || { echo "set-up failed: $*: $(cat "$log")" >&2; exit 1; }
}
# A1: submitted and approved; A2: submitted; A3: a draft (hidden from the
# reviewer too); more drafts, so that the statistics have something to say.
a1=$(new_case anna "Hidden Harbour AG" NL) || { echo "case A1: $(cat "$log")" >&2; exit 1; }
printf 'hidden-evidence-A1' >a1.txt
setup "$cli" case attach --db "$(as anna)" "$a1" S1.01 a1.txt
setup "$cli" case submit --db "$(as anna)" "$a1"
setup "$cli" case decide --db "$(as rita)" "$a1" --role reviewer --decision approved --reason "Car park plate reader"
a2=$(new_case anna "Hidden Quay BV" DE) || { echo "case A2: $(cat "$log")" >&2; exit 1; }
setup "$cli" case submit --db "$(as anna)" "$a2"
a3=$(new_case anna "Hidden Draft Oy" FI) || { echo "case A3: $(cat "$log")" >&2; exit 1; }
printf 'hidden-evidence-A3' >a3.txt
setup "$cli" case attach --db "$(as anna)" "$a3" S1.01 a3.txt
for n in 1 2 3 4 5 6; do
  setup "$cli" case new --db "$(as anna)" --customer "Hidden Prospect $n" --country NL --product "Hidden Camera $n" \
    --product-version 1
done
# Bert's own case, so that he sees something.
b1=$(new_case bert "Bert Visible GmbH" AT) || { echo "case B1: $(cat "$log")" >&2; exit 1; }
printf 'visible-evidence-B1' >b1.txt
setup "$cli" case attach --db "$(as bert)" "$b1" S1.01 b1.txt
# A real server has its statistics (autovacuum); this one gets them now.
psql -X -q -U postgres -c 'ANALYZE' || exit 1
# A fix to try before it is a schema version: SQL the superuser runs now.
if [ -n "${PROBITY_H6_FIX_SQL:-}" ]; then
  psql -X -q -v ON_ERROR_STOP=1 -U postgres -f "$PROBITY_H6_FIX_SQL" || exit 1
fi
gated=$(sql_value postgres "SELECT to_regprocedure ('probity.gate(text,text,text[])') IS NOT NULL")
echo "team A: $a1 (approved), $a2 (submitted), $a3 (draft); team B: $b1; gate: $gated"
[ "$(sql_value bert "SELECT probity.session_role ()")" = sales ] || { echo "bert is not a sales person" >&2; exit 1; }

# The hidden values of each kind, for PROBER: hit_case, miss_case, … (case
# id, stored file, customer, product, team), from the targets.
hidden_values () {
  prober=$1
  psql -X -q -A -t -v ON_ERROR_STOP=1 -U postgres -v prober="$prober" -f "$here/pg-h6-targets.sql" >"$work/targets.$prober" 2>&1 ||
    { echo "targets for $prober: $(cat "$work/targets.$prober")" >&2; exit 1; }
  grep -c '|' "$work/targets.$prober" >/dev/null || { echo "no targets for $prober" >&2; exit 1; }
  for kind in "case probity.cases_pkey" "sha probity.blobs_pkey" "uid probity.customers_pkey" \
              "puid probity.products_pkey" "team probity.cases_by_team"; do
    set -- $kind
    line=$(awk -F'|' -v idx="$2" '$2 == idx && $3 == 1' "$work/targets.$prober" | head -n1)
    if [ -n "$line" ]; then
      eval "hit_$1=\$(printf '%s' \"\$line\" | cut -d'|' -f5)"
      eval "miss_$1=\$(printf '%s' \"\$line\" | cut -d'|' -f6)"
    else
      # nothing of that kind hidden from the prober: asked, not varied
      eval "hit_$1=x miss_$1=x"
    fi
  done
  # The case: the busiest one hidden from the prober (a hundred events, in
  # the statistics' most common values), against an id no case has.
  if [ "$prober" = rita ]; then hit_case=$a3; else hit_case=$a1; fi
  miss_case=$(sql_value postgres "SELECT c FROM unnest ('{0,1,2,9,A,F}'::text[]) x,
                                    LATERAL (SELECT overlay ('$hit_case' PLACING x FROM length ('$hit_case'))) y (c)
                                   WHERE NOT EXISTS (SELECT 1 FROM probity.cases WHERE id = c) LIMIT 1")
}

# direct_probes PROBER: the catalog's targets, as they are (on schema 16 a
# sales person or reviewer is refused them: the same refusal for hit and miss).
direct_probes () {
  prober=$1
  while IFS='|' read -r tbl idx k cond hit miss updcol; do
    [ -n "$miss" ] || continue
    what="$prober: $tbl by $idx (key $k)"
    differ "estimates: $what" "$prober" "v=$hit" "v=$miss" estimates <<SQL
SET enable_seqscan = off; SET enable_bitmapscan = off;
EXPLAIN SELECT 1 FROM $tbl WHERE $cond;
SET client_min_messages = log; SET debug_print_plan = on; SET debug_pretty_print = off;
SELECT 1 FROM $tbl WHERE $cond;
RESET debug_print_plan; RESET client_min_messages;
SQL
    # By default the other channels on the first key of one index of each
    # kind of key (case id, file, customer, event of a case).
    if [ "$full" != 1 ]; then
      case " probity.cases_pkey probity.blobs_pkey probity.customers_pkey probity.events_pkey " in
        *" $idx "*) [ "$k" -eq 1 ] || continue ;;
        *) continue ;;
      esac
    fi
    differ "explain-select: $what" "$prober" "v=$hit" "v=$miss" <<SQL
SET enable_seqscan = off; SET enable_bitmapscan = off;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT 1 FROM $tbl WHERE $cond;
SQL
    differ "explain-update: $what" "$prober" "v=$hit" "v=$miss" <<SQL
SET enable_seqscan = off; SET enable_bitmapscan = off;
BEGIN;
EXPLAIN (ANALYZE, BUFFERS, WAL, COSTS OFF, TIMING OFF, SUMMARY OFF) UPDATE $tbl SET $updcol = $updcol WHERE $cond;
ROLLBACK;
SQL
    differ "explain-delete: $what" "$prober" "v=$hit" "v=$miss" <<SQL
SET enable_seqscan = off; SET enable_bitmapscan = off;
BEGIN;
EXPLAIN (ANALYZE, BUFFERS, WAL, COSTS OFF, TIMING OFF, SUMMARY OFF) DELETE FROM $tbl WHERE $cond;
ROLLBACK;
SQL
    differ "counters and predicate locks: $what" "$prober" "v=$hit" "v=$miss" <<SQL
SET enable_seqscan = off; SET enable_bitmapscan = off;
BEGIN ISOLATION LEVEL SERIALIZABLE;
SELECT pg_stat_get_xact_tuples_fetched ('$tbl'::regclass) AS a1, pg_stat_get_xact_tuples_returned ('$tbl'::regclass) AS a2,
       pg_stat_get_xact_blocks_fetched ('$tbl'::regclass) AS a3, pg_stat_get_xact_blocks_hit ('$tbl'::regclass) AS a4,
       pg_stat_get_xact_tuples_fetched ('$idx'::regclass) AS a5, pg_stat_get_xact_tuples_returned ('$idx'::regclass) AS a6,
       pg_stat_get_xact_numscans ('$idx'::regclass) AS a7 \gset x_
SELECT count(*) FROM $tbl WHERE $cond;
SELECT 'siread', locktype, relation::regclass, page, tuple FROM pg_locks
 WHERE pid = pg_backend_pid () AND mode = 'SIReadLock' ORDER BY 2, 3, 4, 5;
SELECT 'xact', pg_stat_get_xact_tuples_fetched ('$tbl'::regclass) - :x_a1, pg_stat_get_xact_tuples_returned ('$tbl'::regclass) - :x_a2,
       pg_stat_get_xact_blocks_fetched ('$tbl'::regclass) - :x_a3, pg_stat_get_xact_blocks_hit ('$tbl'::regclass) - :x_a4,
       pg_stat_get_xact_tuples_fetched ('$idx'::regclass) - :x_a5, pg_stat_get_xact_tuples_returned ('$idx'::regclass) - :x_a6,
       pg_stat_get_xact_numscans ('$idx'::regclass) - :x_a7;
ROLLBACK;
SQL
    [ "$k" -eq 1 ] || continue
    differ "prepared, EXPLAIN EXECUTE, cursor: $what" "$prober" "v=$hit" "v=$miss" <<SQL
SET enable_seqscan = off; SET enable_bitmapscan = off;
PREPARE h6 AS SELECT 1 FROM $tbl WHERE $cond;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY OFF) EXECUTE h6;
DEALLOCATE h6;
BEGIN;
DECLARE h6c SCROLL CURSOR FOR SELECT 1 FROM $tbl WHERE $cond;
\set QUIET off
MOVE FORWARD ALL IN h6c;
\set QUIET on
ROLLBACK;
SQL
    differ "statistics views: $what" "$prober" "v=$hit" "v=$miss" <<SQL
SET enable_seqscan = off; SET enable_bitmapscan = off;
SELECT pg_stat_force_next_flush ();
SELECT coalesce (t.idx_scan, 0) AS a1, coalesce (t.idx_tup_fetch, 0) AS a2, coalesce (t.seq_tup_read, 0) AS a3,
       coalesce (s.heap_blks_hit + s.heap_blks_read, 0) AS a4, coalesce (s.idx_blks_hit + s.idx_blks_read, 0) AS a5,
       coalesce (i.idx_tup_read, 0) AS a6, coalesce (i.idx_tup_fetch, 0) AS a7
  FROM pg_stat_user_tables t JOIN pg_statio_user_tables s USING (relid)
  JOIN pg_stat_user_indexes i USING (relid) WHERE t.relid = '$tbl'::regclass AND i.indexrelid = '$idx'::regclass \gset b_
SELECT count(*) FROM $tbl WHERE $cond;
SELECT pg_stat_force_next_flush ();
SELECT 'delta', coalesce (t.idx_scan, 0) - :b_a1, coalesce (t.idx_tup_fetch, 0) - :b_a2, coalesce (t.seq_tup_read, 0) - :b_a3,
       coalesce (s.heap_blks_hit + s.heap_blks_read, 0) - :b_a4, coalesce (s.idx_blks_hit + s.idx_blks_read, 0) - :b_a5,
       coalesce (i.idx_tup_read, 0) - :b_a6, coalesce (i.idx_tup_fetch, 0) - :b_a7
  FROM pg_stat_user_tables t JOIN pg_statio_user_tables s USING (relid)
  JOIN pg_stat_user_indexes i USING (relid) WHERE t.relid = '$tbl'::regclass AND i.indexrelid = '$idx'::regclass;
SQL
  done <"$work/targets.$prober"
}

# named_probes PROBER: bisection, functions that run query strings, and
# the like, on the hidden values of hidden_values.
named_probes () {
  p=$1
  H="case=$hit_case sha=$hit_sha uid=$hit_uid puid=$hit_puid team=$hit_team"
  M="case=$miss_case sha=$miss_sha uid=$miss_uid puid=$miss_puid team=$miss_team"
  # Bisection: a range holding the hidden id against the range after it.
  lo=$(printf '%s' "$hit_case" | cut -c1-10)
  differ "bisect case ids (case_list, cases): $p" "$p" "lo=$lo hi=$lo~" "lo=$lo~ hi=$lo~~" <<'SQL'
SET enable_seqscan = off; SET enable_bitmapscan = off;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT 1 FROM probity.case_list WHERE case_id >= :'lo' AND case_id < :'hi';
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT 1 FROM probity.cases WHERE id >= :'lo' AND id < :'hi';
SQL
  # The same with no privilege at all: the planner's estimates from the
  # statistics (events' most common case ids), printed before any check.
  if [ "$p" = rita ]; then big=$a3; else big=$a1; fi
  blo=$(printf '%s' "$big" | cut -c1-9)
  differ "bisect case ids by the planner's statistics (debug_print_plan): $p" "$p" \
    "lo=$blo hi=$blo~" "lo=$blo~ hi=$blo~~" estimates <<'SQL'
SET client_min_messages = log; SET debug_print_plan = on; SET debug_pretty_print = off;
SELECT 1 FROM probity.events WHERE case_id >= :'lo' AND case_id < :'hi';
SELECT 1 FROM probity.answers WHERE case_id >= :'lo' AND case_id < :'hi';
RESET debug_print_plan; RESET client_min_messages;
SQL
  slo=$(printf '%s' "$hit_sha" | cut -c1-4)
  differ "bisect stored files' SHA-256 (blobs, evidence): $p" "$p" "lo=$slo hi=$slo~" "lo=$slo~ hi=$slo~~" <<'SQL'
SET enable_seqscan = off; SET enable_bitmapscan = off;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT 1 FROM probity.blobs WHERE sha256 >= :'lo' AND sha256 < :'hi';
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT 1 FROM probity.evidence WHERE sha256 >= :'lo' AND sha256 < :'hi';
SQL
  # A hidden case's status, decision, outcome: the true one against another.
  for col in "status submitted approved" "decision approved rejected" "outcome proceed do-not-proceed"; do
    set -- $col
    truth=$(sql_value postgres "SELECT $1 FROM probity.case_list WHERE case_id = '$hit_case'")
    other=$2
    [ "$truth" != "$other" ] || other=$3
    [ -n "$truth" ] || truth=none
    differ "bisect a hidden case's $1: $p" "$p" "case=$hit_case v=$truth" "case=$hit_case v=$other" <<SQL
SET enable_seqscan = off; SET enable_bitmapscan = off;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT 1 FROM probity.case_list WHERE case_id = :'case' AND $1 = :'v';
SQL
  done
  # Code of one's own making running EXPLAIN.
  differ "temporary function running EXPLAIN: $p" "$p" "$H" "$M" <<'SQL'
SELECT set_config ('h6.v', :'case', false) IS NULL;
CREATE FUNCTION pg_temp.h6f () RETURNS SETOF text LANGUAGE plpgsql AS $f$
BEGIN
  SET LOCAL enable_seqscan = off;
  RETURN QUERY EXECUTE format ('EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT 1 FROM probity.cases WHERE id = %L',
                               current_setting ('h6.v'));
END
$f$;
SELECT * FROM pg_temp.h6f ();
DROP FUNCTION IF EXISTS pg_temp.h6f ();
SQL
  differ "DO block running EXPLAIN: $p" "$p" "$H" "$M" <<'SQL'
SELECT set_config ('h6.v', :'case', false) IS NULL;
SET client_min_messages = notice;
DO $d$
DECLARE
  r text;
BEGIN
  SET LOCAL enable_seqscan = off;
  FOR r IN EXECUTE format ('EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT 1 FROM probity.cases WHERE id = %L',
                           current_setting ('h6.v')) LOOP
    RAISE NOTICE '%', r;
  END LOOP;
END
$d$;
SQL
  # auto_explain would print the plans of the statements inside the gate.
  if [ "$gated" = t ]; then
    ask="SELECT * FROM probity.gate ('SELECT 1 FROM cases WHERE id = \$1', 't', :'case') AS t (c1 int);"
  else
    ask="SELECT 1 FROM probity.cases WHERE id = :'case';"
  fi
  differ "LOAD 'auto_explain' (nested statements, ANALYZE): $p" "$p" "$H" "$M" <<SQL
SET enable_seqscan = off; SET enable_bitmapscan = off;
LOAD 'auto_explain';
SET client_min_messages = log;
SET auto_explain.log_min_duration = 0; SET auto_explain.log_analyze = on; SET auto_explain.log_buffers = on;
SET auto_explain.log_nested_statements = on; SET auto_explain.log_timing = off;
$ask
SQL
  # Built-ins that run a query given as a string.
  differ "query_to_xml (EXPLAIN …): $p" "$p" "$H" "$M" <<'SQL'
SET enable_seqscan = off;
SELECT query_to_xml (format ('EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT 1 FROM probity.cases WHERE id = %L', :'case'), false, false, '');
SELECT query_to_xml_and_xmlschema (format ('SELECT id FROM probity.cases WHERE id = %L', :'case'), false, false, '');
SQL
  differ "cursor_to_xml, table_to_xml: $p" "$p" "$H" "$M" <<'SQL'
BEGIN;
DECLARE h6x CURSOR FOR SELECT id FROM probity.cases WHERE id = :'case';
SELECT cursor_to_xml ('h6x', 10, false, false, '');
ROLLBACK;
SELECT count(*) FROM (SELECT table_to_xml ('probity.cases', false, false, '')::text AS x) t WHERE x LIKE '%' || :'case' || '%';
SQL
  differ "ts_stat, ts_rewrite with a query string: $p" "$p" "$H" "$M" <<'SQL'
SELECT * FROM ts_stat (format ('SELECT to_tsvector (''simple'', id) FROM probity.cases WHERE id = %L', :'case'));
SELECT ts_rewrite ('a'::tsquery, format ('SELECT ''a''::tsquery, ''b''::tsquery FROM probity.cases WHERE id = %L', :'case'));
SQL
  # Every function of schema probity the prober may call, with hidden keys
  # for its text arguments (1 for numbers, NULL for the rest).
  psql -X -q -A -t -U postgres -v p="$p" >"$work/functions" 2>&1 <<'SQL'
SELECT p.oid::regprocedure, format ('%s (%s)', p.oid::regproc,
         coalesce ((SELECT string_agg (CASE WHEN t = 'text'::regtype THEN ':''v''' WHEN t IN ('bigint'::regtype, 'integer'::regtype) THEN '1'
                                             ELSE format ('NULL::%s', t) END, ', ' ORDER BY n)
                      FROM unnest (p.proargtypes::regtype[]) WITH ORDINALITY a (t, n)), ''))
  FROM pg_proc p
 WHERE p.pronamespace = 'probity'::regnamespace AND p.prokind = 'f' AND p.prorettype <> 'trigger'::regtype
   AND p.proname NOT IN ('gate', 'gate_kept') AND 'text'::regtype = ANY (p.proargtypes::regtype[])
   -- those that read a table (a function of its arguments alone tells nothing)
   AND (p.prosecdef OR p.prosrc ~ '\m(cases|case_list|events|answers|evidence|revisions|sign_offs|anchors|submissions|blobs|blobs_sent|customers|products|customer_teams|product_teams|importing|kept_since_submission|members)\M')
   AND has_function_privilege (:'p', p.oid, 'EXECUTE')
 ORDER BY 1;
SQL
  while IFS='|' read -r f call; do
    kinds="case sha uid"
    # by default each function once, with the kind of key it is about
    if [ "$full" != 1 ]; then
      case "$f" in
        *blob*|*approval*|*file*) kinds=sha ;;
        *) kinds=case ;;
      esac
    fi
    for kind in $kinds; do
      eval "h=\$hit_$kind m=\$miss_$kind"
      [ "$h" != x ] || continue
      differ "function $f with a hidden $kind: $p" "$p" "v=$h" "v=$m" hashes <<SQL
SET enable_seqscan = off; SET enable_bitmapscan = off;
BEGIN;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT * FROM $call;
ROLLBACK;
BEGIN;
SELECT * FROM $call;
ROLLBACK;
SQL
    done
  done <"$work/functions"
  # The probes above give every text argument the same key, which a
  # function whose first argument picks a table (key_taken ('cases', id))
  # answers alike. So every SECURITY DEFINER function the prober may call
  # is one read for it: each refuses a hidden key as an absent one before
  # it reads a hidden row, or reads no such row (review-h6 probe18); one
  # not on this list is a leak until someone reads it.
  reviewed="probity.approval_state(text) probity.blob_sent_here(text) probity.gate(text,text,text[])
             probity.gate_kept(text,text,text[]) probity.importing(text) probity.my_channels() probity.my_name()
             probity.my_organisation() probity.my_team() probity.reference_approval_state(text)
             probity.remove_answer(text,bigint,text) probity.remove_evidence(bigint) probity.session_role()"
  probes=$((probes + 1))
  unread=
  for f in $(sql_value postgres "SELECT string_agg (p.oid::regprocedure::text, ' ') FROM pg_proc p
                                  WHERE p.pronamespace = 'probity'::regnamespace AND p.prosecdef
                                    AND p.prorettype <> 'trigger'::regtype AND has_function_privilege ('$p', p.oid, 'EXECUTE')"); do
    case " $(echo $reviewed) " in
      *" $f "*) ;;
      *) unread="$unread $f" ;;
    esac
  done
  if [ -z "$unread" ]; then echo "PASS: every SECURITY DEFINER function $p may call is one reviewed"
  else leak "SECURITY DEFINER functions $p may call, not reviewed" "$unread"; fi
  # The statistics the planner keeps: the hidden keys must not be there.
  probes=$((probes + 1))
  seen=$(sql_value "$p" "SELECT count(*) FROM pg_stats WHERE schemaname = 'probity'
                           AND (most_common_vals::text LIKE '%$hit_case%' OR histogram_bounds::text LIKE '%$hit_case%'
                                OR most_common_vals::text LIKE '%$hit_sha%' OR histogram_bounds::text LIKE '%$hit_sha%')")
  if [ "$seen" = 0 ]; then echo "PASS: pg_stats shows no hidden key: $p"
  else leak "pg_stats: $p" "$seen columns' statistics name a hidden key"; fi
  # Sizes.
  probes=$((probes + 1))
  size=$(sql_value "$p" "SELECT reltuples::bigint || ' rows, ' || relpages || ' pages, ' || pg_relation_size ('probity.cases') || ' bytes'
                           FROM pg_class WHERE oid = 'probity.cases'::regclass")
  total=$(sql_value postgres "SELECT count(*) FROM probity.cases")
  case "$size" in
    "$total rows,"*) leak "size: pg_class.reltuples, relpages, pg_relation_size (): $p" "probity.cases: $size (there are $total cases)" ;;
    *) echo "PASS: size of probity.cases: $p: $size" ;;
  esac
}

# insert_probes PROBER: a row with a hidden key, written as the store
# writes it (values that pass every other check): a unique violation, an
# ON CONFLICT that does nothing, the WAL written must not tell.
insert_probes () {
  p=$1
  own=$(sql_value postgres "SELECT c.customer_uid || ' ' || c.product_uid || ' ' || c.questionnaire_sha256 || ' ' || c.reference_sha256
                              FROM probity.cases c WHERE c.id = '$b1'")
  set -- $own
  own_customer=$1 own_product=$2 own_q=$3 own_ref=$4
  t=$(now)
  if [ "$gated" = t ]; then
    CUSTOMER="SELECT * FROM probity.gate ('INSERT INTO customers (uid, name, aliases, country, entity_type, notes, created) VALUES (\$1, \$2, \$3, \$4, \$5, \$6, \$7)', 'ttttttt', :'uid', 'Probe', '', 'NL', '', '', '$t') AS t (c1 text);"
    PRODUCT="SELECT * FROM probity.gate ('INSERT INTO products (uid, name, version, family, capabilities, created) VALUES (\$1, \$2, \$3, \$4, \$5, \$6)', 'tttttt', :'puid', 'Probe', '1', '', '', '$t') AS t (c1 text);"
    CASE="SELECT * FROM probity.gate ('INSERT INTO cases (id, customer_uid, product_uid, questionnaire_sha256, created, created_by, current_revision, updated, head_seq, head_hash, reference_sha256) VALUES (\$1, \$2, \$3, \$4, \$5, \$6, \$7, \$8, \$9, \$10, \$11)', 'ttttttititt', :'case', '$1', '$2', '$3', '$t', session_user, '1', '$t', '0', repeat ('0', 64), '$4') AS t (c1 text);"
    BLOB="SELECT * FROM probity.gate ('INSERT INTO blobs (sha256, size, content) VALUES (\$1, \$2, \$3) ON CONFLICT DO NOTHING', 'tib', encode (sha256 (convert_to (:'bytes', 'UTF8')), 'hex'), octet_length (:'bytes')::text, '\\x' || encode (convert_to (:'bytes', 'UTF8'), 'hex')) AS t (c1 text);"
  else
    CUSTOMER="INSERT INTO probity.customers (uid, name, aliases, country, entity_type, notes, created) VALUES (:'uid', 'Probe', '', 'NL', '', '', '$t');"
    PRODUCT="INSERT INTO probity.products (uid, name, version, family, capabilities, created) VALUES (:'puid', 'Probe', '1', '', '', '$t');"
    CASE="INSERT INTO probity.cases (id, customer_uid, product_uid, questionnaire_sha256, created, created_by, current_revision, updated, head_seq, head_hash, reference_sha256) VALUES (:'case', '$1', '$2', '$3', '$t', session_user, 1, '$t', 0, repeat ('0', 64), '$4');"
    BLOB="INSERT INTO probity.blobs (sha256, size, content) VALUES (encode (sha256 (convert_to (:'bytes', 'UTF8')), 'hex'), octet_length (:'bytes'), convert_to (:'bytes', 'UTF8')) ON CONFLICT DO NOTHING;"
  fi
  for what in CUSTOMER:uid PRODUCT:puid CASE:case; do
    eval "sql=\$${what%%:*} h=\$hit_${what#*:} m=\$miss_${what#*:}"
    [ "$h" != x ] || continue
    differ "insert a ${what#*:} with a hidden key: $p" "$p" "${what#*:}=$h" "${what#*:}=$m" <<SQL
BEGIN;
\\set QUIET off
EXPLAIN (ANALYZE, BUFFERS, WAL, COSTS OFF, TIMING OFF, SUMMARY OFF) $sql
\\set QUIET on
ROLLBACK;
BEGIN;
\\set QUIET off
$sql
\\set QUIET on
ROLLBACK;
SQL
  done
  # The same, and a hidden file's bytes, with the values bound as Probity
  # binds them (pg-h6-call.py: rows, errors, notices, WAL written).
  if [ "$gated" = t ]; then
    hexof () { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }
    bytes=hidden-evidence-A1
    [ "$p" != rita ] || bytes=hidden-evidence-A3
    {
      [ "$hit_case" = x ] ||
        printf 'insert a case with a hidden key, bound: %s|gate|ttttttititt|c1 text|%s|%s|\n' "$p" \
          "$(hexof 'INSERT INTO cases (id, customer_uid, product_uid, questionnaire_sha256, created, created_by, current_revision, updated, head_seq, head_hash, reference_sha256) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)')" \
          ":'case', '$own_customer', '$own_product', '$own_q', '$t', '$p', '1', '$t', '0', '$(printf '%064d' 0)', '$own_ref'"
      [ "$hit_uid" = x ] ||
        printf 'insert a customer with a hidden key, bound: %s|gate|ttttttt|c1 text|%s|%s|\n' "$p" \
          "$(hexof 'INSERT INTO customers (uid, name, aliases, country, entity_type, notes, created) VALUES ($1, $2, $3, $4, $5, $6, $7)')" \
          ":'uid', 'Probe', '', 'NL', '', '', '$t'"
      [ "$hit_puid" = x ] ||
        printf 'insert a product with a hidden key, bound: %s|gate|tttttt|c1 text|%s|%s|\n' "$p" \
          "$(hexof 'INSERT INTO products (uid, name, version, family, capabilities, created) VALUES ($1, $2, $3, $4, $5, $6)')" \
          ":'puid', 'Probe', '1', '', '', '$t'"
      printf "bytes: store a hidden file's bytes (ON CONFLICT DO NOTHING), bound: %s|gate|tib|c1 text|%s|%s|\n" "$p" \
        "$(hexof 'INSERT INTO blobs (sha256, size, content) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING')" \
        ":'bsha', :'bsize', :'bhex'"
    } >"$work/insert-calls"
    sha_of () { printf '%s' "$1" | sha256sum | cut -c1-64; }
    pairs "$p" "case=$hit_case uid=$hit_uid puid=$hit_puid bsha=$(sha_of "$bytes") bsize=${#bytes} bhex=\\x$(hexof "$bytes")" \
      "case=$miss_case uid=$miss_uid puid=$miss_puid bsha=$(sha_of hidden-evidence-Z9) bsize=18 bhex=\\x$(hexof hidden-evidence-Z9)" \
      <"$work/insert-calls"
  fi
  # The bytes of a hidden file against bytes no one stored (as long).
  bytes=hidden-evidence-A1
  [ "$p" != rita ] || bytes=hidden-evidence-A3
  differ "bytes: store a hidden file's bytes (ON CONFLICT DO NOTHING): $p" "$p" "bytes=$bytes" "bytes=hidden-evidence-Z9" <<SQL
BEGIN;
\\set QUIET off
EXPLAIN (ANALYZE, BUFFERS, WAL, COSTS OFF, TIMING OFF, SUMMARY OFF) $BLOB
$BLOB
\\set QUIET on
ROLLBACK;
SQL
}

# stmt_of HEX: a registered statement, short, on one line, without "|".
stmt_of () {
  printf '%s' "$1" | perl -ne '$_ = pack ("H*", $_); s/\s+/ /g; s/\|/\//g; print substr ($_, 0, 100)'
}

# gate_probes PROBER: every registered statement that takes a key, with
# the hidden keys, through the gate (schema 16).
gate_probes () {
  p=$1
  kupd=$(sql_value postgres "SELECT updated FROM probity.case_list WHERE case_id = '$hit_case'")
  hit_kupd=$kupd miss_kupd=$kupd hit_kcase=${hit_case}0 miss_kcase=$hit_case
  H="case=$hit_case sha=$hit_sha uid=$hit_uid puid=$hit_puid team=$hit_team kupd=$kupd kcase=${hit_case}0"
  M="case=$miss_case sha=$miss_sha uid=$miss_uid puid=$miss_puid team=$miss_team kupd=$kupd kcase=$hit_case"
  # psql's calls (EXPLAIN of the call, predicate locks, the inner plans'
  # estimates): a gate called only as Probity calls it refuses them all;
  # by default one statement of each kind asks.
  if [ "$full" = 1 ]; then
    cp "$work/gate-calls" "$work/gate-calls.psql"
  else
    perl -ne 'my ($hex) = split /\|/; my $s = pack ("H*", $hex);
              print if $s =~ /^(SELECT 1 FROM cases WHERE id = \$1|SELECT content, size FROM blobs WHERE sha256 = \$1|SELECT hash FROM events WHERE case_id = \$1 ORDER BY seq|INSERT INTO customers \(.*\) ON CONFLICT DO NOTHING|UPDATE cases SET current_revision = \$2 WHERE id = \$1)$/s' \
      "$work/gate-calls" >"$work/gate-calls.psql"
    [ -s "$work/gate-calls.psql" ] || head -n 3 "$work/gate-calls" >"$work/gate-calls.psql"
  fi
  n=0
  while IFS='|' read -r hex kinds cols vals; do
    n=$((n + 1))
    s=$(stmt_of "$hex")
    for fn in gate gate_kept; do
        differ "$fn: $s: $p" "$p" "$H" "$M" <<SQL
SELECT convert_from (decode ('$hex', 'hex'), 'UTF8') AS s \\gset
SET enable_seqscan = off; SET enable_bitmapscan = off;
BEGIN ISOLATION LEVEL SERIALIZABLE;
EXPLAIN (ANALYZE, BUFFERS, WAL, COSTS OFF, TIMING OFF, SUMMARY OFF)
  SELECT * FROM probity.$fn (:'s', '$kinds', VARIADIC ARRAY[$vals]::text[]) AS t ($cols);
SELECT 'siread', locktype, relation::regclass, page, tuple FROM pg_locks
 WHERE pid = pg_backend_pid () AND mode = 'SIReadLock' ORDER BY 2, 3, 4, 5;
ROLLBACK;
BEGIN;
SELECT count(*) FROM probity.$fn (:'s', '$kinds', VARIADIC ARRAY[$vals]::text[]) AS t ($cols);
ROLLBACK;
SQL
    done
    differ "gate, the inner plan's estimates: $s: $p" "$p" "$H" "$M" estimates <<SQL
SELECT convert_from (decode ('$hex', 'hex'), 'UTF8') AS s \\gset
BEGIN;
SET LOCAL client_min_messages = log; SET LOCAL debug_print_plan = on; SET LOCAL debug_pretty_print = off;
SELECT count(*) FROM probity.gate (:'s', '$kinds', VARIADIC ARRAY[$vals]::text[]) AS t ($cols);
ROLLBACK;
SQL
  done <"$work/gate-calls.psql"
  [ "$n" -gt 0 ] || leak "gate: $p" "no registered statement found to probe"
  # Every registered statement as Probity calls it, the values bound as
  # parameters (pg-h6-call.py: psql cannot), for a gate that runs only
  # those: rows, errors, the notices of a caller who asked for every one
  # (the sorts the plan makes among them, trace_sort), the WAL written.
  calls () {
    while IFS='|' read -r hex kinds cols vals; do
      for fn in gate gate_kept; do
        printf '%s|%s|%s|%s|%s|%s|%s\n' "bound call of $fn: $(stmt_of "$hex"): $p" "$fn" "$kinds" "$cols" "$hex" "$vals" "$1"
      done
    done <"$work/gate-calls"
  }
  calls "SET client_min_messages = debug5; SET trace_sort = on" >"$work/bound-calls"
  pairs "$p" "$H" "$M" <"$work/bound-calls"
  # Row locks: the superuser holds the hidden rows' locks (as their owner
  # would, writing them); a call that waits for one tells it is there, and
  # the caller's lock_timeout turns the wait into an error. Writes only by
  # default (a read waits for no row lock).
  hold="BEGIN;
DO \$\$
DECLARE t regclass;
BEGIN
  FOR t IN SELECT a.attrelid::regclass FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
            WHERE c.relnamespace = 'probity'::regnamespace AND c.relkind = 'r' AND a.attname = 'case_id' LOOP
    EXECUTE format ('SELECT count(*) FROM (SELECT 1 FROM %s WHERE case_id = %L FOR UPDATE) x', t, '$hit_case');
  END LOOP;
END
\$\$;
SELECT count(*) FROM (SELECT 1 FROM probity.cases WHERE id = '$hit_case' FOR UPDATE) x;
SELECT count(*) FROM (SELECT 1 FROM probity.customers WHERE uid = '$hit_uid' FOR UPDATE) x;
SELECT count(*) FROM (SELECT 1 FROM probity.customer_teams WHERE uid = '$hit_uid' FOR UPDATE) x;
SELECT count(*) FROM (SELECT 1 FROM probity.products WHERE uid = '$hit_puid' FOR UPDATE) x;
SELECT count(*) FROM (SELECT 1 FROM probity.product_teams WHERE uid = '$hit_puid' FOR UPDATE) x;
SELECT count(*) FROM (SELECT 1 FROM probity.blobs WHERE sha256 = '$hit_sha' FOR UPDATE) x;"
  if [ "$full" = 1 ]; then
    calls "SET lock_timeout = '250ms'"
  else
    calls "SET lock_timeout = '250ms'" | perl -ne 'my @f = split /\|/; print if pack ("H*", $f[4]) =~ /^\s*(INSERT|UPDATE|DELETE)\b|\bFOR (UPDATE|SHARE)\b/'
  fi | sed 's/^bound call/bound call, the hidden rows locked (lock_timeout)/' >"$work/locked-calls"
  pairs "$p" "$H" "$M" "$hold" <"$work/locked-calls"
  # The plans gate_kept's prepared statements chose, six calls with the
  # hidden key against six with a key no row has (pg_prepared_statements
  # is PUBLIC: a custom plan costed from the statistics of a hidden key).
  probes_before=$probes
  calls "" | grep '|gate_kept|' | sed 's/^bound call of gate_kept/the plans gate_kept chose/' >"$work/plan-calls"
  python3 "$here/pg-h6-call.py" --plans "$(as "$p")" 6 "$H" "$M" <"$work/plan-calls" >"$work/plans.out" 2>&1
  while IFS='	' read -r kind name what; do
    case "$kind" in
      PASS|LEAK) probes=$((probes + 1)); verdict "$kind" "$name" "$what" ;;
      *) leaks=$((leaks + 1)); echo "LEAK: pg-h6-call.py --plans failed: $kind $name $what" ;;
    esac
  done <"$work/plans.out"
  [ "$probes" -gt "$probes_before" ] || { leaks=$((leaks + 1)); echo "LEAK: pg-h6-call.py --plans asked nothing"; }
  # The guard: a cursor named as Probity's, but not Probity's call, whose
  # FETCH runs the gate (DECLARE runs nothing yet).
  probes=$((probes + 1))
  out=$(psql -X -q -A -t -U "$p" -v ON_ERROR_STOP=1 -c BEGIN \
          -c "DECLARE pb_stream NO SCROLL CURSOR FOR SELECT a.c1 FROM probity.gate ('SELECT 1 FROM cases WHERE id = \$1', 't', VARIADIC ARRAY['$b1']) AS a (c1 int), pg_current_wal_insert_lsn () w" \
          -c "FETCH FORWARD 10 FROM pb_stream" -c ROLLBACK 2>&1)
  case "$out" in
    *ERROR*) echo "PASS: the gate refuses a cursor pb_stream of another query: $p: $(printf '%s' "$out" | grep -m1 ERROR | cut -c1-100)" ;;
    *) leak "gate: a cursor pb_stream of another query runs it: $p" "$(printf '%s' "$out" | tr '\n' ' ' | cut -c1-200)" ;;
  esac
  # Bisection through the case list's page query: from just before the
  # oldest case the prober sees (what is older is hidden from them)
  # against from before every case.
  if [ "$p" = rita ]; then seen="submitted"; else seen="case_id = '$b1'"; fi
  own=$(sql_value postgres "SELECT updated || ' ' || case_id FROM probity.case_list
                              WHERE $seen ORDER BY updated, case_id LIMIT 1")
  set -- $own
  differ "gate: bisect the case list by (updated, case_id): $p" "$p" "kupd=$1 kcase=$2" "kupd=0 kcase=C" <<'SQL'
SET enable_seqscan = off; SET enable_bitmapscan = off;
\set q 'SELECT l.case_id, l.updated FROM case_list l WHERE TRUE AND (l.updated, l.case_id) < ($1, $2) ORDER BY l.updated DESC, l.case_id DESC LIMIT $3'
BEGIN ISOLATION LEVEL SERIALIZABLE;
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY OFF)
  SELECT * FROM probity.gate (:'q', 'tti', :'kupd', :'kcase', '100') AS t (c1 text, c2 text);
SELECT 'siread', locktype, relation::regclass, page, tuple FROM pg_locks
 WHERE pid = pg_backend_pid () AND mode = 'SIReadLock' ORDER BY 2, 3, 4, 5;
ROLLBACK;
SQL
  # The gate's refusals: a statement not registered, wrong kinds, crafted values.
  differ "gate refuses a statement not registered, echoing nothing: $p" "$p" "$H" "$M" <<'SQL'
SELECT * FROM probity.gate (format ('SELECT 1 FROM cases WHERE id = %L', :'case'), '') AS t (c1 int);
SELECT * FROM probity.gate_kept (format ('SELECT 1 FROM cases WHERE id = %L', :'case'), '') AS t (c1 int);
SELECT * FROM probity.gate (format ('EXPLAIN ANALYZE SELECT 1 FROM cases WHERE id = %L', :'case'), '') AS t (c1 text);
SELECT * FROM probity.gate ('SELECT 1 FROM cases WHERE id = $1', 'b', :'case') AS t (c1 int);
SELECT * FROM probity.gate_kept ('SELECT 1 FROM cases WHERE id = $1', 'i', :'case') AS t (c1 int);
SELECT * FROM probity.gate ('SELECT 1 FROM cases WHERE id = $1', 't', :'case', :'case') AS t (c1 int);
SELECT * FROM probity.gate ('SELECT 1 FROM cases WHERE id = $1', 't', :'case') AS t (c1 text);
SQL
  probes=$((probes + 1))
  inj=$(sql_value "$p" "SELECT count(*) FROM probity.gate ('SELECT 1 FROM cases WHERE id = \$1', 't', 'x'' OR true OR id = ''') AS t (c1 int)")
  inj2=$(sql_value "$p" "SELECT count(*) FROM probity.gate_kept ('SELECT 1 FROM cases WHERE id = \$1', 't', 'x'' OR true OR id = ''') AS t (c1 int)")
  # no rows, or refused: the value was not read as SQL
  case "$inj:$inj2" in
    [1-9]*|*:[1-9]*) leak "gate: crafted value: $p" "gate gave $inj rows, gate_kept $inj2" ;;
    *) echo "PASS: gate quotes a crafted value: $p: $(printf '%s' "$inj" | head -n1 | cut -c1-80)" ;;
  esac
}

# first_touch_probe PROBER: anna changes her draft A3 and a checkpoint
# passes, as every few minutes; then the prober's first call of Probity's
# own read of A3, against one of an id no case has, must not write WAL the
# other does not (hint bits set on the rows the index scan reaches before
# row-level security filters them: a full-page image). Asked twice: a
# write of the server's own between two calls is NOISE, not a leak.
first_touch_probe () {
  p=$1
  if [ "$hints" != on ]; then
    echo "NOTE: wal_log_hints is off: the first-touch probe is not asked ($p)"
    return
  fi
  absent=$(sql_value postgres "SELECT c FROM unnest ('{0,1,2,9,A,F}'::text[]) x,
                                 LATERAL (SELECT overlay ('$a3' PLACING x FROM length ('$a3'))) y (c)
                                WHERE NOT EXISTS (SELECT 1 FROM probity.cases WHERE id = c) LIMIT 1")
  for q in 'SELECT 1 FROM cases WHERE id = $1|c1 int' 'SELECT count(*) FROM events WHERE case_id = $1|c1 bigint'; do
    hex=$(printf '%s' "${q%|*}" | od -An -tx1 | tr -d ' \n')
    probes=$((probes + 1))
    seen=
    for try in 1 2; do
      "$cli" case answer --db "$(as anna)" "$a3" S5.03o "touched while $p waits $try $(date +%s%N)" >>"$log" 2>&1 ||
        { leaks=$((leaks + 1)); echo "LEAK: first touch: anna could not change $a3: $(tail -n 2 "$log")"; return; }
      psql -X -q -U postgres -c CHECKPOINT >/dev/null
      m=$(python3 "$here/pg-h6-call.py" "$(as "$p")" gate t "${q#*|}" "$hex" "$absent" 2>&1 | tr '\n' ' ')
      h=$(python3 "$here/pg-h6-call.py" "$(as "$p")" gate t "${q#*|}" "$hex" "$a3" 2>&1 | tr '\n' ' ')
      h2=$(python3 "$here/pg-h6-call.py" "$(as "$p")" gate t "${q#*|}" "$hex" "$a3" 2>&1 | tr '\n' ' ')
      if [ "$h" = "$m" ]; then seen="$seen same"
      elif [ "$h2" = "$m" ]; then seen="$seen leak"; what="first call with $a3: $h; an absent id, and again: $m"
      else seen="$seen other"; what="$h / $h2 / $m"
      fi
    done
    case "$seen" in
      " same same") echo "PASS: first touch of a hidden case after a checkpoint: ${q%|*}: $p" ;;
      " leak leak") leak "first touch of a hidden case after a checkpoint (WAL): ${q%|*}: $p" "$what" ;;
      *) noise=$((noise + 1)); echo "NOISE: first touch: ${q%|*}: $p:$seen: $what" ;;
    esac
  done
}

# listen_probe PROBER: the prober listens on every channel they can name
# while anna changes her case A3: nothing may reach them. Anna, listening
# on her own channel, is told (the probe works).
listen_probe () {
  p=$1
  probes=$((probes + 1))
  chans=$(sql_value "$p" "SELECT string_agg (format ('LISTEN %I;', c), ' ') FROM (SELECT probity.my_channels () AS c
                            UNION SELECT unnest ('{probity,probity_cases,cases,case_list,anna,teama,probity_teama,probity_anna}'::text[])) x")
  mine=$(sql_value anna "SELECT string_agg (format ('LISTEN %I;', c), ' ') FROM probity.my_channels () c")
  printf '%s\nSELECT pg_sleep (4);\nSELECT 1;\n' "$chans" | psql -X -q -A -t -U "$p" >"$work/listen.$p" 2>&1 &
  lp=$!
  printf '%s\nSELECT pg_sleep (4);\nSELECT 1;\n' "$mine" | psql -X -q -A -t -U anna >"$work/listen.anna" 2>&1 &
  la=$!
  sleep 1.5
  "$cli" case answer --db "$(as anna)" "$a3" S5.03o "changed while $p listens $(date +%s%N)" >>"$log" 2>&1
  wait "$lp" "$la"
  if ! grep -q 'Asynchronous notification' "$work/listen.anna"; then
    echo "NOISE: LISTEN: anna herself was not told of her change: $(cat "$work/listen.anna")"
    noise=$((noise + 1))
  elif grep -q 'Asynchronous notification' "$work/listen.$p"; then
    leak "LISTEN: $p" "$(grep 'Asynchronous notification' "$work/listen.$p" | head -n 3 | tr '\n' ' ')"
  else
    echo "PASS: LISTEN on every channel $p can name: not told of team A's change"
  fi
}

# activity_probe PROBER: anna's session holds a transaction whose query
# names her case; what pg_stat_activity and pg_locks show the prober.
activity_probe () {
  p=$1
  probes=$((probes + 1))
  printf "BEGIN; SELECT 1 FROM probity.case_list WHERE case_id = '%s' /* %s */; SELECT pg_sleep (3); COMMIT;\n" "$a3" "$a3" |
    psql -X -q -A -t -U anna >/dev/null 2>&1 &
  ap=$!
  sleep 1
  seen=$(sql_value "$p" "SELECT query FROM pg_stat_activity WHERE usename = 'anna'")
  wait "$ap"
  case "$seen" in
    *"$a3"*) leak "pg_stat_activity: $p" "anna's query: $seen" ;;
    *) echo "PASS: pg_stat_activity shows $p nothing of anna's query: $(printf '%s' "$seen" | head -n1 | cut -c1-100)" ;;
  esac
}

if [ "$gated" = t ]; then
  psql -X -q -A -t -v ON_ERROR_STOP=1 -U postgres -f "$here/pg-h6-gate.sql" >"$work/gate-calls" 2>&1 ||
    { echo "gate statements: $(cat "$work/gate-calls")" >&2; exit 1; }
  echo "# $(wc -l <"$work/gate-calls") registered statements take a key"
fi

for prober in bert rita; do
  echo "# $prober: what $(sql_value "$prober" 'SELECT probity.session_role ()') $prober learns of what is hidden"
  hidden_values "$prober"
  echo "# hidden from $prober: case $hit_case, file $hit_sha, customer $hit_uid, product $hit_puid, team $hit_team"
  echo "# $prober: the tables and indexes, from the catalog ($(grep -c '|' "$work/targets.$prober") targets)"
  direct_probes "$prober"
  echo "# $prober: bisection, query strings, functions, statistics"
  named_probes "$prober"
  echo "# $prober: rows with a hidden key"
  insert_probes "$prober"
  if [ "$gated" = t ]; then
    echo "# $prober: the gate"
    gate_probes "$prober"
  fi
  if [ "$gated" = t ]; then
    echo "# $prober: the first touch of a hidden case"
    first_touch_probe "$prober"
  fi
  echo "# $prober: LISTEN, other sessions"
  listen_probe "$prober"
  activity_probe "$prober"
done

# The views of schema probity, which no target above covers.
views=$(sql_value postgres "SELECT string_agg (oid::regclass::text, ', ') FROM pg_class
                             WHERE relnamespace = 'probity'::regnamespace AND relkind IN ('v', 'm')")
[ -z "$views" ] || echo "NOTE: views in schema probity, not probed by key: $views"

echo "$probes probes: $leaks leaks, $accepted accepted out of scope, $noise noisy"
[ "$leaks" -eq 0 ]
