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

G_END_DECLS
