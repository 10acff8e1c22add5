/* pb-wizard.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pb-case-store.h"

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

/* Saves at once what was typed but not yet saved (autosave waits for a
 * pause in typing). */
void          pb_wizard_save_pending       (PbWizard    *self);
/* A case file opened by an auditor: nothing can be changed. */
void          pb_wizard_set_read_only      (PbWizard    *self,
                                            gboolean     read_only);
/* Checks the history chain and seals, and that @file is a signed report of
 * this case whose answers and bytes match what was signed off. @summary
 * gets one plain line per check. */
gboolean      pb_wizard_verify_report      (PbWizard    *self,
                                            GFile       *file,
                                            char       **summary);

G_END_DECLS
