#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Renders the main screens into OUTPUT-DIR (English), and the wizard and
# the review page in French and German into OUTPUT-DIR/fr and OUTPUT-DIR/de,
# for the README. Each language is a process of its own: gettext picks the
# language once per process.
#
# Usage: screenshots.sh PROBITY-SCREENSHOTS OUTPUT-DIR ANSWERS-DIR
set -eu
program=${1:?screenshots program}
out=${2:?output folder}
answers=${3:?answers folder}

run () {
  xvfb-run -a -s '-screen 0 1600x1200x24' "$program" "$@"
}

run "$out" "$answers"

for lang in fr de; do
  tmp=$(mktemp -d)
  LANGUAGE=$lang run "$tmp" "$answers" > /dev/null
  mkdir -p "$out/$lang"
  cp "$tmp/wizard.png" "$tmp/review.png" "$out/$lang/"
  rm -rf "$tmp"
  echo "$out/$lang/wizard.png, review.png"
done
