/* pb-history-event.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */


#include "config.h"

#include "pb-history-event.h"
#include "pb-storage-private.h"

struct _PbHistoryEvent
{
  GObject parent_instance;

  char     *case_id;
  guint     seq;
  guint     revision;
  char     *time;
  char     *user;
  PbEventKind kind;
  char     *question_id;
  char     *old_value;
  char     *new_value;
  char     *reason;
  char     *data;
  char     *prev_hash;
  char     *hash;
  char     *role;
  char     *organisation;
};

G_DEFINE_FINAL_TYPE (PbHistoryEvent, pb_history_event, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CASE_ID,
  PROP_SEQ,
  PROP_REVISION,
  PROP_TIME,
  PROP_USER,
  PROP_KIND,
  PROP_QUESTION_ID,
  PROP_OLD_VALUE,
  PROP_NEW_VALUE,
  PROP_REASON,
  PROP_DATA,
  PROP_PREV_HASH,
  PROP_HASH,
  PROP_ROLE,
  PROP_ORGANISATION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
pb_history_event_finalize (GObject *object)
{
  PbHistoryEvent *self = (PbHistoryEvent *)object;

  g_clear_pointer (&self->case_id, g_free);
  g_clear_pointer (&self->time, g_free);
  g_clear_pointer (&self->user, g_free);
  g_clear_pointer (&self->question_id, g_free);
  g_clear_pointer (&self->old_value, g_free);
  g_clear_pointer (&self->new_value, g_free);
  g_clear_pointer (&self->reason, g_free);
  g_clear_pointer (&self->data, g_free);
  g_clear_pointer (&self->prev_hash, g_free);
  g_clear_pointer (&self->hash, g_free);
  g_clear_pointer (&self->role, g_free);
  g_clear_pointer (&self->organisation, g_free);

  G_OBJECT_CLASS (pb_history_event_parent_class)->finalize (object);
}

static void
pb_history_event_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PbHistoryEvent *self = PB_HISTORY_EVENT (object);

  switch (prop_id)
    {
    case PROP_CASE_ID:
      g_value_set_string (value, self->case_id);
      break;

    case PROP_SEQ:
      g_value_set_uint (value, self->seq);
      break;

    case PROP_REVISION:
      g_value_set_uint (value, self->revision);
      break;

    case PROP_TIME:
      g_value_set_string (value, self->time);
      break;

    case PROP_USER:
      g_value_set_string (value, self->user);
      break;

    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_QUESTION_ID:
      g_value_set_string (value, self->question_id);
      break;

    case PROP_OLD_VALUE:
      g_value_set_string (value, self->old_value);
      break;

    case PROP_NEW_VALUE:
      g_value_set_string (value, self->new_value);
      break;

    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;

    case PROP_DATA:
      g_value_set_string (value, self->data);
      break;

    case PROP_PREV_HASH:
      g_value_set_string (value, self->prev_hash);
      break;

    case PROP_HASH:
      g_value_set_string (value, self->hash);
      break;

    case PROP_ROLE:
      g_value_set_string (value, self->role);
      break;

    case PROP_ORGANISATION:
      g_value_set_string (value, self->organisation);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_history_event_class_init (PbHistoryEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_history_event_finalize;
  object_class->get_property = pb_history_event_get_property;

  /* Case id */
  properties [PROP_CASE_ID] =
    g_param_spec_string ("case-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Position in the case history, 1 and up */
  properties [PROP_SEQ] =
    g_param_spec_uint ("seq", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Revision the event applies to */
  properties [PROP_REVISION] =
    g_param_spec_uint ("revision", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* ISO 8601 UTC */
  properties [PROP_TIME] =
    g_param_spec_string ("time", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Who */
  properties [PROP_USER] =
    g_param_spec_string ("user", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* What happened */
  properties [PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       PB_TYPE_EVENT_KIND, PB_EVENT_CASE_CREATED,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* The question, for answer and evidence events */
  properties [PROP_QUESTION_ID] =
    g_param_spec_string ("question-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Old value (canonical JSON for answers, status name for status changes) */
  properties [PROP_OLD_VALUE] =
    g_param_spec_string ("old-value", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* New value */
  properties [PROP_NEW_VALUE] =
    g_param_spec_string ("new-value", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Reason given */
  properties [PROP_REASON] =
    g_param_spec_string ("reason", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Further canonical JSON details (comment, sign-off, evidence) */
  properties [PROP_DATA] =
    g_param_spec_string ("data", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Hash of the previous event */
  properties [PROP_PREV_HASH] =
    g_param_spec_string ("prev-hash", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* SHA-256 of this event's canonical form */
  properties [PROP_HASH] =
    g_param_spec_string ("hash", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Role of the actor (schema 3 on; NULL before) */
  properties [PROP_ROLE] =
    g_param_spec_string ("role", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Organisation of the actor, NULL when none */
  properties [PROP_ORGANISATION] =
    g_param_spec_string ("organisation", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pb_history_event_init (PbHistoryEvent *self)
{
}

PbHistoryEvent *
_pb_history_event_new (const char         *case_id,
                       guint               seq,
                       guint               revision,
                       const char         *time,
                       const char         *user,
                       PbEventKind         kind,
                       const char         *question_id,
                       const char         *old_value,
                       const char         *new_value,
                       const char         *reason,
                       const char         *data,
                       const char         *prev_hash,
                       const char         *hash,
                       const char         *role,
                       const char         *organisation)
{
  PbHistoryEvent *self = g_object_new (PB_TYPE_HISTORY_EVENT, NULL);

  self->case_id = g_strdup (case_id);
  self->seq = seq;
  self->revision = revision;
  self->time = g_strdup (time);
  self->user = g_strdup (user);
  self->kind = kind;
  self->question_id = g_strdup (question_id);
  self->old_value = g_strdup (old_value);
  self->new_value = g_strdup (new_value);
  self->reason = g_strdup (reason);
  self->data = g_strdup (data);
  self->prev_hash = g_strdup (prev_hash);
  self->hash = g_strdup (hash);
  self->role = g_strdup (role);
  self->organisation = g_strdup (organisation);

  return self;
}

const char         *
pb_history_event_get_case_id (PbHistoryEvent *self)
{
  g_return_val_if_fail (PB_IS_HISTORY_EVENT (self), NULL);

  return self->case_id;
}

guint
pb_history_event_get_seq (PbHistoryEvent *self)
{
  g_return_val_if_fail (PB_IS_HISTORY_EVENT (self), 0);

  return self->seq;
}

guint
pb_history_event_get_revision (PbHistoryEvent *self)
{
  g_return_val_if_fail (PB_IS_HISTORY_EVENT (self), 0);

  return self->revision;
}

const char         *
pb_history_event_get_time (PbHistoryEvent *self)
{
  g_return_val_if_fail (PB_IS_HISTORY_EVENT (self), NULL);

  return self->time;
}

const char         *
pb_history_event_get_user (PbHistoryEvent *self)
{
  g_return_val_if_fail (PB_IS_HISTORY_EVENT (self), NULL);

  return self->user;
}

PbEventKind
pb_history_event_get_kind (PbHistoryEvent *self)
{
  g_return_val_if_fail (PB_IS_HISTORY_EVENT (self), 0);

  return self->kind;
}

const char         *
pb_history_event_get_question_id (PbHistoryEvent *self)
{
  g_return_val_if_fail (PB_IS_HISTORY_EVENT (self), NULL);

  return self->question_id;
}

const char         *
pb_history_event_get_old_value (PbHistoryEvent *self)
{
  g_return_val_if_fail (PB_IS_HISTORY_EVENT (self), NULL);

  return self->old_value;
}

const char         *
pb_history_event_get_new_value (PbHistoryEvent *self)
{
  g_return_val_if_fail (PB_IS_HISTORY_EVENT (self), NULL);

  return self->new_value;
}

const char         *
pb_history_event_get_reason (PbHistoryEvent *self)
{
  g_return_val_if_fail (PB_IS_HISTORY_EVENT (self), NULL);

  return self->reason;
}

const char         *
pb_history_event_get_data (PbHistoryEvent *self)
{
  g_return_val_if_fail (PB_IS_HISTORY_EVENT (self), NULL);

  return self->data;
}

const char         *
pb_history_event_get_prev_hash (PbHistoryEvent *self)
{
  g_return_val_if_fail (PB_IS_HISTORY_EVENT (self), NULL);

  return self->prev_hash;
}

const char         *
pb_history_event_get_hash (PbHistoryEvent *self)
{
  g_return_val_if_fail (PB_IS_HISTORY_EVENT (self), NULL);

  return self->hash;
}

const char *
pb_history_event_get_role (PbHistoryEvent *self)
{
  g_return_val_if_fail (PB_IS_HISTORY_EVENT (self), NULL);

  return self->role;
}

const char *
pb_history_event_get_organisation (PbHistoryEvent *self)
{
  g_return_val_if_fail (PB_IS_HISTORY_EVENT (self), NULL);

  return self->organisation;
}
