/* pb-case-info.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include "pb-types.h"
#include "pb-storage-types.h"

G_BEGIN_DECLS

/* One row of the case list: a case at its current revision.
 * Immutable: the store fills it in; its properties are read-only. */
#define PB_TYPE_CASE_INFO (pb_case_info_get_type ())

G_DECLARE_FINAL_TYPE (PbCaseInfo, pb_case_info, PB, CASE_INFO, GObject)

const char         *pb_case_info_get_id                    (PbCaseInfo *self);
guint               pb_case_info_get_revision              (PbCaseInfo *self);
const char         *pb_case_info_get_customer_uid          (PbCaseInfo *self);
const char         *pb_case_info_get_customer_name         (PbCaseInfo *self);
const char         *pb_case_info_get_country               (PbCaseInfo *self);
const char         *pb_case_info_get_product_uid           (PbCaseInfo *self);
const char         *pb_case_info_get_product_name          (PbCaseInfo *self);
const char         *pb_case_info_get_product_version       (PbCaseInfo *self);
const char         *pb_case_info_get_questionnaire_id      (PbCaseInfo *self);
const char         *pb_case_info_get_questionnaire_version (PbCaseInfo *self);
const char         *pb_case_info_get_questionnaire_sha256  (PbCaseInfo *self);
PbCaseStatus        pb_case_info_get_status                (PbCaseInfo *self);
/* The decision on record (approved, approved with conditions, rejected),
 * kept once the revision is signed; PB_CASE_STATUS_DRAFT when none. */
PbCaseStatus        pb_case_info_get_decision              (PbCaseInfo *self);
PbOutcome           pb_case_info_get_outcome               (PbCaseInfo *self);
guint               pb_case_info_get_n_answers             (PbCaseInfo *self);
const char         *pb_case_info_get_created               (PbCaseInfo *self);
const char         *pb_case_info_get_created_by            (PbCaseInfo *self);
const char         *pb_case_info_get_updated               (PbCaseInfo *self);

G_END_DECLS
