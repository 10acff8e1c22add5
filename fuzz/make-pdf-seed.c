/* make-pdf-seed.c: small signed PDFs for the PDF fuzzer's seed corpus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real report is 200 kB of embedded fonts, which the fuzzer would spend
 * its time hashing; this one-page PDF with a standard font is 1 kB, signed
 * once and twice the way reports are.
 *   make-pdf-seed SIGNER.p12 SECOND.p12 PASSPHRASE OUTDIR
 */

#include "config.h"

#include <hpdf.h>

#include "pb-signing.h"

static void
hpdf_error_cb (HPDF_STATUS error_no,
               HPDF_STATUS detail_no,
               void       *user_data)
{
  g_error ("libharu error 0x%04X (detail %u)", (guint) error_no, (guint) detail_no);
}

static GBytes *
make_pdf (void)
{
  HPDF_Doc doc = HPDF_New (hpdf_error_cb, NULL);
  HPDF_Page page = HPDF_AddPage (doc);
  HPDF_UINT32 size;
  guint8 *buf;

  HPDF_Page_SetSize (page, HPDF_PAGE_SIZE_A5, HPDF_PAGE_PORTRAIT);
  HPDF_Page_BeginText (page);
  HPDF_Page_SetFontAndSize (page, HPDF_GetFont (doc, "Helvetica", NULL), 12);
  HPDF_Page_TextOut (page, 40, 500, "Seed");
  HPDF_Page_EndText (page);

  HPDF_SaveToStream (doc);
  size = HPDF_GetStreamSize (doc);
  buf = g_malloc (size);
  HPDF_ResetStream (doc);
  HPDF_ReadFromStream (doc, buf, &size);
  HPDF_Free (doc);

  return g_bytes_new_take (buf, size);
}

static GBytes *
sign (GBytes     *pdf,
      const char *p12,
      const char *passphrase)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbSigner) signer = pb_signer_new_from_pkcs12 (p12, passphrase, &error);
  PbSignatureOptions options = { .reason = "Seed" };
  GBytes *signed_pdf;

  if (signer == NULL || !(signed_pdf = pb_pdf_sign (pdf, signer, &options, &error)))
    g_error ("%s", error->message);

  return signed_pdf;
}

static void
save (const char *dir,
      const char *name,
      GBytes     *bytes)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error))
    g_error ("%s", error->message);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GBytes) once = NULL;
  g_autoptr(GBytes) twice = NULL;

  if (argc != 5)
    g_error ("usage: make-pdf-seed SIGNER.p12 SECOND.p12 PASSPHRASE OUTDIR");

  plain = make_pdf ();
  once = sign (plain, argv[1], argv[3]);
  twice = sign (once, argv[2], argv[3]);

  save (argv[4], "small.pdf", plain);
  save (argv[4], "small-signed.pdf", once);
  save (argv[4], "small-signed-twice.pdf", twice);

  return 0;
}
