/* test-case-reference.c: a case pins the country reference data it is
 * rated with, bytes and SHA-256, like its questionnaire, so that an
 * evaluation years later gives the same result (schema version 4); and a
 * case pinned to 1.0.0 is carried into 2.0.0 only as a new case
 * (probity-cli case migrate); and each save rates the case with its
 * screening as it is then, whoever recorded it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pb-case-screening.h"
#include "pb-case-store.h"
#include "test-actor.h"
#include "pb-countries.h"
#include "pb-data.h"
#include "store-fixture.h"

/* The fixture's store (store-fixture.h), a file or alice's on a server,
 * with a case under the shipped questionnaire. */
typedef struct
{
  StoreFixture     base;
  PbCaseStore     *store;
  PbQuestionnaire *questionnaire;
  char            *case_id;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char * const none[] = { NULL };
  g_autoptr(PbCustomer) customer = NULL;
  g_autoptr(PbProduct) product = NULL;
  g_autoptr(GError) error = NULL;

  store_fixture_set_up (&f->base, NULL);
  f->store = g_object_ref (f->base.store);
  f->questionnaire = pb_data_load_questionnaire ("surveillance-export", &error);
  g_assert_no_error (error);
  customer = pb_case_store_add_customer (f->store, "Guilin PSB", none, "CN", "police", "", &error);
  g_assert_no_error (error);
  product = pb_case_store_add_product (f->store, "Camera", "1", "camera", none, &error);
  g_assert_no_error (error);
  f->case_id = pb_case_store_create_case (f->store, pb_customer_get_uid (customer),
                                          pb_product_get_uid (product), f->questionnaire, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_object (&f->questionnaire);
  g_free (f->case_id);
  store_fixture_tear_down (&f->base, data);
}

static void
set (Fixture    *f,
     const char *question_id,
     PbAnswer   *answer)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbAnswer) owned = answer;

  pb_case_store_set_answer (f->store, f->case_id, question_id, owned, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

/* The data in use when the case was created is stored with it and rates it. */
static void
test_pinned (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbCountries) in_use = pb_countries_load_default (&error);
  g_autoptr(PbCountries) pinned = NULL;
  g_autoptr(PbEvaluation) evaluation = NULL;
  g_autoptr(GListModel) history = NULL;
  g_autoptr(PbHistoryEvent) created = NULL;

  g_assert_no_error (error);
  pinned = pb_case_store_load_reference (f->store, f->case_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pinned);
  g_assert_cmpstr (pb_countries_get_sha256 (pinned), ==, pb_countries_get_sha256 (in_use));
  g_assert_cmpstr (pb_countries_get_version (pinned), ==, pb_countries_get_version (in_use));

  /* The creation event, covered by the hash chain, names the data. */
  history = pb_case_store_list_history (f->store, f->case_id, &error);
  g_assert_no_error (error);
  created = g_list_model_get_item (history, 0);
  g_assert_nonnull (strstr (pb_history_event_get_data (created), pb_countries_get_sha256 (in_use)));

  set (f, "S0.02", pb_answer_new_string ("CN"));
  evaluation = pb_case_store_evaluate (f->store, f->case_id, 0, &error);
  g_assert_no_error (error);
  g_assert_true (pb_evaluation_get_reference (evaluation) != NULL);
  g_assert_cmpstr (pb_countries_get_sha256 (pb_evaluation_get_reference (evaluation)), ==,
                   pb_countries_get_sha256 (in_use));
  g_assert_cmpstr (pb_answer_get_string (pb_evaluation_get_counted_answer (evaluation,
                     pb_questionnaire_lookup_question (pb_evaluation_get_questionnaire (evaluation), "S5.02"))), ==, "not-free");
}

/* Bytes that no longer match the pinned SHA-256 are refused, not used. */
static void
test_tampered (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbCountries) pinned = NULL;
  g_autoptr(PbCaseStore) reopened = NULL;

  g_clear_object (&f->store);
  g_clear_object (&f->base.store);
  if (store_fixture_on_server (&f->base))
    /* Someone with the server's superuser, triggers out of the way. */
    store_server_exec (f->base.server, f->base.database,
                       "SET session_replication_role = replica;"
                       "UPDATE probity.reference_data SET content = convert_to (replace (convert_from (content, 'UTF8'),"
                       "                                                      'not-free', 'free'), 'UTF8')");
  else
    store_sqlite_exec (f->base.path, "UPDATE reference_data SET content = CAST (replace (CAST (content AS TEXT), 'not-free', 'free') AS BLOB)");

  reopened = pb_case_store_new (f->base.path, &error);
  g_assert_no_error (error);
  pinned = pb_case_store_load_reference (reopened, f->case_id, &error);
  g_assert_null (pinned);
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TAMPERED);
}

/* A case file carries the pinned data with it. */
static void
test_case_file (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *file = g_build_filename (f->base.dir, "case.probity", NULL);
  g_autofree char *other_path = g_build_filename (f->base.dir, "other.db", NULL);
  g_autoptr(PbCaseStore) other = NULL;
  g_autoptr(PbCountries) mine = NULL;
  g_autoptr(PbCountries) theirs = NULL;
  g_autoptr(GError) error = NULL;

  if (!store_fixture_needs_file (&f->base, "case file export"))
    return;

  pb_case_store_export_case (f->store, f->case_id, file, &error);
  g_assert_no_error (error);
  other = pb_case_store_new (other_path, &error);
  g_assert_no_error (error);
  pb_test_act_as (other, "alice");
  pb_case_store_import_case (other, file, NULL, NULL, &error);
  g_assert_no_error (error);

  mine = pb_case_store_load_reference (f->store, f->case_id, &error);
  g_assert_no_error (error);
  theirs = pb_case_store_load_reference (other, f->case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_countries_get_sha256 (theirs), ==, pb_countries_get_sha256 (mine));
}

/* A case from before schema version 3 pins none and rates without. */
static void
test_unpinned (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbCountries) pinned = NULL;
  g_autoptr(PbCaseStore) reopened = NULL;
  g_autoptr(PbEvaluation) evaluation = NULL;

  if (!store_fixture_needs_file (&f->base, "case from before schema 3"))
    return;

  g_clear_object (&f->store);
  g_clear_object (&f->base.store);
  store_sqlite_exec (f->base.path, "UPDATE cases SET reference_sha256 = NULL");
  reopened = pb_case_store_new (f->base.path, &error);
  g_assert_no_error (error);

  pinned = pb_case_store_load_reference (reopened, f->case_id, &error);
  g_assert_no_error (error);
  g_assert_null (pinned);
  evaluation = pb_case_store_evaluate (reopened, f->case_id, 0, &error);
  g_assert_no_error (error);
  g_assert_null (pb_evaluation_get_reference (evaluation));
}

/* A 1.0.0 case is carried into the installed version (2.1.0) as a new case: the old
 * case keeps its questionnaire and answers, the new one has the carried
 * answers, and the command lists what must be answered anew. */
static void
test_migrate (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *old_xml = g_test_build_filename (G_TEST_DIST, "data", "questionnaires-1.0.0",
                                                    "surveillance-export-1.0.0.xml", NULL);
  g_autofree char *old_answers = g_test_build_filename (G_TEST_DIST, "data", "answers-1.0.0",
                                                        "axis-guilin-skynet.json", NULL);
  g_autofree char *program = g_build_filename (g_getenv ("PB_BUILD_ROOT"), "app", "cli", "probity-cli", NULL);
  g_autoptr(GFile) xml_file = g_file_new_for_path (old_xml);
  g_autoptr(GFile) answers_file = g_file_new_for_path (old_answers);
  g_autoptr(PbQuestionnaire) old = NULL;
  g_autoptr(PbQuestionnaire) pinned = NULL;
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(PbAnswerSet) carried = NULL;
  g_autoptr(PbCaseInfo) info = NULL;
  g_autoptr(PbCaseStore) reopened = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old_id = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  old = pb_questionnaire_new_from_file (xml_file, &error);
  g_assert_no_error (error);
  answers = pb_answer_set_new_from_file (answers_file, &error);
  g_assert_no_error (error);
  info = pb_case_store_get_case (f->store, f->case_id, &error);
  g_assert_no_error (error);
  old_id = pb_case_store_create_case (f->store, pb_case_info_get_customer_uid (info),
                                      pb_case_info_get_product_uid (info), old, &error);
  g_assert_no_error (error);
  pb_case_store_set_answers (f->store, old_id, answers, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&f->store);
  g_clear_object (&f->base.store);

  {
    const char *argv[] = { program, "case", "migrate", old_id, "--db", f->base.path, NULL };
    g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "PROBITY_USER", "alice", TRUE);

    envp = g_environ_setenv (envp, "PROBITY_ROLE", "sales", TRUE);
    g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
    g_assert_no_error (error);
    if (!g_spawn_check_wait_status (status, NULL))
      g_error ("case migrate failed: %s", err);
  }
  g_strstrip (out);
  g_assert_true (g_regex_match_simple ("^C-[0-9]{4}-[0-9A-F]{8}$", out, 0, 0));
  g_assert_nonnull (strstr (err, "To answer before the assessment is complete"));
  g_assert_nonnull (strstr (err, "S0.03"));

  reopened = pb_case_store_new (f->base.path, &error);
  g_assert_no_error (error);
  pinned = pb_case_store_load_questionnaire (reopened, old_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_questionnaire_get_version (pinned), ==, "1.0.0");
  g_clear_object (&pinned);
  pinned = pb_case_store_load_questionnaire (reopened, out, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_questionnaire_get_version (pinned), ==, "2.1.0");
  carried = pb_case_store_get_answers (reopened, out, 1, &error);
  g_assert_no_error (error);
  /* The deployment country, asked in 1.0.0's S4.02, is 2.0.0's S0.02. */
  g_assert_cmpstr (pb_answer_get_string (pb_answer_set_lookup (carried, "S0.02")), ==, "CN");
  g_assert_nonnull (pb_case_store_load_reference (reopened, out, &error));
  g_assert_no_error (error);
}

#define EDITION "0000000000000000000000000000000000000000000000000000000000000001"

/* A screening of the customer against the EU list, which answers S2.02a:
 * one hit on the customer, or none. */
static char *
screening_json (gboolean hit)
{
  const char *entry = "{\"name\": \"Guilin Public Security Bureau\"}";
  g_autofree char *sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, entry, -1);
  g_autofree char *quoted = g_strescape (entry, NULL);
  GString *json = g_string_new ("{\"threshold\": 0.8, \"editions\": [{\"list\": \"eu-fsf\", \"publisher\": \"EU\", \"file_sha256\": \""
                                EDITION "\", \"questions\": [\"S2.02a\"]}], \"parties\": [{\"party\": \"customer\"}],"
                                " \"hits\": [");

  if (hit)
    g_string_append_printf (json, "{\"party\": \"customer\", \"list\": \"eu-fsf\", \"edition\": \"" EDITION "\","
                            " \"entry\": \"%s\", \"entry_sha256\": \"%s\", \"listed_name\": \"Guilin PSB\","
                            " \"score\": 0.9, \"question\": \"S2.02a\"}", quoted, sha256);
  g_string_append (json, "]}");

  return g_string_free (json, FALSE);
}

/* What @store's rating counts for S2.02a, and whether the screening gave it. */
static void
assert_s2_02a (PbCaseStore *store,
               const char  *case_id,
               const char  *counted,
               gboolean     screened)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbEvaluation) evaluation = pb_case_store_evaluate (store, case_id, 0, &error);
  PbQuestion *question;

  g_assert_no_error (error);
  question = pb_questionnaire_lookup_question (pb_evaluation_get_questionnaire (evaluation), "S2.02a");
  g_assert_cmpstr (pb_answer_get_string (pb_evaluation_get_counted_answer (evaluation, question)), ==, counted);
  g_assert_true (pb_evaluation_is_screened (evaluation, question) == screened);
}

/* A store rates a case after each save with the screening it replayed
 * for the save before, brought up to date: a screening another store (or
 * person) recorded in between counts at once, as does the store's own. */
static void
test_screened_meanwhile (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(PbCaseStore) other = NULL;
  g_autoptr(PbCaseStore) fresh = NULL;
  g_autoptr(PbCaseInfo) kept = NULL;
  g_autoptr(PbEvaluation) evaluation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *with_hit = screening_json (TRUE);
  g_autofree char *without = screening_json (FALSE);

  store_fixture_hold_edition (&f->base);
  set (f, "S2.02a", pb_answer_new_string ("clear"));
  assert_s2_02a (f->store, f->case_id, "clear", FALSE);

  if (store_fixture_on_server (&f->base))
    other = store_fixture_open_as (&f->base, "sam", PB_ROLE_SALES);
  else
    {
      g_autoptr(PbActor) sam = pb_actor_new ("sam", PB_ROLE_SALES, NULL);

      other = pb_case_store_new (f->base.path, &error);
      g_assert_no_error (error);
      pb_case_store_set_actor (other, sam);
    }
  g_assert_true (other != f->store);
  pb_case_store_record_screening (other, f->case_id, with_hit, &error);
  g_assert_no_error (error);

  /* The next save's kept outcome and the rating read the hit. */
  set (f, "S0.02", pb_answer_new_string ("CN"));
  assert_s2_02a (f->store, f->case_id, "possible", TRUE);

  /* The store's own screening, with nothing found, counts too. */
  pb_case_store_record_screening (f->store, f->case_id, without, &error);
  g_assert_no_error (error);
  set (f, "S0.01", pb_answer_new_string ("DE"));
  assert_s2_02a (f->store, f->case_id, "clear", TRUE);

  /* The outcome kept for listing is a whole replay's. */
  kept = pb_case_store_get_case (f->store, f->case_id, &error);
  g_assert_no_error (error);
  fresh = store_fixture_on_server (&f->base) ? store_fixture_open_as (&f->base, "sam", PB_ROLE_SALES)
                                             : pb_case_store_new (f->base.path, &error);
  g_assert_no_error (error);
  evaluation = pb_case_store_evaluate (fresh, f->case_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pb_case_info_get_outcome (kept), ==, pb_evaluation_get_outcome (evaluation));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/pb/case-reference/pinned", Fixture, NULL, fixture_set_up, test_pinned, fixture_tear_down);
  g_test_add ("/pb/case-reference/tampered", Fixture, NULL, fixture_set_up, test_tampered, fixture_tear_down);
  g_test_add ("/pb/case-reference/case-file", Fixture, NULL, fixture_set_up, test_case_file, fixture_tear_down);
  g_test_add ("/pb/case-reference/unpinned", Fixture, NULL, fixture_set_up, test_unpinned, fixture_tear_down);
  g_test_add ("/pb/case-reference/migrate", Fixture, NULL, fixture_set_up, test_migrate, fixture_tear_down);
  g_test_add ("/pb/case-reference/screened-meanwhile", Fixture, NULL, fixture_set_up, test_screened_meanwhile,
              fixture_tear_down);

  return g_test_run ();
}
