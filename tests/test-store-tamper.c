/* test-store-tamper.c: every stored fact, edited behind the store's back
 * with the sqlite3 shell, is caught by verification
 *
 * A case with every kind of row (answers, evidence, a signed revision with
 * its report stored, a reopened revision) is made once. Then, each on a
 * fresh copy: every column of every row the case owns is changed, every row
 * is deleted, rows are added, every trigger and index is dropped or
 * altered, objects are added to the schema, and the attacks adversaries
 * actually made are replayed. Each time opening the file read-only or
 * pb_case_store_verify_case() (what `probity-cli case verify` runs) must
 * fail with PB_STORAGE_ERROR_TAMPERED, unless the column is one SCHEMA.md
 * says is not a fact of the case.
 *
 * The tables and columns are read from the file, so a column added later
 * is tampered with too and must be covered or documented.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "store-fixture.h"
#include "test-actor.h"

/* Columns that are not facts of a case (SCHEMA.md, "What verification
 * covers"): editing them changes nothing a case says. */
static const char * const not_facts[] = {
  "meta.key", "meta.value",
  "questionnaires.file_name", "reference_data.file_name",
  "evidence.id",
  "sign_offs.id",
};

typedef struct
{
  StoreFixture  base;
  char         *template;   /* the database with the case, closed */
  char         *case_id;
  char         *triggers;   /* DROP TRIGGER for every trigger */
  char         *restore;    /* and CREATE TRIGGER again, exactly */
  guint         n_runs;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GString) drop = g_string_new (NULL);
  g_autoptr(GString) create = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  store_fixture_set_up (&f->base, NULL);
  f->case_id = store_fixture_full_case (&f->base, NULL);
  /* A second case, so that an edit cannot hide among rows of one. */
  g_free (store_fixture_new_case (&f->base, NULL, "Initech"));
  g_clear_object (&f->base.store);
  f->template = g_strdup (f->base.path);

  g_assert_cmpint (sqlite3_open_v2 (f->template, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_string_append_printf (drop, "DROP TRIGGER %s;\n", sqlite3_column_text (stmt, 0));
      g_string_append_printf (create, "%s;\n", sqlite3_column_text (stmt, 1));
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  g_assert_cmpuint (drop->len, >, 0);
  f->triggers = g_string_free (g_steal_pointer (&drop), FALSE);
  f->restore = g_string_free (g_steal_pointer (&create), FALSE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_test_message ("%u edits verified", f->n_runs);
  g_free (f->template);
  g_free (f->case_id);
  g_free (f->triggers);
  g_free (f->restore);
  store_fixture_tear_down (&f->base, data);
}

static gboolean
is_fact (const char *table,
         const char *column)
{
  g_autofree char *name = g_strdup_printf ("%s.%s", table, column);

  return !g_strv_contains (not_facts, name);
}

/* Copies the template, runs @sql on the copy with the sqlite3 shell (the
 * triggers dropped first and put back as they were, when @keep_triggers is
 * FALSE, so that only the data changes), and verifies the case on it as
 * `case verify` does: read-only. Returns the error, NULL if it verified. */
static GError *
tamper_and_verify (Fixture    *f,
                   const char *sql,
                   gboolean    keep_triggers)
{
  g_autofree char *name = g_strdup_printf ("run-%u.db", f->n_runs++);
  g_autofree char *path = store_fixture_build_path (&f->base, name);
  g_autofree char *script = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GFile) from = g_file_new_for_path (f->template);
  g_autoptr(GFile) to = g_file_new_for_path (path);
  g_autoptr(PbCaseStore) store = NULL;
  GError *error = NULL;

  g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  /* No fsync: a throwaway copy, hundreds of them. */
  if (keep_triggers)
    script = g_strdup_printf ("PRAGMA synchronous = OFF;\nBEGIN;\n%s;\nCOMMIT;", sql);
  else
    script = g_strdup_printf ("PRAGMA synchronous = OFF;\nBEGIN;\n%s%s;\n%sCOMMIT;", f->triggers, sql, f->restore);
  out = store_sqlite3 (path, script);

  /* A trigger or view Probity does not make is refused before anything
   * is read: caught as well. */
  store = pb_case_store_open (path, PB_CASE_STORE_FLAGS_READ_ONLY, &error);
  if (store != NULL)
    pb_case_store_verify_case (store, f->case_id, NULL, NULL, &error);
  g_clear_object (&store);

  store_remove_tree (path);

  return error;
}

static void
assert_caught (Fixture    *f,
               const char *what,
               const char *sql,
               gboolean    keep_triggers)
{
  g_autoptr(GError) error = tamper_and_verify (f, sql, keep_triggers);

  if (error == NULL)
    g_error ("not caught: %s\n  %s", what, sql);
  if (!g_error_matches (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TAMPERED))
    g_error ("%s: caught, but not as tampering: %s", what, error->message);
  g_test_message ("%s: %s", what, error->message);
}

/* Rows a case owns in @table, each as a WHERE clause on its primary key
 * (or its rowid), read from the template. */
static GPtrArray *
case_rows (Fixture    *f,
           sqlite3    *db,
           const char *table)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) select = g_string_new ("SELECT ");
  g_autofree char *info = g_strdup_printf ("PRAGMA table_info (%s)", table);
  g_autofree char *owned = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, info, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    if (sqlite3_column_int (stmt, 5) > 0)
      g_ptr_array_add (keys, g_strdup ((const char *)sqlite3_column_text (stmt, 1)));
  sqlite3_finalize (stmt);
  if (keys->len == 0)
    g_ptr_array_add (keys, g_strdup ("rowid"));

  for (guint i = 0; i < keys->len; i++)
    g_string_append_printf (select, "%s'%s = ' || quote (%s)", i > 0 ? " || ' AND ' || " : "",
                            (char *)keys->pdata[i], (char *)keys->pdata[i]);

  if (strcmp (table, "meta") == 0)
    owned = g_strdup ("1");
  else if (strcmp (table, "cases") == 0)
    owned = g_strdup_printf ("id = '%s'", f->case_id);
  else if (strcmp (table, "customers") == 0 || strcmp (table, "products") == 0)
    owned = g_strdup_printf ("uid = (SELECT %s_uid FROM cases WHERE id = '%s')",
                             strcmp (table, "customers") == 0 ? "customer" : "product", f->case_id);
  else if (strcmp (table, "reference_data") == 0)
    owned = g_strdup_printf ("sha256 = (SELECT reference_sha256 FROM cases WHERE id = '%s')", f->case_id);
  else if (strcmp (table, "questionnaires") == 0)
    owned = g_strdup_printf ("sha256 = (SELECT questionnaire_sha256 FROM cases WHERE id = '%s')", f->case_id);
  else if (strcmp (table, "search_text") == 0)
    owned = g_strdup_printf ("rowid = (SELECT id FROM case_list WHERE case_id = '%s')", f->case_id);
  else if (strcmp (table, "blobs") == 0)
    owned = g_strdup_printf ("sha256 IN (SELECT sha256 FROM evidence WHERE case_id = '%s'"
                             " UNION SELECT report_sha256 FROM sign_offs WHERE case_id = '%s')",
                             f->case_id, f->case_id);
  else
    owned = g_strdup_printf ("case_id = '%s'", f->case_id);

  g_string_append_printf (select, " FROM %s WHERE %s", table, owned);
  g_assert_cmpint (sqlite3_prepare_v2 (db, select->str, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (rows, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);

  if (strcmp (table, "meta") != 0)
    g_assert_cmpuint (rows->len, >, 0);

  return g_steal_pointer (&rows);
}

static GPtrArray *
table_names (sqlite3 *db)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_master WHERE type = 'table'"
                                           " AND name NOT LIKE 'sqlite%' ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *)sqlite3_column_text (stmt, 0);

      /* Restricted-party list editions belong to no case; FTS5 keeps the
       * search index's words in tables of its own, whose text search_text
       * shows; search_pending only says which documents are older than
       * their cases, which searches then read themselves (SCHEMA.md). */
      if (!g_str_has_prefix (name, "list_") && !g_str_has_prefix (name, "search_text_") &&
          strcmp (name, "search_pending") != 0)
        g_ptr_array_add (names, g_strdup (name));
    }
  sqlite3_finalize (stmt);

  return names;
}

static GPtrArray *
column_names (sqlite3    *db,
              const char *table)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *info = g_strdup_printf ("PRAGMA table_info (%s)", table);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, info, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (names, g_strdup ((const char *)sqlite3_column_text (stmt, 1)));
  sqlite3_finalize (stmt);

  return names;
}

/* A different value of the same kind: 0 and 1 swap, other numbers move
 * past any in use (keys stay unique), text grows, bytes are replaced, NULL
 * becomes text. */
static char *
changed_value (const char *column)
{
  return g_strdup_printf ("CASE typeof (%s) WHEN 'integer' THEN (CASE %s WHEN 0 THEN 1 WHEN 1 THEN 0 ELSE %s + 1000 END)"
                          " WHEN 'blob' THEN randomblob (length (%s)) WHEN 'null' THEN 'x' ELSE %s || 'x' END",
                          column, column, column, column, column);
}

/* Every column of every row the case owns. */
static void
test_every_column (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) tables = NULL;
  g_autofree char *schema_md = NULL;
  g_autofree char *schema_path = g_build_filename (g_getenv ("PB_SOURCE_ROOT"), "app", "storage", "SCHEMA.md", NULL);
  sqlite3 *db = NULL;

  /* What is exempt here is documented there. */
  g_assert_true (g_file_get_contents (schema_path, &schema_md, NULL, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (not_facts); i++)
    {
      g_autofree char *quoted = g_strdup_printf ("`%s`", not_facts[i]);

      if (strstr (schema_md, quoted) == NULL)
        g_error ("%s is exempt here but SCHEMA.md does not say why", not_facts[i]);
    }

  g_assert_cmpint (sqlite3_open_v2 (f->template, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  tables = table_names (db);
  g_assert_cmpuint (tables->len, >=, 11);

  for (guint t = 0; t < tables->len; t++)
    {
      const char *table = tables->pdata[t];
      g_autoptr(GPtrArray) columns = column_names (db, table);
      g_autoptr(GPtrArray) rows = case_rows (f, db, table);

      for (guint c = 0; c < columns->len; c++)
        {
          const char *column = columns->pdata[c];
          g_autofree char *value = changed_value (column);

          for (guint r = 0; r < rows->len; r++)
            {
              g_autofree char *sql = g_strdup_printf ("UPDATE %s SET %s = %s WHERE %s", table, column, value,
                                                      (char *)rows->pdata[r]);
              g_autofree char *what = g_strdup_printf ("%s.%s where %s", table, column, (char *)rows->pdata[r]);

              if (is_fact (table, column))
                assert_caught (f, what, sql, FALSE);
              else
                {
                  g_autoptr(GError) error = tamper_and_verify (f, sql, FALSE);

                  /* Not a fact: the case still verifies. */
                  g_assert_no_error (error);
                }
            }
        }

      /* Every row, deleted (meta holds no fact of a case). */
      for (guint r = 0; r < rows->len && strcmp (table, "meta") != 0; r++)
        {
          g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE %s", table, (char *)rows->pdata[r]);
          g_autofree char *what = g_strdup_printf ("deleted from %s where %s", table, (char *)rows->pdata[r]);

          assert_caught (f, what, sql, FALSE);
        }
    }

  sqlite3_close (db);
}

/* Rows added to a case, each copied from one it has. */
static void
test_added_rows (Fixture       *f,
                 gconstpointer  data)
{
  const struct { const char *what; const char *sql; } added[] = {
    { "an answer nobody gave",
      "INSERT INTO answers SELECT case_id, revision, 'T02', value, comment, evidence_note, user, updated"
      "  FROM answers WHERE case_id = '@' AND revision = 2 AND question_id = 'T01'" },
    { "an answer slipped into the signed revision",
      "INSERT INTO answers SELECT case_id, revision, 'T02', value, comment, evidence_note, user, updated"
      "  FROM answers WHERE case_id = '@' AND revision = 1 AND question_id = 'T01'" },
    { "an evidence file nobody attached",
      "INSERT INTO evidence (case_id, revision, question_id, file_name, media_type, sha256, size, added_by, added)"
      "  SELECT case_id, revision, 'S1.01', file_name, media_type, sha256, size, added_by, added"
      "  FROM evidence WHERE case_id = '@' AND revision = 2" },
    { "a second sign-off",
      "INSERT INTO sign_offs (case_id, revision, event_seq, role, name, decision, reason, conditions, time,"
      "                       report_sha256, answers_fingerprint, history_head)"
      "  SELECT case_id, revision, event_seq, role, 'Mallory', decision, reason, conditions, time,"
      "         report_sha256, answers_fingerprint, history_head FROM sign_offs WHERE case_id = '@'" },
    { "a third revision",
      "INSERT INTO revisions (case_id, revision, status, created)"
      "  SELECT case_id, 3, status, created FROM revisions WHERE case_id = '@' AND revision = 2" },
    { "an event after the last",
      "INSERT INTO events SELECT case_id, seq + 1, revision, time, user, kind, question_id, old_value, new_value,"
      "  reason, data, hash, hash, role, organisation FROM events WHERE case_id = '@'"
      "  AND seq = (SELECT MAX (seq) FROM events WHERE case_id = '@')" },
    { "a time-stamp no event records",
      "INSERT INTO anchors SELECT case_id, seq + 1, event_seq, head_hash, token FROM anchors WHERE case_id = '@'" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (added); i++)
    {
      g_autoptr(GString) sql = g_string_new (added[i].sql);

      g_string_replace (sql, "@", f->case_id, 0);
      assert_caught (f, added[i].what, sql->str, FALSE);
    }
}

/* Every trigger and index dropped or altered; objects added. */
static void
test_schema (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) sqls = g_ptr_array_new_with_free_func (g_free);
  const char *added[] = {
    "CREATE TABLE notes (text TEXT)",
    "CREATE VIEW open_cases AS SELECT id FROM cases",
    "CREATE INDEX events_by_kind ON events (kind)",
    "CREATE TRIGGER answers_audit AFTER INSERT ON answers BEGIN SELECT 1; END",
  };
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n_triggers = 0;

  g_assert_cmpint (sqlite3_open_v2 (f->template, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT type, name, sql FROM sqlite_master"
                                           " WHERE type IN ('trigger', 'index') AND sql IS NOT NULL ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (objects, g_strdup_printf ("%s %s", sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1)));
      g_ptr_array_add (sqls, g_strdup ((const char *)sqlite3_column_text (stmt, 2)));
      n_triggers += strcmp ((const char *)sqlite3_column_text (stmt, 0), "trigger") == 0;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpuint (n_triggers, >=, 12);

  for (guint i = 0; i < objects->len; i++)
    {
      const char *object = objects->pdata[i];
      const char *name = strchr (object, ' ') + 1;
      g_autofree char *drop = g_strdup_printf ("DROP %.*s %s", (int)(name - object - 1), object, name);
      g_autoptr(GString) altered = g_string_new (sqls->pdata[i]);
      g_autofree char *alter = NULL;
      g_autofree char *what_drop = g_strdup_printf ("%s dropped", object);
      g_autofree char *what_alter = g_strdup_printf ("%s altered", object);

      assert_caught (f, what_drop, drop, TRUE);

      /* The same object doing something else: a trigger that never fires,
       * a partial index. */
      if (g_str_has_prefix (object, "trigger") && strstr (altered->str, " WHEN ") != NULL)
        g_string_replace (altered, " WHEN ", " WHEN 0 AND ", 1);
      else if (g_str_has_prefix (object, "trigger"))
        g_string_replace (altered, " BEGIN", " WHEN 0 BEGIN", 1);
      else
        g_string_append (altered, " WHERE 1");
      g_assert_cmpstr (altered->str, !=, sqls->pdata[i]);
      alter = g_strdup_printf ("%s;\n%s", drop, altered->str);
      assert_caught (f, what_alter, alter, TRUE);
    }

  for (guint i = 0; i < G_N_ELEMENTS (added); i++)
    assert_caught (f, added[i], added[i], TRUE);
}

/* What adversaries did and case verify missed before. */
static void
test_known_attacks (Fixture       *f,
                    gconstpointer  data)
{
  const struct { const char *what; const char *sql; } attacks[] = {
    { "the cached outcome says proceed",
      "UPDATE revisions SET outcome = 'proceed' WHERE case_id = '@'" },
    { "the signed report's bytes replaced",
      "UPDATE blobs SET content = CAST ('%PDF-1.7 forged' AS BLOB), size = 15"
      " WHERE sha256 = (SELECT report_sha256 FROM sign_offs WHERE case_id = '@')" },
    { "the signed report removed",
      "DELETE FROM blobs WHERE sha256 = (SELECT report_sha256 FROM sign_offs WHERE case_id = '@')" },
    { "the customer renamed",
      "UPDATE customers SET name = 'Harmless Retail Ltd'"
      " WHERE uid = (SELECT customer_uid FROM cases WHERE id = '@')" },
    { "the product renamed",
      "UPDATE products SET name = 'Desk Lamp' WHERE uid = (SELECT product_uid FROM cases WHERE id = '@')" },
    { "the case moved to another customer",
      "UPDATE cases SET customer_uid = (SELECT uid FROM customers WHERE name = 'Initech') WHERE id = '@'" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (attacks); i++)
    {
      g_autoptr(GString) sql = g_string_new (attacks[i].sql);

      g_string_replace (sql, "@", f->case_id, 0);
      assert_caught (f, attacks[i].what, sql->str, FALSE);
    }

  /* Seal triggers dropped and left out: the next edit would go through. */
  assert_caught (f, "seal triggers dropped",
                 "DROP TRIGGER answers_sealed_update; DROP TRIGGER revisions_stay_sealed", TRUE);

  /* Another valid questionnaire under the pinned one's SHA-256. */
  {
    g_autofree char *xml = g_test_build_filename (G_TEST_DIST, "data", "storage", "store-test.xml", NULL);
    g_autofree char *contents = NULL;
    g_autoptr(GString) edited = NULL;
    g_autoptr(GString) hex = g_string_new (NULL);
    g_autofree char *swap = NULL;

    g_assert_true (g_file_get_contents (xml, &contents, NULL, NULL));
    edited = g_string_new (contents);
    g_assert_cmpuint (g_string_replace (edited, "</questionnaire>", "<!-- softened --></questionnaire>", 1), ==, 1);
    for (gsize j = 0; j < edited->len; j++)
      g_string_append_printf (hex, "%02x", (guchar)edited->str[j]);
    swap = g_strdup_printf ("UPDATE questionnaires SET content = x'%s'"
                            " WHERE sha256 = (SELECT questionnaire_sha256 FROM cases WHERE id = '%s')",
                            hex->str, f->case_id);
    assert_caught (f, "another questionnaire under the pinned SHA-256", swap, FALSE);
  }
}

/* A case file whose kept outcome was changed is refused, and the database
 * it was to go into is left as it was. */
static void
test_import (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *case_file = store_fixture_build_path (&f->base, "case.probity");
  g_autofree char *target_path = store_fixture_build_path (&f->base, "target.db");
  g_autofree char *sql = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(PbCaseStore) target = NULL;
  g_autoptr(GListModel) cases = NULL;
  g_autoptr(GError) error = NULL;
  gboolean changed = TRUE;

  store = pb_case_store_new (f->template, &error);
  g_assert_no_error (error);
  pb_case_store_export_case (store, f->case_id, case_file, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  sql = g_strdup_printf ("UPDATE revisions SET outcome = 'proceed' WHERE case_id = '%s'", f->case_id);
  g_free (store_sqlite3 (case_file, sql));

  target = pb_case_store_new (target_path, &error);
  g_assert_no_error (error);
  pb_test_act_as (target, "alice");
  g_clear_object (&target);
  before = store_file_sha256 (target_path);

  target = pb_case_store_new (target_path, &error);
  g_assert_no_error (error);
  pb_test_act_as (target, "alice");
  g_assert_false (pb_case_store_import_case (target, case_file, NULL, &changed, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, case_file));
  g_assert_nonnull (strstr (error->message, "proceed"));
  g_assert_false (changed);
  g_clear_error (&error);
  cases = pb_case_store_list_cases (target, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (cases), ==, 0);
  g_clear_object (&target);

  after = store_file_sha256 (target_path);
  g_assert_cmpstr (before, ==, after);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/pb/store-tamper/every-column", Fixture, NULL, fixture_set_up, test_every_column, fixture_tear_down);
  g_test_add ("/pb/store-tamper/added-rows", Fixture, NULL, fixture_set_up, test_added_rows, fixture_tear_down);
  g_test_add ("/pb/store-tamper/schema", Fixture, NULL, fixture_set_up, test_schema, fixture_tear_down);
  g_test_add ("/pb/store-tamper/import", Fixture, NULL, fixture_set_up, test_import, fixture_tear_down);
  g_test_add ("/pb/store-tamper/known-attacks", Fixture, NULL, fixture_set_up, test_known_attacks, fixture_tear_down);

  return g_test_run ();
}
