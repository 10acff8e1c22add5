/* bench-gui.c: how long the desktop application takes to show its first
 * frame with 10,000 cases in the database, and how much memory it holds
 * once a case is open.
 *
 * The parent fills (once, then reuses) a database of 10,000 cases and runs
 * itself again as a fresh process for each renderer, so that the time is
 * counted from that process's start, not from the fill.
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
#include "pb-data.h"
#include "pb-window.h"
#include "pb-wizard.h"

#define N_CASES 10000

/* Everything the benchmarks write is written by one sales person. */
static PbActor *
bench_actor (void)
{
  static PbActor *actor;

  if (actor == NULL)
    actor = pb_actor_new ("bench", PB_ROLE_SALES, NULL);

  return actor;
}

static gint64 spawned_at;
static gint64 first_frame_at;

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
fill (const char *path)
{
  static const char *countries[] = { "SE", "CN", "NL", "DE", "FR", "US", "BR", "IN", "AE", "KE" };
  static const char *families[] = { "camera", "biometric", "video-analytics", "network-monitoring" };
  g_autoptr(GError) error = NULL;
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autoptr(GListModel) existing = NULL;

  store = pb_case_store_new (path, &error);

  pb_case_store_set_actor (store, bench_actor ());
  if (store == NULL)
    g_error ("%s", error->message);
  existing = pb_case_store_list_cases (store, NULL, &error);
  if (existing != NULL && g_list_model_get_n_items (existing) >= N_CASES)
    return;

  questionnaire = pb_data_load_questionnaire ("surveillance-export", &error);
  if (questionnaire == NULL)
    g_error ("%s", error->message);

  g_print ("filling %s with %d cases (once)...\n", path, N_CASES);
  for (guint i = g_list_model_get_n_items (existing); i < N_CASES; i++)
    {
      g_autofree char *customer_name = g_strdup_printf ("Customer %05u", i);
      g_autofree char *product_name = g_strdup_printf ("Product %03u", i % 300);
      g_autoptr(PbCustomer) customer = NULL;
      g_autoptr(PbProduct) product = NULL;
      g_autofree char *case_id = NULL;

      customer = pb_case_store_add_customer (store, customer_name, NULL, countries[i % G_N_ELEMENTS (countries)],
                                             "police", NULL, &error);
      if (customer == NULL)
        g_error ("%s", error->message);
      product = pb_case_store_find_product (store, product_name, &error);
      if (product == NULL && error == NULL)
        product = pb_case_store_add_product (store, product_name, "1.0", families[i % G_N_ELEMENTS (families)],
                                             NULL, &error);
      if (product == NULL)
        g_error ("%s", error->message);
      case_id = pb_case_store_create_case (store, pb_customer_get_uid (customer), pb_product_get_uid (product),
                                           questionnaire, &error);
      if (case_id == NULL)
        g_error ("%s", error->message);
    }
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  if (first_frame_at == 0)
    first_frame_at = g_get_monotonic_time ();
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

static int
measure (const char *path)
{
  PbWindow *window;
  GtkWidget *view;
  GdkFrameClock *clock;
  long before_case;

  /* What the application does at start-up. */
  pb_application_choose_renderer ();
  if (!gtk_init_check ())
    {
      g_printerr ("bench-gui: no display (run it under xvfb-run)\n");
      return 1;
    }
  adw_init ();

  window = pb_window_new (NULL, path);
  gtk_widget_realize (GTK_WIDGET (window));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
  gtk_window_present (GTK_WINDOW (window));
  while (first_frame_at == 0)
    g_main_context_iteration (NULL, TRUE);

  settle (500);
  before_case = resident_kb ();
  view = find_descendant (GTK_WIDGET (window), GTK_TYPE_COLUMN_VIEW);
  g_signal_emit_by_name (view, "activate", 0);
  g_assert_nonnull (find_descendant (GTK_WIDGET (window), PB_TYPE_WIZARD));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  settle (500);

  bench_figure ("first frame after the process started", (first_frame_at - spawned_at) / 1000.0, "ms", NULL, 0);
  bench_figure ("resident memory with the list", before_case / 1024.0, "MB", NULL, 0);
  bench_figure ("resident memory after opening a case", resident_kb () / 1024.0, "MB", "<", 120);

  return 0;
}

int
main (int   argc,
      char *argv[])
{
  /* The application's choice (cairo, no OpenGL), then GTK's default. */
  static const char *renderers[] = { "cairo", "gl" };
  g_autofree char *self = NULL;
  const char *path;

  if (argc == 4 && g_str_equal (argv[1], "--measure"))
    {
      spawned_at = g_ascii_strtoll (argv[3], NULL, 10);
      return measure (argv[2]);
    }

  if (argc != 2)
    {
      g_printerr ("usage: %s DATABASE\n", argv[0]);
      return 2;
    }
  path = argv[1];
  fill (path);

  self = g_file_read_link ("/proc/self/exe", NULL);
  g_print ("probity window with %d cases (bench-startup compares the first frame with GNOME Text Editor's):\n",
           N_CASES);

  for (guint i = 0; i < G_N_ELEMENTS (renderers); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_monotonic_time ());
      const char *child_argv[] = { self, "--measure", path, now, NULL };
      g_auto(GStrv) env = g_get_environ ();
      int status = 0;

      env = g_environ_setenv (env, "GSK_RENDERER", renderers[i], TRUE);
      env = g_environ_setenv (env, "GSETTINGS_BACKEND", "memory", TRUE);
      env = g_environ_setenv (env, "GSETTINGS_SCHEMA_DIR", PB_BUILD_SCHEMA_DIR, TRUE);
      env = g_environ_setenv (env, "GTK_A11Y", "none", TRUE);
      g_print ("GSK_RENDERER=%s\n", renderers[i]);
      if (!g_spawn_sync (NULL, (char **) child_argv, env, G_SPAWN_CHILD_INHERITS_STDIN,
                         NULL, NULL, NULL, NULL, &status, &error) ||
          !g_spawn_check_wait_status (status, &error))
        {
          g_printerr ("bench-gui: %s\n", error->message);
          return 1;
        }
    }

  return 0;
}
