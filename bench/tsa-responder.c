/* tsa-responder.c: a loopback RFC 3161 time-stamp authority for the benches
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   tsa-responder PKI_DIR
 *
 * Answers every POST on 127.0.0.1 with a time-stamp token made by
 * OpenSSL's TS_RESP API from the test TSA of tests/make-test-pki.sh (the
 * settings of its tsa.cnf: SHA-256, accuracy one second, ordering, the TSA
 * name), in this one process. tests/tsa-server.py starts `openssl ts
 * -reply` for every request, which costs more than the signing a bench
 * wants to time; a real TSA answers from a running process, as this does.
 * Prints its port on stdout, then serves one connection at a time until
 * it is killed. Built for the benches only.
 */

#define _GNU_SOURCE

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ts.h>

/* A time-stamp query is about a hundred bytes. */
#define MAX_REQUEST (64 * 1024)

static long serial;

static ASN1_INTEGER *
next_serial (TS_RESP_CTX *ctx,
             void        *data)
{
  ASN1_INTEGER *number = ASN1_INTEGER_new ();

  ASN1_INTEGER_set (number, ++serial);
  return number;
}

static void *
load_pem (const char *dir,
          const char *name,
          int         key)
{
  char path[4096];
  FILE *file;
  void *object;

  snprintf (path, sizeof path, "%s/%s", dir, name);
  if ((file = fopen (path, "r")) == NULL)
    {
      perror (path);
      exit (2);
    }
  object = key ? (void *) PEM_read_PrivateKey (file, NULL, NULL, NULL)
               : (void *) PEM_read_X509 (file, NULL, NULL, NULL);
  fclose (file);
  if (object == NULL)
    {
      fprintf (stderr, "tsa-responder: cannot read %s\n", path);
      exit (2);
    }
  return object;
}

static TS_RESP_CTX *
make_context (const char *dir)
{
  TS_RESP_CTX *ctx = TS_RESP_CTX_new ();
  STACK_OF (X509) *chain = sk_X509_new_null ();
  ASN1_OBJECT *policy = OBJ_txt2obj ("1.2.3.4.1", 1);

  sk_X509_push (chain, load_pem (dir, "ca.pem", 0));
  if (!TS_RESP_CTX_set_signer_cert (ctx, load_pem (dir, "tsa.pem", 0)) ||
      !TS_RESP_CTX_set_signer_key (ctx, load_pem (dir, "tsa.key", 1)) ||
      !TS_RESP_CTX_set_certs (ctx, chain) ||
      !TS_RESP_CTX_set_def_policy (ctx, policy) ||
      !TS_RESP_CTX_set_signer_digest (ctx, EVP_sha256 ()) ||
      !TS_RESP_CTX_set_ess_cert_id_digest (ctx, EVP_sha256 ()) ||
      !TS_RESP_CTX_add_md (ctx, EVP_sha256 ()) ||
      !TS_RESP_CTX_add_md (ctx, EVP_sha384 ()) ||
      !TS_RESP_CTX_add_md (ctx, EVP_sha512 ()) ||
      !TS_RESP_CTX_set_accuracy (ctx, 1, 0, 0))
    {
      ERR_print_errors_fp (stderr);
      exit (2);
    }
  TS_RESP_CTX_add_flags (ctx, TS_ORDERING | TS_TSA_NAME);
  TS_RESP_CTX_set_serial_cb (ctx, next_serial, NULL);
  sk_X509_pop_free (chain, X509_free);
  ASN1_OBJECT_free (policy);

  return ctx;
}

/* Reads one request and returns its body, or NULL. */
static unsigned char *
read_request (int     fd,
              size_t *body_length)
{
  static char buf[MAX_REQUEST + 1];
  size_t have = 0;
  char *end = NULL, *length;
  long content_length;
  ssize_t n;

  while (end == NULL)
    {
      if (have == MAX_REQUEST || (n = read (fd, buf + have, MAX_REQUEST - have)) <= 0)
        return NULL;
      have += n;
      buf[have] = '\0';
      end = strstr (buf, "\r\n\r\n");
    }

  if ((length = strcasestr (buf, "\r\nContent-Length:")) == NULL || length > end)
    return NULL;
  content_length = strtol (length + strlen ("\r\nContent-Length:"), NULL, 10);
  end += 4;
  if (content_length <= 0 || content_length > MAX_REQUEST - (end - buf))
    return NULL;

  while ((size_t) (end - buf) + content_length > have)
    {
      if ((n = read (fd, buf + have, MAX_REQUEST - have)) <= 0)
        return NULL;
      have += n;
    }

  *body_length = content_length;
  return (unsigned char *) end;
}

static void
answer (int          fd,
        TS_RESP_CTX *ctx)
{
  unsigned char *query, *der = NULL, *reply;
  size_t query_length;
  char head[256];
  int head_length, der_length = -1;
  BIO *bio;
  TS_RESP *response;

  if ((query = read_request (fd, &query_length)) == NULL)
    return;

  bio = BIO_new_mem_buf (query, (int) query_length);
  if ((response = TS_RESP_create_response (ctx, bio)) != NULL)
    der_length = i2d_TS_RESP (response, &der);
  BIO_free (bio);
  TS_RESP_free (response);
  if (der_length <= 0)
    {
      ERR_print_errors_fp (stderr);
      return;
    }

  /* Headers and token in one write: nothing waits on a delayed ACK. */
  head_length = snprintf (head, sizeof head,
                          "HTTP/1.0 200 OK\r\nContent-Type: application/timestamp-reply\r\n"
                          "Content-Length: %d\r\nConnection: close\r\n\r\n", der_length);
  reply = malloc (head_length + der_length);
  memcpy (reply, head, head_length);
  memcpy (reply + head_length, der, der_length);
  if (write (fd, reply, head_length + der_length) < 0)
    perror ("tsa-responder: write");
  free (reply);
  OPENSSL_free (der);
}

int
main (int   argc,
      char *argv[])
{
  struct sockaddr_in address = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t address_length = sizeof address;
  TS_RESP_CTX *ctx;
  int server;

  if (argc != 2)
    {
      fprintf (stderr, "usage: %s PKI_DIR\n", argv[0]);
      return 2;
    }
  ctx = make_context (argv[1]);

  server = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (server < 0 || bind (server, (struct sockaddr *) &address, sizeof address) < 0 ||
      listen (server, 16) < 0 ||
      getsockname (server, (struct sockaddr *) &address, &address_length) < 0)
    {
      perror ("tsa-responder");
      return 2;
    }
  printf ("%d\n", ntohs (address.sin_port));
  fflush (stdout);

  for (;;)
    {
      int one = 1;
      int fd = accept4 (server, NULL, NULL, SOCK_CLOEXEC);

      if (fd < 0)
        continue;
      setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      answer (fd, ctx);
      close (fd);
    }
}
