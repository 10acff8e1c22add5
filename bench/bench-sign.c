/* bench-sign.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Signs a report-like PDF of about 1 MB twenty times and prints the median
 * time of pb_pdf_sign() and of pb_pdf_validate(). Target: signing < 50 ms.
 *
 *   bench-sign [FILE.p12 PASSPHRASE]
 *
 * Without a PKCS#12 file it makes a throw-away one with tests/make-test-pki.sh.
 */

#include "config.h"

#include <hpdf.h>
#include <stdlib.h>

#include "pb-signing.h"

#define RUNS 20

static void
hpdf_error_cb (HPDF_STATUS error_no,
               HPDF_STATUS detail_no,
               void       *user_data)
{
  g_error ("libharu error 0x%04X (detail %u)", (guint) error_no, (guint) detail_no);
}

static GBytes *
make_report (void)
{
  HPDF_Doc doc = HPDF_New (hpdf_error_cb, NULL);
  HPDF_Font latin, cjk;
  const char *name;
  HPDF_UINT32 size;
  guint8 *buf;

  /* Page contents stay uncompressed so that the file reaches about 1 MB. */
  HPDF_SetCompressionMode (doc, HPDF_COMP_IMAGE | HPDF_COMP_METADATA);
  HPDF_UseUTFEncodings (doc);
  HPDF_SetCurrentEncoder (doc, "UTF-8");
  name = HPDF_LoadTTFontFromFile (doc, "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", HPDF_TRUE);
  latin = HPDF_GetFont (doc, name, "UTF-8");
  name = HPDF_LoadTTFontFromFile2 (doc, "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0, HPDF_TRUE);
  cjk = HPDF_GetFont (doc, name, "UTF-8");

  for (int p = 0; p < 24; p++)
    {
      HPDF_Page page = HPDF_AddPage (doc);

      HPDF_Page_SetSize (page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
      HPDF_Page_BeginText (page);
      HPDF_Page_SetFontAndSize (page, cjk, 12);
      HPDF_Page_TextOut (page, 50, 800, "客户：上海市公安局");
      HPDF_Page_SetFontAndSize (page, latin, 9);
      for (int line = 0; line < 60; line++)
        {
          g_autofree char *text = g_strdup_printf ("Q%02d.%02d Does the customer operate lawful interception "
                                                   "facilities? Answer: yes – Größe, Malmö, Ærø.", p, line);

          HPDF_Page_TextOut (page, 50, 780 - line * 12, text);
        }
      HPDF_Page_EndText (page);
    }

  HPDF_SaveToStream (doc);
  size = HPDF_GetStreamSize (doc);
  buf = g_malloc (size);
  HPDF_ResetStream (doc);
  HPDF_ReadFromStream (doc, buf, &size);
  HPDF_Free (doc);
  return g_bytes_new_take (buf, size);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *) a;
  double db = *(const double *) b;

  return (da > db) - (da < db);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof *values, compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbSigner) signer = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) signed_pdf = NULL;
  g_autoptr(GBytes) trust = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *p12 = NULL;
  g_autofree char *ca = NULL;
  const char *passphrase = "secret";
  double sign_ms[RUNS], verify_ms[RUNS];
  gint64 start;
  double load_ms;

  if (argc == 3)
    {
      p12 = g_strdup (argv[1]);
      passphrase = argv[2];
    }
  else
    {
      g_autofree char *script = g_build_filename (PB_SOURCE_DIR, "tests", "make-test-pki.sh", NULL);
      const char *pki_argv[] = { "sh", script, NULL, NULL };
      int status = 0;

      tmp = g_dir_make_tmp ("probity-bench-XXXXXX", &error);
      g_assert_no_error (error);
      pki_argv[2] = tmp;
      if (!g_spawn_sync (NULL, (char **) pki_argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                         NULL, NULL, NULL, NULL, &status, &error) ||
          !g_spawn_check_wait_status (status, &error))
        g_error ("make-test-pki.sh: %s", error->message);
      p12 = g_build_filename (tmp, "signer.p12", NULL);
      ca = g_build_filename (tmp, "ca.pem", NULL);
    }

  if (ca != NULL)
    {
      g_autofree char *contents = NULL;
      gsize len;

      if (!g_file_get_contents (ca, &contents, &len, &error))
        g_error ("%s", error->message);
      trust = g_bytes_new_take (g_steal_pointer (&contents), len);
    }

  start = g_get_monotonic_time ();
  pdf = make_report ();
  g_print ("report: %.1f KB, generated in %.1f ms\n",
           g_bytes_get_size (pdf) / 1024.0, (g_get_monotonic_time () - start) / 1000.0);

  start = g_get_monotonic_time ();
  signer = pb_signer_new_from_pkcs12 (p12, passphrase, &error);
  if (signer == NULL)
    g_error ("%s", error->message);
  load_ms = (g_get_monotonic_time () - start) / 1000.0;

  for (int i = 0; i < RUNS; i++)
    {
      PbSignatureOptions options = {
        .reason = "Benchmark",
        .visible = TRUE,
        .page_index = -1,
        .x = 320, .y = 60, .width = 220, .height = 70,
      };

      g_clear_pointer (&signed_pdf, g_bytes_unref);
      start = g_get_monotonic_time ();
      signed_pdf = pb_pdf_sign (pdf, signer, &options, &error);
      sign_ms[i] = (g_get_monotonic_time () - start) / 1000.0;
      if (signed_pdf == NULL)
        g_error ("%s", error->message);

      start = g_get_monotonic_time ();
      {
        PbValidationOptions validation_options = { .trust_pem = trust, .trust_name = ca };
        g_autoptr(PbPdfValidation) validation = pb_pdf_validate (signed_pdf, &validation_options, &error);

        if (validation == NULL || (trust != NULL && !validation->valid))
          g_error ("%s", validation == NULL ? error->message : validation->problem);
      }
      verify_ms[i] = (g_get_monotonic_time () - start) / 1000.0;
    }

  g_print ("load PKCS#12: %.1f ms\n", load_ms);
  g_print ("sign (median of %d): %.1f ms (target < 50 ms)\n", RUNS, median (sign_ms, RUNS));
  g_print ("verify (median of %d): %.1f ms\n", RUNS, median (verify_ms, RUNS));

  if (tmp != NULL)
    {
      const char *rm_argv[] = { "rm", "-rf", tmp, NULL };

      g_spawn_sync (NULL, (char **) rm_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
    }
  return 0;
}
