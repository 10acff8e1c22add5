/* test-store-crash.c: SIGKILL in the middle of autosaving, and two writers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pb-case-store.h"
#include "store-fixture.h"
#include "test-actor.h"

static guint n_rounds = 25;

/* A file, or a database on a server (store-fixture.h), with one case, no
 * store open on it. */
typedef struct
{
  StoreFixture  base;
  char         *case_id;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(PbCustomer) customer = NULL;
  g_autoptr(PbProduct) product = NULL;
  g_autoptr(GError) error = NULL;

  store_fixture_set_up (&f->base, STORE_FIXTURE_NO_STORE);
  store = pb_case_store_new (f->base.path, &error);
  g_assert_no_error (error);
  pb_test_act_as (store, "alice");
  customer = pb_case_store_add_customer (store, "Acme", NULL, "GB", NULL, NULL, &error);
  g_assert_no_error (error);
  product = pb_case_store_add_product (store, "EyeCam", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  /* Nobody the writers are; on a server, alice, whom it authenticated. */
  if (!store_fixture_on_server (&f->base))
    pb_test_act_as (store, "setup");
  f->case_id = pb_case_store_create_case (store, pb_customer_get_uid (customer), pb_product_get_uid (product),
                                          f->base.questionnaire, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_free (f->case_id);
  store_fixture_tear_down (&f->base, data);
}

typedef struct
{
  GPid     pid;
  int      out_fd;
  GString *buffer;
} Writer;

static void
writer_spawn (Writer      *writer,
              const char **argv,
              int         *in_fd)
{
  g_autoptr(GError) error = NULL;

  writer->buffer = g_string_new (NULL);
  g_spawn_async_with_pipes (NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &writer->pid, in_fd, &writer->out_fd, NULL, &error);
  g_assert_no_error (error);
}

static void
writer_start (Writer     *writer,
              const char *db,
              const char *case_id,
              const char *tag,
              guint       count)
{
  g_autofree char *helper = g_test_build_filename (G_TEST_BUILT, "test-store-writer", NULL);
  g_autofree char *count_text = g_strdup_printf ("%u", count);
  const char *argv[] = { helper, db, case_id, tag, count_text, NULL };

  writer_spawn (writer, argv, NULL);
}

/* Reads what is there; returns FALSE at end of file. */
static gboolean
writer_read (Writer *writer,
             int     timeout_ms)
{
  char chunk[4096];
  GPollFD poll_fd = { writer->out_fd, G_IO_IN | G_IO_HUP, 0 };
  gssize n;

  if (g_poll (&poll_fd, 1, timeout_ms) <= 0)
    return TRUE;

  n = read (writer->out_fd, chunk, sizeof chunk);
  if (n < 0 && errno == EINTR)
    return TRUE;
  g_assert_cmpint (n, >=, 0);
  if (n == 0)
    return FALSE;

  g_string_append_len (writer->buffer, chunk, n);

  return TRUE;
}

static guint
writer_n_reported (Writer *writer)
{
  guint n = 0;

  for (gsize i = 0; i < writer->buffer->len; i++)
    n += writer->buffer->str[i] == '\n';

  return n;
}

/* Reads until the child has written @line; fails if it ends first. */
static void
writer_wait_for (Writer     *writer,
                 const char *line)
{
  g_autofree char *wanted = g_strconcat (line, "\n", NULL);

  while (strstr (writer->buffer->str, wanted) == NULL)
    if (!writer_read (writer, 10000))
      g_error ("the writer ended before it said “%s”: %s", line, writer->buffer->str);
}

/* Waits for the child and reads everything it wrote before it ended. */
static int
writer_finish (Writer *writer)
{
  int status = 0;

  while (writer_read (writer, 1000))
    ;
  close (writer->out_fd);
  g_assert_cmpint (waitpid (writer->pid, &status, 0), ==, writer->pid);
  g_spawn_close_pid (writer->pid);

  return status;
}

static sqlite3 *
open_raw (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);

  return db;
}

/* The file's own check; a server checks its pages itself. */
static void
assert_integrity (Fixture *f)
{
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;

  if (store_fixture_on_server (&f->base))
    return;
  db = open_raw (f->base.path);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* How many answer events by @user set @new_value (JSON): in SQL past the
 * store on a file, from the history a server gives. */
static guint
count_events (Fixture     *f,
              PbCaseStore *store,
              const char  *user,
              const char  *new_value)
{
  guint n = 0;

  if (!store_fixture_on_server (&f->base))
    {
      sqlite3 *db = open_raw (f->base.path);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db,
                                           "SELECT count(*) FROM events WHERE case_id = ?1 AND user = ?2"
                                           "   AND kind LIKE 'answer-%' AND (?3 IS NULL OR new_value = ?3)",
                                           -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, f->case_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, user, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, new_value, -1, SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      n = sqlite3_column_int (stmt, 0);
      sqlite3_finalize (stmt);
      sqlite3_close (db);
    }
  else
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GListModel) history = pb_case_store_list_history (store, f->case_id, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < g_list_model_get_n_items (history); i++)
        {
          g_autoptr(PbHistoryEvent) event = g_list_model_get_item (history, i);
          PbEventKind kind = pb_history_event_get_kind (event);

          n += g_strcmp0 (pb_history_event_get_user (event), user) == 0 &&
               (kind == PB_EVENT_ANSWER_SET || kind == PB_EVENT_ANSWER_CHANGED || kind == PB_EVENT_ANSWER_CLEARED) &&
               (new_value == NULL || g_strcmp0 (pb_history_event_get_new_value (event), new_value) == 0);
        }
    }

  return n;
}

/* Every index the child reported has its answer event in the history, and
 * each question holds the last reported value or a later one that committed
 * without being reported. */
static void
assert_reported_present (Fixture     *f,
                         PbCaseStore *store,
                         const char  *user,
                         const char  *tag,
                         Writer      *writer)
{
  g_auto(GStrv) lines = g_strsplit (writer->buffer->str, "\n", -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(PbAnswerSet) answers = NULL;
  const char *case_id = f->case_id;
  gint64 last_for_question[80];

  for (guint q = 0; q < 80; q++)
    last_for_question[q] = -1;

  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      guint64 index = g_ascii_strtoull (lines[i], NULL, 10);
      g_autofree char *value = g_strdup_printf ("\"%s-%" G_GUINT64_FORMAT "\"", tag, index);

      if (count_events (f, store, user, value) != 1)
        g_error ("answer %s was reported committed but is not in the history", value);

      last_for_question[index % 80] = index;
    }

  answers = pb_case_store_get_answers (store, case_id, 0, &error);
  g_assert_no_error (error);

  for (guint q = 0; q < 80; q++)
    {
      g_autofree char *question = g_strdup_printf ("T%02u", q + 1);
      g_autofree char *prefix = g_strdup_printf ("%s-", tag);
      PbAnswer *stored = pb_answer_set_lookup (answers, question);
      const char *text;

      if (last_for_question[q] < 0)
        continue;

      g_assert_nonnull (stored);
      text = pb_answer_get_string (stored);
      if (g_str_has_prefix (text, prefix))
        g_assert_cmpint (g_ascii_strtoll (text + strlen (prefix), NULL, 10), >=, last_for_question[q]);
    }
}

static void
test_sigkill (Fixture       *f,
              gconstpointer  data)
{
  guint total = 0;

  for (guint round = 0; round < n_rounds; round++)
    {
      g_autofree char *tag = g_strdup_printf ("r%u", round);
      g_autoptr(PbCaseStore) store = NULL;
      g_autoptr(GError) error = NULL;
      Writer writer = { 0 };
      gint64 deadline;
      int status;

      writer_start (&writer, f->base.path, f->case_id, tag, 0);

      /* Some rounds kill while the child is still opening the file, most
       * after it has committed a few answers, at a random moment. */
      if (round % 5 != 0)
        while (writer_n_reported (&writer) == 0)
          g_assert_true (writer_read (&writer, 1000));

      deadline = g_get_monotonic_time () + g_random_int_range (0, 40000);
      while (g_get_monotonic_time () < deadline)
        writer_read (&writer, 1);

      g_assert_cmpint (kill (writer.pid, SIGKILL), ==, 0);
      status = writer_finish (&writer);
      g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);

      total += writer_n_reported (&writer);

      assert_integrity (f);
      store = pb_case_store_new (f->base.path, &error);
      g_assert_no_error (error);
      pb_test_act_as (store, "alice");
      assert_reported_present (f, store, store_fixture_on_server (&f->base) ? "alice" : tag, tag, &writer);
      pb_case_store_verify_case (store, f->case_id, NULL, NULL, &error);
      g_assert_no_error (error);

      g_string_free (writer.buffer, TRUE);
    }

  g_test_message ("%u rounds, %u answers reported committed before SIGKILL", n_rounds, total);
  g_assert_cmpuint (total, >, 0);
}

static void
test_two_writers (Fixture       *f,
                  gconstpointer  data)
{
  const guint count = 60;
  g_autofree char *path_a = NULL;
  g_autofree char *path_b = NULL;
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(GError) error = NULL;
  Writer a = { 0 }, b = { 0 };
  guint n_events = 0;

  /* On a server, two people of alice's team, each logged in as themselves. */
  if (store_fixture_on_server (&f->base))
    {
      path_a = store_server_location (f->base.server, f->base.database, "sam");
      path_b = store_server_location (f->base.server, f->base.database, "sue");
    }
  writer_start (&a, path_a != NULL ? path_a : f->base.path, f->case_id, "A", count);
  writer_start (&b, path_b != NULL ? path_b : f->base.path, f->case_id, "B", count);

  g_assert_cmpint (writer_finish (&a), ==, 0);
  g_assert_cmpint (writer_finish (&b), ==, 0);
  g_assert_cmpuint (writer_n_reported (&a), ==, count);
  g_assert_cmpuint (writer_n_reported (&b), ==, count);

  assert_integrity (f);
  store = pb_case_store_new (f->base.path, &error);
  g_assert_no_error (error);
  pb_test_act_as (store, "alice");

  /* Both wrote to the same case: one chain, every answer an event. */
  pb_case_store_verify_case (store, f->case_id, &n_events, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_events, ==, 1 + 2 * count);

  g_assert_cmpuint (count_events (f, store, path_a != NULL ? "sam" : "A", NULL), ==, count);
  g_assert_cmpuint (count_events (f, store, path_b != NULL ? "sue" : "B", NULL), ==, count);

  g_string_free (a.buffer, TRUE);
  g_string_free (b.buffer, TRUE);
}

/* A store that opens and closes a second store on the same file, then a
 * reader that is not Probity (the sqlite3 shell, as a backup script would
 * run it), then an answer the store reports saved, then SIGKILL: the answer
 * is there afterwards. When opening the second store closed a descriptor
 * of the file outside SQLite, that dropped the first store's locks; the
 * shell then took the file for its last user, folded the WAL in and deleted
 * it, and the answer went to a deleted file. */
static void
test_second_store_and_reader (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *helper = g_test_build_filename (G_TEST_BUILT, "test-store-writer", NULL);
  g_autofree char *shell_out = NULL;
  g_autofree char *shell_err = NULL;
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { helper, "--second-store", f->base.path, f->case_id, NULL };
  const char *shell[] = { "sqlite3", f->base.path, "SELECT count(*) FROM answers", NULL };
  Writer writer = { 0 };
  int in_fd = -1;
  int status = 0;

  if (!store_fixture_needs_file (&f->base, "file that a second store or another program may close"))
    return;

  writer_spawn (&writer, argv, &in_fd);
  writer_wait_for (&writer, "opened-second");

  g_spawn_sync (NULL, (char **)shell, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &shell_out, &shell_err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpstr (shell_out, ==, "1\n");

  g_assert_cmpint (write (in_fd, "go\n", 3), ==, 3);
  writer_wait_for (&writer, "saved");

  g_assert_cmpint (kill (writer.pid, SIGKILL), ==, 0);
  status = writer_finish (&writer);
  g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
  close (in_fd);

  assert_integrity (f);
  store = pb_case_store_new (f->base.path, &error);
  g_assert_no_error (error);
  answers = pb_case_store_get_answers (store, f->case_id, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pb_answer_set_lookup (answers, "T01"));
  g_assert_nonnull (pb_answer_set_lookup (answers, "T02"));
  g_assert_cmpstr (pb_answer_get_string (pb_answer_set_lookup (answers, "T02")), ==, "last");
  pb_case_store_verify_case (store, f->case_id, NULL, NULL, &error);
  g_assert_no_error (error);

  g_string_free (writer.buffer, TRUE);
}

/* What the WAL file may grow to: the bound at which the writer checkpoints
 * itself (pb-db-sqlite.c, CHECKPOINT_PAGES_MAX), and one more commit. */
#define WAL_FRAME_SIZE (4096 + 24)
#define WAL_MAX_PAGES  (4000 + 1000)

/* Checkpoints run in a worker thread, off the commits. A writer that never
 * pauses (each answer here writes some 200 pages: its value, and the old
 * and new ones in the history) still keeps the WAL bounded, closing waits
 * for the checkpoint under way, and every answer is there afterwards with
 * its history chain intact. */
static void
test_checkpoints (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->base.path, "-wal", NULL);
  g_autofree char *last = NULL;
  g_autoptr(GString) words = g_string_sized_new (240 * 1024);
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(GError) error = NULL;
  const guint n_saves = 48;
  GStatBuf st;

  if (!store_fixture_needs_file (&f->base, "WAL file"))
    return;

  while (words->len < 240 * 1024)
    g_string_append_printf (words, "word%u ", g_random_int_range (0, 1000000));

  store = pb_case_store_new (f->base.path, &error);
  g_assert_no_error (error);
  pb_test_act_as (store, "alice");
  for (guint i = 0; i < n_saves; i++)
    {
      g_autofree char *value = g_strdup_printf ("%s%u", words->str, i);
      g_autoptr(PbAnswer) answer = pb_answer_new_string (value);

      pb_case_store_set_answer (store, f->case_id, "T01", answer, NULL, NULL, NULL, &error);
      g_assert_no_error (error);

      g_assert_cmpint (g_stat (wal, &st), ==, 0);
      g_assert_cmpint (st.st_size, <, (goffset) WAL_MAX_PAGES * WAL_FRAME_SIZE);
      g_clear_pointer (&last, g_free);
      last = g_steal_pointer (&value);
    }
  g_clear_object (&store);

  assert_integrity (f);
  store = pb_case_store_new (f->base.path, &error);
  g_assert_no_error (error);
  answers = pb_case_store_get_answers (store, f->case_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_answer_get_string (pb_answer_set_lookup (answers, "T01")), ==, last);
  pb_case_store_verify_case (store, f->case_id, NULL, NULL, &error);
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  /* meson passes get_option('crash_rounds') as --rounds=N */
  for (int i = 1; i < argc; i++)
    {
      if (g_str_has_prefix (argv[i], "--rounds="))
        n_rounds = MAX (1, atoi (argv[i] + strlen ("--rounds=")));
    }

  g_test_add ("/pb/store-crash/sigkill", Fixture, NULL, fixture_set_up, test_sigkill, fixture_tear_down);
  g_test_add ("/pb/store-crash/second-store-and-reader", Fixture, NULL, fixture_set_up,
              test_second_store_and_reader, fixture_tear_down);
  g_test_add ("/pb/store-crash/two-writers", Fixture, NULL, fixture_set_up, test_two_writers, fixture_tear_down);
  g_test_add ("/pb/store-crash/checkpoints", Fixture, NULL, fixture_set_up, test_checkpoints, fixture_tear_down);

  return g_test_run ();
}
