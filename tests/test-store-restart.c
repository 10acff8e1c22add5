/* test-store-restart.c: the team server restarted while people save
 *
 * Run inside tests/pg-cluster.sh run (PROBITY_TEST_PG, PROBITY_TEST_PG_DIR):
 * four sales people save answers in threads, each with their own role,
 * connection and case, while the cluster is restarted (pg_ctl restart -m
 * fast ends every session), then stopped and started again under one
 * store. Every save a store acknowledged is in the history afterwards, in
 * order, and the answer is the last one acknowledged; a save that was not
 * acknowledged failed with a clear error (the connection was lost, or
 * someone else wrote at the same time: nothing saved); each store saves
 * again afterwards by itself, the same object, connected again; no chain
 * breaks. And the two ways a connection goes while a write is under way:
 * before its COMMIT (the write is made again, once), and with its COMMIT
 * on the way, committed (the store asks the server, and does not make it
 * twice); and the answer to a COMMIT lost with all the server said, after
 * the server committed or after it ended the session; and, when the
 * server could not be asked, a message that says only that it is not
 * known, and the save made again without a conflict with itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libpq-fe.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "pb-case-store-private.h"
#include "pb-case-watch.h"
#include "pb-db-pg.h"
#include "store-fixture.h"

#define N_WRITERS  4
/* Saves each writer makes before the restart and after it. */
#define N_SAVES    3
#define WAIT_LIMIT (120 * G_USEC_PER_SEC)

/* Four sales people of two teams, besides the fixture's. */
static void
set_up (StoreFixture  *f,
        gconstpointer  data)
{
  g_autoptr(GString) members = g_string_new ("SELECT 1");

  store_fixture_set_up (f, STORE_FIXTURE_OWN_CLUSTER);
  if (f->server == NULL)
    return;
  for (guint i = 0; i < N_WRITERS; i++)
    g_string_append_printf (members, ", probity.add_member ('sam%u', 'sales', 'team%u')", i, i % 2);
  store_server_exec (f->server, f->database, members->str);
}

/* What a save that was not acknowledged may fail with: the connection
 * lost (nothing saved), or a concurrent writer (nothing saved, try
 * again), each saying so. */
static gboolean
is_clear_error (const GError *error)
{
  return error->domain == PB_STORAGE_ERROR &&
         (error->code == PB_STORAGE_ERROR_IO || error->code == PB_STORAGE_ERROR_BUSY) &&
         (strstr (error->message, "was not saved") != NULL || strstr (error->message, "nothing was changed") != NULL);
}

static void
collect_changed (GPtrArray  *changed,
                 const char *case_id)
{
  g_ptr_array_add (changed, g_strdup (case_id != NULL ? case_id : ""));
}

/* Writers -------------------------------------------------------------------- */

typedef struct
{
  StoreFixture  *f;
  char          *user;
  PbCaseStore   *store;          /* theirs, until their thread takes it */
  char          *case_id;
  GPtrArray     *acknowledged;   /* the texts saved, in order */
  gint           n_before;       /* acknowledged before the restart */
  gint           n_after;        /* and after it */
  gint           n_lost_connection;
  char          *unclear;        /* the first error that was not clear */
} Writer;

static gint restarted;   /* atomic: the restart is over */
static gint stop;        /* atomic */

static gpointer
writer_run (gpointer data)
{
  Writer *w = data;
  g_autoptr(PbCaseStore) store = g_steal_pointer (&w->store);

  for (guint n = 0; !g_atomic_int_get (&stop); n++)
    {
      g_autofree char *text = g_strdup_printf ("%s, save %u", w->user, n);
      g_autoptr(PbAnswer) answer = pb_answer_new_string (text);
      g_autoptr(GError) error = NULL;
      gboolean after = g_atomic_int_get (&restarted);

      if (pb_case_store_set_answer (store, w->case_id, "T01", answer, NULL, NULL, NULL, &error))
        {
          g_ptr_array_add (w->acknowledged, g_steal_pointer (&text));
          g_atomic_int_inc (after ? &w->n_after : &w->n_before);
        }
      else if (!is_clear_error (error))
        {
          if (w->unclear == NULL)
            w->unclear = g_strdup_printf ("%s (%s %d)", error->message, g_quark_to_string (error->domain),
                                          error->code);
        }
      else if (error->code == PB_STORAGE_ERROR_IO)
        /* The same store goes on: it connects again by itself. */
        g_atomic_int_inc (&w->n_lost_connection);

      g_usleep (10 * 1000);
    }

  return NULL;
}

/* Waits until each writer's @field (an offset into Writer) reaches
 * N_SAVES; fails the test after WAIT_LIMIT. */
static void
wait_for_saves (Writer *writers,
                gsize   field)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT;

  for (guint i = 0; i < N_WRITERS; i++)
    while (g_atomic_int_get ((gint *) ((char *) &writers[i] + field)) < N_SAVES)
      {
        if (writers[i].unclear != NULL)
          g_error ("%s: a save failed without saying so clearly: %s", writers[i].user, writers[i].unclear);
        if (g_get_monotonic_time () > deadline)
          g_error ("%s made %d saves in %d s", writers[i].user,
                   g_atomic_int_get ((gint *) ((char *) &writers[i] + field)), (int) (WAIT_LIMIT / G_USEC_PER_SEC));
        g_usleep (20 * 1000);
      }
}

/* Every text @w saved is in its case's history, in order, and the last
 * one is the answer. */
static void
assert_nothing_lost (PbCaseStore *auditor,
                     Writer      *w)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) events = pb_case_store_list_history (auditor, w->case_id, &error);
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autofree char *last = NULL;
  guint n_events, next = 0, n_broken = 0, n_checked = 0;

  g_assert_no_error (error);
  n_events = g_list_model_get_n_items (events);
  for (guint i = 0; i < w->acknowledged->len; i++)
    {
      g_autoptr(PbAnswer) saved = pb_answer_new_string (g_ptr_array_index (w->acknowledged, i));
      g_autofree char *json = pb_answer_to_json (saved);
      gboolean found = FALSE;

      while (!found && next < n_events)
        {
          g_autoptr(PbHistoryEvent) event = g_list_model_get_item (events, next++);

          found = g_strcmp0 (pb_history_event_get_new_value (event), json) == 0;
        }
      if (!found)
        g_error ("%s: the acknowledged save “%s” is not in the history of %s", w->user,
                 (char *) g_ptr_array_index (w->acknowledged, i), w->case_id);
    }

  answers = pb_case_store_get_answers (auditor, w->case_id, 0, &error);
  g_assert_no_error (error);
  last = pb_answer_to_json (pb_answer_set_lookup (answers, "T01"));
  {
    g_autoptr(PbAnswer) expected = pb_answer_new_string (g_ptr_array_index (w->acknowledged, w->acknowledged->len - 1));
    g_autofree char *json = pb_answer_to_json (expected);

    g_assert_cmpstr (last, ==, json);
  }

  g_assert_true (pb_case_store_verify_case (auditor, w->case_id, &n_checked, &n_broken, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_broken, ==, 0);
  g_assert_cmpuint (n_checked, >=, w->acknowledged->len + 1);
}

static void
test_restart_under_load (StoreFixture  *f,
                         gconstpointer  data)
{
  Writer writers[N_WRITERS] = { { 0, } };
  GThread *threads[N_WRITERS];
  g_autoptr(PbCaseStore) auditor = NULL;
  g_autofree char *started = NULL;
  g_autofree char *started_again = NULL;
  g_autofree char *problems = NULL;

  if (!store_fixture_needs_server (f))
    return;

  started = store_server_query (f->server, "postgres", "SELECT pg_postmaster_start_time ()");
  g_atomic_int_set (&restarted, 0);
  g_atomic_int_set (&stop, 0);
  for (guint i = 0; i < N_WRITERS; i++)
    {
      writers[i].f = f;
      writers[i].user = g_strdup_printf ("sam%u", i);
      writers[i].acknowledged = g_ptr_array_new_with_free_func (g_free);
      /* The cases first: made while others save, one may fail to
       * serialise (SERIALIZABLE), which is not what this tests. */
      writers[i].store = store_fixture_open_as (f, writers[i].user, PB_ROLE_SALES);
      writers[i].case_id = store_fixture_new_case (f, writers[i].store, writers[i].user);
    }
  for (guint i = 0; i < N_WRITERS; i++)
    threads[i] = g_thread_new (writers[i].user, writer_run, &writers[i]);

  wait_for_saves (writers, G_STRUCT_OFFSET (Writer, n_before));
  store_fixture_cluster (f, "restart");
  g_atomic_int_set (&restarted, 1);
  wait_for_saves (writers, G_STRUCT_OFFSET (Writer, n_after));
  g_atomic_int_set (&stop, 1);
  for (guint i = 0; i < N_WRITERS; i++)
    g_thread_join (threads[i]);

  /* It did restart: every session was ended. */
  started_again = store_server_query (f->server, "postgres", "SELECT pg_postmaster_start_time ()");
  g_assert_cmpstr (started, !=, started_again);

  auditor = store_fixture_open_as (f, "ada", PB_ROLE_AUDITOR);
  for (guint i = 0; i < N_WRITERS; i++)
    {
      g_assert_null (writers[i].unclear);
      assert_nothing_lost (auditor, &writers[i]);
      g_test_message ("%s: %u saves acknowledged, %d failed on the lost connection",
                      writers[i].user, writers[i].acknowledged->len, writers[i].n_lost_connection);
    }
  problems = store_server_query (f->server, f->database, "SELECT count(*) FROM probity.check_history ()");
  g_assert_cmpstr (problems, ==, "0");

  for (guint i = 0; i < N_WRITERS; i++)
    {
      g_free (writers[i].user);
      g_free (writers[i].case_id);
      g_free (writers[i].unclear);
      g_ptr_array_unref (writers[i].acknowledged);
    }
}

/* With the server down a save fails, says it was not saved, and saves
 * nothing; with the server back the same store saves again by itself. */
static void
test_server_down (StoreFixture  *f,
                  gconstpointer  data)
{
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(PbCaseStore) auditor = NULL;
  g_autoptr(PbAnswer) answer = pb_answer_new_string ("while the server was down");
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *value = NULL;
  guint n_broken = 0;

  if (!store_fixture_needs_server (f))
    return;

  store = store_fixture_open_as (f, "sam0", PB_ROLE_SALES);
  case_id = store_fixture_new_case (f, store, "Acme");
  store_fixture_answer (store, case_id, "T01", "\"before\"", NULL, NULL);

  store_fixture_cluster (f, "stop");
  g_assert_false (pb_case_store_set_answer (store, case_id, "T01", answer, NULL, NULL, NULL, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO);
  g_assert_true (is_clear_error (error));
  g_clear_error (&error);
  store_fixture_cluster (f, "restart");

  /* Once more: the same store connects again by itself. */
  g_assert_true (pb_case_store_set_answer (store, case_id, "T01", answer, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  auditor = store_fixture_open_as (f, "ada", PB_ROLE_AUDITOR);
  answers = pb_case_store_get_answers (auditor, case_id, 0, &error);
  g_assert_no_error (error);
  value = pb_answer_to_json (pb_answer_set_lookup (answers, "T01"));
  g_assert_cmpstr (value, ==, "\"while the server was down\"");
  /* created, "before", the answer once: the refused save left nothing. */
  {
    guint n_events = 0;

    g_assert_true (pb_case_store_verify_case (auditor, case_id, &n_events, &n_broken, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n_events, ==, 3);
    g_assert_cmpuint (n_broken, ==, 0);
  }
}

/* The session of @user that waits on @wait_event (a wait_event of
 * pg_stat_activity: "SyncRep", or a lock's type), waited for. */
static char *
wait_for_backend (StoreFixture *f,
                  const char   *user,
                  const char   *wait_event)
{
  g_autofree char *sql = g_strdup_printf ("SELECT pid FROM pg_stat_activity WHERE usename = '%s' "
                                          "AND (wait_event = '%s' OR wait_event_type = '%s')",
                                          user, wait_event, wait_event);
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT;
  char *pid;

  while ((pid = store_server_query (f->server, "postgres", sql)) == NULL)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("%s never waited on %s", user, wait_event);
      g_usleep (20 * 1000);
    }

  return pid;
}

/* The session of @user in @state (of pg_stat_activity), waited for. */
static char *
wait_for_state (StoreFixture *f,
                const char   *user,
                const char   *state)
{
  g_autofree char *sql = g_strdup_printf ("SELECT pid FROM pg_stat_activity WHERE usename = '%s' AND state = '%s'",
                                          user, state);
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT;
  char *pid;

  while ((pid = store_server_query (f->server, "postgres", sql)) == NULL)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("%s was never %s", user, state);
      g_usleep (10 * 1000);
    }

  return pid;
}

/* Ends the session of process @pid as an administrator or a restart
 * would (57P01 on its connection), and waits until it is gone. */
static void
terminate (StoreFixture *f,
           const char   *pid)
{
  g_autofree char *sql = g_strdup_printf ("SELECT pg_terminate_backend (%s, 10000)", pid);

  store_server_exec (f->server, "postgres", sql);
}

static void
save (PbCaseStore *store,
      const char  *case_id,
      const char  *text)
{
  g_autoptr(PbAnswer) answer = pb_answer_new_string (text);
  g_autoptr(GError) error = NULL;
  gboolean saved = pb_case_store_set_answer (store, case_id, "T01", answer, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (saved);
}

typedef struct
{
  StoreFixture *f;
  const char   *user;
  const char   *wait_event;
  const char   *before;    /* SQL run (superuser, test database) before the session ends */
  PGconn       *locker;    /* holds a lock until the session ends, then lets go */
} Ender;

/* Ends @user's session once it waits on @wait_event, as an administrator
 * or a restart would (pg_terminate_backend: 57P01 on its connection). */
static gpointer
end_session (gpointer data)
{
  Ender *e = data;
  g_autofree char *pid = wait_for_backend (e->f, e->user, e->wait_event);

  if (e->before != NULL)
    store_server_exec (e->f->server, e->f->database, e->before);
  terminate (e->f, pid);
  if (e->locker != NULL)
    PQclear (PQexec (e->locker, "ROLLBACK"));

  return NULL;
}

static guint
count_events (PbCaseStore *store,
              const char  *case_id)
{
  g_autoptr(GError) error = NULL;
  guint n_events = 0, n_broken = 0;

  g_assert_true (pb_case_store_verify_case (store, case_id, &n_events, &n_broken, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_broken, ==, 0);

  return n_events;
}

/* After a restart the same store reads at once, as if nothing happened:
 * it finds its connection closed and makes it again, with its session
 * (LISTEN too: what another person changes reaches its watch), then
 * writes. */
static void
test_same_store (StoreFixture  *f,
                 gconstpointer  data)
{
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(PbCaseStore) other = NULL;
  g_autoptr(PbCaseWatch) watch = NULL;
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(PbAnswer) answer = pb_answer_new_string ("after the restart");
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = NULL;
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);
  gint64 deadline;

  if (!store_fixture_needs_server (f))
    return;

  store = store_fixture_open_as (f, "sam0", PB_ROLE_SALES);
  watch = pb_case_watch_new (store, &error);
  g_assert_no_error (error);
  g_signal_connect_swapped (watch, "changed", G_CALLBACK (collect_changed), changed);
  case_id = store_fixture_new_case (f, store, "Acme");
  store_fixture_answer (store, case_id, "T01", "\"before\"", NULL, NULL);

  store_fixture_cluster (f, "restart");

  /* A read first: no error, no other store. */
  answers = pb_case_store_get_answers (store, case_id, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (answers);
  g_assert_cmpstr (pb_answer_get_string (pb_answer_set_lookup (answers, "T01")), ==, "before");
  g_assert_true (pb_case_store_set_answer (store, case_id, "T01", answer, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_events (store, case_id), ==, 3);

  /* Its watch heard of the new connection, and listens on it. */
  deadline = g_get_monotonic_time () + WAIT_LIMIT;
  while (changed->len == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (changed->len, >=, 1);
  g_assert_true (pb_case_watch_get_connected (watch));
  g_ptr_array_set_size (changed, 0);

  other = store_fixture_open_as (f, "sam2", PB_ROLE_SALES);
  {
    g_autoptr(PbAnswer) theirs = pb_answer_new_string ("the other one's");
    g_autofree char *their_case = store_fixture_new_case (f, other, "Blue Harbour");

    g_assert_true (pb_case_store_set_answer (other, their_case, "T01", theirs, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  deadline = g_get_monotonic_time () + WAIT_LIMIT;
  while (changed->len == 0 && g_get_monotonic_time () < deadline)
    {
      pb_case_watch_check (watch);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * 1000);
    }
  g_assert_cmpuint (changed->len, >=, 1);
}

/* The session ends while the write waits for a lock, before its COMMIT:
 * the server ended the transaction with it, so the store connects again
 * and makes the write again, once. */
static void
test_lost_before_commit (StoreFixture  *f,
                         gconstpointer  data)
{
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(PbAnswer) answer = pb_answer_new_string ("saved once");
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *conninfo = NULL;
  g_autofree char *lock = NULL;
  Ender ender = { f, "sam0", "Lock", NULL, NULL };
  GThread *thread;

  if (!store_fixture_needs_server (f))
    return;

  store = store_fixture_open_as (f, "sam0", PB_ROLE_SALES);
  case_id = store_fixture_new_case (f, store, "Acme");

  /* An administrator holds the case's row: the save waits for it. */
  conninfo = g_strdup_printf ("%s dbname=%s user=postgres", f->server, f->database);
  ender.locker = PQconnectdb (conninfo);
  g_assert_cmpint (PQstatus (ender.locker), ==, CONNECTION_OK);
  lock = g_strdup_printf ("BEGIN; SELECT 1 FROM probity.cases WHERE id = '%s' FOR UPDATE", case_id);
  PQclear (PQexec (ender.locker, lock));

  thread = g_thread_new ("end", end_session, &ender);
  g_assert_true (pb_case_store_set_answer (store, case_id, "T01", answer, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_thread_join (thread);
  PQfinish (ender.locker);

  /* created, the answer once */
  g_assert_cmpuint (count_events (store, case_id), ==, 2);
  answers = pb_case_store_get_answers (store, case_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_answer_get_string (pb_answer_set_lookup (answers, "T01")), ==, "saved once");
}

/* The session ends with the COMMIT on its way and committed, its answer
 * lost: the server committed locally and waits for a standby that never
 * comes (synchronous replication), and is told to end the session. The
 * store asks the server what became of the transaction, learns that it
 * committed, and says so: not lost, not made twice, and the next answer
 * goes on top of it. */
static void
test_commit_lost (StoreFixture  *f,
                  gconstpointer  data)
{
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(PbAnswer) answer = pb_answer_new_string ("committed, answer lost");
  g_autoptr(PbAnswer) next = pb_answer_new_string ("the next one");
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = NULL;
  Ender ender = { f, "sam0", "SyncRep", "ALTER ROLE sam0 SET synchronous_commit = 'local'", NULL };
  GThread *thread;
  gboolean saved;

  if (!store_fixture_needs_server (f))
    return;

  store = store_fixture_open_as (f, "sam0", PB_ROLE_SALES);
  case_id = store_fixture_new_case (f, store, "Acme");
  g_clear_object (&store);

  /* Everyone commits locally but sam0, whose sessions wait for a standby. */
  store_server_exec (f->server, "postgres", "ALTER SYSTEM SET synchronous_standby_names = 'probity_nobody'");
  store_server_exec (f->server, "postgres", "ALTER SYSTEM SET synchronous_commit = 'local'");
  store_server_exec (f->server, "postgres", "SELECT pg_reload_conf ()");
  store_server_exec (f->server, f->database, "ALTER ROLE sam0 SET synchronous_commit = 'on'");
  store = store_fixture_open_as (f, "sam0", PB_ROLE_SALES);

  thread = g_thread_new ("end", end_session, &ender);
  saved = pb_case_store_set_answer (store, case_id, "T01", answer, NULL, NULL, NULL, &error);
  g_thread_join (thread);
  store_server_exec (f->server, "postgres", "ALTER SYSTEM RESET synchronous_standby_names");
  store_server_exec (f->server, "postgres", "ALTER SYSTEM RESET synchronous_commit");
  store_server_exec (f->server, "postgres", "SELECT pg_reload_conf ()");
  store_server_exec (f->server, f->database, "ALTER ROLE sam0 RESET synchronous_commit");
  g_assert_no_error (error);
  g_assert_true (saved);

  /* created, the answer once */
  g_assert_cmpuint (count_events (store, case_id), ==, 2);
  g_assert_true (pb_case_store_set_answer (store, case_id, "T01", next, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_events (store, case_id), ==, 3);
  answers = pb_case_store_get_answers (store, case_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_answer_get_string (pb_answer_set_lookup (answers, "T01")), ==, "the next one");
}

/* The answer to a COMMIT lost on its way, whatever the server said: the
 * connection the store reads from here on ends at once. */
static void
lose_connection (PbDbPg *db)
{
  int pair[2];

  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM, 0, pair), ==, 0);
  close (pair[1]);
  g_assert_cmpint (dup2 (pair[0], pb_db_pg_get_socket (db)), >=, 0);
  close (pair[0]);
}

/* How a COMMIT's answer goes. */
static const struct
{
  const char *what;
  gboolean    committed;   /* the server committed first */
  gboolean    lost;        /* what it said never reaches the store */
  gboolean    background;  /* the store may not wait (pb_db_pg_set_background) */
} losses[] = {
  { "the session ended first, its farewell lost", FALSE, TRUE, FALSE },
  { "the server committed, its answer lost", TRUE, TRUE, FALSE },
  /* Its farewell (57P01) in place of the COMMIT's answer (a Unix socket
   * keeps what was sent): certainly not saved, which a store that may
   * not wait to ask says at once. */
  { "the session ended first, its farewell read", FALSE, FALSE, TRUE },
};

typedef struct
{
  StoreFixture *f;
  guint         how;    /* in losses */
  gboolean      done;
} Loss;

/* Once: the session that was to commit ends before its COMMIT arrives (a
 * restart), or the server commits and answers; and what it said is lost,
 * or not. */
static void
lose_commit_answer (PbDbPg   *db,
                    gboolean  sent,
                    gpointer  data)
{
  Loss *loss = data;
  g_autofree char *pid = NULL;

  if (loss->done || sent != losses[loss->how].committed)
    return;
  loss->done = TRUE;

  pid = wait_for_state (loss->f, "sam0", sent ? "idle" : "idle in transaction");
  if (!sent)
    terminate (loss->f, pid);
  if (losses[loss->how].lost)
    lose_connection (db);
}

/* The answer to a write's COMMIT lost, with everything the server said
 * since it began (the flake of store-restart-pg under load: the id of the
 * transaction came with the COMMIT's answer, and went with it). The
 * store knows the id from the BEGIN on and asks the server: committed, it
 * says so and does not make the write twice; ended before it committed,
 * it makes the write again, once. And the server's farewell read in place
 * of the answer: not saved, certainly. */
static void
test_commit_answer_lost (StoreFixture  *f,
                         gconstpointer  data)
{
  if (!store_fixture_needs_server (f))
    return;

  for (guint how = 0; how < G_N_ELEMENTS (losses); how++)
    {
      g_autoptr(PbCaseStore) store = store_fixture_open_as (f, "sam0", PB_ROLE_SALES);
      const char *text = losses[how].what;
      g_autoptr(PbAnswerSet) answers = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *case_id = store_fixture_new_case (f, store, "Acme");
      Loss loss = { f, how, FALSE };

      g_test_message ("%s", losses[how].what);
      pb_db_pg_set_commit_hook (PB_DB_PG (store->db), lose_commit_answer, &loss);
      if (losses[how].background)
        {
          g_autoptr(PbAnswer) answer = pb_answer_new_string (text);

          pb_db_pg_set_background (PB_DB_PG (store->db), TRUE);
          g_assert_false (pb_case_store_set_answer (store, case_id, "T01", answer, NULL, NULL, NULL, &error));
          g_assert_nonnull (error);
          if (!is_clear_error (error))
            g_error ("not a clear error: %s", error->message);
          g_clear_error (&error);
          pb_db_pg_set_background (PB_DB_PG (store->db), FALSE);
        }
      save (store, case_id, text);
      g_assert_true (loss.done);
      pb_db_pg_set_commit_hook (PB_DB_PG (store->db), NULL, NULL);

      /* created, the answer once */
      g_assert_cmpuint (count_events (store, case_id), ==, 2);
      answers = pb_case_store_get_answers (store, case_id, 0, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (pb_answer_get_string (pb_answer_set_lookup (answers, "T01")), ==, text);
    }
}

/* A save whose COMMIT's answer was lost in a store that may not wait
 * (the window's): whether it was saved is not known, and the message says
 * only that (it said "not known (… Nothing was saved …)"). The page keeps
 * what was typed and saves it again when the server is back, maybe with
 * more typed meanwhile: if the lost COMMIT had committed, the answer found
 * then is this store's own, not someone else's, and the save goes on top
 * of it (it was refused as a conflict with itself); the same answer again
 * is saved once. */
static void
test_unclear_then_again (StoreFixture  *f,
                         gconstpointer  data)
{
  /* In losses: committed, or the session ended first. */
  static const guint hows[] = { 1, 0 };

  if (!store_fixture_needs_server (f))
    return;

  for (guint h = 0; h < G_N_ELEMENTS (hows); h++)
    for (guint same = 0; same < 2; same++)
      {
        g_autoptr(PbCaseStore) store = store_fixture_open_as (f, "sam0", PB_ROLE_SALES);
        g_autofree char *case_id = store_fixture_new_case (f, store, "Acme");
        g_autoptr(PbAnswer) answer = pb_answer_new_string ("typed first");
        g_autoptr(PbAnswerSet) answers = NULL;
        g_autoptr(GError) error = NULL;
        const char *again = same ? "typed first" : "typed more";
        Loss loss = { f, hows[h], FALSE };
        guint n_events;

        g_test_message ("%s, then %s", losses[hows[h]].what, again);
        /* Read, as the wizard does: later saves are checked against it. */
        answers = pb_case_store_get_answers (store, case_id, 0, &error);
        g_assert_no_error (error);
        g_clear_object (&answers);

        pb_db_pg_set_commit_hook (PB_DB_PG (store->db), lose_commit_answer, &loss);
        pb_db_pg_set_background (PB_DB_PG (store->db), TRUE);
        g_assert_false (pb_case_store_set_answer (store, case_id, "T01", answer, NULL, NULL, NULL, &error));
        g_assert_true (loss.done);
        g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO);
        g_test_message ("%s", error->message);
        g_assert_nonnull (strstr (error->message, "whether this change was saved"));
        g_assert_null (strstr (error->message, "not saved"));
        g_assert_null (strstr (error->message, "Nothing was saved"));
        g_clear_error (&error);
        pb_db_pg_set_commit_hook (PB_DB_PG (store->db), NULL, NULL);
        pb_db_pg_set_background (PB_DB_PG (store->db), FALSE);

        /* Back: what the page shows is saved, and what follows too. */
        save (store, case_id, again);
        save (store, case_id, "and then");

        /* created, the first answer if it was saved, the second if it
         * differs, the third */
        n_events = 1 + (losses[hows[h]].committed ? 1 : 0) +
                   (losses[hows[h]].committed && same ? 0 : 1) + 1;
        g_assert_cmpuint (count_events (store, case_id), ==, n_events);
        answers = pb_case_store_get_answers (store, case_id, 0, &error);
        g_assert_no_error (error);
        g_assert_cmpstr (pb_answer_get_string (pb_answer_set_lookup (answers, "T01")), ==, "and then");
      }
}

#define COUNT_PREPARED "SELECT count(*) FROM pg_prepared_statements"

/* The statements prepared on @store's session, read in that session,
 * through the gate as sam's statements go (schema-v16.sql): the test
 * registers this one, which is not the store's. */
static guint
n_prepared (PbCaseStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbDbStmt) stmt = pb_db_prepare (store->db, COUNT_PREPARED, &error);

  g_assert_no_error (error);
  g_assert_cmpint (pb_db_stmt_step (stmt, &error), ==, PB_DB_ROW);
  g_assert_no_error (error);

  return pb_db_stmt_column_int (stmt, 0);
}

/* A save's statements, which the connection keeps (pb_db_prepare_cached),
 * are prepared on the server once per session: the next save prepares
 * none; once the session ended, the new one prepares them again and the
 * saves go on. */
static void
test_prepared_once (StoreFixture  *f,
                    gconstpointer  data)
{
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *pid = NULL;
  guint n;

  if (!store_fixture_needs_server (f))
    return;

  store_server_exec (f->server, f->database,
                     "INSERT INTO probity.statements VALUES (sha256 ('" COUNT_PREPARED "'), '" COUNT_PREPARED "')");
  store = store_fixture_open_as (f, "sam0", PB_ROLE_SALES);
  case_id = store_fixture_new_case (f, store, "Acme");
  save (store, case_id, "one");
  n = n_prepared (store);
  g_test_message ("%u statements prepared", n);
  g_assert_cmpuint (n, >, 0);
  save (store, case_id, "two");
  g_assert_cmpuint (n_prepared (store), ==, n);

  pid = wait_for_state (f, "sam0", "idle");
  terminate (f, pid);
  save (store, case_id, "three");
  g_assert_cmpuint (n_prepared (store), >, 0);
  g_assert_cmpuint (n_prepared (store), <=, n);
  save (store, case_id, "four");

  /* created, four answers */
  g_assert_cmpuint (count_events (store, case_id), ==, 5);
  answers = pb_case_store_get_answers (store, case_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_answer_get_string (pb_answer_set_lookup (answers, "T01")), ==, "four");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, StoreFixture, NULL, set_up, func, store_fixture_tear_down)
  ADD ("/pb/store-restart/under-load", test_restart_under_load);
  ADD ("/pb/store-restart/server-down", test_server_down);
  ADD ("/pb/store-restart/same-store", test_same_store);
  ADD ("/pb/store-restart/lost-before-commit", test_lost_before_commit);
  ADD ("/pb/store-restart/commit-lost", test_commit_lost);
  ADD ("/pb/store-restart/commit-answer-lost", test_commit_answer_lost);
  ADD ("/pb/store-restart/unclear-then-again", test_unclear_then_again);
  ADD ("/pb/store-restart/prepared-once", test_prepared_once);
#undef ADD

  return g_test_run ();
}
