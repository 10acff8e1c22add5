#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs every benchmark given on the command line, one after the other: each
# is a program followed by its arguments and ended by "--" (bench/meson.build
# collects them in bench_commands). Stops at the first that fails.
set -euo pipefail

command=()
for arg in "$@" --; do
  if [ "$arg" != "--" ]; then
    command+=("$arg")
    continue
  fi

  if [ ${#command[@]} -gt 0 ]; then
    echo "== $(basename "${command[0]}")"
    "${command[@]}"
    echo
  fi
  command=()
done
