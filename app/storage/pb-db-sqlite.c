/* pb-db-sqlite.c: a connection to an SQLite file: how it is opened (limits,
 * an untrusted schema, the store's SQL functions), its statements, and
 * SQLite's errors in words a person can act on
 *
 * What is done to the file itself (checks before opening, WAL, migrations,
 * backups, private copies) is pb-case-store-open.c's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-db"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "pb-db-sqlite.h"
#include "pb-db-sqlite-reads.h"
#include "pb-i18n.h"
#include "pb-json.h"
#include "pb-storage-types.h"

#define BUSY_TIMEOUT_MS 30000
/* A checkpoint is asked for once the WAL holds this many pages (SQLite's
 * own default), and done in the commit that reaches the second bound, so
 * that a writer that never pauses still keeps the WAL bounded. */
#define CHECKPOINT_PAGES      1000
#define CHECKPOINT_PAGES_MAX  (4 * CHECKPOINT_PAGES)

struct _PbDbSqlite
{
  PbDb     parent_instance;

  sqlite3     *db;
  char        *uri;
  guint        busy_timeout_ms;

  /* Checkpoints in a worker thread, on a connection of its own. */
  GThreadPool *checkpointer;
  sqlite3     *checkpoint_db;
  int          checkpoint_asked_at;   /* pages in the WAL then */
};

typedef struct
{
  PbDbStmt      parent;
  sqlite3_stmt *stmt;
} SqliteStmt;

G_DEFINE_FINAL_TYPE (PbDbSqlite, pb_db_sqlite, PB_TYPE_DB)

#define HANDLE(stmt) (((SqliteStmt *) (stmt))->stmt)

/* Errors ---------------------------------------------------------------------- */

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

static gboolean
set_error_from (PbDbSqlite  *self,
                sqlite3     *db,
                GError     **error)
{
  const char *name = pb_db_get_name (PB_DB (self));
  const char *message = sqlite3_errmsg (db);
  int rc = sqlite3_extended_errcode (db);

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      /* Translators: a file name */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO,
                   _("Could not save to %s: the disk is full. This change was not saved; "
                     "everything saved before it is intact. Free some space and try again."),
                   name);
      return FALSE;

    case SQLITE_IOERR:
      /* Translators: a file name, then SQLite's words such as "disk I/O error" */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO,
                   _("Could not read or write %s (%s): the disk, or a limit on the size of files, "
                     "refused it. This change was not saved; everything saved before it is intact."),
                   name, message);
      return FALSE;

    case SQLITE_READONLY:
      /* Translators: a file name */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_READ_ONLY,
                   _("Could not save to %s: the file or its folder may not be written. "
                     "This change was not saved."),
                   name);
      return FALSE;

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      {
        guint seconds = MAX (1, (self->busy_timeout_ms + 999) / 1000);

        /* Translators: a file name, then a number of seconds */
        g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_BUSY,
                     pb_dngettext (GETTEXT_PACKAGE,
                                   "%s stayed locked by another program for %u second; nothing was changed. "
                                   "Try again once it is done.",
                                   "%s stayed locked by another program for %u seconds; nothing was changed. "
                                   "Try again once it is done.", seconds),
                     name, seconds);
        return FALSE;
      }

    default:
      break;
    }

  /* Translators: the first placeholder is a file name, the second SQLite's message */
  g_set_error (error, PB_STORAGE_ERROR, error_code_for_sqlite (rc, message),
               _("%s: %s"), name, message);
  return FALSE;
}

static gboolean
is_ascii (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    if (*p >= 0x80)
      return FALSE;

  return TRUE;
}

/* The store's SQL functions ------------------------------------------------------ */

static void
casefold_func (sqlite3_context  *context,
               int               argc,
               sqlite3_value   **argv)
{
  const char *text = (const char *)sqlite3_value_text (argv[0]);

  if (text == NULL)
    {
      sqlite3_result_null (context);
      return;
    }

  /* ASCII folds to its lower case, without a look-up of each character:
   * finding a customer by name folds the name of every customer. */
  if (is_ascii (text))
    sqlite3_result_text (context, g_ascii_strdown (text, -1), -1, g_free);
  else
    sqlite3_result_text (context, g_utf8_casefold (text, -1), -1, g_free);
}

static inline char
ascii_lower (char c)
{
  return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Whether @haystack, all ASCII, holds @needle, ASCII and lowercase,
 * ignoring case. Inline and looking for the first byte first: a search
 * runs it on the names and aliases of every customer. */
static gboolean
ascii_contains (const char *haystack,
                const char *needle)
{
  gsize n = strlen (needle);

  if (n == 0)
    return TRUE;

  for (const char *p = haystack; *p != '\0'; p++)
    {
      gsize i = 1;

      if (ascii_lower (*p) != needle[0])
        continue;
      while (i < n && p[i] != '\0' && ascii_lower (p[i]) == needle[i])
        i++;
      if (i == n)
        return TRUE;
    }

  return FALSE;
}

/* pb_contains (TEXT, NEEDLE): whether pb_casefold (TEXT) contains NEEDLE,
 * which the caller has folded once. Lists search the names of 100,000
 * customers with it: ASCII names are compared without a copy. */
static void
contains_func (sqlite3_context  *context,
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

/* pb_words (VALUE): the text of an answer's JSON value, for the full-text
 * index: a string decoded (so that an escaped line break does not glue two
 * words), the items of a list one per line; anything else as it is. */
static void
words_func (sqlite3_context  *context,
            int               argc,
            sqlite3_value   **argv)
{
  const char *value = (const char *) sqlite3_value_text (argv[0]);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GString) words = NULL;
  int length;

  if (value == NULL)
    {
      sqlite3_result_null (context);
      return;
    }

  /* Most answers: a string with nothing to decode. */
  length = sqlite3_value_bytes (argv[0]);
  if (pb_json_is_plain_string (value, length))
    {
      sqlite3_result_text (context, value + 1, length - 2, SQLITE_TRANSIENT);
      return;
    }

  if ((value[0] != '"' && value[0] != '[') || !(node = json_from_string (value, NULL)))
    {
      sqlite3_result_value (context, argv[0]);
      return;
    }

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      sqlite3_result_text (context, json_node_get_string (node), -1, SQLITE_TRANSIENT);
      return;
    }

  words = g_string_new (NULL);
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *items = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonNode *item = json_array_get_element (items, i);

          if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
            g_string_append_printf (words, "%s\n", json_node_get_string (item));
        }
    }
  sqlite3_result_text (context, words->str, words->len, SQLITE_TRANSIENT);
}

/* Row sets ------------------------------------------------------------------- */

/* Ids up to this are bits (at most 8 MiB); any above, which only a file
 * made by hand holds, are kept in a hash table. */
#define ROW_SET_MAX_BIT ((gint64) 1 << 26)

struct _PbDbRowSet
{
  guint64    *words;
  gsize       n_words;
  GHashTable *others;   /* gint64 *, for ids outside the bits */
  guint       size;
};

PbDbRowSet *
pb_db_row_set_new (void)
{
  return g_new0 (PbDbRowSet, 1);
}

void
pb_db_row_set_free (PbDbRowSet *set)
{
  if (set == NULL)
    return;

  g_free (set->words);
  g_clear_pointer (&set->others, g_hash_table_unref);
  g_free (set);
}

gboolean
pb_db_row_set_contains (const PbDbRowSet *set,
                        gint64            id)
{
  if (id >= 0 && id < ROW_SET_MAX_BIT)
    return (gsize) (id / 64) < set->n_words && (set->words[id / 64] & ((guint64) 1 << (id % 64))) != 0;

  return set->others != NULL && g_hash_table_contains (set->others, &id);
}

void
pb_db_row_set_add (PbDbRowSet *set,
                   gint64      id)
{
  if (pb_db_row_set_contains (set, id))
    return;

  set->size++;
  if (id >= 0 && id < ROW_SET_MAX_BIT)
    {
      gsize word = id / 64;

      if (word >= set->n_words)
        {
          gsize n = MAX (word + 1, set->n_words * 2);

          set->words = g_renew (guint64, set->words, n);
          memset (set->words + set->n_words, 0, (n - set->n_words) * sizeof (guint64));
          set->n_words = n;
        }
      set->words[word] |= (guint64) 1 << (id % 64);
      return;
    }

  if (set->others == NULL)
    set->others = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_hash_table_add (set->others, g_memdup2 (&id, sizeof id));
}

/* Adds every id of @other to @set. */
void
pb_db_row_set_add_all (PbDbRowSet       *set,
                       const PbDbRowSet *other)
{
  if (other->n_words > set->n_words)
    {
      set->words = g_renew (guint64, set->words, other->n_words);
      memset (set->words + set->n_words, 0, (other->n_words - set->n_words) * sizeof (guint64));
      set->n_words = other->n_words;
    }
  for (gsize w = 0; w < other->n_words; w++)
    {
      set->size += __builtin_popcountll (other->words[w] & ~set->words[w]);
      set->words[w] |= other->words[w];
    }

  if (other->others != NULL)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, other->others);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        pb_db_row_set_add (set, *(gint64 *) key);
    }
}

/* Keeps in @set only the ids @other holds too. */
void
pb_db_row_set_keep_all (PbDbRowSet       *set,
                        const PbDbRowSet *other)
{
  set->size = 0;
  for (gsize w = 0; w < set->n_words; w++)
    {
      set->words[w] &= w < other->n_words ? other->words[w] : 0;
      set->size += __builtin_popcountll (set->words[w]);
    }

  if (set->others != NULL)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, set->others);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (other->others == NULL || !g_hash_table_contains (other->others, key))
          g_hash_table_iter_remove (&iter);
      set->size += g_hash_table_size (set->others);
    }
}

guint
pb_db_row_set_get_size (const PbDbRowSet *set)
{
  return set->size;
}

/* The ids in @set, in ascending order. */
GArray *
pb_db_row_set_to_array (const PbDbRowSet *set)
{
  GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), set->size);

  for (gsize w = 0; w < set->n_words; w++)
    for (guint64 bits = set->words[w]; bits != 0; bits &= bits - 1)
      {
        gint64 id = (gint64) (w * 64 + __builtin_ctzll (bits));

        g_array_append_val (ids, id);
      }
  if (set->others != NULL)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, set->others);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_array_append_val (ids, *(gint64 *) key);
    }
  g_array_sort (ids, (GCompareFunc) pb_db_row_set_compare_ids);

  return ids;
}

int
pb_db_row_set_compare_ids (const gint64 *a,
                           const gint64 *b)
{
  return (*a > *b) - (*a < *b);
}

#define ROW_SET_POINTER_TYPE "probity-row-set"

/* pb_in (SET, ID): whether ID is in SET, a PbDbRowSet the statement was
 * given (pb_db_sqlite_stmt_bind_row_set()); false for any other SET. */
static void
in_func (sqlite3_context  *context,
         int               argc,
         sqlite3_value   **argv)
{
  const PbDbRowSet *set = sqlite3_value_pointer (argv[0], ROW_SET_POINTER_TYPE);

  sqlite3_result_int (context, set != NULL && sqlite3_value_type (argv[1]) == SQLITE_INTEGER &&
                               pb_db_row_set_contains (set, sqlite3_value_int64 (argv[1])));
}

void
pb_db_sqlite_stmt_bind_row_set (PbDbStmt         *stmt,
                                int               index,
                                const PbDbRowSet *set)
{
  sqlite3_bind_pointer (((SqliteStmt *) stmt)->stmt, index, (void *) set, ROW_SET_POINTER_TYPE, NULL);
}

/* Each innocuous, so that a file's schema may call it with TRUSTED_SCHEMA
 * off (the view search_source calls pb_words); pb_in() only from the
 * store's own statements. */
static void
register_functions (sqlite3 *db)
{
  const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;

  sqlite3_create_function (db, "pb_casefold", 1, flags, NULL, casefold_func, NULL, NULL);
  sqlite3_create_function (db, "pb_contains", 2, flags, NULL, contains_func, NULL, NULL);
  sqlite3_create_function (db, "pb_words", 1, flags, NULL, words_func, NULL, NULL);
  sqlite3_create_function (db, "pb_in", 2, SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL, in_func, NULL, NULL);
}

/* Statements ------------------------------------------------------------------- */

static PbDbStmt *
prepare_with_flags (PbDb         *db,
                    const char   *sql,
                    unsigned int  flags,
                    GError      **error)
{
  PbDbSqlite *self = PB_DB_SQLITE (db);
  sqlite3_stmt *handle = NULL;
  SqliteStmt *stmt;

  if (sqlite3_prepare_v3 (self->db, sql, -1, flags, &handle, NULL) != SQLITE_OK)
    {
      set_error_from (self, self->db, error);
      return NULL;
    }

  stmt = g_new0 (SqliteStmt, 1);
  stmt->parent.db = db;
  stmt->stmt = handle;

  return &stmt->parent;
}

static PbDbStmt *
pb_db_sqlite_prepare (PbDb        *db,
                      const char  *sql,
                      GError     **error)
{
  return prepare_with_flags (db, sql, 0, error);
}

/* Kept by the connection: out of SQLite's lookaside memory, which is for
 * statements that come and go. */
static PbDbStmt *
pb_db_sqlite_prepare_persistent (PbDb        *db,
                                 const char  *sql,
                                 GError     **error)
{
  return prepare_with_flags (db, sql, SQLITE_PREPARE_PERSISTENT, error);
}

static void
pb_db_sqlite_stmt_free (PbDbStmt *stmt)
{
  sqlite3_finalize (HANDLE (stmt));
  g_free (stmt);
}

static void
pb_db_sqlite_reset (PbDbStmt *stmt)
{
  sqlite3_reset (HANDLE (stmt));
  sqlite3_clear_bindings (HANDLE (stmt));
}

static void
pb_db_sqlite_bind_text (PbDbStmt   *stmt,
                        int         index,
                        const char *text)
{
  sqlite3_bind_text (HANDLE (stmt), index, text, -1, SQLITE_TRANSIENT);
}

static void
pb_db_sqlite_bind_int64 (PbDbStmt *stmt,
                         int       index,
                         gint64    value)
{
  sqlite3_bind_int64 (HANDLE (stmt), index, value);
}

static void
pb_db_sqlite_bind_blob (PbDbStmt      *stmt,
                        int            index,
                        gconstpointer  data,
                        gsize          size)
{
  /* SQLITE_STATIC: blobs run to 64 MiB and their owner keeps them. An
   * empty blob is still a blob, not NULL. */
  sqlite3_bind_blob64 (HANDLE (stmt), index, data != NULL ? data : "", size, SQLITE_STATIC);
}

static int
pb_db_sqlite_step (PbDbStmt  *stmt,
                   GError   **error)
{
  int rc = sqlite3_step (HANDLE (stmt));

  if (rc == SQLITE_ROW)
    return PB_DB_ROW;
  if (rc == SQLITE_DONE)
    return PB_DB_DONE;

  set_error_from (PB_DB_SQLITE (stmt->db), sqlite3_db_handle (HANDLE (stmt)), error);
  return 0;
}

static int
pb_db_sqlite_column_count (PbDbStmt *stmt)
{
  return sqlite3_column_count (HANDLE (stmt));
}

static gboolean
pb_db_sqlite_column_is_null (PbDbStmt *stmt,
                             int       index)
{
  return sqlite3_column_type (HANDLE (stmt), index) == SQLITE_NULL;
}

static const char *
pb_db_sqlite_column_text (PbDbStmt *stmt,
                          int       index)
{
  return (const char *) sqlite3_column_text (HANDLE (stmt), index);
}

static gint64
pb_db_sqlite_column_int64 (PbDbStmt *stmt,
                           int       index)
{
  return sqlite3_column_int64 (HANDLE (stmt), index);
}

static gconstpointer
pb_db_sqlite_column_blob (PbDbStmt *stmt,
                          int       index,
                          gsize    *size)
{
  gconstpointer data = sqlite3_column_blob (HANDLE (stmt), index);

  *size = sqlite3_column_bytes (HANDLE (stmt), index);

  return data;
}

/* The connection ------------------------------------------------------------------ */

/* Whether @sql begins or ends a transaction: a store does at every save
 * and every list read, and sqlite3_exec () compiled it again each time
 * (a twentieth of reading a list's first rows). */
static gboolean
is_transaction_control (const char *sql)
{
  return g_str_equal (sql, "BEGIN") || g_str_equal (sql, "BEGIN IMMEDIATE") ||
         g_str_equal (sql, "COMMIT") || g_str_equal (sql, "ROLLBACK");
}

static gboolean
pb_db_sqlite_exec (PbDb        *db,
                   const char  *sql,
                   GError     **error)
{
  PbDbSqlite *self = PB_DB_SQLITE (db);

  if (is_transaction_control (sql))
    {
      g_autoptr(PbDbStmt) stmt = pb_db_prepare_cached (db, sql, error);

      return stmt != NULL && pb_db_stmt_step (stmt, error) != 0;
    }

  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return set_error_from (self, self->db, error);

  return TRUE;
}

static gboolean
pb_db_sqlite_begin (PbDb    *db,
                    GError **error)
{
  /* IMMEDIATE takes the write lock up front, so two processes queue on the
   * busy timeout instead of failing on a lock upgrade. */
  return pb_db_sqlite_exec (db, "BEGIN IMMEDIATE", error);
}

static gboolean
pb_db_sqlite_in_transaction (PbDb *db)
{
  return !sqlite3_get_autocommit (PB_DB_SQLITE (db)->db);
}

/* Checkpoints ------------------------------------------------------------------- */

/* In the checkpointer's thread: the pages the WAL holds are copied into
 * the database while the writer goes on (PASSIVE takes no lock a writer
 * or a reader waits for). Its own connection, since the writer's is the
 * writer's thread's; SQLite's connections in one process share its
 * locks, and its descriptors stay open until the last one closes. */
static void
checkpoint_in_thread (gpointer data,
                      gpointer user_data)
{
  PbDbSqlite *self = user_data;

  if (self->checkpoint_db == NULL)
    {
      if (sqlite3_open_v2 (self->uri, &self->checkpoint_db,
                           SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
        {
          /* The writer's own checkpoint (CHECKPOINT_PAGES_MAX) stands in. */
          g_debug ("Could not open %s to checkpoint it: %s", self->uri, sqlite3_errmsg (self->checkpoint_db));
          g_clear_pointer (&self->checkpoint_db, sqlite3_close_v2);
          return;
        }
      sqlite3_db_config (self->checkpoint_db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
      sqlite3_db_config (self->checkpoint_db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
      sqlite3_exec (self->checkpoint_db, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
    }

  /* BUSY (another checkpoint under way) leaves the work to the next. */
  sqlite3_wal_checkpoint_v2 (self->checkpoint_db, "main", SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
}

/* After every commit, in the writer's thread, with the number of pages
 * the WAL holds: one checkpoint is asked for per CHECKPOINT_PAGES pages
 * written, as SQLite's own hook does. A write that begins after a
 * checkpoint copied all of the WAL starts it again from its beginning.
 * Writes that follow each other too closely for that (an import, a
 * benchmark) let it grow to CHECKPOINT_PAGES_MAX, where the writer copies
 * what the worker has not, and the next write starts it again. */
static int
wal_hook_cb (void       *data,
             sqlite3    *db,
             const char *name,
             int         n_pages)
{
  PbDbSqlite *self = data;

  if (strcmp (name, "main") != 0)
    return SQLITE_OK;

  if (n_pages < self->checkpoint_asked_at)
    self->checkpoint_asked_at = 0;

  if (n_pages >= CHECKPOINT_PAGES_MAX)
    sqlite3_wal_checkpoint_v2 (db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
  else if (n_pages - self->checkpoint_asked_at >= CHECKPOINT_PAGES)
    {
      self->checkpoint_asked_at = n_pages;
      g_thread_pool_push (self->checkpointer, self, NULL);
    }

  return SQLITE_OK;
}

static void
pb_db_sqlite_finalize (GObject *object)
{
  PbDbSqlite *self = (PbDbSqlite *)object;

  /* The writer's connection closes last, and SQLite folds the WAL in as it
   * always did. */
  pb_db_sqlite_end_checkpoints (self);
  g_clear_pointer (&self->db, sqlite3_close_v2);
  g_clear_pointer (&self->uri, g_free);

  G_OBJECT_CLASS (pb_db_sqlite_parent_class)->finalize (object);
}

static void
pb_db_sqlite_class_init (PbDbSqliteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  PbDbClass *db_class = PB_DB_CLASS (klass);

  object_class->finalize = pb_db_sqlite_finalize;

  db_class->kind = PB_DB_KIND_SQLITE;
  db_class->prepare = pb_db_sqlite_prepare;
  db_class->prepare_persistent = pb_db_sqlite_prepare_persistent;
  db_class->exec = pb_db_sqlite_exec;
  db_class->begin = pb_db_sqlite_begin;
  db_class->in_transaction = pb_db_sqlite_in_transaction;
  db_class->stmt_free = pb_db_sqlite_stmt_free;
  db_class->reset = pb_db_sqlite_reset;
  db_class->bind_text = pb_db_sqlite_bind_text;
  db_class->bind_int64 = pb_db_sqlite_bind_int64;
  db_class->bind_blob = pb_db_sqlite_bind_blob;
  db_class->step = pb_db_sqlite_step;
  db_class->column_count = pb_db_sqlite_column_count;
  db_class->column_is_null = pb_db_sqlite_column_is_null;
  db_class->column_text = pb_db_sqlite_column_text;
  db_class->column_int64 = pb_db_sqlite_column_int64;
  db_class->column_blob = pb_db_sqlite_column_blob;
}

static void
pb_db_sqlite_init (PbDbSqlite *self)
{
  self->busy_timeout_ms = BUSY_TIMEOUT_MS;
}

/* Public API ------------------------------------------------------------------------ */

/* A file:// URI for SQLite, with @query (may be NULL) appended: never a
 * file name that SQLite might read as a URI of its own. */
char *
pb_db_sqlite_path_to_uri (const char *path,
                          const char *query)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (file);

  return query != NULL ? g_strconcat (uri, "?", query, NULL) : g_steal_pointer (&uri);
}

static PbDb *
open_uri (const char  *uri,
          gboolean     read_only,
          const char  *name,
          GError     **error)
{
  g_autoptr(PbDbSqlite) self = g_object_new (PB_TYPE_DB_SQLITE, NULL);
  int open_flags = SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX |
                   (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE);

  self->uri = g_strdup (uri);
  pb_db_set_name (PB_DB (self), name);
  /* The default VFS, telling which pages are read (the file's check). */
  if (sqlite3_open_v2 (uri, &self->db, open_flags, pb_db_sqlite_reads_vfs ()) != SQLITE_OK)
    return set_error_from (self, self->db, error), NULL;

  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, self->busy_timeout_ms);
  sqlite3_limit (self->db, SQLITE_LIMIT_LENGTH, PB_DB_VALUE_MAX_SIZE);
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  register_functions (self->db);

  return PB_DB (g_steal_pointer (&self));
}

/* Opens @file_path, with the URI parameters @query (may be NULL); @name
 * is what messages call it. Whatever the file holds: no value larger than
 * any the store writes is ever loaded, no schema object calls a function
 * with side effects, and no statement writes the file's pages directly. */
PbDb *
pb_db_sqlite_open (const char  *file_path,
                   gboolean     read_only,
                   const char  *query,
                   const char  *name,
                   GError     **error)
{
  g_autofree char *uri = NULL;

  g_return_val_if_fail (file_path != NULL, NULL);

  uri = pb_db_sqlite_path_to_uri (file_path, query);

  return open_uri (uri, read_only, name != NULL ? name : file_path, error);
}

/* Another connection on the file @self is open on, as @self opened it,
 * for reading only: for a long read beside the connection that writes
 * (the whole file's check). SQLite's connections in one process share
 * its locks, as the checkpointer's does. */
PbDb *
pb_db_sqlite_open_reader (PbDbSqlite  *self,
                          GError     **error)
{
  g_return_val_if_fail (PB_IS_DB_SQLITE (self), NULL);

  return open_uri (self->uri, TRUE, pb_db_get_name (PB_DB (self)), error);
}

/* For a file found damaged: nothing more of what this connection holds is
 * written into it, no checkpoint, not even when it closes. What was
 * committed stays in the WAL next to it, which SQLite reads with it. The
 * store refuses the writes (pb-case-store.c). */
void
pb_db_sqlite_stop_writing (PbDbSqlite *self)
{
  g_return_if_fail (PB_IS_DB_SQLITE (self));

  pb_db_sqlite_end_checkpoints (self);
  sqlite3_wal_autocheckpoint (self->db, 0);
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
}

/* A database in memory, for what the store builds to compare with. */
PbDb *
pb_db_sqlite_open_memory (GError **error)
{
  g_autoptr(PbDbSqlite) self = g_object_new (PB_TYPE_DB_SQLITE, NULL);

  pb_db_set_name (PB_DB (self), ":memory:");
  if (sqlite3_open_v2 (":memory:", &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, NULL) != SQLITE_OK)
    return set_error_from (self, self->db, error), NULL;

  sqlite3_db_config (self->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
  register_functions (self->db);

  return PB_DB (g_steal_pointer (&self));
}

/* For what only the file's engine does: attaching a case file, a bound on
 * the time a statement runs, SQLite's own reading of its file. */
sqlite3 *
pb_db_sqlite_get_handle (PbDbSqlite *self)
{
  g_return_val_if_fail (PB_IS_DB_SQLITE (self), NULL);

  return self->db;
}

/* The primary result code of the last call that failed. */
int
pb_db_sqlite_get_error_code (PbDbSqlite *self)
{
  g_return_val_if_fail (PB_IS_DB_SQLITE (self), SQLITE_ERROR);

  return sqlite3_extended_errcode (self->db) & 0xff;
}

/* Sets @error from the last call that failed on the handle; FALSE. */
gboolean
pb_db_sqlite_set_error (PbDbSqlite  *self,
                        GError     **error)
{
  g_return_val_if_fail (PB_IS_DB_SQLITE (self), FALSE);

  return set_error_from (self, self->db, error);
}

void
pb_db_sqlite_set_busy_timeout (PbDbSqlite *self,
                               guint       timeout_ms)
{
  g_return_if_fail (PB_IS_DB_SQLITE (self));

  self->busy_timeout_ms = timeout_ms;
  sqlite3_busy_timeout (self->db, timeout_ms);
}

/* Checkpoints the WAL in a worker thread, off the writer's commits: an
 * autosave waits for its own fsync, never for a checkpoint's (about one
 * commit in 40 ran one: writing up to 1,000 pages into the database and
 * syncing it). Durability is the WAL's, as before. For a connection in
 * WAL mode that writes. */
gboolean
pb_db_sqlite_checkpoint_in_background (PbDbSqlite  *self,
                                       GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (PB_IS_DB_SQLITE (self), FALSE);
  g_return_val_if_fail (self->checkpointer == NULL, FALSE);

  if (!(self->checkpointer = g_thread_pool_new (checkpoint_in_thread, self, 1, FALSE, &local_error)))
    {
      g_set_error_literal (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO, local_error->message);
      return FALSE;
    }

  /* In place of SQLite's own hook, which checkpoints in the commit. */
  sqlite3_wal_hook (self->db, wal_hook_cb, self);

  return TRUE;
}

/* Waits for the checkpoint under way, closes the worker's connection and
 * gives checkpoints back to the writer's commits: for what needs the file
 * to itself (leaving WAL mode). */
void
pb_db_sqlite_end_checkpoints (PbDbSqlite *self)
{
  g_return_if_fail (PB_IS_DB_SQLITE (self));

  if (self->checkpointer == NULL)
    return;

  g_thread_pool_free (g_steal_pointer (&self->checkpointer), FALSE, TRUE);
  g_clear_pointer (&self->checkpoint_db, sqlite3_close_v2);
  sqlite3_wal_autocheckpoint (self->db, CHECKPOINT_PAGES);
}

/* Copies the database, through SQLite (which reads the WAL too and never
 * touches the file behind its own back), into @dest_path, created if need
 * be. The error's message is SQLite's, for the caller to put in words. */
gboolean
pb_db_sqlite_backup_to (PbDbSqlite  *self,
                        const char  *dest_path,
                        GError     **error)
{
  g_autofree char *uri = pb_db_sqlite_path_to_uri (dest_path, NULL);
  sqlite3_backup *backup;
  sqlite3 *dest = NULL;
  int rc;

  g_return_val_if_fail (PB_IS_DB_SQLITE (self), FALSE);

  rc = sqlite3_open_v2 (uri, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI, NULL);
  if (rc == SQLITE_OK)
    {
      if ((backup = sqlite3_backup_init (dest, "main", self->db, "main")) != NULL)
        {
          sqlite3_backup_step (backup, -1);
          sqlite3_backup_finish (backup);
        }
      rc = sqlite3_errcode (dest);
    }

  if (rc != SQLITE_OK)
    g_set_error_literal (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_IO,
                         dest != NULL ? sqlite3_errmsg (dest) : sqlite3_errstr (rc));

  sqlite3_close (dest);

  return rc == SQLITE_OK;
}

/* Whether this connection has made the TEMP table @table. */
gboolean
pb_db_sqlite_has_temp_table (PbDbSqlite *self,
                             const char *table)
{
  g_return_val_if_fail (PB_IS_DB_SQLITE (self), FALSE);

  return sqlite3_table_column_metadata (self->db, "temp", table, NULL, NULL, NULL, NULL, NULL, NULL) == SQLITE_OK;
}

/* @func is called every @n_steps steps of a statement, and stops it by
 * returning non-zero; a @func of NULL removes it. */
void
pb_db_sqlite_set_progress_handler (PbDbSqlite  *self,
                                   int          n_steps,
                                   int        (*func) (void *),
                                   void        *data)
{
  g_return_if_fail (PB_IS_DB_SQLITE (self));

  sqlite3_progress_handler (self->db, n_steps, func, data);
}
