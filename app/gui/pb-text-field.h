/* pb-text-field.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PB_TYPE_TEXT_FIELD (pb_text_field_get_type ())

G_DECLARE_FINAL_TYPE (PbTextField, pb_text_field, PB, TEXT_FIELD, GtkWidget)

/* A titled editor for text that may run to several lines (a reason, a
 * rationale, conditions): the title is its accessible name and may carry a
 * mnemonic; Return starts a new line, Tab leaves the field, and Ctrl+Return
 * emits ::activate, with which a dialog confirms. ::changed follows every
 * edit. */
GtkWidget  *pb_text_field_new        (const char  *title);
const char *pb_text_field_get_title  (PbTextField *self);
void        pb_text_field_set_title  (PbTextField *self,
                                      const char  *title);
/* The whole text; owned by the field until the next edit. */
const char *pb_text_field_get_text   (PbTextField *self);
void        pb_text_field_set_text   (PbTextField *self,
                                      const char  *text);
/* TRUE when the text holds nothing but white space. */
gboolean    pb_text_field_is_blank   (PbTextField *self);
GtkTextView *pb_text_field_get_view  (PbTextField *self);

G_END_DECLS
