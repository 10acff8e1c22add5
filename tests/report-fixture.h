/* report-fixture.h: a realistic report input for tests and the benchmark
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-report-data.h"

G_BEGIN_DECLS

#define FIXTURE_CUSTOMER "上海市公安局"

/* A case of @n_answers answers in 9 sections and @n_flags flags, with a
 * Chinese customer name, comments, evidence, a 5,000-character answer with
 * no spaces in mixed scripts (fixture_long_answer()) and a comment with a
 * character above U+FFFF. */
PbReportData *fixture_report_data   (guint n_answers,
                                     guint n_flags);
const char   *fixture_long_answer   (void);
char         *fixture_answer_text   (guint index);
char         *fixture_flag_title    (guint index);

G_END_DECLS
