/* pb-step-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-step-row"

#include "config.h"

#include <glib/gi18n.h>

#include "pb-step-row.h"

struct _PbStepRow
{
  GtkListBoxRow  parent_instance;

  /* template widgets */
  GtkImage      *icon;
  GtkLabel      *title_label;
  GtkLabel      *state_label;
};

G_DEFINE_FINAL_TYPE (PbStepRow, pb_step_row, GTK_TYPE_LIST_BOX_ROW)

static void
pb_step_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PB_TYPE_STEP_ROW);

  G_OBJECT_CLASS (pb_step_row_parent_class)->dispose (object);
}

static void
pb_step_row_class_init (PbStepRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_step_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/probity/Probity/ui/pb-step-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PbStepRow, icon);
  gtk_widget_class_bind_template_child (widget_class, PbStepRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, PbStepRow, state_label);
}

static void
pb_step_row_init (PbStepRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
pb_step_row_new (const char *title)
{
  PbStepRow *self = g_object_new (PB_TYPE_STEP_ROW, NULL);

  g_return_val_if_fail (title != NULL, NULL);

  gtk_label_set_text (self->title_label, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);

  return GTK_WIDGET (self);
}

void
pb_step_row_set_progress (PbStepRow *self,
                          guint      n_answered,
                          guint      n_missing,
                          guint      n_flags)
{
  g_autofree char *text = NULL;
  const char *icon;

  g_return_if_fail (PB_IS_STEP_ROW (self));

  if (n_answered == 0 && n_missing > 0)
    {
      icon = "media-record-symbolic";
      text = g_strdup (_("Not started"));
    }
  else if (n_missing > 0)
    {
      icon = "content-loading-symbolic";
      /* Translators: state of a section: how many required answers are missing */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "In progress, %u missing", "In progress, %u missing",
                                           n_missing), n_missing);
    }
  else
    {
      icon = "emblem-ok-symbolic";
      text = g_strdup (_("Complete"));
    }

  if (n_flags > 0)
    {
      g_autofree char *with_flags = NULL;

      icon = "dialog-warning-symbolic";
      /* Translators: a section's state, then how many flags it raised */
      with_flags = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %u flag", "%s, %u flags", n_flags),
                                    text, n_flags);
      g_free (text);
      text = g_steal_pointer (&with_flags);
    }

  gtk_image_set_from_icon_name (self->icon, icon);
  gtk_label_set_text (self->state_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->state_label), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

const char *
pb_step_row_get_progress (PbStepRow *self)
{
  g_return_val_if_fail (PB_IS_STEP_ROW (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->state_label)) ? gtk_label_get_text (self->state_label) : NULL;
}
