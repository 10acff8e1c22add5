/* pb-timestamp.c: RFC 3161 time-stamps over HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-timestamp"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/ts.h>
#include <openssl/x509v3.h>

#include "pb-http-private.h"
#include "pb-timestamp-private.h"
#include "pb-x509-private.h"

#define MAX_RESPONSE_SIZE (256 * 1024)

static char *
openssl_reason (void)
{
  unsigned long code = ERR_peek_last_error ();
  char buf[256] = "";

  if (code != 0)
    ERR_error_string_n (code, buf, sizeof buf);
  ERR_clear_error ();
  return g_strdup (*buf != '\0' ? buf : _("no answer"));
}

void
pb_timestamp_info_clear (PbTimestampInfo *info)
{
  g_clear_pointer (&info->gen_time, g_date_time_unref);
  g_clear_pointer (&info->tsa_name, g_free);
  g_clear_pointer (&info->tsa_certificate, g_bytes_unref);
}

static TS_REQ *
build_request (const guint8 *sha256,
               ASN1_INTEGER **nonce_out)
{
  TS_REQ *req = TS_REQ_new ();
  TS_MSG_IMPRINT *imprint = TS_MSG_IMPRINT_new ();
  X509_ALGOR *algor = X509_ALGOR_new ();
  ASN1_INTEGER *nonce = ASN1_INTEGER_new ();
  BIGNUM *bn = BN_new ();
  gboolean ok;

  ok = req != NULL && imprint != NULL && algor != NULL && nonce != NULL && bn != NULL &&
       X509_ALGOR_set0 (algor, OBJ_nid2obj (NID_sha256), V_ASN1_NULL, NULL) == 1 &&
       TS_MSG_IMPRINT_set_algo (imprint, algor) == 1 &&
       TS_MSG_IMPRINT_set_msg (imprint, (unsigned char *) sha256, 32) == 1 &&
       TS_REQ_set_version (req, 1) == 1 &&
       TS_REQ_set_msg_imprint (req, imprint) == 1 &&
       BN_rand (bn, 64, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1 &&
       BN_to_ASN1_INTEGER (bn, nonce) != NULL &&
       TS_REQ_set_nonce (req, nonce) == 1 &&
       TS_REQ_set_cert_req (req, 1) == 1;

  X509_ALGOR_free (algor);
  TS_MSG_IMPRINT_free (imprint);
  BN_free (bn);
  if (!ok)
    {
      TS_REQ_free (req);
      ASN1_INTEGER_free (nonce);
      return NULL;
    }
  *nonce_out = nonce;
  return req;
}

static char *
describe_status (TS_RESP *resp)
{
  TS_STATUS_INFO *status = TS_RESP_get_status_info (resp);
  const STACK_OF (ASN1_UTF8STRING) *texts = TS_STATUS_INFO_get0_text (status);
  long code = ASN1_INTEGER_get (TS_STATUS_INFO_get0_status (status));
  GString *text = g_string_new (NULL);

  /* Translators: the placeholder is an RFC 3161 status number */
  g_string_append_printf (text, _("status %ld"), code);
  for (int i = 0; texts != NULL && i < sk_ASN1_UTF8STRING_num (texts); i++)
    {
      ASN1_UTF8STRING *s = sk_ASN1_UTF8STRING_value (texts, i);

      g_string_append_printf (text, ", “%.*s”", ASN1_STRING_length (s), ASN1_STRING_get0_data (s));
    }
  return g_string_free (text, FALSE);
}

GBytes *
pb_timestamp_request (const char    *url,
                      const guint8  *sha256,
                      guint          timeout_seconds,
                      GError       **error)
{
  g_autofree char *reason = NULL;
  ASN1_INTEGER *nonce = NULL;
  TS_REQ *req = NULL;
  TS_RESP *resp = NULL;
  BIO *req_bio = NULL, *resp_bio = NULL;
  TS_VERIFY_CTX *ctx = NULL;
  unsigned char *der = NULL;
  GBytes *token = NULL;
  long status;
  int len;

  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (sha256 != NULL, NULL);

  ERR_clear_error ();
  req = build_request (sha256, &nonce);
  req_bio = BIO_new (BIO_s_mem ());
  if (req == NULL || req_bio == NULL || i2d_TS_REQ_bio (req_bio, req) != 1)
    {
      reason = openssl_reason ();
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_CRYPTO,
                   /* Translators: the placeholder is OpenSSL's reason */
                   _("Cannot build a time-stamp request: %s"), reason);
      goto out;
    }

  {
    g_autoptr(GError) http_error = NULL;
    g_autoptr(GBytes) body = NULL;
    g_autoptr(GBytes) answer = NULL;
    char *data = NULL;
    long len_query = BIO_get_mem_data (req_bio, &data);

    body = g_bytes_new (data, len_query);
    answer = pb_http_post (url, "application/timestamp-query", body, "application/timestamp-reply",
                           MAX_RESPONSE_SIZE, timeout_seconds, &http_error);
    if (answer == NULL)
      {
        g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_TSA_UNREACHABLE,
                     /* Translators: the first placeholder is a URL, the second the reason */
                     _("The time-stamp authority at %s did not answer with a time-stamp: %s."), url, http_error->message);
        goto out;
      }
    resp_bio = BIO_new_mem_buf (g_bytes_get_data (answer, NULL), (int) g_bytes_get_size (answer));
    resp = d2i_TS_RESP_bio (resp_bio, NULL);
  }
  if (resp == NULL)
    {
      ERR_clear_error ();
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_TSA_REFUSED,
                   /* Translators: the placeholder is a URL */
                   _("The time-stamp authority at %s answered with something that is not a time-stamp response."), url);
      goto out;
    }

  status = ASN1_INTEGER_get (TS_STATUS_INFO_get0_status (TS_RESP_get_status_info (resp)));
  if ((status != 0 && status != 1) || TS_RESP_get_token (resp) == NULL)
    {
      g_autofree char *what = describe_status (resp);

      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_TSA_REFUSED,
                   /* Translators: the first placeholder is a URL, the second its status */
                   _("The time-stamp authority at %s refused the request (%s)."), url, what);
      goto out;
    }

  {
    TS_TST_INFO *info = TS_RESP_get_tst_info (resp);
    TS_MSG_IMPRINT *imprint = TS_TST_INFO_get_msg_imprint (info);
    ASN1_OCTET_STRING *digest = TS_MSG_IMPRINT_get_msg (imprint);
    X509_ALGOR *algor = TS_MSG_IMPRINT_get_algo (imprint);
    const ASN1_OBJECT *oid;

    X509_ALGOR_get0 (&oid, NULL, NULL, algor);
    if (OBJ_obj2nid (oid) != NID_sha256 || ASN1_STRING_length (digest) != 32 ||
        memcmp (ASN1_STRING_get0_data (digest), sha256, 32) != 0)
      {
        g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_TSA_REFUSED,
                     /* Translators: the placeholder is a URL */
                     _("The time-stamp authority at %s time-stamped other data than was asked (wrong message imprint)."), url);
        goto out;
      }
    if (TS_TST_INFO_get_nonce (info) == NULL || ASN1_INTEGER_cmp (TS_TST_INFO_get_nonce (info), nonce) != 0)
      {
        g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_TSA_REFUSED,
                     /* Translators: the placeholder is a URL */
                     _("The time-stamp authority at %s answered another request (wrong nonce)."), url);
        goto out;
      }
  }

  len = i2d_PKCS7 (TS_RESP_get_token (resp), &der);
  if (len <= 0)
    {
      reason = openssl_reason ();
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_CRYPTO,
                   /* Translators: the placeholder is OpenSSL's reason */
                   _("Cannot encode the time-stamp token: %s"), reason);
      goto out;
    }
  token = g_bytes_new (der, len);

out:
  ERR_clear_error ();
  OPENSSL_free (der);
  TS_VERIFY_CTX_free (ctx);
  TS_RESP_free (resp);
  TS_REQ_free (req);
  ASN1_INTEGER_free (nonce);
  BIO_free_all (resp_bio);
  BIO_free (req_bio);
  return token;
}

static X509 *
token_signer (PKCS7 *token)
{
  STACK_OF (X509) *signers = PKCS7_get0_signers (token, NULL, 0);
  X509 *signer = NULL;

  if (signers != NULL && sk_X509_num (signers) > 0)
    {
      signer = sk_X509_value (signers, 0);
      X509_up_ref (signer);
    }
  sk_X509_free (signers);
  ERR_clear_error ();
  return signer;
}

gboolean
pb_timestamp_verify_with_store (GBytes          *token,
                                const guint8    *sha256,
                                X509_STORE      *store,
                                GDateTime       *at,
                                PbTimestampInfo *info,
                                GError         **error)
{
  const unsigned char *p = g_bytes_get_data (token, NULL);
  PKCS7 *p7 = d2i_PKCS7 (NULL, &p, (long) g_bytes_get_size (token));
  TS_TST_INFO *tst = p7 != NULL ? PKCS7_to_TS_TST_INFO (p7) : NULL;
  TS_VERIFY_CTX *ctx = NULL;
  X509 *tsa = NULL;
  gboolean ok = FALSE;

  ERR_clear_error ();
  if (tst == NULL)
    {
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_TIMESTAMP_INVALID,
                   _("the time-stamp token cannot be read"));
      goto out;
    }

  if (info != NULL)
    {
      info->gen_time = pb_asn1_time_to_date_time (TS_TST_INFO_get_time (tst));
      tsa = token_signer (p7);
      if (tsa != NULL)
        {
          info->tsa_name = pb_x509_dup_subject (tsa);
          info->tsa_certificate = pb_x509_to_der (tsa);
        }
    }

  ctx = TS_VERIFY_CTX_new ();
  X509_STORE_up_ref (store);
  TS_VERIFY_CTX_set_store (ctx, store);
  TS_VERIFY_CTX_set_imprint (ctx, OPENSSL_memdup (sha256, 32), 32);
  TS_VERIFY_CTX_set_flags (ctx, TS_VFY_VERSION | TS_VFY_SIGNATURE | TS_VFY_IMPRINT);
  if (at != NULL)
    X509_VERIFY_PARAM_set_time (X509_STORE_get0_param (store), (time_t) g_date_time_to_unix (at));

  ok = TS_RESP_verify_token (ctx, p7) == 1;
  if (at != NULL)
    X509_VERIFY_PARAM_clear_flags (X509_STORE_get0_param (store), X509_V_FLAG_USE_CHECK_TIME);
  if (!ok)
    {
      g_autofree char *reason = openssl_reason ();

      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_TIMESTAMP_INVALID,
                   /* Translators: the placeholder is OpenSSL's reason */
                   _("the time-stamp token is not valid: %s"), reason);
      goto out;
    }

out:
  ERR_clear_error ();
  X509_free (tsa);
  TS_VERIFY_CTX_free (ctx);
  TS_TST_INFO_free (tst);
  PKCS7_free (p7);
  return ok;
}

gboolean
pb_timestamp_verify (GBytes          *token,
                     const guint8    *sha256,
                     GBytes          *trust_pem,
                     GDateTime       *at,
                     PbTimestampInfo *info,
                     GError         **error)
{
  X509_STORE *store;
  gboolean ok;

  g_return_val_if_fail (token != NULL, FALSE);
  g_return_val_if_fail (sha256 != NULL, FALSE);

  store = pb_x509_store_new (trust_pem, NULL, error);
  if (store == NULL)
    return FALSE;
  ok = pb_timestamp_verify_with_store (token, sha256, store, at, info, error);
  X509_STORE_free (store);
  return ok;
}
