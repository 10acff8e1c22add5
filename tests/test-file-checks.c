/* test-file-checks.c: the record of database checks, a file in the
 * user's state folder that anything the user runs can replace
 *
 * What is put in its place (a link, a pipe, a large file, one swapped for
 * another while it is read) reads as "not checked", at once: the file
 * read is the one whose type and size were checked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pb-file-checks.h"

static char *state_dir;
static char *checks_path;

/* A real file whose state the record is kept for. */
static char *
make_database (PbFileState *state)
{
  char *path = g_build_filename (state_dir, "cases.db", NULL);

  g_assert_true (g_file_set_contents (path, "not a database, a file", -1, NULL));
  g_assert_true (pb_file_state_read (path, state));
  return path;
}

static void
remove_checks (void)
{
  g_unlink (checks_path);
}

static void
test_remembered (void)
{
  g_auto(PbFileState) state = { 0 };
  g_autofree char *db = make_database (&state);
  g_autofree char *finding = NULL;

  remove_checks ();
  g_assert_cmpint (pb_file_checks_lookup (&state, &finding), ==, PB_FILE_CHECK_UNKNOWN);
  pb_file_checks_remember (&state, NULL);
  g_assert_cmpint (pb_file_checks_lookup (&state, &finding), ==, PB_FILE_CHECK_SOUND);
  pb_file_checks_remember (&state, "page 3 is damaged");
  g_assert_cmpint (pb_file_checks_lookup (&state, &finding), ==, PB_FILE_CHECK_DAMAGED);
  g_assert_cmpstr (finding, ==, "page 3 is damaged");
}

/* A link to a record that says "sound" is not followed. */
static void
test_link_refused (void)
{
  g_auto(PbFileState) state = { 0 };
  g_autofree char *db = make_database (&state);
  g_autofree char *finding = NULL;
  g_autofree char *elsewhere = g_build_filename (state_dir, "elsewhere.ini", NULL);
  g_autofree char *contents = NULL;

  remove_checks ();
  pb_file_checks_remember (&state, NULL);
  g_assert_true (g_file_get_contents (checks_path, &contents, NULL, NULL));
  g_assert_true (g_file_set_contents (elsewhere, contents, -1, NULL));
  g_assert_cmpint (g_unlink (checks_path), ==, 0);
  g_assert_cmpint (symlink (elsewhere, checks_path), ==, 0);

  g_assert_cmpint (pb_file_checks_lookup (&state, &finding), ==, PB_FILE_CHECK_UNKNOWN);
  g_assert_null (finding);

  /* Remembering puts a file of its own in the link's place. */
  pb_file_checks_remember (&state, NULL);
  g_assert_false (g_file_test (checks_path, G_FILE_TEST_IS_SYMLINK));
  g_assert_cmpint (pb_file_checks_lookup (&state, &finding), ==, PB_FILE_CHECK_SOUND);
  g_unlink (elsewhere);
}

/* A pipe no one writes to, /dev/zero through a link, a 2 GB file. */
static void
test_special_files (void)
{
  g_auto(PbFileState) state = { 0 };
  g_autofree char *db = make_database (&state);
  g_autofree char *finding = NULL;
  int fd;

  remove_checks ();
  g_assert_cmpint (mkfifo (checks_path, 0600), ==, 0);
  g_assert_cmpint (pb_file_checks_lookup (&state, &finding), ==, PB_FILE_CHECK_UNKNOWN);

  remove_checks ();
  g_assert_cmpint (symlink ("/dev/zero", checks_path), ==, 0);
  g_assert_cmpint (pb_file_checks_lookup (&state, &finding), ==, PB_FILE_CHECK_UNKNOWN);

  remove_checks ();
  fd = g_open (checks_path, O_WRONLY | O_CREAT, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) 2 << 30), ==, 0);
  g_close (fd, NULL);
  g_assert_cmpint (pb_file_checks_lookup (&state, &finding), ==, PB_FILE_CHECK_UNKNOWN);
  remove_checks ();
}

typedef struct
{
  PbFileState *state;
  char        *record;   /* the file as remembering left it */
  gint         stop;
  gint         lookups;
  GMutex       lock;
  GCond        done_cond;
  gboolean     done;
} Race;

/* Swaps a record that is a regular file and a pipe no one writes to in
 * the record's place, as fast as it can. */
static gpointer
swap_thread (gpointer data)
{
  Race *race = data;
  g_autofree char *regular = g_build_filename (state_dir, "regular.ini", NULL);
  g_autofree char *copy = g_build_filename (state_dir, "copy.ini", NULL);
  g_autofree char *fifo = g_build_filename (state_dir, "fifo.ini", NULL);

  g_assert_true (g_file_set_contents (regular, race->record, -1, NULL));
  while (!g_atomic_int_get (&race->stop))
    {
      g_unlink (copy);
      if (link (regular, copy) == 0)
        g_rename (copy, checks_path);
      g_unlink (fifo);
      if (mkfifo (fifo, 0600) == 0)
        g_rename (fifo, checks_path);
    }
  return NULL;
}

static gpointer
lookup_thread (gpointer data)
{
  Race *race = data;

  for (guint i = 0; i < 20000; i++)
    {
      g_autofree char *finding = NULL;
      PbFileCheck check = pb_file_checks_lookup (race->state, &finding);

      g_assert_true (check == PB_FILE_CHECK_UNKNOWN || check == PB_FILE_CHECK_SOUND);
      g_atomic_int_inc (&race->lookups);
    }

  g_mutex_lock (&race->lock);
  race->done = TRUE;
  g_cond_signal (&race->done_cond);
  g_mutex_unlock (&race->lock);
  return NULL;
}

/* The record swapped for a pipe between a look at it and its read: a read
 * of a pipe with no writer would wait for ever. */
static void
test_swapped_for_pipe (void)
{
  g_auto(PbFileState) state = { 0 };
  g_autofree char *db = make_database (&state);
  Race race = { &state, NULL, 0, 0 };
  GThread *swapper, *looker;
  gint64 deadline = g_get_monotonic_time () + 60 * G_TIME_SPAN_SECOND;
  gboolean finished = TRUE;

  remove_checks ();
  pb_file_checks_remember (&state, NULL);
  g_assert_true (g_file_get_contents (checks_path, &race.record, NULL, NULL));
  g_mutex_init (&race.lock);
  g_cond_init (&race.done_cond);
  swapper = g_thread_new ("swap", swap_thread, &race);
  looker = g_thread_new ("lookup", lookup_thread, &race);

  g_mutex_lock (&race.lock);
  while (!race.done && finished)
    finished = g_cond_wait_until (&race.done_cond, &race.lock, deadline);
  g_mutex_unlock (&race.lock);
  g_atomic_int_set (&race.stop, 1);
  g_thread_join (swapper);
  /* A lookup that waits on the pipe is never joined: the test fails. */
  if (!finished)
    g_error ("a lookup still waits after %d lookups: it opened the pipe swapped in", g_atomic_int_get (&race.lookups));
  g_thread_join (looker);
  g_test_message ("%d lookups while the record was swapped", g_atomic_int_get (&race.lookups));

  remove_checks ();
  g_mutex_clear (&race.lock);
  g_cond_clear (&race.done_cond);
  g_free (race.record);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *probity = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  state_dir = g_dir_make_tmp ("probity-file-checks-XXXXXX", &error);
  g_assert_no_error (error);
  /* Before anything asks GLib for the user's state folder. */
  g_setenv ("XDG_STATE_HOME", state_dir, TRUE);
  probity = g_build_filename (state_dir, "probity", NULL);
  g_assert_cmpint (g_mkdir (probity, 0700), ==, 0);
  checks_path = g_build_filename (probity, "checks.ini", NULL);

  g_test_add_func ("/pb/file-checks/remembered", test_remembered);
  g_test_add_func ("/pb/file-checks/link-refused", test_link_refused);
  g_test_add_func ("/pb/file-checks/special-files", test_special_files);
  g_test_add_func ("/pb/file-checks/swapped-for-pipe", test_swapped_for_pipe);
  status = g_test_run ();

  {
    g_autofree char *db = g_build_filename (state_dir, "cases.db", NULL);
    g_autofree char *regular = g_build_filename (state_dir, "regular.ini", NULL);
    g_autofree char *fifo = g_build_filename (state_dir, "fifo.ini", NULL);
    g_autofree char *copy = g_build_filename (state_dir, "copy.ini", NULL);

    g_unlink (checks_path);
    g_unlink (copy);
    g_unlink (db);
    g_unlink (regular);
    g_unlink (fifo);
    g_rmdir (probity);
    g_rmdir (state_dir);
  }
  g_free (checks_path);
  g_free (state_dir);
  return status;
}
