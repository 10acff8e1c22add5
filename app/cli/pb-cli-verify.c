/* pb-cli-verify.c: verify, every signature of a report and its place in a case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "pb-case-store.h"
#include "pb-cli.h"
#include "pb-file.h"
#include "pb-signing.h"
#include "pb-workflow.h"

#define MAX_PDF_SIZE   (256 * 1024 * 1024)
#define MAX_TRUST_SIZE (16 * 1024 * 1024)

static void
print_check (gboolean    ok,
             const char *what,
             const char *detail)
{
  if (detail != NULL)
    {
      /* Translators: a check's name, then what was found */
      g_autofree char *line = g_strdup_printf (_("%s: %s"), what, detail);

      printf ("%s  %s\n", ok ? "ok  " : "FAIL", line);
    }
  else
    printf ("%s  %s\n", ok ? "ok  " : "FAIL", what);
}

static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = NULL;

  if (time == NULL)
    return g_strdup (_("none"));
  utc = g_date_time_to_utc (time);
  return g_date_time_format (utc, "%Y-%m-%d %H:%M:%S UTC");
}

static void
print_signature (PbPdfSignature  *signature,
                 PbPdfValidation *validation)
{
  g_autofree char *claimed = format_time (signature->claimed_time);

  if (signature->is_document_timestamp)
    /* Translators: the first placeholder is a number, the second a form field name */
    printf (_("Document time-stamp #%u (field %s)\n"), signature->index,
            signature->field_name != NULL ? signature->field_name : "?");
  else
    /* Translators: the first placeholder is a number, the second a person's name and e-mail address, the third a form field name */
    printf (_("Signature #%u by %s%s%s%s (field %s)\n"), signature->index,
            signature->signer_name != NULL ? signature->signer_name : _("an unknown signer"),
            signature->signer_email != NULL ? " <" : "",
            signature->signer_email != NULL ? signature->signer_email : "",
            signature->signer_email != NULL ? ">" : "",
            signature->field_name != NULL ? signature->field_name : "?");

  if (signature->signer_subject != NULL)
    /* Translators: a certificate's subject and issuer names */
    printf (_("  certificate: %s, issued by %s\n"), signature->signer_subject, signature->issuer_subject);
  if (signature->revision != 0)
    /* Translators: revision numbers and a byte count */
    printf (_("  covers revision %u of %u (bytes 0 to %lu but its own /Contents)\n"),
            signature->revision, validation->n_revisions, (gulong) signature->covered_end);
  /* Translators: the placeholder is a date and time */
  printf (_("  claimed signing time: %s (the signer’s own word)\n"), claimed);
  if (signature->validation_time_reason != NULL)
    printf ("  %s\n", signature->validation_time_reason);

  for (guint i = 0; i < PB_SIGNATURE_N_CHECKS; i++)
    {
      const char *label = pb_signature_check_get_label (i);

      if (signature->checks[i] == PB_CHECK_SKIPPED)
        {
          /* Translators: a check's name, then what was found */
          g_autofree char *line = g_strdup_printf (_("%s: %s"), label,
                                                   signature->details[i] != NULL ? signature->details[i]
                                                                                 : _("not checked"));

          printf ("  %s  %s\n", "-   ", line);
        }
      else if (signature->details[i] != NULL)
        {
          /* Translators: a check's name, then what was found */
          g_autofree char *line = g_strdup_printf (_("%s: %s"), label, signature->details[i]);

          printf ("  %s  %s\n", signature->checks[i] == PB_CHECK_PASSED ? "ok  " : "FAIL", line);
        }
      else
        printf ("  %s  %s\n", signature->checks[i] == PB_CHECK_PASSED ? "ok  " : "FAIL", label);
    }

  for (guint i = 0; i < signature->changes->len; i++)
    {
      PbPdfChange *change = g_ptr_array_index (signature->changes, i);

      if (i == 0)
        printf ("  %s\n", _("changed after it:"));
      if (change->revision != 0)
        /* Translators: the first placeholder is a revision number, the second what changed, the third “allowed” or “NOT allowed” */
        printf (_("    revision %u: %s (%s)\n"), change->revision, change->description,
                change->allowed ? _("allowed") : _("NOT allowed"));
      else
        printf ("    %s (%s)\n", change->description, change->allowed ? _("allowed") : _("NOT allowed"));
    }

  /* Translators: the first placeholder is a PAdES level such as B-B, the second why no higher one */
  printf (_("  level: %s (no higher level: %s)\n"), pb_pades_level_to_string (signature->level),
          signature->level_reason);
}

static GBytes *
load_trust (const char  *path,
            GError     **error)
{
  if (path == NULL)
    return NULL;
  return pb_file_load_path_bounded (path, MAX_TRUST_SIZE, error);
}

gboolean
pb_cli_load_trust (const char  *ca,
                   GBytes     **trust,
                   char       **trust_name,
                   GError     **error)
{
  *trust = NULL;
  *trust_name = NULL;
  if (ca == NULL)
    return TRUE;

  if (!(*trust = load_trust (ca, error)))
    return FALSE;
  *trust_name = g_filename_display_name (ca);

  return TRUE;
}

int
pb_cli_verify (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE.pdf"));
  g_autoptr(GError) error = NULL;
  g_autoptr(PbReportVerification) verification = NULL;
  g_autoptr(PbCaseStore) store = NULL;
  PbPdfValidation *validation;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) trust = NULL;
  g_autoptr(GDateTime) at = NULL;
  g_autofree char *ca = NULL;
  g_autofree char *db = NULL;
  g_autofree char *at_text = NULL;
  g_autofree char *trust_name = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *at_reason = NULL;
  PbValidationOptions options = { 0 };
  gboolean all_ok;
  const GOptionEntry entries[] = {
    { "ca", 0, 0, G_OPTION_ARG_FILENAME, &ca, N_("Trust the CA certificates of this PEM file (default: the system store)"), N_("CA.pem") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text, N_("Validate as of this ISO 8601 date or time, for signatures without a time-stamp (default: now)"), N_("DATE") },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Also check the report's integrity record against this case database: a file, a postgresql:// URI or service=NAME"), N_("DATABASE") },
    { NULL }
  };

  g_option_context_set_summary (context, _("Verify every signature of a report: the bytes each one covers, what was changed after it, "
                                           "its certificate's usage and chain. With --db, also check that the report matches the stored case. "
                                           "Exits 0 only when every check holds."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!pb_cli_parse_options (context, &argc, &argv))
    return 2;

  if (argc != 2)
    {
      pb_cli_printerr (_("give exactly one PDF file"));
      return 2;
    }

  if (at_text != NULL)
    {
      at = pb_cli_parse_time (at_text, &error);
      if (at == NULL)
        {
          pb_cli_print_error (error);
          return 2;
        }
      /* Translators: how the validation time was chosen */
      at_reason = g_strdup (_("the time given with --at"));
    }

  if (ca != NULL)
    {
      trust = load_trust (ca, &error);
      if (trust == NULL)
        {
          pb_cli_print_error (error);
          return 1;
        }
      trust_name = g_filename_display_name (ca);
    }

  pdf = pb_file_load_path_bounded (argv[1], MAX_PDF_SIZE, &error);
  if (pdf == NULL)
    {
      pb_cli_print_error (error);
      return 1;
    }

  if (db != NULL &&
      !(store = pb_case_store_open (pb_cli_resolve_db_path (db), PB_CASE_STORE_FLAGS_READ_ONLY, &error)))
    {
      pb_cli_print_error (error);
      return 1;
    }

  options.trust_pem = trust;
  options.trust_name = trust_name;
  options.validation_time = at;
  options.validation_time_reason = at_reason;
  /* With --db and no time given, the signatures are checked at the time
   * of the sign-off in the case's hash-chained history. */
  verification = pb_workflow_verify_report (store, NULL, pdf, &options, NULL, &error);
  if (verification == NULL)
    {
      /* An unreadable trust store is the caller's mistake, not the report's. */
      pb_cli_print_error (error);
      return 1;
    }

  display_name = pb_cli_display_name (argv[1]);
  validation = pb_report_verification_get_validation (verification);
  if (validation == NULL)
    {
      /* Translators: the first placeholder is a file name, the second the reason */
      g_autofree char *problem = g_strdup_printf (_("%s: %s"), display_name,
                                                  pb_report_verification_get_signature_problem (verification));

      print_check (FALSE, _("Signature"), problem);
    }
  else
    {
      for (guint i = 0; i < validation->signatures->len; i++)
        print_signature (g_ptr_array_index (validation->signatures, i), validation);
    }

  /* An unsigned report (a regeneration) is still compared with the case. */
  if (store != NULL)
    {
      g_autofree char *what = g_strdup_printf (_("Database %s"), pb_case_store_get_path (store));

      print_check (TRUE, what, NULL);
    }
  for (guint i = 0; i < pb_report_verification_get_n_checks (verification); i++)
    print_check (pb_report_verification_get_check_passed (verification, i),
                 pb_report_verification_get_check_label (verification, i),
                 pb_report_verification_get_check_detail (verification, i));

  all_ok = pb_report_verification_is_valid (verification);
  if (all_ok)
    /* Translators: a file name */
    printf (_("%s: the report is valid.\n"), display_name);
  else
    /* Translators: a file name and the reason */
    printf (_("%s: the report is NOT valid: %s\n"), display_name, pb_report_verification_get_problem (verification));

  return all_ok ? 0 : 1;
}
