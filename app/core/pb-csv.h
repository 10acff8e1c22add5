/* pb-csv.h: a strict, bounded reader of spreadsheet CSV exports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _PbCsv PbCsv;

/* Limits on what a CSV file handed to us may hold. */
#define PB_CSV_MAX_SIZE       (32 * 1024 * 1024)
#define PB_CSV_MAX_ROWS       100000
#define PB_CSV_MAX_FIELDS     512
#define PB_CSV_MAX_FIELD_SIZE (64 * 1024)

/* Parses RFC 4180 CSV as spreadsheets export it: fields separated by
 * commas, semicolons or tabs (whichever the first lines use most), quoted
 * with double quotes ("" inside a quoted field), CRLF or LF line ends, an
 * optional UTF-8 byte-order mark. Text that is not UTF-8 is read as
 * Windows-1252, the encoding of a spreadsheet's plain "CSV" on Windows.
 * A NUL byte, an unterminated quote, text after a closing quote or a limit
 * exceeded is an error naming @display_name and the line (PB_CORE_ERROR_PARSE
 * or PB_CORE_ERROR_TOO_LARGE). Empty lines are skipped. */
PbCsv              *pb_csv_parse           (GBytes       *bytes,
                                            const char   *display_name,
                                            GError      **error);
void                pb_csv_free            (PbCsv        *csv);

guint               pb_csv_get_n_rows      (PbCsv        *csv);
/* The fields of row @index, NULL-terminated, owned by @csv. */
const char * const *pb_csv_get_row         (PbCsv        *csv,
                                            guint         index,
                                            guint        *n_fields);
/* The line of the file (from 1) on which row @index starts. */
guint               pb_csv_get_line        (PbCsv        *csv,
                                            guint         index);
/* ',', ';' or '\t'. */
char                pb_csv_get_separator   (PbCsv        *csv);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbCsv, pb_csv_free)

G_END_DECLS
