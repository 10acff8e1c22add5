/* pb-report.h: the PDF report of a case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-report-data.h"
#include "pb-report-template.h"
#include "pb-report-types.h"

G_BEGIN_DECLS

/* Where the signer may draw the visible signature: a free rectangle on the
 * sign-off page, in PDF points from the bottom-left corner of the page. */
typedef struct
{
  guint   page_index;   /* 0-based */
  double  x;
  double  y;
  double  width;
  double  height;
} PbReportSignatureBox;

/* The integrity values a report carries in its document information
 * (/ProbityIntegrity, a JSON text), so that a report can be checked against
 * the case store without a PDF library. */
typedef struct
{
  char   *case_id;
  guint   revision;
  char   *questionnaire_id;
  char   *questionnaire_version;
  char   *questionnaire_sha256;
  char   *answers_fingerprint;
  char   *history_head;
  char   *outcome;
  char   *language;    /* the code of the language the report is written in; NULL in older reports */
} PbReportIntegrity;

/* Renders the unsigned PDF (A4, fonts embedded, compressed, with an outline
 * and "Page n of N" footers). The same @data, @template and @generated_at
 * give byte-identical output: the document dates come from @generated_at and
 * libharu writes no /ID. CJK text uses a subset of the template's CJK font
 * holding just the characters shown. When @signature_box is not NULL it
 * receives the place kept free for the visible signature. It is written in
 * the calling thread's language (pb_language_scope_enter(); else the
 * interface's), which it names in its integrity block and record; fill
 * @data in the same language. Thread-safe for distinct documents; @data
 * and @template are only read. */
GBytes             *pb_report_render              (PbReportData          *data,
                                                   PbReportTemplate      *template,
                                                   GDateTime             *generated_at,
                                                   PbReportSignatureBox  *signature_box,
                                                   GError               **error);
/* Writes @pdf to @file through a temporary file in the same folder and a
 * rename, so a failure leaves no partial file behind. */
gboolean            pb_report_write               (GBytes                *pdf,
                                                   GFile                 *file,
                                                   GError               **error);
/* Reads the integrity record back from the bytes of a report (signed or
 * not). Fails with PB_REPORT_ERROR_NO_INTEGRITY when there is none. */
PbReportIntegrity  *pb_report_read_integrity      (GBytes                *pdf,
                                                   GError               **error);
void                pb_report_integrity_free      (PbReportIntegrity     *integrity);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbReportIntegrity, pb_report_integrity_free)

G_END_DECLS
