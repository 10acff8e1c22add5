/* pb-history-anchoring.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-workflow"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pb-history-anchoring.h"
#include "pb-signing.h"

/* The 32 bytes a hex SHA-256 spells; FALSE if it does not spell one. */
static gboolean
sha256_from_hex (const char *hex,
                 guint8      bytes[32])
{
  if (hex == NULL || strlen (hex) != 64)
    return FALSE;

  for (guint i = 0; i < 32; i++)
    {
      int high = g_ascii_xdigit_value (hex[2 * i]);
      int low = g_ascii_xdigit_value (hex[2 * i + 1]);

      if (high < 0 || low < 0)
        return FALSE;
      bytes[i] = (guint8) (high << 4 | low);
    }

  return TRUE;
}

/* In the calling thread: the head to time-stamp, and how many events it
 * closes. */
static char *
read_head (PbCaseStore  *store,
           const char   *case_id,
           guint8        imprint[32],
           guint        *n_events,
           GError      **error)
{
  g_autofree char *head = NULL;

  if (!(head = pb_case_store_get_history_head (store, case_id, n_events, error)))
    return NULL;

  if (!sha256_from_hex (head, imprint))
    {
      /* Translators: a case id */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TAMPERED,
                   _("The history head of case “%s” is not a SHA-256"), case_id);
      return NULL;
    }

  return g_steal_pointer (&head);
}

/* Anywhere: the authority's token on @imprint. */
static GBytes *
request_token (const char    *case_id,
               const char    *tsa_url,
               const guint8  *imprint,
               GError       **error)
{
  GBytes *token = pb_timestamp_request (tsa_url, imprint, PB_ANCHOR_TIMEOUT_SECONDS, error);

  if (token == NULL)
    /* Translators: a case id */
    g_prefix_error (error, _("Time-stamping the history of case “%s”: "), case_id);

  return token;
}

guint
pb_workflow_anchor_history (PbCaseStore  *store,
                            const char   *case_id,
                            const char   *tsa_url,
                            GError      **error)
{
  g_autofree char *head = NULL;
  g_autoptr(GBytes) token = NULL;
  guint8 imprint[32];
  guint n_events = 0;

  g_return_val_if_fail (PB_IS_CASE_STORE (store), 0);
  g_return_val_if_fail (case_id != NULL, 0);
  g_return_val_if_fail (tsa_url != NULL, 0);

  /* A refusal comes before the authority is asked: it would be asked
   * for nothing. */
  if (!pb_case_store_check_may_anchor (store, error) ||
      !(head = read_head (store, case_id, imprint, &n_events, error)) ||
      !(token = request_token (case_id, tsa_url, imprint, error)))
    return 0;

  /* Should the history have moved on meanwhile, the store refuses: the
   * token is for event n_events's hash only. */
  if (!pb_case_store_add_anchor (store, case_id, n_events, head, token, tsa_url, error))
    return 0;

  return n_events;
}

/* One anchoring in flight: read before, requested in a worker, recorded
 * after, in the calling thread. */
typedef struct
{
  char   *case_id;
  char   *tsa_url;
  char   *head;
  guint8  imprint[32];
  guint   n_events;
  GBytes *token;
} AnchorJob;

static void
anchor_job_free (AnchorJob *job)
{
  g_free (job->case_id);
  g_free (job->tsa_url);
  g_free (job->head);
  g_clear_pointer (&job->token, g_bytes_unref);
  g_free (job);
}

static void
anchor_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  AnchorJob *job = task_data;
  g_autoptr(GError) error = NULL;

  if (!(job->token = request_token (job->case_id, job->tsa_url, job->imprint, &error)))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
anchor_thread_done_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PbCaseStore *store = g_task_get_source_object (task);
  AnchorJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) ||
      !pb_case_store_add_anchor (store, job->case_id, job->n_events, job->head, job->token, job->tsa_url, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, job->n_events);
}

void
pb_workflow_anchor_history_async (PbCaseStore         *store,
                                  const char          *case_id,
                                  const char          *tsa_url,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  g_autoptr(GError) error = NULL;
  AnchorJob *job;

  g_return_if_fail (PB_IS_CASE_STORE (store));
  g_return_if_fail (case_id != NULL);
  g_return_if_fail (tsa_url != NULL);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_workflow_anchor_history_async);

  job = g_new0 (AnchorJob, 1);
  job->case_id = g_strdup (case_id);
  job->tsa_url = g_strdup (tsa_url);
  g_task_set_task_data (task, job, (GDestroyNotify) anchor_job_free);
  if (!pb_case_store_check_may_anchor (store, &error) ||
      !(job->head = read_head (store, case_id, job->imprint, &job->n_events, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  worker = g_task_new (NULL, cancellable, anchor_thread_done_cb, g_object_ref (task));
  g_task_set_source_tag (worker, anchor_thread);
  g_task_set_task_data (worker, job, NULL);
  g_task_run_in_thread (worker, anchor_thread);
}

guint
pb_workflow_anchor_history_finish (GAsyncResult  *result,
                                   GError       **error)
{
  gssize seq;

  g_return_val_if_fail (G_IS_TASK (result), 0);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pb_workflow_anchor_history_async, 0);

  seq = g_task_propagate_int (G_TASK (result), error);
  return seq > 0 ? (guint) seq : 0;
}

void
pb_anchor_report_clear (PbAnchorReport *report)
{
  g_clear_pointer (&report->anchored_time, g_date_time_unref);
  g_clear_pointer (&report->tsa_name, g_free);
  report->n_anchors = 0;
  report->anchored_seq = 0;
}

/* Verifies @token on @imprint now, or once its authority's certificate has
 * expired, at the time the token itself states. */
static gboolean
verify_token (GBytes           *token,
              const guint8     *imprint,
              GBytes           *trust_pem,
              PbTimestampInfo  *info,
              GError          **error)
{
  g_autoptr(GError) now_error = NULL;

  if (pb_timestamp_verify (token, imprint, trust_pem, NULL, info, &now_error))
    return TRUE;

  if (info->gen_time != NULL)
    {
      g_autoptr(GDateTime) at = g_date_time_ref (info->gen_time);

      pb_timestamp_info_clear (info);
      if (pb_timestamp_verify (token, imprint, trust_pem, at, info, NULL))
        return TRUE;
    }

  g_propagate_error (error, g_steal_pointer (&now_error));
  return FALSE;
}

gboolean
pb_workflow_verify_anchors (PbCaseStore     *store,
                            const char      *case_id,
                            GBytes          *trust_pem,
                            PbAnchorReport  *report,
                            GError         **error)
{
  g_autoptr(GListModel) anchors = NULL;
  guint n;

  g_return_val_if_fail (PB_IS_CASE_STORE (store), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  pb_anchor_report_clear (report);
  if (!(anchors = pb_case_store_list_anchors (store, case_id, error)))
    return FALSE;

  n = g_list_model_get_n_items (anchors);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PbHistoryAnchor) anchor = g_list_model_get_item (anchors, i);
      g_autoptr(GError) local_error = NULL;
      PbTimestampInfo info = { 0 };
      guint seq = pb_history_anchor_get_event_seq (anchor);
      guint8 imprint[32];

      if (!sha256_from_hex (pb_history_anchor_get_head_hash (anchor), imprint) ||
          !verify_token (pb_history_anchor_get_token (anchor), imprint, trust_pem, &info, &local_error))
        {
          pb_timestamp_info_clear (&info);
          /* Translators: a case id, an event number, then the reason */
          g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TAMPERED,
                       _("The time-stamp of case “%s” on event %u does not hold: %s"),
                       case_id, seq, local_error ? local_error->message : _("not a SHA-256"));
          return FALSE;
        }

      report->n_anchors++;
      if (seq >= report->anchored_seq)
        {
          report->anchored_seq = seq;
          g_clear_pointer (&report->anchored_time, g_date_time_unref);
          g_clear_pointer (&report->tsa_name, g_free);
          report->anchored_time = g_steal_pointer (&info.gen_time);
          report->tsa_name = g_steal_pointer (&info.tsa_name);
        }
      pb_timestamp_info_clear (&info);
    }

  return TRUE;
}
