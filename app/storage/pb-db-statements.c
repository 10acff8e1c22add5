/* pb-db-statements.c: every statement the store may run on a team server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-case-store-private.h"
#include "pb-db-statements.h"

/* The bounds of the section the linker gathers PB_SQL's literals in: none
 * in a program that holds no such literal. */
extern const char *const __start_pb_sql[] __attribute__ ((weak));
extern const char *const __stop_pb_sql[] __attribute__ ((weak));

/* Every statement this program's store may run on a server, each once, in
 * the store's form ("?N" parameters). */
GPtrArray *
pb_db_statements_list (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *all = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) built = g_ptr_array_new_with_free_func (g_free);

  for (const char *const *p = __start_pb_sql; p != NULL && p < __stop_pb_sql; p++)
    if (g_hash_table_add (seen, (gpointer) *p))
      g_ptr_array_add (all, g_strdup (*p));

  _pb_case_store_list_statements (built);
  _pb_case_store_copy_statements (built);
  for (guint i = 0; i < built->len; i++)
    if (!g_hash_table_contains (seen, g_ptr_array_index (built, i)))
      {
        char *sql = g_strdup (g_ptr_array_index (built, i));

        g_hash_table_add (seen, sql);
        g_ptr_array_add (all, sql);
      }

  return all;
}
