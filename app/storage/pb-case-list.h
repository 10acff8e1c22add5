/* pb-case-list.h: the list model pb_case_store_list_cases() returns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-case-info.h"

G_BEGIN_DECLS

#define PB_TYPE_CASE_LIST (pb_case_list_get_type ())

G_DECLARE_FINAL_TYPE (PbCaseList, pb_case_list, PB, CASE_LIST, GObject)

PbCaseList *pb_case_list_new    (void);
void        pb_case_list_update (PbCaseList *self,
                                 PbCaseList *other);
guint       pb_case_list_get_n_read (PbCaseList *self);
guint       pb_case_list_find   (PbCaseList *self,
                                 const char *case_id);

G_END_DECLS
