/* pb-server-admin.c: setting up a team server on PostgreSQL: its schema,
 * its people and the questionnaires its cases may be pinned to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What `probity-cli db` does, through libpq directly: it installs the
 * schema (the .sql files of app/storage/postgresql, compiled in as a
 * resource) and adds people, which the case store never does. No password
 * is stored or put in a message: libpq reads its service and password
 * files, and the caller is asked otherwise.
 */

#define G_LOG_DOMAIN "pb-server-admin"

#include "config.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <string.h>

#include "pb-countries.h"
#include "pb-data.h"
#include "pb-db-pg.h"
#include "pb-db-statements.h"
#include "pb-evaluation.h"
#include "pb-i18n.h"
#include "pb-pg-schema-resources.h"
#include "pb-server-admin.h"

struct _PbServerAdmin
{
  GObject  parent_instance;

  PGconn  *conn;
  int      lock_timeout;  /* seconds the installation waits for a lock */
};

G_DEFINE_FINAL_TYPE (PbServerAdmin, pb_server_admin, G_TYPE_OBJECT)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

/* The resource of each step: installing version N runs steps[N - 1]. */
static const char * const steps[PB_SERVER_SCHEMA_VERSION] = {
  "/io/github/probity/Probity/postgresql/schema-v1.sql",
  "/io/github/probity/Probity/postgresql/schema-v2.sql",
  "/io/github/probity/Probity/postgresql/schema-v3.sql",
  "/io/github/probity/Probity/postgresql/schema-v4.sql",
  "/io/github/probity/Probity/postgresql/schema-v5.sql",
  "/io/github/probity/Probity/postgresql/schema-v6.sql",
  "/io/github/probity/Probity/postgresql/schema-v7.sql",
  "/io/github/probity/Probity/postgresql/schema-v8.sql",
  "/io/github/probity/Probity/postgresql/schema-v9.sql",
  "/io/github/probity/Probity/postgresql/schema-v10.sql",
  "/io/github/probity/Probity/postgresql/schema-v11.sql",
  "/io/github/probity/Probity/postgresql/schema-v12.sql",
  "/io/github/probity/Probity/postgresql/schema-v13.sql",
  "/io/github/probity/Probity/postgresql/schema-v14.sql",
  "/io/github/probity/Probity/postgresql/schema-v15.sql",
  "/io/github/probity/Probity/postgresql/schema-v16.sql",
  "/io/github/probity/Probity/postgresql/schema-v17.sql",
  "/io/github/probity/Probity/postgresql/schema-v18.sql",
  "/io/github/probity/Probity/postgresql/schema-v19.sql",
};

#define ROLES_RESOURCE "/io/github/probity/Probity/postgresql/roles.sql"
#define STATISTICS_RESOURCE "/io/github/probity/Probity/postgresql/statistics.sql"

/* Serialises concurrent installs: pg_advisory_xact_lock() key ("PBTY"),
 * waited for no longer than DDL_LOCK_TIMEOUT. */
#define INSTALL_LOCK "1346524249"
/* How long the installation waits for a lock on a table (seconds) at
 * most: an ALTER waiting behind an auditor's long read would otherwise
 * hold up every save queued behind it (review14b E4). A shorter
 * lock_timeout of the session (PGOPTIONS, ALTER ROLE … SET) is kept. */
#define DDL_LOCK_TIMEOUT 20

/* The version that keeps the questionnaires an administrator approved. */
#define SCHEMA_APPROVED 7

static void
pb_server_admin_finalize (GObject *object)
{
  PbServerAdmin *self = PB_SERVER_ADMIN (object);

  g_clear_pointer (&self->conn, PQfinish);

  G_OBJECT_CLASS (pb_server_admin_parent_class)->finalize (object);
}

static void
pb_server_admin_class_init (PbServerAdminClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pb_server_admin_finalize;
}

static void
pb_server_admin_init (PbServerAdmin *self)
{
  self->lock_timeout = DDL_LOCK_TIMEOUT;
}

void
pb_server_approval_free (PbServerApproval *approval)
{
  if (approval == NULL)
    return;

  g_free (approval->id);
  g_free (approval->version);
  g_free (approval->sha256);
  g_free (approval->approved_by);
  g_free (approval->approved);
  g_free (approval->changed_by);
  g_free (approval->changed);
  g_free (approval->reason);
  g_free (approval);
}

/* Connecting -------------------------------------------------------------------- */

static char *
describe_conn (PGconn *conn)
{
  /* Translators: a database name, a host or socket folder, a port, then a role */
  return g_strdup_printf (_("database “%s” on %s:%s as %s"),
                          PQdb (conn), PQhost (conn), PQport (conn), PQuser (conn));
}

static PGconn *
try_connect (const char *conninfo,
             const char *password)
{
  /* expand_dbname: @conninfo may be a URI, key=value settings or a service
   * (service=NAME); what follows it in the list overrides it. */
  const char *keywords[] = { "dbname", "application_name", "client_encoding", "password", NULL };
  const char *values[] = { conninfo, "probity-cli", "UTF8", password, NULL };

  if (password == NULL)
    keywords[3] = NULL;

  return PQconnectdbParams (keywords, values, TRUE);
}

/* What the server notices below a warning ("role … is already a member
 * of role probity_reviewer" when a person of another database of the
 * cluster is added here) is for debugging: what was asked was done.
 * A warning says something was not, and reaches the terminal as libpq
 * would print it. */
static void
receive_notice (void           *user_data,
                const PGresult *result)
{
  const char *severity = PQresultErrorField (result, PG_DIAG_SEVERITY_NONLOCALIZED);

  if (g_strcmp0 (severity, "WARNING") == 0)
    fputs (PQresultErrorMessage (result), stderr);
  else
    g_debug ("%s", PQresultErrorMessage (result));
}

PbServerAdmin *
pb_server_admin_connect (const char              *conninfo,
                         PbServerAdminAskSecret   ask_secret,
                         GError                 **error)
{
  g_autoptr(PGconn) conn = NULL;
  char *parse_error = NULL;
  PQconninfoOption *options;
  PbServerAdmin *self;

  g_return_val_if_fail (conninfo != NULL, NULL);

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
  if (PQstatus (conn) != CONNECTION_OK && PQconnectionNeedsPassword (conn) && ask_secret != NULL)
    {
      g_autofree char *description = describe_conn (conn);
      /* Translators: what the connection is, as in “database “probity” on … as alice” */
      g_autofree char *prompt = g_strdup_printf (_("Password for %s: "), description);
      char *password = ask_secret (prompt);

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
      g_autofree char *description = describe_conn (conn);
      g_autofree char *reason = g_strchomp (g_strdup (PQerrorMessage (conn)));

      /* Translators: what the connection is, then libpq's reason */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED,
                   _("Could not connect to the %s: %s"), description, reason);
      return NULL;
    }

  PQsetNoticeReceiver (conn, receive_notice, NULL);
  self = g_object_new (PB_TYPE_SERVER_ADMIN, NULL);
  self->conn = g_steal_pointer (&conn);

  return self;
}

char *
pb_server_admin_describe (PbServerAdmin *self)
{
  g_return_val_if_fail (PB_IS_SERVER_ADMIN (self), NULL);

  return describe_conn (self->conn);
}

const char *
pb_server_admin_get_user (PbServerAdmin *self)
{
  g_return_val_if_fail (PB_IS_SERVER_ADMIN (self), NULL);

  return PQuser (self->conn);
}

/* Running SQL ------------------------------------------------------------------- */

/* Runs @sql (several statements when no parameters); FALSE with the
 * server's message, prefixed by @what and the connection, on error. */
static gboolean
run (PbServerAdmin  *self,
     const char     *what,
     const char     *sql,
     int             n_params,
     const char    **params,
     PGresult      **result,
     GError        **error)
{
  g_autoptr(PGresult) res = NULL;
  ExecStatusType status;

  if (n_params == 0)
    res = PQexec (self->conn, sql);
  else
    res = PQexecParams (self->conn, sql, n_params, NULL, params, NULL, NULL, 0);

  status = PQresultStatus (res);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
      g_autofree char *description = describe_conn (self->conn);
      const char *message = PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY);
      const char *code = PQresultErrorField (res, PG_DIAG_SQLSTATE);

      if (g_strcmp0 (code, "55P03") == 0)
        /* Translators: what was being done, the connection, then a number of seconds */
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                     _("%s (%s): another session held a lock on Probity’s tables for %d seconds (a long "
                       "read, or a transaction left open); nothing was changed. Try again once it is done."),
                     what, description, self->lock_timeout);
      else
        /* Translators: what was being done, the connection, the server's message, then its SQLSTATE code */
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("%s (%s): %s [%s]"),
                     what, description, message != NULL ? message : PQerrorMessage (self->conn),
                     code != NULL ? code : "?");
      return FALSE;
    }

  if (result != NULL)
    *result = g_steal_pointer (&res);

  return TRUE;
}

static gboolean
run_resource (PbServerAdmin  *self,
              const char     *what,
              const char     *path,
              GError        **error)
{
  g_autoptr(GBytes) bytes = g_resource_lookup_data (pb_pg_schema_get_resource (), path,
                                                    G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  g_autofree char *sql = NULL;

  if (bytes == NULL)
    return FALSE;

  sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  return run (self, what, sql, 0, NULL, NULL, error);
}

/* How many statements one INSERT registers. */
#define REGISTER_BATCH 200

/* Every statement this Probity's store may run, as the server receives
 * them ("$N" parameters), in probity.statements: a sales person's or
 * reviewer's Probity runs no other (probity.gate (), schema-v16.sql).
 * Those of other versions stay: an older Probity still connected goes on.
 * @n_registered: how many were not registered yet. */
static gboolean
register_statements (PbServerAdmin  *self,
                     guint          *n_registered,
                     GError        **error)
{
  g_autoptr(GPtrArray) statements = pb_db_statements_list ();
  g_autoptr(GPtrArray) rewritten = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < statements->len; i++)
    {
      int n_params;

      g_ptr_array_add (rewritten, pb_db_pg_rewrite_sql (g_ptr_array_index (statements, i), &n_params));
    }

  for (guint start = 0; start < rewritten->len; start += REGISTER_BATCH)
    {
      guint n = MIN (REGISTER_BATCH, rewritten->len - start);
      g_autoptr(GString) sql = g_string_new ("INSERT INTO probity.statements (sha256, sql)"
                                             " SELECT sha256 (convert_to (s, 'UTF8')), s FROM unnest (ARRAY[");
      g_autoptr(PGresult) res = NULL;

      for (guint i = 1; i <= n; i++)
        g_string_append_printf (sql, i > 1 ? ", $%u" : "$%u", i);
      g_string_append (sql, "]::text[]) AS s ON CONFLICT DO NOTHING");
      if (!run (self, _("Registering Probity’s statements"), sql->str, n,
                (const char **) rewritten->pdata + start, &res, error))
        return FALSE;
      /* The rows inserted: those already there conflict. */
      *n_registered += (guint) g_ascii_strtoull (PQcmdTuples (res), NULL, 10);
    }

  return TRUE;
}

static void
rollback (PbServerAdmin *self)
{
  PQclear (PQexec (self->conn, "ROLLBACK"));
}

/* The schema ---------------------------------------------------------------------- */

gboolean
pb_server_admin_read_version (PbServerAdmin  *self,
                              int            *version,
                              GError        **error)
{
  g_autoptr(PGresult) res = NULL;

  g_return_val_if_fail (PB_IS_SERVER_ADMIN (self), FALSE);

  if (!run (self, _("Reading the schema version"),
            "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'probity'),"
            "       to_regclass ('probity.probity_schema') IS NOT NULL",
            0, NULL, &res, error))
    return FALSE;

  *version = 0;
  if (g_str_equal (PQgetvalue (res, 0, 0), "f"))
    return TRUE;

  /* A schema "probity" that is not Probity's. */
  if (g_str_equal (PQgetvalue (res, 0, 1), "f"))
    {
      g_autofree char *description = describe_conn (self->conn);

      /* Translators: the connection */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("The %s has a schema “probity” that Probity did not make; nothing was changed"),
                   description);
      return FALSE;
    }

  g_clear_pointer (&res, PQclear);
  if (!run (self, _("Reading the schema version"),
            "SELECT coalesce (max (version), 0) FROM probity.probity_schema", 0, NULL, &res, error))
    return FALSE;

  *version = (int) g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);

  return TRUE;
}

gboolean
pb_server_admin_require_current (PbServerAdmin  *self,
                                 GError        **error)
{
  int version;

  g_return_val_if_fail (PB_IS_SERVER_ADMIN (self), FALSE);

  if (!pb_server_admin_read_version (self, &version, error))
    return FALSE;

  if (version != PB_SERVER_SCHEMA_VERSION)
    {
      g_autofree char *description = describe_conn (self->conn);

      /* Translators: the connection, its schema version, then this build's */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The %s holds Probity schema version %d, and this Probity needs %d: run "
                     "“probity-cli db init” with a Probity of the same version first"),
                   description, version, PB_SERVER_SCHEMA_VERSION);
      return FALSE;
    }

  return TRUE;
}

/* Questionnaires ------------------------------------------------------------------ */

char *
pb_server_describe_questionnaire (const char *id,
                                  const char *version,
                                  const char *sha256)
{
  /* Translators: a questionnaire id, its version, then its SHA-256 */
  return g_strdup_printf (_("“%s” %s (sha256 %s)"), id, version, sha256);
}

/* Stores the bytes of @questionnaire on the server and approves them, so
 * that cases may be pinned to them; an approval withdrawn, or made by the
 * upgrade to version 7 and not reviewed, is approved again when @again
 * (else only the latter). The server refuses it to anyone but an
 * administrator (or a superuser). */
static gboolean
approve_questionnaire (PbServerAdmin          *self,
                       PbQuestionnaire        *questionnaire,
                       gboolean                again,
                       PbServerApproveResult  *result,
                       GError                **error)
{
  GBytes *bytes = pb_questionnaire_get_bytes (questionnaire);
  const char *sha256 = pb_questionnaire_get_sha256 (questionnaire);
  g_autofree char *basename = g_path_get_basename (pb_questionnaire_get_display_name (questionnaire));
  g_autofree char *name = pb_server_describe_questionnaire (pb_questionnaire_get_id (questionnaire),
                                                            pb_questionnaire_get_version (questionnaire), sha256);
  /* Translators: a questionnaire, as in “survey” 2.0.0 (sha256 …) */
  g_autofree char *what = g_strdup_printf (_("Approving the questionnaire %s"), name);
  g_autoptr(GString) content = g_string_new ("\\x");
  g_autoptr(PGresult) res = NULL;
  const char *state;
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  const char *sha_params[] = { sha256 };

  /* bytea in its hex form: a text parameter, like every other. */
  for (gsize i = 0; i < size; i++)
    {
      g_string_append_c (content, "0123456789abcdef"[data[i] >> 4]);
      g_string_append_c (content, "0123456789abcdef"[data[i] & 0xf]);
    }

  {
    const char *params[] = { sha256, pb_questionnaire_get_id (questionnaire),
                             pb_questionnaire_get_version (questionnaire), basename, content->str };

    if (!run (self, what,
              "INSERT INTO probity.questionnaires (sha256, qid, version, file_name, content)"
              " VALUES ($1, $2, $3, $4, $5::bytea) ON CONFLICT DO NOTHING",
              5, params, NULL, error))
      return FALSE;
  }

  /* Who and when are the server's (its trigger). */
  if (!run (self, what,
            "INSERT INTO probity.approved_questionnaires (sha256, approved_by, approved) VALUES ($1, '', now ())"
            " ON CONFLICT DO NOTHING RETURNING sha256",
            1, sha_params, &res, error))
    return FALSE;

  if (PQntuples (res) == 1)
    {
      *result = PB_SERVER_APPROVE_ADDED;
      return TRUE;
    }

  g_clear_pointer (&res, PQclear);
  if (!run (self, what, "SELECT probity.approval_state ($1)", 1, sha_params, &res, error))
    return FALSE;

  state = PQgetvalue (res, 0, 0);
  *result = PB_SERVER_APPROVE_ALREADY;
  if (g_str_equal (state, "unreviewed") || (again && g_str_equal (state, "withdrawn")))
    {
      if (!run (self, what, "INSERT INTO probity.approval_changes (sha256, change) VALUES ($1, 'approved')",
                1, sha_params, NULL, error))
        return FALSE;
      *result = PB_SERVER_APPROVE_AGAIN;
    }

  return TRUE;
}

/* Stores the bytes of @reference on the server and approves them, so
 * that cases may pin them (schema-v10.sql); an approval withdrawn, or
 * made by the upgrade to version 10 and not reviewed, is approved again
 * when @again (else only the latter: schema-v12.sql). */
static gboolean
approve_reference (PbServerAdmin          *self,
                   PbCountries            *reference,
                   gboolean                again,
                   PbServerApproveResult  *result,
                   GError                **error)
{
  GBytes *bytes = pb_countries_get_bytes (reference);
  const char *sha256 = pb_countries_get_sha256 (reference);
  g_autofree char *basename = g_path_get_basename (pb_countries_get_display_name (reference));
  /* Translators: a version of the country reference data, then its SHA-256 */
  g_autofree char *what = g_strdup_printf (_("Approving the country reference data %s (sha256 %s)"),
                                           pb_countries_get_version (reference), sha256);
  g_autoptr(GString) content = g_string_new ("\\x");
  g_autoptr(PGresult) res = NULL;
  const char *sha_params[] = { sha256 };
  const char *state;
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  for (gsize i = 0; i < size; i++)
    {
      g_string_append_c (content, "0123456789abcdef"[data[i] >> 4]);
      g_string_append_c (content, "0123456789abcdef"[data[i] & 0xf]);
    }

  {
    const char *params[] = { sha256, pb_countries_get_version (reference), basename, content->str };

    if (!run (self, what,
              "INSERT INTO probity.reference_data (sha256, version, file_name, content)"
              " VALUES ($1, $2, $3, $4::bytea) ON CONFLICT DO NOTHING",
              4, params, NULL, error))
      return FALSE;
  }

  if (!run (self, what,
            "INSERT INTO probity.approved_reference_data (sha256) VALUES ($1) ON CONFLICT DO NOTHING RETURNING sha256",
            1, sha_params, &res, error))
    return FALSE;

  if (PQntuples (res) == 1)
    {
      *result = PB_SERVER_APPROVE_ADDED;
      return TRUE;
    }

  g_clear_pointer (&res, PQclear);
  if (!run (self, what, "SELECT probity.reference_approval_state ($1)", 1, sha_params, &res, error))
    return FALSE;

  state = PQgetvalue (res, 0, 0);
  *result = PB_SERVER_APPROVE_ALREADY;
  if (g_str_equal (state, "unreviewed") || (again && g_str_equal (state, "withdrawn")))
    {
      if (!run (self, what,
                "INSERT INTO probity.reference_approval_changes (sha256, change) VALUES ($1, 'approved')",
                1, sha_params, NULL, error))
        return FALSE;
      *result = PB_SERVER_APPROVE_AGAIN;
    }

  return TRUE;
}

gboolean
pb_server_admin_approve_reference (PbServerAdmin          *self,
                                   PbCountries            *reference,
                                   PbServerApproveResult  *result,
                                   GError                **error)
{
  g_return_val_if_fail (PB_IS_SERVER_ADMIN (self), FALSE);

  return approve_reference (self, reference, TRUE, result, error);
}

/* Approves the country reference data this Probity ships, and the data it
 * uses when that is another ($PROBITY_COUNTRIES, or a generated file):
 * whoever installs vouches for it, also when the upgrade approved it
 * only. An approval an administrator withdrew stays so. */
static gboolean
approve_own_reference (PbServerAdmin  *self,
                       GError        **error)
{
  g_autoptr(PbCountries) shipped = pb_countries_load_shipped (error);
  g_autoptr(PbCountries) in_use = NULL;
  PbServerApproveResult result;

  if (shipped == NULL || !approve_reference (self, shipped, FALSE, &result, error))
    return FALSE;
  if (!(in_use = pb_countries_load_default (error)))
    return FALSE;

  return approve_reference (self, in_use, FALSE, &result, error);
}

/* Approves every questionnaire this Probity ships; @approved gets the
 * names of those approved now. One an administrator withdrew stays so. */
static gboolean
approve_shipped (PbServerAdmin  *self,
                 GPtrArray      *approved,
                 GError        **error)
{
  g_autoptr(GPtrArray) shipped = pb_data_list_questionnaires (error);

  if (shipped == NULL)
    return FALSE;

  for (guint i = 0; i < shipped->len; i++)
    {
      PbQuestionnaire *questionnaire = g_ptr_array_index (shipped, i);
      PbServerApproveResult result;

      if (!approve_questionnaire (self, questionnaire, FALSE, &result, error))
        return FALSE;
      if (result == PB_SERVER_APPROVE_ADDED)
        g_ptr_array_add (approved, pb_server_describe_questionnaire (pb_questionnaire_get_id (questionnaire),
                                                                     pb_questionnaire_get_version (questionnaire),
                                                                     pb_questionnaire_get_sha256 (questionnaire)));
    }

  return TRUE;
}

static PbServerApprovalState
state_from_string (const char *change)
{
  if (g_strcmp0 (change, "withdrawn") == 0)
    return PB_SERVER_APPROVAL_WITHDRAWN;
  if (g_strcmp0 (change, "unreviewed") == 0)
    return PB_SERVER_APPROVAL_UNREVIEWED;

  return PB_SERVER_APPROVAL_APPROVED;
}

static const char list_approvals_sql[] =
  "SELECT q.qid, q.version, a.sha256, a.approved_by,"
  "       to_char (a.approved AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI \"UTC\"'),"
  "       c.change, c.changed_by, to_char (c.changed AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI \"UTC\"'), c.reason"
  "  FROM probity.approved_questionnaires a JOIN probity.questionnaires q USING (sha256)"
  "  LEFT JOIN LATERAL (SELECT x.change, x.changed_by, x.changed, x.reason FROM probity.approval_changes x"
  "                      WHERE x.sha256 = a.sha256 ORDER BY x.id DESC LIMIT 1) c ON true"
  " ORDER BY q.qid, q.version, a.approved, a.sha256";

GPtrArray *
pb_server_admin_list_approvals (PbServerAdmin  *self,
                                GError        **error)
{
  g_autoptr(GPtrArray) approvals = g_ptr_array_new_with_free_func ((GDestroyNotify) pb_server_approval_free);
  g_autoptr(PGresult) res = NULL;

  g_return_val_if_fail (PB_IS_SERVER_ADMIN (self), NULL);

  if (!run (self, _("Reading the approved questionnaires"), list_approvals_sql, 0, NULL, &res, error))
    return NULL;

  for (int i = 0; i < PQntuples (res); i++)
    {
      PbServerApproval *approval = g_new0 (PbServerApproval, 1);

      approval->id = g_strdup (PQgetvalue (res, i, 0));
      approval->version = g_strdup (PQgetvalue (res, i, 1));
      approval->sha256 = g_strdup (PQgetvalue (res, i, 2));
      approval->approved_by = g_strdup (PQgetvalue (res, i, 3));
      approval->approved = g_strdup (PQgetvalue (res, i, 4));
      if (!PQgetisnull (res, i, 5))
        {
          approval->state = state_from_string (PQgetvalue (res, i, 5));
          approval->changed_by = g_strdup (PQgetvalue (res, i, 6));
          approval->changed = g_strdup (PQgetvalue (res, i, 7));
          approval->reason = PQgetisnull (res, i, 8) ? NULL : g_strdup (PQgetvalue (res, i, 8));
        }
      approval->shipped = pb_data_ships_questionnaire (approval->sha256);
      g_ptr_array_add (approvals, approval);
    }

  return g_steal_pointer (&approvals);
}

/* The names of the approvals an upgrade made that nobody reviewed, of
 * questionnaires this Probity does not ship. */
static gboolean
list_unreviewed (PbServerAdmin  *self,
                 GPtrArray      *names,
                 GError        **error)
{
  g_autoptr(GPtrArray) approvals = pb_server_admin_list_approvals (self, error);

  if (approvals == NULL)
    return FALSE;

  for (guint i = 0; i < approvals->len; i++)
    {
      PbServerApproval *approval = g_ptr_array_index (approvals, i);

      if (approval->state == PB_SERVER_APPROVAL_UNREVIEWED && !approval->shipped)
        g_ptr_array_add (names, pb_server_describe_questionnaire (approval->id, approval->version, approval->sha256));
    }

  return TRUE;
}

static const char list_reference_approvals_sql[] =
  "SELECT d.version, a.sha256, a.approved_by,"
  "       to_char (a.approved AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI \"UTC\"'),"
  "       c.change, c.changed_by, to_char (c.changed AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI \"UTC\"'), c.reason"
  "  FROM probity.approved_reference_data a JOIN probity.reference_data d USING (sha256)"
  "  LEFT JOIN LATERAL (SELECT x.change, x.changed_by, x.changed, x.reason FROM probity.reference_approval_changes x"
  "                      WHERE x.sha256 = a.sha256 ORDER BY x.id DESC LIMIT 1) c ON true"
  " ORDER BY d.version, a.approved, a.sha256";

GPtrArray *
pb_server_admin_list_reference_approvals (PbServerAdmin  *self,
                                          GError        **error)
{
  g_autoptr(GPtrArray) approvals = g_ptr_array_new_with_free_func ((GDestroyNotify) pb_server_approval_free);
  g_autoptr(PGresult) res = NULL;

  g_return_val_if_fail (PB_IS_SERVER_ADMIN (self), NULL);

  if (!run (self, _("Reading the approved reference data"), list_reference_approvals_sql, 0, NULL, &res, error))
    return NULL;

  for (int i = 0; i < PQntuples (res); i++)
    {
      PbServerApproval *approval = g_new0 (PbServerApproval, 1);

      approval->id = g_strdup ("countries");
      approval->version = g_strdup (PQgetvalue (res, i, 0));
      approval->sha256 = g_strdup (PQgetvalue (res, i, 1));
      approval->approved_by = g_strdup (PQgetvalue (res, i, 2));
      approval->approved = g_strdup (PQgetvalue (res, i, 3));
      if (!PQgetisnull (res, i, 4))
        {
          approval->state = state_from_string (PQgetvalue (res, i, 4));
          approval->changed_by = g_strdup (PQgetvalue (res, i, 5));
          approval->changed = g_strdup (PQgetvalue (res, i, 6));
          approval->reason = PQgetisnull (res, i, 7) ? NULL : g_strdup (PQgetvalue (res, i, 7));
        }
      approval->shipped = pb_countries_is_known (approval->sha256);
      g_ptr_array_add (approvals, approval);
    }

  return g_steal_pointer (&approvals);
}

/* The country reference data an upgrade approved because cases were
 * pinned to it (schema-v10.sql), and nobody reviewed since
 * (schema-v12.sql), that this Probity neither ships nor uses: "VERSION (sha256 …)" into @names. A sales person's copy
 * with an embargo emptied keeps the version (review14c F1). */
static gboolean
list_unreviewed_references (PbServerAdmin  *self,
                            GPtrArray      *names,
                            GError        **error)
{
  g_autoptr(GPtrArray) approvals = pb_server_admin_list_reference_approvals (self, error);

  if (approvals == NULL)
    return FALSE;

  for (guint i = 0; i < approvals->len; i++)
    {
      PbServerApproval *approval = g_ptr_array_index (approvals, i);

      if (approval->state == PB_SERVER_APPROVAL_UNREVIEWED && !approval->shipped)
        /* Translators: a version of the country reference data, then its SHA-256 */
        g_ptr_array_add (names, g_strdup_printf (_("%s (sha256 %s)"), approval->version, approval->sha256));
    }

  return TRUE;
}

/* Installing ---------------------------------------------------------------------- */

static gboolean
install (PbServerAdmin  *self,
         int            *from,
         guint          *n_registered,
         GPtrArray      *approved,
         GPtrArray      *unreviewed,
         GPtrArray      *unreviewed_references,
         GError        **error)
{
  g_autoptr(PGresult) res = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);
  g_autofree char *description = describe_conn (self->conn);

  /* The time-out first: the install lock is an advisory lock, which any
   * login may take and hold (review14d G4); waiting for it is bounded too. */
  if (!run (self, _("Beginning the installation"),
            "BEGIN; SELECT set_config ('lock_timeout', ms::text, true), ms FROM"
            "  (SELECT least (nullif (setting::bigint, 0), " G_STRINGIFY (DDL_LOCK_TIMEOUT) " * 1000) AS ms"
            "     FROM pg_settings WHERE name = 'lock_timeout') t",
            0, NULL, &res, error))
    return FALSE;
  /* In whole seconds, for people. */
  self->lock_timeout = (int) ((g_ascii_strtoll (PQgetvalue (res, 0, 1), NULL, 10) + 999) / 1000);
  g_clear_pointer (&res, PQclear);
  if (!run (self, _("Beginning the installation"), "SELECT pg_advisory_xact_lock (" INSTALL_LOCK ")",
            0, NULL, NULL, error))
    return FALSE;

  if (!run (self, _("Checking the database"),
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

  if (!pb_server_admin_read_version (self, from, error))
    return FALSE;

  if (*from > PB_SERVER_SCHEMA_VERSION)
    {
      /* Translators: the connection, its schema version, then this build's */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The %s holds Probity schema version %d, newer than this Probity knows (%d); "
                     "nothing was changed. Use a newer Probity."),
                   description, *from, PB_SERVER_SCHEMA_VERSION);
      return FALSE;
    }

  if (!run_resource (self, _("Creating the roles"), ROLES_RESOURCE, error))
    return FALSE;

  /* Only Probity's people connect: anyone else who may log in to the
   * cluster could otherwise LISTEN, NOTIFY and make temporary tables
   * here (review14b). Every run, like the roles: a restored database may
   * have lost it. */
  if (!run (self, _("Creating the roles"),
            "DO $$ BEGIN"
            " EXECUTE format ('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database ());"
            " END $$",
            0, NULL, NULL, error))
    return FALSE;

  for (int v = *from; v < PB_SERVER_SCHEMA_VERSION; v++)
    {
      g_autofree char *what = g_strdup_printf (_("Installing schema version %d"), v + 1);
      g_autofree char *version = g_strdup_printf ("%d", v + 1);
      const char *params[] = { version, stamp };

      if (!run_resource (self, what, steps[v], error) ||
          !run (self, what, "INSERT INTO probity.probity_schema (version, installed) VALUES ($1, $2)",
                2, params, NULL, error))
        return FALSE;
    }

  if (!register_statements (self, n_registered, error))
    return FALSE;

  /* Every run, as the roles: a column or index added since, or a
   * database restored with its statistics, keeps none that would tell
   * people of rows hidden from them (statistics.sql). */
  if (!run_resource (self, _("Hiding the statistics of the cases’ tables"), STATISTICS_RESOURCE, error))
    return FALSE;

  /* And only this database's people: the groups are the cluster's, and
   * a member of another database would act here (review14c F3). Each
   * member connects, and add_member() lets the new ones, as
   * probity_owner's grant (schema-v12.sql). */
  if (!run (self, _("Letting the members connect"),
            "DO $$ DECLARE m name; BEGIN"
            " EXECUTE format ('REVOKE CONNECT ON DATABASE %I FROM probity_sales, probity_reviewer, probity_auditor,"
            " probity_admin', current_database ());"
            " EXECUTE format ('GRANT CONNECT ON DATABASE %I TO probity_owner WITH GRANT OPTION', current_database ());"
            " FOR m IN SELECT x.member FROM probity.members x JOIN pg_roles r ON r.rolname = x.member ORDER BY 1 LOOP"
            "  EXECUTE format ('GRANT CONNECT ON DATABASE %I TO %I', current_database (), m);"
            " END LOOP;"
            " END $$",
            0, NULL, NULL, error))
    return FALSE;

  /* The rating method the outcomes are kept with: this build's, on a new
   * database; the store recomputes outcomes kept with another. */
  {
    g_autofree char *method = g_strdup_printf ("%d", PB_EVALUATION_METHOD_VERSION);
    const char *params[] = { method };

    if (!run (self, _("Finishing the installation"),
              "INSERT INTO probity.meta (key, value)"
              "  VALUES ('store-uid', gen_random_uuid ()::text), ('cache-method', $1)"
              "  ON CONFLICT (key) DO NOTHING",
              1, params, NULL, error))
      return FALSE;
  }

  /* Approved again by the bytes this Probity ships, the upgrade's
   * approvals left are those of other questionnaires. */
  if (!approve_shipped (self, approved, error) ||
      !approve_own_reference (self, error) ||
      (*from > 0 && *from < PB_SERVER_SCHEMA_VERSION && !list_unreviewed (self, unreviewed, error)) ||
      !list_unreviewed_references (self, unreviewed_references, error))
    return FALSE;

  /* Sent with the commit: a window open meanwhile, listening to the
   * channels an older schema gave, hears that it must listen again. */
  {
    g_autofree char *version = g_strdup_printf ("%d", PB_SERVER_SCHEMA_VERSION);
    const char *params[] = { version };

    if (!run (self, _("Finishing the installation"), "SELECT pg_notify ('" PB_SERVER_SCHEMA_CHANNEL "', $1)",
              1, params, NULL, error))
      return FALSE;
  }

  return run (self, _("Finishing the installation"), "COMMIT", 0, NULL, NULL, error);
}

gboolean
pb_server_admin_install (PbServerAdmin  *self,
                         int            *from,
                         guint          *n_registered,
                         GPtrArray      *approved,
                         GPtrArray      *unreviewed,
                         GPtrArray      *unreviewed_references,
                         GError        **error)
{
  g_return_val_if_fail (PB_IS_SERVER_ADMIN (self), FALSE);
  g_return_val_if_fail (n_registered != NULL, FALSE);

  *n_registered = 0;
  if (!install (self, from, n_registered, approved, unreviewed, unreviewed_references, error))
    {
      rollback (self);
      return FALSE;
    }

  return TRUE;
}

/* People ------------------------------------------------------------------------ */

/* The roles a text[] named, from array_to_string (…, ' '): Probity's role
 * words, which need no quoting. */
static char **
split_roles (PGresult *res)
{
  return g_strsplit (PQgetvalue (res, 0, 0), " ", -1);
}

gboolean
pb_server_admin_add_member (PbServerAdmin  *self,
                            const char     *name,
                            const char     *role,
                            const char     *team,
                            const char     *display_name,
                            const char     *organisation,
                            char         ***taken,
                            GError        **error)
{
  const char *params[] = { name, role, team, display_name, organisation };
  g_autoptr(PGresult) res = NULL;
  /* Translators: a role name */
  g_autofree char *what = g_strdup_printf (_("Adding %s"), name);

  g_return_val_if_fail (PB_IS_SERVER_ADMIN (self), FALSE);
  g_return_val_if_fail (name != NULL && role != NULL, FALSE);
  g_return_val_if_fail (taken != NULL, FALSE);

  /* Parameters, never text pasted into SQL: add_member() quotes names
   * with format (%I). set_member() takes the roles held before, in the
   * same statement: one role per person, never none on a refusal. */
  if (!run (self, what, "SELECT array_to_string (probity.set_member ($1, $2, $3, $4, $5), ' ')", 5, params, &res,
            error))
    return FALSE;

  *taken = split_roles (res);

  return TRUE;
}

gboolean
pb_server_admin_remove_member (PbServerAdmin  *self,
                               const char     *name,
                               char         ***taken,
                               GError        **error)
{
  const char *params[] = { name };
  g_autoptr(PGresult) res = NULL;
  /* Translators: a role name */
  g_autofree char *what = g_strdup_printf (_("Removing %s"), name);

  g_return_val_if_fail (PB_IS_SERVER_ADMIN (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (taken != NULL, FALSE);

  if (!run (self, what, "SELECT array_to_string (probity.take_roles ($1), ' ')", 1, params, &res, error))
    return FALSE;

  *taken = split_roles (res);

  return TRUE;
}

static char *
nonempty (PGresult *res,
          int       column)
{
  const char *value = PQgetvalue (res, 0, column);

  return PQgetisnull (res, 0, column) || *value == '\0' ? NULL : g_strdup (value);
}

gboolean
pb_server_admin_read_identity (PbServerAdmin  *self,
                               char          **user,
                               char          **name,
                               char          **role,
                               char          **team,
                               char          **organisation,
                               GError        **error)
{
  g_autoptr(PGresult) res = NULL;

  g_return_val_if_fail (PB_IS_SERVER_ADMIN (self), FALSE);

  if (!run (self, _("Reading your role"),
            /* members.organisation from version 10 on; to_jsonb() reads it
             * where there is one. */
            /* Every role held, not session_role ()'s first: someone given
             * two by hand is told (one role per person, schema 17), a
             * group granted by plain GRANT included, as the server counts
             * them (schema 18, held_groups ()): a superuser by the roles of
             * their members row. */
            "SELECT session_user, probity.my_name (),"
            "       (SELECT string_agg (u.r, ', ' ORDER BY u.n)"
            "          FROM unnest (ARRAY['sales', 'reviewer', 'auditor', 'admin']) WITH ORDINALITY AS u (r, n)"
            "         WHERE CASE WHEN (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = session_user)"
            "                    THEN probity.holds (u.r)"
            "                    ELSE pg_catalog.pg_has_role (session_user, 'probity_' || u.r, 'MEMBER') END),"
            "       probity.my_team (),"
            "       (SELECT to_jsonb (m) ->> 'organisation' FROM probity.members m WHERE m.member = session_user)",
            0, NULL, &res, error))
    return FALSE;

  *user = g_strdup (PQgetvalue (res, 0, 0));
  *name = g_strdup (PQgetvalue (res, 0, 1));
  *role = nonempty (res, 2);
  *team = nonempty (res, 3);
  *organisation = nonempty (res, 4);

  return TRUE;
}

/* The server decides; this only says it before, in words. */
gboolean
pb_server_admin_require_admin (PbServerAdmin  *self,
                               gboolean        withdrawing,
                               GError        **error)
{
  g_autoptr(PGresult) res = NULL;
  g_autofree char *description = NULL;

  g_return_val_if_fail (PB_IS_SERVER_ADMIN (self), FALSE);

  if (!run (self, _("Reading your role"),
            "SELECT probity.holds ('admin') OR (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)",
            0, NULL, &res, error))
    return FALSE;

  if (g_str_equal (PQgetvalue (res, 0, 0), "t"))
    return TRUE;

  description = describe_conn (self->conn);
  if (withdrawing)
    /* Translators: the connection, then a person's role name */
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                 _("On the %s only an administrator withdraws the approval of a questionnaire, and %s is none; "
                   "nothing was withdrawn"),
                 description, PQuser (self->conn));
  else
    /* Translators: the connection, then a person's role name */
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                 _("On the %s only an administrator approves questionnaires, and %s is none; nothing was "
                   "approved"),
                 description, PQuser (self->conn));

  return FALSE;
}

/* Approvals --------------------------------------------------------------------- */

gboolean
pb_server_admin_approve (PbServerAdmin  *self,
                         GPtrArray      *questionnaires,
                         GArray         *results,
                         GError        **error)
{
  g_return_val_if_fail (PB_IS_SERVER_ADMIN (self), FALSE);

  if (!run (self, _("Beginning the approval"), "BEGIN", 0, NULL, NULL, error))
    return FALSE;

  for (guint i = 0; i < questionnaires->len; i++)
    {
      PbServerApproveResult result;

      if (!approve_questionnaire (self, g_ptr_array_index (questionnaires, i), TRUE, &result, error))
        {
          rollback (self);
          return FALSE;
        }
      g_array_append_val (results, result);
    }

  return run (self, _("Finishing the approval"), "COMMIT", 0, NULL, NULL, error);
}

gboolean
pb_server_admin_withdraw (PbServerAdmin  *self,
                          const char     *sha256,
                          gboolean        reference,
                          const char     *reason,
                          char          **name,
                          GError        **error)
{
  g_autoptr(PGresult) res = NULL;
  g_autofree char *lower = NULL;
  g_autofree char *described = NULL;
  g_autofree char *what = NULL;

  g_return_val_if_fail (PB_IS_SERVER_ADMIN (self), FALSE);
  g_return_val_if_fail (sha256 != NULL, FALSE);

  lower = g_ascii_strdown (sha256, -1);

  {
    const char *params[] = { lower };

    if (!run (self, reference ? _("Reading the approved reference data") : _("Reading the approved questionnaires"),
              reference
              ? "SELECT 'countries', d.version FROM probity.approved_reference_data a"
                " JOIN probity.reference_data d USING (sha256) WHERE a.sha256 = $1"
              : "SELECT q.qid, q.version FROM probity.approved_questionnaires a JOIN probity.questionnaires q"
                " USING (sha256) WHERE a.sha256 = $1",
              1, params, &res, error))
      return FALSE;
  }

  if (PQntuples (res) == 0)
    {
      g_autofree char *description = describe_conn (self->conn);

      if (reference)
        /* Translators: a SHA-256, then the connection */
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("No country reference data of SHA-256 %s is approved on the %s; nothing was withdrawn "
                       "(“probity-cli db approve CONNECTION --reference” lists those that are)"),
                     lower, description);
      else
        /* Translators: a SHA-256, then the connection */
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("No questionnaire of SHA-256 %s is approved on the %s; nothing was withdrawn "
                       "(“probity-cli db approve CONNECTION” lists those that are)"),
                     lower, description);
      return FALSE;
    }

  if (reference)
    {
      /* Translators: a version of the country reference data, then its SHA-256 */
      described = g_strdup_printf (_("%s (sha256 %s)"), PQgetvalue (res, 0, 1), lower);
      /* Translators: a version of the country reference data and its SHA-256, as in 2.2.0 (sha256 …) */
      what = g_strdup_printf (_("Withdrawing the approval of the country reference data %s"), described);
    }
  else
    {
      described = pb_server_describe_questionnaire (PQgetvalue (res, 0, 0), PQgetvalue (res, 0, 1), lower);
      /* Translators: a questionnaire, as in “survey” 2.0.0 (sha256 …) */
      what = g_strdup_printf (_("Withdrawing the approval of the questionnaire %s"), described);
    }

  {
    const char *params[] = { lower, reason };

    /* Who and when are the server's (its trigger), which also refuses a
     * blank reason and an approval withdrawn already. */
    if (!run (self, what,
              reference
              ? "INSERT INTO probity.reference_approval_changes (sha256, change, reason) VALUES ($1, 'withdrawn', $2)"
              : "INSERT INTO probity.approval_changes (sha256, change, reason) VALUES ($1, 'withdrawn', $2)",
              2, params, NULL, error))
      return FALSE;
  }

  if (name != NULL)
    *name = g_steal_pointer (&described);

  return TRUE;
}
