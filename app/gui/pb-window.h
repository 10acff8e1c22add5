/* pb-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pb-application.h"
#include "pb-case-store.h"
#include "pb-task-bar.h"

G_BEGIN_DECLS

#define PB_TYPE_WINDOW (pb_window_get_type ())

G_DECLARE_FINAL_TYPE (PbWindow, pb_window, PB, WINDOW, AdwApplicationWindow)

PbWindow   *pb_window_new                (PbApplication *application,
                                          const char    *database_path);
/* A case file, opened read-only (auditors). */
PbWindow   *pb_window_new_for_case_file  (PbApplication *application,
                                          const char    *path);
const char *pb_window_get_database_path  (PbWindow      *self);
gboolean    pb_window_get_read_only      (PbWindow      *self);
/* The case list is being read, or the team server connected to
 * (notify::loading). */
gboolean    pb_window_get_loading        (PbWindow      *self);
/* A file's every page is being checked in the background, the list
 * shown meanwhile. */
gboolean    pb_window_get_checking       (PbWindow      *self);
/* What the banner says of the damage the check found, or NULL. */
const char *pb_window_get_damage         (PbWindow      *self);
/* Reads the case list again, as the search and the filters ask, in a
 * worker thread; for cases changed elsewhere too. The rows of the cases
 * that did not change keep their widgets. */
void        pb_window_reload_cases       (PbWindow      *self);
/* Writes the cases the list shows to @file (.csv, else .ods) in a worker
 * thread, shown in the task bar with Cancel: a cancelled export writes no
 * file, and one that ends replaces @file whole. One export at a time: a
 * second waits for the first. */
void        pb_window_export_cases       (PbWindow      *self,
                                          GFile         *file);
/* Slow work of the window (exports) while it runs. */
PbTaskBar  *pb_window_get_task_bar       (PbWindow      *self);
/* Prints the summary of @case_id; to the PDF file @pdf_path without
 * asking, or through the print dialog when it is NULL. */
gboolean    pb_window_print_case         (PbWindow      *self,
                                          const char    *case_id,
                                          const char    *pdf_path,
                                          GError       **error);
/* Opens @file in a read-only window of its own. */
void        pb_window_open_case_file     (PbWindow      *self,
                                          GFile         *file);
/* Shows the database at @file instead, creating it if it does not exist;
 * remembered in the settings once it opens. */
void        pb_window_switch_database    (PbWindow      *self,
                                          GFile         *file);
/* Saves what was typed in the open case but not yet saved. */
void        pb_window_open_location      (PbWindow      *self,
                                          const char    *location);
gboolean    pb_window_get_watching       (PbWindow      *self);
/* The store the window shows, or NULL while none is open. */
PbCaseStore *pb_window_get_store         (PbWindow      *self);
void        pb_window_save_pending       (PbWindow      *self);
/* Saves what is pending; TRUE when answers typed while the team server
 * was away are still not saved, and the case asks whether to leave them. */
gboolean    pb_window_ask_leave_unsaved  (PbWindow      *self);
/* Shows @message as a toast: how errors reach the user. */
void        pb_window_add_toast          (PbWindow      *self,
                                          const char    *message);

G_END_DECLS
