/* bench-report.c: time to generate and sign the report of a 120-answer case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-report [MAKE-TEST-PKI.SH]
 * With the script (tests/make-test-pki.sh) it also signs and verifies, at
 * the time it runs (the test certificates are made for now). Goals:
 * generation < 300 ms; loading the signer's PKCS#12 and signing < 50 ms.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "bench-common.h"
#include "pb-report.h"
#include "pb-signing.h"
#include "report-fixture.h"

#define N_RUNS 5

#define now_ms bench_now_ms

/* The median of @n runs, beside @goal (0: none). */
static void
report_step (const char *name,
             double     *times,
             guint       n,
             double      goal)
{
  g_autofree char *what = n > 1 ? g_strdup_printf ("%s (median of %u)", name, n) : g_strdup (name);

  bench_figure (what, bench_median (times, n), "ms", goal > 0 ? "<" : NULL, goal);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbReportTemplate) template = NULL;
  /* Now: the test certificates are valid from a day ago. */
  g_autoptr(GDateTime) generated_at = g_date_time_new_now_utc ();
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) signed_pdf = NULL;
  g_autoptr(PbSigner) signer = NULL;
  g_autofree char *dir = NULL;
  PbReportSignatureBox box;
  double times[N_RUNS];
  double start;

  for (guint i = 0; i < N_RUNS; i++)
    {
      g_autoptr(PbReportData) data = NULL;

      start = now_ms ();
      data = fixture_report_data (120, 15);
      times[i] = now_ms () - start;
    }
  report_step ("build report data", times, N_RUNS, 0);

  start = now_ms ();
  template = pb_report_template_new_default (&error);
  times[0] = now_ms () - start;
  if (template == NULL)
    g_error ("%s", error->message);
  report_step ("load template", times, 1, 0);

  for (guint i = 0; i < N_RUNS; i++)
    {
      g_autoptr(PbReportData) data = fixture_report_data (120, 15);

      g_clear_pointer (&pdf, g_bytes_unref);
      start = now_ms ();
      pdf = pb_report_render (data, template, generated_at, &box, &error);
      times[i] = now_ms () - start;
      if (pdf == NULL)
        g_error ("%s", error->message);
    }
  report_step ("generate PDF (120 answers)", times, N_RUNS, 300);
  bench_figure ("report size", g_bytes_get_size (pdf) / 1024.0, "KB", NULL, 0);

  if (argc < 2)
    {
      printf ("  (no make-test-pki.sh given: signing not measured)\n");
      return 0;
    }

  dir = g_dir_make_tmp ("bench-report-XXXXXX", &error);
  {
    g_autofree char *command = g_strdup_printf ("sh '%s' '%s'", argv[1], dir);
    g_autofree char *p12 = g_build_filename (dir, "signer.p12", NULL);
    g_autofree char *ca = g_build_filename (dir, "ca.pem", NULL);
    g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", dir);
    int status;

    if (!g_spawn_command_line_sync (command, NULL, NULL, &status, &error) ||
        !g_spawn_check_wait_status (status, &error))
      g_error ("make-test-pki.sh: %s", error->message);

    for (guint i = 0; i < N_RUNS; i++)
      {
        PbSignatureOptions options = { 0 };

        options.signing_time = generated_at;
        options.reason = "Benchmark";
        options.visible = TRUE;
        options.page_index = box.page_index;
        options.x = box.x;
        options.y = box.y;
        options.width = box.width;
        options.height = box.height;

        /* What signing a report costs a user: the PKCS#12 is read each time. */
        g_clear_object (&signer);
        g_clear_pointer (&signed_pdf, g_bytes_unref);
        start = now_ms ();
        signer = pb_signer_new_from_pkcs12 (p12, "secret", &error);
        if (signer == NULL)
          g_error ("%s", error->message);
        signed_pdf = pb_pdf_sign (pdf, signer, &options, &error);
        times[i] = now_ms () - start;
        if (signed_pdf == NULL)
          g_error ("%s", error->message);
      }
    report_step ("load PKCS#12 and sign (PAdES B-B)", times, N_RUNS, 50);

    for (guint i = 0; i < N_RUNS; i++)
      {
        g_autoptr(PbPdfValidation) validation = NULL;
        g_autofree char *trust_pem = NULL;
        g_autoptr(GBytes) trust = NULL;
        PbValidationOptions validation_options = { .trust_name = ca };
        gsize trust_len;

        if (!g_file_get_contents (ca, &trust_pem, &trust_len, &error))
          g_error ("%s", error->message);
        trust = g_bytes_new_take (g_steal_pointer (&trust_pem), trust_len);
        validation_options.trust_pem = trust;
        start = now_ms ();
        validation = pb_pdf_validate (signed_pdf, &validation_options, &error);
        if (validation == NULL || !validation->valid)
          g_error ("%s", validation == NULL ? error->message : validation->problem);
        times[i] = now_ms () - start;
      }
    report_step ("verify", times, N_RUNS, 0);

    g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL);
  }

  return 0;
}
