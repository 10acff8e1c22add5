/* test-store-writer.c: the child of the crash and concurrency tests
 *
 * Autosaves answers to the free-text questions of a case in a loop and
 * writes the index of each answer to stdout once its transaction has
 * committed, so that the parent knows what must survive a SIGKILL.
 *
 *   test-store-writer DB CASE TAG COUNT   (COUNT 0: until killed)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pb-case-store.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint64 count;

  if (argc != 5)
    {
      fprintf (stderr, "usage: %s DB CASE TAG COUNT\n", argv[0]);
      return 2;
    }

  count = g_ascii_strtoull (argv[4], NULL, 10);

  if (!(store = pb_case_store_new (argv[1], &error)))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }

  for (guint64 i = 0; count == 0 || i < count; i++)
    {
      g_autofree char *question = g_strdup_printf ("T%02u", (guint)(i % 80) + 1);
      g_autofree char *value = g_strdup_printf ("%s-%" G_GUINT64_FORMAT, argv[3], i);
      g_autofree char *line = g_strdup_printf ("%" G_GUINT64_FORMAT "\n", i);
      g_autoptr(PbAnswer) answer = pb_answer_new_string (value);

      if (!pb_case_store_set_answer (store, argv[2], question, answer, NULL, NULL, NULL, argv[3], &error))
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }

      /* Unbuffered: the parent must see every committed answer. */
      if (write (STDOUT_FILENO, line, strlen (line)) < 0)
        return 1;
    }

  return 0;
}
