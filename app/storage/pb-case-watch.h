/* pb-case-watch.h: tells when someone else changes the cases of a store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-case-store.h"

G_BEGIN_DECLS

#define PB_TYPE_CASE_WATCH (pb_case_watch_get_type ())

G_DECLARE_FINAL_TYPE (PbCaseWatch, pb_case_watch, PB, CASE_WATCH, GObject)

/* Watches @store's database from the thread-default main context of the
 * caller, the thread that uses @store, and emits "changed" there when
 * another connection committed a change: another person on a team server
 * (LISTEN/NOTIFY, the case's id), another program on a file (its
 * PRAGMA data_version, checked every few seconds and on
 * pb_case_watch_check(); the case is not known: NULL). The store's own
 * changes are not reported. */
PbCaseWatch  *pb_case_watch_new            (PbCaseStore  *store,
                                            GError      **error);
PbCaseStore  *pb_case_watch_get_store      (PbCaseWatch  *self);
/* Looks now (a window that gets the focus back); on a server also whether
 * it was upgraded since the watch began (as when the connection is made
 * again): then it listens to the channels the server gives now, and says
 * that any case may have changed; and reads what the server keeps of the
 * person again (a group the DBA granted or revoked by hand notifies
 * nobody), saying that any case may have changed if their role did. */
void          pb_case_watch_check          (PbCaseWatch  *self);
/* FALSE while the connection to a team server is lost and being made
 * again; every case may have changed when it is back ("changed", NULL). */
gboolean      pb_case_watch_get_connected  (PbCaseWatch  *self);
/* The store's calls fail at once while the connection is lost, and the
 * watch alone makes it again, in a worker thread (a window's store). */
void          pb_case_watch_reconnect_in_background (PbCaseWatch *self);

G_END_DECLS
