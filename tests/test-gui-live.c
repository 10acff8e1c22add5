/* test-gui-live.c: the window on a team server follows what others do:
 * a case another person creates appears in the list, and an answer they
 * give appears in the case open, without anything done in the window; an
 * answer they changed since is never overwritten, and the wizard says so
 *
 * Runs on the throwaway cluster (tests/pg-cluster.sh run); skipped
 * without one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "gui-test-utils.h"
#include "pb-preferences-window.h"
#include "pb-question-view.h"
#include "pb-window.h"
#include "pb-wizard.h"
#include "store-fixture.h"

typedef struct
{
  StoreFixture  base;
  const char   *server;
  char         *database;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  store_fixture_set_up (&f->base, STORE_FIXTURE_NO_STORE);
  if ((f->server = store_server_cluster ()) != NULL)
    f->database = store_server_new_database (f->server);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->database != NULL)
    store_server_drop_database (f->server, f->database);
  g_clear_pointer (&f->database, g_free);
  store_fixture_tear_down (&f->base, data);
}

/* A PNG for people to look at (PB_TEST_SCREENSHOTS), once drawn. */
static void
shot (GtkWidget  *widget,
      const char *name)
{
  gtk_widget_queue_draw (widget);
  gtk_test_widget_wait_for_draw (widget);
  screenshot (widget, name);
}

static PbCaseStore *
open_as (Fixture    *f,
         const char *name)
{
  g_autofree char *location = store_server_location (f->server, f->database, name);
  g_autoptr(GError) error = NULL;
  PbCaseStore *store = pb_case_store_new (location, &error);

  g_assert_no_error (error);

  return store;
}

static GListModel *
case_model (PbWindow *window)
{
  GtkWidget *view = find_descendant (GTK_WIDGET (window), GTK_TYPE_COLUMN_VIEW, NULL);

  g_assert_nonnull (view);

  return G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)));
}

typedef struct
{
  PbWindow   *window;
  guint       n_cases;
  GtkWidget  *view;
  const char *text;
} Wait;

static gboolean
n_cases_shown (gpointer data)
{
  Wait *wait = data;

  return !pb_window_get_loading (wait->window) &&
         g_list_model_get_n_items (case_model (wait->window)) == wait->n_cases;
}

static gboolean
answer_shown (gpointer data)
{
  Wait *wait = data;
  g_autoptr(PbAnswer) answer = pb_question_view_dup_answer (PB_QUESTION_VIEW (wait->view));

  return answer != NULL && g_strcmp0 (pb_answer_get_string (answer), wait->text) == 0;
}

static void
answer (PbCaseStore *store,
        const char  *case_id,
        const char  *question_id,
        const char  *text)
{
  g_autoptr(PbAnswer) value = pb_answer_new_string (text);
  g_autoptr(GError) error = NULL;

  g_assert_true (pb_case_store_set_answer (store, case_id, question_id, value, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
toast_cb (PbWizard   *wizard,
          const char *message)
{
  g_test_message ("toast: %s", message);
}

static void
test_live (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(PbCaseStore) sue = NULL;
  g_autoptr(PbAnswer) his = pb_answer_new_string ("his note");
  g_autofree char *location = NULL;
  g_autofree char *case_id = NULL;
  PbWindow *window;
  GtkWidget *view, *wizard;
  const char *message;
  Wait wait = { 0 };

  if (f->server == NULL)
    {
      g_test_skip ("needs a PostgreSQL server (PROBITY_TEST_PG)");
      return;
    }

  /* sam's window, on the server, with no case yet. */
  location = store_server_location (f->server, f->database, "sam");
  window = pb_window_new (NULL, location);
  present (GTK_WINDOW (window));
  wait.window = window;
  g_assert_true (spin_until (n_cases_shown, &wait));

  /* sue creates a case: it appears. */
  sue = open_as (f, "sue");
  case_id = store_fixture_new_case (&f->base, sue, "Acme Security Ltd");
  wait.n_cases = 1;
  g_assert_true (spin_until (n_cases_shown, &wait));
  shot (GTK_WIDGET (window), "live-list.png");

  /* sam opens it; sue answers T01: it appears in his page. */
  g_signal_emit_by_name (find_descendant (GTK_WIDGET (window), GTK_TYPE_COLUMN_VIEW, NULL), "activate", 0);
  wizard = find_descendant (GTK_WIDGET (window), PB_TYPE_WIZARD, NULL);
  g_assert_nonnull (wizard);
  g_signal_connect (wizard, "toast", G_CALLBACK (toast_cb), NULL);
  g_assert_true (pb_wizard_show_question (PB_WIZARD (wizard), "T01"));
  view = GTK_WIDGET (pb_wizard_get_question_view (PB_WIZARD (wizard), "T01"));
  g_assert_nonnull (view);

  answer (sue, case_id, "T01", "her note");
  wait.view = view;
  wait.text = "her note";
  g_assert_true (spin_until (answer_shown, &wait));
  /* Still on the case: the list read again behind it. */
  g_test_message ("shown: %s", gtk_stack_get_visible_child_name (GTK_STACK (gtk_widget_get_parent (wizard))));
  g_assert_true (gtk_stack_get_visible_child (GTK_STACK (gtk_widget_get_parent (wizard))) == wizard);
  shot (GTK_WIDGET (window), "live-answer.png");

  /* She changes it again, and he gives his before his window heard of
   * it: refused, and said above the page with what he gave; the question
   * shows hers. */
  answer (sue, case_id, "T01", "her second note");
  pb_question_view_set_answer (PB_QUESTION_VIEW (view), his, NULL);
  g_signal_emit_by_name (view, "changed");
  message = pb_wizard_get_message (PB_WIZARD (wizard));
  g_assert_nonnull (message);
  g_test_message ("%s", message);
  g_assert_nonnull (strstr (message, "sue"));
  g_assert_nonnull (strstr (message, "her second note"));
  g_assert_nonnull (strstr (message, "his note"));
  wait.text = "her second note";
  g_assert_true (answer_shown (&wait));
  shot (GTK_WIDGET (window), "live-conflict.png");

  /* Now that he has seen hers, his goes on top. */
  pb_question_view_set_answer (PB_QUESTION_VIEW (view), his, NULL);
  g_signal_emit_by_name (view, "changed");
  {
    g_autoptr(PbAnswerSet) answers = NULL;
    g_autoptr(GError) error = NULL;

    spin_main_loop (200);
    answers = pb_case_store_get_answers (sue, case_id, 0, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (pb_answer_get_string (pb_answer_set_lookup (answers, "T01")), ==, "his note");
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
status_says (gpointer data)
{
  Wait *wait = data;
  const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (wait->view));

  return subtitle != NULL && strstr (subtitle, wait->text) != NULL;
}

/* Preferences: Test tries the connection typed in a worker and says who
 * the server says one is; a connection string with a password is
 * refused, since it would be stored. */
static void
test_preferences (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *location = NULL;
  g_autofree char *with_password = NULL;
  PbPreferencesWindow *prefs;
  GtkWidget *server_row, *password_row, *status_row;
  Wait wait = { 0 };

  if (f->server == NULL)
    {
      g_test_skip ("needs a PostgreSQL server (PROBITY_TEST_PG)");
      return;
    }

  location = store_server_location (f->server, f->database, "sam");
  settings = g_settings_new (PB_APP_ID);
  g_settings_set_string (settings, "team-server", location);
  prefs = pb_preferences_window_new (settings);
  gtk_window_set_default_size (GTK_WINDOW (prefs), 600, 1000);
  present (GTK_WINDOW (prefs));

  server_row = find_descendant (GTK_WIDGET (prefs), ADW_TYPE_ENTRY_ROW, "Connection");
  password_row = find_descendant (GTK_WIDGET (prefs), ADW_TYPE_PASSWORD_ENTRY_ROW, "Password for This Session");
  status_row = find_descendant (GTK_WIDGET (prefs), ADW_TYPE_ACTION_ROW, "Status");
  g_assert_nonnull (server_row);
  g_assert_nonnull (password_row);
  g_assert_nonnull (status_row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (server_row)), ==, location);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.test-server", NULL));
  wait.view = status_row;
  wait.text = "you are “sam”";
  g_assert_true (spin_until (status_says, &wait));
  g_test_message ("%s", adw_action_row_get_subtitle (ADW_ACTION_ROW (status_row)));
  {
    GtkWidget *scrolled = find_descendant (GTK_WIDGET (prefs), GTK_TYPE_SCROLLED_WINDOW, NULL);
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  }
  shot (GTK_WIDGET (prefs), "preferences-team-server.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  shot (GTK_WIDGET (prefs), "preferences-team-server-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  with_password = g_strdup_printf ("%s password=hunter2", location);
  gtk_editable_set_text (GTK_EDITABLE (server_row), with_password);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.connect-server", NULL));
  wait.text = "~/.pgpass";
  g_assert_true (status_says (&wait));
  g_assert_cmpstr (g_settings_get_string (settings, "team-server"), ==, location);

  gtk_window_destroy (GTK_WINDOW (prefs));
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

  g_test_add ("/pb/gui/live/list-and-case", Fixture, NULL, fixture_set_up, test_live, fixture_tear_down);
  g_test_add ("/pb/gui/live/preferences", Fixture, NULL, fixture_set_up, test_preferences, fixture_tear_down);

  return g_test_run ();
}
