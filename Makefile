# SPDX-License-Identifier: GPL-3.0-or-later
#
# The two commands of the README: `make run` and `make test`.
# Both install the missing Debian packages first, then configure and build with meson.

BUILDDIR ?= _build
ASAN_BUILDDIR ?= _build-asan
FUZZ_BUILDDIR ?= _build-fuzz
MESON_OPTIONS ?=
# `make fuzz`: seconds per fuzzer, and which ones (default: all of fuzz/).
FUZZ_SECONDS ?= 60
FUZZERS ?=

.PHONY: all deps build run test test-sanitize fuzz screenshots bench clean

all: build

deps:
	@sh build-aux/deps.sh

$(BUILDDIR)/build.ninja:
	meson setup $(BUILDDIR) $(MESON_OPTIONS)

build: deps $(BUILDDIR)/build.ninja
	meson compile -C $(BUILDDIR)

run: build
	$(BUILDDIR)/app/gui/probity

test: build
	meson test -C $(BUILDDIR) --print-errorlogs; status=$$?; \
	  sh build-aux/test-summary.sh $(BUILDDIR)/meson-logs/testlog.json; exit $$status

# The same suites built with AddressSanitizer and UndefinedBehaviorSanitizer.
test-sanitize: deps
	[ -f $(ASAN_BUILDDIR)/build.ninja ] || meson setup $(ASAN_BUILDDIR) -Db_sanitize=address,undefined -Db_lundef=false $(MESON_OPTIONS)
	meson compile -C $(ASAN_BUILDDIR)
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  meson test -C $(ASAN_BUILDDIR) --timeout-multiplier 4 --print-errorlogs; status=$$?; \
	  sh build-aux/test-summary.sh $(ASAN_BUILDDIR)/meson-logs/testlog.json; exit $$status

# Each libFuzzer harness of fuzz/ for FUZZ_SECONDS, one after the other,
# built with clang, AddressSanitizer and UndefinedBehaviorSanitizer.
fuzz:
	@sh build-aux/deps.sh fuzz
	[ -f $(FUZZ_BUILDDIR)/build.ninja ] || CC=clang meson setup $(FUZZ_BUILDDIR) -Dfuzzing=true -Dui=false -Db_sanitize=address,undefined -Db_lundef=false
	meson compile -C $(FUZZ_BUILDDIR)
	sh fuzz/run.sh $(FUZZ_BUILDDIR) $(FUZZ_SECONDS) $(FUZZERS)

screenshots: build
	meson compile -C $(BUILDDIR) screenshots

# Benchmarks print figures beside their goals; GNOME Text Editor, the
# start-up reference, is installed here only, not for `make test`.
bench: build
	@sh build-aux/deps.sh bench
	meson compile -C $(BUILDDIR) bench

clean:
	rm -rf $(BUILDDIR) $(ASAN_BUILDDIR) $(FUZZ_BUILDDIR)
