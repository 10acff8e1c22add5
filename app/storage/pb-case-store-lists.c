/* pb-case-store-lists.c: restricted-party list editions: the tables, the
 * import transaction, and reading editions back for screening
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-case-store"

#include "config.h"

#include "pb-i18n.h"
#include <string.h>

#include "pb-case-store-private.h"
#include "pb-db-statements.h"
#include "pb-list-store-private.h"

/* Entries are content-addressed: an edition lists the entries it holds,
 * and an entry unchanged between two editions is stored once. Every
 * edition stays, so that a past screening can be shown against the exact
 * edition it used. */
static const char schema_lists[] =
  "CREATE TABLE list_editions (\n"
  "  id           INTEGER PRIMARY KEY,\n"
  "  list_id      TEXT NOT NULL,\n"
  "  publisher    TEXT NOT NULL,\n"
  "  title        TEXT NOT NULL,\n"
  "  format       TEXT NOT NULL,\n"
  "  published    TEXT,\n"
  "  file_name    TEXT NOT NULL,\n"
  "  file_sha256  TEXT NOT NULL,\n"
  "  file_size    INTEGER NOT NULL,\n"
  "  n_entries    INTEGER NOT NULL,\n"
  "  imported     TEXT NOT NULL,\n"
  "  imported_by  TEXT NOT NULL\n"
  ");\n"
  "CREATE INDEX list_editions_by_list ON list_editions (list_id, file_sha256);\n"
  "CREATE TABLE list_entries (\n"
  "  id              INTEGER PRIMARY KEY,\n"
  "  sha256          TEXT NOT NULL UNIQUE,\n"
  "  kind            TEXT NOT NULL,\n"
  "  source_id       TEXT,\n"
  "  countries       TEXT NOT NULL,\n"
  "  identifiers     TEXT NOT NULL,\n"
  "  matcher_version INTEGER NOT NULL,\n"
  "  data            TEXT NOT NULL\n"
  ");\n"
  "CREATE TABLE list_edition_entries (\n"
  "  edition_id INTEGER NOT NULL REFERENCES list_editions (id),\n"
  "  entry_id   INTEGER NOT NULL REFERENCES list_entries (id),\n"
  "  PRIMARY KEY (edition_id, entry_id)\n"
  ");\n"
  "CREATE TABLE list_names (\n"
  "  entry_id INTEGER NOT NULL REFERENCES list_entries (id),\n"
  "  seq      INTEGER NOT NULL,\n"
  "  kind     TEXT NOT NULL,\n"
  "  name     TEXT NOT NULL,\n"
  "  match    TEXT NOT NULL,\n"
  "  PRIMARY KEY (entry_id, seq)\n"
  ");\n";

#define EDITION_COLUMNS \
  "e.id, e.list_id, e.publisher, e.title, e.format, e.published, e.file_name, e.file_sha256," \
  " e.file_size, e.n_entries, e.imported, e.imported_by"

/* The edition of each list that screening uses: published last, or
 * imported last when the files give no date. */
#define IS_CURRENT \
  "e.id = (SELECT c.id FROM list_editions c WHERE c.list_id = e.list_id" \
  " ORDER BY coalesce (c.published, c.imported) DESC, c.id DESC LIMIT 1)"

struct _PbListImport
{
  PbCaseStore  *store;
  PbDbStmt     *insert_entry;
  PbDbStmt     *find_entry;
  PbDbStmt     *insert_member;
  PbDbStmt     *insert_name;
  gint64        edition_id;
  guint         n_entries;
  char         *list_id;
  guint         matcher_version;
  gboolean      open;
  /* The connection is the store's alone until the import is freed: a
   * store of another thread on the same file (they share the connection)
   * waits rather than write inside the import's transaction. */
  GRecMutexLocker *locker;
};

gboolean
_pb_case_store_migrate_lists (PbCaseStore  *self,
                              GError      **error)
{
  return pb_db_exec (self->db, schema_lists, error);
}

static PbListEdition *
edition_from_row (PbDbStmt *stmt)
{
  return _pb_list_edition_new (pb_db_stmt_column_int64 (stmt, 0),
                               pb_db_stmt_column_text (stmt, 1),
                               pb_db_stmt_column_text (stmt, 2),
                               pb_db_stmt_column_text (stmt, 3),
                               pb_db_stmt_column_text (stmt, 4),
                               pb_db_stmt_column_text (stmt, 5),
                               pb_db_stmt_column_text (stmt, 6),
                               pb_db_stmt_column_text (stmt, 7),
                               pb_db_stmt_column_int64 (stmt, 8),
                               pb_db_stmt_column_int (stmt, 9),
                               pb_db_stmt_column_text (stmt, 10),
                               pb_db_stmt_column_text (stmt, 11),
                               pb_db_stmt_column_int (stmt, 12));
}

static char *
sha256_hex (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

/* Import ------------------------------------------------------------------------ */

/* The import's edition row and statements, in the transaction begun;
 * @imported and @imported_by as the row records them. */
static PbListImport *
begin_import_locked (PbCaseStore             *self,
                     GRecMutexLocker         *locker,
                     const PbListImportInfo  *info,
                     const char              *imported,
                     const char              *imported_by,
                     GError                 **error)
{
  g_autoptr(PbListImport) import = NULL;
  g_autoptr(PbDbStmt) edition = NULL;

  import = g_new0 (PbListImport, 1);
  import->locker = locker;
  import->store = g_object_ref (self);
  import->open = TRUE;
  import->list_id = g_strdup (info->list_id);
  import->matcher_version = info->matcher_version;

  /* The hash, size and count are filled in by the commit. */
  if (!(edition = pb_db_prepare (self->db,
                                 PB_SQL ("INSERT INTO list_editions (list_id, publisher, title, format, file_name,"
                                         " file_sha256, file_size, n_entries, imported, imported_by)"
                                         " VALUES (?1, ?2, ?3, ?4, ?5, '', 0, 0, ?6, ?7) RETURNING id"),
                                 error)))
    return NULL;

  pb_db_stmt_bind_text (edition, 1, info->list_id);
  pb_db_stmt_bind_text (edition, 2, info->publisher ? info->publisher : "");
  pb_db_stmt_bind_text (edition, 3, info->title ? info->title : "");
  pb_db_stmt_bind_text (edition, 4, info->format);
  pb_db_stmt_bind_text (edition, 5, info->file_name ? info->file_name : "");
  pb_db_stmt_bind_text (edition, 6, imported);
  pb_db_stmt_bind_text (edition, 7, imported_by);
  if (!pb_db_stmt_run_returning (edition, &import->edition_id, error))
    return NULL;

  if (!(import->insert_entry = pb_db_prepare (self->db,
          PB_SQL ("INSERT INTO list_entries (sha256, kind, source_id, countries, identifiers, matcher_version, data)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (sha256) DO NOTHING RETURNING id"), error)) ||
      !(import->find_entry = pb_db_prepare (self->db,
          PB_SQL ("SELECT id FROM list_entries WHERE sha256 = ?1"), error)) ||
      !(import->insert_member = pb_db_prepare (self->db,
          PB_SQL ("INSERT INTO list_edition_entries (edition_id, entry_id) VALUES (?1, ?2)"
                  " ON CONFLICT (edition_id, entry_id) DO NOTHING RETURNING entry_id"), error)) ||
      !(import->insert_name = pb_db_prepare (self->db,
          PB_SQL ("INSERT INTO list_names (entry_id, seq, kind, name, match) VALUES (?1, ?2, ?3, ?4, ?5)"), error)))
    return NULL;

  return g_steal_pointer (&import);
}

PbListImport *
pb_case_store_begin_list_import (PbCaseStore             *self,
                                 const PbListImportInfo  *info,
                                 GError                 **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (info != NULL && info->list_id != NULL && info->format != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = _pb_case_store_lock (self);
  if (!_pb_case_store_check_admin (self, FALSE, error) ||
      !_pb_case_store_begin (self, error))
    return NULL;

  now = _pb_case_store_now_iso8601 ();
  return begin_import_locked (self, g_steal_pointer (&locker), info, now, _pb_case_store_actor_name (self), error);
}

/* Into a file whoever may write it copies, as they copy cases; on a
 * server an administrator, as for an import (schema-v1.sql grants the
 * list tables to them alone). */
static gboolean
check_list_copy_locked (PbCaseStore  *self,
                        GError      **error)
{
  if (self->server_user == NULL && !self->read_only)
    return TRUE;

  return _pb_case_store_check_admin (self, FALSE, error);
}

PbListImport *
pb_case_store_begin_list_copy (PbCaseStore    *self,
                               PbListEdition  *edition,
                               guint           matcher_version,
                               GError        **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  PbListImportInfo info = { 0 };

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (PB_IS_LIST_EDITION (edition), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  info.list_id = pb_list_edition_get_list_id (edition);
  info.publisher = pb_list_edition_get_publisher (edition);
  info.title = pb_list_edition_get_title (edition);
  info.format = pb_list_edition_get_format (edition);
  info.file_name = pb_list_edition_get_file_name (edition);
  info.matcher_version = matcher_version;

  locker = _pb_case_store_lock (self);
  if (!check_list_copy_locked (self, error) ||
      !_pb_case_store_begin (self, error))
    return NULL;

  /* Its import time stays, which orders an edition whose file gives no
   * date among its list's; who imported it is, on a server, whoever is
   * connected (list_editions_check (), schema-v1.sql). */
  return begin_import_locked (self, g_steal_pointer (&locker), &info, pb_list_edition_get_imported (edition),
                              self->server_user != NULL ? self->server_user
                                                        : pb_list_edition_get_imported_by (edition),
                              error);
}

/* PB_DB_ROW, PB_DB_DONE or 0, and @stmt ready to run again; @id the
 * first column of the row it returned, if any. */
static int
run_stmt (PbDbStmt  *stmt,
          gint64    *id,
          GError   **error)
{
  int rc = pb_db_stmt_step (stmt, error);

  if (rc == PB_DB_ROW && id != NULL)
    *id = pb_db_stmt_column_int64 (stmt, 0);
  pb_db_stmt_reset (stmt);

  return rc;
}

static gboolean
insert_names (PbListImport  *self,
              gint64         entry_id,
              PbListEntry   *entry,
              GError       **error)
{
  for (guint i = 0; i < entry->names->len; i++)
    {
      PbListName *name = g_ptr_array_index (entry->names, i);

      pb_db_stmt_bind_int64 (self->insert_name, 1, entry_id);
      pb_db_stmt_bind_int64 (self->insert_name, 2, i);
      pb_db_stmt_bind_text (self->insert_name, 3, pb_list_name_kind_to_string (name->kind));
      pb_db_stmt_bind_text (self->insert_name, 4, name->text);
      pb_db_stmt_bind_text (self->insert_name, 5, name->match != NULL ? name->match : "");
      if (!run_stmt (self->insert_name, NULL, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
pb_list_import_add_entry (PbListImport  *self,
                          PbListEntry   *entry,
                          const char    *countries,
                          const char    *identifiers,
                          GError       **error)
{
  g_autofree char *json = NULL;
  g_autofree char *sha256 = NULL;
  gint64 entry_id = -1;
  int rc;

  g_return_val_if_fail (self != NULL && self->open, FALSE);
  g_return_val_if_fail (entry != NULL, FALSE);

  json = pb_list_entry_to_json (entry);
  sha256 = sha256_hex (json);

  pb_db_stmt_bind_text (self->insert_entry, 1, sha256);
  pb_db_stmt_bind_text (self->insert_entry, 2, pb_list_entry_kind_to_string (entry->kind));
  pb_db_stmt_bind_text (self->insert_entry, 3, entry->source_id);
  pb_db_stmt_bind_text (self->insert_entry, 4, countries != NULL ? countries : "");
  pb_db_stmt_bind_text (self->insert_entry, 5, identifiers != NULL ? identifiers : "");
  pb_db_stmt_bind_int64 (self->insert_entry, 6, self->matcher_version);
  pb_db_stmt_bind_text (self->insert_entry, 7, json);
  /* A row when it was inserted, none when it was there. */
  if (!(rc = run_stmt (self->insert_entry, &entry_id, error)))
    return FALSE;

  if (rc == PB_DB_ROW)
    {
      if (!insert_names (self, entry_id, entry, error))
        return FALSE;
    }
  else
    {
      pb_db_stmt_bind_text (self->find_entry, 1, sha256);
      if ((rc = run_stmt (self->find_entry, &entry_id, error)) == 0)
        return FALSE;
      g_assert (rc == PB_DB_ROW);
    }

  pb_db_stmt_bind_int64 (self->insert_member, 1, self->edition_id);
  pb_db_stmt_bind_int64 (self->insert_member, 2, entry_id);
  if (!(rc = run_stmt (self->insert_member, NULL, error)))
    return FALSE;

  /* The same entry twice in one file is counted once. */
  if (rc == PB_DB_ROW)
    self->n_entries++;

  return TRUE;
}

guint
pb_list_import_get_n_entries (PbListImport *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_entries;
}

static void
close_import (PbListImport *self)
{
  g_clear_pointer (&self->insert_entry, pb_db_stmt_free);
  g_clear_pointer (&self->find_entry, pb_db_stmt_free);
  g_clear_pointer (&self->insert_member, pb_db_stmt_free);
  g_clear_pointer (&self->insert_name, pb_db_stmt_free);
  if (self->open)
    _pb_case_store_rollback (self->store);
  self->open = FALSE;
}

PbListEdition *
pb_list_import_commit (PbListImport  *self,
                       const char    *published,
                       const char    *file_sha256,
                       guint64        file_size,
                       gboolean      *already_imported,
                       GError       **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  g_autofree char *size = NULL;
  g_autofree char *count = NULL;
  g_autofree char *id = NULL;
  gint64 existing = -1;
  int rc;

  g_return_val_if_fail (self != NULL && self->open, NULL);
  g_return_val_if_fail (file_sha256 != NULL, NULL);

  if (already_imported != NULL)
    *already_imported = FALSE;

  if (!(stmt = pb_db_prepare (self->store->db,
          PB_SQL ("SELECT id FROM list_editions WHERE list_id = ?1 AND file_sha256 = ?2 AND id <> ?3"), error)))
    {
      close_import (self);
      return NULL;
    }
  pb_db_stmt_bind_text (stmt, 1, self->list_id);
  pb_db_stmt_bind_text (stmt, 2, file_sha256);
  pb_db_stmt_bind_int64 (stmt, 3, self->edition_id);
  rc = pb_db_stmt_step (stmt, error);
  if (rc == PB_DB_ROW)
    existing = pb_db_stmt_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, pb_db_stmt_free);
  if (rc == 0)
    {
      close_import (self);
      return NULL;
    }

  if (existing >= 0)
    {
      close_import (self);
      if (already_imported != NULL)
        *already_imported = TRUE;
      return pb_case_store_get_list_edition (self->store, existing, error);
    }

  size = g_strdup_printf ("%" G_GUINT64_FORMAT, file_size);
  count = g_strdup_printf ("%u", self->n_entries);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, self->edition_id);
  if (!pb_db_run (self->store->db,
                  PB_SQL ("UPDATE list_editions SET published = ?1, file_sha256 = ?2, file_size = ?3,"
                          " n_entries = ?4 WHERE id = ?5"),
                  error, 5, published, file_sha256, size, count, id))
    {
      close_import (self);
      return NULL;
    }

  g_clear_pointer (&self->insert_entry, pb_db_stmt_free);
  g_clear_pointer (&self->find_entry, pb_db_stmt_free);
  g_clear_pointer (&self->insert_member, pb_db_stmt_free);
  g_clear_pointer (&self->insert_name, pb_db_stmt_free);
  self->open = FALSE;
  if (!_pb_case_store_commit (self->store, error))
    return NULL;

  return pb_case_store_get_list_edition (self->store, self->edition_id, error);
}

void
pb_list_import_free (PbListImport *self)
{
  if (self == NULL)
    return;

  close_import (self);
  /* Before the store, whose connection holds the lock. */
  g_clear_pointer (&self->locker, g_rec_mutex_locker_free);
  g_clear_object (&self->store);
  g_free (self->list_id);
  g_free (self);
}

gboolean
pb_list_import_retry (PbCaseStore  *store,
                      guint         attempts,
                      GError      **error)
{
  PB_CASE_STORE_LOCKED (store);

  g_return_val_if_fail (PB_IS_CASE_STORE (store), FALSE);

  return _pb_case_store_retry (store, attempts, error);
}

/* Reading ----------------------------------------------------------------------- */

GPtrArray *
pb_case_store_list_editions (PbCaseStore  *self,
                             gboolean      current_only,
                             GError      **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  g_autoptr(GPtrArray) editions = g_ptr_array_new_with_free_func (g_object_unref);
  const char *sql;
  int rc;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);

#define EDITIONS_ORDER " ORDER BY e.list_id, coalesce (e.published, e.imported) DESC, e.id DESC"
  sql = current_only
        ? PB_SQL ("SELECT " EDITION_COLUMNS ", " IS_CURRENT " FROM list_editions e WHERE " IS_CURRENT EDITIONS_ORDER)
        : PB_SQL ("SELECT " EDITION_COLUMNS ", " IS_CURRENT " FROM list_editions e" EDITIONS_ORDER);
#undef EDITIONS_ORDER
  if (!(stmt = pb_db_prepare (self->db, sql, error)))
    return NULL;

  while ((rc = pb_db_stmt_step (stmt, error)) == PB_DB_ROW)
    g_ptr_array_add (editions, edition_from_row (stmt));

  if (rc == 0)
    return NULL;

  return g_steal_pointer (&editions);
}

PbListEdition *
pb_case_store_get_list_edition (PbCaseStore  *self,
                                gint64        edition_id,
                                GError      **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);

  if (!(stmt = pb_db_prepare (self->db,
          PB_SQL ("SELECT " EDITION_COLUMNS ", " IS_CURRENT " FROM list_editions e WHERE e.id = ?1"), error)))
    return NULL;
  pb_db_stmt_bind_int64 (stmt, 1, edition_id);

  rc = pb_db_stmt_step (stmt, error);
  if (rc == PB_DB_ROW)
    return edition_from_row (stmt);
  if (rc == PB_DB_DONE)
    g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND,
                 /* Translators: a number */
                 _("No list edition %lld in %s"), (long long) edition_id, self->path);

  return NULL;
}

gboolean
pb_case_store_foreach_list_name (PbCaseStore     *self,
                                 gint64           edition_id,
                                 PbListNameFunc   func,
                                 gpointer         user_data,
                                 GError         **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (!(stmt = pb_db_prepare (self->db,
          PB_SQL ("SELECT n.entry_id, n.seq, le.kind, n.kind, n.name, n.match, le.countries, le.identifiers,"
                  "       le.matcher_version"
                  "  FROM list_edition_entries ee"
                  "  JOIN list_entries le ON le.id = ee.entry_id"
                  "  JOIN list_names n ON n.entry_id = ee.entry_id"
                  " WHERE ee.edition_id = ?1"
                  " ORDER BY n.entry_id, n.seq"), error)))
    return FALSE;
  pb_db_stmt_bind_int64 (stmt, 1, edition_id);

  while ((rc = pb_db_stmt_step (stmt, error)) == PB_DB_ROW)
    {
      PbListNameRow row = {
        .entry_id = pb_db_stmt_column_int64 (stmt, 0),
        .seq = pb_db_stmt_column_int (stmt, 1),
        .entry_kind = pb_list_entry_kind_from_string (pb_db_stmt_column_text (stmt, 2)),
        .kind = pb_list_name_kind_from_string (pb_db_stmt_column_text (stmt, 3)),
        .text = pb_db_stmt_column_text (stmt, 4),
        .match = pb_db_stmt_column_text (stmt, 5),
        .countries = pb_db_stmt_column_text (stmt, 6),
        .identifiers = pb_db_stmt_column_text (stmt, 7),
        .matcher_version = pb_db_stmt_column_int (stmt, 8),
      };

      if (!func (&row, user_data, error))
        return FALSE;
    }

  return rc != 0;
}

gboolean
pb_case_store_foreach_list_entry (PbCaseStore      *self,
                                  gint64            edition_id,
                                  PbListEntryRowFunc    func,
                                  gpointer          user_data,
                                  GError          **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (!(stmt = pb_db_prepare (self->db,
          PB_SQL ("SELECT le.sha256, le.data FROM list_edition_entries ee"
                  "  JOIN list_entries le ON le.id = ee.entry_id"
                  " WHERE ee.edition_id = ?1 ORDER BY le.id"), error)))
    return FALSE;
  pb_db_stmt_bind_int64 (stmt, 1, edition_id);

  while ((rc = pb_db_stmt_step (stmt, error)) == PB_DB_ROW)
    if (!func (pb_db_stmt_column_text (stmt, 0), pb_db_stmt_column_text (stmt, 1), user_data, error))
      return FALSE;

  return rc != 0;
}

PbListEdition *
pb_case_store_find_list_edition (PbCaseStore  *self,
                                 const char   *list_id,
                                 const char   *file_sha256,
                                 GError      **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (list_id != NULL && file_sha256 != NULL, NULL);

  if (!(stmt = pb_db_prepare (self->db,
          PB_SQL ("SELECT " EDITION_COLUMNS ", " IS_CURRENT " FROM list_editions e"
                  " WHERE e.list_id = ?1 AND e.file_sha256 = ?2 ORDER BY e.id LIMIT 1"), error)))
    return NULL;
  pb_db_stmt_bind_text (stmt, 1, list_id);
  pb_db_stmt_bind_text (stmt, 2, file_sha256);

  rc = pb_db_stmt_step (stmt, error);
  if (rc == PB_DB_ROW)
    return edition_from_row (stmt);
  if (rc == PB_DB_DONE)
    g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND,
                 /* Translators: a list id, a SHA-256, then a database */
                 _("No edition of list “%s” with file SHA-256 %s in %s"), list_id, file_sha256,
                 pb_db_get_name (self->db));

  return NULL;
}

PbListEntry *
pb_case_store_get_list_entry (PbCaseStore  *self,
                              gint64        entry_id,
                              char        **sha256,
                              GError      **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  PbListEntry *entry;
  int rc;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);

  if (!(stmt = pb_db_prepare (self->db, PB_SQL ("SELECT sha256, data FROM list_entries WHERE id = ?1"), error)))
    return NULL;
  pb_db_stmt_bind_int64 (stmt, 1, entry_id);

  rc = pb_db_stmt_step (stmt, error);
  if (rc == PB_DB_DONE)
    g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_NOT_FOUND,
                 /* Translators: a number, then a file name */
                 _("No list entry %lld in %s"), (long long) entry_id, self->path);
  if (rc != PB_DB_ROW)
    return NULL;

  if (!(entry = pb_list_entry_new_from_json (pb_db_stmt_column_text (stmt, 1), error)))
    return NULL;

  if (sha256 != NULL)
    *sha256 = g_strdup (pb_db_stmt_column_text (stmt, 0));

  return entry;
}
