/* bench-open.c: opening the 100,000-case database in the window
 *
 * The window opens, migrates and checks every page of its file in a
 * worker thread. Printed: the longest the main loop went without running
 * (a 10 ms timeout's longest gap) from the window's first frame until
 * the file is open, beside the goal
 * of a frame or two (< 50 ms), how long the check took; then the same
 * while the list is read and first shown (the list's own cost). Then, for
 * comparison, what opening the same file on the main thread costs: the
 * open as the window made it before (checks up to 64 MB only, so none of
 * this file) — every millisecond of it a stall.
 *
 *   bench-open [DATABASE]
 *
 * Without DATABASE, the 100,000 cases bench-store keeps in the build
 * folder (bench-gui makes it). Run it after a first open, or the figures
 * include a migration.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <stdio.h>

#include "bench-common.h"
#include "pb-application.h"
#include "pb-case-store.h"
#include "pb-window.h"

/* The main loop's pauses, while the file is opened and checked, and
 * then while its list is read and first shown. */
typedef struct
{
  PbWindow *window;
  double    last;
  double    last_cpu;      /* the main thread's */
  double    opening;
  double    opening_cpu;   /* of which the main thread ran */
  double    listing;
  double    opened_at;
} Gaps;

static gboolean
tick_cb (gpointer user_data)
{
  Gaps *gaps = user_data;
  double now = bench_now_ms ();
  double cpu = bench_thread_cpu_ms ();

  if (gaps->window != NULL && pb_window_get_store (gaps->window) == NULL)
    {
      if (now - gaps->last > gaps->opening)
        {
          gaps->opening = now - gaps->last;
          gaps->opening_cpu = cpu - gaps->last_cpu;
        }
    }
  else
    {
      if (gaps->opened_at == 0)
        gaps->opened_at = now;
      gaps->listing = MAX (gaps->listing, now - gaps->last);
    }
  gaps->last = now;
  gaps->last_cpu = cpu;

  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  const char *path = argc == 2 ? argv[1] : PB_BENCH_DATABASE;
  g_autoptr(GError) error = NULL;
  Gaps gaps = { 0 };
  PbWindow *window;
  double start, listed, cpu, before;
  guint source;

  g_setenv ("GSETTINGS_SCHEMA_DIR", PB_BUILD_SCHEMA_DIR, FALSE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_printerr ("bench-open: %s does not exist (bench-gui makes it)\n", path);
      return 1;
    }
  pb_application_limit_arenas ();
  pb_application_choose_renderer ();
  if (!gtk_init_check ())
    {
      g_printerr ("bench-open: no display (run it under xvfb-run)\n");
      return 1;
    }
  adw_init ();

  printf ("opening %s in the window, load %s:\n", path, bench_load_average ());
  start = bench_now_ms ();
  cpu = bench_cpu_ms ();
  window = gaps.window = pb_window_new (NULL, path);
  gtk_window_present (GTK_WINDOW (window));
  /* Building the window and its first frame are start-up's, measured by
   * bench-startup; the pauses counted are those after. */
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  bench_figure ("the window's first frame (start-up's cost)", bench_now_ms () - start, "ms", NULL, 0);
  gaps.last = bench_now_ms ();
  gaps.last_cpu = bench_thread_cpu_ms ();
  source = g_timeout_add (10, tick_cb, &gaps);
  while (pb_window_get_loading (window))
    g_main_context_iteration (NULL, TRUE);
  listed = bench_now_ms ();
  tick_cb (&gaps);
  g_source_remove (source);
  gaps.window = NULL;
  if (pb_window_get_store (window) == NULL)
    {
      g_printerr ("bench-open: the window could not open %s\n", path);
      return 1;
    }
  bench_figure ("main loop's longest pause while opening and checking", gaps.opening, "ms", "<", 50);
  /* Little CPU in it: the main thread waited for a core, it did not work. */
  bench_figure ("  of which the main thread ran (CPU)", gaps.opening_cpu, "ms", NULL, 0);
  bench_figure ("opened, every page checked", gaps.opened_at - start, "ms", NULL, 0);
  bench_figure ("main loop's longest pause while then listing", gaps.listing, "ms", NULL, 0);
  bench_figure ("listed", listed - start, "ms", NULL, 0);
  bench_figure ("CPU time of the process meanwhile", bench_cpu_ms () - cpu, "ms", NULL, 0);
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;

  /* What the window did before: pb_case_store_open() on its own thread,
   * which skips the check of a file this large. */
  before = bench_now_ms ();
  {
    g_autoptr(PbCaseStore) store = pb_case_store_open (path, PB_CASE_STORE_FLAGS_NONE, &error);

    if (store == NULL)
      g_error ("bench-open: %s", error->message);
  }
  bench_figure ("before: the open (no check) on the main thread, a stall", bench_now_ms () - before, "ms", NULL, 0);

  return 0;
}
