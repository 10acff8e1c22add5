/* pb-reason-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PB_TYPE_REASON_DIALOG (pb_reason_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PbReasonDialog, pb_reason_dialog, PB, REASON_DIALOG, AdwMessageDialog)

/* A question that is answered with a written reason: @confirm_label
 * answers "confirm", and only once a reason is written (Ctrl+Return in
 * the reason does the same); Cancel and Escape answer "cancel". The
 * reason may run to several lines. */
PbReasonDialog *pb_reason_dialog_new        (GtkWindow      *parent,
                                             const char     *heading,
                                             const char     *body,
                                             const char     *reason_title,
                                             const char     *confirm_label);
const char     *pb_reason_dialog_get_reason (PbReasonDialog *self);
void            pb_reason_dialog_set_reason (PbReasonDialog *self,
                                             const char     *reason);

G_END_DECLS
