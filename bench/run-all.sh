#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs every benchmark given on the command line, one after the other: each
# is a program followed by its arguments and ended by "--" (bench/meson.build
# collects them in bench_commands). A benchmark that fails is reported and
# the next one runs. At the end: which failed, and every goal that was
# missed (the lines bench_figure() marks "MISSED"). Exits 1 when any
# benchmark failed; a missed goal is a figure to read, not a failure.
set -uo pipefail

log=$(mktemp)
trap 'rm -f "$log"' EXIT
failed=()
n=0

command=()
for arg in "$@" --; do
  if [ "$arg" != "--" ]; then
    command+=("$arg")
    continue
  fi

  if [ ${#command[@]} -gt 0 ]; then
    # xvfb-run and the like: name the benchmark, not the wrapper.
    name=${command[0]##*/}
    for word in "${command[@]}"; do
      case ${word##*/} in bench-*) name=${word##*/}; break ;; esac
    done
    n=$((n + 1))
    echo "== $name"
    "${command[@]}" 2>&1 | tee -a "$log"
    status=${PIPESTATUS[0]}
    if [ "$status" -ne 0 ]; then
      echo "!! $name FAILED (exit status $status)"
      failed+=("$name (exit status $status)")
    fi
    echo
  fi
  command=()
done

echo "== summary: $n benchmarks, ${#failed[@]} failed"
for name in "${failed[@]}"; do
  echo "  FAILED: $name"
done
missed=$(grep -c ': MISSED$' "$log")
echo "  goals missed: $missed"
grep ': MISSED$' "$log"

[ ${#failed[@]} -eq 0 ]
