/* pb-cli-extend.c: report extend, long-term validation data and archive time-stamps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "pb-cli.h"
#include "pb-file.h"
#include "pb-signing.h"

#define MAX_PDF_SIZE  (256 * 1024 * 1024)
#define MAX_DATA_SIZE (32 * 1024 * 1024)

/* Each file of @paths, which must hold what @kind says: a file given
 * that holds no such thing is refused by name, not left out unsaid. */
static GPtrArray *
load_files (char                 **paths,
            PbValidationDataKind   kind,
            GError               **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      g_autofree char *display_name = g_filename_display_name (paths[i]);
      GBytes *bytes = pb_file_load_path_bounded (paths[i], MAX_DATA_SIZE, error);

      if (bytes == NULL)
        return NULL;
      g_ptr_array_add (files, bytes);
      if (!pb_validation_data_check (kind, bytes, display_name, error))
        return NULL;
    }
  return g_steal_pointer (&files);
}

int
pb_cli_report_extend (int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE.pdf"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) extended = NULL;
  g_autoptr(GPtrArray) certs = NULL;
  g_autoptr(GPtrArray) crls = NULL;
  g_autoptr(GPtrArray) ocsps = NULL;
  g_autoptr(GFile) output_file = NULL;
  g_auto(GStrv) cert_paths = NULL;
  g_auto(GStrv) crl_paths = NULL;
  g_auto(GStrv) ocsp_paths = NULL;
  g_autofree char *tsa_url = NULL;
  g_autofree char *output = NULL;
  gboolean offline = FALSE;
  gboolean no_timestamp = FALSE;
  PbValidationDataOptions data = { 0 };
  const GOptionEntry entries[] = {
    { "tsa", 0, 0, G_OPTION_ARG_STRING, &tsa_url, N_("Add a document time-stamp (PAdES B-LTA) from this RFC 3161 time-stamp authority"), N_("URL") },
    { "no-timestamp", 0, 0, G_OPTION_ARG_NONE, &no_timestamp, N_("Only add validation data (PAdES B-LT), no document time-stamp"), NULL },
    { "cert", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &cert_paths, N_("Also keep the certificates of FILE (PEM or DER) for the chains"), N_("FILE") },
    { "crl", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &crl_paths, N_("Keep this CRL (PEM or DER) as revocation data"), N_("FILE") },
    { "ocsp", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &ocsp_paths, N_("Keep this OCSP response (DER) as revocation data"), N_("FILE") },
    { "offline", 0, 0, G_OPTION_ARG_NONE, &offline, N_("Fetch nothing: use only the files given"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the result to FILE (default: replace the report)"), N_("FILE") },
    { NULL }
  };

  g_option_context_set_summary (context, _("Make a signed report verifiable for the long term: keep the certificate chains and "
                                           "revocation data of its signatures in it (PAdES B-LT), then time-stamp the whole "
                                           "(B-LTA). Run it again before the last time-stamp's certificate expires."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!pb_cli_parse_options (context, &argc, &argv))
    return 2;

  if (argc != 2)
    {
      pb_cli_printerr (_("give exactly one PDF file"));
      return 2;
    }
  if (tsa_url == NULL && !no_timestamp)
    {
      pb_cli_printerr (_("--tsa URL is required, unless --no-timestamp"));
      return 2;
    }

  pdf = pb_file_load_path_bounded (argv[1], MAX_PDF_SIZE, &error);
  if (pdf == NULL ||
      (certs = load_files (cert_paths, PB_VALIDATION_DATA_CERTIFICATES, &error)) == NULL ||
      (crls = load_files (crl_paths, PB_VALIDATION_DATA_CRL, &error)) == NULL ||
      (ocsps = load_files (ocsp_paths, PB_VALIDATION_DATA_OCSP_RESPONSE, &error)) == NULL)
    goto failed;

  data.certificates = certs;
  data.crls = crls;
  data.ocsp_responses = ocsps;
  data.fetch = !offline;
  extended = pb_pdf_add_validation_data (pdf, &data, &error);
  if (extended != NULL && !no_timestamp)
    {
      GBytes *stamped = pb_pdf_add_document_timestamp (extended, tsa_url, 0, &error);

      g_bytes_unref (extended);
      extended = stamped;
    }
  if (extended == NULL)
    goto failed;

  output_file = pb_cli_file_new (output != NULL ? output : argv[1]);
  if (!g_file_replace_contents (output_file, g_bytes_get_data (extended, NULL), g_bytes_get_size (extended),
                                NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, NULL, &error))
    goto failed;

  /* Translators: the placeholders are a file name and its size */
  printf (_("Wrote %s (%zu bytes): validation data%s added\n"), output != NULL ? output : argv[1],
          g_bytes_get_size (extended), no_timestamp ? "" : _(" and a document time-stamp"));
  return 0;

failed:
  {
    g_autofree char *display_name = g_filename_display_name (argv[1]);

    /* Translators: a file name, then the reason */
    g_prefix_error (&error, _("%s: "), display_name);
    pb_cli_print_error (error);
    return 1;
  }
}
