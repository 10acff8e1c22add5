/* pb-signer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-signer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/x509v3.h>

#include "pb-pkcs11-token-private.h"
#include "pb-signer-private.h"

struct _PbSigner
{
  GObject          parent_instance;

  EVP_PKEY        *key;      /* the public key alone for a token */
  PbToken         *token;
  X509            *cert;
  STACK_OF (X509) *chain;

  char            *common_name;
  char            *email;
  char            *fingerprint;
  GDateTime       *not_before;
  GDateTime       *not_after;
};

G_DEFINE_FINAL_TYPE (PbSigner, pb_signer, G_TYPE_OBJECT)

typedef struct
{
  EVP_PKEY        *key;
  X509            *cert;
  STACK_OF (X509) *chain;
} Pkcs12Parts;

static void
pkcs12_parts_clear (Pkcs12Parts *parts)
{
  g_clear_pointer (&parts->key, EVP_PKEY_free);
  g_clear_pointer (&parts->cert, X509_free);
  if (parts->chain != NULL)
    sk_X509_pop_free (parts->chain, X509_free);
  parts->chain = NULL;
}

static char *
openssl_error_text (void)
{
  unsigned long code = ERR_peek_last_error ();
  char buf[256];

  if (code == 0)
    return g_strdup (_("unknown error"));

  ERR_error_string_n (code, buf, sizeof buf);
  ERR_clear_error ();
  return g_strdup (buf);
}

static void
close_fd (int *fd)
{
  if (*fd >= 0)
    g_close (*fd, NULL);
}

static void
set_unreadable_error (GError     **error,
                      const char  *display_name,
                      int          saved_errno)
{
  g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_UNREADABLE,
               /* Translators: the first placeholder is a file name, the second the reason */
               _("Cannot read the certificate file “%s”: %s"), display_name, g_strerror (saved_errno));
}

/* The bytes of @path, a regular file: a FIFO would block the open, a
 * device or a file that grows while it is read never end. A file larger
 * than PB_SIGNER_PKCS12_MAX_SIZE is no PKCS#12 file we read; one byte more
 * is read to tell. */
static GBytes *
read_pkcs12_file (const char  *path,
                  const char  *display_name,
                  GError     **error)
{
  g_autoptr(GByteArray) contents = g_byte_array_new ();
  __attribute__((cleanup (close_fd))) int fd = -1;
  struct stat st;
  guint8 buffer[16 * 1024];

  if ((fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0)) < 0 || fstat (fd, &st) != 0)
    {
      set_unreadable_error (error, display_name, errno);
      return NULL;
    }

  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_UNREADABLE,
                   /* Translators: the placeholder is a file name */
                   _("Cannot read the certificate file “%s”: it is a folder, a pipe or a device, not a file"),
                   display_name);
      return NULL;
    }

  while (contents->len <= PB_SIGNER_PKCS12_MAX_SIZE)
    {
      gssize n = read (fd, buffer, MIN (sizeof buffer, PB_SIGNER_PKCS12_MAX_SIZE + 1 - contents->len));

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          set_unreadable_error (error, display_name, errno);
          return NULL;
        }
      if (n == 0)
        break;
      g_byte_array_append (contents, buffer, n);
    }

  if (contents->len > PB_SIGNER_PKCS12_MAX_SIZE)
    {
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_UNREADABLE,
                   /* Translators: the placeholder is a file name */
                   _("“%s” is not a PKCS#12 (.p12, .pfx) file."), display_name);
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&contents));
}

static X509 *
x509_reload (X509 *cert)
{
  unsigned char *der = NULL;
  const unsigned char *p;
  X509 *copy;
  int len;

  len = i2d_X509 (cert, &der);
  if (len <= 0)
    return NULL;
  p = der;
  copy = d2i_X509 (NULL, &p, len);
  OPENSSL_free (der);
  return copy;
}

static EVP_PKEY *
key_reload (EVP_PKEY *key)
{
  unsigned char *der = NULL;
  const unsigned char *p;
  EVP_PKEY *copy;
  int len;

  len = i2d_PrivateKey (key, &der);
  if (len <= 0)
    return NULL;
  p = der;
  copy = d2i_AutoPrivateKey (NULL, &p, len);
  OPENSSL_clear_free (der, len);
  return copy;
}

/* Old PKCS#12 files (RC2-40, 3DES: `openssl pkcs12 -legacy`, Windows, older
 * tools) need OpenSSL's legacy provider. It is loaded into a private library
 * context that is the default for this thread only while parsing, and the
 * key and certificates are re-read into the normal context before that
 * context goes away, so nothing outlives it. */
static gboolean
parse_with_legacy_provider (PKCS12      *p12,
                            const char  *passphrase,
                            Pkcs12Parts *out)
{
  OSSL_LIB_CTX *ctx = OSSL_LIB_CTX_new ();
  OSSL_LIB_CTX *previous;
  OSSL_PROVIDER *legacy = NULL;
  OSSL_PROVIDER *deflt = NULL;
  Pkcs12Parts parsed = { 0 };
  gboolean ok = FALSE;

  if (ctx == NULL)
    return FALSE;

  legacy = OSSL_PROVIDER_load (ctx, "legacy");
  deflt = OSSL_PROVIDER_load (ctx, "default");
  if (legacy != NULL && deflt != NULL)
    {
      previous = OSSL_LIB_CTX_set0_default (ctx);
      ok = PKCS12_parse (p12, passphrase, &parsed.key, &parsed.cert, &parsed.chain) == 1;
      OSSL_LIB_CTX_set0_default (previous);
    }

  if (ok && parsed.key != NULL && parsed.cert != NULL)
    {
      out->key = key_reload (parsed.key);
      out->cert = x509_reload (parsed.cert);
      out->chain = sk_X509_new_null ();
      for (int i = 0; parsed.chain != NULL && i < sk_X509_num (parsed.chain); i++)
        {
          X509 *copy = x509_reload (sk_X509_value (parsed.chain, i));

          if (copy != NULL)
            sk_X509_push (out->chain, copy);
        }
      ok = out->key != NULL && out->cert != NULL;
    }

  pkcs12_parts_clear (&parsed);
  if (legacy != NULL)
    OSSL_PROVIDER_unload (legacy);
  if (deflt != NULL)
    OSSL_PROVIDER_unload (deflt);
  OSSL_LIB_CTX_free (ctx);

  return ok;
}

static void
pb_signer_finalize (GObject *object)
{
  PbSigner *self = (PbSigner *)object;

  g_clear_pointer (&self->key, EVP_PKEY_free);
  g_clear_pointer (&self->token, pb_token_free);
  g_clear_pointer (&self->cert, X509_free);
  if (self->chain != NULL)
    sk_X509_pop_free (self->chain, X509_free);
  g_clear_pointer (&self->common_name, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->fingerprint, g_free);
  g_clear_pointer (&self->not_before, g_date_time_unref);
  g_clear_pointer (&self->not_after, g_date_time_unref);

  G_OBJECT_CLASS (pb_signer_parent_class)->finalize (object);
}

static void
pb_signer_class_init (PbSignerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_signer_finalize;
}

static void
pb_signer_init (PbSigner *self)
{
}

static gboolean
check_certificate (PbSigner    *self,
                   const char  *display_name,
                   GError     **error)
{
  g_autofree char *problem = NULL;

  if (X509_cmp_current_time (X509_get0_notBefore (self->cert)) >= 0)
    {
      g_autofree char *when = g_date_time_format (self->not_before, "%Y-%m-%d %H:%M UTC");

      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_CERT_NOT_YET_VALID,
                   /* Translators: the first placeholder is a file name, the second a date */
                   _("The certificate in “%s” is not valid before %s."),
                   display_name, when);
      return FALSE;
    }

  if (X509_cmp_current_time (X509_get0_notAfter (self->cert)) <= 0)
    {
      g_autofree char *when = g_date_time_format (self->not_after, "%Y-%m-%d %H:%M UTC");

      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_CERT_EXPIRED,
                   /* Translators: the first placeholder is a file name, the second a date */
                   _("The certificate in “%s” expired on %s."),
                   display_name, when);
      return FALSE;
    }

  problem = pb_x509_check_signing_usage (self->cert);
  if (problem != NULL)
    {
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_CERT_NO_SIGNING_USAGE,
                   /* Translators: the first placeholder is a file name, the second says why */
                   _("The certificate in “%s” may not sign documents: %s."),
                   display_name, problem);
      return FALSE;
    }

  return TRUE;
}

static gboolean
describe_certificate (PbSigner  *self,
                      GError   **error)
{
  self->not_before = pb_asn1_time_to_date_time (X509_get0_notBefore (self->cert));
  self->not_after = pb_asn1_time_to_date_time (X509_get0_notAfter (self->cert));
  if (self->not_before == NULL || self->not_after == NULL)
    {
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_UNREADABLE,
                   _("The certificate’s validity period cannot be read."));
      return FALSE;
    }

  self->common_name = pb_x509_dup_common_name (self->cert);
  self->email = pb_x509_dup_email (self->cert);
  self->fingerprint = pb_x509_dup_fingerprint (self->cert);
  if (self->fingerprint == NULL)
    {
      ERR_clear_error ();
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_CRYPTO,
                   _("Cannot compute the certificate’s fingerprint."));
      return FALSE;
    }

  return TRUE;
}

EVP_PKEY *
pb_signer_get_key (PbSigner *self)
{
  g_return_val_if_fail (PB_IS_SIGNER (self), NULL);

  return self->key;
}

X509 *
pb_signer_get_cert (PbSigner *self)
{
  g_return_val_if_fail (PB_IS_SIGNER (self), NULL);

  return self->cert;
}

STACK_OF (X509) *
pb_signer_get_chain (PbSigner *self)
{
  g_return_val_if_fail (PB_IS_SIGNER (self), NULL);

  return self->chain;
}

PbSigner *
pb_signer_new_from_pkcs12 (const char  *path,
                           const char  *passphrase,
                           GError     **error)
{
  g_autoptr(PbSigner) self = NULL;
  g_autofree char *display_name = NULL;
  g_autoptr(GBytes) contents = NULL;
  const unsigned char *p;
  const char *pass = passphrase;
  Pkcs12Parts parts = { 0 };
  PKCS12 *p12;
  gsize len = 0;
  gboolean parsed;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (pass == NULL)
    pass = "";
  display_name = g_filename_display_name (path);

  if (!(contents = read_pkcs12_file (path, display_name, error)))
    return NULL;

  ERR_clear_error ();
  p = g_bytes_get_data (contents, &len);
  p12 = d2i_PKCS12 (NULL, &p, len);
  if (p12 == NULL)
    {
      ERR_clear_error ();
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_UNREADABLE,
                   /* Translators: the placeholder is a file name */
                   _("“%s” is not a PKCS#12 (.p12, .pfx) file."), display_name);
      return NULL;
    }

  if (PKCS12_mac_present (p12))
    {
      gboolean mac_ok = PKCS12_verify_mac (p12, pass, -1) == 1;

      /* An empty passphrase may have been encoded as no passphrase at all. */
      if (!mac_ok && *pass == '\0' && PKCS12_verify_mac (p12, NULL, 0) == 1)
        {
          mac_ok = TRUE;
          pass = NULL;
        }

      if (!mac_ok)
        {
          gboolean had_error = ERR_peek_error () != 0;

          ERR_clear_error ();
          PKCS12_free (p12);
          if (had_error)
            g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_UNREADABLE,
                         /* Translators: the placeholder is a file name */
                         _("Cannot check the integrity of “%s”: its format is not supported."),
                         display_name);
          else
            g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_WRONG_PASSPHRASE,
                         /* Translators: the placeholder is a file name */
                         _("Wrong passphrase for “%s”."), display_name);
          return NULL;
        }
    }

  parsed = PKCS12_parse (p12, pass, &parts.key, &parts.cert, &parts.chain) == 1;
  if (!parsed)
    {
      ERR_clear_error ();
      pkcs12_parts_clear (&parts);
      parsed = parse_with_legacy_provider (p12, pass, &parts);
    }
  PKCS12_free (p12);

  if (!parsed)
    {
      g_autofree char *reason = openssl_error_text ();

      pkcs12_parts_clear (&parts);
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_UNREADABLE,
                   /* Translators: the first placeholder is a file name, the second the reason */
                   _("Cannot read the key and certificate in “%s”: %s"),
                   display_name, reason);
      return NULL;
    }

  if (parts.key == NULL || parts.cert == NULL || X509_check_private_key (parts.cert, parts.key) != 1)
    {
      ERR_clear_error ();
      pkcs12_parts_clear (&parts);
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_NO_KEY,
                   /* Translators: the placeholder is a file name */
                   _("“%s” does not hold a private key together with its certificate."),
                   display_name);
      return NULL;
    }

  /* The PDF signer signs the attributes itself with RSA (PKCS#1 v1.5) and
   * EC keys; with others (RSA-PSS, EdDSA) its signature would not verify.
   * Refused here, before a case is sealed with a report no reader accepts. */
  if (!EVP_PKEY_is_a (parts.key, "RSA") && !EVP_PKEY_is_a (parts.key, "EC"))
    {
      const char *type = EVP_PKEY_get0_type_name (parts.key);

      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_UNSUPPORTED_KEY,
                   /* Translators: the first placeholder is a file name, the second a key type such as RSA-PSS */
                   _("The key in “%s” is of type %s: Probity signs with RSA or elliptic-curve (EC) keys only."),
                   display_name, type != NULL ? type : "?");
      pkcs12_parts_clear (&parts);
      return NULL;
    }

  self = g_object_new (PB_TYPE_SIGNER, NULL);
  self->key = g_steal_pointer (&parts.key);
  self->cert = g_steal_pointer (&parts.cert);
  self->chain = parts.chain != NULL ? g_steal_pointer (&parts.chain) : sk_X509_new_null ();

  if (!describe_certificate (self, error) ||
      !check_certificate (self, display_name, error))
    return NULL;

  return g_steal_pointer (&self);
}

typedef struct
{
  char     *path;         /* a file, or a PKCS#11 URI */
  char     *passphrase;   /* or the token's PIN; NULL: its PIN pad */
  gboolean  on_token;
} LoadData;

static void
load_data_free (LoadData *load)
{
  g_free (load->path);
  if (load->passphrase != NULL)
    OPENSSL_cleanse (load->passphrase, strlen (load->passphrase));
  g_free (load->passphrase);
  g_free (load);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *load = task_data;
  GError *error = NULL;
  PbSigner *signer;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (load->on_token)
    signer = pb_signer_new_from_pkcs11 (load->path, load->passphrase, &error);
  else
    signer = pb_signer_new_from_pkcs12 (load->path, load->passphrase, &error);
  /* This pool thread outlives the task: free OpenSSL's per-thread state
   * (error queue, random generators) before the caller can go on and
   * exit, or it is lost. */
  OPENSSL_thread_stop ();
  if (signer == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, signer, g_object_unref);
}

void
pb_signer_new_from_pkcs12_async (const char          *path,
                                 const char          *passphrase,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *load;

  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  load = g_new0 (LoadData, 1);
  load->path = g_strdup (path);
  load->passphrase = g_strdup (passphrase != NULL ? passphrase : "");

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_signer_new_from_pkcs12_async);
  g_task_set_task_data (task, load, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

PbSigner *
pb_signer_new_from_pkcs12_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pb_signer_new_from_pkcs12_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
pb_signer_new_from_pkcs11_async (const char          *uri,
                                 const char          *pin,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *load;

  g_return_if_fail (uri != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  load = g_new0 (LoadData, 1);
  load->path = g_strdup (uri);
  load->passphrase = g_strdup (pin);
  load->on_token = TRUE;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_signer_new_from_pkcs11_async);
  g_task_set_task_data (task, load, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

PbSigner *
pb_signer_new_from_pkcs11_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pb_signer_new_from_pkcs11_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
pb_signer_get_common_name (PbSigner *self)
{
  g_return_val_if_fail (PB_IS_SIGNER (self), NULL);

  return self->common_name;
}

const char *
pb_signer_get_email (PbSigner *self)
{
  g_return_val_if_fail (PB_IS_SIGNER (self), NULL);

  return self->email;
}

const char *
pb_signer_get_fingerprint (PbSigner *self)
{
  g_return_val_if_fail (PB_IS_SIGNER (self), NULL);

  return self->fingerprint;
}

GDateTime *
pb_signer_get_not_before (PbSigner *self)
{
  g_return_val_if_fail (PB_IS_SIGNER (self), NULL);

  return self->not_before;
}

GDateTime *
pb_signer_get_not_after (PbSigner *self)
{
  g_return_val_if_fail (PB_IS_SIGNER (self), NULL);

  return self->not_after;
}

PbSigner *
pb_signer_new_from_pkcs11 (const char  *uri,
                           const char  *pin,
                           GError     **error)
{
  g_autoptr(PbSigner) self = NULL;
  g_autoptr(PbToken) token = NULL;
  g_autofree char *display_name = NULL;
  X509 *cert = NULL;

  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  token = pb_token_open (uri, pin, &cert, error);
  if (token == NULL)
    return NULL;

  self = g_object_new (PB_TYPE_SIGNER, NULL);
  self->cert = cert;
  self->key = X509_get_pubkey (cert);
  self->chain = sk_X509_new_null ();
  self->token = g_steal_pointer (&token);
  if (self->key == NULL)
    {
      ERR_clear_error ();
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_UNREADABLE,
                   _("The certificate’s public key cannot be read."));
      return NULL;
    }
  /* Translators: how a token is named in messages; the placeholder is its label */
  display_name = g_strdup_printf (_("token %s"), pb_token_get_label (self->token));
  if (!describe_certificate (self, error) ||
      !check_certificate (self, display_name, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
pb_signer_get_token_label (PbSigner *self)
{
  g_return_val_if_fail (PB_IS_SIGNER (self), NULL);

  return self->token != NULL ? pb_token_get_label (self->token) : NULL;
}

GBytes *
pb_signer_sign_data (PbSigner      *self,
                     const guint8  *data,
                     gsize          len,
                     GError       **error)
{
  EVP_MD_CTX *ctx;
  unsigned char *signature = NULL;
  size_t signature_len = 0;
  GBytes *result = NULL;

  g_return_val_if_fail (PB_IS_SIGNER (self), NULL);

  if (self->token != NULL)
    return pb_token_sign (self->token, EVP_PKEY_is_a (self->key, "EC"), data, len, error);

  ctx = EVP_MD_CTX_new ();
  if (ctx != NULL &&
      EVP_DigestSignInit (ctx, NULL, EVP_sha256 (), NULL, self->key) == 1 &&
      EVP_DigestSign (ctx, NULL, &signature_len, data, len) == 1 &&
      (signature = OPENSSL_malloc (signature_len)) != NULL &&
      EVP_DigestSign (ctx, signature, &signature_len, data, len) == 1)
    result = g_bytes_new (signature, signature_len);
  else
    {
      g_autofree char *reason = openssl_error_text ();

      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_CRYPTO,
                   /* Translators: the placeholder is OpenSSL's reason */
                   _("Signing failed: %s"), reason);
    }
  OPENSSL_free (signature);
  EVP_MD_CTX_free (ctx);
  return result;
}

GPtrArray *
pb_signer_list_token_certificates (void)
{
  return pb_token_list_certificates ();
}
