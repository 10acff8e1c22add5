/* screenshots.c: renders the main screens to PNG for the README and the
 * AppStream metainfo (`make screenshots`).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "pb-case-store.h"
#include "pb-data.h"
#include "pb-decision-dialog.h"
#include "pb-history-window.h"
#include "pb-i18n.h"
#include "pb-new-case-dialog.h"
#include "pb-preferences-window.h"
#include "pb-sign-dialog.h"
#include "pb-window.h"
#include "pb-wizard.h"

static const struct {
  const char *customer;
  const char *aliases[3];
  const char *country;
  const char *entity_type;
  const char *product;
  const char *version;
  const char *family;
  const char *answers;
} demo_cases[] = {
  { "Guilin Municipal Public Security Bureau", { "Guilin PSB", NULL }, "CN", "police",
    "Q-Line PTZ Camera", "6.2", "camera", "axis-guilin-skynet.json" },
  { "Shanghai Public Security Bureau", { "Shanghai PSB", NULL }, "CN", "police",
    "FaceMatch Video Search", "3.0", "biometric", "morpho-shanghai-psb.json" },
  { "People's Public Security University", { NULL }, "CN", "research",
    "FaceReader", "7", "video-analytics", "noldus-facereader.json" },
  { "Rotterdam Parking Services", { NULL }, "NL", "private-commercial",
    "PlateReader ANPR", "2.4", "video-analytics", "benign-carpark-anpr.json" },
  { "Nordic Retail Group", { "NRG", NULL }, "SE", "private-commercial",
    "FootfallCounter", "1.8", "video-analytics", "benign-retail-people-counting.json" },
  { "Leiden University, Behaviour Lab", { NULL }, "NL", "research",
    "Observer XT", "16", "video-analytics", "benign-university-lab-observer.json" },
};

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
settle (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
save_png (GtkWidget  *widget,
          const char *dir,
          const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  GtkSnapshot *snapshot;
  GskRenderer *renderer;
  int width, height;

  settle (800);
  gtk_test_widget_wait_for_draw (widget);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (!gdk_texture_save_to_png (texture, path))
    g_error ("Cannot write %s", path);

  g_print ("%s (%d×%d)\n", path, width, height);
}

/* The submitted do-not-proceed case the decision screens show. */
static char *override_case;

static char *
fill_demo_database (const char *db,
                    const char *answers_dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbCaseStore) store = pb_case_store_new (db, &error);
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autoptr(PbActor) actor = NULL;
  g_autofree char *first_case = NULL;

  if (store == NULL)
    g_error ("%s", error->message);
  actor = pb_actor_new ("Åsa Lindqvist", PB_ROLE_SALES, "Nordvik Systems AB");
  pb_case_store_set_actor (store, actor);
  questionnaire = pb_data_load_questionnaire ("surveillance-export", &error);
  if (questionnaire == NULL)
    g_error ("%s", error->message);

  for (guint i = 0; i < G_N_ELEMENTS (demo_cases); i++)
    {
      g_autoptr(PbCustomer) customer = NULL;
      g_autoptr(PbProduct) product = NULL;
      g_autoptr(PbAnswerSet) answers = NULL;
      g_autoptr(GFile) file = NULL;
      g_autofree char *case_id = NULL;
      const char *capabilities[] = { "live-video", "recording", NULL };

      customer = pb_case_store_add_customer (store, demo_cases[i].customer, demo_cases[i].aliases,
                                             demo_cases[i].country, demo_cases[i].entity_type, NULL, &error);
      if (customer == NULL)
        g_error ("%s", error->message);
      product = pb_case_store_add_product (store, demo_cases[i].product, demo_cases[i].version,
                                           demo_cases[i].family, capabilities, &error);
      if (product == NULL)
        g_error ("%s", error->message);
      case_id = pb_case_store_create_case (store, pb_customer_get_uid (customer), pb_product_get_uid (product),
                                           questionnaire, &error);
      if (case_id == NULL)
        g_error ("%s", error->message);

      file = g_file_new_build_filename (answers_dir, demo_cases[i].answers, NULL);
      answers = pb_answer_set_new_from_file (file, &error);
      if (answers == NULL)
        g_error ("%s", error->message);
      /* Demo answers, kept while the questionnaire moves on: what it still asks. */
      {
        g_auto(GStrv) ids = pb_answer_set_dup_ids (answers);

        for (guint j = 0; ids[j] != NULL; j++)
          if (pb_questionnaire_lookup_question (questionnaire, ids[j]) == NULL)
            pb_answer_set_remove (answers, ids[j]);
      }
      if (!pb_case_store_set_answers (store, case_id, answers, NULL, &error))
        g_error ("%s", error->message);

      if (i == 0)
        {
          static const char letter[] = "Guilin PSB, letter of 2026-10-02: installation sites in Guilin, Guangxi.\n";
          g_autoptr(GBytes) bytes = g_bytes_new_static (letter, sizeof letter - 1);
          g_autoptr(PbEvidence) evidence = NULL;

          evidence = pb_case_store_add_evidence (store, case_id, "S0.02", "deployment-sites-letter.txt", "text/plain",
                                                 bytes, &error);
          if (evidence == NULL)
            g_error ("%s", error->message);
        }

      /* Freedom on the Net does not rate Sweden: the reference data is
       * silent, so the question is answered by hand before submitting. */
      if (i == 4)
        {
          g_autoptr(PbAnswer) not_rated = pb_answer_new_string ("not-rated");

          if (!pb_case_store_set_answer (store, case_id, "S5.03", not_rated, NULL, NULL, NULL, &error))
            g_error ("%s", error->message);
        }

      if ((i == 1 || i == 4) && !pb_case_store_submit (store, case_id, &error))
        g_error ("%s", error->message);
      if (i == 1)
        override_case = g_strdup (case_id);

      if (first_case == NULL)
        first_case = g_steal_pointer (&case_id);
    }

  return g_steal_pointer (&first_case);
}

/* Until @window has read its case list, which it does in a thread. */
static void
wait_for_cases (PbWindow *window)
{
  while (pb_window_get_loading (window))
    g_main_context_iteration (NULL, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *tmp = NULL;
  g_autofree char *db = NULL;
  g_autofree char *empty_db = NULL;
  g_autofree char *case_id = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(PbCaseStore) store = NULL;
  PbWindow *window;
  PbWizard *wizard;
  GtkWidget *dialog;
  const char *out;

  if (argc != 3)
    {
      g_printerr ("usage: %s OUTPUT-DIR ANSWERS-DIR\n", argv[0]);
      return 2;
    }
  out = argv[1];

  pb_i18n_init ();
  if (!gtk_init_check ())
    {
      g_printerr ("screenshots: no display\n");
      return 1;
    }
  adw_init ();
  g_mkdir_with_parents (out, 0755);

  /* What AdwApplication loads from the resource base path in the app. */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/probity/Probity/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                      "/io/github/probity/Probity/icons");
  }

  tmp = g_dir_make_tmp ("probity-shots-XXXXXX", &error);
  if (tmp == NULL)
    g_error ("%s", error->message);
  db = g_build_filename (tmp, "cases.db", NULL);
  empty_db = g_build_filename (tmp, "empty.db", NULL);
  case_id = fill_demo_database (db, argv[2]);

  settings = g_settings_new (PB_APP_ID);
  g_settings_set_string (settings, "assessor-name", "Åsa Lindqvist");
  g_settings_set_string (settings, "organisation", "Example Vision AB");

  window = pb_window_new (NULL, empty_db);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 700);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_cases (window);
  save_png (GTK_WIDGET (window), out, "empty.png");
  gtk_window_destroy (GTK_WINDOW (window));

  window = pb_window_new (NULL, db);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 720);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_cases (window);
  save_png (GTK_WIDGET (window), out, "cases.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  save_png (GTK_WIDGET (window), out, "cases-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  store = pb_case_store_new (db, &error);
  /* The author of the cases at her desk, as the application sets her from
   * the preferences: with no one acting, the wizard is an auditor's. */
  {
    g_autoptr(PbActor) asa = pb_actor_new ("Åsa Lindqvist", PB_ROLE_SALES, "Nordvik Systems AB");

    pb_case_store_set_actor (store, asa);
  }
  dialog = GTK_WIDGET (pb_new_case_dialog_new (GTK_WINDOW (window), store));
  gtk_window_present (GTK_WINDOW (dialog));
  save_png (dialog, out, "new-case.png");
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));

  {
    GtkWindow *win = GTK_WINDOW (adw_window_new ());

    wizard = pb_wizard_new (store, case_id, &error);
    if (wizard == NULL)
      g_error ("%s", error->message);
    gtk_window_set_default_size (win, 1280, 800);
    adw_window_set_content (ADW_WINDOW (win), GTK_WIDGET (wizard));
    gtk_window_present (win);
    save_png (GTK_WIDGET (win), out, "wizard.png");

    pb_wizard_set_page (wizard, 3);
    save_png (GTK_WIDGET (win), out, "wizard-end-user.png");

    gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.review", NULL);
    save_png (GTK_WIDGET (win), out, "review.png");

    /* Where the step list and the risk panel fold away. */
    pb_wizard_set_page (wizard, 3);
    gtk_window_set_default_size (win, 1024, 600);
    save_png (GTK_WIDGET (win), out, "wizard-1024.png");
    gtk_window_set_default_size (win, 360, 720);
    save_png (GTK_WIDGET (win), out, "wizard-360.png");
    gtk_window_set_default_size (win, 1280, 800);

    /* The dark style the system may ask for. */
    pb_wizard_set_page (wizard, 0);
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
    save_png (GTK_WIDGET (win), out, "wizard-dark.png");
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

    dialog = GTK_WIDGET (pb_history_window_new (win, store, case_id));
    while (pb_history_window_get_loading (PB_HISTORY_WINDOW (dialog)))
      g_main_context_iteration (NULL, TRUE);
    gtk_window_present (GTK_WINDOW (dialog));
    save_png (dialog, out, "history.png");
    gtk_window_destroy (GTK_WINDOW (dialog));

    g_settings_set_string (settings, "signing-certificate", "/home/asa/certificates/asa-lindqvist.p12");
    dialog = GTK_WIDGET (pb_sign_dialog_new (win, store, case_id, PB_CASE_STATUS_REJECTED, settings));
    {
      /* Not the home folder of whoever runs `make screenshots`. */
      g_autofree char *report = g_strdup_printf ("/home/asa/Documents/%s-report.pdf", case_id);
      g_autoptr(GFile) output = g_file_new_for_path (report);

      pb_sign_dialog_set_output (PB_SIGN_DIALOG (dialog), output);
    }
    gtk_window_present (GTK_WINDOW (dialog));
    save_png (dialog, out, "sign.png");
    gtk_window_destroy (GTK_WINDOW (dialog));
    g_settings_reset (settings, "signing-certificate");

    gtk_window_destroy (win);
  }

  /* A legal reviewer overrides do-not-proceed; a second one confirms it. */
  {
    GtkWindow *win = GTK_WINDOW (adw_window_new ());
    g_autoptr(PbActor) ingrid = pb_actor_new ("Ingrid Larsson", PB_ROLE_REVIEWER, "Example Vision AB");
    g_autoptr(PbActor) karl = pb_actor_new ("Karl Berg", PB_ROLE_REVIEWER, "Example Vision AB");
    PbDecisionDialog *decision;

    pb_case_store_set_actor (store, ingrid);
    decision = pb_decision_dialog_new (win, store, override_case, &error);
    if (decision == NULL)
      g_error ("%s", error->message);
    gtk_window_present (GTK_WINDOW (decision));
    save_png (GTK_WIDGET (decision), out, "decision.png");
    pb_decision_dialog_choose (decision, PB_CASE_STATUS_APPROVED_WITH_CONDITIONS);
    pb_decision_dialog_set_texts (decision, "Deployment limited to the metro system",
                                  "No link to the national identity database; audit every six months",
                                  "The end user's contract excludes protest policing and is enforceable in Swiss courts");
    save_png (GTK_WIDGET (decision), out, "decision-override.png");
    gtk_widget_activate_action (GTK_WIDGET (decision), "decision.record", NULL);

    pb_case_store_set_actor (store, karl);
    decision = pb_decision_dialog_new (win, store, override_case, &error);
    if (decision == NULL)
      g_error ("%s", error->message);
    gtk_window_present (GTK_WINDOW (decision));
    save_png (GTK_WIDGET (decision), out, "decision-second.png");
    pb_decision_dialog_choose (decision, PB_CASE_STATUS_APPROVED_WITH_CONDITIONS);
    pb_decision_dialog_set_texts (decision, "Agreed: the contract clause is enforceable", NULL, NULL);
    gtk_widget_activate_action (GTK_WIDGET (decision), "decision.record", NULL);

    wizard = pb_wizard_new (store, override_case, &error);
    if (wizard == NULL)
      g_error ("%s", error->message);
    gtk_window_set_default_size (win, 1280, 900);
    adw_window_set_content (ADW_WINDOW (win), GTK_WIDGET (wizard));
    gtk_window_present (win);
    gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.review", NULL);
    save_png (GTK_WIDGET (win), out, "review-decision.png");
    gtk_window_destroy (win);
  }

  dialog = GTK_WIDGET (pb_preferences_window_new (settings));
  gtk_window_present (GTK_WINDOW (dialog));
  save_png (dialog, out, "preferences.png");
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_clear_object (&store);
  g_unlink (db);
  g_unlink (empty_db);
  g_rmdir (tmp);

  return 0;
}
