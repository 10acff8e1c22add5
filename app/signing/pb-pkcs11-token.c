/* pb-pkcs11-token.c: a signing key on a PKCS#11 token (smartcard, HSM)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Modules come from p11-kit, Debian's registry of PKCS#11 modules, and
 * tokens are named by RFC 7512 URIs, which p11-kit parses. The key is used
 * through PKCS#11 directly (C_Sign): Debian 12 packages no OpenSSL 3
 * pkcs11 provider, and the older engine would hide the token's own errors
 * (a wrong PIN, a token pulled out) behind generic OpenSSL ones.
 */

#define G_LOG_DOMAIN "pb-pkcs11"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include <p11-kit/p11-kit.h>
#include <p11-kit/uri.h>

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>

#include "pb-pkcs11-token-private.h"
#include "pb-signer.h"
#include "pb-signing-types.h"
#include "pb-x509-private.h"

struct _PbToken
{
  CK_FUNCTION_LIST  **modules;   /* loaded by p11-kit, or one module by path */
  CK_FUNCTION_LIST   *module;    /* the one holding the key */
  gboolean            by_path;
  CK_SESSION_HANDLE   session;
  CK_OBJECT_HANDLE    key;
  char               *label;
};

/* One thread at a time loads, uses and lets go of PKCS#11 modules. A
 * sign dialog lists the tokens in a thread that goes on after the dialog
 * closes; OpenSC's module, initialized and finalized by two such threads
 * at once, crashed in C_GetSlotList. */
static GMutex modules_lock;

static char *
token_label (CK_TOKEN_INFO *info)
{
  return g_strstrip (g_strndup ((const char *) info->label, sizeof info->label));
}

static gboolean
removed (CK_RV rv)
{
  /* A key that vanishes from a logged-in session went with its token. */
  return rv == CKR_DEVICE_REMOVED || rv == CKR_TOKEN_NOT_PRESENT || rv == CKR_DEVICE_ERROR ||
         rv == CKR_SESSION_HANDLE_INVALID || rv == CKR_SESSION_CLOSED ||
         rv == CKR_KEY_HANDLE_INVALID || rv == CKR_OBJECT_HANDLE_INVALID || rv == CKR_TOKEN_NOT_RECOGNIZED;
}

static void
set_token_error (GError     **error,
                 CK_RV        rv,
                 const char  *label,
                 const char  *what)
{
  if (removed (rv))
    g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_TOKEN_REMOVED,
                 /* Translators: the placeholder is a token's name */
                 _("The token “%s” was removed or stopped answering."), label);
  else if (rv == CKR_PIN_INCORRECT)
    g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_WRONG_PASSPHRASE,
                 /* Translators: the placeholder is a token's name */
                 _("Wrong PIN for the token “%s”."), label);
  else if (rv == CKR_PIN_LOCKED)
    g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_WRONG_PASSPHRASE,
                 /* Translators: the placeholder is a token's name */
                 _("The PIN of the token “%s” is locked."), label);
  else
    g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_TOKEN,
                 /* Translators: the first placeholder says what failed, the second is a token's name, the third a PKCS#11 message */
                 _("%s failed on the token “%s”: %s"), what, label, p11_kit_strerror (rv));
}

void
pb_token_free (PbToken *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  if (self == NULL)
    return;

  locker = g_mutex_locker_new (&modules_lock);

  if (self->module != NULL && self->session != CK_INVALID_HANDLE)
    {
      self->module->C_Logout (self->session);
      self->module->C_CloseSession (self->session);
    }
  if (self->by_path && self->module != NULL)
    {
      p11_kit_module_finalize (self->module);
      p11_kit_module_release (self->module);
    }
  else if (self->modules != NULL)
    p11_kit_modules_finalize_and_release (self->modules);
  g_free (self->label);
  g_free (self);
}

static CK_OBJECT_HANDLE
find_object (CK_FUNCTION_LIST  *module,
             CK_SESSION_HANDLE  session,
             CK_ATTRIBUTE      *template,
             CK_ULONG           n)
{
  CK_OBJECT_HANDLE object = CK_INVALID_HANDLE;
  CK_ULONG count = 0;

  if (module->C_FindObjectsInit (session, template, n) != CKR_OK)
    return CK_INVALID_HANDLE;
  if (module->C_FindObjects (session, &object, 1, &count) != CKR_OK || count == 0)
    object = CK_INVALID_HANDLE;
  module->C_FindObjectsFinal (session);
  return object;
}

static GBytes *
get_attribute (CK_FUNCTION_LIST  *module,
               CK_SESSION_HANDLE  session,
               CK_OBJECT_HANDLE   object,
               CK_ATTRIBUTE_TYPE  type)
{
  CK_ATTRIBUTE attribute = { type, NULL, 0 };
  guint8 *value;

  if (module->C_GetAttributeValue (session, object, &attribute, 1) != CKR_OK ||
      attribute.ulValueLen == (CK_ULONG) -1 || attribute.ulValueLen > 1024 * 1024)
    return NULL;
  value = g_malloc (attribute.ulValueLen + 1);
  attribute.pValue = value;
  if (module->C_GetAttributeValue (session, object, &attribute, 1) != CKR_OK)
    {
      g_free (value);
      return NULL;
    }
  return g_bytes_new_take (value, attribute.ulValueLen);
}

/* The certificate the URI names on @slot's token, and the private key
 * with the same CKA_ID; logs in for it. */
static gboolean
open_on_slot (PbToken           *self,
              CK_FUNCTION_LIST  *module,
              CK_SLOT_ID         slot,
              P11KitUri         *uri,
              const char        *pin,
              X509             **cert_out,
              GError           **error)
{
  CK_TOKEN_INFO info;
  CK_SESSION_HANDLE session = CK_INVALID_HANDLE;
  CK_OBJECT_CLASS cert_class = CKO_CERTIFICATE, key_class = CKO_PRIVATE_KEY;
  CK_ATTRIBUTE template[8];
  CK_ATTRIBUTE *uri_attrs;
  CK_ULONG n_uri_attrs = 0, n = 0;
  CK_OBJECT_HANDLE cert_object, key_object;
  g_autoptr(GBytes) der = NULL;
  g_autoptr(GBytes) id = NULL;
  g_autofree char *label = NULL;
  const unsigned char *p;
  CK_RV rv;

  if (module->C_GetTokenInfo (slot, &info) != CKR_OK || p11_kit_uri_match_token_info (uri, &info) != 1)
    return FALSE;
  label = token_label (&info);

  rv = module->C_OpenSession (slot, CKF_SERIAL_SESSION, NULL, NULL, &session);
  if (rv != CKR_OK)
    {
      set_token_error (error, rv, label, "C_OpenSession");
      return FALSE;
    }

  /* The certificate: public, readable before logging in. */
  uri_attrs = p11_kit_uri_get_attributes (uri, &n_uri_attrs);
  template[n++] = (CK_ATTRIBUTE) { CKA_CLASS, &cert_class, sizeof cert_class };
  for (CK_ULONG i = 0; i < n_uri_attrs && n < G_N_ELEMENTS (template); i++)
    if (uri_attrs[i].type == CKA_LABEL || uri_attrs[i].type == CKA_ID)
      template[n++] = uri_attrs[i];
  cert_object = find_object (module, session, template, n);
  if (cert_object == CK_INVALID_HANDLE ||
      (der = get_attribute (module, session, cert_object, CKA_VALUE)) == NULL ||
      (id = get_attribute (module, session, cert_object, CKA_ID)) == NULL)
    {
      module->C_CloseSession (session);
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_NO_KEY,
                   /* Translators: the placeholder is a token's name */
                   _("The token “%s” holds no certificate that the URI names."), label);
      return FALSE;
    }

  if (pin != NULL)
    rv = module->C_Login (session, CKU_USER, (CK_UTF8CHAR_PTR) pin, strlen (pin));
  else if (info.flags & CKF_PROTECTED_AUTHENTICATION_PATH)
    rv = module->C_Login (session, CKU_USER, NULL, 0);   /* the reader's own PIN pad */
  else
    {
      module->C_CloseSession (session);
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_PIN_REQUIRED,
                   /* Translators: the placeholder is a token's name */
                   _("The token “%s” needs its PIN."), label);
      return FALSE;
    }
  if (rv != CKR_OK && rv != CKR_USER_ALREADY_LOGGED_IN)
    {
      module->C_CloseSession (session);
      set_token_error (error, rv, label, "C_Login");
      return FALSE;
    }

  n = 0;
  template[n++] = (CK_ATTRIBUTE) { CKA_CLASS, &key_class, sizeof key_class };
  template[n++] = (CK_ATTRIBUTE) { CKA_ID, (void *) g_bytes_get_data (id, NULL), g_bytes_get_size (id) };
  key_object = find_object (module, session, template, n);
  if (key_object == CK_INVALID_HANDLE)
    {
      module->C_Logout (session);
      module->C_CloseSession (session);
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_NO_KEY,
                   /* Translators: the placeholder is a token's name */
                   _("The token “%s” holds no private key for the certificate."), label);
      return FALSE;
    }

  p = g_bytes_get_data (der, NULL);
  *cert_out = d2i_X509 (NULL, &p, (long) g_bytes_get_size (der));
  ERR_clear_error ();
  if (*cert_out == NULL)
    {
      module->C_Logout (session);
      module->C_CloseSession (session);
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_UNREADABLE,
                   /* Translators: the placeholder is a token's name */
                   _("The certificate on the token “%s” cannot be read."), label);
      return FALSE;
    }

  self->module = module;
  self->session = session;
  self->key = key_object;
  self->label = g_steal_pointer (&label);
  return TRUE;
}

PbToken *
pb_token_open (const char  *uri_text,
               const char  *pin,
               X509       **cert_out,
               GError     **error)
{
  g_autoptr(PbToken) self = g_new0 (PbToken, 1);
  /* After self: let go of before a failed token is freed, which takes it. */
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&modules_lock);
  P11KitUri *uri = p11_kit_uri_new ();
  const char *module_path;
  gboolean found = FALSE;

  self->session = CK_INVALID_HANDLE;
  if (p11_kit_uri_parse (uri_text, P11_KIT_URI_FOR_ANY, uri) != P11_KIT_URI_OK)
    {
      p11_kit_uri_free (uri);
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_TOKEN,
                   /* Translators: the placeholder is what the user gave */
                   _("“%s” is not a PKCS#11 URI (RFC 7512) such as pkcs11:token=Card;object=Signature."), uri_text);
      return NULL;
    }

  module_path = p11_kit_uri_get_module_path (uri);
  if (module_path != NULL)
    {
      CK_FUNCTION_LIST *module = p11_kit_module_load (module_path, 0);

      if (module == NULL || p11_kit_module_initialize (module) != CKR_OK)
        {
          if (module != NULL)
            p11_kit_module_release (module);
          p11_kit_uri_free (uri);
          g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_TOKEN,
                       /* Translators: the placeholder is a file name */
                       _("Cannot load the PKCS#11 module “%s”."), module_path);
          return NULL;
        }
      self->by_path = TRUE;
      self->modules = g_new0 (CK_FUNCTION_LIST *, 2);
      self->modules[0] = module;
    }
  else
    self->modules = p11_kit_modules_load_and_initialize (0);

  for (guint m = 0; self->modules != NULL && self->modules[m] != NULL && !found; m++)
    {
      CK_FUNCTION_LIST *module = self->modules[m];
      CK_INFO info;
      CK_SLOT_ID slots[64];
      CK_ULONG n_slots = G_N_ELEMENTS (slots);

      if (module->C_GetInfo (&info) != CKR_OK || p11_kit_uri_match_module_info (uri, &info) != 1 ||
          module->C_GetSlotList (CK_TRUE, slots, &n_slots) != CKR_OK)
        continue;
      for (CK_ULONG s = 0; s < n_slots && !found; s++)
        {
          found = open_on_slot (self, module, slots[s], uri, pin, cert_out, error);
          if (!found && error != NULL && *error != NULL)
            break;
        }
      if (error != NULL && *error != NULL)
        break;
    }
  p11_kit_uri_free (uri);

  if (self->by_path && self->module == NULL)
    {
      p11_kit_module_finalize (self->modules[0]);
      p11_kit_module_release (self->modules[0]);
      g_clear_pointer (&self->modules, g_free);
    }
  else if (self->by_path)
    g_clear_pointer (&self->modules, g_free);

  if (!found)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_TOKEN,
                     /* Translators: the placeholder is a PKCS#11 URI */
                     _("No token matches “%s”: is it inserted?"), uri_text);
      return NULL;
    }
  return g_steal_pointer (&self);
}

const char *
pb_token_get_label (PbToken *self)
{
  return self->label;
}

GBytes *
pb_token_sign (PbToken       *self,
               gboolean       is_ec,
               const guint8  *data,
               gsize          len,
               GError       **error)
{
  CK_MECHANISM mechanism = { is_ec ? CKM_ECDSA : CKM_SHA256_RSA_PKCS, NULL, 0 };
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  const guint8 *input = data;
  CK_ULONG input_len = len;
  CK_ULONG signature_len = 0;
  g_autofree guint8 *signature = NULL;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&modules_lock);
  CK_RV rv;

  if (is_ec)
    {
      g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

      g_checksum_update (checksum, data, len);
      g_checksum_get_digest (checksum, digest, &digest_len);
      input = digest;
      input_len = digest_len;
    }

  rv = self->module->C_SignInit (self->session, &mechanism, self->key);
  if (rv == CKR_OK)
    rv = self->module->C_Sign (self->session, (CK_BYTE_PTR) input, input_len, NULL, &signature_len);
  if (rv == CKR_OK && signature_len > 0 && signature_len < 16384)
    {
      signature = g_malloc (signature_len);
      rv = self->module->C_Sign (self->session, (CK_BYTE_PTR) input, input_len, signature, &signature_len);
    }
  if (rv != CKR_OK || signature == NULL)
    {
      set_token_error (error, rv != CKR_OK ? rv : CKR_GENERAL_ERROR, self->label, "C_Sign");
      return NULL;
    }

  if (is_ec)
    {
      /* PKCS#11 gives r || s; CMS wants an ECDSA-Sig-Value. */
      ECDSA_SIG *sig = ECDSA_SIG_new ();
      unsigned char *der = NULL;
      GBytes *out = NULL;
      int der_len;

      ECDSA_SIG_set0 (sig, BN_bin2bn (signature, signature_len / 2, NULL),
                      BN_bin2bn (signature + signature_len / 2, signature_len / 2, NULL));
      der_len = i2d_ECDSA_SIG (sig, &der);
      if (der_len > 0)
        out = g_bytes_new (der, der_len);
      OPENSSL_free (der);
      ECDSA_SIG_free (sig);
      return out;
    }
  return g_bytes_new_take (g_steal_pointer (&signature), signature_len);
}

void
pb_token_certificate_free (PbTokenCertificate *certificate)
{
  if (certificate == NULL)
    return;

  g_free (certificate->uri);
  g_free (certificate->name);
  g_free (certificate->token_label);
  g_free (certificate->issuer);
  g_clear_pointer (&certificate->not_after, g_date_time_unref);
  g_free (certificate);
}

/* The URI of the certificate with @id on the token @info describes; the
 * key is found by the same id (pb_token_open()). */
static char *
certificate_uri (CK_TOKEN_INFO *info,
                 GBytes        *id,
                 GBytes        *label)
{
  P11KitUri *uri = p11_kit_uri_new ();
  CK_OBJECT_CLASS cert_class = CKO_CERTIFICATE;
  CK_ATTRIBUTE class_attribute = { CKA_CLASS, &cert_class, sizeof cert_class };
  CK_ATTRIBUTE id_attribute = { CKA_ID, (void *) g_bytes_get_data (id, NULL), g_bytes_get_size (id) };
  char *text = NULL;

  memcpy (p11_kit_uri_get_token_info (uri), info, sizeof *info);
  p11_kit_uri_set_attribute (uri, &class_attribute);
  p11_kit_uri_set_attribute (uri, &id_attribute);
  if (label != NULL)
    {
      CK_ATTRIBUTE label_attribute = { CKA_LABEL, (void *) g_bytes_get_data (label, NULL), g_bytes_get_size (label) };

      p11_kit_uri_set_attribute (uri, &label_attribute);
    }
  if (p11_kit_uri_format (uri, P11_KIT_URI_FOR_OBJECT_ON_TOKEN, &text) != P11_KIT_URI_OK)
    text = NULL;
  p11_kit_uri_free (uri);

  /* p11-kit allocates with malloc. */
  {
    char *copy = g_strdup (text);

    free (text);
    return copy;
  }
}

#define MAX_CERTIFICATES_PER_TOKEN 64

static void
list_on_slot (CK_FUNCTION_LIST *module,
              CK_SLOT_ID        slot,
              GPtrArray        *certificates)
{
  CK_TOKEN_INFO info;
  CK_SESSION_HANDLE session;
  CK_OBJECT_CLASS cert_class = CKO_CERTIFICATE;
  CK_ATTRIBUTE template[] = { { CKA_CLASS, &cert_class, sizeof cert_class } };
  CK_OBJECT_HANDLE objects[MAX_CERTIFICATES_PER_TOKEN];
  CK_ULONG n_objects = 0;
  g_autofree char *token = NULL;

  if (module->C_GetTokenInfo (slot, &info) != CKR_OK ||
      module->C_OpenSession (slot, CKF_SERIAL_SESSION, NULL, NULL, &session) != CKR_OK)
    return;
  token = token_label (&info);

  if (module->C_FindObjectsInit (session, template, G_N_ELEMENTS (template)) == CKR_OK)
    {
      if (module->C_FindObjects (session, objects, G_N_ELEMENTS (objects), &n_objects) != CKR_OK)
        n_objects = 0;
      module->C_FindObjectsFinal (session);
    }

  for (CK_ULONG i = 0; i < n_objects; i++)
    {
      g_autoptr(GBytes) der = get_attribute (module, session, objects[i], CKA_VALUE);
      g_autoptr(GBytes) id = get_attribute (module, session, objects[i], CKA_ID);
      g_autoptr(GBytes) label = get_attribute (module, session, objects[i], CKA_LABEL);
      g_autofree char *unusable = NULL;
      PbTokenCertificate *certificate;
      const unsigned char *p;
      X509 *cert;

      if (der == NULL || id == NULL || g_bytes_get_size (id) == 0)
        continue;
      p = g_bytes_get_data (der, NULL);
      cert = d2i_X509 (NULL, &p, (long) g_bytes_get_size (der));
      ERR_clear_error ();
      if (cert == NULL)
        continue;

      /* Only what may sign a document: not the CA certificates a token
       * also carries. */
      if ((unusable = pb_x509_check_signing_usage (cert)) == NULL)
        {
          certificate = g_new0 (PbTokenCertificate, 1);
          certificate->uri = certificate_uri (&info, id, label);
          certificate->name = pb_x509_dup_common_name (cert);
          if (certificate->name == NULL)
            certificate->name = pb_x509_dup_subject (cert);
          certificate->issuer = pb_x509_dup_issuer (cert);
          certificate->token_label = g_strdup (token);
          certificate->not_after = pb_asn1_time_to_date_time (X509_get0_notAfter (cert));
          if (certificate->uri != NULL)
            g_ptr_array_add (certificates, certificate);
          else
            pb_token_certificate_free (certificate);
        }
      X509_free (cert);
    }

  module->C_CloseSession (session);
}

GPtrArray *
pb_token_list_certificates (void)
{
  GPtrArray *certificates = g_ptr_array_new_with_free_func ((GDestroyNotify) pb_token_certificate_free);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&modules_lock);
  CK_FUNCTION_LIST **modules = p11_kit_modules_load_and_initialize (0);

  for (guint m = 0; modules != NULL && modules[m] != NULL; m++)
    {
      CK_FUNCTION_LIST *module = modules[m];
      CK_SLOT_ID slots[64];
      CK_ULONG n_slots = G_N_ELEMENTS (slots);

      /* The system's trust store is a module too: its certificates are
       * anchors, never keys. */
      if ((p11_kit_module_get_flags (module) & P11_KIT_MODULE_TRUSTED) ||
          module->C_GetSlotList (CK_TRUE, slots, &n_slots) != CKR_OK)
        continue;
      for (CK_ULONG s = 0; s < n_slots; s++)
        list_on_slot (module, slots[s], certificates);
    }

  if (modules != NULL)
    p11_kit_modules_finalize_and_release (modules);

  return certificates;
}
