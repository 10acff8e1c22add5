/* test-store-hostile.c: case files and evidence files made by someone else
 *
 * Each attack is a case file (or a file handed to `case attach`) built with
 * the sqlite3 shell or the file system. Importing or attaching it must end
 * with a clear error that names the file, without hanging and without
 * loading more than the limits, and must leave the target database as it
 * was (compared with `sqlite3 .dump`).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pb-storage-private.h"
#include "pb-unsaved-answers.h"
#include "store-fixture.h"
#include "test-actor.h"

typedef struct
{
  StoreFixture  base;
  char         *source_path;   /* a database with one full case */
  char         *case_id;
  char         *case_file;     /* that case, exported */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(PbCaseStore) source = NULL;
  g_autoptr(GError) error = NULL;

  store_fixture_set_up (&f->base, NULL);
  f->source_path = store_fixture_build_path (&f->base, "source.db");
  f->case_file = store_fixture_build_path (&f->base, "case.probity");

  source = pb_case_store_new (f->source_path, &error);
  g_assert_no_error (error);
  pb_test_act_as (source, "alice");
  f->case_id = store_fixture_full_case (&f->base, source);
  pb_case_store_export_case (source, f->case_id, f->case_file, &error);
  g_assert_no_error (error);

  /* The target holds a case of its own. */
  g_free (store_fixture_full_case (&f->base, NULL));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  _pb_case_store_set_import_time_limit (IMPORT_TIME_LIMIT_MS);
  g_free (f->source_path);
  g_free (f->case_id);
  g_free (f->case_file);
  store_fixture_tear_down (&f->base, data);
}

/* The whole content of the target, as the sqlite3 shell dumps it. */
static char *
dump (Fixture *f)
{
  return store_sqlite3 (f->base.path, ".dump");
}

/* Importing @file into the target fails with @code, naming @file and
 * saying @needle, and the target is left as it was. */
static void
assert_import_refused (Fixture    *f,
                       const char *file,
                       int         code,
                       const char *needle)
{
  g_autofree char *before = dump (f);
  g_autofree char *after = NULL;
  g_autofree char *imported = NULL;
  g_autoptr(GError) error = NULL;
  gboolean changed = TRUE;

  g_assert_false (pb_case_store_import_case (f->base.store, file, &imported, &changed, &error));
  g_assert_error (error, PB_STORAGE_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, file));
  g_assert_nonnull (strstr (error->message, needle));
  g_assert_null (imported);
  g_assert_false (changed);

  after = dump (f);
  g_assert_cmpstr (after, ==, before);
}

/* Edits the case file with the sqlite3 shell, seal triggers out of the way. */
static void
edit_case_file (Fixture    *f,
                const char *sql)
{
  g_autoptr(GString) script = g_string_new (NULL);
  g_autofree char *triggers = store_sqlite3 (f->case_file,
                                             "SELECT 'DROP TRIGGER ' || name || ';' FROM sqlite_master WHERE type = 'trigger'");
  g_autofree char *out = NULL;

  g_string_append_printf (script, "%s%s;", triggers, sql);
  g_string_replace (script, "@case@", f->case_id, 0);
  out = store_sqlite3 (f->case_file, script->str);
}

/* A view in place of the events table that never ends: it is refused
 * before anything reads it, by import and by a plain read-only open. */
static void
test_recursive_view (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(PbCaseStore) reader = NULL;
  g_autoptr(GError) error = NULL;

  edit_case_file (f,
                  "DROP TABLE events;"
                  "CREATE VIEW events AS WITH RECURSIVE r (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r)"
                  " SELECT '@case@' AS case_id, n AS seq, 1 AS revision, '' AS time, '' AS user, 'answer-set' AS kind,"
                  " NULL AS question_id, NULL AS old_value, NULL AS new_value, NULL AS reason, NULL AS data,"
                  " '' AS prev_hash, '' AS hash, NULL AS role, NULL AS organisation FROM r");

  /* Were it read, the time limit would stop it; it must not come to that. */
  _pb_case_store_set_import_time_limit (60000);
  assert_import_refused (f, f->case_file, PB_STORAGE_ERROR_TAMPERED, "view “events”");

  reader = pb_case_store_open (f->case_file, PB_CASE_STORE_FLAGS_READ_ONLY, &error);
  g_assert_null (reader);
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, "view “events”"));
}

/* A trigger of someone else's in a case file is not run, nor is the file. */
static void
test_foreign_trigger (Fixture       *f,
                      gconstpointer  data)
{
  edit_case_file (f, "CREATE TRIGGER grow AFTER INSERT ON meta BEGIN INSERT INTO meta SELECT key || 'x', value FROM meta; END");
  assert_import_refused (f, f->case_file, PB_STORAGE_ERROR_TAMPERED, "trigger “grow”");
}

/* A case file whose schema someone rewrote with the sqlite3 shell: what
 * the file brings (generated columns, expression indexes, views, other
 * kinds of table, a schema SQLite cannot read, a newer version) is never
 * run on import; each is refused with a message that names the file and
 * what is wrong, and the target is left as it was. */
typedef struct
{
  const char *name;
  const char *sql;        /* run on the case file, its triggers dropped; @case@ is the case id */
  int         code;
  const char *needle;
} Tampering;

static const Tampering tamperings[] = {
  { "generated-column",
    "ALTER TABLE answers ADD COLUMN g BLOB GENERATED ALWAYS AS (zeroblob (2000000000)) VIRTUAL",
    PB_STORAGE_ERROR_TAMPERED, "answers" },
  { "expression-index",
    "CREATE INDEX slow ON events (length (printf ('%.*c', 100000000, 'x')))",
    PB_STORAGE_ERROR_TAMPERED, "index “slow”" },
  { "view-for-answers",
    "DROP TABLE answers; CREATE VIEW answers AS SELECT * FROM meta",
    PB_STORAGE_ERROR_TAMPERED, "view “answers”" },
  { "without-rowid",
    "PRAGMA legacy_alter_table = ON;"
    "CREATE TABLE a2 (case_id TEXT, revision INTEGER, question_id TEXT, value TEXT,"
    " PRIMARY KEY (case_id, revision, question_id)) WITHOUT ROWID;"
    "DROP TABLE answers; ALTER TABLE a2 RENAME TO answers",
    PB_STORAGE_ERROR_TAMPERED, "answers" },
  { "columns-missing",
    "DROP TABLE blobs; CREATE TABLE blobs (x)",
    PB_STORAGE_ERROR_TAMPERED, "blobs" },
  { "unreadable-schema",
    "PRAGMA writable_schema = ON;"
    "UPDATE sqlite_master SET sql = 'CREATE TABLE meta (key TEXT, value TEXT' WHERE name = 'meta';"
    "PRAGMA writable_schema = OFF",
    PB_STORAGE_ERROR_CORRUPT, "malformed database schema (meta)" },
  { "newer-version",
    "PRAGMA user_version = 9999",
    PB_STORAGE_ERROR_TOO_NEW, "newer version of Probity" },
};

static void
test_tampered_schema (Fixture       *f,
                      gconstpointer  data)
{
  const Tampering *t = data;

  edit_case_file (f, t->sql);
  /* Were anything run, the time limit would stop it; it must not come to that. */
  _pb_case_store_set_import_time_limit (60000);
  assert_import_refused (f, f->case_file, t->code, t->needle);
}

/* A questionnaire row whose bytes were swapped, its SHA-256 kept: the case
 * file is refused, and the target's own cases of that questionnaire, and
 * new ones, are untouched by it. A row poisoned in the target itself is
 * put right by the next case pinning those bytes. */
static void
test_poisoned_questionnaire (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *sha = g_strdup (pb_questionnaire_get_sha256 (f->base.questionnaire));
  g_autofree char *poison = g_strdup_printf ("UPDATE questionnaires SET content = CAST ('<questionnaire/>' AS BLOB)"
                                             " WHERE sha256 = '%s'", sha);
  g_autofree char *case_id = NULL;
  g_autoptr(PbEvaluation) evaluation = NULL;
  g_autoptr(GError) error = NULL;

  edit_case_file (f, poison);
  assert_import_refused (f, f->case_file, PB_STORAGE_ERROR_TAMPERED, "questionnaire");

  /* Poisoned in the target behind the store's back (a fresh connection
   * reads the file, not a questionnaire the store remembers). */
  g_clear_object (&f->base.store);
  g_free (store_sqlite3 (f->base.path, poison));
  f->base.store = pb_case_store_new (f->base.path, &error);
  g_assert_no_error (error);
  pb_test_act_as (f->base.store, "alice");

  case_id = store_fixture_new_case (&f->base, NULL, "Globex");
  evaluation = pb_case_store_evaluate (f->base.store, case_id, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (evaluation);
  pb_case_store_verify_case (f->base.store, case_id, NULL, NULL, &error);
  g_assert_no_error (error);
}

/* Evidence above the 20 MB a case accepts is refused before it is loaded,
 * however the file came to hold it. */
static void
test_large_blob (Fixture       *f,
                 gconstpointer  data)
{
  edit_case_file (f, "UPDATE blobs SET content = zeroblob (21 * 1024 * 1024), size = 21 * 1024 * 1024"
                     " WHERE sha256 IN (SELECT sha256 FROM evidence)");
  assert_import_refused (f, f->case_file, PB_STORAGE_ERROR_TAMPERED, "the store accepts");
}

/* A case file larger than any case file is refused before it is read. */
static void
test_huge_file (Fixture       *f,
                gconstpointer  data)
{
  g_assert_cmpint (truncate (f->case_file, CASE_FILE_MAX_SIZE + 4096), ==, 0);
  assert_import_refused (f, f->case_file, PB_STORAGE_ERROR_TOO_LARGE, "are not read");
}

/* Whatever the file, an import ends: past its time limit it is stopped and
 * nothing is imported. */
static void
test_time_limit (Fixture       *f,
                 gconstpointer  data)
{
  _pb_case_store_set_import_time_limit (1);
  assert_import_refused (f, f->case_file, PB_STORAGE_ERROR_TOO_LARGE, "was stopped");

  /* and with time enough, the same file imports */
  _pb_case_store_set_import_time_limit (IMPORT_TIME_LIMIT_MS);
  {
    g_autoptr(GError) error = NULL;
    gboolean changed = FALSE;

    g_assert_true (pb_case_store_import_case (f->base.store, f->case_file, NULL, &changed, &error));
    g_assert_no_error (error);
    g_assert_true (changed);
  }
}

/* Not regular files: a FIFO would block an open() for ever, a device never
 * ends. Neither is read, as a case file, a database or evidence. */
static void
test_special_files (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *fifo = store_fixture_build_path (&f->base, "pipe");
  g_autofree char *case_id = store_fixture_new_case (&f->base, NULL, "Initech");
  const char *specials[] = { fifo, "/dev/zero" };

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (specials); i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (specials[i]);
      g_autoptr(PbCaseStore) store = NULL;
      g_autoptr(PbEvidence) evidence = NULL;
      g_autoptr(GError) error = NULL;

      assert_import_refused (f, specials[i], PB_STORAGE_ERROR_NOT_A_DATABASE, "not a regular file");

      store = pb_case_store_open (specials[i], PB_CASE_STORE_FLAGS_READ_ONLY, &error);
      g_assert_null (store);
      g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_A_DATABASE);
      g_assert_nonnull (strstr (error->message, "not a regular file"));
      g_clear_error (&error);

      evidence = pb_case_store_add_evidence_file (f->base.store, case_id, "S1.01", file, &error);
      g_assert_null (evidence);
      g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO);
      g_assert_nonnull (strstr (error->message, specials[i]));
      g_assert_nonnull (strstr (error->message, "not a regular file"));
    }

  /* The CLI says the same and ends. */
  {
    g_autofree char *cli = store_cli_path ();
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    const char *argv[] = { cli, "case", "attach", case_id, "S1.01", "/dev/zero", "--db", f->base.path,
                           "--user", "alice", NULL };

    g_clear_object (&f->base.store);
    g_assert_cmpint (store_run (argv, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "/dev/zero"));
  }
}

/* The database this program has open is neither imported into itself nor
 * attached as evidence: both would read it outside SQLite. */
static void
test_own_database (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *case_id = store_fixture_new_case (&f->base, NULL, "Initech");
  g_autoptr(GFile) file = g_file_new_for_path (f->base.path);
  g_autoptr(PbEvidence) evidence = NULL;
  g_autoptr(GError) error = NULL;

  assert_import_refused (f, f->base.path, PB_STORAGE_ERROR_BUSY, "open as a database in this program");

  evidence = pb_case_store_add_evidence_file (f->base.store, case_id, "S1.01", file, &error);
  g_assert_null (evidence);
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "open in this program"));
}

/* The answers a window keeps for a case on a team server are read back
 * from the user's data folder, where another program may have put a pipe
 * or a file of one endless line: reading either ends, and says so in a
 * line that names the file. */
static void
test_unsaved_answers (void)
{
  g_autoptr(PbUnsavedAnswers) where = pb_unsaved_answers_new ("team.example.org/probity", "C-2026-0001", 0);
  const char *path = pb_unsaved_answers_get_path (where);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *line = g_strnfill (3 * 1024 * 1024, 'x');

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  {
    g_autoptr(PbUnsavedAnswers) kept = NULL;
    g_autoptr(GError) error = NULL;

    kept = pb_unsaved_answers_load ("team.example.org/probity", "C-2026-0001", &error);
    g_assert_null (kept);
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, path));
    g_assert_nonnull (strstr (error->message, "a pipe"));
  }
  g_assert_cmpint (g_unlink (path), ==, 0);

  g_assert_true (g_file_set_contents (path, line, -1, NULL));
  {
    g_autoptr(PbUnsavedAnswers) kept = NULL;
    g_autoptr(GError) error = NULL;

    kept = pb_unsaved_answers_load ("team.example.org/probity", "C-2026-0001", &error);
    g_assert_null (kept);
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, path));
    g_assert_cmpuint (strlen (error->message), <, PB_MESSAGE_MAX_SIZE + strlen (path) + 200);
  }
  g_assert_cmpint (g_unlink (path), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = g_dir_make_tmp ("probity-hostile-XXXXXX", NULL);
  static const char * const folders[] = { "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME" };
  int status;

  /* Isolated: the user's folders are temporary ones, one set for the run.
   * (G_TEST_OPTION_ISOLATE_DIRS makes a set per test, and GLib 2.74 leaks
   * the previous set's names each time, which LeakSanitizer reports.) */
  g_assert_nonnull (home);
  g_setenv ("HOME", home, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (folders); i++)
    {
      g_autofree char *folder = g_build_filename (home, folders[i], NULL);

      g_setenv (folders[i], folder, TRUE);
    }
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/pb/store-hostile/recursive-view", Fixture, NULL, fixture_set_up, test_recursive_view, fixture_tear_down);
  g_test_add ("/pb/store-hostile/foreign-trigger", Fixture, NULL, fixture_set_up, test_foreign_trigger, fixture_tear_down);
  g_test_add ("/pb/store-hostile/poisoned-questionnaire", Fixture, NULL, fixture_set_up,
              test_poisoned_questionnaire, fixture_tear_down);
  g_test_add ("/pb/store-hostile/large-blob", Fixture, NULL, fixture_set_up, test_large_blob, fixture_tear_down);
  g_test_add ("/pb/store-hostile/huge-file", Fixture, NULL, fixture_set_up, test_huge_file, fixture_tear_down);
  g_test_add ("/pb/store-hostile/time-limit", Fixture, NULL, fixture_set_up, test_time_limit, fixture_tear_down);
  g_test_add ("/pb/store-hostile/special-files", Fixture, NULL, fixture_set_up, test_special_files, fixture_tear_down);
  g_test_add ("/pb/store-hostile/own-database", Fixture, NULL, fixture_set_up, test_own_database, fixture_tear_down);
  g_test_add_func ("/pb/store-hostile/unsaved-answers", test_unsaved_answers);
  for (guint i = 0; i < G_N_ELEMENTS (tamperings); i++)
    {
      g_autofree char *path = g_strconcat ("/pb/store-hostile/tampered-schema/", tamperings[i].name, NULL);

      g_test_add (path, Fixture, &tamperings[i], fixture_set_up, test_tampered_schema, fixture_tear_down);
    }

  status = g_test_run ();
  store_remove_tree (home);
  return status;
}
