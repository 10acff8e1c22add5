/* pb-pdf-changes-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-pdf-parser.h"
#include "pb-pdf-validation.h"

G_BEGIN_DECLS

PbPdfChange *pb_pdf_change_new (PbPdfChangeKind  kind,
                                gboolean         allowed,
                                guint            revision,
                                gint64           object,
                                char            *description);

/* Compares what a reader saw in @revision (0-based) with the newest
 * revision of @doc, object by object, and appends to @changes (PbPdfChange)
 * every difference that is not part of adding a signature, a document
 * time-stamp or validation data: a changed or deleted object, a new
 * annotation or form field, a replaced catalog, bytes in no revision.
 * Allowed additions are not listed here; the caller names the signatures
 * and DSS updates that made them. */
void         pb_pdf_collect_changes (PbPdfDocument *doc,
                                     guint          revision,
                                     gsize          covered_end,
                                     GPtrArray     *changes);

/* TRUE when @revision (0-based, > 0) adds or changes the catalog's /DSS. */
gboolean     pb_pdf_revision_changes_dss (PbPdfDocument *doc,
                                          guint          revision);

G_END_DECLS
