/* test-screening-lists.c: the list parsers on files in each publisher's
 * layout, imports into a real store, and screening against them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "pb-list-importer.h"
#include "pb-screening-index.h"
#include "pb-screening-types.h"
#include "store-fixture.h"

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "screening", name, NULL);
}

static GBytes *
fixture_bytes (const char *name)
{
  g_autofree char *path = fixture_path (name);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

static gboolean
collect_cb (PbListEntry  *entry,
            gpointer      user_data,
            GError      **error)
{
  g_ptr_array_add (user_data, pb_list_entry_ref (entry));

  return TRUE;
}

static GPtrArray *
parse (GBytes             *bytes,
       const char         *name,
       PbListFormat        format,
       PbListParseResult  *result,
       GError            **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) pb_list_entry_unref);

  if (!pb_list_parse_bytes (bytes, name, format, collect_cb, entries, result, error))
    return NULL;

  return g_steal_pointer (&entries);
}

static PbListEntry *
find_entry (GPtrArray  *entries,
            const char *source_id)
{
  for (guint i = 0; i < entries->len; i++)
    {
      PbListEntry *entry = g_ptr_array_index (entries, i);

      if (g_strcmp0 (entry->source_id, source_id) == 0)
        return entry;
    }

  g_error ("no entry %s", source_id);
  return NULL;
}

static PbListName *
find_name (PbListEntry *entry,
           const char  *text)
{
  for (guint i = 0; i < entry->names->len; i++)
    {
      PbListName *name = g_ptr_array_index (entry->names, i);

      if (strcmp (name->text, text) == 0)
        return name;
    }

  g_error ("entry %s has no name “%s”", entry->source_id, text);
  return NULL;
}

static gboolean
has_string (GPtrArray  *array,
            const char *text)
{
  for (guint i = 0; i < array->len; i++)
    if (strcmp (g_ptr_array_index (array, i), text) == 0)
      return TRUE;

  return FALSE;
}

/* Parsing ------------------------------------------------------------------------ */

/* The dates publishers write, through the one validator (pb-date.h). */
static const struct { const char *text; const char *iso; } date_cases[] = {
  { "28/10/2022", "2022-10-28" },
  { "28-10-2022", "2022-10-28" },
  { "23-Sep-2026", "2026-09-23" },
  { "1 January 2026", "2026-01-01" },
  { " 2026-11-20T17:02:00 ", "2026-11-20T17:02:00" },
  { "2026-11-20", "2026-11-20" },
  { "29/02/2024", "2024-02-29" },
  { "29-Feb-2024", "2024-02-29" },
  { "2024-02-29", "2024-02-29" },
  /* not a day of the calendar */
  { "31/02/2024", NULL },
  { "31-Feb-2024", NULL },
  { "31 February 2024", NULL },
  { "2024-02-31", NULL },
  { "2024-02-31T10:00:00", NULL },
  { "29/02/2023", NULL },
  { "29-Feb-1900", NULL },
  { "2023-02-29", NULL },
  { "31/04/2026", NULL },
  { "00/01/2026", NULL },
  { "12/13/2026", NULL },
  { "2026-13-01T00:00", NULL },
  /* not a date a list publishes, or not a date */
  { "28/10/1899", NULL },
  { "28/10/3000", NULL },
  { "28/10/2022x", NULL },
  { "2026-1x-20 and more", NULL },
  { "abcd-ef-ghij", NULL },
  { "28 Foo 2022", NULL },
  { "", NULL },
};

static void
test_parse_date (void)
{
  g_assert_null (pb_list_parse_date (NULL));
  for (guint i = 0; i < G_N_ELEMENTS (date_cases); i++)
    {
      g_autofree char *iso = pb_list_parse_date (date_cases[i].text);

      g_test_message ("%s", date_cases[i].text);
      g_assert_cmpstr (iso, ==, date_cases[i].iso);
    }
}

typedef struct
{
  const char   *file;
  PbListFormat  format;
  guint         n_entries;
  const char   *published;     /* prefix, or NULL for none */
  const char   *source_id;     /* an entry to look at */
  const char   *primary;       /* its primary name */
  const char   *other_name;    /* another of its names (original script, alias) */
  const char   *country;
  const char   *programme;
} ParseCase;

static const ParseCase parse_cases[] = {
  { "eu-fsf.xml", PB_LIST_FORMAT_EU_FSF_XML, 3, "2026-11-20T17:02", "EU.7536.88",
    "Yevgeniy Viktorovich PRIGOZHIN", "Евгений Викторович Пригожин", "RU", "UKR" },
  { "eu-fsf.csv", PB_LIST_FORMAT_EU_FSF_CSV, 2, "2026-11-20", "EU.8841.12",
    "Joint Stock Company Rosoboronexport", "АО Рособоронэкспорт", "RU", "RUS" },
  { "un-sc.xml", PB_LIST_FORMAT_UN_SC_XML, 3, "2026-11-19T10:00", "QDi.004",
    "USAMA MUHAMMED AWAD BIN LADEN", "أسامة محمد عوض بن لادن", "SA", "Al-Qaida" },
  { "uk-fcdo.csv", PB_LIST_FORMAT_UK_FCDO_CSV, 3, "2026-11-18", "RUS0251",
    "Yevgeniy Viktorovich PRIGOZHIN", "Евгений Викторович ПРИГОЖИН", "RU", "Russia" },
  { "uk-fcdo.xml", PB_LIST_FORMAT_UK_FCDO_XML, 3, "2026-11-18T09:15", "RUS1234",
    "JOINT STOCK COMPANY CONCERN RADIO-ELECTRONIC TECHNOLOGIES", "АО Концерн Радиоэлектронные технологии", "RU", "Russia" },
  { "us-csl.csv", PB_LIST_FORMAT_US_CSL_CSV, 5, NULL, "25369",
    "PRIGOZHIN, Yevgeniy Viktorovich", "PRIGOZHIN, Evgeny Viktorovich", "RU", "RUSSIA-EO14024" },
  { "us-csl.json", PB_LIST_FORMAT_US_CSL_JSON, 5, "2026-11-20T14:00", "25369",
    "PRIGOZHIN, Yevgeniy Viktorovich", "PRIGOZHIN, Evgeny Viktorovich", "RU", "CYBER2" },
  { "opensanctions-targets.simple.csv", PB_LIST_FORMAT_OPENSANCTIONS_CSV, 3, "2026-11-20T06:10",
    "NK-9ZTb6AnHXWrzMTF9MN6dPc", "Hangzhou Hikvision Digital Technology Co., Ltd.", "杭州海康威视数字技术股份有限公司",
    "CN", "US-BIS-EL" },
};

static void
test_parse (gconstpointer data)
{
  const ParseCase *c = data;
  g_autoptr(GBytes) bytes = fixture_bytes (c->file);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  PbListParseResult result;
  PbListEntry *entry;
  PbListName *name;

  /* Recognised on its own, and read the same when the format is named. */
  for (guint pass = 0; pass < 2; pass++)
    {
      g_clear_pointer (&entries, g_ptr_array_unref);
      entries = parse (bytes, c->file, pass == 0 ? PB_LIST_FORMAT_AUTO : c->format, &result, &error);
      g_assert_no_error (error);
      g_assert_cmpint (result.format, ==, c->format);
      g_assert_cmpuint (result.n_entries, ==, c->n_entries);
      g_assert_cmpuint (entries->len, ==, c->n_entries);
      g_assert_cmpuint (result.size, ==, g_bytes_get_size (bytes));
      g_assert_cmpuint (strlen (result.sha256), ==, 64);
      if (c->published != NULL)
        g_assert_true (g_str_has_prefix (result.published, c->published));
      else
        g_assert_null (result.published);
      pb_list_parse_result_clear (&result);
    }

  entry = find_entry (entries, c->source_id);
  g_assert_cmpstr (pb_list_entry_get_name (entry), ==, c->primary);
  name = find_name (entry, c->primary);
  g_assert_cmpint (name->kind, ==, PB_LIST_NAME_PRIMARY);
  find_name (entry, c->other_name);
  g_assert_true (has_string (entry->countries, c->country));
  g_assert_true (has_string (entry->programmes, c->programme));
  g_assert_cmpint (entry->kind, !=, PB_LIST_ENTRY_KIND_UNKNOWN);

  /* Every entry has a name, and the JSON it is stored as reads back the same. */
  for (guint i = 0; i < entries->len; i++)
    {
      PbListEntry *other = g_ptr_array_index (entries, i);
      g_autofree char *json = pb_list_entry_to_json (other);
      g_autoptr(PbListEntry) copy = pb_list_entry_new_from_json (json, &error);
      g_autofree char *again = NULL;

      g_assert_no_error (error);
      g_assert_nonnull (pb_list_entry_get_name (other));
      again = pb_list_entry_to_json (copy);
      g_assert_cmpstr (json, ==, again);
    }
}

static void
test_parse_details (void)
{
  g_autoptr(GError) error = NULL;
  PbListParseResult result;
  PbListEntry *entry;

  {
    g_autoptr(GBytes) bytes = fixture_bytes ("eu-fsf.xml");
    g_autoptr(GPtrArray) entries = parse (bytes, "eu-fsf.xml", PB_LIST_FORMAT_AUTO, &result, &error);

    g_assert_no_error (error);
    entry = find_entry (entries, "EU.7536.88");
    g_assert_cmpint (entry->kind, ==, PB_LIST_ENTRY_KIND_PERSON);
    g_assert_cmpint (find_name (entry, "Putin's chef")->kind, ==, PB_LIST_NAME_WEAK_ALIAS);
    g_assert_cmpstr (find_name (entry, "Евгений Викторович Пригожин")->lang, ==, "RU");
    g_assert_cmpstr (entry->legal_basis, ==, "2023/429 (OJ L 59I)");
    g_assert_true (has_string (entry->birth_dates, "1961-06-01"));
    g_assert_cmpstr (entry->listed_on, ==, NULL);
    entry = find_entry (entries, "EU.8841.12");
    g_assert_cmpint (entry->kind, ==, PB_LIST_ENTRY_KIND_ENTITY);
    g_assert_cmpuint (entry->identifiers->len, ==, 1);
    g_assert_cmpstr (((PbListIdentifier *) g_ptr_array_index (entry->identifiers, 0))->number, ==, "1117746521452");
    g_assert_true (g_str_has_prefix (g_ptr_array_index (entry->addresses, 0), "Gogolevsky Boulevard 21"));
    pb_list_parse_result_clear (&result);
  }

  {
    g_autoptr(GBytes) bytes = fixture_bytes ("un-sc.xml");
    g_autoptr(GPtrArray) entries = parse (bytes, "un-sc.xml", PB_LIST_FORMAT_AUTO, &result, &error);

    g_assert_no_error (error);
    entry = find_entry (entries, "QDi.004");
    g_assert_cmpint (find_name (entry, "Abu Abdallah")->kind, ==, PB_LIST_NAME_WEAK_ALIAS);
    g_assert_cmpint (find_name (entry, "Osama Bin Laden")->kind, ==, PB_LIST_NAME_ALIAS);
    g_assert_true (g_str_has_suffix (entry->legal_basis, "Al-Qaida"));
    entry = find_entry (entries, "KPi.033");
    g_assert_true (has_string (entry->countries, "KP"));
    g_assert_true (has_string (entry->countries, "SY"));
    g_assert_cmpstr (((PbListIdentifier *) g_ptr_array_index (entry->identifiers, 0))->number, ==, "381310014");
    entry = find_entry (entries, "KPe.001");
    g_assert_cmpint (entry->kind, ==, PB_LIST_ENTRY_KIND_ENTITY);
    find_name (entry, "KOMID");
    pb_list_parse_result_clear (&result);
  }

  {
    g_autoptr(GBytes) bytes = fixture_bytes ("us-csl.json");
    g_autoptr(GPtrArray) entries = parse (bytes, "us-csl.json", PB_LIST_FORMAT_AUTO, &result, &error);
    const char *sources[] = { "Specially Designated Nationals (SDN)", "Entity List (EL)",
                              "Military End User (MEU) List", "Denied Persons List (DPL)", "Unverified List (UVL)" };

    g_assert_no_error (error);
    /* Each entry keeps the list it comes from. */
    for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
      g_assert_true (g_str_has_prefix (((PbListEntry *) g_ptr_array_index (entries, i))->source_list, sources[i]));
    entry = find_entry (entries, "25369");
    g_assert_cmpstr (((PbListIdentifier *) g_ptr_array_index (entry->identifiers, 0))->number, ==, "752107458");
    g_assert_cmpstr (entry->legal_basis, ==, "83 FR 13178");
    pb_list_parse_result_clear (&result);
  }

  {
    g_autoptr(GBytes) bytes = fixture_bytes ("uk-fcdo.csv");
    g_autoptr(GPtrArray) entries = parse (bytes, "uk-fcdo.csv", PB_LIST_FORMAT_AUTO, &result, &error);

    g_assert_no_error (error);
    entry = find_entry (entries, "RUS0251");
    g_assert_cmpuint (entry->names->len, ==, 4);
    g_assert_cmpint (find_name (entry, "Evgeny Viktorovich PRIGOZHIN")->kind, ==, PB_LIST_NAME_ALIAS);
    entry = find_entry (entries, "RUS1960");
    g_assert_cmpint (entry->kind, ==, PB_LIST_ENTRY_KIND_VESSEL);
    g_assert_cmpstr (((PbListIdentifier *) g_ptr_array_index (entry->identifiers, 0))->number, ==, "9299214");
    pb_list_parse_result_clear (&result);
  }
}

/* Hostile and broken files --------------------------------------------------------- */

typedef struct
{
  const char       *label;
  const char       *content;      /* NULL: @file cut at @cut bytes */
  const char       *file;
  gsize             cut;          /* or the length of @content, 0 for all of it */
  PbListFormat      format;
  PbScreeningError  code;
  const char       *message;      /* part of the message */
} BrokenCase;

#define NUL_BYTE_CSV "id,schema,name,aliases\nQ1,Person,A\0B,\n"
#define NUL_BYTE_JSON "{\"results\": [{\"name\": \"A\"}]}\n\0"

static const BrokenCase broken_cases[] = {
  { "empty", "", NULL, 0, PB_LIST_FORMAT_AUTO, PB_SCREENING_ERROR_EMPTY, "empty" },
  { "unknown", "<?xml version=\"1.0\"?>\n<questionnaire id=\"x\"/>\n", NULL, 0, PB_LIST_FORMAT_AUTO,
    PB_SCREENING_ERROR_FORMAT, "known format" },
  { "other-format", NULL, "eu-fsf.xml", 0, PB_LIST_FORMAT_UN_SC_XML, PB_SCREENING_ERROR_FORMAT, "eu-fsf-xml, not un-sc-xml" },
  { "truncated-xml", NULL, "eu-fsf.xml", 3000, PB_LIST_FORMAT_AUTO, PB_SCREENING_ERROR_TRUNCATED, "truncated" },
  { "truncated-un", NULL, "un-sc.xml", 2500, PB_LIST_FORMAT_AUTO, PB_SCREENING_ERROR_TRUNCATED, "truncated" },
  { "truncated-uk-xml", NULL, "uk-fcdo.xml", 2000, PB_LIST_FORMAT_AUTO, PB_SCREENING_ERROR_TRUNCATED, "truncated" },
  { "truncated-json", NULL, "us-csl.json", 3000, PB_LIST_FORMAT_AUTO, PB_SCREENING_ERROR_TRUNCATED, "truncated" },
  { "truncated-csv-row", NULL, "us-csl.csv", 1200, PB_LIST_FORMAT_AUTO, PB_SCREENING_ERROR_LAYOUT, "line 4" },
  { "truncated-csv-mid-row", NULL, "opensanctions-targets.simple.csv", 420, PB_LIST_FORMAT_AUTO, PB_SCREENING_ERROR_LAYOUT, "line 2" },
  { "truncated-csv-quote", NULL, "eu-fsf.csv", 4000, PB_LIST_FORMAT_AUTO, PB_SCREENING_ERROR_TRUNCATED, "quoted field" },
  { "malformed-xml", "<export generationDate=\"2026-01-01\"><sanctionEntity logicalId=\"1\"></export>", NULL, 0,
    PB_LIST_FORMAT_AUTO, PB_SCREENING_ERROR_PARSE, "not well-formed" },
  { "no-name", "<export generationDate=\"2026-01-01\"><sanctionEntity logicalId=\"1\"><subjectType code=\"person\"/>"
    "</sanctionEntity></export>", NULL, 0, PB_LIST_FORMAT_AUTO, PB_SCREENING_ERROR_LAYOUT, "nameAlias" },
  { "no-entries", "<export generationDate=\"2026-01-01\"></export>", NULL, 0, PB_LIST_FORMAT_AUTO,
    PB_SCREENING_ERROR_EMPTY, "no entries" },
  { "changed-layout", "Report Date: 01/01/2026\nUnique ID,Name 1,Name 6,Type\nX1,A,B,Primary Name\n", NULL, 0,
    PB_LIST_FORMAT_UK_FCDO_CSV, PB_SCREENING_ERROR_LAYOUT, "“Name type”" },
  { "not-utf8", "id,schema,name,aliases\nQ1,Person,M\xfcller,\n", NULL, 0, PB_LIST_FORMAT_AUTO,
    PB_SCREENING_ERROR_PARSE, "line 2" },
  { "nul-byte", NUL_BYTE_CSV, NULL, sizeof NUL_BYTE_CSV - 1, PB_LIST_FORMAT_AUTO,
    PB_SCREENING_ERROR_PARSE, "line 2" },
  { "unclosed-quote", "id,schema,name,aliases\nQ1,Person,\"Ab,\n", NULL, 0, PB_LIST_FORMAT_AUTO,
    PB_SCREENING_ERROR_TRUNCATED, "quoted field" },
  { "csv-row-width", "id,schema,name,aliases\nQ1,Person,A,,extra\n", NULL, 0, PB_LIST_FORMAT_AUTO,
    PB_SCREENING_ERROR_LAYOUT, "line 2" },
  { "json-no-results", "{\"total\": 0, \"items\": []}", NULL, 0, PB_LIST_FORMAT_US_CSL_JSON,
    PB_SCREENING_ERROR_LAYOUT, "results" },
  { "json-unbalanced", "{\"results\": [{\"name\": \"A\"}]}]", NULL, 0, PB_LIST_FORMAT_US_CSL_JSON,
    PB_SCREENING_ERROR_PARSE, "closes nothing" },
  { "json-bad-record", "{\"results\": [{\"name\": \"A\", }]}", NULL, 0, PB_LIST_FORMAT_US_CSL_JSON,
    PB_SCREENING_ERROR_PARSE, "line 1" },
  { "json-nul-byte", NUL_BYTE_JSON, NULL, sizeof NUL_BYTE_JSON - 1, PB_LIST_FORMAT_US_CSL_JSON,
    PB_SCREENING_ERROR_PARSE, "line 2" },
};

static void
test_broken (gconstpointer data)
{
  const BrokenCase *c = data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  PbListParseResult result;

  if (c->content != NULL)
    bytes = g_bytes_new_static (c->content, c->cut > 0 ? c->cut : strlen (c->content));
  else
    {
      g_autoptr(GBytes) whole = fixture_bytes (c->file);

      bytes = c->cut > 0 ? g_bytes_new_from_bytes (whole, 0, MIN (c->cut, g_bytes_get_size (whole)))
                         : g_bytes_ref (whole);
    }

  entries = parse (bytes, "broken-file", c->format, &result, &error);
  g_assert_null (entries);
  g_assert_error (error, PB_SCREENING_ERROR, (int) c->code);
  /* The message names the file, and the line where there is one. */
  g_assert_true (g_str_has_prefix (error->message, "broken-file"));
  if (strstr (error->message, c->message) == NULL)
    g_error ("“%s” does not say “%s”", error->message, c->message);
}

static void
test_limits (void)
{
  g_autoptr(GString) deep = g_string_new ("<CONSOLIDATED_LIST dateGenerated=\"2026-01-01\">");
  g_autoptr(GString) wide = g_string_new ("id,schema,name\nQ1,Person,\"");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  PbListParseResult result;

  for (guint i = 0; i < 200; i++)
    g_string_append (deep, "<A>");
  bytes = g_bytes_new (deep->str, deep->len);
  entries = parse (bytes, "deep.xml", PB_LIST_FORMAT_AUTO, &result, &error);
  g_assert_error (error, PB_SCREENING_ERROR, PB_SCREENING_ERROR_LIMIT);
  g_clear_error (&error);
  g_clear_pointer (&bytes, g_bytes_unref);

  /* A field of 2 MB: refused before it is read whole. */
  for (guint i = 0; i < 2 * 1024 * 1024; i++)
    g_string_append_c (wide, 'a');
  g_string_append (wide, "\"\n");
  bytes = g_bytes_new (wide->str, wide->len);
  entries = parse (bytes, "wide.csv", PB_LIST_FORMAT_OPENSANCTIONS_CSV, &result, &error);
  g_assert_error (error, PB_SCREENING_ERROR, PB_SCREENING_ERROR_LIMIT);
  g_assert_nonnull (strstr (error->message, "line 2"));
  g_clear_error (&error);
  g_clear_pointer (&bytes, g_bytes_unref);

  /* An XML text of 3 MB without a tag. */
  g_string_assign (deep, "<export generationDate=\"2026-01-01\"><sanctionEntity logicalId=\"1\"><remark>");
  for (guint i = 0; i < 3 * 1024 * 1024; i++)
    g_string_append_c (deep, 'x');
  bytes = g_bytes_new (deep->str, deep->len);
  entries = parse (bytes, "long.xml", PB_LIST_FORMAT_AUTO, &result, &error);
  g_assert_error (error, PB_SCREENING_ERROR, PB_SCREENING_ERROR_LIMIT);
}

/* Import --------------------------------------------------------------------------- */

static PbListEdition *
import (StoreFixture *f,
        const char  *name,
        gboolean    *already,
        GError     **error)
{
  g_autofree char *path = fixture_path (name);

  return pb_list_import_file (f->store, path, PB_LIST_FORMAT_AUTO, NULL, NULL, NULL, NULL,
                              already, error);
}

static guint
count_editions (StoreFixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) editions = pb_case_store_list_editions (f->store, FALSE, &error);

  g_assert_no_error (error);
  return editions->len;
}

static void
test_import_all (StoreFixture  *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) current = NULL;
  const char *lists[] = { "eu-fsf", "opensanctions", "uk-fcdo", "un-sc", "us-csl" };

  for (guint i = 0; i < G_N_ELEMENTS (parse_cases); i++)
    {
      g_autoptr(PbListEdition) edition = NULL;
      g_autoptr(GBytes) bytes = fixture_bytes (parse_cases[i].file);
      g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
      gboolean already = TRUE;

      edition = import (f, parse_cases[i].file, &already, &error);
      g_assert_no_error (error);
      g_assert_false (already);
      g_assert_cmpuint (pb_list_edition_get_n_entries (edition), ==, parse_cases[i].n_entries);
      g_assert_cmpstr (pb_list_edition_get_file_sha256 (edition), ==, sha256);
      g_assert_cmpstr (pb_list_edition_get_file_name (edition), ==, parse_cases[i].file);
      g_assert_cmpstr (pb_list_edition_get_format (edition), ==, pb_list_format_to_string (parse_cases[i].format));
      g_assert_cmpstr (pb_list_edition_get_imported_by (edition), ==, "alice");
      g_assert_cmpuint (pb_list_edition_get_file_size (edition), ==, g_bytes_get_size (bytes));
    }

  current = pb_case_store_list_editions (f->store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (current->len, ==, G_N_ELEMENTS (lists));
  for (guint i = 0; i < current->len; i++)
    {
      PbListEdition *edition = g_ptr_array_index (current, i);

      g_assert_cmpstr (pb_list_edition_get_list_id (edition), ==, lists[i]);
      g_assert_true (pb_list_edition_get_current (edition));
    }
}

static void
test_editions (StoreFixture  *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbListEdition) first = NULL;
  g_autoptr(PbListEdition) second = NULL;
  g_autoptr(PbListEdition) again = NULL;
  g_autoptr(PbListEdition) reloaded = NULL;
  g_autoptr(PbScreeningIndex) old_index = NULL;
  g_autoptr(PbScreeningIndex) new_index = NULL;
  g_autoptr(GPtrArray) old_editions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) hits_old = NULL;
  g_autoptr(GPtrArray) hits_new = NULL;
  PbScreeningQuery prigozhin = { .name = "Evgeny Prigozhin" };
  PbScreeningQuery roe = { .name = "Rosoboronexport" };
  gboolean already = FALSE;

  /* The later edition is imported first: the older stays beside it and
   * does not replace it. */
  second = import (f, "eu-fsf-2.xml", &already, &error);
  g_assert_no_error (error);
  first = import (f, "eu-fsf.xml", &already, &error);
  g_assert_no_error (error);
  g_assert_false (already);
  g_assert_false (pb_list_edition_get_current (first));
  reloaded = pb_case_store_get_list_edition (f->store, pb_list_edition_get_id (second), &error);
  g_assert_no_error (error);
  g_assert_true (pb_list_edition_get_current (reloaded));

  /* The same file again changes nothing. */
  again = import (f, "eu-fsf.xml", &already, &error);
  g_assert_no_error (error);
  g_assert_true (already);
  g_assert_cmpint (pb_list_edition_get_id (again), ==, pb_list_edition_get_id (first));
  g_assert_cmpuint (count_editions (f), ==, 2);

  /* Screening uses the current edition: Prigozhin was delisted from it. */
  new_index = pb_screening_index_new (f->store, NULL, &error);
  g_assert_no_error (error);
  hits_new = pb_screening_index_screen (new_index, &prigozhin, PB_NAME_MATCH_THRESHOLD);
  g_assert_cmpuint (hits_new->len, ==, 0);

  /* A past screening can still be shown against the exact edition it used. */
  g_ptr_array_add (old_editions, g_object_ref (first));
  old_index = pb_screening_index_new (f->store, old_editions, &error);
  g_assert_no_error (error);
  hits_old = pb_screening_index_screen (old_index, &prigozhin, PB_NAME_MATCH_THRESHOLD);
  g_assert_cmpuint (hits_old->len, ==, 1);
  g_assert_cmpint (pb_list_edition_get_id (((PbScreeningHit *) hits_old->pdata[0])->edition), ==,
                   pb_list_edition_get_id (first));

  /* An entry unchanged between the editions is stored once. */
  g_clear_pointer (&hits_old, g_ptr_array_unref);
  g_clear_pointer (&hits_new, g_ptr_array_unref);
  hits_old = pb_screening_index_screen (old_index, &roe, PB_NAME_MATCH_THRESHOLD);
  hits_new = pb_screening_index_screen (new_index, &roe, PB_NAME_MATCH_THRESHOLD);
  g_assert_cmpuint (hits_old->len, ==, 1);
  g_assert_cmpuint (hits_new->len, ==, 1);
  g_assert_cmpint (((PbScreeningHit *) hits_old->pdata[0])->entry_id, ==,
                   ((PbScreeningHit *) hits_new->pdata[0])->entry_id);
}

static void
test_import_failures (StoreFixture  *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbListEdition) edition = NULL;
  g_autoptr(GBytes) whole = fixture_bytes ("un-sc.xml");
  g_autofree char *truncated = g_build_filename (f->dir, "un-sc-cut.xml", NULL);
  g_autofree char *fifo = g_build_filename (f->dir, "list.fifo", NULL);
  g_autofree char *folder = g_build_filename (f->dir, "folder", NULL);
  g_autoptr(GPtrArray) editions = NULL;
  gboolean already = FALSE;

  edition = import (f, "uk-fcdo.xml", &already, &error);
  g_assert_no_error (error);
  g_clear_object (&edition);

  /* A truncated file: nothing stored, the edition already there untouched. */
  g_file_set_contents (truncated, g_bytes_get_data (whole, NULL), g_bytes_get_size (whole) - 200, &error);
  g_assert_no_error (error);
  edition = pb_list_import_file (f->store, truncated, PB_LIST_FORMAT_AUTO, NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_null (edition);
  g_assert_error (error, PB_SCREENING_ERROR, PB_SCREENING_ERROR_TRUNCATED);
  g_assert_nonnull (strstr (error->message, "un-sc-cut.xml"));
  g_clear_error (&error);
  g_assert_cmpuint (count_editions (f), ==, 1);

  /* Special files are refused without blocking. */
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  edition = pb_list_import_file (f->store, fifo, PB_LIST_FORMAT_AUTO, NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_null (edition);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "list.fifo"));
  g_clear_error (&error);

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  edition = pb_list_import_file (f->store, folder, PB_LIST_FORMAT_AUTO, NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_null (edition);
  g_assert_nonnull (error);
  g_clear_error (&error);

  edition = pb_list_import_file (f->store, "/dev/zero", PB_LIST_FORMAT_AUTO, NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_null (edition);
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* A date given by hand must be a date. */
  {
    g_autofree char *path = fixture_path ("us-csl.csv");

    edition = pb_list_import_file (f->store, path, PB_LIST_FORMAT_AUTO, "next tuesday", NULL, NULL, NULL,
                                   NULL, &error);
    g_assert_null (edition);
    g_assert_error (error, PB_SCREENING_ERROR, PB_SCREENING_ERROR_FAILED);
    g_clear_error (&error);

    edition = pb_list_import_file (f->store, path, PB_LIST_FORMAT_AUTO, "21/11/2026", NULL, NULL, NULL,
                                   NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (pb_list_edition_get_published (edition), ==, "2026-11-21");
    g_clear_object (&edition);
  }

  /* An auditor reads; importing is a change. */
  {
    g_autoptr(PbActor) auditor = pb_actor_new ("Audra", PB_ROLE_AUDITOR, NULL);
    g_autofree char *path = fixture_path ("un-sc.xml");

    pb_case_store_set_actor (f->store, auditor);
    edition = pb_list_import_file (f->store, path, PB_LIST_FORMAT_AUTO, NULL, NULL, NULL, NULL, NULL, &error);
    g_assert_null (edition);
    g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_PERMISSION);
    g_clear_error (&error);
  }

  editions = pb_case_store_list_editions (f->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (editions->len, ==, 2);
}

/* Screening the fixtures -------------------------------------------------------------- */

typedef struct
{
  const char *name;
  const char *country;
  const char *list;        /* the list and entry that must come first, or NULL for none */
  const char *source_id;
} ScreenCase;

static const ScreenCase screen_cases[] = {
  { "Evgeny Prigozhin", NULL, NULL, "RUS0251" },
  { "Пригожин Евгений Викторович", NULL, NULL, "25369" },
  { "Prigojine Evgueni", NULL, "opensanctions", "NK-2eCSkBk3rm8a2Yb3RHUMEV" },
  /* Two consonants swapped: another skeleton, still found. */
  { "Yevgeniy Prizoghin", NULL, NULL, "RUS0251" },
  { "Osama bin Ladin", NULL, "un-sc", "QDi.004" },
  { "أسامة بن لادن", NULL, "un-sc", "QDi.004" },
  { "KOMID", NULL, "un-sc", "KPe.001" },
  { "Korea Mining Development Trading Corp.", "KP", "un-sc", "KPe.001" },
  { "陈全国", NULL, "eu-fsf", "EU.3050.31" },
  { "Quanguo Chen", "CN", "eu-fsf", "EU.3050.31" },
  { "Rosoboronexport OAO", "RU", "eu-fsf", "EU.8841.12" },
  { "Hikvision", NULL, NULL, NULL },
  { "Concern Radio-Electronic Technologies", NULL, "uk-fcdo", "RUS1234" },
  { "Irkut Corp", NULL, "us-csl", NULL },
  { "Ivan Petrov", NULL, NULL, NULL },
  { "Alfa Laval", NULL, NULL, NULL },
};

static void
test_screen (StoreFixture  *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbScreeningIndex) index = NULL;
  const char *files[] = { "eu-fsf.xml", "un-sc.xml", "uk-fcdo.xml", "us-csl.json", "opensanctions-targets.simple.csv" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(PbListEdition) edition = import (f, files[i], NULL, &error);

      g_assert_no_error (error);
    }

  index = pb_screening_index_new (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pb_screening_index_get_n_entries (index), ==, 3 + 3 + 3 + 5 + 3);

  for (guint i = 0; i < G_N_ELEMENTS (screen_cases); i++)
    {
      const ScreenCase *c = &screen_cases[i];
      PbScreeningQuery query = { .name = c->name, .country = c->country };
      g_autoptr(GPtrArray) hits = pb_screening_index_screen (index, &query, PB_NAME_MATCH_THRESHOLD);
      gboolean expect_hit = c->list != NULL || c->source_id != NULL ||
                            strcmp (c->name, "Hikvision") == 0;

      if (!expect_hit)
        {
          if (hits->len > 0)
            g_error ("“%s” should find nothing, found %s", c->name,
                     ((PbScreeningHit *) hits->pdata[0])->listed_name);
          continue;
        }

      g_assert_cmpuint (hits->len, >, 0);
      for (guint h = 0; h < hits->len; h++)
        {
          PbScreeningHit *hit = g_ptr_array_index (hits, h);
          g_autofree char *explanation = pb_screening_hit_explain (hit);

          g_assert_cmpfloat (hit->score, >=, PB_NAME_MATCH_THRESHOLD);
          g_assert_cmpfloat (hit->score, <=, 1.0);
          g_assert_cmpuint (hit->detail.n_matches, >, 0);
          g_assert_nonnull (strstr (explanation, hit->listed_name));
        }

      if (c->list != NULL || c->source_id != NULL)
        {
          PbScreeningHit *best = g_ptr_array_index (hits, 0);
          g_autoptr(PbListEntry) entry = NULL;
          gboolean found = FALSE;

          if (c->list != NULL)
            g_assert_cmpstr (pb_list_edition_get_list_id (best->edition), ==, c->list);
          for (guint h = 0; h < hits->len && c->source_id != NULL; h++)
            {
              PbScreeningHit *hit = g_ptr_array_index (hits, h);
              g_autoptr(PbListEntry) other = pb_case_store_get_list_entry (f->store, hit->entry_id, NULL, &error);

              g_assert_no_error (error);
              found |= g_strcmp0 (other->source_id, c->source_id) == 0;
            }
          if (c->source_id != NULL && !found)
            g_error ("“%s” did not find %s", c->name, c->source_id);
          entry = pb_case_store_get_list_entry (f->store, best->entry_id, NULL, &error);
          g_assert_no_error (error);
        }
    }
}

static void
test_screen_country_and_identifiers (StoreFixture  *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbListEdition) edition = import (f, "uk-fcdo.xml", NULL, &error);
  g_autoptr(PbScreeningIndex) index = NULL;
  const char *ids[] = { "75 2107 458", NULL };
  PbScreeningQuery ru = { .name = "Yevgeniy Prigozhin", .country = "RU" };
  PbScreeningQuery cn = { .name = "Yevgeniy Prigozhin", .country = "CN" };
  PbScreeningQuery by_id = { .name = "E. V. Unknown", .identifiers = ids };
  g_autoptr(GPtrArray) hits_ru = NULL;
  g_autoptr(GPtrArray) hits_cn = NULL;
  g_autoptr(GPtrArray) hits_id = NULL;
  PbScreeningHit *hit;

  g_assert_no_error (error);
  index = pb_screening_index_new (f->store, NULL, &error);
  g_assert_no_error (error);

  hits_ru = pb_screening_index_screen (index, &ru, 0.5);
  hits_cn = pb_screening_index_screen (index, &cn, 0.5);
  g_assert_cmpuint (hits_ru->len, ==, 1);
  g_assert_cmpuint (hits_cn->len, ==, 1);
  hit = g_ptr_array_index (hits_ru, 0);
  g_assert_cmpfloat (hit->country_adjustment, >, 0);
  g_assert_cmpfloat (((PbScreeningHit *) hits_cn->pdata[0])->country_adjustment, <, 0);
  g_assert_cmpfloat (((PbScreeningHit *) hits_cn->pdata[0])->score, <, hit->score);

  /* The passport number finds the entry whatever the name. */
  hits_id = pb_screening_index_screen (index, &by_id, PB_NAME_MATCH_THRESHOLD);
  g_assert_cmpuint (hits_id->len, ==, 1);
  hit = g_ptr_array_index (hits_id, 0);
  g_assert_cmpstr (hit->identifier, ==, "752107458");
  g_assert_cmpfloat (hit->score, >=, 0.98);
}

static void
test_screen_nothing_imported (StoreFixture  *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbScreeningIndex) index = pb_screening_index_new (f->store, NULL, &error);
  PbScreeningQuery query = { .name = "Anyone" };
  g_autoptr(GPtrArray) hits = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (pb_screening_index_get_editions (index)->len, ==, 0);
  hits = pb_screening_index_screen (index, &query, PB_NAME_MATCH_THRESHOLD);
  g_assert_cmpuint (hits->len, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (parse_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/pb/screening/parse/%s", parse_cases[i].file);

      g_test_add_data_func (path, &parse_cases[i], test_parse);
    }
  g_test_add_func ("/pb/screening/parse/details", test_parse_details);
  g_test_add_func ("/pb/screening/parse/date", test_parse_date);
  for (guint i = 0; i < G_N_ELEMENTS (broken_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/pb/screening/broken/%s", broken_cases[i].label);

      g_test_add_data_func (path, &broken_cases[i], test_broken);
    }
  g_test_add_func ("/pb/screening/broken/limits", test_limits);

  g_test_add ("/pb/screening/import/all", StoreFixture, NULL, store_fixture_set_up, test_import_all, store_fixture_tear_down);
  g_test_add ("/pb/screening/import/editions", StoreFixture, NULL, store_fixture_set_up, test_editions, store_fixture_tear_down);
  g_test_add ("/pb/screening/import/failures", StoreFixture, NULL, store_fixture_set_up, test_import_failures, store_fixture_tear_down);
  g_test_add ("/pb/screening/screen/fixtures", StoreFixture, NULL, store_fixture_set_up, test_screen, store_fixture_tear_down);
  g_test_add ("/pb/screening/screen/country-and-identifiers", StoreFixture, NULL, store_fixture_set_up,
              test_screen_country_and_identifiers, store_fixture_tear_down);
  g_test_add ("/pb/screening/screen/nothing-imported", StoreFixture, NULL, store_fixture_set_up,
              test_screen_nothing_imported, store_fixture_tear_down);

  return g_test_run ();
}
