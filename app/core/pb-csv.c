/* pb-csv.c: a strict, bounded reader of spreadsheet CSV exports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-i18n.h"
#include <string.h>

#include "pb-csv.h"
#include "pb-types.h"

typedef struct
{
  char  **fields;    /* NULL-terminated */
  guint   n_fields;
  guint   line;
} PbCsvRow;

struct _PbCsv
{
  GArray *rows;      /* PbCsvRow */
  char    separator;
};

static void
pb_csv_row_clear (PbCsvRow *row)
{
  g_strfreev (row->fields);
}

void
pb_csv_free (PbCsv *csv)
{
  if (csv == NULL)
    return;

  g_array_unref (csv->rows);
  g_free (csv);
}

/* The separator the first lines use most, outside quotes. */
static char
guess_separator (const char *text,
                 gsize       len)
{
  const char candidates[] = { ',', ';', '\t' };
  guint counts[G_N_ELEMENTS (candidates)] = { 0 };
  gboolean quoted = FALSE;
  guint lines = 0;
  char best = ',';
  guint best_count = 0;

  for (gsize i = 0; i < len && i < 16384 && lines < 12; i++)
    {
      if (text[i] == '"')
        quoted = !quoted;
      else if (!quoted && text[i] == '\n')
        lines++;
      else if (!quoted)
        for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
          if (text[i] == candidates[c])
            counts[c]++;
    }

  for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
    if (counts[c] > best_count)
      {
        best = candidates[c];
        best_count = counts[c];
      }

  return best;
}

static gboolean
fail (GError     **error,
      int          code,
      const char  *display_name,
      guint        line,
      const char  *message)
{
  /* Translators: file name, line number, what is wrong */
  g_set_error (error, PB_CORE_ERROR, code, _("%s:%u: %s"), display_name, line, message);
  return FALSE;
}

/* Text as UTF-8 without a byte-order mark; NULL on a NUL byte. */
static char *
to_utf8 (GBytes      *bytes,
         const char  *display_name,
         gsize       *len_out,
         GError     **error)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  const char *nul;
  g_autoptr(GError) local_error = NULL;
  char *text;

  if (data == NULL)
    data = "";

  if ((nul = memchr (data, '\0', size)) != NULL)
    {
      guint line = 1;

      for (const char *p = data; p < nul; p++)
        line += (*p == '\n');
      fail (error, PB_CORE_ERROR_PARSE, display_name, line,
            _("a NUL byte: this is not a CSV text file"));
      return NULL;
    }

  if (size >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      size -= 3;
    }

  if (g_utf8_validate_len (data, size, NULL))
    {
      *len_out = size;
      return g_strndup (data, size);
    }

  text = g_convert (data, size, "UTF-8", "WINDOWS-1252", NULL, len_out, &local_error);
  if (text == NULL)
    fail (error, PB_CORE_ERROR_PARSE, display_name, 1,
          _("the text is neither UTF-8 nor Windows-1252"));

  return text;
}

typedef struct
{
  PbCsv       *csv;
  const char  *display_name;
  GPtrArray   *fields;
  GString     *field;
  guint        row_line;
} Parser;

static gboolean
end_field (Parser  *p,
           GError **error)
{
  if (p->fields->len >= PB_CSV_MAX_FIELDS)
    {
      g_autofree char *message = g_strdup_printf (_("more than %d fields in a row"), PB_CSV_MAX_FIELDS);
      return fail (error, PB_CORE_ERROR_TOO_LARGE, p->display_name, p->row_line, message);
    }

  g_ptr_array_add (p->fields, g_strndup (p->field->str, p->field->len));
  g_string_truncate (p->field, 0);
  return TRUE;
}

static gboolean
end_row (Parser  *p,
         GError **error)
{
  PbCsvRow row;
  gboolean empty;

  if (!end_field (p, error))
    return FALSE;

  empty = p->fields->len == 1 && *(char *) g_ptr_array_index (p->fields, 0) == '\0';
  if (!empty)
    {
      if (p->csv->rows->len >= PB_CSV_MAX_ROWS)
        {
          g_autofree char *message = g_strdup_printf (_("more than %d rows"), PB_CSV_MAX_ROWS);
          return fail (error, PB_CORE_ERROR_TOO_LARGE, p->display_name, p->row_line, message);
        }
      row.n_fields = p->fields->len;
      row.line = p->row_line;
      g_ptr_array_add (p->fields, NULL);
      row.fields = (char **) g_ptr_array_steal (p->fields, NULL);
      g_array_append_val (p->csv->rows, row);
      g_ptr_array_unref (p->fields);
      p->fields = g_ptr_array_new_with_free_func (g_free);
    }
  else
    g_ptr_array_set_size (p->fields, 0);

  return TRUE;
}

static gboolean
append_char (Parser  *p,
             char     c,
             GError **error)
{
  if (p->field->len >= PB_CSV_MAX_FIELD_SIZE)
    {
      g_autofree char *message = g_strdup_printf (_("a field longer than %d bytes"), PB_CSV_MAX_FIELD_SIZE);
      return fail (error, PB_CORE_ERROR_TOO_LARGE, p->display_name, p->row_line, message);
    }

  g_string_append_c (p->field, c);
  return TRUE;
}

static gboolean
parse_text (Parser      *p,
            const char  *text,
            gsize        len,
            GError     **error)
{
  const char separator = p->csv->separator;
  guint line = 1;
  gsize i = 0;

  p->row_line = 1;
  while (i < len)
    {
      char c = text[i];

      if (c == '"' && p->field->len == 0)
        {
          guint quote_line = line;

          /* A quoted field, up to the quote not followed by another. */
          for (i++; ; i++)
            {
              if (i >= len)
                return fail (error, PB_CORE_ERROR_PARSE, p->display_name, quote_line,
                             _("a quoted field is not closed before the end of the file"));
              if (text[i] == '"')
                {
                  if (i + 1 < len && text[i + 1] == '"')
                    i++;
                  else
                    break;
                }
              else if (text[i] == '\n')
                line++;
              if (!append_char (p, text[i], error))
                return FALSE;
            }
          i++;
          if (i < len && text[i] != separator && text[i] != '\n' && text[i] != '\r')
            return fail (error, PB_CORE_ERROR_PARSE, p->display_name, line,
                         _("text after the closing quote of a field"));
          /* An empty quoted field must still count as a field. */
          continue;
        }

      if (c == separator)
        {
          if (!end_field (p, error))
            return FALSE;
        }
      else if (c == '\n' || c == '\r')
        {
          if (c == '\r' && i + 1 < len && text[i + 1] == '\n')
            i++;
          if (!end_row (p, error))
            return FALSE;
          line++;
          p->row_line = line;
        }
      else if (!append_char (p, c, error))
        return FALSE;
      i++;
    }

  return end_row (p, error);
}

PbCsv *
pb_csv_parse (GBytes      *bytes,
              const char  *display_name,
              GError     **error)
{
  g_autoptr(PbCsv) csv = NULL;
  g_autofree char *text = NULL;
  Parser p = { 0 };
  gboolean ok;
  gsize len = 0;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_bytes_get_size (bytes) > PB_CSV_MAX_SIZE)
    {
      g_autofree char *message = g_strdup_printf (_("larger than %d MiB"), PB_CSV_MAX_SIZE >> 20);
      fail (error, PB_CORE_ERROR_TOO_LARGE, display_name, 1, message);
      return NULL;
    }

  text = to_utf8 (bytes, display_name, &len, error);
  if (text == NULL)
    return NULL;

  csv = g_new0 (PbCsv, 1);
  csv->rows = g_array_new (FALSE, FALSE, sizeof (PbCsvRow));
  g_array_set_clear_func (csv->rows, (GDestroyNotify) pb_csv_row_clear);
  csv->separator = guess_separator (text, len);

  p.csv = csv;
  p.display_name = display_name;
  p.fields = g_ptr_array_new_with_free_func (g_free);
  p.field = g_string_new (NULL);
  ok = parse_text (&p, text, len, error);
  g_ptr_array_unref (p.fields);
  g_string_free (p.field, TRUE);

  if (!ok)
    return NULL;

  return g_steal_pointer (&csv);
}

guint
pb_csv_get_n_rows (PbCsv *csv)
{
  g_return_val_if_fail (csv != NULL, 0);

  return csv->rows->len;
}

const char * const *
pb_csv_get_row (PbCsv *csv,
                guint  index,
                guint *n_fields)
{
  PbCsvRow *row;

  g_return_val_if_fail (csv != NULL, NULL);
  g_return_val_if_fail (index < csv->rows->len, NULL);

  row = &g_array_index (csv->rows, PbCsvRow, index);
  if (n_fields != NULL)
    *n_fields = row->n_fields;

  return (const char * const *) row->fields;
}

guint
pb_csv_get_line (PbCsv *csv,
                 guint  index)
{
  g_return_val_if_fail (csv != NULL, 0);
  g_return_val_if_fail (index < csv->rows->len, 0);

  return g_array_index (csv->rows, PbCsvRow, index).line;
}

char
pb_csv_get_separator (PbCsv *csv)
{
  g_return_val_if_fail (csv != NULL, ',');

  return csv->separator;
}
