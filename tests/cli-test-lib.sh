# SPDX-License-Identifier: GPL-3.0-or-later
#
# What the probity-cli test scripts share; each sources it first
# (. "$(dirname "$0")/cli-test-lib.sh"). It sets $cli and $src, makes a
# work folder named after the script and enters it; the folder goes at
# exit unless KEEP is set, after cleanup, which a script that starts a
# server redefines to stop it. TAP output: ok, not_ok, the check functions
# below, and finish, which prints the plan and exits with the status.

cli=${PB_BUILD_ROOT:?}/app/cli/probity-cli
src=${PB_SOURCE_ROOT:?}
work=$(mktemp -d "${TMPDIR:-/tmp}/$(basename "$0" .sh)-XXXXXX")
cleanup () {
  :
}
trap 'cleanup; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
cd "$work" || exit 1

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
  [ -f log ] && sed 's/^/# /' log
}
# check DESCRIPTION COMMAND...: passes when the command succeeds
check () {
  what=$1
  shift
  if "$@" >log 2>&1; then ok "$what"; else not_ok "$what"; fi
}
# check_fails DESCRIPTION COMMAND...: passes when the command fails
check_fails () {
  what=$1
  shift
  if "$@" >log 2>&1; then not_ok "$what"; else ok "$what"; fi
}
# check_log DESCRIPTION PATTERN: the last command's output matches
check_log () {
  if grep -q -- "$2" log; then ok "$1"; else not_ok "$1"; fi
}
check_not_log () {
  if grep -q -- "$2" log; then not_ok "$1"; else ok "$1"; fi
}
# has FILE TEXT: the text of a PDF, its lines joined, holds TEXT.
has () {
  tr '\n' ' ' < "$1" | tr -s ' ' | grep -qF -- "$2"
}

# require_languages LANGUAGE...: the whole script is skipped unless each
# language's catalogue is complete.
require_languages () {
  for language in "$@"; do
    if ! grep -qx "$language" "$src/po/LINGUAS" || grep -qx "$language" "$src/po/PENDING"; then
      echo "1..0 # SKIP the $language catalogue is not complete"
      exit 0
    fi
  done
}

# The test PKI in pki/ (tests/make-test-pki.sh), its passphrase in pass.txt.
make_pki () {
  sh "$src/tests/make-test-pki.sh" pki >/dev/null 2>&1 || { echo "Bail out! make-test-pki.sh failed"; exit 1; }
  printf 'secret\n' > pass.txt
}

# wait_for_port FILE: until the loopback service just started has written
# its port to FILE; a minute at most, as Python starts slowly on a loaded
# machine (ten seconds were not always enough).
wait_for_port () {
  for _ in $(seq 600); do [ -s "$1" ] && return 0; sleep 0.1; done
  echo "Bail out! the loopback service wrote no port to $1 in a minute"
  exit 1
}

finish () {
  echo "1..$n"
  exit $failed
}
