#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-po.sh fails on what it must: a copy of the sources with a new
# string that no catalogue has, then a complete catalogue with a fuzzy and
# an untranslated message. The source tree is not touched. TAP output.
set -u

src=${PB_SOURCE_ROOT:?}
work=$(mktemp -d "${TMPDIR:-/tmp}/test-check-po-XXXXXX")
trap 'rm -rf "$work"' EXIT

n=0
failed=0
ok () {
  n=$((n + 1))
  echo "ok $n - $1"
}
not_ok () {
  n=$((n + 1))
  failed=1
  echo "not ok $n - $1"
  [ -f "$work/log" ] && sed 's/^/# /' "$work/log"
}

# The parts of the tree check-po.sh reads: po/, the files po/POTFILES.in
# names, the desktop and metainfo templates, and the template maker.
copy_tree () {
  rm -rf "$work/root"
  mkdir -p "$work/root/tests" "$work/root/data"
  cp -R "$src/po" "$work/root/po"
  cp "$src/tests/make-pot.sh" "$work/root/tests/"
  cp "$src"/data/*.in "$work/root/data/"
  grep -v '^#' "$src/po/POTFILES.in" | grep -v '^[[:space:]]*$' | while read -r f; do
    mkdir -p "$work/root/$(dirname "$f")"
    cp "$src/$f" "$work/root/$f"
  done
}

check_po_fails () {  # check_po_fails DESCRIPTION PATTERN...: fails, printing each pattern
  what=$1
  shift
  if sh "$src/tests/check-po.sh" "$work/root" > "$work/log" 2>&1; then
    not_ok "$what"
    return
  fi
  for pattern in "$@"; do
    if ! grep -q -- "$pattern" "$work/log"; then
      not_ok "$what: the output does not say “$pattern”"
      return
    fi
  done
  ok "$what"
}

first_language=$(sed 's/#.*//' "$src/po/LINGUAS" | tr -s ' \t' '\n\n' | grep -v '^$' | head -1)
if [ -z "$first_language" ] || grep -qx "$first_language" "$src/po/PENDING"; then
  echo "1..0 # SKIP no complete catalogue"
  exit 0
fi

# A string added to the code and in no catalogue.
copy_tree
printf '\nstatic const char *pb_test_new_string = N_("A sentence no translator has seen yet");\n' \
  >> "$work/root/app/cli/pb-cli-common.c"
check_po_fails "a source string missing from the catalogues fails" \
  "$first_language: po/$first_language.po lacks 1 messages of the sources" \
  "A sentence no translator has seen yet"

# A fuzzy and an untranslated message in a complete catalogue.
copy_tree
po="$work/root/po/$first_language.po"
printf 'msgid "Sign-off"\nmsgstr ""\n' > "$work/only.po"
msgattrib --set-fuzzy --only-file="$work/only.po" "$po" -o "$po"
printf '\nmsgid "A message left untranslated"\nmsgstr ""\n' >> "$po"
check_po_fails "a fuzzy or an untranslated message fails" \
  "$first_language: po/$first_language.po has untranslated or fuzzy messages" \
  "1 fuzzy, 1 untranslated" "A message left untranslated"

echo "1..$n"
exit $failed
