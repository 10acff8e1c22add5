/* pb-case-store-decide.c: decisions and the rules an approval must pass,
 * and the decision in force read back from the history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-case-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pb-i18n.h"

#include "pb-case-store-private.h"
#include "pb-db-statements.h"

/* What the answers of a revision rate at the moment of a decision. */
typedef struct
{
  PbOutcome  outcome;
  char      *hard_stops;   /* "R-01 Title; R-02 Title", NULL when none */
  char      *fingerprint;
} Rating;

static void
rating_clear (Rating *rating)
{
  g_clear_pointer (&rating->hard_stops, g_free);
  g_clear_pointer (&rating->fingerprint, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Rating, rating_clear)

static gboolean
is_approval (PbCaseStatus status)
{
  return status == PB_CASE_STATUS_APPROVED || status == PB_CASE_STATUS_APPROVED_WITH_CONDITIONS;
}

PbEvaluation *
_pb_case_store_evaluate_locked (PbCaseStore  *self,
                                const char   *case_id,
                                CaseState    *state,
                                GError      **error)
{
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(PbCountries) reference = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!(questionnaire = _pb_case_store_load_questionnaire_by_sha (self, state->questionnaire_sha256, error)) ||
      !(answers = _pb_case_store_read_answers (self, case_id, state->revision, error)))
    return NULL;

  /* Rated as the case is rated everywhere: with the reference data it pins. */
  reference = _pb_case_store_load_reference_locked (self, case_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return _pb_case_store_rate_with_screening (self, case_id, state->revision, questionnaire, answers, reference,
                                             error);
}

char *
_pb_case_store_list_hard_stops (PbEvaluation *evaluation)
{
  g_autoptr(GString) hard_stops = g_string_new (NULL);

  for (guint i = 0; i < pb_evaluation_get_n_flags (evaluation); i++)
    {
      PbFlag *flag = pb_evaluation_get_flag (evaluation, i);
      PbRule *rule = pb_flag_get_rule (flag);

      if (!pb_flag_is_hard_stop (flag))
        continue;
      if (hard_stops->len > 0)
        g_string_append (hard_stops, "; ");
      g_string_append_printf (hard_stops, "%s %s", pb_rule_get_id (rule), pb_rule_get_title (rule));
    }

  return hard_stops->len > 0 ? g_string_free (g_steal_pointer (&hard_stops), FALSE) : NULL;
}

static gboolean
rate_locked (PbCaseStore  *self,
             const char   *case_id,
             CaseState    *state,
             Rating       *rating,
             GError      **error)
{
  g_autoptr(PbEvaluation) evaluation = NULL;

  if (!(evaluation = _pb_case_store_evaluate_locked (self, case_id, state, error)) ||
      !(rating->fingerprint = _pb_case_store_compute_fingerprint (self, case_id, state->revision, error)))
    return FALSE;

  rating->outcome = pb_evaluation_get_outcome (evaluation);
  rating->hard_stops = _pb_case_store_list_hard_stops (evaluation);

  return TRUE;
}

gboolean
_pb_case_store_check_decision (const char    *case_id,
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

/* Reads the decision in force on @revision from its status events: who
 * submitted it, the decision since, and who approved. Always returns a
 * PbDecision (_pb_decision_is_decided() says whether one is in force). */
PbDecision *
_pb_case_store_read_decision (PbCaseStore  *self,
                              const char   *case_id,
                              guint         revision,
                              GError      **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  g_autoptr(PbDecision) decision = _pb_decision_new ();
  int rc;

  if (!(stmt = pb_db_prepare (self->db,
                              PB_SQL ("SELECT seq, time, \"user\", role, organisation, old_value, new_value, reason, data"
                                      "  FROM events WHERE case_id = ?1 AND revision = ?2 AND kind = 'status-changed'"
                                      " ORDER BY seq"),
                              error)))
    return NULL;

  pb_db_stmt_bind_text (stmt, 1, case_id);
  pb_db_stmt_bind_int64 (stmt, 2, revision);
  while ((rc = pb_db_stmt_step (stmt, error)) == PB_DB_ROW)
    {
      guint seq = pb_db_stmt_column_int (stmt, 0);
      const char *time = pb_db_stmt_column_text (stmt, 1);
      const char *user = pb_db_stmt_column_text (stmt, 2);
      const char *role = pb_db_stmt_column_text (stmt, 3);
      const char *organisation = pb_db_stmt_column_text (stmt, 4);
      const char *reason = pb_db_stmt_column_text (stmt, 7);
      const char *data = pb_db_stmt_column_text (stmt, 8);
      PbCaseStatus from = PB_CASE_STATUS_DRAFT, to;
      g_autofree char *pending = NULL;
      g_autofree char *conditions = NULL;
      g_autofree char *outcome = NULL;
      g_autofree char *override = NULL;
      g_autofree char *fingerprint = NULL;

      pb_case_status_from_string (pb_db_stmt_column_text (stmt, 5), &from);
      if (!pb_case_status_from_string (pb_db_stmt_column_text (stmt, 6), &to))
        continue;

      if (to == PB_CASE_STATUS_SUBMITTED || to == PB_CASE_STATUS_DRAFT)
        {
          _pb_decision_clear (decision);
          if (to == PB_CASE_STATUS_SUBMITTED)
            _pb_decision_set_submitter (decision, user, role, organisation, time);
          continue;
        }

      if (!pb_case_status_is_decision (to) && to != PB_CASE_STATUS_AWAITING_SECOND_APPROVAL)
        continue;

      /* The second approval of an override puts it in force. */
      if (from == PB_CASE_STATUS_AWAITING_SECOND_APPROVAL && is_approval (to) &&
          _pb_decision_is_decided (decision) && pb_decision_is_pending (decision) &&
          pb_decision_get_decision (decision) == to)
        {
          _pb_decision_confirm (decision, seq);
          _pb_decision_add_approver (decision, user, role, organisation, time, reason);
          continue;
        }

      conditions = _pb_case_store_data_get (data, "conditions");
      outcome = _pb_case_store_data_get (data, "outcome");
      override = _pb_case_store_data_get (data, "override");
      fingerprint = _pb_case_store_data_get (data, "answers_fingerprint");
      if (to == PB_CASE_STATUS_AWAITING_SECOND_APPROVAL)
        {
          PbCaseStatus first = PB_CASE_STATUS_APPROVED;

          pending = _pb_case_store_data_get (data, "decision");
          pb_case_status_from_string (pending, &first);
          to = first;
        }

      _pb_decision_take (decision, to, pending != NULL, reason, conditions, override, outcome, fingerprint, seq);
      _pb_decision_add_approver (decision, user, role, organisation, time, reason);
    }

  if (rc == 0)
    return NULL;

  return g_steal_pointer (&decision);
}

static gboolean
refuse (GError     **error,
        int          code,
        const char  *format,
        ...) G_GNUC_PRINTF (3, 4);

static gboolean
refuse (GError     **error,
        int          code,
        const char  *format,
        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, PB_STORAGE_ERROR, code, message);
  return FALSE;
}

/* The names of those who wrote an answer or evidence of @revision, once
 * each: who prepared it (four eyes). NULL on error. */
char **
_pb_case_store_read_authors (PbCaseStore  *self,
                             const char   *case_id,
                             guint         revision,
                             GError      **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  g_autoptr(GStrvBuilder) authors = g_strv_builder_new ();
  int rc;

  if (!(stmt = pb_db_prepare (self->db,
                              PB_SQL ("SELECT DISTINCT \"user\" FROM events WHERE case_id = ?1 AND revision = ?2"
                                      "   AND kind IN ('answer-set', 'answer-changed', 'answer-cleared',"
                                      "                'evidence-added', 'evidence-removed')"),
                              error)))
    return NULL;

  pb_db_stmt_bind_text (stmt, 1, case_id);
  pb_db_stmt_bind_int64 (stmt, 2, revision);
  while ((rc = pb_db_stmt_step (stmt, error)) == PB_DB_ROW)
    g_strv_builder_add (authors, pb_db_stmt_column_text (stmt, 0));

  return rc == PB_DB_DONE ? g_strv_builder_end (authors) : NULL;
}

/* Four eyes: whoever wrote an answer or evidence of @revision prepared
 * it, and does not approve it too (a reviewer who sent a case back,
 * rewrote its answers and approved the resubmission alone). */
static gboolean
check_not_author (PbCaseStore  *self,
                  const char   *case_id,
                  guint         revision,
                  const char   *name,
                  GError      **error)
{
  g_auto(GStrv) authors = _pb_case_store_read_authors (self, case_id, revision, error);

  if (authors == NULL)
    return FALSE;

  for (guint i = 0; authors[i] != NULL; i++)
    if (pb_actor_names_equal (name, authors[i]))
      /* Translators: a person's name, then a case id */
      return refuse (error, PB_STORAGE_ERROR_PERMISSION,
                     _("%s wrote answers or evidence of case “%s”: its approval must come from a legal reviewer "
                       "who did not. Reject it, or ask another reviewer to decide."),
                     name, case_id);

  return TRUE;
}

/* The rules an approval must pass, over the decision @record in force and
 * the rating of the answers now. On success @override gets the rationale
 * the approval carries (NULL for none) and @pending whether it now waits
 * for a second approver; @conditions may be replaced by the first
 * approver's. */
static gboolean
check_approval (PbCaseStore   *self,
                const char    *case_id,
                CaseState     *state,
                PbDecision    *record,
                Rating        *rating,
                PbCaseStatus   decision,
                const char   **conditions,
                const char    *override_rationale,
                const char   **override,
                gboolean      *pending,
                GError       **error)
{
  const char *name = _pb_case_store_actor_name (self);
  const char *submitter = pb_decision_get_submitter (record);

  *override = NULL;
  *pending = FALSE;

  if (rating->hard_stops != NULL)
    /* Translators: a case id, then the rules (id and title) that stop it */
    return refuse (error, PB_STORAGE_ERROR_REFUSED,
                   _("Case “%s” has a legal hard stop (%s): nobody may approve it. Reject it, or send it back "
                     "for changes if the facts were wrong."),
                   case_id, rating->hard_stops);

  if (rating->outcome == PB_OUTCOME_INCOMPLETE)
    /* Translators: a case id */
    return refuse (error, PB_STORAGE_ERROR_REFUSED,
                   _("Case “%s” has unanswered required questions: it cannot be approved until they are answered"),
                   case_id);

  if (submitter != NULL && pb_actor_names_equal (name, submitter))
    /* Translators: a person's name, then a case id */
    return refuse (error, PB_STORAGE_ERROR_PERMISSION,
                   _("%s submitted case “%s”: its approval must come from another legal reviewer"),
                   name, case_id);

  if (!check_not_author (self, case_id, state->revision, name, error))
    return FALSE;

  if (state->status == PB_CASE_STATUS_AWAITING_SECOND_APPROVAL)
    {
      const char *first = pb_decision_get_approver_name (record, 0);

      if (decision != pb_decision_get_decision (record))
        /* Translators: a case id, then a decision such as "Approved" */
        return refuse (error, PB_STORAGE_ERROR_INVALID,
                       _("Case “%s” awaits a second approval of “%s”: approve that, reject it, or send it back"),
                       case_id, pb_case_status_get_label (pb_decision_get_decision (record)));

      if (first != NULL && pb_actor_names_equal (name, first))
        /* Translators: a person's name, then a case id */
        return refuse (error, PB_STORAGE_ERROR_PERMISSION,
                       _("%s gave the first approval of case “%s”: the second must come from another legal reviewer"),
                       name, case_id);

      if (g_strcmp0 (rating->fingerprint, pb_decision_get_answers_fingerprint (record)) != 0)
        /* Translators: a case id, then an event number */
        return refuse (error, PB_STORAGE_ERROR_REFUSED,
                       _("The answers of case “%s” changed after its first approval (event %u): "
                         "reject it or send it back to be decided again"),
                       case_id, pb_decision_get_event_seq (record));

      if (!_pb_case_store_is_blank (*conditions) &&
          g_strcmp0 (*conditions, pb_decision_get_conditions (record)) != 0)
        /* Translators: a case id, then the conditions of the first approval */
        return refuse (error, PB_STORAGE_ERROR_INVALID,
                       _("The first approval of case “%s” set the conditions “%s”; send it back to change them"),
                       case_id, pb_decision_get_conditions (record));

      *conditions = pb_decision_get_conditions (record);
      *override = pb_decision_get_override_rationale (record);
      return TRUE;
    }

  if (pb_outcome_needs_override (rating->outcome))
    {
      if (_pb_case_store_is_blank (override_rationale))
        /* Translators: a case id, then an outcome such as "Do not proceed" */
        return refuse (error, PB_STORAGE_ERROR_REFUSED,
                       _("Approving case “%s” against its outcome “%s” is an override: it needs a "
                         "written rationale, and then a second legal reviewer’s approval"),
                       case_id, pb_outcome_get_label (rating->outcome));

      *override = override_rationale;
      *pending = TRUE;
    }

  return TRUE;
}

/* The latest screened event of the case (0, @hash NULL: never screened),
 * read in the decision's transaction. */
static gboolean
read_latest_screening (PbCaseStore  *self,
                       const char   *case_id,
                       guint        *seq,
                       char        **hash,
                       GError      **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  int rc;

  *seq = 0;
  *hash = NULL;
  if (!(stmt = pb_db_prepare (self->db,
                              PB_SQL ("SELECT seq, hash FROM events WHERE case_id = ?1 AND kind = 'screened'"
                                      " ORDER BY seq DESC LIMIT 1"),
                              error)))
    return FALSE;

  pb_db_stmt_bind_text (stmt, 1, case_id);
  if ((rc = pb_db_stmt_step (stmt, error)) == 0)
    return FALSE;
  if (rc == PB_DB_ROW)
    {
      *seq = pb_db_stmt_column_int (stmt, 0);
      *hash = g_strdup (pb_db_stmt_column_text (stmt, 1));
    }

  return TRUE;
}

/* An approval stands on the screening its client checked against its own
 * lists (@checked; PB_SCREENING_UNCHECKED: none said): one recorded since
 * — between that check and this transaction — is refused, so that nothing
 * slips in unchecked. @seq and @hash get the one it stands on. */
static gboolean
check_screening_unchanged (PbCaseStore  *self,
                           const char   *case_id,
                           guint         checked,
                           guint        *seq,
                           char        **hash,
                           GError      **error)
{
  if (!read_latest_screening (self, case_id, seq, hash, error))
    return FALSE;

  if (checked != PB_SCREENING_UNCHECKED && *seq != checked)
    /* Translators: a case id, then two event numbers */
    return refuse (error, PB_STORAGE_ERROR_CONFLICT,
                   _("Case “%s” was screened again (event %u) after its screening was checked against its lists "
                     "(event %u): check the new screening before approving"),
                   case_id, *seq, checked);

  return TRUE;
}

/* A decision stands on the case as its client read it (@n_events of its
 * history; 0: not said): a change of status since — someone decided it,
 * or sent it back, between that read and this transaction, which holds
 * the case's lock — is refused, naming who did what and when, so that no
 * decision silently replaces another. */
static gboolean
refuse_decided_since (PbCaseStore  *self,
                      const char   *case_id,
                      guint         n_events,
                      GError      **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  g_autoptr(GString) text = NULL;
  g_autofree char *when = NULL;
  const char *who, *reason;
  PbCaseStatus to;
  int rc;

  if (n_events == 0)
    return TRUE;

  if (!(stmt = pb_db_prepare (self->db,
                              PB_SQL ("SELECT seq, time, \"user\", new_value, reason FROM events"
                                      " WHERE case_id = ?1 AND kind = 'status-changed' AND seq > ?2"
                                      " ORDER BY seq LIMIT 1"),
                              error)))
    return FALSE;

  pb_db_stmt_bind_text (stmt, 1, case_id);
  pb_db_stmt_bind_int64 (stmt, 2, n_events);
  if ((rc = pb_db_stmt_step (stmt, error)) == 0)
    return FALSE;
  if (rc != PB_DB_ROW)
    return TRUE;

  who = pb_db_stmt_column_text (stmt, 2);
  reason = pb_db_stmt_column_text (stmt, 4);
  when = pb_i18n_format_timestamp (pb_db_stmt_column_text (stmt, 1));
  text = g_string_new (NULL);
  if (!pb_case_status_from_string (pb_db_stmt_column_text (stmt, 3), &to))
    to = PB_CASE_STATUS_SUBMITTED;
  if (pb_case_status_is_decision (to))
    /* Translators: a person's name, a case id, when, then a decision (“approved”, “rejected”) */
    g_string_printf (text, _("%s decided case “%s” at %s since you read it: %s; your decision was not recorded."),
                     who, case_id, when, pb_case_status_get_noun (to));
  else
    /* Translators: a person's name, a case id, when, then a status (“draft”, “awaiting second approval”) */
    g_string_printf (text, _("%s changed case “%s” at %s since you read it: it is %s; your decision was not "
                             "recorded."),
                     who, case_id, when, pb_case_status_get_noun (to));
  if (!_pb_case_store_is_blank (reason))
    {
      g_string_append_c (text, ' ');
      /* Translators: the reason someone gave for a decision */
      g_string_append_printf (text, _("Their reason: “%s”."), reason);
    }

  g_set_error_literal (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CONFLICT, text->str);
  return FALSE;
}

/* Public API: decisions ---------------------------------------------------------- */

static gboolean
decide_once (PbCaseStore   *self,
             const char    *case_id,
             PbCaseStatus   decision,
             const char    *reason,
             const char    *conditions,
             const char    *override_rationale,
             guint          screening,
             guint          n_events,
             GError       **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_auto(CaseState) state = { 0 };
  g_auto(Rating) rating = { 0 };
  g_autoptr(PbDecision) record = NULL;
  g_autofree char *data = NULL;
  const char *override = NULL;
  gboolean pending = FALSE;
  PbCaseStatus to = decision;
  g_autofree char *screening_hash = NULL;
  g_autofree char *screening_event = NULL;
  guint screening_seq = 0;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_pb_case_store_check_actor (self, TRUE, case_id, error) ||
      !_pb_case_store_begin (self, error))
    return FALSE;

  /* Under the case's lock (on a server its row's), what its client read
   * first: who changed it since is what the client needs to know. */
  if (!_pb_case_store_load_case_state (self, case_id, 0, &state, error) ||
      !refuse_decided_since (self, case_id, n_events, error) ||
      !_pb_case_store_refuse_sealed (self, case_id, &state, error))
    return _pb_case_store_rollback (self);

  if (state.status != PB_CASE_STATUS_SUBMITTED && state.status != PB_CASE_STATUS_AWAITING_SECOND_APPROVAL &&
      !pb_case_status_is_decision (state.status))
    {
      _pb_case_store_invalid_transition (case_id, &state, decision, error);
      return _pb_case_store_rollback (self);
    }

  /* What is missing from the form first; a second approval takes the
   * first approver's conditions. */
  if (!_pb_case_store_check_decision (case_id, decision, reason,
                                      state.status == PB_CASE_STATUS_AWAITING_SECOND_APPROVAL ? "-" : conditions,
                                      error))
    return _pb_case_store_rollback (self);

  /* Never decide on a history that does not hold. */
  if (!_pb_case_store_verify_locked (self, case_id, NULL, NULL, error))
    {
      /* Translators: a case id */
      g_prefix_error (error, _("Case “%s” cannot be decided: "), case_id);
      return _pb_case_store_rollback (self);
    }

  if (is_approval (decision) && !_pb_case_store_check_approvals_in_force (self, case_id, error))
    return _pb_case_store_rollback (self);

  if (!(record = _pb_case_store_read_decision (self, case_id, state.revision, error)) ||
      !rate_locked (self, case_id, &state, &rating, error))
    return _pb_case_store_rollback (self);

  if (is_approval (decision) &&
      !check_approval (self, case_id, &state, record, &rating, decision, &conditions,
                       override_rationale, &override, &pending, error))
    return _pb_case_store_rollback (self);

  if (!_pb_case_store_check_decision (case_id, decision, reason, conditions, error))
    return _pb_case_store_rollback (self);

  if (is_approval (decision) && screening != PB_SCREENING_UNCHECKED)
    {
      if (!check_screening_unchanged (self, case_id, screening, &screening_seq, &screening_hash, error))
        return _pb_case_store_rollback (self);
      if (screening_seq > 0)
        screening_event = g_strdup_printf ("%u", screening_seq);
    }

  if (pending)
    to = PB_CASE_STATUS_AWAITING_SECOND_APPROVAL;

  /* The screening an approval was checked on, by event and hash: a
   * decision of an older Probity names none. */
  data = _pb_case_store_data_json ("conditions", _pb_case_store_is_blank (conditions) ? NULL : conditions,
                                   "decision", pb_case_status_to_string (decision),
                                   "outcome", pb_outcome_to_string (rating.outcome),
                                   "override", override,
                                   "answers_fingerprint", rating.fingerprint,
                                   screening_event != NULL ? "screening_event" : NULL, screening_event,
                                   "screening_hash", screening_hash,
                                   NULL);

  if (!_pb_case_store_change_status_locked (self, case_id, &state, to, reason,
                                            _pb_case_store_is_blank (conditions) ? NULL : conditions,
                                            data, state.time, error))
    return _pb_case_store_rollback (self);

  return _pb_case_store_commit (self, error);
}

gboolean
pb_case_store_decide (PbCaseStore   *self,
                      const char    *case_id,
                      PbCaseStatus   decision,
                      const char    *reason,
                      const char    *conditions,
                      const char    *override_rationale,
                      GError       **error)
{
  return _PB_CASE_STORE_RETRYING (self, case_id, error,
    decide_once (self, case_id, decision, reason, conditions, override_rationale, PB_SCREENING_UNCHECKED, 0,
                 error));
}

gboolean
pb_case_store_decide_on_screening (PbCaseStore   *self,
                                   const char    *case_id,
                                   PbCaseStatus   decision,
                                   const char    *reason,
                                   const char    *conditions,
                                   const char    *override_rationale,
                                   guint          screening,
                                   GError       **error)
{
  return _PB_CASE_STORE_RETRYING (self, case_id, error,
    decide_once (self, case_id, decision, reason, conditions, override_rationale, screening, 0, error));
}

gboolean
pb_case_store_decide_on (PbCaseStore            *self,
                         const char             *case_id,
                         PbCaseStatus            decision,
                         const char             *reason,
                         const char             *conditions,
                         const char             *override_rationale,
                         const PbDecisionBasis  *basis,
                         GError                **error)
{
  guint screening = basis != NULL ? basis->screening : PB_SCREENING_UNCHECKED;
  guint n_events = basis != NULL ? basis->n_events : 0;

  return _PB_CASE_STORE_RETRYING (self, case_id, error,
    decide_once (self, case_id, decision, reason, conditions, override_rationale, screening, n_events, error));
}

PbDecision *
pb_case_store_get_decision (PbCaseStore  *self,
                            const char   *case_id,
                            guint         revision,
                            GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_auto(CaseState) state = { 0 };
  g_autoptr(PbDecision) decision = NULL;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!_pb_case_store_load_case_state (self, case_id, revision, &state, error) ||
      !(decision = _pb_case_store_read_decision (self, case_id, state.revision, error)))
    return NULL;

  if (!_pb_decision_is_decided (decision))
    return NULL;

  return g_steal_pointer (&decision);
}

/* A sign-off signs the decision in force on the answers it was taken on. */
gboolean
_pb_case_store_check_decision_current (PbCaseStore  *self,
                                       const char   *case_id,
                                       CaseState    *state,
                                       const char   *fingerprint,
                                       GError      **error)
{
  g_autoptr(PbDecision) record = _pb_case_store_read_decision (self, case_id, state->revision, error);
  const char *decided_on;

  if (record == NULL)
    return FALSE;

  if (_pb_decision_is_decided (record) && pb_decision_is_pending (record))
    /* Translators: a case id */
    return refuse (error, PB_STORAGE_ERROR_REFUSED,
                   _("Case “%s” awaits a second legal reviewer’s approval: it cannot be signed before"),
                   case_id);

  decided_on = _pb_decision_is_decided (record) ? pb_decision_get_answers_fingerprint (record) : NULL;
  if (decided_on != NULL && g_strcmp0 (decided_on, fingerprint) != 0)
    /* Translators: a case id, then an event number */
    return refuse (error, PB_STORAGE_ERROR_REFUSED,
                   _("The answers of case “%s” changed after its decision (event %u): decide again before signing"),
                   case_id, pb_decision_get_event_seq (record));

  return TRUE;
}
