/* pb-file.h: reading a file that someone else handed us
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Reads the whole of @file, a local regular file of at most @max_size
 * bytes. A FIFO, a device, a directory or a socket is refused without
 * blocking (PB_CORE_ERROR_IO), and at most @max_size + 1 bytes are ever
 * read, so /dev/zero or a file that grows while it is read fails with
 * PB_CORE_ERROR_TOO_LARGE. Every message names the file. */
GBytes         *pb_file_load_bounded     (GFile       *file,
                                          gsize        max_size,
                                          GError     **error);
/* The same for a path in the file system's encoding. */
GBytes         *pb_file_load_path_bounded (const char  *path,
                                           gsize        max_size,
                                           GError     **error);

/* The same for a file Probity keeps for itself ($XDG_STATE_HOME), which
 * is never a symbolic link: a link in its place is refused (O_NOFOLLOW),
 * as it is not followed to whatever it names. */
GBytes         *pb_file_load_own_path_bounded (const char  *path,
                                               gsize        max_size,
                                               GError     **error);

/* Opens @path, a local regular file of at most @max_size bytes, for a
 * reader that streams it (a list of 100 MB is never held whole). The
 * same refusals as pb_file_load_path_bounded(); @size receives the size
 * seen on opening. The caller stops reading after @max_size bytes, so a
 * file that grows while it is read still cannot take more. */
GInputStream   *pb_file_open_path_bounded (const char  *path,
                                           gsize        max_size,
                                           goffset     *size,
                                           GError     **error);

/* How a message names @file: its local path as the user would type it
 * (bytes that are not UTF-8 shown as U+FFFD), never a file:// URI; a URI
 * only for a file that has no local path. */
char           *pb_file_dup_display_name  (GFile       *file);

gboolean        pb_file_check_replaceable (const char  *path,
                                           GError     **error);

G_END_DECLS
