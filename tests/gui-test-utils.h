/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What every UI test program needs: spinning the main loop, finding a
 * widget by what it shows, and a PNG of a widget for people to look at.
 */
#pragma once

#include <gtk/gtk.h>

#include "pb-window.h"

G_BEGIN_DECLS

void       spin_main_loop  (guint         ms);
gboolean   spin_until      (gboolean    (*done) (gpointer),
                            gpointer      data);
void       present         (GtkWindow    *window);
void       close_window    (PbWindow     *window);
GtkWidget *find_descendant (GtkWidget    *root,
                            GType         type,
                            const char   *label);
GtkWidget *find_label      (GtkWidget    *root,
                            const char   *text);
GtkWidget *find_label_containing (GtkWidget  *root,
                                  const char *text);
GtkWidget *find_case_view  (GtkWidget    *root);
gboolean   banner_shown    (GtkWidget    *root,
                            const char   *prefix);
GtkWidget *find_message_dialog (const char *heading);
GtkWidget *find_status_page (GtkWidget  *root,
                             const char *title);
gboolean   focus_within    (GtkRoot      *root,
                            GtkWidget    *widget);
void       screenshot      (GtkWidget    *widget,
                            const char   *name);

G_END_DECLS
