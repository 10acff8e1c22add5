/* pb-pdf-signer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-pdf-signer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include <openssl/cms.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include "pb-pdf-parser.h"
#include "pb-pdf-signer.h"
#include "pb-pdf-signer-private.h"
#include "pb-signer-private.h"
#include "pb-timestamp-private.h"

#define BYTE_RANGE_WIDTH 48   /* "[0 a b c]" with ten digits each, padded with spaces */
#define MIN_CONTENTS     8192
#define MAX_PAGE_DEPTH   32

typedef struct
{
  gint64 number;
  int    generation;
  gsize  offset;   /* in the update */
} XrefEntry;

typedef struct
{
  PbPdfDocument *doc;
  const char    *data;
  GString       *out;
  GArray        *entries;
} Update;

/* Helvetica advance widths (Adobe AFM) for the printable ASCII range. */
static const guint16 helvetica_widths[95] = {
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
};

/* PDF numbers always use a dot, whatever LC_NUMERIC says. */
typedef struct
{
  char s[G_ASCII_DTOSTR_BUF_SIZE];
} Number;

static Number
num (double value)
{
  Number n;

  g_ascii_formatd (n.s, sizeof n.s, "%.2f", value);
  return n;
}

static gboolean
is_plain_ascii (const char *text)
{
  for (const char *p = text; *p; p++)
    if ((guchar) *p < 0x20 || (guchar) *p >= 0x7f)
      return FALSE;
  return TRUE;
}

static void
append_literal_bytes (GString    *out,
                      const char *bytes,
                      gsize       len)
{
  g_string_append_c (out, '(');
  for (gsize i = 0; i < len; i++)
    {
      guchar c = bytes[i];

      if (c == '(' || c == ')' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c < 0x20 || c >= 0x7f)
        g_string_append_printf (out, "\\%03o", c);
      else
        g_string_append_c (out, c);
    }
  g_string_append_c (out, ')');
}

/* A PDF text string: literal when it is plain ASCII, else UTF-16BE. */
static void
append_text_string (GString    *out,
                    const char *utf8)
{
  g_autofree gunichar2 *utf16 = NULL;
  glong n = 0;

  if (is_plain_ascii (utf8))
    {
      append_literal_bytes (out, utf8, strlen (utf8));
      return;
    }

  utf16 = g_utf8_to_utf16 (utf8, -1, NULL, &n, NULL);
  g_string_append (out, "<FEFF");
  for (glong i = 0; utf16 != NULL && i < n; i++)
    g_string_append_printf (out, "%04X", utf16[i]);
  g_string_append_c (out, '>');
}

static void
append_raw (GString     *out,
            const char  *data,
            PbPdfObject *object)
{
  g_string_append_len (out, data + object->start, object->end - object->start);
}

static void
append_dict_entries_except (GString            *out,
                            const char         *data,
                            PbPdfObject        *dict,
                            const char * const *skip)
{
  for (guint i = 0; i + 1 < dict->items->len; i += 2)
    {
      PbPdfObject *key = g_ptr_array_index (dict->items, i);
      PbPdfObject *value = g_ptr_array_index (dict->items, i + 1);

      if (skip != NULL && g_strv_contains (skip, key->name))
        continue;
      append_raw (out, data, key);
      g_string_append_c (out, ' ');
      append_raw (out, data, value);
      g_string_append_c (out, '\n');
    }
}

static void
append_array_with_ref (GString     *out,
                       const char  *data,
                       PbPdfObject *array,
                       gint64       number)
{
  g_string_append_c (out, '[');
  for (guint i = 0; array != NULL && i < array->items->len; i++)
    {
      append_raw (out, data, g_ptr_array_index (array->items, i));
      g_string_append_c (out, ' ');
    }
  g_string_append_printf (out, "%" G_GINT64_FORMAT " 0 R]", number);
}

static void
begin_object (Update *update,
              gint64  number,
              int     generation)
{
  XrefEntry entry = { number, generation, update->out->len };

  g_array_append_val (update->entries, entry);
  g_string_append_printf (update->out, "%" G_GINT64_FORMAT " %d obj\n", number, generation);
}

static void
end_object (Update *update)
{
  g_string_append (update->out, "\nendobj\n");
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const XrefEntry *ea = a;
  const XrefEntry *eb = b;

  return (ea->number > eb->number) - (ea->number < eb->number);
}

static char *
format_pdf_date (GDateTime *time)
{
  GTimeSpan offset = g_date_time_get_utc_offset (time);
  g_autofree char *base = g_date_time_format (time, "D:%Y%m%d%H%M%S");
  gint64 minutes = ABS (offset) / G_TIME_SPAN_MINUTE;

  if (offset == 0)
    return g_strdup_printf ("%s+00'00'", base);
  return g_strdup_printf ("%s%c%02d'%02d'", base, offset < 0 ? '-' : '+',
                          (int) (minutes / 60), (int) (minutes % 60));
}

/* Collects the references to the leaf pages, in order. */
static gboolean
collect_pages (PbPdfDocument  *doc,
               PbPdfObject    *node_ref,
               int             depth,
               GPtrArray      *pages,
               GHashTable     *visited,
               GError        **error)
{
  g_autoptr(PbPdfObject) node = NULL;
  PbPdfObject *kids;

  if (node_ref == NULL || node_ref->kind != PB_PDF_REF || depth > MAX_PAGE_DEPTH ||
      !g_hash_table_add (visited, GINT_TO_POINTER ((int) node_ref->integer)))
    {
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_MALFORMED_PDF,
                   _("Malformed PDF: the page tree is not a tree of indirect objects."));
      return FALSE;
    }

  node = pb_pdf_document_resolve (doc, node_ref, error);
  if (node == NULL)
    return FALSE;
  if (node->kind != PB_PDF_DICT)
    {
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_MALFORMED_PDF,
                   /* Translators: the placeholder is a PDF object number */
                   _("Malformed PDF: page tree node %lld is not a dictionary."),
                   (long long) node_ref->integer);
      return FALSE;
    }

  kids = pb_pdf_dict_get (node, "Kids");
  if (pb_pdf_object_is_name (pb_pdf_dict_get (node, "Type"), "Page") || kids == NULL)
    {
      g_ptr_array_add (pages, pb_pdf_object_ref (node_ref));
      return TRUE;
    }

  {
    g_autoptr(PbPdfObject) kid_array = pb_pdf_document_resolve (doc, kids, error);

    if (kid_array == NULL)
      return FALSE;
    if (kid_array->kind != PB_PDF_ARRAY)
      {
        g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_MALFORMED_PDF,
                     /* Translators: the placeholder is a PDF object number */
                     _("Malformed PDF: /Kids of page tree node %lld is not an array."),
                     (long long) node_ref->integer);
        return FALSE;
      }
    for (guint i = 0; i < kid_array->items->len; i++)
      if (!collect_pages (doc, g_ptr_array_index (kid_array->items, i), depth + 1, pages, visited, error))
        return FALSE;
  }

  return TRUE;
}

static double
text_width (const char *winansi,
            double      font_size)
{
  double width = 0;

  for (const guchar *p = (const guchar *) winansi; *p; p++)
    width += (*p >= 32 && *p < 127) ? helvetica_widths[*p - 32] : 556;
  return width * font_size / 1000.0;
}

static char *
to_winansi (const char *utf8)
{
  char *out = g_convert_with_fallback (utf8, -1, "WINDOWS-1252//TRANSLIT", "UTF-8", "?", NULL, NULL, NULL);

  if (out == NULL)
    out = g_convert_with_fallback (utf8, -1, "WINDOWS-1252", "UTF-8", "?", NULL, NULL, NULL);
  if (out == NULL)
    out = g_str_to_ascii (utf8, NULL);
  return out;
}

static GBytes *
build_appearance (const char * const *lines_utf8,
                  double              width,
                  double              height)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  GString *content = g_string_new (NULL);
  double margin = MIN (4.0, width / 10);
  double available = MAX (width - 2 * margin, 1);
  double font_size;
  double y;

  for (guint i = 0; lines_utf8[i] != NULL; i++)
    g_ptr_array_add (lines, to_winansi (lines_utf8[i]));

  font_size = MIN (10.0, (height - 2 * margin) / (MAX (lines->len, 1) * 1.25));
  for (guint i = 0; i < lines->len; i++)
    {
      double w = text_width (g_ptr_array_index (lines, i), font_size);

      if (w > available)
        font_size = MAX (font_size * available / w, 5.0);
    }
  font_size = MAX (font_size, 1.0);

  /* Whatever is still too wide at the smallest size loses its end. */
  for (guint i = 0; i < lines->len; i++)
    {
      char *line = g_ptr_array_index (lines, i);
      gsize len = strlen (line);

      while (len > 3 && text_width (line, font_size) > available)
        {
          len--;
          line[len] = '\0';
          memcpy (line + len - 3, "...", 3);
        }
    }

  g_string_append_printf (content,
                          "q 0.95 0.96 0.98 rg 0 0 %s %s re f Q\n"
                          "q 0.20 0.30 0.50 RG 1 w 0.5 0.5 %s %s re S Q\n"
                          "BT 0 g /Helv %s Tf %s TL\n",
                          num (width).s, num (height).s, num (width - 1).s, num (height - 1).s,
                          num (font_size).s, num (font_size * 1.25).s);
  y = height - margin - font_size;
  g_string_append_printf (content, "%s %s Td\n", num (margin).s, num (y).s);
  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);

      if (i > 0)
        g_string_append (content, "T* ");
      append_literal_bytes (content, line, strlen (line));
      g_string_append (content, " Tj\n");
    }
  g_string_append (content, "ET\n");

  return g_string_free_to_bytes (content);
}

static gsize
estimate_contents_size (PbSigner *signer)
{
  STACK_OF (X509) *chain = pb_signer_get_chain (signer);
  gsize size = i2d_X509 (pb_signer_get_cert (signer), NULL);

  for (int i = 0; i < sk_X509_num (chain); i++)
    size += i2d_X509 (sk_X509_value (chain, i), NULL);
  size += 2 * EVP_PKEY_get_size (pb_signer_get_key (signer));
  /* Signed attributes, SignerInfo, room for a later timestamp token. */
  size += 6144;
  size = (size + 1023) / 1024 * 1024;
  return MAX (size, MIN_CONTENTS);
}

static gboolean
set_crypto_error (GError     **error,
                  const char  *what)
{
  unsigned long code = ERR_peek_last_error ();
  char buf[256] = "";

  if (code != 0)
    ERR_error_string_n (code, buf, sizeof buf);
  ERR_clear_error ();
  g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_CRYPTO,
               /* Translators: the first placeholder says what failed, the second is OpenSSL's reason */
               _("%s failed: %s"), what, buf);
  return FALSE;
}

static int
compare_der (gconstpointer a,
             gconstpointer b)
{
  GBytes *da = *(GBytes * const *) a;
  GBytes *db = *(GBytes * const *) b;
  gsize la, lb;
  const guint8 *pa = g_bytes_get_data (da, &la);
  const guint8 *pb = g_bytes_get_data (db, &lb);
  int cmp = memcmp (pa, pb, MIN (la, lb));

  if (cmp != 0)
    return cmp;
  return (la > lb) - (la < lb);
}

/* Signs the signed attributes the way CMS_SignerInfo_sign() does: their
 * DER SET OF, in DER order, SHA-256, with the signer's key wherever it is
 * (a file, a token). */
static gboolean
sign_attributes (CMS_SignerInfo  *si,
                 PbSigner        *signer,
                 GError         **error)
{
  g_autoptr(GPtrArray) encoded = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GByteArray) tbs = g_byte_array_new ();
  g_autoptr(GBytes) signature = NULL;
  gsize content_len = 0;
  guint8 header[6];
  gsize header_len = 0;
  gsize signature_len;

  for (int i = 0; i < CMS_signed_get_attr_count (si); i++)
    {
      unsigned char *der = NULL;
      int len = i2d_X509_ATTRIBUTE (CMS_signed_get_attr (si, i), &der);

      if (len <= 0)
        return set_crypto_error (error, "i2d_X509_ATTRIBUTE");
      g_ptr_array_add (encoded, g_bytes_new (der, len));
      content_len += len;
      OPENSSL_free (der);
    }
  g_ptr_array_sort (encoded, compare_der);

  header[header_len++] = 0x31;
  if (content_len < 0x80)
    header[header_len++] = (guint8) content_len;
  else if (content_len < 0x100)
    {
      header[header_len++] = 0x81;
      header[header_len++] = (guint8) content_len;
    }
  else
    {
      header[header_len++] = 0x82;
      header[header_len++] = (guint8) (content_len >> 8);
      header[header_len++] = (guint8) content_len;
    }
  g_byte_array_append (tbs, header, header_len);
  for (guint i = 0; i < encoded->len; i++)
    {
      gsize len;
      const guint8 *der = g_bytes_get_data (g_ptr_array_index (encoded, i), &len);

      g_byte_array_append (tbs, der, len);
    }

  signature = pb_signer_sign_data (signer, tbs->data, tbs->len, error);
  if (signature == NULL)
    return FALSE;
  signature_len = g_bytes_get_size (signature);
  ASN1_STRING_set0 (CMS_SignerInfo_get0_signature (si),
                    g_memdup2 (g_bytes_get_data (signature, NULL), signature_len), (int) signature_len);
  return TRUE;
}

/* The signed attributes CMS_final() would add (content type, message
 * digest of the signed bytes, @digest), signed once with the signer's key
 * wherever it is: a key on a token never reaches OpenSSL, and for a key in
 * a file this spares CMS_final()'s signature, which carries a signing-time
 * attribute PAdES forbids and would have to be made again without it. */
static gboolean
sign_digest (CMS_SignerInfo  *si,
             PbSigner        *signer,
             const guint8    *digest,
             gsize            digest_len,
             GError         **error)
{
  if (CMS_signed_add1_attr_by_NID (si, NID_pkcs9_contentType, V_ASN1_OBJECT, OBJ_nid2obj (NID_pkcs7_data), -1) != 1 ||
      CMS_signed_add1_attr_by_NID (si, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING, digest, (int) digest_len) != 1)
    return set_crypto_error (error, "CMS_signed_add1_attr_by_NID");
  return sign_attributes (si, signer, error);
}

static gboolean
add_signature_timestamp (CMS_SignerInfo  *si,
                         const char      *tsa_url,
                         guint            timeout,
                         GError         **error)
{
  ASN1_OCTET_STRING *signature = CMS_SignerInfo_get0_signature (si);
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GBytes) token = NULL;
  gsize token_len;
  const guint8 *token_data;

  g_checksum_update (checksum, ASN1_STRING_get0_data (signature), ASN1_STRING_length (signature));
  g_checksum_get_digest (checksum, digest, &digest_len);

  token = pb_timestamp_request (tsa_url, digest, timeout > 0 ? timeout : 30, error);
  if (token == NULL)
    return FALSE;

  token_data = g_bytes_get_data (token, &token_len);
  if (CMS_unsigned_add1_attr_by_txt (si, PB_OID_SIGNATURE_TIMESTAMP, V_ASN1_SEQUENCE,
                                     token_data, (int) token_len) != 1)
    return set_crypto_error (error, "CMS_unsigned_add1_attr_by_txt");
  return TRUE;
}

/* One of the two stretches of a signed file around its /Contents. */
typedef struct
{
  const guint8 *data;
  gsize         len;
} Span;

/* The SHA-256 of @spans one after the other, by OpenSSL: some ten times
 * GLib's speed on a report of a few megabytes. */
static gboolean
digest_spans (const Span *spans,
              guint       n_spans,
              guint8      digest[32])
{
  EVP_MD_CTX *ctx = EVP_MD_CTX_new ();
  unsigned int digest_len = 0;
  gboolean ok = ctx != NULL && EVP_DigestInit_ex (ctx, EVP_sha256 (), NULL) == 1;

  for (guint i = 0; ok && i < n_spans; i++)
    ok = EVP_DigestUpdate (ctx, spans[i].data, spans[i].len) == 1;
  ok = ok && EVP_DigestFinal_ex (ctx, digest, &digest_len) == 1 && digest_len == 32;
  EVP_MD_CTX_free (ctx);
  return ok;
}

/* CMS_final() on @spans without first copying them into one buffer. */
static gboolean
final_spans (CMS_ContentInfo *cms,
             const Span      *spans,
             guint            n_spans)
{
  BIO *bio = CMS_dataInit (cms, NULL);
  gboolean ok = bio != NULL;

  for (guint i = 0; ok && i < n_spans; i++)
    for (gsize done = 0; ok && done < spans[i].len; )
      {
        int n = (int) MIN (spans[i].len - done, (gsize) G_MAXINT / 2);

        ok = BIO_write (bio, spans[i].data + done, n) == n;
        done += n;
      }
  /* As CMS_final() does: a flush through digest BIOs cannot fail. */
  if (ok)
    (void) BIO_flush (bio);
  ok = ok && CMS_dataFinal (cms, bio) == 1;
  BIO_free_all (bio);
  return ok;
}

static GBytes *
cms_sign (const Span                *spans,
          guint                      n_spans,
          PbSigner                  *signer,
          const PbSignatureOptions  *options,
          GError                   **error)
{
  const unsigned int flags = CMS_DETACHED | CMS_BINARY | CMS_PARTIAL | CMS_NOSMIMECAP;
  EVP_PKEY *key = pb_signer_get_key (signer);
  CMS_ContentInfo *cms = NULL;
  CMS_SignerInfo *si;
  unsigned char *der = NULL;
  GBytes *ret = NULL;
  int der_len;

  ERR_clear_error ();
  cms = CMS_sign (NULL, NULL, pb_signer_get_chain (signer), NULL, flags);
  if (cms == NULL)
    {
      set_crypto_error (error, "CMS_sign");
      goto out;
    }

  si = CMS_add1_signer (cms, pb_signer_get_cert (signer), key, EVP_sha256 (), flags | CMS_CADES);
  if (si == NULL)
    {
      set_crypto_error (error, "CMS_add1_signer");
      goto out;
    }

  /* PAdES B-B (EN 319 142-1, 6.3) forbids the CMS signing-time attribute
   * (the time belongs in /M), which OpenSSL 3.0 always adds: RSA and EC
   * keys, and keys on a token, sign the attributes without it. The signer
   * refuses other key types (RSA-PSS, EdDSA): with them OpenSSL's own
   * signature is the fallback, and pdfsig rejects it. */
  if (pb_signer_get_token_label (signer) != NULL || EVP_PKEY_is_a (key, "RSA") || EVP_PKEY_is_a (key, "EC"))
    {
      guint8 digest[32];

      if (!digest_spans (spans, n_spans, digest))
        {
          set_crypto_error (error, "SHA-256");
          goto out;
        }
      if (!sign_digest (si, signer, digest, sizeof digest, error))
        goto out;
    }
  else if (!final_spans (cms, spans, n_spans))
    {
      set_crypto_error (error, "CMS_final");
      goto out;
    }

  if (options->tsa_url != NULL && !add_signature_timestamp (si, options->tsa_url, options->tsa_timeout, error))
    goto out;

  der_len = i2d_CMS_ContentInfo (cms, &der);
  if (der_len <= 0)
    {
      set_crypto_error (error, "i2d_CMS_ContentInfo");
      goto out;
    }
  ret = g_bytes_new (der, der_len);

out:
  OPENSSL_free (der);
  CMS_ContentInfo_free (cms);
  return ret;
}

static gboolean
check_signing_time (PbSigner   *signer,
                    GDateTime  *signing_time,
                    GError    **error)
{
  g_autofree char *when = g_date_time_format (signing_time, "%Y-%m-%d %H:%M:%S");

  if (g_date_time_compare (signing_time, pb_signer_get_not_before (signer)) < 0)
    {
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_CERT_NOT_YET_VALID,
                   /* Translators: the placeholder is a date and time */
                   _("The signer’s certificate is not yet valid at the signing time %s."), when);
      return FALSE;
    }
  if (g_date_time_compare (signing_time, pb_signer_get_not_after (signer)) > 0)
    {
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_CERT_EXPIRED,
                   /* Translators: the placeholder is a date and time */
                   _("The signer’s certificate has expired at the signing time %s."), when);
      return FALSE;
    }
  return TRUE;
}

static void
append_hex (GString      *out,
            const guint8 *bytes,
            gsize         len)
{
  static const char digits[] = "0123456789ABCDEF";

  for (gsize i = 0; i < len; i++)
    {
      g_string_append_c (out, digits[bytes[i] >> 4]);
      g_string_append_c (out, digits[bytes[i] & 0xf]);
    }
}

static gboolean
write_catalog (Update       *update,
               PbPdfObject  *root_ref,
               PbPdfObject  *catalog,
               gint64        widget,
               GError      **error)
{
  static const char * const catalog_skip[] = { "AcroForm", "Version", "Extensions", NULL };
  static const char * const acroform_skip[] = { "Fields", "SigFlags", NULL };
  static const char * const extensions_skip[] = { "ESIC", NULL };
  PbPdfObject *acroform = pb_pdf_dict_get (catalog, "AcroForm");
  PbPdfObject *version = pb_pdf_dict_get (catalog, "Version");
  PbPdfObject *extensions = pb_pdf_dict_get (catalog, "Extensions");
  const char *data = update->data;
  g_autoptr(PbPdfObject) form = NULL;
  g_autoptr(GString) form_text = g_string_new (NULL);
  gboolean form_is_indirect = acroform != NULL && acroform->kind == PB_PDF_REF;
  const char *header_version = data + 5;

  if (acroform != NULL)
    {
      form = pb_pdf_document_resolve (update->doc, acroform, error);
      if (form == NULL)
        return FALSE;
      if (form->kind != PB_PDF_DICT)
        {
          g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_MALFORMED_PDF,
                       _("Malformed PDF: /AcroForm is not a dictionary."));
          return FALSE;
        }
    }

  /* The form dictionary: its fields plus ours, SigFlags 3 (SignaturesExist | AppendOnly). */
  g_string_append (form_text, "<<\n");
  if (form != NULL)
    {
      PbPdfObject *fields = pb_pdf_dict_get (form, "Fields");

      append_dict_entries_except (form_text, data, form, acroform_skip);
      if (fields != NULL && fields->kind == PB_PDF_REF)
        {
          g_autoptr(PbPdfObject) array = pb_pdf_document_resolve (update->doc, fields, error);

          if (array == NULL)
            return FALSE;
          if (array->kind != PB_PDF_ARRAY)
            {
              g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_MALFORMED_PDF,
                           _("Malformed PDF: the form’s /Fields is not an array."));
              return FALSE;
            }
          begin_object (update, fields->integer, fields->generation);
          append_array_with_ref (update->out, data, array, widget);
          end_object (update);
          g_string_append (form_text, "/Fields ");
          append_raw (form_text, data, fields);
        }
      else
        {
          g_string_append (form_text, "/Fields ");
          append_array_with_ref (form_text, data,
                                 fields != NULL && fields->kind == PB_PDF_ARRAY ? fields : NULL,
                                 widget);
        }
    }
  else
    {
      g_string_append (form_text, "/Fields ");
      append_array_with_ref (form_text, data, NULL, widget);
    }
  g_string_append (form_text, "\n/SigFlags 3\n>>");

  if (form_is_indirect)
    {
      begin_object (update, acroform->integer, acroform->generation);
      g_string_append (update->out, form_text->str);
      end_object (update);
    }

  begin_object (update, root_ref->integer, root_ref->generation);
  g_string_append (update->out, "<<\n");
  append_dict_entries_except (update->out, data, catalog, catalog_skip);
  g_string_append (update->out, "/AcroForm ");
  if (form_is_indirect)
    append_raw (update->out, data, acroform);
  else
    g_string_append (update->out, form_text->str);
  g_string_append_c (update->out, '\n');

  /* ETSI.CAdES.detached is PDF 1.7 with the ESIC extension level 2. */
  if (version != NULL && version->kind == PB_PDF_NAME && g_strcmp0 (version->name, "1.7") >= 0)
    {
      g_string_append (update->out, "/Version ");
      append_raw (update->out, data, version);
    }
  else if (strncmp (header_version, "1.7", 3) != 0 && header_version[0] != '2')
    g_string_append (update->out, "/Version /1.7");
  g_string_append (update->out, "\n/Extensions <<\n");
  if (extensions != NULL && extensions->kind == PB_PDF_DICT)
    append_dict_entries_except (update->out, data, extensions, extensions_skip);
  g_string_append (update->out, "/ESIC << /BaseVersion /1.7 /ExtensionLevel 2 >>\n>>\n>>");
  end_object (update);

  return TRUE;
}

static gboolean
write_page (Update       *update,
            PbPdfObject  *page_ref,
            PbPdfObject  *page,
            gint64        widget,
            GError      **error)
{
  static const char * const page_skip[] = { "Annots", NULL };
  PbPdfObject *annots = pb_pdf_dict_get (page, "Annots");
  const char *data = update->data;

  if (annots != NULL && annots->kind == PB_PDF_REF)
    {
      g_autoptr(PbPdfObject) array = pb_pdf_document_resolve (update->doc, annots, error);

      if (array == NULL)
        return FALSE;
      if (array->kind != PB_PDF_ARRAY)
        {
          g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_MALFORMED_PDF,
                       /* Translators: the placeholder is a PDF object number */
                       _("Malformed PDF: /Annots of page object %lld is not an array."),
                       (long long) page_ref->integer);
          return FALSE;
        }
      begin_object (update, annots->integer, annots->generation);
      append_array_with_ref (update->out, data, array, widget);
      end_object (update);
      return TRUE;
    }

  begin_object (update, page_ref->integer, page_ref->generation);
  g_string_append (update->out, "<<\n");
  append_dict_entries_except (update->out, data, page, page_skip);
  g_string_append (update->out, "/Annots ");
  append_array_with_ref (update->out, data,
                         annots != NULL && annots->kind == PB_PDF_ARRAY ? annots : NULL,
                         widget);
  g_string_append (update->out, "\n>>");
  end_object (update);
  return TRUE;
}

static const char *appearance_text (const PbSignatureOptions *options,
                                    const char               *msgid) G_GNUC_FORMAT (2);

/* @msgid in the document's language, when the caller says which. */
static const char *
appearance_text (const PbSignatureOptions *options,
                 const char               *msgid)
{
  return options->translate != NULL ? options->translate (msgid) : g_dgettext (GETTEXT_PACKAGE, msgid);
}

static char **
appearance_lines (const PbSignatureOptions *options,
                  const char               *name,
                  GDateTime                *signing_time)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new ();
  g_autoptr(GDateTime) utc = g_date_time_to_utc (signing_time);
  g_autofree char *date = g_date_time_format (utc, "%Y-%m-%d %H:%M:%S UTC");

  /* Translators: the first line of a visible signature; the placeholder is a person's name */
  g_ptr_array_add (lines, g_strdup_printf (appearance_text (options, N_("Digitally signed by %s")), name));
  if (options->signer_role != NULL && *options->signer_role != '\0')
    g_ptr_array_add (lines, g_strdup (options->signer_role));
  /* Translators: the placeholder is a date and time */
  g_ptr_array_add (lines, g_strdup_printf (appearance_text (options, N_("Date: %s")), date));
  if (options->reason != NULL && *options->reason != '\0')
    /* Translators: the placeholder is the reason the signer gave */
    g_ptr_array_add (lines, g_strdup_printf (appearance_text (options, N_("Reason: %s")), options->reason));
  if (options->location != NULL && *options->location != '\0')
    /* Translators: the placeholder is a place */
    g_ptr_array_add (lines, g_strdup_printf (appearance_text (options, N_("Location: %s")), options->location));
  g_ptr_array_add (lines, NULL);

  return (char **) g_ptr_array_free (g_steal_pointer (&lines), FALSE);
}

static void
write_widget (Update                   *update,
              const PbSignatureOptions *options,
              gint64                    widget,
              gint64                    sig,
              gint64                    appearance,
              PbPdfObject              *page_ref)
{
  GString *out = update->out;

  begin_object (update, widget, 0);
  g_string_append_printf (out,
                          "<< /Type /Annot /Subtype /Widget /FT /Sig /F 132\n"
                          "/T (Signature%" G_GINT64_FORMAT ") /V %" G_GINT64_FORMAT " 0 R /P %" G_GINT64_FORMAT " %d R\n",
                          widget, sig, page_ref->integer, page_ref->generation);
  if (options->visible)
    g_string_append_printf (out,
                            "/Rect [%s %s %s %s] /AP << /N %" G_GINT64_FORMAT " 0 R >>\n>>",
                            num (options->x).s, num (options->y).s,
                            num (options->x + options->width).s, num (options->y + options->height).s,
                            appearance);
  else
    g_string_append (out, "/Rect [0 0 0 0]\n>>");
  end_object (update);
}

/* The stamp's font is an object of its own: a font dictionary written
 * inline has no object number, and Poppler then looks one up that does not
 * exist ("Internal Error: xref num … not found" from pdffonts). */
static void
write_appearance (Update                   *update,
                  const PbSignatureOptions *options,
                  gint64                    number,
                  gint64                    font,
                  const char               *name,
                  GDateTime                *signing_time)
{
  g_auto(GStrv) lines = appearance_lines (options, name, signing_time);
  g_autoptr(GBytes) stream = build_appearance ((const char * const *) lines,
                                               options->width, options->height);
  gsize stream_len;
  const char *stream_data = g_bytes_get_data (stream, &stream_len);

  begin_object (update, number, 0);
  g_string_append_printf (update->out,
                          "<< /Type /XObject /Subtype /Form /FormType 1 /BBox [0 0 %s %s]\n"
                          "/Resources << /Font << /Helv %" G_GINT64_FORMAT " 0 R >> >>\n"
                          "/Length %" G_GSIZE_FORMAT " >>\nstream\n",
                          num (options->width).s, num (options->height).s, font, stream_len);
  g_string_append_len (update->out, stream_data, stream_len);
  g_string_append (update->out, "\nendstream");
  end_object (update);

  begin_object (update, font, 0);
  g_string_append (update->out, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  end_object (update);
}

static void
append_optional_text (GString    *out,
                      const char *key,
                      const char *text)
{
  if (text == NULL)
    return;
  g_string_append_printf (out, "\n/%s ", key);
  append_text_string (out, text);
}

/* The /ByteRange and /Contents are placeholders, filled in by
 * sign_in_place(); their positions in the update are returned. */
static void
write_signature (Update                   *update,
                 const PbSignatureOptions *options,
                 gint64                    number,
                 const char               *name,
                 const char               *pdf_date,
                 gsize                     contents_size,
                 gsize                    *byte_range_at,
                 gsize                    *contents_at)
{
  GString *out = update->out;

  begin_object (update, number, 0);
  if (name == NULL)
    /* A document time-stamp: the token is the signature, the TSA the signer. */
    g_string_append (out, "<< /Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161");
  else
    {
      g_string_append (out, "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached\n/Name ");
      append_text_string (out, name);
      g_string_append_printf (out, "\n/M (%s)", pdf_date);
      append_optional_text (out, "Reason", options->reason);
      append_optional_text (out, "Location", options->location);
      append_optional_text (out, "ContactInfo", options->contact_info);
    }
  g_string_append (out, "\n/ByteRange ");
  *byte_range_at = out->len;
  g_string_append_printf (out, "%-*s", BYTE_RANGE_WIDTH, "[0 0 0 0]");
  g_string_append (out, "\n/Contents ");
  *contents_at = out->len;
  g_string_append_c (out, '<');
  for (gsize i = 0; i < 2 * contents_size; i++)
    g_string_append_c (out, '0');
  g_string_append (out, ">\n>>");
  end_object (update);
}

static void
write_xref (Update *update,
            gsize   base)
{
  GArray *entries = update->entries;

  g_array_sort (entries, compare_entries);
  g_string_append (update->out, "xref\n");
  for (guint i = 0; i < entries->len; )
    {
      gint64 first = g_array_index (entries, XrefEntry, i).number;
      guint run = 1;

      while (i + run < entries->len && g_array_index (entries, XrefEntry, i + run).number == first + run)
        run++;
      g_string_append_printf (update->out, "%" G_GINT64_FORMAT " %u\n", first, run);
      for (guint j = i; j < i + run; j++)
        {
          XrefEntry *entry = &g_array_index (entries, XrefEntry, j);

          g_string_append_printf (update->out, "%010" G_GSIZE_FORMAT " %05d n\r\n",
                                  base + entry->offset, entry->generation);
        }
      i += run;
    }
}

/* "<...>": the first half of the SHA-256 @ctx has taken so far, in hex;
 * NULL if OpenSSL failed. */
static char *
hex_id (const EVP_MD_CTX *ctx)
{
  EVP_MD_CTX *copy = EVP_MD_CTX_new ();
  g_autoptr(GString) hex = g_string_new ("<");
  guint8 digest[EVP_MAX_MD_SIZE];
  unsigned int digest_len = 0;
  gboolean ok;

  ok = copy != NULL && EVP_MD_CTX_copy_ex (copy, ctx) == 1 && EVP_DigestFinal_ex (copy, digest, &digest_len) == 1;
  EVP_MD_CTX_free (copy);
  if (!ok || digest_len < 16)
    return NULL;

  append_hex (hex, digest, 16);
  g_string_append_c (hex, '>');
  return g_strdup (hex->str);
}

/* The first /ID half names the document and stays; the second changes with
 * every update. Both derive from the bytes, so signing is reproducible. */
static gboolean
write_trailer (Update      *update,
               gint64       size,
               const char  *salt,
               gsize        xref_offset,
               GError     **error)
{
  PbPdfObject *trailer = pb_pdf_document_get_trailer (update->doc);
  PbPdfObject *root_ref = pb_pdf_dict_get (trailer, "Root");
  PbPdfObject *info = pb_pdf_dict_get (trailer, "Info");
  PbPdfObject *id = pb_pdf_dict_get (trailer, "ID");
  EVP_MD_CTX *ctx = EVP_MD_CTX_new ();
  g_autofree char *id_first = NULL;
  g_autofree char *id_second = NULL;
  gsize len;
  const guint8 *data = pb_pdf_document_get_data (update->doc, &len);

  if (ctx != NULL && EVP_DigestInit_ex (ctx, EVP_sha256 (), NULL) == 1 && EVP_DigestUpdate (ctx, data, len) == 1)
    {
      if (id != NULL && id->kind == PB_PDF_ARRAY && id->items->len == 2 &&
          ((PbPdfObject *) g_ptr_array_index (id->items, 0))->kind == PB_PDF_STRING)
        {
          PbPdfObject *first = g_ptr_array_index (id->items, 0);

          id_first = g_strndup (update->data + first->start, first->end - first->start);
        }
      else
        id_first = hex_id (ctx);
      if (EVP_DigestUpdate (ctx, salt, strlen (salt)) == 1)
        id_second = hex_id (ctx);
    }
  EVP_MD_CTX_free (ctx);
  if (id_first == NULL || id_second == NULL)
    return set_crypto_error (error, "SHA-256");

  g_string_append_printf (update->out, "trailer\n<< /Size %" G_GINT64_FORMAT " /Root %" G_GINT64_FORMAT " %d R",
                          size, root_ref->integer, root_ref->generation);
  if (info != NULL && info->kind == PB_PDF_REF)
    g_string_append_printf (update->out, " /Info %" G_GINT64_FORMAT " %d R", info->integer, info->generation);
  g_string_append_printf (update->out,
                          " /Prev %" G_GSIZE_FORMAT " /ID [%s %s] >>\nstartxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n",
                          pb_pdf_document_get_startxref (update->doc), id_first, id_second, xref_offset);
  return TRUE;
}

/* Writes the ByteRange, signs the bytes around /Contents and writes the CMS
 * into it, all in the finished file. */
static gboolean
sign_in_place (guint8                    *file,
               gsize                      len,
               gsize                      byte_range_at,
               gsize                      contents_at,
               gsize                      contents_size,
               PbSigner                  *signer,
               const PbSignatureOptions  *options,
               GError                   **error)
{
  gsize a = contents_at;
  gsize b = contents_at + 2 * contents_size + 2;
  gsize c = len - b;
  g_autofree char *byte_range = NULL;
  g_autoptr(GString) hex = NULL;
  g_autoptr(GBytes) cms = NULL;
  const guint8 *der;
  gsize der_len;
  Span spans[2];

  g_assert (file[a] == '<' && file[b - 1] == '>');

  byte_range = g_strdup_printf ("[0 %" G_GSIZE_FORMAT " %" G_GSIZE_FORMAT " %" G_GSIZE_FORMAT "]", a, b, c);
  g_assert (strlen (byte_range) <= BYTE_RANGE_WIDTH);
  memcpy (file + byte_range_at, byte_range, strlen (byte_range));

  spans[0] = (Span) { file, a };
  spans[1] = (Span) { file + b, c };
  if (signer != NULL)
    cms = cms_sign (spans, G_N_ELEMENTS (spans), signer, options, error);
  else
    {
      guint8 digest[32];

      if (!digest_spans (spans, G_N_ELEMENTS (spans), digest))
        return set_crypto_error (error, "SHA-256");
      cms = pb_timestamp_request (options->tsa_url, digest,
                                  options->tsa_timeout > 0 ? options->tsa_timeout : 30, error);
    }
  if (cms == NULL)
    return FALSE;

  der = g_bytes_get_data (cms, &der_len);
  if (der_len > contents_size)
    {
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_PLACEHOLDER_TOO_SMALL,
                   /* Translators: both placeholders are numbers of bytes */
                   _("The signature needs %lu bytes but only %lu were reserved for it."),
                   (gulong) der_len, (gulong) contents_size);
      return FALSE;
    }

  hex = g_string_sized_new (2 * der_len);
  append_hex (hex, der, der_len);
  memcpy (file + a + 1, hex->str, hex->len);
  return TRUE;
}

static PbPdfObject *
find_page (PbPdfDocument  *doc,
           PbPdfObject    *catalog,
           int             index,
           GError        **error)
{
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) pb_pdf_object_unref);
  g_autoptr(GHashTable) visited = g_hash_table_new (NULL, NULL);
  int page_index;

  if (!collect_pages (doc, pb_pdf_dict_get (catalog, "Pages"), 0, pages, visited, error))
    return NULL;

  page_index = index < 0 ? (int) pages->len + index : index;
  if (pages->len == 0 || page_index < 0 || (guint) page_index >= pages->len)
    {
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_FAILED,
                   /* Translators: the first placeholder is a page number, the second the number of pages */
                   _("Cannot place the signature on page %d: the document has %u pages."),
                   index, pages->len);
      return NULL;
    }

  return pb_pdf_object_ref (g_ptr_array_index (pages, page_index));
}

/* Signs with @signer, or, when it is NULL, adds a document time-stamp
 * from options->tsa_url. */
static GBytes *
sign_pdf (GBytes                   *pdf,
          PbSigner                 *signer,
          const PbSignatureOptions *options,
          GError                  **error)
{
  static const PbSignatureOptions defaults = { 0 };
  g_autofree char *salt = NULL;
  g_autoptr(PbPdfDocument) doc = NULL;
  g_autoptr(PbPdfObject) catalog = NULL;
  g_autoptr(PbPdfObject) page_ref = NULL;
  g_autoptr(PbPdfObject) page = NULL;
  g_autoptr(GArray) entries = NULL;
  g_autoptr(GString) out = NULL;
  g_autoptr(GDateTime) signing_time = NULL;
  g_autofree char *pdf_date = NULL;
  g_autofree guint8 *file = NULL;
  PbPdfObject *root_ref;
  const char *data;
  const char *name;
  gsize orig_len, total, contents_size;
  gsize byte_range_at, contents_at, xref_at;
  gint64 widget, sig, appearance, next;
  Update update;

  if (options == NULL)
    options = &defaults;

  if (options->visible && (options->width <= 0 || options->height <= 0))
    {
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_FAILED,
                   _("The visible signature needs a width and a height."));
      return NULL;
    }

  signing_time = options->signing_time != NULL ? g_date_time_ref (options->signing_time)
                                               : g_date_time_new_now_utc ();
  if (signer != NULL && !check_signing_time (signer, signing_time, error))
    return NULL;

  doc = pb_pdf_document_new (pdf, error);
  if (doc == NULL)
    return NULL;
  data = (const char *) pb_pdf_document_get_data (doc, &orig_len);

  root_ref = pb_pdf_dict_get (pb_pdf_document_get_trailer (doc), "Root");
  if (root_ref->kind != PB_PDF_REF)
    {
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_MALFORMED_PDF,
                   _("Malformed PDF: /Root in the trailer is not an indirect reference."));
      return NULL;
    }
  catalog = pb_pdf_document_resolve (doc, root_ref, error);
  if (catalog == NULL)
    return NULL;
  if (catalog->kind != PB_PDF_DICT)
    {
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_MALFORMED_PDF,
                   _("Malformed PDF: the document catalog is not a dictionary."));
      return NULL;
    }

  page_ref = find_page (doc, catalog, options->page_index, error);
  if (page_ref == NULL)
    return NULL;
  page = pb_pdf_document_get_object (doc, page_ref->integer, error);
  if (page == NULL)
    return NULL;

  widget = pb_pdf_document_get_size (doc);
  sig = widget + 1;
  appearance = options->visible ? widget + 2 : 0;   /* and its font, widget + 3 */
  next = options->visible ? widget + 4 : widget + 2;
  name = signer == NULL ? NULL
         : options->signer_name != NULL ? options->signer_name : pb_signer_get_common_name (signer);
  contents_size = options->contents_size > 0 ? options->contents_size
                  : signer != NULL ? estimate_contents_size (signer) : MIN_CONTENTS;
  /* A token: the TSA's signature, its certificate and chain. */
  if (options->tsa_url != NULL && options->contents_size == 0)
    contents_size += 8192;
  pdf_date = format_pdf_date (signing_time);
  salt = g_strconcat (pdf_date, signer != NULL ? pb_signer_get_fingerprint (signer) : options->tsa_url, NULL);

  out = g_string_sized_new (4096 + 2 * contents_size);
  entries = g_array_new (FALSE, FALSE, sizeof (XrefEntry));
  update = (Update) { doc, data, out, entries };

  if (orig_len > 0 && data[orig_len - 1] != '\n' && data[orig_len - 1] != '\r')
    g_string_append_c (out, '\n');

  if (!write_catalog (&update, root_ref, catalog, widget, error) ||
      !write_page (&update, page_ref, page, widget, error))
    return NULL;
  write_widget (&update, options, widget, sig, appearance, page_ref);
  if (options->visible)
    write_appearance (&update, options, appearance, appearance + 1, name, signing_time);
  write_signature (&update, options, sig, name, pdf_date, contents_size, &byte_range_at, &contents_at);
  xref_at = out->len;
  write_xref (&update, orig_len);
  if (!write_trailer (&update, next, salt, orig_len + xref_at, error))
    return NULL;

  total = orig_len + out->len;
  file = g_malloc (total);
  memcpy (file, data, orig_len);
  memcpy (file + orig_len, out->str, out->len);

  if (!sign_in_place (file, total, orig_len + byte_range_at, orig_len + contents_at,
                      contents_size, signer, options, error))
    return NULL;

  return g_bytes_new_take (g_steal_pointer (&file), total);
}

GBytes *
pb_pdf_sign (GBytes                   *pdf,
             PbSigner                 *signer,
             const PbSignatureOptions *options,
             GError                  **error)
{
  g_return_val_if_fail (pdf != NULL, NULL);
  g_return_val_if_fail (PB_IS_SIGNER (signer), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return sign_pdf (pdf, signer, options, error);
}

GBytes *
pb_pdf_append_document_timestamp (GBytes      *pdf,
                                  const char  *tsa_url,
                                  guint        timeout,
                                  GError     **error)
{
  PbSignatureOptions options = { .tsa_url = tsa_url, .tsa_timeout = timeout, .page_index = 0 };

  return sign_pdf (pdf, NULL, &options, error);
}

static void
append_stream (Update       *update,
               gint64        number,
               GBytes       *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  begin_object (update, number, 0);
  g_string_append_printf (update->out, "<< /Length %" G_GSIZE_FORMAT " >>\nstream\n", len);
  g_string_append_len (update->out, data, len);
  g_string_append (update->out, "\nendstream");
  end_object (update);
}

/* The references already in an old DSS's array @key, written out again. */
static void
append_old_refs (GString       *out,
                 PbPdfDocument *doc,
                 const char    *data,
                 PbPdfObject   *old_dss,
                 const char    *key)
{
  g_autoptr(PbPdfObject) array = NULL;

  if (old_dss == NULL || pb_pdf_dict_get (old_dss, key) == NULL)
    return;
  array = pb_pdf_document_resolve (doc, pb_pdf_dict_get (old_dss, key), NULL);
  for (guint i = 0; array != NULL && array->kind == PB_PDF_ARRAY && i < array->items->len; i++)
    {
      PbPdfObject *item = g_ptr_array_index (array->items, i);

      if (item->kind == PB_PDF_REF)
        g_string_append_printf (out, "%" G_GINT64_FORMAT " %d R ", item->integer, item->generation);
    }
}

GBytes *
pb_pdf_append_dss (GBytes     *pdf,
                   GPtrArray  *certs,
                   GPtrArray  *crls,
                   GPtrArray  *ocsps,
                   GPtrArray  *vri_keys,
                   GError    **error)
{
  static const char * const vri_lists[3] = { "Cert", "CRL", "OCSP" };
  g_autoptr(GString) cert_refs = g_string_new (NULL);
  g_autoptr(GString) crl_refs = g_string_new (NULL);
  g_autoptr(GString) ocsp_refs = g_string_new (NULL);
  GString *refs[3] = { cert_refs, crl_refs, ocsp_refs };
  g_autoptr(PbPdfObject) old_vri = NULL;
  g_autoptr(GString) vri = g_string_new (NULL);
  static const char * const catalog_skip[] = { "DSS", NULL };
  GPtrArray *lists[3] = { certs, crls, ocsps };
  static const char * const keys[3] = { "Certs", "CRLs", "OCSPs" };
  g_autoptr(PbPdfDocument) doc = NULL;
  g_autoptr(PbPdfObject) catalog = NULL;
  g_autoptr(PbPdfObject) old_dss = NULL;
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (XrefEntry));
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) dss = g_string_new ("<< /Type /DSS");
  g_autoptr(GChecksum) salt = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *file = NULL;
  PbPdfObject *root_ref;
  const char *data;
  gsize orig_len, xref_at, total;
  gint64 next, dss_number;
  Update update;

  doc = pb_pdf_document_new (pdf, error);
  if (doc == NULL)
    return NULL;
  data = (const char *) pb_pdf_document_get_data (doc, &orig_len);
  root_ref = pb_pdf_dict_get (pb_pdf_document_get_trailer (doc), "Root");
  if (root_ref->kind != PB_PDF_REF ||
      (catalog = pb_pdf_document_resolve (doc, root_ref, error)) == NULL || catalog->kind != PB_PDF_DICT)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_MALFORMED_PDF,
                     _("Malformed PDF: the document catalog is not a dictionary."));
      return NULL;
    }
  if (pb_pdf_dict_get (catalog, "DSS") != NULL)
    old_dss = pb_pdf_document_resolve (doc, pb_pdf_dict_get (catalog, "DSS"), NULL);

  update = (Update) { doc, data, out, entries };
  if (orig_len > 0 && data[orig_len - 1] != '\n' && data[orig_len - 1] != '\r')
    g_string_append_c (out, '\n');

  next = pb_pdf_document_get_size (doc);
  for (guint l = 0; l < 3; l++)
    {
      append_old_refs (refs[l], doc, data, old_dss, keys[l]);
      for (guint i = 0; lists[l] != NULL && i < lists[l]->len; i++)
        {
          GBytes *bytes = g_ptr_array_index (lists[l], i);

          append_stream (&update, next, bytes);
          g_checksum_update (salt, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
          g_string_append_printf (refs[l], "%" G_GINT64_FORMAT " 0 R ", next++);
        }
      g_string_append_printf (dss, "\n/%s [%s]", keys[l], refs[l]->str);
    }

  /* Validation-related information (EN 319 142-1, 5.4.2.2): per
   * signature, the data above, so that a validator need not work out
   * which of it applies. Earlier signatures' entries stay. */
  if (old_dss != NULL && pb_pdf_dict_get (old_dss, "VRI") != NULL)
    old_vri = pb_pdf_document_resolve (doc, pb_pdf_dict_get (old_dss, "VRI"), NULL);
  if (old_vri != NULL && old_vri->kind == PB_PDF_DICT)
    {
      g_autoptr(GPtrArray) skip = g_ptr_array_new ();

      for (guint i = 0; vri_keys != NULL && i < vri_keys->len; i++)
        g_ptr_array_add (skip, g_ptr_array_index (vri_keys, i));
      g_ptr_array_add (skip, NULL);
      append_dict_entries_except (vri, data, old_vri, (const char * const *) skip->pdata);
    }
  for (guint i = 0; vri_keys != NULL && i < vri_keys->len; i++)
    {
      g_string_append_printf (vri, "/%s %" G_GINT64_FORMAT " 0 R\n", (const char *) g_ptr_array_index (vri_keys, i),
                              next);
      begin_object (&update, next++, 0);
      g_string_append (out, "<<");
      for (guint l = 0; l < 3; l++)
        g_string_append_printf (out, " /%s [%s]", vri_lists[l], refs[l]->str);
      g_string_append (out, " >>");
      end_object (&update);
    }
  if (vri->len > 0)
    g_string_append_printf (dss, "\n/VRI <<\n%s>>", vri->str);
  g_string_append (dss, "\n>>");
  dss_number = next++;
  begin_object (&update, dss_number, 0);
  g_string_append (out, dss->str);
  end_object (&update);

  begin_object (&update, root_ref->integer, root_ref->generation);
  g_string_append (out, "<<\n");
  append_dict_entries_except (out, data, catalog, catalog_skip);
  g_string_append_printf (out, "/DSS %" G_GINT64_FORMAT " 0 R\n>>", dss_number);
  end_object (&update);

  xref_at = out->len;
  write_xref (&update, orig_len);
  if (!write_trailer (&update, next, g_checksum_get_string (salt), orig_len + xref_at, error))
    return NULL;

  total = orig_len + out->len;
  file = g_malloc (total);
  memcpy (file, data, orig_len);
  memcpy (file + orig_len, out->str, out->len);
  return g_bytes_new_take (g_steal_pointer (&file), total);
}

typedef struct
{
  GBytes             *pdf;
  PbSigner           *signer;
  PbSignatureOptions  options;
} SignData;

static void
sign_data_free (SignData *sign)
{
  g_clear_pointer (&sign->pdf, g_bytes_unref);
  g_clear_object (&sign->signer);
  g_clear_pointer (&sign->options.signing_time, g_date_time_unref);
  g_free ((char *) sign->options.reason);
  g_free ((char *) sign->options.location);
  g_free ((char *) sign->options.contact_info);
  g_free ((char *) sign->options.signer_name);
  g_free ((char *) sign->options.signer_role);
  g_free ((char *) sign->options.tsa_url);
  g_free (sign);
}

static void
sign_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SignData *sign = task_data;
  GError *error = NULL;
  GBytes *signed_pdf;

  if (g_task_return_error_if_cancelled (task))
    return;

  signed_pdf = pb_pdf_sign (sign->pdf, sign->signer, &sign->options, &error);
  /* Free OpenSSL's per-thread state before the caller can go on (see
   * load_thread() in pb-signer.c). */
  OPENSSL_thread_stop ();
  if (signed_pdf == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, signed_pdf, (GDestroyNotify) g_bytes_unref);
}

void
pb_pdf_sign_async (GBytes                   *pdf,
                   PbSigner                 *signer,
                   const PbSignatureOptions *options,
                   GCancellable             *cancellable,
                   GAsyncReadyCallback       callback,
                   gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  SignData *sign;

  g_return_if_fail (pdf != NULL);
  g_return_if_fail (PB_IS_SIGNER (signer));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  sign = g_new0 (SignData, 1);
  sign->pdf = g_bytes_ref (pdf);
  sign->signer = g_object_ref (signer);
  if (options != NULL)
    {
      sign->options = *options;
      sign->options.reason = g_strdup (options->reason);
      sign->options.location = g_strdup (options->location);
      sign->options.contact_info = g_strdup (options->contact_info);
      sign->options.signer_name = g_strdup (options->signer_name);
      sign->options.signer_role = g_strdup (options->signer_role);
      sign->options.tsa_url = g_strdup (options->tsa_url);
    }
  /* Fixed now, not when the worker gets round to it. */
  sign->options.signing_time = options != NULL && options->signing_time != NULL
                               ? g_date_time_ref (options->signing_time)
                               : g_date_time_new_now_utc ();

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_pdf_sign_async);
  g_task_set_task_data (task, sign, (GDestroyNotify) sign_data_free);
  g_task_run_in_thread (task, sign_thread);
}

GBytes *
pb_pdf_sign_finish (GAsyncResult  *result,
                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pb_pdf_sign_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
