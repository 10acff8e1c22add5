/* test-signing.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Signs real PDFs made with libharu, with a PKI made at test time by
 * make-test-pki.sh, and checks the result with pdfsig, mutool, qpdf,
 * openssl and pdftoppm as well as with pb_pdf_validate().
 */

#include "config.h"

#include <glib/gstdio.h>
#include <hpdf.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/cms.h>
#include <openssl/x509.h>

#include "pb-pdf-parser.h"
#include "pb-range-digest-private.h"
#include "pb-signing.h"

#define PASSPHRASE "secret"

static char *pki_dir;
static char *work_dir;
static GBytes *report_pdf;
static GDateTime *signing_time;

/* --- helpers ------------------------------------------------------------ */

static void
hpdf_error_cb (HPDF_STATUS error_no,
               HPDF_STATUS detail_no,
               void       *user_data)
{
  g_error ("libharu error 0x%04X (detail %u)", (guint) error_no, (guint) detail_no);
}

static GBytes *
make_report_pdf (void)
{
  HPDF_Doc doc = HPDF_New (hpdf_error_cb, NULL);
  HPDF_Font latin, cjk;
  HPDF_Page page;
  HPDF_Rect rect = { 72, 640, 300, 660 };
  const char *name;
  guint8 *buf;
  HPDF_UINT32 size;

  HPDF_SetCompressionMode (doc, HPDF_COMP_ALL);
  HPDF_UseUTFEncodings (doc);
  HPDF_SetCurrentEncoder (doc, "UTF-8");
  name = HPDF_LoadTTFontFromFile (doc, "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", HPDF_TRUE);
  latin = HPDF_GetFont (doc, name, "UTF-8");
  name = HPDF_LoadTTFontFromFile2 (doc, "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0, HPDF_TRUE);
  cjk = HPDF_GetFont (doc, name, "UTF-8");
  HPDF_SetInfoAttr (doc, HPDF_INFO_TITLE, "Due-diligence report – Société Générale");

  page = HPDF_AddPage (doc);
  HPDF_Page_SetSize (page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
  HPDF_Page_BeginText (page);
  HPDF_Page_SetFontAndSize (page, latin, 18);
  HPDF_Page_TextOut (page, 72, 760, "Human-rights due diligence – Größe, Malmö");
  HPDF_Page_SetFontAndSize (page, cjk, 16);
  HPDF_Page_TextOut (page, 72, 720, "上海市公安局");
  HPDF_Page_SetFontAndSize (page, latin, 12);
  HPDF_Page_TextOut (page, 72, 645, "https://example.test/case/42");
  HPDF_Page_EndText (page);
  /* A link makes libharu write an inline /Annots array. */
  HPDF_Page_CreateURILinkAnnot (page, rect, "https://example.test/case/42");

  page = HPDF_AddPage (doc);
  HPDF_Page_SetSize (page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
  HPDF_Page_BeginText (page);
  HPDF_Page_SetFontAndSize (page, latin, 14);
  HPDF_Page_TextOut (page, 72, 760, "Sign-off");
  HPDF_Page_EndText (page);

  HPDF_SaveToStream (doc);
  size = HPDF_GetStreamSize (doc);
  buf = g_malloc (size);
  HPDF_ResetStream (doc);
  HPDF_ReadFromStream (doc, buf, &size);
  HPDF_Free (doc);

  return g_bytes_new_take (buf, size);
}

/* A PDF whose catalog, form, field list and annotation list are all
 * separate objects, as other writers (and earlier updates) make them. */
static GBytes *
make_indirect_pdf_with_size (int trailer_size)
{
  static const char *content = "BT /F1 12 Tf 72 720 Td (Indirect annotations) Tj ET";
  const char *objects[9] = {
    NULL,
    "<< /Type /Catalog /Pages 2 0 R /AcroForm 4 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots 5 0 R /Contents 7 0 R\n"
    "   /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>",
    "<< /Fields 8 0 R /DA (/Helv 0 Tf 0 g) >>",
    "[6 0 R]",
    "<< /Type /Annot /Subtype /Link /Rect [10 10 100 30] /Border [0 0 0]\n"
    "   /A << /S /URI /URI (https://example.test/) >> >>",
    NULL,
    "[]",
  };
  g_autofree char *stream = g_strdup_printf ("<< /Length %zu >>\nstream\n%s\nendstream",
                                             strlen (content), content);
  GString *pdf = g_string_new ("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
  gsize offsets[9] = { 0 };
  gsize xref;

  objects[7] = stream;
  for (int i = 1; i < 9; i++)
    {
      offsets[i] = pdf->len;
      g_string_append_printf (pdf, "%d 0 obj\n%s\nendobj\n", i, objects[i]);
    }
  xref = pdf->len;
  g_string_append (pdf, "xref\n0 9\n0000000000 65535 f\r\n");
  for (int i = 1; i < 9; i++)
    g_string_append_printf (pdf, "%010zu 00000 n\r\n", offsets[i]);
  g_string_append_printf (pdf, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
                          trailer_size, xref);

  return g_string_free_to_bytes (pdf);
}

static GBytes *
make_indirect_pdf (void)
{
  return make_indirect_pdf_with_size (9);
}

static char *
pki_file (const char *name)
{
  return g_build_filename (pki_dir, name, NULL);
}

static char *
write_work_file (const char *name,
                 GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (work_dir, name, NULL);

  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  return path;
}

static gboolean
have_tool (const char *tool)
{
  g_autofree char *path = g_find_program_in_path (tool);

  if (path == NULL)
    {
      g_autofree char *message = g_strdup_printf ("%s is not installed (build-aux/deps.sh)", tool);

      g_test_skip (message);
      return FALSE;
    }
  return TRUE;
}

/* Runs a tool and returns what it wrote to stdout and stderr together. */
static char *
run_tool (const char * const *argv,
          int                *exit_status)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (exit_status != NULL)
    *exit_status = g_spawn_check_wait_status (status, NULL) ? 0 : 1;
  return g_strconcat (out, err, NULL);
}

static char *
pdfsig (const char *path)
{
  g_autofree char *nssdir = g_strdup_printf ("sql:%s/nssdb", pki_dir);
  const char *argv[] = { "pdfsig", "-nssdir", nssdir, path, NULL };

  return run_tool (argv, NULL);
}

static guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
assert_pdfsig_valid (const char *path,
                     guint       n_signatures)
{
  g_autofree char *out = pdfsig (path);

  if (g_test_verbose ())
    g_printerr ("%s\n", out);
  g_assert_cmpuint (count_occurrences (out, "Signature Validation: Signature is Valid."), ==, n_signatures);
  g_assert_cmpuint (count_occurrences (out, "Certificate Validation: Certificate is Trusted."), ==, n_signatures);
  g_assert_cmpuint (count_occurrences (out, "- Total document signed"), ==, 1);
  g_assert_cmpuint (count_occurrences (out, "Not total document signed"), ==, n_signatures - 1);
  g_assert_nonnull (strstr (out, "Signature Type: ETSI.CAdES.detached"));
  g_assert_nonnull (strstr (out, "Signing Hash Algorithm: SHA-256"));
}

static void
assert_qpdf_check (const char *path)
{
  const char *argv[] = { "qpdf", "--check", path, NULL };
  g_autofree char *out = NULL;
  int status;

  out = run_tool (argv, &status);
  g_assert_nonnull (strstr (out, "No syntax or stream encoding errors found"));
  g_assert_cmpint (status, ==, 0);
}

static PbSigner *
load_signer (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = pki_file (name);
  PbSigner *signer = pb_signer_new_from_pkcs12 (path, PASSPHRASE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (signer);
  return signer;
}

/* Validates with the CA certificates of @ca_name in the PKI folder (NULL:
 * the system's) as trust anchors. */
static PbPdfValidation *
validate_at (GBytes     *pdf,
             const char *ca_name,
             GDateTime  *at,
             GError    **error)
{
  g_autoptr(GBytes) trust = NULL;
  PbValidationOptions options = { .validation_time = at, .validation_time_reason = "the test's time" };

  if (ca_name != NULL)
    {
      g_autofree char *path = pki_file (ca_name);
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (!g_file_get_contents (path, &contents, &len, error))
        return NULL;
      trust = g_bytes_new_take (g_steal_pointer (&contents), len);
      options.trust_pem = trust;
      options.trust_name = ca_name;
    }
  return pb_pdf_validate (pdf, &options, error);
}

static PbPdfValidation *
validate (GBytes     *pdf,
          const char *ca_name,
          GError    **error)
{
  return validate_at (pdf, ca_name, NULL, error);
}

static gboolean
is_valid (GBytes     *pdf,
          const char *ca_name)
{
  g_autoptr(PbPdfValidation) validation = validate (pdf, ca_name, NULL);

  return validation != NULL && validation->valid;
}

static GBytes *
sign_with (GBytes                   *pdf,
           const char               *p12,
           const PbSignatureOptions *options)
{
  g_autoptr(PbSigner) signer = load_signer (p12);
  g_autoptr(GError) error = NULL;
  GBytes *signed_pdf;

  signed_pdf = pb_pdf_sign (pdf, signer, options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (signed_pdf);
  return signed_pdf;
}

static void
assert_prefix_unchanged (GBytes *original,
                         GBytes *signed_pdf)
{
  g_assert_cmpuint (g_bytes_get_size (signed_pdf), >, g_bytes_get_size (original));
  g_assert_cmpmem (g_bytes_get_data (original, NULL), g_bytes_get_size (original),
                   g_bytes_get_data (signed_pdf, NULL), g_bytes_get_size (original));
}

/* Binary-safe: PDFs hold NUL bytes in their streams. */
static const char *
find_last (const char *data,
           gsize       len,
           const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = len - n + 1; i-- > 0; )
    if (memcmp (data + i, needle, n) == 0)
      return data + i;
  return NULL;
}

static char *
fingerprint_of_pem (const char *pem_name)
{
  g_autofree char *pem = pki_file (pem_name);
  const char *argv[] = { "openssl", "x509", "-in", pem, "-noout", "-fingerprint", "-sha256", NULL };
  g_autofree char *out = run_tool (argv, NULL);
  const char *eq = strchr (out, '=');
  GString *hex = g_string_new (NULL);

  g_assert_nonnull (eq);
  for (const char *p = eq + 1; *p && *p != '\n'; p++)
    if (g_ascii_isxdigit (*p))
      g_string_append_c (hex, g_ascii_tolower (*p));
  return g_string_free (hex, FALSE);
}

/* --- signer ------------------------------------------------------------- */

static void
test_signer_load (void)
{
  struct {
    const char *p12;
    const char *pem;
    const char *common_name;
    const char *email;
  } cases[] = {
    { "signer.p12", "signer.pem", "Test Signer", "signer@example.test" },
    { "signer-legacy.p12", "signer.pem", "Test Signer", "signer@example.test" },
    { "signer2.p12", "signer2.pem", "Second Signer", "second@example.test" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PbSigner) signer = load_signer (cases[i].p12);
      g_autofree char *fingerprint = fingerprint_of_pem (cases[i].pem);

      g_assert_cmpstr (pb_signer_get_common_name (signer), ==, cases[i].common_name);
      g_assert_cmpstr (pb_signer_get_email (signer), ==, cases[i].email);
      g_assert_cmpstr (pb_signer_get_fingerprint (signer), ==, fingerprint);
      g_assert_cmpint (g_date_time_compare (pb_signer_get_not_before (signer), signing_time), <, 0);
      g_assert_cmpint (g_date_time_compare (pb_signer_get_not_after (signer), signing_time), >, 0);
    }
}

static void
test_signer_errors (void)
{
  struct {
    const char *file;
    const char *passphrase;
    int         code;
  } cases[] = {
    { "signer.p12", "wrong", PB_SIGNING_ERROR_WRONG_PASSPHRASE },
    { "signer.p12", "", PB_SIGNING_ERROR_WRONG_PASSPHRASE },
    { "signer-legacy.p12", "Secret", PB_SIGNING_ERROR_WRONG_PASSPHRASE },
    { "expired.p12", PASSPHRASE, PB_SIGNING_ERROR_CERT_EXPIRED },
    { "not-yet-valid.p12", PASSPHRASE, PB_SIGNING_ERROR_CERT_NOT_YET_VALID },
    { "no-usage.p12", PASSPHRASE, PB_SIGNING_ERROR_CERT_NO_SIGNING_USAGE },
    { "signer-pss.p12", PASSPHRASE, PB_SIGNING_ERROR_UNSUPPORTED_KEY },
    { "missing.p12", PASSPHRASE, PB_SIGNING_ERROR_UNREADABLE },
    { "ca.pem", PASSPHRASE, PB_SIGNING_ERROR_UNREADABLE },
    { "nssdb", PASSPHRASE, PB_SIGNING_ERROR_UNREADABLE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = pki_file (cases[i].file);
      g_autoptr(PbSigner) signer = pb_signer_new_from_pkcs12 (path, cases[i].passphrase, &error);

      g_test_message ("%s with passphrase “%s”", cases[i].file, cases[i].passphrase);
      g_assert_error (error, PB_SIGNING_ERROR, cases[i].code);
      g_assert_null (signer);
      /* The message names the file and never repeats the passphrase. */
      g_assert_nonnull (strstr (error->message, cases[i].file));
      if (*cases[i].passphrase != '\0')
        g_assert_null (strstr (error->message, cases[i].passphrase));
    }
}

/* --- signing ------------------------------------------------------------ */

static void
test_sign_invisible (void)
{
  g_autoptr(GBytes) signed_pdf = NULL;
  g_autoptr(PbPdfValidation) validation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *fingerprint = fingerprint_of_pem ("signer.pem");
  PbPdfSignature *info;
  PbSignatureOptions options = {
    .signing_time = signing_time,
    .reason = "Approved (with conditions) \\ résumé 上海市",
    .location = "Malmö",
    .contact_info = "legal@example.test",
  };

  if (!have_tool ("pdfsig") || !have_tool ("qpdf") || !have_tool ("mutool"))
    return;

  signed_pdf = sign_with (report_pdf, "signer.p12", &options);
  assert_prefix_unchanged (report_pdf, signed_pdf);
  path = write_work_file ("invisible.pdf", signed_pdf);

  assert_pdfsig_valid (path, 1);
  assert_qpdf_check (path);
  {
    const char *argv[] = { "mutool", "sign", "-v", path, NULL };
    g_autofree char *out = run_tool (argv, NULL);

    if (g_test_verbose ())
      g_printerr ("%s\n", out);
    /* mutool has no trust store: it only judges the bytes. */
    g_assert_nonnull (strstr (out, "The document is unchanged since signing."));
    g_assert_nonnull (strstr (out, "cn=Test Signer"));
    g_assert_null (strstr (out, "Digest error"));
  }

  validation = validate (signed_pdf, "ca.pem", &error);
  g_assert_no_error (error);
  g_assert_true (validation->valid);
  g_assert_null (validation->problem);
  g_assert_cmpuint (validation->signatures->len, ==, 1);
  g_assert_cmpuint (validation->n_revisions, ==, 2);
  info = pb_pdf_validation_get_newest (validation);
  g_assert_cmpuint (info->index, ==, 1);
  g_assert_cmpuint (info->revision, ==, 2);
  g_assert_true (info->covers_whole_file);
  g_assert_cmpuint (info->covered_end, ==, g_bytes_get_size (signed_pdf));
  g_assert_cmpuint (info->changes->len, ==, 0);
  for (guint i = 0; i < PB_SIGNATURE_N_CHECKS; i++)
    if (i == PB_SIGNATURE_CHECK_REVOCATION || i == PB_SIGNATURE_CHECK_TIMESTAMP)
      g_assert_cmpint (info->checks[i], ==, PB_CHECK_SKIPPED);
    else
      g_assert_cmpint (info->checks[i], ==, PB_CHECK_PASSED);
  g_assert_true (info->valid);
  g_assert_cmpint (info->level, ==, PB_PADES_LEVEL_B_B);
  g_assert_cmpstr (info->sub_filter, ==, "ETSI.CAdES.detached");
  g_assert_cmpstr (info->signer_name, ==, "Test Signer");
  g_assert_cmpstr (info->signer_email, ==, "signer@example.test");
  g_assert_cmpstr (info->signer_fingerprint, ==, fingerprint);
  g_assert_nonnull (strstr (info->signer_subject, "CN=Test Signer"));
  g_assert_nonnull (strstr (info->issuer_subject, "CN=Probity Test Root CA"));
  {
    g_autofree char *der_path = pki_file ("signer.der");
    const char *argv[] = { "openssl", "x509", "-in", NULL, "-outform", "DER", "-out", der_path, NULL };
    g_autofree char *pem = pki_file ("signer.pem");
    g_autofree char *out = NULL;
    g_autofree char *der = NULL;
    gsize der_len;

    argv[3] = pem;
    out = run_tool (argv, NULL);
    g_assert_true (g_file_get_contents (der_path, &der, &der_len, NULL));
    g_assert_cmpmem (der, der_len, g_bytes_get_data (info->signer_certificate, NULL),
                     g_bytes_get_size (info->signer_certificate));
  }
  g_assert_cmpstr (info->reason, ==, options.reason);
  g_assert_cmpstr (info->location, ==, "Malmö");
  g_assert_true (g_str_has_prefix (info->field_name, "Signature"));
  g_assert_nonnull (info->claimed_time);
  g_assert_true (g_date_time_equal (info->claimed_time, signing_time));
  /* No time-stamp: validated now, never at the claimed /M. */
  g_assert_cmpint (info->validation_time_source, ==, PB_VALIDATION_TIME_NOW);
  g_assert_nonnull (info->validation_time_reason);
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

    g_assert_cmpint (ABS (g_date_time_difference (now, info->validation_time)), <, 60 * G_TIME_SPAN_SECOND);
  }
}

/* The CMS blob on its own, checked by `openssl cms -verify`. */
static void
assert_openssl_cms (const char *p12)
{
  g_autoptr(GBytes) signed_pdf = NULL;
  g_autoptr(GByteArray) der = g_byte_array_new ();
  g_autoptr(GByteArray) content = g_byte_array_new ();
  g_autofree char *ca = pki_file ("ca.pem");
  g_autofree char *der_path = g_build_filename (work_dir, "cms.der", NULL);
  g_autofree char *content_path = g_build_filename (work_dir, "cms.content", NULL);
  g_autofree char *out = NULL;
  g_autofree char *byte_range = NULL;
  PbSignatureOptions options = { .signing_time = signing_time };
  const char *data, *br;
  gsize len;
  gsize a, b, c, d;
  int status;

  signed_pdf = sign_with (report_pdf, p12, &options);
  g_assert_true (is_valid (signed_pdf, "ca.pem"));
  data = g_bytes_get_data (signed_pdf, &len);
  br = find_last (data, len, "/ByteRange [");
  g_assert_nonnull (br);
  /* The file is no C string: sscanf() reads a copy of the array. */
  byte_range = g_strndup (br, MIN (64, (gsize) (data + len - br)));
  g_assert_cmpint (sscanf (byte_range, "/ByteRange [%zu %zu %zu %zu]", &a, &b, &c, &d), ==, 4);
  g_assert_cmpuint (a, ==, 0);
  g_assert_cmpuint (c + d, ==, len);
  g_assert_cmpint (data[b], ==, '<');
  g_assert_cmpint (data[c - 1], ==, '>');

  for (gsize i = b + 1; i + 1 < c - 1; i += 2)
    {
      guint8 byte = g_ascii_xdigit_value (data[i]) * 16 + g_ascii_xdigit_value (data[i + 1]);

      g_byte_array_append (der, &byte, 1);
    }
  g_byte_array_append (content, (const guint8 *) data, b);
  g_byte_array_append (content, (const guint8 *) data + c, d);
  g_assert_true (g_file_set_contents (der_path, (const char *) der->data, der->len, NULL));
  g_assert_true (g_file_set_contents (content_path, (const char *) content->data, content->len, NULL));

  {
    const char *argv[] = { "openssl", "cms", "-verify", "-binary", "-inform", "DER",
                           "-in", der_path, "-content", content_path, "-CAfile", ca,
                           "-purpose", "any", "-out", "/dev/null", NULL };

    out = run_tool (argv, &status);
    g_assert_nonnull (strstr (out, "Verification successful"));
    g_assert_cmpint (status, ==, 0);
  }
  {
    /* CAdES: the ESS signing-certificate-v2 attribute is there. */
    const char *argv[] = { "openssl", "cms", "-cmsout", "-print", "-inform", "DER", "-in", der_path, NULL };

    g_free (out);
    out = run_tool (argv, &status);
    g_assert_nonnull (strstr (out, "id-smime-aa-signingCertificateV2"));
    g_assert_nonnull (strstr (out, "messageDigest"));
    g_assert_nonnull (strstr (out, "contentType"));
    /* PAdES B-B: the time is in /M, not in the CMS. */
    g_assert_null (strstr (out, "signingTime"));
  }
}

static void
test_sign_openssl_cms (void)
{
  if (!have_tool ("openssl"))
    return;

  /* RSA and EC keys: the attributes are signed once, without a time. */
  assert_openssl_cms ("signer.p12");
  assert_openssl_cms ("signer-ec.p12");
}

static void
test_sign_deterministic (void)
{
  PbSignatureOptions options = { .signing_time = signing_time, .reason = "Same time, same bytes" };
  g_autoptr(GBytes) first = sign_with (report_pdf, "signer.p12", &options);
  g_autoptr(GBytes) second = sign_with (report_pdf, "signer.p12", &options);

  g_assert_true (g_bytes_equal (first, second));
}

static void
test_sign_tampered (void)
{
  PbSignatureOptions options = { .signing_time = signing_time, .reason = "Tamper test" };
  g_autoptr(GBytes) signed_pdf = sign_with (report_pdf, "signer.p12", &options);
  gsize len = g_bytes_get_size (signed_pdf);
  const char *data = g_bytes_get_data (signed_pdf, NULL);
  struct {
    const char *name;
    gsize       offset;   /* G_MAXSIZE: append instead */
    PbSignatureCheck failed;
    const char *pdfsig_says;
  } cases[] = {
    { "flip-in-original", g_bytes_get_size (report_pdf) / 2, PB_SIGNATURE_CHECK_DIGEST, "Signature Validation: Digest Mismatch." },
    { "flip-in-reason", (gsize) (find_last (data, len, "Tamper test") - data) + 1,
      PB_SIGNATURE_CHECK_DIGEST, "Signature Validation: Digest Mismatch." },
    { "appended", G_MAXSIZE, PB_SIGNATURE_CHECK_CHANGES, "Not total document signed" },
  };

  if (!have_tool ("pdfsig") || !have_tool ("mutool"))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GByteArray) bytes = g_byte_array_new ();
      g_autoptr(GBytes) tampered = NULL;
      g_autoptr(PbPdfValidation) validation = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strconcat (cases[i].name, ".pdf", NULL);
      PbPdfSignature *info;
      g_autofree char *path = NULL;
      g_autofree char *out = NULL;

      g_test_message ("%s", cases[i].name);
      g_byte_array_append (bytes, (const guint8 *) data, len);
      if (cases[i].offset == G_MAXSIZE)
        g_byte_array_append (bytes, (const guint8 *) "\n% appended\n", 12);
      else
        bytes->data[cases[i].offset] ^= 0x01;
      tampered = g_byte_array_free_to_bytes (g_steal_pointer (&bytes));

      path = write_work_file (name, tampered);
      out = pdfsig (path);
      g_assert_nonnull (strstr (out, cases[i].pdfsig_says));
      if (cases[i].failed == PB_SIGNATURE_CHECK_DIGEST)
        {
          const char *mutool[] = { "mutool", "sign", "-v", path, NULL };
          g_autofree char *mutool_out = run_tool (mutool, NULL);

          g_assert_nonnull (strstr (mutool_out, "Digest error"));
        }

      validation = validate (tampered, "ca.pem", &error);
      g_assert_no_error (error);
      g_assert_false (validation->valid);
      g_assert_nonnull (validation->problem);
      info = pb_pdf_validation_get_newest (validation);
      g_assert_false (info->valid);
      g_assert_cmpint (info->checks[cases[i].failed], ==, PB_CHECK_FAILED);
      g_assert_nonnull (info->details[cases[i].failed]);
      if (cases[i].failed == PB_SIGNATURE_CHECK_DIGEST)
        {
          g_assert_true (info->covers_whole_file);
          g_assert_cmpint (info->checks[PB_SIGNATURE_CHECK_CHANGES], ==, PB_CHECK_PASSED);
        }
      else
        {
          PbPdfChange *change = g_ptr_array_index (info->changes, 0);

          g_assert_false (info->covers_whole_file);
          g_assert_cmpint (info->checks[PB_SIGNATURE_CHECK_DIGEST], ==, PB_CHECK_PASSED);
          g_assert_cmpuint (info->changes->len, ==, 1);
          g_assert_false (change->allowed);
          g_assert_cmpint (change->kind, ==, PB_PDF_CHANGE_MODIFICATION);
        }
    }
}

static void
test_verify_untrusted (void)
{
  PbSignatureOptions options = { .signing_time = signing_time };
  g_autoptr(GBytes) signed_pdf = sign_with (report_pdf, "signer.p12", &options);
  const char *stores[] = { "other-ca.pem", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (stores); i++)
    {
      g_autoptr(PbPdfValidation) validation = NULL;
      g_autoptr(GError) error = NULL;
      PbPdfSignature *info;

      validation = validate (signed_pdf, stores[i], &error);
      g_assert_no_error (error);
      g_assert_false (validation->valid);
      info = pb_pdf_validation_get_newest (validation);
      g_assert_true (info->covers_whole_file);
      g_assert_cmpint (info->checks[PB_SIGNATURE_CHECK_DIGEST], ==, PB_CHECK_PASSED);
      g_assert_cmpint (info->checks[PB_SIGNATURE_CHECK_CERT_USAGE], ==, PB_CHECK_PASSED);
      g_assert_cmpint (info->checks[PB_SIGNATURE_CHECK_CHAIN], ==, PB_CHECK_FAILED);
      /* The CMS carries the test root: OpenSSL finds it but does not trust it. */
      g_assert_nonnull (strstr (info->details[PB_SIGNATURE_CHECK_CHAIN], "self-signed certificate in certificate chain"));
      g_assert_cmpstr (info->signer_name, ==, "Test Signer");
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) not_pem = g_bytes_new_static ("not a certificate\n", 18);
    PbValidationOptions options2 = { .trust_pem = not_pem, .trust_name = "junk.pem" };
    g_autoptr(PbPdfValidation) validation = pb_pdf_validate (signed_pdf, &options2, &error);

    g_assert_null (validation);
    g_assert_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_UNREADABLE);
    g_assert_nonnull (strstr (error->message, "junk.pem"));
  }
}

static guchar *
render_page_gray (const char *pdf_path,
                  int         page,
                  int         dpi,
                  int        *width,
                  int        *height)
{
  g_autofree char *prefix = g_strconcat (pdf_path, ".render", NULL);
  g_autofree char *pgm = g_strconcat (prefix, ".pgm", NULL);
  g_autofree char *r = g_strdup_printf ("%d", dpi);
  g_autofree char *p = g_strdup_printf ("%d", page);
  const char *argv[] = { "pdftoppm", "-gray", "-r", r, "-f", p, "-l", p, "-singlefile",
                         pdf_path, prefix, NULL };
  g_autofree char *out = run_tool (argv, NULL);
  g_autofree char *contents = NULL;
  gsize len;
  int maxval, header;

  g_assert_true (g_file_get_contents (pgm, &contents, &len, NULL));
  g_assert_cmpint (sscanf (contents, "P5 %d %d %d%n", width, height, &maxval, &header), ==, 3);
  header++;
  g_assert_cmpuint (len, ==, (gsize) header + (gsize) *width * *height);
  return g_memdup2 (contents + header, (gsize) *width * *height);
}

/* Compares pdftoppm renders of the last page: the signature box changes,
 * nothing else does, however long or un-Latin the text; mutool finds the
 * text of the appearance. */
static void
test_sign_visible (void)
{
  static const char *long_reason =
    "Approved for export to the customer named in this report, subject to the conditions "
    "listed in section 4 and to a review of the end-use certificate every six months";
  struct {
    const char *name;
    const char *signer_name;
    const char *role;
    const char *reason;
    double      x, y, width, height;
    const char *expect[4];
  } cases[] = {
    { "plain", NULL, "Legal reviewer, Probity Test AB", "Approved by legal review",
      320, 80, 220, 80,
      { "Digitally signed by Test Signer", "Legal reviewer, Probity Test AB",
        "Reason: Approved by legal review", NULL } },
    { "latin-1", "Åsa Öberg (Legal)", "Jurist – Malmö", "Godkänd",
      60, 300, 240, 70,
      { "Digitally signed by Åsa Öberg (Legal)", "Jurist – Malmö", "Reason: Godkänd", NULL } },
    { "long-and-cjk", "上海 Reviewer", "Юрист", NULL,
      300, 700, 150, 40,
      { "Reviewer", "...", NULL } },
  };
  g_autofree char *unsigned_path = NULL;
  g_autofree char *ca = pki_file ("ca.pem");
  g_autofree guchar *before = NULL;
  const int dpi = 72;
  int width = 0, height = 0;

  if (!have_tool ("pdftoppm") || !have_tool ("pdfsig") || !have_tool ("mutool"))
    return;

  unsigned_path = write_work_file ("visible-before.pdf", report_pdf);
  before = render_page_gray (unsigned_path, 2, dpi, &width, &height);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      PbSignatureOptions options = {
        .signing_time = signing_time,
        .signer_name = cases[i].signer_name,
        .signer_role = cases[i].role,
        .reason = cases[i].reason != NULL ? cases[i].reason : long_reason,
        .visible = TRUE,
        .page_index = -1,
        .x = cases[i].x, .y = cases[i].y, .width = cases[i].width, .height = cases[i].height,
      };
      g_autoptr(GBytes) signed_pdf = NULL;
      g_autofree char *file_name = g_strdup_printf ("visible-%s.pdf", cases[i].name);
      g_autofree char *signed_path = NULL;
      g_autofree guchar *after = NULL;
      guint inside = 0, outside = 0, area = 0;
      int w, h;

      g_test_message ("%s", cases[i].name);
      signed_pdf = sign_with (report_pdf, "signer.p12", &options);
      signed_path = write_work_file (file_name, signed_pdf);
      assert_pdfsig_valid (signed_path, 1);
      assert_qpdf_check (signed_path);
      g_assert_true (is_valid (signed_pdf, "ca.pem"));

      after = render_page_gray (signed_path, 2, dpi, &w, &h);
      g_assert_cmpint (w, ==, width);
      g_assert_cmpint (h, ==, height);
      for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
          {
            double px = x * 72.0 / dpi;
            double py = (height - y) * 72.0 / dpi;
            gboolean in_box = px >= options.x - 2 && px <= options.x + options.width + 2 &&
                              py >= options.y - 2 && py <= options.y + options.height + 2;
            gboolean differs = before[y * width + x] != after[y * width + x];

            area += in_box;
            if (in_box)
              inside += differs;
            else
              outside += differs;
          }
      g_assert_cmpuint (outside, ==, 0);
      g_assert_cmpuint (inside, >, area / 2);

      {
        const char *argv[] = { "mutool", "draw", "-F", "txt", "-o", "-", signed_path, "2", NULL };
        g_autofree char *out = run_tool (argv, NULL);

        if (g_test_verbose ())
          g_printerr ("%s\n", out);
        for (guint j = 0; cases[i].expect[j] != NULL; j++)
          g_assert_nonnull (strstr (out, cases[i].expect[j]));
      }
    }
}

static void
test_sign_twice (void)
{
  PbSignatureOptions options = { .signing_time = signing_time, .reason = "Assessed" };
  g_autoptr(GBytes) once = sign_with (report_pdf, "signer.p12", &options);
  g_autoptr(GBytes) twice = NULL;
  g_autoptr(PbPdfValidation) validation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  PbPdfSignature *first, *second;
  PbPdfChange *change;

  if (!have_tool ("pdfsig") || !have_tool ("qpdf"))
    return;

  options.reason = "Reviewed";
  options.visible = TRUE;
  options.page_index = 0;
  options.x = 72;
  options.y = 72;
  options.width = 200;
  options.height = 60;
  twice = sign_with (once, "signer2.p12", &options);
  assert_prefix_unchanged (once, twice);
  path = write_work_file ("twice.pdf", twice);
  assert_pdfsig_valid (path, 2);
  assert_qpdf_check (path);

  validation = validate (twice, "ca.pem", &error);
  g_assert_no_error (error);
  g_assert_true (validation->valid);
  g_assert_cmpuint (validation->signatures->len, ==, 2);
  g_assert_cmpuint (validation->n_revisions, ==, 3);
  first = g_ptr_array_index (validation->signatures, 0);
  second = g_ptr_array_index (validation->signatures, 1);
  g_assert_true (second == pb_pdf_validation_get_newest (validation));
  g_assert_cmpstr (first->signer_name, ==, "Test Signer");
  g_assert_cmpstr (first->reason, ==, "Assessed");
  g_assert_cmpuint (first->revision, ==, 2);
  g_assert_cmpuint (first->covered_end, ==, g_bytes_get_size (once));
  g_assert_false (first->covers_whole_file);
  g_assert_true (first->valid);
  /* What came after the first: the second signature, nothing else. */
  g_assert_cmpuint (first->changes->len, ==, 1);
  change = g_ptr_array_index (first->changes, 0);
  g_assert_cmpint (change->kind, ==, PB_PDF_CHANGE_SIGNATURE);
  g_assert_true (change->allowed);
  g_assert_cmpuint (change->revision, ==, 3);
  g_assert_nonnull (strstr (change->description, "Second Signer"));
  g_assert_cmpstr (second->signer_name, ==, "Second Signer");
  g_assert_cmpstr (second->reason, ==, "Reviewed");
  g_assert_cmpuint (second->revision, ==, 3);
  g_assert_true (second->covers_whole_file);
  g_assert_cmpuint (second->changes->len, ==, 0);
}

static void
test_sign_indirect (void)
{
  PbSignatureOptions options = { .signing_time = signing_time, .reason = "Indirect" };
  g_autoptr(GBytes) pdf = make_indirect_pdf ();
  g_autoptr(GBytes) signed_pdf = NULL;
  g_autofree char *unsigned_path = NULL;
  g_autofree char *path = NULL;

  if (!have_tool ("pdfsig") || !have_tool ("qpdf"))
    return;

  unsigned_path = write_work_file ("indirect-before.pdf", pdf);
  assert_qpdf_check (unsigned_path);

  signed_pdf = sign_with (pdf, "signer.p12", &options);
  assert_prefix_unchanged (pdf, signed_pdf);
  path = write_work_file ("indirect.pdf", signed_pdf);
  assert_pdfsig_valid (path, 1);
  assert_qpdf_check (path);
  g_assert_true (is_valid (signed_pdf, "ca.pem"));

  {
    /* The widget (object 9, the old /Size) joined the existing lists. */
    const char *annots[] = { "qpdf", "--show-object=5", path, NULL };
    const char *fields[] = { "qpdf", "--show-object=8", path, NULL };
    g_autofree char *out_annots = run_tool (annots, NULL);
    g_autofree char *out_fields = run_tool (fields, NULL);

    g_assert_nonnull (strstr (out_annots, "[ 6 0 R 9 0 R ]"));
    g_assert_nonnull (strstr (out_fields, "[ 9 0 R ]"));
  }
}

/* A writer that understates /Size must not make us reuse object numbers. */
static void
test_sign_understated_size (void)
{
  PbSignatureOptions options = { .signing_time = signing_time };
  g_autoptr(GBytes) pdf = make_indirect_pdf_with_size (4);
  g_autoptr(GBytes) signed_pdf = sign_with (pdf, "signer.p12", &options);
  g_autofree char *path = write_work_file ("understated.pdf", signed_pdf);

  if (!have_tool ("pdfsig"))
    return;

  g_assert_true (is_valid (signed_pdf, "ca.pem"));
  g_assert_nonnull (find_last (g_bytes_get_data (signed_pdf, NULL), g_bytes_get_size (signed_pdf),
                               "/T (Signature9)"));
  assert_pdfsig_valid (path, 1);
}

static void
test_sign_refused (void)
{
  g_autoptr(PbSigner) signer = load_signer ("signer.p12");
  g_autofree char *report_path = write_work_file ("report.pdf", report_pdf);
  g_autofree char *xref_stream_path = g_build_filename (work_dir, "xref-stream.pdf", NULL);
  g_autoptr(GBytes) xref_stream_pdf = NULL;
  g_autofree char *encrypted_path = g_build_filename (work_dir, "encrypted.pdf", NULL);
  g_autoptr(GBytes) encrypted_pdf = NULL;
  g_autoptr(GBytes) truncated = g_bytes_new_from_bytes (report_pdf, 0, g_bytes_get_size (report_pdf) / 2);
  g_autoptr(GBytes) not_pdf = g_bytes_new_static ("Hello, this is not a PDF at all.\n", 33);
  g_autoptr(GBytes) bad_startxref = NULL;
  g_autoptr(GDateTime) late = g_date_time_add_years (signing_time, 30);
  g_autoptr(GDateTime) early = g_date_time_add_years (signing_time, -30);
  PbSignatureOptions now = { .signing_time = signing_time };
  PbSignatureOptions tiny = { .signing_time = signing_time, .contents_size = 1000 };
  PbSignatureOptions too_late = { .signing_time = late };
  PbSignatureOptions too_early = { .signing_time = early };
  PbSignatureOptions no_such_page = { .signing_time = signing_time, .page_index = 7 };

  if (!have_tool ("qpdf"))
    return;

  {
    const char *argv[] = { "qpdf", "--object-streams=generate", report_path, xref_stream_path, NULL };
    g_autofree char *out = run_tool (argv, NULL);
    g_autofree char *contents = NULL;
    gsize len;

    g_assert_true (g_file_get_contents (xref_stream_path, &contents, &len, NULL));
    xref_stream_pdf = g_bytes_new_take (g_steal_pointer (&contents), len);
  }
  {
    const char *argv[] = { "qpdf", "--encrypt", "user", "owner", "256", "--", report_path, encrypted_path, NULL };
    g_autofree char *out = run_tool (argv, NULL);
    g_autofree char *contents = NULL;
    gsize len;

    g_assert_true (g_file_get_contents (encrypted_path, &contents, &len, NULL));
    encrypted_pdf = g_bytes_new_take (g_steal_pointer (&contents), len);
  }
  {
    GByteArray *bytes = g_byte_array_new ();
    const char *data = g_bytes_get_data (report_pdf, NULL);
    const char *sx = find_last (data, g_bytes_get_size (report_pdf), "startxref");

    g_byte_array_append (bytes, (const guint8 *) data, g_bytes_get_size (report_pdf));
    g_assert_nonnull (sx);
    bytes->data[(sx - data) + 10] = '9';
    bad_startxref = g_byte_array_free_to_bytes (bytes);
  }

  {
    struct {
      const char               *name;
      GBytes                   *pdf;
      const PbSignatureOptions *options;
      int                       code;
    } cases[] = {
      { "xref-stream", xref_stream_pdf, &now, PB_SIGNING_ERROR_UNSUPPORTED_PDF },
      { "encrypted", encrypted_pdf, &now, PB_SIGNING_ERROR_UNSUPPORTED_PDF },
      { "truncated", truncated, &now, PB_SIGNING_ERROR_MALFORMED_PDF },
      { "not-pdf", not_pdf, &now, PB_SIGNING_ERROR_MALFORMED_PDF },
      { "bad-startxref", bad_startxref, &now, PB_SIGNING_ERROR_MALFORMED_PDF },
      { "placeholder", report_pdf, &tiny, PB_SIGNING_ERROR_PLACEHOLDER_TOO_SMALL },
      { "after-expiry", report_pdf, &too_late, PB_SIGNING_ERROR_CERT_EXPIRED },
      { "before-validity", report_pdf, &too_early, PB_SIGNING_ERROR_CERT_NOT_YET_VALID },
      { "no-such-page", report_pdf, &no_such_page, PB_SIGNING_ERROR_FAILED },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GBytes) out = NULL;

        g_test_message ("%s", cases[i].name);
        out = pb_pdf_sign (cases[i].pdf, signer, cases[i].options, &error);
        g_assert_error (error, PB_SIGNING_ERROR, cases[i].code);
        g_assert_null (out);
      }
  }

  {
    g_autoptr(PbPdfValidation) validation = NULL;
    g_autoptr(GError) error = NULL;

    validation = pb_pdf_validate (report_pdf, NULL, &error);
    g_assert_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_NO_SIGNATURE);
    g_assert_null (validation);
    g_clear_error (&error);

    validation = pb_pdf_validate (xref_stream_pdf, NULL, &error);
    g_assert_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_UNSUPPORTED_PDF);
    g_assert_null (validation);
    g_clear_error (&error);

    validation = pb_pdf_validate (truncated, NULL, &error);
    g_assert_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_MALFORMED_PDF);
    g_assert_null (validation);
  }
}

/* Every prefix of a signed file, cut anywhere: never a crash, never TRUE. */
static void
test_verify_truncations (void)
{
  PbSignatureOptions options = { .signing_time = signing_time };
  g_autoptr(GBytes) pdf = make_indirect_pdf ();
  g_autoptr(GBytes) signed_pdf = sign_with (pdf, "signer.p12", &options);
  gsize len = g_bytes_get_size (signed_pdf);

  for (gsize cut = 0; cut < len; cut += 1 + cut / 50)
    {
      g_autoptr(GBytes) part = g_bytes_new_from_bytes (signed_pdf, 0, cut);
      g_autoptr(GError) error = NULL;
      g_autoptr(PbPdfValidation) validation = validate (part, "ca.pem", &error);

      g_assert_true ((validation == NULL) != (error == NULL));
      g_assert_true (validation == NULL || !validation->valid);
    }
}

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* The worker-thread variants give the same bytes and answers, and honour
 * cancellation. */
static void
test_sign_async (void)
{
  PbSignatureOptions options = { .signing_time = signing_time, .reason = "Async" };
  g_autoptr(PbSigner) signer = load_signer ("signer.p12");
  g_autoptr(GBytes) expected = sign_with (report_pdf, "signer.p12", &options);
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autofree char *ca = pki_file ("ca.pem");
  g_autofree char *reason = g_strdup ("Async");
  g_autoptr(GAsyncResult) signed_result = NULL;
  g_autoptr(GAsyncResult) verify_result = NULL;
  g_autoptr(GAsyncResult) cancelled_result = NULL;
  g_autoptr(GBytes) signed_pdf = NULL;
  g_autoptr(GBytes) none = NULL;
  g_autoptr(PbPdfValidation) validation = NULL;
  g_autoptr(GBytes) trust = NULL;
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(GAsyncResult) load_result = NULL;
    g_autoptr(GAsyncResult) wrong_result = NULL;
    g_autoptr(PbSigner) loaded = NULL;
    g_autoptr(PbSigner) refused = NULL;
    g_autofree char *p12 = pki_file ("signer.p12");

    pb_signer_new_from_pkcs12_async (p12, PASSPHRASE, NULL, async_done_cb, &load_result);
    loaded = pb_signer_new_from_pkcs12_finish (wait_for (&load_result), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (pb_signer_get_fingerprint (loaded), ==, pb_signer_get_fingerprint (signer));

    pb_signer_new_from_pkcs12_async (p12, "wrong", NULL, async_done_cb, &wrong_result);
    refused = pb_signer_new_from_pkcs12_finish (wait_for (&wrong_result), &error);
    g_assert_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_WRONG_PASSPHRASE);
    g_assert_null (refused);
    g_clear_error (&error);
  }

  /* The options are copied: the caller's strings may go at once. */
  options.reason = reason;
  pb_pdf_sign_async (report_pdf, signer, &options, NULL, async_done_cb, &signed_result);
  g_clear_pointer (&reason, g_free);
  options.reason = NULL;
  signed_pdf = pb_pdf_sign_finish (wait_for (&signed_result), &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (signed_pdf, expected));

  {
    g_autofree char *contents = NULL;
    gsize len;
    PbValidationOptions validation_options = { .trust_name = "ca.pem" };

    g_assert_true (g_file_get_contents (ca, &contents, &len, NULL));
    trust = g_bytes_new_take (g_steal_pointer (&contents), len);
    validation_options.trust_pem = trust;
    pb_pdf_validate_async (signed_pdf, &validation_options, NULL, async_done_cb, &verify_result);
  }
  validation = pb_pdf_validate_finish (wait_for (&verify_result), &error);
  g_assert_no_error (error);
  g_assert_true (validation->valid);
  g_assert_cmpstr (pb_pdf_validation_get_newest (validation)->reason, ==, "Async");

  g_cancellable_cancel (cancelled);
  pb_pdf_sign_async (report_pdf, signer, &options, cancelled, async_done_cb, &cancelled_result);
  none = pb_pdf_sign_finish (wait_for (&cancelled_result), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (none);
}

/* Interoperability both ways with poppler's own signer: we verify its
 * signature (adbe.pkcs7.detached, indirect /AcroForm), then sign on top. */
static void
test_poppler_interop (void)
{
  g_autofree char *nssdir = g_build_filename (work_dir, "nss-poppler", NULL);
  g_autofree char *nss_arg = g_strdup_printf ("sql:%s", nssdir);
  g_autofree char *p12 = pki_file ("signer2.p12");
  g_autofree char *ca = pki_file ("ca.pem");
  g_autofree char *report_path = write_work_file ("poppler-input.pdf", report_pdf);
  g_autofree char *poppler_path = g_build_filename (work_dir, "poppler-signed.pdf", NULL);
  g_autofree char *both_path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) poppler_pdf = NULL;
  g_autoptr(GBytes) both = NULL;
  g_autoptr(PbPdfValidation) validation = NULL;
  g_autoptr(GError) error = NULL;
  PbSignatureOptions options = { .signing_time = signing_time, .reason = "On top of poppler" };
  PbPdfSignature *info;
  gsize len;

  if (!have_tool ("pdfsig") || !have_tool ("pk12util") || !have_tool ("certutil") || !have_tool ("qpdf"))
    return;

  {
    const char *mk[] = { "certutil", "-N", "-d", nss_arg, "--empty-password", NULL };
    const char *trust[] = { "certutil", "-A", "-d", nss_arg, "-n", "Probity Test Root CA", "-t", "CT,C,C", "-i", ca, NULL };
    const char *import[] = { "pk12util", "-i", p12, "-d", nss_arg, "-W", PASSPHRASE, NULL };
    const char *sign[] = { "pdfsig", "-add-signature", "-nssdir", nss_arg, "-nick", "Second Signer",
                           "-reason", "poppler", report_path, poppler_path, NULL };
    int status;

    g_assert_cmpint (g_mkdir_with_parents (nssdir, 0700), ==, 0);
    g_free (run_tool (mk, &status));
    g_assert_cmpint (status, ==, 0);
    g_free (run_tool (trust, &status));
    g_assert_cmpint (status, ==, 0);
    g_free (run_tool (import, &status));
    g_assert_cmpint (status, ==, 0);
    g_free (run_tool (sign, NULL));
  }

  g_assert_true (g_file_get_contents (poppler_path, &contents, &len, NULL));
  poppler_pdf = g_bytes_new_take (g_steal_pointer (&contents), len);

  validation = validate (poppler_pdf, "ca.pem", &error);
  g_assert_no_error (error);
  g_assert_true (validation->valid);
  info = pb_pdf_validation_get_newest (validation);
  g_assert_cmpstr (info->sub_filter, ==, "adbe.pkcs7.detached");
  g_assert_cmpstr (info->signer_name, ==, "Second Signer");
  g_assert_cmpstr (info->reason, ==, "poppler");
  g_clear_pointer (&validation, pb_pdf_validation_unref);

  both = sign_with (poppler_pdf, "signer.p12", &options);
  assert_prefix_unchanged (poppler_pdf, both);
  both_path = write_work_file ("poppler-and-probity.pdf", both);
  assert_qpdf_check (both_path);
  {
    g_autofree char *out = pdfsig (both_path);

    g_assert_cmpuint (count_occurrences (out, "Signature Validation: Signature is Valid."), ==, 2);
    g_assert_cmpuint (count_occurrences (out, "- Total document signed"), ==, 1);
    g_assert_cmpuint (count_occurrences (out, "Not total document signed"), ==, 1);
  }
  validation = validate (both, "ca.pem", &error);
  g_assert_no_error (error);
  g_assert_true (validation->valid);
  g_assert_cmpuint (validation->signatures->len, ==, 2);
  info = pb_pdf_validation_get_newest (validation);
  g_assert_cmpstr (info->signer_name, ==, "Test Signer");
  info = g_ptr_array_index (validation->signatures, 0);
  g_assert_cmpstr (info->signer_name, ==, "Second Signer");
  g_assert_cmpuint (info->changes->len, ==, 1);
  g_assert_cmpint (((PbPdfChange *) g_ptr_array_index (info->changes, 0))->kind, ==, PB_PDF_CHANGE_SIGNATURE);
}

/* Random damage to a signed file: an error, never a crash; and never a
 * valid signature unless only the (unsigned) /Contents string was hit.
 * Run under AddressSanitizer this also checks the parser. */
static void
test_verify_corrupted (void)
{
  PbSignatureOptions options = { .signing_time = signing_time };
  g_autoptr(GBytes) pdf = make_indirect_pdf ();
  g_autoptr(GBytes) signed_pdf = sign_with (pdf, "signer.p12", &options);
  g_autoptr(PbSigner) signer = load_signer ("signer.p12");
  g_autofree char *ca = pki_file ("ca.pem");
  static const char noise[] = "<>[]()/\\%0123456789 RobjendxrefstartxreftrailerPrevSize\n\r";
  gsize len = g_bytes_get_size (signed_pdf);
  const char *data = g_bytes_get_data (signed_pdf, NULL);
  gsize gap_start, gap_end;
  guint rejected = 0;

  gap_start = find_last (data, len, "/Contents <") - data + 10;
  gap_end = strchr (data + gap_start, '>') - data + 1;

  for (int round = 0; round < 300; round++)
    {
      g_autoptr(GByteArray) bytes = g_byte_array_new ();
      g_autoptr(GBytes) damaged = NULL;
      g_autoptr(GBytes) resigned = NULL;
      g_autoptr(PbPdfValidation) validation = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) sign_error = NULL;
      gboolean outside_gap = FALSE;
      int n = g_test_rand_int_range (1, 6);

      g_byte_array_append (bytes, (const guint8 *) data, len);
      for (int i = 0; i < n; i++)
        {
          gsize at = g_test_rand_int_range (0, len);
          char c = noise[g_test_rand_int_range (0, sizeof noise - 1)];

          outside_gap |= (at < gap_start || at >= gap_end) && bytes->data[at] != c;
          bytes->data[at] = c;
        }
      damaged = g_byte_array_free_to_bytes (g_steal_pointer (&bytes));

      validation = validate (damaged, "ca.pem", &error);
      g_assert_true ((validation == NULL) != (error == NULL));
      if (validation == NULL || !validation->valid)
        rejected++;
      else
        g_assert_false (outside_gap);

      resigned = pb_pdf_sign (damaged, signer, &options, &sign_error);
      g_assert_true ((resigned == NULL) != (sign_error == NULL));
    }

  g_assert_cmpuint (rejected, >, 250);
}

/* --- the attack corpus ---------------------------------------------------- */

/* Appends an incremental update that (re)defines objects: @bodies[i] is the
 * value of object @numbers[i]. The trailer keeps /Root, /Info and /ID. */
static GBytes *
append_update (GBytes             *pdf,
               guint               n,
               const gint64       *numbers,
               const char * const *bodies)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbPdfDocument) doc = pb_pdf_document_new (pdf, &error);
  GString *out = g_string_new (NULL);
  g_autofree gsize *offsets = g_new0 (gsize, n);
  gsize base = g_bytes_get_size (pdf);
  gint64 size;
  gsize xref;
  PbPdfObject *trailer;
  PbPdfObject *info, *id;
  const char *data = g_bytes_get_data (pdf, NULL);

  g_assert_no_error (error);
  trailer = pb_pdf_document_get_trailer (doc);
  size = pb_pdf_document_get_size (doc);
  g_string_append_len (out, data, base);
  for (guint i = 0; i < n; i++)
    {
      offsets[i] = out->len;
      g_string_append_printf (out, "%" G_GINT64_FORMAT " 0 obj\n%s\nendobj\n", numbers[i], bodies[i]);
      size = MAX (size, numbers[i] + 1);
    }
  xref = out->len;
  g_string_append (out, "xref\n");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, "%" G_GINT64_FORMAT " 1\n%010zu 00000 n\r\n", numbers[i], offsets[i]);
  g_string_append_printf (out, "trailer\n<< /Size %" G_GINT64_FORMAT " /Root %" G_GINT64_FORMAT " 0 R",
                          size, pb_pdf_dict_get (trailer, "Root")->integer);
  info = pb_pdf_dict_get (trailer, "Info");
  if (info != NULL)
    g_string_append_printf (out, " /Info %" G_GINT64_FORMAT " 0 R", info->integer);
  id = pb_pdf_dict_get (trailer, "ID");
  if (id != NULL)
    {
      g_string_append (out, " /ID ");
      g_string_append_len (out, data + id->start, id->end - id->start);
    }
  g_string_append_printf (out, " /Prev %zu >>\nstartxref\n%zu\n%%%%EOF\n",
                          pb_pdf_document_get_startxref (doc), xref);
  (void) base;
  return g_string_free_to_bytes (out);
}

/* The first page: its object number, its dictionary's text, and the
 * number of its content stream. */
static gint64
first_page (GBytes  *pdf,
            char   **page_text,
            gint64  *contents)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbPdfDocument) doc = pb_pdf_document_new (pdf, &error);
  g_autoptr(PbPdfObject) catalog = NULL;
  g_autoptr(PbPdfObject) pages = NULL;
  g_autoptr(PbPdfObject) kids = NULL;
  g_autoptr(PbPdfObject) page = NULL;
  PbPdfObject *page_ref;
  const char *data = g_bytes_get_data (pdf, NULL);

  g_assert_no_error (error);
  catalog = pb_pdf_document_resolve (doc, pb_pdf_dict_get (pb_pdf_document_get_trailer (doc), "Root"), &error);
  pages = pb_pdf_document_resolve (doc, pb_pdf_dict_get (catalog, "Pages"), &error);
  kids = pb_pdf_document_resolve (doc, pb_pdf_dict_get (pages, "Kids"), &error);
  g_assert_no_error (error);
  page_ref = g_ptr_array_index (kids->items, 0);
  page = pb_pdf_document_resolve (doc, page_ref, &error);
  g_assert_no_error (error);
  if (page_text != NULL)
    *page_text = g_strndup (data + page->start, page->end - page->start);
  if (contents != NULL)
    *contents = pb_pdf_dict_get (page, "Contents")->integer;
  return page_ref->integer;
}

static gint64
next_object_number (GBytes *pdf)
{
  g_autoptr(PbPdfDocument) doc = pb_pdf_document_new (pdf, NULL);

  g_assert_nonnull (doc);
  return pb_pdf_document_get_size (doc);
}

/* What an attacker's tool does: patch signed bytes (same length), then sign
 * the signature's byte range again with another key, writing the new CMS
 * over /Contents. Under faketime when @clock is given. */
static GBytes *
resign (GBytes     *pdf,
        const char *cert,
        const char *key,
        const char *extra_certs,
        const char *old_text,
        const char *new_text,
        const char *clock)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autofree char *content_path = g_build_filename (work_dir, "resign.content", NULL);
  g_autofree char *cms_path = g_build_filename (work_dir, "resign.der", NULL);
  g_autofree char *cert_path = pki_file (cert);
  g_autofree char *key_path = pki_file (key);
  g_autofree char *extra_path = extra_certs != NULL ? pki_file (extra_certs) : NULL;
  g_autofree char *der = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GString) content = g_string_new (NULL);
  const char *br;
  gsize a, b, c, d, der_len, gap_start, gap_end;
  int status;

  g_byte_array_append (bytes, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));
  if (old_text != NULL)
    {
      char *at = (char *) find_last ((const char *) bytes->data, bytes->len, old_text);

      g_assert_nonnull (at);
      g_assert_cmpuint (strlen (old_text), ==, strlen (new_text));
      memcpy (at, new_text, strlen (new_text));
    }

  br = find_last ((const char *) bytes->data, bytes->len, "/ByteRange [");
  g_assert_cmpint (sscanf (br, "/ByteRange [%zu %zu %zu %zu]", &a, &b, &c, &d), ==, 4);
  g_string_append_len (content, (const char *) bytes->data + a, b);
  g_string_append_len (content, (const char *) bytes->data + c, d);
  g_assert_true (g_file_set_contents (content_path, content->str, content->len, NULL));

  if (clock != NULL)
    {
      g_ptr_array_add (argv, "faketime");
      g_ptr_array_add (argv, (char *) clock);
    }
  for (const char * const *arg = (const char * const[]) { "openssl", "cms", "-sign", "-binary", "-nosmimecap",
                                                          "-md", "sha256", "-outform", "DER", NULL };
       *arg != NULL; arg++)
    g_ptr_array_add (argv, (char *) *arg);
  g_ptr_array_add (argv, "-in");
  g_ptr_array_add (argv, content_path);
  g_ptr_array_add (argv, "-signer");
  g_ptr_array_add (argv, cert_path);
  g_ptr_array_add (argv, "-inkey");
  g_ptr_array_add (argv, key_path);
  if (extra_path != NULL)
    {
      g_ptr_array_add (argv, "-certfile");
      g_ptr_array_add (argv, extra_path);
    }
  g_ptr_array_add (argv, "-out");
  g_ptr_array_add (argv, cms_path);
  g_ptr_array_add (argv, NULL);
  out = run_tool ((const char * const *) argv->pdata, &status);
  g_assert_cmpint (status, ==, 0);

  /* The CMS goes into the /Contents string, wherever the range says. */
  g_assert_true (g_file_get_contents (cms_path, &der, &der_len, NULL));
  gap_start = find_last ((const char *) bytes->data, bytes->len, "/Contents <") + 11 - (const char *) bytes->data;
  gap_end = (const guint8 *) strchr ((const char *) bytes->data + gap_start, '>') - bytes->data;
  g_assert_cmpuint (2 * der_len, <=, gap_end - gap_start);
  for (gsize i = 0; i < gap_end - gap_start; i++)
    {
      static const char hex[] = "0123456789ABCDEF";
      guint8 byte = i / 2 < der_len ? (guint8) der[i / 2] : 0;

      bytes->data[gap_start + i] = hex[i % 2 == 0 ? byte >> 4 : byte & 0xF];
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

/* Overwrites @len bytes at the last occurrence of @needle + @skip. */
static GBytes *
patch_bytes (GBytes     *pdf,
             const char *needle,
             gsize       skip,
             const char *replacement)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  char *at;

  g_byte_array_append (bytes, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));
  at = (char *) find_last ((const char *) bytes->data, bytes->len, needle);
  g_assert_nonnull (at);
  memcpy (at + skip, replacement, strlen (replacement));
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

static GBytes *
attack_page_overwritten (GBytes *base)
{
  gint64 contents;
  g_autofree char *stream = NULL;
  const char *draw = "q 1 1 1 rg 0 0 595 842 re f Q BT /F1 28 Tf 72 700 Td (APPROVED: PROCEED) Tj ET";

  first_page (base, NULL, &contents);
  stream = g_strdup_printf ("<< /Length %zu >>\nstream\n%s\nendstream", strlen (draw), draw);
  return append_update (base, 1, &contents, (const char *[]) { stream });
}

static GBytes *
attack_page_overwritten_then_signed (GBytes *base)
{
  PbSignatureOptions options = { .signing_time = signing_time, .reason = "Countersigned" };
  g_autoptr(GBytes) changed = attack_page_overwritten (base);

  return sign_with (changed, "signer2.p12", &options);
}

static GBytes *
attack_annotation_added (GBytes *base)
{
  g_autofree char *page_text = NULL;
  g_autofree char *new_page = NULL;
  g_autofree char *annot = NULL;
  gint64 page = first_page (base, &page_text, NULL);
  gint64 number = next_object_number (base);
  char *annots;

  /* The page with its /Annots replaced: a note over the verdict. */
  annots = strstr (page_text, "/Annots");
  g_assert_nonnull (annots);
  annots = strchr (annots, '[');
  *annots = '\0';
  new_page = g_strdup_printf ("%s[%" G_GINT64_FORMAT " 0 R %s", page_text, number, annots + 1);
  annot = g_strdup ("<< /Type /Annot /Subtype /FreeText /Rect [72 600 500 700] /Contents (PROCEED) /DA (/Helv 24 Tf 0 g) >>");
  return append_update (base, 2, (gint64[]) { page, number }, (const char *[]) { new_page, annot });
}

static GBytes *
attack_fields_removed (GBytes *base)
{
  g_autoptr(PbPdfDocument) doc = pb_pdf_document_new (base, NULL);
  g_autoptr(PbPdfObject) catalog = NULL;
  PbPdfObject *root = pb_pdf_dict_get (pb_pdf_document_get_trailer (doc), "Root");
  const char *data = g_bytes_get_data (base, NULL);
  GString *text = g_string_new ("<<");

  catalog = pb_pdf_document_resolve (doc, root, NULL);
  for (guint i = 0; i < catalog->items->len; i += 2)
    {
      PbPdfObject *key = g_ptr_array_index (catalog->items, i);
      PbPdfObject *value = g_ptr_array_index (catalog->items, i + 1);

      if (g_str_equal (key->name, "AcroForm"))
        continue;
      g_string_append_printf (text, " /%s ", key->name);
      g_string_append_len (text, data + value->start, value->end - value->start);
    }
  g_string_append (text, " >>");
  {
    g_autofree char *body = g_string_free (text, FALSE);

    return append_update (base, 1, &root->integer, (const char *[]) { body });
  }
}

static GBytes *
attack_empty_signature_field (GBytes *base)
{
  g_autofree char *page_text = NULL;
  g_autofree char *new_page = NULL;
  g_autoptr(PbPdfDocument) doc = pb_pdf_document_new (base, NULL);
  g_autoptr(PbPdfObject) catalog = pb_pdf_document_resolve (doc, pb_pdf_dict_get (pb_pdf_document_get_trailer (doc), "Root"), NULL);
  PbPdfObject *form = pb_pdf_dict_get (catalog, "AcroForm");
  PbPdfObject *fields = pb_pdf_dict_get (form, "Fields");
  const char *data = g_bytes_get_data (base, NULL);
  gint64 page = first_page (base, &page_text, NULL);
  gint64 number = next_object_number (base);
  g_autofree char *old_fields = g_strndup (data + fields->start + 1, fields->end - fields->start - 2);
  g_autofree char *old_catalog = g_strndup (data + catalog->start, form->start - catalog->start);
  g_autofree char *new_catalog = NULL;
  g_autofree char *widget = NULL;
  g_autofree char *appearance = NULL;
  char *annots;

  /* A form dictionary that is inline in the catalog, as ours writes it. */
  g_assert_cmpint (form->kind, ==, PB_PDF_DICT);
  new_catalog = g_strdup_printf ("%s<< /Fields [%s %" G_GINT64_FORMAT " 0 R] /SigFlags 3 >> >>",
                                 old_catalog, old_fields, number);
  annots = strchr (strstr (page_text, "/Annots"), '[');
  *annots = '\0';
  new_page = g_strdup_printf ("%s[%" G_GINT64_FORMAT " 0 R %s", page_text, number, annots + 1);
  widget = g_strdup_printf ("<< /Type /Annot /Subtype /Widget /FT /Sig /T (Approval) /F 4 /P %" G_GINT64_FORMAT " 0 R"
                            " /Rect [72 600 500 700] /AP << /N %" G_GINT64_FORMAT " 0 R >> >>", page, number + 1);
  appearance = g_strdup ("<< /Type /XObject /Subtype /Form /BBox [0 0 428 100] /Length 33 >>\n"
                         "stream\n1 1 1 rg 0 0 428 100 re f 0 g\nendstream");
  return append_update (base, 4,
                        (gint64[]) { pb_pdf_dict_get (pb_pdf_document_get_trailer (doc), "Root")->integer, page, number, number + 1 },
                        (const char *[]) { new_catalog, new_page, widget, appearance });
}

static GBytes *
attack_appended_bytes (GBytes *base)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  static const char junk[] = "\n1 0 obj\n<< /Type /Catalog >>\nendobj\n";

  g_byte_array_append (bytes, g_bytes_get_data (base, NULL), g_bytes_get_size (base));
  g_byte_array_append (bytes, (const guint8 *) junk, sizeof junk - 1);
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

/* The /ByteRange rewritten to leave the file's last bytes unsigned, and
 * signed again over that range. */
static GBytes *
attack_byte_range_short (GBytes *base)
{
  const char *data = g_bytes_get_data (base, NULL);
  const char *br = find_last (data, g_bytes_get_size (base), "/ByteRange [");
  g_autofree char *old_range = NULL;
  g_autofree char *new_range = NULL;
  gsize a, b, c, d;

  g_assert_cmpint (sscanf (br, "/ByteRange [%zu %zu %zu %zu]", &a, &b, &c, &d), ==, 4);
  old_range = g_strndup (br, strchr (br, ']') - br + 1);
  new_range = g_strdup_printf ("/ByteRange [%zu %zu %zu %zu]", a, b, c, d - 40);
  while (strlen (new_range) < strlen (old_range))
    {
      g_autofree char *padded = g_strconcat (new_range, " ", NULL);

      g_free (new_range);
      new_range = g_steal_pointer (&padded);
    }
  return resign (base, "signer.pem", "signer.key", "ca.pem", old_range, new_range, NULL);
}

/* The gap grows to take in the "/Contents " key before the string. */
static GBytes *
attack_byte_range_wide_gap (GBytes *base)
{
  const char *data = g_bytes_get_data (base, NULL);
  const char *br = find_last (data, g_bytes_get_size (base), "/ByteRange [");
  g_autofree char *old_range = NULL;
  g_autofree char *new_range = NULL;
  gsize a, b, c, d;

  g_assert_cmpint (sscanf (br, "/ByteRange [%zu %zu %zu %zu]", &a, &b, &c, &d), ==, 4);
  old_range = g_strndup (br, strchr (br, ']') - br + 1);
  new_range = g_strdup_printf ("/ByteRange [%zu %zu %zu %zu]", a, b - 10, c, d);
  g_assert_cmpuint (strlen (new_range), <=, strlen (old_range));
  while (strlen (new_range) < strlen (old_range))
    {
      g_autofree char *padded = g_strconcat (new_range, " ", NULL);

      g_free (new_range);
      new_range = g_steal_pointer (&padded);
    }
  return resign (base, "signer.pem", "signer.key", "ca.pem", old_range, new_range, NULL);
}

static GBytes *
attack_garbage_contents (GBytes *base)
{
  return patch_bytes (base, "/Contents <", 11, "3082DEADBEEF0123456789ABCDEF0123456789ABCDEF");
}

static GBytes *
attack_digest_mismatch (GBytes *base)
{
  return patch_bytes (base, "Attack corpus", 0, "Attack c0rpus");
}

static GBytes *
attack_tls_server_signer (GBytes *base)
{
  return resign (base, "tls.pem", "signer.key", "ca.pem", NULL, NULL, NULL);
}

static GBytes *
attack_ca_signer (GBytes *base)
{
  return resign (base, "ca.pem", "ca.key", NULL, NULL, NULL, NULL);
}

static GBytes *
attack_self_signed_signer (GBytes *base)
{
  return resign (base, "self-signed.pem", "signer.key", NULL, NULL, NULL, NULL);
}

/* A key that expired in 2021, its signature dated back into its validity:
 * /M and the CMS signing time both say 2020. */
static GBytes *
attack_expired_m_set_back (GBytes *base)
{
  const char *data = g_bytes_get_data (base, NULL);
  const char *m = find_last (data, g_bytes_get_size (base), "/M (D:");
  g_autofree char *old_m = g_strndup (m, 20);

  return resign (base, "expired.pem", "signer.key", "ca.pem", old_m, "/M (D:20200601120000", "2020-06-01 12:00:00");
}

static GBytes *
attack_truncated (GBytes *base)
{
  return g_bytes_new_from_bytes (base, 0, g_bytes_get_size (base) - 300);
}

static GBytes *
attack_twice_signed (GBytes *base)
{
  PbSignatureOptions options = { .signing_time = signing_time, .reason = "Second opinion" };

  return sign_with (base, "signer2.p12", &options);
}

typedef GBytes *(*AttackFunc) (GBytes *base);

typedef struct
{
  const char *name;
  AttackFunc  make;
  const char *tool;           /* needed beyond pdfsig, or NULL */
  /* pdfsig's verdict, as lines it prints (NULL-terminated), and how many
   * signatures it calls valid and trusted. */
  const char *pdfsig_says[4];
  /* Ours: NULL when it is valid; else the error code (-1: a verdict) and
   * the check that fails for signature 1. */
  gboolean    valid;
  int         error_code;
  PbSignatureCheck failed;
  /* Why ours is stricter than pdfsig, when it is. */
  const char *stricter_because;
} Attack;

static const Attack attacks[] = {
  { "intact", NULL, NULL,
    { "Signature is Valid.", "Certificate is Trusted.", "Total document signed", NULL },
    TRUE, -1, 0, NULL },
  { "twice-signed", attack_twice_signed, NULL,
    { "Signature #2", "Not total document signed", NULL },
    TRUE, -1, 0, NULL },
  { "page-overwritten-then-signed", attack_page_overwritten_then_signed, NULL,
    { "Signature #2", "Not total document signed", "Signature is Valid.", NULL },
    FALSE, -1, PB_SIGNATURE_CHECK_CHANGES,
    "pdfsig checks the bytes of each revision only; the first signer never saw the new page" },
  { "page-overwritten", attack_page_overwritten, NULL,
    { "Not total document signed", "Signature is Valid.", NULL },
    FALSE, -1, PB_SIGNATURE_CHECK_CHANGES,
    "the unsigned update changes page content the signer signed" },
  { "annotation-added", attack_annotation_added, NULL,
    { "Not total document signed", "Signature is Valid.", NULL },
    FALSE, -1, PB_SIGNATURE_CHECK_CHANGES,
    "an annotation drawn over the signed page after signing is not a signature" },
  { "empty-signature-field", attack_empty_signature_field, NULL,
    { "Not total document signed", "Signature is Valid.", NULL },
    FALSE, -1, PB_SIGNATURE_CHECK_CHANGES,
    "a signature field that holds no signature signs nothing, and its appearance covers the page" },
  { "fields-removed", attack_fields_removed, NULL,
    { "Not total document signed", "Signature is Valid.", NULL },
    FALSE, -1, PB_SIGNATURE_CHECK_CHANGES,
    "the form that lists the signature was removed after signing" },
  { "appended-bytes", attack_appended_bytes, NULL,
    { "Not total document signed", "Signature is Valid.", NULL },
    FALSE, -1, PB_SIGNATURE_CHECK_CHANGES,
    "bytes after the signed revision that belong to no revision could be read by a lenient reader" },
  { "byte-range-short", attack_byte_range_short, "openssl",
    { "Not total document signed", "Signature is Valid.", NULL },
    FALSE, -1, PB_SIGNATURE_CHECK_BYTE_RANGE,
    "the signed bytes end where no revision ends, so what was signed is not a document" },
  { "byte-range-wide-gap", attack_byte_range_wide_gap, "openssl",
    { "Not total document signed", "Signature is Valid.", NULL },
    FALSE, -1, PB_SIGNATURE_CHECK_BYTE_RANGE,
    "bytes outside /Contents are left unsigned and could be changed at will" },
  { "garbage-contents", attack_garbage_contents, NULL,
    { "Signature Validation:", NULL },
    FALSE, -1, PB_SIGNATURE_CHECK_DIGEST, NULL },
  { "digest-mismatch", attack_digest_mismatch, NULL,
    { "Digest Mismatch.", NULL },
    FALSE, -1, PB_SIGNATURE_CHECK_DIGEST, NULL },
  { "tls-server-signer", attack_tls_server_signer, "openssl",
    { "Signature is Valid.", "Unknown issue with Certificate or corrupted data.", NULL },
    FALSE, -1, PB_SIGNATURE_CHECK_CERT_USAGE, NULL },
  { "ca-signer", attack_ca_signer, "openssl",
    { "Signature is Valid.", "Unknown issue with Certificate or corrupted data.", NULL },
    FALSE, -1, PB_SIGNATURE_CHECK_CERT_USAGE, NULL },
  { "self-signed-signer", attack_self_signed_signer, "openssl",
    { "Signature is Valid.", "Certificate issuer is unknown.", NULL },
    FALSE, -1, PB_SIGNATURE_CHECK_CERT_USAGE, NULL },
  { "expired-signer-m-set-back", attack_expired_m_set_back, "faketime",
    { "Signing Time: Jun 01 2020", "Certificate has Expired", NULL },
    FALSE, -1, PB_SIGNATURE_CHECK_CHAIN, NULL },
  { "truncated", attack_truncated, NULL,
    { NULL },
    FALSE, PB_SIGNING_ERROR_MALFORMED_PDF, 0, NULL },
};

static void
test_verify_attacks (void)
{
  PbSignatureOptions options = { .signing_time = signing_time, .reason = "Attack corpus" };
  g_autoptr(GBytes) base = NULL;

  if (!have_tool ("pdfsig") || !have_tool ("openssl"))
    return;

  base = sign_with (report_pdf, "signer.p12", &options);

  for (guint i = 0; i < G_N_ELEMENTS (attacks); i++)
    {
      const Attack *attack = &attacks[i];
      g_autoptr(GBytes) pdf = NULL;
      g_autoptr(PbPdfValidation) validation = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strconcat ("attack-", attack->name, ".pdf", NULL);
      g_autofree char *path = NULL;
      g_autofree char *out = NULL;

      if (attack->tool != NULL)
        {
          g_autofree char *tool = g_find_program_in_path (attack->tool);

          if (tool == NULL)
            {
              g_test_message ("%s: skipped, %s is not installed", attack->name, attack->tool);
              continue;
            }
        }

      pdf = attack->make != NULL ? attack->make (base) : g_bytes_ref (base);
      path = write_work_file (name, pdf);
      out = pdfsig (path);
      g_test_message ("%s: pdfsig says\n%s", attack->name, out);
      for (guint j = 0; attack->pdfsig_says[j] != NULL; j++)
        g_assert_nonnull (strstr (out, attack->pdfsig_says[j]));

      validation = validate (pdf, "ca.pem", &error);
      if (attack->error_code >= 0)
        {
          g_assert_error (error, PB_SIGNING_ERROR, attack->error_code);
          g_assert_null (validation);
          continue;
        }
      g_assert_no_error (error);
      g_test_message ("%s: ours says %s%s%s", attack->name, validation->valid ? "valid" : "NOT valid",
                      validation->problem != NULL ? ": " : "", validation->problem != NULL ? validation->problem : "");
      g_assert_cmpint (validation->valid, ==, attack->valid);
      if (!attack->valid)
        {
          PbPdfSignature *first = g_ptr_array_index (validation->signatures, 0);

          g_assert_nonnull (validation->problem);
          g_assert_false (first->valid);
          g_assert_cmpint (first->checks[attack->failed], ==, PB_CHECK_FAILED);
          g_assert_nonnull (first->details[attack->failed]);
          if (attack->make == attack_expired_m_set_back)
            {
              g_autoptr(GDateTime) then = g_date_time_new_utc (2020, 6, 1, 12, 0, 0);
              g_autoptr(PbPdfValidation) at_then = NULL;
              PbPdfSignature *signature;

              /* Never at the claimed /M: at now, unless a caller vouches for a time. */
              g_assert_cmpint (first->validation_time_source, ==, PB_VALIDATION_TIME_NOW);
              g_assert_cmpint (g_date_time_get_year (first->claimed_time), ==, 2020);
              at_then = validate_at (pdf, "ca.pem", then, &error);
              g_assert_no_error (error);
              signature = pb_pdf_validation_get_newest (at_then);
              g_assert_cmpint (signature->validation_time_source, ==, PB_VALIDATION_TIME_CALLER);
              g_assert_true (g_date_time_equal (signature->validation_time, then));
              /* The test CA was made today: in 2020 it did not exist yet. */
              g_assert_cmpint (signature->checks[PB_SIGNATURE_CHECK_CHAIN], ==, PB_CHECK_FAILED);
              g_assert_nonnull (strstr (signature->details[PB_SIGNATURE_CHECK_CHAIN], "not yet valid"));
              g_assert_nonnull (strstr (signature->validation_time_reason, "the test's time"));
            }
          /* A stricter verdict than pdfsig's is stated, not silent. */
          if (attack->stricter_because != NULL)
            g_test_message ("%s: stricter than pdfsig because %s", attack->name, attack->stricter_because);
        }
    }
}

/* The digest of two ranges, from the pass the signatures share, is that
 * of the bytes themselves: ranges that start and end on either side of
 * the pass's 64 KiB steps, a first range that does not start at 0, and
 * several algorithms on one file. */
static void
test_verify_range_digest (void)
{
  static const struct { gsize start, len, tail, tail_len; } ranges[] = {
    { 0, 0, 0, 0 },
    { 0, 1, 2, 10 },
    { 0, 65535, 65536, 1 },
    { 0, 65536, 65537, 65536 },
    { 0, 65537, 200000, 100000 },
    { 0, 300000, 300000, 0 },
    { 0, 131072, 131072, 168928 },
    { 17, 70000, 90000, 5 },
  };
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autoptr(PbRangeDigest) digest = NULL;
  g_autoptr(EVP_MD_CTX) over = NULL;
  g_autoptr(GError) error = NULL;
  GRand *rand = g_rand_new_with_seed (16);

  for (guint i = 0; i < 300000; i++)
    {
      guint8 byte = g_rand_int (rand) & 0xff;

      g_byte_array_append (data, &byte, 1);
    }
  g_rand_free (rand);

  digest = pb_range_digest_new (data->data, data->len, 10 * 1000 * 1000);
  for (guint m = 0; m < 2; m++)
    for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
      {
        const EVP_MD *md = m == 0 ? EVP_sha256 () : EVP_sha512 ();
        g_autoptr(EVP_MD_CTX) ctx = pb_range_digest_get (digest, md, ranges[i].start, ranges[i].len,
                                                         ranges[i].tail, ranges[i].tail_len, &error);
        g_autoptr(EVP_MD_CTX) direct = EVP_MD_CTX_new ();
        guint8 got[EVP_MAX_MD_SIZE], expected[EVP_MAX_MD_SIZE];
        unsigned int got_len, expected_len;

        g_assert_no_error (error);
        g_assert_nonnull (ctx);
        g_assert_cmpint (EVP_DigestFinal_ex (ctx, got, &got_len), ==, 1);
        g_assert_cmpint (EVP_DigestInit_ex (direct, md, NULL), ==, 1);
        EVP_DigestUpdate (direct, data->data + ranges[i].start, ranges[i].len);
        EVP_DigestUpdate (direct, data->data + ranges[i].tail, ranges[i].tail_len);
        g_assert_cmpint (EVP_DigestFinal_ex (direct, expected, &expected_len), ==, 1);
        g_assert_cmpmem (got, got_len, expected, expected_len);
      }
  /* A pass per algorithm, and what the ranges added: 64 KiB at most
   * before each first range's end, and the tails. */
  g_assert_cmpuint (pb_range_digest_get_n_hashed (digest), <, 2 * data->len + 16 * 65536 + 2 * 400000);

  /* What is left of the budget is spent; then the digest is refused. */
  while ((over = pb_range_digest_get (digest, EVP_sha256 (), 0, 1, 0, data->len, &error)) != NULL)
    g_clear_pointer (&over, EVP_MD_CTX_free);
  g_assert_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "slow to check"));
}

/* @base with @n signature fields added in one update, each a copy of its
 * own signature whose /ByteRange covers nearly the whole file, and
 * @padding bytes that the ranges cover too. */
static GBytes *
add_copied_signatures (GBytes *base,
                       guint   n,
                       gsize   padding_size)
{
  g_autoptr(PbPdfDocument) doc = pb_pdf_document_new (base, NULL);
  g_autoptr(PbPdfObject) catalog = NULL;
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) numbers = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GString) fields = g_string_new (NULL);
  g_autoptr(GString) padding = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *data = g_bytes_get_data (base, NULL);
  gsize base_len = g_bytes_get_size (base);
  const char *hex = find_last (data, base_len, "/Contents <") + 10;
  const char *hex_end = memchr (hex, '>', data + base_len - hex);
  gint64 root = pb_pdf_dict_get (pb_pdf_document_get_trailer (doc), "Root")->integer;
  gint64 next = pb_pdf_document_get_size (doc);

  catalog = pb_pdf_document_resolve (doc, pb_pdf_dict_get (pb_pdf_document_get_trailer (doc), "Root"), &error);
  g_assert_no_error (error);

  while (padding->len < padding_size)
    g_string_append (padding, "% padding that every copied signature covers\n");
  g_array_append_val (numbers, next);
  g_ptr_array_add (bodies, g_strdup_printf ("<< /Length %" G_GSIZE_FORMAT " >>\nstream\n%s\nendstream",
                                            padding->len, padding->str));
  for (guint i = 0; i < n; i++)
    {
      gint64 field = next + 1 + 2 * i, sig = next + 2 + 2 * i;

      g_string_append_printf (fields, " %" G_GINT64_FORMAT " 0 R", field);
      g_array_append_val (numbers, field);
      g_ptr_array_add (bodies, g_strdup_printf ("<< /FT /Sig /T (Copy%u) /V %" G_GINT64_FORMAT " 0 R >>", i, sig));
      g_array_append_val (numbers, sig);
      g_ptr_array_add (bodies, g_strdup_printf ("<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached "
                                                "/ByteRange [0 1 2 %" G_GSIZE_FORMAT "] /Contents %.*s >>",
                                                base_len + padding->len - 2, (int) (hex_end + 1 - hex), hex));
    }
  g_array_append_val (numbers, root);
  g_ptr_array_add (bodies, g_strdup_printf ("<< /Type /Catalog /Pages %" G_GINT64_FORMAT " 0 R "
                                            "/AcroForm << /Fields [%s] /SigFlags 3 >> >>",
                                            pb_pdf_dict_get (catalog, "Pages")->integer, fields->str));
  return append_update (base, numbers->len, (const gint64 *) (gpointer) numbers->data,
                        (const char * const *) bodies->pdata);
}

/* 60 copies of the file's signature, each covering 2 MB more: made so
 * that checking it hashes the file 60 times over. Their digests stop at
 * the budget, and say why. */
static void
test_verify_slow_ranges (void)
{
  PbSignatureOptions options = { .signing_time = signing_time, .reason = "Slow ranges" };
  g_autoptr(GBytes) base = sign_with (report_pdf, "signer.p12", &options);
  g_autoptr(GBytes) pdf = add_copied_signatures (base, 60, 2 * 1000 * 1000);
  g_autoptr(PbPdfValidation) validation = NULL;
  g_autoptr(GError) error = NULL;
  guint n_budget = 0;

  validation = validate (pdf, "ca.pem", &error);
  g_assert_no_error (error);
  g_assert_false (validation->valid);
  g_assert_cmpuint (validation->signatures->len, >, 1);
  for (guint i = 0; i < validation->signatures->len; i++)
    {
      PbPdfSignature *signature = g_ptr_array_index (validation->signatures, i);
      const char *detail = signature->details[PB_SIGNATURE_CHECK_DIGEST];

      if (detail != NULL && strstr (detail, "slow to check") != NULL)
        n_budget++;
    }
  g_test_message ("%u of %u signatures not hashed: %s", n_budget, validation->signatures->len, validation->problem);
  g_assert_cmpuint (n_budget, >, 0);
}

/* 64 signatures are checked; a 65th is not left out in silence (the
 * oldest would be, and the file called checked). */
static void
test_verify_too_many (void)
{
  PbSignatureOptions options = { .signing_time = signing_time, .reason = "Too many" };
  g_autoptr(GBytes) base = sign_with (report_pdf, "signer.p12", &options);
  g_autoptr(GBytes) most = add_copied_signatures (base, 63, 0);
  g_autoptr(GBytes) too_many = add_copied_signatures (base, 64, 0);
  g_autoptr(PbPdfValidation) validation = NULL;
  g_autoptr(GError) error = NULL;

  validation = validate (most, "ca.pem", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (validation->signatures->len, ==, 64);
  g_clear_pointer (&validation, pb_pdf_validation_unref);

  validation = validate (too_many, "ca.pem", &error);
  g_assert_null (validation);
  g_assert_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_UNSUPPORTED_PDF);
  g_assert_nonnull (strstr (error->message, "more than 64 signatures"));
}

/* --- time-stamps (PAdES B-T) --------------------------------------------- */

/* Starts tests/tsa-server.py on a loopback port; returns its TSA's URL
 * (its OCSP responder and CRL are beside it). */
static char *
start_tsa (const char *mode,
           GPid       *pid)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "tsa-server.py", NULL);
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "/usr/bin/python3", script, pki_dir, mode, NULL };
  char port[16] = "";
  int out_fd = -1;
  gsize n = 0;

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            pid, NULL, &out_fd, NULL, &error);
  g_assert_no_error (error);
  while (n < sizeof port - 1)
    {
      char c;

      if (read (out_fd, &c, 1) != 1 || c == '\n')
        break;
      port[n++] = c;
    }
  close (out_fd);
  g_assert_cmpuint (n, >, 0);
  return g_strdup_printf ("http://127.0.0.1:%s/tsa", port);
}

static void
stop_tsa (GPid pid)
{
  kill (pid, SIGTERM);
  waitpid (pid, NULL, 0);
  g_spawn_close_pid (pid);
}

/* The signature time-stamp token of the newest signature, and the SHA-256
 * of the signature value it must cover. */
static GBytes *
extract_timestamp_token (GBytes *signed_pdf,
                         char  **imprint_hex)
{
  const char *data = g_bytes_get_data (signed_pdf, NULL);
  gsize len = g_bytes_get_size (signed_pdf);
  const char *contents = find_last (data, len, "/Contents <") + 11;
  g_autoptr(GByteArray) der = g_byte_array_new ();
  const unsigned char *p;
  CMS_ContentInfo *cms;
  CMS_SignerInfo *si;
  X509_ATTRIBUTE *attr;
  ASN1_TYPE *value;
  ASN1_OCTET_STRING *signature;
  GBytes *token;

  for (const char *c = contents; *c != '>'; c += 2)
    {
      guint8 byte = g_ascii_xdigit_value (c[0]) * 16 + g_ascii_xdigit_value (c[1]);

      g_byte_array_append (der, &byte, 1);
    }
  p = der->data;
  cms = d2i_CMS_ContentInfo (NULL, &p, der->len);
  g_assert_nonnull (cms);
  si = sk_CMS_SignerInfo_value (CMS_get0_SignerInfos (cms), 0);
  attr = CMS_unsigned_get_attr (si, CMS_unsigned_get_attr_by_NID (si, NID_id_smime_aa_timeStampToken, -1));
  g_assert_nonnull (attr);
  value = X509_ATTRIBUTE_get0_type (attr, 0);
  token = g_bytes_new (value->value.sequence->data, value->value.sequence->length);
  signature = CMS_SignerInfo_get0_signature (si);
  *imprint_hex = g_compute_checksum_for_data (G_CHECKSUM_SHA256, ASN1_STRING_get0_data (signature),
                                              ASN1_STRING_length (signature));
  CMS_ContentInfo_free (cms);
  return token;
}

static void
test_sign_timestamped (void)
{
  PbSignatureOptions options = { .reason = "Time-stamped" };
  g_autoptr(GBytes) signed_pdf = NULL;
  g_autoptr(GBytes) token = NULL;
  g_autoptr(PbPdfValidation) validation = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *url = NULL;
  g_autofree char *path = NULL;
  g_autofree char *imprint = NULL;
  g_autofree char *token_path = g_build_filename (work_dir, "token.tst", NULL);
  g_autofree char *ca = pki_file ("ca.pem");
  g_autofree char *tsa_pem = pki_file ("tsa.pem");
  PbPdfSignature *signature;
  GPid pid;

  if (!have_tool ("pdfsig") || !have_tool ("qpdf") || !have_tool ("openssl"))
    return;

  url = start_tsa ("ok", &pid);
  options.tsa_url = url;
  signed_pdf = sign_with (report_pdf, "signer.p12", &options);
  stop_tsa (pid);

  path = write_work_file ("timestamped.pdf", signed_pdf);
  assert_pdfsig_valid (path, 1);
  assert_qpdf_check (path);

  /* The token on its own, checked by OpenSSL's time-stamp verifier. */
  token = extract_timestamp_token (signed_pdf, &imprint);
  g_assert_true (g_file_set_contents (token_path, g_bytes_get_data (token, NULL), g_bytes_get_size (token), NULL));
  {
    const char *argv[] = { "openssl", "ts", "-verify", "-token_in", "-in", token_path, "-digest", imprint,
                           "-CAfile", ca, "-untrusted", tsa_pem, NULL };
    int status;
    g_autofree char *out = run_tool (argv, &status);

    g_assert_nonnull (strstr (out, "Verification: OK"));
    g_assert_cmpint (status, ==, 0);
  }

  validation = validate (signed_pdf, "ca.pem", &error);
  g_assert_no_error (error);
  g_assert_true (validation->valid);
  signature = pb_pdf_validation_get_newest (validation);
  g_assert_cmpint (signature->checks[PB_SIGNATURE_CHECK_TIMESTAMP], ==, PB_CHECK_PASSED);
  g_assert_nonnull (strstr (signature->details[PB_SIGNATURE_CHECK_TIMESTAMP], "Probity Test TSA"));
  g_assert_cmpint (signature->level, ==, PB_PADES_LEVEL_B_T);
  g_assert_cmpint (signature->validation_time_source, ==, PB_VALIDATION_TIME_TIMESTAMP);
  g_assert_true (g_date_time_equal (signature->validation_time, signature->timestamp_time));
  g_assert_cmpint (ABS (g_date_time_difference (signature->timestamp_time, now)), <, 120 * G_TIME_SPAN_SECOND);

  /* The same token through the public API, and refused for other data. */
  {
    g_autoptr(GBytes) trust = NULL;
    g_autofree char *contents = NULL;
    guint8 digest[32];
    gsize len;
    PbTimestampInfo info = { 0 };

    g_assert_true (g_file_get_contents (ca, &contents, &len, NULL));
    trust = g_bytes_new_take (g_steal_pointer (&contents), len);
    for (guint i = 0; i < 32; i++)
      digest[i] = g_ascii_xdigit_value (imprint[2 * i]) * 16 + g_ascii_xdigit_value (imprint[2 * i + 1]);
    g_assert_true (pb_timestamp_verify (token, digest, trust, NULL, &info, &error));
    g_assert_no_error (error);
    g_assert_true (g_date_time_equal (info.gen_time, signature->timestamp_time));
    pb_timestamp_info_clear (&info);
    digest[0] ^= 1;
    g_assert_false (pb_timestamp_verify (token, digest, trust, NULL, NULL, &error));
    g_assert_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_TIMESTAMP_INVALID);
  }
}

/* A TSA that is down, fails, refuses or answers for other data: a clear
 * error naming it, and no signed file. */
static void
test_sign_timestamp_failures (void)
{
  struct {
    const char *mode;     /* NULL: nothing listens */
    int         code;
    const char *says;
  } cases[] = {
    { NULL, PB_SIGNING_ERROR_TSA_UNREACHABLE, "did not answer with a time-stamp" },
    { "http-error", PB_SIGNING_ERROR_TSA_UNREACHABLE, "did not answer with a time-stamp" },
    { "rejection", PB_SIGNING_ERROR_TSA_REFUSED, "refused the request (status 2)" },
    { "wrong-imprint", PB_SIGNING_ERROR_TSA_REFUSED, "wrong message imprint" },
  };
  g_autoptr(PbSigner) signer = load_signer ("signer.p12");

  if (!have_tool ("openssl"))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      PbSignatureOptions options = { .signing_time = signing_time, .tsa_timeout = 5 };
      g_autoptr(GBytes) signed_pdf = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *url = NULL;
      GPid pid = 0;

      g_test_message ("TSA: %s", cases[i].mode != NULL ? cases[i].mode : "down");
      /* Port 9 (discard) on loopback: nothing listens, the connection is refused. */
      url = cases[i].mode != NULL ? start_tsa (cases[i].mode, &pid) : g_strdup ("http://127.0.0.1:9/tsa");
      options.tsa_url = url;
      signed_pdf = pb_pdf_sign (report_pdf, signer, &options, &error);
      if (pid != 0)
        stop_tsa (pid);
      g_assert_null (signed_pdf);
      g_assert_error (error, PB_SIGNING_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, url));
      g_assert_nonnull (strstr (error->message, cases[i].says));
    }
}

/* After the signer's certificate has expired (the clock moved on with
 * faketime), a B-B signature can no longer be shown valid: the CLI says so
 * and why. */
static void
test_verify_after_expiry (void)
{
  PbSignatureOptions options = { .signing_time = signing_time };
  g_autoptr(GBytes) signed_pdf = sign_with (report_pdf, "signer.p12", &options);
  g_autofree char *path = write_work_file ("after-expiry.pdf", signed_pdf);
  g_autofree char *cli = g_build_filename (g_getenv ("PB_BUILD_ROOT"), "app", "cli", "probity-cli", NULL);
  g_autofree char *ca = pki_file ("ca.pem");
  g_autofree char *out = NULL;
  int status;

  if (!have_tool ("faketime") || g_getenv ("PB_BUILD_ROOT") == NULL)
    return;

  {
    const char *argv[] = { "faketime", "-f", "+400d", cli, "verify", path, "--ca", ca, NULL };

    out = run_tool (argv, &status);
    g_assert_cmpint (status, !=, 0);
    g_assert_nonnull (strstr (out, "certificate has expired"));
    g_assert_nonnull (strstr (out, "no signature time-stamp"));
    g_assert_nonnull (strstr (out, "the report is NOT valid"));
  }
  {
    /* --at a date in the certificate's life: valid, and it says which time. */
    g_autoptr(GDateTime) then = g_date_time_add_days (signing_time, 1);
    g_autofree char *at = g_date_time_format_iso8601 (then);
    const char *argv[] = { "faketime", "-f", "+400d", cli, "verify", path, "--ca", ca, "--at", at, NULL };

    g_free (out);
    out = run_tool (argv, &status);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, "the time given with --at"));
  }
}

/* --- long-term validation (PAdES B-LT, B-LTA) ----------------------------- */

/* Issues NAME.p12 from the test CA with an OCSP responder and a CRL
 * distribution point on the loopback server at @port. */
static void
issue_with_urls (const char *name,
                 const char *port)
{
  g_autofree char *ext_path = pki_file ("urls.ext");
  g_autofree char *ext = g_strdup_printf ("basicConstraints=CA:FALSE\n"
                                          "keyUsage=critical,digitalSignature,nonRepudiation\n"
                                          "extendedKeyUsage=emailProtection\n"
                                          "authorityInfoAccess=OCSP;URI:http://127.0.0.1:%s/ocsp\n"
                                          "crlDistributionPoints=URI:http://127.0.0.1:%s/crl\n", port, port);
  g_autofree char *script = g_strdup_printf ("cd '%s' && "
                                             "openssl req -new -key signer.key -out %s.csr -subj '/C=SE/O=Probity Test/CN=%s' && "
                                             "openssl ca -batch -config ca.cnf -notext -in %s.csr -out %s.pem -days 365 -extfile urls.ext && "
                                             "openssl pkcs12 -export -inkey signer.key -in %s.pem -certfile ca.pem "
                                             "-passout pass:" PASSPHRASE " -out %s.p12",
                                             pki_dir, name, name, name, name, name, name);
  const char *argv[] = { "sh", "-c", script, NULL };
  g_autofree char *out = NULL;
  int status;

  g_assert_true (g_file_set_contents (ext_path, ext, -1, NULL));
  out = run_tool (argv, &status);
  if (status != 0)
    g_error ("%s", out);
}

static char *
url_port (const char *url)
{
  const char *colon = strrchr (url, ':');

  return g_strndup (colon + 1, strchr (colon, '/') - colon - 1);
}

static void
test_sign_long_term (void)
{
  PbSignatureOptions options = { .reason = "Long-term" };
  PbValidationDataOptions fetch = { .fetch = TRUE, .timeout = 10 };
  g_autoptr(GBytes) b_t = NULL;
  g_autoptr(GBytes) b_lt = NULL;
  g_autoptr(GBytes) b_lta = NULL;
  g_autoptr(PbPdfValidation) validation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *port = NULL;
  g_autofree char *path = NULL;
  g_autofree char *cli = g_build_filename (g_getenv ("PB_BUILD_ROOT"), "app", "cli", "probity-cli", NULL);
  g_autofree char *ca = pki_file ("ca.pem");
  PbPdfSignature *signature, *archive;
  GPid pid;

  if (!have_tool ("openssl") || !have_tool ("pdfsig") || !have_tool ("qpdf"))
    return;

  url = start_tsa ("ok", &pid);
  port = url_port (url);
  issue_with_urls ("ltv", port);
  issue_with_urls ("revoked", port);
  {
    g_autofree char *script = g_strdup_printf ("cd '%s' && openssl ca -config ca.cnf -revoke revoked.pem", pki_dir);
    const char *argv[] = { "sh", "-c", script, NULL };
    int status;
    g_autofree char *out = run_tool (argv, &status);

    g_assert_cmpint (status, ==, 0);
  }

  options.tsa_url = url;
  b_t = sign_with (report_pdf, "ltv.p12", &options);

  /* B-LT: the OCSP response for the signer, fetched, kept in a DSS. */
  b_lt = pb_pdf_add_validation_data (b_t, &fetch, &error);
  g_assert_no_error (error);
  assert_prefix_unchanged (b_t, b_lt);
  validation = validate (b_lt, "ca.pem", &error);
  g_assert_no_error (error);
  g_assert_true (validation->valid);
  signature = pb_pdf_validation_get_newest (validation);
  g_assert_cmpint (signature->checks[PB_SIGNATURE_CHECK_REVOCATION], ==, PB_CHECK_PASSED);
  g_assert_nonnull (strstr (signature->details[PB_SIGNATURE_CHECK_REVOCATION], "OCSP"));
  g_assert_cmpint (signature->level, ==, PB_PADES_LEVEL_B_LT);
  g_assert_cmpuint (signature->changes->len, ==, 1);
  g_assert_cmpint (((PbPdfChange *) g_ptr_array_index (signature->changes, 0))->kind, ==, PB_PDF_CHANGE_VALIDATION_DATA);
  g_clear_pointer (&validation, pb_pdf_validation_unref);

  /* B-LTA: a document time-stamp over all of it. */
  b_lta = pb_pdf_add_document_timestamp (b_lt, url, 10, &error);
  g_assert_no_error (error);
  path = write_work_file ("lta.pdf", b_lta);
  assert_qpdf_check (path);
  {
    g_autofree char *out = pdfsig (path);

    g_test_message ("%s", out);
    g_assert_nonnull (strstr (out, "Signature Validation: Signature is Valid."));
    /* poppler 22.12 does not know ETSI.RFC3161: it lists the document
     * time-stamp but cannot check it; ours does (below). */
    g_assert_nonnull (strstr (out, "Signature #2"));
  }
  validation = validate (b_lta, "ca.pem", &error);
  g_assert_no_error (error);
  g_test_message ("%s", validation->problem != NULL ? validation->problem : "valid");
  g_assert_true (validation->valid);
  g_assert_cmpuint (validation->signatures->len, ==, 2);
  signature = g_ptr_array_index (validation->signatures, 0);
  archive = g_ptr_array_index (validation->signatures, 1);
  g_assert_true (archive->is_document_timestamp);
  g_assert_cmpstr (archive->sub_filter, ==, "ETSI.RFC3161");
  g_assert_true (archive->covers_whole_file);
  g_assert_nonnull (strstr (archive->signer_subject, "Probity Test TSA"));
  g_assert_cmpint (signature->level, ==, PB_PADES_LEVEL_B_LTA);

  /* Years later: the signer's certificate has expired, the file still
   * verifies offline from what it holds. */
  if (have_tool ("faketime"))
    {
      const char *argv[] = { "faketime", "-f", "+400d", cli, "verify", path, "--ca", ca, NULL };
      int status;
      g_autofree char *out = run_tool (argv, &status);

      g_test_message ("%s", out);
      g_assert_cmpint (status, ==, 0);
      g_assert_nonnull (strstr (out, "level: B-LTA (no higher level: B-LTA is the highest level)"));
      g_assert_nonnull (strstr (out, "not revoked, says the OCSP"));
      g_assert_nonnull (strstr (out, "the time of its signature time-stamp"));
    }

  /* A revoked signer: a clear error, no file. */
  {
    g_autoptr(GBytes) revoked = sign_with (report_pdf, "revoked.p12", &options);
    g_autoptr(GBytes) none = pb_pdf_add_validation_data (revoked, &fetch, &error);

    g_assert_null (none);
    g_assert_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_REVOKED);
    g_assert_nonnull (strstr (error->message, "revoked"));
    g_clear_error (&error);
  }

  /* The same from the command line: report extend, then verify. */
  {
    g_autofree char *b_t_path = write_work_file ("b-t.pdf", b_t);
    g_autofree char *extended_path = g_build_filename (work_dir, "extended.pdf", NULL);
    const char *extend[] = { cli, "report", "extend", b_t_path, "--tsa", url, "-o", extended_path, NULL };
    const char *verify[] = { cli, "verify", extended_path, "--ca", ca, NULL };
    int status;
    g_autofree char *out = run_tool (extend, &status);

    g_test_message ("%s", out);
    g_assert_cmpint (status, ==, 0);
    g_free (out);
    out = run_tool (verify, &status);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, "level: B-LTA (no higher level: B-LTA is the highest level)"));
  }

  stop_tsa (pid);

  /* The responder is gone: a clear error naming it, no file. */
  {
    g_autoptr(GBytes) none = pb_pdf_add_validation_data (b_t, &fetch, &error);

    g_assert_null (none);
    g_assert_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_REVOCATION_UNAVAILABLE);
    g_assert_nonnull (strstr (error->message, port));
    g_clear_error (&error);
  }

  /* Offline: a CRL given as a file. */
  {
    g_autofree char *script = g_strdup_printf ("cd '%s' && openssl ca -config ca.cnf -gencrl -crldays 30 -out crl.pem", pki_dir);
    const char *argv[] = { "sh", "-c", script, NULL };
    g_autoptr(GPtrArray) crls = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
    g_autofree char *crl_path = pki_file ("crl.pem");
    g_autofree char *contents = NULL;
    g_autoptr(GBytes) offline = NULL;
    g_autoptr(PbPdfValidation) offline_validation = NULL;
    PbValidationDataOptions given = { 0 };
    int status;
    gsize len;
    g_autofree char *out = run_tool (argv, &status);

    g_assert_cmpint (status, ==, 0);
    g_assert_true (g_file_get_contents (crl_path, &contents, &len, NULL));
    g_ptr_array_add (crls, g_bytes_new_take (g_steal_pointer (&contents), len));
    given.crls = crls;
    offline = pb_pdf_add_validation_data (b_t, &given, &error);
    g_assert_no_error (error);
    offline_validation = validate (offline, "ca.pem", &error);
    g_assert_no_error (error);
    signature = pb_pdf_validation_get_newest (offline_validation);
    g_assert_cmpint (signature->checks[PB_SIGNATURE_CHECK_REVOCATION], ==, PB_CHECK_PASSED);
    g_assert_nonnull (strstr (signature->details[PB_SIGNATURE_CHECK_REVOCATION], "CRL"));
    g_assert_cmpint (signature->level, ==, PB_PADES_LEVEL_B_LT);
  }
}

/* --- keys on a PKCS#11 token (SoftHSM 2) ---------------------------------- */

static char *
softhsm_module (void)
{
  const char *candidates[] = { "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
                               "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
                               "/usr/lib/softhsm/libsofthsm2.so" };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (g_file_test (candidates[i], G_FILE_TEST_EXISTS))
      return g_strdup (candidates[i]);
  return NULL;
}

/* A token "probity-test" (user PIN 1234) holding the test signer's key and
 * certificate, in a SoftHSM store of its own. */
static char *
make_token (void)
{
  g_autofree char *dir = g_build_filename (work_dir, "softhsm", NULL);
  g_autofree char *tokens = g_build_filename (dir, "tokens", NULL);
  g_autofree char *conf = g_build_filename (dir, "softhsm2.conf", NULL);
  g_autofree char *conf_text = g_strdup_printf ("directories.tokendir = %s\nobjectstore.backend = file\n", tokens);
  g_autofree char *module = softhsm_module ();
  g_autofree char *script = NULL;
  g_autofree char *out = NULL;
  const char *argv[] = { "sh", "-c", NULL, NULL };
  int status;

  if (module == NULL)
    return NULL;
  g_assert_cmpint (g_mkdir_with_parents (tokens, 0700), ==, 0);
  g_assert_true (g_file_set_contents (conf, conf_text, -1, NULL));
  g_setenv ("SOFTHSM2_CONF", conf, TRUE);
  script = g_strdup_printf ("set -e; cd '%s'; "
                            "softhsm2-util --init-token --free --label probity-test --pin 1234 --so-pin 4321; "
                            "openssl pkcs8 -topk8 -nocrypt -in signer.key -outform DER -out '%s/key.der'; "
                            "openssl x509 -in signer.pem -outform DER -out '%s/cert.der'; "
                            "pkcs11-tool --module '%s' --token-label probity-test --login --pin 1234 "
                            "--write-object '%s/key.der' --type privkey --id 01 --label signer; "
                            "pkcs11-tool --module '%s' --token-label probity-test --login --pin 1234 "
                            "--write-object '%s/cert.der' --type cert --id 01 --label signer",
                            pki_dir, dir, dir, module, dir, module, dir);
  argv[2] = script;
  out = run_tool (argv, &status);
  if (status != 0)
    g_error ("making the SoftHSM token: %s", out);
  return g_steal_pointer (&module);
}

static void
test_sign_pkcs11 (void)
{
  PbSignatureOptions options = { .signing_time = signing_time, .reason = "Signed on a token" };
  g_autoptr(PbSigner) signer = NULL;
  g_autoptr(GBytes) signed_pdf = NULL;
  g_autoptr(PbPdfValidation) validation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *module = NULL;
  g_autofree char *path = NULL;
  g_autofree char *by_path = NULL;
  g_autofree char *fingerprint = fingerprint_of_pem ("signer.pem");
  const char *uri = "pkcs11:token=probity-test;object=signer";

  if (!have_tool ("softhsm2-util") || !have_tool ("pkcs11-tool") || !have_tool ("pdfsig"))
    return;
  module = make_token ();
  if (module == NULL)
    {
      g_test_skip ("SoftHSM's module is not installed");
      return;
    }

  /* Through p11-kit's registered modules, and through one given by path. */
  signer = pb_signer_new_from_pkcs11 (uri, "1234", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_signer_get_common_name (signer), ==, "Test Signer");
  g_assert_cmpstr (pb_signer_get_fingerprint (signer), ==, fingerprint);
  g_assert_cmpstr (pb_signer_get_token_label (signer), ==, "probity-test");

  signed_pdf = pb_pdf_sign (report_pdf, signer, &options, &error);
  g_assert_no_error (error);
  path = write_work_file ("pkcs11.pdf", signed_pdf);
  assert_pdfsig_valid (path, 1);
  validation = validate (signed_pdf, "ca.pem", &error);
  g_assert_no_error (error);
  g_assert_true (validation->valid);
  g_assert_cmpstr (pb_pdf_validation_get_newest (validation)->signer_name, ==, "Test Signer");
  g_clear_object (&signer);

  /* Listed for the sign dialog, by a URI that opens it; the CA's
   * certificate on the same token is not offered. */
  {
    g_autoptr(GPtrArray) listed = pb_signer_list_token_certificates ();
    g_autofree char *script = g_strdup_printf ("cd '%s' && openssl x509 -in ca.pem -outform DER -out ca.der && "
                                               "pkcs11-tool --module '%s' --token-label probity-test --login "
                                               "--pin 1234 --write-object ca.der --type cert --id 02 --label ca",
                                               pki_dir, module);
    const char *argv[] = { "sh", "-c", script, NULL };
    PbTokenCertificate *found = NULL;
    int status;
    g_autofree char *out = run_tool (argv, &status);

    g_assert_cmpint (status, ==, 0);
    g_clear_pointer (&listed, g_ptr_array_unref);
    listed = pb_signer_list_token_certificates ();
    for (guint i = 0; i < listed->len; i++)
      {
        PbTokenCertificate *certificate = g_ptr_array_index (listed, i);

        g_test_message ("listed: %s on %s: %s", certificate->name, certificate->token_label, certificate->uri);
        g_assert_cmpstr (certificate->name, !=, "Probity Test Root CA");
        if (g_strcmp0 (certificate->token_label, "probity-test") == 0)
          {
            g_assert_null (found);
            found = certificate;
          }
      }
    g_assert_nonnull (found);
    g_assert_cmpstr (found->name, ==, "Test Signer");
    g_assert_true (g_str_has_prefix (found->uri, "pkcs11:"));
    g_assert_nonnull (found->not_after);
    signer = pb_signer_new_from_pkcs11 (found->uri, "1234", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (pb_signer_get_fingerprint (signer), ==, fingerprint);
    g_clear_object (&signer);
  }

  by_path = g_strdup_printf ("pkcs11:token=probity-test;object=signer?module-path=%s", module);
  signer = pb_signer_new_from_pkcs11 (by_path, "1234", &error);
  g_assert_no_error (error);
  g_clear_object (&signer);

  /* A wrong PIN, no PIN and no PIN pad, a token that is not there. */
  {
    struct {
      const char *uri;
      const char *pin;
      int         code;
      const char *says;
    } cases[] = {
      { uri, "0000", PB_SIGNING_ERROR_WRONG_PASSPHRASE, "Wrong PIN for the token “probity-test”" },
      { uri, NULL, PB_SIGNING_ERROR_PIN_REQUIRED, "needs its PIN" },
      { "pkcs11:token=no-such-card;object=signer", "1234", PB_SIGNING_ERROR_TOKEN, "No token matches" },
      { "pkcs11:token=probity-test;object=nothing", "1234", PB_SIGNING_ERROR_NO_KEY, "holds no certificate" },
      { "not a uri", "1234", PB_SIGNING_ERROR_TOKEN, "not a PKCS#11 URI" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(PbSigner) refused = pb_signer_new_from_pkcs11 (cases[i].uri, cases[i].pin, &error);

        g_test_message ("%s with PIN %s", cases[i].uri, cases[i].pin != NULL ? cases[i].pin : "(none)");
        g_assert_null (refused);
        g_assert_error (error, PB_SIGNING_ERROR, cases[i].code);
        g_assert_nonnull (strstr (error->message, cases[i].says));
        if (cases[i].pin != NULL)
          g_assert_null (strstr (error->message, cases[i].pin));
        g_clear_error (&error);
      }
  }

  /* The token pulled out between logging in and signing: a clear error,
   * and no signed file. */
  {
    g_autoptr(GBytes) none = NULL;
    const char *argv[] = { "softhsm2-util", "--delete-token", "--token", "probity-test", NULL };
    g_autofree char *out = NULL;
    int status;

    signer = pb_signer_new_from_pkcs11 (uri, "1234", &error);
    g_assert_no_error (error);
    out = run_tool (argv, &status);
    g_assert_cmpint (status, ==, 0);
    none = pb_pdf_sign (report_pdf, signer, &options, &error);
    g_assert_null (none);
    g_assert_error (error, PB_SIGNING_ERROR, PB_SIGNING_ERROR_TOKEN_REMOVED);
    g_assert_nonnull (strstr (error->message, "probity-test"));
    g_clear_object (&signer);
  }
}

/* --- main ---------------------------------------------------------------- */

static void
remove_tree (const char *path)
{
  const char *argv[] = { "rm", "-rf", path, NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, NULL, NULL);
}

#define LISTING_THREADS 4
#define LISTINGS        8

static gpointer
list_tokens_thread (gpointer data)
{
  guint found = 0;

  for (guint n = 0; n < LISTINGS; n++)
    {
      g_autoptr(GPtrArray) listed = pb_signer_list_token_certificates ();

      for (guint i = 0; i < listed->len; i++)
        {
          PbTokenCertificate *certificate = g_ptr_array_index (listed, i);

          if (g_strcmp0 (certificate->token_label, "probity-test") == 0)
            found++;
        }
    }

  return GUINT_TO_POINTER (found);
}

/* Sign dialogs list the tokens in threads that outlive them: several
 * listings at once, with every module p11-kit knows loaded (OpenSC's
 * crashed when two threads loaded and let go of it together), each
 * finds the token. */
static void
test_sign_pkcs11_threads (void)
{
  GThread *threads[LISTING_THREADS];
  const char *argv[] = { "softhsm2-util", "--delete-token", "--token", "probity-test", NULL };
  g_autofree char *module = NULL;
  g_autofree char *out = NULL;
  int status;

  if (!have_tool ("softhsm2-util") || !have_tool ("pkcs11-tool"))
    return;
  if ((module = make_token ()) == NULL)
    {
      g_test_skip ("SoftHSM's module is not installed");
      return;
    }

  for (guint i = 0; i < LISTING_THREADS; i++)
    threads[i] = g_thread_new ("list-tokens", list_tokens_thread, NULL);
  for (guint i = 0; i < LISTING_THREADS; i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (g_thread_join (threads[i])), ==, LISTINGS);

  out = run_tool (argv, &status);
  g_assert_cmpint (status, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *script = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;
  int ret;

  g_test_init (&argc, &argv, NULL);

  /* faketime preloads its library ahead of AddressSanitizer's runtime in
   * the programs it runs (make test-sanitize). */
  {
    const char *asan = g_getenv ("ASAN_OPTIONS");
    g_autofree char *options = g_strconcat (asan != NULL ? asan : "", asan != NULL ? ":" : "",
                                            "verify_asan_link_order=0", NULL);

    g_setenv ("ASAN_OPTIONS", options, TRUE);
  }

  work_dir = g_dir_make_tmp ("probity-signing-XXXXXX", &error);
  g_assert_no_error (error);
  pki_dir = g_build_filename (work_dir, "pki", NULL);
  script = g_test_build_filename (G_TEST_DIST, "make-test-pki.sh", NULL);
  {
    const char *pki_argv[] = { "sh", script, pki_dir, NULL };

    g_spawn_sync (NULL, (char **) pki_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                  &out, &err, &status, &error);
    g_assert_no_error (error);
    if (!g_spawn_check_wait_status (status, NULL))
      g_error ("make-test-pki.sh failed:\n%s%s", out, err);
  }

  /* Whole seconds: PDF dates and CMS signingTime have no fractions. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

    signing_time = g_date_time_new_utc (g_date_time_get_year (now), g_date_time_get_month (now),
                                        g_date_time_get_day_of_month (now), g_date_time_get_hour (now),
                                        g_date_time_get_minute (now), g_date_time_get_second (now));
  }
  report_pdf = make_report_pdf ();

  g_test_add_func ("/pb/signing/signer/load", test_signer_load);
  g_test_add_func ("/pb/signing/signer/errors", test_signer_errors);
  g_test_add_func ("/pb/signing/sign/invisible", test_sign_invisible);
  g_test_add_func ("/pb/signing/sign/openssl-cms", test_sign_openssl_cms);
  g_test_add_func ("/pb/signing/sign/deterministic", test_sign_deterministic);
  g_test_add_func ("/pb/signing/sign/visible", test_sign_visible);
  g_test_add_func ("/pb/signing/sign/twice", test_sign_twice);
  g_test_add_func ("/pb/signing/sign/indirect", test_sign_indirect);
  g_test_add_func ("/pb/signing/sign/understated-size", test_sign_understated_size);
  g_test_add_func ("/pb/signing/sign/refused", test_sign_refused);
  g_test_add_func ("/pb/signing/sign/async", test_sign_async);
  g_test_add_func ("/pb/signing/verify/tampered", test_sign_tampered);
  g_test_add_func ("/pb/signing/verify/untrusted", test_verify_untrusted);
  g_test_add_func ("/pb/signing/verify/truncations", test_verify_truncations);
  g_test_add_func ("/pb/signing/verify/corrupted", test_verify_corrupted);
  g_test_add_func ("/pb/signing/verify/poppler-interop", test_poppler_interop);
  g_test_add_func ("/pb/signing/verify/attacks", test_verify_attacks);
  g_test_add_func ("/pb/signing/verify/range-digest", test_verify_range_digest);
  g_test_add_func ("/pb/signing/verify/slow-ranges", test_verify_slow_ranges);
  g_test_add_func ("/pb/signing/verify/too-many", test_verify_too_many);
  g_test_add_func ("/pb/signing/verify/after-expiry", test_verify_after_expiry);
  g_test_add_func ("/pb/signing/timestamp/sign", test_sign_timestamped);
  g_test_add_func ("/pb/signing/timestamp/failures", test_sign_timestamp_failures);
  g_test_add_func ("/pb/signing/long-term", test_sign_long_term);
  g_test_add_func ("/pb/signing/pkcs11", test_sign_pkcs11);
  g_test_add_func ("/pb/signing/pkcs11-threads", test_sign_pkcs11_threads);

  ret = g_test_run ();

  g_clear_pointer (&report_pdf, g_bytes_unref);
  g_clear_pointer (&signing_time, g_date_time_unref);
  /* PB_TEST_KEEP_FILES=1 keeps the PDFs and renders to look at. */
  if (g_getenv ("PB_TEST_KEEP_FILES") == NULL)
    remove_tree (work_dir);
  else
    g_printerr ("# kept %s\n", work_dir);
  g_clear_pointer (&pki_dir, g_free);
  g_clear_pointer (&work_dir, g_free);
  return ret;
}
