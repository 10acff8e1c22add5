/* pb-case-slots.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-case-slot.h"

G_BEGIN_DECLS

#define PB_TYPE_CASE_SLOTS (pb_case_slots_get_type ())

G_DECLARE_FINAL_TYPE (PbCaseSlots, pb_case_slots, PB, CASE_SLOTS, GObject)

PbCaseSlots *pb_case_slots_new         (GListModel  *cases);
GListModel  *pb_case_slots_get_cases   (PbCaseSlots *self);
void         pb_case_slots_set_in_place (PbCaseSlots *self,
                                         gboolean     in_place);
void         pb_case_slots_refresh     (PbCaseSlots *self);
PbCaseInfo  *pb_case_slots_get_info    (GListModel  *slots,
                                        guint        position);

G_END_DECLS
