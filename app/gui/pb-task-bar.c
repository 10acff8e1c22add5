/* pb-task-bar.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-task-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "pb-task-bar.h"

/* How often the bar moves while work runs: it shows that the window is
 * alive, not how far the work got, which the store does not say. */
#define PULSE_INTERVAL_MS 120

struct _PbTaskBar
{
  GtkWidget       parent_instance;

  /* template widgets */
  GtkRevealer    *revealer;
  GtkLabel       *title_label;
  GtkProgressBar *progress_bar;

  /* owned */
  GCancellable   *cancellable;

  /* state */
  guint           pulse_source;
  gulong          paint_handler;
  guint           n_frames;
};

G_DEFINE_FINAL_TYPE (PbTaskBar, pb_task_bar, GTK_TYPE_WIDGET)

static gboolean
pulse_cb (gpointer user_data)
{
  PbTaskBar *self = user_data;

  gtk_progress_bar_pulse (self->progress_bar);

  return G_SOURCE_CONTINUE;
}

static void
after_paint_cb (PbTaskBar     *self,
                GdkFrameClock *clock)
{
  self->n_frames++;
}

static void
watch_frames (PbTaskBar *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (clock != NULL && self->paint_handler == 0)
    self->paint_handler = g_signal_connect_object (clock, "after-paint", G_CALLBACK (after_paint_cb),
                                                   self, G_CONNECT_SWAPPED);
}

static void
unwatch_frames (PbTaskBar *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (clock != NULL && self->paint_handler != 0)
    g_signal_handler_disconnect (clock, self->paint_handler);
  self->paint_handler = 0;
}

/* The bar reads as the task it shows. */
static void
set_title (PbTaskBar  *self,
           const char *title)
{
  gtk_label_set_label (self->title_label, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PbTaskBar *self = PB_TASK_BAR (widget);

  g_cancellable_cancel (self->cancellable);
  set_title (self, _("Cancelling…"));
  gtk_widget_action_set_enabled (widget, "task.cancel", FALSE);
}

static void
pb_task_bar_unrealize (GtkWidget *widget)
{
  unwatch_frames (PB_TASK_BAR (widget));

  GTK_WIDGET_CLASS (pb_task_bar_parent_class)->unrealize (widget);
}

static void
pb_task_bar_dispose (GObject *object)
{
  PbTaskBar *self = PB_TASK_BAR (object);

  /* Work still running finds itself cancelled, and its answer is dropped. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->pulse_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_TASK_BAR);

  G_OBJECT_CLASS (pb_task_bar_parent_class)->dispose (object);
}

static void
pb_task_bar_class_init (PbTaskBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_task_bar_dispose;
  widget_class->unrealize = pb_task_bar_unrealize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/probity/Probity/ui/pb-task-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, PbTaskBar, revealer);
  gtk_widget_class_bind_template_child (widget_class, PbTaskBar, title_label);
  gtk_widget_class_bind_template_child (widget_class, PbTaskBar, progress_bar);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  /* Read as a group of what it holds, not as a nameless "filler". */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  gtk_widget_class_install_action (widget_class, "task.cancel", NULL, cancel_action);
}

static void
pb_task_bar_init (PbTaskBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "task.cancel", FALSE);
}

GtkWidget *
pb_task_bar_new (void)
{
  return g_object_new (PB_TYPE_TASK_BAR, NULL);
}

GCancellable *
pb_task_bar_begin (PbTaskBar  *self,
                   const char *title)
{
  g_return_val_if_fail (PB_IS_TASK_BAR (self), NULL);
  g_return_val_if_fail (title != NULL, NULL);

  if (self->cancellable != NULL)
    return NULL;

  self->cancellable = g_cancellable_new ();
  self->n_frames = 0;
  set_title (self, title);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_revealer_set_reveal_child (self->revealer, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "task.cancel", TRUE);
  self->pulse_source = g_timeout_add (PULSE_INTERVAL_MS, pulse_cb, self);
  watch_frames (self);

  return self->cancellable;
}

void
pb_task_bar_end (PbTaskBar *self)
{
  g_return_if_fail (PB_IS_TASK_BAR (self));

  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->pulse_source, g_source_remove);
  unwatch_frames (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Progress"), -1);
  gtk_revealer_set_reveal_child (self->revealer, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "task.cancel", FALSE);
}

gboolean
pb_task_bar_is_busy (PbTaskBar *self)
{
  g_return_val_if_fail (PB_IS_TASK_BAR (self), FALSE);

  return self->cancellable != NULL;
}

guint
pb_task_bar_get_n_frames (PbTaskBar *self)
{
  g_return_val_if_fail (PB_IS_TASK_BAR (self), 0);

  return self->n_frames;
}
