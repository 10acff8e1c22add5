/* pb-pdf-validation-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-pdf-validation.h"

G_BEGIN_DECLS

/* Every signature's parts (certificates, CMS, revisions) with nothing
 * trusted: for collecting validation data, where loading the system's
 * trust store would only cost time. */
PbPdfValidation *pb_pdf_validate_untrusted (GBytes  *pdf,
                                            GError **error);

G_END_DECLS
