/* pb-wizard.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pb-case-store.h"
#include "pb-task-bar.h"

G_BEGIN_DECLS

#define PB_TYPE_WIZARD (pb_wizard_get_type ())

G_DECLARE_FINAL_TYPE (PbWizard, pb_wizard, PB, WIZARD, GtkWidget)

/* The questionnaire of one case, one page per section, saved to @store as it
 * is answered. Emits ::done when the person goes back to the case list and
 * ::toast (const char *message) for errors and confirmations. */
PbWizard     *pb_wizard_new                (PbCaseStore *store,
                                            const char  *case_id,
                                            GError     **error);
const char   *pb_wizard_get_case_id        (PbWizard    *self);
gboolean      pb_wizard_get_editable       (PbWizard    *self);
/* The view of a question, or NULL. */
GtkWidget    *pb_wizard_get_question_view  (PbWizard    *self,
                                            const char  *question_id);
GtkWidget    *pb_wizard_get_risk_panel     (PbWizard    *self);
/* Index of the section shown, or the number of sections on the review page. */
guint         pb_wizard_get_page           (PbWizard    *self);
void          pb_wizard_set_page           (PbWizard    *self,
                                            guint        index);
/* The text of the message banner, or NULL when it is hidden. */
const char   *pb_wizard_get_message        (PbWizard    *self);
/* Shows @question_id's page and focuses its input. */
gboolean      pb_wizard_show_question      (PbWizard    *self,
                                            const char  *question_id);
/* Reopens a signed case as a new revision (what the Reopen dialog does). */
gboolean      pb_wizard_reopen             (PbWizard    *self,
                                            const char  *reason,
                                            GError     **error);

/* Slow work (attaching evidence, verifying) runs in a worker thread while
 * the task bar shows it and offers Cancel. */
gboolean      pb_wizard_is_busy            (PbWizard    *self);
PbTaskBar    *pb_wizard_get_task_bar       (PbWizard    *self);
/* Saves at once what was typed but not yet saved (autosave waits for a
 * pause in typing). */
void          pb_wizard_save_pending       (PbWizard    *self);
/* How many answers typed while the team server was away wait to be
 * saved (pb_wizard_save_pending() saves them once it is back). */
guint         pb_wizard_get_n_unsaved      (PbWizard    *self);
/* Shows what others changed in the case since it was read. */
void          pb_wizard_refresh            (PbWizard    *self);
/* A case file opened by an auditor: nothing can be changed. */
void          pb_wizard_set_read_only      (PbWizard    *self,
                                            gboolean     read_only);
/* Checks the history chain and seals, and @file against this case as
 * probity-cli verify --db does (pb_workflow_verify_report()): every
 * signature, trusted from the "trusted-certificates" setting or the
 * system's store, and the report tied to its recorded sign-off. @summary
 * gets one plain line per check. */
/* Extends the signed report @report for the long term (validation data
 * and a document time-stamp from the authority set in Preferences), in
 * place; a toast says how it went. */
void          pb_wizard_extend_report        (PbWizard            *self,
                                              GFile               *report);
void          pb_wizard_verify_report_async  (PbWizard            *self,
                                              GFile               *file,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean      pb_wizard_verify_report_finish (PbWizard            *self,
                                              GAsyncResult        *result,
                                              char               **summary);

G_END_DECLS
