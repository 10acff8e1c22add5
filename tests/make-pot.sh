#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Writes the translation template of the sources named by po/POTFILES.in to
# OUT, as the `probity-pot` target does (xgettext with the glib preset, the
# plural keyword of app/core/pb-i18n.h and the questionnaire ITS rules). Any
# xgettext warning is an error: it means a string translators would get
# wrong, e.g. a G_*_FORMAT macro inside _(), which xgettext cannot see
# through. The source tree is not touched.
set -eu
root=${1:?source root}
out=${2:?output file}
log=$(mktemp)
files=$(mktemp)
trap 'rm -f "$log" "$files"' EXIT

cd "$root"
grep -v '^#' po/POTFILES.in | grep -v '^[[:space:]]*$' > "$files"

GETTEXTDATADIRS="$root/po" xgettext --from-code=UTF-8 --add-comments=Translators \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dcgettext:2 \
  --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 --keyword=pb_dngettext:2,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=pb_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
  --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
  --package-name=probity -f "$files" -o "$out" 2> "$log"

if [ -s "$log" ]; then
  cat "$log" >&2
  exit 1
fi
[ -s "$out" ] || { echo "empty template" >&2; exit 1; }
