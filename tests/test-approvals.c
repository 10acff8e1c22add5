/* test-approvals.c: who may do what, recorded in the history and refused by
 * the store itself, on real SQLite files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <string.h>

#include "pb-case-screening.h"
#include "pb-case-store.h"
#include "store-fixture.h"
#include "test-actor.h"

/* Puts back the trigger a tampering test dropped, exactly as the schema has
 * it, so that only the tampering itself is seen. */
#define RESTORE_EVENTS_NO_UPDATE \
  "CREATE TRIGGER events_no_update BEFORE UPDATE ON events\n" \
  "  BEGIN SELECT RAISE (ABORT, 'append-only: history events cannot change'); END;"

/* The fixture's store (store-fixture.h): a file where the store acts as
 * whoever act() names, or a server where each person logs in under their
 * own name, as the server's role of that name. */
typedef struct
{
  StoreFixture     base;
  PbCaseStore     *store;           /* the store of whoever acts now */
  GHashTable      *logins;          /* on a server: name → their store */
  PbActor         *sales;
  PbActor         *reviewer;
  PbActor         *second_reviewer;
  PbActor         *auditor;
  char            *customer_uid;
  char            *product_uid;
} Fixture;

/* The rows of @table, every one: in the file, or on the server as its
 * superuser sees them. */
static gint64
count_rows (Fixture    *f,
            const char *table)
{
  g_autofree char *query = g_strdup_printf ("SELECT count(*) FROM %s", table);
  g_autofree char *conninfo = NULL;
  PGconn *conn;
  PGresult *result;
  gint64 n;

  if (!store_fixture_on_server (&f->base))
    return store_sqlite_int (f->base.path, query);

  conninfo = store_server_location (f->base.server, f->base.database, "postgres");
  conn = PQconnectdb (conninfo);
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  g_clear_pointer (&query, g_free);
  query = g_strdup_printf ("SELECT count(*) FROM probity.%s", table);
  result = PQexec (conn, query);
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  n = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  PQclear (result);
  PQfinish (conn);

  return n;
}

static void
act (Fixture *f,
     PbActor *actor)
{
  if (store_fixture_on_server (&f->base) && actor != NULL)
    {
      const char *name = pb_actor_get_name (actor);

      if (f->logins == NULL)
        f->logins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
      if ((f->store = g_hash_table_lookup (f->logins, name)) == NULL)
        {
          g_autofree char *location = store_server_location (f->base.server, f->base.database, name);
          g_autoptr(GError) error = NULL;

          f->store = pb_case_store_new (location, &error);
          g_assert_no_error (error);
          g_hash_table_insert (f->logins, g_strdup (name), f->store);
        }
    }

  pb_case_store_set_actor (f->store, actor);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(PbCustomer) customer = NULL;
  g_autoptr(PbProduct) product = NULL;
  g_autoptr(GError) error = NULL;

  store_fixture_set_up (&f->base, NULL);
  f->store = f->base.store;

  f->sales = pb_actor_new ("Åsa Lindqvist", PB_ROLE_SALES, "Nordvik Systems AB");
  f->reviewer = pb_actor_new ("Ingrid Larsson", PB_ROLE_REVIEWER, "Nordvik Systems AB");
  f->second_reviewer = pb_actor_new ("Karl Berg", PB_ROLE_REVIEWER, "Nordvik Systems AB");
  f->auditor = pb_actor_new ("Aino Virtanen", PB_ROLE_AUDITOR, "Audit Oy");

  act (f, f->sales);
  customer = pb_case_store_add_customer (f->store, "Acme Security Ltd", NULL, "GB", NULL, NULL, &error);
  g_assert_no_error (error);
  product = pb_case_store_add_product (f->store, "EyeCam", "4.2", "camera", NULL, &error);
  g_assert_no_error (error);
  f->customer_uid = g_strdup (pb_customer_get_uid (customer));
  f->product_uid = g_strdup (pb_product_get_uid (product));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->logins, g_hash_table_unref);
  g_clear_object (&f->sales);
  g_clear_object (&f->reviewer);
  g_clear_object (&f->second_reviewer);
  g_clear_object (&f->auditor);
  g_free (f->customer_uid);
  g_free (f->product_uid);
  store_fixture_tear_down (&f->base, data);
}

/* A case created and answered by sales; @family "camera" rates proceed. */
static char *
new_case (Fixture    *f,
          const char *family)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbAnswer) value = pb_answer_new_string (family);
  char *case_id;

  act (f, f->sales);
  case_id = pb_case_store_create_case (f->store, f->customer_uid, f->product_uid, f->base.questionnaire, &error);
  g_assert_no_error (error);
  pb_case_store_set_answer (f->store, case_id, "S1.01", value, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  return case_id;
}

static guint
n_events (Fixture    *f,
          const char *case_id)
{
  guint n = 0;
  g_autofree char *head = pb_case_store_get_history_head (f->store, case_id, &n, NULL);

  return n;
}

/* The data of the case's latest submission event: what it was rated when
 * submitted, which a team server checks decisions against. */
static char *
dup_submission_data (Fixture    *f,
                     const char *case_id)
{
  g_autoptr(GListModel) history = NULL;
  g_autoptr(GError) error = NULL;
  char *data = NULL;

  history = pb_case_store_list_history (f->store, case_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (history); i++)
    {
      g_autoptr(PbHistoryEvent) event = g_list_model_get_item (history, i);

      if (pb_history_event_get_kind (event) == PB_EVENT_STATUS_CHANGED &&
          g_strcmp0 (pb_history_event_get_new_value (event), "submitted") == 0)
        {
          g_free (data);
          data = g_strdup (pb_history_event_get_data (event));
        }
    }

  return data;
}

static void
assert_verifies (Fixture    *f,
                 const char *case_id)
{
  g_autoptr(GError) error = NULL;

  pb_case_store_verify_case (f->store, case_id, NULL, NULL, &error);
  g_assert_no_error (error);
}

/* Identity ------------------------------------------------------------------- */

static void
test_identity_recorded (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *case_id = new_case (f, "camera");
  g_autoptr(GListModel) history = NULL;
  g_autoptr(PbHistoryEvent) created = NULL;
  g_autoptr(PbHistoryEvent) submitted = NULL;
  g_autoptr(PbHistoryEvent) decided = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PbActor) renamed = pb_actor_new ("Åsa Lindqvist-Berg", PB_ROLE_SALES, NULL);
  guint n;

  if (!store_fixture_needs_file (&f->base, "name a person gives themselves, nor its events edited in SQL"))
    return;

  /* The name is the one in force at the moment of the action. */
  act (f, renamed);
  pb_case_store_submit (f->store, case_id, &error);
  g_assert_no_error (error);
  act (f, f->reviewer);
  pb_case_store_decide (f->store, case_id, PB_CASE_STATUS_APPROVED, "Benign deployment", NULL, NULL, &error);
  g_assert_no_error (error);

  history = pb_case_store_list_history (f->store, case_id, &error);
  g_assert_no_error (error);
  n = g_list_model_get_n_items (history);
  g_assert_cmpuint (n, ==, 4);
  created = g_list_model_get_item (history, 0);
  submitted = g_list_model_get_item (history, n - 2);
  decided = g_list_model_get_item (history, n - 1);

  g_assert_cmpstr (pb_history_event_get_user (created), ==, "Åsa Lindqvist");
  g_assert_cmpstr (pb_history_event_get_role (created), ==, "sales");
  g_assert_cmpstr (pb_history_event_get_organisation (created), ==, "Nordvik Systems AB");
  g_assert_cmpstr (pb_history_event_get_user (submitted), ==, "Åsa Lindqvist-Berg");
  g_assert_null (pb_history_event_get_organisation (submitted));
  g_assert_cmpstr (pb_history_event_get_user (decided), ==, "Ingrid Larsson");
  g_assert_cmpstr (pb_history_event_get_role (decided), ==, "reviewer");
  assert_verifies (f, case_id);

  /* Role and organisation are in the hash: changing either is seen. */
  {
    g_autofree char *statement = g_strdup_printf ("DROP TRIGGER events_no_update;"
                                                  "UPDATE events SET role = 'sales' WHERE case_id = '%s' AND seq = %u;"
                                                  RESTORE_EVENTS_NO_UPDATE,
                                                  case_id, n);
    guint broken = 0;

    store_sqlite_exec (f->base.path, statement);
    g_assert_false (pb_case_store_verify_case (f->store, case_id, NULL, &broken, &error));
    g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TAMPERED);
    g_assert_cmpuint (broken, ==, n);
    g_clear_error (&error);

    g_free (statement);
    statement = g_strdup_printf ("DROP TRIGGER events_no_update;"
                                 "UPDATE events SET role = 'reviewer', organisation = 'Someone Else'"
                                 " WHERE case_id = '%s' AND seq = %u;" RESTORE_EVENTS_NO_UPDATE, case_id, n);
    store_sqlite_exec (f->base.path, statement);
    g_assert_false (pb_case_store_verify_case (f->store, case_id, NULL, &broken, &error));
    g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TAMPERED);
    g_assert_cmpuint (broken, ==, n);
  }
}

static void
test_identity_nobody (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbActor) blank = pb_actor_new ("   ", PB_ROLE_SALES, NULL);

  if (!store_fixture_needs_file (&f->base, "store without a person: it always knows who connected"))
    return;

  pb_case_store_set_actor (f->store, NULL);
  g_assert_null (pb_case_store_create_case (f->store, f->customer_uid, f->product_uid, f->base.questionnaire, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, f->base.path));
  g_clear_error (&error);

  act (f, blank);
  g_assert_null (pb_case_store_add_customer (f->store, "Nobody Ltd", NULL, "FR", NULL, NULL, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_PERMISSION);
  g_assert_cmpint (store_sqlite_int (f->base.path, "SELECT count(*) FROM cases"), ==, 0);
  g_assert_cmpint (store_sqlite_int (f->base.path, "SELECT count(*) FROM customers"), ==, 1);
}

static void
test_identity_names (void)
{
  g_autoptr(PbActor) actor = pb_actor_new ("  Ingrid   Larsson ", PB_ROLE_REVIEWER, "  ");
  g_autofree char *display = NULL;

  g_assert_cmpstr (pb_actor_get_name (actor), ==, "Ingrid   Larsson");
  g_assert_null (pb_actor_get_organisation (actor));
  g_assert_true (pb_actor_is_named (actor, "ingrid larsson"));
  g_assert_true (pb_actor_is_named (actor, "INGRID\tLARSSON"));
  g_assert_false (pb_actor_is_named (actor, "Ingrid Larsen"));
  g_assert_false (pb_actor_is_named (actor, NULL));
  g_assert_false (pb_actor_names_equal ("", ""));
  display = pb_actor_to_display (actor);
  g_assert_nonnull (strstr (display, "Legal reviewer"));
}

/* The signing certificate's name is the actor's: no "Reviewer: root" beside
 * "Digitally signed by Ingrid Larsson". */
static void
test_identity_signer_is_actor (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *case_id = new_case (f, "camera");
  g_autoptr(GBytes) report = g_bytes_new_static ("%PDF-1.7 test", 13);
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, report);
  g_autoptr(PbSignOff) sign_off = NULL;
  g_autoptr(GError) error = NULL;
  guint before;

  pb_case_store_submit (f->store, case_id, &error);
  g_assert_no_error (error);
  act (f, f->reviewer);
  pb_case_store_decide (f->store, case_id, PB_CASE_STATUS_APPROVED, "Benign", NULL, NULL, &error);
  g_assert_no_error (error);

  before = n_events (f, case_id);
  g_assert_null (pb_test_sign (f->store, case_id, "Karl Berg", PB_CASE_STATUS_APPROVED,
                                     NULL, NULL, sha, report, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "Karl Berg"));
  g_assert_nonnull (strstr (error->message, "Ingrid Larsson"));
  g_clear_error (&error);
  g_assert_cmpuint (n_events (f, case_id), ==, before);

  sign_off = pb_test_sign (f->store, case_id, "ingrid LARSSON", PB_CASE_STATUS_APPROVED,
                                 NULL, NULL, sha, report, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_sign_off_get_name (sign_off), ==, "ingrid LARSSON");
  g_assert_cmpstr (pb_sign_off_get_role (sign_off), ==, "reviewer");
  g_assert_cmpstr (pb_sign_off_get_organisation (sign_off), ==, "Nordvik Systems AB");
  assert_verifies (f, case_id);
}

/* Roles ------------------------------------------------------------------------ */

static void
test_roles_sales_cannot_decide (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *case_id = new_case (f, "camera");
  g_autoptr(GBytes) report = g_bytes_new_static ("%PDF-1.7 test", 13);
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, report);
  g_autoptr(GError) error = NULL;
  guint before;

  pb_case_store_submit (f->store, case_id, &error);
  g_assert_no_error (error);
  before = n_events (f, case_id);

  g_assert_false (pb_case_store_decide (f->store, case_id, PB_CASE_STATUS_APPROVED, "Looks fine", NULL, NULL, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "Åsa Lindqvist"));
  g_assert_nonnull (strstr (error->message, "acts as sales"));
  g_clear_error (&error);
  g_assert_false (pb_case_store_decide (f->store, case_id, PB_CASE_STATUS_REJECTED, "No", NULL, NULL, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (pb_case_store_return_to_draft (f->store, case_id, "Typo", &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_null (pb_test_sign (f->store, case_id, "Åsa Lindqvist", PB_CASE_STATUS_APPROVED,
                                     "Looks fine", NULL, sha, report, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_PERMISSION);
  g_clear_error (&error);

  g_assert_cmpuint (n_events (f, case_id), ==, before);
  g_assert_cmpint (pb_case_store_get_status (f->store, case_id, 0, NULL), ==, PB_CASE_STATUS_SUBMITTED);

  /* Sales cannot reopen a signed case either. */
  act (f, f->reviewer);
  pb_case_store_decide (f->store, case_id, PB_CASE_STATUS_APPROVED, "Benign", NULL, NULL, &error);
  g_assert_no_error (error);
  pb_test_sign (f->store, case_id, "Ingrid Larsson", PB_CASE_STATUS_APPROVED, NULL, NULL, sha, NULL, &error);
  g_assert_no_error (error);
  act (f, f->sales);
  g_assert_cmpuint (pb_case_store_reopen (f->store, case_id, "New facts", &error), ==, 0);
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_PERMISSION);
  g_assert_cmpuint (pb_case_store_get_n_revisions (f->store, case_id, NULL), ==, 1);
  assert_verifies (f, case_id);
}

static void
test_roles_auditor_reads_only (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *case_id = new_case (f, "camera");
  g_autofree char *case_file = g_build_filename (f->base.dir, "case.probity", NULL);
  g_autoptr(GBytes) bytes = g_bytes_new_static ("evidence", 8);
  g_autoptr(PbAnswer) value = pb_answer_new_string ("spyware");
  g_autoptr(GListModel) history = NULL;
  g_autoptr(PbCaseInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *copy_path = g_build_filename (f->base.dir, "copy.db", NULL);
  g_autoptr(PbCaseStore) copy = NULL;
  guint before = n_events (f, case_id);
  gboolean changed = FALSE;

  /* A server exports no case file yet (store-cli). */
  if (!store_fixture_on_server (&f->base))
    {
      pb_case_store_export_case (f->store, case_id, case_file, &error);
      g_assert_no_error (error);
    }

  act (f, f->auditor);
  g_assert_null (pb_case_store_add_customer (f->store, "Other Ltd", NULL, "FR", NULL, NULL, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "auditor"));
  g_clear_error (&error);
  g_assert_null (pb_case_store_add_product (f->store, "Other", NULL, NULL, NULL, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_null (pb_case_store_create_case (f->store, f->customer_uid, f->product_uid, f->base.questionnaire, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (pb_case_store_set_answer (f->store, case_id, "S1.01", value, NULL, NULL, NULL, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_null (pb_case_store_add_evidence (f->store, case_id, "S1.01", "a.txt", NULL, bytes, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (pb_case_store_submit (f->store, case_id, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (pb_case_store_decide (f->store, case_id, PB_CASE_STATUS_REJECTED, "No", NULL, NULL, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_PERMISSION);
  g_clear_error (&error);

  /* An auditor's own database takes no case file either. */
  if (!store_fixture_on_server (&f->base))
    {
      copy = pb_case_store_new (copy_path, &error);
      g_assert_no_error (error);
      pb_case_store_set_actor (copy, f->auditor);
      g_assert_false (pb_case_store_import_case (copy, case_file, NULL, &changed, &error));
      g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_PERMISSION);
      g_clear_error (&error);
      g_assert_cmpint (store_sqlite_int (copy_path, "SELECT count(*) FROM cases"), ==, 0);
    }

  /* Reading and verifying is what an auditor does. */
  g_assert_cmpuint (n_events (f, case_id), ==, before);
  info = pb_case_store_get_case (f->store, case_id, &error);
  g_assert_no_error (error);
  history = pb_case_store_list_history (f->store, case_id, &error);
  g_assert_no_error (error);
  assert_verifies (f, case_id);
}

/* Rewrites event @seq, the newest, as an older build would have written it:
 * no role, no organisation, its hash in the first form. */
static void
strip_role (const char *path,
            const char *case_id,
            guint       seq)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *statement = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  const char *hash;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT case_id, seq, revision, time, user, kind, question_id, old_value,"
                                           " new_value, reason, data, prev_hash FROM events WHERE case_id = ?1 AND seq = ?2",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, case_id, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, seq);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_checksum_update (checksum, (const guchar *) "15:probity-event-1\n", -1);
  for (int i = 0; i < 12; i++)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, i);
      g_autofree char *field = text ? g_strdup_printf ("%zu:%s\n", strlen (text), text) : g_strdup ("-\n");

      g_checksum_update (checksum, (const guchar *) field, -1);
    }
  sqlite3_finalize (stmt);
  hash = g_checksum_get_string (checksum);
  statement = g_strdup_printf ("DROP TRIGGER IF EXISTS events_no_update;"
                               "UPDATE events SET role = NULL, organisation = NULL, hash = '%s'"
                               " WHERE case_id = '%s' AND seq = %u;"
                               "UPDATE cases SET head_hash = '%s' WHERE id = '%s';"
                               RESTORE_EVENTS_NO_UPDATE,
                               hash, case_id, seq, hash, case_id);
  g_assert_cmpint (sqlite3_exec (db, statement, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* Events written before schema 3 carry no role and hash in the first form:
 * they still verify, next to new ones that carry the actor. */
static void
test_identity_old_events (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "data", "storage", "schema-v1.sql", NULL);
  g_autofree char *path = g_build_filename (f->base.dir, "old.db", NULL);
  g_autofree char *schema = NULL;
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(PbAnswer) value = pb_answer_new_string ("no");
  g_autoptr(GListModel) history = NULL;
  g_autoptr(PbHistoryEvent) first = NULL;
  g_autoptr(PbHistoryEvent) last = NULL;
  g_autoptr(GError) error = NULL;
  const char *case_id = "C-2026-D585909E";
  guint n = 0, broken = 0;

  if (!store_fixture_needs_file (&f->base, "database of an older build"))
    return;

  g_file_get_contents (fixture, &schema, NULL, &error);
  g_assert_no_error (error);
  store_sqlite_exec (path, schema);

  store = pb_case_store_new (path, &error);
  g_assert_no_error (error);
  pb_case_store_verify_case (store, case_id, &n, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 10);

  pb_case_store_set_actor (store, f->sales);
  pb_case_store_set_answer (store, case_id, "S1.02", value, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  pb_case_store_verify_case (store, case_id, &n, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 11);

  history = pb_case_store_list_history (store, case_id, &error);
  g_assert_no_error (error);
  first = g_list_model_get_item (history, 0);
  last = g_list_model_get_item (history, 10);
  g_assert_null (pb_history_event_get_role (first));
  g_assert_cmpstr (pb_history_event_get_user (first), ==, "alice");
  g_assert_cmpstr (pb_history_event_get_role (last), ==, "sales");

  /* An event written without a role (what an older build writes) after
   * events that have one was not written by this store. */
  g_clear_object (&store);
  strip_role (path, case_id, 11);
  store = pb_case_store_new (path, &error);
  g_assert_no_error (error);
  /* Role-less up to the newest event: as an older build left it. */
  pb_case_store_verify_case (store, case_id, NULL, NULL, &error);
  g_assert_no_error (error);

  pb_case_store_set_actor (store, f->sales);
  pb_case_store_set_answer (store, case_id, "S1.02", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  pb_case_store_set_answer (store, case_id, "S1.02", value, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  pb_case_store_verify_case (store, case_id, &n, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 13);
  g_clear_object (&store);

  strip_role (path, case_id, 13);
  store = pb_case_store_open (path, PB_CASE_STORE_FLAGS_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_false (pb_case_store_verify_case (store, case_id, NULL, &broken, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TAMPERED);
  g_assert_cmpuint (broken, ==, 13);
  g_assert_nonnull (strstr (error->message, "no role"));
}

/* Rules of approval ------------------------------------------------------------ */

/* A case with @family (and @licence, may be NULL) submitted by @submitter. */
static char *
submitted_case (Fixture    *f,
                const char *family,
                const char *licence,
                PbActor    *submitter)
{
  g_autoptr(GError) error = NULL;
  char *case_id = new_case (f, family);

  if (licence != NULL)
    {
      g_autoptr(PbAnswer) value = pb_answer_new_string (licence);

      pb_case_store_set_answer (f->store, case_id, "S1.02", value, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  act (f, submitter);
  pb_case_store_submit (f->store, case_id, &error);
  g_assert_no_error (error);

  return case_id;
}

static void
assert_refused (Fixture      *f,
                const char   *case_id,
                guint         n_before,
                PbCaseStatus  status,
                GError      **error,
                int           code,
                const char   *needle)
{
  g_assert_error (*error, PB_STORAGE_ERROR, code);
  if (needle != NULL && strstr ((*error)->message, needle) == NULL)
    g_error ("“%s” does not say “%s”", (*error)->message, needle);
  g_clear_error (error);
  g_assert_cmpuint (n_events (f, case_id), ==, n_before);
  g_assert_cmpint (pb_case_store_get_status (f->store, case_id, 0, NULL), ==, status);
}

static PbSignOff *
sign_now (Fixture     *f,
          const char  *case_id,
          const char  *signer,
          GError     **error)
{
  char *text = g_strdup_printf ("%%PDF-1.7 %s %s", case_id, signer);
  g_autoptr(GBytes) report = g_bytes_new_take (text, strlen (text));
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, report);
  g_autoptr(PbCaseSnapshot) snapshot = pb_case_store_read_snapshot (f->store, case_id, 0, error);

  if (snapshot == NULL)
    return NULL;

  return pb_case_store_sign (f->store, case_id, pb_case_snapshot_get_revision (snapshot),
                             pb_case_snapshot_get_answers_fingerprint (snapshot),
                             pb_case_snapshot_get_history_head (snapshot), signer, NULL, "en", sha, report,
                             pb_test_organisation (f->store), error);
}

/* A legal fact stops the sale: nobody may approve it, however asked. */
static void
test_rules_hard_stop (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *case_id = submitted_case (f, "spyware", "no", f->sales);
  g_autofree char *submission = dup_submission_data (f, case_id);
  g_autoptr(PbSignOff) sign_off = NULL;
  g_autoptr(GError) error = NULL;
  guint before = n_events (f, case_id);

  /* The submission records its rating, hard stop included. */
  g_assert_true (g_str_has_prefix (submission, "{\"outcome\":\"do-not-proceed\",\"hard_stops\":\"R-01 "));

  act (f, f->reviewer);
  g_assert_false (pb_case_store_decide (f->store, case_id, PB_CASE_STATUS_APPROVED, "Fine", NULL, NULL, &error));
  assert_refused (f, case_id, before, PB_CASE_STATUS_SUBMITTED, &error, PB_STORAGE_ERROR_REFUSED, "R-01");
  g_assert_false (pb_case_store_decide (f->store, case_id, PB_CASE_STATUS_APPROVED_WITH_CONDITIONS, "Fine",
                                        "Licence to follow", NULL, &error));
  assert_refused (f, case_id, before, PB_CASE_STATUS_SUBMITTED, &error, PB_STORAGE_ERROR_REFUSED, "hard stop");
  /* Not as an override either, by anyone. */
  g_assert_false (pb_case_store_decide (f->store, case_id, PB_CASE_STATUS_APPROVED, "Fine", NULL,
                                        "The board accepts the risk", &error));
  assert_refused (f, case_id, before, PB_CASE_STATUS_SUBMITTED, &error, PB_STORAGE_ERROR_REFUSED, "nobody");
  act (f, f->second_reviewer);
  g_assert_false (pb_case_store_decide (f->store, case_id, PB_CASE_STATUS_APPROVED, "Fine", NULL,
                                        "The board accepts the risk", &error));
  assert_refused (f, case_id, before, PB_CASE_STATUS_SUBMITTED, &error, PB_STORAGE_ERROR_REFUSED, NULL);

  /* Rejecting is always open, and is what gets signed. */
  pb_case_store_decide (f->store, case_id, PB_CASE_STATUS_REJECTED, "Listed item without a licence", NULL, NULL, &error);
  g_assert_no_error (error);
  sign_off = sign_now (f, case_id, "Karl Berg", &error);
  g_assert_no_error (error);
  g_assert_cmpint (pb_sign_off_get_decision (sign_off), ==, PB_CASE_STATUS_REJECTED);
  assert_verifies (f, case_id);
}

/* Whoever submitted a case does not approve it: not by another spelling
 * of the name either. */
static void
test_rules_self_approval (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(PbActor) same = pb_actor_new ("  ingrid LARSSON ", PB_ROLE_REVIEWER, NULL);
  g_autofree char *case_id = NULL;
  g_autoptr(PbDecision) decision = NULL;
  g_autoptr(GError) error = NULL;
  guint before;

  if (!store_fixture_needs_file (&f->base, "reviewer who submits: a reviewer sees no draft there "
                                           "(test-pg-roles.sh refuses self-approval in SQL)"))
    return;

  case_id = submitted_case (f, "camera", NULL, f->reviewer);
  before = n_events (f, case_id);

  g_assert_false (pb_case_store_decide (f->store, case_id, PB_CASE_STATUS_APPROVED, "Mine is fine", NULL, NULL, &error));
  assert_refused (f, case_id, before, PB_CASE_STATUS_SUBMITTED, &error, PB_STORAGE_ERROR_PERMISSION, "submitted");
  act (f, same);
  g_assert_false (pb_case_store_decide (f->store, case_id, PB_CASE_STATUS_APPROVED_WITH_CONDITIONS, "Mine is fine",
                                        "None", NULL, &error));
  assert_refused (f, case_id, before, PB_CASE_STATUS_SUBMITTED, &error, PB_STORAGE_ERROR_PERMISSION, NULL);

  act (f, f->second_reviewer);
  pb_case_store_decide (f->store, case_id, PB_CASE_STATUS_APPROVED, "Benign deployment", NULL, NULL, &error);
  g_assert_no_error (error);
  decision = pb_case_store_get_decision (f->store, case_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_decision_get_submitter (decision), ==, "Ingrid Larsson");
  g_assert_cmpstr (pb_decision_get_submitter_role (decision), ==, "reviewer");
  g_assert_cmpuint (pb_decision_get_n_approvers (decision), ==, 1);
  g_assert_cmpstr (pb_decision_get_approver_name (decision, 0), ==, "Karl Berg");
  g_assert_false (pb_decision_is_override (decision));
  g_assert_true (pb_decision_has_outcome (decision));
  g_assert_cmpint (pb_decision_get_outcome (decision), ==, PB_OUTCOME_PROCEED);

  {
    g_autofree char *submission = dup_submission_data (f, case_id);

    g_assert_cmpstr (submission, ==, "{\"outcome\":\"proceed\",\"hard_stops\":null}");
  }
}

/* Four eyes over who prepared the answers, not only who submitted them:
 * a reviewer who sent a case back and rewrote an answer does not approve
 * its resubmission; another reviewer does. */
static void
test_rules_author_approval (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(PbAnswer) value = pb_answer_new_string ("camera");
  g_autofree char *case_id = submitted_case (f, "camera", NULL, f->sales);
  g_autoptr(GError) error = NULL;
  guint before;

  act (f, f->reviewer);
  pb_case_store_return_to_draft (f->store, case_id, "S1.01 needs the model's name", &error);
  g_assert_no_error (error);
  pb_case_store_set_answer (f->store, case_id, "S1.01", value, "Model EC-4, checked with the customer",
                            NULL, NULL, &error);
  g_assert_no_error (error);
  act (f, f->sales);
  pb_case_store_submit (f->store, case_id, &error);
  g_assert_no_error (error);

  act (f, f->reviewer);
  before = n_events (f, case_id);
  g_assert_false (pb_case_store_decide (f->store, case_id, PB_CASE_STATUS_APPROVED, "Fine now", NULL, NULL, &error));
  assert_refused (f, case_id, before, PB_CASE_STATUS_SUBMITTED, &error, PB_STORAGE_ERROR_PERMISSION,
                  "wrote answers or evidence");

  act (f, f->second_reviewer);
  pb_case_store_decide (f->store, case_id, PB_CASE_STATUS_APPROVED, "Benign deployment", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pb_case_store_get_status (f->store, case_id, 0, NULL), ==, PB_CASE_STATUS_APPROVED);
  assert_verifies (f, case_id);
}

/* On a server a case that became do-not-proceed after it was submitted
 * is submitted again before anyone approves it: the server cannot rate
 * it, and a new submission records its hard stops (schema-v6.sql). A
 * file's store rates it itself. */
static void
submit_again_on_server (Fixture    *f,
                        const char *case_id)
{
  g_autoptr(GError) error = NULL;

  if (!store_fixture_on_server (&f->base))
    return;

  act (f, f->reviewer);
  g_assert_false (pb_case_store_decide (f->store, case_id, PB_CASE_STATUS_APPROVED, "Port use only", NULL,
                                        "The purchase order names the camera family", &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "submit it again"));
  g_clear_error (&error);
  pb_case_store_return_to_draft (f->store, case_id, "The gate is now unknown: submit it again", &error);
  g_assert_no_error (error);
  act (f, f->sales);
  pb_case_store_submit (f->store, case_id, &error);
  g_assert_no_error (error);
}

/* Approving against do-not-proceed is an override: a written rationale,
 * then a second legal reviewer, neither submitter nor first approver. */
static void
test_rules_override (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(PbActor) third = pb_actor_new ("Lena Holm", PB_ROLE_REVIEWER, "Nordvik Systems AB");
  g_autofree char *case_id = submitted_case (f, "camera", NULL, f->sales);
  g_autoptr(PbAnswer) unknown = pb_answer_new_unknown ();
  g_autoptr(PbDecision) decision = NULL;
  g_autoptr(PbSignOff) sign_off = NULL;
  g_autoptr(GError) error = NULL;
  guint before;

  /* The gate answered "unknown": do not proceed, no hard stop. */
  act (f, f->sales);
  pb_case_store_set_answer (f->store, case_id, "S1.01", unknown, NULL, NULL, "The datasheet is unclear", &error);
  g_assert_no_error (error);

  submit_again_on_server (f, case_id);
  before = n_events (f, case_id);

  act (f, f->reviewer);
  g_assert_false (pb_case_store_decide (f->store, case_id, PB_CASE_STATUS_APPROVED, "Port use only", NULL, NULL, &error));
  assert_refused (f, case_id, before, PB_CASE_STATUS_SUBMITTED, &error, PB_STORAGE_ERROR_REFUSED, "rationale");
  g_assert_false (pb_case_store_decide (f->store, case_id, PB_CASE_STATUS_APPROVED, "Port use only", NULL, "   ", &error));
  assert_refused (f, case_id, before, PB_CASE_STATUS_SUBMITTED, &error, PB_STORAGE_ERROR_REFUSED, "override");

  pb_case_store_decide (f->store, case_id, PB_CASE_STATUS_APPROVED_WITH_CONDITIONS, "Port use only",
                        "Cameras fixed at the gates", "The purchase order names the camera family", &error);
  g_assert_no_error (error);
  g_assert_cmpint (pb_case_store_get_status (f->store, case_id, 0, NULL), ==, PB_CASE_STATUS_AWAITING_SECOND_APPROVAL);
  decision = pb_case_store_get_decision (f->store, case_id, 0, &error);
  g_assert_no_error (error);
  g_assert_true (pb_decision_is_pending (decision));
  g_assert_true (pb_decision_is_override (decision));
  g_assert_cmpint (pb_decision_get_decision (decision), ==, PB_CASE_STATUS_APPROVED_WITH_CONDITIONS);
  g_assert_cmpint (pb_decision_get_outcome (decision), ==, PB_OUTCOME_DO_NOT_PROCEED);
  g_clear_object (&decision);
  before = n_events (f, case_id);

  /* Not signed while it waits. */
  g_assert_null (sign_now (f, case_id, "Ingrid Larsson", &error));
  assert_refused (f, case_id, before, PB_CASE_STATUS_AWAITING_SECOND_APPROVAL, &error, PB_STORAGE_ERROR_REFUSED,
                  "second legal reviewer");

  /* The first approver is not the second. */
  g_assert_false (pb_case_store_decide (f->store, case_id, PB_CASE_STATUS_APPROVED_WITH_CONDITIONS, "Again", NULL,
                                        NULL, &error));
  assert_refused (f, case_id, before, PB_CASE_STATUS_AWAITING_SECOND_APPROVAL, &error, PB_STORAGE_ERROR_PERMISSION,
                  "first approval");
  /* Sales cannot be the second either, nor can the submitter as reviewer. */
  act (f, f->sales);
  g_assert_false (pb_case_store_decide (f->store, case_id, PB_CASE_STATUS_APPROVED_WITH_CONDITIONS, "Fine", NULL,
                                        NULL, &error));
  assert_refused (f, case_id, before, PB_CASE_STATUS_AWAITING_SECOND_APPROVAL, &error, PB_STORAGE_ERROR_PERMISSION, NULL);
  {
    g_autoptr(PbActor) submitter_as_reviewer = pb_actor_new ("Åsa Lindqvist", PB_ROLE_REVIEWER, NULL);

    /* A server gives her the role it holds for her, sales. */
    act (f, submitter_as_reviewer);
    g_assert_false (pb_case_store_decide (f->store, case_id, PB_CASE_STATUS_APPROVED_WITH_CONDITIONS, "Fine", NULL,
                                          NULL, &error));
    assert_refused (f, case_id, before, PB_CASE_STATUS_AWAITING_SECOND_APPROVAL, &error,
                    PB_STORAGE_ERROR_PERMISSION, store_fixture_on_server (&f->base) ? "acts as sales" : "submitted");
  }

  /* The second approval confirms the first one's decision, not another. */
  act (f, f->second_reviewer);
  g_assert_false (pb_case_store_decide (f->store, case_id, PB_CASE_STATUS_APPROVED, "Fine", NULL, NULL, &error));
  assert_refused (f, case_id, before, PB_CASE_STATUS_AWAITING_SECOND_APPROVAL, &error, PB_STORAGE_ERROR_INVALID,
                  "awaits a second approval");
  g_assert_false (pb_case_store_decide (f->store, case_id, PB_CASE_STATUS_APPROVED_WITH_CONDITIONS, "Fine",
                                        "Other conditions", NULL, &error));
  assert_refused (f, case_id, before, PB_CASE_STATUS_AWAITING_SECOND_APPROVAL, &error, PB_STORAGE_ERROR_INVALID,
                  "Cameras fixed at the gates");

  pb_case_store_decide (f->store, case_id, PB_CASE_STATUS_APPROVED_WITH_CONDITIONS, "Agreed: the order is clear",
                        NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pb_case_store_get_status (f->store, case_id, 0, NULL), ==, PB_CASE_STATUS_APPROVED_WITH_CONDITIONS);
  decision = pb_case_store_get_decision (f->store, case_id, 0, &error);
  g_assert_no_error (error);
  g_assert_false (pb_decision_is_pending (decision));
  g_assert_cmpstr (pb_decision_get_override_rationale (decision), ==, "The purchase order names the camera family");
  g_assert_cmpstr (pb_decision_get_conditions (decision), ==, "Cameras fixed at the gates");
  g_assert_cmpuint (pb_decision_get_n_approvers (decision), ==, 2);
  g_assert_cmpstr (pb_decision_get_approver_name (decision, 0), ==, "Ingrid Larsson");
  g_assert_cmpstr (pb_decision_get_approver_name (decision, 1), ==, "Karl Berg");
  g_assert_cmpstr (pb_decision_get_approver_reason (decision, 1), ==, "Agreed: the order is clear");

  /* Signed by one of them, or by a third reviewer. */
  act (f, third);
  sign_off = sign_now (f, case_id, "Lena Holm", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_sign_off_get_conditions (sign_off), ==, "Cameras fixed at the gates");
  assert_verifies (f, case_id);
}

/* An override waiting for its second approver keeps the answers of its
 * first approval: a change is refused until a reviewer sends it back,
 * which ends the override; then the answers change again. */
static void
test_rules_override_changed (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *case_id = submitted_case (f, "camera", NULL, f->sales);
  g_autoptr(PbAnswer) unknown = pb_answer_new_unknown ();
  g_autoptr(PbAnswer) units = pb_answer_new_number (40);
  g_autoptr(GError) error = NULL;
  guint before;

  act (f, f->sales);
  pb_case_store_set_answer (f->store, case_id, "S1.01", unknown, NULL, NULL, "The datasheet is unclear", &error);
  g_assert_no_error (error);
  submit_again_on_server (f, case_id);
  act (f, f->reviewer);
  pb_case_store_decide (f->store, case_id, PB_CASE_STATUS_APPROVED, "Port use only", NULL, "The order is clear", &error);
  g_assert_no_error (error);

  act (f, f->sales);
  before = n_events (f, case_id);
  g_assert_false (pb_case_store_set_answer (f->store, case_id, "S1.04", units, NULL, NULL, "Forty units, not four",
                                            &error));
  assert_refused (f, case_id, before, PB_CASE_STATUS_AWAITING_SECOND_APPROVAL, &error, PB_STORAGE_ERROR_INVALID,
                  "sends the case back for changes");

  act (f, f->second_reviewer);
  pb_case_store_return_to_draft (f->store, case_id, "Decide again on forty units", &error);
  g_assert_no_error (error);
  g_assert_null (pb_case_store_get_decision (f->store, case_id, 0, &error));
  g_assert_no_error (error);

  act (f, f->sales);
  pb_case_store_set_answer (f->store, case_id, "S1.04", units, NULL, NULL, "Forty units, not four", &error);
  g_assert_no_error (error);
  assert_verifies (f, case_id);
}

/* What the form must hold, and what cannot be decided yet. */
static void
test_rules_form (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *case_id = NULL;
  g_autofree char *empty = NULL;
  g_autoptr(GError) error = NULL;
  guint before;

  /* Required questions unanswered: not submitted. */
  act (f, f->sales);
  empty = pb_case_store_create_case (f->store, f->customer_uid, f->product_uid, f->base.questionnaire, &error);
  g_assert_no_error (error);
  before = n_events (f, empty);
  g_assert_false (pb_case_store_submit (f->store, empty, &error));
  assert_refused (f, empty, before, PB_CASE_STATUS_DRAFT, &error, PB_STORAGE_ERROR_REFUSED, "S1.01");

  case_id = submitted_case (f, "camera", NULL, f->sales);
  before = n_events (f, case_id);
  act (f, f->reviewer);
  g_assert_false (pb_case_store_decide (f->store, case_id, PB_CASE_STATUS_APPROVED_WITH_CONDITIONS, "Fine", NULL,
                                        NULL, &error));
  assert_refused (f, case_id, before, PB_CASE_STATUS_SUBMITTED, &error, PB_STORAGE_ERROR_INVALID, "conditions");
  g_assert_false (pb_case_store_decide (f->store, case_id, PB_CASE_STATUS_APPROVED_WITH_CONDITIONS, "Fine", " \n ",
                                        NULL, &error));
  assert_refused (f, case_id, before, PB_CASE_STATUS_SUBMITTED, &error, PB_STORAGE_ERROR_INVALID, "conditions");
  g_assert_false (pb_case_store_decide (f->store, case_id, PB_CASE_STATUS_APPROVED, "", NULL, NULL, &error));
  assert_refused (f, case_id, before, PB_CASE_STATUS_SUBMITTED, &error, PB_STORAGE_ERROR_INVALID, "reason");

  /* An answer cleared after submission: incomplete, not approved. */
  act (f, f->sales);
  pb_case_store_set_answer (f->store, case_id, "S1.01", NULL, NULL, NULL, "Wrong family", &error);
  g_assert_no_error (error);
  before = n_events (f, case_id);
  act (f, f->reviewer);
  g_assert_false (pb_case_store_decide (f->store, case_id, PB_CASE_STATUS_APPROVED, "Fine", NULL, NULL, &error));
  assert_refused (f, case_id, before, PB_CASE_STATUS_SUBMITTED, &error, PB_STORAGE_ERROR_REFUSED, "unanswered");
}

/* A decision stands on the answers, evidence and parties it was taken
 * on (accept31 14a): under an approval, a rejection or an override
 * waiting for its second approver they do not change, with a reason or
 * without, so that no case shows "Approved" beside an outcome its
 * reviewer never saw. Sent back for changes, they change again, and the
 * approval is decided anew. */
/* Two legal reviewers decide one case at once, from two Probity
 * instances: the later decision, taken on the case as its reviewer read it
 * before the other's, is refused naming who decided what, and records
 * nothing; taken on the case read again, it stands. */
static void
test_rules_decided_since_read (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *case_id = submitted_case (f, "camera", NULL, f->sales);
  g_autofree char *said = NULL;
  g_autoptr(PbCaseStore) other = NULL;
  g_autoptr(GError) error = NULL;
  PbDecisionBasis basis = PB_DECISION_BASIS_INIT;
  PbCaseStatus decisions[] = { PB_CASE_STATUS_APPROVED, PB_CASE_STATUS_REJECTED };
  guint before;

  /* Karl's own store: another connection to the file or the server. */
  if (store_fixture_on_server (&f->base))
    {
      act (f, f->second_reviewer);
      other = g_object_ref (f->store);
    }
  else
    {
      other = pb_case_store_open (f->base.path, PB_CASE_STORE_FLAGS_NONE, &error);
      g_assert_no_error (error);
      pb_case_store_set_actor (other, f->second_reviewer);
    }

  /* Ingrid reads the case; Karl rejects it meanwhile. */
  act (f, f->reviewer);
  basis.n_events = n_events (f, case_id);
  g_assert_true (pb_case_store_decide (other, case_id, PB_CASE_STATUS_REJECTED, "Plate data leaves the country",
                                       NULL, NULL, &error));
  g_assert_no_error (error);

  /* Her decision on what she read replaces his neither way. */
  said = g_strdup_printf ("Karl Berg decided case “%s” at ", case_id);
  before = n_events (f, case_id);
  for (guint i = 0; i < G_N_ELEMENTS (decisions); i++)
    {
      g_assert_false (pb_case_store_decide_on (f->store, case_id, decisions[i], "A car park camera", NULL, NULL,
                                               &basis, &error));
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, said));
      g_assert_nonnull (strstr (error->message, "since you read it: rejected; your decision was not recorded."));
      g_assert_nonnull (strstr (error->message, "“Plate data leaves the country”"));
      assert_refused (f, case_id, before, PB_CASE_STATUS_REJECTED, &error, PB_STORAGE_ERROR_CONFLICT, NULL);
    }

  /* Sent back and submitted again since: refused as well. */
  g_assert_true (pb_case_store_return_to_draft (other, case_id, "Check the product", &error));
  g_assert_no_error (error);
  act (f, f->sales);
  g_assert_true (pb_case_store_submit (f->store, case_id, &error));
  g_assert_no_error (error);
  act (f, f->reviewer);
  before = n_events (f, case_id);
  g_assert_false (pb_case_store_decide_on (f->store, case_id, PB_CASE_STATUS_APPROVED, "A car park camera", NULL,
                                           NULL, &basis, &error));
  assert_refused (f, case_id, before, PB_CASE_STATUS_SUBMITTED, &error, PB_STORAGE_ERROR_CONFLICT,
                  "your decision was not recorded");

  /* On the case read again, it stands; so does her change of it, on her
   * own decision as she read it. */
  basis.n_events = n_events (f, case_id);
  g_assert_true (pb_case_store_decide_on (f->store, case_id, PB_CASE_STATUS_APPROVED, "A car park camera", NULL,
                                          NULL, &basis, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_events (f, case_id), ==, before + 1);
  basis.n_events = n_events (f, case_id);
  g_assert_true (pb_case_store_decide_on (f->store, case_id, PB_CASE_STATUS_REJECTED, "Plate data leaves the country",
                                          NULL, NULL, &basis, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pb_case_store_get_status (f->store, case_id, 0, NULL), ==, PB_CASE_STATUS_REJECTED);

  /* Saying nothing decides as before: on whatever is there. */
  g_assert_true (pb_case_store_decide_on (f->store, case_id, PB_CASE_STATUS_APPROVED, "A car park camera", NULL,
                                          NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_rules_changed_after_decision (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *case_id = submitted_case (f, "camera", NULL, f->sales);
  g_autoptr(PbAnswer) spyware = pb_answer_new_string ("spyware");
  g_autoptr(PbAnswer) no = pb_answer_new_string ("no");
  g_autoptr(GBytes) datasheet = g_bytes_new_static ("datasheet", 9);
  g_autoptr(GError) error = NULL;
  g_autofree char *party = NULL;
  PbCaseStatus decisions[] = { PB_CASE_STATUS_APPROVED, PB_CASE_STATUS_REJECTED };
  PbOutcome outcome;
  guint before;

  for (guint i = 0; i < G_N_ELEMENTS (decisions); i++)
    {
      g_autoptr(PbCaseInfo) info = NULL;
      g_autoptr(PbEvidence) evidence = NULL;

      act (f, f->reviewer);
      pb_case_store_decide (f->store, case_id, decisions[i], "A network camera", NULL, NULL, &error);
      g_assert_no_error (error);
      info = pb_case_store_get_case (f->store, case_id, &error);
      g_assert_no_error (error);
      outcome = pb_case_info_get_outcome (info);

      /* A listed item without a licence would be a hard stop under it. */
      act (f, f->sales);
      before = n_events (f, case_id);
      g_assert_false (pb_case_store_set_answer (f->store, case_id, "S1.01", spyware, NULL, NULL,
                                                "It is intrusion software", &error));
      assert_refused (f, case_id, before, decisions[i], &error, PB_STORAGE_ERROR_INVALID,
                      "sends the case back for changes");
      g_assert_false (pb_case_store_set_answer (f->store, case_id, "S1.01", NULL, NULL, NULL, "Unsure", &error));
      assert_refused (f, case_id, before, decisions[i], &error, PB_STORAGE_ERROR_INVALID, NULL);
      evidence = pb_case_store_add_evidence (f->store, case_id, "S1.01", "datasheet.txt", "text/plain", datasheet,
                                             &error);
      g_assert_null (evidence);
      assert_refused (f, case_id, before, decisions[i], &error, PB_STORAGE_ERROR_INVALID, NULL);
      party = pb_case_store_add_party (f->store, case_id, "end-user", "Ministry of Interior", "RU", NULL, &error);
      g_assert_null (party);
      assert_refused (f, case_id, before, decisions[i], &error, PB_STORAGE_ERROR_INVALID, NULL);

      g_clear_object (&info);
      info = pb_case_store_get_case (f->store, case_id, &error);
      g_assert_no_error (error);
      g_assert_cmpint (pb_case_info_get_outcome (info), ==, outcome);

      act (f, f->reviewer);
      pb_case_store_return_to_draft (f->store, case_id, "Check the product", &error);
      g_assert_no_error (error);
      act (f, f->sales);
      pb_case_store_submit (f->store, case_id, &error);
      g_assert_no_error (error);
    }

  /* Sent back, the answers change; the approval is decided again. */
  act (f, f->reviewer);
  pb_case_store_return_to_draft (f->store, case_id, "Check the product", &error);
  g_assert_no_error (error);
  act (f, f->sales);
  pb_case_store_set_answer (f->store, case_id, "S1.01", spyware, NULL, NULL, "It is intrusion software", &error);
  g_assert_no_error (error);
  pb_case_store_set_answer (f->store, case_id, "S1.02", no, NULL, NULL, "No licence", &error);
  g_assert_no_error (error);
  pb_case_store_submit (f->store, case_id, &error);
  g_assert_no_error (error);
  before = n_events (f, case_id);
  act (f, f->reviewer);
  g_assert_false (pb_case_store_decide (f->store, case_id, PB_CASE_STATUS_APPROVED, "Still fine", NULL, NULL, &error));
  assert_refused (f, case_id, before, PB_CASE_STATUS_SUBMITTED, &error, PB_STORAGE_ERROR_REFUSED, "hard stop");
  assert_verifies (f, case_id);
}

/* Sealing ------------------------------------------------------------------- */

/* The sign-off seals exactly what the report was made from: another
 * revision, other answers or another history head are refused inside its
 * transaction, and nothing is written. */
static void
test_seal_compare_and_swap (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *case_id = submitted_case (f, "camera", NULL, f->sales);
  g_autoptr(GBytes) report = g_bytes_new_static ("%PDF-1.7 rendered", 17);
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, report);
  g_autoptr(PbCaseSnapshot) rendered = NULL;
  g_autoptr(PbCaseSnapshot) revision1 = NULL;
  g_autoptr(PbAnswer) units = pb_answer_new_number (12);
  g_autoptr(PbSignOff) sign_off = NULL;
  g_autoptr(GError) error = NULL;
  guint before;

  act (f, f->reviewer);
  pb_case_store_decide (f->store, case_id, PB_CASE_STATUS_APPROVED, "A network camera", NULL, NULL, &error);
  g_assert_no_error (error);
  rendered = pb_case_store_read_snapshot (f->store, case_id, 0, &error);
  g_assert_no_error (error);

  /* An answer changes between rendering and sealing: sent back, changed,
   * submitted and decided again. */
  pb_case_store_return_to_draft (f->store, case_id, "Count the units", &error);
  g_assert_no_error (error);
  act (f, f->sales);
  pb_case_store_set_answer (f->store, case_id, "S1.04", units, NULL, NULL, "Twelve units", &error);
  g_assert_no_error (error);
  pb_case_store_submit (f->store, case_id, &error);
  g_assert_no_error (error);
  act (f, f->reviewer);
  pb_case_store_decide (f->store, case_id, PB_CASE_STATUS_APPROVED, "A network camera", NULL, NULL, &error);
  g_assert_no_error (error);
  before = n_events (f, case_id);
  g_assert_null (pb_case_store_sign (f->store, case_id, 1, pb_case_snapshot_get_answers_fingerprint (rendered),
                                     pb_case_snapshot_get_history_head (rendered), "Ingrid Larsson", NULL, "en",
                                     sha, report, pb_test_organisation (f->store), &error));
  assert_refused (f, case_id, before, PB_CASE_STATUS_APPROVED, &error, PB_STORAGE_ERROR_CONFLICT,
                  "make the report again");
  g_assert_cmpint (count_rows (f, "sign_offs"), ==, 0);
  g_assert_cmpint (count_rows (f, "blobs"), ==, 0);

  /* Same answers, another history: sent back, submitted and decided
   * again, the fingerprint is the old one but the head is not. */
  pb_case_store_return_to_draft (f->store, case_id, "Check the units", &error);
  g_assert_no_error (error);
  act (f, f->sales);
  pb_case_store_set_answer (f->store, case_id, "S1.04", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  pb_case_store_submit (f->store, case_id, &error);
  g_assert_no_error (error);
  act (f, f->reviewer);
  pb_case_store_decide (f->store, case_id, PB_CASE_STATUS_APPROVED, "A network camera", NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&rendered);
  rendered = pb_case_store_read_snapshot (f->store, case_id, 0, &error);
  g_assert_no_error (error);
  before = n_events (f, case_id);
  {
    g_autofree char *stale_head = NULL;
    g_autoptr(GListModel) history = pb_case_store_list_history (f->store, case_id, &error);
    g_autoptr(PbHistoryEvent) earlier = g_list_model_get_item (history, before - 2);

    stale_head = g_strdup (pb_history_event_get_hash (earlier));
    g_assert_null (pb_case_store_sign (f->store, case_id, 1, pb_case_snapshot_get_answers_fingerprint (rendered),
                                       stale_head, "Ingrid Larsson", NULL, "en", sha, report,
                                       pb_test_organisation (f->store), &error));
    assert_refused (f, case_id, before, PB_CASE_STATUS_APPROVED, &error, PB_STORAGE_ERROR_CONFLICT, NULL);
  }

  /* The values it was made from: sealed. */
  sign_off = pb_case_store_sign (f->store, case_id, pb_case_snapshot_get_revision (rendered),
                                 pb_case_snapshot_get_answers_fingerprint (rendered),
                                 pb_case_snapshot_get_history_head (rendered), "Ingrid Larsson", NULL, "en", sha, report,
                                 pb_test_organisation (f->store), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_sign_off_get_history_head (sign_off), ==, pb_case_snapshot_get_history_head (rendered));
  g_clear_object (&sign_off);

  /* Revision 1 rendered, revision 2 current: never sealed with it. */
  revision1 = pb_case_store_read_snapshot (f->store, case_id, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pb_case_store_reopen (f->store, case_id, "A new licence condition", &error), ==, 2);
  g_assert_no_error (error);
  act (f, f->sales);
  pb_case_store_submit (f->store, case_id, &error);
  g_assert_no_error (error);
  act (f, f->reviewer);
  pb_case_store_decide (f->store, case_id, PB_CASE_STATUS_APPROVED, "Still a network camera", NULL, NULL, &error);
  g_assert_no_error (error);
  before = n_events (f, case_id);
  g_assert_null (pb_case_store_sign (f->store, case_id, pb_case_snapshot_get_revision (revision1),
                                     pb_case_snapshot_get_answers_fingerprint (revision1),
                                     pb_case_snapshot_get_history_head (revision1), "Ingrid Larsson", NULL, "en",
                                     sha, report, pb_test_organisation (f->store), &error));
  assert_refused (f, case_id, before, PB_CASE_STATUS_APPROVED, &error, PB_STORAGE_ERROR_CONFLICT, "revision 1");
  assert_verifies (f, case_id);
}

/* A sealed revision is signed again only with a report of the sealed
 * revision: the values its first sign-off recorded. */
static void
test_seal_second_signer (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *case_id = submitted_case (f, "camera", NULL, f->sales);
  g_autoptr(PbCaseSnapshot) sealed = NULL;
  g_autoptr(PbSignOff) first = NULL;
  g_autoptr(PbSignOff) second = NULL;
  g_autoptr(GBytes) report = g_bytes_new_static ("%PDF-1.7 second", 15);
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, report);
  g_autofree char *head = NULL;
  g_autoptr(GError) error = NULL;
  guint before;

  act (f, f->reviewer);
  pb_case_store_decide (f->store, case_id, PB_CASE_STATUS_APPROVED, "A network camera", NULL, NULL, &error);
  g_assert_no_error (error);
  first = sign_now (f, case_id, "Ingrid Larsson", &error);
  g_assert_no_error (error);

  sealed = pb_case_store_read_snapshot (f->store, case_id, 0, &error);
  g_assert_no_error (error);
  g_assert_true (pb_case_snapshot_is_sealed (sealed));
  g_assert_cmpstr (pb_case_snapshot_get_history_head (sealed), ==, pb_sign_off_get_history_head (first));
  g_assert_cmpstr (pb_case_snapshot_get_answers_fingerprint (sealed), ==, pb_sign_off_get_answers_fingerprint (first));

  /* The current head is not what a report of the sealed revision prints. */
  act (f, f->second_reviewer);
  head = pb_case_store_get_history_head (f->store, case_id, NULL, &error);
  before = n_events (f, case_id);
  g_assert_null (pb_case_store_sign (f->store, case_id, 1, pb_case_snapshot_get_answers_fingerprint (sealed), head,
                                     "Karl Berg", NULL, "en", sha, report, pb_test_organisation (f->store), &error));
  assert_refused (f, case_id, before, PB_CASE_STATUS_SIGNED, &error, PB_STORAGE_ERROR_CONFLICT, NULL);

  second = pb_case_store_sign (f->store, case_id, 1, pb_case_snapshot_get_answers_fingerprint (sealed),
                               pb_case_snapshot_get_history_head (sealed), "Karl Berg", NULL, "en", sha, report,
                               pb_test_organisation (f->store), &error);
  g_assert_no_error (error);
  g_assert_cmpint (pb_sign_off_get_decision (second), ==, PB_CASE_STATUS_APPROVED);
  assert_verifies (f, case_id);
}

/* Which outcomes an approval overrides: those under which nothing ships. */
static void
test_rules_override_outcomes (void)
{
  static const struct {
    PbOutcome outcome;
    gboolean  override;
  } cases[] = {
    { PB_OUTCOME_PROCEED, FALSE },
    { PB_OUTCOME_PROCEED_WITH_CONDITIONS, FALSE },
    { PB_OUTCOME_CONSULT_AUTHORITY, FALSE },
    { PB_OUTCOME_HOLD, TRUE },
    { PB_OUTCOME_INCOMPLETE, FALSE },   /* not approved at all */
    { PB_OUTCOME_DO_NOT_PROCEED, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (pb_outcome_needs_override (cases[i].outcome), ==, cases[i].override);
}

/* A snapshot is read in one transaction: with another process saving
 * answers all the while, every snapshot's answers are exactly those its
 * history head names. */
static void
test_snapshot_one_transaction (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *helper = g_test_build_filename (G_TEST_BUILT, "test-store-writer", NULL);
  g_autofree char *case_id = new_case (f, "camera");
  g_autofree char *location = NULL;
  g_autoptr(GSubprocess) writer = NULL;
  g_autoptr(GError) error = NULL;
  guint base = n_events (f, case_id);
  guint checked = 0;

  /* A bounded number of answers: the writer ends by itself even if this
   * test does not get to stop it. */
  /* On a server the writer logs in as the case's sales person. */
  if (store_fixture_on_server (&f->base))
    location = store_server_location (f->base.server, f->base.database, pb_actor_get_name (f->sales));
  writer = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, helper,
                             location != NULL ? location : f->base.path, case_id, "w", "4000", NULL);
  g_assert_no_error (error);

  for (guint i = 0; i < 2000 && checked < 200; i++)
    {
      g_autoptr(PbCaseSnapshot) snapshot = pb_case_store_read_snapshot (f->store, case_id, 0, &error);
      g_autoptr(GListModel) history = NULL;
      g_autoptr(PbHistoryEvent) last = NULL;
      PbAnswerSet *answers;
      guint written, newest = 0;
      gboolean any = FALSE;

      g_assert_no_error (error);
      written = pb_case_snapshot_get_n_events (snapshot) - base;
      answers = pb_case_snapshot_get_answers (snapshot);
      for (guint q = 1; q <= 80; q++)
        {
          g_autofree char *id = g_strdup_printf ("T%02u", q);
          PbAnswer *answer = pb_answer_set_lookup (answers, id);
          const char *value = answer ? pb_answer_get_string (answer) : NULL;

          if (value != NULL && g_str_has_prefix (value, "w-"))
            {
              guint index = (guint) g_ascii_strtoull (value + 2, NULL, 10);

              newest = any ? MAX (newest, index) : index;
              any = TRUE;
            }
        }

      /* written answers 0 .. written-1: the newest is written-1. */
      if (written > 0)
        {
          g_assert_true (any);
          g_assert_cmpuint (newest, ==, written - 1);
          checked++;
        }

      history = pb_case_store_list_history (f->store, case_id, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (history), >=, pb_case_snapshot_get_n_events (snapshot));
      last = g_list_model_get_item (history, pb_case_snapshot_get_n_events (snapshot) - 1);
      g_assert_cmpstr (pb_history_event_get_hash (last), ==, pb_case_snapshot_get_history_head (snapshot));
    }

  g_subprocess_force_exit (writer);
  g_subprocess_wait (writer, NULL, NULL);
  g_assert_cmpuint (checked, >=, 20);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pb/approvals/identity/names", test_identity_names);
  g_test_add ("/pb/approvals/identity/recorded", Fixture, NULL, fixture_set_up, test_identity_recorded, fixture_tear_down);
  g_test_add ("/pb/approvals/identity/nobody", Fixture, NULL, fixture_set_up, test_identity_nobody, fixture_tear_down);
  g_test_add ("/pb/approvals/identity/signer-is-actor", Fixture, NULL, fixture_set_up, test_identity_signer_is_actor, fixture_tear_down);
  g_test_add ("/pb/approvals/identity/old-events", Fixture, NULL, fixture_set_up, test_identity_old_events, fixture_tear_down);
  g_test_add ("/pb/approvals/roles/sales-cannot-decide", Fixture, NULL, fixture_set_up, test_roles_sales_cannot_decide, fixture_tear_down);
  g_test_add ("/pb/approvals/roles/auditor-reads-only", Fixture, NULL, fixture_set_up, test_roles_auditor_reads_only, fixture_tear_down);

  g_test_add_func ("/pb/approvals/rules/override-outcomes", test_rules_override_outcomes);
  g_test_add ("/pb/approvals/rules/hard-stop", Fixture, NULL, fixture_set_up, test_rules_hard_stop, fixture_tear_down);
  g_test_add ("/pb/approvals/rules/author-approval", Fixture, NULL, fixture_set_up, test_rules_author_approval,
              fixture_tear_down);
  g_test_add ("/pb/approvals/rules/self-approval", Fixture, NULL, fixture_set_up, test_rules_self_approval, fixture_tear_down);
  g_test_add ("/pb/approvals/rules/override", Fixture, NULL, fixture_set_up, test_rules_override, fixture_tear_down);
  g_test_add ("/pb/approvals/rules/override-changed", Fixture, NULL, fixture_set_up, test_rules_override_changed, fixture_tear_down);
  g_test_add ("/pb/approvals/rules/form", Fixture, NULL, fixture_set_up, test_rules_form, fixture_tear_down);
  g_test_add ("/pb/approvals/rules/decided-since-read", Fixture, NULL, fixture_set_up, test_rules_decided_since_read,
              fixture_tear_down);
  g_test_add ("/pb/approvals/rules/changed-after-decision", Fixture, NULL, fixture_set_up, test_rules_changed_after_decision, fixture_tear_down);
  g_test_add ("/pb/approvals/seal/compare-and-swap", Fixture, NULL, fixture_set_up, test_seal_compare_and_swap, fixture_tear_down);
  g_test_add ("/pb/approvals/seal/second-signer", Fixture, NULL, fixture_set_up, test_seal_second_signer, fixture_tear_down);
  g_test_add ("/pb/approvals/snapshot/one-transaction", Fixture, NULL, fixture_set_up, test_snapshot_one_transaction, fixture_tear_down);

  return g_test_run ();
}
