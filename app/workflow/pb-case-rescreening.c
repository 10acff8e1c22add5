/* pb-case-rescreening.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-workflow"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pb-case-rescreening.h"
#include "pb-case-screener.h"
#include "pb-store-opener.h"
#include "pb-workflow-private.h"

static char *
hit_key (PbCaseHit *hit)
{
  return g_strconcat (hit->party_id, "\x1f", hit->entry_sha256, NULL);
}

/* The hits of the latest screening, by party and entry. */
static GHashTable *
latest_hit_keys (PbCaseScreening *screening)
{
  GHashTable *keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  PbScreeningRun *run = pb_case_screening_get_latest (screening);

  for (guint i = 0; run != NULL && i < run->hits->len; i++)
    g_hash_table_add (keys, hit_key (g_ptr_array_index (run->hits, i)));

  return keys;
}

gboolean
pb_workflow_rescreen (PbCaseStore    *store,
                      const char     *case_id,
                      PbRescreening  *result,
                      GError        **error)
{
  g_autoptr(PbCaseScreening) before = NULL;
  g_autoptr(PbCaseScreening) after = NULL;
  g_autoptr(GHashTable) known = NULL;
  g_autoptr(GError) local_error = NULL;
  PbRescreening found = { 0 };
  PbCaseStatus status;
  PbScreeningRun *run;

  g_return_val_if_fail (PB_IS_CASE_STORE (store), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);

  if (result != NULL)
    *result = found;

  status = pb_case_store_get_status (store, case_id, 0, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  /* A sealed revision records nothing more; its signature stands on the
   * editions it was screened against. */
  if (status == PB_CASE_STATUS_SIGNED)
    return TRUE;

  if (!(before = pb_case_store_get_screening (store, case_id, 0, error)))
    return FALSE;

  if ((found.event = pb_case_rescreen_if_outdated (store, case_id, &local_error)) == 0)
    {
      if (local_error != NULL)
        {
          /* Translators: a case id, then why */
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      _("Case “%s” could not be screened again against the newer list editions: "),
                                      case_id);
          return FALSE;
        }
      return TRUE;
    }

  if (!(after = pb_case_store_get_screening (store, case_id, 0, error)))
    return FALSE;

  known = latest_hit_keys (before);
  run = pb_case_screening_get_latest (after);
  for (guint i = 0; i < run->hits->len; i++)
    {
      PbCaseHit *hit = g_ptr_array_index (run->hits, i);
      g_autofree char *key = NULL;

      if (hit->status != PB_HIT_OPEN)
        continue;

      found.n_open++;
      key = hit_key (hit);
      if (!g_hash_table_contains (known, key))
        found.n_new_open++;
    }

  if (result != NULL)
    *result = found;

  return TRUE;
}

char *
pb_rescreening_describe (const PbRescreening *result)
{
  g_return_val_if_fail (result != NULL, NULL);

  if (result->event == 0)
    return NULL;

  if (result->n_new_open > 0)
    /* Translators: the number of new possible matches, then an event number */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "A newer list edition was imported since the last screening. Screened again "
                                         "(event %2$u): %1$u new possible match holds the case until a legal reviewer "
                                         "clears or confirms it.",
                                         "A newer list edition was imported since the last screening. Screened again "
                                         "(event %2$u): %1$u new possible matches hold the case until a legal reviewer "
                                         "clears or confirms them.",
                                         result->n_new_open),
                            result->n_new_open, result->event);

  /* Translators: an event number */
  return g_strdup_printf (_("A newer list edition was imported since the last screening. Screened again "
                            "(event %u): no new possible match."),
                          result->event);
}

gboolean
pb_workflow_submit (PbCaseStore    *store,
                    const char     *case_id,
                    PbRescreening  *result,
                    GError        **error)
{
  g_return_val_if_fail (PB_IS_CASE_STORE (store), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);

  return pb_workflow_rescreen (store, case_id, result, error) &&
         pb_case_store_submit (store, case_id, error);
}

static gboolean
refuse (GError     **error,
        const char  *format,
        ...) G_GNUC_PRINTF (2, 3);

static gboolean
refuse (GError     **error,
        const char  *format,
        ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (PB_STORAGE_ERROR, PB_STORAGE_ERROR_REFUSED, format, args));
  va_end (args);

  return FALSE;
}

/* Whether the decision in force still stands on the case's latest
 * screening; refuses (saying what to do) when it does not. */
static gboolean
check_decision_stands (PbCaseStore  *store,
                       const char   *case_id,
                       GError      **error)
{
  g_autoptr(PbCaseScreening) screening = NULL;
  g_autoptr(PbDecision) decision = NULL;
  g_autoptr(PbEvaluation) evaluation = NULL;
  g_autoptr(GError) local_error = NULL;
  PbScreeningRun *run;
  guint n_open_after = 0;

  if (!(screening = pb_case_store_get_screening (store, case_id, 0, error)))
    return FALSE;

  decision = pb_case_store_get_decision (store, case_id, 0, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  /* No decision: the store refuses the signature and says why. */
  if (decision == NULL || (run = pb_case_screening_get_latest (screening)) == NULL)
    return TRUE;

  for (guint i = 0; i < run->hits->len; i++)
    {
      PbCaseHit *hit = g_ptr_array_index (run->hits, i);

      if (hit->status == PB_HIT_OPEN && run->event > pb_decision_get_event_seq (decision))
        n_open_after++;
    }

  if (n_open_after > 0)
    /* Translators: a case id, an event number, then the number of possible matches */
    return refuse (error,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Case “%s” was screened again after its decision (event %u) and %u possible match is "
                                "open: a legal reviewer clears or confirms it, and decides the case again, before it "
                                "is signed",
                                "Case “%s” was screened again after its decision (event %u) and %u possible matches are "
                                "open: a legal reviewer clears or confirms them, and decides the case again, before it "
                                "is signed",
                                n_open_after),
                   case_id, run->event, n_open_after);

  if (!pb_decision_has_outcome (decision))
    return TRUE;

  if (!(evaluation = pb_case_store_evaluate (store, case_id, 0, error)))
    return FALSE;

  if (pb_evaluation_get_outcome (evaluation) != pb_decision_get_outcome (decision))
    /* Translators: a case id, then two outcomes such as "Proceed" and "Do not proceed" */
    return refuse (error, _("The rating of case “%s” changed from “%s” to “%s” since its decision, after its "
                            "screening changed: a legal reviewer decides the case again before it is signed"),
                   case_id, pb_outcome_get_label (pb_decision_get_outcome (decision)),
                   pb_evaluation_get_outcome_label (evaluation));

  return TRUE;
}

/* An approval stands on a screening its own lists give, whoever recorded
 * either (pb_case_check_screening_run()); a rejection stands on any. The
 * decision and the screening are @snapshot's when given (what a signature
 * is made on, whose head the sign-off's compare-and-swap then holds to: a
 * screening recorded after the check cannot slip in), else the store's. */
static gboolean
check_approval_screening (PbCaseStore     *store,
                          const char      *case_id,
                          PbCaseSnapshot  *snapshot,
                          GError         **error)
{
  g_autoptr(PbDecision) current = NULL;
  g_autoptr(PbCaseScreening) screening = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *not_checked = NULL;
  PbDecision *decision;
  PbCaseScreening *runs;
  PbCaseStatus status;

  if (snapshot != NULL)
    decision = pb_case_snapshot_get_decision (snapshot);
  else if (!(decision = current = pb_case_store_get_decision (store, case_id, 0, &local_error)) && local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (decision == NULL)
    return TRUE;

  status = pb_decision_get_decision (decision);
  if (status != PB_CASE_STATUS_APPROVED && status != PB_CASE_STATUS_APPROVED_WITH_CONDITIONS)
    return TRUE;

  if (snapshot != NULL)
    runs = pb_case_snapshot_get_screening (snapshot);
  else if (!(runs = screening = pb_case_store_get_screening (store, case_id, 0, error)))
    return FALSE;

  return pb_case_check_screening_run (store, case_id, runs != NULL ? pb_case_screening_get_latest (runs) : NULL,
                                      &not_checked, error);
}

gboolean
pb_workflow_check_screening_for_signing (PbCaseStore    *store,
                                         const char     *case_id,
                                         PbRescreening  *result,
                                         GError        **error)
{
  g_return_val_if_fail (PB_IS_CASE_STORE (store), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);

  return pb_workflow_rescreen (store, case_id, result, error) &&
         check_approval_screening (store, case_id, NULL, error) &&
         check_decision_stands (store, case_id, error);
}

gboolean
_pb_workflow_check_snapshot_screening (PbCaseStore     *store,
                                       PbCaseSnapshot  *snapshot,
                                       GError         **error)
{
  const char *case_id = pb_case_snapshot_get_case_id (snapshot);

  return check_approval_screening (store, case_id, snapshot, error) &&
         check_decision_stands (store, case_id, error);
}

/* In a thread ---------------------------------------------------------------- */

/* The data of each task below. What the screening found is kept here for
 * _finish() even when a later step refuses (submitting, or the decision no
 * longer standing): the person who acted is told both. */
typedef struct
{
  PbStoreOpener *opener;    /* for the worker's own store */
  char          *case_id;
  gboolean       check_approval;  /* and check the screening an approval stands on */
  PbRescreening  found;
} RescreenJob;

static void
rescreen_job_free (RescreenJob *job)
{
  pb_store_opener_free (job->opener);
  g_free (job->case_id);
  g_free (job);
}

static GTask *
rescreen_task_new (PbCaseStore         *store,
                   const char          *case_id,
                   gpointer             source_tag,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  GTask *task = g_task_new (store, cancellable, callback, user_data);
  RescreenJob *job = g_new0 (RescreenJob, 1);

  job->opener = pb_store_opener_new (store);
  job->case_id = g_strdup (case_id);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) rescreen_job_free);

  return task;
}

/* The one shape of the three _finish() functions. */
static gboolean
rescreen_task_finish (GAsyncResult   *result,
                      gpointer        source_tag,
                      PbRescreening  *rescreening,
                      GError        **error)
{
  RescreenJob *job;

  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  job = g_task_get_task_data (G_TASK (result));
  if (rescreening != NULL)
    *rescreening = job->found;

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
rescreen_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  RescreenJob *job = task_data;
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!(store = pb_store_opener_open (job->opener, PB_CASE_STORE_FLAGS_NO_CREATE, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!pb_workflow_rescreen (store, job->case_id, &job->found, &error) ||
      (job->check_approval && !check_approval_screening (store, job->case_id, NULL, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/* pb_workflow_rescreen_async(), and with @check_approval the screening an
 * approval in force stands on checked against its lists, in the worker. */
static void
rescreen_in_thread (PbCaseStore         *store,
                    const char          *case_id,
                    gboolean             check_approval,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = rescreen_task_new (store, case_id, pb_workflow_rescreen_async, cancellable, callback,
                                             user_data);

  ((RescreenJob *) g_task_get_task_data (task))->check_approval = check_approval;
  g_task_run_in_thread (task, rescreen_thread);
}

void
pb_workflow_rescreen_async (PbCaseStore         *store,
                            const char          *case_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (PB_IS_CASE_STORE (store));
  g_return_if_fail (case_id != NULL);

  rescreen_in_thread (store, case_id, FALSE, cancellable, callback, user_data);
}

gboolean
pb_workflow_rescreen_finish (GAsyncResult   *result,
                             PbRescreening  *rescreening,
                             GError        **error)
{
  return rescreen_task_finish (result, pb_workflow_rescreen_async, rescreening, error);
}

static void
submit_rescreened_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RescreenJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* Back in the calling thread: its store submits. */
  if (!pb_workflow_rescreen_finish (result, &job->found, &error) ||
      !pb_case_store_submit (g_task_get_source_object (task), job->case_id, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
pb_workflow_submit_async (PbCaseStore         *store,
                          const char          *case_id,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (PB_IS_CASE_STORE (store));
  g_return_if_fail (case_id != NULL);

  task = rescreen_task_new (store, case_id, pb_workflow_submit_async, cancellable, callback, user_data);
  pb_workflow_rescreen_async (store, case_id, cancellable, submit_rescreened_cb, task);
}

gboolean
pb_workflow_submit_finish (GAsyncResult   *result,
                           PbRescreening  *rescreening,
                           GError        **error)
{
  return rescreen_task_finish (result, pb_workflow_submit_async, rescreening, error);
}

static void
signing_rescreened_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RescreenJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* Back in the calling thread: its store reads the decision and rates
   * the case, which takes milliseconds. */
  if (!pb_workflow_rescreen_finish (result, &job->found, &error) ||
      g_task_return_error_if_cancelled (task) ||
      !check_decision_stands (g_task_get_source_object (task), job->case_id, &error))
    {
      if (error != NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
pb_workflow_check_screening_for_signing_async (PbCaseStore         *store,
                                               const char          *case_id,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (PB_IS_CASE_STORE (store));
  g_return_if_fail (case_id != NULL);

  task = rescreen_task_new (store, case_id, pb_workflow_check_screening_for_signing_async,
                            cancellable, callback, user_data);
  rescreen_in_thread (store, case_id, TRUE, cancellable, signing_rescreened_cb, task);
}

gboolean
pb_workflow_check_screening_for_signing_finish (GAsyncResult   *result,
                                                PbRescreening  *rescreening,
                                                GError        **error)
{
  return rescreen_task_finish (result, pb_workflow_check_screening_for_signing_async, rescreening, error);
}
