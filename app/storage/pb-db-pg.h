/* pb-db-pg.h: a connection to a PostgreSQL server (libpq)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-db.h"

G_BEGIN_DECLS

#define PB_TYPE_DB_PG (pb_db_pg_get_type ())

G_DECLARE_FINAL_TYPE (PbDbPg, pb_db_pg, PB, DB_PG, PbDb)

typedef enum
{
  PB_DB_PG_FAILURE_NONE,
  PB_DB_PG_FAILURE_SERIALIZATION,   /* 40001 or 40P01: nothing was written */
  PB_DB_PG_FAILURE_CONNECTION,      /* lost before the commit: nothing was written */
  PB_DB_PG_FAILURE_UNKNOWN,         /* the COMMIT's answer lost: written or not, not known */
  PB_DB_PG_FAILURE_IDENTITY,        /* PBWHO: an event named another organisation than the server
                                     * keeps for the person (changed since they connected?) */
} PbDbPgFailure;

/* A notification: its channel, its payload, and whether the connection
 * that reads it made it. */
typedef void (*PbDbPgNotifyFunc) (const char *channel,
                                  const char *payload,
                                  gboolean    own,
                                  gpointer    user_data);

/* Tests: see pb_db_pg_set_commit_hook (). */
typedef void (*PbDbPgCommitHook) (PbDbPg   *db,
                                  gboolean  sent,
                                  gpointer  user_data);

gboolean  pb_db_pg_is_conninfo  (const char   *text);
char     *pb_db_pg_describe_conninfo (const char *conninfo);
gboolean  pb_db_pg_conninfo_has_password (const char *conninfo);
char     *pb_db_pg_conninfo_with_password (const char *conninfo,
                                           const char *password);
char     *pb_db_pg_redact       (const char   *conninfo,
                                 const char   *message);
PbDb     *pb_db_pg_open         (const char   *conninfo,
                                 gboolean      read_only,
                                 GCancellable *cancellable,
                                 GError      **error);
void      pb_db_pg_set_other_version_error (PbDb    *db,
                                            GError **error);
gboolean  pb_db_pg_in_write     (PbDbPg       *self);
PbDbPgFailure pb_db_pg_get_failure (PbDbPg *self);
gboolean  pb_db_pg_reconnect    (PbDbPg       *self,
                                 GError      **error);
guint     pb_db_pg_get_generation (PbDbPg     *self);

gboolean  pb_db_pg_listen       (PbDbPg              *self,
                                 const char * const  *channels,
                                 GError             **error);
void      pb_db_pg_unlisten     (PbDbPg       *self);
int       pb_db_pg_get_socket   (PbDbPg       *self);
gboolean  pb_db_pg_is_connected (PbDbPg       *self);
gboolean  pb_db_pg_read_notifications (PbDbPg           *self,
                                       gboolean          consume,
                                       PbDbPgNotifyFunc  func,
                                       gpointer          user_data);
void      pb_db_pg_set_background (PbDbPg     *self,
                                   gboolean    background);
gboolean  pb_db_pg_get_background (PbDbPg     *self);
void      pb_db_pg_reconnect_async (PbDbPg              *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean  pb_db_pg_reconnect_finish (PbDbPg        *self,
                                     GAsyncResult  *result,
                                     GError       **error);
void      pb_db_pg_set_commit_hook (PbDbPg          *self,
                                    PbDbPgCommitHook hook,
                                    gpointer         user_data);
void      pb_db_pg_stmt_set_fetch_size (PbDbStmt *stmt,
                                        guint     fetch_size);
guint     pb_db_pg_take_largest_fetch  (void);
char     *pb_db_pg_rewrite_sql  (const char   *sql,
                                 int          *n_params);

G_END_DECLS
