/* judgement-cases.h: the deals of tests/data/cases/, for the test and the bench
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-evaluation.h"

G_BEGIN_DECLS

/* What carries the expected outcome (tests/data/cases/README.md). */
typedef enum
{
  JUDGEMENT_BASIS_NONE,
  JUDGEMENT_BASIS_CONDITIONS,
  JUDGEMENT_BASIS_PENDING,
  JUDGEMENT_BASIS_INFORMATION_GAP,
  JUDGEMENT_BASIS_HUMAN_RIGHTS,
  JUDGEMENT_BASIS_LEGAL_BAR,
} JudgementBasis;

typedef struct
{
  char            *path;
  char            *id;
  char            *title;
  char            *expected_outcome;
  JudgementBasis   basis;
  /* Rule ids that must, and must not, raise a flag; may be empty. */
  GStrv            flags;
  GStrv            absent;
  /* NULL until the deal's answers are encoded. */
  char            *questionnaire_id;
  char            *questionnaire_version;
  char            *answers_json;
  /* NULL unless the deal is screened (judgement-screening.h): its
   * "screening" member as JSON. */
  char            *screening_json;
} JudgementCase;

void            judgement_case_free          (JudgementCase  *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JudgementCase, judgement_case_free)

/* Reads and checks one case file; an error names the file and the member. */
JudgementCase  *judgement_case_load          (const char     *path,
                                              GError        **error);
/* Every *.json in @dir, sorted by id. */
GPtrArray      *judgement_cases_load_dir     (const char     *dir,
                                              GError        **error);
const char     *judgement_basis_to_string    (JudgementBasis  basis);

/* Validates the answers against @questionnaire (whose id and version must
 * be the ones the case was encoded for) and evaluates them with the
 * shipped country reference data, which fills the prefilled questions. */
PbEvaluation   *judgement_case_evaluate      (JudgementCase   *self,
                                              PbQuestionnaire *questionnaire,
                                              GError         **error);
/* NULL when @evaluation agrees with the case: its outcome, what its basis
 * requires and the named flags. Otherwise why not, for a person. */
char           *judgement_case_disagreement  (JudgementCase   *self,
                                              PbEvaluation    *evaluation);
/* Whether @rule_id raised a flag or, for kind="assurance" rules such as
 * GP-01, an assurance. */
gboolean        judgement_raised             (PbEvaluation    *evaluation,
                                              const char      *rule_id);
/* "do-not-proceed; The residual risk is Critical (CR-03); ..." */
char           *judgement_describe           (PbEvaluation    *evaluation);

G_END_DECLS
