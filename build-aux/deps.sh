#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs the Debian 12 packages Probity needs to build, run and test.
# Quick when everything is already there: apt runs only for what is missing.
# `deps.sh fuzz` adds clang and libFuzzer, which only `make fuzz` needs;
# `deps.sh bench` adds what `make bench` compares Probity with (GNOME Text
# Editor, the start-up reference) and builds its tools from (XDamage).
set -eu

PACKAGES="
  gcc libc6-dev make meson ninja-build pkg-config gettext
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev
  libjson-glib-dev libsqlite3-dev sqlite3 libpq-dev postgresql-15 postgresql-client-15 zlib1g-dev libhpdf-dev libssl-dev openssl libp11-kit-dev libicu-dev libharfbuzz-dev
  iso-codes locales
  fonts-dejavu-core fonts-wqy-zenhei
  desktop-file-utils appstream
  xvfb xauth xdotool dbus dbus-x11 at-spi2-core python3 python3-pyatspi python3-gi gir1.2-atspi-2.0
  poppler-utils qpdf mupdf-tools libnss3-tools imagemagick faketime softhsm2 opensc
"

if [ "${1:-}" = fuzz ]; then
  PACKAGES="$PACKAGES clang libclang-rt-dev"
fi
if [ "${1:-}" = bench ]; then
  PACKAGES="$PACKAGES gnome-text-editor libxdamage-dev libx11-dev"
fi

missing=""
for pkg in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $pkg"
  fi
done

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
else
  SUDO="sudo"
fi

if [ -n "$missing" ]; then
  echo "Installing missing Debian packages:$missing"
  export DEBIAN_FRONTEND=noninteractive
  # Several builds may install at once: wait for dpkg's lock instead of failing.
  lock="-o DPkg::Lock::Timeout=600"
  # shellcheck disable=SC2086
  $SUDO apt-get $lock update -q
  # shellcheck disable=SC2086
  $SUDO apt-get $lock install -y -q --no-install-recommends $missing
fi

# The locales of po/LINGUAS, so that the interface and the tests see their
# dates, numbers and GTK's own strings as a user of that language does.
for locale in fr_FR de_DE nl_NL sv_SE; do
  if ! locale -a 2>/dev/null | grep -qx "$locale.utf8"; then
    echo "Generating the $locale.UTF-8 locale"
    $SUDO localedef -i "$locale" -f UTF-8 "$locale.UTF-8"
  fi
done
