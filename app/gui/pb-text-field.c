/* pb-text-field.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-text-field"

#include "config.h"

#include <glib/gi18n.h>

#include "pb-text-field.h"

struct _PbTextField
{
  GtkWidget    parent_instance;

  /* template widgets */
  GtkWidget   *box;
  GtkLabel    *title_label;
  GtkTextView *text_view;

  /* state */
  char        *text;          /* the buffer's text, read when asked for */
};

G_DEFINE_FINAL_TYPE (PbTextField, pb_text_field, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_TEXT,
  N_PROPS
};

enum {
  ACTIVATE,
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
buffer_changed_cb (PbTextField   *self,
                   GtkTextBuffer *buffer)
{
  g_clear_pointer (&self->text, g_free);
  g_signal_emit (self, signals[CHANGED], 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

/* The text view would take Ctrl+Return as a new line: the shortcut is
 * caught on the way down, before the view sees the key. */
static gboolean
activate_cb (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  g_signal_emit (widget, signals[ACTIVATE], 0);

  return TRUE;
}

static void
add_activate_shortcut (PbTextField *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  GtkShortcutTrigger *trigger;

  trigger = gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                                         gtk_keyval_trigger_new (GDK_KEY_KP_Enter, GDK_CONTROL_MASK));
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (trigger, gtk_callback_action_new (activate_cb, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static gboolean
pb_text_field_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (PB_TEXT_FIELD (widget)->text_view));
}

static void
pb_text_field_dispose (GObject *object)
{
  PbTextField *self = PB_TEXT_FIELD (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_TEXT_FIELD);

  G_OBJECT_CLASS (pb_text_field_parent_class)->dispose (object);
}

static void
pb_text_field_finalize (GObject *object)
{
  PbTextField *self = PB_TEXT_FIELD (object);

  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (pb_text_field_parent_class)->finalize (object);
}

static void
pb_text_field_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PbTextField *self = PB_TEXT_FIELD (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, pb_text_field_get_title (self));
      break;

    case PROP_TEXT:
      g_value_set_string (value, pb_text_field_get_text (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_text_field_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PbTextField *self = PB_TEXT_FIELD (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      pb_text_field_set_title (self, g_value_get_string (value));
      break;

    case PROP_TEXT:
      pb_text_field_set_text (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_text_field_class_init (PbTextFieldClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_text_field_dispose;
  object_class->finalize = pb_text_field_finalize;
  object_class->get_property = pb_text_field_get_property;
  object_class->set_property = pb_text_field_set_property;
  widget_class->grab_focus = pb_text_field_grab_focus;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ACTIVATE] =
    g_signal_new ("activate",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/probity/Probity/ui/pb-text-field.ui");
  gtk_widget_class_bind_template_child (widget_class, PbTextField, box);
  gtk_widget_class_bind_template_child (widget_class, PbTextField, title_label);
  gtk_widget_class_bind_template_child (widget_class, PbTextField, text_view);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  /* Read as a group of what it holds, not as a nameless "filler". */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
pb_text_field_init (PbTextField *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (buffer_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view),
                                  GTK_ACCESSIBLE_PROPERTY_MULTI_LINE, TRUE,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Return starts a new line, Tab goes on, Ctrl+Return confirms"),
                                  -1);
  add_activate_shortcut (self);
}

GtkWidget *
pb_text_field_new (const char *title)
{
  return g_object_new (PB_TYPE_TEXT_FIELD, "title", title, NULL);
}

const char *
pb_text_field_get_title (PbTextField *self)
{
  g_return_val_if_fail (PB_IS_TEXT_FIELD (self), NULL);

  return gtk_label_get_label (self->title_label);
}

void
pb_text_field_set_title (PbTextField *self,
                         const char  *title)
{
  g_return_if_fail (PB_IS_TEXT_FIELD (self));

  if (g_strcmp0 (title, gtk_label_get_label (self->title_label)) == 0)
    return;

  gtk_label_set_label (self->title_label, title ? title : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
pb_text_field_get_text (PbTextField *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (PB_IS_TEXT_FIELD (self), NULL);

  if (self->text == NULL)
    {
      buffer = gtk_text_view_get_buffer (self->text_view);
      gtk_text_buffer_get_bounds (buffer, &start, &end);
      self->text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    }

  return self->text;
}

void
pb_text_field_set_text (PbTextField *self,
                        const char  *text)
{
  g_return_if_fail (PB_IS_TEXT_FIELD (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text ? text : "", -1);
}

gboolean
pb_text_field_is_blank (PbTextField *self)
{
  g_return_val_if_fail (PB_IS_TEXT_FIELD (self), TRUE);

  for (const char *p = pb_text_field_get_text (self); *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

GtkTextView *
pb_text_field_get_view (PbTextField *self)
{
  g_return_val_if_fail (PB_IS_TEXT_FIELD (self), NULL);

  return self->text_view;
}
