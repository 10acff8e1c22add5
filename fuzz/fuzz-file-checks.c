/* fuzz-file-checks.c: the record of what database checks found
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is put where Probity remembers its checks of database files
 * (pb-file-checks.c, $XDG_STATE_HOME/probity/checks.ini), another program's
 * to write. Looking a file up in it gives one of the three answers, and a
 * damage found is text a banner can show; remembering a check after it
 * ends, in bounded time, keeps at most 64 files, and what was remembered
 * is what the next lookup gives.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "fuzz.h"
#include "pb-file-checks.h"

/* pb-file-checks.c's bound on the files it remembers. */
#define MAX_FILES 64

static char *dir;
static char *path;

static void
cleanup (void)
{
  g_autofree char *probity = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (probity);
  g_rmdir (dir);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;

  fuzz_init ();
  dir = g_dir_make_tmp ("pb-fuzz-checks-XXXXXX", &error);
  g_assert_no_error (error);
  /* Before anything asks GLib for the user's state folder. */
  g_setenv ("XDG_STATE_HOME", dir, TRUE);
  path = g_build_filename (dir, "probity", "checks.ini", NULL);
  atexit (cleanup);

  return 0;
}

static PbFileCheck
lookup (const PbFileState  *state,
        char              **finding)
{
  PbFileCheck check = pb_file_checks_lookup (state, finding);

  fuzz_assert (check == PB_FILE_CHECK_UNKNOWN || check == PB_FILE_CHECK_SOUND ||
               check == PB_FILE_CHECK_DAMAGED, "lookup gave %d", check);
  fuzz_assert ((check == PB_FILE_CHECK_DAMAGED) == (*finding != NULL),
               "a finding %s with answer %d", *finding != NULL ? "given" : "missing", check);
  fuzz_assert (*finding == NULL || g_utf8_validate (*finding, -1, NULL), "the finding is not UTF-8");

  return check;
}

static guint
count_files (void)
{
  g_autoptr(GKeyFile) checks = g_key_file_new ();
  g_auto(GStrv) groups = NULL;

  fuzz_assert (g_key_file_load_from_file (checks, path, G_KEY_FILE_NONE, NULL),
               "the remembered checks cannot be read back");
  groups = g_key_file_get_groups (checks, NULL);

  return g_strv_length (groups);
}

/* Looks up, then remembers and looks up again, the file the input's first
 * group names (so the input's own record is read), and a file it does not. */
static void
check_file (const char *key,
            const char *state_text)
{
  PbFileState state = { (char *) key, (char *) state_text };
  g_autofree char *finding = NULL;
  g_autofree char *damage = NULL;

  lookup (&state, &finding);

  pb_file_checks_remember (&state, NULL);
  g_clear_pointer (&finding, g_free);
  fuzz_assert (lookup (&state, &finding) == PB_FILE_CHECK_SOUND, "a sound check just remembered is not");
  fuzz_assert (count_files () <= MAX_FILES, "%u files remembered", count_files ());

  pb_file_checks_remember (&state, "page 7: btree damaged");
  fuzz_assert (lookup (&state, &damage) == PB_FILE_CHECK_DAMAGED, "damage just remembered is not");
  fuzz_assert (g_str_equal (damage, "page 7: btree damaged"), "the finding became “%s”", damage);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GKeyFile) input = g_key_file_new ();
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *first = NULL;
  g_autofree char *first_state = NULL;

  g_mkdir_with_parents (folder, 0700);
  if (!g_file_set_contents (path, (const char *) data, size, &error))
    g_error ("%s", error->message);

  /* The input's own first record, when GLib reads it as a key file. */
  if (g_key_file_load_from_data (input, (const char *) data, size, G_KEY_FILE_NONE, NULL))
    {
      first = g_key_file_get_start_group (input);
      if (first != NULL)
        first_state = g_key_file_get_string (input, first, "state", NULL);
    }

  if (first != NULL && first_state != NULL)
    check_file (first, first_state);

  /* A file the input may not name, on a fresh copy of it. */
  if (!g_file_set_contents (path, (const char *) data, size, &error))
    g_error ("%s", error->message);
  check_file ("2049:1234", "4096 1700000000.000000000 1700000000.000000000 0");

  return 0;
}
