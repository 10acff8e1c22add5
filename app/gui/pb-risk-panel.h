/* pb-risk-panel.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pb-evaluation.h"

G_BEGIN_DECLS

#define PB_TYPE_RISK_PANEL (pb_risk_panel_get_type ())

G_DECLARE_FINAL_TYPE (PbRiskPanel, pb_risk_panel, PB, RISK_PANEL, GtkWidget)

/* The live outcome, the flags (risks), most severe first, then the holds
 * and conditions the deal must meet. Activating a row emits
 * ::flag-activated with the id of the question that raised it. */
GtkWidget    *pb_risk_panel_new            (void);
void          pb_risk_panel_set_evaluation (PbRiskPanel  *self,
                                            PbEvaluation *evaluation);
/* The number of flag rows shown, and of holds and conditions shown apart
 * (for tests). */
guint         pb_risk_panel_get_n_flags    (PbRiskPanel  *self);
guint         pb_risk_panel_get_n_conditions (PbRiskPanel *self);
/* The rule id shown in row @index, or NULL. */
const char   *pb_risk_panel_get_flag_id    (PbRiskPanel  *self,
                                            guint         index);
void          pb_risk_panel_activate_flag  (PbRiskPanel  *self,
                                            guint         index);

G_END_DECLS
