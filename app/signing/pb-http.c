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

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <stdlib.h>

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

/* OpenSSL's client retries a refused connection until its time-out runs
 * out, so a server that is down would cost the whole time-out (30 s for
 * every GUI action anchoring the history). A refusal is known at once:
 * ask the socket first, unless a proxy is to be used, which OpenSSL
 * reaches itself. */
static gboolean
refused (const char  *host,
         const char  *port,
         guint        timeout_seconds,
         GError     **error)
{
  g_autoptr(GSocketClient) client = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) local_error = NULL;
  guint64 port_number = 0;

  if (g_getenv ("http_proxy") != NULL || g_getenv ("HTTP_PROXY") != NULL ||
      host == NULL || port == NULL || !g_ascii_string_to_unsigned (port, 10, 1, 65535, &port_number, NULL))
    return FALSE;

  client = g_socket_client_new ();
  g_socket_client_set_timeout (client, timeout_seconds);
  connection = g_socket_client_connect_to_host (client, host, (guint16) port_number, NULL, &local_error);
  if (connection != NULL)
    {
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      return FALSE;
    }
  if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return FALSE;

  g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_TSA_UNREACHABLE,
               /* Translators: the placeholder is a host and port */
               _("connection refused by %s:%s"), host, port);
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
  if (refused (host, port, timeout_seconds, error))
    goto out;

  req = BIO_new_mem_buf (g_bytes_get_data (body, NULL), (int) g_bytes_get_size (body));
  resp = OSSL_HTTP_transfer (NULL, host, port, path, 0, NULL, NULL, NULL, NULL, NULL, NULL,
                             0, NULL, content_type, req, expected_type, 1, max_size,
                             (int) timeout_seconds, 0);
  if (resp == NULL)
    fail (error, url);
  else
    answer = read_all (resp, max_size);

out:
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
  char *host = NULL, *port = NULL;
  gboolean down;

  ERR_clear_error ();
  if (!is_http (url, error))
    return NULL;
  OSSL_HTTP_parse_url (url, NULL, NULL, &host, &port, NULL, NULL, NULL, NULL);
  down = refused (host, port, timeout_seconds, error);
  OPENSSL_free (host);
  OPENSSL_free (port);
  if (down)
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
