/* pb-customer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */


#include "config.h"

#include "pb-customer.h"
#include "pb-storage-private.h"

struct _PbCustomer
{
  GObject parent_instance;

  char     *uid;
  char     *name;
  char    **aliases;
  char     *country;
  char     *entity_type;
  char     *notes;
  char     *created;
};

G_DEFINE_FINAL_TYPE (PbCustomer, pb_customer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_UID,
  PROP_NAME,
  PROP_ALIASES,
  PROP_COUNTRY,
  PROP_ENTITY_TYPE,
  PROP_NOTES,
  PROP_CREATED,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
pb_customer_finalize (GObject *object)
{
  PbCustomer *self = (PbCustomer *)object;

  g_clear_pointer (&self->uid, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->aliases, g_strfreev);
  g_clear_pointer (&self->country, g_free);
  g_clear_pointer (&self->entity_type, g_free);
  g_clear_pointer (&self->notes, g_free);
  g_clear_pointer (&self->created, g_free);

  G_OBJECT_CLASS (pb_customer_parent_class)->finalize (object);
}

static void
pb_customer_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PbCustomer *self = PB_CUSTOMER (object);

  switch (prop_id)
    {
    case PROP_UID:
      g_value_set_string (value, self->uid);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_ALIASES:
      g_value_set_boxed (value, self->aliases);
      break;

    case PROP_COUNTRY:
      g_value_set_string (value, self->country);
      break;

    case PROP_ENTITY_TYPE:
      g_value_set_string (value, self->entity_type);
      break;

    case PROP_NOTES:
      g_value_set_string (value, self->notes);
      break;

    case PROP_CREATED:
      g_value_set_string (value, self->created);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_customer_class_init (PbCustomerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_customer_finalize;
  object_class->get_property = pb_customer_get_property;

  /* Stable identifier */
  properties [PROP_UID] =
    g_param_spec_string ("uid", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Name */
  properties [PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Other names */
  properties [PROP_ALIASES] =
    g_param_spec_boxed ("aliases", NULL, NULL,
                        G_TYPE_STRV,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* ISO 3166 country code */
  properties [PROP_COUNTRY] =
    g_param_spec_string ("country", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Entity type */
  properties [PROP_ENTITY_TYPE] =
    g_param_spec_string ("entity-type", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Notes */
  properties [PROP_NOTES] =
    g_param_spec_string ("notes", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Creation time, ISO 8601 UTC */
  properties [PROP_CREATED] =
    g_param_spec_string ("created", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pb_customer_init (PbCustomer *self)
{
}

PbCustomer *
_pb_customer_new (const char         *uid,
                  const char         *name,
                  const char * const *aliases,
                  const char         *country,
                  const char         *entity_type,
                  const char         *notes,
                  const char         *created)
{
  PbCustomer *self = g_object_new (PB_TYPE_CUSTOMER, NULL);

  self->uid = g_strdup (uid);
  self->name = g_strdup (name);
  self->aliases = g_strdupv ((char **)aliases);
  self->country = g_strdup (country);
  self->entity_type = g_strdup (entity_type);
  self->notes = g_strdup (notes);
  self->created = g_strdup (created);

  return self;
}

const char         *
pb_customer_get_uid (PbCustomer *self)
{
  g_return_val_if_fail (PB_IS_CUSTOMER (self), NULL);

  return self->uid;
}

const char         *
pb_customer_get_name (PbCustomer *self)
{
  g_return_val_if_fail (PB_IS_CUSTOMER (self), NULL);

  return self->name;
}

const char * const *
pb_customer_get_aliases (PbCustomer *self)
{
  g_return_val_if_fail (PB_IS_CUSTOMER (self), NULL);

  return (const char * const *)self->aliases;
}

const char         *
pb_customer_get_country (PbCustomer *self)
{
  g_return_val_if_fail (PB_IS_CUSTOMER (self), NULL);

  return self->country;
}

const char         *
pb_customer_get_entity_type (PbCustomer *self)
{
  g_return_val_if_fail (PB_IS_CUSTOMER (self), NULL);

  return self->entity_type;
}

const char         *
pb_customer_get_notes (PbCustomer *self)
{
  g_return_val_if_fail (PB_IS_CUSTOMER (self), NULL);

  return self->notes;
}

const char         *
pb_customer_get_created (PbCustomer *self)
{
  g_return_val_if_fail (PB_IS_CUSTOMER (self), NULL);

  return self->created;
}
