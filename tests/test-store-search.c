/* test-store-search.c: the case list's filters and full-text search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "pb-case-list.h"
#include "pb-case-store.h"
#include "pb-storage-private.h"
#include "store-fixture.h"
#include "test-actor.h"

/* The ids in @list, in order, as "A B C". */
static char *
list_ids_of (GListModel *list)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(PbCaseInfo) info = g_list_model_get_item (list, i);

      g_strv_builder_add (ids, pb_case_info_get_id (info));
    }
  strv = g_strv_builder_end (ids);

  return g_strjoinv (" ", strv);
}

static gboolean
add_id (PbCaseInfo  *info,
        gpointer     user_data,
        GError     **error)
{
  g_strv_builder_add (user_data, pb_case_info_get_id (info));

  return TRUE;
}

/* The ids @filter lists, in order; a walk over its cases (an export's)
 * gives the same. */
static char *
list_ids (PbCaseStore        *store,
          const PbCaseFilter *filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = pb_case_store_list_cases (store, filter, &error);
  g_autoptr(GStrvBuilder) walked = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;
  g_autofree char *ids = NULL;
  g_autofree char *walked_ids = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (list);
  ids = list_ids_of (list);

  pb_case_store_foreach_case (store, filter, add_id, walked, &error);
  g_assert_no_error (error);
  strv = g_strv_builder_end (walked);
  walked_ids = g_strjoinv (" ", strv);
  g_assert_cmpstr (walked_ids, ==, ids);

  return g_steal_pointer (&ids);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The ids of the cases a search for @text finds, sorted, as "A B", its
 * words matched against the names of @countries (may be NULL) too. */
static char *
search_in (PbCaseStore *store,
           const char  *text,
           PbCountries *countries)
{
  PbCaseFilter filter = PB_CASE_FILTER_INIT;
  g_autofree char *ids = NULL;
  g_auto(GStrv) split = NULL;

  filter.text = text;
  filter.country_names = countries;
  ids = list_ids (store, &filter);
  split = g_strsplit (ids, " ", -1);
  if (*ids == '\0')
    return g_strdup ("");
  g_qsort_with_data (split, g_strv_length (split), sizeof (char *), compare_strings, NULL);

  return g_strjoinv (" ", split);
}

static char *
search (PbCaseStore *store,
        const char  *text)
{
  return search_in (store, text, NULL);
}

#define assert_ids(store, filter, expected) G_STMT_START { \
    g_autofree char *ids_ = list_ids (store, filter); \
    g_assert_cmpstr (ids_, ==, expected); \
  } G_STMT_END

#define assert_search(store, text, expected) G_STMT_START { \
    g_autofree char *found_ = search (store, text); \
    g_assert_cmpstr (found_, ==, expected); \
  } G_STMT_END

#define assert_search_in(store, text, countries, expected) G_STMT_START { \
    g_autofree char *found_ = search_in (store, text, countries); \
    g_assert_cmpstr (found_, ==, expected); \
  } G_STMT_END

/* Submitted with its one required answer, then decided by another. */
static void
decide (StoreFixture *f,
        const char   *case_id,
        PbCaseStatus  decision)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbCaseStore) bob = NULL;

  store_fixture_answer (f->store, case_id, "S1.01", "\"camera\"", NULL, NULL);
  pb_case_store_submit (f->store, case_id, &error);
  g_assert_no_error (error);
  bob = store_fixture_open_as (f, "bob", PB_ROLE_REVIEWER);
  pb_case_store_decide (bob, case_id, decision, "reviewed",
                        decision == PB_CASE_STATUS_APPROVED_WITH_CONDITIONS ? "end-use checks" : NULL, NULL, &error);
  g_assert_no_error (error);
  pb_test_act_as (f->store, "alice");
}

static void
sign (StoreFixture *f,
      const char   *case_id,
      PbCaseStatus  decision)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) report = g_bytes_new_static ("%PDF-1.7 signed", 15);
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, report);
  g_autoptr(PbSignOff) sign_off = NULL;
  g_autoptr(PbCaseStore) bob = store_fixture_open_as (f, "bob", PB_ROLE_REVIEWER);

  sign_off = pb_test_sign (bob, case_id, "bob", decision, "reviewed", NULL, sha, report, &error);
  g_assert_no_error (error);
  pb_test_act_as (f->store, "alice");
}

/* After signing, the list shows a case as signed and keeps its decision,
 * and the two filter together. */
static void
test_status_and_decision (StoreFixture  *f,
                          gconstpointer  data)
{
  g_autofree char *draft = store_fixture_new_case (f, NULL, "Acme Security Ltd");
  g_autofree char *approved = store_fixture_new_case (f, NULL, "Acme Security Ltd");
  g_autofree char *rejected = store_fixture_new_case (f, NULL, "Globex");
  g_autofree char *signed_approved = store_fixture_new_case (f, NULL, "Globex");
  g_autofree char *signed_rejected = store_fixture_new_case (f, NULL, "Initech");
  g_autofree char *all = NULL;
  g_autofree char *both_approved = NULL;
  PbCaseFilter filter = PB_CASE_FILTER_INIT;
  PbCaseFilter zeroed = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(PbCaseInfo) info = NULL;

  decide (f, approved, PB_CASE_STATUS_APPROVED);
  decide (f, rejected, PB_CASE_STATUS_REJECTED);
  decide (f, signed_approved, PB_CASE_STATUS_APPROVED);
  sign (f, signed_approved, PB_CASE_STATUS_APPROVED);
  decide (f, signed_rejected, PB_CASE_STATUS_REJECTED);
  sign (f, signed_rejected, PB_CASE_STATUS_REJECTED);

  info = pb_case_store_get_case (f->store, signed_approved, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pb_case_info_get_status (info), ==, PB_CASE_STATUS_SIGNED);
  g_assert_cmpint (pb_case_info_get_decision (info), ==, PB_CASE_STATUS_APPROVED);
  g_clear_object (&info);
  info = pb_case_store_get_case (f->store, draft, &error);
  g_assert_cmpint (pb_case_info_get_decision (info), ==, PB_CASE_STATUS_DRAFT);

  /* The most recently changed first. */
  all = g_strjoin (" ", signed_rejected, signed_approved, rejected, approved, draft, NULL);
  assert_ids (f->store, NULL, all);
  /* A filter made without PB_CASE_FILTER_INIT filters nothing by decision. */
  zeroed.status = zeroed.outcome = -1;
  assert_ids (f->store, &zeroed, all);

  filter.decision = PB_CASE_STATUS_APPROVED;
  both_approved = g_strjoin (" ", signed_approved, approved, NULL);
  assert_ids (f->store, &filter, both_approved);
  filter.status = PB_CASE_STATUS_SIGNED;
  assert_ids (f->store, &filter, signed_approved);
  filter.decision = PB_CASE_STATUS_REJECTED;
  assert_ids (f->store, &filter, signed_rejected);
  filter.status = PB_CASE_STATUS_APPROVED;
  assert_ids (f->store, &filter, "");
  filter.decision = -1;
  assert_ids (f->store, &filter, approved);
  filter.status = -1;
  filter.decision = PB_CASE_STATUS_APPROVED_WITH_CONDITIONS;
  assert_ids (f->store, &filter, "");

  /* With the customer's name too. */
  filter.decision = PB_CASE_STATUS_REJECTED;
  filter.customer = "globex";
  assert_ids (f->store, &filter, rejected);
}

/* More cases than a page: every one read once, in order, none twice. */
static void
test_pages (StoreFixture  *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *previous = NULL;
  guint n = 150;

  for (guint i = 0; i < n; i++)
    g_free (store_fixture_new_case (f, NULL, i % 2 ? "Acme Security Ltd" : "Globex"));

  list = pb_case_store_list_cases (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, n);

  /* From the end first, as a view scrolled to the bottom asks. */
  for (guint i = n; i-- > 0;)
    {
      g_autoptr(PbCaseInfo) info = g_list_model_get_item (list, i);
      g_autoptr(PbCaseInfo) again = g_list_model_get_item (list, i);

      g_assert_true (info == again);
      g_assert_cmpstr (pb_case_info_get_customer_name (info), !=, "");
      g_assert_false (g_hash_table_contains (seen, pb_case_info_get_id (info)));
      g_hash_table_add (seen, (gpointer) pb_case_info_get_id (info));
      if (previous != NULL)
        g_assert_cmpstr (pb_case_info_get_updated (info), >=, previous);
      g_free (previous);
      previous = g_strdup (pb_case_info_get_updated (info));
    }
  g_assert_null (g_list_model_get_item (list, n));
}

/* What a view keeps of a list: for each row, the item it asked for (a
 * widget shows it), or NULL; kept in step with the changes the list tells
 * as GTK 4.8 does: when a row it showed goes, it looks for its item among
 * the rows that come, and keeps its widgets if it is there. */
typedef struct
{
  GListModel *list;
  GPtrArray  *rows;
  guint       n_changes;
  guint       most_looked;  /* rows read in one change, looking */
} View;

static void
view_forget (gpointer item)
{
  if (item != NULL)
    g_object_unref (item);
}

static void
view_items_changed_cb (GListModel *list,
                       guint       position,
                       guint       removed,
                       guint       added,
                       View       *view)
{
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (view_forget);
  guint n_gone = 0;

  g_assert_cmpuint (position + removed, <=, view->rows->len);
  for (guint i = 0; i < removed; i++)
    {
      gpointer item = g_steal_pointer (&view->rows->pdata[position + i]);

      n_gone += item != NULL;
      g_ptr_array_add (gone, item);
    }
  g_ptr_array_remove_range (view->rows, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (view->rows, position + i, NULL);
  g_assert_cmpuint (view->rows->len, ==, g_list_model_get_n_items (list));

  if (n_gone > 0)
    {
      for (guint i = 0; i < added; i++)
        {
          g_autoptr(GObject) item = g_list_model_get_item (list, position + i);
          guint found;

          if (g_ptr_array_find (gone, item, &found))
            view->rows->pdata[position + i] = g_steal_pointer (&gone->pdata[found]);
        }
      view->most_looked = MAX (view->most_looked, added);
    }
  view->n_changes++;
}

/* Asks for the first @n rows, as a view that shows them does. */
static void
view_show (View  *view,
           guint  n)
{
  for (guint i = 0; i < MIN (n, view->rows->len); i++)
    if (view->rows->pdata[i] == NULL)
      view->rows->pdata[i] = g_list_model_get_item (view->list, i);
}

/* Every row the view kept shows the item the list has there now. */
static guint
view_check (View *view)
{
  guint n_kept = 0;

  g_assert_cmpuint (view->rows->len, ==, g_list_model_get_n_items (view->list));
  for (guint i = 0; i < view->rows->len; i++)
    if (view->rows->pdata[i] != NULL)
      {
        g_autoptr(PbCaseInfo) now = g_list_model_get_item (view->list, i);

        g_assert_true (now == view->rows->pdata[i]);
        n_kept++;
      }

  return n_kept;
}

static PbCaseList *
query (PbCaseStore *store,
       const char  *text)
{
  g_autoptr(GError) error = NULL;
  PbCaseFilter filter = PB_CASE_FILTER_INIT;
  GListModel *list;

  filter.text = text;
  list = pb_case_store_list_cases (store, &filter, &error);
  g_assert_no_error (error);

  return PB_CASE_LIST (list);
}

/* One list for a view's life: a newer query's rows replace its own, and
 * a case that stays, unchanged, keeps the item the view shows; a changed
 * case is told as changed. No change makes the view read more rows than
 * it keeps widgets for. */
static void
test_update (StoreFixture  *f,
             gconstpointer  data)
{
  g_autoptr(PbCaseList) list = pb_case_list_new ();
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (view_forget);
  g_autoptr(PbCaseList) all = NULL;
  g_autoptr(PbCaseList) acme = NULL;
  g_autoptr(PbCaseInfo) first = NULL;
  g_autoptr(PbCaseInfo) changed = NULL;
  View view = { G_LIST_MODEL (list), NULL, 0, 0 };
  guint n = 150;

  view.rows = rows;
  for (guint i = 0; i < n; i++)
    g_free (store_fixture_new_case (f, NULL, i % 3 ? "Acme Security Ltd" : "Globex"));
  g_signal_connect (list, "items-changed", G_CALLBACK (view_items_changed_cb), &view);

  all = query (f->store, NULL);
  pb_case_list_update (list, all);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (all)), ==, 0);
  g_assert_cmpuint (view.n_changes, ==, 1);
  view_show (&view, 100);
  g_assert_cmpuint (view_check (&view), ==, 100);

  /* "acme": two cases of three stay, each with the item shown. */
  view.n_changes = 0;
  acme = query (f->store, "acme");
  pb_case_list_update (list, acme);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 100);
  g_assert_cmpuint (view_check (&view), >=, 66);
  /* The first rows, then the old rows past them. */
  g_assert_cmpuint (view.n_changes, <=, 2);
  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(PbCaseInfo) info = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_assert_cmpstr (pb_case_info_get_customer_name (info), ==, "Acme Security Ltd");
    }

  /* The same query again: nothing changes, nothing is told. */
  view.n_changes = 0;
  g_clear_object (&acme);
  acme = query (f->store, "acme");
  view_show (&view, 100);
  pb_case_list_update (list, acme);
  g_assert_cmpuint (view.n_changes, ==, 0);
  g_assert_cmpuint (view_check (&view), ==, 100);

  /* A case changed elsewhere comes first, as a new row with what it now
   * says; every other row keeps its item. */
  first = g_list_model_get_item (G_LIST_MODEL (list), 50);
  store_fixture_answer (f->store, pb_case_info_get_id (first), "T01", "\"Cameras for a car park\"", NULL, NULL);
  g_clear_object (&acme);
  acme = query (f->store, "acme");
  pb_case_list_update (list, acme);
  g_assert_cmpuint (view_check (&view), ==, 99);
  changed = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_true (changed != first);
  g_assert_cmpstr (pb_case_info_get_id (changed), ==, pb_case_info_get_id (first));
  g_assert_cmpstr (pb_case_info_get_updated (changed), >, pb_case_info_get_updated (first));

  /* Back to every case: a third of the rows in view are new, so the old
   * rows are replaced by the new ones in one change, which the window's
   * rows show in the widgets they had (test-gui-case-list's rows-reused,
   * pb-case-slots.c), and which this view, keeping an item only where the
   * same one comes back, does not model. */
  view_show (&view, 100);
  g_clear_object (&all);
  all = query (f->store, NULL);
  view.n_changes = 0;
  pb_case_list_update (list, all);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n);
  g_assert_cmpuint (view.n_changes, ==, 1);
  view_check (&view);
  g_assert_cmpuint (view.most_looked, <=, 256);
  {
    g_autoptr(PbCaseList) none = pb_case_list_new ();

    pb_case_list_update (list, none);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
    g_assert_cmpuint (view_check (&view), ==, 0);
  }
}

static void
listed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GListModel **list = user_data;
  g_autoptr(GError) error = NULL;

  *list = pb_case_store_list_cases_finish (PB_CASE_STORE (source), result, &error);
  g_assert_no_error (error);
}

static void
cancelled_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = pb_case_store_list_cases_finish (PB_CASE_STORE (source), result, &error);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (list);
  *(gboolean *) user_data = TRUE;
}

/* Listed in a thread, with a filter the caller may free at once; read
 * here. */
static void
test_async (StoreFixture  *f,
            gconstpointer  data)
{
  g_autofree char *acme = store_fixture_new_case (f, NULL, "Acme Security Ltd");
  g_autofree char *globex = store_fixture_new_case (f, NULL, "Globex");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *text = g_strdup ("acme");
  g_autofree char *ids = NULL;
  g_autofree char *both = NULL;
  GListModel *list = NULL;
  PbCaseFilter filter = PB_CASE_FILTER_INIT;
  gboolean cancelled = FALSE;

  filter.text = text;
  pb_case_store_list_cases_async (f->store, &filter, NULL, listed_cb, &list);
  g_clear_pointer (&text, g_free);
  while (list == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  {
    g_autoptr(PbCaseInfo) info = g_list_model_get_item (list, 0);

    g_assert_cmpstr (pb_case_info_get_id (info), ==, acme);
    g_assert_cmpstr (pb_case_info_get_customer_name (info), ==, "Acme Security Ltd");
  }
  g_clear_object (&list);

  g_cancellable_cancel (cancellable);
  pb_case_store_list_cases_async (f->store, NULL, cancellable, cancelled_cb, &cancelled);
  while (!cancelled)
    g_main_context_iteration (NULL, TRUE);

  /* The list outlives the store it came from. */
  pb_case_store_list_cases_async (f->store, NULL, NULL, listed_cb, &list);
  while (list == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&f->store);
  ids = list_ids_of (list);
  both = g_strjoin (" ", globex, acme, NULL);
  g_assert_cmpstr (ids, ==, both);
  g_object_unref (list);
}

/* A search of a file that a newer one made stale stops while its queries
 * run, and leaves the store as it was: the next search and save work. (A
 * server's query runs to its end.) */
static void
test_cancel_running (StoreFixture  *f,
                     gconstpointer  data)
{
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GListModel) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *last = NULL;
  PbCaseFilter filter = PB_CASE_FILTER_INIT;

  if (store_fixture_on_server (f))
    {
      g_test_skip ("a server's query is not stopped");
      return;
    }

  /* Enough rows for the query to run past the first check. */
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *name = g_strdup_printf ("Initech %u", i);

      g_free (store_fixture_new_case (f, NULL, name));
    }
  filter.text = "initech";
  g_cancellable_cancel (cancelled);
  list = _pb_case_store_list_cases_for_view (f->store, &filter, cancelled, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (list);
  g_clear_error (&error);

  /* Nothing of it is left on the connection. */
  last = store_fixture_new_case (f, NULL, "Initech 20");
  list = pb_case_store_list_cases_for_view (f->store, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 21);
  g_clear_object (&list);
  list = _pb_case_store_list_cases_for_view (f->store, &filter, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 21);
}

static void
count_added (GListModel *list,
             guint       position,
             guint       removed,
             guint       added,
             gpointer    user_data)
{
  g_assert_cmpuint (removed, ==, 0);
  *(guint *) user_data += added;
}

/* Reads the rows of @view as a view scrolling to its end does: the last
 * one, then what the main context adds, until it adds none; each time
 * the list grows after it is done reading. How many it added in all. */
static guint
scroll_to_end (GListModel *view)
{
  guint added = 0;
  guint n;

  g_signal_connect (view, "items-changed", G_CALLBACK (count_added), &added);
  do
    {
      n = g_list_model_get_n_items (view);
      g_object_unref (g_list_model_get_item (view, n - 1));
      g_assert_cmpuint (g_list_model_get_n_items (view), ==, n);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  while (g_list_model_get_n_items (view) > n);
  g_signal_handlers_disconnect_by_func (view, count_added, &added);

  return added;
}

/* A list for a view holds its first ids and grows when a view comes near
 * its end, after it is done reading, in the order of the whole list; so
 * does the list of a search, whose later pages keep the cases the search
 * found first (in a file, walking past every row too). */
static void
test_view_grows (StoreFixture  *f,
                 gconstpointer  data)
{
  g_autoptr(GListModel) view = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *all = NULL;
  g_autofree char *shown = NULL;
  PbCaseFilter search = PB_CASE_FILTER_INIT;

  for (guint i = 0; i < 7; i++)
    {
      g_autofree char *case_id = store_fixture_new_case (f, NULL, "Acme Security Ltd");

      if (i % 3 != 1)
        store_fixture_answer (f->store, case_id, "T01", "\"cameras for the Skynet expansion\"", NULL, NULL);
    }
  all = list_ids (f->store, NULL);

  _pb_case_list_set_batch_sizes (3, 2);
  view = pb_case_store_list_cases_for_view (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (view), ==, 3);
  g_assert_cmpuint (scroll_to_end (view), ==, 4);
  g_assert_cmpuint (g_list_model_get_n_items (view), ==, 7);
  shown = list_ids_of (view);
  g_assert_cmpstr (shown, ==, all);
  g_clear_object (&view);
  g_clear_pointer (&all, g_free);
  g_clear_pointer (&shown, g_free);

  /* Five of them hold the word: in a file looked up by id, and walked. */
  search.text = "skynet";
  for (guint walking = 0; walking < 2; walking++)
    {
      _pb_case_store_set_few_found (walking ? 0 : G_MAXUINT);
      all = list_ids (f->store, &search);
      view = pb_case_store_list_cases_for_view (f->store, &search, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_list_model_get_n_items (view), ==, 3);
      g_assert_cmpuint (scroll_to_end (view), ==, 2);
      shown = list_ids_of (view);
      g_assert_cmpstr (shown, ==, all);
      g_assert_cmpuint (g_list_model_get_n_items (view), ==, 5);
      g_clear_object (&view);
      g_clear_pointer (&all, g_free);
      g_clear_pointer (&shown, g_free);
    }
  _pb_case_store_set_few_found (G_MAXUINT);
  _pb_case_list_set_batch_sizes (0, 0);
}

typedef struct
{
  guint removed;
  guint added;
} Told;

static void
count_told (GListModel *list,
            guint       position,
            guint       removed,
            guint       added,
            Told       *told)
{
  told->removed += removed;
  told->added += added;
}

/* A list a view grew past its first ids, updated with a newer one (a
 * live reload after another person's change): as long as before, the
 * change told where it is (one case to the top), and the rows past the
 * first ids kept with their items. Else the list shrank to the first ids
 * and a view scrolled past them lost its place and selection. */
static void
test_view_update_past_first (StoreFixture  *f,
                             gconstpointer  data)
{
  g_autoptr(GListModel) view = NULL;
  g_autoptr(GListModel) newer = NULL;
  g_autoptr(PbCaseInfo) changed = NULL;
  g_autoptr(PbCaseInfo) kept = NULL;
  g_autoptr(PbCaseInfo) kept_now = NULL;
  g_autoptr(GError) error = NULL;
  Told told = { 0 };
  guint n_cases = 12;

  for (guint i = 0; i < n_cases; i++)
    g_free (store_fixture_new_case (f, NULL, "Acme Security Ltd"));

  _pb_case_list_set_batch_sizes (4, 3);
  view = pb_case_store_list_cases_for_view (f->store, NULL, &error);
  g_assert_no_error (error);
  while (g_list_model_get_n_items (view) < n_cases)
    {
      guint n = g_list_model_get_n_items (view);

      g_object_unref (g_list_model_get_item (view, n - 1));
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_assert_cmpuint (g_list_model_get_n_items (view), >, n);
    }
  changed = g_list_model_get_item (view, 8);
  kept = g_list_model_get_item (view, 10);

  store_fixture_answer (f->store, pb_case_info_get_id (changed), "T01", "\"changed\"", NULL, NULL);
  newer = pb_case_store_list_cases_for_view (f->store, NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (view, "items-changed", G_CALLBACK (count_told), &told);
  pb_case_list_update (PB_CASE_LIST (view), PB_CASE_LIST (newer));

  g_test_message ("told: %u removed, %u added", told.removed, told.added);
  g_assert_cmpuint (g_list_model_get_n_items (view), ==, n_cases);
  g_assert_cmpuint (told.removed, ==, 1);
  g_assert_cmpuint (told.added, ==, 1);
  kept_now = g_list_model_get_item (view, 10);
  g_assert_true (kept_now == kept);
  {
    g_autoptr(PbCaseInfo) top = g_list_model_get_item (view, 0);

    g_assert_cmpstr (pb_case_info_get_id (top), ==, pb_case_info_get_id (changed));
  }
  _pb_case_list_set_batch_sizes (0, 0);
}

/* Item @i of @a and of @b: the same case, read the same, or both
 * unread (its id, no customer). */
static void
assert_same_item (GListModel *a,
                  GListModel *b,
                  guint       i)
{
  g_autoptr(PbCaseInfo) x = g_list_model_get_item (a, i);
  g_autoptr(PbCaseInfo) y = g_list_model_get_item (b, i);

  g_assert_cmpstr (pb_case_info_get_id (x), ==, pb_case_info_get_id (y));
  g_assert_cmpstr (pb_case_info_get_customer_name (x), ==, pb_case_info_get_customer_name (y));
  g_assert_cmpstr (pb_case_info_get_product_name (x), ==, pb_case_info_get_product_name (y));
  g_assert_cmpstr (pb_case_info_get_questionnaire_sha256 (x), ==, pb_case_info_get_questionnaire_sha256 (y));
  g_assert_cmpstr (pb_case_info_get_updated (x), ==, pb_case_info_get_updated (y));
  g_assert_cmpint (pb_case_info_get_status (x), ==, pb_case_info_get_status (y));
  g_assert_cmpint (pb_case_info_get_outcome (x), ==, pb_case_info_get_outcome (y));
  g_assert_cmpuint (pb_case_info_get_n_answers (x), ==, pb_case_info_get_n_answers (y));
}

/* In a file, a list for a view reads the rows a view shows first with
 * their cases, in the query that finds them, then the ids after those:
 * the same ids in the same order as the whole list, and each case as a
 * page reads it. A case whose customer a damaged file lacks is not read
 * there, and shows its id, as on a page. */
static void
test_view_first_rows (StoreFixture  *f,
                      gconstpointer  data)
{
  guint n_view = _pb_case_list_get_view_rows ();
  guint n_cases = n_view + 5;
  g_autoptr(GListModel) view = NULL;
  g_autoptr(GListModel) pages = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *all = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *lost = NULL;
  g_autofree char *statement = NULL;

  if (!store_fixture_needs_file (f, "the rows read with the ids"))
    return;

  for (guint i = 0; i < n_cases - 1; i++)
    {
      g_autofree char *case_id = store_fixture_new_case (f, NULL, i % 2 ? "Acme Security Ltd" : "Globex");

      if (i % 3 == 0)
        store_fixture_answer (f->store, case_id, "T01", "\"a note\"", NULL, NULL);
    }
  /* The newest, first in the list. */
  lost = store_fixture_new_case (f, NULL, "Initech");
  all = list_ids (f->store, NULL);
  pages = pb_case_store_list_cases (f->store, NULL, &error);
  g_assert_no_error (error);

  /* A view's first rows, read, and two ids after them. */
  _pb_case_list_set_batch_sizes (n_view + 2, 2);
  view = pb_case_store_list_cases_for_view (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (view), ==, n_view + 2);
  g_assert_cmpuint (pb_case_list_get_n_read (PB_CASE_LIST (view)), ==, n_view);
  for (guint i = 0; i < n_view; i++)
    assert_same_item (view, pages, i);
  g_assert_cmpuint (pb_case_list_get_n_read (PB_CASE_LIST (view)), ==, n_view);
  g_assert_cmpuint (scroll_to_end (view), ==, 3);
  shown = list_ids_of (view);
  g_assert_cmpstr (shown, ==, all);
  for (guint i = n_view; i < n_cases; i++)
    assert_same_item (view, pages, i);
  g_clear_object (&view);
  g_clear_object (&pages);

  /* Initech's row goes from the file, past the store. */
  statement = g_strdup_printf ("PRAGMA foreign_keys = OFF;"
                               "DELETE FROM customers WHERE uid = (SELECT customer_uid FROM cases WHERE id = '%s')",
                               lost);
  store_sqlite_exec (f->path, statement);
  pages = pb_case_store_list_cases (f->store, NULL, &error);
  g_assert_no_error (error);
  view = pb_case_store_list_cases_for_view (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pb_case_list_get_n_read (PB_CASE_LIST (view)), ==, n_view - 1);
  for (guint i = 0; i < n_view; i++)
    assert_same_item (view, pages, i);
  {
    g_autoptr(PbCaseInfo) first = g_list_model_get_item (view, 0);

    g_assert_cmpstr (pb_case_info_get_id (first), ==, lost);
    g_assert_cmpstr (pb_case_info_get_customer_name (first), ==, "");
  }
  _pb_case_list_set_batch_sizes (0, 0);
}

/* Answers, comments, evidence notes and evidence file names are found by
 * their words, and no longer once they are gone: in a file (FTS5) and on
 * a server (its GIN indexes) alike. */
static void
test_full_text (StoreFixture  *f,
                gconstpointer  data)
{
  g_autofree char *skynet = store_fixture_new_case (f, NULL, "Acme Security Ltd");
  g_autofree char *other = store_fixture_new_case (f, NULL, "Globex");
  g_autoptr(GBytes) scan = g_bytes_new_static ("scan", 4);
  g_autoptr(PbEvidence) evidence = NULL;
  g_autoptr(PbAnswer) note = pb_answer_new_string ("Cameras for the Skynet expansion in Guilin;\nbureau tender");
  g_autoptr(GError) error = NULL;

  pb_case_store_set_answer (f->store, skynet, "T01", note, "I checked with the Export Officer",
                            "tender documents, Société Générale", NULL, &error);
  g_assert_no_error (error);
  store_fixture_answer (f->store, other, "T01", "\"door access for a factory\"", NULL, NULL);
  evidence = pb_case_store_add_evidence (f->store, other, "T01", "end-user-statement.pdf", "application/pdf",
                                         scan, &error);
  g_assert_no_error (error);

  assert_search (f->store, "Skynet", skynet);
  assert_search (f->store, "skynet", skynet);
  assert_search (f->store, "sky", skynet);               /* being typed */
  assert_search (f->store, "guilin SKYNET", skynet);     /* any order */
  assert_search (f->store, "guilin factory", "");         /* every word */
  assert_search (f->store, "bureau", skynet);            /* after an escaped line break */
  assert_search (f->store, "officer", skynet);           /* a comment */
  assert_search (f->store, "societe generale", skynet);  /* an evidence note, accents */
  assert_search (f->store, "statement", other);          /* an evidence file name */
  assert_search (f->store, "net", "");                    /* words, not their middles */
  assert_search (f->store, "i", "");                      /* one letter: in most texts */
  assert_search (f->store, "i checked", skynet);

  /* Kept in step: a changed answer, a removed file. */
  store_fixture_answer (f->store, skynet, "T01", "\"Cameras for a car park\"", NULL, NULL);
  assert_search (f->store, "Skynet", "");
  assert_search (f->store, "car park", skynet);
  assert_search (f->store, "officer", skynet);
  pb_case_store_remove_evidence (f->store, pb_evidence_get_id (evidence), NULL, &error);
  g_assert_no_error (error);
  assert_search (f->store, "statement", "");
  pb_case_store_set_answer (f->store, other, "T01", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_search (f->store, "factory", "");
}

/* Saves in a case of forty answers: the first marks the case pending and
 * writes the document of the case before it, the others write none (in
 * a file); meanwhile a search reads the case's words as they are, the new
 * ones and not the old, and every other answer's. A save in another case
 * writes the first case's document, which the searches then read. The
 * words of a search may be in different answers of the case, never in two
 * cases. */
static void
test_saves_in_one_case (StoreFixture  *f,
                        gconstpointer  data)
{
  g_autofree char *case_id = store_fixture_new_case (f, NULL, "Acme Security Ltd");
  g_autofree char *other = store_fixture_new_case (f, NULL, "Globex");
  g_autofree char *both = NULL;
  gboolean in_file = !store_fixture_on_server (f);
  guint before = 0;

  for (guint i = 1; i <= 40; i++)
    {
      g_autofree char *question = g_strdup_printf ("T%02u", i);
      g_autofree char *value = g_strdup_printf ("\"answer number%u of many\"", i);
      g_autofree char *comment = g_strdup_printf ("comment%u on it", i);

      store_fixture_answer (f->store, case_id, question, value, comment, NULL);
      if (i == 1)
        before = _pb_case_store_get_search_documents_written ();
    }
  store_fixture_answer (f->store, case_id, "T07", "\"cameras for Guilin\"", "the Export Officer", NULL);
  if (in_file)
    g_assert_cmpuint (_pb_case_store_get_search_documents_written () - before, ==, 0);

  /* Pending, and after: the case's words as they are. */
  for (guint pass = 0; pass < 2; pass++)
    {
      const char *place = pass == 0 ? "\"cameras for Kunming\"" : "\"cameras for Nanning\"";
      const char *word = pass == 0 ? "kunming" : "nanning";
      const char *old = pass == 0 ? "guilin" : "kunming";

      store_fixture_answer (f->store, case_id, "T07", place, "the Export Officer", NULL);
      if (pass == 1)
        {
          /* Another case's save writes this one's document. */
          before = _pb_case_store_get_search_documents_written ();
          store_fixture_answer (f->store, other, "T01", "\"cameras for Harbin\"", NULL, NULL);
          if (in_file)
            g_assert_cmpuint (_pb_case_store_get_search_documents_written () - before, ==, 1);
        }

      assert_search (f->store, old, "");
      assert_search (f->store, word, case_id);
      assert_search (f->store, "officer", case_id);
      assert_search (f->store, "number1", case_id);
      assert_search (f->store, "number40", case_id);
      assert_search (f->store, "comment39", case_id);
      /* Every word, each in another answer of the same case. */
      assert_search (f->store, "number3 comment12 officer", case_id);
      assert_search (f->store, "officer harbin", "");
    }
  assert_search (f->store, "harbin", other);
  both = g_strcmp0 (case_id, other) < 0 ? g_strjoin (" ", case_id, other, NULL)
                                        : g_strjoin (" ", other, case_id, NULL);
  assert_search (f->store, "cameras", both);

  /* A removed answer, the case pending again. */
  {
    g_autoptr(GError) error = NULL;

    pb_case_store_set_answer (f->store, case_id, "T07", NULL, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    assert_search (f->store, "nanning", "");
    assert_search (f->store, "officer", "");
    assert_search (f->store, "number40 comment1", case_id);
    g_assert_true (pb_case_store_verify_case (f->store, case_id, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (pb_case_store_verify_case (f->store, other, NULL, NULL, &error));
    g_assert_no_error (error);
  }
}

/* The search box finds a case by its id, customer, alias, product and
 * country too, and combines with the other filters. */
static void
test_search_fields (StoreFixture  *f,
                    gconstpointer  data)
{
  const char * const aliases[] = { "Überwachung GmbH", NULL };
  g_autoptr(PbCountries) countries = pb_countries_load_default (NULL);
  g_autoptr(PbCustomer) customer = NULL;
  g_autoptr(PbProduct) product = NULL;
  g_autofree char *acme = store_fixture_new_case (f, NULL, "Acme Security Ltd");
  g_autofree char *police = NULL;
  g_autofree char *tail = NULL;
  g_autoptr(GError) error = NULL;
  PbCaseFilter filter = PB_CASE_FILTER_INIT;

  customer = pb_case_store_add_customer (f->store, "Guilin Public Security Bureau", aliases, "CN", "police", NULL, &error);
  g_assert_no_error (error);
  product = pb_case_store_add_product (f->store, "FaceFinder", "2", "biometric", NULL, &error);
  g_assert_no_error (error);
  police = pb_case_store_create_case (f->store, pb_customer_get_uid (customer), pb_product_get_uid (product),
                                      f->questionnaire, &error);
  g_assert_no_error (error);

  assert_search (f->store, "public secu", police);        /* a part of the name */
  assert_search (f->store, "überwachung", police);        /* an alias, folded */
  assert_search (f->store, "facefind", police);
  assert_search (f->store, "eyecam", acme);
  tail = g_ascii_strdown (acme + strlen (acme) - 5, -1);
  assert_search (f->store, tail, acme);                   /* a part of the id */
  /* The first letters typed: names from their start, not the letters
   * inside nearly every name nor the digits of every id. */
  assert_search (f->store, "g", police);
  assert_search (f->store, "ÜB", police);                 /* an alias, folded */
  assert_search (f->store, "fa", police);
  assert_search (f->store, "ey", acme);
  assert_search (f->store, "a", acme);
  assert_search (f->store, "u", "");
  assert_search (f->store, "a%", "");                    /* LIKE's wildcard is a character */
  {
    g_autofree char *both = g_strcmp0 (acme, police) < 0 ? g_strjoin (" ", acme, police, NULL)
                                                          : g_strjoin (" ", police, acme, NULL);

    assert_search (f->store, "sec", both);
  }

  filter.text = "China";
  assert_ids (f->store, &filter, "");
  g_assert_nonnull (countries);
  filter.country_names = countries;
  assert_ids (f->store, &filter, police);
  filter.status = PB_CASE_STATUS_SUBMITTED;
  assert_ids (f->store, &filter, "");
}

/* A case for customer @name of @country and product @product, with
 * @answer. */
static char *
new_case_of (StoreFixture *f,
             const char   *name,
             const char   *country,
             const char   *product_name,
             const char   *answer)
{
  g_autoptr(PbCustomer) customer = NULL;
  g_autoptr(PbProduct) product = NULL;
  g_autoptr(GError) error = NULL;
  char *case_id;

  customer = pb_case_store_add_customer (f->store, name, NULL, country, NULL, NULL, &error);
  g_assert_no_error (error);
  product = pb_case_store_find_product (f->store, product_name, &error);
  g_assert_no_error (error);
  if (product == NULL)
    product = pb_case_store_add_product (f->store, product_name, "1", "camera", NULL, &error);
  g_assert_no_error (error);
  case_id = pb_case_store_create_case (f->store, pb_customer_get_uid (customer), pb_product_get_uid (product),
                                       f->questionnaire, &error);
  g_assert_no_error (error);
  store_fixture_answer (f->store, case_id, "T01", answer, NULL, NULL);

  return case_id;
}

/* Each word of a search narrows the list: a case is found when every
 * word is somewhere in it, one in its customer, another in its answers,
 * its product or its country; a word no case has empties the list. */
static void
test_words_in_fields (StoreFixture  *f,
                      gconstpointer  data)
{
  g_autoptr(PbCountries) countries = pb_countries_load_default (NULL);
  g_autofree char *guilin = new_case_of (f, "Guilin Public Security Bureau", "CN", "FaceFinder",
                                         "\"Cameras for the Skynet expansion\"");
  g_autofree char *stockholm = new_case_of (f, "Polismyndigheten", "SE", "EyeCam",
                                            "\"Cameras for the police in Stockholm\"");
  g_autofree char *acme = new_case_of (f, "Acme Security Ltd", "GB", "EyeCam",
                                       "\"Door access for police stations\"");
  g_autofree char *both = g_strcmp0 (acme, stockholm) < 0 ? g_strjoin (" ", acme, stockholm, NULL)
                                                           : g_strjoin (" ", stockholm, acme, NULL);
  g_autofree char *tail = g_ascii_strdown (guilin + strlen (guilin) - 5, -1);
  g_autofree char *id_and_word = g_strconcat (tail, " skynet", NULL);
  g_autofree char *id_and_other = g_strconcat (tail, " police", NULL);
  PbCaseFilter filter = PB_CASE_FILTER_INIT;

  g_assert_nonnull (countries);

  /* One word: as before, in any field. */
  assert_search_in (f->store, "police", countries, both);
  assert_search_in (f->store, "eyecam", countries, both);
  assert_search_in (f->store, "sweden", countries, stockholm);

  /* Two words, each in a field of its own. */
  assert_search_in (f->store, "police sweden", countries, stockholm);   /* answers, country */
  assert_search_in (f->store, "Sweden POLICE", countries, stockholm);   /* any order, any case */
  assert_search_in (f->store, "skynet china", countries, guilin);       /* answers, country */
  assert_search_in (f->store, "guilin facefinder", countries, guilin);  /* customer, product */
  assert_search_in (f->store, "acme eyecam", countries, acme);          /* customer, product */
  assert_search_in (f->store, "polis se", countries, stockholm);        /* customer, country code */
  /* One or two letters are the start of a word of a name ("Acme
   * Security") or a country's code ("SE"). */
  assert_search_in (f->store, "eyecam se", countries, both);
  assert_search_in (f->store, "police stations", countries, acme);      /* answers, both */
  assert_search_in (f->store, id_and_word, countries, guilin);          /* id, answers */
  assert_search_in (f->store, "security public bureau", countries, guilin);
  assert_search_in (f->store, "security police", countries, acme);      /* customer, answers */

  /* A word that no case has, or not the case the others find. */
  assert_search_in (f->store, "police nowhere", countries, "");
  assert_search_in (f->store, "police china", countries, "");
  assert_search_in (f->store, id_and_other, countries, "");
  assert_search_in (f->store, "skynet 100%", countries, "");

  /* A phrase in double quotes is one word. */
  assert_search_in (f->store, "\"public security\"", countries, guilin);
  assert_search_in (f->store, "\"security public\"", countries, "");
  assert_search_in (f->store, "\"for the police\" sweden", countries, stockholm);
  assert_search_in (f->store, "\"the police in\"", countries, stockholm);

  /* Without the names of the countries, only their words are not found. */
  assert_search_in (f->store, "police sweden", NULL, "");
  assert_search_in (f->store, "police stockholm", NULL, stockholm);

  /* One or two letters are not inside a word of a name ("Basel
   * Systems"), nor inside a word of the answers, alone or beside
   * others. */
  {
    g_autofree char *basel = new_case_of (f, "Basel Systems", "CH", "EyeCam", "\"Badge readers for a hospital\"");
    g_autofree char *basel_acme = g_strcmp0 (acme, basel) < 0 ? g_strjoin (" ", acme, basel, NULL)
                                                               : g_strjoin (" ", basel, acme, NULL);

    assert_search_in (f->store, "eyecam se", countries, both);
    assert_search_in (f->store, "acme se", countries, acme);
    assert_search_in (f->store, "eyecam sy", countries, basel);
    assert_search_in (f->store, "eyecam ys", countries, "");
    assert_search_in (f->store, "eyecam el", countries, "");         /* "Basel" */
    assert_search_in (f->store, "sy", countries, basel);
    assert_search_in (f->store, "ys", countries, "");
    assert_search_in (f->store, "eyecam ba", countries, basel);
    assert_search_in (f->store, "eyecam ad", countries, "");         /* "Badge" */
    assert_search_in (f->store, "eyecam a", countries, basel_acme);   /* "a" of the answers, "Acme" */
    assert_search_in (f->store, "eyecam ltd", countries, acme);       /* three: anywhere */
    assert_search_in (f->store, "eyecam ems", countries, basel);
  }

  /* With the other filters. */
  filter.text = "police sweden";
  filter.country_names = countries;
  filter.status = PB_CASE_STATUS_DRAFT;
  assert_ids (f->store, &filter, stockholm);
  filter.status = PB_CASE_STATUS_SUBMITTED;
  assert_ids (f->store, &filter, "");
}

/* Spaces, quotes and punctuation alone are no search: the list is what
 * no text lists, as the window and the CLI show it, and beside words they
 * change nothing. */
static void
test_no_words (StoreFixture  *f,
               gconstpointer  data)
{
  static const char * const nothing[] = {
    "", " ", "   ", "\t\n", "\"\"", "\" \"", "\"", "-", "%", "_", "…", "- ... %", "\"-\" &", "\xe2\x80\x83",
  };
  g_autoptr(PbCountries) countries = pb_countries_load_default (NULL);
  g_autofree char *skynet = store_fixture_new_case (f, NULL, "Acme-Security & Co.");
  g_autofree char *other = store_fixture_new_case (f, NULL, "Globex");
  g_autofree char *all = NULL;
  PbCaseFilter filter = PB_CASE_FILTER_INIT;

  store_fixture_answer (f->store, skynet, "T01", "\"Skynet expansion - phase 2\"", NULL, NULL);
  all = list_ids (f->store, &filter);
  g_assert_nonnull (strchr (all, ' '));

  g_assert_false (pb_case_store_search_has_words (NULL));
  for (guint i = 0; i < G_N_ELEMENTS (nothing); i++)
    {
      g_autofree char *with_word = g_strconcat ("skynet ", nothing[i], NULL);

      g_test_message ("%s", nothing[i]);
      g_assert_false (pb_case_store_search_has_words (nothing[i]));
      filter.text = nothing[i];
      filter.country_names = countries;
      assert_ids (f->store, &filter, all);
      assert_search_in (f->store, with_word, countries, skynet);
    }
  g_assert_true (pb_case_store_search_has_words ("a"));
  g_assert_true (pb_case_store_search_has_words (" - 2 "));
  g_assert_true (pb_case_store_search_has_words ("上海"));
  g_assert_true (pb_case_store_search_has_words ("\"&co\""));
}

/* Whatever is typed is words to find, never query syntax: no error, no
 * effect on the file, and the same answer as the words alone. */
static void
test_hostile_text (StoreFixture  *f,
                   gconstpointer  data)
{
  static const char * const texts[] = {
    "\"", "\"\"", "*", "\"Skynet", "Skynet\"", "Skynet*", "^Skynet", "+Skynet", "-Skynet",
    "Skynet OR x", "Skynet AND", "NOT Skynet", "NEAR(Skynet x)", "NEAR(", "text:Skynet",
    "{text}: Skynet", "(Skynet", "Skynet)", "'; DROP TABLE cases; --", "search_text MATCH '*'",
    "Sky\"net", "\t\n\r", "\x7f\x01\x1b", "%", "_", "\\", "\xff\xfe invalid UTF-8 \xc3",
    "e\xcc\x81", "\xcc\x81\xcc\x81", "😀", "上海", "ℌ𝔢𝔩𝔩𝔬",
  };
  g_autofree char *skynet = store_fixture_new_case (f, NULL, "Acme Security Ltd");
  g_autoptr(GString) long_text = g_string_new (NULL);
  g_autoptr(GString) many_words = g_string_new (NULL);

  store_fixture_answer (f->store, skynet, "T01", "\"Skynet expansion; 上海市公安局\"", NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *found = search (f->store, texts[i]);

      /* Nothing but the one case can match. */
      g_assert_true (*found == '\0' || g_str_equal (found, skynet));
    }

  /* Operators and punctuation are words or nothing. */
  assert_search (f->store, "\"Skynet\"", skynet);
  assert_search (f->store, "Skynet OR nothing", "");
  assert_search (f->store, "NOT Skynet", "");
  assert_search (f->store, "Skynet*", skynet);
  assert_search (f->store, "上海", skynet);

  /* Long and many: bounded, and still an answer. */
  while (long_text->len < 100000)
    g_string_append (long_text, "Skynet");
  assert_search (f->store, long_text->str, "");
  for (guint i = 0; i < 10000; i++)
    g_string_append (many_words, "Skynet ");
  assert_search (f->store, many_words->str, skynet);

  /* The file is as it was. */
  assert_ids (f->store, NULL, skynet);
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (pb_case_store_verify_case (f->store, skynet, NULL, NULL, &error));
    g_assert_no_error (error);
  }
}

/* A reopened revision, a case file and its import are searched too. */
static void
test_revisions_and_case_files (StoreFixture  *f,
                               gconstpointer  data)
{
  g_autofree char *case_id = store_fixture_full_case (f, NULL);
  g_autofree char *exported = store_fixture_build_path (f, "case.probity");
  g_autofree char *other_path = store_fixture_build_path (f, "other.db");
  g_autoptr(PbCaseStore) other = NULL;
  g_autoptr(PbCaseStore) file = NULL;
  g_autoptr(GError) error = NULL;
  PbCaseFilter filter = PB_CASE_FILTER_INIT;

  /* The list shows the current revision: reopened, a draft. */
  filter.status = PB_CASE_STATUS_SIGNED;
  assert_ids (f->store, &filter, "");
  filter.status = PB_CASE_STATUS_DRAFT;
  assert_ids (f->store, &filter, case_id);
  filter.status = -1;
  filter.decision = PB_CASE_STATUS_REJECTED;
  assert_ids (f->store, &filter, "");

  /* "checked the register" was said in revision 1 only, "granted" in 2. */
  assert_search (f->store, "register", case_id);
  assert_search (f->store, "granted", case_id);
  assert_search (f->store, "refusal", case_id);

  /* What follows is a case file's. */
  if (!store_fixture_needs_file (f, "case files"))
    return;

  pb_case_store_export_case (f->store, case_id, exported, &error);
  g_assert_no_error (error);
  file = pb_case_store_open (exported, PB_CASE_STORE_FLAGS_READ_ONLY, &error);
  g_assert_no_error (error);
  assert_search (file, "granted", case_id);
  g_clear_object (&file);

  other = pb_case_store_new (other_path, &error);
  g_assert_no_error (error);
  pb_test_act_as (other, "alice");
  pb_case_store_import_case (other, exported, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_search (other, "register", case_id);
  assert_search (other, "refusal", case_id);
  filter.decision = -1;
  filter.status = PB_CASE_STATUS_DRAFT;
  assert_ids (other, &filter, case_id);
}

/* A file from before full-text search is indexed when it is migrated. */
static void
test_migration (StoreFixture  *f,
                gconstpointer  data)
{
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "data", "storage", "schema-v1.sql", NULL);
  g_autofree char *read = g_strconcat (".read ", fixture, NULL);
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(GError) error = NULL;

  /* A server's schema is db init's (pg-init tests its upgrade). */
  if (!store_fixture_needs_file (f, "SQLite schema to migrate"))
    return;

  g_free (store_sqlite3 (f->path, read));

  /* Read-only: an upgraded private copy. */
  store = pb_case_store_open (f->path, PB_CASE_STORE_FLAGS_READ_ONLY, &error);
  g_assert_no_error (error);
  assert_search (store, "datasheet", "C-2026-D585909E");
  g_clear_object (&store);

  store = pb_case_store_new (f->path, &error);
  g_assert_no_error (error);
  assert_search (store, "datasheet", "C-2026-D585909E");
  assert_search (store, "licence register", "C-2026-D585909E");
  assert_search (store, "first note", "C-2026-D585909E");
}

/* How many cases `probity-cli case list --search @text` lists. */
static guint
cli_list_length (const char *cli,
                 const char *path,
                 const char *text)
{
  const char *argv[] = { cli, "case", "list", "--db", path, "--json", "--search", text, NULL };
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (store_run (argv, &out, NULL), ==, 0);
  json = json_from_string (out, &error);
  g_assert_no_error (error);

  return json_array_get_length (json_node_get_array (json));
}

/* How many cases `probity-cli case export --format csv --search @text`
 * writes: its lines but the header. */
static guint
cli_export_length (const char *cli,
                   const char *path,
                   const char *text)
{
  const char *argv[] = { cli, "case", "export", "--db", path, "--format", "csv", "--search", text, NULL };
  g_autofree char *out = NULL;
  guint n_lines = 0;

  g_assert_cmpint (store_run (argv, &out, NULL), ==, 0);
  for (const char *p = out; (p = strchr (p, '\n')) != NULL; p++)
    n_lines++;
  g_assert_cmpuint (n_lines, >, 0);

  return n_lines - 1;
}

/* `probity-cli case list --search TEXT --decision D`, as a program. */
static void
test_cli (StoreFixture  *f,
          gconstpointer  data)
{
  g_autofree char *skynet = store_fixture_new_case (f, NULL, "Acme Security Ltd");
  g_autofree char *other = store_fixture_new_case (f, NULL, "Globex");
  g_autofree char *cli = store_cli_path ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *first;

  store_fixture_answer (f->store, skynet, "T01", "\"Skynet expansion\"", NULL, NULL);
  decide (f, skynet, PB_CASE_STATUS_APPROVED_WITH_CONDITIONS);

  g_assert_cmpuint (cli_list_length (cli, f->path, "skynet \"OR *"), ==, 0);
  /* Spaces or punctuation alone: every case, as with no --search. */
  g_assert_cmpuint (cli_list_length (cli, f->path, "   "), ==, 2);
  g_assert_cmpuint (cli_list_length (cli, f->path, " - \"\" "), ==, 2);
  /* An export of the list: the same cases. */
  g_assert_cmpuint (cli_export_length (cli, f->path, "globex"), ==, 1);
  g_assert_cmpuint (cli_export_length (cli, f->path, " - \"\" "), ==, 2);

  {
    const char *argv[] = { cli, "case", "list", "--db", f->path, "--json", "--search", "Skyne",
                           "--decision", "approved-with-conditions", NULL };

    g_assert_cmpint (store_run (argv, &out, NULL), ==, 0);
  }
  json = json_from_string (out, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (json)), ==, 1);
  first = json_array_get_object_element (json_node_get_array (json), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "id"), ==, skynet);
  g_assert_cmpstr (json_object_get_string_member (first, "status"), ==, "approved-with-conditions");
  g_assert_cmpstr (json_object_get_string_member (first, "decision"), ==, "approved-with-conditions");
  g_clear_pointer (&out, g_free);

  /* A country's name finds its customers' cases, as in the window: both
   * customers are in the United Kingdom, whose name neither holds. */
  g_assert_cmpuint (cli_list_length (cli, f->path, "united king"), ==, 2);
  g_assert_cmpuint (cli_list_length (cli, f->path, "sweden"), ==, 0);

  /* Each word somewhere in the case: "skynet" in its answers, "united"
   * in its customer's country, "acme" in its customer's name; "globex"
   * is the other case's. */
  g_assert_cmpuint (cli_list_length (cli, f->path, "skynet united"), ==, 1);
  g_assert_cmpuint (cli_list_length (cli, f->path, "acme skynet"), ==, 1);
  g_assert_cmpuint (cli_list_length (cli, f->path, "eyecam globex"), ==, 1);
  g_assert_cmpuint (cli_list_length (cli, f->path, "globex skynet"), ==, 0);
  g_assert_cmpuint (cli_list_length (cli, f->path, "skynet sweden"), ==, 0);

  /* The help says what a search does: every word, each anywhere. */
  {
    const char *argv[] = { cli, "case", "list", "--help", NULL };

    g_assert_cmpint (store_run (argv, &out, NULL), ==, 0);
  }
  g_assert_nonnull (strstr (out, "every word of TEXT somewhere"));
  g_assert_null (strstr (out, "have these words"));
  g_clear_pointer (&out, g_free);

  /* The table shows the decision beside the status; none is "-". */
  {
    const char *argv[] = { cli, "case", "list", "--db", f->path, NULL };

    g_assert_cmpint (store_run (argv, &out, NULL), ==, 0);
  }
  g_assert_nonnull (strstr (out, "DECISION"));
  g_assert_true (g_regex_match_simple ("approved-with-conditions +approved-with-conditions", out, 0, 0));
  g_assert_true (g_regex_match_simple ("draft +- +incomplete", out, 0, 0));
  g_clear_pointer (&out, g_free);

  {
    const char *argv[] = { cli, "case", "list", "--db", f->path, "--decision", "signed", NULL };

    g_assert_cmpint (store_run (argv, NULL, &err), ==, 1);
    g_assert_nonnull (strstr (err, "signed"));
  }
}

/* A test of searches with every search of a file walking the list past
 * each row, as one that finds many cases does, rather than looking up the
 * few it found. */
#define WALKING(test) \
  static void \
  test ## _walking (StoreFixture  *f, \
                    gconstpointer  data) \
  { \
    _pb_case_store_set_few_found (0); \
    test (f, data); \
    _pb_case_store_set_few_found (G_MAXUINT); \
  }

WALKING (test_full_text)
WALKING (test_search_fields)
WALKING (test_hostile_text)
WALKING (test_revisions_and_case_files)
WALKING (test_saves_in_one_case)
WALKING (test_words_in_fields)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store/list/status-and-decision", StoreFixture, NULL,
              store_fixture_set_up, test_status_and_decision, store_fixture_tear_down);
  g_test_add ("/store/list/pages", StoreFixture, NULL, store_fixture_set_up, test_pages, store_fixture_tear_down);
  g_test_add ("/store/list/update", StoreFixture, NULL, store_fixture_set_up, test_update, store_fixture_tear_down);
  g_test_add ("/store/list/async", StoreFixture, NULL, store_fixture_set_up, test_async, store_fixture_tear_down);
  g_test_add ("/store/list/cancel-running", StoreFixture, NULL, store_fixture_set_up, test_cancel_running,
              store_fixture_tear_down);
  g_test_add ("/store/list/view-grows", StoreFixture, NULL, store_fixture_set_up, test_view_grows,
              store_fixture_tear_down);
  g_test_add ("/store/list/view-update-past-first", StoreFixture, NULL, store_fixture_set_up,
              test_view_update_past_first, store_fixture_tear_down);
  g_test_add ("/store/list/view-first-rows", StoreFixture, NULL, store_fixture_set_up, test_view_first_rows,
              store_fixture_tear_down);
  g_test_add ("/store/search/full-text", StoreFixture, NULL,
              store_fixture_set_up, test_full_text, store_fixture_tear_down);
  g_test_add ("/store/search/fields", StoreFixture, NULL,
              store_fixture_set_up, test_search_fields, store_fixture_tear_down);
  g_test_add ("/store/search/words-in-fields", StoreFixture, NULL,
              store_fixture_set_up, test_words_in_fields, store_fixture_tear_down);
  g_test_add ("/store/search/words-in-fields/walking", StoreFixture, NULL,
              store_fixture_set_up, test_words_in_fields_walking, store_fixture_tear_down);
  g_test_add ("/store/search/no-words", StoreFixture, NULL,
              store_fixture_set_up, test_no_words, store_fixture_tear_down);
  g_test_add ("/store/search/hostile", StoreFixture, NULL,
              store_fixture_set_up, test_hostile_text, store_fixture_tear_down);
  g_test_add ("/store/search/revisions-and-case-files", StoreFixture, NULL,
              store_fixture_set_up, test_revisions_and_case_files, store_fixture_tear_down);
  g_test_add ("/store/search/full-text/walking", StoreFixture, NULL,
              store_fixture_set_up, test_full_text_walking, store_fixture_tear_down);
  g_test_add ("/store/search/fields/walking", StoreFixture, NULL,
              store_fixture_set_up, test_search_fields_walking, store_fixture_tear_down);
  g_test_add ("/store/search/hostile/walking", StoreFixture, NULL,
              store_fixture_set_up, test_hostile_text_walking, store_fixture_tear_down);
  g_test_add ("/store/search/revisions-and-case-files/walking", StoreFixture, NULL,
              store_fixture_set_up, test_revisions_and_case_files_walking, store_fixture_tear_down);
  g_test_add ("/store/search/saves-in-one-case", StoreFixture, NULL,
              store_fixture_set_up, test_saves_in_one_case, store_fixture_tear_down);
  g_test_add ("/store/search/saves-in-one-case/walking", StoreFixture, NULL,
              store_fixture_set_up, test_saves_in_one_case_walking, store_fixture_tear_down);
  g_test_add ("/store/search/cli", StoreFixture, NULL, store_fixture_set_up, test_cli, store_fixture_tear_down);
  g_test_add ("/store/search/migration", StoreFixture, STORE_FIXTURE_NO_STORE,
              store_fixture_set_up, test_migration, store_fixture_tear_down);

  return g_test_run ();
}
