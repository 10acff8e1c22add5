/* pb-screening-index-cache.h: one screening index per database, shared
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-screening-index.h"

G_BEGIN_DECLS

#define PB_TYPE_SCREENING_INDEX_CACHE (pb_screening_index_cache_get_type ())

G_DECLARE_FINAL_TYPE (PbScreeningIndexCache, pb_screening_index_cache, PB, SCREENING_INDEX_CACHE, GObject)

/* The cache of the database @store is on (its file or server): the one
 * that every panel, window and worker of the process on that database
 * shares while any of them holds it, else a new one. An index of the
 * largest lists takes some 200 MB: the cache keeps one, and lets it go
 * with its last holder. */
PbScreeningIndexCache *pb_screening_index_cache_get_for_store (PbCaseStore            *store);

/* The index of @editions (PbListEdition; NULL: the current edition of every
 * list, read from @store): the one the cache holds when it indexes the
 * same editions, else one built now from @store, which replaces it (a
 * list was imported). Any thread, with a store of its own: while one
 * builds, another asking waits for it rather than building it twice. */
PbScreeningIndex      *pb_screening_index_cache_get_index     (PbScreeningIndexCache  *self,
                                                               PbCaseStore            *store,
                                                               GPtrArray              *editions,
                                                               GError                **error);

/* Lets the index go (a list was imported): its memory is freed once the
 * screenings using it end; the next one asking builds the new editions'.
 * Waits while an index is built: call it from a worker. */
void                   pb_screening_index_cache_forget        (PbScreeningIndexCache  *self);

/* How many indexes the cache built: for tests and benches. */
guint                  pb_screening_index_cache_get_n_built   (PbScreeningIndexCache  *self);

G_END_DECLS
