/* pb-list-parser-un.c: the UN Security Council Consolidated List (XML)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-i18n.h"
#include <string.h>

#include "pb-list-parser-private.h"

typedef struct
{
  PbListReader *reader;
  PbListEntry  *entry;
  char         *name_parts[4];
  char         *list_type;
  /* The group being read: alias, address, date of birth or document. */
  GHashTable   *group;
} UnXml;

static const char * const name_elements[] = { "FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME" };

static gboolean
is_group (const char *element)
{
  return g_str_has_suffix (element, "_ALIAS") || g_str_has_suffix (element, "_ADDRESS") ||
         strcmp (element, "INDIVIDUAL_DATE_OF_BIRTH") == 0 || strcmp (element, "INDIVIDUAL_DOCUMENT") == 0 ||
         strcmp (element, "INDIVIDUAL_PLACE_OF_BIRTH") == 0;
}

static const char *
group_get (UnXml      *self,
           const char *key)
{
  const char *value = g_hash_table_lookup (self->group, key);

  return value != NULL && *value != '\0' ? value : NULL;
}

static void
un_reset (UnXml *self)
{
  g_clear_pointer (&self->entry, pb_list_entry_unref);
  for (guint i = 0; i < G_N_ELEMENTS (self->name_parts); i++)
    g_clear_pointer (&self->name_parts[i], g_free);
  g_clear_pointer (&self->list_type, g_free);
  g_hash_table_remove_all (self->group);
}

static void
un_end_group (UnXml      *self,
              const char *element)
{
  PbListEntry *entry = self->entry;

  if (g_str_has_suffix (element, "_ALIAS"))
    {
      const char *quality = group_get (self, "QUALITY");
      g_auto(GStrv) names = g_strsplit (group_get (self, "ALIAS_NAME") ? group_get (self, "ALIAS_NAME") : "", "; ", 64);
      PbListNameKind kind = PB_LIST_NAME_ALIAS;

      if (g_strcmp0 (quality, "Low") == 0)
        kind = PB_LIST_NAME_WEAK_ALIAS;
      else if (g_strcmp0 (quality, "f.k.a.") == 0)
        kind = PB_LIST_NAME_FORMER;
      for (guint i = 0; names[i] != NULL; i++)
        pb_list_entry_add_name (entry, names[i], kind, NULL);
    }
  else if (g_str_has_suffix (element, "_ADDRESS"))
    {
      const char *keys[] = { "STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY" };
      GString *address = g_string_new (NULL);

      for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
        if (group_get (self, keys[i]) != NULL)
          g_string_append_printf (address, "%s%s", address->len > 0 ? ", " : "", group_get (self, keys[i]));
      pb_list_entry_add_address (entry, address->str);
      g_string_free (address, TRUE);
      if (group_get (self, "COUNTRY") != NULL)
        _pb_list_add_country (entry, group_get (self, "COUNTRY"));
    }
  else if (strcmp (element, "INDIVIDUAL_DATE_OF_BIRTH") == 0)
    pb_list_entry_add_birth_date (entry, group_get (self, "DATE") ? group_get (self, "DATE") : group_get (self, "YEAR"));
  else if (strcmp (element, "INDIVIDUAL_DOCUMENT") == 0)
    pb_list_entry_add_identifier (entry, group_get (self, "TYPE_OF_DOCUMENT"), group_get (self, "NUMBER"),
                                  group_get (self, "ISSUING_COUNTRY") ? group_get (self, "ISSUING_COUNTRY")
                                                                      : group_get (self, "COUNTRY_OF_ISSUE"));

  g_hash_table_remove_all (self->group);
}

static gboolean
un_xml_start (PbXml        *xml,
              const char   *element,
              const char  **names,
              const char  **values,
              gpointer      user_data,
              GError      **error)
{
  UnXml *self = user_data;

  if (_pb_xml_get_depth (xml) == 0)
    {
      if (strcmp (element, "CONSOLIDATED_LIST") != 0)
        {
          _pb_xml_set_error (xml, error, PB_SCREENING_ERROR_FORMAT,
                             _("the root element is <%s>, not the <CONSOLIDATED_LIST> of the UN list"), element);
          return FALSE;
        }
      _pb_list_reader_set_published (self->reader, _pb_xml_get_attribute (names, values, "dateGenerated"));
      return TRUE;
    }

  if (strcmp (element, "INDIVIDUAL") == 0 || strcmp (element, "ENTITY") == 0)
    {
      if (self->entry != NULL)
        {
          _pb_xml_set_error (xml, error, PB_SCREENING_ERROR_LAYOUT,
                             _("an <%s> inside another entry: the layout may have changed"), element);
          return FALSE;
        }
      un_reset (self);
      self->entry = pb_list_entry_new ();
      self->entry->kind = element[0] == 'I' ? PB_LIST_ENTRY_KIND_PERSON : PB_LIST_ENTRY_KIND_ENTITY;
    }

  return TRUE;
}

static gboolean
un_xml_end (PbXml       *xml,
            const char  *element,
            const char  *text,
            gpointer     user_data,
            GError     **error)
{
  UnXml *self = user_data;
  PbListEntry *entry = self->entry;
  const char *parent = _pb_xml_get_ancestor (xml, 0);

  if (entry == NULL)
    return TRUE;

  if (strcmp (element, "INDIVIDUAL") == 0 || strcmp (element, "ENTITY") == 0)
    {
      g_autoptr(GString) name = g_string_new (NULL);

      for (guint i = 0; i < G_N_ELEMENTS (self->name_parts); i++)
        if (self->name_parts[i] != NULL)
          g_string_append_printf (name, "%s%s", name->len > 0 ? " " : "", self->name_parts[i]);

      if (name->len == 0 || entry->source_id == NULL)
        {
          _pb_xml_set_error (xml, error, PB_SCREENING_ERROR_LAYOUT,
                             _("an <%s> without %s: the layout may have changed"), element,
                             name->len == 0 ? "FIRST_NAME" : "REFERENCE_NUMBER");
          un_reset (self);
          return FALSE;
        }

      pb_list_entry_set_primary_name (entry, name->str);

      if (self->list_type != NULL)
        {
          g_autofree char *basis = g_strdup_printf (_("UN Security Council sanctions: %s"), self->list_type);

          entry->legal_basis = g_steal_pointer (&basis);
        }
      self->entry = NULL;
      un_reset (self);
      return _pb_list_reader_emit (self->reader, entry, error);
    }

  if (is_group (element))
    {
      un_end_group (self, element);
      return TRUE;
    }

  if (is_group (parent))
    {
      if (g_hash_table_size (self->group) < 32)
        g_hash_table_replace (self->group, g_strdup (element), g_strdup (text));
      return TRUE;
    }

  if (strcmp (element, "VALUE") == 0)
    {
      if (strcmp (parent, "NATIONALITY") == 0 && *text != '\0')
        _pb_list_add_country (entry, text);
      return TRUE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (name_elements); i++)
    if (strcmp (element, name_elements[i]) == 0 && *text != '\0')
      {
        g_free (self->name_parts[i]);
        self->name_parts[i] = g_strdup (text);
        return TRUE;
      }

  if (strcmp (element, "REFERENCE_NUMBER") == 0 && *text != '\0')
    {
      g_free (entry->source_id);
      entry->source_id = g_strdup (text);
    }
  else if (strcmp (element, "DATAID") == 0 && entry->source_id == NULL && *text != '\0')
    entry->source_id = g_strdup (text);
  else if (strcmp (element, "UN_LIST_TYPE") == 0)
    {
      pb_list_entry_add_programme (entry, text);
      g_free (self->list_type);
      self->list_type = *text != '\0' ? g_strdup (text) : NULL;
    }
  else if (strcmp (element, "LISTED_ON") == 0)
    {
      g_free (entry->listed_on);
      entry->listed_on = *text != '\0' ? g_strdup (text) : NULL;
    }
  else if (strcmp (element, "NAME_ORIGINAL_SCRIPT") == 0)
    pb_list_entry_add_name (entry, text, PB_LIST_NAME_ALIAS, "original script");
  else if (strcmp (element, "COMMENTS1") == 0)
    pb_list_entry_add_remark (entry, text);

  return TRUE;
}

gboolean
_pb_list_parse_un_xml (PbListReader  *reader,
                       GError       **error)
{
  static const PbXmlHandlers handlers = { un_xml_start, un_xml_end };
  UnXml self = { .reader = reader };
  gboolean ok;

  self.group = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ok = _pb_xml_parse (reader, &handlers, &self, error);
  un_reset (&self);
  g_hash_table_unref (self.group);

  return ok;
}
