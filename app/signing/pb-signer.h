/* pb-signer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-signing-types.h"

G_BEGIN_DECLS

#define PB_TYPE_SIGNER (pb_signer_get_type ())

G_DECLARE_FINAL_TYPE (PbSigner, pb_signer, PB, SIGNER, GObject)

/* Loads the private key, certificate and chain of a PKCS#12 file. The
 * passphrase stays the caller's to wipe; no copy of it outlives the call.
 * Fails when the certificate is not valid now or may not sign. */
PbSigner   *pb_signer_new_from_pkcs12      (const char  *path,
                                            const char  *passphrase,
                                            GError     **error);
/* The same in a worker thread; the copy of @passphrase it keeps is wiped
 * when the task ends. */
void        pb_signer_new_from_pkcs12_async  (const char          *path,
                                              const char          *passphrase,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
PbSigner   *pb_signer_new_from_pkcs12_finish (GAsyncResult        *result,
                                              GError             **error);
const char *pb_signer_get_common_name      (PbSigner    *self);
/* NULL when the certificate names no e-mail address. */
const char *pb_signer_get_email            (PbSigner    *self);
/* Lowercase hex SHA-256 of the certificate's DER, 64 characters. */
const char *pb_signer_get_fingerprint      (PbSigner    *self);
GDateTime  *pb_signer_get_not_before       (PbSigner    *self);
GDateTime  *pb_signer_get_not_after        (PbSigner    *self);

G_END_DECLS
