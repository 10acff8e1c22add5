/* pb-signer-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "pb-signer.h"
#include "pb-x509-private.h"

G_BEGIN_DECLS

EVP_PKEY        *pb_signer_get_key   (PbSigner *self);
X509            *pb_signer_get_cert  (PbSigner *self);
STACK_OF (X509) *pb_signer_get_chain (PbSigner *self);
/* A signature over @data with SHA-256, by the key wherever it is. */
GBytes          *pb_signer_sign_data (PbSigner      *self,
                                      const guint8  *data,
                                      gsize          len,
                                      GError       **error);

G_END_DECLS
