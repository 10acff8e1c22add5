/* pb-new-case-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-new-case-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "pb-case-facts.h"
#include "pb-country-chooser.h"
#include "pb-data.h"
#include "pb-new-case-dialog.h"
#include "pb-workflow.h"

struct _PbNewCaseDialog
{
  AdwWindow         parent_instance;

  /* template widgets */
  AdwToastOverlay  *toast_overlay;
  AdwComboRow      *customer_row;
  AdwEntryRow      *customer_name_row;
  AdwEntryRow      *customer_aliases_row;
  AdwActionRow     *customer_country_row;
  PbCountryChooser *customer_country;
  AdwComboRow      *entity_type_row;
  AdwComboRow      *product_row;
  AdwEntryRow      *product_name_row;
  AdwEntryRow      *product_version_row;
  AdwComboRow      *family_row;
  AdwEntryRow      *capabilities_row;
  AdwComboRow      *questionnaire_row;
  GtkLabel         *missing_label;
  GtkWidget        *create_button;

  /* owned */
  PbCaseStore      *store;
  GListModel       *customers;       /* PbCustomer */
  GListModel       *products;        /* PbProduct */
  GPtrArray        *questionnaires;  /* PbQuestionnaire */
};

G_DEFINE_FINAL_TYPE (PbNewCaseDialog, pb_new_case_dialog, ADW_TYPE_WINDOW)

enum {
  CASE_CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GPtrArray *
family_codes (PbNewCaseDialog *self)
{
  GPtrArray *codes = g_ptr_array_new ();
  guint n_known;
  const PbCaseFactCode *known = pb_case_facts_get_families (&n_known);

  for (guint i = 0; i < n_known; i++)
    g_ptr_array_add (codes, (gpointer) known[i].code);

  for (guint i = 0; self->questionnaires && i < self->questionnaires->len; i++)
    {
      const char * const *families = pb_questionnaire_get_families (g_ptr_array_index (self->questionnaires, i));

      for (guint j = 0; families && families[j]; j++)
        {
          if (!g_ptr_array_find_with_equal_func (codes, families[j], g_str_equal, NULL))
            g_ptr_array_add (codes, (gpointer) families[j]);
        }
    }

  return codes;
}

static const char *
family_label (const char *code)
{
  guint n_known;
  const PbCaseFactCode *known = pb_case_facts_get_families (&n_known);

  for (guint i = 0; i < n_known; i++)
    if (g_str_equal (code, known[i].code))
      return _(known[i].label);

  return code;
}

static char *
dup_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static char **
split_list (AdwEntryRow *row)
{
  g_autofree char *text = dup_text (row);

  return pb_case_facts_split_list (text);
}

static const char *
selected_family (PbNewCaseDialog *self)
{
  g_autoptr(GPtrArray) codes = family_codes (self);
  guint selected = adw_combo_row_get_selected (self->family_row);
  guint product_index = adw_combo_row_get_selected (self->product_row);

  if (product_index > 0 && product_index != GTK_INVALID_LIST_POSITION && self->products != NULL)
    {
      g_autoptr(PbProduct) product = g_list_model_get_item (self->products, product_index - 1);

      if (product != NULL)
        return g_intern_string (pb_product_get_family (product));
    }

  if (selected < codes->len)
    return g_ptr_array_index (codes, selected);

  return NULL;
}

static gboolean
questionnaire_fits_family (PbNewCaseDialog *self,
                           guint            index)
{
  const char *family = selected_family (self);
  const char * const *families;

  if (family == NULL || self->questionnaires == NULL || index >= self->questionnaires->len)
    return FALSE;

  families = pb_questionnaire_get_families (g_ptr_array_index (self->questionnaires, index));
  return families != NULL && g_strv_contains (families, family);
}

/* Says so only while the chosen questionnaire is the suggested one. */
static void
update_questionnaire_subtitle (PbNewCaseDialog *self)
{
  gboolean fits = questionnaire_fits_family (self, adw_combo_row_get_selected (self->questionnaire_row));

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->questionnaire_row),
                               fits ? _("Suggested for this product family") : "");
}

static void
suggest_questionnaire (PbNewCaseDialog *self)
{
  for (guint i = 0; self->questionnaires != NULL && i < self->questionnaires->len; i++)
    if (questionnaire_fits_family (self, i))
      {
        adw_combo_row_set_selected (self->questionnaire_row, i);
        break;
      }

  update_questionnaire_subtitle (self);
}

static void
update_state (PbNewCaseDialog *self)
{
  guint customer_index = adw_combo_row_get_selected (self->customer_row);
  guint product_index = adw_combo_row_get_selected (self->product_row);
  gboolean new_customer = customer_index == 0 || customer_index == GTK_INVALID_LIST_POSITION;
  gboolean new_product = product_index == 0 || product_index == GTK_INVALID_LIST_POSITION;
  g_autofree char *customer_name = dup_text (self->customer_name_row);
  g_autofree char *product_name = dup_text (self->product_name_row);
  const char *missing = NULL;
  gboolean missing_customer;
  gboolean missing_product;
  gboolean missing_questionnaire;
  gboolean ready;

  gtk_widget_set_visible (GTK_WIDGET (self->customer_name_row), new_customer);
  gtk_widget_set_visible (GTK_WIDGET (self->customer_aliases_row), new_customer);
  gtk_widget_set_visible (GTK_WIDGET (self->customer_country_row), new_customer);
  gtk_widget_set_visible (GTK_WIDGET (self->entity_type_row), new_customer);
  gtk_widget_set_visible (GTK_WIDGET (self->product_name_row), new_product);
  gtk_widget_set_visible (GTK_WIDGET (self->product_version_row), new_product);
  gtk_widget_set_visible (GTK_WIDGET (self->family_row), new_product);
  gtk_widget_set_visible (GTK_WIDGET (self->capabilities_row), new_product);

  missing_customer = new_customer && customer_name[0] == '\0';
  missing_product = new_product && product_name[0] == '\0';
  missing_questionnaire = self->questionnaires == NULL || self->questionnaires->len == 0 ||
                          adw_combo_row_get_selected (self->questionnaire_row) == GTK_INVALID_LIST_POSITION;
  ready = !missing_customer && !missing_product && !missing_questionnaire;

  if (missing_customer && missing_product)
    missing = _("Enter the customer’s name and the product’s name to create the assessment.");
  else if (missing_customer)
    missing = _("Enter the customer’s name to create the assessment.");
  else if (missing_product)
    missing = _("Enter the product’s name to create the assessment.");
  else if (missing_questionnaire)
    missing = _("Choose a questionnaire to create the assessment.");

  /* Create cannot take focus while disabled: the label says the same to
   * keyboard and screen-reader users. */
  gtk_label_set_text (self->missing_label, missing ? missing : "");
  gtk_widget_set_visible (GTK_WIDGET (self->missing_label), missing != NULL);
  gtk_widget_set_tooltip_text (self->create_button,
                               missing ? missing : _("Create the assessment and start answering (Ctrl+Enter)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->create_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  missing ? missing : "",
                                  -1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.create", ready);
}

static void
on_changed_cb (PbNewCaseDialog *self)
{
  update_questionnaire_subtitle (self);
  update_state (self);
}

static void
on_family_changed_cb (PbNewCaseDialog *self)
{
  suggest_questionnaire (self);
  update_state (self);
}

static void
show_error (PbNewCaseDialog *self,
            const GError    *error)
{
  AdwToast *toast = adw_toast_new (error->message);

  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PbNewCaseDialog *self = PB_NEW_CASE_DIALOG (widget);
  g_autoptr(PbCustomer) found_customer = NULL;
  g_autoptr(PbProduct) found_product = NULL;
  g_autoptr(PbCustomer) customer = NULL;
  g_autoptr(PbProduct) product = NULL;
  g_autofree char *customer_name = NULL;
  g_autofree char *product_name = NULL;
  g_autofree char *version = NULL;
  g_auto(GStrv) aliases = NULL;
  g_auto(GStrv) capabilities = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = NULL;
  PbQuestionnaire *questionnaire;
  guint selected;

  questionnaire = g_ptr_array_index (self->questionnaires,
                                     adw_combo_row_get_selected (self->questionnaire_row));
  /* Refused before the customer and product are recorded, not after:
   * they would stay behind without a case. */
  if (!pb_case_store_check_new_case (self->store, questionnaire, &error))
    {
      show_error (self, error);
      return;
    }

  /* A customer or product the dialog names that is not recorded yet is
   * recorded with the case, in one transaction: a case refused, or a
   * connection lost on the way, leaves neither behind. */
  selected = adw_combo_row_get_selected (self->customer_row);
  if (selected > 0 && selected != GTK_INVALID_LIST_POSITION)
    found_customer = g_list_model_get_item (self->customers, selected - 1);
  else
    {
      customer_name = dup_text (self->customer_name_row);
      aliases = split_list (self->customer_aliases_row);
      found_customer = pb_case_store_find_customer (self->store, customer_name, &error);
    }
  if (error == NULL)
    {
      selected = adw_combo_row_get_selected (self->product_row);
      if (selected > 0 && selected != GTK_INVALID_LIST_POSITION)
        found_product = g_list_model_get_item (self->products, selected - 1);
      else
        {
          product_name = dup_text (self->product_name_row);
          version = dup_text (self->product_version_row);
          capabilities = split_list (self->capabilities_row);
          found_product = pb_case_store_find_product (self->store, product_name, &error);
        }
    }
  if (error != NULL)
    {
      show_error (self, error);
      return;
    }

  {
    guint type = adw_combo_row_get_selected (self->entity_type_row);
    guint n_types;
    const PbCaseFactCode *types = pb_case_facts_get_entity_types (&n_types);
    PbNewCustomer new_customer = {
      .uid = found_customer != NULL ? pb_customer_get_uid (found_customer) : NULL,
      .name = customer_name,
      .aliases = (const char * const *) aliases,
      .country = pb_country_chooser_get_code (self->customer_country),
      .entity_type = type < n_types ? types[type].code : NULL,
    };
    PbNewProduct new_product = {
      .uid = found_product != NULL ? pb_product_get_uid (found_product) : NULL,
      .name = product_name,
      .version = version != NULL && version[0] ? version : NULL,
      .family = selected_family (self),
      .capabilities = (const char * const *) capabilities,
    };

    case_id = pb_case_store_create_case_for (self->store, &new_customer, &new_product, questionnaire,
                                             &customer, &product, &error);
  }
  if (case_id == NULL)
    {
      show_error (self, error);
      return;
    }

  /* What the dialog took is not asked again in the wizard. */
  if (!pb_workflow_carry_case_facts (self->store, case_id, questionnaire, customer, product, &error))
    g_warning ("%s: %s", case_id, error->message);
  g_signal_emit (self, signals[CASE_CREATED], 0, case_id);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Ctrl+Enter: creates when it can, else takes the keyboard to the field
 * that is missing, which a disabled button cannot do. */
static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PbNewCaseDialog *self = PB_NEW_CASE_DIALOG (widget);
  g_autofree char *customer_name = dup_text (self->customer_name_row);
  g_autofree char *product_name = dup_text (self->product_name_row);

  if (gtk_widget_get_sensitive (self->create_button))
    gtk_widget_activate_action (widget, "dialog.create", NULL);
  else if (gtk_widget_get_visible (GTK_WIDGET (self->customer_name_row)) && customer_name[0] == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->customer_name_row));
  else if (gtk_widget_get_visible (GTK_WIDGET (self->product_name_row)) && product_name[0] == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->product_name_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->questionnaire_row));
}

static void
load_models (PbNewCaseDialog *self)
{
  g_autoptr(GtkStringList) customer_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) product_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) families = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) types = gtk_string_list_new (NULL);
  const PbCaseFactCode *entity_types;
  guint n_types;
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) codes = NULL;
  g_autoptr(GError) error = NULL;

  self->questionnaires = pb_data_list_questionnaires (&error);
  if (self->questionnaires == NULL)
    {
      show_error (self, error);
      g_clear_error (&error);
    }

  self->customers = pb_case_store_list_customers (self->store, &error);
  if (self->customers == NULL)
    {
      show_error (self, error);
      g_clear_error (&error);
    }
  self->products = pb_case_store_list_products (self->store, &error);
  if (self->products == NULL)
    {
      show_error (self, error);
      g_clear_error (&error);
    }

  gtk_string_list_append (customer_names, _("New customer"));
  for (guint i = 0; self->customers && i < g_list_model_get_n_items (self->customers); i++)
    {
      g_autoptr(PbCustomer) customer = g_list_model_get_item (self->customers, i);
      gtk_string_list_append (customer_names, pb_customer_get_name (customer));
    }

  gtk_string_list_append (product_names, _("New product"));
  for (guint i = 0; self->products && i < g_list_model_get_n_items (self->products); i++)
    {
      g_autoptr(PbProduct) product = g_list_model_get_item (self->products, i);
      const char *version = pb_product_get_version (product);
      g_autofree char *label = version && version[0]
        ? g_strdup_printf ("%s %s", pb_product_get_name (product), version)
        : g_strdup (pb_product_get_name (product));
      gtk_string_list_append (product_names, label);
    }

  codes = family_codes (self);
  for (guint i = 0; i < codes->len; i++)
    gtk_string_list_append (families, family_label (g_ptr_array_index (codes, i)));

  entity_types = pb_case_facts_get_entity_types (&n_types);
  for (guint i = 0; i < n_types; i++)
    gtk_string_list_append (types, _(entity_types[i].label));

  for (guint i = 0; self->questionnaires && i < self->questionnaires->len; i++)
    {
      PbQuestionnaire *q = g_ptr_array_index (self->questionnaires, i);
      /* Translators: a questionnaire's title and version */
      g_autofree char *title = g_strdup_printf (_("%s (version %s)"),
                                                pb_questionnaire_get_title (q),
                                                pb_questionnaire_get_version (q));
      gtk_string_list_append (titles, title);
    }

  adw_combo_row_set_model (self->customer_row, G_LIST_MODEL (customer_names));
  adw_combo_row_set_model (self->product_row, G_LIST_MODEL (product_names));
  adw_combo_row_set_model (self->family_row, G_LIST_MODEL (families));
  adw_combo_row_set_model (self->entity_type_row, G_LIST_MODEL (types));
  adw_combo_row_set_model (self->questionnaire_row, G_LIST_MODEL (titles));
  adw_combo_row_set_selected (self->entity_type_row, n_types - 1);

  /* With nothing to choose from, the choice rows only add a step. */
  gtk_widget_set_visible (GTK_WIDGET (self->customer_row),
                          self->customers && g_list_model_get_n_items (self->customers) > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->product_row),
                          self->products && g_list_model_get_n_items (self->products) > 0);

  suggest_questionnaire (self);
  update_state (self);
}

/* Focus the first field once shown: focusing it earlier confuses GTK 4.8's
 * AT-SPI bridge about what the window is. */
static void
pb_new_case_dialog_map (GtkWidget *widget)
{
  PbNewCaseDialog *self = PB_NEW_CASE_DIALOG (widget);

  GTK_WIDGET_CLASS (pb_new_case_dialog_parent_class)->map (widget);

  gtk_widget_grab_focus (gtk_widget_get_visible (GTK_WIDGET (self->customer_row))
                         ? GTK_WIDGET (self->customer_row)
                         : GTK_WIDGET (self->customer_name_row));
}

static void
pb_new_case_dialog_dispose (GObject *object)
{
  PbNewCaseDialog *self = PB_NEW_CASE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PB_TYPE_NEW_CASE_DIALOG);
  g_clear_object (&self->store);
  g_clear_object (&self->customers);
  g_clear_object (&self->products);
  g_clear_pointer (&self->questionnaires, g_ptr_array_unref);

  G_OBJECT_CLASS (pb_new_case_dialog_parent_class)->dispose (object);
}

static void
pb_new_case_dialog_class_init (PbNewCaseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pb_new_case_dialog_dispose;
  widget_class->map = pb_new_case_dialog_map;

  signals[CASE_CREATED] =
    g_signal_new ("case-created",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (PB_TYPE_COUNTRY_CHOOSER);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_DIALOG);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/probity/Probity/ui/pb-new-case-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PbNewCaseDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PbNewCaseDialog, customer_row);
  gtk_widget_class_bind_template_child (widget_class, PbNewCaseDialog, customer_name_row);
  gtk_widget_class_bind_template_child (widget_class, PbNewCaseDialog, customer_aliases_row);
  gtk_widget_class_bind_template_child (widget_class, PbNewCaseDialog, customer_country_row);
  gtk_widget_class_bind_template_child (widget_class, PbNewCaseDialog, customer_country);
  gtk_widget_class_bind_template_child (widget_class, PbNewCaseDialog, entity_type_row);
  gtk_widget_class_bind_template_child (widget_class, PbNewCaseDialog, product_row);
  gtk_widget_class_bind_template_child (widget_class, PbNewCaseDialog, product_name_row);
  gtk_widget_class_bind_template_child (widget_class, PbNewCaseDialog, product_version_row);
  gtk_widget_class_bind_template_child (widget_class, PbNewCaseDialog, family_row);
  gtk_widget_class_bind_template_child (widget_class, PbNewCaseDialog, capabilities_row);
  gtk_widget_class_bind_template_child (widget_class, PbNewCaseDialog, questionnaire_row);
  gtk_widget_class_bind_template_child (widget_class, PbNewCaseDialog, missing_label);
  gtk_widget_class_bind_template_child (widget_class, PbNewCaseDialog, create_button);
  gtk_widget_class_bind_template_callback (widget_class, on_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_family_changed_cb);

  gtk_widget_class_install_action (widget_class, "dialog.create", NULL, create_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_install_action (widget_class, "dialog.submit", NULL, submit_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "dialog.submit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "dialog.submit", NULL);
}

static void
pb_new_case_dialog_init (PbNewCaseDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  pb_country_chooser_set_accessible_label (self->customer_country, _("Customer Country"));
}

PbNewCaseDialog *
pb_new_case_dialog_new (GtkWindow   *parent,
                        PbCaseStore *store)
{
  PbNewCaseDialog *self;

  g_return_val_if_fail (PB_IS_CASE_STORE (store), NULL);

  self = g_object_new (PB_TYPE_NEW_CASE_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);
  load_models (self);

  return self;
}
