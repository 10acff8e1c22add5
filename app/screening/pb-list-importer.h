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
/* Copies @edition of @source, an edition @target lacks, with its entries,
 * into @target in one transaction (pb_case_store_begin_list_copy()):
 * each entry from its JSON, which must hash to its SHA-256, with this
 * Probity's match forms, as an import of the list file would store it;
 * refused (PB_STORAGE_ERROR_TAMPERED) when an entry does not, or the
 * edition lists another number of entries than it says. An edition
 * @target holds already (same list, same SHA-256) is not stored twice:
 * it is returned with @already_copied set. */
PbListEdition *pb_list_copy_edition (PbCaseStore    *target,
                                     PbCaseStore    *source,
                                     PbListEdition  *edition,
                                     gboolean       *already_copied,
                                     GError        **error);

void           pb_list_entry_prepare_matching (PbListEntry  *entry,
                                               char        **countries,
                                               char        **identifiers);

G_END_DECLS
