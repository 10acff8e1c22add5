#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Wall time from process start to the first frame drawn, for probity on a
# database of 10,000 cases and for GNOME Text Editor, side by side in the
# same Xvfb on the same renderer (the one probity chooses: cairo, OpenGL
# not loaded), taken in turns so that a busy moment of the machine falls on
# both. The first frame is what the X server reports first drawn into the
# program's window (the DAMAGE extension, bench/first-frame.c), not the
# window's mapping. Goal: probity's median within 1.2 × the editor's.
# Prints figures; asserts nothing.
#
# Usage: bench-startup.sh FIRST-FRAME PROBITY DATABASE [RUNS]
# Runs inside its own Xvfb and D-Bus session when started without them.
set -eu

first_frame=${1:?path to first-frame}
probity=${2:?path to probity}
database=${3:?database with 10,000 cases (bench-gui makes one)}
runs=${4:-9}

if [ -z "${BENCH_STARTUP_INNER:-}" ]; then
  export BENCH_STARTUP_INNER=1
  # The session bus's chatter goes nowhere; the script's own errors to fd 3.
  exec 3>&2
  exec dbus-run-session -- xvfb-run -a -s '-screen 0 1280x1024x24' "$0" "$@" 2>/dev/null
fi
exec 2>&3 3>&-

home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" XDG_STATE_HOME="$home/state"
export GSETTINGS_BACKEND=memory GSK_RENDERER=cairo GDK_DEBUG=gl-disable

# "MAP FRAME" in ms for one start, or nothing when it drew no frame.
start_once () {
  "$first_frame" "$@" 2>/dev/null || true
  sleep 0.3
}

median () {
  tr ' ' '\n' | grep . | sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else if (NR) print (a[NR / 2] + a[NR / 2 + 1]) / 2; else print 0 }'
}

# The line bench_figure() prints (bench/bench-common.c).
figure () {
  what=$1 value=$2 unit=$3 goal=${4:-}
  if [ -z "$goal" ]; then
    printf '  %-52s %9.1f %s\n' "$what" "$value" "$unit"
  else
    verdict=$(awk -v v="$value" -v g="$goal" 'BEGIN { print (v <= g) ? "met" : "MISSED" }')
    printf '  %-52s %9.2f %-3s goal ≤ %s %s: %s\n' "$what" "$value" "$unit" "$goal" "$unit" "$verdict"
  fi
}

editor=""
command -v gnome-text-editor >/dev/null && editor="gnome-text-editor --standalone"

probity_cmd="env PROBITY_DB=$database $probity"
# Warm-up: the page cache, the fonts, the accessibility bus.
start_once $probity_cmd >/dev/null
[ -z "$editor" ] || start_once $editor >/dev/null

probity_map="" probity_frame="" editor_map="" editor_frame="" ratios=""
i=0
while [ $i -lt "$runs" ]; do
  p=$(start_once $probity_cmd)
  probity_map="$probity_map ${p% *}" probity_frame="$probity_frame ${p#* }"
  if [ -n "$editor" ]; then
    e=$(start_once $editor)
    editor_map="$editor_map ${e% *}" editor_frame="$editor_frame ${e#* }"
    [ -n "$p" ] && [ -n "$e" ] && ratios="$ratios $(awk -v p="${p#* }" -v e="${e#* }" 'BEGIN { print p / e }')"
  fi
  i=$((i + 1))
done

echo "medians of $runs starts taken in turns, GSK_RENDERER=cairo for both; database $database"
figure "probity: window mapped" "$(echo "$probity_map" | median)" ms
figure "probity: first frame" "$(echo "$probity_frame" | median)" ms
if [ -n "$editor" ]; then
  figure "GNOME Text Editor: window mapped" "$(echo "$editor_map" | median)" ms
  figure "GNOME Text Editor: first frame" "$(echo "$editor_frame" | median)" ms
  figure "first frame, probity / GNOME Text Editor, pair by pair" "$(echo "$ratios" | median)" "×" 1.2
else
  # Not measured is not met.
  echo "  first frame, probity / GNOME Text Editor: not measured, GNOME Text Editor is not installed" \
       "(sh build-aux/deps.sh bench); goal ≤ 1.2 ×: MISSED"
fi
