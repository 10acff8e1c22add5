/* pb-db-sqlite.h: a connection to an SQLite file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "pb-db.h"

G_BEGIN_DECLS

#define PB_TYPE_DB_SQLITE (pb_db_sqlite_get_type ())

G_DECLARE_FINAL_TYPE (PbDbSqlite, pb_db_sqlite, PB, DB_SQLITE, PbDb)

PbDb     *pb_db_sqlite_open              (const char   *file_path,
                                          gboolean      read_only,
                                          const char   *query,
                                          const char   *name,
                                          GError      **error);
PbDb     *pb_db_sqlite_open_memory       (GError      **error);
sqlite3  *pb_db_sqlite_get_handle        (PbDbSqlite   *self);
int       pb_db_sqlite_get_error_code    (PbDbSqlite   *self);
gboolean  pb_db_sqlite_set_error         (PbDbSqlite   *self,
                                          GError      **error);
void      pb_db_sqlite_set_busy_timeout  (PbDbSqlite   *self,
                                          guint         timeout_ms);
gboolean  pb_db_sqlite_checkpoint_in_background (PbDbSqlite *self,
                                          GError      **error);
void      pb_db_sqlite_end_checkpoints (PbDbSqlite   *self);
gboolean  pb_db_sqlite_backup_to         (PbDbSqlite   *self,
                                          const char   *dest_path,
                                          GError      **error);
gboolean  pb_db_sqlite_has_temp_table    (PbDbSqlite   *self,
                                          const char   *table);
void      pb_db_sqlite_set_progress_handler (PbDbSqlite *self,
                                          int           n_steps,
                                          int         (*func) (void *),
                                          void         *data);
char     *pb_db_sqlite_path_to_uri       (const char   *path,
                                          const char   *query);

G_END_DECLS
