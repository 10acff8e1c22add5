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

G_DEFINE_FINAL_TYPE (PbCaseStore, pb_case_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACTOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Errors ------------------------------------------------------------------ */

static int
error_code_for_sqlite (int         rc,
                       const char *message)
{
  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return PB_STORAGE_ERROR_BUSY;
    case SQLITE_CORRUPT:
      return PB_STORAGE_ERROR_CORRUPT;
    case SQLITE_NOTADB:
      return PB_STORAGE_ERROR_NOT_A_DATABASE;
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
      return PB_STORAGE_ERROR_IO;
    case SQLITE_READONLY:
      return PB_STORAGE_ERROR_READ_ONLY;
    case SQLITE_CONSTRAINT:
      if (message != NULL && g_str_has_prefix (message, "sealed"))
        return PB_STORAGE_ERROR_SEALED;
      return PB_STORAGE_ERROR_INVALID;
    default:
      return PB_STORAGE_ERROR_FAILED;
    }
}

static guint
busy_timeout_ms (PbCaseStore *self)
{
  return self->connection != NULL ? self->connection->busy_timeout_ms : BUSY_TIMEOUT_MS;
}

gboolean
_pb_case_store_set_db_error (PbCaseStore  *self,
                             GError      **error)
{
  const char *message = sqlite3_errmsg (self->db);
  int rc = sqlite3_extended_errcode (self->db);

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      /* Translators: a file name */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO,
                   _("Could not save to %s: the disk is full. This change was not saved; "
                     "everything saved before it is intact. Free some space and try again."),
                   self->path);
      return FALSE;

    case SQLITE_IOERR:
      /* Translators: a file name, then SQLite's words such as "disk I/O error" */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO,
                   _("Could not read or write %s (%s): the disk, or a limit on the size of files, "
                     "refused it. This change was not saved; everything saved before it is intact."),
                   self->path, message);
      return FALSE;

    case SQLITE_READONLY:
      /* Translators: a file name */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_READ_ONLY,
                   _("Could not save to %s: the file or its folder may not be written. "
                     "This change was not saved."),
                   self->path);
      return FALSE;

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      {
        guint seconds = MAX (1, (busy_timeout_ms (self) + 999) / 1000);

        /* Translators: a file name, then a number of seconds */
        g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_BUSY,
                     pb_dngettext (GETTEXT_PACKAGE,
                                   "%s stayed locked by another program for %u second; nothing was changed. "
                                   "Try again once it is done.",
                                   "%s stayed locked by another program for %u seconds; nothing was changed. "
                                   "Try again once it is done.", seconds),
                     self->path, seconds);
        return FALSE;
      }

    default:
      break;
    }

  /* Translators: the first placeholder is a file name, the second SQLite's message */
  g_set_error (error, PB_STORAGE_ERROR, error_code_for_sqlite (rc, message),
               _("%s: %s"), self->path, message);
  return FALSE;
}

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

/* SQLite helpers ------------------------------------------------------------ */

sqlite3_stmt *
_pb_case_store_prepare (PbCaseStore  *self,
                        const char   *sql,
                        GError      **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      _pb_case_store_set_db_error (self, error);
      return NULL;
    }

  return stmt;
}

/* SQLITE_ROW, SQLITE_DONE, or 0 with @error set. */
int
_pb_case_store_step (PbCaseStore   *self,
                     sqlite3_stmt  *stmt,
                     GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return rc;

  _pb_case_store_set_db_error (self, error);
  return 0;
}

gboolean
_pb_case_store_exec (PbCaseStore  *self,
                     const char   *sql,
                     GError      **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return _pb_case_store_set_db_error (self, error);

  return TRUE;
}

/* Runs a statement that returns no rows, binding @n_params strings to
 * ?1..?n (NULL binds NULL). */
gboolean
_pb_case_store_run (PbCaseStore  *self,
                    const char   *sql,
                    GError      **error,
                    guint         n_params,
                    ...)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  va_list args;

  if (!(stmt = _pb_case_store_prepare (self, sql, error)))
    return FALSE;

  va_start (args, n_params);
  for (guint i = 0; i < n_params; i++)
    sqlite3_bind_text (stmt, i + 1, va_arg (args, const char *), -1, SQLITE_TRANSIENT);
  va_end (args);

  return _pb_case_store_step (self, stmt, error) != 0;
}

void
_pb_case_store_bind_text (sqlite3_stmt *stmt,
                          int           index,
                          const char   *text)
{
  sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

const char *
_pb_case_store_column_text (sqlite3_stmt *stmt,
                            int           index)
{
  return (const char *)sqlite3_column_text (stmt, index);
}

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

  /* IMMEDIATE takes the write lock up front, so two processes queue on the
   * busy timeout instead of failing on a lock upgrade. */
  return _pb_case_store_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
_pb_case_store_commit (PbCaseStore  *self,
                       GError      **error)
{
  if (!_pb_case_store_search_flush (self, error) ||
      !_pb_case_store_exec (self, "COMMIT", error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }

  return TRUE;
}

gboolean
_pb_case_store_rollback (PbCaseStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);

  return FALSE;
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
                   pb_actor_get_name (self->actor), pb_role_get_label (role), case_id ? case_id : "");
      return FALSE;
    }

  return TRUE;
}

const char *
_pb_case_store_actor_name (PbCaseStore *self)
{
  g_assert (self->actor != NULL);

  return pb_actor_get_name (self->actor);
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

void
_pb_case_store_casefold_func (sqlite3_context  *context,
                              int               argc,
                              sqlite3_value   **argv)
{
  const char *text = (const char *)sqlite3_value_text (argv[0]);
  char *folded;

  if (text == NULL)
    {
      sqlite3_result_null (context);
      return;
    }

  folded = g_utf8_casefold (text, -1);
  sqlite3_result_text (context, folded, -1, g_free);
}

static gboolean
is_ascii (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    if (*p >= 0x80)
      return FALSE;

  return TRUE;
}

/* Whether @haystack, all ASCII, holds @needle, ASCII and lowercase,
 * ignoring case. */
static gboolean
ascii_contains (const char *haystack,
                const char *needle)
{
  gsize n = strlen (needle);

  for (const char *p = haystack; *p != '\0'; p++)
    {
      gsize i = 0;

      while (i < n && p[i] != '\0' && g_ascii_tolower (p[i]) == needle[i])
        i++;
      if (i == n)
        return TRUE;
    }

  return n == 0;
}

/* pb_contains (TEXT, NEEDLE): whether pb_casefold (TEXT) contains NEEDLE,
 * which the caller has folded once. Lists search the names of 100,000
 * customers with it: ASCII names are compared without a copy. */
void
_pb_case_store_contains_func (sqlite3_context  *context,
                              int               argc,
                              sqlite3_value   **argv)
{
  const char *text = (const char *)sqlite3_value_text (argv[0]);
  const char *needle = (const char *)sqlite3_value_text (argv[1]);
  g_autofree char *folded = NULL;

  if (text == NULL || needle == NULL)
    {
      sqlite3_result_null (context);
      return;
    }

  /* ASCII folds to ASCII: a needle that is not cannot be in it. */
  if (is_ascii (text))
    {
      sqlite3_result_int (context, is_ascii (needle) && ascii_contains (text, needle));
      return;
    }

  folded = g_utf8_casefold (text, -1);
  sqlite3_result_int (context, strstr (folded, needle) != NULL);
}

/* A file:// URI for SQLite, with @query (may be NULL) appended. */
char *
_pb_case_store_path_to_uri (const char *path,
                            const char *query)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (file);

  return query != NULL ? g_strconcat (uri, "?", query, NULL) : g_steal_pointer (&uri);
}

/* Questionnaires ------------------------------------------------------------ */

PbQuestionnaire *
_pb_case_store_load_questionnaire_by_sha (PbCaseStore  *self,
                                          const char   *sha256,
                                          GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *display_name = NULL;
  PbQuestionnaire *questionnaire;
  int rc;

  if ((questionnaire = g_hash_table_lookup (self->questionnaires, sha256)))
    return g_object_ref (questionnaire);

  if (!(stmt = _pb_case_store_prepare (self, "SELECT file_name, content FROM questionnaires WHERE sha256 = ?1", error)))
    return NULL;

  _pb_case_store_bind_text (stmt, 1, sha256);
  rc = _pb_case_store_step (self, stmt, error);
  if (rc == 0)
    return NULL;

  if (rc == SQLITE_DONE)
    {
      /* Translators: a SHA-256, then a file name */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CORRUPT,
                   _("The questionnaire %s pinned by a case is missing from %s"), sha256, self->path);
      return NULL;
    }

  bytes = g_bytes_new (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1));
  /* Translators: the file name a questionnaire was loaded from, then the database file */
  display_name = g_strdup_printf (_("%s (as stored in %s)"), _pb_case_store_column_text (stmt, 0), self->path);

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
}

/* Loads the case and one of its revisions (0: the current one). */
gboolean
_pb_case_store_load_case_state (PbCaseStore  *self,
                                const char   *case_id,
                                guint         revision,
                                CaseState    *state,
                                GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = _pb_case_store_prepare (self,
                                       "SELECT c.questionnaire_sha256, c.customer_uid, c.product_uid, c.current_revision,"
                                       "       r.revision, r.status, r.decision, r.reason, r.conditions, r.sealed"
                                       "  FROM cases c JOIN revisions r ON r.case_id = c.id"
                                       " WHERE c.id = ?1 AND r.revision = (CASE WHEN ?2 = 0 THEN c.current_revision ELSE ?2 END)",
                                       error)))
    return FALSE;

  _pb_case_store_bind_text (stmt, 1, case_id);
  sqlite3_bind_int (stmt, 2, revision);

  if ((rc = _pb_case_store_step (self, stmt, error)) == 0)
    return FALSE;

  if (rc == SQLITE_DONE)
    {
      if (revision == 0)
        return _pb_case_store_case_not_found (self, case_id, error);

      /* Translators: a revision number, a case id, then a file name */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND,
                   _("There is no revision %u of case “%s” in %s"), revision, case_id, self->path);
      return FALSE;
    }

  state->questionnaire_sha256 = g_strdup (_pb_case_store_column_text (stmt, 0));
  state->customer_uid = g_strdup (_pb_case_store_column_text (stmt, 1));
  state->product_uid = g_strdup (_pb_case_store_column_text (stmt, 2));
  state->current_revision = sqlite3_column_int (stmt, 3);
  state->revision = sqlite3_column_int (stmt, 4);
  if (!pb_case_status_from_string (_pb_case_store_column_text (stmt, 5), &state->status))
    {
      /* Translators: a case id, then a file name */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CORRUPT,
                   _("Case “%s” in %s has an unknown status “%s”"), case_id, self->path, _pb_case_store_column_text (stmt, 5));
      return FALSE;
    }
  state->decision = g_strdup (_pb_case_store_column_text (stmt, 6));
  state->reason = g_strdup (_pb_case_store_column_text (stmt, 7));
  state->conditions = g_strdup (_pb_case_store_column_text (stmt, 8));
  state->sealed = sqlite3_column_int (stmt, 9) != 0;

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
  g_autoptr(sqlite3_stmt) head = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autofree char *prev_hash = NULL;
  g_autofree char *hash = NULL;
  const char *kind_name = pb_event_kind_to_string (kind);
  const char *user, *role, *organisation;
  gint64 seq;
  int rc;

  /* Every caller checked the actor before it began its transaction. */
  g_assert (self->actor != NULL);
  user = pb_actor_get_name (self->actor);
  role = pb_role_to_string (pb_actor_get_role (self->actor));
  organisation = pb_actor_get_organisation (self->actor);

  if (!(head = _pb_case_store_prepare (self, "SELECT head_seq, head_hash FROM cases WHERE id = ?1", error)))
    return FALSE;

  _pb_case_store_bind_text (head, 1, case_id);
  if ((rc = _pb_case_store_step (self, head, error)) == 0)
    return FALSE;
  if (rc == SQLITE_DONE)
    return _pb_case_store_case_not_found (self, case_id, error);

  seq = sqlite3_column_int64 (head, 0) + 1;
  prev_hash = g_strdup (_pb_case_store_column_text (head, 1));
  hash = _pb_case_store_compute_event_hash (case_id, seq, revision, time, user, role, organisation, kind_name,
                                            question_id, old_value, new_value, reason, data, prev_hash);

  if (!(insert = _pb_case_store_prepare (self,
                                         "INSERT INTO events (case_id, seq, revision, time, user, kind, question_id,"
                                         "                    old_value, new_value, reason, data, prev_hash, hash,"
                                         "                    role, organisation)"
                                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                                         error)))
    return FALSE;

  _pb_case_store_bind_text (insert, 1, case_id);
  sqlite3_bind_int64 (insert, 2, seq);
  sqlite3_bind_int (insert, 3, revision);
  _pb_case_store_bind_text (insert, 4, time);
  _pb_case_store_bind_text (insert, 5, user);
  _pb_case_store_bind_text (insert, 6, kind_name);
  _pb_case_store_bind_text (insert, 7, question_id);
  _pb_case_store_bind_text (insert, 8, old_value);
  _pb_case_store_bind_text (insert, 9, new_value);
  _pb_case_store_bind_text (insert, 10, reason);
  _pb_case_store_bind_text (insert, 11, data);
  _pb_case_store_bind_text (insert, 12, prev_hash);
  _pb_case_store_bind_text (insert, 13, hash);
  _pb_case_store_bind_text (insert, 14, role);
  _pb_case_store_bind_text (insert, 15, organisation);
  if (!_pb_case_store_step (self, insert, error))
    return FALSE;

  if (!(update = _pb_case_store_prepare (self, "UPDATE cases SET head_seq = ?2, head_hash = ?3, updated = ?4 WHERE id = ?1", error)))
    return FALSE;

  _pb_case_store_bind_text (update, 1, case_id);
  sqlite3_bind_int64 (update, 2, seq);
  _pb_case_store_bind_text (update, 3, hash);
  _pb_case_store_bind_text (update, 4, time);

  return _pb_case_store_step (self, update, error) != 0;
}

PbAnswerSet *
_pb_case_store_read_answers (PbCaseStore  *self,
                             const char   *case_id,
                             guint         revision,
                             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(PbAnswerSet) answers = pb_answer_set_new ();
  int rc;

  if (!(stmt = _pb_case_store_prepare (self, "SELECT question_id, value FROM answers WHERE case_id = ?1 AND revision = ?2", error)))
    return NULL;

  _pb_case_store_bind_text (stmt, 1, case_id);
  sqlite3_bind_int (stmt, 2, revision);

  while ((rc = _pb_case_store_step (self, stmt, error)) == SQLITE_ROW)
    {
      g_autoptr(PbAnswer) answer = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!(answer = pb_answer_new_from_json (_pb_case_store_column_text (stmt, 1), &local_error)))
        {
          /* Translators: a question id, a case id, a file name and the reason */
          g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CORRUPT,
                       _("The stored answer to %s of case “%s” in %s is unreadable: %s"),
                       _pb_case_store_column_text (stmt, 0), case_id, self->path, local_error->message);
          return NULL;
        }

      pb_answer_set_insert (answers, _pb_case_store_column_text (stmt, 0), answer);
    }

  if (rc == 0)
    return NULL;

  return g_steal_pointer (&answers);
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
  g_autoptr(sqlite3_stmt) sha = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(PbCountries) reference = NULL;
  g_autoptr(PbEvaluation) evaluation = NULL;
  const char *outcome = NULL;
  int rc;

  if (!(sha = _pb_case_store_prepare (self, "SELECT questionnaire_sha256 FROM cases WHERE id = ?1", error)))
    return FALSE;

  _pb_case_store_bind_text (sha, 1, case_id);
  if ((rc = _pb_case_store_step (self, sha, error)) == 0)
    return FALSE;
  if (rc == SQLITE_DONE)
    return _pb_case_store_case_not_found (self, case_id, error);

  if (!(answers = _pb_case_store_read_answers (self, case_id, revision, error)))
    return FALSE;

  questionnaire = _pb_case_store_load_questionnaire_by_sha (self, _pb_case_store_column_text (sha, 0), NULL);
  reference = _pb_case_store_load_reference_locked (self, case_id, NULL);
  if (questionnaire != NULL)
    {
      evaluation = _pb_case_store_rate_with_screening (self, case_id, revision, questionnaire, answers, reference);
      outcome = pb_outcome_to_string (pb_evaluation_get_outcome (evaluation));
    }

  if (!(update = _pb_case_store_prepare (self, "UPDATE revisions SET outcome = ?3, n_answers = ?4 WHERE case_id = ?1 AND revision = ?2", error)))
    return FALSE;

  _pb_case_store_bind_text (update, 1, case_id);
  sqlite3_bind_int (update, 2, revision);
  _pb_case_store_bind_text (update, 3, outcome);
  sqlite3_bind_int (update, 4, pb_answer_set_get_size (answers));

  return _pb_case_store_step (self, update, error) != 0;
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
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *sql = kind == PB_RECORD_CUSTOMER
                    ? "SELECT " CUSTOMER_COLUMNS " FROM customers WHERE uid = ?1"
                    : "SELECT " PRODUCT_COLUMNS " FROM products WHERE uid = ?1";
  int rc;

  if (!(stmt = _pb_case_store_prepare (self, sql, error)))
    return NULL;

  _pb_case_store_bind_text (stmt, 1, uid);
  if ((rc = _pb_case_store_step (self, stmt, error)) == 0)
    return NULL;
  if (rc == SQLITE_DONE)
    {
      /* Translators: a customer's or product's id, then a file name */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND,
                   kind == PB_RECORD_CUSTOMER ? _("There is no customer %s in %s") : _("There is no product %s in %s"),
                   uid, self->path);
      return NULL;
    }

  hash_field (checksum, kind == PB_RECORD_CUSTOMER ? "probity-customer-1" : "probity-product-1");
  for (int i = 0; i < sqlite3_column_count (stmt); i++)
    hash_field (checksum, _pb_case_store_column_text (stmt, i));

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
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gsize size;
  gconstpointer content = g_bytes_get_data (bytes, &size);

  if (!(stmt = _pb_case_store_prepare (self,
                                       "INSERT INTO blobs (sha256, size, content) VALUES (?1, ?2, ?3)"
                                       " ON CONFLICT (sha256) DO UPDATE SET size = excluded.size, content = excluded.content"
                                       "  WHERE blobs.size <> excluded.size OR blobs.content <> excluded.content",
                                       error)))
    return FALSE;

  _pb_case_store_bind_text (stmt, 1, sha256);
  sqlite3_bind_int64 (stmt, 2, size);
  sqlite3_bind_blob64 (stmt, 3, content, size, SQLITE_STATIC);

  return _pb_case_store_step (self, stmt, error) != 0;
}

/* SHA-256 over the canonical answers and evidence of a revision
 * (SCHEMA.md, "Answers fingerprint"). */
char *
_pb_case_store_compute_fingerprint (PbCaseStore  *self,
                                    const char   *case_id,
                                    guint         revision,
                                    GError      **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(sqlite3_stmt) head = NULL;
  g_autoptr(sqlite3_stmt) answers = NULL;
  g_autoptr(sqlite3_stmt) evidence = NULL;
  int rc;

  if (!(head = _pb_case_store_prepare (self, "SELECT questionnaire_sha256 FROM cases WHERE id = ?1", error)))
    return NULL;

  _pb_case_store_bind_text (head, 1, case_id);
  if ((rc = _pb_case_store_step (self, head, error)) == 0)
    return NULL;
  if (rc == SQLITE_DONE)
    {
      _pb_case_store_case_not_found (self, case_id, error);
      return NULL;
    }

  hash_field (checksum, ANSWERS_FORMAT);
  hash_field (checksum, case_id);
  hash_uint_field (checksum, revision);
  hash_field (checksum, _pb_case_store_column_text (head, 0));

  if (!(answers = _pb_case_store_prepare (self,
                                          "SELECT question_id, value, comment, evidence_note FROM answers"
                                          " WHERE case_id = ?1 AND revision = ?2 ORDER BY question_id",
                                          error)))
    return NULL;

  _pb_case_store_bind_text (answers, 1, case_id);
  sqlite3_bind_int (answers, 2, revision);
  while ((rc = _pb_case_store_step (self, answers, error)) == SQLITE_ROW)
    {
      hash_field (checksum, "answer");
      for (int i = 0; i < 4; i++)
        hash_field (checksum, _pb_case_store_column_text (answers, i));
    }
  if (rc == 0)
    return NULL;

  if (!(evidence = _pb_case_store_prepare (self,
                                           "SELECT question_id, sha256, file_name, size FROM evidence"
                                           " WHERE case_id = ?1 AND revision = ?2 ORDER BY question_id, sha256, file_name",
                                           error)))
    return NULL;

  _pb_case_store_bind_text (evidence, 1, case_id);
  sqlite3_bind_int (evidence, 2, revision);
  while ((rc = _pb_case_store_step (self, evidence, error)) == SQLITE_ROW)
    {
      hash_field (checksum, "evidence");
      for (int i = 0; i < 4; i++)
        hash_field (checksum, _pb_case_store_column_text (evidence, i));
    }
  if (rc == 0)
    return NULL;

  return g_strdup (g_checksum_get_string (checksum));
}

/* Records from rows ---------------------------------------------------------- */

PbCustomer *
_pb_case_store_customer_from_row (sqlite3_stmt *stmt)
{
  g_auto(GStrv) aliases = split_lines (_pb_case_store_column_text (stmt, 2));

  return _pb_customer_new (_pb_case_store_column_text (stmt, 0), _pb_case_store_column_text (stmt, 1), (const char * const *)aliases,
                           _pb_case_store_column_text (stmt, 3), _pb_case_store_column_text (stmt, 4), _pb_case_store_column_text (stmt, 5),
                           _pb_case_store_column_text (stmt, 6));
}

PbProduct *
_pb_case_store_product_from_row (sqlite3_stmt *stmt)
{
  g_auto(GStrv) capabilities = split_lines (_pb_case_store_column_text (stmt, 4));

  return _pb_product_new (_pb_case_store_column_text (stmt, 0), _pb_case_store_column_text (stmt, 1), _pb_case_store_column_text (stmt, 2),
                          _pb_case_store_column_text (stmt, 3), (const char * const *)capabilities, _pb_case_store_column_text (stmt, 5));
}

/* A CASE_INFO_QUERY row with this outcome and number of answers. */
PbCaseInfo *
_pb_case_store_case_info_from_row_with (sqlite3_stmt *stmt,
                                        PbOutcome     outcome,
                                        guint         n_answers)
{
  PbCaseStatus status = PB_CASE_STATUS_DRAFT;
  PbCaseStatus decision = PB_CASE_STATUS_DRAFT;

  pb_case_status_from_string (_pb_case_store_column_text (stmt, 11), &status);
  if (_pb_case_store_column_text (stmt, 17) != NULL)
    pb_case_status_from_string (_pb_case_store_column_text (stmt, 17), &decision);

  return _pb_case_info_new (_pb_case_store_column_text (stmt, 0), sqlite3_column_int (stmt, 1), _pb_case_store_column_text (stmt, 2),
                            _pb_case_store_column_text (stmt, 3), _pb_case_store_column_text (stmt, 4), _pb_case_store_column_text (stmt, 5),
                            _pb_case_store_column_text (stmt, 6), _pb_case_store_column_text (stmt, 7), _pb_case_store_column_text (stmt, 8),
                            _pb_case_store_column_text (stmt, 9), _pb_case_store_column_text (stmt, 10), status, decision, outcome,
                            n_answers, _pb_case_store_column_text (stmt, 14), _pb_case_store_column_text (stmt, 15),
                            _pb_case_store_column_text (stmt, 16));
}

PbHistoryEvent *
_pb_case_store_history_event_from_row (sqlite3_stmt *stmt)
{
  PbEventKind kind = PB_EVENT_CASE_CREATED;

  pb_event_kind_from_string (_pb_case_store_column_text (stmt, 5), &kind);

  return _pb_history_event_new (_pb_case_store_column_text (stmt, 0), sqlite3_column_int (stmt, 1), sqlite3_column_int (stmt, 2),
                                _pb_case_store_column_text (stmt, 3), _pb_case_store_column_text (stmt, 4), kind, _pb_case_store_column_text (stmt, 6),
                                _pb_case_store_column_text (stmt, 7), _pb_case_store_column_text (stmt, 8), _pb_case_store_column_text (stmt, 9),
                                _pb_case_store_column_text (stmt, 10), _pb_case_store_column_text (stmt, 11), _pb_case_store_column_text (stmt, 12),
                                _pb_case_store_column_text (stmt, 13), _pb_case_store_column_text (stmt, 14));
}

PbSignOff *
_pb_case_store_sign_off_from_row (sqlite3_stmt *stmt)
{
  PbCaseStatus decision = PB_CASE_STATUS_APPROVED;

  pb_case_status_from_string (_pb_case_store_column_text (stmt, 4), &decision);

  return _pb_sign_off_new (_pb_case_store_column_text (stmt, 0), sqlite3_column_int (stmt, 1), _pb_case_store_column_text (stmt, 2),
                           _pb_case_store_column_text (stmt, 3), decision, _pb_case_store_column_text (stmt, 5), _pb_case_store_column_text (stmt, 6),
                           _pb_case_store_column_text (stmt, 7), _pb_case_store_column_text (stmt, 8), _pb_case_store_column_text (stmt, 9),
                           _pb_case_store_column_text (stmt, 10), _pb_case_store_column_text (stmt, 11),
                           _pb_case_store_column_text (stmt, 12));
}

PbEvidence *
_pb_case_store_evidence_from_row (sqlite3_stmt *stmt)
{
  return _pb_evidence_new (sqlite3_column_int64 (stmt, 0), _pb_case_store_column_text (stmt, 1), sqlite3_column_int (stmt, 2),
                           _pb_case_store_column_text (stmt, 3), _pb_case_store_column_text (stmt, 4), _pb_case_store_column_text (stmt, 5),
                           _pb_case_store_column_text (stmt, 6), sqlite3_column_int64 (stmt, 7), _pb_case_store_column_text (stmt, 8),
                           _pb_case_store_column_text (stmt, 9));
}

/* Runs @stmt (bound) and collects one object per row into a GListStore. */
GListModel *
_pb_case_store_collect (PbCaseStore   *self,
                        sqlite3_stmt  *stmt,
                        GType          item_type,
                        RowFunc        func,
                        GError       **error)
{
  g_autoptr(GListStore) store = g_list_store_new (item_type);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  while ((rc = _pb_case_store_step (self, stmt, error)) == SQLITE_ROW)
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
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = _pb_case_store_prepare (self, sql, error)))
    return NULL;

  _pb_case_store_bind_text (stmt, 1, key);
  if (_pb_case_store_step (self, stmt, error) != SQLITE_ROW)
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
    g_clear_pointer (&self->db, sqlite3_close_v2);
  self->db = NULL;

  if (self->temp_dir != NULL)
    _pb_case_store_remove_temp_dir (self->temp_dir);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->file_path, g_free);
  g_clear_pointer (&self->temp_dir, g_free);
  g_clear_pointer (&self->backup_path, g_free);
  g_clear_pointer (&self->questionnaires, g_hash_table_unref);
  g_clear_object (&self->actor);
  g_clear_pointer (&self->references, g_hash_table_unref);

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
}

static void
pb_case_store_init (PbCaseStore *self)
{
  self->questionnaires = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->references = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

/* Public API: who acts ------------------------------------------------------- */

void
pb_case_store_set_actor (PbCaseStore *self,
                         PbActor     *actor)
{
  g_return_if_fail (PB_IS_CASE_STORE (self));
  g_return_if_fail (actor == NULL || PB_IS_ACTOR (actor));

  if (g_set_object (&self->actor, actor))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTOR]);
}

PbActor *
pb_case_store_get_actor (PbCaseStore *self)
{
  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);

  return self->actor;
}

/* Test hooks ------------------------------------------------------------------ */

void
_pb_case_store_set_busy_timeout (PbCaseStore *self,
                                 guint        timeout_ms)
{
  PB_CASE_STORE_LOCKED (self);

  g_return_if_fail (PB_IS_CASE_STORE (self));

  self->connection->busy_timeout_ms = timeout_ms;
  sqlite3_busy_timeout (self->db, timeout_ms);
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
