/* bench-gui.c: the case list of the desktop application at 100,000 cases,
 * measured through the window's own path
 *
 * A fresh process opens the window on the database bench-store made and
 * prints when its first frame is drawn and when the list is shown, then
 * how long each search and filter takes from the moment the search entry
 * asks for it (or a filter is picked) to the frame that shows the new
 * rows: the store's query in a worker thread, the window's list changed
 * in place, the visible rows read and drawn (the first frame drawn after
 * the list changed, not one drawn while the query ran). Goal: < 50 ms.
 * Beside each, its CPU time (the query's worker thread and GTK's main
 * thread) and the load: on a busy machine wall time says little; and
 * where the main thread's time went: changing the list (GTK binds the
 * rows it keeps widgets for), laying out and drawing the frame.
 *
 * Then the same result from the best indexed query in the sqlite3 shell
 * (goal: ≤ 3 ×), compared like with like: the window's path to the result,
 * from the ask until its list model holds the ids found, in order, and
 * the rows read for the view (the store's query and the rows read in the
 * worker thread, the list changed on GTK's thread), against the shell's
 * query for the same ids and the same rows. The window's list reads the
 * first thousand ids of a view, which the shell reads in about a
 * millisecond: its .timer prints whole milliseconds, so the shell is
 * timed from here, to the microsecond (bench_shell_ms ()). A frame (some
 * 5-10 ms of GTK's thread, and the wait for the frame clock) is no part
 * of the shell's work: it counts in the figure under 50 ms, not in the
 * ratio. Beside the path's wall time, the process's CPU time meanwhile:
 * at a few milliseconds, the wait for a core on a loaded machine (the
 * worker's start, the main loop's wake-up to take its list) can be most
 * of the wall time, and the ratio is then missed by the load, which the
 * CPU time shows.
 *
 * Then the memory it holds once a case is open (goal < 120 MB), and where
 * it goes.
 *
 *   bench-gui [--filters] [DATABASE]
 *
 * --filters: the filters alone, without the searches (which take minutes).
 *
 * Without DATABASE, the 100,000 cases bench-store keeps in the build
 * folder, which bench-store --fill makes first when it is not there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-common.h"
#include "pb-application.h"
#include "pb-case-list.h"
#include "pb-case-row.h"
#include "pb-case-slots.h"
#include "pb-case-store.h"
#include "pb-gui-utils.h"
#include "pb-window.h"
#include "pb-wizard.h"

#define RUNS 5
/* The search entry asks once typing pauses this long (GTK's default):
 * longer than that between runs, so that its own request falls between. */
#define SETTLE_MS 300
/* The shell's runs of each query. */
#define SHELL_RUNS 9
#define N_CASES 100000
/* Longer than the window waits after the last search before it gives the
 * memory back. */
#define IDLE_MS 2000

static gint64 spawned_at;
static guint n_frames;
static const char *db_path;
static gboolean filters_only;

/* The main thread's CPU time (ms) when the window's list began to change
 * for a search or filter, when it had changed, and when the frame after
 * it was laid out and drawn; 0: not yet. */
static struct
{
  double changing;
  double changed;
  double changed_at;    /* wall time, ms */
  double changed_cpu;   /* the process's CPU time, ms */
  guint  frames;        /* frames drawn by then */
  double laid_out;
  double painted;
} phases;

/* A figure of /proc/self/status, in kB. */
static long
status_kb (const char *field)
{
  g_autofree char *status = NULL;
  g_autofree char *key = g_strconcat ("\n", field, ":", NULL);
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, key)) == NULL)
    return -1;

  return strtol (line + strlen (key), NULL, 10);
}

static long
resident_kb (void)
{
  return status_kb ("VmRSS");
}

/* Where the resident memory is: mapped files (libraries, fonts, the
 * database), and the heap: in use, and free but kept by malloc. */
static void
print_memory (const char *when)
{
  struct mallinfo2 info = mallinfo2 ();

  printf ("  %s: resident %.1f MB = files %.1f + anonymous %.1f; malloc: %.1f MB in use, %.1f free in its arenas\n",
          when, resident_kb () / 1024.0, status_kb ("RssFile") / 1024.0, status_kb ("RssAnon") / 1024.0,
          (info.uordblks + info.hblkhd) / 1048576.0, info.fordblks / 1048576.0);
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  n_frames++;
}

/* After GTK's own handlers of the frame's phases. */
static void
layout_cb (GdkFrameClock *clock,
           gpointer       user_data)
{
  if (phases.changed > 0 && phases.laid_out == 0)
    phases.laid_out = bench_thread_cpu_ms ();
}

static void
paint_cb (GdkFrameClock *clock,
          gpointer       user_data)
{
  if (phases.laid_out > 0 && phases.painted == 0)
    phases.painted = bench_thread_cpu_ms ();
}

/* Before any handler of the first change of the window's list. */
static gboolean
items_changed_hook (GSignalInvocationHint *hint,
                    guint                  n_values,
                    const GValue          *values,
                    gpointer               user_data)
{
  if (phases.changing == 0 && PB_IS_CASE_LIST (g_value_get_object (&values[0])))
    phases.changing = bench_thread_cpu_ms ();

  return TRUE;
}

/* The window has its new list (or an error): the next frame shows it. */
static void
loading_cb (PbWindow   *window,
            GParamSpec *pspec,
            gpointer    user_data)
{
  if (!pb_window_get_loading (window))
    {
      phases.changed = bench_thread_cpu_ms ();
      phases.changed_at = bench_now_ms ();
      phases.changed_cpu = bench_cpu_ms ();
      phases.frames = n_frames;
      if (phases.changing == 0)
        phases.changing = phases.changed;
    }
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

/* Until the window has read its list and drawn a frame since @frames and
 * since the list changed (frames drawn while the query ran show the old
 * rows); the time then, in ms since the monotonic clock's start. */
static double
wait_until_shown (PbWindow *window,
                  guint     frames)
{
  gboolean timed_out = FALSE;
  /* The first list waits for the check of every page of the file (3.4
   * GB: 35-85 s on this machine, more from a cold disk under load). */
  guint source = g_timeout_add_seconds (600, timeout_cb, &timed_out);

  while (!timed_out && (pb_window_get_loading (window) || n_frames == frames || phases.changed == 0 ||
                        n_frames == phases.frames))
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("bench-gui: the list was not shown within 600 s");
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

/* The window's list of cases: below the titles of its columns. */
static GtkWidget *
find_case_view (GtkWidget *root)
{
  GtkWidget *header = find_descendant (root, PB_TYPE_CASE_ROW);

  return gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (gtk_widget_get_next_sibling (header)));
}

/* One search or filter: wall time, CPU time of the process (the query's
 * worker thread too) and of the main thread (GTK's rows), in ms. */
typedef struct
{
  double wall;
  double query;     /* of wall: until the window's list changed */
  double query_cpu; /* the process's CPU time meanwhile */
  double cpu;
  double main_cpu;
  double change;    /* of main_cpu: the list changed, rows bound */
  double layout;    /* the frame laid out */
  double paint;     /* and drawn */
} Sample;

typedef struct
{
  PbWindow    *window;
  GtkEditable *search;
  GtkDropDown *status;
  GtkDropDown *decision;
  GtkDropDown *outcome;
} Gui;

static void
search_changed_cb (GtkSearchEntry *entry,
                   Sample         *asked)
{
  if (asked->wall == 0)
    {
      memset (&phases, 0, sizeof phases);
      asked->wall = bench_now_ms ();
      asked->cpu = bench_cpu_ms ();
      asked->main_cpu = bench_thread_cpu_ms ();
    }
}

/* From @start to the frame with the rows of the window's list. */
static Sample
until_shown (Gui    *gui,
             guint   frames,
             Sample  start)
{
  double wall = wait_until_shown (gui->window, frames);

  return (Sample) { wall - start.wall, phases.changed_at - start.wall, phases.changed_cpu - start.cpu,
                    bench_cpu_ms () - start.cpu, bench_thread_cpu_ms () - start.main_cpu,
                    phases.changed - phases.changing, phases.laid_out - phases.changed,
                    phases.painted - phases.laid_out };
}

/* From the search entry asking for @text (once typing paused, as for a
 * person) to the frame with its rows. */
static Sample
time_search (Gui        *gui,
             const char *text)
{
  Sample asked = { 0 };
  gulong handler = g_signal_connect (gui->search, "search-changed", G_CALLBACK (search_changed_cb), &asked);
  guint frames;

  gtk_editable_set_text (gui->search, text);
  while (asked.wall == 0)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (gui->search, handler);
  frames = n_frames;

  return until_shown (gui, frames, asked);
}

static Sample
time_filter (GtkDropDown *filter,
             Gui         *gui,
             guint        selected)
{
  guint frames = n_frames;
  Sample start = { .wall = bench_now_ms (), .cpu = bench_cpu_ms (), .main_cpu = bench_thread_cpu_ms () };

  memset (&phases, 0, sizeof phases);
  gtk_drop_down_set_selected (filter, selected);

  return until_shown (gui, frames, start);
}

/* The medians of @n samples; sorts them. */
static Sample
median_sample (Sample *samples,
               guint   n)
{
  double wall[RUNS], query[RUNS], query_cpu[RUNS], cpu[RUNS], main_cpu[RUNS], change[RUNS], layout[RUNS], paint[RUNS];

  g_assert (n <= RUNS);
  for (guint i = 0; i < n; i++)
    {
      wall[i] = samples[i].wall;
      query[i] = samples[i].query;
      query_cpu[i] = samples[i].query_cpu;
      cpu[i] = samples[i].cpu;
      main_cpu[i] = samples[i].main_cpu;
      change[i] = samples[i].change;
      layout[i] = samples[i].layout;
      paint[i] = samples[i].paint;
    }

  return (Sample) { bench_median (wall, n), bench_median (query, n), bench_median (query_cpu, n),
                    bench_median (cpu, n), bench_median (main_cpu, n), bench_median (change, n),
                    bench_median (layout, n), bench_median (paint, n) };
}

/* The window's list, under its selection and its sorting. */
static PbCaseList *
case_list (Gui *gui)
{
  GtkWidget *view = find_case_view (GTK_WIDGET (gui->window));
  GListModel *selection = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (view)));
  GListModel *sorted = gtk_single_selection_get_model (GTK_SINGLE_SELECTION (selection));
  GListModel *slots = gtk_sort_list_model_get_model (GTK_SORT_LIST_MODEL (sorted));

  return PB_CASE_LIST (pb_case_slots_get_cases (PB_CASE_SLOTS (slots)));
}

static guint
n_shown (Gui *gui)
{
  return g_list_model_get_n_items (G_LIST_MODEL (case_list (gui)));
}

/* The figure, then the same result from the shell's best query: the ids
 * of the cases of @condition (SQL on case_list l) the window's list holds
 * (a list for a view reads its first thousand, then more as it scrolls),
 * in order, and the rows the window read for its view. Compared like with
 * like: the shell's query against the window's path to the same result,
 * from the ask to its list holding it (the store's query in a worker
 * thread, the rows read for the view, the list changed on GTK's thread,
 * which binds the rows it keeps widgets for); the frame that shows it
 * stays beside its own goal above. */
static void
report (const char *what,
        Gui        *gui,
        Sample      median,
        const char *condition)
{
  guint n = n_shown (gui);
  guint n_read = pb_case_list_get_n_read (case_list (gui));
  g_autofree char *label = g_strdup_printf ("%s (%u cases, %u read)", what, n, n_read);
  g_autofree char *ids = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *ratio = NULL;
  double shell;

  bench_figure (label, median.wall, "ms", "<", 50);
  printf ("    CPU %.1f ms, of which the main thread (GTK) %.1f ms; load %s\n",
          median.cpu, median.main_cpu, bench_load_average ());
  printf ("      main thread: list changed %.1f ms, frame laid out %.1f ms, drawn %.1f ms\n",
          median.change, median.layout, median.paint);
  bench_figure ("  of which until the window's list held them", median.query, "ms", NULL, 0);
  bench_figure ("    CPU of the process meanwhile", median.query_cpu, "ms", NULL, 0);
  if (condition == NULL)
    return;

  ids = g_strdup_printf ("SELECT l.case_id FROM case_list l WHERE %s" BENCH_ORDER " LIMIT %u", condition, n);
  rows = g_strdup_printf ("SELECT " BENCH_COLUMNS BENCH_FROM_LIST " WHERE %s" BENCH_ORDER " LIMIT %u",
                          condition, n_read);
  shell = bench_shell_ms (db_path, (const char *[]) { ids, rows, NULL }, n, SHELL_RUNS);
  ratio = g_strdup_printf ("  until the list held them / shell's best query (%.2f ms)", shell);
  bench_figure (ratio, median.query / MAX (shell, 0.01), "×", "≤", 3);
}

static void
bench_search (Gui        *gui,
              const char *what,
              const char *text,
              const char *condition)
{
  Sample times[RUNS];

  for (guint i = 0; i < RUNS; i++)
    {
      times[i] = time_search (gui, text);
      settle (SETTLE_MS);
      time_search (gui, "");
      settle (SETTLE_MS);
    }
  time_search (gui, text);
  report (what, gui, median_sample (times, RUNS), condition);
  time_search (gui, "");
  settle (SETTLE_MS);
}

/* Each prefix of @word as it is typed: the slowest keystroke's median. */
static void
bench_typing (Gui        *gui,
              const char *word)
{
  Sample slowest = { 0 };
  g_autofree char *worst = NULL;

  for (gsize length = 1; length <= strlen (word); length++)
    {
      g_autofree char *prefix = g_strndup (word, length);
      Sample times[RUNS];
      Sample median;

      for (guint i = 0; i < RUNS; i++)
        {
          times[i] = time_search (gui, prefix);
          settle (SETTLE_MS);
          time_search (gui, "");
          settle (SETTLE_MS);
        }
      median = median_sample (times, RUNS);
      if (median.wall >= slowest.wall)
        {
          slowest = median;
          g_free (worst);
          worst = g_steal_pointer (&prefix);
        }
    }

  {
    g_autofree char *what = g_strdup_printf ("typing \"%s\", its slowest key (\"%s\")", word, worst);

    time_search (gui, worst);
    report (what, gui, slowest, NULL);
    time_search (gui, "");
    settle (SETTLE_MS);
  }
}

static void
bench_filter (Gui         *gui,
              const char  *what,
              const char  *condition,
              GtkDropDown *filter,
              guint        selected,
              GtkDropDown *also,
              guint        also_selected)
{
  Sample times[RUNS];

  /* Where a person's focus is who picks a filter: not in the search
   * entry, whose cursor would blink, a frame at a time, meanwhile. */
  gtk_widget_grab_focus (GTK_WIDGET (filter));
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
  report (what, gui, median_sample (times, RUNS), condition);
  time_filter (filter, gui, 0);
  if (also != NULL)
    time_filter (also, gui, 0);
  settle (SETTLE_MS);
}

/* The search box's condition for @text as the shell's best query puts
 * it, with the customers of the countries whose name holds @text (the
 * window's search finds those too). Text of one or two characters is
 * the start of a word of a name, or of a country's name, or its code. */
static char *
search_condition (const char *text,
                  const char *words)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);
  gboolean is_short = g_utf8_strlen (text, -1) < 3;
  g_autoptr(GString) codes = g_string_new ("''");
  g_autofree char *like = g_strconcat (is_short ? "'% " : "'%", text, "%'", NULL);
  const char *name = is_short ? "' ' || name" : "name";
  const char *aliases = is_short ? "' ' || aliases" : "aliases";

  for (guint i = 0; i < pb_country_list_get_n (); i++)
    {
      g_autofree char *country = g_utf8_casefold (pb_country_list_get_name (i), -1);
      const char *found = strstr (country, folded);

      if ((found != NULL && (!is_short || found == country)) ||
          g_ascii_strcasecmp (pb_country_list_get_code (i), text) == 0)
        g_string_append_printf (codes, ", '%s'", pb_country_list_get_code (i));
    }

  return g_strconcat ("l.case_id IN (SELECT id FROM cases WHERE customer_uid IN (SELECT uid FROM customers"
                      " WHERE ", name, " LIKE ", like, " OR ", aliases, " LIKE ", like, " OR country IN (", codes->str, "))"
                      " UNION SELECT id FROM cases WHERE product_uid IN (SELECT uid FROM products WHERE ", name, " LIKE ",
                      like, "))"
                      " OR l.id IN (SELECT rowid FROM search_text WHERE search_text MATCH '", words, "')", NULL);
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
  pb_application_limit_arenas ();
  pb_application_choose_renderer ();
  if (!gtk_init_check ())
    {
      g_printerr ("bench-gui: no display (run it under xvfb-run)\n");
      return 1;
    }
  adw_init ();
  /* The application's style, which AdwApplication loads and the window
   * alone has none of: the list's rows are drawn as the user sees them. */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/probity/Probity/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  gui.window = pb_window_new (NULL, path);
  gtk_window_set_default_size (GTK_WINDOW (gui.window), 1280, 800);
  gtk_widget_realize (GTK_WIDGET (gui.window));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (gui.window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
  g_signal_connect_after (clock, "layout", G_CALLBACK (layout_cb), NULL);
  g_signal_connect_after (clock, "paint", G_CALLBACK (paint_cb), NULL);
  g_signal_connect (gui.window, "notify::loading", G_CALLBACK (loading_cb), NULL);
  g_signal_add_emission_hook (g_signal_lookup ("items-changed", G_TYPE_LIST_MODEL), 0, items_changed_hook, NULL, NULL);
  gtk_window_present (GTK_WINDOW (gui.window));
  while (n_frames == 0)
    g_main_context_iteration (NULL, TRUE);
  first_frame = bench_now_ms ();
  shown = wait_until_shown (gui.window, 0);
  /* The whole file's check runs beside the list (bench-open times it):
   * its reading is not what the searches below cost. */
  while (pb_window_get_checking (gui.window))
    g_main_context_iteration (NULL, TRUE);

  gui.search = GTK_EDITABLE (find_descendant (GTK_WIDGET (gui.window), GTK_TYPE_SEARCH_ENTRY));
  drop_down = find_descendant (GTK_WIDGET (gui.window), GTK_TYPE_DROP_DOWN);
  gui.status = GTK_DROP_DOWN (drop_down);
  gui.decision = GTK_DROP_DOWN (gtk_widget_get_next_sibling (drop_down));
  gui.outcome = GTK_DROP_DOWN (gtk_widget_get_next_sibling (GTK_WIDGET (gui.decision)));
  gtk_widget_activate_action (GTK_WIDGET (gui.window), "win.search", NULL);
  settle (500);

  printf ("the window, %u cases listed at first (GSK_RENDERER=%s), load %s:\n", n_shown (&gui), g_getenv ("GSK_RENDERER"),
          bench_load_average ());
  bench_figure ("first frame after the process started", first_frame - spawned_at / 1000.0, "ms", NULL, 0);
  bench_figure ("list shown after the process started", shown - spawned_at / 1000.0, "ms", NULL, 0);
  print_memory ("with the list");
  printf ("from the search or filter asking to the frame with the rows, median of %d; and until the window's\n"
          "list held them, against the shell's best query for the same result: every id found, in order,\n"
          "and the rows read (median of %d, timed to the microsecond):\n", RUNS, SHELL_RUNS);

  if (!filters_only)
  {
    g_autofree char *guilin = search_condition ("guilin", "\"guilin\"*");
    g_autofree char *zephyrine = search_condition ("zephyrine", "\"zephyrine\"*");
    /* Each word somewhere in the case: one letter or digit of several
     * words is the start of a word of a name, or a whole word of the
     * answers. */
    g_autofree char *globex_word = search_condition ("globex", "\"globex\"*");
    g_autofree char *four_word = search_condition ("4", "\"4\"");
    g_autofree char *globex = g_strdup_printf ("(%s) AND (%s)", globex_word, four_word);
    g_autofree char *china = search_condition ("china", "\"china\"*");

    bench_search (&gui, "search \"guilin\" (answers)", "guilin", guilin);
    bench_search (&gui, "search \"zephyrine\" (a comment)", "zephyrine", zephyrine);
    bench_search (&gui, "search \"globex 4\" (customers)", "globex 4", globex);
    bench_search (&gui, "search \"china\" (a country's name)", "china", china);
    bench_typing (&gui, "interception");
  }
  bench_filter (&gui, "status signed", "l.status = 'signed'", gui.status, 1 + PB_CASE_STATUS_SIGNED, NULL, 0);
  bench_filter (&gui, "decision rejected", "l.decision = 'rejected'",
                gui.decision, 1 + PB_CASE_STATUS_REJECTED - PB_CASE_STATUS_APPROVED, NULL, 0);
  bench_filter (&gui, "status signed, then decision rejected", "l.status = 'signed' AND l.decision = 'rejected'",
                gui.decision, 1 + PB_CASE_STATUS_REJECTED - PB_CASE_STATUS_APPROVED,
                gui.status, 1 + PB_CASE_STATUS_SIGNED);
  bench_filter (&gui, "outcome do-not-proceed", "l.outcome = 'do-not-proceed'",
                gui.outcome, 1 + PB_OUTCOME_DO_NOT_PROCEED, NULL, 0);

  print_memory ("after the searches and filters");
  before_case = resident_kb ();
  view = find_case_view (GTK_WIDGET (gui.window));
  g_signal_emit_by_name (view, "activate", 0);
  g_assert_nonnull (find_descendant (GTK_WIDGET (gui.window), PB_TYPE_WIZARD));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (gui.window));
  /* What it holds while a person reads the case: the window gives back
   * what searching left once it has paused a second. */
  settle (IDLE_MS);

  print_memory ("with a case open");
  bench_figure ("resident memory with the list", before_case / 1024.0, "MB", NULL, 0);
  bench_figure ("resident memory after opening a case", resident_kb () / 1024.0, "MB", "<", 120);
  bench_figure ("peak resident memory", status_kb ("VmHWM") / 1024.0, "MB", NULL, 0);
  printf ("CPU time of the whole run %.1f s; load %s\n", bench_cpu_ms () / 1000, bench_load_average ());

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
      filters_only = g_getenv ("PB_BENCH_GUI_FILTERS_ONLY") != NULL;
      spawned_at = g_ascii_strtoll (argv[3], NULL, 10);
      db_path = argv[2];
      return measure (argv[2]);
    }

  if (argc > 1 && g_str_equal (argv[1], "--filters"))
    {
      filters_only = TRUE;
      argv[1] = argv[0];
      argv++, argc--;
    }
  if (argc > 2)
    {
      g_printerr ("usage: %s [--filters] [DATABASE]\n", argv[0]);
      return 2;
    }
  db_path = argc == 2 ? argv[1] : PB_BENCH_DATABASE;

  /* bench-store makes the cases once, and keeps them while they are of
   * this schema. */
  {
    const char *fill_argv[] = { PB_BENCH_STORE, "--fill", PB_BENCH_QUESTIONNAIRE, PB_BENCH_CASES,
                                G_STRINGIFY (N_CASES), db_path, NULL };

    if (!g_spawn_sync (NULL, (char **) fill_argv, NULL, G_SPAWN_CHILD_INHERITS_STDIN,
                       NULL, NULL, NULL, NULL, &status, &error) ||
        !g_spawn_check_wait_status (status, &error))
      {
        g_printerr ("bench-gui: %s: %s\n", PB_BENCH_STORE, error->message);
        return 1;
      }
  }

  /* A fresh process, so that its start is counted from its own start. */
  self = g_file_read_link ("/proc/self/exe", NULL);
  now = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_monotonic_time ());
  child_argv[0] = self;
  child_argv[2] = db_path;
  child_argv[3] = now;
  env = g_environ_setenv (env, "GSETTINGS_BACKEND", "memory", TRUE);
  env = g_environ_setenv (env, "GSETTINGS_SCHEMA_DIR", PB_BUILD_SCHEMA_DIR, TRUE);
  env = g_environ_setenv (env, "GTK_A11Y", "none", TRUE);
  if (filters_only)
    env = g_environ_setenv (env, "PB_BENCH_GUI_FILTERS_ONLY", "1", TRUE);
  if (!g_spawn_sync (NULL, (char **) child_argv, env, G_SPAWN_CHILD_INHERITS_STDIN,
                     NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("bench-gui: %s\n", error->message);
      return 1;
    }

  return 0;
}
