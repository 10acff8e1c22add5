/* bench-sign.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Signs a report-like PDF of about 1 MB twenty times, as a user signs: the
 * signer's PKCS#12 is read (its key derivation costs about as much as the
 * signature) and the report signed, each time. Goal: < 50 ms. Then the
 * median of pb_pdf_validate(). With its own test PKI it also times PAdES
 * B-T signing against a loopback time-stamp authority that answers from
 * one running process, as a real one does (bench/tsa-responder.c; goal
 * < 100 ms), what B-LT adds with revocation data at hand (goal < 50 ms),
 * and poppler's `pdfsig -add-signature` on the same file (a whole process
 * each time, as a user runs it).
 *
 *   bench-sign [FILE.p12 PASSPHRASE]
 *
 * Without a PKCS#12 file it makes a throw-away one with tests/make-test-pki.sh.
 */

#include "config.h"

#include <hpdf.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bench-common.h"
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

#define median bench_median

static char *
start_tsa (const char *pki,
           GPid       *pid)
{
  const char *argv[] = { PB_TSA_RESPONDER, pki, NULL };
  g_autoptr(GError) error = NULL;
  char port[16] = "";
  int out_fd = -1;
  gsize n = 0;

  if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                 pid, NULL, &out_fd, NULL, &error))
    g_error ("tsa-responder: %s", error->message);
  while (n < sizeof port - 1 && read (out_fd, port + n, 1) == 1 && port[n] != '\n')
    n++;
  port[n] = '\0';
  close (out_fd);
  return g_strdup_printf ("http://127.0.0.1:%s/tsa", port);
}

static void
run_sh (const char *script)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "sh", "-c", script, NULL };
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("%s: %s", script, error->message);
}

static gboolean
have_program (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);

  return path != NULL;
}

/* B-T with a loopback TSA, B-LT with a CRL at hand, and pdfsig beside. */
static void
bench_long_term (GBytes     *pdf,
                 const char *p12,
                 const char *passphrase,
                 const char *pki)
{
  g_autofree char *crl_script = g_strdup_printf ("cd '%s' && openssl ca -config ca.cnf -gencrl -crldays 30 -out crl.pem", pki);
  g_autofree char *crl_path = g_build_filename (pki, "crl.pem", NULL);
  g_autofree char *crl_pem = NULL;
  g_autoptr(GPtrArray) crls = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GBytes) b_t = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  double bt_ms[RUNS], tsa_ms[RUNS], lt_ms[RUNS], poppler_ms[RUNS];
  PbValidationDataOptions data = { 0 };
  gsize crl_len;
  GPid pid;

  url = start_tsa (pki, &pid);
  for (int i = 0; i < RUNS; i++)
    {
      PbSignatureOptions options = { .reason = "Benchmark", .tsa_url = url };
      gint64 start = g_get_monotonic_time ();
      g_autoptr(PbSigner) signer = pb_signer_new_from_pkcs12 (p12, passphrase, &error);

      if (signer == NULL)
        g_error ("%s", error->message);
      g_clear_pointer (&b_t, g_bytes_unref);
      b_t = pb_pdf_sign (pdf, signer, &options, &error);
      bt_ms[i] = (g_get_monotonic_time () - start) / 1000.0;
      if (b_t == NULL)
        g_error ("%s", error->message);
    }
  /* The TSA's own share: its RSA signature and the loopback round trip. */
  for (int i = 0; i < RUNS; i++)
    {
      guint8 digest[32] = { (guint8) i };
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GBytes) token = pb_timestamp_request (url, digest, 30, &error);

      tsa_ms[i] = (g_get_monotonic_time () - start) / 1000.0;
      if (token == NULL)
        g_error ("%s", error->message);
    }
  kill (pid, SIGTERM);
  waitpid (pid, NULL, 0);
  g_spawn_close_pid (pid);

  run_sh (crl_script);
  if (!g_file_get_contents (crl_path, &crl_pem, &crl_len, &error))
    g_error ("%s", error->message);
  g_ptr_array_add (crls, g_bytes_new_take (g_steal_pointer (&crl_pem), crl_len));
  data.crls = crls;
  for (int i = 0; i < RUNS; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GBytes) b_lt = pb_pdf_add_validation_data (b_t, &data, &error);

      lt_ms[i] = (g_get_monotonic_time () - start) / 1000.0;
      if (b_lt == NULL)
        g_error ("%s", error->message);
    }

  if (have_program ("pdfsig") && have_program ("pk12util"))
    {
      g_autofree char *in = g_build_filename (pki, "bench-in.pdf", NULL);
      g_autofree char *out = g_build_filename (pki, "bench-out.pdf", NULL);
      g_autofree char *import = g_strdup_printf ("pk12util -i '%s/signer.p12' -d 'sql:%s/nssdb' -W secret", pki, pki);
      g_autofree char *sign = g_strdup_printf ("pdfsig -add-signature -nssdir 'sql:%s/nssdb' -nick 'Test Signer' '%s' '%s'",
                                               pki, in, out);

      if (!g_file_set_contents (in, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), &error))
        g_error ("%s", error->message);
      run_sh (import);
      for (int i = 0; i < RUNS; i++)
        {
          gint64 start = g_get_monotonic_time ();

          g_unlink (out);
          run_sh (sign);
          poppler_ms[i] = (g_get_monotonic_time () - start) / 1000.0;
        }
    }
  else
    for (int i = 0; i < RUNS; i++)
      poppler_ms[i] = 0;

  bench_figure ("load PKCS#12, sign B-T with a loopback TSA", median (bt_ms, RUNS), "ms", "<", 100);
  bench_figure ("  of which the TSA answering a token", median (tsa_ms, RUNS), "ms", NULL, 0);
  bench_figure ("add B-LT data, CRL at hand", median (lt_ms, RUNS), "ms", "<", 50);
  if (poppler_ms[0] > 0)
    bench_figure ("pdfsig -add-signature B-B, whole process", median (poppler_ms, RUNS), "ms", NULL, 0);
  else
    printf ("  (pdfsig or pk12util is not installed: no comparison with poppler)\n");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) signed_pdf = NULL;
  g_autoptr(GBytes) trust = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *p12 = NULL;
  g_autofree char *ca = NULL;
  const char *passphrase = "secret";
  double load_ms[RUNS], sign_ms[RUNS], total_ms[RUNS], cpu_ms[RUNS], verify_ms[RUNS];
  double start, cpu_start;

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

  start = bench_now_ms ();
  pdf = make_report ();
  printf ("report of %.0f KB, made in %.0f ms; medians of %d runs:\n",
          g_bytes_get_size (pdf) / 1024.0, bench_now_ms () - start, RUNS);

  for (int i = 0; i < RUNS; i++)
    {
      g_autoptr(PbSigner) signer = NULL;
      PbSignatureOptions options = {
        .reason = "Benchmark",
        .visible = TRUE,
        .page_index = -1,
        .x = 320, .y = 60, .width = 220, .height = 70,
      };

      g_clear_pointer (&signed_pdf, g_bytes_unref);
      start = bench_now_ms ();
      cpu_start = bench_thread_cpu_ms ();
      signer = pb_signer_new_from_pkcs12 (p12, passphrase, &error);
      if (signer == NULL)
        g_error ("%s", error->message);
      load_ms[i] = bench_now_ms () - start;
      signed_pdf = pb_pdf_sign (pdf, signer, &options, &error);
      total_ms[i] = bench_now_ms () - start;
      cpu_ms[i] = bench_thread_cpu_ms () - cpu_start;
      sign_ms[i] = total_ms[i] - load_ms[i];
      if (signed_pdf == NULL)
        g_error ("%s", error->message);

      start = bench_now_ms ();
      {
        PbValidationOptions validation_options = { .trust_pem = trust, .trust_name = ca };
        g_autoptr(PbPdfValidation) validation = pb_pdf_validate (signed_pdf, &validation_options, &error);

        if (validation == NULL || (trust != NULL && !validation->valid))
          g_error ("%s", validation == NULL ? error->message : validation->problem);
      }
      verify_ms[i] = bench_now_ms () - start;
    }

  printf ("signing (load average %s):\n", bench_load_average ());
  {
    g_autofree char *what = g_strdup_printf ("load PKCS#12 and sign B-B (CPU %.1f ms)", median (cpu_ms, RUNS));

    bench_figure (what, median (total_ms, RUNS), "ms", "<", 50);
  }
  bench_figure ("  of which loading the PKCS#12", median (load_ms, RUNS), "ms", NULL, 0);
  bench_figure ("  of which signing", median (sign_ms, RUNS), "ms", NULL, 0);
  bench_figure ("verify", median (verify_ms, RUNS), "ms", NULL, 0);

  if (tmp != NULL)
    {
      const char *rm_argv[] = { "rm", "-rf", tmp, NULL };

      bench_long_term (pdf, p12, passphrase, tmp);
      g_spawn_sync (NULL, (char **) rm_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
    }

  return 0;
}
