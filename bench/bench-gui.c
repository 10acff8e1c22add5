/* bench-gui.c: the case list of the desktop application at 100,000 cases,
 * measured through the window's own path
 *
 * A fresh process opens the window on the database bench-store made and
 * prints when its first frame is drawn and when the list is shown, then
 * how long each search and filter takes from the moment the search entry
 * asks for it (or a filter is picked) to the frame that shows the new
 * rows: the store's query in a worker thread, the model swapped into the
 * column view, the visible rows read and drawn. Goal: < 50 ms. Then the
 * memory it holds once a case is open (goal < 120 MB).
 *
 *   bench-gui DATABASE
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-common.h"
#include "pb-application.h"
#include "pb-case-store.h"
#include "pb-window.h"
#include "pb-wizard.h"

#define RUNS 5
/* The search entry asks once typing pauses this long (GTK's default):
 * longer than that between runs, so that its own request falls between. */
#define SETTLE_MS 300

static gint64 spawned_at;
static guint n_frames;

static long
resident_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmRSS:")) == NULL)
    return -1;

  return strtol (line + strlen ("VmRSS:"), NULL, 10);
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  n_frames++;
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
settle (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Until the window has read its list and drawn a frame since @frames;
 * the time then, in ms since the monotonic clock's start. */
static double
wait_until_shown (PbWindow *window,
                  guint     frames)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add (10000, timeout_cb, &timed_out);

  while (!timed_out && (pb_window_get_loading (window) || n_frames == frames))
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("bench-gui: the list was not shown within 10 s");
  g_source_remove (source);

  return bench_now_ms ();
}

static GtkWidget *
find_descendant (GtkWidget *root,
                 GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = find_descendant (child, type)))
        return found;
    }

  return NULL;
}

typedef struct
{
  PbWindow    *window;
  GtkEditable *search;
  GtkDropDown *status;
  GtkDropDown *decision;
  GtkDropDown *outcome;
} Gui;

/* ms from the search entry asking for @text to the frame with its rows. */
static double
time_search (Gui        *gui,
             const char *text)
{
  guint frames;
  double start;

  gtk_editable_set_text (gui->search, text);
  frames = n_frames;
  start = bench_now_ms ();
  g_signal_emit_by_name (gui->search, "search-changed");

  return wait_until_shown (gui->window, frames) - start;
}

static double
time_filter (GtkDropDown *filter,
             Gui         *gui,
             guint        selected)
{
  guint frames = n_frames;
  double start = bench_now_ms ();

  gtk_drop_down_set_selected (filter, selected);

  return wait_until_shown (gui->window, frames) - start;
}

static guint
n_shown (Gui *gui)
{
  GtkWidget *view = find_descendant (GTK_WIDGET (gui->window), GTK_TYPE_COLUMN_VIEW);

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (view))));
}

static void
report (const char *what,
        Gui        *gui,
        double      median)
{
  g_autofree char *label = g_strdup_printf ("%s (%u cases)", what, n_shown (gui));

  bench_figure (label, median, "ms", "<", 50);
}

static void
bench_search (Gui        *gui,
              const char *what,
              const char *text)
{
  double times[RUNS];

  for (guint i = 0; i < RUNS; i++)
    {
      times[i] = time_search (gui, text);
      settle (SETTLE_MS);
      time_search (gui, "");
      settle (SETTLE_MS);
    }
  time_search (gui, text);
  report (what, gui, bench_median (times, RUNS));
  time_search (gui, "");
  settle (SETTLE_MS);
}

/* Each prefix of @word as it is typed: the slowest keystroke's median. */
static void
bench_typing (Gui        *gui,
              const char *word)
{
  double slowest = 0;
  g_autofree char *worst = NULL;

  for (gsize length = 1; length <= strlen (word); length++)
    {
      g_autofree char *prefix = g_strndup (word, length);
      double times[RUNS];
      double median;

      for (guint i = 0; i < RUNS; i++)
        {
          times[i] = time_search (gui, prefix);
          settle (SETTLE_MS);
          time_search (gui, "");
          settle (SETTLE_MS);
        }
      median = bench_median (times, RUNS);
      if (median >= slowest)
        {
          slowest = median;
          g_free (worst);
          worst = g_steal_pointer (&prefix);
        }
    }

  {
    g_autofree char *what = g_strdup_printf ("typing \"%s\", its slowest key (\"%s\")", word, worst);

    time_search (gui, worst);
    report (what, gui, slowest);
    time_search (gui, "");
    settle (SETTLE_MS);
  }
}

static void
bench_filter (Gui         *gui,
              const char  *what,
              GtkDropDown *filter,
              guint        selected,
              GtkDropDown *also,
              guint        also_selected)
{
  double times[RUNS];

  if (also != NULL)
    {
      time_filter (also, gui, also_selected);
      settle (SETTLE_MS);
    }
  for (guint i = 0; i < RUNS; i++)
    {
      times[i] = time_filter (filter, gui, selected);
      settle (SETTLE_MS);
      time_filter (filter, gui, 0);
      settle (SETTLE_MS);
    }
  time_filter (filter, gui, selected);
  report (what, gui, bench_median (times, RUNS));
  time_filter (filter, gui, 0);
  if (also != NULL)
    time_filter (also, gui, 0);
  settle (SETTLE_MS);
}

static int
measure (const char *path)
{
  GdkFrameClock *clock;
  GtkWidget *view;
  GtkWidget *drop_down;
  Gui gui = { 0 };
  double first_frame, shown;
  long before_case;

  /* What the application does at start-up. */
  pb_application_choose_renderer ();
  if (!gtk_init_check ())
    {
      g_printerr ("bench-gui: no display (run it under xvfb-run)\n");
      return 1;
    }
  adw_init ();

  gui.window = pb_window_new (NULL, path);
  gtk_window_set_default_size (GTK_WINDOW (gui.window), 1280, 800);
  gtk_widget_realize (GTK_WIDGET (gui.window));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (gui.window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
  gtk_window_present (GTK_WINDOW (gui.window));
  while (n_frames == 0)
    g_main_context_iteration (NULL, TRUE);
  first_frame = bench_now_ms ();
  shown = wait_until_shown (gui.window, 0);

  gui.search = GTK_EDITABLE (find_descendant (GTK_WIDGET (gui.window), GTK_TYPE_SEARCH_ENTRY));
  drop_down = find_descendant (GTK_WIDGET (gui.window), GTK_TYPE_DROP_DOWN);
  gui.status = GTK_DROP_DOWN (drop_down);
  gui.decision = GTK_DROP_DOWN (gtk_widget_get_next_sibling (drop_down));
  gui.outcome = GTK_DROP_DOWN (gtk_widget_get_next_sibling (GTK_WIDGET (gui.decision)));
  gtk_widget_activate_action (GTK_WIDGET (gui.window), "win.search", NULL);
  settle (500);

  printf ("the window on %u cases (GSK_RENDERER=%s):\n", n_shown (&gui), g_getenv ("GSK_RENDERER"));
  bench_figure ("first frame after the process started", first_frame - spawned_at / 1000.0, "ms", NULL, 0);
  bench_figure ("list shown after the process started", shown - spawned_at / 1000.0, "ms", NULL, 0);
  printf ("from the search or filter asking to the frame with the rows, median of %d:\n", RUNS);

  bench_search (&gui, "search \"guilin\" (answers)", "guilin");
  bench_search (&gui, "search \"zephyrine\" (a comment)", "zephyrine");
  bench_search (&gui, "search \"globex 4\" (customers)", "globex 4");
  bench_search (&gui, "search \"china\" (a country's name)", "china");
  bench_typing (&gui, "interception");
  bench_filter (&gui, "status signed", gui.status, 1 + PB_CASE_STATUS_SIGNED, NULL, 0);
  bench_filter (&gui, "decision rejected", gui.decision, 1 + PB_CASE_STATUS_REJECTED - PB_CASE_STATUS_APPROVED,
                NULL, 0);
  bench_filter (&gui, "status signed, then decision rejected", gui.decision,
                1 + PB_CASE_STATUS_REJECTED - PB_CASE_STATUS_APPROVED, gui.status, 1 + PB_CASE_STATUS_SIGNED);
  bench_filter (&gui, "outcome do-not-proceed", gui.outcome, 1 + PB_OUTCOME_DO_NOT_PROCEED, NULL, 0);

  before_case = resident_kb ();
  view = find_descendant (GTK_WIDGET (gui.window), GTK_TYPE_COLUMN_VIEW);
  g_signal_emit_by_name (view, "activate", 0);
  g_assert_nonnull (find_descendant (GTK_WIDGET (gui.window), PB_TYPE_WIZARD));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (gui.window));
  settle (500);

  bench_figure ("resident memory with the list", before_case / 1024.0, "MB", NULL, 0);
  bench_figure ("resident memory after opening a case", resident_kb () / 1024.0, "MB", "<", 120);

  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *self = NULL;
  g_autofree char *now = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  const char *child_argv[] = { NULL, "--measure", NULL, NULL, NULL };
  int status = 0;

  if (argc == 4 && g_str_equal (argv[1], "--measure"))
    {
      spawned_at = g_ascii_strtoll (argv[3], NULL, 10);
      return measure (argv[2]);
    }

  if (argc != 2 || !g_file_test (argv[1], G_FILE_TEST_IS_REGULAR))
    {
      g_printerr ("usage: %s DATABASE (bench-store makes one)\n", argv[0]);
      return 2;
    }

  /* A fresh process, so that its start is counted from its own start. */
  self = g_file_read_link ("/proc/self/exe", NULL);
  now = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_monotonic_time ());
  child_argv[0] = self;
  child_argv[2] = argv[1];
  child_argv[3] = now;
  env = g_environ_setenv (env, "GSETTINGS_BACKEND", "memory", TRUE);
  env = g_environ_setenv (env, "GSETTINGS_SCHEMA_DIR", PB_BUILD_SCHEMA_DIR, TRUE);
  env = g_environ_setenv (env, "GTK_A11Y", "none", TRUE);
  if (!g_spawn_sync (NULL, (char **) child_argv, env, G_SPAWN_CHILD_INHERITS_STDIN,
                     NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("bench-gui: %s\n", error->message);
      return 1;
    }

  return 0;
}
