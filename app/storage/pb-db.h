/* pb-db.h: a connection to the database a case store keeps its cases in,
 * and its prepared statements; one subclass per engine (pb-db-sqlite.c,
 * pb-db-pg.c)
 *
 * The store's SQL is written once, in what both engines accept: "?" or
 * "?N" parameters, INSERT ... ON CONFLICT, RETURNING, "user" quoted. Every
 * error is a PB_STORAGE_ERROR that names the database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PB_TYPE_DB (pb_db_get_type ())

/* The largest value a connection reads or writes, on either engine
 * (SQLite's SQLITE_LIMIT_LENGTH). */
#define PB_DB_VALUE_MAX_SIZE (128 * 1024 * 1024)

G_DECLARE_DERIVABLE_TYPE (PbDb, pb_db, PB, DB, GObject)

typedef enum
{
  PB_DB_KIND_SQLITE,
  PB_DB_KIND_POSTGRESQL,
} PbDbKind;

/* What a step gives: 0 is an error (set). */
typedef enum
{
  PB_DB_ROW = 100,
  PB_DB_DONE = 101,
} PbDbStep;

typedef struct _PbDbStmt PbDbStmt;

/* A statement: each driver's own structure begins with this one. */
struct _PbDbStmt
{
  PbDb       *db;          /* not owned: a statement never outlives its connection */
  const char *cache_key;   /* its SQL in the connection's cache, or NULL */
  gboolean    in_use;      /* a cached one, given out and not yet back */
};

struct _PbDbClass
{
  GObjectClass parent_class;

  PbDbKind   kind;

  PbDbStmt *(*prepare)       (PbDb        *self,
                              const char  *sql,
                              GError     **error);
  /* For a statement the connection keeps (NULL: prepare). */
  PbDbStmt *(*prepare_persistent) (PbDb   *self,
                              const char  *sql,
                              GError     **error);
  gboolean  (*exec)          (PbDb        *self,
                              const char  *sql,
                              GError     **error);
  gboolean  (*begin)         (PbDb        *self,
                              GError     **error);
  gboolean  (*begin_read)    (PbDb        *self,
                              GError     **error);
  gboolean  (*in_transaction) (PbDb       *self);

  void      (*stmt_free)     (PbDbStmt    *stmt);
  void      (*reset)         (PbDbStmt    *stmt);
  void      (*bind_text)     (PbDbStmt    *stmt,
                              int          index,
                              const char  *text);
  void      (*bind_int64)    (PbDbStmt    *stmt,
                              int          index,
                              gint64       value);
  void      (*bind_blob)     (PbDbStmt    *stmt,
                              int          index,
                              gconstpointer data,
                              gsize        size);
  int       (*step)          (PbDbStmt    *stmt,
                              GError     **error);
  int       (*column_count)  (PbDbStmt    *stmt);
  gboolean  (*column_is_null) (PbDbStmt   *stmt,
                              int          index);
  const char *(*column_text) (PbDbStmt    *stmt,
                              int          index);
  gint64    (*column_int64)  (PbDbStmt    *stmt,
                              int          index);
  gconstpointer (*column_blob) (PbDbStmt  *stmt,
                              int          index,
                              gsize       *size);
};

PbDbKind       pb_db_get_kind          (PbDb         *self);
const char    *pb_db_get_name          (PbDb         *self);
void           pb_db_set_name          (PbDb         *self,
                                        const char   *name);
PbDbStmt      *pb_db_prepare           (PbDb         *self,
                                        const char   *sql,
                                        GError      **error);
PbDbStmt      *pb_db_prepare_cached    (PbDb         *self,
                                        const char   *sql,
                                        GError      **error);
gboolean       pb_db_exec              (PbDb         *self,
                                        const char   *sql,
                                        GError      **error);
gboolean       pb_db_run               (PbDb         *self,
                                        const char   *sql,
                                        GError      **error,
                                        guint         n_params,
                                        ...);
char          *pb_db_run_returning_text (PbDb        *self,
                                        const char   *sql,
                                        GError      **error,
                                        guint         n_params,
                                        ...);
gboolean       pb_db_begin             (PbDb         *self,
                                        GError      **error);
gboolean       pb_db_begin_read        (PbDb         *self,
                                        GError      **error);
gboolean       pb_db_commit            (PbDb         *self,
                                        GError      **error);
void           pb_db_rollback          (PbDb         *self);
gboolean       pb_db_in_transaction    (PbDb         *self);
guint64        pb_db_get_write         (PbDb         *self);

void           pb_db_stmt_free         (PbDbStmt     *stmt);
void           pb_db_stmt_reset        (PbDbStmt     *stmt);
void           pb_db_stmt_bind_text    (PbDbStmt     *stmt,
                                        int           index,
                                        const char   *text);
void           pb_db_stmt_bind_int64   (PbDbStmt     *stmt,
                                        int           index,
                                        gint64        value);
void           pb_db_stmt_bind_blob    (PbDbStmt     *stmt,
                                        int           index,
                                        gconstpointer data,
                                        gsize         size);
int            pb_db_stmt_step         (PbDbStmt     *stmt,
                                        GError      **error);
gboolean       pb_db_stmt_run_returning (PbDbStmt    *stmt,
                                        gint64       *value,
                                        GError      **error);
int            pb_db_stmt_column_count (PbDbStmt     *stmt);
gboolean       pb_db_stmt_column_is_null (PbDbStmt   *stmt,
                                        int           index);
const char    *pb_db_stmt_column_text  (PbDbStmt     *stmt,
                                        int           index);
gint64         pb_db_stmt_column_int64 (PbDbStmt     *stmt,
                                        int           index);
int            pb_db_stmt_column_int   (PbDbStmt     *stmt,
                                        int           index);
gconstpointer  pb_db_stmt_column_blob  (PbDbStmt     *stmt,
                                        int           index,
                                        gsize        *size);
GBytes        *pb_db_stmt_column_bytes (PbDbStmt     *stmt,
                                        int           index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbDbStmt, pb_db_stmt_free)

G_END_DECLS
