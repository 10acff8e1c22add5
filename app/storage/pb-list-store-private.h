/* pb-list-store-private.h: what the case store shares with its list files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-list-store.h"

G_BEGIN_DECLS

PbListEdition *
_pb_list_edition_new (gint64      id,
                      const char *list_id,
                      const char *publisher,
                      const char *title,
                      const char *format,
                      const char *published,
                      const char *file_name,
                      const char *file_sha256,
                      guint64     file_size,
                      guint       n_entries,
                      const char *imported,
                      const char *imported_by,
                      gboolean    current);

/* The migration step that adds the list tables. */
gboolean
_pb_case_store_migrate_lists (PbCaseStore  *self,
                              GError      **error);

G_END_DECLS
