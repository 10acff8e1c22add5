/* bench-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The case list at 100,000 cases. Fills a database once (and keeps it) with
 * cases answered as the judgement suite's real deals are (their answers,
 * comments, evidence file names and history events), then for each filter
 * and search the case list offers prints:
 *
 * - what a view waits for: pb_case_store_list_cases_for_view() (its first
 *   thousand cases) and the first page of rows (goal < 50 ms);
 * - every row of the result read through the list, against the best
 *   indexed query for the same rows, columns and order run in the sqlite3
 *   shell (goal ≤ 3 ×).
 *
 * Then every case exported to a CSV and an ODS file as the window and
 * `case export --format` do (goal < 5 s each), and the autosave latency of
 * one answer, p50 and p99 (goal p99 < 20 ms), split into the saving
 * thread's CPU time, its wait for its sync of the WAL (counted by a VFS
 * that counts every sync: one per save) and the rest, beside the disk's
 * fsync latency measured after each save: a durable commit waits for one
 * fsync, so no store beats that floor.
 *
 *   bench-store [--fill | --only=list[:TEXT]|export|autosave] QUESTIONNAIRE.xml CASES-DIR [N_CASES [DB]]
 *
 * --fill only makes the database (for bench-gui and bench-startup);
 * --only runs one part (list:TEXT, the lists whose names hold TEXT).
 * With DB the database is kept, and reused while it holds N_CASES cases of
 * this schema. The bulk data goes in with plain SQL in one transaction,
 * with the triggers off, then the search index is built as the migration
 * builds it: through the autosaving API it would time fsync 9,000,000
 * times. The measurements then use the API.
 */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench-common.h"
#include "bench-deals.h"
#include "pb-case-export.h"
#include "pb-case-store.h"
#include "sync-counter.h"

#define LIST_RUNS     9
#define FULL_RUNS     3
#define AUTOSAVE_RUNS 300
#define N_CUSTOMERS   20000
#define N_PRODUCTS    300
/* Cases whose comments name this tender: a word few cases have. */
#define RARE_WORD     "Zephyrine"
#define RARE_EVERY    5000

/* Everything the benchmarks write is written by one sales person. */
static PbActor *
bench_actor (void)
{
  static PbActor *actor;

  if (actor == NULL)
    actor = pb_actor_new ("bench", PB_ROLE_SALES, NULL);

  return actor;
}

/* Most cases of a few years are done: signed, or still drafts. */
static const char * const statuses[] = {
  "draft", "draft", "draft", "submitted", "approved", "approved-with-conditions", "rejected",
  "signed", "signed", "signed", "signed", "signed",
};
static const char * const decisions[] = { "approved", "approved", "approved-with-conditions", "rejected" };
static const char * const names[] = {
  "Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Tyrell", "Cyberdyne", "Soylent", "Hooli",
  "Northwind", "Contoso", "Fabrikam", "Vandelay", "Wonka", "Aperture", "Oscorp", "Massive", "Dunder", "Pied Piper",
};
static const char * const kinds[] = { "Police Department", "Ministry of Interior", "Telecom", "Systems Integrator",
                                       "Security Ltd", "City Council", "Airport Authority", "Retail Group" };
static const char * const countries[] = { "SE", "CN", "NL", "DE", "FR", "US", "BR", "IN", "AE", "KE", "EG", "VN" };
static const char * const families[] = { "camera", "biometric", "video-analytics", "network-monitoring", "forensics" };
static const char * const comments[] = {
  "Confirmed with the customer's compliance officer by phone.",
  "See the end-user statement attached to this answer.",
  "Checked against the EU consolidated list and the OFAC SDN list.",
  "The integrator says the police will not connect it to a face database.",
  "Taken from the tender documents, section 4.2.",
  "Our export control officer reviewed the licence requirement.",
};

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

typedef struct
{
  char      **question_ids;   /* in questionnaire order */
  char      **values;         /* canonical JSON */
  guint       n_answers;
  const char *outcome;
} Template;

static void
template_clear (Template *t)
{
  g_strfreev (t->question_ids);
  g_strfreev (t->values);
}

/* What each deal's answers look like in the store, and its outcome. */
static GArray *
make_templates (PbQuestionnaire *questionnaire,
                GPtrArray       *deals)
{
  GArray *templates = g_array_new (FALSE, TRUE, sizeof (Template));

  g_array_set_clear_func (templates, (GDestroyNotify) template_clear);
  for (guint d = 0; d < deals->len; d++)
    {
      BenchDeal *deal = g_ptr_array_index (deals, d);
      g_autoptr(PbEvaluation) evaluation = pb_evaluate (questionnaire, deal->answers);
      g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
      g_autoptr(GStrvBuilder) values = g_strv_builder_new ();
      Template t = { 0 };

      for (guint i = 0; i < pb_questionnaire_get_n_questions (questionnaire); i++)
        {
          const char *id = pb_question_get_id (pb_questionnaire_get_question (questionnaire, i));
          PbAnswer *answer = pb_answer_set_lookup (deal->answers, id);
          g_autofree char *json = NULL;

          if (answer == NULL)
            continue;
          json = pb_answer_to_json (answer);
          g_strv_builder_add (ids, id);
          g_strv_builder_add (values, json);
          t.n_answers++;
        }
      t.question_ids = g_strv_builder_end (ids);
      t.values = g_strv_builder_end (values);
      t.outcome = pb_outcome_to_string (pb_evaluation_get_outcome (evaluation));
      g_array_append_val (templates, t);
    }

  return templates;
}

static void
bind_texts (sqlite3_stmt *stmt,
            guint         n,
            ...)
{
  va_list args;

  sqlite3_reset (stmt);
  va_start (args, n);
  for (guint i = 0; i < n; i++)
    sqlite3_bind_text (stmt, i + 1, va_arg (args, const char *), -1, SQLITE_TRANSIENT);
  va_end (args);
}

/* Customers, products, cases, revisions, answers, evidence and events. */
static void
fill (const char      *path,
      PbQuestionnaire *questionnaire,
      GArray          *templates,
      guint            n_cases)
{
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(PbCustomer) first_customer = NULL;
  g_autoptr(PbProduct) first_product = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GError) error = NULL;
  g_autofree char *first_case = NULL;
  g_autofree char *statement_sha = NULL;
  sqlite3_stmt *insert_customer, *insert_product, *insert_case, *insert_revision, *insert_answer, *insert_event,
               *insert_evidence, *update_head;
  const char *sha256 = pb_questionnaire_get_sha256 (questionnaire);
  sqlite3 *db;

  /* The schema, and one case made through the API, which pins the
   * questionnaire. */
  store = pb_case_store_new (path, &error);
  g_assert_no_error (error);
  pb_case_store_set_actor (store, bench_actor ());
  first_customer = pb_case_store_add_customer (store, "Acme 0 Police Department", NULL, "SE", "police", NULL, &error);
  g_assert_no_error (error);
  first_product = pb_case_store_add_product (store, "Camera 0", "1.0", "camera", NULL, &error);
  g_assert_no_error (error);
  first_case = pb_case_store_create_case (store, pb_customer_get_uid (first_customer),
                                          pb_product_get_uid (first_product), questionnaire, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  check (sqlite3_open (path, &db), db, "open");
  /* Bulk rows in one go: the search index is built once at the end. */
  check (sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL), db, "triggers off");
  check (sqlite3_exec (db, "PRAGMA cache_size = -262144; BEGIN", NULL, NULL, NULL), db, "begin");
  check (sqlite3_prepare_v2 (db, "INSERT INTO customers (uid, name, aliases, country, entity_type, created)"
                                 " VALUES (?1, ?2, ?3, ?4, 'police', '2024-01-01T00:00:00.000000Z')",
                             -1, &insert_customer, NULL), db, "prepare");
  check (sqlite3_prepare_v2 (db, "INSERT INTO products (uid, name, version, family, created)"
                                 " VALUES (?1, ?2, '1.0', ?3, '2024-01-01T00:00:00.000000Z')",
                             -1, &insert_product, NULL), db, "prepare");
  check (sqlite3_prepare_v2 (db, "INSERT INTO cases (id, customer_uid, product_uid, questionnaire_sha256, created, created_by,"
                                 " current_revision, updated, head_seq, head_hash) VALUES (?1, ?2, ?3, ?4, ?5, 'bench', 1, ?6, ?7, '-')",
                             -1, &insert_case, NULL), db, "prepare");
  check (sqlite3_prepare_v2 (db, "INSERT INTO revisions (case_id, revision, status, decision, reason, created, outcome, n_answers)"
                                 " VALUES (?1, 1, ?2, ?3, ?4, ?5, ?6, ?7)", -1, &insert_revision, NULL), db, "prepare");
  check (sqlite3_prepare_v2 (db, "INSERT INTO answers (case_id, revision, question_id, value, comment, user, updated)"
                                 " VALUES (?1, 1, ?2, ?3, ?4, 'bench', ?5)", -1, &insert_answer, NULL), db, "prepare");
  check (sqlite3_prepare_v2 (db, "INSERT INTO evidence (case_id, revision, question_id, file_name, media_type, sha256, size,"
                                 " added_by, added) VALUES (?1, 1, ?2, ?3, 'application/pdf', ?4, 4, 'bench', ?5)",
                             -1, &insert_evidence, NULL), db, "prepare");
  check (sqlite3_prepare_v2 (db, "INSERT INTO events (case_id, seq, revision, time, user, kind, question_id, new_value,"
                                 " prev_hash, hash, role) VALUES (?1, ?2, 1, ?3, 'bench', ?4, ?5, ?6, ?7, ?8, 'sales')",
                             -1, &insert_event, NULL), db, "prepare");
  check (sqlite3_prepare_v2 (db, "UPDATE cases SET head_hash = ?2 WHERE id = ?1", -1, &update_head, NULL), db, "prepare");

  /* One evidence file, attached to many cases. */
  statement_sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "scan", 4);
  {
    sqlite3_stmt *insert_blob;

    check (sqlite3_prepare_v2 (db, "INSERT INTO blobs (sha256, size, content) VALUES (?1, 4, CAST ('scan' AS BLOB))",
                               -1, &insert_blob, NULL), db, "prepare");
    bind_texts (insert_blob, 1, statement_sha);
    check (sqlite3_step (insert_blob), db, "blob");
    sqlite3_finalize (insert_blob);
  }

  for (guint i = 1; i < N_CUSTOMERS; i++)
    {
      g_autofree char *uid = g_strdup_printf ("customer-%05u", i);
      g_autofree char *name = g_strdup_printf ("%s %u %s", names[i % G_N_ELEMENTS (names)], i,
                                               kinds[(i / G_N_ELEMENTS (names)) % G_N_ELEMENTS (kinds)]);
      g_autofree char *alias = g_strdup_printf ("%s Holding %u", names[(i + 7) % G_N_ELEMENTS (names)], i);

      bind_texts (insert_customer, 4, uid, name, alias, countries[i % G_N_ELEMENTS (countries)]);
      check (sqlite3_step (insert_customer), db, "customer");
    }
  for (guint i = 1; i < N_PRODUCTS; i++)
    {
      g_autofree char *uid = g_strdup_printf ("product-%03u", i);
      g_autofree char *name = g_strdup_printf ("%s %u", families[i % G_N_ELEMENTS (families)], i);

      bind_texts (insert_product, 3, uid, name, families[i % G_N_ELEMENTS (families)]);
      check (sqlite3_step (insert_product), db, "product");
    }

  for (guint c = 1; c < n_cases; c++)
    {
      const Template *t = &g_array_index (templates, Template, c % templates->len);
      g_autofree char *case_id = g_strdup_printf ("C-2026-%08X", c);
      g_autofree char *customer = g_strdup_printf ("customer-%05u", 1 + g_rand_int_range (rand, 0, N_CUSTOMERS - 1));
      g_autofree char *product = g_strdup_printf ("product-%03u", 1 + g_rand_int_range (rand, 0, N_PRODUCTS - 1));
      /* Four years of cases, the newest last. */
      g_autoptr(GDateTime) start = g_date_time_new_utc (2022, 1, 1, 0, 0, 0);
      g_autoptr(GDateTime) created = g_date_time_add_seconds (start, (double) c * (4 * 365 * 86400.0 / n_cases));
      g_autofree char *time = g_date_time_format (created, "%Y-%m-%dT%H:%M:%S.000000Z");
      g_autofree char *prev = g_strdup ("0000000000000000000000000000000000000000000000000000000000000000");
      g_autofree char *head_seq = g_strdup_printf ("%u", t->n_answers + 1);
      /* Case 1 stays a draft: the autosave bench writes into it. */
      const char *status = c == 1 ? "draft" : statuses[g_rand_int_range (rand, 0, G_N_ELEMENTS (statuses))];
      const char *decision = NULL;
      g_autofree char *n_answers = g_strdup_printf ("%u", t->n_answers);

      if (g_str_equal (status, "signed"))
        decision = decisions[g_rand_int_range (rand, 0, G_N_ELEMENTS (decisions))];
      else if (g_str_has_prefix (status, "approved") || g_str_equal (status, "rejected"))
        decision = status;

      bind_texts (insert_case, 7, case_id, customer, product, sha256, time, time, head_seq);
      check (sqlite3_step (insert_case), db, "case");
      bind_texts (insert_revision, 7, case_id, status, decision, decision ? "Reviewed against the method." : NULL,
                  time, t->outcome, n_answers);
      check (sqlite3_step (insert_revision), db, "revision");

      for (guint e = 0; e <= t->n_answers; e++)
        {
          g_autofree char *hash = random_hash (rand);
          g_autofree char *seq = g_strdup_printf ("%u", e + 1);
          const char *question = e > 0 ? t->question_ids[e - 1] : NULL;
          const char *value = e > 0 ? t->values[e - 1] : sha256;

          if (e > 0)
            {
              g_autofree char *comment = NULL;

              if (c % RARE_EVERY == 7 && e == 1)
                comment = g_strdup ("Tender " RARE_WORD " of the regional bureau.");
              else if (g_rand_int_range (rand, 0, 5) == 0)
                comment = g_strdup (comments[g_rand_int_range (rand, 0, G_N_ELEMENTS (comments))]);
              bind_texts (insert_answer, 5, case_id, question, value, comment ? comment : "", time);
              check (sqlite3_step (insert_answer), db, "answer");
            }

          bind_texts (insert_event, 8, case_id, seq, time, e > 0 ? "answer-set" : "case-created", question, value,
                      prev, hash);
          check (sqlite3_step (insert_event), db, "event");
          g_free (prev);
          prev = g_steal_pointer (&hash);
        }

      if (c % 3 == 0)
        {
          g_autofree char *file_name = g_strdup_printf ("end-user-statement-%s.pdf", customer);

          bind_texts (insert_evidence, 5, case_id, t->question_ids[0], file_name, statement_sha, time);
          check (sqlite3_step (insert_evidence), db, "evidence");
        }

      bind_texts (update_head, 2, case_id, prev);
      check (sqlite3_step (update_head), db, "head");
    }

  sqlite3_finalize (insert_customer);
  sqlite3_finalize (insert_product);
  sqlite3_finalize (insert_case);
  sqlite3_finalize (insert_revision);
  sqlite3_finalize (insert_answer);
  sqlite3_finalize (insert_evidence);
  sqlite3_finalize (insert_event);
  sqlite3_finalize (update_head);

  /* The case list, as the migration builds it (SCHEMA.md). */
  check (sqlite3_exec (db,
                       "DELETE FROM case_list;"
                       "INSERT INTO case_list (case_id, updated, status, decision, outcome, customer_uid, product_uid)"
                       "  SELECT c.id, c.updated, r.status, r.decision, r.outcome, c.customer_uid, c.product_uid FROM cases c"
                       "    LEFT JOIN revisions r ON r.case_id = c.id AND r.revision = c.current_revision;"
                       "DELETE FROM search_text;"
                       "COMMIT;",
                       NULL, NULL, NULL), db, "case list");
  sqlite3_close (db);

  /* The search index: the store writes the documents of the cases that
   * have none when it opens a file for changes (its view calls a function
   * of the store's), then the index is merged and the tables analysed. */
  store = pb_case_store_new (path, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  check (sqlite3_open (path, &db), db, "open");
  check (sqlite3_exec (db, "INSERT INTO search_text (search_text) VALUES ('optimize'); ANALYZE;", NULL, NULL, NULL),
         db, "search index");
  sqlite3_close (db);
}

/* The number of cases in @path, or 0 when it is not a database of this
 * schema. */
static guint
count_cases (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n = 0;

  if (g_file_test (path, G_FILE_TEST_EXISTS) &&
      sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "SELECT (SELECT count(*) FROM cases) * (user_version = ?1)"
                              " * ((SELECT count(*) FROM case_list) = (SELECT count(*) FROM cases))"
                              " FROM pragma_user_version",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_int (stmt, 1, PB_CASE_STORE_SCHEMA_VERSION);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        n = sqlite3_column_int (stmt, 0);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return n;
}

/* The history events of @case_id: a save replays some of them. */
static guint
count_events (const char *path,
              const char *case_id)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n = 0;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "SELECT count(*) FROM events WHERE case_id = ?1", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, case_id, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        n = sqlite3_column_int (stmt, 0);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return n;
}

typedef struct
{
  const char   *what;
  PbCaseFilter  filter;
  /* The same rows, columns and order, as a person who knows the schema
   * and its indexes writes it for the sqlite3 shell. */
  const char   *best_sql;
} ListBench;

static void
bench_list (PbCaseStore     *store,
            const char      *path,
            const ListBench *bench)
{
  double first[LIST_RUNS], cpu[LIST_RUNS], full[FULL_RUNS];
  guint n_items = 0;
  double shell;

  /* What a view waits for: the ids, then the first page of rows. */
  for (guint i = 0; i < LIST_RUNS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GListModel) list = NULL;
      g_autoptr(GObject) item = NULL;
      double start = bench_now_ms (), cpu_start = bench_cpu_ms ();

      list = pb_case_store_list_cases_for_view (store, &bench->filter, &error);
      g_assert_no_error (error);
      item = g_list_model_get_item (list, 0);
      first[i] = bench_now_ms () - start;
      cpu[i] = bench_cpu_ms () - cpu_start;
    }

  /* Every row, as `case list` prints them. */
  for (guint i = 0; i < FULL_RUNS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GListModel) list = NULL;
      double start = bench_now_ms ();

      list = pb_case_store_list_cases (store, &bench->filter, &error);
      g_assert_no_error (error);
      n_items = g_list_model_get_n_items (list);
      for (guint j = 0; j < g_list_model_get_n_items (list); j++)
        g_object_unref (g_list_model_get_item (list, j));
      full[i] = bench_now_ms () - start;
    }
  shell = bench_shell_ms (path, (const char *[]) { bench->best_sql, NULL }, n_items, FULL_RUNS);

  printf ("  %s: %u cases\n", bench->what, n_items);
  {
    g_autofree char *what = g_strdup_printf ("  list and first page (CPU %.1f ms)", bench_median (cpu, LIST_RUNS));
    g_autofree char *ratio = g_strdup_printf ("  every row, ours / shell's best query (%.0f / %.0f ms)",
                                              bench_median (full, FULL_RUNS), shell);

    bench_figure (what, bench_median (first, LIST_RUNS), "ms", "<", 50);
    bench_figure (ratio, bench_median (full, FULL_RUNS) / MAX (shell, 0.1), "×", "≤", 3);
  }
}

/* The first free-text question of @questionnaire, which takes any string. */
static const char *
text_question (PbQuestionnaire *questionnaire)
{
  for (guint i = 0; i < pb_questionnaire_get_n_questions (questionnaire); i++)
    {
      PbQuestion *question = pb_questionnaire_get_question (questionnaire, i);

      if (pb_question_get_question_type (question) == PB_QUESTION_TEXT)
        return pb_question_get_id (question);
    }

  g_error ("%s has no free-text question", pb_questionnaire_get_id (questionnaire));
}

/* A file beside @db_path for time_fsync(), removed once open. */
static int
open_fsync_probe (const char *db_path)
{
  g_autofree char *name = g_strconcat (db_path, "-fsync-probe", NULL);
  int fd = g_open (name, O_RDWR | O_CREAT | O_TRUNC, 0600);

  g_assert_cmpint (fd, >=, 0);
  g_unlink (name);

  return fd;
}

/* Milliseconds to write one page and wait for the disk to have it: the
 * least any durable commit costs on this disk at this moment. */
static double
time_fsync (int   fd,
            guint i)
{
  char page[4096];
  gint64 start = g_get_monotonic_time ();

  memset (page, 'p', sizeof page);
  g_assert_cmpint (pwrite (fd, page, sizeof page, (off_t) (i % 64) * sizeof page), ==, sizeof page);
  g_assert_cmpint (fdatasync (fd), ==, 0);

  return (g_get_monotonic_time () - start) / 1000.0;
}

/* Every case to a file, as the window's Export and case export --format
 * write it: read in one query, written as read, flushed to the disk. */
static void
bench_export (PbCaseStore    *store,
              const char     *db_path,
              PbExportFormat  format,
              PbExportParts   parts,
              const char     *what)
{
  g_autofree char *name = g_strconcat (db_path, "-export.", pb_export_format_get_extension (format), NULL);
  g_autoptr(GFile) file = g_file_new_for_path (name);
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  double start = bench_now_ms (), cpu = bench_cpu_ms ();
  GStatBuf st;
  int n;

  n = pb_case_export_to_file (store, NULL, NULL, format, parts, file, NULL, &error);
  g_assert_no_error (error);
  cpu = bench_cpu_ms () - cpu;
  g_assert_cmpint (g_stat (name, &st), ==, 0);
  label = g_strdup_printf ("%s, %d cases, %.1f MB (CPU %.1f s)", what, n, st.st_size / 1e6, cpu / 1000.0);
  bench_figure (label, (bench_now_ms () - start) / 1000.0, "s", "<", 5);
  g_unlink (name);
}

static double
percentile (double *values,
            guint   n,
            guint   p)
{
  bench_median (values, n);   /* sorts them */

  return values[MIN (n - 1, n * p / 100)];
}

static double
mean (const double *values,
      guint         n)
{
  double sum = 0;

  for (guint i = 0; i < n; i++)
    sum += values[i];

  return sum / n;
}

/* Autosave into a case with a deal's worth of answers and history: what a
 * save waits for, beside what the disk alone takes for one sync. */
static void
bench_autosave (PbCaseStore     *store,
                const char      *path,
                PbQuestionnaire *questionnaire)
{
  double latencies[AUTOSAVE_RUNS], save_cpu[AUTOSAVE_RUNS], fsync_ms[AUTOSAVE_RUNS];
  double sync_wait[AUTOSAVE_RUNS], rest[AUTOSAVE_RUNS], beside_checkpoint[AUTOSAVE_RUNS];
  const char *question = text_question (questionnaire);
  int probe = open_fsync_probe (path);
  guint n_syncs = 0, n_headers = 0, n_beside_checkpoint = 0, n_checkpointed = 0;
  double checkpointed[AUTOSAVE_RUNS];
  guint n_events = count_events (path, "C-2026-00000001");

  sync_counter_watch (g_thread_self ());
  for (guint i = 0; i < AUTOSAVE_RUNS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *value = g_strdup_printf ("autosaved %u: the customer's own words", i);
      g_autoptr(PbAnswer) answer = pb_answer_new_string (value);
      double cpu_start = bench_thread_cpu_ms ();
      SyncCounts before, after, others_before, others_after;
      gint64 start;

      sync_counter_read (&before, &others_before);
      start = g_get_monotonic_time ();
      pb_case_store_set_answer (store, "C-2026-00000001", question, answer, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      latencies[i] = (g_get_monotonic_time () - start) / 1000.0;
      save_cpu[i] = bench_thread_cpu_ms () - cpu_start;
      sync_counter_read (&after, &others_after);
      n_syncs += after.syncs - before.syncs;
      n_headers += after.wal_headers - before.wal_headers;
      /* It synced the database file: it checkpointed the WAL itself. */
      if (after.syncs - after.wal_syncs > before.syncs - before.wal_syncs)
        checkpointed[n_checkpointed++] = latencies[i];
      sync_wait[i] = after.sync_ms - before.sync_ms;
      rest[i] = MAX (0, latencies[i] - save_cpu[i] - sync_wait[i]);
      /* The checkpointer synced the database file meanwhile. */
      if (others_after.syncs > others_before.syncs)
        beside_checkpoint[n_beside_checkpoint++] = latencies[i];
      /* The disk at the same moment, under the same load. */
      fsync_ms[i] = time_fsync (probe, i);
    }
  sync_counter_watch (NULL);
  close (probe);

  printf ("autosave of one answer (%d runs, synchronous=FULL, search index kept in step, into a case of\n"
          "%u history events, each run adds %d; load average %s):\n",
          AUTOSAVE_RUNS, n_events, AUTOSAVE_RUNS, bench_load_average ());
  bench_figure ("p50", percentile (latencies, AUTOSAVE_RUNS, 50), "ms", NULL, 0);
  bench_figure ("p99", percentile (latencies, AUTOSAVE_RUNS, 99), "ms", "<", 20);
  /* Beside the goal, what the disk alone took at the same moments. */
  printf ("  the disk's floor: one 4 KiB write and fdatasync() beside the database, after each save\n"
          "  (every durable commit waits for one):\n");
  bench_figure ("  p50", percentile (fsync_ms, AUTOSAVE_RUNS, 50), "ms", NULL, 0);
  bench_figure ("  p99", percentile (fsync_ms, AUTOSAVE_RUNS, 99), "ms", NULL, 0);
  if (percentile (fsync_ms, AUTOSAVE_RUNS, 99) >= 20)
    printf ("  the disk alone misses the goal at this load: no durable save can meet it here\n");
  {
    g_autofree char *what = g_strdup_printf ("  syncs of the disk per save (one commit: 1; %u WAL headers)", n_headers);

    bench_figure (what, (double) n_syncs / AUTOSAVE_RUNS, "", NULL, 0);
  }
  printf ("  of which the store's own work (CPU time of the saving thread):\n");
  bench_figure ("  mean", mean (save_cpu, AUTOSAVE_RUNS), "ms", NULL, 0);
  bench_figure ("  p50", percentile (save_cpu, AUTOSAVE_RUNS, 50), "ms", NULL, 0);
  bench_figure ("  p99", percentile (save_cpu, AUTOSAVE_RUNS, 99), "ms", NULL, 0);
  printf ("  of which waiting for its sync of the WAL:\n");
  bench_figure ("  p50", percentile (sync_wait, AUTOSAVE_RUNS, 50), "ms", NULL, 0);
  bench_figure ("  p99", percentile (sync_wait, AUTOSAVE_RUNS, 99), "ms", NULL, 0);
  printf ("  the rest (waiting for a processor, for the disk's other writes):\n");
  bench_figure ("  p50", percentile (rest, AUTOSAVE_RUNS, 50), "ms", NULL, 0);
  bench_figure ("  p99", percentile (rest, AUTOSAVE_RUNS, 99), "ms", NULL, 0);
  if (n_checkpointed > 0)
    {
      g_autofree char *what = g_strdup_printf ("  saves that checkpointed the WAL themselves (%u), median", n_checkpointed);

      bench_figure (what, percentile (checkpointed, n_checkpointed, 50), "ms", NULL, 0);
    }
  if (n_beside_checkpoint > 0)
    {
      g_autofree char *what = g_strdup_printf ("  saves while the checkpointer synced (%u), median", n_beside_checkpoint);

      bench_figure (what, percentile (beside_checkpoint, n_beside_checkpoint, 50), "ms", NULL, 0);
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) deals = NULL;
  g_autoptr(GArray) templates = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  guint n_cases;
  /* The window's search also lists the customers of the countries whose
   * names hold a word. */
  g_autoptr(PbCountries) country_names = pb_countries_load_default (NULL);
  ListBench lists[] = {
    { "all cases", PB_CASE_FILTER_INIT,
      "SELECT " BENCH_COLUMNS BENCH_FROM_LIST BENCH_ORDER },
    { "status draft", { .status = PB_CASE_STATUS_DRAFT, .outcome = -1 },
      "SELECT " BENCH_COLUMNS BENCH_FROM_LIST " WHERE l.status = 'draft'" BENCH_ORDER },
    { "status submitted", { .status = PB_CASE_STATUS_SUBMITTED, .outcome = -1 },
      "SELECT " BENCH_COLUMNS BENCH_FROM_LIST " WHERE l.status = 'submitted'" BENCH_ORDER },
    { "signed and rejected", { .status = PB_CASE_STATUS_SIGNED, .outcome = -1, .decision = PB_CASE_STATUS_REJECTED },
      "SELECT " BENCH_COLUMNS BENCH_FROM_LIST " WHERE l.status = 'signed' AND l.decision = 'rejected'" BENCH_ORDER },
    { "outcome do-not-proceed", { .status = -1, .outcome = PB_OUTCOME_DO_NOT_PROCEED },
      "SELECT " BENCH_COLUMNS BENCH_FROM_LIST " WHERE l.outcome = 'do-not-proceed'" BENCH_ORDER },
    { "customer \"globex 4\"", { .customer = "globex 4", .status = -1, .outcome = -1 },
      "SELECT " BENCH_COLUMNS BENCH_FROM_LIST " WHERE l.case_id IN (SELECT id FROM cases WHERE customer_uid IN (SELECT uid FROM customers"
      " WHERE name LIKE '%globex 4%' OR aliases LIKE '%globex 4%'))" BENCH_ORDER },
    { "search \"" RARE_WORD "\" (a comment)", { .status = -1, .outcome = -1, .text = RARE_WORD },
      "SELECT " BENCH_COLUMNS BENCH_FROM_LIST " WHERE" BENCH_SEARCH (RARE_WORD, "\"" RARE_WORD "\"*") BENCH_ORDER },
    { "search \"guilin\" (an answer)", { .status = -1, .outcome = -1, .text = "guilin" },
      "SELECT " BENCH_COLUMNS BENCH_FROM_LIST " WHERE" BENCH_SEARCH ("guilin", "\"guilin\"*") BENCH_ORDER },
    { "search \"guil\" (being typed)", { .status = -1, .outcome = -1, .text = "guil" },
      "SELECT " BENCH_COLUMNS BENCH_FROM_LIST " WHERE" BENCH_SEARCH ("guil", "\"guil\"*") BENCH_ORDER },
    { "search \"interception\" (many answers)", { .status = -1, .outcome = -1, .text = "interception" },
      "SELECT " BENCH_COLUMNS BENCH_FROM_LIST " WHERE" BENCH_SEARCH ("interception", "\"interception\"*") BENCH_ORDER },
    { "search \"inte\" (most customers' names)", { .status = -1, .outcome = -1, .text = "inte" },
      "SELECT " BENCH_COLUMNS BENCH_FROM_LIST " WHERE" BENCH_SEARCH ("inte", "\"inte\"*") BENCH_ORDER },
    { "search \"china\" (as the window: with the customers in China)",
      { .status = -1, .outcome = -1, .text = "china", .country_names = country_names },
      "SELECT " BENCH_COLUMNS BENCH_FROM_LIST " WHERE l.customer_uid IN (SELECT uid FROM customers WHERE country = 'CN') OR"
      BENCH_SEARCH ("china", "\"china\"*") BENCH_ORDER },
    { "search \"int\" (being typed; most customers' names)", { .status = -1, .outcome = -1, .text = "int" },
      "SELECT " BENCH_COLUMNS BENCH_FROM_LIST " WHERE" BENCH_SEARCH ("int", "\"int\"*") BENCH_ORDER },
    /* Each word somewhere in the case: "police" in its customer's name
     * or its answers, "china" in its answers. */
    { "search \"police china\"", { .status = -1, .outcome = -1, .text = "police china" },
      "SELECT " BENCH_COLUMNS BENCH_FROM_LIST " WHERE (" BENCH_SEARCH ("police", "\"police\"*") ") AND ("
      BENCH_SEARCH ("china", "\"china\"*") ")" BENCH_ORDER },
    { "search \"C-2026-0000ABC\" (an id)", { .status = -1, .outcome = -1, .text = "C-2026-0000ABC" },
      "SELECT " BENCH_COLUMNS BENCH_FROM_LIST " WHERE l.case_id LIKE '%C-2026-0000ABC%' OR"
      BENCH_SEARCH ("C-2026-0000ABC", "\"C-2026-0000ABC\"*") BENCH_ORDER },
    { "search \"guilin\", signed", { .status = PB_CASE_STATUS_SIGNED, .outcome = -1, .text = "guilin" },
      "SELECT " BENCH_COLUMNS BENCH_FROM_LIST " WHERE l.status = 'signed' AND (" BENCH_SEARCH ("guilin", "\"guilin\"*") ")" BENCH_ORDER },
  };
  gint64 start;
  GStatBuf st;
  gboolean fill_only = argc > 1 && g_str_equal (argv[1], "--fill");
  const char *only = NULL;
  const char *only_lists = NULL;

  if (fill_only)
    {
      argc--;
      argv++;
    }
  else if (argc > 1 && g_str_has_prefix (argv[1], "--only="))
    {
      only = argv[1] + strlen ("--only=");
      argc--;
      argv++;
    }
  /* --only=list:TEXT: the lists whose names hold TEXT (for a profiler). */
  if (only != NULL && g_str_has_prefix (only, "list:"))
    {
      only_lists = only + strlen ("list:");
      only = "list";
    }
  if (argc < 3 || (fill_only && argc < 5) ||
      (only != NULL && !g_str_equal (only, "list") && !g_str_equal (only, "export") && !g_str_equal (only, "autosave")))
    {
      fprintf (stderr, "usage: bench-store [--fill | --only=list[:TEXT]|export|autosave] QUESTIONNAIRE.xml CASES-DIR"
                       " [N_CASES [DB]]\n");
      return 2;
    }
  n_cases = argc > 3 ? (guint) atoi (argv[3]) : 100000;

  /* Every sync of the database counted, for the autosave's figures. */
  if (!fill_only)
    sync_counter_install ();

  file = g_file_new_for_path (argv[1]);
  questionnaire = pb_questionnaire_new_from_file (file, &error);
  g_assert_no_error (error);
  deals = bench_deals_load (argv[2], questionnaire, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (deals->len, >, 0);

  if (argc > 4)
    path = g_strdup (argv[4]);
  else
    {
      dir = g_dir_make_tmp ("pb-bench-store-XXXXXX", &error);
      g_assert_no_error (error);
      path = g_build_filename (dir, "bench.db", NULL);
    }

  if (count_cases (path) != n_cases)
    {
      const char *suffixes[] = { "", "-wal", "-shm" };

      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *name = g_strconcat (path, suffixes[i], NULL);

          g_unlink (name);
        }
      printf ("filling %s with %u cases, answered as the %u deals of the judgement suite (once)...\n",
              path, n_cases, deals->len);
      fflush (stdout);
      templates = make_templates (questionnaire, deals);
      start = g_get_monotonic_time ();
      fill (path, questionnaire, templates, n_cases);
      g_stat (path, &st);
      printf ("  filled in %.0f s: %.0f MB\n", (g_get_monotonic_time () - start) / 1e6, st.st_size / 1e6);
    }
  if (fill_only)
    return 0;

  start = g_get_monotonic_time ();
  store = pb_case_store_new (path, &error);
  g_assert_no_error (error);
  pb_case_store_set_actor (store, bench_actor ());
  g_stat (path, &st);
  printf ("%u cases, %.0f MB; opened in %.1f ms (quick_check runs only on files up to 64 MB)\n",
          n_cases, st.st_size / 1e6, (g_get_monotonic_time () - start) / 1000.0);

  if (only == NULL || g_str_equal (only, "list"))
    {
      printf ("case list, medians of %d runs (the first page), of %d (every row):\n", LIST_RUNS, FULL_RUNS);
      for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
        if (only_lists == NULL || strstr (lists[i].what, only_lists) != NULL)
          bench_list (store, path, &lists[i]);
    }
  if (only == NULL || g_str_equal (only, "export"))
    {
      printf ("export of every case to a file, as the window and case export --format do (load average %s):\n",
              bench_load_average ());
      bench_export (store, path, PB_EXPORT_FORMAT_CSV, PB_EXPORT_CASES, "CSV of the list");
      bench_export (store, path, PB_EXPORT_FORMAT_ODS, PB_EXPORT_CASES | PB_EXPORT_PORTFOLIO,
                    "ODS with the portfolio summary");
    }
  if (only == NULL || g_str_equal (only, "autosave"))
    bench_autosave (store, path, questionnaire);

  g_clear_object (&store);
  if (dir != NULL)
    {
      const char *suffixes[] = { "", "-wal", "-shm" };

      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *name = g_strconcat (path, suffixes[i], NULL);

          g_unlink (name);
        }
      g_rmdir (dir);
    }

  return 0;
}
