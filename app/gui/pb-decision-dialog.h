/* pb-decision-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pb-case-store.h"

G_BEGIN_DECLS

#define PB_TYPE_DECISION_DIALOG (pb_decision_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PbDecisionDialog, pb_decision_dialog, PB, DECISION_DIALOG, AdwWindow)

/* A legal reviewer's decision on the current revision of @case_id: the
 * outcome and any hard stop shown first, nothing chosen in advance, the
 * override rationale asked for an approval against do-not-proceed, and the
 * second approval of an override that awaits one. Records it in @store as
 * the store's actor and emits ::decided once the store took it; a refusal
 * is shown in the dialog. */
PbDecisionDialog *pb_decision_dialog_new         (GtkWindow        *parent,
                                                  PbCaseStore      *store,
                                                  const char       *case_id,
                                                  GError          **error);
/* The case may have changed (another person, through the window's
 * watch): reads it again and shows the outcome, hard stops and override
 * as they are now, saying what changed. Decided (or sent back) elsewhere
 * meanwhile, the dialog says who did what and when, and offers only to
 * close. */
void              pb_decision_dialog_refresh     (PbDecisionDialog *self);
/* For tests and the keyboard: choose, type and record as a person would. */
void              pb_decision_dialog_choose      (PbDecisionDialog *self,
                                                  PbCaseStatus      decision);
gboolean          pb_decision_dialog_get_choice  (PbDecisionDialog *self,
                                                  PbCaseStatus     *decision);
gboolean          pb_decision_dialog_can_choose  (PbDecisionDialog *self,
                                                  PbCaseStatus      decision);
void              pb_decision_dialog_set_texts   (PbDecisionDialog *self,
                                                  const char       *reason,
                                                  const char       *conditions,
                                                  const char       *rationale);
gboolean          pb_decision_dialog_is_second_approval (PbDecisionDialog *self);
/* The error shown in the dialog, or NULL. */
const char       *pb_decision_dialog_get_error   (PbDecisionDialog *self);
/* Whether the screening an approval would stand on is being checked
 * against its own lists (in a worker); approving waits for it. */
gboolean          pb_decision_dialog_is_checking (PbDecisionDialog *self);

/* Tests: @func runs when Record has read the case again, just before the
 * store records the decision, so that what it changes lands between the
 * two (another reviewer deciding from another Probity). */
typedef void (*PbDecisionDialogHook) (PbDecisionDialog *self,
                                      gpointer          data);
void              pb_decision_dialog_set_record_hook (PbDecisionDialog     *self,
                                                      PbDecisionDialogHook  func,
                                                      gpointer              data);

G_END_DECLS
