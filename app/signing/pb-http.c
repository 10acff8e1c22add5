/* pb-http.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * OpenSSL's own HTTP client: it is made for ASN.1 over HTTP (OCSP, CMP,
 * time-stamps, CRLs), bounds the response's size and the time it takes,
 * honours http_proxy, and adds no library to the signing layer. What it
 * carries is signed (tokens, OCSP responses, CRLs), so plain http is what
 * TSAs, OCSP responders and CRL distribution points serve.
 */

#define G_LOG_DOMAIN "pb-http"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <openssl/err.h>
#include <openssl/http.h>

#include "pb-http-private.h"
#include "pb-signing-types.h"

static GBytes *
read_all (BIO    *bio,
          gsize   max_size)
{
  GByteArray *out = g_byte_array_new ();
  guint8 buf[4096];
  int n;

  while ((n = BIO_read (bio, buf, sizeof buf)) > 0)
    {
      g_byte_array_append (out, buf, n);
      if (out->len > max_size)
        break;
    }
  return g_byte_array_free_to_bytes (out);
}

static gboolean
fail (GError     **error,
      const char  *url)
{
  unsigned long code = ERR_peek_last_error ();
  char reason[256] = "";

  if (code != 0)
    ERR_error_string_n (code, reason, sizeof reason);
  ERR_clear_error ();
  g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_TSA_UNREACHABLE,
               "%s", *reason != '\0' ? reason : _("no answer"));
  return FALSE;
}

static gboolean
is_http (const char  *url,
         GError     **error)
{
  int use_ssl = 0;

  if (OSSL_HTTP_parse_url (url, &use_ssl, NULL, NULL, NULL, NULL, NULL, NULL, NULL) != 1 || use_ssl)
    {
      ERR_clear_error ();
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_TSA_UNREACHABLE,
                   _("only http:// URLs are supported"));
      return FALSE;
    }
  return TRUE;
}

GBytes *
pb_http_post (const char  *url,
              const char  *content_type,
              GBytes      *body,
              const char  *expected_type,
              gsize        max_size,
              guint        timeout_seconds,
              GError     **error)
{
  char *host = NULL, *port = NULL, *path = NULL;
  BIO *req = NULL, *resp = NULL;
  GBytes *answer = NULL;

  ERR_clear_error ();
  if (!is_http (url, error))
    return NULL;
  OSSL_HTTP_parse_url (url, NULL, NULL, &host, &port, NULL, &path, NULL, NULL);

  req = BIO_new_mem_buf (g_bytes_get_data (body, NULL), (int) g_bytes_get_size (body));
  resp = OSSL_HTTP_transfer (NULL, host, port, path, 0, NULL, NULL, NULL, NULL, NULL, NULL,
                             0, NULL, content_type, req, expected_type, 1, max_size,
                             (int) timeout_seconds, 0);
  if (resp == NULL)
    fail (error, url);
  else
    answer = read_all (resp, max_size);

  ERR_clear_error ();
  BIO_free_all (resp);
  BIO_free (req);
  OPENSSL_free (host);
  OPENSSL_free (port);
  OPENSSL_free (path);
  return answer;
}

GBytes *
pb_http_get (const char  *url,
             gsize        max_size,
             guint        timeout_seconds,
             GError     **error)
{
  BIO *resp;
  GBytes *answer = NULL;

  ERR_clear_error ();
  if (!is_http (url, error))
    return NULL;

  resp = OSSL_HTTP_get (url, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL, 1, max_size,
                        (int) timeout_seconds);
  if (resp == NULL)
    fail (error, url);
  else
    answer = read_all (resp, max_size);

  ERR_clear_error ();
  BIO_free_all (resp);
  return answer;
}
