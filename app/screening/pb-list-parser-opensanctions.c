/* pb-list-parser-opensanctions.c: OpenSanctions' targets.simple.csv
 *
 * One row per target; several values in a cell are separated by ';'. The
 * file states no publication date: the latest last_seen stands for it.
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
  gboolean      header_done;
  int           id, schema, name, aliases, birth_date, countries, addresses, identifiers, sanctions,
                program_ids, dataset, first_seen, last_seen;
} OpenSanctionsCsv;

static PbListEntryKind
schema_kind (const char *schema)
{
  if (schema == NULL)
    return PB_LIST_ENTRY_KIND_UNKNOWN;
  if (strcmp (schema, "Person") == 0)
    return PB_LIST_ENTRY_KIND_PERSON;
  if (strcmp (schema, "Vessel") == 0)
    return PB_LIST_ENTRY_KIND_VESSEL;
  if (strcmp (schema, "Airplane") == 0)
    return PB_LIST_ENTRY_KIND_AIRCRAFT;
  if (strcmp (schema, "Organization") == 0 || strcmp (schema, "Company") == 0 ||
      strcmp (schema, "LegalEntity") == 0 || strcmp (schema, "PublicBody") == 0)
    return PB_LIST_ENTRY_KIND_ENTITY;
  return PB_LIST_ENTRY_KIND_UNKNOWN;
}

static void
add_alias (PbListEntry *entry,
           const char  *text)
{
  pb_list_entry_add_name (entry, text, PB_LIST_NAME_ALIAS, NULL);
}

static void
add_identifier (PbListEntry *entry,
                const char  *text)
{
  pb_list_entry_add_identifier (entry, NULL, text, NULL);
}

static void
add_sanction (PbListEntry *entry,
              const char  *text)
{
  _pb_list_append (&entry->legal_basis, text);
}

static gboolean
opensanctions_record (PbListCsv    *csv,
                      gpointer  user_data,
                      GError  **error)
{
  OpenSanctionsCsv *self = user_data;
  g_autoptr(PbListEntry) entry = NULL;
#define COL(name) _pb_list_csv_get (csv, self->name)

  if (!self->header_done)
    {
      PbListCsvColumn columns[] = {
        { "id", &self->id, TRUE },
        { "schema", &self->schema, TRUE },
        { "name", &self->name, TRUE },
        { "aliases", &self->aliases, FALSE },
        { "birth_date", &self->birth_date, FALSE },
        { "countries", &self->countries, FALSE },
        { "addresses", &self->addresses, FALSE },
        { "identifiers", &self->identifiers, FALSE },
        { "sanctions", &self->sanctions, FALSE },
        { "program_ids", &self->program_ids, FALSE },
        { "dataset", &self->dataset, FALSE },
        { "first_seen", &self->first_seen, FALSE },
        { "last_seen", &self->last_seen, FALSE },
      };

      if (!_pb_list_csv_map_header (csv, columns, G_N_ELEMENTS (columns), error))
        return FALSE;
      self->header_done = TRUE;
      return TRUE;
    }

  if (COL (id) == NULL || COL (name) == NULL)
    {
      _pb_list_set_error (error, PB_SCREENING_ERROR_LAYOUT, self->reader->display_name,
                          _pb_list_csv_get_line (csv), _("a row without %s"), COL (id) == NULL ? "id" : "name");
      return FALSE;
    }

  entry = pb_list_entry_new ();
  entry->source_id = g_strdup (COL (id));
  entry->source_list = g_strdup (COL (dataset));
  entry->kind = schema_kind (COL (schema));
  entry->listed_on = g_strdup (COL (first_seen));
  pb_list_entry_set_primary_name (entry, COL (name));
  _pb_list_split_add (entry, add_alias, COL (aliases), ";");
  _pb_list_split_add (entry, pb_list_entry_add_birth_date, COL (birth_date), ";");
  _pb_list_split_add (entry, _pb_list_add_country, COL (countries), ";");
  _pb_list_split_add (entry, pb_list_entry_add_address, COL (addresses), ";");
  _pb_list_split_add (entry, add_identifier, COL (identifiers), ";");
  _pb_list_split_add (entry, add_sanction, COL (sanctions), ";");
  _pb_list_split_add (entry, pb_list_entry_add_programme, COL (program_ids), ";");
  _pb_list_reader_set_published (self->reader, COL (last_seen));

  return _pb_list_reader_emit (self->reader, g_steal_pointer (&entry), error);
#undef COL
}

gboolean
_pb_list_parse_opensanctions_csv (PbListReader  *reader,
                                  GError       **error)
{
  OpenSanctionsCsv self = { .reader = reader };

  if (!_pb_list_csv_parse (reader, ',', opensanctions_record, &self, error))
    return FALSE;

  if (!self.header_done)
    {
      _pb_list_set_error (error, PB_SCREENING_ERROR_LAYOUT, reader->display_name, 0, _("no header row"));
      return FALSE;
    }

  return TRUE;
}
