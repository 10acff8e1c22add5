/* pb-case-store-sign-off.c: submitting, sending back, sign-off with the seal,
 * reports and reopening (decisions: pb-case-store-decide.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-case-store"

#include "config.h"

#include "pb-i18n.h"
#include <string.h>

#include "pb-case-store-private.h"
#include "pb-db-statements.h"

/* Helpers of the public API ------------------------------------------------- */

gboolean
_pb_case_store_invalid_transition (const char    *case_id,
                                   CaseState     *state,
                                   PbCaseStatus   to,
                                   GError       **error)
{
  /* Translators: a case id, its current status, then the status asked for, both within a sentence ("approved") */
  g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
               _("Case “%s” is %s; it cannot become %s"),
               case_id, pb_case_status_get_noun (state->status), pb_case_status_get_noun (to));
  return FALSE;
}

/* Moves the revision to @to and records it. The revision keeps a reason and
 * conditions only with a decision; @data is the event's. */
gboolean
_pb_case_store_change_status_locked (PbCaseStore   *self,
                                     const char    *case_id,
                                     CaseState     *state,
                                     PbCaseStatus   to,
                                     const char    *reason,
                                     const char    *conditions,
                                     const char    *data,
                                     const char    *now,
                                     GError       **error)
{
  g_autoptr(PbDbStmt) update = NULL;
  gboolean decision = pb_case_status_is_decision (to);

  if (!(update = pb_db_prepare (self->db,
                                PB_SQL ("UPDATE revisions SET status = ?3, decision = ?4, reason = ?5, conditions = ?6"
                                        " WHERE case_id = ?1 AND revision = ?2"),
                                error)))
    return FALSE;

  pb_db_stmt_bind_text (update, 1, case_id);
  pb_db_stmt_bind_int64 (update, 2, state->revision);
  pb_db_stmt_bind_text (update, 3, pb_case_status_to_string (to));
  pb_db_stmt_bind_text (update, 4, decision ? pb_case_status_to_string (to) : NULL);
  pb_db_stmt_bind_text (update, 5, decision ? reason : NULL);
  pb_db_stmt_bind_text (update, 6, decision ? conditions : NULL);
  if (!pb_db_stmt_step (update, error))
    return FALSE;

  return _pb_case_store_append_event (self, case_id, state->revision, now, PB_EVENT_STATUS_CHANGED, NULL,
                                      pb_case_status_to_string (state->status), pb_case_status_to_string (to),
                                      _pb_case_store_is_blank (reason) ? NULL : reason, data, error);
}

/* A review needs every required question that applies answered: the
 * rating of a complete revision, or NULL. */
static PbEvaluation *
rate_complete (PbCaseStore  *self,
               const char   *case_id,
               CaseState    *state,
               GError      **error)
{
  g_autoptr(PbEvaluation) evaluation = _pb_case_store_evaluate_locked (self, case_id, state, error);
  g_autoptr(GString) missing = NULL;
  guint n_missing;

  if (evaluation == NULL)
    return NULL;

  if ((n_missing = pb_evaluation_get_n_missing (evaluation)) == 0)
    return g_steal_pointer (&evaluation);

  missing = g_string_new (NULL);
  for (guint i = 0; i < MIN (n_missing, 6); i++)
    g_string_append_printf (missing, "%s%s", i > 0 ? ", " : "",
                            pb_question_get_id (pb_evaluation_get_missing (evaluation, i)));
  if (n_missing > 6)
    g_string_append (missing, ", …");

  /* Translators: a case id, then question ids */
  g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_REFUSED,
               _("Case “%s” cannot be submitted while required questions are unanswered: %s"),
               case_id, missing->str);
  return NULL;
}

/* Public API: status, decisions, sign-off --------------------------------------- */

static gboolean
submit_once (PbCaseStore  *self,
             const char   *case_id,
             GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_auto(CaseState) state = { 0 };
  g_autoptr(PbEvaluation) evaluation = NULL;
  g_autofree char *hard_stops = NULL;
  g_autofree char *data = NULL;

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
      _pb_case_store_invalid_transition (case_id, &state, PB_CASE_STATUS_SUBMITTED, error);
      return _pb_case_store_rollback (self);
    }

  if (!(evaluation = rate_complete (self, case_id, &state, error)))
    return _pb_case_store_rollback (self);

  /* What the submission is rated, in its event: a team server checks
   * every decision against it (app/storage/postgresql/README.md). */
  hard_stops = _pb_case_store_list_hard_stops (evaluation);
  data = _pb_case_store_data_json ("outcome", pb_outcome_to_string (pb_evaluation_get_outcome (evaluation)),
                                   "hard_stops", hard_stops,
                                   NULL);

  if (!_pb_case_store_change_status_locked (self, case_id, &state, PB_CASE_STATUS_SUBMITTED, NULL, NULL, data, state.time, error))
    return _pb_case_store_rollback (self);

  return _pb_case_store_commit (self, error);
}

gboolean
pb_case_store_submit (PbCaseStore  *self,
                      const char   *case_id,
                      GError      **error)
{
  return _PB_CASE_STORE_RETRYING (self, case_id, error, submit_once (self, case_id, error));
}

static gboolean
return_to_draft_once (PbCaseStore  *self,
                      const char   *case_id,
                      const char   *reason,
                      GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_auto(CaseState) state = { 0 };

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
      _pb_case_store_invalid_transition (case_id, &state, PB_CASE_STATUS_DRAFT, error);
      return _pb_case_store_rollback (self);
    }

  if (!_pb_case_store_change_status_locked (self, case_id, &state, PB_CASE_STATUS_DRAFT, reason, NULL, NULL, state.time, error))
    return _pb_case_store_rollback (self);

  return _pb_case_store_commit (self, error);
}

gboolean
pb_case_store_return_to_draft (PbCaseStore  *self,
                               const char   *case_id,
                               const char   *reason,
                               GError      **error)
{
  return _PB_CASE_STORE_RETRYING (self, case_id, error, return_to_draft_once (self, case_id, reason, error));
}

/* The fingerprint and history head the first sign-off of a sealed revision
 * recorded: what every report of it prints. */
static gboolean
read_seal (PbCaseStore  *self,
           const char   *case_id,
           guint         revision,
           char        **fingerprint,
           char        **history_head,
           GError      **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;

  if (!(stmt = pb_db_prepare (self->db,
                              PB_SQL ("SELECT answers_fingerprint, history_head FROM sign_offs"
                                      " WHERE case_id = ?1 AND revision = ?2 ORDER BY event_seq LIMIT 1"),
                              error)))
    return FALSE;

  pb_db_stmt_bind_text (stmt, 1, case_id);
  pb_db_stmt_bind_int64 (stmt, 2, revision);
  if (pb_db_stmt_step (stmt, error) != PB_DB_ROW)
    return FALSE;

  *fingerprint = g_strdup (pb_db_stmt_column_text (stmt, 0));
  *history_head = g_strdup (pb_db_stmt_column_text (stmt, 1));

  return TRUE;
}

/* Sealing is a compare-and-swap: the report must have been made from the
 * revision, answers and history that are there now (for a sealed revision,
 * those its seal recorded). */
static gboolean
check_rendered (PbCaseStore  *self,
                const char   *case_id,
                CaseState    *state,
                guint         revision,
                const char   *answers_fingerprint,
                const char   *history_head,
                const char   *fingerprint,
                const char   *head,
                GError      **error)
{
  g_autofree char *sealed_fingerprint = NULL;
  g_autofree char *sealed_head = NULL;

  if (revision != state->revision)
    {
      /* Translators: a case id, a revision number, then another */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CONFLICT,
                   _("The report was made from revision %u of case “%s”, which is at revision %u: "
                     "make the report of the current revision"),
                   revision, case_id, state->revision);
      return FALSE;
    }

  if (state->sealed)
    {
      if (!read_seal (self, case_id, state->revision, &sealed_fingerprint, &sealed_head, error))
        return FALSE;
      fingerprint = sealed_fingerprint;
      head = sealed_head;
    }

  if (g_strcmp0 (answers_fingerprint, fingerprint) != 0 || g_strcmp0 (history_head, head) != 0)
    {
      /* Translators: a case id */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CONFLICT,
                   _("Case “%s” changed after its report was made (its answers or its history differ from "
                     "those the report prints): make the report again"),
                   case_id);
      return FALSE;
    }

  return TRUE;
}

/* Who signs: the actor, a legal reviewer, under the certificate's name. */
static gboolean
check_signer (PbCaseStore  *self,
              const char   *case_id,
              const char   *signer_name,
              GError      **error)
{
  if (!_pb_case_store_check_actor (self, TRUE, case_id, error))
    return FALSE;

  /* Not only the GUI's preference: a report must never print one name as
   * its reviewer beside another person's signature. On a server the
   * person is whom it authenticated, and their certificate gives the
   * display name the server keeps for them (db add-user --name). */
  if (self->server_user != NULL && !pb_actor_names_equal (signer_name, self->server_name))
    {
      /* Translators: a person's name from a certificate, a case id, a database, a role name, then the name it keeps for them */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_PERMISSION,
                   _("The signing certificate is %s’s, but the sign-off of case “%s” is being recorded on %s "
                     "by %s, who signs as “%s”: an administrator sets the name a certificate gives with "
                     "“probity-cli db add-user --name”"),
                   signer_name != NULL ? signer_name : "?", case_id, pb_db_get_name (self->db),
                   self->server_user, self->server_name);
      return FALSE;
    }

  if (self->server_user == NULL && !pb_actor_is_named (self->actor, signer_name))
    {
      /* Translators: a person's name from a certificate, a case id, then the name of the person acting */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_PERMISSION,
                   _("The signing certificate is %s’s, but the sign-off of case “%s” is being recorded by %s: "
                     "act under the certificate’s name (Preferences, or --user) to sign with it"),
                   signer_name != NULL ? signer_name : "?", case_id, pb_actor_get_name (self->actor));
      return FALSE;
    }

  return TRUE;
}

/* For a message: an organisation, or that there is none. */
static char *
organisation_label (const char *organisation)
{
  if (organisation == NULL)
    return g_strdup (_("no organisation"));

  /* Translators: an organisation's name */
  return g_strdup_printf (_("the organisation “%s”"), organisation);
}

/* The report names the organisation its signer acts for, and the sign-off
 * records it: they are the same one. On a server an administrator may
 * have changed it since the report was made (read again when it refused
 * the organisation, review14c F7): such a report is not signed for the
 * new one. */
static gboolean
check_organisation (PbCaseStore  *self,
                    const char   *case_id,
                    const char   *organisation,
                    GError      **error)
{
  const char *acting = _pb_case_store_acting_organisation (self);
  g_autofree char *made_for = NULL;
  g_autofree char *now = NULL;

  if (g_strcmp0 (organisation, acting) == 0)
    return TRUE;

  made_for = organisation_label (organisation);
  now = organisation_label (acting);
  /* Translators: a case id, "the organisation “…”" or "no organisation", a person's name, then again
   * "the organisation “…”" or "no organisation" */
  g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CONFLICT,
               _("The report of case “%s” was made for %s, but %s acts for %s now (an administrator changed it "
                 "since): make and sign the report again"),
               case_id, made_for, pb_actor_get_name (self->actor), now);
  return FALSE;
}

/* A decision taken before the case was copied onto this server, where
 * the name it carries was its file's word (PROBITY_USER: review14c F8),
 * is not signed here: a legal reviewer of the server decides again. Only
 * a server records an "imported" event. */
static gboolean
check_decided_here (PbCaseStore  *self,
                    const char   *case_id,
                    CaseState    *state,
                    GError      **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  int rc;

  if (!(stmt = pb_db_prepare (self->db,
                              PB_SQL ("SELECT d.seq FROM events d"
                                      " WHERE d.case_id = ?1 AND d.revision = ?2 AND d.kind = 'status-changed'"
                                      "   AND d.seq = (SELECT max (seq) FROM events WHERE case_id = ?1 AND revision = ?2"
                                      "                   AND kind = 'status-changed')"
                                      "   AND EXISTS (SELECT 1 FROM events i WHERE i.case_id = ?1 AND i.kind = 'imported'"
                                      "                  AND i.seq > d.seq)"),
                              error)))
    return FALSE;
  pb_db_stmt_bind_text (stmt, 1, case_id);
  pb_db_stmt_bind_int64 (stmt, 2, state->revision);
  if ((rc = pb_db_stmt_step (stmt, error)) == 0)
    return FALSE;

  if (rc == PB_DB_ROW)
    {
      /* Translators: a case id, then an event number */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_REFUSED,
                   _("The decision in force on case “%s” (event %u) was taken before the case was copied onto this "
                     "server, where who took it was not checked: a legal reviewer decides again before it is "
                     "signed"),
                   case_id, (guint) pb_db_stmt_column_int64 (stmt, 0));
      return FALSE;
    }

  return TRUE;
}

/* Everything a sign-off checks before it writes, inside its transaction:
 * the case holds, a decision is in force on these answers, and the report
 * was made from the case as it is (@state loaded, @fingerprint and @head
 * get the current values). */
static gboolean
check_sign_locked (PbCaseStore  *self,
                   const char   *case_id,
                   guint         revision,
                   const char   *answers_fingerprint,
                   const char   *history_head,
                   CaseState    *state,
                   char        **fingerprint,
                   char        **head,
                   GError      **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;

  if (!_pb_case_store_is_sha256_hex (answers_fingerprint) || !_pb_case_store_is_sha256_hex (history_head))
    {
      /* Translators: a case id */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                   _("A sign-off of case “%s” needs the answers fingerprint and history head its report prints"),
                   case_id);
      return FALSE;
    }

  if (!_pb_case_store_load_case_state (self, case_id, 0, state, error))
    return FALSE;

  /* Never seal a history that does not hold. */
  if (!_pb_case_store_verify_locked (self, case_id, NULL, NULL, error))
    {
      /* Translators: a case id */
      g_prefix_error (error, _("Case “%s” cannot be signed: "), case_id);
      return FALSE;
    }

  if (state->status == PB_CASE_STATUS_AWAITING_SECOND_APPROVAL)
    {
      /* Translators: a case id */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_REFUSED,
                   _("Case “%s” awaits a second legal reviewer’s approval of its override: it cannot be signed before"),
                   case_id);
      return FALSE;
    }

  if (state->status == PB_CASE_STATUS_SUBMITTED)
    {
      /* Translators: a case id, then its status within a sentence ("submitted for review") */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_REFUSED,
                   _("Case “%s” is %s: a legal reviewer’s decision must be in force before it is signed"),
                   case_id, pb_case_status_get_noun (state->status));
      return FALSE;
    }

  if (state->status != PB_CASE_STATUS_SIGNED && !pb_case_status_is_decision (state->status))
    return _pb_case_store_invalid_transition (case_id, state, PB_CASE_STATUS_SIGNED, error);

  if (!state->sealed && !check_decided_here (self, case_id, state, error))
    return FALSE;
  if (!state->sealed && state->status != PB_CASE_STATUS_REJECTED &&
      !_pb_case_store_check_approvals_in_force (self, case_id, error))
    return FALSE;

  if (!(*fingerprint = _pb_case_store_compute_fingerprint (self, case_id, state->revision, error)) ||
      !(stmt = pb_db_prepare (self->db, PB_SQL ("SELECT head_hash FROM cases WHERE id = ?1"), error)))
    return FALSE;

  pb_db_stmt_bind_text (stmt, 1, case_id);
  if (pb_db_stmt_step (stmt, error) != PB_DB_ROW)
    return FALSE;
  *head = g_strdup (pb_db_stmt_column_text (stmt, 0));

  if (!check_rendered (self, case_id, state, revision, answers_fingerprint, history_head,
                       *fingerprint, *head, error))
    return FALSE;

  return state->sealed || _pb_case_store_check_decision_current (self, case_id, state, *fingerprint, error);
}

/* A language code as gettext names catalogues: "fr", "fil", "pt_BR". */
static gboolean
is_language_code (const char *language)
{
  gsize n = 0;

  if (language == NULL)
    return FALSE;

  while (g_ascii_islower (language[n]))
    n++;
  if (n < 2 || n > 3)
    return FALSE;
  if (language[n] == '\0')
    return TRUE;

  return language[n] == '_' && g_ascii_isupper (language[n + 1]) && g_ascii_isupper (language[n + 2]) &&
         language[n + 3] == '\0';
}

gboolean
pb_case_store_check_sign (PbCaseStore  *self,
                          const char   *case_id,
                          guint         revision,
                          const char   *answers_fingerprint,
                          const char   *history_head,
                          const char   *signer_name,
                          GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_auto(CaseState) state = { 0 };
  g_autofree char *fingerprint = NULL;
  g_autofree char *head = NULL;
  gboolean ok;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* The report about to be made names the organisation the server keeps
   * for the signer now, not the one it kept when they connected; and
   * the name and roles it gives them now. */
  _pb_case_store_server_read_organisation (self);
  _pb_case_store_server_update_identity (self, FALSE);

  if (!check_signer (self, case_id, signer_name, error) ||
      !pb_db_begin_read (self->db, error))
    return FALSE;

  ok = check_sign_locked (self, case_id, revision, answers_fingerprint, history_head, &state,
                          &fingerprint, &head, error);
  _pb_case_store_rollback (self);

  return ok;
}

static PbSignOff *
sign_once (PbCaseStore  *self,
           const char   *case_id,
           guint         revision,
           const char   *answers_fingerprint,
           const char   *history_head,
           const char   *signer_name,
           const char   *signer_certificate,
           const char   *language,
           const char   *report_sha256,
           GBytes       *report,
           const char   *organisation,
           GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_auto(CaseState) state = { 0 };
  g_autoptr(PbDbStmt) insert = NULL;
  g_autoptr(PbDbStmt) select = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *current_head = NULL;
  g_autofree char *report_size = NULL;
  g_autofree char *data = NULL;
  const char *role;
  PbCaseStatus previous;
  gint64 sign_off_id;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_signer (self, case_id, signer_name, error) ||
      !check_organisation (self, case_id, organisation, error))
    return NULL;

  role = pb_role_to_string (pb_actor_get_role (self->actor));

  if (!_pb_case_store_is_sha256_hex (report_sha256) ||
      (signer_certificate != NULL && !_pb_case_store_is_sha256_hex (signer_certificate)))
    {
      /* Translators: a case id */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                   _("A sign-off of case “%s” needs the SHA-256 of the signed report (64 lowercase hex digits)"),
                   case_id);
      return NULL;
    }

  if (!is_language_code (language))
    {
      /* Translators: a case id */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                   _("A sign-off of case “%s” needs the code of the language its report is written in"),
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

  /* The compare-and-swap: checked and written in one transaction. */
  if (!check_sign_locked (self, case_id, revision, answers_fingerprint, history_head, &state,
                          &fingerprint, &current_head, error))
    goto fail;

  previous = state.status;

  if (report != NULL)
    {
      if (!_pb_case_store_put_blob (self, report_sha256, report, error))
        goto fail;
      /* Recorded, so that removing the stored report is seen. */
      report_size = g_strdup_printf ("%" G_GSIZE_FORMAT, g_bytes_get_size (report));
    }

  data = _pb_case_store_data_json ("role", role,
                                   "name", signer_name,
                                   "organisation", organisation,
                                   "decision", state.decision,
                                   "conditions", state.conditions,
                                   "report_sha256", report_sha256,
                                   "answers_fingerprint", answers_fingerprint,
                                   "history_head", history_head,
                                   "report_size", report_size,
                                   "certificate_sha256", signer_certificate,
                                   "language", language,
                                   NULL);

  if (!_pb_case_store_append_event (self, case_id, state.revision, state.time, PB_EVENT_SIGNED, NULL,
                                    pb_case_status_to_string (previous), "signed", state.reason, data, error))
    goto fail;

  if (!(insert = pb_db_prepare (self->db,
                                PB_SQL ("INSERT INTO sign_offs (case_id, revision, event_seq, role, name, decision, reason, conditions,"
                                        "                       time, report_sha256, answers_fingerprint, history_head, organisation,"
                                        "                       certificate_sha256, language)"
                                        " VALUES (?1, ?2, (SELECT head_seq FROM cases WHERE id = ?1), ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
                                        "         ?11, ?12, ?13, ?14) RETURNING id"),
                                error)))
    goto fail;

  pb_db_stmt_bind_text (insert, 1, case_id);
  pb_db_stmt_bind_int64 (insert, 2, state.revision);
  pb_db_stmt_bind_text (insert, 3, role);
  pb_db_stmt_bind_text (insert, 4, signer_name);
  pb_db_stmt_bind_text (insert, 5, state.decision);
  pb_db_stmt_bind_text (insert, 6, state.reason);
  pb_db_stmt_bind_text (insert, 7, state.conditions);
  pb_db_stmt_bind_text (insert, 8, state.time);
  pb_db_stmt_bind_text (insert, 9, report_sha256);
  pb_db_stmt_bind_text (insert, 10, answers_fingerprint);
  pb_db_stmt_bind_text (insert, 11, history_head);
  pb_db_stmt_bind_text (insert, 12, organisation);
  pb_db_stmt_bind_text (insert, 13, signer_certificate);
  pb_db_stmt_bind_text (insert, 14, language);
  if (!pb_db_stmt_run_returning (insert, &sign_off_id, error))
    goto fail;

  if (!state.sealed)
    {
      g_autoptr(PbDbStmt) seal = NULL;

      if (!(seal = pb_db_prepare (self->db,
                                  PB_SQL ("UPDATE revisions SET status = 'signed', sealed = 1"
                                          " WHERE case_id = ?1 AND revision = ?2"),
                                  error)))
        goto fail;

      pb_db_stmt_bind_text (seal, 1, case_id);
      pb_db_stmt_bind_int64 (seal, 2, state.revision);
      if (!pb_db_stmt_step (seal, error))
        goto fail;
    }

  if (!_pb_case_store_commit (self, error))
    return NULL;

  if (!(select = pb_db_prepare (self->db, PB_SQL ("SELECT " SIGN_OFF_COLUMNS " FROM sign_offs WHERE id = ?1"), error)))
    return NULL;

  pb_db_stmt_bind_int64 (select, 1, sign_off_id);
  if (pb_db_stmt_step (select, error) != PB_DB_ROW)
    return NULL;

  return _pb_case_store_sign_off_from_row (select);

fail:
  _pb_case_store_rollback (self);
  return NULL;
}

PbSignOff *
pb_case_store_sign (PbCaseStore  *self,
                    const char   *case_id,
                    guint         revision,
                    const char   *answers_fingerprint,
                    const char   *history_head,
                    const char   *signer_name,
                    const char   *signer_certificate,
                    const char   *language,
                    const char   *report_sha256,
                    GBytes       *report,
                    const char   *organisation,
                    GError      **error)
{
  return _PB_CASE_STORE_RETRYING (self, case_id, error,
    sign_once (self, case_id, revision, answers_fingerprint, history_head, signer_name,
               signer_certificate, language, report_sha256, report, organisation, error));
}

GListModel *
pb_case_store_list_sign_offs (PbCaseStore  *self,
                              const char   *case_id,
                              guint         revision,
                              GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_auto(CaseState) state = { 0 };
  g_autoptr(PbDbStmt) stmt = NULL;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  if (!_pb_case_store_load_case_state (self, case_id, revision, &state, error) ||
      !(stmt = pb_db_prepare (self->db,
                              PB_SQL ("SELECT " SIGN_OFF_COLUMNS " FROM sign_offs"
                                      " WHERE case_id = ?1 AND revision = ?2 ORDER BY event_seq"),
                              error)))
    return NULL;

  pb_db_stmt_bind_text (stmt, 1, case_id);
  pb_db_stmt_bind_int64 (stmt, 2, state.revision);

  return _pb_case_store_collect (self, stmt, PB_TYPE_SIGN_OFF, (RowFunc)_pb_case_store_sign_off_from_row, error);
}

GBytes *
pb_case_store_get_report (PbCaseStore  *self,
                          const char   *case_id,
                          const char   *report_sha256,
                          GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_autoptr(PbDbStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);
  g_return_val_if_fail (report_sha256 != NULL, NULL);

  if (!(stmt = pb_db_prepare (self->db, PB_SQL ("SELECT 1 FROM sign_offs WHERE case_id = ?1 AND report_sha256 = ?2"), error)))
    return NULL;

  pb_db_stmt_bind_text (stmt, 1, case_id);
  pb_db_stmt_bind_text (stmt, 2, report_sha256);
  if ((rc = pb_db_stmt_step (stmt, error)) == 0)
    return NULL;

  if (rc == PB_DB_DONE)
    {
      /* Translators: a case id, then a SHA-256 */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND,
                   _("Case “%s” has no signed report with SHA-256 %s"), case_id, report_sha256);
      return NULL;
    }

  return _pb_case_store_read_blob (self, report_sha256, STORED_FILE_MAX_SIZE, error);
}

static guint
reopen_once (PbCaseStore  *self,
             const char   *case_id,
             const char   *reason,
             GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_auto(CaseState) state = { 0 };
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
      /* Translators: a case id and its status within a sentence ("approved") */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                   _("Case “%s” is %s; only a signed case is reopened (change it directly)"),
                   case_id, pb_case_status_get_noun (state.status));
      goto fail;
    }

  revision = state.revision + 1;
  old_text = g_strdup_printf ("%u", state.revision);
  new_text = g_strdup_printf ("%u", revision);

  if (!pb_db_run (self->db,
                  PB_SQL ("INSERT INTO revisions (case_id, revision, status, created, outcome, n_answers)"
                          " SELECT case_id, ?3, 'draft', ?4, outcome, n_answers FROM revisions"
                          "  WHERE case_id = ?1 AND revision = ?2"),
                  error, 4, case_id, old_text, new_text, state.time) ||
      !pb_db_run (self->db,
         PB_SQL ("INSERT INTO answers (case_id, revision, question_id, value, comment, evidence_note, \"user\", updated)"
                 " SELECT case_id, ?3, question_id, value, comment, evidence_note, \"user\", updated FROM answers"
                 "  WHERE case_id = ?1 AND revision = ?2"),
         error, 3, case_id, old_text, new_text) ||
      !pb_db_run (self->db,
PB_SQL ("INSERT INTO evidence (case_id, revision, question_id, file_name, media_type, sha256, size, added_by, added)"
        " SELECT case_id, ?3, question_id, file_name, media_type, sha256, size, added_by, added FROM evidence"
        "  WHERE case_id = ?1 AND revision = ?2 ORDER BY id"),
error, 3, case_id, old_text, new_text) ||
      !pb_db_run (self->db, PB_SQL ("UPDATE cases SET current_revision = ?2 WHERE id = ?1"), error, 2, case_id, new_text) ||
      !_pb_case_store_append_event (self, case_id, revision, state.time, PB_EVENT_REOPENED, NULL,
                old_text, new_text, reason, NULL, error) ||
      !_pb_case_store_commit (self, error))
    goto fail;

  return revision;

fail:
  _pb_case_store_rollback (self);
  return 0;
}

guint
pb_case_store_reopen (PbCaseStore  *self,
                      const char   *case_id,
                      const char   *reason,
                      GError      **error)
{
  return _PB_CASE_STORE_RETRYING (self, case_id, error, reopen_once (self, case_id, reason, error));
}
