/* pb-cli-data.c: data status and data import, the country reference data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "pb-cli.h"
#include "pb-countries-import.h"
#include "pb-countries.h"
#include "pb-file.h"

static const char *
origin_label (PbCountriesOrigin origin)
{
  switch (origin)
    {
    case PB_COUNTRIES_ORIGIN_SHIPPED:
      return _("shipped with Probity");
    case PB_COUNTRIES_ORIGIN_USER:
      return _("your imported copy");
    case PB_COUNTRIES_ORIGIN_ENV:
      return _("chosen by $PROBITY_COUNTRIES");
    case PB_COUNTRIES_ORIGIN_FILE:
    default:
      return _("a file");
    }
}

static void
print_row (const char *label,
           const char *value)
{
  /* Labels are translated, so pad by characters, not bytes. */
  glong pad = 16 - g_utf8_strlen (label, -1);

  printf ("%s:%*s %s\n", label, (int) MAX (pad, 0), "", value ? value : "—");
}

static void
print_counts (PbCountries *countries)
{
  guint n_fiw = 0, n_fotn = 0, n_measures = 0, by_grade[3] = { 0 };
  g_autofree char *text = NULL;

  for (guint i = 0; i < pb_countries_get_n_countries (countries); i++)
    {
      PbCountry *country = pb_countries_get_country (countries, i);

      n_fiw += pb_country_get_fiw (country) != NULL;
      n_fotn += pb_country_get_fotn (country) != NULL;
      for (guint m = 0; m < pb_country_get_n_measures (country); m++)
        {
          const char *grade = pb_country_fact_get_confidence (pb_country_get_measure (country, m));

          n_measures++;
          by_grade[grade[0] == 'V' ? 0 : grade[0] == 'P' ? 1 : 2]++;
        }
    }

  /* Translators: counts of countries, ratings and measures by confidence grade */
  text = g_strdup_printf (_("%u, of which %u with a Freedom in the World rating and %u with a Freedom on "
                            "the Net rating; %u measures (verified %u, partly verified %u, to re-check %u)"),
                          pb_countries_get_n_countries (countries), n_fiw, n_fotn, n_measures,
                          by_grade[0], by_grade[1], by_grade[2]);
  print_row (_("Countries"), text);
}

/* What became of the user's copy: absent, in use, shadowed or broken. */
static char *
describe_user_copy (PbCountries *in_use,
                    const char  *user_path)
{
  g_autoptr(GFile) file = g_file_new_for_path (user_path);
  g_autoptr(PbCountries) user = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_test (user_path, G_FILE_TEST_EXISTS))
    return g_strdup_printf (_("%s (none)"), user_path);
  if (pb_countries_get_origin (in_use) == PB_COUNTRIES_ORIGIN_USER)
    return g_strdup_printf (_("%s (in use)"), user_path);

  user = pb_countries_new_from_file (file, &error);
  if (user == NULL)
    return g_strdup_printf (_("%s (does not load: %s)"), user_path, error->message);
  if (pb_countries_get_origin (in_use) == PB_COUNTRIES_ORIGIN_SHIPPED)
    /* Translators: the file, the date it was generated, the shipped data's date */
    return g_strdup_printf (_("%s (not used: generated %s, before the shipped data of %s; "
                              "import the spreadsheet again)"),
                            user_path, pb_countries_get_generated (user),
                            pb_countries_get_generated (in_use));

  return g_strdup_printf (_("%s (not used)"), user_path);
}

static int
data_status (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(PbCountries) countries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *user_path = pb_countries_get_user_path ();
  g_autofree char *user_state = NULL;
  g_autofree char *where = NULL;
  g_autofree char *warning = NULL;

  g_option_context_set_summary (context, _("Show which country reference data is in use: its file, "
                                           "version, editions and review dates."));
  if (!pb_cli_parse_options (context, &argc, &argv))
    return 1;
  if (argc > 1)
    {
      pb_cli_printerr (_("unexpected argument “%s”"), argv[1]);
      return 1;
    }

  countries = pb_countries_load_default (&error);
  if (countries == NULL)
    {
      pb_cli_print_error (error);
      return 1;
    }

  where = g_strdup_printf ("%s (%s)", pb_countries_get_display_name (countries),
                           origin_label (pb_countries_get_origin (countries)));
  print_row (_("In use"), where);
  print_row (_("Version"), pb_countries_get_version (countries));
  print_row (_("Generated"), pb_countries_get_generated (countries));
  print_row (_("Reviewed"), pb_countries_get_reviewed (countries));
  print_row (_("Review due"), pb_countries_get_review_due (countries));
  print_row (_("FIW edition"), pb_countries_get_edition (countries, "fiw"));
  print_row (_("FOTN edition"), pb_countries_get_edition (countries, "fotn"));
  print_row (_("SHA-256"), pb_countries_get_sha256 (countries));
  print_counts (countries);
  user_state = describe_user_copy (countries, user_path);
  print_row (_("Imported copy"), user_state);

  warning = pb_countries_dup_review_warning (countries, NULL);
  if (warning != NULL)
    pb_cli_printerr (_("warning: %s"), warning);

  return 0;
}

static void
print_fact (PbCountries   *countries,
            PbCountryFact *fact,
            PbJurisdiction exporter,
            gboolean       with_exporter)
{
  /* A rating's title already names its edition. */
  gboolean rating = pb_country_fact_get_edition (fact) != NULL;
  const char *date = pb_country_fact_get_date (fact);
  const char *note = pb_country_fact_get_note (fact);
  const char *authority = pb_country_fact_get_authority (fact);

  printf ("  %s", pb_country_fact_get_title (fact));
  if (date != NULL && !rating)
    printf (" (%s)", date);
  printf ("\n");
  if (pb_country_fact_get_form (fact) != NULL)
    {
      /* Translators: a measure's kind, authority, form and scope, all codes */
      printf (_("    %s, %s, %s, scope %s"), pb_country_fact_get_kind (fact), authority,
              pb_country_fact_get_form (fact), pb_country_fact_get_scope (fact));
      if (with_exporter)
        printf ("; %s", pb_country_fact_binds (fact, exporter) ? _("binds this exporter")
                                                               : _("does not bind this exporter"));
      printf ("\n");
    }
  if (pb_country_fact_get_reference (fact) != NULL && !rating)
    printf (_("    Reference: %s\n"), pb_country_fact_get_reference (fact));
  /* Translators: a confidence grade (V, P or K), then the source's title */
  printf (_("    Confidence %s; source: %s\n"), pb_country_fact_get_confidence (fact),
          pb_countries_get_source_title (countries, pb_country_fact_get_source (fact)));
  if (note != NULL)
    printf (_("    Note: %s\n"), note);
}

static gboolean
parse_exporter (const char      *text,
                PbJurisdiction  *out)
{
  g_auto(GStrv) codes = g_strsplit (text, ",", -1);

  *out = PB_JURISDICTION_NONE;
  for (guint i = 0; codes[i] != NULL; i++)
    {
      g_autofree char *code = g_ascii_strdown (g_strstrip (codes[i]), -1);
      PbJurisdiction flag = pb_jurisdiction_from_string (code);

      if (flag == PB_JURISDICTION_NONE && !g_str_equal (code, "none"))
        return FALSE;
      *out |= flag;
    }

  return TRUE;
}

static int
data_show (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("COUNTRY"));
  g_autoptr(PbCountries) countries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *exporter_text = NULL;
  PbJurisdiction exporter = PB_JURISDICTION_NONE;
  PbCountry *country;
  GOptionEntry entries[] = {
    { "exporter", 0, 0, G_OPTION_ARG_STRING, &exporter_text,
      N_("The legal orders the exporter is subject to, e.g. “eu” or “eu,us”: says which measures bind it"),
      N_("LIST") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Show what the reference data records for a country "
                                           "(ISO 3166-1 code): ratings, measures and regions, each "
                                           "with its source and confidence."));
  if (!pb_cli_parse_options (context, &argc, &argv))
    return 1;
  if (argc != 2)
    {
      pb_cli_printerr ("%s", _("give one country code"));
      return 1;
    }
  if (exporter_text != NULL && !parse_exporter (exporter_text, &exporter))
    {
      pb_cli_printerr (_("--exporter: “%s” is not a list of eu, uk, us or none"), exporter_text);
      return 1;
    }

  countries = pb_countries_load_default (&error);
  if (countries == NULL)
    {
      pb_cli_print_error (error);
      return 1;
    }
  country = pb_countries_lookup (countries, argv[1]);
  if (country == NULL)
    {
      pb_cli_printerr (_("no country “%s” in %s"), argv[1], pb_countries_get_display_name (countries));
      return 1;
    }

  printf ("%s %s\n", pb_country_get_code (country), pb_country_get_name (country));
  printf ("%s\n", _("Ratings:"));
  if (pb_country_get_fiw (country) == NULL && pb_country_get_fotn (country) == NULL)
    printf ("  %s\n", _("none recorded"));
  if (pb_country_get_fiw (country) != NULL)
    print_fact (countries, pb_country_get_fiw (country), exporter, FALSE);
  if (pb_country_get_fotn (country) != NULL)
    print_fact (countries, pb_country_get_fotn (country), exporter, FALSE);

  printf ("%s\n", _("Measures:"));
  if (pb_country_get_n_measures (country) == 0)
    printf ("  %s\n", _("none recorded (which is not the same as none in force)"));
  for (guint i = 0; i < pb_country_get_n_measures (country); i++)
    print_fact (countries, pb_country_get_measure (country, i), exporter, exporter_text != NULL);

  for (guint r = 0; r < pb_country_get_n_regions (country); r++)
    {
      PbRegion *region = pb_country_get_region (country, r);

      /* Translators: a region's name, its id and its concern code */
      printf (_("Region %s (%s, %s):\n"), pb_region_get_name (region), pb_region_get_id (region),
              pb_region_get_concern (region));
      if (pb_region_get_fiw (region) != NULL)
        print_fact (countries, pb_region_get_fiw (region), exporter, FALSE);
      for (guint f = 0; f < pb_region_get_n_facts (region); f++)
        print_fact (countries, pb_region_get_fact (region, f), exporter, FALSE);
    }

  {
    g_autofree char *warning = pb_countries_dup_review_warning (countries, NULL);

    if (warning != NULL)
      pb_cli_printerr (_("warning: %s"), warning);
  }

  return 0;
}

static char *
local_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/* Writes @bytes to @path through a temporary file renamed over it, so that
 * the old file stays whole if anything fails. */
static gboolean
write_atomically (const char  *path,
                  GBytes      *bytes,
                  GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  if (!pb_file_check_replaceable (path, error))
    return FALSE;
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "%s: %s", dir, g_strerror (saved_errno));
      return FALSE;
    }

  return g_file_set_contents_full (path, data, size,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0644, error);
}

static gboolean
looks_like_json (GBytes *bytes)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  for (gsize i = 0; i < size; i++)
    if (!g_ascii_isspace (data[i]))
      return data[i] == '{';

  return FALSE;
}

static void
print_report (PbImportReport *report)
{
  printf (_("Imported %s: %u rows, %u countries and regions rated, %u changed.\n"),
          report->edition, report->n_rows, report->n_updated, report->n_changed);
  for (guint i = 0; i < report->changes->len; i++)
    printf ("  %s\n", (const char *) g_ptr_array_index (report->changes, i));
  if (report->unmapped->len > 0)
    {
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; i < report->unmapped->len; i++)
        g_string_append_printf (names, "%s%s", i ? "; " : "", (const char *) g_ptr_array_index (report->unmapped, i));
      /* Translators: followed by a list of names from the spreadsheet */
      printf (_("Not matched to any country or region (no rating recorded for them): %s\n"), names->str);
    }
}

static int
data_import (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE"));
  g_autofree char *output = NULL;
  g_autofree char *today = local_today ();
  g_autoptr(PbCountries) base = NULL;
  g_autoptr(PbImportReport) report = NULL;
  g_autoptr(GBytes) input = NULL;
  g_autoptr(GBytes) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  gboolean dry_run = FALSE;
  int edition = 0;
  GOptionEntry entries[] = {
    { "edition", 0, 0, G_OPTION_ARG_INT, &edition,
      N_("The Freedom in the World edition to take (default: the newest in the file)"), N_("YEAR") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write the new data here instead of installing it as your copy"), N_("FILE") },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run,
      N_("Check and report, but write nothing"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Update the country reference data without a new release. FILE is either the CSV export of "
      "Freedom House's Freedom in the World “All data” workbook, whose ratings replace those of the "
      "data in use, or a complete countries.json, which is checked and installed. The result goes "
      "to your data folder, where Probity reads it from then on. Nothing is written on any error."));
  if (!pb_cli_parse_options (context, &argc, &argv))
    return 1;
  if (argc != 2)
    {
      pb_cli_printerr ("%s", argc < 2 ? _("no file given") : _("give one file"));
      return 1;
    }
  if (edition < 0 || (edition != 0 && (edition < 1973 || edition > 2200)))
    {
      pb_cli_printerr (_("--edition: %d is not a year"), edition);
      return 1;
    }

  name = pb_cli_display_name (argv[1]);
  input = pb_file_load_path_bounded (argv[1], PB_COUNTRIES_MAX_FILE_SIZE * 4, &error);
  if (input == NULL)
    {
      pb_cli_print_error (error);
      return 1;
    }

  if (looks_like_json (input))
    {
      g_autoptr(PbCountries) replacement = pb_countries_new_from_bytes (input, name, &error);

      if (replacement == NULL)
        {
          pb_cli_print_error (error);
          return 1;
        }
      result = g_bytes_ref (input);
      printf (_("Checked %s: version %s, generated %s, %u countries.\n"), name,
              pb_countries_get_version (replacement), pb_countries_get_generated (replacement),
              pb_countries_get_n_countries (replacement));
    }
  else
    {
      base = pb_countries_load_default (&error);
      if (base == NULL)
        {
          pb_cli_print_error (error);
          return 1;
        }
      result = pb_countries_import_fiw_csv (base, input, name, (guint) edition, today, &report, &error);
      if (result == NULL)
        {
          pb_cli_print_error (error);
          return 1;
        }
      print_report (report);
    }

  if (dry_run)
    {
      printf ("%s\n", _("Dry run: nothing written."));
      return 0;
    }

  if (output == NULL)
    output = pb_countries_get_user_path ();
  if (!write_atomically (output, result, &error))
    {
      pb_cli_print_error (error);
      return 1;
    }

  printf (_("Written to %s.\n"), output);
  return 0;
}

static const PbCliCommand data_commands[] = {
  { "status", NULL, N_("Show the reference data in use, its version and review date"), data_status },
  { "show",   NULL, N_("Show the ratings, measures and regions recorded for a country"), data_show },
  { "import", NULL, N_("Update the reference data from Freedom House's spreadsheet"), data_import },
};

static void
print_data_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n%s\n", _("Usage: probity-cli data COMMAND [OPTION…]"), _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (data_commands); i++)
    fprintf (stream, "  %-10s %s\n", data_commands[i].name, _(data_commands[i].summary));
}

int
pb_cli_data (int    argc,
             char **argv)
{
  return pb_cli_run_command (argc, argv, "data", data_commands, G_N_ELEMENTS (data_commands), print_data_usage);
}
