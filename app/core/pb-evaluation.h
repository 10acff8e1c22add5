/* pb-evaluation.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "pb-answer-set.h"
#include "pb-countries.h"
#include "pb-questionnaire.h"

G_BEGIN_DECLS

/* One raised flag. Owned by its PbEvaluation. */
typedef struct _PbFlag PbFlag;

#define PB_TYPE_EVALUATION (pb_evaluation_get_type ())

G_DECLARE_FINAL_TYPE (PbEvaluation, pb_evaluation, PB, EVALUATION, GObject)

/* The version of the rating method pb_evaluate() implements. Raise it with
 * any change that may rate the same answers under the same questionnaire
 * differently: case stores keep each revision's outcome for listing and
 * recompute those kept by another version (app/storage/SCHEMA.md). */
#define PB_EVALUATION_METHOD_VERSION 1

/* Applies the rating method of questionnaires/METHOD.md. Answers to unknown
 * questions and to hidden questions are ignored; never fails. */
PbEvaluation     *pb_evaluate                        (PbQuestionnaire *questionnaire,
                                                      PbAnswerSet     *answers);

PbQuestionnaire  *pb_evaluation_get_questionnaire    (PbEvaluation    *self);
/* The outcome for people, in the words of the questionnaire's purpose. */
const char       *pb_evaluation_get_outcome_label     (PbEvaluation    *self);
PbOutcome         pb_evaluation_get_outcome          (PbEvaluation    *self);
/* Plain-language reasons for the outcome, translated, NULL-terminated. */
const char * const *pb_evaluation_get_reasons        (PbEvaluation    *self);
/* The worst risk level before and after mitigation. */
PbSeverity        pb_evaluation_get_inherent_level   (PbEvaluation    *self);
PbSeverity        pb_evaluation_get_residual_level   (PbEvaluation    *self);
/* Flags, the most severe first (residual level, then severity, then id). */
guint             pb_evaluation_get_n_flags          (PbEvaluation    *self);
PbFlag           *pb_evaluation_get_flag             (PbEvaluation    *self,
                                                      guint            index);
PbFlag           *pb_evaluation_lookup_flag          (PbEvaluation    *self,
                                                      const char      *rule_id);
/* Count of flags at a residual level. */
guint             pb_evaluation_count_flags          (PbEvaluation    *self,
                                                      PbSeverity       level);
/* Visible required or gate questions with no answer, in document order. */
guint             pb_evaluation_get_n_missing        (PbEvaluation    *self);
PbQuestion       *pb_evaluation_get_missing          (PbEvaluation    *self,
                                                      guint            index);
gboolean          pb_evaluation_is_visible           (PbEvaluation    *self,
                                                      PbQuestion      *question);
/* answered / required among the visible questions, for progress figures. */
guint             pb_evaluation_get_n_required       (PbEvaluation    *self);
guint             pb_evaluation_get_n_required_answered (PbEvaluation *self);
/* {"outcome": "...", "flags": [...], "missing": [...], ...}, see README. */
JsonNode         *pb_evaluation_to_json_node         (PbEvaluation    *self);

PbRule           *pb_flag_get_rule                   (PbFlag          *flag);
/* Effective severity: the rule's, one step lower when only an "unknown"
 * answer raised it (METHOD.md, unknown answers). */
PbSeverity        pb_flag_get_severity               (PbFlag          *flag);
/* 1 (unlikely) .. 4 (almost certain) */
guint             pb_flag_get_likelihood             (PbFlag          *flag);
guint             pb_flag_get_residual_likelihood    (PbFlag          *flag);
PbSeverity        pb_flag_get_level                  (PbFlag          *flag);
PbSeverity        pb_flag_get_residual_level         (PbFlag          *flag);
gboolean          pb_flag_is_from_unknown            (PbFlag          *flag);
gboolean          pb_flag_is_mitigated               (PbFlag          *flag);
/* The ids of the answered questions its condition reads, NULL-terminated. */
const char * const *pb_flag_get_triggers             (PbFlag          *flag);

/* Added with the evaluator. */
/* The likelihood computed from the questionnaire's <likelihood> (1..4). */
guint             pb_evaluation_get_likelihood       (PbEvaluation    *self);
/* Assurance rules (kind="assurance") that hold; never counted as risks. */
guint             pb_evaluation_get_n_assurances     (PbEvaluation    *self);
PbRule           *pb_evaluation_get_assurance        (PbEvaluation    *self,
                                                      guint            index);
/* Whether the flag is a hard stop in force (not raised from an unknown). */
gboolean          pb_flag_is_hard_stop               (PbFlag          *flag);
/* A hold or a condition: something to do before the deal, not a risk. The
 * report lists these with the conditions; every count of "flags" (report,
 * case summary, risk panel, review page) leaves them out. */
gboolean          pb_flag_is_condition               (PbFlag          *flag);

/* Added with questionnaire 2.0.0 (rating method 2). */
/* Rates with the country reference data that prefilled questions read. */
PbEvaluation     *pb_evaluate_with_reference         (PbQuestionnaire *questionnaire,
                                                      PbAnswerSet     *answers,
                                                      PbCountries     *reference);
/* Added with restricted-party screening (issue 10): the answers the case's
 * screening gives to the questions it answers (S2.02a-i) count instead of
 * the person's, unless the person reported more concern. */
PbEvaluation     *pb_evaluate_with_screening         (PbQuestionnaire *questionnaire,
                                                      PbAnswerSet     *answers,
                                                      PbCountries     *reference,
                                                      PbAnswerSet     *screening);
/* Whether the counted answer to @question came from the screening. */
gboolean          pb_evaluation_is_screened          (PbEvaluation    *self,
                                                      PbQuestion      *question);
/* The reference data it was rated with, or NULL. */
PbCountries      *pb_evaluation_get_reference        (PbEvaluation    *self);
/* For a prefilled question: what the reference data says (NULL when it says
 * nothing), and whether the answer given differs from it. */
PbAnswer         *pb_evaluation_get_reference_answer (PbEvaluation    *self,
                                                      PbQuestion      *question);
gboolean          pb_evaluation_is_overridden        (PbEvaluation    *self,
                                                      PbQuestion      *question);
/* The answer the rating counted: the given one, or for a prefilled
 * question the reference data's unless the person reported more concern.
 * NULL when hidden or unanswered. */
PbAnswer         *pb_evaluation_get_counted_answer   (PbEvaluation    *self,
                                                      PbQuestion      *question);
/* How many listed flags are of @kind (holds, conditions, risks). */
guint             pb_evaluation_count_kind           (PbEvaluation    *self,
                                                      PbRuleKind       kind);
/* Method 2: raised because a question it reads was answered "unknown":
 * not a finding but something to find out (pb_flag_get_unknowns()). */
gboolean          pb_flag_is_unresolved              (PbFlag          *flag);
/* The questions answered "unknown" that the flag's condition reads. */
const char * const *pb_flag_get_unknowns             (PbFlag          *flag);
/* The rules whose flags this flag took into itself (folds="..."). */
guint             pb_flag_get_n_folds                (PbFlag          *flag);
PbRule           *pb_flag_get_fold                   (PbFlag          *flag,
                                                      guint            index);
/* The rule's references, then the acts of the reference data it read. */
const char * const *pb_flag_get_references           (PbFlag          *flag);
/* How many of the rule's <mitigated-if> held (each one step). */
guint             pb_flag_get_n_mitigations          (PbFlag          *flag);
/* The likelihood factors that counted for it: the condition's source text,
 * what it added, and whether it was assumed (undecided, counted adversely). */
guint             pb_flag_get_n_factors              (PbFlag          *flag);
const char       *pb_flag_get_factor                 (PbFlag          *flag,
                                                      guint            index,
                                                      double          *add,
                                                      gboolean        *assumed);

/* The matrix of METHOD.md: level of a severity at a likelihood (1..4). */
PbSeverity        pb_risk_matrix_level               (PbSeverity      severity,
                                                      guint           likelihood);

G_END_DECLS
