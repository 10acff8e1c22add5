/* bench-common.h: what every benchmark of bench/ prints the same way
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Milliseconds of wall time (monotonic) and of this process's CPU time. */
double   bench_now_ms     (void);
double   bench_cpu_ms     (void);

/* The median of @n values; sorts @values. */
double   bench_median     (double     *values,
                           guint       n);

/* One figure beside its goal, in the one format run-all.sh summarises:
 *
 *   WHAT ............................ 12.3 ms   goal < 50 ms: met
 *
 * @unit is printed after the value and the goal ("ms", "µs", "×", "MB");
 * @goal_op is "<" or "≤" (NULL: a figure with no goal). A goal missed is
 * printed as "MISSED". Returns whether the goal was met. */
gboolean bench_figure     (const char *what,
                           double      value,
                           const char *unit,
                           const char *goal_op,
                           double      goal);

G_END_DECLS
