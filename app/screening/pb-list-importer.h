/* pb-list-importer.h: a list file into the case store, whole or not at all
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-list-parser.h"
#include "pb-list-store.h"

G_BEGIN_DECLS

/* Imports the list file at @path (of @format, or detected with AUTO) as a
 * new edition of its list, in one transaction: on any error nothing is
 * stored and the editions already imported are untouched. The file is
 * streamed (memory bounded by the largest entry) and hashed as it is read.
 * @published, if not NULL, is the publication date to record when the
 * file states none (or to correct it). A file imported before returns the
 * stored edition with @already_imported set. The store's actor imports;
 * an auditor may not (PB_STORAGE_ERROR_PERMISSION). */
PbListEdition *pb_list_import_file (PbCaseStore         *store,
                                    const char          *path,
                                    PbListFormat         format,
                                    const char          *published,
                                    PbListProgressFunc   progress,
                                    gpointer             progress_data,
                                    GCancellable        *cancellable,
                                    gboolean            *already_imported,
                                    GError             **error);

/* The forms the store keeps beside an entry for matching: its countries
 * (ISO codes) and its identifier numbers (pb_identifier_normalize()), each
 * space-separated; and a match form for each name. */
void           pb_list_entry_prepare_matching (PbListEntry  *entry,
                                               char        **countries,
                                               char        **identifiers);

G_END_DECLS
