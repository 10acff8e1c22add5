/* pb-gui-utils.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-gui-utils"

#include "config.h"

#include <errno.h>
#include <string.h>


#include "pb-application.h"
#include "pb-countries.h"
#include "pb-gui-utils.h"
#include "pb-i18n.h"

/* The reference list, and its indices sorted by country name. */
static PbCountries *countries;
static GArray *by_name;

const char *
pb_outcome_get_icon_name (PbOutcome outcome)
{
  switch (outcome)
    {
    case PB_OUTCOME_PROCEED:
      return "emblem-ok-symbolic";
    case PB_OUTCOME_PROCEED_WITH_CONDITIONS:
      return "dialog-information-symbolic";
    case PB_OUTCOME_CONSULT_AUTHORITY:
      return "dialog-warning-symbolic";
    case PB_OUTCOME_HOLD:
      return "media-playback-pause-symbolic";
    case PB_OUTCOME_INCOMPLETE:
      return "content-loading-symbolic";
    case PB_OUTCOME_DO_NOT_PROCEED:
      return "process-stop-symbolic";
    default:
      return "dialog-question-symbolic";
    }
}

const char *
pb_outcome_get_css_class (PbOutcome outcome)
{
  switch (outcome)
    {
    case PB_OUTCOME_PROCEED:
      return "outcome-proceed";
    case PB_OUTCOME_PROCEED_WITH_CONDITIONS:
      return "outcome-proceed-with-conditions";
    case PB_OUTCOME_CONSULT_AUTHORITY:
      return "outcome-consult-authority";
    case PB_OUTCOME_HOLD:
      return "outcome-hold";
    case PB_OUTCOME_DO_NOT_PROCEED:
      return "outcome-do-not-proceed";
    case PB_OUTCOME_INCOMPLETE:
    default:
      return "dim-label";
    }
}

const char *
pb_severity_get_icon_name (PbSeverity severity)
{
  switch (severity)
    {
    case PB_SEVERITY_CRITICAL:
      return "process-stop-symbolic";
    case PB_SEVERITY_HIGH:
      return "dialog-error-symbolic";
    case PB_SEVERITY_MEDIUM:
      return "dialog-warning-symbolic";
    case PB_SEVERITY_LOW:
      return "dialog-information-symbolic";
    case PB_SEVERITY_NONE:
    default:
      return "emblem-ok-symbolic";
    }
}

const char *
pb_severity_get_css_class (PbSeverity severity)
{
  switch (severity)
    {
    case PB_SEVERITY_CRITICAL:
      return "severity-critical";
    case PB_SEVERITY_HIGH:
      return "severity-high";
    case PB_SEVERITY_MEDIUM:
      return "severity-medium";
    case PB_SEVERITY_LOW:
    case PB_SEVERITY_NONE:
    default:
      return "severity-low";
    }
}

char *
pb_format_timestamp (const char *iso8601)
{
  return pb_i18n_format_timestamp (iso8601);
}

static int
compare_by_name (gconstpointer a,
                 gconstpointer b)
{
  PbCountry *ca = pb_countries_get_country (countries, *(const guint *) a);
  PbCountry *cb = pb_countries_get_country (countries, *(const guint *) b);

  return g_utf8_collate (pb_country_get_name (ca), pb_country_get_name (cb));
}

static void
ensure_countries (void)
{
  g_autoptr(GError) error = NULL;

  if (by_name != NULL)
    return;

  by_name = g_array_new (FALSE, FALSE, sizeof (guint));
  countries = pb_countries_load_default (&error);
  if (countries == NULL)
    {
      g_warning ("Cannot read the country reference data: %s", error->message);
      return;
    }

  for (guint i = 0; i < pb_countries_get_n_countries (countries); i++)
    g_array_append_val (by_name, i);
  g_array_sort (by_name, compare_by_name);
}

static PbCountry *
country_at (guint index)
{
  return pb_countries_get_country (countries, g_array_index (by_name, guint, index));
}

guint
pb_country_list_get_n (void)
{
  ensure_countries ();
  return by_name->len;
}

const char *
pb_country_list_get_code (guint index)
{
  ensure_countries ();
  g_return_val_if_fail (index < by_name->len, NULL);
  return pb_country_get_code (country_at (index));
}

const char *
pb_country_list_get_name (guint index)
{
  ensure_countries ();
  g_return_val_if_fail (index < by_name->len, NULL);
  return pb_country_get_name (country_at (index));
}

PbCountries *
pb_country_list_get_countries (void)
{
  ensure_countries ();

  return countries;
}

guint
pb_country_list_find (const char *code)
{
  ensure_countries ();

  if (code == NULL)
    return G_MAXUINT;

  for (guint i = 0; i < by_name->len; i++)
    if (g_str_equal (pb_country_get_code (country_at (i)), code))
      return i;

  return G_MAXUINT;
}

const char *
pb_country_list_lookup_name (const char *code)
{
  PbCountry *country;

  if (code == NULL)
    return "";

  ensure_countries ();
  if (countries == NULL || (country = pb_countries_lookup (countries, code)) == NULL)
    return code;

  return pb_country_get_name (country);
}

void
pb_menu_button_set_accessible_label (GtkMenuButton *button,
                                     const char    *label)
{
  g_return_if_fail (GTK_IS_MENU_BUTTON (button));
  g_return_if_fail (label != NULL);

  /* The inner toggle button is labelled by the menu button: a label of its
   * own would be read twice. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static GtkWidget *
find_descendant (GtkWidget *root,
                 GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = G_TYPE_CHECK_INSTANCE_TYPE (child, type) ? child : find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* A drop-down filters its list on the search entry's ::search-changed,
 * which GtkSearchEntry sends a moment (150 ms, more on a loaded machine)
 * after the typing: Return typed at once would take a row of the list not
 * yet filtered. Filters @shown by what was typed now; TRUE if it was not. */
static gboolean
filter_as_typed (GtkDropDown *drop_down,
                 GListModel  *shown)
{
  GtkWidget *search = g_object_get_data (G_OBJECT (drop_down), "pb-search");
  GListModel *filtered;
  GtkFilter *filter;
  const char *text;

  if (search == NULL || !GTK_IS_SINGLE_SELECTION (shown))
    return FALSE;
  filtered = gtk_single_selection_get_model (GTK_SINGLE_SELECTION (shown));
  filter = GTK_IS_FILTER_LIST_MODEL (filtered) ? gtk_filter_list_model_get_filter (GTK_FILTER_LIST_MODEL (filtered)) : NULL;
  if (!GTK_IS_STRING_FILTER (filter))
    return FALSE;

  text = gtk_editable_get_text (GTK_EDITABLE (search));
  if (g_strcmp0 (gtk_string_filter_get_search (GTK_STRING_FILTER (filter)) ?: "", text) == 0)
    return FALSE;
  gtk_string_filter_set_search (GTK_STRING_FILTER (filter), text);

  return TRUE;
}

/* Return in a drop-down's search: GTK 4.8 highlights the first match but
 * chooses nothing, so the keyboard user is left with an empty answer.
 * With nothing typed, Return keeps what was chosen: the first item of the
 * whole list is no match of anything, and took the place of a country
 * given before. */
static void
drop_down_search_activate_cb (GtkDropDown *drop_down)
{
  GtkWidget *popover = find_descendant (GTK_WIDGET (drop_down), GTK_TYPE_POPOVER);
  GtkWidget *list = popover ? find_descendant (popover, GTK_TYPE_LIST_VIEW) : NULL;
  GtkWidget *search = g_object_get_data (G_OBJECT (drop_down), "pb-search");
  GListModel *shown = list ? G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list))) : NULL;
  GListModel *model = gtk_drop_down_get_model (drop_down);
  g_autoptr(GObject) first = NULL;

  if (search != NULL && gtk_editable_get_text (GTK_EDITABLE (search))[0] == '\0' &&
      gtk_drop_down_get_selected (drop_down) != GTK_INVALID_LIST_POSITION)
    {
      if (popover != NULL)
        gtk_popover_popdown (GTK_POPOVER (popover));
      return;
    }

  filter_as_typed (drop_down, shown);
  if (shown != NULL && g_list_model_get_n_items (shown) > 0)
    first = g_list_model_get_item (shown, 0);

  if (first == NULL || model == NULL)
    return;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (item == first)
        {
          gtk_drop_down_set_selected (drop_down, i);
          gtk_popover_popdown (GTK_POPOVER (popover));
          return;
        }
    }
}

/* The button a drop-down takes the focus with is labelled by the drop-down,
 * as a menu button's is by GTK itself: it reads the drop-down's name. */
static void
label_drop_down_button (GtkDropDown *drop_down)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (drop_down)); child; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      gtk_accessible_update_relation (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_RELATION_LABELLED_BY, drop_down, NULL, -1);
}

void
pb_drop_down_set_accessible_label (GtkDropDown *drop_down,
                                   const char  *label)
{
  g_return_if_fail (GTK_IS_DROP_DOWN (drop_down));
  g_return_if_fail (label != NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  label_drop_down_button (drop_down);
}

/* Return on a row of the drop-down's list, when nothing was chosen yet:
 * Down from the search focuses the first row without selecting it, and
 * GTK 4.8 then chooses what the list has selected: nothing. The emission
 * hook runs before GTK's handler, while the list still shows what the
 * person saw, and keeps the row's item; row_activated_cb, connected after
 * GTK's handler, chooses it. */
static gboolean
list_activate_hook (GSignalInvocationHint *hint,
                    guint                  n_params,
                    const GValue          *params,
                    gpointer               user_data)
{
  GObject *list = g_value_get_object (&params[0]);
  GtkDropDown *drop_down = list != NULL ? g_object_get_data (list, "pb-drop-down") : NULL;
  GListModel *shown;

  if (drop_down != NULL && n_params > 1 &&
      (shown = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)))) != NULL)
    {
      /* Typed, then Return at once: the first match of what was typed. */
      guint position = filter_as_typed (drop_down, shown) ? 0 : g_value_get_uint (&params[1]);

      g_object_set_data_full (G_OBJECT (drop_down), "pb-activated-item",
                              g_list_model_get_item (shown, position), g_object_unref);
    }

  return TRUE;
}

static void
row_activated_cb (GtkDropDown *drop_down)
{
  g_autoptr(GObject) chosen = g_object_steal_data (G_OBJECT (drop_down), "pb-activated-item");
  GListModel *model = gtk_drop_down_get_model (drop_down);

  for (guint i = 0; chosen != NULL && model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (item == chosen)
        {
          if (gtk_drop_down_get_selected (drop_down) != i)
            gtk_drop_down_set_selected (drop_down, i);
          return;
        }
    }
}

void
pb_drop_down_choose_on_return (GtkDropDown *drop_down)
{
  static gsize hooked = 0;
  GtkWidget *popover;
  GtkWidget *search;
  GtkWidget *list;

  g_return_if_fail (GTK_IS_DROP_DOWN (drop_down));

  popover = find_descendant (GTK_WIDGET (drop_down), GTK_TYPE_POPOVER);
  search = popover ? find_descendant (popover, GTK_TYPE_SEARCH_ENTRY) : NULL;
  if (search != NULL)
    {
      g_object_set_data (G_OBJECT (drop_down), "pb-search", search);
      g_signal_connect_object (search, "activate", G_CALLBACK (drop_down_search_activate_cb), drop_down, G_CONNECT_SWAPPED);
    }

  list = popover ? find_descendant (popover, GTK_TYPE_LIST_VIEW) : NULL;
  if (list != NULL)
    {
      if (g_once_init_enter (&hooked))
        g_once_init_leave (&hooked, g_signal_add_emission_hook (g_signal_lookup ("activate", GTK_TYPE_LIST_VIEW), 0,
                                                                list_activate_hook, NULL, NULL));
      g_object_set_data (G_OBJECT (list), "pb-drop-down", drop_down);
      g_signal_connect_object (list, "activate", G_CALLBACK (row_activated_cb), drop_down, G_CONNECT_SWAPPED);
    }
}

/* "_Save" without its mnemonic mark. */
static char *
strip_mnemonic (const char *text)
{
  GString *plain = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    {
      if (*p == '_')
        {
          if (p[1] != '_')
            continue;
          p++;
        }
      g_string_append_c (plain, *p);
    }

  return g_string_free (plain, FALSE);
}

/* An open drop-down's list as GTK 4.8 and libadwaita 1.2 build it, a label
 * and a check mark on the chosen item, but named: AT-SPI read the list as
 * "GtkListView" and its items as nothing, since GTK 4.8 names a widget by
 * its label property or what labels it, never by what it shows. */
static char *
chooser_item_text (GtkWidget *chooser,
                   gpointer   item)
{
  GtkExpression *expression = GTK_IS_DROP_DOWN (chooser)
    ? gtk_drop_down_get_expression (GTK_DROP_DOWN (chooser))
    : adw_combo_row_get_expression (ADW_COMBO_ROW (chooser));
  g_auto(GValue) value = G_VALUE_INIT;

  if (expression != NULL && gtk_expression_evaluate (expression, item, &value) &&
      G_VALUE_HOLDS_STRING (&value))
    return g_value_dup_string (&value);
  if (GTK_IS_STRING_OBJECT (item))
    return g_strdup (gtk_string_object_get_string (GTK_STRING_OBJECT (item)));

  return g_strdup ("");
}

static void
popup_item_selected_cb (GtkListItem *list_item,
                        GParamSpec  *pspec,
                        GtkWidget   *chooser)
{
  GtkWidget *mark = gtk_widget_get_last_child (gtk_list_item_get_child (list_item));
  gpointer selected = GTK_IS_DROP_DOWN (chooser)
    ? gtk_drop_down_get_selected_item (GTK_DROP_DOWN (chooser))
    : adw_combo_row_get_selected_item (ADW_COMBO_ROW (chooser));

  gtk_widget_set_opacity (mark, selected != NULL && selected == gtk_list_item_get_item (list_item) ? 1.0 : 0.0);
}

static void
popup_item_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     GtkWidget                *chooser)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *mark = g_object_new (GTK_TYPE_IMAGE,
                                  "icon-name", "object-select-symbolic",
                                  "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                  NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  /* libadwaita 1.2 cuts a combo row's items at 20 characters: "Private
   * company, criti…" and "Private company, com…", two customers of one
   * name but their branch. The list wraps them whole. */
  if (ADW_IS_COMBO_ROW (chooser))
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
    }
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), mark);
  gtk_list_item_set_child (list_item, box);
  g_object_set_data (G_OBJECT (box), "pb-list-item", list_item);
}

static void
popup_item_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    GtkWidget                *chooser)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  g_autofree char *text = chooser_item_text (chooser, gtk_list_item_get_item (list_item));

  gtk_label_set_label (GTK_LABEL (gtk_widget_get_first_child (box)), text);
  /* What AT-SPI reads is the list's own widget for the item, around ours. */
  if (gtk_widget_get_parent (box) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (box)),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  g_signal_connect_object (chooser, "notify::selected-item", G_CALLBACK (popup_item_selected_cb), list_item,
                           G_CONNECT_SWAPPED);
  popup_item_selected_cb (list_item, NULL, chooser);
}

static void
popup_item_unbind_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item,
                      GtkWidget                *chooser)
{
  g_signal_handlers_disconnect_by_func (chooser, popup_item_selected_cb, list_item);
}

static void
combo_row_title_cb (AdwComboRow *row,
                    GParamSpec  *pspec,
                    GtkWidget   *list)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), -1);
}

/* A combo row shows the chosen item in a list item of its own, which
 * AT-SPI read as a nameless item: it reads as what it shows. */
static GtkWidget *
find_list_item_outside_popover (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_POPOVER (child))
        continue;
      if (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (child)) == GTK_ACCESSIBLE_ROLE_LIST_ITEM)
        return child;
      if ((found = find_list_item_outside_popover (child)) != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_list_view_outside_popover (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_POPOVER (child))
        continue;
      if (GTK_IS_LIST_VIEW (child))
        return child;
      if ((found = find_list_view_outside_popover (child)) != NULL)
        return found;
    }

  return NULL;
}

static void
name_shown_item (AdwComboRow *row)
{
  GtkWidget *current = find_list_item_outside_popover (GTK_WIDGET (row));
  gpointer item = adw_combo_row_get_selected_item (row);
  g_autofree char *text = item != NULL ? chooser_item_text (GTK_WIDGET (row), item) : NULL;

  if (current != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (current), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    text != NULL && text[0] != '\0' ? text
                                    : adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), -1);
}

static gboolean
name_shown_item_idle_cb (gpointer user_data)
{
  name_shown_item (ADW_COMBO_ROW (user_data));

  return G_SOURCE_REMOVE;
}

/* The shown item may be a new widget once the list has caught up. */
static void
combo_row_selected_cb (AdwComboRow *row)
{
  name_shown_item (row);
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, name_shown_item_idle_cb, g_object_ref (row), g_object_unref);
}

static gpointer
chooser_selected_item (GtkWidget *chooser)
{
  return GTK_IS_DROP_DOWN (chooser) ? gtk_drop_down_get_selected_item (GTK_DROP_DOWN (chooser))
                                    : adw_combo_row_get_selected_item (ADW_COMBO_ROW (chooser));
}

static gboolean
focus_chosen_row_cb (gpointer user_data)
{
  GtkWidget *list = user_data;
  GtkWidget *chooser = g_object_get_data (G_OBJECT (list), "pb-chooser");
  gpointer chosen = chooser != NULL ? chooser_selected_item (chooser) : NULL;

  if (chosen == NULL || !gtk_widget_get_mapped (list))
    return G_SOURCE_REMOVE;

  for (GtkWidget *row = gtk_widget_get_first_child (list); row; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *box = gtk_widget_get_first_child (row);
      GtkListItem *item = box != NULL ? g_object_get_data (G_OBJECT (box), "pb-list-item") : NULL;

      if (item != NULL && gtk_list_item_get_item (item) == chosen)
        {
          gtk_widget_grab_focus (row);
          break;
        }
    }

  return G_SOURCE_REMOVE;
}

/* GTK 4.8 opens a drop-down's or a combo row's list at its top with the
 * keyboard on the first row, the chosen item out of sight further down:
 * Return there took the first row ("Afghanistan" for "France", through
 * pb_drop_down_choose_on_return ()'s hook) or kept the chosen one unseen,
 * depending on the widget. The list opens on the chosen item, scrolled to
 * it and with the keyboard there, as later GTK does; an empty drop-down
 * opens on its first row. After GTK's own map handler, which gives the
 * focus to the first row or the search; the rows exist once the list is
 * laid out, hence the idle. */
static void
popover_map_cb (GtkWidget *list)
{
  GtkWidget *chooser = g_object_get_data (G_OBJECT (list), "pb-chooser");
  GListModel *shown = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
  gpointer chosen = chooser != NULL ? chooser_selected_item (chooser) : NULL;

  if (chosen == NULL || shown == NULL)
    return;

  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (shown, i);

      if (item == chosen)
        {
          gtk_widget_activate_action (list, "list.scroll-to-item", "u", i);
          g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, focus_chosen_row_cb, g_object_ref (list), g_object_unref);
          return;
        }
    }
}

/* @chooser is a GtkDropDown or an AdwComboRow. */
static void
name_popup_list (GtkWidget *chooser)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkWidget *popover = find_descendant (chooser, GTK_TYPE_POPOVER);
  GtkWidget *list = popover != NULL ? find_descendant (popover, GTK_TYPE_LIST_VIEW) : NULL;

  if (list == NULL || g_object_get_data (G_OBJECT (chooser), "pb-popup-named") != NULL)
    return;
  g_object_set_data (G_OBJECT (chooser), "pb-popup-named", GINT_TO_POINTER (TRUE));

  g_object_set_data (G_OBJECT (list), "pb-chooser", chooser);
  g_signal_connect_object (popover, "map", G_CALLBACK (popover_map_cb), list, G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  /* The list reads as the drop-down it belongs to. */
  if (GTK_IS_DROP_DOWN (chooser))
    gtk_accessible_update_relation (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_RELATION_LABELLED_BY, chooser, NULL, -1);
  else
    {

      g_signal_connect_object (chooser, "notify::title", G_CALLBACK (combo_row_title_cb), list, 0);
      combo_row_title_cb (ADW_COMBO_ROW (chooser), NULL, list);
      GtkWidget *shown = find_list_view_outside_popover (chooser);

      /* The chosen item is shown in a list of its own, read as the row too. */
      if (shown != NULL)
        {
          g_signal_connect_object (chooser, "notify::title", G_CALLBACK (combo_row_title_cb), shown, 0);
          combo_row_title_cb (ADW_COMBO_ROW (chooser), NULL, shown);
        }
      g_signal_connect (chooser, "notify::selected-item", G_CALLBACK (combo_row_selected_cb), NULL);
      name_shown_item (ADW_COMBO_ROW (chooser));
    }

  /* A list factory of our own, not GTK's default, is left alone. */
  if (GTK_IS_DROP_DOWN (chooser) ? gtk_drop_down_get_list_factory (GTK_DROP_DOWN (chooser)) != NULL
                                 : adw_combo_row_get_list_factory (ADW_COMBO_ROW (chooser)) != NULL)
    return;

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (popup_item_setup_cb), chooser);
  g_signal_connect (factory, "bind", G_CALLBACK (popup_item_bind_cb), chooser);
  g_signal_connect (factory, "unbind", G_CALLBACK (popup_item_unbind_cb), chooser);
  if (GTK_IS_DROP_DOWN (chooser))
    gtk_drop_down_set_list_factory (GTK_DROP_DOWN (chooser), factory);
  else
    adw_combo_row_set_list_factory (ADW_COMBO_ROW (chooser), factory);
}

static void fix_accessible_name (GtkWidget *widget);

/* GTK's own dialogs: the file chooser of Export and Open, the print dialog
 * of Print Summary. ----------------------------------------------------- */

/* The first label under @root that shows any text, or NULL. */
static GtkLabel *
first_shown_label (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = GTK_IS_LABEL (child) && gtk_label_get_text (GTK_LABEL (child))[0] != '\0'
                        ? GTK_LABEL (child) : first_shown_label (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
is_in_gtk_dialog (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  /* GtkPrintUnixDialog is declared by a header of its own (gtk4-unix-print). */
  return gtk_widget_get_ancestor (widget, GTK_TYPE_FILE_CHOOSER_WIDGET) != NULL ||
         (root != NULL && g_str_equal (G_OBJECT_TYPE_NAME (root), "GtkPrintUnixDialog"));
}

static void
name_by_label_cb (GtkLabel   *label,
                  GParamSpec *pspec,
                  GtkWidget  *widget)
{
  if (gtk_label_get_text (label)[0] != '\0')
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    gtk_label_get_text (label), -1);
}

/* @widget reads as the first label it shows, now and as that label
 * changes (a list's item widgets are bound again to other items). */
static void
name_by_shown_label (GtkWidget *widget)
{
  GtkLabel *label = first_shown_label (widget);

  if (label == NULL)
    return;
  name_by_label_cb (label, NULL, widget);
  if (g_object_get_data (G_OBJECT (widget), "pb-named-by-label") == NULL)
    {
      g_object_set_data (G_OBJECT (widget), "pb-named-by-label", label);
      g_signal_connect_object (label, "notify::label", G_CALLBACK (name_by_label_cb), widget, 0);
    }
}

/* The path bar makes its buttons as the folder changes, and shows only
 * those that fit: one scrolled out of sight is never mapped, yet AT-SPI
 * lists it. Each is named as it is added. */
static void
path_bar_children_changed_cb (GListModel *children,
                              guint       position,
                              guint       removed,
                              guint       added)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GtkWidget) child = g_list_model_get_item (children, i);

      fix_accessible_name (child);
    }
}

static void
watch_path_bar (GtkWidget *path_bar)
{
  GListModel *children;

  if (g_object_get_data (G_OBJECT (path_bar), "pb-children") != NULL)
    return;
  children = gtk_widget_observe_children (path_bar);
  g_object_set_data_full (G_OBJECT (path_bar), "pb-children", children, g_object_unref);
  g_signal_connect (children, "items-changed", G_CALLBACK (path_bar_children_changed_cb), NULL);
  path_bar_children_changed_cb (children, 0, 0, g_list_model_get_n_items (children));
}

/* GTK 4.8 names a widget by its label property or what labels it, never
 * by what it shows or says in its tooltip; its file chooser and print
 * dialog leave most of their controls so, and AT-SPI read "GtkImage",
 * "GtkMenuButton", nameless rows and lists. */
static void
fix_gtk_dialog_name (GtkWidget *child)
{
  GtkWidget *parent = gtk_widget_get_parent (child);
  GtkWidget *previous = gtk_widget_get_prev_sibling (child);
  const char *tooltip = gtk_widget_get_tooltip_text (child);
  GtkAccessibleRole role = gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (child));

  if (g_str_equal (G_OBJECT_TYPE_NAME (child), "GtkPathBar"))
    watch_path_bar (child);
  /* The places on the side and under Other Locations. */
  else if (GTK_IS_LIST_BOX_ROW (child) || role == GTK_ACCESSIBLE_ROLE_LIST_ITEM)
    name_by_shown_label (child);
  /* The path bar's arrows and the root of the path, shown as an icon. */
  else if (GTK_IS_BUTTON (child) && GTK_IS_IMAGE (gtk_button_get_child (GTK_BUTTON (child))) &&
           g_str_equal (G_OBJECT_TYPE_NAME (parent), "GtkPathBar"))
    {
      const char *icon = gtk_image_get_icon_name (GTK_IMAGE (gtk_button_get_child (GTK_BUTTON (child))));
      const char *name = GTK_IS_TOGGLE_BUTTON (child) ? _("File System Root")
                         : g_strcmp0 (icon, "pan-start-symbolic") == 0 ? _("Show Parent Folders")
                         : _("Show Subfolders");

      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
    }
  /* An icon that says what it does only in its tooltip ("Create Folder",
   * the choice of file types). */
  else if ((GTK_IS_MENU_BUTTON (child) || GTK_IS_DROP_DOWN (child) ||
            (GTK_IS_BUTTON (child) && GTK_IS_IMAGE (gtk_button_get_child (GTK_BUTTON (child))))) && tooltip != NULL)
    {
      g_autofree char *first_line = g_strndup (tooltip, strcspn (tooltip, "\n"));

      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, first_line, -1);
    }
  /* The recent servers beside the address of Other Locations. */
  else if (GTK_IS_MENU_BUTTON (child) && GTK_IS_ENTRY (previous))
    gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Recent Servers"), -1);
  else if (GTK_IS_SEARCH_ENTRY (child))
    gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search"), -1);
  /* A printer's option: its label names the option widget around it. */
  else if ((GTK_IS_DROP_DOWN (child) || GTK_IS_ENTRY (child)) &&
           g_str_equal (G_OBJECT_TYPE_NAME (parent), "GtkPrinterOptionWidget"))
    {
      GList *labels = gtk_widget_list_mnemonic_labels (parent);
      GtkWidget *label = labels != NULL ? labels->data : gtk_widget_get_prev_sibling (parent);

      if (GTK_IS_LABEL (label))
        gtk_accessible_update_relation (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
      g_list_free (labels);
    }
  /* Pages, and print at: the choice the entry belongs to names it. */
  else if (GTK_IS_ENTRY (child) && GTK_IS_CHECK_BUTTON (previous))
    gtk_accessible_update_relation (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_RELATION_LABELLED_BY, previous, NULL, -1);
}

/* GTK 4.8 names the button again from its raw label whenever it changes. */
static void
mnemonic_label_changed_cb (GtkWidget *button)
{
  fix_accessible_name (button);
}

/* Whether a label under @root shows text. */
static gboolean
shows_text (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_visible (child) &&
        ((GTK_IS_LABEL (child) && gtk_label_get_text (GTK_LABEL (child))[0] != '\0') || shows_text (child)))
      return TRUE;

  return FALSE;
}

/* A mark GTK 4.8 or libadwaita 1.2 draw inside a control of theirs, whose
 * state or name the control itself tells (checked, expanded, being
 * edited, the page a switcher's button names): a check or radio button's
 * box, a drop-down's or an expander's arrow (GtkBuiltinIcon: no public
 * type, and a role is given only as a widget is made), what libadwaita
 * draws with gizmos that show nothing (a flap's shield), a row's arrow or
 * pencil, a view switcher button's icon (AdwIndicatorBin, read with the
 * page's badge when it has one), the check mark of a drop-down's choice
 * in its button and the magnifier of the shortcuts window's empty search.
 * AT-SPI read each as a "filler" or an image named by its type. */
static gboolean
is_inner_mark (GtkWidget *widget)
{
  static const struct
  {
    const char *css_class;
    GType     (*inside) (void);
  } images[] = {
    { "edit-icon",          adw_entry_row_get_type },
    { "dropdown-arrow",     adw_combo_row_get_type },
    { "expander-row-arrow", adw_expander_row_get_type },
  };
  const char *type = G_OBJECT_TYPE_NAME (widget);

  if (g_str_equal (type, "GtkBuiltinIcon"))
    return TRUE;
  if (g_str_equal (type, "AdwIndicatorBin"))
    return !shows_text (widget);
  if (g_str_equal (type, "AdwGizmo"))
    {
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
        if (gtk_widget_get_visible (child))
          return FALSE;

      return !gtk_widget_get_focusable (widget) &&
             gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)) == GTK_ACCESSIBLE_ROLE_WIDGET;
    }
  if (!GTK_IS_IMAGE (widget))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (images); i++)
    if (gtk_widget_has_css_class (widget, images[i].css_class) &&
        gtk_widget_get_ancestor (widget, images[i].inside ()) != NULL)
      return TRUE;
  /* GTK's item shows its check mark in the drop-down's button too. */
  if (gtk_widget_get_ancestor (widget, GTK_TYPE_DROP_DOWN) != NULL &&
      gtk_widget_get_ancestor (widget, GTK_TYPE_POPOVER) == NULL)
    return g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (widget)), "object-select-symbolic") == 0;

  return gtk_widget_get_ancestor (widget, GTK_TYPE_SHORTCUTS_WINDOW) != NULL &&
         gtk_widget_get_ancestor (widget, GTK_TYPE_SHORTCUTS_SHORTCUT) == NULL &&
         gtk_widget_get_ancestor (widget, GTK_TYPE_BUTTON) == NULL;
}

static void
fix_accessible_name (GtkWidget *child)
{
  /* Shown again, GTK says it is no longer hidden: this runs at each map.
   * One that came to say something (a switcher's badge) is read again. */
  if (is_inner_mark (child))
    {
      gtk_accessible_update_state (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
      g_object_set_data (G_OBJECT (child), "pb-hidden", GINT_TO_POINTER (TRUE));
      return;
    }
  if (g_object_steal_data (G_OBJECT (child), "pb-hidden") != NULL)
    gtk_accessible_update_state (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_STATE_HIDDEN, FALSE, -1);

  if ((GTK_IS_BUTTON (child) || GTK_IS_CHECK_BUTTON (child)) &&
      g_object_get_data (G_OBJECT (child), "pb-watch-label") == NULL)
    {
      g_object_set_data (G_OBJECT (child), "pb-watch-label", GINT_TO_POINTER (TRUE));
      g_signal_connect (child, "notify::label", G_CALLBACK (mnemonic_label_changed_cb), NULL);
      g_signal_connect (child, "notify::use-underline", G_CALLBACK (mnemonic_label_changed_cb), NULL);
    }

  if (GTK_IS_BUTTON (child) && gtk_button_get_use_underline (GTK_BUTTON (child)) &&
      gtk_button_get_label (GTK_BUTTON (child)) != NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL);
  if (is_in_gtk_dialog (child))
    fix_gtk_dialog_name (child);
  if (ADW_IS_COMBO_ROW (child))
    name_popup_list (child);
  if (GTK_IS_DROP_DOWN (child))
    {
      label_drop_down_button (GTK_DROP_DOWN (child));
      name_popup_list (child);
    }
  /* GTK's own search entries (the shortcuts window's) say what they are
   * only in their placeholder. */
  else if (GTK_IS_SEARCH_ENTRY (child) && g_object_get_data (G_OBJECT (child), "pb-named") == NULL)
    {
      g_autofree char *placeholder = NULL;

      g_object_get (child, "placeholder-text", &placeholder, NULL);
      if (placeholder != NULL && placeholder[0] != '\0')
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, placeholder, -1);
    }
  /* GTK's shortcuts window names neither its search button (an icon:
   * AT-SPI read "GtkImage") nor its sections' menu button
   * ("GtkMenuButton"; its inner toggle is labelled by it). */
  else if (GTK_IS_TOGGLE_BUTTON (child) && GTK_IS_IMAGE (gtk_button_get_child (GTK_BUTTON (child))) &&
           gtk_widget_get_ancestor (child, GTK_TYPE_SHORTCUTS_WINDOW) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search"), -1);
  /* libadwaita's password row: its show-text button says so only in
   * its tooltip. */
  else if (GTK_IS_BUTTON (child) && GTK_IS_IMAGE (gtk_button_get_child (GTK_BUTTON (child))) &&
           gtk_widget_get_tooltip_text (child) != NULL &&
           gtk_widget_get_ancestor (child, ADW_TYPE_PASSWORD_ENTRY_ROW) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    gtk_widget_get_tooltip_text (child), -1);
  /* A list row that only shows a label (the shortcuts window's sections):
   * GTK 4.8 reads a row by its label property alone, or as "". */
  else if (GTK_IS_LIST_BOX_ROW (child) && GTK_IS_LABEL (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (child))))
    gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (child)))),
                                    -1);
  else if (GTK_IS_MENU_BUTTON (child) && gtk_widget_get_ancestor (child, GTK_TYPE_SHORTCUTS_WINDOW) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Sections"), -1);
  else if (GTK_IS_CHECK_BUTTON (child) && gtk_check_button_get_use_underline (GTK_CHECK_BUTTON (child)) &&
           gtk_check_button_get_label (GTK_CHECK_BUTTON (child)) != NULL)
    {
      g_autofree char *plain = strip_mnemonic (gtk_check_button_get_label (GTK_CHECK_BUTTON (child)));

      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, plain, -1);
    }
}

GtkWidget *
pb_decorative_icon_new (const char *icon_name)
{
  g_return_val_if_fail (icon_name != NULL, NULL);

  return g_object_new (GTK_TYPE_IMAGE,
                       "icon-name", icon_name,
                       "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                       NULL);
}

void
pb_widget_fix_accessible_names (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      fix_accessible_name (child);
      pb_widget_fix_accessible_names (child);
      /* A closed expander keeps its child out of the widget tree. */
      if (GTK_IS_EXPANDER (child) && gtk_expander_get_child (GTK_EXPANDER (child)) != NULL &&
          gtk_widget_get_parent (gtk_expander_get_child (GTK_EXPANDER (child))) == NULL)
        pb_widget_fix_accessible_names (gtk_expander_get_child (GTK_EXPANDER (child)));
    }
}

/* Whatever is added to a window after it was shown (a wizard page built
 * when first visited, a panel, a row) is fixed when it is shown itself. */
static gboolean
widget_map_hook (GSignalInvocationHint *hint,
                 guint                  n_params,
                 const GValue          *params,
                 gpointer               user_data)
{
  GtkWidget *widget = g_value_get_object (&params[0]);

  if (GTK_IS_WIDGET (widget))
    fix_accessible_name (widget);

  return TRUE;
}

static void
toplevel_map_cb (GtkWidget *window)
{
  pb_widget_fix_accessible_names (window);
}

static void
toplevels_changed_cb (GListModel *toplevels,
                      guint       position,
                      guint       removed,
                      guint       added)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (g_object_get_data (G_OBJECT (window), "pb-names-fixed") != NULL)
        continue;
      g_object_set_data (G_OBJECT (window), "pb-names-fixed", GINT_TO_POINTER (TRUE));
      g_signal_connect (window, "map", G_CALLBACK (toplevel_map_cb), NULL);
    }
}

void
pb_fix_accessible_names_of_toplevels (void)
{
  static gboolean watching;
  GListModel *toplevels = gtk_window_get_toplevels ();

  if (watching)
    return;
  watching = TRUE;

  g_type_class_unref (g_type_class_ref (GTK_TYPE_WIDGET));
  g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0, widget_map_hook, NULL, NULL);

  g_signal_connect (toplevels, "items-changed", G_CALLBACK (toplevels_changed_cb), NULL);
  toplevels_changed_cb (toplevels, 0, 0, g_list_model_get_n_items (toplevels));
}

void
pb_widget_name_menu_buttons (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      const char *tooltip = gtk_widget_get_tooltip_text (child);

      if (GTK_IS_MENU_BUTTON (child) && tooltip != NULL)
        pb_menu_button_set_accessible_label (GTK_MENU_BUTTON (child), tooltip);
      else
        pb_widget_name_menu_buttons (child);
    }
}

void
pb_widget_name_search_entries (GtkWidget  *root,
                               const char *label)
{
  g_return_if_fail (GTK_IS_WIDGET (root));
  g_return_if_fail (label != NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_SEARCH_ENTRY (child))
        {
          GtkWidget *popover = gtk_widget_get_ancestor (child, GTK_TYPE_POPOVER);

          gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
          g_object_set_data (G_OBJECT (child), "pb-named", GINT_TO_POINTER (TRUE));
          /* In a drop-down's list the focus is on the rows, and GTK 4.8
           * drops what one types there: send it to the search. */
          if (popover != NULL && gtk_search_entry_get_key_capture_widget (GTK_SEARCH_ENTRY (child)) == NULL)
            gtk_search_entry_set_key_capture_widget (GTK_SEARCH_ENTRY (child), popover);
        }
      else
        pb_widget_name_search_entries (child, label);
    }
}

void
pb_widget_name_icon_buttons (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      const char *tooltip = gtk_widget_get_tooltip_text (child);

      if (GTK_IS_BUTTON (child) && tooltip != NULL && GTK_IS_IMAGE (gtk_button_get_child (GTK_BUTTON (child))))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
      else
        pb_widget_name_icon_buttons (child);
    }
}

PbActor *
pb_settings_dup_actor (GSettings *settings)
{
  g_autofree char *name = NULL;
  g_autofree char *role_text = NULL;
  g_autofree char *organisation = NULL;
  PbRole role = PB_ROLE_SALES;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  name = g_strstrip (g_settings_get_string (settings, "assessor-name"));
  if (*name == '\0')
    {
      g_free (name);
      name = pb_actor_dup_default_name ();
    }

  role_text = g_settings_get_string (settings, "assessor-role");
  pb_role_from_string (role_text, &role);
  organisation = g_settings_get_string (settings, "organisation");

  return pb_actor_new (name, role, organisation);
}

/* A name that stays inside the folder it is written to. */
static char *
safe_file_name (const char *name)
{
  g_autofree char *base = g_path_get_basename (name != NULL && name[0] ? name : "file");

  if (g_str_equal (base, ".") || g_str_equal (base, "..") || g_str_equal (base, G_DIR_SEPARATOR_S))
    return g_strdup ("file");

  return g_steal_pointer (&base);
}

gboolean
pb_open_copy (GtkWidget   *widget,
              const char  *name,
              GBytes      *bytes,
              GFile      **copy,
              GError     **error)
{
  g_autofree char *sha256 = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GAppLaunchContext) context = NULL;
  gsize size;
  const char *data;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* One folder per content: two files of one name never overwrite each other. */
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  file_name = safe_file_name (name);
  dir = g_build_filename (g_get_user_cache_dir (), "probity", "open", sha256, NULL);
  path = g_build_filename (dir, file_name, NULL);
  data = g_bytes_get_data (bytes, &size);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   /* Translators: %s is a folder, then the system's reason */
                   _("Cannot create “%s”: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  /* Read-only: a change made in the viewer must not look as if it were saved in the case. */
  if (!g_file_set_contents_full (path, data, size, G_FILE_SET_CONTENTS_CONSISTENT, 0400, error))
    return FALSE;

  uri = g_filename_to_uri (path, NULL, error);
  if (uri == NULL)
    return FALSE;

  context = pb_application_new_launch_context (widget);
  g_app_info_launch_default_for_uri_async (uri, context, NULL, NULL, NULL);

  if (copy != NULL)
    *copy = g_file_new_for_path (path);

  return TRUE;
}
