/* pb-case-rescreening.h: screening a case again before a decision that
 * matters (submitting, signing) when a newer list edition exists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-case-store.h"

G_BEGIN_DECLS

/* What screening again found. */
typedef struct
{
  guint event;       /* the screened event recorded; 0: no newer edition, nothing done */
  guint n_new_open;  /* open hits the screening before did not have */
  guint n_open;      /* open hits of the new screening */
} PbRescreening;

/* Screens @case_id again when it was screened before and a newer edition of
 * a list it used, or another list, has been imported since
 * (pb_case_rescreen_if_outdated()); a signed revision, which records
 * nothing more, is left as it is. Returns FALSE on error; @result (may be
 * NULL) says what was found. */
gboolean  pb_workflow_rescreen              (PbCaseStore    *store,
                                             const char     *case_id,
                                             PbRescreening  *result,
                                             GError        **error);

/* The same in a worker thread, on a store of its own opened on the same
 * file as @store, with the same actor (the index of a large list takes
 * seconds to build). */
void      pb_workflow_rescreen_async        (PbCaseStore          *store,
                                             const char           *case_id,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean  pb_workflow_rescreen_finish       (GAsyncResult         *result,
                                             PbRescreening        *rescreening,
                                             GError              **error);

/* What to tell the person who acted, or NULL when nothing was screened
 * again. Free with g_free(). */
char     *pb_rescreening_describe           (const PbRescreening *result);

/* Screens again (pb_workflow_rescreen()) and submits @case_id for review:
 * the reviewer decides on the lists as they stand. */
gboolean  pb_workflow_submit                (PbCaseStore    *store,
                                             const char     *case_id,
                                             PbRescreening  *result,
                                             GError        **error);

/* The same with the screening in a worker thread
 * (pb_workflow_rescreen_async()) and the submission in the calling thread.
 * @rescreening is filled in even when the submission then fails. */
void      pb_workflow_submit_async          (PbCaseStore          *store,
                                             const char           *case_id,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean  pb_workflow_submit_finish         (GAsyncResult         *result,
                                             PbRescreening        *rescreening,
                                             GError              **error);

/* Before a signature: screens again when a newer edition exists, then
 * refuses (PB_STORAGE_ERROR_REFUSED, saying what to do) when the screening
 * has changed what the decision in force was taken on: a hit found after
 * the decision is open, or the rated outcome is no longer the one decided;
 * and (PB_STORAGE_ERROR_TAMPERED) when an approval stands on a screening
 * its own lists contradict (pb_case_check_screening()). */
gboolean  pb_workflow_check_screening_for_signing (PbCaseStore   *store,
                                                   const char    *case_id,
                                                   PbRescreening *result,
                                                   GError       **error);

/* The same with the screening in a worker thread
 * (pb_workflow_rescreen_async()) and the check in the calling thread, for a
 * dialog that keeps drawing meanwhile. @rescreening is filled in even when
 * the check refuses, so that the new hits can be named with the refusal. */
void      pb_workflow_check_screening_for_signing_async  (PbCaseStore          *store,
                                                          const char           *case_id,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
gboolean  pb_workflow_check_screening_for_signing_finish (GAsyncResult         *result,
                                                          PbRescreening        *rescreening,
                                                          GError              **error);

G_END_DECLS
