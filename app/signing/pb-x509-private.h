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

/* Trust anchors (and CRLs) from PEM; @name names them in errors. NULL
 * @pem: the system's trusted certificates. */
X509_STORE *pb_x509_store_new         (GBytes          *pem,
                                       const char      *name,
                                       GError         **error);

G_END_DECLS
