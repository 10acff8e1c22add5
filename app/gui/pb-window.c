/* pb-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-window"

#include "config.h"

#include <glib/gi18n.h>

#include "pb-window.h"

struct _PbWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  GtkStack             *cases_stack;
  AdwWindowTitle       *window_title;
  AdwStatusPage        *empty_page;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkToggleButton      *search_button;

  /* state */
  char                 *database_path;
  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (PbWindow, pb_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_DATABASE_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_title (PbWindow *self)
{
  g_autofree char *basename = NULL;

  if (self->database_path != NULL)
    basename = g_path_get_basename (self->database_path);

  adw_window_title_set_subtitle (self->window_title, basename ? basename : "");
}

static void
new_case_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  PbWindow *self = PB_WINDOW (widget);

  pb_window_add_toast (self, _("The case store is not available yet"));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PbWindow *self = PB_WINDOW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
open_case_file_response_cb (PbWindow             *self,
                            int                   response,
                            GtkFileChooserNative *native)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      pb_window_open_case_file (self, file);
    }

  g_object_unref (native);
}

static void
open_case_file_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  PbWindow *self = PB_WINDOW (widget);
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  native = gtk_file_chooser_native_new (_("Open Case File"),
                                        GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"),
                                        _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Probity case files"));
  gtk_file_filter_add_mime_type (filter, "application/x-probity-case");
  gtk_file_filter_add_pattern (filter, "*.probity");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect_swapped (native, "response", G_CALLBACK (open_case_file_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static gboolean
pb_window_close_request (GtkWindow *window)
{
  PbWindow *self = PB_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (pb_window_parent_class)->close_request (window);
}

static void
pb_window_constructed (GObject *object)
{
  PbWindow *self = PB_WINDOW (object);
  PbApplication *app;

  G_OBJECT_CLASS (pb_window_parent_class)->constructed (object);

  app = PB_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  if (app != NULL && pb_application_get_settings (app) != NULL)
    self->settings = g_object_ref (pb_application_get_settings (app));
  else
    self->settings = g_settings_new (PB_APP_ID);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  update_title (self);
}

static void
pb_window_dispose (GObject *object)
{
  PbWindow *self = PB_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_WINDOW);

  G_OBJECT_CLASS (pb_window_parent_class)->dispose (object);
}

static void
pb_window_finalize (GObject *object)
{
  PbWindow *self = PB_WINDOW (object);

  g_clear_pointer (&self->database_path, g_free);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (pb_window_parent_class)->finalize (object);
}

static void
pb_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PbWindow *self = PB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATABASE_PATH:
      g_value_set_string (value, self->database_path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PbWindow *self = PB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATABASE_PATH:
      self->database_path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_window_class_init (PbWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = pb_window_constructed;
  object_class->dispose = pb_window_dispose;
  object_class->finalize = pb_window_finalize;
  object_class->get_property = pb_window_get_property;
  object_class->set_property = pb_window_set_property;

  window_class->close_request = pb_window_close_request;

  properties[PROP_DATABASE_PATH] =
    g_param_spec_string ("database-path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/probity/Probity/ui/pb-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PbWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, cases_stack);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PbWindow, search_button);

  gtk_widget_class_install_action (widget_class, "win.new-case", NULL, new_case_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.open-case-file", NULL, open_case_file_action);
}

static void
pb_window_init (PbWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

PbWindow *
pb_window_new (PbApplication *application,
               const char    *database_path)
{
  return g_object_new (PB_TYPE_WINDOW,
                       "application", application,
                       "database-path", database_path,
                       NULL);
}

const char *
pb_window_get_database_path (PbWindow *self)
{
  g_return_val_if_fail (PB_IS_WINDOW (self), NULL);

  return self->database_path;
}

void
pb_window_open_case_file (PbWindow *self,
                          GFile    *file)
{
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  g_return_if_fail (PB_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  name = g_file_get_basename (file);
  /* Translators: %s is a file name */
  message = g_strdup_printf (_("Cannot open “%s” yet: case files come with the case store"), name);
  pb_window_add_toast (self, message);
}

void
pb_window_add_toast (PbWindow   *self,
                     const char *message)
{
  g_return_if_fail (PB_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}
