/* pb-pdf-signer-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* An incremental update adding a Document Security Store with these DER
 * certificates, CRLs and OCSP responses (GBytes), kept beside any there,
 * and a VRI entry for each signature named in @vri_keys (char *, the
 * uppercase hex SHA-1 of its /Contents) listing them all. */
GBytes *pb_pdf_append_dss                (GBytes      *pdf,
                                          GPtrArray   *certs,
                                          GPtrArray   *crls,
                                          GPtrArray   *ocsps,
                                          GPtrArray   *vri_keys,
                                          GError     **error);
/* An incremental update adding a document time-stamp (ETSI.RFC3161). */
GBytes *pb_pdf_append_document_timestamp (GBytes      *pdf,
                                          const char  *tsa_url,
                                          guint        timeout,
                                          GError     **error);

G_END_DECLS
