/* pb-cli-evaluate.c: questionnaires, check and evaluate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "pb-cli.h"

int
pb_cli_questionnaires (int    argc,
                       char **argv)
{
  pb_cli_printerr ("%s", _("not implemented yet"));
  return 1;
}

int
pb_cli_check (int    argc,
              char **argv)
{
  pb_cli_printerr ("%s", _("not implemented yet"));
  return 1;
}

int
pb_cli_evaluate (int    argc,
                 char **argv)
{
  pb_cli_printerr ("%s", _("not implemented yet"));
  return 1;
}
