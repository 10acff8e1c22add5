/* pb-evidence.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */


#include "config.h"

#include "pb-evidence.h"
#include "pb-storage-private.h"

struct _PbEvidence
{
  GObject parent_instance;

  gint64    id;
  char     *case_id;
  guint     revision;
  char     *question_id;
  char     *file_name;
  char     *media_type;
  char     *sha256;
  guint64   size;
  char     *added_by;
  char     *added;
};

G_DEFINE_FINAL_TYPE (PbEvidence, pb_evidence, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CASE_ID,
  PROP_REVISION,
  PROP_QUESTION_ID,
  PROP_FILE_NAME,
  PROP_MEDIA_TYPE,
  PROP_SHA256,
  PROP_SIZE,
  PROP_ADDED_BY,
  PROP_ADDED,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
pb_evidence_finalize (GObject *object)
{
  PbEvidence *self = (PbEvidence *)object;

  g_clear_pointer (&self->case_id, g_free);
  g_clear_pointer (&self->question_id, g_free);
  g_clear_pointer (&self->file_name, g_free);
  g_clear_pointer (&self->media_type, g_free);
  g_clear_pointer (&self->sha256, g_free);
  g_clear_pointer (&self->added_by, g_free);
  g_clear_pointer (&self->added, g_free);

  G_OBJECT_CLASS (pb_evidence_parent_class)->finalize (object);
}

static void
pb_evidence_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PbEvidence *self = PB_EVIDENCE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_CASE_ID:
      g_value_set_string (value, self->case_id);
      break;

    case PROP_REVISION:
      g_value_set_uint (value, self->revision);
      break;

    case PROP_QUESTION_ID:
      g_value_set_string (value, self->question_id);
      break;

    case PROP_FILE_NAME:
      g_value_set_string (value, self->file_name);
      break;

    case PROP_MEDIA_TYPE:
      g_value_set_string (value, self->media_type);
      break;

    case PROP_SHA256:
      g_value_set_string (value, self->sha256);
      break;

    case PROP_SIZE:
      g_value_set_uint64 (value, self->size);
      break;

    case PROP_ADDED_BY:
      g_value_set_string (value, self->added_by);
      break;

    case PROP_ADDED:
      g_value_set_string (value, self->added);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_evidence_class_init (PbEvidenceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_evidence_finalize;
  object_class->get_property = pb_evidence_get_property;

  /* Row id */
  properties [PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Case id */
  properties [PROP_CASE_ID] =
    g_param_spec_string ("case-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Revision */
  properties [PROP_REVISION] =
    g_param_spec_uint ("revision", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Question */
  properties [PROP_QUESTION_ID] =
    g_param_spec_string ("question-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Original file name */
  properties [PROP_FILE_NAME] =
    g_param_spec_string ("file-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Media type */
  properties [PROP_MEDIA_TYPE] =
    g_param_spec_string ("media-type", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* SHA-256 of the bytes */
  properties [PROP_SHA256] =
    g_param_spec_string ("sha256", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Size in bytes */
  properties [PROP_SIZE] =
    g_param_spec_uint64 ("size", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Who attached it */
  properties [PROP_ADDED_BY] =
    g_param_spec_string ("added-by", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* ISO 8601 UTC */
  properties [PROP_ADDED] =
    g_param_spec_string ("added", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pb_evidence_init (PbEvidence *self)
{
}

PbEvidence *
_pb_evidence_new (gint64              id,
                  const char         *case_id,
                  guint               revision,
                  const char         *question_id,
                  const char         *file_name,
                  const char         *media_type,
                  const char         *sha256,
                  guint64             size,
                  const char         *added_by,
                  const char         *added)
{
  PbEvidence *self = g_object_new (PB_TYPE_EVIDENCE, NULL);

  self->id = id;
  self->case_id = g_strdup (case_id);
  self->revision = revision;
  self->question_id = g_strdup (question_id);
  self->file_name = g_strdup (file_name);
  self->media_type = g_strdup (media_type);
  self->sha256 = g_strdup (sha256);
  self->size = size;
  self->added_by = g_strdup (added_by);
  self->added = g_strdup (added);

  return self;
}

gint64
pb_evidence_get_id (PbEvidence *self)
{
  g_return_val_if_fail (PB_IS_EVIDENCE (self), 0);

  return self->id;
}

const char         *
pb_evidence_get_case_id (PbEvidence *self)
{
  g_return_val_if_fail (PB_IS_EVIDENCE (self), NULL);

  return self->case_id;
}

guint
pb_evidence_get_revision (PbEvidence *self)
{
  g_return_val_if_fail (PB_IS_EVIDENCE (self), 0);

  return self->revision;
}

const char         *
pb_evidence_get_question_id (PbEvidence *self)
{
  g_return_val_if_fail (PB_IS_EVIDENCE (self), NULL);

  return self->question_id;
}

const char         *
pb_evidence_get_file_name (PbEvidence *self)
{
  g_return_val_if_fail (PB_IS_EVIDENCE (self), NULL);

  return self->file_name;
}

const char         *
pb_evidence_get_media_type (PbEvidence *self)
{
  g_return_val_if_fail (PB_IS_EVIDENCE (self), NULL);

  return self->media_type;
}

const char         *
pb_evidence_get_sha256 (PbEvidence *self)
{
  g_return_val_if_fail (PB_IS_EVIDENCE (self), NULL);

  return self->sha256;
}

guint64
pb_evidence_get_size (PbEvidence *self)
{
  g_return_val_if_fail (PB_IS_EVIDENCE (self), 0);

  return self->size;
}

const char         *
pb_evidence_get_added_by (PbEvidence *self)
{
  g_return_val_if_fail (PB_IS_EVIDENCE (self), NULL);

  return self->added_by;
}

const char         *
pb_evidence_get_added (PbEvidence *self)
{
  g_return_val_if_fail (PB_IS_EVIDENCE (self), NULL);

  return self->added;
}
