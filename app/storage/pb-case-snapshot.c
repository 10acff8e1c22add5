/* pb-case-snapshot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-case-screening.h"
#include "pb-case-snapshot.h"
#include "pb-storage-private.h"

struct _PbCaseSnapshot
{
  GObject          parent_instance;

  PbCaseInfo      *info;
  PbQuestionnaire *questionnaire;
  PbAnswerSet     *answers;
  PbEvaluation    *evaluation;
  GListModel      *answer_records;
  GListModel      *evidence;
  GListModel      *sign_offs;
  PbDecision      *decision;
  PbCaseScreening *screening;
  char            *answers_fingerprint;
  char            *history_head;
  char            *withdrawn_by;     /* the questionnaire's approval, on a server */
  char           **authors;          /* who wrote the revision's answers or evidence */
  char            *withdrawn;
  char            *withdrawn_reason;
  guint            revision;
  guint            n_events;
  PbCaseStatus     status;
  gboolean         sealed;
  gboolean         reference_foreign;
};

G_DEFINE_FINAL_TYPE (PbCaseSnapshot, pb_case_snapshot, G_TYPE_OBJECT)

static void
pb_case_snapshot_finalize (GObject *object)
{
  PbCaseSnapshot *self = (PbCaseSnapshot *)object;

  g_clear_object (&self->info);
  g_clear_object (&self->questionnaire);
  g_clear_object (&self->answers);
  g_clear_object (&self->evaluation);
  g_clear_object (&self->answer_records);
  g_clear_object (&self->evidence);
  g_clear_object (&self->sign_offs);
  g_clear_object (&self->decision);
  g_clear_pointer (&self->screening, pb_case_screening_free);
  g_clear_pointer (&self->answers_fingerprint, g_free);
  g_clear_pointer (&self->history_head, g_free);
  g_clear_pointer (&self->withdrawn_by, g_free);
  g_clear_pointer (&self->authors, g_strfreev);
  g_clear_pointer (&self->withdrawn, g_free);
  g_clear_pointer (&self->withdrawn_reason, g_free);

  G_OBJECT_CLASS (pb_case_snapshot_parent_class)->finalize (object);
}

static void
pb_case_snapshot_class_init (PbCaseSnapshotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_case_snapshot_finalize;
}

static void
pb_case_snapshot_init (PbCaseSnapshot *self)
{
}

/* Takes every reference it is given but @reference (may be NULL), which
 * the evaluation keeps; computes the evaluation with it. */
PbCaseSnapshot *
_pb_case_snapshot_new (PbCaseInfo      *info,
                       guint            revision,
                       PbCaseStatus     status,
                       gboolean         sealed,
                       PbQuestionnaire *questionnaire,
                       PbAnswerSet     *answers,
                       PbCountries     *reference,
                       GListModel      *answer_records,
                       GListModel      *evidence,
                       GListModel      *sign_offs,
                       PbDecision      *decision,
                       char            *answers_fingerprint,
                       char            *history_head,
                       guint            n_events,
                       PbCaseScreening *screening)
{
  PbCaseSnapshot *self = g_object_new (PB_TYPE_CASE_SNAPSHOT, NULL);
  g_autoptr(PbAnswerSet) facts = screening != NULL ? pb_case_screening_get_facts (screening, answers) : NULL;

  self->info = info;
  self->revision = revision;
  self->status = status;
  self->sealed = sealed;
  self->questionnaire = questionnaire;
  self->answers = answers;
  self->evaluation = pb_evaluate_with_screening (questionnaire, answers, reference, facts);
  self->screening = screening;
  self->answer_records = answer_records;
  self->evidence = evidence;
  self->sign_offs = sign_offs;
  self->decision = decision;
  self->answers_fingerprint = answers_fingerprint;
  self->history_head = history_head;
  self->n_events = n_events;

  return self;
}

PbCaseInfo *
pb_case_snapshot_get_info (PbCaseSnapshot *self)
{
  g_return_val_if_fail (PB_IS_CASE_SNAPSHOT (self), NULL);

  return self->info;
}

const char *
pb_case_snapshot_get_case_id (PbCaseSnapshot *self)
{
  g_return_val_if_fail (PB_IS_CASE_SNAPSHOT (self), NULL);

  return pb_case_info_get_id (self->info);
}

guint
pb_case_snapshot_get_revision (PbCaseSnapshot *self)
{
  g_return_val_if_fail (PB_IS_CASE_SNAPSHOT (self), 0);

  return self->revision;
}

PbCaseStatus
pb_case_snapshot_get_status (PbCaseSnapshot *self)
{
  g_return_val_if_fail (PB_IS_CASE_SNAPSHOT (self), PB_CASE_STATUS_DRAFT);

  return self->status;
}

gboolean
pb_case_snapshot_is_sealed (PbCaseSnapshot *self)
{
  g_return_val_if_fail (PB_IS_CASE_SNAPSHOT (self), FALSE);

  return self->sealed;
}

PbQuestionnaire *
pb_case_snapshot_get_questionnaire (PbCaseSnapshot *self)
{
  g_return_val_if_fail (PB_IS_CASE_SNAPSHOT (self), NULL);

  return self->questionnaire;
}

PbAnswerSet *
pb_case_snapshot_get_answers (PbCaseSnapshot *self)
{
  g_return_val_if_fail (PB_IS_CASE_SNAPSHOT (self), NULL);

  return self->answers;
}

PbEvaluation *
pb_case_snapshot_get_evaluation (PbCaseSnapshot *self)
{
  g_return_val_if_fail (PB_IS_CASE_SNAPSHOT (self), NULL);

  return self->evaluation;
}

GListModel *
pb_case_snapshot_get_answer_records (PbCaseSnapshot *self)
{
  g_return_val_if_fail (PB_IS_CASE_SNAPSHOT (self), NULL);

  return self->answer_records;
}

GListModel *
pb_case_snapshot_get_evidence (PbCaseSnapshot *self)
{
  g_return_val_if_fail (PB_IS_CASE_SNAPSHOT (self), NULL);

  return self->evidence;
}

GListModel *
pb_case_snapshot_get_sign_offs (PbCaseSnapshot *self)
{
  g_return_val_if_fail (PB_IS_CASE_SNAPSHOT (self), NULL);

  return self->sign_offs;
}

PbDecision *
pb_case_snapshot_get_decision (PbCaseSnapshot *self)
{
  g_return_val_if_fail (PB_IS_CASE_SNAPSHOT (self), NULL);

  return self->decision;
}

const char *
pb_case_snapshot_get_answers_fingerprint (PbCaseSnapshot *self)
{
  g_return_val_if_fail (PB_IS_CASE_SNAPSHOT (self), NULL);

  return self->answers_fingerprint;
}

const char *
pb_case_snapshot_get_history_head (PbCaseSnapshot *self)
{
  g_return_val_if_fail (PB_IS_CASE_SNAPSHOT (self), NULL);

  return self->history_head;
}

guint
pb_case_snapshot_get_n_events (PbCaseSnapshot *self)
{
  g_return_val_if_fail (PB_IS_CASE_SNAPSHOT (self), 0);

  return self->n_events;
}

PbCaseScreening *
pb_case_snapshot_get_screening (PbCaseSnapshot *self)
{
  g_return_val_if_fail (PB_IS_CASE_SNAPSHOT (self), NULL);

  return self->screening;
}

/* Takes the three strings. */
void
_pb_case_snapshot_set_withdrawal (PbCaseSnapshot *self,
                                  char           *withdrawn_by,
                                  char           *withdrawn,
                                  char           *reason)
{
  g_free (self->withdrawn_by);
  g_free (self->withdrawn);
  g_free (self->withdrawn_reason);
  self->withdrawn_by = withdrawn_by;
  self->withdrawn = withdrawn;
  self->withdrawn_reason = reason;
}

/* Takes @authors. */
void
_pb_case_snapshot_set_authors (PbCaseSnapshot  *self,
                               char           **authors)
{
  g_strfreev (self->authors);
  self->authors = authors;
}

gboolean
pb_case_snapshot_is_author (PbCaseSnapshot *self,
                            const char     *name)
{
  g_return_val_if_fail (PB_IS_CASE_SNAPSHOT (self), FALSE);

  for (guint i = 0; self->authors != NULL && self->authors[i] != NULL; i++)
    if (pb_actor_names_equal (name, self->authors[i]))
      return TRUE;

  return FALSE;
}

const char *
pb_case_snapshot_get_withdrawn_by (PbCaseSnapshot *self)
{
  g_return_val_if_fail (PB_IS_CASE_SNAPSHOT (self), NULL);

  return self->withdrawn_by;
}

const char *
pb_case_snapshot_get_withdrawn (PbCaseSnapshot *self)
{
  g_return_val_if_fail (PB_IS_CASE_SNAPSHOT (self), NULL);

  return self->withdrawn;
}

const char *
pb_case_snapshot_get_withdrawn_reason (PbCaseSnapshot *self)
{
  g_return_val_if_fail (PB_IS_CASE_SNAPSHOT (self), NULL);

  return self->withdrawn_reason;
}

void
_pb_case_snapshot_set_reference_foreign (PbCaseSnapshot *self,
                                         gboolean        foreign)
{
  self->reference_foreign = foreign;
}

gboolean
pb_case_snapshot_get_reference_foreign (PbCaseSnapshot *self)
{
  g_return_val_if_fail (PB_IS_CASE_SNAPSHOT (self), FALSE);

  return self->reference_foreign;
}
