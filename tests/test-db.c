/* test-db.c: the statements a connection keeps (pb_db_prepare_cached),
 * and the number that names its write in progress (pb_db_get_write)
 *
 * A save runs the same SQL every time; the connection keeps those
 * statements instead of parsing them again. Each must come back as a new
 * one would (no row, nothing bound), follow a schema that changed, never
 * be handed to two callers at once, and go with the connection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pb-db-sqlite.h"
#include "pb-storage-types.h"

typedef struct
{
  char *dir;
  char *path;
  PbDb *db;
} Fixture;

static PbDb *
open_db (const char *path)
{
  g_autoptr(GError) error = NULL;
  PbDb *db = pb_db_sqlite_open (path, FALSE, NULL, NULL, &error);

  g_assert_no_error (error);

  return db;
}

static void
run (PbDb       *db,
     const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pb_db_exec (db, sql, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("pb-test-db-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.db", NULL);
  /* An empty file is an empty database. */
  g_assert_true (g_file_set_contents (f->path, "", 0, &error));
  f->db = open_db (f->path);
  run (f->db, "PRAGMA journal_mode = WAL;"
              "CREATE TABLE t (a TEXT);"
              "INSERT INTO t (a) VALUES ('one'), ('two');");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  g_clear_object (&f->db);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (f->path, suffixes[i], NULL);

      g_unlink (name);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* The statements the connection holds, cached or in use: a pointer
 * alone could be a new statement where a freed one was. */
static guint
n_statements (PbDb *db)
{
  sqlite3 *handle = pb_db_sqlite_get_handle (PB_DB_SQLITE (db));
  guint n = 0;

  for (sqlite3_stmt *stmt = sqlite3_next_stmt (handle, NULL); stmt != NULL; stmt = sqlite3_next_stmt (handle, stmt))
    n++;

  return n;
}

/* The value of the first row of @stmt, which takes "?1" or nothing. */
static char *
first_value (PbDbStmt *stmt)
{
  g_autoptr(GError) error = NULL;
  int rc = pb_db_stmt_step (stmt, &error);

  g_assert_no_error (error);
  if (rc != PB_DB_ROW)
    return NULL;

  return g_strdup (pb_db_stmt_column_text (stmt, 0));
}

/* The same SQL gets the same statement back, reset: from its first row
 * again, with what the last caller bound cleared. */
static void
test_reused (Fixture       *f,
             gconstpointer  data)
{
  const char *sql = "SELECT a FROM t WHERE ?1 IS NULL OR a = ?1 ORDER BY a";
  g_autoptr(GError) error = NULL;
  PbDbStmt *first, *again;
  g_autofree char *bound = NULL;
  g_autofree char *unbound = NULL;

  first = pb_db_prepare_cached (f->db, sql, &error);
  g_assert_no_error (error);
  pb_db_stmt_bind_text (first, 1, "two");
  bound = first_value (first);
  g_assert_cmpstr (bound, ==, "two");
  pb_db_stmt_free (first);
  g_assert_cmpuint (n_statements (f->db), ==, 1);

  again = pb_db_prepare_cached (f->db, sql, &error);
  g_assert_no_error (error);
  g_assert_true (again == first);
  g_assert_cmpuint (n_statements (f->db), ==, 1);
  /* Nothing bound: every row, from the first. */
  unbound = first_value (again);
  g_assert_cmpstr (unbound, ==, "one");
  pb_db_stmt_free (again);

  /* Another SQL text is another statement. */
  {
    g_autoptr(PbDbStmt) other = pb_db_prepare_cached (f->db, "SELECT count(*) FROM t", &error);

    g_assert_no_error (error);
    g_assert_true (other != first);
    g_assert_cmpuint (n_statements (f->db), ==, 2);
  }
}

/* While one caller holds it, the same SQL further down (a nested call)
 * gets a statement of its own; the kept one comes back afterwards. */
static void
test_nested (Fixture       *f,
             gconstpointer  data)
{
  const char *sql = "SELECT a FROM t ORDER BY a";
  g_autoptr(GError) error = NULL;
  PbDbStmt *outer, *inner;
  g_autofree char *outer_first = NULL;
  g_autofree char *inner_first = NULL;
  g_autofree char *outer_second = NULL;

  outer = pb_db_prepare_cached (f->db, sql, &error);
  g_assert_no_error (error);
  outer_first = first_value (outer);

  inner = pb_db_prepare_cached (f->db, sql, &error);
  g_assert_no_error (error);
  g_assert_true (inner != outer);
  g_assert_cmpuint (n_statements (f->db), ==, 2);
  inner_first = first_value (inner);
  /* Not kept: the kept one is the outer. */
  pb_db_stmt_free (inner);
  g_assert_cmpuint (n_statements (f->db), ==, 1);

  /* The outer one goes on where it was. */
  outer_second = first_value (outer);
  g_assert_cmpstr (outer_first, ==, "one");
  g_assert_cmpstr (inner_first, ==, "one");
  g_assert_cmpstr (outer_second, ==, "two");
  pb_db_stmt_free (outer);

  inner = pb_db_prepare_cached (f->db, sql, &error);
  g_assert_no_error (error);
  g_assert_true (inner == outer);
  pb_db_stmt_free (inner);
}

/* A kept statement follows the schema as it is when it runs: a column
 * added, the table gone (an error, not a crash), the table made again. */
static void
test_schema_change (Fixture       *f,
                    gconstpointer  data)
{
  const char *sql = "SELECT * FROM t";
  g_autoptr(GError) error = NULL;
  PbDbStmt *stmt;

  stmt = pb_db_prepare_cached (f->db, sql, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pb_db_stmt_step (stmt, &error), ==, PB_DB_ROW);
  g_assert_cmpint (pb_db_stmt_column_count (stmt), ==, 1);
  pb_db_stmt_free (stmt);

  run (f->db, "ALTER TABLE t ADD COLUMN b TEXT DEFAULT 'added'");
  stmt = pb_db_prepare_cached (f->db, sql, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pb_db_stmt_step (stmt, &error), ==, PB_DB_ROW);
  g_assert_no_error (error);
  g_assert_cmpint (pb_db_stmt_column_count (stmt), ==, 2);
  g_assert_cmpstr (pb_db_stmt_column_text (stmt, 1), ==, "added");
  pb_db_stmt_free (stmt);

  run (f->db, "DROP TABLE t");
  stmt = pb_db_prepare_cached (f->db, sql, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pb_db_stmt_step (stmt, &error), ==, 0);
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "no such table"));
  g_clear_error (&error);
  pb_db_stmt_free (stmt);

  run (f->db, "CREATE TABLE t (x INTEGER, y INTEGER, z INTEGER); INSERT INTO t VALUES (1, 2, 3)");
  stmt = pb_db_prepare_cached (f->db, sql, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pb_db_stmt_step (stmt, &error), ==, PB_DB_ROW);
  g_assert_cmpint (pb_db_stmt_column_count (stmt), ==, 3);
  g_assert_cmpint (pb_db_stmt_column_int (stmt, 2), ==, 3);
  pb_db_stmt_free (stmt);
}

/* The kept statements go when the connection closes: closed for real,
 * the last connection folds the WAL in and removes it (SQLite keeps a
 * connection with statements left open as a zombie, its WAL with it). A
 * connection opened again prepares its own. */
static void
test_closed_with_connection (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(PbDbStmt) stmt = pb_db_prepare_cached (f->db, "INSERT INTO t (a) VALUES (?1)", &error);

      g_assert_no_error (error);
      pb_db_stmt_bind_text (stmt, 1, "three");
      g_assert_cmpint (pb_db_stmt_step (stmt, &error), ==, PB_DB_DONE);
    }
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));

  g_clear_object (&f->db);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));

  f->db = open_db (f->path);
  {
    g_autoptr(PbDbStmt) stmt = pb_db_prepare_cached (f->db, "SELECT count(*) FROM t WHERE a = ?1", &error);

    g_assert_no_error (error);
    pb_db_stmt_bind_text (stmt, 1, "three");
    value = first_value (stmt);
  }
  g_assert_cmpstr (value, ==, "3");
}

/* A save keeps what its write read for as long as pb_db_get_write ()
 * names that write: the number must change with every write begun and
 * be 0 wherever no write is in progress, however the last one ended. */
static void
test_write_named (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint64 first, second;

  g_assert_cmpuint (pb_db_get_write (f->db), ==, 0);

  g_assert_true (pb_db_begin (f->db, &error));
  first = pb_db_get_write (f->db);
  g_assert_cmpuint (first, !=, 0);
  run (f->db, "INSERT INTO t (a) VALUES ('three')");
  g_assert_cmpuint (pb_db_get_write (f->db), ==, first);
  g_assert_true (pb_db_commit (f->db, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pb_db_get_write (f->db), ==, 0);

  g_assert_true (pb_db_begin (f->db, &error));
  second = pb_db_get_write (f->db);
  g_assert_cmpuint (second, !=, 0);
  g_assert_cmpuint (second, !=, first);
  pb_db_rollback (f->db);
  g_assert_cmpuint (pb_db_get_write (f->db), ==, 0);

  /* A transaction that only reads is no write. */
  g_assert_true (pb_db_begin_read (f->db, &error));
  g_assert_cmpuint (pb_db_get_write (f->db), ==, 0);
  pb_db_rollback (f->db);

  /* Nor is a write the engine ended by itself (here: a COMMIT run as any
   * other statement), nor one begun the same way. */
  g_assert_true (pb_db_begin (f->db, &error));
  run (f->db, "COMMIT");
  g_assert_cmpuint (pb_db_get_write (f->db), ==, 0);
  run (f->db, "BEGIN");
  g_assert_cmpuint (pb_db_get_write (f->db), ==, 0);
  run (f->db, "COMMIT");
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/pb/db/cached/reused", Fixture, NULL, fixture_set_up, test_reused, fixture_tear_down);
  g_test_add ("/pb/db/cached/nested", Fixture, NULL, fixture_set_up, test_nested, fixture_tear_down);
  g_test_add ("/pb/db/cached/schema-change", Fixture, NULL, fixture_set_up, test_schema_change, fixture_tear_down);
  g_test_add ("/pb/db/cached/closed-with-connection", Fixture, NULL, fixture_set_up, test_closed_with_connection,
              fixture_tear_down);
  g_test_add ("/pb/db/write-named", Fixture, NULL, fixture_set_up, test_write_named, fixture_tear_down);

  return g_test_run ();
}
