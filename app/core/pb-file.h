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

G_END_DECLS
