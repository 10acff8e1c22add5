/* pb-file.c: reading a file that someone else handed us
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include "pb-i18n.h"
#include <gio/gunixinputstream.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pb-file.h"
#include "pb-types.h"

static void
close_fd (int *fd)
{
  if (*fd >= 0)
    g_close (*fd, NULL);
}

static const char *
describe_file_type (mode_t mode)
{
  if (S_ISLNK (mode))
    return _("a symbolic link");
  if (S_ISDIR (mode))
    return _("a folder");
  if (S_ISFIFO (mode))
    return _("a pipe");
  if (S_ISSOCK (mode))
    return _("a socket");
  if (S_ISCHR (mode) || S_ISBLK (mode))
    return _("a device");
  return _("not a regular file");
}

static void
set_io_error (GError     **error,
              const char  *display_name,
              int          saved_errno)
{
  g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_IO,
               /* Translators: a file name, then the system's reason */
               _("Cannot read “%s”: %s"), display_name, g_strerror (saved_errno));
}

static void
set_too_large_error (GError     **error,
                     const char  *display_name,
                     gsize        max_size)
{
  g_autofree char *limit = g_format_size (max_size);

  g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_TOO_LARGE,
               /* Translators: a file name, then a size such as "20.0 MB" */
               _("Cannot read “%s”: it is larger than %s"), display_name, limit);
}

/* Opens @path for reading if it is a regular file of at most @max_size
 * bytes; -1 with @error set otherwise. */
static int
open_regular_file (const char  *path,
                   const char  *display_name,
                   int          open_flags,
                   gsize        max_size,
                   struct stat *st,
                   GError     **error)
{
  __attribute__((cleanup (close_fd))) int fd = -1;

  /* O_NONBLOCK: opening a FIFO with no writer must not wait for one. */
  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | open_flags, 0);
  if (fd < 0 && errno == ELOOP && (open_flags & O_NOFOLLOW) != 0)
    {
      g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_IO,
                   /* Translators: a file name, then "a pipe", "a device", ... */
                   _("Cannot read “%s”: it is %s, not a regular file"),
                   display_name, describe_file_type (S_IFLNK));
      return -1;
    }
  if (fd < 0)
    {
      set_io_error (error, display_name, errno);
      return -1;
    }

  if (fstat (fd, st) != 0)
    {
      set_io_error (error, display_name, errno);
      return -1;
    }

  if (!S_ISREG (st->st_mode))
    {
      g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_IO,
                   /* Translators: a file name, then "a pipe", "a device", ... */
                   _("Cannot read “%s”: it is %s, not a regular file"),
                   display_name, describe_file_type (st->st_mode));
      return -1;
    }

  if ((guint64) st->st_size > max_size)
    {
      set_too_large_error (error, display_name, max_size);
      return -1;
    }

  return g_steal_fd (&fd);
}

static GBytes *
load_path_bounded (const char  *path,
                   int          open_flags,
                   gsize        max_size,
                   GError     **error)
{
  g_autofree char *display_name = NULL;
  g_autofree guint8 *buffer = NULL;
  __attribute__((cleanup (close_fd))) int fd = -1;
  struct stat st;
  gsize capacity;
  gsize length = 0;

  display_name = g_filename_display_name (path);

  if ((fd = open_regular_file (path, display_name, open_flags, max_size, &st, error)) < 0)
    return NULL;

  /* Read one byte more than allowed, so that a file that grew after fstat()
   * (or a device that lies about its size) is caught. */
  capacity = (gsize) st.st_size + 1;
  buffer = g_malloc (capacity);

  for (;;)
    {
      gssize n;

      if (length == capacity)
        {
          if (capacity > max_size)
            goto too_large;
          capacity = MIN (max_size + 1, MAX (capacity * 2, 4096));
          buffer = g_realloc (buffer, capacity);
        }

      n = read (fd, buffer + length, capacity - length);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          set_io_error (error, display_name, errno);
          return NULL;
        }
      if (n == 0)
        break;

      length += (gsize) n;
      if (length > max_size)
        goto too_large;
    }

  return g_bytes_new_take (g_steal_pointer (&buffer), length);

too_large:
  set_too_large_error (error, display_name, max_size);
  return NULL;
}

GBytes *
pb_file_load_path_bounded (const char  *path,
                           gsize        max_size,
                           GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (max_size < G_MAXSIZE, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return load_path_bounded (path, 0, max_size, error);
}

GBytes *
pb_file_load_own_path_bounded (const char  *path,
                               gsize        max_size,
                               GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (max_size < G_MAXSIZE, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return load_path_bounded (path, O_NOFOLLOW, max_size, error);
}

GBytes *
pb_file_load_bounded (GFile   *file,
                      gsize    max_size,
                      GError **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_IO,
                   /* Translators: a URI */
                   _("Cannot read “%s”: only local files can be read"), uri);
      return NULL;
    }

  return pb_file_load_path_bounded (path, max_size, error);
}

GInputStream *
pb_file_open_path_bounded (const char  *path,
                           gsize        max_size,
                           goffset     *size,
                           GError     **error)
{
  g_autofree char *display_name = NULL;
  struct stat st;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display_name = g_filename_display_name (path);
  if ((fd = open_regular_file (path, display_name, 0, max_size, &st, error)) < 0)
    return NULL;

  if (size != NULL)
    *size = st.st_size;

  return g_unix_input_stream_new (fd, TRUE);
}

char *
pb_file_dup_display_name (GFile *file)
{
  const char *path;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  /* g_file_get_parse_name () gives a URI for a path that is not UTF-8. */
  path = g_file_peek_path (file);
  if (path != NULL)
    return g_filename_display_name (path);
  return g_file_get_parse_name (file);
}

/**
 * pb_file_check_replaceable:
 * @path: where a file is about to be written, through a temporary file
 *   renamed over it
 *
 * Whether @path may be replaced: nothing is there, or a regular file. A
 * rename over a device, a pipe or a link would put a file in its place
 * (run as root, `report -o /dev/full` replaced the device).
 */
gboolean
pb_file_check_replaceable (const char  *path,
                           GError     **error)
{
  g_autofree char *display_name = NULL;
  struct stat st;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_lstat (path, &st) != 0 || S_ISREG (st.st_mode))
    return TRUE;

  display_name = g_filename_display_name (path);
  g_set_error (error, PB_CORE_ERROR, PB_CORE_ERROR_IO,
               /* Translators: a file name, then "a pipe", "a device", "a symbolic link", ... */
               _("“%s” is %s, not a regular file: nothing is written in its place"),
               display_name, describe_file_type (st.st_mode));
  return FALSE;
}
