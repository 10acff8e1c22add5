/* pb-list-parser.h: reading restricted-party lists in their publishers' formats
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-list-entry.h"

G_BEGIN_DECLS

typedef enum
{
  PB_LIST_FORMAT_AUTO,
  PB_LIST_FORMAT_EU_FSF_XML,        /* EU Financial Sanctions Files, XML 1.1 */
  PB_LIST_FORMAT_EU_FSF_CSV,        /* the same, CSV 1.1 (one row per detail, ';') */
  PB_LIST_FORMAT_UN_SC_XML,         /* UN Security Council Consolidated List */
  PB_LIST_FORMAT_UK_FCDO_CSV,       /* UK Sanctions List (FCDO), CSV */
  PB_LIST_FORMAT_UK_FCDO_XML,       /* UK Sanctions List (FCDO), XML */
  PB_LIST_FORMAT_US_CSL_CSV,        /* US Consolidated Screening List, CSV */
  PB_LIST_FORMAT_US_CSL_JSON,       /* US Consolidated Screening List, JSON */
  PB_LIST_FORMAT_OPENSANCTIONS_CSV, /* OpenSanctions targets.simple.csv */
} PbListFormat;

/* The largest list file read: the biggest real one (OpenSanctions'
 * aggregate) is a few hundred megabytes. */
#define PB_LIST_FILE_MAX_SIZE (G_GUINT64_CONSTANT (2) * 1024 * 1024 * 1024)

/* Called for each entry read, in file order; the entry is the callee's
 * to reference. FALSE with @error set stops the parse. */
typedef gboolean (*PbListEntryFunc)    (PbListEntry  *entry,
                                        gpointer      user_data,
                                        GError      **error);
/* Called after each chunk read (every 64 KiB). */
typedef void     (*PbListProgressFunc) (guint64       bytes_read,
                                        guint64       bytes_total,
                                        guint         n_entries,
                                        gpointer      user_data);

/* What a parse found besides the entries. */
typedef struct
{
  PbListFormat  format;      /* the format read (detected when AUTO was asked) */
  char         *published;   /* the publication date the file states, ISO 8601, or NULL */
  char         *sha256;      /* of the bytes read */
  guint64       size;
  guint         n_entries;
} PbListParseResult;

void          pb_list_parse_result_clear      (PbListParseResult *result);

/* "eu-fsf-xml", ... and back; AUTO is "auto". */
const char   *pb_list_format_to_string        (PbListFormat       format);
gboolean      pb_list_format_from_string      (const char        *str,
                                               PbListFormat      *format);
/* The list a format belongs to: "eu-fsf", "un-sc", "uk-fcdo", "us-csl", "opensanctions". */
const char   *pb_list_format_get_list_id      (PbListFormat       format);
/* Translated, for people. */
const char   *pb_list_format_get_title        (PbListFormat       format);
const char   *pb_list_format_get_publisher    (PbListFormat       format);

/* Recognises a format from the first bytes of a file; AUTO if none. */
PbListFormat  pb_list_format_detect           (const char        *head,
                                               gsize              length);

/* Streams @stream (at most PB_LIST_FILE_MAX_SIZE bytes) through the parser
 * of @format, calling @func for each entry: memory stays bounded by the
 * largest entry, not the file. Errors (PB_SCREENING_ERROR) name
 * @display_name and the line or element. @size_hint is the size expected,
 * for progress, or 0. */
gboolean      pb_list_parse_stream            (GInputStream       *stream,
                                               const char         *display_name,
                                               guint64             size_hint,
                                               PbListFormat        format,
                                               PbListEntryFunc     func,
                                               gpointer            user_data,
                                               PbListProgressFunc  progress,
                                               gpointer            progress_data,
                                               GCancellable       *cancellable,
                                               PbListParseResult  *result,
                                               GError            **error);
/* The same over bytes in memory (tests, fuzzing). */
gboolean      pb_list_parse_bytes             (GBytes             *bytes,
                                               const char         *display_name,
                                               PbListFormat        format,
                                               PbListEntryFunc     func,
                                               gpointer            user_data,
                                               PbListParseResult  *result,
                                               GError            **error);

/* A date as lists write it ("28/10/2022", "23-Sep-2026", "2022-10-28…")
 * in ISO 8601 (YYYY-MM-DD, a time kept if given), or NULL when it is none
 * or not a real day (pb_date_valid_ymd(): no 31 February). */
char         *pb_list_parse_date              (const char        *text);

G_END_DECLS
