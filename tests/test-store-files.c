/* test-store-files.c: damaged, foreign, newer and older databases, tampering,
 * and case files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

#include "pb-case-store.h"
#include "pb-db-sqlite.h"
#include "pb-storage-private.h"
#include "store-fixture.h"
#include "test-actor.h"

/* A case with history worth checking: answered, evidence, signed with a
 * stored report, reopened and changed. Events:
 *  1 created, 2-4 answers, 5 evidence, 6 submitted, 7 signed, 8 reopened, 9 answer. */
static char *
make_case (StoreFixture *f,
           PbCaseStore  *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbEvidence) evidence = NULL;
  g_autoptr(PbSignOff) sign_off = NULL;
  g_autoptr(GBytes) scan = g_bytes_new_static ("licence refusal", 15);
  g_autoptr(GBytes) report = g_bytes_new_static ("%PDF-1.7 signed", 15);
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, report);
  char *case_id;

  pb_test_act_as (store, "alice");
  case_id = store_fixture_new_case (f, store, "Acme Security Ltd");

  store_fixture_answer (store, case_id, "S1.01", "\"spyware\"", NULL, NULL);
  store_fixture_answer (store, case_id, "S1.02", "\"no\"", "checked the register", NULL);
  store_fixture_answer (store, case_id, "T01", "\"a note\"", NULL, NULL);
  evidence = pb_case_store_add_evidence (store, case_id, "S1.02", "refusal.txt", "text/plain", scan, &error);
  g_assert_no_error (error);
  pb_case_store_submit (store, case_id, &error);
  g_assert_no_error (error);
  pb_test_act_as (store, "Bob");
  sign_off = pb_test_sign (store, case_id, "Bob", PB_CASE_STATUS_REJECTED,
                                 "listed item without a licence", NULL, sha, report, &error);
  g_assert_no_error (error);
  pb_test_act_as (store, "alice");
  g_assert_cmpuint (pb_case_store_reopen (store, case_id, "licence granted", &error), ==, 2);
  g_assert_no_error (error);
  store_fixture_answer (store, case_id, "S1.02", "\"yes\"", "licence granted", NULL);

  return case_id;
}


static char *
make_database (StoreFixture  *f,
               const char    *name,
               char         **case_id)
{
  char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  store = pb_case_store_new (path, &error);
  g_assert_no_error (error);

  pb_test_act_as (store, "alice");
  id = make_case (f, store);
  if (case_id != NULL)
    *case_id = g_steal_pointer (&id);

  return path;
}

/* Opening bad files ------------------------------------------------------------ */

typedef enum
{
  DAMAGE_TEXT,
  DAMAGE_EMPTY,
  DAMAGE_TRUNCATED,
  DAMAGE_HEADER_ONLY,
  DAMAGE_CORRUPT_PAGES,
  DAMAGE_NEWER_SCHEMA,
  DAMAGE_FOREIGN_SQLITE,
} Damage;

typedef struct
{
  const char *name;
  Damage      damage;
  int         code;
} BadFile;

static const BadFile bad_files[] = {
  { "text",         DAMAGE_TEXT,           PB_STORAGE_ERROR_NOT_A_DATABASE },
  { "empty",        DAMAGE_EMPTY,          PB_STORAGE_ERROR_NOT_A_DATABASE },
  { "truncated",    DAMAGE_TRUNCATED,      PB_STORAGE_ERROR_CORRUPT },
  { "header-only",  DAMAGE_HEADER_ONLY,    PB_STORAGE_ERROR_CORRUPT },
  { "corrupt",      DAMAGE_CORRUPT_PAGES,  PB_STORAGE_ERROR_CORRUPT },
  { "newer",        DAMAGE_NEWER_SCHEMA,   PB_STORAGE_ERROR_TOO_NEW },
  { "foreign",      DAMAGE_FOREIGN_SQLITE, PB_STORAGE_ERROR_NOT_A_DATABASE },
};

static void
test_bad_files (StoreFixture  *f,
                gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      const BadFile *c = &bad_files[i];
      g_autofree char *path = g_build_filename (f->dir, c->name, NULL);
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      g_autofree char *contents = NULL;
      g_autoptr(PbCaseStore) store = NULL;
      g_autoptr(GError) error = NULL;
      gsize length;

  if (!store_fixture_needs_file (f, "database files and case files"))
    return;

      g_test_message ("damage: %s", c->name);

      switch (c->damage)
        {
        case DAMAGE_TEXT:
          g_file_set_contents (path, "customer,product\nAcme,EyeCam\n", -1, &error);
          break;

        case DAMAGE_EMPTY:
          g_file_set_contents (path, "", 0, &error);
          break;

        case DAMAGE_TRUNCATED:
        case DAMAGE_HEADER_ONLY:
        case DAMAGE_CORRUPT_PAGES:
          g_free (make_database (f, c->name, NULL));
          g_file_get_contents (path, &contents, &length, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (length, >, 8 * 4096);
          if (c->damage == DAMAGE_TRUNCATED)
            length /= 2;
          else if (c->damage == DAMAGE_HEADER_ONLY)
            length = 100;
          else
            for (gsize at = 2 * 4096; at < 6 * 4096; at++)
              contents[at] = (char)(at * 37);
          g_file_set_contents (path, contents, length, &error);
          break;

        case DAMAGE_NEWER_SCHEMA:
          g_free (make_database (f, c->name, NULL));
          store_sqlite_exec (path, "PRAGMA user_version = 99");
          break;

        case DAMAGE_FOREIGN_SQLITE:
          store_sqlite_exec (path, "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5)");
          break;

        default:
          g_assert_not_reached ();
        }
      g_assert_no_error (error);

      before = store_file_sha256 (path);
      store = pb_case_store_new (path, &error);
      g_assert_null (store);
      g_assert_error (error, PB_STORAGE_ERROR, c->code);
      g_assert_nonnull (strstr (error->message, path));
      after = store_file_sha256 (path);
      g_assert_cmpstr (before, ==, after);
      g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS) && c->damage == DAMAGE_TEXT);
    }
}

typedef struct
{
  GCancellable *cancel;    /* cancelled as soon as the check is told */
  guint         n_checking;
  double        fraction;
} DamageProgress;

static void
damage_progress_cb (PbCaseStoreOpening  stage,
                    double              fraction,
                    gpointer            user_data)
{
  DamageProgress *progress = user_data;

  if (stage != PB_CASE_STORE_OPENING_CHECKING)
    return;
  progress->n_checking++;
  progress->fraction = fraction;
  if (progress->cancel != NULL)
    g_cancellable_cancel (progress->cancel);
}

/* A damaged file opened to be checked later, which SQLite finds malformed
 * while opening: the check that names the damage is told as the open's
 * own check is, and stopped by the open's cancellable. */
static void
test_damage_named_with_progress (StoreFixture  *f,
                                 gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(GError) error = NULL;
  DamageProgress progress = { NULL, 0, 0 };
  gsize length;

  if (!store_fixture_needs_file (f, "database files"))
    return;

  path = make_database (f, "damaged.db", NULL);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  for (gsize at = 2 * 4096; at < 6 * 4096; at++)
    contents[at] = (char)(at * 37);
  g_assert_true (g_file_set_contents (path, contents, length, &error));

  store = pb_case_store_open_with_progress (path, PB_CASE_STORE_FLAGS_CHECK_LATER, NULL, damage_progress_cb,
                                            &progress, &error);
  g_assert_null (store);
  g_test_message ("%s", error->message);
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "is damaged ("));
  g_assert_cmpuint (progress.n_checking, >, 0);
  g_clear_error (&error);

  progress.cancel = cancellable;
  progress.n_checking = 0;
  store = pb_case_store_open_with_progress (path, PB_CASE_STORE_FLAGS_CHECK_LATER, cancellable, damage_progress_cb,
                                            &progress, &error);
  g_assert_null (store);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (progress.n_checking, >, 0);
}

static void
test_missing_file (StoreFixture  *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "nowhere.db", NULL);
  g_autoptr(GError) error = NULL;

  if (!store_fixture_needs_file (f, "database files and case files"))
    return;

  g_assert_null (pb_case_store_open (path, PB_CASE_STORE_FLAGS_NO_CREATE, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_null (pb_case_store_open (path, PB_CASE_STORE_FLAGS_READ_ONLY, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND);
}

/* Migration -------------------------------------------------------------------- */

static gint64
count_rows (const char *path,
            const char *table)
{
  g_autofree char *query = g_strdup_printf ("SELECT count(*) FROM %s", table);

  return store_sqlite_int (path, query);
}

static gint64
user_version (const char *path)
{
  return store_sqlite_int (path, "PRAGMA user_version");
}

static void
test_migration (StoreFixture  *f,
                gconstpointer  data)
{
  static const char * const tables[] = {
    "meta", "customers", "products", "questionnaires", "cases", "revisions",
    "answers", "blobs", "evidence", "sign_offs", "events",
  };
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "data", "storage", "schema-v1.sql", NULL);
  g_autofree char *path = g_build_filename (f->dir, "old.db", NULL);
  g_autofree char *schema = NULL;
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(GListModel) cases = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before[G_N_ELEMENTS (tables)];
  PbCaseFilter refused = PB_CASE_FILTER_INIT;
  const char *backup;

  if (!store_fixture_needs_file (f, "database files and case files"))
    return;

  g_file_get_contents (fixture, &schema, NULL, &error);
  g_assert_no_error (error);
  store_sqlite_exec (path, schema);
  g_assert_cmpint (user_version (path), ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      before[i] = count_rows (path, tables[i]);
      g_assert_cmpint (before[i], >, 0);
    }

  /* Reading an older file upgrades a private copy and leaves the file as it
   * was: same bytes, no backup next to it. */
  {
    g_autofree char *sha_before = store_file_sha256 (path);
    g_autofree char *sha_after = NULL;
    g_autoptr(PbCaseStore) reader = pb_case_store_open (path, PB_CASE_STORE_FLAGS_READ_ONLY, &error);
    g_autoptr(GListModel) listed = NULL;
    g_autoptr(GDir) dir = NULL;
    const char *name;

    g_assert_no_error (error);
    listed = pb_case_store_list_cases (reader, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (listed), ==, 2);
    pb_case_store_verify_case (reader, "C-2026-D585909E", NULL, NULL, &error);
    g_assert_no_error (error);
    pb_test_act_as (reader, "alice");
    g_assert_false (pb_case_store_submit (reader, "C-2026-7EFE5A31", &error));
    g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_READ_ONLY);
    g_clear_error (&error);
    g_clear_object (&reader);

    sha_after = store_file_sha256 (path);
    g_assert_cmpstr (sha_before, ==, sha_after);
    g_assert_cmpint (user_version (path), ==, 1);
    dir = g_dir_open (f->dir, 0, NULL);
    while ((name = g_dir_read_name (dir)))
      g_assert_false (g_str_has_suffix (name, ".bak"));
  }

  store = pb_case_store_new (path, &error);
  g_assert_no_error (error);

  pb_test_act_as (store, "alice");

  backup = pb_case_store_get_migration_backup (store);
  g_assert_nonnull (backup);
  g_assert_true (g_str_has_prefix (backup, path));
  g_assert_cmpint (user_version (backup), ==, 1);
  g_assert_cmpint (user_version (path), ==, PB_CASE_STORE_SCHEMA_VERSION);

  /* Every row kept; meta gains which rating method the outcomes kept for
   * listing come from. */
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_assert_cmpint (count_rows (path, tables[i]), ==, before[i] + (i == 0));
      g_assert_cmpint (count_rows (backup, tables[i]), ==, before[i]);
    }
  g_assert_cmpint (count_rows (path, "meta WHERE key = 'cache-method'"), ==, 1);

  /* The new cache is filled in: revision 1 of the first case was rejected
   * with S1.01 spyware and S1.02 no, revision 2 has the licence. */
  g_assert_cmpint (count_rows (path, "revisions WHERE outcome IS NULL"), ==, 0);
  g_assert_cmpint (count_rows (path, "revisions WHERE case_id = 'C-2026-D585909E' AND revision = 1"
                                     " AND outcome = 'do-not-proceed' AND n_answers = 3"), ==, 1);

  cases = pb_case_store_list_cases (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (cases), ==, 2);
  for (guint i = 0; i < g_list_model_get_n_items (cases); i++)
    {
      g_autoptr(PbCaseInfo) info = g_list_model_get_item (cases, i);

      pb_case_store_verify_case (store, pb_case_info_get_id (info), NULL, NULL, &error);
      g_assert_no_error (error);
    }

  refused.outcome = PB_OUTCOME_DO_NOT_PROCEED;
  g_clear_object (&cases);
  cases = pb_case_store_list_cases (store, &refused, &error);
  g_assert_cmpuint (g_list_model_get_n_items (cases), ==, 0);

  /* A second open has nothing to migrate. */
  g_clear_object (&store);
  store = pb_case_store_new (path, &error);
  g_assert_no_error (error);
  pb_test_act_as (store, "alice");
  g_assert_null (pb_case_store_get_migration_backup (store));
}

/* What SQLite plans for @query in @path, as the sqlite3 shell prints it. */
static char *
query_plan (const char  *path,
            const char  *query)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", query, NULL);

  return store_sqlite3 (path, explain);
}

/* How a search goes from the customers and products it names to the
 * rows of their cases in the list. */
#define ROWS_OF_CUSTOMER "SELECT id FROM case_list WHERE customer_uid IN (SELECT uid FROM customers WHERE name LIKE 'a%')"
#define ROWS_OF_PRODUCT  "SELECT id FROM case_list WHERE product_uid IN (SELECT uid FROM products WHERE name LIKE 'a%')"

/* The search index of @path put back as schemas 6 to 10 made it
 * (pb-case-store-search.c), as they wrote it. */
static void
put_back_search_v10 (const char *path)
{
  g_autoptr(PbDb) db = NULL;
  g_autoptr(GError) error = NULL;

  db = pb_db_sqlite_open (path, FALSE, NULL, path, &error);
  g_assert_no_error (error);
  pb_db_exec (db, _pb_case_store_search_v10_schema (), &error);
  g_assert_no_error (error);
  pb_db_exec (db, "PRAGMA user_version = 10", &error);
  g_assert_no_error (error);
}

/* A file of schema 9 migrated: a file this build made with its case list
 * and search index put back as schema 9 had them, the only differences
 * (_pb_case_store_migrate_case_list_owners(), and schema 11's index).
 * Verifying the case after the migration checks that the file's schema is
 * exactly this build's, and that each row names its case's customer and
 * product. */
static void
test_migration_v9 (StoreFixture  *f,
                   gconstpointer  data)
{
  g_autofree char *case_id = NULL;
  g_autofree char *other_id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *plan = NULL;
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(GListModel) found = NULL;
  g_autoptr(GError) error = NULL;
  PbCaseFilter search = PB_CASE_FILTER_INIT;
  const char *backup;

  if (!store_fixture_needs_file (f, "database files"))
    return;

  path = make_database (f, "v9.db", &case_id);
  put_back_search_v10 (path);
  store_sqlite_exec (path,
                     "DROP TRIGGER case_list_owners_insert; DROP TRIGGER case_list_cases_owners;"
                     "DROP INDEX case_list_by_customer; DROP INDEX case_list_by_product;"
                     "ALTER TABLE case_list DROP COLUMN customer_uid;"
                     "ALTER TABLE case_list DROP COLUMN product_uid;"
                     "PRAGMA user_version = 9");

  store = pb_case_store_new (path, &error);
  g_assert_no_error (error);
  pb_test_act_as (store, "alice");

  backup = pb_case_store_get_migration_backup (store);
  g_assert_nonnull (backup);
  g_assert_cmpint (user_version (backup), ==, 9);
  g_assert_cmpint (user_version (path), ==, PB_CASE_STORE_SCHEMA_VERSION);
  g_assert_cmpint (count_rows (path, "case_list l JOIN cases c ON c.id = l.case_id"
                                     " WHERE l.customer_uid = c.customer_uid AND l.product_uid = c.product_uid"), ==, 1);

  /* The rows come from the list's own indexes. */
  plan = query_plan (path, ROWS_OF_CUSTOMER);
  g_assert_nonnull (strstr (plan, "INDEX case_list_by_customer"));
  g_clear_pointer (&plan, g_free);
  plan = query_plan (path, ROWS_OF_PRODUCT);
  g_assert_nonnull (strstr (plan, "INDEX case_list_by_product"));

  /* The case is as it was, and a search by its customer or product finds
   * it; so it does a case made after. */
  pb_case_store_verify_case (store, case_id, NULL, NULL, &error);
  g_assert_no_error (error);
  other_id = make_case (f, store);
  pb_case_store_verify_case (store, other_id, NULL, NULL, &error);
  g_assert_no_error (error);
  search.text = "acme sec";
  found = pb_case_store_list_cases (store, &search, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 2);

  /* A second open has nothing to migrate. */
  g_clear_object (&store);
  store = pb_case_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_null (pb_case_store_get_migration_backup (store));
}

/* The cases the search for @text finds in @store: how many. */
static guint
n_found (PbCaseStore *store,
         const char  *text)
{
  g_autoptr(GListModel) found = NULL;
  g_autoptr(GError) error = NULL;
  PbCaseFilter search = PB_CASE_FILTER_INIT;

  search.text = text;
  found = pb_case_store_list_cases (store, &search, &error);
  g_assert_no_error (error);

  return g_list_model_get_n_items (found);
}

/* A file of schema 10, the version before this one, migrated: its
 * search index is made again with the beginnings of words, and a table of
 * pending cases. Opened for reading only, the upgraded private copy is
 * searched the same. Verifying the case checks that the file's schema is
 * exactly schema 11's and the index what the case says. */
static void
test_migration_previous (StoreFixture  *f,
                         gconstpointer  data)
{
  g_autofree char *case_id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *backup;

  if (!store_fixture_needs_file (f, "database files"))
    return;

  g_assert_cmpint (PB_CASE_STORE_SCHEMA_VERSION, ==, 11);
  path = make_database (f, "v10.db", &case_id);
  put_back_search_v10 (path);

  store = pb_case_store_open (path, PB_CASE_STORE_FLAGS_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_found (store, "refusal register"), ==, 1);
  g_clear_object (&store);
  g_assert_cmpint (user_version (path), ==, 10);

  store = pb_case_store_new (path, &error);
  g_assert_no_error (error);
  pb_test_act_as (store, "alice");
  backup = pb_case_store_get_migration_backup (store);
  g_assert_nonnull (backup);
  g_assert_cmpint (user_version (backup), ==, 10);
  g_assert_cmpint (user_version (path), ==, 11);
  sql = store_sqlite3 (path, "SELECT sql FROM sqlite_master WHERE name = 'search_text'");
  g_assert_nonnull (strstr (sql, "prefix = '3'"));
  g_assert_cmpint (count_rows (path, "search_text"), ==, 1);
  g_assert_cmpint (count_rows (path, "search_pending"), ==, 0);

  /* Each word as before: a value, a comment of either revision, a file's
   * name; every word in the case. */
  g_assert_cmpuint (n_found (store, "spyware"), ==, 1);
  g_assert_cmpuint (n_found (store, "regis"), ==, 1);
  g_assert_cmpuint (n_found (store, "granted"), ==, 1);
  g_assert_cmpuint (n_found (store, "refusal"), ==, 1);
  g_assert_cmpuint (n_found (store, "spyware granted refusal"), ==, 1);
  g_assert_cmpuint (n_found (store, "spyware nowhere"), ==, 0);
  pb_case_store_verify_case (store, case_id, NULL, NULL, &error);
  g_assert_no_error (error);

  /* A second open has nothing to migrate. */
  g_clear_object (&store);
  store = pb_case_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_null (pb_case_store_get_migration_backup (store));
}

/* Tampering -------------------------------------------------------------------- */

typedef struct
{
  const char *name;
  const char *statements;   /* @case@ is the case id */
  guint       broken_event; /* 0: none in particular */
  const char *needle;
} Tamper;

static const Tamper tampers[] = {
  { "signed-answer",
    "DROP TRIGGER answers_sealed_update;"
    "UPDATE answers SET value = '\"yes\"' WHERE case_id = '@case@' AND revision = 1 AND question_id = 'S1.02'",
    8, "seal of event 8" },
  { "signed-comment",
    "DROP TRIGGER answers_sealed_update;"
    "UPDATE answers SET comment = 'nothing to see' WHERE case_id = '@case@' AND revision = 1 AND question_id = 'S1.02'",
    8, "seal of event 8" },
  { "draft-answer",
    "UPDATE answers SET value = '\"no\"' WHERE case_id = '@case@' AND revision = 2 AND question_id = 'S1.02'",
    10, "S1.02" },
  { "delete-event",
    "DROP TRIGGER events_no_delete;"
    "DELETE FROM events WHERE case_id = '@case@' AND seq = 3",
    3, "Event 3 is missing" },
  { "delete-last-event",
    "DROP TRIGGER events_no_delete;"
    "DELETE FROM events WHERE case_id = '@case@' AND seq = 10",
    10, "ends at event 9" },
  { "edit-event-value",
    "DROP TRIGGER events_no_update;"
    "UPDATE events SET new_value = '\"yes\"' WHERE case_id = '@case@' AND seq = 3",
    3, "Event 3" },
  { "edit-event-user",
    "DROP TRIGGER events_no_update;"
    "UPDATE events SET user = 'mallory' WHERE case_id = '@case@' AND seq = 7",
    7, "Event 7" },
  { "swap-report",
    "DROP TRIGGER sign_offs_no_update;"
    "UPDATE sign_offs SET report_sha256 = '0000000000000000000000000000000000000000000000000000000000000000'"
    " WHERE case_id = '@case@'",
    8, "event 8" },
  { "change-decision",
    "DROP TRIGGER revisions_stay_sealed;"
    "UPDATE revisions SET decision = 'approved' WHERE case_id = '@case@' AND revision = 1",
    0, "records the decision approved" },
  { "change-reason",
    "DROP TRIGGER revisions_stay_sealed;"
    "UPDATE revisions SET reason = 'all fine' WHERE case_id = '@case@' AND revision = 1",
    0, "reason or conditions" },
  { "change-answer-author",
    "DROP TRIGGER answers_sealed_update;"
    "UPDATE answers SET user = 'bob' WHERE case_id = '@case@' AND revision = 1 AND question_id = 'S1.01'",
    2, "S1.01" },
  { "delete-sign-off",
    "DROP TRIGGER sign_offs_no_delete;"
    "DELETE FROM sign_offs WHERE case_id = '@case@'",
    0, "sign-offs" },
  { "list-customer",
    "UPDATE case_list SET customer_uid = 'someone-else' WHERE case_id = '@case@'",
    0, "the case list was altered" },
  { "evidence-bytes",
    "UPDATE blobs SET content = X'00' WHERE sha256 IN (SELECT sha256 FROM evidence WHERE case_id = '@case@')",
    0, "refusal.txt" },
};

static void
test_tamper (StoreFixture  *f,
             gconstpointer  data)
{
  g_autofree char *cli = g_build_filename (g_getenv ("PB_BUILD_ROOT"), "app", "cli", "probity-cli", NULL);

  if (!store_fixture_needs_file (f, "database files and case files"))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (tampers); i++)
    {
      const Tamper *c = &tampers[i];
      g_autofree char *case_id = NULL;
      g_autofree char *path = make_database (f, c->name, &case_id);
      g_autoptr(GString) statements = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autoptr(PbCaseStore) store = NULL;
      g_autoptr(GError) error = NULL;
      guint broken = G_MAXUINT;
      int status;

      g_test_message ("tamper: %s", c->name);

      store = pb_case_store_new (path, &error);
      g_assert_no_error (error);

      pb_test_act_as (store, "alice");
      pb_case_store_verify_case (store, case_id, NULL, &broken, &error);
      g_assert_no_error (error);
      g_clear_object (&store);

      /* The edit a person could make with the sqlite3 shell. */
      statements = g_string_new (c->statements);
      g_string_replace (statements, "@case@", case_id, 0);
      store_sqlite_exec (path, statements->str);

      store = pb_case_store_new (path, &error);
      g_assert_no_error (error);

      pb_test_act_as (store, "alice");
      g_assert_false (pb_case_store_verify_case (store, case_id, NULL, &broken, &error));
      g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TAMPERED);
      g_assert_nonnull (strstr (error->message, c->needle));
      g_assert_cmpuint (broken, ==, c->broken_event);
      g_clear_error (&error);
      g_clear_object (&store);

      /* And the command line says so with exit status 1. */
      {
        const char *argv[] = { cli, "case", "verify", case_id, "--db", path, NULL };

        g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
        g_assert_no_error (error);
        g_assert_false (g_spawn_check_wait_status (status, NULL));
        g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 1);
        g_assert_nonnull (strstr (err, c->needle));
        if (c->broken_event > 0)
          {
            g_autofree char *at = g_strdup_printf ("event %u", c->broken_event);

            g_assert_nonnull (strstr (err, at));
          }
      }
    }
}

/* A case whose history does not hold is neither signed nor reopened. */
static void
test_no_seal_over_tampering (StoreFixture  *f,
                             gconstpointer  data)
{
  g_autofree char *case_id = NULL;
  g_autofree char *path = make_database (f, "sealed.db", &case_id);
  g_autofree char *statements = NULL;
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(PbSignOff) sign_off = NULL;
  g_autoptr(GBytes) report = g_bytes_new_static ("%PDF", 4);
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, report);
  g_autoptr(GError) error = NULL;

  if (!store_fixture_needs_file (f, "database files and case files"))
    return;

  store = pb_case_store_new (path, &error);
  g_assert_no_error (error);

  pb_test_act_as (store, "alice");
  pb_case_store_submit (store, case_id, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  statements = g_strdup_printf ("DROP TRIGGER events_no_update;"
                                "UPDATE events SET user = 'mallory' WHERE case_id = '%s' AND seq = 9", case_id);
  store_sqlite_exec (path, statements);

  store = pb_case_store_new (path, &error);
  g_assert_no_error (error);

  pb_test_act_as (store, "Carol");
  g_assert_false (pb_case_store_decide (store, case_id, PB_CASE_STATUS_REJECTED, "not fine", NULL, NULL, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, "cannot be decided"));
  g_assert_nonnull (strstr (error->message, "Event 9"));
  g_clear_error (&error);
  {
    g_autoptr(PbCaseSnapshot) snapshot = pb_case_store_read_snapshot (store, case_id, 0, &error);

    g_assert_no_error (error);
    sign_off = pb_case_store_sign (store, case_id, pb_case_snapshot_get_revision (snapshot),
                                   pb_case_snapshot_get_answers_fingerprint (snapshot),
                                   pb_case_snapshot_get_history_head (snapshot), "Carol", NULL, "en", sha, report,
                                   pb_test_organisation (store), &error);
  }
  g_assert_null (sign_off);
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, "cannot be signed"));
  g_assert_nonnull (strstr (error->message, "Event 9"));
  g_clear_error (&error);
  g_assert_cmpint (pb_case_store_get_status (store, case_id, 0, NULL), ==, PB_CASE_STATUS_SUBMITTED);
  g_assert_cmpuint (count_rows (path, "sign_offs"), ==, 1);

  /* revision 1 was signed; reopening over a broken chain is refused too */
  g_clear_object (&store);
  g_free (case_id);
  g_free (path);
  path = make_database (f, "reopen.db", &case_id);
  g_free (statements);
  statements = g_strdup_printf ("DROP TRIGGER events_no_update;"
                                "UPDATE events SET user = 'mallory' WHERE case_id = '%s' AND seq = 2", case_id);
  store_sqlite_exec (path, statements);
  store_sqlite_exec (path, "DROP TRIGGER revisions_stay_sealed; UPDATE revisions SET status = 'signed', sealed = 1 WHERE revision = 2");
  store = pb_case_store_new (path, &error);
  g_assert_no_error (error);
  pb_test_act_as (store, "alice");
  g_assert_cmpuint (pb_case_store_reopen (store, case_id, "again", &error), ==, 0);
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, "cannot be reopened"));
}

/* Case files ------------------------------------------------------------------- */

static void
assert_same_case (PbCaseStore *a,
                  PbCaseStore *b,
                  const char  *case_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbCaseInfo) info_a = pb_case_store_get_case (a, case_id, &error);
  g_autoptr(PbCaseInfo) info_b = pb_case_store_get_case (b, case_id, &error);
  g_autoptr(GListModel) history_a = pb_case_store_list_history (a, case_id, &error);
  g_autoptr(GListModel) history_b = pb_case_store_list_history (b, case_id, &error);
  g_autofree char *head_a = pb_case_store_get_history_head (a, case_id, NULL, &error);
  g_autofree char *head_b = pb_case_store_get_history_head (b, case_id, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (pb_case_info_get_customer_uid (info_a), ==, pb_case_info_get_customer_uid (info_b));
  g_assert_cmpstr (pb_case_info_get_product_uid (info_a), ==, pb_case_info_get_product_uid (info_b));
  g_assert_cmpstr (pb_case_info_get_questionnaire_sha256 (info_a), ==, pb_case_info_get_questionnaire_sha256 (info_b));
  g_assert_cmpuint (pb_case_info_get_revision (info_a), ==, pb_case_info_get_revision (info_b));
  g_assert_cmpint (pb_case_info_get_status (info_a), ==, pb_case_info_get_status (info_b));
  g_assert_cmpint (pb_case_info_get_outcome (info_a), ==, pb_case_info_get_outcome (info_b));
  g_assert_cmpstr (pb_case_info_get_created (info_a), ==, pb_case_info_get_created (info_b));
  g_assert_cmpstr (pb_case_info_get_updated (info_a), ==, pb_case_info_get_updated (info_b));
  g_assert_cmpstr (head_a, ==, head_b);

  g_assert_cmpuint (g_list_model_get_n_items (history_a), ==, g_list_model_get_n_items (history_b));
  for (guint i = 0; i < g_list_model_get_n_items (history_a); i++)
    {
      g_autoptr(PbHistoryEvent) ea = g_list_model_get_item (history_a, i);
      g_autoptr(PbHistoryEvent) eb = g_list_model_get_item (history_b, i);

      g_assert_cmpstr (pb_history_event_get_hash (ea), ==, pb_history_event_get_hash (eb));
      g_assert_cmpstr (pb_history_event_get_prev_hash (ea), ==, pb_history_event_get_prev_hash (eb));
      g_assert_cmpstr (pb_history_event_get_time (ea), ==, pb_history_event_get_time (eb));
      g_assert_cmpstr (pb_history_event_get_user (ea), ==, pb_history_event_get_user (eb));
    }

  for (guint revision = 1; revision <= pb_case_info_get_revision (info_a); revision++)
    {
      g_autofree char *fa = pb_case_store_get_answers_fingerprint (a, case_id, revision, &error);
      g_autofree char *fb = pb_case_store_get_answers_fingerprint (b, case_id, revision, &error);
      g_autoptr(GListModel) sign_offs = pb_case_store_list_sign_offs (b, case_id, revision, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (fa, ==, fb);
      g_assert_cmpint (pb_case_store_get_status (a, case_id, revision, NULL), ==,
                       pb_case_store_get_status (b, case_id, revision, NULL));

      for (guint i = 0; i < g_list_model_get_n_items (sign_offs); i++)
        {
          g_autoptr(PbSignOff) sign_off = g_list_model_get_item (sign_offs, i);
          g_autoptr(GBytes) report = pb_case_store_get_report (b, case_id, pb_sign_off_get_report_sha256 (sign_off), &error);

          g_assert_no_error (error);
          g_assert_nonnull (report);
        }
    }

  pb_case_store_verify_case (b, case_id, NULL, NULL, &error);
  g_assert_no_error (error);
}

static guint
n_events (PbCaseStore *store,
          const char  *case_id)
{
  guint n = 0;

  g_free (pb_case_store_get_history_head (store, case_id, &n, NULL));

  return n;
}

static void
test_export_import (StoreFixture  *f,
                    gconstpointer  data)
{
  g_autofree char *case_id = NULL;
  g_autofree char *path_a = make_database (f, "a.db", &case_id);
  g_autofree char *path_b = g_build_filename (f->dir, "b.db", NULL);
  g_autofree char *case_file = g_build_filename (f->dir, "case.probity", NULL);
  g_autofree char *case_file2 = g_build_filename (f->dir, "case2.probity", NULL);
  g_autofree char *case_file_wal = g_strconcat (case_file, "-wal", NULL);
  g_autofree char *case_file_sha = NULL;
  g_autofree char *sha_after = NULL;
  g_autofree char *imported = NULL;
  g_autoptr(PbCaseStore) a = NULL;
  g_autoptr(PbCaseStore) b = NULL;
  g_autoptr(PbCaseStore) read_only = NULL;
  g_autoptr(GListModel) evidence = NULL;
  g_autoptr(GError) error = NULL;
  gboolean changed = TRUE;
  guint events_in_b;

  if (!store_fixture_needs_file (f, "database files and case files"))
    return;

  a = pb_case_store_new (path_a, &error);
  g_assert_no_error (error);

  pb_test_act_as (a, "alice");
  pb_case_store_export_case (a, case_id, case_file, &error);
  g_assert_no_error (error);

  /* A case file is a database of its own, openable read-only, one case. */
  g_assert_false (g_file_test (case_file_wal, G_FILE_TEST_EXISTS));
  read_only = pb_case_store_open (case_file, PB_CASE_STORE_FLAGS_READ_ONLY, &error);
  g_assert_no_error (error);
  assert_same_case (a, read_only, case_id);
  g_clear_object (&read_only);

  /* An existing file is never overwritten. */
  case_file_sha = store_file_sha256 (case_file);
  g_assert_false (pb_case_store_export_case (a, case_id, case_file, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO);
  g_clear_error (&error);
  sha_after = store_file_sha256 (case_file);
  g_assert_cmpstr (sha_after, ==, case_file_sha);

  b = pb_case_store_new (path_b, &error);
  g_assert_no_error (error);

  pb_test_act_as (b, "alice");
  pb_case_store_import_case (b, case_file, &imported, &changed, &error);
  g_assert_no_error (error);
  g_assert_true (changed);
  g_assert_cmpstr (imported, ==, case_id);
  assert_same_case (a, b, case_id);

  evidence = pb_case_store_list_evidence (b, case_id, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (evidence), ==, 1);
  {
    g_autoptr(PbEvidence) item = g_list_model_get_item (evidence, 0);
    g_autoptr(GBytes) bytes = pb_case_store_get_evidence_bytes (b, pb_evidence_get_id (item), &error);

    g_assert_no_error (error);
    g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "licence refusal", 15);
  }

  /* Twice: nothing changes. */
  events_in_b = n_events (b, case_id);
  pb_case_store_import_case (b, case_file, NULL, &changed, &error);
  g_assert_no_error (error);
  g_assert_false (changed);
  g_assert_cmpuint (n_events (b, case_id), ==, events_in_b);
  g_assert_cmpuint (count_rows (path_b, "cases"), ==, 1);
  g_assert_cmpuint (count_rows (path_b, "customers"), ==, 1);
  g_assert_cmpuint (count_rows (path_b, "evidence"), ==, 2);

  /* The case goes on in a: the older file no longer matches a newer b... */
  store_fixture_answer (a, case_id, "T02", "\"written in a\"", NULL, NULL);
  pb_case_store_export_case (a, case_id, case_file2, &error);
  g_assert_no_error (error);
  store_fixture_answer (b, case_id, "T02", "\"written in b\"", NULL, NULL);
  events_in_b = n_events (b, case_id);

  /* ...b went its own way: the histories part at event 11. */
  g_assert_false (pb_case_store_import_case (b, case_file2, NULL, &changed, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "event 11"));
  g_assert_nonnull (strstr (error->message, case_id));
  g_clear_error (&error);
  g_assert_cmpuint (n_events (b, case_id), ==, events_in_b);

  /* b is ahead of the first file. */
  g_assert_false (pb_case_store_import_case (b, case_file, NULL, &changed, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "older copy"));
  g_clear_error (&error);

  pb_case_store_verify_case (b, case_id, NULL, NULL, &error);
  g_assert_no_error (error);

  /* c took the first file; a carried on, was signed again and sent a third
   * file: c catches up, revision 2 sealed, identical to a. */
  {
    g_autofree char *path_c = g_build_filename (f->dir, "c.db", NULL);
    g_autofree char *case_file3 = g_build_filename (f->dir, "case3.probity", NULL);
    g_autoptr(PbCaseStore) c = pb_case_store_new (path_c, &error);
    g_autoptr(GBytes) report = g_bytes_new_static ("%PDF-1.7 second", 15);
    g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, report);
    g_autoptr(PbSignOff) sign_off = NULL;

    g_assert_no_error (error);
    pb_test_act_as (c, "alice");
    pb_case_store_import_case (c, case_file, NULL, &changed, &error);
    g_assert_no_error (error);

    pb_test_act_as (a, "alice");
    pb_case_store_submit (a, case_id, &error);
    g_assert_no_error (error);
    pb_test_act_as (a, "Bob");
    sign_off = pb_test_sign (a, case_id, "Bob", PB_CASE_STATUS_APPROVED,
                                   "licence granted", NULL, sha, report, &error);
    g_assert_no_error (error);
    pb_case_store_export_case (a, case_id, case_file3, &error);
    g_assert_no_error (error);

    pb_case_store_import_case (c, case_file3, NULL, &changed, &error);
    g_assert_no_error (error);
    g_assert_true (changed);
    assert_same_case (a, c, case_id);
    g_assert_cmpint (pb_case_store_get_status (c, case_id, 2, NULL), ==, PB_CASE_STATUS_SIGNED);
    g_assert_cmpuint (count_rows (path_c, "evidence"), ==, 2);
    g_assert_cmpuint (count_rows (path_c, "sign_offs"), ==, 2);

    /* sealed in c too */
    {
      g_autoptr(PbAnswer) value = pb_answer_new_string ("no");

      pb_test_act_as (c, "mallory");
      g_assert_false (pb_case_store_set_answer (c, case_id, "S1.02", value, NULL, NULL, "x", &error));
      g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_SEALED);
      g_clear_error (&error);
    }

    pb_case_store_import_case (c, case_file3, NULL, &changed, &error);
    g_assert_no_error (error);
    g_assert_false (changed);
    g_assert_false (pb_case_store_import_case (c, case_file2, NULL, &changed, &error));
    g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CONFLICT);
    g_clear_error (&error);
  }
}

/* A case file that was tampered with is refused before anything is copied. */
static void
test_import_tampered (StoreFixture  *f,
                      gconstpointer  data)
{
  g_autofree char *case_id = NULL;
  g_autofree char *path_a = make_database (f, "a.db", &case_id);
  g_autofree char *path_b = g_build_filename (f->dir, "b.db", NULL);
  g_autofree char *case_file = g_build_filename (f->dir, "case.probity", NULL);
  g_autofree char *statements = NULL;
  g_autoptr(PbCaseStore) a = NULL;
  g_autoptr(PbCaseStore) b = NULL;
  g_autoptr(GError) error = NULL;

  if (!store_fixture_needs_file (f, "database files and case files"))
    return;

  a = pb_case_store_new (path_a, &error);
  g_assert_no_error (error);

  pb_test_act_as (a, "alice");
  pb_case_store_export_case (a, case_id, case_file, &error);
  g_assert_no_error (error);

  statements = g_strdup_printf ("DROP TRIGGER events_no_update;"
                                "UPDATE events SET reason = 'no reason' WHERE case_id = '%s' AND seq = 8", case_id);
  store_sqlite_exec (case_file, statements);

  b = pb_case_store_new (path_b, &error);
  g_assert_no_error (error);

  pb_test_act_as (b, "alice");
  g_assert_false (pb_case_store_import_case (b, case_file, NULL, NULL, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, case_file));
  g_assert_nonnull (strstr (error->message, "Event 8"));
  g_assert_cmpuint (count_rows (path_b, "cases"), ==, 0);
}

/* What a copy's or an import's check (PbCaseCopyCheck) saw, and what it
 * does to the file it is asked about. */
typedef struct
{
  const char *rewrite_with;   /* bytes put in place of the case file meanwhile */
  const char *case_file;
  gboolean    refuse;
  guint       n_calls;
  guint       n_sign_offs;
  char       *head;
} CopyCheck;

static gboolean
copy_check_cb (PbCaseStore  *source,
               const char   *case_id,
               gpointer      user_data,
               GError      **error)
{
  CopyCheck *check = user_data;
  g_autoptr(GListModel) sign_offs = pb_case_store_list_sign_offs (source, case_id, 1, error);
  guint n_events = 0;

  check->n_calls++;
  /* Inside the copy's read transaction, the case verifies as it is read. */
  if (sign_offs == NULL || !pb_case_store_verify_case (source, case_id, &n_events, NULL, error))
    return FALSE;
  check->n_sign_offs = g_list_model_get_n_items (sign_offs);
  g_free (check->head);
  check->head = pb_case_store_get_history_head (source, case_id, NULL, error);
  g_assert_cmpuint (n_events, >, 0);

  if (check->rewrite_with != NULL)
    {
      g_autofree char *bytes = NULL;
      gsize size = 0;

      g_assert_true (g_file_get_contents (check->rewrite_with, &bytes, &size, NULL));
      g_assert_true (g_file_set_contents (check->case_file, bytes, size, NULL));
    }

  if (check->refuse)
    {
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_REFUSED, "refused by the check: %s", case_id);
      return FALSE;
    }

  return TRUE;
}

/* An import's and a copy's check is asked of exactly what is then taken:
 * a case file rewritten after it was asked still brings in what it saw;
 * a refusal brings in nothing and is what the caller is told. */
static void
test_import_checked (StoreFixture  *f,
                     gconstpointer  data)
{
  g_autofree char *case_id = NULL;
  g_autofree char *path_a = make_database (f, "a.db", &case_id);
  g_autofree char *path_b = g_build_filename (f->dir, "b.db", NULL);
  g_autofree char *path_c = g_build_filename (f->dir, "c.db", NULL);
  g_autofree char *case_file = g_build_filename (f->dir, "case.probity", NULL);
  g_autofree char *case_file2 = g_build_filename (f->dir, "case2.probity", NULL);
  g_autofree char *head_a = NULL;
  g_autofree char *head_b = NULL;
  g_autoptr(PbCaseStore) a = NULL;
  g_autoptr(PbCaseStore) b = NULL;
  g_autoptr(PbCaseStore) c = NULL;
  g_autoptr(GError) error = NULL;
  CopyCheck check = { NULL, case_file, FALSE, 0, 0, NULL };
  gboolean copied = FALSE;

  if (!store_fixture_needs_file (f, "database files and case files"))
    return;

  a = pb_case_store_new (path_a, &error);
  g_assert_no_error (error);
  pb_test_act_as (a, "alice");
  pb_case_store_export_case (a, case_id, case_file, &error);
  g_assert_no_error (error);
  head_a = pb_case_store_get_history_head (a, case_id, NULL, &error);
  /* A later state of the case, in another file. */
  store_fixture_answer (a, case_id, "T02", "\"written later\"", NULL, NULL);
  pb_case_store_export_case (a, case_id, case_file2, &error);
  g_assert_no_error (error);

  b = pb_case_store_new (path_b, &error);
  g_assert_no_error (error);
  pb_test_act_as (b, "alice");

  check.refuse = TRUE;
  g_assert_false (pb_case_store_import_case_checked (b, case_file, copy_check_cb, &check, NULL, NULL, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "refused by the check"));
  g_clear_error (&error);
  g_assert_cmpuint (check.n_calls, ==, 1);
  g_assert_cmpuint (count_rows (path_b, "cases"), ==, 0);

  /* Rewritten once the check has seen it: what it saw comes in. */
  check.refuse = FALSE;
  check.rewrite_with = case_file2;
  g_assert_true (pb_case_store_import_case_checked (b, case_file, copy_check_cb, &check, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (check.n_calls, ==, 2);
  g_assert_cmpuint (check.n_sign_offs, ==, 1);
  g_assert_cmpstr (check.head, ==, head_a);
  head_b = pb_case_store_get_history_head (b, case_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (head_b, ==, head_a);

  /* A copy asks in the transaction it reads the case in. */
  c = pb_case_store_new (path_c, &error);
  g_assert_no_error (error);
  pb_test_act_as (c, "alice");
  check.refuse = TRUE;
  check.rewrite_with = NULL;
  g_assert_false (pb_case_store_copy_case_checked (c, b, case_id, NULL, NULL, copy_check_cb, &check, &copied, NULL,
                                                   NULL, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (copied);
  g_assert_cmpuint (count_rows (path_c, "cases"), ==, 0);
  check.refuse = FALSE;
  g_assert_true (pb_case_store_copy_case_checked (c, b, case_id, NULL, NULL, copy_check_cb, &check, &copied, NULL,
                                                  NULL, &error));
  g_assert_no_error (error);
  g_assert_true (copied);
  g_assert_cmpuint (check.n_calls, ==, 4);
  assert_same_case (b, c, case_id);
  g_free (check.head);
}

/* A case file written by an older Probity is upgraded in a copy: the file
 * itself stays as it was. */
static void
test_import_old_case_file (StoreFixture  *f,
                           gconstpointer  data)
{
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "data", "storage", "schema-v1.sql", NULL);
  g_autofree char *old_file = g_build_filename (f->dir, "old.probity", NULL);
  g_autofree char *path = g_build_filename (f->dir, "new.db", NULL);
  g_autofree char *schema = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *case_id = NULL;
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(GListModel) history = NULL;
  g_autoptr(GError) error = NULL;
  gboolean changed = FALSE;

  if (!store_fixture_needs_file (f, "database files and case files"))
    return;

  g_file_get_contents (fixture, &schema, NULL, &error);
  g_assert_no_error (error);
  store_sqlite_exec (old_file, schema);
  /* keep one case, as a case file holds */
  store_sqlite_exec (old_file,
       "DROP TRIGGER events_no_delete;"
       "DELETE FROM events WHERE case_id = 'C-2026-7EFE5A31';"
       "DELETE FROM answers WHERE case_id = 'C-2026-7EFE5A31';"
       "DELETE FROM revisions WHERE case_id = 'C-2026-7EFE5A31';"
       "DELETE FROM cases WHERE id = 'C-2026-7EFE5A31';"
       /* as it was: the schema is part of what an import verifies */
       "CREATE TRIGGER events_no_delete BEFORE DELETE ON events\n"
       "  BEGIN SELECT RAISE (ABORT, 'append-only: history events cannot be deleted'); END;");
  g_assert_cmpint (user_version (old_file), ==, 1);
  before = store_file_sha256 (old_file);

  store = pb_case_store_new (path, &error);
  g_assert_no_error (error);

  pb_test_act_as (store, "alice");
  pb_case_store_import_case (store, old_file, &case_id, &changed, &error);
  g_assert_no_error (error);
  g_assert_true (changed);
  g_assert_cmpstr (case_id, ==, "C-2026-D585909E");

  pb_case_store_verify_case (store, case_id, NULL, NULL, &error);
  g_assert_no_error (error);
  history = pb_case_store_list_history (store, case_id, &error);
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 10);
  g_assert_cmpint (pb_case_store_get_status (store, case_id, 1, NULL), ==, PB_CASE_STATUS_SIGNED);

  after = store_file_sha256 (old_file);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (user_version (old_file), ==, 1);
  g_assert_cmpint (count_rows (path, "revisions WHERE outcome IS NULL"), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  /* A private folder for databases and case files (store-fixture.h): what
   * is tested here is files, so this program has no second run on a server;
   * case files to and from a server are test-pg-cli.sh's. */
#define ADD(path, func) g_test_add (path, StoreFixture, STORE_FIXTURE_NO_STORE, store_fixture_set_up, func, \
                                    store_fixture_tear_down)
  ADD ("/pb/store-files/bad-files", test_bad_files);
  ADD ("/pb/store-files/missing-file", test_missing_file);
  ADD ("/pb/store-files/damage-named-with-progress", test_damage_named_with_progress);
  ADD ("/pb/store-files/migration", test_migration);
  ADD ("/pb/store-files/migration-previous", test_migration_previous);
  ADD ("/pb/store-files/migration-v9", test_migration_v9);
  ADD ("/pb/store-files/tamper", test_tamper);
  ADD ("/pb/store-files/no-seal-over-tampering", test_no_seal_over_tampering);
  ADD ("/pb/store-files/export-import", test_export_import);
  ADD ("/pb/store-files/import-tampered", test_import_tampered);
  ADD ("/pb/store-files/import-checked", test_import_checked);
  ADD ("/pb/store-files/import-old-case-file", test_import_old_case_file);

  return g_test_run ();
}
