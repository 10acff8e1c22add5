#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Checks the catalogues of po/: every language of po/LINGUAS has one, and
# msgfmt --check (format strings, header, mnemonics) accepts it. A language
# not listed in po/PENDING is complete: no untranslated or fuzzy message,
# and no message of the sources (the template tests/make-pot.sh makes)
# missing from it, and the desktop file and the metainfo, merged here from
# data/ as the build merges them, carry its translations. A message the
# sources no longer have is named, so that it is removed, without failing:
# a branch that changes a string may land before one that removes it. A pending
# language that has become complete must be taken off po/PENDING. For each
# language, prints its figures and how many messages of the sources are
# not in it yet.
#
# So a new or changed string in the code, a .ui file or a questionnaire
# fails `make test` until it is translated: merge it into the catalogues
# (`ninja -C _build probity-update-po`) and translate it, following the
# glossaries po/glossary-*.md.
#
# Usage: check-po.sh SOURCE-ROOT
set -eu
root=${1:?source root}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

languages () {
  sed 's/#.*//' "$1" | tr -s ' \t' '\n\n' | grep -v '^$' || true
}

cd "$root/po"
linguas=$(languages LINGUAS)
pending=$(languages PENDING)
fail=0

for lang in $pending; do
  echo "$linguas" | grep -qx "$lang" || { echo "po/PENDING names $lang, which po/LINGUAS does not" >&2; fail=1; }
done

sh "$root/tests/make-pot.sh" "$root" "$tmp/probity.pot"

# Merged from the sources rather than taken from a build folder, which
# meson does not remake when only a catalogue changed.
desktop="$tmp/probity.desktop"
metainfo="$tmp/probity.metainfo.xml"
msgfmt --desktop --template="$root/data/io.github.probity.Probity.desktop.in" -d "$root/po" -o "$desktop"
msgfmt --xml --template="$root/data/io.github.probity.Probity.metainfo.xml.in" -d "$root/po" -o "$metainfo"

# Counts the messages (not the header) that msgattrib selects with $2.
count () {
  msgattrib --no-obsolete $2 "$1" 2>/dev/null | grep -c '^msgid ' | awk '{ print ($1 > 0 ? $1 - 1 : 0) }'
}

for lang in $linguas; do
  po="$lang.po"
  if [ ! -f "$po" ]; then
    echo "po/LINGUAS names $lang, but po/$po does not exist" >&2
    fail=1
    continue
  fi

  if ! msgfmt --check --check-accelerators=_ -o /dev/null "$po" 2> "$tmp/msgfmt.log"; then
    cat "$tmp/msgfmt.log" >&2
    echo "$lang: msgfmt --check refuses po/$po" >&2
    fail=1
  fi

  if ! grep -q "^\"Language: $lang\\\\n\"" "$po"; then
    echo "$lang: the header of po/$po does not say \"Language: $lang\"" >&2
    fail=1
  fi

  total=$(count "$po" "")
  untranslated=$(count "$po" --untranslated)
  fuzzy=$(count "$po" --only-fuzzy)
  (msgcmp --use-fuzzy --use-untranslated "$po" "$tmp/probity.pot" 2>&1 || true) > "$tmp/msgcmp.log"
  new=$(grep -c 'used but not defined' "$tmp/msgcmp.log" || true)
  # The other way round: messages the sources no longer have, which only
  # make translators work for nothing.
  (msgcmp --use-fuzzy --use-untranslated "$tmp/probity.pot" "$po" 2>&1 || true) > "$tmp/orphans.log"
  orphans=$(grep -c 'used but not defined' "$tmp/orphans.log" || true)
  echo "$lang: $((total - untranslated - fuzzy)) of $total messages translated, $fuzzy fuzzy," \
       "$untranslated untranslated; $new messages of the sources not in the catalogue yet," \
       "$orphans no longer in the sources"
  if [ "$orphans" -gt 0 ]; then
    echo "$lang: po/$po holds $orphans messages the sources no longer have; remove them:" >&2
    sed -n 's/^[^:]*\.po:\([0-9]*\): this message is used but not defined.*/\1/p' "$tmp/orphans.log" |
      head -20 | while read -r line; do
        sed -n "1,$((line - 1))p" "$po" | tac | sed '/^msgid /q' | tac | head -2 >&2
      done
  fi

  if echo "$pending" | grep -qx "$lang"; then
    if [ "$total" -gt 0 ] && [ "$untranslated" -eq 0 ] && [ "$fuzzy" -eq 0 ]; then
      echo "$lang: the catalogue is complete: take $lang off po/PENDING" >&2
      fail=1
    fi
    continue
  fi

  if [ "$new" -gt 0 ]; then
    echo "$lang: po/$po lacks $new messages of the sources (merge them with" \
         "ninja -C _build probity-update-po, then translate them):" >&2
    # msgcmp names the template's msgstr line of each: print the entry.
    sed -n 's/^[^:]*probity\.pot:\([0-9]*\): this message is used but not defined.*/\1/p' "$tmp/msgcmp.log" |
      head -20 | while read -r line; do
        sed -n "1,$((line - 1))p" "$tmp/probity.pot" | tac | sed '/^$/q' | tac | grep -v '^$' >&2
      done
    fail=1
  fi

  if [ "$untranslated" -gt 0 ] || [ "$fuzzy" -gt 0 ]; then
    echo "$lang: po/$po has untranslated or fuzzy messages:" >&2
    msgattrib --no-obsolete --untranslated "$po" | grep -A1 '^msgid ' | grep -v '^--' | head -40 >&2
    msgattrib --no-obsolete --only-fuzzy "$po" | grep -A1 '^msgid ' | grep -v '^--' | head -40 >&2
    fail=1
  fi

  for key in GenericName Comment Keywords; do
    grep -q "^$key\\[$lang\\]=" "$desktop" ||
      { echo "$lang: the desktop file has no $key[$lang]" >&2; fail=1; }
  done
  grep -q "<summary xml:lang=\"$lang\">" "$metainfo" ||
    { echo "$lang: the metainfo has no summary in $lang" >&2; fail=1; }
done

exit $fail
