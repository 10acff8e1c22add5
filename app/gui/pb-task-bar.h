/* pb-task-bar.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PB_TYPE_TASK_BAR (pb_task_bar_get_type ())

G_DECLARE_FINAL_TYPE (PbTaskBar, pb_task_bar, PB, TASK_BAR, GtkWidget)

/* What slow work is running for a window, while it runs in a worker
 * thread: what it does, a moving progress bar, and Cancel. One piece of
 * work at a time; the bar hides when it ends. */
GtkWidget    *pb_task_bar_new      (void);
/* Shows @title and returns the work's cancellable (Cancel cancels it),
 * owned by the bar until pb_task_bar_end(); NULL while other work runs.
 * Work that stores its result in one transaction and is cancelled once
 * that began still stores it whole: the caller says what happened. */
GCancellable *pb_task_bar_begin    (PbTaskBar  *self,
                                    const char *title);
void          pb_task_bar_end      (PbTaskBar  *self);
gboolean      pb_task_bar_is_busy  (PbTaskBar  *self);
/* The frames drawn since the work began (for tests: the window drew
 * while it ran). */
guint         pb_task_bar_get_n_frames (PbTaskBar *self);

G_END_DECLS
