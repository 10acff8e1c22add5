/* pb-pdf-validation.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-pdf-validation"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include <openssl/cms.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/ocsp.h>
#include <openssl/pkcs7.h>
#include <openssl/x509v3.h>

#include "pb-pdf-changes-private.h"
#include "pb-pdf-parser.h"
#include "pb-pdf-validation-private.h"
#include "pb-range-digest-private.h"
#include "pb-timestamp-private.h"
#include "pb-x509-private.h"

#define MAX_FIELD_DEPTH   32
#define MAX_FIELD_VISITS  20000
#define MAX_SIGNATURES    64
/* What the signatures' digests may hash beyond one pass over the file:
 * enough for every signature to cover the whole file four times over in
 * ranges that share no prefix, which no signing tool makes. */
#define HASH_BUDGET(len)  (4 * (guint64) (len) + 16 * 1024 * 1024)

G_DEFINE_BOXED_TYPE (PbPdfSignature, pb_pdf_signature, pb_pdf_signature_ref, pb_pdf_signature_unref)
G_DEFINE_BOXED_TYPE (PbPdfValidation, pb_pdf_validation, pb_pdf_validation_ref, pb_pdf_validation_unref)

/* A signature dictionary found in some revision's form. */
typedef struct
{
  PbPdfObject *dict;
  char        *field_name;
} Found;

static void
found_free (Found *found)
{
  g_clear_pointer (&found->dict, pb_pdf_object_unref);
  g_clear_pointer (&found->field_name, g_free);
  g_free (found);
}

/* What every signature is judged with. */
typedef struct
{
  PbPdfDocument             *doc;
  X509_STORE                *store;
  const PbValidationOptions *options;
  STACK_OF (X509)           *dss_certs;
  GPtrArray                 *dss_crls;     /* GBytes DER */
  GPtrArray                 *dss_ocsps;    /* GBytes DER */
  guint                      dss_revision; /* 1-based revision that last changed the DSS, 0: none */
  GPtrArray                 *archive;      /* PbPdfSignature: valid document time-stamps */
  PbRangeDigest             *digest;       /* of the file's bytes */
} Context;

typedef struct
{
  PbPdfDocument *doc;
  guint          revision;
  GHashTable    *visited;
  guint          visits;
  GHashTable    *seen;       /* "ByteRange and /Contents position" -> TRUE */
  GPtrArray     *found;      /* Found */
  gboolean       too_many;   /* a signature beyond MAX_SIGNATURES was seen */
} Discovery;

/* --- boxed types --------------------------------------------------------- */

static void
signature_clear (PbPdfSignature *self)
{
  g_clear_pointer (&self->field_name, g_free);
  g_clear_pointer (&self->sub_filter, g_free);
  g_clear_pointer (&self->reason, g_free);
  g_clear_pointer (&self->location, g_free);
  g_clear_pointer (&self->changes, g_ptr_array_unref);
  g_clear_pointer (&self->signer_certificate, g_bytes_unref);
  g_clear_pointer (&self->signer_name, g_free);
  g_clear_pointer (&self->signer_subject, g_free);
  g_clear_pointer (&self->signer_email, g_free);
  g_clear_pointer (&self->signer_fingerprint, g_free);
  g_clear_pointer (&self->issuer_subject, g_free);
  g_clear_pointer (&self->claimed_time, g_date_time_unref);
  g_clear_pointer (&self->timestamp_time, g_date_time_unref);
  g_clear_pointer (&self->validation_time, g_date_time_unref);
  g_clear_pointer (&self->validation_time_reason, g_free);
  for (guint i = 0; i < PB_SIGNATURE_N_CHECKS; i++)
    g_clear_pointer (&self->details[i], g_free);
  g_clear_pointer (&self->level_reason, g_free);
  g_clear_pointer (&self->cms, g_bytes_unref);
}

PbPdfSignature *
pb_pdf_signature_ref (PbPdfSignature *signature)
{
  return g_atomic_rc_box_acquire (signature);
}

void
pb_pdf_signature_unref (PbPdfSignature *signature)
{
  g_atomic_rc_box_release_full (signature, (GDestroyNotify) signature_clear);
}

static void
validation_clear (PbPdfValidation *self)
{
  g_clear_pointer (&self->signatures, g_ptr_array_unref);
  g_clear_pointer (&self->sha256, g_free);
  g_clear_pointer (&self->problem, g_free);
}

PbPdfValidation *
pb_pdf_validation_ref (PbPdfValidation *validation)
{
  return g_atomic_rc_box_acquire (validation);
}

void
pb_pdf_validation_unref (PbPdfValidation *validation)
{
  g_atomic_rc_box_release_full (validation, (GDestroyNotify) validation_clear);
}

PbPdfSignature *
pb_pdf_validation_get_newest (PbPdfValidation *validation)
{
  g_return_val_if_fail (validation != NULL, NULL);

  if (validation->signatures->len == 0)
    return NULL;
  return g_ptr_array_index (validation->signatures, validation->signatures->len - 1);
}

const char *
pb_pades_level_to_string (PbPadesLevel level)
{
  switch (level)
    {
    case PB_PADES_LEVEL_B_B: return "B-B";
    case PB_PADES_LEVEL_B_T: return "B-T";
    case PB_PADES_LEVEL_B_LT: return "B-LT";
    case PB_PADES_LEVEL_B_LTA: return "B-LTA";
    case PB_PADES_LEVEL_NONE:
    default:
      return "none";
    }
}

gboolean
pb_pades_level_from_string (const char   *text,
                            PbPadesLevel *level)
{
  for (PbPadesLevel l = PB_PADES_LEVEL_B_B; l <= PB_PADES_LEVEL_B_LTA; l++)
    {
      if (text != NULL && g_ascii_strcasecmp (text, pb_pades_level_to_string (l)) == 0)
        {
          *level = l;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
pb_signature_check_get_label (PbSignatureCheck check)
{
  switch (check)
    {
    case PB_SIGNATURE_CHECK_BYTE_RANGE: return _("Covers a whole revision");
    case PB_SIGNATURE_CHECK_DIGEST: return _("Signature matches the signed bytes");
    case PB_SIGNATURE_CHECK_CHANGES: return _("No disallowed changes after signing");
    case PB_SIGNATURE_CHECK_CERT_USAGE: return _("Certificate may sign documents");
    case PB_SIGNATURE_CHECK_CHAIN: return _("Certificate chain is trusted");
    case PB_SIGNATURE_CHECK_REVOCATION: return _("Certificate is not revoked");
    case PB_SIGNATURE_CHECK_TIMESTAMP: return _("Signature time-stamp is valid");
    case PB_SIGNATURE_N_CHECKS:
    default:
      g_return_val_if_reached ("");
    }
}

/* --- finding the signatures ---------------------------------------------- */

static void
discover_field (Discovery   *discovery,
                PbPdfObject *field_ref,
                gboolean     inherited_sig,
                const char  *parent_name,
                int          depth)
{
  g_autoptr(PbPdfObject) field = NULL;
  g_autoptr(PbPdfObject) kids = NULL;
  g_autoptr(PbPdfObject) sig = NULL;
  g_autofree char *partial = NULL;
  g_autofree char *full_name = NULL;
  PbPdfObject *ft, *value;
  gboolean is_sig;

  if (depth > MAX_FIELD_DEPTH || ++discovery->visits > MAX_FIELD_VISITS || discovery->too_many)
    return;
  if (field_ref->kind == PB_PDF_REF &&
      !g_hash_table_add (discovery->visited, GINT_TO_POINTER ((int) field_ref->integer)))
    return;

  field = pb_pdf_document_resolve_in (discovery->doc, discovery->revision, field_ref, NULL);
  if (field == NULL || field->kind != PB_PDF_DICT)
    return;

  ft = pb_pdf_dict_get (field, "FT");
  is_sig = ft != NULL ? pb_pdf_object_is_name (ft, "Sig") : inherited_sig;
  partial = pb_pdf_object_dup_text (pb_pdf_dict_get (field, "T"));
  if (partial != NULL && parent_name != NULL)
    full_name = g_strdup_printf ("%s.%s", parent_name, partial);
  else
    full_name = g_strdup (partial != NULL ? partial : parent_name);

  if (pb_pdf_dict_get (field, "Kids") != NULL)
    kids = pb_pdf_document_resolve_in (discovery->doc, discovery->revision, pb_pdf_dict_get (field, "Kids"), NULL);
  for (guint i = 0; kids != NULL && kids->kind == PB_PDF_ARRAY && i < kids->items->len; i++)
    discover_field (discovery, g_ptr_array_index (kids->items, i), is_sig, full_name, depth + 1);

  value = pb_pdf_dict_get (field, "V");
  if (!is_sig || value == NULL)
    return;

  sig = pb_pdf_document_resolve_in (discovery->doc, discovery->revision, value, NULL);
  if (sig != NULL && sig->kind == PB_PDF_DICT &&
      pb_pdf_dict_get (sig, "ByteRange") != NULL && pb_pdf_dict_get (sig, "Contents") != NULL)
    {
      PbPdfObject *range = pb_pdf_dict_get (sig, "ByteRange");
      PbPdfObject *contents = pb_pdf_dict_get (sig, "Contents");
      gsize len;
      const guint8 *data = pb_pdf_document_get_data (discovery->doc, &len);
      char *key = g_strdup_printf ("%.*s@%" G_GSIZE_FORMAT,
                                   (int) MIN (range->end - range->start, 200), data + range->start,
                                   contents->start);

      if (discovery->found->len >= MAX_SIGNATURES && !g_hash_table_contains (discovery->seen, key))
        {
          discovery->too_many = TRUE;
          g_free (key);
        }
      else if (g_hash_table_add (discovery->seen, key))
        {
          Found *found = g_new0 (Found, 1);

          found->dict = g_steal_pointer (&sig);
          found->field_name = g_steal_pointer (&full_name);
          g_ptr_array_add (discovery->found, found);
        }
    }
}

/* Signatures are looked for in every revision's form, not only in the
 * newest: an update that drops a signature field must not hide the
 * signature, nor what came after it. */
static GPtrArray *
discover_signatures (PbPdfDocument *doc,
                     gboolean      *too_many)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) found_free);
  guint n_revisions = pb_pdf_document_get_n_revisions (doc);
  guint visits = 0;

  for (guint r = n_revisions; r-- > 0; )
    {
      g_autoptr(GHashTable) visited = g_hash_table_new (NULL, NULL);
      g_autoptr(PbPdfObject) catalog = NULL;
      g_autoptr(PbPdfObject) form = NULL;
      g_autoptr(PbPdfObject) fields = NULL;
      PbPdfObject *trailer = pb_pdf_document_get_revision_trailer (doc, r);
      Discovery discovery = { doc, r, visited, visits, seen, found, *too_many };

      catalog = pb_pdf_document_resolve_in (doc, r, pb_pdf_dict_get (trailer, "Root"), NULL);
      if (catalog == NULL || catalog->kind != PB_PDF_DICT || pb_pdf_dict_get (catalog, "AcroForm") == NULL)
        continue;
      form = pb_pdf_document_resolve_in (doc, r, pb_pdf_dict_get (catalog, "AcroForm"), NULL);
      if (form == NULL || form->kind != PB_PDF_DICT || pb_pdf_dict_get (form, "Fields") == NULL)
        continue;
      fields = pb_pdf_document_resolve_in (doc, r, pb_pdf_dict_get (form, "Fields"), NULL);
      for (guint i = 0; fields != NULL && fields->kind == PB_PDF_ARRAY && i < fields->items->len; i++)
        discover_field (&discovery, g_ptr_array_index (fields->items, i), FALSE, NULL, 0);
      visits = discovery.visits;
      *too_many = discovery.too_many;
    }

  return found;
}

/* --- one signature ------------------------------------------------------- */

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

static void
set_check (PbPdfSignature   *self,
           PbSignatureCheck  check,
           gboolean          passed,
           char             *detail)
{
  self->checks[check] = passed ? PB_CHECK_PASSED : PB_CHECK_FAILED;
  g_free (self->details[check]);
  self->details[check] = detail;
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

/* The revision (1-based) that ends where the signed bytes end, allowing
 * for the line end after "%%EOF" that some writers leave unsigned. */
static guint
find_covered_revision (PbPdfDocument *doc,
                       gsize          covered_end)
{
  gsize len;
  const guint8 *data = pb_pdf_document_get_data (doc, &len);
  guint n = pb_pdf_document_get_n_revisions (doc);

  for (guint r = 0; r < n; r++)
    {
      gsize end = pb_pdf_document_get_revision_end (doc, r);
      gboolean only_eol = end != 0 && covered_end <= end && end - covered_end <= 2;

      for (gsize p = covered_end; only_eol && p < end; p++)
        only_eol = data[p] == '\r' || data[p] == '\n';
      if (only_eol)
        return r + 1;
    }
  if (covered_end == len)
    return n;
  return 0;
}

static gboolean
check_byte_range (PbPdfSignature *self,
                  PbPdfDocument  *doc,
                  PbPdfObject    *dict)
{
  PbPdfObject *range = pb_pdf_dict_get (dict, "ByteRange");
  PbPdfObject *contents = pb_pdf_dict_get (dict, "Contents");
  gsize len;
  const guint8 *data = pb_pdf_document_get_data (doc, &len);
  gint64 *br = self->byte_range;
  gboolean in_bounds;

  in_bounds = range->kind == PB_PDF_ARRAY && range->items->len == 4 &&
              integer_item (range, 0, &br[0]) && integer_item (range, 1, &br[1]) &&
              integer_item (range, 2, &br[2]) && integer_item (range, 3, &br[3]) &&
              (guint64) br[0] <= len && (guint64) br[1] <= len &&
              (guint64) br[2] <= len && (guint64) br[3] <= len &&
              br[0] + br[1] <= br[2] && (guint64) (br[2] + br[3]) <= len;
  if (!in_bounds)
    {
      set_check (self, PB_SIGNATURE_CHECK_BYTE_RANGE, FALSE,
                 g_strdup (_("its /ByteRange is not four numbers within the file")));
      return FALSE;
    }

  self->covered_end = (gsize) (br[2] + br[3]);
  self->covers_whole_file = self->covered_end == len;
  self->revision = find_covered_revision (doc, self->covered_end);

  if (br[0] != 0)
    set_check (self, PB_SIGNATURE_CHECK_BYTE_RANGE, FALSE,
               g_strdup (_("its /ByteRange does not start at the beginning of the file")));
  else if (contents->kind != PB_PDF_STRING || data[contents->start] != '<' ||
           (gsize) br[1] != contents->start || (gsize) br[2] != contents->end)
    set_check (self, PB_SIGNATURE_CHECK_BYTE_RANGE, FALSE,
               g_strdup (_("the bytes it leaves out are not exactly its own /Contents")));
  else if (self->revision == 0)
    set_check (self, PB_SIGNATURE_CHECK_BYTE_RANGE, FALSE,
               /* Translators: the placeholder is a byte offset */
               g_strdup_printf (_("the signed bytes end at byte %lu, where no revision of the file ends"),
                                (gulong) self->covered_end));
  else
    set_check (self, PB_SIGNATURE_CHECK_BYTE_RANGE, TRUE, NULL);

  return TRUE;
}

static gboolean
digest_is_strong (CMS_SignerInfo *si)
{
  X509_ALGOR *digest = NULL;
  const ASN1_OBJECT *oid;
  int nid;

  CMS_SignerInfo_get0_algs (si, NULL, NULL, &digest, NULL);
  if (digest == NULL)
    return FALSE;
  X509_ALGOR_get0 (&oid, NULL, NULL, digest);
  nid = OBJ_obj2nid (oid);
  return nid == NID_sha256 || nid == NID_sha384 || nid == NID_sha512 ||
         nid == NID_sha3_256 || nid == NID_sha3_384 || nid == NID_sha3_512;
}

static X509 *
find_signer_cert (CMS_ContentInfo *cms,
                  CMS_SignerInfo  *si)
{
  STACK_OF (X509) *certs = CMS_get1_certs (cms);
  X509 *signer = NULL;

  for (int i = 0; certs != NULL && i < sk_X509_num (certs); i++)
    if (CMS_SignerInfo_cert_cmp (si, sk_X509_value (certs, i)) == 0)
      {
        signer = sk_X509_value (certs, i);
        X509_up_ref (signer);
        break;
      }
  sk_X509_pop_free (certs, X509_free);
  return signer;
}

static void
describe_signer (PbPdfSignature *self,
                 X509           *signer)
{
  self->signer_certificate = pb_x509_to_der (signer);
  self->signer_name = pb_x509_dup_common_name (signer);
  self->signer_subject = pb_x509_dup_subject (signer);
  self->signer_email = pb_x509_dup_email (signer);
  self->signer_fingerprint = pb_x509_dup_fingerprint (signer);
  self->issuer_subject = pb_x509_dup_issuer (signer);
}

static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%d %H:%M:%S UTC");
}

static void
choose_validation_time (PbPdfSignature            *self,
                        const PbValidationOptions *options)
{
  if (self->timestamp_time != NULL)
    {
      g_autofree char *when = format_time (self->timestamp_time);

      self->validation_time = g_date_time_ref (self->timestamp_time);
      self->validation_time_source = PB_VALIDATION_TIME_TIMESTAMP;
      /* Translators: the placeholder is a date and time */
      self->validation_time_reason = g_strdup_printf (_("validated at %s, the time of its signature time-stamp"), when);
    }
  else if (options->validation_time != NULL)
    {
      g_autofree char *when = format_time (options->validation_time);

      self->validation_time = g_date_time_ref (options->validation_time);
      self->validation_time_source = PB_VALIDATION_TIME_CALLER;
      self->validation_time_reason =
        /* Translators: the first placeholder is a date and time, the second says where it comes from */
        g_strdup_printf (_("validated at %s, %s; it has no signature time-stamp and its own claimed time proves nothing"),
                         when, options->validation_time_reason != NULL ? options->validation_time_reason
                                                                       : _("the time the caller gave"));
    }
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *when = format_time (now);

      self->validation_time = g_steal_pointer (&now);
      self->validation_time_source = PB_VALIDATION_TIME_NOW;
      self->validation_time_reason =
        /* Translators: the placeholder is a date and time */
        g_strdup_printf (_("validated at the current time, %s: it has no signature time-stamp and its own claimed time proves nothing"),
                         when);
    }
}

/* PAdES B-T: a valid signature time-stamp proves the signature existed
 * at its genTime, the time the chain is then checked at. */
/* The earliest valid document time-stamp over a revision after @self's:
 * it proves that everything before it, the signature's time-stamp and its
 * TSA's certificate included, existed when that certificate was valid. */
static PbPdfSignature *
archive_timestamp (Context        *ctx,
                   PbPdfSignature *self)
{
  for (guint i = 0; ctx->archive != NULL && i < ctx->archive->len; i++)
    {
      PbPdfSignature *archive = g_ptr_array_index (ctx->archive, i);

      if (archive->revision > self->revision)
        return archive;
    }
  return NULL;
}

static void
check_signature_timestamp (PbPdfSignature *self,
                           CMS_SignerInfo *si,
                           Context        *ctx)
{
  X509_STORE *store = ctx->store;
  PbPdfSignature *archive = archive_timestamp (ctx, self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GBytes) token = NULL;
  ASN1_OBJECT *oid = OBJ_txt2obj (PB_OID_SIGNATURE_TIMESTAMP, 1);
  ASN1_OCTET_STRING *signature = CMS_SignerInfo_get0_signature (si);
  PbTimestampInfo info = { 0 };
  X509_ATTRIBUTE *attr;
  ASN1_TYPE *value;
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  gboolean ok;
  int index;

  index = CMS_unsigned_get_attr_by_OBJ (si, oid, -1);
  ASN1_OBJECT_free (oid);
  if (index < 0)
    return;

  attr = CMS_unsigned_get_attr (si, index);
  value = X509_ATTRIBUTE_get0_type (attr, 0);
  if (value == NULL || value->type != V_ASN1_SEQUENCE)
    {
      set_check (self, PB_SIGNATURE_CHECK_TIMESTAMP, FALSE, g_strdup (_("its time-stamp attribute cannot be read")));
      return;
    }
  token = g_bytes_new (value->value.sequence->data, value->value.sequence->length);

  g_checksum_update (checksum, ASN1_STRING_get0_data (signature), ASN1_STRING_length (signature));
  g_checksum_get_digest (checksum, digest, &digest_len);

  ok = pb_timestamp_verify_with_store (token, digest, store, NULL, &info, &error);
  if (!ok && archive != NULL)
    {
      pb_timestamp_info_clear (&info);
      g_clear_error (&error);
      ok = pb_timestamp_verify_with_store (token, digest, store, archive->timestamp_time, &info, &error);
    }
  if (ok)
    {
      g_autofree char *when = format_time (info.gen_time);

      self->timestamp_time = g_date_time_ref (info.gen_time);
      /* Translators: the first placeholder is a date and time, the second a TSA's name */
      set_check (self, PB_SIGNATURE_CHECK_TIMESTAMP, TRUE,
                 g_strdup_printf (_("time-stamped at %s by %s"), when, info.tsa_name != NULL ? info.tsa_name : "?"));
    }
  else
    set_check (self, PB_SIGNATURE_CHECK_TIMESTAMP, FALSE, g_strdup (error->message));
  pb_timestamp_info_clear (&info);
}

/* --- validation data (DSS) and revocation -------------------------------- */

/* The newest DSS's certificates, CRLs and OCSP responses. Only unfiltered
 * streams are read: ours, and what other PAdES writers put there with no
 * /Filter; a compressed entry is skipped, not guessed at. */
static void
collect_dss (Context *ctx)
{
  g_autoptr(PbPdfObject) catalog = NULL;
  g_autoptr(PbPdfObject) dss = NULL;
  static const char * const keys[3] = { "Certs", "CRLs", "OCSPs" };
  guint n = pb_pdf_document_get_n_revisions (ctx->doc);

  ctx->dss_certs = sk_X509_new_null ();
  ctx->dss_crls = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  ctx->dss_ocsps = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  for (guint r = n; r-- > 1; )
    if (pb_pdf_revision_changes_dss (ctx->doc, r))
      {
        ctx->dss_revision = r + 1;
        break;
      }

  catalog = pb_pdf_document_resolve (ctx->doc, pb_pdf_dict_get (pb_pdf_document_get_trailer (ctx->doc), "Root"), NULL);
  if (catalog == NULL || catalog->kind != PB_PDF_DICT || pb_pdf_dict_get (catalog, "DSS") == NULL)
    return;
  dss = pb_pdf_document_resolve (ctx->doc, pb_pdf_dict_get (catalog, "DSS"), NULL);
  if (dss == NULL || dss->kind != PB_PDF_DICT)
    return;

  for (guint k = 0; k < 3; k++)
    {
      g_autoptr(PbPdfObject) array = NULL;

      if (pb_pdf_dict_get (dss, keys[k]) == NULL)
        continue;
      array = pb_pdf_document_resolve (ctx->doc, pb_pdf_dict_get (dss, keys[k]), NULL);
      for (guint i = 0; array != NULL && array->kind == PB_PDF_ARRAY && i < MIN (array->items->len, 1024); i++)
        {
          g_autoptr(PbPdfObject) stream = pb_pdf_document_resolve (ctx->doc, g_ptr_array_index (array->items, i), NULL);
          g_autoptr(GBytes) data = NULL;

          if (stream == NULL || stream->kind != PB_PDF_DICT || !stream->has_stream ||
              pb_pdf_dict_get (stream, "Filter") != NULL)
            continue;
          data = pb_pdf_document_get_stream_data (ctx->doc, stream);
          if (k == 0)
            {
              const unsigned char *p = g_bytes_get_data (data, NULL);
              X509 *cert = d2i_X509 (NULL, &p, (long) g_bytes_get_size (data));

              if (cert != NULL)
                sk_X509_push (ctx->dss_certs, cert);
              ERR_clear_error ();
            }
          else
            g_ptr_array_add (k == 1 ? ctx->dss_crls : ctx->dss_ocsps, g_steal_pointer (&data));
        }
    }
}

static void
check_revocation (PbPdfSignature  *self,
                  Context         *ctx,
                  X509            *signer,
                  STACK_OF (X509) *cms_certs)
{
  STACK_OF (X509) *pool = sk_X509_new_null ();
  g_autoptr(GDateTime) revoked_at = NULL;
  const char *source = NULL;
  PbRevocationStatus status;
  X509 *issuer;

  for (int i = 0; cms_certs != NULL && i < sk_X509_num (cms_certs); i++)
    sk_X509_push (pool, sk_X509_value (cms_certs, i));
  for (int i = 0; i < sk_X509_num (ctx->dss_certs); i++)
    sk_X509_push (pool, sk_X509_value (ctx->dss_certs, i));

  issuer = pb_x509_find_issuer (signer, pool);
  status = issuer == NULL ? PB_REVOCATION_UNKNOWN
           : pb_x509_revocation_status (signer, issuer, ctx->dss_crls, ctx->dss_ocsps, pool, ctx->store,
                                        &revoked_at, &source);
  sk_X509_free (pool);

  if (status == PB_REVOCATION_GOOD)
    /* Translators: the placeholder is “OCSP” or “CRL” */
    set_check (self, PB_SIGNATURE_CHECK_REVOCATION, TRUE,
               g_strdup_printf (_("not revoked, says the %s kept in the file"), source));
  else if (status == PB_REVOCATION_REVOKED &&
           revoked_at != NULL && g_date_time_compare (revoked_at, self->validation_time) > 0)
    {
      g_autofree char *when = format_time (revoked_at);

      /* Translators: the first placeholder is a date, the second “OCSP” or “CRL” */
      set_check (self, PB_SIGNATURE_CHECK_REVOCATION, TRUE,
                 g_strdup_printf (_("revoked on %s (%s), after the time it is validated at"), when, source));
    }
  else if (status == PB_REVOCATION_REVOKED)
    /* Translators: the placeholder is “OCSP” or “CRL” */
    set_check (self, PB_SIGNATURE_CHECK_REVOCATION, FALSE,
               g_strdup_printf (_("the signer’s certificate is revoked (%s)"), source));
  else
    {
      self->checks[PB_SIGNATURE_CHECK_REVOCATION] = PB_CHECK_SKIPPED;
      self->details[PB_SIGNATURE_CHECK_REVOCATION] =
        g_strdup (_("the file holds no revocation data for the signer’s certificate"));
    }
}

/* ETSI.RFC3161: the /Contents is a time-stamp token on the covered bytes. */
static void
check_document_timestamp (PbPdfSignature *self,
                          Context        *ctx,
                          PbPdfObject    *contents)
{
  const gint64 *br = self->byte_range;
  const unsigned char *p = contents->string->data;
  g_autoptr(EVP_MD_CTX) hashed = NULL;
  g_autoptr(GError) error = NULL;
  PbTimestampInfo info = { 0 };
  guint8 digest[32];
  PKCS7 *p7 = d2i_PKCS7 (NULL, &p, contents->string->len);

  ERR_clear_error ();
  if (p7 == NULL)
    {
      set_check (self, PB_SIGNATURE_CHECK_DIGEST, FALSE, g_strdup (_("its /Contents is not a time-stamp token")));
      return;
    }
  PKCS7_free (p7);
  self->cms = g_bytes_new (contents->string->data, p - contents->string->data);

  if (!(hashed = pb_range_digest_get (ctx->digest, EVP_sha256 (), br[0], br[1], br[2], br[3], &error)) ||
      EVP_DigestFinal_ex (hashed, digest, NULL) != 1)
    {
      set_check (self, PB_SIGNATURE_CHECK_DIGEST, FALSE,
                 g_strdup (error != NULL ? error->message
                           : _("the signed bytes were changed after signing (the digest does not match)")));
      return;
    }

  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autofree char *when = format_time (now);

    self->validation_time = g_steal_pointer (&now);
    self->validation_time_source = PB_VALIDATION_TIME_NOW;
    /* Translators: the placeholder is a date and time */
    self->validation_time_reason = g_strdup_printf (_("a document time-stamp is validated at the current time, %s"), when);
  }

  if (pb_timestamp_verify_with_store (self->cms, digest, ctx->store, NULL, &info, &error))
    {
      g_autofree char *when = format_time (info.gen_time);

      self->timestamp_time = g_date_time_ref (info.gen_time);
      self->claimed_time = g_date_time_ref (info.gen_time);
      set_check (self, PB_SIGNATURE_CHECK_DIGEST, TRUE, NULL);
      set_check (self, PB_SIGNATURE_CHECK_CERT_USAGE, TRUE, NULL);
      set_check (self, PB_SIGNATURE_CHECK_CHAIN, TRUE, NULL);
      /* Translators: the first placeholder is a date and time, the second a TSA's name */
      set_check (self, PB_SIGNATURE_CHECK_TIMESTAMP, TRUE,
                 g_strdup_printf (_("time-stamped at %s by %s"), when, info.tsa_name != NULL ? info.tsa_name : "?"));
    }
  else
    set_check (self, PB_SIGNATURE_CHECK_DIGEST, FALSE, g_strdup (error->message));

  if (info.tsa_certificate != NULL)
    {
      const unsigned char *q = g_bytes_get_data (info.tsa_certificate, NULL);
      X509 *tsa = d2i_X509 (NULL, &q, (long) g_bytes_get_size (info.tsa_certificate));

      if (tsa != NULL)
        describe_signer (self, tsa);
      X509_free (tsa);
    }
  pb_timestamp_info_clear (&info);
}

/* What CMS_verify () checks of the signer's bytes, without handing it a
 * copy of them: the signature over the signed attributes, then their
 * messageDigest (or, with none, the signature itself) against the digest
 * of the byte ranges, which starts from the file's shared pass. */
static void
check_signed_bytes (PbPdfSignature *self,
                    Context        *ctx,
                    CMS_SignerInfo *si,
                    X509           *signer)
{
  const gint64 *br = self->byte_range;
  g_autoptr(EVP_MD_CTX) hashed = NULL;
  g_autoptr(GError) error = NULL;
  X509_ALGOR *algorithm = NULL;
  const ASN1_OBJECT *oid;
  const EVP_MD *md;
  EVP_MD_CTX *bio_ctx = NULL;
  BIO *digest_bio = NULL;
  gboolean ok;

  CMS_SignerInfo_get0_algs (si, NULL, NULL, &algorithm, NULL);
  X509_ALGOR_get0 (&oid, NULL, NULL, algorithm);
  md = EVP_get_digestbyobj (oid);
  if (md == NULL ||
      !(hashed = pb_range_digest_get (ctx->digest, md, br[0], br[1], br[2], br[3], &error)))
    {
      set_check (self, PB_SIGNATURE_CHECK_DIGEST, FALSE,
                 g_strdup (error != NULL ? error->message
                           : _("the signed bytes were changed after signing (the digest does not match)")));
      return;
    }

  ERR_clear_error ();
  CMS_SignerInfo_set1_signer_cert (si, signer);
  ok = (CMS_signed_get_attr_count (si) < 0 || CMS_SignerInfo_verify (si) == 1) &&
       (digest_bio = BIO_new (BIO_f_md ())) != NULL && BIO_set_md (digest_bio, md) == 1 &&
       BIO_get_md_ctx (digest_bio, &bio_ctx) == 1 && EVP_MD_CTX_copy_ex (bio_ctx, hashed) == 1 &&
       CMS_SignerInfo_verify_content (si, digest_bio) == 1;
  BIO_free (digest_bio);
  ERR_clear_error ();
  set_check (self, PB_SIGNATURE_CHECK_DIGEST, ok,
             ok ? NULL : g_strdup (_("the signed bytes were changed after signing (the digest does not match)")));
}

static void
check_cms (PbPdfSignature *self,
           Context        *ctx,
           PbPdfObject    *dict)
{
  X509_STORE *store = ctx->store;
  const PbValidationOptions *options = ctx->options;
  PbPdfObject *contents = pb_pdf_dict_get (dict, "Contents");
  const unsigned char *der;
  CMS_ContentInfo *cms = NULL;
  CMS_SignerInfo *si;
  STACK_OF (X509) *certs = NULL;
  X509 *signer = NULL;
  gboolean supported;

  if (g_strcmp0 (self->sub_filter, "ETSI.RFC3161") == 0 && contents->kind == PB_PDF_STRING)
    {
      check_document_timestamp (self, ctx, contents);
      return;
    }

  supported = g_strcmp0 (self->sub_filter, "ETSI.CAdES.detached") == 0 ||
              g_strcmp0 (self->sub_filter, "adbe.pkcs7.detached") == 0;
  if (!supported)
    {
      set_check (self, PB_SIGNATURE_CHECK_DIGEST, FALSE,
                 /* Translators: the placeholder is a PDF signature type such as “adbe.pkcs7.sha1” */
                 g_strdup_printf (_("signatures of type “%s” are not supported"),
                                  self->sub_filter != NULL ? self->sub_filter : "?"));
      return;
    }

  if (contents->kind != PB_PDF_STRING)
    {
      set_check (self, PB_SIGNATURE_CHECK_DIGEST, FALSE, g_strdup (_("its /Contents is not a string")));
      return;
    }

  ERR_clear_error ();
  der = contents->string->data;
  cms = d2i_CMS_ContentInfo (NULL, &der, contents->string->len);
  if (cms == NULL || OBJ_obj2nid (CMS_get0_type (cms)) != NID_pkcs7_signed ||
      CMS_get0_SignerInfos (cms) == NULL || sk_CMS_SignerInfo_num (CMS_get0_SignerInfos (cms)) != 1)
    {
      set_check (self, PB_SIGNATURE_CHECK_DIGEST, FALSE,
                 g_strdup (_("its /Contents is not a CMS signature with one signer")));
      goto out;
    }

  self->cms = g_bytes_new (contents->string->data, der - contents->string->data);

  /* The unsigned gap holds zeros after the CMS, never hidden data. */
  for (const guint8 *p = der; p < contents->string->data + contents->string->len; p++)
    if (*p != 0 && self->checks[PB_SIGNATURE_CHECK_BYTE_RANGE] == PB_CHECK_PASSED)
      {
        set_check (self, PB_SIGNATURE_CHECK_BYTE_RANGE, FALSE,
                   g_strdup (_("its unsigned /Contents holds data after the signature")));
        break;
      }

  si = sk_CMS_SignerInfo_value (CMS_get0_SignerInfos (cms), 0);
  signer = find_signer_cert (cms, si);
  if (signer != NULL)
    describe_signer (self, signer);

  if (!digest_is_strong (si))
    set_check (self, PB_SIGNATURE_CHECK_DIGEST, FALSE,
               g_strdup (_("it uses a digest algorithm that is no longer safe (MD5 or SHA-1)")));
  else if (signer == NULL)
    set_check (self, PB_SIGNATURE_CHECK_DIGEST, FALSE,
               g_strdup (_("the signature does not include the signer’s certificate")));
  else
    check_signed_bytes (self, ctx, si, signer);

  {
    g_autofree char *m_text = pb_pdf_object_dup_text (pb_pdf_dict_get (dict, "M"));

    self->claimed_time = parse_pdf_date (m_text);
    if (self->claimed_time == NULL)
      self->claimed_time = cms_signing_time (si);
  }

  check_signature_timestamp (self, si, ctx);
  choose_validation_time (self, options);

  if (signer != NULL)
    {
      char *usage = pb_x509_check_signing_usage (signer);
      char *chain;

      set_check (self, PB_SIGNATURE_CHECK_CERT_USAGE, usage == NULL, usage);

      certs = CMS_get1_certs (cms);
      chain = pb_x509_check_chain (signer, certs, store, self->validation_time);
      set_check (self, PB_SIGNATURE_CHECK_CHAIN, chain == NULL,
                 chain != NULL ? g_strdup_printf ("%s (%s)", chain, self->validation_time_reason) : NULL);
      g_free (chain);
      check_revocation (self, ctx, signer, certs);
    }

out:
  ERR_clear_error ();
  if (certs != NULL)
    sk_X509_pop_free (certs, X509_free);
  X509_free (signer);
  CMS_ContentInfo_free (cms);
}

static PbPdfSignature *
validate_one (Context *ctx,
              Found   *found)
{
  PbPdfDocument *doc = ctx->doc;
  PbPdfSignature *self = g_atomic_rc_box_new0 (PbPdfSignature);
  PbPdfObject *sub_filter = pb_pdf_dict_get (found->dict, "SubFilter");

  self->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) pb_pdf_change_unref);
  self->field_name = g_strdup (found->field_name);
  if (sub_filter != NULL && sub_filter->kind == PB_PDF_NAME)
    self->sub_filter = g_strdup (sub_filter->name);
  self->is_document_timestamp = pb_pdf_object_is_name (pb_pdf_dict_get (found->dict, "Type"), "DocTimeStamp");
  self->reason = pb_pdf_object_dup_text (pb_pdf_dict_get (found->dict, "Reason"));
  self->location = pb_pdf_object_dup_text (pb_pdf_dict_get (found->dict, "Location"));
  self->level_reason = g_strdup (_("it has no signature time-stamp (B-T)"));

  if (check_byte_range (self, doc, found->dict))
    check_cms (self, ctx, found->dict);

  if (self->revision != 0)
    {
      pb_pdf_collect_changes (doc, self->revision - 1, self->covered_end, self->changes);
      set_check (self, PB_SIGNATURE_CHECK_CHANGES, self->changes->len == 0,
                 self->changes->len == 0 ? NULL
                 : g_strdup (((PbPdfChange *) g_ptr_array_index (self->changes, 0))->description));
    }

  return self;
}

/* --- the document -------------------------------------------------------- */

static int
compare_signatures (gconstpointer a,
                    gconstpointer b)
{
  const PbPdfSignature *x = *(PbPdfSignature * const *) a;
  const PbPdfSignature *y = *(PbPdfSignature * const *) b;

  return (x->covered_end > y->covered_end) - (x->covered_end < y->covered_end);
}

static int
compare_changes (gconstpointer a,
                 gconstpointer b)
{
  const PbPdfChange *x = *(PbPdfChange * const *) a;
  const PbPdfChange *y = *(PbPdfChange * const *) b;
  guint rx = x->revision != 0 ? x->revision : G_MAXUINT;
  guint ry = y->revision != 0 ? y->revision : G_MAXUINT;

  if (rx != ry)
    return (rx > ry) - (rx < ry);
  return (int) y->allowed - (int) x->allowed;
}

/* The allowed changes after @self: the later signatures and DSS updates. */
static void
add_allowed_changes (PbPdfSignature *self,
                     PbPdfDocument  *doc,
                     GPtrArray      *signatures)
{
  guint n_revisions = pb_pdf_document_get_n_revisions (doc);

  if (self->revision == 0)
    return;

  for (guint i = 0; i < signatures->len; i++)
    {
      PbPdfSignature *later = g_ptr_array_index (signatures, i);

      if (later->revision <= self->revision)
        continue;
      g_ptr_array_add (self->changes,
                       pb_pdf_change_new (later->is_document_timestamp ? PB_PDF_CHANGE_TIMESTAMP : PB_PDF_CHANGE_SIGNATURE,
                                          TRUE, later->revision, 0,
                                          later->is_document_timestamp
                                          /* Translators: the placeholder is a signature number */
                                          ? g_strdup_printf (_("document time-stamp #%u"), later->index)
                                          /* Translators: the first placeholder is a signature number, the second a name */
                                          : g_strdup_printf (_("signature #%u by %s"), later->index,
                                                             later->signer_name != NULL ? later->signer_name : "?")));
    }

  for (guint r = self->revision; r < n_revisions; r++)
    if (pb_pdf_revision_changes_dss (doc, r))
      g_ptr_array_add (self->changes,
                       pb_pdf_change_new (PB_PDF_CHANGE_VALIDATION_DATA, TRUE, r + 1, 0,
                                          g_strdup (_("validation data (certificates and revision status in a DSS)"))));

  g_ptr_array_sort (self->changes, compare_changes);
}

static void
conclude (PbPdfSignature *self,
          Context        *ctx)
{
  static const PbSignatureCheck required[] = {
    PB_SIGNATURE_CHECK_BYTE_RANGE, PB_SIGNATURE_CHECK_DIGEST, PB_SIGNATURE_CHECK_CHANGES,
    PB_SIGNATURE_CHECK_CERT_USAGE, PB_SIGNATURE_CHECK_CHAIN,
  };

  self->valid = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    self->valid &= self->checks[required[i]] == PB_CHECK_PASSED;
  for (guint i = 0; i < PB_SIGNATURE_N_CHECKS; i++)
    self->valid &= self->checks[i] != PB_CHECK_FAILED;

  if (!self->valid)
    {
      self->level = PB_PADES_LEVEL_NONE;
      g_free (self->level_reason);
      self->level_reason = g_strdup (_("the signature is not valid"));
    }
  else if (self->is_document_timestamp)
    {
      self->level = PB_PADES_LEVEL_B_LTA;
      g_free (self->level_reason);
      self->level_reason = g_strdup (_("it is the document time-stamp that B-LTA rests on"));
    }
  else if (self->checks[PB_SIGNATURE_CHECK_TIMESTAMP] != PB_CHECK_PASSED)
    self->level = PB_PADES_LEVEL_B_B;
  else if (ctx->dss_revision <= self->revision || self->checks[PB_SIGNATURE_CHECK_REVOCATION] != PB_CHECK_PASSED)
    {
      self->level = PB_PADES_LEVEL_B_T;
      g_free (self->level_reason);
      self->level_reason = ctx->dss_revision <= self->revision
                           ? g_strdup (_("no later revision adds validation data (a DSS) for it (B-LT)"))
                           : g_strdup (_("the file’s validation data holds no revocation status for its certificate (B-LT)"));
    }
  else
    {
      PbPdfSignature *archive = archive_timestamp (ctx, self);

      g_free (self->level_reason);
      if (archive != NULL && archive->revision >= ctx->dss_revision)
        {
          self->level = PB_PADES_LEVEL_B_LTA;
          self->level_reason = g_strdup (_("B-LTA is the highest level"));
        }
      else
        {
          self->level = PB_PADES_LEVEL_B_LT;
          self->level_reason = g_strdup (_("no document time-stamp covers its validation data (B-LTA)"));
        }
    }
}

static char *
first_problem (PbPdfSignature *self)
{
  for (guint i = 0; i < PB_SIGNATURE_N_CHECKS; i++)
    if (self->checks[i] == PB_CHECK_FAILED)
      /* Translators: the first placeholder is a signature number, the second a name or "?", the third says what is wrong */
      return g_strdup_printf (_("Signature #%u (%s): %s."), self->index,
                              self->signer_name != NULL ? self->signer_name : "?",
                              self->details[i] != NULL ? self->details[i] : pb_signature_check_get_label (i));
  /* Translators: the first placeholder is a signature number, the second a name or "?" */
  return g_strdup_printf (_("Signature #%u (%s) could not be checked."), self->index,
                          self->signer_name != NULL ? self->signer_name : "?");
}

/* The SHA-256 of the whole file, from the pass the signatures share. */
static char *
file_sha256 (PbRangeDigest *digest,
             gsize          len)
{
  g_autoptr(EVP_MD_CTX) hashed = pb_range_digest_get (digest, EVP_sha256 (), 0, len, 0, 0, NULL);
  guint8 value[32];
  GString *hex = g_string_sized_new (64);

  /* The first request of the budget, far below it. */
  g_assert (hashed != NULL);
  if (EVP_DigestFinal_ex (hashed, value, NULL) != 1)
    g_error ("SHA-256 failed");
  for (guint i = 0; i < sizeof value; i++)
    g_string_append_printf (hex, "%02x", value[i]);
  return g_string_free (hex, FALSE);
}

static PbPdfValidation *
validate (GBytes                     *pdf,
          const PbValidationOptions  *options,
          gboolean                    trust_nothing,
          GError                    **error)
{
  static const PbValidationOptions defaults = { 0 };
  g_autoptr(PbPdfValidation) self = NULL;
  g_autoptr(PbPdfDocument) doc = NULL;
  g_autoptr(GPtrArray) found = NULL;
  X509_STORE *store = NULL;
  Context ctx = { 0 };
  gboolean too_many = FALSE;

  if (options == NULL)
    options = &defaults;

  doc = pb_pdf_document_new (pdf, error);
  if (doc == NULL)
    return NULL;

  found = discover_signatures (doc, &too_many);
  if (too_many)
    {
      /* Checking some and leaving the others out would call the file
       * checked; the oldest are the ones that would be left out. */
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_UNSUPPORTED_PDF,
                   /* Translators: the placeholder is a number of signatures, 64 */
                   _("The document has more than %d signatures; Probity checks documents of %d at most"),
                   MAX_SIGNATURES, MAX_SIGNATURES);
      return NULL;
    }
  if (found->len == 0)
    {
      g_set_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_NO_SIGNATURE,
                   _("The document is not signed."));
      return NULL;
    }

  store = trust_nothing ? X509_STORE_new () : pb_x509_store_new (options->trust_pem, options->trust_name, error);
  if (store == NULL)
    return NULL;

  self = g_atomic_rc_box_new0 (PbPdfValidation);
  self->signatures = g_ptr_array_new_with_free_func ((GDestroyNotify) pb_pdf_signature_unref);
  self->n_revisions = pb_pdf_document_get_n_revisions (doc);
  self->file_size = g_bytes_get_size (pdf);

  ctx.digest = pb_range_digest_new (g_bytes_get_data (pdf, NULL), self->file_size, HASH_BUDGET (self->file_size));
  self->sha256 = file_sha256 (ctx.digest, self->file_size);
  ctx.doc = doc;
  ctx.store = store;
  ctx.options = options;
  ctx.archive = g_ptr_array_new_with_free_func ((GDestroyNotify) pb_pdf_signature_unref);
  collect_dss (&ctx);

  /* Document time-stamps first: they vouch for what came before them. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < found->len; i++)
      {
        Found *one = g_ptr_array_index (found, i);
        gboolean is_archive = pb_pdf_object_is_name (pb_pdf_dict_get (one->dict, "Type"), "DocTimeStamp") ||
                              pb_pdf_object_is_name (pb_pdf_dict_get (one->dict, "SubFilter"), "ETSI.RFC3161");
        PbPdfSignature *signature;

        if (is_archive != (pass == 0))
          continue;
        signature = validate_one (&ctx, one);
        signature->is_document_timestamp |= is_archive;
        g_ptr_array_add (self->signatures, signature);
        if (is_archive && signature->checks[PB_SIGNATURE_CHECK_DIGEST] == PB_CHECK_PASSED && signature->revision != 0)
          g_ptr_array_add (ctx.archive, pb_pdf_signature_ref (signature));
      }
  g_ptr_array_sort (ctx.archive, compare_signatures);

  g_ptr_array_sort (self->signatures, compare_signatures);
  for (guint i = 0; i < self->signatures->len; i++)
    ((PbPdfSignature *) g_ptr_array_index (self->signatures, i))->index = i + 1;

  self->valid = TRUE;
  for (guint i = 0; i < self->signatures->len; i++)
    {
      PbPdfSignature *signature = g_ptr_array_index (self->signatures, i);

      add_allowed_changes (signature, doc, self->signatures);
      conclude (signature, &ctx);
      if (!signature->valid && self->valid)
        {
          self->valid = FALSE;
          self->problem = first_problem (signature);
        }
    }

  X509_STORE_free (store);
  sk_X509_pop_free (ctx.dss_certs, X509_free);
  g_clear_pointer (&ctx.dss_crls, g_ptr_array_unref);
  g_clear_pointer (&ctx.dss_ocsps, g_ptr_array_unref);
  g_clear_pointer (&ctx.archive, g_ptr_array_unref);
  g_clear_pointer (&ctx.digest, pb_range_digest_free);
  return g_steal_pointer (&self);
}

PbPdfValidation *
pb_pdf_validate (GBytes                     *pdf,
                 const PbValidationOptions  *options,
                 GError                    **error)
{
  g_return_val_if_fail (pdf != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return validate (pdf, options, FALSE, error);
}

PbPdfValidation *
pb_pdf_validate_untrusted (GBytes  *pdf,
                           GError **error)
{
  return validate (pdf, NULL, TRUE, error);
}

typedef struct
{
  GBytes              *pdf;
  PbValidationOptions  options;
} ValidateData;

static void
validate_data_free (ValidateData *data)
{
  g_clear_pointer (&data->pdf, g_bytes_unref);
  g_clear_pointer (&data->options.trust_pem, g_bytes_unref);
  g_free ((char *) data->options.trust_name);
  g_clear_pointer (&data->options.validation_time, g_date_time_unref);
  g_free ((char *) data->options.validation_time_reason);
  g_free (data);
}

static void
validate_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  ValidateData *data = task_data;
  GError *error = NULL;
  PbPdfValidation *validation;

  if (g_task_return_error_if_cancelled (task))
    return;

  validation = pb_pdf_validate (data->pdf, &data->options, &error);
  /* Free OpenSSL's per-thread state before the caller can go on (see
   * load_thread() in pb-signer.c). */
  OPENSSL_thread_stop ();
  if (validation == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, validation, (GDestroyNotify) pb_pdf_validation_unref);
}

void
pb_pdf_validate_async (GBytes                    *pdf,
                       const PbValidationOptions *options,
                       GCancellable              *cancellable,
                       GAsyncReadyCallback        callback,
                       gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  ValidateData *data;

  g_return_if_fail (pdf != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (ValidateData, 1);
  data->pdf = g_bytes_ref (pdf);
  if (options != NULL)
    {
      data->options.trust_pem = options->trust_pem != NULL ? g_bytes_ref (options->trust_pem) : NULL;
      data->options.trust_name = g_strdup (options->trust_name);
      data->options.validation_time = options->validation_time != NULL
                                      ? g_date_time_ref (options->validation_time) : NULL;
      data->options.validation_time_reason = g_strdup (options->validation_time_reason);
    }

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_pdf_validate_async);
  g_task_set_task_data (task, data, (GDestroyNotify) validate_data_free);
  g_task_run_in_thread (task, validate_thread);
}

PbPdfValidation *
pb_pdf_validate_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pb_pdf_validate_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
