/* bench-deals.h: the judgement suite's deals as answer sets for the benches
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-answer-set.h"
#include "pb-questionnaire.h"

G_BEGIN_DECLS

typedef struct
{
  char        *id;
  char        *version;   /* the questionnaire version it was encoded for */
  PbAnswerSet *answers;   /* those that fit the questionnaire given */
  guint        n_given;   /* answers in the file */
} BenchDeal;

void        bench_deal_free   (BenchDeal       *deal);

/* Every deal of @cases_dir (tests/data/cases) that has answers, each with
 * the answers that @questionnaire knows and accepts: all of them when the
 * deal was encoded for its version, else those whose question is still
 * there and of the same type. Sorted by id. */
GPtrArray  *bench_deals_load  (const char      *cases_dir,
                               PbQuestionnaire *questionnaire,
                               GError         **error);

G_END_DECLS
