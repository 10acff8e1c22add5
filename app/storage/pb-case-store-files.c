/* pb-case-store-files.c: case files: exporting one case to a file and
 * importing it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-case-store"

#include "config.h"

#include "pb-i18n.h"
#include <glib/gstdio.h>
#include <string.h>

#include "pb-case-store-private.h"
#include "pb-db-sqlite.h"
#include "pb-db-statements.h"

#define REVISION_COLUMNS "case_id, revision, status, decision, reason, conditions, created, outcome, n_answers"
#define ANSWER_COLUMNS   "case_id, revision, question_id, value, comment, evidence_note, \"user\", updated"
#define CASE_COLUMNS \
  "id, customer_uid, product_uid, questionnaire_sha256, created, created_by, current_revision, updated, head_seq, head_hash," \
  " reference_sha256"
#define EVIDENCE_COPY_COLUMNS \
  "case_id, revision, question_id, file_name, media_type, sha256, size, added_by, added"
#define ANCHOR_COLUMNS "case_id, seq, event_seq, head_hash, token"
#define SIGN_OFF_COPY_COLUMNS \
  "case_id, revision, event_seq, role, name, decision, reason, conditions, time, report_sha256, answers_fingerprint, history_head," \
  " organisation, certificate_sha256, language"

/* Copies one case from schema @from to schema @to of the same connection.
 * Revisions go in unsealed and are sealed last, so that the seal triggers let
 * their answers in. Rows shared between cases are kept if already there. */
static gboolean
copy_case_locked (PbCaseStore  *self,
                  const char   *from,
                  const char   *to,
                  const char   *case_id,
                  GError      **error)
{
  const char * const statements[] = {
    /* Content named by its SHA-256: the file's verified bytes put right a
     * row of that name holding others. */
    "INSERT INTO @to@.questionnaires SELECT q.sha256, q.qid, q.version, q.file_name, q.content"
    "  FROM @from@.questionnaires q JOIN @from@.cases c ON c.questionnaire_sha256 = q.sha256 WHERE c.id = ?1"
    "  ON CONFLICT (sha256) DO UPDATE SET qid = excluded.qid, version = excluded.version, content = excluded.content"
    "  WHERE questionnaires.content <> excluded.content OR questionnaires.qid <> excluded.qid"
    "     OR questionnaires.version <> excluded.version",
    "INSERT INTO @to@.reference_data SELECT d.sha256, d.version, d.file_name, d.content"
    "  FROM @from@.reference_data d JOIN @from@.cases c ON c.reference_sha256 = d.sha256 WHERE c.id = ?1"
    "  ON CONFLICT (sha256) DO UPDATE SET version = excluded.version, content = excluded.content"
    "  WHERE reference_data.content <> excluded.content OR reference_data.version <> excluded.version",
    "INSERT INTO @to@.blobs (sha256, size, content) SELECT sha256, size, content FROM @from@.blobs"
    "  WHERE sha256 IN (SELECT sha256 FROM @from@.evidence WHERE case_id = ?1"
    "                   UNION SELECT report_sha256 FROM @from@.sign_offs WHERE case_id = ?1)"
    "  ON CONFLICT (sha256) DO UPDATE SET size = excluded.size, content = excluded.content"
    "  WHERE blobs.size <> excluded.size OR blobs.content <> excluded.content",
    /* Customers and products never change: one already here is kept, and
     * verification then says if it is not the one the case names. */
    "INSERT INTO @to@.customers (" CUSTOMER_COLUMNS ") SELECT " CUSTOMER_COLUMNS
    "  FROM @from@.customers WHERE uid = (SELECT customer_uid FROM @from@.cases WHERE id = ?1)"
    "  ON CONFLICT (uid) DO NOTHING",
    "INSERT INTO @to@.products (" PRODUCT_COLUMNS ") SELECT " PRODUCT_COLUMNS
    "  FROM @from@.products WHERE uid = (SELECT product_uid FROM @from@.cases WHERE id = ?1)"
    "  ON CONFLICT (uid) DO NOTHING",
    "INSERT INTO @to@.cases (" CASE_COLUMNS ") SELECT " CASE_COLUMNS " FROM @from@.cases WHERE id = ?1",
    "INSERT INTO @to@.revisions (" REVISION_COLUMNS ", sealed) SELECT " REVISION_COLUMNS ", 0"
    "  FROM @from@.revisions WHERE case_id = ?1",
    "INSERT INTO @to@.answers (" ANSWER_COLUMNS ") SELECT " ANSWER_COLUMNS " FROM @from@.answers WHERE case_id = ?1",
    "INSERT INTO @to@.evidence (" EVIDENCE_COPY_COLUMNS ") SELECT " EVIDENCE_COPY_COLUMNS
    "  FROM @from@.evidence WHERE case_id = ?1 ORDER BY id",
    "INSERT INTO @to@.sign_offs (" SIGN_OFF_COPY_COLUMNS ") SELECT " SIGN_OFF_COPY_COLUMNS
    "  FROM @from@.sign_offs WHERE case_id = ?1 ORDER BY id",
    "INSERT INTO @to@.events (" EVENT_COLUMNS ") SELECT " EVENT_COLUMNS " FROM @from@.events WHERE case_id = ?1",
    "INSERT INTO @to@.anchors (" ANCHOR_COLUMNS ") SELECT " ANCHOR_COLUMNS " FROM @from@.anchors WHERE case_id = ?1",
    "UPDATE @to@.revisions SET sealed = 1 WHERE case_id = ?1 AND revision IN"
    "  (SELECT revision FROM @from@.revisions WHERE case_id = ?1 AND sealed)",
  };

  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      g_autoptr(GString) sql = g_string_new (statements[i]);

      g_string_replace (sql, "@from@", from, 0);
      g_string_replace (sql, "@to@", to, 0);
      if (!pb_db_run (self->db, sql->str, error, 1, case_id))
        return FALSE;
    }
  _pb_case_store_forget_written (self);

  return TRUE;
}

static gboolean
read_hashes (PbCaseStore  *self,
             const char   *schema,
             const char   *case_id,
             GPtrArray    *hashes,
             GError      **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT hash FROM %s.events WHERE case_id = ?1 ORDER BY seq", schema);
  g_autoptr(PbDbStmt) stmt = NULL;
  int rc;

  if (!(stmt = pb_db_prepare (self->db, sql, error)))
    return FALSE;

  pb_db_stmt_bind_text (stmt, 1, case_id);
  while ((rc = pb_db_stmt_step (stmt, error)) == PB_DB_ROW)
    g_ptr_array_add (hashes, g_strdup (pb_db_stmt_column_text (stmt, 0)));

  return rc != 0;
}

/* Brings a stored case up to a case file whose history continues it: the
 * stored events are a prefix of the file's. Sealed revisions are already
 * what the file has (a verified history cannot change them); the others
 * take the file's rows; the new events and sign-offs are appended. */
static gboolean
fast_forward_locked (PbCaseStore  *self,
                     const char   *case_id,
                     guint         head_seq,
                     GError      **error)
{
  const char * const statements[] = {
    "DELETE FROM main.answers WHERE case_id = ?1 AND revision IN"
    "  (SELECT revision FROM main.revisions WHERE case_id = ?1 AND NOT sealed)",
    "DELETE FROM main.evidence WHERE case_id = ?1 AND revision IN"
    "  (SELECT revision FROM main.revisions WHERE case_id = ?1 AND NOT sealed)",
    "UPDATE main.revisions SET (status, decision, reason, conditions, outcome, n_answers) ="
    "  (SELECT status, decision, reason, conditions, outcome, n_answers FROM casefile.revisions f"
    "    WHERE f.case_id = main.revisions.case_id AND f.revision = main.revisions.revision)"
    "  WHERE case_id = ?1 AND NOT sealed",
    "INSERT INTO main.revisions (" REVISION_COLUMNS ", sealed) SELECT " REVISION_COLUMNS ", 0"
    "  FROM casefile.revisions WHERE case_id = ?1"
    "   AND revision NOT IN (SELECT revision FROM main.revisions WHERE case_id = ?1)",
    "INSERT INTO main.blobs (sha256, size, content) SELECT sha256, size, content FROM casefile.blobs"
    "  WHERE sha256 IN (SELECT sha256 FROM casefile.evidence WHERE case_id = ?1"
    "                   UNION SELECT report_sha256 FROM casefile.sign_offs WHERE case_id = ?1)"
    "  ON CONFLICT (sha256) DO UPDATE SET size = excluded.size, content = excluded.content"
    "  WHERE blobs.size <> excluded.size OR blobs.content <> excluded.content",
    "INSERT INTO main.answers (" ANSWER_COLUMNS ") SELECT " ANSWER_COLUMNS " FROM casefile.answers"
    "  WHERE case_id = ?1 AND revision IN (SELECT revision FROM main.revisions WHERE case_id = ?1 AND NOT sealed)",
    "INSERT INTO main.evidence (" EVIDENCE_COPY_COLUMNS ") SELECT " EVIDENCE_COPY_COLUMNS " FROM casefile.evidence"
    "  WHERE case_id = ?1 AND revision IN (SELECT revision FROM main.revisions WHERE case_id = ?1 AND NOT sealed)"
    "  ORDER BY id",
    "INSERT INTO main.sign_offs (" SIGN_OFF_COPY_COLUMNS ") SELECT " SIGN_OFF_COPY_COLUMNS
    "  FROM casefile.sign_offs WHERE case_id = ?1 AND event_seq > ?2 ORDER BY id",
    "INSERT INTO main.events (" EVENT_COLUMNS ") SELECT " EVENT_COLUMNS
    "  FROM casefile.events WHERE case_id = ?1 AND seq > ?2",
    "INSERT INTO main.anchors (" ANCHOR_COLUMNS ") SELECT " ANCHOR_COLUMNS
    "  FROM casefile.anchors WHERE case_id = ?1 AND seq > ?2",
    "UPDATE main.cases SET (current_revision, updated, head_seq, head_hash) ="
    "  (SELECT current_revision, updated, head_seq, head_hash FROM casefile.cases WHERE id = ?1)"
    "  WHERE id = ?1",
    "UPDATE main.revisions SET sealed = 1 WHERE case_id = ?1 AND NOT sealed AND revision IN"
    "  (SELECT revision FROM casefile.revisions WHERE case_id = ?1 AND sealed)",
  };
  g_autofree char *head_text = g_strdup_printf ("%u", head_seq);

  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      if (!pb_db_run (self->db, statements[i], error, 2, case_id, head_text))
        return FALSE;
    }
  _pb_case_store_forget_written (self);

  return TRUE;
}

/* Recomputes the kept outcome and answer count of every revision of a case. */
static gboolean
refresh_caches_locked (PbCaseStore  *self,
                       const char   *case_id,
                       GError      **error)
{
  g_auto(CaseState) state = { 0 };

  if (!_pb_case_store_load_case_state (self, case_id, 0, &state, error))
    return FALSE;

  for (guint revision = 1; revision <= state.current_revision; revision++)
    {
      if (!_pb_case_store_refresh_cache_locked (self, case_id, revision, error))
        return FALSE;
    }

  return TRUE;
}

/* Every PROGRESS_STEPS virtual machine steps of a statement, SQLite asks
 * whether to stop; between statements, import_case_file () asks. */
#define PROGRESS_STEPS 100

static guint import_time_limit_ms = IMPORT_TIME_LIMIT_MS;

static int
past_deadline (void *data)
{
  return g_get_monotonic_time () > *(gint64 *) data;
}

/* A case file opened as a private copy, checked before any of its tables
 * is read (no view or trigger Probity does not make, no value above
 * PB_DB_VALUE_MAX_SIZE), which nobody else can change while it is verified and
 * imported; and the id of its one case. */
static PbCaseStore *
open_case_file (const char  *path,
                gint64      *deadline,
                char       **case_id,
                GError     **error)
{
  g_autoptr(PbCaseStore) source = NULL;
  g_autoptr(GListModel) cases = NULL;
  g_autoptr(PbCaseInfo) info = NULL;

  if (!(source = pb_case_store_open (path, PB_CASE_STORE_FLAGS_READ_ONLY | FLAGS_CASE_FILE, error)))
    return NULL;

  pb_db_sqlite_set_progress_handler (PB_DB_SQLITE (source->db), PROGRESS_STEPS, past_deadline, deadline);
  if (past_deadline (deadline) || !(cases = pb_case_store_list_cases (source, NULL, error)))
    return NULL;

  if (g_list_model_get_n_items (cases) != 1)
    {
      /* Translators: a file name and a number of cases */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                   _("%s holds %u cases; a case file holds exactly one"),
                   path, g_list_model_get_n_items (cases));
      return NULL;
    }

  info = g_list_model_get_item (cases, 0);
  *case_id = g_strdup (pb_case_info_get_id (info));

  return g_steal_pointer (&source);
}

static gboolean
import_case_file (PbCaseStore      *self,
                  const char       *path,
                  gint64           *deadline,
                  PbCaseCopyCheck   check,
                  gpointer          check_data,
                  char            **case_id,
                  gboolean         *changed,
                  GError          **error)
{
  g_autoptr(PbCaseStore) source = NULL;
  g_autoptr(GPtrArray) ours = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) theirs = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *uri_ro = NULL;
  g_autofree char *id = NULL;
  gboolean exists;
  gboolean ok;

  if (!(source = open_case_file (path, deadline, &id, error)))
    return FALSE;

  if (past_deadline (deadline) || !pb_case_store_verify_case (source, id, NULL, NULL, error))
    {
      /* Translators: a file name */
      g_prefix_error (error, _("The case file %s fails verification: "), path);
      return FALSE;
    }
  /* Of the private copy that is attached below: what it lets in is what
   * is imported. */
  if (check != NULL && !check (source, id, check_data, error))
    return FALSE;
  /* The file itself, or the upgraded copy an older case file is read from;
   * @source keeps that copy until the end. */
  uri_ro = pb_db_sqlite_path_to_uri (source->file_path, "mode=ro");

  if (!pb_db_run (self->db, PB_SQL ("ATTACH DATABASE ?1 AS casefile"), error, 1, uri_ro))
    return FALSE;

  if (!_pb_case_store_begin (self, error))
    goto detach;

  if (!read_hashes (self, "main", id, ours, error) ||
      !read_hashes (self, "casefile", id, theirs, error))
    goto fail;

  exists = ours->len > 0;
  if (exists)
    {
      guint common = 0;

      while (common < ours->len && common < theirs->len &&
             strcmp (g_ptr_array_index (ours, common), g_ptr_array_index (theirs, common)) == 0)
        common++;

      if (common == ours->len && common == theirs->len)
        {
          _pb_case_store_rollback (self);
          pb_db_exec (self->db, "DETACH DATABASE casefile", NULL);
          if (case_id != NULL)
            *case_id = g_steal_pointer (&id);
          return TRUE;
        }

      if (common < ours->len && common < theirs->len)
        {
          /* Translators: a case id, a file name, a database file and an event number */
          g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CONFLICT,
                       _("Case “%s” in %s conflicts with the case of the same id in %s: "
                         "their histories part at event %u. Nothing was imported."),
                       id, path, self->path, common + 1);
          goto fail;
        }

      if (common == theirs->len)
        {
          /* Translators: a case id, a file name, a database file, then two numbers of events */
          g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CONFLICT,
                       _("Case “%s” in %s is an older copy of the case in %s (%u of its %u events). "
                         "Nothing was imported."),
                       id, path, self->path, theirs->len, ours->len);
          goto fail;
        }

      /* The file carries on the stored history: bring the case up to it. */
      if (!fast_forward_locked (self, id, ours->len, error))
        goto fail;
    }
  else if (!copy_case_locked (self, "casefile", "main", id, error))
    goto fail;

  /* What the file kept for listing is not taken on trust, nor what another
   * build's rating method made of it. */
  if (!refresh_caches_locked (self, id, error) ||
      !_pb_case_store_verify_locked (self, id, NULL, NULL, error) ||
      past_deadline (deadline))
    goto fail;

  ok = _pb_case_store_commit (self, error);
  pb_db_exec (self->db, "DETACH DATABASE casefile", NULL);

  if (ok && changed != NULL)
    *changed = TRUE;
  if (ok && case_id != NULL)
    *case_id = g_steal_pointer (&id);

  return ok;

fail:
  _pb_case_store_rollback (self);
detach:
  pb_db_exec (self->db, "DETACH DATABASE casefile", NULL);
  return FALSE;
}

/* A case file is an SQLite database this connection attaches: a server
 * store has none to attach it to (db copy is the way out of a server). */
static gboolean
refuse_on_server (PbCaseStore  *self,
                  GError      **error)
{
  if (pb_db_get_kind (self->db) == PB_DB_KIND_SQLITE)
    return TRUE;

  /* Translators: a database */
  g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
               _("Case files cannot yet be exported from a team server (%s); "
                 "“probity-cli db copy” copies its cases to a file"),
               pb_db_get_name (self->db));
  return FALSE;
}

/* Onto a server: the case file, checked as any (a private copy, no view or
 * trigger of someone else's, bounded), copied through the administrator's
 * import (pb-case-store-copy.c), which verifies it first. */
static gboolean
import_case_file_into_server (PbCaseStore      *self,
                              const char       *path,
                              gint64           *deadline,
                              PbCaseCopyCheck   check,
                              gpointer          check_data,
                              char            **case_id,
                              gboolean         *changed,
                              GError          **error)
{
  g_autoptr(PbCaseStore) source = NULL;
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *id = NULL;
  gboolean copied = FALSE;

  if (!(source = open_case_file (path, deadline, &id, error)) ||
      !pb_case_store_copy_case_checked (self, source, id, name, NULL, check, check_data, &copied, NULL, NULL, error))
    return FALSE;

  if (changed != NULL)
    *changed = copied;
  if (case_id != NULL)
    *case_id = g_steal_pointer (&id);

  return TRUE;
}

/* Public API: case files ---------------------------------------------------------- */

gboolean
pb_case_store_export_case (PbCaseStore  *self,
                           const char   *case_id,
                           const char   *path,
                           GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_autoptr(PbCaseStore) target = NULL;
  g_autoptr(PbCaseInfo) info = NULL;
  g_autofree char *uri = NULL;
  gboolean ok;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!refuse_on_server (self, error) ||
      !(info = pb_case_store_get_case (self, case_id, error)))
    return FALSE;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      /* Translators: a file name */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO,
                   _("%s already exists; choose another file for the case"), path);
      return FALSE;
    }

  /* Creates the file with the current schema, then lets go of it so that
   * this connection can attach it. */
  ok = (target = pb_case_store_new (path, error)) != NULL;
  g_clear_object (&target);

  uri = pb_db_sqlite_path_to_uri (path, NULL);
  ok = ok && pb_db_run (self->db, PB_SQL ("ATTACH DATABASE ?1 AS casefile"), error, 1, uri);
  if (ok)
    {
      g_autoptr(GError) local_error = NULL;

      ok = pb_db_begin (self->db, &local_error) &&
           copy_case_locked (self, "main", "casefile", case_id, &local_error) &&
           _pb_case_store_commit (self, &local_error);
      if (!ok)
        _pb_case_store_rollback (self);
      pb_db_exec (self->db, "DETACH DATABASE casefile", NULL);

      /* Only the case file is written: a full disk or a write error is
       * about it, not about this database that the message would name. */
      if (!ok && g_error_matches (local_error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO))
        g_set_error_literal (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO,
                             _("the disk is full or refused the write; no case file was left behind"));
      else if (!ok)
        g_propagate_error (error, g_steal_pointer (&local_error));
    }

  if (ok)
    {
      /* Fold the WAL into the file so that the case file is one file. */
      if ((target = pb_case_store_new (path, error)))
        {
          pb_db_sqlite_end_checkpoints (PB_DB_SQLITE (target->db));
          ok = pb_db_exec (target->db, "PRAGMA wal_checkpoint(TRUNCATE)", error) &&
               pb_db_exec (target->db, "PRAGMA journal_mode = DELETE", error);
        }
      else
        ok = FALSE;
      g_clear_object (&target);
    }

  if (!ok)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
      /* Translators: a case id, a file name */
      g_prefix_error (error, _("Exporting case “%s” to %s: "), case_id, path);
    }

  return ok;
}

gboolean
pb_case_store_import_case (PbCaseStore  *self,
                           const char   *path,
                           char        **case_id,
                           gboolean     *changed,
                           GError      **error)
{
  return pb_case_store_import_case_checked (self, path, NULL, NULL, case_id, changed, error);
}

gboolean
pb_case_store_import_case_checked (PbCaseStore      *self,
                                   const char       *path,
                                   PbCaseCopyCheck   check,
                                   gpointer          check_data,
                                   char            **case_id,
                                   gboolean         *changed,
                                   GError          **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_autoptr(GError) local_error = NULL;
  gint64 deadline;
  gboolean ok;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (changed != NULL)
    *changed = FALSE;

  /* However the file is made, the import ends: it is stopped, and nothing
   * is imported, once it has taken longer than the time limit. */
  deadline = g_get_monotonic_time () + (gint64) import_time_limit_ms * 1000;
  if (pb_db_get_kind (self->db) != PB_DB_KIND_SQLITE)
    ok = import_case_file_into_server (self, path, &deadline, check, check_data, case_id, changed, &local_error);
  else if (!_pb_case_store_check_actor (self, FALSE, NULL, error))
    return FALSE;
  else
    {
      pb_db_sqlite_set_progress_handler (PB_DB_SQLITE (self->db), PROGRESS_STEPS, past_deadline, &deadline);
      ok = import_case_file (self, path, &deadline, check, check_data, case_id, changed, &local_error);
      pb_db_sqlite_set_progress_handler (PB_DB_SQLITE (self->db), 0, NULL, NULL);
    }

  if (!ok && g_get_monotonic_time () > deadline)
    {
      g_clear_error (&local_error);
      /* Translators: a file name, then a number of seconds */
      g_set_error (&local_error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TOO_LARGE,
                   _("Importing %s took longer than %u seconds and was stopped; nothing was imported"),
                   path, MAX (1, import_time_limit_ms / 1000));
    }

  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));

  return ok;
}

void
_pb_case_store_set_import_time_limit (guint timeout_ms)
{
  import_time_limit_ms = timeout_ms;
}
