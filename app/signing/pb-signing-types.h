/* pb-signing-types.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PB_SIGNING_ERROR (pb_signing_error_quark ())

typedef enum
{
  PB_SIGNING_ERROR_FAILED,
  PB_SIGNING_ERROR_UNREADABLE,             /* the file cannot be read, or is not PKCS#12 */
  PB_SIGNING_ERROR_WRONG_PASSPHRASE,
  PB_SIGNING_ERROR_NO_KEY,                 /* no private key, or it does not match the certificate */
  PB_SIGNING_ERROR_CERT_EXPIRED,
  PB_SIGNING_ERROR_CERT_NOT_YET_VALID,
  PB_SIGNING_ERROR_CERT_NO_SIGNING_USAGE,  /* keyUsage lacks digitalSignature and nonRepudiation */
  PB_SIGNING_ERROR_MALFORMED_PDF,
  PB_SIGNING_ERROR_UNSUPPORTED_PDF,        /* xref streams, encryption */
  PB_SIGNING_ERROR_PLACEHOLDER_TOO_SMALL,
  PB_SIGNING_ERROR_CRYPTO,                 /* OpenSSL failed to build or parse a CMS */
  PB_SIGNING_ERROR_NO_SIGNATURE,
  PB_SIGNING_ERROR_NOT_WHOLE_FILE,         /* the ByteRange leaves bytes unsigned */
  PB_SIGNING_ERROR_DIGEST_MISMATCH,        /* the signed bytes were changed */
  PB_SIGNING_ERROR_UNTRUSTED,              /* the certificate chain does not verify */
  PB_SIGNING_ERROR_TSA_UNREACHABLE,        /* no answer from the time-stamp authority */
  PB_SIGNING_ERROR_TSA_REFUSED,            /* it refused, or answered for other data */
  PB_SIGNING_ERROR_TIMESTAMP_INVALID,      /* a time-stamp token does not verify */
  PB_SIGNING_ERROR_REVOKED,                /* revocation data says a certificate is revoked */
  PB_SIGNING_ERROR_REVOCATION_UNAVAILABLE, /* an OCSP responder or CRL cannot be reached */
  PB_SIGNING_ERROR_PIN_REQUIRED,           /* the token needs a PIN and has no PIN pad */
  PB_SIGNING_ERROR_TOKEN,                  /* no such token, or it failed */
  PB_SIGNING_ERROR_TOKEN_REMOVED,          /* the token went away */
  PB_SIGNING_ERROR_UNSUPPORTED_KEY,        /* a key type we cannot sign a PAdES signature with */
} PbSigningError;

GQuark pb_signing_error_quark (void);

G_END_DECLS
