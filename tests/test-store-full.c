/* test-store-full.c: the case store on a full disk
 *
 * The database is held to its size plus a few pages (PRAGMA max_page_count
 * through a test hook), so a write that needs more fails with SQLITE_FULL
 * exactly as on a full disk, without privileges. Each write that fails must
 * say so naming the database, and leave everything saved before it intact.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pb-case-store.h"
#include "pb-storage-private.h"
#include "store-fixture.h"
#include "test-actor.h"

/* A file only: the limit is SQLite's (a server's full disk is its
 * administrator's), so this program has no second run on a server. */
typedef struct
{
  StoreFixture  base;
  char         *case_id;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  store_fixture_set_up (&f->base, NULL);
  f->case_id = store_fixture_new_case (&f->base, NULL, "Acme Security Ltd");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_free (f->case_id);
  store_fixture_tear_down (&f->base, data);
}

static gboolean
answer (Fixture     *f,
        const char  *question_id,
        const char  *value,
        const char  *comment,
        GError     **error)
{
  g_autoptr(PbAnswer) text = pb_answer_new_string (value);

  pb_test_act_as (f->base.store, "alice");
  return pb_case_store_set_answer (f->base.store, f->case_id, question_id, text, comment,
                                   NULL, NULL, error);
}

/* A clear message: the disk is full, in the named database. */
static void
assert_full_error (const GError *error,
                   const char   *path)
{
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "full"));
  g_assert_null (strstr (error->message, "database or disk is full"));
}

/* Read back through a second connection: the file holds exactly what was
 * committed, passes integrity_check and its history chain verifies. */
static void
assert_database_sound (const char *path,
                       const char *case_id,
                       guint       n_events)
{
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(GListModel) history = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  store = pb_case_store_open (path, PB_CASE_STORE_FLAGS_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (pb_case_store_verify_case (store, case_id, NULL, NULL, &error));
  g_assert_no_error (error);
  history = pb_case_store_list_history (store, case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, n_events);
}

static void
test_answer (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbCaseStore) reader = NULL;
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autofree char *comment = g_strnfill (3000, 'c');
  guint n_saved = 0;

  if (!store_fixture_needs_file (&f->base, "disk that fills (SQLite's page limit)"))
    return;

  g_assert_true (answer (f, "S1.01", "camera", "before the disk filled", &error));
  g_assert_no_error (error);
  g_assert_cmpint (_pb_case_store_limit_growth (f->base.store, 6), >, 6);

  /* Autosave answers with long comments until the disk is full. */
  for (guint i = 1; i <= 80; i++)
    {
      g_autofree char *id = g_strdup_printf ("T%02u", i);

      if (!answer (f, id, "note", comment, &error))
        break;
      n_saved++;
    }
  g_assert_cmpuint (n_saved, <, 80);
  assert_full_error (error, f->base.path);
  g_clear_error (&error);

  /* The same store carries on: reading works, a change that fits in place
   * does not corrupt anything. */
  answers = pb_case_store_get_answers (f->base.store, f->case_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pb_answer_set_get_size (answers), ==, 1 + n_saved);
  g_clear_object (&answers);
  g_clear_object (&f->base.store);

  assert_database_sound (f->base.path, f->case_id, 2 + n_saved);

  reader = pb_case_store_open (f->base.path, PB_CASE_STORE_FLAGS_READ_ONLY, &error);
  g_assert_no_error (error);
  answers = pb_case_store_get_answers (reader, f->case_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pb_answer_set_get_size (answers), ==, 1 + n_saved);
  g_assert_nonnull (pb_answer_set_lookup (answers, "S1.01"));
  for (guint i = 1; i <= n_saved; i++)
    {
      g_autofree char *id = g_strdup_printf ("T%02u", i);

      g_assert_nonnull (pb_answer_set_lookup (answers, id));
    }
}

static void
test_evidence (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) evidence = NULL;
  g_autoptr(PbEvidence) small = NULL;
  g_autoptr(PbEvidence) big = NULL;
  g_autoptr(GBytes) note = g_bytes_new_static ("licence refusal", 15);
  g_autoptr(GBytes) scan = g_bytes_new_take (g_malloc0 (256 * 1024), 256 * 1024);

  if (!store_fixture_needs_file (&f->base, "disk that fills (SQLite's page limit)"))
    return;

  g_assert_true (answer (f, "S1.01", "camera", NULL, &error));
  g_assert_no_error (error);
  pb_test_act_as (f->base.store, "alice");
  small = pb_case_store_add_evidence (f->base.store, f->case_id, "S1.01", "refusal.txt", "text/plain",
                                      note, &error);
  g_assert_no_error (error);

  _pb_case_store_limit_growth (f->base.store, 4);
  big = pb_case_store_add_evidence (f->base.store, f->case_id, "S1.01", "scan.pdf", "application/pdf",
                                    scan, &error);
  g_assert_null (big);
  assert_full_error (error, f->base.path);
  g_clear_error (&error);

  evidence = pb_case_store_list_evidence (f->base.store, f->case_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (evidence), ==, 1);
  g_clear_object (&f->base.store);

  /* created, answer, evidence */
  assert_database_sound (f->base.path, f->case_id, 3);
}

static void
test_import (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *other_path = g_build_filename (f->base.dir, "other.db", NULL);
  g_autofree char *case_file = g_build_filename (f->base.dir, "case.probity", NULL);
  g_autofree char *other_case = NULL;
  g_autofree char *imported = NULL;
  g_autoptr(PbCaseStore) other = NULL;
  g_autoptr(PbEvidence) evidence = NULL;
  g_autoptr(PbCaseInfo) info = NULL;
  g_autoptr(GBytes) scan = g_bytes_new_take (g_malloc0 (256 * 1024), 256 * 1024);
  g_autoptr(GError) error = NULL;
  gboolean changed = TRUE;

  if (!store_fixture_needs_file (&f->base, "disk that fills (SQLite's page limit)"))
    return;

  /* A case file with a 256 KB evidence file in it. */
  other = pb_case_store_new (other_path, &error);
  g_assert_no_error (error);
  pb_test_act_as (other, "alice");
  other_case = store_fixture_new_case (&f->base, other, "Beta Systems");
  pb_test_act_as (other, "bob");
  evidence = pb_case_store_add_evidence (other, other_case, "S1.01", "scan.pdf", "application/pdf",
                                         scan, &error);
  g_assert_no_error (error);
  pb_case_store_export_case (other, other_case, case_file, &error);
  g_assert_no_error (error);

  g_assert_true (answer (f, "S1.01", "camera", NULL, &error));
  g_assert_no_error (error);
  _pb_case_store_limit_growth (f->base.store, 4);

  g_assert_false (pb_case_store_import_case (f->base.store, case_file, &imported, &changed, &error));
  assert_full_error (error, f->base.path);
  g_assert_false (changed);
  g_assert_null (imported);
  g_clear_error (&error);

  /* Nothing of the case was imported, and the store is usable. */
  info = pb_case_store_get_case (f->base.store, other_case, &error);
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND);
  g_assert_null (info);
  g_clear_error (&error);
  g_clear_object (&f->base.store);

  assert_database_sound (f->base.path, f->case_id, 2);
}

/* Exporting a case file under a file-size limit, in a child: the message
 * names the case file (not the database read from), and nothing is left,
 * whether the limit stops the copy (128 KB) or the creation of the file
 * itself (1 KB, as on a disk with no space at all). */
static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  static const rlim_t limits[] = { 128 * 1024, 1024 };
  g_autofree char *case_file = g_build_filename (f->base.dir, "case.probity", NULL);
  g_autoptr(GBytes) scan = g_bytes_new_take (g_malloc0 (256 * 1024), 256 * 1024);
  g_autoptr(PbEvidence) evidence = NULL;
  g_autoptr(GError) error = NULL;

  if (!store_fixture_needs_file (&f->base, "disk that fills (SQLite's page limit)"))
    return;

  pb_test_act_as (f->base.store, "alice");
  evidence = pb_case_store_add_evidence (f->base.store, f->case_id, "S1.01", "scan.pdf", "application/pdf",
                                         scan, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
    {
      g_autoptr(GDir) dir = NULL;
      const char *name;
      int status;
      pid_t pid;

      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          struct rlimit limit = { limits[i], limits[i] };

          signal (SIGXFSZ, SIG_IGN);
          if (setrlimit (RLIMIT_FSIZE, &limit) != 0)
            _exit (10);
          if (pb_case_store_export_case (f->base.store, f->case_id, case_file, &error))
            _exit (11);
          g_printerr ("%s\n", error->message);
          if (!g_error_matches (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO) ||
              strstr (error->message, case_file) == NULL ||
              strstr (error->message, f->base.path) != NULL)
            _exit (12);
          _exit (0);
        }

      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);

      dir = g_dir_open (f->base.dir, 0, NULL);
      while ((name = g_dir_read_name (dir)) != NULL)
        g_assert_false (g_str_has_prefix (name, "case.probity"));
    }

  g_clear_object (&f->base.store);
  assert_database_sound (f->base.path, f->case_id, 2);
}

/* Creating a database where no byte can be written (a 1 KB file-size
 * limit, in a child) fails naming the file and leaves no empty file behind,
 * which every later open would refuse as "not a Probity database". */
static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->base.dir, "new", "cases.db", NULL);
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int status;
  pid_t pid;

  if (!store_fixture_needs_file (&f->base, "disk that fills (SQLite's page limit)"))
    return;

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      struct rlimit limit = { 1024, 1024 };
      PbCaseStore *created;

      signal (SIGXFSZ, SIG_IGN);
      if (setrlimit (RLIMIT_FSIZE, &limit) != 0)
        _exit (10);
      if ((created = pb_case_store_new (path, &error)) != NULL)
        _exit (11);
      g_printerr ("%s\n", error->message);
      if (!g_error_matches (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO) ||
          strstr (error->message, path) == NULL)
        _exit (12);
      _exit (0);
    }

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* Once there is room, the same path works. */
  store = pb_case_store_new (path, &error);
  g_assert_no_error (error);
  pb_test_act_as (store, "alice");
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (from, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (to, contents, length, &error);
  g_assert_no_error (error);
}

/* On a real full disk (a 600 KB tmpfs), the checkpoint run when the store
 * closed wrote page 1 with the new page count, then could not grow the file:
 * the file is shorter than its header says while the WAL next to it still
 * holds every committed page. That database is sound and must open; it was
 * refused as truncated. The test makes the same state from a copy of an open
 * store's files. */
static void
test_interrupted_checkpoint (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *copy = g_build_filename (f->base.dir, "copy.db", NULL);
  g_autofree char *wal = g_strconcat (f->base.path, "-wal", NULL);
  g_autofree char *copy_wal = g_strconcat (copy, "-wal", NULL);
  g_autoptr(GBytes) scan = g_bytes_new_take (g_malloc0 (256 * 1024), 256 * 1024);
  g_autoptr(PbEvidence) evidence = NULL;
  g_autoptr(PbCaseStore) reopened = NULL;
  g_autoptr(GListModel) items = NULL;
  g_autoptr(GError) error = NULL;
  guint32 n_pages;
  GStatBuf st;
  FILE *file;

  if (!store_fixture_needs_file (&f->base, "disk that fills (SQLite's page limit)"))
    return;

  pb_test_act_as (f->base.store, "alice");
  evidence = pb_case_store_add_evidence (f->base.store, f->case_id, "S1.01", "scan.pdf", "application/pdf",
                                         scan, &error);
  g_assert_no_error (error);

  /* The pages are in the WAL, not yet in the file. */
  n_pages = store_sqlite_int (f->base.path, "PRAGMA page_count");

  copy_file (f->base.path, copy);
  copy_file (wal, copy_wal);
  g_assert_cmpint (g_stat (copy, &st), ==, 0);
  g_assert_cmpint ((goffset)n_pages * 4096, >, st.st_size);

  /* Page 1 checkpointed: the header's page count (offset 28) is the new one. */
  n_pages = GUINT32_TO_BE (n_pages);
  file = fopen (copy, "r+b");
  g_assert_nonnull (file);
  g_assert_cmpint (fseek (file, 28, SEEK_SET), ==, 0);
  g_assert_cmpuint (fwrite (&n_pages, 4, 1, file), ==, 1);
  fclose (file);

  reopened = pb_case_store_open (copy, PB_CASE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  items = pb_case_store_list_evidence (reopened, f->case_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 1);
  g_clear_object (&reopened);

  assert_database_sound (copy, f->case_id, 2);
}

/* A quota rather than a full disk: the files may not grow (RLIMIT_FSIZE,
 * SIGXFSZ ignored), so write() fails with EFBIG, which SQLite reports as a
 * disk I/O error. In a child, which answers until it fails and checks the
 * message; the parent then checks the file. */
static void
test_file_size_limit (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *comment = g_strnfill (3000, 'c');
  g_autoptr(PbCaseStore) reader = NULL;
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (f->base.path, "-wal", NULL);
  GStatBuf st_db, st_wal;
  int status;
  pid_t pid;

  if (!store_fixture_needs_file (&f->base, "disk that fills (SQLite's page limit)"))
    return;

  g_assert_true (answer (f, "S1.01", "camera", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (f->base.path, &st_db), ==, 0);
  g_assert_cmpint (g_stat (wal, &st_wal), ==, 0);

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      rlim_t size = MAX (st_db.st_size, st_wal.st_size) + 16 * 1024;
      struct rlimit limit = { size, size };

      signal (SIGXFSZ, SIG_IGN);
      if (setrlimit (RLIMIT_FSIZE, &limit) != 0)
        _exit (10);

      for (guint i = 1; i <= 80; i++)
        {
          g_autofree char *id = g_strdup_printf ("T%02u", i);

          if (!answer (f, id, "note", comment, &error))
            {
              g_printerr ("%s\n", error->message);
              if (!g_error_matches (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO) ||
                  strstr (error->message, f->base.path) == NULL ||
                  strstr (error->message, "not saved") == NULL)
                _exit (11);
              _exit (100 + i);
            }
        }
      _exit (12);
    }

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), >, 100);

  /* T01 .. T(n-1) were saved, Tn was not; the child's store was never
   * closed, as if it had been killed. */
  g_clear_object (&f->base.store);
  assert_database_sound (f->base.path, f->case_id, 2 + WEXITSTATUS (status) - 101);
  reader = pb_case_store_open (f->base.path, PB_CASE_STORE_FLAGS_READ_ONLY, &error);
  g_assert_no_error (error);
  answers = pb_case_store_get_answers (reader, f->case_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pb_answer_set_get_size (answers), ==, 1 + WEXITSTATUS (status) - 101);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/pb/store-full/answer", Fixture, NULL, fixture_set_up, test_answer, fixture_tear_down);
  g_test_add ("/pb/store-full/evidence", Fixture, NULL, fixture_set_up, test_evidence, fixture_tear_down);
  g_test_add ("/pb/store-full/import", Fixture, NULL, fixture_set_up, test_import, fixture_tear_down);
  g_test_add ("/pb/store-full/file-size-limit", Fixture, NULL, fixture_set_up, test_file_size_limit, fixture_tear_down);
  g_test_add ("/pb/store-full/export", Fixture, NULL, fixture_set_up, test_export, fixture_tear_down);
  g_test_add ("/pb/store-full/create", Fixture, NULL, fixture_set_up, test_create, fixture_tear_down);
  g_test_add ("/pb/store-full/interrupted-checkpoint", Fixture, NULL, fixture_set_up,
              test_interrupted_checkpoint, fixture_tear_down);

  return g_test_run ();
}
