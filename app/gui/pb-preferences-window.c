/* pb-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-preferences-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pb-application.h"
#include "pb-case-store.h"
#include "pb-gui-utils.h"
#include "pb-preferences-window.h"

struct _PbPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* template widgets */
  AdwPreferencesGroup  *assessor_group;
  AdwEntryRow          *name_row;
  AdwComboRow          *role_row;
  AdwEntryRow          *organisation_row;
  AdwActionRow         *certificate_row;
  AdwActionRow         *trust_row;
  AdwEntryRow          *tsa_row;
  AdwActionRow         *tsa_ca_row;
  AdwActionRow         *database_row;
  AdwEntryRow          *server_row;
  AdwEntryRow          *password_row;
  AdwActionRow         *server_status_row;
  GtkWidget            *cancel_server_button;
  GtkWidget            *local_file_row;
  AdwActionRow         *server_name_row;
  AdwActionRow         *server_user_row;
  AdwActionRow         *server_role_row;

  /* owned */
  GSettings            *settings;
  PbCaseStore          *store;                /* the window's, if any */
  GCancellable         *server_cancellable;   /* a connection being tried */
};

G_DEFINE_FINAL_TYPE (PbPreferencesWindow, pb_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The order of the role combo's model, and the nicks of the schema's enum. */
static const char * const role_nicks[] = { "sales", "reviewer", "auditor" };

static gboolean
role_get_mapping (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (role_nicks); i++)
    {
      if (g_str_equal (nick, role_nicks[i]))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  return FALSE;
}

static GVariant *
role_set_mapping (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  if (selected >= G_N_ELEMENTS (role_nicks))
    return NULL;

  return g_variant_new_string (role_nicks[selected]);
}

static void
update_path_row (PbPreferencesWindow *self,
                 AdwActionRow        *row,
                 const char          *key,
                 const char          *unset_text)
{
  g_autofree char *path = g_settings_get_string (self->settings, key);

  adw_action_row_set_subtitle (row, path[0] ? path : unset_text);
}

/* A certificate on a token reads as its token's name, not as its URI. */
static void
update_certificate_row (PbPreferencesWindow *self)
{
  g_autofree char *source = g_settings_get_string (self->settings, "signing-certificate");
  g_auto(GStrv) attributes = NULL;
  g_autofree char *token = NULL;
  g_autofree char *text = NULL;

  if (!g_str_has_prefix (source, "pkcs11:"))
    {
      update_path_row (self, self->certificate_row, "signing-certificate", _("None chosen"));
      return;
    }

  attributes = g_strsplit (source + strlen ("pkcs11:"), ";", -1);
  for (guint i = 0; attributes[i] != NULL && token == NULL; i++)
    if (g_str_has_prefix (attributes[i], "token="))
      token = g_uri_unescape_string (attributes[i] + strlen ("token="), NULL);

  /* Translators: the name of a smartcard or token */
  text = token != NULL ? g_strdup_printf (_("A certificate on the token “%s”"), token)
                       : g_strdup (_("A certificate on a token"));
  adw_action_row_set_subtitle (self->certificate_row, text);
}

static void update_server_status (PbPreferencesWindow *self);

static void
settings_changed_cb (PbPreferencesWindow *self,
                     const char          *key,
                     GSettings           *settings)
{
  if (key == NULL || g_str_equal (key, "signing-certificate"))
    update_certificate_row (self);
  if (key == NULL || g_str_equal (key, "trusted-certificates"))
    update_path_row (self, self->trust_row, "trusted-certificates", _("This computer’s trusted authorities"));
  if (key == NULL || g_str_equal (key, "tsa-certificates"))
    update_path_row (self, self->tsa_ca_row, "tsa-certificates", _("This computer’s trusted authorities"));
  if (key == NULL || g_str_equal (key, "database-location"))
    update_path_row (self, self->database_row, "database-location",
                     _("Default (probity.db in the user data folder)"));
  if (key == NULL || g_str_equal (key, "team-server"))
    update_server_status (self);
}

/* Assessor ----------------------------------------------------------------- */

static void
set_identity_row (AdwActionRow *row,
                  const char   *value)
{
  adw_action_row_set_subtitle (row, value);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, value, -1);
  gtk_widget_set_visible (GTK_WIDGET (row), TRUE);
}

/* On a team server who acts is whom the server authenticated, in the role
 * it gives them: the local name and role would be recorded nowhere, so
 * they give way to the server's, shown and not edited. */
static void
update_assessor (PbPreferencesWindow *self)
{
  const char *user = self->store != NULL ? pb_case_store_get_server_user (self->store) : NULL;
  g_autofree char *roles = NULL;

  if (user == NULL)
    return;

  roles = pb_case_store_dup_server_roles_label (self->store);
  gtk_widget_set_visible (GTK_WIDGET (self->name_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->role_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->organisation_row), FALSE);
  set_identity_row (self->server_name_row, pb_case_store_get_server_name (self->store));
  set_identity_row (self->server_user_row, user);
  set_identity_row (self->server_role_row, roles);
  adw_preferences_group_set_description (self->assessor_group,
                                         _("On the team server you act as the person it authenticated, in the "
                                           "role it gives them: the server records both with every answer, "
                                           "decision and signature. Its administrator changes them."));
}

/* Team server -------------------------------------------------------------- */

/* What the status row says when nothing is being tried. */
static void
update_server_status (PbPreferencesWindow *self)
{
  g_autofree char *server = g_settings_get_string (self->settings, "team-server");
  g_autofree char *described = NULL;
  g_autofree char *text = NULL;

  gtk_widget_set_visible (self->local_file_row, server[0] != '\0');
  if (server[0] == '\0')
    {
      adw_action_row_set_subtitle (self->server_status_row, _("Cases are kept in the database file"));
      return;
    }

  described = pb_case_store_describe_location (server);
  /* Translators: a server, as postgresql://user@host/database */
  text = g_strdup_printf (_("Cases are kept on %s"), described);
  adw_action_row_set_subtitle (self->server_status_row, text);
}

/* Test and Connect while nothing is tried; Cancel while something is. */
static void
set_trying (PbPreferencesWindow *self,
            gboolean             trying)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.test-server", !trying);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.connect-server", !trying);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.cancel-server", trying);
  gtk_widget_set_visible (self->cancel_server_button, trying);
}

static void
on_server_changed_cb (PbPreferencesWindow *self)
{
  g_cancellable_cancel (self->server_cancellable);
  g_clear_object (&self->server_cancellable);
  set_trying (self, FALSE);
  update_server_status (self);
}

/* The worker gives up its connection attempt at once (libpq's socket is
 * polled beside the cancellable), rather than at libpq's time-out. */
static void
cancel_server_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  PbPreferencesWindow *self = PB_PREFERENCES_WINDOW (widget);

  g_cancellable_cancel (self->server_cancellable);
  g_clear_object (&self->server_cancellable);
  set_trying (self, FALSE);
  adw_action_row_set_subtitle (self->server_status_row, _("Connection attempt cancelled"));
}

/* In a worker: opens the store and says who the server says we are. */
static void
try_server_in_thread (GTask        *task,
                      gpointer      source,
                      gpointer      location,
                      GCancellable *cancellable)
{
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *roles = NULL;
  g_autofree char *name = NULL;

  if (!(store = pb_case_store_open_cancellable (location, PB_CASE_STORE_FLAGS_NONE, cancellable, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  roles = pb_case_store_dup_server_roles_label (store);
  /* Translators: a server, a person's name (their database role), then their roles in Probity */
  name = g_strdup_printf (_("%s answers: you are “%s”, %s"), pb_case_store_get_display_name (store),
                          pb_case_store_get_server_user (store), roles);
  g_task_return_pointer (task, g_steal_pointer (&name), g_free);
}

static void
try_server_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  PbPreferencesWindow *self = PB_PREFERENCES_WINDOW (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = g_task_propagate_pointer (G_TASK (result), &error);
  gboolean connect = GPOINTER_TO_INT (user_data);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_task_get_cancellable (G_TASK (result)) != self->server_cancellable)
    return;
  g_clear_object (&self->server_cancellable);
  set_trying (self, FALSE);

  if (answer == NULL)
    {
      adw_action_row_set_subtitle (self->server_status_row, error->message);
      return;
    }

  adw_action_row_set_subtitle (self->server_status_row, answer);
  if (connect)
    {
      GApplication *app = g_application_get_default ();
      g_autofree char *conninfo = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->server_row))));

      if (PB_IS_APPLICATION (app))
        pb_application_connect_server (PB_APPLICATION (app), conninfo,
                                       gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
      update_server_status (self);
    }
}

/* Tries the connection typed, in a worker: the window stays usable while
 * an unreachable server makes libpq wait. Then, if @connect, switches the
 * windows to it. A password in the connection itself is refused: it would
 * be stored. */
static void
try_server (PbPreferencesWindow *self,
            gboolean             connect)
{
  g_autofree char *conninfo = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->server_row))));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  g_autoptr(GTask) task = NULL;
  if (!pb_case_store_is_server_location (conninfo))
    {
      adw_action_row_set_subtitle (self->server_status_row,
                                   _("Give a postgresql:// URI, “key=value” settings such as "
                                     "host=… dbname=…, or service=NAME"));
      return;
    }
  if (pb_case_store_location_has_password (conninfo))
    {
      adw_action_row_set_subtitle (self->server_status_row,
                                   _("Leave the password out of the connection: Probity would store it. "
                                     "Type it in the password row, or keep it in ~/.pgpass"));
      return;
    }

  g_cancellable_cancel (self->server_cancellable);
  g_clear_object (&self->server_cancellable);
  self->server_cancellable = g_cancellable_new ();
  adw_action_row_set_subtitle (self->server_status_row, _("Connecting…"));
  set_trying (self, TRUE);

  task = g_task_new (self, self->server_cancellable, try_server_cb, GINT_TO_POINTER (connect));
  g_task_set_source_tag (task, try_server);
  g_task_set_task_data (task, pb_case_store_location_with_password (conninfo, password), g_free);
  g_task_run_in_thread (task, (GTaskThreadFunc) try_server_in_thread);
}

static void
test_server_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  try_server (PB_PREFERENCES_WINDOW (widget), FALSE);
}

static void
connect_server_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  try_server (PB_PREFERENCES_WINDOW (widget), TRUE);
}

static void
choose_response_cb (GtkFileChooserNative *native,
                    int                   response,
                    PbPreferencesWindow  *self)
{
  const char *key = g_object_get_data (G_OBJECT (native), "settings-key");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        g_settings_set_string (self->settings, key, path);
    }

  g_object_unref (native);
}

static void
choose_file (PbPreferencesWindow  *self,
             const char           *title,
             GtkFileChooserAction  action,
             const char           *key,
             GtkFileFilter        *filter)
{
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_object_set_data_full (G_OBJECT (native), "settings-key", g_strdup (key), g_free);
  if (filter != NULL)
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_signal_connect (native, "response", G_CALLBACK (choose_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
choose_certificate_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("PKCS#12 certificates"));
  gtk_file_filter_add_pattern (filter, "*.p12");
  gtk_file_filter_add_pattern (filter, "*.pfx");
  gtk_file_filter_add_mime_type (filter, "application/x-pkcs12");
  choose_file (PB_PREFERENCES_WINDOW (widget), _("Choose Signing Certificate"),
               GTK_FILE_CHOOSER_ACTION_OPEN, "signing-certificate", filter);
}

static void
choose_trust_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("PEM certificates"));
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.crt");
  gtk_file_filter_add_mime_type (filter, "application/x-x509-ca-cert");
  choose_file (PB_PREFERENCES_WINDOW (widget), _("Choose Trusted Certificate Authorities"),
               GTK_FILE_CHOOSER_ACTION_OPEN, "trusted-certificates", filter);
}

static void
choose_tsa_certificates_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("PEM certificates"));
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.crt");
  gtk_file_filter_add_mime_type (filter, "application/x-x509-ca-cert");
  choose_file (PB_PREFERENCES_WINDOW (widget), _("Choose Time-Stamp Authority Certificates"),
               GTK_FILE_CHOOSER_ACTION_OPEN, "tsa-certificates", filter);
}

static void
choose_database_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  choose_file (PB_PREFERENCES_WINDOW (widget), _("Choose Database Location"),
               GTK_FILE_CHOOSER_ACTION_SAVE, "database-location", NULL);
}

static void
reset_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  PbPreferencesWindow *self = PB_PREFERENCES_WINDOW (widget);

  g_settings_reset (self->settings, g_variant_get_string (param, NULL));
}

static void
pb_preferences_window_constructed (GObject *object)
{
  PbPreferencesWindow *self = PB_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (pb_preferences_window_parent_class)->constructed (object);

  g_assert (G_IS_SETTINGS (self->settings));

  g_settings_bind (self->settings, "assessor-name", self->name_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "organisation", self->organisation_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "tsa-url", self->tsa_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "assessor-role", self->role_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, role_get_mapping, role_set_mapping, NULL, NULL);

  g_signal_connect_object (self->settings, "changed", G_CALLBACK (settings_changed_cb),
                           self, G_CONNECT_SWAPPED);
  {
    g_autofree char *server = g_settings_get_string (self->settings, "team-server");

    gtk_editable_set_text (GTK_EDITABLE (self->server_row), server);
  }
  settings_changed_cb (self, NULL, self->settings);
  /* A team server's administrator may change the person's name or roles
   * while this window is open: the window's store reads them again when
   * told. */
  if (self->store != NULL)
    g_signal_connect_object (self->store, "identity-changed", G_CALLBACK (update_assessor), self,
                             G_CONNECT_SWAPPED);
  update_assessor (self);
  set_trying (self, FALSE);
}

/* The window would focus the name row and select all its text, which a
 * stray key then replaces: focus it with the caret at the end instead. */
static void
pb_preferences_window_map (GtkWidget *widget)
{
  PbPreferencesWindow *self = PB_PREFERENCES_WINDOW (widget);
  GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (self->name_row));

  GTK_WIDGET_CLASS (pb_preferences_window_parent_class)->map (widget);

  if (GTK_IS_TEXT (text) && gtk_widget_get_visible (GTK_WIDGET (self->name_row)))
    {
      gtk_text_grab_focus_without_selecting (GTK_TEXT (text));
      gtk_editable_set_position (text, -1);
    }
}

static void
pb_preferences_window_dispose (GObject *object)
{
  PbPreferencesWindow *self = PB_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->server_cancellable);
  g_clear_object (&self->server_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pb_preferences_window_parent_class)->dispose (object);
}

static void
pb_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  PbPreferencesWindow *self = PB_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  PbPreferencesWindow *self = PB_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_preferences_window_class_init (PbPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pb_preferences_window_constructed;
  object_class->dispose = pb_preferences_window_dispose;
  object_class->get_property = pb_preferences_window_get_property;
  object_class->set_property = pb_preferences_window_set_property;

  widget_class->map = pb_preferences_window_map;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         PB_TYPE_CASE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/probity/Probity/ui/pb-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PbPreferencesWindow, assessor_group);
  gtk_widget_class_bind_template_child (widget_class, PbPreferencesWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, PbPreferencesWindow, role_row);
  gtk_widget_class_bind_template_child (widget_class, PbPreferencesWindow, organisation_row);
  gtk_widget_class_bind_template_child (widget_class, PbPreferencesWindow, certificate_row);
  gtk_widget_class_bind_template_child (widget_class, PbPreferencesWindow, trust_row);
  gtk_widget_class_bind_template_child (widget_class, PbPreferencesWindow, tsa_row);
  gtk_widget_class_bind_template_child (widget_class, PbPreferencesWindow, tsa_ca_row);
  gtk_widget_class_bind_template_child (widget_class, PbPreferencesWindow, database_row);
  gtk_widget_class_bind_template_child (widget_class, PbPreferencesWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, PbPreferencesWindow, password_row);
  gtk_widget_class_bind_template_child (widget_class, PbPreferencesWindow, server_status_row);
  gtk_widget_class_bind_template_child (widget_class, PbPreferencesWindow, cancel_server_button);
  gtk_widget_class_bind_template_child (widget_class, PbPreferencesWindow, local_file_row);
  gtk_widget_class_bind_template_child (widget_class, PbPreferencesWindow, server_name_row);
  gtk_widget_class_bind_template_child (widget_class, PbPreferencesWindow, server_user_row);
  gtk_widget_class_bind_template_child (widget_class, PbPreferencesWindow, server_role_row);
  gtk_widget_class_bind_template_callback (widget_class, on_server_changed_cb);

  gtk_widget_class_install_action (widget_class, "prefs.choose-certificate", NULL, choose_certificate_action);
  gtk_widget_class_install_action (widget_class, "prefs.choose-trust", NULL, choose_trust_action);
  gtk_widget_class_install_action (widget_class, "prefs.choose-tsa-certificates", NULL, choose_tsa_certificates_action);
  gtk_widget_class_install_action (widget_class, "prefs.choose-database", NULL, choose_database_action);
  gtk_widget_class_install_action (widget_class, "prefs.reset", "s", reset_action);
  gtk_widget_class_install_action (widget_class, "prefs.test-server", NULL, test_server_action);
  gtk_widget_class_install_action (widget_class, "prefs.connect-server", NULL, connect_server_action);
  gtk_widget_class_install_action (widget_class, "prefs.cancel-server", NULL, cancel_server_action);
}

static void
pb_preferences_window_init (PbPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  pb_widget_name_search_entries (GTK_WIDGET (self), _("Search Preferences"));
}

PbPreferencesWindow *
pb_preferences_window_new (GSettings *settings)
{
  return pb_preferences_window_new_for_store (settings, NULL);
}

PbPreferencesWindow *
pb_preferences_window_new_for_store (GSettings   *settings,
                                     PbCaseStore *store)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (store == NULL || PB_IS_CASE_STORE (store), NULL);

  return g_object_new (PB_TYPE_PREFERENCES_WINDOW,
                       "settings", settings,
                       "store", store,
                       NULL);
}
