/* pb-step-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PB_TYPE_STEP_ROW (pb_step_row_get_type ())

G_DECLARE_FINAL_TYPE (PbStepRow, pb_step_row, PB, STEP_ROW, GtkListBoxRow)

/* One step of the wizard's step list: a section and how far it got, or the
 * review, which has no progress of its own. The title is the row's
 * accessible name and the progress its description. */
GtkWidget  *pb_step_row_new           (const char *title);
/* In words and an icon: not started, in progress with @n_missing required
 * answers missing, or complete; and the flags the section raised. */
void        pb_step_row_set_progress  (PbStepRow  *self,
                                       guint       n_answered,
                                       guint       n_missing,
                                       guint       n_flags);
const char *pb_step_row_get_progress  (PbStepRow  *self);

G_END_DECLS
