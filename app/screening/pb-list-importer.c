/* pb-list-importer.c: a list file into the case store, whole or not at all
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-i18n.h"
#include <string.h>

#include "pb-file.h"
#include "pb-list-importer.h"
#include "pb-name-normalizer.h"
#include "pb-screening-types.h"

typedef struct
{
  PbListImport *import;
} ImportData;

void
pb_list_entry_prepare_matching (PbListEntry  *entry,
                                char        **countries,
                                char        **identifiers)
{
  g_autoptr(GString) codes = g_string_new (NULL);
  g_autoptr(GString) numbers = g_string_new (NULL);

  g_return_if_fail (entry != NULL);

  for (guint i = 0; i < entry->names->len; i++)
    {
      PbListName *name = g_ptr_array_index (entry->names, i);

      g_free (name->match);
      name->match = pb_name_normalize (name->text);
    }

  for (guint i = 0; i < entry->countries->len; i++)
    {
      const char *code = g_ptr_array_index (entry->countries, i);

      if (strlen (code) == 2)
        g_string_append_printf (codes, "%s%s", codes->len > 0 ? " " : "", code);
    }

  for (guint i = 0; i < entry->identifiers->len; i++)
    {
      PbListIdentifier *identifier = g_ptr_array_index (entry->identifiers, i);
      g_autofree char *number = pb_identifier_normalize (identifier->number);

      /* Short numbers ("1", "12") identify nothing. */
      if (number != NULL && strlen (number) >= 4)
        g_string_append_printf (numbers, "%s%s", numbers->len > 0 ? " " : "", number);
    }

  if (countries != NULL)
    *countries = g_strdup (codes->str);
  if (identifiers != NULL)
    *identifiers = g_strdup (numbers->str);
}

static gboolean
import_entry_cb (PbListEntry  *entry,
                 gpointer      user_data,
                 GError      **error)
{
  ImportData *data = user_data;
  g_autofree char *countries = NULL;
  g_autofree char *identifiers = NULL;

  pb_list_entry_prepare_matching (entry, &countries, &identifiers);

  return pb_list_import_add_entry (data->import, entry, countries, identifiers, error);
}

/* The format of the file, from its first bytes, without consuming them. */
static PbListFormat
peek_format (GBufferedInputStream  *stream,
             GCancellable          *cancellable,
             GError               **error)
{
  const char *head;
  gsize length = 0;

  if (g_buffered_input_stream_fill (stream, -1, cancellable, error) < 0)
    return PB_LIST_FORMAT_AUTO;

  head = g_buffered_input_stream_peek_buffer (stream, &length);

  return pb_list_format_detect (head, length);
}

/* One attempt: the file read from @stream into one transaction. */
static PbListEdition *
import_once (PbCaseStore             *store,
             GInputStream            *stream,
             const char              *display_name,
             goffset                  size,
             PbListFormat             format,
             const PbListImportInfo  *info,
             const char              *published_iso,
             PbListProgressFunc       progress,
             gpointer                 progress_data,
             GCancellable            *cancellable,
             gboolean                *already_imported,
             GError                 **error)
{
  g_autoptr(PbListImport) import = NULL;
  PbListParseResult result = { 0 };
  PbListEdition *edition;
  ImportData data;

  if (!(import = pb_case_store_begin_list_import (store, info, error)))
    return NULL;

  data.import = import;
  if (!pb_list_parse_stream (stream, display_name, size, format, import_entry_cb, &data,
                             progress, progress_data, cancellable, &result, error))
    return NULL;

  edition = pb_list_import_commit (import, published_iso != NULL ? published_iso : result.published,
                                   result.sha256, result.size, already_imported, error);
  pb_list_parse_result_clear (&result);

  return edition;
}

PbListEdition *
pb_list_import_file (PbCaseStore         *store,
                     const char          *path,
                     PbListFormat         format,
                     const char          *published,
                     PbListProgressFunc   progress,
                     gpointer             progress_data,
                     GCancellable        *cancellable,
                     gboolean            *already_imported,
                     GError             **error)
{
  g_autoptr(GInputStream) file_stream = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *base_name = NULL;
  g_autofree char *published_iso = NULL;
  PbListImportInfo info = { 0 };
  PbListEdition *edition;
  goffset size = 0;

  g_return_val_if_fail (PB_IS_CASE_STORE (store), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display_name = g_filename_display_name (path);
  base_name = g_filename_display_basename (path);

  if (published != NULL && !(published_iso = pb_list_parse_date (published)))
    {
      /* Translators: a date as the user typed it */
      g_set_error (error, PB_SCREENING_ERROR, PB_SCREENING_ERROR_FAILED,
                   _("“%s” is not a date (write it as YYYY-MM-DD)"), published);
      return NULL;
    }

  if (!(file_stream = pb_file_open_path_bounded (path, PB_LIST_FILE_MAX_SIZE, &size, error)))
    return NULL;

  stream = g_buffered_input_stream_new_sized (file_stream, 64 * 1024);
  if (format == PB_LIST_FORMAT_AUTO)
    {
      format = peek_format (G_BUFFERED_INPUT_STREAM (stream), cancellable, &local_error);
      if (local_error != NULL)
        {
          /* Translators: a file name, then the system's reason */
          g_set_error (error, PB_SCREENING_ERROR, PB_SCREENING_ERROR_FAILED,
                       _("Cannot read %s: %s"), display_name, local_error->message);
          return NULL;
        }
      if (format == PB_LIST_FORMAT_AUTO)
        {
          g_set_error (error, PB_SCREENING_ERROR, PB_SCREENING_ERROR_FORMAT,
                       /* Translators: a file name */
                       _("%s: not a list in a known format (EU FSF XML or CSV, UN SC XML, "
                         "UK Sanctions List CSV or XML, US CSL CSV or JSON, OpenSanctions CSV)"),
                       display_name);
          return NULL;
        }
    }

  info.list_id = pb_list_format_get_list_id (format);
  info.publisher = pb_list_format_get_publisher (format);
  info.title = pb_list_format_get_title (format);
  info.format = pb_list_format_to_string (format);
  info.file_name = base_name;
  info.matcher_version = PB_NAME_MATCHER_VERSION;

  /* On a server an import that failed only because another writer ran
   * alongside is made again, from the start of the file, as the store
   * makes its own writes again. */
  for (guint attempts = 1; ; attempts++)
    {
      edition = import_once (store, stream, display_name, size, format, &info, published_iso,
                             progress, progress_data, cancellable, already_imported, error);
      if (edition != NULL || !pb_list_import_retry (store, attempts, error))
        return edition;

      g_clear_object (&stream);
      g_clear_object (&file_stream);
      if (!(file_stream = pb_file_open_path_bounded (path, PB_LIST_FILE_MAX_SIZE, &size, error)))
        return NULL;
      stream = g_buffered_input_stream_new_sized (file_stream, 64 * 1024);
    }
}

/* Copying an edition from another store ------------------------------------- */

typedef struct
{
  PbListImport  *import;
  PbListEdition *edition;
  const char    *source_name;
} CopyData;

/* Each entry as an import of its list file stores it: from its JSON, which
 * must hash to the SHA-256 it is stored (and screenings record hits) under,
 * with the match forms of this Probity's matcher. */
static gboolean
copy_entry_cb (const char  *sha256,
               const char  *data,
               gpointer     user_data,
               GError     **error)
{
  CopyData *copy = user_data;
  g_autoptr(PbListEntry) entry = NULL;
  g_autofree char *json = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *countries = NULL;
  g_autofree char *identifiers = NULL;

  if ((entry = pb_list_entry_new_from_json (data != NULL ? data : "", NULL)) != NULL)
    {
      json = pb_list_entry_to_json (entry);
      hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, json, -1);
    }
  if (hash == NULL || g_strcmp0 (hash, sha256) != 0)
    {
      /* Translators: a SHA-256, a list id, a SHA-256, then a database */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TAMPERED,
                   _("The entry %s of the edition of list “%s” with file SHA-256 %s in %s is not the entry that "
                     "hashes to it: it was changed since it was imported, and is not copied"),
                   sha256, pb_list_edition_get_list_id (copy->edition), pb_list_edition_get_file_sha256 (copy->edition),
                   copy->source_name);
      return FALSE;
    }

  pb_list_entry_prepare_matching (entry, &countries, &identifiers);

  return pb_list_import_add_entry (copy->import, entry, countries, identifiers, error);
}

static PbListEdition *
copy_once (PbCaseStore    *target,
           PbCaseStore    *source,
           PbListEdition  *edition,
           gboolean       *already_copied,
           GError        **error)
{
  g_autoptr(PbListImport) import = NULL;
  CopyData copy = { NULL, edition, pb_case_store_get_display_name (source) };

  if (!(import = pb_case_store_begin_list_copy (target, edition, PB_NAME_MATCHER_VERSION, error)))
    return NULL;

  copy.import = import;
  if (!pb_case_store_foreach_list_entry (source, pb_list_edition_get_id (edition), copy_entry_cb, &copy, error))
    return NULL;

  if (pb_list_import_get_n_entries (import) != pb_list_edition_get_n_entries (edition))
    {
      /* Translators: a list id, a SHA-256, a database, then two numbers */
      g_set_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TAMPERED,
                   _("The edition of list “%s” with file SHA-256 %s in %s says it has %u entries, but it lists %u: "
                     "it is not copied"),
                   pb_list_edition_get_list_id (edition), pb_list_edition_get_file_sha256 (edition),
                   copy.source_name, pb_list_edition_get_n_entries (edition), pb_list_import_get_n_entries (import));
      return NULL;
    }

  return pb_list_import_commit (import, pb_list_edition_get_published (edition),
                                pb_list_edition_get_file_sha256 (edition), pb_list_edition_get_file_size (edition),
                                already_copied, error);
}

PbListEdition *
pb_list_copy_edition (PbCaseStore    *target,
                      PbCaseStore    *source,
                      PbListEdition  *edition,
                      gboolean       *already_copied,
                      GError        **error)
{
  PbListEdition *copied;

  g_return_val_if_fail (PB_IS_CASE_STORE (target), NULL);
  g_return_val_if_fail (PB_IS_CASE_STORE (source), NULL);
  g_return_val_if_fail (PB_IS_LIST_EDITION (edition), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* On a server, a copy that failed only because another writer ran
   * alongside is made again, as an import is. */
  for (guint attempts = 1; ; attempts++)
    {
      copied = copy_once (target, source, edition, already_copied, error);
      if (copied != NULL || !pb_list_import_retry (target, attempts, error))
        return copied;
    }
}
