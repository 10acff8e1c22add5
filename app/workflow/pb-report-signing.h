/* pb-report-signing.h: a case's report, made, signed and sealed in one go
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-case-store.h"
#include "pb-report-template.h"
#include "pb-signing.h"

G_BEGIN_DECLS

/* Renders revision @revision (0: the current one) of @case_id from one
 * snapshot of the store and writes it to @output (0600, through a temporary
 * file: a failure leaves no partial report). @template NULL: the default;
 * @generated_at NULL: now. Returns the bytes written. */
GBytes     *pb_workflow_write_report        (PbCaseStore          *store,
                                             const char           *case_id,
                                             guint                 revision,
                                             PbReportTemplate     *template,
                                             GDateTime            *generated_at,
                                             GFile                *output,
                                             GCancellable         *cancellable,
                                             GError              **error);

/* Signs the decision in force on @case_id with @signer's certificate: reads
 * the revision once (pb_case_store_read_snapshot()), refuses at once what
 * the store would refuse (pb_case_store_check_sign(): the store's actor, a
 * legal reviewer named as in the certificate, a decision in force), renders
 * the report with the signature it is about to carry, signs it (PAdES),
 * writes it to @output, then seals the case with it by compare-and-swap on
 * the revision, answers fingerprint and history head it printed. A report
 * whose sign-off the store refuses is removed again. @revision must be the
 * current one, or 0. @tsa_url (may be NULL) time-stamps the signature at
 * that RFC 3161 authority (PAdES B-T). @level B-LT adds the chains and
 * revocation data (fetched from the certificates' OCSP and CRL URLs) and
 * B-LTA a document time-stamp (pb_workflow_extend_pdf()) before the case
 * is sealed with the result; each needs @tsa_url. PB_PADES_LEVEL_NONE: B-T
 * with @tsa_url, else B-B. @pdf (may be NULL) gets the bytes written. The
 * report is written in the calling thread's language
 * (pb_language_scope_enter(); else the interface's). */
PbSignOff  *pb_workflow_sign_report         (PbCaseStore          *store,
                                             const char           *case_id,
                                             guint                 revision,
                                             PbSigner             *signer,
                                             PbReportTemplate     *template,
                                             GDateTime            *generated_at,
                                             const char           *tsa_url,
                                             PbPadesLevel          level,
                                             GFile                *output,
                                             GBytes              **pdf,
                                             GCancellable         *cancellable,
                                             GError              **error);

/* The same with the rendering, signing and writing in a worker thread, in
 * the language the calling thread writes in when it calls; the store is
 * read and written only in the calling thread, before and after. */
void        pb_workflow_sign_report_async   (PbCaseStore          *store,
                                             const char           *case_id,
                                             guint                 revision,
                                             PbSigner             *signer,
                                             PbReportTemplate     *template,
                                             GDateTime            *generated_at,
                                             const char           *tsa_url,
                                             PbPadesLevel          level,
                                             GFile                *output,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
PbSignOff  *pb_workflow_sign_report_finish  (GAsyncResult         *result,
                                             GBytes              **pdf,
                                             GError              **error);

/* Long-term validation of a signed @pdf: the certificate chains and
 * revocation data of its signatures (fetched from their OCSP and CRL URLs)
 * in a Document Security Store (B-LT), then, with @tsa_url, a document
 * time-stamp over the whole (B-LTA). A signer's certificate that names no
 * OCSP responder or CRL is an error: the file would not be B-LT. Incremental: the result starts with
 * @pdf's bytes, so a report sealed in a case still verifies against it. */
GBytes     *pb_workflow_extend_pdf          (GBytes               *pdf,
                                             const char           *tsa_url,
                                             GCancellable         *cancellable,
                                             GError              **error);

/* The same on the report file @report, replaced atomically, in a worker
 * thread. A failure leaves the file as it was. */
void        pb_workflow_extend_report_async  (GFile               *report,
                                              const char          *tsa_url,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GBytes     *pb_workflow_extend_report_finish (GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
