/* test-gui-keyboard.c: long text typed with real key presses (XTEST)
 *
 * Under Xvfb, xdotool presses the keys a reviewer would: the reason runs
 * to several lines, Tab leaves it, Ctrl+Return confirms; from the case
 * list's search, Down goes to the cases found.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <gdk/x11/gdkx.h>

#include "pb-case-row.h"
#include "pb-country-chooser.h"
#include "pb-decision-dialog.h"
#include "pb-gui-utils.h"
#include "pb-new-case-dialog.h"
#include "pb-reason-dialog.h"
#include "pb-text-field.h"
#include "pb-case-slots.h"
#include "pb-window.h"
#include "pb-wizard.h"
#include "store-fixture.h"
#include "test-actor.h"
#include "gui-test-utils.h"

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Spins until @done says so, for at most ten seconds. */
#define WAIT_UNTIL(cond) \
  G_STMT_START { \
    for (guint _i = 0; _i < 200 && !(cond); _i++) \
      spin_main_loop (50); \
    g_assert_true (cond); \
  } G_STMT_END

static void
xdotool (const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;
  va_list args;

  g_ptr_array_add (argv, (char *) "xdotool");
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("xdotool %s: %s", first, err);
  /* The keys reach the window through the X server and the main loop. */
  spin_main_loop (150);
}

/* The X focus on @window, as a window manager would give it. */
static void
focus_window (GtkWindow *window)
{
  g_autofree char *xid = NULL;

  gtk_window_present (window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window))));
  xdotool ("windowfocus", "--sync", xid, NULL);
  WAIT_UNTIL (gtk_window_is_active (window));
}

static gboolean
has_focus (GtkWindow *window,
           PbTextField *field)
{
  return gtk_window_get_focus (window) == GTK_WIDGET (pb_text_field_get_view (field));
}

static GtkWidget *
find_field (GtkWidget  *root,
            const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (PB_IS_TEXT_FIELD (child) && g_strcmp0 (pb_text_field_get_title (PB_TEXT_FIELD (child)), title) == 0)
        return child;
      if ((found = find_field (child, title)))
        return found;
    }

  return NULL;
}

/* A submitted case that a legal reviewer may approve. */
static char *
submitted_case (StoreFixture *f)
{
  g_autoptr(GError) error = NULL;
  char *case_id = store_fixture_new_case (f, NULL, "Nordhafen Logistik GmbH");

  store_fixture_answer (f->store, case_id, "S1.01", "\"camera\"", NULL, NULL);
  g_assert_true (pb_case_store_submit (f->store, case_id, &error));
  g_assert_no_error (error);
  pb_test_act_as (f->store, "Rev Iewer");

  return case_id;
}

static void
test_decision_keyboard (StoreFixture  *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = submitted_case (f);
  g_autoptr(PbCaseSnapshot) snapshot = NULL;
  PbDecisionDialog *dialog;
  PbTextField *reason;
  PbCaseStatus choice;
  GtkTextView *view;
  gboolean destroyed = FALSE;

  dialog = pb_decision_dialog_new (NULL, f->store, case_id, &error);
  g_assert_no_error (error);
  g_signal_connect_swapped (dialog, "destroy", G_CALLBACK (timeout_cb), &destroyed);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 620, 720);
  focus_window (GTK_WINDOW (dialog));
  reason = PB_TEXT_FIELD (find_field (GTK_WIDGET (dialog), "Reas_on"));
  g_assert_nonnull (reason);
  view = pb_text_field_get_view (reason);

  /* A screen reader reads the field by its title. */
  gtk_test_accessible_assert_relation (view, GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                       gtk_widget_get_prev_sibling (gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (view)))),
                                       NULL);

  /* Alt+A chooses, Alt+O goes to the reason. */
  xdotool ("key", "alt+a", NULL);
  WAIT_UNTIL (pb_decision_dialog_get_choice (dialog, &choice));
  g_assert_cmpint (choice, ==, PB_CASE_STATUS_APPROVED);
  xdotool ("key", "alt+o", NULL);
  WAIT_UNTIL (has_focus (GTK_WINDOW (dialog), reason));

  /* Return starts a new line; it does not record. */
  xdotool ("type", "--delay", "20", "Benign use", NULL);
  xdotool ("key", "Return", NULL);
  xdotool ("type", "--delay", "20", "Limited to the port", NULL);
  WAIT_UNTIL (g_strcmp0 (pb_text_field_get_text (reason), "Benign use\nLimited to the port") == 0);
  g_assert_false (destroyed);
  g_assert_cmpint (pb_case_store_get_status (f->store, case_id, 0, &error), ==, PB_CASE_STATUS_SUBMITTED);
  screenshot (GTK_WIDGET (dialog), "decision-dialog.png");

  /* Tab leaves the field and writes nothing into it; Shift+Tab comes back. */
  xdotool ("key", "Tab", NULL);
  WAIT_UNTIL (!has_focus (GTK_WINDOW (dialog), reason));
  g_assert_cmpstr (pb_text_field_get_text (reason), ==, "Benign use\nLimited to the port");
  xdotool ("key", "shift+Tab", NULL);
  WAIT_UNTIL (has_focus (GTK_WINDOW (dialog), reason));

  /* Ctrl+Return records, with the lines as typed. */
  xdotool ("key", "ctrl+Return", NULL);
  WAIT_UNTIL (destroyed);
  snapshot = pb_case_store_read_snapshot (f->store, case_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pb_case_snapshot_get_status (snapshot), ==, PB_CASE_STATUS_APPROVED);
  g_assert_cmpstr (pb_decision_get_reason (pb_case_snapshot_get_decision (snapshot)), ==,
                   "Benign use\nLimited to the port");
}

/* Every answer, in order: one is expected. */
static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             char            **out)
{
  g_autofree char *previous = g_steal_pointer (out);

  *out = g_strdup_printf ("%s%s%s: %s", previous ? previous : "", previous ? "; " : "",
                          response, pb_reason_dialog_get_reason (PB_REASON_DIALOG (dialog)));
}

/* The reason the wizard asks for before sending back or reopening a case. */
static void
test_reason_dialog_keyboard (void)
{
  g_autofree char *response = NULL;
  PbReasonDialog *dialog;
  GtkWidget *field;

  dialog = pb_reason_dialog_new (NULL, "Send Back for Changes?", "The reason is recorded in the history.",
                                 "What needs to change", "_Send Back");
  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), &response);
  focus_window (GTK_WINDOW (dialog));
  field = find_field (GTK_WIDGET (dialog), "What needs to change");
  g_assert_nonnull (field);

  /* Nothing written: nothing to confirm, and Ctrl+Return does nothing. */
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "confirm"));
  /* The reason is what the dialog asks for: the keys go there first. */
  WAIT_UNTIL (has_focus (GTK_WINDOW (dialog), PB_TEXT_FIELD (field)));
  xdotool ("key", "ctrl+Return", NULL);
  g_assert_null (response);

  xdotool ("type", "--delay", "20", "Name the car parks", NULL);
  xdotool ("key", "Return", NULL);
  xdotool ("type", "--delay", "20", "and who runs them", NULL);
  WAIT_UNTIL (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "confirm"));
  g_assert_null (response);
  screenshot (GTK_WIDGET (dialog), "reason-dialog.png");
  xdotool ("key", "ctrl+Return", NULL);
  WAIT_UNTIL (response != NULL);
  spin_main_loop (100);
  g_assert_cmpstr (response, ==, "confirm: Name the car parks\nand who runs them");
}

/* From the search, Down goes to the first case found, past the column
 * titles: Return then opens that case instead of sorting a column. The
 * titles stay on Tab's way. */
static void
test_search_down (StoreFixture  *f,
                  gconstpointer  data)
{
  const char *customers[] = { "Aalborg Kommune", "Malmö Stadshus", "Göteborgs Stad" };
  PbWindow *window;
  GtkWidget *view, *header, *search, *wizard;
  GtkSelectionModel *selection;
  g_autoptr(PbCaseInfo) first = NULL;
  gboolean reached_header = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (customers); i++)
    g_free (store_fixture_new_case (f, NULL, customers[i]));
  g_clear_object (&f->store);

  window = pb_window_new (NULL, f->path);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 600);
  focus_window (GTK_WINDOW (window));
  WAIT_UNTIL (!pb_window_get_loading (window));
  view = find_case_view (GTK_WIDGET (window));
  header = find_descendant (GTK_WIDGET (window), PB_TYPE_CASE_ROW, NULL);
  selection = gtk_list_view_get_model (GTK_LIST_VIEW (view));
  search = find_descendant (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY, NULL);
  g_assert_nonnull (view);
  g_assert_nonnull (header);
  g_assert_nonnull (search);

  /* Z to A, so that the first row is neither the first case made nor the
   * last. */
  g_signal_emit_by_name (header, "sort", PB_CASE_COLUMN_CUSTOMER);
  g_signal_emit_by_name (header, "sort", PB_CASE_COLUMN_CUSTOMER);

  /* Ctrl+F is the application's accelerator: no application here. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  WAIT_UNTIL (focus_within (GTK_ROOT (window), search));
  xdotool ("type", "--delay", "20", "EyeCam", NULL);
  WAIT_UNTIL (!pb_window_get_loading (window) && g_list_model_get_n_items (G_LIST_MODEL (selection)) == 3);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  first = pb_case_slots_get_info (G_LIST_MODEL (selection), 0);
  g_assert_cmpstr (pb_case_info_get_customer_name (first), ==, "Malmö Stadshus");

  xdotool ("key", "Down", NULL);
  WAIT_UNTIL (focus_within (GTK_ROOT (window), view));
  g_assert_false (focus_within (GTK_ROOT (window), header));
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (selection)), ==, 0);
  {
    PbCaseRow *row = PB_CASE_ROW (find_descendant (gtk_window_get_focus (GTK_WINDOW (window)), PB_TYPE_CASE_ROW,
                                                   NULL));

    g_assert_nonnull (row);
    g_assert_true (pb_case_row_get_info (row) == first);
  }

  xdotool ("key", "Return", NULL);
  WAIT_UNTIL ((wizard = find_descendant (GTK_WIDGET (window), PB_TYPE_WIZARD, NULL)) != NULL &&
              gtk_widget_get_mapped (wizard));
  g_assert_cmpstr (pb_wizard_get_case_id (PB_WIZARD (wizard)), ==, pb_case_info_get_id (first));
  gtk_widget_activate_action (wizard, "wizard.close", NULL);
  WAIT_UNTIL (gtk_widget_get_mapped (view));

  /* Tab from the search comes by the column titles before the rows. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  WAIT_UNTIL (focus_within (GTK_ROOT (window), search));
  for (guint i = 0; i < 30 && !reached_header; i++)
    {
      xdotool ("key", "Tab", NULL);
      g_assert_false (focus_within (GTK_ROOT (window), view));
      reached_header = focus_within (GTK_ROOT (window), header);
    }
  g_assert_true (reached_header);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* What the list row that has the keyboard focus in @root shows, or NULL. */
static const char *
focused_text (GtkRoot *root)
{
  GtkWidget *focus = gtk_root_get_focus (root);
  GtkWidget *label = focus != NULL ? find_descendant (focus, GTK_TYPE_LABEL, NULL) : NULL;

  return label != NULL ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

/* A country given before, its list opened with Return and Return pressed
 * again: the country stays. GTK 4.8 opened the list at its top with the
 * keyboard on "Afghanistan", which Return then chose. The list opens on
 * the chosen country. */
static void
test_drop_down_opens_on_choice (void)
{
  GtkWidget *window = gtk_window_new ();
  PbCountryChooser *chooser = PB_COUNTRY_CHOOSER (pb_country_chooser_new ());
  GtkDropDown *drop_down;
  GtkWidget *popover;

  pb_country_chooser_set_code (chooser, "FR");
  gtk_widget_set_valign (GTK_WIDGET (chooser), GTK_ALIGN_START);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (chooser));
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 600);
  focus_window (GTK_WINDOW (window));
  drop_down = GTK_DROP_DOWN (find_descendant (GTK_WIDGET (chooser), GTK_TYPE_DROP_DOWN, NULL));
  popover = find_descendant (GTK_WIDGET (chooser), GTK_TYPE_POPOVER, NULL);
  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (drop_down)));

  xdotool ("key", "Return", NULL);
  WAIT_UNTIL (gtk_widget_get_mapped (popover));
  WAIT_UNTIL (g_strcmp0 (focused_text (GTK_ROOT (window)), "France (FR)") == 0);
  xdotool ("key", "Return", NULL);
  WAIT_UNTIL (!gtk_widget_get_visible (popover));
  g_assert_cmpstr (pb_country_chooser_get_code (chooser), ==, "FR");

  /* Down goes on from the chosen country, not from the top. */
  xdotool ("key", "Return", NULL);
  WAIT_UNTIL (gtk_widget_get_mapped (popover));
  WAIT_UNTIL (g_strcmp0 (focused_text (GTK_ROOT (window)), "France (FR)") == 0);
  xdotool ("key", "Down", NULL);
  xdotool ("key", "Return", NULL);
  WAIT_UNTIL (!gtk_widget_get_visible (popover));
  g_assert_cmpstr (pb_country_chooser_get_code (chooser), ==, "GF");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The labels under @root that Pango cut short with "…". */
static guint
count_ellipsized (GtkWidget *root)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_widget_get_mapped (child) &&
          pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (child))))
        n++;
      n += count_ellipsized (child);
    }

  return n;
}

/* The same of a combo row, the new-case dialog's entity type. Its list
 * shows each item whole: libadwaita cut them at 20 characters, "Private
 * company, criti…" beside "Private company, com…". */
static void
test_combo_row_opens_on_choice (StoreFixture  *f,
                                gconstpointer  data)
{
  PbNewCaseDialog *dialog = pb_new_case_dialog_new (NULL, f->store);
  GtkWidget *row = find_descendant (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, "Entity Type");
  GtkWidget *popover;

  g_assert_nonnull (row);
  popover = find_descendant (row, GTK_TYPE_POPOVER, NULL);
  g_assert_nonnull (popover);
  /* "Military", the third. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), 2);

  gtk_window_set_default_size (GTK_WINDOW (dialog), 900, 700);
  focus_window (GTK_WINDOW (dialog));
  g_assert_true (gtk_widget_grab_focus (row));
  xdotool ("key", "Return", NULL);
  WAIT_UNTIL (gtk_widget_get_mapped (popover));
  WAIT_UNTIL (g_strcmp0 (focused_text (GTK_ROOT (dialog)), "Military") == 0);
  gtk_test_widget_wait_for_draw (popover);
  g_assert_cmpuint (count_ellipsized (popover), ==, 0);
  xdotool ("key", "Return", NULL);
  WAIT_UNTIL (!gtk_widget_get_visible (popover));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==, 2);

  xdotool ("key", "Return", NULL);
  WAIT_UNTIL (gtk_widget_get_mapped (popover));
  WAIT_UNTIL (g_strcmp0 (focused_text (GTK_ROOT (dialog)), "Military") == 0);
  xdotool ("key", "Down", NULL);
  xdotool ("key", "Return", NULL);
  WAIT_UNTIL (!gtk_widget_get_visible (popover));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==, 3);

  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *xdotool_path = NULL;

  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check () || !GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_test_skip ("no X display");
      return g_test_run ();
    }
  adw_init ();

  if ((xdotool_path = g_find_program_in_path ("xdotool")) == NULL)
    {
      g_test_skip ("xdotool is not installed");
      return g_test_run ();
    }
  /* As the application does when it starts. */
  pb_fix_accessible_names_of_toplevels ();

  g_test_add ("/pb/gui/keyboard/decision", StoreFixture, NULL,
              store_fixture_set_up, test_decision_keyboard, store_fixture_tear_down);
  g_test_add_func ("/pb/gui/keyboard/reason-dialog", test_reason_dialog_keyboard);
  g_test_add ("/pb/gui/keyboard/search-down", StoreFixture, NULL,
              store_fixture_set_up, test_search_down, store_fixture_tear_down);
  g_test_add_func ("/pb/gui/keyboard/drop-down-opens-on-choice", test_drop_down_opens_on_choice);
  g_test_add ("/pb/gui/keyboard/combo-row-opens-on-choice", StoreFixture, NULL,
              store_fixture_set_up, test_combo_row_opens_on_choice, store_fixture_tear_down);

  return g_test_run ();
}
