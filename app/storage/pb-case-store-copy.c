/* pb-case-store-copy.c: copying a case, with its whole history, from one
 * store to another on either engine (probity-cli db copy, and a case file
 * imported into a team server)
 *
 * The source case is verified first, then read in one read transaction:
 * its rows as JSON objects of their columns (bytea as "\x" and hex), the
 * stored bytes it names apart. A file takes the rows as they are, in one
 * transaction that verifies the case again before it commits. A server
 * takes them through probity.import_case () (schema-v2.sql), which only an
 * administrator may call: it checks every event's hash and link as it goes
 * in, keeps the original authors and times, and appends an "imported"
 * event of the administrator's own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-case-store"

#include "config.h"

#include "pb-i18n.h"
#include <json-glib/json-glib.h>
#include <string.h>

#include "pb-case-store-private.h"
#include "pb-db-statements.h"

typedef struct
{
  const char *table;
  const char *columns;    /* as SQL names them */
  const char *types;      /* one a column: t text, i integer, b bytes */
  const char *where;      /* ?1: the case id */
} CopyTable;

/* In the order a copy inserts them. */
static const CopyTable copy_tables[] = {
  { "customers", CUSTOMER_COLUMNS, "ttttttt", "uid = (SELECT customer_uid FROM cases WHERE id = ?1)" },
  { "products", PRODUCT_COLUMNS, "tttttt", "uid = (SELECT product_uid FROM cases WHERE id = ?1)" },
  { "cases", "id, customer_uid, product_uid, questionnaire_sha256, created, created_by, current_revision, updated,"
             " head_seq, head_hash, reference_sha256", "ttttttititt", "id = ?1" },
  { "revisions", "case_id, revision, status, decision, reason, conditions, created, outcome, n_answers, sealed",
    "tittttttii", "case_id = ?1 ORDER BY revision" },
  { "answers", "case_id, revision, question_id, value, comment, evidence_note, \"user\", updated", "titttttt",
    "case_id = ?1 ORDER BY revision, question_id" },
  { "evidence", EVIDENCE_COLUMNS, "itittttitt", "case_id = ?1 ORDER BY id" },
  { "sign_offs", "id, case_id, revision, event_seq, role, name, decision, reason, conditions, time, report_sha256,"
                 " answers_fingerprint, history_head, organisation, certificate_sha256, language",
    "itiitttttttttttt", "case_id = ?1 ORDER BY id" },
  { "events", EVENT_COLUMNS, "tiitttttttttttt", "case_id = ?1 ORDER BY seq" },
  { "anchors", "case_id, seq, event_seq, head_hash, token", "tiitb", "case_id = ?1 ORDER BY seq" },
};

/* The stored bytes a case names, by SHA-256. */
static const CopyTable copy_content[] = {
  { "questionnaires", "sha256, qid, version, file_name, content", NULL,
    "sha256 = (SELECT questionnaire_sha256 FROM cases WHERE id = ?1)" },
  { "reference_data", "sha256, version, file_name, content", NULL,
    "sha256 = (SELECT reference_sha256 FROM cases WHERE id = ?1)" },
  { "blobs", "sha256, size, content", NULL,
    "sha256 IN (SELECT sha256 FROM evidence WHERE case_id = ?1 UNION SELECT report_sha256 FROM sign_offs WHERE case_id = ?1)" },
};

typedef struct
{
  JsonArray *rows[G_N_ELEMENTS (copy_tables)];
} CaseRows;

static void
case_rows_clear (CaseRows *rows)
{
  for (guint i = 0; i < G_N_ELEMENTS (rows->rows); i++)
    g_clear_pointer (&rows->rows[i], json_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CaseRows, case_rows_clear)

/* "user" → user: the column's name as a JSON member. */
static char **
column_names (const char *columns)
{
  char **names = g_strsplit (columns, ",", -1);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_strstrip (names[i]);
      if (names[i][0] == '"')
        {
          memmove (names[i], names[i] + 1, strlen (names[i]));
          names[i][strlen (names[i]) - 1] = '\0';
        }
    }

  return names;
}

static char *
hex_bytes (gconstpointer data,
           gsize         size)
{
  static const char digits[] = "0123456789abcdef";
  const guchar *bytes = data;
  char *hex = g_malloc (size * 2 + 3);

  hex[0] = '\\';
  hex[1] = 'x';
  for (gsize i = 0; i < size; i++)
    {
      hex[2 + 2 * i] = digits[bytes[i] >> 4];
      hex[3 + 2 * i] = digits[bytes[i] & 0xf];
    }
  hex[size * 2 + 2] = '\0';

  return hex;
}

static GBytes *
unhex_bytes (const char *hex)
{
  gsize len = hex != NULL ? strlen (hex) : 0;
  GByteArray *bytes;

  if (len < 2 || hex[0] != '\\' || hex[1] != 'x' || len % 2 != 0)
    return NULL;

  bytes = g_byte_array_sized_new ((len - 2) / 2);
  for (gsize i = 2; i < len; i += 2)
    {
      int hi = g_ascii_xdigit_value (hex[i]);
      int lo = g_ascii_xdigit_value (hex[i + 1]);
      guint8 byte = (guint8) (hi << 4 | lo);

      if (hi < 0 || lo < 0)
        {
          g_byte_array_unref (bytes);
          return NULL;
        }
      g_byte_array_append (bytes, &byte, 1);
    }

  return g_byte_array_free_to_bytes (bytes);
}

static void
set_string_take (JsonObject *object,
                 const char *member,
                 char       *value)
{
  json_object_set_string_member (object, member, value);
  g_free (value);
}

/* The statements of a copy, built from the tables it copies: the same
 * for every case (listed for a server: pb-db-statements.c). */
static char *
select_rows_sql (const CopyTable *table)
{
  return g_strdup_printf ("SELECT %s FROM %s WHERE %s", table->columns, table->table, table->where);
}

static char *
insert_content_sql (const CopyTable *table)
{
  g_auto(GStrv) names = column_names (table->columns);
  guint n_columns = g_strv_length (names);
  GString *insert = g_string_new (NULL);

  g_string_printf (insert, "INSERT INTO %s (%s) VALUES (", table->table, table->columns);
  for (guint i = 1; i <= n_columns; i++)
    g_string_append_printf (insert, i > 1 ? ", ?%u" : "?%u", i);
  /* No conflict target: a server's row-level security hides stored
   * files from an administrator, and a target would read the row. */
  g_string_append (insert, ") ON CONFLICT DO NOTHING");

  return g_string_free (insert, FALSE);
}

static char *
insert_rows_sql (const CopyTable *table)
{
  g_auto(GStrv) names = column_names (table->columns);
  gboolean has_id = g_str_equal (names[0], "id") && !g_str_equal (table->table, "cases");
  gboolean shared = g_str_equal (table->table, "customers") || g_str_equal (table->table, "products");
  GString *sql = g_string_new (NULL);
  guint first = has_id ? 1 : 0;

  /* Row ids are the target's own. */
  g_string_printf (sql, "INSERT INTO %s (%s) VALUES (", table->table,
                   has_id ? strchr (table->columns, ',') + 2 : table->columns);
  for (guint i = first; names[i] != NULL; i++)
    g_string_append_printf (sql, i > first ? ", ?%u" : "?%u", i - first + 1);
  g_string_append (sql, shared ? ") ON CONFLICT DO NOTHING" : ")");

  return g_string_free (sql, FALSE);
}

void
_pb_case_store_copy_statements (GPtrArray *out)
{
  for (guint t = 0; t < G_N_ELEMENTS (copy_tables); t++)
    {
      g_ptr_array_add (out, select_rows_sql (&copy_tables[t]));
      g_ptr_array_add (out, insert_rows_sql (&copy_tables[t]));
    }
  for (guint t = 0; t < G_N_ELEMENTS (copy_content); t++)
    {
      g_ptr_array_add (out, select_rows_sql (&copy_content[t]));
      g_ptr_array_add (out, insert_content_sql (&copy_content[t]));
    }
}

static gboolean
read_rows (PbCaseStore      *source,
           const CopyTable  *table,
           const char       *case_id,
           JsonArray       **rows_out,
           GError          **error)
{
  g_autofree char *sql = select_rows_sql (table);
  g_auto(GStrv) names = column_names (table->columns);
  g_autoptr(PbDbStmt) stmt = NULL;
  g_autoptr(JsonArray) rows = json_array_new ();
  int rc;

  g_assert (strlen (table->types) == g_strv_length (names));
  if (!(stmt = pb_db_prepare (source->db, sql, error)))
    return FALSE;

  pb_db_stmt_bind_text (stmt, 1, case_id);
  while ((rc = pb_db_stmt_step (stmt, error)) == PB_DB_ROW)
    {
      JsonObject *row = json_object_new ();

      for (int i = 0; names[i] != NULL; i++)
        {
          if (pb_db_stmt_column_is_null (stmt, i))
            json_object_set_null_member (row, names[i]);
          else if (table->types[i] == 'i')
            json_object_set_int_member (row, names[i], pb_db_stmt_column_int64 (stmt, i));
          else if (table->types[i] == 'b')
            {
              gsize size = 0;
              gconstpointer data = pb_db_stmt_column_blob (stmt, i, &size);

              set_string_take (row, names[i], hex_bytes (data, size));
            }
          else
            json_object_set_string_member (row, names[i], pb_db_stmt_column_text (stmt, i));
        }
      json_array_add_object_element (rows, row);
    }

  if (rc == 0)
    return FALSE;

  *rows_out = g_steal_pointer (&rows);
  return TRUE;
}

/* The case's rows, its kept outcomes as this build computes them (not
 * what the source kept: another build's rating method, or tampering). */
static gboolean
read_case (PbCaseStore  *source,
           const char   *case_id,
           CaseRows     *rows,
           GError      **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (copy_tables); i++)
    if (!read_rows (source, &copy_tables[i], case_id, &rows->rows[i], error))
      return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (copy_tables); i++)
    if (g_str_equal (copy_tables[i].table, "revisions"))
      for (guint r = 0; r < json_array_get_length (rows->rows[i]); r++)
        {
          JsonObject *revision = json_array_get_object_element (rows->rows[i], r);
          const char *outcome = NULL;
          guint n_answers = 0;

          if (!_pb_case_store_compute_cache_locked (source, case_id,
                                                    json_object_get_int_member (revision, "revision"),
                                                    &outcome, &n_answers, error))
            return FALSE;

          if (outcome != NULL)
            json_object_set_string_member (revision, "outcome", outcome);
          else
            json_object_set_null_member (revision, "outcome");
          json_object_set_int_member (revision, "n_answers", n_answers);
        }

  return TRUE;
}

/* The stored bytes the case names, one row at a time (a file may be tens
 * of megabytes). A row already there is kept: content-addressed, and on a
 * server its bytes are checked against its name on insert. */
static gboolean
copy_content_rows (PbCaseStore  *self,
                   PbCaseStore  *source,
                   const char   *case_id,
                   guint        *n_files,
                   GError      **error)
{
  for (guint t = 0; t < G_N_ELEMENTS (copy_content); t++)
    {
      g_auto(GStrv) names = column_names (copy_content[t].columns);
      guint n_columns = g_strv_length (names);
      g_autofree char *select = select_rows_sql (&copy_content[t]);
      g_autofree char *insert = insert_content_sql (&copy_content[t]);
      g_autoptr(PbDbStmt) from = NULL;
      g_autoptr(PbDbStmt) to = NULL;
      int rc;

      if (!(from = pb_db_prepare (source->db, select, error)) ||
          !(to = pb_db_prepare (self->db, insert, error)))
        return FALSE;

      pb_db_stmt_bind_text (from, 1, case_id);
      while ((rc = pb_db_stmt_step (from, error)) == PB_DB_ROW)
        {
          pb_db_stmt_reset (to);
          for (guint i = 0; i < n_columns; i++)
            {
              if (g_str_equal (names[i], "content"))
                {
                  gsize size = 0;
                  gconstpointer data = pb_db_stmt_column_blob (from, i, &size);

                  pb_db_stmt_bind_blob (to, i + 1, data != NULL ? data : "", size);
                }
              else if (g_str_equal (names[i], "size"))
                pb_db_stmt_bind_int64 (to, i + 1, pb_db_stmt_column_int64 (from, i));
              else
                pb_db_stmt_bind_text (to, i + 1, pb_db_stmt_column_text (from, i));
            }
          if (pb_db_stmt_step (to, error) == 0)
            return FALSE;
          if (g_str_equal (copy_content[t].table, "blobs") && n_files != NULL)
            (*n_files)++;
        }

      if (rc == 0)
        return FALSE;
    }

  return TRUE;
}

/* Onto a server, a case rated with country reference data that neither
 * this Probity (shipped, or in use) nor an administrator there vouches
 * for: refused. A server of schema 10 checks the data of a case made
 * there, not of one imported (review14c F2): a sales person's file with
 * an embargo emptied would come in through an honest administrator's copy. */
static gboolean
check_reference_locked (PbCaseStore  *self,
                        PbCaseStore  *source,
                        const char   *case_id,
                        GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(PbCountries) reference = _pb_case_store_load_reference_locked (source, case_id, &local_error);
  gboolean foreign;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!pb_case_store_reference_is_foreign (self, reference, &foreign, error))
    return FALSE;

  if (foreign)
    {
      /* Translators: a version, a SHA-256, then a database; the commands stay as they are */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_INVALID,
                   _("it is rated with the country reference data %s (sha256 %s), which this Probity neither "
                     "ships nor uses and no administrator of %s approved: its embargoes may have been changed. "
                     "Write it out with “probity-cli case questionnaire --reference CASE”, check it, and approve "
                     "it with “probity-cli db approve --reference” first"),
                   pb_countries_get_version (reference), pb_countries_get_sha256 (reference),
                   pb_db_get_name (self->db));
      return FALSE;
    }

  return TRUE;
}

/* Into a file: the rows as they are, revisions unsealed until their
 * answers are in. */
static gboolean
insert_rows_locked (PbCaseStore  *self,
                    CaseRows     *rows,
                    const char   *case_id,
                    GError      **error)
{
  for (guint t = 0; t < G_N_ELEMENTS (copy_tables); t++)
    {
      const CopyTable *table = &copy_tables[t];
      g_auto(GStrv) names = column_names (table->columns);
      gboolean has_id = g_str_equal (names[0], "id") && !g_str_equal (table->table, "cases");
      g_autofree char *sql = insert_rows_sql (table);
      g_autoptr(PbDbStmt) stmt = NULL;
      guint first = has_id ? 1 : 0;

      if (!(stmt = pb_db_prepare (self->db, sql, error)))
        return FALSE;

      for (guint r = 0; r < json_array_get_length (rows->rows[t]); r++)
        {
          JsonObject *row = json_array_get_object_element (rows->rows[t], r);

          pb_db_stmt_reset (stmt);
          for (guint i = first; names[i] != NULL; i++)
            {
              int index = i - first + 1;

              if (json_object_get_null_member (row, names[i]))
                pb_db_stmt_bind_text (stmt, index, NULL);
              else if (g_str_equal (names[i], "sealed"))
                pb_db_stmt_bind_int64 (stmt, index, 0);
              else if (table->types[i] == 'i')
                pb_db_stmt_bind_int64 (stmt, index, json_object_get_int_member (row, names[i]));
              else if (table->types[i] == 'b')
                {
                  g_autoptr(GBytes) bytes = unhex_bytes (json_object_get_string_member (row, names[i]));
                  gsize size = 0;
                  gconstpointer data = bytes != NULL ? g_bytes_get_data (bytes, &size) : "";

                  pb_db_stmt_bind_blob (stmt, index, data != NULL ? data : "", size);
                }
              else
                pb_db_stmt_bind_text (stmt, index, json_object_get_string_member (row, names[i]));
            }
          if (pb_db_stmt_step (stmt, error) == 0)
            return FALSE;
        }
    }

  for (guint t = 0; t < G_N_ELEMENTS (copy_tables); t++)
    if (g_str_equal (copy_tables[t].table, "revisions"))
      for (guint r = 0; r < json_array_get_length (rows->rows[t]); r++)
        {
          JsonObject *revision = json_array_get_object_element (rows->rows[t], r);
          g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                     json_object_get_int_member (revision, "revision"));

          if (json_object_get_int_member (revision, "sealed") != 0 &&
              !pb_db_run (self->db, PB_SQL ("UPDATE revisions SET sealed = 1 WHERE case_id = ?1 AND revision = ?2"),
                          error, 2, case_id, number))
            return FALSE;
        }
  _pb_case_store_forget_written (self);

  return TRUE;
}

/* Into a server: probity.import_case () with the rows as one JSON
 * document. */
static gboolean
import_rows_locked (PbCaseStore  *self,
                    CaseRows     *rows,
                    const char   *source_name,
                    const char   *team,
                    gboolean     *copied,
                    GError      **error)
{
  g_autoptr(JsonObject) bundle = json_object_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;
  g_autoptr(PbDbStmt) stmt = NULL;

  for (guint t = 0; t < G_N_ELEMENTS (copy_tables); t++)
    {
      const char *name = copy_tables[t].table;

      /* One row each: customer, product, case. */
      if (g_str_equal (name, "customers") || g_str_equal (name, "products") || g_str_equal (name, "cases"))
        {
          const char *member = g_str_equal (name, "customers") ? "customer"
                               : g_str_equal (name, "products") ? "product" : "case";

          if (json_array_get_length (rows->rows[t]) == 1)
            json_object_set_object_member (bundle, member,
                                           json_object_ref (json_array_get_object_element (rows->rows[t], 0)));
        }
      else
        json_object_set_array_member (bundle, name, json_array_ref (rows->rows[t]));
    }

  json_node_set_object (root, bundle);
  text = json_to_string (root, FALSE);

  if (!(stmt = pb_db_prepare (self->db, PB_SQL ("SELECT import_case (?1, CAST (?2 AS jsonb), ?3)"), error)))
    return FALSE;

  pb_db_stmt_bind_text (stmt, 1, source_name);
  pb_db_stmt_bind_text (stmt, 2, text);
  pb_db_stmt_bind_text (stmt, 3, team);
  if (pb_db_stmt_step (stmt, error) != PB_DB_ROW)
    return FALSE;
  _pb_case_store_forget_written (self);

  *copied = !pb_db_stmt_column_is_null (stmt, 0);
  return TRUE;
}

/* Whether @self (a file) holds @case_id (*@exists), with the history
 * @rows gives; CONFLICT if it holds another. */
static gboolean
compare_existing_locked (PbCaseStore  *self,
                         CaseRows     *rows,
                         const char   *case_id,
                         gboolean     *exists,
                         GError      **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  JsonArray *events = NULL;
  guint n = 0;
  int rc;

  for (guint t = 0; t < G_N_ELEMENTS (copy_tables); t++)
    if (g_str_equal (copy_tables[t].table, "events"))
      events = rows->rows[t];

  if (!(stmt = pb_db_prepare (self->db, PB_SQL ("SELECT hash FROM events WHERE case_id = ?1 ORDER BY seq"), error)))
    return FALSE;

  pb_db_stmt_bind_text (stmt, 1, case_id);
  while ((rc = pb_db_stmt_step (stmt, error)) == PB_DB_ROW)
    {
      if (n < json_array_get_length (events) &&
          g_strcmp0 (pb_db_stmt_column_text (stmt, 0),
                     json_object_get_string_member (json_array_get_object_element (events, n), "hash")) == 0)
        n++;
      else
        break;
    }

  if (rc == 0)
    return FALSE;

  *exists = n > 0 || rc == PB_DB_ROW;
  if (*exists && (rc == PB_DB_ROW || n != json_array_get_length (events)))
    {
      /* Translators: a case id, then a database */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CONFLICT,
                   _("Case “%s” is in %s already, with another history; nothing was copied"),
                   case_id, pb_db_get_name (self->db));
      return FALSE;
    }

  return TRUE;
}

static gboolean
copy_case_locked (PbCaseStore      *self,
                  PbCaseStore      *source,
                  const char       *case_id,
                  const char       *source_name,
                  const char       *team,
                  PbCaseCopyCheck   check,
                  gpointer          check_data,
                  gboolean         *copied,
                  guint            *n_events,
                  guint            *n_files,
                  GError          **error)
{
  g_auto(CaseRows) rows = { { NULL } };
  gboolean server = pb_db_get_kind (self->db) == PB_DB_KIND_POSTGRESQL;
  gboolean exists = FALSE;
  gboolean ok;

  /* The source as it is, in one read transaction, verified first: a
   * broken history is named by its case and event, and nothing of it is
   * copied. */
  if (!pb_db_begin_read (source->db, error))
    return FALSE;
  ok = _pb_case_store_verify_locked (source, case_id, n_events, NULL, error) &&
       read_case (source, case_id, &rows, error);
  if (!ok)
    {
      _pb_case_store_rollback (source);
      /* Translators: a case id, then a database */
      g_prefix_error (error, _("Case “%s” of %s cannot be copied: "), case_id, pb_db_get_name (source->db));
      return FALSE;
    }

  /* Asked in the same transaction: what it lets in is what is read. */
  if (check != NULL && !check (source, case_id, check_data, error))
    {
      _pb_case_store_rollback (source);
      return FALSE;
    }

  if (!_pb_case_store_begin (self, error))
    {
      _pb_case_store_rollback (source);
      return FALSE;
    }

  if (server)
    ok = check_reference_locked (self, source, case_id, error) &&
         copy_content_rows (self, source, case_id, n_files, error) &&
         import_rows_locked (self, &rows, source_name, team, copied, error);
  else
    {
      ok = compare_existing_locked (self, &rows, case_id, &exists, error);
      *copied = ok && !exists;
      ok = ok && (exists ||
                  (copy_content_rows (self, source, case_id, n_files, error) &&
                   insert_rows_locked (self, &rows, case_id, error) &&
                   _pb_case_store_verify_locked (self, case_id, NULL, NULL, error)));
    }
  _pb_case_store_rollback (source);

  if (!ok || !_pb_case_store_commit (self, error))
    {
      _pb_case_store_rollback (self);
      /* Translators: a case id, then a database */
      g_prefix_error (error, _("Case “%s” was not copied to %s: "), case_id, pb_db_get_name (self->db));
      return FALSE;
    }

  return TRUE;
}

/* Public API: copying cases ----------------------------------------------------- */

gboolean
pb_case_store_copy_case (PbCaseStore  *self,
                         PbCaseStore  *source,
                         const char   *case_id,
                         const char   *source_name,
                         const char   *team,
                         gboolean     *copied,
                         guint        *n_events,
                         guint        *n_files,
                         GError      **error)
{
  return pb_case_store_copy_case_checked (self, source, case_id, source_name, team, NULL, NULL, copied, n_events,
                                          n_files, error);
}

gboolean
pb_case_store_copy_case_checked (PbCaseStore      *self,
                                 PbCaseStore      *source,
                                 const char       *case_id,
                                 const char       *source_name,
                                 const char       *team,
                                 PbCaseCopyCheck   check,
                                 gpointer          check_data,
                                 gboolean         *copied,
                                 guint            *n_events,
                                 guint            *n_files,
                                 GError          **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_autoptr(GRecMutexLocker) source_locker = NULL;
  g_autofree char *base_name = NULL;
  gboolean dummy;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (PB_IS_CASE_STORE (source), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  source_locker = _pb_case_store_lock (source);
  /* What the "imported" event names: never a connection string, which
   * may hold a password. */
  if (source_name == NULL)
    source_name = base_name = pb_db_get_kind (source->db) == PB_DB_KIND_SQLITE ? g_path_get_basename (source->path)
                                                                              : g_strdup (pb_db_get_name (source->db));
  if (copied == NULL)
    copied = &dummy;
  *copied = FALSE;
  if (n_events != NULL)
    *n_events = 0;
  if (n_files != NULL)
    *n_files = 0;

  /* On a server, an administrator brings copied histories in (they name
   * other people); into a file, whoever may write it. */
  if (self->server_user != NULL && !_pb_case_store_check_admin (self, TRUE, error))
    return FALSE;

  return copy_case_locked (self, source, case_id, source_name, team, check, check_data, copied, n_events, n_files,
                           error);
}

gboolean
pb_case_store_count_cases (PbCaseStore  *self,
                           guint        *n_cases,
                           GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  g_autoptr(PbDbStmt) stmt = NULL;
  /* An administrator reads no case on a server: it counts them for them. */
  const char *sql = self->server_user != NULL && self->server_admin ? PB_SQL ("SELECT case_count ()")
                                                                   : PB_SQL ("SELECT count(*) FROM cases");

  g_return_val_if_fail (PB_IS_CASE_STORE (self), FALSE);

  if (!(stmt = pb_db_prepare (self->db, sql, error)) ||
      pb_db_stmt_step (stmt, error) != PB_DB_ROW)
    return FALSE;

  *n_cases = pb_db_stmt_column_int64 (stmt, 0);
  return TRUE;
}

gboolean
pb_case_store_verify_copy (PbCaseStore  *self,
                           const char   *case_id,
                           guint        *n_events,
                           GError      **error)
{
  g_return_val_if_fail (PB_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);

  /* A file, or someone who reads every case: everything verification
   * checks. An administrator on a server reads no case: the server
   * checks the chain, recomputing every hash (check_case_history ()). */
  if (self->server_user == NULL || (self->server_member && self->server_role == PB_ROLE_AUDITOR))
    return pb_case_store_verify_case (self, case_id, n_events, NULL, error);

  {
    PB_CASE_STORE_LOCKED (self);
    g_autoptr(PbDbStmt) stmt = NULL;
    int rc;

    if (!(stmt = pb_db_prepare (self->db, PB_SQL ("SELECT seq, problem FROM check_case_history (?1)"), error)))
      return FALSE;

    pb_db_stmt_bind_text (stmt, 1, case_id);
    if ((rc = pb_db_stmt_step (stmt, error)) == 0)
      return FALSE;
    if (rc == PB_DB_ROW)
      {
        /* Translators: an event number, a case id, a database, then what is wrong (the server's words) */
        g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TAMPERED,
                     _("Event %lld of case “%s” on %s: %s"),
                     (long long) pb_db_stmt_column_int64 (stmt, 0), case_id, pb_db_get_name (self->db),
                     pb_db_stmt_column_text (stmt, 1));
        return FALSE;
      }

    if (n_events != NULL)
      *n_events = 0;
    return TRUE;
  }
}
