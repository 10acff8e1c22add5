/* pb-parties-panel.h: the parties of a deal, entered where the deal is
 * described, and how their screening stands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pb-case-store.h"

G_BEGIN_DECLS

#define PB_TYPE_PARTIES_PANEL (pb_parties_panel_get_type ())

G_DECLARE_FINAL_TYPE (PbPartiesPanel, pb_parties_panel, PB, PARTIES_PANEL, GtkWidget)

/* Lists the parties of @case_id (the customer, end users, consignees,
 * intermediaries) with a form to add one and a button to remove each, as
 * the store records them (party-added, party-removed). Each row says how
 * the party's latest screening stands, with Review for its hits (in the
 * screening window). The party being typed is screened in a thread once
 * typing pauses, without recording anything; a party added is screened
 * with the others and the screening recorded in the case, as probity-cli
 * case screen does. With @show_screening it also says how the case's
 * screening stands and offers "Screen Parties…" (the action
 * wizard.screening of an ancestor). ::changed is emitted after a party is
 * added or removed and after a screening is recorded, ::toast (const char
 * *message) when the store refuses. */
GtkWidget *pb_parties_panel_new           (PbCaseStore    *store,
                                           const char     *case_id,
                                           gboolean        show_screening);
/* Reads the parties and the screening again. */
void       pb_parties_panel_refresh       (PbPartiesPanel *self);
/* Whether parties can be added and removed here. */
void       pb_parties_panel_set_editable  (PbPartiesPanel *self,
                                           gboolean        editable);
/* Whether a screening is pending or running in a thread. */
gboolean   pb_parties_panel_is_busy       (PbPartiesPanel *self);
/* How many times the party being typed was screened: once per pause in
 * typing, not per key. */
guint      pb_parties_panel_get_n_live_screenings (PbPartiesPanel *self);

G_END_DECLS
