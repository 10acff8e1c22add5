/* test-store.c: the case store on real SQLite files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pb-case-store.h"
#include "pb-db-pg.h"
#include "pb-db-sqlite.h"
#include "pb-db-sqlite-reads.h"
#include "pb-db-statements.h"
#include "store-fixture.h"
#include "test-actor.h"

/* The fixture's store (a file, or alice on a server: store-fixture.h)
 * with a customer and a product. */
typedef struct
{
  StoreFixture  base;
  PbCustomer   *customer;
  PbProduct    *product;
} Fixture;

static PbQuestionnaire *
load_questionnaire (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  PbQuestionnaire *questionnaire;

  questionnaire = pb_questionnaire_new_from_file (file, &error);
  g_assert_no_error (error);

  return questionnaire;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char * const aliases[] = { "Acme Holding", "ACME Überwachung", NULL };
  const char * const capabilities[] = { "face", "lpr", NULL };
  g_autoptr(GError) error = NULL;

  store_fixture_set_up (&f->base, NULL);
  f->customer = pb_case_store_add_customer (f->base.store, "Acme Security Ltd", aliases, "GB",
                                            "private-security", "met in Paris", &error);
  g_assert_no_error (error);
  f->product = pb_case_store_add_product (f->base.store, "EyeCam", "4.2", "camera", capabilities, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->customer);
  g_clear_object (&f->product);
  store_fixture_tear_down (&f->base, data);
}

static char *
new_case (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  char *case_id;

  pb_test_act_as (f->base.store, "alice");
  case_id = pb_case_store_create_case (f->base.store, pb_customer_get_uid (f->customer),
                                       pb_product_get_uid (f->product), f->base.questionnaire, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (case_id, "C-"));

  return case_id;
}

static void
answer (Fixture    *f,
        const char *case_id,
        const char *question_id,
        const char *json,
        const char *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbAnswer) value = pb_answer_new_from_json (json, &error);

  g_assert_no_error (error);
  pb_test_act_as (f->base.store, "alice");
  pb_case_store_set_answer (f->base.store, case_id, question_id, value, NULL, NULL, reason, &error);
  g_assert_no_error (error);
}

static void
assert_verifies (PbCaseStore *store,
                 const char  *case_id)
{
  g_autoptr(GError) error = NULL;
  guint n_events = 0, broken = 99;

  pb_case_store_verify_case (store, case_id, &n_events, &broken, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (broken, ==, 0);
  g_assert_cmpuint (n_events, >, 0);
}

/* Submits the case if it is a draft, and Bob signs it with a made-up
 * report; returns his store (the fixture's). */
static PbCaseStore *
sign_case (Fixture    *f,
           const char *case_id)
{
  PbCaseStore *store = f->base.store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) report = g_bytes_new_static ("%PDF-1.7 not really", 19);
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, report);
  g_autoptr(PbSignOff) sign_off = NULL;

  if (pb_case_store_get_status (store, case_id, 0, NULL) == PB_CASE_STATUS_DRAFT)
    {
      store = store_fixture_act_as (&f->base, "alice");
      pb_case_store_submit (store, case_id, &error);
      g_assert_no_error (error);
    }

  store = store_fixture_act_as (&f->base, "Bob");
  /* Rejected: the cases signed here may carry a hard stop, which nobody may
   * approve (test-approvals). */
  sign_off = pb_test_sign (store, case_id, "Bob",
                           PB_CASE_STATUS_REJECTED, "Listed item without a licence", NULL, sha, report, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_sign_off_get_report_sha256 (sign_off), ==, sha);

  return store;
}

/* pb_case_store_create_case_for(): a new customer or product is recorded
 * in the case's own transaction. Refused after it was written (the other
 * record named by a uid that is not there), nothing of it stays; made,
 * the case names the records made with it. */
static void
test_create_case_for (Fixture       *f,
                      gconstpointer  data)
{
  const char * const aliases[] = { "Orphan Holding", NULL };
  const char * const capabilities[] = { "lpr", NULL };
  PbNewCustomer new_customer = { .name = "Orphan Ltd", .aliases = aliases, .country = "FR" };
  PbNewProduct new_product = { .name = "Orphan Cam", .version = "1", .family = "camera",
                               .capabilities = capabilities };
  PbNewCustomer no_customer = { .uid = "no-such-customer" };
  PbNewProduct no_product = { .uid = "no-such-product" };
  g_autoptr(PbCustomer) customer = NULL;
  g_autoptr(PbProduct) product = NULL;
  g_autoptr(PbCaseInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = NULL;

  pb_test_act_as (f->base.store, "alice");
  g_assert_null (pb_case_store_create_case_for (f->base.store, &new_customer, &no_product, f->base.questionnaire,
                                                &customer, &product, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (customer);
  g_assert_null (pb_case_store_find_customer (f->base.store, "Orphan Ltd", &error));
  g_assert_no_error (error);

  g_assert_null (pb_case_store_create_case_for (f->base.store, &no_customer, &new_product, f->base.questionnaire,
                                                NULL, NULL, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (pb_case_store_find_product (f->base.store, "Orphan Cam", &error));
  g_assert_no_error (error);

  case_id = pb_case_store_create_case_for (f->base.store, &new_customer, &new_product, f->base.questionnaire,
                                           &customer, &product, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_customer_get_name (customer), ==, "Orphan Ltd");
  g_assert_cmpstr (pb_product_get_name (product), ==, "Orphan Cam");
  info = pb_case_store_get_case (f->base.store, case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_case_info_get_customer_uid (info), ==, pb_customer_get_uid (customer));
  g_assert_cmpstr (pb_case_info_get_product_uid (info), ==, pb_product_get_uid (product));
}

static void
test_create_and_answer (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *case_id = new_case (f);
  g_autoptr(PbCaseInfo) info = NULL;
  g_autoptr(GListModel) history = NULL;
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *fingerprint2 = NULL;
  g_autofree char *head = NULL;
  static const PbEventKind kinds[] = {
    PB_EVENT_CASE_CREATED, PB_EVENT_ANSWER_SET, PB_EVENT_ANSWER_SET,
    PB_EVENT_ANSWER_CHANGED, PB_EVENT_ANSWER_SET, PB_EVENT_ANSWER_CLEARED,
  };
  guint n_events = 0;

  info = pb_case_store_get_case (f->base.store, case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pb_case_info_get_status (info), ==, PB_CASE_STATUS_DRAFT);
  g_assert_cmpint (pb_case_info_get_outcome (info), ==, PB_OUTCOME_INCOMPLETE);
  g_assert_cmpstr (pb_case_info_get_customer_name (info), ==, "Acme Security Ltd");
  g_assert_cmpstr (pb_case_info_get_questionnaire_id (info), ==, "store-test");
  g_assert_cmpstr (pb_case_info_get_questionnaire_sha256 (info), ==, pb_questionnaire_get_sha256 (f->base.questionnaire));
  g_assert_cmpuint (pb_case_info_get_revision (info), ==, 1);
  g_clear_object (&info);

  answer (f, case_id, "S1.01", "\"spyware\"", NULL);
  answer (f, case_id, "S1.02", "\"yes\"", NULL);
  answer (f, case_id, "S1.02", "\"no\"", NULL);
  answer (f, case_id, "S1.02", "\"no\"", NULL);   /* same again: no event */
  answer (f, case_id, "S1.03", "[\"lpr\",\"face\"]", NULL);
  pb_test_act_as (f->base.store, "alice");
  pb_case_store_set_answer (f->base.store, case_id, "S1.03", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  info = pb_case_store_get_case (f->base.store, case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pb_case_info_get_outcome (info), ==, PB_OUTCOME_DO_NOT_PROCEED);
  g_assert_cmpuint (pb_case_info_get_n_answers (info), ==, 2);

  answers = pb_case_store_get_answers (f->base.store, case_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pb_answer_set_get_size (answers), ==, 2);
  g_assert_cmpstr (pb_answer_get_string (pb_answer_set_lookup (answers, "S1.02")), ==, "no");

  history = pb_case_store_list_history (f->base.store, case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, G_N_ELEMENTS (kinds));
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(PbHistoryEvent) event = g_list_model_get_item (history, i);
      g_autoptr(PbHistoryEvent) prev = i > 0 ? g_list_model_get_item (history, i - 1) : NULL;

      g_assert_cmpint (pb_history_event_get_kind (event), ==, kinds[i]);
      g_assert_cmpuint (pb_history_event_get_seq (event), ==, i + 1);
      g_assert_cmpstr (pb_history_event_get_user (event), ==, "alice");
      g_assert_cmpuint (strlen (pb_history_event_get_hash (event)), ==, 64);
      if (prev != NULL)
        g_assert_cmpstr (pb_history_event_get_prev_hash (event), ==, pb_history_event_get_hash (prev));
    }

  {
    g_autoptr(PbHistoryEvent) changed = g_list_model_get_item (history, 3);

    g_assert_cmpstr (pb_history_event_get_question_id (changed), ==, "S1.02");
    g_assert_cmpstr (pb_history_event_get_old_value (changed), ==, "\"yes\"");
    g_assert_cmpstr (pb_history_event_get_new_value (changed), ==, "\"no\"");
  }

  fingerprint = pb_case_store_get_answers_fingerprint (f->base.store, case_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (fingerprint), ==, 64);
  head = pb_case_store_get_history_head (f->base.store, case_id, &n_events, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_events, ==, G_N_ELEMENTS (kinds));

  /* A comment is part of what the fingerprint covers. */
  pb_case_store_set_answer (f->base.store, case_id, "S1.02", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  answer (f, case_id, "S1.02", "\"no\"", NULL);
  fingerprint2 = pb_case_store_get_answers_fingerprint (f->base.store, case_id, 0, &error);
  g_assert_cmpstr (fingerprint, ==, fingerprint2);
  g_clear_pointer (&fingerprint2, g_free);
  {
    g_autoptr(PbAnswer) no = pb_answer_new_string ("no");

    pb_case_store_set_answer (f->base.store, case_id, "S1.02", no, "checked the licence register", NULL,
                              NULL, &error);
    g_assert_no_error (error);
  }
  fingerprint2 = pb_case_store_get_answers_fingerprint (f->base.store, case_id, 0, &error);
  g_assert_cmpstr (fingerprint, !=, fingerprint2);

  assert_verifies (f->base.store, case_id);
}

static void
test_default_path (void)
{
  g_autofree char *path = pb_case_store_get_default_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  /* main() points XDG_DATA_HOME at a fresh folder. */
  g_assert_true (g_str_has_prefix (path, g_get_user_data_dir ()));
  g_assert_true (g_str_has_suffix (path, "/probity/probity.db"));
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));

  store = pb_case_store_new (path, &error);
  g_assert_no_error (error);

  pb_test_act_as (store, "alice");

  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_clear_object (&store);
  g_unlink (path);
  g_rmdir (dir);
}

typedef struct
{
  const char   *question_id;
  const char   *json;
  int           code;
  const char   *needle;
} BadAnswer;

static const BadAnswer bad_answers[] = {
  { "S9.99", "\"yes\"",     PB_STORAGE_ERROR_NOT_FOUND, "S9.99" },
  { "S1.01", "\"tank\"",    PB_STORAGE_ERROR_INVALID,   "S1.01" },
  { "S1.04", "\"many\"",    PB_STORAGE_ERROR_INVALID,   "S1.04" },
  { "S1.03", "[\"sonar\"]", PB_STORAGE_ERROR_INVALID,   "S1.03" },
};

static void
test_invalid_answers (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *case_id = new_case (f);
  g_autoptr(GError) error = NULL;
  guint n_events = 0;

  for (guint i = 0; i < G_N_ELEMENTS (bad_answers); i++)
    {
      g_autoptr(PbAnswer) value = pb_answer_new_from_json (bad_answers[i].json, NULL);

      pb_test_act_as (f->base.store, "alice");
      g_assert_false (pb_case_store_set_answer (f->base.store, case_id, bad_answers[i].question_id, value,
                                                NULL, NULL, NULL, &error));
      g_assert_error (error, PB_STORAGE_ERROR, bad_answers[i].code);
      g_assert_nonnull (strstr (error->message, bad_answers[i].needle));
      g_assert_nonnull (strstr (error->message, case_id));
      g_clear_error (&error);
    }

  g_free (pb_case_store_get_history_head (f->base.store, case_id, &n_events, &error));
  g_assert_cmpuint (n_events, ==, 1);

  g_assert_false (pb_case_store_set_answer (f->base.store, "C-0000-NOPE", "S1.01", NULL, NULL, NULL,
                                            NULL, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND);
  /* The file's path, or the server as it is shown (without a password). */
  g_assert_nonnull (strstr (error->message, store_fixture_on_server (&f->base) ?
                                            pb_case_store_get_display_name (f->base.store) : f->base.path));
}

/* What Probity saves of a value is bounded as a team server bounds it
 * (schema-v11.sql), with an error naming the field; and what a
 * connection reads of one, as SQLite's limit bounds it (review14b E8). */
static void
test_value_sizes (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *case_id = new_case (f);
  g_autofree char *long_text = g_strnfill (256 * 1024 + 1, 'x');
  g_autofree char *json = g_strdup_printf ("\"%s\"", long_text + 2);
  g_autofree char *fits = g_strdup_printf ("\"%.*s\"", 256 * 1024 - 2, long_text);
  g_autoptr(PbAnswer) too_long = pb_answer_new_from_json (json, NULL);
  g_autoptr(PbAnswer) answer = pb_answer_new_from_json (fits, NULL);
  g_autoptr(PbDb) db = NULL;
  g_autoptr(PbDbStmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  guint n_events = 0;

  pb_test_act_as (f->base.store, "alice");
  g_assert_false (pb_case_store_set_answer (f->base.store, case_id, "T01", too_long, NULL, NULL, NULL, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "The answer to question T01 of case"));
  g_assert_nonnull (strstr (error->message, "(262145 bytes) long; at most 256.0\u00a0KiB can be saved"));
  g_clear_error (&error);
  g_assert_false (pb_case_store_set_answer (f->base.store, case_id, "T01", answer, long_text, NULL, NULL, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "The comment on question T01"));
  g_clear_error (&error);
  g_free (pb_case_store_get_history_head (f->base.store, case_id, &n_events, &error));
  g_assert_cmpuint (n_events, ==, 1);
  /* 256 KiB exactly is taken. */
  g_assert_true (pb_case_store_set_answer (f->base.store, case_id, "T01", answer, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  /* The connection's own limits, as the auditor, who reads directly: a
   * sales person's Probity runs the store's statements only. */
  if (store_fixture_on_server (&f->base))
    {
      g_autofree char *as_auditor = NULL;

      g_assert_true (g_str_has_suffix (f->base.path, " user='alice'"));
      as_auditor = g_strdup_printf ("%.*s user='ada'", (int) (strlen (f->base.path) - strlen (" user='alice'")),
                                    f->base.path);
      db = pb_db_pg_open (as_auditor, TRUE, NULL, &error);
    }
  else
    db = pb_db_sqlite_open (f->base.path, TRUE, NULL, f->base.path, &error);
  g_assert_no_error (error);
  stmt = pb_db_prepare (db, store_fixture_on_server (&f->base) ? "SELECT repeat ('x', 128 * 1024 * 1024 + 1)"
                                                               : "SELECT zeroblob (128 * 1024 * 1024 + 1)",
                        &error);
  if (stmt != NULL)
    g_assert_cmpint (pb_db_stmt_step (stmt, &error), ==, 0);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  if (store_fixture_on_server (&f->base))
    {
      g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TOO_LARGE);
      g_assert_nonnull (strstr (error->message, "more than the 128.0\u00a0MiB Probity reads"));
      g_clear_error (&error);
      g_clear_pointer (&stmt, pb_db_stmt_free);

      /* Bytes, which come as hex: the message says how many they are. */
      stmt = pb_db_prepare (db, "SELECT convert_to (repeat ('x', 128 * 1024 * 1024 + 1), 'SQL_ASCII')", &error);
      g_assert_no_error (error);
      g_assert_cmpint (pb_db_stmt_step (stmt, &error), ==, 0);
      g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TOO_LARGE);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, "a value of 128.0\u00a0MiB (134217729 bytes) in “convert_to”"));
    }
}

static void
test_workflow (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *case_id = new_case (f);
  PbCaseStore *store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PbAnswer) value = pb_answer_new_string ("camera");
  g_autoptr(GListModel) sign_offs = NULL;
  g_autoptr(PbSignOff) sign_off = NULL;
  g_autoptr(GBytes) report = g_bytes_new_static ("%PDF", 4);
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, report);
  g_autofree char *fingerprint = NULL;
  g_autoptr(GBytes) stored = NULL;

  answer (f, case_id, "S1.01", "\"spyware\"", NULL);

  /* decide needs a submitted case; a server shows reviewers no draft */
  store = store_fixture_act_as (&f->base, "bob");
  g_assert_false (pb_case_store_decide (store, case_id, PB_CASE_STATUS_APPROVED, "fine", NULL, NULL, &error));
  g_assert_error (error, PB_STORAGE_ERROR, (store_fixture_on_server (&f->base) ? PB_STORAGE_ERROR_NOT_FOUND
                                                                               : PB_STORAGE_ERROR_INVALID));
  g_clear_error (&error);

  store = store_fixture_act_as (&f->base, "alice");
  pb_case_store_submit (store, case_id, &error);
  g_assert_no_error (error);

  /* after submission a change needs a reason */
  g_assert_false (pb_case_store_set_answer (store, case_id, "S1.01", value, NULL, NULL, NULL, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "reason"));
  g_clear_error (&error);
  pb_case_store_set_answer (store, case_id, "S1.01", value, NULL, NULL, "customer corrected the family", &error);
  g_assert_no_error (error);

  store = store_fixture_act_as (&f->base, "bob");
  g_assert_false (pb_case_store_decide (store, case_id, PB_CASE_STATUS_APPROVED_WITH_CONDITIONS,
                                        "ok", NULL, NULL, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (pb_case_store_decide (store, case_id, PB_CASE_STATUS_APPROVED, "", NULL, NULL, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID);
  g_clear_error (&error);

  pb_case_store_decide (store, case_id, PB_CASE_STATUS_APPROVED_WITH_CONDITIONS,
                        "residual medium", "no face recognition module", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pb_case_store_get_status (store, case_id, 0, NULL), ==, PB_CASE_STATUS_APPROVED_WITH_CONDITIONS);

  /* the sign-off signs the decision in force, not one of its own */
  store = store_fixture_act_as (&f->base, "Carol");

  /* the report bytes must match the hash they are signed under */
  g_assert_null (pb_test_sign (store, case_id, "Carol", PB_CASE_STATUS_APPROVED_WITH_CONDITIONS,
                                     NULL, NULL, "0000000000000000000000000000000000000000000000000000000000000000",
                                     report, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID);
  g_clear_error (&error);

  fingerprint = pb_case_store_get_answers_fingerprint (store, case_id, 0, &error);
  sign_off = pb_test_sign (store, case_id, "Carol", PB_CASE_STATUS_APPROVED_WITH_CONDITIONS,
                                 NULL, NULL, sha, report, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_sign_off_get_answers_fingerprint (sign_off), ==, fingerprint);
  g_assert_cmpstr (pb_sign_off_get_conditions (sign_off), ==, "no face recognition module");
  g_assert_cmpstr (pb_sign_off_get_reason (sign_off), ==, "residual medium");
  g_assert_cmpint (pb_sign_off_get_decision (sign_off), ==, PB_CASE_STATUS_APPROVED_WITH_CONDITIONS);
  g_assert_cmpint (pb_case_store_get_status (store, case_id, 0, NULL), ==, PB_CASE_STATUS_SIGNED);

  stored = pb_case_store_get_report (store, case_id, sha, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (stored, report));

  /* a second signer */
  g_clear_object (&sign_off);
  store = store_fixture_act_as (&f->base, "Dan");
  sign_off = pb_test_sign (store, case_id, "Dan", PB_CASE_STATUS_APPROVED_WITH_CONDITIONS,
                                 NULL, NULL, sha, NULL, &error);
  g_assert_no_error (error);
  sign_offs = pb_case_store_list_sign_offs (store, case_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (sign_offs), ==, 2);

  assert_verifies (store, case_id);
}

/* Every change to a sealed revision, made in SQL past the store. */
static void
assert_file_refuses (const char *path)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE answers SET value = '\"yes\"' WHERE question_id = 'S1.02'", NULL, NULL, &message), ==, SQLITE_CONSTRAINT);
  g_assert_nonnull (strstr (message, "sealed"));
  sqlite3_free (message);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM answers", NULL, NULL, NULL), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM evidence", NULL, NULL, NULL), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE revisions SET sealed = 0", NULL, NULL, NULL), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE events SET user = 'mallory'", NULL, NULL, NULL), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM events", NULL, NULL, NULL), ==, SQLITE_CONSTRAINT);
  sqlite3_close (db);
}

/* The same on a server, as alice, who wrote the case. Her own SQL
 * reaches no table of cases (schema-v16.sql); her Probity's statements,
 * which probity.gate () runs for her with values of her choosing, are
 * refused by the triggers (test-pg-roles.sh tries every other person
 * past the gate, test-pg-gate.sh the gate). */
static void
assert_server_refuses (Fixture    *f,
                       const char *case_id)
{
  static const char * const changes[] = {
    "UPDATE probity.answers SET value = '\"yes\"' WHERE question_id = 'S1.02'",
    "DELETE FROM probity.answers",
    "DELETE FROM probity.evidence",
    "UPDATE probity.revisions SET sealed = 0",
    "UPDATE probity.events SET \"user\" = 'mallory'",
    "DELETE FROM probity.events",
  };
  PGconn *conn = PQconnectdb (f->base.path);

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      PGresult *result = PQexec (conn, changes[i]);

      if (PQresultStatus (result) != PGRES_FATAL_ERROR)
        g_error ("the server let alice run %s (%s rows)", changes[i], PQcmdTuples (result));
      g_assert_cmpstr (PQresultErrorField (result, PG_DIAG_SQLSTATE), ==, "42501");
      PQclear (result);
    }

  {
    g_autoptr(GPtrArray) statements = pb_db_statements_list ();
    g_autofree char *upsert = NULL;
    int n_params;
    PGresult *result;

    for (guint i = 0; i < statements->len && upsert == NULL; i++)
      if (g_str_has_prefix (g_ptr_array_index (statements, i), "INSERT INTO answers (case_id, revision, question_id,"))
        upsert = pb_db_pg_rewrite_sql (g_ptr_array_index (statements, i), &n_params);
    g_assert_nonnull (upsert);
    g_assert_cmpint (n_params, ==, 8);
    {
      const char *values[] = { upsert, "titttttt", case_id, "1", "S1.02", "\"yes\"", NULL, NULL, "alice",
                               "2026-01-01T00:00:00.000000Z" };

      result = PQexecParams (conn, "SELECT * FROM probity.gate ($1, $2, VARIADIC ARRAY[$3, $4, $5, $6, $7, $8, $9, $10]"
                                   "::text[]) AS t (c1 text)", 10, NULL, values, NULL, NULL, 0);
    }
    g_assert_cmpint (PQresultStatus (result), ==, PGRES_FATAL_ERROR);
    g_test_message ("%s", PQresultErrorMessage (result));
    g_assert_cmpstr (PQresultErrorField (result, PG_DIAG_SQLSTATE), ==, "PBSEA");
    PQclear (result);
  }
  PQfinish (conn);
}

static void
test_seal_and_reopen (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *case_id = new_case (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(PbAnswer) value = pb_answer_new_string ("yes");
  g_autoptr(PbAnswerSet) rev1 = NULL;
  g_autoptr(PbAnswerSet) rev2 = NULL;
  g_autoptr(GBytes) evidence = g_bytes_new_static ("licence scan", 12);
  g_autoptr(PbEvidence) attached = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *fingerprint_after = NULL;
  PbCaseStore *reviewer;
  guint revision;

  answer (f, case_id, "S1.01", "\"spyware\"", NULL);
  answer (f, case_id, "S1.02", "\"no\"", NULL);
  pb_test_act_as (f->base.store, "alice");
  attached = pb_case_store_add_evidence (f->base.store, case_id, "S1.02", "licence.pdf", "application/pdf",
                                         evidence, &error);
  g_assert_no_error (error);
  reviewer = sign_case (f, case_id);
  fingerprint = pb_case_store_get_answers_fingerprint (f->base.store, case_id, 1, &error);

  g_assert_false (pb_case_store_set_answer (f->base.store, case_id, "S1.02", value, NULL, NULL, "late change", &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_SEALED);
  g_assert_nonnull (strstr (error->message, case_id));
  g_clear_error (&error);
  g_assert_null (pb_case_store_add_evidence (f->base.store, case_id, "S1.02", "more.pdf", NULL, evidence, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_SEALED);
  g_clear_error (&error);
  g_assert_false (pb_case_store_remove_evidence (f->base.store, pb_evidence_get_id (attached), "mistake", &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_SEALED);
  g_clear_error (&error);

  /* The database itself refuses, whoever asks. */
  if (store_fixture_on_server (&f->base))
    assert_server_refuses (f, case_id);
  else
    assert_file_refuses (f->base.path);


  g_assert_cmpuint (pb_case_store_reopen (reviewer, case_id, "", &error), ==, 0);
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID);
  g_clear_error (&error);

  revision = pb_case_store_reopen (reviewer, case_id, "customer changed the licence", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (revision, ==, 2);
  g_assert_cmpuint (pb_case_store_get_n_revisions (f->base.store, case_id, NULL), ==, 2);
  g_assert_cmpint (pb_case_store_get_status (f->base.store, case_id, 0, NULL), ==, PB_CASE_STATUS_DRAFT);
  g_assert_cmpint (pb_case_store_get_status (f->base.store, case_id, 1, NULL), ==, PB_CASE_STATUS_SIGNED);

  pb_case_store_set_answer (f->base.store, case_id, "S1.02", value, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  rev1 = pb_case_store_get_answers (f->base.store, case_id, 1, &error);
  rev2 = pb_case_store_get_answers (f->base.store, case_id, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_answer_get_string (pb_answer_set_lookup (rev1, "S1.02")), ==, "no");
  g_assert_cmpstr (pb_answer_get_string (pb_answer_set_lookup (rev2, "S1.02")), ==, "yes");
  g_assert_cmpstr (pb_answer_get_string (pb_answer_set_lookup (rev2, "S1.01")), ==, "spyware");

  {
    g_autoptr(GListModel) files = pb_case_store_list_evidence (f->base.store, case_id, 2, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (files), ==, 1);
  }

  fingerprint_after = pb_case_store_get_answers_fingerprint (f->base.store, case_id, 1, &error);
  g_assert_cmpstr (fingerprint, ==, fingerprint_after);

  assert_verifies (f->base.store, case_id);
}

static void
test_evidence (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *case_id = new_case (f);
  g_autoptr(GError) error = NULL;
  g_autofree char *big_path = g_build_filename (f->base.dir, "big.bin", NULL);
  g_autofree char *small_path = g_build_filename (f->base.dir, "note.txt", NULL);
  g_autoptr(GFile) big = g_file_new_for_path (big_path);
  g_autoptr(GFile) small = g_file_new_for_path (small_path);
  g_autoptr(PbEvidence) evidence = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) too_big = NULL;
  g_autofree char *expected_sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "end-user statement signed", -1);
  FILE *file;

  /* Exactly the limit is accepted by size; one byte more is refused. */
  file = fopen (big_path, "w");
  g_assert_nonnull (file);
  g_assert_cmpint (ftruncate (fileno (file), PB_EVIDENCE_MAX_SIZE + 1), ==, 0);
  fclose (file);

  pb_test_act_as (f->base.store, "alice");
  g_assert_null (pb_case_store_add_evidence_file (f->base.store, case_id, "S1.01", big, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "big.bin"));
  g_assert_nonnull (strstr (error->message, "S1.01"));
  g_assert_nonnull (strstr (error->message, "20"));
  g_clear_error (&error);

  too_big = g_bytes_new_take (g_malloc0 (PB_EVIDENCE_MAX_SIZE + 1), PB_EVIDENCE_MAX_SIZE + 1);
  g_assert_null (pb_case_store_add_evidence (f->base.store, case_id, "S1.01", "raw.bin", NULL, too_big, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* A file that is missing, or a folder: the message names the file, the
   * question and the case. */
  {
    g_autofree char *missing_path = g_build_filename (f->base.dir, "missing.pdf", NULL);
    g_autoptr(GFile) missing = g_file_new_for_path (missing_path);
    g_autoptr(GFile) folder = g_file_new_for_path (f->base.dir);
    GFile *bad[] = { missing, folder };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree char *name = g_file_get_path (bad[i]);

        g_assert_null (pb_case_store_add_evidence_file (f->base.store, case_id, "S1.01", bad[i], &error));
        g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO);
        g_assert_nonnull (strstr (error->message, name));
        g_assert_nonnull (strstr (error->message, "S1.01"));
        g_assert_nonnull (strstr (error->message, case_id));
        g_clear_error (&error);
      }
  }

  g_file_set_contents (small_path, "end-user statement signed", -1, &error);
  g_assert_no_error (error);
  evidence = pb_case_store_add_evidence_file (f->base.store, case_id, "S1.01", small, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_evidence_get_file_name (evidence), ==, "note.txt");
  g_assert_cmpuint (pb_evidence_get_size (evidence), ==, strlen ("end-user statement signed"));
  g_assert_cmpstr (pb_evidence_get_sha256 (evidence), ==, expected_sha);
  bytes = pb_case_store_get_evidence_bytes (f->base.store, pb_evidence_get_id (evidence), &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   "end-user statement signed", strlen ("end-user statement signed"));
  assert_verifies (f->base.store, case_id);

  /* A wrong attachment comes off again, on the record. */
  pb_case_store_remove_evidence (f->base.store, pb_evidence_get_id (evidence), NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GListModel) files = pb_case_store_list_evidence (f->base.store, case_id, 0, &error);
    g_autoptr(GListModel) history = pb_case_store_list_history (f->base.store, case_id, &error);
    guint n = g_list_model_get_n_items (history);
    g_autoptr(PbHistoryEvent) last = g_list_model_get_item (history, n - 1);

    g_assert_cmpuint (g_list_model_get_n_items (files), ==, 0);
    g_assert_cmpint (pb_history_event_get_kind (last), ==, PB_EVENT_EVIDENCE_REMOVED);
    g_assert_cmpstr (pb_history_event_get_old_value (last), ==, expected_sha);
  }
  g_assert_false (pb_case_store_remove_evidence (f->base.store, pb_evidence_get_id (evidence), NULL, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  assert_verifies (f->base.store, case_id);

  /* One file attached twice under one name, a second apart: removing the
   * later copy leaves one, and the case still verifies (its history names
   * the file, not the copy). */
  {
    g_autoptr(PbEvidence) first = pb_case_store_add_evidence_file (f->base.store, case_id, "S1.01", small, &error);
    g_autoptr(PbEvidence) second = NULL;
    g_autoptr(GListModel) files = NULL;

    g_assert_no_error (error);
    g_usleep (1100 * 1000);
    second = pb_case_store_add_evidence_file (f->base.store, case_id, "S1.01", small, &error);
    g_assert_no_error (error);
    g_assert_cmpint (pb_evidence_get_id (first), !=, pb_evidence_get_id (second));
    assert_verifies (f->base.store, case_id);
    g_assert_true (pb_case_store_remove_evidence (f->base.store, pb_evidence_get_id (second), NULL, &error));
    g_assert_no_error (error);
    files = pb_case_store_list_evidence (f->base.store, case_id, 0, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (files), ==, 1);
    assert_verifies (f->base.store, case_id);
  }
}

/* A case keeps the questionnaire it was answered under, even when the file
 * on disk changes afterwards. */
static void
test_pinned_questionnaire (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *xml = g_test_build_filename (G_TEST_DIST, "data", "storage", "store-test.xml", NULL);
  g_autofree char *copy = g_build_filename (f->base.dir, "copy.xml", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *changed = NULL;
  g_autoptr(PbQuestionnaire) original = NULL;
  g_autoptr(PbQuestionnaire) updated = NULL;
  g_autoptr(PbQuestionnaire) pinned = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = NULL;

  g_file_get_contents (xml, &contents, NULL, &error);
  g_assert_no_error (error);
  g_file_set_contents (copy, contents, -1, &error);
  g_assert_no_error (error);
  original = load_questionnaire (copy);

  pb_test_act_as (f->base.store, "alice");
  case_id = pb_case_store_create_case (f->base.store, pb_customer_get_uid (f->customer),
                                       pb_product_get_uid (f->product), original, &error);
  g_assert_no_error (error);

  {
    g_autoptr(GString) text = g_string_new (contents);

    g_string_replace (text, "id=\"store-test\" version=\"1.0\"", "id=\"store-test\" version=\"2.0\"", 1);
    g_string_replace (text, "Product family", "Kind of product", 1);
    changed = g_string_free (g_steal_pointer (&text), FALSE);
  }
  g_file_set_contents (copy, changed, -1, &error);
  g_assert_no_error (error);
  updated = load_questionnaire (copy);
  g_assert_cmpstr (pb_questionnaire_get_version (updated), ==, "2.0");

  g_clear_object (&f->base.store);
  f->base.store = pb_case_store_new (f->base.path, &error);
  g_assert_no_error (error);
  pb_test_act_as (f->base.store, "alice");

  pinned = pb_case_store_load_questionnaire (f->base.store, case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_questionnaire_get_version (pinned), ==, "1.0");
  g_assert_cmpstr (pb_questionnaire_get_sha256 (pinned), ==, pb_questionnaire_get_sha256 (original));
  g_assert_cmpstr (pb_question_get_label (pb_questionnaire_lookup_question (pinned, "S1.01")), ==, "Product family");
}

static void
test_list_filter (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbCustomer) other = NULL;
  g_autofree char *a = new_case (f);
  g_autofree char *b = new_case (f);
  g_autofree char *c = NULL;
  struct {
    PbCaseFilter filter;
    guint        n;
  } cases[] = {
    { { NULL, NULL, -1, -1 }, 3 },
    { { "acme", NULL, -1, -1 }, 2 },
    { { "ÜBERWACHUNG", NULL, -1, -1 }, 2 },     /* an alias, folded */
    { { "globex", NULL, -1, -1 }, 1 },
    { { "nobody", NULL, -1, -1 }, 0 },
    { { NULL, "eyecam", -1, -1 }, 3 },
    { { NULL, NULL, PB_CASE_STATUS_SUBMITTED, -1 }, 1 },
    { { NULL, NULL, PB_CASE_STATUS_DRAFT, -1 }, 2 },
    { { NULL, NULL, -1, PB_OUTCOME_DO_NOT_PROCEED }, 1 },
    { { NULL, NULL, -1, PB_OUTCOME_INCOMPLETE }, 1 },
    { { "acme", NULL, PB_CASE_STATUS_DRAFT, PB_OUTCOME_DO_NOT_PROCEED }, 1 },
  };

  other = pb_case_store_add_customer (f->base.store, "Globex Corporation", NULL, "US", NULL, NULL, &error);
  g_assert_no_error (error);
  pb_test_act_as (f->base.store, "alice");
  c = pb_case_store_create_case (f->base.store, pb_customer_get_uid (other), pb_product_get_uid (f->product),
                                 f->base.questionnaire, &error);
  g_assert_no_error (error);

  answer (f, a, "S1.01", "\"spyware\"", NULL);
  answer (f, a, "S1.02", "\"no\"", NULL);
  answer (f, c, "T01", "\"a note\"", NULL);
  g_assert_false (pb_case_store_submit (f->base.store, c, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "S1.01"));
  g_clear_error (&error);
  answer (f, c, "S1.01", "\"camera\"", NULL);
  pb_case_store_submit (f->base.store, c, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GListModel) list = pb_case_store_list_cases (f->base.store, &cases[i].filter, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (list), ==, cases[i].n);
    }

  {
    g_autoptr(GListModel) list = pb_case_store_list_cases (f->base.store, NULL, &error);
    g_autoptr(PbCaseInfo) first = g_list_model_get_item (list, 0);

    /* the most recently changed first */
    g_assert_cmpstr (pb_case_info_get_id (first), ==, c);

    /* a well-behaved GListModel */
    g_assert_true (g_list_model_get_item_type (list) == PB_TYPE_CASE_INFO);
    g_assert_null (g_list_model_get_item (list, 3));
    {
      g_autoptr(PbCaseInfo) again = g_list_model_get_item (list, 0);
      g_autoptr(PbCaseInfo) middle = g_list_model_get_item (list, 1);
      g_autoptr(PbCaseInfo) last = g_list_model_get_item (list, 2);
      g_autofree char *status = NULL;

      g_assert_true (again == first);
      /* c was submitted last, a answered after b was made */
      g_assert_cmpstr (pb_case_info_get_id (middle), ==, a);
      g_assert_cmpstr (pb_case_info_get_id (last), ==, b);
      g_assert_cmpint (pb_case_info_get_outcome (middle), ==, PB_OUTCOME_DO_NOT_PROCEED);
      g_object_get (middle, "customer-name", &status, NULL);
      g_assert_cmpstr (status, ==, "Acme Security Ltd");
    }
  }

  {
    g_autoptr(PbCustomer) found = pb_case_store_find_customer (f->base.store, "acme security ltd", &error);
    g_autoptr(PbCustomer) none = pb_case_store_find_customer (f->base.store, "Initech", &error);
    g_autoptr(GListModel) customers = pb_case_store_list_customers (f->base.store, &error);

    g_assert_no_error (error);
    g_assert_nonnull (found);
    g_assert_cmpstr (pb_customer_get_aliases (found)[1], ==, "ACME Überwachung");
    g_assert_null (none);
    g_assert_cmpuint (g_list_model_get_n_items (customers), ==, 2);
  }
}

typedef struct
{
  char         *path;
  char         *case_id;
  volatile gint stop;
  guint         n_reads;
} Reader;

/* What the sign dialog does: a store of its own in a worker thread. */
static gpointer
reader_thread (gpointer data)
{
  Reader *reader = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PbCaseStore) store = pb_case_store_open (reader->path, PB_CASE_STORE_FLAGS_READ_ONLY, &error);

  g_assert_no_error (error);
  while (!g_atomic_int_get (&reader->stop) || reader->n_reads == 0)
    {
      g_autoptr(GListModel) history = pb_case_store_list_history (store, reader->case_id, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (history), >=, 1);
      pb_case_store_verify_case (store, reader->case_id, NULL, NULL, &error);
      g_assert_no_error (error);
      reader->n_reads++;
    }

  return NULL;
}

/* Stores on one file share one connection, whatever path names it, in
 * whatever thread they live: a writer never joins a read-only connection,
 * and a reader in another thread sees every answer whole. */
static void
test_shared_connection (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *link = g_build_filename (f->base.dir, "link.db", NULL);
  g_autofree char *case_id = new_case (f);
  g_autofree char *other = g_build_filename (f->base.dir, "other.db", NULL);
  g_autoptr(PbCaseStore) reader = NULL;
  g_autoptr(PbCaseStore) writer = NULL;
  g_autoptr(GError) error = NULL;
  Reader state = { 0 };
  GThread *thread;

  if (!store_fixture_needs_file (&f->base, "connection shared by every store on one file"))
    return;

  g_assert_cmpint (symlink (f->base.path, link), ==, 0);

  /* Read-only through another name: it reads, never writes. */
  reader = pb_case_store_open (link, PB_CASE_STORE_FLAGS_READ_ONLY, &error);
  g_assert_no_error (error);
  answer (f, case_id, "S1.01", "\"camera\"", NULL);
  {
    g_autoptr(PbAnswerSet) answers = pb_case_store_get_answers (reader, case_id, 0, &error);

    g_assert_no_error (error);
    g_assert_nonnull (pb_answer_set_lookup (answers, "S1.01"));
  }
  g_assert_false (pb_case_store_submit (reader, case_id, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "reading only"));
  g_clear_error (&error);
  g_clear_object (&reader);

  /* A file open read-only first: a writer is refused, saying why. */
  {
    g_autoptr(PbCaseStore) created = pb_case_store_new (other, &error);

    g_assert_no_error (error);
  }
  reader = pb_case_store_open (other, PB_CASE_STORE_FLAGS_READ_ONLY, &error);
  g_assert_no_error (error);
  writer = pb_case_store_open (other, PB_CASE_STORE_FLAGS_NONE, &error);
  g_assert_null (writer);
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, other));
  g_assert_nonnull (strstr (error->message, "reading only"));
  g_clear_error (&error);
  g_clear_object (&reader);
  writer = pb_case_store_open (other, PB_CASE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);

  /* A reader thread while this one autosaves. */
  state.path = link;
  state.case_id = case_id;
  thread = g_thread_new ("reader", reader_thread, &state);
  for (guint i = 1; i <= 40; i++)
    {
      g_autofree char *id = g_strdup_printf ("T%02u", i);

      answer (f, case_id, id, "\"note\"", NULL);
    }
  g_atomic_int_set (&state.stop, 1);
  g_thread_join (thread);
  g_assert_cmpuint (state.n_reads, >, 0);
}

typedef struct
{
  const char   *path;
  GCancellable *cancellable;
  PbCaseStore  *store;
  GError       *error;
  int           checking;
  int           done;
} Opening;

static void
opening_progress_cb (PbCaseStoreOpening stage,
                     double             fraction,
                     gpointer           user_data)
{
  g_atomic_int_set (&((Opening *) user_data)->checking, 1);
}

static gpointer
opening_thread (gpointer data)
{
  Opening *opening = data;

  opening->store = pb_case_store_open_with_progress (opening->path, PB_CASE_STORE_FLAGS_CHECK,
                                                     opening->cancellable, opening_progress_cb,
                                                     opening, &opening->error);
  g_atomic_int_set (&opening->done, 1);
  return NULL;
}

/* A file checked in one thread (slowly: each page read waits 2 ms) keeps
 * no other file from opening meanwhile; cancelled, its open fails as
 * cancelled, and it opens again afterwards. */
static void
test_open_while_checking (void)
{
  g_autofree char *dir = g_dir_make_tmp ("pb-store-XXXXXX", NULL);
  g_autofree char *large = g_build_filename (dir, "large.db", NULL);
  g_autofree char *small = g_build_filename (dir, "small.db", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Opening opening = { large, cancellable };
  GThread *thread;

  g_clear_object (&opening.store);
  {
    g_autoptr(PbCaseStore) a = pb_case_store_new (large, &error);
    g_autoptr(PbCaseStore) b = pb_case_store_new (small, &error);

    g_assert_no_error (error);
  }
  /* About 2 MB: a thousand page reads in the check. */
  store_sqlite_exec (large, "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500) "
                            "INSERT INTO meta (key, value) SELECT 'filler-' || i, hex (randomblob (1500)) FROM n");

  pb_db_sqlite_reads_set_delay (2000);
  thread = g_thread_new ("opening", opening_thread, &opening);
  while (!g_atomic_int_get (&opening.checking))
    g_usleep (1000);

  {
    g_autoptr(PbCaseStore) other = pb_case_store_open (small, PB_CASE_STORE_FLAGS_CHECK, &error);

    g_assert_no_error (error);
    g_assert_nonnull (other);
    /* Opened, the large file's check still under way. */
    g_assert_false (g_atomic_int_get (&opening.done));
  }

  g_cancellable_cancel (cancellable);
  g_thread_join (thread);
  pb_db_sqlite_reads_set_delay (0);
  g_assert_null (opening.store);
  g_assert_error (opening.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&opening.error);

  {
    g_autoptr(PbCaseStore) again = pb_case_store_open (large, PB_CASE_STORE_FLAGS_CHECK, &error);

    g_assert_no_error (error);
    g_assert_nonnull (again);
  }
  store_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_home = g_dir_make_tmp ("pb-store-data-XXXXXX", NULL);
  int status;

  /* Not G_TEST_OPTION_ISOLATE_DIRS: GLib 2.74 leaks its strings, which
   * fails the sanitizer build. Set before anything reads it. */
  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pb/store/default-path", test_default_path);
  g_test_add_func ("/pb/store/open-while-checking", test_open_while_checking);
  g_test_add ("/pb/store/create-and-answer", Fixture, NULL, fixture_set_up, test_create_and_answer, fixture_tear_down);
  g_test_add ("/pb/store/create-case-for", Fixture, NULL, fixture_set_up, test_create_case_for, fixture_tear_down);
  g_test_add ("/pb/store/invalid-answers", Fixture, NULL, fixture_set_up, test_invalid_answers, fixture_tear_down);
  g_test_add ("/pb/store/value-sizes", Fixture, NULL, fixture_set_up, test_value_sizes, fixture_tear_down);
  g_test_add ("/pb/store/workflow", Fixture, NULL, fixture_set_up, test_workflow, fixture_tear_down);
  g_test_add ("/pb/store/seal-and-reopen", Fixture, NULL, fixture_set_up, test_seal_and_reopen, fixture_tear_down);
  g_test_add ("/pb/store/evidence", Fixture, NULL, fixture_set_up, test_evidence, fixture_tear_down);
  g_test_add ("/pb/store/pinned-questionnaire", Fixture, NULL, fixture_set_up, test_pinned_questionnaire, fixture_tear_down);
  g_test_add ("/pb/store/shared-connection", Fixture, NULL, fixture_set_up, test_shared_connection, fixture_tear_down);
  g_test_add ("/pb/store/list-filter", Fixture, NULL, fixture_set_up, test_list_filter, fixture_tear_down);

  status = g_test_run ();
  g_rmdir (data_home);

  return status;
}
