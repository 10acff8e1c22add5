/* pb-list-entry.c: one entry of a restricted-party list, as published
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-i18n.h"
#include <json-glib/json-glib.h>
#include <string.h>

#include "pb-list-entry.h"
#include "pb-storage-types.h"

/* No real entry comes near this; a hostile file cannot make one entry's
 * de-duplication quadratic beyond it. */
#define MAX_ITEMS 2048

G_DEFINE_BOXED_TYPE (PbListEntry, pb_list_entry, pb_list_entry_ref, pb_list_entry_unref)

static void
list_name_free (gpointer data)
{
  PbListName *name = data;

  g_free (name->text);
  g_free (name->lang);
  g_free (name->match);
  g_free (name);
}

static void
list_identifier_free (gpointer data)
{
  PbListIdentifier *identifier = data;

  g_free (identifier->type);
  g_free (identifier->number);
  g_free (identifier->country);
  g_free (identifier);
}

/* A copy of @text with surrounding space removed and runs of white space
 * collapsed, or NULL when nothing is left. */
static char *
clean_text (const char *text)
{
  GString *out;
  gboolean space = FALSE;

  if (text == NULL)
    return NULL;

  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == 0xA0)
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }

  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }

  return g_string_free (out, FALSE);
}

static gboolean
strv_add_unique (GPtrArray  *array,
                 const char *text)
{
  char *clean;

  if (array->len >= MAX_ITEMS || (clean = clean_text (text)) == NULL)
    return FALSE;

  for (guint i = 0; i < array->len; i++)
    {
      if (strcmp (g_ptr_array_index (array, i), clean) == 0)
        {
          g_free (clean);
          return FALSE;
        }
    }

  g_ptr_array_add (array, clean);

  return TRUE;
}

static void
append_paragraph (char       **field,
                  const char  *text)
{
  g_autofree char *clean = clean_text (text);
  char *joined;

  if (clean == NULL)
    return;
  if (*field != NULL && strstr (*field, clean) != NULL)
    return;

  joined = *field != NULL ? g_strconcat (*field, "\n", clean, NULL) : g_steal_pointer (&clean);
  g_free (*field);
  *field = joined;
}

PbListEntry *
pb_list_entry_new (void)
{
  PbListEntry *self = g_new0 (PbListEntry, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->names = g_ptr_array_new_with_free_func (list_name_free);
  self->programmes = g_ptr_array_new_with_free_func (g_free);
  self->countries = g_ptr_array_new_with_free_func (g_free);
  self->addresses = g_ptr_array_new_with_free_func (g_free);
  self->identifiers = g_ptr_array_new_with_free_func (list_identifier_free);
  self->birth_dates = g_ptr_array_new_with_free_func (g_free);

  return self;
}

PbListEntry *
pb_list_entry_ref (PbListEntry *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
pb_list_entry_unref (PbListEntry *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->source_id);
  g_free (self->source_list);
  g_ptr_array_unref (self->names);
  g_ptr_array_unref (self->programmes);
  g_ptr_array_unref (self->countries);
  g_ptr_array_unref (self->addresses);
  g_ptr_array_unref (self->identifiers);
  g_ptr_array_unref (self->birth_dates);
  g_free (self->legal_basis);
  g_free (self->listed_on);
  g_free (self->remarks);
  g_free (self);
}

PbListName *
pb_list_entry_add_name (PbListEntry    *self,
                        const char     *text,
                        PbListNameKind  kind,
                        const char     *lang)
{
  g_autofree char *clean = NULL;
  PbListName *name;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->names->len >= MAX_ITEMS || (clean = clean_text (text)) == NULL)
    return NULL;

  for (guint i = 0; i < self->names->len; i++)
    {
      PbListName *other = g_ptr_array_index (self->names, i);

      if (strcmp (other->text, clean) == 0)
        {
          /* The same name given as primary and as alias stays primary. */
          if (kind < other->kind)
            other->kind = kind;
          return NULL;
        }
    }

  name = g_new0 (PbListName, 1);
  name->text = g_steal_pointer (&clean);
  name->kind = kind;
  name->lang = clean_text (lang);
  g_ptr_array_add (self->names, name);

  return name;
}

void
pb_list_entry_set_primary_name (PbListEntry *self,
                                const char  *text)
{
  g_autofree char *clean = clean_text (text);
  PbListName *name = NULL;

  g_return_if_fail (self != NULL);

  if (clean == NULL)
    return;

  for (guint i = 0; i < self->names->len; i++)
    {
      PbListName *other = g_ptr_array_index (self->names, i);

      if (strcmp (other->text, clean) == 0)
        name = g_ptr_array_steal_index (self->names, i--);
      else if (other->kind == PB_LIST_NAME_PRIMARY)
        other->kind = PB_LIST_NAME_ALIAS;
    }

  if (name == NULL)
    {
      name = g_new0 (PbListName, 1);
      name->text = g_steal_pointer (&clean);
    }
  name->kind = PB_LIST_NAME_PRIMARY;
  g_ptr_array_insert (self->names, 0, name);
}

void
pb_list_entry_add_programme (PbListEntry *self,
                             const char  *text)
{
  g_return_if_fail (self != NULL);

  strv_add_unique (self->programmes, text);
}

void
pb_list_entry_add_country (PbListEntry *self,
                           const char  *text)
{
  g_return_if_fail (self != NULL);

  strv_add_unique (self->countries, text);
}

void
pb_list_entry_add_address (PbListEntry *self,
                           const char  *text)
{
  g_return_if_fail (self != NULL);

  strv_add_unique (self->addresses, text);
}

void
pb_list_entry_add_birth_date (PbListEntry *self,
                              const char  *text)
{
  g_return_if_fail (self != NULL);

  strv_add_unique (self->birth_dates, text);
}

void
pb_list_entry_add_identifier (PbListEntry *self,
                              const char  *type,
                              const char  *number,
                              const char  *country)
{
  g_autofree char *clean_number = clean_text (number);
  PbListIdentifier *identifier;

  g_return_if_fail (self != NULL);

  if (clean_number == NULL || self->identifiers->len >= MAX_ITEMS)
    return;

  for (guint i = 0; i < self->identifiers->len; i++)
    {
      PbListIdentifier *other = g_ptr_array_index (self->identifiers, i);

      if (strcmp (other->number, clean_number) == 0)
        return;
    }

  identifier = g_new0 (PbListIdentifier, 1);
  identifier->type = clean_text (type);
  identifier->number = g_steal_pointer (&clean_number);
  identifier->country = clean_text (country);
  g_ptr_array_add (self->identifiers, identifier);
}

void
pb_list_entry_add_remark (PbListEntry *self,
                          const char  *text)
{
  g_return_if_fail (self != NULL);

  append_paragraph (&self->remarks, text);
}

const char *
pb_list_entry_get_name (PbListEntry *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->names->len; i++)
    {
      PbListName *name = g_ptr_array_index (self->names, i);

      if (name->kind == PB_LIST_NAME_PRIMARY)
        return name->text;
    }

  if (self->names->len > 0)
    return ((PbListName *) g_ptr_array_index (self->names, 0))->text;

  return NULL;
}

/* JSON ------------------------------------------------------------------------ */

static void
add_member (JsonBuilder *builder,
            const char  *key,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, key);
  json_builder_add_string_value (builder, value);
}

static void
add_strings (JsonBuilder *builder,
             const char  *key,
             GPtrArray   *array)
{
  if (array->len == 0)
    return;
  json_builder_set_member_name (builder, key);
  json_builder_begin_array (builder);
  for (guint i = 0; i < array->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (array, i));
  json_builder_end_array (builder);
}

char *
pb_list_entry_to_json (PbListEntry *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  add_member (builder, "id", self->source_id);
  add_member (builder, "source_list", self->source_list);
  add_member (builder, "kind", pb_list_entry_kind_to_string (self->kind));

  json_builder_set_member_name (builder, "names");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->names->len; i++)
    {
      PbListName *name = g_ptr_array_index (self->names, i);

      json_builder_begin_object (builder);
      add_member (builder, "name", name->text);
      add_member (builder, "kind", pb_list_name_kind_to_string (name->kind));
      add_member (builder, "lang", name->lang);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  add_strings (builder, "programmes", self->programmes);
  add_strings (builder, "countries", self->countries);
  add_strings (builder, "addresses", self->addresses);

  if (self->identifiers->len > 0)
    {
      json_builder_set_member_name (builder, "identifiers");
      json_builder_begin_array (builder);
      for (guint i = 0; i < self->identifiers->len; i++)
        {
          PbListIdentifier *identifier = g_ptr_array_index (self->identifiers, i);

          json_builder_begin_object (builder);
          add_member (builder, "type", identifier->type);
          add_member (builder, "number", identifier->number);
          add_member (builder, "country", identifier->country);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }

  add_strings (builder, "birth_dates", self->birth_dates);
  add_member (builder, "legal_basis", self->legal_basis);
  add_member (builder, "listed_on", self->listed_on);
  add_member (builder, "remarks", self->remarks);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

static const char *
get_string (JsonObject *object,
            const char *key)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static JsonArray *
get_array (JsonObject *object,
           const char *key)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  return json_node_get_array (node);
}

static void
read_strings (JsonObject *object,
              const char *key,
              GPtrArray  *array)
{
  JsonArray *values = get_array (object, key);

  for (guint i = 0; values != NULL && i < json_array_get_length (values); i++)
    {
      JsonNode *node = json_array_get_element (values, i);

      if (json_node_get_value_type (node) == G_TYPE_STRING)
        strv_add_unique (array, json_node_get_string (node));
    }
}

PbListEntry *
pb_list_entry_new_from_json (const char  *json,
                             GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(PbListEntry) self = NULL;
  JsonObject *object;
  JsonArray *array;
  JsonNode *root;

  g_return_val_if_fail (json != NULL, NULL);

  if (!json_parser_load_from_data (parser, json, -1, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CORRUPT,
                           _("A stored list entry is not a JSON object"));
      return NULL;
    }

  object = json_node_get_object (root);
  self = pb_list_entry_new ();
  self->source_id = g_strdup (get_string (object, "id"));
  self->source_list = g_strdup (get_string (object, "source_list"));
  self->kind = pb_list_entry_kind_from_string (get_string (object, "kind"));

  array = get_array (object, "names");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *name;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      name = json_node_get_object (node);
      pb_list_entry_add_name (self, get_string (name, "name"),
                              pb_list_name_kind_from_string (get_string (name, "kind")),
                              get_string (name, "lang"));
    }

  read_strings (object, "programmes", self->programmes);
  read_strings (object, "countries", self->countries);
  read_strings (object, "addresses", self->addresses);

  array = get_array (object, "identifiers");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *identifier;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      identifier = json_node_get_object (node);
      pb_list_entry_add_identifier (self, get_string (identifier, "type"),
                                    get_string (identifier, "number"),
                                    get_string (identifier, "country"));
    }

  read_strings (object, "birth_dates", self->birth_dates);
  self->legal_basis = g_strdup (get_string (object, "legal_basis"));
  self->listed_on = g_strdup (get_string (object, "listed_on"));
  self->remarks = g_strdup (get_string (object, "remarks"));

  return g_steal_pointer (&self);
}

/* Enumerations ---------------------------------------------------------------- */

static const char * const kind_names[] = {
  [PB_LIST_ENTRY_KIND_UNKNOWN] = "unknown",
  [PB_LIST_ENTRY_KIND_PERSON] = "person",
  [PB_LIST_ENTRY_KIND_ENTITY] = "entity",
  [PB_LIST_ENTRY_KIND_VESSEL] = "vessel",
  [PB_LIST_ENTRY_KIND_AIRCRAFT] = "aircraft",
};

static const char * const name_kind_names[] = {
  [PB_LIST_NAME_PRIMARY] = "primary",
  [PB_LIST_NAME_ALIAS] = "alias",
  [PB_LIST_NAME_WEAK_ALIAS] = "weak-alias",
  [PB_LIST_NAME_FORMER] = "former",
};

const char *
pb_list_entry_kind_to_string (PbListEntryKind kind)
{
  if ((guint) kind >= G_N_ELEMENTS (kind_names))
    return "unknown";

  return kind_names[kind];
}

PbListEntryKind
pb_list_entry_kind_from_string (const char *str)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (kind_names); i++)
    if (strcmp (str, kind_names[i]) == 0)
      return i;

  return PB_LIST_ENTRY_KIND_UNKNOWN;
}

const char *
pb_list_name_kind_to_string (PbListNameKind kind)
{
  if ((guint) kind >= G_N_ELEMENTS (name_kind_names))
    return "alias";

  return name_kind_names[kind];
}

PbListNameKind
pb_list_name_kind_from_string (const char *str)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (name_kind_names); i++)
    if (strcmp (str, name_kind_names[i]) == 0)
      return i;

  return PB_LIST_NAME_ALIAS;
}

const char *
pb_list_entry_kind_get_label (PbListEntryKind kind)
{
  switch (kind)
    {
    case PB_LIST_ENTRY_KIND_PERSON:
      /* Translators: the kind of a listed entry */
      return _("person");
    case PB_LIST_ENTRY_KIND_ENTITY:
      /* Translators: the kind of a listed entry: a company or organisation */
      return _("entity");
    case PB_LIST_ENTRY_KIND_VESSEL:
      /* Translators: the kind of a listed entry: a ship */
      return _("vessel");
    case PB_LIST_ENTRY_KIND_AIRCRAFT:
      /* Translators: the kind of a listed entry */
      return _("aircraft");
    case PB_LIST_ENTRY_KIND_UNKNOWN:
    default:
      /* Translators: the kind of a listed entry the list does not give */
      return _("kind not given");
    }
}

const char *
pb_list_name_kind_get_label (PbListNameKind kind)
{
  switch (kind)
    {
    case PB_LIST_NAME_PRIMARY:
      /* Translators: the kind of a listed name */
      return _("primary name");
    case PB_LIST_NAME_WEAK_ALIAS:
      /* Translators: the kind of a listed name: an alias the list itself calls weak or of low quality */
      return _("weak alias");
    case PB_LIST_NAME_FORMER:
      /* Translators: the kind of a listed name: a name the party was formerly known by */
      return _("former name");
    case PB_LIST_NAME_ALIAS:
    default:
      /* Translators: the kind of a listed name */
      return _("alias");
    }
}
