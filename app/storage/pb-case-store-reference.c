/* pb-case-store-reference.c: the country reference data a case is rated
 * with, pinned like its questionnaire (SCHEMA.md, "reference_data")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-case-store"

#include "config.h"

#include "pb-i18n.h"

#include "pb-case-store-private.h"
#include "pb-db-statements.h"

/* Stores the data in use (pb_countries_load_default()) and returns its
 * SHA-256 in @sha256, for a new case to pin. Inside a transaction. */
gboolean
_pb_case_store_pin_reference_locked (PbCaseStore  *self,
                                     PbCountries **reference,
                                     GError      **error)
{
  g_autoptr(PbCountries) countries = NULL;
  g_autoptr(PbDbStmt) insert = NULL;
  g_autofree char *basename = NULL;
  GBytes *bytes;
  gconstpointer content;
  gsize size;

  if (!(countries = pb_countries_load_default (error)))
    return FALSE;

  /* A row of that SHA-256 holding other bytes (planted by a hostile case
   * file, or edited) is put right: these bytes hash to it. A server keeps
   * no such row, and there an upsert would lock a row every team's new
   * cases share (review14d G2, as for questionnaires). */
  if (!(insert = pb_db_prepare (self->db,
                                self->server_user != NULL
                                  ? PB_SQL ("INSERT INTO reference_data (sha256, version, file_name, content)"
                                            " VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING")
                                  : PB_SQL ("INSERT INTO reference_data (sha256, version, file_name, content)"
                                            " VALUES (?1, ?2, ?3, ?4)"
                                            " ON CONFLICT (sha256) DO UPDATE SET version = excluded.version,"
                                            "   content = excluded.content"
                                            "  WHERE reference_data.content <> excluded.content"
                                            "     OR reference_data.version <> excluded.version"),
                                error)))
    return FALSE;

  bytes = pb_countries_get_bytes (countries);
  content = g_bytes_get_data (bytes, &size);
  basename = g_path_get_basename (pb_countries_get_display_name (countries));
  pb_db_stmt_bind_text (insert, 1, pb_countries_get_sha256 (countries));
  pb_db_stmt_bind_text (insert, 2, pb_countries_get_version (countries));
  pb_db_stmt_bind_text (insert, 3, basename);
  pb_db_stmt_bind_blob (insert, 4, content, size);

  if (!pb_db_stmt_step (insert, error))
    return FALSE;

  *reference = g_steal_pointer (&countries);

  return TRUE;
}

/* The reference data pinned by @case_id; %NULL without an error for a case
 * that pins none (created before schema version 3). A pinned file whose
 * bytes no longer match their SHA-256 is an error, as for questionnaires. */
PbCountries *
_pb_case_store_load_reference_locked (PbCaseStore  *self,
                                      const char   *case_id,
                                      GError      **error)
{
  g_autoptr(PbDbStmt) stmt = NULL;
  g_autoptr(PbDbStmt) data = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *display_name = NULL;
  g_autoptr(PbCountries) countries = NULL;
  const PbCaseWritten *written;
  const char *sha256;
  PbCountries *cached;
  int rc;

  /* The bytes are read once per store: every save rates the case with
   * them, and they are the largest row it would read. */
  if ((written = _pb_case_store_get_written (self, case_id)))
    sha256 = written->reference_sha256;
  else if ((stmt = _pb_case_store_read_case_row (self, PB_SQL ("SELECT reference_sha256 FROM cases WHERE id = ?1"),
                                                 case_id, error)))
    sha256 = pb_db_stmt_column_text (stmt, 0);
  else
    return NULL;

  if (sha256 == NULL)
    return NULL;

  if ((cached = g_hash_table_lookup (self->references, sha256)))
    return g_object_ref (cached);

  if (!(data = pb_db_prepare (self->db, PB_SQL ("SELECT file_name, content FROM reference_data WHERE sha256 = ?1"), error)))
    return NULL;

  pb_db_stmt_bind_text (data, 1, sha256);
  if ((rc = pb_db_stmt_step (data, error)) == 0)
    return NULL;
  if (rc == PB_DB_DONE)
    {
      /* Translators: a SHA-256, then a file name */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_CORRUPT,
                   _("The reference data %s pinned by a case is missing from %s"), sha256, self->path);
      return NULL;
    }

  bytes = pb_db_stmt_column_bytes (data, 1);
  /* Translators: the file name the data was loaded from, then the database file */
  display_name = g_strdup_printf (_("%s (as stored in %s)"), pb_db_stmt_column_text (data, 0), self->path);

  if (!(countries = pb_countries_new_from_bytes (bytes, display_name, error)))
    return NULL;

  if (g_strcmp0 (pb_countries_get_sha256 (countries), sha256) != 0)
    {
      /* Translators: a SHA-256, then a file name */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TAMPERED,
                   _("The reference data %s pinned by a case in %s does not match its checksum"),
                   sha256, self->path);
      return NULL;
    }

  g_hash_table_insert (self->references, g_strdup (sha256), g_object_ref (countries));

  return g_steal_pointer (&countries);
}

/**
 * pb_case_store_load_reference:
 * @self: a case store
 * @case_id: a case id
 * @error: return location for a #GError
 *
 * The country reference data the case is rated with: the exact bytes stored
 * when it was created. A case created before the store pinned reference
 * data returns %NULL without an error.
 *
 * Returns: (transfer full) (nullable): the data
 */
PbCountries *
pb_case_store_load_reference (PbCaseStore  *self,
                              const char   *case_id,
                              GError      **error)
{
  PB_CASE_STORE_LOCKED (self);

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _pb_case_store_load_reference_locked (self, case_id, error);
}

gboolean
pb_case_store_reference_is_foreign (PbCaseStore  *self,
                                    PbCountries  *reference,
                                    gboolean     *foreign,
                                    GError      **error)
{
  PB_CASE_STORE_LOCKED (self);
  gboolean approved = FALSE;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (reference == NULL || PB_IS_COUNTRIES (reference), FALSE);
  g_return_val_if_fail (foreign != NULL, FALSE);

  *foreign = FALSE;
  if (reference == NULL || pb_countries_is_known (pb_countries_get_sha256 (reference)))
    return TRUE;

  if (!_pb_case_store_server_reference_approved (self, pb_countries_get_sha256 (reference), &approved, error))
    return FALSE;

  *foreign = !approved;

  return TRUE;
}
