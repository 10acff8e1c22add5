/* test-judgement.c: every deal of tests/data/cases/ gets the verdict its
 * reasoning expects, carried by what the reasoning says carries it.
 *
 * The expectations were written from the sources before the engine saw
 * the deals (tests/data/cases/README.md); a failure here is a disagreement
 * to settle from the sources, never by editing the expectation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "judgement-cases.h"
#include "judgement-screening.h"
#include "pb-data.h"

/* The issue asks for at least this many deals. */
#define MIN_CASES 40

static GPtrArray *cases;

static void
test_case (gconstpointer data)
{
  JudgementCase *judgement_case = (JudgementCase *) data;
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autoptr(PbEvaluation) evaluation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *why = NULL;

  if (judgement_case->answers_json == NULL)
    {
      g_test_skip ("answers not encoded yet");
      return;
    }

  questionnaire = pb_data_load_questionnaire (judgement_case->questionnaire_id, &error);
  g_assert_no_error (error);

  /* A screened deal is rated as the store rates it, with its screening. */
  if (judgement_case->screening_json != NULL)
    evaluation = judgement_case_evaluate_screened (judgement_case, questionnaire, &error);
  else
    evaluation = judgement_case_evaluate (judgement_case, questionnaire, &error);
  g_assert_no_error (error);

  why = judgement_case_disagreement (judgement_case, evaluation);
  if (why != NULL)
    {
      g_autofree char *description = judgement_describe (evaluation);

      /* Not g_error(): every deal reports, not only the first to disagree. */
      g_test_fail_printf ("%s (%s): %s\n  engine: %s", judgement_case->id,
                          judgement_basis_to_string (judgement_case->basis), why, description);
    }
}

/* The suite is only a judgement suite if every deal in it is judged. */
static void
test_all_encoded (void)
{
  g_autoptr(GString) missing = g_string_new (NULL);

  for (guint i = 0; i < cases->len; i++)
    {
      JudgementCase *judgement_case = g_ptr_array_index (cases, i);

      if (judgement_case->answers_json == NULL)
        g_string_append_printf (missing, " %s", judgement_case->id);
    }

  if (missing->len > 0)
    g_test_fail_printf ("deals without answers:%s", missing->str);
}

/* Both kinds of error are tested: deals that must be stopped, and lawful
 * sales that must not be. */
static void
test_spread (void)
{
  guint stopped = 0;
  guint lawful = 0;
  guint legal = 0;
  guint human_rights = 0;

  g_assert_cmpuint (cases->len, >=, MIN_CASES);

  for (guint i = 0; i < cases->len; i++)
    {
      JudgementCase *judgement_case = g_ptr_array_index (cases, i);

      if (g_str_equal (judgement_case->expected_outcome, "do-not-proceed"))
        stopped++;
      else
        lawful++;
      legal += judgement_case->basis == JUDGEMENT_BASIS_LEGAL_BAR;
      human_rights += judgement_case->basis == JUDGEMENT_BASIS_HUMAN_RIGHTS;
    }

  g_assert_cmpuint (stopped, >=, 10);
  g_assert_cmpuint (lawful, >=, 10);
  g_assert_cmpuint (legal, >=, 5);
  g_assert_cmpuint (human_rights, >=, 5);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  dir = g_test_build_filename (G_TEST_DIST, "data", "cases", NULL);
  cases = judgement_cases_load_dir (dir, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < cases->len; i++)
    {
      JudgementCase *judgement_case = g_ptr_array_index (cases, i);
      g_autofree char *path = g_strdup_printf ("/judgement/deal/%s", judgement_case->id);

      g_test_add_data_func (path, judgement_case, test_case);
    }
  g_test_add_func ("/judgement/all-encoded", test_all_encoded);
  g_test_add_func ("/judgement/spread", test_spread);

  status = g_test_run ();
  g_ptr_array_unref (cases);

  return status;
}
