/* test-gui-widgets.c: the small widgets the wizard and the dialogs are
 * made of, each on its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "pb-country-chooser.h"
#include "pb-gui-utils.h"
#include "pb-report-source.h"
#include "pb-review-page.h"
#include "pb-risk-panel.h"
#include "pb-section-page.h"
#include "pb-step-row.h"
#include "pb-text-field.h"
#include "gui-test-utils.h"
#include "store-fixture.h"

/* A step's progress in words (the row's accessible description) and an
 * icon, from its answers, missing required answers and flags. */
static void
test_step_row_progress (void)
{
  const struct {
    guint       n_answered;
    guint       n_missing;
    guint       n_flags;
    const char *text;
    const char *icon;
  } cases[] = {
    { 0, 3, 0, "Not started", "media-record-symbolic" },
    { 2, 1, 0, "In progress, 1 missing", "content-loading-symbolic" },
    { 0, 0, 0, "Complete", "emblem-ok-symbolic" },
    { 5, 0, 0, "Complete", "emblem-ok-symbolic" },
    { 5, 0, 1, "Complete, 1 flag", "dialog-warning-symbolic" },
    { 1, 2, 3, "In progress, 2 missing, 3 flags", "dialog-warning-symbolic" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GtkWidget *row = g_object_ref_sink (pb_step_row_new ("Customer"));
      GtkWidget *image;

      /* The review's row says nothing of progress. */
      g_assert_null (pb_step_row_get_progress (PB_STEP_ROW (row)));
      gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_LABEL, "Customer");

      pb_step_row_set_progress (PB_STEP_ROW (row), cases[i].n_answered, cases[i].n_missing, cases[i].n_flags);
      g_assert_cmpstr (pb_step_row_get_progress (PB_STEP_ROW (row)), ==, cases[i].text);
      gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, cases[i].text);
      image = gtk_widget_get_first_child (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)));
      g_assert_true (GTK_IS_IMAGE (image));
      g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (image)), ==, cases[i].icon);
      g_object_unref (row);
    }
}

static void
test_section_page (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "storage", "store-test.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkWidget *page;
  GtkWidget *view = gtk_label_new ("a question");

  questionnaire = pb_questionnaire_new_from_file (file, &error);
  g_assert_no_error (error);
  page = g_object_ref_sink (pb_section_page_new (pb_questionnaire_get_section (questionnaire, 0)));
  pb_section_page_add_view (PB_SECTION_PAGE (page), view);

  g_assert_nonnull (find_label (page, "Product"));
  g_assert_true (gtk_widget_is_ancestor (view, page));
  /* The title is a heading a screen reader can jump to. */
  gtk_test_accessible_assert_property (find_label (page, "Product"), GTK_ACCESSIBLE_PROPERTY_LEVEL, 2);
  g_object_unref (page);
}

static void
test_text_field (void)
{
  GtkWidget *field = g_object_ref_sink (pb_text_field_new ("Reas_on"));
  guint changed = 0;

  g_signal_connect_swapped (field, "changed", G_CALLBACK (g_atomic_int_inc), &changed);
  g_assert_cmpstr (pb_text_field_get_title (PB_TEXT_FIELD (field)), ==, "Reas_on");
  g_assert_cmpstr (pb_text_field_get_text (PB_TEXT_FIELD (field)), ==, "");
  g_assert_true (pb_text_field_is_blank (PB_TEXT_FIELD (field)));

  pb_text_field_set_text (PB_TEXT_FIELD (field), " \n\t ");
  g_assert_true (pb_text_field_is_blank (PB_TEXT_FIELD (field)));
  pb_text_field_set_text (PB_TEXT_FIELD (field), "Line one\nLine two");
  g_assert_false (pb_text_field_is_blank (PB_TEXT_FIELD (field)));
  g_assert_cmpstr (pb_text_field_get_text (PB_TEXT_FIELD (field)), ==, "Line one\nLine two");
  g_assert_cmpuint (changed, >=, 2);

  /* Tab moves the focus on rather than into the text. */
  g_assert_false (gtk_text_view_get_accepts_tab (pb_text_field_get_view (PB_TEXT_FIELD (field))));
  g_object_unref (field);
}

static GtkWidget *
find_child_of_type (GtkWidget *root,
                    GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = G_TYPE_CHECK_INSTANCE_TYPE (child, type) ? child : find_child_of_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Return on the row the keyboard reached in an empty drop-down (Down from
 * the search, then Return) chooses that row, also when the search
 * filtered the list: GTK 4.8 alone chose nothing, the list having focused
 * the row without selecting it. */
static void
test_drop_down_return_on_row (void)
{
  const char *const labels[] = { "Network camera", "Video analytics", "Spyware", NULL };
  /* As the question view makes it: searched by the item's string. */
  GtkDropDown *drop_down = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (gtk_string_list_new (labels)),
                                                             gtk_property_expression_new (GTK_TYPE_STRING_OBJECT,
                                                                                          NULL, "string")));
  GtkWidget *popover, *list, *search;
  GListModel *shown;
  gint64 deadline;

  g_object_ref_sink (drop_down);
  gtk_drop_down_set_enable_search (drop_down, TRUE);
  gtk_drop_down_set_selected (drop_down, GTK_INVALID_LIST_POSITION);
  pb_drop_down_choose_on_return (drop_down);

  popover = find_child_of_type (GTK_WIDGET (drop_down), GTK_TYPE_POPOVER);
  list = find_child_of_type (popover, GTK_TYPE_LIST_VIEW);
  search = find_child_of_type (popover, GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull (list);
  g_assert_nonnull (search);

  /* The first row, nothing typed. */
  g_signal_emit_by_name (list, "activate", 0u);
  g_assert_cmpuint (gtk_drop_down_get_selected (drop_down), ==, 0);

  /* Emptied again, then "spy" typed: the first row shown is the third item. */
  gtk_drop_down_set_selected (drop_down, GTK_INVALID_LIST_POSITION);
  gtk_editable_set_text (GTK_EDITABLE (search), "spy");
  shown = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (g_list_model_get_n_items (shown) != 1 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  g_signal_emit_by_name (list, "activate", 0u);
  g_assert_cmpuint (gtk_drop_down_get_selected (drop_down), ==, 2);

  /* Return in the search at once, before the search entry's delayed
   * ::search-changed has filtered the list: the first match of what was
   * typed, not the first item. */
  gtk_drop_down_set_selected (drop_down, GTK_INVALID_LIST_POSITION);
  gtk_editable_set_text (GTK_EDITABLE (search), "vid");
  g_signal_emit_by_name (search, "activate");
  g_assert_cmpuint (gtk_drop_down_get_selected (drop_down), ==, 1);

  /* The same on the list's row, where the focus is once the popover is
   * open (the search takes the typing without the focus). */
  gtk_drop_down_set_selected (drop_down, GTK_INVALID_LIST_POSITION);
  gtk_editable_set_text (GTK_EDITABLE (search), "spy");
  g_signal_emit_by_name (list, "activate", 0u);
  g_assert_cmpuint (gtk_drop_down_get_selected (drop_down), ==, 2);

  g_object_unref (drop_down);
}

static gboolean
popover_shown_cb (gpointer popover)
{
  return gtk_widget_get_mapped (GTK_WIDGET (popover));
}

static gboolean
popover_hidden_cb (gpointer popover)
{
  return !gtk_widget_get_visible (GTK_WIDGET (popover));
}

/* The country given before, its list opened again, Return with nothing
 * typed: the country stays. The first country of the list took its place
 * ("China" became "Afghanistan"), on a gate question too. */
static void
test_drop_down_return_keeps_choice (void)
{
  GtkWidget *window = gtk_window_new ();
  PbCountryChooser *chooser = PB_COUNTRY_CHOOSER (pb_country_chooser_new ());
  GtkWidget *popover, *search;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (chooser));
  pb_country_chooser_set_code (chooser, "CN");
  present (GTK_WINDOW (window));

  popover = find_child_of_type (GTK_WIDGET (chooser), GTK_TYPE_POPOVER);
  search = find_child_of_type (popover, GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull (search);

  gtk_popover_popup (GTK_POPOVER (popover));
  g_assert_true (spin_until (popover_shown_cb, popover));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search)), ==, "");
  g_signal_emit_by_name (search, "activate");
  g_assert_cmpstr (pb_country_chooser_get_code (chooser), ==, "CN");
  g_assert_true (spin_until (popover_hidden_cb, popover));

  /* What is typed is still chosen by Return. */
  gtk_popover_popup (GTK_POPOVER (popover));
  g_assert_true (spin_until (popover_shown_cb, popover));
  gtk_editable_set_text (GTK_EDITABLE (search), "Germ");
  g_signal_emit_by_name (search, "activate");
  g_assert_cmpstr (pb_country_chooser_get_code (chooser), ==, "DE");

  /* Nothing chosen yet, nothing typed: the first country, as the list
   * highlights it. */
  pb_country_chooser_set_code (chooser, NULL);
  gtk_popover_popup (GTK_POPOVER (popover));
  g_assert_true (spin_until (popover_shown_cb, popover));
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  g_signal_emit_by_name (search, "activate");
  g_assert_cmpstr (pb_country_chooser_get_code (chooser), ==, pb_country_list_get_code (0));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Two risks, a condition and a hold, all raised by one yes. */
static const char counting_xml[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<questionnaire id=\"counting\" version=\"1.0\" gettext-domain=\"probity\">\n"
  "  <title>Counting</title>\n"
  "  <family>camera</family>\n"
  "  <section id=\"S1\">\n"
  "    <title>Basics</title>\n"
  "    <question id=\"Q.yn\" type=\"yes-no\" required=\"true\">\n"
  "      <label>Is it a yes?</label>\n"
  "      <help>Say yes or no.</help>\n"
  "      <ref>UNGP 17</ref>\n"
  "    </question>\n"
  "  </section>\n"
  "  <rule id=\"R-HIGH\" severity=\"high\">\n"
  "    <when>Q.yn == \"yes\"</when>\n"
  "    <title>A high risk</title>\n"
  "    <rationale>High.</rationale>\n"
  "    <mitigation>Answer no.</mitigation>\n"
  "    <ref>UNGP 17</ref>\n"
  "  </rule>\n"
  "  <rule id=\"R-LOW\" severity=\"low\">\n"
  "    <when>Q.yn == \"yes\"</when>\n"
  "    <title>A low risk</title>\n"
  "    <rationale>Low.</rationale>\n"
  "    <mitigation>Answer no.</mitigation>\n"
  "    <ref>UNGP 18</ref>\n"
  "  </rule>\n"
  "  <rule id=\"C-ONE\" kind=\"condition\">\n"
  "    <when>Q.yn == \"yes\"</when>\n"
  "    <title>A condition</title>\n"
  "    <rationale>Conditions are no risk.</rationale>\n"
  "    <mitigation>Meet it.</mitigation>\n"
  "    <ref>UNGP 19</ref>\n"
  "  </rule>\n"
  "  <rule id=\"H-ONE\" kind=\"hold\">\n"
  "    <when>Q.yn == \"yes\"</when>\n"
  "    <title>A hold</title>\n"
  "    <rationale>The deal waits.</rationale>\n"
  "    <mitigation>Resolve it.</mitigation>\n"
  "    <ref>UNGP 20</ref>\n"
  "  </rule>\n"
  "</questionnaire>\n";

/* The risk panel and the review page count flags as the report does:
 * risks only, the holds and conditions shown apart as conditions (a
 * reviewer once saw "Flags (12)" beside a report's "4 flags in all"). */
static void
test_flag_counts (StoreFixture  *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static (counting_xml, sizeof counting_xml - 1);
  g_autoptr(PbQuestionnaire) questionnaire = pb_questionnaire_new_from_bytes (bytes, "counting.xml", &error);
  g_autoptr(PbAnswerSet) answers = pb_answer_set_new ();
  g_autoptr(PbAnswer) yes = pb_answer_new_string ("yes");
  g_autoptr(PbEvaluation) evaluation = NULL;
  g_autoptr(PbReportData) report = NULL;
  GtkWidget *panel, *page, *window;
  g_autofree char *flags_heading = NULL;

  g_assert_no_error (error);
  pb_answer_set_insert (answers, "Q.yn", yes);
  evaluation = pb_evaluate (questionnaire, answers);
  g_assert_cmpuint (pb_evaluation_get_n_flags (evaluation), ==, 4);
  report = pb_report_data_new_from_evaluation (questionnaire, answers, evaluation);
  g_assert_cmpuint (pb_report_data_get_n_flags (report), ==, 2);

  window = gtk_window_new ();
  panel = pb_risk_panel_new ();
  gtk_window_set_child (GTK_WINDOW (window), panel);
  pb_risk_panel_set_evaluation (PB_RISK_PANEL (panel), evaluation);
  g_assert_cmpuint (pb_risk_panel_get_n_flags (PB_RISK_PANEL (panel)), ==, pb_report_data_get_n_flags (report));
  g_assert_cmpuint (pb_risk_panel_get_n_conditions (PB_RISK_PANEL (panel)), ==, 2);
  flags_heading = g_strdup_printf ("Flags (%u)", pb_report_data_get_n_flags (report));
  g_assert_nonnull (find_label (panel, flags_heading));
  g_assert_nonnull (find_label (panel, "Conditions (2)"));
  gtk_window_destroy (GTK_WINDOW (window));

  /* The review page: the high risk decides, one more flag (the low one)
   * follows, folded, since the risk panel gives way to the review page;
   * the hold and the condition are listed as conditions. */
  window = gtk_window_new ();
  page = pb_review_page_new ();
  gtk_window_set_child (GTK_WINDOW (window), page);
  pb_review_page_update (PB_REVIEW_PAGE (page), f->store, "no-such-case", evaluation, answers,
                         PB_CASE_STATUS_DRAFT, PB_REVIEW_MAY_EDIT);
  g_assert_nonnull (find_label (page, "A high risk"));
  g_assert_null (gtk_widget_get_ancestor (find_label (page, "A high risk"), ADW_TYPE_EXPANDER_ROW));
  {
    GtkWidget *low = find_label (page, "A low risk");
    GtkWidget *expander = low != NULL ? gtk_widget_get_ancestor (low, ADW_TYPE_EXPANDER_ROW) : NULL;

    g_assert_nonnull (expander);
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (expander)), ==,
                     "1 more flag, of a lower level");
    g_assert_false (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (expander)));
  }
  g_assert_nonnull (find_label (page, "A hold"));
  g_assert_nonnull (find_label (page, "A condition"));
  gtk_window_destroy (GTK_WINDOW (window));
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

  g_test_add_func ("/pb/gui/widgets/step-row", test_step_row_progress);
  g_test_add_func ("/pb/gui/widgets/section-page", test_section_page);
  g_test_add_func ("/pb/gui/widgets/text-field", test_text_field);
  g_test_add_func ("/pb/gui/widgets/drop-down-return-on-row", test_drop_down_return_on_row);
  g_test_add_func ("/pb/gui/widgets/drop-down-return-keeps-choice", test_drop_down_return_keeps_choice);
  g_test_add ("/pb/gui/widgets/flag-counts", StoreFixture, NULL, store_fixture_set_up, test_flag_counts,
              store_fixture_tear_down);

  return g_test_run ();
}
