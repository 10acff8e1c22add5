/* pb-workflow-private.h: what the workflows share among themselves
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-case-snapshot.h"
#include "pb-case-store.h"

G_BEGIN_DECLS

/* pb_workflow_check_screening_for_signing() after the case was screened
 * again, on the decision and screening of @snapshot, the one a signature
 * is made of (pb-case-rescreening.c). */
gboolean _pb_workflow_check_snapshot_screening (PbCaseStore     *store,
                                                PbCaseSnapshot  *snapshot,
                                                GError         **error);

G_END_DECLS
