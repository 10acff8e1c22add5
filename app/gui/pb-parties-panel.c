/* pb-parties-panel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-parties-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "pb-case-screening.h"
#include "pb-gui-utils.h"
#include "pb-parties-panel.h"

struct _PbPartiesPanel
{
  GtkWidget            parent_instance;

  /* template widgets */
  GtkWidget           *box;
  AdwPreferencesGroup *parties_group;
  GtkWidget           *screening_box;
  GtkLabel            *screening_label;
  GtkWidget           *add_group;
  AdwEntryRow         *name_row;
  AdwComboRow         *role_row;
  AdwEntryRow         *country_row;
  AdwEntryRow         *identifier_row;

  /* owned */
  PbCaseStore         *store;
  char                *case_id;
  GPtrArray           *rows;
  gboolean             editable;
};

G_DEFINE_FINAL_TYPE (PbPartiesPanel, pb_parties_panel, GTK_TYPE_WIDGET)

enum { CHANGED, TOAST, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The roles a party added here can have, in the order of the role row. */
static const char * const party_roles[] = { "end-user", "consignee", "intermediary" };

static void
toast (PbPartiesPanel *self,
       const char     *message)
{
  g_signal_emit (self, signals[TOAST], 0, message);
}

static void
add_row (PbPartiesPanel *self,
         PbCaseParty    *party)
{
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GString) subtitle = g_string_new (pb_party_role_get_label (party->role));

  if (party->country != NULL)
    g_string_append_printf (subtitle, " · %s", party->country);
  for (guint i = 0; party->identifiers != NULL && party->identifiers[i] != NULL; i++)
    g_string_append_printf (subtitle, " · %s", party->identifiers[i]);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), party->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);

  if (self->editable && g_strcmp0 (party->id, "customer") != 0)
    {
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      /* Translators: a party's name */
      g_autofree char *label = g_strdup_printf (_("Remove %s"), party->name);

      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove the party"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "parties.remove");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", party->id);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
    }

  adw_preferences_group_add (self->parties_group, row);
  g_ptr_array_add (self->rows, row);
}

/* How the screening stands, in a sentence. */
static char *
describe_screening (PbCaseScreening *screening)
{
  PbScreeningRun *run = pb_case_screening_get_latest (screening);
  g_autofree char *when = NULL;
  guint n_open;

  if (run == NULL)
    return g_strdup (_("Not screened yet: screen the parties before the case is submitted."));

  if (pb_case_screening_is_stale (screening))
    return g_strdup (_("A party was added after the latest screening: screen the parties again."));

  when = pb_format_timestamp (run->time);
  n_open = pb_case_screening_count_open (screening);
  if (n_open == 0)
    /* Translators: a date and time, then the number of list editions */
    return g_strdup_printf (ngettext ("Screened on %s against %u list edition: no open hit.",
                                         "Screened on %s against %u list editions: no open hit.",
                                         run->editions->len),
                            when, run->editions->len);

  /* Translators: a date and time, then the number of open hits */
  return g_strdup_printf (ngettext ("Screened on %s: %u open hit holds the case until a legal reviewer decides it.",
                                       "Screened on %s: %u open hits hold the case until a legal reviewer decides them.",
                                       n_open),
                          when, n_open);
}

void
pb_parties_panel_refresh (PbPartiesPanel *self)
{
  g_autoptr(PbCaseScreening) screening = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  GPtrArray *parties;

  g_return_if_fail (PB_IS_PARTIES_PANEL (self));

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->parties_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  if (!(screening = pb_case_store_get_screening (self->store, self->case_id, 0, &error)))
    {
      gtk_label_set_text (self->screening_label, error->message);
      return;
    }

  parties = pb_case_screening_get_parties (screening);
  for (guint i = 0; i < parties->len; i++)
    add_row (self, g_ptr_array_index (parties, i));

  status = describe_screening (screening);
  gtk_label_set_text (self->screening_label, status);
}

void
pb_parties_panel_set_editable (PbPartiesPanel *self,
                               gboolean        editable)
{
  g_return_if_fail (PB_IS_PARTIES_PANEL (self));

  self->editable = !!editable;
  gtk_widget_set_visible (self->add_group, self->editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "parties.add", self->editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "parties.remove", self->editable);
  pb_parties_panel_refresh (self);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  PbPartiesPanel *self = PB_PARTIES_PANEL (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *party_id = NULL;
  g_autofree char *country = g_ascii_strup (gtk_editable_get_text (GTK_EDITABLE (self->country_row)), -1);
  g_autofree char *identifier = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->identifier_row))));
  const char *identifiers[] = { identifier, NULL };
  guint role = adw_combo_row_get_selected (self->role_row);

  g_strstrip (country);
  if (!(party_id = pb_case_store_add_party (self->store, self->case_id,
                                            party_roles[MIN (role, G_N_ELEMENTS (party_roles) - 1)],
                                            gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                                            *country != '\0' ? country : NULL,
                                            *identifier != '\0' ? identifiers : NULL, &error)))
    {
      toast (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->country_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->identifier_row), "");
  pb_parties_panel_refresh (self);
  /* Ready for the next party. */
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PbPartiesPanel *self = PB_PARTIES_PANEL (widget);
  g_autoptr(GError) error = NULL;

  if (!pb_case_store_remove_party (self->store, self->case_id, g_variant_get_string (param, NULL), NULL, &error))
    {
      toast (self, error->message);
      return;
    }

  pb_parties_panel_refresh (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Return in the name, country or number adds the party, as the button does. */
static void
entry_activated_cb (PbPartiesPanel *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "parties.add", NULL);
}

/* GObject ------------------------------------------------------------------------ */

static void
pb_parties_panel_dispose (GObject *object)
{
  PbPartiesPanel *self = PB_PARTIES_PANEL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_PARTIES_PANEL);
  g_clear_object (&self->store);
  g_clear_pointer (&self->case_id, g_free);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (pb_parties_panel_parent_class)->dispose (object);
}

static void
pb_parties_panel_class_init (PbPartiesPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_parties_panel_dispose;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/probity/Probity/ui/pb-parties-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, PbPartiesPanel, box);
  gtk_widget_class_bind_template_child (widget_class, PbPartiesPanel, parties_group);
  gtk_widget_class_bind_template_child (widget_class, PbPartiesPanel, screening_box);
  gtk_widget_class_bind_template_child (widget_class, PbPartiesPanel, screening_label);
  gtk_widget_class_bind_template_child (widget_class, PbPartiesPanel, add_group);
  gtk_widget_class_bind_template_child (widget_class, PbPartiesPanel, name_row);
  gtk_widget_class_bind_template_child (widget_class, PbPartiesPanel, role_row);
  gtk_widget_class_bind_template_child (widget_class, PbPartiesPanel, country_row);
  gtk_widget_class_bind_template_child (widget_class, PbPartiesPanel, identifier_row);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);

  gtk_widget_class_install_action (widget_class, "parties.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "parties.remove", "s", remove_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
pb_parties_panel_init (PbPartiesPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
  self->editable = TRUE;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Parties to the deal"), -1);
}

GtkWidget *
pb_parties_panel_new (PbCaseStore *store,
                      const char  *case_id,
                      gboolean     show_screening)
{
  PbPartiesPanel *self;

  g_return_val_if_fail (PB_IS_CASE_STORE (store), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  self = g_object_new (PB_TYPE_PARTIES_PANEL, NULL);
  self->store = g_object_ref (store);
  self->case_id = g_strdup (case_id);
  gtk_widget_set_visible (self->screening_box, show_screening);
  pb_parties_panel_refresh (self);

  return GTK_WIDGET (self);
}
