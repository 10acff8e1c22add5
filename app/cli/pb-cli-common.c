/* pb-cli-common.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdarg.h>
#include <stdio.h>
#include <termios.h>
#include <unistd.h>
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

int
pb_cli_run_command (int                  argc,
                    char               **argv,
                    const char          *group,
                    const PbCliCommand  *commands,
                    guint                n_commands,
                    void               (*usage) (FILE *stream))
{
  if (argc < 2)
    {
      usage (stderr);
      return 2;
    }

  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0)
    {
      usage (stdout);
      return 0;
    }

  for (guint i = 0; i < n_commands; i++)
    {
      if (strcmp (argv[1], commands[i].name) == 0)
        {
          g_autofree char *name = g_strdup_printf ("%s %s", argv[0], argv[1]);

          argv[1] = name;
          return commands[i].func (argc - 1, argv + 1);
        }
    }

  /* Translators: a group of commands ("case", "db", "data", "lists"), then
   * what was given as one of them */
  pb_cli_printerr (_("unknown %s command “%s”"), group, argv[1]);
  usage (stderr);
  return 2;
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

char *
pb_cli_json_text (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);

  return json_generator_to_data (generator, NULL);
}

void
pb_cli_print_json (JsonBuilder *builder)
{
  g_autofree char *text = pb_cli_json_text (builder);

  printf ("%s\n", text);
}

GFile *
pb_cli_file_new (const char *path)
{
  return g_file_new_for_path (path);
}

char *
pb_cli_display_name (const char *path)
{
  g_autofree char *display_name = g_filename_display_name (path);
  GString *escaped = g_string_new (NULL);

  for (const char *p = display_name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (c == '\n')
        g_string_append (escaped, "\\n");
      else if (c == '\r')
        g_string_append (escaped, "\\r");
      else if (c == '\t')
        g_string_append (escaped, "\\t");
      else if (c < 0x80 && g_unichar_iscntrl (c))
        g_string_append_printf (escaped, "\\x%02x", c);
      else if (g_unichar_iscntrl (c) || type == G_UNICODE_LINE_SEPARATOR || type == G_UNICODE_PARAGRAPH_SEPARATOR)
        g_string_append_printf (escaped, "\\u%04x", c);
      else
        g_string_append_len (escaped, p, g_utf8_next_char (p) - p);
    }

  return g_string_free (escaped, FALSE);
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

#ifdef PB_CLI_HAVE_CASE
static const char *
option_or_env (const char *option,
               const char *variable)
{
  const char *env;

  if (option != NULL && *option != '\0')
    return option;

  env = g_getenv (variable);
  if (env != NULL && *env != '\0')
    return env;

  return NULL;
}

PbActor *
pb_cli_new_actor (const char  *user,
                  const char  *role,
                  const char  *organisation,
                  PbCaseStore *store,
                  int          default_role,
                  const char  *action,
                  GError     **error)
{
  g_autofree char *name = NULL;
  const char *role_text = option_or_env (role, "PROBITY_ROLE");
  const char *env_user = g_getenv ("PROBITY_USER");
  const char *server_user = store != NULL ? pb_case_store_get_server_user (store) : NULL;
  PbRole actor_role;

  /* A server records whom it authenticated: a name in the environment,
   * set for a file, is not a reason to refuse a write there. */
  if (user != NULL && *user != '\0')
    name = g_strdup (user);
  else if (server_user != NULL)
    {
      if (env_user != NULL && *env_user != '\0' && g_strcmp0 (env_user, server_user) != 0)
        /* Translators: a name from the environment, then the login the server authenticated */
        pb_cli_printerr (_("PROBITY_USER (“%s”) is ignored on a team server: it records you as “%s”"),
                         env_user, server_user);
      name = g_strdup (server_user);
    }
  else if (env_user != NULL && *env_user != '\0')
    name = g_strdup (env_user);
  else
    name = pb_actor_dup_default_name ();

  /* On a server the role is the one it gives the person, and --user for
   * anyone else is refused: the hint says so, not how a file is told. */
  if (role_text == NULL && default_role < 0 && server_user != NULL)
    {
      g_autofree char *roles = pb_case_store_dup_server_roles_label (store);

      /* Translators: what the command does, e.g. "Deciding a case", a database, then the roles it gives
       * the person ("Sales"; "No Probity role") */
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s is a legal reviewer’s act: give --role reviewer. On %s you act in the role it gives you, "
                     "which an administrator changes with “probity-cli db add-user”; it gives you: %s"),
                   action, pb_case_store_get_display_name (store), roles != NULL ? roles : "?");
      return NULL;
    }
  if (role_text == NULL && default_role < 0)
    {
      /* Translators: what the command does, e.g. "Deciding a case" */
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s is a legal reviewer’s act: say so with --role reviewer (and who you are with --user NAME)"),
                   action);
      return NULL;
    }

  if (role_text == NULL)
    actor_role = default_role;
  else if (!pb_role_from_string (role_text, &actor_role))
    {
      /* Translators: a role as typed */
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Unknown role “%s”: give sales, reviewer or auditor"), role_text);
      return NULL;
    }

  return pb_actor_new (name, actor_role, option_or_env (organisation, "PROBITY_ORGANISATION"));
}
#endif

char *
pb_cli_ask_secret (const char *prompt)
{
  struct termios saved, quiet;
  char line[256];
  char *secret = NULL;

  if (!isatty (STDIN_FILENO) || tcgetattr (STDIN_FILENO, &saved) != 0)
    return NULL;

  quiet = saved;
  quiet.c_lflag &= ~(tcflag_t) ECHO;
  fputs (prompt, stderr);
  fflush (stderr);
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
  if (fgets (line, sizeof line, stdin) != NULL)
    secret = g_strndup (line, strcspn (line, "\r\n"));
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
  fputc ('\n', stderr);
  explicit_bzero (line, sizeof line);
  return secret;
}

/* The terminal columns @c takes: none for a combining mark, two for a
 * wide character. */
static guint
char_columns (gunichar c)
{
  if (g_unichar_iszerowidth (c))
    return 0;

  return g_unichar_iswide (c) ? 2 : 1;
}

char *
pb_cli_pad (const char *text,
            guint       width)
{
  GString *out = g_string_new (text);
  guint columns = 0;

  if (!g_utf8_validate (text, -1, NULL))
    columns = strlen (text);
  else
    for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
      columns += char_columns (g_utf8_get_char (p));

  for (; columns < width; columns++)
    g_string_append_c (out, ' ');

  return g_string_free (out, FALSE);
}

char *
pb_cli_fit (const char *text,
            guint       width)
{
  GString *out;
  guint columns = 0;
  const char *p;

  g_return_val_if_fail (width > 0, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    return pb_cli_pad (text, width);

  for (p = text; *p != '\0'; p = g_utf8_next_char (p))
    columns += char_columns (g_utf8_get_char (p));
  if (columns <= width)
    return pb_cli_pad (text, width);

  /* What fits before the ellipsis, with the marks that combine with
   * the last character kept. */
  out = g_string_new (NULL);
  columns = 0;
  for (p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      guint c = char_columns (g_utf8_get_char (p));

      if (columns + c > width - 1)
        break;
      g_string_append_len (out, p, g_utf8_next_char (p) - p);
      columns += c;
    }
  g_string_append (out, "…");
  for (columns++; columns < width; columns++)
    g_string_append_c (out, ' ');

  return g_string_free (out, FALSE);
}
