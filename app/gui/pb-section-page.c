/* pb-section-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-section-page"

#include "config.h"

#include <adwaita.h>

#include "pb-section-page.h"

struct _PbSectionPage
{
  GtkWidget  parent_instance;

  /* template widgets */
  GtkWidget *scroller;
  GtkBox    *box;
  GtkLabel  *title_label;
  GtkLabel  *description_label;
};

G_DEFINE_FINAL_TYPE (PbSectionPage, pb_section_page, GTK_TYPE_WIDGET)

static void
pb_section_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PB_TYPE_SECTION_PAGE);

  G_OBJECT_CLASS (pb_section_page_parent_class)->dispose (object);
}

static void
pb_section_page_class_init (PbSectionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_section_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/probity/Probity/ui/pb-section-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PbSectionPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, PbSectionPage, box);
  gtk_widget_class_bind_template_child (widget_class, PbSectionPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, PbSectionPage, description_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  /* Read as a group of what it holds, not as a nameless "filler". */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
pb_section_page_init (PbSectionPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
pb_section_page_new (PbSection *section)
{
  PbSectionPage *self;
  const char *description;

  g_return_val_if_fail (section != NULL, NULL);

  self = g_object_new (PB_TYPE_SECTION_PAGE, NULL);
  description = pb_section_get_description (section);
  gtk_label_set_text (self->title_label, pb_section_get_title (section));
  gtk_label_set_text (self->description_label, description ? description : "");
  gtk_widget_set_visible (GTK_WIDGET (self->description_label), description != NULL && description[0]);

  return GTK_WIDGET (self);
}

void
pb_section_page_add_view (PbSectionPage *self,
                          GtkWidget     *view)
{
  g_return_if_fail (PB_IS_SECTION_PAGE (self));
  g_return_if_fail (GTK_IS_WIDGET (view));

  gtk_box_append (self->box, view);
}
