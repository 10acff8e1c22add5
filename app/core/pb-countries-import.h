/* pb-countries-import.h: new reference data from a publisher's spreadsheet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-countries.h"

G_BEGIN_DECLS

typedef struct
{
  char      *edition;      /* "FIW 2026" */
  guint      n_rows;       /* rows of that edition in the file */
  guint      n_updated;    /* countries and regions given a rating */
  guint      n_changed;    /* of which the status or score changed */
  GPtrArray *unmapped;     /* char *: names in the file matching no entry */
  GPtrArray *changes;      /* char *: "CN: not-free 9 → not-free 8" */
} PbImportReport;

void            pb_import_report_free          (PbImportReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbImportReport, pb_import_report_free)

/* The header the Freedom in the World "All data" export must have: these
 * columns, by name, in any order, on one of the first lines. */
extern const char * const pb_fiw_required_columns[];

/* Reads @csv, the CSV export of Freedom House's Freedom in the World
 * "All data" workbook (sheet "FIW13-25": a title line, then the header
 * "Country/Territory, Region, C/T, Edition, Status, PR rating, CL rating,
 * A1 … G4, CL, Total"), and returns a countries.json: @base with the FIW
 * rating of every entry whose name matches replaced by the one of @edition
 * (0: the newest in the file), a source describing the file, the version
 * marked and `generated` set to @today (YYYY-MM-DD). The result has passed
 * the strict loader. An unknown layout, a malformed row or a value out of
 * range is an error naming @display_name and the line; nothing is written
 * here. */
GBytes         *pb_countries_import_fiw_csv    (PbCountries     *base,
                                                GBytes          *csv,
                                                const char      *display_name,
                                                guint            edition,
                                                const char      *today,
                                                PbImportReport **report,
                                                GError         **error);

G_END_DECLS
