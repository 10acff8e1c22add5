/* pb-signer-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "pb-signer.h"

G_BEGIN_DECLS

EVP_PKEY        *pb_signer_get_key   (PbSigner *self);
X509            *pb_signer_get_cert  (PbSigner *self);
STACK_OF (X509) *pb_signer_get_chain (PbSigner *self);

char            *pb_x509_dup_common_name   (X509            *cert);
char            *pb_x509_dup_email         (X509            *cert);
char            *pb_x509_dup_fingerprint   (X509            *cert);
GDateTime       *pb_asn1_time_to_date_time (const ASN1_TIME *time);

G_END_DECLS
