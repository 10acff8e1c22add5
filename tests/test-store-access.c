/* test-store-access.c: databases that cannot be written or are locked: an
 * auditor's read-only archive, another program holding the write lock
 *
 * Permission bits do not stop root, and the tests run as root: whatever
 * must meet them runs as `nobody` (setpriv), or as ourselves when we are
 * not root.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "pb-storage-private.h"
#include "store-fixture.h"

/* The command line that runs @argv as someone permission bits apply to. */
static GPtrArray *
as_reader (void)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);

  if (getuid () == 0)
    {
      g_ptr_array_add (argv, g_strdup ("setpriv"));
      g_ptr_array_add (argv, g_strdup ("--reuid=nobody"));
      g_ptr_array_add (argv, g_strdup ("--regid=nogroup"));
      g_ptr_array_add (argv, g_strdup ("--clear-groups"));
    }

  return argv;
}

/* Runs probity-cli ARGS... as the reader and fails the test unless it
 * exits with @expected; @out and @err get what it printed. */
static void
cli_as_reader (int          expected,
               char       **out,
               char       **err,
               const char  *first,
               ...)
{
  g_autoptr(GPtrArray) argv = as_reader ();
  g_autofree char *command = NULL;
  g_autofree char *out_text = NULL;
  g_autofree char *err_text = NULL;
  va_list args;
  int status;

  g_ptr_array_add (argv, store_cli_path ());
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  status = store_run ((const char * const *)argv->pdata, &out_text, &err_text);
  command = g_strjoinv (" ", (char **)argv->pdata);
  if (status != expected)
    g_error ("%s exited %d, not %d: %s%s", command, status, expected, out_text, err_text);

  if (out != NULL)
    *out = g_steal_pointer (&out_text);
  if (err != NULL)
    *err = g_steal_pointer (&err_text);
}

/* Whether the reader may run this build's probity-cli at all (a clone in
 * a folder only root may enter cannot be). */
static gboolean
reader_can_run_cli (void)
{
  g_autofree char *setpriv = g_find_program_in_path ("setpriv");
  g_autoptr(GPtrArray) argv = NULL;

  if (setpriv == NULL && getuid () == 0)
    return FALSE;

  argv = as_reader ();
  g_ptr_array_add (argv, store_cli_path ());
  g_ptr_array_add (argv, g_strdup ("--help"));
  g_ptr_array_add (argv, NULL);
  if (store_run ((const char * const *)argv->pdata, NULL, NULL) != 0)
    return FALSE;

  /* Nor read the source tree's report template (a clone in a mktemp -d
   * folder, mode 0700). */
  g_clear_pointer (&argv, g_ptr_array_unref);
  argv = as_reader ();
  g_ptr_array_add (argv, g_strdup ("test"));
  g_ptr_array_add (argv, g_strdup ("-r"));
  g_ptr_array_add (argv, g_build_filename (g_getenv ("PB_SOURCE_ROOT"), "templates", "default.report.ini", NULL));
  g_ptr_array_add (argv, NULL);

  return store_run ((const char * const *)argv->pdata, NULL, NULL) == 0;
}

/* The names in @dir, sorted, one per line. */
static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static char *
list_folder (const char *dir)
{
  g_autoptr(GDir) entries = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *name;

  g_assert_nonnull (entries);
  while ((name = g_dir_read_name (entries)))
    g_ptr_array_add (names, (char *)name);
  /* g_ptr_array_sort() passes pointers to the elements */
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);

  return g_strjoinv ("\n", (char **)names->pdata);
}

/* Copies the database and, if there, its WAL to dir/archive with another
 * program (cp): this process must not read the file outside SQLite while
 * its store has it open. Then makes the folder and the files read-only and
 * lets the reader through the folders above. */
static char *
make_archive (StoreFixture *f)
{
  g_autofree char *archive = store_fixture_build_path (f, "archive");
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  char *copy = g_build_filename (archive, "cases.db", NULL);
  const char *cp[] = { "cp", f->path, g_file_test (wal, G_FILE_TEST_EXISTS) ? wal : NULL, archive, NULL };
  const char *cp_db[] = { "cp", f->path, archive, NULL };

  g_assert_cmpint (g_mkdir (archive, 0755), ==, 0);
  g_assert_cmpint (store_run (cp[2] != NULL ? cp : cp_db, NULL, NULL), ==, 0);

  {
    g_autoptr(GDir) entries = g_dir_open (archive, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (entries)))
      {
        g_autofree char *child = g_build_filename (archive, name, NULL);

        g_assert_cmpint (g_chmod (child, 0444), ==, 0);
      }
  }
  g_assert_cmpint (g_chmod (archive, 0555), ==, 0);
  g_assert_cmpint (g_chmod (f->dir, 0755), ==, 0);

  return copy;
}

/* A folder the reader may write the report to. */
static char *
make_out_folder (StoreFixture *f)
{
  char *out = store_fixture_build_path (f, "out");

  g_assert_cmpint (g_mkdir (out, 0755), ==, 0);
  g_assert_cmpint (g_chmod (out, 0777), ==, 0);

  return out;
}

/* list, show, verify and report all work on @db, a read-only archive that
 * holds @case_id with @n_answers answers, and none of them leaves a trace
 * next to it; a change is refused, saying why. */
static void
assert_archive_readable (StoreFixture *f,
                         const char   *db,
                         const char   *case_id,
                         guint         n_answers)
{
  g_autofree char *dir = g_path_get_dirname (db);
  g_autofree char *out_dir = make_out_folder (f);
  g_autofree char *pdf = g_build_filename (out_dir, "report.pdf", NULL);
  g_autofree char *names_before = list_folder (dir);
  g_autofree char *sha_before = store_file_sha256 (db);
  g_autofree char *names_after = NULL;
  g_autofree char *sha_after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *answers = g_strdup_printf ("\"answers\" : %u,", n_answers);
  g_autofree char *pdf_head = NULL;

  cli_as_reader (0, &out, &err, "case", "list", "--db", db, NULL);
  g_assert_nonnull (strstr (out, case_id));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  cli_as_reader (0, &out, &err, "case", "show", case_id, "--json", "--db", db, NULL);
  g_assert_nonnull (strstr (out, answers));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  cli_as_reader (0, &out, &err, "case", "verify", case_id, "--db", db, NULL);
  g_assert_nonnull (strstr (out, "OK"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  cli_as_reader (0, &out, &err, "report", case_id, "-o", pdf, "--db", db, NULL);
  g_assert_true (g_file_get_contents (pdf, &pdf_head, NULL, NULL));
  g_assert_true (g_str_has_prefix (pdf_head, "%PDF-"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The "read-only" message: which file, why, and that nothing changed. */
  cli_as_reader (1, &out, &err, "case", "answer", case_id, "S1.02", "no", "--db", db, NULL);
  g_assert_nonnull (strstr (err, db));
  g_assert_nonnull (strstr (err, "read-only"));
  g_assert_nonnull (strstr (err, "left untouched"));

  names_after = list_folder (dir);
  sha_after = store_file_sha256 (db);
  g_assert_cmpstr (names_after, ==, names_before);
  g_assert_cmpstr (sha_after, ==, sha_before);
}

/* An archived copy of a closed database: SQLite can make no WAL index in
 * the folder; it is read as it is. */
static void
test_read_only_archive (StoreFixture  *f,
                        gconstpointer  data)
{
  g_autofree char *case_id = store_fixture_new_case (f, NULL, "Acme Security Ltd");
  g_autofree char *archive = NULL;

  if (!reader_can_run_cli ())
    {
      g_test_skip ("nobody may not run probity-cli from this build folder");
      return;
    }

  store_fixture_answer (f->store, case_id, "S1.01", "\"camera\"", "datasheet", NULL);
  store_fixture_answer (f->store, case_id, "S1.02", "\"yes\"", NULL, NULL);
  g_clear_object (&f->store);

  archive = make_archive (f);
  assert_archive_readable (f, archive, case_id, 2);
}

/* An archive copied while the database was open: the newest answers are
 * only in its WAL, which SQLite cannot recover in a read-only folder. They
 * are read all the same, from a private copy. */
static void
test_read_only_archive_with_wal (StoreFixture  *f,
                                 gconstpointer  data)
{
  g_autofree char *case_id = store_fixture_new_case (f, NULL, "Acme Security Ltd");
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *archive = NULL;
  GStatBuf st;

  if (!reader_can_run_cli ())
    {
      g_test_skip ("nobody may not run probity-cli from this build folder");
      return;
    }

  store_fixture_answer (f->store, case_id, "S1.01", "\"camera\"", NULL, NULL);
  store_fixture_answer (f->store, case_id, "S1.02", "\"yes\"", NULL, NULL);
  store_fixture_answer (f->store, case_id, "T01", "\"only in the WAL\"", NULL, NULL);
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 32);

  archive = make_archive (f);
  assert_archive_readable (f, archive, case_id, 3);
}

/* The "locked" message: another program (the sqlite3 shell) holds the
 * write lock for longer than the store waits. The write fails naming the
 * file, nothing is half-saved, reading goes on, and once the lock is gone
 * the same write succeeds. */
static void
test_locked (StoreFixture  *f,
             gconstpointer  data)
{
  g_autofree char *case_id = store_fixture_new_case (f, NULL, "Acme Security Ltd");
  /* Line-buffered, so that "holding" arrives while the shell runs. */
  const char *argv[] = { "stdbuf", "-oL", "sqlite3", f->path, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(PbAnswer) answer = pb_answer_new_string ("camera");
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(GString) said = g_string_new (NULL);
  const char *lock = "BEGIN IMMEDIATE;\nSELECT 'holding';\n";
  GPid pid;
  int in_fd, out_fd;
  char chunk[256];
  gssize n;

  g_spawn_async_with_pipes (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                            &pid, &in_fd, &out_fd, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (write (in_fd, lock, strlen (lock)), ==, strlen (lock));
  while (strstr (said->str, "holding") == NULL)
    {
      n = read (out_fd, chunk, sizeof chunk);
      g_assert_cmpint (n, >, 0);
      g_string_append_len (said, chunk, n);
    }

  _pb_case_store_set_busy_timeout (f->store, 300);
  g_assert_false (pb_case_store_set_answer (f->store, case_id, "S1.01", answer, NULL, NULL, NULL, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, f->path));
  g_assert_nonnull (strstr (error->message, "locked by another program"));
  g_assert_nonnull (strstr (error->message, "nothing was changed"));
  g_clear_error (&error);

  /* WAL: readers do not wait for the writer. */
  answers = pb_case_store_get_answers (f->store, case_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pb_answer_set_get_size (answers), ==, 0);
  pb_case_store_verify_case (f->store, case_id, NULL, NULL, &error);
  g_assert_no_error (error);

  /* The shell gives up its lock when it ends. */
  close (in_fd);
  while ((n = read (out_fd, chunk, sizeof chunk)) > 0)
    ;
  close (out_fd);
  g_spawn_close_pid (pid);

  g_assert_true (pb_case_store_set_answer (f->store, case_id, "S1.01", answer, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&answers);
  answers = pb_case_store_get_answers (f->store, case_id, 0, &error);
  g_assert_cmpuint (pb_answer_set_get_size (answers), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/pb/store-access/read-only-archive", StoreFixture, NULL,
              store_fixture_set_up, test_read_only_archive, store_fixture_tear_down);
  g_test_add ("/pb/store-access/read-only-archive-with-wal", StoreFixture, NULL,
              store_fixture_set_up, test_read_only_archive_with_wal, store_fixture_tear_down);
  g_test_add ("/pb/store-access/locked", StoreFixture, NULL,
              store_fixture_set_up, test_locked, store_fixture_tear_down);

  return g_test_run ();
}
