/* pb-case-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pb-case-info.h"

G_BEGIN_DECLS

#define PB_TYPE_CASE_ROW (pb_case_row_get_type ())

G_DECLARE_FINAL_TYPE (PbCaseRow, pb_case_row, PB, CASE_ROW, GtkWidget)

typedef enum
{
  PB_CASE_COLUMN_CUSTOMER,
  PB_CASE_COLUMN_PRODUCT,
  PB_CASE_COLUMN_COUNTRY,
  PB_CASE_COLUMN_QUESTIONNAIRE,
  PB_CASE_COLUMN_STATUS,
  PB_CASE_COLUMN_DECISION,
  PB_CASE_COLUMN_OUTCOME,
  PB_CASE_COLUMN_UPDATED,
  PB_CASE_N_COLUMNS
} PbCaseColumn;

/* One row of the case list, which draws its columns itself; or, with
 * "header" set, their titles, which ask for "sort" when clicked and
 * resize a column when its end is dragged. A row made for a header places
 * its columns as the header does. Narrower than a phone's width, it shows
 * all but the questionnaire and the time of the last change, on three
 * lines. */
GtkWidget  *pb_case_row_new               (void);
GtkWidget  *pb_case_row_new_for_header    (PbCaseRow    *header);
void        pb_case_row_set_info          (PbCaseRow    *self,
                                           PbCaseInfo   *info);
PbCaseInfo *pb_case_row_get_info          (PbCaseRow    *self);
/* The text of @column as drawn, or NULL when it is not shown. */
const char *pb_case_row_get_text          (PbCaseRow    *self,
                                           PbCaseColumn  column);
/* Where @column is drawn in the row: its x and width; FALSE when it is
 * not shown. */
gboolean    pb_case_row_get_column_bounds (PbCaseRow    *self,
                                           PbCaseColumn  column,
                                           int          *x,
                                           int          *width);
/* Where @column is drawn in the row, its line on a phone's width
 * included; FALSE when it is not shown. */
gboolean    pb_case_row_get_column_area   (PbCaseRow    *self,
                                           PbCaseColumn  column,
                                           GdkRectangle *area);
/* Whether @column's text was drawn cut short, ending in "…". */
gboolean    pb_case_row_get_text_cut      (PbCaseRow    *self,
                                           PbCaseColumn  column);
/* The header's arrow: @column sorted in @order; -1 for none. */
void        pb_case_row_set_sorted        (PbCaseRow    *self,
                                           int           column,
                                           GtkSortType   order);
/* The header's: the rows change as a whole; the columns fit the values
 * drawn next, narrower ones too. */
void        pb_case_row_refit_columns     (PbCaseRow    *self);
gboolean    pb_case_column_can_sort       (PbCaseColumn  column);

G_END_DECLS
