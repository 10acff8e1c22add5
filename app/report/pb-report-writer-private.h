/* pb-report-writer-private.h: what the files of the report share
 *
 * The writer a rendering draws with (pb-report.c makes one per rendering),
 * the page geometry and text styles, the drawing primitives
 * (pb-report-writer.c), and the parts a template may list, each in the
 * file named above its functions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <hpdf.h>

#include "pb-report.h"
#include "pb-report-data-private.h"
#include "pb-report-fonts.h"

G_BEGIN_DECLS

#define PAGE_WIDTH    595.276
#define PAGE_HEIGHT   841.89
#define MARGIN_LEFT   56.0
#define MARGIN_RIGHT  56.0
#define MARGIN_TOP    60.0
#define MARGIN_BOTTOM 64.0
#define CONTENT_WIDTH (PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT)
#define LABEL_WIDTH   150.0

#define INTEGRITY_KEY "ProbityIntegrity"

typedef struct
{
  PbReportFace face;
  double  size;
  double  leading;
  double  gray;       /* text colour */
} PbReportStyle;

/* Constants: each file that includes this header keeps the few it uses. */
static const PbReportStyle style_body    = { PB_REPORT_FACE_REGULAR, 9.5, 13.0, 0.10 };
static const PbReportStyle style_bold    = { PB_REPORT_FACE_BOLD, 9.5, 13.0, 0.10 };
static const PbReportStyle style_small   = { PB_REPORT_FACE_REGULAR, 8.0, 10.5, 0.30 };
static const PbReportStyle style_hash    = { PB_REPORT_FACE_REGULAR, 7.5, 13.0, 0.10 };  /* 64 hex digits on one line */
static const PbReportStyle style_h1      = { PB_REPORT_FACE_BOLD, 16.0, 22.0, 0.10 };
static const PbReportStyle style_h2      = { PB_REPORT_FACE_BOLD, 12.0, 17.0, 0.10 };
static const PbReportStyle style_title   = { PB_REPORT_FACE_BOLD, 22.0, 28.0, 0.10 };

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
} PbReportWriter;

/* pb-report-writer.c */

double
_pb_report_text_width (PbReportWriter      *w,
                       const PbReportStyle *style,
                       const char          *text,
                       gssize               length);

void
_pb_report_set_gray (PbReportWriter *w,
                     double          gray);

void
_pb_report_draw_text (PbReportWriter      *w,
                      const PbReportStyle *style,
                      double               x,
                      double               y,
                      const char          *text,
                      gssize               length);

void
_pb_report_new_page (PbReportWriter *w);

void
_pb_report_ensure_space (PbReportWriter *w,
                         double          height);

void
_pb_report_put_text_at (PbReportWriter      *w,
                        const PbReportStyle *style,
                        double               x,
                        double               width,
                        const char          *text);

void
_pb_report_put_paragraph (PbReportWriter      *w,
                          const PbReportStyle *style,
                          double               indent,
                          const char          *text);

void
_pb_report_put_space (PbReportWriter *w,
                      double          height);

void
_pb_report_put_bullet (PbReportWriter      *w,
                       const PbReportStyle *style,
                       double               indent,
                       const char          *text);

void
_pb_report_put_field_at (PbReportWriter      *w,
                         const PbReportStyle *style,
                         double               indent,
                         const char          *label,
                         const char          *value);

void
_pb_report_put_field (PbReportWriter *w,
                      const char     *label,
                      const char     *value);

double
_pb_report_field_height (PbReportWriter      *w,
                         const PbReportStyle *style,
                         double               indent,
                         const char          *label,
                         const char          *value);

HPDF_Outline
_pb_report_add_outline (PbReportWriter *w,
                        HPDF_Outline    parent,
                        const char     *title);

HPDF_Outline
_pb_report_put_heading (PbReportWriter *w,
                        const char     *title,
                        gboolean        new_page_first);

void
_pb_report_put_subheading (PbReportWriter *w,
                           HPDF_Outline    parent,
                           const char     *title);

void
_pb_report_fill_rect (PbReportWriter      *w,
                      const PbReportColor *color,
                      double               x,
                      double               y,
                      double               width,
                      double               height);

void
_pb_report_put_band (PbReportWriter      *w,
                     const PbReportColor *color,
                     const char          *label,
                     const char          *word,
                     double               height);

PbReportColor
_pb_report_level_color (PbReportWriter *w,
                        PbSeverity      level);

char *
_pb_report_format_date_time (GDateTime *date);

char *
_pb_report_format_date (const char *iso);

const char *
_pb_report_field (PbReportWriter *w,
                  PbReportField   which);

const char *
_pb_report_outcome_label (PbReportWriter *w);

/* pb-report-summary.c */

void
_pb_report_put_decision (PbReportWriter *w);

void
_pb_report_render_cover (PbReportWriter *w);

void
_pb_report_render_summary (PbReportWriter *w);

/* pb-report-flags.c */

void
_pb_report_render_heat_map (PbReportWriter *w);

void
_pb_report_render_flags (PbReportWriter *w);

/* pb-report-answers.c */

void
_pb_report_render_answers (PbReportWriter *w);

void
_pb_report_render_unanswered (PbReportWriter *w);

/* pb-report-screening.c */

void
_pb_report_render_screening (PbReportWriter *w);

/* pb-report-sign-off.c */

void
_pb_report_render_sign_off (PbReportWriter *w);

/* pb-report-integrity.c */

void
_pb_report_render_integrity (PbReportWriter *w);

char *
_pb_report_integrity_to_json (PbReportData *data,
                              const char   *language);

G_END_DECLS
