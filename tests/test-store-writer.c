/* test-store-writer.c: the child of the crash and concurrency tests
 *
 * Autosaves answers to the free-text questions of a case in a loop and
 * writes the index of each answer to stdout once its transaction has
 * committed, so that the parent knows what must survive a SIGKILL.
 *
 *   test-store-writer DB CASE TAG COUNT   (COUNT 0: until killed)
 *
 * On a file it acts as TAG; DB may also be a team server's connection,
 * where it acts as the person logged in.
 *
 * With --second-store it plays the sequence that lost answers when opening
 * a store touched the file outside SQLite: store A saves T01, store B opens
 * and closes the same file, the child says "opened-second" and waits for a
 * line on stdin (the parent runs the sqlite3 shell meanwhile), then A saves
 * T02, says "saved" and waits to be killed.
 *
 *   test-store-writer --second-store DB CASE
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pb-case-store.h"
#include "test-actor.h"

static gboolean
say (const char *line)
{
  /* Unbuffered: the parent must see every committed answer. */
  return write (STDOUT_FILENO, line, strlen (line)) == (gssize)strlen (line);
}

static gboolean
save (PbCaseStore  *store,
      const char   *case_id,
      const char   *question,
      const char   *value,
      const char   *user,
      GError      **error)
{
  g_autoptr(PbAnswer) answer = pb_answer_new_string (value);

  /* On a team server the person is whom it authenticated. */
  if (pb_case_store_get_server_user (store) == NULL)
    pb_test_act_as (store, user);
  return pb_case_store_set_answer (store, case_id, question, answer, NULL, NULL, NULL, error);
}

static int
second_store (const char *path,
              const char *case_id)
{
  g_autoptr(PbCaseStore) a = NULL;
  g_autoptr(GError) error = NULL;
  char line[64];

  if (!(a = pb_case_store_new (path, &error)) ||
      !save (a, case_id, "T01", "first", "A", &error))
    goto fail;

  {
    g_autoptr(PbCaseStore) b = pb_case_store_open (path, PB_CASE_STORE_FLAGS_READ_ONLY, &error);

    if (b == NULL)
      goto fail;
  }

  if (!say ("opened-second\n") || fgets (line, sizeof line, stdin) == NULL)
    return 1;

  if (!save (a, case_id, "T02", "last", "A", &error))
    goto fail;

  say ("saved\n");
  for (;;)
    pause ();

fail:
  fprintf (stderr, "%s\n", error->message);
  return 1;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint64 count;

  if (argc == 4 && strcmp (argv[1], "--second-store") == 0)
    return second_store (argv[2], argv[3]);

  if (argc != 5)
    {
      fprintf (stderr, "usage: %s DB CASE TAG COUNT\n"
                       "       %s --second-store DB CASE\n", argv[0], argv[0]);
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

      if (!save (store, argv[2], question, value, argv[3], &error))
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }

      if (!say (line))
        return 1;
    }

  return 0;
}
