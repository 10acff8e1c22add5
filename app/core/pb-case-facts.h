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
