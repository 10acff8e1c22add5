/* pb-list-parser-eu.c: the EU Financial Sanctions Files, XML and CSV (1.1)
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
  gboolean      seen_root;
} EuXml;

static PbListEntryKind
eu_subject_kind (const char *code)
{
  if (code == NULL)
    return PB_LIST_ENTRY_KIND_UNKNOWN;
  if (g_ascii_strcasecmp (code, "person") == 0 || g_ascii_strcasecmp (code, "P") == 0)
    return PB_LIST_ENTRY_KIND_PERSON;
  if (g_ascii_strcasecmp (code, "enterprise") == 0 || g_ascii_strcasecmp (code, "E") == 0)
    return PB_LIST_ENTRY_KIND_ENTITY;
  return PB_LIST_ENTRY_KIND_UNKNOWN;
}

static char *
eu_address (const char *street,
            const char *po_box,
            const char *zip,
            const char *city,
            const char *region,
            const char *place,
            const char *country)
{
  const char *parts[] = { street, po_box, zip, city, region, place, country };
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] != NULL && *parts[i] != '\0')
      g_string_append_printf (out, "%s%s", out->len > 0 ? ", " : "", parts[i]);

  return g_string_free (out, out->len == 0);
}

static void
eu_add_name (PbListEntry *entry,
             const char  *whole,
             const char  *first,
             const char  *middle,
             const char  *last,
             const char  *language,
             gboolean     weak)
{
  g_autofree char *composed = NULL;
  PbListNameKind kind;

  if (whole == NULL || *whole == '\0')
    whole = composed = g_strjoin (" ", first ? first : "", middle ? middle : "", last ? last : "", NULL);

  if (weak)
    kind = PB_LIST_NAME_WEAK_ALIAS;
  else
    kind = entry->names->len == 0 ? PB_LIST_NAME_PRIMARY : PB_LIST_NAME_ALIAS;

  pb_list_entry_add_name (entry, whole, kind, language);
}

static gboolean
eu_xml_start (PbXml        *xml,
              const char   *element,
              const char  **names,
              const char  **values,
              gpointer      user_data,
              GError      **error)
{
  EuXml *self = user_data;
  PbListEntry *entry = self->entry;
#define ATTR(name) _pb_xml_get_attribute (names, values, name)

  if (_pb_xml_get_depth (xml) == 0)
    {
      if (strcmp (element, "export") != 0)
        {
          _pb_xml_set_error (xml, error, PB_SCREENING_ERROR_FORMAT,
                             _("the root element is <%s>, not the <export> of an EU FSF file"), element);
          return FALSE;
        }
      self->seen_root = TRUE;
      _pb_list_reader_set_published (self->reader, ATTR ("generationDate"));
      return TRUE;
    }

  if (strcmp (element, "sanctionEntity") == 0)
    {
      if (entry != NULL)
        {
          _pb_xml_set_error (xml, error, PB_SCREENING_ERROR_LAYOUT,
                             _("a <sanctionEntity> inside another: the layout may have changed"));
          return FALSE;
        }
      self->entry = entry = pb_list_entry_new ();
      entry->source_id = g_strdup (ATTR ("euReferenceNumber") ? ATTR ("euReferenceNumber") : ATTR ("logicalId"));
      entry->listed_on = g_strdup (ATTR ("designationDate"));
      pb_list_entry_add_remark (entry, ATTR ("designationDetails"));
      if (ATTR ("unitedNationId") != NULL)
        pb_list_entry_add_identifier (entry, "UN", ATTR ("unitedNationId"), NULL);
      return TRUE;
    }

  if (entry == NULL)
    return TRUE;

  if (strcmp (element, "subjectType") == 0)
    entry->kind = eu_subject_kind (ATTR ("code") ? ATTR ("code") : ATTR ("classificationCode"));
  else if (strcmp (element, "regulation") == 0 && strcmp (_pb_xml_get_ancestor (xml, 0), "sanctionEntity") == 0)
    {
      pb_list_entry_add_programme (entry, ATTR ("programme"));
      _pb_list_append (&entry->legal_basis, ATTR ("numberTitle"));
    }
  else if (strcmp (element, "nameAlias") == 0)
    eu_add_name (entry, ATTR ("wholeName"), ATTR ("firstName"), ATTR ("middleName"), ATTR ("lastName"),
                 ATTR ("nameLanguage"), g_strcmp0 (ATTR ("strong"), "false") == 0);
  else if (strcmp (element, "citizenship") == 0)
    _pb_list_add_country (entry, ATTR ("countryIso2Code") ? ATTR ("countryIso2Code") : ATTR ("countryDescription"));
  else if (strcmp (element, "birthdate") == 0)
    pb_list_entry_add_birth_date (entry, ATTR ("birthdate") ? ATTR ("birthdate") : ATTR ("year"));
  else if (strcmp (element, "identification") == 0)
    pb_list_entry_add_identifier (entry,
                                  ATTR ("identificationTypeDescription") ? ATTR ("identificationTypeDescription")
                                                                         : ATTR ("identificationTypeCode"),
                                  ATTR ("number") ? ATTR ("number") : ATTR ("latinNumber"),
                                  ATTR ("countryIso2Code"));
  else if (strcmp (element, "address") == 0)
    {
      g_autofree char *address = eu_address (ATTR ("street"), ATTR ("poBox"), ATTR ("zipCode"), ATTR ("city"),
                                             ATTR ("region"), ATTR ("place"), ATTR ("countryDescription"));

      pb_list_entry_add_address (entry, address);
      if (ATTR ("countryIso2Code") != NULL && strcmp (ATTR ("countryIso2Code"), "00") != 0)
        _pb_list_add_country (entry, ATTR ("countryIso2Code"));
    }

  return TRUE;
#undef ATTR
}

static gboolean
eu_xml_end (PbXml       *xml,
            const char  *element,
            const char  *text,
            gpointer     user_data,
            GError     **error)
{
  EuXml *self = user_data;

  if (self->entry == NULL)
    return TRUE;

  if (strcmp (element, "remark") == 0 && strcmp (_pb_xml_get_ancestor (xml, 0), "sanctionEntity") == 0)
    pb_list_entry_add_remark (self->entry, text);
  else if (strcmp (element, "sanctionEntity") == 0)
    {
      if (self->entry->names->len == 0)
        {
          _pb_xml_set_error (xml, error, PB_SCREENING_ERROR_LAYOUT,
                             _("a <sanctionEntity> without a <nameAlias>: the layout may have changed"));
          g_clear_pointer (&self->entry, pb_list_entry_unref);
          return FALSE;
        }
      return _pb_list_reader_emit (self->reader, g_steal_pointer (&self->entry), error);
    }

  return TRUE;
}

gboolean
_pb_list_parse_eu_xml (PbListReader  *reader,
                       GError       **error)
{
  static const PbXmlHandlers handlers = { eu_xml_start, eu_xml_end };
  EuXml self = { .reader = reader };
  gboolean ok;

  ok = _pb_xml_parse (reader, &handlers, &self, error);
  g_clear_pointer (&self.entry, pb_list_entry_unref);

  return ok;
}

/* CSV: one row per name, address, birth date, identification or
 * citizenship of an entity, the entity's own columns repeated; rows of an
 * entity follow each other. */

typedef struct
{
  PbListReader *reader;
  PbListEntry  *entry;
  char         *logical_id;
  guint         n_rows;
  gboolean      header_done;
  int           generation_date, logical_id_col, reference, un_id, designation_date, remark,
                subject_type, classification, programme, number_title, whole_name, first_name,
                middle_name, last_name, name_language, city, street, po_box, zip, region, place,
                address_country, address_country_code, birth_date, birth_year, id_number,
                id_latin_number, id_type, id_type_code, id_country, citizenship;
} EuCsv;

static gboolean
eu_csv_flush (EuCsv   *self,
              GError **error)
{
  if (self->entry == NULL)
    return TRUE;

  g_clear_pointer (&self->logical_id, g_free);
  self->n_rows = 0;

  if (self->entry->names->len == 0)
    {
      g_clear_pointer (&self->entry, pb_list_entry_unref);
      return TRUE;
    }

  return _pb_list_reader_emit (self->reader, g_steal_pointer (&self->entry), error);
}

static gboolean
eu_csv_record (PbListCsv    *csv,
               gpointer  user_data,
               GError  **error)
{
  EuCsv *self = user_data;
  PbListEntry *entry;
  const char *logical_id;
#define COL(name) _pb_list_csv_get (csv, self->name)

  if (!self->header_done)
    {
      PbListCsvColumn columns[] = {
        { "fileGenerationDate", &self->generation_date, FALSE },
        { "Entity_LogicalId", &self->logical_id_col, TRUE },
        { "Entity_EU_ReferenceNumber", &self->reference, FALSE },
        { "Entity_UnitedNationId", &self->un_id, FALSE },
        { "Entity_DesignationDate", &self->designation_date, FALSE },
        { "Entity_Remark", &self->remark, FALSE },
        { "Entity_SubjectType", &self->subject_type, FALSE },
        { "Entity_SubjectType_ClassificationCode", &self->classification, FALSE },
        { "Entity_Regulation_Programme", &self->programme, FALSE },
        { "Entity_Regulation_NumberTitle", &self->number_title, FALSE },
        { "NameAlias_WholeName", &self->whole_name, TRUE },
        { "NameAlias_FirstName", &self->first_name, FALSE },
        { "NameAlias_MiddleName", &self->middle_name, FALSE },
        { "NameAlias_LastName", &self->last_name, FALSE },
        { "NameAlias_NameLanguage", &self->name_language, FALSE },
        { "Address_City", &self->city, FALSE },
        { "Address_Street", &self->street, FALSE },
        { "Address_PoBox", &self->po_box, FALSE },
        { "Address_ZipCode", &self->zip, FALSE },
        { "Address_Region", &self->region, FALSE },
        { "Address_Place", &self->place, FALSE },
        { "Address_CountryDescription", &self->address_country, FALSE },
        { "Address_CountryIso2Code", &self->address_country_code, FALSE },
        { "BirthDate_BirthDate", &self->birth_date, FALSE },
        { "BirthDate_Year", &self->birth_year, FALSE },
        { "Identification_Number", &self->id_number, FALSE },
        { "Identification_LatinNumber", &self->id_latin_number, FALSE },
        { "Identification_TypeDescription", &self->id_type, FALSE },
        { "Identification_TypeCode", &self->id_type_code, FALSE },
        { "Identification_CountryIso2Code", &self->id_country, FALSE },
        { "Citizenship_CountryIso2Code", &self->citizenship, FALSE },
      };

      if (!_pb_list_csv_map_header (csv, columns, G_N_ELEMENTS (columns), error))
        return FALSE;
      if (self->subject_type < 0 && self->classification < 0)
        {
          _pb_list_set_error (error, PB_SCREENING_ERROR_LAYOUT, self->reader->display_name,
                              _pb_list_csv_get_line (csv), _("the header has no column “%s”; "
                                                        "the layout may have changed"),
                              "Entity_SubjectType");
          return FALSE;
        }
      self->header_done = TRUE;
      return TRUE;
    }

  logical_id = COL (logical_id_col);
  if (logical_id == NULL)
    {
      _pb_list_set_error (error, PB_SCREENING_ERROR_LAYOUT, self->reader->display_name,
                          _pb_list_csv_get_line (csv), _("a row without %s"), "Entity_LogicalId");
      return FALSE;
    }

  if (self->logical_id == NULL || strcmp (self->logical_id, logical_id) != 0)
    {
      if (!eu_csv_flush (self, error))
        return FALSE;
      self->entry = pb_list_entry_new ();
      self->logical_id = g_strdup (logical_id);
      self->entry->source_id = g_strdup (COL (reference) ? COL (reference) : logical_id);
      self->entry->listed_on = g_strdup (COL (designation_date));
      self->entry->kind = eu_subject_kind (COL (classification) ? COL (classification) : COL (subject_type));
      if (COL (un_id) != NULL)
        pb_list_entry_add_identifier (self->entry, "UN", COL (un_id), NULL);
      _pb_list_reader_set_published (self->reader, COL (generation_date));
    }

  if (++self->n_rows > PB_LIST_ROWS_MAX)
    {
      _pb_list_set_error (error, PB_SCREENING_ERROR_LIMIT, self->reader->display_name,
                          _pb_list_csv_get_line (csv), _("more than %d rows for one entity"), PB_LIST_ROWS_MAX);
      return FALSE;
    }

  entry = self->entry;
  pb_list_entry_add_remark (entry, COL (remark));
  pb_list_entry_add_programme (entry, COL (programme));
  _pb_list_append (&entry->legal_basis, COL (number_title));
  if (COL (whole_name) != NULL || COL (last_name) != NULL)
    eu_add_name (entry, COL (whole_name), COL (first_name), COL (middle_name), COL (last_name),
                 COL (name_language), FALSE);
  if (COL (city) || COL (street) || COL (address_country))
    {
      g_autofree char *address = eu_address (COL (street), COL (po_box), COL (zip), COL (city),
                                             COL (region), COL (place), COL (address_country));

      pb_list_entry_add_address (entry, address);
    }
  if (COL (address_country_code) != NULL && strcmp (COL (address_country_code), "00") != 0)
    _pb_list_add_country (entry, COL (address_country_code));
  pb_list_entry_add_birth_date (entry, COL (birth_date) ? COL (birth_date) : COL (birth_year));
  pb_list_entry_add_identifier (entry, COL (id_type) ? COL (id_type) : COL (id_type_code),
                                COL (id_number) ? COL (id_number) : COL (id_latin_number),
                                COL (id_country));
  if (COL (citizenship) != NULL && strcmp (COL (citizenship), "00") != 0)
    _pb_list_add_country (entry, COL (citizenship));

  return TRUE;
#undef COL
}

gboolean
_pb_list_parse_eu_csv (PbListReader  *reader,
                       GError       **error)
{
  EuCsv self = { .reader = reader };
  gboolean ok;

  ok = _pb_list_csv_parse (reader, ';', eu_csv_record, &self, error) && eu_csv_flush (&self, error);
  if (ok && !self.header_done)
    {
      _pb_list_set_error (error, PB_SCREENING_ERROR_LAYOUT, reader->display_name, 0, _("no header row"));
      ok = FALSE;
    }

  g_clear_pointer (&self.entry, pb_list_entry_unref);
  g_free (self.logical_id);

  return ok;
}
