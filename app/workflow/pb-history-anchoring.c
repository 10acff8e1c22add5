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

  if (!(head = pb_case_store_get_history_head (store, case_id, &n_events, error)))
    return 0;

  if (!sha256_from_hex (head, imprint))
    {
      /* Translators: a case id */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TAMPERED,
                   _("The history head of case “%s” is not a SHA-256"), case_id);
      return 0;
    }

  if (!(token = pb_timestamp_request (tsa_url, imprint, PB_ANCHOR_TIMEOUT_SECONDS, error)))
    {
      /* Translators: a case id */
      g_prefix_error (error, _("Time-stamping the history of case “%s”: "), case_id);
      return 0;
    }

  /* Should the history have moved on meanwhile, the store refuses: the
   * token is for event n_events's hash only. */
  if (!pb_case_store_add_anchor (store, case_id, n_events, head, token, tsa_url, error))
    return 0;

  return n_events;
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
