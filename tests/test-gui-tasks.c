/* test-gui-tasks.c: slow work off the main loop, with progress and Cancel
 *
 * Opening and checking a database, reading a history, attaching 20 MB of
 * evidence, checking a history and exporting the case list run in worker
 * threads: the call returns at once, the window draws frames while the
 * work runs, and a cancelled piece of work leaves nothing half-written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "pb-case-export.h"
#include "pb-db-sqlite-reads.h"
#include "pb-history-window.h"
#include "pb-question-view.h"
#include "pb-window.h"
#include "pb-wizard.h"
#include "store-fixture.h"
#include "test-actor.h"
#include "gui-test-utils.h"

#define EVIDENCE_SIZE (20 * 1024 * 1024)
#define N_EXPORTED    600

static void
wait_idle (PbTaskBar *bar)
{
  while (pb_task_bar_is_busy (bar))
    g_main_context_iteration (NULL, TRUE);
}

static void
toast_cb (gpointer    instance,
          const char *message,
          GPtrArray  *toasts)
{
  g_ptr_array_add (toasts, g_strdup (message));
}

static gboolean
has_toast (GPtrArray  *toasts,
           const char *prefix)
{
  for (guint i = 0; i < toasts->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (toasts, i), prefix))
      return TRUE;

  return FALSE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The names in @dir but the database's own, sorted, joined by spaces. */
static char *
list_folder (const char *dir)
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *name;

  g_assert_nonnull (folder);
  while ((name = g_dir_read_name (folder)) != NULL)
    if (!g_str_has_prefix (name, "cases.db"))
      g_ptr_array_add (names, (char *) name);
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);

  return g_strjoinv (" ", (char **) names->pdata);
}

typedef struct
{
  StoreFixture  store;
  char         *case_id;
  char         *evidence_path;
  char         *evidence_sha256;
  GtkWindow    *window;
  PbWizard     *wizard;
  GPtrArray    *toasts;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  guint8 *content = g_malloc (EVIDENCE_SIZE);

  store_fixture_set_up (&f->store, NULL);
  f->case_id = store_fixture_new_case (&f->store, NULL, "Nordhafen Logistik GmbH");

  /* Not all zeros: nothing on the way may shortcut a file like that. */
  for (gsize i = 0; i < EVIDENCE_SIZE; i++)
    content[i] = (guint8) (i * 2654435761u >> 13);
  bytes = g_bytes_new_take (content, EVIDENCE_SIZE);
  f->evidence_path = g_build_filename (f->store.dir, "site-survey.bin", NULL);
  g_assert_true (g_file_set_contents (f->evidence_path, g_bytes_get_data (bytes, NULL), EVIDENCE_SIZE, &error));
  g_assert_no_error (error);
  f->evidence_sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);

  f->toasts = g_ptr_array_new_with_free_func (g_free);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1024, 700);
  f->wizard = pb_wizard_new (f->store.store, f->case_id, &error);
  g_assert_no_error (error);
  g_signal_connect (f->wizard, "toast", G_CALLBACK (toast_cb), f->toasts);
  gtk_window_set_child (f->window, GTK_WIDGET (f->wizard));
  gtk_window_present (f->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  g_clear_pointer (&f->toasts, g_ptr_array_unref);
  g_clear_pointer (&f->case_id, g_free);
  g_clear_pointer (&f->evidence_path, g_free);
  g_clear_pointer (&f->evidence_sha256, g_free);
  store_fixture_tear_down (&f->store, NULL);
}

static GListModel *
list_evidence (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GListModel *evidence = pb_case_store_list_evidence (f->store.store, f->case_id, 0, &error);

  g_assert_no_error (error);
  return evidence;
}

static void
attach (Fixture *f)
{
  g_autoptr(GFile) file = g_file_new_for_path (f->evidence_path);
  GtkWidget *view = pb_wizard_get_question_view (f->wizard, "S1.01");

  g_assert_nonnull (view);
  g_signal_emit_by_name (view, "attach-evidence", file);
}

/* 20 MB read, hashed and stored while the window draws. */
static void
test_evidence_in_worker (Fixture       *f,
                         gconstpointer  data)
{
  PbTaskBar *bar = pb_wizard_get_task_bar (f->wizard);
  g_autoptr(GListModel) evidence = NULL;
  g_autoptr(PbEvidence) item = NULL;

  attach (f);
  /* The call returned with the work still running: the main loop is free. */
  g_assert_true (pb_wizard_is_busy (f->wizard));
  g_assert_true (gtk_widget_get_child_visible (GTK_WIDGET (bar)));
  while (pb_wizard_is_busy (f->wizard) && pb_task_bar_get_n_frames (bar) < 20)
    g_main_context_iteration (NULL, TRUE);
  screenshot (GTK_WIDGET (f->window), "task-bar-evidence.png");
  wait_idle (bar);
  g_test_message ("%u frames drawn while 20 MB were attached", pb_task_bar_get_n_frames (bar));
  g_assert_cmpuint (pb_task_bar_get_n_frames (bar), >=, 1);

  evidence = list_evidence (f);
  g_assert_cmpuint (g_list_model_get_n_items (evidence), ==, 1);
  item = g_list_model_get_item (evidence, 0);
  g_assert_cmpstr (pb_evidence_get_file_name (item), ==, "site-survey.bin");
  g_assert_cmpstr (pb_evidence_get_sha256 (item), ==, f->evidence_sha256);
  g_assert_cmpuint (f->toasts->len, ==, 0);

  /* One piece of work at a time: a second waits for the first. */
  attach (f);
  g_assert_true (pb_wizard_is_busy (f->wizard));
  attach (f);
  g_assert_true (has_toast (f->toasts, "Wait for the work under way to end"));
  wait_idle (bar);
}

/* Cancel: the evidence is stored whole or not at all, and the toast says
 * which. */
static void
test_evidence_cancel (Fixture       *f,
                      gconstpointer  data)
{
  PbTaskBar *bar = pb_wizard_get_task_bar (f->wizard);
  g_autoptr(GListModel) evidence = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *head = NULL;
  guint n_events = 0;

  attach (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (bar), "task.cancel", NULL));
  wait_idle (bar);

  evidence = list_evidence (f);
  if (has_toast (f->toasts, "Attaching cancelled: nothing was stored"))
    {
      g_test_message ("cancelled before the store began");
      g_assert_cmpuint (g_list_model_get_n_items (evidence), ==, 0);
    }
  else
    {
      g_autoptr(PbEvidence) item = g_list_model_get_item (evidence, 0);

      g_test_message ("cancelled after the store began: stored whole");
      g_assert_cmpuint (g_list_model_get_n_items (evidence), ==, 1);
      g_assert_cmpstr (pb_evidence_get_sha256 (item), ==, f->evidence_sha256);
    }

  /* Whichever it was, the history holds together. */
  g_assert_true (pb_case_store_verify_case (f->store.store, f->case_id, &n_events, NULL, &error));
  g_assert_no_error (error);
}

static void
test_verify_in_worker (Fixture       *f,
                       gconstpointer  data)
{
  PbTaskBar *bar = pb_wizard_get_task_bar (f->wizard);
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWidget *choice = NULL;
  GtkWidget *result = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.verify", NULL));
  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && choice == NULL; i++)
    {
      g_autoptr(GtkWidget) item = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (item) && gtk_widget_get_visible (item))
        choice = item;
    }
  g_assert_nonnull (choice);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (choice), "history");
  gtk_window_destroy (GTK_WINDOW (choice));
  g_assert_true (pb_wizard_is_busy (f->wizard));
  wait_idle (bar);

  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && result == NULL; i++)
    {
      g_autoptr(GtkWidget) item = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (item) && gtk_widget_get_visible (item))
        result = item;
    }
  g_assert_nonnull (result);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (result)), ==, "Verified");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (result)), "history chain of"));
  gtk_window_destroy (GTK_WINDOW (result));
}

/* The case list, exported while the window draws; cancelled, nothing is
 * written and what was there stays. */
static void
test_export_cancel (void)
{
  StoreFixture store = { 0 };
  g_autofree char *target = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  PbWindow *window;
  PbTaskBar *bar;

  store_fixture_set_up (&store, NULL);
  for (guint i = 0; i < N_EXPORTED; i++)
    {
      g_autofree char *customer = g_strdup_printf ("Customer %04u", i % 400);
      g_autofree char *case_id = store_fixture_new_case (&store, NULL, customer);
    }
  g_clear_object (&store.store);
  target = g_build_filename (store.dir, "assessments.csv", NULL);
  g_assert_true (g_file_set_contents (target, "an earlier export\n", -1, &error));
  g_assert_no_error (error);
  file = g_file_new_for_path (target);
  before = list_folder (store.dir);

  window = pb_window_new (NULL, store.path);
  gtk_window_present (GTK_WINDOW (window));
  while (pb_window_get_loading (window))
    g_main_context_iteration (NULL, TRUE);
  bar = pb_window_get_task_bar (window);

  /* Cancelled: the earlier file is as it was, and nothing else is left. */
  pb_window_export_cases (window, file);
  g_assert_true (pb_task_bar_is_busy (bar));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (bar), "task.cancel", NULL));
  wait_idle (bar);
  g_assert_true (g_file_get_contents (target, &contents, NULL, &error));
  g_assert_no_error (error);
  after = list_folder (store.dir);
  g_assert_cmpstr (after, ==, before);
  if (g_str_equal (contents, "an earlier export\n"))
    g_test_message ("the export was cancelled");
  else
    {
      /* Too late to cancel: the file is replaced whole. */
      g_auto(GStrv) lines = g_strsplit (contents, "\r\n", -1);

      g_test_message ("the export ended before Cancel reached it");
      g_assert_cmpuint (g_strv_length (lines), ==, N_EXPORTED + 2);
    }

  /* Let run, it replaces the file whole while the window draws. */
  g_clear_pointer (&contents, g_free);
  pb_window_export_cases (window, file);
  g_assert_true (pb_task_bar_is_busy (bar));
  wait_idle (bar);
  g_test_message ("%u frames drawn while %d cases were exported", pb_task_bar_get_n_frames (bar), N_EXPORTED);
  g_assert_true (g_file_get_contents (target, &contents, NULL, &error));
  g_assert_no_error (error);
  {
    g_auto(GStrv) lines = g_strsplit (contents, "\r\n", -1);

    /* A header, a line per case, and the empty string after the last CRLF. */
    g_assert_cmpuint (g_strv_length (lines), ==, N_EXPORTED + 2);
    g_assert_nonnull (strstr (contents, "Customer 0399"));
  }
  g_clear_pointer (&after, g_free);
  after = list_folder (store.dir);
  g_assert_cmpstr (after, ==, before);

  gtk_window_destroy (GTK_WINDOW (window));
  store_fixture_tear_down (&store, NULL);
}


/* Above the 64 MB up to which every open checked a file before. */
#define LARGE_DB_ROWS 17000
/* A check of the large file, each page read waiting this long: minutes,
 * long enough to use the list beside it, whatever the machine. */
#define SLOW_CHECK_US 2000

typedef struct
{
  guint ticks;
} Ticker;

static gboolean
tick_cb (gpointer user_data)
{
  ((Ticker *) user_data)->ticks++;
  return G_SOURCE_CONTINUE;
}

/* A store of more than 64 MB with two cases; its meta table holds 4 KB
 * values. */
static char *
make_large_database (StoreFixture  *store,
                     char         **case_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *other = NULL;
  sqlite3 *db = NULL;
  char *message = NULL;

  store_fixture_set_up (store, NULL);
  *case_id = store_fixture_new_case (store, NULL, "Nordhafen Logistik GmbH");
  other = store_fixture_new_case (store, NULL, "Baltic Freight AB");
  g_clear_object (&store->store);
  g_assert_cmpint (sqlite3_open (store->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
                                 G_STRINGIFY (LARGE_DB_ROWS) ") "
                                 "INSERT INTO meta (key, value) SELECT 'filler-' || i, hex (randomblob (2048)) FROM n;"
                                 "PRAGMA wal_checkpoint (TRUNCATE);",
                                 NULL, NULL, &message), ==, SQLITE_OK);
  g_assert_null (message);
  sqlite3_close (db);

  return g_strdup (store->path);
}

/* Gives page @page of @path a page type that does not exist. */
static void
damage_page (const char *path,
             gint64      page)
{
  int fd = g_open (path, O_WRONLY, 0);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, "\x42", 1, (page - 1) * 4096), ==, 1);
  close (fd);
}

/* The page of @path that @sql names. */
static gint64
find_page (const char *path,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 page;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  page = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return page;
}

static char *
file_sha256 (const char *path)
{
  g_autoptr(GMappedFile) file = g_mapped_file_new (path, FALSE, NULL);
  g_autoptr(GBytes) bytes = NULL;

  g_assert_nonnull (file);
  bytes = g_mapped_file_get_bytes (file);
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

static void
wait_opened (PbWindow *window)
{
  while (pb_window_get_loading (window))
    g_main_context_iteration (NULL, TRUE);
}

static void
wait_checked (PbWindow *window)
{
  while (pb_window_get_checking (window))
    g_main_context_iteration (NULL, TRUE);
}

static guint
n_listed (PbWindow *window)
{
  GtkWidget *view = find_case_view (GTK_WIDGET (window));

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (view))));
}

typedef struct
{
  PbWindow *window;
  guint     n;
} Listed;

static gboolean
listed_cb (gpointer data)
{
  Listed *listed = data;

  return !pb_window_get_loading (listed->window) && n_listed (listed->window) == listed->n;
}

static gboolean
shown_cb (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static gboolean
transition_done_cb (gpointer data)
{
  return !gtk_stack_get_transition_running (data);
}

static gboolean
gone_cb (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* The list shows at once: the whole file's check runs beside it, a
 * small bar in the header bar saying so; the list is searched and a case
 * saved meanwhile. A window closed while checking stops its check. */
static void
test_open_check (void)
{
  StoreFixture store = { 0 };
  g_autofree char *case_id = NULL;
  g_autofree char *path = make_large_database (&store, &case_id);
  g_autoptr(GError) error = NULL;
  g_autoptr(PbAnswerSet) answers = NULL;
  Ticker ticker = { 0 };
  guint source = g_timeout_add (20, tick_cb, &ticker);
  Listed listed;
  GStatBuf st;
  PbWindow *window;
  PbCaseStore *opened;
  GtkWidget *page, *bar, *entry;
  double fraction = 0, first_fraction = -1;
  guint ticks;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 64 * 1024 * 1024);
  pb_db_sqlite_reads_set_delay (SLOW_CHECK_US);

  window = pb_window_new (NULL, path);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (pb_window_get_loading (window));
  wait_opened (window);

  /* Listed, and the check still has most of the file to read. */
  g_assert_nonnull (pb_window_get_store (window));
  g_assert_true (pb_window_get_checking (window));
  g_assert_cmpuint (n_listed (window), ==, 2);
  g_assert_true (gtk_widget_get_mapped (find_case_view (GTK_WIDGET (window))));
  page = find_status_page (GTK_WIDGET (window), "Opening the Database…");
  g_assert_true (page == NULL || !gtk_widget_get_mapped (page));

  /* The bar in the header bar shows and moves, the main loop running all
   * along. */
  bar = find_descendant (find_descendant (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR, NULL),
                         GTK_TYPE_PROGRESS_BAR, NULL);
  g_assert_nonnull (bar);
  g_assert_true (spin_until (shown_cb, bar));
  g_assert_nonnull (gtk_widget_get_tooltip_text (bar));
  ticks = ticker.ticks;
  while (first_fraction <= 0 || fraction <= first_fraction)
    {
      g_main_context_iteration (NULL, TRUE);
      fraction = gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (bar));
      if (first_fraction <= 0 && fraction > 0)
        first_fraction = fraction;
    }
  g_test_message ("%u ticks of 20 ms while the check went from %.3f to %.3f",
                  ticker.ticks - ticks, first_fraction, fraction);
  g_assert_cmpuint (ticker.ticks - ticks, >=, 5);
  g_assert_cmpfloat (first_fraction, <, fraction);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  screenshot (GTK_WIDGET (window), "window-checking.png");

  /* Searched while the check runs. */
  entry = find_descendant (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY, NULL);
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "Nordhafen");
  listed = (Listed) { window, 1 };
  g_assert_true (spin_until (listed_cb, &listed));
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  listed = (Listed) { window, 2 };
  g_assert_true (spin_until (listed_cb, &listed));

  /* Saved while the check runs: its read holds back no write. */
  opened = pb_window_get_store (window);
  pb_test_act_as (opened, "Test Reviewer");
  store_fixture_answer (opened, case_id, "S1.01", "\"camera\"", NULL, NULL);
  g_assert_true (pb_window_get_checking (window));

  /* Let it end: no damage, the bar goes. */
  pb_db_sqlite_reads_set_delay (0);
  wait_checked (window);
  g_assert_null (pb_window_get_damage (window));
  g_assert_false (gtk_widget_get_visible (bar));
  answers = pb_case_store_get_answers (opened, case_id, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pb_answer_set_lookup (answers, "S1.01"));

  /* Closed while checking: the check stops, the store goes with it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reconnect", NULL));
  pb_db_sqlite_reads_set_delay (SLOW_CHECK_US);
  wait_opened (window);
  g_assert_true (pb_window_get_checking (window));
  opened = pb_window_get_store (window);
  g_object_add_weak_pointer (G_OBJECT (opened), (gpointer *) &opened);
  gtk_window_destroy (GTK_WINDOW (window));
  /* The whole check would read ~35,000 pages at 2 ms each: more than the
   * minute spin_until() waits. */
  g_assert_true (spin_until (gone_cb, &opened));
  pb_db_sqlite_reads_set_delay (0);

  g_source_remove (source);
  store_fixture_tear_down (&store, NULL);
}

static gboolean
checked_cb (gpointer data)
{
  return !pb_window_get_checking (data);
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} ShownLabel;

/* A label below @root shows @text, among other things perhaps, and is on
 * screen. */
static gboolean
shown_label_cb (gpointer data)
{
  ShownLabel *shown = data;
  GtkWidget *label = find_label_containing (shown->root, shown->text);

  return label != NULL && gtk_widget_get_mapped (label);
}

/* The button of the window that activates @action. */
static GtkWidget *
find_action_button (GtkWidget  *root,
                    const char *action)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action) == 0)
        return child;
      if ((found = find_action_button (child, action)))
        return found;
    }

  return NULL;
}

/* A damaged page that the open and the list do not read: the list shows,
 * what is saved before the check ends is kept; the check then names the
 * file and the page in a banner, and every save after is refused saying
 * so, the file left as it was. */
static void
test_open_damaged (void)
{
  StoreFixture store = { 0 };
  g_autofree char *case_id = NULL;
  g_autofree char *path = make_large_database (&store, &case_id);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GPtrArray) toasts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(PbAnswer) answer = NULL;
  g_autoptr(PbCaseStore) again = NULL;
  g_autofree char *kept = NULL;
  PbWindow *window;
  PbCaseStore *opened;
  GtkWidget *view, *wizard, *question, *label, *new_case, *retry;
  const char *damage;
  gint64 page;

  /* The last leaf of the meta table: filler rows only. */
  page = find_page (path, "SELECT pageno FROM dbstat WHERE name = 'meta' AND pagetype = 'leaf' "
                          "ORDER BY path DESC LIMIT 1");
  damage_page (path, page);
  before = file_sha256 (path);
  pb_db_sqlite_reads_set_delay (SLOW_CHECK_US);

  window = pb_window_new (NULL, path);
  gtk_window_present (GTK_WINDOW (window));
  wait_opened (window);
  g_assert_nonnull (opened = pb_window_get_store (window));
  g_assert_true (pb_window_get_checking (window));
  g_assert_cmpuint (n_listed (window), ==, 2);
  pb_test_act_as (opened, "Test Reviewer");
  store_fixture_answer (opened, case_id, "S1.01", "\"camera\"", NULL, NULL);

  /* A case open in the window when the check ends. */
  view = find_case_view (GTK_WIDGET (window));
  g_signal_emit_by_name (view, "activate", 0);
  wizard = find_descendant (GTK_WIDGET (window), PB_TYPE_WIZARD, NULL);
  g_assert_nonnull (wizard);
  g_signal_connect (wizard, "toast", G_CALLBACK (toast_cb), toasts);

  pb_db_sqlite_reads_set_delay (0);
  g_assert_true (spin_until (checked_cb, window));
  damage = pb_window_get_damage (window);
  g_assert_nonnull (damage);
  g_test_message ("%s", damage);
  g_assert_true (g_str_has_prefix (damage, path));
  g_assert_nonnull (strstr (damage, "is damaged"));
  {
    g_autofree char *page_text = g_strdup_printf ("page %" G_GINT64_FORMAT ":", page);
    g_autofree char *lower = g_ascii_strdown (damage, -1);

    g_assert_nonnull (strstr (lower, page_text));
  }
  new_case = find_action_button (GTK_WIDGET (window), "win.new-case");
  g_assert_nonnull (new_case);
  g_assert_false (gtk_widget_get_sensitive (new_case));
  g_assert_true (g_error_matches (pb_case_store_get_damage (opened), PB_STORAGE_ERROR, PB_STORAGE_ERROR_CORRUPT));

  /* Saving in the open case is refused, saying why; what was typed stays
   * on the page, said to be not saved. */
  question = pb_wizard_get_question_view (PB_WIZARD (wizard), "S1.01");
  g_assert_nonnull (question);
  answer = pb_answer_new_from_json ("\"spyware\"", &error);
  g_assert_no_error (error);
  pb_question_view_set_answer (PB_QUESTION_VIEW (question), answer, NULL);
  g_signal_emit_by_name (question, "changed");
  g_assert_true (spin_until (shown_label_cb, &(ShownLabel) { wizard, damage }));
  g_assert_nonnull (find_label_containing (wizard, "Not saved: S1.01."));
  g_assert_nonnull (find_label (wizard, "Not saved"));
  /* Trying again cannot help a damaged file: not offered; the banner
   * says what becomes of what was typed instead. */
  g_assert_nonnull (find_label_containing (wizard, "The database file is damaged and takes no more changes"));
  retry = find_descendant (wizard, GTK_TYPE_BUTTON, "_Try Again");
  g_assert_nonnull (retry);
  g_assert_false (gtk_widget_get_visible (retry));
  {
    g_autoptr(PbAnswer) shown = pb_question_view_dup_answer (PB_QUESTION_VIEW (question));

    g_assert_cmpstr (pb_answer_get_string (shown), ==, "spyware");
  }
  g_assert_true (spin_until (transition_done_cb, gtk_widget_get_parent (wizard)));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  screenshot (GTK_WIDGET (window), "wizard-damaged.png");
  g_assert_cmpuint (toasts->len, ==, 0);

  /* The banner, on the list. */
  gtk_stack_set_visible_child_name (GTK_STACK (gtk_widget_get_parent (wizard)), "cases");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  label = find_label (GTK_WIDGET (window), damage);
  g_assert_nonnull (label);
  g_assert_true (spin_until (shown_cb, label));
  g_assert_true (spin_until (transition_done_cb, gtk_widget_get_parent (wizard)));
  screenshot (GTK_WIDGET (window), "window-damaged.png");

  /* The store refuses any writer. */
  pb_case_store_set_answer (opened, case_id, "S1.01", answer, NULL, NULL, NULL, &error);
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CORRUPT);
  g_assert_cmpstr (error->message, ==, damage);
  g_clear_error (&error);

  g_object_add_weak_pointer (G_OBJECT (opened), (gpointer *) &opened);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (spin_until (gone_cb, &opened));

  /* Nothing written into the file; what was saved before is there. */
  after = file_sha256 (path);
  g_assert_cmpstr (after, ==, before);
  again = pb_case_store_open (path, PB_CASE_STORE_FLAGS_READ_ONLY, &error);
  g_assert_no_error (error);
  answers = pb_case_store_get_answers (again, case_id, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pb_answer_set_lookup (answers, "S1.01"));
  kept = pb_answer_to_json (pb_answer_set_lookup (answers, "S1.01"));
  g_assert_cmpstr (kept, ==, "\"camera\"");
  g_clear_object (&again);

  store_fixture_tear_down (&store, NULL);
}

/* A damaged page that the open reads (the meta table's root): refused on
 * open, naming the file and the page, the file left as it was. */
static void
test_open_damaged_needed (void)
{
  StoreFixture store = { 0 };
  g_autofree char *case_id = NULL;
  g_autofree char *path = make_large_database (&store, &case_id);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  PbWindow *window;
  GtkWidget *error_page;
  const char *description;

  damage_page (path, find_page (path, "SELECT rootpage FROM sqlite_schema WHERE name = 'meta'"));
  before = file_sha256 (path);

  window = pb_window_new (NULL, path);
  gtk_window_present (GTK_WINDOW (window));
  wait_opened (window);
  error_page = find_status_page (GTK_WIDGET (window), "The Database File Is Damaged");
  g_assert_nonnull (error_page);
  description = adw_status_page_get_description (ADW_STATUS_PAGE (error_page));
  g_test_message ("%s", description);
  g_assert_true (g_str_has_prefix (description, path));
  g_assert_nonnull (strstr (description, "is damaged"));
  g_assert_nonnull (strstr (description, "Page "));
  after = file_sha256 (path);
  g_assert_cmpstr (after, ==, before);

  gtk_window_destroy (GTK_WINDOW (window));
  store_fixture_tear_down (&store, NULL);
}

/* A database file whose page the open needs is damaged (a real file,
 * one byte of a page changed as a disk or a copy would): trying again
 * cannot help, and the error page does not offer it. It names the file
 * and the cure, and offers what helps: its folder, where a backup is
 * restored, another database, a new one. A file locked by another
 * program is a passing state: there Try Again is offered, and works. */
static void
test_open_damaged_offers (void)
{
  StoreFixture store = { 0 };
  g_autofree char *case_id = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PbCaseStore) holder = NULL;
  g_autofree char *sound = NULL;
  PbWindow *window;
  GtkWidget *error_page, *try_again, *open_other, *show_folder;
  const char *description;

  store_fixture_set_up (&store, NULL);
  case_id = store_fixture_new_case (&store, NULL, "Nordhafen Logistik GmbH");
  g_clear_object (&store.store);
  damage_page (store.path, find_page (store.path, "SELECT rootpage FROM sqlite_schema WHERE name = 'meta'"));

  window = pb_window_new (NULL, store.path);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  gtk_window_present (GTK_WINDOW (window));
  wait_opened (window);
  error_page = find_status_page (GTK_WIDGET (window), "The Database File Is Damaged");
  g_assert_nonnull (error_page);
  g_assert_true (gtk_widget_get_mapped (error_page));
  description = adw_status_page_get_description (ADW_STATUS_PAGE (error_page));
  g_test_message ("%s", description);
  g_assert_true (g_str_has_prefix (description, store.path));
  g_assert_nonnull (strstr (description, "Restore it from a backup"));
  try_again = find_descendant (error_page, GTK_TYPE_BUTTON, "_Try Again");
  g_assert_nonnull (try_again);
  g_assert_false (gtk_widget_is_visible (try_again));
  show_folder = find_descendant (error_page, GTK_TYPE_BUTTON, "_Show in Folder");
  g_assert_nonnull (show_folder);
  g_assert_true (gtk_widget_is_visible (show_folder));
  g_assert_true (gtk_widget_is_sensitive (show_folder));
  open_other = find_descendant (error_page, GTK_TYPE_BUTTON, "_Open Another Database…");
  g_assert_nonnull (open_other);
  g_assert_true (gtk_widget_is_visible (open_other));
  g_assert_true (gtk_widget_is_sensitive (open_other));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  screenshot (GTK_WIDGET (window), "window-open-damaged.png");
  close_window (window);

  /* A sound file that this program holds open for reading only. */
  sound = store_fixture_build_path (&store, "sound.db");
  holder = pb_case_store_open (sound, PB_CASE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_clear_object (&holder);
  holder = pb_case_store_open (sound, PB_CASE_STORE_FLAGS_READ_ONLY, &error);
  g_assert_no_error (error);
  window = pb_window_new (NULL, sound);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  gtk_window_present (GTK_WINDOW (window));
  wait_opened (window);
  error_page = find_status_page (GTK_WIDGET (window), "Cannot Open the Database");
  g_assert_nonnull (error_page);
  g_assert_true (gtk_widget_get_mapped (error_page));
  g_test_message ("%s", adw_status_page_get_description (ADW_STATUS_PAGE (error_page)));
  try_again = find_descendant (error_page, GTK_TYPE_BUTTON, "_Try Again");
  g_assert_true (gtk_widget_is_visible (try_again));
  g_assert_true (gtk_widget_is_sensitive (try_again));
  show_folder = find_descendant (error_page, GTK_TYPE_BUTTON, "_Show in Folder");
  g_assert_false (gtk_widget_is_visible (show_folder));
  spin_main_loop (300);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  screenshot (GTK_WIDGET (window), "window-open-locked.png");

  /* Let go of: Try Again opens it. */
  g_clear_object (&holder);
  g_signal_emit_by_name (try_again, "clicked");
  wait_opened (window);
  g_assert_nonnull (pb_window_get_store (window));
  g_assert_false (gtk_widget_get_mapped (error_page));
  close_window (window);

  store_fixture_tear_down (&store, NULL);
}

static void
count_shown_cb (GtkWidget  *widget,
                GParamSpec *pspec,
                guint      *shown)
{
  *shown += gtk_widget_get_visible (widget);
}

/* The check bar of @window, counting in *@shown each time it shows. */
static GtkWidget *
watch_check_bar (PbWindow *window,
                 guint    *shown)
{
  GtkWidget *bar = find_descendant (find_descendant (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR, NULL),
                                    GTK_TYPE_PROGRESS_BAR, NULL);

  g_assert_nonnull (bar);
  g_signal_connect (bar, "notify::visible", G_CALLBACK (count_shown_cb), shown);
  return bar;
}

/* A file nothing has written since a sound check is not read again; a
 * file written since is; a file found damaged refuses writes from the
 * moment it is opened again, until it changes. */
static void
test_open_remembered (void)
{
  StoreFixture store = { 0 };
  g_autofree char *case_id = NULL;
  g_autofree char *path = make_large_database (&store, &case_id);
  g_autoptr(GError) error = NULL;
  PbWindow *window;
  guint shown = 0;

  /* Checked whole, nothing written. The first open writes what the
   * fixture's cases left pending (their search documents), and its close
   * folds them into the file: a change, so the second checks it again. */
  for (guint i = 0; i < 2; i++)
    {
      window = pb_window_new (NULL, path);
      gtk_window_present (GTK_WINDOW (window));
      wait_opened (window);
      wait_checked (window);
      g_assert_null (pb_window_get_damage (window));
      close_window (window);
    }

  /* Again: a check would read every page at 2 ms each, minutes; it is
   * over at once, the bar never shown. */
  pb_db_sqlite_reads_set_delay (SLOW_CHECK_US);
  window = pb_window_new (NULL, path);
  watch_check_bar (window, &shown);
  gtk_window_present (GTK_WINDOW (window));
  wait_opened (window);
  g_assert_true (spin_until (checked_cb, window));
  g_assert_cmpuint (shown, ==, 0);
  g_assert_null (pb_window_get_damage (window));
  close_window (window);

  /* Written by someone else since: checked again. */
  {
    g_autoptr(PbCaseStore) other = pb_case_store_open (path, PB_CASE_STORE_FLAGS_NONE, &error);

    g_assert_no_error (error);
    pb_test_act_as (other, "Test Reviewer");
    store_fixture_answer (other, case_id, "S1.01", "\"camera\"", NULL, NULL);
  }
  window = pb_window_new (NULL, path);
  watch_check_bar (window, &shown);
  gtk_window_present (GTK_WINDOW (window));
  wait_opened (window);
  g_assert_true (pb_window_get_checking (window));
  g_assert_true (spin_until (shown_cb, find_descendant (find_descendant (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR, NULL),
                                                         GTK_TYPE_PROGRESS_BAR, NULL)));
  close_window (window);
  pb_db_sqlite_reads_set_delay (0);

  /* Found damaged, then opened again: refused from the start. */
  damage_page (path, find_page (path, "SELECT pageno FROM dbstat WHERE name = 'meta' AND pagetype = 'leaf' "
                                      "ORDER BY path DESC LIMIT 1"));
  window = pb_window_new (NULL, path);
  gtk_window_present (GTK_WINDOW (window));
  wait_opened (window);
  wait_checked (window);
  g_assert_nonnull (pb_window_get_damage (window));
  close_window (window);

  pb_db_sqlite_reads_set_delay (SLOW_CHECK_US);
  window = pb_window_new (NULL, path);
  gtk_window_present (GTK_WINDOW (window));
  wait_opened (window);
  g_assert_true (g_error_matches (pb_case_store_get_damage (pb_window_get_store (window)),
                                  PB_STORAGE_ERROR, PB_STORAGE_ERROR_CORRUPT));
  g_assert_true (spin_until (checked_cb, window));
  g_assert_nonnull (pb_window_get_damage (window));
  g_assert_nonnull (strstr (pb_window_get_damage (window), "is damaged"));
  close_window (window);
  pb_db_sqlite_reads_set_delay (0);

  store_fixture_tear_down (&store, NULL);
}

/* The history window shows at once and reads the events in a worker;
 * closed while it reads, it goes away once the read ends. */
static void
test_history_in_worker (void)
{
  StoreFixture store = { 0 };
  g_autofree char *case_id = NULL;
  g_autoptr(GListModel) events = NULL;
  g_autoptr(GError) error = NULL;
  PbHistoryWindow *window;
  GtkWidget *spinner;

  store_fixture_set_up (&store, NULL);
  case_id = store_fixture_new_case (&store, NULL, "Nordhafen Logistik GmbH");
  for (guint i = 0; i < 300; i++)
    store_fixture_answer (store.store, case_id, "S1.01", i % 2 ? "\"camera\"" : "\"spyware\"", NULL, NULL);
  events = pb_case_store_list_history (store.store, case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (events), >, 300);

  window = pb_history_window_new (NULL, store.store, case_id);
  g_assert_true (pb_history_window_get_loading (window));
  g_assert_cmpuint (pb_history_window_get_n_rows (window), ==, 0);
  gtk_window_present (GTK_WINDOW (window));
  spinner = find_descendant (GTK_WIDGET (window), GTK_TYPE_SPINNER, NULL);
  g_assert_nonnull (spinner);
  while (pb_history_window_get_loading (window))
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (gtk_widget_get_mapped (spinner));
  g_assert_cmpuint (pb_history_window_get_n_rows (window), ==, g_list_model_get_n_items (events));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  screenshot (GTK_WIDGET (window), "history-filled.png");
  gtk_window_destroy (GTK_WINDOW (window));

  /* Closed while reading. */
  window = pb_history_window_new (NULL, store.store, case_id);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (pb_history_window_get_loading (window));
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_destroy (GTK_WINDOW (window));
  while (window != NULL)
    g_main_context_iteration (NULL, TRUE);

  store_fixture_tear_down (&store, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *state_dir = NULL;
  int status;

  /* What the window remembers of its files' checks: this run's alone. */
  state_dir = g_dir_make_tmp ("probity-state-XXXXXX", NULL);
  g_assert_nonnull (state_dir);
  g_setenv ("XDG_STATE_HOME", state_dir, TRUE);
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      status = g_test_run ();
      store_remove_tree (state_dir);
      return status;
    }
  adw_init ();

  g_test_add ("/pb/gui/tasks/evidence", Fixture, NULL, fixture_set_up, test_evidence_in_worker, fixture_tear_down);
  g_test_add ("/pb/gui/tasks/evidence-cancel", Fixture, NULL, fixture_set_up, test_evidence_cancel, fixture_tear_down);
  g_test_add ("/pb/gui/tasks/verify", Fixture, NULL, fixture_set_up, test_verify_in_worker, fixture_tear_down);
  g_test_add_func ("/pb/gui/tasks/export-cancel", test_export_cancel);
  g_test_add_func ("/pb/gui/tasks/open-check", test_open_check);
  g_test_add_func ("/pb/gui/tasks/open-damaged", test_open_damaged);
  g_test_add_func ("/pb/gui/tasks/open-damaged-needed", test_open_damaged_needed);
  g_test_add_func ("/pb/gui/tasks/open-damaged-offers", test_open_damaged_offers);
  g_test_add_func ("/pb/gui/tasks/open-remembered", test_open_remembered);
  g_test_add_func ("/pb/gui/tasks/history", test_history_in_worker);

  status = g_test_run ();
  store_remove_tree (state_dir);

  return status;
}
