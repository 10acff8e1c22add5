/* pb-catalog.h: one compiled message catalogue (.mo), read strictly
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The largest catalogue read: the shipped ones are a few hundred KiB. */
#define PB_CATALOG_MAX_SIZE (16 * 1024 * 1024)

typedef struct _PbCatalog PbCatalog;

/* Reads a GNU .mo file, either byte order. Everything is checked once, here:
 * the tables and strings lie inside the bytes and end in a NUL, the
 * originals are sorted (lookups are a binary search), every translation is
 * UTF-8 and the header, if any, names no other charset. Anything else is
 * PB_CORE_ERROR_PARSE naming @display_name. */
PbCatalog    *pb_catalog_new_from_bytes   (GBytes      *bytes,
                                           const char  *display_name,
                                           GError     **error);
/* The same for a file (at most PB_CATALOG_MAX_SIZE, pb_file_load_path_bounded()). */
PbCatalog    *pb_catalog_new_from_path    (const char  *path,
                                           GError     **error);
void          pb_catalog_free             (PbCatalog   *self);

/* The translation of @msgid ("context\004msgid" for a message with a
 * context), or NULL when the catalogue has none (or an empty one). For a
 * message with plural forms, form @n_form (0 for the singular); a form the
 * catalogue lacks gives NULL. */
const char   *pb_catalog_lookup           (PbCatalog   *self,
                                           const char  *msgid,
                                           guint        n_form);
guint         pb_catalog_get_n_messages   (PbCatalog   *self);
/* Message @index (below pb_catalog_get_n_messages()) in the catalogue's
 * order: its original and its translation (plural forms NUL-separated). */
void          pb_catalog_get_message      (PbCatalog   *self,
                                           guint        index,
                                           const char **original,
                                           const char **translation);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbCatalog, pb_catalog_free)

G_END_DECLS
