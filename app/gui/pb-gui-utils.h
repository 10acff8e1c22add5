/* pb-gui-utils.h: small helpers shared by the widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pb-actor.h"
#include "pb-countries.h"
#include "pb-types.h"

G_BEGIN_DECLS

/* Outcomes and severities are shown as an icon and a word, never colour
 * alone; the CSS class adds the colour for those who see it. */
const char *pb_outcome_get_icon_name    (PbOutcome   outcome);
const char *pb_outcome_get_css_class    (PbOutcome   outcome);
const char *pb_severity_get_icon_name   (PbSeverity  severity);
const char *pb_severity_get_css_class   (PbSeverity  severity);
/* "2026-11-26 04:13" ("26/11/2026 04:13" in French) from an ISO 8601
 * timestamp, in local time and the interface language's form. */
char       *pb_format_timestamp         (const char *iso8601);
/* Who acts, from the preferences: the assessor name (else the user's real
 * name), role and organisation as they are now. */
PbActor    *pb_settings_dup_actor       (GSettings  *settings);
/* Country codes (ISO 3166-1 alpha-2) and their names, in name order, from
 * the country reference data of the core. Loaded once. */
guint       pb_country_list_get_n          (void);
const char *pb_country_list_get_code       (guint       index);
const char *pb_country_list_get_name       (guint       index);
/* The country reference data the list names (a case list's search
 * matches its words against those names), or NULL when it cannot be
 * read. Owned by the list. */
PbCountries *pb_country_list_get_countries (void);
/* The name for @code, or @code itself when unknown, or "" for NULL. */
const char *pb_country_list_lookup_name    (const char *code);
guint       pb_country_list_find           (const char *code);

/* GTK 4.8 puts the focus on a menu button's inner toggle button, which has
 * no name of its own: name both. */
void        pb_menu_button_set_accessible_label (GtkMenuButton *button,
                                                 const char    *label);
/* Names a drop-down and the inner toggle button that takes its focus
 * (pb_widget_fix_accessible_names() does the latter for any drop-down). */
void        pb_drop_down_set_accessible_label   (GtkDropDown   *drop_down,
                                                 const char    *label);
/* Return in the drop-down's search chooses the first match, and Return on
 * a row the keyboard reached chooses that row: GTK 4.8 highlights either
 * but chooses nothing while the drop-down is empty. */
void        pb_drop_down_choose_on_return       (GtkDropDown   *drop_down);
/* GTK 4.8 names a button with a mnemonic twice over ("_Save Save": its raw
 * label, then the label inside) and a check button with the raw label:
 * gives every such button under @root (and @root's children only) one plain
 * name, kept when its label changes. Names the open list of every
 * drop-down and combo row, and each item in it, after what it shows. Hides
 * from a screen reader the marks GTK and libadwaita draw inside their
 * controls (a check button's box, a drop-down's arrow, an entry row's
 * pencil, …), which it read as a nameless "filler" or "GtkImage". */
void        pb_widget_fix_accessible_names  (GtkWidget  *root);
/* An icon beside words that say what it shows (a row's title, a state
 * read with the row): out of what a screen reader reads. */
GtkWidget  *pb_decorative_icon_new          (const char *icon_name);
/* Does that for every window when it is shown (message dialogs included),
 * and for every widget shown later in any window: no button can be missed. */
void        pb_fix_accessible_names_of_toplevels (void);
/* Names every menu button under @root after its tooltip. */
void        pb_widget_name_menu_buttons     (GtkWidget  *root);
/* Names the search entries GTK and libadwaita build inside drop-downs and
 * preferences windows, which carry no name of their own; in a drop-down,
 * typing anywhere in the open list goes to its search. */
void        pb_widget_name_search_entries   (GtkWidget  *root,
                                             const char *label);
/* Names libadwaita's icon-only buttons (a password's "Show Text") after
 * their tooltips. */
void        pb_widget_name_icon_buttons     (GtkWidget  *root);

/* Opens stored bytes (evidence, a signed report) in the user's default
 * application: writes a read-only copy named @name to the cache folder,
 * returned in @copy, and launches it. */
gboolean    pb_open_copy                    (GtkWidget   *widget,
                                             const char  *name,
                                             GBytes      *bytes,
                                             GFile      **copy,
                                             GError     **error);

G_END_DECLS
