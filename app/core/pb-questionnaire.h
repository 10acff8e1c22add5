/* pb-questionnaire.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-answer.h"
#include "pb-types.h"

G_BEGIN_DECLS

/* A loaded questionnaire is immutable. Sections, questions, choices and rules
 * are owned by it and live as long as it does. Text getters return the
 * translated text (gettext domain of the questionnaire, see FORMAT.md). */
typedef struct _PbSection  PbSection;
typedef struct _PbQuestion PbQuestion;
typedef struct _PbChoice   PbChoice;
typedef struct _PbRule     PbRule;

/* What a rule records when its condition holds (FORMAT.md, <rule kind>). */
typedef enum
{
  PB_RULE_KIND_RISK,        /* a risk flag: severity, likelihood, level */
  PB_RULE_KIND_ASSURANCE,   /* a safe pattern holds; never a risk */
  PB_RULE_KIND_HOLD,        /* the deal waits until something named is resolved */
  PB_RULE_KIND_CONDITION,   /* a condition the deal must meet */
} PbRuleKind;

/* Which fact of the country reference data fills a question in. */
typedef enum
{
  PB_PREFILL_NONE,
  PB_PREFILL_FIW_STATUS,    /* Freedom in the World status */
  PB_PREFILL_FOTN_STATUS,   /* Freedom on the Net status, as the data records it */
  PB_PREFILL_MEASURES,      /* embargoes and export bans the data has confirmed (V, P) */
  PB_PREFILL_UNCONFIRMED_MEASURES, /* those it records from background knowledge (K) */
} PbPrefill;

#define PB_TYPE_QUESTIONNAIRE (pb_questionnaire_get_type ())

G_DECLARE_FINAL_TYPE (PbQuestionnaire, pb_questionnaire, PB, QUESTIONNAIRE, GObject)

/* The largest questionnaire file accepted: the shipped ones are a few
 * hundred kilobytes. It bounds the time and memory a hostile file costs. */
#define PB_QUESTIONNAIRE_MAX_SIZE (4 * 1024 * 1024)

/* Strict loading: any error names the file, line and column. */
PbQuestionnaire    *pb_questionnaire_new_from_file     (GFile            *file,
                                                        GError          **error);
/* @display_name is used in error messages and as the file name of record. */
PbQuestionnaire    *pb_questionnaire_new_from_bytes    (GBytes           *bytes,
                                                        const char       *display_name,
                                                        GError          **error);

const char         *pb_questionnaire_get_id            (PbQuestionnaire  *self);
const char         *pb_questionnaire_get_version       (PbQuestionnaire  *self);
const char         *pb_questionnaire_get_title         (PbQuestionnaire  *self);
const char         *pb_questionnaire_get_description   (PbQuestionnaire  *self);
/* Product families this questionnaire is suggested for (may be empty). */
const char * const *pb_questionnaire_get_families      (PbQuestionnaire  *self);
/* The exact bytes it was loaded from and their lowercase hex SHA-256. */
GBytes             *pb_questionnaire_get_bytes         (PbQuestionnaire  *self);
const char         *pb_questionnaire_get_sha256        (PbQuestionnaire  *self);
const char         *pb_questionnaire_get_display_name  (PbQuestionnaire  *self);

guint               pb_questionnaire_get_n_sections    (PbQuestionnaire  *self);
PbSection          *pb_questionnaire_get_section       (PbQuestionnaire  *self,
                                                        guint             index);
/* All questions in document order. */
guint               pb_questionnaire_get_n_questions   (PbQuestionnaire  *self);
PbQuestion         *pb_questionnaire_get_question      (PbQuestionnaire  *self,
                                                        guint             index);
PbQuestion         *pb_questionnaire_lookup_question   (PbQuestionnaire  *self,
                                                        const char       *question_id);
guint               pb_questionnaire_get_n_rules       (PbQuestionnaire  *self);
PbRule             *pb_questionnaire_get_rule          (PbQuestionnaire  *self,
                                                        guint             index);
PbRule             *pb_questionnaire_lookup_rule       (PbQuestionnaire  *self,
                                                        const char       *rule_id);

const char         *pb_section_get_id                  (PbSection        *section);
const char         *pb_section_get_title               (PbSection        *section);
const char         *pb_section_get_description         (PbSection        *section);
guint               pb_section_get_index               (PbSection        *section);
guint               pb_section_get_n_questions         (PbSection        *section);
PbQuestion         *pb_section_get_question            (PbSection        *section,
                                                        guint             index);

const char         *pb_question_get_id                 (PbQuestion       *question);
PbQuestionType      pb_question_get_question_type      (PbQuestion       *question);
PbSection          *pb_question_get_section            (PbQuestion       *question);
const char         *pb_question_get_label              (PbQuestion       *question);
const char         *pb_question_get_help               (PbQuestion       *question);
/* NULL-terminated, e.g. { "EU 2021/821 Art. 5(2)", "UNGP 17", NULL } */
const char * const *pb_question_get_references         (PbQuestion       *question);
gboolean            pb_question_is_required            (PbQuestion       *question);
gboolean            pb_question_is_gate                (PbQuestion       *question);
/* Whether "unknown" is an accepted answer. */
gboolean            pb_question_allows_unknown         (PbQuestion       *question);
/* The source text of the visibility condition, or NULL when always visible. */
const char         *pb_question_get_visible_if         (PbQuestion       *question);
guint               pb_question_get_n_choices          (PbQuestion       *question);
PbChoice           *pb_question_get_choice             (PbQuestion       *question,
                                                        guint             index);
PbChoice           *pb_question_lookup_choice          (PbQuestion       *question,
                                                        const char       *code);
/* Checks that @answer fits the question's type and choices. The message
 * names the question and the offending value. */
gboolean            pb_question_check_answer           (PbQuestion       *question,
                                                        const PbAnswer   *answer,
                                                        GError          **error);
/* Parses what a person types on a command line: "yes", "unknown", "CN",
 * "code1,code2" for multiple choice, "12.5", "2026-11-26", free text. */
PbAnswer           *pb_question_parse_answer           (PbQuestion       *question,
                                                        const char       *text,
                                                        GError          **error);
/* A readable rendering of an answer: choice labels rather than codes. */
char               *pb_question_format_answer          (PbQuestion       *question,
                                                        const PbAnswer   *answer);

const char         *pb_choice_get_code                 (PbChoice         *choice);
const char         *pb_choice_get_label                (PbChoice         *choice);

const char         *pb_rule_get_id                     (PbRule           *rule);
const char         *pb_rule_get_title                  (PbRule           *rule);
const char         *pb_rule_get_rationale              (PbRule           *rule);
const char         *pb_rule_get_mitigation             (PbRule           *rule);
const char * const *pb_rule_get_references             (PbRule           *rule);
PbSeverity          pb_rule_get_severity               (PbRule           *rule);
gboolean            pb_rule_is_hard_stop               (PbRule           *rule);
gboolean            pb_rule_is_compound                (PbRule           *rule);
gboolean            pb_rule_is_mitigable               (PbRule           *rule);
/* The section the rule belongs to (its first referenced question's), or NULL. */
PbSection          *pb_rule_get_section                (PbRule           *rule);
const char         *pb_rule_get_condition              (PbRule           *rule);

/* Added with the loader. */
const char         *pb_questionnaire_get_gettext_domain (PbQuestionnaire *self);
const char         *pb_section_get_visible_if          (PbSection        *section);
/* The share of unknown answers above which UNKNOWN-<id> is raised, or -1. */
double              pb_section_get_unknown_threshold   (PbSection        *section);
/* Index in document order among all questions. */
guint               pb_question_get_index              (PbQuestion       *question);
/* FALSE when the number question has no such bound. */
gboolean            pb_question_get_min                (PbQuestion       *question,
                                                        double           *min);
gboolean            pb_question_get_max                (PbQuestion       *question,
                                                        double           *max);
/* Index among the rules, G_MAXUINT for the built-in UNKNOWN-<section> rules. */
guint               pb_rule_get_index                  (PbRule           *rule);
/* A fixed likelihood 1..4, or 0 when the computed one applies. */
guint               pb_rule_get_likelihood             (PbRule           *rule);
/* kind="assurance": records that a safe pattern holds, never a risk. */
gboolean            pb_rule_is_assurance               (PbRule           *rule);
/* action="consult-authority" */
gboolean            pb_rule_needs_authority            (PbRule           *rule);
/* The source text of <mitigated-if>, or NULL. */
const char         *pb_rule_get_mitigated_if           (PbRule           *rule);

/* Added with questionnaire 2.0.0. */
/* The version of the rating method the file asks for (METHOD.md): 1 or 2. */
guint               pb_questionnaire_get_method        (PbQuestionnaire  *self);
/* Whether any question is filled in from the country reference data. */
gboolean            pb_questionnaire_reads_reference   (PbQuestionnaire  *self);
/* What it rates: a deal (the default) or the company's governance. */
PbPurpose           pb_questionnaire_get_purpose       (PbQuestionnaire  *self);
PbRuleKind          pb_rule_get_kind                   (PbRule           *rule);
/* How many <mitigated-if> it has; each lowers the likelihood one step. */
guint               pb_rule_get_n_mitigations          (PbRule           *rule);
/* The rules whose flags it folds into its own when it holds. */
guint               pb_rule_get_n_folds                (PbRule           *rule);
PbRule             *pb_rule_get_fold                   (PbRule           *rule,
                                                        guint             index);
/* The id of its <likelihood> profile, NULL for a fixed likelihood. */
const char         *pb_rule_get_likelihood_profile     (PbRule           *rule);
/* What must be found out when the answer is "unknown" (translated), or NULL. */
const char         *pb_question_get_resolve            (PbQuestion       *question);
PbPrefill           pb_question_get_prefill            (PbQuestion       *question);
/* The country question a prefilled question is filled in for, or NULL. */
PbQuestion         *pb_question_get_prefill_from       (PbQuestion       *question);
/* The question that asks why a prefilled answer differs from the data, or NULL. */
PbQuestion         *pb_question_get_override_reason    (PbQuestion       *question);
/* "fiw-status", "fotn-status", "measures"; NULL for NONE. */
const char         *pb_prefill_to_string               (PbPrefill         prefill);

G_END_DECLS
