/* pb-case-store-sign-off.c: status changes, decisions, sign-off with the seal,
 * reports and reopening
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-case-store"

#include "config.h"

#include "pb-i18n.h"
#include <string.h>

#include "pb-case-store-private.h"

/* Helpers of the public API ------------------------------------------------- */

static gboolean
invalid_transition (const char    *case_id,
                    CaseState     *state,
                    PbCaseStatus   to,
                    GError       **error)
{
  /* Translators: a case id, its current status, then the status asked for */
  g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
               _("Case “%s” is %s; it cannot become %s"),
               case_id, pb_case_status_get_label (state->status), pb_case_status_get_label (to));
  return FALSE;
}

static gboolean
change_status_locked (PbCaseStore   *self,
                      const char    *case_id,
                      CaseState     *state,
                      PbCaseStatus   to,
                      const char    *reason,
                      const char    *conditions,
                      const char    *now,
                      GError       **error)
{
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autofree char *data = NULL;
  gboolean decision = pb_case_status_is_decision (to);

  if (!(update = _pb_case_store_prepare (self,
                                         "UPDATE revisions SET status = ?3, decision = ?4, reason = ?5, conditions = ?6"
                                         " WHERE case_id = ?1 AND revision = ?2",
                                         error)))
    return FALSE;

  _pb_case_store_bind_text (update, 1, case_id);
  sqlite3_bind_int (update, 2, state->revision);
  _pb_case_store_bind_text (update, 3, pb_case_status_to_string (to));
  _pb_case_store_bind_text (update, 4, decision ? pb_case_status_to_string (to) : NULL);
  _pb_case_store_bind_text (update, 5, decision ? reason : NULL);
  _pb_case_store_bind_text (update, 6, decision ? conditions : NULL);
  if (!_pb_case_store_step (self, update, error))
    return FALSE;

  if (decision)
    data = _pb_case_store_data_json ("conditions", conditions, NULL);

  return _pb_case_store_append_event (self, case_id, state->revision, now, PB_EVENT_STATUS_CHANGED, NULL,
                                      pb_case_status_to_string (state->status), pb_case_status_to_string (to),
                                      _pb_case_store_is_blank (reason) ? NULL : reason, data, error);
}

static gboolean
check_decision (const char    *case_id,
                PbCaseStatus   decision,
                const char    *reason,
                const char    *conditions,
                GError       **error)
{
  if (!pb_case_status_is_decision (decision))
    {
      /* Translators: a status, then a case id */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                   _("“%s” is not a decision (case “%s”); decide approved, approved-with-conditions or rejected"),
                   pb_case_status_to_string (decision), case_id);
      return FALSE;
    }

  if (_pb_case_store_is_blank (reason))
    {
      /* Translators: a case id */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                   _("A decision on case “%s” needs a reason"), case_id);
      return FALSE;
    }

  if (decision == PB_CASE_STATUS_APPROVED_WITH_CONDITIONS && _pb_case_store_is_blank (conditions))
    {
      /* Translators: a case id */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                   _("Approving case “%s” with conditions needs the conditions"), case_id);
      return FALSE;
    }

  return TRUE;
}

/* Public API: status, decisions, sign-off --------------------------------------- */

gboolean
pb_case_store_submit (PbCaseStore  *self,
                      const char   *case_id,
                      GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_auto(CaseState) state = { 0 };
  g_autofree char *now = _pb_case_store_now_iso8601 ();

  g_return_val_if_fail (PB_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_pb_case_store_check_actor (self, FALSE, case_id, error) ||
      !_pb_case_store_begin (self, error))
    return FALSE;

  if (!_pb_case_store_load_case_state (self, case_id, 0, &state, error) ||
      !_pb_case_store_refuse_sealed (self, case_id, &state, error))
    return _pb_case_store_rollback (self);

  if (state.status != PB_CASE_STATUS_DRAFT)
    {
      invalid_transition (case_id, &state, PB_CASE_STATUS_SUBMITTED, error);
      return _pb_case_store_rollback (self);
    }

  if (!change_status_locked (self, case_id, &state, PB_CASE_STATUS_SUBMITTED, NULL, NULL, now, error))
    return _pb_case_store_rollback (self);

  return _pb_case_store_commit (self, error);
}

gboolean
pb_case_store_decide (PbCaseStore   *self,
                      const char    *case_id,
                      PbCaseStatus   decision,
                      const char    *reason,
                      const char    *conditions,
                      GError       **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_auto(CaseState) state = { 0 };
  g_autofree char *now = _pb_case_store_now_iso8601 ();

  g_return_val_if_fail (PB_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_pb_case_store_check_actor (self, TRUE, case_id, error) ||
      !check_decision (case_id, decision, reason, conditions, error))
    return FALSE;

  if (!_pb_case_store_begin (self, error))
    return FALSE;

  if (!_pb_case_store_load_case_state (self, case_id, 0, &state, error) ||
      !_pb_case_store_refuse_sealed (self, case_id, &state, error))
    return _pb_case_store_rollback (self);

  if (state.status != PB_CASE_STATUS_SUBMITTED && !pb_case_status_is_decision (state.status))
    {
      invalid_transition (case_id, &state, decision, error);
      return _pb_case_store_rollback (self);
    }

  if (!change_status_locked (self, case_id, &state, decision, reason, conditions, now, error))
    return _pb_case_store_rollback (self);

  return _pb_case_store_commit (self, error);
}

gboolean
pb_case_store_return_to_draft (PbCaseStore  *self,
                               const char   *case_id,
                               const char   *reason,
                               GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_auto(CaseState) state = { 0 };
  g_autofree char *now = _pb_case_store_now_iso8601 ();

  g_return_val_if_fail (PB_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (_pb_case_store_is_blank (reason))
    {
      /* Translators: a case id */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                   _("Returning case “%s” to draft needs a reason"), case_id);
      return FALSE;
    }

  if (!_pb_case_store_check_actor (self, TRUE, case_id, error) ||
      !_pb_case_store_begin (self, error))
    return FALSE;

  if (!_pb_case_store_load_case_state (self, case_id, 0, &state, error) ||
      !_pb_case_store_refuse_sealed (self, case_id, &state, error))
    return _pb_case_store_rollback (self);

  if (state.status == PB_CASE_STATUS_DRAFT)
    {
      invalid_transition (case_id, &state, PB_CASE_STATUS_DRAFT, error);
      return _pb_case_store_rollback (self);
    }

  if (!change_status_locked (self, case_id, &state, PB_CASE_STATUS_DRAFT, reason, NULL, now, error))
    return _pb_case_store_rollback (self);

  return _pb_case_store_commit (self, error);
}

PbSignOff *
pb_case_store_sign (PbCaseStore   *self,
                    const char    *case_id,
                    const char    *signer_name,
                    PbCaseStatus   decision,
                    const char    *reason,
                    const char    *conditions,
                    const char    *report_sha256,
                    GBytes        *report,
                    GError       **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_auto(CaseState) state = { 0 };
  g_autoptr(sqlite3_stmt) head = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autofree char *now = _pb_case_store_now_iso8601 ();
  g_autofree char *fingerprint = NULL;
  g_autofree char *history_head = NULL;
  g_autofree char *report_size = NULL;
  g_autofree char *data = NULL;
  const char *decision_name;
  const char *role, *name, *organisation;
  PbActor *actor;
  PbCaseStatus previous;
  gint64 sign_off_id;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!_pb_case_store_check_actor (self, TRUE, case_id, error))
    return NULL;

  actor = self->actor;
  role = pb_role_to_string (pb_actor_get_role (actor));
  name = pb_actor_get_name (actor);
  organisation = pb_actor_get_organisation (actor);

  /* Not only the GUI's preference: a report must never print one name as
   * its reviewer beside another person's signature. */
  if (!pb_actor_is_named (actor, signer_name))
    {
      /* Translators: a person's name from a certificate, a case id, then the name of the person acting */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_PERMISSION,
                   _("The signing certificate is %s’s, but the sign-off of case “%s” is being recorded by %s: "
                     "act under the certificate’s name (Preferences, or --user) to sign with it"),
                   signer_name != NULL ? signer_name : "?", case_id, name);
      return NULL;
    }
  /* The sign-off keeps the name exactly as the certificate gives it. */
  name = signer_name;

  if (!_pb_case_store_is_sha256_hex (report_sha256))
    {
      /* Translators: a case id */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                   _("A sign-off of case “%s” needs the SHA-256 of the signed report (64 lowercase hex digits)"),
                   case_id);
      return NULL;
    }

  if (report != NULL)
    {
      g_autofree char *actual = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, report);

      if (strcmp (actual, report_sha256) != 0)
        {
          /* Translators: a case id */
          g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                       _("The report given for case “%s” does not match the SHA-256 it is signed under"),
                       case_id);
          return NULL;
        }
    }

  if (!_pb_case_store_begin (self, error))
    return NULL;

  if (!_pb_case_store_load_case_state (self, case_id, 0, &state, error))
    goto fail;

  previous = state.status;

  if (state.status == PB_CASE_STATUS_SIGNED || pb_case_status_is_decision (state.status))
    {
      PbCaseStatus decided = PB_CASE_STATUS_APPROVED;

      pb_case_status_from_string (state.decision, &decided);
      if (decided != decision)
        {
          /* Translators: a case id, the decision on record, then the one asked for */
          g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CONFLICT,
                       _("Case “%s” was decided %s; it cannot be signed as %s"),
                       case_id, pb_case_status_get_label (decided), pb_case_status_get_label (decision));
          goto fail;
        }

      if (_pb_case_store_is_blank (reason))
        reason = state.reason;
      if (_pb_case_store_is_blank (conditions))
        conditions = state.conditions;
    }
  else if (state.status != PB_CASE_STATUS_SUBMITTED)
    {
      invalid_transition (case_id, &state, PB_CASE_STATUS_SIGNED, error);
      goto fail;
    }

  if (!check_decision (case_id, decision, reason, conditions, error))
    goto fail;

  /* Never seal a history that does not hold. */
  if (!_pb_case_store_verify_locked (self, case_id, NULL, NULL, error))
    {
      /* Translators: a case id */
      g_prefix_error (error, _("Case “%s” cannot be signed: "), case_id);
      goto fail;
    }

  decision_name = pb_case_status_to_string (decision);

  if (!(fingerprint = _pb_case_store_compute_fingerprint (self, case_id, state.revision, error)) ||
      !(head = _pb_case_store_prepare (self, "SELECT head_hash FROM cases WHERE id = ?1", error)))
    goto fail;

  _pb_case_store_bind_text (head, 1, case_id);
  if (_pb_case_store_step (self, head, error) != SQLITE_ROW)
    goto fail;
  history_head = g_strdup (_pb_case_store_column_text (head, 0));

  if (report != NULL)
    {
      if (!_pb_case_store_put_blob (self, report_sha256, report, error))
        goto fail;
      /* Recorded, so that removing the stored report is seen. */
      report_size = g_strdup_printf ("%" G_GSIZE_FORMAT, g_bytes_get_size (report));
    }

  data = _pb_case_store_data_json ("role", role,
                                   "name", name,
                                   "organisation", organisation,
                                   "decision", decision_name,
                                   "conditions", conditions,
                                   "report_sha256", report_sha256,
                                   "answers_fingerprint", fingerprint,
                                   "history_head", history_head,
                                   "report_size", report_size,
                                   NULL);

  if (!_pb_case_store_append_event (self, case_id, state.revision, now, PB_EVENT_SIGNED, NULL,
                                    pb_case_status_to_string (previous), "signed", reason, data, error))
    goto fail;

  if (!(insert = _pb_case_store_prepare (self,
                                         "INSERT INTO sign_offs (case_id, revision, event_seq, role, name, decision, reason, conditions,"
                                         "                       time, report_sha256, answers_fingerprint, history_head, organisation)"
                                         " VALUES (?1, ?2, (SELECT head_seq FROM cases WHERE id = ?1), ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                                         error)))
    goto fail;

  _pb_case_store_bind_text (insert, 1, case_id);
  sqlite3_bind_int (insert, 2, state.revision);
  _pb_case_store_bind_text (insert, 3, role);
  _pb_case_store_bind_text (insert, 4, name);
  _pb_case_store_bind_text (insert, 5, decision_name);
  _pb_case_store_bind_text (insert, 6, reason);
  _pb_case_store_bind_text (insert, 7, conditions);
  _pb_case_store_bind_text (insert, 8, now);
  _pb_case_store_bind_text (insert, 9, report_sha256);
  _pb_case_store_bind_text (insert, 10, fingerprint);
  _pb_case_store_bind_text (insert, 11, history_head);
  _pb_case_store_bind_text (insert, 12, organisation);
  if (!_pb_case_store_step (self, insert, error))
    goto fail;

  sign_off_id = sqlite3_last_insert_rowid (self->db);

  if (!state.sealed)
    {
      g_autoptr(sqlite3_stmt) seal = NULL;

      if (!(seal = _pb_case_store_prepare (self,
                                           "UPDATE revisions SET status = 'signed', decision = ?3, reason = ?4, conditions = ?5, sealed = 1"
                                           " WHERE case_id = ?1 AND revision = ?2",
                                           error)))
        goto fail;

      _pb_case_store_bind_text (seal, 1, case_id);
      sqlite3_bind_int (seal, 2, state.revision);
      _pb_case_store_bind_text (seal, 3, decision_name);
      _pb_case_store_bind_text (seal, 4, reason);
      _pb_case_store_bind_text (seal, 5, conditions);
      if (!_pb_case_store_step (self, seal, error))
        goto fail;
    }

  if (!_pb_case_store_commit (self, error))
    return NULL;

  if (!(select = _pb_case_store_prepare (self, "SELECT " SIGN_OFF_COLUMNS " FROM sign_offs WHERE id = ?1", error)))
    return NULL;

  sqlite3_bind_int64 (select, 1, sign_off_id);
  if (_pb_case_store_step (self, select, error) != SQLITE_ROW)
    return NULL;

  return _pb_case_store_sign_off_from_row (select);

fail:
  _pb_case_store_rollback (self);
  return NULL;
}

GListModel *
pb_case_store_list_sign_offs (PbCaseStore  *self,
                              const char   *case_id,
                              guint         revision,
                              GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_auto(CaseState) state = { 0 };
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  if (!_pb_case_store_load_case_state (self, case_id, revision, &state, error) ||
      !(stmt = _pb_case_store_prepare (self,
                                       "SELECT " SIGN_OFF_COLUMNS " FROM sign_offs"
                                       " WHERE case_id = ?1 AND revision = ?2 ORDER BY event_seq",
                                       error)))
    return NULL;

  _pb_case_store_bind_text (stmt, 1, case_id);
  sqlite3_bind_int (stmt, 2, state.revision);

  return _pb_case_store_collect (self, stmt, PB_TYPE_SIGN_OFF, (RowFunc)_pb_case_store_sign_off_from_row, error);
}

GBytes *
pb_case_store_get_report (PbCaseStore  *self,
                          const char   *case_id,
                          const char   *report_sha256,
                          GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);
  g_return_val_if_fail (report_sha256 != NULL, NULL);

  if (!(stmt = _pb_case_store_prepare (self, "SELECT 1 FROM sign_offs WHERE case_id = ?1 AND report_sha256 = ?2", error)))
    return NULL;

  _pb_case_store_bind_text (stmt, 1, case_id);
  _pb_case_store_bind_text (stmt, 2, report_sha256);
  if ((rc = _pb_case_store_step (self, stmt, error)) == 0)
    return NULL;

  if (rc == SQLITE_DONE)
    {
      /* Translators: a case id, then a SHA-256 */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND,
                   _("Case “%s” has no signed report with SHA-256 %s"), case_id, report_sha256);
      return NULL;
    }

  return _pb_case_store_read_blob (self, report_sha256, STORED_FILE_MAX_SIZE, error);
}

guint
pb_case_store_reopen (PbCaseStore  *self,
                      const char   *case_id,
                      const char   *reason,
                      GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_auto(CaseState) state = { 0 };
  g_autofree char *now = _pb_case_store_now_iso8601 ();
  g_autofree char *old_text = NULL;
  g_autofree char *new_text = NULL;
  guint revision;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), 0);
  g_return_val_if_fail (case_id != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (_pb_case_store_is_blank (reason))
    {
      /* Translators: a case id */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                   _("Reopening case “%s” needs a reason"), case_id);
      return 0;
    }

  if (!_pb_case_store_check_actor (self, TRUE, case_id, error) ||
      !_pb_case_store_begin (self, error))
    return 0;

  if (!_pb_case_store_load_case_state (self, case_id, 0, &state, error))
    goto fail;

  if (!_pb_case_store_verify_locked (self, case_id, NULL, NULL, error))
    {
      /* Translators: a case id */
      g_prefix_error (error, _("Case “%s” cannot be reopened: "), case_id);
      goto fail;
    }

  if (state.status != PB_CASE_STATUS_SIGNED)
    {
      /* Translators: a case id and its status */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                   _("Case “%s” is %s; only a signed case is reopened (change it directly)"),
                   case_id, pb_case_status_get_label (state.status));
      goto fail;
    }

  revision = state.revision + 1;
  old_text = g_strdup_printf ("%u", state.revision);
  new_text = g_strdup_printf ("%u", revision);

  if (!_pb_case_store_run (self,
                           "INSERT INTO revisions (case_id, revision, status, created, outcome, n_answers)"
                           " SELECT case_id, ?3, 'draft', ?4, outcome, n_answers FROM revisions"
                           "  WHERE case_id = ?1 AND revision = ?2",
                           error, 4, case_id, old_text, new_text, now) ||
      !_pb_case_store_run (self,
                           "INSERT INTO answers (case_id, revision, question_id, value, comment, evidence_note, user, updated)"
                           " SELECT case_id, ?3, question_id, value, comment, evidence_note, user, updated FROM answers"
                           "  WHERE case_id = ?1 AND revision = ?2",
                           error, 3, case_id, old_text, new_text) ||
      !_pb_case_store_run (self,
                           "INSERT INTO evidence (case_id, revision, question_id, file_name, media_type, sha256, size, added_by, added)"
                           " SELECT case_id, ?3, question_id, file_name, media_type, sha256, size, added_by, added FROM evidence"
                           "  WHERE case_id = ?1 AND revision = ?2 ORDER BY id",
                           error, 3, case_id, old_text, new_text) ||
      !_pb_case_store_run (self, "UPDATE cases SET current_revision = ?2 WHERE id = ?1", error, 2, case_id, new_text) ||
      !_pb_case_store_append_event (self, case_id, revision, now, PB_EVENT_REOPENED, NULL,
                                    old_text, new_text, reason, NULL, error) ||
      !_pb_case_store_commit (self, error))
    goto fail;

  return revision;

fail:
  _pb_case_store_rollback (self);
  return 0;
}
