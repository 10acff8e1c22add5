/* pb-country-chooser.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PB_TYPE_COUNTRY_CHOOSER (pb_country_chooser_get_type ())

G_DECLARE_FINAL_TYPE (PbCountryChooser, pb_country_chooser, PB, COUNTRY_CHOOSER, GtkWidget)

GtkWidget  *pb_country_chooser_new                  (void);
/* ISO 3166-1 alpha-2, or NULL when none is chosen. */
const char *pb_country_chooser_get_code             (PbCountryChooser *self);
void        pb_country_chooser_set_code             (PbCountryChooser *self,
                                                     const char       *code);
/* The accessible name of the drop-down, e.g. the question's label. */
void        pb_country_chooser_set_accessible_label (PbCountryChooser *self,
                                                     const char       *label);

G_END_DECLS
