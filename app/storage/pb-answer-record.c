/* pb-answer-record.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */


#include "config.h"

#include "pb-answer-record.h"
#include "pb-storage-private.h"

struct _PbAnswerRecord
{
  GObject parent_instance;

  char     *question_id;
  PbAnswer *answer;
  char     *comment;
  char     *evidence_note;
  char     *user;
  char     *updated;
};

G_DEFINE_FINAL_TYPE (PbAnswerRecord, pb_answer_record, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_QUESTION_ID,
  PROP_ANSWER,
  PROP_COMMENT,
  PROP_EVIDENCE_NOTE,
  PROP_USER,
  PROP_UPDATED,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
pb_answer_record_finalize (GObject *object)
{
  PbAnswerRecord *self = (PbAnswerRecord *)object;

  g_clear_pointer (&self->question_id, g_free);
  g_clear_pointer (&self->answer, pb_answer_unref);
  g_clear_pointer (&self->comment, g_free);
  g_clear_pointer (&self->evidence_note, g_free);
  g_clear_pointer (&self->user, g_free);
  g_clear_pointer (&self->updated, g_free);

  G_OBJECT_CLASS (pb_answer_record_parent_class)->finalize (object);
}

static void
pb_answer_record_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PbAnswerRecord *self = PB_ANSWER_RECORD (object);

  switch (prop_id)
    {
    case PROP_QUESTION_ID:
      g_value_set_string (value, self->question_id);
      break;

    case PROP_ANSWER:
      g_value_set_boxed (value, self->answer);
      break;

    case PROP_COMMENT:
      g_value_set_string (value, self->comment);
      break;

    case PROP_EVIDENCE_NOTE:
      g_value_set_string (value, self->evidence_note);
      break;

    case PROP_USER:
      g_value_set_string (value, self->user);
      break;

    case PROP_UPDATED:
      g_value_set_string (value, self->updated);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_answer_record_class_init (PbAnswerRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_answer_record_finalize;
  object_class->get_property = pb_answer_record_get_property;

  /* Question */
  properties [PROP_QUESTION_ID] =
    g_param_spec_string ("question-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* The value */
  properties [PROP_ANSWER] =
    g_param_spec_boxed ("answer", NULL, NULL,
                        PB_TYPE_ANSWER,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Comment */
  properties [PROP_COMMENT] =
    g_param_spec_string ("comment", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Evidence note */
  properties [PROP_EVIDENCE_NOTE] =
    g_param_spec_string ("evidence-note", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Who last changed it */
  properties [PROP_USER] =
    g_param_spec_string ("user", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* ISO 8601 UTC */
  properties [PROP_UPDATED] =
    g_param_spec_string ("updated", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pb_answer_record_init (PbAnswerRecord *self)
{
}

PbAnswerRecord *
_pb_answer_record_new (const char         *question_id,
                       PbAnswer           *answer,
                       const char         *comment,
                       const char         *evidence_note,
                       const char         *user,
                       const char         *updated)
{
  PbAnswerRecord *self = g_object_new (PB_TYPE_ANSWER_RECORD, NULL);

  self->question_id = g_strdup (question_id);
  self->answer = answer ? pb_answer_ref (answer) : NULL;
  self->comment = g_strdup (comment);
  self->evidence_note = g_strdup (evidence_note);
  self->user = g_strdup (user);
  self->updated = g_strdup (updated);

  return self;
}

const char         *
pb_answer_record_get_question_id (PbAnswerRecord *self)
{
  g_return_val_if_fail (PB_IS_ANSWER_RECORD (self), NULL);

  return self->question_id;
}

PbAnswer           *
pb_answer_record_get_answer (PbAnswerRecord *self)
{
  g_return_val_if_fail (PB_IS_ANSWER_RECORD (self), NULL);

  return self->answer;
}

const char         *
pb_answer_record_get_comment (PbAnswerRecord *self)
{
  g_return_val_if_fail (PB_IS_ANSWER_RECORD (self), NULL);

  return self->comment;
}

const char         *
pb_answer_record_get_evidence_note (PbAnswerRecord *self)
{
  g_return_val_if_fail (PB_IS_ANSWER_RECORD (self), NULL);

  return self->evidence_note;
}

const char         *
pb_answer_record_get_user (PbAnswerRecord *self)
{
  g_return_val_if_fail (PB_IS_ANSWER_RECORD (self), NULL);

  return self->user;
}

const char         *
pb_answer_record_get_updated (PbAnswerRecord *self)
{
  g_return_val_if_fail (PB_IS_ANSWER_RECORD (self), NULL);

  return self->updated;
}
