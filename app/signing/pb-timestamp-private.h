/* pb-timestamp-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <openssl/x509.h>

#include "pb-timestamp.h"

G_BEGIN_DECLS

/* The OID of the CAdES signature-time-stamp unsigned attribute. */
#define PB_OID_SIGNATURE_TIMESTAMP "1.2.840.113549.1.9.16.2.14"

gboolean pb_timestamp_verify_with_store (GBytes          *token,
                                         const guint8    *sha256,
                                         X509_STORE      *store,
                                         GDateTime       *at,
                                         PbTimestampInfo *info,
                                         GError         **error);

G_END_DECLS
