/* pb-gui-utils.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-gui-utils"

#include "config.h"

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
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (iso8601 == NULL || iso8601[0] == '\0')
    return g_strdup ("");

  tz = g_time_zone_new_utc ();
  utc = g_date_time_new_from_iso8601 (iso8601, tz);
  if (utc == NULL)
    return g_strdup (iso8601);

  local = g_date_time_to_local (utc);
  return pb_i18n_format_date_time (local);
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

  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (button)); child; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
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
