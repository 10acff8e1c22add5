/* pb-list-parser-uk.c: the UK Sanctions List (FCDO), CSV and XML
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-i18n.h"
#include <string.h>

#include "pb-list-parser-private.h"

static PbListEntryKind
uk_kind (const char *text)
{
  if (text == NULL)
    return PB_LIST_ENTRY_KIND_UNKNOWN;
  if (g_ascii_strcasecmp (text, "Individual") == 0)
    return PB_LIST_ENTRY_KIND_PERSON;
  if (g_ascii_strcasecmp (text, "Entity") == 0)
    return PB_LIST_ENTRY_KIND_ENTITY;
  if (g_ascii_strcasecmp (text, "Ship") == 0)
    return PB_LIST_ENTRY_KIND_VESSEL;
  return PB_LIST_ENTRY_KIND_UNKNOWN;
}

/* Name 1 to Name 5 are given names, Name 6 the family or entity name. */
static void
uk_add_name (PbListEntry        *entry,
             const char * const *parts,
             const char         *type,
             const char         *strength)
{
  g_autoptr(GString) name = g_string_new (NULL);
  PbListNameKind kind = PB_LIST_NAME_ALIAS;

  for (guint i = 0; i < 6; i++)
    if (parts[i] != NULL && *parts[i] != '\0')
      g_string_append_printf (name, "%s%s", name->len > 0 ? " " : "", parts[i]);

  if (type != NULL && g_ascii_strcasecmp (type, "Primary Name") == 0)
    kind = PB_LIST_NAME_PRIMARY;
  else if (strength != NULL && g_ascii_strncasecmp (strength, "Weak", 4) == 0)
    kind = PB_LIST_NAME_WEAK_ALIAS;

  if (kind == PB_LIST_NAME_PRIMARY)
    pb_list_entry_set_primary_name (entry, name->str);
  else
    pb_list_entry_add_name (entry, name->str, kind, NULL);
}

static void
uk_set_regime (PbListEntry *entry,
               const char  *regime)
{
  if (regime == NULL || entry->legal_basis != NULL)
    return;

  pb_list_entry_add_programme (entry, regime);
  /* Translators: a UK sanctions regime, such as "Russia" */
  entry->legal_basis = g_strdup_printf (_("UK sanctions regime: %s"), regime);
}

/* CSV: an optional "Report Date" line, the header, then one row per name
 * of a designation; the rows of a designation follow each other. */

typedef struct
{
  PbListReader *reader;
  PbListEntry  *entry;
  gboolean      header_done;
  int           unique_id, names[6], name_type, alias_strength, non_latin, non_latin_language,
                regime, kind, kind_old, designation_source, sanctions, other_information, reasons,
                address[6], postal_code, address_country, date_designated, dob, nationality,
                national_id, passport, registration, imo, un_reference, last_updated;
} UkCsv;

static gboolean
uk_csv_flush (UkCsv   *self,
              GError **error)
{
  if (self->entry == NULL)
    return TRUE;

  return _pb_list_reader_emit (self->reader, g_steal_pointer (&self->entry), error);
}

static gboolean
uk_csv_header (UkCsv   *self,
               PbListCsv   *csv,
               GError **error)
{
  PbListCsvColumn columns[] = {
    { "Unique ID", &self->unique_id, TRUE },
    { "Name 1", &self->names[0], FALSE },
    { "Name 2", &self->names[1], FALSE },
    { "Name 3", &self->names[2], FALSE },
    { "Name 4", &self->names[3], FALSE },
    { "Name 5", &self->names[4], FALSE },
    { "Name 6", &self->names[5], TRUE },
    { "Name type", &self->name_type, TRUE },
    { "Alias strength", &self->alias_strength, FALSE },
    { "Name non-latin script", &self->non_latin, FALSE },
    { "Non-latin script language", &self->non_latin_language, FALSE },
    { "Regime Name", &self->regime, FALSE },
    { "Individual, Entity, Ship", &self->kind, FALSE },
    { "Designation Type", &self->kind_old, FALSE },
    { "Designation source", &self->designation_source, FALSE },
    { "Sanctions Imposed", &self->sanctions, FALSE },
    { "Other Information", &self->other_information, FALSE },
    { "UK Statement of Reasons", &self->reasons, FALSE },
    { "Address Line 1", &self->address[0], FALSE },
    { "Address Line 2", &self->address[1], FALSE },
    { "Address Line 3", &self->address[2], FALSE },
    { "Address Line 4", &self->address[3], FALSE },
    { "Address Line 5", &self->address[4], FALSE },
    { "Address Line 6", &self->address[5], FALSE },
    { "Address Postal Code", &self->postal_code, FALSE },
    { "Address Country", &self->address_country, FALSE },
    { "Date Designated", &self->date_designated, FALSE },
    { "D.O.B", &self->dob, FALSE },
    { "Nationality(/ies)", &self->nationality, FALSE },
    { "National Identifier number", &self->national_id, FALSE },
    { "Passport number", &self->passport, FALSE },
    { "Business registration number (s)", &self->registration, FALSE },
    { "IMO number", &self->imo, FALSE },
    { "UN Reference Number", &self->un_reference, FALSE },
    { "Last Updated", &self->last_updated, FALSE },
  };

  if (!_pb_list_csv_map_header (csv, columns, G_N_ELEMENTS (columns), error))
    return FALSE;
  if (self->regime < 0)
    {
      PbListCsvColumn regime = { "Regime", &self->regime, FALSE };

      _pb_list_csv_map_header (csv, &regime, 1, NULL);
      /* The second mapping measured the header again: same width. */
    }

  self->header_done = TRUE;
  return TRUE;
}

static gboolean
uk_csv_record (PbListCsv    *csv,
               gpointer  user_data,
               GError  **error)
{
  UkCsv *self = user_data;
  PbListEntry *entry;
  const char *unique_id;
  const char *parts[6];
#define COL(name) _pb_list_csv_get (csv, self->name)

  if (!self->header_done)
    {
      const char *first = _pb_list_csv_get_field (csv, 0);

      if (g_ascii_strncasecmp (first, "Report Date", 11) == 0)
        {
          const char *date = strchr (first, ':');

          if (date == NULL && _pb_list_csv_get_n_fields (csv) > 1)
            date = _pb_list_csv_get_field (csv, 1);
          else if (date != NULL)
            date++;
          _pb_list_reader_set_published (self->reader, date);
          return TRUE;
        }
      return uk_csv_header (self, csv, error);
    }

  if ((unique_id = COL (unique_id)) == NULL)
    {
      _pb_list_set_error (error, PB_SCREENING_ERROR_LAYOUT, self->reader->display_name,
                          _pb_list_csv_get_line (csv), _("a row without %s"), "Unique ID");
      return FALSE;
    }

  if (self->entry == NULL || strcmp (self->entry->source_id, unique_id) != 0)
    {
      if (!uk_csv_flush (self, error))
        return FALSE;
      self->entry = entry = pb_list_entry_new ();
      entry->source_id = g_strdup (unique_id);
      entry->kind = uk_kind (COL (kind) ? COL (kind) : COL (kind_old));
      entry->listed_on = g_strdup (COL (date_designated));
    }
  entry = self->entry;

  for (guint i = 0; i < 6; i++)
    parts[i] = COL (names[i]);
  uk_add_name (entry, parts, COL (name_type), COL (alias_strength));
  pb_list_entry_add_name (entry, COL (non_latin), PB_LIST_NAME_ALIAS, COL (non_latin_language));
  uk_set_regime (entry, COL (regime));
  pb_list_entry_add_remark (entry, COL (sanctions));
  pb_list_entry_add_remark (entry, COL (other_information));
  pb_list_entry_add_remark (entry, COL (reasons));

  {
    g_autoptr(GString) address = g_string_new (NULL);

    for (guint i = 0; i < 6; i++)
      if (COL (address[i]) != NULL)
        g_string_append_printf (address, "%s%s", address->len > 0 ? ", " : "", COL (address[i]));
    if (COL (postal_code) != NULL)
      g_string_append_printf (address, "%s%s", address->len > 0 ? ", " : "", COL (postal_code));
    if (COL (address_country) != NULL)
      g_string_append_printf (address, "%s%s", address->len > 0 ? ", " : "", COL (address_country));
    pb_list_entry_add_address (entry, address->str);
  }

  if (COL (address_country) != NULL)
    _pb_list_add_country (entry, COL (address_country));
  _pb_list_split_add (entry, _pb_list_add_country, COL (nationality), ",");
  _pb_list_split_add (entry, pb_list_entry_add_birth_date, COL (dob), ",");
  pb_list_entry_add_identifier (entry, "National identifier", COL (national_id), NULL);
  pb_list_entry_add_identifier (entry, "Passport", COL (passport), NULL);
  pb_list_entry_add_identifier (entry, "Business registration", COL (registration), NULL);
  pb_list_entry_add_identifier (entry, "IMO", COL (imo), NULL);
  pb_list_entry_add_identifier (entry, "UN", COL (un_reference), NULL);

  return TRUE;
#undef COL
}

gboolean
_pb_list_parse_uk_csv (PbListReader  *reader,
                       GError       **error)
{
  UkCsv self = { .reader = reader };
  gboolean ok;

  ok = _pb_list_csv_parse (reader, ',', uk_csv_record, &self, error) && uk_csv_flush (&self, error);
  if (ok && !self.header_done)
    {
      _pb_list_set_error (error, PB_SCREENING_ERROR_LAYOUT, reader->display_name, 0, _("no header row"));
      ok = FALSE;
    }

  g_clear_pointer (&self.entry, pb_list_entry_unref);

  return ok;
}

/* XML: <Designations><Designation>…</Designation>…</Designations>, one
 * element a field, names under <Names><Name>. */

typedef struct
{
  PbListReader *reader;
  PbListEntry  *entry;
  GHashTable   *group;      /* fields of the <Name>, <NonLatinName> or <Address> being read */
} UkXml;

static const char *
uk_group_get (UkXml      *self,
              const char *key)
{
  const char *value = g_hash_table_lookup (self->group, key);

  return value != NULL && *value != '\0' ? value : NULL;
}

static gboolean
uk_is_group (const char *element)
{
  return strcmp (element, "Name") == 0 || strcmp (element, "NonLatinName") == 0 ||
         strcmp (element, "Address") == 0 || strcmp (element, "Location") == 0;
}

static gboolean
uk_xml_start (PbXml        *xml,
              const char   *element,
              const char  **names,
              const char  **values,
              gpointer      user_data,
              GError      **error)
{
  UkXml *self = user_data;

  if (_pb_xml_get_depth (xml) == 0)
    {
      if (strcmp (element, "Designations") != 0)
        {
          _pb_xml_set_error (xml, error, PB_SCREENING_ERROR_FORMAT,
                             _("the root element is <%s>, not the <Designations> of the UK list"), element);
          return FALSE;
        }
      return TRUE;
    }

  if (strcmp (element, "Designation") == 0)
    {
      if (self->entry != NULL)
        {
          _pb_xml_set_error (xml, error, PB_SCREENING_ERROR_LAYOUT,
                             _("a <Designation> inside another: the layout may have changed"));
          return FALSE;
        }
      self->entry = pb_list_entry_new ();
    }
  else if (uk_is_group (element))
    g_hash_table_remove_all (self->group);

  return TRUE;
}

static void
uk_end_group (UkXml      *self,
              const char *element)
{
  PbListEntry *entry = self->entry;

  if (strcmp (element, "Name") == 0)
    {
      const char *parts[6];

      for (guint i = 0; i < 6; i++)
        {
          char key[8];

          g_snprintf (key, sizeof key, "Name%u", i + 1);
          parts[i] = uk_group_get (self, key);
        }
      uk_add_name (entry, parts, uk_group_get (self, "NameType"), uk_group_get (self, "AliasStrength"));
    }
  else if (strcmp (element, "NonLatinName") == 0)
    pb_list_entry_add_name (entry, uk_group_get (self, "NameNonLatinScript"), PB_LIST_NAME_ALIAS,
                            uk_group_get (self, "NonLatinScriptLanguage"));
  else if (strcmp (element, "Address") == 0)
    {
      const char *keys[] = { "AddressLine1", "AddressLine2", "AddressLine3", "AddressLine4",
                             "AddressLine5", "AddressLine6", "AddressPostalCode", "AddressCountry" };
      g_autoptr(GString) address = g_string_new (NULL);

      for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
        if (uk_group_get (self, keys[i]) != NULL)
          g_string_append_printf (address, "%s%s", address->len > 0 ? ", " : "", uk_group_get (self, keys[i]));
      pb_list_entry_add_address (entry, address->str);
      if (uk_group_get (self, "AddressCountry") != NULL)
        _pb_list_add_country (entry, uk_group_get (self, "AddressCountry"));
    }

  g_hash_table_remove_all (self->group);
}

static gboolean
uk_xml_end (PbXml       *xml,
            const char  *element,
            const char  *text,
            gpointer     user_data,
            GError     **error)
{
  UkXml *self = user_data;
  PbListEntry *entry = self->entry;
  const char *parent = _pb_xml_get_ancestor (xml, 0);

  if (entry == NULL)
    {
      if (strcmp (element, "DateGenerated") == 0 || strcmp (element, "ReportDate") == 0)
        _pb_list_reader_set_published (self->reader, text);
      return TRUE;
    }

  if (strcmp (element, "Designation") == 0)
    {
      self->entry = NULL;
      if (entry->source_id == NULL || entry->names->len == 0)
        {
          _pb_xml_set_error (xml, error, PB_SCREENING_ERROR_LAYOUT,
                             _("a <Designation> without %s: the layout may have changed"),
                             entry->source_id == NULL ? "UniqueID" : "Names");
          pb_list_entry_unref (entry);
          return FALSE;
        }
      return _pb_list_reader_emit (self->reader, entry, error);
    }

  if (uk_is_group (element))
    {
      uk_end_group (self, element);
      return TRUE;
    }

  if (uk_is_group (parent))
    {
      if (g_hash_table_size (self->group) < 32)
        g_hash_table_replace (self->group, g_strdup (element), g_strdup (text));
      return TRUE;
    }

  if (*text == '\0')
    return TRUE;

  if (strcmp (element, "UniqueID") == 0)
    {
      g_free (entry->source_id);
      entry->source_id = g_strdup (text);
    }
  else if (strcmp (element, "IndividualEntityShip") == 0)
    entry->kind = uk_kind (text);
  else if (strcmp (element, "RegimeName") == 0)
    uk_set_regime (entry, text);
  else if (strcmp (element, "DateDesignated") == 0)
    {
      g_free (entry->listed_on);
      entry->listed_on = g_strdup (text);
    }
  else if (strcmp (element, "SanctionsImposed") == 0 || strcmp (element, "OtherInformation") == 0 ||
           strcmp (element, "UKStatementofReasons") == 0)
    pb_list_entry_add_remark (entry, text);
  else if (strcmp (element, "DOB") == 0)
    pb_list_entry_add_birth_date (entry, text);
  else if (strcmp (element, "Nationality") == 0)
    _pb_list_add_country (entry, text);
  else if (strcmp (element, "PassportNumber") == 0)
    pb_list_entry_add_identifier (entry, "Passport", text, NULL);
  else if (strcmp (element, "NationalIdentifierNumber") == 0)
    pb_list_entry_add_identifier (entry, "National identifier", text, NULL);
  else if (strcmp (element, "BusinessRegistrationNumber") == 0)
    pb_list_entry_add_identifier (entry, "Business registration", text, NULL);
  else if (strcmp (element, "IMONumber") == 0)
    pb_list_entry_add_identifier (entry, "IMO", text, NULL);
  else if (strcmp (element, "UNReferenceNumber") == 0)
    pb_list_entry_add_identifier (entry, "UN", text, NULL);

  return TRUE;
}

gboolean
_pb_list_parse_uk_xml (PbListReader  *reader,
                       GError       **error)
{
  static const PbXmlHandlers handlers = { uk_xml_start, uk_xml_end };
  UkXml self = { .reader = reader };
  gboolean ok;

  self.group = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ok = _pb_xml_parse (reader, &handlers, &self, error);
  g_clear_pointer (&self.entry, pb_list_entry_unref);
  g_hash_table_unref (self.group);

  return ok;
}
