/* pb-decision.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-decision.h"
#include "pb-storage-private.h"

typedef struct
{
  char *name;
  char *role;
  char *organisation;
  char *time;
  char *reason;
} Approver;

struct _PbDecision
{
  GObject       parent_instance;

  PbCaseStatus  decision;
  char         *reason;
  char         *conditions;
  char         *override_rationale;
  char         *answers_fingerprint;
  GArray       *approvers;       /* Approver */
  Approver      submitter;
  PbOutcome     outcome;
  guint         event_seq;
  guint         decided : 1;
  guint         pending : 1;
  guint         has_outcome : 1;
};

G_DEFINE_FINAL_TYPE (PbDecision, pb_decision, G_TYPE_OBJECT)

static void
approver_clear (gpointer data)
{
  Approver *approver = data;

  g_clear_pointer (&approver->name, g_free);
  g_clear_pointer (&approver->role, g_free);
  g_clear_pointer (&approver->organisation, g_free);
  g_clear_pointer (&approver->time, g_free);
  g_clear_pointer (&approver->reason, g_free);
}

static void
approver_set (Approver   *approver,
              const char *name,
              const char *role,
              const char *organisation,
              const char *time,
              const char *reason)
{
  approver_clear (approver);
  approver->name = g_strdup (name);
  approver->role = g_strdup (role);
  approver->organisation = g_strdup (organisation);
  approver->time = g_strdup (time);
  approver->reason = g_strdup (reason);
}

static Approver *
get_approver (PbDecision *self,
              guint       index)
{
  g_return_val_if_fail (index < self->approvers->len, NULL);

  return &g_array_index (self->approvers, Approver, index);
}

static void
pb_decision_finalize (GObject *object)
{
  PbDecision *self = (PbDecision *)object;

  g_clear_pointer (&self->reason, g_free);
  g_clear_pointer (&self->conditions, g_free);
  g_clear_pointer (&self->override_rationale, g_free);
  g_clear_pointer (&self->answers_fingerprint, g_free);
  g_clear_pointer (&self->approvers, g_array_unref);
  approver_clear (&self->submitter);

  G_OBJECT_CLASS (pb_decision_parent_class)->finalize (object);
}

static void
pb_decision_class_init (PbDecisionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_decision_finalize;
}

static void
pb_decision_init (PbDecision *self)
{
  self->approvers = g_array_new (FALSE, TRUE, sizeof (Approver));
  g_array_set_clear_func (self->approvers, approver_clear);
  self->outcome = PB_OUTCOME_INCOMPLETE;
}

/* Built by the store ----------------------------------------------------------- */

PbDecision *
_pb_decision_new (void)
{
  return g_object_new (PB_TYPE_DECISION, NULL);
}

void
_pb_decision_set_submitter (PbDecision *self,
                            const char *name,
                            const char *role,
                            const char *organisation,
                            const char *time)
{
  approver_set (&self->submitter, name, role, organisation, time, NULL);
}

void
_pb_decision_take (PbDecision   *self,
                   PbCaseStatus  decision,
                   gboolean      pending,
                   const char   *reason,
                   const char   *conditions,
                   const char   *override_rationale,
                   const char   *outcome,
                   const char   *answers_fingerprint,
                   guint         event_seq)
{
  self->decided = TRUE;
  self->decision = decision;
  self->pending = pending;
  g_free (self->reason);
  self->reason = g_strdup (reason);
  g_free (self->conditions);
  self->conditions = g_strdup (conditions);
  g_free (self->override_rationale);
  self->override_rationale = g_strdup (override_rationale);
  g_free (self->answers_fingerprint);
  self->answers_fingerprint = g_strdup (answers_fingerprint);
  self->has_outcome = outcome != NULL && pb_outcome_from_string (outcome, &self->outcome);
  if (!self->has_outcome)
    self->outcome = PB_OUTCOME_INCOMPLETE;
  self->event_seq = event_seq;
  g_array_set_size (self->approvers, 0);
}

/* Sent back or submitted again: nothing is decided, nobody submitted yet. */
void
_pb_decision_clear (PbDecision *self)
{
  self->decided = FALSE;
  self->pending = FALSE;
  self->has_outcome = FALSE;
  self->outcome = PB_OUTCOME_INCOMPLETE;
  self->event_seq = 0;
  g_clear_pointer (&self->reason, g_free);
  g_clear_pointer (&self->conditions, g_free);
  g_clear_pointer (&self->override_rationale, g_free);
  g_clear_pointer (&self->answers_fingerprint, g_free);
  g_array_set_size (self->approvers, 0);
  approver_clear (&self->submitter);
}

gboolean
_pb_decision_is_decided (PbDecision *self)
{
  return self->decided;
}

/* The second approval of an override puts the pending decision in force. */
void
_pb_decision_confirm (PbDecision *self,
                      guint       event_seq)
{
  self->pending = FALSE;
  self->event_seq = event_seq;
}

void
_pb_decision_add_approver (PbDecision *self,
                           const char *name,
                           const char *role,
                           const char *organisation,
                           const char *time,
                           const char *reason)
{
  Approver approver = { 0 };

  approver_set (&approver, name, role, organisation, time, reason);
  g_array_append_val (self->approvers, approver);
}

/* Public API ------------------------------------------------------------------- */

gboolean
pb_outcome_needs_override (PbOutcome outcome)
{
  return outcome == PB_OUTCOME_DO_NOT_PROCEED || outcome == PB_OUTCOME_HOLD;
}

PbCaseStatus
pb_decision_get_decision (PbDecision *self)
{
  g_return_val_if_fail (PB_IS_DECISION (self), PB_CASE_STATUS_REJECTED);

  return self->decision;
}

gboolean
pb_decision_is_pending (PbDecision *self)
{
  g_return_val_if_fail (PB_IS_DECISION (self), FALSE);

  return self->pending;
}

const char *
pb_decision_get_reason (PbDecision *self)
{
  g_return_val_if_fail (PB_IS_DECISION (self), NULL);

  return self->reason;
}

const char *
pb_decision_get_conditions (PbDecision *self)
{
  g_return_val_if_fail (PB_IS_DECISION (self), NULL);

  return self->conditions;
}

const char *
pb_decision_get_override_rationale (PbDecision *self)
{
  g_return_val_if_fail (PB_IS_DECISION (self), NULL);

  return self->override_rationale;
}

gboolean
pb_decision_is_override (PbDecision *self)
{
  g_return_val_if_fail (PB_IS_DECISION (self), FALSE);

  return self->override_rationale != NULL;
}

PbOutcome
pb_decision_get_outcome (PbDecision *self)
{
  g_return_val_if_fail (PB_IS_DECISION (self), PB_OUTCOME_INCOMPLETE);

  return self->outcome;
}

gboolean
pb_decision_has_outcome (PbDecision *self)
{
  g_return_val_if_fail (PB_IS_DECISION (self), FALSE);

  return self->has_outcome;
}

const char *
pb_decision_get_answers_fingerprint (PbDecision *self)
{
  g_return_val_if_fail (PB_IS_DECISION (self), NULL);

  return self->answers_fingerprint;
}

guint
pb_decision_get_event_seq (PbDecision *self)
{
  g_return_val_if_fail (PB_IS_DECISION (self), 0);

  return self->event_seq;
}

const char *
pb_decision_get_submitter (PbDecision *self)
{
  g_return_val_if_fail (PB_IS_DECISION (self), NULL);

  return self->submitter.name;
}

const char *
pb_decision_get_submitter_role (PbDecision *self)
{
  g_return_val_if_fail (PB_IS_DECISION (self), NULL);

  return self->submitter.role;
}

const char *
pb_decision_get_submitter_organisation (PbDecision *self)
{
  g_return_val_if_fail (PB_IS_DECISION (self), NULL);

  return self->submitter.organisation;
}

const char *
pb_decision_get_submitted (PbDecision *self)
{
  g_return_val_if_fail (PB_IS_DECISION (self), NULL);

  return self->submitter.time;
}

guint
pb_decision_get_n_approvers (PbDecision *self)
{
  g_return_val_if_fail (PB_IS_DECISION (self), 0);

  return self->approvers->len;
}

const char *
pb_decision_get_approver_name (PbDecision *self,
                               guint       index)
{
  g_return_val_if_fail (PB_IS_DECISION (self), NULL);

  return index < self->approvers->len ? get_approver (self, index)->name : NULL;
}

const char *
pb_decision_get_approver_role (PbDecision *self,
                               guint       index)
{
  g_return_val_if_fail (PB_IS_DECISION (self), NULL);

  return index < self->approvers->len ? get_approver (self, index)->role : NULL;
}

const char *
pb_decision_get_approver_organisation (PbDecision *self,
                                       guint       index)
{
  g_return_val_if_fail (PB_IS_DECISION (self), NULL);

  return index < self->approvers->len ? get_approver (self, index)->organisation : NULL;
}

const char *
pb_decision_get_approver_time (PbDecision *self,
                               guint       index)
{
  g_return_val_if_fail (PB_IS_DECISION (self), NULL);

  return index < self->approvers->len ? get_approver (self, index)->time : NULL;
}

const char *
pb_decision_get_approver_reason (PbDecision *self,
                                 guint       index)
{
  g_return_val_if_fail (PB_IS_DECISION (self), NULL);

  return index < self->approvers->len ? get_approver (self, index)->reason : NULL;
}
