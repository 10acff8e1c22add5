/* main.c: probity-cli, the headless twin of the desktop application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "pb-cli.h"
#include "pb-i18n.h"

static const PbCliCommand commands[] = {
  { "questionnaires", NULL, N_("List the installed questionnaires"), pb_cli_questionnaires },
  { "check",          NULL, N_("Validate a questionnaire file"), pb_cli_check },
  { "evaluate",       NULL, N_("Rate a set of answers and print the outcome and flags"), pb_cli_evaluate },
  { "migrate",        NULL, N_("Carry answers into a new questionnaire version"), pb_cli_migrate },
  { "data",           NULL, N_("Show or update the country reference data"), pb_cli_data },
#ifdef PB_CLI_HAVE_CASE
  { "case",           NULL, N_("Create, answer, review and verify stored cases"), pb_cli_case },
#endif
  { "db",             NULL, N_("Set up a team server on PostgreSQL: schema, roles, people"), pb_cli_db },
#ifdef PB_CLI_HAVE_LISTS
  { "lists",          NULL, N_("Import restricted-party lists and show their editions"), pb_cli_lists },
  { "screen",         NULL, N_("Screen a name against the imported lists"), pb_cli_screen },
#endif
#ifdef PB_CLI_HAVE_REPORT
  { "report",         NULL, N_("Write the (signed) PDF report of a case"), pb_cli_report },
  { "verify",         NULL, N_("Verify a signed report"), pb_cli_verify },
#endif
};

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n%s\n", _("Usage: probity-cli COMMAND [OPTION…]"), _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-16s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (stream, "\n%s\n", _("Run “probity-cli COMMAND --help” for the options of a command."));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *command_name = NULL;

  pb_i18n_init ();

  /* A file-size limit (ulimit -f) then makes a write fail with EFBIG, which
   * is reported and leaves no partial file, instead of killing the process
   * halfway through writing a report or the database. */
  signal (SIGXFSZ, SIG_IGN);

  if (argc < 2)
    {
      print_usage (stderr);
      return 2;
    }

  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 || strcmp (argv[1], "help") == 0)
    {
      print_usage (stdout);
      return 0;
    }

  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("probity-cli %s\n", PACKAGE_VERSION);
      return 0;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (strcmp (argv[1], commands[i].name) == 0)
        {
          command_name = g_strdup_printf ("probity-cli %s", commands[i].name);
          argv[1] = command_name;
          return commands[i].func (argc - 1, argv + 1);
        }
    }

  pb_cli_printerr (_("unknown command “%s”"), argv[1]);
  print_usage (stderr);
  return 2;
}
