/* pb-case-store-anchors.c: time-stamps on the head of a case's history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-case-store"

#include "config.h"

#include "pb-i18n.h"

#include "pb-case-store-private.h"
#include "pb-db-statements.h"

/* Version 6 keeps time-stamp tokens on the hash of an event of a case's
 * history. Each is recorded by an "anchored" event of the history (the
 * event names the anchored event, its hash and the token's SHA-256), as a
 * sign-off is by its "signed" event; this table keeps the token's bytes. */
static const char schema_anchors[] =
  "CREATE TABLE anchors (\n"
  "  case_id      TEXT NOT NULL REFERENCES cases (id),\n"
  "  seq          INTEGER NOT NULL,\n"
  "  event_seq    INTEGER NOT NULL,\n"
  "  head_hash    TEXT NOT NULL,\n"
  "  token        BLOB NOT NULL,\n"
  "  PRIMARY KEY (case_id, seq)\n"
  ") WITHOUT ROWID;\n"
  "CREATE TRIGGER anchors_no_update BEFORE UPDATE ON anchors\n"
  "  BEGIN SELECT RAISE (ABORT, 'append-only: anchors cannot change'); END;\n"
  "CREATE TRIGGER anchors_no_delete BEFORE DELETE ON anchors\n"
  "  BEGIN SELECT RAISE (ABORT, 'append-only: anchors cannot be deleted'); END;\n";

gboolean
_pb_case_store_migrate_anchors (PbCaseStore  *self,
                                GError      **error)
{
  return pb_db_exec (self->db, schema_anchors, error);
}

/* anchors joined with the events that record them */
#define ANCHOR_QUERY \
  "SELECT a.case_id, a.event_seq, a.head_hash," \
  "       CASE WHEN length (a.token) <= " G_STRINGIFY (PB_ANCHOR_TOKEN_MAX_SIZE) " THEN a.token END," \
  "       e.data, e.time, e.\"user\", a.seq, e.kind, e.new_value" \
  "  FROM anchors a LEFT JOIN events e ON e.case_id = a.case_id AND e.seq = a.seq" \
  " WHERE a.case_id = ?1 ORDER BY a.seq"

static PbHistoryAnchor *
anchor_from_row (PbDbStmt *stmt)
{
  g_autoptr(GBytes) token = pb_db_stmt_column_bytes (stmt, 3);
  g_autofree char *tsa_url = _pb_case_store_data_get (pb_db_stmt_column_text (stmt, 4), "tsa_url");

  return _pb_history_anchor_new (pb_db_stmt_column_text (stmt, 0),
                                 pb_db_stmt_column_int (stmt, 1),
                                 pb_db_stmt_column_text (stmt, 2),
                                 token,
                                 tsa_url,
                                 pb_db_stmt_column_text (stmt, 5),
                                 pb_db_stmt_column_text (stmt, 6));
}

/* The hash of event @seq of the case; NULL and an error naming it if the
 * history has no such event. */
static char *
event_hash_locked (PbCaseStore  *self,
                   const char   *case_id,
                   guint         seq,
                   GError      **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  int rc;

  if (!(stmt = pb_db_prepare (self->db, PB_SQL ("SELECT hash FROM events WHERE case_id = ?1 AND seq = ?2"), error)))
    return NULL;

  pb_db_stmt_bind_text (stmt, 1, case_id);
  pb_db_stmt_bind_int64 (stmt, 2, seq);
  if ((rc = pb_db_stmt_step (stmt, error)) == 0)
    return NULL;

  if (rc == PB_DB_DONE)
    {
      /* Translators: a case id, then an event number */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND,
                   _("Case “%s” has no history event %u"), case_id, seq);
      return NULL;
    }

  return g_strdup (pb_db_stmt_column_text (stmt, 0));
}

gboolean
pb_case_store_check_may_anchor (PbCaseStore  *self,
                                GError      **error)
{
  g_return_val_if_fail (PB_IS_CASE_STORE (self), FALSE);

  /* A server's auditor writes nothing, not even an anchor (its
   * README.md), and a file opened for reading takes no writer. */
  if (self->server_user != NULL || self->read_only)
    return _pb_case_store_check_actor (self, FALSE, NULL, error);

  /* In a file any role, an auditor too: an anchor is evidence and changes
   * no fact. Still, someone adds it, and the history says who. */
  if (_pb_case_store_is_blank (_pb_case_store_actor_name (self)))
    {
      /* Translators: a file name */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_PERMISSION,
                   _("Nobody is set as acting on %s: every change records who made it; give a name first"),
                   self->path);
      return FALSE;
    }

  return TRUE;
}

static gboolean
add_anchor_once (PbCaseStore  *self,
                 const char   *case_id,
                 guint         event_seq,
                 const char   *head_hash,
                 GBytes       *token,
                 const char   *tsa_url,
                 GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_auto(CaseState) state = { 0 };
  g_autofree char *hash = NULL;
  g_autofree char *token_sha256 = NULL;
  g_autofree char *seq_text = NULL;
  g_autofree char *data = NULL;
  g_autoptr(PbDbStmt) insert = NULL;
  gsize size;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);
  g_return_val_if_fail (head_hash != NULL, FALSE);
  g_return_val_if_fail (token != NULL, FALSE);
  g_return_val_if_fail (tsa_url != NULL, FALSE);

  if (!pb_case_store_check_may_anchor (self, error))
    return FALSE;

  size = g_bytes_get_size (token);
  if (size == 0 || size > PB_ANCHOR_TOKEN_MAX_SIZE)
    {
      /* Translators: two numbers of bytes */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                   _("A time-stamp token of %zu bytes is not one: tokens hold 1 to %u bytes"),
                   size, (guint) PB_ANCHOR_TOKEN_MAX_SIZE);
      return FALSE;
    }

  if (!_pb_case_store_begin (self, error))
    return FALSE;

  if (!_pb_case_store_load_case_state (self, case_id, 0, &state, error) ||
      !(hash = event_hash_locked (self, case_id, event_seq, error)))
    return _pb_case_store_rollback (self);

  if (g_strcmp0 (hash, head_hash) != 0)
    {
      /* Translators: an event number, a case id, then a SHA-256 */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CONFLICT,
                   _("Event %u of case “%s” does not have the hash %s the time-stamp was asked for"),
                   event_seq, case_id, head_hash);
      return _pb_case_store_rollback (self);
    }

  token_sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, token);
  seq_text = g_strdup_printf ("%u", event_seq);
  data = _pb_case_store_data_json ("event_seq", seq_text, "token_sha256", token_sha256, "tsa_url", tsa_url, NULL);

  if (!_pb_case_store_append_event (self, case_id, state.revision, state.time, PB_EVENT_ANCHORED, NULL,
                                    NULL, head_hash, NULL, data, error) ||
      !(insert = pb_db_prepare (self->db,
                                PB_SQL ("INSERT INTO anchors (case_id, seq, event_seq, head_hash, token)"
                                        " VALUES (?1, (SELECT head_seq FROM cases WHERE id = ?1), ?2, ?3, ?4)"),
                                error)))
    return _pb_case_store_rollback (self);

  pb_db_stmt_bind_text (insert, 1, case_id);
  pb_db_stmt_bind_int64 (insert, 2, event_seq);
  pb_db_stmt_bind_text (insert, 3, head_hash);
  pb_db_stmt_bind_blob (insert, 4, g_bytes_get_data (token, NULL), size);
  if (!pb_db_stmt_step (insert, error))
    return _pb_case_store_rollback (self);

  return _pb_case_store_commit (self, error);
}

gboolean
pb_case_store_add_anchor (PbCaseStore  *self,
                          const char   *case_id,
                          guint         event_seq,
                          const char   *head_hash,
                          GBytes       *token,
                          const char   *tsa_url,
                          GError      **error)
{
  return _PB_CASE_STORE_RETRYING (self, case_id, error,
    add_anchor_once (self, case_id, event_seq, head_hash, token, tsa_url, error));
}

GListModel *
pb_case_store_list_anchors (PbCaseStore  *self,
                            const char   *case_id,
                            GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_auto(CaseState) state = { 0 };
  g_autoptr(PbDbStmt) stmt = NULL;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  if (!_pb_case_store_load_case_state (self, case_id, 0, &state, error) ||
      !(stmt = pb_db_prepare (self->db, PB_SQL (ANCHOR_QUERY), error)))
    return NULL;

  pb_db_stmt_bind_text (stmt, 1, case_id);

  return _pb_case_store_collect (self, stmt, PB_TYPE_HISTORY_ANCHOR, (RowFunc)anchor_from_row, error);
}

/* Every anchor row is what its "anchored" event recorded, and holds the
 * token that event named; as many rows as such events (@n_anchored, from
 * the replay). The tokens' signatures are the workflow layer's to check:
 * the store links no cryptography. */
gboolean
_pb_case_store_verify_anchors_locked (PbCaseStore  *self,
                                      const char   *case_id,
                                      guint         n_anchored,
                                      guint        *broken_event,
                                      GError      **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  guint n_rows = 0;
  int rc;

  if (!(stmt = pb_db_prepare (self->db, PB_SQL (ANCHOR_QUERY), error)))
    return FALSE;

  pb_db_stmt_bind_text (stmt, 1, case_id);
  while ((rc = pb_db_stmt_step (stmt, error)) == PB_DB_ROW)
    {
      const char *data = pb_db_stmt_column_text (stmt, 4);
      guint seq = pb_db_stmt_column_int (stmt, 7);
      g_autofree char *event_seq = g_strdup_printf ("%d", pb_db_stmt_column_int (stmt, 1));
      g_autofree char *recorded_seq = _pb_case_store_data_get (data, "event_seq");
      g_autofree char *recorded_sha256 = _pb_case_store_data_get (data, "token_sha256");
      g_autofree char *token_sha256 = NULL;

      if (!pb_db_stmt_column_is_null (stmt, 3))
        {
          g_autoptr(GBytes) token = pb_db_stmt_column_bytes (stmt, 3);

          token_sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, token);
        }

      if (g_strcmp0 (pb_db_stmt_column_text (stmt, 8), "anchored") != 0 ||
          g_strcmp0 (event_seq, recorded_seq) != 0 ||
          g_strcmp0 (pb_db_stmt_column_text (stmt, 2), pb_db_stmt_column_text (stmt, 9)) != 0 ||
          token_sha256 == NULL || g_strcmp0 (token_sha256, recorded_sha256) != 0)
        {
          if (broken_event != NULL)
            *broken_event = seq;
          /* Translators: a case id and an event number */
          g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TAMPERED,
                       _("A time-stamp of case “%s” differs from what event %u recorded"), case_id, seq);
          return FALSE;
        }

      n_rows++;
    }
  if (rc == 0)
    return FALSE;

  if (n_rows != n_anchored)
    {
      if (broken_event != NULL)
        *broken_event = 0;
      /* Translators: a case id, then two numbers */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TAMPERED,
                   _("Case “%s” keeps %u time-stamps but its history records %u"), case_id, n_rows, n_anchored);
      return FALSE;
    }

  return TRUE;
}
