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
PbDb     *pb_db_sqlite_open_reader       (PbDbSqlite   *self,
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
void      pb_db_sqlite_stop_writing      (PbDbSqlite   *self);
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

/* A set of row ids that a statement reads through pb_in (?, id) in SQL,
 * bound with pb_db_sqlite_stmt_bind_row_set(): a search's cases, tested
 * row by row as a query walks an index in the order it lists them. */
typedef struct _PbDbRowSet PbDbRowSet;

PbDbRowSet *pb_db_row_set_new          (void);
void        pb_db_row_set_free         (PbDbRowSet       *set);
void        pb_db_row_set_add          (PbDbRowSet       *set,
                                        gint64            id);
void        pb_db_row_set_add_all      (PbDbRowSet       *set,
                                        const PbDbRowSet *other);
void        pb_db_row_set_keep_all     (PbDbRowSet       *set,
                                        const PbDbRowSet *other);
gboolean    pb_db_row_set_contains     (const PbDbRowSet *set,
                                        gint64            id);
guint       pb_db_row_set_get_size     (const PbDbRowSet *set);
GArray     *pb_db_row_set_to_array     (const PbDbRowSet *set);
int         pb_db_row_set_compare_ids  (const gint64     *a,
                                        const gint64     *b);
void        pb_db_sqlite_stmt_bind_row_set (PbDbStmt     *stmt,
                                        int               index,
                                        const PbDbRowSet *set);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbDbRowSet, pb_db_row_set_free)

G_END_DECLS
