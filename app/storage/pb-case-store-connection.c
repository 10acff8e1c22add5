/* pb-case-store-connection.c: one SQLite connection per database file per
 * process, shared by every store opened on that file
 *
 * POSIX advisory locks belong to the process: close() on any descriptor of
 * a database file drops every lock the process holds on it, SQLite's
 * included, and the next program to open the file may then take itself for
 * the last user, fold the WAL in and delete it under a connection still
 * writing to it. So nothing in this process reads the file outside SQLite
 * while a connection to it is open, and a second store on the same file
 * (same device and inode, whatever the path) shares the first one's
 * connection instead of opening another.
 *
 * The registry is locked from a lookup to the registration, but not while
 * an existing file is opened: the thread opening it holds a claim on it,
 * which others wanting the same file wait for, and a check of a large
 * file in one window keeps no other file from opening or closing.
 *
 * Stores that share a connection may live in different threads (the sign
 * dialog reads in a worker thread): each public call holds the connection's
 * lock from its first statement to its last.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-case-store"

#include "config.h"

#include <glib/gstdio.h>
#include <stdint.h>

#include "pb-case-store-private.h"

static GMutex registry_lock;
static GCond registry_cond;    /* a claim was given up */
static GHashTable *registry;   /* "device:inode" -> PbConnection, not owned */
static GHashTable *claims;     /* "device:inode" of files being opened */

void
_pb_case_store_registry_lock (void)
{
  g_mutex_lock (&registry_lock);
}

void
_pb_case_store_registry_unlock (void)
{
  g_mutex_unlock (&registry_lock);
}

/* "device:inode" of @path, NULL if it does not exist. stat() takes no
 * descriptor, so it cannot drop a lock. */
static char *
file_key (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return NULL;

  return g_strdup_printf ("%ju:%ju", (uintmax_t) st.st_dev, (uintmax_t) st.st_ino);
}

/* With the registry locked: the connection open on @path, with a new
 * reference, or NULL when this process has none. Then *@claim is set to
 * the file's key, which no other thread may open until the claim is given
 * up (_pb_case_store_registry_release()): the caller may open it without
 * the registry locked. *@claim is NULL when the file does not exist yet:
 * the caller keeps the registry locked while it creates it. While another
 * thread holds the claim, waits for it (the registry unlocked meanwhile). */
PbConnection *
_pb_case_store_registry_lookup (const char  *path,
                                char       **claim)
{
  *claim = NULL;

  for (;;)
    {
      g_autofree char *key = file_key (path);
      PbConnection *connection;

      if (key == NULL)
        return NULL;

      if (registry != NULL && (connection = g_hash_table_lookup (registry, key)))
        {
          connection->ref_count++;
          return connection;
        }

      if (claims == NULL || !g_hash_table_contains (claims, key))
        {
          if (claims == NULL)
            claims = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_hash_table_add (claims, g_strdup (key));
          *claim = g_steal_pointer (&key);
          return NULL;
        }

      g_cond_wait (&registry_cond, &registry_lock);
    }
}

/* With the registry locked: gives up @claim (may be NULL), once the
 * connection is registered or the open failed. */
void
_pb_case_store_registry_release (char *claim)
{
  if (claim == NULL)
    return;

  g_hash_table_remove (claims, claim);
  g_free (claim);
  g_cond_broadcast (&registry_cond);
}

/* With the registry locked: a connection for @db, open on @file_path (the
 * database, or an upgraded copy of it in @temp_dir), registered under the
 * device and inode of @path. Takes @db and @temp_dir. */
PbConnection *
_pb_case_store_registry_add (const char *path,
                             PbDb       *db,
                             const char *file_path,
                             char       *temp_dir,
                             gboolean    read_only)
{
  PbConnection *connection = _pb_connection_new (db, read_only);

  connection->file_path = g_strdup (file_path);
  connection->temp_dir = temp_dir;

  if ((connection->key = file_key (path)) != NULL)
    {
      if (registry == NULL)
        registry = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, NULL);
      g_hash_table_replace (registry, connection->key, connection);
    }

  return connection;
}

/* A connection that no other store shares (a server's): takes @db. */
PbConnection *
_pb_connection_new (PbDb     *db,
                    gboolean  read_only)
{
  PbConnection *connection = g_new0 (PbConnection, 1);

  connection->ref_count = 1;
  connection->db = db;
  connection->read_only = read_only;
  g_rec_mutex_init (&connection->lock);

  return connection;
}

/* Whether this process has a connection open on @path, or is opening one. */
gboolean
_pb_case_store_registry_contains (const char *path)
{
  g_autofree char *key = file_key (path);
  gboolean contains;

  g_mutex_lock (&registry_lock);
  contains = key != NULL && ((registry != NULL && g_hash_table_contains (registry, key)) ||
                              (claims != NULL && g_hash_table_contains (claims, key)));
  g_mutex_unlock (&registry_lock);

  return contains;
}

void
_pb_connection_unref (PbConnection *connection)
{
  g_mutex_lock (&registry_lock);

  if (--connection->ref_count > 0)
    {
      g_mutex_unlock (&registry_lock);
      return;
    }

  if (connection->key != NULL && registry != NULL &&
      g_hash_table_lookup (registry, connection->key) == connection)
    g_hash_table_remove (registry, connection->key);

  /* Closed with the registry still locked, so that no other open of the
   * file can look at it before SQLite has let go of it. */
  g_clear_object (&connection->db);
  g_mutex_unlock (&registry_lock);

  if (connection->temp_dir != NULL)
    _pb_case_store_remove_temp_dir (connection->temp_dir);

  g_rec_mutex_clear (&connection->lock);
  g_clear_error (&connection->damage);
  g_free (connection->key);
  g_free (connection->file_path);
  g_free (connection->temp_dir);
  g_free (connection);
}

GRecMutexLocker *
_pb_case_store_lock (PbCaseStore *self)
{
  if (!PB_IS_CASE_STORE (self) || self->connection == NULL)
    return NULL;

  return g_rec_mutex_locker_new (&self->connection->lock);
}

/* Whether revisions.outcome and n_answers were kept by this build's rating
 * method; if not (a file of another build open for reading), they are
 * recomputed wherever they would be shown. */
gboolean
_pb_case_store_caches_current (PbCaseStore *self)
{
  return self->connection != NULL ? self->connection->caches_current : self->caches_current;
}
