/* pb-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PB_TYPE_APPLICATION (pb_application_get_type ())

G_DECLARE_FINAL_TYPE (PbApplication, pb_application, PB, APPLICATION, AdwApplication)

PbApplication     *pb_application_new                (void);
/* Before GTK starts: draw with cairo and leave OpenGL unloaded unless the
 * user asked for a renderer (GSK_RENDERER) or GDK debugging (GDK_DEBUG). */
void               pb_application_choose_renderer    (void);
void               pb_application_limit_arenas       (void);
GAppLaunchContext *pb_application_new_launch_context (GtkWidget     *widget);
GSettings         *pb_application_get_settings       (PbApplication *self);
/* --db, else $PROBITY_DB, else the team-server setting (with the password
 * typed this session), else the database-location setting, else the
 * default file in the user data folder. */
char              *pb_application_dup_database_path  (PbApplication *self);
char              *pb_application_dup_local_database_path (PbApplication *self);
void               pb_application_connect_server     (PbApplication *self,
                                                      const char    *conninfo,
                                                      const char    *password);
void               pb_application_use_local_file     (PbApplication *self);

G_END_DECLS
