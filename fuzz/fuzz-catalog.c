/* fuzz-catalog.c: a compiled message catalogue (.mo), as a questionnaire's
 * publisher ships it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "pb-catalog.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();

  return 0;
}

/* Every NUL-terminated piece of the input is looked up: in a catalogue that
 * loaded, these include its own originals. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(PbCatalog) catalog = pb_catalog_new_from_bytes (bytes, "fuzz.mo", &error);
  g_autofree char *text = NULL;

  if (catalog == NULL)
    {
      fuzz_assert (error != NULL, "failed without an error");
      fuzz_assert (g_str_has_prefix (error->message, "fuzz.mo: "), "“%s” does not name the file", error->message);
      fuzz_refused (error);
      return 0;
    }

  text = g_malloc (size + 1);
  memcpy (text, data, size);
  text[size] = '\0';

  for (size_t start = 0; start <= size; start += strlen (text + start) + 1)
    for (guint form = 0; form < 3; form++)
      {
        const char *translation = pb_catalog_lookup (catalog, text + start, form);

        fuzz_assert (translation == NULL || (*translation != '\0' && g_utf8_validate (translation, -1, NULL)),
                     "a lookup gave an empty or invalid translation");
      }

  return 0;
}
