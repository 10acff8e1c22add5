/* bench-team.c: a team server on loopback under load
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run by `make bench` inside tests/pg-cluster.sh run with PROBITY_PG_LISTEN
 * set: a throwaway PostgreSQL cluster that listens on 127.0.0.1 only, its
 * server (fsync on) and this program sharing the machine.
 *
 * 1. Writers: PROBITY_BENCH_WRITERS (50) sales people in ten teams, each a
 *    thread with their own database role, connection and case, save
 *    answers for PROBITY_BENCH_SECONDS (60) as the wizard's autosave does:
 *    pb_case_store_set_answer() of a free-text answer, then a pause as
 *    long as the wizard waits after the last key press (600 ms;
 *    PROBITY_BENCH_PAUSE_MS). That is the fastest a person can make the
 *    wizard save (pb-question-view.c), kept up by all fifty at once with
 *    no time to read or type: a ceiling, several times what fifty people
 *    answering send. Then an auditor reads every case back:
 *    - autosave latency p50 and p99 (goal p99 < 50 ms);
 *    - acknowledged answers lost (goal 0): every save that returned TRUE
 *      must be an event of the case's history, in the order saved, and
 *      the last one of each question its answer now;
 *    - chain breaks (goal 0): pb_case_store_verify_case() of every case
 *      and the server's own probity.check_history();
 *    - saves refused (goal 0): no two writers share a case, so no refusal
 *      is a true conflict; and the transactions the server rolled back
 *      (each failed attempt the store made again), with the deadlocks
 *      among them;
 *    - the CPU a save costs, this program's and the server's, and the
 *      load average: on two shared cores the latency is mostly waiting
 *      for a turn on them;
 *    - what telling a save costs the server: each member who sees the
 *      case has a channel of their own (schema 12), so a save notifies
 *      every one of them. PROBITY_BENCH_AUDIENCE (0) more members per
 *      team who do not write, the first MAX_LISTENERS (the cluster takes
 *      100 connections) each with a connection that LISTENs on their
 *      channel as a window does and reads what it hears; the
 *      notifications heard, and the time a save spends in
 *      cases_changed () (track_functions).
 * 2. The case list over PROBITY_BENCH_CASES (1,000,000; 0 for none) cases, made with
 *    generate_series in a database of its own, as a sales person (a team
 *    of three sees a third), a reviewer and an auditor: what a view waits
 *    for, pb_case_store_list_cases_for_view() (the first thousand ids)
 *    and the first page of rows, median of five (goal < 100 ms); then
 *    what a view scrolled to the end waits for, the next ids (< 100 ms);
 *    and, for comparison, every id at once as an export reads them.
 *
 *   bench-team PROBITY-CLI QUESTIONNAIRE.xml
 */

#include "config.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench-common.h"
#include "pb-case-store.h"

#define N_TEAMS   10
#define LIST_RUNS 5
#define MAX_LISTENERS 40

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)

static const char *server;   /* the cluster's conninfo, without dbname and user */
static const char *cli;

static guint
env_uint (const char *name,
          guint       fallback)
{
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0' ? (guint) g_ascii_strtoull (value, NULL, 10) : fallback;
}

static char *
conninfo (const char *dbname,
          const char *user)
{
  return g_strdup_printf ("%s dbname=%s user=%s", server, dbname, user);
}

/* Runs @sql as the superuser on @dbname; g_error() on failure. */
static void
superuser_exec (const char *dbname,
                const char *sql)
{
  g_autofree char *info = conninfo (dbname, "postgres");
  g_autoptr(PGconn) conn = PQconnectdb (info);
  PGresult *result;

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("%s: %s", info, PQerrorMessage (conn));
  result = PQexec (conn, sql);
  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%.200s: %s", sql, PQresultErrorMessage (result));
  PQclear (result);
}

/* Each team's readers: a connection per member LISTENing on their own
 * channel, as a window's store does, reading what arrives until told to
 * stop. */
typedef struct
{
  GPtrArray     *conns;      /* PGconn */
  gint           stop;       /* atomic */
  guint64        heard;
} Listeners;

static gpointer
listeners_run (gpointer data)
{
  Listeners *l = data;

  while (!g_atomic_int_get (&l->stop))
    {
      g_autofree GPollFD *fds = g_new0 (GPollFD, l->conns->len);

      for (guint i = 0; i < l->conns->len; i++)
        {
          fds[i].fd = PQsocket (g_ptr_array_index (l->conns, i));
          fds[i].events = G_IO_IN;
        }
      g_poll (fds, l->conns->len, 100);
      for (guint i = 0; i < l->conns->len; i++)
        {
          PGconn *conn = g_ptr_array_index (l->conns, i);
          PGnotify *notify;

          if (!(fds[i].revents & G_IO_IN))
            continue;
          PQconsumeInput (conn);
          while ((notify = PQnotifies (conn)) != NULL)
            {
              l->heard++;
              PQfreemem (notify);
            }
        }
    }

  return NULL;
}

/* @user's connection, LISTENing on the channels the server gives them. */
static PGconn *
listen_as (const char *dbname,
           const char *user)
{
  g_autofree char *info = conninfo (dbname, user);
  PGconn *conn = PQconnectdb (info);
  PGresult *result;

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("%s: %s", info, PQerrorMessage (conn));
  result = PQexec (conn, "SELECT format ('LISTEN %I', c) FROM probity.my_channels () c");
  if (PQresultStatus (result) != PGRES_TUPLES_OK || PQntuples (result) != 1)
    g_error ("%s: my_channels (): %s", user, PQresultErrorMessage (result));
  PQclear (PQexec (conn, PQgetvalue (result, 0, 0)));
  PQclear (result);

  return conn;
}

static gint64
superuser_count (const char *dbname,
                 const char *sql)
{
  g_autofree char *info = conninfo (dbname, "postgres");
  g_autoptr(PGconn) conn = PQconnectdb (info);
  PGresult *result = PQexec (conn, sql);
  gint64 n;

  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  n = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  PQclear (result);

  return n;
}

/* `probity-cli db init` of database @dbname. */
static void
db_init (const char *dbname)
{
  g_autofree char *info = conninfo (dbname, "postgres");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { cli, "db", "init", info, NULL };
  g_autoptr(GError) error = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, &out, &err, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("db init: %s %s", error->message, err != NULL ? err : "");
}

/* A new database with the schema `probity-cli db init` installs. */
static void
make_database (const char *dbname)
{
  g_autofree char *create = g_strdup_printf ("CREATE DATABASE %s", dbname);

  superuser_exec ("postgres", create);
  db_init (dbname);
}

static PbCaseStore *
open_as (const char *dbname,
         const char *user)
{
  g_autofree char *info = conninfo (dbname, user);
  g_autoptr(GError) error = NULL;
  PbCaseStore *store = pb_case_store_new (info, &error);

  if (store == NULL)
    g_error ("%s: %s", info, error->message);

  return store;
}

/* 1. Writers -------------------------------------------------------------- */

typedef struct
{
  char   *question;
  char   *json;      /* the answer as stored */
} Save;

static void
save_clear (Save *save)
{
  g_free (save->question);
  g_free (save->json);
}

typedef struct
{
  guint             index;
  char             *user;
  PbQuestionnaire  *questionnaire;
  GPtrArray        *questions;     /* free-text question ids */
  gint64            deadline;      /* monotonic µs */
  guint             pause_ms;
  char             *case_id;
  GArray           *acknowledged;  /* Save, in the order saved */
  GArray           *latencies;     /* double ms, of each acknowledged save */
  guint             n_errors;
  char             *first_error;
} Writer;

static gpointer
writer_run (gpointer data)
{
  Writer *w = data;
  g_autoptr(PbCaseStore) store = open_as ("team", w->user);
  g_autoptr(PbCustomer) customer = NULL;
  g_autoptr(PbProduct) product = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *customer_name = g_strdup_printf ("Customer of %s", w->user);

  static GMutex setting_up;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&setting_up);

  /* Fifty people making their case in the same second: not what is
   * measured, so one after the other, and tried again. */
  for (guint attempt = 0; w->case_id == NULL; attempt++)
    {
      g_clear_error (&error);
      if (customer == NULL)
        customer = pb_case_store_add_customer (store, customer_name, NULL, "SE", NULL, NULL, &error);
      if (customer != NULL && product == NULL)
        product = pb_case_store_add_product (store, "EyeCam", "4.2", "camera", NULL, &error);
      if (product != NULL)
        w->case_id = pb_case_store_create_case (store, pb_customer_get_uid (customer), pb_product_get_uid (product),
                                                w->questionnaire, &error);
      if (w->case_id == NULL && (attempt == 20 || !g_error_matches (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_BUSY)))
        g_error ("%s could not make a case: %s", w->user, error->message);
    }
  g_clear_pointer (&locker, g_mutex_locker_free);

  for (guint n = 0; g_get_monotonic_time () < w->deadline; n++)
    {
      const char *question = g_ptr_array_index (w->questions, n % w->questions->len);
      g_autofree char *text = g_strdup_printf ("%s, save %u: the end user confirmed it in writing", w->user, n);
      g_autoptr(PbAnswer) answer = pb_answer_new_string (text);
      double start = bench_now_ms (), latency;

      if (pb_case_store_set_answer (store, w->case_id, question, answer, NULL, NULL, NULL, &error))
        {
          Save save = { g_strdup (question), pb_answer_to_json (answer) };

          latency = bench_now_ms () - start;
          g_array_append_val (w->acknowledged, save);
          g_array_append_val (w->latencies, latency);
        }
      else
        {
          if (w->n_errors++ == 0)
            w->first_error = g_strdup (error->message);
          g_clear_error (&error);
        }

      g_usleep (w->pause_ms * 1000);
    }

  return NULL;
}

/* How many of @w's acknowledged saves the history lacks, or has out of
 * order, plus the questions whose answer is not the last one saved. */
static guint
count_lost (PbCaseStore *auditor,
            Writer      *w)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) events = pb_case_store_list_history (auditor, w->case_id, &error);
  g_autoptr(GListModel) records = NULL;
  g_autoptr(GHashTable) last = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_events, next = 0, lost = 0;

  if (events == NULL)
    g_error ("history of %s: %s", w->case_id, error->message);

  /* Each acknowledged save, in order, in the history. */
  n_events = g_list_model_get_n_items (events);
  for (guint i = 0; i < w->acknowledged->len; i++)
    {
      Save *save = &g_array_index (w->acknowledged, Save, i);
      gboolean found = FALSE;

      while (!found && next < n_events)
        {
          g_autoptr(PbHistoryEvent) event = g_list_model_get_item (events, next++);

          found = g_strcmp0 (pb_history_event_get_question_id (event), save->question) == 0 &&
                  g_strcmp0 (pb_history_event_get_new_value (event), save->json) == 0;
        }
      if (!found)
        lost++;
      g_hash_table_insert (last, save->question, save->json);
    }

  /* The answers now are the last ones saved. */
  records = pb_case_store_list_answers (auditor, w->case_id, 0, &error);
  if (records == NULL)
    g_error ("answers of %s: %s", w->case_id, error->message);
  {
    g_autoptr(PbAnswerSet) answers = pb_case_store_get_answers (auditor, w->case_id, 0, &error);
    GHashTableIter iter;
    gpointer question, json;

    if (answers == NULL)
      g_error ("answers of %s: %s", w->case_id, error->message);
    g_hash_table_iter_init (&iter, last);
    while (g_hash_table_iter_next (&iter, &question, &json))
      {
        PbAnswer *answer = pb_answer_set_lookup (answers, question);
        g_autofree char *stored = answer != NULL ? pb_answer_to_json (answer) : NULL;

        if (g_strcmp0 (stored, json) != 0)
          lost++;
      }
  }

  return lost;
}

/* The CPU the cluster's processes used so far, in ms: the postmaster's
 * own and that of its children that ended (each connection's backend ends
 * with it). -1 when it cannot be read. */
static double
server_cpu_ms (void)
{
  const char *dir = g_getenv ("PROBITY_TEST_PG_DIR");
  g_autofree char *pid_path = dir != NULL ? g_build_filename (dir, "data", "postmaster.pid", NULL) : NULL;
  g_autofree char *pid_file = NULL;
  g_autofree char *stat_path = NULL;
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *end;
  double ticks = 0;

  if (pid_path == NULL || !g_file_get_contents (pid_path, &pid_file, NULL, NULL))
    return -1;
  stat_path = g_strdup_printf ("/proc/%d/stat", atoi (pid_file));
  /* After "(comm)": fields 14–17 of proc(5) are utime, stime, cutime, cstime. */
  if (!g_file_get_contents (stat_path, &stat, NULL, NULL) || (end = strrchr (stat, ')')) == NULL)
    return -1;
  fields = g_strsplit (end + 2, " ", -1);
  if (g_strv_length (fields) < 15)
    return -1;
  for (guint i = 11; i <= 14; i++)
    ticks += g_ascii_strtod (fields[i], NULL);

  return ticks * 1000.0 / sysconf (_SC_CLK_TCK);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static gboolean
bench_writers (PbQuestionnaire *questionnaire)
{
  guint n_writers = env_uint ("PROBITY_BENCH_WRITERS", 50);
  guint seconds = env_uint ("PROBITY_BENCH_SECONDS", 60);
  guint pause_ms = env_uint ("PROBITY_BENCH_PAUSE_MS", 600);
  g_autoptr(GPtrArray) questions = g_ptr_array_new ();
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  guint audience = env_uint ("PROBITY_BENCH_AUDIENCE", 0);
  g_autoptr(GString) members = g_string_new ("SELECT probity.add_member ('auditor', 'auditor')");
  Listeners listeners = { g_ptr_array_new_with_free_func ((GDestroyNotify) PQfinish), 0, 0 };
  GThread *listening = NULL;
  gint64 notify_calls;
  double notify_ms;
  g_autoptr(PbCaseStore) auditor = NULL;
  Writer *writers = g_new0 (Writer, n_writers);
  GThread **threads = g_new0 (GThread *, n_writers);
  guint lost = 0, broken = 0, n_errors = 0, n_saves;
  gint64 deadline, rolled_back, deadlocks;
  double p50, p99, elapsed, client_cpu, server_cpu;
  g_autofree char *load_before = NULL;
  g_autofree char *load_after = NULL;
  const char *first_error = NULL;
  gboolean met = TRUE;

  for (guint i = 0; i < pb_questionnaire_get_n_questions (questionnaire); i++)
    {
      PbQuestion *question = pb_questionnaire_get_question (questionnaire, i);

      if (pb_question_get_question_type (question) == PB_QUESTION_TEXT)
        g_ptr_array_add (questions, (gpointer) pb_question_get_id (question));
    }
  g_assert (questions->len > 0);

  make_database ("team");
  for (guint i = 0; i < n_writers; i++)
    g_string_append_printf (members, ", probity.add_member ('writer%02u', 'sales', 'team%u')", i, i % N_TEAMS);
  for (guint i = 0; i < audience * N_TEAMS; i++)
    g_string_append_printf (members, ", probity.add_member ('reader%03u', 'sales', 'team%u')", i, i % N_TEAMS);
  superuser_exec ("team", members->str);
  for (guint i = 0; i < MIN (audience * N_TEAMS, MAX_LISTENERS); i++)
    {
      g_autofree char *reader = g_strdup_printf ("reader%03u", i);

      g_ptr_array_add (listeners.conns, listen_as ("team", reader));
    }
  if (listeners.conns->len > 0)
    listening = g_thread_new ("listeners", listeners_run, &listeners);
  /* What cases_changed () costs a save, on this database's backends. */
  superuser_exec ("team", "ALTER DATABASE team SET track_functions = 'pl'");

  printf ("%u writers, each their own role, connection and case, for %u s, a save every %u ms and its latency;\n"
          "  %u more members of each team, %u of them listening (load average before: %s)\n",
          n_writers, seconds, pause_ms, audience, listeners.conns->len,
          load_before = g_strdup (bench_load_average ()));
  fflush (stdout);
  server_cpu = server_cpu_ms ();
  client_cpu = bench_cpu_ms ();
  elapsed = bench_now_ms ();
  deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  for (guint i = 0; i < n_writers; i++)
    {
      Writer *w = &writers[i];

      w->index = i;
      w->user = g_strdup_printf ("writer%02u", i);
      w->questionnaire = questionnaire;
      w->questions = questions;
      w->deadline = deadline;
      w->pause_ms = pause_ms;
      w->acknowledged = g_array_new (FALSE, FALSE, sizeof (Save));
      g_array_set_clear_func (w->acknowledged, (GDestroyNotify) save_clear);
      w->latencies = g_array_new (FALSE, FALSE, sizeof (double));
      threads[i] = g_thread_new (w->user, writer_run, w);
    }
  for (guint i = 0; i < n_writers; i++)
    g_thread_join (threads[i]);
  elapsed = bench_now_ms () - elapsed;
  /* What the listeners were told arrives with each commit. */
  g_usleep (G_USEC_PER_SEC / 2);
  if (listening != NULL)
    {
      g_atomic_int_set (&listeners.stop, TRUE);
      g_thread_join (listening);
    }
  g_ptr_array_set_size (listeners.conns, 0);
  client_cpu = bench_cpu_ms () - client_cpu;
  load_after = g_strdup (bench_load_average ());
  /* The writers' backends have ended: their CPU is the postmaster's. */
  g_usleep (G_USEC_PER_SEC / 2);
  server_cpu = server_cpu >= 0 ? server_cpu_ms () - server_cpu : -1;
  rolled_back = superuser_count ("team", "SELECT xact_rollback FROM pg_stat_database WHERE datname = 'team'");
  deadlocks = superuser_count ("team", "SELECT deadlocks FROM pg_stat_database WHERE datname = 'team'");
  notify_calls = superuser_count ("team", "SELECT coalesce (sum (calls), 0) FROM pg_stat_user_functions "
                                          "WHERE schemaname = 'probity' AND funcname = 'cases_changed'");
  /* In µs, so that it fits an integer. */
  notify_ms = superuser_count ("team", "SELECT coalesce (sum (total_time) * 1000, 0)::bigint FROM pg_stat_user_functions "
                                       "WHERE schemaname = 'probity' AND funcname = 'cases_changed'") / 1000.0;

  /* An auditor reads everything back. */
  superuser_exec ("team", "CHECKPOINT");
  auditor = open_as ("team", "auditor");
  for (guint i = 0; i < n_writers; i++)
    {
      Writer *w = &writers[i];
      g_autoptr(GError) error = NULL;
      guint n_events = 0, n_broken = 0;

      g_array_append_vals (latencies, w->latencies->data, w->latencies->len);
      n_errors += w->n_errors;
      if (first_error == NULL)
        first_error = w->first_error;
      lost += count_lost (auditor, w);
      if (!pb_case_store_verify_case (auditor, w->case_id, &n_events, &n_broken, &error))
        {
          printf ("  %s: %s\n", w->case_id, error->message);
          broken += MAX (n_broken, 1);
        }
    }
  broken += superuser_count ("team", "SELECT count(*) FROM probity.check_history ()");

  n_saves = latencies->len;
  g_array_sort (latencies, compare_doubles);
  p50 = n_saves > 0 ? g_array_index (latencies, double, n_saves / 2) : 0;
  p99 = n_saves > 0 ? g_array_index (latencies, double, MIN (n_saves - 1, n_saves * 99 / 100)) : 0;

  printf ("  %u saves acknowledged (%.0f a second)%s%s\n", n_saves, n_saves * 1000.0 / elapsed,
          first_error != NULL ? "; the first refusal: " : "", first_error != NULL ? first_error : "");
  printf ("  load average after: %s; CPU for the writers: this program %.1f s, the server %.1f s\n",
          load_after, client_cpu / 1000, server_cpu / 1000);
  bench_figure ("  autosave p50", p50, "ms", NULL, 0);
  met &= bench_figure ("  autosave p99", p99, "ms", "<", 50);
  met &= bench_figure ("  acknowledged answers lost", lost, "", "≤", 0);
  met &= bench_figure ("  chain breaks", broken, "", "≤", 0);
  met &= bench_figure ("  saves refused (no two writers share a case)", n_errors, "", "≤", 0);
  bench_figure ("  transactions rolled back (tried again or refused)", rolled_back, "", NULL, 0);
  bench_figure ("  deadlocks among them", deadlocks, "", NULL, 0);
  if (n_saves > 0 && server_cpu >= 0)
    {
      bench_figure ("  CPU per save (program and server)", (client_cpu + server_cpu) / n_saves, "ms", NULL, 0);
      bench_figure ("  server CPU per save", server_cpu / n_saves, "ms", NULL, 0);
    }
  if (notify_calls > 0)
    {
      printf ("  each save notifies %u members: its team's and the auditor\n", n_writers / N_TEAMS + audience + 1);
      bench_figure ("  cases_changed () per save", notify_ms / notify_calls, "ms", NULL, 0);
    }
  if (audience > 0)
    bench_figure ("  notifications the listeners heard", listeners.heard, "", NULL, 0);
  g_ptr_array_unref (listeners.conns);

  for (guint i = 0; i < n_writers; i++)
    {
      g_free (writers[i].user);
      g_free (writers[i].case_id);
      g_free (writers[i].first_error);
      g_array_unref (writers[i].acknowledged);
      g_array_unref (writers[i].latencies);
    }
  g_free (writers);
  g_free (threads);

  /* Saves that never made it are no data lost, but they are a failure. */
  return n_saves > 0 && lost == 0 && broken == 0 && n_errors == 0;
}

/* 2. The case list over a million cases ------------------------------------ */

/* Cases as a few years of a large vendor leave them: three teams, most
 * cases signed or still drafts, twenty thousand customers. The rows go in
 * as the superuser with the triggers off (as pg_restore does); the
 * indexes are built after. */
static const char fill_sql[] =
  "SET session_replication_role = replica;\n"
  "SET search_path = probity, pg_catalog;\n"
  "SET maintenance_work_mem = '256MB';\n"
  "SET client_min_messages = warning;\n"
  "BEGIN;\n"
  "INSERT INTO teams VALUES ('east'), ('west'), ('north');\n"
  "SELECT add_member ('sam', 'sales', 'west'), add_member ('rita', 'reviewer'), add_member ('ada', 'auditor');\n"
  "INSERT INTO questionnaires VALUES (repeat ('a', 64), 'surveillance-export', '2.0.0', 'surveillance-export.xml', '\\x00');\n"
  "INSERT INTO customers (uid, name, country, created)\n"
  "  SELECT 'cu-' || i, (ARRAY['Acme','Globex','Initech','Umbrella','Stark','Wayne','Tyrell','Cyberdyne','Soylent','Hooli'])[1 + i % 10]\n"
  "         || ' ' || i, (ARRAY['SE','CN','NL','DE','FR','US','BR','IN','AE','KE','EG','VN'])[1 + i % 12],\n"
  "         '2022-01-01T00:00:00.000000Z'\n"
  "    FROM generate_series (1, 20000) i;\n"
  "INSERT INTO products (uid, name, version, family, created)\n"
  "  SELECT 'pr-' || i, 'Product ' || i, '1.0', 'camera', '2022-01-01T00:00:00.000000Z' FROM generate_series (1, 300) i;\n"
  "CREATE TEMPORARY TABLE indexes AS SELECT indexdef FROM pg_indexes\n"
  "  WHERE schemaname = 'probity' AND tablename IN ('cases', 'revisions', 'case_list');\n"
  "DO $$ DECLARE r record; BEGIN\n"
  "  FOR r IN SELECT c.conname, t.relname FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid\n"
  "            WHERE t.relname IN ('cases', 'revisions', 'case_list') AND t.relnamespace = 'probity'::regnamespace\n"
  "              AND c.contype IN ('p', 'u') LOOP\n"
  "    EXECUTE format ('ALTER TABLE probity.%I DROP CONSTRAINT %I CASCADE', r.relname, r.conname);\n"
  "  END LOOP;\n"
  "  FOR r IN SELECT indexname FROM pg_indexes WHERE schemaname = 'probity'\n"
  "            AND tablename IN ('cases', 'revisions', 'case_list') LOOP\n"
  "    EXECUTE format ('DROP INDEX probity.%I', r.indexname);\n"
  "  END LOOP;\n"
  "END $$;\n"
  "INSERT INTO cases (id, customer_uid, product_uid, questionnaire_sha256, created, created_by, updated, head_seq,\n"
  "                   head_hash, team, submitted)\n"
  "  SELECT 'C-2026-' || upper (lpad (to_hex (i), 8, '0')), 'cu-' || (1 + i % 20000), 'pr-' || (1 + i % 300),\n"
  "         repeat ('a', 64), to_char (timestamp '2022-01-01' + i * interval '90 seconds', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'),\n"
  "         'sam', to_char (timestamp '2022-01-01' + i * interval '90 seconds' + (i % 977) * interval '1 hour',\n"
  "                         'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'),\n"
  "         1, repeat ('0', 64), (ARRAY['east','west','north'])[1 + i % 3], i % 12 >= 3\n"
  "    FROM generate_series (1, $N) i;\n"
  "INSERT INTO revisions (case_id, revision, status, decision, created, outcome, n_answers)\n"
  "  SELECT 'C-2026-' || upper (lpad (to_hex (i), 8, '0')), 1,\n"
  "         (ARRAY['draft','draft','draft','submitted','approved','approved-with-conditions','rejected',\n"
  "                'signed','signed','signed','signed','signed'])[1 + i % 12],\n"
  "         CASE WHEN i % 12 >= 4 THEN (ARRAY['approved','approved','approved-with-conditions','rejected'])[1 + i % 4] END,\n"
  "         '2022-01-01T00:00:00.000000Z',\n"
  "         (ARRAY['proceed','proceed-with-conditions','hold','do-not-proceed','consult-authority','proceed','proceed'])[1 + i % 7],\n"
  "         20\n"
  "    FROM generate_series (1, $N) i;\n"
  "INSERT INTO case_list (case_id, updated, status, decision, outcome, team, submitted)\n"
  "  SELECT c.id, c.updated, r.status, r.decision, r.outcome, c.team, c.submitted\n"
  "    FROM cases c JOIN revisions r ON r.case_id = c.id;\n"
  /* Who sees which customers and products (schema-v7.sql), as its triggers would have it. */
  "INSERT INTO customer_teams SELECT DISTINCT team, customer_uid FROM cases;\n"
  "INSERT INTO product_teams SELECT DISTINCT team, product_uid FROM cases;\n"
  "ALTER TABLE cases ADD PRIMARY KEY (id);\n"
  "ALTER TABLE revisions ADD PRIMARY KEY (case_id, revision);\n"
  "ALTER TABLE case_list ADD PRIMARY KEY (id), ADD UNIQUE (case_id);\n"
  "DO $$ DECLARE r record; BEGIN\n"
  "  FOR r IN SELECT indexdef FROM indexes WHERE indexdef NOT LIKE '%UNIQUE%' LOOP EXECUTE r.indexdef; END LOOP;\n"
  "END $$;\n"
  "COMMIT;\n";

typedef struct
{
  const char   *what;
  PbCaseFilter  filter;
} ListBench;

static gboolean
bench_list_as (const char      *user,
               const ListBench *benches,
               guint            n_benches)
{
  g_autoptr(PbCaseStore) store = open_as ("list", user);
  gboolean met = TRUE;

  printf ("  as %s (%s)\n", user, pb_role_to_string (pb_actor_get_role (pb_case_store_get_actor (store))));
  for (guint b = 0; b < n_benches; b++)
    {
      double times[LIST_RUNS], scroll[LIST_RUNS] = { 0 };
      guint n_items = 0, n_more = 0;

      for (guint i = 0; i < LIST_RUNS; i++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GListModel) list = NULL;
          g_autoptr(GObject) item = NULL;
          double start = bench_now_ms ();

          list = pb_case_store_list_cases_for_view (store, &benches[b].filter, &error);
          if (list == NULL)
            g_error ("%s: %s", benches[b].what, error->message);
          item = g_list_model_get_item (list, 0);
          times[i] = bench_now_ms () - start;
          n_items = g_list_model_get_n_items (list);

          /* A view at the end: the list grows in an idle callback. */
          if (n_items > 0)
            {
              g_autoptr(GObject) last = NULL;

              start = bench_now_ms ();
              last = g_list_model_get_item (list, n_items - 1);
              while (g_main_context_iteration (NULL, FALSE))
                ;
              scroll[i] = bench_now_ms () - start;
              n_more = g_list_model_get_n_items (list) - n_items;
            }
        }

      {
        g_autofree char *what = g_strdup_printf ("    %s: the first %u cases and their page", benches[b].what, n_items);
        g_autofree char *next = g_strdup_printf ("      at the end of the view: %u more, and their page", n_more);

        met &= bench_figure (what, bench_median (times, LIST_RUNS), "ms", "<", 100);
        if (n_more > 0)
          met &= bench_figure (next, bench_median (scroll, LIST_RUNS), "ms", "<", 100);
      }
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GListModel) all = NULL;
    double start = bench_now_ms ();

    all = pb_case_store_list_cases (store, NULL, &error);
    if (all == NULL)
      g_error ("all cases: %s", error->message);
    printf ("    for comparison, every id at once (an export, the CLI): %u cases in %.0f ms\n",
            g_list_model_get_n_items (all), bench_now_ms () - start);
  }

  return met;
}

static void
bench_list (void)
{
  guint n_cases = env_uint ("PROBITY_BENCH_CASES", 1000000);
  g_autofree char *n = g_strdup_printf ("%u", n_cases);
  g_autoptr(GString) fill = g_string_new (fill_sql);
  const ListBench benches[] = {
    { "all cases", PB_CASE_FILTER_INIT },
    { "status submitted", { .status = PB_CASE_STATUS_SUBMITTED, .outcome = -1 } },
    { "signed and rejected", { .status = PB_CASE_STATUS_SIGNED, .outcome = -1, .decision = PB_CASE_STATUS_REJECTED } },
    { "outcome do-not-proceed", { .status = -1, .outcome = PB_OUTCOME_DO_NOT_PROCEED } },
    { "customer \"globex 4\"", { .customer = "globex 4", .status = -1, .outcome = -1 } },
  };
  double start;

  /* PROBITY_BENCH_CASES=0: the writers only. */
  if (n_cases == 0)
    return;

  printf ("\nthe case list over %u cases (made with generate_series)...\n", n_cases);
  fflush (stdout);
  start = bench_now_ms ();
  make_database ("list");
  g_string_replace (fill, "$N", n, 0);
  superuser_exec ("list", fill->str);
  superuser_exec ("list", "VACUUM ANALYZE");
  /* As on a server: db init keeps no statistics of the tables that hide
   * rows, those of the indexes the fill built again included. */
  db_init ("list");
  printf ("  made in %.0f s\n", (bench_now_ms () - start) / 1000);

  bench_list_as ("sam", benches, G_N_ELEMENTS (benches));
  bench_list_as ("rita", benches, G_N_ELEMENTS (benches));
  bench_list_as ("ada", benches, G_N_ELEMENTS (benches));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  gboolean ok;

  if (argc != 3)
    {
      fprintf (stderr, "usage: bench-team PROBITY-CLI QUESTIONNAIRE.xml (inside tests/pg-cluster.sh run)\n");
      return 2;
    }
  cli = argv[1];
  server = g_getenv ("PROBITY_TEST_PG");
  if (server == NULL || strstr (server, "dbname=") == NULL)
    {
      fprintf (stderr, "bench-team: no cluster: run it inside tests/pg-cluster.sh run\n");
      return 2;
    }
  /* "host=… port=… dbname=probity": keep what names the server. */
  server = g_strndup (server, strstr (server, "dbname=") - server);

  file = g_file_new_for_path (argv[2]);
  questionnaire = pb_questionnaire_new_from_file (file, &error);
  if (questionnaire == NULL)
    g_error ("%s", error->message);

  ok = bench_writers (questionnaire);
  bench_list ();

  return ok ? 0 : 1;
}
