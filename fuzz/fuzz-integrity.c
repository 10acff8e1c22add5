/* fuzz-integrity.c: the integrity record of a report someone hands
 * `verify --db` (or the window's verify against a case)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is the file. Reading its record ends, in bounded stack and
 * time, with a record that names a case, or with PB_REPORT_ERROR_NO_INTEGRITY;
 * every text of a record is UTF-8.
 */

#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "pb-report.h"
#include "pb-report-types.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

static void
assert_text (const char *text)
{
  fuzz_assert (text == NULL || g_utf8_validate (text, -1, NULL), "a record's text is not UTF-8");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  PbReportIntegrity *integrity = pb_report_read_integrity (bytes, &error);

  if (integrity == NULL)
    {
      fuzz_assert (g_error_matches (error, PB_REPORT_ERROR, PB_REPORT_ERROR_NO_INTEGRITY),
                   "unexpected error: %s", error != NULL ? error->message : "none");
      return 0;
    }

  fuzz_assert (integrity->case_id != NULL, "a record names no case");
  assert_text (integrity->case_id);
  assert_text (integrity->questionnaire_id);
  assert_text (integrity->questionnaire_version);
  assert_text (integrity->questionnaire_sha256);
  assert_text (integrity->answers_fingerprint);
  assert_text (integrity->history_head);
  assert_text (integrity->outcome);
  assert_text (integrity->language);
  pb_report_integrity_free (integrity);
  return 0;
}
