/* sync-counter.c: SQLite's default VFS, with each sync and write counted
 *
 * What makes a save durable, and what makes it slow, is the fsync()s it
 * waits for. This VFS passes every call to the one it replaces and counts,
 * for the thread being watched and for all others apart, the syncs (and
 * how long they took) and the writes, and the WAL headers written: a
 * commit that starts the WAL again from its beginning after a checkpoint
 * syncs its new header first, a second sync.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>

#include "sync-counter.h"

typedef struct
{
  sqlite3_file  base;
  sqlite3_file *real;   /* follows this struct in the same block */
  gboolean      wal;
} CountedFile;

#define REAL(file) (((CountedFile *) (file))->real)

static sqlite3_vfs *real_vfs;
static sqlite3_vfs counted_vfs;
static sqlite3_io_methods counted_methods;
static GThread *watched;
static GMutex lock;
static SyncCounts watched_counts;
static SyncCounts other_counts;

static SyncCounts *
counts_here (void)
{
  return g_thread_self () == watched ? &watched_counts : &other_counts;
}

static int
counted_close (sqlite3_file *file)
{
  return REAL (file)->pMethods->xClose (REAL (file));
}

static int
counted_read (sqlite3_file *file,
              void         *buffer,
              int           amount,
              sqlite3_int64 offset)
{
  return REAL (file)->pMethods->xRead (REAL (file), buffer, amount, offset);
}

static int
counted_write (sqlite3_file *file,
               const void   *buffer,
               int           amount,
               sqlite3_int64 offset)
{
  g_mutex_lock (&lock);
  counts_here ()->writes++;
  if (((CountedFile *) file)->wal && offset == 0)
    counts_here ()->wal_headers++;
  g_mutex_unlock (&lock);

  return REAL (file)->pMethods->xWrite (REAL (file), buffer, amount, offset);
}

static int
counted_truncate (sqlite3_file *file,
                  sqlite3_int64 size)
{
  return REAL (file)->pMethods->xTruncate (REAL (file), size);
}

static int
counted_sync (sqlite3_file *file,
              int           flags)
{
  gint64 start = g_get_monotonic_time ();
  int rc = REAL (file)->pMethods->xSync (REAL (file), flags);
  SyncCounts *counts;

  g_mutex_lock (&lock);
  counts = counts_here ();
  counts->syncs++;
  if (((CountedFile *) file)->wal)
    counts->wal_syncs++;
  counts->sync_ms += (g_get_monotonic_time () - start) / 1000.0;
  g_mutex_unlock (&lock);

  return rc;
}

static int
counted_file_size (sqlite3_file  *file,
                   sqlite3_int64 *size)
{
  return REAL (file)->pMethods->xFileSize (REAL (file), size);
}

static int
counted_lock (sqlite3_file *file,
              int           level)
{
  return REAL (file)->pMethods->xLock (REAL (file), level);
}

static int
counted_unlock (sqlite3_file *file,
                int           level)
{
  return REAL (file)->pMethods->xUnlock (REAL (file), level);
}

static int
counted_check_reserved_lock (sqlite3_file *file,
                             int          *out)
{
  return REAL (file)->pMethods->xCheckReservedLock (REAL (file), out);
}

static int
counted_file_control (sqlite3_file *file,
                      int           op,
                      void         *arg)
{
  return REAL (file)->pMethods->xFileControl (REAL (file), op, arg);
}

static int
counted_sector_size (sqlite3_file *file)
{
  return REAL (file)->pMethods->xSectorSize (REAL (file));
}

static int
counted_device_characteristics (sqlite3_file *file)
{
  return REAL (file)->pMethods->xDeviceCharacteristics (REAL (file));
}

static int
counted_shm_map (sqlite3_file  *file,
                 int            page,
                 int            page_size,
                 int            extend,
                 void volatile **out)
{
  return REAL (file)->pMethods->xShmMap (REAL (file), page, page_size, extend, out);
}

static int
counted_shm_lock (sqlite3_file *file,
                  int           offset,
                  int           n,
                  int           flags)
{
  return REAL (file)->pMethods->xShmLock (REAL (file), offset, n, flags);
}

static void
counted_shm_barrier (sqlite3_file *file)
{
  REAL (file)->pMethods->xShmBarrier (REAL (file));
}

static int
counted_shm_unmap (sqlite3_file *file,
                   int           delete_flag)
{
  return REAL (file)->pMethods->xShmUnmap (REAL (file), delete_flag);
}

static int
counted_fetch (sqlite3_file  *file,
               sqlite3_int64  offset,
               int            amount,
               void         **out)
{
  return REAL (file)->pMethods->xFetch (REAL (file), offset, amount, out);
}

static int
counted_unfetch (sqlite3_file  *file,
                 sqlite3_int64  offset,
                 void          *page)
{
  return REAL (file)->pMethods->xUnfetch (REAL (file), offset, page);
}

static int
counted_open (sqlite3_vfs  *vfs,
              const char   *name,
              sqlite3_file *file,
              int           flags,
              int          *out_flags)
{
  CountedFile *counted = (CountedFile *) file;
  int rc;

  counted->real = (sqlite3_file *) (counted + 1);
  counted->wal = (flags & SQLITE_OPEN_WAL) != 0;
  rc = real_vfs->xOpen (real_vfs, name, counted->real, flags, out_flags);
  counted->base.pMethods = counted->real->pMethods != NULL ? &counted_methods : NULL;

  return rc;
}

/* The rest of the VFS is the real one's. */
#define FORWARD(name) counted_vfs.name = real_vfs->name

void
sync_counter_install (void)
{
  g_return_if_fail (real_vfs == NULL);

  real_vfs = sqlite3_vfs_find (NULL);
  g_assert (real_vfs != NULL && real_vfs->iVersion >= 3);

  counted_vfs = *real_vfs;
  counted_vfs.szOsFile = sizeof (CountedFile) + real_vfs->szOsFile;
  counted_vfs.zName = "sync-counter";
  counted_vfs.pNext = NULL;
  counted_vfs.xOpen = counted_open;
  FORWARD (xDelete);

  counted_methods = (sqlite3_io_methods) {
    .iVersion = 3,
    .xClose = counted_close,
    .xRead = counted_read,
    .xWrite = counted_write,
    .xTruncate = counted_truncate,
    .xSync = counted_sync,
    .xFileSize = counted_file_size,
    .xLock = counted_lock,
    .xUnlock = counted_unlock,
    .xCheckReservedLock = counted_check_reserved_lock,
    .xFileControl = counted_file_control,
    .xSectorSize = counted_sector_size,
    .xDeviceCharacteristics = counted_device_characteristics,
    .xShmMap = counted_shm_map,
    .xShmLock = counted_shm_lock,
    .xShmBarrier = counted_shm_barrier,
    .xShmUnmap = counted_shm_unmap,
    .xFetch = counted_fetch,
    .xUnfetch = counted_unfetch,
  };

  g_assert_cmpint (sqlite3_vfs_register (&counted_vfs, 1), ==, SQLITE_OK);
}

void
sync_counter_watch (GThread *thread)
{
  g_mutex_lock (&lock);
  watched = thread;
  g_mutex_unlock (&lock);
}

void
sync_counter_read (SyncCounts *watched_out,
                   SyncCounts *others_out)
{
  g_mutex_lock (&lock);
  if (watched_out != NULL)
    *watched_out = watched_counts;
  if (others_out != NULL)
    *others_out = other_counts;
  g_mutex_unlock (&lock);
}
