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
#include "pb-i18n.h"
#include "pb-new-case-dialog.h"
#include "pb-preferences-window.h"
#include "pb-sign-dialog.h"
#include "pb-window.h"
#include "pb-wizard.h"
#include "test-actor.h"
#include "test-pki.h"
#include "gui-test-utils.h"
#include "store-fixture.h"

typedef struct
{
  PbCatalog  *catalog;
  GHashTable *translations;  /* every translation of the catalogue */
  GPtrArray  *leaks;         /* English originals found on screen */
  guint       n_read;        /* texts read */
  guint       n_translated;  /* of which translations */
} Reading;

/* One store for every test, with the shipped questionnaire. */
static StoreFixture fixture;
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

static void
test_main_window (void)
{
  g_autofree char *empty_db = store_fixture_build_path (&fixture, "empty.db");
  PbWindow *window = pb_window_new (NULL, empty_db);

  present (GTK_WINDOW (window));
  assert_translated (GTK_WIDGET (window), "main window, empty database", 3);
  close_window (window);

  window = pb_window_new (NULL, fixture.path);
  present (GTK_WINDOW (window));
  spin_main_loop (50);
  assert_translated (GTK_WIDGET (window), "main window, case list", 3);
  close_window (window);
}

static void
test_new_case_dialog (void)
{
  PbNewCaseDialog *dialog = pb_new_case_dialog_new (NULL, fixture.store);

  present (GTK_WINDOW (dialog));
  assert_translated (GTK_WIDGET (dialog), "new assessment dialog", 5);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_wizard (void)
{
  g_autoptr(GError) error = NULL;
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  guint n_sections = pb_questionnaire_get_n_sections (fixture.questionnaire);
  PbWizard *wizard;

  gtk_window_set_default_size (window, 1200, 800);
  wizard = pb_wizard_new (fixture.store, case_id, &error);
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
        ? g_strdup_printf ("wizard, section %s", pb_section_get_id (pb_questionnaire_get_section (fixture.questionnaire, page)))
        : g_strdup ("wizard, review page");
      assert_translated (GTK_WIDGET (window), where, 5);
    }

  gtk_window_destroy (window);
}

/* The combo row titled @title under @root (the dialog has several). */
static GtkWidget *
find_combo_row (GtkWidget  *root,
                const char *title)
{
  if (ADW_IS_COMBO_ROW (root) && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_combo_row (child, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The sign dialog's Language row, by its title as the user reads it. */
static AdwComboRow *
language_row (PbSignDialog *dialog)
{
  GtkWidget *row = find_combo_row (GTK_WIDGET (dialog), g_dgettext (GETTEXT_PACKAGE, "Language"));

  g_assert_nonnull (row);
  return ADW_COMBO_ROW (row);
}

/* The language row's choice, as a screen reader reads it. */
static const char *
language_row_choice (PbSignDialog *dialog)
{
  return gtk_string_object_get_string (adw_combo_row_get_selected_item (language_row (dialog)));
}

static void
test_sign_dialog (void)
{
  g_autoptr(GSettings) settings = g_settings_new (PB_APP_ID);
  PbSignDialog *dialog = pb_sign_dialog_new (NULL, fixture.store, case_id, PB_CASE_STATUS_APPROVED, settings);
  const char *language = g_getenv ("LANGUAGE");

  present (GTK_WINDOW (dialog));
  assert_translated (GTK_WIDGET (dialog), "sign dialog", 3);

  /* The report's language starts as the interface's, under its own name. */
  g_assert_cmpstr (pb_sign_dialog_get_language (dialog), ==, language);
  g_assert_cmpstr (language_row_choice (dialog), ==, pb_i18n_get_language_name (language));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* @msgid as @language's catalogue in the build tree translates it. */
static char *
translate (const char *language,
           const char *msgid)
{
  g_autofree char *path = g_build_filename (pb_i18n_get_localedir (), language, "LC_MESSAGES",
                                            GETTEXT_PACKAGE ".mo", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PbCatalog) other = pb_catalog_new_from_path (path, &error);
  const char *translation;

  g_assert_no_error (error);
  translation = pb_catalog_lookup (other, msgid, 0);
  g_assert_nonnull (translation);

  return g_strdup (translation);
}

static void
signed_cb (PbSignDialog *dialog,
           GFile        *report,
           gboolean     *done)
{
  *done = TRUE;
}

/* A case a legal reviewer approved, ready to sign. */
static char *
make_approved_case (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "answers", "benign-carpark-anpr.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PbAnswerSet) answers = pb_answer_set_new_from_file (file, &error);
  g_autoptr(PbCustomer) customer = NULL;
  g_autoptr(PbProduct) product = NULL;
  char *id;

  g_assert_no_error (error);
  g_assert_true (pb_answer_set_validate (answers, fixture.questionnaire, &error));
  g_assert_no_error (error);
  customer = pb_case_store_add_customer (fixture.store, "Rotterdam Parking Services", NULL, "NL", "private-commercial", NULL, &error);
  g_assert_no_error (error);
  product = pb_case_store_add_product (fixture.store, "PlateReader", "5.0", "camera", NULL, &error);
  g_assert_no_error (error);
  id = pb_case_store_create_case (fixture.store, pb_customer_get_uid (customer), pb_product_get_uid (product),
                                  fixture.questionnaire, &error);
  g_assert_no_error (error);
  pb_case_store_set_answers (fixture.store, id, answers, NULL, &error);
  g_assert_no_error (error);
  pb_case_store_submit (fixture.store, id, &error);
  g_assert_no_error (error);
  /* Someone else decides than who submitted. */
  pb_test_act_as (fixture.store, "Rev Iewer");
  pb_case_store_decide (fixture.store, id, PB_CASE_STATUS_APPROVED, "Plates only", NULL, NULL, &error);
  g_assert_no_error (error);

  return id;
}

static char *
pdf_to_text (const char *path)
{
  const char *argv[] = { "pdftotext", "-q", "-enc", "UTF-8", path, "-", NULL };
  g_autoptr(GError) error = NULL;
  char *text = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &text, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  return text;
}

/* The report is written in the language chosen in the dialog, not the
 * interface's: another complete language than the interface's is chosen
 * from the row, and the signed PDF reads in it. */
static void
test_sign_in_chosen_language (void)
{
  g_autoptr(GSettings) settings = g_settings_new (PB_APP_ID);
  g_autoptr(GError) error = NULL;
  g_autofree char *signed_case = NULL;
  g_autofree char *p12 = NULL;
  g_autofree char *pdf = g_build_filename (fixture.dir, "signed.pdf", NULL);
  g_autoptr(GFile) output = g_file_new_for_path (pdf);
  g_autofree char *text = NULL;
  g_autofree char *approved = NULL;
  g_autofree char *integrity = NULL;
  g_autofree char *named = NULL;
  g_autofree char *interface_named = NULL;
  g_autofree char *ca = g_build_filename (fixture.dir, "ca.pem", NULL);
  g_autoptr(GListModel) sign_offs = NULL;
  g_autoptr(PbSignOff) sign_off = NULL;
  const char *interface = g_getenv ("LANGUAGE");
  const char * const *languages = pb_i18n_get_languages ();
  const char *chosen = NULL;
  guint index = 0;
  gboolean done = FALSE;
  gint64 deadline;
  PbSignDialog *dialog;

  for (guint i = 0; languages[i] != NULL && chosen == NULL; i++)
    if (strcmp (languages[i], "en") != 0 && strcmp (languages[i], interface) != 0)
      chosen = languages[index = i];
  if (chosen == NULL)
    {
      g_test_skip ("only one complete language besides English");
      return;
    }

  pb_test_act_as (fixture.store, "Åsa Lindqvist");
  signed_case = make_approved_case ();
  p12 = pb_test_make_p12 (fixture.dir, "Rev Iewer");
  g_settings_set_string (settings, "signing-certificate", p12);

  dialog = g_object_ref (pb_sign_dialog_new (NULL, fixture.store, signed_case, PB_CASE_STATUS_APPROVED, settings));
  pb_sign_dialog_set_open_report (dialog, FALSE);
  pb_sign_dialog_set_output (dialog, output);
  g_signal_connect (dialog, "signed", G_CALLBACK (signed_cb), &done);
  present (GTK_WINDOW (dialog));

  /* Chosen the way the user does, in the row. */
  adw_combo_row_set_selected (language_row (dialog), index);
  g_assert_cmpstr (pb_sign_dialog_get_language (dialog), ==, chosen);
  g_assert_cmpstr (language_row_choice (dialog), ==, pb_i18n_get_language_name (chosen));

  pb_sign_dialog_set_passphrase (dialog, "secret");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "sign.sign", NULL);
  deadline = g_get_monotonic_time () + 90 * G_USEC_PER_SEC;
  while (!done && pb_sign_dialog_get_error (dialog) == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (pb_sign_dialog_get_error (dialog));
  g_assert_true (done);
  g_object_unref (dialog);

  /* The store records the chosen language with the sign-off. */
  sign_offs = pb_case_store_list_sign_offs (fixture.store, signed_case, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (sign_offs), ==, 1);
  sign_off = g_list_model_get_item (sign_offs, 0);
  g_assert_cmpstr (pb_sign_off_get_language (sign_off), ==, chosen);

  /* The integrity block names the chosen language, the headings and the
   * decision read in it, and nothing names the interface's. */
  text = pdf_to_text (pdf);
  named = g_strdup_printf ("%s (%s)", pb_i18n_get_language_name (chosen), chosen);
  interface_named = g_strdup_printf ("%s (%s)", pb_i18n_get_language_name (interface), interface);
  integrity = translate (chosen, "Integrity");
  approved = translate (chosen, "Approved");
  g_assert_nonnull (strstr (text, named));
  g_assert_null (strstr (text, interface_named));
  g_assert_nonnull (strstr (text, integrity));
  g_assert_nonnull (strstr (text, approved));

  g_settings_reset (settings, "signing-certificate");
  g_unlink (pdf);
  g_unlink (p12);
  g_unlink (ca);
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

  store_fixture_set_up (&fixture, STORE_FIXTURE_SHIPPED);
  pb_test_act_as (fixture.store, "Åsa Lindqvist");

  customer = pb_case_store_add_customer (fixture.store, "Malmö Stadshus", NULL, "SE", "civil-authority", NULL, &error);
  g_assert_no_error (error);
  product = pb_case_store_add_product (fixture.store, "Lens 4K", "2.1", "camera", capabilities, &error);
  g_assert_no_error (error);
  case_id = pb_case_store_create_case (fixture.store, pb_customer_get_uid (customer), pb_product_get_uid (product),
                                       fixture.questionnaire, &error);
  g_assert_no_error (error);
  pb_case_store_set_answer (fixture.store, case_id, "S0.02", country, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  pb_case_store_set_answer (fixture.store, case_id, "S1.02", family, NULL, NULL, NULL, &error);
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
  g_test_add_func ("/pb/gui-i18n/sign-in-chosen-language", test_sign_in_chosen_language);
  g_test_add_func ("/pb/gui-i18n/preferences", test_preferences);

  status = g_test_run ();
  store_fixture_tear_down (&fixture, STORE_FIXTURE_SHIPPED);
  g_free (case_id);

  return status;
}
