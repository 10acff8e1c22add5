/* pb-date.c: calendar dates, checked in one place for every layer
 *
 * Answers and conditions, the country reference data and the dates the
 * publishers of restricted-party lists write are all checked here, against
 * GLib's calendar.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pb-date.h"

gboolean
pb_date_valid_ymd (int year,
                   int month,
                   int day)
{
  /* In range before GDate's narrower types could wrap a value into it
   * (day 257 would be read as 1). */
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31)
    return FALSE;

  return g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

gboolean
pb_date_is_valid (const char *text)
{
  g_return_val_if_fail (text != NULL, FALSE);

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;

  for (guint i = 0; i < 10; i++)
    {
      if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
        return FALSE;
    }

  return pb_date_valid_ymd ((int) g_ascii_strtoull (text, NULL, 10),
                            (int) g_ascii_strtoull (text + 5, NULL, 10),
                            (int) g_ascii_strtoull (text + 8, NULL, 10));
}
