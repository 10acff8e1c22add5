/* test-gui-case-list.c: the case list window on a phone's width, its
 * columns, and its search as a person types
 *
 * At 360 px the window must not grow wider, nothing may run off its right
 * edge, every control must stay within reach: shown, or one tap away (the
 * search bar's filters, folded into one button so that the list keeps the
 * height), and a row still says which case it is and where it stands:
 * customer, product and country, status and decision, each on its line,
 * none over another. Typing shows the cases of what was typed
 * last, and a country's name matches from its start until the text is
 * long enough to mean something anywhere in it. At a desktop's width the
 * columns show their values whole, the titles above them where the rows
 * have them, from the right in a right-to-left language, and a column's
 * end dragged makes it narrower or wider, kept for the next window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "pb-case-list.h"
#include "pb-case-row.h"
#include "pb-case-slots.h"
#include "pb-window.h"
#include "store-fixture.h"
#include "test-actor.h"
#include "gui-test-utils.h"
#include "pb-case-info.h"

#define NARROW 360

static void
settle (GtkWidget *window)
{
  for (guint i = 0; i < 5; i++)
    gtk_test_widget_wait_for_draw (window);
}

static void
screenshots (PbWindow   *window,
             const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *light = g_strdup_printf ("%s.png", name);
  g_autofree char *dark = g_strdup_printf ("%s-dark.png", name);

  screenshot (GTK_WIDGET (window), light);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  settle (GTK_WIDGET (window));
  screenshot (GTK_WIDGET (window), dark);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  settle (GTK_WIDGET (window));
}

static gboolean
is_control (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) || GTK_IS_DROP_DOWN (widget) ||
         GTK_IS_EDITABLE (widget) || GTK_IS_LIST_VIEW (widget) || PB_IS_CASE_ROW (widget);
}

/* Every control shown under @root whose right edge runs past @width, or
 * that is squeezed to nothing. */
static void
collect_cut_off (GtkWidget *window,
                 GtkWidget *root,
                 int        width,
                 GPtrArray *cut_off,
                 guint     *n_checked)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      graphene_rect_t bounds;

      if (!gtk_widget_get_mapped (child) || GTK_IS_POPOVER (child))
        continue;

      if (is_control (child) && !GTK_IS_TEXT (child))
        {
          g_assert_true (gtk_widget_compute_bounds (child, window, &bounds));
          (*n_checked)++;
          if (bounds.origin.x < 0 || bounds.origin.x + bounds.size.width > width + 0.5 ||
              bounds.size.width < 1)
            g_ptr_array_add (cut_off, g_strdup_printf ("%s at x %.0f, %.0f wide",
                                                       G_OBJECT_TYPE_NAME (child),
                                                       bounds.origin.x, bounds.size.width));
        }
      collect_cut_off (window, child, width, cut_off, n_checked);
    }
}

static void
assert_fits (GtkWidget  *window,
             const char *what)
{
  g_autoptr(GPtrArray) cut_off = g_ptr_array_new_with_free_func (g_free);
  guint n_checked = 0;

  g_assert_cmpint (gtk_widget_get_width (window), <=, NARROW);
  collect_cut_off (window, window, gtk_widget_get_width (window), cut_off, &n_checked);
  for (guint i = 0; i < cut_off->len; i++)
    g_test_message ("%s: cut off: %s", what, (char *) g_ptr_array_index (cut_off, i));
  g_test_message ("%s: %u controls checked", what, n_checked);
  g_assert_cmpuint (n_checked, >, 3);
  g_assert_cmpuint (cut_off->len, ==, 0);
}

/* The columns the list's titles show. */
static guint
n_visible_columns (PbWindow *window)
{
  GtkWidget *view = GTK_WIDGET (window);
  guint n = 0;

  while (view != NULL && !PB_IS_CASE_ROW (view))
    {
      GtkWidget *next = gtk_widget_get_first_child (view);

      while (next == NULL && view != NULL)
        {
          next = gtk_widget_get_next_sibling (view);
          view = next == NULL ? gtk_widget_get_parent (view) : view;
        }
      view = next;
    }
  g_assert_nonnull (view);

  for (guint i = 0; i < PB_CASE_N_COLUMNS; i++)
    n += pb_case_row_get_text (PB_CASE_ROW (view), i) != NULL;

  return n;
}

static GtkEditable *find_search_entry (GtkWidget *root);

/* The drop-downs shown under @root. */
static guint
n_mapped_drop_downs (GtkWidget *root)
{
  guint n = GTK_IS_DROP_DOWN (root) && gtk_widget_get_mapped (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    n += n_mapped_drop_downs (child);

  return n;
}

/* @popover is no wider than @window: on a phone's screen GTK slides it
 * along to keep it on the screen (under Xvfb the screen is wider). */
static void
assert_fits_width (GtkWidget *popover,
                   GtkWidget *window)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (popover, window, &bounds));
  g_test_message ("the filters' popover is %.0f px wide", bounds.size.width);
  g_assert_cmpfloat (bounds.size.width, <=, gtk_widget_get_width (window));
}

/* The first row of the list shows which case it is, its product and
 * country whole on a line of their own below the customer, and where it
 * stands, its status and decision whole on the line below; no column
 * over another, each within the row. */
static void
assert_row_shows_case (PbWindow *window)
{
  static const PbCaseColumn whole[] = {
    PB_CASE_COLUMN_PRODUCT, PB_CASE_COLUMN_COUNTRY, PB_CASE_COLUMN_STATUS, PB_CASE_COLUMN_DECISION,
  };
  GtkWidget *view = find_case_view (GTK_WIDGET (window));
  GtkWidget *item = gtk_widget_get_first_child (view);
  PbCaseRow *row = NULL;
  GdkRectangle areas[PB_CASE_N_COLUMNS];
  gboolean shown[PB_CASE_N_COLUMNS];
  GdkRectangle customer, product, status;
  int one_line;

  for (; item != NULL && row == NULL; item = gtk_widget_get_next_sibling (item))
    if (PB_IS_CASE_ROW (gtk_widget_get_first_child (item)) && gtk_widget_get_mapped (item))
      row = PB_CASE_ROW (gtk_widget_get_first_child (item));
  g_assert_nonnull (row);

  for (guint i = 0; i < G_N_ELEMENTS (whole); i++)
    {
      g_assert_nonnull (pb_case_row_get_text (row, whole[i]));
      g_assert_false (pb_case_row_get_text_cut (row, whole[i]));
    }
  g_assert_cmpstr (pb_case_row_get_text (row, PB_CASE_COLUMN_PRODUCT), ==, "EyeCam 4.2");
  g_assert_cmpstr (pb_case_row_get_text (row, PB_CASE_COLUMN_COUNTRY), ==, "United Kingdom");
  g_assert_cmpstr (pb_case_row_get_text (row, PB_CASE_COLUMN_STATUS), ==, "Draft");
  g_assert_cmpstr (pb_case_row_get_text (row, PB_CASE_COLUMN_DECISION), ==, "None yet");

  for (PbCaseColumn i = 0; i < PB_CASE_N_COLUMNS; i++)
    {
      shown[i] = pb_case_row_get_column_area (row, i, &areas[i]);
      g_test_message ("%s: %d,%d %dx%d", shown[i] ? pb_case_row_get_text (row, i) : "(not shown)",
                      areas[i].x, areas[i].y, areas[i].width, areas[i].height);
      if (!shown[i])
        continue;
      g_assert_cmpint (areas[i].x, >=, 0);
      g_assert_cmpint (areas[i].y, >=, 0);
      g_assert_cmpint (areas[i].x + areas[i].width, <=, gtk_widget_get_width (GTK_WIDGET (row)));
      g_assert_cmpint (areas[i].y + areas[i].height, <=, gtk_widget_get_height (GTK_WIDGET (row)));
      for (PbCaseColumn j = 0; j < i; j++)
        if (shown[j] && gdk_rectangle_intersect (&areas[i], &areas[j], NULL))
          g_test_fail_printf ("column %d lies over column %d", i, j);
    }
  g_assert_false (shown[PB_CASE_COLUMN_QUESTIONNAIRE]);
  g_assert_false (shown[PB_CASE_COLUMN_UPDATED]);
  /* Three lines, one below the other: who, which product where, how it stands. */
  customer = areas[PB_CASE_COLUMN_CUSTOMER];
  product = areas[PB_CASE_COLUMN_PRODUCT];
  status = areas[PB_CASE_COLUMN_STATUS];
  g_assert_cmpint (areas[PB_CASE_COLUMN_OUTCOME].y, ==, customer.y);
  g_assert_cmpint (areas[PB_CASE_COLUMN_COUNTRY].y, ==, product.y);
  g_assert_cmpint (areas[PB_CASE_COLUMN_DECISION].y, ==, status.y);
  g_assert_cmpint (product.y, >=, customer.y + customer.height);
  g_assert_cmpint (status.y, >=, product.y + product.height);
  gtk_widget_measure (GTK_WIDGET (row), GTK_ORIENTATION_VERTICAL, 1200, &one_line, NULL, NULL, NULL);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (row)), >, one_line * 2);
}

static void
test_case_list_narrow (StoreFixture  *f,
                       gconstpointer  data)
{
  PbWindow *window;
  int minimum = 0;

  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *customer = g_strdup_printf ("Stadtwerke Nordhafen-Süderbrarup Verwaltungsgesellschaft %u", i);
      g_autofree char *case_id = store_fixture_new_case (f, NULL, customer);
    }
  g_clear_object (&f->store);

  window = pb_window_new (NULL, f->path);
  gtk_window_set_default_size (GTK_WINDOW (window), NARROW, 640);
  gtk_window_present (GTK_WINDOW (window));
  while (pb_window_get_loading (window))
    g_main_context_iteration (NULL, TRUE);
  settle (GTK_WIDGET (window));

  /* The window can be this narrow at all. */
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, NARROW);
  assert_fits (GTK_WIDGET (window), "the list");
  /* Customer and outcome, product and country, status and decision. */
  g_assert_cmpuint (n_visible_columns (window), ==, 6);
  assert_row_shows_case (window);
  screenshots (window, "case-list-360");

  /* The search and every filter, one tap away. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  {
    GtkWidget *entry = gtk_window_get_focus (GTK_WINDOW (window));
    GtkWidget *revealer;

    g_assert_true (GTK_IS_TEXT (entry) && GTK_IS_SEARCH_ENTRY (gtk_widget_get_parent (entry)));
    revealer = gtk_widget_get_ancestor (entry, GTK_TYPE_REVEALER);
    g_assert_nonnull (revealer);
    /* The search bar slides in; wait until it is all in. */
    while (!gtk_revealer_get_child_revealed (GTK_REVEALER (revealer)))
      g_main_context_iteration (NULL, TRUE);
  }
  settle (GTK_WIDGET (window));
  assert_fits (GTK_WIDGET (window), "the search bar");
  screenshot (GTK_WIDGET (window), "case-list-360-search.png");
  {
    GtkWidget *bar = find_descendant (GTK_WIDGET (window), GTK_TYPE_SEARCH_BAR, NULL);
    GtkWidget *entry = GTK_WIDGET (find_search_entry (GTK_WIDGET (window)));
    GtkWidget *filters = find_descendant (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON, "Filters");
    GtkWidget *popover;

    /* One row: the entry and the button that holds the filters. */
    g_assert_nonnull (filters);
    g_assert_true (gtk_widget_get_mapped (filters));
    g_assert_cmpuint (n_mapped_drop_downs (GTK_WIDGET (window)), ==, 0);
    g_test_message ("the search bar is %d px high, its entry %d", gtk_widget_get_height (bar),
                    gtk_widget_get_height (entry));
    g_assert_cmpint (gtk_widget_get_height (bar), <, 2 * gtk_widget_get_height (entry));

    /* One tap: the three filters, within the width. */
    gtk_menu_button_popup (GTK_MENU_BUTTON (filters));
    popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (filters)));
    settle (GTK_WIDGET (window));
    g_assert_true (gtk_widget_get_mapped (popover));
    g_assert_cmpuint (n_mapped_drop_downs (popover), ==, 3);
    assert_fits_width (popover, GTK_WIDGET (window));
    gtk_popover_popdown (GTK_POPOVER (popover));
  }

  /* Wide again, every column is back, and the filters beside the search. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 640);
  settle (GTK_WIDGET (window));
  g_assert_cmpuint (n_visible_columns (window), ==, 8);
  g_assert_cmpuint (n_mapped_drop_downs (GTK_WIDGET (window)), ==, 3);
  g_assert_false (gtk_widget_get_mapped (find_descendant (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON, "Filters")));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A case for customer @name of @country. */
static void
add_case (StoreFixture *f,
          const char   *name,
          const char   *country)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbCustomer) customer = NULL;
  g_autoptr(PbProduct) product = NULL;
  g_autofree char *case_id = NULL;

  customer = pb_case_store_add_customer (f->store, name, NULL, country, NULL, NULL, &error);
  g_assert_no_error (error);
  product = pb_case_store_find_product (f->store, "Q-Cam", &error);
  g_assert_no_error (error);
  if (product == NULL)
    {
      product = pb_case_store_add_product (f->store, "Q-Cam", "4", NULL, NULL, &error);
      g_assert_no_error (error);
    }
  case_id = pb_case_store_create_case (f->store, pb_customer_get_uid (customer), pb_product_get_uid (product),
                                       f->questionnaire, &error);
  g_assert_no_error (error);
}

static GtkEditable *
find_search_entry (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkEditable *found;

      if (GTK_IS_SEARCH_ENTRY (child))
        return GTK_EDITABLE (child);
      if ((found = find_search_entry (child)))
        return found;
    }

  return NULL;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The customers listed, sorted, joined by "; ". */
static char *
shown (PbWindow *window)
{
  GtkWidget *view = find_case_view (GTK_WIDGET (window));
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GListModel *model;

  g_assert_nonnull (view);

  model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (view)));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PbCaseInfo) info = pb_case_slots_get_info (model, i);

      g_ptr_array_add (names, g_strdup (pb_case_info_get_customer_name (info)));
    }
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);

  return g_strjoinv ("; ", (char **) names->pdata);
}

static void
search (PbWindow    *window,
        GtkEditable *entry,
        const char  *text)
{
  gtk_editable_set_text (entry, text);
  g_signal_emit_by_name (entry, "search-changed");
}

static void
wait_for_list (PbWindow *window)
{
  while (pb_window_get_loading (window))
    g_main_context_iteration (NULL, TRUE);
}

static void
test_case_list_search (StoreFixture  *f,
                       gconstpointer  data)
{
  const struct {
    const char *text;
    const char *customers;
  } cases[] = {
    /* Two letters: only a name that starts with them, or a code. */
    { "in", "Mumbai Metro Rail" },
    { "cn", "Shanghai Police" },
    { "fi", "Espoo Kaupunki" },
    /* Three: anywhere in the name. */
    { "ina", "Buenos Aires Policía; Shanghai Police" },
    { "land", "Espoo Kaupunki" },
    /* Words from different fields, each narrowing the list. */
    { "police china", "Shanghai Police" },           /* customer, country */
    { "China POLICE", "Shanghai Police" },
    { "polic argentina", "Buenos Aires Policía" },
    { "q-cam finland", "Espoo Kaupunki" },           /* product, country */
    { "q-cam", "Buenos Aires Policía; Espoo Kaupunki; Mumbai Metro Rail; Shanghai Police" },
    /* A word that no case has empties the list. */
    { "police nowhere", "" },
    { "q-cam police mumbai", "" },
    /* Of several words, one or two letters are the start of a word of a
     * name ("Aires", not "Shanghai"), or a country's code. */
    { "polic ai", "Buenos Aires Policía" },
    { "metro ra", "Mumbai Metro Rail" },
    { "polic an", "" },
    { "police cn", "Shanghai Police" },
    /* Spaces or punctuation alone are no search. */
    { "   ", "Buenos Aires Policía; Espoo Kaupunki; Mumbai Metro Rail; Shanghai Police" },
    { " - \"\" ", "Buenos Aires Policía; Espoo Kaupunki; Mumbai Metro Rail; Shanghai Police" },
    { "china -", "Shanghai Police" },
  };
  g_autofree char *all = NULL;
  GtkEditable *entry;
  PbWindow *window;

  add_case (f, "Mumbai Metro Rail", "IN");
  add_case (f, "Shanghai Police", "CN");
  add_case (f, "Buenos Aires Policía", "AR");
  add_case (f, "Espoo Kaupunki", "FI");
  g_clear_object (&f->store);

  window = pb_window_new (NULL, f->path);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_list (window);
  all = shown (window);
  g_assert_cmpstr (all, ==, "Buenos Aires Policía; Espoo Kaupunki; Mumbai Metro Rail; Shanghai Police");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  entry = find_search_entry (GTK_WIDGET (window));
  g_assert_nonnull (entry);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *customers = NULL;

      search (window, entry, cases[i].text);
      wait_for_list (window);
      customers = shown (window);
      g_assert_cmpstr (customers, ==, cases[i].customers);
    }

  /* Typed quickly, each letter asking before the list of the one before
   * came: the list is the last text's, not a stale one's. */
  search (window, entry, "");
  wait_for_list (window);
  search (window, entry, "e");
  search (window, entry, "es");
  search (window, entry, "esp");
  search (window, entry, "shan");
  g_assert_true (pb_window_get_loading (window));
  wait_for_list (window);
  {
    g_autofree char *customers = shown (window);

    g_assert_cmpstr (customers, ==, "Shanghai Police");
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The page the case list's stack shows: "list", "empty", "no-results"... */
static const char *
cases_page (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      const char *found;

      if (GTK_IS_STACK (child) && gtk_stack_get_child_by_name (GTK_STACK (child), "no-results") != NULL)
        return gtk_stack_get_visible_child_name (GTK_STACK (child));
      if ((found = cases_page (child)))
        return found;
    }

  return NULL;
}

/* With no cases at all, a search of spaces or punctuation alone shows
 * that there are none, as no search does, not that none matched. */
static void
test_case_list_search_nothing (StoreFixture  *f,
                               gconstpointer  data)
{
  const struct {
    const char *text;
    const char *page;
  } cases[] = {
    { "", "empty" },
    { "   ", "empty" },
    { "police", "no-results" },
    { " - \"\" ", "empty" },
    { "…", "empty" },
    { "x", "no-results" },
  };
  GtkEditable *entry;
  PbWindow *window;

  g_clear_object (&f->store);
  window = pb_window_new (NULL, f->path);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_list (window);
  g_assert_cmpstr (cases_page (GTK_WIDGET (window)), ==, "empty");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  entry = find_search_entry (GTK_WIDGET (window));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("“%s”", cases[i].text);
      search (window, entry, cases[i].text);
      wait_for_list (window);
      g_assert_cmpstr (cases_page (GTK_WIDGET (window)), ==, cases[i].page);
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The rows under @root that show a customer's name, by that name. */
static void
collect_customer_labels (GtkWidget  *root,
                         GHashTable *labels)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      const char *customer = PB_IS_CASE_ROW (child) ? pb_case_row_get_text (PB_CASE_ROW (child),
                                                                            PB_CASE_COLUMN_CUSTOMER) : NULL;

      if (customer != NULL && g_str_has_prefix (customer, "Customer "))
        g_hash_table_insert (labels, g_strdup (customer), child);
      collect_customer_labels (child, labels);
    }
}

/* The list the window's view shows. */
static PbCaseList *
case_list (PbWindow *window)
{
  GtkSelectionModel *selection = gtk_list_view_get_model (GTK_LIST_VIEW (find_case_view (GTK_WIDGET (window))));
  GListModel *sorted = gtk_single_selection_get_model (GTK_SINGLE_SELECTION (selection));
  GListModel *slots = gtk_sort_list_model_get_model (GTK_SORT_LIST_MODEL (sorted));

  return PB_CASE_LIST (pb_case_slots_get_cases (PB_CASE_SLOTS (slots)));
}

static GHashTable *
customer_labels (PbWindow *window)
{
  GHashTable *labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  collect_customer_labels (find_case_view (GTK_WIDGET (window)), labels);

  return labels;
}

static void
count_cb (guint *n)
{
  (*n)++;
}

/* A search keeps the rows: their widgets are the ones drawn before, now
 * showing the cases found, and no case is read that the list does not
 * show. */
static void
test_case_list_rows_kept (StoreFixture  *f,
                          gconstpointer  data)
{
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  GHashTableIter iter;
  gpointer name, label;
  GtkEditable *entry;
  PbWindow *window;
  guint n_cases = 400, n_kept = 0, n_shown;
  guint items_listed, items_searched;

  /* One case in ten is a "Globex" one: searching "evenson" keeps the rest. */
  for (guint i = 0; i < n_cases; i++)
    {
      g_autofree char *customer = g_strdup_printf ("Customer %03u %s", i, i % 10 ? "Evenson" : "Globex");
      g_autofree char *case_id = store_fixture_new_case (f, NULL, customer);
    }
  g_clear_object (&f->store);

  window = pb_window_new (NULL, f->path);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 600);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_list (window);
  settle (GTK_WIDGET (window));
  items_listed = pb_case_list_get_n_read (case_list (window));
  before = customer_labels (window);
  n_shown = g_hash_table_size (before);
  g_test_message ("%u cases, %u rows made, %u items read", n_cases, n_shown, items_listed);
  g_assert_cmpuint (n_shown, >, 5);
  /* The view asks for the rows it shows and a few around them, a page at a time. */
  g_assert_cmpuint (items_listed, <, n_cases);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  entry = find_search_entry (GTK_WIDGET (window));
  search (window, entry, "evenson");
  wait_for_list (window);
  settle (GTK_WIDGET (window));
  after = customer_labels (window);
  items_searched = pb_case_list_get_n_read (case_list (window));
  g_test_message ("after the search: %u rows, %u items", g_hash_table_size (after), items_searched);

  /* The rows show the cases found in the widgets that showed others: GTK
   * made and dropped none (pb-case-slots.c). */
  {
    g_autoptr(GHashTable) widgets = g_hash_table_new (NULL, NULL);

    g_hash_table_iter_init (&iter, before);
    while (g_hash_table_iter_next (&iter, &name, &label))
      g_hash_table_add (widgets, label);
    g_hash_table_iter_init (&iter, after);
    while (g_hash_table_iter_next (&iter, &name, &label))
      {
        g_assert_nonnull (strstr (name, "Evenson"));
        n_kept += g_hash_table_contains (widgets, label);
      }
    g_assert_cmpuint (g_hash_table_size (after), >=, n_shown * 8 / 10);
    g_assert_cmpuint (n_kept, ==, g_hash_table_size (after));
  }
  /* The search read only the rows that came into view, not every case found. */
  g_assert_cmpuint (items_searched, <, g_list_model_get_n_items (G_LIST_MODEL (case_list (window))));

  /* A search that keeps a tenth of the cases: the same widgets again. */
  {
    g_autoptr(GHashTable) all = NULL;
    g_autoptr(GHashTable) found = NULL;
    g_autoptr(GHashTable) widgets = g_hash_table_new (NULL, NULL);
    guint n_same = 0;

    search (window, entry, "");
    wait_for_list (window);
    settle (GTK_WIDGET (window));
    all = customer_labels (window);
    search (window, entry, "globex");
    wait_for_list (window);
    /* Before the rows off screen learned theirs, the view's rows give
     * the cases of the list. */
    {
      GListModel *rows = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (find_case_view (GTK_WIDGET (window)))));

      g_assert_cmpuint (g_list_model_get_n_items (rows), ==, n_cases / 10);
      for (guint i = 0; i < n_cases / 10; i++)
        {
          g_autoptr(PbCaseInfo) shown = pb_case_slots_get_info (rows, i);
          g_autoptr(PbCaseInfo) listed = g_list_model_get_item (G_LIST_MODEL (case_list (window)), i);

          g_assert_cmpstr (pb_case_info_get_id (shown), ==, pb_case_info_get_id (listed));
        }
    }
    settle (GTK_WIDGET (window));
    found = customer_labels (window);
    g_hash_table_iter_init (&iter, all);
    while (g_hash_table_iter_next (&iter, &name, &label))
      g_hash_table_add (widgets, label);
    g_hash_table_iter_init (&iter, found);
    while (g_hash_table_iter_next (&iter, &name, &label))
      {
        g_assert_nonnull (strstr (name, "Globex"));
        n_same += g_hash_table_contains (widgets, label);
      }
    g_test_message ("\"globex\": %u rows, %u of them in widgets that showed other cases",
                    g_hash_table_size (found), n_same);
    g_assert_cmpuint (g_hash_table_size (found), ==, n_cases / 10);
    g_assert_cmpuint (n_same, ==, g_hash_table_size (found));
  }

  /* A search that keeps 4 cases in as many places is told in a few
   * changes: told place by place, each would bring rows into view for GTK
   * to build, and drop them at the next. (A phrase: "30 globex" is in
   * "Customer 030 Globex" and "Customer 330 Globex", 100 cases apart.) */
  {
    guint n_told = 0;
    gulong handler;

    search (window, entry, "");
    wait_for_list (window);
    handler = g_signal_connect_swapped (case_list (window), "items-changed", G_CALLBACK (count_cb), &n_told);

    search (window, entry, "\"30 globex\"");
    wait_for_list (window);
    g_signal_handler_disconnect (case_list (window), handler);
    g_test_message ("\"30 globex\": %u cases, told in %u changes",
                    g_list_model_get_n_items (G_LIST_MODEL (case_list (window))), n_told);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (case_list (window))), ==, 4);
    g_assert_cmpuint (n_told, <=, 3);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* What a row's item says to a screen reader: its texts, in order. */
static char *
row_texts (PbCaseRow *row)
{
  GString *texts = g_string_new (NULL);

  for (PbCaseColumn column = 0; column < PB_CASE_N_COLUMNS; column++)
    {
      const char *text = pb_case_row_get_text (row, column);

      if (text != NULL && text[0] != '\0')
        g_string_append_printf (texts, texts->len > 0 ? ", %s" : "%s", text);
    }

  return g_string_free (texts, FALSE);
}

/* Every row GTK bound, shown or not, reads to a screen reader as it
 * shows its case (its texts are made when drawn). */
static void
test_case_list_row_labels (StoreFixture  *f,
                           gconstpointer  data)
{
  GtkWidget *view;
  PbWindow *window;
  guint n_rows = 0, n_hidden = 0;

  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *customer = g_strdup_printf ("Customer %02u", i);
      g_autofree char *case_id = store_fixture_new_case (f, NULL, customer);
    }
  g_clear_object (&f->store);

  window = pb_window_new (NULL, f->path);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 400);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_list (window);
  settle (GTK_WIDGET (window));
  view = find_case_view (GTK_WIDGET (window));

  for (GtkWidget *item = gtk_widget_get_first_child (view); item; item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *child = gtk_widget_get_first_child (item);
      g_autofree char *texts = NULL;
      g_autofree char *label = NULL;

      if (!PB_IS_CASE_ROW (child) || pb_case_row_get_info (PB_CASE_ROW (child)) == NULL)
        continue;
      n_rows++;
      /* GTK 4.8 maps the rows shown, and keeps the others' widgets. */
      n_hidden += !gtk_widget_get_mapped (item);
      /* Asked before its texts, of a row not shown, never drawn (the
       * check gives the label that is not the one expected). */
      label = gtk_test_accessible_check_property (GTK_ACCESSIBLE (item), GTK_ACCESSIBLE_PROPERTY_LABEL, "");
      texts = row_texts (PB_CASE_ROW (child));
      g_assert_nonnull (strstr (texts, pb_case_info_get_customer_name (pb_case_row_get_info (PB_CASE_ROW (child)))));
      g_assert_nonnull (strstr (texts, "Draft"));
      g_assert_cmpstr (label, ==, texts);
    }
  g_test_message ("%u rows bound, %u of them not shown", n_rows, n_hidden);
  g_assert_cmpuint (n_rows, ==, 60);
  g_assert_cmpuint (n_hidden, >, 20);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The rows of cases under @root, the titles' aside. */
static void
collect_row_set (GtkWidget  *root,
                 GHashTable *rows)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      if (PB_IS_CASE_ROW (child) && pb_case_row_get_info (PB_CASE_ROW (child)) != NULL)
        g_hash_table_add (rows, child);
      collect_row_set (child, rows);
    }
}

static char *top_customer (PbWindow *window);

static gboolean
rows_show (GtkWidget  *root,
           const char *customer)
{
  g_autoptr(GHashTable) rows = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer row;

  collect_row_set (root, rows);
  g_hash_table_iter_init (&iter, rows);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    if (strstr (pb_case_row_get_text (row, PB_CASE_COLUMN_CUSTOMER), customer) == NULL)
      return FALSE;

  return TRUE;
}

/* The rows off screen are given their cases at idle priority, which a
 * busy machine's frames can hold off for a while: wait for it (ten
 * seconds at most; the assertions after say what is wrong then). */
static void
wait_for_rows (PbWindow   *window,
               const char *customer)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!rows_show (find_case_view (GTK_WIDGET (window)), customer) && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

/* A search that keeps few of the cases in view shows the new rows in the
 * widgets the old ones had: GTK 4.8 would else drop every widget of a row
 * that went and build one for each row that came, which took two thirds
 * of a filter's time in its thread (bench-gui). One widget goes, with the
 * first row, where the view was anchored. The list still shows the new
 * rows from their start. */
static void
test_case_list_rows_reused (StoreFixture  *f,
                            gconstpointer  data)
{
  g_autoptr(GHashTable) before = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) after = g_hash_table_new (NULL, NULL);
  g_autoptr(PbCaseInfo) first = NULL;
  g_autofree char *top = NULL;
  GHashTableIter iter;
  gpointer row;
  GtkEditable *entry;
  PbWindow *window;
  guint n_cases = 600, n_new = 0;

  /* One case in two is a "Globex" one: more than the 200 rows or so the
   * view keeps widgets for, though it held only half of them. */
  for (guint i = 0; i < n_cases; i++)
    {
      g_autofree char *customer = g_strdup_printf ("Customer %03u %s", i, i % 2 ? "Evenson" : "Globex");
      g_autofree char *case_id = store_fixture_new_case (f, NULL, customer);
    }
  g_clear_object (&f->store);

  window = pb_window_new (NULL, f->path);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 600);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_list (window);
  settle (GTK_WIDGET (window));
  collect_row_set (find_case_view (GTK_WIDGET (window)), before);
  g_assert_cmpuint (g_hash_table_size (before), >, 100);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  entry = find_search_entry (GTK_WIDGET (window));
  search (window, entry, "globex");
  wait_for_list (window);
  settle (GTK_WIDGET (window));
  wait_for_rows (window, "Globex");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (case_list (window))), ==, n_cases / 2);

  collect_row_set (find_case_view (GTK_WIDGET (window)), after);
  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    {
      g_assert_nonnull (strstr (pb_case_row_get_text (row, PB_CASE_COLUMN_CUSTOMER), "Globex"));
      n_new += !g_hash_table_contains (before, row);
    }
  g_test_message ("%u rows before, %u after, of which %u new widgets",
                  g_hash_table_size (before), g_hash_table_size (after), n_new);
  g_assert_cmpuint (g_hash_table_size (after), ==, g_hash_table_size (before));
  g_assert_cmpuint (n_new, <=, 1);

  /* From the start: the first case found is the top row. */
  first = g_list_model_get_item (G_LIST_MODEL (case_list (window)), 0);
  top = top_customer (window);
  g_assert_cmpstr (top, ==, pb_case_info_get_customer_name (first));

  gtk_window_destroy (GTK_WINDOW (window));
}

static GPtrArray *case_rows (PbWindow *window);

/* @widget as it shows on screen: the nodes its widgets drew last. */
static GdkTexture *
render (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;

  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  return gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node, NULL);
}

/* The pixels of @texture from @top to @bottom dark enough to be the
 * light theme's text. */
static guint
ink_between (GdkTexture *texture,
             int         top,
             int         bottom)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guchar *data = g_malloc ((gsize) width * height * 4);
  guint n = 0;

  gdk_texture_download (texture, data, width * 4);
  for (int y = MAX (top, 0); y < MIN (bottom, height); y++)
    for (int x = 0; x < width; x++)
      {
        const guchar *pixel = data + ((gsize) y * width + x) * 4;

        n += pixel[3] > 200 && pixel[0] + pixel[1] + pixel[2] < 300;
      }

  return n;
}

/* Whether the line of pixels at @y is the light theme's separator: a
 * faint grey across most of its width. */
static gboolean
is_separator (GdkTexture *texture,
              int         y)
{
  int width = gdk_texture_get_width (texture);
  g_autofree guchar *data = g_malloc ((gsize) width * gdk_texture_get_height (texture) * 4);
  int n = 0;

  if (y < 0 || y >= gdk_texture_get_height (texture))
    return FALSE;

  gdk_texture_download (texture, data, width * 4);
  for (int x = 0; x < width; x++)
    {
      const guchar *pixel = data + ((gsize) y * width + x) * 4;
      int sum = pixel[0] + pixel[1] + pixel[2];

      n += pixel[3] > 200 && sum > 450 && sum < 730;
    }

  return n > width * 9 / 10;
}

/* Every row in the view shows its text, drawn, and the separator below
 * it: @what for the message. */
static void
assert_rows_drawn (PbWindow   *window,
                   const char *what)
{
  GtkWidget *view = find_case_view (GTK_WIDGET (window));
  g_autoptr(GdkTexture) texture = render (view);
  g_autoptr(GPtrArray) rows = case_rows (window);
  guint n_checked = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      graphene_rect_t bounds;
      guint ink;

      g_assert_true (gtk_widget_compute_bounds (rows->pdata[i], view, &bounds));
      if (bounds.origin.y < 0 || bounds.origin.y + bounds.size.height > gtk_widget_get_height (view))
        continue;
      ink = ink_between (texture, bounds.origin.y, bounds.origin.y + bounds.size.height);
      if (ink < 100)
        g_test_message ("%s: the row of %s at y %.0f: %u dark pixels", what,
                        pb_case_row_get_text (rows->pdata[i], PB_CASE_COLUMN_CUSTOMER), bounds.origin.y, ink);
      g_assert_cmpuint (ink, >=, 100);
      g_assert_true (is_separator (texture, bounds.origin.y + bounds.size.height));
      n_checked++;
    }
  g_test_message ("%s: %u rows in view drawn", what, n_checked);
  g_assert_cmpuint (n_checked, >, 5);
}

/* Rows out of the view draw nothing until they come into it (GTK 4.8
 * keeps some 200 rows, of which some 15 show here): scrolled down, and
 * after a search that reuses them, the rows in view show their text. */
static void
test_case_list_scrolled_rows_drawn (StoreFixture  *f,
                                    gconstpointer  data)
{
  GtkAdjustment *adjustment;
  GtkEditable *entry;
  PbWindow *window;
  guint n_cases = 300;

  for (guint i = 0; i < n_cases; i++)
    {
      g_autofree char *customer = g_strdup_printf ("Customer %03u %s", i, i % 2 ? "Evenson" : "Globex");
      g_autofree char *case_id = store_fixture_new_case (f, NULL, customer);
    }
  g_clear_object (&f->store);

  window = pb_window_new (NULL, f->path);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 600);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_list (window);
  settle (GTK_WIDGET (window));
  assert_rows_drawn (window, "at the start");

  /* Some 40 rows down: rows built at the start, not shown then. */
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (find_case_view (GTK_WIDGET (window))));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) * 40 / n_cases);
  settle (GTK_WIDGET (window));
  assert_rows_drawn (window, "scrolled down");

  /* A search from the start shows new cases in the old rows. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  entry = find_search_entry (GTK_WIDGET (window));
  search (window, entry, "globex");
  wait_for_list (window);
  settle (GTK_WIDGET (window));
  assert_rows_drawn (window, "after a search");
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) / 4);
  settle (GTK_WIDGET (window));
  assert_rows_drawn (window, "the search's rows scrolled down");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The customer of the row at the top of the list's view. */
static char *
top_customer (PbWindow *window)
{
  GtkWidget *view = find_case_view (GTK_WIDGET (window));
  GtkWidget *scrolled = gtk_widget_get_ancestor (view, GTK_TYPE_SCROLLED_WINDOW);
  g_autoptr(GHashTable) labels = customer_labels (window);
  GHashTableIter iter;
  gpointer name, label;
  const char *top = NULL;
  float top_y = G_MAXFLOAT;

  g_hash_table_iter_init (&iter, labels);
  while (g_hash_table_iter_next (&iter, &name, &label))
    {
      graphene_rect_t bounds;

      /* The first row shown, though GTK 4.8 may have scrolled it a few
       * pixels up (pb-window.c: show_cases()). */
      if (gtk_widget_get_mapped (label) && gtk_widget_compute_bounds (label, scrolled, &bounds) &&
          bounds.origin.y + bounds.size.height > 1 && bounds.origin.y < top_y)
        {
          top_y = bounds.origin.y;
          top = name;
        }
    }
  g_assert_nonnull (top);

  return g_strdup (top);
}

/* The id of the case selected, or NULL. */
static char *
selected_id (PbWindow *window)
{
  GtkSelectionModel *selection = gtk_list_view_get_model (GTK_LIST_VIEW (find_case_view (GTK_WIDGET (window))));
  guint position = gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (selection));
  g_autoptr(PbCaseInfo) info = NULL;

  if (position == GTK_INVALID_LIST_POSITION)
    return NULL;
  info = pb_case_slots_get_info (G_LIST_MODEL (selection), position);

  return g_strdup (pb_case_info_get_id (info));
}

typedef struct
{
  PbWindow   *window;
  const char *case_id;
} FirstCase;

/* Whether the list starts with @case_id: the window heard of the change. */
static gboolean
first_case_is (gpointer data)
{
  FirstCase *first = data;
  GListModel *model = G_LIST_MODEL (case_list (first->window));
  g_autoptr(PbCaseInfo) info = NULL;

  if (pb_window_get_loading (first->window) || g_list_model_get_n_items (model) == 0)
    return FALSE;
  info = g_list_model_get_item (model, 0);

  return g_str_equal (pb_case_info_get_id (info), first->case_id);
}

/* Another program answers in @case_id: it goes to the top of the list. */
static void
answer_elsewhere (StoreFixture *f,
                  const char   *case_id,
                  const char   *text)
{
  g_autofree char *cli = store_cli_path ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (store_run ((const char *[]) { cli, "case", "answer", case_id, "T01", text, "--db", f->path,
                                    "--user", "other", "--role", "sales", NULL }, &out, &err) != 0)
    g_error ("case answer: %s%s", out, err);
}

/* A change another person makes keeps the list where it was scrolled to,
 * and the case selected selected, even when that case is the one changed
 * and goes to the top. */
static void
test_case_list_live_keeps_place (StoreFixture  *f,
                                 gconstpointer  data)
{
  g_autofree char *top = NULL;
  g_autofree char *chosen = NULL;
  g_autofree char *above_id = NULL;
  GtkSingleSelection *selection;
  GtkAdjustment *adjustment;
  GListModel *model;
  PbWindow *window;
  FirstCase first;
  double scrolled_to;
  guint n_cases = 120, top_position;

  for (guint i = 0; i < n_cases; i++)
    {
      g_autofree char *customer = g_strdup_printf ("Customer %03u", i);
      g_autofree char *case_id = store_fixture_new_case (f, NULL, customer);
    }
  g_clear_object (&f->store);

  window = pb_window_new (NULL, f->path);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 600);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_list (window);
  settle (GTK_WIDGET (window));
  g_assert_true (pb_window_get_watching (window));

  /* Half way down, a case on screen selected. */
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (find_case_view (GTK_WIDGET (window))));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) / 2);
  settle (GTK_WIDGET (window));
  scrolled_to = gtk_adjustment_get_value (adjustment);
  top = top_customer (window);
  model = G_LIST_MODEL (case_list (window));
  for (top_position = 0; top_position < g_list_model_get_n_items (model); top_position++)
    {
      g_autoptr(PbCaseInfo) info = g_list_model_get_item (model, top_position);

      if (g_str_equal (pb_case_info_get_customer_name (info), top))
        break;
    }
  g_test_message ("scrolled to %.0f of %.0f px: %s at the top, row %u", scrolled_to,
                  gtk_adjustment_get_upper (adjustment), top, top_position);
  g_assert_cmpuint (top_position, >, 10);
  selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (find_case_view (GTK_WIDGET (window)))));
  gtk_single_selection_set_selected (selection, top_position + 2);
  chosen = selected_id (window);
  {
    g_autoptr(PbCaseInfo) info = g_list_model_get_item (model, top_position + 2);

    g_assert_cmpstr (chosen, ==, pb_case_info_get_id (info));
  }

  /* Another person changes a case above the view: it goes to the top. */
  first.window = window;
  {
    g_autoptr(PbCaseInfo) above = g_list_model_get_item (model, 5);

    g_free (above_id);
    above_id = g_strdup (pb_case_info_get_id (above));
  }
  first.case_id = above_id;
  answer_elsewhere (f, first.case_id, "theirs");
  g_assert_true (spin_until (first_case_is, &first));
  settle (GTK_WIDGET (window));
  {
    g_autofree char *top_now = top_customer (window);
    g_autofree char *selected_now = selected_id (window);

    g_assert_cmpstr (top_now, ==, top);
    g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (adjustment), scrolled_to, 1);
    g_assert_cmpstr (selected_now, ==, chosen);
  }

  /* And the case selected itself, below the top of the view: it stays
   * selected, at the top of the list; the view shows what it showed. */
  first.case_id = chosen;
  answer_elsewhere (f, chosen, "theirs again");
  g_assert_true (spin_until (first_case_is, &first));
  settle (GTK_WIDGET (window));
  {
    g_autofree char *top_now = top_customer (window);
    g_autofree char *selected_now = selected_id (window);

    /* A row more above it: the same case at the top. */
    g_assert_cmpstr (top_now, ==, top);
    g_assert_cmpstr (selected_now, ==, chosen);
    g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 0);
  }

  /* A search shows its cases from the start. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  search (window, find_search_entry (GTK_WIDGET (window)), "customer");
  wait_for_list (window);
  settle (GTK_WIDGET (window));
  {
    g_autoptr(PbCaseInfo) info = g_list_model_get_item (model, 0);
    g_autofree char *top_now = top_customer (window);

    g_assert_cmpstr (top_now, ==, pb_case_info_get_customer_name (info));
    g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), <, 16);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The row of titles above the list. */
static PbCaseRow *
case_header (PbWindow *window)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (find_case_view (GTK_WIDGET (window)), GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *header = gtk_widget_get_prev_sibling (scrolled);

  g_assert_true (PB_IS_CASE_ROW (header));

  return PB_CASE_ROW (header);
}

/* The list's rows drawn for cases. */
static void
collect_rows (GtkWidget *root,
              GPtrArray *rows)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      if (PB_IS_CASE_ROW (child) && pb_case_row_get_info (PB_CASE_ROW (child)) != NULL &&
          gtk_widget_get_mapped (child))
        g_ptr_array_add (rows, child);
      collect_rows (child, rows);
    }
}

static GPtrArray *
case_rows (PbWindow *window)
{
  GPtrArray *rows = g_ptr_array_new ();

  collect_rows (find_case_view (GTK_WIDGET (window)), rows);
  g_assert_cmpuint (rows->len, >, 0);

  return rows;
}

/* The row of @customer. */
static PbCaseRow *
row_of (PbWindow   *window,
        const char *customer)
{
  g_autoptr(GPtrArray) rows = case_rows (window);

  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (pb_case_row_get_text (rows->pdata[i], PB_CASE_COLUMN_CUSTOMER), customer) == 0)
      return rows->pdata[i];

  g_error ("no row of %s", customer);
}

/* Where @column is, in the window's coordinates. */
static gboolean
column_in_window (PbWindow     *window,
                  PbCaseRow    *row,
                  PbCaseColumn  column,
                  double       *x,
                  int          *width)
{
  graphene_point_t origin;
  int in_row;

  if (!pb_case_row_get_column_bounds (row, column, &in_row, width))
    return FALSE;
  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (row), GTK_WIDGET (window),
                                           &GRAPHENE_POINT_INIT (in_row, 0), &origin));
  *x = origin.x;

  return TRUE;
}

/* Every row shows each column where the titles show it. */
static void
assert_rows_under_titles (PbWindow *window)
{
  g_autoptr(GPtrArray) rows = case_rows (window);
  PbCaseRow *header = case_header (window);

  for (guint i = 0; i < rows->len; i++)
    for (int column = 0; column < PB_CASE_N_COLUMNS; column++)
      {
        double title_x, row_x;
        int title_width, row_width;
        gboolean shown = column_in_window (window, header, column, &title_x, &title_width);

        g_assert_cmpint (shown, ==, column_in_window (window, rows->pdata[i], column, &row_x, &row_width));
        if (!shown)
          continue;
        g_assert_cmpfloat_with_epsilon (title_x, row_x, 0.5);
        g_assert_cmpint (title_width, ==, row_width);
      }
}

static int
column_width (PbCaseRow    *row,
              PbCaseColumn  column)
{
  int width = 0;

  g_assert_true (pb_case_row_get_column_bounds (row, column, NULL, &width));

  return width;
}

/* The customers of the cases columns() makes. */
#define SUBMITTED_CUSTOMER "Nordhafen Logistik GmbH"
#define LONG_CUSTOMER      "Stadtwerke Nordhafen-Süderbrarup GmbH"

/* A case submitted for review, and a draft case of a long customer name
 * under the questionnaire Probity ships (of a long name too); the window
 * on them @width px wide. */
static PbWindow *
columns_window (StoreFixture *f,
                int           width)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "questionnaires", "surveillance-export.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autoptr(PbCustomer) customer = NULL;
  g_autoptr(PbProduct) product = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *submitted = store_fixture_new_case (f, NULL, SUBMITTED_CUSTOMER);
  g_autofree char *draft = NULL;
  PbWindow *window;

  questionnaire = pb_questionnaire_new_from_file (file, &error);
  g_assert_no_error (error);
  customer = pb_case_store_add_customer (f->store, LONG_CUSTOMER, NULL, "DE", NULL, NULL, &error);
  g_assert_no_error (error);
  product = pb_case_store_find_product (f->store, "EyeCam", &error);
  g_assert_no_error (error);
  draft = pb_case_store_create_case (f->store, pb_customer_get_uid (customer), pb_product_get_uid (product),
                                     questionnaire, &error);
  g_assert_no_error (error);

  store_fixture_answer (f->store, submitted, "S1.01", "\"camera\"", NULL, NULL);
  g_assert_true (pb_case_store_submit (f->store, submitted, &error));
  g_assert_no_error (error);
  g_clear_object (&f->store);

  window = pb_window_new (NULL, f->path);
  gtk_window_set_default_size (GTK_WINDOW (window), width, 700);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_list (window);
  settle (GTK_WIDGET (window));

  return window;
}

/* At 1280 px every value shows whole: the status "Submitted for review",
 * the questionnaire's name and version, a long customer's name; at 1024
 * px status, decision, outcome and last change still do. A column whose
 * values are short takes no more room than they need, and the titles
 * stand over the rows' columns. */
static void
test_case_list_columns (StoreFixture  *f,
                        gconstpointer  data)
{
  PbWindow *window = columns_window (f, 1280);
  const int widths[] = { 1280, 1024 };

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      g_autofree char *name = g_strdup_printf ("case-list-%d", widths[i]);
      PbCaseRow *submitted, *draft;

      gtk_window_set_default_size (GTK_WINDOW (window), widths[i], 700);
      settle (GTK_WIDGET (window));
      /* Xvfb's screen is 1280 px wide: GTK keeps the window's shadow on it. */
      g_test_message ("window %d px wide", gtk_widget_get_width (GTK_WIDGET (window)));
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), >=, widths[i] - 16);
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, widths[i]);
      submitted = row_of (window, SUBMITTED_CUSTOMER);
      draft = row_of (window, LONG_CUSTOMER);

      g_assert_cmpstr (pb_case_row_get_text (submitted, PB_CASE_COLUMN_STATUS), ==, "Submitted for review");
      for (int column = 0; column < PB_CASE_N_COLUMNS; column++)
        {
          g_test_message ("%d px: %s: %d px wide: \"%s\"%s, \"%s\"%s", widths[i],
                          pb_case_row_get_text (case_header (window), column), column_width (submitted, column),
                          pb_case_row_get_text (submitted, column),
                          pb_case_row_get_text_cut (submitted, column) ? " cut" : "",
                          pb_case_row_get_text (draft, column), pb_case_row_get_text_cut (draft, column) ? " cut" : "");
        }
      /* At 1024 px the customer, the product, the country and the
       * questionnaire give up room; what says where a case stands does not. */
      for (int column = widths[i] == 1280 ? 0 : PB_CASE_COLUMN_STATUS; column < PB_CASE_N_COLUMNS; column++)
        {
          g_assert_false (pb_case_row_get_text_cut (submitted, column));
          g_assert_false (pb_case_row_get_text_cut (draft, column));
        }
      g_assert_true (g_str_has_prefix (pb_case_row_get_text (draft, PB_CASE_COLUMN_QUESTIONNAIRE),
                                       "surveillance-export "));
      /* "None yet" beside "Submitted for review". */
      g_assert_cmpint (column_width (submitted, PB_CASE_COLUMN_DECISION), <,
                       column_width (submitted, PB_CASE_COLUMN_STATUS));
      assert_rows_under_titles (window);
      screenshots (window, name);
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The header's handler of @type. */
static GtkEventController *
header_controller (PbCaseRow *header,
                   GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (header));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;
    }
  g_error ("the header handles no %s", g_type_name (type));
}

/* The width the settings keep for @column, 0 for none. */
static int
kept_width (const char *column)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.probity.Probity");
  g_autoptr(GVariant) widths = g_settings_get_value (settings, "case-list-column-widths");
  gint32 width = 0;

  g_variant_lookup (widths, column, "i", &width);

  return width;
}

/* A drag from @x by @dx on the titles, as the pointer makes it. */
static void
drag (PbCaseRow *header,
      double     x,
      double     dx)
{
  GtkEventController *gesture = header_controller (header, GTK_TYPE_GESTURE_DRAG);

  g_signal_emit_by_name (gesture, "drag-begin", x, 10.0);
  g_signal_emit_by_name (gesture, "drag-update", dx / 2, 0.0);
  g_signal_emit_by_name (gesture, "drag-update", dx, 0.0);
  g_signal_emit_by_name (gesture, "drag-end", dx, 0.0);
}

/* The end of the customer's column dragged 80 px towards its start: the
 * column is that much narrower, in the rows too, and stays so in the next
 * window; a double click on its end makes it as wide as its values again.
 * A drag anywhere else changes nothing. Right to left, the same drag
 * starts from the column's left end and goes right. */
static void
check_drag (StoreFixture *f,
            PbWindow     *window)
{
  PbCaseRow *header = case_header (window);
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (header)) == GTK_TEXT_DIR_RTL;
  int customer_x, before, after, product;
  double end;

  g_assert_true (pb_case_row_get_column_bounds (header, PB_CASE_COLUMN_CUSTOMER, &customer_x, &before));
  product = column_width (header, PB_CASE_COLUMN_PRODUCT);
  end = rtl ? customer_x : customer_x + before;

  /* In the middle of a title: no resize. */
  drag (header, customer_x + before / 2, rtl ? 80 : -80);
  settle (GTK_WIDGET (window));
  g_assert_cmpint (column_width (header, PB_CASE_COLUMN_CUSTOMER), ==, before);
  g_assert_cmpint (kept_width ("customer"), ==, 0);

  drag (header, end + (rtl ? 2 : -2), rtl ? 80 : -80);
  settle (GTK_WIDGET (window));
  after = column_width (header, PB_CASE_COLUMN_CUSTOMER);
  g_test_message ("customer %d -> %d px, product %d -> %d px", before, after, product,
                  column_width (header, PB_CASE_COLUMN_PRODUCT));
  g_assert_cmpint (after, ==, before - 80);
  /* What it gave up went to the product. */
  g_assert_cmpint (column_width (header, PB_CASE_COLUMN_PRODUCT), ==, product + 80);
  assert_rows_under_titles (window);
  g_assert_cmpint (kept_width ("customer"), ==, after);

  /* The next window. */
  {
    PbWindow *next = pb_window_new (NULL, f->path);

    gtk_window_set_default_size (GTK_WINDOW (next), gtk_widget_get_width (GTK_WIDGET (window)), 700);
    gtk_window_present (GTK_WINDOW (next));
    wait_for_list (next);
    settle (GTK_WIDGET (next));
    g_assert_cmpint (column_width (case_header (next), PB_CASE_COLUMN_CUSTOMER), ==, after);
    gtk_window_destroy (GTK_WINDOW (next));
  }

  g_signal_emit_by_name (header_controller (header, GTK_TYPE_GESTURE_CLICK), "released", 2,
                         rtl ? (double) customer_x + 80 : (double) customer_x + after, 10.0);
  settle (GTK_WIDGET (window));
  g_assert_cmpint (column_width (header, PB_CASE_COLUMN_CUSTOMER), ==, before);
  g_assert_cmpint (kept_width ("customer"), ==, 0);
}

/* A key pressed on the titles; whether they took it. */
static gboolean
press (PbCaseRow       *header,
       guint            keyval,
       GdkModifierType  state)
{
  gboolean handled = FALSE;

  g_signal_emit_by_name (header_controller (header, GTK_TYPE_EVENT_CONTROLLER_KEY), "key-pressed", keyval, 0, state,
                         &handled);

  return handled;
}

static void
sorted_cb (PbCaseRow *header,
           int        column,
           int       *sorted)
{
  *sorted = column;
}

/* The titles from the keyboard: they take the focus; the arrow that
 * points away from the customer goes to the product, Return sorts by
 * it; with Ctrl that arrow moves the product's end out by a step, kept
 * like a drag; Backspace gives it back its values' width. A screen
 * reader hears the column the keyboard is on. */
static void
check_keyboard (PbWindow *window)
{
  PbCaseRow *header = case_header (window);
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (header)) == GTK_TEXT_DIR_RTL;
  guint away = rtl ? GDK_KEY_Left : GDK_KEY_Right;
  int before = column_width (header, PB_CASE_COLUMN_PRODUCT);
  int sorted = -1;
  gulong handler;
  g_autofree char *label = NULL;

  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (header)));
  g_assert_true (press (header, away, 0));
  label = gtk_test_accessible_check_property (GTK_ACCESSIBLE (header), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                              "Column titles: Product");
  g_assert_null (label);

  handler = g_signal_connect (header, "sort", G_CALLBACK (sorted_cb), &sorted);
  g_assert_true (press (header, GDK_KEY_Return, 0));
  g_signal_handler_disconnect (header, handler);
  g_assert_cmpint (sorted, ==, PB_CASE_COLUMN_PRODUCT);

  g_assert_true (press (header, away, GDK_CONTROL_MASK));
  settle (GTK_WIDGET (window));
  g_assert_cmpint (column_width (header, PB_CASE_COLUMN_PRODUCT), >, before);
  g_assert_cmpint (kept_width ("product"), ==, column_width (header, PB_CASE_COLUMN_PRODUCT));
  assert_rows_under_titles (window);
  gtk_window_set_focus_visible (GTK_WINDOW (window), TRUE);
  screenshot (GTK_WIDGET (window), rtl ? "case-list-keyboard-rtl.png" : "case-list-keyboard.png");

  g_assert_true (press (header, GDK_KEY_BackSpace, 0));
  settle (GTK_WIDGET (window));
  g_assert_cmpint (column_width (header, PB_CASE_COLUMN_PRODUCT), ==, before);
  g_assert_cmpint (kept_width ("product"), ==, 0);
}

/* A search that leaves only the draft: the status column, as wide as
 * "Submitted for review" before, fits "Draft" (its title at least); back
 * to both cases, it is as wide as before. While the list only scrolls, a
 * column only grows (not tested here: 2 cases do not scroll). */
static void
test_case_list_refit (StoreFixture  *f,
                      gconstpointer  data)
{
  PbWindow *window = columns_window (f, 1280);
  GtkEditable *entry;
  int both, draft_only, again;

  both = column_width (row_of (window, SUBMITTED_CUSTOMER), PB_CASE_COLUMN_STATUS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  entry = find_search_entry (GTK_WIDGET (window));
  search (window, entry, "süderbrarup");
  wait_for_list (window);
  settle (GTK_WIDGET (window));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (case_list (window))), ==, 1);
  draft_only = column_width (row_of (window, LONG_CUSTOMER), PB_CASE_COLUMN_STATUS);
  g_test_message ("status column: %d px with both cases, %d with the draft alone", both, draft_only);
  g_assert_cmpint (draft_only, <, both);
  g_assert_false (pb_case_row_get_text_cut (row_of (window, LONG_CUSTOMER), PB_CASE_COLUMN_STATUS));
  assert_rows_under_titles (window);

  search (window, entry, "");
  wait_for_list (window);
  settle (GTK_WIDGET (window));
  again = column_width (row_of (window, SUBMITTED_CUSTOMER), PB_CASE_COLUMN_STATUS);
  g_assert_cmpint (again, ==, both);
  g_assert_false (pb_case_row_get_text_cut (row_of (window, SUBMITTED_CUSTOMER), PB_CASE_COLUMN_STATUS));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_case_list_drag (StoreFixture  *f,
                     gconstpointer  data)
{
  PbWindow *window = columns_window (f, 1280);

  check_drag (f, window);
  check_keyboard (window);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Right to left, the columns run from the right: each where the left to
 * right placing has it, mirrored; the rows under the titles. */
static void
test_case_list_rtl (StoreFixture  *f,
                    gconstpointer  data)
{
  int ltr_x[PB_CASE_N_COLUMNS], ltr_width[PB_CASE_N_COLUMNS];
  PbWindow *window;
  PbCaseRow *header;
  int width;

  gtk_widget_set_default_direction (GTK_TEXT_DIR_RTL);
  window = columns_window (f, 1280);
  header = case_header (window);
  width = gtk_widget_get_width (GTK_WIDGET (header));
  g_assert_cmpint (gtk_widget_get_direction (GTK_WIDGET (header)), ==, GTK_TEXT_DIR_RTL);

  gtk_widget_set_direction (GTK_WIDGET (header), GTK_TEXT_DIR_LTR);
  for (int column = 0; column < PB_CASE_N_COLUMNS; column++)
    g_assert_true (pb_case_row_get_column_bounds (header, column, &ltr_x[column], &ltr_width[column]));
  gtk_widget_set_direction (GTK_WIDGET (header), GTK_TEXT_DIR_RTL);
  settle (GTK_WIDGET (window));

  g_assert_cmpint (ltr_x[PB_CASE_COLUMN_CUSTOMER], ==, 0);
  for (int column = 0; column < PB_CASE_N_COLUMNS; column++)
    {
      int x, w;

      g_assert_true (pb_case_row_get_column_bounds (header, column, &x, &w));
      g_assert_cmpint (w, ==, ltr_width[column]);
      g_assert_cmpint (x, ==, width - ltr_x[column] - ltr_width[column]);
    }
  assert_rows_under_titles (window);
  g_assert_false (pb_case_row_get_text_cut (row_of (window, SUBMITTED_CUSTOMER), PB_CASE_COLUMN_STATUS));
  screenshots (window, "case-list-1280-rtl");

  check_drag (f, window);
  check_keyboard (window);
  gtk_window_destroy (GTK_WINDOW (window));
  gtk_widget_set_default_direction (GTK_TEXT_DIR_LTR);
}

static void
count_changes_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GString    *told)
{
  g_string_append_printf (told, "%s%u-%u+%u", told->len > 0 ? " " : "", position, removed, added);
}

/* @infos (PbCaseInfo), from @first on, @n of them, into @store's place. */
static void
replace_all (GListStore *store,
             GPtrArray  *infos,
             guint       first,
             guint       n,
             gint        step)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new ();

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, infos->pdata[(first + i * step + infos->len) % infos->len]);
  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)), items->pdata, items->len);
}

/* The window's rows over a list of cases: a change in place gives the
 * rows on screen their new cases at once and tells no view; the rows off
 * screen learn theirs once asked, mapped or idle; rows beyond, and every
 * change once sorted, are told. */
static void
test_case_slots (StoreFixture  *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) listed = NULL;
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GListStore) cases = g_list_store_new (PB_TYPE_CASE_INFO);
  g_autoptr(PbCaseSlots) slots = NULL;
  g_autoptr(PbCaseSlot) shown = NULL;
  g_autoptr(PbCaseSlot) hidden = NULL;
  g_autoptr(GString) told = g_string_new (NULL);
  guint n_notified = 0;

  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *customer = g_strdup_printf ("Customer %u", i);

      g_free (store_fixture_new_case (f, NULL, customer));
    }
  listed = pb_case_store_list_cases (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (listed), ==, 6);
  for (guint i = 0; i < 6; i++)
    g_ptr_array_add (infos, g_list_model_get_item (listed, i));

  replace_all (cases, infos, 0, 6, 1);
  slots = pb_case_slots_new (G_LIST_MODEL (cases));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (slots)), ==, 6);
  g_signal_connect (slots, "items-changed", G_CALLBACK (count_changes_cb), told);
  shown = g_list_model_get_item (G_LIST_MODEL (slots), 0);
  hidden = g_list_model_get_item (G_LIST_MODEL (slots), 1);
  pb_case_slot_set_shown (shown, TRUE);
  g_signal_connect_swapped (hidden, "notify::info", G_CALLBACK (count_cb), &n_notified);

  /* The same number of other cases: nothing told, the row on screen has
   * its new case, the other one learns it when asked. */
  replace_all (cases, infos, 5, 6, -1);
  g_assert_cmpstr (told->str, ==, "");
  g_assert_true (pb_case_slot_get_info (shown) == infos->pdata[5]);
  g_assert_true (pb_case_slot_is_stale (hidden));
  g_assert_cmpuint (n_notified, ==, 0);
  g_assert_true (pb_case_slot_get_info (hidden) == infos->pdata[4]);
  g_assert_false (pb_case_slot_is_stale (hidden));
  g_assert_cmpuint (n_notified, ==, 1);

  /* Or when it comes on screen, or once the loop is idle. */
  replace_all (cases, infos, 0, 6, 1);
  g_assert_true (pb_case_slot_is_stale (hidden));
  pb_case_slot_set_shown (hidden, TRUE);
  g_assert_false (pb_case_slot_is_stale (hidden));
  g_assert_cmpuint (n_notified, ==, 2);
  pb_case_slot_set_shown (hidden, FALSE);
  replace_all (cases, infos, 2, 6, 1);
  g_assert_true (pb_case_slot_is_stale (hidden));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_false (pb_case_slot_is_stale (hidden));
  {
    g_autoptr(PbCaseInfo) info = pb_case_slots_get_info (G_LIST_MODEL (slots), 1);

    g_assert_true (info == infos->pdata[3]);
  }

  /* Fewer cases: the rows past them go, told. */
  replace_all (cases, infos, 0, 4, 1);
  g_assert_cmpstr (told->str, ==, "4-2+0");
  g_assert_true (pb_case_slot_get_info (hidden) == infos->pdata[1]);

  /* Sorted, a sort model must see each change. */
  pb_case_slots_set_in_place (slots, FALSE);
  g_string_truncate (told, 0);
  replace_all (cases, infos, 1, 4, 1);
  g_assert_cmpstr (told->str, ==, "0-4+4");
  {
    g_autoptr(PbCaseInfo) info = pb_case_slots_get_info (G_LIST_MODEL (slots), 0);

    g_assert_true (info == infos->pdata[1]);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return g_test_run ();
    }
  adw_init ();
  /* As the application gives it, which the windows here have none of. */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/probity/Probity/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  g_test_add ("/pb/gui/case-list/narrow", StoreFixture, NULL,
              store_fixture_set_up, test_case_list_narrow, store_fixture_tear_down);
  g_test_add ("/pb/gui/case-list/columns", StoreFixture, NULL,
              store_fixture_set_up, test_case_list_columns, store_fixture_tear_down);
  g_test_add ("/pb/gui/case-list/refit", StoreFixture, NULL,
              store_fixture_set_up, test_case_list_refit, store_fixture_tear_down);
  g_test_add ("/pb/gui/case-list/drag", StoreFixture, NULL,
              store_fixture_set_up, test_case_list_drag, store_fixture_tear_down);
  g_test_add ("/pb/gui/case-list/rtl", StoreFixture, NULL,
              store_fixture_set_up, test_case_list_rtl, store_fixture_tear_down);
  g_test_add ("/pb/gui/case-list/search", StoreFixture, NULL,
              store_fixture_set_up, test_case_list_search, store_fixture_tear_down);
  g_test_add ("/pb/gui/case-list/search-nothing", StoreFixture, NULL,
              store_fixture_set_up, test_case_list_search_nothing, store_fixture_tear_down);
  g_test_add ("/pb/gui/case-list/slots", StoreFixture, NULL,
              store_fixture_set_up, test_case_slots, store_fixture_tear_down);
  g_test_add ("/pb/gui/case-list/rows-reused", StoreFixture, NULL,
              store_fixture_set_up, test_case_list_rows_reused, store_fixture_tear_down);
  g_test_add ("/pb/gui/case-list/scrolled-rows-drawn", StoreFixture, NULL,
              store_fixture_set_up, test_case_list_scrolled_rows_drawn, store_fixture_tear_down);
  g_test_add ("/pb/gui/case-list/rows-kept", StoreFixture, NULL,
              store_fixture_set_up, test_case_list_rows_kept, store_fixture_tear_down);
  g_test_add ("/pb/gui/case-list/row-labels", StoreFixture, NULL,
              store_fixture_set_up, test_case_list_row_labels, store_fixture_tear_down);
  g_test_add ("/pb/gui/case-list/live-keeps-place", StoreFixture, NULL,
              store_fixture_set_up, test_case_list_live_keeps_place, store_fixture_tear_down);

  return g_test_run ();
}
