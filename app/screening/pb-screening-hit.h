/* pb-screening-hit.h: a listed entry found for a party, and why
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-list-store.h"
#include "pb-name-matcher.h"

G_BEGIN_DECLS

/* A hit: which entry of which edition, through which of its names, with
 * which tokens, and what the country and identifiers did to the score.
 * Phase 2 keys a reviewer's decision by the party and
 * (entry_sha256 of) the entry, so that a cleared false positive comes back
 * only when the entry changes. */
typedef struct
{
  PbListEdition    *edition;
  gint64            entry_id;
  PbListEntryKind   entry_kind;
  char             *listed_name;      /* as published, original script */
  PbListNameKind    listed_name_kind;
  double            score;            /* the final score, 0..1 */
  double            name_score;       /* before country and identifiers */
  PbNameScore       detail;
  GStrv             query_tokens;     /* the match form of the party's name */
  GStrv             listed_tokens;    /* the match form of the listed name */
  double            country_adjustment;
  char             *country;          /* the party's country, when it moved the score */
  char             *identifier;       /* the party's identifier found in the entry */

  /*< private >*/
  gatomicrefcount   ref_count;
} PbScreeningHit;

#define PB_TYPE_SCREENING_HIT (pb_screening_hit_get_type ())

GType           pb_screening_hit_get_type   (void) G_GNUC_CONST;
PbScreeningHit *pb_screening_hit_new        (void);
PbScreeningHit *pb_screening_hit_ref        (PbScreeningHit *self);
void            pb_screening_hit_unref      (PbScreeningHit *self);

/* The tokens of a match, as written: "jin ping". */
char           *pb_screening_hit_get_query_span   (PbScreeningHit     *self,
                                                   const PbTokenMatch *match);
char           *pb_screening_hit_get_listed_span  (PbScreeningHit     *self,
                                                   const PbTokenMatch *match);
/* "exact", "phonetic", "fuzzy", "initial", "acronym" */
const char     *pb_token_match_kind_to_string     (PbTokenMatchKind    kind);

/* The explanation for people, one reason a line (translated). */
char           *pb_screening_hit_explain          (PbScreeningHit     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbScreeningHit, pb_screening_hit_unref)

G_END_DECLS
