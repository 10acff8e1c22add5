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
  GtkWidget    parent_instance;

  /* template widgets */
  GtkWidget   *scroller;
  GtkViewport *viewport;
  GtkBox      *box;
  GtkLabel    *title_label;
  GtkLabel    *description_label;

  /* state */
  GtkRoot     *root;            /* whose focus the page follows */
  gulong       focus_handler;
};

G_DEFINE_FINAL_TYPE (PbSectionPage, pb_section_page, GTK_TYPE_WIDGET)

/* The page keeps the keyboard's focus in view, as the viewport's own
 * scroll-to-focus does, but for a focus on another surface: GTK 4.8's
 * followed it into a drop-down's open list and scrolled the page by what
 * it read as the list's place on it (190 px as a country list opened;
 * under load far enough that the drop-down left the screen, and GTK found
 * no monitor for its list). */
static void
focus_widget_changed_cb (PbSectionPage *self,
                         GParamSpec    *pspec,
                         GtkRoot       *root)
{
  GtkWidget *focus = gtk_root_get_focus (root);
  GtkWidget *content = gtk_viewport_get_child (self->viewport);
  graphene_rect_t bounds;

  if (focus == NULL || content == NULL ||
      gtk_widget_get_native (focus) != gtk_widget_get_native (GTK_WIDGET (self)) ||
      !gtk_widget_is_ancestor (focus, content) ||
      !gtk_widget_compute_bounds (focus, content, &bounds))
    return;

  gtk_adjustment_clamp_page (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->viewport)),
                             bounds.origin.y, bounds.origin.y + bounds.size.height);
}

static void
pb_section_page_root (GtkWidget *widget)
{
  PbSectionPage *self = PB_SECTION_PAGE (widget);

  GTK_WIDGET_CLASS (pb_section_page_parent_class)->root (widget);

  self->root = gtk_widget_get_root (widget);
  self->focus_handler = g_signal_connect_object (self->root, "notify::focus-widget",
                                                 G_CALLBACK (focus_widget_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
pb_section_page_unroot (GtkWidget *widget)
{
  PbSectionPage *self = PB_SECTION_PAGE (widget);

  g_clear_signal_handler (&self->focus_handler, self->root);
  self->root = NULL;

  GTK_WIDGET_CLASS (pb_section_page_parent_class)->unroot (widget);
}

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

  widget_class->root = pb_section_page_root;
  widget_class->unroot = pb_section_page_unroot;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/probity/Probity/ui/pb-section-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PbSectionPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, PbSectionPage, viewport);
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
