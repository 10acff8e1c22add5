#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every source, build and UI file names its licence.
set -eu
cd "${1:?source root}"
git rev-parse --git-dir >/dev/null 2>&1 || { echo "not a git checkout: skipped"; exit 77; }
missing=$(git ls-files '*.c' '*.h' '*.py' '*.sh' '*.ui' '*.xml' '*.xml.in' '*.desktop.in' \
            '*.build' '*.css' '*.its' '*.loc' '*.ini' '*.sql' '*.svg' 'Makefile' '.ci/run' \
            'meson_options.txt' 'po/POTFILES.in' 2>/dev/null |
          while read -r f; do
            grep -q 'SPDX-License-Identifier' "$f" || echo "$f"
          done)
if [ -n "$missing" ]; then
  echo "no SPDX-License-Identifier line in:" >&2
  echo "$missing" >&2
  exit 1
fi
echo "every source file carries an SPDX line"
