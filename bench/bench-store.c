/* bench-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fills a case database with 10,000 cases of 80 answers each (and their
 * history events), then prints the median time to list and filter the cases
 * by customer name, status and outcome (target < 50 ms), and the autosave
 * latency of one answer, p50 and p99 (target p99 < 20 ms).
 *
 *   bench-store QUESTIONNAIRE.xml [N_CASES [DB]]
 *
 * With DB the database is kept, and reused when it exists.
 *
 * The bulk data goes in with plain SQL in one transaction, since building
 * it through the autosaving API would time fsync 800,000 times; the
 * measurements then use the API.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bench-common.h"
#include "pb-case-store.h"

#define LIST_RUNS     9
#define AUTOSAVE_RUNS 300
#define N_ANSWERS     80

/* Everything the benchmarks write is written by one sales person. */
static PbActor *
bench_actor (void)
{
  static PbActor *actor;

  if (actor == NULL)
    actor = pb_actor_new ("bench", PB_ROLE_SALES, NULL);

  return actor;
}

static const char * const statuses[] = { "draft", "draft", "draft", "submitted", "approved", "approved-with-conditions", "rejected", "signed" };
static const char * const outcomes[] = { "proceed", "proceed-with-conditions", "consult-authority", "incomplete", "do-not-proceed" };
static const char * const names[] = { "Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Tyrell", "Cyberdyne", "Soylent", "Hooli" };

static void
check (int         rc,
       sqlite3    *db,
       const char *what)
{
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    g_error ("%s: %s", what, sqlite3_errmsg (db));
}

static char *
random_hash (GRand *rand)
{
  GString *hash = g_string_sized_new (64);

  for (guint i = 0; i < 8; i++)
    g_string_append_printf (hash, "%08x", g_rand_int (rand));

  return g_string_free (hash, FALSE);
}

/* Cases, revisions, answers and events in bulk, shaped like the real ones. */
static void
fill (const char      *path,
      PbQuestionnaire *questionnaire,
      guint            n_cases)
{
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(PbProduct) product = NULL;
  g_autoptr(GPtrArray) customers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GError) error = NULL;
  g_autofree char *first_case = NULL;
  sqlite3_stmt *insert_case, *insert_revision, *insert_answer, *insert_event, *update_head;
  const char *sha256;
  sqlite3 *db;

  store = pb_case_store_new (path, &error);

  pb_case_store_set_actor (store, bench_actor ());
  g_assert_no_error (error);
  product = pb_case_store_add_product (store, "EyeCam", "4.2", "camera", NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 500; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s %u Ltd", names[i % G_N_ELEMENTS (names)], i);
      PbCustomer *customer = pb_case_store_add_customer (store, name, NULL, "FR", NULL, NULL, &error);

      g_assert_no_error (error);
      g_ptr_array_add (customers, customer);
    }
  /* One real case pins the questionnaire. */
  first_case = pb_case_store_create_case (store, pb_customer_get_uid (g_ptr_array_index (customers, 0)),
                                          pb_product_get_uid (product), questionnaire, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  sha256 = pb_questionnaire_get_sha256 (questionnaire);
  check (sqlite3_open (path, &db), db, "open");
  check (sqlite3_exec (db, "PRAGMA foreign_keys = ON; PRAGMA cache_size = -262144; BEGIN", NULL, NULL, NULL), db, "begin");
  check (sqlite3_prepare_v2 (db, "INSERT INTO cases (id, customer_uid, product_uid, questionnaire_sha256, created, created_by,"
                                 " current_revision, updated, head_seq, head_hash) VALUES (?1, ?2, ?3, ?4, ?5, 'bench', 1, ?5, ?6, ?7)",
                             -1, &insert_case, NULL), db, "prepare");
  check (sqlite3_prepare_v2 (db, "INSERT INTO revisions (case_id, revision, status, created, outcome, n_answers)"
                                 " VALUES (?1, 1, ?2, ?3, ?4, ?5)", -1, &insert_revision, NULL), db, "prepare");
  check (sqlite3_prepare_v2 (db, "INSERT INTO answers (case_id, revision, question_id, value, user, updated)"
                                 " VALUES (?1, 1, ?2, ?3, 'bench', ?4)", -1, &insert_answer, NULL), db, "prepare");
  check (sqlite3_prepare_v2 (db, "INSERT INTO events (case_id, seq, revision, time, user, kind, question_id, new_value, prev_hash, hash)"
                                 " VALUES (?1, ?2, 1, ?3, 'bench', ?4, ?5, ?6, ?7, ?8)", -1, &insert_event, NULL), db, "prepare");
  check (sqlite3_prepare_v2 (db, "UPDATE cases SET head_hash = ?2 WHERE id = ?1", -1, &update_head, NULL), db, "prepare");

  for (guint c = 1; c < n_cases; c++)
    {
      g_autofree char *case_id = g_strdup_printf ("C-2026-%08X", c);
      g_autofree char *time = g_strdup_printf ("2026-%02u-%02uT%02u:%02u:00.000000Z", 1 + c % 12, 1 + c % 28, c % 24, c % 60);
      g_autofree char *prev = g_strdup ("0000000000000000000000000000000000000000000000000000000000000000");
      PbCustomer *customer = g_ptr_array_index (customers, g_rand_int_range (rand, 0, customers->len));

      for (guint e = 0; e <= N_ANSWERS; e++)
        {
          g_autofree char *hash = random_hash (rand);
          g_autofree char *question = e > 0 ? g_strdup_printf ("T%02u", e) : NULL;
          g_autofree char *value = e > 0 ? g_strdup_printf ("\"answer %u of %s\"", e, case_id) : g_strdup (sha256);

          if (e > 0)
            {
              sqlite3_reset (insert_answer);
              sqlite3_bind_text (insert_answer, 1, case_id, -1, SQLITE_STATIC);
              sqlite3_bind_text (insert_answer, 2, question, -1, SQLITE_STATIC);
              sqlite3_bind_text (insert_answer, 3, value, -1, SQLITE_STATIC);
              sqlite3_bind_text (insert_answer, 4, time, -1, SQLITE_STATIC);
            }

          sqlite3_reset (insert_event);
          sqlite3_bind_text (insert_event, 1, case_id, -1, SQLITE_STATIC);
          sqlite3_bind_int (insert_event, 2, e + 1);
          sqlite3_bind_text (insert_event, 3, time, -1, SQLITE_STATIC);
          sqlite3_bind_text (insert_event, 4, e > 0 ? "answer-set" : "case-created", -1, SQLITE_STATIC);
          sqlite3_bind_text (insert_event, 5, question, -1, SQLITE_STATIC);
          sqlite3_bind_text (insert_event, 6, value, -1, SQLITE_STATIC);
          sqlite3_bind_text (insert_event, 7, prev, -1, SQLITE_STATIC);
          sqlite3_bind_text (insert_event, 8, hash, -1, SQLITE_STATIC);

          if (e == 0)
            {
              sqlite3_reset (insert_case);
              sqlite3_bind_text (insert_case, 1, case_id, -1, SQLITE_STATIC);
              sqlite3_bind_text (insert_case, 2, pb_customer_get_uid (customer), -1, SQLITE_STATIC);
              sqlite3_bind_text (insert_case, 3, pb_product_get_uid (product), -1, SQLITE_STATIC);
              sqlite3_bind_text (insert_case, 4, sha256, -1, SQLITE_STATIC);
              sqlite3_bind_text (insert_case, 5, time, -1, SQLITE_STATIC);
              sqlite3_bind_int (insert_case, 6, N_ANSWERS + 1);
              sqlite3_bind_text (insert_case, 7, "-", -1, SQLITE_STATIC);
              check (sqlite3_step (insert_case), db, "case");

              sqlite3_reset (insert_revision);
              sqlite3_bind_text (insert_revision, 1, case_id, -1, SQLITE_STATIC);
              sqlite3_bind_text (insert_revision, 2, statuses[g_rand_int_range (rand, 0, G_N_ELEMENTS (statuses))], -1, SQLITE_STATIC);
              sqlite3_bind_text (insert_revision, 3, time, -1, SQLITE_STATIC);
              sqlite3_bind_text (insert_revision, 4, outcomes[g_rand_int_range (rand, 0, G_N_ELEMENTS (outcomes))], -1, SQLITE_STATIC);
              sqlite3_bind_int (insert_revision, 5, N_ANSWERS);
              check (sqlite3_step (insert_revision), db, "revision");
            }
          else
            check (sqlite3_step (insert_answer), db, "answer");

          check (sqlite3_step (insert_event), db, "event");
          g_free (prev);
          prev = g_steal_pointer (&hash);
        }

      sqlite3_reset (update_head);
      sqlite3_bind_text (update_head, 1, case_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (update_head, 2, prev, -1, SQLITE_STATIC);
      check (sqlite3_step (update_head), db, "head");
    }

  sqlite3_finalize (insert_case);
  sqlite3_finalize (insert_revision);
  sqlite3_finalize (insert_answer);
  sqlite3_finalize (insert_event);
  sqlite3_finalize (update_head);
  check (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), db, "commit");
  sqlite3_close (db);
}

/* Median wall and CPU milliseconds of listing with @filter. */
static void
time_list (PbCaseStore        *store,
           const PbCaseFilter *filter,
           double             *wall_ms,
           double             *cpu,
           guint              *n_items)
{
  double wall[LIST_RUNS];
  double cpu_runs[LIST_RUNS];

  for (guint i = 0; i < LIST_RUNS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GListModel) list = NULL;
      gint64 start = g_get_monotonic_time ();
      double cpu_start = bench_cpu_ms ();

      list = pb_case_store_list_cases (store, filter, &error);
      g_assert_no_error (error);
      wall[i] = (g_get_monotonic_time () - start) / 1000.0;
      cpu_runs[i] = bench_cpu_ms () - cpu_start;
      *n_items = g_list_model_get_n_items (list);
    }

  *wall_ms = bench_median (wall, LIST_RUNS);
  *cpu = bench_median (cpu_runs, LIST_RUNS);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *case_id = NULL;
  guint n_cases = argc > 2 ? (guint)atoi (argv[2]) : 10000;
  double latencies[AUTOSAVE_RUNS];
  struct {
    const char   *what;
    PbCaseFilter  filter;
  } lists[] = {
    { "all cases",                 { NULL, NULL, -1, -1 } },
    { "customer name \"acme\"",    { "acme", NULL, -1, -1 } },
    { "customer name \"globex 4\"", { "globex 4", NULL, -1, -1 } },
    { "status submitted",          { NULL, NULL, PB_CASE_STATUS_SUBMITTED, -1 } },
    { "outcome do-not-proceed",    { NULL, NULL, -1, PB_OUTCOME_DO_NOT_PROCEED } },
    { "acme + draft + incomplete", { "acme", NULL, PB_CASE_STATUS_DRAFT, PB_OUTCOME_INCOMPLETE } },
  };
  gint64 start;
  GStatBuf st;

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s QUESTIONNAIRE.xml [N_CASES]\n", argv[0]);
      return 2;
    }

  file = g_file_new_for_path (argv[1]);
  questionnaire = pb_questionnaire_new_from_file (file, &error);
  g_assert_no_error (error);

  if (argc > 3)
    path = g_strdup (argv[3]);
  else
    {
      dir = g_dir_make_tmp ("pb-bench-store-XXXXXX", &error);
      g_assert_no_error (error);
      path = g_build_filename (dir, "bench.db", NULL);
    }

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      start = g_get_monotonic_time ();
      fill (path, questionnaire, n_cases);
      g_stat (path, &st);
      printf ("filled %u cases x %d answers (+ history) in %.1f s, %.0f MB\n",
              n_cases, N_ANSWERS, (g_get_monotonic_time () - start) / 1e6, st.st_size / 1e6);
    }

  start = g_get_monotonic_time ();
  store = pb_case_store_new (path, &error);
  pb_case_store_set_actor (store, bench_actor ());
  g_assert_no_error (error);
  printf ("open (quick_check runs only on files up to 64 MB): %.1f ms\n", (g_get_monotonic_time () - start) / 1000.0);

  printf ("list, median of %d:\n", LIST_RUNS);
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      g_autofree char *what = NULL;
      guint n_items = 0;
      double wall, cpu;

      time_list (store, &lists[i].filter, &wall, &cpu, &n_items);
      what = g_strdup_printf ("%s (%u cases; CPU %.1f ms)", lists[i].what, n_items, cpu);
      bench_figure (what, wall, "ms", "<", 50);
    }

  /* Autosave into a case that already has 80 answers' worth of history. */
  case_id = g_strdup ("C-2026-00000001");
  for (guint i = 0; i < AUTOSAVE_RUNS; i++)
    {
      g_autofree char *question = g_strdup_printf ("T%02u", i % N_ANSWERS + 1);
      g_autofree char *value = g_strdup_printf ("autosaved %u", i);
      g_autoptr(PbAnswer) answer = pb_answer_new_string (value);

      start = g_get_monotonic_time ();
      pb_case_store_set_answer (store, case_id, question, answer, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      latencies[i] = (g_get_monotonic_time () - start) / 1000.0;
    }
  bench_median (latencies, AUTOSAVE_RUNS);   /* sorts them */
  printf ("autosave of one answer (%d runs, synchronous=FULL):\n", AUTOSAVE_RUNS);
  bench_figure ("p50", latencies[AUTOSAVE_RUNS / 2], "ms", NULL, 0);
  bench_figure ("p99", latencies[AUTOSAVE_RUNS * 99 / 100], "ms", "<", 20);

  g_clear_object (&store);
  if (dir != NULL)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (dir);
    }

  return 0;
}
