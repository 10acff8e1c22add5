/* pb-screening-types.h: error domain of list import and screening
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PB_SCREENING_ERROR (pb_screening_error_quark ())

typedef enum
{
  PB_SCREENING_ERROR_FAILED,
  PB_SCREENING_ERROR_FORMAT,     /* not a list file of a known format, or not the one asked for */
  PB_SCREENING_ERROR_PARSE,      /* malformed XML, CSV or JSON; not UTF-8 */
  PB_SCREENING_ERROR_TRUNCATED,  /* the file ends in the middle */
  PB_SCREENING_ERROR_LAYOUT,     /* well-formed, but a column or element the format has is missing */
  PB_SCREENING_ERROR_LIMIT,      /* a field, entry or nesting beyond what any real list has */
  PB_SCREENING_ERROR_EMPTY,      /* a list without a single entry */
  PB_SCREENING_ERROR_CANCELLED,
} PbScreeningError;

GQuark pb_screening_error_quark (void);

G_END_DECLS
