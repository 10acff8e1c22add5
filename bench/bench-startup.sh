#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Wall time from process start to the first visible window, for probity on a
# database of 10,000 cases and for GNOME Text Editor on the same display,
# measured the same way (xdotool waits for the mapped window). The target is
# probity within 1.2 × Text Editor. Prints figures; asserts nothing.
#
# Usage: bench-startup.sh PROBITY DATABASE [RUNS]
# Runs inside its own Xvfb and D-Bus session when started without them.
set -eu

probity=${1:?path to probity}
database=${2:?database with 10,000 cases (bench-gui makes one)}
runs=${3:-7}

if [ -z "${BENCH_STARTUP_INNER:-}" ]; then
  export BENCH_STARTUP_INNER=1
  exec dbus-run-session -- xvfb-run -a -s '-screen 0 1280x1024x24' "$0" "$@"
fi

command -v xdotool >/dev/null || { echo "bench-startup: xdotool is not installed"; exit 0; }

# Wall time in ms of one start of a program whose window class is $1.
start_once () {
  class=$1; shift
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 &
  pid=$!
  # Poll every 10 ms: xdotool's own --sync polls only twice a second.
  deadline=$((start + 60000000000))
  while ! xdotool search --onlyvisible --class "$class" >/dev/null 2>&1; do
    [ "$(date +%s%N)" -lt "$deadline" ] || break
    sleep 0.01
  done
  end=$(date +%s%N)
  [ "$end" -lt "$deadline" ] && echo $(( (end - start) / 1000000 ))
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  sleep 0.3
}

median () {
  echo "$@" | tr ' ' '\n' | grep . | sort -n | awk '{ a[NR] = $1 } END { if (NR) print a[int((NR + 1) / 2)]; else print 0 }'
}

home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" GSETTINGS_BACKEND=memory

have_editor=false
command -v gnome-text-editor >/dev/null && have_editor=true

# Interleaved, so that load on the machine and one-off costs (the
# accessibility bus starting) fall on both programs alike.
start_once probity env PROBITY_DB="$database" "$probity" >/dev/null   # warm-up
probity_times="" editor_times=""
i=0
while [ $i -lt "$runs" ]; do
  probity_times="$probity_times $(start_once probity env PROBITY_DB="$database" "$probity")"
  if $have_editor; then
    editor_times="$editor_times $(start_once gnome-text-editor gnome-text-editor --standalone)"
  fi
  i=$((i + 1))
done

probity_ms=$(median $probity_times)
echo "probity:           first window after ${probity_ms} ms (median of $runs; database $database)"
if $have_editor; then
  editor_ms=$(median $editor_times)
  echo "GNOME Text Editor: first window after ${editor_ms} ms (median of $runs)"
  if [ "$editor_ms" -gt 0 ]; then
    awk -v p="$probity_ms" -v e="$editor_ms" \
      'BEGIN { printf "ratio: %.2f (target: 1.20 or less)\n", p / e }'
  fi
else
  echo "GNOME Text Editor is not installed (apt-get install gnome-text-editor): no comparison"
fi
