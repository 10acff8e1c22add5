/* test-gui-signing.c: long-term signatures and anchored histories in the GUI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 13 from the window's side: the time-stamp authority in
 * Preferences, the history time-stamped after the GUI's actions (and a
 * toast, not a lost action, when the authority is down), the sign dialog
 * signing with a key on a PKCS#11 token (SoftHSM 2) at the level chosen,
 * and extending a signed report. The test makes its own PKI, token and
 * loopback time-stamp authority and OCSP responder (tsa-server.py), and
 * stops them at the end.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "pb-preferences-window.h"
#include "pb-sign-dialog.h"
#include "pb-wizard.h"
#include "pb-workflow.h"
#include "gui-test-utils.h"
#include "store-fixture.h"
#include "test-actor.h"

#define CARD_URI "pkcs11:token=probity-card;object=signer"
#define CARD_NAME "Karin Holm"

static const char questionnaire_xml[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<questionnaire id=\"gui-signing\" version=\"1.0\" gettext-domain=\"probity\">\n"
  "  <title>GUI signing fixture</title>\n"
  "  <family>camera</family>\n"
  "  <section id=\"S1\">\n"
  "    <title>Basics</title>\n"
  "    <question id=\"Q.yn\" type=\"yes-no\" required=\"true\">\n"
  "      <label>Is it a yes?</label>\n"
  "      <help>Say yes or no.</help>\n"
  "      <ref>UNGP 17</ref>\n"
  "    </question>\n"
  "  </section>\n"
  "</questionnaire>\n";

static char *work_dir;
static char *pki_dir;
static char *tsa_url;
static GSubprocess *tsa_server;

typedef struct
{
  StoreFixture     base;           /* its store acts as "tester" */
  PbQuestionnaire *questionnaire;  /* gui-signing.xml, not the fixture's */
  char            *case_id;
  GtkWindow       *window;
  PbWizard        *wizard;
  GPtrArray       *toasts;
  guint            n_anchored;
} Fixture;

/* Runs the shell command @format says; fails the test when it fails. */
static char * G_GNUC_PRINTF (1, 2)
run (const char *format,
     ...)
{
  g_autofree char *script = NULL;
  const char *argv[] = { "sh", "-c", NULL, NULL };
  g_autoptr(GError) error = NULL;
  va_list args;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  va_start (args, format);
  script = g_strdup_vprintf (format, args);
  va_end (args);
  argv[2] = script;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed:\n%s%s", script, out, err);
  return g_steal_pointer (&out);
}

static gboolean
have_tool (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);

  return path != NULL;
}

static char *
softhsm_module (void)
{
  const char *candidates[] = { "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
                               "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
                               "/usr/lib/softhsm/libsofthsm2.so" };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (g_file_test (candidates[i], G_FILE_TEST_EXISTS))
      return g_strdup (candidates[i]);
  return NULL;
}

/* The loopback TSA and OCSP responder; its port goes into the card's
 * certificate. */
static void
start_services (void)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "tsa-server.py", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *port = NULL;

  tsa_server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                                 "python3", script, pki_dir, "ok", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (tsa_server));
  port = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (port);
  tsa_url = g_strdup_printf ("http://127.0.0.1:%s/tsa", port);

  /* The reviewer's card: a certificate with an OCSP responder and a CRL on
   * the loopback server, and its key, on a SoftHSM token. */
  g_free (run ("set -e; cd '%s'; "
               "printf 'basicConstraints=CA:FALSE\\nkeyUsage=critical,digitalSignature,nonRepudiation\\n"
               "extendedKeyUsage=emailProtection\\n"
               "authorityInfoAccess=OCSP;URI:http://127.0.0.1:%s/ocsp\\n"
               "crlDistributionPoints=URI:http://127.0.0.1:%s/crl\\n' > card.ext; "
               "openssl req -new -key signer.key -out card.csr -subj '/C=SE/O=Probity Test/CN=" CARD_NAME "'; "
               "openssl ca -batch -config ca.cnf -notext -in card.csr -out card.pem -days 30 "
               "-extfile card.ext 2>/dev/null; "
               "openssl pkcs8 -topk8 -nocrypt -in signer.key -outform DER -out card-key.der; "
               "openssl x509 -in card.pem -outform DER -out card.der",
               pki_dir, port, port));
}

static void
stop_services (void)
{
  if (tsa_server == NULL)
    return;
  /* Not SIGKILL: it removes its folder as it ends. */
  g_subprocess_send_signal (tsa_server, SIGTERM);
  g_subprocess_wait (tsa_server, NULL, NULL);
  g_clear_object (&tsa_server);
}

/* Once for the whole run; FALSE when SoftHSM is not installed. */
static gboolean
make_token (void)
{
  static int made = -1;
  g_autofree char *module = softhsm_module ();
  g_autofree char *dir = g_build_filename (work_dir, "tokens", NULL);
  g_autofree char *conf = g_build_filename (work_dir, "softhsm2.conf", NULL);
  g_autofree char *conf_text = g_strdup_printf ("directories.tokendir = %s\nobjectstore.backend = file\n", dir);

  if (made >= 0)
    return made;
  made = FALSE;
  if (module == NULL || !have_tool ("softhsm2-util") || !have_tool ("pkcs11-tool"))
    return FALSE;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (conf, conf_text, -1, NULL));
  g_setenv ("SOFTHSM2_CONF", conf, TRUE);
  g_free (run ("set -e; cd '%s'; "
               "softhsm2-util --init-token --free --label probity-card --pin 1234 --so-pin 4321; "
               "pkcs11-tool --module '%s' --token-label probity-card --login --pin 1234 "
               "--write-object card-key.der --type privkey --id 01 --label signer; "
               "pkcs11-tool --module '%s' --token-label probity-card --login --pin 1234 "
               "--write-object card.der --type cert --id 01 --label signer",
               pki_dir, module, module));
  made = TRUE;
  return TRUE;
}

static void
toast_cb (Fixture    *f,
          const char *message)
{
  g_test_message ("toast: %s", message);
  g_ptr_array_add (f->toasts, g_strdup (message));
}

static void
anchored_cb (Fixture *f)
{
  f->n_anchored++;
}

/* The newest toast containing @text, or NULL. */
static const char *
find_toast (Fixture    *f,
            const char *text)
{
  for (guint i = f->toasts->len; i > 0; i--)
    if (strstr (g_ptr_array_index (f->toasts, i - 1), text) != NULL)
      return g_ptr_array_index (f->toasts, i - 1);
  return NULL;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static (questionnaire_xml, sizeof questionnaire_xml - 1);
  g_autoptr(PbCustomer) customer = NULL;
  g_autoptr(PbProduct) product = NULL;
  g_autoptr(GSettings) settings = g_settings_new (PB_APP_ID);

  store_fixture_set_up (&f->base, NULL);
  pb_test_act_as (f->base.store, "tester");
  f->questionnaire = pb_questionnaire_new_from_bytes (bytes, "gui-signing.xml", &error);
  g_assert_no_error (error);
  customer = pb_case_store_add_customer (f->base.store, "Malmö Stadshus", NULL, "SE", "civil-authority", NULL, &error);
  g_assert_no_error (error);
  product = pb_case_store_add_product (f->base.store, "Lens 4K", "2.1", "camera", NULL, &error);
  g_assert_no_error (error);
  f->case_id = pb_case_store_create_case (f->base.store, pb_customer_get_uid (customer), pb_product_get_uid (product),
                                          f->questionnaire, &error);
  g_assert_no_error (error);
  {
    g_autoptr(PbAnswer) no = pb_answer_new_string ("no");

    pb_case_store_set_answer (f->base.store, f->case_id, "Q.yn", no, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
  }

  f->toasts = g_ptr_array_new_with_free_func (g_free);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1100, 760);

  g_settings_set_string (settings, "tsa-url", tsa_url);
  g_settings_set_string (settings, "signature-level", "B-LTA");
  g_settings_set_string (settings, "signing-certificate", "");
}

static void
fixture_open_wizard (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->wizard = pb_wizard_new (f->base.store, f->case_id, &error);
  g_assert_no_error (error);
  g_signal_connect_swapped (f->wizard, "toast", G_CALLBACK (toast_cb), f);
  g_signal_connect_swapped (f->wizard, "history-anchored", G_CALLBACK (anchored_cb), f);
  gtk_window_set_child (f->window, GTK_WIDGET (f->wizard));
  gtk_window_present (f->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (PB_APP_ID);

  gtk_window_destroy (f->window);
  g_clear_object (&f->questionnaire);
  g_clear_pointer (&f->toasts, g_ptr_array_unref);
  g_free (f->case_id);
  g_settings_reset (settings, "tsa-url");
  g_settings_reset (settings, "signature-level");
  g_settings_reset (settings, "signing-certificate");
  store_fixture_tear_down (&f->base, data);
}

/* A PNG of @widget as it is drawn, for people to look at: in the build
 * tree's tests folder. */
static void
save_png (GtkWidget  *widget,
          const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, name, NULL);
  GtkSnapshot *snapshot;
  int width, height;

  spin_main_loop (300);
  gtk_test_widget_wait_for_draw (widget);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

static guint
n_anchors (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) anchors = pb_case_store_list_anchors (f->base.store, f->case_id, &error);

  g_assert_no_error (error);
  return g_list_model_get_n_items (anchors);
}

/* The kind of the newest anchored event. */
static PbEventKind
anchored_kind (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) trust = NULL;
  g_autofree char *ca = g_build_filename (pki_dir, "ca.pem", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GListModel) history = NULL;
  g_auto(PbAnchorReport) report = { 0 };
  gsize length;

  g_assert_true (g_file_get_contents (ca, &contents, &length, NULL));
  trust = g_bytes_new_take (g_steal_pointer (&contents), length);
  g_assert_true (pb_workflow_verify_anchors (f->base.store, f->case_id, trust, &report, &error));
  g_assert_no_error (error);
  history = pb_case_store_list_history (f->base.store, f->case_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (history); i++)
    {
      g_autoptr(PbHistoryEvent) event = g_list_model_get_item (history, i);

      if (pb_history_event_get_seq (event) == report.anchored_seq)
        return pb_history_event_get_kind (event);
    }
  g_assert_not_reached ();
}

/* --- Preferences --------------------------------------------------------- */

static void
test_preferences (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (PB_APP_ID);
  PbPreferencesWindow *prefs = pb_preferences_window_new (settings);
  GtkWidget *row;
  g_autofree char *url = NULL;

  gtk_window_present (GTK_WINDOW (prefs));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (prefs));

  row = find_descendant (GTK_WIDGET (prefs), ADW_TYPE_ENTRY_ROW, "Time-Stamp Authority URL");
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, tsa_url);
  gtk_editable_set_text (GTK_EDITABLE (row), "http://tsa.example.test/rfc3161");
  url = g_settings_get_string (settings, "tsa-url");
  g_assert_cmpstr (url, ==, "http://tsa.example.test/rfc3161");

  row = find_descendant (GTK_WIDGET (prefs), ADW_TYPE_ACTION_ROW, "Time-Stamp Authority Certificates");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "This computer’s trusted authorities");
  g_settings_set_string (settings, "tsa-certificates", "/etc/probity/tsa-ca.pem");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "/etc/probity/tsa-ca.pem");
  g_settings_reset (settings, "tsa-certificates");

  /* A certificate on a token reads as the token's name. */
  row = find_descendant (GTK_WIDGET (prefs), ADW_TYPE_ACTION_ROW, "Signing Certificate");
  g_assert_nonnull (row);
  g_settings_set_string (settings, "signing-certificate",
                         "pkcs11:model=SoftHSM%20v2;token=Karin%27s%20card;id=%01;object=signer;type=cert");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "A certificate on the token “Karin's card”");
  g_settings_set_string (settings, "signing-certificate", "/home/karin/karin.p12");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "/home/karin/karin.p12");
  g_settings_reset (settings, "signing-certificate");

  gtk_widget_grab_focus (row);
  gtk_widget_grab_focus (find_descendant (GTK_WIDGET (prefs), ADW_TYPE_ENTRY_ROW, "Time-Stamp Authority URL"));
  save_png (GTK_WIDGET (prefs), "gui-signing-preferences.png");
  gtk_window_destroy (GTK_WINDOW (prefs));
}

/* --- Anchoring after the GUI's actions ----------------------------------- */

static gboolean
anchored_or_toasted (gpointer data)
{
  Fixture *f = data;

  return f->n_anchored > 0 || find_toast (f, "not time-stamped") != NULL;
}

static void
test_submit_anchors (Fixture       *f,
                     gconstpointer  data)
{
  fixture_open_wizard (f);
  g_assert_cmpuint (n_anchors (f), ==, 0);

  gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.submit", NULL);
  g_assert_true (spin_until (anchored_or_toasted, f));
  g_assert_null (find_toast (f, "not time-stamped"));
  g_assert_cmpint (pb_case_store_get_status (f->base.store, f->case_id, 0, NULL), ==, PB_CASE_STATUS_SUBMITTED);
  g_assert_cmpuint (n_anchors (f), ==, 1);
  g_assert_cmpint (anchored_kind (f), ==, PB_EVENT_STATUS_CHANGED);
}

static void
test_authority_down (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (PB_APP_ID);
  const char *message;

  g_settings_set_string (settings, "tsa-url", "http://127.0.0.1:9/tsa");
  fixture_open_wizard (f);

  gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.submit", NULL);
  g_assert_true (spin_until (anchored_or_toasted, f));
  /* The submission stands; the toast says the history was not anchored,
   * and why. */
  g_assert_cmpint (pb_case_store_get_status (f->base.store, f->case_id, 0, NULL), ==, PB_CASE_STATUS_SUBMITTED);
  g_assert_nonnull (find_toast (f, "Submitted for review"));
  message = find_toast (f, "not time-stamped");
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "127.0.0.1:9"));
  g_assert_cmpuint (n_anchors (f), ==, 0);
  g_assert_cmpuint (f->n_anchored, ==, 0);
}

/* --- The sign dialog with a token ---------------------------------------- */

static PbSignDialog *
find_sign_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (PB_IS_SIGN_DIALOG (window))
        return PB_SIGN_DIALOG (window);
    }
  return NULL;
}

static gboolean
tokens_listed (gpointer data)
{
  return pb_sign_dialog_get_tokens_listed (data);
}

static gboolean
error_shown (gpointer data)
{
  return pb_sign_dialog_get_error (data) != NULL;
}

static gboolean
signed_and_anchored (gpointer data)
{
  Fixture *f = data;

  return (find_sign_dialog () == NULL && f->n_anchored > 0) || find_toast (f, "not time-stamped") != NULL;
}

/* Selects the first item of @row whose text contains @text. */
static gboolean
select_item (AdwComboRow *row,
             const char  *text)
{
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      const char *item = gtk_string_list_get_string (GTK_STRING_LIST (model), i);

      g_test_message ("certificate offered: %s", item);
      if (strstr (item, text) != NULL)
        {
          adw_combo_row_set_selected (row, i);
          return TRUE;
        }
    }
  return FALSE;
}

static void
decide (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  pb_case_store_submit (f->base.store, f->case_id, &error);
  g_assert_no_error (error);
  pb_test_act_as (f->base.store, "Ingrid Larsson");
  pb_case_store_decide (f->base.store, f->case_id, PB_CASE_STATUS_APPROVED, "Benign", NULL, NULL, &error);
  g_assert_no_error (error);
  pb_test_act_as (f->base.store, CARD_NAME);
}

static PbPdfValidation *
validate_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ca = g_build_filename (pki_dir, "ca.pem", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) trust = NULL;
  g_autoptr(GBytes) pdf = NULL;
  PbValidationOptions options = { 0 };
  PbPdfValidation *validation;
  gsize length;

  g_assert_true (g_file_get_contents (ca, &contents, &length, NULL));
  trust = g_bytes_new_take (g_steal_pointer (&contents), length);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  pdf = g_bytes_new_take (g_steal_pointer (&contents), length);
  options.trust_pem = trust;
  validation = pb_pdf_validate (pdf, &options, &error);
  g_assert_no_error (error);
  return validation;
}

typedef struct
{
  PbWizard *wizard;
  gboolean  done;
  gboolean  valid;
  char     *summary;
} VerifyWait;

static void
verified_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  VerifyWait *wait = user_data;

  wait->valid = pb_wizard_verify_report_finish (wait->wizard, result, &wait->summary);
  wait->done = TRUE;
}

static gboolean
verify_done (gpointer data)
{
  return ((VerifyWait *) data)->done;
}

static void
test_sign_with_token (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *pdf_path = g_build_filename (f->base.dir, "report.pdf", NULL);
  g_autoptr(GFile) output = g_file_new_for_path (pdf_path);
  g_autoptr(PbPdfValidation) validation = NULL;
  PbSignDialog *dialog;
  AdwComboRow *certificate_row;
  AdwComboRow *level_row;
  GtkWidget *secret_row;

  if (!make_token ())
    {
      g_test_skip ("SoftHSM is not installed");
      return;
    }

  decide (f);
  fixture_open_wizard (f);
  gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.sign", NULL);
  dialog = find_sign_dialog ();
  g_assert_nonnull (dialog);
  pb_sign_dialog_set_open_report (dialog, FALSE);
  pb_sign_dialog_set_output (dialog, output);

  /* The certificates on tokens are listed, the CA beside them is not. */
  g_assert_true (spin_until (tokens_listed, dialog));
  certificate_row = ADW_COMBO_ROW (find_descendant (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, "Signing Certificate"));
  g_assert_nonnull (certificate_row);
  g_assert_true (select_item (certificate_row, CARD_NAME));
  g_assert_false (select_item (certificate_row, "Probity Test Root CA"));
  g_assert_true (select_item (certificate_row, CARD_NAME));
  /* A token asks for its PIN, not a passphrase. */
  secret_row = find_descendant (GTK_WIDGET (dialog), ADW_TYPE_PASSWORD_ENTRY_ROW, NULL);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (secret_row)), ==, "PIN");
  /* The level, from Preferences, with every level on offer. */
  level_row = ADW_COMBO_ROW (find_descendant (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, "Signature Level"));
  g_assert_nonnull (level_row);
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (level_row)), ==, 4);
  g_assert_true (strstr (gtk_string_list_get_string (GTK_STRING_LIST (adw_combo_row_get_model (level_row)),
                                                     adw_combo_row_get_selected (level_row)), "B-LTA") != NULL);
  save_png (GTK_WIDGET (dialog), "gui-signing-dialog.png");

  /* A wrong PIN: said, nothing written, nothing recorded. */
  pb_sign_dialog_set_passphrase (dialog, "9999");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "sign.sign", NULL);
  g_assert_true (spin_until (error_shown, dialog));
  g_test_message ("%s", pb_sign_dialog_get_error (dialog));
  g_assert_nonnull (strstr (pb_sign_dialog_get_error (dialog), "Wrong PIN"));
  g_assert_false (g_file_test (pdf_path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (pb_case_store_get_status (f->base.store, f->case_id, 0, NULL), ==, PB_CASE_STATUS_APPROVED);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (secret_row)), ==, "");
  save_png (GTK_WIDGET (dialog), "gui-signing-dialog-wrong-pin.png");

  /* The right one: a B-LTA report, the case sealed, the history anchored
   * with the sign-off in it. */
  pb_sign_dialog_set_passphrase (dialog, "1234");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "sign.sign", NULL);
  g_assert_true (spin_until (signed_and_anchored, f));
  g_assert_null (find_toast (f, "not time-stamped"));
  g_assert_cmpint (pb_case_store_get_status (f->base.store, f->case_id, 0, NULL), ==, PB_CASE_STATUS_SIGNED);
  g_assert_cmpint (anchored_kind (f), ==, PB_EVENT_SIGNED);
  {
    g_autoptr(GSettings) settings = g_settings_new (PB_APP_ID);
    g_autofree char *remembered = g_settings_get_string (settings, "signing-certificate");

    /* The choice is remembered, the PIN never. */
    g_assert_true (g_str_has_prefix (remembered, "pkcs11:"));
    g_assert_null (strstr (remembered, "1234"));
  }

  /* The wizard's Verify…: the report against the case, and the history
   * time-stamped up to the sign-off by the authority Preferences trust. */
  {
    g_autoptr(GSettings) settings = g_settings_new (PB_APP_ID);
    g_autofree char *ca = g_build_filename (pki_dir, "ca.pem", NULL);
    g_autofree char *summary = NULL;
    VerifyWait wait = { f->wizard, FALSE, FALSE, NULL };

    g_settings_set_string (settings, "trusted-certificates", ca);
    g_settings_set_string (settings, "tsa-certificates", ca);
    pb_wizard_verify_report_async (f->wizard, output, NULL, verified_cb, &wait);
    g_assert_true (spin_until (verify_done, &wait));
    g_test_message ("%s", wait.summary);
    g_assert_true (wait.valid);
    g_assert_nonnull (strstr (wait.summary, "the history time-stamped up to event"));
    g_assert_nonnull (strstr (wait.summary, "Probity Test TSA"));
    g_free (wait.summary);
    g_settings_reset (settings, "trusted-certificates");
    g_settings_reset (settings, "tsa-certificates");
  }

  validation = validate_file (pdf_path);
  g_assert_true (validation->valid);
  g_assert_cmpuint (validation->signatures->len, ==, 2);
  g_assert_cmpstr (((PbPdfSignature *) g_ptr_array_index (validation->signatures, 0))->signer_name, ==, CARD_NAME);
  g_assert_cmpint (((PbPdfSignature *) g_ptr_array_index (validation->signatures, 0))->level, ==, PB_PADES_LEVEL_B_LTA);

  /* pdfsig, and years later, offline, the command line says the same. */
  if (have_tool ("pdfsig"))
    {
      g_autofree char *out = run ("pdfsig -nssdir 'sql:%s/nssdb' '%s'", pki_dir, pdf_path);

      g_assert_nonnull (strstr (out, "Signature Validation: Signature is Valid."));
      g_assert_nonnull (strstr (out, "Certificate Validation: Certificate is Trusted."));
    }
  if (have_tool ("faketime"))
    {
      g_autofree char *out = run ("ASAN_OPTIONS=verify_asan_link_order=0 faketime -f +400d "
                                  "'%s/app/cli/probity-cli' verify '%s' --ca '%s/ca.pem'",
                                  g_getenv ("PB_BUILD_ROOT"), pdf_path, pki_dir);

      g_assert_nonnull (strstr (out, "level: B-LTA"));
    }
}

/* --- Cancelling a signature ---------------------------------------------- */

/* A label of @root whose text begins with @prefix, shown, or NULL. */
static GtkWidget *
find_label_starting (GtkWidget  *root,
                     const char *prefix)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && gtk_widget_get_visible (child) &&
          g_str_has_prefix (gtk_label_get_text (GTK_LABEL (child)), prefix))
        return child;
      if ((found = find_label_starting (child, prefix)) != NULL)
        return found;
    }

  return NULL;
}

static gboolean
checked (gpointer data)
{
  return !pb_sign_dialog_is_checking (data);
}

static gboolean
making_report (gpointer data)
{
  return find_label_starting (data, "Making, signing") != NULL;
}

static guint
n_sign_offs (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) sign_offs = pb_case_store_list_sign_offs (f->base.store, f->case_id, 0, &error);

  g_assert_no_error (error);
  return g_list_model_get_n_items (sign_offs);
}

/* The files of @dir other than the store's own. */
static guint
n_other_files (const char *dir)
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (folder != NULL && (name = g_dir_read_name (folder)) != NULL)
    if (!g_str_has_prefix (name, "cases.db"))
      {
        g_test_message ("left in the folder: %s", name);
        n++;
      }

  return n;
}

/* The sign dialog open on the decided case, the card chosen, its PIN
 * typed, Sign pressed. */
static PbSignDialog *
start_signing (Fixture *f,
               GFile   *output)
{
  PbSignDialog *dialog;
  AdwComboRow *certificate_row;

  gtk_widget_activate_action (GTK_WIDGET (f->wizard), "wizard.sign", NULL);
  dialog = find_sign_dialog ();
  g_assert_nonnull (dialog);
  pb_sign_dialog_set_open_report (dialog, FALSE);
  pb_sign_dialog_set_output (dialog, output);
  g_assert_true (spin_until (tokens_listed, dialog));
  g_assert_true (spin_until (checked, dialog));
  certificate_row = ADW_COMBO_ROW (find_descendant (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, "Signing Certificate"));
  g_assert_true (select_item (certificate_row, CARD_NAME));
  pb_sign_dialog_set_passphrase (dialog, "1234");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "sign.sign", NULL);

  return dialog;
}

/* Cancel while signing closes the dialog at once and leaves no half
 * state: pressed before the report is made, nothing is written or
 * recorded; pressed while it is made, signed and time-stamped, either
 * nothing, or (the work had reached the store) the whole of it: a report
 * that verifies and its sign-off, never one without the other. */
static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *pdf_path = g_build_filename (f->base.dir, "report.pdf", NULL);
  g_autoptr(GFile) output = g_file_new_for_path (pdf_path);
  PbSignDialog *dialog;
  gboolean signed_whole;

  if (!make_token ())
    {
      g_test_skip ("SoftHSM is not installed");
      return;
    }

  decide (f);
  fixture_open_wizard (f);

  /* At once: the token's login is under way. */
  dialog = start_signing (f, output);
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_null (find_sign_dialog ());
  spin_main_loop (3000);
  g_assert_cmpint (pb_case_store_get_status (f->base.store, f->case_id, 0, NULL), ==, PB_CASE_STATUS_APPROVED);
  g_assert_cmpuint (n_sign_offs (f), ==, 0);
  g_assert_false (g_file_test (pdf_path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (n_other_files (f->base.dir), ==, 0);
  g_assert_null (find_toast (f, "sign"));

  /* While the report is made, signed and time-stamped. */
  dialog = start_signing (f, output);
  g_assert_true (spin_until (making_report, dialog));
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_null (find_sign_dialog ());
  spin_main_loop (5000);
  signed_whole = pb_case_store_get_status (f->base.store, f->case_id, 0, NULL) == PB_CASE_STATUS_SIGNED;
  g_test_message ("cancelled while signing: %s", signed_whole ? "signed whole" : "nothing done");
  g_assert_cmpuint (n_sign_offs (f), ==, signed_whole ? 1 : 0);
  g_assert_true (g_file_test (pdf_path, G_FILE_TEST_EXISTS) == signed_whole);
  g_assert_cmpuint (n_other_files (f->base.dir), ==, signed_whole ? 1 : 0);
  if (signed_whole)
    {
      g_autoptr(PbPdfValidation) validation = validate_file (pdf_path);

      g_assert_true (validation->valid);
    }
}

/* --- Extending a signed report ------------------------------------------- */

static gboolean
extended_or_failed (gpointer data)
{
  Fixture *f = data;

  return find_toast (f, "extended") != NULL;
}

static void
test_extend (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (PB_APP_ID);
  g_autofree char *pdf_path = g_build_filename (f->base.dir, "b-t.pdf", NULL);
  g_autoptr(GFile) output = g_file_new_for_path (pdf_path);
  g_autoptr(PbSigner) signer = NULL;
  g_autoptr(PbSignOff) sign_off = NULL;
  g_autoptr(PbPdfValidation) validation = NULL;
  g_autoptr(PbReportVerification) verification = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *contents = NULL;
  gboolean said_extended = FALSE;
  gsize length;

  if (!make_token ())
    {
      g_test_skip ("SoftHSM is not installed");
      return;
    }
  signer = pb_signer_new_from_pkcs11 (CARD_URI, "1234", &error);
  g_assert_no_error (error);
  decide (f);
  sign_off = pb_workflow_sign_report (f->base.store, f->case_id, 0, signer, NULL, NULL, tsa_url, PB_PADES_LEVEL_B_T,
                                      output, NULL, NULL, &error);
  g_assert_no_error (error);
  fixture_open_wizard (f);

  /* Without an authority: said, the file untouched. */
  g_settings_set_string (settings, "tsa-url", "");
  pb_wizard_extend_report (f->wizard, output);
  g_assert_nonnull (find_toast (f, "needs a time-stamp authority"));

  g_settings_set_string (settings, "tsa-url", tsa_url);
  pb_wizard_extend_report (f->wizard, output);
  g_assert_true (spin_until (extended_or_failed, f));
  g_assert_nonnull (find_toast (f, "Long-term signature extended"));

  validation = validate_file (pdf_path);
  g_assert_true (validation->valid);
  g_assert_cmpint (((PbPdfSignature *) g_ptr_array_index (validation->signatures, 0))->level, ==, PB_PADES_LEVEL_B_LTA);

  /* Still the report the case sealed, and the verification says so. */
  g_assert_true (g_file_get_contents (pdf_path, &contents, &length, NULL));
  pdf = g_bytes_new_take (g_steal_pointer (&contents), length);
  {
    g_autofree char *ca = g_build_filename (pki_dir, "ca.pem", NULL);
    g_autoptr(GBytes) trust = NULL;
    PbValidationOptions options = { 0 };

    g_assert_true (g_file_get_contents (ca, &contents, &length, NULL));
    trust = g_bytes_new_take (g_steal_pointer (&contents), length);
    options.trust_pem = trust;
    verification = pb_workflow_verify_report (f->base.store, f->case_id, pdf, &options, NULL, &error);
    g_assert_no_error (error);
  }
  for (guint i = 0; i < pb_report_verification_get_n_checks (verification); i++)
    {
      g_test_message ("%s: %s", pb_report_verification_get_check_label (verification, i),
                      pb_report_verification_get_check_passed (verification, i) ? "yes" : "no");
      if (strstr (pb_report_verification_get_check_label (verification, i), "extended since") != NULL)
        said_extended = pb_report_verification_get_check_passed (verification, i);
    }
  g_assert_true (said_extended);
  g_assert_true (pb_report_verification_is_valid (verification));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *script = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_test_message ("no display");
      return 77;
    }
  adw_init ();

  if (!have_tool ("openssl") || !have_tool ("python3"))
    {
      g_test_message ("openssl and python3 are needed");
      return 77;
    }

  work_dir = g_dir_make_tmp ("probity-gui-signing-XXXXXX", &error);
  g_assert_no_error (error);
  pki_dir = g_build_filename (work_dir, "pki", NULL);
  script = g_test_build_filename (G_TEST_DIST, "make-test-pki.sh", NULL);
  g_free (run ("sh '%s' '%s' >/dev/null 2>&1", script, pki_dir));
  start_services ();

  g_test_add ("/gui-signing/preferences", Fixture, NULL, fixture_set_up, test_preferences, fixture_tear_down);
  g_test_add ("/gui-signing/submit-anchors", Fixture, NULL, fixture_set_up, test_submit_anchors, fixture_tear_down);
  g_test_add ("/gui-signing/authority-down", Fixture, NULL, fixture_set_up, test_authority_down, fixture_tear_down);
  g_test_add ("/gui-signing/sign-with-token", Fixture, NULL, fixture_set_up, test_sign_with_token, fixture_tear_down);
  g_test_add ("/gui-signing/cancel", Fixture, NULL, fixture_set_up, test_cancel, fixture_tear_down);
  g_test_add ("/gui-signing/extend", Fixture, NULL, fixture_set_up, test_extend, fixture_tear_down);
  status = g_test_run ();

  stop_services ();
  g_free (run ("rm -rf '%s'", work_dir));
  return status;
}
