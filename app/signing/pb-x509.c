/* pb-x509.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-x509"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "pb-signing-types.h"
#include "pb-x509-private.h"

/* Extended key usages that may sign a document: RFC 9336 document signing,
 * and those Adobe Acrobat accepts (Adobe Authentic Documents Trust,
 * Microsoft Document Signing, e-mail protection, any usage). No extended
 * key usage at all means no restriction (RFC 5280, 4.2.1.12). */
static const char * const signing_ekus[] = {
  "1.3.6.1.5.5.7.3.36",
  "1.2.840.113583.1.1.5",
  "1.3.6.1.4.1.311.10.3.12",
  "1.3.6.1.5.5.7.3.4",
  "2.5.29.37.0",
};

GDateTime *
pb_asn1_time_to_date_time (const ASN1_TIME *time)
{
  struct tm tm = { 0 };

  if (time == NULL || ASN1_TIME_to_tm (time, &tm) != 1)
    return NULL;

  return g_date_time_new_utc (tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                              tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static char *
name_entry_utf8 (const X509_NAME *name,
                 int              nid)
{
  unsigned char *utf8 = NULL;
  X509_NAME_ENTRY *entry;
  char *ret;
  int index;
  int len;

  index = X509_NAME_get_index_by_NID (name, nid, -1);
  if (index < 0)
    return NULL;
  entry = X509_NAME_get_entry (name, index);
  len = ASN1_STRING_to_UTF8 (&utf8, X509_NAME_ENTRY_get_data (entry));
  if (len < 0)
    return NULL;
  ret = g_strndup ((const char *) utf8, len);
  OPENSSL_free (utf8);
  return ret;
}

static char *
name_to_string (const X509_NAME *name)
{
  BIO *bio = BIO_new (BIO_s_mem ());
  char *text = NULL;
  char *data;
  long len;

  if (bio == NULL)
    return g_strdup ("");
  if (X509_NAME_print_ex (bio, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) >= 0)
    {
      len = BIO_get_mem_data (bio, &data);
      text = g_strndup (data, len);
    }
  BIO_free (bio);
  return text != NULL ? text : g_strdup ("");
}

char *
pb_x509_dup_subject (X509 *cert)
{
  return name_to_string (X509_get_subject_name (cert));
}

char *
pb_x509_dup_issuer (X509 *cert)
{
  return name_to_string (X509_get_issuer_name (cert));
}

char *
pb_x509_dup_common_name (X509 *cert)
{
  char *name = name_entry_utf8 (X509_get_subject_name (cert), NID_commonName);

  return name != NULL ? name : pb_x509_dup_subject (cert);
}

char *
pb_x509_dup_email (X509 *cert)
{
  STACK_OF (OPENSSL_STRING) *emails = X509_get1_email (cert);
  char *email = NULL;

  if (emails != NULL && sk_OPENSSL_STRING_num (emails) > 0)
    email = g_strdup (sk_OPENSSL_STRING_value (emails, 0));
  X509_email_free (emails);
  return email;
}

char *
pb_x509_dup_fingerprint (X509 *cert)
{
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  GString *hex;

  if (X509_digest (cert, EVP_sha256 (), md, &md_len) != 1)
    return NULL;
  hex = g_string_sized_new (md_len * 2);
  for (unsigned int i = 0; i < md_len; i++)
    g_string_append_printf (hex, "%02x", md[i]);
  return g_string_free (hex, FALSE);
}

GBytes *
pb_x509_to_der (X509 *cert)
{
  unsigned char *der = NULL;
  GBytes *bytes;
  int len = i2d_X509 (cert, &der);

  if (len <= 0)
    return NULL;
  bytes = g_bytes_new (der, len);
  OPENSSL_free (der);
  return bytes;
}

static gboolean
has_signing_eku (X509 *cert)
{
  EXTENDED_KEY_USAGE *eku = X509_get_ext_d2i (cert, NID_ext_key_usage, NULL, NULL);
  gboolean ok = FALSE;

  for (int i = 0; eku != NULL && i < sk_ASN1_OBJECT_num (eku) && !ok; i++)
    {
      char oid[80];

      if (OBJ_obj2txt (oid, sizeof oid, sk_ASN1_OBJECT_value (eku, i), 1) <= 0)
        continue;
      for (guint j = 0; j < G_N_ELEMENTS (signing_ekus) && !ok; j++)
        ok = strcmp (oid, signing_ekus[j]) == 0;
    }
  EXTENDED_KEY_USAGE_free (eku);
  return ok;
}

char *
pb_x509_check_signing_usage (X509 *cert)
{
  uint32_t flags = X509_get_extension_flags (cert);
  char *problem = NULL;

  if (flags & EXFLAG_INVALID)
    problem = g_strdup (_("the certificate’s extensions cannot be read"));
  else if (X509_check_ca (cert) != 0)
    problem = g_strdup (_("it is a certification authority’s certificate, not a signer’s"));
  else if (X509_self_signed (cert, 1) == 1)
    problem = g_strdup (_("it is self-signed: no certification authority vouches for the signer"));
  else if ((flags & EXFLAG_KUSAGE) &&
           (X509_get_key_usage (cert) & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)) == 0)
    /* Translators: digitalSignature and nonRepudiation are X.509 names, do not translate them */
    problem = g_strdup (_("its key usage includes neither digitalSignature nor nonRepudiation"));
  else if ((flags & EXFLAG_XKUSAGE) && !has_signing_eku (cert))
    problem = g_strdup (_("its extended key usage is for something else (such as a TLS server), not for signing documents or e-mail"));

  ERR_clear_error ();
  return problem;
}

char *
pb_x509_check_chain (X509            *cert,
                     STACK_OF (X509) *untrusted,
                     X509_STORE      *store,
                     GDateTime       *at)
{
  X509_STORE_CTX *ctx = X509_STORE_CTX_new ();
  char *problem = NULL;

  if (ctx == NULL || X509_STORE_CTX_init (ctx, store, cert, untrusted) != 1)
    problem = g_strdup (_("cannot set up the certificate check"));
  else
    {
      if (at != NULL)
        X509_VERIFY_PARAM_set_time (X509_STORE_CTX_get0_param (ctx), (time_t) g_date_time_to_unix (at));
      if (X509_verify_cert (ctx) != 1)
        problem = g_strdup (X509_verify_cert_error_string (X509_STORE_CTX_get_error (ctx)));
    }

  X509_STORE_CTX_free (ctx);
  ERR_clear_error ();
  return problem;
}

X509_STORE *
pb_x509_store_new (GBytes      *pem,
                   const char  *name,
                   GError     **error)
{
  X509_STORE *store = X509_STORE_new ();
  STACK_OF (X509_INFO) *infos = NULL;
  BIO *bio = NULL;
  guint n_certs = 0;

  if (store == NULL)
    {
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_CRYPTO,
                   _("Cannot set up a certificate store."));
      return NULL;
    }

  if (pem == NULL)
    {
      if (X509_STORE_set_default_paths (store) != 1)
        {
          ERR_clear_error ();
          X509_STORE_free (store);
          g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_UNREADABLE,
                       _("Cannot open the system’s trusted certificates."));
          return NULL;
        }
      return store;
    }

  ERR_clear_error ();
  bio = BIO_new_mem_buf (g_bytes_get_data (pem, NULL), (int) MIN (g_bytes_get_size (pem), G_MAXINT));
  if (bio != NULL)
    infos = PEM_X509_INFO_read_bio (bio, NULL, NULL, NULL);
  for (int i = 0; infos != NULL && i < sk_X509_INFO_num (infos); i++)
    {
      X509_INFO *info = sk_X509_INFO_value (infos, i);

      if (info->x509 != NULL && X509_STORE_add_cert (store, info->x509) == 1)
        n_certs++;
      if (info->crl != NULL)
        X509_STORE_add_crl (store, info->crl);
    }
  sk_X509_INFO_pop_free (infos, X509_INFO_free);
  BIO_free (bio);

  if (n_certs == 0)
    {
      unsigned long code = ERR_peek_last_error ();
      char reason[256] = "";

      if (code != 0)
        ERR_error_string_n (code, reason, sizeof reason);
      ERR_clear_error ();
      X509_STORE_free (store);
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_UNREADABLE,
                   /* Translators: the first placeholder is a file name, the second OpenSSL's reason or nothing */
                   _("“%s” holds no PEM certificates to trust%s%s"),
                   name != NULL ? name : "?", *reason != '\0' ? ": " : ".", reason);
      return NULL;
    }

  ERR_clear_error ();
  return store;
}

/* The responder's certificate is checked when the response was produced:
 * years later it has expired, but what it said then still holds. */
static gboolean
ocsp_verify_when_produced (OCSP_BASICRESP  *basic,
                           STACK_OF (X509) *untrusted,
                           X509_STORE      *store)
{
  g_autoptr(GDateTime) produced = pb_asn1_time_to_date_time (OCSP_resp_get0_produced_at (basic));
  X509_VERIFY_PARAM *param = X509_STORE_get0_param (store);
  gboolean ok;

  if (produced != NULL)
    X509_VERIFY_PARAM_set_time (param, (time_t) g_date_time_to_unix (produced));
  ok = OCSP_basic_verify (basic, untrusted, store, 0) == 1;
  X509_VERIFY_PARAM_clear_flags (param, X509_V_FLAG_USE_CHECK_TIME);
  return ok;
}

/* One OCSP response about @cert: UNKNOWN when it is about another
 * certificate or cannot be trusted (with @store: its signature and the
 * responder's authority are checked). */
static PbRevocationStatus
ocsp_status (GBytes           *der,
             X509             *cert,
             X509             *issuer,
             STACK_OF (X509)  *untrusted,
             X509_STORE       *store,
             GDateTime       **revoked_at)
{
  const unsigned char *p = g_bytes_get_data (der, NULL);
  OCSP_RESPONSE *response = d2i_OCSP_RESPONSE (NULL, &p, (long) g_bytes_get_size (der));
  OCSP_BASICRESP *basic = response != NULL ? OCSP_response_get1_basic (response) : NULL;
  OCSP_CERTID *id = OCSP_cert_to_id (NULL, cert, issuer);
  ASN1_GENERALIZEDTIME *when = NULL;
  PbRevocationStatus result = PB_REVOCATION_UNKNOWN;
  int status = -1, reason;

  if (basic != NULL && id != NULL &&
      OCSP_resp_find_status (basic, id, &status, &reason, &when, NULL, NULL) == 1 &&
      (store == NULL || ocsp_verify_when_produced (basic, untrusted, store)))
    {
      if (status == V_OCSP_CERTSTATUS_GOOD)
        result = PB_REVOCATION_GOOD;
      else if (status == V_OCSP_CERTSTATUS_REVOKED)
        {
          result = PB_REVOCATION_REVOKED;
          if (revoked_at != NULL && when != NULL)
            *revoked_at = pb_asn1_time_to_date_time (when);
        }
    }
  OCSP_CERTID_free (id);
  OCSP_BASICRESP_free (basic);
  OCSP_RESPONSE_free (response);
  ERR_clear_error ();
  return result;
}

static PbRevocationStatus
crl_status (GBytes     *der,
            X509       *cert,
            X509       *issuer,
            GDateTime **revoked_at)
{
  const unsigned char *p = g_bytes_get_data (der, NULL);
  X509_CRL *crl = d2i_X509_CRL (NULL, &p, (long) g_bytes_get_size (der));
  X509_REVOKED *entry = NULL;
  PbRevocationStatus result = PB_REVOCATION_UNKNOWN;

  if (crl != NULL && X509_NAME_cmp (X509_CRL_get_issuer (crl), X509_get_subject_name (issuer)) == 0 &&
      X509_CRL_verify (crl, X509_get0_pubkey (issuer)) == 1)
    {
      if (X509_CRL_get0_by_cert (crl, &entry, cert) == 1)
        {
          result = PB_REVOCATION_REVOKED;
          if (revoked_at != NULL)
            *revoked_at = pb_asn1_time_to_date_time (X509_REVOKED_get0_revocationDate (entry));
        }
      else
        result = PB_REVOCATION_GOOD;
    }
  X509_CRL_free (crl);
  ERR_clear_error ();
  return result;
}

PbRevocationStatus
pb_x509_revocation_status (X509             *cert,
                           X509             *issuer,
                           GPtrArray        *crls,
                           GPtrArray        *ocsps,
                           STACK_OF (X509)  *untrusted,
                           X509_STORE       *store,
                           GDateTime       **revoked_at,
                           const char      **source)
{
  PbRevocationStatus found = PB_REVOCATION_UNKNOWN;

  for (guint i = 0; ocsps != NULL && i < ocsps->len && found != PB_REVOCATION_REVOKED; i++)
    {
      PbRevocationStatus status = ocsp_status (g_ptr_array_index (ocsps, i), cert, issuer, untrusted, store, revoked_at);

      if (status != PB_REVOCATION_UNKNOWN)
        {
          found = status;
          *source = "OCSP";
        }
    }
  for (guint i = 0; crls != NULL && i < crls->len && found != PB_REVOCATION_REVOKED; i++)
    {
      PbRevocationStatus status = crl_status (g_ptr_array_index (crls, i), cert, issuer, revoked_at);

      if (status == PB_REVOCATION_REVOKED || found == PB_REVOCATION_UNKNOWN)
        {
          if (status != PB_REVOCATION_UNKNOWN)
            {
              found = status;
              *source = "CRL";
            }
        }
    }
  return found;
}

X509 *
pb_x509_find_issuer (X509            *cert,
                     STACK_OF (X509) *pool)
{
  for (int i = 0; pool != NULL && i < sk_X509_num (pool); i++)
    {
      X509 *candidate = sk_X509_value (pool, i);

      if (X509_cmp (candidate, cert) != 0 && X509_check_issued (candidate, cert) == X509_V_OK)
        return candidate;
    }
  return NULL;
}
