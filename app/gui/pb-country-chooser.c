/* pb-country-chooser.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-country-chooser"

#include "config.h"

#include <glib/gi18n.h>

#include "pb-country-chooser.h"
#include "pb-gui-utils.h"

struct _PbCountryChooser
{
  GtkWidget    parent_instance;

  /* template widgets */
  GtkDropDown *drop_down;
};

G_DEFINE_FINAL_TYPE (PbCountryChooser, pb_country_chooser, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GListModel *
get_country_model (void)
{
  static GtkStringList *model;

  if (model == NULL)
    {
      model = gtk_string_list_new (NULL);
      for (guint i = 0; i < pb_country_list_get_n (); i++)
        {
          /* Translators: a country in a list: its name, then its ISO code */
          g_autofree char *item = g_strdup_printf (_("%s (%s)"),
                                                   pb_country_list_get_name (i),
                                                   pb_country_list_get_code (i));
          gtk_string_list_append (model, item);
        }
    }

  return G_LIST_MODEL (model);
}

static void
on_drop_down_notify_selected_cb (PbCountryChooser *self,
                          GParamSpec       *pspec,
                          GtkDropDown      *drop_down)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CODE]);
}

static void
pb_country_chooser_dispose (GObject *object)
{
  PbCountryChooser *self = PB_COUNTRY_CHOOSER (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_COUNTRY_CHOOSER);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (pb_country_chooser_parent_class)->dispose (object);
}

static void
pb_country_chooser_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PbCountryChooser *self = PB_COUNTRY_CHOOSER (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_value_set_string (value, pb_country_chooser_get_code (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_country_chooser_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PbCountryChooser *self = PB_COUNTRY_CHOOSER (object);

  switch (prop_id)
    {
    case PROP_CODE:
      pb_country_chooser_set_code (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_country_chooser_class_init (PbCountryChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_country_chooser_dispose;
  object_class->get_property = pb_country_chooser_get_property;
  object_class->set_property = pb_country_chooser_set_property;

  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/probity/Probity/ui/pb-country-chooser.ui");
  gtk_widget_class_bind_template_child (widget_class, PbCountryChooser, drop_down);
  gtk_widget_class_bind_template_callback (widget_class, on_drop_down_notify_selected_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  /* Read as a group of what it holds, not as a nameless "filler". */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
pb_country_chooser_init (PbCountryChooser *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_drop_down_set_model (self->drop_down, get_country_model ());
  gtk_drop_down_set_selected (self->drop_down, GTK_INVALID_LIST_POSITION);
  pb_widget_name_search_entries (GTK_WIDGET (self->drop_down), _("Search Countries"));
  pb_drop_down_choose_on_return (self->drop_down);
}

GtkWidget *
pb_country_chooser_new (void)
{
  return g_object_new (PB_TYPE_COUNTRY_CHOOSER, NULL);
}

const char *
pb_country_chooser_get_code (PbCountryChooser *self)
{
  guint selected;

  g_return_val_if_fail (PB_IS_COUNTRY_CHOOSER (self), NULL);

  selected = gtk_drop_down_get_selected (self->drop_down);
  if (selected == GTK_INVALID_LIST_POSITION || selected >= pb_country_list_get_n ())
    return NULL;

  return pb_country_list_get_code (selected);
}

void
pb_country_chooser_set_code (PbCountryChooser *self,
                             const char       *code)
{
  g_return_if_fail (PB_IS_COUNTRY_CHOOSER (self));

  if (g_strcmp0 (code, pb_country_chooser_get_code (self)) == 0)
    return;

  gtk_drop_down_set_selected (self->drop_down,
                              code ? pb_country_list_find (code) : GTK_INVALID_LIST_POSITION);
}

void
pb_country_chooser_set_accessible_label (PbCountryChooser *self,
                                         const char       *label)
{
  g_return_if_fail (PB_IS_COUNTRY_CHOOSER (self));

  pb_drop_down_set_accessible_label (self->drop_down, label);
}
