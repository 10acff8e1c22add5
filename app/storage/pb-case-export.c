/* pb-case-export.c: the case list and a portfolio summary as a spreadsheet
 *
 * The cases are written as they are read, row by row, through a buffer
 * that goes to the file a large piece at a time: 100,000 cases are never
 * held whole, neither as cases nor as text. The portfolio summary is
 * counted on the way and written after them.
 *
 * An .ods file is a zip archive whose first entry, "mimetype", must be
 * stored uncompressed and without an extra field, so that a program can
 * tell the file's type from its first bytes; general zip writers
 * (libarchive's among them) add extra fields to every entry, so the few
 * headers of the three entries are written here, and zlib does the
 * compressing and the checksums. An entry's sizes and checksum are known
 * once it is written: they are written into its header then, which takes
 * a stream that can seek (a file's, or memory). The entries carry a fixed
 * time: the same cases give the same bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-case-export"

#include "config.h"

#include "pb-i18n.h"
#include <errno.h>
#include <gio/gfiledescriptorbased.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "pb-file.h"
#include "pb-case-export.h"
#include "pb-case-info.h"
#include "pb-storage-private.h"
#include "pb-storage-types.h"

#define APPEND_LITERAL(out, text) g_string_append_len ((out), (text), sizeof (text) - 1)

/* What is written is handed to the stream in pieces of this size. */
#define OUTPUT_CHUNK (256 * 1024)

/* Zip without zip64 names offsets and sizes up to 4 GB; half that is the
 * bound, well above 100,000 cases (about 5 MB). */
#define ZIP_MAX_SIZE (G_MAXUINT32 / 2)

#define ODS_MEDIA_TYPE "application/vnd.oasis.opendocument.spreadsheet"

/* Output ----------------------------------------------------------------------- */

typedef struct
{
  GOutputStream *stream;
  GCancellable  *cancellable;
  GString       *pending;   /* written, not yet handed to the stream */
  guint64        flushed;   /* bytes handed to the stream */
} Output;

static guint64
output_offset (Output *output)
{
  return output->flushed + output->pending->len;
}

static gboolean
output_flush (Output  *output,
              GError **error)
{
  if (output->pending->len > 0 &&
      !g_output_stream_write_all (output->stream, output->pending->str, output->pending->len, NULL,
                                  output->cancellable, error))
    return FALSE;

  output->flushed += output->pending->len;
  g_string_truncate (output->pending, 0);

  return TRUE;
}

static gboolean
output_maybe_flush (Output  *output,
                    GError **error)
{
  return output->pending->len < OUTPUT_CHUNK || output_flush (output, error);
}

/* Writes @data over what is at @offset, then goes on at the end. */
static gboolean
output_patch (Output        *output,
              guint64        offset,
              const guint8  *data,
              gsize          len,
              GError       **error)
{
  if (offset >= output->flushed)
    {
      memcpy (output->pending->str + (offset - output->flushed), data, len);
      return TRUE;
    }

  if (!output_flush (output, error))
    return FALSE;
  if (!G_IS_SEEKABLE (output->stream) || !g_seekable_can_seek (G_SEEKABLE (output->stream)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("A spreadsheet can only be written to a file"));
      return FALSE;
    }

  return g_seekable_seek (G_SEEKABLE (output->stream), offset, G_SEEK_SET, output->cancellable, error) &&
         g_output_stream_write_all (output->stream, data, len, NULL, output->cancellable, error) &&
         g_seekable_seek (G_SEEKABLE (output->stream), 0, G_SEEK_END, output->cancellable, error);
}

static void
put16 (GString *out,
       guint16  value)
{
  char b[2] = { value & 0xff, value >> 8 };

  g_string_append_len (out, b, 2);
}

static void
put32 (GString *out,
       guint32  value)
{
  char b[4] = { value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >> 24 };

  g_string_append_len (out, b, 4);
}

/* Zip, as far as an .ods needs it (APPNOTE.TXT 4.3) ------------------------------- */

/* 1980-01-01 00:00, the first time zip can say. */
#define ZIP_TIME 0x0000
#define ZIP_DATE 0x0021

/* Where the CRC-32 and the two sizes sit in a local file header. */
#define ZIP_HEADER_CRC 14

typedef struct
{
  const char *name;
  guint16     method;          /* 0 stored, 8 deflated */
  guint64     header_offset;
  guint64     data_offset;
} ZipEntry;

typedef struct
{
  GString *directory;
  guint16  n_entries;
} Zip;

static void
zip_begin_entry (Output     *output,
                 ZipEntry   *entry,
                 const char *name,
                 guint16     method)
{
  GString *out = output->pending;

  entry->name = name;
  entry->method = method;
  entry->header_offset = output_offset (output);

  /* The CRC-32 and the sizes are written at the end (zip_end_entry()). */
  put32 (out, 0x04034b50);
  put16 (out, 20);
  put16 (out, 0);
  put16 (out, method);
  put16 (out, ZIP_TIME);
  put16 (out, ZIP_DATE);
  put32 (out, 0);
  put32 (out, 0);
  put32 (out, 0);
  put16 (out, strlen (name));
  put16 (out, 0);
  g_string_append (out, name);

  entry->data_offset = output_offset (output);
}

static gboolean
too_large (GError **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, _("The spreadsheet would be larger than 2 GB: export fewer cases"));
  return FALSE;
}

/* The entry's data ends here; @size bytes before compressing, @crc. */
static gboolean
zip_end_entry (Zip       *zip,
               Output    *output,
               ZipEntry  *entry,
               guint32    crc,
               guint64    size,
               GError   **error)
{
  guint64 stored_size = output_offset (output) - entry->data_offset;
  g_autoptr(GString) sizes = g_string_new (NULL);
  GString *dir = zip->directory;

  if (size > ZIP_MAX_SIZE || output_offset (output) > ZIP_MAX_SIZE)
    return too_large (error);

  put32 (sizes, crc);
  put32 (sizes, stored_size);
  put32 (sizes, size);
  if (!output_patch (output, entry->header_offset + ZIP_HEADER_CRC, (const guint8 *) sizes->str, sizes->len, error))
    return FALSE;

  /* Its central directory header. */
  put32 (dir, 0x02014b50);
  put16 (dir, 20);
  put16 (dir, 20);
  put16 (dir, 0);
  put16 (dir, entry->method);
  put16 (dir, ZIP_TIME);
  put16 (dir, ZIP_DATE);
  g_string_append_len (dir, sizes->str, sizes->len);
  put16 (dir, strlen (entry->name));
  put16 (dir, 0);
  put16 (dir, 0);
  put16 (dir, 0);
  put16 (dir, 0);
  put32 (dir, 0);
  put32 (dir, entry->header_offset);
  g_string_append (dir, entry->name);
  zip->n_entries++;

  return TRUE;
}

static void
zip_finish (Zip    *zip,
            Output *output)
{
  guint64 directory_offset = output_offset (output);
  GString *out = output->pending;

  g_string_append_len (out, zip->directory->str, zip->directory->len);
  put32 (out, 0x06054b50);
  put16 (out, 0);
  put16 (out, 0);
  put16 (out, zip->n_entries);
  put16 (out, zip->n_entries);
  put32 (out, zip->directory->len);
  put32 (out, directory_offset);
  put16 (out, 0);
}

/* A deflated entry: text written into @text is compressed into the output
 * once enough of it is there. */
typedef struct
{
  GString  *text;
  z_stream  stream;
  gboolean  ready;
  guint32   crc;
  guint64   size;
} Deflater;

/* The fastest compression: 100,000 cases make some 150 MB of XML, which
 * it packs to 6 MB (the default level: 4.3 MB, in half as much time again). */
static gboolean
deflater_init (Deflater *deflater)
{
  memset (deflater, 0, sizeof *deflater);
  if (deflateInit2 (&deflater->stream, Z_BEST_SPEED, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return FALSE;

  deflater->ready = TRUE;
  deflater->text = g_string_sized_new (OUTPUT_CHUNK);
  deflater->crc = crc32 (0, NULL, 0);

  return TRUE;
}

static void
deflater_clear (Deflater *deflater)
{
  if (deflater->ready)
    deflateEnd (&deflater->stream);
  deflater->ready = FALSE;
  if (deflater->text != NULL)
    g_string_free (g_steal_pointer (&deflater->text), TRUE);
}

/* Compresses what was written into @output; @flush is Z_NO_FLUSH, or
 * Z_FINISH at the end. */
static gboolean
deflater_write (Deflater  *deflater,
                Output    *output,
                int        flush,
                GError   **error)
{
  GString *out = output->pending;
  int rc;

  deflater->crc = crc32 (deflater->crc, (const Bytef *) deflater->text->str, deflater->text->len);
  deflater->size += deflater->text->len;
  deflater->stream.next_in = (Bytef *) deflater->text->str;
  deflater->stream.avail_in = deflater->text->len;

  do
    {
      gsize offset = out->len;

      g_string_set_size (out, offset + OUTPUT_CHUNK);
      deflater->stream.next_out = (Bytef *) out->str + offset;
      deflater->stream.avail_out = OUTPUT_CHUNK;
      rc = deflate (&deflater->stream, flush);
      g_string_set_size (out, offset + OUTPUT_CHUNK - deflater->stream.avail_out);
    }
  while (rc == Z_OK && (deflater->stream.avail_in > 0 || (flush == Z_FINISH && rc != Z_STREAM_END)));

  g_string_truncate (deflater->text, 0);

  if (flush == Z_FINISH ? rc != Z_STREAM_END : rc != Z_OK && rc != Z_BUF_ERROR)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not compress the spreadsheet"));
      return FALSE;
    }

  return deflater->size <= ZIP_MAX_SIZE ? output_maybe_flush (output, error) : too_large (error);
}

/* The tables, as CSV or as the sheets of an .ods ---------------------------------- */

typedef struct
{
  PbExportFormat format;
  Output         output;
  GString       *text;      /* where cells go: the output (CSV) or content.xml */
  guint          column;
  /* ODS */
  Zip            zip;
  ZipEntry       content_entry;
  Deflater       content;
} Writer;

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
                  const char *text,
                  gboolean    is_number)
{
  g_autofree char *valid = NULL;
  gboolean formula;

  /* What nearly every cell is: valid, nothing to quote. */
  if (g_utf8_validate (text, -1, NULL) && strpbrk (text, ",\"\r\n") == NULL &&
      (is_number || !looks_like_formula (text)))
    {
      g_string_append (out, text);
      return;
    }

  valid = g_utf8_make_valid (text, -1);
  formula = !is_number && looks_like_formula (valid);
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

static void
add_text (Writer     *writer,
          const char *text)
{
  GString *out = writer->text;

  if (text == NULL)
    text = "";

  if (writer->format == PB_EXPORT_FORMAT_CSV)
    {
      if (writer->column > 0)
        g_string_append_c (out, ',');
      append_csv_field (out, text, FALSE);
    }
  else
    {
      APPEND_LITERAL (out, "<table:table-cell office:value-type=\"string\"><text:p>");
      append_xml_text (out, text);
      APPEND_LITERAL (out, "</text:p></table:table-cell>");
    }
  writer->column++;
}

static void
add_number (Writer *writer,
            gint64  number)
{
  GString *out = writer->text;

  if (writer->format == PB_EXPORT_FORMAT_CSV)
    g_string_append_printf (out, writer->column > 0 ? ",%" G_GINT64_FORMAT : "%" G_GINT64_FORMAT, number);
  else
    g_string_append_printf (out, "<table:table-cell office:value-type=\"float\" office:value=\"%" G_GINT64_FORMAT "\">"
                                 "<text:p>%" G_GINT64_FORMAT "</text:p></table:table-cell>", number, number);
  writer->column++;
}

static void
begin_row (Writer *writer)
{
  writer->column = 0;
  if (writer->format == PB_EXPORT_FORMAT_ODS)
    APPEND_LITERAL (writer->text, "<table:table-row>");
}

/* Hands the text on once there is enough of it. */
static gboolean
end_row (Writer  *writer,
         GError **error)
{
  if (writer->format == PB_EXPORT_FORMAT_CSV)
    {
      APPEND_LITERAL (writer->text, "\r\n");
      return output_maybe_flush (&writer->output, error);
    }

  APPEND_LITERAL (writer->text, "</table:table-row>\n");
  return writer->text->len < OUTPUT_CHUNK || deflater_write (&writer->content, &writer->output, Z_NO_FLUSH, error);
}

static void
begin_sheet (Writer     *writer,
             const char *name)
{
  if (writer->format == PB_EXPORT_FORMAT_CSV)
    return;

  APPEND_LITERAL (writer->text, "<table:table table:name=\"");
  append_xml_text (writer->text, name);
  APPEND_LITERAL (writer->text, "\">");
}

static void
end_sheet (Writer *writer)
{
  if (writer->format == PB_EXPORT_FORMAT_ODS)
    APPEND_LITERAL (writer->text, "</table:table>\n");
}

static const char ods_manifest[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\n"
  " <manifest:file-entry manifest:full-path=\"/\" manifest:version=\"1.2\" manifest:media-type=\"" ODS_MEDIA_TYPE "\"/>\n"
  " <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\n"
  "</manifest:manifest>\n";

static const char ods_content_start[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<office:document-content"
  " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
  " xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\""
  " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""
  " office:version=\"1.2\">\n"
  "<office:body><office:spreadsheet>\n";

static const char ods_content_end[] =
  "</office:spreadsheet></office:body></office:document-content>\n";

/* The media type first, stored: what identifies an .ods. Then the
 * manifest, then content.xml begins. */
static gboolean
begin_ods (Writer  *writer,
           GError **error)
{
  Output *output = &writer->output;
  ZipEntry mimetype, manifest_entry;
  Deflater manifest;
  gboolean ok;

  zip_begin_entry (output, &mimetype, "mimetype", 0);
  APPEND_LITERAL (output->pending, ODS_MEDIA_TYPE);
  if (!zip_end_entry (&writer->zip, output, &mimetype, crc32 (crc32 (0, NULL, 0), (const Bytef *) ODS_MEDIA_TYPE,
                                                               strlen (ODS_MEDIA_TYPE)),
                      strlen (ODS_MEDIA_TYPE), error))
    return FALSE;

  if (!deflater_init (&manifest))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not compress the spreadsheet"));
      return FALSE;
    }
  zip_begin_entry (output, &manifest_entry, "META-INF/manifest.xml", 8);
  g_string_append (manifest.text, ods_manifest);
  ok = deflater_write (&manifest, output, Z_FINISH, error) &&
       zip_end_entry (&writer->zip, output, &manifest_entry, manifest.crc, manifest.size, error);
  deflater_clear (&manifest);
  if (!ok)
    return FALSE;

  if (!deflater_init (&writer->content))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not compress the spreadsheet"));
      return FALSE;
    }
  zip_begin_entry (output, &writer->content_entry, "content.xml", 8);
  writer->text = writer->content.text;
  APPEND_LITERAL (writer->text, ods_content_start);

  return TRUE;
}

static gboolean
writer_begin (Writer         *writer,
              PbExportFormat  format,
              GOutputStream  *stream,
              GCancellable   *cancellable,
              GError        **error)
{
  memset (writer, 0, sizeof *writer);
  writer->format = format;
  writer->output.stream = g_object_ref (stream);
  writer->output.cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  writer->output.pending = g_string_sized_new (2 * OUTPUT_CHUNK);
  writer->zip.directory = g_string_new (NULL);

  if (format == PB_EXPORT_FORMAT_ODS)
    return begin_ods (writer, error);

  /* UTF-8 with a byte-order mark, which spreadsheets need to read it as
   * UTF-8. */
  writer->text = writer->output.pending;
  APPEND_LITERAL (writer->text, "\xef\xbb\xbf");

  return TRUE;
}

static gboolean
writer_finish (Writer  *writer,
               GError **error)
{
  Output *output = &writer->output;

  if (writer->format == PB_EXPORT_FORMAT_ODS)
    {
      APPEND_LITERAL (writer->text, ods_content_end);
      if (!deflater_write (&writer->content, output, Z_FINISH, error) ||
          !zip_end_entry (&writer->zip, output, &writer->content_entry, writer->content.crc, writer->content.size,
                          error))
        return FALSE;
      zip_finish (&writer->zip, output);
    }

  return output_flush (output, error);
}

static void
writer_clear (Writer *writer)
{
  deflater_clear (&writer->content);
  g_clear_object (&writer->output.stream);
  g_clear_object (&writer->output.cancellable);
  if (writer->output.pending != NULL)
    g_string_free (g_steal_pointer (&writer->output.pending), TRUE);
  if (writer->zip.directory != NULL)
    g_string_free (g_steal_pointer (&writer->zip.directory), TRUE);
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

static void
add_cases_header (Writer *writer)
{
  const char *headers[] = {
    _("Case"), _("Revision"), _("Customer"), _("Country code"), _("Country"), _("Product"),
    _("Product version"), _("Questionnaire"), _("Questionnaire version"), _("Status"), _("Decision"),
    _("Outcome"), _("Answers"), _("Created"), _("Created by"), _("Updated"),
  };

  begin_row (writer);
  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    add_text (writer, headers[i]);
}

static void
add_case_row (Writer      *writer,
              PbCaseInfo  *info,
              PbCountries *countries)
{
  begin_row (writer);
  add_text (writer, pb_case_info_get_id (info));
  add_number (writer, pb_case_info_get_revision (info));
  add_text (writer, pb_case_info_get_customer_name (info));
  add_text (writer, pb_case_info_get_country (info));
  add_text (writer, country_name (countries, pb_case_info_get_country (info)));
  add_text (writer, pb_case_info_get_product_name (info));
  add_text (writer, pb_case_info_get_product_version (info));
  add_text (writer, pb_case_info_get_questionnaire_id (info));
  add_text (writer, pb_case_info_get_questionnaire_version (info));
  add_text (writer, pb_case_status_get_label (pb_case_info_get_status (info)));
  add_text (writer, decision_label (info));
  add_text (writer, pb_outcome_get_label (pb_case_info_get_outcome (info)));
  add_number (writer, pb_case_info_get_n_answers (info));
  add_text (writer, pb_case_info_get_created (info));
  add_text (writer, pb_case_info_get_created_by (info));
  add_text (writer, pb_case_info_get_updated (info));
}

#define N_OUTCOMES (PB_OUTCOME_DO_NOT_PROCEED + 1)
#define N_GROUPS 4

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

/* The number of cases of each outcome, by country, product, status and
 * decision, counted as the cases go by. */
typedef struct
{
  GHashTable *groups[N_GROUPS];
  Tally       all;
} Portfolio;

static Portfolio *
portfolio_new (void)
{
  Portfolio *portfolio = g_new0 (Portfolio, 1);

  for (guint g = 0; g < N_GROUPS; g++)
    portfolio->groups[g] = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) tally_free);

  return portfolio;
}

static void
portfolio_free (Portfolio *portfolio)
{
  for (guint g = 0; g < N_GROUPS; g++)
    g_hash_table_unref (portfolio->groups[g]);
  g_free (portfolio);
}

static void
count_in (Tally     *tally,
          PbOutcome  outcome)
{
  if ((guint) outcome < N_OUTCOMES)
    tally->counts[outcome]++;
  tally->total++;
}

static void
count (GHashTable *group,
       const char *value,
       PbOutcome   outcome)
{
  Tally *tally = g_hash_table_lookup (group, value != NULL ? value : "");

  if (tally == NULL)
    {
      tally = g_new0 (Tally, 1);
      tally->value = g_strdup (value != NULL ? value : "");
      g_hash_table_insert (group, tally->value, tally);
    }
  count_in (tally, outcome);
}

static void
portfolio_add (Portfolio   *portfolio,
               PbCaseInfo  *info,
               PbCountries *countries)
{
  PbOutcome outcome = pb_case_info_get_outcome (info);
  g_autofree char *product = g_strdup_printf ("%s %s", pb_case_info_get_product_name (info),
                                              pb_case_info_get_product_version (info));

  count (portfolio->groups[0], country_name (countries, pb_case_info_get_country (info)), outcome);
  count (portfolio->groups[1], g_strstrip (product), outcome);
  count (portfolio->groups[2], pb_case_status_get_label (pb_case_info_get_status (info)), outcome);
  count (portfolio->groups[3], decision_label (info), outcome);
  count_in (&portfolio->all, outcome);
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

static gboolean
add_tally_row (Writer       *writer,
               const char   *group,
               const Tally  *tally,
               GError      **error)
{
  begin_row (writer);
  add_text (writer, group);
  add_text (writer, tally->value);
  for (guint o = 0; o < N_OUTCOMES; o++)
    add_number (writer, tally->counts[o]);
  add_number (writer, tally->total);

  return end_row (writer, error);
}

static gboolean
add_group (Writer      *writer,
           const char  *name,
           GHashTable  *group,
           GError     **error)
{
  g_autoptr(GPtrArray) tallies = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer tally;

  g_hash_table_iter_init (&iter, group);
  while (g_hash_table_iter_next (&iter, NULL, &tally))
    g_ptr_array_add (tallies, tally);
  g_ptr_array_sort (tallies, compare_tallies);
  for (guint i = 0; i < tallies->len; i++)
    if (!add_tally_row (writer, name, g_ptr_array_index (tallies, i), error))
      return FALSE;

  return TRUE;
}

static gboolean
add_portfolio_sheet (Writer     *writer,
                     Portfolio  *portfolio,
                     GError    **error)
{
  const char *group_names[] = { _("Country"), _("Product"), _("Status"), _("Decision") };
  Tally all = portfolio->all;

  /* Translators: the name of a sheet of an exported spreadsheet */
  begin_sheet (writer, _("Portfolio"));
  begin_row (writer);
  add_text (writer, _("Group"));
  add_text (writer, _("Value"));
  for (guint o = 0; o < N_OUTCOMES; o++)
    add_text (writer, pb_outcome_get_label (o));
  add_text (writer, _("Total"));
  if (!end_row (writer, error))
    return FALSE;

  all.value = (char *) _("All cases");
  /* Translators: the group of the row that counts every case */
  if (!add_tally_row (writer, _("All"), &all, error))
    return FALSE;
  for (guint g = 0; g < N_GROUPS; g++)
    if (!add_group (writer, group_names[g], portfolio->groups[g], error))
      return FALSE;
  end_sheet (writer);

  return TRUE;
}

/* Exporting --------------------------------------------------------------------- */

/* Calls @func with each case to export, in order. */
typedef gboolean (*CaseSource) (gpointer        source,
                                PbCaseInfoFunc  func,
                                gpointer        user_data,
                                GError        **error);

typedef struct
{
  Writer       *writer;
  PbCountries  *countries;
  PbExportParts parts;
  Portfolio    *portfolio;
  GCancellable *cancellable;
  guint         n_cases;
} Export;

/* Cancel is looked at every this many cases. */
#define CANCEL_EVERY 256

static gboolean
export_case (PbCaseInfo  *info,
             gpointer     user_data,
             GError     **error)
{
  Export *export = user_data;

  if (export->n_cases++ % CANCEL_EVERY == 0 && g_cancellable_set_error_if_cancelled (export->cancellable, error))
    return FALSE;

  if (export->portfolio != NULL)
    portfolio_add (export->portfolio, info, export->countries);
  if ((export->parts & PB_EXPORT_CASES) == 0)
    return TRUE;

  add_case_row (export->writer, info, export->countries);
  return end_row (export->writer, error);
}

/* The cases @source gives to @stream; how many, or -1 and @error. */
static int
export_cases (CaseSource      source,
              gpointer        source_data,
              PbCountries    *countries,
              PbExportFormat  format,
              PbExportParts   parts,
              GOutputStream  *stream,
              GCancellable   *cancellable,
              GError        **error)
{
  Writer writer;
  Export export = { &writer, countries, parts, NULL, cancellable, 0 };
  gboolean ok;

  ok = writer_begin (&writer, format, stream, cancellable, error);
  if (ok && (parts & PB_EXPORT_CASES))
    {
      /* Translators: the name of a sheet of an exported spreadsheet */
      begin_sheet (&writer, _("Cases"));
      add_cases_header (&writer);
      ok = end_row (&writer, error);
    }
  if (parts & PB_EXPORT_PORTFOLIO)
    export.portfolio = portfolio_new ();

  ok = ok && source (source_data, export_case, &export, error);
  if (ok && (parts & PB_EXPORT_CASES))
    end_sheet (&writer);
  ok = ok && (export.portfolio == NULL || add_portfolio_sheet (&writer, export.portfolio, error)) &&
       writer_finish (&writer, error);

  g_clear_pointer (&export.portfolio, portfolio_free);
  writer_clear (&writer);

  return ok ? (int) MIN (export.n_cases, G_MAXINT) : -1;
}

static gboolean
list_source (gpointer         source,
             PbCaseInfoFunc   func,
             gpointer         user_data,
             GError         **error)
{
  GListModel *cases = source;
  guint n = g_list_model_get_n_items (cases);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PbCaseInfo) info = g_list_model_get_item (cases, i);

      if (!func (info, user_data, error))
        return FALSE;
    }

  return TRUE;
}

typedef struct
{
  PbCaseStore        *store;
  const PbCaseFilter *filter;
} StoreSource;

static gboolean
store_source (gpointer         source,
              PbCaseInfoFunc   func,
              gpointer         user_data,
              GError         **error)
{
  StoreSource *store_source = source;

  return pb_case_store_foreach_case (store_source->store, store_source->filter, func, user_data, error);
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
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();

  g_return_val_if_fail (G_IS_LIST_MODEL (cases), NULL);
  g_return_val_if_fail (countries == NULL || PB_IS_COUNTRIES (countries), NULL);
  g_return_val_if_fail (parts != 0, NULL);
  g_return_val_if_fail (format != PB_EXPORT_FORMAT_CSV || parts == PB_EXPORT_CASES || parts == PB_EXPORT_PORTFOLIO, NULL);

  if (export_cases (list_source, cases, countries, format, parts, stream, NULL, error) < 0 ||
      !g_output_stream_close (stream, NULL, error))
    return NULL;

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
}

int
pb_case_export_to_stream (PbCaseStore         *store,
                          const PbCaseFilter  *filter,
                          PbCountries         *countries,
                          PbExportFormat       format,
                          PbExportParts        parts,
                          GOutputStream       *stream,
                          GCancellable        *cancellable,
                          GError             **error)
{
  StoreSource source = { store, filter };

  g_return_val_if_fail (PB_IS_CASE_STORE (store), -1);
  g_return_val_if_fail (countries == NULL || PB_IS_COUNTRIES (countries), -1);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), -1);
  g_return_val_if_fail (parts != 0, -1);
  g_return_val_if_fail (format != PB_EXPORT_FORMAT_CSV || parts == PB_EXPORT_CASES || parts == PB_EXPORT_PORTFOLIO, -1);

  return export_cases (store_source, &source, countries, format, parts, stream, cancellable, error);
}

/* Written to a hidden file beside @file, flushed to the disk, then renamed
 * over @file: nobody ever sees a half-written export under its name, a
 * cancelled or failed export leaves nothing behind, and after a power cut
 * @file is the old one or the new one, whole. (g_file_replace() writes a
 * file that does not exist yet in place.) */
int
pb_case_export_to_file (PbCaseStore         *store,
                        const PbCaseFilter  *filter,
                        PbCountries         *countries,
                        PbExportFormat       format,
                        PbExportParts        parts,
                        GFile               *file,
                        GCancellable        *cancellable,
                        GError             **error)
{
  g_autoptr(GFile) parent = NULL;
  g_autofree char *name = NULL;
  g_autofree char *part_name = NULL;
  g_autoptr(GFile) part = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  int n;

  g_return_val_if_fail (PB_IS_CASE_STORE (store), -1);
  g_return_val_if_fail (G_IS_FILE (file), -1);

  parent = g_file_get_parent (file);
  name = g_file_get_basename (file);
  if (parent == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME, _("Cannot export to “%s”: not a file name"), name);
      return -1;
    }
  if (g_file_peek_path (file) != NULL && !pb_file_check_replaceable (g_file_peek_path (file), error))
    return -1;
  part_name = g_strdup_printf (".%s.%08x.part", name, g_random_int ());
  part = g_file_get_child (parent, part_name);
  if (!(stream = g_file_create (part, G_FILE_CREATE_PRIVATE, cancellable, error)))
    return -1;

  n = pb_case_export_to_stream (store, filter, countries, format, parts, G_OUTPUT_STREAM (stream), cancellable, error);
  if (n >= 0 && G_IS_FILE_DESCRIPTOR_BASED (stream) &&
      fsync (g_file_descriptor_based_get_fd (G_FILE_DESCRIPTOR_BASED (stream))) != 0)
    {
      int saved_errno = errno;
      g_autofree char *display = pb_file_dup_display_name (file);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not write “%s”: %s"), display, g_strerror (saved_errno));
      n = -1;
    }
  if (!g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, n >= 0 ? error : NULL))
    n = -1;
  if (n >= 0 && !g_file_move (part, file, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, error))
    n = -1;
  if (n < 0)
    g_file_delete (part, NULL, NULL);

  return n;
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

static void
export_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  ExportTask *data = task_data;
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int n = -1;

  if ((store = pb_case_store_open (data->path, PB_CASE_STORE_FLAGS_READ_ONLY, &error)))
    n = pb_case_export_to_file (store, data->filter, data->countries, data->format, data->parts, data->file,
                                cancellable, &error);

  if (n < 0)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, n);
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
