/* bench-evaluate.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loads a questionnaire twenty times and prints the median load time, then
 * evaluates 10,000 generated answer sets and prints evaluations per second.
 * Targets: load < 20 ms, evaluation < 100 µs per answer set.
 *
 *   bench-evaluate [QUESTIONNAIRE.xml] [N_SETS]
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "pb-data.h"
#include "pb-evaluation.h"

#define LOAD_RUNS 20

static const char * const countries[] = { "CN", "FR", "RU", "US", "DE", "SA", "AE", "IN", "BR", "KE", "NL", "IR" };

/* The machine is shared with compilers and test runs: CPU time says more
 * than wall time about the code itself. */
static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);

  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double da = *(const double *) a;
  double db = *(const double *) b;

  return (da > db) - (da < db);
}

/* A plausible answer of the right type; "unknown" now and then where it is
 * allowed, so that the unknown paths run too. */
static PbAnswer *
random_answer (GRand      *rand,
               PbQuestion *question)
{
  guint n_choices = pb_question_get_n_choices (question);

  if (pb_question_allows_unknown (question) && g_rand_int_range (rand, 0, 10) == 0)
    return pb_answer_new_unknown ();

  switch (pb_question_get_question_type (question))
    {
    case PB_QUESTION_YES_NO:
    case PB_QUESTION_YES_NO_UNKNOWN:
      return pb_answer_new_string (g_rand_boolean (rand) ? "yes" : "no");

    case PB_QUESTION_SINGLE:
      return pb_answer_new_string (pb_choice_get_code (pb_question_get_choice (question, g_rand_int_range (rand, 0, n_choices))));

    case PB_QUESTION_MULTIPLE:
      {
        g_autofree const char **codes = g_new0 (const char *, n_choices + 1);
        guint n = 0;

        for (guint i = 0; i < n_choices; i++)
          {
            if (g_rand_int_range (rand, 0, 3) == 0)
              codes[n++] = pb_choice_get_code (pb_question_get_choice (question, i));
          }

        return pb_answer_new_codes (codes);
      }

    case PB_QUESTION_NUMBER:
      {
        double min = 0, max = 1000;

        pb_question_get_min (question, &min);
        pb_question_get_max (question, &max);

        return pb_answer_new_number (floor (g_rand_double_range (rand, min, max)));
      }

    case PB_QUESTION_DATE:
      return pb_answer_new_string ("2026-11-26");

    case PB_QUESTION_COUNTRY:
      return pb_answer_new_string (countries[g_rand_int_range (rand, 0, G_N_ELEMENTS (countries))]);

    case PB_QUESTION_TEXT:
    case PB_QUESTION_LONG_TEXT:
    default:
      return pb_answer_new_string ("Free text written by the sales person.");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autoptr(GPtrArray) sets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261126);
  g_autoptr(GError) error = NULL;
  g_autofree char *display_name = NULL;
  guint outcomes[PB_OUTCOME_DO_NOT_PROCEED + 1] = { 0 };
  double load_ms[LOAD_RUNS];
  guint n_sets = 10000;
  guint n_flags = 0;
  double elapsed, cpu, per_evaluation;
  gint64 start;

  if (argc > 1)
    file = g_file_new_for_commandline_arg (argv[1]);
  else
    file = pb_data_get_file ("questionnaires", "surveillance-export.xml", NULL);

  if (argc > 2)
    n_sets = MAX (1, (guint) atoi (argv[2]));

  display_name = g_file_get_parse_name (file);
  bytes = g_file_load_bytes (file, NULL, NULL, &error);
  if (bytes == NULL)
    {
      fprintf (stderr, "bench-evaluate: %s\n", error->message);
      return 1;
    }

  /* Loading includes parsing every expression and hashing the bytes. */
  for (guint i = 0; i < LOAD_RUNS; i++)
    {
      start = g_get_monotonic_time ();
      g_clear_object (&questionnaire);
      questionnaire = pb_questionnaire_new_from_bytes (bytes, display_name, &error);
      load_ms[i] = (g_get_monotonic_time () - start) / 1000.0;

      if (questionnaire == NULL)
        {
          fprintf (stderr, "bench-evaluate: %s\n", error->message);
          return 1;
        }
    }

  qsort (load_ms, LOAD_RUNS, sizeof (double), compare_doubles);

  for (guint s = 0; s < n_sets; s++)
    {
      PbAnswerSet *set = pb_answer_set_new ();

      for (guint i = 0; i < pb_questionnaire_get_n_questions (questionnaire); i++)
        {
          PbQuestion *question = pb_questionnaire_get_question (questionnaire, i);
          g_autoptr(PbAnswer) answer = NULL;

          /* Leave some out, as a sales person does. */
          if (g_rand_int_range (rand, 0, 20) == 0)
            continue;

          answer = random_answer (rand, question);
          pb_answer_set_insert (set, pb_question_get_id (question), answer);
        }

      g_ptr_array_add (sets, set);
    }

  cpu = cpu_seconds ();
  start = g_get_monotonic_time ();
  for (guint s = 0; s < n_sets; s++)
    {
      g_autoptr(PbEvaluation) evaluation = pb_evaluate (questionnaire, g_ptr_array_index (sets, s));

      outcomes[pb_evaluation_get_outcome (evaluation)]++;
      n_flags += pb_evaluation_get_n_flags (evaluation);
    }
  elapsed = (g_get_monotonic_time () - start) / 1e6;
  cpu = cpu_seconds () - cpu;
  per_evaluation = cpu * 1e6 / n_sets;

  printf ("questionnaire: %s %s (%u questions, %u rules)\n",
          pb_questionnaire_get_id (questionnaire),
          pb_questionnaire_get_version (questionnaire),
          pb_questionnaire_get_n_questions (questionnaire),
          pb_questionnaire_get_n_rules (questionnaire));
  printf ("load: %.2f ms (median of %d; min %.2f, max %.2f)  target < 20 ms: %s\n",
          load_ms[LOAD_RUNS / 2], LOAD_RUNS, load_ms[0], load_ms[LOAD_RUNS - 1],
          load_ms[LOAD_RUNS / 2] < 20 ? "met" : "MISSED");
  printf ("evaluate: %u answer sets in %.1f ms (%.1f ms of CPU): %.0f evaluations/s, %.1f µs of CPU per evaluation  target < 100 µs: %s\n",
          n_sets, elapsed * 1000, cpu * 1000, n_sets / cpu, per_evaluation,
          per_evaluation < 100 ? "met" : "MISSED");
  printf ("outcomes:");
  for (PbOutcome o = PB_OUTCOME_PROCEED; o <= PB_OUTCOME_DO_NOT_PROCEED; o++)
    printf (" %s %u", pb_outcome_to_string (o), outcomes[o]);
  printf ("; %.1f flags per evaluation\n", (double) n_flags / n_sets);

  return 0;
}
