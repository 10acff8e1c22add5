/* sync-counter.h: SQLite's default VFS, with each sync and write counted
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint  syncs;     /* xSync() calls: fsync() or fdatasync() */
  guint  wal_syncs;     /* of them, of a WAL: commits, and checkpoints' */
  double sync_ms;   /* how long they took, in all */
  guint  writes;    /* xWrite() calls: pages and headers */
  guint  wal_headers;   /* WAL headers written: the WAL begun again */
} SyncCounts;

/* Makes the counting VFS the default, before any database is opened. */
void sync_counter_install (void);
/* Counts @thread's calls apart from all others' (a checkpointer's). */
void sync_counter_watch   (GThread    *thread);
/* The counts so far. */
void sync_counter_read    (SyncCounts *watched,
                           SyncCounts *others);

G_END_DECLS
