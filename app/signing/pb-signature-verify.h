/* pb-signature-verify.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-signing-types.h"

G_BEGIN_DECLS

typedef struct _PbSignatureInfo PbSignatureInfo;

/* What pb_pdf_verify() found out about the newest signature of a PDF. */
struct _PbSignatureInfo
{
  guint      n_signatures;
  gboolean   covers_whole_file;   /* the ByteRange spans the file but /Contents */
  gboolean   digest_ok;           /* the CMS signature is valid for those bytes */
  gboolean   chain_ok;            /* the signer chains up to a trusted CA */
  char      *chain_error;         /* why not, when !chain_ok */
  char      *field_name;
  char      *sub_filter;          /* "ETSI.CAdES.detached", "adbe.pkcs7.detached" */
  char      *signer_common_name;
  char      *signer_email;
  char      *signer_fingerprint;  /* lowercase hex SHA-256 of the certificate */
  GDateTime *signing_time;        /* claimed by the signer: /M, else the CMS signingTime */
  char      *reason;
  char      *location;
};

#define PB_TYPE_SIGNATURE_INFO (pb_signature_info_get_type ())

GType            pb_signature_info_get_type (void) G_GNUC_CONST;
PbSignatureInfo *pb_signature_info_copy     (const PbSignatureInfo *info);
void             pb_signature_info_free     (PbSignatureInfo       *info);

/* Verifies the newest signature of @pdf: that it covers the whole file but
 * its own /Contents, that the CMS is valid for those bytes, and that the
 * signer's certificate chains up to a CA in @ca_file (PEM) or, when NULL,
 * the system store. The chain is checked at the claimed signing time.
 * Returns TRUE only when all three hold; the error names the first check
 * that failed. @info is set whenever a signature was found, also on
 * failure, so that callers can say which checks passed. */
gboolean         pb_pdf_verify              (GBytes                *pdf,
                                             const char            *ca_file,
                                             PbSignatureInfo      **info,
                                             GError               **error);

/* The same in a worker thread. The result's info may be NULL when no
 * signature was found; it is the caller's to free. */
void             pb_pdf_verify_async        (GBytes                *pdf,
                                             const char            *ca_file,
                                             GCancellable          *cancellable,
                                             GAsyncReadyCallback    callback,
                                             gpointer               user_data);
gboolean         pb_pdf_verify_finish       (GAsyncResult          *result,
                                             PbSignatureInfo      **info,
                                             GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbSignatureInfo, pb_signature_info_free)

G_END_DECLS
