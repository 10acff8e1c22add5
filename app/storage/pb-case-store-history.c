/* pb-case-store-history.c: the history chain of a case and verifying it
 * against the tables
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-case-store"

#include "config.h"

#include "pb-i18n.h"
#include <string.h>

#include "pb-case-screening.h"
#include "pb-case-store-private.h"
#include "pb-db-statements.h"

/* What the history says a revision holds, rebuilt event by event. */
typedef struct
{
  PbCaseStatus  status;
  char         *decision;
  gboolean      sealed;
  char         *reason;
  char         *conditions;
  char         *decided_on;   /* the answers fingerprint the decision in force recorded */
  GHashTable   *answers;      /* question id -> value \x1f comment \x1f note \x1f user \x1f time */
  GHashTable   *last_event;   /* question id -> seq of the last event that set it */
  GPtrArray    *evidence;     /* evidence_key () of each file */
  char         *created;      /* the time of the event that made the revision */
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

/* Whether a first signed event seals the decision in force as it stands
 * (@data and @reason its own), on the answers it was taken on: a
 * signature never changes a decision (a rejection signed as an approval),
 * nor seals answers changed since it, which no rule of approval saw. */
static gboolean
signs_decision_in_force (Replay     *replay,
                         const char *data,
                         const char *reason)
{
  g_autofree char *decision = _pb_case_store_data_get (data, "decision");
  g_autofree char *conditions = _pb_case_store_data_get (data, "conditions");
  g_autofree char *fingerprint = _pb_case_store_data_get (data, "answers_fingerprint");

  return g_strcmp0 (decision, replay->decision) == 0 &&
         g_strcmp0 (conditions, replay->conditions) == 0 &&
         g_strcmp0 (reason, replay->reason) == 0 &&
         (replay->decided_on == NULL || g_strcmp0 (fingerprint, replay->decided_on) == 0);
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
  g_free (replay->decided_on);
  g_free (replay->fingerprint);
  g_free (replay->signer);
  g_free (replay->created);
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

/* Every column of an evidence row but its id: question, SHA-256, file
 * name, media type, size, who, when. The first three name the file for
 * evidence-removed (evidence_prefix ()). */
static char *
evidence_key (const char *question_id,
              const char *sha256,
              const char *file_name,
              const char *media_type,
              const char *size,
              const char *added_by,
              const char *added)
{
  return g_strdup_printf ("%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s", question_id, sha256, file_name,
                          media_type ? media_type : "", size ? size : "", added_by ? added_by : "",
                          added ? added : "");
}

static char *
evidence_prefix (const char *question_id,
                 const char *sha256,
                 const char *file_name)
{
  return g_strdup_printf ("%s\x1f%s\x1f%s\x1f", question_id, sha256, file_name);
}

static gboolean
has_prefix (gconstpointer item,
            gconstpointer prefix)
{
  return g_str_has_prefix (item, prefix);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/* The rest of a revision's row: when it was made, which the history says,
 * and the cached outcome and number of answers, which its answers give. */
static gboolean
verify_revision_row (PbCaseStore      *self,
                     const char       *case_id,
                     guint             revision,
                     Replay           *replay,
                     PbQuestionnaire  *questionnaire,
                     guint             n_answers,
                     guint            *broken_event,
                     GError          **error)
{
  g_autoptr(PbDbStmt) row = NULL;
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(PbEvaluation) evaluation = NULL;
  const char *outcome = NULL;

  if (!(row = pb_db_prepare (self->db,
                             PB_SQL ("SELECT created, outcome, n_answers FROM revisions WHERE case_id = ?1 AND revision = ?2"),
                             error)))
    return FALSE;

  pb_db_stmt_bind_text (row, 1, case_id);
  pb_db_stmt_bind_int64 (row, 2, revision);
  if (pb_db_stmt_step (row, error) != PB_DB_ROW)
    return FALSE;

  if (g_strcmp0 (pb_db_stmt_column_text (row, 0), replay->created) != 0)
    /* Translators: a revision and a case id */
    return tampered (error, broken_event, 0,
                     _("Revision %u of case “%s” records when it was made differently from its history"),
                     revision, case_id);

  /* Kept by another build's rating method (a file open for reading): not
   * shown anywhere, so nothing to check. */
  if (!_pb_case_store_caches_current (self))
    return TRUE;

  /* A questionnaire this build cannot load leaves the outcome unknown, as
   * _pb_case_store_refresh_cache_locked() does. */
  if (questionnaire != NULL)
    {
      g_autoptr(PbCountries) reference = _pb_case_store_load_reference_locked (self, case_id, NULL);

      if (!(answers = _pb_case_store_read_answers (self, case_id, revision, error)))
        return FALSE;
      if (!(evaluation = _pb_case_store_rate_with_screening (self, case_id, revision, questionnaire, answers,
                                                             reference, error)))
        return FALSE;
      outcome = pb_outcome_to_string (pb_evaluation_get_outcome (evaluation));
    }

  if (g_strcmp0 (pb_db_stmt_column_text (row, 1), outcome) != 0 ||
      pb_db_stmt_column_int64 (row, 2) != n_answers)
    /* Translators: a revision, a case id, a stored outcome and number of
     * answers, then the outcome and number its answers give */
    return tampered (error, broken_event, 0,
                     _("Revision %u of case “%s” is listed as “%s” with %lld answers, but its answers "
                       "give “%s” with %u: the summary shown in case lists was altered; the case’s next "
                       "answer or screening writes it again"),
                     revision, case_id,
                     pb_db_stmt_column_text (row, 1) ? pb_db_stmt_column_text (row, 1) : "-",
                     (long long) pb_db_stmt_column_int64 (row, 2), outcome ? outcome : "-", n_answers);

  return TRUE;
}

/* Compares what the tables hold for one revision with the replay. */
static gboolean
verify_revision (PbCaseStore      *self,
                 const char       *case_id,
                 guint             revision,
                 Replay           *replay,
                 PbQuestionnaire  *questionnaire,
                 guint            *broken_event,
                 GError          **error)
{
  g_auto(CaseState) state = { 0 };
  g_autoptr(PbDbStmt) answers = NULL;
  g_autoptr(PbDbStmt) evidence = NULL;
  g_autoptr(GHashTable) stored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) stored_evidence = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  GHashTableIter iter;
  gpointer key, value;
  int rc;

  if (!_pb_case_store_load_case_state (self, case_id, revision, &state, &local_error))
    {
      /* A status no build writes was written behind the store's back. */
      if (g_error_matches (local_error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CORRUPT))
        return tampered (error, broken_event, 0, "%s", local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (replay->sealed)
    {
      gboolean holds;

      if (!_pb_case_store_fingerprint_holds (self, case_id, revision, replay->fingerprint, &holds, error))
        return FALSE;

      if (!state.sealed || !holds)
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

  if (!(answers = pb_db_prepare (self->db,
                                 PB_SQL ("SELECT question_id, value, comment, evidence_note, \"user\", updated FROM answers"
                                         " WHERE case_id = ?1 AND revision = ?2"),
                                 error)))
    return FALSE;

  pb_db_stmt_bind_text (answers, 1, case_id);
  pb_db_stmt_bind_int64 (answers, 2, revision);
  while ((rc = pb_db_stmt_step (answers, error)) == PB_DB_ROW)
    g_hash_table_insert (stored, g_strdup (pb_db_stmt_column_text (answers, 0)),
                         answer_key (pb_db_stmt_column_text (answers, 1), pb_db_stmt_column_text (answers, 2), pb_db_stmt_column_text (answers, 3),
                                     pb_db_stmt_column_text (answers, 4), pb_db_stmt_column_text (answers, 5)));
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

  if (!(evidence = pb_db_prepare (self->db,
                                  PB_SQL ("SELECT question_id, sha256, file_name, media_type, size, added_by, added"
                                          "  FROM evidence WHERE case_id = ?1 AND revision = ?2"),
                                  error)))
    return FALSE;

  pb_db_stmt_bind_text (evidence, 1, case_id);
  pb_db_stmt_bind_int64 (evidence, 2, revision);
  while ((rc = pb_db_stmt_step (evidence, error)) == PB_DB_ROW)
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) blob_error = NULL;
      const char *column[7];

      for (int i = 0; i < 7; i++)
        column[i] = pb_db_stmt_column_text (evidence, i);
      g_ptr_array_add (stored_evidence,
                       evidence_key (column[0], column[1], column[2], column[3], column[4], column[5], column[6]));

      if (!(bytes = _pb_case_store_read_blob (self, pb_db_stmt_column_text (evidence, 1),
                                              PB_EVIDENCE_MAX_SIZE, &blob_error)) &&
          g_error_matches (blob_error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_FAILED))
        {
          /* A query that fails is no finding about this evidence. */
          g_propagate_error (error, g_steal_pointer (&blob_error));
          return FALSE;
        }
      if (bytes == NULL)
        /* Translators: a file name, a question id, a case id and the reason */
        return tampered (error, broken_event, 0, _("Evidence “%s” of %s in case “%s”: %s"),
                         pb_db_stmt_column_text (evidence, 2), pb_db_stmt_column_text (evidence, 0), case_id,
                         blob_error->message);
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

  return verify_revision_row (self, case_id, revision, replay, questionnaire,
                              g_hash_table_size (stored), broken_event, error);

evidence_differs:
  /* Translators: a revision and a case id */
  return tampered (error, broken_event, 0,
                   _("The evidence files of revision %u of case “%s” differ from its history"),
                   revision, case_id);
}

/* The count @sql (with ?1 bound to @key) gives. */
static gboolean
count_rows (PbCaseStore  *self,
            const char   *sql,
            const char   *key,
            gint64       *count,
            GError      **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;

  if (!(stmt = pb_db_prepare (self->db, sql, error)))
    return FALSE;

  pb_db_stmt_bind_text (stmt, 1, key);
  if (pb_db_stmt_step (stmt, error) != PB_DB_ROW)
    return FALSE;

  *count = pb_db_stmt_column_int64 (stmt, 0);

  return TRUE;
}

/* No case row: if its history is still there, the row was removed or its
 * id changed behind the store's back. */
static gboolean
verify_missing_case (PbCaseStore  *self,
                     const char   *case_id,
                     guint        *broken_event,
                     GError      **error)
{
  gint64 n_events;

  if (!count_rows (self, PB_SQL ("SELECT count(*) FROM events WHERE case_id = ?1"), case_id, &n_events, error))
    return FALSE;

  if (n_events > 0)
    /* Translators: a case id, a number of events, then a file name */
    return tampered (error, broken_event, 0,
                     _("Case “%s” has %lld history events in %s but no case row: "
                       "it was removed or renamed behind Probity’s back"),
                     case_id, (long long) n_events, self->path);

  return _pb_case_store_case_not_found (self, case_id, error);
}

/* The pinned questionnaire: its bytes still hash to the SHA-256 the
 * history names, and its id and version are the ones event 1 recorded. */
static gboolean
verify_questionnaire (PbCaseStore  *self,
                      const char   *case_id,
                      const char   *sha256,
                      const char   *creation_data,
                      guint        *broken_event,
                      GError      **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *qid = _pb_case_store_data_get (creation_data, "questionnaire");
  g_autofree char *version = _pb_case_store_data_get (creation_data, "questionnaire_version");
  gconstpointer content;
  gsize size;
  int rc;

  if (!(stmt = pb_db_prepare (self->db,
                              PB_SQL ("SELECT qid, version, CASE WHEN length (content) <= ?2 THEN content END"
                                      "  FROM questionnaires WHERE sha256 = ?1"),
                              error)))
    return FALSE;

  pb_db_stmt_bind_int64 (stmt, 2, STORED_FILE_MAX_SIZE);

  pb_db_stmt_bind_text (stmt, 1, sha256);
  if ((rc = pb_db_stmt_step (stmt, error)) == 0)
    return FALSE;

  if (rc == PB_DB_DONE)
    /* Translators: a case id, a SHA-256, then a file name */
    return tampered (error, broken_event, 1,
                     _("The questionnaire case “%s” was answered under (SHA-256 %s) is missing from %s"),
                     case_id, sha256, self->path);

  content = pb_db_stmt_column_blob (stmt, 2, &size);
  g_checksum_update (checksum, content, size);
  if (g_strcmp0 (g_checksum_get_string (checksum), sha256) != 0)
    /* Translators: a case id, then a SHA-256 */
    return tampered (error, broken_event, 1,
                     _("The questionnaire case “%s” was answered under was altered: its stored bytes "
                       "no longer hash to %s"),
                     case_id, sha256);

  if (g_strcmp0 (pb_db_stmt_column_text (stmt, 0), qid) != 0 ||
      g_strcmp0 (pb_db_stmt_column_text (stmt, 1), version) != 0)
    /* Translators: a case id */
    return tampered (error, broken_event, 1,
                     _("The questionnaire of case “%s” is stored under another id or version than "
                       "event 1 recorded"),
                     case_id);

  return TRUE;
}

/* The pinned country reference data, like the questionnaire: the SHA-256
 * the case names is the one event 1 recorded, and the stored bytes still
 * hash to it (cases from before schema 4 pin none). */
static gboolean
verify_reference (PbCaseStore  *self,
                  const char   *case_id,
                  const char   *sha256,
                  const char   *creation_data,
                  guint        *broken_event,
                  GError      **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *recorded = _pb_case_store_data_get (creation_data, "reference_data_sha256");
  g_autofree char *version = _pb_case_store_data_get (creation_data, "reference_data_version");
  gconstpointer content;
  gsize size;
  int rc;

  if (g_strcmp0 (sha256, recorded) != 0)
    /* Translators: a case id */
    return tampered (error, broken_event, 1,
                     _("Case “%s” names other reference data than event 1 recorded"), case_id);

  if (sha256 == NULL)
    return TRUE;

  if (!(stmt = pb_db_prepare (self->db,
                              PB_SQL ("SELECT version, CASE WHEN length (content) <= ?2 THEN content END"
                                      "  FROM reference_data WHERE sha256 = ?1"),
                              error)))
    return FALSE;

  pb_db_stmt_bind_int64 (stmt, 2, STORED_FILE_MAX_SIZE);

  pb_db_stmt_bind_text (stmt, 1, sha256);
  if ((rc = pb_db_stmt_step (stmt, error)) == 0)
    return FALSE;

  if (rc == PB_DB_DONE)
    /* Translators: a case id, a SHA-256, then a file name */
    return tampered (error, broken_event, 1,
                     _("The reference data case “%s” was rated with (SHA-256 %s) is missing from %s"),
                     case_id, sha256, self->path);

  content = pb_db_stmt_column_blob (stmt, 1, &size);
  g_checksum_update (checksum, content, size);
  if (g_strcmp0 (g_checksum_get_string (checksum), sha256) != 0 ||
      g_strcmp0 (pb_db_stmt_column_text (stmt, 0), version) != 0)
    /* Translators: a case id, then a SHA-256 */
    return tampered (error, broken_event, 1,
                     _("The reference data case “%s” was rated with was altered: its stored bytes "
                       "or version are no longer those of %s"),
                     case_id, sha256);

  return TRUE;
}

/* The case's customer or product row is still the one event 1 recorded
 * the digest of (cases created before the digest was recorded have none). */
static gboolean
verify_record (PbCaseStore   *self,
               const char    *case_id,
               PbRecordKind   kind,
               const char    *uid,
               const char    *creation_data,
               guint         *broken_event,
               GError       **error)
{
  g_autofree char *recorded = _pb_case_store_data_get (creation_data, kind == PB_RECORD_CUSTOMER
                                                                      ? "customer_sha256" : "product_sha256");
  g_autofree char *digest = NULL;
  g_autoptr(GError) local_error = NULL;

  if (recorded == NULL)
    return TRUE;

  digest = _pb_case_store_compute_record_digest (self, kind, uid, &local_error);
  if (digest == NULL && !g_error_matches (local_error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (g_strcmp0 (digest, recorded) != 0)
    return tampered (error, broken_event, 1,
                     kind == PB_RECORD_CUSTOMER
                     /* Translators: a case id */
                     ? _("The customer of case “%s” was changed or removed after the case was created: "
                         "its name, aliases, country, type or notes no longer match event 1")
                     /* Translators: a case id */
                     : _("The product of case “%s” was changed or removed after the case was created: "
                         "its name, version, family or capabilities no longer match event 1"),
                     case_id);

  return TRUE;
}

/* Every sign-off row is, column by column, what its signed event recorded,
 * and a report whose bytes were stored is still there and whole. */
static gboolean
verify_sign_offs (PbCaseStore  *self,
                  const char   *case_id,
                  guint         n_signed,
                  guint        *broken_event,
                  GError      **error)
{
  /* sign_offs columns and the data members that record them */
  static const struct { int column; const char *member; } members[] = {
    { 2, "role" }, { 3, "name" }, { 4, "organisation" }, { 5, "decision" }, { 7, "conditions" },
    { 9, "report_sha256" }, { 10, "answers_fingerprint" }, { 11, "history_head" }, { 12, "certificate_sha256" },
    { 18, "language" },
  };
  g_autoptr(PbDbStmt) stmt = NULL;
  guint n_rows = 0;
  int rc;

  if (!(stmt = pb_db_prepare (self->db,
                              PB_SQL ("SELECT s.event_seq, s.revision, s.role, s.name, s.organisation, s.decision, s.reason,"
                                      "       s.conditions, s.time, s.report_sha256, s.answers_fingerprint, s.history_head,"
                                      "       s.certificate_sha256, e.kind, e.revision, e.reason, e.time, e.data, s.language"
                                      "  FROM sign_offs s LEFT JOIN events e ON e.case_id = s.case_id AND e.seq = s.event_seq"
                                      " WHERE s.case_id = ?1 ORDER BY s.event_seq"),
                              error)))
    return FALSE;

  pb_db_stmt_bind_text (stmt, 1, case_id);
  while ((rc = pb_db_stmt_step (stmt, error)) == PB_DB_ROW)
    {
      guint event_seq = pb_db_stmt_column_int (stmt, 0);
      const char *data = pb_db_stmt_column_text (stmt, 17);
      const char *report_sha256 = pb_db_stmt_column_text (stmt, 9);
      g_autofree char *report_size = _pb_case_store_data_get (data, "report_size");
      gboolean same;

      same = g_strcmp0 (pb_db_stmt_column_text (stmt, 13), "signed") == 0 &&
             pb_db_stmt_column_int64 (stmt, 1) == pb_db_stmt_column_int64 (stmt, 14) &&
             g_strcmp0 (pb_db_stmt_column_text (stmt, 6), pb_db_stmt_column_text (stmt, 15)) == 0 &&
             g_strcmp0 (pb_db_stmt_column_text (stmt, 8), pb_db_stmt_column_text (stmt, 16)) == 0;
      for (guint i = 0; same && i < G_N_ELEMENTS (members); i++)
        {
          g_autofree char *recorded = _pb_case_store_data_get (data, members[i].member);

          same = g_strcmp0 (pb_db_stmt_column_text (stmt, members[i].column), recorded) == 0;
        }

      if (!same)
        /* Translators: a case id and an event number */
        return tampered (error, broken_event, event_seq,
                         _("A sign-off of case “%s” differs from what event %u recorded"),
                         case_id, event_seq);

      if (report_size != NULL || _pb_case_store_has_blob (self, report_sha256))
        {
          g_autoptr(GError) local_error = NULL;
          g_autoptr(GBytes) report = _pb_case_store_read_blob (self, report_sha256, STORED_FILE_MAX_SIZE,
                                                               &local_error);

          if (report == NULL)
            /* Translators: an event number, a case id, then the reason */
            return tampered (error, broken_event, event_seq,
                             _("The report signed in event %u of case “%s”: %s"),
                             event_seq, case_id, local_error->message);
        }

      n_rows++;
    }
  if (rc == 0)
    return FALSE;

  if (n_rows != n_signed)
    /* Translators: a case id, then two numbers */
    return tampered (error, broken_event, 0,
                     _("Case “%s” has %u sign-offs but its history records %u"),
                     case_id, n_rows, n_signed);

  return TRUE;
}

gboolean
_pb_case_store_verify_locked (PbCaseStore  *self,
                              const char   *case_id,
                              guint        *n_events,
                              guint        *broken_event,
                              GError      **error)
{
  g_autoptr(PbDbStmt) head = NULL;
  g_autoptr(PbDbStmt) events = NULL;
  g_autoptr(GPtrArray) revisions = g_ptr_array_new_with_free_func ((GDestroyNotify)replay_free);
  g_autoptr(GPtrArray) hashes = g_ptr_array_new_with_free_func (g_free);   /* of events 1..seq */
  g_autofree char *prev_hash = g_strdup (GENESIS_HASH);
  g_autofree char *customer_uid = NULL;
  g_autofree char *product_uid = NULL;
  g_autofree char *questionnaire_sha256 = NULL;
  g_autofree char *head_hash = NULL;
  g_autofree char *last_time = NULL;
  g_autofree char *created_by = NULL;
  g_autofree char *creation_data = NULL;
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autoptr(PbCaseScreening) screening = NULL;
  guint head_seq, current_revision, seq = 0;
  guint n_signed = 0;
  guint n_anchored = 0;
  gboolean with_roles = FALSE;
  gint64 n_revisions, n_rows = -1;
  int rc;

  if (!(head = pb_db_prepare (self->db,
                              PB_SQL ("SELECT head_seq, head_hash, customer_uid, product_uid, questionnaire_sha256,"
                                      "       current_revision, (SELECT count(*) FROM revisions r WHERE r.case_id = ?1"
                                      "                            AND r.revision BETWEEN 1 AND cases.current_revision),"
                                      "       created, created_by, updated, reference_sha256"
                                      "  FROM cases WHERE id = ?1"),
                              error)))
    return FALSE;

  pb_db_stmt_bind_text (head, 1, case_id);
  if ((rc = pb_db_stmt_step (head, error)) == 0)
    return FALSE;
  if (rc == PB_DB_DONE)
    return verify_missing_case (self, case_id, broken_event, error);

  head_seq = pb_db_stmt_column_int (head, 0);
  head_hash = g_strdup (pb_db_stmt_column_text (head, 1));
  customer_uid = g_strdup (pb_db_stmt_column_text (head, 2));
  product_uid = g_strdup (pb_db_stmt_column_text (head, 3));
  questionnaire_sha256 = g_strdup (pb_db_stmt_column_text (head, 4));
  current_revision = pb_db_stmt_column_int (head, 5);
  n_revisions = pb_db_stmt_column_int64 (head, 6);

  if (!(events = pb_db_prepare (self->db, PB_SQL ("SELECT " EVENT_COLUMNS " FROM events WHERE case_id = ?1 ORDER BY seq"), error)))
    return FALSE;

  pb_db_stmt_bind_text (events, 1, case_id);
  while ((rc = pb_db_stmt_step (events, error)) == PB_DB_ROW)
    {
      g_autofree char *hash = NULL;
      guint event_seq = pb_db_stmt_column_int (events, 1);
      guint revision = pb_db_stmt_column_int (events, 2);
      const char *kind_name = pb_db_stmt_column_text (events, 5);
      const char *question_id = pb_db_stmt_column_text (events, 6);
      const char *old_value = pb_db_stmt_column_text (events, 7);
      const char *new_value = pb_db_stmt_column_text (events, 8);
      const char *data = pb_db_stmt_column_text (events, 10);
      Replay *replay = NULL;
      PbEventKind kind;

      seq++;
      if (event_seq != seq)
        /* Translators: an event number and a case id */
        return tampered (error, broken_event, seq,
                         _("Event %u is missing from the history of case “%s”"), seq, case_id);

      if (g_strcmp0 (pb_db_stmt_column_text (events, 11), prev_hash) != 0)
        /* Translators: an event number, a case id, then the previous event number */
        return tampered (error, broken_event, seq,
                         _("Event %u of case “%s” does not link to event %u: "
                           "an event before it was removed or altered"),
                         seq, case_id, seq - 1);

      hash = _pb_case_store_compute_event_hash (case_id, event_seq, revision, pb_db_stmt_column_text (events, 3),
                                                pb_db_stmt_column_text (events, 4), pb_db_stmt_column_text (events, 13),
                                                pb_db_stmt_column_text (events, 14), kind_name, question_id, old_value,
                                                new_value, pb_db_stmt_column_text (events, 9), data, prev_hash);
      if (g_strcmp0 (hash, pb_db_stmt_column_text (events, 12)) != 0)
        /* Translators: an event number, a case id, and the kind of event */
        return tampered (error, broken_event, seq,
                         _("Event %u of case “%s” (%s) was altered after it was recorded: "
                           "its content no longer matches its hash"),
                         seq, case_id, kind_name);

      g_free (prev_hash);
      prev_hash = g_strdup (pb_db_stmt_column_text (events, 12));
      g_ptr_array_add (hashes, g_strdup (prev_hash));
      g_free (last_time);
      last_time = g_strdup (pb_db_stmt_column_text (events, 3));

      /* Since schema 3 every event names its actor's role; one without,
       * after one with, was not written by the store. */
      if (pb_db_stmt_column_text (events, 13) != NULL)
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

          replay = replay_new ();
          replay->created = g_strdup (pb_db_stmt_column_text (events, 3));
          g_ptr_array_add (revisions, replay);
          created_by = g_strdup (pb_db_stmt_column_text (events, 4));
          creation_data = g_strdup (data);
          continue;
        }

      if (seq == 1)
        /* Translators: a case id */
        return tampered (error, broken_event, 1,
                         _("The history of case “%s” does not start with its creation"), case_id);

      /* A time-stamp changes no fact; it names an earlier event by its hash. */
      if (kind == PB_EVENT_ANCHORED)
        {
          g_autofree char *anchored = _pb_case_store_data_get (data, "event_seq");
          guint64 anchored_seq = 0;

          if (anchored == NULL || !g_ascii_string_to_unsigned (anchored, 10, 1, seq - 1, &anchored_seq, NULL) ||
              g_strcmp0 (new_value, g_ptr_array_index (hashes, anchored_seq - 1)) != 0 ||
              revision != revisions->len)
            /* Translators: an event number and a case id */
            return tampered (error, broken_event, seq,
                             _("Event %u of case “%s” time-stamps an event the history does not have"),
                             seq, case_id);

          n_anchored++;
          continue;
        }

      /* An administrator vouches for the history before it, brought onto
       * a server (schema-v2.sql, import_case ()): its head and length. */
      if (kind == PB_EVENT_IMPORTED)
        {
          g_autofree char *events_before = _pb_case_store_data_get (data, "events");
          g_autofree char *source = _pb_case_store_data_get (data, "source");
          g_autofree char *expected = g_strdup_printf ("%u", seq - 1);

          if (g_strcmp0 (events_before, expected) != 0 || _pb_case_store_is_blank (source) ||
              g_strcmp0 (new_value, g_ptr_array_index (hashes, seq - 2)) != 0 ||
              revision != revisions->len)
            /* Translators: an event number and a case id */
            return tampered (error, broken_event, seq,
                             _("Event %u of case “%s” records an import of a history the case does not have"),
                             seq, case_id);
          continue;
        }

      if (kind == PB_EVENT_REOPENED)
        {
          Replay *last = g_ptr_array_index (revisions, revisions->len - 1);

          if (revision != revisions->len + 1 || !last->sealed)
            /* Translators: an event number and a case id */
            return tampered (error, broken_event, seq,
                             _("Event %u of case “%s” reopens a revision that was not signed"), seq, case_id);

          replay = replay_copy (last);
          replay->created = g_strdup (pb_db_stmt_column_text (events, 3));
          g_ptr_array_add (revisions, replay);
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
                                     answer_key (new_value, comment, note, pb_db_stmt_column_text (events, 4),
                                                 pb_db_stmt_column_text (events, 3)));
              }

            g_hash_table_insert (replay->last_event, g_strdup (question_id), GUINT_TO_POINTER (seq));
          }
          break;

        case PB_EVENT_EVIDENCE_ADDED:
          {
            g_autofree char *file_name = _pb_case_store_data_get (data, "file_name");
            g_autofree char *media_type = _pb_case_store_data_get (data, "media_type");
            g_autofree char *size = _pb_case_store_data_get (data, "size");

            g_ptr_array_add (replay->evidence,
                             evidence_key (question_id, new_value, file_name, media_type, size,
                                           pb_db_stmt_column_text (events, 4), pb_db_stmt_column_text (events, 3)));
          }
          break;

        case PB_EVENT_EVIDENCE_REMOVED:
          {
            g_autofree char *file_name = _pb_case_store_data_get (data, "file_name");
            g_autofree char *item = evidence_prefix (question_id, old_value, file_name);
            guint index;

            if (!g_ptr_array_find_with_equal_func (replay->evidence, item, has_prefix, &index))
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

            /* (Where no decision was in force, an older store decided a
             * case by signing it: such a signed event makes the decision.
             * A server refuses one.) */
            if (kind == PB_EVENT_SIGNED && !replay->sealed && pb_case_status_is_decision (replay->status) &&
                !signs_decision_in_force (replay, data, pb_db_stmt_column_text (events, 9)))
              /* Translators: an event number and a case id */
              return tampered (error, broken_event, seq,
                               _("Event %u of case “%s” signs another decision than the one in force, or answers changed since that decision"),
                               seq, case_id);

            if (kind == PB_EVENT_STATUS_CHANGED)
              {
                g_clear_pointer (&replay->decided_on, g_free);
                if (pb_case_status_is_decision (to))
                  replay->decided_on = _pb_case_store_data_get (data, "answers_fingerprint");
              }

            if (kind == PB_EVENT_STATUS_CHANGED || !replay->sealed)
              {
                g_clear_pointer (&replay->decision, g_free);
                g_clear_pointer (&replay->reason, g_free);
                g_clear_pointer (&replay->conditions, g_free);
                if (pb_case_status_is_decision (to) || kind == PB_EVENT_SIGNED)
                  {
                    replay->decision = kind == PB_EVENT_SIGNED ? _pb_case_store_data_get (data, "decision") : g_strdup (new_value);
                    replay->reason = g_strdup (pb_db_stmt_column_text (events, 9));
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

        case PB_EVENT_PARTY_ADDED:
        case PB_EVENT_PARTY_REMOVED:
        case PB_EVENT_SCREENED:
        case PB_EVENT_HIT_DECIDED:
          {
            g_autoptr(GError) why = NULL;

            if (screening == NULL &&
                !(screening = _pb_case_screening_new_for_case (self, case_id, error)))
              return FALSE;

            if (!_pb_case_screening_apply (screening, seq, revision, pb_db_stmt_column_text (events, 3),
                                           pb_db_stmt_column_text (events, 4), pb_db_stmt_column_text (events, 13),
                                           kind, old_value, new_value, pb_db_stmt_column_text (events, 9), data, &why))
              /* Translators: an event number, a case id, then why */
              return tampered (error, broken_event, seq,
                               _("Event %u of case “%s” does not follow from the events before it: %s"),
                               seq, case_id, why->message);
          }
          break;

        case PB_EVENT_CASE_CREATED:
        case PB_EVENT_REOPENED:
        case PB_EVENT_ANCHORED:
        case PB_EVENT_IMPORTED:
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

  if (!count_rows (self, PB_SQL ("SELECT count(*) FROM revisions WHERE case_id = ?1"), case_id, &n_rows, error))
    return FALSE;

  if (revisions->len != current_revision || n_revisions != current_revision || n_rows != current_revision)
    /* Translators: a case id */
    return tampered (error, broken_event, 0,
                     _("The revisions of case “%s” do not match its history"), case_id);

  if (g_strcmp0 (pb_db_stmt_column_text (head, 7), ((Replay *)g_ptr_array_index (revisions, 0))->created) != 0 ||
      g_strcmp0 (pb_db_stmt_column_text (head, 8), created_by) != 0)
    /* Translators: a case id */
    return tampered (error, broken_event, 1,
                     _("Case “%s” records when or by whom it was created differently from event 1"), case_id);

  if (g_strcmp0 (pb_db_stmt_column_text (head, 9), last_time) != 0)
    /* Translators: a case id, then an event number */
    return tampered (error, broken_event, seq,
                     _("Case “%s” records its last change at another time than its last event, %u"),
                     case_id, seq);

  if (!verify_questionnaire (self, case_id, questionnaire_sha256, creation_data, broken_event, error) ||
      !verify_reference (self, case_id, pb_db_stmt_column_text (head, 10), creation_data, broken_event, error) ||
      !verify_record (self, case_id, PB_RECORD_CUSTOMER, customer_uid, creation_data, broken_event, error) ||
      !verify_record (self, case_id, PB_RECORD_PRODUCT, product_uid, creation_data, broken_event, error))
    return FALSE;

  /* Verified bytes; NULL if this build cannot read them, as for the cache. */
  questionnaire = _pb_case_store_load_questionnaire_by_sha (self, questionnaire_sha256, NULL);

  for (guint i = 0; i < revisions->len; i++)
    {
      if (!verify_revision (self, case_id, i + 1, g_ptr_array_index (revisions, i), questionnaire,
                            broken_event, error))
        return FALSE;
    }

  if (!verify_sign_offs (self, case_id, n_signed, broken_event, error) ||
      !_pb_case_store_verify_anchors_locked (self, case_id, n_anchored, broken_event, error) ||
      !_pb_case_store_verify_listing (self, case_id, error))
    return FALSE;

  if (screening != NULL &&
      !_pb_case_store_verify_screened_editions (self, case_id, screening, broken_event, error))
    return FALSE;

  /* Last, so that an edit the triggers would have stopped is named by what
   * it changed rather than by the trigger dropped to make it. */
  if (!_pb_case_store_check_schema (self, error))
    {
      if (broken_event != NULL)
        *broken_event = 0;
      return FALSE;
    }

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
  g_autoptr(PbDbStmt) stmt = NULL;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  if (!_pb_case_store_load_case_state (self, case_id, 0, &state, error) ||
      !(stmt = pb_db_prepare (self->db, PB_SQL ("SELECT " EVENT_COLUMNS " FROM events WHERE case_id = ?1 ORDER BY seq"), error)))
    {
      _pb_case_store_explain_read_refused (self, error);
      return NULL;
    }

  pb_db_stmt_bind_text (stmt, 1, case_id);

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

gboolean
pb_case_store_answers_fingerprint_holds (PbCaseStore  *self,
                                         const char   *case_id,
                                         guint         revision,
                                         const char   *fingerprint,
                                         gboolean     *holds,
                                         GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_auto(CaseState) state = { 0 };

  g_return_val_if_fail (PB_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);
  g_return_val_if_fail (holds != NULL, FALSE);

  if (!_pb_case_store_load_case_state (self, case_id, revision, &state, error))
    return FALSE;

  return _pb_case_store_fingerprint_holds (self, case_id, state.revision, fingerprint, holds, error);
}

char *
pb_case_store_get_history_head (PbCaseStore  *self,
                                const char   *case_id,
                                guint        *n_events,
                                GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_autoptr(PbDbStmt) stmt = NULL;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  if (!(stmt = _pb_case_store_read_case_row (self, PB_SQL ("SELECT head_hash, head_seq FROM cases WHERE id = ?1"), case_id, error)))
    return NULL;

  if (n_events != NULL)
    *n_events = pb_db_stmt_column_int (stmt, 1);

  return g_strdup (pb_db_stmt_column_text (stmt, 0));
}

gboolean
pb_case_store_verify_case (PbCaseStore  *self,
                           const char   *case_id,
                           guint        *n_events,
                           guint        *broken_event,
                           GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_autoptr(GError) local_error = NULL;
  gboolean own;
  gboolean ok;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_events != NULL)
    *n_events = 0;
  if (broken_event != NULL)
    *broken_event = 0;

  /* One read transaction, so that a writer in another process cannot make
   * the tables and the history disagree halfway through; or the one the
   * caller is in (a copy's check, pb-case-store-copy.c: the case as the
   * copy reads it). */
  own = !pb_db_in_transaction (self->db);
  if (own && !pb_db_begin_read (self->db, error))
    return FALSE;

  ok = _pb_case_store_verify_locked (self, case_id, n_events, broken_event, &local_error);
  /* A query that fails on a table of another shape (rebuilt, a column
   * dropped): what the schema says was altered names it; SQLite's "no
   * such column" does not. */
  if (!ok && g_error_matches (local_error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_FAILED))
    {
      g_autoptr(GError) schema_error = NULL;

      if (!_pb_case_store_check_schema (self, &schema_error))
        {
          g_clear_error (&local_error);
          local_error = g_steal_pointer (&schema_error);
          if (broken_event != NULL)
            *broken_event = 0;
        }
    }
  if (own)
    _pb_case_store_rollback (self);

  if (!ok)
    {
      _pb_case_store_explain_read_refused (self, &local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return ok;
}
