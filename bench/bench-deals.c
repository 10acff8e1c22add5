/* bench-deals.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bench-deals.h"
#include "judgement-cases.h"

void
bench_deal_free (BenchDeal *deal)
{
  g_free (deal->id);
  g_free (deal->version);
  g_clear_object (&deal->answers);
  g_free (deal);
}

static PbAnswerSet *
fitting_answers (JudgementCase    *judgement_case,
                 PbQuestionnaire  *questionnaire,
                 guint            *n_given,
                 GError          **error)
{
  g_autoptr(PbAnswerSet) given = NULL;
  g_autoptr(PbAnswerSet) kept = pb_answer_set_new ();
  g_auto(GStrv) ids = NULL;

  if (!(given = pb_answer_set_new_from_json (judgement_case->answers_json, -1, judgement_case->path, error)))
    return NULL;

  ids = pb_answer_set_dup_ids (given);
  *n_given = g_strv_length (ids);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      PbQuestion *question = pb_questionnaire_lookup_question (questionnaire, ids[i]);
      PbAnswer *answer = pb_answer_set_lookup (given, ids[i]);

      if (question != NULL && pb_question_check_answer (question, answer, NULL))
        pb_answer_set_insert (kept, ids[i], answer);
    }

  return g_steal_pointer (&kept);
}

GPtrArray *
bench_deals_load (const char       *cases_dir,
                  PbQuestionnaire  *questionnaire,
                  GError          **error)
{
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GPtrArray) deals = g_ptr_array_new_with_free_func ((GDestroyNotify) bench_deal_free);

  if (!(cases = judgement_cases_load_dir (cases_dir, error)))
    return NULL;

  for (guint i = 0; i < cases->len; i++)
    {
      JudgementCase *judgement_case = g_ptr_array_index (cases, i);
      BenchDeal *deal;

      if (judgement_case->answers_json == NULL ||
          g_strcmp0 (judgement_case->questionnaire_id, pb_questionnaire_get_id (questionnaire)) != 0)
        continue;

      deal = g_new0 (BenchDeal, 1);
      deal->id = g_strdup (judgement_case->id);
      deal->version = g_strdup (judgement_case->questionnaire_version);
      if (!(deal->answers = fitting_answers (judgement_case, questionnaire, &deal->n_given, error)))
        {
          bench_deal_free (deal);
          return NULL;
        }
      g_ptr_array_add (deals, deal);
    }

  return g_steal_pointer (&deals);
}
