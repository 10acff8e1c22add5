/* pb-case-store-search.c: full-text search over what the cases say
 *
 * The words of the answers, comments, evidence notes and evidence file
 * names of every revision of a case, in an SQLite FTS5 index that triggers
 * keep in step with every write to those tables, in the same transaction.
 * This is the only file that knows FTS5. A server (PostgreSQL) keeps GIN
 * indexes of the same words on its answers and evidence
 * (postgresql/schema-v4.sql), which search_cases() reads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-case-store"

#include "config.h"

#include <string.h>

#include "pb-i18n.h"

#include "pb-case-store-private.h"
#include "pb-db-sqlite.h"

/* What a search reads of one user's text: enough words for any query a
 * person types, few enough that no text makes the query slow. */
#define MAX_WORDS      16
#define MAX_WORD_CHARS 64
/* A word shorter than this many bytes is matched whole, not as the start
 * of longer words: "a*" would read the postings of most of the index.
 * Bytes, not characters: two Chinese characters are a word begun ("上海"
 * finds "上海市公安局", which the tokenizer keeps as one word). */
#define MIN_PREFIX_BYTES 3
/* A search of one shorter word looks in the names only. */
#define MIN_WORD_BYTES 2

/* One document per case: its search_text rowid is the case's case_list
 * id. Its text is search_source's: the distinct answers of all its
 * revisions (each value JSON decoded, so that an escaped line break does
 * not glue two words, with its comment and evidence note) and the names of
 * its evidence files, each field cut at SEARCH_FIELD_CHARS characters so
 * that no case costs much to index again after an answer. */
#define SEARCH_FIELD_CHARS "8000"

/* The cases whose document is to be written again: marked by the
 * connection's triggers, written by _pb_case_store_search_flush(). No
 * INSERT OR IGNORE: the conflict clause of the statement that fires a
 * trigger would override it. */
#define MARK(id) \
  "INSERT INTO search_dirty (case_id) SELECT " id " WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE case_id = " id ");\n"

#define KEEP_IN_STEP(table) \
  "CREATE TEMP TRIGGER IF NOT EXISTS search_" table "_insert AFTER INSERT ON main." table " BEGIN\n" \
  MARK ("NEW.case_id") "END;\n" \
  "CREATE TEMP TRIGGER IF NOT EXISTS search_" table "_update AFTER UPDATE ON main." table " BEGIN\n" \
  MARK ("NEW.case_id") MARK ("OLD.case_id") "END;\n" \
  "CREATE TEMP TRIGGER IF NOT EXISTS search_" table "_delete AFTER DELETE ON main." table " BEGIN\n" \
  MARK ("OLD.case_id") "END;\n"

static const char migrate_search[] =
  "CREATE VIRTUAL TABLE search_text USING fts5 (text, tokenize = 'unicode61 remove_diacritics 2');\n"
  "CREATE VIEW search_source (case_id, text) AS\n"
  "  SELECT c.id,\n"
  "         coalesce ((SELECT group_concat (DISTINCT substr (pb_words (a.value), 1, " SEARCH_FIELD_CHARS ")\n"
  "                                         || char (10) || substr (a.comment, 1, " SEARCH_FIELD_CHARS ")\n"
  "                                         || char (10) || substr (a.evidence_note, 1, " SEARCH_FIELD_CHARS "))\n"
  "                      FROM answers a WHERE a.case_id = c.id), '')\n"
  "         || char (10) ||\n"
  "         coalesce ((SELECT group_concat (DISTINCT substr (e.file_name, 1, " SEARCH_FIELD_CHARS "))\n"
  "                      FROM evidence e WHERE e.case_id = c.id), '')\n"
  "    FROM cases c;\n"
  /* What the file already holds. */
  "INSERT INTO search_text (rowid, text)\n"
  "  SELECT l.id, s.text FROM case_list l JOIN search_source s ON s.case_id = l.case_id;\n";

/* SQLite refuses a virtual table in any trigger while TRUSTED_SCHEMA is
 * off, as it is for files from anyone, even in the connection's own: the
 * connection's (TEMP) triggers mark the cases each write touches, and the
 * store writes their documents before it commits. A write by another
 * program leaves the index behind, which verification reports. */
static const char keep_in_step[] =
  "CREATE TEMP TABLE IF NOT EXISTS search_dirty (case_id TEXT PRIMARY KEY);\n"
  "CREATE TEMP TABLE IF NOT EXISTS search_dropped (id INTEGER PRIMARY KEY);\n"
  KEEP_IN_STEP ("answers")
  KEEP_IN_STEP ("evidence")
  /* Every case has its document, from its row of the list on, and it goes
   * with that row. */
  "CREATE TEMP TRIGGER IF NOT EXISTS search_case_list_insert AFTER INSERT ON main.case_list BEGIN\n"
  MARK ("NEW.case_id") "END;\n"
  "CREATE TEMP TRIGGER IF NOT EXISTS search_case_list_delete AFTER DELETE ON main.case_list BEGIN\n"
  "  INSERT INTO search_dropped (id) SELECT OLD.id WHERE NOT EXISTS (SELECT 1 FROM search_dropped WHERE id = OLD.id);\n"
  "END;\n"
  /* Cases written into a file another connection made (a case file) get
   * their documents when it is opened. */
  "INSERT INTO search_text (rowid, text)\n"
  "  SELECT l.id, s.text FROM case_list l JOIN search_source s ON s.case_id = l.case_id\n"
  "   WHERE l.id NOT IN (SELECT rowid FROM search_text);\n";

/* One by one, each kept by the connection: an autosave runs them all. */
static const char * const flush[] = {
  "DELETE FROM search_text WHERE rowid IN (SELECT id FROM temp.search_dropped)\n"
  "   OR rowid IN (SELECT l.id FROM main.case_list l WHERE l.case_id IN (SELECT case_id FROM temp.search_dirty))",
  "INSERT INTO search_text (rowid, text)\n"
  "  SELECT l.id, s.text FROM main.case_list l JOIN search_source s ON s.case_id = l.case_id\n"
  "   WHERE l.case_id IN (SELECT case_id FROM temp.search_dirty)",
  "DELETE FROM temp.search_dirty",
  "DELETE FROM temp.search_dropped",
};

/* A file's FTS5 index, or a server's (schema 4: search_cases()). A server
 * of an older schema has none: a search reads its answers for the text. */
static gboolean
has_index (PbCaseStore *self)
{
  return pb_db_get_kind (self->db) == PB_DB_KIND_SQLITE || _pb_case_store_server_searches (self);
}

/* The file's own index, kept by this connection (a server keeps its own). */
static gboolean
has_fts5 (PbCaseStore *self)
{
  return pb_db_get_kind (self->db) == PB_DB_KIND_SQLITE;
}

gboolean
_pb_case_store_search_connect (PbCaseStore  *self,
                               GError      **error)
{
  return pb_db_exec (self->db, keep_in_step, error);
}

gboolean
_pb_case_store_search_flush (PbCaseStore  *self,
                             GError      **error)
{
  /* None before the connection keeps the index in step (while migrating,
   * on a connection that only reads). */
  g_autoptr(PbDbStmt) dirty = NULL;
  int rc;

  if (!has_fts5 (self) || !pb_db_sqlite_has_temp_table (PB_DB_SQLITE (self->db), "search_dirty"))
    return TRUE;

  /* Nothing written (a copy open for reading writes nothing at all). */
  if (!(dirty = pb_db_prepare_cached (self->db, "SELECT EXISTS (SELECT 1 FROM temp.search_dirty)"
                                                " OR EXISTS (SELECT 1 FROM temp.search_dropped)", error)) ||
      (rc = pb_db_stmt_step (dirty, error)) == 0)
    return FALSE;
  if (rc != PB_DB_ROW || !pb_db_stmt_column_int (dirty, 0))
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (flush); i++)
    if (!pb_db_run (self->db, flush[i], error, 0))
      return FALSE;

  return TRUE;
}

gboolean
_pb_case_store_migrate_search (PbCaseStore  *self,
                               GError      **error)
{
  return pb_db_exec (self->db, migrate_search, error);
}

const char *
_pb_case_store_search_subquery (PbCaseStore *self)
{
  if (!has_index (self))
    /* The text once, for the answers and the evidence's file names. */
    return "SELECT l.id FROM case_list l, (SELECT CAST (? AS text) AS w) k WHERE l.case_id IN"
           " (SELECT a.case_id FROM answers a"
           "   WHERE strpos (lower (a.value || ' ' || a.comment || ' ' || a.evidence_note), k.w) > 0"
           "  UNION ALL SELECT e.case_id FROM evidence e WHERE strpos (lower (e.file_name), k.w) > 0)";

  if (!has_fts5 (self))
    return "SELECT l.id FROM case_list l WHERE l.case_id IN (SELECT search_cases (?))";

  return "SELECT rowid FROM search_text WHERE search_text MATCH ?";
}

gboolean
_pb_case_store_verify_search (PbCaseStore  *self,
                              const char   *case_id,
                              GError      **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;

  /* A server's index is its own, on the rows themselves. */
  if (!has_fts5 (self))
    return TRUE;

  if (!(stmt = pb_db_prepare (self->db,
                              "SELECT (SELECT t.text FROM case_list l JOIN search_text t ON t.rowid = l.id WHERE l.case_id = ?1)"
                              "         IS (SELECT text FROM search_source WHERE case_id = ?1)",
                              error)))
    return FALSE;

  pb_db_stmt_bind_text (stmt, 1, case_id);
  if (pb_db_stmt_step (stmt, error) != PB_DB_ROW)
    return FALSE;

  if (!pb_db_stmt_column_int (stmt, 0))
    {
      /* Translators: a case id, then a file name */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TAMPERED,
                   _("The search index of case “%s” in %s does not hold what the case says: "
                     "the index was altered"), case_id, self->path);
      return FALSE;
    }

  return TRUE;
}

/* A word a search looks for: it has a letter or a digit, which is what the
 * tokenizer keeps. */
static gboolean
is_word (const char *word)
{
  for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isalnum (g_utf8_get_char (p)))
      return TRUE;

  return FALSE;
}

/* The words a search looks for in @text: at most MAX_WORDS of at most
 * MAX_WORD_CHARS characters, each with a letter or a digit. */
static GPtrArray *
search_words (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  g_auto(GStrv) split = NULL;
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);

  for (char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isspace (g_utf8_get_char (p)))
      *p = ' ';
  split = g_strsplit (valid, " ", -1);

  for (guint i = 0; split[i] != NULL && words->len < MAX_WORDS; i++)
    if (is_word (split[i]))
      g_ptr_array_add (words, g_utf8_substring (split[i], 0, MIN (g_utf8_strlen (split[i], -1), MAX_WORD_CHARS)));

  return words;
}

char *
_pb_case_store_search_match (PbCaseStore *self,
                             const char  *text)
{
  g_autoptr(GPtrArray) words = NULL;
  g_autoptr(GString) match = g_string_new (NULL);

  if (text == NULL)
    return NULL;

  if (!has_index (self))
    return is_word (text) ? g_utf8_strdown (text, -1) : NULL;

  /* One letter or digit alone is in most texts ("I", "a"): it would list
   * most cases, not the one a person begins to look for. */
  words = search_words (text);
  if (words->len == 0 || (words->len == 1 && strlen (g_ptr_array_index (words, 0)) < MIN_WORD_BYTES))
    return NULL;

  /* A server's search_cases(): the words, one a line. It reads them as
   * words only, and begins the last one from MIN_PREFIX_BYTES on. */
  if (pb_db_get_kind (self->db) == PB_DB_KIND_POSTGRESQL)
    {
      g_ptr_array_add (words, NULL);
      return g_strjoinv ("\n", (char **) words->pdata);
    }

  for (guint i = 0; i < words->len; i++)
    {
      const char *word = g_ptr_array_index (words, i);

      /* A phrase in double quotes, its own quotes doubled: FTS5 reads
       * nothing in it as an operator, a column or a prefix. */
      if (i > 0)
        g_string_append_c (match, ' ');
      g_string_append_c (match, '"');
      for (const char *q = word; *q != '\0'; q++)
        {
          if (*q == '"')
            g_string_append_c (match, '"');
          g_string_append_c (match, *q);
        }
      g_string_append_c (match, '"');
    }

  /* The word being typed: the start of a word. */
  if (strlen (g_ptr_array_index (words, words->len - 1)) >= MIN_PREFIX_BYTES)
    g_string_append_c (match, '*');

  return g_string_free (g_steal_pointer (&match), FALSE);
}
