/* pb-history-event.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include "pb-storage-types.h"

G_BEGIN_DECLS

/* One event of the append-only, hash-chained history of a case.
 * Immutable: the store fills it in; its properties are read-only. */
#define PB_TYPE_HISTORY_EVENT (pb_history_event_get_type ())

G_DECLARE_FINAL_TYPE (PbHistoryEvent, pb_history_event, PB, HISTORY_EVENT, GObject)

const char         *pb_history_event_get_case_id     (PbHistoryEvent *self);
guint               pb_history_event_get_seq         (PbHistoryEvent *self);
guint               pb_history_event_get_revision    (PbHistoryEvent *self);
const char         *pb_history_event_get_time        (PbHistoryEvent *self);
const char         *pb_history_event_get_user        (PbHistoryEvent *self);
PbEventKind         pb_history_event_get_kind        (PbHistoryEvent *self);
const char         *pb_history_event_get_question_id (PbHistoryEvent *self);
const char         *pb_history_event_get_old_value   (PbHistoryEvent *self);
const char         *pb_history_event_get_new_value   (PbHistoryEvent *self);
const char         *pb_history_event_get_reason      (PbHistoryEvent *self);
const char         *pb_history_event_get_data        (PbHistoryEvent *self);
const char         *pb_history_event_get_prev_hash   (PbHistoryEvent *self);
const char         *pb_history_event_get_hash        (PbHistoryEvent *self);
/* The actor's role ("sales", "reviewer", "auditor") and organisation; NULL
 * for events recorded before schema 3, which record a name only. */
const char         *pb_history_event_get_role        (PbHistoryEvent *self);
const char         *pb_history_event_get_organisation (PbHistoryEvent *self);

G_END_DECLS
