/* pb-report-data.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pb-evaluation.h"
#include "pb-report-data-private.h"

struct _PbReportData
{
  GObject      parent_instance;

  char        *fields[PB_REPORT_N_FIELDS];
  guint        revision;
  PbOutcome    outcome;
  PbSeverity   inherent_level;
  PbSeverity   residual_level;
  PbSeverity   matrix[PB_SEVERITY_CRITICAL + 1][4];

  GPtrArray   *reasons;       /* NULL-terminated */
  GPtrArray   *conditions;    /* NULL-terminated */
  GPtrArray   *sections;      /* PbReportSection */
  GPtrArray   *unanswered;    /* PbReportUnanswered */
  GPtrArray   *flags;         /* PbReportFlag */
  GPtrArray   *signoffs;      /* PbReportSignoff */
  PbReportDecision *decision; /* NULL until decided */
  GPtrArray   *participants;  /* PbReportParticipant */
  GHashTable  *answers_by_id; /* question id -> PbReportAnswer, borrowed */
  PbReportScreening *screening; /* NULL when the case was not screened */
  GPtrArray   *binding_lists; /* PbReportBindingList */
};

G_DEFINE_FINAL_TYPE (PbReportData, pb_report_data, G_TYPE_OBJECT)

static void
evidence_free (gpointer data)
{
  PbReportEvidence *evidence = data;

  g_free (evidence->name);
  g_free (evidence->sha256);
  g_free (evidence);
}

static void
answer_free (gpointer data)
{
  PbReportAnswer *answer = data;

  g_free (answer->question_id);
  g_free (answer->label);
  g_free (answer->answer_text);
  g_free (answer->comment);
  g_ptr_array_unref (answer->evidence);
  g_free (answer);
}

static void
section_free (gpointer data)
{
  PbReportSection *section = data;

  g_free (section->section_id);
  g_free (section->title);
  g_ptr_array_unref (section->answers);
  g_free (section);
}

static void
unanswered_free (gpointer data)
{
  PbReportUnanswered *item = data;

  g_free (item->question_id);
  g_free (item->label);
  g_free (item->section_title);
  g_free (item);
}

static void
flag_free (gpointer data)
{
  PbReportFlag *flag = data;

  g_free (flag->rule_id);
  g_free (flag->title);
  g_free (flag->rationale);
  g_free (flag->mitigation);
  g_strfreev (flag->references);
  g_strfreev (flag->triggers);
  g_free (flag);
}

static void
decision_free (PbReportDecision *decision)
{
  g_free (decision->decision);
  g_free (decision->reason);
  g_free (decision->conditions);
  g_free (decision->override_rationale);
  g_free (decision);
}

static void
participant_free (gpointer data)
{
  PbReportParticipant *participant = data;

  g_free (participant->what);
  g_free (participant->name);
  g_free (participant->role);
  g_free (participant->organisation);
  g_free (participant->date);
  g_free (participant);
}

static void
signoff_free (gpointer data)
{
  PbReportSignoff *signoff = data;

  g_free (signoff->role);
  g_free (signoff->name);
  g_free (signoff->decision);
  g_free (signoff->reason);
  g_free (signoff->conditions);
  g_free (signoff->date);
  g_free (signoff);
}

static GPtrArray *
new_strv_array (void)
{
  GPtrArray *array = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (array, NULL);
  return array;
}

static void
strv_array_add (GPtrArray  *array,
                const char *value)
{
  g_ptr_array_index (array, array->len - 1) = g_strdup (value);
  g_ptr_array_add (array, NULL);
}

static void
hit_free (gpointer data)
{
  PbReportHit *hit = data;

  g_free ((char *) hit->id);
  g_free ((char *) hit->party);
  g_free ((char *) hit->query);
  g_free ((char *) hit->listed_name);
  g_free ((char *) hit->list);
  g_free ((char *) hit->reference);
  g_free ((char *) hit->question_id);
  g_free ((char *) hit->status);
  g_free ((char *) hit->decided_by);
  g_free ((char *) hit->decided_at);
  g_free ((char *) hit->reason);
  g_free ((char *) hit->legal_basis);
  g_free ((char *) hit->adopted_case);
  g_free ((char *) hit->adopted_by);
  g_free ((char *) hit->adopted_at);
  g_free (hit);
}

static void
removed_party_free (gpointer data)
{
  PbReportRemovedParty *party = data;

  g_free (party->party);
  g_free (party->removed_by);
  g_free (party->removed);
  g_free (party->reason);
  g_free (party);
}

static void
binding_list_free (gpointer data)
{
  PbReportBindingList *list = data;

  g_free (list->text);
  g_free (list);
}

static void
screening_free (PbReportScreening *screening)
{
  g_free (screening->time);
  g_free (screening->user);
  g_ptr_array_unref (screening->lists);
  g_ptr_array_unref (screening->parties);
  g_ptr_array_unref (screening->hits);
  g_ptr_array_unref (screening->removed);
  g_free (screening);
}

static void
pb_report_data_finalize (GObject *object)
{
  PbReportData *self = (PbReportData *)object;

  for (guint i = 0; i < PB_REPORT_N_FIELDS; i++)
    g_clear_pointer (&self->fields[i], g_free);
  g_clear_pointer (&self->answers_by_id, g_hash_table_unref);
  g_clear_pointer (&self->reasons, g_ptr_array_unref);
  g_clear_pointer (&self->conditions, g_ptr_array_unref);
  g_clear_pointer (&self->sections, g_ptr_array_unref);
  g_clear_pointer (&self->unanswered, g_ptr_array_unref);
  g_clear_pointer (&self->flags, g_ptr_array_unref);
  g_clear_pointer (&self->signoffs, g_ptr_array_unref);
  g_clear_pointer (&self->decision, decision_free);
  g_clear_pointer (&self->participants, g_ptr_array_unref);
  g_clear_pointer (&self->binding_lists, g_ptr_array_unref);
  g_clear_pointer (&self->screening, screening_free);

  G_OBJECT_CLASS (pb_report_data_parent_class)->finalize (object);
}

static void
pb_report_data_class_init (PbReportDataClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_report_data_finalize;
}

static void
pb_report_data_init (PbReportData *self)
{
  self->outcome = PB_OUTCOME_INCOMPLETE;
  /* The method's matrix, which a caller may override for a template. */
  for (PbSeverity severity = PB_SEVERITY_NONE; severity <= PB_SEVERITY_CRITICAL; severity++)
    for (guint likelihood = 1; likelihood <= 4; likelihood++)
      self->matrix[severity][likelihood - 1] = pb_risk_matrix_level (severity, likelihood);
  self->reasons = new_strv_array ();
  self->conditions = new_strv_array ();
  self->sections = g_ptr_array_new_with_free_func (section_free);
  self->unanswered = g_ptr_array_new_with_free_func (unanswered_free);
  self->flags = g_ptr_array_new_with_free_func (flag_free);
  self->signoffs = g_ptr_array_new_with_free_func (signoff_free);
  self->participants = g_ptr_array_new_with_free_func (participant_free);
  self->answers_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->binding_lists = g_ptr_array_new_with_free_func (binding_list_free);
}

PbReportData *
pb_report_data_new (void)
{
  return g_object_new (PB_TYPE_REPORT_DATA, NULL);
}

void
pb_report_data_set_field (PbReportData  *self,
                          PbReportField  field,
                          const char    *value)
{
  g_return_if_fail (PB_IS_REPORT_DATA (self));
  g_return_if_fail (field < PB_REPORT_N_FIELDS);

  g_free (self->fields[field]);
  self->fields[field] = g_strdup (value);
}

const char *
pb_report_data_get_field (PbReportData  *self,
                          PbReportField  field)
{
  g_return_val_if_fail (PB_IS_REPORT_DATA (self), NULL);
  g_return_val_if_fail (field < PB_REPORT_N_FIELDS, NULL);

  return self->fields[field];
}

void
pb_report_data_set_revision (PbReportData *self,
                             guint         revision)
{
  g_return_if_fail (PB_IS_REPORT_DATA (self));

  self->revision = revision;
}

guint
pb_report_data_get_revision (PbReportData *self)
{
  g_return_val_if_fail (PB_IS_REPORT_DATA (self), 0);

  return self->revision;
}

void
pb_report_data_set_outcome (PbReportData *self,
                            PbOutcome     outcome)
{
  g_return_if_fail (PB_IS_REPORT_DATA (self));
  g_return_if_fail (outcome <= PB_OUTCOME_DO_NOT_PROCEED);

  self->outcome = outcome;
}

PbOutcome
pb_report_data_get_outcome (PbReportData *self)
{
  g_return_val_if_fail (PB_IS_REPORT_DATA (self), PB_OUTCOME_INCOMPLETE);

  return self->outcome;
}

void
pb_report_data_set_levels (PbReportData *self,
                           PbSeverity    inherent,
                           PbSeverity    residual)
{
  g_return_if_fail (PB_IS_REPORT_DATA (self));

  self->inherent_level = inherent;
  self->residual_level = residual;
}

PbSeverity
pb_report_data_get_inherent_level (PbReportData *self)
{
  return self->inherent_level;
}

PbSeverity
pb_report_data_get_residual_level (PbReportData *self)
{
  return self->residual_level;
}

void
pb_report_data_add_reason (PbReportData *self,
                           const char   *reason)
{
  g_return_if_fail (PB_IS_REPORT_DATA (self));
  g_return_if_fail (reason != NULL);

  strv_array_add (self->reasons, reason);
}

void
pb_report_data_add_condition (PbReportData *self,
                              const char   *condition)
{
  g_return_if_fail (PB_IS_REPORT_DATA (self));
  g_return_if_fail (condition != NULL);

  /* The same condition often comes from a flag and a sign-off. */
  for (guint i = 0; i + 1 < self->conditions->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->conditions, i), condition) == 0)
      return;

  strv_array_add (self->conditions, condition);
}

const char * const *
pb_report_data_get_reasons (PbReportData *self)
{
  return (const char * const *) self->reasons->pdata;
}

const char * const *
pb_report_data_get_conditions (PbReportData *self)
{
  return (const char * const *) self->conditions->pdata;
}

void
pb_report_data_set_matrix_level (PbReportData *self,
                                 PbSeverity    severity,
                                 guint         likelihood,
                                 PbSeverity    level)
{
  g_return_if_fail (PB_IS_REPORT_DATA (self));
  g_return_if_fail (severity <= PB_SEVERITY_CRITICAL);
  g_return_if_fail (likelihood >= 1 && likelihood <= 4);

  self->matrix[severity][likelihood - 1] = level;
}

PbSeverity
pb_report_data_get_matrix_level (PbReportData *self,
                                 PbSeverity    severity,
                                 guint         likelihood)
{
  g_return_val_if_fail (PB_IS_REPORT_DATA (self), PB_SEVERITY_NONE);
  g_return_val_if_fail (severity <= PB_SEVERITY_CRITICAL, PB_SEVERITY_NONE);
  g_return_val_if_fail (likelihood >= 1 && likelihood <= 4, PB_SEVERITY_NONE);

  return self->matrix[severity][likelihood - 1];
}

void
pb_report_data_add_section (PbReportData *self,
                            const char   *section_id,
                            const char   *title)
{
  PbReportSection *section;

  g_return_if_fail (PB_IS_REPORT_DATA (self));
  g_return_if_fail (section_id != NULL);

  section = g_new0 (PbReportSection, 1);
  section->section_id = g_strdup (section_id);
  section->title = g_strdup (title != NULL ? title : section_id);
  section->answers = g_ptr_array_new_with_free_func (answer_free);
  g_ptr_array_add (self->sections, section);
}

void
pb_report_data_add_answer (PbReportData *self,
                           const char   *question_id,
                           const char   *label,
                           const char   *answer_text,
                           const char   *comment)
{
  PbReportSection *section;
  PbReportAnswer *answer;

  g_return_if_fail (PB_IS_REPORT_DATA (self));
  g_return_if_fail (question_id != NULL);
  g_return_if_fail (answer_text != NULL);

  if (self->sections->len == 0)
    pb_report_data_add_section (self, "", NULL);
  section = g_ptr_array_index (self->sections, self->sections->len - 1);

  answer = g_new0 (PbReportAnswer, 1);
  answer->question_id = g_strdup (question_id);
  answer->label = g_strdup (label != NULL ? label : question_id);
  answer->answer_text = g_strdup (answer_text);
  answer->comment = (comment != NULL && *comment != '\0') ? g_strdup (comment) : NULL;
  answer->evidence = g_ptr_array_new_with_free_func (evidence_free);
  g_ptr_array_add (section->answers, answer);
  g_hash_table_replace (self->answers_by_id, answer->question_id, answer);
}

gboolean
pb_report_data_add_evidence (PbReportData *self,
                             const char   *question_id,
                             const char   *name,
                             guint64       size,
                             const char   *sha256)
{
  PbReportAnswer *answer;
  PbReportEvidence *evidence;

  g_return_val_if_fail (PB_IS_REPORT_DATA (self), FALSE);
  g_return_val_if_fail (question_id != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  answer = g_hash_table_lookup (self->answers_by_id, question_id);
  if (answer == NULL)
    return FALSE;

  evidence = g_new0 (PbReportEvidence, 1);
  evidence->name = g_strdup (name);
  evidence->size = size;
  evidence->sha256 = g_strdup (sha256 != NULL ? sha256 : "");
  g_ptr_array_add (answer->evidence, evidence);

  return TRUE;
}

void
pb_report_data_add_unanswered (PbReportData *self,
                               const char   *question_id,
                               const char   *label,
                               const char   *section_title)
{
  PbReportUnanswered *item;

  g_return_if_fail (PB_IS_REPORT_DATA (self));
  g_return_if_fail (question_id != NULL);

  item = g_new0 (PbReportUnanswered, 1);
  item->question_id = g_strdup (question_id);
  item->label = g_strdup (label != NULL ? label : question_id);
  item->section_title = g_strdup (section_title);
  g_ptr_array_add (self->unanswered, item);
}

void
pb_report_data_add_flag (PbReportData       *self,
                         const char         *rule_id,
                         const char         *title,
                         PbSeverity          severity,
                         guint               likelihood,
                         guint               residual_likelihood,
                         PbSeverity          residual_level,
                         gboolean            hard_stop,
                         const char         *rationale,
                         const char         *mitigation,
                         const char * const *references,
                         const char * const *triggers)
{
  PbReportFlag *flag;

  g_return_if_fail (PB_IS_REPORT_DATA (self));
  g_return_if_fail (rule_id != NULL);
  g_return_if_fail (severity <= PB_SEVERITY_CRITICAL);
  g_return_if_fail (residual_level <= PB_SEVERITY_CRITICAL);

  flag = g_new0 (PbReportFlag, 1);
  flag->rule_id = g_strdup (rule_id);
  flag->title = g_strdup (title != NULL ? title : rule_id);
  flag->severity = severity;
  flag->likelihood = CLAMP (likelihood, 1, 4);
  flag->residual_likelihood = CLAMP (residual_likelihood, 1, 4);
  flag->residual_level = residual_level;
  flag->hard_stop = hard_stop;
  flag->rationale = g_strdup (rationale);
  flag->mitigation = g_strdup (mitigation);
  flag->references = g_strdupv ((char **) references);
  flag->triggers = g_strdupv ((char **) triggers);
  g_ptr_array_add (self->flags, flag);
}

void
pb_report_data_add_signoff (PbReportData *self,
                            const char   *role,
                            const char   *name,
                            const char   *decision,
                            const char   *reason,
                            const char   *conditions,
                            const char   *date)
{
  PbReportSignoff *signoff;

  g_return_if_fail (PB_IS_REPORT_DATA (self));
  g_return_if_fail (role != NULL);

  signoff = g_new0 (PbReportSignoff, 1);
  signoff->role = g_strdup (role);
  signoff->name = g_strdup (name);
  signoff->decision = g_strdup (decision);
  signoff->reason = g_strdup (reason);
  signoff->conditions = g_strdup (conditions);
  signoff->date = g_strdup (date);
  g_ptr_array_add (self->signoffs, signoff);
}

void
pb_report_data_set_decision (PbReportData *self,
                             const char   *decision,
                             gboolean      pending,
                             const char   *reason,
                             const char   *conditions,
                             const char   *override_rationale)
{
  g_return_if_fail (PB_IS_REPORT_DATA (self));
  g_return_if_fail (decision != NULL);

  g_clear_pointer (&self->decision, decision_free);
  self->decision = g_new0 (PbReportDecision, 1);
  self->decision->decision = g_strdup (decision);
  self->decision->pending = pending;
  self->decision->reason = g_strdup (reason);
  self->decision->conditions = g_strdup (conditions);
  self->decision->override_rationale = g_strdup (override_rationale);
}

void
pb_report_data_add_participant (PbReportData *self,
                                const char   *what,
                                const char   *name,
                                const char   *role,
                                const char   *organisation,
                                const char   *date)
{
  PbReportParticipant *participant;

  g_return_if_fail (PB_IS_REPORT_DATA (self));
  g_return_if_fail (what != NULL);

  participant = g_new0 (PbReportParticipant, 1);
  participant->what = g_strdup (what);
  participant->name = g_strdup (name);
  participant->role = g_strdup (role);
  participant->organisation = g_strdup (organisation);
  participant->date = g_strdup (date);
  g_ptr_array_add (self->participants, participant);
}

const PbReportDecision *
pb_report_data_get_decision (PbReportData *self)
{
  return self->decision;
}

GPtrArray *
pb_report_data_get_participants (PbReportData *self)
{
  return self->participants;
}

guint
pb_report_data_get_n_answers (PbReportData *self)
{
  g_return_val_if_fail (PB_IS_REPORT_DATA (self), 0);

  return g_hash_table_size (self->answers_by_id);
}

guint
pb_report_data_get_n_flags (PbReportData *self)
{
  g_return_val_if_fail (PB_IS_REPORT_DATA (self), 0);

  return self->flags->len;
}

guint
pb_report_data_count_flags (PbReportData *self,
                            PbSeverity    residual_level)
{
  guint count = 0;

  g_return_val_if_fail (PB_IS_REPORT_DATA (self), 0);

  for (guint i = 0; i < self->flags->len; i++)
    {
      PbReportFlag *flag = g_ptr_array_index (self->flags, i);

      if (flag->residual_level == residual_level)
        count++;
    }

  return count;
}

GPtrArray *
pb_report_data_get_sections (PbReportData *self)
{
  return self->sections;
}

GPtrArray *
pb_report_data_get_flags (PbReportData *self)
{
  return self->flags;
}

GPtrArray *
pb_report_data_get_unanswered (PbReportData *self)
{
  return self->unanswered;
}

GPtrArray *
pb_report_data_get_signoffs (PbReportData *self)
{
  return self->signoffs;
}

PbReportAnswer *
pb_report_data_lookup_answer (PbReportData *self,
                              const char   *question_id)
{
  return g_hash_table_lookup (self->answers_by_id, question_id);
}

static void
visit (const char *text,
       GFunc       func,
       gpointer    user_data)
{
  if (text != NULL)
    func ((gpointer) text, user_data);
}

static void
visit_all (const char * const *texts,
           GFunc               func,
           gpointer            user_data)
{
  for (guint i = 0; texts != NULL && texts[i] != NULL; i++)
    func ((gpointer) texts[i], user_data);
}

void
pb_report_data_foreach_text (PbReportData *self,
                             GFunc         func,
                             gpointer      user_data)
{
  g_return_if_fail (PB_IS_REPORT_DATA (self));
  g_return_if_fail (func != NULL);

  for (guint i = 0; i < PB_REPORT_N_FIELDS; i++)
    visit (self->fields[i], func, user_data);
  visit_all ((const char * const *) self->reasons->pdata, func, user_data);
  visit_all ((const char * const *) self->conditions->pdata, func, user_data);

  for (guint s = 0; s < self->sections->len; s++)
    {
      PbReportSection *section = g_ptr_array_index (self->sections, s);

      visit (section->section_id, func, user_data);
      visit (section->title, func, user_data);
      for (guint i = 0; i < section->answers->len; i++)
        {
          PbReportAnswer *answer = g_ptr_array_index (section->answers, i);

          visit (answer->question_id, func, user_data);
          visit (answer->label, func, user_data);
          visit (answer->answer_text, func, user_data);
          visit (answer->comment, func, user_data);
          for (guint e = 0; e < answer->evidence->len; e++)
            {
              PbReportEvidence *evidence = g_ptr_array_index (answer->evidence, e);

              visit (evidence->name, func, user_data);
              visit (evidence->sha256, func, user_data);
            }
        }
    }

  for (guint i = 0; i < self->flags->len; i++)
    {
      PbReportFlag *flag = g_ptr_array_index (self->flags, i);

      visit (flag->rule_id, func, user_data);
      visit (flag->title, func, user_data);
      visit (flag->rationale, func, user_data);
      visit (flag->mitigation, func, user_data);
      visit_all ((const char * const *) flag->references, func, user_data);
      visit_all ((const char * const *) flag->triggers, func, user_data);
    }

  for (guint i = 0; i < self->unanswered->len; i++)
    {
      PbReportUnanswered *item = g_ptr_array_index (self->unanswered, i);

      visit (item->question_id, func, user_data);
      visit (item->label, func, user_data);
      visit (item->section_title, func, user_data);
    }

  for (guint i = 0; i < self->signoffs->len; i++)
    {
      PbReportSignoff *signoff = g_ptr_array_index (self->signoffs, i);

      visit (signoff->role, func, user_data);
      visit (signoff->name, func, user_data);
      visit (signoff->decision, func, user_data);
      visit (signoff->reason, func, user_data);
      visit (signoff->conditions, func, user_data);
      visit (signoff->date, func, user_data);
    }

  if (self->decision != NULL)
    {
      visit (self->decision->decision, func, user_data);
      visit (self->decision->reason, func, user_data);
      visit (self->decision->conditions, func, user_data);
      visit (self->decision->override_rationale, func, user_data);
    }
  for (guint i = 0; i < self->participants->len; i++)
    {
      PbReportParticipant *participant = g_ptr_array_index (self->participants, i);

      visit (participant->what, func, user_data);
      visit (participant->name, func, user_data);
      visit (participant->role, func, user_data);
      visit (participant->organisation, func, user_data);
      visit (participant->date, func, user_data);
    }
  for (guint i = 0; i < self->binding_lists->len; i++)
    visit (((PbReportBindingList *) g_ptr_array_index (self->binding_lists, i))->text, func, user_data);
  if (self->screening != NULL)
    {
      visit (self->screening->time, func, user_data);
      visit (self->screening->user, func, user_data);
      visit_all ((const char * const *) self->screening->lists->pdata, func, user_data);
      visit_all ((const char * const *) self->screening->parties->pdata, func, user_data);
      for (guint i = 0; i < self->screening->hits->len; i++)
        {
          PbReportHit *hit = g_ptr_array_index (self->screening->hits, i);

          visit (hit->id, func, user_data);
          visit (hit->party, func, user_data);
          visit (hit->query, func, user_data);
          visit (hit->listed_name, func, user_data);
          visit (hit->list, func, user_data);
          visit (hit->reference, func, user_data);
          visit (hit->question_id, func, user_data);
          visit (hit->status, func, user_data);
          visit (hit->decided_by, func, user_data);
          visit (hit->decided_at, func, user_data);
          visit (hit->reason, func, user_data);
          visit (hit->legal_basis, func, user_data);
          visit (hit->adopted_case, func, user_data);
          visit (hit->adopted_by, func, user_data);
          visit (hit->adopted_at, func, user_data);
        }
      for (guint i = 0; i < self->screening->removed->len; i++)
        {
          PbReportRemovedParty *party = g_ptr_array_index (self->screening->removed, i);

          visit (party->party, func, user_data);
          visit (party->removed_by, func, user_data);
          visit (party->removed, func, user_data);
          visit (party->reason, func, user_data);
        }
    }
}

void
pb_report_data_set_screening (PbReportData *self,
                              const char   *time,
                              const char   *user,
                              gboolean      stale)
{
  g_return_if_fail (PB_IS_REPORT_DATA (self));

  if (self->screening == NULL)
    {
      self->screening = g_new0 (PbReportScreening, 1);
      /* NULL-terminated: pb_report_data_foreach_text() walks them so. */
      self->screening->lists = g_ptr_array_new_null_terminated (0, g_free, TRUE);
      self->screening->parties = g_ptr_array_new_null_terminated (0, g_free, TRUE);
      self->screening->hits = g_ptr_array_new_with_free_func (hit_free);
      self->screening->removed = g_ptr_array_new_with_free_func (removed_party_free);
    }
  g_free (self->screening->time);
  self->screening->time = g_strdup (time);
  g_free (self->screening->user);
  self->screening->user = g_strdup (user);
  self->screening->stale = stale;
}

void
pb_report_data_add_screened_list (PbReportData *self,
                                  const char   *list,
                                  const char   *publisher,
                                  const char   *published,
                                  const char   *sha256,
                                  guint         n_entries)
{
  g_return_if_fail (PB_IS_REPORT_DATA (self));
  g_return_if_fail (self->screening != NULL);

  /* Translators: a list id, its publisher, the publication date, a number of entries, then a SHA-256 */
  g_ptr_array_add (self->screening->lists,
                   g_strdup_printf (_("%s (%s), published %s, %u entries, SHA-256 %s"), list, publisher ? publisher : "",
                                    published != NULL ? published : _("on no stated date"), n_entries, sha256 ? sha256 : ""));
}

void
pb_report_data_add_screened_party (PbReportData *self,
                                   const char   *text)
{
  g_return_if_fail (PB_IS_REPORT_DATA (self));
  g_return_if_fail (self->screening != NULL);

  g_ptr_array_add (self->screening->parties, g_strdup (text));
}

void
pb_report_data_add_removed_party (PbReportData *self,
                                  const char   *party,
                                  const char   *removed_by,
                                  const char   *removed,
                                  const char   *reason)
{
  PbReportRemovedParty *item;

  g_return_if_fail (PB_IS_REPORT_DATA (self));
  g_return_if_fail (self->screening != NULL && party != NULL);

  item = g_new0 (PbReportRemovedParty, 1);
  item->party = g_strdup (party);
  item->removed_by = g_strdup (removed_by);
  item->removed = g_strdup (removed);
  item->reason = g_strdup (reason);
  g_ptr_array_add (self->screening->removed, item);
}

void
pb_report_data_add_screening_hit (PbReportData      *self,
                                  const PbReportHit *hit)
{
  PbReportHit *copy;

  g_return_if_fail (PB_IS_REPORT_DATA (self));
  g_return_if_fail (self->screening != NULL && hit != NULL);

  copy = g_new0 (PbReportHit, 1);
  copy->id = g_strdup (hit->id);
  copy->party = g_strdup (hit->party);
  copy->query = g_strdup (hit->query);
  copy->listed_name = g_strdup (hit->listed_name);
  copy->list = g_strdup (hit->list);
  copy->reference = g_strdup (hit->reference);
  copy->question_id = g_strdup (hit->question_id);
  copy->score = hit->score;
  copy->status = g_strdup (hit->status);
  copy->decided_by = g_strdup (hit->decided_by);
  copy->decided_at = g_strdup (hit->decided_at);
  copy->reason = g_strdup (hit->reason);
  copy->legal_basis = g_strdup (hit->legal_basis);
  copy->adopted_case = g_strdup (hit->adopted_case);
  copy->adopted_by = g_strdup (hit->adopted_by);
  copy->adopted_at = g_strdup (hit->adopted_at);
  g_ptr_array_add (self->screening->hits, copy);
}

void
pb_report_data_add_binding_list (PbReportData *self,
                                 const char   *question_id,
                                 const char   *label,
                                 const char   *state,
                                 gboolean      verified)
{
  PbReportBindingList *list;

  g_return_if_fail (PB_IS_REPORT_DATA (self));
  g_return_if_fail (question_id != NULL && label != NULL && state != NULL);

  list = g_new0 (PbReportBindingList, 1);
  /* Translators: a question id, its label, then how the screening stands on it */
  list->text = g_strdup_printf (_("%s  %s: %s"), question_id, label, state);
  list->verified = verified;
  g_ptr_array_add (self->binding_lists, list);
}

GPtrArray *
pb_report_data_get_binding_lists (PbReportData *self)
{
  g_return_val_if_fail (PB_IS_REPORT_DATA (self), NULL);

  return self->binding_lists;
}

PbReportScreening *
pb_report_data_get_screening (PbReportData *self)
{
  g_return_val_if_fail (PB_IS_REPORT_DATA (self), NULL);

  return self->screening;
}
