/* pb-screening-window.h: the parties of a case, their screening and the hits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pb-case-store.h"

G_BEGIN_DECLS

#define PB_TYPE_SCREENING_WINDOW (pb_screening_window_get_type ())

G_DECLARE_FINAL_TYPE (PbScreeningWindow, pb_screening_window, PB, SCREENING_WINDOW, AdwWindow)

/* Shows the parties of @case_id, the latest screening and its hits; adds
 * parties, screens them, lets a reviewer clear or confirm each hit, and
 * imports list files (in a thread, with progress and cancellation).
 * ::changed is emitted after anything is recorded in the case. */
PbScreeningWindow *pb_screening_window_new        (GtkWindow          *parent,
                                                   PbCaseStore        *store,
                                                   const char         *case_id);
/* For tests: whether a screening or an import is running. */
gboolean           pb_screening_window_is_busy    (PbScreeningWindow  *self);
/* Opens the hits of party @party_id for review, the focus on the first
 * open one (the parties panel's Review). */
void               pb_screening_window_show_party (PbScreeningWindow  *self,
                                                   const char         *party_id);
/* For tests: imports @path as the "Import List…" button does. */
void               pb_screening_window_import     (PbScreeningWindow  *self,
                                                   const char         *path);

G_END_DECLS
