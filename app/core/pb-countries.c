/* pb-countries.c: the strict loader of the country reference data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-i18n.h"
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pb-countries.h"
#include "pb-data.h"
#include "pb-date.h"
#include "pb-file.h"
#include "pb-json.h"
#include "pb-types.h"

#define FORMAT_VERSION 2

struct _PbCountryFact
{
  char *kind;
  char *title;
  char *date;
  char *reference;
  char *source;
  char *confidence;
  char *note;
  /* ratings */
  char *status;
  int   score;
  char *edition;
  /* measures */
  char *authority;
  char *form;
  char *scope;
};

struct _PbRegion
{
  char          *id;
  char          *name;
  char          *concern;
  PbCountry     *country;
  PbCountryFact *fiw;
  GPtrArray     *facts;       /* PbCountryFact, findings */
};

struct _PbCountry
{
  char          *code;
  char          *name;
  PbCountryFact *fiw;
  PbCountryFact *fotn;
  GPtrArray     *facts;       /* PbCountryFact: ratings, then measures */
  GPtrArray     *measures;    /* PbCountryFact, borrowed from facts */
  GPtrArray     *regions;     /* PbRegion */
};

struct _PbCountries
{
  GObject            parent_instance;

  char              *display_name;
  GBytes            *bytes;
  char              *sha256;
  PbCountriesOrigin  origin;
  char              *version;
  char              *generated;
  char              *reviewed;
  char              *review_due;
  char              *fiw_edition;
  char              *fotn_edition;
  GPtrArray         *countries;    /* PbCountry, sorted by code */
  GHashTable        *by_code;      /* code -> PbCountry */
  GHashTable        *regions;      /* id -> PbRegion */
  GHashTable        *sources;      /* id -> title */
  GHashTable        *source_urls;  /* id -> url */
};

G_DEFINE_FINAL_TYPE (PbCountries, pb_countries, G_TYPE_OBJECT)

static const char * const rating_statuses[] = { "free", "partly-free", "not-free", "not-rated", NULL };
static const char * const measure_kinds[] = { "arms-embargo", "monitoring-ban", "repression-ban", "dual-use-ban", NULL };
static const char * const finding_kinds[] = { "un-finding", "state-finding", "legislation", "sanctions", NULL };
static const char * const authorities[] = { "eu", "un", "uk", "us", NULL };
static const char * const forms[] = { "binding", "political", NULL };
static const char * const scopes[] = { "country", "partial", NULL };
static const char * const confidences[] = { "V", "P", "K", NULL };
static const char * const concerns[] = { "persecution", "conflict", "occupation", NULL };

static void
pb_country_fact_free (PbCountryFact *fact)
{
  if (fact == NULL)
    return;

  g_free (fact->kind);
  g_free (fact->title);
  g_free (fact->date);
  g_free (fact->reference);
  g_free (fact->source);
  g_free (fact->confidence);
  g_free (fact->note);
  g_free (fact->status);
  g_free (fact->edition);
  g_free (fact->authority);
  g_free (fact->form);
  g_free (fact->scope);
  g_free (fact);
}

static void
pb_region_free (PbRegion *region)
{
  g_free (region->id);
  g_free (region->name);
  g_free (region->concern);
  g_clear_pointer (&region->fiw, pb_country_fact_free);
  g_clear_pointer (&region->facts, g_ptr_array_unref);
  g_free (region);
}

static void
pb_country_free (PbCountry *country)
{
  g_free (country->code);
  g_free (country->name);
  g_clear_pointer (&country->measures, g_ptr_array_unref);
  g_clear_pointer (&country->facts, g_ptr_array_unref);
  g_clear_pointer (&country->regions, g_ptr_array_unref);
  g_free (country);
}

static int
compare_country (gconstpointer a,
                 gconstpointer b)
{
  const PbCountry *ca = *(const PbCountry * const *) a;
  const PbCountry *cb = *(const PbCountry * const *) b;

  return strcmp (ca->code, cb->code);
}

static gboolean
invalid (GError     **error,
         PbCountries *self,
         const char  *where,
         const char  *message)
{
  /* Translators: the reference data file, the place in it (e.g.
   * "countries[12] (DE).fiw.score") and what is wrong */
  g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_INVALID,
               _("%s: %s: %s"), self->display_name, where, message);
  return FALSE;
}

/* A string member: NULL with no error when absent or null and optional. */
static gboolean
get_string (PbCountries  *self,
            JsonObject   *object,
            const char   *member,
            gboolean      required,
            const char   *where,
            const char  **value,
            GError      **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autofree char *path = g_strdup_printf ("%s.%s", where, member);

  *value = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return invalid (error, self, path, _("missing"));
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return invalid (error, self, path, _("not a string"));

  *value = json_node_get_string (node);
  if (**value == '\0')
    return invalid (error, self, path, _("empty"));

  return TRUE;
}

/* A string member that must be one of @allowed. */
static gboolean
get_enum (PbCountries         *self,
          JsonObject          *object,
          const char          *member,
          gboolean             required,
          const char * const  *allowed,
          const char          *where,
          const char         **value,
          GError             **error)
{
  if (!get_string (self, object, member, required, where, value, error))
    return FALSE;

  if (*value != NULL && !g_strv_contains (allowed, *value))
    {
      g_autofree char *path = g_strdup_printf ("%s.%s", where, member);
      g_autofree char *list = g_strjoinv (", ", (char **) allowed);
      /* Translators: a value found in the file, then the values allowed */
      g_autofree char *message = g_strdup_printf (_("unknown value “%s” (expected one of: %s)"),
                                                  *value, list);
      return invalid (error, self, path, message);
    }

  return TRUE;
}

/* YYYY, YYYY-MM or YYYY-MM-DD: a year or a month is checked as its first
 * day. */
static gboolean
is_partial_date (const char *text)
{
  g_autofree char *day = NULL;

  switch (strlen (text))
    {
    case 4: day = g_strconcat (text, "-01-01", NULL); break;
    case 7: day = g_strconcat (text, "-01", NULL); break;
    case 10: day = g_strdup (text); break;
    default: return FALSE;
    }

  return pb_date_is_valid (day);
}

static gboolean
get_date (PbCountries  *self,
          JsonObject   *object,
          const char   *member,
          gboolean      required,
          gboolean      full,
          const char   *where,
          const char  **value,
          GError      **error)
{
  if (!get_string (self, object, member, required, where, value, error))
    return FALSE;

  if (*value != NULL && (!is_partial_date (*value) || (full && strlen (*value) != 10)))
    {
      g_autofree char *path = g_strdup_printf ("%s.%s", where, member);
      g_autofree char *message = g_strdup_printf (full ? _("“%s” is not a date YYYY-MM-DD")
                                                       : _("“%s” is not a date YYYY, YYYY-MM or YYYY-MM-DD"),
                                                  *value);
      return invalid (error, self, path, message);
    }

  return TRUE;
}

static JsonArray *
get_array (PbCountries  *self,
           JsonObject   *object,
           const char   *member,
           const char   *where,
           GError      **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autofree char *path = g_strdup_printf ("%s.%s", where, member);

  if (node == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      invalid (error, self, path, _("not an array"));
      return NULL;
    }

  return json_node_get_array (node);
}

static JsonObject *
get_element_object (PbCountries  *self,
                    JsonArray    *array,
                    guint         index,
                    const char   *where,
                    GError      **error)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *path = g_strdup_printf ("%s[%u]", where, index);
      invalid (error, self, path, _("not an object"));
      return NULL;
    }

  return json_node_get_object (node);
}

/* Members outside @known are typing mistakes in a hand-kept file: refuse them. */
static gboolean
check_members (PbCountries         *self,
               JsonObject          *object,
               const char * const  *known,
               const char          *where,
               GError             **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (known, l->data))
      {
        g_autofree char *message = g_strdup_printf (_("unknown field “%s”"), (const char *) l->data);
        return invalid (error, self, where, message);
      }

  return TRUE;
}

static gboolean
check_source (PbCountries  *self,
              const char   *source,
              const char   *where,
              GError      **error)
{
  if (!g_hash_table_contains (self->sources, source))
    {
      g_autofree char *path = g_strdup_printf ("%s.source", where);
      g_autofree char *message = g_strdup_printf (_("unknown source “%s”"), source);
      return invalid (error, self, path, message);
    }

  return TRUE;
}

/* A measure (@measure TRUE) or a finding, see refdata-interface.md. */
static PbCountryFact *
parse_fact (PbCountries  *self,
            JsonObject   *object,
            gboolean      measure,
            const char   *where,
            GError      **error)
{
  static const char * const measure_members[] = {
    "kind", "authority", "form", "scope", "title", "reference", "date",
    "source", "confidence", "note", NULL
  };
  static const char * const finding_members[] = {
    "kind", "authority", "title", "reference", "date", "source", "confidence", "note", NULL
  };
  const char *kind, *title, *date, *reference, *source, *confidence, *note;
  const char *authority, *form = NULL, *scope = NULL;
  PbCountryFact *fact;

  if (!check_members (self, object, measure ? measure_members : finding_members, where, error) ||
      !get_enum (self, object, "kind", TRUE, measure ? measure_kinds : finding_kinds, where, &kind, error) ||
      !get_enum (self, object, "authority", measure, authorities, where, &authority, error) ||
      (measure && !get_enum (self, object, "form", TRUE, forms, where, &form, error)) ||
      (measure && !get_enum (self, object, "scope", TRUE, scopes, where, &scope, error)) ||
      !get_string (self, object, "title", TRUE, where, &title, error) ||
      !get_date (self, object, "date", FALSE, FALSE, where, &date, error) ||
      !get_string (self, object, "reference", measure, where, &reference, error) ||
      !get_string (self, object, "source", TRUE, where, &source, error) ||
      !get_enum (self, object, "confidence", TRUE, confidences, where, &confidence, error) ||
      !get_string (self, object, "note", FALSE, where, &note, error) ||
      !check_source (self, source, where, error))
    return NULL;

  fact = g_new0 (PbCountryFact, 1);
  fact->kind = g_strdup (kind);
  fact->title = g_strdup (title);
  fact->date = g_strdup (date);
  fact->reference = g_strdup (reference);
  fact->source = g_strdup (source);
  fact->confidence = g_strdup (confidence);
  fact->note = g_strdup (note);
  fact->authority = g_strdup (authority);
  fact->form = g_strdup (form);
  fact->scope = g_strdup (scope);
  fact->score = -1;

  return fact;
}

static gboolean
parse_facts (PbCountries  *self,
             JsonObject   *object,
             const char   *member,
             gboolean      measures,
             const char   *where,
             GPtrArray    *facts,
             GError      **error)
{
  g_autofree char *path = g_strdup_printf ("%s.%s", where, member);
  GError *local_error = NULL;
  JsonArray *array;

  array = get_array (self, object, member, where, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (array == NULL)
    return TRUE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *item_path = g_strdup_printf ("%s[%u]", path, i);
      JsonObject *item = get_element_object (self, array, i, path, error);
      PbCountryFact *fact;

      if (item == NULL || !(fact = parse_fact (self, item, measures, item_path, error)))
        return FALSE;
      g_ptr_array_add (facts, fact);
    }

  return TRUE;
}

/* Keeps the newest edition seen, comparing "FIW 2025" < "FIW 2026". */
static void
note_edition (char       **newest,
              const char  *edition)
{
  if (*newest == NULL || strcmp (edition, *newest) > 0)
    {
      g_free (*newest);
      *newest = g_strdup (edition);
    }
}

/* {"status": "not-free", "score": 9, "edition": "FIW 2025", "source": ...,
 *  "confidence": ..., "note": ...}; *out stays NULL when absent. */
static gboolean
parse_rating (PbCountries    *self,
              JsonObject     *object,
              const char     *member,
              const char     *where,
              PbCountryFact **out,
              GError        **error)
{
  static const char * const members[] = {
    "status", "score", "edition", "source", "confidence", "note", NULL
  };
  g_autofree char *path = g_strdup_printf ("%s.%s", where, member);
  const char *status, *edition, *source, *confidence, *note;
  const char *prefix = g_str_equal (member, "fiw") ? "FIW " : "FOTN ";
  JsonNode *node = json_object_get_member (object, member);
  JsonObject *rating;
  JsonNode *score_node;
  PbCountryFact *fact;
  gint64 score = -1;

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, self, path, _("not an object"));

  rating = json_node_get_object (node);
  if (!check_members (self, rating, members, path, error) ||
      !get_enum (self, rating, "status", TRUE, rating_statuses, path, &status, error) ||
      !get_string (self, rating, "edition", TRUE, path, &edition, error) ||
      !get_string (self, rating, "source", TRUE, path, &source, error) ||
      !get_enum (self, rating, "confidence", TRUE, confidences, path, &confidence, error) ||
      !get_string (self, rating, "note", FALSE, path, &note, error) ||
      !check_source (self, source, path, error))
    return FALSE;

  if (!g_str_has_prefix (edition, prefix) || strlen (edition) != strlen (prefix) + 4 ||
      !is_partial_date (edition + strlen (prefix)))
    {
      g_autofree char *edition_path = g_strdup_printf ("%s.edition", path);
      g_autofree char *message = g_strdup_printf (_("“%s” is not an edition such as “%s2025”"),
                                                  edition, prefix);
      return invalid (error, self, edition_path, message);
    }

  score_node = json_object_get_member (rating, "score");
  if (score_node != NULL && !JSON_NODE_HOLDS_NULL (score_node))
    {
      g_autofree char *score_path = g_strdup_printf ("%s.score", path);

      if (!JSON_NODE_HOLDS_VALUE (score_node) ||
          json_node_get_value_type (score_node) != G_TYPE_INT64 ||
          (score = json_node_get_int (score_node)) < 0 || score > 100)
        return invalid (error, self, score_path, _("not a whole number from 0 to 100"));
      if (g_str_equal (status, "not-rated"))
        return invalid (error, self, score_path, _("a score for an entry that is not rated"));
    }

  fact = g_new0 (PbCountryFact, 1);
  fact->kind = g_strdup (member);
  fact->status = g_strdup (status);
  fact->score = (int) score;
  fact->edition = g_strdup (edition);
  if (score >= 0)
    fact->title = g_strdup_printf ("%s: %s, %d/100", edition, status, (int) score);
  else
    fact->title = g_strdup_printf ("%s: %s", edition, status);
  fact->reference = g_strdup (edition);
  fact->date = g_strdup (edition + strlen (prefix));
  fact->source = g_strdup (source);
  fact->confidence = g_strdup (confidence);
  fact->note = g_strdup (note);

  if (!g_str_equal (status, "not-rated"))
    note_edition (g_str_equal (member, "fiw") ? &self->fiw_edition : &self->fotn_edition, edition);

  *out = fact;
  return TRUE;
}

/* "fh_names": ["Gaza Strip", "West Bank"]: the names the Freedom House
 * spreadsheets use, read by the importer only; checked here. */
static gboolean
check_fh_names (PbCountries  *self,
                JsonObject   *object,
                const char   *where,
                GError      **error)
{
  GError *local_error = NULL;
  JsonArray *names = get_array (self, object, "fh_names", where, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  for (guint i = 0; names != NULL && i < json_array_get_length (names); i++)
    {
      JsonNode *node = json_array_get_element (names, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
          *json_node_get_string (node) == '\0')
        {
          g_autofree char *path = g_strdup_printf ("%s.fh_names[%u]", where, i);
          return invalid (error, self, path, _("not a non-empty string"));
        }
    }

  return TRUE;
}

static gboolean
parse_region (PbCountries  *self,
              PbCountry    *country,
              JsonObject   *object,
              const char   *where,
              GError      **error)
{
  static const char * const members[] = { "id", "name", "concern", "fh_names", "fiw", "facts", NULL };
  const char *id, *name, *concern;
  PbRegion *region;

  if (!check_members (self, object, members, where, error) ||
      !get_string (self, object, "id", TRUE, where, &id, error) ||
      !get_string (self, object, "name", TRUE, where, &name, error) ||
      !get_enum (self, object, "concern", TRUE, concerns, where, &concern, error) ||
      !check_fh_names (self, object, where, error))
    return FALSE;

  if (g_hash_table_contains (self->regions, id))
    {
      g_autofree char *message = g_strdup_printf (_("duplicate region “%s”"), id);
      return invalid (error, self, where, message);
    }

  region = g_new0 (PbRegion, 1);
  region->id = g_strdup (id);
  region->name = g_strdup (name);
  region->concern = g_strdup (concern);
  region->country = country;
  region->facts = g_ptr_array_new_with_free_func ((GDestroyNotify) pb_country_fact_free);
  g_ptr_array_add (country->regions, region);
  g_hash_table_insert (self->regions, region->id, region);

  return parse_rating (self, object, "fiw", where, &region->fiw, error) &&
         parse_facts (self, object, "facts", FALSE, where, region->facts, error);
}

static gboolean
parse_country (PbCountries  *self,
               JsonObject   *object,
               guint         index,
               GError      **error)
{
  static const char * const members[] = {
    "code", "name", "common_name", "fh_names", "fiw", "fotn", "measures", "regions", NULL
  };
  g_autofree char *where = g_strdup_printf ("countries[%u]", index);
  const char *code, *name, *common_name;
  PbCountry *country;
  GError *local_error = NULL;
  JsonArray *regions;

  if (!get_string (self, object, "code", TRUE, where, &code, error))
    return FALSE;

  if (strlen (code) != 2 || !g_ascii_isupper (code[0]) || !g_ascii_isupper (code[1]))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not an ISO 3166-1 alpha-2 code"), code);
      return invalid (error, self, where, message);
    }

  if (g_hash_table_contains (self->by_code, code))
    {
      g_autofree char *message = g_strdup_printf (_("duplicate country “%s”"), code);
      return invalid (error, self, where, message);
    }

  g_free (where);
  where = g_strdup_printf ("countries[%u] (%s)", index, code);

  if (!check_members (self, object, members, where, error) ||
      !get_string (self, object, "name", TRUE, where, &name, error) ||
      !get_string (self, object, "common_name", FALSE, where, &common_name, error) ||
      !check_fh_names (self, object, where, error))
    return FALSE;

  country = g_new0 (PbCountry, 1);
  country->code = g_strdup (code);
  country->name = g_strdup (name);
  country->facts = g_ptr_array_new_with_free_func ((GDestroyNotify) pb_country_fact_free);
  country->measures = g_ptr_array_new ();
  country->regions = g_ptr_array_new_with_free_func ((GDestroyNotify) pb_region_free);
  g_ptr_array_add (self->countries, country);
  g_hash_table_insert (self->by_code, country->code, country);

  if (!parse_rating (self, object, "fiw", where, &country->fiw, error))
    return FALSE;
  if (country->fiw != NULL)
    g_ptr_array_add (country->facts, country->fiw);
  if (!parse_rating (self, object, "fotn", where, &country->fotn, error))
    return FALSE;
  if (country->fotn != NULL)
    g_ptr_array_add (country->facts, country->fotn);

  if (!parse_facts (self, object, "measures", TRUE, where, country->facts, error))
    return FALSE;
  for (guint i = 0; i < country->facts->len; i++)
    {
      PbCountryFact *fact = g_ptr_array_index (country->facts, i);

      if (fact != country->fiw && fact != country->fotn)
        g_ptr_array_add (country->measures, fact);
    }

  regions = get_array (self, object, "regions", where, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  for (guint i = 0; regions != NULL && i < json_array_get_length (regions); i++)
    {
      g_autofree char *regions_path = g_strdup_printf ("%s.regions", where);
      g_autofree char *region_path = g_strdup_printf ("%s[%u]", regions_path, i);
      JsonObject *item = get_element_object (self, regions, i, regions_path, error);

      if (item == NULL || !parse_region (self, country, item, region_path, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
parse_sources (PbCountries  *self,
               JsonObject   *object,
               GError      **error)
{
  static const char * const members[] = { "title", "url", "date", NULL };
  JsonNode *sources_node = json_object_get_member (object, "sources");
  g_autoptr(GList) ids = NULL;
  JsonObject *sources;

  if (sources_node == NULL || !JSON_NODE_HOLDS_OBJECT (sources_node))
    return invalid (error, self, "sources", _("missing or not an object"));

  sources = json_node_get_object (sources_node);
  ids = json_object_get_members (sources);
  for (const GList *l = ids; l != NULL; l = l->next)
    {
      g_autofree char *path = g_strdup_printf ("sources.%s", (const char *) l->data);
      JsonNode *node = json_object_get_member (sources, l->data);
      const char *title, *url, *date;
      JsonObject *source;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return invalid (error, self, path, _("not an object"));
      source = json_node_get_object (node);
      if (!check_members (self, source, members, path, error) ||
          !get_string (self, source, "title", TRUE, path, &title, error) ||
          !get_string (self, source, "url", FALSE, path, &url, error) ||
          !get_date (self, source, "date", FALSE, FALSE, path, &date, error))
        return FALSE;

      g_hash_table_insert (self->sources, g_strdup (l->data), g_strdup (title));
      if (url != NULL)
        g_hash_table_insert (self->source_urls, g_strdup (l->data), g_strdup (url));
    }

  return TRUE;
}

static gboolean
parse_root (PbCountries  *self,
            JsonNode     *root,
            GError      **error)
{
  static const char * const members[] = {
    "format", "format_version", "version", "generated", "reviewed", "review_due",
    "note", "imports", "sources", "countries", "listings", NULL
  };
  const char *format, *version, *generated, *reviewed, *review_due, *note;
  JsonObject *object;
  JsonNode *format_version;
  JsonArray *countries;
  GError *local_error = NULL;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return invalid (error, self, "/", _("the top level is not an object"));

  object = json_node_get_object (root);
  if (!get_string (self, object, "format", TRUE, "/", &format, error))
    return FALSE;
  if (!g_str_equal (format, "probity-countries"))
    return invalid (error, self, "format", _("not a Probity country reference file"));

  format_version = json_object_get_member (object, "format_version");
  if (format_version == NULL || !JSON_NODE_HOLDS_VALUE (format_version) ||
      json_node_get_value_type (format_version) != G_TYPE_INT64 ||
      json_node_get_int (format_version) != FORMAT_VERSION)
    {
      g_autofree char *message = g_strdup_printf (_("this program reads format version %d only"),
                                                  FORMAT_VERSION);
      return invalid (error, self, "format_version", message);
    }

  if (!check_members (self, object, members, "/", error) ||
      !get_string (self, object, "version", TRUE, "/", &version, error) ||
      !get_date (self, object, "generated", TRUE, TRUE, "/", &generated, error) ||
      !get_date (self, object, "reviewed", TRUE, TRUE, "/", &reviewed, error) ||
      !get_date (self, object, "review_due", TRUE, TRUE, "/", &review_due, error) ||
      !get_string (self, object, "note", FALSE, "/", &note, error))
    return FALSE;

  if (strcmp (review_due, reviewed) < 0)
    return invalid (error, self, "/.review_due", _("earlier than the review date"));

  self->version = g_strdup (version);
  self->generated = g_strdup (generated);
  self->reviewed = g_strdup (reviewed);
  self->review_due = g_strdup (review_due);

  if (json_object_get_member (object, "imports") != NULL)
    {
      get_array (self, object, "imports", "/", &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
    }

  if (!parse_sources (self, object, error))
    return FALSE;

  countries = get_array (self, object, "countries", "/", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (countries == NULL || json_array_get_length (countries) == 0)
    return invalid (error, self, "countries", _("missing or empty"));

  for (guint i = 0; i < json_array_get_length (countries); i++)
    {
      JsonObject *item = get_element_object (self, countries, i, "countries", error);

      if (item == NULL || !parse_country (self, item, i, error))
        return FALSE;
    }

  g_ptr_array_sort (self->countries, compare_country);

  return TRUE;
}

static void
pb_countries_finalize (GObject *object)
{
  PbCountries *self = (PbCountries *) object;

  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->sha256, g_free);
  g_clear_pointer (&self->version, g_free);
  g_clear_pointer (&self->generated, g_free);
  g_clear_pointer (&self->reviewed, g_free);
  g_clear_pointer (&self->review_due, g_free);
  g_clear_pointer (&self->fiw_edition, g_free);
  g_clear_pointer (&self->fotn_edition, g_free);
  g_clear_pointer (&self->by_code, g_hash_table_unref);
  g_clear_pointer (&self->regions, g_hash_table_unref);
  g_clear_pointer (&self->sources, g_hash_table_unref);
  g_clear_pointer (&self->source_urls, g_hash_table_unref);
  g_clear_pointer (&self->countries, g_ptr_array_unref);

  G_OBJECT_CLASS (pb_countries_parent_class)->finalize (object);
}

static void
pb_countries_class_init (PbCountriesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_countries_finalize;
}

static void
pb_countries_init (PbCountries *self)
{
  self->countries = g_ptr_array_new_with_free_func ((GDestroyNotify) pb_country_free);
  self->by_code = g_hash_table_new (g_str_hash, g_str_equal);
  self->regions = g_hash_table_new (g_str_hash, g_str_equal);
  self->sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->source_urls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->origin = PB_COUNTRIES_ORIGIN_FILE;
}

/**
 * pb_countries_new_from_bytes:
 * @bytes: the JSON text
 * @display_name: the name used in error messages
 * @error: return location for a #GError
 *
 * Parses the country reference data. Any defect is an error whose message
 * starts with @display_name and names the entry and field.
 *
 * Returns: (transfer full): the reference data, or %NULL
 */
PbCountries *
pb_countries_new_from_bytes (GBytes      *bytes,
                             const char  *display_name,
                             GError     **error)
{
  g_autoptr(PbCountries) self = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *data;
  gsize size;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (PB_TYPE_COUNTRIES, NULL);
  self->display_name = g_strdup (display_name);

  data = g_bytes_get_data (bytes, &size);
  if (size > PB_COUNTRIES_MAX_FILE_SIZE)
    {
      g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_TOO_LARGE,
                   _("%s: larger than %d MiB"), display_name, PB_COUNTRIES_MAX_FILE_SIZE >> 20);
      return NULL;
    }
  /* Strict JSON, bounded depth, no member given twice: "NAME:LINE:COL: ..." */
  root = pb_json_parse (data, size, display_name, error);
  if (root == NULL)
    return NULL;

  if (!parse_root (self, root, error))
    return NULL;

  self->bytes = g_bytes_ref (bytes);
  self->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);

  return g_steal_pointer (&self);
}

/**
 * pb_countries_new_from_file:
 * @file: a countries.json file
 * @error: return location for a #GError
 *
 * Reads at most %PB_COUNTRIES_MAX_FILE_SIZE bytes of a regular file.
 *
 * Returns: (transfer full): the reference data, or %NULL
 */
PbCountries *
pb_countries_new_from_file (GFile   *file,
                            GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *display_name = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display_name = pb_file_dup_display_name (file);

  bytes = pb_file_load_bounded (file, PB_COUNTRIES_MAX_FILE_SIZE, error);
  if (bytes == NULL)
    return NULL;

  return pb_countries_new_from_bytes (bytes, display_name, error);
}

static PbCountries *
load_path (const char         *path,
           PbCountriesOrigin   origin,
           GError            **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  PbCountries *self = pb_countries_new_from_file (file, error);

  if (self != NULL)
    self->origin = origin;

  return self;
}

/**
 * pb_countries_load_shipped:
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the installation's questionnaires/countries.json, or %NULL
 */
PbCountries *
pb_countries_load_shipped (GError **error)
{
  g_autoptr(GFile) file = pb_data_get_file ("questionnaires", "countries.json", NULL);
  g_autofree char *path = g_file_get_path (file);

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return load_path (path, PB_COUNTRIES_ORIGIN_SHIPPED, error);
}

/**
 * pb_countries_get_user_path:
 *
 * Returns: (transfer full): where `probity-cli data import` writes, and
 *   pb_countries_load_default() looks first
 */
char *
pb_countries_get_user_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "probity", "countries.json", NULL);
}

static PbCountries *
load_effective (GError **error)
{
  const char *env = g_getenv ("PROBITY_COUNTRIES");
  g_autoptr(PbCountries) shipped = NULL;
  g_autoptr(PbCountries) user = NULL;
  g_autofree char *user_path = NULL;

  if (env != NULL && *env != '\0')
    return load_path (env, PB_COUNTRIES_ORIGIN_ENV, error);

  shipped = pb_countries_load_shipped (error);
  if (shipped == NULL)
    return NULL;

  user_path = pb_countries_get_user_path ();
  if (!g_file_test (user_path, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&shipped);

  user = load_path (user_path, PB_COUNTRIES_ORIGIN_USER, error);
  if (user == NULL)
    return NULL;

  /* A release generated after the import brings newer measures: it wins,
   * and `data status` tells the user to import again. */
  if (strcmp (user->generated, shipped->generated) < 0)
    return g_steal_pointer (&shipped);

  return g_steal_pointer (&user);
}

static GMutex default_lock;
static PbCountries *default_data;

/**
 * pb_countries_load_default:
 * @error: return location for a #GError
 *
 * The reference data the application uses (see pb-countries.h for the
 * order), read the first time and shared afterwards.
 *
 * Returns: (transfer full): the reference data, or %NULL
 */
PbCountries *
pb_countries_load_default (GError **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&default_lock);

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (default_data == NULL)
    {
      default_data = load_effective (error);
      if (default_data == NULL)
        return NULL;
    }

  return g_object_ref (default_data);
}

void
pb_countries_reset_default (void)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&default_lock);

  g_clear_object (&default_data);
}

/**
 * pb_countries_is_known:
 * @sha256: the SHA-256 of country reference data
 *
 * Whether @sha256 is of the data this Probity ships or of the data it uses
 * (pb_countries_load_default()). A case pinned to any other was rated
 * with embargoes and country ratings someone else chose: whoever reads it
 * is told, as for a questionnaire Probity does not ship.
 *
 * Returns: %TRUE for the shipped data or the data in use
 */
gboolean
pb_countries_is_known (const char *sha256)
{
  static char *shipped_sha256;
  g_autoptr(PbCountries) in_use = NULL;

  g_return_val_if_fail (sha256 != NULL, FALSE);

  if (g_once_init_enter (&shipped_sha256))
    {
      g_autoptr(PbCountries) shipped = pb_countries_load_shipped (NULL);

      g_once_init_leave (&shipped_sha256, g_strdup (shipped != NULL ? shipped->sha256 : ""));
    }

  if (g_str_equal (sha256, shipped_sha256))
    return TRUE;

  in_use = pb_countries_load_default (NULL);

  return in_use != NULL && g_str_equal (sha256, in_use->sha256);
}

static void
parse_iso_date (const char *text,
                GDate      *date)
{
  g_date_clear (date, 1);
  g_date_set_dmy (date, atoi (text + 8), atoi (text + 5), atoi (text));
}

gboolean
pb_countries_is_overdue (PbCountries *self,
                         GDate       *today)
{
  GDate due, now;

  g_return_val_if_fail (PB_IS_COUNTRIES (self), FALSE);

  parse_iso_date (self->review_due, &due);
  if (today == NULL)
    {
      g_date_clear (&now, 1);
      g_date_set_time_t (&now, time (NULL));
      today = &now;
    }

  return g_date_compare (today, &due) > 0;
}

/**
 * pb_countries_dup_review_warning:
 * @self: the reference data
 * @today: (nullable): the date to judge by, %NULL for today
 *
 * Returns: (transfer full) (nullable): a translated warning when the data
 *   is overdue for review, else %NULL
 */
char *
pb_countries_dup_review_warning (PbCountries *self,
                                 GDate       *today)
{
  g_return_val_if_fail (PB_IS_COUNTRIES (self), NULL);

  if (!pb_countries_is_overdue (self, today))
    return NULL;

  /* Translators: the data version, the review date (YYYY-MM-DD), the file */
  return g_strdup_printf (_("The country reference data %s was due for review on %s (%s). "
                            "Sanctions and ratings may have changed since: check the facts "
                            "against their sources, and update the data."),
                          self->version, self->review_due, self->display_name);
}

#define GETTER(type, name, field)                         \
  type                                                    \
  pb_countries_get_##name (PbCountries *self)             \
  {                                                       \
    g_return_val_if_fail (PB_IS_COUNTRIES (self), NULL);  \
    return self->field;                                   \
  }

GETTER (const char *, version, version)
GETTER (const char *, generated, generated)
GETTER (const char *, reviewed, reviewed)
GETTER (const char *, review_due, review_due)
GETTER (const char *, sha256, sha256)
GETTER (GBytes *, bytes, bytes)
GETTER (const char *, display_name, display_name)

#undef GETTER

const char *
pb_countries_get_edition (PbCountries *self,
                          const char  *index)
{
  g_return_val_if_fail (PB_IS_COUNTRIES (self), NULL);
  g_return_val_if_fail (index != NULL, NULL);

  if (g_str_equal (index, "fiw"))
    return self->fiw_edition;
  if (g_str_equal (index, "fotn"))
    return self->fotn_edition;

  return NULL;
}

PbCountriesOrigin
pb_countries_get_origin (PbCountries *self)
{
  g_return_val_if_fail (PB_IS_COUNTRIES (self), PB_COUNTRIES_ORIGIN_FILE);

  return self->origin;
}

guint
pb_countries_get_n_countries (PbCountries *self)
{
  g_return_val_if_fail (PB_IS_COUNTRIES (self), 0);

  return self->countries->len;
}

PbCountry *
pb_countries_get_country (PbCountries *self,
                          guint        index)
{
  g_return_val_if_fail (PB_IS_COUNTRIES (self), NULL);
  g_return_val_if_fail (index < self->countries->len, NULL);

  return g_ptr_array_index (self->countries, index);
}

PbCountry *
pb_countries_lookup (PbCountries *self,
                     const char  *code)
{
  char upper[3];

  g_return_val_if_fail (PB_IS_COUNTRIES (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  if (strlen (code) != 2)
    return NULL;

  upper[0] = g_ascii_toupper (code[0]);
  upper[1] = g_ascii_toupper (code[1]);
  upper[2] = '\0';

  return g_hash_table_lookup (self->by_code, upper);
}

/* Below this many characters a name matches only from its start. */
#define MATCH_ANYWHERE_CHARS 3

char **
pb_countries_match_name (PbCountries *self,
                         const char  *text)
{
  g_autofree char *folded = NULL;
  g_autoptr(GStrvBuilder) codes = g_strv_builder_new ();
  gboolean anywhere;

  g_return_val_if_fail (PB_IS_COUNTRIES (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  folded = g_utf8_casefold (text, -1);
  anywhere = g_utf8_strlen (folded, -1) >= MATCH_ANYWHERE_CHARS;
  for (guint i = 0; i < self->countries->len; i++)
    {
      PbCountry *country = g_ptr_array_index (self->countries, i);
      g_autofree char *name = g_utf8_casefold (pb_country_get_name (country), -1);
      const char *found = *folded != '\0' ? strstr (name, folded) : NULL;

      if ((found != NULL && (anywhere || found == name)) || g_ascii_strcasecmp (country->code, text) == 0)
        g_strv_builder_add (codes, country->code);
    }

  return g_strv_builder_end (codes);
}

PbRegion *
pb_countries_lookup_region (PbCountries *self,
                            const char  *region_id)
{
  g_return_val_if_fail (PB_IS_COUNTRIES (self), NULL);
  g_return_val_if_fail (region_id != NULL, NULL);

  return g_hash_table_lookup (self->regions, region_id);
}

const char *
pb_countries_get_source_title (PbCountries *self,
                               const char  *source_id)
{
  g_return_val_if_fail (PB_IS_COUNTRIES (self), NULL);
  g_return_val_if_fail (source_id != NULL, NULL);

  return g_hash_table_lookup (self->sources, source_id);
}

const char *
pb_countries_get_source_url (PbCountries *self,
                             const char  *source_id)
{
  g_return_val_if_fail (PB_IS_COUNTRIES (self), NULL);
  g_return_val_if_fail (source_id != NULL, NULL);

  return g_hash_table_lookup (self->source_urls, source_id);
}

/* The 249 codes ISO 3166-1 assigns officially (the entries of the shipped
 * data; test-countries checks they agree). Reserved and user-assigned codes
 * such as UK, EL, EU or XK are not countries: "UK" for the United Kingdom
 * would silently switch off every rule that reads "GB". */
static const char assigned_codes[] =
  "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE "
  "BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD "
  "CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM "
  "DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF "
  "GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU "
  "ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN "
  "KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME "
  "MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA "
  "NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM "
  "PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI "
  "SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK "
  "TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI "
  "VN VU WF WS YE YT ZA ZM ZW";

gboolean
pb_country_code_is_assigned (const char *code)
{
  gsize lo = 0;
  gsize hi = (sizeof assigned_codes) / 3;

  g_return_val_if_fail (code != NULL, FALSE);

  if (strlen (code) != 2)
    return FALSE;

  while (lo < hi)
    {
      gsize mid = (lo + hi) / 2;
      int cmp = strncmp (code, assigned_codes + 3 * mid, 2);

      if (cmp == 0)
        return TRUE;
      if (cmp < 0)
        hi = mid;
      else
        lo = mid + 1;
    }

  return FALSE;
}

/* The assigned code a reserved alias stands for ("UK" → "GB", "EL" → "GR"),
 * or NULL. */
const char *
pb_country_code_get_alias_of (const char *code)
{
  static const struct { const char *alias, *code; } aliases[] = {
    { "UK", "GB" },  /* exceptionally reserved for the United Kingdom */
    { "EL", "GR" },  /* the EU's code for Greece */
  };

  g_return_val_if_fail (code != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (g_ascii_strcasecmp (code, aliases[i].alias) == 0)
      return aliases[i].code;

  return NULL;
}

const char *
pb_country_get_code (PbCountry *country)
{
  g_return_val_if_fail (country != NULL, NULL);

  return country->code;
}

/* The names are ISO 3166-1's English ones, which the iso-codes package
 * translates in its own text domain. */
const char *
pb_country_get_name (PbCountry *country)
{
  g_return_val_if_fail (country != NULL, NULL);

  return pb_dgettext (PB_ISO_3166_DOMAIN, country->name);
}

PbCountryFact *
pb_country_get_fiw (PbCountry *country)
{
  g_return_val_if_fail (country != NULL, NULL);

  return country->fiw;
}

PbCountryFact *
pb_country_get_fotn (PbCountry *country)
{
  g_return_val_if_fail (country != NULL, NULL);

  return country->fotn;
}

const char *
pb_country_get_fiw_status (PbCountry *country)
{
  g_return_val_if_fail (country != NULL, NULL);

  return country->fiw ? country->fiw->status : NULL;
}

int
pb_country_get_fiw_score (PbCountry *country)
{
  g_return_val_if_fail (country != NULL, -1);

  return country->fiw ? country->fiw->score : -1;
}

const char *
pb_country_get_fotn_status (PbCountry *country)
{
  g_return_val_if_fail (country != NULL, NULL);

  return country->fotn ? country->fotn->status : NULL;
}

int
pb_country_get_fotn_score (PbCountry *country)
{
  g_return_val_if_fail (country != NULL, -1);

  return country->fotn ? country->fotn->score : -1;
}

guint
pb_country_get_n_measures (PbCountry *country)
{
  g_return_val_if_fail (country != NULL, 0);

  return country->measures->len;
}

PbCountryFact *
pb_country_get_measure (PbCountry *country,
                        guint      index)
{
  g_return_val_if_fail (country != NULL, NULL);
  g_return_val_if_fail (index < country->measures->len, NULL);

  return g_ptr_array_index (country->measures, index);
}

/* The S2.03 codes of questionnaire 1.0.0, see pb-countries.h. */
static gboolean
matches_kind (PbCountryFact *fact,
              const char    *kind)
{
  if (g_str_equal (kind, "political-embargo"))
    return g_str_equal (fact->kind, "arms-embargo") && g_str_equal (fact->form, "political");
  if (g_str_equal (kind, "binding-embargo"))
    return g_str_equal (fact->kind, "arms-embargo") && g_str_equal (fact->form, "binding") &&
           (g_str_equal (fact->authority, "eu") || g_str_equal (fact->authority, "un"));
  if (g_str_equal (kind, "monitoring-ban"))
    return g_str_equal (fact->kind, "monitoring-ban") && g_str_equal (fact->authority, "eu");

  return g_str_equal (fact->kind, kind);
}

gboolean
pb_country_has_measure (PbCountry  *country,
                        const char *kind)
{
  g_return_val_if_fail (country != NULL, FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);

  for (guint i = 0; i < country->measures->len; i++)
    if (matches_kind (g_ptr_array_index (country->measures, i), kind))
      return TRUE;

  return FALSE;
}

PbCountryFact *
pb_country_find_binding_measure (PbCountry      *country,
                                 const char     *kind,
                                 PbJurisdiction  jurisdictions)
{
  g_return_val_if_fail (country != NULL, NULL);

  for (guint i = 0; i < country->measures->len; i++)
    {
      PbCountryFact *fact = g_ptr_array_index (country->measures, i);

      if ((kind == NULL || g_str_equal (fact->kind, kind)) &&
          pb_country_fact_binds (fact, jurisdictions))
        return fact;
    }

  return NULL;
}

guint
pb_country_get_n_facts (PbCountry *country)
{
  g_return_val_if_fail (country != NULL, 0);

  return country->facts->len;
}

PbCountryFact *
pb_country_get_fact (PbCountry *country,
                     guint      index)
{
  g_return_val_if_fail (country != NULL, NULL);
  g_return_val_if_fail (index < country->facts->len, NULL);

  return g_ptr_array_index (country->facts, index);
}

guint
pb_country_get_n_regions (PbCountry *country)
{
  g_return_val_if_fail (country != NULL, 0);

  return country->regions->len;
}

PbRegion *
pb_country_get_region (PbCountry *country,
                       guint      index)
{
  g_return_val_if_fail (country != NULL, NULL);
  g_return_val_if_fail (index < country->regions->len, NULL);

  return g_ptr_array_index (country->regions, index);
}

const char *
pb_region_get_id (PbRegion *region)
{
  g_return_val_if_fail (region != NULL, NULL);

  return region->id;
}

const char *
pb_region_get_name (PbRegion *region)
{
  g_return_val_if_fail (region != NULL, NULL);

  return region->name;
}

PbCountry *
pb_region_get_country (PbRegion *region)
{
  g_return_val_if_fail (region != NULL, NULL);

  return region->country;
}

const char *
pb_region_get_concern (PbRegion *region)
{
  g_return_val_if_fail (region != NULL, NULL);

  return region->concern;
}

PbCountryFact *
pb_region_get_fiw (PbRegion *region)
{
  g_return_val_if_fail (region != NULL, NULL);

  return region->fiw;
}

guint
pb_region_get_n_facts (PbRegion *region)
{
  g_return_val_if_fail (region != NULL, 0);

  return region->facts->len;
}

PbCountryFact *
pb_region_get_fact (PbRegion *region,
                    guint     index)
{
  g_return_val_if_fail (region != NULL, NULL);
  g_return_val_if_fail (index < region->facts->len, NULL);

  return g_ptr_array_index (region->facts, index);
}

#define FACT_GETTER(name)                                 \
  const char *                                            \
  pb_country_fact_get_##name (PbCountryFact *fact)        \
  {                                                       \
    g_return_val_if_fail (fact != NULL, NULL);            \
    return fact->name;                                    \
  }

FACT_GETTER (kind)
FACT_GETTER (title)
FACT_GETTER (date)
FACT_GETTER (reference)
FACT_GETTER (source)
FACT_GETTER (confidence)
FACT_GETTER (note)
FACT_GETTER (status)
FACT_GETTER (edition)
FACT_GETTER (authority)
FACT_GETTER (form)
FACT_GETTER (scope)

#undef FACT_GETTER

int
pb_country_fact_get_score (PbCountryFact *fact)
{
  g_return_val_if_fail (fact != NULL, -1);

  return fact->score;
}

gboolean
pb_country_fact_binds (PbCountryFact  *fact,
                       PbJurisdiction  jurisdictions)
{
  g_return_val_if_fail (fact != NULL, FALSE);

  if (fact->form == NULL || !g_str_equal (fact->form, "binding"))
    return FALSE;

  /* Security Council decisions bind every member state (UN Charter
   * Art. 25), which apply them to their exporters. */
  if (g_str_equal (fact->authority, "un"))
    return TRUE;

  return (pb_jurisdiction_from_string (fact->authority) & jurisdictions) != 0;
}

PbJurisdiction
pb_jurisdiction_from_string (const char *code)
{
  if (g_strcmp0 (code, "eu") == 0)
    return PB_JURISDICTION_EU;
  if (g_strcmp0 (code, "uk") == 0)
    return PB_JURISDICTION_UK;
  if (g_strcmp0 (code, "us") == 0)
    return PB_JURISDICTION_US;

  return PB_JURISDICTION_NONE;
}

PbJurisdiction
pb_jurisdiction_of_country (const char *iso)
{
  /* The 27 Member States (TEU Art. 52(1)); the questionnaire's EXPORTER_EU. */
  static const char * const eu[] = {
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", NULL,
  };

  if (iso == NULL)
    return PB_JURISDICTION_NONE;
  if (g_strv_contains (eu, iso))
    return PB_JURISDICTION_EU;
  if (g_str_equal (iso, "GB"))
    return PB_JURISDICTION_UK;
  if (g_str_equal (iso, "US"))
    return PB_JURISDICTION_US;

  return PB_JURISDICTION_NONE;
}
