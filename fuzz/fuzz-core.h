/* fuzz-core.h: answers for the harnesses that evaluate questionnaires
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-answer-set.h"
#include "pb-evaluation.h"
#include "pb-questionnaire.h"

/* A complete, valid answer set in one of three flavours, so that an
 * evaluation reads every question: 0 the first choice, "yes", the minimum;
 * 1 the last choice, "no", the maximum; 2 "unknown" wherever it is allowed. */
static inline PbAnswerSet *
fuzz_make_answers (PbQuestionnaire *questionnaire,
                   guint            flavour)
{
  PbAnswerSet *set = pb_answer_set_new ();

  for (guint i = 0; i < pb_questionnaire_get_n_questions (questionnaire); i++)
    {
      PbQuestion *question = pb_questionnaire_get_question (questionnaire, i);
      guint n_choices = pb_question_get_n_choices (question);
      g_autoptr(PbAnswer) answer = NULL;
      g_autofree char *text = NULL;

      if (flavour == 2 && pb_question_allows_unknown (question))
        answer = pb_answer_new_unknown ();
      else
        {
          switch (pb_question_get_question_type (question))
            {
            case PB_QUESTION_SINGLE:
              text = g_strdup (pb_choice_get_code (pb_question_get_choice (question, flavour == 1 ? n_choices - 1 : 0)));
              break;
            case PB_QUESTION_MULTIPLE:
              text = g_strdup_printf ("%s,%s", pb_choice_get_code (pb_question_get_choice (question, 0)),
                                      pb_choice_get_code (pb_question_get_choice (question, n_choices - 1)));
              break;
            case PB_QUESTION_NUMBER:
              text = g_strdup ("0");
              break;
            case PB_QUESTION_DATE:
              text = g_strdup ("2026-01-01");
              break;
            case PB_QUESTION_COUNTRY:
              text = g_strdup (flavour == 1 ? "SE" : "CN");
              break;
            case PB_QUESTION_TEXT:
            case PB_QUESTION_LONG_TEXT:
              text = g_strdup ("text");
              break;
            case PB_QUESTION_YES_NO:
            case PB_QUESTION_YES_NO_UNKNOWN:
            default:
              text = g_strdup (flavour == 1 ? "no" : "yes");
              break;
            }
          /* Out of range for a number question: then it stays unanswered. */
          answer = pb_question_parse_answer (question, text, NULL);
        }

      if (answer != NULL)
        pb_answer_set_insert (set, pb_question_get_id (question), answer);
    }

  return set;
}

/* Evaluates @questionnaire with no answers and with each flavour, and
 * reads the result the way the report does. */
static inline void
fuzz_evaluate (PbQuestionnaire *questionnaire,
               PbAnswerSet     *extra)
{
  for (guint flavour = 0; flavour < 5; flavour++)
    {
      g_autoptr(PbAnswerSet) answers = NULL;
      g_autoptr(PbEvaluation) evaluation = NULL;
      g_autoptr(JsonNode) json = NULL;

      if (flavour < 3)
        answers = fuzz_make_answers (questionnaire, flavour);
      else if (flavour == 4 && extra != NULL)
        answers = g_object_ref (extra);

      evaluation = pb_evaluate (questionnaire, answers);
      json = pb_evaluation_to_json_node (evaluation);
    }
}
