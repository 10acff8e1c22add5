/* test-countries.c: the country reference data, its loader, importer and CLI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/wait.h>

#include "pb-countries-import.h"
#include "pb-countries.h"
#include "pb-csv.h"
#include "pb-data.h"
#include "pb-questionnaire.h"
#include "pb-types.h"

static char *tmp_home;   /* $XDG_DATA_HOME for this process and the CLI */

static PbCountries *
load_shipped (void)
{
  g_autoptr(GError) error = NULL;
  PbCountries *countries = pb_countries_load_shipped (&error);

  g_assert_no_error (error);
  g_assert_nonnull (countries);
  return countries;
}

static GBytes *
read_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "countries", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents;
  gsize size;

  g_file_get_contents (path, &contents, &size, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, size);
}

static void
assert_message (const GError *error,
                const char   *part)
{
  g_assert_nonnull (error);
  if (strstr (error->message, part) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, part);
}

/* --- the shipped file ------------------------------------------------- */

/* Every ISO 3166-1 entry Debian's iso-codes knows is in the data, with its name. */
static void
test_shipped_every_country (void)
{
  g_autoptr(PbCountries) countries = load_shipped ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *iso;

  if (!json_parser_load_from_file (parser, "/usr/share/iso-codes/json/iso_3166-1.json", &error))
    {
      g_test_skip ("iso-codes is not installed");
      return;
    }
  iso = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "3166-1");
  g_assert_cmpuint (json_array_get_length (iso), >=, 249);
  for (guint i = 0; i < json_array_get_length (iso); i++)
    {
      JsonObject *entry = json_array_get_object_element (iso, i);
      const char *code = json_object_get_string_member (entry, "alpha_2");
      PbCountry *country = pb_countries_lookup (countries, code);

      if (country == NULL)
        g_error ("%s is missing from the reference data", code);
      g_assert_cmpstr (pb_country_get_name (country), ==, json_object_get_string_member (entry, "name"));
    }
  g_assert_cmpuint (pb_countries_get_n_countries (countries), ==, json_array_get_length (iso));
}

static void
check_fact (PbCountries   *countries,
            PbCountryFact *fact)
{
  const char *source = pb_country_fact_get_source (fact);

  g_assert_nonnull (pb_country_fact_get_title (fact));
  g_assert_nonnull (pb_countries_get_source_title (countries, source));
  g_assert_true (strchr ("VPK", pb_country_fact_get_confidence (fact)[0]) != NULL);
  g_assert_cmpuint (strlen (pb_country_fact_get_confidence (fact)), ==, 1);
}

/* Every fact is sourced and graded; every measure says who imposed it, in
 * what form and how far. */
/* The codes an answer may give are exactly the entries of the data. */
static void
test_assigned_codes (void)
{
  g_autoptr(PbCountries) countries = load_shipped ();
  guint n_assigned = 0;

  for (char a = 'A'; a <= 'Z'; a++)
    for (char b = 'A'; b <= 'Z'; b++)
      {
        char code[3] = { a, b, '\0' };
        gboolean assigned = pb_country_code_is_assigned (code);

        if (assigned != (pb_countries_lookup (countries, code) != NULL))
          g_error ("%s: assigned %d, in the reference data %d", code, assigned, !assigned);
        n_assigned += assigned;
      }

  g_assert_cmpuint (n_assigned, ==, pb_countries_get_n_countries (countries));
  g_assert_false (pb_country_code_is_assigned ("UK"));
  g_assert_false (pb_country_code_is_assigned ("G"));
  g_assert_false (pb_country_code_is_assigned ("GBR"));
  g_assert_cmpstr (pb_country_code_get_alias_of ("UK"), ==, "GB");
  g_assert_cmpstr (pb_country_code_get_alias_of ("EL"), ==, "GR");
  g_assert_null (pb_country_code_get_alias_of ("GB"));
}

static void
test_shipped_every_fact_sourced (void)
{
  g_autoptr(PbCountries) countries = load_shipped ();
  const char * const kinds[] = { "arms-embargo", "monitoring-ban", "repression-ban", "dual-use-ban", NULL };
  guint n_measures = 0;

  g_assert_cmpstr (pb_countries_get_version (countries), ==, "2.2.0");
  g_assert_cmpint (strcmp (pb_countries_get_reviewed (countries), pb_countries_get_review_due (countries)), <, 0);
  g_assert_cmpuint (strlen (pb_countries_get_sha256 (countries)), ==, 64);
  g_assert_cmpint (pb_countries_get_origin (countries), ==, PB_COUNTRIES_ORIGIN_SHIPPED);

  for (guint i = 0; i < pb_countries_get_n_countries (countries); i++)
    {
      PbCountry *country = pb_countries_get_country (countries, i);

      if (i > 0)
        g_assert_cmpint (strcmp (pb_country_get_code (pb_countries_get_country (countries, i - 1)),
                                 pb_country_get_code (country)), <, 0);
      for (guint f = 0; f < pb_country_get_n_facts (country); f++)
        check_fact (countries, pb_country_get_fact (country, f));
      for (guint m = 0; m < pb_country_get_n_measures (country); m++, n_measures++)
        {
          PbCountryFact *measure = pb_country_get_measure (country, m);

          g_assert_true (g_strv_contains (kinds, pb_country_fact_get_kind (measure)));
          g_assert_nonnull (pb_country_fact_get_authority (measure));
          g_assert_nonnull (pb_country_fact_get_form (measure));
          g_assert_nonnull (pb_country_fact_get_scope (measure));
          g_assert_nonnull (pb_country_fact_get_reference (measure));
        }
      for (guint r = 0; r < pb_country_get_n_regions (country); r++)
        {
          PbRegion *region = pb_country_get_region (country, r);

          for (guint f = 0; f < pb_region_get_n_facts (region); f++)
            check_fact (countries, pb_region_get_fact (region, f));
        }
    }
  g_assert_cmpuint (n_measures, >=, 100);
}

/* A rating is never assumed: no figure means "not recorded". */
static void
test_shipped_ratings (void)
{
  g_autoptr(PbCountries) countries = load_shipped ();
  PbCountry *country = pb_countries_lookup (countries, "cn");
  PbRegion *tibet = pb_countries_lookup_region (countries, "tibet");
  PbCountryFact *fiw;

  g_assert_cmpstr (pb_country_get_code (country), ==, "CN");
  g_assert_cmpstr (pb_country_get_fiw_status (country), ==, "not-free");
  g_assert_cmpint (pb_country_get_fiw_score (country), ==, 9);
  fiw = pb_country_get_fiw (country);
  g_assert_cmpstr (pb_country_fact_get_edition (fiw), ==, "FIW 2025");
  g_assert_cmpstr (pb_country_fact_get_kind (fiw), ==, "fiw");
  g_assert_cmpstr (pb_country_get_fotn_status (country), ==, "not-free");
  g_assert_cmpstr (pb_countries_get_edition (countries, "fiw"), ==, "FIW 2025");
  g_assert_cmpstr (pb_countries_get_edition (countries, "fotn"), ==, "FOTN 2024");

  g_assert_nonnull (tibet);
  g_assert_cmpint (pb_country_fact_get_score (pb_region_get_fiw (tibet)), ==, 0);
  g_assert_cmpstr (pb_region_get_concern (tibet), ==, "persecution");
  g_assert_cmpstr (pb_country_fact_get_date (pb_region_get_fact (pb_countries_lookup_region (countries, "xuar"), 0)),
                   ==, "2022-08-31");

  country = pb_countries_lookup (countries, "DE");
  g_assert_cmpstr (pb_country_get_fiw_status (country), ==, "free");
  g_assert_cmpint (pb_country_get_fiw_score (country), ==, 95);
  g_assert_cmpuint (pb_country_get_n_measures (country), ==, 0);
  /* Palestine is rated as two territories: the lower counts. */
  g_assert_cmpint (pb_country_get_fiw_score (pb_countries_lookup (countries, "PS")), ==, 2);

  /* Every entry says rated or not rated: none is left to be read as "free". */
  for (guint i = 0; i < pb_countries_get_n_countries (countries); i++)
    g_assert_nonnull (pb_country_get_fiw_status (pb_countries_get_country (countries, i)));
  g_assert_cmpstr (pb_country_get_fiw_status (pb_countries_lookup (countries, "GL")), ==, "not-rated");

  /* FOTN coverage is not complete: no entry means not recorded. */
  g_assert_null (pb_country_get_fotn (pb_countries_lookup (countries, "DE")));

  g_assert_cmpstr (pb_country_get_fiw_status (pb_countries_lookup (countries, "BV")), ==, "not-rated");
  g_assert_cmpint (pb_country_get_fiw_score (pb_countries_lookup (countries, "BV")), ==, -1);
  g_assert_null (pb_countries_lookup (countries, "XX"));
  g_assert_null (pb_countries_lookup (countries, "CHN"));
}

/* Which measures bind which exporter. */
static void
test_shipped_binding (void)
{
  g_autoptr(PbCountries) countries = load_shipped ();
  PbCountry *ru = pb_countries_lookup (countries, "RU");
  PbCountry *cn = pb_countries_lookup (countries, "CN");
  PbCountry *ly = pb_countries_lookup (countries, "LY");
  PbCountry *cu = pb_countries_lookup (countries, "CU");
  PbCountry *by = pb_countries_lookup (countries, "BY");
  PbCountryFact *fact;

  fact = pb_country_find_binding_measure (ru, "dual-use-ban", PB_JURISDICTION_EU);
  g_assert_nonnull (fact);
  g_assert_cmpstr (pb_country_fact_get_reference (fact), ==, "Council Regulation (EU) No 833/2014, Art. 2");
  g_assert_nonnull (pb_country_find_binding_measure (by, "dual-use-ban", PB_JURISDICTION_EU));
  g_assert_nonnull (pb_country_find_binding_measure (ru, "monitoring-ban", PB_JURISDICTION_EU));
  g_assert_null (pb_country_find_binding_measure (ru, "monitoring-ban", PB_JURISDICTION_NONE));

  /* The 1989 declaration binds no one, but is recorded. */
  g_assert_null (pb_country_find_binding_measure (cn, "arms-embargo", PB_JURISDICTION_EU | PB_JURISDICTION_UK));
  g_assert_nonnull (pb_country_find_binding_measure (cn, "arms-embargo", PB_JURISDICTION_US));
  g_assert_true (pb_country_has_measure (cn, "political-embargo"));
  g_assert_false (pb_country_has_measure (cn, "binding-embargo"));
  g_assert_false (pb_country_has_measure (cn, "monitoring-ban"));

  /* A UN embargo binds everyone, even an exporter outside the EU, UK and US. */
  fact = pb_country_find_binding_measure (ly, "arms-embargo", PB_JURISDICTION_NONE);
  g_assert_nonnull (fact);
  g_assert_cmpstr (pb_country_fact_get_authority (fact), ==, "un");
  g_assert_true (pb_country_has_measure (ly, "binding-embargo"));

  /* The US embargo on Cuba binds US exporters only. */
  g_assert_nonnull (pb_country_find_binding_measure (cu, NULL, PB_JURISDICTION_US));
  g_assert_null (pb_country_find_binding_measure (cu, NULL, PB_JURISDICTION_EU | PB_JURISDICTION_UK));

  /* A partial embargo says so: the Iraqi government is exempt. */
  fact = pb_country_find_binding_measure (pb_countries_lookup (countries, "IQ"), "arms-embargo", PB_JURISDICTION_NONE);
  g_assert_nonnull (fact);
  g_assert_cmpstr (pb_country_fact_get_scope (fact), ==, "partial");
  g_assert_nonnull (strstr (pb_country_fact_get_note (fact), "Government of Iraq"));

  /* Not verified since the 2025 easing: recorded, but not as an established fact. */
  for (guint m = 0; m < pb_country_get_n_measures (pb_countries_lookup (countries, "SY")); m++)
    {
      PbCountryFact *measure = pb_country_get_measure (pb_countries_lookup (countries, "SY"), m);

      if (g_str_equal (pb_country_fact_get_kind (measure), "monitoring-ban") &&
          g_str_equal (pb_country_fact_get_authority (measure), "eu"))
        g_assert_cmpstr (pb_country_fact_get_confidence (measure), ==, "K");
    }

  for (guint code = 0; code < 4; code++)
    {
      const char *codes[] = { "SY", "IR", "MM", "VE" };
      g_assert_true (pb_country_has_measure (pb_countries_lookup (countries, codes[code]), "monitoring-ban"));
    }

  g_assert_cmpint (pb_jurisdiction_from_string ("uk"), ==, PB_JURISDICTION_UK);
  g_assert_cmpint (pb_jurisdiction_from_string ("un"), ==, PB_JURISDICTION_NONE);
}

/* The data speaks the questionnaire's codes, so a front end can propose answers. */
static void
test_shipped_match_questionnaire (void)
{
  g_autoptr(PbQuestionnaire) questionnaire = pb_data_load_questionnaire ("surveillance-export", NULL);
  g_autoptr(PbCountries) countries = load_shipped ();
  PbQuestion *fiw, *fotn, *region;
  guint n_regions = 0;

  g_assert_nonnull (questionnaire);
  fiw = pb_questionnaire_lookup_question (questionnaire, "S5.02");
  fotn = pb_questionnaire_lookup_question (questionnaire, "S5.03");
  region = pb_questionnaire_lookup_question (questionnaire, "S4.02r");
  if (fiw == NULL || fotn == NULL || region == NULL)
    {
      g_test_skip ("the questionnaire has no S5.02, S5.03 or S4.02r");
      return;
    }

  for (guint i = 0; i < pb_countries_get_n_countries (countries); i++)
    {
      PbCountry *country = pb_countries_get_country (countries, i);
      const char *status = pb_country_get_fiw_status (country);

      if (status != NULL && !g_str_equal (status, "not-rated"))
        g_assert_nonnull (pb_question_lookup_choice (fiw, status));
      if (pb_country_get_fotn_status (country))
        g_assert_nonnull (pb_question_lookup_choice (fotn, pb_country_get_fotn_status (country)));
      /* Regions the question does not name are "other-persecution". */
      for (guint r = 0; r < pb_country_get_n_regions (country); r++)
        if (pb_question_lookup_choice (region, pb_region_get_id (pb_country_get_region (country, r))))
          n_regions++;
    }
  g_assert_cmpuint (n_regions, ==, 2);
  g_assert_nonnull (pb_question_lookup_choice (region, "other-persecution"));
}

/* --- the strict loader ------------------------------------------------ */

#define HEAD "{\"format\": \"probity-countries\", \"format_version\": 2, \"version\": \"1\", " \
             "\"generated\": \"2026-01-01\", \"reviewed\": \"2026-01-01\", \"review_due\": \"2026-07-01\", "
#define SOURCES "\"sources\": {\"fh\": {\"title\": \"FH\"}, \"eu\": {\"title\": \"EU\"}}, "
#define MEASURE(fields) HEAD SOURCES "\"countries\": [{\"code\": \"SY\", \"name\": \"Syria\", \"measures\": [{" fields "}]}]}"
#define GOOD_MEASURE "\"kind\": \"monitoring-ban\", \"authority\": \"eu\", \"form\": \"binding\", \"scope\": \"country\", " \
                     "\"title\": \"Ban\", \"reference\": \"Reg. 36/2012\", \"source\": \"eu\", \"confidence\": \"V\""
#define RATING(fields) HEAD SOURCES "\"countries\": [{\"code\": \"CN\", \"name\": \"China\", \"fiw\": {" fields "}}]}"

static const struct {
  const char *name;
  const char *json;
  int         code;
  const char *message;   /* a part of the message after the file name */
} bad_countries[] = {
  { "syntax", "{\"format\": \"probity-countries\",", PB_CORE_ERROR_PARSE, ":1:" },
  { "twice", "{\"format\": \"probity-countries\", \"format\": \"x\"}", PB_CORE_ERROR_PARSE, ":1:" },
  { "deep", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
    PB_CORE_ERROR_PARSE, ":1:" },
  { "empty", "", PB_CORE_ERROR_PARSE, "bad.json:" },
  { "not-object", "[]", PB_CORE_ERROR_INVALID, "top level" },
  { "format", "{\"format\": \"x\"}", PB_CORE_ERROR_INVALID, "format: not a Probity" },
  { "format-version-1", "{\"format\": \"probity-countries\", \"version\": \"1.0.0\"}", PB_CORE_ERROR_INVALID, "format_version" },
  { "no-countries", HEAD SOURCES "\"countries\": []}", PB_CORE_ERROR_INVALID, "countries: missing or empty" },
  { "bad-date", "{\"format\": \"probity-countries\", \"format_version\": 2, \"version\": \"1\", \"generated\": \"2026-02-30\"}",
    PB_CORE_ERROR_INVALID, "/.generated: “2026-02-30” is not a date" },
  { "bad-date-common-year", "{\"format\": \"probity-countries\", \"format_version\": 2, \"version\": \"1\", "
    "\"generated\": \"2025-02-29\"}", PB_CORE_ERROR_INVALID, "/.generated: “2025-02-29” is not a date" },
  { "due-before-review", "{\"format\": \"probity-countries\", \"format_version\": 2, \"version\": \"1\", "
    "\"generated\": \"2026-01-01\", \"reviewed\": \"2026-01-01\", \"review_due\": \"2025-01-01\"}",
    PB_CORE_ERROR_INVALID, "review_due" },
  { "unknown-top-field", HEAD "\"sourcez\": {}}", PB_CORE_ERROR_INVALID, "unknown field “sourcez”" },
  { "bad-code", HEAD SOURCES "\"countries\": [{\"code\": \"chn\", \"name\": \"China\"}]}", PB_CORE_ERROR_INVALID, "countries[0]" },
  { "duplicate", HEAD SOURCES "\"countries\": [{\"code\": \"CN\", \"name\": \"China\"}, {\"code\": \"CN\", \"name\": \"China\"}]}",
    PB_CORE_ERROR_INVALID, "duplicate country" },
  { "missing-name", HEAD SOURCES "\"countries\": [{\"code\": \"CN\"}]}", PB_CORE_ERROR_INVALID, "countries[0] (CN).name: missing" },
  { "bad-status", RATING ("\"status\": \"unfree\", \"score\": 9, \"edition\": \"FIW 2025\", \"source\": \"fh\", \"confidence\": \"V\""),
    PB_CORE_ERROR_INVALID, "countries[0] (CN).fiw.status: unknown value “unfree”" },
  { "bad-score", RATING ("\"status\": \"free\", \"score\": 101, \"edition\": \"FIW 2025\", \"source\": \"fh\", \"confidence\": \"V\""),
    PB_CORE_ERROR_INVALID, "fiw.score" },
  { "score-not-rated", RATING ("\"status\": \"not-rated\", \"score\": 50, \"edition\": \"FIW 2025\", \"source\": \"fh\", \"confidence\": \"K\""),
    PB_CORE_ERROR_INVALID, "not rated" },
  { "bad-edition", RATING ("\"status\": \"free\", \"score\": 90, \"edition\": \"FOTN 2025\", \"source\": \"fh\", \"confidence\": \"V\""),
    PB_CORE_ERROR_INVALID, "fiw.edition" },
  { "bad-confidence", RATING ("\"status\": \"free\", \"score\": 90, \"edition\": \"FIW 2025\", \"source\": \"fh\", \"confidence\": \"V / K\""),
    PB_CORE_ERROR_INVALID, "fiw.confidence" },
  { "unknown-source", MEASURE ("\"kind\": \"monitoring-ban\", \"authority\": \"eu\", \"form\": \"binding\", \"scope\": \"country\", "
                               "\"title\": \"Ban\", \"reference\": \"R\", \"source\": \"ec\", \"confidence\": \"V\""),
    PB_CORE_ERROR_INVALID, "countries[0] (SY).measures[0].source: unknown source “ec”" },
  { "unknown-kind", MEASURE ("\"kind\": \"embargo\", \"authority\": \"eu\", \"form\": \"binding\", \"scope\": \"country\", "
                             "\"title\": \"Ban\", \"reference\": \"R\", \"source\": \"eu\", \"confidence\": \"V\""),
    PB_CORE_ERROR_INVALID, "measures[0].kind: unknown value “embargo”" },
  { "no-authority", MEASURE ("\"kind\": \"monitoring-ban\", \"form\": \"binding\", \"scope\": \"country\", "
                             "\"title\": \"Ban\", \"reference\": \"R\", \"source\": \"eu\", \"confidence\": \"V\""),
    PB_CORE_ERROR_INVALID, "measures[0].authority: missing" },
  { "bad-form", MEASURE ("\"kind\": \"monitoring-ban\", \"authority\": \"eu\", \"form\": \"soft\", \"scope\": \"country\", "
                         "\"title\": \"Ban\", \"reference\": \"R\", \"source\": \"eu\", \"confidence\": \"V\""),
    PB_CORE_ERROR_INVALID, "measures[0].form" },
  { "measure-typo", MEASURE (GOOD_MEASURE ", \"referense\": \"x\""), PB_CORE_ERROR_INVALID, "unknown field “referense”" },
  { "measure-date", MEASURE (GOOD_MEASURE ", \"date\": \"18 Jan 2012\""), PB_CORE_ERROR_INVALID, "measures[0].date" },
  { "measure-month", MEASURE (GOOD_MEASURE ", \"date\": \"2012-13\""), PB_CORE_ERROR_INVALID, "measures[0].date" },
  { "measure-year-0", MEASURE (GOOD_MEASURE ", \"date\": \"0000\""), PB_CORE_ERROR_INVALID, "measures[0].date" },
  { "measure-day", MEASURE (GOOD_MEASURE ", \"date\": \"2012-02-30\""), PB_CORE_ERROR_INVALID, "measures[0].date" },
};

static void
test_loader_errors (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autoptr(GBytes) bytes = g_bytes_new_static (bad_countries[i].json, strlen (bad_countries[i].json));
  g_autoptr(GError) error = NULL;
  g_autoptr(PbCountries) countries = pb_countries_new_from_bytes (bytes, "bad.json", &error);

  g_assert_null (countries);
  g_assert_error (error, PB_CORE_ERROR, bad_countries[i].code);
  g_assert_true (g_str_has_prefix (error->message, "bad.json:"));
  assert_message (error, bad_countries[i].message);
}

static void
test_loader_good_measure (void)
{
  const char *json = MEASURE (GOOD_MEASURE);
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, strlen (json));
  g_autoptr(GError) error = NULL;
  g_autoptr(PbCountries) countries = pb_countries_new_from_bytes (bytes, "good.json", &error);

  g_assert_no_error (error);
  g_assert_true (pb_country_has_measure (pb_countries_lookup (countries, "SY"), "monitoring-ban"));
  g_assert_cmpint (pb_countries_get_origin (countries), ==, PB_COUNTRIES_ORIGIN_FILE);
}

static void
test_loader_missing_and_special_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/countries.json");
  g_autoptr(GFile) dev = g_file_new_for_path ("/dev/zero");
  g_autoptr(PbCountries) countries = pb_countries_new_from_file (missing, &error);

  g_assert_null (countries);
  g_assert_error (error, PB_CORE_ERROR, PB_CORE_ERROR_IO);
  assert_message (error, "/nonexistent/countries.json");
  g_clear_error (&error);

  countries = pb_countries_new_from_file (dev, &error);
  g_assert_null (countries);
  g_assert_nonnull (error);
}

static void
test_review_warning (void)
{
  g_autoptr(PbCountries) countries = load_shipped ();
  g_autofree char *warning = NULL;
  GDate before, on, after;

  g_date_clear (&before, 1);
  g_date_set_dmy (&before, 1, 6, 2027);
  g_date_clear (&on, 1);
  g_date_set_dmy (&on, 2, 6, 2027);
  g_date_clear (&after, 1);
  g_date_set_dmy (&after, 3, 6, 2027);

  g_assert_false (pb_countries_is_overdue (countries, &before));
  g_assert_false (pb_countries_is_overdue (countries, &on));
  g_assert_null (pb_countries_dup_review_warning (countries, &on));
  g_assert_true (pb_countries_is_overdue (countries, &after));
  warning = pb_countries_dup_review_warning (countries, &after);
  g_assert_nonnull (warning);
  g_assert_nonnull (strstr (warning, "2027-06-02"));
  g_assert_nonnull (strstr (warning, "2.2.0"));
}

/* --- which file is used ------------------------------------------------- */

static char *
user_path (void)
{
  return pb_countries_get_user_path ();
}

/* A copy of the shipped data with another generated date and version. */
static void
write_user_copy (const char *generated,
                 const char *version)
{
  g_autoptr(PbCountries) shipped = load_shipped ();
  g_autofree char *path = user_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *text = g_strndup (g_bytes_get_data (pb_countries_get_bytes (shipped), NULL),
                                     g_bytes_get_size (pb_countries_get_bytes (shipped)));
  g_autofree char *old_generated = g_strdup_printf ("\"generated\": \"%s\"", pb_countries_get_generated (shipped));
  g_autofree char *new_generated = g_strdup_printf ("\"generated\": \"%s\"", generated);
  g_autofree char *old_version = g_strdup_printf ("\"version\": \"%s\"", pb_countries_get_version (shipped));
  g_autoptr(GString) out = g_string_new (text);
  g_autoptr(GError) error = NULL;

  g_string_replace (out, old_generated, new_generated, 1);
  g_string_replace (out, old_version, version, 1);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, out->str, out->len, &error);
  g_assert_no_error (error);
}

static void
test_default_order (void)
{
  g_autofree char *path = user_path ();
  g_autoptr(PbCountries) countries = NULL;
  g_autoptr(GError) error = NULL;

  g_remove (path);
  pb_countries_reset_default ();
  countries = pb_countries_load_default (&error);
  g_assert_no_error (error);
  g_assert_cmpint (pb_countries_get_origin (countries), ==, PB_COUNTRIES_ORIGIN_SHIPPED);
  g_clear_object (&countries);

  /* An import newer than the shipped data is used ... */
  write_user_copy ("2099-01-01", "\"version\": \"2.0.0+fiw2099\"");
  pb_countries_reset_default ();
  countries = pb_countries_load_default (&error);
  g_assert_no_error (error);
  g_assert_cmpint (pb_countries_get_origin (countries), ==, PB_COUNTRIES_ORIGIN_USER);
  g_assert_cmpstr (pb_countries_get_version (countries), ==, "2.0.0+fiw2099");
  g_clear_object (&countries);

  /* ... one older than the shipped data is not ... */
  write_user_copy ("2000-01-01", "\"version\": \"1.9.0+fiw2000\"");
  pb_countries_reset_default ();
  countries = pb_countries_load_default (&error);
  g_assert_no_error (error);
  g_assert_cmpint (pb_countries_get_origin (countries), ==, PB_COUNTRIES_ORIGIN_SHIPPED);
  g_clear_object (&countries);

  /* ... one that does not load is an error naming it, never skipped ... */
  g_assert_true (g_file_set_contents (path, "{\"format\": ", -1, NULL));
  pb_countries_reset_default ();
  countries = pb_countries_load_default (&error);
  g_assert_null (countries);
  assert_message (error, path);
  g_clear_error (&error);

  /* ... and $PROBITY_COUNTRIES wins over all. */
  {
    g_autoptr(GFile) file = pb_data_get_file ("questionnaires", "countries.json", NULL);
    g_autofree char *shipped = g_file_get_path (file);

    g_setenv ("PROBITY_COUNTRIES", shipped, TRUE);
    pb_countries_reset_default ();
    countries = pb_countries_load_default (&error);
    g_unsetenv ("PROBITY_COUNTRIES");
    g_assert_no_error (error);
    g_assert_cmpint (pb_countries_get_origin (countries), ==, PB_COUNTRIES_ORIGIN_ENV);
  }

  g_remove (path);
  pb_countries_reset_default ();
}

/* --- the CSV reader ----------------------------------------------------- */

static PbCsv *
parse_csv (const char  *text,
           gssize       len,
           GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, len < 0 ? strlen (text) : (gsize) len);

  return pb_csv_parse (bytes, "t.csv", error);
}

static void
test_csv_reader (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbCsv) csv = parse_csv ("\xEF\xBB\xBF" "a,\"b,\"\"c\"\"\",\r\n\r\n\"multi\nline\",x,\"\"\nlast,,", -1, &error);
  const char * const *row;
  guint n;

  g_assert_no_error (error);
  g_assert_cmpuint (pb_csv_get_n_rows (csv), ==, 3);
  row = pb_csv_get_row (csv, 0, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpstr (row[0], ==, "a");
  g_assert_cmpstr (row[1], ==, "b,\"c\"");
  g_assert_cmpstr (row[2], ==, "");
  row = pb_csv_get_row (csv, 1, &n);
  g_assert_cmpstr (row[0], ==, "multi\nline");
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (pb_csv_get_line (csv, 1), ==, 3);
  g_assert_cmpuint (pb_csv_get_line (csv, 2), ==, 5);
  row = pb_csv_get_row (csv, 2, &n);
  g_assert_cmpuint (n, ==, 3);
  g_clear_pointer (&csv, pb_csv_free);

  /* A European spreadsheet: semicolons, Windows-1252. */
  csv = parse_csv ("Name;Total\nC\xF4te d\x92Ivoire;50\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pb_csv_get_separator (csv), ==, ';');
  g_assert_cmpstr (pb_csv_get_row (csv, 1, NULL)[0], ==, "Côte d’Ivoire");
}

static const struct {
  const char *name;
  const char *text;
  gssize      len;
  int         code;
  const char *message;
} bad_csv[] = {
  { "unterminated", "a,b\nc,\"open\nd,e\n", -1, PB_CORE_ERROR_PARSE, "t.csv:2: a quoted field is not closed" },
  { "after-quote", "a,b\n\"x\"y,z\n", -1, PB_CORE_ERROR_PARSE, "t.csv:2: text after the closing quote" },
  { "nul", "a,b\nc,d\0e\n", 10, PB_CORE_ERROR_PARSE, "t.csv:2: a NUL byte" },
};

static void
test_csv_errors (gconstpointer data)
{
  guint i = GPOINTER_TO_UINT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(PbCsv) csv = parse_csv (bad_csv[i].text, bad_csv[i].len, &error);

  g_assert_null (csv);
  g_assert_error (error, PB_CORE_ERROR, bad_csv[i].code);
  assert_message (error, bad_csv[i].message);
}

/* Hostile sizes end in an error, in bounded memory. */
static void
test_csv_limits (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PbCsv) csv = NULL;

  for (guint i = 0; i <= PB_CSV_MAX_FIELDS; i++)
    g_string_append (text, "x,");
  csv = parse_csv (text->str, text->len, &error);
  g_assert_null (csv);
  g_assert_error (error, PB_CORE_ERROR, PB_CORE_ERROR_TOO_LARGE);
  g_clear_error (&error);

  g_string_truncate (text, 0);
  g_string_append_c (text, '"');
  for (guint i = 0; i <= PB_CSV_MAX_FIELD_SIZE; i++)
    g_string_append_c (text, 'y');
  csv = parse_csv (text->str, text->len, &error);
  g_assert_null (csv);
  g_assert_error (error, PB_CORE_ERROR, PB_CORE_ERROR_TOO_LARGE);
  g_clear_error (&error);

  g_string_truncate (text, 0);
  for (guint i = 0; i <= PB_CSV_MAX_ROWS; i++)
    g_string_append (text, "r\n");
  csv = parse_csv (text->str, text->len, &error);
  g_assert_null (csv);
  g_assert_error (error, PB_CORE_ERROR, PB_CORE_ERROR_TOO_LARGE);
}

/* --- the importer ------------------------------------------------------- */

static GBytes *
import (GBytes          *csv,
        guint            edition,
        PbImportReport **report,
        GError         **error)
{
  g_autoptr(PbCountries) base = load_shipped ();

  return pb_countries_import_fiw_csv (base, csv, "fiw.csv", edition, "2027-03-01", report, error);
}

static gboolean
report_lists (GPtrArray  *list,
              const char *item)
{
  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (g_ptr_array_index (list, i), item))
      return TRUE;
  return FALSE;
}

static void
test_import_fixture (void)
{
  g_autoptr(GBytes) csv = read_fixture ("fiw-all-data.csv");
  g_autoptr(PbImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) result = import (csv, 0, &report, &error);
  g_autoptr(PbCountries) countries = NULL;
  PbCountryFact *fiw;

  g_assert_no_error (error);
  countries = pb_countries_new_from_bytes (result, "imported", &error);
  g_assert_no_error (error);

  g_assert_cmpstr (report->edition, ==, "FIW 2025");
  g_assert_cmpuint (report->n_rows, ==, 12);
  g_assert_cmpstr (pb_countries_get_version (countries), ==, "2.2.0+fiw2025");
  g_assert_cmpstr (pb_countries_get_generated (countries), ==, "2027-03-01");
  /* An import refreshes ratings, not the review of the measures. */
  g_assert_cmpstr (pb_countries_get_review_due (countries), ==, "2027-06-02");
  g_assert_cmpstr (pb_countries_get_edition (countries, "fiw"), ==, "FIW 2025");

  fiw = pb_country_get_fiw (pb_countries_lookup (countries, "DE"));
  g_assert_nonnull (fiw);
  g_assert_cmpstr (pb_country_fact_get_status (fiw), ==, "free");
  g_assert_cmpint (pb_country_fact_get_score (fiw), ==, 94);
  g_assert_cmpstr (pb_country_fact_get_confidence (fiw), ==, "V");
  g_assert_cmpstr (pb_country_fact_get_source (fiw), ==, "fh-fiw-2025-import");
  g_assert_nonnull (strstr (pb_countries_get_source_title (countries, "fh-fiw-2025-import"), "fiw.csv"));

  /* Names as Freedom House writes them: Russia, Côte d’Ivoire, Republic of the Congo. */
  g_assert_cmpint (pb_country_get_fiw_score (pb_countries_lookup (countries, "RU")), ==, 13);
  g_assert_cmpint (pb_country_get_fiw_score (pb_countries_lookup (countries, "CI")), ==, 50);
  g_assert_cmpstr (pb_country_get_fiw_status (pb_countries_lookup (countries, "CG")), ==, "not-free");
  g_assert_cmpint (pb_country_get_fiw_score (pb_countries_lookup (countries, "SY")), ==, 1);

  /* Territories: Tibet is a region, Hong Kong an ISO entry; Palestine takes the lower of two. */
  g_assert_cmpint (pb_country_fact_get_score (pb_region_get_fiw (pb_countries_lookup_region (countries, "tibet"))), ==, 0);
  g_assert_cmpint (pb_country_get_fiw_score (pb_countries_lookup (countries, "HK")), ==, 40);
  fiw = pb_country_get_fiw (pb_countries_lookup (countries, "PS"));
  g_assert_cmpint (pb_country_fact_get_score (fiw), ==, 11);
  g_assert_nonnull (strstr (pb_country_fact_get_note (fiw), "West Bank 23"));

  /* What matches nothing is reported, not guessed. */
  g_assert_true (report_lists (report->unmapped, "Kosovo"));
  g_assert_false (report_lists (report->unmapped, "Crimea"));
  g_assert_cmpstr (pb_country_fact_get_status (pb_region_get_fiw (pb_countries_lookup_region (countries, "occupied-ukraine"))),
                   ==, "not-free");
  g_assert_true (report_lists (report->changes, "DE: free 95 → free 94"));

  /* Untouched: countries absent from the file, the measures. */
  fiw = pb_country_get_fiw (pb_countries_lookup (countries, "FR"));
  g_assert_cmpstr (pb_country_fact_get_source (fiw), ==, "fh-fiw-2025-data");
  g_assert_cmpint (pb_country_fact_get_score (fiw), ==, 89);
  g_assert_cmpuint (pb_country_get_n_measures (pb_countries_lookup (countries, "RU")), >=, 4);
}

static void
test_import_edition (void)
{
  g_autoptr(GBytes) csv = read_fixture ("fiw-all-data.csv");
  g_autoptr(PbImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) result = import (csv, 2024, &report, &error);
  g_autoptr(PbCountries) countries = NULL;

  g_assert_no_error (error);
  countries = pb_countries_new_from_bytes (result, "imported", &error);
  g_assert_no_error (error);
  g_assert_cmpint (pb_country_get_fiw_score (pb_countries_lookup (countries, "DE")), ==, 95);
  g_assert_cmpstr (pb_countries_get_version (countries), ==, "2.2.0+fiw2024");

  g_clear_pointer (&result, g_bytes_unref);
  result = import (csv, 2030, NULL, &error);
  g_assert_null (result);
  assert_message (error, "fiw.csv:2: no rating of edition 2030 in the file (the newest is 2025)");
}

/* The fixture, rewritten as a European spreadsheet saves it. */
static void
test_import_semicolon_cp1252 (void)
{
  g_autoptr(GBytes) csv = read_fixture ("fiw-all-data.csv");
  g_autoptr(GString) text = g_string_new_len (g_bytes_get_data (csv, NULL), g_bytes_get_size (csv));
  g_autofree char *latin = NULL;
  g_autoptr(GBytes) converted = NULL;
  g_autoptr(GBytes) result = NULL;
  g_autoptr(PbCountries) countries = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  g_string_replace (text, ",", ";", 0);
  latin = g_convert (text->str, text->len, "WINDOWS-1252", "UTF-8", NULL, &len, &error);
  g_assert_no_error (error);
  converted = g_bytes_new (latin, len);
  result = import (converted, 0, NULL, &error);
  g_assert_no_error (error);
  countries = pb_countries_new_from_bytes (result, "imported", &error);
  g_assert_no_error (error);
  g_assert_cmpint (pb_country_get_fiw_score (pb_countries_lookup (countries, "CI")), ==, 50);
}

/* A damaged or foreign file: an error naming file and line, no data. */
static void
test_import_errors (void)
{
  g_autoptr(GBytes) csv = read_fixture ("fiw-all-data.csv");
  const char *text = g_bytes_get_data (csv, NULL);
  gsize size = g_bytes_get_size (csv);
  const struct { const char *from, *to, *message; } edits[] = {
    { ",CL,Total", ",CL,Score", "fiw.csv:2: the header has no column “Total”" },
    { "Country/Territory", "Country", "fiw.csv:1: no header line with a “Country/Territory” column" },
    { "China,Asia,c,2025,NF", "China,Asia,c,2025,XF", "fiw.csv:3: column “Status”: “XF” is not F, PF or NF" },
    { "China,Asia,c,2025", "China,Asia,c,20x5", "fiw.csv:3: column “Edition”" },
    { ",11,9\r\n", ",11,10\r\n", "fiw.csv:3: column “Total”: “10” is not the sum of PR and CL" },
    { "Hong Kong,Asia,t", "Hong Kong,Asia,x", "fiw.csv:4: column “C/T”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_autoptr(GString) edited = g_string_new_len (text, size);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GBytes) result = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_cmpuint (g_string_replace (edited, edits[i].from, edits[i].to, 1), ==, 1);
      bytes = g_bytes_new (edited->str, edited->len);
      result = import (bytes, 0, NULL, &error);
      g_assert_null (result);
      g_assert_error (error, PB_CORE_ERROR, PB_CORE_ERROR_INVALID);
      assert_message (error, edits[i].message);
    }

  /* Truncated anywhere: refused, or (cut at a line end) imported whole-row only. */
  for (gsize cut = 0; cut < size; cut += 37)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (text, cut);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) result = import (bytes, 0, NULL, &error);

      if (result == NULL)
        g_assert_true (g_str_has_prefix (error->message, "fiw.csv:"));
    }

  /* A cut in the middle of a row's fields. */
  {
    const char *hk = strstr (text, "Hong Kong");
    g_autoptr(GBytes) bytes = g_bytes_new (text, (hk - text) + 30);
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) result = import (bytes, 0, NULL, &error);

    g_assert_null (result);
    assert_message (error, "fiw.csv:4:");
    assert_message (error, "truncated");
  }
}

/* --- the command line ----------------------------------------------------- */

typedef struct
{
  char *out;
  char *err;
  int   status;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

static int
cli (Run        *run,
     const char *env_countries,
     ...)
{
  g_autofree char *program = g_build_filename (g_getenv ("PB_BUILD_ROOT"), "app", "cli", "probity-cli", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "XDG_DATA_HOME", tmp_home, TRUE);
  g_autoptr(GError) error = NULL;
  va_list args;

  envp = env_countries ? g_environ_setenv (envp, "PROBITY_COUNTRIES", env_countries, TRUE)
                       : g_environ_unsetenv (envp, "PROBITY_COUNTRIES");
  g_ptr_array_add (argv, program);
  g_ptr_array_add (argv, (char *) "data");
  va_start (args, env_countries);
  for (const char *arg = va_arg (args, const char *); arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  run_clear (run);
  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &run->status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (run->status));
  return WEXITSTATUS (run->status);
}

static char *
file_sha256 (const char *path)
{
  g_autofree char *contents = NULL;
  gsize size;

  if (!g_file_get_contents (path, &contents, &size, NULL))
    return g_strdup ("absent");
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, size);
}

static void
test_cli (void)
{
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "data", "countries", "fiw-all-data.csv", NULL);
  g_autofree char *path = user_path ();
  g_autofree char *bad = g_build_filename (tmp_home, "bad.csv", NULL);
  g_autofree char *overdue = g_build_filename (tmp_home, "overdue.json", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  Run run = { 0 };

  g_remove (path);

  g_assert_cmpint (cli (&run, NULL, "status", NULL), ==, 0);
  g_assert_nonnull (strstr (run.out, "Version:"));
  g_assert_nonnull (strstr (run.out, "2.2.0"));
  g_assert_nonnull (strstr (run.out, "shipped"));
  g_assert_nonnull (strstr (run.out, "2027-06-02"));

  /* A dry run writes nothing. */
  g_assert_cmpint (cli (&run, NULL, "import", "--dry-run", fixture, NULL), ==, 0);
  g_assert_nonnull (strstr (run.out, "FIW 2025"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_cmpint (cli (&run, NULL, "import", fixture, NULL), ==, 0);
  g_assert_nonnull (strstr (run.out, "Kosovo"));
  g_assert_nonnull (strstr (run.out, path));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  g_assert_cmpint (cli (&run, NULL, "status", NULL), ==, 0);
  g_assert_nonnull (strstr (run.out, "2.2.0+fiw2025"));
  g_assert_nonnull (strstr (run.out, "in use"));

  /* A bad file changes nothing, and says where it is wrong. */
  before = file_sha256 (path);
  g_assert_true (g_file_set_contents (bad, "Country/Territory,C/T,Edition,Status,PR,CL,Total\n"
                                           "China,c,2025,NF,-2,11,9\nRussia,c,2025,NF,4\n", -1, NULL));
  g_assert_cmpint (cli (&run, NULL, "import", bad, NULL), ==, 1);
  g_assert_nonnull (strstr (run.err, "bad.csv:3:"));
  g_assert_cmpint (cli (&run, NULL, "import", "/dev/zero", NULL), ==, 1);
  g_assert_cmpint (cli (&run, NULL, "import", "/nonexistent.csv", NULL), ==, 1);
  g_assert_nonnull (strstr (run.err, "/nonexistent.csv"));
  after = file_sha256 (path);
  g_assert_cmpstr (before, ==, after);

  /* A complete countries.json is checked, then installed. */
  {
    g_autoptr(GFile) file = pb_data_get_file ("questionnaires", "countries.json", NULL);
    g_autofree char *shipped = g_file_get_path (file);

    g_assert_cmpint (cli (&run, NULL, "import", shipped, NULL), ==, 0);
    g_assert_nonnull (strstr (run.out, "version 2.2.0"));
    g_free (after);
    after = file_sha256 (path);
    g_assert_cmpstr (before, !=, after);
  }

  /* Overdue data warns on stderr, and still answers. */
  {
    g_autoptr(PbCountries) shipped = load_shipped ();
    g_autoptr(GString) text = g_string_new_len (g_bytes_get_data (pb_countries_get_bytes (shipped), NULL),
                                                g_bytes_get_size (pb_countries_get_bytes (shipped)));

    g_string_replace (text, "\"review_due\": \"2027-06-02\"", "\"review_due\": \"2026-12-03\"", 1);
    g_string_replace (text, "\"reviewed\": \"2026-12-02\"", "\"reviewed\": \"2020-01-01\"", 1);
    g_string_replace (text, "\"review_due\": \"2026-12-03\"", "\"review_due\": \"2020-06-01\"", 1);
    g_assert_true (g_file_set_contents (overdue, text->str, text->len, NULL));
    g_assert_cmpint (cli (&run, overdue, "status", NULL), ==, 0);
    g_assert_nonnull (strstr (run.err, "2020-06-01"));
    g_assert_nonnull (strstr (run.out, "PROBITY_COUNTRIES"));
  }

  /* What the data says about a country, and what binds whom. */
  g_assert_cmpint (cli (&run, NULL, "show", "ru", "--exporter", "eu", NULL), ==, 0);
  g_assert_nonnull (strstr (run.out, "RU Russian Federation"));
  g_assert_nonnull (strstr (run.out, "Council Regulation (EU) No 833/2014, Art. 2"));
  g_assert_nonnull (strstr (run.out, "dual-use-ban, eu, binding, scope country; binds this exporter"));
  g_assert_nonnull (strstr (run.out, "arms-embargo, us, binding, scope country; does not bind this exporter"));
  g_assert_cmpint (cli (&run, NULL, "show", "CN", NULL), ==, 0);
  g_assert_nonnull (strstr (run.out, "Region Xinjiang Uyghur Autonomous Region (xuar, persecution)"));
  g_assert_cmpint (cli (&run, NULL, "show", "DE", NULL), ==, 0);
  g_assert_nonnull (strstr (run.out, "none recorded (which is not the same as none in force)"));
  g_assert_cmpint (cli (&run, NULL, "show", "XX", NULL), ==, 1);
  g_assert_nonnull (strstr (run.err, "no country “XX”"));
  g_assert_cmpint (cli (&run, NULL, "show", "RU", "--exporter", "fr", NULL), ==, 1);

  g_assert_cmpint (cli (&run, NULL, "frobnicate", NULL), ==, 2);
  g_assert_cmpint (cli (&run, NULL, "--help", NULL), ==, 0);

  run_clear (&run);
  g_remove (path);
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_clear_pointer (&dir, g_dir_close);
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  /* Before anything reads it: the user data folder is ours alone. */
  tmp_home = g_dir_make_tmp ("probity-countries-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", tmp_home, TRUE);
  g_unsetenv ("PROBITY_COUNTRIES");

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/countries/shipped/every-country", test_shipped_every_country);
  g_test_add_func ("/countries/shipped/every-fact-sourced", test_shipped_every_fact_sourced);
  g_test_add_func ("/countries/assigned-codes", test_assigned_codes);
  g_test_add_func ("/countries/shipped/ratings", test_shipped_ratings);
  g_test_add_func ("/countries/shipped/binding", test_shipped_binding);
  g_test_add_func ("/countries/shipped/match-questionnaire", test_shipped_match_questionnaire);
  for (guint i = 0; i < G_N_ELEMENTS (bad_countries); i++)
    {
      g_autofree char *path = g_strdup_printf ("/countries/loader/errors/%s", bad_countries[i].name);
      g_test_add_data_func (path, GUINT_TO_POINTER (i), test_loader_errors);
    }
  g_test_add_func ("/countries/loader/good-measure", test_loader_good_measure);
  g_test_add_func ("/countries/loader/missing-and-special-files", test_loader_missing_and_special_files);
  g_test_add_func ("/countries/review-warning", test_review_warning);
  g_test_add_func ("/countries/default-order", test_default_order);
  g_test_add_func ("/countries/csv/reader", test_csv_reader);
  for (guint i = 0; i < G_N_ELEMENTS (bad_csv); i++)
    {
      g_autofree char *path = g_strdup_printf ("/countries/csv/errors/%s", bad_csv[i].name);
      g_test_add_data_func (path, GUINT_TO_POINTER (i), test_csv_errors);
    }
  g_test_add_func ("/countries/csv/limits", test_csv_limits);
  g_test_add_func ("/countries/import/fixture", test_import_fixture);
  g_test_add_func ("/countries/import/edition", test_import_edition);
  g_test_add_func ("/countries/import/semicolon-cp1252", test_import_semicolon_cp1252);
  g_test_add_func ("/countries/import/errors", test_import_errors);
  g_test_add_func ("/countries/cli", test_cli);

  {
    int status = g_test_run ();

    remove_tree (tmp_home);
    g_free (tmp_home);
    return status;
  }
}
