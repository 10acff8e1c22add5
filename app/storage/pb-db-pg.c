/* pb-db-pg.c: a connection to a PostgreSQL server through libpq: the
 * store's "?N" parameters rewritten to "$N", text parameters left for the
 * server to type, blobs as binary bytea, and the server's errors (its
 * rules among them, raised by triggers) as PB_STORAGE_ERRORs. A sales
 * person's or reviewer's statements go through probity.gate () (server
 * schema 16), which runs those `db init` registered (pb-db-statements.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-db"

#include "config.h"

#include <libpq-fe.h>
#include <string.h>

#include "pb-db-pg.h"
#include "pb-i18n.h"
#include "pb-storage-types.h"

/* Type OIDs (server/catalog/pg_type_d.h, not installed by libpq-dev). */
#define BOOLOID  16
#define BYTEAOID 17
#define INT8OID  20

/* As long as an SQLite file waits for another writer. */
#define LOCK_TIMEOUT "30s"

/* How long a connection attempt may take unless the connection string or
 * PGCONNECT_TIMEOUT says otherwise: an unreachable server is an error
 * within seconds, not after the system's TCP time-out. */
#define CONNECT_TIMEOUT "10"

/* The pauses before each attempt to connect again to a server that closed
 * the connection (restarted, or ended the session): about four seconds in
 * all, as long as a restart takes. While it stays down, each later call
 * tries once more without pausing, so that nothing waits long twice. */
static const guint reconnect_pauses_ms[] = { 0, 100, 250, 500, 1000, 2000 };

/* How often the status of a transaction whose COMMIT was lost is asked
 * while the server still says "in progress" (the old session ending). */
#define XACT_STATUS_ATTEMPTS 50
/* How long the server is waited for to say what became of it. */
#define RESOLVE_SECONDS 20

struct _PbDbPg
{
  PbDb      parent_instance;

  PGconn   *conn;
  char     *conninfo;           /* what was opened: only to keep its password out of messages */
  char    **channels;           /* LISTENed to, again after a reset */
  guint     generation;         /* sessions set up: one more at each reconnection */
  gboolean  read_only;
  gboolean  in_transaction;     /* a BEGIN not yet ended by COMMIT or ROLLBACK */
  gboolean  down;               /* connecting again failed: the server is still away */
  gboolean  reconnecting;
  gboolean  background;         /* pb_db_pg_reconnect_async () alone connects again */
  gboolean  serialization_failed;   /* 40001 or 40P01 since BEGIN */
  gboolean  writing;                /* the transaction was begun to write */
  gboolean  connection_lost;    /* since BEGIN, before the transaction committed */
  gboolean  commit_unknown;     /* its COMMIT's answer lost, and the server not asked */
  gboolean  identity_refused;   /* PBWHO since BEGIN */
  char     *xact_id;            /* the write's transaction, from its BEGIN on */
  PbDbPgCommitHook commit_hook; /* tests */
  gpointer  commit_hook_data;
  guint     n_prepared;         /* statements prepared on the server: the last one's name */
  gboolean  gated;              /* a sales person or reviewer: every statement through probity.gate () */
  GHashTable *gate_columns;     /* statement and kinds → the columns it gives, for AS t (...) */
};

typedef struct
{
  PbDbStmt   parent;
  char      *sql;         /* with $N parameters */
  int        n_params;
  char     **values;      /* text we copied, or a blob the caller keeps */
  int       *lengths;
  int       *formats;
  Oid       *types;
  gboolean  *owned;
  PGresult  *result;      /* NULL until the first step */
  int        row;
  guchar   **blobs;       /* bytea columns of the current row, decoded */
  size_t    *blob_sizes;
  int        n_blobs;
  guint      fetch_size;  /* read through a cursor, so many rows at a time; 0: all at once */
  gboolean   cursor_open;
  gboolean   own_transaction;   /* begun for the cursor */
  char      *server_name;   /* a kept statement prepared on the session, */
  guint      server_generation;   /* that one, */
  Oid       *server_types;  /* for parameters of these types */
  char      *server_call;   /* or, through the gate, for this call */
} PgStmt;

/* The most rows a streamed statement held at once (tests). */
static guint largest_fetch;

G_DEFINE_FINAL_TYPE (PbDbPg, pb_db_pg, PB_TYPE_DB)

static gboolean ensure_connected (PbDbPg     *self,
                                  GError    **error);
static gboolean open_cursor      (PbDbPg     *self,
                                  PgStmt     *stmt,
                                  GError    **error);
static gboolean fetch_rows       (PbDbPg     *self,
                                  PgStmt     *stmt,
                                  GError    **error);
static gboolean may_run_again    (PbDbPg     *self,
                                  const char *sql);

/* Errors ---------------------------------------------------------------------- */

static int
error_code_for_sqlstate (const char *state)
{
  static const struct { const char *state; int code; } codes[] = {
    /* Another writer got there first: try again. */
    { "40001", PB_STORAGE_ERROR_BUSY },    /* serialization_failure */
    { "40P01", PB_STORAGE_ERROR_BUSY },    /* deadlock_detected */
    { "55P03", PB_STORAGE_ERROR_BUSY },    /* lock_not_available */
    { "42501", PB_STORAGE_ERROR_PERMISSION },  /* insufficient_privilege */
    { "23505", PB_STORAGE_ERROR_CONFLICT },    /* unique_violation */
    { "25006", PB_STORAGE_ERROR_READ_ONLY },   /* read_only_sql_transaction */
    { "3D000", PB_STORAGE_ERROR_NOT_A_DATABASE },
    { "3F000", PB_STORAGE_ERROR_NOT_A_DATABASE },  /* no schema probity */
    /* The rules of schema-v1.sql (pgschema notes). */
    { "PBSEA", PB_STORAGE_ERROR_SEALED },
    { "PBAPP", PB_STORAGE_ERROR_PERMISSION },
    { "PBWHO", PB_STORAGE_ERROR_PERMISSION },
    { "PBROL", PB_STORAGE_ERROR_PERMISSION },
    { "PBTWO", PB_STORAGE_ERROR_PERMISSION },
    { "PBTEA", PB_STORAGE_ERROR_PERMISSION },
    { "PBHSP", PB_STORAGE_ERROR_REFUSED },
    { "PBOVR", PB_STORAGE_ERROR_REFUSED },
    { "PBFOE", PB_STORAGE_ERROR_REFUSED },
    { "PBINV", PB_STORAGE_ERROR_INVALID },
    { "PBDEC", PB_STORAGE_ERROR_INVALID },
    { "PBCHN", PB_STORAGE_ERROR_CONFLICT },
    { "PBHIS", PB_STORAGE_ERROR_TAMPERED },
  };

  if (state == NULL)
    return PB_STORAGE_ERROR_IO;

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    if (strcmp (state, codes[i].state) == 0)
      return codes[i].code;

  /* Class 08: the connection; 53: the server's resources; 23: a constraint. */
  if (g_str_has_prefix (state, "08") || g_str_has_prefix (state, "53") || g_str_has_prefix (state, "57"))
    return PB_STORAGE_ERROR_IO;
  if (g_str_has_prefix (state, "23") || g_str_has_prefix (state, "22"))
    return PB_STORAGE_ERROR_INVALID;

  return PB_STORAGE_ERROR_FAILED;
}

/* libpq's messages end with a line break. */
static char *
strip_message (const char *message)
{
  return g_strstrip (g_strdup (message != NULL ? message : ""));
}

static gboolean
set_error_from_result (PbDbPg     *self,
                       PGresult   *result,
                       GError    **error)
{
  const char *name = pb_db_get_name (PB_DB (self));
  const char *state = result != NULL ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  g_autofree char *message = NULL;
  int code;

  if (result != NULL && PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY) != NULL)
    message = strip_message (PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY));
  else
    message = strip_message (PQerrorMessage (self->conn));

  code = error_code_for_sqlstate (state);
  /* Kept until the next transaction: a statement whose error the store
   * does not look at leaves only "current transaction is aborted" to the
   * next one. */
  if (g_strcmp0 (state, "40001") == 0 || g_strcmp0 (state, "40P01") == 0)
    self->serialization_failed = TRUE;
  if (g_strcmp0 (state, "PBWHO") == 0)
    self->identity_refused = TRUE;
  /* The server ends a transaction whose connection is gone: uncommitted. */
  if (PQstatus (self->conn) != CONNECTION_OK && self->in_transaction)
    self->connection_lost = TRUE;
  if (code == PB_STORAGE_ERROR_BUSY)
    /* Translators: a database, then the server's message */
    g_set_error (error, PB_STORAGE_ERROR, code,
                 _("%s: someone else changed the same records at the same time (%s); "
                   "nothing was changed. Try again."),
                 name, message);
  else if (g_strcmp0 (state, "PBREG") == 0)
    /* A newer Probity than the one `db init` registered the statements of
     * (schema-v16.sql, gate_check ()): the server's message names no cure. */
    pb_db_pg_set_other_version_error (PB_DB (self), error);
  else if (g_strcmp0 (state, "PBTWO") == 0)
    /* A person in two Probity groups (schema-v18.sql): the cure is an
     * administrator's, named here. */
    /* Translators: a database, the server's message, then a person's role name; CONNECTION and ROLE stay as they are */
    g_set_error (error, PB_STORAGE_ERROR, code,
                 _("%1$s: %2$s: nothing was saved. An administrator leaves you one role with “probity-cli db "
                   "add-user CONNECTION %3$s --role ROLE”, or takes you out with “probity-cli db remove-user "
                   "CONNECTION %3$s”."),
                 name, message, PQuser (self->conn));
  else if (state == NULL || PQstatus (self->conn) != CONNECTION_OK)
    /* Translators: a database, then libpq's message */
    g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO,
                 _("Lost the connection to %s (%s); this change was not saved."), name, message);
  else
    /* Translators: the first placeholder is a database, the second the server's message */
    g_set_error (error, PB_STORAGE_ERROR, code, _("%s: %s"), name, message);

  return FALSE;
}

/* A change refused because @db was set up by another Probity than this
 * one: the statement not registered by `db init` (PBREG), or the server's
 * schema older than this build's (_pb_case_store_check_server_current ()).
 * Nothing was saved; the cure is `db init` with this version. */
void
pb_db_pg_set_other_version_error (PbDb    *db,
                                  GError **error)
{
  g_return_if_fail (PB_IS_DB_PG (db));

  /* Translators: a database; “probity-cli db init” is a command */
  g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_FAILED,
               _("%s was set up with another version of Probity, which does not make this change: "
                 "it was not saved. An administrator runs “probity-cli db init” on the server "
                 "with this version of Probity."),
               pb_db_get_name (db));
}

/* Whether every value of @result holds at most PB_DB_VALUE_MAX_SIZE bytes
 * (a bytea's, in its hex form, twice as many and two more): what SQLite, whose
 * SQLITE_LIMIT_LENGTH it is, reads of a value, so that a value stored by
 * hand beyond what Probity writes fails the read that meets it instead of
 * being parsed, shown and verified (review14b E8). */
static gboolean
check_value_sizes (PbDbPg    *self,
                   PGresult  *result,
                   GError   **error)
{
  int n_rows = PQntuples (result);
  int n_fields = PQnfields (result);

  for (int f = 0; f < n_fields; f++)
    {
      gboolean bytea = PQftype (result, f) == BYTEAOID;
      gsize max = bytea ? 2 * (gsize) PB_DB_VALUE_MAX_SIZE + 2 : PB_DB_VALUE_MAX_SIZE;

      for (int r = 0; r < n_rows; r++)
        {
          gsize size = PQgetlength (result, r, f);
          g_autofree char *size_text = NULL;
          g_autofree char *max_text = NULL;

          if (size <= max)
            continue;

          /* Bytes come as "\x" and two hex digits a byte: the value is
           * what they spell. */
          if (bytea)
            size = (size - 2) / 2;
          size_text = g_format_size_full (size, G_FORMAT_SIZE_IEC_UNITS | G_FORMAT_SIZE_LONG_FORMAT);
          max_text = g_format_size_full (PB_DB_VALUE_MAX_SIZE, G_FORMAT_SIZE_IEC_UNITS);
          /* Translators: a database, a size, a column's name, then the most Probity reads */
          g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TOO_LARGE,
                       _("%s holds a value of %s in “%s”, more than the %s Probity reads; it was not read"),
                       pb_db_get_name (PB_DB (self)), size_text, PQfname (result, f), max_text);
          return FALSE;
        }
    }

  return TRUE;
}

/* Parameters --------------------------------------------------------------------- */

/* Copies a quoted literal or name that starts at @p, doubled quotes
 * included; returns where it ends. */
static const char *
copy_quoted (GString    *out,
             const char *p)
{
  char quote = *p;

  g_string_append_c (out, *p++);
  while (*p != '\0')
    {
      g_string_append_c (out, *p);
      if (*p++ == quote)
        {
          if (*p != quote)
            break;
          g_string_append_c (out, *p++);
        }
    }

  return p;
}

/* @sql with "?N" and "?" parameters as PostgreSQL's "$N" (a "?" alone is
 * one more than the highest before it, as in SQLite); literals, quoted
 * names and comments are left alone. @n_params: the highest. */
char *
pb_db_pg_rewrite_sql (const char *sql,
                      int        *n_params)
{
  g_autoptr(GString) out = g_string_sized_new (strlen (sql) + 16);
  const char *p = sql;
  int highest = 0;

  while (*p != '\0')
    {
      if (*p == '\'' || *p == '"')
        p = copy_quoted (out, p);
      else if (p[0] == '-' && p[1] == '-')
        {
          const char *end = strchr (p, '\n');
          gsize length = end != NULL ? (gsize) (end - p) : strlen (p);

          g_string_append_len (out, p, length);
          p += length;
        }
      else if (p[0] == '/' && p[1] == '*')
        {
          const char *end = strstr (p + 2, "*/");
          gsize length = end != NULL ? (gsize) (end + 2 - p) : strlen (p);

          g_string_append_len (out, p, length);
          p += length;
        }
      else if (*p == '?')
        {
          int n;

          p++;
          if (g_ascii_isdigit (*p))
            {
              n = 0;
              while (g_ascii_isdigit (*p) && n < 100000)
                n = n * 10 + (*p++ - '0');
            }
          else
            n = highest + 1;

          highest = MAX (highest, n);
          g_string_append_printf (out, "$%d", n);
        }
      else
        g_string_append_c (out, *p++);
    }

  *n_params = highest;

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Statements --------------------------------------------------------------------- */

#define PG_STMT(stmt) ((PgStmt *) (stmt))

static void
clear_row (PgStmt *stmt)
{
  for (int i = 0; i < stmt->n_blobs; i++)
    g_clear_pointer (&stmt->blobs[i], PQfreemem);
}

static void
clear_param (PgStmt *stmt,
             int     i)
{
  if (stmt->owned[i])
    g_free (stmt->values[i]);
  stmt->values[i] = NULL;
  stmt->lengths[i] = 0;
  stmt->formats[i] = 0;
  stmt->types[i] = 0;
  stmt->owned[i] = FALSE;
}

static PbDbStmt *
pb_db_pg_prepare (PbDb        *db,
                  const char  *sql,
                  GError     **error)
{
  PgStmt *stmt = g_new0 (PgStmt, 1);

  stmt->parent.db = db;
  stmt->sql = pb_db_pg_rewrite_sql (sql, &stmt->n_params);
  stmt->values = g_new0 (char *, stmt->n_params + 1);
  stmt->lengths = g_new0 (int, stmt->n_params + 1);
  stmt->formats = g_new0 (int, stmt->n_params + 1);
  stmt->types = g_new0 (Oid, stmt->n_params + 1);
  stmt->owned = g_new0 (gboolean, stmt->n_params + 1);
  stmt->server_types = g_new0 (Oid, stmt->n_params + 1);
  stmt->row = -1;

  return &stmt->parent;
}

static void close_cursor (PgStmt *stmt);

static void
pb_db_pg_reset (PbDbStmt *db_stmt)
{
  PgStmt *stmt = PG_STMT (db_stmt);

  close_cursor (stmt);
  clear_row (stmt);
  g_clear_pointer (&stmt->result, PQclear);
  stmt->row = -1;
  for (int i = 0; i < stmt->n_params; i++)
    clear_param (stmt, i);
}

static void
pb_db_pg_stmt_free (PbDbStmt *db_stmt)
{
  PgStmt *stmt = PG_STMT (db_stmt);

  pb_db_pg_reset (db_stmt);
  g_free (stmt->sql);
  g_free (stmt->values);
  g_free (stmt->lengths);
  g_free (stmt->formats);
  g_free (stmt->types);
  g_free (stmt->owned);
  g_free (stmt->server_name);
  g_free (stmt->server_types);
  g_free (stmt->server_call);
  g_free (stmt->blobs);
  g_free (stmt->blob_sizes);
  g_free (stmt);
}

/* Index @index (from 1), cleared, or -1 when the statement has no such
 * parameter (SQLite ignores those too). */
static int
param_slot (PgStmt *stmt,
            int     index)
{
  if (index < 1 || index > stmt->n_params)
    return -1;

  clear_param (stmt, index - 1);

  return index - 1;
}

static void
pb_db_pg_bind_text (PbDbStmt   *db_stmt,
                    int         index,
                    const char *text)
{
  PgStmt *stmt = PG_STMT (db_stmt);
  int i = param_slot (stmt, index);

  /* Untyped: the server takes the type the statement gives it. */
  if (i >= 0)
    {
      stmt->values[i] = g_strdup (text);
      stmt->owned[i] = TRUE;
    }
}

static void
pb_db_pg_bind_int64 (PbDbStmt *db_stmt,
                     int       index,
                     gint64    value)
{
  PgStmt *stmt = PG_STMT (db_stmt);
  int i = param_slot (stmt, index);

  if (i >= 0)
    {
      stmt->values[i] = g_strdup_printf ("%" G_GINT64_FORMAT, value);
      stmt->owned[i] = TRUE;
      stmt->types[i] = INT8OID;
    }
}

static void
pb_db_pg_bind_blob (PbDbStmt      *db_stmt,
                    int            index,
                    gconstpointer  data,
                    gsize          size)
{
  PgStmt *stmt = PG_STMT (db_stmt);
  int i = param_slot (stmt, index);

  if (i >= 0)
    {
      g_return_if_fail (size <= G_MAXINT);
      stmt->values[i] = (char *) (data != NULL ? data : "");
      stmt->lengths[i] = size;
      stmt->formats[i] = 1;
      stmt->types[i] = BYTEAOID;
    }
}

static gboolean
result_ok (PGresult *result)
{
  ExecStatusType status = PQresultStatus (result);

  return status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK;
}

/* The name of @stmt prepared on the session, prepared now if it was not;
 * NULL when it is not to be, or preparing it failed (@result then holds
 * the server's error). Only a statement the connection keeps
 * (pb_db_prepare_cached ()), run in a write: a save runs the same fifteen
 * again and again, and each, parsed and planned from its text under
 * row-level security, cost the server more than running it. A read is
 * planned for the values it is given (a case list of a million rows
 * filters on a rare status or a common one). The server forgets them with
 * its session: a new one (set_up_session ()) prepares them again. Bound
 * with other types than it was prepared for, a statement runs unprepared:
 * at most one per kept statement, so as many as the connection keeps. */
static const char *
prepared_name (PbDbPg    *self,
               PgStmt    *stmt,
               PGresult **result)
{
  const char *p = stmt->sql + strspn (stmt->sql, " \t\n");
  gsize types_size = stmt->n_params * sizeof (Oid);

  *result = NULL;
  if (stmt->parent.cache_key == NULL || !self->writing || !self->in_transaction ||
      !(g_ascii_strncasecmp (p, "SELECT", 6) == 0 || g_ascii_strncasecmp (p, "INSERT", 6) == 0 ||
        g_ascii_strncasecmp (p, "UPDATE", 6) == 0 || g_ascii_strncasecmp (p, "DELETE", 6) == 0))
    return NULL;

  /* (Not one the gate's call was prepared under, when the person went
   * through it before their groups changed.) */
  if (stmt->server_name != NULL && stmt->server_generation == self->generation && stmt->server_call == NULL)
    return memcmp (stmt->server_types, stmt->types, types_size) == 0 ? stmt->server_name : NULL;

  g_clear_pointer (&stmt->server_name, g_free);
  g_clear_pointer (&stmt->server_call, g_free);
  {
    g_autofree char *name = g_strdup_printf ("pb%u", ++self->n_prepared);

    *result = PQprepare (self->conn, name, stmt->sql, stmt->n_params, stmt->types);
    if (PQresultStatus (*result) != PGRES_COMMAND_OK)
      return NULL;
    g_clear_pointer (result, PQclear);
    stmt->server_name = g_steal_pointer (&name);
  }
  memcpy (stmt->server_types, stmt->types, types_size);
  stmt->server_generation = self->generation;

  return stmt->server_name;
}

/* The gate (schema-v16.sql) ------------------------------------------------------------ */

/* Whether the session's person goes through probity.gate (): on a server
 * of schema 16 or later, a sales person or a reviewer, who may touch no
 * table themselves (schema-v16.sql). Asked of the catalog alone. */
#define GATED_SQL \
  "CASE WHEN to_regprocedure ('probity.gate(text,text,text[])') IS NULL THEN false" \
  " ELSE pg_has_role (session_user, 'probity_sales', 'MEMBER')" \
  "   OR pg_has_role (session_user, 'probity_reviewer', 'MEMBER') END"

/* Takes the server's word @value ("t" or "f") of whether to go through the
 * gate; TRUE when that changed. A group given or taken while the store is
 * open (add_member (), the DBA's GRANT or REVOKE) changes it: the window
 * then offers what the new role may do, which must go the way the server
 * lets that role do it. */
static gboolean
set_gated (PbDbPg     *self,
           const char *value)
{
  gboolean gated = value != NULL && value[0] == 't';

  if (gated == self->gated)
    return FALSE;

  g_debug ("%s: statements go %s", pb_db_get_name (PB_DB (self)),
           gated ? "through probity.gate () from now on" : "to the tables from now on");
  self->gated = gated;

  return TRUE;
}

/* Asks the server again whether to go through the gate, outside a
 * transaction; TRUE when the answer changed. */
static gboolean
gate_changed (PbDbPg *self)
{
  PGresult *result;
  gboolean changed = FALSE;

  if (self->in_transaction || PQstatus (self->conn) != CONNECTION_OK)
    return FALSE;

  result = PQexec (self->conn, "SELECT " GATED_SQL);
  if (result_ok (result) && PQntuples (result) == 1)
    changed = set_gated (self, PQgetvalue (result, 0, 0));
  PQclear (result);

  return changed;
}

/* Whether @result is a refusal for want of a privilege (42501), which a
 * group given or taken since the gate was decided may explain. */
static gboolean
refused_privilege (PGresult *result)
{
  return g_strcmp0 (PQresultErrorField (result, PG_DIAG_SQLSTATE), "42501") == 0;
}

/* What each parameter of @stmt is, as probity.gate () takes it: 't' text
 * the server types, 'i' a bigint, 'b' bytes. */
static char *
gate_kinds (PgStmt *stmt)
{
  char *kinds = g_new0 (char, stmt->n_params + 1);

  for (int i = 0; i < stmt->n_params; i++)
    kinds[i] = stmt->types[i] == BYTEAOID ? 'b' : stmt->types[i] == INT8OID ? 'i' : 't';

  return kinds;
}

/* The columns @stmt gives, as "c1 type, c2 type": the server describes
 * the statement (parsed, not run: no privilege is needed, nothing is
 * read) for the types its parameters are bound with, once a session;
 * "c1 text" for a statement that gives none (the gate returns no row). */
static const char *
gate_columns (PbDbPg     *self,
              PgStmt     *stmt,
              const char *kinds,
              PGresult  **failed)
{
  g_autofree char *key = g_strconcat (kinds, ":", stmt->sql, NULL);
  const char *columns = g_hash_table_lookup (self->gate_columns, key);
  g_autoptr(GString) oids = NULL;
  g_autoptr(GString) mods = NULL;
  PGresult *result;
  int n;

  *failed = NULL;
  if (columns != NULL)
    return columns;

  result = PQprepare (self->conn, "", stmt->sql, stmt->n_params, stmt->types);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    {
      *failed = result;
      return NULL;
    }
  PQclear (result);
  result = PQdescribePrepared (self->conn, "");
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    {
      *failed = result;
      return NULL;
    }
  n = PQnfields (result);
  oids = g_string_new ("{");
  mods = g_string_new ("{");
  for (int i = 0; i < n; i++)
    {
      g_string_append_printf (oids, i > 0 ? ",%u" : "%u", PQftype (result, i));
      g_string_append_printf (mods, i > 0 ? ",%d" : "%d", PQfmod (result, i));
    }
  g_string_append_c (oids, '}');
  g_string_append_c (mods, '}');
  PQclear (result);

  if (n == 0)
    columns = g_strdup ("c1 text");
  else
    {
      const char *values[] = { oids->str, mods->str };

      result = PQexecParams (self->conn,
                             "SELECT string_agg (format ('c%s %s', o.n, format_type (o.t, o.m)), ', ' ORDER BY o.n)"
                             "  FROM unnest ($1::oid[], $2::int[]) WITH ORDINALITY AS o (t, m, n)",
                             2, NULL, values, NULL, NULL, 0);
      if (!result_ok (result) || PQntuples (result) != 1)
        {
          *failed = result;
          return NULL;
        }
      columns = g_strdup (PQgetvalue (result, 0, 0));
      PQclear (result);
    }
  g_hash_table_insert (self->gate_columns, g_steal_pointer (&key), (char *) columns);

  return columns;
}

/* @stmt as a call of probity.gate (), for its parameters as text in
 * @values (bytes as "\x" and hex, which @owned keeps): NULL when the
 * server could not describe it (@failed holds its error). */
static char *
gate_call (PbDbPg     *self,
           PgStmt     *stmt,
           gboolean    kept,
           char     ***values,
           GPtrArray  *owned,
           PGresult  **failed)
{
  g_autofree char *kinds = gate_kinds (stmt);
  const char *columns = gate_columns (self, stmt, kinds, failed);
  GString *call;

  if (columns == NULL)
    return NULL;

  *values = g_new0 (char *, stmt->n_params + 3);
  (*values)[0] = stmt->sql;
  (*values)[1] = g_strdup (kinds);
  g_ptr_array_add (owned, (*values)[1]);
  call = g_string_new (kept ? "SELECT * FROM probity.gate_kept ($1, $2, VARIADIC ARRAY["
                             : "SELECT * FROM probity.gate ($1, $2, VARIADIC ARRAY[");
  for (int i = 0; i < stmt->n_params; i++)
    {
      g_string_append_printf (call, i > 0 ? ", $%d" : "$%d", i + 3);
      if (stmt->values[i] != NULL && stmt->formats[i] == 1)
        {
          static const char hex[] = "0123456789abcdef";
          const guchar *bytes = (const guchar *) stmt->values[i];
          char *text = g_malloc (2 * (gsize) stmt->lengths[i] + 3);

          text[0] = '\\';
          text[1] = 'x';
          for (int b = 0; b < stmt->lengths[i]; b++)
            {
              text[2 + 2 * b] = hex[bytes[b] >> 4];
              text[3 + 2 * b] = hex[bytes[b] & 0xf];
            }
          text[2 + 2 * (gsize) stmt->lengths[i]] = '\0';
          g_ptr_array_add (owned, text);
          (*values)[i + 2] = text;
        }
      else
        (*values)[i + 2] = stmt->values[i];
    }
  g_string_append_printf (call, "]::text[]) AS t (%s)", columns);

  return g_string_free (call, FALSE);
}

/* @stmt run through probity.gate (), or declared as the cursor
 * pb_stream when @cursor. */
static PGresult *
exec_gated (PbDbPg   *self,
            PgStmt   *stmt,
            gboolean  cursor)
{
  g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
  g_autofree char **values = NULL;
  PGresult *failed = NULL;
  /* A statement of a write (a save runs the same fifteen again and
   * again): prepared by the gate once a session, whether the connection
   * keeps it or not, as prepared_name () does for kept ones. A read is
   * planned for its values, as it is without the gate. */
  gboolean kept = !cursor && self->writing && self->in_transaction;
  g_autofree char *call = gate_call (self, stmt, kept, &values, owned, &failed);
  g_autofree char *sql = NULL;

  if (call == NULL)
    return failed;
  if (cursor)
    sql = g_strdup_printf ("DECLARE pb_stream NO SCROLL CURSOR FOR %s", call);

  /* And the call of a kept one too. */
  if (kept && stmt->parent.cache_key != NULL)
    {
      if (stmt->server_name == NULL || stmt->server_generation != self->generation ||
          g_strcmp0 (stmt->server_call, call) != 0)
        {
          g_autofree char *name = g_strdup_printf ("pb%u", ++self->n_prepared);
          PGresult *result = PQprepare (self->conn, name, call, stmt->n_params + 2, NULL);

          if (PQresultStatus (result) != PGRES_COMMAND_OK)
            return result;
          PQclear (result);
          g_free (stmt->server_name);
          stmt->server_name = g_steal_pointer (&name);
          g_free (stmt->server_call);
          stmt->server_call = g_strdup (call);
          stmt->server_generation = self->generation;
        }

      return PQexecPrepared (self->conn, stmt->server_name, stmt->n_params + 2, (const char * const *) values,
                             NULL, NULL, 0);
    }

  return PQexecParams (self->conn, cursor ? sql : call, stmt->n_params + 2, NULL,
                       (const char * const *) values, NULL, NULL, 0);
}

static PGresult *
exec_params (PbDbPg *self,
             PgStmt *stmt)
{
  PGresult *failed = NULL;
  const char *name;

  if (self->gated)
    return exec_gated (self, stmt, FALSE);

  name = prepared_name (self, stmt, &failed);

  if (failed != NULL)
    return failed;
  if (name != NULL)
    return PQexecPrepared (self->conn, name, stmt->n_params, (const char * const *) stmt->values,
                           stmt->lengths, stmt->formats, 0);

  return PQexecParams (self->conn, stmt->sql, stmt->n_params, stmt->types,
                       (const char * const *) stmt->values, stmt->lengths, stmt->formats, 0);
}

static void
allocate_blobs (PgStmt *stmt)
{
  g_free (stmt->blobs);
  g_free (stmt->blob_sizes);
  stmt->n_blobs = PQnfields (stmt->result);
  stmt->blobs = g_new0 (guchar *, stmt->n_blobs + 1);
  stmt->blob_sizes = g_new0 (size_t, stmt->n_blobs + 1);
}

/* A statement read a few rows at a time, through a cursor: in a read-only
 * snapshot of its own unless a transaction is under way, which it then
 * must outlast. libpq would read every row into memory at once. */
static gboolean
open_cursor (PbDbPg  *self,
             PgStmt  *stmt,
             GError **error)
{
  g_autofree char *sql = g_strdup_printf ("DECLARE pb_stream NO SCROLL CURSOR FOR %s", stmt->sql);
  PGresult *result;

  if (!self->in_transaction)
    {
      if (!pb_db_begin_read (PB_DB (self), error))
        return FALSE;
      stmt->own_transaction = TRUE;
    }

  if (self->gated)
    result = exec_gated (self, stmt, TRUE);
  else
    result = PQexecParams (self->conn, sql, stmt->n_params, stmt->types, (const char * const *) stmt->values,
                           stmt->lengths, stmt->formats, 0);
  if (!result_ok (result))
    {
      set_error_from_result (self, result, error);
      PQclear (result);
      close_cursor (stmt);
      return FALSE;
    }
  PQclear (result);
  stmt->cursor_open = TRUE;

  return TRUE;
}

/* The next rows of the cursor in stmt->result; none when it has no more. */
static gboolean
fetch_rows (PbDbPg  *self,
            PgStmt  *stmt,
            GError **error)
{
  g_autofree char *sql = g_strdup_printf ("FETCH FORWARD %u FROM pb_stream", stmt->fetch_size);

  g_clear_pointer (&stmt->result, PQclear);
  stmt->result = PQexec (self->conn, sql);
  stmt->row = -1;
  if (!result_ok (stmt->result))
    {
      set_error_from_result (self, stmt->result, error);
      g_clear_pointer (&stmt->result, PQclear);
      close_cursor (stmt);
      return FALSE;
    }
  if (!check_value_sizes (self, stmt->result, error))
    {
      g_clear_pointer (&stmt->result, PQclear);
      close_cursor (stmt);
      return FALSE;
    }
  largest_fetch = MAX (largest_fetch, (guint) PQntuples (stmt->result));

  return TRUE;
}

static void
close_cursor (PgStmt *stmt)
{
  PbDbPg *self = PB_DB_PG (stmt->parent.db);

  if (stmt->cursor_open && PQstatus (self->conn) == CONNECTION_OK && self->in_transaction)
    PQclear (PQexec (self->conn, "CLOSE pb_stream"));
  stmt->cursor_open = FALSE;
  if (stmt->own_transaction)
    pb_db_rollback (PB_DB (self));
  stmt->own_transaction = FALSE;
}

/* Reads @db_stmt's rows @fetch_size at a time, through a cursor, rather
 * than all at once; one such statement at a time per connection. */
void
pb_db_pg_stmt_set_fetch_size (PbDbStmt *db_stmt,
                              guint     fetch_size)
{
  g_return_if_fail (db_stmt != NULL && PB_IS_DB_PG (db_stmt->db));
  /* A kept statement goes back as a new one would. */
  g_return_if_fail (db_stmt->cache_key == NULL);

  PG_STMT (db_stmt)->fetch_size = fetch_size;
}

/* The most rows a statement read through a cursor held at once, since
 * the last call (tests). */
guint
pb_db_pg_take_largest_fetch (void)
{
  guint largest = largest_fetch;

  largest_fetch = 0;

  return largest;
}

static int
pb_db_pg_step (PbDbStmt  *db_stmt,
               GError   **error)
{
  PgStmt *stmt = PG_STMT (db_stmt);
  PbDbPg *self = PB_DB_PG (db_stmt->db);

  clear_row (stmt);

  if (stmt->result != NULL && stmt->cursor_open && stmt->row + 1 >= PQntuples (stmt->result) &&
      !fetch_rows (self, stmt, error))
    return 0;

  if (stmt->result == NULL && stmt->fetch_size > 0)
    {
      if (!ensure_connected (self, error) || !open_cursor (self, stmt, error) || !fetch_rows (self, stmt, error))
        return 0;
      allocate_blobs (stmt);
    }
  else if (stmt->result == NULL)
    {
      if (!ensure_connected (self, error))
        return 0;

      stmt->result = exec_params (self, stmt);
      if (!result_ok (stmt->result) && may_run_again (self, stmt->sql))
        {
          PQclear (stmt->result);
          stmt->result = exec_params (self, stmt);
        }
      /* Refused outside a transaction (a read) through the gate or past
       * it, when the person's groups changed since: once more, the way
       * the server lets them go now. Inside one, BEGIN asked. */
      if (!result_ok (stmt->result) && refused_privilege (stmt->result) && gate_changed (self))
        {
          PQclear (stmt->result);
          stmt->result = exec_params (self, stmt);
        }
      if (!result_ok (stmt->result))
        {
          set_error_from_result (self, stmt->result, error);
          g_clear_pointer (&stmt->result, PQclear);
          return 0;
        }
      if (!check_value_sizes (self, stmt->result, error))
        {
          g_clear_pointer (&stmt->result, PQclear);
          return 0;
        }

      allocate_blobs (stmt);
    }

  if (++stmt->row < PQntuples (stmt->result))
    return PB_DB_ROW;

  stmt->row = PQntuples (stmt->result);
  close_cursor (stmt);

  return PB_DB_DONE;
}

static gboolean
has_value (PgStmt *stmt,
           int     index)
{
  return stmt->result != NULL && stmt->row < PQntuples (stmt->result) &&
         index >= 0 && index < PQnfields (stmt->result);
}

static int
pb_db_pg_column_count (PbDbStmt *db_stmt)
{
  PgStmt *stmt = PG_STMT (db_stmt);

  return stmt->result != NULL ? PQnfields (stmt->result) : 0;
}

static gboolean
pb_db_pg_column_is_null (PbDbStmt *db_stmt,
                         int       index)
{
  PgStmt *stmt = PG_STMT (db_stmt);

  return !has_value (stmt, index) || PQgetisnull (stmt->result, stmt->row, index);
}

static const char *
pb_db_pg_column_text (PbDbStmt *db_stmt,
                      int       index)
{
  PgStmt *stmt = PG_STMT (db_stmt);

  if (pb_db_pg_column_is_null (db_stmt, index))
    return NULL;

  return PQgetvalue (stmt->result, stmt->row, index);
}

static gint64
pb_db_pg_column_int64 (PbDbStmt *db_stmt,
                       int       index)
{
  PgStmt *stmt = PG_STMT (db_stmt);
  const char *text = pb_db_pg_column_text (db_stmt, index);

  if (text == NULL)
    return 0;

  /* A boolean reads as SQLite's 0 or 1. */
  if (PQftype (stmt->result, index) == BOOLOID)
    return text[0] == 't';

  return g_ascii_strtoll (text, NULL, 10);
}

static gconstpointer
pb_db_pg_column_blob (PbDbStmt *db_stmt,
                      int       index,
                      gsize    *size)
{
  PgStmt *stmt = PG_STMT (db_stmt);

  *size = 0;
  if (pb_db_pg_column_is_null (db_stmt, index))
    return NULL;

  if (PQftype (stmt->result, index) != BYTEAOID)
    {
      *size = PQgetlength (stmt->result, stmt->row, index);
      return PQgetvalue (stmt->result, stmt->row, index);
    }

  if (stmt->blobs[index] == NULL)
    stmt->blobs[index] = PQunescapeBytea ((const guchar *) PQgetvalue (stmt->result, stmt->row, index),
                                          &stmt->blob_sizes[index]);
  *size = stmt->blobs[index] != NULL ? stmt->blob_sizes[index] : 0;

  return stmt->blobs[index];
}

/* The connection --------------------------------------------------------------------- */

/* Whether @sql starts with one of @words (a NULL-terminated list). */
static gboolean
starts_with_word (const char         *sql,
                  const char * const *words)
{
  while (g_ascii_isspace (*sql))
    sql++;

  for (guint i = 0; words[i] != NULL; i++)
    {
      gsize length = strlen (words[i]);

      if (g_ascii_strncasecmp (sql, words[i], length) == 0 && !g_ascii_isalpha (sql[length]))
        return TRUE;
    }

  return FALSE;
}

/* Whether a statement that failed may run again on a new connection: it
 * ran outside a transaction (every write of the store runs inside one,
 * so what runs outside only reads or sets up the session), and the
 * connection, not the statement, failed. Connects again if so. */
static gboolean
may_run_again (PbDbPg     *self,
               const char *sql)
{
  static const char * const repeatable[] = { "SELECT", "BEGIN", "SET", "LISTEN", "UNLISTEN", NULL };

  return !self->in_transaction && !self->reconnecting && PQstatus (self->conn) != CONNECTION_OK &&
         starts_with_word (sql, repeatable) && pb_db_pg_reconnect (self, NULL);
}

/* Keeps in_transaction as the statements @sql ran say (whether they
 * succeeded or not: a failed COMMIT ends the transaction too). */
static void
follow_transaction (PbDbPg     *self,
                    const char *sql,
                    gboolean    ok)
{
  static const char * const begin[] = { "BEGIN", "START", NULL };
  static const char * const end[] = { "COMMIT", "ROLLBACK", "END", "ABORT", NULL };

  if (starts_with_word (sql, begin))
    self->in_transaction = ok;
  else if (starts_with_word (sql, end))
    self->in_transaction = FALSE;
}

/* The connection was lost while COMMIT was on its way: the transaction may
 * have committed or not. Rather than guess (a change lost, or made twice),
 * the server is asked, once connected again, what became of it
 * (pg_xact_status () of the id BEGIN gave it). TRUE when it committed;
 * else @error says whether it certainly did not (connection_lost: it may
 * be made again) or whether that is not known. */
static gboolean
resolve_commit (PbDbPg      *self,
                const char  *xact_id,
                GError     **error)
{
  const char *name = pb_db_get_name (PB_DB (self));
  g_autoptr(GError) local_error = NULL;
  g_autofree char *status = NULL;

  /* Worth waiting for: the server is asked for as long as a slow restart
   * takes, not only the few seconds of pb_db_pg_reconnect (); but never
   * by a caller that may not wait (pb_db_pg_set_background ()), who
   * learns at once that it is not known. */
  if (xact_id != NULL && self->background)
    pb_db_pg_reconnect (self, &local_error);
  else if (xact_id != NULL)
    for (gint64 deadline = g_get_monotonic_time () + RESOLVE_SECONDS * G_USEC_PER_SEC;
         !pb_db_pg_reconnect (self, local_error == NULL ? &local_error : NULL) &&
         g_get_monotonic_time () < deadline; )
      g_usleep (G_USEC_PER_SEC / 2);

  if (xact_id != NULL && pb_db_pg_is_connected (self))
    for (guint i = 0; i < XACT_STATUS_ATTEMPTS; i++)
      {
        const char *values[] = { xact_id };
        PGresult *result = PQexecParams (self->conn, "SELECT pg_xact_status (CAST ($1 AS xid8))", 1, NULL,
                                         values, NULL, NULL, 0);

        g_free (status);
        status = result_ok (result) && PQntuples (result) == 1 ? g_strdup (PQgetvalue (result, 0, 0)) : NULL;
        PQclear (result);
        if (g_strcmp0 (status, "in progress") != 0)
          break;
        g_usleep (100 * 1000);
      }

  g_debug ("%s: COMMIT of transaction %s lost; the server says: %s", name, xact_id ? xact_id : "-",
           status ? status : "nothing");
  if (g_strcmp0 (status, "committed") == 0)
    return TRUE;

  if (g_strcmp0 (status, "aborted") == 0)
    {
      self->connection_lost = TRUE;
      /* Translators: a database */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO,
                   _("Lost the connection to %s while saving; the server says this change was not saved."), name);
      return FALSE;
    }

  /* Not known: the server could not be asked (still away, or a caller
   * that may not wait for it) or did not say. Why not is for the log:
   * the reconnection's own words ("nothing was saved") would say more
   * than is known. */
  if (local_error != NULL)
    g_debug ("%s: not asked about transaction %s: %s", name, xact_id ? xact_id : "-", local_error->message);
  self->commit_unknown = TRUE;
  if (!pb_db_pg_is_connected (self))
    /* Translators: a database */
    g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO,
                 _("Lost the connection to %s while saving; whether this change was saved will be known "
                   "only when the server can be reached again. Look at the case before making it again."),
                 name);
  else
    /* Translators: a database, then what the server says of the change ("in progress") */
    g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO,
                 _("Lost the connection to %s while saving, and the server does not say whether this change "
                   "was saved (%s). Look at the case before making it again."),
                 name, status != NULL ? status : "-");
  return FALSE;
}

/* A write's COMMIT: sent, and its answer read. NULL when it could not be
 * sent: nothing reached the server. */
static PGresult *
send_commit (PbDbPg *self)
{
  PGresult *result, *last = NULL;

  if (self->commit_hook != NULL)
    self->commit_hook (self, FALSE, self->commit_hook_data);
  if (!PQsendQuery (self->conn, "COMMIT"))
    return NULL;
  if (self->commit_hook != NULL)
    self->commit_hook (self, TRUE, self->commit_hook_data);

  /* The first error says why: the server's own (57P01, the session
   * ended) comes before libpq's word that the connection closed. */
  while ((result = PQgetResult (self->conn)) != NULL)
    if (last != NULL && PQresultStatus (last) == PGRES_FATAL_ERROR)
      PQclear (result);
    else
      {
        g_clear_pointer (&last, PQclear);
        last = result;
      }

  return last;
}

/* Whether @result is the server's own error (an SQLSTATE: a session
 * ended, 57P01), not libpq's word that the connection went. The server
 * never answers a COMMIT that committed with one: an error after the
 * commit record is a PANIC. */
static gboolean
refused_by_server (PGresult *result)
{
  const char *severity = PQresultErrorField (result, PG_DIAG_SEVERITY_NONLOCALIZED);

  return PQresultErrorField (result, PG_DIAG_SQLSTATE) != NULL &&
         (g_strcmp0 (severity, "ERROR") == 0 || g_strcmp0 (severity, "FATAL") == 0);
}

/* @sql run as one simple query (libpq gives the last statement's result),
 * once more on a new connection when it may (may_run_again ()). */
static PGresult *
exec_simple (PbDbPg     *self,
             const char *sql)
{
  PGresult *result = PQexec (self->conn, sql);

  if (!result_ok (result) && may_run_again (self, sql))
    {
      PQclear (result);
      result = PQexec (self->conn, sql);
    }
  follow_transaction (self, sql, result_ok (result));

  return result;
}

/* Begins a transaction with @begin and asks, in the same round trip,
 * whether the person goes through the gate now (GATED_SQL): what runs in
 * it goes the way the server lets them go, though an administrator gave
 * or took a group since the session began; and for a write (@xact_id),
 * the transaction's id. */
static gboolean
exec_begin (PbDbPg      *self,
            const char  *begin,
            char       **xact_id,
            GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("%s; SELECT %s, " GATED_SQL, begin,
                                          xact_id != NULL ? "pg_current_xact_id ()" : "NULL");
  PGresult *result = exec_simple (self, sql);

  if (!result_ok (result))
    {
      set_error_from_result (self, result, error);
      PQclear (result);
      /* BEGIN ran, the SELECT did not. */
      if (PQtransactionStatus (self->conn) == PQTRANS_INERROR)
        PQclear (PQexec (self->conn, "ROLLBACK"));
      return FALSE;
    }

  if (PQntuples (result) == 1)
    {
      if (xact_id != NULL)
        *xact_id = g_strdup (PQgetvalue (result, 0, 0));
      set_gated (self, PQgetvalue (result, 0, 1));
    }
  PQclear (result);

  return TRUE;
}

static gboolean
pb_db_pg_exec (PbDb        *db,
               const char  *sql,
               GError     **error)
{
  static const char * const begin[] = { "BEGIN", "START", NULL };
  PbDbPg *self = PB_DB_PG (db);
  gboolean commit = g_ascii_strcasecmp (sql, "COMMIT") == 0;
  gboolean write_commit = commit && self->in_transaction && self->writing;
  g_autofree char *xact_id = NULL;
  PGresult *result;
  gboolean ok;

  if (!ensure_connected (self, error))
    return FALSE;

  if (starts_with_word (sql, begin) && strchr (sql, ';') == NULL)
    return exec_begin (self, sql, NULL, error);
  if (!write_commit)
    result = exec_simple (self, sql);
  else
    {
      xact_id = g_steal_pointer (&self->xact_id);
      if (!(result = send_commit (self)))
        {
          set_error_from_result (self, NULL, error);
          follow_transaction (self, sql, FALSE);
          return FALSE;
        }
      follow_transaction (self, sql, result_ok (result));
    }
  ok = result_ok (result);

  /* The answer to a write's COMMIT lost on its way: committed or not? */
  if (!ok && write_commit && PQstatus (self->conn) != CONNECTION_OK)
    {
      if (refused_by_server (result))
        {
          self->connection_lost = TRUE;
          set_error_from_result (self, result, error);
          PQclear (result);
          return FALSE;
        }
      PQclear (result);
      return resolve_commit (self, xact_id, error);
    }

  if (!ok)
    set_error_from_result (self, result, error);
  /* COMMIT of a transaction a failed statement aborted rolls it back, and
   * says so only in its command tag. */
  else if (commit && g_strcmp0 (PQcmdStatus (result), "ROLLBACK") == 0)
    {
      /* Translators: a database */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_FAILED,
                   _("%s: a statement of this change failed, so none of it was saved"),
                   pb_db_get_name (db));
      ok = FALSE;
    }
  PQclear (result);

  return ok;
}

/* A write: READ COMMITTED, each statement seeing what others committed
 * before it. A write to a case first locks the case's row
 * (_pb_case_store_lock_case()), so that writes to one case follow one
 * another and each reads what the one before wrote; the server's
 * triggers hold the chain, the seal and the approval rules whatever a
 * client does (SCHEMA.md, "Writers on a server"). SERIALIZABLE refused
 * most saves of 50 people each on their own case for conflicts that were
 * none (bench-team).
 *
 * The transaction's id comes with BEGIN, in the same round trip: should
 * the answer to its COMMIT be lost, the server is asked about that id
 * (resolve_commit ()). Taken with the COMMIT, it was lost with it. The id
 * costs the server nothing more: the first statement of a write locks a
 * row, which takes one. */
#define BEGIN_WRITE "BEGIN ISOLATION LEVEL READ COMMITTED"

static gboolean
pb_db_pg_begin (PbDb    *db,
                GError **error)
{
  PbDbPg *self = PB_DB_PG (db);

  self->serialization_failed = FALSE;
  self->connection_lost = FALSE;
  self->commit_unknown = FALSE;
  self->identity_refused = FALSE;
  self->writing = TRUE;
  g_clear_pointer (&self->xact_id, g_free);

  if (!ensure_connected (self, error))
    return FALSE;

  return exec_begin (self, BEGIN_WRITE, &self->xact_id, error);
}

/* A read: one snapshot for all its statements (a verification, a report's
 * snapshot), which never waits for a writer nor fails for one. */
static gboolean
pb_db_pg_begin_read (PbDb    *db,
                     GError **error)
{
  PbDbPg *self = PB_DB_PG (db);

  self->serialization_failed = FALSE;
  self->connection_lost = FALSE;
  self->commit_unknown = FALSE;
  self->identity_refused = FALSE;
  self->writing = FALSE;
  g_clear_pointer (&self->xact_id, g_free);

  return pb_db_pg_exec (db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", error);
}

/* Tests: @hook is called as a write's COMMIT goes to the server, just
 * before it is sent (@sent FALSE) and just after, before its answer is
 * read. */
void
pb_db_pg_set_commit_hook (PbDbPg           *self,
                          PbDbPgCommitHook  hook,
                          gpointer          user_data)
{
  g_return_if_fail (PB_IS_DB_PG (self));

  self->commit_hook = hook;
  self->commit_hook_data = user_data;
}

/* Whether a transaction begun to write is under way. */
gboolean
pb_db_pg_in_write (PbDbPg *self)
{
  g_return_val_if_fail (PB_IS_DB_PG (self), FALSE);

  return self->writing && self->in_transaction;
}

static gboolean
pb_db_pg_in_transaction (PbDb *db)
{
  return PB_DB_PG (db)->in_transaction;
}

static void
pb_db_pg_finalize (GObject *object)
{
  PbDbPg *self = (PbDbPg *)object;

  g_clear_pointer (&self->conn, PQfinish);
  g_clear_pointer (&self->xact_id, g_free);
  g_clear_pointer (&self->conninfo, g_free);
  g_clear_pointer (&self->channels, g_strfreev);
  g_clear_pointer (&self->gate_columns, g_hash_table_unref);

  G_OBJECT_CLASS (pb_db_pg_parent_class)->finalize (object);
}

static void
pb_db_pg_class_init (PbDbPgClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  PbDbClass *db_class = PB_DB_CLASS (klass);

  object_class->finalize = pb_db_pg_finalize;

  db_class->kind = PB_DB_KIND_POSTGRESQL;
  db_class->prepare = pb_db_pg_prepare;
  db_class->exec = pb_db_pg_exec;
  db_class->begin = pb_db_pg_begin;
  db_class->begin_read = pb_db_pg_begin_read;
  db_class->in_transaction = pb_db_pg_in_transaction;
  db_class->stmt_free = pb_db_pg_stmt_free;
  db_class->reset = pb_db_pg_reset;
  db_class->bind_text = pb_db_pg_bind_text;
  db_class->bind_int64 = pb_db_pg_bind_int64;
  db_class->bind_blob = pb_db_pg_bind_blob;
  db_class->step = pb_db_pg_step;
  db_class->column_count = pb_db_pg_column_count;
  db_class->column_is_null = pb_db_pg_column_is_null;
  db_class->column_text = pb_db_pg_column_text;
  db_class->column_int64 = pb_db_pg_column_int64;
  db_class->column_blob = pb_db_pg_column_blob;
}

static void
pb_db_pg_init (PbDbPg *self)
{
  self->gate_columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* Passwords ------------------------------------------------------------------------ */

/* Adds @secret (@length bytes, or up to its end when -1), its
 * percent-decoded form, and the words a space separates in it (libpq
 * quotes the word after one that ended a value it read). */
static void
add_secret (GPtrArray  *secrets,
            const char *secret,
            gssize      length)
{
  g_autofree char *raw = length < 0 ? g_strdup (secret) : g_strndup (secret, length);
  g_auto(GStrv) words = NULL;
  char *decoded;

  g_strstrip (raw);
  if (raw[0] == '\0')
    return;
  if ((decoded = g_uri_unescape_string (raw, NULL)) != NULL && strcmp (decoded, raw) != 0)
    g_ptr_array_add (secrets, decoded);
  else
    g_free (decoded);

  words = g_strsplit_set (raw, " \t\n", -1);
  for (guint i = 0; words[i] != NULL && words[1] != NULL; i++)
    if (words[i][0] != '\0')
      g_ptr_array_add (secrets, g_strdup (words[i]));

  g_ptr_array_add (secrets, g_steal_pointer (&raw));
}

/* Where a "key=" that follows a space begins in @p, or its end. */
static const char *
next_keyword (const char *p)
{
  for (; *p != '\0'; p++)
    {
      const char *k = p + 1;

      if (!g_ascii_isspace (*p))
        continue;
      while (g_ascii_isalpha (*k) || *k == '_')
        k++;
      while (*k == ' ' || *k == '\t')
        k++;
      if (k > p + 1 && *k == '=')
        return p;
    }

  return p;
}

/* The passwords @conninfo may hold, as libpq reads them and as they are
 * written, found by hand as well: libpq quotes the parts of a string it
 * cannot read in its message. */
static GPtrArray *
find_secrets (const char *conninfo)
{
  GPtrArray *secrets = g_ptr_array_new_with_free_func (g_free);
  PQconninfoOption *options = PQconninfoParse (conninfo, NULL);
  const char *p;

  for (PQconninfoOption *o = options; o != NULL && o->keyword != NULL; o++)
    if (strcmp (o->keyword, "password") == 0 && o->val != NULL)
      add_secret (secrets, o->val, -1);
  PQconninfoFree (options);

  /* password=VALUE, password = 'VALUE', ?password=VALUE& */
  for (p = conninfo; (p = strstr (p, "password")) != NULL; )
    {
      p += strlen ("password");
      while (*p == ' ' || *p == '\t')
        p++;
      if (*p != '=')
        continue;
      p++;
      while (*p == ' ' || *p == '\t')
        p++;
      if (*p == '\'')
        {
          const char *end = strchr (p + 1, '\'');

          add_secret (secrets, p + 1, end != NULL ? end - p - 1 : -1);
        }
      else if (strstr (conninfo, "://") != NULL)
        add_secret (secrets, p, strcspn (p, "&#"));
      else
        add_secret (secrets, p, next_keyword (p) - p);
    }

  /* postgresql://USER:PASSWORD@HOST */
  if ((p = strstr (conninfo, "://")) != NULL)
    {
      const char *authority = p + 3;
      gsize length = strcspn (authority, "/?#");
      const char *at = g_strrstr_len (authority, length, "@");
      const char *colon = at != NULL ? memchr (authority, ':', at - authority) : NULL;

      if (colon != NULL)
        add_secret (secrets, colon + 1, at - colon - 1);
    }

  return secrets;
}

static int
longest_first (gconstpointer a,
               gconstpointer b)
{
  return (int) strlen (*(const char * const *) b) - (int) strlen (*(const char * const *) a);
}

/* @message with every password @conninfo holds replaced by asterisks,
 * wherever it stands as a word of its own (so that a short one does not
 * eat letters out of other words). */
char *
pb_db_pg_redact (const char *conninfo,
                 const char *message)
{
  g_autoptr(GPtrArray) secrets = NULL;
  g_autoptr(GString) text = NULL;

  g_return_val_if_fail (message != NULL, NULL);

  text = g_string_new (message);
  if (conninfo == NULL)
    return g_string_free (g_steal_pointer (&text), FALSE);

  secrets = find_secrets (conninfo);
  g_ptr_array_sort (secrets, longest_first);
  for (guint i = 0; i < secrets->len; i++)
    {
      const char *secret = g_ptr_array_index (secrets, i);
      gsize length = strlen (secret);
      gsize from = 0;
      const char *found;

      while ((found = strstr (text->str + from, secret)) != NULL)
        {
          gsize at = found - text->str;
          gboolean starts = at == 0 || !g_ascii_isalnum (text->str[at - 1]);
          gboolean ends = !g_ascii_isalnum (text->str[at + length]);

          if (starts && ends)
            {
              g_string_erase (text, at, length);
              g_string_insert (text, at, "********");
              from = at + strlen ("********");
            }
          else
            from = at + 1;
        }
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Whether @conninfo holds a password, which Probity never stores. */
gboolean
pb_db_pg_conninfo_has_password (const char *conninfo)
{
  g_autoptr(GPtrArray) secrets = NULL;

  g_return_val_if_fail (conninfo != NULL, FALSE);

  secrets = find_secrets (conninfo);

  return secrets->len > 0;
}

/* @conninfo with @password added: for this session's connections only. */
char *
pb_db_pg_conninfo_with_password (const char *conninfo,
                                 const char *password)
{
  g_autoptr(GString) text = NULL;

  g_return_val_if_fail (conninfo != NULL, NULL);

  if (password == NULL || password[0] == '\0')
    return g_strdup (conninfo);

  text = g_string_new (conninfo);
  if (strstr (conninfo, "://") != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (password, NULL, FALSE);

      g_string_append_printf (text, "%spassword=%s", strchr (conninfo, '?') != NULL ? "&" : "?", escaped);
    }
  else
    {
      g_string_append (text, " password='");
      for (const char *p = password; *p != '\0'; p++)
        {
          if (*p == '\'' || *p == '\\')
            g_string_append_c (text, '\\');
          g_string_append_c (text, *p);
        }
      g_string_append_c (text, '\'');
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* What messages and titles call the server @conninfo names: its host,
 * port, database and user, never its password; "service=NAME" for a
 * service that names no more. */
char *
pb_db_pg_describe_conninfo (const char *conninfo)
{
  PQconninfoOption *options;
  const char *host = NULL, *port = NULL, *dbname = NULL, *user = NULL, *service = NULL;
  GString *text;

  g_return_val_if_fail (conninfo != NULL, NULL);

  if ((options = PQconninfoParse (conninfo, NULL)) == NULL)
    /* Translators: what messages call a server whose connection settings libpq cannot read */
    return g_strdup (_("the team server"));

  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      if (o->val == NULL || o->val[0] == '\0')
        continue;
      if (strcmp (o->keyword, "host") == 0)
        host = o->val;
      else if (strcmp (o->keyword, "hostaddr") == 0 && host == NULL)
        host = o->val;
      else if (strcmp (o->keyword, "port") == 0)
        port = o->val;
      else if (strcmp (o->keyword, "dbname") == 0)
        dbname = o->val;
      else if (strcmp (o->keyword, "user") == 0)
        user = o->val;
      else if (strcmp (o->keyword, "service") == 0)
        service = o->val;
    }

  if (service != NULL && host == NULL && dbname == NULL && user == NULL)
    {
      text = g_string_new ("service=");
      g_string_append (text, service);
    }
  else
    {
      text = g_string_new ("postgresql://");
      if (user != NULL)
        g_string_append_printf (text, "%s@", user);
      if (host != NULL && host[0] != '/')
        g_string_append (text, host);
      if (port != NULL)
        g_string_append_printf (text, ":%s", port);
      g_string_append_printf (text, "/%s", dbname != NULL ? dbname : "");
      if (host != NULL && host[0] == '/')
        g_string_append_printf (text, "?host=%s", host);
      if (service != NULL)
        g_string_append_printf (text, " (service=%s)", service);
    }
  PQconninfoFree (options);

  return g_string_free (text, FALSE);
}

/* Public API ------------------------------------------------------------------------- */

/* Whether @text names a server rather than a file: a postgresql:// or
 * postgres:// URI, or libpq's key=value form starting with service=,
 * host= or dbname=. */
gboolean
pb_db_pg_is_conninfo (const char *text)
{
  static const char * const prefixes[] = {
    "postgresql://", "postgres://", "service=", "host=", "dbname=",
  };

  g_return_val_if_fail (text != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (g_str_has_prefix (text, prefixes[i]))
      return TRUE;

  return FALSE;
}

/* What messages call the server: never a password that @conninfo holds. */
static char *
describe (PGconn *conn)
{
  const char *host = PQhost (conn);

  if (host != NULL && host[0] == '/')
    return g_strdup_printf ("postgresql://%s@/%s?host=%s", PQuser (conn), PQdb (conn), host);

  return g_strdup_printf ("postgresql://%s@%s:%s/%s", PQuser (conn), host != NULL ? host : "",
                          PQport (conn), PQdb (conn));
}

/* What every session of this store starts with, again after a reset:
 * the server forgets it with the connection (and the statements prepared
 * on it: prepared_name () prepares them again). No JIT: it compiles a plan
 * for tens of milliseconds to save less on the store's short queries (a
 * case list of a million rows among them). READ COMMITTED where no
 * isolation is asked, whatever the database's or role's default: the gate
 * runs nothing in a SERIALIZABLE transaction (schema-v16.sql). */
static char *
session_sql (gboolean            read_only,
             const char * const *channels)
{
  GString *sql = g_string_new ("SET search_path = probity, pg_catalog; "
                               "SET lock_timeout = '" LOCK_TIMEOUT "'; SET jit = off; "
                               "SET default_transaction_isolation = 'read committed'");

  if (read_only)
    g_string_append (sql, "; SET default_transaction_read_only = on");
  for (guint i = 0; channels != NULL && channels[i] != NULL; i++)
    g_string_append_printf (sql, "; LISTEN \"%s\"", channels[i]);

  return g_string_free (sql, FALSE);
}

/* Whether this session's statements go through probity.gate () (GATED_SQL),
 * at each session: the columns described before are forgotten with it.
 * Asked again as each transaction begins (exec_begin ()), and when a read
 * outside one is refused for want of a privilege (pb_db_pg_step ()). */
static gboolean
decide_gated (PbDbPg  *self,
              GError **error)
{
  PGresult *result = PQexec (self->conn, "SELECT " GATED_SQL);
  gboolean ok = result_ok (result) && PQntuples (result) == 1;

  if (!ok)
    set_error_from_result (self, result, error);
  else
    set_gated (self, PQgetvalue (result, 0, 0));
  PQclear (result);
  g_hash_table_remove_all (self->gate_columns);

  return ok;
}

static gboolean
set_up_session (PbDbPg  *self,
                GError **error)
{
  g_autofree char *sql = session_sql (self->read_only, (const char * const *) self->channels);
  gboolean reconnecting = self->reconnecting;
  gboolean ok;

  /* Nothing here connects again: this is connecting. */
  self->reconnecting = TRUE;
  self->in_transaction = FALSE;
  ok = pb_db_pg_exec (PB_DB (self), sql, error) && decide_gated (self, error);
  self->reconnecting = reconnecting;
  if (ok)
    {
      self->generation++;
      self->down = FALSE;
    }

  return ok;
}

/* Connects again to the server, with the settings it was opened with, and
 * sets the session up as before. A server that closed the connection is
 * usually restarting: the first attempts wait a little longer each time
 * (reconnect_pauses_ms); once that failed, the server is taken for down
 * and each later call makes one attempt only, so that no call waits long
 * again. Whatever transaction was open is gone. */
gboolean
pb_db_pg_reconnect (PbDbPg  *self,
                    GError **error)
{
  g_autofree char *message = NULL;
  guint n_attempts;

  g_return_val_if_fail (PB_IS_DB_PG (self), FALSE);

  self->in_transaction = FALSE;
  if (self->background)
    {
      /* Translators: a database */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO,
                   _("Not connected to %s: connecting again. Nothing was saved; try again in a moment."),
                   pb_db_get_name (PB_DB (self)));
      return FALSE;
    }

  n_attempts = self->down ? 1 : G_N_ELEMENTS (reconnect_pauses_ms);
  for (guint i = 0; i < n_attempts; i++)
    {
      g_autoptr(GError) local_error = NULL;

      if (!self->down && reconnect_pauses_ms[i] > 0)
        g_usleep (reconnect_pauses_ms[i] * 1000);

      PQreset (self->conn);
      if (PQstatus (self->conn) == CONNECTION_OK && set_up_session (self, &local_error))
        {
          g_debug ("%s: connected again (attempt %u)", pb_db_get_name (PB_DB (self)), i + 1);
          return TRUE;
        }

      g_free (message);
      message = local_error != NULL ? g_strdup (local_error->message)
                                    : strip_message (PQerrorMessage (self->conn));
    }

  self->down = TRUE;
  {
    g_autofree char *redacted = pb_db_pg_redact (self->conninfo, message);

    /* Translators: a database, then libpq's message */
    g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO,
                 _("Lost the connection to %s and could not connect again (%s); this change was not saved."),
                 pb_db_get_name (PB_DB (self)), redacted);
  }

  return FALSE;
}

/* Before a statement outside a transaction: a connection the server
 * closed meanwhile (a restart, pg_terminate_backend (), an idle time-out)
 * is made again first, so that the statement runs. What the server sent
 * since the last statement is read without waiting: its farewell, or
 * the end of the connection. Inside a transaction nothing is done: the
 * transaction went with the connection, and the statement must fail. */
static gboolean
ensure_connected (PbDbPg  *self,
                  GError **error)
{
  if (self->in_transaction || self->reconnecting)
    return TRUE;

  if (PQstatus (self->conn) == CONNECTION_OK && PQconsumeInput (self->conn) &&
      PQstatus (self->conn) == CONNECTION_OK)
    return TRUE;

  return pb_db_pg_reconnect (self, error);
}

/* The server's warnings and notices (a lock released that the session no
 * longer held after a reconnection, a session ended by an administrator)
 * are for debugging, not for the terminal libpq would print them on. */
static void
log_notice (void       *user_data,
            const char *message)
{
  g_debug ("%s", message);
}

/* PQconnectdbParams () that stops when @cancellable is cancelled: libpq's
 * own loop, PQconnectPoll () on the socket, with the cancellable's fd
 * beside it, and the connection's time-out (which PQconnectPoll leaves to
 * its caller) kept here. NULL with @error set when cancelled, NULL alone
 * when the time ran out; else the connection, to be checked like
 * PQconnectdbParams ()'s. */
static PGconn *
connect_cancellable (const char * const  *keywords,
                     const char * const  *values,
                     GCancellable        *cancellable,
                     GError             **error)
{
  PGconn *conn = PQconnectStartParams (keywords, values, TRUE);
  PostgresPollingStatusType poll = PGRES_POLLING_WRITING;
  PQconninfoOption *options;
  GPollFD fds[2] = { { 0, } };
  gint64 seconds = 0, deadline;

  if (conn == NULL || PQstatus (conn) == CONNECTION_BAD)
    return conn;

  options = PQconninfo (conn);
  for (PQconninfoOption *o = options; o != NULL && o->keyword != NULL; o++)
    if (strcmp (o->keyword, "connect_timeout") == 0 && o->val != NULL)
      seconds = g_ascii_strtoll (o->val, NULL, 10);
  PQconninfoFree (options);
  /* libpq: "zero, negative, or not specified means wait indefinitely" */
  deadline = seconds > 0 ? g_get_monotonic_time () + MAX (seconds, 2) * G_USEC_PER_SEC : G_MAXINT64;

  g_cancellable_make_pollfd (cancellable, &fds[1]);
  while (poll != PGRES_POLLING_OK && poll != PGRES_POLLING_FAILED)
    {
      gint64 now = g_get_monotonic_time ();

      if (now >= deadline)
        {
          g_clear_pointer (&conn, PQfinish);
          break;
        }
      fds[0].fd = PQsocket (conn);
      fds[0].events = poll == PGRES_POLLING_READING ? G_IO_IN : G_IO_OUT;
      fds[0].revents = 0;
      g_poll (fds, 2, deadline == G_MAXINT64 ? -1 : (int) MIN ((deadline - now) / 1000 + 1, G_MAXINT));
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          g_clear_pointer (&conn, PQfinish);
          break;
        }
      if (fds[0].revents != 0)
        poll = PQconnectPoll (conn);
    }
  g_cancellable_release_fd (cancellable);

  return conn;
}

/* A new connection to the server @conninfo names, speaking UTF-8; NULL
 * and @error when it cannot be made, or @cancellable was cancelled. */
static PGconn *
connect_to (const char    *conninfo,
            GCancellable  *cancellable,
            GError       **error)
{
  /* Later keywords win over earlier ones: @conninfo's own time-out too. */
  static const char * const keywords[] = { "connect_timeout", "dbname", "client_encoding", "application_name", NULL };
  const char *timeout = g_getenv ("PGCONNECT_TIMEOUT");
  const char * const values[] = { timeout != NULL ? timeout : CONNECT_TIMEOUT, conninfo, "UTF8", "probity", NULL };
  PGconn *conn;

  if (cancellable == NULL)
    conn = PQconnectdbParams (keywords, values, TRUE);
  else if (!(conn = connect_cancellable (keywords, values, cancellable, error)) &&
           g_cancellable_is_cancelled (cancellable))
    return NULL;
  if (conn == NULL || PQstatus (conn) != CONNECTION_OK)
    {
      g_autofree char *message = strip_message (conn != NULL ? PQerrorMessage (conn)
                                                            /* Translators: libpq's words, when they are not known */
                                                            : _("timeout expired"));
      g_autofree char *redacted = pb_db_pg_redact (conninfo, message);
      g_autofree char *server = pb_db_pg_describe_conninfo (conninfo);

      g_clear_pointer (&conn, PQfinish);
      /* Translators: a server (postgresql://user@host:port/database), then libpq's message */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO,
                   _("Could not connect to the team server %s: %s"), server, redacted);
      return NULL;
    }
  PQsetNoticeProcessor (conn, log_notice, NULL);

  return conn;
}

/* Connects to the server @conninfo names (a URI, a service, key=value;
 * libpq's own password and service files supply what it leaves out). The
 * connection speaks UTF-8, finds the store's tables in the schema
 * "probity", and waits for another writer as long as SQLite would. No
 * message names more of @conninfo than its host, port, database and user.
 * A @cancellable stops the attempt (G_IO_ERROR_CANCELLED). */
PbDb *
pb_db_pg_open (const char    *conninfo,
               gboolean       read_only,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(PbDbPg) self = g_object_new (PB_TYPE_DB_PG, NULL);
  g_autofree char *name = NULL;
  PQconninfoOption *options;
  char *parse_error = NULL;

  g_return_val_if_fail (conninfo != NULL, NULL);

  /* Checked first, so that a typing mistake gets a message about it. */
  if ((options = PQconninfoParse (conninfo, &parse_error)) == NULL)
    {
      g_autofree char *message = strip_message (parse_error);
      g_autofree char *redacted = pb_db_pg_redact (conninfo, message);

      PQfreemem (parse_error);
      /* Translators: libpq's message */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO,
                   _("The connection to the team server is neither a postgresql:// URI nor "
                     "“key=value” settings: %s"), redacted);
      return NULL;
    }
  PQconninfoFree (options);

  self->read_only = read_only;
  self->conninfo = g_strdup (conninfo);
  if (!(self->conn = connect_to (conninfo, cancellable, error)))
    return NULL;

  name = describe (self->conn);
  pb_db_set_name (PB_DB (self), name);

  if (!set_up_session (self, error))
    return NULL;

  return PB_DB (g_steal_pointer (&self));
}

/* Why the transaction begun last failed, when the whole of it may be made
 * again (never a refusal of the rules): a serialization failure or a
 * deadlock, or the connection lost before it committed; or, not to be
 * made again blindly, when its COMMIT's answer was lost and what became
 * of it is not known. */
PbDbPgFailure
pb_db_pg_get_failure (PbDbPg *self)
{
  g_return_val_if_fail (PB_IS_DB_PG (self), PB_DB_PG_FAILURE_NONE);

  if (self->serialization_failed)
    return PB_DB_PG_FAILURE_SERIALIZATION;
  if (self->connection_lost)
    return PB_DB_PG_FAILURE_CONNECTION;
  if (self->commit_unknown)
    return PB_DB_PG_FAILURE_UNKNOWN;
  if (self->identity_refused)
    return PB_DB_PG_FAILURE_IDENTITY;

  return PB_DB_PG_FAILURE_NONE;
}

/* How many sessions were set up on this connection: one more each time it
 * was made again, by pb_db_pg_reconnect () or a reset. */
guint
pb_db_pg_get_generation (PbDbPg *self)
{
  g_return_val_if_fail (PB_IS_DB_PG (self), 0);

  return self->generation;
}

/* Notifications ----------------------------------------------------------------------- */

/* Listens to @channels (plain names: letters, digits and _) on this
 * connection, and again after every reset. */
gboolean
pb_db_pg_listen (PbDbPg              *self,
                 const char * const  *channels,
                 GError             **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);

  g_return_val_if_fail (PB_IS_DB_PG (self), FALSE);
  g_return_val_if_fail (channels != NULL, FALSE);

  for (guint i = 0; channels[i] != NULL; i++)
    {
      g_return_val_if_fail (channels[i][0] != '\0' &&
                            strspn (channels[i], "abcdefghijklmnopqrstuvwxyz0123456789_") == strlen (channels[i]),
                            FALSE);
      g_string_append_printf (sql, "%sLISTEN \"%s\"", i > 0 ? "; " : "", channels[i]);
    }
  if (sql->len > 0 && !pb_db_pg_exec (PB_DB (self), sql->str, error))
    return FALSE;

  g_strfreev (self->channels);
  self->channels = g_strdupv ((char **) channels);

  return TRUE;
}

/* Stops listening (errors ignored: a lost connection listens to nothing). */
void
pb_db_pg_unlisten (PbDbPg *self)
{
  PGnotify *notify;

  g_return_if_fail (PB_IS_DB_PG (self));

  g_clear_pointer (&self->channels, g_strfreev);
  /* Not through pb_db_pg_exec (): a lost connection is not made again for this. */
  if (PQstatus (self->conn) == CONNECTION_OK && !self->in_transaction)
    PQclear (PQexec (self->conn, "UNLISTEN *"));
  while ((notify = PQnotifies (self->conn)) != NULL)
    PQfreemem (notify);
}

/* The connection's socket, to watch for reading; -1 when there is none. */
int
pb_db_pg_get_socket (PbDbPg *self)
{
  g_return_val_if_fail (PB_IS_DB_PG (self), -1);

  return PQsocket (self->conn);
}

gboolean
pb_db_pg_is_connected (PbDbPg *self)
{
  g_return_val_if_fail (PB_IS_DB_PG (self), FALSE);

  return PQstatus (self->conn) == CONNECTION_OK;
}

/* Reads what the server sent (when @consume; else only what earlier calls
 * read) and hands each notification to @func, with whether this very
 * connection made it. FALSE when the connection is lost. */
gboolean
pb_db_pg_read_notifications (PbDbPg           *self,
                             gboolean          consume,
                             PbDbPgNotifyFunc  func,
                             gpointer          user_data)
{
  PGnotify *notify;
  int own;

  g_return_val_if_fail (PB_IS_DB_PG (self), FALSE);

  if (PQstatus (self->conn) != CONNECTION_OK)
    return FALSE;

  /* Never in the middle of a transaction's statements: libpq keeps what
   * arrives meanwhile, and the next call hands it over. */
  if (consume && !PQconsumeInput (self->conn))
    return FALSE;

  own = PQbackendPID (self->conn);
  while ((notify = PQnotifies (self->conn)) != NULL)
    {
      func (notify->relname, notify->extra, notify->be_pid == own, user_data);
      PQfreemem (notify);
    }

  return PQstatus (self->conn) == CONNECTION_OK;
}

/* Connecting again off the caller's thread ---------------------------------------- */

typedef struct
{
  char  *conninfo;
  char  *session;       /* set_up_session ()'s statements */
  guint  generation;    /* when it began */
} Reconnection;

static void
reconnection_free (Reconnection *reconnection)
{
  g_free (reconnection->conninfo);
  g_free (reconnection->session);
  g_free (reconnection);
}

static void
reconnect_in_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  Reconnection *reconnection = task_data;
  GError *error = NULL;
  PGconn *conn;
  PGresult *result;

  if (!(conn = connect_to (reconnection->conninfo, cancellable, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  result = PQexec (conn, reconnection->session);
  if (!result_ok (result))
    {
      g_autofree char *message = strip_message (PQerrorMessage (conn));
      g_autofree char *server = pb_db_pg_describe_conninfo (reconnection->conninfo);

      PQclear (result);
      PQfinish (conn);
      /* Translators: a server (postgresql://user@host:port/database), then the server's message */
      g_task_return_new_error (task, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO,
                               _("Could not connect to the team server %s: %s"), server, message);
      return;
    }
  PQclear (result);

  g_task_return_pointer (task, conn, (GDestroyNotify) PQfinish);
}

/* Whether calls that find the connection lost make it again themselves,
 * waiting for the server up to a few seconds (the default), or fail at
 * once (@background), leaving it to pb_db_pg_reconnect_async (): what
 * a window's main thread calls must not wait on the network. */
void
pb_db_pg_set_background (PbDbPg   *self,
                         gboolean  background)
{
  g_return_if_fail (PB_IS_DB_PG (self));

  self->background = !!background;
}

gboolean
pb_db_pg_get_background (PbDbPg *self)
{
  g_return_val_if_fail (PB_IS_DB_PG (self), FALSE);

  return self->background;
}

/* Connects again to the server, as pb_db_pg_reconnect () does, in a worker
 * thread, on a new connection that replaces the lost one only in
 * pb_db_pg_reconnect_finish (). */
void
pb_db_pg_reconnect_async (PbDbPg              *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Reconnection *reconnection;

  g_return_if_fail (PB_IS_DB_PG (self));

  reconnection = g_new0 (Reconnection, 1);
  reconnection->conninfo = g_strdup (self->conninfo);
  reconnection->session = session_sql (self->read_only, (const char * const *) self->channels);
  reconnection->generation = self->generation;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_db_pg_reconnect_async);
  g_task_set_task_data (task, reconnection, (GDestroyNotify) reconnection_free);
  g_task_run_in_thread (task, reconnect_in_thread);
}

/* Takes the new connection in place of the lost one (whatever transaction
 * that had is gone), unless a call made it again meanwhile. Called with
 * the store's lock held. */
gboolean
pb_db_pg_reconnect_finish (PbDbPg        *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  Reconnection *reconnection;
  PGconn *conn;

  g_return_val_if_fail (PB_IS_DB_PG (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  reconnection = g_task_get_task_data (G_TASK (result));
  if (!(conn = g_task_propagate_pointer (G_TASK (result), error)))
    return FALSE;

  if (self->generation != reconnection->generation && PQstatus (self->conn) == CONNECTION_OK)
    {
      PQfinish (conn);
      return TRUE;
    }

  PQfinish (self->conn);
  self->conn = conn;
  self->in_transaction = FALSE;
  self->generation++;
  self->down = FALSE;
  g_debug ("%s: connected again in a worker thread", pb_db_get_name (PB_DB (self)));

  return TRUE;
}
