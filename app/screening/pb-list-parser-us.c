/* pb-list-parser-us.c: the US Consolidated Screening List, CSV and JSON
 *
 * Every entry keeps the list it comes from (SDN, Entity List, MEU List,
 * Denied Persons, Unverified List, ...) in source_list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-i18n.h"
#include <json-glib/json-glib.h>
#include <string.h>

#include "pb-list-parser-private.h"

static PbListEntryKind
csl_kind (const char *type)
{
  if (type == NULL)
    return PB_LIST_ENTRY_KIND_UNKNOWN;
  if (g_ascii_strcasecmp (type, "Individual") == 0)
    return PB_LIST_ENTRY_KIND_PERSON;
  if (g_ascii_strcasecmp (type, "Entity") == 0)
    return PB_LIST_ENTRY_KIND_ENTITY;
  if (g_ascii_strcasecmp (type, "Vessel") == 0)
    return PB_LIST_ENTRY_KIND_VESSEL;
  if (g_ascii_strcasecmp (type, "Aircraft") == 0)
    return PB_LIST_ENTRY_KIND_AIRCRAFT;
  return PB_LIST_ENTRY_KIND_UNKNOWN;
}

/* "street, city, state, postal code, country": the last part is the
 * country's code when there is one. */
static void
csl_add_address (PbListEntry *entry,
                 const char  *address)
{
  const char *comma;

  if (address == NULL || *address == '\0')
    return;

  pb_list_entry_add_address (entry, address);
  comma = strrchr (address, ',');
  if (comma != NULL)
    {
      g_autofree char *last = g_strstrip (g_strdup (comma + 1));

      if (strlen (last) == 2)
        _pb_list_add_country (entry, last);
    }
}

/* "type, number, country": the CSV's ids. */
static void
csl_add_id (PbListEntry *entry,
            const char  *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ", ", 4);
  guint n = g_strv_length (parts);

  if (n >= 2)
    pb_list_entry_add_identifier (entry, parts[0], parts[1], n >= 3 ? parts[2] : NULL);
  else if (n == 1)
    pb_list_entry_add_identifier (entry, NULL, parts[0], NULL);
}

static void
csl_add_alias (PbListEntry *entry,
               const char  *text)
{
  pb_list_entry_add_name (entry, text, PB_LIST_NAME_ALIAS, NULL);
}

/* CSV ------------------------------------------------------------------------------ */

typedef struct
{
  PbListReader *reader;
  gboolean      header_done;
  int           id, source, entity_number, type, programs, name, title, addresses, notice, start_date,
                remarks, alt_names, citizenships, dates_of_birth, nationalities, ids, license_requirement;
} CslCsv;

static gboolean
csl_csv_record (PbListCsv    *csv,
                gpointer  user_data,
                GError  **error)
{
  CslCsv *self = user_data;
  g_autoptr(PbListEntry) entry = NULL;
#define COL(name) _pb_list_csv_get (csv, self->name)

  if (!self->header_done)
    {
      PbListCsvColumn columns[] = {
        { "_id", &self->id, FALSE },
        { "source", &self->source, TRUE },
        { "entity_number", &self->entity_number, FALSE },
        { "type", &self->type, TRUE },
        { "programs", &self->programs, FALSE },
        { "name", &self->name, TRUE },
        { "title", &self->title, FALSE },
        { "addresses", &self->addresses, FALSE },
        { "federal_register_notice", &self->notice, FALSE },
        { "start_date", &self->start_date, FALSE },
        { "remarks", &self->remarks, FALSE },
        { "alt_names", &self->alt_names, FALSE },
        { "citizenships", &self->citizenships, FALSE },
        { "dates_of_birth", &self->dates_of_birth, FALSE },
        { "nationalities", &self->nationalities, FALSE },
        { "ids", &self->ids, FALSE },
        { "license_requirement", &self->license_requirement, FALSE },
      };

      if (!_pb_list_csv_map_header (csv, columns, G_N_ELEMENTS (columns), error))
        return FALSE;
      self->header_done = TRUE;
      return TRUE;
    }

  if (COL (name) == NULL)
    {
      _pb_list_set_error (error, PB_SCREENING_ERROR_LAYOUT, self->reader->display_name,
                          _pb_list_csv_get_line (csv), _("a row without %s"), "name");
      return FALSE;
    }

  entry = pb_list_entry_new ();
  entry->source_id = g_strdup (COL (entity_number) ? COL (entity_number) : COL (id));
  entry->source_list = g_strdup (COL (source));
  entry->kind = csl_kind (COL (type));
  entry->legal_basis = g_strdup (COL (notice));
  entry->listed_on = g_strdup (COL (start_date));
  pb_list_entry_set_primary_name (entry, COL (name));
  _pb_list_split_add (entry, csl_add_alias, COL (alt_names), "; ");
  _pb_list_split_add (entry, pb_list_entry_add_programme, COL (programs), "; ");
  _pb_list_split_add (entry, csl_add_address, COL (addresses), "; ");
  _pb_list_split_add (entry, _pb_list_add_country, COL (citizenships), "; ");
  _pb_list_split_add (entry, _pb_list_add_country, COL (nationalities), "; ");
  _pb_list_split_add (entry, pb_list_entry_add_birth_date, COL (dates_of_birth), "; ");
  _pb_list_split_add (entry, csl_add_id, COL (ids), "; ");
  pb_list_entry_add_remark (entry, COL (title));
  pb_list_entry_add_remark (entry, COL (license_requirement));
  pb_list_entry_add_remark (entry, COL (remarks));

  return _pb_list_reader_emit (self->reader, g_steal_pointer (&entry), error);
#undef COL
}

gboolean
_pb_list_parse_us_csl_csv (PbListReader  *reader,
                           GError       **error)
{
  CslCsv self = { .reader = reader };

  if (!_pb_list_csv_parse (reader, ',', csl_csv_record, &self, error))
    return FALSE;

  if (!self.header_done)
    {
      _pb_list_set_error (error, PB_SCREENING_ERROR_LAYOUT, reader->display_name, 0, _("no header row"));
      return FALSE;
    }

  return TRUE;
}

/* JSON --------------------------------------------------------------------------------
 *
 * {"results": [{…}, …], "sources_used": [{"source": …, "source_last_updated": …}], …}
 * A scanner finds each element of "results" and of "sources_used" without
 * building the document; each element (bounded) is then read by json-glib. */

typedef enum
{
  SCAN_VALUE,        /* outside any element we keep */
  SCAN_ELEMENT,      /* inside an element of an array we keep */
} ScanMode;

typedef struct
{
  PbListReader *reader;
  guint         depth;
  gboolean      in_string;
  gboolean      escaped;
  GString      *key;            /* the last key read at depth 1 */
  gboolean      reading_key;
  char          array[32];      /* the depth-1 key whose array is open */
  gboolean      in_array;
  guint         array_depth;    /* its elements start at this depth */
  ScanMode      mode;
  GString      *element;
  guint64       line;
  guint64       element_line;
  gboolean      seen_results;
} CslJson;

static const char *
json_string (JsonObject *object,
             const char *key)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* A member that is a string or an array of strings, each passed to @add. */
static void
json_strings (PbListEntry  *entry,
              JsonObject   *object,
              const char   *key,
              void        (*add) (PbListEntry *, const char *))
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL)
    return;

  if (json_node_get_value_type (node) == G_TYPE_STRING)
    add (entry, json_node_get_string (node));
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (json_node_get_value_type (element) == G_TYPE_STRING)
            add (entry, json_node_get_string (element));
        }
    }
}

static gboolean
csl_json_result (CslJson     *self,
                 JsonObject  *object,
                 GError     **error)
{
  g_autoptr(PbListEntry) entry = pb_list_entry_new ();
  JsonNode *node;

  if (json_string (object, "name") == NULL)
    {
      _pb_list_set_error (error, PB_SCREENING_ERROR_LAYOUT, self->reader->display_name,
                          self->element_line, _("a result without %s"), "name");
      return FALSE;
    }

  node = json_object_get_member (object, "entity_number");
  if (node != NULL && json_node_get_value_type (node) == G_TYPE_INT64)
    entry->source_id = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  else if (json_string (object, "entity_number") != NULL)
    entry->source_id = g_strdup (json_string (object, "entity_number"));
  else
    entry->source_id = g_strdup (json_string (object, "id"));

  entry->source_list = g_strdup (json_string (object, "source"));
  entry->kind = csl_kind (json_string (object, "type"));
  entry->legal_basis = g_strdup (json_string (object, "federal_register_notice"));
  entry->listed_on = g_strdup (json_string (object, "start_date"));
  pb_list_entry_set_primary_name (entry, json_string (object, "name"));
  json_strings (entry, object, "alt_names", csl_add_alias);
  json_strings (entry, object, "programs", pb_list_entry_add_programme);
  json_strings (entry, object, "citizenships", _pb_list_add_country);
  json_strings (entry, object, "nationalities", _pb_list_add_country);
  json_strings (entry, object, "dates_of_birth", pb_list_entry_add_birth_date);
  pb_list_entry_add_remark (entry, json_string (object, "title"));
  pb_list_entry_add_remark (entry, json_string (object, "license_requirement"));
  pb_list_entry_add_remark (entry, json_string (object, "remarks"));

  node = json_object_get_member (object, "addresses");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *addresses = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (addresses); i++)
        {
          JsonNode *element = json_array_get_element (addresses, i);
          const char *keys[] = { "address", "city", "state", "postal_code", "country" };
          g_autoptr(GString) line = g_string_new (NULL);
          JsonObject *address;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;
          address = json_node_get_object (element);
          for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
            if (json_string (address, keys[k]) != NULL && *json_string (address, keys[k]) != '\0')
              g_string_append_printf (line, "%s%s", line->len > 0 ? ", " : "", json_string (address, keys[k]));
          pb_list_entry_add_address (entry, line->str);
          if (json_string (address, "country") != NULL)
            _pb_list_add_country (entry, json_string (address, "country"));
        }
    }

  node = json_object_get_member (object, "ids");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *ids = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (ids); i++)
        {
          JsonNode *element = json_array_get_element (ids, i);
          JsonObject *id;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;
          id = json_node_get_object (element);
          pb_list_entry_add_identifier (entry, json_string (id, "type"), json_string (id, "number"),
                                        json_string (id, "country"));
        }
    }

  return _pb_list_reader_emit (self->reader, g_steal_pointer (&entry), error);
}

static gboolean
csl_json_element (CslJson  *self,
                  GError  **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, self->element->str, self->element->len, &local_error))
    {
      /* Translators: a file name, a line number, then json-glib's message */
      _pb_list_set_error (error, PB_SCREENING_ERROR_PARSE, self->reader->display_name,
                          self->element_line, _("not valid JSON: %s"), local_error->message);
      return FALSE;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      _pb_list_set_error (error, PB_SCREENING_ERROR_LAYOUT, self->reader->display_name,
                          self->element_line, _("an element of “%s” that is not an object"), self->array);
      return FALSE;
    }

  if (strcmp (self->array, "sources_used") == 0)
    {
      JsonObject *object = json_node_get_object (root);

      _pb_list_reader_set_published (self->reader, json_string (object, "source_last_updated"));
      return TRUE;
    }

  return csl_json_result (self, json_node_get_object (root), error);
}

/* Feeds one byte; elements of the arrays kept are collected whole. */
static gboolean
csl_json_byte (CslJson  *self,
               char      c,
               GError  **error)
{
  gboolean collecting = self->mode == SCAN_ELEMENT;

  /* Nowhere in JSON text: a sparse file or a device's zeros would
   * otherwise be scanned to the size limit before "no results". */
  if (c == '\0')
    {
      _pb_list_set_error (error, PB_SCREENING_ERROR_PARSE, self->reader->display_name,
                          self->line, _("a NUL byte: this is not a text file"));
      return FALSE;
    }

  if (c == '\n')
    self->line++;

  if (collecting)
    {
      if (self->element->len >= PB_LIST_FIELD_MAX)
        {
          _pb_list_set_error (error, PB_SCREENING_ERROR_LIMIT, self->reader->display_name,
                              self->element_line, _("a record longer than %d bytes"), PB_LIST_FIELD_MAX);
          return FALSE;
        }
      g_string_append_c (self->element, c);
    }

  if (self->in_string)
    {
      if (self->escaped)
        self->escaped = FALSE;
      else if (c == '\\')
        self->escaped = TRUE;
      else if (c == '"')
        self->in_string = FALSE;
      else if (self->reading_key && self->key->len < 64)
        g_string_append_c (self->key, c);
      if (!self->in_string)
        self->reading_key = FALSE;
      return TRUE;
    }

  switch (c)
    {
    case '"':
      self->in_string = TRUE;
      /* A string at depth 1 outside an array is a key (or a value, which
       * a ':' does not follow: harmless). */
      if (self->depth == 1 && !self->in_array)
        {
          self->reading_key = TRUE;
          g_string_truncate (self->key, 0);
        }
      break;

    case '{':
    case '[':
      if (self->in_array && self->mode == SCAN_VALUE && self->depth == self->array_depth)
        {
          self->mode = SCAN_ELEMENT;
          self->element_line = self->line;
          g_string_assign (self->element, c == '{' ? "{" : "[");
        }
      if (++self->depth > PB_LIST_DEPTH_MAX)
        {
          _pb_list_set_error (error, PB_SCREENING_ERROR_LIMIT, self->reader->display_name,
                              self->line, _("values nested deeper than %d"), PB_LIST_DEPTH_MAX);
          return FALSE;
        }
      /* The arrays kept: "results" and "sources_used" of the top object,
       * or a top-level array, a bare list of results. */
      if (!self->in_array && c == '[' &&
          (self->depth == 1 ||
           (self->depth == 2 && (strcmp (self->key->str, "results") == 0 ||
                                 strcmp (self->key->str, "sources_used") == 0))))
        {
          self->in_array = TRUE;
          self->array_depth = self->depth;
          g_strlcpy (self->array, self->depth == 1 ? "results" : self->key->str, sizeof self->array);
          self->seen_results |= strcmp (self->array, "results") == 0;
        }
      break;

    case '}':
    case ']':
      if (self->depth == 0)
        {
          _pb_list_set_error (error, PB_SCREENING_ERROR_PARSE, self->reader->display_name,
                              self->line, _("a “%c” that closes nothing"), c);
          return FALSE;
        }
      self->depth--;
      if (self->mode == SCAN_ELEMENT && self->depth == self->array_depth)
        {
          self->mode = SCAN_VALUE;
          if (self->element->str[0] == '{' && !csl_json_element (self, error))
            return FALSE;
        }
      else if (self->in_array && self->depth == self->array_depth - 1)
        self->in_array = FALSE;
      break;

    default:
      break;
    }

  return TRUE;
}

gboolean
_pb_list_parse_us_csl_json (PbListReader  *reader,
                            GError       **error)
{
  CslJson self = { .reader = reader, .line = 1, .mode = SCAN_VALUE };
  gboolean ok = TRUE;

  self.key = g_string_new (NULL);
  self.element = g_string_new (NULL);

  for (;;)
    {
      const char *data;
      gssize n = _pb_list_reader_read (reader, &data, error);

      if (n < 0)
        {
          ok = FALSE;
          break;
        }
      if (n == 0)
        break;

      for (gssize i = 0; i < n && ok; i++)
        ok = csl_json_byte (&self, data[i], error);
      if (!ok)
        break;
    }

  if (ok && (self.depth > 0 || self.in_string))
    {
      _pb_list_set_error (error, PB_SCREENING_ERROR_TRUNCATED, reader->display_name, self.line,
                          _("the file ends inside a value: it is truncated"));
      ok = FALSE;
    }
  else if (ok && !self.seen_results)
    {
      _pb_list_set_error (error, PB_SCREENING_ERROR_LAYOUT, reader->display_name, 0,
                          _("no “results” array: the layout may have changed"));
      ok = FALSE;
    }

  g_string_free (self.key, TRUE);
  g_string_free (self.element, TRUE);

  return ok;
}
