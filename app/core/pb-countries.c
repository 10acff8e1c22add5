/* pb-countries.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "pb-countries.h"
#include "pb-data.h"
#include "pb-types.h"

struct _PbCountryFact
{
  char *kind;
  char *title;
  char *date;
  char *reference;
  char *source;
  char *confidence;
};

struct _PbRegion
{
  char      *id;
  char      *name;
  char      *concern;
  PbCountry *country;
  GPtrArray *facts;         /* PbCountryFact */
};

struct _PbCountry
{
  char      *code;
  char      *name;
  char      *fiw_status;
  int        fiw_score;
  char      *fotn_status;
  int        fotn_score;
  GPtrArray *facts;         /* PbCountryFact */
  GPtrArray *measures;      /* char *, measure kinds */
  GPtrArray *regions;       /* PbRegion */
};

struct _PbCountries
{
  GObject     parent_instance;

  char       *display_name;
  char       *version;
  char       *reviewed;
  GPtrArray  *countries;    /* PbCountry, sorted by code */
  GHashTable *by_code;      /* code -> PbCountry */
  GHashTable *regions;      /* id -> PbRegion */
  GHashTable *sources;      /* id -> title */
};

G_DEFINE_FINAL_TYPE (PbCountries, pb_countries, G_TYPE_OBJECT)

static const char * const fh_statuses[] = { "free", "partly-free", "not-free", NULL };

static void
pb_country_fact_free (PbCountryFact *fact)
{
  g_free (fact->kind);
  g_free (fact->title);
  g_free (fact->date);
  g_free (fact->reference);
  g_free (fact->source);
  g_free (fact->confidence);
  g_free (fact);
}

static void
pb_region_free (PbRegion *region)
{
  g_free (region->id);
  g_free (region->name);
  g_free (region->concern);
  g_clear_pointer (&region->facts, g_ptr_array_unref);
  g_free (region);
}

static void
pb_country_free (PbCountry *country)
{
  g_free (country->code);
  g_free (country->name);
  g_free (country->fiw_status);
  g_free (country->fotn_status);
  g_clear_pointer (&country->facts, g_ptr_array_unref);
  g_clear_pointer (&country->measures, g_ptr_array_unref);
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
   * "countries[12].name") and what is wrong */
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
  if (required && **value == '\0')
    return invalid (error, self, path, _("empty"));

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

static PbCountryFact *
parse_fact (PbCountries  *self,
            JsonObject   *object,
            const char   *where,
            GError      **error)
{
  const char *kind, *title, *date, *reference, *source, *confidence;
  PbCountryFact *fact;

  if (!get_string (self, object, "kind", TRUE, where, &kind, error) ||
      !get_string (self, object, "title", TRUE, where, &title, error) ||
      !get_string (self, object, "date", FALSE, where, &date, error) ||
      !get_string (self, object, "reference", FALSE, where, &reference, error) ||
      !get_string (self, object, "source", TRUE, where, &source, error) ||
      !get_string (self, object, "confidence", TRUE, where, &confidence, error))
    return NULL;

  if (!g_hash_table_contains (self->sources, source))
    {
      g_autofree char *path = g_strdup_printf ("%s.source", where);
      g_autofree char *message = g_strdup_printf (_("unknown source “%s”"), source);
      invalid (error, self, path, message);
      return NULL;
    }

  fact = g_new0 (PbCountryFact, 1);
  fact->kind = g_strdup (kind);
  fact->title = g_strdup (title);
  fact->date = g_strdup (date);
  fact->reference = g_strdup (reference);
  fact->source = g_strdup (source);
  fact->confidence = g_strdup (confidence);

  return fact;
}

static gboolean
parse_facts (PbCountries  *self,
             JsonObject   *object,
             const char   *member,
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

      if (item == NULL)
        return FALSE;
      if (!(fact = parse_fact (self, item, item_path, error)))
        return FALSE;
      g_ptr_array_add (facts, fact);
    }

  return TRUE;
}

/* {"status": "not-free", "score": 9, "edition": "FIW 2025", "source": ..., "confidence": ...} */
static gboolean
parse_rating (PbCountries  *self,
              JsonObject   *object,
              const char   *member,
              const char   *where,
              char        **status_out,
              int          *score_out,
              GPtrArray    *facts,
              GError      **error)
{
  g_autofree char *path = g_strdup_printf ("%s.%s", where, member);
  const char *status, *edition, *source, *confidence;
  JsonNode *node = json_object_get_member (object, member);
  JsonObject *rating;
  JsonNode *score_node;
  PbCountryFact *fact;
  gint64 score = -1;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, self, path, _("not an object"));

  rating = json_node_get_object (node);
  if (!get_string (self, rating, "status", TRUE, path, &status, error) ||
      !get_string (self, rating, "edition", TRUE, path, &edition, error) ||
      !get_string (self, rating, "source", TRUE, path, &source, error) ||
      !get_string (self, rating, "confidence", TRUE, path, &confidence, error))
    return FALSE;

  if (!g_strv_contains (fh_statuses, status))
    {
      g_autofree char *message = g_strdup_printf (_("unknown status “%s”"), status);
      return invalid (error, self, path, message);
    }

  if (!g_hash_table_contains (self->sources, source))
    {
      g_autofree char *message = g_strdup_printf (_("unknown source “%s”"), source);
      return invalid (error, self, path, message);
    }

  score_node = json_object_get_member (rating, "score");
  if (score_node != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (score_node) ||
          json_node_get_value_type (score_node) != G_TYPE_INT64 ||
          (score = json_node_get_int (score_node)) < 0 || score > 100)
        return invalid (error, self, path, _("score is not a whole number from 0 to 100"));
    }

  *status_out = g_strdup (status);
  *score_out = (int) score;

  fact = g_new0 (PbCountryFact, 1);
  fact->kind = g_strdup (member);
  if (score >= 0)
    fact->title = g_strdup_printf ("%s: %s, %d/100", edition, status, (int) score);
  else
    fact->title = g_strdup_printf ("%s: %s", edition, status);
  fact->reference = g_strdup (edition);
  fact->source = g_strdup (source);
  fact->confidence = g_strdup (confidence);
  g_ptr_array_add (facts, fact);

  return TRUE;
}

static gboolean
parse_region (PbCountries  *self,
              PbCountry    *country,
              JsonObject   *object,
              const char   *where,
              GError      **error)
{
  const char *id, *name, *concern;
  g_autofree char *fiw_status = NULL;
  PbRegion *region;
  int fiw_score = -1;

  if (!get_string (self, object, "id", TRUE, where, &id, error) ||
      !get_string (self, object, "name", TRUE, where, &name, error) ||
      !get_string (self, object, "concern", TRUE, where, &concern, error))
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

  return parse_rating (self, object, "fiw", where, &fiw_status, &fiw_score, region->facts, error) &&
         parse_facts (self, object, "facts", where, region->facts, error);
}

static gboolean
parse_country (PbCountries  *self,
               JsonObject   *object,
               guint         index,
               GError      **error)
{
  g_autofree char *where = g_strdup_printf ("countries[%u]", index);
  const char *code, *name;
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

  if (!get_string (self, object, "name", TRUE, where, &name, error))
    return FALSE;

  country = g_new0 (PbCountry, 1);
  country->code = g_strdup (code);
  country->name = g_strdup (name);
  country->fiw_score = -1;
  country->fotn_score = -1;
  country->facts = g_ptr_array_new_with_free_func ((GDestroyNotify) pb_country_fact_free);
  country->measures = g_ptr_array_new_with_free_func (g_free);
  country->regions = g_ptr_array_new_with_free_func ((GDestroyNotify) pb_region_free);
  g_ptr_array_add (self->countries, country);
  g_hash_table_insert (self->by_code, country->code, country);

  if (!parse_rating (self, object, "fiw", where, &country->fiw_status, &country->fiw_score,
                     country->facts, error) ||
      !parse_rating (self, object, "fotn", where, &country->fotn_status, &country->fotn_score,
                     country->facts, error))
    return FALSE;

  if (!parse_facts (self, object, "measures", where, country->facts, error))
    return FALSE;
  for (guint i = 0; i < country->facts->len; i++)
    {
      PbCountryFact *fact = g_ptr_array_index (country->facts, i);

      if (g_strcmp0 (fact->kind, "fiw") != 0 && g_strcmp0 (fact->kind, "fotn") != 0)
        g_ptr_array_add (country->measures, g_strdup (fact->kind));
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
parse_root (PbCountries  *self,
            JsonNode     *root,
            GError      **error)
{
  const char *format, *version, *reviewed;
  JsonObject *object, *sources;
  JsonNode *sources_node;
  JsonArray *countries;
  GError *local_error = NULL;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return invalid (error, self, "/", _("the top level is not an object"));

  object = json_node_get_object (root);
  if (!get_string (self, object, "format", TRUE, "/", &format, error) ||
      !get_string (self, object, "version", TRUE, "/", &version, error) ||
      !get_string (self, object, "reviewed", TRUE, "/", &reviewed, error))
    return FALSE;

  if (g_strcmp0 (format, "probity-countries") != 0)
    return invalid (error, self, "format", _("not a Probity country reference file"));

  self->version = g_strdup (version);
  self->reviewed = g_strdup (reviewed);

  sources_node = json_object_get_member (object, "sources");
  if (sources_node == NULL || !JSON_NODE_HOLDS_OBJECT (sources_node))
    return invalid (error, self, "sources", _("missing or not an object"));

  sources = json_node_get_object (sources_node);
  {
    g_autoptr(GList) members = json_object_get_members (sources);

    for (const GList *l = members; l != NULL; l = l->next)
      {
        g_autofree char *path = g_strdup_printf ("sources.%s", (const char *) l->data);
        JsonNode *node = json_object_get_member (sources, l->data);
        const char *title;

        if (!JSON_NODE_HOLDS_OBJECT (node))
          return invalid (error, self, path, _("not an object"));
        if (!get_string (self, json_node_get_object (node), "title", TRUE, path, &title, error))
          return FALSE;
        g_hash_table_insert (self->sources, g_strdup (l->data), g_strdup (title));
      }
  }

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
  g_clear_pointer (&self->version, g_free);
  g_clear_pointer (&self->reviewed, g_free);
  g_clear_pointer (&self->by_code, g_hash_table_unref);
  g_clear_pointer (&self->regions, g_hash_table_unref);
  g_clear_pointer (&self->sources, g_hash_table_unref);
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
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  gconstpointer data;
  gsize size;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (PB_TYPE_COUNTRIES, NULL);
  self->display_name = g_strdup (display_name);

  data = g_bytes_get_data (bytes, &size);
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, size, &local_error))
    {
      /* json-glib's message already carries "<data>:LINE:COL: ..." */
      g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_PARSE,
                   "%s: %s", display_name, local_error->message);
      return NULL;
    }

  if (!parse_root (self, json_parser_get_root (parser), error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * pb_countries_new_from_file:
 * @file: a countries.json file
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the reference data, or %NULL
 */
PbCountries *
pb_countries_new_from_file (GFile   *file,
                            GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display_name = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display_name = g_file_get_path (file);
  if (display_name == NULL)
    display_name = g_file_get_uri (file);

  bytes = g_file_load_bytes (file, NULL, NULL, &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_IO,
                   "%s: %s", display_name, local_error->message);
      return NULL;
    }

  return pb_countries_new_from_bytes (bytes, display_name, error);
}

/**
 * pb_countries_load_default:
 * @error: return location for a #GError
 *
 * Loads questionnaires/countries.json from the data directory the first
 * time it is called and returns the same data afterwards.
 *
 * Returns: (transfer full): the shipped reference data, or %NULL
 */
PbCountries *
pb_countries_load_default (GError **error)
{
  static GMutex lock;
  static PbCountries *shared;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (shared == NULL)
    {
      g_autoptr(GFile) file = pb_data_get_file ("questionnaires", "countries.json", NULL);

      shared = pb_countries_new_from_file (file, error);
      if (shared == NULL)
        return NULL;
    }

  return g_object_ref (shared);
}

const char *
pb_countries_get_version (PbCountries *self)
{
  g_return_val_if_fail (PB_IS_COUNTRIES (self), NULL);

  return self->version;
}

const char *
pb_countries_get_reviewed (PbCountries *self)
{
  g_return_val_if_fail (PB_IS_COUNTRIES (self), NULL);

  return self->reviewed;
}

const char *
pb_countries_get_display_name (PbCountries *self)
{
  g_return_val_if_fail (PB_IS_COUNTRIES (self), NULL);

  return self->display_name;
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
pb_country_get_code (PbCountry *country)
{
  g_return_val_if_fail (country != NULL, NULL);

  return country->code;
}

const char *
pb_country_get_name (PbCountry *country)
{
  g_return_val_if_fail (country != NULL, NULL);

  return country->name;
}

const char *
pb_country_get_fiw_status (PbCountry *country)
{
  g_return_val_if_fail (country != NULL, NULL);

  return country->fiw_status;
}

int
pb_country_get_fiw_score (PbCountry *country)
{
  g_return_val_if_fail (country != NULL, -1);

  return country->fiw_score;
}

const char *
pb_country_get_fotn_status (PbCountry *country)
{
  g_return_val_if_fail (country != NULL, NULL);

  return country->fotn_status;
}

int
pb_country_get_fotn_score (PbCountry *country)
{
  g_return_val_if_fail (country != NULL, -1);

  return country->fotn_score;
}

gboolean
pb_country_has_measure (PbCountry  *country,
                        const char *kind)
{
  g_return_val_if_fail (country != NULL, FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);

  for (guint i = 0; i < country->measures->len; i++)
    if (g_str_equal (g_ptr_array_index (country->measures, i), kind))
      return TRUE;

  return FALSE;
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

const char *
pb_country_fact_get_kind (PbCountryFact *fact)
{
  g_return_val_if_fail (fact != NULL, NULL);

  return fact->kind;
}

const char *
pb_country_fact_get_title (PbCountryFact *fact)
{
  g_return_val_if_fail (fact != NULL, NULL);

  return fact->title;
}

const char *
pb_country_fact_get_date (PbCountryFact *fact)
{
  g_return_val_if_fail (fact != NULL, NULL);

  return fact->date;
}

const char *
pb_country_fact_get_reference (PbCountryFact *fact)
{
  g_return_val_if_fail (fact != NULL, NULL);

  return fact->reference;
}

const char *
pb_country_fact_get_source (PbCountryFact *fact)
{
  g_return_val_if_fail (fact != NULL, NULL);

  return fact->source;
}

const char *
pb_country_fact_get_confidence (PbCountryFact *fact)
{
  g_return_val_if_fail (fact != NULL, NULL);

  return fact->confidence;
}
