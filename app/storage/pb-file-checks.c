/* pb-file-checks.c: what the last check of every page of a database file
 * found, remembered outside the file
 *
 * Checking every page of a 3 GB file reads 3 GB. A file nothing has
 * written since a sound check, Probity included (a write is where damage
 * comes from: a crash, a full disk, a copy, another program), is not read
 * again for a week; a file found damaged stays refused for writing from
 * the moment it is opened again, until it changes (restored from a
 * backup). Kept in the user's state folder, never in the file: the record
 * of a check is not the file's to carry, and checking must not write. One
 * small key file, $XDG_STATE_HOME/probity/checks.ini, a group per file by
 * its device and inode; the oldest records go beyond MAX_FILES. Anything
 * unreadable in it reads as "not checked".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-file-checks"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <sys/stat.h>

#include "pb-file-checks.h"
#include "pb-file.h"

#define MAX_FILES 64
#define MAX_SIZE  (256 * 1024)
/* A WAL with no more than its header holds no frame. */
#define WAL_HEADER_SIZE 32

static GMutex lock;   /* this process's reads and writes of the key file */

gboolean
pb_file_state_read (const char  *path,
                    PbFileState *state)
{
  g_autofree char *wal_path = g_strconcat (path, "-wal", NULL);
  struct stat st, wal;
  gint64 wal_bytes = 0;

  state->key = NULL;
  state->state = NULL;
  if (stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    return FALSE;
  if (stat (wal_path, &wal) == 0 && wal.st_size > WAL_HEADER_SIZE)
    wal_bytes = wal.st_size;

  state->key = g_strdup_printf ("%ju:%ju", (uintmax_t) st.st_dev, (uintmax_t) st.st_ino);
  state->state = g_strdup_printf ("%jd %jd.%09ld %jd.%09ld %" G_GINT64_FORMAT,
                                  (intmax_t) st.st_size,
                                  (intmax_t) st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
                                  (intmax_t) st.st_ctim.tv_sec, st.st_ctim.tv_nsec,
                                  wal_bytes);

  return TRUE;
}

gboolean
pb_file_state_equal (const PbFileState *a,
                     const PbFileState *b)
{
  return g_strcmp0 (a->key, b->key) == 0 && g_strcmp0 (a->state, b->state) == 0;
}

void
pb_file_state_clear (PbFileState *state)
{
  g_clear_pointer (&state->key, g_free);
  g_clear_pointer (&state->state, g_free);
}

static char *
checks_path (void)
{
  return g_build_filename (g_get_user_state_dir (), "probity", "checks.ini", NULL);
}

/* The key file, or an empty one. What is checked is the descriptor that
 * is read: a FIFO, a device, a link or a large file put in its place, even
 * between a look and the read, reads as nothing remembered. */
static GKeyFile *
load (void)
{
  g_autofree char *path = checks_path ();
  g_autoptr(GBytes) contents = NULL;
  GKeyFile *checks = g_key_file_new ();
  gsize length;
  const char *data;

  if (!(contents = pb_file_load_own_path_bounded (path, MAX_SIZE, NULL)))
    return checks;

  data = g_bytes_get_data (contents, &length);
  if (!g_key_file_load_from_data (checks, data, length, G_KEY_FILE_NONE, NULL))
    {
      g_key_file_free (checks);
      checks = g_key_file_new ();
    }

  return checks;
}

PbFileCheck
pb_file_checks_lookup (const PbFileState *state,
                       char             **finding)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);
  g_autoptr(GKeyFile) checks = load ();
  g_autofree char *was = g_key_file_get_string (checks, state->key, "state", NULL);
  g_autofree char *found = g_key_file_get_string (checks, state->key, "finding", NULL);
  gint64 checked = g_key_file_get_int64 (checks, state->key, "checked", NULL);
  gint64 now = g_get_real_time ();

  *finding = NULL;
  if (g_strcmp0 (was, state->state) != 0)
    return PB_FILE_CHECK_UNKNOWN;

  if (found != NULL && *found != '\0')
    {
      *finding = g_steal_pointer (&found);
      return PB_FILE_CHECK_DAMAGED;
    }

  /* A clock set back reads as too old too. */
  if (checked <= 0 || checked > now || now - checked > PB_FILE_CHECK_MAX_AGE)
    return PB_FILE_CHECK_UNKNOWN;

  return PB_FILE_CHECK_SOUND;
}

/* Keeps the MAX_FILES - 1 most recently checked. */
static void
forget_oldest (GKeyFile *checks)
{
  g_auto(GStrv) groups = NULL;
  gsize n = 0;

  while ((groups = g_key_file_get_groups (checks, &n)) && n >= MAX_FILES)
    {
      const char *oldest = groups[0];
      gint64 oldest_time = g_key_file_get_int64 (checks, oldest, "checked", NULL);

      /* Any time, one the clock cannot give included, names one. */
      for (gsize i = 1; i < n; i++)
        {
          gint64 checked = g_key_file_get_int64 (checks, groups[i], "checked", NULL);

          if (checked < oldest_time)
            {
              oldest = groups[i];
              oldest_time = checked;
            }
        }
      g_key_file_remove_group (checks, oldest, NULL);
      g_clear_pointer (&groups, g_strfreev);
    }
}

void
pb_file_checks_remember (const PbFileState *state,
                         const char        *finding)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);
  g_autoptr(GKeyFile) checks = load ();
  g_autofree char *path = checks_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_key_file_remove_group (checks, state->key, NULL);
  forget_oldest (checks);
  g_key_file_set_string (checks, state->key, "state", state->state);
  g_key_file_set_int64 (checks, state->key, "checked", g_get_real_time ());
  if (finding != NULL)
    g_key_file_set_string (checks, state->key, "finding", finding);

  contents = g_key_file_to_data (checks, &length, NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents_full (path, contents, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    g_debug ("Could not remember the check in %s: %s", path, error != NULL ? error->message : g_strerror (errno));
}
