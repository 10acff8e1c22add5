/* bench-evaluate.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loads a questionnaire twenty times and prints the median load time, then
 * evaluates the answer sets of real deals: the judgement suite's
 * (tests/data/cases/), whole, and as the wizard evaluates them while a
 * sales person fills them in, after each answer in questionnaire order.
 * Both with the shipped country reference data, as the wizard and the
 * judgement suite rate a deal: without it the questions it prefills stay
 * open and most deals rate as incomplete, which costs less than a rating.
 * Goals: load < 20 ms, evaluation < 100 µs of CPU per answer set.
 *
 *   bench-evaluate QUESTIONNAIRE.xml CASES-DIR [N_EVALUATIONS]
 *
 * Deals encoded for another version of the questionnaire keep the answers
 * that still fit it; the bench says how many.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "bench-common.h"
#include "bench-deals.h"
#include "pb-countries.h"
#include "pb-evaluation.h"

#define LOAD_RUNS 20

/* The states of @deal as it is filled in: after each answer, in the
 * questionnaire's order; the last one is the whole deal. */
static void
add_filling_in (GPtrArray       *sets,
                BenchDeal       *deal,
                PbQuestionnaire *questionnaire)
{
  g_autoptr(PbAnswerSet) so_far = pb_answer_set_new ();

  for (guint i = 0; i < pb_questionnaire_get_n_questions (questionnaire); i++)
    {
      const char *id = pb_question_get_id (pb_questionnaire_get_question (questionnaire, i));
      PbAnswer *answer = pb_answer_set_lookup (deal->answers, id);
      PbAnswerSet *copy;
      g_auto(GStrv) ids = NULL;

      if (answer == NULL)
        continue;
      pb_answer_set_insert (so_far, id, answer);

      copy = pb_answer_set_new ();
      ids = pb_answer_set_dup_ids (so_far);
      for (guint j = 0; ids[j] != NULL; j++)
        pb_answer_set_insert (copy, ids[j], pb_answer_set_lookup (so_far, ids[j]));
      g_ptr_array_add (sets, copy);
    }
}

/* CPU microseconds per evaluation of @sets, over at least @n evaluations. */
static double
time_evaluations (PbQuestionnaire *questionnaire,
                  PbCountries     *reference,
                  GPtrArray       *sets,
                  guint            n)
{
  guint done = 0;
  double start = bench_cpu_ms ();

  while (done < n)
    for (guint s = 0; s < sets->len; s++, done++)
      {
        g_autoptr(PbEvaluation) evaluation = pb_evaluate_with_reference (questionnaire, g_ptr_array_index (sets, s),
                                                                         reference);
      }

  return (bench_cpu_ms () - start) * 1000 / done;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autoptr(GPtrArray) deals = NULL;
  g_autoptr(PbCountries) reference = NULL;
  g_autoptr(GPtrArray) whole = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) filling_in = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *display_name = NULL;
  guint outcomes[PB_OUTCOME_DO_NOT_PROCEED + 1] = { 0 };
  guint n_evaluations = argc > 3 ? MAX (1, (guint) atoi (argv[3])) : 10000;
  guint n_given = 0, n_kept = 0, n_other_version = 0;
  double load_ms[LOAD_RUNS];

  if (argc < 3)
    {
      fprintf (stderr, "usage: %s QUESTIONNAIRE.xml CASES-DIR [N_EVALUATIONS]\n", argv[0]);
      return 2;
    }

  file = g_file_new_for_commandline_arg (argv[1]);
  display_name = g_file_get_parse_name (file);
  if (!(bytes = g_file_load_bytes (file, NULL, NULL, &error)))
    {
      fprintf (stderr, "bench-evaluate: %s\n", error->message);
      return 1;
    }

  /* Loading includes parsing every expression and hashing the bytes. */
  for (guint i = 0; i < LOAD_RUNS; i++)
    {
      double start = bench_now_ms ();

      g_clear_object (&questionnaire);
      questionnaire = pb_questionnaire_new_from_bytes (bytes, display_name, &error);
      load_ms[i] = bench_now_ms () - start;
      if (questionnaire == NULL)
        {
          fprintf (stderr, "bench-evaluate: %s\n", error->message);
          return 1;
        }
    }

  if (!(deals = bench_deals_load (argv[2], questionnaire, &error)))
    {
      fprintf (stderr, "bench-evaluate: %s\n", error->message);
      return 1;
    }
  if (!(reference = pb_countries_load_shipped (&error)))
    {
      fprintf (stderr, "bench-evaluate: %s\n", error->message);
      return 1;
    }
  if (deals->len == 0)
    {
      fprintf (stderr, "bench-evaluate: no deal in %s is encoded for %s\n", argv[2], pb_questionnaire_get_id (questionnaire));
      return 1;
    }

  for (guint i = 0; i < deals->len; i++)
    {
      BenchDeal *deal = g_ptr_array_index (deals, i);
      g_autoptr(PbEvaluation) evaluation = pb_evaluate_with_reference (questionnaire, deal->answers, reference);

      outcomes[pb_evaluation_get_outcome (evaluation)]++;
      n_given += deal->n_given;
      n_kept += pb_answer_set_get_size (deal->answers);
      if (g_strcmp0 (deal->version, pb_questionnaire_get_version (questionnaire)) != 0)
        n_other_version++;
      g_ptr_array_add (whole, g_object_ref (deal->answers));
      add_filling_in (filling_in, deal, questionnaire);
    }

  printf ("questionnaire %s %s (%u questions, %u rules); %u deals of the judgement suite",
          pb_questionnaire_get_id (questionnaire), pb_questionnaire_get_version (questionnaire),
          pb_questionnaire_get_n_questions (questionnaire), pb_questionnaire_get_n_rules (questionnaire),
          deals->len);
  if (n_other_version > 0)
    printf (", %u encoded for another version (%u of the deals' %u answers fit)", n_other_version, n_kept, n_given);
  printf ("\n  outcomes of the whole deals:");
  for (PbOutcome o = PB_OUTCOME_PROCEED; o <= PB_OUTCOME_DO_NOT_PROCEED; o++)
    if (outcomes[o] > 0)
      printf (" %s %u", pb_outcome_to_string (o), outcomes[o]);
  printf ("\n");

  bench_figure ("load the questionnaire (median of 20)", bench_median (load_ms, LOAD_RUNS), "ms", "<", 20);
  bench_figure ("evaluate a whole deal, CPU", time_evaluations (questionnaire, reference, whole, n_evaluations),
                "µs", "<", 100);
  {
    g_autofree char *what = g_strdup_printf ("evaluate after each answer (%u states), CPU", filling_in->len);

    bench_figure (what, time_evaluations (questionnaire, reference, filling_in, n_evaluations), "µs", "<", 100);
  }

  return 0;
}
