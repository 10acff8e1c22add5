/* fuzz-expr.c: the condition language, parsed and evaluated against the
 * questions, named conditions and rules of the shipped questionnaire
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "fuzz-core.h"
#include "pb-data.h"
#include "pb-expr.h"
#include "pb-questionnaire-private.h"

static PbQuestionnaire *questionnaire;
static PbAnswerSet *answer_sets[3];

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;

  fuzz_init ();
  questionnaire = pb_data_load_questionnaire ("surveillance-export", &error);
  if (questionnaire == NULL)
    g_error ("%s", error->message);

  for (guint i = 0; i < G_N_ELEMENTS (answer_sets); i++)
    answer_sets[i] = fuzz_make_answers (questionnaire, i);

  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const PbExprScope scope = _pb_questionnaire_get_expr_scope (questionnaire);
  guint n_questions = pb_questionnaire_get_n_questions (questionnaire);
  guint n_rules = pb_questionnaire_get_n_rules (questionnaire);
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autofree const PbAnswer **answers = g_new0 (const PbAnswer *, n_questions);
  g_autofree PbSeverity *flags = g_new0 (PbSeverity, MAX (n_rules, 1));
  g_autoptr(GArray) indices = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(PbExpr) expr = NULL;
  g_autoptr(GError) error = NULL;
  gsize offset = G_MAXSIZE;

  expr = pb_expr_parse (text, &scope, &offset, &error);
  if (expr == NULL)
    {
      fuzz_assert (error != NULL && error->domain == PB_CORE_ERROR, "no error set");
      fuzz_assert (g_utf8_validate (error->message, -1, NULL), "the error is not UTF-8: %s", error->message);
      fuzz_assert (offset <= strlen (text), "error offset %" G_GSIZE_FORMAT " past the end", offset);
      fuzz_refused (error);
      return 0;
    }

  pb_expr_collect_questions (expr, indices);
  for (guint i = 0; i < indices->len; i++)
    fuzz_assert (g_array_index (indices, guint, i) < n_questions, "a question index out of range");
  fuzz_assert (pb_expr_get_work (expr, n_rules) <= (guint64) (PB_EXPR_MAX_WORK + 1 + size) * (n_rules + 1),
               "the work is out of bounds");

  /* Every answer flavour, with no flags, every flag high, and alternating. */
  for (guint a = 0; a <= G_N_ELEMENTS (answer_sets); a++)
    {
      for (guint i = 0; i < n_questions; i++)
        answers[i] = a < G_N_ELEMENTS (answer_sets)
                     ? pb_answer_set_lookup (answer_sets[a],
                                             pb_question_get_id (pb_questionnaire_get_question (questionnaire, i)))
                     : NULL;

      for (guint f = 0; f < 3; f++)
        {
          PbExprEnv env = {
            answers, n_questions, flags, pb_questionnaire_get_rule_sections (questionnaire), n_rules,
          };
          PbTri first, again;

          for (guint r = 0; r < n_rules; r++)
            flags[r] = f == 0 ? PB_SEVERITY_NONE : f == 1 ? PB_SEVERITY_HIGH : (PbSeverity) (r % 5);

          first = pb_expr_eval (expr, &env);
          again = pb_expr_eval (expr, &env);
          fuzz_assert (first == again, "two evaluations differ");
          fuzz_assert (first == PB_TRI_TRUE || first == PB_TRI_FALSE || first == PB_TRI_UNKNOWN, "not a truth value");

          g_array_set_size (indices, 0);
          pb_expr_collect_rules (expr, &env, indices);
          for (guint i = 0; i < indices->len; i++)
            fuzz_assert (g_array_index (indices, guint, i) < n_rules, "a rule index out of range");
        }
    }

  return 0;
}
