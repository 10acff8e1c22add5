/* pb-case-export.c: the case list and a portfolio summary as a spreadsheet
 *
 * Both are first a table of cells (a sheet), then written as CSV or as an
 * OpenDocument spreadsheet. An .ods file is a zip archive whose first
 * entry, "mimetype", must be stored uncompressed and without an extra
 * field, so that a program can tell the file's type from its first bytes;
 * general zip writers (libarchive's among them) add extra fields to every
 * entry, so the few headers of the three entries are written here, and
 * zlib does the compressing and the checksums. The entries carry a fixed
 * time: the same cases give the same bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-case-export"

#include "config.h"

#include "pb-i18n.h"
#include <string.h>
#include <zlib.h>

#include "pb-case-export.h"
#include "pb-case-info.h"
#include "pb-storage-private.h"
#include "pb-storage-types.h"

typedef struct
{
  char    *text;
  gint64   number;
  gboolean is_number;
} Cell;

typedef struct
{
  char   *name;
  GArray *rows;   /* GArray of Cell, one per row */
} Sheet;

static void
cell_clear (Cell *cell)
{
  g_free (cell->text);
}

static void
row_free (GArray *row)
{
  g_array_unref (row);
}

static Sheet *
sheet_new (const char *name)
{
  Sheet *sheet = g_new0 (Sheet, 1);

  sheet->name = g_strdup (name);
  sheet->rows = g_array_new (FALSE, FALSE, sizeof (GArray *));

  return sheet;
}

static void
sheet_free (Sheet *sheet)
{
  for (guint i = 0; i < sheet->rows->len; i++)
    row_free (g_array_index (sheet->rows, GArray *, i));
  g_array_unref (sheet->rows);
  g_free (sheet->name);
  g_free (sheet);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Sheet, sheet_free)

static GArray *
sheet_add_row (Sheet *sheet)
{
  GArray *row = g_array_new (FALSE, FALSE, sizeof (Cell));

  g_array_set_clear_func (row, (GDestroyNotify) cell_clear);
  g_array_append_val (sheet->rows, row);

  return row;
}

static void
add_text (GArray     *row,
          const char *text)
{
  Cell cell = { g_strdup (text != NULL ? text : ""), 0, FALSE };

  g_array_append_val (row, cell);
}

static void
add_number (GArray *row,
            gint64  number)
{
  Cell cell = { g_strdup_printf ("%" G_GINT64_FORMAT, number), number, TRUE };

  g_array_append_val (row, cell);
}

/* The sheets ------------------------------------------------------------------ */

static const char *
country_name (PbCountries *countries,
              const char  *code)
{
  PbCountry *country = countries != NULL && code != NULL ? pb_countries_lookup (countries, code) : NULL;

  return country != NULL ? pb_country_get_name (country) : code;
}

static const char *
decision_label (PbCaseInfo *info)
{
  PbCaseStatus decision = pb_case_info_get_decision (info);

  /* Translators: the decision of a case not decided yet, in an exported table */
  return pb_case_status_is_decision (decision) ? pb_case_status_get_label (decision) : C_("decision", "None yet");
}

static Sheet *
cases_sheet (GListModel  *cases,
             PbCountries *countries)
{
  /* Translators: the name of a sheet of an exported spreadsheet */
  g_autoptr(Sheet) sheet = sheet_new (_("Cases"));
  const char *headers[] = {
    _("Case"), _("Revision"), _("Customer"), _("Country code"), _("Country"), _("Product"),
    _("Product version"), _("Questionnaire"), _("Questionnaire version"), _("Status"), _("Decision"),
    _("Outcome"), _("Answers"), _("Created"), _("Created by"), _("Updated"),
  };
  GArray *row = sheet_add_row (sheet);
  guint n = g_list_model_get_n_items (cases);

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    add_text (row, headers[i]);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PbCaseInfo) info = g_list_model_get_item (cases, i);

      row = sheet_add_row (sheet);
      add_text (row, pb_case_info_get_id (info));
      add_number (row, pb_case_info_get_revision (info));
      add_text (row, pb_case_info_get_customer_name (info));
      add_text (row, pb_case_info_get_country (info));
      add_text (row, country_name (countries, pb_case_info_get_country (info)));
      add_text (row, pb_case_info_get_product_name (info));
      add_text (row, pb_case_info_get_product_version (info));
      add_text (row, pb_case_info_get_questionnaire_id (info));
      add_text (row, pb_case_info_get_questionnaire_version (info));
      add_text (row, pb_case_status_get_label (pb_case_info_get_status (info)));
      add_text (row, decision_label (info));
      add_text (row, pb_outcome_get_label (pb_case_info_get_outcome (info)));
      add_number (row, pb_case_info_get_n_answers (info));
      add_text (row, pb_case_info_get_created (info));
      add_text (row, pb_case_info_get_created_by (info));
      add_text (row, pb_case_info_get_updated (info));
    }

  return g_steal_pointer (&sheet);
}

#define N_OUTCOMES (PB_OUTCOME_DO_NOT_PROCEED + 1)

/* The cases of one value of a group (one country, one product, ...). */
typedef struct
{
  char  *value;
  guint  counts[N_OUTCOMES];
  guint  total;
} Tally;

static void
tally_free (Tally *tally)
{
  g_free (tally->value);
  g_free (tally);
}

static void
count (GHashTable *group,
       const char *value,
       PbOutcome   outcome)
{
  Tally *tally = g_hash_table_lookup (group, value);

  if (tally == NULL)
    {
      tally = g_new0 (Tally, 1);
      tally->value = g_strdup (value);
      g_hash_table_insert (group, tally->value, tally);
    }
  if ((guint) outcome < N_OUTCOMES)
    tally->counts[outcome]++;
  tally->total++;
}

/* The most cases first, then by name. */
static int
compare_tallies (gconstpointer a,
                 gconstpointer b)
{
  const Tally *ta = *(const Tally * const *) a;
  const Tally *tb = *(const Tally * const *) b;

  if (ta->total != tb->total)
    return ta->total > tb->total ? -1 : 1;

  return g_utf8_collate (ta->value, tb->value);
}

static void
add_tally_row (Sheet       *sheet,
               const char  *group,
               const Tally *tally)
{
  GArray *row = sheet_add_row (sheet);

  add_text (row, group);
  add_text (row, tally->value);
  for (guint o = 0; o < N_OUTCOMES; o++)
    add_number (row, tally->counts[o]);
  add_number (row, tally->total);
}

static void
add_group (Sheet      *sheet,
           const char *name,
           GHashTable *group)
{
  g_autoptr(GPtrArray) tallies = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer tally;

  g_hash_table_iter_init (&iter, group);
  while (g_hash_table_iter_next (&iter, NULL, &tally))
    g_ptr_array_add (tallies, tally);
  g_ptr_array_sort (tallies, compare_tallies);
  for (guint i = 0; i < tallies->len; i++)
    add_tally_row (sheet, name, g_ptr_array_index (tallies, i));
}

static Sheet *
portfolio_sheet (GListModel  *cases,
                 PbCountries *countries)
{
  /* Translators: the name of a sheet of an exported spreadsheet */
  g_autoptr(Sheet) sheet = sheet_new (_("Portfolio"));
  GHashTable *groups[4];
  const char *group_names[] = { _("Country"), _("Product"), _("Status"), _("Decision") };
  Tally all = { (char *) _("All cases"), { 0 }, 0 };
  guint n = g_list_model_get_n_items (cases);
  GArray *row;

  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    groups[g] = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) tally_free);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PbCaseInfo) info = g_list_model_get_item (cases, i);
      PbOutcome outcome = pb_case_info_get_outcome (info);
      g_autofree char *product = g_strdup_printf ("%s %s", pb_case_info_get_product_name (info),
                                                  pb_case_info_get_product_version (info));

      count (groups[0], country_name (countries, pb_case_info_get_country (info)), outcome);
      count (groups[1], g_strstrip (product), outcome);
      count (groups[2], pb_case_status_get_label (pb_case_info_get_status (info)), outcome);
      count (groups[3], decision_label (info), outcome);
      if ((guint) outcome < N_OUTCOMES)
        all.counts[outcome]++;
      all.total++;
    }

  row = sheet_add_row (sheet);
  add_text (row, _("Group"));
  add_text (row, _("Value"));
  for (guint o = 0; o < N_OUTCOMES; o++)
    add_text (row, pb_outcome_get_label (o));
  add_text (row, _("Total"));

  /* Translators: the group of the row that counts every case */
  add_tally_row (sheet, _("All"), &all);
  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      add_group (sheet, group_names[g], groups[g]);
      g_hash_table_unref (groups[g]);
    }

  return g_steal_pointer (&sheet);
}

/* CSV ------------------------------------------------------------------------ */

/* Text a spreadsheet would run as a formula is prefixed with an
 * apostrophe, as OWASP advises for CSV injection: a customer named
 * "=HYPERLINK(...)" stays a name. */
static gboolean
looks_like_formula (const char *text)
{
  return text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL;
}

static void
append_csv_field (GString    *out,
                  const Cell *cell)
{
  g_autofree char *valid = g_utf8_make_valid (cell->text, -1);
  gboolean formula = !cell->is_number && looks_like_formula (valid);

  if (!formula && strpbrk (valid, ",\"\r\n") == NULL)
    {
      g_string_append (out, valid);
      return;
    }

  g_string_append_c (out, '"');
  if (formula)
    g_string_append_c (out, '\'');
  for (const char *p = valid; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static GBytes *
write_csv (Sheet *sheet)
{
  GString *out = g_string_new ("\xef\xbb\xbf");

  for (guint r = 0; r < sheet->rows->len; r++)
    {
      GArray *row = g_array_index (sheet->rows, GArray *, r);

      for (guint c = 0; c < row->len; c++)
        {
          if (c > 0)
            g_string_append_c (out, ',');
          append_csv_field (out, &g_array_index (row, Cell, c));
        }
      g_string_append (out, "\r\n");
    }

  return g_string_free_to_bytes (out);
}

/* ODS ------------------------------------------------------------------------ */

#define APPEND_LITERAL(out, text) g_string_append_len ((out), (text), sizeof (text) - 1)

/* Whether @text is plain ASCII that XML holds as it is: what nearly every
 * cell is. */
static gboolean
is_plain_xml (const char *text,
              gsize      *length)
{
  const char *p;

  for (p = text; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || (guchar) *p >= 0x80 || *p == '<' || *p == '>' || *p == '&' || *p == '"')
      return FALSE;

  *length = p - text;
  return TRUE;
}

/* @text escaped for XML 1.0, without the control characters it cannot hold
 * even escaped. */
static void
append_xml_text (GString    *out,
                 const char *text)
{
  g_autofree char *valid = NULL;
  gsize length;

  if (is_plain_xml (text, &length))
    {
      g_string_append_len (out, text, length);
      return;
    }

  valid = g_utf8_make_valid (text, -1);
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '<': APPEND_LITERAL (out, "&lt;"); break;
        case '>': APPEND_LITERAL (out, "&gt;"); break;
        case '&': APPEND_LITERAL (out, "&amp;"); break;
        case '"': APPEND_LITERAL (out, "&quot;"); break;
        case '\n': case '\t': g_string_append_c (out, ' '); break;
        default:
          if (c >= 0x20 && c != 0xFFFE && c != 0xFFFF)
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
        }
    }
}

/* content.xml is compressed as it is written, a piece at a time: 100,000
 * cases make some 150 MB of XML, which is never held whole. */
#define DEFLATE_CHUNK (256 * 1024)

typedef struct
{
  GString    *text;     /* written, not yet compressed */
  z_stream    stream;
  GByteArray *packed;
  guint32     crc;
  guint64     size;
} Deflater;

static gboolean
deflater_init (Deflater *deflater)
{
  memset (deflater, 0, sizeof *deflater);
  if (deflateInit2 (&deflater->stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return FALSE;

  deflater->text = g_string_sized_new (DEFLATE_CHUNK + 4096);
  deflater->packed = g_byte_array_new ();
  deflater->crc = crc32 (0, NULL, 0);

  return TRUE;
}

static void
deflater_clear (Deflater *deflater)
{
  deflateEnd (&deflater->stream);
  g_clear_pointer (&deflater->packed, g_byte_array_unref);
  if (deflater->text != NULL)
    g_string_free (g_steal_pointer (&deflater->text), TRUE);
}

/* Compresses what was written; @flush is Z_NO_FLUSH, or Z_FINISH at the end. */
static gboolean
deflater_write (Deflater *deflater,
                int       flush)
{
  int rc;

  deflater->crc = crc32 (deflater->crc, (const Bytef *) deflater->text->str, deflater->text->len);
  deflater->size += deflater->text->len;
  deflater->stream.next_in = (Bytef *) deflater->text->str;
  deflater->stream.avail_in = deflater->text->len;

  do
    {
      guint offset = deflater->packed->len;

      g_byte_array_set_size (deflater->packed, offset + DEFLATE_CHUNK);
      deflater->stream.next_out = deflater->packed->data + offset;
      deflater->stream.avail_out = DEFLATE_CHUNK;
      rc = deflate (&deflater->stream, flush);
      g_byte_array_set_size (deflater->packed, offset + DEFLATE_CHUNK - deflater->stream.avail_out);
    }
  while (rc == Z_OK && (deflater->stream.avail_in > 0 || (flush == Z_FINISH && rc != Z_STREAM_END)));

  g_string_truncate (deflater->text, 0);

  return flush == Z_FINISH ? rc == Z_STREAM_END : rc == Z_OK || rc == Z_BUF_ERROR;
}

/* Compresses the text once enough of it was written. */
static gboolean
deflater_maybe_write (Deflater *deflater)
{
  return deflater->text->len < DEFLATE_CHUNK || deflater_write (deflater, Z_NO_FLUSH);
}

static gboolean
append_ods_sheet (Deflater *deflater,
                  Sheet    *sheet)
{
  GString *out = deflater->text;

  APPEND_LITERAL (out, "<table:table table:name=\"");
  append_xml_text (out, sheet->name);
  APPEND_LITERAL (out, "\">");

  for (guint r = 0; r < sheet->rows->len; r++)
    {
      GArray *row = g_array_index (sheet->rows, GArray *, r);

      APPEND_LITERAL (out, "<table:table-row>");
      for (guint c = 0; c < row->len; c++)
        {
          const Cell *cell = &g_array_index (row, Cell, c);

          if (cell->is_number)
            g_string_append_printf (out, "<table:table-cell office:value-type=\"float\" office:value=\"%" G_GINT64_FORMAT "\">",
                                    cell->number);
          else
            APPEND_LITERAL (out, "<table:table-cell office:value-type=\"string\">");
          APPEND_LITERAL (out, "<text:p>");
          append_xml_text (out, cell->text);
          APPEND_LITERAL (out, "</text:p></table:table-cell>");
        }
      APPEND_LITERAL (out, "</table:table-row>\n");
      if (!deflater_maybe_write (deflater))
        return FALSE;
    }

  APPEND_LITERAL (out, "</table:table>\n");

  return TRUE;
}

#define ODS_MEDIA_TYPE "application/vnd.oasis.opendocument.spreadsheet"

/* content.xml, compressed into @deflater. */
static gboolean
write_ods_content (Deflater  *deflater,
                   GPtrArray *sheets)
{
  APPEND_LITERAL (deflater->text,
                  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  "<office:document-content"
                  " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
                  " xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\""
                  " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""
                  " office:version=\"1.2\">\n"
                  "<office:body><office:spreadsheet>\n");

  for (guint i = 0; i < sheets->len; i++)
    if (!append_ods_sheet (deflater, g_ptr_array_index (sheets, i)))
      return FALSE;
  APPEND_LITERAL (deflater->text, "</office:spreadsheet></office:body></office:document-content>\n");

  return deflater_write (deflater, Z_FINISH);
}

static const char ods_manifest[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\n"
  " <manifest:file-entry manifest:full-path=\"/\" manifest:version=\"1.2\" manifest:media-type=\"" ODS_MEDIA_TYPE "\"/>\n"
  " <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\n"
  "</manifest:manifest>\n";

/* Zip, as far as an .ods needs it (APPNOTE.TXT 4.3): stored or deflated
 * entries, no extra fields, no zip64. */
typedef struct
{
  GByteArray *bytes;
  GByteArray *directory;
  guint16     n_entries;
} Zip;

static void
put16 (GByteArray *out,
       guint16     value)
{
  guint8 b[2] = { value & 0xff, value >> 8 };

  g_byte_array_append (out, b, 2);
}

static void
put32 (GByteArray *out,
       guint32     value)
{
  guint8 b[4] = { value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >> 24 };

  g_byte_array_append (out, b, 4);
}

/* 1980-01-01 00:00, the first time zip can say. */
#define ZIP_TIME 0x0000
#define ZIP_DATE 0x0021

/* One entry: @size bytes whose CRC-32 is @crc, @stored as @method gives
 * (0 stored, 8 deflated). */
static gboolean
zip_add_entry (Zip           *zip,
               const char    *name,
               guint16        method,
               guint32        crc,
               guint64        size,
               const guint8  *stored,
               gsize          stored_size,
               GError       **error)
{
  guint32 offset = zip->bytes->len;

  if (size > G_MAXUINT32 / 2 || stored_size > G_MAXUINT32 / 2 || zip->bytes->len > G_MAXUINT32 / 2)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("The spreadsheet would be larger than 2 GB: export fewer cases"));
      return FALSE;
    }

  /* Local file header, then the data. */
  put32 (zip->bytes, 0x04034b50);
  put16 (zip->bytes, 20);
  put16 (zip->bytes, 0);
  put16 (zip->bytes, method);
  put16 (zip->bytes, ZIP_TIME);
  put16 (zip->bytes, ZIP_DATE);
  put32 (zip->bytes, crc);
  put32 (zip->bytes, stored_size);
  put32 (zip->bytes, size);
  put16 (zip->bytes, strlen (name));
  put16 (zip->bytes, 0);
  g_byte_array_append (zip->bytes, (const guint8 *) name, strlen (name));
  g_byte_array_append (zip->bytes, stored, stored_size);

  /* Its central directory header. */
  put32 (zip->directory, 0x02014b50);
  put16 (zip->directory, 20);
  put16 (zip->directory, 20);
  put16 (zip->directory, 0);
  put16 (zip->directory, method);
  put16 (zip->directory, ZIP_TIME);
  put16 (zip->directory, ZIP_DATE);
  put32 (zip->directory, crc);
  put32 (zip->directory, stored_size);
  put32 (zip->directory, size);
  put16 (zip->directory, strlen (name));
  put16 (zip->directory, 0);
  put16 (zip->directory, 0);
  put16 (zip->directory, 0);
  put16 (zip->directory, 0);
  put32 (zip->directory, 0);
  put32 (zip->directory, offset);
  g_byte_array_append (zip->directory, (const guint8 *) name, strlen (name));
  zip->n_entries++;

  return TRUE;
}

static gboolean
zip_add_stored (Zip         *zip,
                const char  *name,
                const char  *data,
                GError     **error)
{
  gsize size = strlen (data);

  return zip_add_entry (zip, name, 0, crc32 (crc32 (0, NULL, 0), (const Bytef *) data, size), size,
                        (const guint8 *) data, size, error);
}

static gboolean
zip_add_deflated (Zip         *zip,
                  const char  *name,
                  Deflater    *deflater,
                  GError     **error)
{
  return zip_add_entry (zip, name, 8, deflater->crc, deflater->size,
                        deflater->packed->data, deflater->packed->len, error);
}

static GBytes *
zip_finish (Zip *zip)
{
  guint32 directory_offset = zip->bytes->len;

  g_byte_array_append (zip->bytes, zip->directory->data, zip->directory->len);
  put32 (zip->bytes, 0x06054b50);
  put16 (zip->bytes, 0);
  put16 (zip->bytes, 0);
  put16 (zip->bytes, zip->n_entries);
  put16 (zip->bytes, zip->n_entries);
  put32 (zip->bytes, zip->directory->len);
  put32 (zip->bytes, directory_offset);
  put16 (zip->bytes, 0);
  g_byte_array_unref (zip->directory);

  return g_byte_array_free_to_bytes (zip->bytes);
}

static GBytes *
write_ods (GPtrArray  *sheets,
           GError    **error)
{
  Zip zip = { g_byte_array_new (), g_byte_array_new (), 0 };
  Deflater manifest, content;
  gboolean ok;

  ok = deflater_init (&manifest) && deflater_init (&content);
  if (ok)
    {
      g_string_append (manifest.text, ods_manifest);
      ok = deflater_write (&manifest, Z_FINISH) && write_ods_content (&content, sheets);
    }
  if (!ok)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not compress the spreadsheet"));

  /* The media type first, stored: what identifies an .ods. */
  ok = ok &&
       zip_add_stored (&zip, "mimetype", ODS_MEDIA_TYPE, error) &&
       zip_add_deflated (&zip, "META-INF/manifest.xml", &manifest, error) &&
       zip_add_deflated (&zip, "content.xml", &content, error);
  deflater_clear (&manifest);
  deflater_clear (&content);

  if (!ok)
    {
      g_byte_array_unref (zip.bytes);
      g_byte_array_unref (zip.directory);
      return NULL;
    }

  return zip_finish (&zip);
}

/* Public API ---------------------------------------------------------------- */

gboolean
pb_export_format_from_string (const char     *name,
                              PbExportFormat *format)
{
  if (g_strcmp0 (name, "csv") == 0)
    *format = PB_EXPORT_FORMAT_CSV;
  else if (g_strcmp0 (name, "ods") == 0)
    *format = PB_EXPORT_FORMAT_ODS;
  else
    return FALSE;

  return TRUE;
}

const char *
pb_export_format_get_extension (PbExportFormat format)
{
  return format == PB_EXPORT_FORMAT_ODS ? "ods" : "csv";
}

const char *
pb_export_format_get_media_type (PbExportFormat format)
{
  return format == PB_EXPORT_FORMAT_ODS ? ODS_MEDIA_TYPE : "text/csv";
}

GBytes *
pb_case_export (GListModel      *cases,
                PbCountries     *countries,
                PbExportFormat   format,
                PbExportParts    parts,
                GError         **error)
{
  g_autoptr(GPtrArray) sheets = g_ptr_array_new_with_free_func ((GDestroyNotify) sheet_free);

  g_return_val_if_fail (G_IS_LIST_MODEL (cases), NULL);
  g_return_val_if_fail (countries == NULL || PB_IS_COUNTRIES (countries), NULL);
  g_return_val_if_fail (parts != 0, NULL);
  g_return_val_if_fail (format != PB_EXPORT_FORMAT_CSV || parts == PB_EXPORT_CASES || parts == PB_EXPORT_PORTFOLIO, NULL);

  if (parts & PB_EXPORT_CASES)
    g_ptr_array_add (sheets, cases_sheet (cases, countries));
  if (parts & PB_EXPORT_PORTFOLIO)
    g_ptr_array_add (sheets, portfolio_sheet (cases, countries));

  if (format == PB_EXPORT_FORMAT_CSV)
    return write_csv (g_ptr_array_index (sheets, 0));

  return write_ods (sheets, error);
}

/* Exporting to a file, in a thread -------------------------------------------- */

typedef struct
{
  char           *path;
  PbCaseFilter   *filter;
  PbCountries    *countries;
  PbExportFormat  format;
  PbExportParts   parts;
  GFile          *file;
} ExportTask;

static void
export_task_free (ExportTask *task)
{
  g_free (task->path);
  _pb_case_filter_free (task->filter);
  g_clear_object (&task->countries);
  g_clear_object (&task->file);
  g_free (task);
}

/* Writes @bytes to a hidden file beside @file, then renames it over @file:
 * nobody ever sees a half-written export under its name, and a cancelled
 * or failed export leaves nothing behind. (g_file_replace_contents() writes
 * a file that does not exist yet in place.) */
static gboolean
write_file_atomically (GFile         *file,
                       GBytes        *bytes,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *part_name = g_strdup_printf (".%s.%08x.part", name, g_random_int ());
  g_autoptr(GFile) part = NULL;

  if (parent == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME, _("Cannot export to “%s”: not a file name"), name);
      return FALSE;
    }
  part = g_file_get_child (parent, part_name);
  if (!g_file_replace_contents (part, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL, FALSE,
                                G_FILE_CREATE_PRIVATE, NULL, cancellable, error))
    {
      g_file_delete (part, NULL, NULL);
      return FALSE;
    }
  if (!g_file_move (part, file, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, error))
    {
      g_file_delete (part, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

static void
export_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  ExportTask *data = task_data;
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(GListModel) cases = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  if (!(store = pb_case_store_open (data->path, PB_CASE_STORE_FLAGS_READ_ONLY, &error)) ||
      !(cases = pb_case_store_list_cases (store, data->filter, &error)) ||
      g_cancellable_set_error_if_cancelled (cancellable, &error) ||
      !(bytes = pb_case_export (cases, data->countries, data->format, data->parts, &error)) ||
      !write_file_atomically (data->file, bytes, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, g_list_model_get_n_items (cases));
}

void
pb_case_export_file_async (PbCaseStore         *store,
                           const PbCaseFilter  *filter,
                           PbCountries         *countries,
                           PbExportFormat       format,
                           PbExportParts        parts,
                           GFile               *file,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportTask *data;

  g_return_if_fail (PB_IS_CASE_STORE (store));
  g_return_if_fail (countries == NULL || PB_IS_COUNTRIES (countries));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (format != PB_EXPORT_FORMAT_CSV || parts == PB_EXPORT_CASES || parts == PB_EXPORT_PORTFOLIO);

  data = g_new0 (ExportTask, 1);
  data->path = g_strdup (pb_case_store_get_path (store));
  data->filter = _pb_case_filter_copy (filter);
  data->countries = countries != NULL ? g_object_ref (countries) : NULL;
  data->format = format;
  data->parts = parts;
  data->file = g_object_ref (file);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_case_export_file_async);
  /* A file written before Cancel came is reported as written. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, data, (GDestroyNotify) export_task_free);
  g_task_run_in_thread (task, export_in_thread);
}

int
pb_case_export_file_finish (PbCaseStore   *store,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (PB_IS_CASE_STORE (store), -1);
  g_return_val_if_fail (g_task_is_valid (result, store), -1);

  return g_task_propagate_int (G_TASK (result), error);
}
