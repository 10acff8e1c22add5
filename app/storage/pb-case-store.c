/* pb-case-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-case-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "pb-case-store.h"
#include "pb-storage-private.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* 'PBTY': marks a database as Probity's (PRAGMA application_id). */
#define PB_APPLICATION_ID  0x50425459
#define BUSY_TIMEOUT_MS    30000
#define QUICK_CHECK_MAX_SIZE (G_GOFFSET_CONSTANT (64) * 1024 * 1024)
/* Private open flag: the file is a throwaway copy, migrate it without a backup. */
#define FLAGS_NO_BACKUP    (1 << 8)
#define GENESIS_HASH       "0000000000000000000000000000000000000000000000000000000000000000"
#define EVENT_FORMAT       "probity-event-1"
#define ANSWERS_FORMAT     "probity-answers-1"

struct _PbCaseStore
{
  GObject     parent_instance;

  sqlite3    *db;
  char       *path;         /* the file named in messages */
  char       *file_path;    /* the file open: path, or an upgraded copy of it */
  char       *temp_dir;     /* holds that copy; removed with the store */
  char       *backup_path;
  GHashTable *questionnaires;   /* sha256 -> PbQuestionnaire */
  guint       read_only : 1;
  guint       created : 1;      /* this store created its file on open */
};

G_DEFINE_FINAL_TYPE (PbCaseStore, pb_case_store, G_TYPE_OBJECT)

/* Schema version 1: the first release. Kept verbatim: fresh databases are
 * created by running it and then every migration step, so that each step is
 * exercised on every new file. */
static const char schema_v1[] =
  "CREATE TABLE meta (\n"
  "  key   TEXT PRIMARY KEY,\n"
  "  value TEXT NOT NULL\n"
  ");\n"
  "CREATE TABLE customers (\n"
  "  uid         TEXT PRIMARY KEY,\n"
  "  name        TEXT NOT NULL,\n"
  "  aliases     TEXT NOT NULL DEFAULT '',\n"
  "  country     TEXT NOT NULL DEFAULT '',\n"
  "  entity_type TEXT NOT NULL DEFAULT '',\n"
  "  notes       TEXT NOT NULL DEFAULT '',\n"
  "  created     TEXT NOT NULL\n"
  ");\n"
  "CREATE INDEX customers_by_name ON customers (name COLLATE NOCASE);\n"
  "CREATE TABLE products (\n"
  "  uid          TEXT PRIMARY KEY,\n"
  "  name         TEXT NOT NULL,\n"
  "  version      TEXT NOT NULL DEFAULT '',\n"
  "  family       TEXT NOT NULL DEFAULT '',\n"
  "  capabilities TEXT NOT NULL DEFAULT '',\n"
  "  created      TEXT NOT NULL\n"
  ");\n"
  "CREATE INDEX products_by_name ON products (name COLLATE NOCASE);\n"
  "CREATE TABLE questionnaires (\n"
  "  sha256    TEXT PRIMARY KEY,\n"
  "  qid       TEXT NOT NULL,\n"
  "  version   TEXT NOT NULL,\n"
  "  file_name TEXT NOT NULL,\n"
  "  content   BLOB NOT NULL\n"
  ");\n"
  "CREATE TABLE cases (\n"
  "  id                   TEXT PRIMARY KEY,\n"
  "  customer_uid         TEXT NOT NULL REFERENCES customers (uid),\n"
  "  product_uid          TEXT NOT NULL REFERENCES products (uid),\n"
  "  questionnaire_sha256 TEXT NOT NULL REFERENCES questionnaires (sha256),\n"
  "  created              TEXT NOT NULL,\n"
  "  created_by           TEXT NOT NULL,\n"
  "  current_revision     INTEGER NOT NULL DEFAULT 1,\n"
  "  updated              TEXT NOT NULL,\n"
  "  head_seq             INTEGER NOT NULL DEFAULT 0,\n"
  "  head_hash            TEXT NOT NULL\n"
  ");\n"
  "CREATE INDEX cases_by_customer ON cases (customer_uid);\n"
  "CREATE INDEX cases_by_updated ON cases (updated);\n"
  "CREATE TABLE revisions (\n"
  "  case_id    TEXT NOT NULL REFERENCES cases (id),\n"
  "  revision   INTEGER NOT NULL,\n"
  "  status     TEXT NOT NULL DEFAULT 'draft',\n"
  "  decision   TEXT,\n"
  "  reason     TEXT,\n"
  "  conditions TEXT,\n"
  "  sealed     INTEGER NOT NULL DEFAULT 0,\n"
  "  created    TEXT NOT NULL,\n"
  "  PRIMARY KEY (case_id, revision)\n"
  ");\n"
  "CREATE TABLE answers (\n"
  "  case_id       TEXT NOT NULL,\n"
  "  revision      INTEGER NOT NULL,\n"
  "  question_id   TEXT NOT NULL,\n"
  "  value         TEXT NOT NULL,\n"
  "  comment       TEXT NOT NULL DEFAULT '',\n"
  "  evidence_note TEXT NOT NULL DEFAULT '',\n"
  "  user          TEXT NOT NULL,\n"
  "  updated       TEXT NOT NULL,\n"
  "  PRIMARY KEY (case_id, revision, question_id),\n"
  "  FOREIGN KEY (case_id, revision) REFERENCES revisions (case_id, revision)\n"
  ") WITHOUT ROWID;\n"
  "CREATE TABLE blobs (\n"
  "  sha256  TEXT PRIMARY KEY,\n"
  "  size    INTEGER NOT NULL,\n"
  "  content BLOB NOT NULL\n"
  ");\n"
  "CREATE TABLE evidence (\n"
  "  id          INTEGER PRIMARY KEY,\n"
  "  case_id     TEXT NOT NULL,\n"
  "  revision    INTEGER NOT NULL,\n"
  "  question_id TEXT NOT NULL,\n"
  "  file_name   TEXT NOT NULL,\n"
  "  media_type  TEXT NOT NULL,\n"
  "  sha256      TEXT NOT NULL REFERENCES blobs (sha256),\n"
  "  size        INTEGER NOT NULL,\n"
  "  added_by    TEXT NOT NULL,\n"
  "  added       TEXT NOT NULL,\n"
  "  FOREIGN KEY (case_id, revision) REFERENCES revisions (case_id, revision)\n"
  ");\n"
  "CREATE INDEX evidence_by_case ON evidence (case_id, revision);\n"
  "CREATE TABLE sign_offs (\n"
  "  id                  INTEGER PRIMARY KEY,\n"
  "  case_id             TEXT NOT NULL,\n"
  "  revision            INTEGER NOT NULL,\n"
  "  event_seq           INTEGER NOT NULL,\n"
  "  role                TEXT NOT NULL,\n"
  "  name                TEXT NOT NULL,\n"
  "  decision            TEXT NOT NULL,\n"
  "  reason              TEXT,\n"
  "  conditions          TEXT,\n"
  "  time                TEXT NOT NULL,\n"
  "  report_sha256       TEXT NOT NULL,\n"
  "  answers_fingerprint TEXT NOT NULL,\n"
  "  history_head        TEXT NOT NULL,\n"
  "  FOREIGN KEY (case_id, revision) REFERENCES revisions (case_id, revision)\n"
  ");\n"
  "CREATE INDEX sign_offs_by_case ON sign_offs (case_id, revision);\n"
  "CREATE TABLE events (\n"
  "  case_id     TEXT NOT NULL REFERENCES cases (id),\n"
  "  seq         INTEGER NOT NULL,\n"
  "  revision    INTEGER NOT NULL,\n"
  "  time        TEXT NOT NULL,\n"
  "  user        TEXT NOT NULL,\n"
  "  kind        TEXT NOT NULL,\n"
  "  question_id TEXT,\n"
  "  old_value   TEXT,\n"
  "  new_value   TEXT,\n"
  "  reason      TEXT,\n"
  "  data        TEXT,\n"
  "  prev_hash   TEXT NOT NULL,\n"
  "  hash        TEXT NOT NULL,\n"
  "  PRIMARY KEY (case_id, seq)\n"
  ") WITHOUT ROWID;\n"
  /* The seal: the answers and evidence of a signed revision never change,
   * and a revision once sealed stays sealed. */
  "CREATE TRIGGER answers_sealed_insert BEFORE INSERT ON answers\n"
  "  WHEN (SELECT sealed FROM revisions WHERE case_id = NEW.case_id AND revision = NEW.revision)\n"
  "  BEGIN SELECT RAISE (ABORT, 'sealed: the case revision is signed'); END;\n"
  "CREATE TRIGGER answers_sealed_update BEFORE UPDATE ON answers\n"
  "  WHEN (SELECT sealed FROM revisions WHERE case_id = OLD.case_id AND revision = OLD.revision)\n"
  "  BEGIN SELECT RAISE (ABORT, 'sealed: the case revision is signed'); END;\n"
  "CREATE TRIGGER answers_sealed_delete BEFORE DELETE ON answers\n"
  "  WHEN (SELECT sealed FROM revisions WHERE case_id = OLD.case_id AND revision = OLD.revision)\n"
  "  BEGIN SELECT RAISE (ABORT, 'sealed: the case revision is signed'); END;\n"
  "CREATE TRIGGER evidence_sealed_insert BEFORE INSERT ON evidence\n"
  "  WHEN (SELECT sealed FROM revisions WHERE case_id = NEW.case_id AND revision = NEW.revision)\n"
  "  BEGIN SELECT RAISE (ABORT, 'sealed: the case revision is signed'); END;\n"
  "CREATE TRIGGER evidence_sealed_change BEFORE UPDATE ON evidence\n"
  "  WHEN (SELECT sealed FROM revisions WHERE case_id = OLD.case_id AND revision = OLD.revision)\n"
  "  BEGIN SELECT RAISE (ABORT, 'sealed: the case revision is signed'); END;\n"
  "CREATE TRIGGER evidence_sealed_delete BEFORE DELETE ON evidence\n"
  "  WHEN (SELECT sealed FROM revisions WHERE case_id = OLD.case_id AND revision = OLD.revision)\n"
  "  BEGIN SELECT RAISE (ABORT, 'sealed: the case revision is signed'); END;\n"
  "CREATE TRIGGER revisions_stay_sealed BEFORE UPDATE OF sealed, status, decision ON revisions\n"
  "  WHEN OLD.sealed\n"
  "  BEGIN SELECT RAISE (ABORT, 'sealed: the case revision is signed'); END;\n"
  "CREATE TRIGGER revisions_sealed_delete BEFORE DELETE ON revisions\n"
  "  WHEN OLD.sealed\n"
  "  BEGIN SELECT RAISE (ABORT, 'sealed: the case revision is signed'); END;\n"
  /* The history and the sign-offs are append-only. */
  "CREATE TRIGGER events_no_update BEFORE UPDATE ON events\n"
  "  BEGIN SELECT RAISE (ABORT, 'append-only: history events cannot change'); END;\n"
  "CREATE TRIGGER events_no_delete BEFORE DELETE ON events\n"
  "  BEGIN SELECT RAISE (ABORT, 'append-only: history events cannot be deleted'); END;\n"
  "CREATE TRIGGER sign_offs_no_update BEFORE UPDATE ON sign_offs\n"
  "  BEGIN SELECT RAISE (ABORT, 'append-only: sign-offs cannot change'); END;\n"
  "CREATE TRIGGER sign_offs_no_delete BEFORE DELETE ON sign_offs\n"
  "  BEGIN SELECT RAISE (ABORT, 'append-only: sign-offs cannot be deleted'); END;\n";

/* Version 2 caches the outcome and the number of answers of each revision,
 * so that listing and filtering 10,000 cases need not evaluate any. */
static const char migrate_v2[] =
  "ALTER TABLE revisions ADD COLUMN outcome TEXT;\n"
  "ALTER TABLE revisions ADD COLUMN n_answers INTEGER NOT NULL DEFAULT 0;\n"
  "CREATE INDEX revisions_by_status ON revisions (status, outcome);\n"
  /* The reason and conditions of a signed decision are sealed too. */
  "DROP TRIGGER revisions_stay_sealed;\n"
  "CREATE TRIGGER revisions_stay_sealed BEFORE UPDATE OF sealed, status, decision, reason, conditions ON revisions\n"
  "  WHEN OLD.sealed\n"
  "  BEGIN SELECT RAISE (ABORT, 'sealed: the case revision is signed'); END;\n"
  "UPDATE revisions SET n_answers = (SELECT count(*) FROM answers a\n"
  "  WHERE a.case_id = revisions.case_id AND a.revision = revisions.revision);\n";

static gboolean refresh_cache_locked (PbCaseStore  *self,
                                      const char   *case_id,
                                      guint         revision,
                                      GError      **error);

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
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return PB_STORAGE_ERROR_IO;
    case SQLITE_CONSTRAINT:
      if (message != NULL && g_str_has_prefix (message, "sealed"))
        return PB_STORAGE_ERROR_SEALED;
      return PB_STORAGE_ERROR_INVALID;
    default:
      return PB_STORAGE_ERROR_FAILED;
    }
}

static gboolean
set_db_error (PbCaseStore  *self,
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
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO,
                   _("Could not save to %s: the file or its folder may not be written. "
                     "This change was not saved."),
                   self->path);
      return FALSE;

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      /* Translators: a file name, then a number of seconds */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_BUSY,
                   _("%s stayed locked by another program for %d seconds; nothing was changed. "
                     "Try again once it is done."),
                   self->path, BUSY_TIMEOUT_MS / 1000);
      return FALSE;

    default:
      break;
    }

  /* Translators: the first placeholder is a file name, the second SQLite's message */
  g_set_error (error, PB_STORAGE_ERROR, error_code_for_sqlite (rc, message),
               _("%s: %s"), self->path, message);
  return FALSE;
}

static gboolean
case_not_found (PbCaseStore  *self,
                const char   *case_id,
                GError      **error)
{
  /* Translators: a case id, then a file name */
  g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND,
               _("There is no case “%s” in %s"), case_id, self->path);
  return FALSE;
}

/* SQLite helpers ------------------------------------------------------------ */

static sqlite3_stmt *
prepare (PbCaseStore  *self,
         const char   *sql,
         GError      **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_db_error (self, error);
      return NULL;
    }

  return stmt;
}

/* SQLITE_ROW, SQLITE_DONE, or 0 with @error set. */
static int
step (PbCaseStore   *self,
      sqlite3_stmt  *stmt,
      GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return rc;

  set_db_error (self, error);
  return 0;
}

static gboolean
exec (PbCaseStore  *self,
      const char   *sql,
      GError      **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return set_db_error (self, error);

  return TRUE;
}

/* Runs a statement that returns no rows, binding @n_params strings to
 * ?1..?n (NULL binds NULL). */
static gboolean
run (PbCaseStore  *self,
     const char   *sql,
     GError      **error,
     guint         n_params,
     ...)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  va_list args;

  if (!(stmt = prepare (self, sql, error)))
    return FALSE;

  va_start (args, n_params);
  for (guint i = 0; i < n_params; i++)
    sqlite3_bind_text (stmt, i + 1, va_arg (args, const char *), -1, SQLITE_TRANSIENT);
  va_end (args);

  return step (self, stmt, error) != 0;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           index)
{
  return (const char *)sqlite3_column_text (stmt, index);
}

static gboolean
begin (PbCaseStore  *self,
       GError      **error)
{
  if (self->read_only)
    {
      /* Translators: a file name */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO,
                   _("%s is open for reading only"), self->path);
      return FALSE;
    }

  /* IMMEDIATE takes the write lock up front, so two processes queue on the
   * busy timeout instead of failing on a lock upgrade. */
  return exec (self, "BEGIN IMMEDIATE", error);
}

static gboolean
commit (PbCaseStore  *self,
        GError      **error)
{
  if (!exec (self, "COMMIT", error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }

  return TRUE;
}

static gboolean
rollback (PbCaseStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);

  return FALSE;
}

static char *
now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
}

static const char *
effective_user (const char *user)
{
  if (user != NULL && *user != '\0')
    return user;

  return g_get_user_name ();
}

static gboolean
is_blank (const char *str)
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

static char *
strv_join_lines (const char * const *strv)
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

static gboolean
is_sha256_hex (const char *str)
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

static char *
compute_event_hash (const char *case_id,
                    gint64      seq,
                    gint64      revision,
                    const char *time,
                    const char *user,
                    const char *kind,
                    const char *question_id,
                    const char *old_value,
                    const char *new_value,
                    const char *reason,
                    const char *data,
                    const char *prev_hash)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  hash_field (checksum, EVENT_FORMAT);
  hash_field (checksum, case_id);
  hash_uint_field (checksum, seq);
  hash_uint_field (checksum, revision);
  hash_field (checksum, time);
  hash_field (checksum, user);
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
static char *
data_json (const char *first_key,
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
static char *
data_get (const char *json,
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

static void
casefold_func (sqlite3_context  *context,
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

/* A file:// URI for SQLite, with @query (may be NULL) appended. */
static char *
path_to_uri (const char *path,
             const char *query)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (file);

  return query != NULL ? g_strconcat (uri, "?", query, NULL) : g_steal_pointer (&uri);
}

/* Opening ------------------------------------------------------------------- */

typedef enum
{
  HEADER_EMPTY,
  HEADER_SQLITE,
  HEADER_OTHER,
  HEADER_TRUNCATED,
} HeaderKind;

/* A -wal file with pages in it next to @path. */
static gboolean
has_wal_frames (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf st;

  /* A 32-byte header, then frames. */
  return g_stat (wal, &st) == 0 && st.st_size > 32;
}

/* Looks at the file before SQLite does, so that a file that is not ours is
 * refused without SQLite ever opening it for writing. */
static HeaderKind
inspect_header (const char *path,
                goffset    *file_size,
                goffset    *expected_size)
{
  guchar header[100];
  GStatBuf st;
  gssize n;
  int fd;

  *file_size = 0;
  *expected_size = 0;

  if (g_stat (path, &st) != 0)
    return HEADER_OTHER;

  *file_size = st.st_size;
  if (st.st_size == 0)
    return HEADER_EMPTY;

  if ((fd = g_open (path, O_RDONLY | O_CLOEXEC, 0)) < 0)
    return HEADER_OTHER;

  n = read (fd, header, sizeof header);
  close (fd);

  if (n < 16 || memcmp (header, "SQLite format 3", 16) != 0)
    return HEADER_OTHER;

  if (n < (gssize)sizeof header)
    return HEADER_TRUNCATED;

  {
    guint page_size = (header[16] << 8) | header[17];
    guint32 change_counter = GUINT32_FROM_BE (*(guint32 *)(header + 24));
    guint32 n_pages = GUINT32_FROM_BE (*(guint32 *)(header + 28));
    guint32 valid_for = GUINT32_FROM_BE (*(guint32 *)(header + 92));

    if (page_size == 1)
      page_size = 65536;

    /* The page count in the header is only trustworthy when it was written
     * by the same transaction as the change counter, and when no WAL file
     * holds pages a checkpoint has not yet written: a checkpoint that a full
     * disk or a kill interrupted leaves the file shorter than its header
     * says, and nothing is lost. The integrity check on open reads through
     * the WAL and still finds a file that is really truncated. */
    if (n_pages > 0 && valid_for == change_counter && !has_wal_frames (path))
      {
        *expected_size = (goffset)n_pages * page_size;
        if (*expected_size > st.st_size)
          return HEADER_TRUNCATED;
      }
  }

  return HEADER_SQLITE;
}

static gboolean
create_file (const char  *path,
             GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      /* Translators: a folder name, then the system's reason */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO,
                   _("Could not create the folder %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;

      /* Translators: a file name, then the system's reason */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO,
                   _("Could not create %s: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  close (fd);

  return TRUE;
}

static gboolean
read_pragma_int (PbCaseStore  *self,
                 const char   *sql,
                 gint64       *value,
                 GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = prepare (self, sql, error)))
    return FALSE;

  if (step (self, stmt, error) != SQLITE_ROW)
    return FALSE;

  *value = sqlite3_column_int64 (stmt, 0);

  return TRUE;
}

static gboolean
check_integrity (PbCaseStore  *self,
                 GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *result;

  if (!(stmt = prepare (self, "PRAGMA quick_check(1)", error)) ||
      step (self, stmt, error) != SQLITE_ROW)
    return FALSE;

  result = column_text (stmt, 0);
  if (g_strcmp0 (result, "ok") != 0)
    {
      /* Translators: a file name, then SQLite's first finding */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CORRUPT,
                   _("%s is damaged (%s); it was left untouched. Restore it from a backup."),
                   self->path, result);
      return FALSE;
    }

  return TRUE;
}

static gboolean
make_backup (PbCaseStore  *self,
             gint64        from_version,
             GError      **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree char *backup_path = NULL;
  sqlite3_backup *backup;
  sqlite3 *dest = NULL;
  int rc;

  for (guint i = 0; ; i++)
    {
      g_free (backup_path);
      if (i == 0)
        backup_path = g_strdup_printf ("%s.v%" G_GINT64_FORMAT "-%s.bak", self->path, from_version, stamp);
      else
        backup_path = g_strdup_printf ("%s.v%" G_GINT64_FORMAT "-%s-%u.bak", self->path, from_version, stamp, i);

      if (!g_file_test (backup_path, G_FILE_TEST_EXISTS))
        break;
    }

  if (!create_file (backup_path, error))
    return FALSE;

  rc = sqlite3_open_v2 (backup_path, &dest, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    {
      backup = sqlite3_backup_init (dest, "main", self->db, "main");
      if (backup != NULL)
        {
          sqlite3_backup_step (backup, -1);
          sqlite3_backup_finish (backup);
        }
      rc = sqlite3_errcode (dest);
    }

  if (rc != SQLITE_OK)
    {
      /* Translators: a file name, then SQLite's message */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO,
                   _("Could not back up %s before upgrading it: %s"),
                   self->path, dest != NULL ? sqlite3_errmsg (dest) : sqlite3_errstr (rc));
      sqlite3_close (dest);
      g_unlink (backup_path);
      return FALSE;
    }

  sqlite3_close (dest);
  self->backup_path = g_steal_pointer (&backup_path);

  return TRUE;
}

static gboolean
migrate_to_v2 (PbCaseStore  *self,
               GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) case_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) revisions = g_array_new (FALSE, FALSE, sizeof (guint));
  int rc;

  if (!exec (self, migrate_v2, error))
    return FALSE;

  if (!(stmt = prepare (self, "SELECT case_id, revision FROM revisions", error)))
    return FALSE;

  while ((rc = step (self, stmt, error)) == SQLITE_ROW)
    {
      guint revision = sqlite3_column_int (stmt, 1);

      g_ptr_array_add (case_ids, g_strdup (column_text (stmt, 0)));
      g_array_append_val (revisions, revision);
    }
  if (rc == 0)
    return FALSE;

  for (guint i = 0; i < case_ids->len; i++)
    {
      if (!refresh_cache_locked (self, g_ptr_array_index (case_ids, i),
                                 g_array_index (revisions, guint, i), error))
        return FALSE;
    }

  return TRUE;
}

typedef gboolean (*MigrationFunc) (PbCaseStore *self, GError **error);

static gboolean
migrate (PbCaseStore  *self,
         gint64        version,
         gboolean      fresh,
         gboolean      backup,
         GError      **error)
{
  static const MigrationFunc steps[] = {
    NULL,             /* 0 -> 1: schema_v1 */
    migrate_to_v2,    /* 1 -> 2 */
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (steps) == PB_CASE_STORE_SCHEMA_VERSION);

  if (version == PB_CASE_STORE_SCHEMA_VERSION)
    return TRUE;

  if (backup && !make_backup (self, version, error))
    return FALSE;

  if (!begin (self, error))
    return FALSE;

  for (gint64 v = version; v < PB_CASE_STORE_SCHEMA_VERSION; v++)
    {
      g_autofree char *pragma = NULL;
      gboolean ok;

      if (v == 0)
        ok = exec (self, schema_v1, error);
      else
        ok = steps[v] (self, error);

      if (!ok)
        {
          g_prefix_error (error, _("Upgrading %s from schema version %lld: "),
                          self->path, (long long) v);
          return rollback (self);
        }

      pragma = g_strdup_printf ("PRAGMA user_version = %" G_GINT64_FORMAT, v + 1);
      if (!exec (self, pragma, error))
        return rollback (self);
    }

  if (fresh)
    {
      g_autofree char *pragma = g_strdup_printf ("PRAGMA application_id = %d", PB_APPLICATION_ID);
      g_autofree char *uid = g_uuid_string_random ();

      if (!exec (self, pragma, error) ||
          !run (self, "INSERT INTO meta (key, value) VALUES ('store-uid', ?1)", error, 1, uid))
        return rollback (self);
    }

  return commit (self, error);
}

static gboolean
open_database_file (PbCaseStore       *self,
                    const char        *file_path,
                    PbCaseStoreFlags   flags,
                    GError           **error)
{
  gboolean read_only = (flags & PB_CASE_STORE_FLAGS_READ_ONLY) != 0;
  gboolean no_create = read_only || (flags & PB_CASE_STORE_FLAGS_NO_CREATE) != 0;
  gboolean fresh = FALSE;
  goffset file_size = 0, expected_size = 0;
  gint64 version = 0, application_id = 0, n_tables = 0;
  g_autofree char *uri = NULL;
  int open_flags;

  if (!g_file_test (file_path, G_FILE_TEST_EXISTS))
    {
      if (no_create)
        {
          /* Translators: a file name */
          g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND,
                       _("%s does not exist"), self->path);
          return FALSE;
        }

      if (!create_file (file_path, error))
        return FALSE;

      fresh = TRUE;
      self->created = TRUE;
    }
  else
    {
      switch (inspect_header (file_path, &file_size, &expected_size))
        {
        case HEADER_SQLITE:
          break;

        case HEADER_EMPTY:
          /* Translators: a file name */
          g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_A_DATABASE,
                       _("%s is empty, not a Probity database; it was left untouched"), self->path);
          return FALSE;

        case HEADER_TRUNCATED:
          /* Translators: a file name, its size and the size it should have */
          g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CORRUPT,
                       _("%s is truncated (%lld bytes of %lld); "
                         "it was left untouched. Restore it from a backup."),
                       self->path, (long long) file_size, (long long) expected_size);
          return FALSE;

        case HEADER_OTHER:
        default:
          /* Translators: a file name */
          g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_A_DATABASE,
                       _("%s is not a Probity database (not an SQLite file); it was left untouched"),
                       self->path);
          return FALSE;
        }
    }

  /* Always a file:// URI, so that a file name that happens to start with
   * "file:" is not read as one. */
  open_flags = SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX |
               (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE);
  uri = path_to_uri (file_path, NULL);
  if (sqlite3_open_v2 (uri, &self->db, open_flags, NULL) != SQLITE_OK)
    return set_db_error (self, error);

  self->read_only = read_only;
  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  sqlite3_create_function (self->db, "pb_casefold", 1,
                           SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                           NULL, casefold_func, NULL, NULL);

  /* Nothing below writes until the file is known to be ours and sound. */
  if (!read_pragma_int (self, "PRAGMA user_version", &version, error) ||
      !read_pragma_int (self, "PRAGMA application_id", &application_id, error) ||
      !read_pragma_int (self, "SELECT count(*) FROM sqlite_master", &n_tables, error))
    return FALSE;

  if (!fresh && !(version == 0 && n_tables == 0 && application_id == 0) &&
      application_id != PB_APPLICATION_ID)
    {
      /* Translators: a file name */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_A_DATABASE,
                   _("%s is an SQLite database but not a Probity one; it was left untouched"),
                   self->path);
      return FALSE;
    }

  if (version > PB_CASE_STORE_SCHEMA_VERSION)
    {
      /* Translators: a file name, its schema version and the one this program knows */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TOO_NEW,
                   _("%s was written by a newer version of Probity (schema %lld, this program "
                     "knows %d); it was left untouched. Update Probity to open it."),
                   self->path, (long long) version, PB_CASE_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  /* A full quick_check reads every page: about a second for 300 MB. Files
   * up to QUICK_CHECK_MAX_SIZE (every case file, most databases) are checked
   * on open; above that, damage shows as PB_STORAGE_ERROR_CORRUPT when a
   * damaged page is read. */
  if (!fresh && file_size <= QUICK_CHECK_MAX_SIZE && !check_integrity (self, error))
    return FALSE;

  if (read_only)
    return exec (self, "PRAGMA query_only = ON", error);

  if (!exec (self, "PRAGMA journal_mode = WAL", error) ||
      !exec (self, "PRAGMA synchronous = FULL", error) ||
      !exec (self, "PRAGMA foreign_keys = ON", error) ||
      !exec (self, "PRAGMA cache_size = -32768", error))
    return FALSE;

  return migrate (self, version, fresh || version == 0,
                  !fresh && version > 0 && (flags & FLAGS_NO_BACKUP) == 0, error);
}

/* Opens @file_path; if this call creates it and cannot finish (a full
 * disk), the file is removed again: an empty file left behind would be
 * refused by every later open as "not a Probity database". */
static gboolean
open_database (PbCaseStore       *self,
               const char        *file_path,
               PbCaseStoreFlags   flags,
               GError           **error)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  if (open_database_file (self, file_path, flags, error))
    return TRUE;
  if (!self->created)
    return FALSE;

  g_clear_pointer (&self->db, sqlite3_close_v2);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (file_path, suffixes[i], NULL);

      g_unlink (name);
    }

  return FALSE;
}

/* Questionnaires ------------------------------------------------------------ */

static PbQuestionnaire *
load_questionnaire_by_sha (PbCaseStore  *self,
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

  if (!(stmt = prepare (self, "SELECT file_name, content FROM questionnaires WHERE sha256 = ?1", error)))
    return NULL;

  bind_text (stmt, 1, sha256);
  rc = step (self, stmt, error);
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
  display_name = g_strdup_printf (_("%s (as stored in %s)"), column_text (stmt, 0), self->path);

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

typedef struct
{
  char         *questionnaire_sha256;
  char         *customer_uid;
  char         *product_uid;
  guint         current_revision;
  guint         revision;          /* the one asked for */
  PbCaseStatus  status;
  char         *decision;
  char         *reason;
  char         *conditions;
  gboolean      sealed;
} CaseState;

static void
case_state_clear (CaseState *state)
{
  g_clear_pointer (&state->questionnaire_sha256, g_free);
  g_clear_pointer (&state->customer_uid, g_free);
  g_clear_pointer (&state->product_uid, g_free);
  g_clear_pointer (&state->decision, g_free);
  g_clear_pointer (&state->reason, g_free);
  g_clear_pointer (&state->conditions, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CaseState, case_state_clear)

/* Loads the case and one of its revisions (0: the current one). */
static gboolean
load_case_state (PbCaseStore  *self,
                 const char   *case_id,
                 guint         revision,
                 CaseState    *state,
                 GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = prepare (self,
                        "SELECT c.questionnaire_sha256, c.customer_uid, c.product_uid, c.current_revision,"
                        "       r.revision, r.status, r.decision, r.reason, r.conditions, r.sealed"
                        "  FROM cases c JOIN revisions r ON r.case_id = c.id"
                        " WHERE c.id = ?1 AND r.revision = (CASE WHEN ?2 = 0 THEN c.current_revision ELSE ?2 END)",
                        error)))
    return FALSE;

  bind_text (stmt, 1, case_id);
  sqlite3_bind_int (stmt, 2, revision);

  if ((rc = step (self, stmt, error)) == 0)
    return FALSE;

  if (rc == SQLITE_DONE)
    {
      if (revision == 0)
        return case_not_found (self, case_id, error);

      /* Translators: a revision number, a case id, then a file name */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND,
                   _("There is no revision %u of case “%s” in %s"), revision, case_id, self->path);
      return FALSE;
    }

  state->questionnaire_sha256 = g_strdup (column_text (stmt, 0));
  state->customer_uid = g_strdup (column_text (stmt, 1));
  state->product_uid = g_strdup (column_text (stmt, 2));
  state->current_revision = sqlite3_column_int (stmt, 3);
  state->revision = sqlite3_column_int (stmt, 4);
  if (!pb_case_status_from_string (column_text (stmt, 5), &state->status))
    {
      /* Translators: a case id, then a file name */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CORRUPT,
                   _("Case “%s” in %s has an unknown status “%s”"), case_id, self->path, column_text (stmt, 5));
      return FALSE;
    }
  state->decision = g_strdup (column_text (stmt, 6));
  state->reason = g_strdup (column_text (stmt, 7));
  state->conditions = g_strdup (column_text (stmt, 8));
  state->sealed = sqlite3_column_int (stmt, 9) != 0;

  return TRUE;
}

static gboolean
refuse_sealed (PbCaseStore  *self,
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
static gboolean
append_event (PbCaseStore  *self,
              const char   *case_id,
              guint         revision,
              const char   *time,
              const char   *user,
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
  gint64 seq;
  int rc;

  if (!(head = prepare (self, "SELECT head_seq, head_hash FROM cases WHERE id = ?1", error)))
    return FALSE;

  bind_text (head, 1, case_id);
  if ((rc = step (self, head, error)) == 0)
    return FALSE;
  if (rc == SQLITE_DONE)
    return case_not_found (self, case_id, error);

  seq = sqlite3_column_int64 (head, 0) + 1;
  prev_hash = g_strdup (column_text (head, 1));
  hash = compute_event_hash (case_id, seq, revision, time, user, kind_name, question_id,
                             old_value, new_value, reason, data, prev_hash);

  if (!(insert = prepare (self,
                          "INSERT INTO events (case_id, seq, revision, time, user, kind, question_id,"
                          "                    old_value, new_value, reason, data, prev_hash, hash)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                          error)))
    return FALSE;

  bind_text (insert, 1, case_id);
  sqlite3_bind_int64 (insert, 2, seq);
  sqlite3_bind_int (insert, 3, revision);
  bind_text (insert, 4, time);
  bind_text (insert, 5, user);
  bind_text (insert, 6, kind_name);
  bind_text (insert, 7, question_id);
  bind_text (insert, 8, old_value);
  bind_text (insert, 9, new_value);
  bind_text (insert, 10, reason);
  bind_text (insert, 11, data);
  bind_text (insert, 12, prev_hash);
  bind_text (insert, 13, hash);
  if (!step (self, insert, error))
    return FALSE;

  if (!(update = prepare (self, "UPDATE cases SET head_seq = ?2, head_hash = ?3, updated = ?4 WHERE id = ?1", error)))
    return FALSE;

  bind_text (update, 1, case_id);
  sqlite3_bind_int64 (update, 2, seq);
  bind_text (update, 3, hash);
  bind_text (update, 4, time);

  return step (self, update, error) != 0;
}

static PbAnswerSet *
read_answers (PbCaseStore  *self,
              const char   *case_id,
              guint         revision,
              GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(PbAnswerSet) answers = pb_answer_set_new ();
  int rc;

  if (!(stmt = prepare (self, "SELECT question_id, value FROM answers WHERE case_id = ?1 AND revision = ?2", error)))
    return NULL;

  bind_text (stmt, 1, case_id);
  sqlite3_bind_int (stmt, 2, revision);

  while ((rc = step (self, stmt, error)) == SQLITE_ROW)
    {
      g_autoptr(PbAnswer) answer = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!(answer = pb_answer_new_from_json (column_text (stmt, 1), &local_error)))
        {
          /* Translators: a question id, a case id, a file name and the reason */
          g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CORRUPT,
                       _("The stored answer to %s of case “%s” in %s is unreadable: %s"),
                       column_text (stmt, 0), case_id, self->path, local_error->message);
          return NULL;
        }

      pb_answer_set_insert (answers, column_text (stmt, 0), answer);
    }

  if (rc == 0)
    return NULL;

  return g_steal_pointer (&answers);
}

/* Recomputes the cached outcome and answer count of a revision. A pinned
 * questionnaire that this build can no longer load leaves the outcome
 * unknown rather than failing the write (or the migration). */
static gboolean
refresh_cache_locked (PbCaseStore  *self,
                      const char   *case_id,
                      guint         revision,
                      GError      **error)
{
  g_autoptr(sqlite3_stmt) sha = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(PbEvaluation) evaluation = NULL;
  const char *outcome = NULL;
  int rc;

  if (!(sha = prepare (self, "SELECT questionnaire_sha256 FROM cases WHERE id = ?1", error)))
    return FALSE;

  bind_text (sha, 1, case_id);
  if ((rc = step (self, sha, error)) == 0)
    return FALSE;
  if (rc == SQLITE_DONE)
    return case_not_found (self, case_id, error);

  if (!(answers = read_answers (self, case_id, revision, error)))
    return FALSE;

  questionnaire = load_questionnaire_by_sha (self, column_text (sha, 0), NULL);
  if (questionnaire != NULL)
    {
      evaluation = pb_evaluate (questionnaire, answers);
      outcome = pb_outcome_to_string (pb_evaluation_get_outcome (evaluation));
    }

  if (!(update = prepare (self, "UPDATE revisions SET outcome = ?3, n_answers = ?4 WHERE case_id = ?1 AND revision = ?2", error)))
    return FALSE;

  bind_text (update, 1, case_id);
  sqlite3_bind_int (update, 2, revision);
  bind_text (update, 3, outcome);
  sqlite3_bind_int (update, 4, pb_answer_set_get_size (answers));

  return step (self, update, error) != 0;
}

/* SHA-256 over the canonical answers and evidence of a revision
 * (SCHEMA.md, "Answers fingerprint"). */
static char *
compute_fingerprint (PbCaseStore  *self,
                     const char   *case_id,
                     guint         revision,
                     GError      **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(sqlite3_stmt) head = NULL;
  g_autoptr(sqlite3_stmt) answers = NULL;
  g_autoptr(sqlite3_stmt) evidence = NULL;
  int rc;

  if (!(head = prepare (self, "SELECT questionnaire_sha256 FROM cases WHERE id = ?1", error)))
    return NULL;

  bind_text (head, 1, case_id);
  if ((rc = step (self, head, error)) == 0)
    return NULL;
  if (rc == SQLITE_DONE)
    {
      case_not_found (self, case_id, error);
      return NULL;
    }

  hash_field (checksum, ANSWERS_FORMAT);
  hash_field (checksum, case_id);
  hash_uint_field (checksum, revision);
  hash_field (checksum, column_text (head, 0));

  if (!(answers = prepare (self,
                           "SELECT question_id, value, comment, evidence_note FROM answers"
                           " WHERE case_id = ?1 AND revision = ?2 ORDER BY question_id",
                           error)))
    return NULL;

  bind_text (answers, 1, case_id);
  sqlite3_bind_int (answers, 2, revision);
  while ((rc = step (self, answers, error)) == SQLITE_ROW)
    {
      hash_field (checksum, "answer");
      for (int i = 0; i < 4; i++)
        hash_field (checksum, column_text (answers, i));
    }
  if (rc == 0)
    return NULL;

  if (!(evidence = prepare (self,
                            "SELECT question_id, sha256, file_name, size FROM evidence"
                            " WHERE case_id = ?1 AND revision = ?2 ORDER BY question_id, sha256, file_name",
                            error)))
    return NULL;

  bind_text (evidence, 1, case_id);
  sqlite3_bind_int (evidence, 2, revision);
  while ((rc = step (self, evidence, error)) == SQLITE_ROW)
    {
      hash_field (checksum, "evidence");
      for (int i = 0; i < 4; i++)
        hash_field (checksum, column_text (evidence, i));
    }
  if (rc == 0)
    return NULL;

  return g_strdup (g_checksum_get_string (checksum));
}

/* Records from rows ---------------------------------------------------------- */

#define CUSTOMER_COLUMNS "uid, name, aliases, country, entity_type, notes, created"

static PbCustomer *
customer_from_row (sqlite3_stmt *stmt)
{
  g_auto(GStrv) aliases = split_lines (column_text (stmt, 2));

  return _pb_customer_new (column_text (stmt, 0), column_text (stmt, 1), (const char * const *)aliases,
                           column_text (stmt, 3), column_text (stmt, 4), column_text (stmt, 5),
                           column_text (stmt, 6));
}

#define PRODUCT_COLUMNS "uid, name, version, family, capabilities, created"

static PbProduct *
product_from_row (sqlite3_stmt *stmt)
{
  g_auto(GStrv) capabilities = split_lines (column_text (stmt, 4));

  return _pb_product_new (column_text (stmt, 0), column_text (stmt, 1), column_text (stmt, 2),
                          column_text (stmt, 3), (const char * const *)capabilities, column_text (stmt, 5));
}

#define CASE_INFO_QUERY \
  "SELECT c.id, c.current_revision, c.customer_uid, cu.name, cu.country, c.product_uid, p.name, p.version," \
  "       q.qid, q.version, c.questionnaire_sha256, r.status, r.outcome, r.n_answers, c.created," \
  "       c.created_by, c.updated" \
  "  FROM cases c" \
  "  JOIN revisions r ON r.case_id = c.id AND r.revision = c.current_revision" \
  "  JOIN customers cu ON cu.uid = c.customer_uid" \
  "  JOIN products p ON p.uid = c.product_uid" \
  "  JOIN questionnaires q ON q.sha256 = c.questionnaire_sha256"

static PbCaseInfo *
case_info_from_row (sqlite3_stmt *stmt)
{
  PbCaseStatus status = PB_CASE_STATUS_DRAFT;
  PbOutcome outcome = PB_OUTCOME_INCOMPLETE;

  pb_case_status_from_string (column_text (stmt, 11), &status);
  if (column_text (stmt, 12) != NULL)
    pb_outcome_from_string (column_text (stmt, 12), &outcome);

  return _pb_case_info_new (column_text (stmt, 0), sqlite3_column_int (stmt, 1), column_text (stmt, 2),
                            column_text (stmt, 3), column_text (stmt, 4), column_text (stmt, 5),
                            column_text (stmt, 6), column_text (stmt, 7), column_text (stmt, 8),
                            column_text (stmt, 9), column_text (stmt, 10), status, outcome,
                            sqlite3_column_int (stmt, 13), column_text (stmt, 14), column_text (stmt, 15),
                            column_text (stmt, 16));
}

#define EVENT_COLUMNS \
  "case_id, seq, revision, time, user, kind, question_id, old_value, new_value, reason, data, prev_hash, hash"

static PbHistoryEvent *
history_event_from_row (sqlite3_stmt *stmt)
{
  PbEventKind kind = PB_EVENT_CASE_CREATED;

  pb_event_kind_from_string (column_text (stmt, 5), &kind);

  return _pb_history_event_new (column_text (stmt, 0), sqlite3_column_int (stmt, 1), sqlite3_column_int (stmt, 2),
                                column_text (stmt, 3), column_text (stmt, 4), kind, column_text (stmt, 6),
                                column_text (stmt, 7), column_text (stmt, 8), column_text (stmt, 9),
                                column_text (stmt, 10), column_text (stmt, 11), column_text (stmt, 12));
}

#define SIGN_OFF_COLUMNS \
  "case_id, revision, role, name, decision, reason, conditions, time, report_sha256, answers_fingerprint, history_head"

static PbSignOff *
sign_off_from_row (sqlite3_stmt *stmt)
{
  PbCaseStatus decision = PB_CASE_STATUS_APPROVED;

  pb_case_status_from_string (column_text (stmt, 4), &decision);

  return _pb_sign_off_new (column_text (stmt, 0), sqlite3_column_int (stmt, 1), column_text (stmt, 2),
                           column_text (stmt, 3), decision, column_text (stmt, 5), column_text (stmt, 6),
                           column_text (stmt, 7), column_text (stmt, 8), column_text (stmt, 9),
                           column_text (stmt, 10));
}

#define EVIDENCE_COLUMNS \
  "id, case_id, revision, question_id, file_name, media_type, sha256, size, added_by, added"

static PbEvidence *
evidence_from_row (sqlite3_stmt *stmt)
{
  return _pb_evidence_new (sqlite3_column_int64 (stmt, 0), column_text (stmt, 1), sqlite3_column_int (stmt, 2),
                           column_text (stmt, 3), column_text (stmt, 4), column_text (stmt, 5),
                           column_text (stmt, 6), sqlite3_column_int64 (stmt, 7), column_text (stmt, 8),
                           column_text (stmt, 9));
}

typedef gpointer (*RowFunc) (sqlite3_stmt *stmt);

/* Runs @stmt (bound) and collects one object per row into a GListStore. */
static GListModel *
collect (PbCaseStore   *self,
         sqlite3_stmt  *stmt,
         GType          item_type,
         RowFunc        func,
         GError       **error)
{
  g_autoptr(GListStore) store = g_list_store_new (item_type);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  while ((rc = step (self, stmt, error)) == SQLITE_ROW)
    g_ptr_array_add (items, func (stmt));

  if (rc == 0)
    return NULL;

  g_list_store_splice (store, 0, 0, items->pdata, items->len);

  return G_LIST_MODEL (g_steal_pointer (&store));
}

/* Helpers of the public API ------------------------------------------------- */

/* The first row of @sql with @key bound to ?1, made by @func; NULL
 * without an error when there is none. */
static gpointer
query_row (PbCaseStore  *self,
           const char   *sql,
           const char   *key,
           RowFunc       func,
           GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = prepare (self, sql, error)))
    return NULL;

  bind_text (stmt, 1, key);
  if (step (self, stmt, error) != SQLITE_ROW)
    return NULL;

  return func (stmt);
}

static char *
new_case_id (PbCaseStore  *self,
             GError      **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  /* Random rather than sequential, so that cases made in different
   * databases keep distinct ids when they meet through case files. */
  for (guint attempt = 0; attempt < 16; attempt++)
    {
      g_autofree char *uuid = g_uuid_string_random ();
      g_autofree char *suffix = g_ascii_strup (uuid, 8);
      g_autofree char *id = g_strdup_printf ("C-%d-%s", g_date_time_get_year (now), suffix);
      g_autoptr(sqlite3_stmt) stmt = NULL;
      int rc;

      if (!(stmt = prepare (self, "SELECT 1 FROM cases WHERE id = ?1", error)))
        return NULL;

      bind_text (stmt, 1, id);
      if ((rc = step (self, stmt, error)) == 0)
        return NULL;
      if (rc == SQLITE_DONE)
        return g_steal_pointer (&id);
    }

  g_set_error_literal (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_FAILED,
                       _("Could not find a free case id"));
  return NULL;
}

/* Sets one answer inside a transaction; *changed tells whether anything was
 * written. The caller refreshes the cache. */
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
  g_autoptr(sqlite3_stmt) old = NULL;
  g_autofree char *old_value = NULL;
  g_autofree char *old_comment = NULL;
  g_autofree char *old_note = NULL;
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

  if (!(old = prepare (self,
                       "SELECT value, comment, evidence_note FROM answers"
                       " WHERE case_id = ?1 AND revision = ?2 AND question_id = ?3",
                       error)))
    return FALSE;

  bind_text (old, 1, case_id);
  sqlite3_bind_int (old, 2, state->revision);
  bind_text (old, 3, question_id);
  if ((rc = step (self, old, error)) == 0)
    return FALSE;

  if (rc == SQLITE_ROW)
    {
      old_value = g_strdup (column_text (old, 0));
      old_comment = g_strdup (column_text (old, 1));
      old_note = g_strdup (column_text (old, 2));
    }

  if (comment == NULL)
    comment = old_comment ? old_comment : "";
  if (evidence_note == NULL)
    evidence_note = old_note ? old_note : "";

  if (new_value == NULL && old_value == NULL)
    return TRUE;

  if (new_value != NULL && old_value != NULL &&
      strcmp (new_value, old_value) == 0 &&
      strcmp (comment, old_comment) == 0 &&
      strcmp (evidence_note, old_note) == 0)
    return TRUE;

  if (!refuse_sealed (self, case_id, state, error))
    return FALSE;

  if (state->status != PB_CASE_STATUS_DRAFT && is_blank (reason))
    {
      /* Translators: a case id, its status, then a question id */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                   _("Case “%s” is %s: changing question %s needs a reason"),
                   case_id, pb_case_status_get_label (state->status), question_id);
      return FALSE;
    }

  if (new_value == NULL)
    {
      g_autoptr(sqlite3_stmt) delete = NULL;

      kind = PB_EVENT_ANSWER_CLEARED;
      if (!(delete = prepare (self,
                              "DELETE FROM answers WHERE case_id = ?1 AND revision = ?2 AND question_id = ?3",
                              error)))
        return FALSE;

      bind_text (delete, 1, case_id);
      sqlite3_bind_int (delete, 2, state->revision);
      bind_text (delete, 3, question_id);
      if (!step (self, delete, error))
        return FALSE;
    }
  else
    {
      g_autoptr(sqlite3_stmt) upsert = NULL;

      kind = old_value == NULL ? PB_EVENT_ANSWER_SET : PB_EVENT_ANSWER_CHANGED;
      if (!(upsert = prepare (self,
                              "INSERT INTO answers (case_id, revision, question_id, value, comment, evidence_note, user, updated)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                              " ON CONFLICT (case_id, revision, question_id) DO UPDATE SET"
                              "   value = excluded.value, comment = excluded.comment,"
                              "   evidence_note = excluded.evidence_note, user = excluded.user,"
                              "   updated = excluded.updated",
                              error)))
        return FALSE;

      bind_text (upsert, 1, case_id);
      sqlite3_bind_int (upsert, 2, state->revision);
      bind_text (upsert, 3, question_id);
      bind_text (upsert, 4, new_value);
      bind_text (upsert, 5, comment);
      bind_text (upsert, 6, evidence_note);
      bind_text (upsert, 7, user);
      bind_text (upsert, 8, now);
      if (!step (self, upsert, error))
        return FALSE;

      data = data_json ("comment", comment, "evidence_note", evidence_note, NULL);
    }

  if (!append_event (self, case_id, state->revision, now, user, kind, question_id,
                     old_value, new_value, is_blank (reason) ? NULL : reason, data, error))
    return FALSE;

  *changed = TRUE;

  return TRUE;
}

static PbAnswerRecord *
answer_record_from_row (sqlite3_stmt *stmt)
{
  g_autoptr(PbAnswer) answer = pb_answer_new_from_json (column_text (stmt, 1), NULL);

  return _pb_answer_record_new (column_text (stmt, 0), answer, column_text (stmt, 2), column_text (stmt, 3),
                                column_text (stmt, 4), column_text (stmt, 5));
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

/* The blob named by @sha256; checks that the bytes still hash to it. */
static GBytes *
read_blob (PbCaseStore  *self,
           const char   *sha256,
           GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *actual = NULL;
  int rc;

  if (!(stmt = prepare (self, "SELECT content FROM blobs WHERE sha256 = ?1", error)))
    return NULL;

  bind_text (stmt, 1, sha256);
  if ((rc = step (self, stmt, error)) == 0)
    return NULL;

  if (rc == SQLITE_DONE)
    {
      /* Translators: a SHA-256, then a file name */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND,
                   _("No file with SHA-256 %s is stored in %s"), sha256, self->path);
      return NULL;
    }

  bytes = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  actual = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  if (g_strcmp0 (actual, sha256) != 0)
    {
      /* Translators: a SHA-256, then a file name */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TAMPERED,
                   _("The stored file %s in %s was altered: its bytes no longer match its SHA-256"),
                   sha256, self->path);
      return NULL;
    }

  return g_steal_pointer (&bytes);
}

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
                      const char    *user,
                      const char    *now,
                      GError       **error)
{
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autofree char *data = NULL;
  gboolean decision = pb_case_status_is_decision (to);

  if (!(update = prepare (self,
                          "UPDATE revisions SET status = ?3, decision = ?4, reason = ?5, conditions = ?6"
                          " WHERE case_id = ?1 AND revision = ?2",
                          error)))
    return FALSE;

  bind_text (update, 1, case_id);
  sqlite3_bind_int (update, 2, state->revision);
  bind_text (update, 3, pb_case_status_to_string (to));
  bind_text (update, 4, decision ? pb_case_status_to_string (to) : NULL);
  bind_text (update, 5, decision ? reason : NULL);
  bind_text (update, 6, decision ? conditions : NULL);
  if (!step (self, update, error))
    return FALSE;

  if (decision)
    data = data_json ("conditions", conditions, NULL);

  return append_event (self, case_id, state->revision, now, user, PB_EVENT_STATUS_CHANGED, NULL,
                       pb_case_status_to_string (state->status), pb_case_status_to_string (to),
                       is_blank (reason) ? NULL : reason, data, error);
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

  if (is_blank (reason))
    {
      /* Translators: a case id */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                   _("A decision on case “%s” needs a reason"), case_id);
      return FALSE;
    }

  if (decision == PB_CASE_STATUS_APPROVED_WITH_CONDITIONS && is_blank (conditions))
    {
      /* Translators: a case id */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                   _("Approving case “%s” with conditions needs the conditions"), case_id);
      return FALSE;
    }

  return TRUE;
}

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

  if (!load_case_state (self, case_id, revision, &state, error))
    return FALSE;

  if (replay->sealed)
    {
      g_autofree char *fingerprint = compute_fingerprint (self, case_id, revision, error);

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

  if (!(answers = prepare (self,
                           "SELECT question_id, value, comment, evidence_note, user, updated FROM answers"
                           " WHERE case_id = ?1 AND revision = ?2",
                           error)))
    return FALSE;

  bind_text (answers, 1, case_id);
  sqlite3_bind_int (answers, 2, revision);
  while ((rc = step (self, answers, error)) == SQLITE_ROW)
    g_hash_table_insert (stored, g_strdup (column_text (answers, 0)),
                         answer_key (column_text (answers, 1), column_text (answers, 2), column_text (answers, 3),
                                     column_text (answers, 4), column_text (answers, 5)));
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

  if (!(evidence = prepare (self,
                            "SELECT question_id, sha256, file_name FROM evidence WHERE case_id = ?1 AND revision = ?2",
                            error)))
    return FALSE;

  bind_text (evidence, 1, case_id);
  sqlite3_bind_int (evidence, 2, revision);
  while ((rc = step (self, evidence, error)) == SQLITE_ROW)
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) local_error = NULL;

      g_ptr_array_add (stored_evidence,
                       g_strdup_printf ("%s\x1f%s\x1f%s", column_text (evidence, 0),
                                        column_text (evidence, 1), column_text (evidence, 2)));

      if (!(bytes = read_blob (self, column_text (evidence, 1), &local_error)))
        /* Translators: a file name, a question id, a case id and the reason */
        return tampered (error, broken_event, 0, _("Evidence “%s” of %s in case “%s”: %s"),
                         column_text (evidence, 2), column_text (evidence, 0), case_id,
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

static gboolean
verify_locked (PbCaseStore  *self,
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
  gint64 n_revisions;
  int rc;

  if (!(head = prepare (self,
                        "SELECT head_seq, head_hash, customer_uid, product_uid, questionnaire_sha256,"
                        "       current_revision, (SELECT count(*) FROM revisions WHERE case_id = ?1)"
                        "  FROM cases WHERE id = ?1",
                        error)))
    return FALSE;

  bind_text (head, 1, case_id);
  if ((rc = step (self, head, error)) == 0)
    return FALSE;
  if (rc == SQLITE_DONE)
    return case_not_found (self, case_id, error);

  head_seq = sqlite3_column_int (head, 0);
  head_hash = g_strdup (column_text (head, 1));
  customer_uid = g_strdup (column_text (head, 2));
  product_uid = g_strdup (column_text (head, 3));
  questionnaire_sha256 = g_strdup (column_text (head, 4));
  current_revision = sqlite3_column_int (head, 5);
  n_revisions = sqlite3_column_int64 (head, 6);

  if (!(events = prepare (self, "SELECT " EVENT_COLUMNS " FROM events WHERE case_id = ?1 ORDER BY seq", error)))
    return FALSE;

  bind_text (events, 1, case_id);
  while ((rc = step (self, events, error)) == SQLITE_ROW)
    {
      g_autofree char *hash = NULL;
      guint event_seq = sqlite3_column_int (events, 1);
      guint revision = sqlite3_column_int (events, 2);
      const char *kind_name = column_text (events, 5);
      const char *question_id = column_text (events, 6);
      const char *old_value = column_text (events, 7);
      const char *new_value = column_text (events, 8);
      const char *data = column_text (events, 10);
      Replay *replay = NULL;
      PbEventKind kind;

      seq++;
      if (event_seq != seq)
        /* Translators: an event number and a case id */
        return tampered (error, broken_event, seq,
                         _("Event %u is missing from the history of case “%s”"), seq, case_id);

      if (g_strcmp0 (column_text (events, 11), prev_hash) != 0)
        /* Translators: an event number, a case id, then the previous event number */
        return tampered (error, broken_event, seq,
                         _("Event %u of case “%s” does not link to event %u: "
                           "an event before it was removed or altered"),
                         seq, case_id, seq - 1);

      hash = compute_event_hash (case_id, event_seq, revision, column_text (events, 3),
                                 column_text (events, 4), kind_name, question_id, old_value,
                                 new_value, column_text (events, 9), data, prev_hash);
      if (g_strcmp0 (hash, column_text (events, 12)) != 0)
        /* Translators: an event number, a case id, and the kind of event */
        return tampered (error, broken_event, seq,
                         _("Event %u of case “%s” (%s) was altered after it was recorded: "
                           "its content no longer matches its hash"),
                         seq, case_id, kind_name);

      g_free (prev_hash);
      prev_hash = g_strdup (column_text (events, 12));

      if (!pb_event_kind_from_string (kind_name, &kind))
        /* Translators: an event number, a case id, and the kind of event */
        return tampered (error, broken_event, seq,
                         _("Event %u of case “%s” has an unknown kind “%s”"), seq, case_id, kind_name);

      if (kind == PB_EVENT_CASE_CREATED)
        {
          g_autofree char *customer = data_get (data, "customer");
          g_autofree char *product = data_get (data, "product");

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
                g_autofree char *comment = data_get (data, "comment");
                g_autofree char *note = data_get (data, "evidence_note");

                g_hash_table_insert (replay->answers, g_strdup (question_id),
                                     answer_key (new_value, comment, note, column_text (events, 4),
                                                 column_text (events, 3)));
              }

            g_hash_table_insert (replay->last_event, g_strdup (question_id), GUINT_TO_POINTER (seq));
          }
          break;

        case PB_EVENT_EVIDENCE_ADDED:
          {
            g_autofree char *file_name = data_get (data, "file_name");

            g_ptr_array_add (replay->evidence,
                             g_strdup_printf ("%s\x1f%s\x1f%s", question_id, new_value, file_name));
          }
          break;

        case PB_EVENT_EVIDENCE_REMOVED:
          {
            g_autofree char *file_name = data_get (data, "file_name");
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
                    replay->decision = kind == PB_EVENT_SIGNED ? data_get (data, "decision") : g_strdup (new_value);
                    replay->reason = g_strdup (column_text (events, 9));
                    replay->conditions = data_get (data, "conditions");
                  }
              }
            replay->status = to;

            if (kind == PB_EVENT_SIGNED)
              n_signed++;

            if (kind == PB_EVENT_SIGNED && !replay->sealed)
              {
                replay->sealed = TRUE;
                replay->sign_seq = seq;
                replay->fingerprint = data_get (data, "answers_fingerprint");
                replay->signer = data_get (data, "name");
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
  if (!(sign_offs = prepare (self,
                             "SELECT s.event_seq, s.report_sha256 = json_extract (e.data, '$.report_sha256')"
                             "                AND s.answers_fingerprint = json_extract (e.data, '$.answers_fingerprint')"
                             "                AND s.name = json_extract (e.data, '$.name')"
                             "                AND s.role = json_extract (e.data, '$.role')"
                             "                AND e.kind = 'signed'"
                             "  FROM sign_offs s LEFT JOIN events e ON e.case_id = s.case_id AND e.seq = s.event_seq"
                             " WHERE s.case_id = ?1 ORDER BY s.event_seq",
                             error)))
    return FALSE;

  bind_text (sign_offs, 1, case_id);
  while ((rc = step (self, sign_offs, error)) == SQLITE_ROW)
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

#define REVISION_COLUMNS "case_id, revision, status, decision, reason, conditions, created, outcome, n_answers"
#define ANSWER_COLUMNS   "case_id, revision, question_id, value, comment, evidence_note, user, updated"
#define CASE_COLUMNS \
  "id, customer_uid, product_uid, questionnaire_sha256, created, created_by, current_revision, updated, head_seq, head_hash"
#define EVIDENCE_COPY_COLUMNS \
  "case_id, revision, question_id, file_name, media_type, sha256, size, added_by, added"
#define SIGN_OFF_COPY_COLUMNS \
  "case_id, revision, event_seq, role, name, decision, reason, conditions, time, report_sha256, answers_fingerprint, history_head"

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
    "INSERT OR IGNORE INTO @to@.questionnaires SELECT q.sha256, q.qid, q.version, q.file_name, q.content"
    "  FROM @from@.questionnaires q JOIN @from@.cases c ON c.questionnaire_sha256 = q.sha256 WHERE c.id = ?1",
    "INSERT OR IGNORE INTO @to@.customers (" CUSTOMER_COLUMNS ") SELECT " CUSTOMER_COLUMNS
    "  FROM @from@.customers WHERE uid = (SELECT customer_uid FROM @from@.cases WHERE id = ?1)",
    "INSERT OR IGNORE INTO @to@.products (" PRODUCT_COLUMNS ") SELECT " PRODUCT_COLUMNS
    "  FROM @from@.products WHERE uid = (SELECT product_uid FROM @from@.cases WHERE id = ?1)",
    "INSERT OR IGNORE INTO @to@.blobs (sha256, size, content) SELECT sha256, size, content FROM @from@.blobs"
    "  WHERE sha256 IN (SELECT sha256 FROM @from@.evidence WHERE case_id = ?1"
    "                   UNION SELECT report_sha256 FROM @from@.sign_offs WHERE case_id = ?1)",
    "INSERT INTO @to@.cases (" CASE_COLUMNS ") SELECT " CASE_COLUMNS " FROM @from@.cases WHERE id = ?1",
    "INSERT INTO @to@.revisions (" REVISION_COLUMNS ", sealed) SELECT " REVISION_COLUMNS ", 0"
    "  FROM @from@.revisions WHERE case_id = ?1",
    "INSERT INTO @to@.answers (" ANSWER_COLUMNS ") SELECT " ANSWER_COLUMNS " FROM @from@.answers WHERE case_id = ?1",
    "INSERT INTO @to@.evidence (" EVIDENCE_COPY_COLUMNS ") SELECT " EVIDENCE_COPY_COLUMNS
    "  FROM @from@.evidence WHERE case_id = ?1 ORDER BY id",
    "INSERT INTO @to@.sign_offs (" SIGN_OFF_COPY_COLUMNS ") SELECT " SIGN_OFF_COPY_COLUMNS
    "  FROM @from@.sign_offs WHERE case_id = ?1 ORDER BY id",
    "INSERT INTO @to@.events (" EVENT_COLUMNS ") SELECT " EVENT_COLUMNS " FROM @from@.events WHERE case_id = ?1",
    "UPDATE @to@.revisions SET sealed = 1 WHERE case_id = ?1 AND revision IN"
    "  (SELECT revision FROM @from@.revisions WHERE case_id = ?1 AND sealed)",
  };

  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      g_autoptr(GString) sql = g_string_new (statements[i]);

      g_string_replace (sql, "@from@", from, 0);
      g_string_replace (sql, "@to@", to, 0);
      if (!run (self, sql->str, error, 1, case_id))
        return FALSE;
    }

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
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = prepare (self, sql, error)))
    return FALSE;

  bind_text (stmt, 1, case_id);
  while ((rc = step (self, stmt, error)) == SQLITE_ROW)
    g_ptr_array_add (hashes, g_strdup (column_text (stmt, 0)));

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
    "INSERT OR IGNORE INTO main.blobs (sha256, size, content) SELECT sha256, size, content FROM casefile.blobs"
    "  WHERE sha256 IN (SELECT sha256 FROM casefile.evidence WHERE case_id = ?1"
    "                   UNION SELECT report_sha256 FROM casefile.sign_offs WHERE case_id = ?1)",
    "INSERT INTO main.answers (" ANSWER_COLUMNS ") SELECT " ANSWER_COLUMNS " FROM casefile.answers"
    "  WHERE case_id = ?1 AND revision IN (SELECT revision FROM main.revisions WHERE case_id = ?1 AND NOT sealed)",
    "INSERT INTO main.evidence (" EVIDENCE_COPY_COLUMNS ") SELECT " EVIDENCE_COPY_COLUMNS " FROM casefile.evidence"
    "  WHERE case_id = ?1 AND revision IN (SELECT revision FROM main.revisions WHERE case_id = ?1 AND NOT sealed)"
    "  ORDER BY id",
    "INSERT INTO main.sign_offs (" SIGN_OFF_COPY_COLUMNS ") SELECT " SIGN_OFF_COPY_COLUMNS
    "  FROM casefile.sign_offs WHERE case_id = ?1 AND event_seq > ?2 ORDER BY id",
    "INSERT INTO main.events (" EVENT_COLUMNS ") SELECT " EVENT_COLUMNS
    "  FROM casefile.events WHERE case_id = ?1 AND seq > ?2",
    "UPDATE main.cases SET (current_revision, updated, head_seq, head_hash) ="
    "  (SELECT current_revision, updated, head_seq, head_hash FROM casefile.cases WHERE id = ?1)"
    "  WHERE id = ?1",
    "UPDATE main.revisions SET sealed = 1 WHERE case_id = ?1 AND NOT sealed AND revision IN"
    "  (SELECT revision FROM casefile.revisions WHERE case_id = ?1 AND sealed)",
  };
  g_autofree char *head_text = g_strdup_printf ("%u", head_seq);

  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      if (!run (self, statements[i], error, 2, case_id, head_text))
        return FALSE;
    }

  return TRUE;
}

static gboolean
import_case_file (PbCaseStore  *self,
                  const char   *path,
                  char        **case_id,
                  gboolean     *changed,
                  GError      **error)
{
  g_autoptr(PbCaseStore) source = NULL;
  g_autoptr(GListModel) cases = NULL;
  g_autoptr(PbCaseInfo) info = NULL;
  g_autoptr(GPtrArray) ours = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) theirs = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *uri_ro = NULL;
  g_autofree char *id = NULL;
  gboolean exists;
  gboolean ok;

  if (!(source = pb_case_store_open (path, PB_CASE_STORE_FLAGS_READ_ONLY, error)) ||
      !(cases = pb_case_store_list_cases (source, NULL, error)))
    return FALSE;

  if (g_list_model_get_n_items (cases) != 1)
    {
      /* Translators: a file name and a number of cases */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                   _("%s holds %u cases; a case file holds exactly one"),
                   path, g_list_model_get_n_items (cases));
      return FALSE;
    }

  info = g_list_model_get_item (cases, 0);
  id = g_strdup (pb_case_info_get_id (info));

  if (!pb_case_store_verify_case (source, id, NULL, NULL, error))
    {
      /* Translators: a file name */
      g_prefix_error (error, _("The case file %s fails verification: "), path);
      return FALSE;
    }
  /* The file itself, or the upgraded copy an older case file is read from;
   * @source keeps that copy until the end. */
  uri_ro = path_to_uri (source->file_path, "mode=ro");

  if (!run (self, "ATTACH DATABASE ?1 AS casefile", error, 1, uri_ro))
    return FALSE;

  if (!begin (self, error))
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
          rollback (self);
          sqlite3_exec (self->db, "DETACH DATABASE casefile", NULL, NULL, NULL);
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

  if (!verify_locked (self, id, NULL, NULL, error))
    goto fail;

  ok = commit (self, error);
  sqlite3_exec (self->db, "DETACH DATABASE casefile", NULL, NULL, NULL);

  if (ok && changed != NULL)
    *changed = TRUE;
  if (ok && case_id != NULL)
    *case_id = g_steal_pointer (&id);

  return ok;

fail:
  rollback (self);
detach:
  sqlite3_exec (self->db, "DETACH DATABASE casefile", NULL, NULL, NULL);
  return FALSE;
}

/* The user_version field of an SQLite header, 0 if there is none. */
static gint64
file_schema_version (const char *path)
{
  guchar header[64];
  gssize n = 0;
  int fd;

  if ((fd = g_open (path, O_RDONLY | O_CLOEXEC, 0)) >= 0)
    {
      n = read (fd, header, sizeof header);
      close (fd);
    }

  if (n < (gssize)sizeof header || memcmp (header, "SQLite format 3", 16) != 0)
    return 0;

  return GUINT32_FROM_BE (*(guint32 *)(header + 60));
}

static void
remove_temp_dir (const char *dir)
{
  g_autoptr(GDir) entries = g_dir_open (dir, 0, NULL);
  const char *name;

  while (entries != NULL && (name = g_dir_read_name (entries)))
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      g_unlink (child);
    }

  g_rmdir (dir);
}

/* Reading a file of an older schema without writing it: the migration runs
 * on a private copy, which the store then reads. */
static gboolean
open_upgraded_copy (PbCaseStore  *self,
                    GError      **error)
{
  g_autoptr(GFile) source = g_file_new_for_path (self->path);
  g_autoptr(GFile) copy = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!(self->temp_dir = g_dir_make_tmp ("probity-read-XXXXXX", &local_error)))
    {
      g_set_error_literal (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO, local_error->message);
      return FALSE;
    }

  self->file_path = g_build_filename (self->temp_dir, "upgraded.db", NULL);
  copy = g_file_new_for_path (self->file_path);

  if (!g_file_copy (source, copy, G_FILE_COPY_NONE, NULL, NULL, NULL, &local_error))
    {
      /* Translators: a file name, then the reason */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO,
                   _("Could not copy %s to upgrade it: %s"), self->path, local_error->message);
      return FALSE;
    }

  if (!open_database (self, self->file_path, PB_CASE_STORE_FLAGS_NO_CREATE | FLAGS_NO_BACKUP, error))
    return FALSE;

  self->read_only = TRUE;

  return exec (self, "PRAGMA query_only = ON", error);
}

/* GObject ------------------------------------------------------------------- */

static void
pb_case_store_finalize (GObject *object)
{
  PbCaseStore *self = (PbCaseStore *)object;

  g_clear_pointer (&self->db, sqlite3_close_v2);

  if (self->temp_dir != NULL)
    remove_temp_dir (self->temp_dir);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->file_path, g_free);
  g_clear_pointer (&self->temp_dir, g_free);
  g_clear_pointer (&self->backup_path, g_free);
  g_clear_pointer (&self->questionnaires, g_hash_table_unref);

  G_OBJECT_CLASS (pb_case_store_parent_class)->finalize (object);
}

static void
pb_case_store_class_init (PbCaseStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_case_store_finalize;
}

static void
pb_case_store_init (PbCaseStore *self)
{
  self->questionnaires = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

/* Test hooks ------------------------------------------------------------------ */

gint64
_pb_case_store_limit_growth (PbCaseStore *self,
                             guint        extra_pages)
{
  g_autofree char *sql = NULL;
  gint64 n_pages = 0;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), 0);

  if (!read_pragma_int (self, "PRAGMA page_count", &n_pages, NULL))
    return 0;

  sql = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT, n_pages + extra_pages);
  if (!read_pragma_int (self, sql, &n_pages, NULL))
    return 0;

  return n_pages;
}

/* Public API: opening ---------------------------------------------------------- */

char *
pb_case_store_get_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "probity", "probity.db", NULL);
}

PbCaseStore *
pb_case_store_open (const char        *path,
                    PbCaseStoreFlags   flags,
                    GError           **error)
{
  g_autoptr(PbCaseStore) self = NULL;
  gint64 version;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (PB_TYPE_CASE_STORE, NULL);
  self->path = g_strdup (path);

  version = file_schema_version (path);
  if ((flags & PB_CASE_STORE_FLAGS_READ_ONLY) != 0 && version > 0 && version < PB_CASE_STORE_SCHEMA_VERSION)
    {
      if (!open_upgraded_copy (self, error))
        return NULL;

      return g_steal_pointer (&self);
    }

  self->file_path = g_strdup (path);
  if (!open_database (self, self->file_path, flags, error))
    return NULL;

  return g_steal_pointer (&self);
}

PbCaseStore *
pb_case_store_new (const char  *path,
                   GError     **error)
{
  return pb_case_store_open (path, PB_CASE_STORE_FLAGS_NONE, error);
}

const char *
pb_case_store_get_path (PbCaseStore *self)
{
  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);

  return self->path;
}

const char *
pb_case_store_get_migration_backup (PbCaseStore *self)
{
  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);

  return self->backup_path;
}

/* Public API: customers and products ------------------------------------------- */

PbCustomer *
pb_case_store_add_customer (PbCaseStore        *self,
                            const char         *name,
                            const char * const *aliases,
                            const char         *country,
                            const char         *entity_type,
                            const char         *notes,
                            GError            **error)
{
  g_autofree char *uid = g_uuid_string_random ();
  g_autofree char *now = now_iso8601 ();
  g_autofree char *aliases_text = strv_join_lines (aliases);

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (is_blank (name))
    {
      g_set_error_literal (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                           _("A customer needs a name"));
      return NULL;
    }

  if (!begin (self, error))
    return NULL;

  if (!run (self,
            "INSERT INTO customers (uid, name, aliases, country, entity_type, notes, created)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            error, 7, uid, name, aliases_text, country ? country : "",
            entity_type ? entity_type : "", notes ? notes : "", now) ||
      !commit (self, error))
    {
      rollback (self);
      return NULL;
    }

  return pb_case_store_get_customer (self, uid, error);
}

PbCustomer *
pb_case_store_find_customer (PbCaseStore  *self,
                             const char   *name,
                             GError      **error)
{
  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return query_row (self,
                    "SELECT " CUSTOMER_COLUMNS " FROM customers"
                    " WHERE pb_casefold (name) = pb_casefold (?1) ORDER BY created LIMIT 1",
                    name, (RowFunc)customer_from_row, error);
}

PbCustomer *
pb_case_store_get_customer (PbCaseStore  *self,
                            const char   *uid,
                            GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  PbCustomer *customer;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (uid != NULL, NULL);

  customer = query_row (self, "SELECT " CUSTOMER_COLUMNS " FROM customers WHERE uid = ?1",
                        uid, (RowFunc)customer_from_row, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (customer == NULL)
    /* Translators: a customer id, then a file name */
    g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND,
                 _("There is no customer “%s” in %s"), uid, self->path);

  return customer;
}

GListModel *
pb_case_store_list_customers (PbCaseStore  *self,
                              GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);

  if (!(stmt = prepare (self, "SELECT " CUSTOMER_COLUMNS " FROM customers ORDER BY name COLLATE NOCASE, uid", error)))
    return NULL;

  return collect (self, stmt, PB_TYPE_CUSTOMER, (RowFunc)customer_from_row, error);
}

PbProduct *
pb_case_store_add_product (PbCaseStore        *self,
                           const char         *name,
                           const char         *version,
                           const char         *family,
                           const char * const *capabilities,
                           GError            **error)
{
  g_autofree char *uid = g_uuid_string_random ();
  g_autofree char *now = now_iso8601 ();
  g_autofree char *capabilities_text = strv_join_lines (capabilities);

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (is_blank (name))
    {
      g_set_error_literal (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                           _("A product needs a name"));
      return NULL;
    }

  if (!begin (self, error))
    return NULL;

  if (!run (self,
            "INSERT INTO products (uid, name, version, family, capabilities, created)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            error, 6, uid, name, version ? version : "", family ? family : "",
            capabilities_text, now) ||
      !commit (self, error))
    {
      rollback (self);
      return NULL;
    }

  return pb_case_store_get_product (self, uid, error);
}

PbProduct *
pb_case_store_find_product (PbCaseStore  *self,
                            const char   *name,
                            GError      **error)
{
  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return query_row (self,
                    "SELECT " PRODUCT_COLUMNS " FROM products"
                    " WHERE pb_casefold (name) = pb_casefold (?1) ORDER BY created LIMIT 1",
                    name, (RowFunc)product_from_row, error);
}

PbProduct *
pb_case_store_get_product (PbCaseStore  *self,
                           const char   *uid,
                           GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  PbProduct *product;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (uid != NULL, NULL);

  product = query_row (self, "SELECT " PRODUCT_COLUMNS " FROM products WHERE uid = ?1",
                       uid, (RowFunc)product_from_row, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (product == NULL)
    /* Translators: a product id, then a file name */
    g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND,
                 _("There is no product “%s” in %s"), uid, self->path);

  return product;
}

GListModel *
pb_case_store_list_products (PbCaseStore  *self,
                             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);

  if (!(stmt = prepare (self, "SELECT " PRODUCT_COLUMNS " FROM products ORDER BY name COLLATE NOCASE, uid", error)))
    return NULL;

  return collect (self, stmt, PB_TYPE_PRODUCT, (RowFunc)product_from_row, error);
}

/* Public API: cases ---------------------------------------------------------- */

char *
pb_case_store_create_case (PbCaseStore      *self,
                           const char       *customer_uid,
                           const char       *product_uid,
                           PbQuestionnaire  *questionnaire,
                           const char       *user,
                           GError          **error)
{
  g_autoptr(PbCustomer) customer = NULL;
  g_autoptr(PbProduct) product = NULL;
  g_autoptr(sqlite3_stmt) insert_q = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *now = now_iso8601 ();
  g_autofree char *data = NULL;
  GBytes *bytes;
  const char *sha256;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (customer_uid != NULL, NULL);
  g_return_val_if_fail (product_uid != NULL, NULL);
  g_return_val_if_fail (PB_IS_QUESTIONNAIRE (questionnaire), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  user = effective_user (user);
  sha256 = pb_questionnaire_get_sha256 (questionnaire);
  bytes = pb_questionnaire_get_bytes (questionnaire);

  if (!begin (self, error))
    return NULL;

  if (!(customer = pb_case_store_get_customer (self, customer_uid, error)) ||
      !(product = pb_case_store_get_product (self, product_uid, error)) ||
      !(case_id = new_case_id (self, error)))
    {
      rollback (self);
      return NULL;
    }

  if (!(insert_q = prepare (self,
                            "INSERT OR IGNORE INTO questionnaires (sha256, qid, version, file_name, content)"
                            " VALUES (?1, ?2, ?3, ?4, ?5)",
                            error)))
    {
      rollback (self);
      return NULL;
    }

  {
    g_autofree char *basename = g_path_get_basename (pb_questionnaire_get_display_name (questionnaire));
    gsize size;
    gconstpointer content = g_bytes_get_data (bytes, &size);

    bind_text (insert_q, 1, sha256);
    bind_text (insert_q, 2, pb_questionnaire_get_id (questionnaire));
    bind_text (insert_q, 3, pb_questionnaire_get_version (questionnaire));
    bind_text (insert_q, 4, basename);
    sqlite3_bind_blob64 (insert_q, 5, content, size, SQLITE_TRANSIENT);
  }

  data = data_json ("customer", customer_uid,
                    "product", product_uid,
                    "questionnaire", pb_questionnaire_get_id (questionnaire),
                    "questionnaire_version", pb_questionnaire_get_version (questionnaire),
                    "questionnaire_sha256", sha256,
                    NULL);

  if (!step (self, insert_q, error) ||
      !run (self,
            "INSERT INTO cases (id, customer_uid, product_uid, questionnaire_sha256, created, created_by,"
            "                   current_revision, updated, head_seq, head_hash)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?5, 0, '" GENESIS_HASH "')",
            error, 6, case_id, customer_uid, product_uid, sha256, now, user) ||
      !run (self,
            "INSERT INTO revisions (case_id, revision, status, created) VALUES (?1, 1, 'draft', ?2)",
            error, 2, case_id, now) ||
      !append_event (self, case_id, 1, now, user, PB_EVENT_CASE_CREATED, NULL, NULL, sha256, NULL, data, error) ||
      !refresh_cache_locked (self, case_id, 1, error) ||
      !commit (self, error))
    {
      rollback (self);
      return NULL;
    }

  return g_steal_pointer (&case_id);
}

PbCaseInfo *
pb_case_store_get_case (PbCaseStore  *self,
                        const char   *case_id,
                        GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  PbCaseInfo *info;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  info = query_row (self, CASE_INFO_QUERY " WHERE c.id = ?1", case_id,
                    (RowFunc)case_info_from_row, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (info == NULL)
    case_not_found (self, case_id, error);

  return info;
}

GListModel *
pb_case_store_list_cases (PbCaseStore        *self,
                          const PbCaseFilter *filter,
                          GError            **error)
{
  static const PbCaseFilter any = PB_CASE_FILTER_INIT;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(PbCaseList) list = NULL;
  int rc;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);

  if (filter == NULL)
    filter = &any;

  if (!(stmt = prepare (self,
                        CASE_INFO_QUERY
                        /* Folding each customer once, not once per case. */
                        " WHERE (?1 IS NULL OR c.customer_uid IN (SELECT uid FROM customers"
                        "          WHERE instr (pb_casefold (name || char (10) || aliases), pb_casefold (?1)) > 0))"
                        "   AND (?2 IS NULL OR c.product_uid IN (SELECT uid FROM products"
                        "          WHERE instr (pb_casefold (name), pb_casefold (?2)) > 0))"
                        "   AND (?3 IS NULL OR r.status = ?3)"
                        "   AND (?4 IS NULL OR r.outcome = ?4)",
                        error)))
    return NULL;

  bind_text (stmt, 1, filter->customer != NULL && *filter->customer != '\0' ? filter->customer : NULL);
  bind_text (stmt, 2, filter->product != NULL && *filter->product != '\0' ? filter->product : NULL);
  bind_text (stmt, 3, filter->status >= 0 ? pb_case_status_to_string (filter->status) : NULL);
  bind_text (stmt, 4, filter->outcome >= 0 ? pb_outcome_to_string (filter->outcome) : NULL);

  list = _pb_case_list_new ();
  while ((rc = step (self, stmt, error)) == SQLITE_ROW)
    {
      static const int text_columns[] = { 0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 14, 15, 16 };
      const char *columns[G_N_ELEMENTS (text_columns)];
      PbCaseStatus status = PB_CASE_STATUS_DRAFT;
      PbOutcome outcome = PB_OUTCOME_INCOMPLETE;

      for (guint i = 0; i < G_N_ELEMENTS (text_columns); i++)
        columns[i] = column_text (stmt, text_columns[i]);

      pb_case_status_from_string (column_text (stmt, 11), &status);
      if (column_text (stmt, 12) != NULL)
        pb_outcome_from_string (column_text (stmt, 12), &outcome);

      _pb_case_list_append (list, columns, sqlite3_column_int (stmt, 1), status, outcome,
                            sqlite3_column_int (stmt, 13));
    }

  if (rc == 0)
    return NULL;

  _pb_case_list_sort (list);

  return G_LIST_MODEL (g_steal_pointer (&list));
}

PbQuestionnaire *
pb_case_store_load_questionnaire (PbCaseStore  *self,
                                  const char   *case_id,
                                  GError      **error)
{
  g_auto(CaseState) state = { 0 };

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  if (!load_case_state (self, case_id, 0, &state, error))
    return NULL;

  return load_questionnaire_by_sha (self, state.questionnaire_sha256, error);
}

guint
pb_case_store_get_n_revisions (PbCaseStore  *self,
                               const char   *case_id,
                               GError      **error)
{
  g_auto(CaseState) state = { 0 };

  g_return_val_if_fail (PB_IS_CASE_STORE (self), 0);
  g_return_val_if_fail (case_id != NULL, 0);

  if (!load_case_state (self, case_id, 0, &state, error))
    return 0;

  return state.current_revision;
}

PbCaseStatus
pb_case_store_get_status (PbCaseStore  *self,
                          const char   *case_id,
                          guint         revision,
                          GError      **error)
{
  g_auto(CaseState) state = { 0 };

  g_return_val_if_fail (PB_IS_CASE_STORE (self), PB_CASE_STATUS_DRAFT);
  g_return_val_if_fail (case_id != NULL, PB_CASE_STATUS_DRAFT);

  if (!load_case_state (self, case_id, revision, &state, error))
    return PB_CASE_STATUS_DRAFT;

  return state.status;
}

/* Public API: answers --------------------------------------------------------- */

gboolean
pb_case_store_set_answer (PbCaseStore  *self,
                          const char   *case_id,
                          const char   *question_id,
                          PbAnswer     *answer,
                          const char   *comment,
                          const char   *evidence_note,
                          const char   *reason,
                          const char   *user,
                          GError      **error)
{
  g_auto(CaseState) state = { 0 };
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autofree char *now = now_iso8601 ();
  gboolean changed = FALSE;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);
  g_return_val_if_fail (question_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  user = effective_user (user);

  if (!begin (self, error))
    return FALSE;

  if (!load_case_state (self, case_id, 0, &state, error) ||
      !(questionnaire = load_questionnaire_by_sha (self, state.questionnaire_sha256, error)) ||
      !set_answer_locked (self, case_id, &state, questionnaire, question_id, answer,
                          comment, evidence_note, reason, user, now, &changed, error) ||
      (changed && !refresh_cache_locked (self, case_id, state.revision, error)))
    return rollback (self);

  return commit (self, error);
}

gboolean
pb_case_store_set_answers (PbCaseStore  *self,
                           const char   *case_id,
                           PbAnswerSet  *answers,
                           const char   *reason,
                           const char   *user,
                           GError      **error)
{
  g_auto(CaseState) state = { 0 };
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autofree char *now = now_iso8601 ();
  g_auto(GStrv) ids = NULL;
  gboolean any_changed = FALSE;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);
  g_return_val_if_fail (PB_IS_ANSWER_SET (answers), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  user = effective_user (user);
  ids = pb_answer_set_dup_ids (answers);

  if (!begin (self, error))
    return FALSE;

  if (!load_case_state (self, case_id, 0, &state, error) ||
      !(questionnaire = load_questionnaire_by_sha (self, state.questionnaire_sha256, error)))
    return rollback (self);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      gboolean changed = FALSE;

      if (!set_answer_locked (self, case_id, &state, questionnaire, ids[i],
                              pb_answer_set_lookup (answers, ids[i]),
                              NULL, NULL, reason, user, now, &changed, error))
        return rollback (self);

      any_changed |= changed;
    }

  if (any_changed && !refresh_cache_locked (self, case_id, state.revision, error))
    return rollback (self);

  return commit (self, error);
}

PbAnswerSet *
pb_case_store_get_answers (PbCaseStore  *self,
                           const char   *case_id,
                           guint         revision,
                           GError      **error)
{
  g_auto(CaseState) state = { 0 };

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  if (!load_case_state (self, case_id, revision, &state, error))
    return NULL;

  return read_answers (self, case_id, state.revision, error);
}

GListModel *
pb_case_store_list_answers (PbCaseStore  *self,
                            const char   *case_id,
                            guint         revision,
                            GError      **error)
{
  g_auto(CaseState) state = { 0 };
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  if (!load_case_state (self, case_id, revision, &state, error) ||
      !(stmt = prepare (self,
                        "SELECT question_id, value, comment, evidence_note, user, updated FROM answers"
                        " WHERE case_id = ?1 AND revision = ?2 ORDER BY question_id",
                        error)))
    return NULL;

  bind_text (stmt, 1, case_id);
  sqlite3_bind_int (stmt, 2, state.revision);

  return collect (self, stmt, PB_TYPE_ANSWER_RECORD, (RowFunc)answer_record_from_row, error);
}

PbEvaluation *
pb_case_store_evaluate (PbCaseStore  *self,
                        const char   *case_id,
                        guint         revision,
                        GError      **error)
{
  g_auto(CaseState) state = { 0 };
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autoptr(PbAnswerSet) answers = NULL;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  if (!load_case_state (self, case_id, revision, &state, error) ||
      !(questionnaire = load_questionnaire_by_sha (self, state.questionnaire_sha256, error)) ||
      !(answers = read_answers (self, case_id, state.revision, error)))
    return NULL;

  return pb_evaluate (questionnaire, answers);
}

/* Public API: evidence --------------------------------------------------------- */

PbEvidence *
pb_case_store_add_evidence (PbCaseStore  *self,
                            const char   *case_id,
                            const char   *question_id,
                            const char   *file_name,
                            const char   *media_type,
                            GBytes       *bytes,
                            const char   *user,
                            GError      **error)
{
  g_auto(CaseState) state = { 0 };
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autoptr(sqlite3_stmt) blob = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *now = now_iso8601 ();
  g_autofree char *size_text = NULL;
  g_autofree char *data = NULL;
  gconstpointer content;
  gint64 evidence_id;
  gsize size;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);
  g_return_val_if_fail (question_id != NULL, NULL);
  g_return_val_if_fail (file_name != NULL, NULL);
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  user = effective_user (user);
  content = g_bytes_get_data (bytes, &size);
  if (media_type == NULL)
    media_type = "application/octet-stream";

  if (!refuse_too_large (case_id, question_id, file_name, size, error))
    return NULL;

  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  size_text = g_strdup_printf ("%" G_GSIZE_FORMAT, size);

  if (!begin (self, error))
    return NULL;

  if (!load_case_state (self, case_id, 0, &state, error) ||
      !refuse_sealed (self, case_id, &state, error) ||
      !(questionnaire = load_questionnaire_by_sha (self, state.questionnaire_sha256, error)))
    {
      rollback (self);
      return NULL;
    }

  if (pb_questionnaire_lookup_question (questionnaire, question_id) == NULL)
    {
      rollback (self);
      /* Translators: a question id, a questionnaire id, then a case id */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND,
                   _("There is no question %s in questionnaire %s (case “%s”)"),
                   question_id, pb_questionnaire_get_id (questionnaire), case_id);
      return NULL;
    }

  if (!(blob = prepare (self, "INSERT OR IGNORE INTO blobs (sha256, size, content) VALUES (?1, ?2, ?3)", error)) ||
      !(insert = prepare (self,
                          "INSERT INTO evidence (case_id, revision, question_id, file_name, media_type, sha256, size, added_by, added)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                          error)))
    {
      rollback (self);
      return NULL;
    }

  bind_text (blob, 1, sha256);
  sqlite3_bind_int64 (blob, 2, size);
  sqlite3_bind_blob64 (blob, 3, content, size, SQLITE_STATIC);

  bind_text (insert, 1, case_id);
  sqlite3_bind_int (insert, 2, state.revision);
  bind_text (insert, 3, question_id);
  bind_text (insert, 4, file_name);
  bind_text (insert, 5, media_type);
  bind_text (insert, 6, sha256);
  sqlite3_bind_int64 (insert, 7, size);
  bind_text (insert, 8, user);
  bind_text (insert, 9, now);

  data = data_json ("file_name", file_name, "media_type", media_type, "size", size_text, NULL);

  if (!step (self, blob, error) || !step (self, insert, error))
    {
      rollback (self);
      return NULL;
    }

  evidence_id = sqlite3_last_insert_rowid (self->db);

  if (!append_event (self, case_id, state.revision, now, user, PB_EVENT_EVIDENCE_ADDED,
                     question_id, NULL, sha256, NULL, data, error) ||
      !commit (self, error))
    {
      rollback (self);
      return NULL;
    }

  if (!(select = prepare (self, "SELECT " EVIDENCE_COLUMNS " FROM evidence WHERE id = ?1", error)))
    return NULL;

  sqlite3_bind_int64 (select, 1, evidence_id);
  if (step (self, select, error) != SQLITE_ROW)
    return NULL;

  return evidence_from_row (select);
}

static PbEvidence *
cannot_attach (GFile        *file,
               const char   *case_id,
               const char   *question_id,
               const GError *cause,
               GError      **error)
{
  g_autofree char *name = g_file_get_parse_name (file);

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
                                 const char   *user,
                                 GError      **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *media_type = NULL;
  const char *content_type;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(info = g_file_query_info (file,
                                  G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                                  G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME ","
                                  G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE,
                                  G_FILE_QUERY_INFO_NONE, NULL, &local_error)))
    return cannot_attach (file, case_id, question_id, local_error, error);

  if (!refuse_too_large (case_id, question_id, g_file_info_get_display_name (info),
                         g_file_info_get_size (info), error))
    return NULL;

  if (!(bytes = g_file_load_bytes (file, NULL, NULL, &local_error)))
    return cannot_attach (file, case_id, question_id, local_error, error);

  content_type = g_file_info_get_content_type (info);
  if (content_type != NULL)
    media_type = g_content_type_get_mime_type (content_type);

  return pb_case_store_add_evidence (self, case_id, question_id, g_file_info_get_display_name (info),
                                     media_type, bytes, user, error);
}

GListModel *
pb_case_store_list_evidence (PbCaseStore  *self,
                             const char   *case_id,
                             guint         revision,
                             GError      **error)
{
  g_auto(CaseState) state = { 0 };
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  if (!load_case_state (self, case_id, revision, &state, error) ||
      !(stmt = prepare (self,
                        "SELECT " EVIDENCE_COLUMNS " FROM evidence"
                        " WHERE case_id = ?1 AND revision = ?2 ORDER BY question_id, id",
                        error)))
    return NULL;

  bind_text (stmt, 1, case_id);
  sqlite3_bind_int (stmt, 2, state.revision);

  return collect (self, stmt, PB_TYPE_EVIDENCE, (RowFunc)evidence_from_row, error);
}

GBytes *
pb_case_store_get_evidence_bytes (PbCaseStore  *self,
                                  gint64        evidence_id,
                                  GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);

  if (!(stmt = prepare (self, "SELECT sha256 FROM evidence WHERE id = ?1", error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, evidence_id);
  if ((rc = step (self, stmt, error)) == 0)
    return NULL;

  if (rc == SQLITE_DONE)
    {
      /* Translators: an evidence number, then a file name */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND,
                   _("There is no evidence file %lld in %s"), (long long) evidence_id, self->path);
      return NULL;
    }

  return read_blob (self, column_text (stmt, 0), error);
}

gboolean
pb_case_store_remove_evidence (PbCaseStore  *self,
                               gint64        evidence_id,
                               const char   *reason,
                               const char   *user,
                               GError      **error)
{
  g_auto(CaseState) state = { 0 };
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) remove = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *question_id = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *data = NULL;
  g_autofree char *now = now_iso8601 ();
  guint revision;
  int rc;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!begin (self, error))
    return FALSE;

  if (!(select = prepare (self,
                          "SELECT case_id, revision, question_id, sha256, file_name FROM evidence WHERE id = ?1",
                          error)))
    return rollback (self);

  sqlite3_bind_int64 (select, 1, evidence_id);
  if ((rc = step (self, select, error)) == 0)
    return rollback (self);

  if (rc == SQLITE_DONE)
    {
      rollback (self);
      /* Translators: an evidence number, then a file name */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND,
                   _("There is no evidence file %lld in %s"), (long long) evidence_id, self->path);
      return FALSE;
    }

  case_id = g_strdup (column_text (select, 0));
  revision = sqlite3_column_int (select, 1);
  question_id = g_strdup (column_text (select, 2));
  sha256 = g_strdup (column_text (select, 3));
  data = data_json ("file_name", column_text (select, 4), NULL);

  if (!load_case_state (self, case_id, revision, &state, error) ||
      !refuse_sealed (self, case_id, &state, error))
    return rollback (self);

  if (revision != state.current_revision)
    {
      rollback (self);
      /* Translators: a revision and a case id */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                   _("Revision %u of case “%s” is not the current one"), revision, case_id);
      return FALSE;
    }

  if (state.status != PB_CASE_STATUS_DRAFT && is_blank (reason))
    {
      rollback (self);
      /* Translators: a case id, its status, then a question id */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                   _("Case “%s” is %s: removing evidence from question %s needs a reason"),
                   case_id, pb_case_status_get_label (state.status), question_id);
      return FALSE;
    }

  if (!(remove = prepare (self, "DELETE FROM evidence WHERE id = ?1", error)))
    return rollback (self);

  sqlite3_bind_int64 (remove, 1, evidence_id);
  if (!step (self, remove, error) ||
      !run (self,
            "DELETE FROM blobs WHERE sha256 = ?1"
            "   AND NOT EXISTS (SELECT 1 FROM evidence WHERE sha256 = ?1)"
            "   AND NOT EXISTS (SELECT 1 FROM sign_offs WHERE report_sha256 = ?1)",
            error, 1, sha256) ||
      !append_event (self, case_id, revision, now, effective_user (user), PB_EVENT_EVIDENCE_REMOVED,
                     question_id, sha256, NULL, is_blank (reason) ? NULL : reason, data, error))
    return rollback (self);

  return commit (self, error);
}

/* Public API: status, decisions, sign-off --------------------------------------- */

gboolean
pb_case_store_submit (PbCaseStore  *self,
                      const char   *case_id,
                      const char   *user,
                      GError      **error)
{
  g_auto(CaseState) state = { 0 };
  g_autofree char *now = now_iso8601 ();

  g_return_val_if_fail (PB_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!begin (self, error))
    return FALSE;

  if (!load_case_state (self, case_id, 0, &state, error) ||
      !refuse_sealed (self, case_id, &state, error))
    return rollback (self);

  if (state.status != PB_CASE_STATUS_DRAFT)
    {
      invalid_transition (case_id, &state, PB_CASE_STATUS_SUBMITTED, error);
      return rollback (self);
    }

  if (!change_status_locked (self, case_id, &state, PB_CASE_STATUS_SUBMITTED, NULL, NULL,
                             effective_user (user), now, error))
    return rollback (self);

  return commit (self, error);
}

gboolean
pb_case_store_decide (PbCaseStore   *self,
                      const char    *case_id,
                      PbCaseStatus   decision,
                      const char    *reason,
                      const char    *conditions,
                      const char    *user,
                      GError       **error)
{
  g_auto(CaseState) state = { 0 };
  g_autofree char *now = now_iso8601 ();

  g_return_val_if_fail (PB_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_decision (case_id, decision, reason, conditions, error))
    return FALSE;

  if (!begin (self, error))
    return FALSE;

  if (!load_case_state (self, case_id, 0, &state, error) ||
      !refuse_sealed (self, case_id, &state, error))
    return rollback (self);

  if (state.status != PB_CASE_STATUS_SUBMITTED && !pb_case_status_is_decision (state.status))
    {
      invalid_transition (case_id, &state, decision, error);
      return rollback (self);
    }

  if (!change_status_locked (self, case_id, &state, decision, reason, conditions,
                             effective_user (user), now, error))
    return rollback (self);

  return commit (self, error);
}

gboolean
pb_case_store_return_to_draft (PbCaseStore  *self,
                               const char   *case_id,
                               const char   *reason,
                               const char   *user,
                               GError      **error)
{
  g_auto(CaseState) state = { 0 };
  g_autofree char *now = now_iso8601 ();

  g_return_val_if_fail (PB_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (is_blank (reason))
    {
      /* Translators: a case id */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                   _("Returning case “%s” to draft needs a reason"), case_id);
      return FALSE;
    }

  if (!begin (self, error))
    return FALSE;

  if (!load_case_state (self, case_id, 0, &state, error) ||
      !refuse_sealed (self, case_id, &state, error))
    return rollback (self);

  if (state.status == PB_CASE_STATUS_DRAFT)
    {
      invalid_transition (case_id, &state, PB_CASE_STATUS_DRAFT, error);
      return rollback (self);
    }

  if (!change_status_locked (self, case_id, &state, PB_CASE_STATUS_DRAFT, reason, NULL,
                             effective_user (user), now, error))
    return rollback (self);

  return commit (self, error);
}

PbSignOff *
pb_case_store_sign (PbCaseStore   *self,
                    const char    *case_id,
                    const char    *role,
                    const char    *name,
                    PbCaseStatus   decision,
                    const char    *reason,
                    const char    *conditions,
                    const char    *report_sha256,
                    GBytes        *report,
                    const char    *user,
                    GError       **error)
{
  g_auto(CaseState) state = { 0 };
  g_autoptr(sqlite3_stmt) head = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autofree char *now = now_iso8601 ();
  g_autofree char *fingerprint = NULL;
  g_autofree char *history_head = NULL;
  g_autofree char *data = NULL;
  const char *decision_name;
  PbCaseStatus previous;
  gint64 sign_off_id;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  user = effective_user (user);

  if (is_blank (role) || is_blank (name))
    {
      /* Translators: a case id */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                   _("A sign-off of case “%s” needs the signer’s role and name"), case_id);
      return NULL;
    }

  if (!is_sha256_hex (report_sha256))
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

  if (!begin (self, error))
    return NULL;

  if (!load_case_state (self, case_id, 0, &state, error))
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

      if (is_blank (reason))
        reason = state.reason;
      if (is_blank (conditions))
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
  if (!verify_locked (self, case_id, NULL, NULL, error))
    {
      /* Translators: a case id */
      g_prefix_error (error, _("Case “%s” cannot be signed: "), case_id);
      goto fail;
    }

  decision_name = pb_case_status_to_string (decision);

  if (!(fingerprint = compute_fingerprint (self, case_id, state.revision, error)) ||
      !(head = prepare (self, "SELECT head_hash FROM cases WHERE id = ?1", error)))
    goto fail;

  bind_text (head, 1, case_id);
  if (step (self, head, error) != SQLITE_ROW)
    goto fail;
  history_head = g_strdup (column_text (head, 0));

  if (report != NULL)
    {
      g_autoptr(sqlite3_stmt) blob = NULL;
      gsize size;
      gconstpointer content = g_bytes_get_data (report, &size);

      if (!(blob = prepare (self, "INSERT OR IGNORE INTO blobs (sha256, size, content) VALUES (?1, ?2, ?3)", error)))
        goto fail;

      bind_text (blob, 1, report_sha256);
      sqlite3_bind_int64 (blob, 2, size);
      sqlite3_bind_blob64 (blob, 3, content, size, SQLITE_STATIC);
      if (!step (self, blob, error))
        goto fail;
    }

  data = data_json ("role", role,
                    "name", name,
                    "decision", decision_name,
                    "conditions", conditions,
                    "report_sha256", report_sha256,
                    "answers_fingerprint", fingerprint,
                    "history_head", history_head,
                    NULL);

  if (!append_event (self, case_id, state.revision, now, user, PB_EVENT_SIGNED, NULL,
                     pb_case_status_to_string (previous), "signed", reason, data, error))
    goto fail;

  if (!(insert = prepare (self,
                          "INSERT INTO sign_offs (case_id, revision, event_seq, role, name, decision, reason, conditions,"
                          "                       time, report_sha256, answers_fingerprint, history_head)"
                          " VALUES (?1, ?2, (SELECT head_seq FROM cases WHERE id = ?1), ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                          error)))
    goto fail;

  bind_text (insert, 1, case_id);
  sqlite3_bind_int (insert, 2, state.revision);
  bind_text (insert, 3, role);
  bind_text (insert, 4, name);
  bind_text (insert, 5, decision_name);
  bind_text (insert, 6, reason);
  bind_text (insert, 7, conditions);
  bind_text (insert, 8, now);
  bind_text (insert, 9, report_sha256);
  bind_text (insert, 10, fingerprint);
  bind_text (insert, 11, history_head);
  if (!step (self, insert, error))
    goto fail;

  sign_off_id = sqlite3_last_insert_rowid (self->db);

  if (!state.sealed)
    {
      g_autoptr(sqlite3_stmt) seal = NULL;

      if (!(seal = prepare (self,
                            "UPDATE revisions SET status = 'signed', decision = ?3, reason = ?4, conditions = ?5, sealed = 1"
                            " WHERE case_id = ?1 AND revision = ?2",
                            error)))
        goto fail;

      bind_text (seal, 1, case_id);
      sqlite3_bind_int (seal, 2, state.revision);
      bind_text (seal, 3, decision_name);
      bind_text (seal, 4, reason);
      bind_text (seal, 5, conditions);
      if (!step (self, seal, error))
        goto fail;
    }

  if (!commit (self, error))
    return NULL;

  if (!(select = prepare (self, "SELECT " SIGN_OFF_COLUMNS " FROM sign_offs WHERE id = ?1", error)))
    return NULL;

  sqlite3_bind_int64 (select, 1, sign_off_id);
  if (step (self, select, error) != SQLITE_ROW)
    return NULL;

  return sign_off_from_row (select);

fail:
  rollback (self);
  return NULL;
}

GListModel *
pb_case_store_list_sign_offs (PbCaseStore  *self,
                              const char   *case_id,
                              guint         revision,
                              GError      **error)
{
  g_auto(CaseState) state = { 0 };
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  if (!load_case_state (self, case_id, revision, &state, error) ||
      !(stmt = prepare (self,
                        "SELECT " SIGN_OFF_COLUMNS " FROM sign_offs"
                        " WHERE case_id = ?1 AND revision = ?2 ORDER BY event_seq",
                        error)))
    return NULL;

  bind_text (stmt, 1, case_id);
  sqlite3_bind_int (stmt, 2, state.revision);

  return collect (self, stmt, PB_TYPE_SIGN_OFF, (RowFunc)sign_off_from_row, error);
}

GBytes *
pb_case_store_get_report (PbCaseStore  *self,
                          const char   *case_id,
                          const char   *report_sha256,
                          GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);
  g_return_val_if_fail (report_sha256 != NULL, NULL);

  if (!(stmt = prepare (self, "SELECT 1 FROM sign_offs WHERE case_id = ?1 AND report_sha256 = ?2", error)))
    return NULL;

  bind_text (stmt, 1, case_id);
  bind_text (stmt, 2, report_sha256);
  if ((rc = step (self, stmt, error)) == 0)
    return NULL;

  if (rc == SQLITE_DONE)
    {
      /* Translators: a case id, then a SHA-256 */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND,
                   _("Case “%s” has no signed report with SHA-256 %s"), case_id, report_sha256);
      return NULL;
    }

  return read_blob (self, report_sha256, error);
}

guint
pb_case_store_reopen (PbCaseStore  *self,
                      const char   *case_id,
                      const char   *reason,
                      const char   *user,
                      GError      **error)
{
  g_auto(CaseState) state = { 0 };
  g_autofree char *now = now_iso8601 ();
  g_autofree char *old_text = NULL;
  g_autofree char *new_text = NULL;
  guint revision;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), 0);
  g_return_val_if_fail (case_id != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (is_blank (reason))
    {
      /* Translators: a case id */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                   _("Reopening case “%s” needs a reason"), case_id);
      return 0;
    }

  if (!begin (self, error))
    return 0;

  if (!load_case_state (self, case_id, 0, &state, error))
    goto fail;

  if (!verify_locked (self, case_id, NULL, NULL, error))
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

  if (!run (self,
            "INSERT INTO revisions (case_id, revision, status, created, outcome, n_answers)"
            " SELECT case_id, ?3, 'draft', ?4, outcome, n_answers FROM revisions"
            "  WHERE case_id = ?1 AND revision = ?2",
            error, 4, case_id, old_text, new_text, now) ||
      !run (self,
            "INSERT INTO answers (case_id, revision, question_id, value, comment, evidence_note, user, updated)"
            " SELECT case_id, ?3, question_id, value, comment, evidence_note, user, updated FROM answers"
            "  WHERE case_id = ?1 AND revision = ?2",
            error, 3, case_id, old_text, new_text) ||
      !run (self,
            "INSERT INTO evidence (case_id, revision, question_id, file_name, media_type, sha256, size, added_by, added)"
            " SELECT case_id, ?3, question_id, file_name, media_type, sha256, size, added_by, added FROM evidence"
            "  WHERE case_id = ?1 AND revision = ?2 ORDER BY id",
            error, 3, case_id, old_text, new_text) ||
      !run (self, "UPDATE cases SET current_revision = ?2 WHERE id = ?1", error, 2, case_id, new_text) ||
      !append_event (self, case_id, revision, now, effective_user (user), PB_EVENT_REOPENED, NULL,
                     old_text, new_text, reason, NULL, error) ||
      !commit (self, error))
    goto fail;

  return revision;

fail:
  rollback (self);
  return 0;
}

/* Public API: history and integrity --------------------------------------------- */

GListModel *
pb_case_store_list_history (PbCaseStore  *self,
                            const char   *case_id,
                            GError      **error)
{
  g_auto(CaseState) state = { 0 };
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  if (!load_case_state (self, case_id, 0, &state, error) ||
      !(stmt = prepare (self, "SELECT " EVENT_COLUMNS " FROM events WHERE case_id = ?1 ORDER BY seq", error)))
    return NULL;

  bind_text (stmt, 1, case_id);

  return collect (self, stmt, PB_TYPE_HISTORY_EVENT, (RowFunc)history_event_from_row, error);
}

char *
pb_case_store_get_answers_fingerprint (PbCaseStore  *self,
                                       const char   *case_id,
                                       guint         revision,
                                       GError      **error)
{
  g_auto(CaseState) state = { 0 };

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  if (!load_case_state (self, case_id, revision, &state, error))
    return NULL;

  return compute_fingerprint (self, case_id, state.revision, error);
}

char *
pb_case_store_get_history_head (PbCaseStore  *self,
                                const char   *case_id,
                                guint        *n_events,
                                GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  if (!(stmt = prepare (self, "SELECT head_hash, head_seq FROM cases WHERE id = ?1", error)))
    return NULL;

  bind_text (stmt, 1, case_id);
  if ((rc = step (self, stmt, error)) == 0)
    return NULL;
  if (rc == SQLITE_DONE)
    {
      case_not_found (self, case_id, error);
      return NULL;
    }

  if (n_events != NULL)
    *n_events = sqlite3_column_int (stmt, 1);

  return g_strdup (column_text (stmt, 0));
}

gboolean
pb_case_store_verify_case (PbCaseStore  *self,
                           const char   *case_id,
                           guint        *n_events,
                           guint        *broken_event,
                           GError      **error)
{
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
  if (!exec (self, "BEGIN", error))
    return FALSE;

  ok = verify_locked (self, case_id, n_events, broken_event, error);
  rollback (self);

  return ok;
}

/* Public API: case files ---------------------------------------------------------- */

gboolean
pb_case_store_export_case (PbCaseStore  *self,
                           const char   *case_id,
                           const char   *path,
                           GError      **error)
{
  g_autoptr(PbCaseStore) target = NULL;
  g_autoptr(PbCaseInfo) info = NULL;
  g_autofree char *uri = NULL;
  gboolean ok;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(info = pb_case_store_get_case (self, case_id, error)))
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

  uri = path_to_uri (path, NULL);
  ok = ok && run (self, "ATTACH DATABASE ?1 AS casefile", error, 1, uri);
  if (ok)
    {
      g_autoptr(GError) local_error = NULL;

      ok = exec (self, "BEGIN IMMEDIATE", &local_error) &&
           copy_case_locked (self, "main", "casefile", case_id, &local_error) &&
           commit (self, &local_error);
      if (!ok)
        rollback (self);
      sqlite3_exec (self->db, "DETACH DATABASE casefile", NULL, NULL, NULL);

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
        ok = exec (target, "PRAGMA wal_checkpoint(TRUNCATE)", error) &&
             exec (target, "PRAGMA journal_mode = DELETE", error);
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
  g_return_val_if_fail (PB_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (changed != NULL)
    *changed = FALSE;

  return import_case_file (self, path, case_id, changed, error);
}
