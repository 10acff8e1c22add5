/* pb-report.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE /* memmem */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include "pb-i18n.h"
#include <glib/gstdio.h>
#include <hpdf.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include "pb-report.h"
#include "pb-report-fonts.h"
#include "pb-report-data-private.h"
#include "pb-text-layout.h"

#define PAGE_WIDTH    595.276
#define PAGE_HEIGHT   841.89
#define MARGIN_LEFT   56.0
#define MARGIN_RIGHT  56.0
#define MARGIN_TOP    60.0
#define MARGIN_BOTTOM 64.0
#define CONTENT_WIDTH (PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT)
#define LABEL_WIDTH   150.0

#define SIGNATURE_WIDTH  330.0
#define SIGNATURE_HEIGHT 80.0

#define INTEGRITY_KEY "ProbityIntegrity"

typedef struct
{
  PbReportFace face;
  double  size;
  double  leading;
  double  gray;       /* text colour */
} Style;

static const Style style_body    = { PB_REPORT_FACE_REGULAR, 9.5, 13.0, 0.10 };
static const Style style_bold    = { PB_REPORT_FACE_BOLD, 9.5, 13.0, 0.10 };
static const Style style_small   = { PB_REPORT_FACE_REGULAR, 8.0, 10.5, 0.30 };
static const Style style_hash    = { PB_REPORT_FACE_REGULAR, 7.5, 13.0, 0.10 };  /* 64 hex digits on one line */
static const Style style_h1      = { PB_REPORT_FACE_BOLD, 16.0, 22.0, 0.10 };
static const Style style_h2      = { PB_REPORT_FACE_BOLD, 12.0, 17.0, 0.10 };
static const Style style_title   = { PB_REPORT_FACE_BOLD, 22.0, 28.0, 0.10 };

typedef struct
{
  HPDF_Doc              pdf;
  HPDF_STATUS           status;
  HPDF_STATUS           detail;

  PbReportData         *data;
  PbReportTemplate     *template;
  GDateTime            *generated_at;
  PbReportColor         accent;

  PbReportFonts        *fonts;
  const char           *language;   /* the code of the language it is written in */

  GPtrArray            *pages;      /* HPDF_Page */
  HPDF_Page             page;
  double                y;
  HPDF_Encoder          encoder;
  PbReportSignatureBox  signature_box;
} Writer;

typedef struct
{
  Writer     *writer;
  const Style *style;
} MeasureContext;

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
  Writer *w = user_data;

  if (w->status == HPDF_OK)
    {
      w->status = error_no;
      w->detail = detail_no;
    }
}

static double
measure_cb (gunichar      ch,
            PbFontScript  script,
            gpointer      user_data)
{
  MeasureContext *context = user_data;

  return pb_report_fonts_char_width (context->writer->fonts, context->style->face, script, ch) *
         context->style->size / 1000.0;
}

static double
text_width (Writer      *w,
            const Style *style,
            const char  *text,
            gssize       length)
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
set_fill (Writer              *w,
          const PbReportColor *color)
{
  HPDF_Page_SetRGBFill (w->page, color->red, color->green, color->blue);
}

static void
set_gray (Writer *w,
          double  gray)
{
  HPDF_Page_SetRGBFill (w->page, gray, gray, gray);
}

/* Draws one line of sanitized text with its baseline at @y, a font per run,
 * right-to-left text shaped and in the order it is read. */
static void
draw_text (Writer      *w,
           const Style *style,
           double       x,
           double       y,
           const char  *text,
           gssize       length)
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
      x += text_width (w, style, text + run->start, run->length);
    }
  HPDF_Page_EndText (w->page);
}

static void
new_page (Writer *w)
{
  w->page = HPDF_AddPage (w->pdf);
  HPDF_Page_SetSize (w->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
  g_ptr_array_add (w->pages, w->page);
  w->y = PAGE_HEIGHT - MARGIN_TOP;
}

static void
ensure_space (Writer *w,
              double  height)
{
  if (w->page == NULL || w->y - height < MARGIN_BOTTOM)
    new_page (w);
}

/* Lays out @text in a column of @width at @x, breaking pages as needed.
 * The first line may start with @first_line_cb drawn beside it. */
static void
put_text_at (Writer      *w,
             const Style *style,
             double       x,
             double       width,
             const char  *text)
{
  g_autofree char *clean = pb_text_sanitize (text);
  g_autoptr(GArray) lines = NULL;
  MeasureContext context = { w, style };

  lines = pb_text_break_lines (clean, width, measure_cb, &context);
  for (guint i = 0; i < lines->len; i++)
    {
      PbTextLine *line = &g_array_index (lines, PbTextLine, i);

      ensure_space (w, style->leading);
      w->y -= style->leading;
      set_gray (w, style->gray);
      draw_text (w, style, x, w->y + (style->leading - style->size) * 0.5, clean + line->start, line->length);
    }
}

static void
put_paragraph (Writer      *w,
               const Style *style,
               double       indent,
               const char  *text)
{
  put_text_at (w, style, MARGIN_LEFT + indent, CONTENT_WIDTH - indent, text);
}

static void
put_space (Writer *w,
           double  height)
{
  if (w->y - height >= MARGIN_BOTTOM)
    w->y -= height;
}

/* Draws one line on @page, which may be an earlier page than the current. */
static void
draw_on_page (Writer      *w,
              HPDF_Page    page,
              const Style *style,
              double       x,
              double       y,
              const char  *text)
{
  HPDF_Page current = w->page;

  w->page = page;
  set_gray (w, style->gray);
  draw_text (w, style, x, y, text, -1);
  w->page = current;
}

static void
put_bullet (Writer      *w,
            const Style *style,
            double       indent,
            const char  *text)
{
  double top;

  HPDF_Page first_page;

  ensure_space (w, style->leading);
  top = w->y;
  first_page = w->page;
  put_paragraph (w, style, indent + 12, text);
  /* The bullet belongs to the first line, whatever page the last one is on. */
  draw_on_page (w, first_page, style, MARGIN_LEFT + indent + 2,
                top - style->leading + (style->leading - style->size) * 0.5, "•");
}

/* A label in bold on the left, @indent in, and its value wrapped on the
 * right. */
static gboolean
label_too_wide (Writer     *w,
                const char *label)
{
  return text_width (w, &style_bold, label, -1) > LABEL_WIDTH - 12;
}

static void
put_field_at (Writer      *w,
              const Style *style,
              double       indent,
              const char  *label,
              const char  *value)
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
      ensure_space (w, style_bold.leading + style->leading);
      put_text_at (w, &style_bold, MARGIN_LEFT + indent, CONTENT_WIDTH - 2 * indent, clean_label);
      put_text_at (w, style, MARGIN_LEFT + LABEL_WIDTH + indent, CONTENT_WIDTH - LABEL_WIDTH - 2 * indent, value);
      return;
    }

  ensure_space (w, style->leading);
  top = w->y;
  first_page = w->page;
  put_text_at (w, style, MARGIN_LEFT + LABEL_WIDTH + indent, CONTENT_WIDTH - LABEL_WIDTH - 2 * indent, value);
  draw_on_page (w, first_page, &style_bold, MARGIN_LEFT + indent,
                top - style->leading + (style->leading - style->size) * 0.5, clean_label);
}

static void
put_field (Writer     *w,
           const char *label,
           const char *value)
{
  put_field_at (w, &style_body, 0, label, value);
}

static HPDF_Outline
add_outline (Writer       *w,
             HPDF_Outline  parent,
             const char   *title)
{
  g_autofree char *clean = pb_text_sanitize (title);
  HPDF_Outline outline = HPDF_CreateOutline (w->pdf, parent, clean, w->encoder);
  HPDF_Destination destination = HPDF_Page_CreateDestination (w->page);

  HPDF_Destination_SetFitH (destination, w->y + 4);
  HPDF_Outline_SetDestination (outline, destination);

  return outline;
}

static HPDF_Outline
put_heading (Writer     *w,
             const char *title,
             gboolean    new_page_first)
{
  if (new_page_first)
    new_page (w);
  else
    {
      ensure_space (w, 18 + style_h1.leading + 4 * style_body.leading);
      put_space (w, 18);
    }

  put_space (w, 6);
  {
    HPDF_Outline outline = add_outline (w, NULL, title);

    w->y -= style_h1.leading;
    set_fill (w, &w->accent);
    draw_text (w, &style_h1, MARGIN_LEFT, w->y + 5, title, -1);
    HPDF_Page_SetRGBStroke (w->page, w->accent.red, w->accent.green, w->accent.blue);
    HPDF_Page_SetLineWidth (w->page, 1.0);
    HPDF_Page_MoveTo (w->page, MARGIN_LEFT, w->y);
    HPDF_Page_LineTo (w->page, MARGIN_LEFT + CONTENT_WIDTH, w->y);
    HPDF_Page_Stroke (w->page);
    w->y -= 8;

    return outline;
  }
}

static void
put_subheading (Writer       *w,
                HPDF_Outline  parent,
                const char   *title)
{
  ensure_space (w, style_h2.leading + 3 * style_body.leading);
  put_space (w, 4);
  if (parent != NULL)
    add_outline (w, parent, title);
  put_paragraph (w, &style_h2, 0, title);
  put_space (w, 2);
}

static void
fill_rect (Writer              *w,
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

static PbReportColor
level_color (Writer     *w,
             PbSeverity  level)
{
  PbReportColor color;

  pb_report_template_get_level_color (w->template, level, &color);
  return color;
}

/* A moment as the report's language writes it, in UTC, which it says. */
static char *
format_date_time (GDateTime *date)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (date);
  g_autofree char *text = pb_i18n_format_date_time (utc);

  /* Translators: a date and time, then the time zone's name */
  return g_strdup_printf (_("%s UTC"), text);
}

static char *
format_date (const char *iso)
{
  /* Stored dates are ISO 8601 */
  g_autoptr(GDateTime) date = NULL;

  if (iso == NULL || *iso == '\0')
    return NULL;

  date = g_date_time_new_from_iso8601 (iso, NULL);
  if (date == NULL)
    return g_strdup (iso);

  return format_date_time (date);
}

/* "12,3 kB" in French: the number as the report's language writes it
 * (GLib's g_format_size() follows the process's locale instead). */
static char *
format_size (guint64 size)
{
  g_autofree char *number = NULL;

  if (size < 1000)
    return g_strdup_printf (pb_dngettext (GETTEXT_PACKAGE, "%u byte", "%u bytes", (gulong) size), (guint) size);

  if (size < 1000 * 1000)
    {
      number = pb_i18n_format_decimal (size / 1000.0, 1);
      /* Translators: a file size in kilobytes */
      return g_strdup_printf (_("%s kB"), number);
    }

  number = pb_i18n_format_decimal (size / 1000.0 / 1000.0, 1);
  /* Translators: a file size in megabytes */
  return g_strdup_printf (_("%s MB"), number);
}

static const char *
field (Writer        *w,
       PbReportField  which)
{
  return pb_report_data_get_field (w->data, which);
}

/* The outcome in the words of the questionnaire's purpose, when the source
 * gave them ("Governance adequate" for a company check). */
static const char *
outcome_label (Writer *w)
{
  const char *label = field (w, PB_REPORT_FIELD_OUTCOME_LABEL);

  return label != NULL ? label : pb_outcome_get_label (pb_report_data_get_outcome (w->data));
}

static const char *
likelihood_label (guint likelihood)
{
  switch (likelihood)
    {
    case 1: return _("Unlikely");
    case 2: return _("Possible");
    case 3: return _("Likely");
    case 4: return _("Almost certain");
    default: return "";
    }
}

/* "Ingrid Larsson (Legal reviewer, Nordvik AB), 2026-12-02 09:14 UTC" */
static char *
format_participant (const PbReportParticipant *participant)
{
  g_autofree char *date = format_date (participant->date);
  g_autofree char *who = NULL;

  if (participant->role != NULL && participant->organisation != NULL)
    /* Translators: a person's name, their role and their organisation */
    who = g_strdup_printf (_("%s (%s, %s)"), participant->name, participant->role, participant->organisation);
  else if (participant->role != NULL || participant->organisation != NULL)
    /* Translators: a person's name and their role or organisation */
    who = g_strdup_printf (_("%s (%s)"), participant->name,
                           participant->role ? participant->role : participant->organisation);
  else
    who = g_strdup (participant->name);

  if (date == NULL)
    return g_steal_pointer (&who);

  /* Translators: who did something, then when */
  return g_strdup_printf (_("%s, %s"), who, date);
}

/* The decision in force and who took part, in words: the cover and the
 * sign-off section say the same. */
static void
put_decision (Writer *w)
{
  const PbReportDecision *decision = pb_report_data_get_decision (w->data);
  GPtrArray *participants = pb_report_data_get_participants (w->data);

  if (decision == NULL)
    put_field (w, _("Decision"), _("Not decided yet"));
  else if (decision->pending)
    {
      /* Translators: a decision such as "Approved" */
      g_autofree char *text = g_strdup_printf (_("%s by a first legal reviewer; in force only once a second "
                                                 "legal reviewer approves it too"), decision->decision);

      put_field (w, _("Decision"), text);
    }
  else
    put_field (w, _("Decision"), decision->decision);

  if (decision != NULL && decision->override_rationale != NULL)
    {
      put_field (w, _("Override"), decision->pending
                                     ? _("An approval against the rated outcome above, for the rationale "
                                         "below; it needs a second legal reviewer’s approval")
                                     : _("Approved against the rated outcome above, for the rationale "
                                         "below, by two legal reviewers"));
      put_field (w, _("Rationale"), decision->override_rationale);
    }
  if (decision != NULL)
    put_field (w, _("Reason"), decision->reason);
  if (decision != NULL && decision->conditions != NULL && *decision->conditions != '\0')
    put_field (w, _("Conditions"), decision->conditions);

  for (guint i = 0; i < participants->len; i++)
    {
      const PbReportParticipant *participant = g_ptr_array_index (participants, i);
      g_autofree char *text = format_participant (participant);

      put_field (w, participant->what, text);
    }
}

/* A coloured band with a small label and a word in capitals. */
static void
put_band (Writer              *w,
          const PbReportColor *color,
          const char          *label,
          const char          *word,
          double               height)
{
  PbReportColor white = { 1, 1, 1 };
  g_autofree char *upper = g_utf8_strup (word, -1);
  double top = w->y;

  fill_rect (w, color, MARGIN_LEFT, top - height, CONTENT_WIDTH, height);
  set_fill (w, &white);
  draw_text (w, &style_small, MARGIN_LEFT + 14, top - 18, label, -1);
  draw_text (w, height >= 60 ? &style_title : &style_h1, MARGIN_LEFT + 14, top - height + (height >= 60 ? 16 : 13),
             upper, -1);
  w->y = top - height;
}

static void
put_decision_band (Writer *w)
{
  const PbReportDecision *decision = pb_report_data_get_decision (w->data);
  PbReportColor slate = { 0.17, 0.22, 0.29 };
  PbReportColor amber = { 0.72, 0.45, 0.0 };
  PbReportColor grey = { 0.45, 0.47, 0.50 };
  g_autofree char *label = NULL;

  if (decision == NULL)
    {
      put_band (w, &grey, _("Decision"), _("Not decided yet"), 54);
      return;
    }

  if (decision->override_rationale != NULL)
    label = g_strdup (decision->pending ? _("Decision · override of the outcome, awaiting a second approval")
                                        : _("Decision · override of the outcome, approved by two legal reviewers"));
  else
    label = g_strdup (_("Decision"));

  put_band (w, decision->pending ? &amber : &slate, label,
            decision->pending ? _("Awaiting second approval") : decision->decision, 54);
}

/* Parts ----------------------------------------------------------------- */

/* The flags that decide the outcome: every hard stop, and every flag at
 * the case's residual level, which is the highest. */
static gboolean
is_deciding (Writer             *w,
             const PbReportFlag *flag)
{
  return flag->hard_stop || flag->residual_level == pb_report_data_get_residual_level (w->data);
}

/* One deciding flag on the first page: a mark in its level's colour, its
 * rule and title, then its level and the articles it cites. */
static void
put_deciding_flag (Writer             *w,
                   const PbReportFlag *flag)
{
  PbReportColor color = level_color (w, flag->residual_level);
  g_autofree char *title = g_strdup_printf ("%s  %s", flag->rule_id, flag->title);
  g_autofree char *refs = flag->references != NULL && flag->references[0] != NULL
                          ? g_strjoinv ("; ", flag->references) : NULL;
  g_autofree char *detail = NULL;
  const char *level = pb_severity_get_label (flag->residual_level);

  if (flag->hard_stop && refs != NULL)
    /* Translators: a risk level, then the articles a rule cites */
    detail = g_strdup_printf (_("%s, hard stop · %s"), level, refs);
  else if (flag->hard_stop)
    detail = g_strdup_printf (_("%s, hard stop"), level);
  else if (refs != NULL)
    /* Translators: a risk level, then the articles a rule cites */
    detail = g_strdup_printf (_("%s · %s"), level, refs);
  else
    detail = g_strdup (level);

  ensure_space (w, style_bold.leading + style_small.leading);
  fill_rect (w, &color, MARGIN_LEFT, w->y - style_bold.leading + 2, 5, style_bold.leading - 3);
  put_paragraph (w, &style_bold, 11, title);
  put_paragraph (w, &style_small, 11, detail);
  put_space (w, 3);
}

#define MAX_SUMMARY_FLAGS      6
#define MAX_SUMMARY_CONDITIONS 5

/* Part "cover": the one page a reviewer reads first. What the case is,
 * the outcome and the decision on it, why, the flags that decide it with
 * the rule and the article each cites, and the conditions. The detail
 * follows in the other parts. */
static void
render_cover (Writer *w)
{
  PbOutcome outcome = pb_report_data_get_outcome (w->data);
  const char *organisation = pb_report_template_get_organisation (w->template);
  const char *logo_path = pb_report_template_get_logo (w->template);
  const char * const *reasons = pb_report_data_get_reasons (w->data);
  const char * const *conditions = pb_report_data_get_conditions (w->data);
  GPtrArray *flags = pb_report_data_get_flags (w->data);
  g_autofree char *subtitle = NULL;
  PbReportColor band;
  guint n_deciding = 0, n_shown = 0, n_conditions;
  HPDF_Page cover_page;

  new_page (w);
  cover_page = w->page;
  add_outline (w, NULL, _("Summary"));

  if (logo_path != NULL)
    {
      HPDF_Image logo = HPDF_LoadPngImageFromFile (w->pdf, logo_path);

      if (logo != NULL)
        {
          double height = 40;
          double width = height * HPDF_Image_GetWidth (logo) / MAX (1, HPDF_Image_GetHeight (logo));

          width = MIN (width, CONTENT_WIDTH / 2);
          HPDF_Page_DrawImage (w->page, logo, MARGIN_LEFT, w->y - height, width, height);
          w->y -= height + 8;
        }
    }
  if (organisation != NULL)
    put_paragraph (w, &style_bold, 0, organisation);

  put_paragraph (w, &style_h1, 0, pb_report_template_get_text (w->template, PB_REPORT_TEXT_TITLE));
  put_space (w, 4);
  put_paragraph (w, &style_h2, 0, field (w, PB_REPORT_FIELD_CUSTOMER));
  /* Translators: the product, then the destination country */
  subtitle = g_strdup_printf (_("%s · %s"), field (w, PB_REPORT_FIELD_PRODUCT) ?: "—",
                              field (w, PB_REPORT_FIELD_COUNTRY) ?: "—");
  put_paragraph (w, &style_body, 0, subtitle);
  put_space (w, 12);

  /* The outcome in a coloured band, in words too: colour alone says nothing
   * to a reader of a black-and-white copy. The decision follows at once: a
   * reader of the cover must never see DO NOT PROCEED and not learn that it
   * was overridden. */
  pb_report_template_get_outcome_color (w->template, outcome, &band);
  put_band (w, &band, _("Outcome"), outcome_label (w), 64);
  w->y -= 4;
  put_decision_band (w);
  w->y -= 10;
  put_decision (w);
  put_space (w, 8);

  put_subheading (w, NULL, _("Why"));
  if (reasons[0] == NULL)
    put_paragraph (w, &style_body, 0, _("No reason was recorded."));
  for (guint i = 0; reasons[i] != NULL; i++)
    put_bullet (w, &style_body, 0, reasons[i]);
  put_space (w, 6);

  for (guint i = 0; i < flags->len; i++)
    if (is_deciding (w, g_ptr_array_index (flags, i)))
      n_deciding++;

  put_subheading (w, NULL, _("Deciding flags"));
  if (n_deciding == 0)
    put_paragraph (w, &style_body, 0, _("The answers raised no risk flag."));
  for (guint i = 0; i < flags->len && n_shown < MAX_SUMMARY_FLAGS; i++)
    {
      PbReportFlag *flag = g_ptr_array_index (flags, i);

      if (!is_deciding (w, flag))
        continue;
      put_deciding_flag (w, flag);
      n_shown++;
    }
  if (n_shown < n_deciding || n_deciding < flags->len)
    {
      /* Translators: how many deciding flags are not on the first page, how
       * many flags in all, then the heading of the part that has them */
      g_autofree char *more = g_strdup_printf (_("%u more deciding, %u flags in all: see %s."),
                                               n_deciding - n_shown, flags->len, _("Risk flags"));

      put_paragraph (w, &style_small, 0, more);
    }
  put_space (w, 6);

  n_conditions = g_strv_length ((char **) conditions);
  put_subheading (w, NULL, _("Conditions"));
  if (n_conditions == 0)
    put_paragraph (w, &style_body, 0, _("None."));
  /* As many as fit on the first page (a longer language takes more room) */
  for (n_shown = 0; n_shown < n_conditions && n_shown < MAX_SUMMARY_CONDITIONS; n_shown++)
    {
      if (w->page != cover_page || w->y - 3 * style_body.leading < MARGIN_BOTTOM + style_small.leading)
        break;
      put_bullet (w, &style_body, 0, conditions[n_shown]);
    }
  if (n_conditions > n_shown)
    {
      /* Translators: how many conditions are not on the first page, then
       * the heading of the part that has them all */
      g_autofree char *more = g_strdup_printf (pb_dngettext (GETTEXT_PACKAGE, "%u more condition: see %s.",
                                                             "%u more conditions: see %s.",
                                                             n_conditions - n_shown),
                                               n_conditions - n_shown, _("The assessment"));

      put_paragraph (w, &style_small, 0, more);
    }
}

/* Part "summary": the case as stored, the risk levels, every condition,
 * and how the outcome was reached. */
static void
render_summary (Writer *w)
{
  const char * const *conditions = pb_report_data_get_conditions (w->data);
  g_autofree char *revision = NULL;
  g_autofree char *questionnaire = NULL;
  g_autofree char *assessed = NULL;
  g_autofree char *generated = NULL;
  double x;

  put_heading (w, _("The assessment"), TRUE);

  revision = g_strdup_printf ("%u", pb_report_data_get_revision (w->data));
  questionnaire = g_strdup_printf ("%s %s", field (w, PB_REPORT_FIELD_QUESTIONNAIRE_ID) ?: "",
                                   field (w, PB_REPORT_FIELD_QUESTIONNAIRE_VERSION) ?: "");
  assessed = format_date (field (w, PB_REPORT_FIELD_ASSESSED));
  generated = format_date_time (w->generated_at);

  put_field (w, _("Customer"), field (w, PB_REPORT_FIELD_CUSTOMER));
  put_field (w, _("Product"), field (w, PB_REPORT_FIELD_PRODUCT));
  put_field (w, _("Destination country"), field (w, PB_REPORT_FIELD_COUNTRY));
  put_field (w, _("Questionnaire"), questionnaire);
  if (field (w, PB_REPORT_FIELD_QUESTIONNAIRE_TITLE) != NULL)
    put_field (w, "", field (w, PB_REPORT_FIELD_QUESTIONNAIRE_TITLE));
  put_field (w, _("Case"), field (w, PB_REPORT_FIELD_CASE_ID));
  put_field (w, _("Revision"), revision);
  put_field (w, _("Assessor"), field (w, PB_REPORT_FIELD_ASSESSOR));
  put_field (w, _("Assessment date"), assessed);
  put_field (w, _("Report generated"), generated);
  put_space (w, 8);
  put_paragraph (w, &style_body, 0, pb_report_template_get_text (w->template, PB_REPORT_TEXT_INTRO));
  put_space (w, 8);

  put_field (w, _("Outcome"), outcome_label (w));
  put_field (w, _("Inherent risk"), pb_severity_get_label (pb_report_data_get_inherent_level (w->data)));
  put_field (w, _("Residual risk"), pb_severity_get_label (pb_report_data_get_residual_level (w->data)));
  put_space (w, 8);

  put_subheading (w, NULL, _("Flags by residual level"));
  ensure_space (w, 40);
  x = MARGIN_LEFT;
  for (PbSeverity level = PB_SEVERITY_CRITICAL; level >= PB_SEVERITY_LOW; level--)
    {
      PbReportColor color = level_color (w, level);
      g_autofree char *count = g_strdup_printf ("%u", pb_report_data_count_flags (w->data, level));

      fill_rect (w, &color, x, w->y - 34, 112, 34);
      set_gray (w, 0.1);
      draw_text (w, &style_h2, x + 8, w->y - 16, count, -1);
      draw_text (w, &style_small, x + 8, w->y - 28, pb_severity_get_label (level), -1);
      x += 121;
    }
  w->y -= 34 + 12;

  put_subheading (w, NULL, _("Conditions"));
  if (conditions[0] == NULL)
    put_paragraph (w, &style_body, 0, _("None."));
  for (guint i = 0; conditions[i] != NULL; i++)
    put_bullet (w, &style_body, 0, conditions[i]);
  put_space (w, 8);

  put_subheading (w, NULL, _("Method"));
  put_paragraph (w, &style_body, 0, pb_report_template_get_text (w->template, PB_REPORT_TEXT_METHOD));
  put_space (w, 6);
  put_paragraph (w, &style_small, 0, pb_report_template_get_text (w->template, PB_REPORT_TEXT_DISCLAIMER));
}

static void
render_heat_map (Writer *w)
{
  const double label_width = 70;
  const double cell_width = (CONTENT_WIDTH - label_width) / 4;
  const double cell_height = 58;
  GPtrArray *flags = pb_report_data_get_flags (w->data);
  double top;

  /* On the page before when the heading, its text and the map fit there */
  ensure_space (w, 24 + style_h1.leading + 3 * style_body.leading + 10 + 4 * cell_height + 50);
  put_heading (w, _("Risk heat map"), FALSE);
  put_paragraph (w, &style_body, 0,
                 _("Each flag is placed by its severity and its likelihood after mitigation. "
                   "The colour of a cell is the risk level of that combination; the number "
                   "in it counts its flags, which are listed below the map."));
  put_space (w, 10);
  ensure_space (w, 4 * cell_height + 50);
  top = w->y;

  for (PbSeverity severity = PB_SEVERITY_CRITICAL; severity >= PB_SEVERITY_LOW; severity--)
    {
      double row_top = top - (PB_SEVERITY_CRITICAL - severity) * cell_height;

      set_gray (w, 0.1);
      draw_text (w, &style_bold, MARGIN_LEFT, row_top - cell_height / 2 - 3,
                 pb_severity_get_label (severity), -1);

      for (guint likelihood = 1; likelihood <= 4; likelihood++)
        {
          PbSeverity level = pb_report_data_get_matrix_level (w->data, severity, likelihood);
          PbReportColor color = level_color (w, level);
          double x = MARGIN_LEFT + label_width + (likelihood - 1) * cell_width;
          guint n = 0;

          fill_rect (w, &color, x, row_top - cell_height, cell_width, cell_height);
          HPDF_Page_SetRGBStroke (w->page, 1, 1, 1);
          HPDF_Page_SetLineWidth (w->page, 2);
          HPDF_Page_Rectangle (w->page, x, row_top - cell_height, cell_width, cell_height);
          HPDF_Page_Stroke (w->page);

          set_gray (w, 0.25);
          draw_text (w, &style_small, x + 5, row_top - cell_height + 5, pb_severity_get_label (level), -1);

          for (guint i = 0; i < flags->len; i++)
            {
              PbReportFlag *flag = g_ptr_array_index (flags, i);

              if (flag->severity == severity && flag->residual_likelihood == likelihood)
                n++;
            }
          if (n > 0)
            {
              g_autofree char *count = g_strdup_printf ("%u", n);

              set_gray (w, 0.1);
              draw_text (w, &style_title, x + (cell_width - text_width (w, &style_title, count, -1)) / 2,
                         row_top - cell_height / 2 - 6, count, -1);
            }
        }
    }

  w->y = top - 4 * cell_height - 4;
  set_gray (w, 0.1);
  for (guint likelihood = 1; likelihood <= 4; likelihood++)
    {
      double x = MARGIN_LEFT + label_width + (likelihood - 1) * cell_width;
      g_autofree char *label = g_strdup_printf ("%u · %s", likelihood, likelihood_label (likelihood));

      draw_text (w, &style_small, x + 5, w->y - 10, label, -1);
    }
  /* The axis title goes left of the column labels when the label column
   * has room for it ("Likelihood"), else on a line of its own below them
   * ("Wahrscheinlichkeit" would run into the first column's label). */
  if (text_width (w, &style_small, _("Likelihood"), -1) <= label_width - 8)
    draw_text (w, &style_small, MARGIN_LEFT, w->y - 10, _("Likelihood"), -1);
  else
    {
      draw_text (w, &style_small, MARGIN_LEFT + label_width + 5, w->y - 22, _("Likelihood"), -1);
      w->y -= 12;
    }
  w->y -= 24;
  put_paragraph (w, &style_small, 0, _("Rows: severity of the harm. Columns: likelihood of misuse after mitigation."));
  put_space (w, 10);

  /* The flags of each cell, the most severe cell first, in full words. */
  for (PbSeverity severity = PB_SEVERITY_CRITICAL; severity >= PB_SEVERITY_LOW; severity--)
    for (guint likelihood = 4; likelihood >= 1; likelihood--)
      {
        g_autoptr(GPtrArray) ids = g_ptr_array_new ();
        g_autofree char *list = NULL;
        g_autofree char *line = NULL;

        for (guint i = 0; i < flags->len; i++)
          {
            PbReportFlag *flag = g_ptr_array_index (flags, i);

            if (flag->severity == severity && flag->residual_likelihood == likelihood)
              g_ptr_array_add (ids, flag->rule_id);
          }
        if (ids->len == 0)
          continue;

        g_ptr_array_add (ids, NULL);
        list = g_strjoinv (", ", (char **) ids->pdata);
        /* Translators: a heat-map cell (severity, likelihood as a word, its
         * level), then the ids of its flags */
        line = g_strdup_printf (_("%s × %s (%s): %s"), pb_severity_get_label (severity),
                                likelihood_label (likelihood),
                                pb_severity_get_label (pb_report_data_get_matrix_level (w->data, severity,
                                                                                        likelihood)),
                                list);
        put_bullet (w, &style_body, 0, line);
      }
}

/* The ids of the flags an answer raised, or NULL. */
static GPtrArray *
flags_raised_by (Writer     *w,
                 const char *question_id)
{
  GPtrArray *flags = pb_report_data_get_flags (w->data);
  GPtrArray *ids = NULL;

  for (guint i = 0; i < flags->len; i++)
    {
      PbReportFlag *flag = g_ptr_array_index (flags, i);

      if (flag->triggers != NULL && g_strv_contains ((const char * const *) flag->triggers, question_id))
        {
          if (ids == NULL)
            ids = g_ptr_array_new ();
          g_ptr_array_add (ids, flag->rule_id);
        }
    }
  if (ids != NULL)
    g_ptr_array_add (ids, NULL);

  return ids;
}

static char *
format_rating (const PbReportFlag *flag)
{
  g_autofree char *rating = NULL;

  if (flag->residual_likelihood != flag->likelihood)
    rating = g_strdup_printf (_("Severity %s · likelihood %u (%s), %u after mitigation · level %s"),
                              pb_severity_get_label (flag->severity),
                              flag->likelihood, likelihood_label (flag->likelihood),
                              flag->residual_likelihood,
                              pb_severity_get_label (flag->residual_level));
  else
    rating = g_strdup_printf (_("Severity %s · likelihood %u (%s) · level %s"),
                              pb_severity_get_label (flag->severity),
                              flag->likelihood, likelihood_label (flag->likelihood),
                              pb_severity_get_label (flag->residual_level));
  if (flag->hard_stop)
    return g_strdup_printf ("%s · %s", rating, _("HARD STOP"));

  return g_steal_pointer (&rating);
}

static void
put_flag (Writer       *w,
          HPDF_Outline  outline,
          PbReportFlag *flag)
{
  PbReportColor color = level_color (w, flag->residual_level);
  g_autofree char *title = g_strdup_printf ("%s  %s", flag->rule_id, flag->title);
  g_autofree char *rating = format_rating (flag);

  ensure_space (w, style_h2.leading + 5 * style_body.leading);
  put_space (w, 8);
  add_outline (w, outline, title);
  fill_rect (w, &color, MARGIN_LEFT, w->y - style_h2.leading + 1, 6, style_h2.leading - 2);
  put_text_at (w, &style_h2, MARGIN_LEFT + 12, CONTENT_WIDTH - 12, title);
  put_paragraph (w, &style_small, 12, rating);
  put_space (w, 3);

  if (flag->rationale != NULL)
    put_field (w, _("Rationale"), flag->rationale);
  if (flag->mitigation != NULL)
    put_field (w, _("Mitigation"), flag->mitigation);
  if (flag->references != NULL && flag->references[0] != NULL)
    {
      g_autofree char *refs = g_strjoinv ("; ", flag->references);

      put_field (w, _("References"), refs);
    }

  /* The answers are cited once, in Answers, where each names the flags it
   * raised; here only their ids. */
  if (flag->triggers != NULL && flag->triggers[0] != NULL)
    {
      g_autofree char *ids = g_strjoinv (", ", flag->triggers);

      put_field (w, _("Raised by answers"), ids);
    }
}

static void
render_flags (Writer *w)
{
  GPtrArray *flags = pb_report_data_get_flags (w->data);
  HPDF_Outline outline;

  outline = put_heading (w, _("Risk flags"), TRUE);
  if (flags->len == 0)
    {
      put_paragraph (w, &style_body, 0, _("The answers raised no risk flag."));
      return;
    }

  put_paragraph (w, &style_body, 0,
                 _("The flags raised by the answers, grouped by their level after mitigation, the most "
                   "severe first. Each names the answers that raised it by question; the answers "
                   "themselves are under Answers."));

  for (PbSeverity level = PB_SEVERITY_CRITICAL; level >= PB_SEVERITY_LOW; level--)
    {
      guint n = pb_report_data_count_flags (w->data, level);
      g_autofree char *group = NULL;
      HPDF_Outline group_outline;

      if (n == 0)
        continue;

      /* Translators: a risk level, then how many flags have it */
      group = g_strdup_printf (pb_dngettext (GETTEXT_PACKAGE, "%s: %u flag", "%s: %u flags", n),
                               pb_severity_get_label (level), n);
      put_space (w, 8);
      ensure_space (w, style_h2.leading + 8 * style_body.leading);
      group_outline = add_outline (w, outline, group);
      put_paragraph (w, &style_h2, 0, group);

      for (guint i = 0; i < flags->len; i++)
        {
          PbReportFlag *flag = g_ptr_array_index (flags, i);

          if (flag->residual_level == level)
            put_flag (w, group_outline, flag);
        }
    }
}

static void
render_answers (Writer *w)
{
  GPtrArray *sections = pb_report_data_get_sections (w->data);
  HPDF_Outline outline;

  outline = put_heading (w, _("Answers"), TRUE);
  if (pb_report_data_get_n_answers (w->data) == 0)
    put_paragraph (w, &style_body, 0, _("No question has been answered."));

  for (guint s = 0; s < sections->len; s++)
    {
      PbReportSection *section = g_ptr_array_index (sections, s);
      g_autofree char *title = NULL;

      if (section->answers->len == 0)
        continue;

      title = *section->section_id != '\0'
        ? g_strdup_printf ("%s  %s", section->section_id, section->title)
        : g_strdup (_("Answers"));
      put_space (w, 6);
      put_subheading (w, outline, title);

      for (guint i = 0; i < section->answers->len; i++)
        {
          PbReportAnswer *answer = g_ptr_array_index (section->answers, i);
          g_autofree char *question = g_strdup_printf ("%s  %s", answer->question_id, answer->label);
          g_autoptr(GPtrArray) raised = flags_raised_by (w, answer->question_id);

          put_space (w, 4);
          ensure_space (w, 3 * style_body.leading);
          put_paragraph (w, &style_bold, 0, question);
          put_paragraph (w, &style_body, 14, answer->answer_text);

          if (raised != NULL)
            {
              g_autofree char *ids = g_strjoinv (", ", (char **) raised->pdata);
              /* Translators: the rule ids of the flags an answer raised */
              g_autofree char *line = g_strdup_printf (_("Raises: %s"), ids);

              put_paragraph (w, &style_small, 14, line);
            }

          if (answer->comment != NULL)
            {
              g_autofree char *comment = g_strdup_printf (_("Comment: %s"), answer->comment);

              put_paragraph (w, &style_small, 14, comment);
            }

          for (guint e = 0; e < answer->evidence->len; e++)
            {
              PbReportEvidence *evidence = g_ptr_array_index (answer->evidence, e);
              g_autofree char *size = format_size (evidence->size);
              g_autofree char *line = NULL;

              /* Translators: evidence file name, its size, its SHA-256 */
              line = g_strdup_printf (_("Evidence: %s (%s)\nSHA-256 %s"),
                                      evidence->name, size, evidence->sha256);
              put_paragraph (w, &style_small, 14, line);
            }
        }
    }
}

static void
render_unanswered (Writer *w)
{
  GPtrArray *unanswered = pb_report_data_get_unanswered (w->data);

  put_heading (w, _("Unanswered questions"), FALSE);
  if (unanswered->len == 0)
    {
      put_paragraph (w, &style_body, 0, _("Every required question was answered."));
      return;
    }

  put_paragraph (w, &style_body, 0,
                 _("These visible questions have no answer; while a required one is open the outcome is incomplete."));
  put_space (w, 4);
  for (guint i = 0; i < unanswered->len; i++)
    {
      PbReportUnanswered *item = g_ptr_array_index (unanswered, i);
      g_autofree char *line = item->section_title != NULL
        ? g_strdup_printf ("%s  %s (%s)", item->question_id, item->label, item->section_title)
        : g_strdup_printf ("%s  %s", item->question_id, item->label);

      put_bullet (w, &style_body, 0, line);
    }
}

/* The lists that bind the deal and whether the screening answered each:
 * an answer it did not verify is the assessor's word, said in bold. */
static void
put_binding_lists (Writer *w)
{
  GPtrArray *lists = pb_report_data_get_binding_lists (w->data);

  if (lists->len == 0)
    return;

  put_subheading (w, NULL, _("Lists that bind this deal"));
  for (guint i = 0; i < lists->len; i++)
    {
      PbReportBindingList *list = g_ptr_array_index (lists, i);

      put_bullet (w, list->verified ? &style_body : &style_bold, 0, list->text);
    }
}

static void
render_screening (Writer *w)
{
  PbReportScreening *screening = pb_report_data_get_screening (w->data);
  g_autofree char *date = NULL;
  g_autofree char *intro = NULL;

  put_heading (w, _("Restricted-party screening"), FALSE);
  if (screening == NULL)
    {
      put_paragraph (w, &style_body, 0,
                     _("The parties of this case were not screened against restricted-party lists in Probity: "
                       "the answers to the sanctions questions are the assessor’s own."));
      put_binding_lists (w);
      return;
    }

  date = format_date (screening->time);
  /* Translators: a date, then a person */
  intro = g_strdup_printf (_("The parties were screened on %s by %s against these list editions:"),
                           date ? date : "", screening->user ? screening->user : "");
  put_paragraph (w, &style_body, 0, intro);
  put_space (w, 2);
  for (guint i = 0; i < screening->lists->len; i++)
    put_bullet (w, &style_small, 0, g_ptr_array_index (screening->lists, i));
  if (screening->stale)
    {
      put_space (w, 2);
      put_paragraph (w, &style_bold, 0, _("A party was added after this screening and has not been screened."));
    }

  put_binding_lists (w);

  put_subheading (w, NULL, _("Parties screened"));
  for (guint i = 0; i < screening->parties->len; i++)
    put_bullet (w, &style_body, 0, g_ptr_array_index (screening->parties, i));

  put_subheading (w, NULL, _("Hits and decisions"));
  if (screening->hits->len == 0)
    put_paragraph (w, &style_body, 0, _("No listed entry matched any party at the screening threshold."));

  for (guint i = 0; i < screening->hits->len; i++)
    {
      PbReportHit *hit = g_ptr_array_index (screening->hits, i);
      g_autofree char *title = NULL;
      g_autofree char *match = NULL;
      g_autofree char *decided = NULL;
      g_autofree char *decided_at = format_date (hit->decided_at);

      ensure_space (w, 5 * style_body.leading);
      /* Translators: a hit id, then a party */
      title = g_strdup_printf (_("%s  %s"), hit->id, hit->party);
      put_paragraph (w, &style_bold, 0, title);
      /* Translators: the name screened, the listed name, a score, then the list */
      match = g_strdup_printf (_("“%s” matched “%s” (score %.2f) on %s%s%s"), hit->query, hit->listed_name, hit->score,
                               hit->list, hit->reference ? ", " : "", hit->reference ? hit->reference : "");
      put_field (w, _("Match"), match);
      if (hit->question_id != NULL)
        put_field (w, _("Question"), hit->question_id);
      if (hit->legal_basis != NULL)
        put_field (w, _("Legal basis"), hit->legal_basis);
      if (hit->decided_by != NULL)
        /* Translators: Cleared/Confirmed, a person, then a date */
        decided = g_strdup_printf (_("%s by %s on %s"), hit->status, hit->decided_by, decided_at ? decided_at : "");
      put_field (w, _("Decision"), decided != NULL ? decided : hit->status);
      if (hit->adopted_case != NULL)
        {
          g_autofree char *adopted_at = format_date (hit->adopted_at);
          g_autofree char *adopted = NULL;

          /* Translators: a case id, a person, then a date: where a reviewer's decision was taken over from */
          adopted = g_strdup_printf (_("The decision of case %s, taken there by %s on %s"), hit->adopted_case,
                                     hit->adopted_by ? hit->adopted_by : "", adopted_at ? adopted_at : "");
          put_field (w, _("Adopted from"), adopted);
        }
      if (hit->reason != NULL)
        put_field (w, _("Reason"), hit->reason);
      put_space (w, 4);
    }
}

static const char *
role_label (const char *role)
{
  if (g_strcmp0 (role, PB_REPORT_ROLE_ASSESSOR) == 0)
    return _("Assessor");
  if (g_strcmp0 (role, PB_REPORT_ROLE_REVIEWER) == 0)
    return _("Reviewer");
  return role;
}

static void
render_sign_off (Writer *w)
{
  GPtrArray *signoffs = pb_report_data_get_signoffs (w->data);
  PbReportColor frame = { 0.55, 0.55, 0.6 };

  put_heading (w, _("Sign-off"), TRUE);
  put_field (w, _("Assessor"), field (w, PB_REPORT_FIELD_ASSESSOR));
  put_space (w, 6);
  put_decision (w);
  put_space (w, 6);

  if (signoffs->len == 0)
    put_paragraph (w, &style_body, 0, _("Not signed off yet."));

  for (guint i = 0; i < signoffs->len; i++)
    {
      PbReportSignoff *signoff = g_ptr_array_index (signoffs, i);
      g_autofree char *date = format_date (signoff->date);
      /* Translators: a role, such as "Legal reviewer" */
      g_autofree char *heading = g_strdup_printf (_("Signature (%s)"), role_label (signoff->role));

      ensure_space (w, 6 * style_body.leading);
      put_subheading (w, NULL, heading);
      put_field (w, _("Name"), signoff->name);
      put_field (w, _("Decision"), signoff->decision);
      put_field (w, _("Reason"), signoff->reason);
      if (signoff->conditions != NULL && *signoff->conditions != '\0')
        put_field (w, _("Conditions"), signoff->conditions);
      put_field (w, _("Date"), date);
      put_space (w, 6);
    }

  /* Kept free for the visible signature the signer adds. */
  ensure_space (w, SIGNATURE_HEIGHT + 40);
  put_space (w, 10);
  put_paragraph (w, &style_small, 0, _("Digital signature"));
  w->y -= 4;
  w->signature_box.page_index = w->pages->len - 1;
  w->signature_box.x = MARGIN_LEFT;
  w->signature_box.y = w->y - SIGNATURE_HEIGHT;
  w->signature_box.width = SIGNATURE_WIDTH;
  w->signature_box.height = SIGNATURE_HEIGHT;
  HPDF_Page_SetRGBStroke (w->page, frame.red, frame.green, frame.blue);
  HPDF_Page_SetLineWidth (w->page, 0.5);
  HPDF_Page_SetDash (w->page, (const HPDF_UINT16[]) { 3, 2 }, 2, 0);
  HPDF_Page_Rectangle (w->page, w->signature_box.x, w->signature_box.y,
                       SIGNATURE_WIDTH, SIGNATURE_HEIGHT);
  HPDF_Page_Stroke (w->page);
  HPDF_Page_SetDash (w->page, NULL, 0, 0);
  w->y -= SIGNATURE_HEIGHT + 12;
}

#define PANEL_PADDING 10

/* The height put_field_at() takes for @value in a panel. */
static double
field_height (Writer      *w,
              const Style *style,
              const char  *label,
              const char  *value)
{
  g_autofree char *clean = pb_text_sanitize (value != NULL && *value != '\0' ? value : "—");
  g_autofree char *clean_label = pb_text_sanitize (label);
  MeasureContext context = { w, style };
  g_autoptr(GArray) lines = pb_text_break_lines (clean, CONTENT_WIDTH - LABEL_WIDTH - 2 * PANEL_PADDING, measure_cb, &context);

  return MAX (1, lines->len) * style->leading + (label_too_wide (w, clean_label) ? style_bold.leading : 0);
}

typedef struct
{
  const char  *label;
  const char  *value;
  const Style *style;
} IntegrityRow;

/* Part "integrity": the values that tie the report to the case as stored,
 * in a panel, and how an auditor checks them. */
static void
render_integrity (Writer *w)
{
  g_autofree char *revision = g_strdup_printf (_("%s, revision %u"),
                                               field (w, PB_REPORT_FIELD_CASE_ID) ?: "",
                                               pb_report_data_get_revision (w->data));
  g_autofree char *questionnaire = g_strdup_printf ("%s %s", field (w, PB_REPORT_FIELD_QUESTIONNAIRE_ID) ?: "",
                                                    field (w, PB_REPORT_FIELD_QUESTIONNAIRE_VERSION) ?: "");
  g_autofree char *generated = format_date_time (w->generated_at);
  g_autofree char *language = g_strdup_printf ("%s (%s)", pb_i18n_get_language_name (w->language), w->language);
  IntegrityRow rows[] = {
    { _("Case"), revision, &style_body },
    { _("Outcome"), outcome_label (w), &style_body },
    { _("Questionnaire"), questionnaire, &style_body },
    { _("Questionnaire SHA-256"), field (w, PB_REPORT_FIELD_QUESTIONNAIRE_SHA256), &style_hash },
    { _("Country reference data"), field (w, PB_REPORT_FIELD_REFERENCE_VERSION), &style_body },
    { _("Reference data SHA-256"), field (w, PB_REPORT_FIELD_REFERENCE_SHA256), &style_hash },
    { _("Answers fingerprint"), field (w, PB_REPORT_FIELD_ANSWERS_FINGERPRINT), &style_hash },
    { _("History chain head"), field (w, PB_REPORT_FIELD_HISTORY_HEAD), &style_hash },
    { _("Report generated"), generated, &style_body },
    { _("Report language"), language, &style_body },
  };
  PbReportColor panel = { 0.95, 0.96, 0.97 };
  double height = 16, top;

  put_heading (w, _("Integrity"), FALSE);
  put_paragraph (w, &style_body, 0,
                 _("These values tie this report to the case as stored. They are also kept in the "
                   "document information as ProbityIntegrity, which the signature covers."));
  put_space (w, 6);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (rows[i].value != NULL || i < 4)
      height += field_height (w, rows[i].style, rows[i].label, rows[i].value);

  /* The panel is drawn first and never split across pages. */
  ensure_space (w, height);
  top = w->y;
  fill_rect (w, &panel, MARGIN_LEFT, top - height, CONTENT_WIDTH, height);
  HPDF_Page_SetRGBStroke (w->page, w->accent.red, w->accent.green, w->accent.blue);
  HPDF_Page_SetLineWidth (w->page, 2);
  HPDF_Page_MoveTo (w->page, MARGIN_LEFT + 1, top);
  HPDF_Page_LineTo (w->page, MARGIN_LEFT + 1, top - height);
  HPDF_Page_Stroke (w->page);
  w->y -= 8;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (rows[i].value != NULL || i < 4)
      put_field_at (w, rows[i].style, PANEL_PADDING, rows[i].label, rows[i].value);
  w->y = top - height - 8;

  put_subheading (w, NULL, _("How to check this report"));
  put_bullet (w, &style_body, 0,
              _("The digital signature covers every byte of this file: pdfsig, Adobe Reader or any "
                "PDF reader that validates signatures shows whether the file was changed after "
                "signing, and who signed it."));
  put_bullet (w, &style_body, 0,
              _("probity-cli verify REPORT.pdf --ca CA.pem --db CASES.db checks the signature and "
                "recomputes the values above from the case store: it fails if an answer, the "
                "questionnaire, the reference data or the history differs from what was signed."));
}

static void
render_footers (Writer *w)
{
  g_autofree char *left = NULL;
  g_autoptr(GDateTime) utc = g_date_time_to_utc (w->generated_at);
  g_autofree char *date = pb_i18n_format_date (utc);
  g_autofree char *clean_left = NULL;

  /* Translators: page footer: report title, case id, revision, date */
  left = g_strdup_printf (_("%s · %s rev. %u · %s"),
                          pb_report_template_get_text (w->template, PB_REPORT_TEXT_TITLE),
                          field (w, PB_REPORT_FIELD_CASE_ID) ?: "",
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
      set_gray (w, 0.35);
      draw_text (w, &style_small, MARGIN_LEFT, 32, clean_left, -1);
      draw_text (w, &style_small, PAGE_WIDTH - MARGIN_RIGHT - text_width (w, &style_small, right, -1),
                 32, right, -1);
    }
}

static char *
integrity_to_json (PbReportData *data,
                   const char   *language)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  static const struct { const char *key; PbReportField field; } members[] = {
    { "case", PB_REPORT_FIELD_CASE_ID },
    { "questionnaire", PB_REPORT_FIELD_QUESTIONNAIRE_ID },
    { "questionnaire_version", PB_REPORT_FIELD_QUESTIONNAIRE_VERSION },
    { "questionnaire_sha256", PB_REPORT_FIELD_QUESTIONNAIRE_SHA256 },
    { "answers_fingerprint", PB_REPORT_FIELD_ANSWERS_FINGERPRINT },
    { "history_head", PB_REPORT_FIELD_HISTORY_HEAD },
  };

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      json_builder_set_member_name (builder, members[i].key);
      json_builder_add_string_value (builder, pb_report_data_get_field (data, members[i].field) ?: "");
    }
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, pb_report_data_get_revision (data));
  json_builder_set_member_name (builder, "outcome");
  json_builder_add_string_value (builder, pb_outcome_to_string (pb_report_data_get_outcome (data)));
  json_builder_set_member_name (builder, "language");
  json_builder_add_string_value (builder, language);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static void
set_info (Writer *w)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (w->generated_at);
  g_autofree char *title = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *creator = g_strdup_printf ("Probity %s", PACKAGE_VERSION);
  g_autofree char *integrity = integrity_to_json (w->data, w->language);
  const char *organisation = pb_report_template_get_organisation (w->template);
  const char *assessor = field (w, PB_REPORT_FIELD_ASSESSOR);
  g_autofree char *author = NULL;
  HPDF_Date date = { 0 };

  title = g_strdup_printf ("%s: %s", pb_report_template_get_text (w->template, PB_REPORT_TEXT_TITLE),
                           field (w, PB_REPORT_FIELD_CUSTOMER) ?: "");
  /* Translators: document subject: case id, product, customer */
  subject = g_strdup_printf (_("Case %s: %s for %s"), field (w, PB_REPORT_FIELD_CASE_ID) ?: "",
                             field (w, PB_REPORT_FIELD_PRODUCT) ?: "",
                             field (w, PB_REPORT_FIELD_CUSTOMER) ?: "");
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
save_to_bytes (Writer  *w,
               GError **error)
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
  Writer w = { 0 };
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
        case PB_REPORT_PART_COVER:      render_cover (&w); break;
        case PB_REPORT_PART_SUMMARY:    render_summary (&w); break;
        case PB_REPORT_PART_HEAT_MAP:   render_heat_map (&w); break;
        case PB_REPORT_PART_FLAGS:      render_flags (&w); break;
        case PB_REPORT_PART_ANSWERS:    render_answers (&w); break;
        case PB_REPORT_PART_UNANSWERED: render_unanswered (&w); break;
        case PB_REPORT_PART_SCREENING:  render_screening (&w); break;
        case PB_REPORT_PART_SIGN_OFF:
          /* What was screened is never left out of a report on a screened case. */
          if (pb_report_data_get_screening (data) != NULL && !has_part (parts, n_parts, PB_REPORT_PART_SCREENING))
            render_screening (&w);
          render_sign_off (&w);
          break;
        case PB_REPORT_PART_INTEGRITY:  render_integrity (&w); break;
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
  name = g_file_get_parse_name (file);

  /* A temporary file next to the report, made durable and renamed over it:
   * a full disk or a file-size limit leaves the old report, or none, never
   * a partial one. 0600 like the database: a report names the customer,
   * the risks and the people who decided. */
  if ((path = g_file_get_path (file)) != NULL)
    {
      if (g_file_set_contents_full (path, (const char *) data, length,
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

/* Decodes a PDF literal string starting just after its "(". */
static char *
read_literal_string (const char *p,
                     const char *end)
{
  GString *out = g_string_new (NULL);
  int depth = 0;

  while (p < end)
    {
      char c = *p++;

      if (c == '\\' && p < end)
        {
          char e = *p++;

          if (e >= '0' && e <= '7')
            {
              int value = e - '0';

              for (int n = 0; n < 2 && p < end && *p >= '0' && *p <= '7'; n++)
                value = value * 8 + (*p++ - '0');
              g_string_append_c (out, (char) value);
            }
          else if (e == 'n')
            g_string_append_c (out, '\n');
          else if (e == 'r')
            g_string_append_c (out, '\r');
          else if (e == 't')
            g_string_append_c (out, '\t');
          else if (e == 'b')
            g_string_append_c (out, '\b');
          else if (e == 'f')
            g_string_append_c (out, '\f');
          else if (e == '\r' || e == '\n')
            {
              if (e == '\r' && p < end && *p == '\n')
                p++;
            }
          else
            g_string_append_c (out, e);
        }
      else if (c == '(')
        {
          depth++;
          g_string_append_c (out, c);
        }
      else if (c == ')')
        {
          if (depth == 0)
            return g_string_free (out, FALSE);
          depth--;
          g_string_append_c (out, c);
        }
      else
        g_string_append_c (out, c);
    }

  g_string_free (out, TRUE);
  return NULL;
}

static char *
dup_member (JsonObject *object,
            const char *name)
{
  const char *value = json_object_get_string_member_with_default (object, name, NULL);

  return value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

PbReportIntegrity *
pb_report_read_integrity (GBytes  *pdf,
                          GError **error)
{
  static const char needle[] = "/" INTEGRITY_KEY;
  g_autoptr(PbReportIntegrity) integrity = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = NULL;
  const char *data, *end, *found = NULL, *p;
  JsonObject *object;
  gsize size;

  g_return_val_if_fail (pdf != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (pdf, &size);
  end = data + size;

  /* The last occurrence is the one a reader of the newest Info sees. */
  for (p = data; p != NULL && p < end; )
    {
      p = memmem (p, end - p, needle, sizeof needle - 1);
      if (p != NULL)
        {
          found = p;
          p += sizeof needle - 1;
        }
    }

  if (found != NULL)
    {
      p = found + sizeof needle - 1;
      while (p < end && g_ascii_isspace (*p))
        p++;
      if (p < end && *p == '(')
        json = read_literal_string (p + 1, end);
    }

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, PB_REPORT_ERROR, PB_REPORT_ERROR_NO_INTEGRITY,
                   _("The file has no Probity integrity record"));
      return NULL;
    }

  object = json_node_get_object (json_parser_get_root (parser));
  integrity = g_new0 (PbReportIntegrity, 1);
  integrity->case_id = dup_member (object, "case");
  integrity->revision = json_object_get_int_member_with_default (object, "revision", 0);
  integrity->questionnaire_id = dup_member (object, "questionnaire");
  integrity->questionnaire_version = dup_member (object, "questionnaire_version");
  integrity->questionnaire_sha256 = dup_member (object, "questionnaire_sha256");
  integrity->answers_fingerprint = dup_member (object, "answers_fingerprint");
  integrity->history_head = dup_member (object, "history_head");
  integrity->outcome = dup_member (object, "outcome");
  integrity->language = dup_member (object, "language");

  if (integrity->case_id == NULL)
    {
      g_set_error (error, PB_REPORT_ERROR, PB_REPORT_ERROR_NO_INTEGRITY,
                   _("The integrity record of the file names no case"));
      return NULL;
    }

  return g_steal_pointer (&integrity);
}

void
pb_report_integrity_free (PbReportIntegrity *integrity)
{
  if (integrity == NULL)
    return;

  g_free (integrity->case_id);
  g_free (integrity->questionnaire_id);
  g_free (integrity->questionnaire_version);
  g_free (integrity->questionnaire_sha256);
  g_free (integrity->answers_fingerprint);
  g_free (integrity->history_head);
  g_free (integrity->outcome);
  g_free (integrity->language);
  g_free (integrity);
}
