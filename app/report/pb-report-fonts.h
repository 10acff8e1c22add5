/* pb-report-fonts.h: the report's fonts, each a subset of what it draws
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <hpdf.h>

#include "pb-report-data.h"
#include "pb-report-template.h"
#include "pb-text-layout.h"

G_BEGIN_DECLS

typedef enum
{
  PB_REPORT_FACE_REGULAR,
  PB_REPORT_FACE_BOLD,
} PbReportFace;

/* The characters a rendering embeds: those of the data and the template
 * and a base set of the report's own words, known before it draws, and
 * those it turned out to lack, learnt while it draws. A rendering that
 * missed some is thrown away and done again with them
 * (pb_report_charset_update()). */
typedef struct _PbReportCharset PbReportCharset;

PbReportCharset *pb_report_charset_new     (PbReportData      *data,
                                            PbReportTemplate  *template);
gboolean         pb_report_charset_missed  (PbReportCharset   *charset);
/* Takes in what the last rendering missed. */
void             pb_report_charset_update  (PbReportCharset   *charset);
void             pb_report_charset_free    (PbReportCharset   *charset);

/* The fonts of one document: Regular and Bold for Latin, Greek, Cyrillic,
 * Hebrew and Arabic, one for CJK; each loaded on first use. */
typedef struct _PbReportFonts PbReportFonts;

PbReportFonts   *pb_report_fonts_new        (HPDF_Doc           pdf,
                                             PbReportTemplate  *template,
                                             PbReportCharset   *charset);
void             pb_report_fonts_free       (PbReportFonts     *fonts);
/* NULL after a font error (see pb_report_fonts_finish()). */
HPDF_Font        pb_report_fonts_get        (PbReportFonts     *fonts,
                                             PbReportFace       face,
                                             PbFontScript       script);
/* The advance of @ch at size 1000; 0 after a font error. */
double           pb_report_fonts_char_width (PbReportFonts     *fonts,
                                             PbReportFace       face,
                                             PbFontScript       script,
                                             gunichar           ch);
/* @length bytes of @text as libharu must be handed them for the font of
 * @script (characters above U+FFFF get their Private Use Area codes). */
char            *pb_report_fonts_encode     (PbReportFonts     *fonts,
                                             PbFontScript       script,
                                             const char        *text,
                                             gsize              length);
/* Fails with the first font error of the document; otherwise replaces the
 * ToUnicode CMap of every font used with a correct one. */
gboolean         pb_report_fonts_finish     (PbReportFonts     *fonts,
                                             GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbReportCharset, pb_report_charset_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbReportFonts, pb_report_fonts_free)

G_END_DECLS
