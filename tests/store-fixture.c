/* store-fixture.c: what the store tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sys/wait.h>

#include "store-fixture.h"
#include "test-actor.h"

static PbQuestionnaire *
load_questionnaire (void)
{
  g_autofree char *xml = g_test_build_filename (G_TEST_DIST, "data", "storage", "store-test.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (xml);
  g_autoptr(GError) error = NULL;
  PbQuestionnaire *questionnaire;

  questionnaire = pb_questionnaire_new_from_file (file, &error);
  g_assert_no_error (error);

  return questionnaire;
}

void
store_fixture_set_up (StoreFixture  *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("pb-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "cases.db", NULL);
  f->questionnaire = load_questionnaire ();

  if (data == NULL)
    {
      f->store = pb_case_store_new (f->path, &error);
      g_assert_no_error (error);
      pb_test_act_as (f->store, "alice");
    }
}

void
store_fixture_tear_down (StoreFixture  *f,
                         gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_object (&f->questionnaire);
  store_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
  g_clear_pointer (&f->path, g_free);
}

char *
store_fixture_build_path (StoreFixture *f,
                          const char   *name)
{
  return g_build_filename (f->dir, name, NULL);
}

char *
store_fixture_new_case (StoreFixture *f,
                        PbCaseStore  *store,
                        const char   *customer_name)
{
  g_autoptr(PbCustomer) customer = NULL;
  g_autoptr(PbProduct) product = NULL;
  g_autoptr(GError) error = NULL;
  char *case_id;

  if (store == NULL)
    store = f->store;

  customer = pb_case_store_find_customer (store, customer_name, &error);
  g_assert_no_error (error);
  if (customer == NULL)
    customer = pb_case_store_add_customer (store, customer_name, NULL, "GB", NULL, NULL, &error);
  g_assert_no_error (error);

  product = pb_case_store_find_product (store, "EyeCam", &error);
  g_assert_no_error (error);
  if (product == NULL)
    product = pb_case_store_add_product (store, "EyeCam", "4.2", "camera", NULL, &error);
  g_assert_no_error (error);

  case_id = pb_case_store_create_case (store, pb_customer_get_uid (customer), pb_product_get_uid (product),
                                       f->questionnaire, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (case_id, "C-"));

  return case_id;
}

void
store_fixture_answer (PbCaseStore *store,
                      const char  *case_id,
                      const char  *question_id,
                      const char  *json,
                      const char  *comment,
                      const char  *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbAnswer) answer = pb_answer_new_from_json (json, &error);

  g_assert_no_error (error);
  pb_case_store_set_answer (store, case_id, question_id, answer, comment, NULL, reason, &error);
  g_assert_no_error (error);
}

char *
store_fixture_full_case (StoreFixture *f,
                         PbCaseStore  *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbEvidence) evidence = NULL;
  g_autoptr(PbSignOff) sign_off = NULL;
  g_autoptr(GBytes) scan = g_bytes_new_static ("licence refusal", 15);
  g_autoptr(GBytes) report = g_bytes_new_static ("%PDF-1.7 signed", 15);
  /* The store keeps a time-stamp token without reading it. */
  g_autoptr(GBytes) token = g_bytes_new_static ("a time-stamp token", 18);
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, report);
  g_autofree char *head = NULL;
  guint n_events = 0;
  char *case_id;

  if (store == NULL)
    store = f->store;

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
  head = pb_case_store_get_history_head (store, case_id, &n_events, &error);
  g_assert_no_error (error);
  g_assert_true (pb_case_store_add_anchor (store, case_id, n_events, head, token, "http://tsa.example/", &error));
  g_assert_no_error (error);
  pb_test_act_as (store, "alice");
  g_assert_cmpuint (pb_case_store_reopen (store, case_id, "licence granted", &error), ==, 2);
  g_assert_no_error (error);
  store_fixture_answer (store, case_id, "S1.02", "\"yes\"", "licence granted", NULL);

  return case_id;
}

void
store_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  /* A test may have left a folder read-only. */
  g_chmod (path, 0700);
  dir = g_dir_open (path, 0, NULL);

  while (dir != NULL && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        store_remove_tree (child);
      else
        g_unlink (child);
    }

  g_rmdir (path);
}

char *
store_file_sha256 (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)contents, length);
}

int
store_run (const char * const  *argv,
           char               **out,
           char               **err)
{
  g_autoptr(GError) error = NULL;
  GSpawnFlags flags = G_SPAWN_SEARCH_PATH;
  int status = 0;

  /* Nothing on our stdout: it is the TAP stream. */
  if (out == NULL)
    flags |= G_SPAWN_STDOUT_TO_DEV_NULL;
  if (err == NULL)
    flags |= G_SPAWN_STDERR_TO_DEV_NULL;

  g_spawn_sync (NULL, (char **)argv, NULL, flags, NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));

  return WEXITSTATUS (status);
}

char *
store_sqlite3 (const char *path,
               const char *sql)
{
  const char *argv[] = { "sqlite3", path, sql, NULL };
  g_autofree char *err = NULL;
  char *out = NULL;

  if (store_run (argv, &out, &err) != 0)
    {
      g_autoptr(GString) one_line = g_string_new (sql);

      /* g_error() goes to the TAP stream: one line. */
      g_string_replace (one_line, "\n", " ", 0);
      g_error ("sqlite3 %s \"%s\" failed: %s", path, one_line->str, g_strstrip (err));
    }

  return out;
}

char *
store_cli_path (void)
{
  return g_build_filename (g_getenv ("PB_BUILD_ROOT"), "app", "cli", "probity-cli", NULL);
}
