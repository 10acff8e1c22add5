/* pb-cli-common.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "pb-cli.h"
#ifdef PB_CLI_HAVE_CASE
#include "pb-case-store.h"
#endif

void
pb_cli_printerr (const char *format,
                 ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "probity-cli: %s\n", message);
}

void
pb_cli_print_error (const GError *error)
{
  g_return_if_fail (error != NULL);

  pb_cli_printerr ("%s", error->message);
}

gboolean
pb_cli_parse_options (GOptionContext  *context,
                      int             *argc,
                      char          ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      pb_cli_print_error (error);
      return FALSE;
    }

  return TRUE;
}

const char *
pb_cli_resolve_db_path (const char *db_option)
{
  static char *default_path;
  const char *env;

  if (db_option != NULL && *db_option != '\0')
    return db_option;

  env = g_getenv ("PROBITY_DB");
  if (env != NULL && *env != '\0')
    return env;

  if (default_path == NULL)
#ifdef PB_CLI_HAVE_CASE
    default_path = pb_case_store_get_default_path ();
#else
    default_path = g_build_filename (g_get_user_data_dir (), "probity", "probity.db", NULL);
#endif

  return default_path;
}

GDateTime *
pb_cli_parse_time (const char  *text,
                   GError     **error)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  GDateTime *time = g_date_time_new_from_iso8601 (text, utc);

  /* A bare date is its first second, UTC. */
  if (time == NULL && strlen (text) == 10)
    {
      g_autofree char *midnight = g_strconcat (text, "T00:00:00Z", NULL);

      time = g_date_time_new_from_iso8601 (midnight, NULL);
    }
  if (time == NULL)
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 /* Translators: %s is what the user typed */
                 _("“%s” is not an ISO 8601 time such as 2026-11-26T09:00:00Z"), text);

  return time;
}
