/* fuzz-replay.c: runs a fuzz harness over files, without libFuzzer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `make test` links each harness with this file and replays its seed corpus
 * and its regression inputs (fuzz/corpus/NAME, fuzz/regressions/NAME)
 * through LLVMFuzzerTestOneInput(), with the normal compiler and the
 * sanitizers of the build. Output is TAP, one line per input.
 *   fuzz-NAME [FILE | DIR]...
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "fuzz.h"

int LLVMFuzzerInitialize (int *argc, char ***argv) __attribute__ ((weak));

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
collect (const char *path,
         GPtrArray  *files)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  /* A harness without regressions has no folder for them yet. */
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      printf ("# %s: none\n", path);
      return;
    }

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_ptr_array_add (files, g_strdup (path));
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      if (name[0] != '.')
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_REGULAR))
            g_ptr_array_add (files, g_steal_pointer (&child));
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  guint n = 0;

  if (LLVMFuzzerInitialize != NULL)
    LLVMFuzzerInitialize (&argc, &argv);

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);

      collect (argv[i], found);
      g_ptr_array_sort (found, compare_names);
      g_ptr_array_extend_and_steal (files, g_steal_pointer (&found));
    }

  printf ("1..%u\n", files->len);
  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autoptr(GError) error = NULL;
      g_autofree char *contents = NULL;
      g_autofree guint8 *exact = NULL;
      gsize length;

      if (!g_file_get_contents (path, &contents, &length, &error))
        {
          printf ("not ok %u - %s: %s\n", ++n, path, error->message);
          continue;
        }

      /* Exactly @length bytes, as libFuzzer passes them: a read past the
       * end is caught by the sanitizers, not hidden by the NUL GLib adds. */
      exact = g_malloc (MAX (length, 1));
      memcpy (exact, contents, length);
      fflush (stdout);
      LLVMFuzzerTestOneInput (exact, length);
      printf ("ok %u - %s (%" G_GSIZE_FORMAT " bytes)\n", ++n, path, length);
    }

  return 0;
}
