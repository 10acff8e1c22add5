/* pb-section-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pb-questionnaire.h"

G_BEGIN_DECLS

#define PB_TYPE_SECTION_PAGE (pb_section_page_get_type ())

G_DECLARE_FINAL_TYPE (PbSectionPage, pb_section_page, PB, SECTION_PAGE, GtkWidget)

/* The wizard's page of one section: its title and description, then the
 * views of its questions in document order, scrolled. */
GtkWidget *pb_section_page_new      (PbSection     *section);
void       pb_section_page_add_view (PbSectionPage *self,
                                     GtkWidget     *view);

G_END_DECLS
