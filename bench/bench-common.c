/* bench-common.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

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
