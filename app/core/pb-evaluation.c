/* pb-evaluation.c: the rating method of questionnaires/METHOD.md
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "pb-evaluation.h"
#include "pb-expr.h"
#include "pb-questionnaire-private.h"

struct _PbFlag
{
  PbRule       *rule;
  PbSeverity    severity;
  guint         likelihood;
  guint         residual_likelihood;
  PbSeverity    level;
  PbSeverity    residual_level;
  guint         from_unknown : 1;
  guint         mitigated : 1;
  guint         hard_stop : 1;
  guint         trigger_start;      /* in the evaluation's trigger pool */
  const char  **triggers;           /* points into the pool */
};

struct _PbEvaluation
{
  GObject           parent_instance;

  PbQuestionnaire  *questionnaire;
  PbOutcome         outcome;
  GPtrArray        *reasons;        /* char *, NULL-terminated */
  PbSeverity        inherent_level;
  PbSeverity        residual_level;
  GArray           *flags;          /* PbFlag */
  GPtrArray        *assurances;     /* PbRule */
  GPtrArray        *missing;        /* PbQuestion */
  GArray           *triggers;       /* const char *: every flag's NULL-terminated list */
  GArray           *trigger_questions; /* guint: the question index of each rule trigger */
  guint8           *visible;        /* by question index */
  guint             n_required;
  guint             n_required_answered;
  guint             likelihood;
};

G_DEFINE_FINAL_TYPE (PbEvaluation, pb_evaluation, G_TYPE_OBJECT)

static const PbSeverity matrix[5][4] = {
  [PB_SEVERITY_NONE]     = { PB_SEVERITY_NONE,   PB_SEVERITY_NONE,     PB_SEVERITY_NONE,     PB_SEVERITY_NONE },
  [PB_SEVERITY_LOW]      = { PB_SEVERITY_LOW,    PB_SEVERITY_LOW,      PB_SEVERITY_LOW,      PB_SEVERITY_MEDIUM },
  [PB_SEVERITY_MEDIUM]   = { PB_SEVERITY_LOW,    PB_SEVERITY_MEDIUM,   PB_SEVERITY_MEDIUM,   PB_SEVERITY_HIGH },
  [PB_SEVERITY_HIGH]     = { PB_SEVERITY_MEDIUM, PB_SEVERITY_HIGH,     PB_SEVERITY_HIGH,     PB_SEVERITY_CRITICAL },
  [PB_SEVERITY_CRITICAL] = { PB_SEVERITY_HIGH,   PB_SEVERITY_CRITICAL, PB_SEVERITY_CRITICAL, PB_SEVERITY_CRITICAL },
};

/* An answer whose kind cannot belong to the question counts as missing, so
 * that a bad file never makes a condition read the wrong kind of value; so
 * does a set with codes that are not choices, so that a set is never larger
 * than the question's choices (which the loader's evaluation budget counts). */
static gboolean
answer_fits (PbQuestion     *question,
             const PbAnswer *answer)
{
  switch (pb_answer_get_kind (answer))
    {
    case PB_ANSWER_UNKNOWN:
      return question->allow_unknown;

    case PB_ANSWER_NUMBER:
      return question->type == PB_QUESTION_NUMBER;

    case PB_ANSWER_CODES:
      if (question->type != PB_QUESTION_MULTIPLE)
        return FALSE;
      for (const char * const *code = pb_answer_get_codes (answer); *code != NULL; code++)
        {
          if (pb_question_lookup_choice (question, *code) == NULL)
            return FALSE;
        }
      return TRUE;

    case PB_ANSWER_STRING:
    default:
      return question->type != PB_QUESTION_NUMBER && question->type != PB_QUESTION_MULTIPLE;
    }
}

static int
compare_flags (gconstpointer a,
               gconstpointer b)
{
  const PbFlag *fa = a;
  const PbFlag *fb = b;

  if (fa->residual_level != fb->residual_level)
    return fa->residual_level > fb->residual_level ? -1 : 1;

  if (fa->severity != fb->severity)
    return fa->severity > fb->severity ? -1 : 1;

  return strcmp (fa->rule->id, fb->rule->id);
}

/* Appends the ids of the answered questions @rule reads to the pool and
 * returns where they start. */
static guint
collect_triggers (PbEvaluation           *self,
                  const PbRule           *rule,
                  const PbAnswer * const *answers)
{
  guint start = self->triggers->len;
  const char *end = NULL;

  for (guint i = 0; i < rule->n_reads; i++)
    {
      if (answers[rule->reads[i]] != NULL)
        {
          PbQuestion *question = pb_questionnaire_get_question (self->questionnaire, rule->reads[i]);

          g_array_append_val (self->triggers, question->id);
          g_array_append_val (self->trigger_questions, rule->reads[i]);
        }
    }

  g_array_append_val (self->triggers, end);
  g_array_set_size (self->trigger_questions, self->triggers->len);

  return start;
}

/* For a rule that reads other flags (a compound rule such as "three
 * sections with high risks"): the questions it reads itself and the ones
 * that triggered the raised flags it reads, once each, in document order.
 * @rule_triggers holds each raised rule's start in the pool, G_MAXUINT for
 * the others; @rules and @marks (one per question, all FALSE) are scratch
 * space, left as they were found. */
static guint
collect_compound_triggers (PbEvaluation           *self,
                           const PbRule           *rule,
                           const PbAnswer * const *answers,
                           const PbExprEnv        *env,
                           const guint            *rule_triggers,
                           GArray                 *rules,
                           guint8                 *marks)
{
  guint start = self->triggers->len;
  const char *end = NULL;

  for (guint i = 0; i < rule->n_reads; i++)
    if (answers[rule->reads[i]] != NULL)
      marks[rule->reads[i]] = TRUE;

  g_array_set_size (rules, 0);
  pb_expr_collect_rules (rule->when, env, rules);
  for (guint r = 0; r < rules->len; r++)
    {
      guint pool = rule_triggers[g_array_index (rules, guint, r)];

      if (pool == G_MAXUINT)
        continue;

      for (guint i = pool; g_array_index (self->triggers, const char *, i) != NULL; i++)
        marks[g_array_index (self->trigger_questions, guint, i)] = TRUE;
    }

  for (guint q = 0; q < env->n_answers; q++)
    {
      if (marks[q])
        {
          PbQuestion *question = pb_questionnaire_get_question (self->questionnaire, q);

          g_array_append_val (self->triggers, question->id);
          g_array_append_val (self->trigger_questions, q);
          marks[q] = FALSE;
        }
    }

  g_array_append_val (self->triggers, end);
  g_array_set_size (self->trigger_questions, self->triggers->len);

  return start;
}

static gboolean
reads_unknown_answer (const PbRule           *rule,
                      const PbAnswer * const *answers)
{
  for (guint i = 0; i < rule->n_reads; i++)
    {
      const PbAnswer *answer = answers[rule->reads[i]];

      if (answer != NULL && pb_answer_is_unknown (answer))
        return TRUE;
    }

  return FALSE;
}

/* "S2.01, S2.04" */
static char *
join_ids (GPtrArray *ids)
{
  /* A sentence a reviewer can read: the first few ids, then a count. */
  const guint shown = MIN (ids->len, 6);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < shown; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, g_ptr_array_index (ids, i));
    }

  if (ids->len > shown)
    {
      guint more = ids->len - shown;

      /* Translators: follows a list of ids, e.g. "CR-07, CR-15 and 17 more" */
      g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, " and %u more", " and %u more", more), more);
    }

  return g_string_free (out, FALSE);
}

static void
add_reason (PbEvaluation *self,
            char         *reason)
{
  g_ptr_array_insert (self->reasons, self->reasons->len - 1, reason);
}

/* Step 1: which questions are shown, and the answers that count. */
static void
evaluate_visibility (PbEvaluation    *self,
                     PbAnswerSet     *answer_set,
                     const PbAnswer **answers,
                     PbExprEnv       *env)
{
  PbQuestionnaire *questionnaire = self->questionnaire;
  guint n_sections = pb_questionnaire_get_n_sections (questionnaire);

  for (guint s = 0; s < n_sections; s++)
    {
      PbSection *section = pb_questionnaire_get_section (questionnaire, s);
      gboolean section_visible = section->visible_expr == NULL ||
                                 pb_expr_eval (section->visible_expr, env) != PB_TRI_FALSE;

      for (guint i = 0; i < section->questions->len; i++)
        {
          PbQuestion *question = g_ptr_array_index (section->questions, i);
          const PbAnswer *answer;
          gboolean visible;

          visible = section_visible &&
                    (question->visible_expr == NULL ||
                     pb_expr_eval (question->visible_expr, env) != PB_TRI_FALSE);

          self->visible[question->index] = visible;
          if (!visible)
            continue;

          answer = answer_set != NULL ? pb_answer_set_lookup (answer_set, question->id) : NULL;
          if (answer != NULL && answer_fits (question, answer))
            answers[question->index] = answer;

          if (question->required || question->gate)
            {
              self->n_required++;

              if (answers[question->index] != NULL)
                self->n_required_answered++;
              else
                g_ptr_array_add (self->missing, question);
            }
        }
    }
}

/* Step 2: base plus the factors that hold (or might hold), half steps
 * rounded up, capped. */
static guint
evaluate_likelihood (PbQuestionnaire *questionnaire,
                     const PbExprEnv *env)
{
  const PbLikelihoodFactor *factors;
  guint n_factors;
  double base, max, value;

  pb_questionnaire_get_likelihood (questionnaire, &base, &max, &factors, &n_factors);

  value = base;
  for (guint i = 0; i < n_factors; i++)
    {
      PbTri tri = pb_expr_eval (factors[i].expr, env);

      /* An unknown counts when it makes things worse, never when it helps. */
      if (tri == PB_TRI_TRUE || (tri == PB_TRI_UNKNOWN && factors[i].add > 0))
        value += factors[i].add;
    }

  value = ceil (value - 1e-9);

  return (guint) CLAMP (value, 1, MIN (max, 4));
}

/* Step 3: the rules, in document order. */
static void
evaluate_rules (PbEvaluation           *self,
                const PbAnswer * const *answers,
                PbExprEnv              *env,
                PbSeverity             *flag_levels)
{
  PbQuestionnaire *questionnaire = self->questionnaire;
  guint n_rules = pb_questionnaire_get_n_rules (questionnaire);
  g_autofree guint *rule_triggers = g_new (guint, MAX (n_rules, 1));
  g_autofree guint8 *marks = g_malloc0 (MAX (env->n_answers, 1));
  g_autoptr(GArray) rules = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < n_rules; i++)
    {
      PbRule *rule = pb_questionnaire_get_rule (questionnaire, i);
      PbTri tri = pb_expr_eval (rule->when, env);

      rule_triggers[i] = G_MAXUINT;
      PbFlag flag = { rule, };

      if (tri == PB_TRI_FALSE)
        continue;

      if (rule->kind == PB_RULE_KIND_ASSURANCE)
        {
          if (tri == PB_TRI_TRUE)
            g_ptr_array_add (self->assurances, rule);
          continue;
        }

      if (tri == PB_TRI_TRUE)
        flag.severity = rule->severity;
      else if (reads_unknown_answer (rule, answers))
        {
          flag.severity = rule->severity - 1;
          flag.from_unknown = TRUE;
        }

      if (flag.severity == PB_SEVERITY_NONE)
        continue;

      flag.hard_stop = rule->hard_stop && !flag.from_unknown;
      flag.likelihood = rule->likelihood != 0 ? rule->likelihood : self->likelihood;

      if (rule->compound || rule->hard_stop)
        flag.level = flag.severity;
      else
        flag.level = pb_risk_matrix_level (flag.severity, flag.likelihood);

      flag.residual_likelihood = flag.likelihood;
      flag.residual_level = flag.level;

      if (rule->mitigable && rule->mitigated_expr != NULL &&
          pb_expr_eval (rule->mitigated_expr, env) == PB_TRI_TRUE)
        {
          flag.mitigated = TRUE;
          flag.residual_likelihood = MAX (flag.likelihood, 2) - 1;
          flag.residual_level = pb_risk_matrix_level (flag.severity, flag.residual_likelihood);
        }

      if (pb_expr_reads_flags (rule->when))
        flag.trigger_start = collect_compound_triggers (self, rule, answers, env, rule_triggers,
                                                        rules, marks);
      else
        flag.trigger_start = collect_triggers (self, rule, answers);
      rule_triggers[i] = flag.trigger_start;
      /* Later rules see the level before mitigation: a compound rule is
       * not defused by mitigating the flags it counts. */
      flag_levels[i] = flag.level;
      g_array_append_val (self->flags, flag);
    }
}

/* Step 4: sections where too much is unknown. */
static void
evaluate_unknown_thresholds (PbEvaluation           *self,
                             const PbAnswer * const *answers)
{
  PbQuestionnaire *questionnaire = self->questionnaire;
  guint n_sections = pb_questionnaire_get_n_sections (questionnaire);

  for (guint s = 0; s < n_sections; s++)
    {
      PbSection *section = pb_questionnaire_get_section (questionnaire, s);
      guint n_answered = 0;
      guint n_unknown = 0;
      PbFlag flag = { section->unknown_rule, };

      if (section->unknown_rule == NULL)
        continue;

      for (guint i = 0; i < section->questions->len; i++)
        {
          PbQuestion *question = g_ptr_array_index (section->questions, i);
          const PbAnswer *answer = answers[question->index];

          if (answer == NULL)
            continue;

          n_answered++;
          if (pb_answer_is_unknown (answer))
            n_unknown++;
        }

      if (n_answered == 0 || (double) n_unknown / n_answered <= section->unknown_threshold)
        continue;

      flag.severity = PB_SEVERITY_HIGH;
      flag.likelihood = self->likelihood;
      flag.residual_likelihood = self->likelihood;
      flag.level = PB_SEVERITY_HIGH;
      flag.residual_level = PB_SEVERITY_HIGH;
      flag.trigger_start = self->triggers->len;

      for (guint i = 0; i < section->questions->len; i++)
        {
          PbQuestion *question = g_ptr_array_index (section->questions, i);
          const PbAnswer *answer = answers[question->index];

          if (answer != NULL && pb_answer_is_unknown (answer))
            g_array_append_val (self->triggers, question->id);
        }
      g_array_append_val (self->triggers, (const char *) { NULL });

      g_array_append_val (self->flags, flag);
    }
}

/* Step 5: the outcome, and a sentence for every reason that applies. */
static void
decide_outcome (PbEvaluation           *self,
                const PbAnswer * const *answers)
{
  PbQuestionnaire *questionnaire = self->questionnaire;
  g_autoptr(GPtrArray) hard_stops = g_ptr_array_new ();
  g_autoptr(GPtrArray) gate_unknowns = g_ptr_array_new ();
  g_autoptr(GPtrArray) criticals = g_ptr_array_new ();
  g_autoptr(GPtrArray) authority = g_ptr_array_new ();
  g_autoptr(GPtrArray) highs = g_ptr_array_new ();
  g_autoptr(GPtrArray) mediums = g_ptr_array_new ();
  guint n_questions = pb_questionnaire_get_n_questions (questionnaire);
  gboolean decided = FALSE;

  for (guint i = 0; i < self->flags->len; i++)
    {
      const PbFlag *flag = &g_array_index (self->flags, PbFlag, i);

      if (flag->hard_stop)
        g_ptr_array_add (hard_stops, flag->rule->id);
      if (flag->residual_level == PB_SEVERITY_CRITICAL)
        g_ptr_array_add (criticals, flag->rule->id);
      if (flag->rule->consult_authority)
        g_ptr_array_add (authority, flag->rule->id);
      if (flag->residual_level == PB_SEVERITY_HIGH)
        g_ptr_array_add (highs, flag->rule->id);
      if (flag->residual_level == PB_SEVERITY_MEDIUM)
        g_ptr_array_add (mediums, flag->rule->id);
    }

  for (guint i = 0; i < n_questions; i++)
    {
      PbQuestion *question = pb_questionnaire_get_question (questionnaire, i);

      if (question->gate && answers[i] != NULL && pb_answer_is_unknown (answers[i]))
        g_ptr_array_add (gate_unknowns, question->id);
    }

#define DECIDE(o) G_STMT_START { if (!decided) { self->outcome = (o); decided = TRUE; } } G_STMT_END

  if (hard_stops->len > 0)
    {
      g_autofree char *ids = join_ids (hard_stops);

      DECIDE (PB_OUTCOME_DO_NOT_PROCEED);
      /* Translators: a list of rule ids */
      add_reason (self, g_strdup_printf (_("A hard stop applies (%s): the sale must not go ahead whatever else holds."), ids));
    }

  if (self->missing->len > 0)
    {
      g_autoptr(GPtrArray) ids = g_ptr_array_new ();
      g_autofree char *list = NULL;

      for (guint i = 0; i < self->missing->len; i++)
        g_ptr_array_add (ids, ((PbQuestion *) g_ptr_array_index (self->missing, i))->id);
      list = join_ids (ids);

      DECIDE (PB_OUTCOME_INCOMPLETE);
      /* Translators: a list of question ids */
      add_reason (self, g_strdup_printf (_("Required or gate questions are unanswered (%s): the assessment is incomplete."), list));
    }

  if (gate_unknowns->len > 0)
    {
      g_autofree char *ids = join_ids (gate_unknowns);

      DECIDE (PB_OUTCOME_DO_NOT_PROCEED);
      /* Translators: a list of question ids */
      add_reason (self, g_strdup_printf (_("Gate questions are answered “unknown” (%s): an information gap on a gate question blocks the sale until it is resolved."), ids));
    }

  if (criticals->len > 0)
    {
      g_autofree char *ids = join_ids (criticals);

      DECIDE (PB_OUTCOME_DO_NOT_PROCEED);
      /* Translators: a list of rule ids */
      add_reason (self, g_strdup_printf (_("The residual risk is Critical (%s)."), ids));
    }

  if (authority->len > 0)
    {
      g_autofree char *ids = join_ids (authority);

      DECIDE (PB_OUTCOME_CONSULT_AUTHORITY);
      /* Translators: a list of rule ids */
      add_reason (self, g_strdup_printf (_("The competent authority must be consulted before deciding (%s)."), ids));
    }

  /* Conditions explain a proceed outcome; after a blocking one they would
   * contradict it, and the flags are listed anyway. */
  if (highs->len > 0 && !decided)
    {
      g_autofree char *ids = join_ids (highs);

      DECIDE (PB_OUTCOME_PROCEED_WITH_CONDITIONS);
      /* Translators: a list of rule ids */
      add_reason (self, g_strdup_printf (_("The residual risk is High (%s): proceed only with the recommended mitigations as conditions."), ids));
    }

  if (mediums->len >= 3 && !decided)
    {
      g_autofree char *ids = join_ids (mediums);

      DECIDE (PB_OUTCOME_PROCEED_WITH_CONDITIONS);
      /* Translators: a number, then a list of rule ids */
      add_reason (self, g_strdup_printf (_("%u flags have a residual risk of Medium (%s): proceed only with the recommended mitigations as conditions."),
                                         mediums->len, ids));
    }

  if (!decided)
    {
      DECIDE (PB_OUTCOME_PROCEED);
      add_reason (self, g_strdup (_("No flag has a residual risk above Medium and at most two are Medium.")));
    }

#undef DECIDE
}

static void
pb_evaluation_finalize (GObject *object)
{
  PbEvaluation *self = (PbEvaluation *)object;

  g_clear_pointer (&self->flags, g_array_unref);
  g_clear_pointer (&self->triggers, g_array_unref);
  g_clear_pointer (&self->trigger_questions, g_array_unref);
  g_clear_pointer (&self->reasons, g_ptr_array_unref);
  g_clear_pointer (&self->assurances, g_ptr_array_unref);
  g_clear_pointer (&self->missing, g_ptr_array_unref);
  g_clear_pointer (&self->visible, g_free);
  g_clear_object (&self->questionnaire);

  G_OBJECT_CLASS (pb_evaluation_parent_class)->finalize (object);
}

static void
pb_evaluation_class_init (PbEvaluationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_evaluation_finalize;
}

static void
pb_evaluation_init (PbEvaluation *self)
{
  self->flags = g_array_sized_new (FALSE, TRUE, sizeof (PbFlag), 16);
  self->triggers = g_array_sized_new (FALSE, FALSE, sizeof (const char *), 64);
  self->trigger_questions = g_array_sized_new (FALSE, FALSE, sizeof (guint), 64);
  self->reasons = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->reasons, NULL);
  self->assurances = g_ptr_array_new ();
  self->missing = g_ptr_array_new ();
}

/**
 * pb_evaluate:
 * @questionnaire: a loaded questionnaire
 * @answers: (nullable): the answers; %NULL rates an empty set
 *
 * Applies the rating method of questionnaires/METHOD.md. Answers to unknown
 * questions, to hidden questions, and answers of a kind that cannot belong
 * to their question are ignored.
 *
 * Returns: (transfer full): the evaluation
 */
PbEvaluation *
pb_evaluate (PbQuestionnaire *questionnaire,
             PbAnswerSet     *answers)
{
  PbEvaluation *self;
  guint n_questions;
  guint n_rules;
  const PbAnswer **effective;
  PbSeverity *flag_levels;
  PbExprEnv env;

  g_return_val_if_fail (PB_IS_QUESTIONNAIRE (questionnaire), NULL);
  g_return_val_if_fail (answers == NULL || PB_IS_ANSWER_SET (answers), NULL);

  n_questions = pb_questionnaire_get_n_questions (questionnaire);
  n_rules = pb_questionnaire_get_n_rules (questionnaire);

  self = g_object_new (PB_TYPE_EVALUATION, NULL);
  self->questionnaire = g_object_ref (questionnaire);
  self->visible = g_new0 (guint8, MAX (n_questions, 1));

  /* One block for the answers and the flag levels the expressions read. */
  effective = g_malloc0 (n_questions * sizeof (PbAnswer *) + n_rules * sizeof (PbSeverity) + 1);
  flag_levels = (PbSeverity *) (gpointer) (effective + n_questions);

  env.answers = effective;
  env.n_answers = n_questions;
  env.flag_levels = flag_levels;
  env.rule_sections = pb_questionnaire_get_rule_sections (questionnaire);
  env.n_rules = n_rules;

  evaluate_visibility (self, answers, effective, &env);
  self->likelihood = evaluate_likelihood (questionnaire, &env);
  evaluate_rules (self, effective, &env, flag_levels);
  evaluate_unknown_thresholds (self, effective);

  g_array_sort (self->flags, compare_flags);

  /* The pool no longer grows: the flags can point into it. */
  for (guint i = 0; i < self->flags->len; i++)
    {
      PbFlag *flag = &g_array_index (self->flags, PbFlag, i);

      flag->triggers = &g_array_index (self->triggers, const char *, flag->trigger_start);

      self->inherent_level = MAX (self->inherent_level, flag->level);
      self->residual_level = MAX (self->residual_level, flag->residual_level);
    }

  decide_outcome (self, effective);

  g_free (effective);

  return self;
}

PbQuestionnaire *
pb_evaluation_get_questionnaire (PbEvaluation *self)
{
  g_return_val_if_fail (PB_IS_EVALUATION (self), NULL);

  return self->questionnaire;
}

PbOutcome
pb_evaluation_get_outcome (PbEvaluation *self)
{
  g_return_val_if_fail (PB_IS_EVALUATION (self), PB_OUTCOME_INCOMPLETE);

  return self->outcome;
}

const char * const *
pb_evaluation_get_reasons (PbEvaluation *self)
{
  g_return_val_if_fail (PB_IS_EVALUATION (self), NULL);

  return (const char * const *) self->reasons->pdata;
}

PbSeverity
pb_evaluation_get_inherent_level (PbEvaluation *self)
{
  g_return_val_if_fail (PB_IS_EVALUATION (self), PB_SEVERITY_NONE);

  return self->inherent_level;
}

PbSeverity
pb_evaluation_get_residual_level (PbEvaluation *self)
{
  g_return_val_if_fail (PB_IS_EVALUATION (self), PB_SEVERITY_NONE);

  return self->residual_level;
}

/* The likelihood computed from the <likelihood> factors (1..4). */
guint
pb_evaluation_get_likelihood (PbEvaluation *self)
{
  g_return_val_if_fail (PB_IS_EVALUATION (self), 0);

  return self->likelihood;
}

guint
pb_evaluation_get_n_flags (PbEvaluation *self)
{
  g_return_val_if_fail (PB_IS_EVALUATION (self), 0);

  return self->flags->len;
}

PbFlag *
pb_evaluation_get_flag (PbEvaluation *self,
                        guint         index)
{
  g_return_val_if_fail (PB_IS_EVALUATION (self), NULL);
  g_return_val_if_fail (index < self->flags->len, NULL);

  return &g_array_index (self->flags, PbFlag, index);
}

PbFlag *
pb_evaluation_lookup_flag (PbEvaluation *self,
                           const char   *rule_id)
{
  g_return_val_if_fail (PB_IS_EVALUATION (self), NULL);
  g_return_val_if_fail (rule_id != NULL, NULL);

  for (guint i = 0; i < self->flags->len; i++)
    {
      PbFlag *flag = &g_array_index (self->flags, PbFlag, i);

      if (strcmp (flag->rule->id, rule_id) == 0)
        return flag;
    }

  return NULL;
}

guint
pb_evaluation_count_flags (PbEvaluation *self,
                           PbSeverity    level)
{
  guint n = 0;

  g_return_val_if_fail (PB_IS_EVALUATION (self), 0);

  for (guint i = 0; i < self->flags->len; i++)
    {
      if (g_array_index (self->flags, PbFlag, i).residual_level == level)
        n++;
    }

  return n;
}

guint
pb_evaluation_get_n_assurances (PbEvaluation *self)
{
  g_return_val_if_fail (PB_IS_EVALUATION (self), 0);

  return self->assurances->len;
}

PbRule *
pb_evaluation_get_assurance (PbEvaluation *self,
                             guint         index)
{
  g_return_val_if_fail (PB_IS_EVALUATION (self), NULL);
  g_return_val_if_fail (index < self->assurances->len, NULL);

  return g_ptr_array_index (self->assurances, index);
}

guint
pb_evaluation_get_n_missing (PbEvaluation *self)
{
  g_return_val_if_fail (PB_IS_EVALUATION (self), 0);

  return self->missing->len;
}

PbQuestion *
pb_evaluation_get_missing (PbEvaluation *self,
                           guint         index)
{
  g_return_val_if_fail (PB_IS_EVALUATION (self), NULL);
  g_return_val_if_fail (index < self->missing->len, NULL);

  return g_ptr_array_index (self->missing, index);
}

gboolean
pb_evaluation_is_visible (PbEvaluation *self,
                          PbQuestion   *question)
{
  g_return_val_if_fail (PB_IS_EVALUATION (self), FALSE);
  g_return_val_if_fail (question != NULL, FALSE);
  g_return_val_if_fail (question->index < pb_questionnaire_get_n_questions (self->questionnaire), FALSE);
  g_return_val_if_fail (pb_questionnaire_get_question (self->questionnaire, question->index) == question, FALSE);

  return self->visible[question->index];
}

guint
pb_evaluation_get_n_required (PbEvaluation *self)
{
  g_return_val_if_fail (PB_IS_EVALUATION (self), 0);

  return self->n_required;
}

guint
pb_evaluation_get_n_required_answered (PbEvaluation *self)
{
  g_return_val_if_fail (PB_IS_EVALUATION (self), 0);

  return self->n_required_answered;
}

static void
add_strv_member (JsonBuilder        *builder,
                 const char         *name,
                 const char * const *strv)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_builder_add_string_value (builder, strv[i]);
  json_builder_end_array (builder);
}

/**
 * pb_evaluation_to_json_node:
 * @self: an evaluation
 *
 * The machine-readable result that `probity-cli evaluate --json` prints:
 * the questionnaire (id, version, sha256), outcome, reasons, inherent and
 * residual level, flags, assurances and missing questions.
 *
 * Returns: (transfer full): a JSON object node
 */
JsonNode *
pb_evaluation_to_json_node (PbEvaluation *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (PB_IS_EVALUATION (self), NULL);

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "questionnaire");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, pb_questionnaire_get_id (self->questionnaire));
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, pb_questionnaire_get_version (self->questionnaire));
  json_builder_set_member_name (builder, "sha256");
  json_builder_add_string_value (builder, pb_questionnaire_get_sha256 (self->questionnaire));
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "outcome");
  json_builder_add_string_value (builder, pb_outcome_to_string (self->outcome));
  add_strv_member (builder, "reasons", pb_evaluation_get_reasons (self));
  json_builder_set_member_name (builder, "inherent_level");
  json_builder_add_string_value (builder, pb_severity_to_string (self->inherent_level));
  json_builder_set_member_name (builder, "residual_level");
  json_builder_add_string_value (builder, pb_severity_to_string (self->residual_level));
  json_builder_set_member_name (builder, "likelihood");
  json_builder_add_int_value (builder, self->likelihood);

  json_builder_set_member_name (builder, "flags");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->flags->len; i++)
    {
      PbFlag *flag = &g_array_index (self->flags, PbFlag, i);
      PbRule *rule = flag->rule;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, rule->id);
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, pb_rule_get_title (rule));
      json_builder_set_member_name (builder, "severity");
      json_builder_add_string_value (builder, pb_severity_to_string (flag->severity));
      json_builder_set_member_name (builder, "likelihood");
      json_builder_add_int_value (builder, flag->likelihood);
      json_builder_set_member_name (builder, "residual_likelihood");
      json_builder_add_int_value (builder, flag->residual_likelihood);
      json_builder_set_member_name (builder, "level");
      json_builder_add_string_value (builder, pb_severity_to_string (flag->level));
      json_builder_set_member_name (builder, "residual_level");
      json_builder_add_string_value (builder, pb_severity_to_string (flag->residual_level));
      json_builder_set_member_name (builder, "hard_stop");
      json_builder_add_boolean_value (builder, flag->hard_stop);
      json_builder_set_member_name (builder, "compound");
      json_builder_add_boolean_value (builder, rule->compound);
      json_builder_set_member_name (builder, "mitigated");
      json_builder_add_boolean_value (builder, flag->mitigated);
      json_builder_set_member_name (builder, "from_unknown");
      json_builder_add_boolean_value (builder, flag->from_unknown);
      json_builder_set_member_name (builder, "consult_authority");
      json_builder_add_boolean_value (builder, rule->consult_authority);
      json_builder_set_member_name (builder, "rationale");
      json_builder_add_string_value (builder, pb_rule_get_rationale (rule));
      json_builder_set_member_name (builder, "mitigation");
      json_builder_add_string_value (builder, pb_rule_get_mitigation (rule));
      add_strv_member (builder, "references", pb_rule_get_references (rule));
      add_strv_member (builder, "triggered_by", flag->triggers);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "assurances");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->assurances->len; i++)
    {
      PbRule *rule = g_ptr_array_index (self->assurances, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, rule->id);
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, pb_rule_get_title (rule));
      json_builder_set_member_name (builder, "rationale");
      json_builder_add_string_value (builder, pb_rule_get_rationale (rule));
      add_strv_member (builder, "references", pb_rule_get_references (rule));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "missing");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->missing->len; i++)
    {
      PbQuestion *question = g_ptr_array_index (self->missing, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, question->id);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, pb_question_get_label (question));
      json_builder_set_member_name (builder, "required");
      json_builder_add_boolean_value (builder, question->required);
      json_builder_set_member_name (builder, "gate");
      json_builder_add_boolean_value (builder, question->gate);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Flags ------------------------------------------------------------------ */

PbRule *
pb_flag_get_rule (PbFlag *flag)
{
  g_return_val_if_fail (flag != NULL, NULL);

  return flag->rule;
}

PbSeverity
pb_flag_get_severity (PbFlag *flag)
{
  g_return_val_if_fail (flag != NULL, PB_SEVERITY_NONE);

  return flag->severity;
}

guint
pb_flag_get_likelihood (PbFlag *flag)
{
  g_return_val_if_fail (flag != NULL, 0);

  return flag->likelihood;
}

guint
pb_flag_get_residual_likelihood (PbFlag *flag)
{
  g_return_val_if_fail (flag != NULL, 0);

  return flag->residual_likelihood;
}

PbSeverity
pb_flag_get_level (PbFlag *flag)
{
  g_return_val_if_fail (flag != NULL, PB_SEVERITY_NONE);

  return flag->level;
}

PbSeverity
pb_flag_get_residual_level (PbFlag *flag)
{
  g_return_val_if_fail (flag != NULL, PB_SEVERITY_NONE);

  return flag->residual_level;
}

gboolean
pb_flag_is_from_unknown (PbFlag *flag)
{
  g_return_val_if_fail (flag != NULL, FALSE);

  return flag->from_unknown;
}

gboolean
pb_flag_is_mitigated (PbFlag *flag)
{
  g_return_val_if_fail (flag != NULL, FALSE);

  return flag->mitigated;
}

/* A hard stop in force: the rule is one and it was not raised from an
 * unknown answer (METHOD.md). */
gboolean
pb_flag_is_hard_stop (PbFlag *flag)
{
  g_return_val_if_fail (flag != NULL, FALSE);

  return flag->hard_stop;
}

const char * const *
pb_flag_get_triggers (PbFlag *flag)
{
  g_return_val_if_fail (flag != NULL, NULL);

  return flag->triggers;
}

PbSeverity
pb_risk_matrix_level (PbSeverity severity,
                      guint      likelihood)
{
  g_return_val_if_fail ((guint) severity <= PB_SEVERITY_CRITICAL, PB_SEVERITY_NONE);

  likelihood = CLAMP (likelihood, 1, 4);

  return matrix[severity][likelihood - 1];
}
