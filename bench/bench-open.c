/* bench-open.c: opening the 100,000-case database in the window
 *
 * The window opens its file in a worker thread, shows the list as soon as
 * the open's own checks are done (header, schema, what it reads), and
 * checks every page in the background on a connection of its own while
 * the list is used. Printed: the time to the list shown, beside its goal
 * (< 1 s); the longest the main loop went without running (a 10 ms
 * timeout's longest gap) while opening and listing (the list's own cost),
 * and while the check runs beside the list, beside the goal of a frame or
 * two (< 50 ms); how long the whole file's check took. Then, for comparison, what
 * opening the same file on the main thread costs: every millisecond of it
 * a stall.
 *
 *   bench-open [DATABASE]
 *
 * Without DATABASE, the 100,000 cases bench-store keeps in the build
 * folder (bench-gui makes it). Run it after a first open, or the figures
 * include a migration (which checks every page before the list).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdio.h>

#include "bench-common.h"
#include "pb-application.h"
#include "pb-case-store.h"
#include "pb-window.h"

/* The main loop's pauses: while the file is opened and its list read
 * and first shown, then while the file is checked beside the list. */
typedef struct
{
  PbWindow *window;
  double    last;
  double    last_cpu;      /* the main thread's */
  double    listing;
  double    listing_cpu;   /* of which the main thread ran */
  double    checking;
  double    checking_cpu;
} Gaps;

static gboolean
tick_cb (gpointer user_data)
{
  Gaps *gaps = user_data;
  double now = bench_now_ms ();
  double cpu = bench_thread_cpu_ms ();
  gboolean listing = pb_window_get_loading (gaps->window);
  double *gap = listing ? &gaps->listing : &gaps->checking;
  double *gap_cpu = listing ? &gaps->listing_cpu : &gaps->checking_cpu;

  if (now - gaps->last > *gap)
    {
      *gap = now - gaps->last;
      *gap_cpu = cpu - gaps->last_cpu;
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
  g_autofree char *state_dir = NULL;
  Gaps gaps = { 0 };
  PbWindow *window;
  double start, listed, checked, cpu, listed_cpu, before;
  guint source;

  g_setenv ("GSETTINGS_SCHEMA_DIR", PB_BUILD_SCHEMA_DIR, FALSE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* Nothing remembered of an earlier check: the check runs, to be timed. */
  state_dir = g_dir_make_tmp ("bench-open-XXXXXX", NULL);
  g_setenv ("XDG_STATE_HOME", state_dir, TRUE);
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
  /* Shown: drawn once with the list in it. */
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  listed = bench_now_ms ();
  listed_cpu = bench_cpu_ms ();
  if (pb_window_get_store (window) == NULL)
    {
      g_printerr ("bench-open: the window could not open %s\n", path);
      return 1;
    }
  bench_figure ("time to the list shown", listed - start, "ms", "<", 1000);
  bench_figure ("main loop's longest pause while opening and listing", gaps.listing, "ms", NULL, 0);
  /* Little CPU in it: the main thread waited for a core, it did not work. */
  bench_figure ("  of which the main thread ran (CPU)", gaps.listing_cpu, "ms", NULL, 0);
  bench_figure ("CPU time of the process until then", listed_cpu - cpu, "ms", NULL, 0);
  if (!pb_window_get_checking (window))
    g_printerr ("bench-open: no check of the file ran beside the list\n");

  while (pb_window_get_checking (window))
    g_main_context_iteration (NULL, TRUE);
  checked = bench_now_ms ();
  tick_cb (&gaps);
  g_source_remove (source);
  if (pb_window_get_damage (window) != NULL)
    {
      g_printerr ("bench-open: %s\n", pb_window_get_damage (window));
      return 1;
    }
  bench_figure ("every page checked in the background, after the list", checked - listed, "ms", NULL, 0);
  bench_figure ("  CPU time of the process meanwhile", bench_cpu_ms () - listed_cpu, "ms", NULL, 0);
  bench_figure ("main loop's longest pause while the check ran", gaps.checking, "ms", "<", 50);
  bench_figure ("  of which the main thread ran (CPU)", gaps.checking_cpu, "ms", NULL, 0);
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;

  /* What the window did long ago: pb_case_store_open() on its own
   * thread, which skips the check of a file this large. */
  before = bench_now_ms ();
  {
    g_autoptr(PbCaseStore) store = pb_case_store_open (path, PB_CASE_STORE_FLAGS_NONE, &error);

    if (store == NULL)
      g_error ("bench-open: %s", error->message);
  }
  bench_figure ("before: the open (no check) on the main thread, a stall", bench_now_ms () - before, "ms", NULL, 0);

  {
    g_autofree char *checks = g_build_filename (state_dir, "probity", "checks.ini", NULL);
    g_autofree char *folder = g_path_get_dirname (checks);

    g_unlink (checks);
    g_rmdir (folder);
    g_rmdir (state_dir);
  }

  return 0;
}
