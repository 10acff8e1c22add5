#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Prints one closing line for a meson test run, counting suites by their
# result in meson's JSON log: "probity: N passed, N failed, N skipped".
set -eu
log=${1:?meson-logs/testlog.json}
[ -f "$log" ] || { echo "probity: 0 passed, 1 failed (no test log at $log)"; exit 0; }
count () { grep -c "\"result\": \"$1\"" "$log" || true; }
passed=$(( $(count OK) + $(count EXPECTEDFAIL) ))
failed=$(( $(count FAIL) + $(count ERROR) + $(count TIMEOUT) + $(count UNEXPECTEDPASS) ))
skipped=$(count SKIP)
echo "probity: $passed passed, $failed failed, $skipped skipped"
