/* test-gui-i18n.c: the main screens speak the interface language
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run once per language of po/LINGUAS, with LANGUAGE set to it (see
 * tests/meson.build). Every text a screen reader reads on the main screens
 * (accessible labels, labels, row titles, tooltips, window titles) is
 * gathered, and each one is looked up in the language's compiled catalogue
 * the build made: an English original that the catalogue translates
 * differently must not show up (it was left untranslated on screen), and
 * a good share of what is read must be translations.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "pb-catalog.h"
#include "pb-data.h"
#include "pb-i18n.h"
#include "pb-new-case-dialog.h"
#include "pb-preferences-window.h"
#include "pb-sign-dialog.h"
#include "pb-window.h"
#include "pb-wizard.h"
#include "test-actor.h"

typedef struct
{
  PbCatalog  *catalog;
  GHashTable *translations;  /* every translation of the catalogue */
  GPtrArray  *leaks;         /* English originals found on screen */
  guint       n_read;        /* texts read */
  guint       n_translated;  /* of which translations */
} Reading;

static char *dir;
static char *db;
static PbCaseStore *store;
static PbQuestionnaire *questionnaire;
static char *case_id;
static PbCatalog *catalog;
static GHashTable *translations;

static void
read_text (Reading    *reading,
           const char *text,
           const char *where)
{
  const char *translation;

  if (text == NULL || *text == '\0')
    return;

  reading->n_read++;
  if (g_hash_table_contains (reading->translations, text))
    reading->n_translated++;

  /* An original the catalogue translates into something else; a text that
   * is also a translation ("Version" in French) is not a leak. */
  translation = pb_catalog_lookup (reading->catalog, text, 0);
  if (translation != NULL && strcmp (translation, text) != 0 &&
      !g_hash_table_contains (reading->translations, text))
    g_ptr_array_add (reading->leaks, g_strdup_printf ("%s: “%s” (should read “%s”)", where, text, translation));
}

/* The accessible label, read through GTK's test backend: NULL when the
 * label equals the probe, else the label itself. */
static char *
accessible_label (GtkWidget *widget)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (widget);
  char *label;

  if (!gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL))
    return NULL;

  label = gtk_test_accessible_check_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL, "\001");

  return label;
}

static void
read_widget (Reading    *reading,
             GtkWidget  *widget,
             const char *where)
{
  g_autofree char *label = accessible_label (widget);

  read_text (reading, label, where);
  if (GTK_IS_LABEL (widget))
    read_text (reading, gtk_label_get_text (GTK_LABEL (widget)), where);
  if (ADW_IS_PREFERENCES_ROW (widget))
    read_text (reading, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), where);
  if (ADW_IS_ACTION_ROW (widget))
    read_text (reading, adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)), where);
  if (ADW_IS_PREFERENCES_GROUP (widget))
    {
      read_text (reading, adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget)), where);
      read_text (reading, adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (widget)), where);
    }
  if (ADW_IS_STATUS_PAGE (widget))
    {
      read_text (reading, adw_status_page_get_title (ADW_STATUS_PAGE (widget)), where);
      read_text (reading, adw_status_page_get_description (ADW_STATUS_PAGE (widget)), where);
    }
  if (ADW_IS_WINDOW_TITLE (widget))
    read_text (reading, adw_window_title_get_title (ADW_WINDOW_TITLE (widget)), where);
  if (GTK_IS_WINDOW (widget))
    read_text (reading, gtk_window_get_title (GTK_WINDOW (widget)), where);
  read_text (reading, gtk_widget_get_tooltip_text (widget), where);
}

static void
read_tree (Reading    *reading,
           GtkWidget  *root,
           const char *where)
{
  read_widget (reading, root, where);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_visible (child))
      read_tree (reading, child, where);
}

/* Reads everything under @root and fails on any English original that
 * should have been translated, or when few of the texts are translations. */
static void
assert_translated (GtkWidget  *root,
                   const char *where,
                   guint       min_translated)
{
  Reading reading = { catalog, translations, g_ptr_array_new_with_free_func (g_free), 0, 0 };

  read_tree (&reading, root, where);
  g_test_message ("%s: %u texts read, %u of them translations, %u left in English",
                  where, reading.n_read, reading.n_translated, reading.leaks->len);
  for (guint i = 0; i < reading.leaks->len; i++)
    g_test_message ("  untranslated: %s", (char *) g_ptr_array_index (reading.leaks, i));

  if (reading.leaks->len > 0)
    g_test_fail_printf ("%s: %u texts left in English, the first: %s", where, reading.leaks->len,
                        (char *) g_ptr_array_index (reading.leaks, 0));
  if (reading.n_translated < min_translated)
    g_test_fail_printf ("%s: only %u translated texts read, expected at least %u",
                        where, reading.n_translated, min_translated);

  g_ptr_array_unref (reading.leaks);
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
spin_main_loop (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
present (GtkWindow *window)
{
  gtk_window_present (window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
}

static void
test_main_window (void)
{
  g_autofree char *empty_db = g_build_filename (dir, "empty.db", NULL);
  PbWindow *window = pb_window_new (NULL, empty_db);

  present (GTK_WINDOW (window));
  assert_translated (GTK_WIDGET (window), "main window, empty database", 3);
  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (empty_db);

  window = pb_window_new (NULL, db);
  present (GTK_WINDOW (window));
  spin_main_loop (50);
  assert_translated (GTK_WIDGET (window), "main window, case list", 3);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_new_case_dialog (void)
{
  PbNewCaseDialog *dialog = pb_new_case_dialog_new (NULL, store);

  present (GTK_WINDOW (dialog));
  assert_translated (GTK_WIDGET (dialog), "new assessment dialog", 5);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_wizard (void)
{
  g_autoptr(GError) error = NULL;
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  guint n_sections = pb_questionnaire_get_n_sections (questionnaire);
  PbWizard *wizard;

  gtk_window_set_default_size (window, 1200, 800);
  wizard = pb_wizard_new (store, case_id, &error);
  g_assert_no_error (error);
  gtk_window_set_child (window, GTK_WIDGET (wizard));
  present (window);

  /* Every section page, with its questions, help and choices, then the
   * review page. */
  for (guint page = 0; page <= n_sections; page++)
    {
      g_autofree char *where = NULL;

      pb_wizard_set_page (wizard, page);
      spin_main_loop (20);
      where = page < n_sections
        ? g_strdup_printf ("wizard, section %s", pb_section_get_id (pb_questionnaire_get_section (questionnaire, page)))
        : g_strdup ("wizard, review page");
      assert_translated (GTK_WIDGET (window), where, 5);
    }

  gtk_window_destroy (window);
}

static void
test_sign_dialog (void)
{
  g_autoptr(GSettings) settings = g_settings_new (PB_APP_ID);
  PbSignDialog *dialog = pb_sign_dialog_new (NULL, store, case_id, PB_CASE_STATUS_APPROVED, settings);

  present (GTK_WINDOW (dialog));
  assert_translated (GTK_WIDGET (dialog), "sign dialog", 3);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_preferences (void)
{
  g_autoptr(GSettings) settings = g_settings_new (PB_APP_ID);
  PbPreferencesWindow *window = pb_preferences_window_new (settings);

  present (GTK_WINDOW (window));
  assert_translated (GTK_WIDGET (window), "preferences", 5);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A case whose wizard shows questions, choices and flags. */
static void
setup_case (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbCustomer) customer = NULL;
  g_autoptr(PbProduct) product = NULL;
  g_autoptr(PbAnswer) country = pb_answer_new_from_json ("\"CN\"", NULL);
  g_autoptr(PbAnswer) family = pb_answer_new_from_json ("\"biometric\"", NULL);
  const char *capabilities[] = { "recording", NULL };

  dir = g_dir_make_tmp ("probity-gui-i18n-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (dir, "cases.db", NULL);
  store = pb_case_store_new (db, &error);
  g_assert_no_error (error);
  pb_test_act_as (store, "Åsa Lindqvist");
  questionnaire = pb_data_load_questionnaire ("surveillance-export", &error);
  g_assert_no_error (error);

  customer = pb_case_store_add_customer (store, "Malmö Stadshus", NULL, "SE", "civil-authority", NULL, &error);
  g_assert_no_error (error);
  product = pb_case_store_add_product (store, "Lens 4K", "2.1", "camera", capabilities, &error);
  g_assert_no_error (error);
  case_id = pb_case_store_create_case (store, pb_customer_get_uid (customer), pb_product_get_uid (product),
                                       questionnaire, &error);
  g_assert_no_error (error);
  pb_case_store_set_answer (store, case_id, "S0.02", country, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  pb_case_store_set_answer (store, case_id, "S1.02", family, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

/* The interface language, as the user set it (LANGUAGE), and its catalogue
 * in the build tree. */
static void
load_catalog (const char *language)
{
  g_autofree char *path = g_build_filename (pb_i18n_get_localedir (), language, "LC_MESSAGES",
                                            GETTEXT_PACKAGE ".mo", NULL);
  g_autoptr(GError) error = NULL;

  catalog = pb_catalog_new_from_path (path, &error);
  g_assert_no_error (error);

  /* Every translation, to tell a translated text from an original. */
  translations = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < pb_catalog_get_n_messages (catalog); i++)
    {
      const char *original = NULL;
      const char *translation = NULL;

      pb_catalog_get_message (catalog, i, &original, &translation);
      if (*original != '\0' && *translation != '\0')
        g_hash_table_add (translations, (gpointer) translation);
    }
  g_assert_cmpuint (g_hash_table_size (translations), >, 1000);
}

int
main (int   argc,
      char *argv[])
{
  const char *language = g_getenv ("LANGUAGE");
  int status;

  g_test_init (&argc, &argv, NULL);
  pb_i18n_init ();

  if (language == NULL || *language == '\0')
    {
      g_test_skip ("set LANGUAGE to the language to check");
      return g_test_run ();
    }
  /* A language still in po/PENDING is not held to this yet. */
  if (!pb_i18n_is_language (language))
    {
      g_test_skip ("the catalogue is not complete yet (po/PENDING)");
      return g_test_run ();
    }
  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return g_test_run ();
    }
  adw_init ();

  load_catalog (language);
  setup_case ();

  g_test_add_func ("/pb/gui-i18n/main-window", test_main_window);
  g_test_add_func ("/pb/gui-i18n/new-case-dialog", test_new_case_dialog);
  g_test_add_func ("/pb/gui-i18n/wizard", test_wizard);
  g_test_add_func ("/pb/gui-i18n/sign-dialog", test_sign_dialog);
  g_test_add_func ("/pb/gui-i18n/preferences", test_preferences);

  status = g_test_run ();

  g_clear_object (&store);
  g_clear_object (&questionnaire);
  g_unlink (db);
  g_rmdir (dir);

  return status;
}
