/* pb-report-writer.c: the report's drawing primitives
 *
 * Pages, lines of text in a font per script run, paragraphs broken into
 * lines and across pages, labelled fields, bullets, headings with their
 * outline entries, filled boxes and bands; and the few words every part
 * writes the same way (dates, the outcome, a field of the case).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pb-i18n.h"
#include "pb-report-writer-private.h"
#include "pb-text-layout.h"

typedef struct
{
  PbReportWriter      *writer;
  const PbReportStyle *style;
} MeasureContext;

static double
measure_cb (gunichar      ch,
            PbFontScript  script,
            gpointer      user_data)
{
  MeasureContext *context = user_data;

  return pb_report_fonts_char_width (context->writer->fonts, context->style->face, script, ch) *
         context->style->size / 1000.0;
}

double
_pb_report_text_width (PbReportWriter      *w,
                       const PbReportStyle *style,
                       const char          *text,
                       gssize               length)
{
  g_autoptr(GArray) runs = NULL;
  double width = 0;

  if (length < 0)
    length = strlen (text);

  runs = pb_text_split_runs (text, length);
  for (guint i = 0; i < runs->len; i++)
    {
      PbTextRun *run = &g_array_index (runs, PbTextRun, i);
      const char *end = text + run->start + run->length;

      for (const char *p = text + run->start; p < end; p = g_utf8_next_char (p))
        width += pb_report_fonts_char_width (w->fonts, style->face, run->script, g_utf8_get_char (p));
    }

  return width * style->size / 1000.0;
}

static void
set_fill (PbReportWriter      *w,
          const PbReportColor *color)
{
  HPDF_Page_SetRGBFill (w->page, color->red, color->green, color->blue);
}

void
_pb_report_set_gray (PbReportWriter *w,
                     double          gray)
{
  HPDF_Page_SetRGBFill (w->page, gray, gray, gray);
}

/* Draws one line of sanitized text with its baseline at @y, a font per run,
 * right-to-left text shaped and in the order it is read. */
void
_pb_report_draw_text (PbReportWriter      *w,
                      const PbReportStyle *style,
                      double               x,
                      double               y,
                      const char          *text,
                      gssize               length)
{
  g_autoptr(GArray) runs = NULL;
  g_autofree char *visual = NULL;

  if (length < 0)
    length = strlen (text);
  if (length == 0)
    return;

  if ((visual = pb_text_to_visual (text, length)) != NULL)
    {
      text = visual;
      length = strlen (visual);
    }

  runs = pb_text_split_runs (text, length);
  HPDF_Page_BeginText (w->page);
  for (guint i = 0; i < runs->len; i++)
    {
      PbTextRun *run = &g_array_index (runs, PbTextRun, i);
      HPDF_Font font = pb_report_fonts_get (w->fonts, style->face, run->script);
      g_autofree char *piece = NULL;

      if (font == NULL)
        break;
      piece = pb_report_fonts_encode (w->fonts, run->script, text + run->start, run->length);
      HPDF_Page_SetFontAndSize (w->page, font, style->size);
      HPDF_Page_TextOut (w->page, x, y, piece);
      x += _pb_report_text_width (w, style, text + run->start, run->length);
    }
  HPDF_Page_EndText (w->page);
}

void
_pb_report_new_page (PbReportWriter *w)
{
  w->page = HPDF_AddPage (w->pdf);
  HPDF_Page_SetSize (w->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
  g_ptr_array_add (w->pages, w->page);
  w->y = PAGE_HEIGHT - MARGIN_TOP;
}

void
_pb_report_ensure_space (PbReportWriter *w,
                         double          height)
{
  if (w->page == NULL || w->y - height < MARGIN_BOTTOM)
    _pb_report_new_page (w);
}

/* Lays out @text in a column of @width at @x, breaking pages as needed. */
void
_pb_report_put_text_at (PbReportWriter      *w,
                        const PbReportStyle *style,
                        double               x,
                        double               width,
                        const char          *text)
{
  g_autofree char *clean = pb_text_sanitize (text);
  g_autoptr(GArray) lines = NULL;
  MeasureContext context = { w, style };

  lines = pb_text_break_lines (clean, width, measure_cb, &context);
  for (guint i = 0; i < lines->len; i++)
    {
      PbTextLine *line = &g_array_index (lines, PbTextLine, i);

      _pb_report_ensure_space (w, style->leading);
      w->y -= style->leading;
      _pb_report_set_gray (w, style->gray);
      _pb_report_draw_text (w, style, x, w->y + (style->leading - style->size) * 0.5,
                            clean + line->start, line->length);
    }
}

void
_pb_report_put_paragraph (PbReportWriter      *w,
                          const PbReportStyle *style,
                          double               indent,
                          const char          *text)
{
  _pb_report_put_text_at (w, style, MARGIN_LEFT + indent, CONTENT_WIDTH - indent, text);
}

void
_pb_report_put_space (PbReportWriter *w,
                      double          height)
{
  if (w->y - height >= MARGIN_BOTTOM)
    w->y -= height;
}

/* Draws one line on @page, which may be an earlier page than the current. */
static void
draw_on_page (PbReportWriter      *w,
              HPDF_Page            page,
              const PbReportStyle *style,
              double               x,
              double               y,
              const char          *text)
{
  HPDF_Page current = w->page;

  w->page = page;
  _pb_report_set_gray (w, style->gray);
  _pb_report_draw_text (w, style, x, y, text, -1);
  w->page = current;
}

void
_pb_report_put_bullet (PbReportWriter      *w,
                       const PbReportStyle *style,
                       double               indent,
                       const char          *text)
{
  double top;

  HPDF_Page first_page;

  _pb_report_ensure_space (w, style->leading);
  top = w->y;
  first_page = w->page;
  _pb_report_put_paragraph (w, style, indent + 12, text);
  /* The bullet belongs to the first line, whatever page the last one is on. */
  draw_on_page (w, first_page, style, MARGIN_LEFT + indent + 2,
                top - style->leading + (style->leading - style->size) * 0.5, "•");
}

static gboolean
label_too_wide (PbReportWriter *w,
                const char     *label)
{
  return _pb_report_text_width (w, &style_bold, label, -1) > LABEL_WIDTH - 12;
}

/* A label in bold on the left, @indent in, and its value wrapped on the
 * right. */
void
_pb_report_put_field_at (PbReportWriter      *w,
                         const PbReportStyle *style,
                         double               indent,
                         const char          *label,
                         const char          *value)
{
  g_autofree char *clean_label = pb_text_sanitize (label);
  HPDF_Page first_page;
  double top;

  if (value == NULL || *value == '\0')
    value = "—";

  /* A label too wide for its column ("Tête de la chaîne d’historique")
   * takes a line of its own above its value. */
  if (label_too_wide (w, clean_label))
    {
      _pb_report_ensure_space (w, style_bold.leading + style->leading);
      _pb_report_put_text_at (w, &style_bold, MARGIN_LEFT + indent, CONTENT_WIDTH - 2 * indent, clean_label);
      _pb_report_put_text_at (w, style, MARGIN_LEFT + LABEL_WIDTH + indent,
                              CONTENT_WIDTH - LABEL_WIDTH - 2 * indent, value);
      return;
    }

  _pb_report_ensure_space (w, style->leading);
  top = w->y;
  first_page = w->page;
  _pb_report_put_text_at (w, style, MARGIN_LEFT + LABEL_WIDTH + indent,
                          CONTENT_WIDTH - LABEL_WIDTH - 2 * indent, value);
  draw_on_page (w, first_page, &style_bold, MARGIN_LEFT + indent,
                top - style->leading + (style->leading - style->size) * 0.5, clean_label);
}

void
_pb_report_put_field (PbReportWriter *w,
                      const char     *label,
                      const char     *value)
{
  _pb_report_put_field_at (w, &style_body, 0, label, value);
}

/* The height _pb_report_put_field_at() takes for the same field. */
double
_pb_report_field_height (PbReportWriter      *w,
                         const PbReportStyle *style,
                         double               indent,
                         const char          *label,
                         const char          *value)
{
  g_autofree char *clean = pb_text_sanitize (value != NULL && *value != '\0' ? value : "—");
  g_autofree char *clean_label = pb_text_sanitize (label);
  MeasureContext context = { w, style };
  g_autoptr(GArray) lines = pb_text_break_lines (clean, CONTENT_WIDTH - LABEL_WIDTH - 2 * indent, measure_cb, &context);

  return MAX (1, lines->len) * style->leading + (label_too_wide (w, clean_label) ? style_bold.leading : 0);
}

HPDF_Outline
_pb_report_add_outline (PbReportWriter *w,
                        HPDF_Outline    parent,
                        const char     *title)
{
  g_autofree char *clean = pb_text_sanitize (title);
  HPDF_Outline outline = HPDF_CreateOutline (w->pdf, parent, clean, w->encoder);
  HPDF_Destination destination = HPDF_Page_CreateDestination (w->page);

  HPDF_Destination_SetFitH (destination, w->y + 4);
  HPDF_Outline_SetDestination (outline, destination);

  return outline;
}

HPDF_Outline
_pb_report_put_heading (PbReportWriter *w,
                        const char     *title,
                        gboolean        new_page_first)
{
  if (new_page_first)
    _pb_report_new_page (w);
  else
    {
      _pb_report_ensure_space (w, 18 + style_h1.leading + 4 * style_body.leading);
      _pb_report_put_space (w, 18);
    }

  _pb_report_put_space (w, 6);
  {
    HPDF_Outline outline = _pb_report_add_outline (w, NULL, title);

    w->y -= style_h1.leading;
    set_fill (w, &w->accent);
    _pb_report_draw_text (w, &style_h1, MARGIN_LEFT, w->y + 5, title, -1);
    HPDF_Page_SetRGBStroke (w->page, w->accent.red, w->accent.green, w->accent.blue);
    HPDF_Page_SetLineWidth (w->page, 1.0);
    HPDF_Page_MoveTo (w->page, MARGIN_LEFT, w->y);
    HPDF_Page_LineTo (w->page, MARGIN_LEFT + CONTENT_WIDTH, w->y);
    HPDF_Page_Stroke (w->page);
    w->y -= 8;

    return outline;
  }
}

void
_pb_report_put_subheading (PbReportWriter *w,
                           HPDF_Outline    parent,
                           const char     *title)
{
  _pb_report_ensure_space (w, style_h2.leading + 3 * style_body.leading);
  _pb_report_put_space (w, 4);
  if (parent != NULL)
    _pb_report_add_outline (w, parent, title);
  _pb_report_put_paragraph (w, &style_h2, 0, title);
  _pb_report_put_space (w, 2);
}

void
_pb_report_fill_rect (PbReportWriter      *w,
                      const PbReportColor *color,
                      double               x,
                      double               y,
                      double               width,
                      double               height)
{
  set_fill (w, color);
  HPDF_Page_Rectangle (w->page, x, y, width, height);
  HPDF_Page_Fill (w->page);
}

/* A coloured band with a small label and a word in capitals. */
void
_pb_report_put_band (PbReportWriter      *w,
                     const PbReportColor *color,
                     const char          *label,
                     const char          *word,
                     double               height)
{
  PbReportColor white = { 1, 1, 1 };
  g_autofree char *upper = g_utf8_strup (word, -1);
  double top = w->y;

  _pb_report_fill_rect (w, color, MARGIN_LEFT, top - height, CONTENT_WIDTH, height);
  set_fill (w, &white);
  _pb_report_draw_text (w, &style_small, MARGIN_LEFT + 14, top - 18, label, -1);
  _pb_report_draw_text (w, height >= 60 ? &style_title : &style_h1,
                        MARGIN_LEFT + 14, top - height + (height >= 60 ? 16 : 13), upper, -1);
  w->y = top - height;
}

PbReportColor
_pb_report_level_color (PbReportWriter *w,
                        PbSeverity      level)
{
  PbReportColor color;

  pb_report_template_get_level_color (w->template, level, &color);
  return color;
}

/* A moment as the report's language writes it, in UTC, which it says. */
char *
_pb_report_format_date_time (GDateTime *date)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (date);
  g_autofree char *text = pb_i18n_format_date_time (utc);

  /* Translators: a date and time, then the time zone's name */
  return g_strdup_printf (_("%s UTC"), text);
}

char *
_pb_report_format_date (const char *iso)
{
  /* Stored dates are ISO 8601 */
  g_autoptr(GDateTime) date = NULL;

  if (iso == NULL || *iso == '\0')
    return NULL;

  date = g_date_time_new_from_iso8601 (iso, NULL);
  if (date == NULL)
    return g_strdup (iso);

  return _pb_report_format_date_time (date);
}

const char *
_pb_report_field (PbReportWriter *w,
                  PbReportField   which)
{
  return pb_report_data_get_field (w->data, which);
}

/* The outcome in the words of the questionnaire's purpose, when the source
 * gave them ("Governance adequate" for a company check). */
const char *
_pb_report_outcome_label (PbReportWriter *w)
{
  const char *label = _pb_report_field (w, PB_REPORT_FIELD_OUTCOME_LABEL);

  return label != NULL ? label : pb_outcome_get_label (pb_report_data_get_outcome (w->data));
}
