/* pb-reason-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-reason-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "pb-reason-dialog.h"
#include "pb-text-field.h"

struct _PbReasonDialog
{
  AdwMessageDialog  parent_instance;

  /* template widgets */
  PbTextField      *reason_field;
};

G_DEFINE_FINAL_TYPE (PbReasonDialog, pb_reason_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
on_reason_field_changed_cb (PbReasonDialog *self,
                            PbTextField    *field)
{
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "confirm", !pb_text_field_is_blank (field));
}

/* As the confirming button would (libadwaita 1.2 leaves keys in an extra
 * child to it); closing instead would answer "cancel" as well. */
static void
on_reason_field_activate_cb (PbReasonDialog *self,
                             PbTextField    *field)
{
  if (!adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (self), "confirm"))
    return;

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (self), "confirm");
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
pb_reason_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PB_TYPE_REASON_DIALOG);

  G_OBJECT_CLASS (pb_reason_dialog_parent_class)->dispose (object);
}

static void
pb_reason_dialog_class_init (PbReasonDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_reason_dialog_dispose;

  g_type_ensure (PB_TYPE_TEXT_FIELD);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/probity/Probity/ui/pb-reason-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PbReasonDialog, reason_field);
  gtk_widget_class_bind_template_callback (widget_class, on_reason_field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_reason_field_activate_cb);
}

static void
pb_reason_dialog_init (PbReasonDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

PbReasonDialog *
pb_reason_dialog_new (GtkWindow  *parent,
                      const char *heading,
                      const char *body,
                      const char *reason_title,
                      const char *confirm_label)
{
  PbReasonDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (reason_title != NULL, NULL);
  g_return_val_if_fail (confirm_label != NULL, NULL);

  self = g_object_new (PB_TYPE_REASON_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "heading", heading,
                       "body", body,
                       NULL);
  pb_text_field_set_title (self->reason_field, reason_title);
  adw_message_dialog_set_response_label (ADW_MESSAGE_DIALOG (self), "confirm", confirm_label);

  return self;
}

const char *
pb_reason_dialog_get_reason (PbReasonDialog *self)
{
  g_return_val_if_fail (PB_IS_REASON_DIALOG (self), NULL);

  return pb_text_field_get_text (self->reason_field);
}

void
pb_reason_dialog_set_reason (PbReasonDialog *self,
                             const char     *reason)
{
  g_return_if_fail (PB_IS_REASON_DIALOG (self));

  pb_text_field_set_text (self->reason_field, reason);
}
