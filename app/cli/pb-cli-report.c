/* pb-cli-report.c: report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "pb-case-store.h"
#include "pb-cli.h"
#include "pb-report.h"
#include "pb-report-source.h"
#include "pb-signing.h"

static void
wipe_string (char *secret)
{
  if (secret != NULL)
    {
      volatile char *p = secret;

      while (*p != '\0')
        *p++ = '\0';
      g_free (secret);
    }
}

typedef char *PbSecret;
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (PbSecret, wipe_string, NULL)

/* The first line of @path, without its line ending. The file's bytes are
 * wiped from memory before returning. */
static char *
read_passphrase (const char  *path,
                 GError     **error)
{
  char *contents = NULL;
  gsize length = 0;
  char *passphrase;
  gsize line_length;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  line_length = strcspn (contents, "\r\n");
  passphrase = g_strndup (contents, line_length);
  memset (contents, 0, length);
  g_free (contents);

  return passphrase;
}

int
pb_cli_report (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("CASE"));
  g_autoptr(GError) error = NULL;
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(PbReportData) data = NULL;
  g_autoptr(PbReportTemplate) template = NULL;
  g_autoptr(GDateTime) generated_at = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GFile) output_file = NULL;
  g_autoptr(PbSigner) signer = NULL;
  g_autoptr(PbActor) actor = NULL;
  g_autofree char *output = NULL;
  g_autofree char *template_path = NULL;
  g_autofree char *p12_path = NULL;
  g_autofree char *passphrase_path = NULL;
  g_autofree char *tsa_url = NULL;
  g_autofree char *db = NULL;
  g_autofree char *time_text = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *role = NULL;
  g_autofree char *organisation = NULL;
  g_autofree char *decision_text = NULL;
  g_autofree char *conditions = NULL;
  g_autofree char *user = NULL;
  g_autofree char *sha256 = NULL;
  int revision = 0;
  PbReportSignatureBox box;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the report to FILE.pdf"), N_("FILE") },
    { "revision", 'r', 0, G_OPTION_ARG_INT, &revision, N_("Report on revision N (default: the current one)"), N_("N") },
    { "template", 't', 0, G_OPTION_ARG_FILENAME, &template_path, N_("Use this report template"), N_("FILE") },
    { "generated-at", 0, 0, G_OPTION_ARG_STRING, &time_text, N_("Date the report at this ISO 8601 time (default: now), to regenerate a report byte for byte"), N_("TIME") },
    { "sign", 0, 0, G_OPTION_ARG_FILENAME, &p12_path, N_("Sign the report with the key and certificate of this PKCS#12 file, or of the PKCS#11 token object this RFC 7512 URI names"), N_("FILE.p12|pkcs11:URI") },
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_path, N_("Read the PKCS#12 passphrase (or the token's PIN) from the first line of FILE; for a token the PIN is otherwise asked for, or typed on the reader's PIN pad"), N_("FILE") },
    { "tsa", 0, 0, G_OPTION_ARG_STRING, &tsa_url, N_("Time-stamp the signature at this RFC 3161 time-stamp authority (PAdES B-T)"), N_("URL") },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role, N_("The signer's role, required with --decision: reviewer (default: $PROBITY_ROLE)"), N_("ROLE") },
    { "organisation", 0, 0, G_OPTION_ARG_STRING, &organisation, N_("The signer's organisation (default: $PROBITY_ORGANISATION)"), N_("NAME") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("The reason shown in the signature"), N_("TEXT") },
    { "decision", 0, 0, G_OPTION_ARG_STRING, &decision_text, N_("Also record a sign-off with this decision (approved, approved-with-conditions, rejected) and the report's SHA-256 in the case"), N_("DECISION") },
    { "conditions", 0, 0, G_OPTION_ARG_STRING, &conditions, N_("Conditions of the recorded sign-off"), N_("TEXT") },
    { "user", 'u', 0, G_OPTION_ARG_STRING, &user, N_("Record the sign-off as this person, who must be the certificate's holder (default: the certificate's name)"), N_("NAME") },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("The case database (default: $PROBITY_DB or the user's)"), N_("DB") },
    { NULL }
  };
  PbCaseStatus decision = PB_CASE_STATUS_DRAFT;
  gboolean on_token;
  const char *case_id;

  /* report extend FILE: long-term validation of a report already written. */
  if (argc >= 2 && strcmp (argv[1], "extend") == 0)
    {
      g_autofree char *name = g_strconcat (argv[0], " extend", NULL);

      argv[1] = name;
      return pb_cli_report_extend (argc - 1, argv + 1);
    }

  g_option_context_set_summary (context, _("Write the PDF report of a stored case, signed with --sign. "
                                           "“report extend FILE” makes a signed report verifiable for the long term."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!pb_cli_parse_options (context, &argc, &argv))
    return 2;

  if (argc != 2)
    {
      pb_cli_printerr (_("give exactly one case id"));
      return 2;
    }
  case_id = argv[1];

  if (output == NULL)
    {
      pb_cli_printerr (_("--output FILE.pdf is required"));
      return 2;
    }
  if (revision < 0)
    {
      pb_cli_printerr (_("--revision must be 1 or more"));
      return 2;
    }
  on_token = p12_path != NULL && g_str_has_prefix (p12_path, "pkcs11:");
  if ((p12_path == NULL) != (passphrase_path == NULL) && !on_token)
    {
      pb_cli_printerr (_("--sign and --passphrase-file go together"));
      return 2;
    }
  if (tsa_url != NULL && p12_path == NULL)
    {
      pb_cli_printerr (_("--tsa needs --sign"));
      return 2;
    }
  if (decision_text != NULL &&
      (p12_path == NULL || !pb_case_status_from_string (decision_text, &decision) ||
       !pb_case_status_is_decision (decision)))
    {
      pb_cli_printerr (_("--decision needs --sign and one of approved, approved-with-conditions, rejected"));
      return 2;
    }

  if (time_text != NULL)
    generated_at = pb_cli_parse_time (time_text, &error);
  else
    generated_at = g_date_time_new_now_utc ();
  if (generated_at == NULL)
    goto failed;

  /* Load the signer first: a wrong passphrase or an unusable certificate
   * should fail before any work is done and before anything is written. */
  if (on_token)
    {
      /* Asked for on the terminal; NULL leaves it to the reader's PIN pad. */
      g_auto(PbSecret) pin = passphrase_path != NULL ? read_passphrase (passphrase_path, &error)
                                                     : pb_cli_ask_secret (_("PIN of the token: "));

      if (pin == NULL && error != NULL)
        goto failed;
      signer = pb_signer_new_from_pkcs11 (p12_path, pin, &error);
      if (signer == NULL)
        goto failed;
    }
  else if (p12_path != NULL)
    {
      g_auto(PbSecret) passphrase = read_passphrase (passphrase_path, &error);

      if (passphrase == NULL)
        goto failed;
      signer = pb_signer_new_from_pkcs12 (p12_path, passphrase, &error);
      if (signer == NULL)
        goto failed;
    }

  if (template_path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (template_path);

      template = pb_report_template_new_from_file (file, &error);
    }
  else
    template = pb_report_template_new_default (&error);
  if (template == NULL)
    goto failed;

  if (decision_text != NULL &&
      !(actor = pb_cli_new_actor (user != NULL ? user : pb_signer_get_common_name (signer), role, organisation,
                                  NULL, -1, _("Signing a decision"), &error)))
    goto failed;

  store = pb_case_store_open (pb_cli_resolve_db_path (db),
                              decision_text != NULL ? PB_CASE_STORE_FLAGS_NO_CREATE
                                                    : PB_CASE_STORE_FLAGS_READ_ONLY,
                              &error);
  if (store == NULL)
    goto failed;
  pb_case_store_set_actor (store, actor);

  data = pb_report_data_new_for_case (store, case_id, revision, &error);
  if (data == NULL)
    goto failed;

  /* The sign-off this command records next is part of what it signs. */
  if (decision_text != NULL)
    {
      g_autofree char *when = g_date_time_format_iso8601 (generated_at);

      pb_report_data_add_signoff (data, pb_role_get_label (pb_actor_get_role (actor)),
                                  pb_signer_get_common_name (signer),
                                  pb_case_status_get_label (decision),
                                  reason != NULL ? reason : pb_case_status_get_label (decision),
                                  conditions, when);
      if (conditions != NULL && *conditions != '\0')
        pb_report_data_add_condition (data, conditions);
    }

  pdf = pb_report_render (data, template, generated_at, &box, &error);
  if (pdf == NULL)
    goto failed;

  if (signer != NULL)
    {
      g_autofree char *default_reason = NULL;
      g_autoptr(GBytes) signed_pdf = NULL;
      PbSignatureOptions options = { 0 };

      /* Translators: the reason in a signature: case id and revision */
      default_reason = g_strdup_printf (_("Human-rights due-diligence report, case %s revision %u"),
                                        case_id, pb_report_data_get_revision (data));
      options.reason = reason != NULL ? reason : default_reason;
      options.signer_role = actor != NULL ? pb_role_get_label (pb_actor_get_role (actor)) : NULL;
      options.tsa_url = tsa_url;
      options.visible = TRUE;
      options.page_index = box.page_index;
      options.x = box.x;
      options.y = box.y;
      options.width = box.width;
      options.height = box.height;

      signed_pdf = pb_pdf_sign (pdf, signer, &options, &error);
      if (signed_pdf == NULL)
        goto failed;
      g_bytes_unref (pdf);
      pdf = g_steal_pointer (&signed_pdf);
    }

  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);

  /* The report first: a sign-off must never be recorded for a report that
   * could not be written (a full disk), and one that could not be recorded
   * takes its report with it. */
  output_file = g_file_new_for_commandline_arg (output);
  if (!pb_report_write (pdf, output_file, &error))
    goto failed;

  if (decision_text != NULL)
    {
      g_autoptr(PbSignOff) sign_off = NULL;

      sign_off = pb_case_store_sign (store, case_id, pb_signer_get_common_name (signer), decision,
                                     reason != NULL ? reason : pb_case_status_get_label (decision),
                                     conditions, sha256, pdf, &error);
      if (sign_off == NULL)
        {
          g_file_delete (output_file, NULL, NULL);
          /* Translators: a file name */
          g_prefix_error (&error, _("The sign-off was not recorded, so %s was removed: "), output);
          goto failed;
        }
    }

  /* Translators: the file written, its size and its SHA-256 */
  printf (_("Wrote %s (%zu bytes, SHA-256 %s)\n"), output, g_bytes_get_size (pdf), sha256);
  if (signer != NULL)
    printf (_("Signed by %s\n"), pb_signer_get_common_name (signer));

  return 0;

failed:
  pb_cli_print_error (error);
  return 1;
}
