/* pb-list-csv.c: CSV (RFC 4180) read as a stream, one record at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-i18n.h"
#include <string.h>

#include "pb-list-parser-private.h"

typedef enum
{
  FIELD_START,
  UNQUOTED,
  QUOTED,
  QUOTE_IN_QUOTED,   /* a quote inside quotes: the end, or the first of "" */
} CsvState;

struct _PbListCsv
{
  PbListReader *reader;
  char          delimiter;
  CsvState      state;
  GString      *record;     /* the fields, each ended by a NUL */
  GArray       *starts;     /* guint offsets of the fields in record */
  gsize         field_start;
  guint64       line;       /* of the byte being read */
  guint64       record_line;
  gboolean      at_start;   /* nothing read yet: a byte-order mark may come */
  guint         width;      /* columns of the header, once mapped */
  gboolean      row_has_data;
};

guint
_pb_list_csv_get_n_fields (PbListCsv *csv)
{
  return csv->starts->len;
}

const char *
_pb_list_csv_get_field (PbListCsv *csv,
                   guint  index)
{
  g_assert (index < csv->starts->len);

  return csv->record->str + g_array_index (csv->starts, guint, index);
}

guint64
_pb_list_csv_get_line (PbListCsv *csv)
{
  return csv->record_line;
}

const char *
_pb_list_csv_get (PbListCsv *csv,
             int    index)
{
  const char *field;

  if (index < 0 || (guint) index >= csv->starts->len)
    return NULL;

  field = _pb_list_csv_get_field (csv, index);

  return *field != '\0' ? field : NULL;
}

gboolean
_pb_list_csv_map_header (PbListCsv       *csv,
                    PbListCsvColumn *columns,
                    guint        n_columns,
                    GError     **error)
{
  for (guint c = 0; c < n_columns; c++)
    {
      *columns[c].index = -1;
      for (guint i = 0; i < csv->starts->len; i++)
        {
          g_autofree char *field = g_strstrip (g_strdup (_pb_list_csv_get_field (csv, i)));

          if (g_ascii_strcasecmp (field, columns[c].name) == 0)
            {
              *columns[c].index = i;
              break;
            }
        }

      if (*columns[c].index < 0 && columns[c].required)
        {
          /* Translators: a column name of a list file */
          _pb_list_set_error (error, PB_SCREENING_ERROR_LAYOUT, csv->reader->display_name,
                              csv->record_line, _("the header has no column “%s”; "
                                                  "the layout may have changed"),
                              columns[c].name);
          return FALSE;
        }
    }

  csv->width = csv->starts->len;

  return TRUE;
}

static gboolean
end_field (PbListCsv   *csv,
           GError **error)
{
  guint start = csv->field_start;

  if (csv->starts->len >= PB_LIST_FIELDS_MAX)
    {
      _pb_list_set_error (error, PB_SCREENING_ERROR_LIMIT, csv->reader->display_name,
                          csv->record_line, _("more than %d columns"), PB_LIST_FIELDS_MAX);
      return FALSE;
    }

  if (!g_utf8_validate (csv->record->str + start, csv->record->len - start, NULL))
    {
      _pb_list_set_error (error, PB_SCREENING_ERROR_PARSE, csv->reader->display_name,
                          csv->record_line, _("column %u is not UTF-8 text"), csv->starts->len + 1);
      return FALSE;
    }

  g_array_append_val (csv->starts, start);
  g_string_append_c (csv->record, '\0');
  csv->field_start = csv->record->len;

  return TRUE;
}

static gboolean
end_record (PbListCsv            *csv,
            PbListCsvRecordFunc   func,
            gpointer          user_data,
            GError          **error)
{
  gboolean ok = TRUE;

  if (!end_field (csv, error))
    return FALSE;

  /* Blank lines are no records. A row of another width than the header
   * is a cut file or a changed layout, not data to guess at. */
  if (csv->row_has_data && csv->width > 0 && csv->starts->len != csv->width)
    {
      /* Translators: two numbers of columns */
      _pb_list_set_error (error, PB_SCREENING_ERROR_LAYOUT, csv->reader->display_name,
                          csv->record_line, _("a row of %u columns where the header has %u: "
                                              "the file is truncated or its layout changed"),
                          csv->starts->len, csv->width);
      ok = FALSE;
    }
  else if (csv->row_has_data)
    ok = func (csv, user_data, error);

  g_string_truncate (csv->record, 0);
  g_array_set_size (csv->starts, 0);
  csv->field_start = 0;
  csv->row_has_data = FALSE;
  csv->state = FIELD_START;

  return ok;
}

static gboolean
append_byte (PbListCsv    *csv,
             char      c,
             GError  **error)
{
  if (c == '\0')
    {
      _pb_list_set_error (error, PB_SCREENING_ERROR_PARSE, csv->reader->display_name,
                          csv->line, _("a NUL byte: this is not a text file"));
      return FALSE;
    }

  if (csv->record->len - csv->field_start >= PB_LIST_FIELD_MAX)
    {
      _pb_list_set_error (error, PB_SCREENING_ERROR_LIMIT, csv->reader->display_name,
                          csv->record_line, _("a field longer than %d bytes"), PB_LIST_FIELD_MAX);
      return FALSE;
    }

  g_string_append_c (csv->record, c);
  csv->row_has_data = TRUE;

  return TRUE;
}

static gboolean
feed (PbListCsv            *csv,
      const char       *data,
      gsize             length,
      PbListCsvRecordFunc   func,
      gpointer          user_data,
      GError          **error)
{
  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (csv->at_start)
        {
          csv->at_start = FALSE;
          if (length - i >= 3 && memcmp (data + i, "\xEF\xBB\xBF", 3) == 0)
            {
              i += 2;
              continue;
            }
        }

      if (csv->state == FIELD_START && csv->starts->len == 0 && csv->record->len == 0 && !csv->row_has_data)
        csv->record_line = csv->line;

      switch (csv->state)
        {
        case FIELD_START:
          if (c == '"')
            {
              csv->state = QUOTED;
              csv->row_has_data = TRUE;
              break;
            }
          csv->state = UNQUOTED;
          G_GNUC_FALLTHROUGH;

        case UNQUOTED:
          if (c == csv->delimiter)
            {
              csv->row_has_data = TRUE;
              if (!end_field (csv, error))
                return FALSE;
              csv->state = FIELD_START;
            }
          else if (c == '\n')
            {
              if (csv->record->len > csv->field_start && csv->record->str[csv->record->len - 1] == '\r')
                g_string_truncate (csv->record, csv->record->len - 1);
              if (!end_record (csv, func, user_data, error))
                return FALSE;
              csv->line++;
            }
          else if (!append_byte (csv, c, error))
            return FALSE;
          break;

        case QUOTED:
          if (c == '"')
            csv->state = QUOTE_IN_QUOTED;
          else
            {
              if (c == '\n')
                csv->line++;
              if (!append_byte (csv, c, error))
                return FALSE;
            }
          break;

        case QUOTE_IN_QUOTED:
          if (c == '"')
            {
              if (!append_byte (csv, '"', error))
                return FALSE;
              csv->state = QUOTED;
            }
          else if (c == csv->delimiter)
            {
              if (!end_field (csv, error))
                return FALSE;
              csv->state = FIELD_START;
            }
          else if (c == '\n')
            {
              if (!end_record (csv, func, user_data, error))
                return FALSE;
              csv->line++;
            }
          else if (c == '\r')
            ;
          else
            {
              /* Text after a closing quote ("ab"c): kept as written, as
               * the publishers' own tools read it. */
              if (!append_byte (csv, c, error))
                return FALSE;
              csv->state = UNQUOTED;
            }
          break;
        }
    }

  return TRUE;
}

gboolean
_pb_list_csv_parse (PbListReader     *reader,
               char              delimiter,
               PbListCsvRecordFunc   func,
               gpointer          user_data,
               GError          **error)
{
  PbListCsv csv = {
    .reader = reader,
    .delimiter = delimiter,
    .state = FIELD_START,
    .line = 1,
    .record_line = 1,
    .at_start = TRUE,
  };
  gboolean ok = TRUE;

  csv.record = g_string_new (NULL);
  csv.starts = g_array_new (FALSE, FALSE, sizeof (guint));

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
        {
          if (csv.state == QUOTED)
            {
              _pb_list_set_error (error, PB_SCREENING_ERROR_TRUNCATED, reader->display_name,
                                  csv.record_line, _("the file ends inside a quoted field: "
                                                     "it is truncated"));
              ok = FALSE;
            }
          else if (csv.row_has_data || csv.starts->len > 0)
            ok = end_record (&csv, func, user_data, error);
          break;
        }

      if (!feed (&csv, data, n, func, user_data, error))
        {
          ok = FALSE;
          break;
        }
    }

  g_string_free (csv.record, TRUE);
  g_array_unref (csv.starts);

  return ok;
}
