/* pb-case-slot.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-case-info.h"

G_BEGIN_DECLS

#define PB_TYPE_CASE_SLOT (pb_case_slot_get_type ())

G_DECLARE_FINAL_TYPE (PbCaseSlot, pb_case_slot, PB, CASE_SLOT, GObject)

/* One row of the window's case list (pb-case-slots.c): the case it shows
 * now. The row keeps its slot, and its widget, when a search puts
 * another case there. */
PbCaseSlot *pb_case_slot_new        (PbCaseInfo *info);
PbCaseInfo *pb_case_slot_get_info   (PbCaseSlot *self);
void        pb_case_slot_set_info   (PbCaseSlot *self,
                                     PbCaseInfo *info);
/* Whether its row is on screen: a slot off screen learns its new case
 * after the frame that shows the new rows, or once asked. */
void        pb_case_slot_set_shown  (PbCaseSlot *self,
                                     gboolean    shown);
gboolean    pb_case_slot_get_shown  (PbCaseSlot *self);
/* For PbCaseSlots: its case changed; @owner gives it when asked. */
void        pb_case_slot_mark_stale (PbCaseSlot *self,
                                     GObject    *owner);
gboolean    pb_case_slot_is_stale   (PbCaseSlot *self);

G_END_DECLS
