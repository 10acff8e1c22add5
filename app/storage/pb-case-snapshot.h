/* pb-case-snapshot.h: one revision of a case as it stood at one moment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-answer-set.h"
#include "pb-case-info.h"
#include "pb-decision.h"
#include "pb-evaluation.h"
#include "pb-questionnaire.h"

G_BEGIN_DECLS

/* Everything a report of a revision shows, read in one read transaction
 * (pb_case_store_read_snapshot()), so that no write between two reads can
 * make its parts disagree; and the values a sign-off of that report must
 * find unchanged. Immutable; safe to hand to another thread. */
#define PB_TYPE_CASE_SNAPSHOT (pb_case_snapshot_get_type ())

G_DECLARE_FINAL_TYPE (PbCaseSnapshot, pb_case_snapshot, PB, CASE_SNAPSHOT, GObject)

typedef struct _PbCaseScreening PbCaseScreening;

PbCaseInfo      *pb_case_snapshot_get_info                (PbCaseSnapshot *self);
const char      *pb_case_snapshot_get_case_id             (PbCaseSnapshot *self);
/* The revision read, and its status. */
guint            pb_case_snapshot_get_revision            (PbCaseSnapshot *self);
PbCaseStatus     pb_case_snapshot_get_status              (PbCaseSnapshot *self);
gboolean         pb_case_snapshot_is_sealed               (PbCaseSnapshot *self);
PbQuestionnaire *pb_case_snapshot_get_questionnaire       (PbCaseSnapshot *self);
PbAnswerSet     *pb_case_snapshot_get_answers             (PbCaseSnapshot *self);
/* pb_evaluate_with_reference() of those answers, with the reference data
 * the case pins. */
PbEvaluation    *pb_case_snapshot_get_evaluation          (PbCaseSnapshot *self);
/* GListModels of PbAnswerRecord, PbEvidence and PbSignOff of the revision. */
GListModel      *pb_case_snapshot_get_answer_records      (PbCaseSnapshot *self);
GListModel      *pb_case_snapshot_get_evidence            (PbCaseSnapshot *self);
GListModel      *pb_case_snapshot_get_sign_offs           (PbCaseSnapshot *self);
/* The decision in force, or NULL when none is. */
PbDecision      *pb_case_snapshot_get_decision            (PbCaseSnapshot *self);
/* What a report of this snapshot prints and a sign-off of it must find
 * unchanged: for a sealed revision the answers fingerprint and history
 * head its first sign-off recorded, else those of the moment read. */
const char      *pb_case_snapshot_get_answers_fingerprint (PbCaseSnapshot *self);
const char      *pb_case_snapshot_get_history_head        (PbCaseSnapshot *self);
/* The parties and screenings up to the revision (pb-case-screening.h);
 * the evaluation counts the latest screening's answers. */
PbCaseScreening *pb_case_snapshot_get_screening           (PbCaseSnapshot *self);
/* Whether @name wrote an answer or evidence of the revision: who did
 * does not approve it (four eyes). */
gboolean         pb_case_snapshot_is_author               (PbCaseSnapshot *self,
                                                           const char     *name);
/* The number of events in the history when it was read. */
guint            pb_case_snapshot_get_n_events            (PbCaseSnapshot *self);
/* On a team server, when an administrator withdrew the approval of the
 * case's questionnaire: who, when ("YYYY-MM-DD HH:MM UTC") and why; else
 * NULL. */
const char      *pb_case_snapshot_get_withdrawn_by        (PbCaseSnapshot *self);
const char      *pb_case_snapshot_get_withdrawn           (PbCaseSnapshot *self);
const char      *pb_case_snapshot_get_withdrawn_reason    (PbCaseSnapshot *self);
/* Whether the pinned country reference data is data no one here vouches
 * for (pb_case_store_reference_is_foreign()). */
gboolean         pb_case_snapshot_get_reference_foreign   (PbCaseSnapshot *self);

G_END_DECLS
