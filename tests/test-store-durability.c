/* test-store-durability.c: what an acknowledged save costs the disk
 *
 * An answer the store said it saved must survive a killed process and a
 * power cut: its commit waits for one fsync() of the WAL (synchronous =
 * FULL). Fewer would lose acknowledged answers; more would make every
 * save wait for the disk again. Counted here through a VFS that counts
 * every sync (sync-counter.c); test-store-crash.c kills writers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-case-store.h"
#include "store-fixture.h"
#include "sync-counter.h"

#define N_SAVES 20

/* The syncs of the WAL by this thread while @n saves are made, but for
 * its header's when a save begins the WAL again. A save that checkpointed
 * (only when 4,000 pages wait: not in these few saves) would also sync the
 * database file: none does. */
static guint
syncs_of_saves (StoreFixture *f,
                const char   *case_id,
                guint         n,
                gboolean      batched)
{
  SyncCounts before, after;

  sync_counter_read (&before, NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *json = g_strdup_printf ("\"answer %u\"", i);

      if (!batched)
        store_fixture_answer (f->store, case_id, "T01", json, NULL, NULL);
      else
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(PbAnswerSet) answers = pb_answer_set_new ();
          g_autoptr(PbAnswer) answer = pb_answer_new_from_json (json, &error);

          g_assert_no_error (error);
          pb_answer_set_insert (answers, "T01", answer);
          pb_answer_set_insert (answers, "T02", answer);
          pb_case_store_set_answers (f->store, case_id, answers, NULL, &error);
          g_assert_no_error (error);
        }
    }
  sync_counter_read (&after, NULL);

  g_assert_cmpuint (after.syncs - after.wal_syncs, ==, before.syncs - before.wal_syncs);

  return (after.wal_syncs - before.wal_syncs) - (after.wal_headers - before.wal_headers);
}

/* One answer saved is one commit: one sync, no more, no fewer (and one for
 * the WAL's new header when it begins again after a checkpoint, which
 * SQLite syncs before the first commit in it). */
static void
test_one_sync_per_save (StoreFixture  *f,
                        gconstpointer  data)
{
  g_autofree char *case_id = NULL;

  if (!store_fixture_needs_file (f, "syncs of an SQLite file"))
    return;

  case_id = store_fixture_new_case (f, NULL, "Acme");
  sync_counter_watch (g_thread_self ());

  g_assert_cmpuint (syncs_of_saves (f, case_id, N_SAVES, FALSE), ==, N_SAVES);
  /* Several answers in one call are one commit too. */
  g_assert_cmpuint (syncs_of_saves (f, case_id, N_SAVES, TRUE), ==, N_SAVES);

  sync_counter_watch (NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  sync_counter_install ();

  g_test_add ("/store/durability/one-sync-per-save", StoreFixture, NULL,
              store_fixture_set_up, test_one_sync_per_save, store_fixture_tear_down);

  return g_test_run ();
}
