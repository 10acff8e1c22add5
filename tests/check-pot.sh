#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds the translation template from po/POTFILES.in the way the `probity-pot`
# target does (tests/make-pot.sh), into a temporary folder, and checks that it
# holds C strings and questionnaire text, and that no text people read is
# missing from it (tests/check-strings.py). The source tree is not touched.
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
for f in $(grep -rlE '(^|[^a-zA-Z0-9_])((N?_|C_|NC_)\s*\(\s*"|[gp]b?_dngettext\s*\()' app --include='*.c' | sort) \
         $(grep -rl 'translatable="yes"' ui --include='*.ui' 2>/dev/null | sort); do
  grep -qxF "$f" "$tmp/files" || { echo "po/POTFILES.in misses $f, which has translatable strings" >&2; exit 1; }
done

sh "$root/tests/make-pot.sh" "$root" "$tmp/probity.pot"

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

# No text people read may be left out of the template.
python3 "$root/tests/check-strings.py" "$root" "$tmp/probity.pot" || fail=1

n=$(grep -c '^msgid ' "$tmp/probity.pot")
echo "template: $n messages"
exit $fail
