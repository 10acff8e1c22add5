/* fuzz-unsaved-answers.c: the file of answers kept for a team server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is put where the wizard looks for answers kept on this
 * computer (pb-unsaved-answers.c) and read as reopening the case reads it.
 * A file that cannot be read gives an error naming it; one that is read
 * gives its answers, each one an answer or an error, and keeping what was
 * read again gives back the same ids, answers, comments and bases.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "fuzz.h"
#include "pb-unsaved-answers.h"

#define DATABASE "team.example.org/probity"
#define CASE_ID "C-2026-0001"

static char *dir;

static void
cleanup (void)
{
  g_autoptr(PbUnsavedAnswers) kept = pb_unsaved_answers_new (DATABASE, CASE_ID, 0);
  g_autofree char *unsaved = g_path_get_dirname (pb_unsaved_answers_get_path (kept));
  g_autofree char *probity = g_path_get_dirname (unsaved);

  g_unlink (pb_unsaved_answers_get_path (kept));
  g_rmdir (unsaved);
  g_rmdir (probity);
  g_rmdir (dir);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;

  fuzz_init ();
  dir = g_dir_make_tmp ("pb-fuzz-unsaved-XXXXXX", &error);
  g_assert_no_error (error);
  /* Before anything asks GLib for the user's data folder. */
  g_setenv ("XDG_DATA_HOME", dir, TRUE);
  atexit (cleanup);

  return 0;
}

/* One answer as read: what a second reading must give back. */
typedef struct
{
  char     *id;
  PbAnswer *answer;
  char     *comment;
  char     *base;
} Kept;

static void
kept_free (gpointer data)
{
  Kept *kept = data;

  g_free (kept->id);
  g_clear_pointer (&kept->answer, pb_answer_unref);
  g_free (kept->comment);
  g_free (kept->base);
  g_free (kept);
}

/* Every answer @kept holds that reads as one, in id order. */
static GPtrArray *
read_all (PbUnsavedAnswers *kept)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (kept_free);
  g_auto(GStrv) ids = pb_unsaved_answers_dup_ids (kept);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      Kept *one = g_new0 (Kept, 1);

      one->id = g_strdup (ids[i]);
      if (!pb_unsaved_answers_lookup (kept, ids[i], &one->answer, &one->comment, &one->base, &error))
        {
          fuzz_assert (error != NULL && strstr (error->message, ids[i]) != NULL &&
                       strstr (error->message, pb_unsaved_answers_get_path (kept)) != NULL,
                       "a refused answer's error names neither the question nor the file: %s",
                       error != NULL ? error->message : "none");
          fuzz_assert (g_utf8_validate (error->message, -1, NULL), "the error is not UTF-8");
          fuzz_refused (error);
          kept_free (one);
          continue;
        }
      fuzz_assert (error == NULL, "an answer read has an error");
      fuzz_assert (g_utf8_validate (one->id, -1, NULL), "a question id is not UTF-8");
      g_ptr_array_add (all, one);
    }

  return g_steal_pointer (&all);
}

static void
check_same (GPtrArray *first,
            GPtrArray *second)
{
  fuzz_assert (first->len == second->len, "%u answers read, %u after keeping them again", first->len, second->len);
  for (guint i = 0; i < first->len; i++)
    {
      Kept *a = g_ptr_array_index (first, i);
      Kept *b = g_ptr_array_index (second, i);

      fuzz_assert (g_str_equal (a->id, b->id), "“%s” became “%s”", a->id, b->id);
      fuzz_assert ((a->answer == NULL) == (b->answer == NULL) &&
                   (a->answer == NULL || pb_answer_equal (a->answer, b->answer)),
                   "the answer to %s changed", a->id);
      /* A comment that cannot be read is kept as none. */
      fuzz_assert (g_str_equal (a->comment != NULL ? a->comment : "", b->comment),
                   "the comment on %s changed", a->id);
      fuzz_assert (g_strcmp0 (a->base, b->base) == 0, "the base of %s changed", a->id);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbUnsavedAnswers) where = pb_unsaved_answers_new (DATABASE, CASE_ID, 0);
  const char *path = pb_unsaved_answers_get_path (where);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(PbUnsavedAnswers) kept = NULL;
  g_autoptr(PbUnsavedAnswers) again = NULL;
  g_autoptr(PbUnsavedAnswers) reread = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GDateTime) time = NULL;

  g_mkdir_with_parents (folder, 0700);
  if (!g_file_set_contents (path, (const char *) data, size, &error))
    g_error ("%s", error->message);

  kept = pb_unsaved_answers_load (DATABASE, CASE_ID, &error);
  if (kept == NULL)
    {
      /* None (another case's file) or an error that names the file. */
      if (error != NULL)
        {
          fuzz_assert (strstr (error->message, path) != NULL, "the error does not name the file: %s", error->message);
          fuzz_assert (g_utf8_validate (error->message, -1, NULL), "the error is not UTF-8");
          fuzz_refused (error);
        }
      return 0;
    }
  fuzz_assert (error == NULL, "a file read has an error");

  time = pb_unsaved_answers_get_time (kept);
  first = read_all (kept);

  /* Kept again, as restoring them does: the same answers come back. */
  again = pb_unsaved_answers_new (DATABASE, CASE_ID, pb_unsaved_answers_get_revision (kept));
  for (guint i = 0; i < first->len; i++)
    {
      Kept *one = g_ptr_array_index (first, i);

      pb_unsaved_answers_set (again, one->id, one->answer, one->comment, one->base);
    }
  if (!pb_unsaved_answers_write (again, &error))
    g_error ("%s", error->message);
  if (first->len == 0)
    {
      fuzz_assert (!g_file_test (path, G_FILE_TEST_EXISTS), "a file without answers is kept");
      return 0;
    }

  reread = pb_unsaved_answers_load (DATABASE, CASE_ID, &error);
  fuzz_assert (reread != NULL, "answers kept cannot be read back: %s", error != NULL ? error->message : "none");
  fuzz_assert (pb_unsaved_answers_get_revision (reread) == pb_unsaved_answers_get_revision (kept),
               "the revision changed");
  second = read_all (reread);
  check_same (first, second);

  return 0;
}
