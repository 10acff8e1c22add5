/* test-gui.c: the application shell, in process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

#include "pb-application.h"
#include "pb-case-row.h"
#include "pb-countries.h"
#include "pb-country-chooser.h"
#include "pb-data.h"
#include "pb-gui-utils.h"
#include "pb-history-window.h"
#include "pb-new-case-dialog.h"
#include "pb-preferences-window.h"
#include "pb-question-view.h"
#include "pb-reason-dialog.h"
#include "pb-decision-dialog.h"
#include "pb-risk-panel.h"
#include "pb-sign-dialog.h"
#include "pb-storage-private.h"
#include "pb-unsaved-answers.h"
#include "pb-text-field.h"
#include "pb-case-slots.h"
#include "pb-window.h"
#include "pb-wizard.h"
#include "pb-workflow.h"
#include "test-actor.h"
#include "test-pki.h"
#include "gui-test-utils.h"
#include "store-fixture.h"

/* One question of every type, a visibility condition, a required question
 * and a rule, over two sections. */
static const char fixture_xml[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<questionnaire id=\"gui-fixture\" version=\"1.0\" gettext-domain=\"probity\">\n"
  "  <title>GUI fixture</title>\n"
  "  <family>camera</family>\n"
  "  <section id=\"S1\">\n"
  "    <title>Basics</title>\n"
  "    <question id=\"Q.yn\" type=\"yes-no\" required=\"true\">\n"
  "      <label>Is it a yes?</label>\n"
  "      <help>Say yes or no.</help>\n"
  "      <ref>UNGP 17</ref>\n"
  "    </question>\n"
  "    <question id=\"Q.shown\" type=\"text\" visible-if=\"Q.yn == &quot;yes&quot;\">\n"
  "      <label>Why yes?</label>\n"
  "      <help>Only asked after a yes.</help>\n"
  "      <ref>UNGP 18</ref>\n"
  "    </question>\n"
  "    <question id=\"Q.ynu\" type=\"yes-no-unknown\">\n"
  "      <label>Maybe?</label>\n"
  "      <help>Unknown is fine.</help>\n"
  "      <ref>UNGP 19</ref>\n"
  "    </question>\n"
  "    <question id=\"Q.single\" type=\"single\" unknown=\"true\">\n"
  "      <label>Pick one</label>\n"
  "      <help>One of two.</help>\n"
  "      <ref>UNGP 20</ref>\n"
  "      <choice code=\"a\">Alpha</choice>\n"
  "      <choice code=\"b\">Bravo</choice>\n"
  "    </question>\n"
  "    <question id=\"Q.multi\" type=\"multiple\">\n"
  "      <label>Pick some</label>\n"
  "      <help>Any of three.</help>\n"
  "      <ref>UNGP 21</ref>\n"
  "      <choice code=\"x\">X-ray</choice>\n"
  "      <choice code=\"y\">Yankee</choice>\n"
  "      <choice code=\"z\">Zulu</choice>\n"
  "    </question>\n"
  "  </section>\n"
  "  <section id=\"S2\">\n"
  "    <title>Details</title>\n"
  "    <question id=\"Q.long\" type=\"long-text\">\n"
  "      <label>Describe it</label>\n"
  "      <help>Several lines.</help>\n"
  "      <ref>UNGP 22</ref>\n"
  "    </question>\n"
  "    <question id=\"Q.num\" type=\"number\" min=\"0\" max=\"1000\">\n"
  "      <label>How many?</label>\n"
  "      <help>A count.</help>\n"
  "      <ref>UNGP 23</ref>\n"
  "    </question>\n"
  "    <question id=\"Q.date\" type=\"date\">\n"
  "      <label>When?</label>\n"
  "      <help>A day.</help>\n"
  "      <ref>UNGP 24</ref>\n"
  "    </question>\n"
  "    <question id=\"Q.country\" type=\"country\">\n"
  "      <label>Where?</label>\n"
  "      <help>A country.</help>\n"
  "      <ref>UNGP 25</ref>\n"
  "    </question>\n"
  "  </section>\n"
  "  <rule id=\"R-YES\" severity=\"high\">\n"
  "    <when>Q.yn == \"yes\"</when>\n"
  "    <title>A yes was given</title>\n"
  "    <rationale>Yes answers are risky in this fixture.</rationale>\n"
  "    <mitigation>Answer no.</mitigation>\n"
  "    <ref>UNGP 17</ref>\n"
  "  </rule>\n"
  "</questionnaire>\n"
;

typedef struct
{
  StoreFixture     base;           /* the private folder and the database in it */
  PbCaseStore     *store;          /* base's, taken: a test may close it */
  PbQuestionnaire *questionnaire;  /* fixture_xml */
  char            *case_id;
  GtkWindow       *window;
  PbWizard        *wizard;
} Fixture;

/* Where the stand-in text viewer leaves its mark (main ()). */
static char *viewer_marker;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static (fixture_xml, sizeof fixture_xml - 1);
  g_autoptr(PbCustomer) customer = NULL;
  g_autoptr(PbProduct) product = NULL;
  const char *capabilities[] = { "recording", NULL };

  store_fixture_set_up (&f->base, NULL);
  f->store = g_steal_pointer (&f->base.store);
  f->questionnaire = pb_questionnaire_new_from_bytes (bytes, "gui-fixture.xml", &error);
  g_assert_no_error (error);

  customer = pb_case_store_add_customer (f->store, "Malmö Stadshus", NULL, "SE", "civil-authority", NULL, &error);
  g_assert_no_error (error);
  product = pb_case_store_add_product (f->store, "Lens 4K", "2.1", "camera", capabilities, &error);
  g_assert_no_error (error);
  pb_test_act_as (f->store, "tester");
  f->case_id = pb_case_store_create_case (f->store, pb_customer_get_uid (customer), pb_product_get_uid (product),
                                          f->questionnaire, &error);
  g_assert_no_error (error);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1200, 800);
}

static void
fixture_open_wizard (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->wizard = pb_wizard_new (f->store, f->case_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->wizard);
  gtk_window_set_child (f->window, GTK_WIDGET (f->wizard));
  gtk_window_present (f->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  g_clear_object (&f->store);
  g_clear_object (&f->questionnaire);
  g_free (f->case_id);
  store_fixture_tear_down (&f->base, NULL);
}

static PbQuestionView *
view_of (Fixture    *f,
         const char *question_id)
{
  GtkWidget *view = pb_wizard_get_question_view (f->wizard, question_id);

  g_assert_true (PB_IS_QUESTION_VIEW (view));
  return PB_QUESTION_VIEW (view);
}

static void
click (PbQuestionView *view,
       GType           type,
       const char     *label)
{
  GtkWidget *button = find_descendant (GTK_WIDGET (view), type, label);

  g_assert_nonnull (button);
  if (GTK_IS_CHECK_BUTTON (button))
    gtk_check_button_set_active (GTK_CHECK_BUTTON (button), !gtk_check_button_get_active (GTK_CHECK_BUTTON (button)));
  else
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
}

/* What a second connection to the same file sees. */
static char *
stored_answer (Fixture    *f,
               const char *question_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbCaseStore) store = pb_case_store_open (f->base.path, PB_CASE_STORE_FLAGS_READ_ONLY, &error);
  g_autoptr(PbAnswerSet) answers = NULL;
  PbAnswer *answer;

  g_assert_no_error (error);
  answers = pb_case_store_get_answers (store, f->case_id, 0, &error);
  g_assert_no_error (error);
  answer = pb_answer_set_lookup (answers, question_id);

  return answer ? pb_answer_to_json (answer) : NULL;
}

/* The first widget below @root whose tooltip is @tooltip. */
static GtkWidget *
find_by_tooltip (GtkWidget  *root,
                 const char *tooltip)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_widget_get_tooltip_text (child), tooltip) == 0)
        return child;
      if ((found = find_by_tooltip (child, tooltip)))
        return found;
    }

  return NULL;
}

/* Until @window has read its case list, which it does in a thread. */
static void
wait_for_cases (PbWindow *window)
{
  while (pb_window_get_loading (window))
    g_main_context_iteration (NULL, TRUE);
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
  wait_for_cases (window);

  g_assert_cmpstr (pb_window_get_database_path (window), ==, db);
  status = find_descendant (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE, NULL);
  g_assert_nonnull (status);
  g_assert_true (gtk_widget_is_visible (status));
  g_assert_true (gtk_widget_get_mapped (status));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==, "No Assessments Yet");

  close_window (window);
  store_remove_tree (dir);
}

/* Reference data past its review date: the window says so, and keeps
 * saying so until dismissed; current data says nothing. */
static void
test_window_reference_overdue (void)
{
  g_autofree char *dir = g_dir_make_tmp ("probity-gui-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "cases.db", NULL);
  g_autofree char *overdue = g_build_filename (dir, "countries.json", NULL);
  g_autofree char *saved = g_strdup (g_getenv ("PROBITY_COUNTRIES"));
  g_autofree char *json = NULL;
  g_autoptr(GRegex) reviewed = g_regex_new ("\"reviewed\": \"[0-9-]+\"", 0, 0, NULL);
  g_autoptr(GRegex) due = g_regex_new ("\"review_due\": \"[0-9-]+\"", 0, 0, NULL);
  g_autofree char *step = NULL;
  g_autofree char *changed = NULL;
  PbWindow *window;

  g_assert_nonnull (saved);
  g_assert_true (g_file_get_contents (saved, &json, NULL, NULL));
  step = g_regex_replace_literal (reviewed, json, -1, 0, "\"reviewed\": \"2019-07-01\"", 0, NULL);
  changed = g_regex_replace_literal (due, step, -1, 0, "\"review_due\": \"2020-01-01\"", 0, NULL);
  g_assert_cmpstr (changed, !=, json);
  g_assert_true (g_file_set_contents (overdue, changed, -1, NULL));

  for (guint i = 0; i < 2; i++)
    {
      gboolean is_overdue = i == 0;

      g_setenv ("PROBITY_COUNTRIES", is_overdue ? overdue : saved, TRUE);
      pb_countries_reset_default ();
      window = pb_window_new (NULL, db);
      gtk_window_present (GTK_WINDOW (window));
      gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
      wait_for_cases (window);
      spin_main_loop (200);

      if (is_overdue)
        {
          GtkWidget *label;
          GtkWidget *dialog;

          g_assert_nonnull (label = find_label (GTK_WIDGET (window), "Country reference data is past its review date"));
          g_assert_true (gtk_widget_get_mapped (label));
          /* Still there long after an ordinary toast would have gone. */
          spin_main_loop (6000);
          g_assert_true (gtk_widget_get_mapped (label));

          /* Details name the version, the date and the file. */
          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reference-warning", NULL));
          spin_main_loop (100);
          dialog = find_message_dialog ("Country reference data is past its review date");
          g_assert_nonnull (dialog);
          g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                                    "was due for review on 2020-01-01"));
          g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), overdue));
          gtk_window_destroy (GTK_WINDOW (dialog));
        }
      else
        g_assert_null (find_label_containing (GTK_WIDGET (window), "review date"));

      close_window (window);
    }

  g_setenv ("PROBITY_COUNTRIES", saved, TRUE);
  pb_countries_reset_default ();
  store_remove_tree (dir);
}

static GtkWidget *
find_file_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER_DIALOG (window) && gtk_widget_get_visible (window))
        return window;
    }

  return NULL;
}

/* A database that cannot be opened offers another one, through the file
 * chooser, and the bad file keeps every byte. */
static void
test_window_bad_database (void)
{
  const struct {
    gboolean existing;
  } cases[] = {
    { TRUE },
    { FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GSettings) settings = g_settings_new (PB_APP_ID);
      g_autofree char *dir = g_dir_make_tmp ("probity-gui-XXXXXX", NULL);
      g_autofree char *bad = g_build_filename (dir, "garbage.db", NULL);
      g_autofree char *good = g_build_filename (dir, "cases.db", NULL);
      g_autofree char *setting = NULL;
      g_autofree char *after = NULL;
      g_autoptr(GFile) good_file = g_file_new_for_path (good);
      g_autoptr(GError) error = NULL;
      guint8 garbage[4096];
      gsize length;
      GtkWidget *status;
      PbWindow *window;

      for (guint j = 0; j < sizeof garbage; j++)
        garbage[j] = (guint8) g_test_rand_int_range (0, 256);
      g_file_set_contents (bad, (const char *) garbage, sizeof garbage, &error);
      g_assert_no_error (error);
      if (cases[i].existing)
        {
          g_autoptr(PbCaseStore) store = pb_case_store_open (good, PB_CASE_STORE_FLAGS_NONE, &error);
          g_assert_no_error (error);
        }

      window = pb_window_new (NULL, bad);
      gtk_window_present (GTK_WINDOW (window));
      gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
      /* The file is opened off the main loop: its refusal comes after. */
      wait_for_cases (window);

      status = find_status_page (GTK_WIDGET (window), "Cannot Open the Database");
      g_assert_nonnull (status);
      g_assert_true (gtk_widget_get_mapped (status));
      g_assert_true (gtk_widget_is_sensitive (find_descendant (status, GTK_TYPE_BUTTON, "_Open Another Database…")));
      g_assert_true (gtk_widget_is_sensitive (find_descendant (status, GTK_TYPE_BUTTON, "_Create New Database…")));
      /* Nothing to search in. */
      g_assert_false (gtk_widget_is_sensitive (find_descendant (GTK_WIDGET (window), GTK_TYPE_TOGGLE_BUTTON, NULL)));

      pb_window_switch_database (window, good_file);
      wait_for_cases (window);
      g_assert_cmpstr (pb_window_get_database_path (window), ==, good);
      g_assert_true (g_file_test (good, G_FILE_TEST_IS_REGULAR));
      g_assert_false (gtk_widget_get_mapped (status));
      status = find_status_page (GTK_WIDGET (window), "No Assessments Yet");
      g_assert_true (gtk_widget_get_mapped (status));
      g_assert_true (gtk_widget_is_sensitive (find_descendant (status, GTK_TYPE_BUTTON, "_New Assessment")));
      g_assert_true (gtk_widget_is_sensitive (find_descendant (GTK_WIDGET (window), GTK_TYPE_TOGGLE_BUTTON, NULL)));
      setting = g_settings_get_string (settings, "database-location");
      g_assert_cmpstr (setting, ==, good);

      g_file_get_contents (bad, &after, &length, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (after, length, garbage, sizeof garbage);

      close_window (window);
      g_settings_reset (settings, "database-location");
      store_remove_tree (dir);
    }
}

/* The two buttons open the chooser that pb_window_switch_database() answers. */
static void
test_window_database_chooser (void)
{
  const struct {
    const char           *action;
    GtkFileChooserAction  chooser_action;
  } cases[] = {
    { "win.choose-database", GTK_FILE_CHOOSER_ACTION_OPEN },
    { "win.create-database", GTK_FILE_CHOOSER_ACTION_SAVE },
  };
  g_autofree char *dir = NULL;
  g_autofree char *bad = NULL;
  g_autoptr(GError) error = NULL;
  PbWindow *window;

#ifdef __SANITIZE_ADDRESS__
  /* The chooser's sidebar loads libcloudproviders, which leaks from
   * callbacks whose frames LeakSanitizer cannot unwind to suppress. */
  g_test_skip ("GTK's file chooser leaks under LeakSanitizer");
  return;
#endif

  dir = g_dir_make_tmp ("probity-gui-XXXXXX", NULL);
  bad = g_build_filename (dir, "garbage.db", NULL);
  g_file_set_contents (bad, "not a database", -1, &error);
  g_assert_no_error (error);
  window = pb_window_new (NULL, bad);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GtkWidget *chooser;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), cases[i].action, NULL));
      chooser = find_file_chooser ();
      g_assert_nonnull (chooser);
      g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (chooser)) == GTK_WINDOW (window));
      g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)), ==, cases[i].chooser_action);
      gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
      g_assert_null (find_file_chooser ());
      g_assert_cmpstr (pb_window_get_database_path (window), ==, bad);
    }

  close_window (window);
  store_remove_tree (dir);
}

/* The application draws with cairo and leaves OpenGL unloaded (60 MB less
 * resident with Mesa, bench/bench-gui), unless the user chose otherwise. */
static void
test_application_renderer (void)
{
  static const struct {
    const char *renderer;
    const char *debug;
    const char *want_renderer;
    const char *want_debug;
  } cases[] = {
    { NULL,    NULL,        "cairo", "gl-disable" },
    { "cairo", NULL,        "cairo", "gl-disable" },
    { "gl",    NULL,        "gl",    NULL },
    { NULL,    "misc",      "cairo", "misc" },
  };
  g_autofree char *saved_renderer = g_strdup (g_getenv ("GSK_RENDERER"));
  g_autofree char *saved_debug = g_strdup (g_getenv ("GDK_DEBUG"));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      if (cases[i].renderer)
        g_setenv ("GSK_RENDERER", cases[i].renderer, TRUE);
      else
        g_unsetenv ("GSK_RENDERER");
      if (cases[i].debug)
        g_setenv ("GDK_DEBUG", cases[i].debug, TRUE);
      else
        g_unsetenv ("GDK_DEBUG");

      pb_application_choose_renderer ();
      g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, cases[i].want_renderer);
      g_assert_cmpstr (g_getenv ("GDK_DEBUG"), ==, cases[i].want_debug);
    }

  if (saved_renderer)
    g_setenv ("GSK_RENDERER", saved_renderer, TRUE);
  else
    g_unsetenv ("GSK_RENDERER");
  if (saved_debug)
    g_setenv ("GDK_DEBUG", saved_debug, TRUE);
  else
    g_unsetenv ("GDK_DEBUG");
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

/* A stray key must not replace the name: nothing is selected on opening. */
static void
test_preferences_no_selection (void)
{
  g_autoptr(GSettings) settings = g_settings_new (PB_APP_ID);
  PbPreferencesWindow *prefs;
  GtkWidget *entry;
  GtkWidget *focus;
  int start, end;

  g_settings_set_string (settings, "assessor-name", "Åsa Lindqvist");
  prefs = pb_preferences_window_new (settings);
  gtk_window_present (GTK_WINDOW (prefs));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (prefs));

  entry = find_descendant (GTK_WIDGET (prefs), ADW_TYPE_ENTRY_ROW, NULL);
  focus = gtk_root_get_focus (GTK_ROOT (prefs));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, entry));
  g_assert_false (gtk_editable_get_selection_bounds (GTK_EDITABLE (entry), &start, &end));
  g_assert_cmpint (gtk_editable_get_position (GTK_EDITABLE (entry)), ==,
                   g_utf8_strlen ("Åsa Lindqvist", -1));

  gtk_window_destroy (GTK_WINDOW (prefs));
  g_settings_reset (settings, "assessor-name");
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

static void
test_wizard_every_type (Fixture       *f,
                        gconstpointer  data)
{
  PbQuestionView *view;
  GtkWidget *widget;
  GtkTextBuffer *buffer;
  static const struct {
    const char *id;
    const char *json;
  } expected[] = {
    { "Q.yn", "\"yes\"" },
    { "Q.shown", "\"Because it is\"" },
    { "Q.ynu", "\"unknown\"" },
    { "Q.single", "\"b\"" },
    { "Q.multi", "[\"x\",\"z\"]" },
    { "Q.long", "\"Line one\\nLine two\"" },
    { "Q.num", "42" },
    { "Q.date", "\"2026-11-26\"" },
    { "Q.country", "\"SE\"" },
  };

  fixture_open_wizard (f);

  click (view_of (f, "Q.yn"), GTK_TYPE_TOGGLE_BUTTON, "Yes");
  view = view_of (f, "Q.shown");
  gtk_editable_set_text (GTK_EDITABLE (find_descendant (GTK_WIDGET (view), GTK_TYPE_ENTRY, NULL)), "Because it is");
  pb_question_view_flush (view);
  click (view_of (f, "Q.ynu"), GTK_TYPE_TOGGLE_BUTTON, "Not known");
  click (view_of (f, "Q.single"), GTK_TYPE_CHECK_BUTTON, "Bravo");
  click (view_of (f, "Q.multi"), GTK_TYPE_CHECK_BUTTON, "X-ray");
  click (view_of (f, "Q.multi"), GTK_TYPE_CHECK_BUTTON, "Zulu");

  view = view_of (f, "Q.long");
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (find_descendant (GTK_WIDGET (view), GTK_TYPE_TEXT_VIEW, NULL)));
  gtk_text_buffer_set_text (buffer, "Line one\nLine two", -1);
  pb_question_view_flush (view);

  view = view_of (f, "Q.num");
  widget = find_descendant (GTK_WIDGET (view), GTK_TYPE_SPIN_BUTTON, NULL);
  /* The questionnaire's bounds (min="0" max="1000"). */
  g_assert_cmpfloat (gtk_adjustment_get_upper (gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (widget))), ==, 1000);
  g_assert_cmpfloat (gtk_adjustment_get_lower (gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (widget))), ==, 0);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (widget), 42);
  pb_question_view_flush (view);

  view = view_of (f, "Q.date");
  widget = find_descendant (GTK_WIDGET (view), GTK_TYPE_ENTRY, NULL);
  gtk_editable_set_text (GTK_EDITABLE (widget), "2026-13-40");
  pb_question_view_flush (view);
  g_assert_null (stored_answer (f, "Q.date"));
  g_assert_true (gtk_widget_has_css_class (widget, "error"));
  gtk_editable_set_text (GTK_EDITABLE (widget), "2026-11-26");
  pb_question_view_flush (view);

  view = view_of (f, "Q.country");
  pb_country_chooser_set_code (PB_COUNTRY_CHOOSER (find_descendant (GTK_WIDGET (view), PB_TYPE_COUNTRY_CHOOSER, NULL)), "SE");

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *json = stored_answer (f, expected[i].id);

      g_test_message ("%s: %s", expected[i].id, json);
      g_assert_cmpstr (json, ==, expected[i].json);
    }

  /* Clear Answer removes it from the store. */
  view = view_of (f, "Q.single");
  widget = find_descendant (GTK_WIDGET (view), GTK_TYPE_BUTTON, NULL);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (widget), ==, "Clear Answer");
  g_assert_true (gtk_widget_get_visible (widget));
  g_signal_emit_by_name (widget, "clicked");
  {
    g_autofree char *json = stored_answer (f, "Q.single");
    g_assert_null (json);
  }
}

/* Going to a question (from a flag, from Next refused, to a new page)
 * puts the keyboard in its input, whatever the type: not on the help
 * button, not on the calendar button. */
static void
test_wizard_focus_every_type (Fixture       *f,
                              gconstpointer  data)
{
  static const char *ids[] = { "Q.yn", "Q.ynu", "Q.single", "Q.multi", "Q.long", "Q.num", "Q.date", "Q.country" };

  fixture_open_wizard (f);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      GtkWidget *view = GTK_WIDGET (view_of (f, ids[i]));
      GtkWidget *focus;

      g_assert_true (pb_wizard_show_question (f->wizard, ids[i]));
      spin_main_loop (20);
      focus = gtk_root_get_focus (GTK_ROOT (f->window));
      g_test_message ("%s: focus on %s", ids[i], focus ? G_OBJECT_TYPE_NAME (focus) : "nothing");
      g_assert_nonnull (focus);
      g_assert_true (gtk_widget_is_ancestor (focus, view));
      g_assert_null (gtk_widget_get_ancestor (focus, GTK_TYPE_MENU_BUTTON));
    }
}

static gboolean
busy_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Keys typed as soon as a case shows go to its first question, even while
 * the main loop has other work all the time (a list filling in, a
 * progress bar, a loaded machine), not to the header bar's Back button. */
static void
test_wizard_focus_at_once (Fixture       *f,
                           gconstpointer  data)
{
  guint busy = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, busy_cb, NULL, NULL);
  GtkWidget *focus;

  fixture_open_wizard (f);
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_source_remove (busy);
  g_test_message ("focus on %s", focus != NULL ? G_OBJECT_TYPE_NAME (focus) : "nothing");
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (view_of (f, "Q.yn"))));
}

/* Coming back to a typed answer must not select it: the next key would
 * replace it. */
static void
test_wizard_return_keeps_text (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbAnswer) yes = pb_answer_new_string ("yes");
  g_autoptr(PbAnswer) why = pb_answer_new_string ("Because the customer said so in writing");
  GtkWidget *entry;
  int start = -1, end = -1;

  pb_test_act_as (f->store, "tester");
  pb_case_store_set_answer (f->store, f->case_id, "Q.yn", yes, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  pb_case_store_set_answer (f->store, f->case_id, "Q.shown", why, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  fixture_open_wizard (f);

  entry = find_descendant (GTK_WIDGET (view_of (f, "Q.shown")), GTK_TYPE_ENTRY, NULL);
  g_assert_nonnull (entry);
  for (guint round = 0; round < 2; round++)
    {
      g_assert_true (pb_wizard_show_question (f->wizard, "Q.shown"));
      spin_main_loop (50);
      g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)), entry));
      gtk_editable_get_selection_bounds (GTK_EDITABLE (entry), &start, &end);
      g_test_message ("round %u: selection %d..%d", round, start, end);
      g_assert_cmpint (start, ==, end);

      pb_wizard_set_page (f->wizard, 1);
      spin_main_loop (50);
      gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.review", NULL);
      spin_main_loop (50);
    }
}

/* The review step is not a section: no "not started" dot beside it. */
static void
test_wizard_review_step_icon (Fixture       *f,
                              gconstpointer  data)
{
  GtkWidget *steps, *label, *row, *icon;

  fixture_open_wizard (f);
  /* The step list, in the sidebar's flap. */
  steps = adw_flap_get_flap (ADW_FLAP (find_descendant (GTK_WIDGET (f->wizard), ADW_TYPE_FLAP, NULL)));
  steps = find_descendant (steps, GTK_TYPE_LIST_BOX, NULL);
  g_assert_nonnull (steps);
  label = find_label (steps, "Review and Sign-Off");
  g_assert_nonnull (label);
  row = gtk_widget_get_ancestor (label, GTK_TYPE_LIST_BOX_ROW);
  g_assert_nonnull (row);
  icon = find_descendant (row, GTK_TYPE_IMAGE, NULL);
  g_assert_nonnull (icon);
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (icon)), ==, "document-properties-symbolic");
}

/* After Submit the keyboard is on Record Decision, not lost with the
 * rebuilt page; the case's next step and the tools sit on separate rows. */
static void
test_wizard_review_focus_next_step (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbAnswer) no = pb_answer_new_string ("no");
  GtkWidget *submit, *focus, *history;

  pb_test_act_as (f->store, "tester");
  pb_case_store_set_answer (f->store, f->case_id, "Q.yn", no, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  fixture_open_wizard (f);
  gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.review", NULL);
  spin_main_loop (50);

  submit = find_descendant (GTK_WIDGET (f->wizard), GTK_TYPE_BUTTON, "_Submit for Review");
  history = find_descendant (GTK_WIDGET (f->wizard), GTK_TYPE_BUTTON, "_History");
  g_assert_nonnull (submit);
  g_assert_nonnull (history);
  g_assert_true (gtk_widget_get_parent (submit) != gtk_widget_get_parent (history));
  g_assert_true (gtk_widget_grab_focus (submit));

  gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.submit", NULL);
  spin_main_loop (50);
  g_assert_cmpint (pb_case_store_get_status (f->store, f->case_id, 0, &error), ==, PB_CASE_STATUS_SUBMITTED);
  focus = gtk_root_get_focus (GTK_ROOT (f->window));
  g_assert_true (GTK_IS_BUTTON (focus));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (focus)), ==, "Record _Decision…");
}

static void
test_wizard_visibility (Fixture       *f,
                        gconstpointer  data)
{
  GtkWidget *shown;

  fixture_open_wizard (f);
  shown = GTK_WIDGET (view_of (f, "Q.shown"));

  /* Unanswered, the condition is unknown, and an unknown condition shows
   * the question (FORMAT.md). */
  g_assert_true (gtk_widget_get_visible (shown));
  click (view_of (f, "Q.yn"), GTK_TYPE_TOGGLE_BUTTON, "No");
  g_assert_false (gtk_widget_get_visible (shown));
  click (view_of (f, "Q.yn"), GTK_TYPE_TOGGLE_BUTTON, "Yes");
  g_assert_true (gtk_widget_get_visible (shown));
  click (view_of (f, "Q.yn"), GTK_TYPE_TOGGLE_BUTTON, "No");
  g_assert_false (gtk_widget_get_visible (shown));
}

static void
test_wizard_risk_panel (Fixture       *f,
                        gconstpointer  data)
{
  PbRiskPanel *panel;

  fixture_open_wizard (f);
  panel = PB_RISK_PANEL (pb_wizard_get_risk_panel (f->wizard));

  g_assert_cmpuint (pb_risk_panel_get_n_flags (panel), ==, 0);
  click (view_of (f, "Q.yn"), GTK_TYPE_TOGGLE_BUTTON, "Yes");
  g_assert_cmpuint (pb_risk_panel_get_n_flags (panel), ==, 1);
  g_assert_cmpstr (pb_risk_panel_get_flag_id (panel, 0), ==, "R-YES");

  /* Activating the flag takes the person to the question that raised it. */
  pb_wizard_set_page (f->wizard, 1);
  pb_risk_panel_activate_flag (panel, 0);
  g_assert_cmpuint (pb_wizard_get_page (f->wizard), ==, 0);

  click (view_of (f, "Q.yn"), GTK_TYPE_TOGGLE_BUTTON, "No");
  g_assert_cmpuint (pb_risk_panel_get_n_flags (panel), ==, 0);
}

static void
test_wizard_next_refused (Fixture       *f,
                          gconstpointer  data)
{
  fixture_open_wizard (f);

  g_assert_cmpuint (pb_wizard_get_page (f->wizard), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.next", NULL);
  g_assert_cmpuint (pb_wizard_get_page (f->wizard), ==, 0);
  g_assert_nonnull (pb_wizard_get_message (f->wizard));
  g_assert_nonnull (strstr (pb_wizard_get_message (f->wizard), "Q.yn"));

  click (view_of (f, "Q.yn"), GTK_TYPE_TOGGLE_BUTTON, "No");
  gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.next", NULL);
  g_assert_cmpuint (pb_wizard_get_page (f->wizard), ==, 1);
  g_assert_null (pb_wizard_get_message (f->wizard));
}

static void
sign_case (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbSignOff) sign_off = NULL;
  g_autoptr(PbAnswer) no = pb_answer_new_string ("no");

  pb_test_act_as (f->store, "tester");
  pb_case_store_set_answer (f->store, f->case_id, "Q.yn", no, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  pb_case_store_submit (f->store, f->case_id, &error);
  g_assert_no_error (error);
  pb_test_act_as (f->store, "Rev Iewer");
  sign_off = pb_test_sign (f->store, f->case_id, "Rev Iewer", PB_CASE_STATUS_APPROVED,
                                 "Benign", NULL,
                                 "0000000000000000000000000000000000000000000000000000000000000000",
                                 NULL, &error);
  g_assert_no_error (error);
}

static void
test_wizard_signed_read_only (Fixture       *f,
                              gconstpointer  data)
{
  PbQuestionView *view;
  g_autofree char *json = NULL;

  sign_case (f);
  fixture_open_wizard (f);

  g_assert_false (pb_wizard_get_editable (f->wizard));
  view = view_of (f, "Q.yn");
  g_assert_false (gtk_widget_get_sensitive (find_descendant (GTK_WIDGET (view), GTK_TYPE_BOX, NULL)) &&
                  gtk_widget_is_sensitive (find_descendant (GTK_WIDGET (view), GTK_TYPE_TOGGLE_BUTTON, "Yes")));

  /* Even if the widget is toggled behind the person's back, nothing is saved
   * and the view shows the signed answer again. */
  click (view, GTK_TYPE_TOGGLE_BUTTON, "Yes");
  json = stored_answer (f, "Q.yn");
  g_assert_cmpstr (json, ==, "\"no\"");
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (find_descendant (GTK_WIDGET (view),
                                                                                    GTK_TYPE_TOGGLE_BUTTON, "No"))));
}

/* The signed report kept with the case opens from the case menu. */
static void
test_wizard_open_report (Fixture       *f,
                         gconstpointer  data)
{
  static const char pdf[] = "%PDF-1.7\n% a stand-in for the signed report\n%%EOF\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (pdf, sizeof pdf - 1);
  g_autofree char *sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  g_autofree char *name = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(PbSignOff) sign_off = NULL;
  g_autoptr(PbAnswer) no = pb_answer_new_string ("no");
  g_autoptr(GError) error = NULL;

  fixture_open_wizard (f);
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.open-report", NULL) &&
                  g_file_test (viewer_marker, G_FILE_TEST_EXISTS));
  gtk_window_set_child (f->window, NULL);

  pb_case_store_set_answer (f->store, f->case_id, "Q.yn", no, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  pb_case_store_submit (f->store, f->case_id, &error);
  g_assert_no_error (error);
  pb_test_act_as (f->store, "Rev Iewer");
  sign_off = pb_test_sign (f->store, f->case_id, "Rev Iewer", PB_CASE_STATUS_APPROVED,
                                 "Benign", NULL, sha256, bytes, &error);
  g_assert_no_error (error);

  g_unlink (viewer_marker);
  fixture_open_wizard (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.open-report", NULL));
  name = g_strdup_printf ("%s-r1-report.pdf", f->case_id);
  copy = g_build_filename (g_get_user_cache_dir (), "probity", "open", sha256, name, NULL);
  g_assert_true (g_file_get_contents (copy, &contents, NULL, &error));
  g_assert_cmpstr (contents, ==, pdf);
  for (guint i = 0; i < 100 && !g_file_test (viewer_marker, G_FILE_TEST_EXISTS); i++)
    spin_main_loop (50);
  g_assert_true (g_file_test (viewer_marker, G_FILE_TEST_EXISTS));
}

static void
test_wizard_reopen (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  sign_case (f);
  fixture_open_wizard (f);

  g_assert_true (pb_wizard_reopen (f->wizard, "Customer changed its end use", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pb_case_store_get_n_revisions (f->store, f->case_id, &error), ==, 2);
  g_assert_true (pb_wizard_get_editable (f->wizard));

  click (view_of (f, "Q.yn"), GTK_TYPE_TOGGLE_BUTTON, "Yes");
  json = stored_answer (f, "Q.yn");
  g_assert_cmpstr (json, ==, "\"yes\"");
  g_assert_cmpint (pb_case_store_get_status (f->store, f->case_id, 1, &error), ==, PB_CASE_STATUS_SIGNED);
}

static void
set_entry_row (GtkWidget  *root,
               const char *title,
               const char *text)
{
  GtkWidget *row = find_descendant (root, ADW_TYPE_ENTRY_ROW, title);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static void
case_created_cb (PbNewCaseDialog  *dialog,
                 const char       *case_id,
                 char            **out)
{
  *out = g_strdup (case_id);
}

static void
test_new_case_dialog (Fixture       *f,
                      gconstpointer  data)
{
  PbNewCaseDialog *dialog = pb_new_case_dialog_new (f->window, f->store);
  g_autofree char *case_id = NULL;
  g_autoptr(PbCaseInfo) info = NULL;
  g_autoptr(PbCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *family;
  GtkWidget *create;
  GtkWidget *missing;

  g_object_ref (dialog);
  g_signal_connect (dialog, "case-created", G_CALLBACK (case_created_cb), &case_id);
  gtk_window_present (GTK_WINDOW (dialog));

  /* Not ready until a customer and a product are named, and it says so. */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.create", NULL) && case_id);
  create = find_descendant (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "C_reate");
  g_assert_nonnull (create);
  g_assert_false (gtk_widget_get_sensitive (create));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (create), ==,
                   "Enter the customer’s name and the product’s name to create the assessment.");
  missing = find_label (GTK_WIDGET (dialog), gtk_widget_get_tooltip_text (create));
  g_assert_nonnull (missing);
  g_assert_true (gtk_widget_get_mapped (missing));

  set_entry_row (GTK_WIDGET (dialog), "Name", "Guilin Public Security Bureau");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (create), ==, "Enter the product’s name to create the assessment.");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (missing)), ==, "Enter the product’s name to create the assessment.");

  /* Ctrl+Enter takes the keyboard to the missing name. */
  {
    GtkWidget *product_group = gtk_widget_get_ancestor (find_descendant (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, "Family"),
                                                        ADW_TYPE_PREFERENCES_GROUP);
    GtkWidget *product_name = find_descendant (product_group, ADW_TYPE_ENTRY_ROW, "Name");

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.submit", NULL));
    g_assert_null (case_id);
    g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (dialog)), product_name));
  }
  set_entry_row (GTK_WIDGET (dialog), "Other Names, Separated by Commas", "Guilin PSB, 桂林市公安局");
  pb_country_chooser_set_code (PB_COUNTRY_CHOOSER (find_descendant (GTK_WIDGET (dialog), PB_TYPE_COUNTRY_CHOOSER, NULL)), "CN");
  /* The product's entry rows follow the customer's: the second "Name". */
  {
    GtkWidget *product_group = gtk_widget_get_ancestor (find_descendant (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, "Family"),
                                                        ADW_TYPE_PREFERENCES_GROUP);
    set_entry_row (product_group, "Name", "Q-Line Camera");
    set_entry_row (product_group, "Version", "9");
    /* "face recognition" is none of S1.03's choices. */
    set_entry_row (product_group, "Capabilities, Separated by Commas", "Live video, face recognition");
  }
  family = find_descendant (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, "Family");
  adw_combo_row_set_selected (ADW_COMBO_ROW (family), 0);
  g_assert_true (gtk_widget_get_sensitive (create));
  g_assert_false (gtk_widget_get_visible (missing));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (create), ==, "Create the assessment and start answering (Ctrl+Enter)");

  gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.create", NULL);
  g_assert_nonnull (case_id);

  info = pb_case_store_get_case (f->store, case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_case_info_get_customer_name (info), ==, "Guilin Public Security Bureau");
  g_assert_cmpstr (pb_case_info_get_country (info), ==, "CN");
  g_assert_cmpstr (pb_case_info_get_product_name (info), ==, "Q-Line Camera");
  g_assert_cmpstr (pb_case_info_get_product_version (info), ==, "9");
  /* A camera: the questionnaire suggested for the family. */
  g_assert_cmpstr (pb_case_info_get_questionnaire_id (info), ==, "surveillance-export");
  g_assert_cmpint (pb_case_info_get_status (info), ==, PB_CASE_STATUS_DRAFT);

  customer = pb_case_store_get_customer (f->store, pb_case_info_get_customer_uid (info), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_customer_get_aliases (customer)[1], ==, "桂林市公安局");
  g_assert_cmpstr (pb_customer_get_entity_type (customer), ==, "unknown");

  /* What the dialog took is carried into the answers, not asked again;
   * "Not known" is no answer, nor is a list of capabilities read in part. */
  {
    g_autoptr(PbAnswerSet) answers = pb_case_store_get_answers (f->store, case_id, 0, &error);
    g_autofree char *country = NULL;
    g_autofree char *family_answer = NULL;

    g_assert_no_error (error);
    country = pb_answer_to_json (pb_answer_set_lookup (answers, "S0.02"));
    family_answer = pb_answer_to_json (pb_answer_set_lookup (answers, "S1.02"));
    g_assert_cmpstr (country, ==, "\"CN\"");
    g_assert_cmpstr (family_answer, ==, "\"camera\"");
    g_assert_null (pb_answer_set_lookup (answers, "S3.02"));
    g_assert_null (pb_answer_set_lookup (answers, "S1.03"));
  }

  g_object_unref (dialog);
}

/* "Suggested" only while the suggested questionnaire is the chosen one. */
static void
test_new_case_suggestion (Fixture       *f,
                          gconstpointer  data)
{
  PbNewCaseDialog *dialog = pb_new_case_dialog_new (f->window, f->store);
  GtkWidget *row = find_descendant (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, "Questionnaire");
  guint suggested;

  g_assert_nonnull (row);
  suggested = adw_combo_row_get_selected (ADW_COMBO_ROW (row));
  g_assert_cmpuint (suggested, !=, GTK_INVALID_LIST_POSITION);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Suggested for this product family");

  adw_combo_row_set_selected (ADW_COMBO_ROW (row), suggested == 0 ? 1 : 0);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "");
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), suggested);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Suggested for this product family");

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_window_case_list (Fixture       *f,
                       gconstpointer  data)
{
  PbWindow *window;
  GtkWidget *view;
  GtkWidget *search;
  GListModel *model;

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(PbCustomer) customer = pb_case_store_add_customer (f->store, "Aalborg Kommune", NULL, "DK",
                                                                 "civil-authority", NULL, &error);
    g_autoptr(PbProduct) product = pb_case_store_find_product (f->store, "Lens 4K", &error);
    pb_test_act_as (f->store, "tester");
    g_autofree char *id = pb_case_store_create_case (f->store, pb_customer_get_uid (customer),
                                                     pb_product_get_uid (product), f->questionnaire, &error);
    g_assert_no_error (error);
  }
  g_clear_object (&f->store);
  window = pb_window_new (NULL, f->base.path);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  wait_for_cases (window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  view = find_case_view (GTK_WIDGET (window));
  g_assert_nonnull (view);
  g_assert_true (gtk_widget_get_mapped (view));
  model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (view)));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);

  /* Sorted by a column's title, clicked: customers A to Z, then Z to A. */
  {
    GtkWidget *header = find_descendant (GTK_WIDGET (window), PB_TYPE_CASE_ROW, NULL);
    g_autoptr(PbCaseInfo) first = NULL;
    g_autoptr(PbCaseInfo) last = NULL;

    g_assert_nonnull (header);
    g_assert_cmpstr (pb_case_row_get_text (PB_CASE_ROW (header), PB_CASE_COLUMN_CUSTOMER), ==, "Customer");
    g_signal_emit_by_name (header, "sort", PB_CASE_COLUMN_CUSTOMER);
    first = pb_case_slots_get_info (model, 0);
    g_assert_cmpstr (pb_case_info_get_customer_name (first), ==, "Aalborg Kommune");
    g_signal_emit_by_name (header, "sort", PB_CASE_COLUMN_CUSTOMER);
    last = pb_case_slots_get_info (model, 0);
    g_assert_cmpstr (pb_case_info_get_customer_name (last), ==, "Malmö Stadshus");
  }

  /* A screen reader reads a row whole, from its customer to its last
   * change: the list's item around the drawn row is named so. */
  {
    PbCaseRow *row = PB_CASE_ROW (find_descendant (view, PB_TYPE_CASE_ROW, NULL));
    GtkAccessible *item = GTK_ACCESSIBLE (gtk_widget_get_parent (GTK_WIDGET (row)));
    g_autofree char *name = NULL;

    g_assert_true (gtk_test_accessible_has_property (item, GTK_ACCESSIBLE_PROPERTY_LABEL));
    name = gtk_test_accessible_check_property (item, GTK_ACCESSIBLE_PROPERTY_LABEL, "");
    g_assert_nonnull (name);
    g_assert_true (g_str_has_prefix (name, pb_case_row_get_text (row, PB_CASE_COLUMN_CUSTOMER)));
    g_assert_nonnull (strstr (name, pb_case_row_get_text (row, PB_CASE_COLUMN_STATUS)));
    g_assert_nonnull (strstr (name, pb_case_row_get_text (row, PB_CASE_COLUMN_OUTCOME)));
    g_assert_true (g_str_has_suffix (name, pb_case_row_get_text (row, PB_CASE_COLUMN_UPDATED)));
  }

  search = find_descendant (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY, NULL);
  gtk_editable_set_text (GTK_EDITABLE (search), "nothing like this");
  g_signal_emit_by_name (search, "search-changed");
  wait_for_cases (window);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);

  /* By country name, though the case stores the code. */
  gtk_editable_set_text (GTK_EDITABLE (search), "swed");
  g_signal_emit_by_name (search, "search-changed");
  wait_for_cases (window);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);

  /* Exported as the list shows it: the one Swedish case. */
  {
    g_autofree char *dir = g_dir_make_tmp ("probity-export-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "cases.csv", NULL);
    g_autofree char *ods_path = g_build_filename (dir, "cases.ods", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GFile) ods = g_file_new_for_path (ods_path);
    g_autofree char *csv = NULL;
    g_autofree char *zip = NULL;
    gsize size = 0;

    pb_window_export_cases (window, file);
    while (!g_file_test (path, G_FILE_TEST_EXISTS))
      g_main_context_iteration (NULL, TRUE);
    g_assert_true (g_file_get_contents (path, &csv, NULL, NULL));
    g_assert_nonnull (strstr (csv, "Malmö Stadshus"));
    g_assert_null (strstr (csv, "Aalborg"));
    g_assert_nonnull (strstr (csv, ",None yet,"));

    pb_window_export_cases (window, ods);
    while (!g_file_test (ods_path, G_FILE_TEST_EXISTS))
      g_main_context_iteration (NULL, TRUE);
    g_assert_true (g_file_get_contents (ods_path, &zip, &size, NULL));
    g_assert_cmpuint (size, >, 84);
    g_assert_cmpmem (zip + 30, 54, "mimetypeapplication/vnd.oasis.opendocument.spreadsheet", 54);

    /* The summary of the case shown, printed to a PDF. */
    {
      g_autoptr(PbCaseInfo) shown = pb_case_slots_get_info (model, 0);
      g_autofree char *pdf_path = g_build_filename (dir, "summary.pdf", NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      const char *argv[] = { "pdftotext", "-layout", pdf_path, "-", NULL };

      g_assert_true (pb_window_print_case (window, pb_case_info_get_id (shown), pdf_path, &error));
      g_assert_no_error (error);
      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                                   NULL, NULL, &text, NULL, NULL, &error));
      g_assert_no_error (error);
      g_assert_nonnull (strstr (text, "Assessment summary"));
      g_assert_nonnull (strstr (text, "Malmö Stadshus (Sweden)"));
      g_assert_nonnull (strstr (text, pb_case_info_get_id (shown)));
      g_unlink (pdf_path);
    }

    g_unlink (path);
    g_unlink (ods_path);
    g_rmdir (dir);
  }

  gtk_editable_set_text (GTK_EDITABLE (search), "");
  g_signal_emit_by_name (search, "search-changed");
  wait_for_cases (window);

  /* The outcome filter: item 0 is "any", then the outcomes in order. */
  {
    GtkWidget *outcome = NULL;

    for (GtkWidget *w = find_descendant (GTK_WIDGET (window), GTK_TYPE_DROP_DOWN, NULL); w;
         w = gtk_widget_get_next_sibling (w))
      if (GTK_IS_DROP_DOWN (w))
        outcome = w;
    g_assert_nonnull (outcome);
    gtk_drop_down_set_selected (GTK_DROP_DOWN (outcome), 1 + PB_OUTCOME_DO_NOT_PROCEED);
    wait_for_cases (window);
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
    gtk_drop_down_set_selected (GTK_DROP_DOWN (outcome), 1 + PB_OUTCOME_INCOMPLETE);
    wait_for_cases (window);
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
    gtk_drop_down_set_selected (GTK_DROP_DOWN (outcome), 0);
    wait_for_cases (window);
  }

  /* Opening the case shows the wizard in the same window; going back
   * shows the list and lets the wizard go. */
  g_signal_emit_by_name (view, "activate", 0);
  {
    GtkWidget *wizard = find_descendant (GTK_WIDGET (window), PB_TYPE_WIZARD, NULL);

    g_assert_nonnull (wizard);
    gtk_widget_activate_action (wizard, "wizard.close", NULL);
    spin_main_loop (50);
    g_assert_true (gtk_widget_get_mapped (view));
    g_assert_null (find_descendant (GTK_WIDGET (window), PB_TYPE_WIZARD, NULL));
  }

  close_window (window);
}

/* The customers of the cases @window lists, in order, joined by ", ". */
static char *
listed_customers (PbWindow *window,
                  GtkWidget *view)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (view)));
  g_autoptr(GString) names = g_string_new (NULL);

  wait_for_cases (window);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(PbCaseInfo) info = pb_case_slots_get_info (model, i);

      g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", pb_case_info_get_customer_name (info));
    }

  return g_string_free (g_steal_pointer (&names), FALSE);
}

static void
assert_listed (PbWindow    *window,
               GtkWidget   *view,
               const char  *expected)
{
  g_autofree char *names = listed_customers (window, view);

  g_assert_cmpstr (names, ==, expected);
}

/* The status and the decision drop-downs, as a user picks them: a signed
 * approval, an unsigned rejection and a draft, each found by its own. */
static void
test_window_case_list_filters (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbProduct) product = pb_case_store_find_product (f->store, "Lens 4K", &error);
  const char *others[] = { "Aalborg Kommune", "Göteborgs Stad" };
  g_autofree char *rejected_id = NULL;
  PbWindow *window;
  GtkWidget *view, *header;
  GtkDropDown *status, *decision;

  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autoptr(PbCustomer) customer = pb_case_store_add_customer (f->store, others[i], NULL, i == 0 ? "DK" : "SE",
                                                                   "civil-authority", NULL, &error);
      g_autofree char *id = NULL;

      g_assert_no_error (error);
      pb_test_act_as (f->store, "tester");
      id = pb_case_store_create_case (f->store, pb_customer_get_uid (customer), pb_product_get_uid (product),
                                      f->questionnaire, &error);
      g_assert_no_error (error);
      if (i == 0)
        rejected_id = g_steal_pointer (&id);
    }
  sign_case (f);
  {
    g_autoptr(PbAnswer) no = pb_answer_new_string ("no");

    pb_test_act_as (f->store, "tester");
    pb_case_store_set_answer (f->store, rejected_id, "Q.yn", no, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (pb_case_store_submit (f->store, rejected_id, &error));
    g_assert_no_error (error);
    pb_test_act_as (f->store, "Rev Iewer");
    g_assert_true (pb_case_store_decide (f->store, rejected_id, PB_CASE_STATUS_REJECTED, "No", NULL, NULL, &error));
    g_assert_no_error (error);
  }
  g_clear_object (&f->store);

  window = pb_window_new (NULL, f->base.path);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  wait_for_cases (window);
  view = find_case_view (GTK_WIDGET (window));
  g_assert_nonnull (view);
  header = find_descendant (GTK_WIDGET (window), PB_TYPE_CASE_ROW, NULL);
  g_signal_emit_by_name (header, "sort", PB_CASE_COLUMN_CUSTOMER);
  assert_listed (window, view, "Aalborg Kommune, Göteborgs Stad, Malmö Stadshus");

  status = GTK_DROP_DOWN (find_by_tooltip (GTK_WIDGET (window), "Show only assessments with this status"));
  decision = GTK_DROP_DOWN (find_by_tooltip (GTK_WIDGET (window),
                                             "Show only assessments with this decision, signed or not"));
  g_assert_true (GTK_IS_DROP_DOWN (status));
  g_assert_true (GTK_IS_DROP_DOWN (decision));

  /* Item 0 is "any", then the statuses in order. */
  gtk_drop_down_set_selected (status, 1 + PB_CASE_STATUS_DRAFT);
  assert_listed (window, view, "Göteborgs Stad");
  gtk_drop_down_set_selected (status, 1 + PB_CASE_STATUS_SIGNED);
  assert_listed (window, view, "Malmö Stadshus");
  gtk_drop_down_set_selected (status, 1 + PB_CASE_STATUS_REJECTED);
  assert_listed (window, view, "Aalborg Kommune");
  gtk_drop_down_set_selected (status, 1 + PB_CASE_STATUS_SUBMITTED);
  assert_listed (window, view, "");
  gtk_drop_down_set_selected (status, 0);
  assert_listed (window, view, "Aalborg Kommune, Göteborgs Stad, Malmö Stadshus");

  /* Item 0 is "any", then approved, approved with conditions, rejected:
   * a signed case keeps its decision. */
  gtk_drop_down_set_selected (decision, 1 + PB_CASE_STATUS_APPROVED - PB_CASE_STATUS_APPROVED);
  assert_listed (window, view, "Malmö Stadshus");
  gtk_drop_down_set_selected (decision, 1 + PB_CASE_STATUS_REJECTED - PB_CASE_STATUS_APPROVED);
  assert_listed (window, view, "Aalborg Kommune");
  gtk_drop_down_set_selected (decision, 1 + PB_CASE_STATUS_APPROVED_WITH_CONDITIONS - PB_CASE_STATUS_APPROVED);
  assert_listed (window, view, "");

  /* Both at once: a rejection that is not signed yet. */
  gtk_drop_down_set_selected (decision, 1 + PB_CASE_STATUS_REJECTED - PB_CASE_STATUS_APPROVED);
  gtk_drop_down_set_selected (status, 1 + PB_CASE_STATUS_SIGNED);
  assert_listed (window, view, "");
  gtk_drop_down_set_selected (status, 1 + PB_CASE_STATUS_REJECTED);
  assert_listed (window, view, "Aalborg Kommune");
  gtk_drop_down_set_selected (decision, 0);
  gtk_drop_down_set_selected (status, 0);
  assert_listed (window, view, "Aalborg Kommune, Göteborgs Stad, Malmö Stadshus");

  close_window (window);
}

static void
verified_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* What the Verify… dialog shows for @file, waited for. */
static gboolean
verify_report (Fixture  *f,
               GFile    *file,
               char    **summary)
{
  g_autoptr(GAsyncResult) result = NULL;

  pb_wizard_verify_report_async (f->wizard, file, NULL, verified_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return pb_wizard_verify_report_finish (f->wizard, result, summary);
}

static void
signed_cb (PbSignDialog  *dialog,
           GFile         *report,
           gboolean      *done)
{
  *done = TRUE;
}

/* The sign dialog opens where there is something to do. */
static void
test_sign_initial_focus (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (PB_APP_ID);
  PbSignDialog *dialog;
  GtkWidget *focus;

  g_settings_set_string (settings, "signing-certificate", "");
  dialog = pb_sign_dialog_new (f->window, f->store, f->case_id, PB_CASE_STATUS_APPROVED, settings);
  focus = gtk_root_get_focus (GTK_ROOT (dialog));
  g_assert_true (GTK_IS_BUTTON (focus));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (focus)), ==, "sign.choose-certificate");
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_settings_set_string (settings, "signing-certificate", "/home/asa/asa.p12");
  dialog = pb_sign_dialog_new (f->window, f->store, f->case_id, PB_CASE_STATUS_APPROVED, settings);
  focus = gtk_root_get_focus (GTK_ROOT (dialog));
  g_assert_nonnull (focus);
  g_assert_nonnull (gtk_widget_get_ancestor (focus, ADW_TYPE_PASSWORD_ENTRY_ROW));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_settings_reset (settings, "signing-certificate");
}

static void
test_sign_report (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (PB_APP_ID);
  g_autoptr(PbAnswer) no = pb_answer_new_string ("no");
  g_autoptr(GFile) output = NULL;
  g_autoptr(GListModel) sign_offs = NULL;
  g_autoptr(PbSignOff) sign_off = NULL;
  g_autoptr(GBytes) stored = NULL;
  g_autofree char *p12 = pb_test_make_p12 (f->base.dir, "Rev Iewer");
  g_autofree char *pdf_path = g_build_filename (f->base.dir, "report.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *sha256 = NULL;
  gsize length = 0;
  gboolean done = FALSE;
  gint64 deadline;
  PbSignDialog *dialog;

  pb_test_act_as (f->store, "tester");
  pb_case_store_set_answer (f->store, f->case_id, "Q.yn", no, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  pb_case_store_submit (f->store, f->case_id, &error);
  g_assert_no_error (error);
  pb_test_act_as (f->store, "Rev Iewer");
  pb_case_store_decide (f->store, f->case_id, PB_CASE_STATUS_APPROVED, "Benign", NULL, NULL, &error);
  g_assert_no_error (error);

  g_settings_set_string (settings, "signing-certificate", p12);
  output = g_file_new_for_path (pdf_path);
  dialog = g_object_ref (pb_sign_dialog_new (f->window, f->store, f->case_id, PB_CASE_STATUS_APPROVED,
                                             settings));
  pb_sign_dialog_set_open_report (dialog, FALSE);
  pb_sign_dialog_set_output (dialog, output);
  g_signal_connect (dialog, "signed", G_CALLBACK (signed_cb), &done);
  gtk_window_present (GTK_WINDOW (dialog));

  /* A wrong passphrase says so and changes nothing. */
  pb_sign_dialog_set_passphrase (dialog, "not the passphrase");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "sign.sign", NULL);
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (pb_sign_dialog_get_error (dialog) == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (pb_sign_dialog_get_error (dialog));
  g_assert_nonnull (strstr (pb_sign_dialog_get_error (dialog), "passphrase"));
  g_assert_false (done);
  g_assert_false (g_file_test (pdf_path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (pb_case_store_get_status (f->store, f->case_id, 0, &error), ==, PB_CASE_STATUS_APPROVED);
  /* The passphrase is never kept, not even in the entry. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_descendant (GTK_WIDGET (dialog), ADW_TYPE_PASSWORD_ENTRY_ROW, NULL))), ==, "");

  /* A report that cannot be saved seals nothing: the file comes first. */
  {
    g_autofree char *dir = g_path_get_dirname (pdf_path);
    g_autofree char *unwritable_path = g_build_filename (dir, "no-such-folder", "report.pdf", NULL);
    g_autoptr(GFile) unwritable = g_file_new_for_path (unwritable_path);

    pb_sign_dialog_set_output (dialog, unwritable);
    pb_sign_dialog_set_passphrase (dialog, "secret");
    gtk_widget_activate_action (GTK_WIDGET (dialog), "sign.sign", NULL);
    deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
    while (pb_sign_dialog_get_error (dialog) == NULL && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE);
    g_assert_nonnull (pb_sign_dialog_get_error (dialog));
    g_assert_nonnull (strstr (pb_sign_dialog_get_error (dialog), "no-such-folder"));
    g_assert_false (done);
    g_assert_cmpint (pb_case_store_get_status (f->store, f->case_id, 0, &error), ==, PB_CASE_STATUS_APPROVED);
    pb_sign_dialog_set_output (dialog, output);
  }

  pb_sign_dialog_set_passphrase (dialog, "secret");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "sign.sign", NULL);
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (!done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (done);

  g_assert_true (g_file_get_contents (pdf_path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_true (length > 1000 && memcmp (contents, "%PDF-", 5) == 0);
  g_assert_cmpint (pb_case_store_get_status (f->store, f->case_id, 0, &error), ==, PB_CASE_STATUS_SIGNED);

  sign_offs = pb_case_store_list_sign_offs (f->store, f->case_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (sign_offs), ==, 1);
  sign_off = g_list_model_get_item (sign_offs, 0);
  g_assert_cmpstr (pb_sign_off_get_name (sign_off), ==, "Rev Iewer");
  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
  g_assert_cmpstr (pb_sign_off_get_report_sha256 (sign_off), ==, sha256);
  stored = pb_case_store_get_report (f->store, f->case_id, sha256, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (stored), ==, length);

  g_object_unref (dialog);

  /* The auditor's check: the report against the case, then a tampered copy. */
  {
    g_autofree char *summary = NULL;
    g_autofree char *tampered_path = g_build_filename (f->base.dir, "tampered.pdf", NULL);
    g_autoptr(GFile) tampered = g_file_new_for_path (tampered_path);
    g_autofree char *ca = g_build_filename (f->base.dir, "ca.pem", NULL);
    char *hit;

    fixture_open_wizard (f);
    g_settings_set_string (settings, "trusted-certificates", ca);
    g_assert_true (verify_report (f, output, &summary));
    g_test_message ("%s", summary);
    g_assert_null (strstr (summary, "Failed"));
    g_assert_nonnull (strstr (summary, "Rev Iewer"));
    g_clear_pointer (&summary, g_free);

    /* One byte early in the signed range. */
    hit = contents + 20;
    hit[0] ^= 0x01;
    g_assert_true (g_file_set_contents (tampered_path, contents, length, &error));
    g_assert_false (verify_report (f, tampered, &summary));
    g_test_message ("%s", summary);
    g_assert_nonnull (strstr (summary, "Failed"));
    g_unlink (tampered_path);
    g_unlink (ca);
  }

  g_settings_reset (settings, "signing-certificate");
  g_settings_reset (settings, "trusted-certificates");
  g_unlink (pdf_path);
  g_unlink (p12);
}

/* probity-cli run on the fixture's database: its exit status, and what it
 * printed in @output. */
static int
run_cli (Fixture  *f,
         char    **output,
         ...)
{
  g_autofree char *cli = g_build_filename (g_getenv ("PB_BUILD_ROOT"), "app", "cli", "probity-cli", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = -1;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, cli);
  va_start (args, output);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, "--db");
  g_ptr_array_add (argv, f->base.path);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  *output = g_strconcat (out, err, NULL);
  g_test_message ("probity-cli %s: %s", (const char *) argv->pdata[1], *output);

  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/* A history event rewritten behind the store's back, with the trigger that
 * forbids it put back as it was: only the hash chain can tell. */
static void
rewrite_history (Fixture *f)
{
  g_autofree char *select = g_strdup_printf ("sqlite3 '%s' \"SELECT sql FROM sqlite_master WHERE name = "
                                             "'events_no_update'\"", f->base.path);
  g_autofree char *trigger = NULL;
  g_autofree char *script = NULL;
  g_autofree char *rewrite = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_command_line_sync (select, &trigger, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (trigger, "CREATE TRIGGER"));
  script = g_strdup_printf ("DROP TRIGGER events_no_update; "
                            "UPDATE events SET reason = 'Benign, and the board agrees' "
                            "WHERE case_id = '%s' AND kind = 'status-changed' AND new_value = 'approved'; "
                            "%s;", f->case_id, g_strchomp (trigger));
  rewrite = g_strdup_printf ("sqlite3 '%s' \"%s\"", f->base.path, script);
  g_spawn_command_line_sync (rewrite, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* The GUI and the CLI verify through the same workflow and agree: a report
 * whose case's history chain the CLI calls NOT valid is not "Verified" in
 * the GUI either (it once was). */
static void
test_verify_agrees_with_cli (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (PB_APP_ID);
  g_autoptr(PbAnswer) no = pb_answer_new_string ("no");
  g_autoptr(PbSigner) signer = NULL;
  g_autoptr(PbSignOff) sign_off = NULL;
  g_autoptr(GFile) output = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *p12 = pb_test_make_p12 (f->base.dir, "Rev Iewer");
  g_autofree char *ca = g_build_filename (f->base.dir, "ca.pem", NULL);
  g_autofree char *pdf_path = g_build_filename (f->base.dir, "report.pdf", NULL);
  g_autofree char *summary = NULL;
  g_autofree char *printed = NULL;

  pb_test_act_as (f->store, "tester");
  pb_case_store_set_answer (f->store, f->case_id, "Q.yn", no, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  pb_case_store_submit (f->store, f->case_id, &error);
  g_assert_no_error (error);
  pb_test_act_as (f->store, "Rev Iewer");
  pb_case_store_decide (f->store, f->case_id, PB_CASE_STATUS_APPROVED, "Benign", NULL, NULL, &error);
  g_assert_no_error (error);
  signer = pb_signer_new_from_pkcs12 (p12, "secret", &error);
  g_assert_no_error (error);
  output = g_file_new_for_path (pdf_path);
  sign_off = pb_workflow_sign_report (f->store, f->case_id, 0, signer, NULL, NULL, NULL, PB_PADES_LEVEL_NONE, output, NULL, NULL, &error);
  g_assert_no_error (error);

  fixture_open_wizard (f);
  g_settings_set_string (settings, "trusted-certificates", ca);

  /* Intact: both say valid. */
  g_assert_cmpint (run_cli (f, &printed, "verify", pdf_path, "--ca", ca, NULL), ==, 0);
  g_clear_pointer (&printed, g_free);
  g_assert_true (verify_report (f, output, &summary));
  g_clear_pointer (&summary, g_free);

  /* The chain broken: the CLI says NOT valid, and so does the GUI. */
  rewrite_history (f);
  g_assert_cmpint (run_cli (f, &printed, "case", "verify", f->case_id, NULL), !=, 0);
  g_clear_pointer (&printed, g_free);
  g_assert_cmpint (run_cli (f, &printed, "verify", pdf_path, "--ca", ca, NULL), !=, 0);
  g_assert_nonnull (strstr (printed, "NOT valid"));
  g_assert_false (verify_report (f, output, &summary));
  g_test_message ("GUI: %s", summary);
  g_assert_nonnull (strstr (summary, "Not valid"));

  g_settings_reset (settings, "trusted-certificates");
  g_unlink (pdf_path);
  g_unlink (p12);
}

static void
test_auditor_case_file (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->base.dir, "case.probity", NULL);
  g_autoptr(GListModel) history = NULL;
  PbHistoryWindow *history_window;
  PbWindow *window;
  GtkWidget *view;
  PbWizard *wizard;

  sign_case (f);
  g_assert_true (pb_case_store_export_case (f->store, f->case_id, path, &error));
  g_assert_no_error (error);

  window = pb_window_new_for_case_file (NULL, path);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  wait_for_cases (window);
  g_assert_true (pb_window_get_read_only (window));

  view = find_case_view (GTK_WIDGET (window));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (view)))), ==, 1);
  g_signal_emit_by_name (view, "activate", 0);
  wizard = PB_WIZARD (find_descendant (GTK_WIDGET (window), PB_TYPE_WIZARD, NULL));
  g_assert_nonnull (wizard);
  g_assert_false (pb_wizard_get_editable (wizard));

  /* Not even Reopen: a case file is evidence, not a working copy. */
  g_assert_false (gtk_widget_is_sensitive (find_descendant (GTK_WIDGET (wizard), GTK_TYPE_BUTTON,
                                                            "_Reopen as New Revision…")) &&
                  gtk_widget_get_visible (find_descendant (GTK_WIDGET (wizard), GTK_TYPE_BUTTON,
                                                           "_Reopen as New Revision…")));

  history = pb_case_store_list_history (f->store, f->case_id, &error);
  g_assert_no_error (error);
  history_window = pb_history_window_new (GTK_WINDOW (window), f->store, f->case_id);
  while (pb_history_window_get_loading (history_window))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (pb_history_window_get_n_rows (history_window), ==, g_list_model_get_n_items (history));
  g_assert_cmpuint (pb_history_window_get_n_rows (history_window), >=, 4);
  gtk_window_destroy (GTK_WINDOW (history_window));

  close_window (window);
  g_unlink (path);
}

/* Who, when, what changed from what to what, and why, in words. */
static void
test_history_readable (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbAnswer) yes = pb_answer_new_string ("yes");
  g_autoptr(PbAnswer) no = pb_answer_new_string ("no");
  const char *xy_codes[] = { "x", "y", NULL };
  g_autoptr(PbAnswer) xy = pb_answer_new_codes (xy_codes);
  g_autoptr(GString) all = g_string_new (NULL);
  PbHistoryWindow *history;
  static const char *expected[] = {
    /* The label, not only the id; the first answer and its comment. */
    "Is it a yes? (Q.yn)\n",
    "Answer: Yes\nComment: From the tender",
    /* Old and new as the user saw them, and why. */
    "Yes → No\n",
    "Yes → No\nReason: The customer clarified\n",
    "Case created\n",
    "Malmö Stadshus, Lens 4K",
    "Answer: X-ray, Yankee",
    /* A cleared answer. */
    "X-ray, Yankee → no answer\nReason: Asked the wrong person",
    /* Status changes in words, the decision's reason and conditions. */
    "Draft → Submitted for review",
    "Submitted for review → Approved with conditions\nConditions: Annual audit\nReason: Benign with care",
  };

  pb_test_act_as (f->store, "Åsa");
  pb_case_store_set_answer (f->store, f->case_id, "Q.yn", yes, "From the tender", NULL, NULL, &error);
  g_assert_no_error (error);
  pb_case_store_set_answer (f->store, f->case_id, "Q.yn", no, NULL, NULL, "The customer clarified", &error);
  g_assert_no_error (error);
  pb_case_store_set_answer (f->store, f->case_id, "Q.multi", xy, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  pb_case_store_set_answer (f->store, f->case_id, "Q.multi", NULL, NULL, NULL, "Asked the wrong person", &error);
  g_assert_no_error (error);
  pb_case_store_submit (f->store, f->case_id, &error);
  g_assert_no_error (error);
  pb_test_act_as (f->store, "Rev");
  pb_case_store_decide (f->store, f->case_id, PB_CASE_STATUS_APPROVED_WITH_CONDITIONS, "Benign with care",
                        "Annual audit", NULL, &error);
  g_assert_no_error (error);

  history = pb_history_window_new (f->window, f->store, f->case_id);
  while (pb_history_window_get_loading (history))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (pb_history_window_get_n_rows (history), ==, 7);
  for (guint i = 0; i < pb_history_window_get_n_rows (history); i++)
    {
      g_autofree char *text = pb_history_window_dup_row_text (history, i);

      g_test_message ("%s", text);
      g_string_append_printf (all, "%s\n", text);
    }

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    if (strstr (all->str, expected[i]) == NULL)
      g_test_fail_printf ("the history does not say “%s”", expected[i]);
  g_assert_nonnull (strstr (all->str, " by Åsa, revision 1"));
  g_assert_nonnull (strstr (all->str, " by Rev, revision 1"));
  /* No raw JSON or status codes. */
  g_assert_null (strstr (all->str, "\"yes\""));
  g_assert_null (strstr (all->str, "submitted →"));
  /* The comment once, where it was given. */
  g_assert_nonnull (strstr (all->str, "Comment: From the tender"));
  g_assert_null (strstr (strstr (all->str, "Comment: From the tender") + 1, "Comment: From the tender"));

  /* The questionnaire's version beside the case id. */
  {
    AdwWindowTitle *title = ADW_WINDOW_TITLE (find_descendant (GTK_WIDGET (history), ADW_TYPE_WINDOW_TITLE, NULL));
    g_autofree char *subtitle = g_strdup_printf ("%s · questionnaire ", f->case_id);

    g_assert_true (g_str_has_prefix (adw_window_title_get_subtitle (title), subtitle));
  }

  /* Filtered by person, question (id or words of its label), kind and
   * revision, as a user picks them. */
  {
    GtkWidget *question = find_descendant (GTK_WIDGET (history), GTK_TYPE_SEARCH_ENTRY, NULL);
    GtkDropDown *kind = GTK_DROP_DOWN (find_descendant (GTK_WIDGET (history), GTK_TYPE_DROP_DOWN, NULL));
    GtkDropDown *person = GTK_DROP_DOWN (gtk_widget_get_next_sibling (GTK_WIDGET (kind)));
    GtkDropDown *revision = GTK_DROP_DOWN (gtk_widget_get_next_sibling (GTK_WIDGET (person)));
    GListModel *people = gtk_drop_down_get_model (person);
    GListModel *kinds = gtk_drop_down_get_model (kind);
    g_autofree char *row = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (people); i++)
      if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (people), i), "Rev") == 0)
        gtk_drop_down_set_selected (person, i);
    g_assert_cmpuint (pb_history_window_get_n_rows (history), ==, 1);
    row = pb_history_window_dup_row_text (history, 0);
    g_assert_nonnull (strstr (row, "Conditions: Annual audit"));
    gtk_drop_down_set_selected (person, 0);

    gtk_editable_set_text (GTK_EDITABLE (question), "q.YN");
    g_signal_emit_by_name (question, "search-changed");
    g_assert_cmpuint (pb_history_window_get_n_rows (history), ==, 2);
    gtk_editable_set_text (GTK_EDITABLE (question), "a yes");
    g_signal_emit_by_name (question, "search-changed");
    g_assert_cmpuint (pb_history_window_get_n_rows (history), ==, 2);
    gtk_editable_set_text (GTK_EDITABLE (question), "");
    g_signal_emit_by_name (question, "search-changed");

    for (guint i = 0; i < g_list_model_get_n_items (kinds); i++)
      if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (kinds), i),
                     pb_event_kind_get_label (PB_EVENT_ANSWER_CLEARED)) == 0)
        gtk_drop_down_set_selected (kind, i);
    g_assert_cmpuint (pb_history_window_get_n_rows (history), ==, 1);
    gtk_drop_down_set_selected (kind, 0);

    /* One revision: "any", then revision 1. */
    g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (revision)), ==, 2);
    gtk_drop_down_set_selected (revision, 1);
    g_assert_cmpuint (pb_history_window_get_n_rows (history), ==, 7);
  }

  gtk_window_destroy (GTK_WINDOW (history));
}

/* With two revisions, the revision filter shows one revision's events
 * and not the other's. */
static void
test_history_revisions (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbAnswer) yes = pb_answer_new_string ("yes");
  PbHistoryWindow *history;
  GtkDropDown *revision;
  guint n_all, n_first = 0, n_second = 0;

  sign_case (f);
  pb_test_act_as (f->store, "Åsa");
  g_assert_cmpuint (pb_case_store_reopen (f->store, f->case_id, "Customer changed its end use", &error), ==, 2);
  g_assert_no_error (error);
  pb_case_store_set_answer (f->store, f->case_id, "Q.yn", yes, "Second look", NULL, NULL, &error);
  g_assert_no_error (error);

  history = pb_history_window_new (f->window, f->store, f->case_id);
  while (pb_history_window_get_loading (history))
    g_main_context_iteration (NULL, TRUE);
  n_all = pb_history_window_get_n_rows (history);

  revision = GTK_DROP_DOWN (gtk_widget_get_next_sibling (gtk_widget_get_next_sibling (
    find_descendant (GTK_WIDGET (history), GTK_TYPE_DROP_DOWN, NULL))));
  g_assert_true (GTK_IS_DROP_DOWN (revision));
  /* "any", then revisions 1 and 2. */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (revision)), ==, 3);

  for (guint r = 1; r <= 2; r++)
    {
      g_autofree char *mine = g_strdup_printf (", revision %u", r);
      g_autofree char *other = g_strdup_printf (", revision %u", 3 - r);
      gboolean second_look = FALSE;

      gtk_drop_down_set_selected (revision, r);
      for (guint i = 0; i < pb_history_window_get_n_rows (history); i++)
        {
          g_autofree char *text = pb_history_window_dup_row_text (history, i);

          g_test_message ("revision %u: %s", r, text);
          g_assert_nonnull (strstr (text, mine));
          g_assert_null (strstr (text, other));
          second_look |= strstr (text, "Comment: Second look") != NULL;
        }
      g_assert_cmpint (second_look, ==, r == 2);
      if (r == 1)
        n_first = pb_history_window_get_n_rows (history);
      else
        n_second = pb_history_window_get_n_rows (history);
    }

  g_assert_cmpuint (n_first, >, 0);
  g_assert_cmpuint (n_second, >, 0);
  g_assert_cmpuint (n_first + n_second, ==, n_all);
  gtk_drop_down_set_selected (revision, 0);
  g_assert_cmpuint (pb_history_window_get_n_rows (history), ==, n_all);

  gtk_window_destroy (GTK_WINDOW (history));
}

/* What a second connection reads, and what this computer keeps, of an
 * answer typed in @f's wizard and not saved: its text, or NULL. */
static char *
kept_answer (Fixture    *f,
             const char *question_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbUnsavedAnswers) kept = pb_unsaved_answers_load (pb_case_store_get_display_name (f->store),
                                                              f->case_id, &error);
  g_autoptr(PbAnswer) answer = NULL;
  g_autofree char *comment = NULL;
  g_autofree char *base = NULL;

  g_assert_no_error (error);
  if (kept == NULL || !pb_unsaved_answers_lookup (kept, question_id, &answer, &comment, &base, NULL) ||
      answer == NULL)
    return NULL;

  return g_strdup (pb_answer_get_string (answer));
}

/* The disk fills as an answer is typed: the store refuses it. What was
 * typed stays on the page and on this computer, the header and the banner
 * say it is not saved and why, and Try Again saves it once there is room.
 * (Before: the question went back to the stored answer, the text was lost
 * and the header still said "All changes are saved".) */
static void
test_wizard_refused_save_kept (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *typed = g_strnfill (20000, 'x');
  g_autofree char *json = g_strdup_printf ("\"%s\"", typed);
  g_autofree char *stored = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(PbAnswer) shown = NULL;
  GtkWidget *entry, *retry;

  if (!store_fixture_needs_file (&f->base, "disk that fills (SQLite's page limit)"))
    return;

  fixture_open_wizard (f);
  entry = find_descendant (GTK_WIDGET (view_of (f, "Q.shown")), GTK_TYPE_ENTRY, NULL);
  g_assert_nonnull (entry);
  _pb_case_store_limit_growth (f->store, 1);

  gtk_editable_set_text (GTK_EDITABLE (entry), typed);
  pb_wizard_save_pending (f->wizard);

  g_assert_null (stored_answer (f, "Q.shown"));
  shown = pb_question_view_dup_answer (view_of (f, "Q.shown"));
  g_assert_nonnull (shown);
  g_assert_true (g_str_equal (pb_answer_get_string (shown), typed));
  g_assert_cmpuint (pb_wizard_get_n_unsaved (f->wizard), ==, 1);
  g_assert_nonnull (find_label (GTK_WIDGET (f->wizard), "Not saved"));
  g_assert_null (find_label (GTK_WIDGET (f->wizard), "All changes are saved"));
  g_assert_true (banner_shown (GTK_WIDGET (f->wizard), "Not saved: Q.shown. What you typed stays on this page"));
  retry = find_descendant (GTK_WIDGET (f->wizard), GTK_TYPE_BUTTON, "_Try Again");
  g_assert_nonnull (retry);
  g_assert_true (gtk_widget_get_visible (retry));
  kept = kept_answer (f, "Q.shown");
  g_assert_true (g_strcmp0 (kept, typed) == 0);
  g_clear_pointer (&kept, g_free);
  gtk_window_set_default_size (f->window, 1000, 700);
  spin_main_loop (400);
  screenshot (GTK_WIDGET (f->window), "wizard-save-refused.png");

  /* Still full: Try Again says so, and the answer still waits. */
  g_assert_true (gtk_widget_is_sensitive (retry));
  g_signal_emit_by_name (retry, "clicked");
  g_assert_cmpuint (pb_wizard_get_n_unsaved (f->wizard), ==, 1);
  g_assert_null (stored_answer (f, "Q.shown"));

  /* Room again: Try Again, from the keyboard, saves it, nothing waits any
   * more, and the keyboard lands on the question, not on nothing. */
  _pb_case_store_limit_growth (f->store, 10000);
  gtk_widget_grab_focus (retry);
  g_signal_emit_by_name (retry, "clicked");
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)), GTK_WIDGET (view_of (f, "Q.shown"))));
  stored = stored_answer (f, "Q.shown");
  g_assert_true (g_strcmp0 (stored, json) == 0);
  g_assert_cmpuint (pb_wizard_get_n_unsaved (f->wizard), ==, 0);
  g_assert_false (banner_shown (GTK_WIDGET (f->wizard), "Not saved"));
  g_assert_null (find_label (GTK_WIDGET (f->wizard), "Not saved"));
  g_assert_null (kept_answer (f, "Q.shown"));
}

static void
count_cb (gpointer  instance,
          guint    *count)
{
  (*count)++;
}

/* An answer the store refused waits on the page and in a file of this
 * computer; leaving the case sets it aside there. When that file cannot
 * be written (here: a folder stands where it goes), leaving would lose
 * what was typed: the wizard stays, says so above the page, and keeps it
 * on the page; once the file can be written, leaving sets it aside.
 * (show_not_kept () had no test.) */
static void
test_wizard_leave_not_kept (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *typed = g_strnfill (20000, 'k');
  g_autofree char *kept = NULL;
  g_autofree char *path = NULL;
  g_autoptr(PbUnsavedAnswers) file = NULL;
  g_autoptr(PbAnswer) shown = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *entry, *asked;
  const char *message;
  guint done = 0;

  if (!store_fixture_needs_file (&f->base, "disk that fills (SQLite's page limit)"))
    return;

  fixture_open_wizard (f);
  g_signal_connect (f->wizard, "done", G_CALLBACK (count_cb), &done);
  entry = find_descendant (GTK_WIDGET (view_of (f, "Q.shown")), GTK_TYPE_ENTRY, NULL);
  g_assert_nonnull (entry);
  _pb_case_store_limit_growth (f->store, 1);
  gtk_editable_set_text (GTK_EDITABLE (entry), typed);
  pb_wizard_save_pending (f->wizard);
  g_assert_cmpuint (pb_wizard_get_n_unsaved (f->wizard), ==, 1);
  kept = kept_answer (f, "Q.shown");
  g_assert_true (g_strcmp0 (kept, typed) == 0);

  /* The file it is kept in can no longer be written. */
  file = pb_unsaved_answers_load (pb_case_store_get_display_name (f->store), f->case_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (file);
  path = g_strdup (pb_unsaved_answers_get_path (file));
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);

  /* Back to the assessments, leaving without saving: refused. */
  gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.close", NULL);
  asked = find_message_dialog ("Leave Without Saving?");
  g_assert_nonnull (asked);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (asked), "leave");
  gtk_window_destroy (GTK_WINDOW (asked));
  g_assert_cmpuint (done, ==, 0);
  message = pb_wizard_get_message (f->wizard);
  g_assert_nonnull (message);
  g_test_message ("%s", message);
  g_assert_true (g_str_has_prefix (message, "What you typed could not be kept on this computer as well: "));
  g_assert_nonnull (strstr (message, path));
  g_assert_true (banner_shown (GTK_WIDGET (f->wizard), "What you typed could not be kept"));
  shown = pb_question_view_dup_answer (view_of (f, "Q.shown"));
  g_assert_nonnull (shown);
  g_assert_true (g_str_equal (pb_answer_get_string (shown), typed));
  g_assert_cmpuint (pb_wizard_get_n_unsaved (f->wizard), ==, 1);
  gtk_window_set_default_size (f->window, 1100, 700);
  spin_main_loop (400);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  screenshot (GTK_WIDGET (f->window), "wizard-not-kept.png");
  /* A path in a banner breaks where it must: the risk panel stays. */
  g_assert_false (adw_flap_get_folded (ADW_FLAP (gtk_widget_get_ancestor (pb_wizard_get_risk_panel (f->wizard),
                                                                          ADW_TYPE_FLAP))));

  /* The file can be written again: leaving sets it aside there. */
  g_assert_cmpint (g_rmdir (path), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.close", NULL);
  asked = find_message_dialog ("Leave Without Saving?");
  g_assert_nonnull (asked);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (asked), "leave");
  gtk_window_destroy (GTK_WINDOW (asked));
  g_assert_cmpuint (done, ==, 1);
  g_clear_pointer (&kept, g_free);
  kept = kept_answer (f, "Q.shown");
  g_assert_true (g_strcmp0 (kept, typed) == 0);
  g_assert_cmpint (g_unlink (path), ==, 0);
}

/* An answer refused while someone else answers another question: reading
 * the case again for theirs leaves what was typed on the page, waiting,
 * and Try Again saves it; had they changed the same one meanwhile, it is
 * refused as stale, saying so, never saved over theirs. (Before: reading
 * again put the stored answer on the page, so that Try Again saved an
 * unchanged answer and said what was refused was saved.) */
static void
test_wizard_refused_then_read (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(PbCaseStore) other = NULL;
  g_autoptr(PbAnswer) shown = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *typed = g_strnfill (20000, 'y');
  g_autofree char *json = g_strdup_printf ("\"%s\"", typed);
  g_autofree char *stored = NULL;
  g_autofree char *theirs = NULL;
  GtkWidget *entry, *retry;
  const char *message;

  if (!store_fixture_needs_file (&f->base, "disk that fills (SQLite's page limit)"))
    return;

  fixture_open_wizard (f);
  entry = find_descendant (GTK_WIDGET (view_of (f, "Q.shown")), GTK_TYPE_ENTRY, NULL);
  _pb_case_store_limit_growth (f->store, 1);
  gtk_editable_set_text (GTK_EDITABLE (entry), typed);
  pb_wizard_save_pending (f->wizard);
  g_assert_cmpuint (pb_wizard_get_n_unsaved (f->wizard), ==, 1);

  /* Someone else answers another question, through another connection;
   * this window hears of it. */
  other = pb_case_store_open (f->base.path, PB_CASE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  pb_test_act_as (other, "Someone Else");
  store_fixture_answer (other, f->case_id, "Q.ynu", "\"no\"", NULL, NULL);
  pb_wizard_refresh (f->wizard);

  shown = pb_question_view_dup_answer (view_of (f, "Q.shown"));
  g_assert_nonnull (shown);
  g_assert_true (g_str_equal (pb_answer_get_string (shown), typed));
  g_assert_cmpuint (pb_wizard_get_n_unsaved (f->wizard), ==, 1);
  g_clear_pointer (&shown, pb_answer_unref);
  shown = pb_question_view_dup_answer (view_of (f, "Q.ynu"));
  g_assert_nonnull (shown);
  g_assert_cmpstr (pb_answer_get_string (shown), ==, "no");
  retry = find_descendant (GTK_WIDGET (f->wizard), GTK_TYPE_BUTTON, "_Try Again");
  g_assert_nonnull (retry);

  /* Room again: saved on top of what it was typed on. */
  _pb_case_store_limit_growth (f->store, 10000);
  g_signal_emit_by_name (retry, "clicked");
  stored = stored_answer (f, "Q.shown");
  g_assert_true (g_strcmp0 (stored, json) == 0);
  g_assert_cmpuint (pb_wizard_get_n_unsaved (f->wizard), ==, 0);

  /* Refused again, then changed by them before it is tried again: theirs
   * stands, and the page says what was typed. */
  _pb_case_store_limit_growth (f->store, 1);
  gtk_editable_set_text (GTK_EDITABLE (entry), "z");
  gtk_editable_set_text (GTK_EDITABLE (entry), typed + 1);
  pb_wizard_save_pending (f->wizard);
  g_assert_cmpuint (pb_wizard_get_n_unsaved (f->wizard), ==, 1);
  store_fixture_answer (other, f->case_id, "Q.shown", "\"theirs\"", NULL, NULL);
  _pb_case_store_limit_growth (f->store, 10000);
  g_signal_emit_by_name (retry, "clicked");
  theirs = stored_answer (f, "Q.shown");
  g_assert_cmpstr (theirs, ==, "\"theirs\"");
  message = pb_wizard_get_message (f->wizard);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "Someone Else"));
  g_assert_nonnull (strstr (message, "Your answer, not saved"));
}

/* The time of @question_id's stored answer, as the store keeps it. */
static char *
stored_time (Fixture    *f,
             const char *question_id)
{
  g_autoptr(GListModel) records = NULL;
  g_autoptr(GError) error = NULL;

  records = pb_case_store_list_answers (f->store, f->case_id, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (records); i++)
    {
      g_autoptr(PbAnswerRecord) record = g_list_model_get_item (records, i);

      if (g_str_equal (pb_answer_record_get_question_id (record), question_id))
        return g_strdup (pb_answer_record_get_updated (record));
    }

  return NULL;
}

/* Someone else answered the question meanwhile: the banner above the page
 * says when as people read a time, in the form the case list and the
 * history use, not as the store keeps it; and the risk panel beside the
 * page stays where it was. (Before: "at 2026-12-04T17:30:12.123456Z", and
 * the banner's long text, asking to be as wide as it is long, folded the
 * panel away.) */
static void
test_wizard_stale_banner (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(PbCaseStore) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *when = NULL;
  GtkWidget *entry, *flap;
  const char *message;

  if (!store_fixture_needs_file (&f->base, "a second connection to the same file"))
    return;

  fixture_open_wizard (f);
  flap = gtk_widget_get_ancestor (pb_wizard_get_risk_panel (f->wizard), ADW_TYPE_FLAP);
  g_assert_nonnull (flap);
  g_assert_false (adw_flap_get_folded (ADW_FLAP (flap)));
  g_assert_true (adw_flap_get_reveal_flap (ADW_FLAP (flap)));

  other = pb_case_store_open (f->base.path, PB_CASE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  pb_test_act_as (other, "Someone Else");
  store_fixture_answer (other, f->case_id, "Q.shown", "\"theirs, a longer answer that they typed first\"",
                        "Checked with the customer's purchasing office", NULL);

  entry = find_descendant (GTK_WIDGET (view_of (f, "Q.shown")), GTK_TYPE_ENTRY, NULL);
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "mine");
  pb_wizard_save_pending (f->wizard);

  message = pb_wizard_get_message (f->wizard);
  g_assert_nonnull (message);
  g_test_message ("%s", message);
  g_assert_nonnull (strstr (message, "Someone Else"));
  raw = stored_time (f, "Q.shown");
  g_assert_nonnull (raw);
  when = pb_format_timestamp (raw);
  g_assert_cmpstr (when, !=, raw);
  g_assert_nonnull (strstr (message, when));
  g_assert_null (strstr (message, raw));

  spin_main_loop (400);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  g_assert_false (adw_flap_get_folded (ADW_FLAP (flap)));
  g_assert_true (adw_flap_get_reveal_flap (ADW_FLAP (flap)));
  g_assert_true (gtk_widget_get_mapped (pb_wizard_get_risk_panel (f->wizard)));
  screenshot (GTK_WIDGET (f->window), "wizard-stale-banner.png");
}

static void
test_wizard_typing_kept_on_close (Fixture       *f,
                                  gconstpointer  data)
{
  PbQuestionView *view;
  g_autofree char *json = NULL;

  fixture_open_wizard (f);

  /* Typed, then the window closes before the pause that saves it. */
  view = view_of (f, "Q.shown");
  gtk_editable_set_text (GTK_EDITABLE (find_descendant (GTK_WIDGET (view), GTK_TYPE_ENTRY, NULL)), "Half a thought");
  g_assert_null (stored_answer (f, "Q.shown"));
  gtk_window_destroy (f->window);
  f->window = GTK_WINDOW (gtk_window_new ());

  json = stored_answer (f, "Q.shown");
  g_assert_cmpstr (json, ==, "\"Half a thought\"");
}

typedef struct
{
  Fixture    *fixture;
  const char *text;
  gboolean    by_action;   /* Ctrl+Q's app.quit, else a plain quit (a signal, the session ending) */
} QuitRun;

/* The application opens the case, the person types, and the application
 * ends before the pause that autosaves. */
static void
type_and_quit_cb (GApplication *app,
                  QuitRun      *run)
{
  PbWindow *window = pb_window_new (PB_APPLICATION (app), run->fixture->base.path);
  g_autofree char *before = NULL;
  GtkWidget *view;
  GtkWidget *wizard;
  GtkWidget *question;

  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  /* The file is opened and checked in a worker, then listed. */
  while (pb_window_get_loading (window))
    g_main_context_iteration (NULL, TRUE);
  view = find_case_view (GTK_WIDGET (window));
  g_signal_emit_by_name (view, "activate", 0);
  wizard = find_descendant (GTK_WIDGET (window), PB_TYPE_WIZARD, NULL);
  g_assert_nonnull (wizard);
  question = pb_wizard_get_question_view (PB_WIZARD (wizard), "Q.shown");
  gtk_editable_set_text (GTK_EDITABLE (find_descendant (question, GTK_TYPE_ENTRY, NULL)), run->text);
  before = stored_answer (run->fixture, "Q.shown");
  g_assert_true (before == NULL || strstr (before, run->text) == NULL);

  if (run->by_action)
    g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  else
    g_application_quit (app);
}

/* Closing the window saved what was typed; quitting did not, and lost the
 * last ~600 ms of typing. Every way out saves it first. */
static void
test_application_quit_saves (Fixture       *f,
                             gconstpointer  data)
{
  const QuitRun runs[] = {
    { f, "Typed just before Ctrl+Q", TRUE },
    { f, "Typed just before the session ended", FALSE },
  };

  g_clear_object (&f->store);
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autoptr(PbApplication) app = pb_application_new ();
      g_autofree char *json = NULL;
      g_autofree char *expected = g_strdup_printf ("\"%s\"", runs[i].text);

      g_signal_connect (app, "activate", G_CALLBACK (type_and_quit_cb), (gpointer) &runs[i]);
      g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);

      json = stored_answer (f, "Q.shown");
      g_assert_cmpstr (json, ==, expected);
    }
}

static PbDecisionDialog *
find_decision_dialog (void)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (PB_IS_DECISION_DIALOG (window) && gtk_widget_get_visible (window))
        return PB_DECISION_DIALOG (window);
    }

  return NULL;
}

static void
test_wizard_submit_and_decide (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(PbActor) reviewer = pb_actor_new ("Rev Iewer", PB_ROLE_REVIEWER, "Probity Test");
  g_autoptr(GError) error = NULL;
  PbDecisionDialog *decision;
  GtkWidget *dialog;

  fixture_open_wizard (f);

  /* Refused while a required answer is missing: the review page says which. */
  gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.submit", NULL);
  g_assert_cmpint (pb_case_store_get_status (f->store, f->case_id, 0, &error), ==, PB_CASE_STATUS_DRAFT);
  g_assert_cmpuint (pb_wizard_get_page (f->wizard), ==, 2);
  g_assert_nonnull (pb_wizard_get_message (f->wizard));

  pb_wizard_show_question (f->wizard, "Q.yn");
  click (view_of (f, "Q.yn"), GTK_TYPE_TOGGLE_BUTTON, "No");
  gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.submit", NULL);
  g_assert_cmpint (pb_case_store_get_status (f->store, f->case_id, 0, &error), ==, PB_CASE_STATUS_SUBMITTED);
  g_assert_false (pb_wizard_get_editable (f->wizard));

  /* Another person, a legal reviewer, decides. */
  pb_case_store_set_actor (f->store, reviewer);
  gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.decide", NULL);
  decision = find_decision_dialog ();
  g_assert_nonnull (decision);
  g_assert_false (pb_decision_dialog_get_choice (decision, NULL));
  pb_decision_dialog_choose (decision, PB_CASE_STATUS_APPROVED_WITH_CONDITIONS);
  pb_decision_dialog_set_texts (decision, "Parking enforcement only", NULL, NULL);
  /* Record waits for the conditions. */
  gtk_widget_activate_action (GTK_WIDGET (decision), "decision.record", NULL);
  g_assert_cmpint (pb_case_store_get_status (f->store, f->case_id, 0, &error), ==, PB_CASE_STATUS_SUBMITTED);
  pb_decision_dialog_set_texts (decision, NULL, "No export of plate data", NULL);
  gtk_widget_activate_action (GTK_WIDGET (decision), "decision.record", NULL);
  g_assert_cmpint (pb_case_store_get_status (f->store, f->case_id, 0, &error), ==,
                   PB_CASE_STATUS_APPROVED_WITH_CONDITIONS);
  g_assert_false (pb_wizard_get_editable (f->wizard));
  /* Decided: the banner no longer says that the review goes on. */
  {
    g_autofree char *banner = g_strdup_printf ("%s: the decision is recorded with these answers. To change them, the "
                                               "case is sent back for changes; the review page says what comes next.",
                                               pb_case_status_get_label (PB_CASE_STATUS_APPROVED_WITH_CONDITIONS));

    g_assert_nonnull (find_label (GTK_WIDGET (f->wizard), banner));
  }
  /* The review page leads with the recorded decision and the next step. */
  {
    GtkWidget *row;

    gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.review", NULL);
    row = find_descendant (GTK_WIDGET (f->wizard), ADW_TYPE_ACTION_ROW,
                           pb_case_status_get_label (PB_CASE_STATUS_APPROVED_WITH_CONDITIONS));
    g_assert_nonnull (row);
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Parking enforcement only");
    row = find_descendant (GTK_WIDGET (f->wizard), ADW_TYPE_ACTION_ROW, "Conditions");
    g_assert_nonnull (row);
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "No export of plate data");
    g_assert_nonnull (find_descendant (GTK_WIDGET (f->wizard), ADW_TYPE_ACTION_ROW, "Approved by"));
    g_assert_nonnull (find_descendant (GTK_WIDGET (f->wizard), GTK_TYPE_BUTTON, "Create Signed _Report…"));
  }

  /* The reviewer sends it back: editable again, the reason in the history. */
  spin_main_loop (50);
  gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.return-to-draft", NULL);
  dialog = find_message_dialog ("Send Back for Changes?");
  g_assert_nonnull (dialog);
  g_assert_true (PB_IS_REASON_DIALOG (dialog));
  pb_reason_dialog_set_reason (PB_REASON_DIALOG (dialog), "Name the car parks.\nSay who runs them.");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "confirm");
  g_assert_cmpint (pb_case_store_get_status (f->store, f->case_id, 0, &error), ==, PB_CASE_STATUS_DRAFT);
  g_assert_true (pb_wizard_get_editable (f->wizard));

  /* Whoever answers it sees who sent it back and why (accept32 4), until
   * it is submitted again. */
  {
    GtkWidget *sent_back = find_label_containing (GTK_WIDGET (f->wizard), "Sent back for changes by ");

    g_assert_nonnull (sent_back);
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (sent_back)), "“Name the car parks.\nSay who runs them.”"));
    g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_ancestor (sent_back, GTK_TYPE_REVEALER))));
    spin_main_loop (400);
    screenshot (GTK_WIDGET (f->window), "wizard-sent-back.png");
    gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.submit", NULL);
    g_assert_cmpint (pb_case_store_get_status (f->store, f->case_id, 0, &error), ==, PB_CASE_STATUS_SUBMITTED);
    g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_ancestor (sent_back,
                                                                                          GTK_TYPE_REVEALER))));
  }
}

/* A rejection is a decision too: the banner says it is recorded and what
 * comes next, not that the review goes on, and the review page names who
 * rejected it and why. */
static void
test_wizard_reject (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(PbActor) reviewer = pb_actor_new ("Rev Iewer", PB_ROLE_REVIEWER, "Probity Test");
  g_autoptr(GError) error = NULL;
  g_autofree char *reviewed = g_strdup_printf ("%s: the answers are not changed here while the case is reviewed; "
                                               "to change them, a legal reviewer sends it back for changes. A "
                                               "correction made during the review needs a reason, shows in the "
                                               "history, and its author does not approve the case.",
                                               pb_case_status_get_label (PB_CASE_STATUS_SUBMITTED));
  g_autofree char *banner = g_strdup_printf ("%s: the decision is recorded with these answers. To change them, the "
                                             "case is sent back for changes; the review page says what comes next.",
                                             pb_case_status_get_label (PB_CASE_STATUS_REJECTED));
  PbDecisionDialog *decision;
  GtkWidget *row;

  fixture_open_wizard (f);
  click (view_of (f, "Q.yn"), GTK_TYPE_TOGGLE_BUTTON, "Yes");
  gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.submit", NULL);
  g_assert_cmpint (pb_case_store_get_status (f->store, f->case_id, 0, &error), ==, PB_CASE_STATUS_SUBMITTED);
  g_assert_nonnull (find_label (GTK_WIDGET (f->wizard), reviewed));
  g_assert_null (find_label (GTK_WIDGET (f->wizard), banner));

  pb_case_store_set_actor (f->store, reviewer);
  gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.decide", NULL);
  decision = find_decision_dialog ();
  g_assert_nonnull (decision);
  pb_decision_dialog_choose (decision, PB_CASE_STATUS_REJECTED);
  pb_decision_dialog_set_texts (decision, "Plate data leaves the country", NULL, NULL);
  gtk_widget_activate_action (GTK_WIDGET (decision), "decision.record", NULL);
  g_assert_cmpint (pb_case_store_get_status (f->store, f->case_id, 0, &error), ==, PB_CASE_STATUS_REJECTED);
  g_assert_false (pb_wizard_get_editable (f->wizard));

  g_assert_nonnull (find_label (GTK_WIDGET (f->wizard), banner));
  g_assert_null (find_label (GTK_WIDGET (f->wizard), reviewed));

  gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.review", NULL);
  row = find_descendant (GTK_WIDGET (f->wizard), ADW_TYPE_ACTION_ROW,
                         pb_case_status_get_label (PB_CASE_STATUS_REJECTED));
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Plate data leaves the country");
  row = find_descendant (GTK_WIDGET (f->wizard), ADW_TYPE_ACTION_ROW, "Rejected by");
  g_assert_nonnull (row);
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Rev Iewer ("));
  g_assert_null (find_descendant (GTK_WIDGET (f->wizard), ADW_TYPE_ACTION_ROW, "Approved by"));
  g_assert_nonnull (find_descendant (GTK_WIDGET (f->wizard), GTK_TYPE_BUTTON, "Create Signed _Report…"));
}

static void
open_case_cb (PbWizard   *wizard,
              const char *case_id,
              char      **out)
{
  g_free (*out);
  *out = g_strdup (case_id);
}

/* A case answered under surveillance-export 1.0.0 offers to carry its
 * answers into the installed version (2.1.0): the dialog says what changes, and
 * accepting makes a new case, which the window is asked to open. */
static void
test_wizard_migrate (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *xml = g_test_build_filename (G_TEST_DIST, "data", "questionnaires-1.0.0",
                                                "surveillance-export-1.0.0.xml", NULL);
  g_autofree char *answers_path = g_test_build_filename (G_TEST_DIST, "data", "answers-1.0.0",
                                                         "morpho-shanghai-psb.json", NULL);
  g_autoptr(GFile) xml_file = g_file_new_for_path (xml);
  g_autoptr(GFile) answers_file = g_file_new_for_path (answers_path);
  g_autoptr(PbQuestionnaire) old = NULL;
  g_autoptr(PbQuestionnaire) pinned = NULL;
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(PbCaseInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *opened = NULL;
  GtkWidget *dialog;

  old = pb_questionnaire_new_from_file (xml_file, &error);
  g_assert_no_error (error);
  answers = pb_answer_set_new_from_file (answers_file, &error);
  g_assert_no_error (error);
  info = pb_case_store_get_case (f->store, f->case_id, &error);
  g_assert_no_error (error);
  g_free (f->case_id);
  f->case_id = pb_case_store_create_case (f->store, pb_case_info_get_customer_uid (info),
                                          pb_case_info_get_product_uid (info), old, &error);
  g_assert_no_error (error);
  pb_case_store_set_answers (f->store, f->case_id, answers, NULL, &error);
  g_assert_no_error (error);

  fixture_open_wizard (f);
  g_signal_connect (f->wizard, "open-case", G_CALLBACK (open_case_cb), &opened);
  gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.migrate", NULL);
  dialog = find_message_dialog ("Carry the Answers Into Version 2.1.0?");
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "no longer asked"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "migrate");

  g_assert_nonnull (opened);
  g_assert_cmpstr (opened, !=, f->case_id);
  pinned = pb_case_store_load_questionnaire (f->store, opened, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_questionnaire_get_version (pinned), ==, "2.1.0");
  g_clear_object (&pinned);
  pinned = pb_case_store_load_questionnaire (f->store, f->case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_questionnaire_get_version (pinned), ==, "1.0.0");
}

/* The role in the preferences decides what the wizard offers, and changes
 * with them while the case is open; the store refuses the rest anyway. */
static void
test_wizard_roles (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(PbActor) auditor = pb_actor_new ("Aino Virtanen", PB_ROLE_AUDITOR, "Audit Oy");
  g_autoptr(PbActor) sales = pb_actor_new ("tester", PB_ROLE_SALES, NULL);
  g_autoptr(PbActor) reviewer = pb_actor_new ("Rev Iewer", PB_ROLE_REVIEWER, NULL);
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  pb_case_store_set_actor (f->store, auditor);
  fixture_open_wizard (f);
  g_assert_false (pb_wizard_get_editable (f->wizard));
  gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.submit", NULL);
  g_assert_cmpint (pb_case_store_get_status (f->store, f->case_id, 0, &error), ==, PB_CASE_STATUS_DRAFT);

  pb_case_store_set_actor (f->store, sales);
  g_assert_true (pb_wizard_get_editable (f->wizard));
  pb_wizard_show_question (f->wizard, "Q.yn");
  click (view_of (f, "Q.yn"), GTK_TYPE_TOGGLE_BUTTON, "No");
  gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.submit", NULL);
  g_assert_cmpint (pb_case_store_get_status (f->store, f->case_id, 0, &error), ==, PB_CASE_STATUS_SUBMITTED);

  /* Sales is not offered the decision. */
  gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.decide", NULL);
  spin_main_loop (50);
  g_assert_null (find_decision_dialog ());

  pb_case_store_set_actor (f->store, reviewer);
  gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.decide", NULL);
  spin_main_loop (50);
  dialog = GTK_WIDGET (find_decision_dialog ());
  g_assert_nonnull (dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpint (pb_case_store_get_status (f->store, f->case_id, 0, &error), ==, PB_CASE_STATUS_SUBMITTED);
}

/* A case of the store tests' questionnaire, where a gate answered
 * "unknown" rates do-not-proceed and spyware without a licence is a legal
 * hard stop, answered and submitted by sales. */
static char *
submitted_case (Fixture    *f,
                const char *family,
                const char *licence)
{
  g_autofree char *xml = g_test_build_filename (G_TEST_DIST, "data", "storage", "store-test.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (xml);
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autoptr(GListModel) cases = NULL;
  g_autoptr(PbCaseInfo) info = NULL;
  g_autoptr(PbAnswer) value = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PbActor) sales = pb_actor_new ("Åsa Lindqvist", PB_ROLE_SALES, "Nordvik Systems AB");
  char *case_id;

  questionnaire = pb_questionnaire_new_from_file (file, &error);
  g_assert_no_error (error);
  cases = pb_case_store_list_cases (f->store, NULL, &error);
  info = g_list_model_get_item (cases, 0);
  pb_case_store_set_actor (f->store, sales);
  case_id = pb_case_store_create_case (f->store, pb_case_info_get_customer_uid (info),
                                       pb_case_info_get_product_uid (info), questionnaire, &error);
  g_assert_no_error (error);
  value = g_str_equal (family, "unknown") ? pb_answer_new_unknown () : pb_answer_new_string (family);
  pb_case_store_set_answer (f->store, case_id, "S1.01", value, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  if (licence != NULL)
    {
      g_autoptr(PbAnswer) yes_no = pb_answer_new_string (licence);

      pb_case_store_set_answer (f->store, case_id, "S1.02", yes_no, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  pb_case_store_submit (f->store, case_id, &error);
  g_assert_no_error (error);

  return case_id;
}

/* Who wrote an answer of the revision does not approve it: the dialog
 * says so at once, rejecting stays open, another reviewer approves. */
static void
test_decision_author (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(PbActor) ingrid = pb_actor_new ("Ingrid Larsson", PB_ROLE_REVIEWER, "Nordvik Systems AB");
  g_autoptr(PbActor) karl = pb_actor_new ("Karl Berg", PB_ROLE_REVIEWER, "Nordvik Systems AB");
  g_autoptr(PbActor) sales = pb_actor_new ("Åsa Lindqvist", PB_ROLE_SALES, "Nordvik Systems AB");
  g_autoptr(PbAnswer) value = pb_answer_new_string ("camera");
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = submitted_case (f, "camera", NULL);
  PbDecisionDialog *dialog;
  GtkWidget *approve;

  pb_case_store_set_actor (f->store, ingrid);
  g_assert_true (pb_case_store_return_to_draft (f->store, case_id, "Name the camera's model", &error));
  g_assert_true (pb_case_store_set_answer (f->store, case_id, "S1.01", value, "Model EC-4", NULL, NULL, &error));
  g_assert_no_error (error);
  pb_case_store_set_actor (f->store, sales);
  g_assert_true (pb_case_store_submit (f->store, case_id, &error));
  g_assert_no_error (error);

  pb_case_store_set_actor (f->store, ingrid);
  dialog = pb_decision_dialog_new (f->window, f->store, case_id, &error);
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_false (pb_decision_dialog_can_choose (dialog, PB_CASE_STATUS_APPROVED));
  g_assert_false (pb_decision_dialog_can_choose (dialog, PB_CASE_STATUS_APPROVED_WITH_CONDITIONS));
  g_assert_true (pb_decision_dialog_can_choose (dialog, PB_CASE_STATUS_REJECTED));
  approve = find_descendant (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "_Approve");
  g_assert_nonnull (approve);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (approve)), "you wrote answers"));
  screenshot (GTK_WIDGET (dialog), "decision-dialog-author.png");
  gtk_window_destroy (GTK_WINDOW (dialog));

  pb_case_store_set_actor (f->store, karl);
  dialog = pb_decision_dialog_new (f->window, f->store, case_id, &error);
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (pb_decision_dialog_can_choose (dialog, PB_CASE_STATUS_APPROVED));
  pb_decision_dialog_choose (dialog, PB_CASE_STATUS_APPROVED);
  pb_decision_dialog_set_texts (dialog, "A car park camera", NULL, NULL);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "decision.record", NULL);
  g_assert_cmpint (pb_case_store_get_status (f->store, case_id, 0, NULL), ==, PB_CASE_STATUS_APPROVED);
}

/* The answers changed during the review (a reviewer's correction, given
 * with its reason) now stop the sale: the decision dialog read before
 * offers an approval no longer. Chosen all the same, it is not recorded:
 * the dialog shows the hard stop, chooses nothing, and points to Reject or
 * Send Back for Changes, whose button asks for the reason at once.
 * (Before: the store's refusal only, pointing to "reopen", which a
 * submitted case has not.) */
static void
test_decision_hard_stop_arrives (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(PbActor) ingrid = pb_actor_new ("Ingrid Larsson", PB_ROLE_REVIEWER, "Nordvik Systems AB");
  g_autoptr(PbActor) karl = pb_actor_new ("Karl Berg", PB_ROLE_REVIEWER, "Nordvik Systems AB");
  g_autoptr(PbAnswer) spyware = pb_answer_new_string ("spyware");
  g_autoptr(PbAnswer) no = pb_answer_new_string ("no");
  g_autoptr(GError) error = NULL;
  PbDecisionDialog *dialog;
  GtkWidget *approve, *send_back, *asked;
  PbCaseStatus chosen;

  g_free (f->case_id);
  f->case_id = submitted_case (f, "camera", NULL);
  pb_case_store_set_actor (f->store, karl);
  fixture_open_wizard (f);
  gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.decide", NULL);
  spin_main_loop (50);
  dialog = find_decision_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (pb_decision_dialog_can_choose (dialog, PB_CASE_STATUS_APPROVED));
  pb_decision_dialog_choose (dialog, PB_CASE_STATUS_APPROVED);
  pb_decision_dialog_set_texts (dialog, "A car park camera", NULL, NULL);

  /* Meanwhile Ingrid corrects the product family: intrusion software
   * without a licence, a legal hard stop. */
  pb_case_store_set_actor (f->store, ingrid);
  g_assert_true (pb_case_store_set_answer (f->store, f->case_id, "S1.01", spyware, NULL, NULL,
                                           "The datasheet says intrusion software", &error));
  g_assert_no_error (error);
  g_assert_true (pb_case_store_set_answer (f->store, f->case_id, "S1.02", no, NULL, NULL,
                                           "No licence was applied for", &error));
  g_assert_no_error (error);
  g_assert_cmpint (pb_case_store_get_status (f->store, f->case_id, 0, NULL), ==, PB_CASE_STATUS_SUBMITTED);

  pb_case_store_set_actor (f->store, karl);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "decision.record", NULL);
  spin_main_loop (50);
  g_assert_cmpint (pb_case_store_get_status (f->store, f->case_id, 0, NULL), ==, PB_CASE_STATUS_SUBMITTED);
  g_assert_true (find_decision_dialog () == dialog);
  g_assert_false (pb_decision_dialog_can_choose (dialog, PB_CASE_STATUS_APPROVED));
  g_assert_false (pb_decision_dialog_can_choose (dialog, PB_CASE_STATUS_APPROVED_WITH_CONDITIONS));
  g_assert_true (pb_decision_dialog_can_choose (dialog, PB_CASE_STATUS_REJECTED));
  g_assert_false (pb_decision_dialog_get_choice (dialog, &chosen));
  g_assert_nonnull (find_descendant (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "Listed item without a licence"));
  approve = find_descendant (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "_Approve");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (approve)), "send it back for changes"));
  g_assert_nonnull (pb_decision_dialog_get_error (dialog));
  g_assert_nonnull (strstr (pb_decision_dialog_get_error (dialog), "legal hard stop now applies"));
  send_back = find_descendant (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "Send _Back for Changes…");
  g_assert_nonnull (send_back);
  g_assert_true (gtk_widget_is_visible (send_back));
  g_assert_true (gtk_widget_is_sensitive (send_back));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  screenshot (GTK_WIDGET (dialog), "decision-dialog-hard-stop-arrived.png");

  /* Send Back for Changes: the dialog closes, the reason is asked. */
  g_signal_emit_by_name (send_back, "clicked");
  spin_main_loop (50);
  g_assert_null (find_decision_dialog ());
  asked = find_message_dialog ("Send Back for Changes?");
  g_assert_nonnull (asked);
  gtk_window_destroy (GTK_WINDOW (asked));
}

/* The dialog's note is told to a screen reader as it appears, GTK 4.8
 * having no announcement: shown in an alert (AT-SPI's alert role), and the
 * dialog's description. */
static void
assert_note_spoken (PbDecisionDialog *dialog)
{
  const char *said = pb_decision_dialog_get_error (dialog);
  GtkWidget *note;

  g_assert_nonnull (said);
  note = find_label (GTK_WIDGET (dialog), said);
  g_assert_nonnull (note);
  g_assert_true (gtk_widget_is_visible (note));
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (note), GTK_ACCESSIBLE_ROLE_ALERT);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (dialog), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, said);
}

/* The answers change during the review without a hard stop: the product
 * family is now unknown, a gap, so the outcome is "Do not proceed" and an
 * approval an override. The window's watch tells the wizard, which tells
 * the open decision dialog: it shows the outcome as it is now, says what
 * changed, and asks for the override's rationale before it records the
 * approval, which then awaits a second legal reviewer. (Before: the dialog
 * went on showing "Proceed" and asked for no rationale.) */
static void
test_decision_override_arrives (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(PbActor) karl = pb_actor_new ("Karl Berg", PB_ROLE_REVIEWER, "Nordvik Systems AB");
  g_autoptr(PbActor) ingrid_larsson = pb_actor_new ("Ingrid Larsson", PB_ROLE_REVIEWER, "Nordvik Systems AB");
  g_autoptr(PbAnswer) unknown = pb_answer_new_unknown ();
  g_autoptr(PbCaseStore) ingrid = NULL;
  g_autoptr(GError) error = NULL;
  PbDecisionDialog *dialog;
  GtkWidget *override, *approve, *rationale, *record;
  PbCaseStatus chosen;

  if (!store_fixture_needs_file (&f->base, "a second connection to the same file"))
    return;

  g_free (f->case_id);
  f->case_id = submitted_case (f, "camera", NULL);
  pb_case_store_set_actor (f->store, karl);
  fixture_open_wizard (f);
  gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.decide", NULL);
  spin_main_loop (50);
  dialog = find_decision_dialog ();
  g_assert_nonnull (dialog);
  g_assert_nonnull (find_descendant (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "Proceed"));
  pb_decision_dialog_choose (dialog, PB_CASE_STATUS_APPROVED);
  pb_decision_dialog_set_texts (dialog, "A car park camera", NULL, NULL);
  rationale = find_descendant (GTK_WIDGET (dialog), PB_TYPE_TEXT_FIELD, "Why the outcome is overridden");
  g_assert_nonnull (rationale);
  override = gtk_widget_get_ancestor (rationale, ADW_TYPE_PREFERENCES_GROUP);
  g_assert_nonnull (override);
  g_assert_false (gtk_widget_get_visible (override));
  record = find_descendant (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "_Record");
  g_assert_nonnull (record);
  g_assert_true (gtk_widget_is_sensitive (record));
  gtk_widget_grab_focus (record);

  /* Meanwhile Ingrid, through her own connection, finds the family not
   * known after all; the window's watch hears of it and tells the wizard. */
  ingrid = pb_case_store_open (f->base.path, PB_CASE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  pb_case_store_set_actor (ingrid, ingrid_larsson);
  g_assert_true (pb_case_store_set_answer (ingrid, f->case_id, "S1.01", unknown, NULL, NULL,
                                           "The datasheet names no product family", &error));
  g_assert_no_error (error);
  pb_wizard_refresh (f->wizard);

  /* The outcome as it is now, the override asked for. */
  g_assert_true (find_decision_dialog () == dialog);
  g_assert_nonnull (find_descendant (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "Do not proceed"));
  g_assert_null (find_descendant (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "Proceed"));
  g_assert_true (pb_decision_dialog_get_choice (dialog, &chosen));
  g_assert_cmpint (chosen, ==, PB_CASE_STATUS_APPROVED);
  g_assert_true (gtk_widget_get_visible (override));
  g_assert_true (gtk_widget_is_visible (rationale));
  approve = find_descendant (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "_Approve");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (approve)), "An override"));
  g_assert_nonnull (pb_decision_dialog_get_error (dialog));
  g_assert_nonnull (strstr (pb_decision_dialog_get_error (dialog), "the outcome is now “Do not proceed”"));
  g_assert_nonnull (strstr (pb_decision_dialog_get_error (dialog), "second legal reviewer"));
  assert_note_spoken (dialog);
  g_assert_false (gtk_widget_is_sensitive (record));
  /* Record, which had the focus, gave it to the note. */
  g_assert_true (gtk_root_get_focus (GTK_ROOT (dialog)) ==
                 find_label (GTK_WIDGET (dialog), pb_decision_dialog_get_error (dialog)));
  gtk_window_set_default_size (GTK_WINDOW (dialog), 640, 900);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  screenshot (GTK_WIDGET (dialog), "decision-dialog-override-arrived.png");

  /* With its rationale: recorded as an override, awaiting a second. */
  pb_decision_dialog_set_texts (dialog, NULL, NULL, "Deployment limited to the car park, audited yearly");
  g_assert_true (gtk_widget_is_sensitive (record));
  g_signal_emit_by_name (record, "clicked");
  spin_main_loop (50);
  g_assert_null (find_decision_dialog ());
  g_assert_cmpint (pb_case_store_get_status (f->store, f->case_id, 0, NULL), ==,
                   PB_CASE_STATUS_AWAITING_SECOND_APPROVAL);
}

/* Another legal reviewer rejects the case through her own connection
 * while Karl's decision dialog is open, his approval chosen and its reason
 * typed. The window's watch tells the wizard, which tells the dialog: it
 * says who decided what and when, records nothing (Record and the choices
 * insensitive, Close what Return does) and stays open to be read; its
 * note is spoken. (Before: the dialog learnt of it only from the store's
 * refusal of Karl's decision.) */
static void
test_decision_decided_elsewhere (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(PbActor) karl = pb_actor_new ("Karl Berg", PB_ROLE_REVIEWER, "Nordvik Systems AB");
  g_autoptr(PbActor) ingrid_larsson = pb_actor_new ("Ingrid Larsson", PB_ROLE_REVIEWER, "Nordvik Systems AB");
  g_autoptr(PbCaseStore) ingrid = NULL;
  g_autoptr(GError) error = NULL;
  PbDecisionDialog *dialog;
  GtkWidget *record, *close;
  const char *said;

  if (!store_fixture_needs_file (&f->base, "a second connection to the same file"))
    return;

  g_free (f->case_id);
  f->case_id = submitted_case (f, "camera", NULL);
  pb_case_store_set_actor (f->store, karl);
  fixture_open_wizard (f);
  gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.decide", NULL);
  spin_main_loop (50);
  dialog = find_decision_dialog ();
  g_assert_nonnull (dialog);
  pb_decision_dialog_choose (dialog, PB_CASE_STATUS_APPROVED);
  pb_decision_dialog_set_texts (dialog, "A car park camera", NULL, NULL);
  record = find_descendant (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "_Record");
  g_assert_nonnull (record);
  g_assert_true (gtk_widget_is_sensitive (record));
  g_assert_null (pb_decision_dialog_get_error (dialog));

  /* Meanwhile Ingrid rejects it, elsewhere. */
  ingrid = pb_case_store_open (f->base.path, PB_CASE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  pb_case_store_set_actor (ingrid, ingrid_larsson);
  g_assert_true (pb_case_store_decide (ingrid, f->case_id, PB_CASE_STATUS_REJECTED, "Plate data leaves the country",
                                       NULL, NULL, &error));
  g_assert_no_error (error);
  pb_wizard_refresh (f->wizard);

  /* Who decided what and when, said at once; nothing left to record. */
  g_assert_true (find_decision_dialog () == dialog);
  said = pb_decision_dialog_get_error (dialog);
  g_assert_nonnull (said);
  g_test_message ("%s", said);
  g_assert_true (g_str_has_prefix (said, "Ingrid Larsson decided this case meanwhile: rejected, on 20"));
  g_assert_nonnull (strstr (said, "“Plate data leaves the country”"));
  g_assert_false (gtk_widget_is_sensitive (record));
  g_assert_false (pb_decision_dialog_can_choose (dialog, PB_CASE_STATUS_APPROVED));
  g_assert_false (pb_decision_dialog_can_choose (dialog, PB_CASE_STATUS_REJECTED));
  close = find_descendant (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "_Close");
  g_assert_nonnull (close);
  g_assert_true (gtk_widget_is_sensitive (close));
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (dialog)) == close);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (dialog)) == close);
  assert_note_spoken (dialog);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (close), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, said);

  /* Told again (another change), it stays as it was: the decision taken. */
  pb_decision_dialog_refresh (dialog);
  g_assert_cmpstr (pb_decision_dialog_get_error (dialog), ==, said);
  g_assert_cmpint (pb_case_store_get_status (f->store, f->case_id, 0, NULL), ==, PB_CASE_STATUS_REJECTED);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  screenshot (GTK_WIDGET (dialog), "decision-dialog-decided-elsewhere.png");

  /* Return closes it (a button activated shows itself pressed first). */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "default.activate", NULL);
  spin_main_loop (500);
  g_assert_null (find_decision_dialog ());
  g_assert_cmpint (pb_case_store_get_status (f->store, f->case_id, 0, NULL), ==, PB_CASE_STATUS_REJECTED);
}

/* Another reviewer's decision, from another Probity instance, landing
 * between the dialog's last read of the case and its record. */
typedef struct
{
  PbCaseStore *store;
  const char  *case_id;
  guint        n_calls;
} DecideElsewhere;

static void
decide_elsewhere_cb (PbDecisionDialog *dialog,
                     gpointer          data)
{
  DecideElsewhere *elsewhere = data;
  g_autoptr(GError) error = NULL;

  elsewhere->n_calls++;
  g_assert_true (pb_case_store_decide (elsewhere->store, elsewhere->case_id, PB_CASE_STATUS_REJECTED,
                                       "Plate data leaves the country", NULL, NULL, &error));
  g_assert_no_error (error);
}

/* Ingrid approves the case elsewhere and Karl, his dialog not told yet,
 * records his rejection: refused, and the dialog says who decided what,
 * not only the store's refusal. Then she rejects another case after his
 * dialog read it again on Record, a moment before his approval reaches
 * the store: the store refuses it, the dialog says who decided what and
 * when in the store's words, and nothing of his is recorded. */
static void
test_decision_decided_before_record (Fixture       *f,
                                     gconstpointer  data)
{
  g_autofree char *second = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *head = NULL;
  DecideElsewhere elsewhere = { 0 };
  guint before = 0;
  guint after = 0;
  g_autoptr(PbActor) karl = pb_actor_new ("Karl Berg", PB_ROLE_REVIEWER, "Nordvik Systems AB");
  g_autoptr(PbActor) ingrid_larsson = pb_actor_new ("Ingrid Larsson", PB_ROLE_REVIEWER, "Nordvik Systems AB");
  g_autoptr(PbCaseStore) ingrid = NULL;
  g_autoptr(PbDecision) decision = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = NULL;
  PbDecisionDialog *dialog;
  const char *said;

  if (!store_fixture_needs_file (&f->base, "a second connection to the same file"))
    return;

  case_id = submitted_case (f, "camera", NULL);
  pb_case_store_set_actor (f->store, karl);
  dialog = pb_decision_dialog_new (f->window, f->store, case_id, &error);
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (dialog));
  pb_decision_dialog_choose (dialog, PB_CASE_STATUS_REJECTED);
  pb_decision_dialog_set_texts (dialog, "Plate data leaves the country", NULL, NULL);

  ingrid = pb_case_store_open (f->base.path, PB_CASE_STORE_FLAGS_NONE, &error);
  g_assert_no_error (error);
  pb_case_store_set_actor (ingrid, ingrid_larsson);
  g_assert_true (pb_case_store_decide (ingrid, case_id, PB_CASE_STATUS_APPROVED, "A car park camera", NULL, NULL,
                                       &error));
  g_assert_no_error (error);

  gtk_widget_activate_action (GTK_WIDGET (dialog), "decision.record", NULL);
  spin_main_loop (50);
  g_assert_true (find_decision_dialog () == dialog);
  said = pb_decision_dialog_get_error (dialog);
  g_assert_nonnull (said);
  g_test_message ("%s", said);
  g_assert_true (g_str_has_prefix (said, "Ingrid Larsson decided this case meanwhile: approved, on "));
  g_assert_false (pb_decision_dialog_can_choose (dialog, PB_CASE_STATUS_REJECTED));
  g_assert_cmpint (pb_case_store_get_status (f->store, case_id, 0, NULL), ==, PB_CASE_STATUS_APPROVED);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Her decision lands after his dialog's last read: only the store sees it. */
  second = submitted_case (f, "camera", NULL);
  pb_case_store_set_actor (f->store, karl);
  dialog = pb_decision_dialog_new (f->window, f->store, second, &error);
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (dialog));
  pb_decision_dialog_choose (dialog, PB_CASE_STATUS_REJECTED);
  pb_decision_dialog_set_texts (dialog, "Not for this customer", NULL, NULL);
  elsewhere.store = ingrid;
  elsewhere.case_id = second;
  pb_decision_dialog_set_record_hook (dialog, decide_elsewhere_cb, &elsewhere);
  head = pb_case_store_get_history_head (f->store, second, &before, &error);
  g_assert_no_error (error);
  g_clear_pointer (&head, g_free);

  gtk_widget_activate_action (GTK_WIDGET (dialog), "decision.record", NULL);
  spin_main_loop (50);
  g_assert_cmpuint (elsewhere.n_calls, ==, 1);
  g_assert_true (find_decision_dialog () == dialog);
  said = pb_decision_dialog_get_error (dialog);
  g_assert_nonnull (said);
  g_test_message ("%s", said);
  prefix = g_strdup_printf ("Ingrid Larsson decided case “%s” at ", second);
  g_assert_true (g_str_has_prefix (said, prefix));
  g_assert_nonnull (strstr (said, "since you read it: rejected; your decision was not recorded."));
  g_assert_nonnull (strstr (said, "“Plate data leaves the country”"));
  g_assert_true (g_str_has_suffix (said, "This dialog records nothing more: close it, and decide again if the case "
                                         "still needs you."));
  g_assert_false (pb_decision_dialog_can_choose (dialog, PB_CASE_STATUS_REJECTED));
  g_assert_false (gtk_widget_is_sensitive (find_descendant (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "_Record")));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (dialog)) ==
                 find_descendant (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "_Close"));

  /* Nothing of his: her decision is the only event since. */
  head = pb_case_store_get_history_head (f->store, second, &after, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after, ==, before + 1);
  g_assert_cmpint (pb_case_store_get_status (f->store, second, 0, NULL), ==, PB_CASE_STATUS_REJECTED);
  decision = pb_case_store_get_decision (f->store, second, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pb_decision_get_approver_name (decision, 0), ==, "Ingrid Larsson");
  g_assert_cmpstr (pb_decision_get_reason (decision), ==, "Plate data leaves the country");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* The decision dialog: nothing chosen in advance, the outcome and any hard
 * stop shown, an approval against do-not-proceed asking for its rationale,
 * and the second legal reviewer's step, neither submitter nor first
 * approver. */
static void
test_decision_override (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(PbActor) ingrid = pb_actor_new ("Ingrid Larsson", PB_ROLE_REVIEWER, "Nordvik Systems AB");
  g_autoptr(PbActor) karl = pb_actor_new ("Karl Berg", PB_ROLE_REVIEWER, "Nordvik Systems AB");
  g_autoptr(PbDecision) decision = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *gap = submitted_case (f, "unknown", NULL);
  g_autofree char *stopped = submitted_case (f, "spyware", "no");
  PbDecisionDialog *dialog;

  /* A legal hard stop: reject, nothing else. */
  pb_case_store_set_actor (f->store, ingrid);
  dialog = pb_decision_dialog_new (f->window, f->store, stopped, &error);
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_false (pb_decision_dialog_get_choice (dialog, NULL));
  g_assert_false (pb_decision_dialog_can_choose (dialog, PB_CASE_STATUS_APPROVED));
  g_assert_false (pb_decision_dialog_can_choose (dialog, PB_CASE_STATUS_APPROVED_WITH_CONDITIONS));
  g_assert_true (pb_decision_dialog_can_choose (dialog, PB_CASE_STATUS_REJECTED));
  g_assert_nonnull (find_descendant (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "Listed item without a licence"));
  g_assert_nonnull (find_descendant (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "Do not proceed"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Do not proceed without a hard stop: an approval is an override. */
  dialog = pb_decision_dialog_new (f->window, f->store, gap, &error);
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_false (pb_decision_dialog_get_choice (dialog, NULL));
  g_assert_true (pb_decision_dialog_can_choose (dialog, PB_CASE_STATUS_APPROVED));
  pb_decision_dialog_choose (dialog, PB_CASE_STATUS_APPROVED);
  pb_decision_dialog_set_texts (dialog, "Deployment limited to the port", NULL, NULL);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "decision.record", NULL);
  g_assert_cmpint (pb_case_store_get_status (f->store, gap, 0, NULL), ==, PB_CASE_STATUS_SUBMITTED);
  g_assert_true (gtk_widget_get_visible (find_descendant (GTK_WIDGET (dialog), PB_TYPE_TEXT_FIELD,
                                                          "Why the outcome is overridden")));
  pb_decision_dialog_set_texts (dialog, NULL, NULL, "The family is known from the purchase order");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "decision.record", NULL);
  g_assert_cmpint (pb_case_store_get_status (f->store, gap, 0, NULL), ==, PB_CASE_STATUS_AWAITING_SECOND_APPROVAL);

  /* The first approver cannot give the second approval... */
  dialog = pb_decision_dialog_new (f->window, f->store, gap, &error);
  g_assert_no_error (error);
  g_assert_true (pb_decision_dialog_is_second_approval (dialog));
  g_assert_false (pb_decision_dialog_can_choose (dialog, PB_CASE_STATUS_APPROVED));
  g_assert_true (pb_decision_dialog_can_choose (dialog, PB_CASE_STATUS_REJECTED));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* ...another legal reviewer can. */
  pb_case_store_set_actor (f->store, karl);
  dialog = pb_decision_dialog_new (f->window, f->store, gap, &error);
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (pb_decision_dialog_is_second_approval (dialog));
  g_assert_nonnull (find_label (GTK_WIDGET (dialog), "The family is known from the purchase order"));
  pb_decision_dialog_choose (dialog, PB_CASE_STATUS_APPROVED);
  pb_decision_dialog_set_texts (dialog, "Agree: the order names the product", NULL, NULL);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "decision.record", NULL);
  g_assert_cmpint (pb_case_store_get_status (f->store, gap, 0, NULL), ==, PB_CASE_STATUS_APPROVED);

  decision = pb_case_store_get_decision (f->store, gap, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pb_decision_get_n_approvers (decision), ==, 2);
  g_assert_cmpstr (pb_decision_get_approver_name (decision, 1), ==, "Karl Berg");
  g_assert_cmpstr (pb_decision_get_override_rationale (decision), ==, "The family is known from the purchase order");
}

/* The reason's ::activate (Ctrl+Return, which test-gui-keyboard presses)
 * records the decision: the dialog works without hunting for its button. */
static void
test_wizard_decide_by_return (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbAnswer) no = pb_answer_new_string ("no");
  GtkWidget *dialog, *reason;

  pb_test_act_as (f->store, "tester");
  pb_case_store_set_answer (f->store, f->case_id, "Q.yn", no, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  pb_case_store_submit (f->store, f->case_id, &error);
  g_assert_no_error (error);
  pb_test_act_as (f->store, "Rev Iewer");
  fixture_open_wizard (f);

  gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.decide", NULL);
  spin_main_loop (50);
  dialog = GTK_WIDGET (find_decision_dialog ());
  g_assert_nonnull (dialog);
  pb_decision_dialog_choose (PB_DECISION_DIALOG (dialog), PB_CASE_STATUS_APPROVED);
  reason = find_descendant (dialog, PB_TYPE_TEXT_FIELD, "Reas_on");
  g_assert_nonnull (reason);
  pb_text_field_set_text (PB_TEXT_FIELD (reason), "Benign use");
  g_signal_emit_by_name (reason, "activate");
  spin_main_loop (100);

  g_assert_cmpint (pb_case_store_get_status (f->store, f->case_id, 0, &error), ==, PB_CASE_STATUS_APPROVED);
  g_assert_null (find_decision_dialog ());
}

static void
test_wizard_evidence (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->base.dir, "end-user-statement.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GListModel) evidence = NULL;
  g_autoptr(PbEvidence) item = NULL;
  PbQuestionView *view;

  g_assert_true (g_file_set_contents (path, "Signed end-user statement, Malmö, 2026-11-26\n", -1, &error));
  fixture_open_wizard (f);

  view = view_of (f, "Q.yn");
  click (view, GTK_TYPE_TOGGLE_BUTTON, "No");
  g_signal_emit_by_name (view, "attach-evidence", file);
  /* Attached in a worker thread, while the wizard draws. */
  while (pb_wizard_is_busy (f->wizard))
    spin_main_loop (20);

  evidence = pb_case_store_list_evidence (f->store, f->case_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (evidence), ==, 1);
  item = g_list_model_get_item (evidence, 0);
  g_assert_cmpstr (pb_evidence_get_question_id (item), ==, "Q.yn");
  g_assert_cmpstr (pb_evidence_get_file_name (item), ==, "end-user-statement.txt");

  /* Listed by name, size and hash. */
  {
    GtkWidget *row = find_descendant (GTK_WIDGET (view), ADW_TYPE_ACTION_ROW, "end-user-statement.txt");
    g_autofree char *size = g_format_size (pb_evidence_get_size (item));
    g_autofree char *start = g_strndup (pb_evidence_get_sha256 (item), 16);
    g_autofree char *subtitle = g_strdup_printf ("%s · SHA-256 %s…", size, start);

    g_assert_nonnull (row);
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, subtitle);
    g_assert_true (gtk_widget_is_visible (row));
  }

  /* Opened from a read-only copy; the viewer (none here) gets its URI. */
  {
    g_autofree char *copy = g_build_filename (g_get_user_cache_dir (), "probity", "open",
                                              pb_evidence_get_sha256 (item), "end-user-statement.txt", NULL);
    g_autofree char *contents = NULL;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "question.open-evidence", "x",
                                               pb_evidence_get_id (item)));
    g_assert_true (g_file_get_contents (copy, &contents, NULL, &error));
    g_assert_cmpstr (contents, ==, "Signed end-user statement, Malmö, 2026-11-26\n");
    {
      GStatBuf st;

      /* Read-only for everyone, root included by intent. */
      g_assert_cmpint (g_stat (copy, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0222, ==, 0);
    }
    for (guint i = 0; i < 100 && !g_file_test (viewer_marker, G_FILE_TEST_EXISTS); i++)
      spin_main_loop (50);
    g_assert_true (g_file_test (viewer_marker, G_FILE_TEST_EXISTS));
  }

  /* Removed after a confirmation, recorded in the history. */
  {
    g_autoptr(GListModel) after = NULL;
    g_autoptr(GListModel) history = NULL;
    GtkWidget *dialog;
    gboolean recorded = FALSE;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "question.remove-evidence", "x",
                                               pb_evidence_get_id (item)));
    dialog = find_message_dialog ("Remove “end-user-statement.txt”?");
    g_assert_nonnull (dialog);
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "remove");
    after = pb_case_store_list_evidence (f->store, f->case_id, 0, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (after), ==, 0);
    g_assert_null (find_descendant (GTK_WIDGET (view), ADW_TYPE_ACTION_ROW, "end-user-statement.txt"));

    history = pb_case_store_list_history (f->store, f->case_id, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < g_list_model_get_n_items (history); i++)
      {
        g_autoptr(PbHistoryEvent) event = g_list_model_get_item (history, i);

        recorded |= pb_history_event_get_kind (event) == PB_EVENT_EVIDENCE_REMOVED;
      }
    g_assert_true (recorded);
  }

  g_unlink (path);
}

/* The user's folders in a temporary one, with a stand-in for the default
 * text viewer that only leaves a mark. Returns the folder, which main()
 * removes once the tests have run. */

static char *
use_private_user_dirs (void)
{
  g_autofree char *home = g_dir_make_tmp ("probity-gui-home-XXXXXX", NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  g_autofree char *apps = g_build_filename (data, "applications", NULL);
  g_autofree char *config = g_build_filename (home, "config", NULL);
  g_autofree char *cache = g_build_filename (home, "cache", NULL);
  g_autofree char *desktop = g_build_filename (apps, "pb-test-viewer.desktop", NULL);
  g_autofree char *mimeapps = g_build_filename (config, "mimeapps.list", NULL);
  g_autofree char *entry = NULL;

  g_assert_nonnull (home);
  viewer_marker = g_build_filename (home, "viewer-opened", NULL);
  entry = g_strdup_printf ("[Desktop Entry]\nType=Application\nName=Viewer\nExec=touch %s\nMimeType=text/plain;application/pdf;\n",
                           viewer_marker);
  g_assert_cmpint (g_mkdir_with_parents (apps, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (config, 0700), ==, 0);
  g_assert_true (g_file_set_contents (desktop, entry, -1, NULL));
  g_assert_true (g_file_set_contents (mimeapps, "[Default Applications]\ntext/plain=pb-test-viewer.desktop\n"
                                      "application/pdf=pb-test-viewer.desktop\n", -1, NULL));
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);

  return g_steal_pointer (&home);
}

/* A case opens at the section it was left at, the review page included. */
static void
test_wizard_resume (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint n_sections = pb_questionnaire_get_n_sections (f->questionnaire);

  fixture_open_wizard (f);
  g_assert_cmpuint (pb_wizard_get_page (f->wizard), ==, 0);
  pb_wizard_set_page (f->wizard, 1);
  gtk_window_set_child (f->window, NULL);

  fixture_open_wizard (f);
  g_assert_cmpuint (pb_wizard_get_page (f->wizard), ==, 1);
  pb_wizard_set_page (f->wizard, n_sections);
  gtk_window_set_child (f->window, NULL);

  fixture_open_wizard (f);
  g_assert_cmpuint (pb_wizard_get_page (f->wizard), ==, n_sections);
}

/* Every widget shown lies inside the window, across it and, outside what
 * scrolls, down it too. */
static void
assert_inside (GtkWidget  *window,
               GtkWidget  *widget,
               gboolean    scrolled,
               const char *where)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      graphene_rect_t bounds;

      /* Overlay scrollbars may hang over the edge they indicate; a folded
       * panel put away waits beside the window. */
      if (!gtk_widget_get_mapped (child) || GTK_IS_POPOVER (child) || GTK_IS_SCROLLBAR (child))
        continue;
      if (ADW_IS_FLAP (widget) && child == adw_flap_get_flap (ADW_FLAP (widget)) &&
          adw_flap_get_folded (ADW_FLAP (widget)) && !adw_flap_get_reveal_flap (ADW_FLAP (widget)))
        continue;
      if (gtk_widget_compute_bounds (child, window, &bounds) &&
          bounds.size.width > 0 && bounds.size.height > 0)
        {
          /* The header bar's box reaches one pixel under the window's rounded edge. */
          gboolean across = bounds.origin.x >= -1.5 &&
                            bounds.origin.x + bounds.size.width <= gtk_widget_get_width (window) + 1.5;
          gboolean down = scrolled || (bounds.origin.y >= -1.5 &&
                                       bounds.origin.y + bounds.size.height <= gtk_widget_get_height (window) + 1.5);

          if (!across || !down)
            {
              GString *path = g_string_new (G_OBJECT_TYPE_NAME (child));

              for (GtkWidget *up = widget; up != window; up = gtk_widget_get_parent (up))
                g_string_append_printf (path, " in %s", G_OBJECT_TYPE_NAME (up));
              g_test_fail_printf ("%s: %s at %g,%g %g×%g is outside the %d×%d window", where,
                                path->str, bounds.origin.x, bounds.origin.y,
                                bounds.size.width, bounds.size.height,
                                gtk_widget_get_width (window), gtk_widget_get_height (window));
              g_string_free (path, TRUE);
            }
        }
      assert_inside (window, child, scrolled || GTK_IS_SCROLLED_WINDOW (child), where);
    }
}

static GtkWidget *
find_flap (GtkWidget  *root,
           const char *child_type)
{
  for (GtkWidget *flap = find_descendant (root, ADW_TYPE_FLAP, NULL); flap; flap = find_descendant (flap, ADW_TYPE_FLAP, NULL))
    {
      GtkWidget *inner = adw_flap_get_flap (ADW_FLAP (flap));

      if (g_type_is_a (G_OBJECT_TYPE (inner), g_type_from_name (child_type)) ||
          find_descendant (inner, g_type_from_name (child_type), NULL) != NULL)
        return flap;
    }

  return NULL;
}

/* A case on a questionnaire Probity does not ship (the fixture's) says so
 * above its questions; one on a shipped questionnaire does not. */
static void
test_wizard_foreign_questionnaire (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GFile) file = pb_data_get_file ("questionnaires", "surveillance-export.xml", NULL);
  g_autoptr(PbQuestionnaire) shipped = NULL;
  g_autoptr(PbCaseInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *shipped_case = NULL;
  GtkWidget *label;

  fixture_open_wizard (f);
  label = find_label_containing (GTK_WIDGET (f->wizard), "is not one this Probity ships");
  g_assert_nonnull (label);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_ancestor (label, GTK_TYPE_REVEALER))));

  shipped = pb_questionnaire_new_from_file (file, &error);
  g_assert_no_error (error);
  info = pb_case_store_get_case (f->store, f->case_id, &error);
  g_assert_no_error (error);
  shipped_case = pb_case_store_create_case (f->store, pb_case_info_get_customer_uid (info),
                                            pb_case_info_get_product_uid (info), shipped, &error);
  g_assert_no_error (error);
  gtk_window_set_child (f->window, NULL);
  f->wizard = pb_wizard_new (f->store, shipped_case, &error);
  g_assert_no_error (error);
  gtk_window_set_child (f->window, GTK_WIDGET (f->wizard));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  label = find_label_containing (GTK_WIDGET (f->wizard), "is not one this Probity ships");
  g_assert_nonnull (label);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_ancestor (label, GTK_TYPE_REVEALER))));
}

/* Opens the wizard on @case_id; whether the banner naming @text shows. */
static gboolean
wizard_banner_shows (Fixture    *f,
                     const char *case_id,
                     const char *text)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *label;

  gtk_window_set_child (f->window, NULL);
  f->wizard = pb_wizard_new (f->store, case_id, &error);
  g_assert_no_error (error);
  gtk_window_set_child (f->window, GTK_WIDGET (f->wizard));
  gtk_window_present (f->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  label = find_label_containing (GTK_WIDGET (f->wizard), text);

  return label != NULL &&
         gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_ancestor (label, GTK_TYPE_REVEALER)));
}

/* A case on the shipped questionnaire but on country reference data its
 * creator chose ($PROBITY_COUNTRIES: review14b E1, an embargo emptied):
 * the wizard says so, as for a questionnaire Probity does not ship; a case
 * on the data in use says nothing. */
static void
test_wizard_foreign_reference (Fixture       *f,
                               gconstpointer  data)
{
  static const char text[] = "country reference data is none this Probity ships or uses";
  g_autoptr(GFile) file = pb_data_get_file ("questionnaires", "surveillance-export.xml", NULL);
  g_autoptr(PbQuestionnaire) shipped = NULL;
  g_autoptr(PbCountries) in_use = pb_countries_load_default (NULL);
  g_autoptr(PbCaseInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) copy = NULL;
  g_autofree char *path = g_build_filename (f->base.dir, "countries.json", NULL);
  g_autofree char *saved = g_strdup (g_getenv ("PROBITY_COUNTRIES"));
  g_autofree char *plain_case = NULL;
  g_autofree char *chosen_case = NULL;
  GBytes *bytes;

  g_assert_nonnull (in_use);
  /* The data in use and a newline: the same to a reader, other bytes. */
  bytes = pb_countries_get_bytes (in_use);
  copy = g_string_new_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_string_append_c (copy, '\n');
  g_file_set_contents (path, copy->str, copy->len, &error);
  g_assert_no_error (error);

  shipped = pb_questionnaire_new_from_file (file, &error);
  g_assert_no_error (error);
  info = pb_case_store_get_case (f->store, f->case_id, &error);
  g_assert_no_error (error);
  plain_case = pb_case_store_create_case (f->store, pb_case_info_get_customer_uid (info),
                                          pb_case_info_get_product_uid (info), shipped, &error);
  g_assert_no_error (error);
  g_setenv ("PROBITY_COUNTRIES", path, TRUE);
  pb_countries_reset_default ();
  chosen_case = pb_case_store_create_case (f->store, pb_case_info_get_customer_uid (info),
                                           pb_case_info_get_product_uid (info), shipped, &error);
  if (saved != NULL)
    g_setenv ("PROBITY_COUNTRIES", saved, TRUE);
  else
    g_unsetenv ("PROBITY_COUNTRIES");
  pb_countries_reset_default ();
  g_assert_no_error (error);

  g_assert_true (wizard_banner_shows (f, chosen_case, text));
  g_assert_false (wizard_banner_shows (f, plain_case, text));
  g_unlink (path);
}

/* The flap is where it is going: not merely still, which it also is
 * before a slide the page change asked for has drawn its first frame. */
static gboolean
flap_settled_cb (gpointer flap)
{
  double target = adw_flap_get_reveal_flap (flap) ? 1.0 : 0.0;

  return adw_flap_get_reveal_progress (flap) == target;
}

/* From a phone's width up: the step list and the risk panel fold away, by
 * the header's buttons, and nothing is off-screen. */
static void
test_wizard_adaptive (Fixture       *f,
                      gconstpointer  data)
{
  static const struct {
    int      width, height;
    int      steps_folded, risk_folded;  /* -1: either */
  } sizes[] = {
    { 360, 640, TRUE, TRUE },
    { 1024, 600, FALSE, -1 },
    { 1280, 900, FALSE, FALSE },
  };

  fixture_open_wizard (f);
  /* Folding at once: its animation is the flap's, and a loaded machine
   * drew frames in the middle of it, the risk panel's labels half out of
   * the window, which the check below took for a layout that does not fit. */
  adw_flap_set_fold_duration (ADW_FLAP (find_flap (GTK_WIDGET (f->wizard), "GtkListBox")), 0);
  adw_flap_set_fold_duration (ADW_FLAP (find_flap (GTK_WIDGET (f->wizard), "PbRiskPanel")), 0);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *where = g_strdup_printf ("%d×%d", sizes[i].width, sizes[i].height);
      GtkWidget *steps, *risk;

      gtk_window_set_default_size (f->window, sizes[i].width, sizes[i].height);
      spin_main_loop (300);
      gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->window)), ==, sizes[i].width);
      g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (f->window)), ==, sizes[i].height);

      steps = find_flap (GTK_WIDGET (f->wizard), "GtkListBox");
      risk = find_flap (GTK_WIDGET (f->wizard), "PbRiskPanel");
      g_assert_nonnull (steps);
      g_assert_nonnull (risk);
      g_assert_cmpint (adw_flap_get_folded (ADW_FLAP (steps)), ==, sizes[i].steps_folded);
      if (sizes[i].risk_folded >= 0)
        g_assert_cmpint (adw_flap_get_folded (ADW_FLAP (risk)), ==, sizes[i].risk_folded);

      for (guint page = 0; page <= pb_questionnaire_get_n_sections (f->questionnaire); page++)
        {
          pb_wizard_set_page (f->wizard, page);
          spin_main_loop (50);
          /* The risk panel slides away on the review page, and back. */
          g_assert_true (spin_until (flap_settled_cb, risk));
          gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
          assert_inside (GTK_WIDGET (f->window), GTK_WIDGET (f->window), FALSE, where);
        }

      /* Folded, each comes back with its key, over a section's page (the
       * review page has no risk panel). */
      pb_wizard_set_page (f->wizard, 0);
      spin_main_loop (50);
      if (sizes[i].steps_folded == TRUE)
        {
          g_assert_false (adw_flap_get_reveal_flap (ADW_FLAP (steps)));
          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.toggle-sections", NULL));
          g_assert_true (adw_flap_get_reveal_flap (ADW_FLAP (steps)));
          gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.toggle-sections", NULL);
        }
      if (adw_flap_get_folded (ADW_FLAP (risk)))
        {
          g_assert_false (adw_flap_get_reveal_flap (ADW_FLAP (risk)));
          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.toggle-risk", NULL));
          g_assert_true (adw_flap_get_reveal_flap (ADW_FLAP (risk)));
          gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.toggle-risk", NULL);
        }
    }
}

/* How many labels on screen show @text. */
static guint
count_mapped_labels (GtkWidget  *root,
                     const char *text)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_mapped (child))
        continue;
      if (GTK_IS_LABEL (child) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), text) == 0)
        n++;
      n += count_mapped_labels (child, text);
    }

  return n;
}

static gboolean
mapped_cb (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

static gboolean
unmapped_cb (gpointer widget)
{
  return !gtk_widget_get_mapped (widget);
}

/* Wide enough for the risk panel beside the page, the review page alone
 * lists the deciding flags and the conditions: the panel and its button
 * give way there, and come back on the sections' pages. */
static void
test_wizard_review_lists_once (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbAnswer) yes = pb_answer_new_string ("yes");
  GtkWidget *panel, *button;
  AdwFlap *steps;

  pb_case_store_set_answer (f->store, f->case_id, "Q.yn", yes, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  gtk_window_set_default_size (f->window, 1280, 900);
  fixture_open_wizard (f);
  spin_main_loop (100);
  panel = pb_wizard_get_risk_panel (f->wizard);
  button = find_by_tooltip (GTK_WIDGET (f->wizard), "Outcome and Flags (F10)");
  g_assert_nonnull (button);
  steps = ADW_FLAP (find_flap (GTK_WIDGET (f->wizard), "GtkListBox"));

  g_assert_true (spin_until (mapped_cb, panel));
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (f->window), "A yes was given"), ==, 1);

  gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.review", NULL);
  g_assert_cmpuint (pb_wizard_get_page (f->wizard), ==, pb_questionnaire_get_n_sections (f->questionnaire));
  spin_main_loop (600);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  g_assert_false (gtk_widget_get_mapped (panel));
  g_assert_false (gtk_widget_get_visible (button));
  /* The sections stay beside it. */
  g_assert_false (adw_flap_get_folded (steps));
  g_assert_true (adw_flap_get_reveal_flap (steps));
  g_assert_nonnull (find_label (GTK_WIDGET (f->wizard), "The Flags That Decide It"));
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (f->window), "A yes was given"), ==, 1);

  /* F10 does not bring it back there either. */
  gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.toggle-risk", NULL);
  spin_main_loop (100);
  g_assert_false (gtk_widget_get_mapped (panel));

  pb_wizard_set_page (f->wizard, 1);
  g_assert_true (spin_until (mapped_cb, panel));
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_cmpuint (count_mapped_labels (GTK_WIDGET (f->window), "A yes was given"), ==, 1);

  /* Put away by hand on a section's page, it stays away after the review. */
  gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.toggle-risk", NULL);
  g_assert_true (spin_until (unmapped_cb, panel));
  gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.review", NULL);
  pb_wizard_set_page (f->wizard, 0);
  spin_main_loop (300);
  g_assert_false (gtk_widget_get_mapped (panel));
  g_assert_true (gtk_widget_get_visible (button));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = use_private_user_dirs ();
  int status;

  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      status = g_test_run ();
      store_remove_tree (home);
      return status;
    }
  adw_init ();

  g_test_add_func ("/pb/gui/window/empty-database", test_window_empty_database);
  g_test_add_func ("/pb/gui/window/bad-database", test_window_bad_database);
  g_test_add_func ("/pb/gui/window/database-chooser", test_window_database_chooser);
  g_test_add_func ("/pb/gui/preferences/bind-settings", test_preferences_bind_settings);
  g_test_add_func ("/pb/gui/preferences/no-selection", test_preferences_no_selection);
  g_test_add_func ("/pb/gui/resources/load", test_resources_load);
  g_test_add_func ("/pb/gui/application/renderer", test_application_renderer);
  g_test_add ("/pb/gui/new-case/create", Fixture, NULL, fixture_set_up, test_new_case_dialog, fixture_tear_down);
  g_test_add ("/pb/gui/new-case/suggestion", Fixture, NULL, fixture_set_up, test_new_case_suggestion, fixture_tear_down);
  g_test_add_func ("/pb/gui/window/reference-overdue", test_window_reference_overdue);
  g_test_add ("/pb/gui/window/case-list", Fixture, NULL, fixture_set_up, test_window_case_list, fixture_tear_down);
  g_test_add ("/pb/gui/window/case-list-filters", Fixture, NULL, fixture_set_up, test_window_case_list_filters,
              fixture_tear_down);
  g_test_add ("/pb/gui/wizard/every-type", Fixture, NULL, fixture_set_up, test_wizard_every_type, fixture_tear_down);
  g_test_add ("/pb/gui/wizard/focus-every-type", Fixture, NULL, fixture_set_up, test_wizard_focus_every_type, fixture_tear_down);
  g_test_add ("/pb/gui/wizard/focus-at-once", Fixture, NULL, fixture_set_up, test_wizard_focus_at_once, fixture_tear_down);
  g_test_add ("/pb/gui/wizard/return-keeps-text", Fixture, NULL, fixture_set_up, test_wizard_return_keeps_text, fixture_tear_down);
  g_test_add ("/pb/gui/wizard/review-step-icon", Fixture, NULL, fixture_set_up, test_wizard_review_step_icon, fixture_tear_down);
  g_test_add ("/pb/gui/wizard/review-focus-next-step", Fixture, NULL, fixture_set_up, test_wizard_review_focus_next_step, fixture_tear_down);
  g_test_add ("/pb/gui/wizard/visibility", Fixture, NULL, fixture_set_up, test_wizard_visibility, fixture_tear_down);
  g_test_add ("/pb/gui/wizard/risk-panel", Fixture, NULL, fixture_set_up, test_wizard_risk_panel, fixture_tear_down);
  g_test_add ("/pb/gui/wizard/next-refused", Fixture, NULL, fixture_set_up, test_wizard_next_refused, fixture_tear_down);
  g_test_add ("/pb/gui/wizard/refused-save-kept", Fixture, NULL, fixture_set_up, test_wizard_refused_save_kept,
              fixture_tear_down);
  g_test_add ("/pb/gui/wizard/refused-then-read", Fixture, NULL, fixture_set_up, test_wizard_refused_then_read,
              fixture_tear_down);
  g_test_add ("/pb/gui/wizard/signed-read-only", Fixture, NULL, fixture_set_up, test_wizard_signed_read_only, fixture_tear_down);
  g_test_add ("/pb/gui/sign/initial-focus", Fixture, NULL, fixture_set_up, test_sign_initial_focus, fixture_tear_down);
  g_test_add ("/pb/gui/sign/report", Fixture, NULL, fixture_set_up, test_sign_report, fixture_tear_down);
  g_test_add ("/pb/gui/verify/agrees-with-cli", Fixture, NULL, fixture_set_up, test_verify_agrees_with_cli, fixture_tear_down);
  g_test_add ("/pb/gui/history/readable", Fixture, NULL, fixture_set_up, test_history_readable, fixture_tear_down);
  g_test_add ("/pb/gui/history/revisions", Fixture, NULL, fixture_set_up, test_history_revisions, fixture_tear_down);
  g_test_add ("/pb/gui/auditor/case-file", Fixture, NULL, fixture_set_up, test_auditor_case_file, fixture_tear_down);
  g_test_add ("/pb/gui/application/quit-saves", Fixture, NULL, fixture_set_up, test_application_quit_saves, fixture_tear_down);
  g_test_add ("/pb/gui/wizard/typing-kept-on-close", Fixture, NULL, fixture_set_up, test_wizard_typing_kept_on_close, fixture_tear_down);
  g_test_add ("/pb/gui/wizard/submit-and-decide", Fixture, NULL, fixture_set_up, test_wizard_submit_and_decide, fixture_tear_down);
  g_test_add ("/pb/gui/wizard/reject", Fixture, NULL, fixture_set_up, test_wizard_reject, fixture_tear_down);
  g_test_add ("/pb/gui/decision/override", Fixture, NULL, fixture_set_up, test_decision_override, fixture_tear_down);
  g_test_add ("/pb/gui/decision/author", Fixture, NULL, fixture_set_up, test_decision_author, fixture_tear_down);
  g_test_add ("/pb/gui/wizard/leave-not-kept", Fixture, NULL, fixture_set_up, test_wizard_leave_not_kept,
              fixture_tear_down);
  g_test_add ("/pb/gui/wizard/stale-banner", Fixture, NULL, fixture_set_up, test_wizard_stale_banner,
              fixture_tear_down);
  g_test_add ("/pb/gui/decision/override-arrives", Fixture, NULL, fixture_set_up, test_decision_override_arrives,
              fixture_tear_down);
  g_test_add ("/pb/gui/decision/hard-stop-arrives", Fixture, NULL, fixture_set_up, test_decision_hard_stop_arrives,
              fixture_tear_down);
  g_test_add ("/pb/gui/decision/decided-elsewhere", Fixture, NULL, fixture_set_up, test_decision_decided_elsewhere,
              fixture_tear_down);
  g_test_add ("/pb/gui/decision/decided-before-record", Fixture, NULL, fixture_set_up,
              test_decision_decided_before_record, fixture_tear_down);
  g_test_add ("/pb/gui/wizard/roles", Fixture, NULL, fixture_set_up, test_wizard_roles, fixture_tear_down);
  g_test_add ("/pb/gui/wizard/migrate", Fixture, NULL, fixture_set_up, test_wizard_migrate, fixture_tear_down);
  g_test_add ("/pb/gui/wizard/decide-by-return", Fixture, NULL, fixture_set_up, test_wizard_decide_by_return, fixture_tear_down);
  g_test_add ("/pb/gui/wizard/resume", Fixture, NULL, fixture_set_up, test_wizard_resume, fixture_tear_down);
  g_test_add ("/pb/gui/wizard/adaptive", Fixture, NULL, fixture_set_up, test_wizard_adaptive, fixture_tear_down);
  g_test_add ("/pb/gui/wizard/review-lists-once", Fixture, NULL, fixture_set_up, test_wizard_review_lists_once,
              fixture_tear_down);
  g_test_add ("/pb/gui/wizard/foreign-questionnaire", Fixture, NULL, fixture_set_up, test_wizard_foreign_questionnaire,
              fixture_tear_down);
  g_test_add ("/pb/gui/wizard/foreign-reference", Fixture, NULL, fixture_set_up, test_wizard_foreign_reference,
              fixture_tear_down);
  g_test_add ("/pb/gui/wizard/open-report", Fixture, NULL, fixture_set_up, test_wizard_open_report, fixture_tear_down);
  g_test_add ("/pb/gui/wizard/evidence", Fixture, NULL, fixture_set_up, test_wizard_evidence, fixture_tear_down);
  g_test_add ("/pb/gui/wizard/reopen", Fixture, NULL, fixture_set_up, test_wizard_reopen, fixture_tear_down);

  status = g_test_run ();
  store_remove_tree (home);

  return status;
}
