/* pb-decision.h: the decision in force on a revision and who made it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "pb-storage-types.h"
#include "pb-types.h"

G_BEGIN_DECLS

/* Whether approving against @outcome is an override, which needs a written
 * rationale and a second legal reviewer: do-not-proceed and hold, under
 * both of which nothing ships (METHOD.md, "The outcomes"). */
gboolean      pb_outcome_needs_override            (PbOutcome   outcome);

/* Read from the history of a revision (pb_case_store_get_decision()): who
 * submitted it, what was decided on which outcome, and every approver, so
 * that a report and a screen can say all of it. Immutable. */
#define PB_TYPE_DECISION (pb_decision_get_type ())

G_DECLARE_FINAL_TYPE (PbDecision, pb_decision, PB, DECISION, GObject)

/* Approved, approved with conditions or rejected; for a decision that
 * awaits its second approval, the decision the first approver took. */
PbCaseStatus  pb_decision_get_decision             (PbDecision *self);
/* Whether an override still waits for a second legal reviewer. */
gboolean      pb_decision_is_pending               (PbDecision *self);
/* The reason of the first approver (or of whoever rejected). */
const char   *pb_decision_get_reason               (PbDecision *self);
const char   *pb_decision_get_conditions           (PbDecision *self);
/* The written rationale of an approval against a do-not-proceed or hold
 * outcome,
 * NULL when the decision is no override. */
const char   *pb_decision_get_override_rationale   (PbDecision *self);
gboolean      pb_decision_is_override              (PbDecision *self);
/* The rated outcome the decision was taken on; PB_OUTCOME_INCOMPLETE
 * with pb_decision_has_outcome() FALSE for decisions recorded before
 * schema 3, which did not record it. */
PbOutcome     pb_decision_get_outcome              (PbDecision *self);
gboolean      pb_decision_has_outcome              (PbDecision *self);
/* The answers fingerprint the decision was taken on, or NULL (before
 * schema 3). */
const char   *pb_decision_get_answers_fingerprint  (PbDecision *self);
/* The sequence number of the event that put the decision in force. */
guint         pb_decision_get_event_seq            (PbDecision *self);

/* Who submitted the revision for review (NULL when the history does not
 * say), in which role and organisation (NULL before schema 3), when. */
const char   *pb_decision_get_submitter            (PbDecision *self);
const char   *pb_decision_get_submitter_role       (PbDecision *self);
const char   *pb_decision_get_submitter_organisation (PbDecision *self);
const char   *pb_decision_get_submitted            (PbDecision *self);

/* The approvers, or whoever rejected, in order: one, or two for an
 * override. Role and organisation are NULL before schema 3. */
guint         pb_decision_get_n_approvers          (PbDecision *self);
const char   *pb_decision_get_approver_name        (PbDecision *self,
                                                    guint       index);
const char   *pb_decision_get_approver_role        (PbDecision *self,
                                                    guint       index);
const char   *pb_decision_get_approver_organisation (PbDecision *self,
                                                    guint       index);
const char   *pb_decision_get_approver_time        (PbDecision *self,
                                                    guint       index);
const char   *pb_decision_get_approver_reason      (PbDecision *self,
                                                    guint       index);

G_END_DECLS
