#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Remakes the binary seeds of fuzz/corpus/ from the real programs: an
# exported case file, a signed report, and a small PDF unsigned, signed once
# and signed twice (make-pdf-seed.c), with the test CA that signed them
# (fuzz/pdf-ca.pem, its public certificate only). The test certificates are
# valid for a year: fuzz-pdf.c validates at a fixed time inside it, to be
# moved when the seeds are remade. The text seeds (questionnaires, answers)
# are links to the shipped files.
#   sh fuzz/make-seeds.sh BUILDDIR
set -eu

build=$(cd "${1:?usage: make-seeds.sh BUILDDIR}" && pwd)
src=$(cd "$(dirname "$0")/.." && pwd)
cli=$build/app/cli/probity-cli
work=$(mktemp -d "${TMPDIR:-/tmp}/pb-seeds-XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"

export PROBITY_DB="$work/cases.db"
export PROBITY_USER="Seed Maker"
export TZ=UTC

sh "$src/tests/make-test-pki.sh" pki >/dev/null 2>&1
printf 'secret\n' > pass.txt
printf 'End-use statement.\n' > statement.txt

id=$("$cli" case new --customer "Seed Customer" --country SE --product "Seed Camera" \
       --product-version 1 --family camera --questionnaire governance)
"$cli" case import-answers "$id" "$src/tests/data/answers/governance-example.json"
"$cli" case attach "$id" S9.01 statement.txt
"$cli" case submit "$id"
"$cli" report "$id" -o signed.pdf --sign pki/signer.p12 --passphrase-file pass.txt \
  --generated-at 2026-01-01T00:00:00Z
"$cli" case export "$id" -o case.probity

corpus=$src/fuzz/corpus
mkdir -p "$corpus/case-file" "$corpus/pdf"
cp case.probity "$corpus/case-file/governance.probity"
cp signed.pdf "$corpus/pdf/report-signed.pdf"
meson compile -C "$build" fuzz/make-pdf-seed >/dev/null
"$build/fuzz/make-pdf-seed" pki/signer.p12 pki/signer2.p12 secret "$corpus/pdf"
cp pki/ca.pem "$src/fuzz/pdf-ca.pem"
ls -l "$corpus/case-file" "$corpus/pdf"
