/* judgement-screening.h: the deals of tests/data/cases/ that are screened
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "judgement-cases.h"

G_BEGIN_DECLS

/* For a deal with a "screening" member (tests/data/cases/README.md): in a
 * new store in a private folder, imports the list files it names, makes
 * the case with its answers and parties, screens it, records the
 * reviewer's decisions on the hits, and returns the evaluation the store
 * rates the case with. An error says where the deal and the store
 * disagree: a decision that met no hit, or the screening's answers or the
 * binding lists other than the deal expects. */
PbEvaluation   *judgement_case_evaluate_screened (JudgementCase   *self,
                                                  PbQuestionnaire *questionnaire,
                                                  GError         **error);

G_END_DECLS
