/* pb-case-store-history.c: the history chain of a case and verifying it
 * against the tables
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-case-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pb-case-store-private.h"

/* What the history says a revision holds, rebuilt event by event. */
typedef struct
{
  PbCaseStatus  status;
  char         *decision;
  gboolean      sealed;
  char         *reason;
  char         *conditions;
  GHashTable   *answers;      /* question id -> value \x1f comment \x1f note \x1f user \x1f time */
  GHashTable   *last_event;   /* question id -> seq of the last event that set it */
  GPtrArray    *evidence;     /* question id \x1f sha256 \x1f file name */
  guint         sign_seq;
  char         *fingerprint;
  char         *signer;
} Replay;

static Replay *
replay_new (void)
{
  Replay *replay = g_new0 (Replay, 1);

  replay->answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  replay->last_event = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  replay->evidence = g_ptr_array_new_with_free_func (g_free);

  return replay;
}

static Replay *
replay_copy (Replay *from)
{
  Replay *replay = replay_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, from->answers);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (replay->answers, g_strdup (key), g_strdup (value));

  for (guint i = 0; i < from->evidence->len; i++)
    g_ptr_array_add (replay->evidence, g_strdup (g_ptr_array_index (from->evidence, i)));

  return replay;
}

static void
replay_free (Replay *replay)
{
  g_hash_table_unref (replay->answers);
  g_hash_table_unref (replay->last_event);
  g_ptr_array_unref (replay->evidence);
  g_free (replay->decision);
  g_free (replay->reason);
  g_free (replay->conditions);
  g_free (replay->fingerprint);
  g_free (replay->signer);
  g_free (replay);
}

static gboolean
tampered (GError     **error,
          guint       *broken_event,
          guint        seq,
          const char  *format,
          ...) G_GNUC_PRINTF (4, 5);

static gboolean
tampered (GError     **error,
          guint       *broken_event,
          guint        seq,
          const char  *format,
          ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (broken_event != NULL)
    *broken_event = seq;

  g_set_error_literal (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TAMPERED, message);
  return FALSE;
}

static char *
answer_key (const char *value,
            const char *comment,
            const char *note,
            const char *user,
            const char *updated)
{
  return g_strdup_printf ("%s\x1f%s\x1f%s\x1f%s\x1f%s", value, comment ? comment : "", note ? note : "",
                          user ? user : "", updated ? updated : "");
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/* Compares what the tables hold for one revision with the replay. */
static gboolean
verify_revision (PbCaseStore  *self,
                 const char   *case_id,
                 guint         revision,
                 Replay       *replay,
                 guint        *broken_event,
                 GError      **error)
{
  g_auto(CaseState) state = { 0 };
  g_autoptr(sqlite3_stmt) answers = NULL;
  g_autoptr(sqlite3_stmt) evidence = NULL;
  g_autoptr(GHashTable) stored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) stored_evidence = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key, value;
  int rc;

  if (!_pb_case_store_load_case_state (self, case_id, revision, &state, error))
    return FALSE;

  if (replay->sealed)
    {
      g_autofree char *fingerprint = _pb_case_store_compute_fingerprint (self, case_id, revision, error);

      if (fingerprint == NULL)
        return FALSE;

      if (!state.sealed || g_strcmp0 (fingerprint, replay->fingerprint) != 0)
        /* Translators: a revision, a case id, an event number and a person's name */
        return tampered (error, broken_event, replay->sign_seq,
                         _("Revision %u of case “%s” no longer matches the seal of event %u "
                           "(signed by %s): its answers or evidence were changed after signing"),
                         revision, case_id, replay->sign_seq, replay->signer);
    }

  if (state.status != replay->status || state.sealed != replay->sealed)
    /* Translators: a revision, a case id, a stored status, then the status the history gives */
    return tampered (error, broken_event, 0,
                     _("Revision %u of case “%s” is recorded as %s but its history says %s"),
                     revision, case_id, pb_case_status_to_string (state.status),
                     pb_case_status_to_string (replay->status));

  if (g_strcmp0 (state.decision, replay->decision) != 0 ||
      g_strcmp0 (state.reason, replay->reason) != 0 ||
      g_strcmp0 (state.conditions, replay->conditions) != 0)
    /* Translators: a revision, a case id, the stored decision, then the one the history gives */
    return tampered (error, broken_event, 0,
                     _("Revision %u of case “%s” records the decision %s, its reason or conditions "
                       "differently from its history (%s)"),
                     revision, case_id, state.decision ? state.decision : "-",
                     replay->decision ? replay->decision : "-");

  if (!(answers = _pb_case_store_prepare (self,
                                          "SELECT question_id, value, comment, evidence_note, user, updated FROM answers"
                                          " WHERE case_id = ?1 AND revision = ?2",
                                          error)))
    return FALSE;

  _pb_case_store_bind_text (answers, 1, case_id);
  sqlite3_bind_int (answers, 2, revision);
  while ((rc = _pb_case_store_step (self, answers, error)) == SQLITE_ROW)
    g_hash_table_insert (stored, g_strdup (_pb_case_store_column_text (answers, 0)),
                         answer_key (_pb_case_store_column_text (answers, 1), _pb_case_store_column_text (answers, 2), _pb_case_store_column_text (answers, 3),
                                     _pb_case_store_column_text (answers, 4), _pb_case_store_column_text (answers, 5)));
  if (rc == 0)
    return FALSE;

  for (guint pass = 0; pass < 2; pass++)
    {
      GHashTable *a = pass == 0 ? stored : replay->answers;
      GHashTable *b = pass == 0 ? replay->answers : stored;

      g_hash_table_iter_init (&iter, a);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          if (g_strcmp0 (value, g_hash_table_lookup (b, key)) != 0)
            {
              guint seq = GPOINTER_TO_UINT (g_hash_table_lookup (replay->last_event, key));

              /* Translators: a question id, a revision, a case id and an event number */
              return tampered (error, broken_event, seq,
                               _("The answer to %s in revision %u of case “%s” differs from its history "
                                 "(last recorded by event %u)"),
                               (const char *)key, revision, case_id, seq);
            }
        }
    }

  if (!(evidence = _pb_case_store_prepare (self,
                                           "SELECT question_id, sha256, file_name FROM evidence WHERE case_id = ?1 AND revision = ?2",
                                           error)))
    return FALSE;

  _pb_case_store_bind_text (evidence, 1, case_id);
  sqlite3_bind_int (evidence, 2, revision);
  while ((rc = _pb_case_store_step (self, evidence, error)) == SQLITE_ROW)
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) local_error = NULL;

      g_ptr_array_add (stored_evidence,
                       g_strdup_printf ("%s\x1f%s\x1f%s", _pb_case_store_column_text (evidence, 0),
                                        _pb_case_store_column_text (evidence, 1), _pb_case_store_column_text (evidence, 2)));

      if (!(bytes = _pb_case_store_read_blob (self, _pb_case_store_column_text (evidence, 1), &local_error)))
        /* Translators: a file name, a question id, a case id and the reason */
        return tampered (error, broken_event, 0, _("Evidence “%s” of %s in case “%s”: %s"),
                         _pb_case_store_column_text (evidence, 2), _pb_case_store_column_text (evidence, 0), case_id,
                         local_error->message);
    }
  if (rc == 0)
    return FALSE;

  g_ptr_array_sort (stored_evidence, compare_strings);
  g_ptr_array_sort (replay->evidence, compare_strings);
  if (stored_evidence->len != replay->evidence->len)
    goto evidence_differs;
  for (guint i = 0; i < stored_evidence->len; i++)
    {
      if (strcmp (g_ptr_array_index (stored_evidence, i), g_ptr_array_index (replay->evidence, i)) != 0)
        goto evidence_differs;
    }

  return TRUE;

evidence_differs:
  /* Translators: a revision and a case id */
  return tampered (error, broken_event, 0,
                   _("The evidence files of revision %u of case “%s” differ from its history"),
                   revision, case_id);
}

gboolean
_pb_case_store_verify_locked (PbCaseStore  *self,
                              const char   *case_id,
                              guint        *n_events,
                              guint        *broken_event,
                              GError      **error)
{
  g_autoptr(sqlite3_stmt) head = NULL;
  g_autoptr(sqlite3_stmt) events = NULL;
  g_autoptr(sqlite3_stmt) sign_offs = NULL;
  g_autoptr(GPtrArray) revisions = g_ptr_array_new_with_free_func ((GDestroyNotify)replay_free);
  g_autofree char *prev_hash = g_strdup (GENESIS_HASH);
  g_autofree char *customer_uid = NULL;
  g_autofree char *product_uid = NULL;
  g_autofree char *questionnaire_sha256 = NULL;
  g_autofree char *head_hash = NULL;
  guint head_seq, current_revision, seq = 0;
  guint n_signed = 0, n_sign_off_rows = 0;
  gboolean with_roles = FALSE;
  gint64 n_revisions;
  int rc;

  if (!(head = _pb_case_store_prepare (self,
                                       "SELECT head_seq, head_hash, customer_uid, product_uid, questionnaire_sha256,"
                                       "       current_revision, (SELECT count(*) FROM revisions WHERE case_id = ?1)"
                                       "  FROM cases WHERE id = ?1",
                                       error)))
    return FALSE;

  _pb_case_store_bind_text (head, 1, case_id);
  if ((rc = _pb_case_store_step (self, head, error)) == 0)
    return FALSE;
  if (rc == SQLITE_DONE)
    return _pb_case_store_case_not_found (self, case_id, error);

  head_seq = sqlite3_column_int (head, 0);
  head_hash = g_strdup (_pb_case_store_column_text (head, 1));
  customer_uid = g_strdup (_pb_case_store_column_text (head, 2));
  product_uid = g_strdup (_pb_case_store_column_text (head, 3));
  questionnaire_sha256 = g_strdup (_pb_case_store_column_text (head, 4));
  current_revision = sqlite3_column_int (head, 5);
  n_revisions = sqlite3_column_int64 (head, 6);

  if (!(events = _pb_case_store_prepare (self, "SELECT " EVENT_COLUMNS " FROM events WHERE case_id = ?1 ORDER BY seq", error)))
    return FALSE;

  _pb_case_store_bind_text (events, 1, case_id);
  while ((rc = _pb_case_store_step (self, events, error)) == SQLITE_ROW)
    {
      g_autofree char *hash = NULL;
      guint event_seq = sqlite3_column_int (events, 1);
      guint revision = sqlite3_column_int (events, 2);
      const char *kind_name = _pb_case_store_column_text (events, 5);
      const char *question_id = _pb_case_store_column_text (events, 6);
      const char *old_value = _pb_case_store_column_text (events, 7);
      const char *new_value = _pb_case_store_column_text (events, 8);
      const char *data = _pb_case_store_column_text (events, 10);
      Replay *replay = NULL;
      PbEventKind kind;

      seq++;
      if (event_seq != seq)
        /* Translators: an event number and a case id */
        return tampered (error, broken_event, seq,
                         _("Event %u is missing from the history of case “%s”"), seq, case_id);

      if (g_strcmp0 (_pb_case_store_column_text (events, 11), prev_hash) != 0)
        /* Translators: an event number, a case id, then the previous event number */
        return tampered (error, broken_event, seq,
                         _("Event %u of case “%s” does not link to event %u: "
                           "an event before it was removed or altered"),
                         seq, case_id, seq - 1);

      hash = _pb_case_store_compute_event_hash (case_id, event_seq, revision, _pb_case_store_column_text (events, 3),
                                                _pb_case_store_column_text (events, 4), _pb_case_store_column_text (events, 13),
                                                _pb_case_store_column_text (events, 14), kind_name, question_id, old_value,
                                                new_value, _pb_case_store_column_text (events, 9), data, prev_hash);
      if (g_strcmp0 (hash, _pb_case_store_column_text (events, 12)) != 0)
        /* Translators: an event number, a case id, and the kind of event */
        return tampered (error, broken_event, seq,
                         _("Event %u of case “%s” (%s) was altered after it was recorded: "
                           "its content no longer matches its hash"),
                         seq, case_id, kind_name);

      g_free (prev_hash);
      prev_hash = g_strdup (_pb_case_store_column_text (events, 12));

      /* Since schema 3 every event names its actor's role; one without,
       * after one with, was not written by the store. */
      if (_pb_case_store_column_text (events, 13) != NULL)
        with_roles = TRUE;
      else if (with_roles)
        /* Translators: an event number and a case id */
        return tampered (error, broken_event, seq,
                         _("Event %u of case “%s” records no role, after events that do"), seq, case_id);

      if (!pb_event_kind_from_string (kind_name, &kind))
        /* Translators: an event number, a case id, and the kind of event */
        return tampered (error, broken_event, seq,
                         _("Event %u of case “%s” has an unknown kind “%s”"), seq, case_id, kind_name);

      if (kind == PB_EVENT_CASE_CREATED)
        {
          g_autofree char *customer = _pb_case_store_data_get (data, "customer");
          g_autofree char *product = _pb_case_store_data_get (data, "product");

          if (seq != 1 || revision != 1 ||
              g_strcmp0 (customer, customer_uid) != 0 ||
              g_strcmp0 (product, product_uid) != 0 ||
              g_strcmp0 (new_value, questionnaire_sha256) != 0)
            /* Translators: an event number and a case id */
            return tampered (error, broken_event, seq,
                             _("Event %u of case “%s” does not match the case: its customer, product "
                               "or questionnaire was changed"), seq, case_id);

          g_ptr_array_add (revisions, replay_new ());
          continue;
        }

      if (seq == 1)
        /* Translators: a case id */
        return tampered (error, broken_event, 1,
                         _("The history of case “%s” does not start with its creation"), case_id);

      if (kind == PB_EVENT_REOPENED)
        {
          Replay *last = g_ptr_array_index (revisions, revisions->len - 1);

          if (revision != revisions->len + 1 || !last->sealed)
            /* Translators: an event number and a case id */
            return tampered (error, broken_event, seq,
                             _("Event %u of case “%s” reopens a revision that was not signed"), seq, case_id);

          g_ptr_array_add (revisions, replay_copy (last));
          continue;
        }

      if (revision == 0 || revision > revisions->len)
        /* Translators: an event number, a case id and a revision */
        return tampered (error, broken_event, seq,
                         _("Event %u of case “%s” names revision %u, which does not exist at that point"),
                         seq, case_id, revision);

      replay = g_ptr_array_index (revisions, revision - 1);

      if (replay->sealed && kind != PB_EVENT_SIGNED)
        /* Translators: an event number, a case id and a revision */
        return tampered (error, broken_event, seq,
                         _("Event %u of case “%s” changes revision %u after it was sealed"),
                         seq, case_id, revision);

      switch (kind)
        {
        case PB_EVENT_ANSWER_SET:
        case PB_EVENT_ANSWER_CHANGED:
        case PB_EVENT_ANSWER_CLEARED:
          {
            const char *current = g_hash_table_lookup (replay->answers, question_id ? question_id : "");
            g_autofree char *current_value = current ? g_strndup (current, strcspn (current, "\x1f")) : NULL;

            if (question_id == NULL || g_strcmp0 (current_value, old_value) != 0)
              /* Translators: an event number and a case id */
              return tampered (error, broken_event, seq,
                               _("Event %u of case “%s” does not follow from the events before it"),
                               seq, case_id);

            if (kind == PB_EVENT_ANSWER_CLEARED)
              g_hash_table_remove (replay->answers, question_id);
            else
              {
                g_autofree char *comment = _pb_case_store_data_get (data, "comment");
                g_autofree char *note = _pb_case_store_data_get (data, "evidence_note");

                g_hash_table_insert (replay->answers, g_strdup (question_id),
                                     answer_key (new_value, comment, note, _pb_case_store_column_text (events, 4),
                                                 _pb_case_store_column_text (events, 3)));
              }

            g_hash_table_insert (replay->last_event, g_strdup (question_id), GUINT_TO_POINTER (seq));
          }
          break;

        case PB_EVENT_EVIDENCE_ADDED:
          {
            g_autofree char *file_name = _pb_case_store_data_get (data, "file_name");

            g_ptr_array_add (replay->evidence,
                             g_strdup_printf ("%s\x1f%s\x1f%s", question_id, new_value, file_name));
          }
          break;

        case PB_EVENT_EVIDENCE_REMOVED:
          {
            g_autofree char *file_name = _pb_case_store_data_get (data, "file_name");
            g_autofree char *item = g_strdup_printf ("%s\x1f%s\x1f%s", question_id, old_value, file_name);
            guint index;

            if (!g_ptr_array_find_with_equal_func (replay->evidence, item, g_str_equal, &index))
              /* Translators: an event number and a case id */
              return tampered (error, broken_event, seq,
                               _("Event %u of case “%s” does not follow from the events before it"),
                               seq, case_id);

            g_ptr_array_remove_index (replay->evidence, index);
          }
          break;

        case PB_EVENT_STATUS_CHANGED:
        case PB_EVENT_SIGNED:
          {
            PbCaseStatus to;

            if (g_strcmp0 (old_value, pb_case_status_to_string (replay->status)) != 0 ||
                !pb_case_status_from_string (new_value, &to))
              /* Translators: an event number and a case id */
              return tampered (error, broken_event, seq,
                               _("Event %u of case “%s” does not follow from the events before it"),
                               seq, case_id);

            if (kind == PB_EVENT_STATUS_CHANGED || !replay->sealed)
              {
                g_clear_pointer (&replay->decision, g_free);
                g_clear_pointer (&replay->reason, g_free);
                g_clear_pointer (&replay->conditions, g_free);
                if (pb_case_status_is_decision (to) || kind == PB_EVENT_SIGNED)
                  {
                    replay->decision = kind == PB_EVENT_SIGNED ? _pb_case_store_data_get (data, "decision") : g_strdup (new_value);
                    replay->reason = g_strdup (_pb_case_store_column_text (events, 9));
                    replay->conditions = _pb_case_store_data_get (data, "conditions");
                  }
              }
            replay->status = to;

            if (kind == PB_EVENT_SIGNED)
              n_signed++;

            if (kind == PB_EVENT_SIGNED && !replay->sealed)
              {
                replay->sealed = TRUE;
                replay->sign_seq = seq;
                replay->fingerprint = _pb_case_store_data_get (data, "answers_fingerprint");
                replay->signer = _pb_case_store_data_get (data, "name");
              }
          }
          break;

        case PB_EVENT_CASE_CREATED:
        case PB_EVENT_REOPENED:
        default:
          g_assert_not_reached ();
        }
    }

  if (rc == 0)
    return FALSE;

  if (n_events != NULL)
    *n_events = seq;

  if (seq != head_seq || g_strcmp0 (prev_hash, head_hash) != 0)
    /* Translators: a case id, a number of events, then another */
    return tampered (error, broken_event, seq < head_seq ? seq + 1 : seq,
                     _("The history of case “%s” ends at event %u but the case records %u events: "
                       "events were removed or added behind its back"),
                     case_id, seq, head_seq);

  if (revisions->len != current_revision || n_revisions != current_revision)
    /* Translators: a case id */
    return tampered (error, broken_event, 0,
                     _("The revisions of case “%s” do not match its history"), case_id);

  for (guint i = 0; i < revisions->len; i++)
    {
      if (!verify_revision (self, case_id, i + 1, g_ptr_array_index (revisions, i), broken_event, error))
        return FALSE;
    }

  /* Every sign-off row must be the one its event recorded. */
  if (!(sign_offs = _pb_case_store_prepare (self,
                                            "SELECT s.event_seq, s.report_sha256 = json_extract (e.data, '$.report_sha256')"
                                            "                AND s.answers_fingerprint = json_extract (e.data, '$.answers_fingerprint')"
                                            "                AND s.name = json_extract (e.data, '$.name')"
                                            "                AND s.role = json_extract (e.data, '$.role')"
                                            "                AND s.organisation IS json_extract (e.data, '$.organisation')"
                                            "                AND e.kind = 'signed'"
                                            "  FROM sign_offs s LEFT JOIN events e ON e.case_id = s.case_id AND e.seq = s.event_seq"
                                            " WHERE s.case_id = ?1 ORDER BY s.event_seq",
                                            error)))
    return FALSE;

  _pb_case_store_bind_text (sign_offs, 1, case_id);
  while ((rc = _pb_case_store_step (self, sign_offs, error)) == SQLITE_ROW)
    {
      if (sqlite3_column_int (sign_offs, 1) != 1)
        /* Translators: a case id and an event number */
        return tampered (error, broken_event, sqlite3_column_int (sign_offs, 0),
                         _("A sign-off of case “%s” differs from what event %d recorded"),
                         case_id, sqlite3_column_int (sign_offs, 0));
      n_sign_off_rows++;
    }
  if (rc == 0)
    return FALSE;

  if (n_sign_off_rows != n_signed)
    /* Translators: a case id, then two numbers */
    return tampered (error, broken_event, 0,
                     _("Case “%s” has %u sign-offs but its history records %u"),
                     case_id, n_sign_off_rows, n_signed);

  return TRUE;
}

/* Public API: history and integrity --------------------------------------------- */

GListModel *
pb_case_store_list_history (PbCaseStore  *self,
                            const char   *case_id,
                            GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_auto(CaseState) state = { 0 };
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  if (!_pb_case_store_load_case_state (self, case_id, 0, &state, error) ||
      !(stmt = _pb_case_store_prepare (self, "SELECT " EVENT_COLUMNS " FROM events WHERE case_id = ?1 ORDER BY seq", error)))
    return NULL;

  _pb_case_store_bind_text (stmt, 1, case_id);

  return _pb_case_store_collect (self, stmt, PB_TYPE_HISTORY_EVENT, (RowFunc)_pb_case_store_history_event_from_row, error);
}

char *
pb_case_store_get_answers_fingerprint (PbCaseStore  *self,
                                       const char   *case_id,
                                       guint         revision,
                                       GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_auto(CaseState) state = { 0 };

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  if (!_pb_case_store_load_case_state (self, case_id, revision, &state, error))
    return NULL;

  return _pb_case_store_compute_fingerprint (self, case_id, state.revision, error);
}

char *
pb_case_store_get_history_head (PbCaseStore  *self,
                                const char   *case_id,
                                guint        *n_events,
                                GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  if (!(stmt = _pb_case_store_prepare (self, "SELECT head_hash, head_seq FROM cases WHERE id = ?1", error)))
    return NULL;

  _pb_case_store_bind_text (stmt, 1, case_id);
  if ((rc = _pb_case_store_step (self, stmt, error)) == 0)
    return NULL;
  if (rc == SQLITE_DONE)
    {
      _pb_case_store_case_not_found (self, case_id, error);
      return NULL;
    }

  if (n_events != NULL)
    *n_events = sqlite3_column_int (stmt, 1);

  return g_strdup (_pb_case_store_column_text (stmt, 0));
}

gboolean
pb_case_store_verify_case (PbCaseStore  *self,
                           const char   *case_id,
                           guint        *n_events,
                           guint        *broken_event,
                           GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  gboolean ok;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_events != NULL)
    *n_events = 0;
  if (broken_event != NULL)
    *broken_event = 0;

  /* One read transaction, so that a writer in another process cannot make
   * the tables and the history disagree halfway through. */
  if (!_pb_case_store_exec (self, "BEGIN", error))
    return FALSE;

  ok = _pb_case_store_verify_locked (self, case_id, n_events, broken_event, error);
  _pb_case_store_rollback (self);

  return ok;
}
