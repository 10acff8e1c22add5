/* pb-history-anchor.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A time-stamp on the head of a case's history: an RFC 3161 token from a
 * time-stamp authority saying that the event @event_seq, whose hash is
 * @head_hash, existed at the token's time. Kept beside the history, not in
 * it (an anchor does not move the head it anchors). Immutable. */
#define PB_TYPE_HISTORY_ANCHOR (pb_history_anchor_get_type ())

G_DECLARE_FINAL_TYPE (PbHistoryAnchor, pb_history_anchor, PB, HISTORY_ANCHOR, GObject)

const char *pb_history_anchor_get_case_id   (PbHistoryAnchor *self);
guint       pb_history_anchor_get_event_seq (PbHistoryAnchor *self);
/* Lowercase hex SHA-256: the hash of event @event_seq, and the imprint the
 * token time-stamps. */
const char *pb_history_anchor_get_head_hash (PbHistoryAnchor *self);
/* The DER TimeStampToken (a CMS ContentInfo). */
GBytes     *pb_history_anchor_get_token     (PbHistoryAnchor *self);
/* The URL of the time-stamp authority asked. */
const char *pb_history_anchor_get_tsa_url   (PbHistoryAnchor *self);
/* When the anchor was added, by this machine's clock (ISO 8601); the
 * trusted time is the token's. */
const char *pb_history_anchor_get_added     (PbHistoryAnchor *self);
const char *pb_history_anchor_get_added_by  (PbHistoryAnchor *self);

G_END_DECLS
