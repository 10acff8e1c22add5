/* pb-case-info.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */


#include "config.h"

#include <string.h>

#include "pb-case-info.h"
#include "pb-storage-private.h"

struct _PbCaseInfo
{
  GObject parent_instance;

  /* Each text points into @texts, or is NULL. */
  char     *texts;
  char     *id;
  guint     revision;
  char     *customer_uid;
  char     *customer_name;
  char     *country;
  char     *product_uid;
  char     *product_name;
  char     *product_version;
  char     *questionnaire_id;
  char     *questionnaire_version;
  char     *questionnaire_sha256;
  PbCaseStatus status;
  PbCaseStatus decision;
  PbOutcome outcome;
  guint     n_answers;
  char     *created;
  char     *created_by;
  char     *updated;
};

G_DEFINE_FINAL_TYPE (PbCaseInfo, pb_case_info, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_REVISION,
  PROP_CUSTOMER_UID,
  PROP_CUSTOMER_NAME,
  PROP_COUNTRY,
  PROP_PRODUCT_UID,
  PROP_PRODUCT_NAME,
  PROP_PRODUCT_VERSION,
  PROP_QUESTIONNAIRE_ID,
  PROP_QUESTIONNAIRE_VERSION,
  PROP_QUESTIONNAIRE_SHA256,
  PROP_STATUS,
  PROP_DECISION,
  PROP_OUTCOME,
  PROP_N_ANSWERS,
  PROP_CREATED,
  PROP_CREATED_BY,
  PROP_UPDATED,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
pb_case_info_finalize (GObject *object)
{
  PbCaseInfo *self = (PbCaseInfo *)object;

  g_clear_pointer (&self->texts, g_free);

  G_OBJECT_CLASS (pb_case_info_parent_class)->finalize (object);
}

static void
pb_case_info_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PbCaseInfo *self = PB_CASE_INFO (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_REVISION:
      g_value_set_uint (value, self->revision);
      break;

    case PROP_CUSTOMER_UID:
      g_value_set_string (value, self->customer_uid);
      break;

    case PROP_CUSTOMER_NAME:
      g_value_set_string (value, self->customer_name);
      break;

    case PROP_COUNTRY:
      g_value_set_string (value, self->country);
      break;

    case PROP_PRODUCT_UID:
      g_value_set_string (value, self->product_uid);
      break;

    case PROP_PRODUCT_NAME:
      g_value_set_string (value, self->product_name);
      break;

    case PROP_PRODUCT_VERSION:
      g_value_set_string (value, self->product_version);
      break;

    case PROP_QUESTIONNAIRE_ID:
      g_value_set_string (value, self->questionnaire_id);
      break;

    case PROP_QUESTIONNAIRE_VERSION:
      g_value_set_string (value, self->questionnaire_version);
      break;

    case PROP_QUESTIONNAIRE_SHA256:
      g_value_set_string (value, self->questionnaire_sha256);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_DECISION:
      g_value_set_enum (value, self->decision);
      break;

    case PROP_OUTCOME:
      g_value_set_uint (value, self->outcome);
      break;

    case PROP_N_ANSWERS:
      g_value_set_uint (value, self->n_answers);
      break;

    case PROP_CREATED:
      g_value_set_string (value, self->created);
      break;

    case PROP_CREATED_BY:
      g_value_set_string (value, self->created_by);
      break;

    case PROP_UPDATED:
      g_value_set_string (value, self->updated);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_case_info_class_init (PbCaseInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_case_info_finalize;
  object_class->get_property = pb_case_info_get_property;

  /* Case id, e.g. C-2026-4F3A9B12 */
  properties [PROP_ID] =
    g_param_spec_string ("id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Current revision, 1 and up */
  properties [PROP_REVISION] =
    g_param_spec_uint ("revision", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Customer uid */
  properties [PROP_CUSTOMER_UID] =
    g_param_spec_string ("customer-uid", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Customer name */
  properties [PROP_CUSTOMER_NAME] =
    g_param_spec_string ("customer-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Customer country */
  properties [PROP_COUNTRY] =
    g_param_spec_string ("country", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Product uid */
  properties [PROP_PRODUCT_UID] =
    g_param_spec_string ("product-uid", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Product name */
  properties [PROP_PRODUCT_NAME] =
    g_param_spec_string ("product-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Product version */
  properties [PROP_PRODUCT_VERSION] =
    g_param_spec_string ("product-version", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Questionnaire id */
  properties [PROP_QUESTIONNAIRE_ID] =
    g_param_spec_string ("questionnaire-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Questionnaire version */
  properties [PROP_QUESTIONNAIRE_VERSION] =
    g_param_spec_string ("questionnaire-version", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* SHA-256 of the pinned questionnaire file */
  properties [PROP_QUESTIONNAIRE_SHA256] =
    g_param_spec_string ("questionnaire-sha256", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Status of the current revision */
  properties [PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       PB_TYPE_CASE_STATUS, PB_CASE_STATUS_DRAFT,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* The decision on record, kept once signed; draft when none */
  properties [PROP_DECISION] =
    g_param_spec_enum ("decision", NULL, NULL,
                       PB_TYPE_CASE_STATUS, PB_CASE_STATUS_DRAFT,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* The PbOutcome of the current answers */
  properties [PROP_OUTCOME] =
    g_param_spec_uint ("outcome", NULL, NULL,
                       0, PB_OUTCOME_DO_NOT_PROCEED, PB_OUTCOME_INCOMPLETE,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Number of answers in the current revision */
  properties [PROP_N_ANSWERS] =
    g_param_spec_uint ("n-answers", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Creation time of the case, ISO 8601 UTC */
  properties [PROP_CREATED] =
    g_param_spec_string ("created", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Who created the case */
  properties [PROP_CREATED_BY] =
    g_param_spec_string ("created-by", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Time of the last change, ISO 8601 UTC */
  properties [PROP_UPDATED] =
    g_param_spec_string ("updated", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pb_case_info_init (PbCaseInfo *self)
{
}

PbCaseInfo *
_pb_case_info_new (const char         *id,
                   guint               revision,
                   const char         *customer_uid,
                   const char         *customer_name,
                   const char         *country,
                   const char         *product_uid,
                   const char         *product_name,
                   const char         *product_version,
                   const char         *questionnaire_id,
                   const char         *questionnaire_version,
                   const char         *questionnaire_sha256,
                   PbCaseStatus        status,
                   PbCaseStatus        decision,
                   PbOutcome           outcome,
                   guint               n_answers,
                   const char         *created,
                   const char         *created_by,
                   const char         *updated)
{
  PbCaseInfo *self = g_object_new (PB_TYPE_CASE_INFO, NULL);
  const char *values[] = { id, customer_uid, customer_name, country, product_uid, product_name, product_version,
                           questionnaire_id, questionnaire_version, questionnaire_sha256, created, created_by,
                           updated };
  char **fields[] = { &self->id, &self->customer_uid, &self->customer_name, &self->country, &self->product_uid,
                      &self->product_name, &self->product_version, &self->questionnaire_id,
                      &self->questionnaire_version, &self->questionnaire_sha256, &self->created, &self->created_by,
                      &self->updated };
  gsize lengths[G_N_ELEMENTS (values)];
  gsize size = 0;
  char *at;

  G_STATIC_ASSERT (G_N_ELEMENTS (values) == G_N_ELEMENTS (fields));

  /* In one block: a list reads a few hundred cases at a time, and a
   * string each was thirteen allocations to make and to free a case. */
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    size += values[i] != NULL ? (lengths[i] = strlen (values[i]) + 1) : 0;
  at = self->texts = g_malloc (MAX (size, 1));
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    if (values[i] != NULL)
      {
        *fields[i] = memcpy (at, values[i], lengths[i]);
        at += lengths[i];
      }

  self->revision = revision;
  self->status = status;
  self->decision = pb_case_status_is_decision (decision) ? decision : PB_CASE_STATUS_DRAFT;
  self->outcome = outcome;
  self->n_answers = n_answers;

  return self;
}

/* Another item of the same case, as read. */
PbCaseInfo *
_pb_case_info_copy (PbCaseInfo *self)
{
  g_return_val_if_fail (PB_IS_CASE_INFO (self), NULL);

  return _pb_case_info_new (self->id, self->revision, self->customer_uid, self->customer_name, self->country,
                            self->product_uid, self->product_name, self->product_version, self->questionnaire_id,
                            self->questionnaire_version, self->questionnaire_sha256, self->status, self->decision,
                            self->outcome, self->n_answers, self->created, self->created_by, self->updated);
}

const char         *
pb_case_info_get_id (PbCaseInfo *self)
{
  g_return_val_if_fail (PB_IS_CASE_INFO (self), NULL);

  return self->id;
}

guint
pb_case_info_get_revision (PbCaseInfo *self)
{
  g_return_val_if_fail (PB_IS_CASE_INFO (self), 0);

  return self->revision;
}

const char         *
pb_case_info_get_customer_uid (PbCaseInfo *self)
{
  g_return_val_if_fail (PB_IS_CASE_INFO (self), NULL);

  return self->customer_uid;
}

const char         *
pb_case_info_get_customer_name (PbCaseInfo *self)
{
  g_return_val_if_fail (PB_IS_CASE_INFO (self), NULL);

  return self->customer_name;
}

const char         *
pb_case_info_get_country (PbCaseInfo *self)
{
  g_return_val_if_fail (PB_IS_CASE_INFO (self), NULL);

  return self->country;
}

const char         *
pb_case_info_get_product_uid (PbCaseInfo *self)
{
  g_return_val_if_fail (PB_IS_CASE_INFO (self), NULL);

  return self->product_uid;
}

const char         *
pb_case_info_get_product_name (PbCaseInfo *self)
{
  g_return_val_if_fail (PB_IS_CASE_INFO (self), NULL);

  return self->product_name;
}

const char         *
pb_case_info_get_product_version (PbCaseInfo *self)
{
  g_return_val_if_fail (PB_IS_CASE_INFO (self), NULL);

  return self->product_version;
}

const char         *
pb_case_info_get_questionnaire_id (PbCaseInfo *self)
{
  g_return_val_if_fail (PB_IS_CASE_INFO (self), NULL);

  return self->questionnaire_id;
}

const char         *
pb_case_info_get_questionnaire_version (PbCaseInfo *self)
{
  g_return_val_if_fail (PB_IS_CASE_INFO (self), NULL);

  return self->questionnaire_version;
}

const char         *
pb_case_info_get_questionnaire_sha256 (PbCaseInfo *self)
{
  g_return_val_if_fail (PB_IS_CASE_INFO (self), NULL);

  return self->questionnaire_sha256;
}

PbCaseStatus
pb_case_info_get_status (PbCaseInfo *self)
{
  g_return_val_if_fail (PB_IS_CASE_INFO (self), 0);

  return self->status;
}

PbCaseStatus
pb_case_info_get_decision (PbCaseInfo *self)
{
  g_return_val_if_fail (PB_IS_CASE_INFO (self), 0);

  return self->decision;
}

PbOutcome
pb_case_info_get_outcome (PbCaseInfo *self)
{
  g_return_val_if_fail (PB_IS_CASE_INFO (self), 0);

  return self->outcome;
}

guint
pb_case_info_get_n_answers (PbCaseInfo *self)
{
  g_return_val_if_fail (PB_IS_CASE_INFO (self), 0);

  return self->n_answers;
}

const char         *
pb_case_info_get_created (PbCaseInfo *self)
{
  g_return_val_if_fail (PB_IS_CASE_INFO (self), NULL);

  return self->created;
}

const char         *
pb_case_info_get_created_by (PbCaseInfo *self)
{
  g_return_val_if_fail (PB_IS_CASE_INFO (self), NULL);

  return self->created_by;
}

const char         *
pb_case_info_get_updated (PbCaseInfo *self)
{
  g_return_val_if_fail (PB_IS_CASE_INFO (self), NULL);

  return self->updated;
}
