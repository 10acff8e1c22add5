/* pb-history-anchoring.h: time-stamps on the head of a case's history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-case-store.h"

G_BEGIN_DECLS

/* How long to wait for a time-stamp authority. */
#define PB_ANCHOR_TIMEOUT_SECONDS 30

/* Asks the RFC 3161 authority at @tsa_url (http://) to time-stamp the hash
 * of the newest event of @case_id's history, and keeps the token with the
 * case (pb_case_store_add_anchor()). Returns the number of the event
 * anchored, 0 on error; when the authority cannot be reached or answers
 * badly nothing is recorded and the error names the URL. */
guint     pb_workflow_anchor_history  (PbCaseStore   *store,
                                       const char    *case_id,
                                       const char    *tsa_url,
                                       GError       **error);

/* The same with the authority asked in a worker thread; the store is read
 * and written only in the calling thread, before and after. */
void      pb_workflow_anchor_history_async  (PbCaseStore          *store,
                                             const char           *case_id,
                                             const char           *tsa_url,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
guint     pb_workflow_anchor_history_finish (GAsyncResult         *result,
                                             GError              **error);

/* What pb_workflow_verify_anchors() found. */
typedef struct
{
  guint      n_anchors;
  guint      anchored_seq;   /* the newest event anchored; 0: none */
  GDateTime *anchored_time;  /* its token's time, or NULL */
  char      *tsa_name;       /* that token's authority, or NULL */
} PbAnchorReport;

void      pb_anchor_report_clear       (PbAnchorReport *report);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PbAnchorReport, pb_anchor_report_clear)

/* Checks every anchor of @case_id: its token time-stamps the hash of the
 * event it names, signed by an authority whose certificate is for
 * time-stamping and chains up to @trust_pem (NULL: the system's trusted
 * certificates), valid now or, once expired, at the token's own time.
 * The history itself is the store's to verify (pb_case_store_verify_case(),
 * which also ties each anchor to its event); call that first. A token that
 * does not verify is PB_STORAGE_ERROR_TAMPERED naming its event. */
gboolean  pb_workflow_verify_anchors   (PbCaseStore     *store,
                                        const char      *case_id,
                                        GBytes          *trust_pem,
                                        PbAnchorReport  *report,
                                        GError         **error);

G_END_DECLS
