/* pb-pkcs11-token-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <openssl/x509.h>

G_BEGIN_DECLS

typedef struct _PbToken PbToken;

/* Opens the token object an RFC 7512 URI names, logs in with @pin (NULL:
 * the reader's PIN pad, when it has one) and returns its certificate in
 * @cert. The PIN is not kept. */
PbToken    *pb_token_open      (const char    *uri,
                                const char    *pin,
                                X509         **cert,
                                GError       **error);
/* A signature of @data by the token's key: SHA-256 with RSA PKCS#1 v1.5,
 * or ECDSA (as DER) when @is_ec. */
GBytes     *pb_token_sign      (PbToken       *self,
                                gboolean       is_ec,
                                const guint8  *data,
                                gsize          len,
                                GError       **error);
const char *pb_token_get_label (PbToken       *self);
void        pb_token_free      (PbToken       *self);
/* PbTokenCertificate (pb-signer.h) of every token present. */
GPtrArray  *pb_token_list_certificates (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbToken, pb_token_free)

G_END_DECLS
