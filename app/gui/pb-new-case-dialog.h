/* pb-new-case-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pb-case-store.h"

G_BEGIN_DECLS

#define PB_TYPE_NEW_CASE_DIALOG (pb_new_case_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PbNewCaseDialog, pb_new_case_dialog, PB, NEW_CASE_DIALOG, AdwWindow)

/* Emits ::case-created (const char *case_id) and closes once the case is
 * in the store, by the store's actor. */
PbNewCaseDialog *pb_new_case_dialog_new (GtkWindow   *parent,
                                         PbCaseStore *store);

G_END_DECLS
