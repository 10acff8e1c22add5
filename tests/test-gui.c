/* test-gui.c: the application shell, in process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "pb-preferences-window.h"
#include "pb-window.h"

static GtkWidget *
find_descendant (GtkWidget *root,
                 GType      type,
                 const char *accessible_label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;

      if ((found = find_descendant (child, type, accessible_label)))
        return found;
    }

  return NULL;
}

static void
test_window_empty_database (void)
{
  g_autofree char *dir = g_dir_make_tmp ("probity-gui-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "cases.db", NULL);
  PbWindow *window = pb_window_new (NULL, db);
  GtkWidget *status;

  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  g_assert_cmpstr (pb_window_get_database_path (window), ==, db);
  status = find_descendant (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE, NULL);
  g_assert_nonnull (status);
  g_assert_true (gtk_widget_is_visible (status));
  g_assert_true (gtk_widget_get_mapped (status));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==, "No Assessments Yet");

  gtk_window_destroy (GTK_WINDOW (window));
  g_rmdir (dir);
}

static void
test_preferences_bind_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (PB_APP_ID);
  PbPreferencesWindow *prefs = pb_preferences_window_new (settings);
  AdwComboRow *role = NULL;
  GtkWidget *entry;
  g_autofree char *name = NULL;
  g_autofree char *role_nick = NULL;

  gtk_window_present (GTK_WINDOW (prefs));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (prefs));

  /* The first entry row is the assessor's name. */
  entry = find_descendant (GTK_WIDGET (prefs), ADW_TYPE_ENTRY_ROW, NULL);
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "Åsa Lindqvist");
  name = g_settings_get_string (settings, "assessor-name");
  g_assert_cmpstr (name, ==, "Åsa Lindqvist");

  role = ADW_COMBO_ROW (find_descendant (GTK_WIDGET (prefs), ADW_TYPE_COMBO_ROW, NULL));
  g_assert_nonnull (role);
  adw_combo_row_set_selected (role, 1);
  role_nick = g_settings_get_string (settings, "assessor-role");
  g_assert_cmpstr (role_nick, ==, "reviewer");

  g_settings_set_string (settings, "assessor-role", "auditor");
  g_assert_cmpuint (adw_combo_row_get_selected (role), ==, 2);

  gtk_window_destroy (GTK_WINDOW (prefs));
  g_settings_reset (settings, "assessor-name");
  g_settings_reset (settings, "assessor-role");
}

static void
test_resources_load (void)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/probity/Probity/gtk/help-overlay.ui");
  GObject *overlay = gtk_builder_get_object (builder, "help_overlay");

  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  g_assert_true (g_resources_get_info ("/io/github/probity/Probity/icons/scalable/apps/io.github.probity.Probity.svg",
                                       0, NULL, NULL, NULL));
  gtk_window_destroy (GTK_WINDOW (overlay));
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

  g_test_add_func ("/pb/gui/window/empty-database", test_window_empty_database);
  g_test_add_func ("/pb/gui/preferences/bind-settings", test_preferences_bind_settings);
  g_test_add_func ("/pb/gui/resources/load", test_resources_load);

  return g_test_run ();
}
