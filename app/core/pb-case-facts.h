/* pb-case-facts.h: what is known of a deal before its questionnaire
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-answer-set.h"
#include "pb-questionnaire.h"

G_BEGIN_DECLS

/* The customer and product records a case is created for. Any member may
 * be NULL; @capabilities are codes or choice labels. */
typedef struct
{
  const char         *country;
  const char         *entity_type;
  const char         *family;
  const char * const *capabilities;
} PbCaseFacts;

/* A code a customer's or product's record takes, with what a person reads
 * for it (marked with N_ (): translate it with _ ()). */
typedef struct
{
  const char *code;
  const char *label;
} PbCaseFactCode;

/* The entity types a customer's record takes, "unknown" last. */
const PbCaseFactCode *pb_case_facts_get_entity_types (guint *n_types);
/* The product families the shipped questionnaire knows (S1.02); a
 * questionnaire may name others (pb_questionnaire_get_families ()). */
const PbCaseFactCode *pb_case_facts_get_families     (guint *n_families);

/* Whether @facts' entity type is one a customer's record takes (above).
 * Else an error that names it and the codes it may be. NULL and empty
 * are not checked; nor are families, which a questionnaire may add to
 * (organisations use their own), or capabilities: free text, as the
 * new-case dialog takes them (those a question lists are carried into
 * its answers). */
gboolean     pb_case_facts_check      (PbQuestionnaire   *questionnaire,
                                       const PbCaseFacts *facts,
                                       GError           **error);

/* The answers @facts give to questions of @questionnaire that would ask
 * for them again, each checked against its question; facts a question
 * cannot take (an entity type it does not list, "unknown", capabilities of
 * which one is not a choice of the question) are left out. */
PbAnswerSet *pb_case_facts_to_answers (PbQuestionnaire   *questionnaire,
                                       const PbCaseFacts *facts);

/* "a, b ,c" as the new-case dialog and `probity-cli case new` take a list
 * (capabilities, other names): split at commas, trimmed, empty parts left
 * out. NULL gives an empty list. */
char       **pb_case_facts_split_list (const char        *text);

G_END_DECLS
