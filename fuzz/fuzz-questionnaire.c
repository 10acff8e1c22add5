/* fuzz-questionnaire.c: the questionnaire loader, and evaluation of what
 * it accepts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fuzz.h"
#include "fuzz-core.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autoptr(GError) error = NULL;

  questionnaire = pb_questionnaire_new_from_bytes (bytes, "fuzz.xml", &error);
  if (questionnaire == NULL)
    {
      fuzz_assert (error != NULL && error->domain == PB_CORE_ERROR, "no error set");
      fuzz_assert (g_utf8_validate (error->message, -1, NULL), "the error is not UTF-8: %s", error->message);
      fuzz_assert (error->code == PB_CORE_ERROR_TOO_LARGE || fuzz_names_position (error->message, "fuzz\\.xml"),
                   "the error does not say FILE:LINE:COLUMN: %s", error->message);
      fuzz_refused (error);
      return 0;
    }

  fuzz_assert (error == NULL, "a questionnaire and an error");

  /* What the loader accepts must evaluate in bounded time (libFuzzer's
   * -timeout catches the rest), whatever the answers. */
  fuzz_evaluate (questionnaire, NULL);

  return 0;
}
