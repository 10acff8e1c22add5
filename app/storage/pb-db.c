/* pb-db.c: what every database connection does alike; the engines do the
 * rest through the class's functions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-db"

#include "config.h"

#include "pb-db.h"
#include "pb-i18n.h"
#include "pb-storage-types.h"

/* Statements kept for SQL run over and over (an autosave runs some
 * fifteen): parsing them again cost more than running them. Bounded, for
 * SQL put together at run time. */
#define CACHED_STATEMENTS_MAX 128

typedef struct
{
  char       *name;         /* what messages call the database: a file, a server */

  GMutex      statements_lock;
  GHashTable *statements;   /* SQL → PbDbStmt, until the connection closes */

  guint64     n_writes;     /* write transactions begun */
  guint64     write;        /* the one in progress (pb_db_get_write ()) */
} PbDbPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (PbDb, pb_db, G_TYPE_OBJECT)

#define STMT_CLASS(stmt) PB_DB_GET_CLASS ((stmt)->db)

static void
cached_stmt_free (PbDbStmt *stmt)
{
  STMT_CLASS (stmt)->stmt_free (stmt);
}

/* Before the engine closes the connection: SQLite would keep a connection
 * with statements left open as a zombie. */
static void
pb_db_dispose (GObject *object)
{
  PbDbPrivate *priv = pb_db_get_instance_private (PB_DB (object));

  g_mutex_lock (&priv->statements_lock);
  g_hash_table_remove_all (priv->statements);
  g_mutex_unlock (&priv->statements_lock);

  G_OBJECT_CLASS (pb_db_parent_class)->dispose (object);
}

static void
pb_db_finalize (GObject *object)
{
  PbDbPrivate *priv = pb_db_get_instance_private (PB_DB (object));

  g_clear_pointer (&priv->name, g_free);
  g_clear_pointer (&priv->statements, g_hash_table_unref);
  g_mutex_clear (&priv->statements_lock);

  G_OBJECT_CLASS (pb_db_parent_class)->finalize (object);
}

static void
pb_db_class_init (PbDbClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pb_db_dispose;
  object_class->finalize = pb_db_finalize;
}

static void
pb_db_init (PbDb *self)
{
  PbDbPrivate *priv = pb_db_get_instance_private (self);

  g_mutex_init (&priv->statements_lock);
  priv->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) cached_stmt_free);
}

PbDbKind
pb_db_get_kind (PbDb *self)
{
  g_return_val_if_fail (PB_IS_DB (self), PB_DB_KIND_SQLITE);

  return PB_DB_GET_CLASS (self)->kind;
}

const char *
pb_db_get_name (PbDb *self)
{
  PbDbPrivate *priv;

  g_return_val_if_fail (PB_IS_DB (self), NULL);

  priv = pb_db_get_instance_private (self);

  return priv->name != NULL ? priv->name : "";
}

void
pb_db_set_name (PbDb       *self,
                const char *name)
{
  PbDbPrivate *priv;

  g_return_if_fail (PB_IS_DB (self));

  priv = pb_db_get_instance_private (self);
  g_free (priv->name);
  priv->name = g_strdup (name);
}

PbDbStmt *
pb_db_prepare (PbDb        *self,
               const char  *sql,
               GError     **error)
{
  g_return_val_if_fail (PB_IS_DB (self), NULL);

  return PB_DB_GET_CLASS (self)->prepare (self, sql, error);
}

/* A statement of @sql that the connection keeps: freeing it (g_autoptr)
 * resets it, clears what was bound and gives it back for the next caller
 * of the same SQL, until the connection closes. While one caller holds
 * it, another (the same SQL, nested) gets a statement of its own. For SQL
 * a store runs often. What the engine keeps: SQLite the compiled
 * statement, which a schema changed since (a migration, an attached file)
 * prepares again as it steps; a server the SQL rewritten for it, prepared
 * on the session the first time a write runs it (pb-db-pg.c). */
PbDbStmt *
pb_db_prepare_cached (PbDb        *self,
                      const char  *sql,
                      GError     **error)
{
  PbDbPrivate *priv;
  PbDbClass *klass;
  PbDbStmt *stmt;
  gboolean keep = FALSE;

  g_return_val_if_fail (PB_IS_DB (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  priv = pb_db_get_instance_private (self);
  klass = PB_DB_GET_CLASS (self);

  g_mutex_lock (&priv->statements_lock);
  stmt = g_hash_table_lookup (priv->statements, sql);
  if (stmt != NULL && !stmt->in_use)
    stmt->in_use = TRUE;
  else
    {
      keep = stmt == NULL && g_hash_table_size (priv->statements) < CACHED_STATEMENTS_MAX;
      stmt = NULL;
    }
  g_mutex_unlock (&priv->statements_lock);

  if (stmt != NULL)
    return stmt;
  if (!keep)
    return klass->prepare (self, sql, error);

  if (!(stmt = (klass->prepare_persistent != NULL ? klass->prepare_persistent : klass->prepare) (self, sql, error)))
    return NULL;

  g_mutex_lock (&priv->statements_lock);
  if (!g_hash_table_contains (priv->statements, sql))
    {
      char *key = g_strdup (sql);

      stmt->cache_key = key;
      stmt->in_use = TRUE;
      g_hash_table_insert (priv->statements, key, stmt);
    }
  g_mutex_unlock (&priv->statements_lock);

  return stmt;
}

/* Runs @sql, which may hold several statements and takes no parameters. */
gboolean
pb_db_exec (PbDb        *self,
            const char  *sql,
            GError     **error)
{
  PbDbPrivate *priv;
  gboolean ok;

  g_return_val_if_fail (PB_IS_DB (self), FALSE);

  /* A write ends here when @sql ends it, or when it had ended already
   * (the connection lost): a BEGIN of @sql begins none of ours. */
  priv = pb_db_get_instance_private (self);
  if (!pb_db_in_transaction (self))
    priv->write = 0;
  ok = PB_DB_GET_CLASS (self)->exec (self, sql, error);
  if (!pb_db_in_transaction (self))
    priv->write = 0;

  return ok;
}

/* @sql, prepared (kept by the connection) with the @n_params strings of
 * @args bound to ?1..?n (NULL binds NULL). */
static PbDbStmt *
prepare_bound (PbDb        *self,
               const char  *sql,
               GError     **error,
               guint        n_params,
               va_list      args)
{
  PbDbStmt *stmt = pb_db_prepare_cached (self, sql, error);

  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < n_params; i++)
    pb_db_stmt_bind_text (stmt, i + 1, va_arg (args, const char *));

  return stmt;
}

/* Runs a statement that returns no rows, binding @n_params strings to
 * ?1..?n (NULL binds NULL). */
gboolean
pb_db_run (PbDb        *self,
           const char  *sql,
           GError     **error,
           guint        n_params,
           ...)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  va_list args;

  va_start (args, n_params);
  stmt = prepare_bound (self, sql, error, n_params, args);
  va_end (args);

  return stmt != NULL && pb_db_stmt_step (stmt, error) != 0;
}

/* Runs a statement that returns one row of one text, such as INSERT ...
 * RETURNING uid, binding @n_params strings to ?1..?n as pb_db_run ()
 * does: the text, or NULL with @error set. */
char *
pb_db_run_returning_text (PbDb        *self,
                          const char  *sql,
                          GError     **error,
                          guint        n_params,
                          ...)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  char *value = NULL;
  va_list args;
  int rc;

  va_start (args, n_params);
  stmt = prepare_bound (self, sql, error, n_params, args);
  va_end (args);
  if (stmt == NULL)
    return NULL;

  rc = pb_db_stmt_step (stmt, error);
  if (rc == PB_DB_ROW && !pb_db_stmt_column_is_null (stmt, 0))
    value = g_strdup (pb_db_stmt_column_text (stmt, 0));
  else if (rc != 0)
    /* Translators: a database */
    g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_FAILED,
                 _("%s: a statement that returns a row returned none"), pb_db_get_name (self));
  pb_db_stmt_reset (stmt);

  return value;
}

/* A transaction that will write: it takes what it needs to write up front,
 * so that two writers queue instead of failing halfway. */
gboolean
pb_db_begin (PbDb    *self,
             GError **error)
{
  PbDbPrivate *priv;

  g_return_val_if_fail (PB_IS_DB (self), FALSE);

  priv = pb_db_get_instance_private (self);
  priv->write = 0;
  if (!PB_DB_GET_CLASS (self)->begin (self, error))
    return FALSE;

  priv->write = ++priv->n_writes;

  return TRUE;
}

/* A transaction that only reads: every statement of it sees the database
 * as it was when the first one ran, whatever others commit meanwhile. */
gboolean
pb_db_begin_read (PbDb    *self,
                  GError **error)
{
  PbDbPrivate *priv;

  g_return_val_if_fail (PB_IS_DB (self), FALSE);

  priv = pb_db_get_instance_private (self);
  priv->write = 0;
  if (PB_DB_GET_CLASS (self)->begin_read == NULL)
    return pb_db_exec (self, "BEGIN", error);

  return PB_DB_GET_CLASS (self)->begin_read (self, error);
}

/* On failure the transaction is rolled back. */
gboolean
pb_db_commit (PbDb    *self,
              GError **error)
{
  PbDbPrivate *priv;

  g_return_val_if_fail (PB_IS_DB (self), FALSE);

  priv = pb_db_get_instance_private (self);
  priv->write = 0;
  if (!pb_db_exec (self, "COMMIT", error))
    {
      pb_db_rollback (self);
      return FALSE;
    }

  return TRUE;
}

void
pb_db_rollback (PbDb *self)
{
  PbDbPrivate *priv;

  g_return_if_fail (PB_IS_DB (self));

  priv = pb_db_get_instance_private (self);
  priv->write = 0;
  if (pb_db_in_transaction (self))
    pb_db_exec (self, "ROLLBACK", NULL);
}

gboolean
pb_db_in_transaction (PbDb *self)
{
  g_return_val_if_fail (PB_IS_DB (self), FALSE);

  return PB_DB_GET_CLASS (self)->in_transaction (self);
}

/* A number that names the write transaction in progress (pb_db_begin ()),
 * never the same twice on one connection; 0 outside one. What a write
 * read may be kept for as long as this number stays the same. */
guint64
pb_db_get_write (PbDb *self)
{
  PbDbPrivate *priv;

  g_return_val_if_fail (PB_IS_DB (self), 0);

  priv = pb_db_get_instance_private (self);

  return priv->write != 0 && pb_db_in_transaction (self) ? priv->write : 0;
}

/* Statements ------------------------------------------------------------------ */

/* A cached statement goes back to its connection as a new one would be:
 * no row, nothing bound. */
void
pb_db_stmt_free (PbDbStmt *stmt)
{
  PbDbPrivate *priv;

  if (stmt == NULL)
    return;

  if (stmt->cache_key == NULL)
    {
      STMT_CLASS (stmt)->stmt_free (stmt);
      return;
    }

  STMT_CLASS (stmt)->reset (stmt);
  priv = pb_db_get_instance_private (stmt->db);
  g_mutex_lock (&priv->statements_lock);
  stmt->in_use = FALSE;
  g_mutex_unlock (&priv->statements_lock);
}

/* Ready to step again from the start, with no parameters bound. */
void
pb_db_stmt_reset (PbDbStmt *stmt)
{
  STMT_CLASS (stmt)->reset (stmt);
}

/* Parameters count from 1; NULL binds NULL. */
void
pb_db_stmt_bind_text (PbDbStmt   *stmt,
                      int         index,
                      const char *text)
{
  STMT_CLASS (stmt)->bind_text (stmt, index, text);
}

void
pb_db_stmt_bind_int64 (PbDbStmt *stmt,
                       int       index,
                       gint64    value)
{
  STMT_CLASS (stmt)->bind_int64 (stmt, index, value);
}

/* @data must stay as it is until the statement has been stepped. */
void
pb_db_stmt_bind_blob (PbDbStmt      *stmt,
                      int            index,
                      gconstpointer  data,
                      gsize          size)
{
  STMT_CLASS (stmt)->bind_blob (stmt, index, data, size);
}

/* PB_DB_ROW, PB_DB_DONE, or 0 with @error set. */
int
pb_db_stmt_step (PbDbStmt  *stmt,
                 GError   **error)
{
  return STMT_CLASS (stmt)->step (stmt, error);
}

/* Runs a statement that returns one row of one integer, such as INSERT
 * ... RETURNING id, and resets it: a statement left pending would keep
 * its tables busy until the end of the transaction. */
gboolean
pb_db_stmt_run_returning (PbDbStmt  *stmt,
                          gint64    *value,
                          GError   **error)
{
  int rc = pb_db_stmt_step (stmt, error);

  if (rc == PB_DB_ROW)
    *value = pb_db_stmt_column_int64 (stmt, 0);
  else if (rc == PB_DB_DONE)
    /* Translators: a database */
    g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_FAILED,
                 _("%s: a statement that returns a row returned none"), pb_db_get_name (stmt->db));
  pb_db_stmt_reset (stmt);

  return rc == PB_DB_ROW;
}

int
pb_db_stmt_column_count (PbDbStmt *stmt)
{
  return STMT_CLASS (stmt)->column_count (stmt);
}

/* Columns count from 0 and are read from the row the last step gave. */
gboolean
pb_db_stmt_column_is_null (PbDbStmt *stmt,
                           int       index)
{
  return STMT_CLASS (stmt)->column_is_null (stmt, index);
}

/* NULL for NULL; valid until the next step. */
const char *
pb_db_stmt_column_text (PbDbStmt *stmt,
                        int       index)
{
  return STMT_CLASS (stmt)->column_text (stmt, index);
}

gint64
pb_db_stmt_column_int64 (PbDbStmt *stmt,
                         int       index)
{
  return STMT_CLASS (stmt)->column_int64 (stmt, index);
}

int
pb_db_stmt_column_int (PbDbStmt *stmt,
                       int       index)
{
  return (int) pb_db_stmt_column_int64 (stmt, index);
}

/* The bytes of a blob column (NULL and 0 for NULL or empty); valid until
 * the next step. */
gconstpointer
pb_db_stmt_column_blob (PbDbStmt *stmt,
                        int       index,
                        gsize    *size)
{
  return STMT_CLASS (stmt)->column_blob (stmt, index, size);
}

/* A copy of a blob column's bytes. */
GBytes *
pb_db_stmt_column_bytes (PbDbStmt *stmt,
                         int       index)
{
  gsize size = 0;
  gconstpointer data = pb_db_stmt_column_blob (stmt, index, &size);

  return g_bytes_new (data, size);
}
