/* pb-case-export.h: the case list and a portfolio summary as a spreadsheet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-case-store.h"
#include "pb-countries.h"

G_BEGIN_DECLS

typedef enum
{
  /* RFC 4180, UTF-8 with a byte-order mark (which spreadsheets need to
   * read it as UTF-8), CRLF line ends. */
  PB_EXPORT_FORMAT_CSV,
  /* An OpenDocument spreadsheet (.ods). */
  PB_EXPORT_FORMAT_ODS,
} PbExportFormat;

typedef enum
{
  /* One row per case: id, customer, country, product, status, decision,
   * outcome, ... */
  PB_EXPORT_CASES     = 1 << 0,
  /* The number of cases of each outcome, by country, product, status and
   * decision. */
  PB_EXPORT_PORTFOLIO = 1 << 1,
} PbExportParts;

/* "csv" or "ods". */
gboolean        pb_export_format_from_string (const char     *name,
                                              PbExportFormat *format);
const char     *pb_export_format_get_extension (PbExportFormat format);
const char     *pb_export_format_get_media_type (PbExportFormat format);

/* @cases (a GListModel of PbCaseInfo, as pb_case_store_list_cases() gives
 * it) as a file of @format. An ODS file holds a sheet for each of @parts;
 * a CSV file holds one table, so @parts must name one. @countries names
 * the countries (NULL: codes only). Text a spreadsheet would read as a
 * formula (=, +, -, @ first) is written as text. */
GBytes         *pb_case_export              (GListModel     *cases,
                                              PbCountries    *countries,
                                              PbExportFormat  format,
                                              PbExportParts   parts,
                                              GError        **error);

/* The cases @filter lists (NULL: all) in @store, read in one query (one
 * snapshot) and written to @stream as they are read, a large piece at a
 * time. An ODS file needs a stream that can seek (a file's). The number of
 * cases written, or -1 and @error (G_IO_ERROR_CANCELLED when cancelled). */
int             pb_case_export_to_stream    (PbCaseStore         *store,
                                              const PbCaseFilter  *filter,
                                              PbCountries         *countries,
                                              PbExportFormat       format,
                                              PbExportParts        parts,
                                              GOutputStream       *stream,
                                              GCancellable        *cancellable,
                                              GError             **error);
/* The same to @file, which is replaced whole or not at all, and is on the
 * disk when this returns. */
int             pb_case_export_to_file      (PbCaseStore         *store,
                                              const PbCaseFilter  *filter,
                                              PbCountries         *countries,
                                              PbExportFormat       format,
                                              PbExportParts        parts,
                                              GFile               *file,
                                              GCancellable        *cancellable,
                                              GError             **error);

/* pb_case_export_to_file() in a worker thread, through a store of its own
 * on @store's file. */
void            pb_case_export_file_async   (PbCaseStore         *store,
                                              const PbCaseFilter  *filter,
                                              PbCountries         *countries,
                                              PbExportFormat       format,
                                              PbExportParts        parts,
                                              GFile               *file,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* The number of cases exported, or -1 and @error. */
int             pb_case_export_file_finish  (PbCaseStore         *store,
                                              GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
