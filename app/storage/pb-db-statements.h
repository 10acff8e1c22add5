/* pb-db-statements.h: every statement the store may run on a team server,
 * which `db init` registers there: a sales person's or reviewer's Probity
 * runs no other (probity.gate (), schema-v16.sql)
 *
 * A statement written as a literal is marked PB_SQL ("SELECT ..."): the
 * literal itself, kept in the section "pb_sql" of the program, which
 * pb_db_statements_list () walks. A statement built as the store runs
 * (a case list's filters) is listed by the function that builds it, for
 * every form it can take, through pb_db_statements_list ().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PB_SQL(text) \
  (__extension__ ({ \
    static const char *const pb_sql_entry_ __attribute__ ((used, section ("pb_sql"))) = (text); \
    pb_sql_entry_; \
  }))

GPtrArray *pb_db_statements_list (void);

G_END_DECLS
