/* bench-common.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench-common.h"

double
bench_now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* The machine is shared with compilers and test runs: CPU time says more
 * than wall time about the code itself. */
double
bench_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);

  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* This thread's alone: what a call costs its caller, without the work
 * it leaves to other threads. */
double
bench_thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);

  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

double
bench_median (double *values,
              guint   n)
{
  g_return_val_if_fail (n > 0, 0);

  qsort (values, n, sizeof *values, compare_doubles);

  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

gboolean
bench_figure (const char *what,
              double      value,
              const char *unit,
              const char *goal_op,
              double      goal)
{
  gboolean met;
  /* Counts as counts; times to a tenth, short ones to a hundredth. */
  int precision = value == (gint64) value ? 0 : value < 10 ? 2 : 1;

  if (goal_op == NULL)
    {
      printf ("  %-52s %9.*f %s\n", what, precision, value, unit);
      return TRUE;
    }

  met = g_str_equal (goal_op, "<") ? value < goal : value <= goal;
  printf ("  %-52s %9.*f %-3s goal %s %g %s: %s\n", what, precision, value, unit, goal_op, goal, unit,
          met ? "met" : "MISSED");

  return met;
}

double
bench_shell_ms (const char         *path,
                const char * const *sql,
                guint               n_rows,
                guint               runs)
{
  g_autoptr(GString) script = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *input_path = NULL;
  g_autofree char *read = NULL;
  g_autofree double *real = g_new0 (double, runs);
  g_auto(GStrv) lines = NULL;
  guint n_sql = g_strv_length ((char **) sql);
  guint n = 0;
  int fd, status;

  g_return_val_if_fail (n_sql > 0 && runs > 0, 0);

  g_string_append_printf (script, "SELECT count(*) FROM (%s);\n.output /dev/null\n", sql[0]);
  for (guint i = 0; i < n_sql; i++)
    g_string_append_printf (script, "%s;\n", sql[i]);
  g_string_append (script, ".timer on\n");
  for (guint run = 0; run < runs; run++)
    for (guint i = 0; i < n_sql; i++)
      g_string_append_printf (script, "%s;\n", sql[i]);

  fd = g_file_open_tmp ("bench-shell-XXXXXX.sql", &input_path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (input_path, script->str, -1, &error);
  g_assert_no_error (error);

  read = g_strconcat (".read ", input_path, NULL);
  {
    const char *argv[] = { "sqlite3", "-readonly", path, read, NULL };

    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status, &error) ||
        !g_spawn_check_wait_status (status, &error))
      g_error ("sqlite3: %s", error->message);
  }
  g_unlink (input_path);

  lines = g_strsplit (out, "\n", -1);
  if (lines[0] == NULL || (guint) atoi (lines[0]) != n_rows)
    g_error ("the shell's query gives %s rows, the program %u: %s", lines[0], n_rows, sql[0]);
  for (guint i = 1; lines[i] != NULL && n < runs * n_sql; i++)
    if (g_str_has_prefix (lines[i], "Run Time: real "))
      real[n++ / n_sql] += g_ascii_strtod (lines[i] + strlen ("Run Time: real "), NULL) * 1000;
  g_assert_cmpuint (n, ==, runs * n_sql);

  return bench_median (real, runs);
}

/* /proc/loadavg's first three figures: how busy the machine was. */
const char *
bench_load_average (void)
{
  static char text[64];
  g_autofree char *contents = NULL;
  g_auto(GStrv) fields = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &contents, NULL, NULL))
    return "unknown";
  fields = g_strsplit (contents, " ", 4);
  if (g_strv_length (fields) < 3)
    return "unknown";
  g_snprintf (text, sizeof text, "%s %s %s", fields[0], fields[1], fields[2]);

  return text;
}
