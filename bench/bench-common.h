/* bench-common.h: what every benchmark of bench/ prints the same way
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Milliseconds of wall time (monotonic), of this process's CPU time and
 * of this thread's. */
double   bench_now_ms        (void);
double   bench_cpu_ms        (void);
double   bench_thread_cpu_ms (void);

/* /proc/loadavg's three figures ("1.5 1.2 0.9"): how busy the shared
 * machine was beside a figure. A static buffer. */
const char *bench_load_average (void);

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

/* The best indexed query for a case list, as a person who knows the
 * schema writes it for the sqlite3 shell: the columns the list shows, in
 * the order it shows them. */
#define BENCH_COLUMNS \
  "c.id, c.current_revision, c.customer_uid, cu.name, cu.country, c.product_uid, p.name, p.version, q.qid, q.version," \
  " c.questionnaire_sha256, r.status, r.outcome, r.n_answers, c.created, c.created_by, c.updated, r.decision"
#define BENCH_FROM_LIST \
  " FROM case_list l JOIN cases c ON c.id = l.case_id" \
  " JOIN revisions r ON r.case_id = c.id AND r.revision = c.current_revision" \
  " JOIN customers cu ON cu.uid = c.customer_uid JOIN products p ON p.uid = c.product_uid" \
  " JOIN questionnaires q ON q.sha256 = c.questionnaire_sha256"
#define BENCH_ORDER " ORDER BY l.updated DESC, l.case_id DESC"
/* The search box: the customer's name or alias, the product's name
 * (ASCII here, where LIKE ignores case as folding does) and the words of
 * the cases. */
#define BENCH_SEARCH(like, words) \
  " l.case_id IN (SELECT id FROM cases WHERE customer_uid IN (SELECT uid FROM customers" \
  "   WHERE name LIKE '%" like "%' OR aliases LIKE '%" like "%')" \
  " UNION SELECT id FROM cases WHERE product_uid IN (SELECT uid FROM products WHERE name LIKE '%" like "%'))" \
  " OR l.id IN (SELECT rowid FROM search_text WHERE search_text MATCH '" words "')"

/* The median milliseconds, over @runs runs after a warm-up, of running the
 * statements @sql (NULL-terminated, each one without its ";") in the
 * sqlite3 shell on @path: one run of each, what they give written to
 * /dev/null. Timed from here, to the microsecond (the shell's .timer
 * prints milliseconds): the round trip through a pipe to the shell with
 * the statements, less the same round trip without them. Fails unless the
 * first returns @n_rows rows. */
double   bench_shell_ms   (const char         *path,
                           const char * const *sql,
                           guint               n_rows,
                           guint               runs);

G_END_DECLS
