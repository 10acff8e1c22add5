/* pb-db-pg.h: a connection to a PostgreSQL server (libpq)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-db.h"

G_BEGIN_DECLS

#define PB_TYPE_DB_PG (pb_db_pg_get_type ())

G_DECLARE_FINAL_TYPE (PbDbPg, pb_db_pg, PB, DB_PG, PbDb)

gboolean  pb_db_pg_is_conninfo  (const char   *text);
PbDb     *pb_db_pg_open         (const char   *conninfo,
                                 gboolean      read_only,
                                 GError      **error);
char     *pb_db_pg_rewrite_sql  (const char   *sql,
                                 int          *n_params);

G_END_DECLS
