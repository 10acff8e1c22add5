/* pb-evaluation.c: the rating method of questionnaires/METHOD.md
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-i18n.h"
#include <math.h>
#include <string.h>

#include "pb-evaluation.h"
#include "pb-expr.h"
#include "pb-prefill.h"
#include "pb-questionnaire-private.h"

/* A likelihood factor that counted, for the explanation of a flag. */
typedef struct
{
  const PbLikelihoodFactor *factor;
  gboolean                  assumed;   /* undecided, counted as the adverse reading */
} AppliedFactor;

/* The likelihood of one <likelihood> profile. */
typedef struct
{
  guint   value;                       /* counting undecided aggravating factors */
  guint   established;                 /* counting only the factors that hold */
  GArray *applied;                     /* AppliedFactor */
} ProfileResult;

struct _PbFlag
{
  PbRule       *rule;
  PbSeverity    severity;
  guint         likelihood;
  guint         residual_likelihood;
  PbSeverity    level;
  PbSeverity    residual_level;
  PbSeverity    established_level;  /* residual level from established factors only */
  guint         from_unknown : 1;
  guint         mitigated : 1;
  guint         hard_stop : 1;
  guint         folded : 1;         /* taken into another flag, not listed */
  guint         unresolved : 1;     /* method 2: raised from an unknown, not a finding */
  GArray       *applied;            /* AppliedFactor of its profile, not owned; NULL when fixed */
  guint         profile;            /* G_MAXUINT: a fixed likelihood */
  guint         n_mitigations;      /* <mitigated-if> that hold */
  guint         trigger_start;      /* in the evaluation's trigger pool */
  const char  **triggers;           /* points into the pool */
  guint         unknown_start;      /* in the unknown pool */
  const char  **unknowns;           /* the questions answered "unknown" it reads */
  GPtrArray    *folds;              /* PbRule: the flags it took into its own */
  char        **references;         /* the rule's, then those of the reference data it read */
};

struct _PbEvaluation
{
  GObject           parent_instance;

  PbQuestionnaire  *questionnaire;
  PbCountries      *reference;
  PbOutcome         outcome;
  GPtrArray        *reasons;        /* char *, NULL-terminated */
  PbSeverity        inherent_level;
  PbSeverity        residual_level;
  GArray           *flags;          /* PbFlag */
  GPtrArray        *assurances;     /* PbRule */
  GPtrArray        *missing;        /* PbQuestion */
  GArray           *triggers;       /* const char *: every flag's NULL-terminated list */
  GArray           *trigger_questions; /* guint: the question index of each rule trigger */
  GArray           *unknowns;       /* const char *: every flag's NULL-terminated list */
  guint8           *visible;        /* by question index */
  guint8           *overridden;     /* by question index */
  guint8           *screened;       /* by question index: the answer came from the screening */
  PbAnswer        **effective;      /* by question index: the answers that count, owned */
  PbAnswer        **prefilled;      /* by question index: what the reference data says, owned */
  guint             n_questions;
  guint             n_required;
  guint             n_required_answered;
  ProfileResult    *profiles;
  guint             n_profiles;
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
      /* Fewer codes than the question asks for (min="1": an empty
       * selection) is no answer, never "none of these". */
      if (question->has_min && g_strv_length ((char **) pb_answer_get_codes (answer)) < question->min)
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

/* Most decisive first: hard stops, holds, risks by residual level and
 * severity, conditions; then by rule id. */
static int
flag_rank (const PbFlag *flag)
{
  if (flag->hard_stop)
    return 0;
  switch (flag->rule->kind)
    {
    case PB_RULE_KIND_HOLD:      return flag->from_unknown ? 3 : 1;
    case PB_RULE_KIND_CONDITION: return 4;
    case PB_RULE_KIND_RISK:
    case PB_RULE_KIND_ASSURANCE:
    default:                     return flag->from_unknown ? 3 : 2;
    }
}

/* Method 1 ranks by residual level, severity and id only. */
static int
compare_flags (gconstpointer a,
               gconstpointer b,
               gpointer      method2)
{
  const PbFlag *fa = a;
  const PbFlag *fb = b;
  int ra = method2 != NULL ? flag_rank (fa) : 0;
  int rb = method2 != NULL ? flag_rank (fb) : 0;

  if (ra != rb)
    return ra < rb ? -1 : 1;

  if (fa->residual_level != fb->residual_level)
    return fa->residual_level > fb->residual_level ? -1 : 1;

  if (fa->severity != fb->severity)
    return fa->severity > fb->severity ? -1 : 1;

  return strcmp (fa->rule->id, fb->rule->id);
}

static void
mark_pool (PbEvaluation *self,
           guint         pool,
           guint8       *marks)
{
  for (guint i = pool; g_array_index (self->triggers, const char *, i) != NULL; i++)
    marks[g_array_index (self->trigger_questions, guint, i)] = TRUE;
}

/* Appends the ids of the answered questions a flag rests on to the pool, once
 * each and in document order, and returns where they start: the questions
 * @rule reads itself, those that raised the flags it reads (fired(),
 * flag_count(), flag_sections(): why a compound rule fired) and those of the
 * flags it folds. @rule_triggers holds each raised rule's start in the pool,
 * G_MAXUINT for the others; @rules and @marks (one per question, all FALSE)
 * are scratch space, left as they were found. */
static guint
collect_triggers (PbEvaluation           *self,
                  const PbRule           *rule,
                  const PbAnswer * const *answers,
                  const PbExprEnv        *env,
                  const guint            *rule_triggers,
                  GPtrArray              *folds,
                  GArray                 *rules,
                  guint8                 *marks)
{
  guint start = self->triggers->len;
  const char *end = NULL;

  for (guint i = 0; i < rule->n_reads; i++)
    if (answers[rule->reads[i]] != NULL)
      marks[rule->reads[i]] = TRUE;

  /* A condition reads the flags only to know a risk exists: it rests on
   * its own questions. */
  if (pb_expr_reads_flags (rule->when) && rule->kind == PB_RULE_KIND_RISK)
    {
      g_array_set_size (rules, 0);
      pb_expr_collect_rules (rule->when, env, rules);
      for (guint r = 0; r < rules->len; r++)
        {
          guint pool = rule_triggers[g_array_index (rules, guint, r)];

          if (pool != G_MAXUINT)
            mark_pool (self, pool, marks);
        }
    }

  for (guint f = 0; folds != NULL && f < folds->len; f++)
    {
      guint pool = rule_triggers[((PbRule *) g_ptr_array_index (folds, f))->index];

      if (pool != G_MAXUINT)
        mark_pool (self, pool, marks);
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

/* Method 2: question @index is shown, optional and was left unanswered.
 * For a risk rule, skipping an optional question counts as not knowing its
 * answer: a risk must not vanish because a question was skipped (a deal's
 * scale, a refusal before, covert design), while a missing required answer
 * makes the assessment incomplete instead. */
static gboolean
is_gap (PbEvaluation           *self,
        const PbRule           *rule,
        guint                   index,
        const PbAnswer * const *answers)
{
  PbQuestion *question;

  if (self->questionnaire->method < 2 || rule->kind != PB_RULE_KIND_RISK ||
      answers[index] != NULL || !self->visible[index])
    return FALSE;

  question = pb_questionnaire_get_question (self->questionnaire, index);

  return !question->required && !question->gate;
}

/* The questions answered "unknown" (or skipped, is_gap()) among those
 * @rule reads, to the unknown pool; returns where they start. */
static guint
collect_unknowns (PbEvaluation           *self,
                  const PbRule           *rule,
                  const PbAnswer * const *answers)
{
  guint start = self->unknowns->len;
  const char *end = NULL;

  for (guint i = 0; i < rule->n_reads; i++)
    {
      const PbAnswer *answer = answers[rule->reads[i]];

      if ((answer != NULL && pb_answer_is_unknown (answer)) || is_gap (self, rule, rule->reads[i], answers))
        {
          PbQuestion *question = pb_questionnaire_get_question (self->questionnaire, rule->reads[i]);

          g_array_append_val (self->unknowns, question->id);
        }
    }

  g_array_append_val (self->unknowns, end);

  return start;
}

/* The rule reads an answer that is "unknown", or (is_gap()) skipped. */
static gboolean
reads_unresolved (PbEvaluation           *self,
                  const PbRule           *rule,
                  const PbAnswer * const *answers)
{
  for (guint i = 0; i < rule->n_reads; i++)
    {
      const PbAnswer *answer = answers[rule->reads[i]];

      if ((answer != NULL && pb_answer_is_unknown (answer)) || is_gap (self, rule, rule->reads[i], answers))
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
      g_string_append_printf (out, pb_dngettext (GETTEXT_PACKAGE, " and %u more", " and %u more", more), more);
    }

  return g_string_free (out, FALSE);
}

static void
add_reason (PbEvaluation *self,
            char         *reason)
{
  g_ptr_array_insert (self->reasons, self->reasons->len - 1, reason);
}

static gboolean
expr_reads_unknown (const PbExpr    *expr,
                    const PbExprEnv *env)
{
  g_autoptr(GArray) reads = g_array_new (FALSE, FALSE, sizeof (guint));

  pb_expr_collect_questions (expr, reads);
  for (guint i = 0; i < reads->len; i++)
    {
      const PbAnswer *answer = env->answers[g_array_index (reads, guint, i)];

      if (answer != NULL && pb_answer_is_unknown (answer))
        return TRUE;
    }

  return FALSE;
}

/* The position of a single-choice answer among the question's choices,
 * which list a screening question's answers by rising concern; -1 when it
 * is none of them ("unknown"). */
static int
choice_rank (PbQuestion     *question,
             const PbAnswer *answer)
{
  if (answer == NULL || pb_answer_get_kind (answer) != PB_ANSWER_STRING)
    return -1;

  for (guint i = 0; i < pb_question_get_n_choices (question); i++)
    {
      if (g_strcmp0 (pb_choice_get_code (pb_question_get_choice (question, i)), pb_answer_get_string (answer)) == 0)
        return i;
    }

  return -1;
}

/* A question the case's restricted-party screening answers (S2.02a-i)
 * counts the screening's answer, not the seller's word: the seller's answer
 * counts only where it reports more concern (a later choice), so nobody
 * answers "clear" over an open hit, or "unknown" over a screening. */
static void
apply_screening (PbEvaluation   *self,
                 PbQuestion     *question,
                 PbAnswer       *screened,
                 PbAnswer       *answer)
{
  if (screened == NULL || question->type != PB_QUESTION_SINGLE || !answer_fits (question, screened) ||
      choice_rank (question, screened) < 0)
    return;

  if (answer != NULL && choice_rank (question, answer) > choice_rank (question, screened))
    return;

  g_clear_pointer (&self->effective[question->index], pb_answer_unref);
  self->effective[question->index] = pb_answer_ref (screened);
  self->screened[question->index] = TRUE;
}

/* Step 1: which questions are shown, and the answers that count. A
 * prefilled question counts the reference data's answer unless the person
 * reported more concern (pb_prefill_effective_answer()). */
static void
evaluate_visibility (PbEvaluation    *self,
                     PbAnswerSet     *answer_set,
                     PbAnswerSet     *screening,
                     PbExprEnv       *env)
{
  PbQuestionnaire *questionnaire = self->questionnaire;
  gboolean method2 = questionnaire->method >= 2;
  guint n_sections = pb_questionnaire_get_n_sections (questionnaire);

  for (guint s = 0; s < n_sections; s++)
    {
      PbSection *section = pb_questionnaire_get_section (questionnaire, s);
      gboolean section_visible = section->visible_expr == NULL ||
                                 pb_expr_eval (section->visible_expr, env) != PB_TRI_FALSE;

      for (guint i = 0; i < section->questions->len; i++)
        {
          PbQuestion *question = g_ptr_array_index (section->questions, i);
          PbAnswer *answer;
          PbTri visible_tri;
          gboolean visible;

          visible_tri = question->visible_expr != NULL ? pb_expr_eval (question->visible_expr, env) : PB_TRI_TRUE;
          visible = section_visible && visible_tri != PB_TRI_FALSE;

          self->visible[question->index] = visible;
          if (!visible)
            continue;

          answer = answer_set != NULL ? pb_answer_set_lookup (answer_set, question->id) : NULL;
          if (answer != NULL && !answer_fits (question, answer))
            answer = NULL;

          if (question->prefill != PB_PREFILL_NONE)
            {
              gboolean overridden;

              self->prefilled[question->index] =
                pb_prefill_reference_answer (question, self->reference,
                                             self->effective[question->prefill_from->index]);
              self->effective[question->index] =
                pb_prefill_effective_answer (question, self->prefilled[question->index], answer, &overridden);
              self->overridden[question->index] = overridden;
            }
          else if (answer != NULL)
            self->effective[question->index] = pb_answer_ref (answer);

          if (screening != NULL)
            apply_screening (self, question, pb_answer_set_lookup (screening, question->id), answer);

          /* Method 2: a follow-up question shown only because the answer
           * it depends on is "unknown" cannot be required: what it asks
           * is unknown too. */
          if ((question->required || question->gate) &&
              !(method2 && visible_tri == PB_TRI_UNKNOWN &&
                expr_reads_unknown (question->visible_expr, env)))
            {
              self->n_required++;

              if (self->effective[question->index] != NULL)
                self->n_required_answered++;
              else
                g_ptr_array_add (self->missing, question);
            }
        }
    }
}

/* The factor of @factor's group that counts: the most adverse one that
 * holds; when none holds, the most adverse one that might, if it makes
 * things worse. Factors of a group are exclusive states of one fact, so an
 * unknown answer counts as its worst state, once, never as several. */
static gboolean
counts_in_group (const PbLikelihoodProfile *profile,
                 const PbTri               *tris,
                 guint                      index)
{
  const char *group = g_array_index (profile->factors, PbLikelihoodFactor, index).group;
  int chosen = -1;
  gboolean chosen_holds = FALSE;

  for (guint i = 0; i < profile->factors->len; i++)
    {
      const PbLikelihoodFactor *factor = &g_array_index (profile->factors, PbLikelihoodFactor, i);
      gboolean holds = tris[i] == PB_TRI_TRUE;

      if (g_strcmp0 (factor->group, group) != 0 ||
          !(holds || (tris[i] == PB_TRI_UNKNOWN && factor->add > 0)))
        continue;

      if (chosen < 0 || (holds && !chosen_holds) ||
          (holds == chosen_holds && factor->add > g_array_index (profile->factors, PbLikelihoodFactor, chosen).add))
        {
          chosen = i;
          chosen_holds = holds;
        }
    }

  return chosen == (int) index;
}

/* Step 2: for each <likelihood> profile, base plus the factors that hold
 * (or might hold, when they make things worse), one per group, half steps
 * rounded up, capped at max and 4, at least 1. */
static void
evaluate_likelihoods (PbEvaluation    *self,
                      const PbExprEnv *env)
{
  PbQuestionnaire *questionnaire = self->questionnaire;

  _pb_questionnaire_default_profile (questionnaire);
  self->n_profiles = pb_questionnaire_get_n_profiles (questionnaire);
  self->profiles = g_new0 (ProfileResult, self->n_profiles);

  for (guint p = 0; p < self->n_profiles; p++)
    {
      const PbLikelihoodProfile *profile = pb_questionnaire_get_profile (questionnaire, p);
      ProfileResult *result = &self->profiles[p];
      double value = profile->base;
      double established = profile->base;

      g_autofree PbTri *tris = g_new (PbTri, MAX (profile->factors->len, 1));

      result->applied = g_array_new (FALSE, FALSE, sizeof (AppliedFactor));

      for (guint i = 0; i < profile->factors->len; i++)
        tris[i] = pb_expr_eval (g_array_index (profile->factors, PbLikelihoodFactor, i).expr, env);

      for (guint i = 0; i < profile->factors->len; i++)
        {
          const PbLikelihoodFactor *factor = &g_array_index (profile->factors, PbLikelihoodFactor, i);
          PbTri tri = tris[i];

          /* An unknown counts when it makes things worse, never when it helps. */
          if ((tri == PB_TRI_TRUE || (tri == PB_TRI_UNKNOWN && factor->add > 0)) &&
              (factor->group == NULL || counts_in_group (profile, tris, i)))
            {
              AppliedFactor applied = { factor, tri == PB_TRI_UNKNOWN };

              value += factor->add;
              if (tri == PB_TRI_TRUE)
                established += factor->add;
              g_array_append_val (result->applied, applied);
            }
        }

      value = ceil (value - 1e-9);
      established = ceil (established - 1e-9);
      result->value = (guint) CLAMP (value, 1, MIN (profile->max, 4));
      result->established = (guint) CLAMP (established, 1, MIN (profile->max, 4));
    }
}

/* Whether @condition names the choice @code of question @id, as in
 * selected(ID, "code") or any(ID, ["a", "code"]): the quoted code inside a
 * call whose first argument is @id, and not negated ("not selected (...)"
 * names a measure whose absence the rule reads). */
static gboolean
condition_names_choice (const char *condition,
                        const char *id,
                        const char *code)
{
  g_autofree char *quoted = g_strdup_printf ("\"%s\"", code);
  gsize id_len = strlen (id);

  for (const char *at = strstr (condition, quoted); at != NULL; at = strstr (at + 1, quoted))
    {
      const char *open = at;

      /* Back to the "(" of the call the code is an argument of. */
      while (open > condition && *open != '(')
        open--;
      if (*open != '(')
        continue;
      {
        const char *name = open;

        while (name > condition && (g_ascii_isalnum (name[-1]) || name[-1] == '_'))
          name--;
        while (name > condition && name[-1] == ' ')
          name--;
        if (name - condition >= 3 && strncmp (name - 3, "not", 3) == 0 &&
            (name - condition == 3 || !g_ascii_isalnum (name[-4])))
          continue;
      }
      open++;
      while (*open == ' ')
        open++;
      if (strncmp (open, id, id_len) == 0 && (open[id_len] == ',' || open[id_len] == ' '))
        return TRUE;
    }

  return FALSE;
}

/* A rule cites its references, except those whose if="" fails for this
 * deal (a law that does not bind this exporter). A rule that reads a
 * measure of the reference data (a choice of a prefilled measures question
 * that its condition names) cites the act the data gives for it, after its
 * own references. */
static char **
collect_references (PbEvaluation *self,
                    PbRule       *rule,
                    PbExprEnv    *env)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint r = 0; rule->refs[r] != NULL; r++)
    {
      if (rule->ref_ifs != NULL && rule->ref_ifs[r] != NULL &&
          pb_expr_eval (rule->ref_ifs[r], env) == PB_TRI_FALSE)
        continue;
      g_strv_builder_add (builder, rule->refs[r]);
      g_hash_table_add (seen, g_strdup (rule->refs[r]));
    }

  for (guint i = 0; i < rule->n_reads; i++)
    {
      PbQuestion *question = pb_questionnaire_get_question (self->questionnaire, rule->reads[i]);
      PbAnswer *counted = self->effective[question->index];

      if ((question->prefill != PB_PREFILL_MEASURES && question->prefill != PB_PREFILL_UNCONFIRMED_MEASURES) ||
          counted == NULL ||
          pb_answer_get_kind (counted) != PB_ANSWER_CODES)
        continue;

      for (const char * const *code = pb_answer_get_codes (counted); *code != NULL; code++)
        {
          g_autoptr(GPtrArray) refs = NULL;

          if (!condition_names_choice (rule->condition, question->id, *code))
            continue;

          refs = pb_prefill_measure_references (question, self->reference,
                                                self->effective[question->prefill_from->index], *code);
          for (guint r = 0; r < refs->len; r++)
            {
              const char *ref = g_ptr_array_index (refs, r);

              if (g_hash_table_contains (seen, ref))
                continue;
              g_strv_builder_add (builder, ref);
              g_hash_table_add (seen, g_strdup (ref));
            }
        }
    }

  return g_strv_builder_end (builder);
}

static void
fold_flags (PbEvaluation *self,
            PbFlag       *flag)
{
  for (guint f = 0; f < flag->rule->n_folds; f++)
    {
      PbRule *folded = flag->rule->folds[f];

      for (guint i = 0; i < self->flags->len; i++)
        {
          PbFlag *other = &g_array_index (self->flags, PbFlag, i);

          if (other->rule == folded && !other->from_unknown && !other->folded)
            {
              other->folded = TRUE;
              if (flag->folds == NULL)
                flag->folds = g_ptr_array_new ();
              g_ptr_array_add (flag->folds, folded);
            }
        }
    }
}

/* Step 3: the rules, in document order. */
static void
evaluate_rules (PbEvaluation           *self,
                const PbAnswer * const *answers,
                PbExprEnv              *env,
                PbSeverity             *flag_levels,
                guint8                 *flag_unresolved)
{
  PbQuestionnaire *questionnaire = self->questionnaire;
  gboolean method2 = questionnaire->method >= 2;
  guint n_rules = pb_questionnaire_get_n_rules (questionnaire);
  g_autofree guint *rule_triggers = g_new (guint, MAX (n_rules, 1));
  g_autofree guint8 *marks = g_malloc0 (MAX (env->n_answers, 1));
  g_autoptr(GArray) rules = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < n_rules; i++)
    {
      PbRule *rule = pb_questionnaire_get_rule (questionnaire, i);
      PbTri tri = pb_expr_eval (rule->when, env);
      PbFlag flag = { rule, };

      rule_triggers[i] = G_MAXUINT;

      if (tri == PB_TRI_FALSE)
        continue;

      if (rule->kind == PB_RULE_KIND_ASSURANCE)
        {
          if (tri == PB_TRI_TRUE)
            g_ptr_array_add (self->assurances, rule);
          continue;
        }

      /* Undecided only because answers are missing: the missing answers
       * make the assessment incomplete instead. */
      if (tri == PB_TRI_UNKNOWN && !reads_unresolved (self, rule, answers))
        continue;

      flag.from_unknown = tri == PB_TRI_UNKNOWN;
      flag.unresolved = method2 && flag.from_unknown;
      flag.severity = rule->severity;

      /* Method 1 lowered a flag raised from an unknown answer by one step;
       * method 2 keeps it as it would be, but unresolved, never a finding. */
      if (flag.from_unknown && !method2)
        flag.severity = rule->severity - 1;

      if (flag.severity == PB_SEVERITY_NONE)
        continue;

      flag.hard_stop = rule->hard_stop && !flag.from_unknown;
      flag.profile = rule->likelihood != 0 ? G_MAXUINT : rule->profile;
      flag.likelihood = rule->likelihood != 0 ? rule->likelihood : self->profiles[rule->profile].value;
      /* A likelihood that decides nothing is not shown: fixed, or a legal
       * bar or compound rule, whose level is its severity. */
      flag.applied = rule->likelihood != 0 || rule->kind != PB_RULE_KIND_RISK || rule->hard_stop || rule->compound
                     ? NULL : self->profiles[rule->profile].applied;

      if (rule->kind != PB_RULE_KIND_RISK)
        flag.level = PB_SEVERITY_NONE;
      else if (rule->compound || rule->hard_stop)
        flag.level = flag.severity;
      else
        flag.level = pb_risk_matrix_level (flag.severity, flag.likelihood);

      flag.residual_likelihood = flag.likelihood;
      flag.residual_level = flag.level;

      /* Each <mitigated-if> that holds lowers the likelihood one step; the
       * severity never changes (UNGP 14). */
      for (guint m = 0; rule->mitigable && rule->mitigations != NULL && m < rule->mitigations->len; m++)
        if (pb_expr_eval (g_ptr_array_index (rule->mitigations, m), env) == PB_TRI_TRUE)
          flag.n_mitigations++;

      if (flag.n_mitigations > 0)
        {
          flag.mitigated = TRUE;
          flag.residual_likelihood = flag.likelihood > flag.n_mitigations ? flag.likelihood - flag.n_mitigations : 1;
          flag.residual_level = pb_risk_matrix_level (flag.severity, flag.residual_likelihood);
        }

      /* What the level would be on established facts alone: an aggravating
       * factor counted only because its answer is unknown must not turn a
       * flag Critical as if it were a finding (method 2). */
      flag.established_level = flag.residual_level;
      if (rule->kind == PB_RULE_KIND_RISK && rule->likelihood == 0 && !rule->compound && !rule->hard_stop)
        {
          guint established = self->profiles[rule->profile].established;

          established = established > flag.n_mitigations ? established - flag.n_mitigations : 1;
          flag.established_level = pb_risk_matrix_level (flag.severity, established);
        }

      if (!flag.from_unknown)
        fold_flags (self, &flag);

      flag.references = collect_references (self, rule, env);
      flag.trigger_start = collect_triggers (self, rule, answers, env, rule_triggers, flag.folds, rules, marks);
      flag.unknown_start = collect_unknowns (self, rule, answers);
      rule_triggers[i] = flag.trigger_start;

      /* Later rules see risk flags at their level before mitigation: a
       * compound rule is not defused by mitigating the flags it counts. */
      if (rule->kind == PB_RULE_KIND_RISK)
        {
          flag_levels[i] = flag.level;
          flag_unresolved[i] = method2 && flag.from_unknown;
        }
      g_array_append_val (self->flags, flag);
    }
}

/* Method 2: the "unknown" answers that could change the verdict, by
 * question index: those an unresolved flag rests on, and those an assumed
 * likelihood factor reads in a profile that a raised risk flag uses. An
 * unknown that no flag of this deal reads decides nothing, and holding a
 * lawful sale for it would only teach sellers to guess. */
static guint8 *
relevant_unknowns (PbEvaluation           *self,
                   const PbAnswer * const *answers)
{
  guint8 *relevant = g_new0 (guint8, MAX (self->n_questions, 1));
  g_autofree guint8 *profile_used = g_new0 (guint8, MAX (self->n_profiles, 1));
  g_autoptr(GArray) reads = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < self->flags->len; i++)
    {
      const PbFlag *flag = &g_array_index (self->flags, PbFlag, i);

      if (flag->applied != NULL && flag->profile < self->n_profiles)
        profile_used[flag->profile] = TRUE;

      if (!flag->unresolved)
        continue;

      for (guint u = flag->unknown_start; g_array_index (self->unknowns, const char *, u) != NULL; u++)
        {
          PbQuestion *question = pb_questionnaire_lookup_question (self->questionnaire,
                                                                   g_array_index (self->unknowns, const char *, u));

          relevant[question->index] = TRUE;
        }
    }

  for (guint p = 0; p < self->n_profiles; p++)
    {
      GArray *applied = self->profiles[p].applied;

      if (!profile_used[p])
        continue;

      for (guint a = 0; a < applied->len; a++)
        {
          const AppliedFactor *factor = &g_array_index (applied, AppliedFactor, a);

          if (!factor->assumed)
            continue;

          g_array_set_size (reads, 0);
          pb_expr_collect_questions (factor->factor->expr, reads);
          for (guint r = 0; r < reads->len; r++)
            {
              guint q = g_array_index (reads, guint, r);

              if (answers[q] != NULL && pb_answer_is_unknown (answers[q]))
                relevant[q] = TRUE;
            }
        }
    }

  return relevant;
}

/* Step 4: sections where too much is unknown (method 2: too much that
 * matters, relevant_unknowns()). */
static void
evaluate_unknown_thresholds (PbEvaluation           *self,
                             const PbAnswer * const *answers)
{
  PbQuestionnaire *questionnaire = self->questionnaire;
  gboolean method2 = questionnaire->method >= 2;
  guint n_sections = pb_questionnaire_get_n_sections (questionnaire);
  g_autofree guint8 *relevant = method2 ? relevant_unknowns (self, answers) : NULL;

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
          if (pb_answer_is_unknown (answer) && (relevant == NULL || relevant[question->index]))
            n_unknown++;
        }

      if (n_answered == 0 || (double) n_unknown / n_answered <= section->unknown_threshold)
        continue;

      flag.profile = 0;
      flag.severity = PB_SEVERITY_HIGH;
      flag.likelihood = self->profiles[0].value;
      flag.residual_likelihood = flag.likelihood;
      /* Method 2: a hold, the deal waits until the gaps are filled. */
      flag.level = method2 ? PB_SEVERITY_NONE : PB_SEVERITY_HIGH;
      flag.residual_level = flag.level;
      flag.trigger_start = self->triggers->len;
      flag.unknown_start = self->unknowns->len;
      flag.references = g_strdupv (section->unknown_rule->refs);

      for (guint i = 0; i < section->questions->len; i++)
        {
          PbQuestion *question = g_ptr_array_index (section->questions, i);
          const PbAnswer *answer = answers[question->index];

          if (answer != NULL && pb_answer_is_unknown (answer) && (relevant == NULL || relevant[question->index]))
            {
              g_array_append_val (self->triggers, question->id);
              g_array_append_val (self->unknowns, question->id);
            }
        }
      g_array_append_val (self->triggers, (const char *) { NULL });
      g_array_set_size (self->trigger_questions, self->triggers->len);
      g_array_append_val (self->unknowns, (const char *) { NULL });

      g_array_append_val (self->flags, flag);
    }
}

static gboolean
same_strv (const char * const *a,
           const char * const *b)
{
  guint i;

  for (i = 0; a[i] != NULL && b[i] != NULL; i++)
    if (strcmp (a[i], b[i]) != 0)
      return FALSE;

  return a[i] == NULL && b[i] == NULL;
}

/* Each unknown counts once: unresolved flags that rest on exactly the same
 * unknown answers are one thing to find out. The most decisive of them (the
 * flags are sorted) takes the others into itself. */
static void
fold_unresolved (PbEvaluation *self)
{
  for (guint i = 0; i < self->flags->len; i++)
    {
      PbFlag *flag = &g_array_index (self->flags, PbFlag, i);

      if (!flag->unresolved || flag->folded || flag->unknowns[0] == NULL)
        continue;

      for (guint j = i + 1; j < self->flags->len; j++)
        {
          PbFlag *other = &g_array_index (self->flags, PbFlag, j);

          if (other->unresolved && !other->folded && same_strv (flag->unknowns, other->unknowns))
            {
              other->folded = TRUE;
              if (flag->folds == NULL)
                flag->folds = g_ptr_array_new ();
              g_ptr_array_add (flag->folds, other->rule);
            }
        }
    }
}

/* What decides the outcome, collected from the flags. */
typedef struct
{
  GPtrArray *hard_stops;
  GPtrArray *criticals;
  GPtrArray *holds;
  GPtrArray *authority;
  GPtrArray *conditions;
  GPtrArray *highs;
  GPtrArray *mediums;
  GPtrArray *gate_unknowns;
} Findings;

static void
findings_clear (Findings *findings)
{
  g_clear_pointer (&findings->hard_stops, g_ptr_array_unref);
  g_clear_pointer (&findings->criticals, g_ptr_array_unref);
  g_clear_pointer (&findings->holds, g_ptr_array_unref);
  g_clear_pointer (&findings->authority, g_ptr_array_unref);
  g_clear_pointer (&findings->conditions, g_ptr_array_unref);
  g_clear_pointer (&findings->highs, g_ptr_array_unref);
  g_clear_pointer (&findings->mediums, g_ptr_array_unref);
  g_clear_pointer (&findings->gate_unknowns, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Findings, findings_clear)

/* Method 2: an unresolved flag (its condition read an "unknown") is never
 * a finding. It holds the deal when, were it true, it would stop or hold
 * it; it becomes a condition ("resolve before shipping") when it would be
 * High or a condition. */
static void
collect_findings (PbEvaluation           *self,
                  const PbAnswer * const *answers,
                  Findings               *findings)
{
  gboolean method2 = self->questionnaire->method >= 2;

  findings->hard_stops = g_ptr_array_new ();
  findings->criticals = g_ptr_array_new ();
  findings->holds = g_ptr_array_new ();
  findings->authority = g_ptr_array_new ();
  findings->conditions = g_ptr_array_new ();
  findings->highs = g_ptr_array_new ();
  findings->mediums = g_ptr_array_new ();
  findings->gate_unknowns = g_ptr_array_new ();

  for (guint i = 0; i < self->flags->len; i++)
    {
      const PbFlag *flag = &g_array_index (self->flags, PbFlag, i);
      const char *id = flag->rule->id;
      PbRuleKind kind = flag->rule->kind;

      if (flag->folded)
        continue;

      if (method2 && flag->from_unknown)
        {
          if (flag->rule->hard_stop || kind == PB_RULE_KIND_HOLD ||
              flag->residual_level == PB_SEVERITY_CRITICAL)
            g_ptr_array_add (findings->holds, (gpointer) id);
          else if (kind == PB_RULE_KIND_CONDITION || flag->residual_level == PB_SEVERITY_HIGH ||
                   flag->rule->consult_authority)
            g_ptr_array_add (findings->conditions, (gpointer) id);
          continue;
        }

      if (flag->hard_stop)
        g_ptr_array_add (findings->hard_stops, (gpointer) id);
      if (kind == PB_RULE_KIND_HOLD)
        g_ptr_array_add (findings->holds, (gpointer) id);
      if (kind == PB_RULE_KIND_CONDITION)
        g_ptr_array_add (findings->conditions, (gpointer) id);
      /* A legal bar is not a human-rights finding (method 2): it has its
       * own reason, and the Critical human-rights reason names only risks. */
      if (method2 && flag->hard_stop)
        ;
      else if (flag->residual_level == PB_SEVERITY_CRITICAL && method2 &&
               flag->established_level < PB_SEVERITY_CRITICAL)
        g_ptr_array_add (findings->holds, (gpointer) id);
      else if (flag->residual_level == PB_SEVERITY_CRITICAL)
        g_ptr_array_add (findings->criticals, (gpointer) id);
      if (flag->rule->consult_authority)
        g_ptr_array_add (findings->authority, (gpointer) id);
      if (flag->residual_level == PB_SEVERITY_HIGH)
        g_ptr_array_add (findings->highs, (gpointer) id);
      if (flag->residual_level == PB_SEVERITY_MEDIUM)
        g_ptr_array_add (findings->mediums, (gpointer) id);
    }

  for (guint i = 0; i < self->n_questions; i++)
    {
      PbQuestion *question = pb_questionnaire_get_question (self->questionnaire, i);

      if (question->gate && answers[i] != NULL && pb_answer_is_unknown (answers[i]))
        g_ptr_array_add (findings->gate_unknowns, question->id);
    }
}

#define DECIDE(o) G_STMT_START { if (!decided) { self->outcome = (o); decided = TRUE; } } G_STMT_END

static void
decide_missing (PbEvaluation *self,
                gboolean     *decided_out)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autofree char *list = NULL;
  gboolean decided = *decided_out;

  if (self->missing->len == 0)
    return;

  for (guint i = 0; i < self->missing->len; i++)
    g_ptr_array_add (ids, ((PbQuestion *) g_ptr_array_index (self->missing, i))->id);
  list = join_ids (ids);

  DECIDE (PB_OUTCOME_INCOMPLETE);
  /* Translators: a list of question ids */
  add_reason (self, g_strdup_printf (_("Required or gate questions are unanswered (%s): the assessment is incomplete."), list));
  *decided_out = decided;
}

/* Step 5, method 1 (questionnaires of version 1): the first of these that
 * holds decides; every blocking one gives a reason. */
static void
decide_outcome_method1 (PbEvaluation *self,
                        Findings     *f)
{
  gboolean decided = FALSE;

  if (f->hard_stops->len > 0)
    {
      g_autofree char *ids = join_ids (f->hard_stops);

      DECIDE (PB_OUTCOME_DO_NOT_PROCEED);
      /* Translators: a list of rule ids */
      add_reason (self, g_strdup_printf (_("A hard stop applies (%s): the sale must not go ahead whatever else holds."), ids));
    }

  decide_missing (self, &decided);

  if (f->gate_unknowns->len > 0)
    {
      g_autofree char *ids = join_ids (f->gate_unknowns);

      DECIDE (PB_OUTCOME_DO_NOT_PROCEED);
      /* Translators: a list of question ids */
      add_reason (self, g_strdup_printf (_("Gate questions are answered “unknown” (%s): an information gap on a gate question blocks the sale until it is resolved."), ids));
    }

  if (f->criticals->len > 0)
    {
      g_autofree char *ids = join_ids (f->criticals);

      DECIDE (PB_OUTCOME_DO_NOT_PROCEED);
      /* Translators: a list of rule ids */
      add_reason (self, g_strdup_printf (_("The residual risk is Critical (%s)."), ids));
    }

  if (f->authority->len > 0)
    {
      g_autofree char *ids = join_ids (f->authority);

      DECIDE (PB_OUTCOME_CONSULT_AUTHORITY);
      /* Translators: a list of rule ids */
      add_reason (self, g_strdup_printf (_("The competent authority must be consulted before deciding (%s)."), ids));
    }

  /* Conditions explain a proceed outcome; after a blocking one they would
   * contradict it, and the flags are listed anyway. */
  if (f->highs->len > 0 && !decided)
    {
      g_autofree char *ids = join_ids (f->highs);

      DECIDE (PB_OUTCOME_PROCEED_WITH_CONDITIONS);
      /* Translators: a list of rule ids */
      add_reason (self, g_strdup_printf (_("The residual risk is High (%s): proceed only with the recommended mitigations as conditions."), ids));
    }

  if (f->mediums->len >= 3 && !decided)
    {
      g_autofree char *ids = join_ids (f->mediums);

      DECIDE (PB_OUTCOME_PROCEED_WITH_CONDITIONS);
      /* Translators: a number, then a list of rule ids */
      add_reason (self, g_strdup_printf (_("%u flags have a residual risk of Medium (%s): proceed only with the recommended mitigations as conditions."),
                                         f->mediums->len, ids));
    }

  if (!decided)
    {
      DECIDE (PB_OUTCOME_PROCEED);
      add_reason (self, g_strdup (_("No flag has a residual risk above Medium and at most two are Medium.")));
    }
}

/* Step 5, method 2 (METHOD.md): legal bar, incomplete, Critical risk, hold,
 * consult the authority, conditions, proceed. */
static void
decide_outcome_method2 (PbEvaluation *self,
                        Findings     *f)
{
  gboolean decided = FALSE;

  if (f->hard_stops->len > 0)
    {
      g_autofree char *ids = join_ids (f->hard_stops);

      DECIDE (PB_OUTCOME_DO_NOT_PROCEED);
      /* Translators: a list of rule ids */
      add_reason (self, g_strdup_printf (_("A legal bar applies (%s): the sale must not go ahead."), ids));
    }

  decide_missing (self, &decided);

  if (f->criticals->len > 0)
    {
      g_autofree char *ids = join_ids (f->criticals);

      DECIDE (PB_OUTCOME_DO_NOT_PROCEED);
      /* Translators: a list of rule ids */
      add_reason (self, g_strdup_printf (_("The residual human-rights risk is Critical (%s)."), ids));
    }

  if (f->gate_unknowns->len > 0)
    {
      g_autofree char *ids = join_ids (f->gate_unknowns);

      DECIDE (PB_OUTCOME_HOLD);
      /* Translators: a list of question ids */
      add_reason (self, g_strdup_printf (_("Gate questions are answered “unknown” (%s): the deal is on hold until they are established."), ids));
    }

  if (f->holds->len > 0)
    {
      g_autofree char *ids = join_ids (f->holds);

      DECIDE (PB_OUTCOME_HOLD);
      /* Translators: a list of rule ids */
      add_reason (self, g_strdup_printf (_("On hold until resolved (%s): nothing may ship before."), ids));
    }

  if (f->authority->len > 0)
    {
      g_autofree char *ids = join_ids (f->authority);

      DECIDE (PB_OUTCOME_CONSULT_AUTHORITY);
      /* Translators: a list of rule ids */
      add_reason (self, g_strdup_printf (_("The competent authority must be consulted before going further (%s)."), ids));
    }

  if (decided)
    return;

  if (f->highs->len > 0)
    {
      g_autofree char *ids = join_ids (f->highs);

      DECIDE (PB_OUTCOME_PROCEED_WITH_CONDITIONS);
      /* Translators: a list of rule ids */
      add_reason (self, g_strdup_printf (_("The residual risk is High (%s): proceed only with the recommended mitigations as conditions."), ids));
    }

  if (f->mediums->len >= 3)
    {
      g_autofree char *ids = join_ids (f->mediums);

      DECIDE (PB_OUTCOME_PROCEED_WITH_CONDITIONS);
      /* Translators: a number, then a list of rule ids */
      add_reason (self, g_strdup_printf (_("%u flags have a residual risk of Medium (%s): proceed only with the recommended mitigations as conditions."),
                                         f->mediums->len, ids));
    }

  if (f->conditions->len > 0)
    {
      g_autofree char *ids = join_ids (f->conditions);

      DECIDE (PB_OUTCOME_PROCEED_WITH_CONDITIONS);
      /* Translators: a list of rule ids */
      add_reason (self, g_strdup_printf (_("Proceed only under the listed conditions (%s)."), ids));
    }

  if (!decided)
    {
      DECIDE (PB_OUTCOME_PROCEED);
      add_reason (self, g_strdup (_("No flag has a residual risk above Medium, at most two are Medium, and no condition applies.")));
    }
}

#undef DECIDE

static void
pb_evaluation_finalize (GObject *object)
{
  PbEvaluation *self = (PbEvaluation *)object;

  for (guint i = 0; self->flags != NULL && i < self->flags->len; i++)
    {
      g_clear_pointer (&g_array_index (self->flags, PbFlag, i).folds, g_ptr_array_unref);
      g_clear_pointer (&g_array_index (self->flags, PbFlag, i).references, g_strfreev);
    }
  for (guint i = 0; i < self->n_questions; i++)
    {
      g_clear_pointer (&self->effective[i], pb_answer_unref);
      g_clear_pointer (&self->prefilled[i], pb_answer_unref);
    }
  for (guint p = 0; p < self->n_profiles; p++)
    g_clear_pointer (&self->profiles[p].applied, g_array_unref);

  g_clear_pointer (&self->profiles, g_free);
  g_clear_pointer (&self->effective, g_free);
  g_clear_pointer (&self->prefilled, g_free);
  g_clear_pointer (&self->overridden, g_free);
  g_clear_pointer (&self->screened, g_free);
  g_clear_pointer (&self->flags, g_array_unref);
  g_clear_pointer (&self->triggers, g_array_unref);
  g_clear_pointer (&self->trigger_questions, g_array_unref);
  g_clear_pointer (&self->unknowns, g_array_unref);
  g_clear_pointer (&self->reasons, g_ptr_array_unref);
  g_clear_pointer (&self->assurances, g_ptr_array_unref);
  g_clear_pointer (&self->missing, g_ptr_array_unref);
  g_clear_pointer (&self->visible, g_free);
  g_clear_object (&self->reference);
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
  self->unknowns = g_array_sized_new (FALSE, FALSE, sizeof (const char *), 64);
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
 * Applies the rating method of questionnaires/METHOD.md without country
 * reference data: prefilled questions count only what was answered. See
 * pb_evaluate_with_reference().
 *
 * Returns: (transfer full): the evaluation
 */
PbEvaluation *
pb_evaluate (PbQuestionnaire *questionnaire,
             PbAnswerSet     *answers)
{
  return pb_evaluate_with_reference (questionnaire, answers, NULL);
}

/**
 * pb_evaluate_with_reference:
 * @questionnaire: a loaded questionnaire
 * @answers: (nullable): the answers; %NULL rates an empty set
 * @reference: (nullable): the country reference data the prefilled
 *   questions are filled in from
 *
 * Applies the rating method of questionnaires/METHOD.md. Answers to unknown
 * questions, to hidden questions, and answers of a kind that cannot belong
 * to their question are ignored. The result depends on the questionnaire,
 * the answers and the reference data only: no clock, no settings.
 *
 * Returns: (transfer full): the evaluation
 */
PbEvaluation *
pb_evaluate_with_reference (PbQuestionnaire *questionnaire,
                            PbAnswerSet     *answers,
                            PbCountries     *reference)
{
  return pb_evaluate_with_screening (questionnaire, answers, reference, NULL);
}

/**
 * pb_evaluate_with_screening:
 * @questionnaire: a loaded questionnaire
 * @answers: (nullable): the answers; %NULL rates an empty set
 * @reference: (nullable): the country reference data
 * @screening: (nullable): answers the case's restricted-party screening
 *   gives (S2.02a-i: "clear", "possible" for an open hit, "confirmed")
 *
 * As pb_evaluate_with_reference(), with the screening's answers counting
 * instead of the person's for the questions it answers, unless the person
 * reported more concern.
 *
 * Returns: (transfer full): the evaluation
 */
PbEvaluation *
pb_evaluate_with_screening (PbQuestionnaire *questionnaire,
                            PbAnswerSet     *answers,
                            PbCountries     *reference,
                            PbAnswerSet     *screening)
{
  PbEvaluation *self;
  guint n_rules;
  g_autofree PbSeverity *flag_levels = NULL;
  g_autofree guint8 *flag_unresolved = NULL;
  g_auto(Findings) findings = { 0 };
  PbExprEnv env = { 0 };

  g_return_val_if_fail (PB_IS_QUESTIONNAIRE (questionnaire), NULL);
  g_return_val_if_fail (answers == NULL || PB_IS_ANSWER_SET (answers), NULL);
  g_return_val_if_fail (reference == NULL || PB_IS_COUNTRIES (reference), NULL);
  g_return_val_if_fail (screening == NULL || PB_IS_ANSWER_SET (screening), NULL);

  n_rules = pb_questionnaire_get_n_rules (questionnaire);

  self = g_object_new (PB_TYPE_EVALUATION, NULL);
  self->questionnaire = g_object_ref (questionnaire);
  /* Data a questionnaire does not read is not part of its result. */
  self->reference = reference != NULL && pb_questionnaire_reads_reference (questionnaire) ?
                    g_object_ref (reference) : NULL;
  self->n_questions = pb_questionnaire_get_n_questions (questionnaire);
  self->visible = g_new0 (guint8, MAX (self->n_questions, 1));
  self->overridden = g_new0 (guint8, MAX (self->n_questions, 1));
  self->screened = g_new0 (guint8, MAX (self->n_questions, 1));
  self->effective = g_new0 (PbAnswer *, MAX (self->n_questions, 1));
  self->prefilled = g_new0 (PbAnswer *, MAX (self->n_questions, 1));
  flag_levels = g_new0 (PbSeverity, MAX (n_rules, 1));
  flag_unresolved = g_new0 (guint8, MAX (n_rules, 1));

  env.answers = (const PbAnswer * const *) self->effective;
  env.n_answers = self->n_questions;
  env.flag_levels = flag_levels;
  env.flag_unresolved = flag_unresolved;
  env.overridden = self->overridden;
  env.rule_sections = pb_questionnaire_get_rule_sections (questionnaire);
  env.n_rules = n_rules;

  evaluate_visibility (self, answers, screening, &env);
  evaluate_likelihoods (self, &env);
  evaluate_rules (self, env.answers, &env, flag_levels, flag_unresolved);
  evaluate_unknown_thresholds (self, env.answers);

  g_array_sort_with_data (self->flags, compare_flags,
                          questionnaire->method >= 2 ? GINT_TO_POINTER (1) : NULL);

  /* The pools no longer grow: the flags can point into them. */
  for (guint i = 0; i < self->flags->len; i++)
    {
      PbFlag *flag = &g_array_index (self->flags, PbFlag, i);

      flag->triggers = &g_array_index (self->triggers, const char *, flag->trigger_start);
      flag->unknowns = &g_array_index (self->unknowns, const char *, flag->unknown_start);
    }

  fold_unresolved (self);

  /* Folded flags leave the list; the flag that folded them names them. */
  for (guint i = 0; i < self->flags->len; )
    {
      PbFlag *flag = &g_array_index (self->flags, PbFlag, i);

      if (flag->folded)
        {
          g_clear_pointer (&flag->folds, g_ptr_array_unref);
          g_clear_pointer (&flag->references, g_strfreev);
          g_array_remove_index (self->flags, i);
          continue;
        }

      if (!flag->from_unknown || questionnaire->method < 2)
        {
          self->inherent_level = MAX (self->inherent_level, flag->level);
          self->residual_level = MAX (self->residual_level, flag->residual_level);
        }
      i++;
    }

  collect_findings (self, env.answers, &findings);
  if (questionnaire->method >= 2)
    decide_outcome_method2 (self, &findings);
  else
    decide_outcome_method1 (self, &findings);

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

/**
 * pb_evaluation_get_outcome_label:
 *
 * The outcome for people, in the words of the questionnaire's purpose: a
 * company check says "Governance adequate" where a deal says "Proceed".
 *
 * Returns: a translated label
 */
const char *
pb_evaluation_get_outcome_label (PbEvaluation *self)
{
  g_return_val_if_fail (PB_IS_EVALUATION (self), NULL);

  return pb_outcome_get_label_for_purpose (self->outcome, pb_questionnaire_get_purpose (self->questionnaire));
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

  return self->profiles[0].value;
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

static const char * const kind_names[] = {
  [PB_RULE_KIND_RISK]      = "risk",
  [PB_RULE_KIND_ASSURANCE] = "assurance",
  [PB_RULE_KIND_HOLD]      = "hold",
  [PB_RULE_KIND_CONDITION] = "condition",
};

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
  json_builder_set_member_name (builder, "method");
  json_builder_add_int_value (builder, pb_questionnaire_get_method (self->questionnaire));
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "reference_data");
  if (self->reference != NULL)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "version");
      json_builder_add_string_value (builder, pb_countries_get_version (self->reference));
      json_builder_set_member_name (builder, "sha256");
      json_builder_add_string_value (builder, pb_countries_get_sha256 (self->reference));
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "outcome");
  json_builder_add_string_value (builder, pb_outcome_to_string (self->outcome));
  json_builder_set_member_name (builder, "purpose");
  json_builder_add_string_value (builder, pb_purpose_to_string (pb_questionnaire_get_purpose (self->questionnaire)));
  json_builder_set_member_name (builder, "outcome_label");
  json_builder_add_string_value (builder, pb_evaluation_get_outcome_label (self));
  add_strv_member (builder, "reasons", pb_evaluation_get_reasons (self));
  json_builder_set_member_name (builder, "inherent_level");
  json_builder_add_string_value (builder, pb_severity_to_string (self->inherent_level));
  json_builder_set_member_name (builder, "residual_level");
  json_builder_add_string_value (builder, pb_severity_to_string (self->residual_level));
  json_builder_set_member_name (builder, "likelihood");
  json_builder_add_int_value (builder, self->profiles[0].value);

  json_builder_set_member_name (builder, "flags");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->flags->len; i++)
    {
      PbFlag *flag = &g_array_index (self->flags, PbFlag, i);
      PbRule *rule = flag->rule;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, rule->id);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, kind_names[rule->kind]);
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
      json_builder_set_member_name (builder, "unresolved");
      json_builder_add_boolean_value (builder, pb_flag_is_unresolved (flag));
      json_builder_set_member_name (builder, "consult_authority");
      json_builder_add_boolean_value (builder, rule->consult_authority);
      json_builder_set_member_name (builder, "rationale");
      json_builder_add_string_value (builder, pb_rule_get_rationale (rule));
      json_builder_set_member_name (builder, "mitigation");
      json_builder_add_string_value (builder, pb_rule_get_mitigation (rule));
      add_strv_member (builder, "references", (const char * const *) flag->references);
      add_strv_member (builder, "triggered_by", flag->triggers);
      add_strv_member (builder, "unknown", flag->unknowns);
      json_builder_set_member_name (builder, "to_find_out");
      json_builder_begin_array (builder);
      for (guint u = 0; flag->unknowns[u] != NULL; u++)
        {
          PbQuestion *question = pb_questionnaire_lookup_question (self->questionnaire, flag->unknowns[u]);
          const char *resolve = pb_question_get_resolve (question);

          json_builder_add_string_value (builder, resolve != NULL ? resolve : pb_question_get_label (question));
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "folds");
      json_builder_begin_array (builder);
      for (guint f = 0; f < pb_flag_get_n_folds (flag); f++)
        json_builder_add_string_value (builder, pb_rule_get_id (pb_flag_get_fold (flag, f)));
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "mitigations");
      json_builder_add_int_value (builder, flag->n_mitigations);
      json_builder_set_member_name (builder, "likelihood_factors");
      json_builder_begin_array (builder);
      for (guint k = 0; k < pb_flag_get_n_factors (flag); k++)
        {
          double add;
          gboolean assumed;
          const char *condition = pb_flag_get_factor (flag, k, &add, &assumed);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "condition");
          json_builder_add_string_value (builder, condition);
          json_builder_set_member_name (builder, "add");
          json_builder_add_double_value (builder, add);
          json_builder_set_member_name (builder, "assumed");
          json_builder_add_boolean_value (builder, assumed);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "prefilled");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->n_questions; i++)
    {
      PbQuestion *question = pb_questionnaire_get_question (self->questionnaire, i);

      if (question->prefill == PB_PREFILL_NONE || !self->visible[i])
        continue;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, question->id);
      json_builder_set_member_name (builder, "reference");
      if (self->prefilled[i] != NULL)
        json_builder_add_value (builder, pb_answer_to_json_node (self->prefilled[i]));
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "counted");
      if (self->effective[i] != NULL)
        json_builder_add_value (builder, pb_answer_to_json_node (self->effective[i]));
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "overridden");
      json_builder_add_boolean_value (builder, self->overridden[i]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "screened");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->n_questions; i++)
    {
      if (self->screened[i])
        json_builder_add_string_value (builder, pb_questionnaire_get_question (self->questionnaire, i)->id);
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

gboolean
pb_flag_is_condition (PbFlag *flag)
{
  g_return_val_if_fail (flag != NULL, FALSE);

  return flag->rule->kind != PB_RULE_KIND_RISK;
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

/* Added with questionnaire 2.0.0 ----------------------------------------- */

PbCountries *
pb_evaluation_get_reference (PbEvaluation *self)
{
  g_return_val_if_fail (PB_IS_EVALUATION (self), NULL);

  return self->reference;
}

static gboolean
is_own_question (PbEvaluation *self,
                 PbQuestion   *question)
{
  return question != NULL && question->index < self->n_questions &&
         pb_questionnaire_get_question (self->questionnaire, question->index) == question;
}

PbAnswer *
pb_evaluation_get_reference_answer (PbEvaluation *self,
                                    PbQuestion   *question)
{
  g_return_val_if_fail (PB_IS_EVALUATION (self), NULL);
  g_return_val_if_fail (is_own_question (self, question), NULL);

  return self->prefilled[question->index];
}

PbAnswer *
pb_evaluation_get_counted_answer (PbEvaluation *self,
                                  PbQuestion   *question)
{
  g_return_val_if_fail (PB_IS_EVALUATION (self), NULL);
  g_return_val_if_fail (is_own_question (self, question), NULL);

  return self->effective[question->index];
}

gboolean
pb_evaluation_is_screened (PbEvaluation *self,
                           PbQuestion   *question)
{
  g_return_val_if_fail (PB_IS_EVALUATION (self), FALSE);
  g_return_val_if_fail (is_own_question (self, question), FALSE);

  return self->screened[question->index];
}

gboolean
pb_evaluation_is_overridden (PbEvaluation *self,
                             PbQuestion   *question)
{
  g_return_val_if_fail (PB_IS_EVALUATION (self), FALSE);
  g_return_val_if_fail (is_own_question (self, question), FALSE);

  return self->overridden[question->index];
}

guint
pb_evaluation_count_kind (PbEvaluation *self,
                          PbRuleKind    kind)
{
  guint n = 0;

  g_return_val_if_fail (PB_IS_EVALUATION (self), 0);

  for (guint i = 0; i < self->flags->len; i++)
    if (g_array_index (self->flags, PbFlag, i).rule->kind == kind)
      n++;

  return n;
}

gboolean
pb_flag_is_unresolved (PbFlag *flag)
{
  g_return_val_if_fail (flag != NULL, FALSE);

  return flag->unresolved;
}

const char * const *
pb_flag_get_unknowns (PbFlag *flag)
{
  g_return_val_if_fail (flag != NULL, NULL);

  return flag->unknowns;
}

guint
pb_flag_get_n_folds (PbFlag *flag)
{
  g_return_val_if_fail (flag != NULL, 0);

  return flag->folds != NULL ? flag->folds->len : 0;
}

PbRule *
pb_flag_get_fold (PbFlag *flag,
                  guint   index)
{
  g_return_val_if_fail (flag != NULL, NULL);
  g_return_val_if_fail (index < pb_flag_get_n_folds (flag), NULL);

  return g_ptr_array_index (flag->folds, index);
}

guint
pb_flag_get_n_mitigations (PbFlag *flag)
{
  g_return_val_if_fail (flag != NULL, 0);

  return flag->n_mitigations;
}

/* The likelihood factors that counted for the flag, from its profile. The
 * evaluation is found through the profile pointer: flags of a fixed
 * likelihood have none. */
guint
pb_flag_get_n_factors (PbFlag *flag)
{
  g_return_val_if_fail (flag != NULL, 0);

  return flag->applied != NULL ? flag->applied->len : 0;
}

const char *
pb_flag_get_factor (PbFlag   *flag,
                    guint     index,
                    double   *add,
                    gboolean *assumed)
{
  const AppliedFactor *applied;

  g_return_val_if_fail (flag != NULL, NULL);
  g_return_val_if_fail (index < pb_flag_get_n_factors (flag), NULL);

  applied = &g_array_index (flag->applied, AppliedFactor, index);
  if (add != NULL)
    *add = applied->factor->add;
  if (assumed != NULL)
    *assumed = applied->assumed;

  if (applied->factor->label != NULL)
    return pb_dgettext (applied->factor->domain, applied->factor->label);

  return applied->factor->condition;
}

/* The rule's references, then those of the reference data it read (the act
 * and article of a measure recorded for the deployment country). */
const char * const *
pb_flag_get_references (PbFlag *flag)
{
  g_return_val_if_fail (flag != NULL, NULL);

  return (const char * const *) flag->references;
}
