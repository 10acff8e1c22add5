/* pb-case-store-cases.c: cases, their answers and their evidence
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-case-store"

#include "config.h"

#include "pb-i18n.h"
#include <glib/gstdio.h>
#include <string.h>

#include "pb-case-store-private.h"
#include "pb-db-statements.h"
#include "pb-file.h"

/* Helpers of the public API ------------------------------------------------- */

static char *
new_case_id (PbCaseStore  *self,
             GError      **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  /* Random rather than sequential, so that cases made in different
   * databases keep distinct ids when they meet through case files. (On a
   * server, the one it stores a sales person's case under is its own.) */
  for (guint attempt = 0; attempt < 16; attempt++)
    {
      g_autofree char *uuid = g_uuid_string_random ();
      g_autofree char *suffix = g_ascii_strup (uuid, 8);
      g_autofree char *id = g_strdup_printf ("C-%d-%s", g_date_time_get_year (now), suffix);
      g_autoptr(PbDbStmt) stmt = NULL;
      int rc;

      if (!(stmt = pb_db_prepare (self->db, PB_SQL ("SELECT 1 FROM cases WHERE id = ?1"), error)))
        return NULL;

      pb_db_stmt_bind_text (stmt, 1, id);
      if ((rc = pb_db_stmt_step (stmt, error)) == 0)
        return NULL;
      if (rc == PB_DB_DONE)
        return g_steal_pointer (&id);
    }

  g_set_error_literal (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_FAILED,
                       _("Could not find a free case id"));
  return NULL;
}

/* Sets one answer inside a transaction; *changed tells whether anything was
 * written. The caller refreshes the cache. */
/* Answers as this store last read or wrote them ------------------------------
 *
 * Optimistic concurrency: an answer someone else changed since this store
 * read it is not overwritten. The store remembers, per answer, when it was
 * last changed as this store saw it ("" for none) and, per revision,
 * that it read all of them; a write whose answer has changed since is
 * refused with PB_STORAGE_ERROR_CONFLICT. A store that never read a case
 * (a command line that sets one answer) writes as before. */

#define READ_ALL "\x1f*"

static char *
seen_key (const char *case_id,
          guint       revision,
          const char *question_id)
{
  return g_strdup_printf ("%s\x1f%u\x1f%s", case_id, revision, question_id);
}

static void
remember_answer (PbCaseStore *self,
                 const char  *case_id,
                 guint        revision,
                 const char  *question_id,
                 const char  *updated)
{
  g_autofree char *key = seen_key (case_id, revision, question_id);

  g_hash_table_remove (self->unclear, key);
  g_hash_table_replace (self->seen, g_steal_pointer (&key), g_strdup (updated ? updated : ""));
}

/* A write whose COMMIT's answer was lost, the server not asked, may have
 * been saved (pb-db-pg.c): what it wrote is remembered (@updated: the time
 * it gave the answer; NULL: it cleared it). Found later, that answer is
 * this store's own, not someone else's newer one: a save on top of it, or
 * the same save again, is no conflict with itself. */
static void
remember_unclear (PbCaseStore *self,
                  const char  *case_id,
                  guint        revision,
                  const char  *question_id,
                  const char  *updated)
{
  g_hash_table_replace (self->unclear, seen_key (case_id, revision, question_id), g_strdup (updated ? updated : ""));
}

/* Takes the stored answer (@updated and @user; NULL: none) as read when it
 * is what this store's unclear write of it wrote, as @actor: it was saved. */
static void
adopt_unclear (PbCaseStore *self,
               const char  *case_id,
               guint        revision,
               const char  *question_id,
               const char  *updated,
               const char  *user,
               const char  *actor)
{
  g_autofree char *key = seen_key (case_id, revision, question_id);
  const char *written = g_hash_table_lookup (self->unclear, key);

  if (written == NULL || strcmp (written, updated ? updated : "") != 0 ||
      (updated != NULL && g_strcmp0 (user, actor) != 0))
    return;

  g_debug ("%s: the unclear save of %s (case %s) was saved", self->path, question_id, case_id);
  remember_answer (self, case_id, revision, question_id, updated);
}

static void
forget_case (PbCaseStore *self,
             const char  *case_id)
{
  g_autofree char *prefix = g_strconcat (case_id, "\x1f", NULL);
  GHashTableIter iter;
  const char *key;

  g_hash_table_iter_init (&iter, self->seen);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, NULL))
    if (g_str_has_prefix (key, prefix))
      g_hash_table_iter_remove (&iter);
  g_hash_table_iter_init (&iter, self->unclear);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, NULL))
    if (g_str_has_prefix (key, prefix))
      g_hash_table_iter_remove (&iter);
}

/* Remembers every answer of a revision, as read now. */
static gboolean
remember_revision (PbCaseStore  *self,
                   const char   *case_id,
                   guint         revision,
                   GError      **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  int rc;

  if (!(stmt = pb_db_prepare_cached (self->db, PB_SQL ("SELECT question_id, updated FROM answers WHERE case_id = ?1 AND revision = ?2"),
                                     error)))
    return FALSE;

  pb_db_stmt_bind_text (stmt, 1, case_id);
  pb_db_stmt_bind_int64 (stmt, 2, revision);
  forget_case (self, case_id);
  while ((rc = pb_db_stmt_step (stmt, error)) == PB_DB_ROW)
    remember_answer (self, case_id, revision, pb_db_stmt_column_text (stmt, 0), pb_db_stmt_column_text (stmt, 1));
  if (rc == 0)
    return FALSE;

  remember_answer (self, case_id, revision, READ_ALL, "");

  return TRUE;
}

/* Refuses to overwrite an answer that changed since this store read it:
 * @updated, @user and @value are the stored answer's (NULL: none). */
static gboolean
refuse_stale (PbCaseStore  *self,
              const char   *case_id,
              guint         revision,
              const char   *question_id,
              const char   *updated,
              const char   *user,
              const char   *value,
              const char   *comment,
              GError      **error)
{
  g_autofree char *key = seen_key (case_id, revision, question_id);
  g_autofree char *all_key = seen_key (case_id, revision, READ_ALL);
  const char *seen = g_hash_table_lookup (self->seen, key);
  g_autofree char *when = NULL;

  if (seen == NULL && g_hash_table_contains (self->seen, all_key))
    seen = "";
  if (seen == NULL || strcmp (seen, updated ? updated : "") == 0)
    return TRUE;

  /* As people read a time: the stored form is for machines. */
  when = pb_i18n_format_timestamp (updated);

  /* Their comment too: it may be all they changed. */
  if (updated != NULL && comment != NULL && comment[0] != '\0')
    /* Translators: a question id, a case id, a person, a time, the answer they gave, then their comment */
    g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CONFLICT,
                 _("Question %s of case “%s” was answered by %s at %s since you read it, with %s and the comment "
                   "“%s”; your answer was not saved. Read the case again and answer on top of theirs."),
                 question_id, case_id, user, when, value, comment);
  else if (updated != NULL)
    /* Translators: a question id, a case id, a person, a time, then the answer they gave */
    g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CONFLICT,
                 _("Question %s of case “%s” was answered by %s at %s since you read it, with %s; "
                   "your answer was not saved. Read the case again and answer on top of theirs."),
                 question_id, case_id, user, when, value);
  else
    /* Translators: a question id, then a case id */
    g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CONFLICT,
                 _("The answer to question %s of case “%s” was cleared by someone else since you read it; "
                   "your answer was not saved. Read the case again."),
                 question_id, case_id);

  return FALSE;
}

/* An answer, its comment and its evidence note hold at most
 * PB_TEXT_MAX_SIZE bytes each, as on a team server. */
static gboolean
check_answer_sizes (const char  *case_id,
                    const char  *question_id,
                    const char  *value,
                    const char  *comment,
                    const char  *evidence_note,
                    GError     **error)
{
  g_autofree char *what = NULL;

  if (value != NULL && strlen (value) > PB_TEXT_MAX_SIZE)
    /* Translators: a question id, then a case id */
    what = g_strdup_printf (_("The answer to question %s of case “%s”"), question_id, case_id);
  else if (strlen (comment) > PB_TEXT_MAX_SIZE)
    /* Translators: a question id, then a case id */
    what = g_strdup_printf (_("The comment on question %s of case “%s”"), question_id, case_id);
  else if (strlen (evidence_note) > PB_TEXT_MAX_SIZE)
    /* Translators: a question id, then a case id */
    what = g_strdup_printf (_("The evidence note on question %s of case “%s”"), question_id, case_id);
  else
    return TRUE;

  return _pb_case_store_check_size (value, PB_TEXT_MAX_SIZE, what, error) &&
         _pb_case_store_check_size (comment, PB_TEXT_MAX_SIZE, what, error) &&
         _pb_case_store_check_size (evidence_note, PB_TEXT_MAX_SIZE, what, error);
}

static gboolean
set_answer_locked (PbCaseStore      *self,
                   const char       *case_id,
                   CaseState        *state,
                   PbQuestionnaire  *questionnaire,
                   const char       *question_id,
                   PbAnswer         *answer,
                   const char       *comment,
                   const char       *evidence_note,
                   const char       *reason,
                   const char       *user,
                   const char       *now,
                   gboolean         *changed,
                   GError          **error)
{
  g_autoptr(PbDbStmt) old = NULL;
  g_autofree char *old_value = NULL;
  g_autofree char *old_comment = NULL;
  g_autofree char *old_note = NULL;
  g_autofree char *old_user = NULL;
  g_autofree char *old_updated = NULL;
  g_autofree char *new_value = NULL;
  g_autofree char *data = NULL;
  PbQuestion *question;
  PbEventKind kind;
  int rc;

  *changed = FALSE;

  if (!(question = pb_questionnaire_lookup_question (questionnaire, question_id)))
    {
      /* Translators: a question id, a questionnaire id and version, then a case id */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND,
                   _("There is no question %s in questionnaire %s %s (case “%s”)"),
                   question_id, pb_questionnaire_get_id (questionnaire),
                   pb_questionnaire_get_version (questionnaire), case_id);
      return FALSE;
    }

  if (answer != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      if (!pb_question_check_answer (question, answer, &local_error))
        {
          /* Translators: a case id, then the reason naming the question */
          g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                       _("Case “%s”: %s"), case_id, local_error->message);
          return FALSE;
        }

      new_value = pb_answer_to_json (answer);
    }

  if (!(old = pb_db_prepare_cached (self->db,
                                    PB_SQL ("SELECT value, comment, evidence_note, \"user\", updated FROM answers"
                                            " WHERE case_id = ?1 AND revision = ?2 AND question_id = ?3"),
                                    error)))
    return FALSE;

  pb_db_stmt_bind_text (old, 1, case_id);
  pb_db_stmt_bind_int64 (old, 2, state->revision);
  pb_db_stmt_bind_text (old, 3, question_id);
  if ((rc = pb_db_stmt_step (old, error)) == 0)
    return FALSE;

  if (rc == PB_DB_ROW)
    {
      old_value = g_strdup (pb_db_stmt_column_text (old, 0));
      old_comment = g_strdup (pb_db_stmt_column_text (old, 1));
      old_note = g_strdup (pb_db_stmt_column_text (old, 2));
      old_user = g_strdup (pb_db_stmt_column_text (old, 3));
      old_updated = g_strdup (pb_db_stmt_column_text (old, 4));
    }
  adopt_unclear (self, case_id, state->revision, question_id, old_updated, old_user, user);

  if (comment == NULL)
    comment = old_comment ? old_comment : "";
  if (evidence_note == NULL)
    evidence_note = old_note ? old_note : "";

  if (new_value == NULL && old_value == NULL)
    return TRUE;

  if (!check_answer_sizes (case_id, question_id, new_value, comment, evidence_note, error))
    return FALSE;

  if (new_value != NULL && old_value != NULL &&
      strcmp (new_value, old_value) == 0 &&
      strcmp (comment, old_comment) == 0 &&
      strcmp (evidence_note, old_note) == 0)
    return TRUE;

  if (!_pb_case_store_refuse_sealed (self, case_id, state, error) ||
      !_pb_case_store_refuse_decided (self, case_id, state, error) ||
      !refuse_stale (self, case_id, state->revision, question_id, old_updated, old_user, old_value,
                     old_comment, error))
    return FALSE;

  if (state->status != PB_CASE_STATUS_DRAFT && _pb_case_store_is_blank (reason))
    {
      /* Translators: a case id, its status within a sentence ("submitted for review"), then a question id */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                   _("Case “%s” is %s: changing question %s needs a reason"),
                   case_id, pb_case_status_get_noun (state->status), question_id);
      return FALSE;
    }

  if (new_value == NULL)
    {
      g_autoptr(PbDbStmt) delete = NULL;

      kind = PB_EVENT_ANSWER_CLEARED;
      if (!(delete = pb_db_prepare_cached (self->db,
                                           _pb_case_store_server_removes (self)
                                           ? PB_SQL ("SELECT probity.remove_answer (?1, ?2, ?3)")
                                           : PB_SQL ("DELETE FROM answers WHERE case_id = ?1 AND revision = ?2 AND question_id = ?3"),
                                           error)))
        return FALSE;

      pb_db_stmt_bind_text (delete, 1, case_id);
      pb_db_stmt_bind_int64 (delete, 2, state->revision);
      pb_db_stmt_bind_text (delete, 3, question_id);
      if (!pb_db_stmt_step (delete, error))
        return FALSE;
    }
  else
    {
      g_autoptr(PbDbStmt) upsert = NULL;

      kind = old_value == NULL ? PB_EVENT_ANSWER_SET : PB_EVENT_ANSWER_CHANGED;
      if (!(upsert = pb_db_prepare_cached (self->db,
                                           PB_SQL ("INSERT INTO answers (case_id, revision, question_id, value, comment, evidence_note, \"user\", updated)"
                                                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                                                   " ON CONFLICT (case_id, revision, question_id) DO UPDATE SET"
                                                   "   value = excluded.value, comment = excluded.comment,"
                                                   "   evidence_note = excluded.evidence_note, \"user\" = excluded.\"user\","
                                                   "   updated = excluded.updated"),
                                           error)))
        return FALSE;

      pb_db_stmt_bind_text (upsert, 1, case_id);
      pb_db_stmt_bind_int64 (upsert, 2, state->revision);
      pb_db_stmt_bind_text (upsert, 3, question_id);
      pb_db_stmt_bind_text (upsert, 4, new_value);
      pb_db_stmt_bind_text (upsert, 5, comment);
      pb_db_stmt_bind_text (upsert, 6, evidence_note);
      pb_db_stmt_bind_text (upsert, 7, user);
      pb_db_stmt_bind_text (upsert, 8, now);
      if (!pb_db_stmt_step (upsert, error))
        return FALSE;

      data = _pb_case_store_data_json ("comment", comment, "evidence_note", evidence_note, NULL);
    }

  if (!_pb_case_store_append_event (self, case_id, state->revision, now, kind, question_id,
                                    old_value, new_value, _pb_case_store_is_blank (reason) ? NULL : reason, data, error))
    return FALSE;

  *changed = TRUE;

  return TRUE;
}

static PbAnswerRecord *
answer_record_from_row (PbDbStmt *stmt)
{
  g_autoptr(PbAnswer) answer = pb_answer_new_from_json (pb_db_stmt_column_text (stmt, 1), NULL);

  return _pb_answer_record_new (pb_db_stmt_column_text (stmt, 0), answer, pb_db_stmt_column_text (stmt, 2), pb_db_stmt_column_text (stmt, 3),
                                pb_db_stmt_column_text (stmt, 4), pb_db_stmt_column_text (stmt, 5));
}

static gboolean
refuse_too_large (const char  *case_id,
                  const char  *question_id,
                  const char  *file_name,
                  guint64      size,
                  GError     **error)
{
  g_autofree char *size_text = NULL;
  g_autofree char *limit_text = NULL;

  if (size <= PB_EVIDENCE_MAX_SIZE)
    return TRUE;

  size_text = g_format_size_full (size, G_FORMAT_SIZE_IEC_UNITS);
  limit_text = g_format_size_full (PB_EVIDENCE_MAX_SIZE, G_FORMAT_SIZE_IEC_UNITS);
  /* Translators: a file name, its size, the limit, a case id and a question id */
  g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TOO_LARGE,
               _("The evidence file “%s” is %s; files above %s cannot be attached (case “%s”, question %s)"),
               file_name, size_text, limit_text, case_id, question_id);
  return FALSE;
}

gboolean
_pb_case_store_has_blob (PbCaseStore *self,
                         const char  *sha256)
{
  g_autoptr(PbDbStmt) stmt = pb_db_prepare (self->db, PB_SQL ("SELECT 1 FROM blobs WHERE sha256 = ?1"), NULL);

  if (stmt == NULL)
    return FALSE;

  pb_db_stmt_bind_text (stmt, 1, sha256);

  return pb_db_stmt_step (stmt, NULL) == PB_DB_ROW;
}

/* The blob named by @sha256; checks that the bytes still hash to it and
 * that its recorded size is theirs. */
GBytes *
_pb_case_store_read_blob (PbCaseStore  *self,
                          const char   *sha256,
                          gint64        max_size,
                          GError      **error)
{
  g_autoptr(PbDbStmt) length = NULL;
  g_autoptr(PbDbStmt) stmt = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *actual = NULL;
  int rc;

  /* length() reads no content: a blob larger than any the store keeps
   * (a case file someone made) is refused before it is loaded. */
  if (!(length = pb_db_prepare (self->db, PB_SQL ("SELECT length (content) FROM blobs WHERE sha256 = ?1"), error)))
    return NULL;

  pb_db_stmt_bind_text (length, 1, sha256);
  if ((rc = pb_db_stmt_step (length, error)) == 0)
    return NULL;

  if (rc == PB_DB_DONE)
    {
      /* Translators: a SHA-256, then a file name */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND,
                   _("No file with SHA-256 %s is stored in %s"), sha256, self->path);
      return NULL;
    }

  if (pb_db_stmt_column_int64 (length, 0) > max_size)
    {
      g_autofree char *size_text = g_format_size_full (pb_db_stmt_column_int64 (length, 0), G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *limit_text = g_format_size_full (max_size, G_FORMAT_SIZE_IEC_UNITS);

      /* Translators: a SHA-256, a file name, a size, then the limit */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TOO_LARGE,
                   _("The stored file %s in %s is %s, above the %s the store accepts; it was not read"),
                   sha256, self->path, size_text, limit_text);
      return NULL;
    }

  if (!(stmt = pb_db_prepare (self->db, PB_SQL ("SELECT content, size FROM blobs WHERE sha256 = ?1"), error)))
    return NULL;

  pb_db_stmt_bind_text (stmt, 1, sha256);
  if (pb_db_stmt_step (stmt, error) != PB_DB_ROW)
    return NULL;

  bytes = pb_db_stmt_column_bytes (stmt, 0);
  actual = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  if (g_strcmp0 (actual, sha256) != 0 || pb_db_stmt_column_int64 (stmt, 1) != (gint64) g_bytes_get_size (bytes))
    {
      /* Translators: a SHA-256, then a file name */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TAMPERED,
                   _("The stored file %s in %s was altered: its bytes no longer match its SHA-256"),
                   sha256, self->path);
      return NULL;
    }

  return g_steal_pointer (&bytes);
}

/* The outcome and answer count of the CASE_INFO_QUERY row @stmt: the ones
 * kept in the file, unless another rating method kept them (a file of
 * another build, open for reading); then computed now. */
static gboolean
row_summary (PbCaseStore   *self,
             PbDbStmt      *stmt,
             PbOutcome     *outcome,
             guint         *n_answers,
             GError       **error)
{
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(PbEvaluation) evaluation = NULL;

  *outcome = PB_OUTCOME_INCOMPLETE;
  if (_pb_case_store_caches_current (self))
    {
      if (pb_db_stmt_column_text (stmt, 12) != NULL)
        pb_outcome_from_string (pb_db_stmt_column_text (stmt, 12), outcome);
      *n_answers = pb_db_stmt_column_int (stmt, 13);
      return TRUE;
    }

  if (!(answers = _pb_case_store_read_answers (self, pb_db_stmt_column_text (stmt, 0),
                                               pb_db_stmt_column_int (stmt, 1), error)))
    return FALSE;

  *n_answers = pb_answer_set_get_size (answers);
  questionnaire = _pb_case_store_load_questionnaire_by_sha (self, pb_db_stmt_column_text (stmt, 10), NULL);
  if (questionnaire != NULL)
    {
      g_autoptr(PbCountries) reference = _pb_case_store_load_reference_locked (self, pb_db_stmt_column_text (stmt, 0), NULL);

      if (!(evaluation = _pb_case_store_rate_with_screening (self, pb_db_stmt_column_text (stmt, 0),
                                                             pb_db_stmt_column_int (stmt, 1), questionnaire, answers,
                                                             reference, error)))
        return FALSE;
      *outcome = pb_evaluation_get_outcome (evaluation);
    }

  return TRUE;
}

PbCaseInfo *
_pb_case_store_case_info_from_row (PbCaseStore   *self,
                                   PbDbStmt      *stmt,
                                   GError       **error)
{
  PbOutcome outcome;
  guint n_answers;

  if (!row_summary (self, stmt, &outcome, &n_answers, error))
    return NULL;

  return _pb_case_store_case_info_from_row_with (stmt, outcome, n_answers);
}

/* Public API: cases ---------------------------------------------------------- */

/* Inside a write: the case's rows for @customer_uid and @product_uid,
 * checked; its id, or NULL (the caller rolls back). */
static char *
create_case_locked (PbCaseStore      *self,
                    const char       *customer_uid,
                    const char       *product_uid,
                    PbQuestionnaire  *questionnaire,
                    GError          **error)
{
  const char *user;
  g_autoptr(PbCustomer) customer = NULL;
  g_autoptr(PbProduct) product = NULL;
  g_autoptr(PbDbStmt) insert_q = NULL;
  g_autoptr(PbCountries) reference = NULL;
  g_autofree char *customer_digest = NULL;
  g_autofree char *product_digest = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *stored_id = NULL;
  g_autofree char *now = _pb_case_store_now_iso8601 ();
  g_autofree char *data = NULL;
  GBytes *bytes;
  const char *sha256;

  user = _pb_case_store_actor_name (self);
  sha256 = pb_questionnaire_get_sha256 (questionnaire);
  bytes = pb_questionnaire_get_bytes (questionnaire);

  if (!(customer = pb_case_store_get_customer (self, customer_uid, error)) ||
      !(product = pb_case_store_get_product (self, product_uid, error)) ||
      !(case_id = new_case_id (self, error)) ||
      !_pb_case_store_check_questionnaire_approved (self, questionnaire, error) ||
      !_pb_case_store_pin_reference_locked (self, &reference, error))
    return NULL;

  /* A row of that SHA-256 holding other bytes (planted by a hostile case
   * file, or edited) is put right: these bytes hash to it. A server keeps
   * no such row (its triggers refuse one), and there an upsert would lock
   * a row every team's new cases share, and need the UPDATE privilege that
   * lets anyone hold that lock (review14d G2). */
  if (!(insert_q = pb_db_prepare (self->db,
                                  self->server_user != NULL
                                    ? PB_SQL ("INSERT INTO questionnaires (sha256, qid, version, file_name, content)"
                                              " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING")
                                    : PB_SQL ("INSERT INTO questionnaires (sha256, qid, version, file_name, content)"
                                              " VALUES (?1, ?2, ?3, ?4, ?5)"
                                              " ON CONFLICT (sha256) DO UPDATE SET qid = excluded.qid, version = excluded.version,"
                                              "   content = excluded.content"
                                              "  WHERE questionnaires.content <> excluded.content OR questionnaires.qid <> excluded.qid"
                                              "     OR questionnaires.version <> excluded.version"),
                                  error)) ||
      !(customer_digest = _pb_case_store_compute_record_digest (self, PB_RECORD_CUSTOMER, customer_uid, error)) ||
      !(product_digest = _pb_case_store_compute_record_digest (self, PB_RECORD_PRODUCT, product_uid, error)))
    return NULL;

  {
    g_autofree char *basename = g_path_get_basename (pb_questionnaire_get_display_name (questionnaire));
    gsize size;
    gconstpointer content = g_bytes_get_data (bytes, &size);

    pb_db_stmt_bind_text (insert_q, 1, sha256);
    pb_db_stmt_bind_text (insert_q, 2, pb_questionnaire_get_id (questionnaire));
    pb_db_stmt_bind_text (insert_q, 3, pb_questionnaire_get_version (questionnaire));
    pb_db_stmt_bind_text (insert_q, 4, basename);
    pb_db_stmt_bind_blob (insert_q, 5, content, size);
  }

  data = _pb_case_store_data_json ("customer", customer_uid,
                                   "product", product_uid,
                                   "questionnaire", pb_questionnaire_get_id (questionnaire),
                                   "questionnaire_version", pb_questionnaire_get_version (questionnaire),
                                   "questionnaire_sha256", sha256,
                                   "reference_data_version", pb_countries_get_version (reference),
                                   "reference_data_sha256", pb_countries_get_sha256 (reference),
                                   "customer_sha256", customer_digest,
                                   "product_sha256", product_digest,
                                   NULL);

  if (!pb_db_stmt_step (insert_q, error))
    return NULL;

  /* The id the case is stored under: a server picks one of its own for a
   * sales person, who so never learns whether an id it chose is another
   * team's (schema-v16.sql, key_minted ()). */
  stored_id = pb_db_run_returning_text (self->db,
                                        PB_SQL ("INSERT INTO cases (id, customer_uid, product_uid, questionnaire_sha256,"
                                                "                   created, created_by, current_revision, updated, head_seq,"
                                                "                   head_hash, reference_sha256)"
                                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?5, 0, '" GENESIS_HASH "', ?7)"
                                                " RETURNING id"),
                                        error, 7, case_id, customer_uid, product_uid, sha256, now, user,
                                        pb_countries_get_sha256 (reference));
  if (stored_id == NULL)
    return NULL;
  g_free (case_id);
  case_id = g_steal_pointer (&stored_id);

  if (!pb_db_run (self->db,
     PB_SQL ("INSERT INTO revisions (case_id, revision, status, created) VALUES (?1, 1, 'draft', ?2)"),
     error, 2, case_id, now) ||
      !_pb_case_store_append_event (self, case_id, 1, now, PB_EVENT_CASE_CREATED, NULL, NULL, sha256, NULL, data, error) ||
      !_pb_case_store_refresh_cache_locked (self, case_id, 1, error))
    return NULL;

  return g_steal_pointer (&case_id);
}

/* A case, with the customer's and product's rows @customer and @product
 * ask for (those not given by uid), made in one write: refused or
 * interrupted, nothing of it stays. */
static char *
create_case_once (PbCaseStore          *self,
                  const PbNewCustomer  *customer,
                  const PbNewProduct   *product,
                  PbQuestionnaire      *questionnaire,
                  PbCustomer          **customer_out,
                  PbProduct           **product_out,
                  GError              **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_autofree char *customer_uid = NULL;
  g_autofree char *product_uid = NULL;
  g_autofree char *case_id = NULL;
  g_autoptr(PbCustomer) made_customer = NULL;
  g_autoptr(PbProduct) made_product = NULL;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (customer != NULL && (customer->uid != NULL || customer->name != NULL), NULL);
  g_return_val_if_fail (product != NULL && (product->uid != NULL || product->name != NULL), NULL);
  g_return_val_if_fail (PB_IS_QUESTIONNAIRE (questionnaire), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!_pb_case_store_check_actor (self, FALSE, NULL, error) ||
      !_pb_case_store_check_creator (self, error) ||
      !_pb_case_store_begin (self, error))
    return NULL;

  if (!(customer_uid = customer->uid != NULL
                         ? g_strdup (customer->uid)
                         : _pb_case_store_insert_customer (self, customer->name, customer->aliases, customer->country,
                                                           customer->entity_type, customer->notes, error)) ||
      !(product_uid = product->uid != NULL
                        ? g_strdup (product->uid)
                        : _pb_case_store_insert_product (self, product->name, product->version, product->family,
                                                         product->capabilities, error)) ||
      !(case_id = create_case_locked (self, customer_uid, product_uid, questionnaire, error)) ||
      (customer_out != NULL && !(made_customer = pb_case_store_get_customer (self, customer_uid, error))) ||
      (product_out != NULL && !(made_product = pb_case_store_get_product (self, product_uid, error))) ||
      !_pb_case_store_commit (self, error))
    {
      _pb_case_store_rollback (self);
      return NULL;
    }

  if (customer_out != NULL)
    *customer_out = g_steal_pointer (&made_customer);
  if (product_out != NULL)
    *product_out = g_steal_pointer (&made_product);

  return g_steal_pointer (&case_id);
}

char *
pb_case_store_create_case (PbCaseStore      *self,
                           const char       *customer_uid,
                           const char       *product_uid,
                           PbQuestionnaire  *questionnaire,
                           GError          **error)
{
  PbNewCustomer customer = { .uid = customer_uid };
  PbNewProduct product = { .uid = product_uid };

  g_return_val_if_fail (customer_uid != NULL, NULL);
  g_return_val_if_fail (product_uid != NULL, NULL);

  return _PB_CASE_STORE_RETRYING (self, NULL, error,
    create_case_once (self, &customer, &product, questionnaire, NULL, NULL, error));
}

char *
pb_case_store_create_case_for (PbCaseStore          *self,
                               const PbNewCustomer  *customer,
                               const PbNewProduct   *product,
                               PbQuestionnaire      *questionnaire,
                               PbCustomer          **customer_out,
                               PbProduct           **product_out,
                               GError              **error)
{
  return _PB_CASE_STORE_RETRYING (self, NULL, error,
    create_case_once (self, customer, product, questionnaire, customer_out, product_out, error));
}

gboolean
pb_case_store_check_new_case (PbCaseStore      *self,
                              PbQuestionnaire  *questionnaire,
                              GError          **error)
{
  PB_CASE_STORE_LOCKED (self);

  g_return_val_if_fail (PB_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (PB_IS_QUESTIONNAIRE (questionnaire), FALSE);

  return _pb_case_store_check_actor (self, FALSE, NULL, error) &&
         _pb_case_store_check_creator (self, error) &&
         _pb_case_store_check_questionnaire_approved (self, questionnaire, error);
}

PbCaseInfo *
pb_case_store_get_case (PbCaseStore  *self,
                        const char   *case_id,
                        GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_autoptr(PbDbStmt) stmt = NULL;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  if (!(stmt = _pb_case_store_read_case_row (self, PB_SQL (CASE_INFO_QUERY " WHERE c.id = ?1"), case_id, error)))
    {
      _pb_case_store_explain_read_refused (self, error);
      return NULL;
    }

  return _pb_case_store_case_info_from_row (self, stmt, error);
}

PbQuestionnaire *
pb_case_store_load_questionnaire (PbCaseStore  *self,
                                  const char   *case_id,
                                  GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_auto(CaseState) state = { 0 };

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  if (!_pb_case_store_load_case_state (self, case_id, 0, &state, error))
    return NULL;

  return _pb_case_store_load_questionnaire_by_sha (self, state.questionnaire_sha256, error);
}

PbQuestionnaire *
pb_case_store_load_questionnaire_by_sha256 (PbCaseStore  *self,
                                            const char   *sha256,
                                            GError      **error)
{
  PB_CASE_STORE_LOCKED (self);

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (sha256 != NULL, NULL);

  return _pb_case_store_load_questionnaire_by_sha (self, sha256, error);
}

guint
pb_case_store_get_n_revisions (PbCaseStore  *self,
                               const char   *case_id,
                               GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_auto(CaseState) state = { 0 };

  g_return_val_if_fail (PB_IS_CASE_STORE (self), 0);
  g_return_val_if_fail (case_id != NULL, 0);

  if (!_pb_case_store_load_case_state (self, case_id, 0, &state, error))
    return 0;

  return state.current_revision;
}

PbCaseStatus
pb_case_store_get_status (PbCaseStore  *self,
                          const char   *case_id,
                          guint         revision,
                          GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_auto(CaseState) state = { 0 };

  g_return_val_if_fail (PB_IS_CASE_STORE (self), PB_CASE_STATUS_DRAFT);
  g_return_val_if_fail (case_id != NULL, PB_CASE_STATUS_DRAFT);

  if (!_pb_case_store_load_case_state (self, case_id, revision, &state, error))
    return PB_CASE_STATUS_DRAFT;

  return state.status;
}

/* Public API: answers --------------------------------------------------------- */

static gboolean
set_answer_once (PbCaseStore  *self,
                 const char   *case_id,
                 const char   *question_id,
                 PbAnswer     *answer,
                 const char   *comment,
                 const char   *evidence_note,
                 const char   *reason,
                 GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  const char *user;
  g_auto(CaseState) state = { 0 };
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  gboolean changed = FALSE;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);
  g_return_val_if_fail (question_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_pb_case_store_check_actor (self, FALSE, case_id, error))
    return FALSE;
  user = _pb_case_store_actor_name (self);

  if (!_pb_case_store_begin (self, error))
    return FALSE;

  if (!_pb_case_store_load_case_state (self, case_id, 0, &state, error) ||
      !(questionnaire = _pb_case_store_load_questionnaire_by_sha (self, state.questionnaire_sha256, error)) ||
      !set_answer_locked (self, case_id, &state, questionnaire, question_id, answer,
                          comment, evidence_note, reason, user, state.time, &changed, error) ||
      (changed && !_pb_case_store_refresh_cache_locked (self, case_id, state.revision, error)) ||
      !_pb_case_store_commit (self, error))
    {
      if (changed && _pb_case_store_commit_unknown (self))
        remember_unclear (self, case_id, state.revision, question_id, answer != NULL ? state.time : NULL);
      return _pb_case_store_rollback (self);
    }

  if (changed)
    remember_answer (self, case_id, state.revision, question_id, answer != NULL ? state.time : NULL);

  return TRUE;
}

gboolean
pb_case_store_set_answer (PbCaseStore  *self,
                          const char   *case_id,
                          const char   *question_id,
                          PbAnswer     *answer,
                          const char   *comment,
                          const char   *evidence_note,
                          const char   *reason,
                          GError      **error)
{
  return _PB_CASE_STORE_RETRYING (self, case_id, error,
    set_answer_once (self, case_id, question_id, answer, comment, evidence_note, reason, error));
}

char *
pb_case_store_dup_answer_read (PbCaseStore *self,
                               const char  *case_id,
                               guint        revision,
                               const char  *question_id)
{
  PB_CASE_STORE_LOCKED (self);
  g_autofree char *key = NULL;
  g_autofree char *all_key = NULL;
  const char *seen;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);
  g_return_val_if_fail (question_id != NULL, NULL);

  key = seen_key (case_id, revision, question_id);
  all_key = seen_key (case_id, revision, READ_ALL);
  seen = g_hash_table_lookup (self->seen, key);
  if (seen == NULL && g_hash_table_contains (self->seen, all_key))
    seen = "";

  return g_strdup (seen);
}

void
pb_case_store_set_answer_read (PbCaseStore *self,
                               const char  *case_id,
                               guint        revision,
                               const char  *question_id,
                               const char  *updated)
{
  PB_CASE_STORE_LOCKED (self);

  g_return_if_fail (PB_IS_CASE_STORE (self));
  g_return_if_fail (case_id != NULL);
  g_return_if_fail (question_id != NULL);

  remember_answer (self, case_id, revision, question_id, updated);
}

static gboolean
set_answers_once (PbCaseStore  *self,
                  const char   *case_id,
                  PbAnswerSet  *answers,
                  const char   *reason,
                  GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  const char *user;
  g_auto(CaseState) state = { 0 };
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_auto(GStrv) ids = NULL;
  g_autoptr(GPtrArray) written = g_ptr_array_new ();

  g_return_val_if_fail (PB_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);
  g_return_val_if_fail (PB_IS_ANSWER_SET (answers), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_pb_case_store_check_actor (self, FALSE, case_id, error))
    return FALSE;
  user = _pb_case_store_actor_name (self);
  ids = pb_answer_set_dup_ids (answers);

  if (!_pb_case_store_begin (self, error))
    return FALSE;

  if (!_pb_case_store_load_case_state (self, case_id, 0, &state, error) ||
      !(questionnaire = _pb_case_store_load_questionnaire_by_sha (self, state.questionnaire_sha256, error)))
    return _pb_case_store_rollback (self);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      gboolean changed = FALSE;

      if (!set_answer_locked (self, case_id, &state, questionnaire, ids[i],
                              pb_answer_set_lookup (answers, ids[i]),
                              NULL, NULL, reason, user, state.time, &changed, error))
        return _pb_case_store_rollback (self);

      if (changed)
        g_ptr_array_add (written, ids[i]);
    }

  if ((written->len > 0 && !_pb_case_store_refresh_cache_locked (self, case_id, state.revision, error)) ||
      !_pb_case_store_commit (self, error))
    {
      for (guint i = 0; i < written->len && _pb_case_store_commit_unknown (self); i++)
        remember_unclear (self, case_id, state.revision, g_ptr_array_index (written, i), state.time);
      return _pb_case_store_rollback (self);
    }

  /* An answer set holds no cleared answers. */
  for (guint i = 0; i < written->len; i++)
    remember_answer (self, case_id, state.revision, g_ptr_array_index (written, i), state.time);

  return TRUE;
}

gboolean
pb_case_store_set_answers (PbCaseStore  *self,
                           const char   *case_id,
                           PbAnswerSet  *answers,
                           const char   *reason,
                           GError      **error)
{
  return _PB_CASE_STORE_RETRYING (self, case_id, error,
    set_answers_once (self, case_id, answers, reason, error));
}

PbAnswerSet *
pb_case_store_get_answers (PbCaseStore  *self,
                           const char   *case_id,
                           guint         revision,
                           GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_auto(CaseState) state = { 0 };

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  if (!_pb_case_store_load_case_state (self, case_id, revision, &state, error) ||
      !remember_revision (self, case_id, state.revision, error))
    return NULL;

  return _pb_case_store_read_answers (self, case_id, state.revision, error);
}

GListModel *
pb_case_store_list_answers (PbCaseStore  *self,
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
      !remember_revision (self, case_id, state.revision, error) ||
      !(stmt = pb_db_prepare (self->db,
                              PB_SQL ("SELECT question_id, value, comment, evidence_note, \"user\", updated FROM answers"
                                      " WHERE case_id = ?1 AND revision = ?2 ORDER BY question_id"),
                              error)))
    return NULL;

  pb_db_stmt_bind_text (stmt, 1, case_id);
  pb_db_stmt_bind_int64 (stmt, 2, state.revision);

  return _pb_case_store_collect (self, stmt, PB_TYPE_ANSWER_RECORD, (RowFunc)answer_record_from_row, error);
}

PbEvaluation *
pb_case_store_evaluate (PbCaseStore  *self,
                        const char   *case_id,
                        guint         revision,
                        GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_auto(CaseState) state = { 0 };
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(PbCountries) reference = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  if (!_pb_case_store_load_case_state (self, case_id, revision, &state, error) ||
      !(questionnaire = _pb_case_store_load_questionnaire_by_sha (self, state.questionnaire_sha256, error)) ||
      !(answers = _pb_case_store_read_answers (self, case_id, state.revision, error)))
    return NULL;

  reference = _pb_case_store_load_reference_locked (self, case_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return _pb_case_store_rate_with_screening (self, case_id, state.revision, questionnaire, answers, reference, error);
}

/* Public API: evidence --------------------------------------------------------- */

static PbEvidence *
add_evidence_once (PbCaseStore  *self,
                   const char   *case_id,
                   const char   *question_id,
                   const char   *file_name,
                   const char   *media_type,
                   GBytes       *bytes,
                   GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  const char *user;
  g_auto(CaseState) state = { 0 };
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autoptr(PbDbStmt) insert = NULL;
  g_autoptr(PbDbStmt) select = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *size_text = NULL;
  g_autofree char *data = NULL;
  gint64 evidence_id;
  gsize size;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);
  g_return_val_if_fail (question_id != NULL, NULL);
  g_return_val_if_fail (file_name != NULL, NULL);
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!_pb_case_store_check_actor (self, FALSE, case_id, error))
    return NULL;
  user = _pb_case_store_actor_name (self);
  size = g_bytes_get_size (bytes);
  if (media_type == NULL)
    media_type = "application/octet-stream";

  if (!refuse_too_large (case_id, question_id, file_name, size, error))
    return NULL;

  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  size_text = g_strdup_printf ("%" G_GSIZE_FORMAT, size);

  if (!_pb_case_store_begin (self, error))
    return NULL;

  if (!_pb_case_store_load_case_state (self, case_id, 0, &state, error) ||
      !_pb_case_store_refuse_sealed (self, case_id, &state, error) ||
      !_pb_case_store_refuse_decided (self, case_id, &state, error) ||
      !(questionnaire = _pb_case_store_load_questionnaire_by_sha (self, state.questionnaire_sha256, error)))
    {
      _pb_case_store_rollback (self);
      return NULL;
    }

  if (pb_questionnaire_lookup_question (questionnaire, question_id) == NULL)
    {
      _pb_case_store_rollback (self);
      /* Translators: a question id, a questionnaire id, then a case id */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND,
                   _("There is no question %s in questionnaire %s (case “%s”)"),
                   question_id, pb_questionnaire_get_id (questionnaire), case_id);
      return NULL;
    }

  if (!(insert = pb_db_prepare (self->db,
                                PB_SQL ("INSERT INTO evidence (case_id, revision, question_id, file_name, media_type, sha256, size, added_by, added)"
                                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id"),
                                error)))
    {
      _pb_case_store_rollback (self);
      return NULL;
    }

  pb_db_stmt_bind_text (insert, 1, case_id);
  pb_db_stmt_bind_int64 (insert, 2, state.revision);
  pb_db_stmt_bind_text (insert, 3, question_id);
  pb_db_stmt_bind_text (insert, 4, file_name);
  pb_db_stmt_bind_text (insert, 5, media_type);
  pb_db_stmt_bind_text (insert, 6, sha256);
  pb_db_stmt_bind_int64 (insert, 7, size);
  pb_db_stmt_bind_text (insert, 8, user);
  pb_db_stmt_bind_text (insert, 9, state.time);

  data = _pb_case_store_data_json ("file_name", file_name, "media_type", media_type, "size", size_text, NULL);

  if (!_pb_case_store_put_blob (self, sha256, bytes, error) ||
      !pb_db_stmt_run_returning (insert, &evidence_id, error))
    {
      _pb_case_store_rollback (self);
      return NULL;
    }

  if (!_pb_case_store_append_event (self, case_id, state.revision, state.time, PB_EVENT_EVIDENCE_ADDED,
                                    question_id, NULL, sha256, NULL, data, error) ||
      !_pb_case_store_commit (self, error))
    {
      _pb_case_store_rollback (self);
      return NULL;
    }

  if (!(select = pb_db_prepare (self->db, PB_SQL ("SELECT " EVIDENCE_COLUMNS " FROM evidence WHERE id = ?1"), error)))
    return NULL;

  pb_db_stmt_bind_int64 (select, 1, evidence_id);
  if (pb_db_stmt_step (select, error) != PB_DB_ROW)
    return NULL;

  return _pb_case_store_evidence_from_row (select);
}

PbEvidence *
pb_case_store_add_evidence (PbCaseStore  *self,
                            const char   *case_id,
                            const char   *question_id,
                            const char   *file_name,
                            const char   *media_type,
                            GBytes       *bytes,
                            GError      **error)
{
  return _PB_CASE_STORE_RETRYING (self, case_id, error,
    add_evidence_once (self, case_id, question_id, file_name, media_type, bytes, error));
}

static PbEvidence *
cannot_attach (GFile        *file,
               const char   *case_id,
               const char   *question_id,
               const GError *cause,
               GError      **error)
{
  g_autofree char *name = pb_file_dup_display_name (file);

  /* Translators: a file name, a question id, a case id, then why (GIO's message) */
  g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO,
               _("Cannot attach %s to question %s of case “%s”: %s"),
               name, question_id, case_id, cause->message);
  return NULL;
}

PbEvidence *
pb_case_store_add_evidence_file (PbCaseStore  *self,
                                 const char   *case_id,
                                 const char   *question_id,
                                 GFile        *file,
                                 GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *content_type = NULL;
  g_autofree char *media_type = NULL;
  gsize size;
  gconstpointer data;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_file_get_basename (file);

  /* Reading a database this program has open outside SQLite would drop
   * that connection's locks (pb-case-store-connection.c). */
  if ((path = g_file_get_path (file)) != NULL && _pb_case_store_registry_contains (path))
    {
      g_set_error_literal (&local_error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                           _("it is a case database open in this program; export the case instead"));
      return cannot_attach (file, case_id, question_id, local_error, error);
    }

  /* Only a regular file, and never more than the limit + 1 bytes of it:
   * not /dev/zero, not a FIFO that blocks. */
  if (!(bytes = pb_file_load_bounded (file, PB_EVIDENCE_MAX_SIZE, &local_error)))
    {
      GStatBuf st;

      if (g_error_matches (local_error, PB_CORE_ERROR, PB_CORE_ERROR_TOO_LARGE))
        {
          guint64 too_large = PB_EVIDENCE_MAX_SIZE + 1;

          if (path != NULL && g_stat (path, &st) == 0)
            too_large = MAX ((guint64) st.st_size, too_large);
          refuse_too_large (case_id, question_id, name, too_large, error);
          return NULL;
        }

      return cannot_attach (file, case_id, question_id, local_error, error);
    }

  /* From the name and the bytes read: the file is not read a second time. */
  data = g_bytes_get_data (bytes, &size);
  content_type = g_content_type_guess (name, data, size, NULL);
  media_type = g_content_type_get_mime_type (content_type);

  return pb_case_store_add_evidence (self, case_id, question_id, name, media_type, bytes, error);
}

GListModel *
pb_case_store_list_evidence (PbCaseStore  *self,
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
                              PB_SQL ("SELECT " EVIDENCE_COLUMNS " FROM evidence"
                                      " WHERE case_id = ?1 AND revision = ?2 ORDER BY question_id, id"),
                              error)))
    return NULL;

  pb_db_stmt_bind_text (stmt, 1, case_id);
  pb_db_stmt_bind_int64 (stmt, 2, state.revision);

  return _pb_case_store_collect (self, stmt, PB_TYPE_EVIDENCE, (RowFunc)_pb_case_store_evidence_from_row, error);
}

GBytes *
pb_case_store_get_evidence_bytes (PbCaseStore  *self,
                                  gint64        evidence_id,
                                  GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_autoptr(PbDbStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);

  if (!(stmt = pb_db_prepare (self->db, PB_SQL ("SELECT sha256 FROM evidence WHERE id = ?1"), error)))
    return NULL;

  pb_db_stmt_bind_int64 (stmt, 1, evidence_id);
  if ((rc = pb_db_stmt_step (stmt, error)) == 0)
    return NULL;

  if (rc == PB_DB_DONE)
    {
      /* Translators: an evidence number, then a file name */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND,
                   _("There is no evidence file %lld in %s"), (long long) evidence_id, self->path);
      return NULL;
    }

  return _pb_case_store_read_blob (self, pb_db_stmt_column_text (stmt, 0), PB_EVIDENCE_MAX_SIZE, error);
}

static gboolean
remove_evidence_once (PbCaseStore  *self,
                      gint64        evidence_id,
                      const char   *reason,
                      GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_auto(CaseState) state = { 0 };
  g_autoptr(PbDbStmt) select = NULL;
  g_autoptr(PbDbStmt) remove = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *question_id = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *data = NULL;
  guint revision;
  int rc;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_pb_case_store_check_actor (self, FALSE, NULL, error))
    return FALSE;

  if (!_pb_case_store_begin (self, error))
    return FALSE;

  /* Copies of one file under one name are one to the history (its event
   * names the file, not the copy): the first added goes, as case verify
   * (and a server) replays the removal. */
  if (!(select = pb_db_prepare (self->db,
                                PB_SQL ("SELECT e.case_id, e.revision, e.question_id, e.sha256, e.file_name, e.id"
                                        "  FROM evidence AS x"
                                        "  JOIN evidence AS e ON e.case_id = x.case_id AND e.revision = x.revision"
                                        "   AND e.question_id = x.question_id AND e.sha256 = x.sha256"
                                        "   AND e.file_name = x.file_name"
                                        " WHERE x.id = ?1 ORDER BY e.added, e.id LIMIT 1"),
                                error)))
    return _pb_case_store_rollback (self);

  pb_db_stmt_bind_int64 (select, 1, evidence_id);
  if ((rc = pb_db_stmt_step (select, error)) == 0)
    return _pb_case_store_rollback (self);

  if (rc == PB_DB_DONE)
    {
      _pb_case_store_rollback (self);
      /* Translators: an evidence number, then a file name */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND,
                   _("There is no evidence file %lld in %s"), (long long) evidence_id, self->path);
      return FALSE;
    }

  case_id = g_strdup (pb_db_stmt_column_text (select, 0));
  revision = pb_db_stmt_column_int (select, 1);
  question_id = g_strdup (pb_db_stmt_column_text (select, 2));
  sha256 = g_strdup (pb_db_stmt_column_text (select, 3));
  data = _pb_case_store_data_json ("file_name", pb_db_stmt_column_text (select, 4), NULL);
  evidence_id = pb_db_stmt_column_int64 (select, 5);

  if (!_pb_case_store_load_case_state (self, case_id, revision, &state, error) ||
      !_pb_case_store_refuse_sealed (self, case_id, &state, error) ||
      !_pb_case_store_refuse_decided (self, case_id, &state, error))
    return _pb_case_store_rollback (self);

  if (revision != state.current_revision)
    {
      _pb_case_store_rollback (self);
      /* Translators: a revision and a case id */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                   _("Revision %u of case “%s” is not the current one"), revision, case_id);
      return FALSE;
    }

  if (state.status != PB_CASE_STATUS_DRAFT && _pb_case_store_is_blank (reason))
    {
      _pb_case_store_rollback (self);
      /* Translators: a case id, its status within a sentence ("submitted for review"), then a question id */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                   _("Case “%s” is %s: removing evidence from question %s needs a reason"),
                   case_id, pb_case_status_get_noun (state.status), question_id);
      return FALSE;
    }

  if (!(remove = pb_db_prepare (self->db,
                                _pb_case_store_server_removes (self) ? PB_SQL ("SELECT probity.remove_evidence (?1)")
                                                                     : PB_SQL ("DELETE FROM evidence WHERE id = ?1"),
                                error)))
    return _pb_case_store_rollback (self);

  /* A file drops bytes nothing refers to any more. A server keeps every
   * stored file (blobs_no_delete): under row-level security no one person
   * sees every row that may still refer to them. */
  pb_db_stmt_bind_int64 (remove, 1, evidence_id);
  if (!pb_db_stmt_step (remove, error) ||
      (self->server_user == NULL &&
       !pb_db_run (self->db,
                   PB_SQL ("DELETE FROM blobs WHERE sha256 = ?1"
                           "   AND NOT EXISTS (SELECT 1 FROM evidence WHERE sha256 = ?1)"
                           "   AND NOT EXISTS (SELECT 1 FROM sign_offs WHERE report_sha256 = ?1)"),
                   error, 1, sha256)) ||
      !_pb_case_store_append_event (self, case_id, revision, state.time, PB_EVENT_EVIDENCE_REMOVED,
                     question_id, sha256, NULL, _pb_case_store_is_blank (reason) ? NULL : reason, data, error))
    return _pb_case_store_rollback (self);

  return _pb_case_store_commit (self, error);
}

gboolean
pb_case_store_remove_evidence (PbCaseStore  *self,
                               gint64        evidence_id,
                               const char   *reason,
                               GError      **error)
{
  return _PB_CASE_STORE_RETRYING (self, NULL, error,
    remove_evidence_once (self, evidence_id, reason, error));
}
