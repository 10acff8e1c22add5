/* pb-x509-private.h: certificate helpers shared by signing and validation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <openssl/x509.h>

G_BEGIN_DECLS

char       *pb_x509_dup_common_name   (X509            *cert);
char       *pb_x509_dup_subject       (X509            *cert);
char       *pb_x509_dup_issuer        (X509            *cert);
char       *pb_x509_dup_email         (X509            *cert);
char       *pb_x509_dup_fingerprint   (X509            *cert);
GBytes     *pb_x509_to_der            (X509            *cert);
GDateTime  *pb_asn1_time_to_date_time (const ASN1_TIME *time);

/* NULL when @cert may sign documents; else why not, translated: it is a
 * CA's or a self-signed certificate, or its key usage or extended key
 * usage is for something else (a TLS server, code signing). */
char       *pb_x509_check_signing_usage (X509           *cert);

/* NULL when @cert chains up to an anchor of @store at @at, with
 * @untrusted as intermediates; else OpenSSL's reason. */
char       *pb_x509_check_chain       (X509            *cert,
                                       STACK_OF (X509) *untrusted,
                                       X509_STORE      *store,
                                       GDateTime       *at);

typedef enum
{
  PB_REVOCATION_UNKNOWN,
  PB_REVOCATION_GOOD,
  PB_REVOCATION_REVOKED,
} PbRevocationStatus;

/* What the CRLs and OCSP responses (DER GBytes) say of @cert, issued by
 * @issuer. With @store, an OCSP response counts only when its signature and
 * responder verify; CRLs must be signed by @issuer. @source is set to
 * "OCSP" or "CRL", @revoked_at (may be NULL) to the revocation time. */
PbRevocationStatus pb_x509_revocation_status (X509             *cert,
                                              X509             *issuer,
                                              GPtrArray        *crls,
                                              GPtrArray        *ocsps,
                                              STACK_OF (X509)  *untrusted,
                                              X509_STORE       *store,
                                              GDateTime       **revoked_at,
                                              const char      **source);
/* The certificate of @pool that issued @cert, or NULL. */
X509              *pb_x509_find_issuer       (X509             *cert,
                                              STACK_OF (X509)  *pool);

/* Trust anchors (and CRLs) from PEM; @name names them in errors. NULL
 * @pem: the system's trusted certificates. */
X509_STORE *pb_x509_store_new         (GBytes          *pem,
                                       const char      *name,
                                       GError         **error);

G_END_DECLS
