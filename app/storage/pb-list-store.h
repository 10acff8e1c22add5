/* pb-list-store.h: restricted-party list editions kept in the case store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-case-store.h"
#include "pb-list-edition.h"
#include "pb-list-entry.h"

G_BEGIN_DECLS

/* An import in progress: one transaction that either stores a whole
 * edition or nothing. The store's actor imports (an auditor may not). Entries are content-addressed (the SHA-256 of
 * pb_list_entry_to_json()), so an entry unchanged from the previous
 * edition is stored once and both editions name it. Nothing else may use
 * the store until the import is committed or freed. */
typedef struct _PbListImport PbListImport;

typedef struct
{
  const char *list_id;          /* "eu-fsf", ... */
  const char *publisher;
  const char *title;
  const char *format;           /* "eu-fsf-xml", ... */
  const char *file_name;        /* the base name, for people */
  guint       matcher_version;  /* of the match forms given with the entries */
} PbListImportInfo;

/* One name row of an edition, for building a screening index. */
typedef struct
{
  gint64           entry_id;
  guint            seq;
  PbListEntryKind  entry_kind;
  PbListNameKind   kind;
  const char      *text;
  const char      *match;
  const char      *countries;        /* the entry's ISO codes, space-separated */
  const char      *identifiers;      /* the entry's normalised numbers, space-separated */
  guint            matcher_version;  /* of @match */
} PbListNameRow;

typedef gboolean (*PbListNameFunc) (const PbListNameRow  *row,
                                    gpointer              user_data,
                                    GError              **error);

/* One entry of an edition as stored: its SHA-256 and its JSON. */
typedef gboolean (*PbListEntryRowFunc) (const char  *sha256,
                                        const char  *data,
                                        gpointer     user_data,
                                        GError     **error);

PbListImport  *pb_case_store_begin_list_import (PbCaseStore             *self,
                                                const PbListImportInfo  *info,
                                                GError                 **error);
/* @countries and @identifiers: the entry's ISO codes and normalised
 * identifier numbers, space-separated, as the screening layer compares them. */
gboolean       pb_list_import_add_entry        (PbListImport            *self,
                                                PbListEntry             *entry,
                                                const char              *countries,
                                                const char              *identifiers,
                                                GError                 **error);
guint          pb_list_import_get_n_entries    (PbListImport            *self);
/* Stores the edition. A file already imported for the same list (same
 * SHA-256) is not stored twice: the import is rolled back and the stored
 * edition returned with @already_imported set. */
PbListEdition *pb_list_import_commit           (PbListImport            *self,
                                                const char              *published,
                                                const char              *file_sha256,
                                                guint64                  file_size,
                                                gboolean                *already_imported,
                                                GError                 **error);
/* An import of @edition, an edition of another store, whose entries the
 * caller adds from there (pb_case_store_foreach_list_entry()): the
 * edition's list, publisher, title, format, file name and import time as
 * they are, and who imported it too in a file; on a server, whoever is
 * connected (the server records who). Into a file whoever may write it
 * copies, as cases are copied; on a server an administrator, as for an
 * import. Committed with the edition's date, SHA-256 and size. */
PbListImport  *pb_case_store_begin_list_copy   (PbCaseStore             *self,
                                                PbListEdition           *edition,
                                                guint                    matcher_version,
                                                GError                 **error);
/* Rolls back an import not committed. */
void           pb_list_import_free             (PbListImport            *self);
/* After @attempts failed imports (each freed): whether to import again
 * from the start, as the store makes its own writes again (on a server,
 * one that failed only because another writer ran alongside); clears
 * @error then. */
gboolean       pb_list_import_retry            (PbCaseStore             *store,
                                                guint                    attempts,
                                                GError                 **error);

/* Every edition, the newest first; with @current_only, one per list: the
 * edition published last (imported last when the file gives no date). */
GPtrArray     *pb_case_store_list_editions     (PbCaseStore             *self,
                                                gboolean                 current_only,
                                                GError                 **error);
PbListEdition *pb_case_store_get_list_edition  (PbCaseStore             *self,
                                                gint64                   edition_id,
                                                GError                 **error);
/* Calls @func for every name of every entry of the edition, in entry order. */
gboolean       pb_case_store_foreach_list_name (PbCaseStore             *self,
                                                gint64                   edition_id,
                                                PbListNameFunc           func,
                                                gpointer                 user_data,
                                                GError                 **error);
/* Calls @func for every entry of the edition, in the order stored. */
gboolean       pb_case_store_foreach_list_entry (PbCaseStore            *self,
                                                 gint64                  edition_id,
                                                 PbListEntryRowFunc    func,
                                                 gpointer                user_data,
                                                 GError                **error);
/* The edition of @list_id whose file has @file_sha256 (NOT_FOUND if none). */
PbListEdition *pb_case_store_find_list_edition (PbCaseStore             *self,
                                                const char              *list_id,
                                                const char              *file_sha256,
                                                GError                 **error);
/* The stored entry, and its SHA-256 in @sha256 if not NULL. */
PbListEntry   *pb_case_store_get_list_entry    (PbCaseStore             *self,
                                                gint64                   entry_id,
                                                char                   **sha256,
                                                GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbListImport, pb_list_import_free)

G_END_DECLS
