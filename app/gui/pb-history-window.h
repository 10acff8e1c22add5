/* pb-history-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pb-case-store.h"

G_BEGIN_DECLS

#define PB_TYPE_HISTORY_WINDOW (pb_history_window_get_type ())

G_DECLARE_FINAL_TYPE (PbHistoryWindow, pb_history_window, PB, HISTORY_WINDOW, AdwWindow)

/* Every event of a case, oldest first: who, when, what changed from what to
 * what, and why. */
PbHistoryWindow *pb_history_window_new         (GtkWindow        *parent,
                                                PbCaseStore      *store,
                                                const char       *case_id);
/* The events are still being read (in a worker thread). */
gboolean         pb_history_window_get_loading (PbHistoryWindow  *self);
guint            pb_history_window_get_n_rows  (PbHistoryWindow  *self);
/* The text of row @index as shown: the title, then the subtitle's lines. */
char            *pb_history_window_dup_row_text (PbHistoryWindow *self,
                                                 guint            index);

G_END_DECLS
