/* pb-db-sqlite-reads.c: an SQLite VFS that tells who asks which pages a
 * database file gives
 *
 * SQLite's progress handler is not called while PRAGMA quick_check walks
 * the file's b-trees (one virtual machine step, most of the check): the
 * pages read are what shows how far it has come. Every call goes to the
 * default VFS; only a main database file's reads are watched, and only
 * while someone asks (pb_db_sqlite_reads_watch()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pb-db-sqlite-reads.h"

#define VFS_NAME "probity-reads"
/* A file control of our own: SQLite passes unknown ones to the file. */
#define FCNTL_WATCH_READS 0x50420001

typedef struct
{
  PbDbSqliteReadFunc func;
  gpointer           user_data;
} Watch;

typedef struct
{
  sqlite3_file  base;
  Watch         watch;
  sqlite3_file *real;   /* the default VFS's file, just after this one */
} ReadsFile;

#define REAL(file) (((ReadsFile *) (file))->real)

static sqlite3_vfs reads_vfs;
static guint read_delay;   /* µs, atomic */

static int
reads_close (sqlite3_file *file)
{
  return REAL (file)->pMethods->xClose (REAL (file));
}

static int
reads_read (sqlite3_file  *file,
            void          *buffer,
            int            amount,
            sqlite3_int64  offset)
{
  ReadsFile *self = (ReadsFile *) file;

  /* Pages are read whole; the header's first bytes alone are not a page. */
  if (self->watch.func != NULL && amount >= 512)
    {
      guint delay = g_atomic_int_get (&read_delay);

      if (delay > 0)
        g_usleep (delay);
      if (!self->watch.func ((guint) (offset / amount) + 1, self->watch.user_data))
        return SQLITE_IOERR_READ;
    }

  return self->real->pMethods->xRead (self->real, buffer, amount, offset);
}

static int
reads_write (sqlite3_file  *file,
             const void    *buffer,
             int            amount,
             sqlite3_int64  offset)
{
  return REAL (file)->pMethods->xWrite (REAL (file), buffer, amount, offset);
}

static int
reads_truncate (sqlite3_file  *file,
                sqlite3_int64  size)
{
  return REAL (file)->pMethods->xTruncate (REAL (file), size);
}

static int
reads_sync (sqlite3_file *file,
            int           flags)
{
  return REAL (file)->pMethods->xSync (REAL (file), flags);
}

static int
reads_file_size (sqlite3_file  *file,
                 sqlite3_int64 *size)
{
  return REAL (file)->pMethods->xFileSize (REAL (file), size);
}

static int
reads_lock (sqlite3_file *file,
            int           lock)
{
  return REAL (file)->pMethods->xLock (REAL (file), lock);
}

static int
reads_unlock (sqlite3_file *file,
              int           lock)
{
  return REAL (file)->pMethods->xUnlock (REAL (file), lock);
}

static int
reads_check_reserved_lock (sqlite3_file *file,
                           int          *out)
{
  return REAL (file)->pMethods->xCheckReservedLock (REAL (file), out);
}

static int
reads_file_control (sqlite3_file *file,
                    int           op,
                    void         *arg)
{
  if (op == FCNTL_WATCH_READS)
    {
      ((ReadsFile *) file)->watch = *(Watch *) arg;
      return SQLITE_OK;
    }

  return REAL (file)->pMethods->xFileControl (REAL (file), op, arg);
}

static int
reads_sector_size (sqlite3_file *file)
{
  return REAL (file)->pMethods->xSectorSize (REAL (file));
}

static int
reads_device_characteristics (sqlite3_file *file)
{
  return REAL (file)->pMethods->xDeviceCharacteristics (REAL (file));
}

static int
reads_shm_map (sqlite3_file  *file,
               int            region,
               int            size,
               int            extend,
               void volatile **out)
{
  return REAL (file)->pMethods->xShmMap (REAL (file), region, size, extend, out);
}

static int
reads_shm_lock (sqlite3_file *file,
                int           offset,
                int           n,
                int           flags)
{
  return REAL (file)->pMethods->xShmLock (REAL (file), offset, n, flags);
}

static void
reads_shm_barrier (sqlite3_file *file)
{
  REAL (file)->pMethods->xShmBarrier (REAL (file));
}

static int
reads_shm_unmap (sqlite3_file *file,
                 int           delete_flag)
{
  return REAL (file)->pMethods->xShmUnmap (REAL (file), delete_flag);
}

static int
reads_fetch (sqlite3_file   *file,
             sqlite3_int64   offset,
             int             amount,
             void          **out)
{
  return REAL (file)->pMethods->xFetch (REAL (file), offset, amount, out);
}

static int
reads_unfetch (sqlite3_file  *file,
               sqlite3_int64  offset,
               void          *page)
{
  return REAL (file)->pMethods->xUnfetch (REAL (file), offset, page);
}

static const sqlite3_io_methods reads_io_methods = {
  3,
  reads_close,
  reads_read,
  reads_write,
  reads_truncate,
  reads_sync,
  reads_file_size,
  reads_lock,
  reads_unlock,
  reads_check_reserved_lock,
  reads_file_control,
  reads_sector_size,
  reads_device_characteristics,
  reads_shm_map,
  reads_shm_lock,
  reads_shm_barrier,
  reads_shm_unmap,
  reads_fetch,
  reads_unfetch,
};

/* A main database file is watched; any other (journal, WAL, temporary
 * files) is the default VFS's own file, in the same space. */
static int
reads_open (sqlite3_vfs  *vfs,
            const char   *name,
            sqlite3_file *file,
            int           flags,
            int          *out_flags)
{
  sqlite3_vfs *real_vfs = vfs->pAppData;
  ReadsFile *self = (ReadsFile *) file;
  int rc;

  if ((flags & SQLITE_OPEN_MAIN_DB) == 0)
    return real_vfs->xOpen (real_vfs, name, file, flags, out_flags);

  memset (self, 0, sizeof *self);
  self->real = (sqlite3_file *) &self[1];
  rc = real_vfs->xOpen (real_vfs, name, self->real, flags, out_flags);
  /* SQLite closes a file only when its methods are set. */
  if (self->real->pMethods != NULL)
    self->base.pMethods = &reads_io_methods;

  return rc;
}

#define REAL_VFS(vfs) ((sqlite3_vfs *) (vfs)->pAppData)

static int
reads_delete (sqlite3_vfs *vfs,
              const char  *name,
              int          sync_dir)
{
  return REAL_VFS (vfs)->xDelete (REAL_VFS (vfs), name, sync_dir);
}

static int
reads_access (sqlite3_vfs *vfs,
              const char  *name,
              int          flags,
              int         *out)
{
  return REAL_VFS (vfs)->xAccess (REAL_VFS (vfs), name, flags, out);
}

static int
reads_full_pathname (sqlite3_vfs *vfs,
                     const char  *name,
                     int          n_out,
                     char        *out)
{
  return REAL_VFS (vfs)->xFullPathname (REAL_VFS (vfs), name, n_out, out);
}

static int
reads_randomness (sqlite3_vfs *vfs,
                  int          n,
                  char        *out)
{
  return REAL_VFS (vfs)->xRandomness (REAL_VFS (vfs), n, out);
}

static int
reads_sleep (sqlite3_vfs *vfs,
             int          microseconds)
{
  return REAL_VFS (vfs)->xSleep (REAL_VFS (vfs), microseconds);
}

static int
reads_current_time (sqlite3_vfs *vfs,
                    double      *out)
{
  return REAL_VFS (vfs)->xCurrentTime (REAL_VFS (vfs), out);
}

static int
reads_get_last_error (sqlite3_vfs *vfs,
                      int          n,
                      char        *out)
{
  return REAL_VFS (vfs)->xGetLastError (REAL_VFS (vfs), n, out);
}

static int
reads_current_time_int64 (sqlite3_vfs   *vfs,
                          sqlite3_int64 *out)
{
  return REAL_VFS (vfs)->xCurrentTimeInt64 (REAL_VFS (vfs), out);
}

const char *
pb_db_sqlite_reads_vfs (void)
{
  static gsize registered;

  if (g_once_init_enter (&registered))
    {
      sqlite3_vfs *real_vfs = sqlite3_vfs_find (NULL);

      g_assert (real_vfs != NULL && real_vfs->iVersion >= 2);
      reads_vfs.iVersion = 2;
      reads_vfs.szOsFile = sizeof (ReadsFile) + real_vfs->szOsFile;
      reads_vfs.mxPathname = real_vfs->mxPathname;
      reads_vfs.zName = VFS_NAME;
      reads_vfs.pAppData = real_vfs;
      reads_vfs.xOpen = reads_open;
      reads_vfs.xDelete = reads_delete;
      reads_vfs.xAccess = reads_access;
      reads_vfs.xFullPathname = reads_full_pathname;
      /* No extensions are loaded (pb-db-sqlite.c). */
      reads_vfs.xRandomness = reads_randomness;
      reads_vfs.xSleep = reads_sleep;
      reads_vfs.xCurrentTime = reads_current_time;
      reads_vfs.xGetLastError = reads_get_last_error;
      reads_vfs.xCurrentTimeInt64 = reads_current_time_int64;
      if (sqlite3_vfs_register (&reads_vfs, FALSE) != SQLITE_OK)
        g_error ("Could not register the SQLite VFS " VFS_NAME);
      g_once_init_leave (&registered, 1);
    }

  return VFS_NAME;
}

gboolean
pb_db_sqlite_reads_watch (sqlite3            *db,
                          PbDbSqliteReadFunc  func,
                          gpointer            user_data)
{
  Watch watch = { func, user_data };

  g_return_val_if_fail (db != NULL, FALSE);

  return sqlite3_file_control (db, "main", FCNTL_WATCH_READS, &watch) == SQLITE_OK;
}

void
pb_db_sqlite_reads_set_delay (guint microseconds)
{
  g_atomic_int_set (&read_delay, microseconds);
}
