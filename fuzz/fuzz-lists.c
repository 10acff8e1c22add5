/* fuzz-lists.c: the restricted-party list parsers and the name matcher
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first byte chooses the format (or detection), the rest is the file.
 * Every entry a parse yields must have a name and read back the same from
 * the JSON the store keeps; every refusal must be a screening error that
 * names the file; every name must normalise, and score against itself
 * between 0 and 1.
 */

#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "pb-list-parser.h"
#include "pb-name-matcher.h"
#include "pb-name-normalizer.h"
#include "pb-screening-types.h"

#define DISPLAY_NAME "fuzz-list"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

static gboolean
check_entry_cb (PbListEntry  *entry,
                gpointer      user_data,
                GError      **error)
{
  g_autofree char *json = pb_list_entry_to_json (entry);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(PbListEntry) copy = pb_list_entry_new_from_json (json, &local_error);
  g_autofree char *again = NULL;

  fuzz_assert (pb_list_entry_get_name (entry) != NULL, "an entry without a name");
  fuzz_assert (copy != NULL, "the stored JSON does not read back: %s", local_error->message);
  again = pb_list_entry_to_json (copy);
  fuzz_assert (strcmp (json, again) == 0, "the JSON changed on a round trip");

  for (guint i = 0; i < entry->names->len; i++)
    {
      PbListName *name = g_ptr_array_index (entry->names, i);
      g_autoptr(GStringChunk) strings = g_string_chunk_new (256);
      g_autofree char *match = pb_name_normalize (name->text);
      PbToken tokens[PB_NAME_MAX_TOKENS];
      guint n = pb_name_tokenize (match, strings, tokens);
      double score = pb_name_score (tokens, n, tokens, n, NULL, NULL);

      fuzz_assert (g_utf8_validate (name->text, -1, NULL), "a name that is not UTF-8");
      fuzz_assert (score >= 0.0 && score <= 1.0, "a score of %f", score);
    }

  return TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  PbListParseResult result = { 0 };
  PbListFormat format;

  if (size < 1)
    return 0;

  format = data[0] % (PB_LIST_FORMAT_OPENSANCTIONS_CSV + 1);
  bytes = g_bytes_new (data + 1, size - 1);

  if (pb_list_parse_bytes (bytes, DISPLAY_NAME, format, check_entry_cb, NULL, &result, &error))
    {
      fuzz_assert (result.n_entries > 0, "a parse without entries succeeded");
      fuzz_assert (result.sha256 != NULL && strlen (result.sha256) == 64, "no SHA-256");
      pb_list_parse_result_clear (&result);
    }
  else
    {
      fuzz_assert (error->domain == PB_SCREENING_ERROR, "an error of another domain: %s", error->message);
      fuzz_assert (g_str_has_prefix (error->message, DISPLAY_NAME), "an error that does not name the file: %s",
                   error->message);
      fuzz_refused (error);
    }

  return 0;
}
