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

/* A PKCS#12 file holds a key and a few certificates: a few kilobytes. */
#define PB_SIGNER_PKCS12_MAX_SIZE (1024 * 1024)

/* Loads the private key, certificate and chain of a PKCS#12 file, a
 * regular file of at most PB_SIGNER_PKCS12_MAX_SIZE bytes. The
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
/* The certificate and key of a PKCS#11 token object named by an RFC 7512
 * URI ("pkcs11:token=Card;object=Signature"; module-path= picks a module,
 * else p11-kit's registered ones are searched). @pin logs in; NULL uses the
 * reader's PIN pad, or fails with PB_SIGNING_ERROR_PIN_REQUIRED so that the
 * caller can ask. The PIN is not kept; the token stays logged in while the
 * signer lives. */
PbSigner   *pb_signer_new_from_pkcs11      (const char  *uri,
                                            const char  *pin,
                                            GError     **error);
/* The same in a worker thread; the copy of @pin it keeps is wiped when
 * the task ends. */
void        pb_signer_new_from_pkcs11_async  (const char          *uri,
                                              const char          *pin,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
PbSigner   *pb_signer_new_from_pkcs11_finish (GAsyncResult        *result,
                                              GError             **error);

/* A certificate on a PKCS#11 token, for people to choose from. */
typedef struct
{
  char *uri;           /* RFC 7512, for pb_signer_new_from_pkcs11() */
  char *name;          /* the certificate's common name, else its subject */
  char *token_label;
  char *issuer;        /* the issuer's common name, else its subject */
  GDateTime *not_after;
} PbTokenCertificate;

void        pb_token_certificate_free      (PbTokenCertificate *certificate);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbTokenCertificate, pb_token_certificate_free)

/* The end-entity certificates on every token present in p11-kit's
 * registered modules (trust-policy modules left out), without logging in;
 * a PbTokenCertificate array, empty when there are none. Blocks: modules
 * may take a while to load, so call it from a worker thread. */
GPtrArray  *pb_signer_list_token_certificates (void);

/* The token's label, or NULL for a PKCS#12 signer. */
const char *pb_signer_get_token_label      (PbSigner    *self);
const char *pb_signer_get_common_name      (PbSigner    *self);
/* NULL when the certificate names no e-mail address. */
const char *pb_signer_get_email            (PbSigner    *self);
/* Lowercase hex SHA-256 of the certificate's DER, 64 characters. */
const char *pb_signer_get_fingerprint      (PbSigner    *self);
GDateTime  *pb_signer_get_not_before       (PbSigner    *self);
GDateTime  *pb_signer_get_not_after        (PbSigner    *self);

G_END_DECLS
