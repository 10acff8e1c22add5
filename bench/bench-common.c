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
#include <errno.h>
#include <sys/wait.h>
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

/* The sqlite3 shell, run on a database, told statements through a pipe;
 * it writes what it is told to print on another. */
typedef struct
{
  GPid     pid;
  int      in;       /* its standard input */
  int      err;      /* its standard error, where it prints */
  GString *pending;  /* read from @err, not yet taken as lines */
} Shell;

static void
shell_write (Shell      *shell,
             const char *text)
{
  gsize length = strlen (text);

  while (length > 0)
    {
      gssize written = write (shell->in, text, length);

      if (written < 0)
        g_error ("sqlite3: cannot write to it: %s", g_strerror (errno));
      text += written;
      length -= written;
    }
}

/* The next line the shell printed, without its newline. */
static char *
shell_read_line (Shell *shell)
{
  char buffer[4096];
  const char *end;

  while ((end = memchr (shell->pending->str, '\n', shell->pending->len)) == NULL)
    {
      gssize n = read (shell->err, buffer, sizeof buffer);

      if (n <= 0)
        g_error ("sqlite3 ended: %s", shell->pending->str);
      g_string_append_len (shell->pending, buffer, n);
    }

  {
    char *line = g_strndup (shell->pending->str, end - shell->pending->str);

    g_string_erase (shell->pending, 0, end - shell->pending->str + 1);
    return line;
  }
}

/* Tells the shell @script, then to print a mark, and waits for the mark:
 * the milliseconds that took. What the statements give goes to /dev/null;
 * the shell flushes the mark as it closes /dev/stderr after it. */
#define SHELL_MARK "-- bench-shell-mark --"

static double
shell_round_trip (Shell      *shell,
                  const char *script)
{
  double start = bench_now_ms ();
  g_autofree char *line = NULL;

  shell_write (shell, script);
  shell_write (shell, ".output /dev/stderr\n.print " SHELL_MARK "\n.output /dev/null\n");
  while (g_strcmp0 ((line = shell_read_line (shell)), SHELL_MARK) != 0)
    {
      if (*line != '\0')
        g_error ("sqlite3: %s", line);
      g_free (line);
    }

  return bench_now_ms () - start;
}

double
bench_shell_ms (const char         *path,
                const char * const *sql,
                guint               n_rows,
                guint               runs)
{
  const char *argv[] = { "sqlite3", "-batch", "-bail", "-readonly", path, NULL };
  g_autoptr(GString) script = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree double *with = g_new0 (double, runs);
  g_autofree double *without = g_new0 (double, runs);
  g_autofree char *count = NULL;
  Shell shell = { 0 };
  guint n_sql = g_strv_length ((char **) sql);
  int status;

  g_return_val_if_fail (n_sql > 0 && runs > 0, 0);

  if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD |
                                 G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, &shell.pid, &shell.in, NULL, &shell.err,
                                 &error))
    g_error ("sqlite3: %s", error->message);
  shell.pending = g_string_new (NULL);

  /* How many rows the first gives, as the program found. */
  g_string_printf (script, ".output /dev/stderr\nSELECT count(*) FROM (%s);\n.output /dev/null\n", sql[0]);
  shell_write (&shell, script->str);
  count = shell_read_line (&shell);
  if ((guint) atoi (count) != n_rows)
    g_error ("the shell's query gives %s rows, the program %u: %s", count, n_rows, sql[0]);

  /* Once to warm the cache, then each run: the statements' round trip
   * less that of the mark alone, taken in turns. */
  g_string_truncate (script, 0);
  for (guint i = 0; i < n_sql; i++)
    g_string_append_printf (script, "%s;\n", sql[i]);
  shell_round_trip (&shell, script->str);
  for (guint run = 0; run < runs; run++)
    {
      with[run] = shell_round_trip (&shell, script->str);
      without[run] = shell_round_trip (&shell, "");
    }

  shell_write (&shell, ".quit\n");
  close (shell.in);
  close (shell.err);
  g_string_free (shell.pending, TRUE);
  if (waitpid (shell.pid, &status, 0) < 0 || !g_spawn_check_wait_status (status, &error))
    g_error ("sqlite3: %s", error != NULL ? error->message : g_strerror (errno));
  g_spawn_close_pid (shell.pid);

  return MAX (bench_median (with, runs) - bench_median (without, runs), 0);
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
