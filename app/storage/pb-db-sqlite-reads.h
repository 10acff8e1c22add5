/* pb-db-sqlite-reads.h: an SQLite VFS that tells who asks which pages a
 * database file gives
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* Called in the reading thread for each page read from a connection's
 * main file (@page counts from 1); returning FALSE fails that read
 * (SQLITE_IOERR_READ), which ends the statement reading it. */
typedef gboolean (*PbDbSqliteReadFunc) (guint    page,
                                        gpointer user_data);

/* The VFS's name, for sqlite3_open_v2(); registered on first use. It is
 * SQLite's default VFS, plus pb_db_sqlite_reads_watch(). */
const char *pb_db_sqlite_reads_vfs   (void);
/* Calls @func for each page @db reads from its main file, until called
 * again with a @func of NULL. FALSE if @db was not opened through
 * pb_db_sqlite_reads_vfs(). */
gboolean    pb_db_sqlite_reads_watch (sqlite3            *db,
                                      PbDbSqliteReadFunc  func,
                                      gpointer            user_data);

/* Tests: each watched read waits @microseconds first, so that a check of
 * a small file lasts long enough to watch and cancel. */
void        pb_db_sqlite_reads_set_delay (guint               microseconds);

G_END_DECLS
