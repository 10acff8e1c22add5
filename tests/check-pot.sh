#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds the translation template from po/POTFILES.in the way the `probity-pot`
# target does (xgettext with the glib preset and the questionnaire ITS rules),
# into a temporary folder, and checks that it holds C strings and
# questionnaire text. The source tree is not touched.
set -eu
root=${1:?source root}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$root"
grep -v '^#' po/POTFILES.in | grep -v '^[[:space:]]*$' > "$tmp/files"

# POTFILES.in must be sorted and name existing files.
if ! LC_ALL=C sort -c "$tmp/files" 2>/dev/null; then
  echo "po/POTFILES.in is not sorted" >&2
  exit 1
fi
while read -r f; do
  [ -f "$f" ] || { echo "po/POTFILES.in names a missing file: $f" >&2; exit 1; }
done < "$tmp/files"

# Every source with a marked string must be listed.
for f in $(grep -rlE '(^|[^a-zA-Z0-9_])(N?_|C_|NC_)\(\s*"' app --include='*.c' | sort) \
         $(grep -rl 'translatable="yes"' ui --include='*.ui' 2>/dev/null | sort); do
  grep -qxF "$f" "$tmp/files" || { echo "po/POTFILES.in misses $f, which has translatable strings" >&2; exit 1; }
done

GETTEXTDATADIRS="$root/po" xgettext --from-code=UTF-8 --add-comments=Translators \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dcgettext:2 \
  --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
  --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
  --package-name=probity -f "$tmp/files" -o "$tmp/probity.pot" 2> "$tmp/xgettext.log"

# A warning means a string translators would get wrong, e.g. a G_*_FORMAT
# macro inside _(), which xgettext cannot see through.
if [ -s "$tmp/xgettext.log" ]; then
  cat "$tmp/xgettext.log" >&2
  exit 1
fi

[ -s "$tmp/probity.pot" ] || { echo "empty template" >&2; exit 1; }

fail=0
expect () {
  if grep -qF -- "msgid \"$1\"" "$tmp/probity.pot"; then
    echo "ok: $2: \"$1\""
  else
    echo "missing from the template: $2: \"$1\"" >&2
    fail=1
  fi
}

# A string from C and one questionnaire title, label and rule title each.
expect "Do not proceed" "C source"
first_label=$(grep -m1 -o '<label>[^<]*</label>' questionnaires/surveillance-export.xml | sed 's/<[^>]*>//g')
first_title=$(grep -m1 -o '<title>[^<]*</title>' questionnaires/surveillance-export.xml | sed 's/<[^>]*>//g')
expect "$first_label" "questionnaire label"
expect "$first_title" "questionnaire title"
governance_label=$(grep -m1 -o '<label>[^<]*</label>' questionnaires/governance.xml | sed 's/<[^>]*>//g')
expect "$governance_label" "governance questionnaire label"

# Identifiers and conditions must not be offered for translation.
if grep -q 'msgid "S1.01"' "$tmp/probity.pot"; then
  echo "question ids leaked into the template" >&2
  fail=1
fi

n=$(grep -c '^msgid ' "$tmp/probity.pot")
echo "template: $n messages"
exit $fail
