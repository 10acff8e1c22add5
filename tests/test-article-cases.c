/* test-article-cases.c: the three sales of Amnesty's "Out of Control" (2020),
 * answered as a sales person honestly would have, must be stopped; benign
 * deals built for contrast must not be. Questionnaire 2.0.0 (rating method
 * 2) rates the files of tests/data/answers; the same deals answered under
 * 1.0.0 (tests/data/answers-1.0.0) still rate as they did under it, because
 * a stored case pins its questionnaire and an auditor must see the same
 * result years later.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "judgement-cases.h"
#include "pb-answer-set.h"
#include "pb-data.h"
#include "pb-evaluation.h"

typedef enum
{
  EXPECT_DO_NOT_PROCEED,
  EXPECT_NOT_DO_NOT_PROCEED,
  EXPECT_PROCEED,
} Expectation;

typedef struct
{
  const char  *name;
  const char  *file;
  Expectation  expect;
  /* Compound rules that must carry the decision, NULL-terminated. */
  const char  *flags[4];
  /* Rules that must not fire: the benign deal is not mistaken for the case. */
  const char  *absent[4];
} ArticleCase;

static const ArticleCase cases[] = {
  /* Morpho (Idemia), facial recognition on recorded video for the Shanghai PSB, 2015. */
  { "morpho-shanghai-psb", "morpho-shanghai-psb.json", EXPECT_DO_NOT_PROCEED,
    { "CAP-ID", "INDISCRIMINATE", NULL }, { "REGION-SURVEILLANCE", NULL } },
  /* Axis, cameras for the Guilin Skynet expansion from 8,000 to 30,000. */
  { "axis-guilin-skynet", "axis-guilin-skynet.json", EXPECT_DO_NOT_PROCEED,
    { "MASS-SURVEILLANCE", "TENDERS", NULL }, { "CAP-ID", "PROGRAMME", NULL } },
  /* Noldus, FaceReader with ethnicity estimation to the People's Public Security University. */
  { "noldus-facereader", "noldus-facereader.json", EXPECT_DO_NOT_PROCEED,
    { "AI-5G-ABROAD", "AI-5F-ABROAD", "RESEARCH-SECURITY", NULL }, { "AI-5G", NULL } },
  { "benign-retail-people-counting", "benign-retail-people-counting.json", EXPECT_PROCEED,
    { "GP-01", NULL }, { "MASS-SURVEILLANCE", NULL } },
  { "benign-carpark-anpr", "benign-carpark-anpr.json", EXPECT_NOT_DO_NOT_PROCEED,
    { "CAP-PROFILING", NULL }, { "CAP-ID", "GP-01", NULL } },
  { "benign-university-lab-observer", "benign-university-lab-observer.json", EXPECT_NOT_DO_NOT_PROCEED,
    { NULL }, { "CAP-ID", "RESEARCH-SECURITY", "RESEARCH-ETHICS", NULL } },
};

/* The outcomes 1.0.0 gave the same deals answered under it (method 1). */
static const struct {
  const char *file;
  PbOutcome   outcome;
  const char *flag;
} method1_cases[] = {
  { "morpho-shanghai-psb.json", PB_OUTCOME_DO_NOT_PROCEED, "CR-04" },
  { "axis-guilin-skynet.json", PB_OUTCOME_DO_NOT_PROCEED, "CR-07" },
  { "noldus-facereader.json", PB_OUTCOME_DO_NOT_PROCEED, "CR-03" },
  { "benign-retail-people-counting.json", PB_OUTCOME_PROCEED, NULL },
};

static PbCountries *reference;
static PbQuestionnaire *questionnaire;

static void
test_case (gconstpointer data)
{
  const ArticleCase *article_case = data;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "answers", article_case->file, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(PbEvaluation) evaluation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  PbOutcome outcome;

  answers = pb_answer_set_new_from_file (file, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_answer_set_get_questionnaire_id (answers), ==, "surveillance-export");
  pb_answer_set_validate (answers, questionnaire, &error);
  g_assert_no_error (error);

  evaluation = pb_evaluate_with_reference (questionnaire, answers, reference);
  outcome = pb_evaluation_get_outcome (evaluation);
  description = judgement_describe (evaluation);

  /* Every case is answered completely: the outcome is a decision. */
  if (pb_evaluation_get_n_missing (evaluation) != 0)
    g_error ("%s leaves %s unanswered", article_case->file,
             pb_question_get_id (pb_evaluation_get_missing (evaluation, 0)));

  switch (article_case->expect)
    {
    case EXPECT_DO_NOT_PROCEED:
      if (outcome != PB_OUTCOME_DO_NOT_PROCEED)
        g_error ("%s: expected do-not-proceed, got %s", article_case->file, description);
      /* The reviewer reads why, not a wall of ids, and no sentence
       * suggests proceeding with conditions. */
      for (const char * const *r = pb_evaluation_get_reasons (evaluation); *r != NULL; r++)
        {
          g_assert_cmpuint (g_utf8_strlen (*r, -1), <, 200);
          g_assert_null (strstr (*r, "proceed only"));
        }
      break;

    case EXPECT_NOT_DO_NOT_PROCEED:
      if (outcome == PB_OUTCOME_DO_NOT_PROCEED || outcome == PB_OUTCOME_INCOMPLETE)
        g_error ("%s: a benign deal was rated %s", article_case->file, description);
      break;

    case EXPECT_PROCEED:
      if (outcome != PB_OUTCOME_PROCEED)
        g_error ("%s: expected proceed, got %s", article_case->file, description);
      break;

    default:
      g_assert_not_reached ();
    }

  for (guint i = 0; article_case->flags[i] != NULL; i++)
    if (!judgement_raised (evaluation, article_case->flags[i]))
      g_error ("%s: %s did not fire (%s)", article_case->file, article_case->flags[i], description);

  for (guint i = 0; article_case->absent[i] != NULL; i++)
    if (judgement_raised (evaluation, article_case->absent[i]))
      g_error ("%s: %s fired (%s)", article_case->file, article_case->absent[i], description);
}

/* "Legal is not acceptable" (DOMAIN C.6): all three exports needed no
 * licence, and nothing on a sanctions list decided them. */
static void
test_lawful_yet_stopped (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = NULL;
      g_autoptr(GFile) file = NULL;
      g_autoptr(PbAnswerSet) answers = NULL;
      g_autoptr(PbEvaluation) evaluation = NULL;
      g_autoptr(GError) error = NULL;

      if (cases[i].expect != EXPECT_DO_NOT_PROCEED)
        continue;

      path = g_test_build_filename (G_TEST_DIST, "data", "answers", cases[i].file, NULL);
      file = g_file_new_for_path (path);
      answers = pb_answer_set_new_from_file (file, &error);
      g_assert_no_error (error);
      pb_answer_set_validate (answers, questionnaire, &error);
      g_assert_no_error (error);
      evaluation = pb_evaluate_with_reference (questionnaire, answers, reference);

      for (guint f = 0; f < pb_evaluation_get_n_flags (evaluation); f++)
        {
          PbRule *rule = pb_flag_get_rule (pb_evaluation_get_flag (evaluation, f));

          if (pb_rule_is_hard_stop (rule))
            g_error ("%s: stopped by the legal rule %s, not by due diligence", cases[i].file, pb_rule_get_id (rule));
        }
    }
}

/* Cases pinned to 1.0.0 keep the result they were signed with. */
static void
test_method1_unchanged (void)
{
  g_autofree char *xml = g_test_build_filename (G_TEST_DIST, "data", "questionnaires-1.0.0",
                                                "surveillance-export-1.0.0.xml", NULL);
  g_autoptr(GFile) xml_file = g_file_new_for_path (xml);
  g_autoptr(GError) error = NULL;
  g_autoptr(PbQuestionnaire) old = pb_questionnaire_new_from_file (xml_file, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (pb_questionnaire_get_version (old), ==, "1.0.0");
  g_assert_cmpuint (pb_questionnaire_get_method (old), ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (method1_cases); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "answers-1.0.0", method1_cases[i].file, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(PbAnswerSet) answers = pb_answer_set_new_from_file (file, &error);
      g_autoptr(PbEvaluation) evaluation = NULL;

      g_assert_no_error (error);
      pb_answer_set_validate (answers, old, &error);
      g_assert_no_error (error);
      evaluation = pb_evaluate_with_reference (old, answers, reference);
      g_assert_cmpint (pb_evaluation_get_outcome (evaluation), ==, method1_cases[i].outcome);
      if (method1_cases[i].flag != NULL)
        g_assert_nonnull (pb_evaluation_lookup_flag (evaluation, method1_cases[i].flag));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  questionnaire = pb_data_load_questionnaire ("surveillance-export", &error);
  g_assert_no_error (error);
  reference = pb_countries_load_default (&error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/pb/article-cases/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_case);
    }
  g_test_add_func ("/pb/article-cases/lawful-yet-stopped", test_lawful_yet_stopped);
  g_test_add_func ("/pb/article-cases/method-1-unchanged", test_method1_unchanged);

  status = g_test_run ();
  g_clear_object (&questionnaire);
  g_clear_object (&reference);

  return status;
}
