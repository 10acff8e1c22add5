/* pb-signature-verify.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-signature-verify"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include <openssl/cms.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "pb-pdf-parser.h"
#include "pb-signature-verify.h"
#include "pb-signer-private.h"

#define MAX_FIELD_DEPTH 32

G_DEFINE_BOXED_TYPE (PbSignatureInfo, pb_signature_info,
                     pb_signature_info_copy, pb_signature_info_free)

typedef struct
{
  PbPdfObject *dict;
  char        *field_name;
  gint64       range_end;
} Candidate;

static void
candidate_clear (Candidate *candidate)
{
  g_clear_pointer (&candidate->dict, pb_pdf_object_unref);
  g_clear_pointer (&candidate->field_name, g_free);
}

static gboolean
collect_signatures (PbPdfDocument  *doc,
                    PbPdfObject    *field_ref,
                    gboolean        inherited_sig,
                    const char     *parent_name,
                    int             depth,
                    GHashTable     *visited,
                    guint          *count,
                    Candidate      *newest,
                    GError        **error)
{
  g_autoptr(PbPdfObject) field = NULL;
  g_autofree char *partial = NULL;
  g_autofree char *full_name = NULL;
  PbPdfObject *ft, *kids, *value;
  gboolean is_sig;

  if (depth > MAX_FIELD_DEPTH)
    return TRUE;
  if (field_ref->kind == PB_PDF_REF &&
      !g_hash_table_add (visited, GINT_TO_POINTER ((int) field_ref->integer)))
    return TRUE;

  field = pb_pdf_document_resolve (doc, field_ref, error);
  if (field == NULL)
    return FALSE;
  if (field->kind != PB_PDF_DICT)
    return TRUE;

  ft = pb_pdf_dict_get (field, "FT");
  is_sig = ft != NULL ? pb_pdf_object_is_name (ft, "Sig") : inherited_sig;
  partial = pb_pdf_object_dup_text (pb_pdf_dict_get (field, "T"));
  if (partial != NULL && parent_name != NULL)
    full_name = g_strdup_printf ("%s.%s", parent_name, partial);
  else
    full_name = g_strdup (partial != NULL ? partial : parent_name);

  kids = pb_pdf_dict_get (field, "Kids");
  if (kids != NULL)
    {
      g_autoptr(PbPdfObject) array = pb_pdf_document_resolve (doc, kids, error);

      if (array == NULL)
        return FALSE;
      for (guint i = 0; array->kind == PB_PDF_ARRAY && i < array->items->len; i++)
        if (!collect_signatures (doc, g_ptr_array_index (array->items, i), is_sig, full_name,
                                 depth + 1, visited, count, newest, error))
          return FALSE;
    }

  value = pb_pdf_dict_get (field, "V");
  if (is_sig && value != NULL)
    {
      g_autoptr(PbPdfObject) sig = pb_pdf_document_resolve (doc, value, error);
      PbPdfObject *range;
      gint64 end = -1;

      if (sig == NULL)
        return FALSE;
      range = pb_pdf_dict_get (sig, "ByteRange");
      if (sig->kind != PB_PDF_DICT || range == NULL || pb_pdf_dict_get (sig, "Contents") == NULL)
        return TRUE;

      (*count)++;
      if (range->kind == PB_PDF_ARRAY && range->items->len == 4)
        {
          PbPdfObject *start = g_ptr_array_index (range->items, 2);
          PbPdfObject *length = g_ptr_array_index (range->items, 3);

          if (start->kind == PB_PDF_NUMBER && length->kind == PB_PDF_NUMBER)
            end = start->integer + length->integer;
        }
      if (newest->dict == NULL || end > newest->range_end)
        {
          candidate_clear (newest);
          newest->dict = g_steal_pointer (&sig);
          newest->field_name = g_strdup (full_name);
          newest->range_end = end;
        }
    }

  return TRUE;
}

/* "D:YYYYMMDDHHmmSSOHH'mm'", every part after the year optional. */
static GDateTime *
parse_pdf_date (const char *text)
{
  int parts[6] = { 0, 1, 1, 0, 0, 0 };
  static const int widths[6] = { 4, 2, 2, 2, 2, 2 };
  g_autoptr(GTimeZone) tz = NULL;
  const char *p = text;

  if (p == NULL)
    return NULL;
  if (g_str_has_prefix (p, "D:"))
    p += 2;

  for (int i = 0; i < 6; i++)
    {
      int v = 0;

      if (!g_ascii_isdigit (*p))
        {
          if (i == 0)
            return NULL;
          break;
        }
      for (int j = 0; j < widths[i]; j++, p++)
        {
          if (!g_ascii_isdigit (*p))
            return NULL;
          v = v * 10 + (*p - '0');
        }
      parts[i] = v;
    }

  if (*p == '+' || *p == '-')
    {
      int hours = 0, minutes = 0;
      char sign = *p++;

      if (g_ascii_isdigit (p[0]) && g_ascii_isdigit (p[1]))
        {
          hours = (p[0] - '0') * 10 + (p[1] - '0');
          p += 2;
          if (*p == '\'')
            p++;
          if (g_ascii_isdigit (p[0]) && g_ascii_isdigit (p[1]))
            minutes = (p[0] - '0') * 10 + (p[1] - '0');
        }
      tz = g_time_zone_new_offset ((sign == '-' ? -1 : 1) * (hours * 3600 + minutes * 60));
    }
  else
    tz = g_time_zone_new_utc ();

  return g_date_time_new (tz, parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]);
}

static GDateTime *
cms_signing_time (CMS_SignerInfo *si)
{
  X509_ATTRIBUTE *attr;
  ASN1_TYPE *type;
  int index;

  index = CMS_signed_get_attr_by_NID (si, NID_pkcs9_signingTime, -1);
  if (index < 0)
    return NULL;
  attr = CMS_signed_get_attr (si, index);
  type = X509_ATTRIBUTE_get0_type (attr, 0);
  if (type == NULL || (type->type != V_ASN1_UTCTIME && type->type != V_ASN1_GENERALIZEDTIME))
    return NULL;
  return pb_asn1_time_to_date_time ((const ASN1_TIME *) type->value.asn1_string);
}

static gboolean
integer_item (PbPdfObject *array,
              guint        index,
              gint64      *value)
{
  PbPdfObject *item = g_ptr_array_index (array->items, index);

  if (item->kind != PB_PDF_NUMBER || !item->is_integer || item->integer < 0)
    return FALSE;
  *value = item->integer;
  return TRUE;
}

static char *
chain_check (CMS_ContentInfo  *cms,
             X509             *signer,
             X509_STORE       *store,
             GDateTime        *at)
{
  STACK_OF (X509) *certs = CMS_get1_certs (cms);
  X509_STORE_CTX *ctx = X509_STORE_CTX_new ();
  char *problem = NULL;
  uint32_t usage;

  if (ctx == NULL || X509_STORE_CTX_init (ctx, store, signer, certs) != 1)
    problem = g_strdup (_("cannot set up the certificate check"));
  else
    {
      if (at != NULL)
        X509_VERIFY_PARAM_set_time (X509_STORE_CTX_get0_param (ctx), (time_t) g_date_time_to_unix (at));
      if (X509_verify_cert (ctx) != 1)
        problem = g_strdup (X509_verify_cert_error_string (X509_STORE_CTX_get_error (ctx)));
    }

  usage = X509_get_key_usage (signer);
  if (problem == NULL && (usage & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)) == 0)
    problem = g_strdup (_("the certificate may not be used for signatures"));

  X509_STORE_CTX_free (ctx);
  sk_X509_pop_free (certs, X509_free);
  ERR_clear_error ();
  return problem;
}

static X509_STORE *
open_store (const char  *ca_file,
            GError     **error)
{
  X509_STORE *store = X509_STORE_new ();
  int ok;

  if (store == NULL)
    return NULL;
  if (ca_file != NULL)
    ok = X509_STORE_load_file (store, ca_file);
  else
    ok = X509_STORE_set_default_paths (store);
  ERR_clear_error ();

  if (ok != 1)
    {
      g_autofree char *display_name = ca_file != NULL ? g_filename_display_name (ca_file) : NULL;

      X509_STORE_free (store);
      if (ca_file != NULL)
        g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_UNREADABLE,
                     /* Translators: the placeholder is a file name */
                     _("Cannot read the CA certificates in “%s”."), display_name);
      else
        g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_UNREADABLE,
                     _("Cannot open the system’s trusted certificates."));
      return NULL;
    }
  return store;
}

PbSignatureInfo *
pb_signature_info_copy (const PbSignatureInfo *info)
{
  PbSignatureInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_new0 (PbSignatureInfo, 1);
  *copy = *info;
  copy->chain_error = g_strdup (info->chain_error);
  copy->field_name = g_strdup (info->field_name);
  copy->sub_filter = g_strdup (info->sub_filter);
  copy->signer_common_name = g_strdup (info->signer_common_name);
  copy->signer_email = g_strdup (info->signer_email);
  copy->signer_fingerprint = g_strdup (info->signer_fingerprint);
  copy->signing_time = info->signing_time != NULL ? g_date_time_ref (info->signing_time) : NULL;
  copy->reason = g_strdup (info->reason);
  copy->location = g_strdup (info->location);
  return copy;
}

void
pb_signature_info_free (PbSignatureInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->chain_error);
  g_free (info->field_name);
  g_free (info->sub_filter);
  g_free (info->signer_common_name);
  g_free (info->signer_email);
  g_free (info->signer_fingerprint);
  g_clear_pointer (&info->signing_time, g_date_time_unref);
  g_free (info->reason);
  g_free (info->location);
  g_free (info);
}

gboolean
pb_pdf_verify (GBytes           *pdf,
               const char       *ca_file,
               PbSignatureInfo **info,
               GError          **error)
{
  g_autoptr(PbSignatureInfo) result = NULL;
  g_autoptr(PbPdfDocument) doc = NULL;
  g_autoptr(PbPdfObject) catalog = NULL;
  g_autoptr(PbPdfObject) form = NULL;
  g_autoptr(PbPdfObject) fields = NULL;
  g_autoptr(GHashTable) visited = NULL;
  g_autoptr(GDateTime) claimed_m = NULL;
  g_autofree guint8 *signed_data = NULL;
  g_autofree char *m_text = NULL;
  PbPdfObject *acroform, *range, *contents;
  Candidate newest = { 0 };
  CMS_ContentInfo *cms = NULL;
  X509_STORE *store = NULL;
  BIO *content = NULL;
  const guint8 *data;
  const unsigned char *der;
  gint64 br[4];
  gsize len;
  guint count = 0;
  gboolean ranges_sane;
  gboolean ret = FALSE;

  g_return_val_if_fail (pdf != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (info != NULL)
    *info = NULL;

  doc = pb_pdf_document_new (pdf, error);
  if (doc == NULL)
    return FALSE;
  data = pb_pdf_document_get_data (doc, &len);

  catalog = pb_pdf_document_resolve (doc, pb_pdf_dict_get (pb_pdf_document_get_trailer (doc), "Root"), error);
  if (catalog == NULL)
    return FALSE;
  acroform = pb_pdf_dict_get (catalog, "AcroForm");
  if (acroform != NULL)
    {
      form = pb_pdf_document_resolve (doc, acroform, error);
      if (form == NULL)
        return FALSE;
      if (pb_pdf_dict_get (form, "Fields") != NULL)
        {
          fields = pb_pdf_document_resolve (doc, pb_pdf_dict_get (form, "Fields"), error);
          if (fields == NULL)
            return FALSE;
        }
    }

  visited = g_hash_table_new (NULL, NULL);
  for (guint i = 0; fields != NULL && fields->kind == PB_PDF_ARRAY && i < fields->items->len; i++)
    if (!collect_signatures (doc, g_ptr_array_index (fields->items, i), FALSE, NULL, 0,
                             visited, &count, &newest, error))
      {
        candidate_clear (&newest);
        return FALSE;
      }

  if (newest.dict == NULL)
    {
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_NO_SIGNATURE,
                   _("The document is not signed."));
      return FALSE;
    }

  result = g_new0 (PbSignatureInfo, 1);
  result->n_signatures = count;
  result->field_name = g_steal_pointer (&newest.field_name);
  {
    PbPdfObject *sub_filter = pb_pdf_dict_get (newest.dict, "SubFilter");

    if (sub_filter != NULL && sub_filter->kind == PB_PDF_NAME)
      result->sub_filter = g_strdup (sub_filter->name);
  }
  result->reason = pb_pdf_object_dup_text (pb_pdf_dict_get (newest.dict, "Reason"));
  result->location = pb_pdf_object_dup_text (pb_pdf_dict_get (newest.dict, "Location"));
  m_text = pb_pdf_object_dup_text (pb_pdf_dict_get (newest.dict, "M"));
  claimed_m = parse_pdf_date (m_text);

  range = pb_pdf_dict_get (newest.dict, "ByteRange");
  contents = pb_pdf_dict_get (newest.dict, "Contents");
  ranges_sane = range->kind == PB_PDF_ARRAY && range->items->len == 4 &&
                integer_item (range, 0, &br[0]) && integer_item (range, 1, &br[1]) &&
                integer_item (range, 2, &br[2]) && integer_item (range, 3, &br[3]) &&
                (guint64) br[0] <= len && (guint64) br[1] <= len &&
                (guint64) br[2] <= len && (guint64) br[3] <= len &&
                br[0] + br[1] <= br[2] && (guint64) (br[2] + br[3]) <= len &&
                contents->kind == PB_PDF_STRING;
  if (!ranges_sane)
    {
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_MALFORMED_PDF,
                   _("The signature’s /ByteRange is invalid."));
      goto out;
    }

  /* The gap must be exactly the hexadecimal /Contents string, <> included,
   * and the second range must end at the end of the file. */
  result->covers_whole_file = br[0] == 0 &&
                              (gsize) br[1] == contents->start && data[contents->start] == '<' &&
                              (gsize) br[2] == contents->end &&
                              (gsize) (br[2] + br[3]) == len;

  if (result->sub_filter == NULL ||
      (strcmp (result->sub_filter, "ETSI.CAdES.detached") != 0 &&
       strcmp (result->sub_filter, "adbe.pkcs7.detached") != 0))
    {
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_UNSUPPORTED_PDF,
                   /* Translators: the placeholder is a PDF signature type such as “adbe.pkcs7.sha1” */
                   _("Signatures of type “%s” are not supported."),
                   result->sub_filter != NULL ? result->sub_filter : "?");
      goto out;
    }

  der = contents->string->data;
  cms = d2i_CMS_ContentInfo (NULL, &der, contents->string->len);
  if (cms == NULL || CMS_get0_SignerInfos (cms) == NULL ||
      sk_CMS_SignerInfo_num (CMS_get0_SignerInfos (cms)) != 1)
    {
      ERR_clear_error ();
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_MALFORMED_PDF,
                   _("The signature’s /Contents is not a CMS signature with one signer."));
      goto out;
    }

  /* After the CMS the unsigned gap holds zeros only, never hidden data. */
  for (const guint8 *p = der; p < contents->string->data + contents->string->len; p++)
    if (*p != 0)
      result->covers_whole_file = FALSE;

  signed_data = g_malloc (br[1] + br[3] + 1);
  memcpy (signed_data, data + br[0], br[1]);
  memcpy (signed_data + br[1], data + br[2], br[3]);
  content = BIO_new_mem_buf (signed_data, (int) (br[1] + br[3]));

  ERR_clear_error ();
  result->digest_ok = CMS_verify (cms, NULL, NULL, content, NULL,
                                  CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) == 1;
  ERR_clear_error ();

  {
    STACK_OF (X509) *signers = CMS_get0_signers (cms);
    X509 *signer = NULL;
    CMS_SignerInfo *si = sk_CMS_SignerInfo_value (CMS_get0_SignerInfos (cms), 0);

    if (signers != NULL && sk_X509_num (signers) > 0)
      signer = sk_X509_value (signers, 0);
    else
      {
        STACK_OF (X509) *certs = CMS_get1_certs (cms);

        for (int i = 0; certs != NULL && i < sk_X509_num (certs); i++)
          if (CMS_SignerInfo_cert_cmp (si, sk_X509_value (certs, i)) == 0)
            {
              CMS_SignerInfo_set1_signer_cert (si, sk_X509_value (certs, i));
              break;
            }
        sk_X509_pop_free (certs, X509_free);
        CMS_SignerInfo_get0_algs (si, NULL, &signer, NULL, NULL);
      }
    sk_X509_free (signers);

    if (claimed_m != NULL)
      result->signing_time = g_date_time_ref (claimed_m);
    else
      result->signing_time = cms_signing_time (si);

    if (signer == NULL)
      result->chain_error = g_strdup (_("the signature does not include the signer’s certificate"));
    else
      {
        result->signer_common_name = pb_x509_dup_common_name (signer);
        result->signer_email = pb_x509_dup_email (signer);
        result->signer_fingerprint = pb_x509_dup_fingerprint (signer);

        store = open_store (ca_file, error);
        if (store == NULL)
          goto out;
        result->chain_error = chain_check (cms, signer, store, result->signing_time);
      }
    result->chain_ok = result->chain_error == NULL;
  }

  if (!result->covers_whole_file)
    g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_NOT_WHOLE_FILE,
                 _("The signature does not cover the whole file: bytes were added or left out after signing."));
  else if (!result->digest_ok)
    g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_DIGEST_MISMATCH,
                 _("The signature does not match the document: the signed bytes were changed."));
  else if (!result->chain_ok)
    g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_UNTRUSTED,
                 /* Translators: the placeholder is OpenSSL's reason, e.g. "unable to get local issuer certificate" */
                 _("The signer’s certificate is not trusted: %s."), result->chain_error);
  else
    ret = TRUE;

out:
  BIO_free (content);
  CMS_ContentInfo_free (cms);
  X509_STORE_free (store);
  candidate_clear (&newest);
  if (info != NULL)
    *info = g_steal_pointer (&result);
  return ret;
}

typedef struct
{
  GBytes          *pdf;
  char            *ca_file;
  PbSignatureInfo *info;
} VerifyData;

static void
verify_data_free (VerifyData *verify)
{
  g_clear_pointer (&verify->pdf, g_bytes_unref);
  g_clear_pointer (&verify->ca_file, g_free);
  g_clear_pointer (&verify->info, pb_signature_info_free);
  g_free (verify);
}

static void
verify_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  VerifyData *verify = task_data;
  GError *error = NULL;
  gboolean ok;

  if (g_task_return_error_if_cancelled (task))
    return;

  ok = pb_pdf_verify (verify->pdf, verify->ca_file, &verify->info, &error);
  /* Free OpenSSL's per-thread state before the caller can go on (see
   * load_thread() in pb-signer.c). */
  OPENSSL_thread_stop ();
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
pb_pdf_verify_async (GBytes              *pdf,
                     const char          *ca_file,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  VerifyData *verify;

  g_return_if_fail (pdf != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  verify = g_new0 (VerifyData, 1);
  verify->pdf = g_bytes_ref (pdf);
  verify->ca_file = g_strdup (ca_file);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_pdf_verify_async);
  g_task_set_task_data (task, verify, (GDestroyNotify) verify_data_free);
  g_task_run_in_thread (task, verify_thread);
}

gboolean
pb_pdf_verify_finish (GAsyncResult     *result,
                      PbSignatureInfo **info,
                      GError          **error)
{
  VerifyData *verify;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pb_pdf_verify_async, FALSE);

  verify = g_task_get_task_data (G_TASK (result));
  if (info != NULL)
    *info = g_steal_pointer (&verify->info);
  return g_task_propagate_boolean (G_TASK (result), error);
}
