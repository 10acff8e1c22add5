/* pb-report.c: rendering a report and writing it out
 *
 * One rendering makes a writer and a libharu document, draws the parts the
 * template lists (pb-report-summary.c, -flags.c, -answers.c, -screening.c,
 * -sign-off.c, -integrity.c, with the primitives of pb-report-writer.c),
 * then the page footers and the document information, and saves the
 * document to bytes; pb_report_write() puts them in a file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pb-file.h"
#include "pb-i18n.h"
#include "pb-report-writer-private.h"
#include "pb-text-layout.h"

/* libharu 2.3 copies memory one byte at a time in HPDF_MemCpy and grows its
 * lists 20 items at a time, copying the whole list on every step. Loading a
 * CJK font builds a width array of tens of thousands of items, which made
 * that copying half of the time of a report (measured with perf). libhpdf
 * calls HPDF_MemCpy through its PLT, so this definition replaces it in a
 * program that links the report; the contract is the same: copy @n bytes
 * and return @out + @n. memmove, because the original tolerates overlap. */
HPDF_BYTE *HPDF_MemCpy (HPDF_BYTE       *out,
                        const HPDF_BYTE *in,
                        HPDF_UINT        n);

HPDF_BYTE *
HPDF_MemCpy (HPDF_BYTE       *out,
             const HPDF_BYTE *in,
             HPDF_UINT        n)
{
  if (n > 0)
    memmove (out, in, n);
  return out + n;
}

static void
on_hpdf_error (HPDF_STATUS  error_no,
               HPDF_STATUS  detail_no,
               void        *user_data)
{
  PbReportWriter *w = user_data;

  if (w->status == HPDF_OK)
    {
      w->status = error_no;
      w->detail = detail_no;
    }
}

static void
render_footers (PbReportWriter *w)
{
  g_autofree char *left = NULL;
  g_autoptr(GDateTime) utc = g_date_time_to_utc (w->generated_at);
  g_autofree char *date = pb_i18n_format_date (utc);
  g_autofree char *clean_left = NULL;

  /* Translators: page footer: report title, case id, revision, date */
  left = g_strdup_printf (_("%s · %s rev. %u · %s"),
                          pb_report_template_get_text (w->template, PB_REPORT_TEXT_TITLE),
                          _pb_report_field (w, PB_REPORT_FIELD_CASE_ID) ?: "",
                          pb_report_data_get_revision (w->data), date);
  clean_left = pb_text_sanitize (left);

  for (guint i = 0; i < w->pages->len; i++)
    {
      /* Translators: page footer, "Page 3 of 12" */
      g_autofree char *right = g_strdup_printf (_("Page %u of %u"), i + 1, w->pages->len);

      w->page = g_ptr_array_index (w->pages, i);
      HPDF_Page_SetRGBStroke (w->page, 0.75, 0.75, 0.75);
      HPDF_Page_SetLineWidth (w->page, 0.5);
      HPDF_Page_MoveTo (w->page, MARGIN_LEFT, 44);
      HPDF_Page_LineTo (w->page, PAGE_WIDTH - MARGIN_RIGHT, 44);
      HPDF_Page_Stroke (w->page);
      _pb_report_set_gray (w, 0.35);
      _pb_report_draw_text (w, &style_small, MARGIN_LEFT, 32, clean_left, -1);
      _pb_report_draw_text (w, &style_small,
                            PAGE_WIDTH - MARGIN_RIGHT - _pb_report_text_width (w, &style_small, right, -1), 32,
                            right, -1);
    }
}

static void
set_info (PbReportWriter *w)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (w->generated_at);
  g_autofree char *title = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *creator = g_strdup_printf ("Probity %s", PACKAGE_VERSION);
  g_autofree char *integrity = _pb_report_integrity_to_json (w->data, w->language);
  const char *organisation = pb_report_template_get_organisation (w->template);
  const char *assessor = _pb_report_field (w, PB_REPORT_FIELD_ASSESSOR);
  g_autofree char *author = NULL;
  HPDF_Date date = { 0 };

  title = g_strdup_printf ("%s: %s", pb_report_template_get_text (w->template, PB_REPORT_TEXT_TITLE),
                           _pb_report_field (w, PB_REPORT_FIELD_CUSTOMER) ?: "");
  /* Translators: document subject: case id, product, customer */
  subject = g_strdup_printf (_("Case %s: %s for %s"), _pb_report_field (w, PB_REPORT_FIELD_CASE_ID) ?: "",
                             _pb_report_field (w, PB_REPORT_FIELD_PRODUCT) ?: "",
                             _pb_report_field (w, PB_REPORT_FIELD_CUSTOMER) ?: "");
  if (organisation != NULL && assessor != NULL)
    author = g_strdup_printf ("%s (%s)", assessor, organisation);
  else
    author = g_strdup (assessor != NULL ? assessor : organisation != NULL ? organisation : "Probity");

  HPDF_SetInfoAttr (w->pdf, HPDF_INFO_TITLE, title);
  HPDF_SetInfoAttr (w->pdf, HPDF_INFO_AUTHOR, author);
  HPDF_SetInfoAttr (w->pdf, HPDF_INFO_SUBJECT, subject);
  HPDF_SetInfoAttr (w->pdf, HPDF_INFO_CREATOR, creator);

  date.year = g_date_time_get_year (utc);
  date.month = g_date_time_get_month (utc);
  date.day = g_date_time_get_day_of_month (utc);
  date.hour = g_date_time_get_hour (utc);
  date.minutes = g_date_time_get_minute (utc);
  date.seconds = g_date_time_get_second (utc);
  date.ind = 'Z';
  HPDF_SetInfoDateAttr (w->pdf, HPDF_INFO_CREATION_DATE, date);
  HPDF_SetInfoDateAttr (w->pdf, HPDF_INFO_MOD_DATE, date);

  /* libharu has no call for custom Info keys; its dictionary API does it.
   * The string is written with every byte outside printable ASCII and the
   * delimiters escaped, which pb_report_read_integrity() undoes. */
  if (w->pdf->info != NULL)
    HPDF_Dict_Add (w->pdf->info, INTEGRITY_KEY, HPDF_String_New (w->pdf->mmgr, integrity, NULL));
}

static GBytes *
save_to_bytes (PbReportWriter  *w,
               GError         **error)
{
  HPDF_UINT32 size;
  guint8 *buffer;

  if (HPDF_SaveToStream (w->pdf) != HPDF_OK)
    {
      g_set_error (error, PB_REPORT_ERROR, PB_REPORT_ERROR_PDF,
                   _("Cannot write the PDF (libharu error 0x%04X, %u)"),
                   (guint) w->status, (guint) w->detail);
      return NULL;
    }

  size = HPDF_GetStreamSize (w->pdf);
  buffer = g_malloc (size);
  HPDF_ResetStream (w->pdf);
  if (HPDF_ReadFromStream (w->pdf, buffer, &size) != HPDF_OK || w->status != HPDF_OK)
    {
      g_free (buffer);
      g_set_error (error, PB_REPORT_ERROR, PB_REPORT_ERROR_PDF,
                   _("Cannot read the PDF back (libharu error 0x%04X, %u)"),
                   (guint) w->status, (guint) w->detail);
      return NULL;
    }

  return g_bytes_new_take (buffer, size);
}

/* The language the calling thread writes in (pb_language_scope_enter()),
 * else the interface's. */
static const char *
report_language (void)
{
  const char *language = pb_i18n_get_thread_language ();

  return language != NULL ? language : pb_i18n_get_interface_language ();
}

static gboolean
has_part (const PbReportPart *parts,
          guint               n_parts,
          PbReportPart        part)
{
  for (guint i = 0; i < n_parts; i++)
    if (parts[i] == part)
      return TRUE;

  return FALSE;
}

/* One rendering with fonts subset to the characters of @charset. Characters
 * a subset turned out to lack are added to its missed set, and the result
 * is then to be thrown away. */
static GBytes *
render_once (PbReportData          *data,
             PbReportTemplate      *template,
             GDateTime             *generated_at,
             PbReportCharset       *charset,
             PbReportSignatureBox  *signature_box,
             GError               **error)
{
  PbReportWriter w = { 0 };
  GBytes *bytes = NULL;
  const PbReportPart *parts;
  guint n_parts;

  w.data = data;
  w.template = template;
  w.generated_at = generated_at;
  w.language = report_language ();
  pb_report_template_get_accent (template, &w.accent);
  w.pages = g_ptr_array_new ();

  w.pdf = HPDF_New (on_hpdf_error, &w);
  if (w.pdf == NULL)
    {
      g_set_error (error, PB_REPORT_ERROR, PB_REPORT_ERROR_PDF, _("Cannot create a PDF document"));
      goto out;
    }

  HPDF_SetCompressionMode (w.pdf, HPDF_COMP_ALL);
  HPDF_UseUTFEncodings (w.pdf);
  HPDF_SetCurrentEncoder (w.pdf, "UTF-8");
  w.encoder = HPDF_GetEncoder (w.pdf, "UTF-8");
  HPDF_SetPageMode (w.pdf, HPDF_PAGE_MODE_USE_OUTLINE);
  w.fonts = pb_report_fonts_new (w.pdf, template, charset);

  /* The Latin fonts first, so that a bad template fails before any page */
  if (pb_report_fonts_get (w.fonts, PB_REPORT_FACE_REGULAR, PB_FONT_SCRIPT_LATIN) == NULL ||
      pb_report_fonts_get (w.fonts, PB_REPORT_FACE_BOLD, PB_FONT_SCRIPT_LATIN) == NULL)
    {
      pb_report_fonts_finish (w.fonts, error);
      goto out;
    }

  parts = pb_report_template_get_parts (template, &n_parts);
  for (guint i = 0; i < n_parts; i++)
    {
      switch (parts[i])
        {
        case PB_REPORT_PART_COVER:      _pb_report_render_cover (&w); break;
        case PB_REPORT_PART_SUMMARY:    _pb_report_render_summary (&w); break;
        case PB_REPORT_PART_HEAT_MAP:   _pb_report_render_heat_map (&w); break;
        case PB_REPORT_PART_FLAGS:      _pb_report_render_flags (&w); break;
        case PB_REPORT_PART_ANSWERS:    _pb_report_render_answers (&w); break;
        case PB_REPORT_PART_UNANSWERED: _pb_report_render_unanswered (&w); break;
        case PB_REPORT_PART_SCREENING:  _pb_report_render_screening (&w); break;
        case PB_REPORT_PART_SIGN_OFF:
          /* What was screened is never left out of a report on a screened case. */
          if (pb_report_data_get_screening (data) != NULL && !has_part (parts, n_parts, PB_REPORT_PART_SCREENING))
            _pb_report_render_screening (&w);
          _pb_report_render_sign_off (&w);
          break;
        case PB_REPORT_PART_INTEGRITY:  _pb_report_render_integrity (&w); break;
        case PB_REPORT_N_PARTS:
        default:
          g_assert_not_reached ();
        }
    }
  render_footers (&w);

  /* Not worth saving: the caller renders again with the missing characters. */
  if (pb_report_charset_missed (charset))
    goto out;

  if (!pb_report_fonts_finish (w.fonts, error))
    goto out;
  set_info (&w);

  if (w.status != HPDF_OK)
    {
      g_set_error (error, PB_REPORT_ERROR, PB_REPORT_ERROR_PDF,
                   _("Cannot build the PDF (libharu error 0x%04X, %u)"),
                   (guint) w.status, (guint) w.detail);
      goto out;
    }

  bytes = save_to_bytes (&w, error);
  if (bytes != NULL && signature_box != NULL)
    *signature_box = w.signature_box;

out:
  g_clear_pointer (&w.fonts, pb_report_fonts_free);
  if (w.pdf != NULL)
    HPDF_Free (w.pdf);
  g_ptr_array_unref (w.pages);

  return bytes;
}

GBytes *
pb_report_render (PbReportData          *data,
                  PbReportTemplate      *template,
                  GDateTime             *generated_at,
                  PbReportSignatureBox  *signature_box,
                  GError               **error)
{
  g_autoptr(PbReportCharset) charset = NULL;
  GBytes *bytes;

  g_return_val_if_fail (PB_IS_REPORT_DATA (data), NULL);
  g_return_val_if_fail (PB_IS_REPORT_TEMPLATE (template), NULL);
  g_return_val_if_fail (generated_at != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Each font is embedded with just the characters the report shows (see
   * pb-report-fonts.h): those of the data and the template, and the Latin
   * ones its own words need. A text only known while rendering, such as a
   * heading translated into Greek, may need a character a subset lacks:
   * then render once more with it; that second pass has seen them all.
   * The output depends only on the input, never on the pass. */
  charset = pb_report_charset_new (data, template);
  bytes = render_once (data, template, generated_at, charset, signature_box, error);
  if (bytes == NULL && pb_report_charset_missed (charset) && (error == NULL || *error == NULL))
    {
      pb_report_charset_update (charset);
      bytes = render_once (data, template, generated_at, charset, signature_box, error);
    }

  if (bytes == NULL && pb_report_charset_missed (charset) && (error == NULL || *error == NULL))
    g_set_error (error, PB_REPORT_ERROR, PB_REPORT_ERROR_FONT,
                 _("The fonts could not be subset for this report"));

  return bytes;
}

gboolean
pb_report_write (GBytes  *pdf,
                 GFile   *file,
                 GError **error)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) local_error = NULL;
  const guint8 *data;
  gsize length;

  g_return_val_if_fail (pdf != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = g_bytes_get_data (pdf, &length);
  name = pb_file_dup_display_name (file);

  /* A temporary file next to the report, made durable and renamed over it:
   * a full disk or a file-size limit leaves the old report, or none, never
   * a partial one. 0600 like the database: a report names the customer,
   * the risks and the people who decided. */
  if ((path = g_file_get_path (file)) != NULL)
    {
      if (pb_file_check_replaceable (path, &local_error) &&
          g_file_set_contents_full (path, (const char *) data, length,
                                    G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                    0600, &local_error))
        return TRUE;
    }
  else if (g_file_replace_contents (file, (const char *) data, length, NULL, FALSE,
                                    G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                    NULL, NULL, &local_error))
    return TRUE;

  /* Translators: a file name, then why (e.g. "No space left on device") */
  g_set_error (error, local_error->domain, local_error->code,
               _("Could not write the report %s: %s. No report was written."),
               name, local_error->message);
  return FALSE;
}
