/* pb-pdf-signer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-signer.h"

G_BEGIN_DECLS

typedef struct
{
  GDateTime  *signing_time;   /* NULL: now */
  const char *reason;
  const char *location;
  const char *contact_info;
  const char *signer_name;    /* NULL: the certificate's common name */
  const char *signer_role;    /* shown in the visible appearance */
  /* Translates the visible appearance's words (messages of the probity
   * domain), so that it reads in the document's language; NULL: the
   * interface's language. */
  const char *(*translate) (const char *msgid);

  /* A visible signature: a box on a page, in PDF points from the page's
   * lower left corner. Without it the signature field is invisible. */
  gboolean    visible;
  int         page_index;     /* 0-based; negative counts from the end, -1 is the last page */
  double      x;
  double      y;
  double      width;
  double      height;

  gsize       contents_size;  /* bytes reserved for the CMS; 0 sizes it from the chain */

  /* PAdES B-T: an RFC 3161 signature time-stamp from this TSA (http://).
   * Signing fails, and writes nothing, when the TSA does not answer well. */
  const char *tsa_url;
  guint       tsa_timeout;    /* seconds; 0: 30 */
} PbSignatureOptions;

/* Appends a PAdES B-B (with @options->tsa_url, B-T) signature (ETSI.CAdES.detached, SHA-256) to @pdf as
 * an incremental update: the result starts with the bytes of @pdf,
 * unchanged. @options may be NULL. */
GBytes *pb_pdf_sign (GBytes                   *pdf,
                     PbSigner                 *signer,
                     const PbSignatureOptions *options,
                     GError                  **error);

/* The same in a worker thread; @options is copied. */
void    pb_pdf_sign_async  (GBytes                   *pdf,
                            PbSigner                 *signer,
                            const PbSignatureOptions *options,
                            GCancellable             *cancellable,
                            GAsyncReadyCallback       callback,
                            gpointer                  user_data);
GBytes *pb_pdf_sign_finish (GAsyncResult             *result,
                            GError                  **error);

G_END_DECLS
