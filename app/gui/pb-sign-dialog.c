/* pb-sign-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-sign-dialog"

#include "config.h"

#include <string.h>

#include "pb-application.h"
#include "pb-case-screener.h"
#include "pb-gui-utils.h"
#include "pb-i18n.h"
#include "pb-sign-dialog.h"
#include "pb-signing.h"
#include "pb-workflow.h"

struct _PbSignDialog
{
  AdwWindow             parent_instance;

  /* template widgets */
  AdwActionRow         *decision_row;
  AdwActionRow         *screening_row;
  GtkSpinner           *screening_spinner;
  AdwComboRow          *certificate_row;
  AdwActionRow         *file_row;
  GtkButton            *certificate_button;
  AdwPasswordEntryRow  *passphrase_row;
  AdwActionRow         *output_row;
  AdwComboRow          *language_row;
  AdwComboRow          *level_row;
  AdwPreferencesGroup  *signature_group;
  GtkProgressBar       *progress_bar;
  GtkLabel             *status_label;
  GtkLabel             *error_label;
  AdwPreferencesPage   *page;

  /* owned */
  PbCaseStore          *store;
  GSettings            *settings;
  GFile                *output;
  GCancellable         *cancellable;
  GCancellable         *list_cancellable;
  GCancellable         *check_cancellable;   /* of the screening check, NULL once it is done */
  char                 *case_id;
  GPtrArray            *sources;        /* char *: a .p12 path or a PKCS#11 URI per certificate row item */
  GPtrArray            *tokens;         /* PbTokenCertificate, once listed */

  /* state */
  PbCaseStatus          decision;
  gboolean              open_report;
  gboolean              busy;
  gboolean              filling;
  gboolean              on_token;       /* the signer being opened is on a token */
  gboolean              refused;        /* the screening check refused the signature */
};

G_DEFINE_FINAL_TYPE (PbSignDialog, pb_sign_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_busy (PbSignDialog *self,
          gboolean      busy)
{
  self->busy = busy;
  /* Take the focus away first, so the entry sees it leave before it turns
   * insensitive. */
  if (busy)
    gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->page), !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), busy);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign.sign",
                                 !busy && self->check_cancellable == NULL && !self->refused);
}

static void
show_error (PbSignDialog *self,
            const char   *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
report_progress (PbSignDialog *self,
                 double        fraction,
                 const char   *text)
{
  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  gtk_label_set_text (self->status_label, text);
}

static void
signed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PbSignDialog) self = user_data;
  g_autoptr(PbSignOff) sign_off = NULL;
  g_autoptr(GError) error = NULL;

  set_busy (self, FALSE);

  if (!(sign_off = pb_workflow_sign_report_finish (result, NULL, &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }

  g_signal_emit (self, signals[SIGNED], 0, self->output);

  if (self->open_report)
    {
      g_autofree char *uri = g_file_get_uri (self->output);
      g_autoptr(GAppLaunchContext) context = pb_application_new_launch_context (GTK_WIDGET (self));

      g_app_info_launch_default_for_uri_async (uri, context, NULL, NULL, NULL);
    }

  gtk_window_destroy (GTK_WINDOW (self));
}

/* The level chosen, B-B when no time-stamp authority is set. */
static PbPadesLevel
chosen_level (PbSignDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->level_row);

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->level_row)) || selected == GTK_INVALID_LIST_POSITION)
    return PB_PADES_LEVEL_B_B;

  return PB_PADES_LEVEL_B_B + MIN (selected, (guint) (PB_PADES_LEVEL_B_LTA - PB_PADES_LEVEL_B_B));
}

static void
signer_ready_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PbSignDialog) self = user_data;
  g_autoptr(PbSigner) signer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tsa_url = NULL;
  PbPadesLevel level;

  signer = self->on_token ? pb_signer_new_from_pkcs11_finish (result, &error)
                          : pb_signer_new_from_pkcs12_finish (result, &error);
  if (signer == NULL)
    {
      set_busy (self, FALSE);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          show_error (self, error->message);
          gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_row));
        }
      return;
    }

  level = chosen_level (self);
  if (level > PB_PADES_LEVEL_B_B)
    tsa_url = g_settings_get_string (self->settings, "tsa-url");

  /* The same workflow as probity-cli report --sign: the store refuses at
   * once what it would not seal, the report is made and signed off the
   * main loop, and the case is sealed with exactly what was rendered. */
  report_progress (self, 0.4, level >= PB_PADES_LEVEL_B_LT
                              ? _("Making, signing, time-stamping and saving the report with its validation data…")
                              : _("Making, signing and saving the report…"));
  {
    g_auto(PbLanguageScope) scope = pb_language_scope_enter (pb_sign_dialog_get_language (self));

    pb_workflow_sign_report_async (self->store, self->case_id, 0, signer, NULL, NULL, tsa_url, level, self->output,
                                   self->cancellable, signed_cb, g_object_ref (self));
  }
}

static const char *
chosen_source (PbSignDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->certificate_row);

  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->sources->len)
    return NULL;

  return g_ptr_array_index (self->sources, selected);
}

static gboolean
is_token_source (const char *source)
{
  return source != NULL && g_str_has_prefix (source, "pkcs11:");
}

static void
sign_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PbSignDialog *self = PB_SIGN_DIALOG (widget);
  const char *source = chosen_source (self);
  const char *secret = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));

  if (source == NULL)
    {
      show_error (self, _("Choose a certificate on your smartcard or token, or a certificate file, first."));
      return;
    }
  if (self->output == NULL)
    {
      show_error (self, _("Choose where to save the report first."));
      return;
    }

  show_error (self, NULL);
  set_busy (self, TRUE);

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->on_token = is_token_source (source);
  if (self->on_token)
    {
      report_progress (self, 0.1, _("Logging in to the token…"));
      /* No PIN typed: the reader's PIN pad, if it has one. */
      pb_signer_new_from_pkcs11_async (source, *secret != '\0' ? secret : NULL, self->cancellable,
                                       signer_ready_cb, g_object_ref (self));
    }
  else
    {
      report_progress (self, 0.1, _("Opening the certificate…"));
      pb_signer_new_from_pkcs12_async (source, secret, self->cancellable, signer_ready_cb, g_object_ref (self));
    }

  /* The passphrase or PIN leaves the widget as soon as it is used. */
  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
}

/* Screening again before signing --------------------------------------------- */

static void
screening_checked_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(PbSignDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *said = NULL;
  PbRescreening found = { 0 };
  gboolean ok;

  ok = pb_workflow_check_screening_for_signing_finish (result, &found, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->check_cancellable);
  gtk_spinner_stop (self->screening_spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->screening_spinner), FALSE);

  said = pb_rescreening_describe (&found);
  adw_action_row_set_subtitle (self->screening_row,
                               said != NULL ? said : _("The case was screened against the lists as they stand."));
  /* A refusal stands until a reviewer decides again; any other error the
   * signature itself meets again, and says. */
  self->refused = !ok && g_error_matches (error, PB_STORAGE_ERROR, PB_STORAGE_ERROR_REFUSED);
  if (!ok)
    show_error (self, error->message);
  set_busy (self, FALSE);
}

/* A list imported since the case was screened: the case is screened again
 * in a thread (the index of a large list takes seconds to build) while the
 * dialog shows it and Sign waits. */
static void
check_screening (PbSignDialog *self)
{
  g_autoptr(GError) error = NULL;

  /* Only the editions are read here; the screening itself runs off the
   * main loop. */
  if (!pb_case_needs_rescreening (self->store, self->case_id, &error))
    return;

  self->check_cancellable = g_cancellable_new ();
  gtk_widget_set_visible (GTK_WIDGET (self->screening_row), TRUE);
  adw_action_row_set_subtitle (self->screening_row,
                               _("A newer list edition was imported since the last screening: screening the "
                                 "parties again before the report is signed…"));
  gtk_spinner_start (self->screening_spinner);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign.sign", FALSE);
  pb_workflow_check_screening_for_signing_async (self->store, self->case_id, self->check_cancellable,
                                                 screening_checked_cb, g_object_ref (self));
}

static void
update_rows (PbSignDialog *self)
{
  g_autofree char *output = self->output ? g_file_get_path (self->output) : NULL;
  const char *source = chosen_source (self);

  adw_action_row_set_subtitle (self->output_row, output ? output : _("None chosen"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->passphrase_row),
                                 is_token_source (source) ? _("PIN") : _("Passphrase"));
  /* The choice reads as the row's subtitle, or what is missing. */
  adw_combo_row_set_use_subtitle (self->certificate_row, source != NULL);
  if (source == NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->certificate_row),
                                 !self->tokens ? _("Looking for smartcards and tokens…")
                                 : _("None found: insert your smartcard or token, or choose a certificate file"));
}

/* How a certificate reads in the list: whose, and where. */
static char *
describe_token_certificate (PbTokenCertificate *certificate)
{
  /* Translators: a person's name, then the name of the smartcard or token holding their key */
  return g_strdup_printf (_("%s, on %s"), certificate->name, certificate->token_label);
}

/* The certificates to choose from: the remembered file, and those on
 * tokens once they are listed; the remembered choice selected. */
static void
fill_certificates (PbSignDialog *self)
{
  g_autofree char *remembered = g_settings_get_string (self->settings, "signing-certificate");
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = GTK_INVALID_LIST_POSITION;

  g_ptr_array_set_size (self->sources, 0);
  if (*remembered != '\0' && !is_token_source (remembered))
    {
      g_autofree char *base = g_path_get_basename (remembered);
      /* Translators: the name of a certificate file */
      g_autofree char *name = g_strdup_printf (_("%s (file)"), base);

      gtk_string_list_append (names, name);
      g_ptr_array_add (self->sources, g_strdup (remembered));
    }

  for (guint i = 0; self->tokens != NULL && i < self->tokens->len; i++)
    {
      PbTokenCertificate *certificate = g_ptr_array_index (self->tokens, i);
      g_autofree char *name = describe_token_certificate (certificate);

      gtk_string_list_append (names, name);
      g_ptr_array_add (self->sources, g_strdup (certificate->uri));
    }

  for (guint i = 0; i < self->sources->len && selected == GTK_INVALID_LIST_POSITION; i++)
    if (g_str_equal (g_ptr_array_index (self->sources, i), remembered))
      selected = i;

  /* A token remembered but not (yet) found stays the choice. */
  if (selected == GTK_INVALID_LIST_POSITION && is_token_source (remembered))
    {
      gtk_string_list_append (names, self->tokens ? _("A certificate on a token that is not inserted")
                                                  : _("A certificate on a token"));
      g_ptr_array_add (self->sources, g_strdup (remembered));
      selected = self->sources->len - 1;
    }

  self->filling = TRUE;
  adw_combo_row_set_model (self->certificate_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->certificate_row, selected != GTK_INVALID_LIST_POSITION ? selected : 0);
  self->filling = FALSE;
  update_rows (self);
}

static void
on_certificate_row_selected_cb (PbSignDialog *self)
{
  const char *source;

  if (self->filling)
    return;

  /* The choice is remembered; the passphrase or PIN never is. */
  if ((source = chosen_source (self)) != NULL)
    g_settings_set_string (self->settings, "signing-certificate", source);
  update_rows (self);
}

static void
tokens_listed_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PbSignDialog) self = user_data;
  GPtrArray *tokens = g_task_propagate_pointer (G_TASK (result), NULL);

  if (tokens == NULL)
    return;

  g_clear_pointer (&self->tokens, g_ptr_array_unref);
  self->tokens = tokens;
  fill_certificates (self);
}

static void
list_tokens_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  g_task_return_pointer (task, pb_signer_list_token_certificates (), (GDestroyNotify) g_ptr_array_unref);
}

/* Modules may take a while to load and tokens to answer: listed off the
 * main loop. */
static void
list_tokens (PbSignDialog *self)
{
  g_autoptr(GTask) task = NULL;

  self->list_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->list_cancellable, tokens_listed_cb, g_object_ref (self));
  g_task_set_source_tag (task, list_tokens);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, list_tokens_thread);
}

/* The levels above B-B need a time-stamp authority: offered when
 * Preferences name one, the last level chosen preselected. */
static void
set_up_level (PbSignDialog *self)
{
  g_autofree char *tsa_url = g_settings_get_string (self->settings, "tsa-url");
  g_autofree char *remembered = g_settings_get_string (self->settings, "signature-level");
  PbPadesLevel level = PB_PADES_LEVEL_B_LTA;
  gboolean have_tsa = *g_strstrip (tsa_url) != '\0';

  if (!have_tsa)
    level = PB_PADES_LEVEL_B_B;
  else if (!pb_pades_level_from_string (remembered, &level))
    level = PB_PADES_LEVEL_B_LTA;

  adw_combo_row_set_selected (self->level_row, level - PB_PADES_LEVEL_B_B);
  gtk_widget_set_sensitive (GTK_WIDGET (self->level_row), have_tsa);
  adw_preferences_group_set_description (self->signature_group,
                                         have_tsa ? _("Levels above B-B ask the time-stamp authority set in Preferences.")
                                                  : _("Set a time-stamp authority in Preferences for a trusted time and long-term validation."));
}

static void
on_level_row_selected_cb (PbSignDialog *self)
{
  if (gtk_widget_get_sensitive (GTK_WIDGET (self->level_row)))
    g_settings_set_string (self->settings, "signature-level", pb_pades_level_to_string (chosen_level (self)));
}

/* The languages a report can be written in, each under its own name, the
 * interface's chosen. */
static void
fill_languages (PbSignDialog *self)
{
  const char * const *languages = pb_i18n_get_languages ();
  const char *current = pb_i18n_get_interface_language ();
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;

  for (guint i = 0; languages[i] != NULL; i++)
    {
      gtk_string_list_append (names, pb_i18n_get_language_name (languages[i]));
      if (strcmp (languages[i], current) == 0)
        selected = i;
    }

  adw_combo_row_set_model (self->language_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->language_row, selected);
}

/* The keyboard starts where the user has something to do: choosing a
 * certificate when none is remembered, else typing the passphrase. */
static void
focus_first_missing (PbSignDialog *self)
{
  if (chosen_source (self) == NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->certificate_button));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_row));
}

static void
certificate_response_cb (PbSignDialog         *self,
                         int                   response,
                         GtkFileChooserNative *native)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        g_settings_set_string (self->settings, "signing-certificate", path);
      fill_certificates (self);
      focus_first_missing (self);
    }

  g_object_unref (native);
}

static void
choose_certificate_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  PbSignDialog *self = PB_SIGN_DIALOG (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Choose Signing Certificate"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Select"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("PKCS#12 certificates"));
  gtk_file_filter_add_pattern (filter, "*.p12");
  gtk_file_filter_add_pattern (filter, "*.pfx");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect_object (native, "response", G_CALLBACK (certificate_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
output_response_cb (PbSignDialog         *self,
                    int                   response,
                    GtkFileChooserNative *native)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      pb_sign_dialog_set_output (self, file);
    }

  g_object_unref (native);
}

static void
choose_output_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  PbSignDialog *self = PB_SIGN_DIALOG (widget);
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Save Signed Report"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  if (self->output != NULL)
    gtk_file_chooser_set_file (GTK_FILE_CHOOSER (native), self->output, NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect_object (native, "response", G_CALLBACK (output_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
on_passphrase_row_entry_activated_cb (PbSignDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "sign.sign", NULL);
}

static gboolean
pb_sign_dialog_close_request (GtkWindow *window)
{
  PbSignDialog *self = PB_SIGN_DIALOG (window);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->list_cancellable);
  g_cancellable_cancel (self->check_cancellable);

  return GTK_WINDOW_CLASS (pb_sign_dialog_parent_class)->close_request (window);
}

static void
pb_sign_dialog_dispose (GObject *object)
{
  PbSignDialog *self = PB_SIGN_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_SIGN_DIALOG);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->output);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->list_cancellable);
  g_clear_object (&self->check_cancellable);

  G_OBJECT_CLASS (pb_sign_dialog_parent_class)->dispose (object);
}

static void
pb_sign_dialog_finalize (GObject *object)
{
  PbSignDialog *self = PB_SIGN_DIALOG (object);

  g_free (self->case_id);
  g_clear_pointer (&self->sources, g_ptr_array_unref);
  g_clear_pointer (&self->tokens, g_ptr_array_unref);

  G_OBJECT_CLASS (pb_sign_dialog_parent_class)->finalize (object);
}

static void
pb_sign_dialog_class_init (PbSignDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = pb_sign_dialog_dispose;
  object_class->finalize = pb_sign_dialog_finalize;
  window_class->close_request = pb_sign_dialog_close_request;

  signals[SIGNED] =
    g_signal_new ("signed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_FILE);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_DIALOG);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/probity/Probity/ui/pb-sign-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PbSignDialog, decision_row);
  gtk_widget_class_bind_template_child (widget_class, PbSignDialog, screening_row);
  gtk_widget_class_bind_template_child (widget_class, PbSignDialog, screening_spinner);
  gtk_widget_class_bind_template_child (widget_class, PbSignDialog, certificate_row);
  gtk_widget_class_bind_template_child (widget_class, PbSignDialog, file_row);
  gtk_widget_class_bind_template_child (widget_class, PbSignDialog, certificate_button);
  gtk_widget_class_bind_template_child (widget_class, PbSignDialog, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, PbSignDialog, output_row);
  gtk_widget_class_bind_template_child (widget_class, PbSignDialog, language_row);
  gtk_widget_class_bind_template_child (widget_class, PbSignDialog, level_row);
  gtk_widget_class_bind_template_child (widget_class, PbSignDialog, signature_group);
  gtk_widget_class_bind_template_child (widget_class, PbSignDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, PbSignDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, PbSignDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, PbSignDialog, page);
  gtk_widget_class_bind_template_callback (widget_class, on_passphrase_row_entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_certificate_row_selected_cb);

  gtk_widget_class_install_action (widget_class, "sign.sign", NULL, sign_action);
  gtk_widget_class_install_action (widget_class, "sign.choose-certificate", NULL, choose_certificate_action);
  gtk_widget_class_install_action (widget_class, "sign.choose-output", NULL, choose_output_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pb_sign_dialog_init (PbSignDialog *self)
{
  self->sources = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  pb_widget_name_icon_buttons (GTK_WIDGET (self->passphrase_row));
  fill_languages (self);
  self->open_report = TRUE;
}

PbSignDialog *
pb_sign_dialog_new (GtkWindow    *parent,
                    PbCaseStore  *store,
                    const char   *case_id,
                    PbCaseStatus  decision,
                    GSettings    *settings)
{
  PbSignDialog *self;
  const char *dir;
  g_autofree char *name = NULL;
  g_autoptr(GFile) output = NULL;

  g_return_val_if_fail (PB_IS_CASE_STORE (store), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (PB_TYPE_SIGN_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->settings = g_object_ref (settings);
  self->case_id = g_strdup (case_id);
  self->decision = decision;

  adw_action_row_set_subtitle (self->decision_row, pb_case_status_get_label (decision));
  fill_certificates (self);
  list_tokens (self);
  set_up_level (self);
  g_signal_connect_object (self->level_row, "notify::selected", G_CALLBACK (on_level_row_selected_cb), self,
                           G_CONNECT_SWAPPED);

  dir = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  /* Translators: default file name of a report; %s is the case id */
  name = g_strdup_printf (_("%s-report.pdf"), case_id);
  output = g_file_new_build_filename (dir ? dir : g_get_home_dir (), name, NULL);
  pb_sign_dialog_set_output (self, output);
  check_screening (self);
  focus_first_missing (self);

  return self;
}

void
pb_sign_dialog_set_passphrase (PbSignDialog *self,
                               const char   *passphrase)
{
  g_return_if_fail (PB_IS_SIGN_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), passphrase);
}

void
pb_sign_dialog_set_output (PbSignDialog *self,
                           GFile        *file)
{
  g_return_if_fail (PB_IS_SIGN_DIALOG (self));

  g_set_object (&self->output, file);
  update_rows (self);
}

void
pb_sign_dialog_set_open_report (PbSignDialog *self,
                                gboolean      open_report)
{
  g_return_if_fail (PB_IS_SIGN_DIALOG (self));

  self->open_report = open_report;
}

gboolean
pb_sign_dialog_get_tokens_listed (PbSignDialog *self)
{
  g_return_val_if_fail (PB_IS_SIGN_DIALOG (self), FALSE);

  return self->tokens != NULL;
}

const char *
pb_sign_dialog_get_language (PbSignDialog *self)
{
  guint selected;

  g_return_val_if_fail (PB_IS_SIGN_DIALOG (self), NULL);

  selected = adw_combo_row_get_selected (self->language_row);
  if (selected == GTK_INVALID_LIST_POSITION)
    return pb_i18n_get_interface_language ();

  return pb_i18n_get_languages ()[selected];
}

const char *
pb_sign_dialog_get_error (PbSignDialog *self)
{
  g_return_val_if_fail (PB_IS_SIGN_DIALOG (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;

  return gtk_label_get_text (self->error_label);
}

gboolean
pb_sign_dialog_is_checking (PbSignDialog *self)
{
  g_return_val_if_fail (PB_IS_SIGN_DIALOG (self), FALSE);

  return self->check_cancellable != NULL;
}
