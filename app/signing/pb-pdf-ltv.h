/* pb-pdf-ltv.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-signing-types.h"

G_BEGIN_DECLS

/* Long-term validation (PAdES B-LT and B-LTA, EN 319 142-1, 5.4): what a
 * validator needs years later, when certificates have expired and their
 * authorities are gone, kept in the PDF itself. */

typedef struct
{
  GPtrArray  *certificates;    /* GBytes, DER or PEM: more certificates for the chains */
  GPtrArray  *crls;            /* GBytes, DER or PEM */
  GPtrArray  *ocsp_responses;  /* GBytes, DER OCSPResponse */
  gboolean    fetch;           /* also fetch OCSP responses and CRLs from the certificates' URLs */
  guint       timeout;         /* seconds per request; 0: 30 */
  gboolean    require_signers; /* fail unless every signer's certificate gets revocation data (B-LT) */
} PbValidationDataOptions;

typedef enum
{
  PB_VALIDATION_DATA_CERTIFICATES,    /* one or more, DER or PEM */
  PB_VALIDATION_DATA_CRL,             /* DER or PEM */
  PB_VALIDATION_DATA_OCSP_RESPONSE,   /* DER */
} PbValidationDataKind;

/* Whether @bytes, a file named @name given for @kind, hold it: the error
 * (PB_SIGNING_ERROR_UNREADABLE) names @name. pb_pdf_add_validation_data()
 * keeps nothing of what this refuses; check what a person gives first. */
gboolean pb_validation_data_check     (PbValidationDataKind            kind,
                                       GBytes                         *bytes,
                                       const char                     *name,
                                       GError                        **error);

/* B-LT: appends an incremental update with a Document Security Store
 * holding the certificate chains of every signature and time-stamp in
 * @pdf and revocation data for them (given, or fetched when
 * @options->fetch). Fails, writing nothing, when revocation data says a
 * certificate is revoked, or when fetching fails. */
GBytes *pb_pdf_add_validation_data    (GBytes                         *pdf,
                                       const PbValidationDataOptions  *options,
                                       GError                        **error);

/* B-LTA: appends a document time-stamp (ETSI.RFC3161) over the whole file
 * from the TSA at @tsa_url. Adding one before the previous time-stamp's
 * TSA certificate expires keeps the file verifiable: the archive routine
 * of a records office (`probity-cli report extend`). */
GBytes *pb_pdf_add_document_timestamp (GBytes                         *pdf,
                                       const char                     *tsa_url,
                                       guint                           timeout,
                                       GError                        **error);

G_END_DECLS
