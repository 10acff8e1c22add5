#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs the libFuzzer harnesses of BUILDDIR (configured with -Dfuzzing=true)
# one after the other, SECONDS each: `make fuzz` calls it. What a fuzzer
# learns stays in BUILDDIR/fuzz/corpus/NAME for the next run; what crashes
# it lands in BUILDDIR/fuzz/crashes/NAME/, to be fixed and then kept as
# fuzz/regressions/NAME/SOMETHING, which `make test` replays.
#   sh fuzz/run.sh BUILDDIR SECONDS [NAME...]
set -u

build=${1:?usage: run.sh BUILDDIR SECONDS [NAME...]}
seconds=${2:?usage: run.sh BUILDDIR SECONDS [NAME...]}
shift 2
src=$(cd "$(dirname "$0")/.." && pwd)

if [ $# -gt 0 ]; then
  names=$*
else
  names=$(cd "$src/fuzz" && ls fuzz-*.c | sed 's/^fuzz-//; s/\.c$//' | grep -vx replay)
fi

export PROBITY_DATA_DIR="$src"
export TZ=UTC LC_ALL=C.UTF-8
# A UBSan report is a finding too; leaks are checked for every input.
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1

status=0
for name in $names; do
  bin=$build/fuzz/fuzz-$name
  work=$build/fuzz/corpus/$name
  crashes=$build/fuzz/crashes/$name
  log=$build/fuzz/$name.log
  [ -x "$bin" ] || { echo "fuzz-$name: not built in $build" >&2; status=1; continue; }
  mkdir -p "$work" "$crashes"

  set -- "$work" "$src/fuzz/corpus/$name"
  [ -d "$src/fuzz/regressions/$name" ] && set -- "$@" "$src/fuzz/regressions/$name"
  dict=
  [ -f "$src/fuzz/$name.dict" ] && dict=-dict=$src/fuzz/$name.dict
  # fuzz/NAME.options: more libFuzzer flags for one harness, on one line
  options=
  [ -f "$src/fuzz/$name.options" ] && options=$(grep -v '^#' "$src/fuzz/$name.options")

  echo "fuzz-$name: ${seconds}s, log in $log"
  # -timeout: an input that takes 10 s is a finding (a hang), as is one
  # that needs more than 2 GB.
  "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$crashes/" $dict $options "$@" > "$log" 2>&1
  rc=$?
  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb)' "$log" | sed 's/^/  /'
  if [ $rc -ne 0 ]; then
    status=1
    echo "  FOUND something (exit $rc):"
    grep -E 'ERROR|SUMMARY|fuzz: |Test unit written' "$log" | head -5 | sed 's/^/    /'
  fi
done

found=$(find "$build/fuzz/crashes" -type f 2>/dev/null | wc -l)
echo "inputs kept in $build/fuzz/crashes: $found"
exit $status
