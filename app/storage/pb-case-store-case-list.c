/* pb-case-store-case-list.c: the case list, its filters and its search
 *
 * A list of 100,000 cases is one query for their ids in the order shown,
 * written with only the conditions a filter sets, so that each one can use
 * its index (a single query with "?N IS NULL OR ..." for every condition
 * can use none). It reads case_list, one row per case with what the list
 * filters and sorts by, which triggers keep in step with the cases and
 * their revisions: each filter is then a walk along one index, already in
 * the order shown, with no join and no sort. PbCaseList reads the rows
 * themselves a page at a time, as a view asks for them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-case-store"

#include "config.h"

#include "pb-i18n.h"

#include "pb-case-store-private.h"
#include "pb-db-pg.h"
#include "pb-db-sqlite.h"
#include "pb-db-statements.h"
#include "pb-server-admin.h"

/* Bounds what a filter's text can ask of the database. */
#define MAX_COUNTRIES 300

/* The current revision's status, decision and outcome of case @id, and
 * when the case last changed. A row keeps its id, which is its document's
 * in the search index. No INSERT OR IGNORE: the conflict clause of the
 * statement that fires a trigger would override it. */
#define LIST_REFRESH(id) \
  "INSERT INTO case_list (case_id, updated) SELECT c.id, c.updated FROM cases c\n" \
  "  WHERE c.id = " id " AND NOT EXISTS (SELECT 1 FROM case_list WHERE case_id = " id ");\n" \
  "UPDATE case_list SET (updated, status, decision, outcome) =\n" \
  "  (SELECT c.updated, r.status, r.decision, r.outcome FROM cases c\n" \
  "     LEFT JOIN revisions r ON r.case_id = c.id AND r.revision = c.current_revision\n" \
  "    WHERE c.id = " id ")\n" \
  "  WHERE case_id = " id ";\n"

/* Each index holds every column a filter reads, in the order shown. */
static const char migrate_list[] =
  "CREATE TABLE case_list (\n"
  "  id       INTEGER PRIMARY KEY,\n"
  "  case_id  TEXT NOT NULL UNIQUE,\n"
  "  updated  TEXT NOT NULL,\n"
  "  status   TEXT,\n"
  "  decision TEXT,\n"
  "  outcome  TEXT\n"
  ");\n"
  "CREATE INDEX case_list_by_updated ON case_list (updated, case_id, status, decision, outcome);\n"
  "CREATE INDEX case_list_by_status ON case_list (status, updated, case_id, decision, outcome);\n"
  "CREATE INDEX case_list_by_decision ON case_list (decision, updated, case_id, status, outcome);\n"
  "CREATE INDEX case_list_by_outcome ON case_list (outcome, updated, case_id, status, decision);\n"
  /* The cases of the products a search finds. */
  "CREATE INDEX cases_by_product ON cases (product_uid);\n"
  "CREATE TRIGGER case_list_cases_insert AFTER INSERT ON cases BEGIN\n" LIST_REFRESH ("NEW.id") "END;\n"
  "CREATE TRIGGER case_list_cases_update AFTER UPDATE OF id, updated, current_revision ON cases BEGIN\n"
  "  DELETE FROM case_list WHERE case_id = OLD.id AND OLD.id IS NOT NEW.id;\n" LIST_REFRESH ("NEW.id") "END;\n"
  "CREATE TRIGGER case_list_cases_delete AFTER DELETE ON cases BEGIN\n"
  "  DELETE FROM case_list WHERE case_id = OLD.id;\n"
  "END;\n"
  "CREATE TRIGGER case_list_revisions_insert AFTER INSERT ON revisions BEGIN\n" LIST_REFRESH ("NEW.case_id") "END;\n"
  "CREATE TRIGGER case_list_revisions_update AFTER UPDATE OF case_id, revision, status, decision, outcome ON revisions BEGIN\n"
  LIST_REFRESH ("OLD.case_id") LIST_REFRESH ("NEW.case_id") "END;\n"
  "CREATE TRIGGER case_list_revisions_delete AFTER DELETE ON revisions BEGIN\n" LIST_REFRESH ("OLD.case_id") "END;\n"
  /* What the file already holds. */
  "INSERT INTO case_list (case_id, updated, status, decision, outcome)\n"
  "  SELECT c.id, c.updated, r.status, r.decision, r.outcome FROM cases c\n"
  "    LEFT JOIN revisions r ON r.case_id = c.id AND r.revision = c.current_revision;\n";

gboolean
_pb_case_store_migrate_case_list (PbCaseStore  *self,
                             GError      **error)
{
  return pb_db_exec (self->db, migrate_list, error) &&
         _pb_case_store_migrate_search (self, error);
}

/* Version 10: each row names its case's customer and product, so that a
 * search goes from the customers and products it names to their rows along
 * an index of the list itself. Through the cases it looked up each case's
 * row of the list by its text id: 25,000 cases for "int" at 100,000.
 * A row takes them as it comes (from the triggers above, or a program that
 * fills the list itself), and keeps them when a case changes hands. */
static const char migrate_owners[] =
  "ALTER TABLE case_list ADD COLUMN customer_uid TEXT;\n"
  "ALTER TABLE case_list ADD COLUMN product_uid TEXT;\n"
  "CREATE INDEX case_list_by_customer ON case_list (customer_uid);\n"
  "CREATE INDEX case_list_by_product ON case_list (product_uid);\n"
  "CREATE TRIGGER case_list_owners_insert AFTER INSERT ON case_list BEGIN\n"
  "  UPDATE case_list SET (customer_uid, product_uid) =\n"
  "    (SELECT c.customer_uid, c.product_uid FROM cases c WHERE c.id = NEW.case_id)\n"
  "   WHERE id = NEW.id;\n"
  "END;\n"
  "CREATE TRIGGER case_list_cases_owners AFTER UPDATE OF customer_uid, product_uid ON cases BEGIN\n"
  "  UPDATE case_list SET (customer_uid, product_uid) = (NEW.customer_uid, NEW.product_uid)\n"
  "   WHERE case_id = NEW.id;\n"
  "END;\n"
  /* What the file already holds. */
  "UPDATE case_list SET (customer_uid, product_uid) =\n"
  "  (SELECT c.customer_uid, c.product_uid FROM cases c WHERE c.id = case_list.case_id);\n";

gboolean
_pb_case_store_migrate_case_list_owners (PbCaseStore  *self,
                                         GError      **error)
{
  return pb_db_exec (self->db, migrate_owners, error);
}

static gboolean
is_set (const char *text)
{
  return text != NULL && *text != '\0';
}

/* Zero, as a filter made without PB_CASE_FILTER_INIT holds, is any too. */
static gboolean
has_decision (const PbCaseFilter *filter)
{
  return filter->decision >= 0 && pb_case_status_is_decision (filter->decision);
}

/* Could be part of a case id ("C-2026-4F3A9B12": hexadecimal digits and
 * dashes): only then are the ids read, since no index helps with a part
 * of them. */
static gboolean
could_be_case_id (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p) && *p != '-')
      return FALSE;

  return TRUE;
}

/* The customer and product filters: each takes the folded text twice, or
 * once. */
#define CUSTOMER_MATCHES "(pb_contains (name, ?) OR pb_contains (aliases, ?))"
#define PRODUCT_MATCHES  "pb_contains (name, ?)"
/* A search's word in a customer's name or aliases (one a line), or in a
 * product's name: each text begins with a space, as does each alias,
 * so that add_word_needle()'s short word is found at the start of a
 * word only. The same statement for every word, short or not. */
#define WORD_IN_CUSTOMER "(pb_contains (' ' || name, ?) OR pb_contains (' ' || replace (aliases, '\n', '\n '), ?))"
#define WORD_IN_PRODUCT  "pb_contains (' ' || name, ?)"

/* Below this many characters a search's word matches a name at the
 * start of one of its words only ("se" finds "Acme Security", not
 * "Guilin Public Security": "i" or "se" is inside nearly every name), a
 * country by the start of its name or by its code, an answer as a whole
 * word, and no part of an id: "i" alone listed every one of 100,000
 * cases (1.6 s of CPU, most of it reading each case's id). */
#define SHORT_TEXT_CHARS 3

static void
add_folded (GPtrArray  *params,
            const char *text,
            guint       times)
{
  for (guint i = 0; i < times; i++)
    g_ptr_array_add (params, g_utf8_casefold (text, -1));
}

/* What WORD_IN_CUSTOMER and WORD_IN_PRODUCT look for, @times: @word
 * folded, after a space if it is short. */
static void
add_word_needle (GPtrArray  *params,
                 const char *word,
                 guint       times)
{
  g_autofree char *folded = g_utf8_casefold (word, -1);

  for (guint i = 0; i < times; i++)
    g_ptr_array_add (params, g_utf8_strlen (word, -1) < SHORT_TEXT_CHARS ? g_strconcat (" ", folded, NULL)
                                                                         : g_strdup (folded));
}

/* "@column IN": the rows of the list whose case's customer_uid or
 * product_uid (@column) is in the subquery that follows, closed by
 * list_rows_end(). A file's list names them (schema 10), a server's goes
 * through its cases. */
static const char *
list_rows_of (PbCaseStore *self,
              const char  *column)
{
  if (pb_db_get_kind (self->db) == PB_DB_KIND_SQLITE)
    return g_str_equal (column, "customer_uid") ? "customer_uid IN" : "product_uid IN";

  return g_str_equal (column, "customer_uid") ? "case_id IN (SELECT id FROM cases WHERE customer_uid IN"
                                              : "case_id IN (SELECT id FROM cases WHERE product_uid IN";
}

static const char *
list_rows_end (PbCaseStore *self)
{
  return pb_db_get_kind (self->db) == PB_DB_KIND_SQLITE ? "" : ")";
}

/* "SELECT id ... UNION ALL ...": the case_list ids of the cases that have
 * @word in the id, the customer's name, aliases or country (@countries:
 * the codes of those whose names hold it, or NULL), the product's name,
 * or, on a server, in the words of any revision (@match: what the index
 * is asked, or NULL; a file's index is read apart: pb-case-store-search.c).
 * A short word (SHORT_TEXT_CHARS) only at the start of a word of a name. */
static void
append_word_matches (PbCaseStore        *self,
                     GString            *sql,
                     GPtrArray          *params,
                     const char         *word,
                     const char * const *countries,
                     const char         *match)
{
  guint n_countries = countries != NULL ? g_strv_length ((char **) countries) : 0;
  /* A server's in one form whatever the word: its parts that do not
   * apply take NULL, which the planner drops (pb-db-statements.c). */
  gboolean on_server = pb_db_get_kind (self->db) != PB_DB_KIND_SQLITE;
  gboolean is_id = g_utf8_strlen (word, -1) >= SHORT_TEXT_CHARS && could_be_case_id (word);

  g_string_append_printf (sql, "SELECT id FROM case_list WHERE %s (SELECT uid FROM customers WHERE " WORD_IN_CUSTOMER,
                          list_rows_of (self, "customer_uid"));
  add_word_needle (params, word, 2);
  if (on_server)
    {
      /* One statement whatever their number, none included (a server
       * runs only those it knows: pb-db-statements.c): an array. */
      GString *array = g_string_new ("{");

      g_string_append (sql, " OR country = ANY (CAST (? AS text[]))");
      for (guint i = 0; i < MIN (n_countries, MAX_COUNTRIES); i++)
        {
          g_string_append (array, i > 0 ? ",\"" : "\"");
          for (const char *c = countries[i]; *c != '\0'; c++)
            {
              if (*c == '"' || *c == '\\')
                g_string_append_c (array, '\\');
              g_string_append_c (array, *c);
            }
          g_string_append_c (array, '"');
        }
      g_string_append_c (array, '}');
      g_ptr_array_add (params, g_string_free (array, FALSE));
    }
  else if (n_countries > 0)
    {
      g_string_append (sql, " OR country IN (");
      for (guint i = 0; i < MIN (n_countries, MAX_COUNTRIES); i++)
        {
          g_string_append (sql, i > 0 ? ", ?" : "?");
          g_ptr_array_add (params, g_strdup (countries[i]));
        }
      g_string_append (sql, ")");
    }
  g_string_append_printf (sql, ")%s", list_rows_end (self));

  g_string_append_printf (sql, " UNION ALL SELECT id FROM case_list WHERE %s (SELECT uid FROM products WHERE "
                          WORD_IN_PRODUCT ")%s", list_rows_of (self, "product_uid"), list_rows_end (self));
  add_word_needle (params, word, 1);

  /* The word has no % or _; a part of an id shorter than SHORT_TEXT_CHARS
   * is in nearly every id. */
  if (is_id || on_server)
    {
      g_string_append (sql, " UNION ALL SELECT id FROM case_list WHERE lower (case_id) LIKE lower (?)");
      g_ptr_array_add (params, is_id ? g_strconcat ("%", word, "%", NULL) : NULL);
    }

  if (on_server)
    {
      g_string_append_printf (sql, " UNION ALL SELECT m.id FROM (%s) m WHERE CAST (? AS text) IS NOT NULL",
                              _pb_case_store_search_subquery (self));
      g_ptr_array_add (params, g_strdup (match));
      g_ptr_array_add (params, g_strdup (match));
    }
  else if (match != NULL)
    {
      g_string_append_printf (sql, " UNION ALL %s", _pb_case_store_search_subquery (self));
      g_ptr_array_add (params, g_strdup (match));
    }
}

/* A search's cases in a file, found before the list's query reads the
 * list: as a subquery "l.id IN (...)", SQLite would put every id found
 * into a table of its own, look up each row and sort them all (97,000
 * for "int" at 100,000 cases). The query now walks its index in the
 * order shown and keeps the rows of the set (pb_in ()), or, when they are
 * few, looks them up by id. */
typedef struct
{
  PbDbRowSet *set;
  guint       param;   /* the "?" that takes @set; 0: none */
} Found;

/* Up to this many cases found are looked up by id and sorted; from it on,
 * the query walks the list along its index past every row. */
#define FEW_FOUND 2000

static guint few_found = FEW_FOUND;

void
_pb_case_store_set_few_found (guint n)
{
  few_found = n != G_MAXUINT ? n : FEW_FOUND;
}

static void
found_clear (Found *found)
{
  g_clear_pointer (&found->set, pb_db_row_set_free);
  found->param = 0;
}

static void
bind_params (PbDbStmt     *stmt,
             GPtrArray    *params,
             const Found  *found)
{
  for (guint i = 0; i < params->len; i++)
    pb_db_stmt_bind_text (stmt, i + 1, g_ptr_array_index (params, i));
  if (found != NULL && found->param > 0)
    pb_db_sqlite_stmt_bind_row_set (stmt, found->param, found->set);
}

/* A list's statement in a file, which the connection keeps for the next
 * list of the same filters: parsing and planning it again took a tenth
 * of the worker's time at each filter (bench-gui). Not one that holds the
 * cases a search found, written into it or bound as a set: no other list
 * asks for those. */
static PbDbStmt *
prepare_list (PbDb         *db,
              const char   *sql,
              const Found  *found,
              GError      **error)
{
  if (pb_db_get_kind (db) != PB_DB_KIND_SQLITE || (found != NULL && found->set != NULL))
    return pb_db_prepare (db, sql, error);

  return pb_db_prepare_cached (db, sql, error);
}

/* The ids the query @sql gives for @params, in @db. */
static PbDbRowSet *
read_row_set (PbDb        *db,
              const char  *sql,
              GPtrArray   *params,
              GError     **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  g_autoptr(PbDbRowSet) set = pb_db_row_set_new ();
  int rc;

  if (!(stmt = pb_db_prepare (db, sql, error)))
    return NULL;
  bind_params (stmt, params, NULL);
  while ((rc = pb_db_stmt_step (stmt, error)) == PB_DB_ROW)
    pb_db_row_set_add (set, pb_db_stmt_column_int64 (stmt, 0));

  return rc != 0 ? g_steal_pointer (&set) : NULL;
}

/* The cases of a file that have @word somewhere (append_word_matches()
 * and the file's index), read through @db. */
static PbDbRowSet *
read_word_cases (PbCaseStore         *self,
                 PbDb                *db,
                 const char          *word,
                 const char * const  *countries,
                 const char          *match,
                 GError             **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PbDbRowSet) set = NULL;

  append_word_matches (self, sql, params, word, countries, NULL);
  if (!(set = read_row_set (db, sql->str, params, error)) ||
      (match != NULL && !_pb_case_store_search_add_cases (self, db, match, set, error)))
    return NULL;

  return g_steal_pointer (&set);
}

/* " AND ..." on case_list l: the cases that have every word of @filter's
 * text somewhere, each in a field of its own or the same. In a file they
 * are found first, in @db, into @found: each word's cases, and those of
 * the first word that the others have too. */
static gboolean
append_text_condition (PbCaseStore         *self,
                       PbDb                *db,
                       GString             *sql,
                       GPtrArray           *params,
                       const PbCaseFilter  *filter,
                       Found               *found,
                       GError             **error)
{
  g_auto(GStrv) words = _pb_case_store_search_words (filter->text);
  guint n_words = g_strv_length (words);
  g_autoptr(GArray) ids = NULL;

  /* Spaces or punctuation alone: nothing to look for. */
  if (n_words == 0)
    return TRUE;

  for (guint i = 0; i < n_words; i++)
    {
      g_auto(GStrv) countries = filter->country_names != NULL ?
                                pb_countries_match_name (filter->country_names, words[i]) : NULL;
      g_autofree char *match = _pb_case_store_search_match (self, words[i], n_words == 1);
      g_autoptr(PbDbRowSet) set = NULL;

      if (pb_db_get_kind (self->db) != PB_DB_KIND_SQLITE)
        {
          g_string_append (sql, " AND l.id IN (");
          append_word_matches (self, sql, params, words[i], (const char * const *) countries, match);
          g_string_append (sql, ")");
          continue;
        }

      if (!(set = read_word_cases (self, db, words[i], (const char * const *) countries, match, error)))
        return FALSE;
      if (found->set == NULL)
        found->set = g_steal_pointer (&set);
      else
        pb_db_row_set_keep_all (found->set, set);
      /* A word that no case has: none has them all. */
      if (pb_db_row_set_get_size (found->set) == 0)
        break;
    }
  if (found->set == NULL)
    return TRUE;

  if (pb_db_row_set_get_size (found->set) > few_found)
    {
      g_string_append (sql, " AND pb_in (?, l.id)");
      g_ptr_array_add (params, g_strdup (""));
      found->param = params->len;
      return TRUE;
    }

  /* Ids the file gave, written as numbers. */
  ids = pb_db_row_set_to_array (found->set);
  g_string_append (sql, " AND l.id IN (");
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (sql, i > 0 ? ", %" G_GINT64_FORMAT : "%" G_GINT64_FORMAT,
                            g_array_index (ids, gint64, i));
  g_string_append (sql, ")");

  return TRUE;
}

/* " AND (CAST (? AS text) IS NULL OR @condition)", @value given twice
 * (NULL for any): a server runs only the statements it knows
 * (pb-db-statements.c), so each filter is in each of a list's statements,
 * and the planner, given the values, keeps those that are set (NULL IS
 * NULL is true, and so is the condition; the value IS NULL is false). */
static void
append_server_filter (GString    *sql,
                      GPtrArray  *params,
                      const char *condition,
                      const char *value,
                      guint       times)
{
  g_string_append_printf (sql, " AND (CAST (? AS text) IS NULL OR %s)", condition);
  for (guint i = 0; i <= times; i++)
    g_ptr_array_add (params, value != NULL ? g_strdup (value) : NULL);
}

/* A server's filters but its text, each as append_server_filter (). */
static void
append_server_filters (GString            *sql,
                       GPtrArray          *params,
                       const PbCaseFilter *filter,
                       gboolean            outcome_kept)
{
  g_autofree char *customer = is_set (filter->customer) ? g_utf8_casefold (filter->customer, -1) : NULL;
  g_autofree char *product = is_set (filter->product) ? g_utf8_casefold (filter->product, -1) : NULL;

  /* PostgreSQL cannot know how few customers a part of a name matches
   * (it guesses a third), and would join every case to find theirs: the
   * matching ids are collected first, and looked up in the indexes. */
  append_server_filter (sql, params,
                        "l.case_id = ANY (ARRAY (SELECT id FROM cases WHERE customer_uid = ANY"
                        " (ARRAY (SELECT uid FROM customers WHERE " CUSTOMER_MATCHES "))))", customer, 2);
  append_server_filter (sql, params,
                        "l.case_id = ANY (ARRAY (SELECT id FROM cases WHERE product_uid = ANY"
                        " (ARRAY (SELECT uid FROM products WHERE " PRODUCT_MATCHES "))))", product, 1);
  append_server_filter (sql, params, "l.status = ?",
                        filter->status >= 0 ? pb_case_status_to_string (filter->status) : NULL, 1);
  append_server_filter (sql, params, "l.outcome = ?",
                        filter->outcome >= 0 && outcome_kept ? pb_outcome_to_string (filter->outcome) : NULL, 1);
  append_server_filter (sql, params, "l.decision = ?",
                        has_decision (filter) ? pb_case_status_to_string (filter->decision) : NULL, 1);
}

/* "@select FROM case_list l WHERE ..." with a "?" for each of @params, in
 * order, and no order, to run in @db (the store's or a reader of its
 * file), binding @found too; NULL on error. The outcome is left to the
 * caller unless @outcome_kept. */
static GString *
build_list_conditions (PbCaseStore         *self,
                       PbDb                *db,
                       const char          *select,
                       const PbCaseFilter  *filter,
                       gboolean             outcome_kept,
                       GPtrArray           *params,
                       Found               *found,
                       GError             **error)
{
  GString *sql = g_string_new (select);
  gboolean on_server = pb_db_get_kind (self->db) == PB_DB_KIND_POSTGRESQL;

  /* On a server, the rows the person may see, in a form an index serves. */
  g_string_append (sql, _pb_case_store_server_visible (self));

  if (on_server && _pb_case_store_reads_no_case (self))
    {
      /* The server grants an administrator no read of a case (its README,
       * "Who may do what"): said so, not as its refusal of the table. */
      _pb_case_store_set_reads_no_case_error (self, error);
      g_string_free (sql, TRUE);
      return NULL;
    }

  if (on_server)
    {
      append_server_filters (sql, params, filter, outcome_kept);
      if (is_set (filter->text) && !append_text_condition (self, db, sql, params, filter, found, error))
        {
          g_string_free (sql, TRUE);
          return NULL;
        }
      return sql;
    }

  /* PostgreSQL cannot know how few customers a part of a name matches
   * (it guesses a third), and would join every case to find theirs: the
   * matching ids are collected first, and looked up in the indexes. */
  if (is_set (filter->customer) && on_server)
    {
      g_string_append (sql, " AND l.case_id = ANY (ARRAY (SELECT id FROM cases WHERE customer_uid = ANY"
                            " (ARRAY (SELECT uid FROM customers WHERE " CUSTOMER_MATCHES "))))");
      add_folded (params, filter->customer, 2);
    }
  else if (is_set (filter->customer))
    {
      g_string_append (sql, " AND l.customer_uid IN (SELECT uid FROM customers WHERE " CUSTOMER_MATCHES ")");
      add_folded (params, filter->customer, 2);
    }
  if (is_set (filter->product) && on_server)
    {
      g_string_append (sql, " AND l.case_id = ANY (ARRAY (SELECT id FROM cases WHERE product_uid = ANY"
                            " (ARRAY (SELECT uid FROM products WHERE " PRODUCT_MATCHES "))))");
      add_folded (params, filter->product, 1);
    }
  else if (is_set (filter->product))
    {
      g_string_append (sql, " AND l.product_uid IN (SELECT uid FROM products WHERE " PRODUCT_MATCHES ")");
      add_folded (params, filter->product, 1);
    }
  if (filter->status >= 0)
    {
      g_string_append (sql, " AND l.status = ?");
      g_ptr_array_add (params, g_strdup (pb_case_status_to_string (filter->status)));
    }
  if (filter->outcome >= 0 && outcome_kept)
    {
      g_string_append (sql, " AND l.outcome = ?");
      g_ptr_array_add (params, g_strdup (pb_outcome_to_string (filter->outcome)));
    }
  if (has_decision (filter))
    {
      g_string_append (sql, " AND l.decision = ?");
      g_ptr_array_add (params, g_strdup (pb_case_status_to_string (filter->decision)));
    }
  if (is_set (filter->text) && !append_text_condition (self, db, sql, params, filter, found, error))
    {
      g_string_free (sql, TRUE);
      return NULL;
    }

  return sql;
}

/* The most recently changed first. */
#define LIST_ORDER " ORDER BY l.updated DESC, l.case_id DESC"
#define LIST_SELECT "SELECT l.case_id, l.updated FROM case_list l WHERE TRUE"
/* Each case_list row with its case's columns (NULL where missing), its
 * id and time, and whether a page would read its case: CASE_INFO_QUERY
 * joins every table, so a case whose revision, customer, product or
 * questionnaire a damaged file lacks is not read, and shows its id. */
#define FIRST_ROWS_QUERY \
  "SELECT " CASE_INFO_COLUMNS ", l.case_id, l.updated," \
  " r.case_id IS NOT NULL AND cu.uid IS NOT NULL AND p.uid IS NOT NULL AND q.sha256 IS NOT NULL" \
  " FROM case_list l LEFT JOIN cases c ON c.id = l.case_id" CASE_INFO_JOINS ("LEFT JOIN") " WHERE TRUE"

/* SELECT l.case_id, l.updated ... in the order shown, with a "?" for each
 * of @params; NULL on error. */
static char *
build_list_query (PbCaseStore         *self,
                  const PbCaseFilter  *filter,
                  gboolean             outcome_kept,
                  GPtrArray           *params,
                  Found               *found,
                  GError             **error)
{
  GString *sql = build_list_conditions (self, self->db, LIST_SELECT, filter, outcome_kept, params, found, error);

  if (sql == NULL)
    return NULL;
  g_string_append (sql, LIST_ORDER);

  return g_string_free (sql, FALSE);
}

/* The cases of @list whose outcome is @outcome, computed case by case:
 * outcomes another build's rating method kept (a file open for reading)
 * are not what this build would say, so no index of them is read. */
static GListModel *
keep_outcome (PbCaseStore  *self,
              PbCaseList   *list,
              PbOutcome     outcome,
              GError      **error)
{
  g_autoptr(PbCaseList) kept = _pb_case_list_new (self);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  for (guint start = 0; start < n; start += PB_CASE_LIST_PAGE_SIZE)
    {
      PbCaseInfo *infos[PB_CASE_LIST_PAGE_SIZE] = { NULL, };
      guint n_page = MIN (PB_CASE_LIST_PAGE_SIZE, n - start);
      const char *ids[PB_CASE_LIST_PAGE_SIZE];
      gboolean ok;

      for (guint i = 0; i < n_page; i++)
        ids[i] = _pb_case_list_get_id (list, start + i);
      ok = _pb_case_store_read_case_infos (self, ids, n_page, infos, error);
      for (guint i = 0; i < n_page; i++)
        {
          if (ok && infos[i] != NULL && pb_case_info_get_outcome (infos[i]) == outcome)
            _pb_case_list_append (kept, ids[i], _pb_case_list_get_updated (list, start + i));
          g_clear_object (&infos[i]);
        }
      if (!ok)
        return NULL;
    }

  return G_LIST_MODEL (g_steal_pointer (&kept));
}

/* The ids and times @sql gives for @params (text, in order) and @found. */
static PbCaseList *
read_ids (PbCaseStore  *self,
          const char   *sql,
          GPtrArray    *params,
          const Found  *found,
          GError      **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  g_autoptr(PbCaseList) list = NULL;
  int rc;

  if (!(stmt = prepare_list (self->db, sql, found, error)))
    return NULL;
  bind_params (stmt, params, found);

  list = _pb_case_list_new (self);
  while ((rc = pb_db_stmt_step (stmt, error)) == PB_DB_ROW)
    _pb_case_list_append (list, pb_db_stmt_column_text (stmt, 0), pb_db_stmt_column_text (stmt, 1));

  return rc != 0 ? g_steal_pointer (&list) : NULL;
}

static GListModel *list_valid_cases (PbCaseStore        *self,
                                     const PbCaseFilter *filter,
                                     GError            **error);

/* The filter's text as valid UTF-8 first: bytes that are none match
 * nothing, on a server too, which would refuse them. */
GListModel *
pb_case_store_list_cases (PbCaseStore        *self,
                          const PbCaseFilter *filter,
                          GError            **error)
{
  PbCaseFilter *valid;
  GListModel *list;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);

  valid = _pb_case_filter_copy (filter);
  list = list_valid_cases (self, valid, error);
  _pb_case_filter_free (valid);

  return list;
}

static GListModel *
list_valid_cases (PbCaseStore        *self,
                  const PbCaseFilter *filter,
                  GError            **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PbCaseList) list = NULL;
  g_autofree char *sql = NULL;
  gboolean outcome_kept = _pb_case_store_caches_current (self);
  /* The cases a search finds and the list they are in: one snapshot of
   * the file, in which no id went to another case meanwhile. */
  gboolean own_read = pb_db_get_kind (self->db) == PB_DB_KIND_SQLITE && is_set (filter->text) &&
                      !pb_db_in_transaction (self->db);
  Found found = { NULL, 0 };

  if (own_read && !pb_db_exec (self->db, "BEGIN", error))
    return NULL;
  if ((sql = build_list_query (self, filter, outcome_kept, params, &found, error)) != NULL)
    list = read_ids (self, sql, params, &found, error);
  found_clear (&found);
  if (own_read)
    pb_db_exec (self->db, "COMMIT", NULL);
  if (list == NULL)
    return NULL;

  if (filter->outcome >= 0 && !outcome_kept)
    return keep_outcome (self, list, filter->outcome, error);

  return G_LIST_MODEL (g_steal_pointer (&list));
}

/* The query of a list read page by page: its conditions, and what they
 * were given. */
typedef struct
{
  PbCaseStore *store;
  char        *sql;      /* with the conditions after (updated, id), and no LIMIT */
  GPtrArray   *params;
  Found        found;    /* in a file: the cases its search found */
} MoreIds;

static void
more_ids_free (MoreIds *more)
{
  g_object_unref (more->store);
  g_free (more->sql);
  g_ptr_array_unref (more->params);
  found_clear (&more->found);
  g_free (more);
}

/* @conditions (LIST_SELECT and its conditions) for the rows after a
 * given (updated, id), in the order shown, with no LIMIT: keyset
 * pagination, along the index the first rows walked, from there on. */
static char *
ids_after_query (const char *conditions)
{
  return g_strdup_printf ("%s AND (l.updated, l.case_id) < (?, ?)" LIST_ORDER, conditions);
}

/* Up to @n rows of @after_sql (ids_after_query ()) after (@updated, @id),
 * for @params and @found. */
static PbCaseList *
read_ids_after (PbCaseStore  *self,
                const char   *after_sql,
                GPtrArray    *params,
                const Found  *found,
                const char   *updated,
                const char   *id,
                guint         n,
                GError      **error)
{
  g_autoptr(GPtrArray) after = g_ptr_array_new_full (params->len + 3, g_free);
  gboolean on_server = pb_db_get_kind (self->db) == PB_DB_KIND_POSTGRESQL;
  /* A server's with the number as a parameter: one statement for all. */
  g_autofree char *sql = on_server ? g_strdup_printf ("%s LIMIT ?", after_sql)
                                   : g_strdup_printf ("%s LIMIT %u", after_sql, n);

  for (guint i = 0; i < params->len; i++)
    g_ptr_array_add (after, g_strdup (g_ptr_array_index (params, i)));
  g_ptr_array_add (after, g_strdup (updated));
  g_ptr_array_add (after, g_strdup (id));
  if (on_server)
    g_ptr_array_add (after, g_strdup_printf ("%u", n));

  return read_ids (self, sql, after, found, error);
}

/* The @n rows after (@updated, @id). */
static PbCaseList *
read_more_ids (gpointer     data,
               const char  *updated,
               const char  *id,
               guint        n,
               GError     **error)
{
  MoreIds *more = data;
  PB_CASE_STORE_LOCKED (more->store);

  return read_ids_after (more->store, more->sql, more->params, &more->found, updated, id, n, error);
}

/* In a file, the first rows a view shows with their cases, in one walk
 * along the list's index as the shell's best query does, then the ids
 * after them up to @n_first (@conditions: LIST_SELECT and its
 * conditions), in the caller's read transaction. Read after the ids, 64
 * cases by id at a time (four more queries, each looking every case up
 * again), the worker's list and rows took 2.5 ms of CPU at 100,000
 * cases, 2.1 ms this way (the worker timed during bench-gui --filters,
 * medians of 51 lists). A
 * case that a page would not read (a damaged file lacks its customer) is
 * left to be read, and shown by its id, as a page would. */
static PbCaseList *
read_first_rows (PbCaseStore  *self,
                 const char   *conditions,
                 GPtrArray    *params,
                 const Found  *found,
                 guint         n_first,
                 GError      **error)
{
  guint n_view = MIN (n_first, _pb_case_list_get_view_rows ());
  g_autofree char *sql = g_strdup_printf (FIRST_ROWS_QUERY "%s" LIST_ORDER " LIMIT %u",
                                          conditions + strlen (LIST_SELECT), n_view);
  g_autoptr(PbCaseList) list = _pb_case_list_new (self);
  g_autoptr(PbDbStmt) stmt = NULL;
  guint n;
  int rc;

  if (!(stmt = prepare_list (self->db, sql, found, error)))
    return NULL;
  bind_params (stmt, params, found);
  while ((rc = pb_db_stmt_step (stmt, error)) == PB_DB_ROW)
    {
      const char *id = pb_db_stmt_column_text (stmt, 18);
      const char *updated = pb_db_stmt_column_text (stmt, 19);
      g_autoptr(PbCaseInfo) info = NULL;

      if (!pb_db_stmt_column_int (stmt, 20))
        {
          _pb_case_list_append (list, id, updated);
          continue;
        }
      if (!(info = _pb_case_store_case_info_from_row (self, stmt, error)))
        return NULL;
      _pb_case_list_append_read (list, id, updated, info);
    }
  if (rc == 0)
    return NULL;

  /* The ids after them, as a view scrolling on would read them. */
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  if (n == n_view && n < n_first)
    {
      g_autofree char *after_sql = ids_after_query (conditions);
      g_autoptr(PbCaseList) rest = read_ids_after (self, after_sql, params, found,
                                                   _pb_case_list_get_updated (list, n - 1),
                                                   _pb_case_list_get_id (list, n - 1), n_first - n, error);

      if (rest == NULL)
        return NULL;
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (rest)); i++)
        _pb_case_list_append (list, _pb_case_list_get_id (rest, i), _pb_case_list_get_updated (rest, i));
    }

  return g_steal_pointer (&list);
}

/* The first rows of @filter's query (_pb_case_list_get_first_ids()), and
 * the means to read the others as a view scrolls (pb-case-list.c).
 * Counting them all would cost what reading them does: over a million
 * cases on a server, seconds; in a file, reading the 97,000 cases a
 * search for "int" finds at 100,000 took 40 % of what it cost. */
static GListModel *
list_first_ids (PbCaseStore        *self,
                const PbCaseFilter *filter,
                GError            **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PbCaseList) list = NULL;
  g_autoptr(GString) conditions = NULL;
  guint n_first = _pb_case_list_get_first_ids ();
  gboolean in_file = pb_db_get_kind (self->db) == PB_DB_KIND_SQLITE;
  /* As list_valid_cases (): the cases a search finds, the first rows and
   * the ids after them, in one snapshot of a file. */
  gboolean own_read = in_file && !pb_db_in_transaction (self->db);
  MoreIds *more;
  Found found = { NULL, 0 };

  if (own_read && !pb_db_exec (self->db, "BEGIN", error))
    return NULL;
  if ((conditions = build_list_conditions (self, self->db, LIST_SELECT, filter, TRUE, params, &found, error)))
    {
      /* A server's with the number as a parameter (pb-db-statements.c). */
      g_autofree char *first_sql = g_strdup_printf ("%s" LIST_ORDER " LIMIT ?", conditions->str);

      if (in_file)
        list = read_first_rows (self, conditions->str, params, &found, n_first, error);
      else
        {
          g_autoptr(GPtrArray) first = g_ptr_array_new_full (params->len + 1, g_free);

          for (guint i = 0; i < params->len; i++)
            g_ptr_array_add (first, g_strdup (g_ptr_array_index (params, i)));
          g_ptr_array_add (first, g_strdup_printf ("%u", n_first));
          list = read_ids (self, first_sql, first, &found, error);
        }
    }
  if (own_read)
    pb_db_exec (self->db, "COMMIT", NULL);
  if (list == NULL || g_list_model_get_n_items (G_LIST_MODEL (list)) < n_first)
    {
      found_clear (&found);
      return list != NULL ? G_LIST_MODEL (g_steal_pointer (&list)) : NULL;
    }

  more = g_new0 (MoreIds, 1);
  more->store = g_object_ref (self);
  more->sql = ids_after_query (conditions->str);
  more->params = g_steal_pointer (&params);
  more->found = found;
  _pb_case_list_set_more (PB_CASE_LIST (list), read_more_ids, more, (GDestroyNotify) more_ids_free);

  return G_LIST_MODEL (g_steal_pointer (&list));
}

/**
 * pb_case_store_list_cases_for_view:
 *
 * The cases pb_case_store_list_cases() gives, for a view that shows some
 * of them at a time. Only the first thousand are listed at first (in a
 * file, with the cases of the rows a view shows first read): when a view
 * asks for a row near the end, the list reads the next ones in an idle
 * callback of the thread-default main context and grows (the same order,
 * from where it ended; a case that changed meanwhile is where the list is
 * read again, which a live view does on every change).
 */
GListModel *
pb_case_store_list_cases_for_view (PbCaseStore        *self,
                                   const PbCaseFilter *filter,
                                   GError            **error)
{
  PbCaseFilter *valid;
  GListModel *list;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);

  if (!_pb_case_store_caches_current (self))
    return pb_case_store_list_cases (self, filter, error);

  valid = _pb_case_filter_copy (filter);
  list = list_first_ids (self, valid, error);
  _pb_case_filter_free (valid);

  return list;
}

/* Every case of a list, in one query ------------------------------------------ */

/* Each case_list row, with its case's (NULL where it cannot be read). */
#define CASE_ROWS_QUERY \
  "SELECT " CASE_INFO_COLUMNS ", l.case_id, l.updated FROM case_list l LEFT JOIN cases c ON c.id = l.case_id" \
  CASE_INFO_JOINS ("LEFT JOIN") " WHERE TRUE"

/* The case of a CASE_ROWS_QUERY row. One that cannot be read shows its id,
 * as in a list. */
static PbCaseInfo *
case_row_info (PbCaseStore  *self,
               PbDbStmt     *stmt,
               GError      **error)
{
  PB_CASE_STORE_LOCKED (self);

  if (pb_db_stmt_column_text (stmt, 0) == NULL || pb_db_stmt_column_text (stmt, 11) == NULL)
    return _pb_case_info_new (pb_db_stmt_column_text (stmt, 18), 0, "", "", "", "", "", "", "", "", "",
                              PB_CASE_STATUS_DRAFT, PB_CASE_STATUS_DRAFT, PB_OUTCOME_INCOMPLETE,
                              0, "", "", pb_db_stmt_column_text (stmt, 19));

  return _pb_case_store_case_info_from_row (self, stmt, error);
}

/* A file is read through a connection of its own, for reading only: the
 * stores that share the file's connection (a window's) are not held up
 * while every case is read. It goes when the walk ends. */
static PbDb *
open_reader (PbCaseStore  *self,
             GError      **error)
{
  PbDb *reader;

  if (!(reader = pb_db_sqlite_open (self->file_path, TRUE, NULL, self->path, error)))
    return NULL;
  /* The pages of the cases' tables come round again and again. */
  if (!pb_db_exec (reader, "PRAGMA cache_size = -16384", error))
    g_clear_object (&reader);

  return reader;
}

/* The cases a walk over a server's reads at a time. */
#define FOREACH_FETCH_SIZE 1000

static guint foreach_fetch_size = FOREACH_FETCH_SIZE;

void
_pb_case_store_set_foreach_fetch_size (guint n)
{
  foreach_fetch_size = n > 0 ? n : FOREACH_FETCH_SIZE;
}

/* Each case of @filter's query, run in @db, to @func. */
static gboolean
walk_cases (PbCaseStore         *self,
            PbDb                *db,
            const PbCaseFilter  *filter,
            gboolean             outcome_kept,
            PbCaseInfoFunc       func,
            gpointer             user_data,
            Found               *found,
            GError             **error)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PbDbStmt) stmt = NULL;
  g_autoptr(GString) sql = NULL;
  int rc;

  if (!(sql = build_list_conditions (self, db, CASE_ROWS_QUERY, filter, outcome_kept, params, found, error)))
    return FALSE;
  g_string_append (sql, LIST_ORDER);

  if (!(stmt = pb_db_prepare (db, sql->str, error)))
    return FALSE;
  bind_params (stmt, params, found);
  /* libpq would hold every row (a million cases: gigabytes) at once. */
  if (pb_db_get_kind (db) == PB_DB_KIND_POSTGRESQL)
    pb_db_pg_stmt_set_fetch_size (stmt, foreach_fetch_size);

  while ((rc = pb_db_stmt_step (stmt, error)) == PB_DB_ROW)
    {
      g_autoptr(PbCaseInfo) info = case_row_info (self, stmt, error);

      if (info == NULL)
        return FALSE;
      if (filter->outcome >= 0 && !outcome_kept && pb_case_info_get_outcome (info) != (PbOutcome) filter->outcome)
        continue;
      if (!func (info, user_data, error))
        return FALSE;
    }

  return rc != 0;
}

static gboolean
foreach_valid_case (PbCaseStore        *self,
                    const PbCaseFilter *filter,
                    PbCaseInfoFunc      func,
                    gpointer            user_data,
                    GError            **error)
{
  g_autoptr(GRecMutexLocker) locker = _pb_case_store_lock (self);
  g_autoptr(PbDb) reader = NULL;
  gboolean outcome_kept = _pb_case_store_caches_current (self);
  Found found = { NULL, 0 };
  gboolean own_read;
  gboolean ok;
  PbDb *db;

  /* (A file open for reading only, in a folder that may not be written,
   * is read through the store's own connection: nothing saves there.) */
  if (pb_db_get_kind (self->db) == PB_DB_KIND_SQLITE && !self->read_only)
    {
      if (!(reader = open_reader (self, error)))
        return FALSE;
      g_clear_pointer (&locker, g_rec_mutex_locker_free);
    }
  db = reader != NULL ? reader : self->db;

  /* One read transaction, one snapshot of the file: the cases a search
   * finds and the statement that reads them (else one statement is). */
  own_read = pb_db_get_kind (db) == PB_DB_KIND_SQLITE && is_set (filter->text) && !pb_db_in_transaction (db);
  if (own_read && !pb_db_exec (db, "BEGIN", error))
    return FALSE;
  ok = walk_cases (self, db, filter, outcome_kept, func, user_data, &found, error);
  found_clear (&found);
  if (own_read)
    pb_db_exec (db, "COMMIT", NULL);

  return ok;
}

gboolean
pb_case_store_foreach_case (PbCaseStore        *self,
                            const PbCaseFilter *filter,
                            PbCaseInfoFunc      func,
                            gpointer            user_data,
                            GError            **error)
{
  PbCaseFilter *valid;
  gboolean ok;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  valid = _pb_case_filter_copy (filter);
  ok = foreach_valid_case (self, valid, func, user_data, error);
  _pb_case_filter_free (valid);

  return ok;
}

/* "... WHERE c.id IN (?1, ?2, ..., ?PAGE)" */
static const char *
page_query (void)
{
  static char *sql;

  if (g_once_init_enter (&sql))
    {
      GString *query = g_string_new (CASE_INFO_QUERY " WHERE c.id IN (");

      for (guint i = 1; i <= PB_CASE_LIST_PAGE_SIZE; i++)
        g_string_append_printf (query, i > 1 ? ", ?%u" : "?%u", i);
      g_string_append (query, ")");
      g_once_init_leave (&sql, g_string_free (query, FALSE));
    }

  return sql;
}

gboolean
_pb_case_store_read_case_infos (PbCaseStore         *self,
                                const char * const  *ids,
                                guint                n_ids,
                                PbCaseInfo         **infos,
                                GError             **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_autoptr(PbDbStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (n_ids <= PB_CASE_LIST_PAGE_SIZE, FALSE);

  /* Listed for a server (pb-db-statements.c). */
  if (!(stmt = pb_db_prepare (self->db, page_query (), error)))
    return FALSE;
  for (guint i = 0; i < n_ids; i++)
    pb_db_stmt_bind_text (stmt, i + 1, ids[i]);

  while ((rc = pb_db_stmt_step (stmt, error)) == PB_DB_ROW)
    {
      const char *id = pb_db_stmt_column_text (stmt, 0);

      for (guint i = 0; i < n_ids; i++)
        if (infos[i] == NULL && g_strcmp0 (ids[i], id) == 0)
          {
            if (!(infos[i] = _pb_case_store_case_info_from_row (self, stmt, error)))
              return FALSE;
            break;
          }
    }

  return rc != 0;
}

gboolean
_pb_case_store_verify_listing (PbCaseStore  *self,
                               const char   *case_id,
                               GError      **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  const char *sql;

  /* What this transaction wrote is indexed as it commits: first. */
  if (!_pb_case_store_search_flush (self, error))
    return FALSE;

  /* A file's list also names each case's customer and product. */
#define LISTED(more) \
  "SELECT (SELECT count(*) FROM case_list l JOIN cases c ON c.id = l.case_id" \
  "          LEFT JOIN revisions r ON r.case_id = c.id AND r.revision = c.current_revision" \
  "         WHERE l.case_id = ?1 AND l.updated IS NOT DISTINCT FROM c.updated" \
  "           AND l.status IS NOT DISTINCT FROM r.status" \
  "           AND l.decision IS NOT DISTINCT FROM r.decision" \
  "           AND l.outcome IS NOT DISTINCT FROM r.outcome" more ") = 1" \
  "   AND (SELECT count(*) FROM case_list WHERE case_id = ?1) = 1"
  sql = pb_db_get_kind (self->db) != PB_DB_KIND_SQLITE
        ? PB_SQL (LISTED (""))
        : LISTED (" AND l.customer_uid IS c.customer_uid AND l.product_uid IS c.product_uid");
#undef LISTED
  if (!(stmt = pb_db_prepare (self->db, sql, error)))
    return FALSE;

  pb_db_stmt_bind_text (stmt, 1, case_id);
  if (pb_db_stmt_step (stmt, error) != PB_DB_ROW)
    return FALSE;

  if (!pb_db_stmt_column_int (stmt, 0))
    {
      /* Translators: a case id, then a file name */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TAMPERED,
                   _("Case “%s” is listed in %s with another status, decision, outcome, "
                     "customer or product than its record gives: the case list was altered"),
                   case_id, self->path);
      return FALSE;
    }

  return _pb_case_store_verify_search (self, case_id, error);
}

/* Asynchronous listing ----------------------------------------------------- */

PbCaseFilter *
_pb_case_filter_copy (const PbCaseFilter *filter)
{
  static const PbCaseFilter any = PB_CASE_FILTER_INIT;
  PbCaseFilter *copy = g_new0 (PbCaseFilter, 1);

  if (filter == NULL)
    filter = &any;

  /* Valid UTF-8, as a server takes text (and case folding needs it). */
  *copy = *filter;
  copy->customer = filter->customer != NULL ? g_utf8_make_valid (filter->customer, -1) : NULL;
  copy->product = filter->product != NULL ? g_utf8_make_valid (filter->product, -1) : NULL;
  copy->text = filter->text != NULL ? g_utf8_make_valid (filter->text, -1) : NULL;
  if (filter->country_names != NULL)
    copy->country_names = g_object_ref (filter->country_names);

  return copy;
}

void
_pb_case_filter_free (PbCaseFilter *filter)
{
  g_free ((char *) filter->customer);
  g_free ((char *) filter->product);
  g_free ((char *) filter->text);
  g_clear_object (&filter->country_names);
  g_free (filter);
}

typedef struct
{
  char         *path;
  PbCaseFilter *filter;
  gboolean      background;   /* the list's calls must not wait on the network either */
} ListTask;

static void
list_task_free (ListTask *task)
{
  g_free (task->path);
  _pb_case_filter_free (task->filter);
  g_free (task);
}

/* A list a newer one made stale stops where it is: in a file, SQLite asks
 * the cancellable between steps of its program (one step, such as FTS5
 * gathering the words a prefix begins, runs to its end). */
#define CANCEL_CHECK_STEPS 100

static int
list_cancelled_cb (void *cancellable)
{
  return g_cancellable_is_cancelled (cancellable);
}

GListModel *
_pb_case_store_list_cases_for_view (PbCaseStore        *self,
                                    const PbCaseFilter *filter,
                                    GCancellable       *cancellable,
                                    GError            **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  gboolean in_transaction;
  GListModel *list;
  sqlite3 *handle;

  if (cancellable == NULL || pb_db_get_kind (self->db) != PB_DB_KIND_SQLITE)
    return pb_case_store_list_cases_for_view (self, filter, error);

  /* The connection is this store's alone while it holds the lock. */
  locker = _pb_case_store_lock (self);
  handle = pb_db_sqlite_get_handle (PB_DB_SQLITE (self->db));
  in_transaction = pb_db_in_transaction (self->db);
  sqlite3_progress_handler (handle, CANCEL_CHECK_STEPS, list_cancelled_cb, cancellable);
  list = pb_case_store_list_cases_for_view (self, filter, error);
  sqlite3_progress_handler (handle, 0, NULL, NULL);

  /* Stopped before the read transaction it began was ended. */
  if (!in_transaction && pb_db_in_transaction (self->db))
    pb_db_exec (self->db, "ROLLBACK", NULL);
  if (list == NULL && g_cancellable_is_cancelled (cancellable))
    {
      g_clear_error (error);
      g_cancellable_set_error_if_cancelled (cancellable, error);
    }

  return list;
}

static void
list_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ListTask *data = task_data;
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *list;

  if (g_task_return_error_if_cancelled (task))
    return;

  /* Reading only: it joins any connection this process has to the file. */
  if (!(store = pb_case_store_open (data->path, PB_CASE_STORE_FLAGS_READ_ONLY, &error)) ||
      !(list = _pb_case_store_list_cases_for_view (store, data->filter, cancellable, &error)))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    {
      /* The list reads its pages through this store in the caller's
       * thread: as the caller's store, it does not wait to connect again. */
      _pb_case_list_read_ahead (PB_CASE_LIST (list));
      if (data->background)
        pb_db_pg_set_background (PB_DB_PG (store->db), TRUE);
      g_task_return_pointer (task, list, g_object_unref);
    }
}

void
pb_case_store_list_cases_async (PbCaseStore         *self,
                                const PbCaseFilter  *filter,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ListTask *data;

  g_return_if_fail (PB_IS_CASE_STORE (self));

  data = g_new0 (ListTask, 1);
  data->path = g_strdup (self->location);
  data->filter = _pb_case_filter_copy (filter);
  data->background = pb_db_get_kind (self->db) == PB_DB_KIND_POSTGRESQL &&
                     pb_db_pg_get_background (PB_DB_PG (self->db));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_case_store_list_cases_async);
  g_task_set_task_data (task, data, (GDestroyNotify) list_task_free);
  g_task_run_in_thread (task, list_in_thread);
}

GListModel *
pb_case_store_list_cases_finish (PbCaseStore   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Every statement a server's list may run (pb-db-statements.c): each
 * query built on build_list_conditions (), for each set of roles
 * (_pb_case_store_server_visible ()) and each number of words of a
 * search; the filters, and what kind each word is (short or not, a part
 * of an id or not), do not change a server's statements. */
void
_pb_case_store_list_statements (GPtrArray *out)
{
  static const char * const visible[] = {
    "", " AND (l.team = (SELECT my_team ()) OR l.submitted)", " AND l.team = (SELECT my_team ())",
    " AND l.submitted", " AND FALSE",
  };
  g_autoptr(PbCaseStore) fake = g_object_new (PB_TYPE_CASE_STORE, NULL);
  g_autoptr(GString) text = g_string_new (NULL);

  fake->db = g_object_new (PB_TYPE_DB_PG, NULL);
  fake->server_user = g_strdup ("");
  fake->server_schema = PB_SERVER_SCHEMA_VERSION;
  g_ptr_array_add (out, g_strdup (page_query ()));

  /* No text, then "word1", "word1 word2", ... up to as many words as a
   * search reads. */
  for (guint t = 0; t <= PB_SEARCH_MAX_WORDS; t++)
    {
      if (t > 0)
        g_string_append_printf (text, t == 1 ? "word%u" : " word%u", t);

      for (guint v = 0; v < G_N_ELEMENTS (visible); v++)
        {
          PbCaseFilter filter = PB_CASE_FILTER_INIT;
          g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
          Found found = { NULL, 0 };
          g_autoptr(GString) list = NULL;
          g_autoptr(GString) rows = NULL;
          g_autofree char *after = NULL;

          filter.text = t > 0 ? text->str : NULL;
          fake->server_visible = visible[v];
          list = build_list_conditions (fake, fake->db, LIST_SELECT, &filter, TRUE, params, &found, NULL);
          rows = build_list_conditions (fake, fake->db, CASE_ROWS_QUERY, &filter, TRUE, params, &found, NULL);
          g_assert (list != NULL && rows != NULL);
          after = ids_after_query (list->str);
          g_ptr_array_add (out, g_strconcat (list->str, LIST_ORDER, NULL));
          g_ptr_array_add (out, g_strconcat (list->str, LIST_ORDER " LIMIT ?", NULL));
          g_ptr_array_add (out, g_strconcat (after, " LIMIT ?", NULL));
          g_ptr_array_add (out, g_strconcat (rows->str, LIST_ORDER, NULL));
        }
    }
}
