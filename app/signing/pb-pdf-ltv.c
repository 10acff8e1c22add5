/* pb-pdf-ltv.c: certificates and revocation data for long-term validation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-pdf-ltv"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/x509v3.h>

#include "pb-http-private.h"
#include "pb-pdf-ltv.h"
#include "pb-pdf-signer-private.h"
#include "pb-pdf-validation-private.h"
#include "pb-timestamp-private.h"
#include "pb-x509-private.h"

#define MAX_CRL_SIZE  (32 * 1024 * 1024)
#define MAX_OCSP_SIZE (256 * 1024)
#define MAX_CERTS     256

typedef struct
{
  STACK_OF (X509)     *certs;     /* every certificate seen */
  GHashTable          *seen;      /* fingerprint -> TRUE */
  GPtrArray           *subjects;  /* X509 (borrowed from certs) that need revocation data */
  GPtrArray           *signers;   /* X509 (borrowed from certs): the signatures' own */
  GPtrArray           *crls;      /* GBytes DER */
  GPtrArray           *ocsps;     /* GBytes DER */
  guint                timeout;
} Material;

static void
material_clear (Material *material)
{
  sk_X509_pop_free (material->certs, X509_free);
  g_clear_pointer (&material->seen, g_hash_table_unref);
  g_clear_pointer (&material->subjects, g_ptr_array_unref);
  g_clear_pointer (&material->signers, g_ptr_array_unref);
  g_clear_pointer (&material->crls, g_ptr_array_unref);
  g_clear_pointer (&material->ocsps, g_ptr_array_unref);
}

/* Takes @cert; returns the pool's copy. */
static X509 *
add_cert (Material *material,
          X509     *cert)
{
  g_autofree char *fingerprint = pb_x509_dup_fingerprint (cert);

  if (fingerprint == NULL || sk_X509_num (material->certs) >= MAX_CERTS)
    {
      X509_free (cert);
      return NULL;
    }
  if (!g_hash_table_add (material->seen, g_steal_pointer (&fingerprint)))
    {
      for (int i = 0; i < sk_X509_num (material->certs); i++)
        if (X509_cmp (sk_X509_value (material->certs, i), cert) == 0)
          {
            X509_free (cert);
            return sk_X509_value (material->certs, i);
          }
    }
  sk_X509_push (material->certs, cert);
  return cert;
}

static void
add_certs_from_pem_or_der (Material *material,
                           GBytes   *bytes)
{
  const unsigned char *p = g_bytes_get_data (bytes, NULL);
  X509 *cert = d2i_X509 (NULL, &p, (long) g_bytes_get_size (bytes));
  BIO *bio;

  if (cert != NULL)
    {
      add_cert (material, cert);
      return;
    }
  ERR_clear_error ();
  bio = BIO_new_mem_buf (g_bytes_get_data (bytes, NULL), (int) g_bytes_get_size (bytes));
  while (bio != NULL && (cert = PEM_read_bio_X509 (bio, NULL, NULL, NULL)) != NULL)
    add_cert (material, cert);
  BIO_free (bio);
  ERR_clear_error ();
}

static GBytes *
crl_to_der (GBytes *bytes)
{
  const unsigned char *p = g_bytes_get_data (bytes, NULL);
  X509_CRL *crl = d2i_X509_CRL (NULL, &p, (long) g_bytes_get_size (bytes));
  unsigned char *der = NULL;
  GBytes *out = NULL;
  int len;

  if (crl == NULL)
    {
      BIO *bio = BIO_new_mem_buf (g_bytes_get_data (bytes, NULL), (int) g_bytes_get_size (bytes));

      ERR_clear_error ();
      crl = bio != NULL ? PEM_read_bio_X509_CRL (bio, NULL, NULL, NULL) : NULL;
      BIO_free (bio);
    }
  if (crl != NULL && (len = i2d_X509_CRL (crl, &der)) > 0)
    out = g_bytes_new (der, len);
  OPENSSL_free (der);
  X509_CRL_free (crl);
  ERR_clear_error ();
  return out;
}

static gboolean
is_ocsp_response (GBytes *bytes)
{
  gsize size;
  const unsigned char *data = g_bytes_get_data (bytes, &size);
  const unsigned char *p = data;
  OCSP_RESPONSE *response = size > 0 && size <= G_MAXLONG ? d2i_OCSP_RESPONSE (NULL, &p, (long) size) : NULL;
  gboolean whole = response != NULL && p == data + size;

  OCSP_RESPONSE_free (response);
  ERR_clear_error ();
  return whole;
}

gboolean
pb_validation_data_check (PbValidationDataKind   kind,
                          GBytes                *bytes,
                          const char            *name,
                          GError               **error)
{
  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  switch (kind)
    {
    case PB_VALIDATION_DATA_CERTIFICATES:
      {
        Material material = { .certs = sk_X509_new_null (), .seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL) };
        gboolean found;

        add_certs_from_pem_or_der (&material, bytes);
        found = sk_X509_num (material.certs) > 0;
        material_clear (&material);
        if (found)
          return TRUE;
        g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_UNREADABLE,
                     /* Translators: a file name */
                     _("“%s” holds no certificate (DER or PEM)"), name);
        return FALSE;
      }

    case PB_VALIDATION_DATA_CRL:
      {
        g_autoptr(GBytes) der = crl_to_der (bytes);

        if (der != NULL)
          return TRUE;
        g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_UNREADABLE,
                     /* Translators: a file name */
                     _("“%s” is not a CRL (DER or PEM)"), name);
        return FALSE;
      }

    case PB_VALIDATION_DATA_OCSP_RESPONSE:
    default:
      if (is_ocsp_response (bytes))
        return TRUE;
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_UNREADABLE,
                   /* Translators: a file name */
                   _("“%s” is not an OCSP response (DER)"), name);
      return FALSE;
    }
}

static void add_token (Material *material,
                       GBytes   *token);

/* The certificates of a CMS signature, and of its signature time-stamp. */
static void
add_signature (Material *material,
               GBytes   *cms_der,
               GBytes   *signer_der)
{
  const unsigned char *p = g_bytes_get_data (cms_der, NULL);
  CMS_ContentInfo *cms = d2i_CMS_ContentInfo (NULL, &p, (long) g_bytes_get_size (cms_der));
  STACK_OF (X509) *certs;
  CMS_SignerInfo *si;
  ASN1_OBJECT *oid;
  int index;

  if (cms == NULL)
    {
      ERR_clear_error ();
      return;
    }

  certs = CMS_get1_certs (cms);
  for (int i = 0; certs != NULL && i < sk_X509_num (certs); i++)
    {
      X509 *cert = sk_X509_value (certs, i);

      X509_up_ref (cert);
      add_cert (material, cert);
    }
  sk_X509_pop_free (certs, X509_free);

  if (signer_der != NULL)
    {
      const unsigned char *q = g_bytes_get_data (signer_der, NULL);
      X509 *signer = d2i_X509 (NULL, &q, (long) g_bytes_get_size (signer_der));

      if (signer != NULL && (signer = add_cert (material, signer)) != NULL)
        {
          g_ptr_array_add (material->subjects, signer);
          g_ptr_array_add (material->signers, signer);
        }
    }

  /* The signature time-stamp's TSA and chain, if any. */
  si = sk_CMS_SignerInfo_value (CMS_get0_SignerInfos (cms), 0);
  oid = OBJ_txt2obj (PB_OID_SIGNATURE_TIMESTAMP, 1);
  index = si != NULL ? CMS_unsigned_get_attr_by_OBJ (si, oid, -1) : -1;
  ASN1_OBJECT_free (oid);
  if (index >= 0)
    {
      ASN1_TYPE *value = X509_ATTRIBUTE_get0_type (CMS_unsigned_get_attr (si, index), 0);

      if (value != NULL && value->type == V_ASN1_SEQUENCE)
        {
          g_autoptr(GBytes) token = g_bytes_new (value->value.sequence->data, value->value.sequence->length);

          add_token (material, token);
        }
    }

  CMS_ContentInfo_free (cms);
  ERR_clear_error ();
}

static void
add_token (Material *material,
           GBytes   *token)
{
  const unsigned char *p = g_bytes_get_data (token, NULL);
  PKCS7 *p7 = d2i_PKCS7 (NULL, &p, (long) g_bytes_get_size (token));
  STACK_OF (X509) *signers;

  if (p7 == NULL || !PKCS7_type_is_signed (p7))
    {
      PKCS7_free (p7);
      ERR_clear_error ();
      return;
    }

  for (int i = 0; p7->d.sign->cert != NULL && i < sk_X509_num (p7->d.sign->cert); i++)
    {
      X509 *cert = sk_X509_value (p7->d.sign->cert, i);

      X509_up_ref (cert);
      add_cert (material, cert);
    }
  signers = PKCS7_get0_signers (p7, NULL, 0);
  if (signers != NULL && sk_X509_num (signers) > 0)
    {
      X509 *tsa = sk_X509_value (signers, 0);

      X509_up_ref (tsa);
      if ((tsa = add_cert (material, tsa)) != NULL)
        g_ptr_array_add (material->subjects, tsa);
    }
  sk_X509_free (signers);
  PKCS7_free (p7);
  ERR_clear_error ();
}

static gboolean
revoked_error (GError **error,
               X509    *cert,
               const char *source)
{
  g_autofree char *name = pb_x509_dup_common_name (cert);

  g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_REVOKED,
               /* Translators: the first placeholder is a certificate's name, the second “OCSP” or “CRL” */
               _("The certificate of %s is revoked (%s): the document cannot be made long-term valid."),
               name, source);
  return FALSE;
}

static GBytes *
fetch_ocsp (X509    *cert,
            X509    *issuer,
            guint    timeout,
            GError **error)
{
  STACK_OF (OPENSSL_STRING) *urls = X509_get1_ocsp (cert);
  OCSP_REQUEST *request = NULL;
  OCSP_CERTID *id = NULL;
  unsigned char *der = NULL;
  GBytes *answer = NULL;
  int len;

  if (urls == NULL || sk_OPENSSL_STRING_num (urls) == 0)
    goto out;

  request = OCSP_REQUEST_new ();
  id = OCSP_cert_to_id (NULL, cert, issuer);
  if (request == NULL || id == NULL || OCSP_request_add0_id (request, id) == NULL)
    goto out;
  id = NULL;
  len = i2d_OCSP_REQUEST (request, &der);
  if (len > 0)
    {
      g_autoptr(GBytes) body = g_bytes_new (der, len);
      const char *url = sk_OPENSSL_STRING_value (urls, 0);
      g_autoptr(GError) local_error = NULL;

      answer = pb_http_post (url, "application/ocsp-request", body, "application/ocsp-response",
                             MAX_OCSP_SIZE, timeout, &local_error);
      if (answer == NULL)
        g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_REVOCATION_UNAVAILABLE,
                     /* Translators: the first placeholder is a URL, the second the reason */
                     _("The OCSP responder at %s did not answer: %s."), url, local_error->message);
    }

out:
  OPENSSL_free (der);
  OCSP_CERTID_free (id);
  OCSP_REQUEST_free (request);
  X509_email_free (urls);
  ERR_clear_error ();
  return answer;
}

static GBytes *
fetch_crl (X509    *cert,
           guint    timeout,
           GError **error)
{
  STACK_OF (DIST_POINT) *points = X509_get_ext_d2i (cert, NID_crl_distribution_points, NULL, NULL);
  GBytes *answer = NULL;

  for (int i = 0; points != NULL && i < sk_DIST_POINT_num (points) && answer == NULL; i++)
    {
      DIST_POINT *point = sk_DIST_POINT_value (points, i);

      if (point->distpoint == NULL || point->distpoint->type != 0)
        continue;
      for (int j = 0; j < sk_GENERAL_NAME_num (point->distpoint->name.fullname) && answer == NULL; j++)
        {
          GENERAL_NAME *name = sk_GENERAL_NAME_value (point->distpoint->name.fullname, j);
          g_autofree char *url = NULL;
          g_autoptr(GError) local_error = NULL;

          if (name->type != GEN_URI)
            continue;
          url = g_strndup ((const char *) ASN1_STRING_get0_data (name->d.uniformResourceIdentifier),
                           ASN1_STRING_length (name->d.uniformResourceIdentifier));
          if (!g_str_has_prefix (url, "http://"))
            continue;
          answer = pb_http_get (url, MAX_CRL_SIZE, timeout, &local_error);
          if (answer == NULL)
            g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_REVOCATION_UNAVAILABLE,
                         /* Translators: the first placeholder is a URL, the second the reason */
                         _("The CRL at %s cannot be fetched: %s."), url, local_error->message);
        }
    }
  CRL_DIST_POINTS_free (points);
  ERR_clear_error ();
  return answer;
}

/* Revocation data for @cert: what was given, else what its OCSP responder
 * or CRL distribution point says. A revoked certificate is an error. */
static gboolean
revocation_for (Material                      *material,
                X509                          *cert,
                const PbValidationDataOptions *options,
                GError                       **error)
{
  X509 *issuer = pb_x509_find_issuer (cert, material->certs);
  const char *source = NULL;
  PbRevocationStatus status;
  g_autoptr(GError) ocsp_error = NULL;
  g_autoptr(GBytes) fetched = NULL;

  if (issuer == NULL || X509_self_signed (cert, 0) == 1)
    return TRUE;

  status = pb_x509_revocation_status (cert, issuer, material->crls, material->ocsps, NULL, NULL, NULL, &source);
  if (status == PB_REVOCATION_REVOKED)
    return revoked_error (error, cert, source);
  if (status == PB_REVOCATION_GOOD || !options->fetch)
    return TRUE;

  fetched = fetch_ocsp (cert, issuer, material->timeout, &ocsp_error);
  if (fetched != NULL)
    {
      g_autoptr(GPtrArray) one = g_ptr_array_new ();

      g_ptr_array_add (one, fetched);
      status = pb_x509_revocation_status (cert, issuer, NULL, one, NULL, NULL, NULL, &source);
      if (status == PB_REVOCATION_REVOKED)
        return revoked_error (error, cert, source);
      if (status == PB_REVOCATION_GOOD)
        {
          g_ptr_array_add (material->ocsps, g_steal_pointer (&fetched));
          return TRUE;
        }
    }

  g_clear_pointer (&fetched, g_bytes_unref);
  {
    g_autoptr(GError) crl_error = NULL;
    g_autoptr(GBytes) crl = fetch_crl (cert, material->timeout, &crl_error);
    g_autoptr(GBytes) der = crl != NULL ? crl_to_der (crl) : NULL;
    g_autoptr(GPtrArray) one = g_ptr_array_new ();

    if (der == NULL)
      {
        /* Nowhere to ask is no error, unless a signer's status is
         * required; a responder that fails is. */
        if (crl_error != NULL || ocsp_error != NULL)
          {
            g_propagate_error (error, crl_error != NULL ? g_steal_pointer (&crl_error) : g_steal_pointer (&ocsp_error));
            return FALSE;
          }
        if (options->require_signers && g_ptr_array_find (material->signers, cert, NULL))
          {
            g_autofree char *name = pb_x509_dup_common_name (cert);

            g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_REVOCATION_UNAVAILABLE,
                         /* Translators: a certificate's name */
                         _("The certificate of %s names no OCSP responder or CRL, and no revocation data for it "
                           "was given: the signature cannot reach B-LT."), name);
            return FALSE;
          }
        return TRUE;
      }
    g_ptr_array_add (one, der);
    status = pb_x509_revocation_status (cert, issuer, one, NULL, NULL, NULL, NULL, &source);
    if (status == PB_REVOCATION_REVOKED)
      return revoked_error (error, cert, source);
    g_ptr_array_add (material->crls, g_steal_pointer (&der));
  }
  return TRUE;
}

/* The key of @signature's VRI entry: the uppercase hex SHA-1 of the bytes
 * of its /Contents string, padding included (as pyHanko and iText key
 * it); NULL when the byte range does not frame a hex string. */
static char *
vri_key (GBytes         *pdf,
         PbPdfSignature *signature)
{
  gsize size;
  const char *data = g_bytes_get_data (pdf, &size);
  gint64 start = signature->byte_range[1], end = signature->byte_range[2];
  g_autoptr(GByteArray) contents = NULL;
  g_autoptr(GChecksum) sha1 = NULL;
  guint8 digest[20];
  gsize digest_len = sizeof digest;
  GString *key;

  if (start < 0 || end < start + 2 || (guint64) end > size || data[start] != '<' || data[end - 1] != '>')
    return NULL;

  /* A hex string: whitespace is ignored, a last odd digit is followed by 0. */
  contents = g_byte_array_sized_new ((end - start) / 2);
  for (gint64 i = start + 1, half = -1; i < end; i++)
    {
      int digit;
      guint8 byte;

      if (i == end - 1)
        {
          if (half < 0)
            break;
          digit = 0;
        }
      else if (g_ascii_isspace (data[i]))
        continue;
      else if ((digit = g_ascii_xdigit_value (data[i])) < 0)
        return NULL;

      if (half < 0)
        {
          half = digit;
          continue;
        }
      byte = (guint8) (half << 4 | digit);
      g_byte_array_append (contents, &byte, 1);
      half = -1;
    }

  sha1 = g_checksum_new (G_CHECKSUM_SHA1);
  g_checksum_update (sha1, contents->data, contents->len);
  g_checksum_get_digest (sha1, digest, &digest_len);
  key = g_string_new (NULL);
  for (gsize i = 0; i < digest_len; i++)
    g_string_append_printf (key, "%02X", digest[i]);
  return g_string_free (key, FALSE);
}

GBytes *
pb_pdf_add_validation_data (GBytes                         *pdf,
                            const PbValidationDataOptions  *options,
                            GError                        **error)
{
  static const PbValidationDataOptions defaults = { 0 };
  g_autoptr(PbPdfValidation) validation = NULL;
  g_autoptr(GPtrArray) certs_der = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) vri_keys = g_ptr_array_new_with_free_func (g_free);
  Material material = { 0 };
  GBytes *result = NULL;

  g_return_val_if_fail (pdf != NULL, NULL);

  if (options == NULL)
    options = &defaults;

  validation = pb_pdf_validate_untrusted (pdf, error);
  if (validation == NULL)
    return NULL;

  material.certs = sk_X509_new_null ();
  material.seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  material.subjects = g_ptr_array_new ();
  material.signers = g_ptr_array_new ();
  material.crls = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  material.ocsps = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  material.timeout = options->timeout > 0 ? options->timeout : 30;

  for (guint i = 0; i < validation->signatures->len; i++)
    {
      PbPdfSignature *signature = g_ptr_array_index (validation->signatures, i);

      if (signature->is_document_timestamp)
        {
          if (signature->cms != NULL)
            add_token (&material, signature->cms);
        }
      else if (signature->cms != NULL)
        add_signature (&material, signature->cms, signature->signer_certificate);
    }
  for (guint i = 0; options->certificates != NULL && i < options->certificates->len; i++)
    add_certs_from_pem_or_der (&material, g_ptr_array_index (options->certificates, i));
  for (guint i = 0; options->crls != NULL && i < options->crls->len; i++)
    {
      GBytes *der = crl_to_der (g_ptr_array_index (options->crls, i));

      if (der != NULL)
        g_ptr_array_add (material.crls, der);
    }
  for (guint i = 0; options->ocsp_responses != NULL && i < options->ocsp_responses->len; i++)
    if (is_ocsp_response (g_ptr_array_index (options->ocsp_responses, i)))
      g_ptr_array_add (material.ocsps, g_bytes_ref (g_ptr_array_index (options->ocsp_responses, i)));

  /* The issuers' own chains need no data for their roots; intermediates do. */
  for (int i = 0; i < sk_X509_num (material.certs); i++)
    {
      X509 *cert = sk_X509_value (material.certs, i);

      if (X509_check_ca (cert) != 0 && X509_self_signed (cert, 0) != 1 &&
          !g_ptr_array_find (material.subjects, cert, NULL))
        g_ptr_array_add (material.subjects, cert);
    }
  for (guint i = 0; i < material.subjects->len; i++)
    if (!revocation_for (&material, g_ptr_array_index (material.subjects, i), options, error))
      goto out;

  for (int i = 0; i < sk_X509_num (material.certs); i++)
    {
      GBytes *der = pb_x509_to_der (sk_X509_value (material.certs, i));

      if (der != NULL)
        g_ptr_array_add (certs_der, der);
    }

  for (guint i = 0; i < validation->signatures->len; i++)
    {
      char *key = vri_key (pdf, g_ptr_array_index (validation->signatures, i));

      if (key != NULL)
        g_ptr_array_add (vri_keys, key);
    }

  result = pb_pdf_append_dss (pdf, certs_der, material.crls, material.ocsps, vri_keys, error);

out:
  material_clear (&material);
  return result;
}

GBytes *
pb_pdf_add_document_timestamp (GBytes      *pdf,
                               const char  *tsa_url,
                               guint        timeout,
                               GError     **error)
{
  g_return_val_if_fail (pdf != NULL, NULL);
  g_return_val_if_fail (tsa_url != NULL, NULL);

  return pb_pdf_append_document_timestamp (pdf, tsa_url, timeout, error);
}
