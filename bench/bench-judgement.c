/* bench-judgement.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Evaluates every deal of the judgement suite and prints the confusion
 * matrix (expected outcome × the engine's outcome), how many verdicts rest
 * on the wrong ground, the two kinds of error the product must avoid, and
 * each disagreement with its reason.
 *
 *   bench-judgement CASES-DIR
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "bench-common.h"
#include "judgement-cases.h"
#include "judgement-screening.h"
#include "pb-data.h"

/* Rows and columns: the suite's outcomes, then whatever else the engine
 * answers (incomplete, consult-authority, ...), in order of first sight. */
static guint
column_of (GPtrArray  *names,
           const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (g_str_equal (g_ptr_array_index (names, i), name))
      return i;

  g_ptr_array_add (names, g_strdup (name));
  return names->len - 1;
}

static void
count_cell (GHashTable *matrix,
            guint       row,
            guint       column)
{
  g_autofree char *key = g_strdup_printf ("%u,%u", row, column);
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (matrix, key));

  g_hash_table_replace (matrix, g_steal_pointer (&key), GUINT_TO_POINTER (count + 1));
}

static guint
cell (GHashTable *matrix,
      guint       row,
      guint       column)
{
  g_autofree char *key = g_strdup_printf ("%u,%u", row, column);

  return GPOINTER_TO_UINT (g_hash_table_lookup (matrix, key));
}

static gboolean
is_stop (const char *outcome)
{
  return g_str_equal (outcome, "do-not-proceed");
}

static gboolean
lets_through (const char *outcome)
{
  return g_str_equal (outcome, "proceed") || g_str_equal (outcome, "proceed-with-conditions");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) matrix = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) disagreements = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  guint n_judged = 0, n_agree = 0, n_wrong_ground = 0, n_unencoded = 0, n_other_version = 0;
  const char *other_version = NULL;
  guint false_proceed = 0, false_stop = 0;

  setlocale (LC_ALL, "");

  if (argc != 2)
    {
      fprintf (stderr, "usage: %s CASES-DIR\n", argv[0]);
      return 2;
    }

  cases = judgement_cases_load_dir (argv[1], &error);
  if (cases == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }

  for (const char * const *o = (const char *[]) { "do-not-proceed", "hold", "consult-authority", "proceed-with-conditions", "proceed", NULL }; *o; o++)
    column_of (names, *o);

  for (guint i = 0; i < cases->len; i++)
    {
      JudgementCase *judgement_case = g_ptr_array_index (cases, i);
      g_autoptr(PbQuestionnaire) questionnaire = NULL;
      g_autoptr(PbEvaluation) evaluation = NULL;
      g_autofree char *why = NULL;
      const char *actual;
      guint row, column;

      if (judgement_case->answers_json == NULL)
        {
          n_unencoded++;
          continue;
        }

      questionnaire = pb_data_load_questionnaire (judgement_case->questionnaire_id, &error);
      if (questionnaire == NULL)
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }

      /* A suite encoded for a newer questionnaire than the one installed
       * is not a failure of the bench: say so and judge what can be. */
      if (g_strcmp0 (pb_questionnaire_get_version (questionnaire), judgement_case->questionnaire_version) != 0)
        {
          n_other_version++;
          other_version = judgement_case->questionnaire_version;
          continue;
        }

      /* A screened deal is rated with its screening, as the test rates it. */
      evaluation = judgement_case->screening_json != NULL ?
                   judgement_case_evaluate_screened (judgement_case, questionnaire, &error) :
                   judgement_case_evaluate (judgement_case, questionnaire, &error);
      if (evaluation == NULL)
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }

      n_judged++;
      actual = pb_outcome_to_string (pb_evaluation_get_outcome (evaluation));
      row = column_of (names, judgement_case->expected_outcome);
      column = column_of (names, actual);
      count_cell (matrix, row, column);

      if (is_stop (judgement_case->expected_outcome) && lets_through (actual))
        false_proceed++;
      if (!is_stop (judgement_case->expected_outcome) && is_stop (actual))
        false_stop++;

      why = judgement_case_disagreement (judgement_case, evaluation);
      if (why == NULL)
        n_agree++;
      else
        {
          if (g_str_equal (actual, judgement_case->expected_outcome))
            n_wrong_ground++;
          g_string_append_printf (disagreements, "  %-44s %s\n", judgement_case->id, why);
        }
    }

  printf ("judgement suite: %u deals, %u judged, %u without answers\n", cases->len, n_judged, n_unencoded);
  if (n_other_version > 0)
    printf ("%u encoded for questionnaire version %s, not the one installed: not judged\n",
            n_other_version, other_version);
  printf ("\n");
  printf ("%-26s", "expected \\ engine");
  for (guint c = 0; c < names->len; c++)
    printf ("  %s", (char *) g_ptr_array_index (names, c));
  printf ("\n");
  for (guint r = 0; r < names->len; r++)
    {
      printf ("%-26s", (char *) g_ptr_array_index (names, r));
      for (guint c = 0; c < names->len; c++)
        printf ("  %*u", (int) strlen (g_ptr_array_index (names, c)), cell (matrix, r, c));
      printf ("\n");
    }

  printf ("\nagree: %u of %u (%.0f%%); right outcome on the wrong ground: %u\n",
          n_agree, n_judged, n_judged ? 100.0 * n_agree / n_judged : 0.0, n_wrong_ground);
  if (n_judged > 0)
    {
      bench_figure ("wrong proceed (a deal to stop let through)", false_proceed, "deals", "≤", 0);
      bench_figure ("wrong stop (a lawful sale blocked)", false_stop, "deals", "≤", 0);
    }
  if (disagreements->len > 0)
    printf ("\ndisagreements:\n%s", disagreements->str);

  return 0;
}
