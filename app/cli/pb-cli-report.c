/* pb-cli-report.c: report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include "pb-i18n.h"
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pb-case-store.h"
#include "pb-cli.h"
#include "pb-signing.h"
#include "pb-workflow.h"

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

/* A passphrase or a PIN is a line; a longer first line is no passphrase. */
#define PASSPHRASE_MAX_SIZE 4096

static void
close_fd (int *fd)
{
  if (*fd >= 0)
    g_close (*fd, NULL);
}

static void
set_passphrase_file_error (GError     **error,
                           const char  *path,
                           int          saved_errno)
{
  g_autofree char *display_name = g_filename_display_name (path);

  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               /* Translators: a file name, then the system's reason */
               _("Cannot read the passphrase file “%s”: %s"), display_name, g_strerror (saved_errno));
}

/* Reads into @buffer until its first line ends, the file ends or @buffer
 * is full; the number of bytes read, or -1 with @error set. A pipe is
 * read too (--passphrase-file <(pass show signer)), but one that no one
 * writes to reads as empty: nothing waits for a writer that never comes. */
static gssize
read_first_line (const char  *path,
                 char        *buffer,
                 gsize        size,
                 GError     **error)
{
  __attribute__((cleanup (close_fd))) int fd = -1;
  struct stat st;
  gsize length = 0;

  if ((fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0)) < 0 || fstat (fd, &st) != 0)
    {
      set_passphrase_file_error (error, path, errno);
      return -1;
    }
  if (!S_ISREG (st.st_mode) && !S_ISFIFO (st.st_mode))
    {
      g_autofree char *display_name = g_filename_display_name (path);

      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   /* Translators: a file name */
                   _("Cannot read the passphrase file “%s”: it is a folder, a device or a socket, not a file or a pipe"),
                   display_name);
      return -1;
    }
  if (S_ISFIFO (st.st_mode) && fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK) != 0)
    {
      set_passphrase_file_error (error, path, errno);
      return -1;
    }

  while (length < size && memchr (buffer, '\n', length) == NULL && memchr (buffer, '\r', length) == NULL)
    {
      gssize n = read (fd, buffer + length, size - length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          set_passphrase_file_error (error, path, errno);
          return -1;
        }
      if (n == 0)
        break;
      length += (gsize) n;
    }

  return (gssize) length;
}

/* The first line of the @length bytes of @buffer, read from @path. */
static char *
take_first_line (const char  *buffer,
                 gsize        length,
                 const char  *path,
                 GError     **error)
{
  g_autofree char *display_name = g_filename_display_name (path);
  gsize line_length = 0;

  while (line_length < length && buffer[line_length] != '\n' && buffer[line_length] != '\r')
    line_length++;

  if (line_length > PASSPHRASE_MAX_SIZE)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   /* Translators: a file name, then a number of bytes */
                   _("The first line of the passphrase file “%s” is longer than %d bytes: it holds no passphrase"),
                   display_name, PASSPHRASE_MAX_SIZE);
      return NULL;
    }
  if (memchr (buffer, '\0', line_length) != NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   /* Translators: a file name */
                   _("The first line of the passphrase file “%s” holds a NUL byte: it holds no passphrase"),
                   display_name);
      return NULL;
    }

  return g_strndup (buffer, line_length);
}

/* The first line of @path, without its line ending. The bytes read are
 * wiped from memory before returning, whatever happened. */
static char *
read_passphrase (const char  *path,
                 GError     **error)
{
  char buffer[PASSPHRASE_MAX_SIZE + 1];
  char *passphrase = NULL;
  gssize length;

  if ((length = read_first_line (path, buffer, sizeof buffer, error)) >= 0)
    passphrase = take_first_line (buffer, length, path, error);

  explicit_bzero (buffer, sizeof buffer);
  return passphrase;
}

/* With --decision: records it first unless it is already in force (a
 * decision taken earlier, or the second approval of an override). */
static gboolean
record_decision (PbCaseStore   *store,
                 const char    *case_id,
                 PbCaseStatus   decision,
                 const char    *reason,
                 const char    *conditions,
                 const char    *override_rationale,
                 GError       **error)
{
  g_autoptr(PbDecision) in_force = NULL;
  g_autoptr(GError) local_error = NULL;

  in_force = pb_case_store_get_decision (store, case_id, 0, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (in_force != NULL && !pb_decision_is_pending (in_force) && pb_decision_get_decision (in_force) == decision)
    return TRUE;

  return pb_cli_decide (store, case_id, decision, reason != NULL ? reason : pb_case_status_get_label (decision),
                        conditions, override_rationale, error);
}

int
pb_cli_report (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("CASE"));
  g_autoptr(GError) error = NULL;
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(PbReportTemplate) template = NULL;
  g_autoptr(GDateTime) generated_at = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GFile) output_file = NULL;
  g_autoptr(PbSigner) signer = NULL;
  g_autoptr(PbActor) actor = NULL;
  g_autoptr(PbSignOff) sign_off = NULL;
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
  g_autofree char *override_rationale = NULL;
  g_autofree char *user = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *language = NULL;
  g_autofree char *level_text = NULL;
  g_auto(PbLanguageScope) scope = { NULL, FALSE };
  int revision = 0;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the report to FILE.pdf"), N_("FILE") },
    { "revision", 'r', 0, G_OPTION_ARG_INT, &revision, N_("Report on revision N (default: the current one); only the current one is signed"), N_("N") },
    { "template", 't', 0, G_OPTION_ARG_FILENAME, &template_path, N_("Use this report template"), N_("FILE") },
    { "generated-at", 0, 0, G_OPTION_ARG_STRING, &time_text, N_("Date the report at this ISO 8601 time (default: now), to regenerate a report byte for byte"), N_("TIME") },
    { "sign", 0, 0, G_OPTION_ARG_FILENAME, &p12_path, N_("Sign off the decision in force with the key and certificate of this PKCS#12 file, or of the PKCS#11 token object this RFC 7512 URI names: the case is sealed with the signed report"), N_("FILE.p12|pkcs11:URI") },
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_path, N_("Read the PKCS#12 passphrase (or the token's PIN) from the first line of FILE; for a token the PIN is otherwise asked for, or typed on the reader's PIN pad"), N_("FILE") },
    { "tsa", 0, 0, G_OPTION_ARG_STRING, &tsa_url, N_("Time-stamp the signature at this RFC 3161 time-stamp authority (PAdES B-T), then the case’s history with the sign-off"), N_("URL") },
    { "level", 0, 0, G_OPTION_ARG_STRING, &level_text, N_("With --tsa: the PAdES level, B-T (default), B-LT (also the certificates' revocation data, fetched) or B-LTA (and a document time-stamp)"), N_("LEVEL") },
    { "decision", 0, 0, G_OPTION_ARG_STRING, &decision_text, N_("With --sign: record this decision first (approved, approved-with-conditions, rejected) unless it is in force"), N_("DECISION") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("The reason of the decision recorded with --decision"), N_("TEXT") },
    { "conditions", 0, 0, G_OPTION_ARG_STRING, &conditions, N_("The conditions of the decision recorded with --decision"), N_("TEXT") },
    { "override-rationale", 0, 0, G_OPTION_ARG_STRING, &override_rationale, N_("Why an approval overrides a do-not-proceed outcome (it then awaits a second legal reviewer)"), N_("TEXT") },
    { "user", 'u', 0, G_OPTION_ARG_STRING, &user, N_("Sign as this person, who must be the certificate's holder (default: the certificate's name)"), N_("NAME") },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role, N_("The signer's role, required with --sign: reviewer (default: $PROBITY_ROLE)"), N_("ROLE") },
    { "organisation", 0, 0, G_OPTION_ARG_STRING, &organisation, N_("The signer's organisation (default: $PROBITY_ORGANISATION)"), N_("NAME") },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("The case database: a file, a postgresql:// URI or service=NAME (default: $PROBITY_DB, else the user’s data folder)"), N_("DATABASE") },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &language, N_("Write the report in this language, a code such as fr (default: the interface's)"), N_("LANG") },
    { NULL }
  };
  PbCaseStatus decision = PB_CASE_STATUS_DRAFT;
  PbPadesLevel level = PB_PADES_LEVEL_NONE;
  gboolean on_token;
  const char *case_id;

  /* report extend FILE: long-term validation of a report already written. */
  if (argc >= 2 && strcmp (argv[1], "extend") == 0)
    {
      g_autofree char *name = g_strconcat (argv[0], " extend", NULL);

      argv[1] = name;
      return pb_cli_report_extend (argc - 1, argv + 1);
    }

  g_option_context_set_summary (context, _("Write the PDF report of a stored case; with --sign, sign off the decision in force "
                                           "and seal the case with the signed report. "
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
  if (level_text != NULL &&
      (tsa_url == NULL || !pb_pades_level_from_string (level_text, &level) || level == PB_PADES_LEVEL_B_B))
    {
      pb_cli_printerr (_("--level needs --tsa and one of B-T, B-LT, B-LTA"));
      return 2;
    }
  if (decision_text != NULL &&
      (p12_path == NULL || !pb_case_status_from_string (decision_text, &decision) ||
       !pb_case_status_is_decision (decision)))
    {
      pb_cli_printerr (_("--decision needs --sign and one of approved, approved-with-conditions, rejected"));
      return 2;
    }

  if (language != NULL && !pb_i18n_is_language (language))
    {
      g_autofree char *languages = g_strjoinv (", ", (char **) pb_i18n_get_languages ());

      /* Translators: a language code, then the codes of the languages a report can be written in */
      pb_cli_printerr (_("--lang: reports cannot be written in “%s”; they can be in: %s"), language, languages);
      return 2;
    }

  if (time_text != NULL && !(generated_at = pb_cli_parse_time (time_text, &error)))
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

  if (signer != NULL)
    {
      if (!(actor = pb_cli_new_actor (user != NULL ? user : pb_signer_get_common_name (signer), role, organisation,
                                      NULL, -1, _("Signing a decision"), &error)))
        goto failed;
    }

  if (template_path != NULL)
    {
      g_autoptr(GFile) file = pb_cli_file_new (template_path);

      if (!(template = pb_report_template_new_from_file (file, &error)))
        goto failed;
    }

  store = pb_case_store_open (pb_cli_resolve_db_path (db),
                              signer != NULL ? PB_CASE_STORE_FLAGS_NO_CREATE : PB_CASE_STORE_FLAGS_READ_ONLY,
                              &error);
  if (store == NULL)
    goto failed;
  pb_case_store_set_actor (store, actor);

  /* On a server the person signing is whom it authenticated, and the
   * certificate gives the name they sign under: another's is refused
   * before anything is done, saying so (a signature must be the signer's
   * own, README "Who may do what"). */
  if (signer != NULL && user == NULL && pb_case_store_get_server_user (store) != NULL &&
      !pb_actor_names_equal (pb_signer_get_common_name (signer), pb_case_store_get_server_name (store)))
    {
      /* Translators: a certificate's name, a database, the name it logged in as, then the name it keeps for them */
      g_set_error (&error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_PERMISSION,
                   _("The signing certificate is “%s”’s, but you are connected to %s as “%s”, who signs as “%s”: "
                     "a signature must be the signer’s own. Sign with your own certificate; if this one is yours, "
                     "an administrator sets the name it gives with “probity-cli db add-user --name”."),
                   pb_signer_get_common_name (signer), pb_case_store_get_display_name (store),
                   pb_case_store_get_server_user (store), pb_case_store_get_server_name (store));
      goto failed;
    }

  output_file = pb_cli_file_new (output);

  /* A newer list edition is screened against before anything is decided
   * or signed; what it found is said. */
  if (signer != NULL)
    {
      PbRescreening rescreening = { 0 };
      g_autofree char *said = NULL;
      gboolean ok = pb_workflow_rescreen (store, case_id, &rescreening, &error);

      if ((said = pb_rescreening_describe (&rescreening)) != NULL)
        pb_cli_printerr ("%s", said);
      if (!ok)
        goto failed;
    }

  /* The report, and the answers and labels it shows, in its language; the
   * case's record is the same in every language. */
  scope = pb_language_scope_enter (language != NULL ? language : pb_i18n_get_interface_language ());
  if (signer == NULL)
    pdf = pb_workflow_write_report (store, case_id, revision, template, generated_at, output_file, NULL, &error);
  else if (decision_text == NULL ||
           record_decision (store, case_id, decision, reason, conditions, override_rationale, &error))
    sign_off = pb_workflow_sign_report (store, case_id, revision, signer, template, generated_at, tsa_url,
                                        level, output_file, &pdf, NULL, &error);
  pb_language_scope_leave (&scope);
  if (pdf == NULL)
    goto failed;

  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  /* Translators: the file written, its size and its SHA-256 */
  printf (_("Wrote %s (%zu bytes, SHA-256 %s)\n"), output, g_bytes_get_size (pdf), sha256);
  if (sign_off != NULL)
    /* Translators: a person's name, a case id and a revision number */
    printf (_("Signed by %s; case %s revision %u is sealed with this report\n"), pb_sign_off_get_name (sign_off),
            case_id, pb_sign_off_get_revision (sign_off));

  /* The sign-off is in the history now: anchor it with the same authority
   * (case submit, decide and export do the same). */
  if (sign_off != NULL)
    return pb_cli_anchor_after (store, case_id, tsa_url, _("The sign-off"));

  return 0;

failed:
  pb_cli_print_error (error);
  return 1;
}
