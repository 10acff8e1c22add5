/* test-gui-screening.c: the screening window on a real database, under Xvfb:
 * a list imported in a thread (and one cancelled), a party added, the
 * parties screened, a hit decided, the wizard's rating following; and the
 * wizard's Submit screening again against a newer edition
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "gui-test-utils.h"
#include "pb-case-rescreening.h"
#include "pb-case-screener.h"
#include "pb-case-screening.h"
#include "pb-data.h"
#include "pb-decision-dialog.h"
#include "pb-list-importer.h"
#include "pb-list-store.h"
#include "pb-history-event.h"
#include "pb-parties-panel.h"
#include "pb-screening-index-cache.h"
#include "pb-screening-window.h"
#include "pb-sign-dialog.h"
#include "pb-text-field.h"
#include "pb-wizard.h"
#include "store-fixture.h"

static void
wait_idle (PbScreeningWindow *window)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (pb_screening_window_is_busy (window) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (pb_screening_window_is_busy (window));
}

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static guint
n_editions (PbCaseStore *store)
{
  g_autoptr(GPtrArray) editions = pb_case_store_list_editions (store, FALSE, NULL);

  return editions->len;
}

/* An OpenSanctions file large enough that an import can be cancelled. */
static char *
write_large_list (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "targets.simple.csv", NULL);
  g_autoptr(GString) csv = g_string_new ("id,schema,name,aliases,birth_date,countries,addresses,identifiers,"
                                         "sanctions,phones,emails,program_ids,dataset,first_seen,last_seen,last_change\n");
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 60000; i++)
    g_string_append_printf (csv, "NK-%u,Company,Trading House %u Limited,THL %u,,ru,Street %u,%u,"
                                 "Council Regulation (EU) 269/2014,,,EU-UKR,EU Financial Sanctions Files (FSF),"
                                 "2022-01-01T00:00:00,2026-11-20T06:10:02,2022-01-01T00:00:00\n", i, i, i, i, i);
  g_file_set_contents (path, csv->str, csv->len, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&path);
}

/* A case of a new customer record for @customer in @country, under the
 * installed questionnaire. */
static char *
create_case (PbCaseStore *store,
             const char  *customer_name,
             const char  *country)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbQuestionnaire) questionnaire = pb_data_load_questionnaire ("surveillance-export", &error);
  g_autoptr(PbCustomer) customer = NULL;
  g_autoptr(PbProduct) product = NULL;
  char *case_id;

  g_assert_no_error (error);
  customer = pb_case_store_add_customer (store, customer_name, NULL, country, NULL, NULL, &error);
  g_assert_no_error (error);
  product = pb_case_store_add_product (store, "PlateReader", "2", NULL, NULL, &error);
  g_assert_no_error (error);
  case_id = pb_case_store_create_case (store, pb_customer_get_uid (customer), pb_product_get_uid (product),
                                       questionnaire, &error);
  g_assert_no_error (error);

  return case_id;
}

static void
test_screening_window (StoreFixture  *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *eu = g_test_build_filename (G_TEST_DIST, "data", "screening", "eu-fsf.xml", NULL);
  g_autofree char *large = write_large_list (f->dir);
  PbCaseStore *store = f->store;
  g_autoptr(PbActor) actor = pb_actor_new ("Rita Reviewer", PB_ROLE_REVIEWER, NULL);
  g_autoptr(PbCaseScreening) screening = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *hit_id = NULL;
  PbScreeningWindow *window;
  PbScreeningRun *run;
  PbCaseHit *hit;
  GtkWidget *reason;

  pb_case_store_set_actor (store, actor);
  case_id = create_case (store, "Rosoboronexport JSC", "RU");

  window = pb_screening_window_new (NULL, store, case_id);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  /* A long import in a thread, cancelled: nothing stored. */
  pb_screening_window_import (window, large);
  g_assert_true (pb_screening_window_is_busy (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "screening.cancel", NULL));
  wait_idle (window);
  g_assert_cmpuint (n_editions (store), ==, 0);

  /* A list imported in a thread. */
  pb_screening_window_import (window, eu);
  wait_idle (window);
  g_assert_cmpuint (n_editions (store), ==, 1);

  /* A party added from the form, then everyone screened. */
  gtk_editable_set_text (GTK_EDITABLE (find_named (GTK_WIDGET (window), "party-name")), "Nordhafen Logistik GmbH");
  g_assert_true (gtk_widget_activate_action (find_named (GTK_WIDGET (window), "party-name"), "parties.add", NULL));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (GTK_WIDGET (window), "party-name"))), ==, "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "screening.screen", NULL));
  wait_idle (window);
  screening = pb_case_store_get_screening (store, case_id, 0, &error);
  g_assert_no_error (error);
  run = pb_case_screening_get_latest (screening);
  g_assert_nonnull (run);
  g_assert_cmpuint (run->party_ids->len, ==, 2);
  g_assert_cmpuint (run->hits->len, ==, 1);
  hit = g_ptr_array_index (run->hits, 0);
  g_assert_cmpstr (hit->party_id, ==, "customer");
  g_assert_cmpint (hit->status, ==, PB_HIT_OPEN);
  hit_id = g_strdup (hit->id);

  /* Without a reason the store refuses; with one the hit is confirmed. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "screening.confirm-hit", "s", hit_id));
  g_clear_pointer (&screening, pb_case_screening_free);
  screening = pb_case_store_get_screening (store, case_id, 0, &error);
  g_assert_cmpint (((PbCaseHit *) g_ptr_array_index (pb_case_screening_get_latest (screening)->hits, 0))->status,
                   ==, PB_HIT_OPEN);
  reason = find_named (GTK_WIDGET (window), "reason");
  g_assert_nonnull (reason);
  g_assert_true (PB_IS_TEXT_FIELD (reason));
  pb_text_field_set_text (PB_TEXT_FIELD (reason), "Same state exporter.\nSame Moscow address.");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "screening.confirm-hit", "s", hit_id));
  g_clear_pointer (&screening, pb_case_screening_free);
  screening = pb_case_store_get_screening (store, case_id, 0, &error);
  hit = g_ptr_array_index (pb_case_screening_get_latest (screening)->hits, 0);
  g_assert_cmpint (hit->status, ==, PB_HIT_CONFIRMED);
  g_assert_cmpstr (hit->decided_by, ==, "Rita Reviewer");
  g_assert_cmpstr (hit->reason, ==, "Same state exporter.\nSame Moscow address.");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  gtk_window_destroy (GTK_WINDOW (window));

  /* Another case of the same customer: the decision is offered with an
   * Adopt button, not applied; adopting it records whose it was. */
  {
    g_autofree char *other_id = create_case (store, "Rosoboronexport JSC", "RU");
    g_autoptr(PbCaseScreening) other = NULL;
    PbPriorDecision *prior;

    window = pb_screening_window_new (NULL, store, other_id);
    gtk_window_present (GTK_WINDOW (window));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "screening.screen", NULL));
    wait_idle (window);
    other = pb_case_store_get_screening (store, other_id, 0, &error);
    g_assert_no_error (error);
    hit = g_ptr_array_index (pb_case_screening_get_latest (other)->hits, 0);
    g_assert_cmpint (hit->status, ==, PB_HIT_OPEN);
    g_assert_cmpuint (hit->priors->len, ==, 1);
    prior = g_ptr_array_index (hit->priors, 0);
    g_assert_cmpstr (prior->case_id, ==, case_id);
    g_assert_cmpint (prior->status, ==, PB_HIT_CONFIRMED);
    g_assert_nonnull (find_named (GTK_WIDGET (window), "adopt"));
    g_clear_pointer (&hit_id, g_free);
    hit_id = g_strdup (hit->id);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "screening.adopt-hit", "(ss)", hit_id, case_id));
    g_clear_pointer (&other, pb_case_screening_free);
    other = pb_case_store_get_screening (store, other_id, 0, &error);
    hit = g_ptr_array_index (pb_case_screening_get_latest (other)->hits, 0);
    g_assert_cmpint (hit->status, ==, PB_HIT_CONFIRMED);
    g_assert_cmpstr (hit->adopted_case, ==, case_id);
    gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
    /* Decided: nothing more to adopt. */
    g_assert_null (find_named (GTK_WIDGET (window), "adopt"));
    gtk_window_destroy (GTK_WINDOW (window));
  }
}

static void
import_list (PbCaseStore *store,
             const char  *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "screening", name, NULL);
  g_autoptr(PbListEdition) edition = NULL;
  g_autoptr(GError) error = NULL;

  edition = pb_list_import_file (store, path, PB_LIST_FORMAT_AUTO, NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

/* A case screened against edition 1 of the EU list, submitted from the
 * wizard once edition 2 names its customer: the wizard screens it again
 * (in a thread), submits it, and says that the new match holds it. */
static void
test_wizard_submit_rescreens (StoreFixture  *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *answers_path = g_test_build_filename (G_TEST_DIST, "data", "answers", "benign-carpark-anpr.json", NULL);
  g_autoptr(GFile) answers_file = g_file_new_for_path (answers_path);
  PbCaseStore *store = f->store;
  g_autoptr(PbActor) sales = pb_actor_new ("Sam Sales", PB_ROLE_SALES, NULL);
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(PbScreeningIndex) index = NULL;
  g_autoptr(PbCaseScreening) screening = NULL;
  g_autoptr(PbEvaluation) evaluation = NULL;
  g_autofree char *case_id = NULL;
  gint64 deadline;
  GtkWindow *window;
  PbWizard *wizard;
  PbScreeningRun *run;
  guint first;

  pb_case_store_set_actor (store, sales);
  import_list (store, "eu-fsf.xml");
  case_id = create_case (store, "Special Technology Centre LLC", "RU");
  answers = pb_answer_set_new_from_file (answers_file, &error);
  g_assert_no_error (error);
  g_assert_true (pb_case_store_set_answers (store, case_id, answers, NULL, &error));
  index = pb_screening_index_new (store, NULL, &error);
  g_assert_no_error (error);
  first = pb_case_screen (store, case_id, index, PB_NAME_MATCH_THRESHOLD, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first, >, 0);

  import_list (store, "eu-fsf-2.xml");

  window = GTK_WINDOW (gtk_window_new ());
  wizard = pb_wizard_new (store, case_id, &error);
  g_assert_no_error (error);
  gtk_window_set_child (window, GTK_WIDGET (wizard));
  gtk_window_present (window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.submit", NULL));
  deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  while (pb_case_store_get_status (store, case_id, 0, NULL) != PB_CASE_STATUS_SUBMITTED &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (pb_case_store_get_status (store, case_id, 0, NULL), ==, PB_CASE_STATUS_SUBMITTED);

  /* Screened again before the submission, against edition 2. */
  screening = pb_case_store_get_screening (store, case_id, 0, &error);
  g_assert_no_error (error);
  run = pb_case_screening_get_latest (screening);
  g_assert_cmpuint (run->event, >, first);
  g_assert_cmpuint (run->hits->len, ==, 1);
  g_assert_cmpint (((PbCaseHit *) g_ptr_array_index (run->hits, 0))->status, ==, PB_HIT_OPEN);
  g_assert_cmpstr (((PbCaseHit *) g_ptr_array_index (run->hits, 0))->listed_name, ==,
                   "Limited Liability Company Special Technology Centre");
  evaluation = pb_case_store_evaluate (store, case_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pb_evaluation_get_outcome (evaluation), ==, PB_OUTCOME_HOLD);

  /* The person who submitted is told. */
  g_assert_nonnull (pb_wizard_get_message (wizard));
  g_assert_nonnull (strstr (pb_wizard_get_message (wizard), "1 new possible match holds the case"));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  gtk_window_destroy (window);
}

static PbScreeningWindow *
find_screening_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (PB_IS_SCREENING_WINDOW (window))
        return PB_SCREENING_WINDOW (window);
    }

  return NULL;
}

/* The panel's screening (the party typed, or a screening being recorded)
 * done, on the main loop. */
static void
wait_panel (GtkWidget *panel)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (pb_parties_panel_is_busy (PB_PARTIES_PANEL (panel)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (pb_parties_panel_is_busy (PB_PARTIES_PANEL (panel)));
}

/* The parties are entered in the wizard, on the page where the deal is
 * described, from the keyboard alone; Screen Parties… opens the screening
 * window, and what it records shows on the page. */
static void
test_wizard_parties (StoreFixture  *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PbCaseStore *store = f->store;
  g_autoptr(PbActor) sales = pb_actor_new ("Sam Sales", PB_ROLE_SALES, NULL);
  g_autoptr(PbCaseScreening) screening = NULL;
  g_autofree char *case_id = NULL;
  GtkWidget *name, *screen, *panel;
  PbScreeningWindow *screening_window;
  PbCaseParty *party;
  GtkWindow *window;
  PbWizard *wizard;

  pb_case_store_set_actor (store, sales);
  import_list (store, "eu-fsf-2.xml");
  case_id = create_case (store, "Nordvik Transit AB", "SE");

  window = GTK_WINDOW (gtk_window_new ());
  wizard = pb_wizard_new (store, case_id, &error);
  g_assert_no_error (error);
  gtk_window_set_child (window, GTK_WIDGET (wizard));
  gtk_window_present (window);
  pb_wizard_set_page (wizard, 0);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  /* On the first page, named for a screen reader. */
  name = find_named (GTK_WIDGET (wizard), "party-name");
  g_assert_nonnull (name);
  panel = gtk_widget_get_ancestor (name, PB_TYPE_PARTIES_PANEL);
  g_assert_nonnull (panel);
  g_assert_true (gtk_widget_get_mapped (name));
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (panel)), ==, GTK_ACCESSIBLE_ROLE_GROUP);

  /* Typed and entered with Return, as a keyboard user does. */
  g_assert_true (gtk_widget_grab_focus (name));
  gtk_editable_set_text (GTK_EDITABLE (name), "Limited Liability Company Special Technology Centre");
  gtk_editable_set_text (GTK_EDITABLE (find_named (GTK_WIDGET (wizard), "party-country")), "ru");
  gtk_editable_set_text (GTK_EDITABLE (find_named (GTK_WIDGET (wizard), "party-identifier")), "7802357823");
  g_signal_emit_by_name (name, "entry-activated");
  wait_panel (panel);
  screening = pb_case_store_get_screening (store, case_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pb_case_screening_get_parties (screening)->len, ==, 2);
  party = g_ptr_array_index (pb_case_screening_get_parties (screening), 1);
  g_assert_cmpstr (party->role, ==, "end-user");
  g_assert_cmpstr (party->country, ==, "RU");
  g_assert_cmpstr (party->identifiers[0], ==, "7802357823");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name)), ==, "");
  /* Ready for the next one. */
  g_assert_true (gtk_widget_has_focus (name) || gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), name));
  /* Its row can be removed by a named button. */
  g_assert_nonnull (find_named (GTK_WIDGET (wizard), "party-name"));

  /* Screen Parties… opens the screening window; its screening shows here. */
  screen = find_descendant (GTK_WIDGET (wizard), GTK_TYPE_BUTTON, "_Screen Parties…");
  g_assert_nonnull (screen);
  g_assert_true (gtk_widget_get_mapped (screen));
  g_assert_true (gtk_widget_activate (screen));
  /* A button clicks after its press is shown. */
  for (gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
       (screening_window = find_screening_window ()) == NULL && g_get_monotonic_time () < deadline;)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (screening_window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (screening_window), "screening.screen", NULL));
  wait_idle (screening_window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  {
    GtkWidget *label = find_named (panel, "screening-status");

    g_assert_nonnull (label);
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "1 open hit holds the case"));
  }
  gtk_window_destroy (GTK_WINDOW (screening_window));
  gtk_window_destroy (window);
}



/* Types @text key by key into @editable, as fast as a quick typist (a key
 * every 40 ms), the main loop running between keys. */
static guint
type_text (GtkWidget  *editable,
           const char *text)
{
  guint n_keys = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      int position = -1;
      gint64 until = g_get_monotonic_time () + 40 * 1000;

      gtk_editable_insert_text (GTK_EDITABLE (editable), p, g_utf8_next_char (p) - p, &position);
      gtk_editable_set_position (GTK_EDITABLE (editable), -1);
      n_keys++;
      while (g_get_monotonic_time () < until)
        g_main_context_iteration (NULL, FALSE);
    }

  return n_keys;
}

static void
assert_accessible (GtkWidget              *widget,
                   GtkAccessibleProperty   property,
                   const char             *expected)
{
  g_autofree char *differs = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget), property, expected);

  g_assert_null (differs);
}

static guint
count_events (PbCaseStore *store,
              const char  *case_id,
              PbEventKind  kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) history = pb_case_store_list_history (store, case_id, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (history); i++)
    {
      g_autoptr(PbHistoryEvent) event = g_list_model_get_item (history, i);

      if (pb_history_event_get_kind (event) == kind)
        n++;
    }

  return n;
}

static PbWizard *
open_wizard (PbCaseStore *store,
             const char  *case_id,
             GtkWindow  **window)
{
  g_autoptr(GError) error = NULL;
  PbWizard *wizard;

  *window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (*window, 900, 1000);
  wizard = pb_wizard_new (store, case_id, &error);
  g_assert_no_error (error);
  gtk_window_set_child (*window, GTK_WIDGET (wizard));
  gtk_window_present (*window);
  pb_wizard_set_page (wizard, 0);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (*window));

  return wizard;
}

/* In light and dark, for people to look at (PB_TEST_SCREENSHOTS). */
static void
screenshots (GtkWidget  *widget,
             const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *light = g_strdup_printf ("%s-light.png", name);
  g_autofree char *dark = g_strdup_printf ("%s-dark.png", name);

  if (g_getenv ("PB_TEST_SCREENSHOTS") == NULL)
    return;
  screenshot (widget, light);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  screenshot (widget, dark);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

/* A variant of a listed name (word order, another romanisation, no
 * patronymic) typed into the wizard's parties panel: screened in a thread
 * once typing pauses, not per key and without recording; the row says it
 * in words; the party added, its screening recorded in the case; Review
 * opens the hit beside the party, where a reviewer clears it with a
 * reason, which the case's history keeps with the list edition. */
static void
test_live_hit (StoreFixture  *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *list = g_test_build_filename (G_TEST_DIST, "data", "screening", "eu-fsf.xml", NULL);
  PbCaseStore *store = f->store;
  g_autoptr(PbActor) reviewer = pb_actor_new ("Rita Reviewer", PB_ROLE_REVIEWER, NULL);
  g_autoptr(PbListEdition) edition = NULL;
  g_autoptr(PbCaseScreening) screening = NULL;
  g_autofree char *case_id = NULL;
  GtkWidget *name, *panel, *live, *row, *review, *reason, *clear;
  PbScreeningWindow *screening_window;
  PbScreeningRun *run;
  PbScreenedEdition *screened;
  PbCaseHit *hit;
  GtkWindow *window;
  PbWizard *wizard;
  guint n_keys, n_events;

  pb_case_store_set_actor (store, reviewer);
  edition = pb_list_import_file (store, list, PB_LIST_FORMAT_AUTO, NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  case_id = create_case (store, "Nordvik Transit AB", "SE");
  wizard = open_wizard (store, case_id, &window);
  name = find_named (GTK_WIDGET (wizard), "party-name");
  panel = gtk_widget_get_ancestor (name, PB_TYPE_PARTIES_PANEL);
  live = find_named (panel, "live-screening");
  g_assert_nonnull (live);
  g_assert_false (gtk_widget_get_visible (live));

  /* Listed as "Yevgeniy Viktorovich PRIGOZHIN"; typed family name first,
   * in another romanisation, without the patronymic. */
  gtk_editable_set_text (GTK_EDITABLE (find_named (panel, "party-country")), "RU");
  g_assert_true (gtk_widget_grab_focus (name));
  n_keys = type_text (name, "Prigozhin Evgeny");
  g_assert_true (gtk_widget_get_visible (live));
  wait_panel (panel);
  g_test_message ("%u keys typed, %u live screenings", n_keys, pb_parties_panel_get_n_live_screenings (PB_PARTIES_PANEL (panel)));
  /* Once per pause in typing, not per key. */
  g_assert_cmpuint (pb_parties_panel_get_n_live_screenings (PB_PARTIES_PANEL (panel)), >=, 1);
  g_assert_cmpuint (pb_parties_panel_get_n_live_screenings (PB_PARTIES_PANEL (panel)), <=, 3);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (live)), ==, "1 possible match — review");
  assert_accessible (live, GTK_ACCESSIBLE_PROPERTY_LABEL, "1 possible match — review");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (live)), "Yevgeniy Viktorovich PRIGOZHIN"));
  /* Nothing recorded while typing. */
  g_assert_cmpuint (count_events (store, case_id, PB_EVENT_SCREENED), ==, 0);
  screenshots (panel, "parties-live-hit");

  /* Return saves the party: its screening is recorded, once. */
  g_signal_emit_by_name (name, "entry-activated");
  wait_panel (panel);
  g_assert_cmpuint (count_events (store, case_id, PB_EVENT_SCREENED), ==, 1);
  screening = pb_case_store_get_screening (store, case_id, 0, &error);
  g_assert_no_error (error);
  run = pb_case_screening_get_latest (screening);
  g_assert_nonnull (run);
  g_assert_cmpuint (run->editions->len, ==, 1);
  screened = g_ptr_array_index (run->editions, 0);
  g_assert_cmpstr (screened->list_id, ==, "eu-fsf");
  g_assert_cmpstr (screened->file_sha256, ==, pb_list_edition_get_file_sha256 (edition));
  g_assert_cmpuint (run->hits->len, ==, 1);
  hit = g_ptr_array_index (run->hits, 0);
  g_assert_cmpstr (hit->party_id, ==, "P1");
  g_assert_cmpint (hit->status, ==, PB_HIT_OPEN);

  /* The party's row says it, in words a screen reader reads. */
  row = find_descendant (panel, ADW_TYPE_ACTION_ROW, "Prigozhin Evgeny");
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "1 possible match — review"));
  assert_accessible (row, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "1 possible match — review");
  screenshots (panel, "parties-row-hit");

  /* Review, from the keyboard: the hit opens beside the party, the focus
   * in its reason. */
  review = find_named (row, "review");
  g_assert_nonnull (review);
  g_assert_true (gtk_widget_get_focusable (review));
  g_assert_true (gtk_widget_grab_focus (review));
  g_assert_true (gtk_widget_activate (review));
  for (gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
       (screening_window = find_screening_window ()) == NULL && g_get_monotonic_time () < deadline;)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (screening_window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (screening_window));
  reason = find_named (GTK_WIDGET (screening_window), "reason");
  g_assert_nonnull (reason);
  for (gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
       !focus_within (GTK_ROOT (screening_window), reason) && g_get_monotonic_time () < deadline;)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (focus_within (GTK_ROOT (screening_window), reason));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (find_named (GTK_WIDGET (screening_window), "party-in-review"))),
                            "Prigozhin Evgeny"));
  pb_text_field_set_text (PB_TEXT_FIELD (reason), "Another person: a Saint Petersburg caterer born in 1988.");
  /* The hit opens with an animation. */
  for (gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC; g_get_monotonic_time () < until;)
    g_main_context_iteration (NULL, FALSE);
  screenshots (GTK_WIDGET (screening_window), "hit-review");
  clear = find_descendant (GTK_WIDGET (screening_window), GTK_TYPE_BUTTON, "C_lear: Another Party");
  g_assert_nonnull (clear);
  g_assert_true (gtk_widget_activate (clear));
  n_events = count_events (store, case_id, PB_EVENT_HIT_DECIDED);
  for (gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
       (n_events = count_events (store, case_id, PB_EVENT_HIT_DECIDED)) == 0 && g_get_monotonic_time () < deadline;)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (n_events, ==, 1);

  /* The decision, with its reason, on the screening that used the
   * edition; the history's chain holds. */
  g_clear_pointer (&screening, pb_case_screening_free);
  screening = pb_case_store_get_screening (store, case_id, 0, &error);
  g_assert_no_error (error);
  hit = g_ptr_array_index (pb_case_screening_get_latest (screening)->hits, 0);
  g_assert_cmpint (hit->status, ==, PB_HIT_CLEARED);
  g_assert_cmpstr (hit->decided_by, ==, "Rita Reviewer");
  g_assert_cmpstr (hit->reason, ==, "Another person: a Saint Petersburg caterer born in 1988.");
  g_assert_cmpstr (hit->edition_sha256, ==, pb_list_edition_get_file_sha256 (edition));
  g_assert_true (pb_case_store_verify_case (store, case_id, NULL, NULL, &error));
  g_assert_no_error (error);

  /* And the wizard's row says so. */
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  row = find_descendant (panel, ADW_TYPE_ACTION_ROW, "Prigozhin Evgeny");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "1 possible match cleared"));

  gtk_window_destroy (GTK_WINDOW (screening_window));
  gtk_window_destroy (window);
}

/* A clean name says so with the editions screened; before any list is
 * imported, that there is nothing to screen against. */
static void
test_live_clean (StoreFixture  *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PbCaseStore *store = f->store;
  g_autoptr(PbActor) sales = pb_actor_new ("Sam Sales", PB_ROLE_SALES, NULL);
  g_autofree char *case_id = NULL;
  g_autofree char *expected = NULL;
  GtkWidget *name, *panel, *live;
  GtkWindow *window;
  PbWizard *wizard;

  pb_case_store_set_actor (store, sales);
  case_id = create_case (store, "Nordvik Transit AB", "SE");
  wizard = open_wizard (store, case_id, &window);
  name = find_named (GTK_WIDGET (wizard), "party-name");
  panel = gtk_widget_get_ancestor (name, PB_TYPE_PARTIES_PANEL);
  live = find_named (panel, "live-screening");

  type_text (name, "Nordhafen Logistik GmbH");
  wait_panel (panel);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (live)), ==, "No lists imported");
  assert_accessible (live, GTK_ACCESSIBLE_PROPERTY_LABEL, "No lists imported");

  /* A list imported since: the next query indexes it. */
  import_list (store, "eu-fsf.xml");
  import_list (store, "un-sc.xml");
  gtk_editable_set_text (GTK_EDITABLE (name), "");
  type_text (name, "Nordhafen Logistik GmbH");
  wait_panel (panel);
  expected = g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (live)));
  g_test_message ("%s", expected);
  /* The lists and the dates of their editions. */
  g_assert_cmpstr (expected, ==, "No match on 2 lists (EU 2026-11-20, UN 2026-11-19)");
  assert_accessible (live, GTK_ACCESSIBLE_PROPERTY_LABEL, expected);
  g_assert_cmpuint (count_events (store, case_id, PB_EVENT_SCREENED), ==, 0);
  screenshots (panel, "parties-live-clean");

  /* Saved: recorded once, and the row says the same. */
  g_signal_emit_by_name (name, "entry-activated");
  wait_panel (panel);
  g_assert_cmpuint (count_events (store, case_id, PB_EVENT_SCREENED), ==, 1);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (find_descendant (panel, ADW_TYPE_ACTION_ROW, "Nordhafen Logistik GmbH"))),
                            "No match on 2 lists ("));

  gtk_window_destroy (window);
}

/* The wizard's parties panel and the screening window of one case share
 * one index of the lists (some 200 MB at the size of the largest): the
 * first to screen builds it, the other uses it. A list imported in the
 * window lets the old index go at once; the window's next screening builds
 * the new editions' index, and the panel finds the new entry in it. */
static void
test_index_shared (StoreFixture  *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *second = g_test_build_filename (G_TEST_DIST, "data", "screening", "eu-fsf-2.xml", NULL);
  PbCaseStore *store = f->store;
  g_autoptr(PbActor) sales = pb_actor_new ("Sam Sales", PB_ROLE_SALES, NULL);
  g_autoptr(PbScreeningIndexCache) cache = NULL;
  g_autoptr(PbCaseScreening) screening = NULL;
  g_autoptr(GPtrArray) editions = NULL;
  g_autofree char *case_id = NULL;
  PbScreeningIndex *old = NULL;
  PbScreeningWindow *screening_window;
  PbScreenedEdition *screened;
  GtkWidget *name, *panel, *live;
  GtkWindow *window;
  PbWizard *wizard;

  pb_case_store_set_actor (store, sales);
  import_list (store, "eu-fsf.xml");
  case_id = create_case (store, "Special Technology Centre LLC", "RU");
  wizard = open_wizard (store, case_id, &window);
  name = find_named (GTK_WIDGET (wizard), "party-name");
  panel = gtk_widget_get_ancestor (name, PB_TYPE_PARTIES_PANEL);
  live = find_named (panel, "live-screening");
  screening_window = pb_screening_window_new (NULL, store, case_id);
  gtk_window_present (GTK_WINDOW (screening_window));
  cache = pb_screening_index_cache_get_for_store (store);
  g_assert_cmpuint (pb_screening_index_cache_get_n_built (cache), ==, 0);

  /* The panel screens the party typed: the index is built. */
  gtk_editable_set_text (GTK_EDITABLE (find_named (panel, "party-country")), "RU");
  type_text (name, "Limited Liability Company Special Technology Centre");
  wait_panel (panel);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (live)), ==, "No match on 1 list (EU 2026-11-20)");
  g_assert_cmpuint (pb_screening_index_cache_get_n_built (cache), ==, 1);

  /* The window screens the case with it, building nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (screening_window), "screening.screen", NULL));
  wait_idle (screening_window);
  screening = pb_case_store_get_screening (store, case_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pb_case_screening_get_latest (screening)->hits->len, ==, 0);
  g_assert_cmpuint (pb_screening_index_cache_get_n_built (cache), ==, 1);
  old = pb_screening_index_cache_get_index (cache, store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pb_screening_index_cache_get_n_built (cache), ==, 1);
  g_object_add_weak_pointer (G_OBJECT (old), (gpointer *) &old);
  g_object_unref (old);
  g_assert_nonnull (old);

  /* Edition 2, which lists the customer, imported in the window: the
   * index of edition 1 is gone. */
  pb_screening_window_import (screening_window, second);
  wait_idle (screening_window);
  g_assert_null (old);

  /* The window screens against edition 2 (its index built once)... */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (screening_window), "screening.screen", NULL));
  wait_idle (screening_window);
  g_clear_pointer (&screening, pb_case_screening_free);
  screening = pb_case_store_get_screening (store, case_id, 0, &error);
  g_assert_no_error (error);
  editions = pb_case_store_list_editions (store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pb_case_screening_get_latest (screening)->editions->len, ==, 1);
  screened = g_ptr_array_index (pb_case_screening_get_latest (screening)->editions, 0);
  g_assert_cmpstr (screened->file_sha256, ==, pb_list_edition_get_file_sha256 (g_ptr_array_index (editions, 0)));
  g_assert_cmpuint (pb_case_screening_get_latest (screening)->hits->len, ==, 1);
  g_assert_cmpuint (pb_screening_index_cache_get_n_built (cache), ==, 2);

  /* ...and the panel finds the new entry in the same index. */
  gtk_editable_set_text (GTK_EDITABLE (name), "");
  type_text (name, "Limited Liability Company Special Technology Centre");
  wait_panel (panel);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (live)), ==, "1 possible match — review");
  g_assert_cmpuint (pb_screening_index_cache_get_n_built (cache), ==, 2);

  gtk_window_destroy (GTK_WINDOW (screening_window));
  gtk_window_destroy (window);
}

static void
count_frame_cb (GdkFrameClock *clock,
                guint         *n_frames)
{
  (*n_frames)++;
}

/* A decided case whose lists gained a newer edition (naming its customer)
 * and a large list: the sign dialog screens it again in a thread while it
 * keeps drawing, Sign waits, and then it says what it found and why the
 * signature must wait for a reviewer. */
static void
test_sign_dialog_rescreens (StoreFixture  *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *answers_path = g_test_build_filename (G_TEST_DIST, "data", "answers", "benign-carpark-anpr.json", NULL);
  g_autofree char *large = write_large_list (f->dir);
  g_autoptr(GFile) answers_file = g_file_new_for_path (answers_path);
  PbCaseStore *store = f->store;
  g_autoptr(PbActor) sales = pb_actor_new ("Sam Sales", PB_ROLE_SALES, NULL);
  g_autoptr(PbActor) reviewer = pb_actor_new ("Rita Reviewer", PB_ROLE_REVIEWER, NULL);
  g_autoptr(GSettings) settings = g_settings_new (PB_APP_ID);
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(PbScreeningIndex) index = NULL;
  g_autoptr(PbCaseScreening) screening = NULL;
  g_autoptr(PbListEdition) edition = NULL;
  g_autofree char *case_id = NULL;
  PbSignDialog *dialog;
  GdkFrameClock *clock;
  GtkWidget *row, *sign;
  gint64 deadline;
  guint n_frames = 0;
  gulong handler;
  guint first;

  pb_case_store_set_actor (store, sales);
  import_list (store, "eu-fsf.xml");
  case_id = create_case (store, "Special Technology Centre LLC", "RU");
  answers = pb_answer_set_new_from_file (answers_file, &error);
  g_assert_no_error (error);
  g_assert_true (pb_case_store_set_answers (store, case_id, answers, NULL, &error));
  index = pb_screening_index_new (store, NULL, &error);
  g_assert_no_error (error);
  first = pb_case_screen (store, case_id, index, PB_NAME_MATCH_THRESHOLD, &error);
  g_assert_no_error (error);
  g_assert_true (pb_case_store_submit (store, case_id, &error));
  g_assert_no_error (error);
  pb_case_store_set_actor (store, reviewer);
  g_assert_true (pb_case_store_decide (store, case_id, PB_CASE_STATUS_APPROVED, "Car parks only.", NULL, NULL, &error));
  g_assert_no_error (error);

  /* Since the decision: edition 2 of the EU list, and a large list whose
   * index takes a while to build. */
  import_list (store, "eu-fsf-2.xml");
  edition = pb_list_import_file (store, large, PB_LIST_FORMAT_AUTO, NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  dialog = g_object_ref (pb_sign_dialog_new (NULL, store, case_id, PB_CASE_STATUS_APPROVED, settings));
  pb_sign_dialog_set_open_report (dialog, FALSE);
  gtk_window_present (GTK_WINDOW (dialog));
  /* The dialog is open and the screening still runs: it is not done on
   * the main loop. */
  g_assert_true (pb_sign_dialog_is_checking (dialog));
  row = find_named (GTK_WIDGET (dialog), "screening-row");
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_visible (row));
  sign = find_descendant (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "_Sign");
  g_assert_nonnull (sign);

  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (dialog));
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (count_frame_cb), &n_frames);
  /* Sign waits for the screening. */
  g_assert_false (gtk_widget_get_sensitive (sign));
  deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  while (pb_sign_dialog_is_checking (dialog) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, handler);
  g_assert_false (pb_sign_dialog_is_checking (dialog));
  g_test_message ("%u frames drawn while the case was screened again", n_frames);
  g_assert_cmpuint (n_frames, >=, 1);

  /* Recorded in the case, against the new editions. */
  screening = pb_case_store_get_screening (store, case_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pb_case_screening_get_latest (screening)->event, >, first);
  g_assert_cmpuint (pb_case_screening_get_latest (screening)->editions->len, ==, 2);
  g_assert_cmpuint (pb_case_screening_count_open (screening), ==, 1);

  /* Said in words: what was found, and why the signature waits. */
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "1 new possible match holds the case"));
  g_assert_nonnull (pb_sign_dialog_get_error (dialog));
  g_assert_nonnull (strstr (pb_sign_dialog_get_error (dialog), "was screened again after its decision"));
  g_assert_false (gtk_widget_get_sensitive (sign));
  screenshot (GTK_WIDGET (dialog), "sign-dialog-rescreened.png");

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
wait_checked (PbDecisionDialog *dialog)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (pb_decision_dialog_is_checking (dialog) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (pb_decision_dialog_is_checking (dialog));
}

/* The data of the latest screened event of @case_id. */
static char *
screened_data (PbCaseStore *store,
               const char  *case_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) history = pb_case_store_list_history (store, case_id, &error);
  char *data = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (history); i++)
    {
      g_autoptr(PbHistoryEvent) event = g_list_model_get_item (history, i);

      if (pb_history_event_get_kind (event) == PB_EVENT_SCREENED)
        {
          g_free (data);
          data = g_strdup (pb_history_event_get_data (event));
        }
    }
  g_assert_nonnull (data);

  return data;
}

/* A screening is the lists' word, not the screener's (review14b, E3): the
 * decision dialog screens the screening an approval would stand on again,
 * in a thread; a seller's "no hits" run recorded for a listed customer (a
 * clean case's, as the store writes any event) gets no approval, and says
 * why; a real screening does. */
static void
test_decision_checks_screening (StoreFixture  *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *answers_path = g_test_build_filename (G_TEST_DIST, "data", "answers", "benign-carpark-anpr.json", NULL);
  g_autoptr(GFile) answers_file = g_file_new_for_path (answers_path);
  PbCaseStore *store = f->store;
  g_autoptr(PbActor) sales = pb_actor_new ("Sam Sales", PB_ROLE_SALES, NULL);
  g_autoptr(PbActor) reviewer = pb_actor_new ("Rita Reviewer", PB_ROLE_REVIEWER, NULL);
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(PbScreeningIndex) index = NULL;
  g_autofree char *clean = NULL, *listed = NULL, *forged = NULL, *event = NULL;
  PbDecisionDialog *dialog;
  GtkWidget *approve;
  guint seq;

  pb_case_store_set_actor (store, sales);
  import_list (store, "eu-fsf.xml");
  answers = pb_answer_set_new_from_file (answers_file, &error);
  g_assert_no_error (error);
  clean = create_case (store, "Harbour Parking", "RU");
  listed = create_case (store, "Rosoboronexport JSC", "RU");
  g_assert_true (pb_case_store_set_answers (store, clean, answers, NULL, &error));
  g_assert_true (pb_case_store_set_answers (store, listed, answers, NULL, &error));
  g_assert_no_error (error);
  index = pb_screening_index_new (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pb_case_screen (store, clean, index, PB_NAME_MATCH_THRESHOLD, &error), >, 0);
  g_assert_no_error (error);
  /* The clean case found nothing: its screening, recorded for the listed
   * customer, reads "clear". */
  forged = screened_data (store, clean);
  seq = pb_case_store_record_screening (store, listed, forged, &error);
  g_assert_no_error (error);
  g_assert_true (pb_case_store_submit (store, clean, &error));
  g_assert_true (pb_case_store_submit (store, listed, &error));
  g_assert_no_error (error);
  pb_case_store_set_actor (store, reviewer);

  dialog = g_object_ref (pb_decision_dialog_new (NULL, store, listed, &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (pb_decision_dialog_is_checking (dialog));
  g_assert_false (pb_decision_dialog_can_choose (dialog, PB_CASE_STATUS_APPROVED));
  wait_checked (dialog);
  event = g_strdup_printf ("(event %u)", seq);
  g_assert_false (pb_decision_dialog_can_choose (dialog, PB_CASE_STATUS_APPROVED));
  g_assert_false (pb_decision_dialog_can_choose (dialog, PB_CASE_STATUS_APPROVED_WITH_CONDITIONS));
  g_assert_true (pb_decision_dialog_can_choose (dialog, PB_CASE_STATUS_REJECTED));
  approve = find_descendant (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "_Approve");
  g_assert_nonnull (approve);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (approve)), event));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (approve)), "Rosoboronexport"));
  screenshot (GTK_WIDGET (dialog), "decision-dialog-forged-screening.png");
  /* Chosen all the same (a keyboard, a test): refused, and said. */
  pb_decision_dialog_choose (dialog, PB_CASE_STATUS_APPROVED);
  pb_decision_dialog_set_texts (dialog, "Screened, clear", NULL, NULL);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "decision.record", NULL);
  g_assert_cmpint (pb_case_store_get_status (store, listed, 0, NULL), ==, PB_CASE_STATUS_SUBMITTED);
  g_assert_nonnull (pb_decision_dialog_get_error (dialog));
  g_assert_nonnull (strstr (pb_decision_dialog_get_error (dialog), event));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);

  /* Approved all the same by a modified client: the signature is refused,
   * in the sign dialog's worker as in probity-cli report --sign. */
  g_assert_true (pb_case_store_decide (store, listed, PB_CASE_STATUS_APPROVED, "Screened, clear", NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (pb_workflow_check_screening_for_signing (store, listed, NULL, &error));
  g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TAMPERED);
  g_assert_nonnull (strstr (error->message, event));
  g_clear_error (&error);
  {
    g_autoptr(GAsyncResult) result = NULL;

    pb_workflow_check_screening_for_signing_async (store, listed, NULL, store_result_cb, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_false (pb_workflow_check_screening_for_signing_finish (result, NULL, &error));
    g_assert_error (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_TAMPERED);
    g_clear_error (&error);
  }

  /* The clean case's own screening holds: approved. */
  dialog = g_object_ref (pb_decision_dialog_new (NULL, store, clean, &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (dialog));
  wait_checked (dialog);
  g_assert_true (pb_decision_dialog_can_choose (dialog, PB_CASE_STATUS_APPROVED));
  pb_decision_dialog_choose (dialog, PB_CASE_STATUS_APPROVED);
  pb_decision_dialog_set_texts (dialog, "Screened, nothing found", NULL, NULL);
  /* Screened again while the dialog was open: that screening is checked
   * before an approval stands on it. */
  pb_case_store_set_actor (store, sales);
  g_assert_cmpuint (pb_case_store_record_screening (store, clean, forged, &error), >, 0);
  g_assert_no_error (error);
  pb_case_store_set_actor (store, reviewer);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "decision.record", NULL);
  g_assert_cmpint (pb_case_store_get_status (store, clean, 0, NULL), ==, PB_CASE_STATUS_SUBMITTED);
  g_assert_nonnull (strstr (pb_decision_dialog_get_error (dialog), "screened again meanwhile"));
  wait_checked (dialog);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "decision.record", NULL);
  g_assert_cmpint (pb_case_store_get_status (store, clean, 0, NULL), ==, PB_CASE_STATUS_APPROVED);
  g_object_unref (dialog);
}

/* The wizard's parties panel says a screening contradicted by its own
 * lists in place of "no open hit": a seller's "nothing found" recorded for
 * a listed customer (a clean case's, as the store writes any event) names
 * the event and the party it misses; the clean case's own screening reads
 * as it is. */
static void
test_panel_contradicted (StoreFixture  *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PbCaseStore *store = f->store;
  g_autoptr(PbActor) sales = pb_actor_new ("Sam Sales", PB_ROLE_SALES, NULL);
  g_autoptr(PbScreeningIndex) index = NULL;
  g_autofree char *clean = NULL, *listed = NULL, *forged = NULL, *event = NULL;
  const char *cases[] = { NULL, NULL };
  guint seq;

  pb_case_store_set_actor (store, sales);
  import_list (store, "eu-fsf.xml");
  cases[0] = clean = create_case (store, "Harbour Parking", "RU");
  cases[1] = listed = create_case (store, "Rosoboronexport JSC", "RU");
  index = pb_screening_index_new (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pb_case_screen (store, clean, index, PB_NAME_MATCH_THRESHOLD, &error), >, 0);
  g_assert_no_error (error);
  forged = screened_data (store, clean);
  seq = pb_case_store_record_screening (store, listed, forged, &error);
  g_assert_no_error (error);
  event = g_strdup_printf ("event %u", seq);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GtkWindow *window;
      PbWizard *wizard = open_wizard (store, cases[i], &window);
      GtkWidget *panel = gtk_widget_get_ancestor (find_named (GTK_WIDGET (wizard), "party-name"), PB_TYPE_PARTIES_PANEL);
      GtkWidget *status = find_named (panel, "screening-status");
      const char *text;

      wait_panel (panel);
      text = gtk_label_get_text (GTK_LABEL (status));
      g_test_message ("%s: %s", cases[i], text);
      g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (status)));
      if (cases[i] == listed)
        {
          g_assert_nonnull (strstr (text, "contradicted by its own lists"));
          g_assert_nonnull (strstr (text, event));
          g_assert_nonnull (strstr (text, "Rosoboronexport"));
          g_assert_true (gtk_widget_has_css_class (status, "error"));
          /* Its party reads no "no match" either. */
          g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (find_descendant (panel, ADW_TYPE_ACTION_ROW, "Rosoboronexport JSC"))),
                                    "Contradicted by the lists it names"));
          screenshots (panel, "parties-contradicted");
        }
      else
        {
          g_assert_null (strstr (text, "contradicted"));
          g_assert_nonnull (strstr (text, "no open hit"));
          g_assert_false (gtk_widget_has_css_class (status, "error"));
          g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (find_descendant (panel, ADW_TYPE_ACTION_ROW, "Harbour Parking"))),
                                    "No match on 1 list"));
        }
      gtk_window_destroy (window);
    }
}

/* A confirmed sanctions match on a list that binds the deal is a legal
 * hard stop: the decision dialog offers no approval, and says why and the
 * way on (reject, or send it back for changes). (Before: Approve was
 * offered, and the store refused it when recorded.) */
static void
test_decision_hard_stop (StoreFixture  *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *answers_path = g_test_build_filename (G_TEST_DIST, "data", "answers", "benign-carpark-anpr.json", NULL);
  g_autoptr(GFile) answers_file = g_file_new_for_path (answers_path);
  PbCaseStore *store = f->store;
  g_autoptr(PbActor) sales = pb_actor_new ("Sam Sales", PB_ROLE_SALES, NULL);
  g_autoptr(PbActor) reviewer = pb_actor_new ("Rita Reviewer", PB_ROLE_REVIEWER, NULL);
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(PbScreeningIndex) index = NULL;
  g_autoptr(PbCaseScreening) screening = NULL;
  g_autofree char *listed = NULL;
  PbDecisionDialog *dialog;
  PbCaseHit *hit;
  GtkWidget *approve, *group, *send_back;
  const char *why;

  pb_case_store_set_actor (store, sales);
  import_list (store, "eu-fsf.xml");
  answers = pb_answer_set_new_from_file (answers_file, &error);
  g_assert_no_error (error);
  listed = create_case (store, "Rosoboronexport JSC", "RU");
  g_assert_true (pb_case_store_set_answers (store, listed, answers, NULL, &error));
  g_assert_no_error (error);
  index = pb_screening_index_new (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pb_case_screen (store, listed, index, PB_NAME_MATCH_THRESHOLD, &error), >, 0);
  g_assert_no_error (error);
  screening = pb_case_store_get_screening (store, listed, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pb_case_screening_get_latest (screening)->hits->len, ==, 1);
  hit = g_ptr_array_index (pb_case_screening_get_latest (screening)->hits, 0);
  pb_case_store_set_actor (store, reviewer);
  g_assert_true (pb_case_store_decide_hit (store, listed, hit->id, PB_HIT_CONFIRMED, "Same state exporter", &error));
  g_assert_no_error (error);
  pb_case_store_set_actor (store, sales);
  g_assert_true (pb_case_store_submit (store, listed, &error));
  g_assert_no_error (error);

  pb_case_store_set_actor (store, reviewer);
  dialog = g_object_ref (pb_decision_dialog_new (NULL, store, listed, &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (dialog));
  wait_checked (dialog);
  g_assert_false (pb_decision_dialog_can_choose (dialog, PB_CASE_STATUS_APPROVED));
  g_assert_false (pb_decision_dialog_can_choose (dialog, PB_CASE_STATUS_APPROVED_WITH_CONDITIONS));
  g_assert_true (pb_decision_dialog_can_choose (dialog, PB_CASE_STATUS_REJECTED));
  approve = find_descendant (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW, "_Approve");
  g_assert_nonnull (approve);
  why = adw_action_row_get_subtitle (ADW_ACTION_ROW (approve));
  g_test_message ("approve: %s", why);
  g_assert_nonnull (strstr (why, "hard stop"));
  g_assert_nonnull (strstr (why, "send it back for changes"));
  g_assert_nonnull (find_descendant (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW,
                                     "Confirmed match on the EU sanctions list, which binds this deal"));
  group = find_label_containing (GTK_WIDGET (dialog), "send it back for changes so that they are corrected");
  g_assert_nonnull (group);
  g_assert_true (gtk_widget_is_visible (group));
  send_back = find_descendant (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, "Send _Back for Changes…");
  g_assert_nonnull (send_back);
  g_assert_true (gtk_widget_is_visible (send_back));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  screenshot (GTK_WIDGET (dialog), "decision-dialog-hard-stop.png");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
}

static gboolean
keep_awake (gpointer data)
{
  return G_SOURCE_CONTINUE;
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
  /* Each wait runs the main loop until its condition holds or its
   * deadline passes: a tick keeps g_main_context_iteration () from
   * blocking past the deadline when nothing else happens (a clean-clone
   * run under load once sat in wizard-parties until meson's timeout). */
  g_timeout_add (100, keep_awake, NULL);

#define ADD(path, func) g_test_add (path, StoreFixture, NULL, store_fixture_set_up, func, store_fixture_tear_down)
  ADD ("/pb/gui/screening/window", test_screening_window);
  ADD ("/pb/gui/screening/submit-rescreens", test_wizard_submit_rescreens);
  ADD ("/pb/gui/screening/wizard-parties", test_wizard_parties);
  ADD ("/pb/gui/screening/sign-rescreens", test_sign_dialog_rescreens);
  ADD ("/pb/gui/screening/live-hit", test_live_hit);
  ADD ("/pb/gui/screening/live-clean", test_live_clean);
  ADD ("/pb/gui/screening/index-shared", test_index_shared);
  ADD ("/pb/gui/screening/decision-checks-screening", test_decision_checks_screening);
  ADD ("/pb/gui/screening/panel-contradicted", test_panel_contradicted);
  ADD ("/pb/gui/screening/decision-hard-stop", test_decision_hard_stop);
#undef ADD

  return g_test_run ();
}
