#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# with-xvfb.sh CMD...: runs CMD on a private Xvfb (1280x1024, no TCP) whose
# display number the server picks itself (-displayfd). xvfb-run -a guesses a
# free number from lock files, and two suites starting at once could take the
# same one: the second then lost its display in the middle of a test.
set -eu
dir=$(mktemp -d)
pid=
trap 'if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi; rm -rf "$dir"' EXIT
trap 'exit 143' INT TERM
mkfifo "$dir/display"
# -noreset: without it Xvfb starts over whenever its last client leaves,
# and a client connecting meanwhile is told "cannot open display". A test
# that runs probity once after another (e2e-keyboard) met that under load.
Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp -noreset 3>"$dir/display" 2>"$dir/log" &
pid=$!
if ! read -r number < "$dir/display" || [ -z "$number" ]; then
  echo "with-xvfb.sh: Xvfb did not start:" >&2
  cat "$dir/log" >&2
  exit 1
fi
DISPLAY=":$number"
export DISPLAY
# Xvfb names its display while it still sets up: under load a client that
# connected at once was told "cannot open display" (e2e-keyboard, twice in
# one afternoon). Until it answers, for at most 20 s.
tries=0
until [ -S "/tmp/.X11-unix/X$number" ] && { ! command -v xdotool >/dev/null || xdotool getdisplaygeometry >/dev/null 2>&1; }; do
  tries=$((tries + 1))
  if [ "$tries" -gt 200 ]; then
    echo "with-xvfb.sh: Xvfb on $DISPLAY did not answer:" >&2
    cat "$dir/log" >&2
    exit 1
  fi
  sleep 0.1
done
"$@"
