/* pb-date.h: calendar dates, checked in one place for every layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whether @day of @month of @year is a day of the Gregorian calendar:
 * no 31 February, 29 February only in a leap year; years 1 to 9999, the
 * four digits ISO 8601 writes. Any int may be passed. */
gboolean            pb_date_valid_ymd           (int                  year,
                                                 int                  month,
                                                 int                  day);
/* A date as answers, conditions and reference data write it: exactly
 * YYYY-MM-DD (no time, no sign, ASCII digits), a real day. */
gboolean            pb_date_is_valid            (const char          *text);

G_END_DECLS
