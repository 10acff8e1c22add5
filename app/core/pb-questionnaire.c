/* pb-questionnaire.c: the questionnaire object and the accessors of its
 * sections, questions, choices and rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pb-expr.h"
#include "pb-i18n.h"
#include "pb-questionnaire-private.h"

G_DEFINE_FINAL_TYPE (PbQuestionnaire, pb_questionnaire, G_TYPE_OBJECT)

void
_pb_choice_free (PbChoice *choice)
{
  g_free (choice->code);
  g_free (choice->label);
  g_free (choice);
}

void
_pb_rule_free (PbRule *rule)
{
  g_free (rule->id);
  g_free (rule->condition);
  g_clear_pointer (&rule->when, pb_expr_free);
  g_free (rule->mitigated_if);
  /* mitigated_expr is the first of mitigations */
  g_clear_pointer (&rule->mitigations, g_ptr_array_unref);
  g_free (rule->folds);
  g_free (rule->title);
  g_free (rule->rationale);
  g_free (rule->mitigation);
  for (guint i = 0; rule->ref_ifs != NULL && rule->refs[i] != NULL; i++)
    g_clear_pointer (&rule->ref_ifs[i], pb_expr_free);
  g_free (rule->ref_ifs);
  g_strfreev (rule->refs);
  g_free (rule->reads);
  g_free (rule);
}

static void
pb_section_free (PbSection *section)
{
  g_free (section->id);
  g_free (section->title);
  g_free (section->description);
  g_ptr_array_unref (section->questions);
  g_free (section->visible_if);
  g_clear_pointer (&section->visible_expr, pb_expr_free);
  g_clear_pointer (&section->unknown_rule, _pb_rule_free);
  g_free (section);
}

void
_pb_question_free (PbQuestion *question)
{
  g_free (question->id);
  g_free (question->label);
  g_free (question->help);
  g_strfreev (question->refs);
  g_free (question->visible_if);
  g_clear_pointer (&question->visible_expr, pb_expr_free);
  g_ptr_array_unref (question->choices);
  g_clear_pointer (&question->choice_by_code, g_hash_table_unref);
  g_free (question->resolve);
  g_free (question->override_reason_id);
  g_free (question);
}

static void
clear_factor (gpointer data)
{
  PbLikelihoodFactor *factor = data;

  g_clear_pointer (&factor->expr, pb_expr_free);
  g_clear_pointer (&factor->condition, g_free);
  g_clear_pointer (&factor->label, g_free);
  g_clear_pointer (&factor->group, g_free);
}

void
_pb_migration_step_free (PbMigrationStep *step)
{
  g_free (step->from_version);
  g_free (step->from_id);
  g_free (step->to_id);
  g_free (step->note);
  g_free (step->review_if);
  g_clear_pointer (&step->values, g_ptr_array_unref);
  g_free (step);
}

void
_pb_likelihood_profile_free (PbLikelihoodProfile *profile)
{
  g_free (profile->id);
  g_array_unref (profile->factors);
  g_free (profile);
}

PbLikelihoodProfile *
_pb_questionnaire_default_profile (PbQuestionnaire *self)
{
  if (self->profiles->len > 0)
    return g_ptr_array_index (self->profiles, 0);

  return _pb_questionnaire_add_profile (self);
}

PbLikelihoodProfile *
_pb_questionnaire_add_profile (PbQuestionnaire *self)
{
  PbLikelihoodProfile *profile;

  profile = g_new0 (PbLikelihoodProfile, 1);
  profile->base = 1;
  profile->max = 4;
  profile->factors = g_array_new (FALSE, FALSE, sizeof (PbLikelihoodFactor));
  g_array_set_clear_func (profile->factors, clear_factor);
  g_ptr_array_add (self->profiles, profile);

  return profile;
}

static const char *
translate (const char *domain,
           const char *text)
{
  /* The empty msgid is the catalogue header. */
  if (text == NULL || *text == '\0')
    return text;

  return pb_dgettext (domain, text);
}

static void
pb_questionnaire_finalize (GObject *object)
{
  PbQuestionnaire *self = (PbQuestionnaire *)object;

  g_clear_pointer (&self->question_by_id, g_hash_table_unref);
  g_clear_pointer (&self->define_by_id, g_hash_table_unref);
  g_clear_pointer (&self->rule_by_id, g_hash_table_unref);
  g_clear_pointer (&self->section_by_id, g_hash_table_unref);
  g_clear_pointer (&self->rules, g_ptr_array_unref);
  g_clear_pointer (&self->profiles, g_ptr_array_unref);
  g_clear_pointer (&self->migration, g_ptr_array_unref);
  g_clear_pointer (&self->migration_from, g_ptr_array_unref);
  g_clear_pointer (&self->defines, g_ptr_array_unref);
  g_clear_pointer (&self->questions, g_ptr_array_unref);
  g_clear_pointer (&self->sections, g_ptr_array_unref);
  g_clear_pointer (&self->families, g_ptr_array_unref);
  g_clear_pointer (&self->rule_sections, g_free);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->version, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->domain, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->sha256, g_free);

  G_OBJECT_CLASS (pb_questionnaire_parent_class)->finalize (object);
}

static void
pb_questionnaire_class_init (PbQuestionnaireClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_questionnaire_finalize;
}

static void
pb_questionnaire_init (PbQuestionnaire *self)
{
  self->sections = g_ptr_array_new_with_free_func ((GDestroyNotify) pb_section_free);
  self->questions = g_ptr_array_new_with_free_func ((GDestroyNotify) _pb_question_free);
  self->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) _pb_rule_free);
  self->defines = g_ptr_array_new_with_free_func ((GDestroyNotify) pb_expr_free);
  self->profiles = g_ptr_array_new_with_free_func ((GDestroyNotify) _pb_likelihood_profile_free);
  self->migration = g_ptr_array_new_with_free_func ((GDestroyNotify) _pb_migration_step_free);
  self->migration_from = g_ptr_array_new_with_free_func (g_free);
  self->method = 1;
  self->families = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->families, NULL);

  self->question_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->define_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->rule_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->section_by_id = g_hash_table_new (g_str_hash, g_str_equal);
}

const char *
pb_questionnaire_get_id (PbQuestionnaire *self)
{
  g_return_val_if_fail (PB_IS_QUESTIONNAIRE (self), NULL);

  return self->id;
}

const char *
pb_questionnaire_get_version (PbQuestionnaire *self)
{
  g_return_val_if_fail (PB_IS_QUESTIONNAIRE (self), NULL);

  return self->version;
}

const char *
pb_questionnaire_get_title (PbQuestionnaire *self)
{
  g_return_val_if_fail (PB_IS_QUESTIONNAIRE (self), NULL);

  return translate (self->domain, self->title);
}

const char *
pb_questionnaire_get_description (PbQuestionnaire *self)
{
  g_return_val_if_fail (PB_IS_QUESTIONNAIRE (self), NULL);

  return translate (self->domain, self->description);
}

const char * const *
pb_questionnaire_get_families (PbQuestionnaire *self)
{
  g_return_val_if_fail (PB_IS_QUESTIONNAIRE (self), NULL);

  return (const char * const *) self->families->pdata;
}

GBytes *
pb_questionnaire_get_bytes (PbQuestionnaire *self)
{
  g_return_val_if_fail (PB_IS_QUESTIONNAIRE (self), NULL);

  return self->bytes;
}

const char *
pb_questionnaire_get_sha256 (PbQuestionnaire *self)
{
  g_return_val_if_fail (PB_IS_QUESTIONNAIRE (self), NULL);

  return self->sha256;
}

const char *
pb_questionnaire_get_display_name (PbQuestionnaire *self)
{
  g_return_val_if_fail (PB_IS_QUESTIONNAIRE (self), NULL);

  return self->display_name;
}

const char *
pb_questionnaire_get_gettext_domain (PbQuestionnaire *self)
{
  g_return_val_if_fail (PB_IS_QUESTIONNAIRE (self), NULL);

  return self->domain;
}

guint
pb_questionnaire_get_n_sections (PbQuestionnaire *self)
{
  g_return_val_if_fail (PB_IS_QUESTIONNAIRE (self), 0);

  return self->sections->len;
}

PbSection *
pb_questionnaire_get_section (PbQuestionnaire *self,
                              guint            index)
{
  g_return_val_if_fail (PB_IS_QUESTIONNAIRE (self), NULL);
  g_return_val_if_fail (index < self->sections->len, NULL);

  return g_ptr_array_index (self->sections, index);
}

guint
pb_questionnaire_get_n_questions (PbQuestionnaire *self)
{
  g_return_val_if_fail (PB_IS_QUESTIONNAIRE (self), 0);

  return self->questions->len;
}

PbQuestion *
pb_questionnaire_get_question (PbQuestionnaire *self,
                               guint            index)
{
  g_return_val_if_fail (PB_IS_QUESTIONNAIRE (self), NULL);
  g_return_val_if_fail (index < self->questions->len, NULL);

  return g_ptr_array_index (self->questions, index);
}

PbQuestion *
pb_questionnaire_lookup_question (PbQuestionnaire *self,
                                  const char      *question_id)
{
  g_return_val_if_fail (PB_IS_QUESTIONNAIRE (self), NULL);
  g_return_val_if_fail (question_id != NULL, NULL);

  return g_hash_table_lookup (self->question_by_id, question_id);
}

guint
pb_questionnaire_get_n_rules (PbQuestionnaire *self)
{
  g_return_val_if_fail (PB_IS_QUESTIONNAIRE (self), 0);

  return self->rules->len;
}

PbRule *
pb_questionnaire_get_rule (PbQuestionnaire *self,
                           guint            index)
{
  g_return_val_if_fail (PB_IS_QUESTIONNAIRE (self), NULL);
  g_return_val_if_fail (index < self->rules->len, NULL);

  return g_ptr_array_index (self->rules, index);
}

/* Also finds the built-in UNKNOWN-<section> rules. */
PbRule *
pb_questionnaire_lookup_rule (PbQuestionnaire *self,
                              const char      *rule_id)
{
  PbRule *rule;

  g_return_val_if_fail (PB_IS_QUESTIONNAIRE (self), NULL);
  g_return_val_if_fail (rule_id != NULL, NULL);

  rule = g_hash_table_lookup (self->rule_by_id, rule_id);
  if (rule != NULL)
    return rule;

  for (guint i = 0; i < self->sections->len; i++)
    {
      PbSection *section = g_ptr_array_index (self->sections, i);

      if (section->unknown_rule != NULL && strcmp (section->unknown_rule->id, rule_id) == 0)
        return section->unknown_rule;
    }

  return NULL;
}

void
pb_questionnaire_get_likelihood (PbQuestionnaire           *self,
                                 double                    *base,
                                 double                    *max,
                                 const PbLikelihoodFactor **factors,
                                 guint                     *n_factors)
{
  const PbLikelihoodProfile *profile;

  g_return_if_fail (PB_IS_QUESTIONNAIRE (self));

  profile = _pb_questionnaire_default_profile (self);
  *base = profile->base;
  *max = profile->max;
  *factors = (const PbLikelihoodFactor *) (gpointer) profile->factors->data;
  *n_factors = profile->factors->len;
}

guint
pb_questionnaire_get_n_profiles (PbQuestionnaire *self)
{
  g_return_val_if_fail (PB_IS_QUESTIONNAIRE (self), 0);

  return self->profiles->len;
}

const PbLikelihoodProfile *
pb_questionnaire_get_profile (PbQuestionnaire *self,
                              guint            index)
{
  g_return_val_if_fail (PB_IS_QUESTIONNAIRE (self), NULL);
  g_return_val_if_fail (index < self->profiles->len, NULL);

  return g_ptr_array_index (self->profiles, index);
}

const guint *
pb_questionnaire_get_rule_sections (PbQuestionnaire *self)
{
  g_return_val_if_fail (PB_IS_QUESTIONNAIRE (self), NULL);

  return self->rule_sections;
}

/* Sections --------------------------------------------------------------- */

const char *
pb_section_get_id (PbSection *section)
{
  g_return_val_if_fail (section != NULL, NULL);

  return section->id;
}

const char *
pb_section_get_title (PbSection *section)
{
  g_return_val_if_fail (section != NULL, NULL);

  return translate (section->domain, section->title);
}

const char *
pb_section_get_description (PbSection *section)
{
  g_return_val_if_fail (section != NULL, NULL);

  return translate (section->domain, section->description);
}

guint
pb_section_get_index (PbSection *section)
{
  g_return_val_if_fail (section != NULL, 0);

  return section->index;
}

guint
pb_section_get_n_questions (PbSection *section)
{
  g_return_val_if_fail (section != NULL, 0);

  return section->questions->len;
}

PbQuestion *
pb_section_get_question (PbSection *section,
                         guint      index)
{
  g_return_val_if_fail (section != NULL, NULL);
  g_return_val_if_fail (index < section->questions->len, NULL);

  return g_ptr_array_index (section->questions, index);
}

const char *
pb_section_get_visible_if (PbSection *section)
{
  g_return_val_if_fail (section != NULL, NULL);

  return section->visible_if;
}

double
pb_section_get_unknown_threshold (PbSection *section)
{
  g_return_val_if_fail (section != NULL, -1);

  return section->unknown_threshold;
}

/* Questions -------------------------------------------------------------- */

const char *
pb_question_get_id (PbQuestion *question)
{
  g_return_val_if_fail (question != NULL, NULL);

  return question->id;
}

PbQuestionType
pb_question_get_question_type (PbQuestion *question)
{
  g_return_val_if_fail (question != NULL, PB_QUESTION_TEXT);

  return question->type;
}

PbSection *
pb_question_get_section (PbQuestion *question)
{
  g_return_val_if_fail (question != NULL, NULL);

  return question->section;
}

guint
pb_question_get_index (PbQuestion *question)
{
  g_return_val_if_fail (question != NULL, 0);

  return question->index;
}

const char *
pb_question_get_label (PbQuestion *question)
{
  g_return_val_if_fail (question != NULL, NULL);

  return translate (question->domain, question->label);
}

const char *
pb_question_get_help (PbQuestion *question)
{
  g_return_val_if_fail (question != NULL, NULL);

  return translate (question->domain, question->help);
}

const char * const *
pb_question_get_references (PbQuestion *question)
{
  g_return_val_if_fail (question != NULL, NULL);

  return (const char * const *) question->refs;
}

gboolean
pb_question_is_required (PbQuestion *question)
{
  g_return_val_if_fail (question != NULL, FALSE);

  return question->required;
}

gboolean
pb_question_is_gate (PbQuestion *question)
{
  g_return_val_if_fail (question != NULL, FALSE);

  return question->gate;
}

gboolean
pb_question_allows_unknown (PbQuestion *question)
{
  g_return_val_if_fail (question != NULL, FALSE);

  return question->allow_unknown;
}

const char *
pb_question_get_visible_if (PbQuestion *question)
{
  g_return_val_if_fail (question != NULL, NULL);

  return question->visible_if;
}

gboolean
pb_question_get_min (PbQuestion *question,
                     double     *min)
{
  g_return_val_if_fail (question != NULL, FALSE);

  if (question->has_min && min != NULL)
    *min = question->min;

  return question->has_min;
}

gboolean
pb_question_get_max (PbQuestion *question,
                     double     *max)
{
  g_return_val_if_fail (question != NULL, FALSE);

  if (question->has_max && max != NULL)
    *max = question->max;

  return question->has_max;
}

guint
pb_question_get_n_choices (PbQuestion *question)
{
  g_return_val_if_fail (question != NULL, 0);

  return question->choices->len;
}

PbChoice *
pb_question_get_choice (PbQuestion *question,
                        guint       index)
{
  g_return_val_if_fail (question != NULL, NULL);
  g_return_val_if_fail (index < question->choices->len, NULL);

  return g_ptr_array_index (question->choices, index);
}

PbChoice *
pb_question_lookup_choice (PbQuestion *question,
                           const char *code)
{
  g_return_val_if_fail (question != NULL, NULL);
  g_return_val_if_fail (code != NULL, NULL);

  if (question->choice_by_code == NULL)
    return NULL;

  return g_hash_table_lookup (question->choice_by_code, code);
}

/* Choices and rules ------------------------------------------------------- */

const char *
pb_choice_get_code (PbChoice *choice)
{
  g_return_val_if_fail (choice != NULL, NULL);

  return choice->code;
}

const char *
pb_choice_get_label (PbChoice *choice)
{
  g_return_val_if_fail (choice != NULL, NULL);

  return translate (choice->domain, choice->label);
}

static const char *
rule_text (PbRule     *rule,
           const char *text)
{
  return rule->synthetic ? text : translate (rule->domain, text);
}

const char *
pb_rule_get_id (PbRule *rule)
{
  g_return_val_if_fail (rule != NULL, NULL);

  return rule->id;
}

const char *
pb_rule_get_title (PbRule *rule)
{
  g_return_val_if_fail (rule != NULL, NULL);

  return rule_text (rule, rule->title);
}

const char *
pb_rule_get_rationale (PbRule *rule)
{
  g_return_val_if_fail (rule != NULL, NULL);

  return rule_text (rule, rule->rationale);
}

const char *
pb_rule_get_mitigation (PbRule *rule)
{
  g_return_val_if_fail (rule != NULL, NULL);

  return rule_text (rule, rule->mitigation);
}

const char * const *
pb_rule_get_references (PbRule *rule)
{
  g_return_val_if_fail (rule != NULL, NULL);

  return (const char * const *) rule->refs;
}

PbSeverity
pb_rule_get_severity (PbRule *rule)
{
  g_return_val_if_fail (rule != NULL, PB_SEVERITY_NONE);

  return rule->severity;
}

gboolean
pb_rule_is_hard_stop (PbRule *rule)
{
  g_return_val_if_fail (rule != NULL, FALSE);

  return rule->hard_stop;
}

gboolean
pb_rule_is_compound (PbRule *rule)
{
  g_return_val_if_fail (rule != NULL, FALSE);

  return rule->compound;
}

gboolean
pb_rule_is_mitigable (PbRule *rule)
{
  g_return_val_if_fail (rule != NULL, FALSE);

  return rule->mitigable;
}

PbSection *
pb_rule_get_section (PbRule *rule)
{
  g_return_val_if_fail (rule != NULL, NULL);

  return rule->section;
}

const char *
pb_rule_get_condition (PbRule *rule)
{
  g_return_val_if_fail (rule != NULL, NULL);

  return rule->condition;
}

guint
pb_rule_get_index (PbRule *rule)
{
  g_return_val_if_fail (rule != NULL, G_MAXUINT);

  return rule->index;
}

guint
pb_rule_get_likelihood (PbRule *rule)
{
  g_return_val_if_fail (rule != NULL, 0);

  return rule->likelihood;
}

gboolean
pb_rule_is_assurance (PbRule *rule)
{
  g_return_val_if_fail (rule != NULL, FALSE);

  return rule->kind == PB_RULE_KIND_ASSURANCE;
}

gboolean
pb_rule_needs_authority (PbRule *rule)
{
  g_return_val_if_fail (rule != NULL, FALSE);

  return rule->consult_authority;
}

const char *
pb_rule_get_mitigated_if (PbRule *rule)
{
  g_return_val_if_fail (rule != NULL, NULL);

  return rule->mitigated_if;
}

PbRuleKind
pb_rule_get_kind (PbRule *rule)
{
  g_return_val_if_fail (rule != NULL, PB_RULE_KIND_RISK);

  return rule->kind;
}

guint
pb_rule_get_n_mitigations (PbRule *rule)
{
  g_return_val_if_fail (rule != NULL, 0);

  return rule->mitigations != NULL ? rule->mitigations->len : 0;
}

guint
pb_rule_get_n_folds (PbRule *rule)
{
  g_return_val_if_fail (rule != NULL, 0);

  return rule->n_folds;
}

PbRule *
pb_rule_get_fold (PbRule *rule,
                  guint   index)
{
  g_return_val_if_fail (rule != NULL, NULL);
  g_return_val_if_fail (index < rule->n_folds, NULL);

  return rule->folds[index];
}

const char *
pb_rule_get_likelihood_profile (PbRule *rule)
{
  g_return_val_if_fail (rule != NULL, NULL);

  return rule->likelihood != 0 ? NULL : rule->profile_id;
}

const char *
pb_question_get_resolve (PbQuestion *question)
{
  g_return_val_if_fail (question != NULL, NULL);

  return translate (question->domain, question->resolve);
}

PbPrefill
pb_question_get_prefill (PbQuestion *question)
{
  g_return_val_if_fail (question != NULL, PB_PREFILL_NONE);

  return question->prefill;
}

PbQuestion *
pb_question_get_prefill_from (PbQuestion *question)
{
  g_return_val_if_fail (question != NULL, NULL);

  return question->prefill_from;
}

PbQuestion *
pb_question_get_override_reason (PbQuestion *question)
{
  g_return_val_if_fail (question != NULL, NULL);

  return question->override_reason;
}

static const char * const prefill_names[] = {
  [PB_PREFILL_NONE]        = NULL,
  [PB_PREFILL_FIW_STATUS]  = "fiw-status",
  [PB_PREFILL_FOTN_STATUS] = "fotn-status",
  [PB_PREFILL_MEASURES]    = "measures",
  [PB_PREFILL_UNCONFIRMED_MEASURES] = "unconfirmed-measures",
};

const char *
pb_prefill_to_string (PbPrefill prefill)
{
  g_return_val_if_fail ((guint) prefill < G_N_ELEMENTS (prefill_names), NULL);

  return prefill_names[prefill];
}

guint
pb_questionnaire_get_method (PbQuestionnaire *self)
{
  g_return_val_if_fail (PB_IS_QUESTIONNAIRE (self), 1);

  return self->method;
}

gboolean
pb_questionnaire_reads_reference (PbQuestionnaire *self)
{
  g_return_val_if_fail (PB_IS_QUESTIONNAIRE (self), FALSE);

  for (guint i = 0; i < self->questions->len; i++)
    if (((PbQuestion *) g_ptr_array_index (self->questions, i))->prefill != PB_PREFILL_NONE)
      return TRUE;

  return FALSE;
}

PbPurpose
pb_questionnaire_get_purpose (PbQuestionnaire *self)
{
  g_return_val_if_fail (PB_IS_QUESTIONNAIRE (self), PB_PURPOSE_DEAL);

  return self->purpose;
}
