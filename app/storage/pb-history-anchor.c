/* pb-history-anchor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-history-anchor.h"
#include "pb-storage-private.h"

struct _PbHistoryAnchor
{
  GObject parent_instance;

  char   *case_id;
  guint   event_seq;
  char   *head_hash;
  GBytes *token;
  char   *tsa_url;
  char   *added;
  char   *added_by;
};

G_DEFINE_FINAL_TYPE (PbHistoryAnchor, pb_history_anchor, G_TYPE_OBJECT)

static void
pb_history_anchor_finalize (GObject *object)
{
  PbHistoryAnchor *self = (PbHistoryAnchor *)object;

  g_clear_pointer (&self->case_id, g_free);
  g_clear_pointer (&self->head_hash, g_free);
  g_clear_pointer (&self->token, g_bytes_unref);
  g_clear_pointer (&self->tsa_url, g_free);
  g_clear_pointer (&self->added, g_free);
  g_clear_pointer (&self->added_by, g_free);

  G_OBJECT_CLASS (pb_history_anchor_parent_class)->finalize (object);
}

static void
pb_history_anchor_class_init (PbHistoryAnchorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_history_anchor_finalize;
}

static void
pb_history_anchor_init (PbHistoryAnchor *self)
{
}

PbHistoryAnchor *
_pb_history_anchor_new (const char *case_id,
                        guint       event_seq,
                        const char *head_hash,
                        GBytes     *token,
                        const char *tsa_url,
                        const char *added,
                        const char *added_by)
{
  PbHistoryAnchor *self = g_object_new (PB_TYPE_HISTORY_ANCHOR, NULL);

  self->case_id = g_strdup (case_id);
  self->event_seq = event_seq;
  self->head_hash = g_strdup (head_hash);
  self->token = g_bytes_ref (token);
  self->tsa_url = g_strdup (tsa_url);
  self->added = g_strdup (added);
  self->added_by = g_strdup (added_by);

  return self;
}

const char *
pb_history_anchor_get_case_id (PbHistoryAnchor *self)
{
  g_return_val_if_fail (PB_IS_HISTORY_ANCHOR (self), NULL);

  return self->case_id;
}

guint
pb_history_anchor_get_event_seq (PbHistoryAnchor *self)
{
  g_return_val_if_fail (PB_IS_HISTORY_ANCHOR (self), 0);

  return self->event_seq;
}

const char *
pb_history_anchor_get_head_hash (PbHistoryAnchor *self)
{
  g_return_val_if_fail (PB_IS_HISTORY_ANCHOR (self), NULL);

  return self->head_hash;
}

GBytes *
pb_history_anchor_get_token (PbHistoryAnchor *self)
{
  g_return_val_if_fail (PB_IS_HISTORY_ANCHOR (self), NULL);

  return self->token;
}

const char *
pb_history_anchor_get_tsa_url (PbHistoryAnchor *self)
{
  g_return_val_if_fail (PB_IS_HISTORY_ANCHOR (self), NULL);

  return self->tsa_url;
}

const char *
pb_history_anchor_get_added (PbHistoryAnchor *self)
{
  g_return_val_if_fail (PB_IS_HISTORY_ANCHOR (self), NULL);

  return self->added;
}

const char *
pb_history_anchor_get_added_by (PbHistoryAnchor *self)
{
  g_return_val_if_fail (PB_IS_HISTORY_ANCHOR (self), NULL);

  return self->added_by;
}
