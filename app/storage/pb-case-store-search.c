/* pb-case-store-search.c: full-text search over what the cases say
 *
 * The words of the answers, comments, evidence notes and evidence file
 * names of every revision of a case, one document per case in an SQLite
 * FTS5 index, kept in step with every write to those tables: a write marks
 * the cases it changed as pending, in the same transaction, and their
 * documents are written again once the writes go on to other cases (an
 * autosave after another in the same case writes none); a search reads
 * the pending cases' words from the cases themselves. This is the only
 * file that knows FTS5. A server (PostgreSQL) keeps GIN
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
#include "pb-db-statements.h"

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
 * that no case costs much to index again after an answer. One document per
 * case, not a row per answer: a search reads every row a word is in, and
 * a row per answer made "int" five times and "the" fifteen times the work
 * (at 20,000 cases: 73 and 136 M instructions against 27 and 8). */
#define SEARCH_FIELD_CHARS "8000"

/* Schema 11: the index also holds the first three bytes of every word
 * (prefix = '3'), which a search being typed asks for ("int": one list of
 * documents, not the lists of every word that begins so), and no sizes of
 * documents, which nothing ranks by; search_pending holds the case_list
 * ids of the cases whose documents are older than the cases. */
static const char migrate_pending[] =
  "DROP TABLE search_text;\n"
  "CREATE VIRTUAL TABLE search_text USING fts5 (text, tokenize = 'unicode61 remove_diacritics 2',"
  " prefix = '3', columnsize = 0);\n"
  "CREATE TABLE search_pending (id INTEGER PRIMARY KEY);\n"
  /* What the file already holds, in the order of the ids. */
  "INSERT INTO search_text (rowid, text)\n"
  "  SELECT l.id, s.text FROM case_list l JOIN search_source s ON s.case_id = l.case_id ORDER BY l.id;\n";

/* The cases a write changed: marked by the connection's triggers, made
 * pending by _pb_case_store_search_flush(). No INSERT OR IGNORE: the
 * conflict clause of the statement that fires a trigger would override
 * it. */
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
  "END;\n";

/* The documents of the pending cases that the transaction did not change
 * are written again: those of the case someone worked on before this
 * one. An autosave after another in the same case writes none. */
#define FOLDED "SELECT id FROM main.search_pending WHERE id NOT IN (SELECT l.id FROM main.case_list l" \
               " WHERE l.case_id IN (SELECT case_id FROM temp.search_dirty))"

/* One by one, each kept by the connection. */
static const char * const drop[] = {
  "DELETE FROM main.search_text WHERE rowid IN (SELECT id FROM temp.search_dropped)",
  "DELETE FROM main.search_pending WHERE id IN (SELECT id FROM temp.search_dropped)",
  "DELETE FROM temp.search_dropped",
};
static const char * const fold[] = {
  "DELETE FROM main.search_text WHERE rowid IN (" FOLDED ")",
  "INSERT INTO main.search_text (rowid, text)\n"
  "  SELECT l.id, s.text FROM main.case_list l JOIN search_source s ON s.case_id = l.case_id\n"
  "   WHERE l.id IN (" FOLDED ") ORDER BY l.id",
  "DELETE FROM main.search_pending WHERE id IN (" FOLDED ")",
};
/* Which of them writes documents. */
#define FOLD_INSERT 1
static const char * const mark[] = {
  "INSERT OR IGNORE INTO main.search_pending (id)\n"
  "  SELECT id FROM main.case_list WHERE case_id IN (SELECT case_id FROM temp.search_dirty)",
  "DELETE FROM temp.search_dirty",
};

/* On opening a file for changes: every pending document written, and
 * those of cases that have none (a case file's, written through another
 * connection). */
static const char * const catch_up[] = {
  "DELETE FROM main.search_text WHERE rowid IN (SELECT id FROM main.search_pending)",
  "INSERT INTO main.search_text (rowid, text)\n"
  "  SELECT l.id, s.text FROM main.case_list l JOIN search_source s ON s.case_id = l.case_id\n"
  "   WHERE l.id IN (SELECT id FROM main.search_pending)\n"
  "      OR l.id NOT IN (SELECT id FROM main.search_text_content) ORDER BY l.id",
  "DELETE FROM main.search_pending",
};
/* Whether there is anything to catch up on. FTS5 keeps the documents in
 * search_text_content (id, c0): counted, or looked up by id, there, its
 * rows are not read through the index, nor their text. */
#define BEHIND \
  "SELECT EXISTS (SELECT 1 FROM main.search_pending)" \
  " OR (SELECT count(*) FROM main.case_list) != (SELECT count(*) FROM main.search_text_content)"

/* Documents written by flushes, for the tests. */
static guint documents_written;

guint
_pb_case_store_get_search_documents_written (void)
{
  return documents_written;
}

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

/* Whether @sql (a cached statement) gives a first value that is true. */
static gboolean
ask (PbDb        *db,
     const char  *sql,
     gboolean    *answer,
     GError     **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  int rc;

  if (!(stmt = pb_db_prepare_cached (db, sql, error)) ||
      (rc = pb_db_stmt_step (stmt, error)) == 0)
    return FALSE;
  *answer = rc == PB_DB_ROW && pb_db_stmt_column_int (stmt, 0);

  return TRUE;
}

static gboolean
run_all (PbCaseStore        *self,
         const char * const *statements,
         guint               n,
         int                 counted,
         GError            **error)
{
  for (guint i = 0; i < n; i++)
    {
      if (!pb_db_run (self->db, statements[i], error, 0))
        return FALSE;
      if ((int) i == counted)
        documents_written += sqlite3_changes (pb_db_sqlite_get_handle (PB_DB_SQLITE (self->db)));
    }

  return TRUE;
}

gboolean
_pb_case_store_search_connect (PbCaseStore  *self,
                               GError      **error)
{
  gboolean behind;

  if (!pb_db_exec (self->db, keep_in_step, error) ||
      !ask (self->db, BEHIND, &behind, error))
    return FALSE;
  if (!behind)
    return TRUE;

  if (!_pb_case_store_begin (self, error) ||
      !run_all (self, catch_up, G_N_ELEMENTS (catch_up), 1, error) ||
      !_pb_case_store_commit (self, error))
    return _pb_case_store_rollback (self);

  return TRUE;
}

gboolean
_pb_case_store_search_flush (PbCaseStore  *self,
                             GError      **error)
{
  gboolean changed, dropped, folded;

  /* None before the connection keeps the index in step (while migrating,
   * on a connection that only reads). */
  if (!has_fts5 (self) || !pb_db_sqlite_has_temp_table (PB_DB_SQLITE (self->db), "search_dirty"))
    return TRUE;

  /* Nothing written (a copy open for reading writes nothing at all). */
  if (!ask (self->db, "SELECT EXISTS (SELECT 1 FROM temp.search_dirty)", &changed, error) ||
      !ask (self->db, "SELECT EXISTS (SELECT 1 FROM temp.search_dropped)", &dropped, error))
    return FALSE;
  if (dropped && !run_all (self, drop, G_N_ELEMENTS (drop), -1, error))
    return FALSE;
  if (!changed)
    return TRUE;

  return ask (self->db, "SELECT EXISTS (" FOLDED ")", &folded, error) &&
         (!folded || run_all (self, fold, G_N_ELEMENTS (fold), FOLD_INSERT, error)) &&
         run_all (self, mark, G_N_ELEMENTS (mark), -1, error);
}

gboolean
_pb_case_store_migrate_search (PbCaseStore  *self,
                               GError      **error)
{
  return pb_db_exec (self->db, migrate_search, error);
}

gboolean
_pb_case_store_migrate_search_pending (PbCaseStore  *self,
                                       GError      **error)
{
  return pb_db_exec (self->db, migrate_pending, error);
}

const char *
_pb_case_store_search_v10_schema (void)
{
  return "DROP TABLE search_pending; DROP TABLE search_text;"
         "CREATE VIRTUAL TABLE search_text USING fts5 (text, tokenize = 'unicode61 remove_diacritics 2');"
         "INSERT INTO search_text (rowid, text)"
         "  SELECT l.id, s.text FROM case_list l JOIN search_source s ON s.case_id = l.case_id;";
}

const char *
_pb_case_store_search_subquery (PbCaseStore *self)
{
  g_assert (!has_fts5 (self));

  if (!has_index (self))
    /* The text once, for the answers and the evidence's file names. */
    return "SELECT l.id FROM case_list l, (SELECT CAST (? AS text) AS w) k WHERE l.case_id IN"
           " (SELECT a.case_id FROM answers a"
           "   WHERE strpos (lower (a.value || ' ' || a.comment || ' ' || a.evidence_note), k.w) > 0"
           "  UNION ALL SELECT e.case_id FROM evidence e WHERE strpos (lower (e.file_name), k.w) > 0)";

  return "SELECT l.id FROM case_list l WHERE l.case_id IN (SELECT search_cases (?))";
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

  /* A pending case's document is older than the case, which searches
   * read instead. */
  if (!(stmt = pb_db_prepare (self->db,
                              PB_SQL ("SELECT (SELECT t.text FROM case_list l JOIN search_text t ON t.rowid = l.id WHERE l.case_id = ?1)"
                                      "         IS (SELECT text FROM search_source WHERE case_id = ?1)"
                                      "    OR EXISTS (SELECT 1 FROM case_list l JOIN search_pending p ON p.id = l.id"
                                      "                WHERE l.case_id = ?1)"),
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

/* A word the index looks for: it has a letter or a digit, which is what
 * the tokenizer keeps. */
static gboolean
is_word (const char *word)
{
  for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isalnum (g_utf8_get_char (p)))
      return TRUE;

  return FALSE;
}

static gboolean
is_space (const char *p)
{
  return g_unichar_isspace (g_utf8_get_char (p));
}

GStrv
_pb_case_store_search_words (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  g_autoptr(GStrvBuilder) words = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *p = valid;
  guint n = 0;

  while (*p != '\0' && n < PB_SEARCH_MAX_WORDS)
    {
      g_autoptr(GString) word = g_string_new (NULL);
      const char *end;
      char *folded;

      if (is_space (p))
        {
          p = g_utf8_next_char (p);
          continue;
        }

      /* A phrase, its spaces one each; a quote that none closes is text. */
      if (*p == '"' && (end = strchr (p + 1, '"')) != NULL)
        {
          for (const char *q = p + 1; q < end; q = g_utf8_next_char (q))
            {
              if (!is_space (q))
                g_string_append_unichar (word, g_utf8_get_char (q));
              else if (word->len > 0 && word->str[word->len - 1] != ' ')
                g_string_append_c (word, ' ');
            }
          if (word->len > 0 && word->str[word->len - 1] == ' ')
            g_string_truncate (word, word->len - 1);
          p = end + 1;
        }
      else
        {
          for (end = p; *end != '\0' && !is_space (end); end = g_utf8_next_char (end))
            ;
          g_string_append_len (word, p, end - p);
          p = end;
        }

      if (g_utf8_strlen (word->str, -1) > MAX_WORD_CHARS)
        g_string_truncate (word, g_utf8_offset_to_pointer (word->str, MAX_WORD_CHARS) - word->str);
      /* Punctuation alone is no word of any field: what the index keeps
       * of a text is its letters and digits, and a name's "-" or "&" is
       * not what a person looks for it by. */
      if (!is_word (word->str))
        continue;
      folded = g_utf8_casefold (word->str, -1);
      if (!g_hash_table_add (seen, folded))
        continue;
      g_strv_builder_add (words, word->str);
      n++;
    }

  return g_strv_builder_end (words);
}

gboolean
pb_case_store_search_has_words (const char *text)
{
  g_auto(GStrv) words = NULL;

  if (text == NULL)
    return FALSE;
  words = _pb_case_store_search_words (text);

  return words[0] != NULL;
}

char *
_pb_case_store_search_match (PbCaseStore *self,
                             const char  *word,
                             gboolean     alone)
{
  g_autoptr(GString) match = NULL;

  g_return_val_if_fail (word != NULL, NULL);

  if (!is_word (word))
    return NULL;

  if (!has_index (self))
    return g_utf8_strdown (word, -1);

  /* One letter or digit alone is in most texts ("I", "a"): it would list
   * most cases, not the one a person begins to look for. */
  if (alone && strlen (word) < MIN_WORD_BYTES)
    return NULL;

  /* A server's search_cases(): the words, one a line. It reads them as
   * words only, and begins the last one (this one) from MIN_PREFIX_BYTES
   * on. */
  if (pb_db_get_kind (self->db) == PB_DB_KIND_POSTGRESQL)
    return g_strdup (word);

  /* A phrase in double quotes, its own quotes doubled: FTS5 reads nothing
   * in it as an operator, a column or a prefix. */
  match = g_string_new ("\"");
  for (const char *q = word; *q != '\0'; q++)
    {
      if (*q == '"')
        g_string_append_c (match, '"');
      g_string_append_c (match, *q);
    }
  g_string_append_c (match, '"');

  /* The start of a word: "int" is typed on the way to "interception". */
  if (strlen (word) >= MIN_PREFIX_BYTES)
    g_string_append_c (match, '*');

  return g_string_free (g_steal_pointer (&match), FALSE);
}

/* The case_list ids @sql gives for @match, into @set, but for those in
 * @except (may be NULL). */
static gboolean
read_ids (PbDb              *db,
          const char        *sql,
          const char        *match,
          const PbDbRowSet  *except,
          PbDbRowSet        *set,
          GError           **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  int rc;

  if (!(stmt = pb_db_prepare_cached (db, sql, error)))
    return FALSE;
  if (match != NULL)
    pb_db_stmt_bind_text (stmt, 1, match);
  while ((rc = pb_db_stmt_step (stmt, error)) == PB_DB_ROW)
    {
      gint64 id = pb_db_stmt_column_int64 (stmt, 0);

      if (except == NULL || !pb_db_row_set_contains (except, id))
        pb_db_row_set_add (set, id);
    }

  return rc != 0;
}

/* The pending cases of @db that hold @match, from their words as they are
 * now: their documents, made as the index makes them, in an index of
 * their own in memory. */
static gboolean
add_pending_cases (PbDb         *db,
                   const char   *match,
                   PbDbRowSet   *found,
                   GError      **error)
{
  g_autoptr(PbDb) memory = NULL;
  g_autoptr(PbDbStmt) read = NULL;
  g_autoptr(PbDbStmt) write = NULL;
  int rc;

  if (!(memory = pb_db_sqlite_open_memory (error)) ||
      !pb_db_exec (memory, "CREATE VIRTUAL TABLE search_text USING fts5 (text,"
                           " tokenize = 'unicode61 remove_diacritics 2', columnsize = 0)", error) ||
      !(read = pb_db_prepare (db, PB_SQL ("SELECT l.id, s.text FROM main.search_pending p JOIN main.case_list l ON l.id = p.id"
                                          " JOIN search_source s ON s.case_id = l.case_id"), error)) ||
      !(write = pb_db_prepare (memory, PB_SQL ("INSERT INTO search_text (rowid, text) VALUES (?, ?)"), error)))
    return FALSE;

  while ((rc = pb_db_stmt_step (read, error)) == PB_DB_ROW)
    {
      pb_db_stmt_reset (write);
      pb_db_stmt_bind_int64 (write, 1, pb_db_stmt_column_int64 (read, 0));
      pb_db_stmt_bind_text (write, 2, pb_db_stmt_column_text (read, 1));
      if (pb_db_stmt_step (write, error) == 0)
        return FALSE;
    }

  return rc != 0 &&
         read_ids (memory, "SELECT rowid FROM search_text WHERE search_text MATCH ?", match, NULL, found, error);
}

gboolean
_pb_case_store_search_add_cases (PbCaseStore  *self,
                                 PbDb         *db,
                                 const char   *match,
                                 PbDbRowSet   *found,
                                 GError      **error)
{
  g_autoptr(PbDbRowSet) pending = pb_db_row_set_new ();

  g_assert (has_fts5 (self));
  g_assert (match != NULL);

  /* The index, but for the pending cases, whose documents are older than
   * they are; those are read as they are. */
  return read_ids (db, "SELECT id FROM main.search_pending", NULL, NULL, pending, error) &&
         read_ids (db, "SELECT rowid FROM main.search_text WHERE search_text MATCH ?", match, pending, found, error) &&
         (pb_db_row_set_get_size (pending) == 0 || add_pending_cases (db, match, found, error));
}
