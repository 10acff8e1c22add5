/* pb-sign-off.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */


#include "config.h"

#include "pb-sign-off.h"
#include "pb-storage-private.h"

struct _PbSignOff
{
  GObject parent_instance;

  char     *case_id;
  guint     revision;
  char     *role;
  char     *name;
  PbCaseStatus decision;
  char     *reason;
  char     *conditions;
  char     *time;
  char     *report_sha256;
  char     *answers_fingerprint;
  char     *history_head;
  char     *organisation;
  char     *certificate_sha256;
  char     *language;
};

G_DEFINE_FINAL_TYPE (PbSignOff, pb_sign_off, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CASE_ID,
  PROP_REVISION,
  PROP_ROLE,
  PROP_NAME,
  PROP_DECISION,
  PROP_REASON,
  PROP_CONDITIONS,
  PROP_TIME,
  PROP_REPORT_SHA256,
  PROP_ANSWERS_FINGERPRINT,
  PROP_HISTORY_HEAD,
  PROP_ORGANISATION,
  PROP_CERTIFICATE_SHA256,
  PROP_LANGUAGE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
pb_sign_off_finalize (GObject *object)
{
  PbSignOff *self = (PbSignOff *)object;

  g_clear_pointer (&self->case_id, g_free);
  g_clear_pointer (&self->role, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->reason, g_free);
  g_clear_pointer (&self->conditions, g_free);
  g_clear_pointer (&self->time, g_free);
  g_clear_pointer (&self->report_sha256, g_free);
  g_clear_pointer (&self->answers_fingerprint, g_free);
  g_clear_pointer (&self->history_head, g_free);
  g_clear_pointer (&self->organisation, g_free);
  g_clear_pointer (&self->certificate_sha256, g_free);
  g_clear_pointer (&self->language, g_free);

  G_OBJECT_CLASS (pb_sign_off_parent_class)->finalize (object);
}

static void
pb_sign_off_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PbSignOff *self = PB_SIGN_OFF (object);

  switch (prop_id)
    {
    case PROP_CASE_ID:
      g_value_set_string (value, self->case_id);
      break;

    case PROP_REVISION:
      g_value_set_uint (value, self->revision);
      break;

    case PROP_ROLE:
      g_value_set_string (value, self->role);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_DECISION:
      g_value_set_enum (value, self->decision);
      break;

    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;

    case PROP_CONDITIONS:
      g_value_set_string (value, self->conditions);
      break;

    case PROP_TIME:
      g_value_set_string (value, self->time);
      break;

    case PROP_REPORT_SHA256:
      g_value_set_string (value, self->report_sha256);
      break;

    case PROP_ANSWERS_FINGERPRINT:
      g_value_set_string (value, self->answers_fingerprint);
      break;

    case PROP_HISTORY_HEAD:
      g_value_set_string (value, self->history_head);
      break;

    case PROP_ORGANISATION:
      g_value_set_string (value, self->organisation);
      break;

    case PROP_CERTIFICATE_SHA256:
      g_value_set_string (value, self->certificate_sha256);
      break;

    case PROP_LANGUAGE:
      g_value_set_string (value, self->language);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_sign_off_class_init (PbSignOffClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_sign_off_finalize;
  object_class->get_property = pb_sign_off_get_property;

  /* Case id */
  properties [PROP_CASE_ID] =
    g_param_spec_string ("case-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Signed revision */
  properties [PROP_REVISION] =
    g_param_spec_uint ("revision", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Role of the signer, e.g. Compliance officer */
  properties [PROP_ROLE] =
    g_param_spec_string ("role", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Name of the signer */
  properties [PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* The decision signed */
  properties [PROP_DECISION] =
    g_param_spec_enum ("decision", NULL, NULL,
                       PB_TYPE_CASE_STATUS, PB_CASE_STATUS_APPROVED,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Reason */
  properties [PROP_REASON] =
    g_param_spec_string ("reason", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Conditions */
  properties [PROP_CONDITIONS] =
    g_param_spec_string ("conditions", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* ISO 8601 UTC */
  properties [PROP_TIME] =
    g_param_spec_string ("time", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* SHA-256 of the signed report */
  properties [PROP_REPORT_SHA256] =
    g_param_spec_string ("report-sha256", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Answers fingerprint at signing */
  properties [PROP_ANSWERS_FINGERPRINT] =
    g_param_spec_string ("answers-fingerprint", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Hash of the last history event before signing */
  properties [PROP_HISTORY_HEAD] =
    g_param_spec_string ("history-head", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Organisation of the signer, NULL when none */
  properties [PROP_ORGANISATION] =
    g_param_spec_string ("organisation", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* SHA-256 of the signing certificate, NULL when not recorded */
  properties [PROP_CERTIFICATE_SHA256] =
    g_param_spec_string ("certificate-sha256", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Code of the language of the signed report, NULL when not recorded */
  properties [PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pb_sign_off_init (PbSignOff *self)
{
}

PbSignOff *
_pb_sign_off_new (const char         *case_id,
                  guint               revision,
                  const char         *role,
                  const char         *name,
                  PbCaseStatus        decision,
                  const char         *reason,
                  const char         *conditions,
                  const char         *time,
                  const char         *report_sha256,
                  const char         *answers_fingerprint,
                  const char         *history_head,
                  const char         *organisation,
                  const char         *certificate_sha256,
                  const char         *language)
{
  PbSignOff *self = g_object_new (PB_TYPE_SIGN_OFF, NULL);

  self->case_id = g_strdup (case_id);
  self->revision = revision;
  self->role = g_strdup (role);
  self->name = g_strdup (name);
  self->decision = decision;
  self->reason = g_strdup (reason);
  self->conditions = g_strdup (conditions);
  self->time = g_strdup (time);
  self->report_sha256 = g_strdup (report_sha256);
  self->answers_fingerprint = g_strdup (answers_fingerprint);
  self->history_head = g_strdup (history_head);
  self->organisation = g_strdup (organisation);
  self->certificate_sha256 = g_strdup (certificate_sha256);
  self->language = g_strdup (language);

  return self;
}

const char         *
pb_sign_off_get_case_id (PbSignOff *self)
{
  g_return_val_if_fail (PB_IS_SIGN_OFF (self), NULL);

  return self->case_id;
}

guint
pb_sign_off_get_revision (PbSignOff *self)
{
  g_return_val_if_fail (PB_IS_SIGN_OFF (self), 0);

  return self->revision;
}

const char         *
pb_sign_off_get_role (PbSignOff *self)
{
  g_return_val_if_fail (PB_IS_SIGN_OFF (self), NULL);

  return self->role;
}

const char         *
pb_sign_off_get_name (PbSignOff *self)
{
  g_return_val_if_fail (PB_IS_SIGN_OFF (self), NULL);

  return self->name;
}

PbCaseStatus
pb_sign_off_get_decision (PbSignOff *self)
{
  g_return_val_if_fail (PB_IS_SIGN_OFF (self), 0);

  return self->decision;
}

const char         *
pb_sign_off_get_reason (PbSignOff *self)
{
  g_return_val_if_fail (PB_IS_SIGN_OFF (self), NULL);

  return self->reason;
}

const char         *
pb_sign_off_get_conditions (PbSignOff *self)
{
  g_return_val_if_fail (PB_IS_SIGN_OFF (self), NULL);

  return self->conditions;
}

const char         *
pb_sign_off_get_time (PbSignOff *self)
{
  g_return_val_if_fail (PB_IS_SIGN_OFF (self), NULL);

  return self->time;
}

const char         *
pb_sign_off_get_report_sha256 (PbSignOff *self)
{
  g_return_val_if_fail (PB_IS_SIGN_OFF (self), NULL);

  return self->report_sha256;
}

const char         *
pb_sign_off_get_answers_fingerprint (PbSignOff *self)
{
  g_return_val_if_fail (PB_IS_SIGN_OFF (self), NULL);

  return self->answers_fingerprint;
}

const char         *
pb_sign_off_get_history_head (PbSignOff *self)
{
  g_return_val_if_fail (PB_IS_SIGN_OFF (self), NULL);

  return self->history_head;
}

const char *
pb_sign_off_get_organisation (PbSignOff *self)
{
  g_return_val_if_fail (PB_IS_SIGN_OFF (self), NULL);

  return self->organisation;
}

const char *
pb_sign_off_get_certificate_sha256 (PbSignOff *self)
{
  g_return_val_if_fail (PB_IS_SIGN_OFF (self), NULL);

  return self->certificate_sha256;
}

const char         *
pb_sign_off_get_language (PbSignOff *self)
{
  g_return_val_if_fail (PB_IS_SIGN_OFF (self), NULL);

  return self->language;
}
