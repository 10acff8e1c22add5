/* pb-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pb-case-store.h"

G_BEGIN_DECLS

#define PB_TYPE_PREFERENCES_WINDOW (pb_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (PbPreferencesWindow, pb_preferences_window, PB, PREFERENCES_WINDOW, AdwPreferencesWindow)

PbPreferencesWindow *pb_preferences_window_new           (GSettings   *settings);
/* For the window showing @store (NULL: none): on a team server the
 * assessor is who the server says, shown, not edited. */
PbPreferencesWindow *pb_preferences_window_new_for_store (GSettings   *settings,
                                                          PbCaseStore *store);

G_END_DECLS
