/* test-store-written.c: what a save keeps of its own write
 * (PbCaseWritten, pb-case-store.c) never outlives it
 *
 * A write keeps what it read of its case under the case's lock (the
 * questionnaire, the reference data, the head) and the head its own
 * events move, and the rating after the save keeps its screening replay
 * when none of those events is a screening's. None of it may reach
 * another transaction or another case: whatever the order of saves,
 * screenings, hit decisions, reopenings, imports and writes made again
 * after a lost connection, each case's kept outcome and answer count are
 * what a store that never saw the case gives, its history verifies, and
 * no write is refused.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pb-case-screening.h"
#include "pb-case-store-private.h"
#include "pb-data.h"
#include "pb-db-pg.h"
#include "store-fixture.h"
#include "test-actor.h"

/* The fixture's store (alice's on a server) and a case under the shipped
 * questionnaire, for a customer the tests' screening lists. */
typedef struct
{
  StoreFixture     base;
  PbCaseStore     *store;
  PbQuestionnaire *questionnaire;
  char            *customer_uid;
  char            *product_uid;
  char            *case_id;
} Fixture;

/* A case whose answers are complete (a car park's plate readers, every
 * list clear): it proceeds, and a possible match on a list holds it, so
 * that its kept outcome says which screening rated it. */
static char *
new_case (Fixture *f)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "answers", "benign-carpark-anpr.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(GError) error = NULL;
  char *case_id;

  case_id = pb_case_store_create_case (f->store, f->customer_uid, f->product_uid, f->questionnaire, &error);
  g_assert_no_error (error);
  answers = pb_answer_set_new_from_file (file, &error);
  g_assert_no_error (error);
  g_assert_true (pb_case_store_set_answers (f->store, case_id, answers, NULL, &error));
  g_assert_no_error (error);

  return case_id;
}

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
  f->customer_uid = g_strdup (pb_customer_get_uid (customer));
  f->product_uid = g_strdup (pb_product_get_uid (product));
  f->case_id = new_case (f);
  store_fixture_hold_edition (&f->base);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_object (&f->questionnaire);
  g_free (f->customer_uid);
  g_free (f->product_uid);
  g_free (f->case_id);
  store_fixture_tear_down (&f->base, data);
}

/* A store of its own for @name: its own connection on a server; on a
 * file another store on the fixture's connection, with its own replay
 * and its own PbCaseWritten. */
static PbCaseStore *
open_other (Fixture    *f,
            const char *name,
            PbRole      role)
{
  g_autoptr(PbActor) actor = NULL;
  g_autoptr(GError) error = NULL;
  PbCaseStore *store;

  if (store_fixture_on_server (&f->base))
    return store_fixture_open_as (&f->base, name, role);

  store = pb_case_store_new (f->base.path, &error);
  g_assert_no_error (error);
  actor = pb_actor_new (name, role, NULL);
  pb_case_store_set_actor (store, actor);

  return store;
}

static void
answer (PbCaseStore *store,
        const char  *case_id,
        const char  *question_id,
        const char  *text)
{
  g_autoptr(PbAnswer) value = pb_answer_new_string (text);
  g_autoptr(PbAnswerSet) read = NULL;
  g_autoptr(GError) error = NULL;
  gboolean saved;

  /* Read first, as a page does: an answer over another's is no conflict. */
  read = pb_case_store_get_answers (store, case_id, 0, &error);
  g_assert_no_error (error);
  saved = pb_case_store_set_answer (store, case_id, question_id, value, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (saved);
}

#define EDITION "0000000000000000000000000000000000000000000000000000000000000001"

/* A screening of the customer against the EU list, which answers S2.02a:
 * one hit on the customer, offering @prior (a JSON object) if any, or
 * none. */
static char *
screening_json_offering (gboolean    hit,
                         const char *prior)
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
                            " \"score\": 0.9, \"question\": \"S2.02a\", \"prior\": [%s]}", quoted, sha256,
                            prior != NULL ? prior : "");
  g_string_append (json, "]}");

  return g_string_free (json, FALSE);
}

static char *
screening_json (gboolean hit)
{
  return screening_json_offering (hit, NULL);
}

static void
screen (PbCaseStore *store,
        const char  *case_id,
        gboolean     hit)
{
  g_autofree char *json = screening_json (hit);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (pb_case_store_record_screening (store, case_id, json, &error), >, 0);
  g_assert_no_error (error);
}

/* The id of the only hit of the latest screening of @case_id. */
static char *
latest_hit (PbCaseStore *store,
            const char  *case_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbCaseScreening) screening = pb_case_store_get_screening (store, case_id, 0, &error);
  PbScreeningRun *latest;

  g_assert_no_error (error);
  latest = pb_case_screening_get_latest (screening);
  g_assert_nonnull (latest);
  g_assert_cmpuint (latest->hits->len, ==, 1);

  return g_strdup (((PbCaseHit *) g_ptr_array_index (latest->hits, 0))->id);
}

/* What a store that never saw @case_id makes of it: the outcome and
 * answer count kept for its current revision are its evaluation's, its
 * history holds, and S2.02a counts @counted ("none": nothing, which
 * leaves the case incomplete; NULL: not asked). And each store of the NULL-terminated list after @counted, which
 * wrote the case, rates it the same with the replay it kept. Returns the
 * number of events. */
static guint
check_kept (Fixture    *f,
            const char *case_id,
            const char *counted,
            ...)
{
  g_autoptr(PbCaseStore) fresh = open_other (f, "sam", PB_ROLE_SALES);
  g_autoptr(PbCaseInfo) kept = NULL;
  g_autoptr(PbEvaluation) evaluation = NULL;
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(GError) error = NULL;
  PbQuestion *question;
  PbAnswer *value;
  PbCaseStore *writer;
  guint n_events = 0, n_broken = 0;
  va_list args;

  kept = pb_case_store_get_case (fresh, case_id, &error);
  g_assert_no_error (error);
  evaluation = pb_case_store_evaluate (fresh, case_id, 0, &error);
  g_assert_no_error (error);
  answers = pb_case_store_get_answers (fresh, case_id, 0, &error);
  g_assert_no_error (error);

  g_assert_cmpint (pb_case_info_get_outcome (kept), ==, pb_evaluation_get_outcome (evaluation));
  g_assert_cmpuint (pb_case_info_get_n_answers (kept), ==, pb_answer_set_get_size (answers));

  g_assert_true (pb_case_store_verify_case (fresh, case_id, &n_events, &n_broken, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_broken, ==, 0);

  question = pb_questionnaire_lookup_question (pb_evaluation_get_questionnaire (evaluation), "S2.02a");
  value = question != NULL ? pb_evaluation_get_counted_answer (evaluation, question) : NULL;
  if (counted != NULL)
    {
      g_assert_cmpstr (value != NULL ? pb_answer_get_string (value) : "none", ==, counted);
      /* Rated on it: a possible match holds the deal, the others proceed. */
      g_assert_cmpint (pb_evaluation_get_outcome (evaluation), ==,
                       strcmp (counted, "possible") == 0 ? PB_OUTCOME_HOLD
                       : strcmp (counted, "none") == 0   ? PB_OUTCOME_INCOMPLETE
                                                         : PB_OUTCOME_PROCEED);
    }

  va_start (args, counted);
  while ((writer = va_arg (args, PbCaseStore *)) != NULL)
    {
      g_autoptr(PbEvaluation) theirs = pb_case_store_evaluate (writer, case_id, 0, &error);
      PbAnswer *their_value;

      g_assert_no_error (error);
      g_assert_cmpint (pb_evaluation_get_outcome (theirs), ==, pb_evaluation_get_outcome (evaluation));
      their_value = question != NULL
                    ? pb_evaluation_get_counted_answer (theirs, pb_questionnaire_lookup_question (
                        pb_evaluation_get_questionnaire (theirs), "S2.02a"))
                    : NULL;
      g_assert_cmpstr (their_value != NULL ? pb_answer_get_string (their_value) : NULL, ==,
                       value != NULL ? pb_answer_get_string (value) : NULL);
    }
  va_end (args);

  return n_events;
}

/* Two stores (two connections on a server) write one case in turns:
 * each save's rating reads what the other recorded since, screenings and
 * hit decisions included, though its own replay ended at its last save. */
static void
test_turns (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(PbCaseStore) sam = open_other (f, "sam", PB_ROLE_SALES);
  g_autoptr(PbCaseStore) bob = open_other (f, "bob", PB_ROLE_REVIEWER);
  g_autoptr(GError) error = NULL;
  g_autofree char *hit = NULL;
  guint n_events = check_kept (f, f->case_id, "clear", NULL);

  answer (f->store, f->case_id, "S1.01", "plate readers");
  check_kept (f, f->case_id, "clear", f->store, NULL);
  answer (sam, f->case_id, "S4.02t", "Six car parks");
  check_kept (f, f->case_id, "clear", sam, NULL);

  /* The other store screens; this one saves next, its replay one save old. */
  screen (sam, f->case_id, TRUE);
  answer (f->store, f->case_id, "S1.01", "plate readers, again");
  check_kept (f, f->case_id, "possible", f->store, NULL);
  answer (f->store, f->case_id, "S1.01", "plate readers, once more");
  check_kept (f, f->case_id, "possible", f->store, NULL);

  /* A reviewer clears the hit (on a server, where a reviewer writes only
   * a case submitted, the case is let through by hand); both sales stores
   * save after it, their replays from before it. */
  if (store_fixture_on_server (&f->base))
    {
      g_autofree char *sql = g_strdup_printf ("SET session_replication_role = replica;"
                                              "UPDATE probity.cases SET submitted = true WHERE id = '%s'",
                                              f->case_id);

      store_server_exec (f->base.server, f->base.database, sql);
    }
  /* The reviewer's replay at the head, as after reading the case. */
  check_kept (f, f->case_id, "possible", bob, NULL);
  hit = latest_hit (bob, f->case_id);
  g_assert_true (pb_case_store_decide_hit (bob, f->case_id, hit, PB_HIT_CLEARED, "Another bureau", &error));
  g_assert_no_error (error);
  check_kept (f, f->case_id, "clear", bob, NULL);
  /* Read by the stores that did not write it, outside any write. */
  check_kept (f, f->case_id, "clear", f->store, sam, NULL);
  screen (bob, f->case_id, FALSE);
  check_kept (f, f->case_id, "clear", bob, NULL);
  screen (bob, f->case_id, TRUE);
  answer (sam, f->case_id, "S4.02t", "Seven car parks");
  check_kept (f, f->case_id, "clear", sam, NULL);
  answer (f->store, f->case_id, "S1.01", "plate readers, cleared");
  check_kept (f, f->case_id, "clear", f->store, NULL);

  /* The other screens again and meets the same entry, which the
   * reviewer's clearing still covers; this one saves. */
  screen (sam, f->case_id, TRUE);
  answer (f->store, f->case_id, "S1.01", "plate readers, listed again");
  check_kept (f, f->case_id, "clear", f->store, NULL);

  /* This store screens with nothing found, the other saves, this one again. */
  screen (f->store, f->case_id, FALSE);
  answer (sam, f->case_id, "S4.02t", "sam's words");
  check_kept (f, f->case_id, "clear", sam, NULL);
  answer (f->store, f->case_id, "S4.02t", "alice's words");
  /* 9 answers, 5 screenings, a hit decided: each once, whoever's replay
   * was how old. */
  g_assert_cmpuint (check_kept (f, f->case_id, "clear", f->store, sam, bob, NULL), ==, n_events + 9 + 5 + 1);
}

/* One store screens, adds and removes a party and saves in between: its
 * own screening events end the replay it keeps, its answers do not. The
 * seller's own answer to S2.02a is cleared first: only a screening that
 * covers every party answers it, else the case is incomplete. */
static void
test_own_screening (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *party = NULL;

  g_assert_true (pb_case_store_set_answer (f->store, f->case_id, "S2.02a", NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  check_kept (f, f->case_id, "none", f->store, NULL);
  screen (f->store, f->case_id, TRUE);
  answer (f->store, f->case_id, "S1.01", "one");
  answer (f->store, f->case_id, "S1.01", "two");
  check_kept (f, f->case_id, "possible", f->store, NULL);
  screen (f->store, f->case_id, FALSE);
  answer (f->store, f->case_id, "S1.01", "three");
  check_kept (f, f->case_id, "clear", f->store, NULL);

  /* A party no screening covered yet: nothing answers S2.02a. */
  party = pb_case_store_add_party (f->store, f->case_id, "end-user", "Harbour Logistics", "GB", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (party);
  check_kept (f, f->case_id, "none", f->store, NULL);
  answer (f->store, f->case_id, "S1.01", "four");
  check_kept (f, f->case_id, "none", f->store, NULL);
  /* A screening of the customer alone leaves the party unscreened. */
  screen (f->store, f->case_id, FALSE);
  answer (f->store, f->case_id, "S1.01", "five");
  check_kept (f, f->case_id, "none", f->store, NULL);
  /* Without the party, the customer's screening answers again. */
  g_assert_true (pb_case_store_remove_party (f->store, f->case_id, party, "Not a party after all", &error));
  g_assert_no_error (error);
  check_kept (f, f->case_id, "clear", f->store, NULL);
  answer (f->store, f->case_id, "S1.01", "six");
  check_kept (f, f->case_id, "clear", f->store, NULL);
  screen (f->store, f->case_id, TRUE);
  answer (f->store, f->case_id, "S1.01", "seven");
  check_kept (f, f->case_id, "possible", f->store, NULL);
}

/* One store saves two cases in turns, and another screens each in
 * between: what one save kept of its case never rates the other. */
static void
test_two_cases (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(PbCaseStore) sam = open_other (f, "sam", PB_ROLE_SALES);
  g_autofree char *second = new_case (f);

  answer (f->store, f->case_id, "S1.01", "first");
  answer (f->store, second, "S1.01", "second");
  screen (f->store, second, TRUE);
  answer (f->store, f->case_id, "S1.01", "first, again");
  check_kept (f, f->case_id, "clear", NULL);
  answer (f->store, second, "S1.01", "second, again");
  check_kept (f, second, "possible", NULL);

  screen (sam, f->case_id, TRUE);
  answer (f->store, second, "S1.01", "second, once more");
  answer (f->store, f->case_id, "S1.01", "first, once more");
  check_kept (f, f->case_id, "possible", NULL);
  check_kept (f, second, "possible", NULL);

  screen (sam, second, FALSE);
  answer (f->store, f->case_id, "S4.02t", "first's car parks");
  answer (f->store, second, "S4.02t", "second's car parks");
  check_kept (f, f->case_id, "possible", f->store, NULL);
  check_kept (f, second, "clear", f->store, NULL);
}

/* A signed case reopened (a new revision, its outcome copied from the
 * one before, the screening of the one before carried into it), then
 * saved and screened by the store that reopened it and by others. */
static void
test_reopened (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(PbCaseStore) sam = open_other (f, "sam", PB_ROLE_SALES);
  g_autoptr(GBytes) report = g_bytes_new_static ("%PDF-1.7 signed", 15);
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, report);
  g_autoptr(PbSignOff) sign_off = NULL;
  g_autoptr(GError) error = NULL;
  PbCaseStore *bob;

  screen (f->store, f->case_id, FALSE);
  answer (f->store, f->case_id, "S1.01", "before the sign-off");
  g_assert_true (pb_case_store_submit (f->store, f->case_id, &error));
  g_assert_no_error (error);
  check_kept (f, f->case_id, "clear", f->store, NULL);

  bob = store_fixture_act_as (&f->base, "bob");
  sign_off = pb_test_sign (bob, f->case_id, "bob", PB_CASE_STATUS_APPROVED, "Car parks", NULL, sha, report, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sign_off);
  g_assert_cmpuint (pb_case_store_reopen (bob, f->case_id, "A new site", &error), ==, 2);
  g_assert_no_error (error);
  check_kept (f, f->case_id, "clear", bob, NULL);

  /* The store that last rated revision 1 saves revision 2. */
  answer (f->store, f->case_id, "S1.01", "after the reopening");
  check_kept (f, f->case_id, "clear", f->store, NULL);
  screen (sam, f->case_id, TRUE);
  answer (f->store, f->case_id, "S4.02t", "and a new site");
  check_kept (f, f->case_id, "possible", f->store, NULL);
  answer (sam, f->case_id, "S4.02t", "sam's site");
  check_kept (f, f->case_id, "possible", sam, f->store, NULL);
  screen (f->store, f->case_id, FALSE);
  answer (sam, f->case_id, "S1.01", "sam's words");
  check_kept (f, f->case_id, "clear", sam, f->store, NULL);
}

/* A reviewer adopts for a hit of one case the decision taken in
 * another (one write that locks both cases): each case's kept outcome is
 * its own, and the sales person's next save, with a replay from before
 * the adoption, rates with it. */
static void
test_adopted (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(PbCaseStore) bob = open_other (f, "bob", PB_ROLE_REVIEWER);
  g_autoptr(PbCaseScreening) decided = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *second = new_case (f);
  g_autofree char *hit = NULL;
  g_autofree char *prior = NULL;
  g_autofree char *offering = NULL;
  PbCaseHit *cleared;

  if (store_fixture_on_server (&f->base))
    {
      g_autofree char *sql = g_strdup_printf ("SET session_replication_role = replica;"
                                              "UPDATE probity.cases SET submitted = true WHERE id IN ('%s', '%s')",
                                              f->case_id, second);

      store_server_exec (f->base.server, f->base.database, sql);
    }

  screen (f->store, f->case_id, TRUE);
  hit = latest_hit (bob, f->case_id);
  g_assert_true (pb_case_store_decide_hit (bob, f->case_id, hit, PB_HIT_CLEARED, "Another bureau", &error));
  g_assert_no_error (error);
  g_clear_pointer (&hit, g_free);
  check_kept (f, f->case_id, "clear", bob, NULL);

  decided = pb_case_store_get_screening (bob, f->case_id, 0, &error);
  g_assert_no_error (error);
  cleared = g_ptr_array_index (pb_case_screening_get_latest (decided)->hits, 0);
  g_assert_cmpuint (cleared->decided_event, >, 0);
  prior = g_strdup_printf ("{\"case\": \"%s\", \"event\": %u, \"decision\": \"cleared\", \"by\": \"%s\", "
                           "\"at\": \"%s\", \"reason\": \"Another bureau\", \"party\": \"customer\", "
                           "\"entry_sha256\": \"%s\"}",
                           f->case_id, cleared->decided_event, cleared->decided_by, cleared->decided_at,
                           cleared->entry_sha256);
  offering = screening_json_offering (TRUE, prior);
  g_assert_cmpuint (pb_case_store_record_screening (f->store, second, offering, &error), >, 0);
  g_assert_no_error (error);
  answer (f->store, second, "S1.01", "offered a decision");
  check_kept (f, second, "possible", f->store, NULL);
  answer (f->store, f->case_id, "S1.01", "the first case");

  check_kept (f, second, "possible", bob, NULL);
  hit = latest_hit (bob, second);
  g_assert_true (pb_case_store_adopt_prior_decision (bob, second, hit, f->case_id, &error));
  g_assert_no_error (error);
  check_kept (f, second, "clear", bob, NULL);
  check_kept (f, f->case_id, "clear", bob, NULL);

  answer (f->store, second, "S1.01", "after the adoption");
  check_kept (f, second, "clear", f->store, NULL);
  answer (f->store, f->case_id, "S1.01", "the first case again");
  check_kept (f, f->case_id, "clear", f->store, NULL);
}

/* On a server: a save whose connection is lost before its COMMIT
 * arrives is made again (_pb_case_store_retry ()), in a new transaction;
 * meanwhile another person screened the case and found its customer. The
 * first attempt's rating moved the store's replay to an event that was
 * never saved, at the number the screening took: the attempt made again
 * must rate with the screening, not with what the lost write kept. */
typedef struct
{
  Fixture     *f;
  PbCaseStore *other;
  gboolean     hit;       /* the other records a screening; else an answer */
  gboolean     done;
} Between;

static void
write_between (PbDbPg   *db,
               gboolean  sent,
               gpointer  data)
{
  Between *b = data;
  g_autofree char *sql = NULL;
  g_autofree char *pid = NULL;
  g_autofree char *end = NULL;

  if (b->done || sent)
    return;
  b->done = TRUE;

  /* alice's session, which holds the case's lock until it ends. */
  sql = g_strdup_printf ("SELECT pid FROM pg_stat_activity WHERE usename = 'alice' AND datname = '%s'"
                         "   AND state = 'idle in transaction'", b->f->base.database);
  pid = store_server_query (b->f->base.server, "postgres", sql);
  g_assert_nonnull (pid);
  end = g_strdup_printf ("SELECT pg_terminate_backend (%s, 10000)", pid);
  store_server_exec (b->f->base.server, "postgres", end);

  if (b->hit)
    screen (b->other, b->f->case_id, TRUE);
  else
    answer (b->other, b->f->case_id, "S4.02t", "written between");
}

static void
test_made_again (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(PbCaseStore) sam = NULL;
  guint n_events;

  if (!store_fixture_needs_server (&f->base))
    return;

  sam = open_other (f, "sam", PB_ROLE_SALES);
  for (guint hit = 0; hit < 2; hit++)
    {
      Between between = { f, sam, hit, FALSE };

      /* This store's replay at the head, as after any save. */
      answer (f->store, f->case_id, "S1.01", "before");
      n_events = check_kept (f, f->case_id, "clear", f->store, NULL);

      pb_db_pg_set_commit_hook (PB_DB_PG (f->store->db), write_between, &between);
      answer (f->store, f->case_id, "S1.01", hit ? "made again after a screening" : "made again after an answer");
      pb_db_pg_set_commit_hook (PB_DB_PG (f->store->db), NULL, NULL);
      g_assert_true (between.done);

      /* The other's event and the save, once each. */
      g_assert_cmpuint (check_kept (f, f->case_id, hit ? "possible" : "clear", f->store, sam, NULL), ==, n_events + 2);
      if (!hit)
        {
          screen (sam, f->case_id, TRUE);
          check_kept (f, f->case_id, "possible", sam, NULL);
          screen (sam, f->case_id, FALSE);
        }
    }

  /* And the session ended between two saves: the next reconnects. */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT pg_terminate_backend (pid, 10000) FROM pg_stat_activity"
                                            " WHERE usename = 'alice' AND datname = '%s'", f->base.database);

    store_server_exec (f->base.server, "postgres", sql);
  }
  screen (sam, f->case_id, FALSE);
  answer (f->store, f->case_id, "S1.01", "after the session ended");
  check_kept (f, f->case_id, "clear", f->store, sam, NULL);
}

/* A file opened by a build whose rating method differs from the one that
 * kept its outcomes rates every revision again (make_caches_current ()),
 * in one write that read no case's state. */
static void
test_caches_refreshed (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *second = NULL;

  if (!store_fixture_needs_file (&f->base, "cache-method kept in a file"))
    return;

  second = new_case (f);
  screen (f->store, f->case_id, TRUE);
  answer (f->store, f->case_id, "S1.01", "screened");
  answer (f->store, second, "S1.01", "not screened");
  g_clear_object (&f->store);
  g_clear_object (&f->base.store);

  store_sqlite_exec (f->base.path,
                     "UPDATE meta SET value = '0' WHERE key = 'cache-method';"
                     "UPDATE revisions SET outcome = 'do-not-proceed', n_answers = 0");
  f->store = pb_case_store_new (f->base.path, &error);
  g_assert_no_error (error);
  pb_test_act_as (f->store, "alice");
  check_kept (f, f->case_id, "possible", f->store, NULL);
  check_kept (f, second, "clear", f->store, NULL);
  answer (f->store, second, "S1.01", "then saved");
  answer (f->store, f->case_id, "S1.01", "then saved");
  check_kept (f, f->case_id, "possible", f->store, NULL);
  check_kept (f, second, "clear", f->store, NULL);
}

/* A case file that carries on a case this file holds brings it up to
 * the file's history (fast_forward_locked ()), past append_event ():
 * the store that imports it, whose replay ended at the older head, rates
 * it with the screening the file brought, and saves on top of it. */
static void
test_imported_on_top (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *file = NULL;
  g_autofree char *other_path = NULL;
  g_autoptr(PbCaseStore) other = NULL;
  g_autoptr(PbEvaluation) evaluation = NULL;
  g_autoptr(PbCaseInfo) kept = NULL;
  g_autoptr(GError) error = NULL;
  guint n_events = 0, n_broken = 0;

  if (!store_fixture_needs_file (&f->base, "case files"))
    return;

  file = g_build_filename (f->base.dir, "case.probity", NULL);
  other_path = g_build_filename (f->base.dir, "other.db", NULL);
  other = pb_case_store_new (other_path, &error);
  g_assert_no_error (error);
  pb_test_act_as (other, "alice");

  answer (f->store, f->case_id, "S1.01", "exported once");
  pb_case_store_export_case (f->store, f->case_id, file, &error);
  g_assert_no_error (error);
  pb_case_store_import_case (other, file, NULL, NULL, &error);
  g_assert_no_error (error);
  /* The importing store's replay at the head it imported. */
  evaluation = pb_case_store_evaluate (other, f->case_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pb_evaluation_get_outcome (evaluation), ==, PB_OUTCOME_PROCEED);
  g_clear_object (&evaluation);

  screen (f->store, f->case_id, TRUE);
  answer (f->store, f->case_id, "S1.01", "exported twice");
  g_unlink (file);
  pb_case_store_export_case (f->store, f->case_id, file, &error);
  g_assert_no_error (error);
  pb_case_store_import_case (other, file, NULL, NULL, &error);
  g_assert_no_error (error);

  /* Kept and rated in the importing file as the file's own store does. */
  kept = pb_case_store_get_case (other, f->case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pb_case_info_get_outcome (kept), ==, PB_OUTCOME_HOLD);
  evaluation = pb_case_store_evaluate (other, f->case_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pb_evaluation_get_outcome (evaluation), ==, PB_OUTCOME_HOLD);
  g_clear_object (&evaluation);
  g_clear_object (&kept);

  /* A save on top of the imported history, by the store that imported it. */
  answer (other, f->case_id, "S1.01", "saved after the import");
  kept = pb_case_store_get_case (other, f->case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pb_case_info_get_outcome (kept), ==, PB_OUTCOME_HOLD);
  g_assert_true (pb_case_store_verify_case (other, f->case_id, &n_events, &n_broken, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_broken, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/pb/store-written/turns", Fixture, NULL, fixture_set_up, test_turns, fixture_tear_down);
  g_test_add ("/pb/store-written/own-screening", Fixture, NULL, fixture_set_up, test_own_screening,
              fixture_tear_down);
  g_test_add ("/pb/store-written/two-cases", Fixture, NULL, fixture_set_up, test_two_cases, fixture_tear_down);
  g_test_add ("/pb/store-written/reopened", Fixture, NULL, fixture_set_up, test_reopened, fixture_tear_down);
  g_test_add ("/pb/store-written/adopted", Fixture, NULL, fixture_set_up, test_adopted, fixture_tear_down);
  g_test_add ("/pb/store-written/made-again", Fixture, NULL, fixture_set_up, test_made_again, fixture_tear_down);
  g_test_add ("/pb/store-written/caches-refreshed", Fixture, NULL, fixture_set_up, test_caches_refreshed,
              fixture_tear_down);
  g_test_add ("/pb/store-written/imported-on-top", Fixture, NULL, fixture_set_up, test_imported_on_top,
              fixture_tear_down);

  return g_test_run ();
}
