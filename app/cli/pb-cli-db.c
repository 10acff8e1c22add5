/* pb-cli-db.c: db init, db add-user, db approve, db status and db copy,
 * setting up a team server on PostgreSQL and moving cases onto it and off it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * These talk to the server through libpq directly: they install the schema
 * (the .sql files of app/storage/postgresql, compiled in as a resource) and add people,
 * which the case store never does; db copy moves cases between a file and a
 * server through the store. No password is stored or printed: libpq
 * reads its service and password files, and a terminal is asked otherwise.
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <string.h>

#include "pb-case-store.h"
#include "pb-cli.h"
#include "pb-data.h"
#include "pb-evaluation.h"

/* The schema version this build installs; app/storage/postgresql/. */
#define PG_SCHEMA_VERSION 9

/* The resource of each step: installing version N runs steps[N - 1]. */
static const char * const steps[PG_SCHEMA_VERSION] = {
  "/io/github/probity/Probity/postgresql/schema-v1.sql",
  "/io/github/probity/Probity/postgresql/schema-v2.sql",
  "/io/github/probity/Probity/postgresql/schema-v3.sql",
  "/io/github/probity/Probity/postgresql/schema-v4.sql",
  "/io/github/probity/Probity/postgresql/schema-v5.sql",
  "/io/github/probity/Probity/postgresql/schema-v6.sql",
  "/io/github/probity/Probity/postgresql/schema-v7.sql",
  "/io/github/probity/Probity/postgresql/schema-v8.sql",
  "/io/github/probity/Probity/postgresql/schema-v9.sql",
};

#define ROLES_RESOURCE "/io/github/probity/Probity/postgresql/roles.sql"

/* Serialises concurrent installs: pg_advisory_xact_lock() key ("PBTY"). */
#define INSTALL_LOCK "1346524249"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

/* "database “probity” on /run/postgresql:5432 as alice": never the
 * connection string, which may hold a password. */
static char *
describe (PGconn *conn)
{
  /* Translators: a database name, a host or socket folder, a port, then a role */
  return g_strdup_printf (_("database “%s” on %s:%s as %s"),
                          PQdb (conn), PQhost (conn), PQport (conn), PQuser (conn));
}

static PGconn *
try_connect (const char  *conninfo,
             const char  *password)
{
  /* expand_dbname: @conninfo may be a URI, key=value settings or a service
   * (service=NAME); what follows it in the list overrides it. */
  const char *keywords[] = { "dbname", "application_name", "client_encoding", "password", NULL };
  const char *values[] = { conninfo, "probity-cli", "UTF8", password, NULL };

  if (password == NULL)
    keywords[3] = NULL;

  return PQconnectdbParams (keywords, values, TRUE);
}

static PGconn *
connect_db (const char  *conninfo,
            GError     **error)
{
  g_autoptr(PGconn) conn = NULL;
  char *parse_error = NULL;
  PQconninfoOption *options;

  /* Checked first, so that a typing mistake gets a message about it and no
   * connection attempt to somewhere else. */
  if (!(options = PQconninfoParse (conninfo, &parse_error)))
    {
      /* Translators: libpq's reason */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The connection is neither a postgresql:// URI nor “key=value” settings: %s"),
                   parse_error != NULL ? g_strchomp (parse_error) : _("out of memory"));
      PQfreemem (parse_error);
      return NULL;
    }
  PQconninfoFree (options);

  conn = try_connect (conninfo, NULL);
  if (PQstatus (conn) != CONNECTION_OK && PQconnectionNeedsPassword (conn))
    {
      g_autofree char *description = describe (conn);
      /* Translators: what the connection is, as in “database “probity” on … as alice” */
      g_autofree char *prompt = g_strdup_printf (_("Password for %s: "), description);
      char *password = pb_cli_ask_secret (prompt);

      if (password != NULL)
        {
          g_clear_pointer (&conn, PQfinish);
          conn = try_connect (conninfo, password);
          explicit_bzero (password, strlen (password));
          g_free (password);
        }
    }

  if (PQstatus (conn) != CONNECTION_OK)
    {
      g_autofree char *description = describe (conn);
      g_autofree char *reason = g_strchomp (g_strdup (PQerrorMessage (conn)));

      /* Translators: what the connection is, then libpq's reason */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED,
                   _("Could not connect to the %s: %s"), description, reason);
      return NULL;
    }

  return g_steal_pointer (&conn);
}

/* Runs @sql (several statements when no parameters); FALSE with the
 * server's message, prefixed by @what and the connection, on error. */
static gboolean
run (PGconn      *conn,
     const char  *what,
     const char  *sql,
     int          n_params,
     const char **params,
     PGresult   **result,
     GError     **error)
{
  g_autoptr(PGresult) res = NULL;
  ExecStatusType status;

  if (n_params == 0)
    res = PQexec (conn, sql);
  else
    res = PQexecParams (conn, sql, n_params, NULL, params, NULL, NULL, 0);

  status = PQresultStatus (res);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
      g_autofree char *description = describe (conn);
      const char *message = PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY);
      const char *code = PQresultErrorField (res, PG_DIAG_SQLSTATE);

      /* Translators: what was being done, the connection, the server's message, then its SQLSTATE code */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("%s (%s): %s [%s]"),
                   what, description, message != NULL ? message : PQerrorMessage (conn),
                   code != NULL ? code : "?");
      return FALSE;
    }

  if (result != NULL)
    *result = g_steal_pointer (&res);

  return TRUE;
}

static gboolean
run_resource (PGconn      *conn,
              const char  *what,
              const char  *path,
              GError     **error)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  g_autofree char *sql = NULL;

  if (bytes == NULL)
    return FALSE;

  sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  return run (conn, what, sql, 0, NULL, NULL, error);
}

static void
rollback (PGconn *conn)
{
  PQclear (PQexec (conn, "ROLLBACK"));
}

/* The version of the schema installed: 0 for none. Refuses a schema
 * "probity" that is not Probity's. */
static gboolean
read_version (PGconn  *conn,
              int     *version,
              GError **error)
{
  g_autoptr(PGresult) res = NULL;

  if (!run (conn, _("Reading the schema version"),
            "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'probity'),"
            "       to_regclass ('probity.probity_schema') IS NOT NULL",
            0, NULL, &res, error))
    return FALSE;

  *version = 0;
  if (g_str_equal (PQgetvalue (res, 0, 0), "f"))
    return TRUE;

  if (g_str_equal (PQgetvalue (res, 0, 1), "f"))
    {
      g_autofree char *description = describe (conn);

      /* Translators: the connection */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("The %s has a schema “probity” that Probity did not make; nothing was changed"),
                   description);
      return FALSE;
    }

  g_clear_pointer (&res, PQclear);
  if (!run (conn, _("Reading the schema version"),
            "SELECT coalesce (max (version), 0) FROM probity.probity_schema", 0, NULL, &res, error))
    return FALSE;

  *version = (int) g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);

  return TRUE;
}

/* "“surveillance-export” 2.0.0 (sha256 fe939fc7…)": the exact bytes. */
static char *
describe_questionnaire (const char *id,
                        const char *version,
                        const char *sha256)
{
  /* Translators: a questionnaire id, its version, then its SHA-256 */
  return g_strdup_printf (_("“%s” %s (sha256 %s)"), id, version, sha256);
}

/* Stores the bytes of @questionnaire on the server and approves them, so
 * that cases may be pinned to them (schema-v7.sql); @added is FALSE when
 * they were approved already. The server refuses it to anyone but an
 * administrator (or a superuser). */
static gboolean
approve_questionnaire (PGconn           *conn,
                       PbQuestionnaire  *questionnaire,
                       gboolean         *added,
                       GError          **error)
{
  GBytes *bytes = pb_questionnaire_get_bytes (questionnaire);
  const char *sha256 = pb_questionnaire_get_sha256 (questionnaire);
  g_autofree char *basename = g_path_get_basename (pb_questionnaire_get_display_name (questionnaire));
  g_autofree char *name = describe_questionnaire (pb_questionnaire_get_id (questionnaire),
                                                  pb_questionnaire_get_version (questionnaire), sha256);
  /* Translators: a questionnaire, as in “survey” 2.0.0 (sha256 …) */
  g_autofree char *what = g_strdup_printf (_("Approving the questionnaire %s"), name);
  g_autoptr(GString) content = g_string_new ("\\x");
  g_autoptr(PGresult) res = NULL;
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  /* bytea in its hex form: a text parameter, like every other. */
  for (gsize i = 0; i < size; i++)
    {
      g_string_append_c (content, "0123456789abcdef"[data[i] >> 4]);
      g_string_append_c (content, "0123456789abcdef"[data[i] & 0xf]);
    }

  {
    const char *params[] = { sha256, pb_questionnaire_get_id (questionnaire),
                             pb_questionnaire_get_version (questionnaire), basename, content->str };

    if (!run (conn, what,
              "INSERT INTO probity.questionnaires (sha256, qid, version, file_name, content)"
              " VALUES ($1, $2, $3, $4, $5::bytea) ON CONFLICT DO NOTHING",
              5, params, NULL, error))
      return FALSE;
  }

  {
    const char *params[] = { sha256 };

    /* Who and when are the server's (its trigger). */
    if (!run (conn, what,
              "INSERT INTO probity.approved_questionnaires (sha256, approved_by, approved) VALUES ($1, '', now ())"
              " ON CONFLICT DO NOTHING RETURNING sha256",
              1, params, &res, error))
      return FALSE;
  }

  *added = PQntuples (res) == 1;

  return TRUE;
}

/* Approves every questionnaire this Probity ships; @approved gets the
 * names of those approved now. */
static gboolean
approve_shipped (PGconn     *conn,
                 GPtrArray  *approved,
                 GError    **error)
{
  g_autoptr(GPtrArray) shipped = pb_data_list_questionnaires (error);

  if (shipped == NULL)
    return FALSE;

  for (guint i = 0; i < shipped->len; i++)
    {
      PbQuestionnaire *questionnaire = g_ptr_array_index (shipped, i);
      gboolean added;

      if (!approve_questionnaire (conn, questionnaire, &added, error))
        return FALSE;
      if (added)
        g_ptr_array_add (approved, describe_questionnaire (pb_questionnaire_get_id (questionnaire),
                                                           pb_questionnaire_get_version (questionnaire),
                                                           pb_questionnaire_get_sha256 (questionnaire)));
    }

  return TRUE;
}

/* The approved questionnaires this Probity does not ship. */
static gboolean
list_approved_not_shipped (PGconn     *conn,
                           GPtrArray  *names,
                           GError    **error)
{
  g_autoptr(GPtrArray) shipped = pb_data_list_questionnaires (error);
  g_autoptr(GString) array = g_string_new ("{");
  g_autoptr(PGresult) res = NULL;

  if (shipped == NULL)
    return FALSE;

  for (guint i = 0; i < shipped->len; i++)
    g_string_append_printf (array, "%s%s", i > 0 ? "," : "",
                            pb_questionnaire_get_sha256 (g_ptr_array_index (shipped, i)));
  g_string_append_c (array, '}');

  {
    const char *params[] = { array->str };

    if (!run (conn, _("Reading the approved questionnaires"),
              "SELECT q.qid, q.version, a.sha256 FROM probity.approved_questionnaires a"
              "  JOIN probity.questionnaires q USING (sha256)"
              " WHERE a.sha256 <> ALL ($1::text[]) ORDER BY q.qid, q.version, a.sha256",
              1, params, &res, error))
      return FALSE;
  }

  for (int i = 0; i < PQntuples (res); i++)
    g_ptr_array_add (names, describe_questionnaire (PQgetvalue (res, i, 0), PQgetvalue (res, i, 1),
                                                    PQgetvalue (res, i, 2)));

  return TRUE;
}

/* Installs or upgrades the schema, and approves the questionnaires this
 * Probity ships (@approved: those approved now). An upgrade to version 7
 * approves those the cases there are pinned to: @kept, those of them
 * this Probity does not ship. */
static gboolean
install (PGconn     *conn,
         int        *from,
         GPtrArray  *approved,
         GPtrArray  *kept,
         GError    **error)
{
  g_autoptr(PGresult) res = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);
  g_autofree char *description = describe (conn);

  if (!run (conn, _("Beginning the installation"), "BEGIN; SELECT pg_advisory_xact_lock (" INSTALL_LOCK ")",
            0, NULL, NULL, error))
    return FALSE;

  if (!run (conn, _("Checking the database"),
            "SELECT pg_encoding_to_char (d.encoding), r.rolsuper FROM pg_database d, pg_roles r"
            " WHERE d.datname = current_database () AND r.rolname = current_user",
            0, NULL, &res, error))
    return FALSE;

  if (!g_str_equal (PQgetvalue (res, 0, 0), "UTF8"))
    {
      /* Translators: the connection, then an encoding name */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The %s is encoded in %s; Probity needs a UTF8 database (createdb -E UTF8)"),
                   description, PQgetvalue (res, 0, 0));
      return FALSE;
    }

  if (!g_str_equal (PQgetvalue (res, 0, 1), "t"))
    {
      /* Translators: the connection */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("Installing Probity on the %s needs a superuser: it creates the roles probity_owner, "
                     "probity_sales, probity_reviewer, probity_auditor and probity_admin"),
                   description);
      return FALSE;
    }

  if (!read_version (conn, from, error))
    return FALSE;

  if (*from > PG_SCHEMA_VERSION)
    {
      /* Translators: the connection, its schema version, then this build's */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The %s holds Probity schema version %d, newer than this Probity knows (%d); "
                     "nothing was changed. Use a newer Probity."),
                   description, *from, PG_SCHEMA_VERSION);
      return FALSE;
    }

  if (!run_resource (conn, _("Creating the roles"), ROLES_RESOURCE, error))
    return FALSE;

  for (int v = *from; v < PG_SCHEMA_VERSION; v++)
    {
      g_autofree char *what = g_strdup_printf (_("Installing schema version %d"), v + 1);
      g_autofree char *version = g_strdup_printf ("%d", v + 1);
      const char *params[] = { version, stamp };

      if (!run_resource (conn, what, steps[v], error) ||
          !run (conn, what, "INSERT INTO probity.probity_schema (version, installed) VALUES ($1, $2)",
                2, params, NULL, error))
        return FALSE;
    }

  /* The rating method the outcomes are kept with: this build's, on a new
   * database; the store recomputes outcomes kept with another. */
  {
    g_autofree char *method = g_strdup_printf ("%d", PB_EVALUATION_METHOD_VERSION);
    const char *params[] = { method };

    if (!run (conn, _("Finishing the installation"),
              "INSERT INTO probity.meta (key, value)"
              "  VALUES ('store-uid', gen_random_uuid ()::text), ('cache-method', $1)"
              "  ON CONFLICT (key) DO NOTHING",
              1, params, NULL, error))
      return FALSE;
  }

  if (!approve_shipped (conn, approved, error) ||
      (*from > 0 && *from < 7 && !list_approved_not_shipped (conn, kept, error)))
    return FALSE;

  return run (conn, _("Finishing the installation"), "COMMIT", 0, NULL, NULL, error);
}

static int
db_init (int    argc,
         char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("CONNECTION"));
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) approved = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *description = NULL;
  int from = 0;

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

  if (!(conn = connect_db (argv[1], &error)))
    {
      pb_cli_print_error (error);
      return 1;
    }

  description = describe (conn);
  if (!install (conn, &from, approved, kept, &error))
    {
      rollback (conn);
      pb_cli_print_error (error);
      return 1;
    }

  if (from == PG_SCHEMA_VERSION)
    /* Translators: the connection, then a version */
    printf (_("The %s already holds Probity schema version %d; nothing changed.\n"), description, from);
  else if (from == 0)
    printf (_("Installed Probity schema version %d in the %s.\n"), PG_SCHEMA_VERSION, description);
  else
    printf (_("Upgraded the %s from Probity schema version %d to %d.\n"), description, from, PG_SCHEMA_VERSION);

  for (guint i = 0; i < approved->len; i++)
    /* Translators: a questionnaire, as in “survey” 2.0.0 (sha256 …) */
    printf (_("Approved the questionnaire %s, which this Probity ships.\n"), (char *) g_ptr_array_index (approved, i));
  for (guint i = 0; i < kept->len; i++)
    /* Translators: a questionnaire, as in “survey” 2.0.0 (sha256 …) */
    pb_cli_printerr (_("warning: cases on the server are pinned to the questionnaire %s, which this Probity does not "
                       "ship; it stays approved, so that they go on as they were. Check that its rules are the ones "
                       "you meant (a copy with a hard stop changed has the same id and version)."),
                     (char *) g_ptr_array_index (kept, i));

  return 0;
}

static gboolean
require_current (PGconn  *conn,
                 GError **error)
{
  int version;

  if (!read_version (conn, &version, error))
    return FALSE;

  if (version != PG_SCHEMA_VERSION)
    {
      g_autofree char *description = describe (conn);

      /* Translators: the connection, its schema version, then this build's */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The %s holds Probity schema version %d, and this Probity needs %d: run "
                     "“probity-cli db init” with a Probity of the same version first"),
                   description, version, PG_SCHEMA_VERSION);
      return FALSE;
    }

  return TRUE;
}

static int
db_add_user (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("CONNECTION NAME"));
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *role = NULL;
  g_autofree char *team = NULL;
  g_autofree char *display_name = NULL;
  const GOptionEntry entries[] = {
    { "role", 'r', 0, G_OPTION_ARG_STRING, &role, N_("sales, reviewer, auditor or admin"), N_("ROLE") },
    { "team", 't', 0, G_OPTION_ARG_STRING, &team, N_("The team whose cases a sales person works on"), N_("TEAM") },
    { "name", 'n', 0, G_OPTION_ARG_STRING, &display_name,
      N_("The person’s name as their signing certificate gives it"), N_("NAME") },
    { NULL }
  };

  g_option_context_set_summary (context,
                                _("Let NAME use Probity on the server: a role that can log in (created if "
                                  "missing, with no password: the server authenticates it) in the group of "
                                  "ROLE, and in TEAM. Needs a superuser or a role with CREATEROLE."));
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

  if (!(conn = connect_db (argv[1], &error)) ||
      !require_current (conn, &error))
    {
      pb_cli_print_error (error);
      return 1;
    }

  {
    const char *params[] = { argv[2], role, team, display_name };
    /* Translators: a role name */
    g_autofree char *what = g_strdup_printf (_("Adding %s"), argv[2]);

    /* Parameters, never text pasted into SQL: add_member() quotes names
     * with format (%I). */
    if (!run (conn, what, "SELECT probity.add_member ($1, $2, $3, $4)", 4, params, NULL, &error))
      {
        pb_cli_print_error (error);
        return 1;
      }
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

/* Whether the person connected may approve questionnaires: an
 * administrator, or a superuser. The server decides; this only says it
 * before, in words. */
static gboolean
require_admin (PGconn  *conn,
               GError **error)
{
  g_autoptr(PGresult) res = NULL;

  if (!run (conn, _("Reading your role"),
            "SELECT probity.holds ('admin') OR (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)",
            0, NULL, &res, error))
    return FALSE;

  if (!g_str_equal (PQgetvalue (res, 0, 0), "t"))
    {
      g_autofree char *description = describe (conn);

      /* Translators: the connection, then a person's role name */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("On the %s only an administrator approves questionnaires, and %s is none; nothing was "
                     "approved"),
                   description, PQuser (conn));
      return FALSE;
    }

  return TRUE;
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
print_approved (PGconn  *conn,
                GError **error)
{
  g_autoptr(GPtrArray) shipped = pb_data_list_questionnaires (error);
  g_autoptr(GHashTable) shipped_sha = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(PGresult) res = NULL;

  if (shipped == NULL ||
      !run (conn, _("Reading the approved questionnaires"),
            "SELECT q.qid, q.version, a.sha256, a.approved_by,"
            "       to_char (a.approved AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI \"UTC\"')"
            "  FROM probity.approved_questionnaires a JOIN probity.questionnaires q USING (sha256)"
            " ORDER BY q.qid, q.version, a.approved",
            0, NULL, &res, error))
    return FALSE;

  for (guint i = 0; i < shipped->len; i++)
    g_hash_table_add (shipped_sha, (gpointer) pb_questionnaire_get_sha256 (g_ptr_array_index (shipped, i)));

  printf ("%-28s %-10s %-64s  %s\n", _("ID"), _("VERSION"), _("SHA-256"), _("APPROVED"));
  for (int i = 0; i < PQntuples (res); i++)
    {
      /* Translators: who approved a questionnaire, then when */
      g_autofree char *by = g_strdup_printf (_("by %s, %s"), PQgetvalue (res, i, 3), PQgetvalue (res, i, 4));

      printf ("%-28s %-10s %-64s  %s%s\n", PQgetvalue (res, i, 0), PQgetvalue (res, i, 1), PQgetvalue (res, i, 2), by,
              g_hash_table_contains (shipped_sha, PQgetvalue (res, i, 2)) ? ""
              /* Translators: said of an approved questionnaire */
              : _(" (not shipped with this Probity)"));
    }

  return TRUE;
}

static int
db_approve (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("CONNECTION [FILE…]"));
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(GPtrArray) questionnaires = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  gboolean changed_copy = FALSE;
  const GOptionEntry entries[] = {
    { "changed-copy", 0, 0, G_OPTION_ARG_NONE, &changed_copy,
      N_("Approve a FILE even when it has the id and version of a questionnaire this Probity ships, with other rules"),
      NULL },
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
  if (argc < 2)
    {
      pb_cli_printerr (_("give a CONNECTION, and the questionnaire FILEs to approve"));
      return 2;
    }

  /* Each file whole and valid before anything is approved. */
  for (int i = 2; i < argc; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (argv[i]);
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

  if (!(conn = connect_db (argv[1], &error)) ||
      !require_current (conn, &error))
    {
      pb_cli_print_error (error);
      return 1;
    }

  if (questionnaires->len == 0)
    {
      if (!print_approved (conn, &error))
        {
          pb_cli_print_error (error);
          return 1;
        }
      return 0;
    }

  description = describe (conn);
  if (!require_admin (conn, &error) ||
      !run (conn, _("Beginning the approval"), "BEGIN", 0, NULL, NULL, &error))
    {
      pb_cli_print_error (error);
      return 1;
    }

  for (guint i = 0; i < questionnaires->len; i++)
    {
      PbQuestionnaire *questionnaire = g_ptr_array_index (questionnaires, i);
      g_autofree char *name = describe_questionnaire (pb_questionnaire_get_id (questionnaire),
                                                      pb_questionnaire_get_version (questionnaire),
                                                      pb_questionnaire_get_sha256 (questionnaire));
      gboolean added;

      if (!approve_questionnaire (conn, questionnaire, &added, &error))
        {
          rollback (conn);
          pb_cli_print_error (error);
          return 1;
        }
      if (added)
        /* Translators: a questionnaire, as in “survey” 2.0.0 (sha256 …), then the connection */
        printf (_("Approved the questionnaire %s on the %s: cases may be pinned to it.\n"), name, description);
      else
        /* Translators: a questionnaire, as in “survey” 2.0.0 (sha256 …) */
        printf (_("The questionnaire %s was approved already.\n"), name);
    }

  if (!run (conn, _("Finishing the approval"), "COMMIT", 0, NULL, NULL, &error))
    {
      pb_cli_print_error (error);
      return 1;
    }

  return 0;
}

static int
db_status (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("CONNECTION"));
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(PGresult) res = NULL;
  g_autoptr(GError) error = NULL;
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

  if (!(conn = connect_db (argv[1], &error)) ||
      !read_version (conn, &version, &error))
    {
      pb_cli_print_error (error);
      return 1;
    }

  printf ("%s: %d\n", _("Schema version"), version);
  if (version == 0)
    return 0;

  if (!run (conn, _("Reading your role"),
            "SELECT session_user, coalesce (probity.session_role (), ''), coalesce (probity.my_team (), ''),"
            "       probity.my_name ()",
            0, NULL, &res, &error))
    {
      pb_cli_print_error (error);
      return 1;
    }

  printf ("%s: %s\n", _("Connected as"), PQgetvalue (res, 0, 0));
  printf ("%s: %s\n", _("Signs as"), PQgetvalue (res, 0, 3));
  printf ("%s: %s\n", _("Role"), *PQgetvalue (res, 0, 1) ? PQgetvalue (res, 0, 1) : _("none"));
  printf ("%s: %s\n", _("Team"), *PQgetvalue (res, 0, 2) ? PQgetvalue (res, 0, 2) : _("none"));

  return 0;
}

/* Copies every case of @source into @target, each in its own
 * transaction, verified before and after; stops at the first failure.
 * Counts what it copied. */
static gboolean
copy_cases (PbCaseStore  *source,
            PbCaseStore  *target,
            const char   *team,
            GPtrArray    *ids,
            guint        *n_copied,
            guint        *n_events,
            guint        *n_files,
            GError      **error)
{
  for (guint i = 0; i < ids->len; i++)
    {
      gboolean copied = FALSE;
      guint events = 0, files = 0;

      if (!pb_case_store_copy_case (target, source, g_ptr_array_index (ids, i), NULL, team, &copied, &events, &files,
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
  gboolean resume = FALSE;
  guint n_target = 0, n_copied = 0, n_events = 0, n_files = 0, n_verified = 0;
  const GOptionEntry entries[] = {
    { "resume", 0, 0, G_OPTION_ARG_NONE, &resume,
      N_("Go on with a copy that stopped: TO may hold cases already, each one with the same history as in FROM"),
      NULL },
    { "team", 't', 0, G_OPTION_ARG_STRING, &team,
      N_("On a server: the team the cases go to (default: the team of each case’s creator there)"), N_("TEAM") },
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
                           "that takes the auditor’s role, which an administrator may hold as well; "
                           "whoever keeps the server’s roles grants it with “probity-cli db add-user "
                           "CONNECTION %2$s --role auditor”. Nothing was copied."),
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

  for (guint i = 0; i < g_list_model_get_n_items (cases); i++)
    {
      g_autoptr(PbCaseInfo) info = g_list_model_get_item (cases, i);

      g_ptr_array_add (ids, g_strdup (pb_case_info_get_id (info)));
    }

  if (!copy_cases (source, target, team, ids, &n_copied, &n_events, &n_files, &error))
    {
      pb_cli_print_error (error);
      /* Translators: a number of cases, then a database */
      pb_cli_printerr (_("Cases copied before it, each whole, stay: %u in %s. Run the same command with "
                         "--resume to go on."), n_copied, pb_case_store_get_display_name (target));
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

  /* Translators: numbers of cases, events and stored files, then two databases */
  printf (_("Cases copied: %u (events: %u, stored files: %u), from %s to %s.\n"),
          n_copied, n_events, n_files, pb_case_store_get_display_name (source), pb_case_store_get_display_name (target));
  if (n_copied < ids->len)
    /* Translators: a number of cases */
    printf (_("Cases there already, with the same history: %u.\n"), ids->len - n_copied);
  /* Translators: a database, then a number of cases */
  printf (_("History chains verified in %s: %u.\n"), pb_case_store_get_display_name (target), n_verified);

  return 0;
}

static const PbCliCommand db_commands[] = {
  { "init",     NULL, N_("Install or upgrade the schema and roles on a PostgreSQL server"), db_init },
  { "add-user", NULL, N_("Let a person use Probity on the server, in a role and a team"), db_add_user },
  { "approve",  NULL, N_("Let cases on the server use a questionnaire, or list those approved"), db_approve },
  { "status",   NULL, N_("Show the schema version, and who you are on the server"), db_status },
  { "copy",     NULL, N_("Copy every case between a file and a server, and verify them"), db_copy },
};

static void
print_db_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n%s\n", _("Usage: probity-cli db COMMAND [OPTION…]"), _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (db_commands); i++)
    fprintf (stream, "  %-10s %s\n", db_commands[i].name, _(db_commands[i].summary));
}

int
pb_cli_db (int    argc,
           char **argv)
{
  return pb_cli_run_command (argc, argv, "db", db_commands, G_N_ELEMENTS (db_commands), print_db_usage);
}
