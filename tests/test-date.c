/* test-date.c: the one date validator every layer uses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-date.h"

typedef struct
{
  const char *text;
  gboolean    valid;
} TextCase;

static const TextCase text_cases[] = {
  { "2026-12-02", TRUE },
  { "2026-01-31", TRUE },
  { "2026-12-31", TRUE },
  { "0001-01-01", TRUE },
  { "9999-12-31", TRUE },
  /* 31 February, and the other short months' 31st */
  { "2024-02-31", FALSE },
  { "2026-02-30", FALSE },
  { "2026-04-31", FALSE },
  { "2026-06-31", FALSE },
  { "2026-09-31", FALSE },
  { "2026-11-31", FALSE },
  /* 29 February: leap years (every 4th, the 400th century) and not */
  { "2024-02-29", TRUE },
  { "2000-02-29", TRUE },
  { "2026-02-29", FALSE },
  { "2023-02-29", FALSE },
  { "1900-02-29", FALSE },
  { "2100-02-29", FALSE },
  /* out of range */
  { "0000-01-01", FALSE },
  { "2026-00-10", FALSE },
  { "2026-13-01", FALSE },
  { "2026-01-00", FALSE },
  { "2026-01-32", FALSE },
  /* not YYYY-MM-DD */
  { "", FALSE },
  { "2026", FALSE },
  { "2026-01", FALSE },
  { "2026-1-05", FALSE },
  { "26-01-05", FALSE },
  { "2026/01/05", FALSE },
  { "05/01/2026", FALSE },
  { "20260105", FALSE },
  { "2026-01-05T00:00:00Z", FALSE },
  { " 2026-01-05", FALSE },
  { "2026-01-05 ", FALSE },
  { "2026-0a-05", FALSE },
  { "+026-01-05", FALSE },
  { "2026-+1-05", FALSE },
  { "2026--1-05", FALSE },
  { "２０２６-01-05", FALSE },   /* fullwidth digits */
};

static void
test_text (gconstpointer data)
{
  const TextCase *c = data;

  g_assert_cmpint (pb_date_is_valid (c->text), ==, c->valid);
}

typedef struct
{
  int      year;
  int      month;
  int      day;
  gboolean valid;
} YmdCase;

static const YmdCase ymd_cases[] = {
  { 2024, 2, 29, TRUE },
  { 2023, 2, 29, FALSE },
  { 2024, 2, 31, FALSE },
  { 2026, 12, 31, TRUE },
  { 0, 1, 1, FALSE },
  { -2026, 1, 1, FALSE },
  { 10000, 1, 1, FALSE },
  { 2026, 0, 1, FALSE },
  { 2026, -1, 1, FALSE },
  { 2026, 1, -1, FALSE },
  /* Values GDate's narrower types would wrap into range (day 257 into 1,
   * year 65537 into 1), and the extremes. */
  { 2026, 1, 257, FALSE },
  { 65537, 1, 1, FALSE },
  { 2026, G_MININT, 1, FALSE },
  { G_MAXINT, G_MAXINT, G_MAXINT, FALSE },
};

static void
test_ymd (gconstpointer data)
{
  const YmdCase *c = data;

  g_assert_cmpint (pb_date_valid_ymd (c->year, c->month, c->day), ==, c->valid);
}

/* Every day of a leap and of a common year, against a count of its days. */
static void
test_every_day (void)
{
  static const int days_in_month[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  for (int year = 2023; year <= 2024; year++)
    {
      guint n = 0;

      for (int month = 1; month <= 12; month++)
        for (int day = 1; day <= 32; day++)
          {
            g_autofree char *text = g_strdup_printf ("%04d-%02d-%02d", year, month, day);
            gboolean expected = day <= days_in_month[month - 1] + (month == 2 && year == 2024);

            g_assert_cmpint (pb_date_is_valid (text), ==, expected);
            n += expected;
          }
      g_assert_cmpuint (n, ==, year == 2024 ? 366 : 365);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (text_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/pb/date/text/%u", i);

      g_test_add_data_func (path, &text_cases[i], test_text);
    }
  for (guint i = 0; i < G_N_ELEMENTS (ymd_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/pb/date/ymd/%u", i);

      g_test_add_data_func (path, &ymd_cases[i], test_ymd);
    }
  g_test_add_func ("/pb/date/every-day", test_every_day);

  return g_test_run ();
}
