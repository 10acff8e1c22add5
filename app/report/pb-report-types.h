/* pb-report-types.h: the error domain of the report layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PB_REPORT_ERROR (pb_report_error_quark ())

typedef enum
{
  PB_REPORT_ERROR_FAILED,
  PB_REPORT_ERROR_TEMPLATE,     /* a template file that is unreadable or wrong */
  PB_REPORT_ERROR_FONT,         /* a font or logo that cannot be loaded */
  PB_REPORT_ERROR_PDF,          /* libharu failed to build the document */
  PB_REPORT_ERROR_NO_INTEGRITY, /* a PDF without a readable integrity record */
} PbReportError;

GQuark pb_report_error_quark (void);

G_END_DECLS
