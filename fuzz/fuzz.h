/* fuzz.h: what every fuzz harness shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A harness is one file, fuzz/fuzz-NAME.c, that defines
 * LLVMFuzzerTestOneInput() (and, if it needs set-up, LLVMFuzzerInitialize())
 * and is named on one line of fuzz/meson.build. Built with clang and
 * -Dfuzzing=true it is a libFuzzer fuzzer (`make fuzz`); built normally it
 * is linked with fuzz-replay.c and `make test` replays its seed corpus and
 * every input that once crashed it through the same entry point.
 *
 * A harness aborts on any broken promise it can check (an error that does
 * not name the file, a round trip that changes a value), not only on the
 * crashes the sanitizers catch.
 */

#pragma once

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);
int LLVMFuzzerInitialize   (int           *argc,
                            char        ***argv);

/* A GLib critical or warning is a bug the input found. GLib's own fatal
 * logs end in a breakpoint trap, which libFuzzer does not catch, so the
 * input would be lost: abort instead, and libFuzzer keeps it. */
static inline GLogWriterOutput
fuzz_log_writer (GLogLevelFlags   level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    {
      g_log_writer_standard_streams (level, fields, n_fields, user_data);
      abort ();
    }

  return g_log_writer_default (level, fields, n_fields, user_data);
}

static inline void
fuzz_init (void)
{
  g_log_set_writer_func (fuzz_log_writer, NULL, NULL);
  g_setenv ("TZ", "UTC", TRUE);
}

/* Fails the run with a message: a finding, like a sanitizer report. */
#define fuzz_assert(cond, ...)                                          \
  G_STMT_START {                                                        \
    if (G_UNLIKELY (!(cond)))                                           \
      {                                                                 \
        g_printerr ("fuzz: %s:%d: %s: ", __FILE__, __LINE__, #cond);    \
        g_printerr (__VA_ARGS__);                                       \
        g_printerr ("\n");                                              \
        abort ();                                                       \
      }                                                                 \
  } G_STMT_END

/* FUZZ_VERBOSE=1 prints why each input was refused, to check seeds. */
static inline void
fuzz_refused (const GError *error)
{
  if (g_getenv ("FUZZ_VERBOSE") != NULL)
    g_printerr ("refused: %s\n", error->message);
}

/* Whether @message starts with "NAME:LINE:COLUMN: ". */
static inline gboolean
fuzz_names_position (const char *message,
                     const char *name)
{
  g_autofree char *pattern = g_strdup_printf ("^%s:[0-9]+:[0-9]+: .", name);

  return g_regex_match_simple (pattern, message, 0, 0);
}
