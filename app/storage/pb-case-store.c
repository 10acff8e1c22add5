/* pb-case-store.c: the store object, SQLite helpers, the hash chain
 * primitives, records from rows and the case state the other
 * pb-case-store-*.c files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-case-store"

#include "config.h"

#include "pb-i18n.h"
#include <string.h>

#include "pb-case-store-private.h"
#include "pb-db-pg.h"
#include "pb-db-sqlite.h"
#include "pb-db-statements.h"

G_DEFINE_FINAL_TYPE (PbCaseStore, pb_case_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACTOR,
  N_PROPS
};

enum {
  IDENTITY_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Errors ------------------------------------------------------------------ */

gboolean
_pb_case_store_case_not_found (PbCaseStore  *self,
                               const char   *case_id,
                               GError      **error)
{
  /* Translators: a case id, then a file name */
  g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND,
               _("There is no case “%s” in %s"), case_id, self->path);
  return FALSE;
}

PbDbStmt *
_pb_case_store_read_case_row (PbCaseStore  *self,
                              const char   *sql,
                              const char   *case_id,
                              GError      **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  int rc;

  if (!(stmt = pb_db_prepare_cached (self->db, sql, error)))
    return NULL;

  pb_db_stmt_bind_text (stmt, 1, case_id);
  if ((rc = pb_db_stmt_step (stmt, error)) == 0)
    return NULL;
  if (rc == PB_DB_DONE)
    {
      _pb_case_store_case_not_found (self, case_id, error);
      return NULL;
    }

  return g_steal_pointer (&stmt);
}

/* Transactions -------------------------------------------------------------- */

static gboolean
refuse_read_only (PbCaseStore  *self,
                  GError      **error)
{
  /* Translators: a file name */
  g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_READ_ONLY,
               _("%s is open for reading only; nothing was changed"), self->path);
  return FALSE;
}

gboolean
_pb_case_store_begin (PbCaseStore  *self,
                      GError      **error)
{
  if (self->read_only)
    return refuse_read_only (self, error);

  /* Found damaged: written no more, what it holds kept as it is. */
  if (self->connection != NULL && self->connection->damage != NULL)
    {
      g_propagate_error (error, g_error_copy (self->connection->damage));
      return FALSE;
    }

  return pb_db_begin (self->db, error);
}

gboolean
_pb_case_store_commit (PbCaseStore  *self,
                       GError      **error)
{
  if (!_pb_case_store_search_flush (self, error))
    {
      pb_db_rollback (self->db);
      return FALSE;
    }

  return pb_db_commit (self->db, error);
}

gboolean
_pb_case_store_rollback (PbCaseStore *self)
{
  pb_db_rollback (self->db);

  return FALSE;
}

/* On a server, in a write: locks the row of case @case_id until the
 * commit. Each write to a case reads the case's state first, through
 * here, so the writes of one case follow one another and each reads,
 * statement by statement (READ COMMITTED, pb-db-pg.c), what the one
 * before it committed: the answer it checks for staleness, the head it
 * chains to, the status it checks. The server's event trigger takes the
 * same lock before it checks the chain. A case the person may not write
 * is not locked (row-level security): the server refuses the write. */
gboolean
_pb_case_store_lock_case (PbCaseStore  *self,
                          const char   *case_id,
                          GError      **error)
{
  if (pb_db_get_kind (self->db) != PB_DB_KIND_POSTGRESQL || !pb_db_pg_in_write (PB_DB_PG (self->db)))
    return TRUE;

  return pb_db_run (self->db, PB_SQL ("SELECT 1 FROM cases WHERE id = ?1 FOR UPDATE"), error, 1, case_id);
}

/* After @attempts failed attempts at a write: whether to make it again. On a
 * server, a transaction fails now and then only because another one ran
 * at the same time (a deadlock, 40P01, or a serialization_failure, 40001):
 * nothing of it was written, and the same transaction run again
 * afterwards succeeds, or fails for a reason of its own. So it
 * runs again, up to PB_CASE_STORE_WRITE_ATTEMPTS times in all, after a
 * pause that doubles each time and is drawn at random, so that the
 * writers that collided do not collide again. The same when the
 * connection was lost before the transaction committed (the server ends
 * a transaction whose connection is gone, and a COMMIT lost on its way
 * is looked up, pb-db-pg.c): once connected again, nothing of it was
 * written either. Never after a refusal: CONFLICT (an answer someone else
 * changed since this store read it), a rule, a permission; nor when
 * whether the transaction committed is not known. Clears @error when it
 * says yes. */
gboolean
_pb_case_store_retry (PbCaseStore  *self,
                      guint         attempts,
                      GError      **error)
{
  PbDbPgFailure failure;
  gulong pause;

  if (self->db == NULL || pb_db_get_kind (self->db) != PB_DB_KIND_POSTGRESQL ||
      attempts >= PB_CASE_STORE_WRITE_ATTEMPTS)
    return FALSE;

  failure = pb_db_pg_get_failure (PB_DB_PG (self->db));
  if (failure == PB_DB_PG_FAILURE_NONE || failure == PB_DB_PG_FAILURE_UNKNOWN)
    return FALSE;

  pb_db_rollback (self->db);
  /* An administrator changed the person's organisation since they
   * connected (review14c F7): read it again and write once more with it,
   * whichever attempt was refused; unchanged, the server refused
   * something else, and its message stands. */
  if (failure == PB_DB_PG_FAILURE_IDENTITY)
    {
      if (!_pb_case_store_server_read_organisation (self))
        return FALSE;
      g_debug ("%s: the organisation of %s changed on the server; the write is made again", self->path,
               self->server_user);
      if (error != NULL)
        g_clear_error (error);
      return TRUE;
    }
  if (failure == PB_DB_PG_FAILURE_CONNECTION)
    {
      /* Connected again, or the error says why not (and stays). */
      if (!pb_db_pg_is_connected (PB_DB_PG (self->db)) && !pb_db_pg_reconnect (PB_DB_PG (self->db), NULL))
        return FALSE;
      g_debug ("%s: connection lost before the commit; attempt %u of %d", self->path, attempts + 1,
               PB_CASE_STORE_WRITE_ATTEMPTS);
      if (error != NULL)
        g_clear_error (error);
      return TRUE;
    }

  if (error != NULL)
    g_clear_error (error);

  /* 10–20 ms, 20–40, 40–80, 80–160, then 100–200: a second at most in all. */
  pause = MIN ((G_USEC_PER_SEC / 100) << MIN (attempts - 1, 4), G_USEC_PER_SEC / 10);
  g_usleep (pause + (gulong) g_random_int_range (0, (gint32) pause));
  g_debug ("%s: a write is made again after a deadlock or a serialization failure; attempt %u of %d",
           self->path, attempts + 1, PB_CASE_STORE_WRITE_ATTEMPTS);

  return TRUE;
}

/* Whether the write that just failed may have been saved all the same:
 * the answer to its COMMIT was lost, and the server could not be asked. */
gboolean
_pb_case_store_commit_unknown (PbCaseStore *self)
{
  return self->db != NULL && pb_db_get_kind (self->db) == PB_DB_KIND_POSTGRESQL &&
         pb_db_pg_get_failure (PB_DB_PG (self->db)) == PB_DB_PG_FAILURE_UNKNOWN;
}

char *
_pb_case_store_now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
}

/* Refuses a change when nobody is set as acting or the acting role may not
 * make it: editing needs sales or a reviewer, @decide a reviewer. */
gboolean
_pb_case_store_check_actor (PbCaseStore  *self,
                            gboolean      decide,
                            const char   *case_id,
                            GError      **error)
{
  PbRole role;

  /* A file open for reading refuses every writer, whoever acts. */
  if (self->read_only)
    return refuse_read_only (self, error);

  if (self->server_user != NULL && !_pb_case_store_check_server_actor (self, error))
    return FALSE;

  if (self->actor == NULL || _pb_case_store_is_blank (pb_actor_get_name (self->actor)))
    {
      /* Translators: a file name */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_PERMISSION,
                   _("Nobody is set as acting on %s: every change records who made it, in which role; "
                     "give a name and a role first"),
                   self->path);
      return FALSE;
    }

  role = pb_actor_get_role (self->actor);
  if (!pb_role_can_edit (role))
    {
      /* Translators: a person's name */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_PERMISSION,
                   _("%s acts as auditor: an auditor reads and verifies cases but changes nothing"),
                   pb_actor_get_name (self->actor));
      return FALSE;
    }

  if (decide && !pb_role_can_decide (role))
    {
      /* Translators: a person's name, their role, then a case id */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_PERMISSION,
                   _("%s acts as %s: only a legal reviewer may decide, send back, sign or reopen case “%s”"),
                   pb_actor_get_name (self->actor), pb_role_get_noun (role), case_id ? case_id : "");
      return FALSE;
    }

  return TRUE;
}

/* Whether whoever acts may create cases (and the customer and product
 * records they are made for), checked before anything is written: on a
 * file sales and legal reviewers do; on a team server only sales people in
 * a team (schema-v1.sql, cases_create), so that a refused case leaves no
 * customer or product row behind. After _pb_case_store_check_actor(). */
gboolean
_pb_case_store_check_creator (PbCaseStore  *self,
                              GError      **error)
{
  if (self->server_user == NULL || self->server_creates)
    return TRUE;

  if (self->server_roles & (1u << PB_ROLE_SALES))
    /* Translators: a person's name */
    g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_PERMISSION,
                 _("%s is in no sales team on this team server: only sales people in a team create cases here; "
                   "an administrator puts people in teams"),
                 pb_actor_get_name (self->actor));
  else
    /* Translators: a person's name, then their role within a sentence, such as "legal reviewer" */
    g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_PERMISSION,
                 _("%s acts as %s on this team server: only sales people create cases here"),
                 pb_actor_get_name (self->actor), pb_role_get_noun (pb_actor_get_role (self->actor)));
  return FALSE;
}

gboolean
pb_case_store_may_create_cases (PbCaseStore *self)
{
  g_return_val_if_fail (PB_IS_CASE_STORE (self), FALSE);

  if (self->read_only || self->actor == NULL || !pb_role_can_edit (pb_actor_get_role (self->actor)))
    return FALSE;

  return self->server_user == NULL || self->server_creates;
}

const char *
_pb_case_store_actor_name (PbCaseStore *self)
{
  g_assert (self->actor != NULL);

  return pb_actor_get_name (self->actor);
}

/* Whether @text (NULL: empty) holds at most @max bytes; else an error
 * naming @what, a translated phrase ("The comment on question …"). */
gboolean
_pb_case_store_check_size (const char  *text,
                           gsize        max,
                           const char  *what,
                           GError     **error)
{
  gsize size = text != NULL ? strlen (text) : 0;
  g_autofree char *size_text = NULL;
  g_autofree char *max_text = NULL;

  if (size <= max)
    return TRUE;

  size_text = g_format_size_full (size, G_FORMAT_SIZE_IEC_UNITS | G_FORMAT_SIZE_LONG_FORMAT);
  max_text = g_format_size_full (max, G_FORMAT_SIZE_IEC_UNITS);
  /* Translators: what is too long (such as "The comment on question S1.01
   * of case “C-1”"), its size, then the most that can be saved */
  g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
               _("%s is %s long; at most %s can be saved"), what, size_text, max_text);
  return FALSE;
}

gboolean
_pb_case_store_is_blank (const char *str)
{
  if (str == NULL)
    return TRUE;

  for (; *str != '\0'; str = g_utf8_next_char (str))
    {
      if (!g_unichar_isspace (g_utf8_get_char (str)))
        return FALSE;
    }

  return TRUE;
}

char *
_pb_case_store_strv_join_lines (const char * const *strv)
{
  if (strv == NULL)
    return g_strdup ("");

  return g_strjoinv ("\n", (char **)strv);
}

static char **
split_lines (const char *text)
{
  if (text == NULL || *text == '\0')
    return g_new0 (char *, 1);

  return g_strsplit (text, "\n", -1);
}

gboolean
_pb_case_store_is_sha256_hex (const char *str)
{
  if (str == NULL || strlen (str) != 64)
    return FALSE;

  for (guint i = 0; i < 64; i++)
    {
      if (!g_ascii_isxdigit (str[i]) || g_ascii_isupper (str[i]))
        return FALSE;
    }

  return TRUE;
}

/* The canonical form hashes are computed over: each field as its byte
 * length, a colon, the bytes and a newline; NULL as a lone "-" line. */
static void
hash_field (GChecksum  *checksum,
            const char *value)
{
  g_autofree char *length = NULL;

  if (value == NULL)
    {
      g_checksum_update (checksum, (const guchar *)"-\n", 2);
      return;
    }

  length = g_strdup_printf ("%zu:", strlen (value));
  g_checksum_update (checksum, (const guchar *)length, -1);
  g_checksum_update (checksum, (const guchar *)value, -1);
  g_checksum_update (checksum, (const guchar *)"\n", 1);
}

static void
hash_uint_field (GChecksum *checksum,
                 gint64     value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  hash_field (checksum, text);
}

/* Events recorded before schema 3 carry no role (@role NULL) and hash in
 * the first format; every later event names the actor's role and
 * organisation (SCHEMA.md, "Canonical form"). */
char *
_pb_case_store_compute_event_hash (const char *case_id,
                                   gint64      seq,
                                   gint64      revision,
                                   const char *time,
                                   const char *user,
                                   const char *role,
                                   const char *organisation,
                                   const char *kind,
                                   const char *question_id,
                                   const char *old_value,
                                   const char *new_value,
                                   const char *reason,
                                   const char *data,
                                   const char *prev_hash)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  hash_field (checksum, role != NULL ? EVENT_FORMAT_2 : EVENT_FORMAT);
  hash_field (checksum, case_id);
  hash_uint_field (checksum, seq);
  hash_uint_field (checksum, revision);
  hash_field (checksum, time);
  hash_field (checksum, user);
  if (role != NULL)
    {
      hash_field (checksum, role);
      hash_field (checksum, organisation);
    }
  hash_field (checksum, kind);
  hash_field (checksum, question_id);
  hash_field (checksum, old_value);
  hash_field (checksum, new_value);
  hash_field (checksum, reason);
  hash_field (checksum, data);
  hash_field (checksum, prev_hash);

  return g_strdup (g_checksum_get_string (checksum));
}

/* A JSON object of string members, in the order given: "key", value, ...,
 * NULL. A NULL value is written as null. Compact, so the text is canonical. */
char *
_pb_case_store_data_json (const char *first_key,
                          ...)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  va_list args;

  json_builder_begin_object (builder);
  va_start (args, first_key);
  for (const char *key = first_key; key != NULL; key = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);

      json_builder_set_member_name (builder, key);
      if (value != NULL)
        json_builder_add_string_value (builder, value);
      else
        json_builder_add_null_value (builder);
    }
  va_end (args);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

/* The string member @key of the JSON object @json, or NULL. */
char *
_pb_case_store_data_get (const char *json,
                         const char *key)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonNode *member;

  if (json == NULL || !(root = json_from_string (json, NULL)) || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  object = json_node_get_object (root);
  member = json_object_get_member (object, key);
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING)
    return NULL;

  return g_strdup (json_node_get_string (member));
}

/* Questionnaires ------------------------------------------------------------ */

PbQuestionnaire *
_pb_case_store_load_questionnaire_by_sha (PbCaseStore  *self,
                                          const char   *sha256,
                                          GError      **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *display_name = NULL;
  PbQuestionnaire *questionnaire;
  int rc;

  if ((questionnaire = g_hash_table_lookup (self->questionnaires, sha256)))
    return g_object_ref (questionnaire);

  if (!(stmt = pb_db_prepare (self->db, PB_SQL ("SELECT file_name, content FROM questionnaires WHERE sha256 = ?1"), error)))
    return NULL;

  pb_db_stmt_bind_text (stmt, 1, sha256);
  rc = pb_db_stmt_step (stmt, error);
  if (rc == 0)
    return NULL;

  if (rc == PB_DB_DONE)
    {
      /* Translators: a SHA-256, then a file name */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CORRUPT,
                   _("The questionnaire %s pinned by a case is missing from %s"), sha256, self->path);
      return NULL;
    }

  bytes = pb_db_stmt_column_bytes (stmt, 1);
  /* Translators: the file name a questionnaire was loaded from, then the database file */
  display_name = g_strdup_printf (_("%s (as stored in %s)"), pb_db_stmt_column_text (stmt, 0), self->path);

  if (!(questionnaire = pb_questionnaire_new_from_bytes (bytes, display_name, error)))
    return NULL;

  if (g_strcmp0 (pb_questionnaire_get_sha256 (questionnaire), sha256) != 0)
    {
      g_object_unref (questionnaire);
      /* Translators: a SHA-256, then a file name */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TAMPERED,
                   _("The stored questionnaire %s in %s no longer matches its SHA-256"),
                   sha256, self->path);
      return NULL;
    }

  g_hash_table_insert (self->questionnaires, g_strdup (sha256), g_object_ref (questionnaire));

  return questionnaire;
}

/* Cases, events and caches -------------------------------------------------- */

void
_pb_case_store_case_state_clear (CaseState *state)
{
  g_clear_pointer (&state->questionnaire_sha256, g_free);
  g_clear_pointer (&state->customer_uid, g_free);
  g_clear_pointer (&state->product_uid, g_free);
  g_clear_pointer (&state->decision, g_free);
  g_clear_pointer (&state->reason, g_free);
  g_clear_pointer (&state->conditions, g_free);
  g_clear_pointer (&state->time, g_free);
}

static char *
case_change_time (const char *last)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = last != NULL ? g_date_time_new_from_iso8601 (last, NULL) : NULL;

  if (then != NULL && g_date_time_compare (then, now) > 0)
    {
      g_autoptr(GDateTime) utc = g_date_time_to_utc (then);

      return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.%fZ");
    }

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
}

/* Loads the case and one of its revisions (0: the current one), and the
 * time of a change made now: this computer's clock, or the time of the
 * case's last event if that is later (another computer's clock ahead of
 * this one's, a clock set back), so that a history's times never go back:
 * a server refuses an event older than the one before it (schema-v8.sql). */
static void
written_clear (PbCaseWritten *written)
{
  g_clear_pointer (&written->case_id, g_free);
  g_clear_pointer (&written->questionnaire_sha256, g_free);
  g_clear_pointer (&written->reference_sha256, g_free);
  g_clear_pointer (&written->read_hash, g_free);
  g_clear_pointer (&written->head_hash, g_free);
  *written = (PbCaseWritten) { 0 };
}

/* In a write, keeps what @stmt, the case's state, read of @case_id after
 * _pb_case_store_lock_case() (columns 0 and 11–13). */
static void
keep_written (PbCaseStore *self,
              const char  *case_id,
              PbDbStmt    *stmt)
{
  PbCaseWritten written = {
    .write = pb_db_get_write (self->db),
    .case_id = g_strdup (case_id),
    .questionnaire_sha256 = g_strdup (pb_db_stmt_column_text (stmt, 0)),
    .reference_sha256 = g_strdup (pb_db_stmt_column_text (stmt, 11)),
    .read_seq = pb_db_stmt_column_int64 (stmt, 12),
    .read_hash = g_strdup (pb_db_stmt_column_text (stmt, 13)),
    .head_seq = pb_db_stmt_column_int64 (stmt, 12),
    .head_hash = g_strdup (pb_db_stmt_column_text (stmt, 13)),
  };

  written_clear (&self->written);
  if (written.write != 0)
    self->written = written;
  else
    written_clear (&written);
}

/* What the write in progress keeps of @case_id (PbCaseWritten), or NULL:
 * another case, no write, or a write that read nothing of it. */
const PbCaseWritten *
_pb_case_store_get_written (PbCaseStore *self,
                            const char  *case_id)
{
  PbCaseWritten *written = &self->written;

  if (written->write == 0 || written->write != pb_db_get_write (self->db) ||
      g_strcmp0 (written->case_id, case_id) != 0)
    return NULL;

  return written;
}

/* After rows of a case written otherwise than through
 * _pb_case_store_append_event() (a copy, an import): nothing kept of it
 * holds any more. */
void
_pb_case_store_forget_written (PbCaseStore *self)
{
  written_clear (&self->written);
}

/* Whether an event of @kind changes what a case's screening replays
 * (replay_events (): the kinds its query reads). */
gboolean
_pb_case_store_event_kind_screens (PbEventKind kind)
{
  return kind == PB_EVENT_PARTY_ADDED || kind == PB_EVENT_PARTY_REMOVED ||
         kind == PB_EVENT_SCREENED || kind == PB_EVENT_HIT_DECIDED;
}

gboolean
_pb_case_store_load_case_state (PbCaseStore  *self,
                                const char   *case_id,
                                guint         revision,
                                CaseState    *state,
                                GError      **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  int rc;

  if (!_pb_case_store_lock_case (self, case_id, error))
    return FALSE;

  if (!(stmt = pb_db_prepare_cached (self->db,
                                     PB_SQL ("SELECT c.questionnaire_sha256, c.customer_uid, c.product_uid, c.current_revision,"
                                             "       r.revision, r.status, r.decision, r.reason, r.conditions, r.sealed, c.updated,"
                                             "       c.reference_sha256, c.head_seq, c.head_hash"
                                             "  FROM cases c JOIN revisions r ON r.case_id = c.id"
                                             " WHERE c.id = ?1 AND r.revision = (CASE WHEN ?2 = 0 THEN c.current_revision ELSE ?2 END)"),
                                     error)))
    return FALSE;

  pb_db_stmt_bind_text (stmt, 1, case_id);
  pb_db_stmt_bind_int64 (stmt, 2, revision);

  if ((rc = pb_db_stmt_step (stmt, error)) == 0)
    return FALSE;

  if (rc == PB_DB_DONE)
    {
      if (revision == 0)
        return _pb_case_store_case_not_found (self, case_id, error);

      /* Translators: a revision number, a case id, then a file name */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND,
                   _("There is no revision %u of case “%s” in %s"), revision, case_id, self->path);
      return FALSE;
    }

  state->questionnaire_sha256 = g_strdup (pb_db_stmt_column_text (stmt, 0));
  state->customer_uid = g_strdup (pb_db_stmt_column_text (stmt, 1));
  state->product_uid = g_strdup (pb_db_stmt_column_text (stmt, 2));
  state->current_revision = pb_db_stmt_column_int (stmt, 3);
  state->revision = pb_db_stmt_column_int (stmt, 4);
  if (!pb_case_status_from_string (pb_db_stmt_column_text (stmt, 5), &state->status))
    {
      /* Translators: a case id, then a file name */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CORRUPT,
                   _("Case “%s” in %s has an unknown status “%s”"), case_id, self->path, pb_db_stmt_column_text (stmt, 5));
      return FALSE;
    }
  state->decision = g_strdup (pb_db_stmt_column_text (stmt, 6));
  state->reason = g_strdup (pb_db_stmt_column_text (stmt, 7));
  state->conditions = g_strdup (pb_db_stmt_column_text (stmt, 8));
  state->sealed = pb_db_stmt_column_int (stmt, 9) != 0;
  state->time = case_change_time (pb_db_stmt_column_text (stmt, 10));
  keep_written (self, case_id, stmt);

  return TRUE;
}

gboolean
_pb_case_store_refuse_sealed (PbCaseStore  *self,
                              const char   *case_id,
                              CaseState    *state,
                              GError      **error)
{
  if (!state->sealed)
    return TRUE;

  /* Translators: a revision number and a case id */
  g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_SEALED,
               _("Revision %u of case “%s” is signed and sealed; reopen the case to change it"),
               state->revision, case_id);
  return FALSE;
}

/* A decision stands on the answers, evidence and parties it was taken on:
 * once one is recorded, or a first approval waits for its second, they
 * change only after a legal reviewer sends the case back for changes
 * (schema-v17.sql says the same on a server). */
gboolean
_pb_case_store_refuse_decided (PbCaseStore  *self,
                               const char   *case_id,
                               CaseState    *state,
                               GError      **error)
{
  if (!pb_case_status_is_decision (state->status) && state->status != PB_CASE_STATUS_AWAITING_SECOND_APPROVAL)
    return TRUE;

  /* Translators: a case id, then its status within a sentence, such as "approved" */
  g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
               _("Case “%s” is %s: the decision was taken on these answers, evidence and parties. "
                 "To change them, a legal reviewer first sends the case back for changes."),
               case_id, pb_case_status_get_noun (state->status));
  return FALSE;
}

/* An event's value and reason hold at most PB_TEXT_MAX_SIZE bytes, its
 * data PB_EVENT_DATA_MAX_SIZE, as on a team server (an answer's own
 * fields are checked with their question's name before). */
static gboolean
check_event_sizes (const char  *case_id,
                   const char  *new_value,
                   const char  *reason,
                   const char  *data,
                   GError     **error)
{
  if ((new_value != NULL && strlen (new_value) > PB_TEXT_MAX_SIZE) ||
      (data != NULL && strlen (data) > PB_EVENT_DATA_MAX_SIZE))
    {
      /* Translators: a case id */
      g_autofree char *change = g_strdup_printf (_("A change to case “%s”"), case_id);

      return _pb_case_store_check_size (new_value, PB_TEXT_MAX_SIZE, change, error) &&
             _pb_case_store_check_size (data, PB_EVENT_DATA_MAX_SIZE, change, error);
    }

  if (reason != NULL && strlen (reason) > PB_TEXT_MAX_SIZE)
    {
      /* Translators: a case id */
      g_autofree char *why = g_strdup_printf (_("The reason given for a change to case “%s”"), case_id);

      return _pb_case_store_check_size (reason, PB_TEXT_MAX_SIZE, why, error);
    }

  return TRUE;
}

/* Appends an event to the case's chain and moves the case's head. */
gboolean
_pb_case_store_append_event (PbCaseStore  *self,
                             const char   *case_id,
                             guint         revision,
                             const char   *time,
                             PbEventKind   kind,
                             const char   *question_id,
                             const char   *old_value,
                             const char   *new_value,
                             const char   *reason,
                             const char   *data,
                             GError      **error)
{
  g_autoptr(PbDbStmt) head = NULL;
  g_autoptr(PbDbStmt) insert = NULL;
  g_autoptr(PbDbStmt) update = NULL;
  g_autofree char *prev_hash = NULL;
  g_autofree char *hash = NULL;
  const char *kind_name = pb_event_kind_to_string (kind);
  const char *user, *role, *organisation;
  PbCaseWritten *written;
  gint64 seq;

  /* Every caller checked the actor before it began its transaction. */
  g_assert (self->actor != NULL);
  if (!check_event_sizes (case_id, new_value, reason, data, error))
    return FALSE;

  user = pb_actor_get_name (self->actor);
  role = pb_role_to_string (pb_actor_get_role (self->actor));
  organisation = _pb_case_store_acting_organisation (self);

  if ((written = (PbCaseWritten *) _pb_case_store_get_written (self, case_id)))
    {
      seq = written->head_seq + 1;
      prev_hash = g_strdup (written->head_hash);
    }
  else
    {
      if (!(head = _pb_case_store_read_case_row (self, PB_SQL ("SELECT head_seq, head_hash FROM cases WHERE id = ?1"),
                                                 case_id, error)))
        return FALSE;

      seq = pb_db_stmt_column_int64 (head, 0) + 1;
      prev_hash = g_strdup (pb_db_stmt_column_text (head, 1));
    }
  hash = _pb_case_store_compute_event_hash (case_id, seq, revision, time, user, role, organisation, kind_name,
                                            question_id, old_value, new_value, reason, data, prev_hash);

  if (!(insert = pb_db_prepare_cached (self->db,
                                       PB_SQL ("INSERT INTO events (case_id, seq, revision, time, \"user\", kind, question_id,"
                                               "                    old_value, new_value, reason, data, prev_hash, hash,"
                                               "                    role, organisation)"
                                               " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"),
                                       error)))
    return FALSE;

  pb_db_stmt_bind_text (insert, 1, case_id);
  pb_db_stmt_bind_int64 (insert, 2, seq);
  pb_db_stmt_bind_int64 (insert, 3, revision);
  pb_db_stmt_bind_text (insert, 4, time);
  pb_db_stmt_bind_text (insert, 5, user);
  pb_db_stmt_bind_text (insert, 6, kind_name);
  pb_db_stmt_bind_text (insert, 7, question_id);
  pb_db_stmt_bind_text (insert, 8, old_value);
  pb_db_stmt_bind_text (insert, 9, new_value);
  pb_db_stmt_bind_text (insert, 10, reason);
  pb_db_stmt_bind_text (insert, 11, data);
  pb_db_stmt_bind_text (insert, 12, prev_hash);
  pb_db_stmt_bind_text (insert, 13, hash);
  pb_db_stmt_bind_text (insert, 14, role);
  pb_db_stmt_bind_text (insert, 15, organisation);
  if (!pb_db_stmt_step (insert, error))
    return FALSE;

  if (!(update = pb_db_prepare_cached (self->db, PB_SQL ("UPDATE cases SET head_seq = ?2, head_hash = ?3, updated = ?4 WHERE id = ?1"), error)))
    return FALSE;

  pb_db_stmt_bind_text (update, 1, case_id);
  pb_db_stmt_bind_int64 (update, 2, seq);
  pb_db_stmt_bind_text (update, 3, hash);
  pb_db_stmt_bind_text (update, 4, time);
  if (pb_db_stmt_step (update, error) == 0)
    return FALSE;

  if (written != NULL)
    {
      written->head_seq = seq;
      g_free (written->head_hash);
      written->head_hash = g_steal_pointer (&hash);
      written->screening_moved |= _pb_case_store_event_kind_screens (kind);
    }

  return TRUE;
}

PbAnswerSet *
_pb_case_store_read_answers (PbCaseStore  *self,
                             const char   *case_id,
                             guint         revision,
                             GError      **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  g_autoptr(PbAnswerSet) answers = pb_answer_set_new ();
  int rc;

  if (!(stmt = pb_db_prepare_cached (self->db, PB_SQL ("SELECT question_id, value FROM answers WHERE case_id = ?1 AND revision = ?2"), error)))
    return NULL;

  pb_db_stmt_bind_text (stmt, 1, case_id);
  pb_db_stmt_bind_int64 (stmt, 2, revision);

  while ((rc = pb_db_stmt_step (stmt, error)) == PB_DB_ROW)
    {
      g_autoptr(PbAnswer) answer = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!(answer = pb_answer_new_from_json (pb_db_stmt_column_text (stmt, 1), &local_error)))
        {
          /* Translators: a question id, a case id, a file name and the reason */
          g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CORRUPT,
                       _("The stored answer to %s of case “%s” in %s is unreadable: %s"),
                       pb_db_stmt_column_text (stmt, 0), case_id, self->path, local_error->message);
          return NULL;
        }

      pb_answer_set_insert (answers, pb_db_stmt_column_text (stmt, 0), answer);
    }

  if (rc == 0)
    return NULL;

  return g_steal_pointer (&answers);
}

/* Whether loading pinned bytes failed because of the bytes (which a write
 * may live with), not the database. SQLite goes on after a statement that
 * failed (a table an old file lacks); on PostgreSQL that statement (a
 * serialisation failure, a lost connection) ended the transaction, and the
 * write must fail with its error, not with a later one's. */
gboolean
_pb_case_store_can_go_on (PbCaseStore  *self,
                          const GError *error)
{
  return pb_db_get_kind (self->db) == PB_DB_KIND_SQLITE || error->domain != PB_STORAGE_ERROR ||
         error->code == PB_STORAGE_ERROR_CORRUPT || error->code == PB_STORAGE_ERROR_TAMPERED;
}

/* Recomputes the cached outcome and answer count of a revision. A pinned
 * questionnaire that this build can no longer load leaves the outcome
 * unknown rather than failing the write (or the migration). */
gboolean
_pb_case_store_refresh_cache_locked (PbCaseStore  *self,
                                     const char   *case_id,
                                     guint         revision,
                                     GError      **error)
{
  g_autoptr(PbDbStmt) update = NULL;
  const char *outcome = NULL;
  guint n_answers = 0;

  if (!_pb_case_store_compute_cache_locked (self, case_id, revision, &outcome, &n_answers, error) ||
      !(update = pb_db_prepare_cached (self->db, PB_SQL ("UPDATE revisions SET outcome = ?3, n_answers = ?4 WHERE case_id = ?1 AND revision = ?2"), error)))
    return FALSE;

  pb_db_stmt_bind_text (update, 1, case_id);
  pb_db_stmt_bind_int64 (update, 2, revision);
  pb_db_stmt_bind_text (update, 3, outcome);
  pb_db_stmt_bind_int64 (update, 4, n_answers);

  return pb_db_stmt_step (update, error) != 0;
}

/* The outcome (NULL when this build cannot read the questionnaire) and
 * number of answers this build keeps for a revision. */
gboolean
_pb_case_store_compute_cache_locked (PbCaseStore  *self,
                                     const char   *case_id,
                                     guint         revision,
                                     const char  **outcome_out,
                                     guint        *n_answers,
                                     GError      **error)
{
  g_autoptr(PbDbStmt) sha = NULL;
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(PbCountries) reference = NULL;
  g_autoptr(PbEvaluation) evaluation = NULL;
  g_autoptr(GError) local_error = NULL;
  const PbCaseWritten *written = _pb_case_store_get_written (self, case_id);
  const char *outcome = NULL;

  if (written == NULL &&
      !(sha = _pb_case_store_read_case_row (self, PB_SQL ("SELECT questionnaire_sha256 FROM cases WHERE id = ?1"), case_id, error)))
    return FALSE;

  if (!(answers = _pb_case_store_read_answers (self, case_id, revision, error)))
    return FALSE;

  questionnaire = _pb_case_store_load_questionnaire_by_sha (self,
                                                            written != NULL ? written->questionnaire_sha256
                                                                            : pb_db_stmt_column_text (sha, 0),
                                                            &local_error);
  if (local_error == NULL || _pb_case_store_can_go_on (self, local_error))
    {
      g_clear_error (&local_error);
      reference = _pb_case_store_load_reference_locked (self, case_id, &local_error);
    }
  if (local_error != NULL && !_pb_case_store_can_go_on (self, local_error))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (questionnaire != NULL)
    {
      if (!(evaluation = _pb_case_store_rate_with_screening (self, case_id, revision, questionnaire, answers,
                                                             reference, error)))
        return FALSE;
      outcome = pb_outcome_to_string (pb_evaluation_get_outcome (evaluation));
    }

  *outcome_out = outcome;
  *n_answers = pb_answer_set_get_size (answers);

  return TRUE;
}

/* SHA-256 over the canonical form of the customer or product row @uid:
 * "probity-customer-1" or "probity-product-1", then each of its columns in
 * the order of CUSTOMER_COLUMNS or PRODUCT_COLUMNS (SCHEMA.md). A
 * case-created event records it, so that renaming either behind the store's
 * back is seen. NULL with PB_STORAGE_ERROR_NOT_FOUND when there is no row. */
char *
_pb_case_store_compute_record_digest (PbCaseStore  *self,
                                      PbRecordKind  kind,
                                      const char   *uid,
                                      GError      **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(PbDbStmt) stmt = NULL;
  const char *sql = kind == PB_RECORD_CUSTOMER
                    ? PB_SQL ("SELECT " CUSTOMER_COLUMNS " FROM customers WHERE uid = ?1")
                    : PB_SQL ("SELECT " PRODUCT_COLUMNS " FROM products WHERE uid = ?1");
  int rc;

  if (!(stmt = pb_db_prepare (self->db, sql, error)))
    return NULL;

  pb_db_stmt_bind_text (stmt, 1, uid);
  if ((rc = pb_db_stmt_step (stmt, error)) == 0)
    return NULL;
  if (rc == PB_DB_DONE)
    {
      /* Translators: a customer's or product's id, then a file name */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND,
                   kind == PB_RECORD_CUSTOMER ? _("There is no customer %s in %s") : _("There is no product %s in %s"),
                   uid, self->path);
      return NULL;
    }

  hash_field (checksum, kind == PB_RECORD_CUSTOMER ? "probity-customer-1" : "probity-product-1");
  for (int i = 0; i < pb_db_stmt_column_count (stmt); i++)
    hash_field (checksum, pb_db_stmt_column_text (stmt, i));

  return g_strdup (g_checksum_get_string (checksum));
}

/* Stores @bytes under @sha256, their SHA-256, unless they are there. A row
 * of that name holding other bytes (planted by a hostile case file, or
 * edited) is put right rather than kept: the caller holds the true ones. */
gboolean
_pb_case_store_put_blob (PbCaseStore  *self,
                         const char   *sha256,
                         GBytes       *bytes,
                         GError      **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  gsize size;
  gconstpointer content = g_bytes_get_data (bytes, &size);

  /* A server refuses bytes that do not hash to their name (schema-v1.sql).
   * Its row-level security hides a stored file from whoever sees no case
   * naming it (schema-v6.sql), and an upsert, or a conflict target, would
   * have to read the row: there, an ON CONFLICT DO NOTHING of no target. */
  if (!(stmt = pb_db_prepare (self->db,
                              self->server_user != NULL
                                ? PB_SQL ("INSERT INTO blobs (sha256, size, content) VALUES (?1, ?2, ?3)"
                                          " ON CONFLICT DO NOTHING")
                                : PB_SQL ("INSERT INTO blobs (sha256, size, content) VALUES (?1, ?2, ?3)"
                                          " ON CONFLICT (sha256) DO UPDATE SET size = excluded.size, content = excluded.content"
                                          "  WHERE blobs.size <> excluded.size OR blobs.content <> excluded.content"),
                              error)))
    return FALSE;

  pb_db_stmt_bind_text (stmt, 1, sha256);
  pb_db_stmt_bind_int64 (stmt, 2, size);
  pb_db_stmt_bind_blob (stmt, 3, content, size);

  return pb_db_stmt_step (stmt, error) != 0;
}

/* How a revision's answers and files are ordered for its fingerprint:
 * bytewise (SCHEMA.md, "Answers fingerprint"), as SQLite's BINARY does on
 * a file and COLLATE "C" on a server from schema 13; a server of an older
 * schema orders by its database's collation, and so do the seals it
 * recorded (@legacy). */
static const char *
fingerprint_collation (PbCaseStore *self,
                       gboolean     legacy)
{
  if (pb_db_get_kind (self->db) != PB_DB_KIND_POSTGRESQL ||
      legacy || self->server_schema < PB_SERVER_SCHEMA_BYTEWISE_FINGERPRINT)
    return "";

  return " COLLATE \"C\"";
}

static char *
compute_fingerprint (PbCaseStore  *self,
                     const char   *case_id,
                     guint         revision,
                     const char   *collation,
                     GError      **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(PbDbStmt) head = NULL;
  g_autoptr(PbDbStmt) answers = NULL;
  g_autoptr(PbDbStmt) evidence = NULL;
  const char *answers_sql;
  const char *evidence_sql;
  int rc;

  if (!(head = _pb_case_store_read_case_row (self, PB_SQL ("SELECT questionnaire_sha256 FROM cases WHERE id = ?1"), case_id, error)))
    return NULL;

  hash_field (checksum, ANSWERS_FORMAT);
  hash_field (checksum, case_id);
  hash_uint_field (checksum, revision);
  hash_field (checksum, pb_db_stmt_column_text (head, 0));

  /* Bytewise on a server of schema 13 or later (COLLATE "C"). */
  answers_sql = *collation == '\0'
                ? PB_SQL ("SELECT question_id, value, comment, evidence_note FROM answers"
                          " WHERE case_id = ?1 AND revision = ?2 ORDER BY question_id")
                : PB_SQL ("SELECT question_id, value, comment, evidence_note FROM answers"
                          " WHERE case_id = ?1 AND revision = ?2 ORDER BY question_id COLLATE \"C\"");
  if (!(answers = pb_db_prepare (self->db, answers_sql, error)))
    return NULL;

  pb_db_stmt_bind_text (answers, 1, case_id);
  pb_db_stmt_bind_int64 (answers, 2, revision);
  while ((rc = pb_db_stmt_step (answers, error)) == PB_DB_ROW)
    {
      hash_field (checksum, "answer");
      for (int i = 0; i < 4; i++)
        hash_field (checksum, pb_db_stmt_column_text (answers, i));
    }
  if (rc == 0)
    return NULL;

  evidence_sql = *collation == '\0'
                 ? PB_SQL ("SELECT question_id, sha256, file_name, size FROM evidence"
                           " WHERE case_id = ?1 AND revision = ?2 ORDER BY question_id, sha256, file_name")
                 : PB_SQL ("SELECT question_id, sha256, file_name, size FROM evidence"
                           " WHERE case_id = ?1 AND revision = ?2"
                           " ORDER BY question_id COLLATE \"C\", sha256 COLLATE \"C\", file_name COLLATE \"C\"");
  if (!(evidence = pb_db_prepare (self->db, evidence_sql, error)))
    return NULL;

  pb_db_stmt_bind_text (evidence, 1, case_id);
  pb_db_stmt_bind_int64 (evidence, 2, revision);
  while ((rc = pb_db_stmt_step (evidence, error)) == PB_DB_ROW)
    {
      hash_field (checksum, "evidence");
      for (int i = 0; i < 4; i++)
        hash_field (checksum, pb_db_stmt_column_text (evidence, i));
    }
  if (rc == 0)
    return NULL;

  return g_strdup (g_checksum_get_string (checksum));
}

/* SHA-256 over the canonical answers and evidence of a revision
 * (SCHEMA.md, "Answers fingerprint"). */
char *
_pb_case_store_compute_fingerprint (PbCaseStore  *self,
                                    const char   *case_id,
                                    guint         revision,
                                    GError      **error)
{
  return compute_fingerprint (self, case_id, revision, fingerprint_collation (self, FALSE), error);
}

/* Whether @fingerprint is the one of the revision as it is: bytewise, or,
 * on a server, in its database's collation, as a server of schema 12 or
 * older computed the seals it recorded. */
gboolean
_pb_case_store_fingerprint_holds (PbCaseStore  *self,
                                  const char   *case_id,
                                  guint         revision,
                                  const char   *fingerprint,
                                  gboolean     *holds,
                                  GError      **error)
{
  g_autofree char *current = NULL;
  g_autofree char *legacy = NULL;

  if (!(current = _pb_case_store_compute_fingerprint (self, case_id, revision, error)))
    return FALSE;

  *holds = g_strcmp0 (current, fingerprint) == 0;
  if (*holds || pb_db_get_kind (self->db) != PB_DB_KIND_POSTGRESQL ||
      g_str_equal (fingerprint_collation (self, FALSE), fingerprint_collation (self, TRUE)))
    return TRUE;

  if (!(legacy = compute_fingerprint (self, case_id, revision, fingerprint_collation (self, TRUE), error)))
    return FALSE;

  *holds = g_strcmp0 (legacy, fingerprint) == 0;

  return TRUE;
}

/* Records from rows ---------------------------------------------------------- */

PbCustomer *
_pb_case_store_customer_from_row (PbDbStmt *stmt)
{
  g_auto(GStrv) aliases = split_lines (pb_db_stmt_column_text (stmt, 2));

  return _pb_customer_new (pb_db_stmt_column_text (stmt, 0), pb_db_stmt_column_text (stmt, 1), (const char * const *)aliases,
                           pb_db_stmt_column_text (stmt, 3), pb_db_stmt_column_text (stmt, 4), pb_db_stmt_column_text (stmt, 5),
                           pb_db_stmt_column_text (stmt, 6));
}

PbProduct *
_pb_case_store_product_from_row (PbDbStmt *stmt)
{
  g_auto(GStrv) capabilities = split_lines (pb_db_stmt_column_text (stmt, 4));

  return _pb_product_new (pb_db_stmt_column_text (stmt, 0), pb_db_stmt_column_text (stmt, 1), pb_db_stmt_column_text (stmt, 2),
                          pb_db_stmt_column_text (stmt, 3), (const char * const *)capabilities, pb_db_stmt_column_text (stmt, 5));
}

/* A CASE_INFO_QUERY row with this outcome and number of answers. */
PbCaseInfo *
_pb_case_store_case_info_from_row_with (PbDbStmt  *stmt,
                                        PbOutcome  outcome,
                                        guint      n_answers)
{
  PbCaseStatus status = PB_CASE_STATUS_DRAFT;
  PbCaseStatus decision = PB_CASE_STATUS_DRAFT;

  pb_case_status_from_string (pb_db_stmt_column_text (stmt, 11), &status);
  if (pb_db_stmt_column_text (stmt, 17) != NULL)
    pb_case_status_from_string (pb_db_stmt_column_text (stmt, 17), &decision);

  return _pb_case_info_new (pb_db_stmt_column_text (stmt, 0), pb_db_stmt_column_int (stmt, 1), pb_db_stmt_column_text (stmt, 2),
                            pb_db_stmt_column_text (stmt, 3), pb_db_stmt_column_text (stmt, 4), pb_db_stmt_column_text (stmt, 5),
                            pb_db_stmt_column_text (stmt, 6), pb_db_stmt_column_text (stmt, 7), pb_db_stmt_column_text (stmt, 8),
                            pb_db_stmt_column_text (stmt, 9), pb_db_stmt_column_text (stmt, 10), status, decision, outcome,
                            n_answers, pb_db_stmt_column_text (stmt, 14), pb_db_stmt_column_text (stmt, 15),
                            pb_db_stmt_column_text (stmt, 16));
}

PbHistoryEvent *
_pb_case_store_history_event_from_row (PbDbStmt *stmt)
{
  PbEventKind kind = PB_EVENT_CASE_CREATED;

  pb_event_kind_from_string (pb_db_stmt_column_text (stmt, 5), &kind);

  return _pb_history_event_new (pb_db_stmt_column_text (stmt, 0), pb_db_stmt_column_int (stmt, 1), pb_db_stmt_column_int (stmt, 2),
                                pb_db_stmt_column_text (stmt, 3), pb_db_stmt_column_text (stmt, 4), kind, pb_db_stmt_column_text (stmt, 6),
                                pb_db_stmt_column_text (stmt, 7), pb_db_stmt_column_text (stmt, 8), pb_db_stmt_column_text (stmt, 9),
                                pb_db_stmt_column_text (stmt, 10), pb_db_stmt_column_text (stmt, 11), pb_db_stmt_column_text (stmt, 12),
                                pb_db_stmt_column_text (stmt, 13), pb_db_stmt_column_text (stmt, 14));
}

PbSignOff *
_pb_case_store_sign_off_from_row (PbDbStmt *stmt)
{
  PbCaseStatus decision = PB_CASE_STATUS_APPROVED;

  pb_case_status_from_string (pb_db_stmt_column_text (stmt, 4), &decision);

  return _pb_sign_off_new (pb_db_stmt_column_text (stmt, 0), pb_db_stmt_column_int (stmt, 1), pb_db_stmt_column_text (stmt, 2),
                           pb_db_stmt_column_text (stmt, 3), decision, pb_db_stmt_column_text (stmt, 5), pb_db_stmt_column_text (stmt, 6),
                           pb_db_stmt_column_text (stmt, 7), pb_db_stmt_column_text (stmt, 8), pb_db_stmt_column_text (stmt, 9),
                           pb_db_stmt_column_text (stmt, 10), pb_db_stmt_column_text (stmt, 11),
                           pb_db_stmt_column_text (stmt, 12), pb_db_stmt_column_text (stmt, 13));
}

PbEvidence *
_pb_case_store_evidence_from_row (PbDbStmt *stmt)
{
  return _pb_evidence_new (pb_db_stmt_column_int64 (stmt, 0), pb_db_stmt_column_text (stmt, 1), pb_db_stmt_column_int (stmt, 2),
                           pb_db_stmt_column_text (stmt, 3), pb_db_stmt_column_text (stmt, 4), pb_db_stmt_column_text (stmt, 5),
                           pb_db_stmt_column_text (stmt, 6), pb_db_stmt_column_int64 (stmt, 7), pb_db_stmt_column_text (stmt, 8),
                           pb_db_stmt_column_text (stmt, 9));
}

/* Runs @stmt (bound) and collects one object per row into a GListStore. */
GListModel *
_pb_case_store_collect (PbCaseStore   *self,
                        PbDbStmt      *stmt,
                        GType          item_type,
                        RowFunc        func,
                        GError       **error)
{
  g_autoptr(GListStore) store = g_list_store_new (item_type);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  while ((rc = pb_db_stmt_step (stmt, error)) == PB_DB_ROW)
    g_ptr_array_add (items, func (stmt));

  if (rc == 0)
    return NULL;

  g_list_store_splice (store, 0, 0, items->pdata, items->len);

  return G_LIST_MODEL (g_steal_pointer (&store));
}

/* Helpers of the public API ------------------------------------------------- */

/* The first row of @sql with @key bound to ?1, made by @func; NULL
 * without an error when there is none. */
gpointer
_pb_case_store_query_row (PbCaseStore  *self,
                          const char   *sql,
                          const char   *key,
                          RowFunc       func,
                          GError      **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;

  if (!(stmt = pb_db_prepare_cached (self->db, sql, error)))
    return NULL;

  pb_db_stmt_bind_text (stmt, 1, key);
  if (pb_db_stmt_step (stmt, error) != PB_DB_ROW)
    return NULL;

  return func (stmt);
}

/* GObject ------------------------------------------------------------------- */

static void
pb_case_store_finalize (GObject *object)
{
  PbCaseStore *self = (PbCaseStore *)object;

  /* A store that opened has handed its database to the connection; one
   * that failed to open still holds what it opened. */
  if (self->connection != NULL)
    g_clear_pointer (&self->connection, _pb_connection_unref);
  else
    g_clear_object (&self->db);
  self->db = NULL;

  if (self->temp_dir != NULL)
    _pb_case_store_remove_temp_dir (self->temp_dir);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->location, g_free);
  g_clear_pointer (&self->file_path, g_free);
  g_clear_pointer (&self->temp_dir, g_free);
  g_clear_pointer (&self->backup_path, g_free);
  g_clear_pointer (&self->server_user, g_free);
  g_clear_pointer (&self->server_name, g_free);
  g_clear_pointer (&self->server_organisation, g_free);
  g_clear_pointer (&self->questionnaires, g_hash_table_unref);
  g_clear_object (&self->actor);
  g_clear_pointer (&self->references, g_hash_table_unref);
  g_clear_pointer (&self->seen, g_hash_table_unref);
  g_clear_pointer (&self->unclear, g_hash_table_unref);
  g_clear_pointer (&self->replay, _pb_screening_replay_free);
  written_clear (&self->written);

  G_OBJECT_CLASS (pb_case_store_parent_class)->finalize (object);
}

static void
pb_case_store_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PbCaseStore *self = PB_CASE_STORE (object);

  switch (prop_id)
    {
    case PROP_ACTOR:
      g_value_set_object (value, self->actor);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_case_store_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PbCaseStore *self = PB_CASE_STORE (object);

  switch (prop_id)
    {
    case PROP_ACTOR:
      pb_case_store_set_actor (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_case_store_class_init (PbCaseStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_case_store_finalize;
  object_class->get_property = pb_case_store_get_property;
  object_class->set_property = pb_case_store_set_property;

  properties[PROP_ACTOR] =
    g_param_spec_object ("actor", NULL, NULL,
                         PB_TYPE_ACTOR,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* On a team server: what it keeps of the person (name, roles,
   * organisation) was read again and changed; notify::actor comes first
   * when the role they act in changed with it. */
  signals[IDENTITY_CHANGED] =
    g_signal_new ("identity-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

void
_pb_case_store_emit_identity_changed (PbCaseStore *self)
{
  g_signal_emit (self, signals[IDENTITY_CHANGED], 0);
}

static void
pb_case_store_init (PbCaseStore *self)
{
  self->questionnaires = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->references = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->unclear = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* Public API: who acts ------------------------------------------------------- */

void
pb_case_store_set_actor (PbCaseStore *self,
                         PbActor     *actor)
{
  g_autoptr(PbActor) server_actor = NULL;

  g_return_if_fail (PB_IS_CASE_STORE (self));
  g_return_if_fail (actor == NULL || PB_IS_ACTOR (actor));

  /* On a server: its name for them, in the role it gives them (they may
   * be named by the name they sign under, as a certificate names them). */
  if (self->server_user != NULL && actor != NULL &&
      _pb_case_store_is_server_person (self, pb_actor_get_name (actor)))
    actor = server_actor = _pb_case_store_server_actor (self, pb_actor_get_organisation (actor));

  if (g_set_object (&self->actor, actor))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTOR]);
}

PbActor *
pb_case_store_get_actor (PbCaseStore *self)
{
  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);

  return self->actor;
}

char *
pb_case_store_dup_acting_organisation (PbCaseStore *self)
{
  PB_CASE_STORE_LOCKED (self);

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);

  /* A copy: another thread's write may read it again meanwhile. */
  return g_strdup (_pb_case_store_acting_organisation (self));
}

const char *
pb_case_store_get_display_name (PbCaseStore *self)
{
  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);

  return self->path;
}

const char *
pb_case_store_get_server_user (PbCaseStore *self)
{
  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);

  return self->server_user;
}

const char *
pb_case_store_get_server_name (PbCaseStore *self)
{
  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);

  return self->server_name != NULL ? self->server_name : self->server_user;
}

/* Test hooks ------------------------------------------------------------------ */

void
_pb_case_store_set_busy_timeout (PbCaseStore *self,
                                 guint        timeout_ms)
{
  PB_CASE_STORE_LOCKED (self);

  g_return_if_fail (PB_IS_CASE_STORE (self));

  pb_db_sqlite_set_busy_timeout (PB_DB_SQLITE (self->db), timeout_ms);
}

gint64
_pb_case_store_limit_growth (PbCaseStore *self,
                             guint        extra_pages)
{
  PB_CASE_STORE_LOCKED (self);
  g_autofree char *sql = NULL;
  gint64 n_pages = 0;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), 0);

  if (!_pb_case_store_read_pragma_int (self, "PRAGMA page_count", &n_pages, NULL))
    return 0;

  sql = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT, n_pages + extra_pages);
  if (!_pb_case_store_read_pragma_int (self, sql, &n_pages, NULL))
    return 0;

  return n_pages;
}
