/* pb-cli-db.c: db init, db add-user, db remove-user, db approve, db status and db copy,
 * setting up a team server on PostgreSQL and moving cases onto it and off it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The commands parse and print; PbServerAdmin (app/storage) installs the
 * schema, adds people and keeps the approved questionnaires, and db copy
 * moves cases between a file and a server through the store. No password
 * is stored or printed: libpq reads its service and password files, and a
 * terminal is asked otherwise.
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "pb-case-copying.h"
#include "pb-case-store.h"
#include "pb-cli.h"
#include "pb-countries.h"
#include "pb-data.h"
#include "pb-file.h"
#include "pb-server-admin.h"

static PbServerAdmin *
connect_admin (const char  *conninfo,
               GError     **error)
{
  return pb_server_admin_connect (conninfo, pb_cli_ask_secret, error);
}

static int
db_init (int    argc,
         char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("CONNECTION"));
  g_autoptr(PbServerAdmin) admin = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) approved = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) unreviewed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) unreviewed_references = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *description = NULL;
  int from = 0;
  guint n_registered = 0;

  g_option_context_set_summary (context,
                                _("Install or upgrade Probity's schema and roles in a PostgreSQL database, as a "
                                  "superuser, and approve the questionnaires this Probity ships: a case on the "
                                  "server is pinned only to a questionnaire an administrator approved (“db "
                                  "approve”). CONNECTION is a postgresql:// URI, “key=value” settings or "
                                  "“service=NAME”. Running it again changes nothing; a newer schema is refused."));
  if (!pb_cli_parse_options (context, &argc, &argv))
    return 1;
  if (argc != 2)
    {
      pb_cli_printerr (_("give one CONNECTION"));
      return 2;
    }

  if (!(admin = connect_admin (argv[1], &error)))
    {
      pb_cli_print_error (error);
      return 1;
    }

  description = pb_server_admin_describe (admin);
  if (!pb_server_admin_install (admin, &from, &n_registered, approved, unreviewed, unreviewed_references, &error))
    {
      pb_cli_print_error (error);
      return 1;
    }

  /* At the current version, what this Probity adds is its statements
   * (a newer build's, which its sales people and reviewers could not run
   * until now) and the questionnaires it ships, said below. */
  if (from == PB_SERVER_SCHEMA_VERSION && n_registered == 0 && approved->len == 0)
    /* Translators: the connection, then a version */
    printf (_("The %s already holds Probity schema version %d; nothing changed.\n"), description, from);
  else if (from == PB_SERVER_SCHEMA_VERSION)
    {
      /* Translators: the connection, then a version */
      printf (_("The %s already holds Probity schema version %d.\n"), description, from);
      if (n_registered > 0)
        /* Translators: a number of statements (SQL) */
        printf (ngettext ("Registered %u statement of this Probity, which its sales people and reviewers may "
                          "now run.\n",
                          "Registered %u statements of this Probity, which its sales people and reviewers may "
                          "now run.\n",
                          n_registered),
                n_registered);
    }
  else if (from == 0)
    printf (_("Installed Probity schema version %d in the %s.\n"), PB_SERVER_SCHEMA_VERSION, description);
  else
    printf (_("Upgraded the %s from Probity schema version %d to %d.\n"), description, from, PB_SERVER_SCHEMA_VERSION);

  for (guint i = 0; i < approved->len; i++)
    /* Translators: a questionnaire, as in “survey” 2.0.0 (sha256 …) */
    printf (_("Approved the questionnaire %s, which this Probity ships.\n"), (char *) g_ptr_array_index (approved, i));
  for (guint i = 0; i < unreviewed->len; i++)
    /* Translators: a questionnaire, as in “survey” 2.0.0 (sha256 …); the commands stay as they are */
    pb_cli_printerr (_("warning: the questionnaire %s, which this Probity does not ship, was approved by the upgrade "
                       "to schema version 7 because cases on the server were pinned to it, and nobody reviewed it "
                       "(a copy with a hard stop changed has the same id and version). No new case may be pinned "
                       "to it until an administrator approves it. Write it out with “probity-cli case "
                       "questionnaire”, check its rules, then approve it with “probity-cli db approve” or "
                       "withdraw it with “db approve --withdraw”."),
                     (char *) g_ptr_array_index (unreviewed, i));
  for (guint i = 0; i < unreviewed_references->len; i++)
    /* Translators: a version of the country reference data and its SHA-256; the commands stay as they are */
    pb_cli_printerr (_("warning: the country reference data %s, which this Probity neither ships nor uses, was "
                       "approved by the upgrade to schema version 10 because cases on the server were pinned to "
                       "it, and nobody reviewed it (a copy with an embargo emptied keeps the version). No new case "
                       "may pin it until an administrator approves it, and “probity-cli case show” warns on each "
                       "case pinned to it: write it out with “probity-cli case questionnaire --reference CASE”, "
                       "check it, then approve it with “probity-cli db approve --reference” or withdraw it with "
                       "“db approve --reference --withdraw”."),
                     (char *) g_ptr_array_index (unreviewed_references, i));

  return 0;
}

static int
db_add_user (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("CONNECTION NAME"));
  g_autoptr(PbServerAdmin) admin = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *role = NULL;
  g_autofree char *team = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *organisation = NULL;
  g_auto(GStrv) taken = NULL;
  const GOptionEntry entries[] = {
    { "role", 'r', 0, G_OPTION_ARG_STRING, &role, N_("sales, reviewer, auditor or admin"), N_("ROLE") },
    { "team", 't', 0, G_OPTION_ARG_STRING, &team, N_("The team whose cases a sales person works on"), N_("TEAM") },
    { "name", 'n', 0, G_OPTION_ARG_STRING, &display_name,
      N_("The person’s name as their signing certificate gives it"), N_("NAME") },
    { "organisation", 'o', 0, G_OPTION_ARG_STRING, &organisation,
      N_("The organisation the person acts for, which every change they make records"), N_("NAME") },
    { NULL }
  };

  g_option_context_set_summary (context,
                                _("Let NAME use Probity on the server: a role that can log in (created if "
                                  "missing, with no password: the server authenticates it) in the group of "
                                  "ROLE, and in TEAM. An administrator adds a login the company’s DBA made to "
                                  "sales, reviewer or auditor; making a login, or an administrator, needs a "
                                  "superuser or a role with CREATEROLE. A person acts in one role: given "
                                  "another, NAME leaves the one they held."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!pb_cli_parse_options (context, &argc, &argv))
    return 1;
  if (argc != 3)
    {
      pb_cli_printerr (_("give a CONNECTION and a NAME"));
      return 2;
    }
  if (role == NULL)
    {
      pb_cli_printerr (_("give the role: --role sales, reviewer, auditor or admin"));
      return 2;
    }

  if (!(admin = connect_admin (argv[1], &error)) ||
      !pb_server_admin_require_current (admin, &error) ||
      !pb_server_admin_add_member (admin, argv[2], role, team, display_name, organisation, &taken, &error))
    {
      pb_cli_print_error (error);
      return 1;
    }

  /* One role per person: the one given replaced any other. */
  if (taken[0] != NULL)
    {
      g_autofree char *was = g_strjoinv (", ", taken);

      /* Translators: a person's role name, the roles they held (e.g. "sales"), then their role now */
      printf (_("%s was %s, is now %s.\n"), argv[2], was, role);
    }

  if (team != NULL)
    /* Translators: a person's role name, their role, then a team */
    printf (_("%s may now log in to Probity as %s in team %s, once the server authenticates them.\n"),
            argv[2], role, team);
  else
    /* Translators: a person's role name, then their role */
    printf (_("%s may now log in to Probity as %s, once the server authenticates them.\n"), argv[2], role);

  return 0;
}

static int
db_remove_user (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("CONNECTION NAME"));
  g_autoptr(PbServerAdmin) admin = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) taken = NULL;

  g_option_context_set_summary (context,
                                _("Take NAME out of Probity on the server: out of the group of their role, so that "
                                  "they no longer read or change any case there. Their history stays, under the "
                                  "name and organisation it records; their login is the company’s DBA’s to drop. "
                                  "An administrator takes sales, reviewer or auditor; taking an administrator "
                                  "needs a superuser or a role with CREATEROLE."));
  if (!pb_cli_parse_options (context, &argc, &argv))
    return 1;
  if (argc != 3)
    {
      pb_cli_printerr (_("give a CONNECTION and a NAME"));
      return 2;
    }

  if (!(admin = connect_admin (argv[1], &error)) ||
      !pb_server_admin_require_current (admin, &error) ||
      !pb_server_admin_remove_member (admin, argv[2], &taken, &error))
    {
      pb_cli_print_error (error);
      return 1;
    }

  if (taken[0] != NULL)
    {
      g_autofree char *was = g_strjoinv (", ", taken);

      /* Translators: a person's role name, then the roles they held (e.g. "sales") */
      printf (_("%s was %s, and no longer acts in Probity here; their history stays.\n"), argv[2], was);
    }
  else
    /* Translators: a person's role name */
    printf (_("%s holds no Probity role here; nothing changed.\n"), argv[2]);

  return 0;
}

/* The installed questionnaire of @questionnaire's id and version, when it
 * has other bytes: a copy changed since it was shipped. */
static PbQuestionnaire *
find_shipped_original (PbQuestionnaire  *questionnaire,
                       GError          **error)
{
  g_autoptr(GPtrArray) shipped = pb_data_list_questionnaires (error);

  if (shipped == NULL)
    return NULL;

  for (guint i = 0; i < shipped->len; i++)
    {
      PbQuestionnaire *other = g_ptr_array_index (shipped, i);

      if (g_str_equal (pb_questionnaire_get_id (other), pb_questionnaire_get_id (questionnaire)) &&
          g_str_equal (pb_questionnaire_get_version (other), pb_questionnaire_get_version (questionnaire)) &&
          !g_str_equal (pb_questionnaire_get_sha256 (other), pb_questionnaire_get_sha256 (questionnaire)))
        return g_object_ref (other);
    }

  return NULL;
}

static gboolean
print_approved (PbServerAdmin  *admin,
                gboolean        reference,
                GError        **error)
{
  g_autoptr(GPtrArray) approvals = reference ? pb_server_admin_list_reference_approvals (admin, error)
                                             : pb_server_admin_list_approvals (admin, error);

  if (approvals == NULL)
    return FALSE;

  printf ("%-28s %-10s %-64s  %s\n", _("ID"), _("VERSION"), _("SHA-256"), _("APPROVED"));
  for (guint i = 0; i < approvals->len; i++)
    {
      PbServerApproval *approval = g_ptr_array_index (approvals, i);
      /* Translators: who approved a questionnaire, then when */
      g_autofree char *by = g_strdup_printf (_("by %s, %s"), approval->approved_by, approval->approved);
      g_autofree char *state = NULL;

      if (approval->state == PB_SERVER_APPROVAL_WITHDRAWN)
        /* Translators: said of an approved questionnaire: who withdrew it, when, then why */
        state = g_strdup_printf (_("; WITHDRAWN by %s, %s: %s"), approval->changed_by, approval->changed,
                                 approval->reason != NULL ? approval->reason : "");
      else if (approval->state == PB_SERVER_APPROVAL_UNREVIEWED && reference)
        /* Translators: said of approved country reference data */
        state = g_strdup (_("; approved by the upgrade, NOT REVIEWED: no new case may pin it; check it "
                            "(“probity-cli case questionnaire --reference CASE”), then approve it again or "
                            "withdraw it"));
      else if (approval->state == PB_SERVER_APPROVAL_UNREVIEWED)
        /* Translators: said of an approved questionnaire */
        state = g_strdup (_("; approved by the upgrade, NOT REVIEWED: approve it again or withdraw it"));
      else if (approval->changed_by != NULL)
        /* Translators: said of an approved questionnaire: who approved it again, then when */
        state = g_strdup_printf (_("; approved again by %s, %s"), approval->changed_by, approval->changed);

      printf ("%-28s %-10s %-64s  %s%s%s\n", approval->id, approval->version, approval->sha256, by,
              approval->shipped ? ""
              : reference
              /* Translators: said of approved country reference data */
              ? _(" (neither shipped with nor used by this Probity)")
              /* Translators: said of an approved questionnaire */
              : _(" (not shipped with this Probity)"),
              state != NULL ? state : "");
    }

  return TRUE;
}

/* The SHA-256 @arg gives: itself (64 hexadecimal digits), else that of the
 * bytes of the file it names, a questionnaire or reference data no larger
 * than either may be: a pipe or a device is refused, not read for ever. */
static char *
sha256_of_argument (const char  *arg,
                    GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize i;

  for (i = 0; g_ascii_isxdigit (arg[i]); i++)
    ;
  if (i == 64 && arg[i] == '\0')
    return g_ascii_strdown (arg, -1);

  if (!(bytes = pb_file_load_path_bounded (arg, MAX (PB_QUESTIONNAIRE_MAX_SIZE, PB_COUNTRIES_MAX_FILE_SIZE), error)))
    return NULL;

  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

static int
db_withdraw (const char *conninfo,
             const char *what,
             gboolean    reference,
             const char *reason)
{
  g_autoptr(PbServerAdmin) admin = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *name = NULL;
  g_autofree char *description = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (reason != NULL ? reason : ""));

  if (*stripped == '\0')
    {
      pb_cli_printerr (_("say why the approval is withdrawn: --reason TEXT"));
      return 2;
    }

  if (!(sha256 = sha256_of_argument (what, &error)) ||
      !(admin = connect_admin (conninfo, &error)) ||
      !pb_server_admin_require_current (admin, &error) ||
      !pb_server_admin_require_admin (admin, TRUE, &error) ||
      !pb_server_admin_withdraw (admin, sha256, reference, reason, &name, &error))
    {
      pb_cli_print_error (error);
      return 1;
    }

  description = pb_server_admin_describe (admin);
  if (reference)
    /* Translators: a version of the country reference data and its SHA-256, then the connection */
    printf (_("Withdrew the approval of the country reference data %s on the %s: no new case may pin it.\n"),
            name, description);
  else
    /* Translators: a questionnaire, as in “survey” 2.0.0 (sha256 …), then the connection */
    printf (_("Withdrew the approval of the questionnaire %s on the %s: no new case may be pinned to it, and the "
              "cases pinned to it say so.\n"), name, description);

  return 0;
}

/* db approve --reference: each FILE is country reference data. */
static int
db_approve_reference (int       argc,
                      char    **argv,
                      gboolean  changed_copy)
{
  g_autoptr(PbServerAdmin) admin = NULL;
  g_autoptr(GPtrArray) references = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PbCountries) shipped = pb_countries_load_shipped (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;

  /* Each file whole and valid before anything is approved. */
  for (int i = 2; i < argc; i++)
    {
      g_autoptr(GFile) file = pb_cli_file_new (argv[i]);
      PbCountries *reference = pb_countries_new_from_file (file, &error);

      if (reference == NULL)
        {
          pb_cli_print_error (error);
          return 1;
        }
      g_ptr_array_add (references, reference);
      /* A copy with an embargo emptied keeps the shipped version (an
       * import writes its own, "+fiw…"): as for questionnaires. */
      if (shipped != NULL && !changed_copy &&
          g_strcmp0 (pb_countries_get_version (reference), pb_countries_get_version (shipped)) == 0 &&
          g_strcmp0 (pb_countries_get_sha256 (reference), pb_countries_get_sha256 (shipped)) != 0)
        {
          /* Translators: a file, a version, then two SHA-256 */
          pb_cli_printerr (_("%s says it is the country reference data %s, which this Probity ships, but its bytes "
                             "are not the shipped ones (sha256 %s, shipped %s): its embargoes or ratings may have "
                             "been changed. Nothing was approved. Compare it with the shipped file; to approve it "
                             "all the same, give --changed-copy."),
                           argv[i], pb_countries_get_version (reference), pb_countries_get_sha256 (reference),
                           pb_countries_get_sha256 (shipped));
          return 1;
        }
    }

  if (!(admin = connect_admin (argv[1], &error)) ||
      !pb_server_admin_require_current (admin, &error))
    {
      pb_cli_print_error (error);
      return 1;
    }

  if (references->len == 0)
    {
      if (!print_approved (admin, TRUE, &error))
        {
          pb_cli_print_error (error);
          return 1;
        }
      return 0;
    }

  if (!pb_server_admin_require_admin (admin, FALSE, &error))
    {
      pb_cli_print_error (error);
      return 1;
    }

  description = pb_server_admin_describe (admin);
  for (guint i = 0; i < references->len; i++)
    {
      PbCountries *reference = g_ptr_array_index (references, i);
      PbServerApproveResult result;

      if (!pb_server_admin_approve_reference (admin, reference, &result, &error))
        {
          pb_cli_print_error (error);
          return 1;
        }
      /* Translators: a version of the country reference data, its SHA-256, then the connection */
      printf (result == PB_SERVER_APPROVE_ADDED
              ? _("Approved the country reference data %s (sha256 %s) on the %s: cases may pin it.\n")
              : result == PB_SERVER_APPROVE_AGAIN
              /* Translators: a version of the country reference data, its SHA-256, then the connection */
              ? _("Approved the country reference data %s (sha256 %s) again on the %s: cases may pin it.\n")
              /* Translators: a version of the country reference data, its SHA-256, then the connection */
              : _("The country reference data %s (sha256 %s) was approved already on the %s.\n"),
              pb_countries_get_version (reference), pb_countries_get_sha256 (reference), description);
    }

  return 0;
}

static int
db_approve (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("CONNECTION [FILE…]"));
  g_autoptr(PbServerAdmin) admin = NULL;
  g_autoptr(GPtrArray) questionnaires = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) results = g_array_new (FALSE, FALSE, sizeof (PbServerApproveResult));
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  g_autofree char *withdraw = NULL;
  g_autofree char *reason = NULL;
  gboolean changed_copy = FALSE;
  gboolean reference = FALSE;
  const GOptionEntry entries[] = {
    { "reference", 0, 0, G_OPTION_ARG_NONE, &reference,
      N_("Each FILE is country reference data (countries.json) that cases may pin, not a questionnaire"), NULL },
    { "changed-copy", 0, 0, G_OPTION_ARG_NONE, &changed_copy,
      N_("Approve a FILE even when it has the id and version of a questionnaire this Probity ships, with other rules"),
      NULL },
    { "withdraw", 0, 0, G_OPTION_ARG_STRING, &withdraw,
      N_("Withdraw the approval of this questionnaire, or with --reference of this reference data (its SHA-256, "
         "or the file): no new case may be pinned to it"),
      N_("SHA256|FILE") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why the approval is withdrawn (required with --withdraw)"),
      N_("TEXT") },
    { NULL }
  };

  g_option_context_set_summary (context,
                                _("Let cases on the server be pinned to each questionnaire FILE: the server keeps "
                                  "its exact bytes, and refuses a case pinned to any questionnaire no administrator "
                                  "approved (“db init” approves those this Probity ships). Without FILE, list the "
                                  "approved questionnaires. Needs an administrator (db add-user --role admin)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!pb_cli_parse_options (context, &argc, &argv))
    return 1;
  if (argc < 2 || (withdraw != NULL && argc > 2))
    {
      pb_cli_printerr (_("give a CONNECTION, and the questionnaire FILEs to approve"));
      return 2;
    }
  if (withdraw != NULL)
    return db_withdraw (argv[1], withdraw, reference, reason);
  if (reference)
    return db_approve_reference (argc, argv, changed_copy);

  /* Each file whole and valid before anything is approved. */
  for (int i = 2; i < argc; i++)
    {
      g_autoptr(GFile) file = pb_cli_file_new (argv[i]);
      g_autoptr(PbQuestionnaire) questionnaire = pb_questionnaire_new_from_file (file, &error);
      g_autoptr(PbQuestionnaire) original = NULL;

      if (questionnaire == NULL ||
          (!(original = find_shipped_original (questionnaire, &error)) && error != NULL))
        {
          pb_cli_print_error (error);
          return 1;
        }
      if (original != NULL && !changed_copy)
        {
          /* Translators: a file, a questionnaire id and version, then two SHA-256 */
          pb_cli_printerr (_("%s says it is questionnaire “%s” %s, which this Probity ships, but its bytes are "
                             "not the shipped ones (sha256 %s, shipped %s): its rules may have been changed. "
                             "Nothing was approved. Compare it with the shipped file; to approve it all the "
                             "same, give --changed-copy."),
                           argv[i], pb_questionnaire_get_id (questionnaire), pb_questionnaire_get_version (questionnaire),
                           pb_questionnaire_get_sha256 (questionnaire), pb_questionnaire_get_sha256 (original));
          return 1;
        }
      g_ptr_array_add (questionnaires, g_steal_pointer (&questionnaire));
    }

  if (!(admin = connect_admin (argv[1], &error)) ||
      !pb_server_admin_require_current (admin, &error))
    {
      pb_cli_print_error (error);
      return 1;
    }

  if (questionnaires->len == 0)
    {
      if (!print_approved (admin, FALSE, &error))
        {
          pb_cli_print_error (error);
          return 1;
        }
      return 0;
    }

  description = pb_server_admin_describe (admin);
  if (!pb_server_admin_require_admin (admin, FALSE, &error) ||
      !pb_server_admin_approve (admin, questionnaires, results, &error))
    {
      pb_cli_print_error (error);
      return 1;
    }

  for (guint i = 0; i < questionnaires->len; i++)
    {
      PbQuestionnaire *questionnaire = g_ptr_array_index (questionnaires, i);
      g_autofree char *name = pb_server_describe_questionnaire (pb_questionnaire_get_id (questionnaire),
                                                                pb_questionnaire_get_version (questionnaire),
                                                                pb_questionnaire_get_sha256 (questionnaire));

      switch (g_array_index (results, PbServerApproveResult, i))
        {
        case PB_SERVER_APPROVE_ADDED:
          /* Translators: a questionnaire, as in “survey” 2.0.0 (sha256 …), then the connection */
          printf (_("Approved the questionnaire %s on the %s: cases may be pinned to it.\n"), name, description);
          break;
        case PB_SERVER_APPROVE_AGAIN:
          /* Translators: a questionnaire, as in “survey” 2.0.0 (sha256 …), then the connection */
          printf (_("Approved the questionnaire %s again on the %s: cases may be pinned to it.\n"), name, description);
          break;
        case PB_SERVER_APPROVE_ALREADY:
        default:
          /* Translators: a questionnaire, as in “survey” 2.0.0 (sha256 …) */
          printf (_("The questionnaire %s was approved already.\n"), name);
          break;
        }
    }

  return 0;
}

static int
db_status (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("CONNECTION"));
  g_autoptr(PbServerAdmin) admin = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL, *name = NULL, *role = NULL, *team = NULL, *organisation = NULL;
  int version;

  g_option_context_set_summary (context, _("Show the Probity schema version of a server, who you are "
                                           "connected as, your role and your team."));
  if (!pb_cli_parse_options (context, &argc, &argv))
    return 1;
  if (argc != 2)
    {
      pb_cli_printerr (_("give one CONNECTION"));
      return 2;
    }

  if (!(admin = connect_admin (argv[1], &error)) ||
      !pb_server_admin_read_version (admin, &version, &error))
    {
      pb_cli_print_error (error);
      return 1;
    }

  printf ("%s: %d\n", _("Schema version"), version);
  if (version == 0)
    return 0;

  if (!pb_server_admin_read_identity (admin, &user, &name, &role, &team, &organisation, &error))
    {
      pb_cli_print_error (error);
      return 1;
    }

  printf ("%s: %s\n", _("Connected as"), user);
  printf ("%s: %s\n", _("Signs as"), name);
  printf ("%s: %s\n", _("Role"), role != NULL ? role : _("none"));
  printf ("%s: %s\n", _("Team"), team != NULL ? team : _("none"));
  printf ("%s: %s\n", _("Organisation"), organisation != NULL ? organisation : _("none"));
  if (role != NULL && strchr (role, ',') != NULL)
    /* Translators: a person's role name, then their roles (e.g. "sales, reviewer"); CONNECTION and ROLE stay as they are */
    pb_cli_printerr (_("%1$s holds more than one Probity role here (%2$s), and a person acts in one: an "
                       "administrator leaves them one with “probity-cli db add-user CONNECTION %1$s --role ROLE”, "
                       "or takes them out with “probity-cli db remove-user CONNECTION %1$s”."), user, role);

  return 0;
}

/* Copies every case of @source into @target, each in its own
 * transaction, verified before and after; stops at the first failure.
 * Counts what it copied. */
static gboolean
copy_cases (PbCaseStore                *source,
            PbCaseStore                *target,
            const char                 *team,
            const PbValidationOptions  *options,
            GPtrArray                  *ids,
            guint                      *n_copied,
            guint                      *n_events,
            guint                      *n_files,
            GError                    **error)
{
  for (guint i = 0; i < ids->len; i++)
    {
      gboolean copied = FALSE;
      guint events = 0, files = 0;

      if (!pb_workflow_copy_case (target, source, g_ptr_array_index (ids, i), team, options, &copied, &events, &files,
                                  error))
        return FALSE;

      if (copied)
        {
          (*n_copied)++;
          *n_events += events;
          *n_files += files;
        }
    }

  return TRUE;
}

/* Whether the same copy, run again with --resume, can go on after @error:
 * one that stopped (the connection lost, the server busy or failing), not
 * one refused (a permission, a rule, a history that differs or is
 * tampered with, a case the validation refuses), which resuming meets
 * again at the same case. */
static gboolean
copy_may_resume (const GError *error)
{
  return g_error_matches (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO) ||
         g_error_matches (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_BUSY) ||
         g_error_matches (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_FAILED);
}

static int
db_copy (int    argc,
         char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FROM TO"));
  g_autoptr(PbCaseStore) source = NULL;
  g_autoptr(PbCaseStore) target = NULL;
  g_autoptr(GListModel) cases = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *team = NULL;
  g_autofree char *ca = NULL;
  g_autoptr(GBytes) trust = NULL;
  g_autofree char *trust_name = NULL;
  PbValidationOptions options = { 0 };
  gboolean resume = FALSE;
  guint n_target = 0, n_copied = 0, n_events = 0, n_files = 0, n_verified = 0, n_entries = 0;
  g_autoptr(GPtrArray) editions = NULL;
  g_autofree char *note = NULL;
  gboolean ok;
  const GOptionEntry entries[] = {
    { "resume", 0, 0, G_OPTION_ARG_NONE, &resume,
      N_("Go on with a copy that stopped: TO may hold cases already, each one with the same history as in FROM"),
      NULL },
    { "team", 't', 0, G_OPTION_ARG_STRING, &team,
      N_("On a server: the team the cases go to (default: the team of each case’s creator there)"), N_("TEAM") },
    { "ca", 0, 0, G_OPTION_ARG_FILENAME, &ca,
      N_("Onto a server: trust the CA certificates of this PEM file for the reports signed in the cases brought "
         "in (default: the system store)"), N_("CA.pem") },
    { NULL }
  };

  g_option_context_set_summary (context,
                                _("Copy every case of FROM, with its whole history, to TO, which must hold no case: "
                                  "from a file to a server, a server to a file, or a file to a file. Each case is "
                                  "verified before it is copied and copied in one transaction, and every chain is "
                                  "verified in TO afterwards. Onto a server an administrator copies, and the server "
                                  "records an “imported” event by them in each case; reading a server needs an "
                                  "auditor. FROM and TO are files, postgresql:// URIs or “service=NAME”."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!pb_cli_parse_options (context, &argc, &argv))
    return 1;
  if (argc != 3)
    {
      pb_cli_printerr (_("give FROM and TO"));
      return 2;
    }

  if (!(source = pb_case_store_open (argv[1], PB_CASE_STORE_FLAGS_READ_ONLY, &error)) ||
      !(target = pb_case_store_open (argv[2], PB_CASE_STORE_FLAGS_NONE, &error)) ||
      !pb_case_store_count_cases (target, &n_target, &error))
    {
      pb_cli_print_error (error);
      return 1;
    }

  if (!(cases = pb_case_store_list_cases (source, NULL, &error)))
    {
      /* An administrator keeps the server, and reads no case: the
       * server's bare "permission denied" would not say so. */
      if (pb_case_store_get_server_user (source) != NULL &&
          g_error_matches (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_PERMISSION))
        /* Translators: a server, then a person's name; CONNECTION stays as it is */
        pb_cli_printerr (_("%1$s lets “%2$s” read no case, and copying from a server reads every one: "
                           "that takes an auditor, and a person acts in one role (“db add-user … --role "
                           "auditor” would take “%2$s” out of the administrators). Copy as one of the "
                           "server’s auditors. Nothing was copied."),
                         pb_case_store_get_display_name (source), pb_case_store_get_server_user (source));
      else
        pb_cli_print_error (error);
      return 1;
    }

  if (n_target > 0 && !resume)
    {
      /* Translators: a database, then a number of cases */
      pb_cli_printerr (_("%s is not empty (cases: %u); nothing was copied. A copy goes to a database with no case, "
                         "or goes on with one that stopped with --resume."),
                       pb_case_store_get_display_name (target), n_target);
      return 1;
    }

  if (!pb_cli_load_trust (ca, &trust, &trust_name, &error))
    {
      pb_cli_print_error (error);
      return 1;
    }
  options.trust_pem = trust;
  options.trust_name = trust_name;

  for (guint i = 0; i < g_list_model_get_n_items (cases); i++)
    {
      g_autoptr(PbCaseInfo) info = g_list_model_get_item (cases, i);

      g_ptr_array_add (ids, g_strdup (pb_case_info_get_id (info)));
    }

  /* Onto a server, whose people are its own: every signature before any
   * case is copied, so that a refusal leaves nothing behind; each copy
   * checks its case again as it reads it. */
  for (guint i = 0; pb_case_store_get_server_user (target) != NULL && i < ids->len; i++)
    if (!pb_workflow_check_case_signatures (source, g_ptr_array_index (ids, i), NULL, FALSE, &options, &error))
      {
        pb_cli_print_error (error);
        return 1;
      }

  /* Screenings name list editions: those TO lacks come first, from FROM,
   * each whole or not at all (onto a server if whoever copies may add
   * lists there). One neither holds, or one a server's person may not
   * add: onto a server the copy is refused, onto a file it is told. */
  g_ptr_array_add (ids, NULL);
  ok = pb_workflow_copy_list_editions (target, source, (const char * const *) ids->pdata, &editions, &n_entries,
                                       &error) &&
       pb_workflow_check_list_editions (target, NULL, source, (const char * const *) ids->pdata, FALSE, &note,
                                        &error);
  g_ptr_array_remove_index (ids, ids->len - 1);
  if (!ok)
    {
      pb_cli_print_error (error);
      return 1;
    }
  if (note != NULL)
    pb_cli_printerr ("%s", note);

  if (!copy_cases (source, target, team, &options, ids, &n_copied, &n_events, &n_files, &error))
    {
      pb_cli_print_error (error);
      if (copy_may_resume (error))
        /* Translators: a number of cases, then a database */
        pb_cli_printerr (_("Cases copied before it, each whole, stay: %u in %s. Run the same command with "
                           "--resume to go on."), n_copied, pb_case_store_get_display_name (target));
      else if (n_copied > 0)
        /* Translators: a number of cases, then a database */
        pb_cli_printerr (_("Cases copied before it, each whole, stay: %u in %s. Going on with --resume would be "
                           "refused the same way: put right what was refused first."),
                         n_copied, pb_case_store_get_display_name (target));
      else if (editions->len > 0)
        /* Translators: a number of list editions, then a database */
        pb_cli_printerr (_("No case was copied. The list editions copied before, each whole, stay: %u in %s."),
                         editions->len, pb_case_store_get_display_name (target));
      else
        pb_cli_printerr (_("Nothing was copied."));
      return 1;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      if (!pb_case_store_verify_copy (target, g_ptr_array_index (ids, i), NULL, &error))
        {
          pb_cli_print_error (error);
          return 1;
        }
      n_verified++;
    }

  for (guint i = 0; i < editions->len; i++)
    if (!pb_workflow_verify_list_edition_copy (target, source, g_ptr_array_index (editions, i), &error))
      {
        pb_cli_print_error (error);
        return 1;
      }

  /* Translators: numbers of cases, events and stored files, then two databases */
  printf (_("Cases copied: %u (events: %u, stored files: %u), from %s to %s.\n"),
          n_copied, n_events, n_files, pb_case_store_get_display_name (source), pb_case_store_get_display_name (target));
  if (n_copied < ids->len)
    /* Translators: a number of cases */
    printf (_("Cases there already, with the same history: %u.\n"), ids->len - n_copied);
  /* Translators: a number of list editions, then a number of entries */
  printf (_("List editions copied: %u (entries: %u).\n"), editions->len, n_entries);
  /* Translators: a database, then a number of cases */
  printf (_("History chains verified in %s: %u.\n"), pb_case_store_get_display_name (target), n_verified);
  if (editions->len > 0)
    /* Translators: a database, then a number of list editions */
    printf (_("List editions verified in %s: %u.\n"), pb_case_store_get_display_name (target), editions->len);

  return 0;
}

static const PbCliCommand db_commands[] = {
  { "init",     NULL, N_("Install or upgrade the schema and roles on a PostgreSQL server"), db_init },
  { "add-user", NULL, N_("Let a person use Probity on the server, in a role and a team"), db_add_user },
  { "remove-user", NULL, N_("Take a person out of Probity on the server; their history stays"), db_remove_user },
  { "approve",  NULL, N_("Let cases on the server use a questionnaire, or list those approved"), db_approve },
  { "status",   NULL, N_("Show the schema version, and who you are on the server"), db_status },
  { "copy",     NULL, N_("Copy every case between a file and a server, and verify them"), db_copy },
};

static void
print_db_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n%s\n", _("Usage: probity-cli db COMMAND [OPTION…]"), _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (db_commands); i++)
    fprintf (stream, "  %-11s %s\n", db_commands[i].name, _(db_commands[i].summary));
}

int
pb_cli_db (int    argc,
           char **argv)
{
  return pb_cli_run_command (argc, argv, "db", db_commands, G_N_ELEMENTS (db_commands), print_db_usage);
}
