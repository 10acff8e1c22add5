/* pb-report-verification.h: a report checked against its signatures and the
 * case it claims to belong to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-case-store.h"
#include "pb-signing.h"

G_BEGIN_DECLS

/* What pb_workflow_verify_report() found: the validation of every signature
 * (from app/signing) and, with a store, one check per fact tying the report
 * to a recorded sign-off. Immutable. */
#define PB_TYPE_REPORT_VERIFICATION (pb_report_verification_get_type ())

G_DECLARE_FINAL_TYPE (PbReportVerification, pb_report_verification, PB, REPORT_VERIFICATION, GObject)

/* Valid only when every signature is and every check against the case
 * holds; then the problem is NULL, else the first one, translated. */
gboolean         pb_report_verification_is_valid           (PbReportVerification *self);
const char      *pb_report_verification_get_problem        (PbReportVerification *self);
/* Every signature, or NULL when none could be judged (then the reason). */
PbPdfValidation *pb_report_verification_get_validation     (PbReportVerification *self);
const char      *pb_report_verification_get_signature_problem (PbReportVerification *self);
/* The checks against the case, in order, for people: what was checked,
 * whether it held, and a detail (may be NULL). None without a store. */
guint            pb_report_verification_get_n_checks       (PbReportVerification *self);
const char      *pb_report_verification_get_check_label    (PbReportVerification *self,
                                                            guint                 index);
gboolean         pb_report_verification_get_check_passed   (PbReportVerification *self,
                                                            guint                 index);
const char      *pb_report_verification_get_check_detail   (PbReportVerification *self,
                                                            guint                 index);
/* The recorded sign-off this exact file is, or NULL. */
PbSignOff       *pb_report_verification_get_sign_off       (PbReportVerification *self);

/* Checks @pdf: every signature (pb_pdf_validate() with @options, which may
 * be NULL) and, with @store, that the file is a report of @case_id (NULL:
 * of whichever case it names) that a sign-off recorded, its SHA-256 and
 * signer those of that sign-off, its integrity values those of the case,
 * whose history chain holds. Without a trusted time-stamp and without a
 * time from @options, certificates are validated at the time of that
 * sign-off's event in the hash-chained history (and the signature says
 * so), else now. Fails only when nothing can be judged for a reason that
 * is not the report's: unreadable trust anchors. */
PbReportVerification *pb_workflow_verify_report          (PbCaseStore                *store,
                                                          const char                 *case_id,
                                                          GBytes                     *pdf,
                                                          const PbValidationOptions  *options,
                                                          GCancellable               *cancellable,
                                                          GError                    **error);
/* The same with the signatures validated in a worker thread; the store is
 * read only in the calling thread. */
void                  pb_workflow_verify_report_async    (PbCaseStore                *store,
                                                          const char                 *case_id,
                                                          GBytes                     *pdf,
                                                          const PbValidationOptions  *options,
                                                          GCancellable               *cancellable,
                                                          GAsyncReadyCallback         callback,
                                                          gpointer                    user_data);
PbReportVerification *pb_workflow_verify_report_finish   (GAsyncResult               *result,
                                                          GError                    **error);

G_END_DECLS
