/* pb-screening-index.h: list editions held in memory for screening
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-list-store.h"
#include "pb-screening-hit.h"

G_BEGIN_DECLS

#define PB_TYPE_SCREENING_INDEX (pb_screening_index_get_type ())

G_DECLARE_FINAL_TYPE (PbScreeningIndex, pb_screening_index, PB, SCREENING_INDEX, GObject)

/* A party to screen. */
typedef struct
{
  const char         *name;
  const char         *country;       /* ISO 3166 alpha-2, or NULL */
  const char * const *identifiers;   /* registration, passport, IMO numbers, or NULL */
} PbScreeningQuery;

/* Builds an index of @editions (PbListEdition), or of the current edition
 * of every list when NULL. The index is a snapshot: it does not follow the
 * store, and screening against it always uses exactly these editions.
 * Once built it is read-only: pb_screening_index_screen() may run from
 * several threads at once. */
PbScreeningIndex *pb_screening_index_new            (PbCaseStore             *store,
                                                     GPtrArray               *editions,
                                                     GError                 **error);
/* The editions indexed. */
GPtrArray        *pb_screening_index_get_editions   (PbScreeningIndex        *self);
guint             pb_screening_index_get_n_entries  (PbScreeningIndex        *self);
guint             pb_screening_index_get_n_names    (PbScreeningIndex        *self);

/* The entries whose best name scores at least @threshold against the
 * party (PB_NAME_MATCH_THRESHOLD by default), the country and identifiers
 * raising or lowering it: PbScreeningHit, best first. A blocking index
 * keeps the names compared to those sharing a phonetic key with the
 * party's. */
GPtrArray        *pb_screening_index_screen         (PbScreeningIndex        *self,
                                                     const PbScreeningQuery  *query,
                                                     double                   threshold);

G_END_DECLS
