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

typedef struct
{
  char *name;   /* what messages call the database: a file, a server */
} PbDbPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (PbDb, pb_db, G_TYPE_OBJECT)

static void
pb_db_finalize (GObject *object)
{
  PbDbPrivate *priv = pb_db_get_instance_private (PB_DB (object));

  g_clear_pointer (&priv->name, g_free);

  G_OBJECT_CLASS (pb_db_parent_class)->finalize (object);
}

static void
pb_db_class_init (PbDbClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pb_db_finalize;
}

static void
pb_db_init (PbDb *self)
{
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

/* Runs @sql, which may hold several statements and takes no parameters. */
gboolean
pb_db_exec (PbDb        *self,
            const char  *sql,
            GError     **error)
{
  g_return_val_if_fail (PB_IS_DB (self), FALSE);

  return PB_DB_GET_CLASS (self)->exec (self, sql, error);
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

  if (!(stmt = pb_db_prepare (self, sql, error)))
    return FALSE;

  va_start (args, n_params);
  for (guint i = 0; i < n_params; i++)
    pb_db_stmt_bind_text (stmt, i + 1, va_arg (args, const char *));
  va_end (args);

  return pb_db_stmt_step (stmt, error) != 0;
}

/* A transaction that will write: it takes what it needs to write up front,
 * so that two writers queue instead of failing halfway. */
gboolean
pb_db_begin (PbDb    *self,
             GError **error)
{
  g_return_val_if_fail (PB_IS_DB (self), FALSE);

  return PB_DB_GET_CLASS (self)->begin (self, error);
}

/* A transaction that only reads: every statement of it sees the database
 * as it was when the first one ran, whatever others commit meanwhile. */
gboolean
pb_db_begin_read (PbDb    *self,
                  GError **error)
{
  g_return_val_if_fail (PB_IS_DB (self), FALSE);

  if (PB_DB_GET_CLASS (self)->begin_read == NULL)
    return pb_db_exec (self, "BEGIN", error);

  return PB_DB_GET_CLASS (self)->begin_read (self, error);
}

/* On failure the transaction is rolled back. */
gboolean
pb_db_commit (PbDb    *self,
              GError **error)
{
  g_return_val_if_fail (PB_IS_DB (self), FALSE);

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
  g_return_if_fail (PB_IS_DB (self));

  if (pb_db_in_transaction (self))
    pb_db_exec (self, "ROLLBACK", NULL);
}

gboolean
pb_db_in_transaction (PbDb *self)
{
  g_return_val_if_fail (PB_IS_DB (self), FALSE);

  return PB_DB_GET_CLASS (self)->in_transaction (self);
}

/* Statements ------------------------------------------------------------------ */

#define STMT_CLASS(stmt) PB_DB_GET_CLASS ((stmt)->db)

void
pb_db_stmt_free (PbDbStmt *stmt)
{
  if (stmt != NULL)
    STMT_CLASS (stmt)->stmt_free (stmt);
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
