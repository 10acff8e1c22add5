/* pb-case-store-snapshot.c: a revision read whole, in one read transaction
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-case-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pb-case-screening.h"
#include "pb-case-store-private.h"

static PbCaseSnapshot *
read_snapshot_locked (PbCaseStore  *self,
                      const char   *case_id,
                      guint         revision,
                      GError      **error)
{
  g_auto(CaseState) state = { 0 };
  g_autoptr(PbCaseInfo) info = NULL;
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(GListModel) records = NULL;
  g_autoptr(GListModel) evidence = NULL;
  g_autoptr(GListModel) sign_offs = NULL;
  g_autoptr(PbDecision) decision = NULL;
  g_autoptr(PbCaseScreening) screening = NULL;
  g_autoptr(PbCountries) reference = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *head = NULL;
  g_autofree char *withdrawn_by = NULL;
  g_autofree char *withdrawn = NULL;
  g_autofree char *withdrawn_reason = NULL;
  g_auto(GStrv) authors = NULL;
  PbCaseSnapshot *snapshot;
  gboolean reference_foreign;
  guint n_events = 0;

  if (!(info = pb_case_store_get_case (self, case_id, error)) ||
      !_pb_case_store_load_case_state (self, case_id, revision, &state, error) ||
      !(questionnaire = pb_case_store_load_questionnaire (self, case_id, error)) ||
      !(answers = pb_case_store_get_answers (self, case_id, state.revision, error)) ||
      !(records = pb_case_store_list_answers (self, case_id, state.revision, error)) ||
      !(evidence = pb_case_store_list_evidence (self, case_id, state.revision, error)) ||
      !(sign_offs = pb_case_store_list_sign_offs (self, case_id, state.revision, error)) ||
      !(decision = _pb_case_store_read_decision (self, case_id, state.revision, error)) ||
      !(head = pb_case_store_get_history_head (self, case_id, &n_events, error)) ||
      !(authors = _pb_case_store_read_authors (self, case_id, state.revision, error)) ||
      !(screening = _pb_case_store_load_screening_locked (self, case_id, state.revision, error)))
    return NULL;

  reference = _pb_case_store_load_reference_locked (self, case_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* A sealed revision is reported with the values its seal recorded, so
   * that every report of it prints the same. */
  if (g_list_model_get_n_items (sign_offs) > 0)
    {
      g_autoptr(PbSignOff) first = g_list_model_get_item (sign_offs, 0);

      fingerprint = g_strdup (pb_sign_off_get_answers_fingerprint (first));
      g_free (head);
      head = g_strdup (pb_sign_off_get_history_head (first));
    }
  else if (!(fingerprint = _pb_case_store_compute_fingerprint (self, case_id, state.revision, error)))
    return NULL;

  if (!_pb_decision_is_decided (decision))
    g_clear_object (&decision);

  if (!pb_case_store_read_questionnaire_withdrawal (self, pb_case_info_get_questionnaire_sha256 (info),
                                                    &withdrawn_by, &withdrawn, &withdrawn_reason, error) ||
      !pb_case_store_reference_is_foreign (self, reference, &reference_foreign, error))
    return NULL;

  snapshot = _pb_case_snapshot_new (g_steal_pointer (&info), state.revision, state.status, state.sealed,
                                g_steal_pointer (&questionnaire), g_steal_pointer (&answers), reference,
                                g_steal_pointer (&records), g_steal_pointer (&evidence),
                                g_steal_pointer (&sign_offs), g_steal_pointer (&decision),
                                g_steal_pointer (&fingerprint), g_steal_pointer (&head), n_events,
                                g_steal_pointer (&screening));
  _pb_case_snapshot_set_withdrawal (snapshot, g_steal_pointer (&withdrawn_by), g_steal_pointer (&withdrawn),
                                    g_steal_pointer (&withdrawn_reason));
  _pb_case_snapshot_set_reference_foreign (snapshot, reference_foreign);
  _pb_case_snapshot_set_authors (snapshot, g_steal_pointer (&authors));

  return snapshot;
}

PbCaseSnapshot *
pb_case_store_read_snapshot (PbCaseStore  *self,
                             const char   *case_id,
                             guint         revision,
                             GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  PbCaseSnapshot *snapshot;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* One read transaction: a writer in another process cannot slip an
   * answer or an event between two of the reads. */
  if (!pb_db_begin_read (self->db, error))
    return NULL;

  snapshot = read_snapshot_locked (self, case_id, revision, error);
  _pb_case_store_rollback (self);

  return snapshot;
}
