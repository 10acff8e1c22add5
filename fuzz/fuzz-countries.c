/* fuzz-countries.c: the country reference data as a user hands it over:
 * a countries.json for the strict loader, or a spreadsheet's CSV export for
 * the CSV reader and the Freedom House importer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "pb-countries-import.h"
#include "pb-countries.h"
#include "pb-csv.h"

static PbCountries *base;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;

  fuzz_init ();
  base = pb_countries_load_shipped (&error);
  if (base == NULL)
    g_error ("%s", error->message);

  return 0;
}

/* Every error names the file first: "NAME: ", "NAME:LINE: " or "NAME:LINE:COLUMN: ". */
static void
check_error (const GError *error,
             const char   *name)
{
  fuzz_assert (error != NULL, "failed without an error");
  fuzz_assert (g_str_has_prefix (error->message, name), "“%s” does not name %s", error->message, name);
  fuzz_refused (error);
}

static void
fuzz_json (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbCountries) countries = pb_countries_new_from_bytes (bytes, "fuzz.json", &error);

  if (countries == NULL)
    {
      check_error (error, "fuzz.json:");
      return;
    }

  /* What loaded is consistent: sorted, sourced, graded. */
  for (guint i = 0; i < pb_countries_get_n_countries (countries); i++)
    {
      PbCountry *country = pb_countries_get_country (countries, i);

      fuzz_assert (pb_countries_lookup (countries, pb_country_get_code (country)) == country, "lookup");
      for (guint f = 0; f < pb_country_get_n_facts (country); f++)
        {
          PbCountryFact *fact = pb_country_get_fact (country, f);

          fuzz_assert (pb_countries_get_source_title (countries, pb_country_fact_get_source (fact)) != NULL,
                       "a fact with an undeclared source");
          fuzz_assert (strchr ("VPK", pb_country_fact_get_confidence (fact)[0]) != NULL, "a confidence");
          pb_country_fact_binds (fact, PB_JURISDICTION_EU | PB_JURISDICTION_US);
        }
    }
  g_free (pb_countries_dup_review_warning (countries, NULL));
}

static void
fuzz_csv (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbCsv) csv = pb_csv_parse (bytes, "fuzz.csv", &error);
  g_autoptr(PbImportReport) report = NULL;
  g_autoptr(GBytes) result = NULL;

  if (csv == NULL)
    check_error (error, "fuzz.csv:");
  else
    {
      fuzz_assert (pb_csv_get_n_rows (csv) <= PB_CSV_MAX_ROWS, "too many rows");
      for (guint r = 0; r < pb_csv_get_n_rows (csv); r++)
        {
          guint n;
          const char * const *fields = pb_csv_get_row (csv, r, &n);

          fuzz_assert (n >= 1 && n <= PB_CSV_MAX_FIELDS, "%u fields", n);
          for (guint f = 0; f < n; f++)
            fuzz_assert (g_utf8_validate (fields[f], -1, NULL), "a field is not UTF-8");
          fuzz_assert (r == 0 || pb_csv_get_line (csv, r) > pb_csv_get_line (csv, r - 1), "line numbers");
        }
    }
  g_clear_error (&error);

  result = pb_countries_import_fiw_csv (base, bytes, "fuzz.csv", 0, "2027-03-01", &report, &error);
  if (result == NULL)
    {
      check_error (error, "fuzz.csv:");
      return;
    }
  fuzz_assert (report != NULL && g_str_has_prefix (report->edition, "FIW "), "a report");
  /* The importer promises output the strict loader accepts. */
  {
    g_autoptr(PbCountries) imported = pb_countries_new_from_bytes (result, "imported", &error);

    fuzz_assert (imported != NULL, "import wrote data that does not load: %s", error->message);
    fuzz_assert (pb_countries_get_n_countries (imported) == pb_countries_get_n_countries (base),
                 "an import lost countries");
  }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);

  if (size > 0 && data[0] == '{')
    fuzz_json (bytes);
  else
    fuzz_csv (bytes);

  return 0;
}
