#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The domain core must stay testable without a display: only app/gui may
# include GTK or libadwaita, and only app/storage may include sqlite3.h.
# The arrows point down: gui, cli -> workflow -> report, signing, storage.
set -eu
root=${1:?source root}
status=0

bad=$(grep -rlE '#[[:space:]]*include[[:space:]]*[<"](gtk/|gdk/|gsk/|adwaita\.h)' \
        "$root/app" --include='*.c' --include='*.h' | grep -v "^$root/app/gui/" || true)
if [ -n "$bad" ]; then
  echo "GTK included outside app/gui:" >&2
  echo "$bad" >&2
  status=1
fi

bad=$(grep -rlE '#[[:space:]]*include[[:space:]]*[<"]sqlite3\.h' \
        "$root/app" --include='*.c' --include='*.h' | grep -v "^$root/app/storage/" || true)
if [ -n "$bad" ]; then
  echo "sqlite3.h included outside app/storage:" >&2
  echo "$bad" >&2
  status=1
fi

# app/workflow sits above report, signing and storage and below the two
# shells: nothing beneath it includes its headers or links it, and it
# links no shell.
workflow_headers=$(cd "$root/app/workflow" && ls *.h | tr '\n' '|' | sed 's/|$//; s/\./\\./g')
bad=$(grep -rlE "#[[:space:]]*include[[:space:]]*\"($workflow_headers)\"" \
        "$root/app/core" "$root/app/storage" "$root/app/signing" "$root/app/report" \
        --include='*.c' --include='*.h' || true)
bad2=$(grep -lE "libprobity_workflow" "$root"/app/core/meson.build "$root"/app/storage/meson.build \
        "$root"/app/signing/meson.build "$root"/app/report/meson.build || true)
bad3=$(grep -lE "libprobity_(cli|gui)|probity_cli" "$root"/app/workflow/meson.build || true)
if [ -n "$bad$bad2$bad3" ]; then
  echo "app/workflow is used from below, or uses a shell: $bad $bad2 $bad3" >&2
  status=1
fi

bad=$(grep -lE "dependency\('(gtk4|libadwaita-1)'" "$root"/app/*/meson.build | grep -v "/app/gui/" || true)
bad2=$(grep -lE "(gtk_dep|adw_dep)" "$root"/app/*/meson.build | grep -v "/app/gui/" || true)
if [ -n "$bad$bad2" ]; then
  echo "A layer other than gui links GTK: $bad $bad2" >&2
  status=1
fi

# Screening sits above storage and core: neither includes its headers, and
# it includes none of report, signing or gui.
screening_headers=$(cd "$root/app/screening" && ls *.h | tr '\n' '|' | sed 's/|$//; s/\./\\./g')
bad=$(grep -rlE "#[[:space:]]*include[[:space:]]*[<\"]($screening_headers)[>\"]" \
        "$root/app/core" "$root/app/storage" --include='*.c' --include='*.h' || true)
if [ -n "$bad" ]; then
  echo "app/core or app/storage includes a header of app/screening:" >&2
  echo "$bad" >&2
  status=1
fi
upper_headers=$(cd "$root/app" && ls workflow/*.h report/*.h signing/*.h gui/*.h 2>/dev/null | xargs -n1 basename | tr '\n' '|' | sed 's/|$//; s/\./\\./g')
bad=$(grep -rlE "#[[:space:]]*include[[:space:]]*[<\"]($upper_headers)[>\"]" \
        "$root/app/screening" --include='*.c' --include='*.h' || true)
if [ -n "$bad" ]; then
  echo "app/screening includes a header of workflow, report, signing or gui:" >&2
  echo "$bad" >&2
  status=1
fi

[ $status -eq 0 ] && echo "layers: only app/gui uses GTK, only app/storage uses SQLite, nothing below app/workflow uses it, screening sits above storage"
exit $status
