/* pb-product.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */


#include "config.h"

#include "pb-product.h"
#include "pb-storage-private.h"

struct _PbProduct
{
  GObject parent_instance;

  char     *uid;
  char     *name;
  char     *version;
  char     *family;
  char    **capabilities;
  char     *created;
};

G_DEFINE_FINAL_TYPE (PbProduct, pb_product, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_UID,
  PROP_NAME,
  PROP_VERSION,
  PROP_FAMILY,
  PROP_CAPABILITIES,
  PROP_CREATED,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
pb_product_finalize (GObject *object)
{
  PbProduct *self = (PbProduct *)object;

  g_clear_pointer (&self->uid, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->version, g_free);
  g_clear_pointer (&self->family, g_free);
  g_clear_pointer (&self->capabilities, g_strfreev);
  g_clear_pointer (&self->created, g_free);

  G_OBJECT_CLASS (pb_product_parent_class)->finalize (object);
}

static void
pb_product_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PbProduct *self = PB_PRODUCT (object);

  switch (prop_id)
    {
    case PROP_UID:
      g_value_set_string (value, self->uid);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_VERSION:
      g_value_set_string (value, self->version);
      break;

    case PROP_FAMILY:
      g_value_set_string (value, self->family);
      break;

    case PROP_CAPABILITIES:
      g_value_set_boxed (value, self->capabilities);
      break;

    case PROP_CREATED:
      g_value_set_string (value, self->created);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_product_class_init (PbProductClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_product_finalize;
  object_class->get_property = pb_product_get_property;

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

  /* Version or SKU */
  properties [PROP_VERSION] =
    g_param_spec_string ("version", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Product family */
  properties [PROP_FAMILY] =
    g_param_spec_string ("family", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Capabilities */
  properties [PROP_CAPABILITIES] =
    g_param_spec_boxed ("capabilities", NULL, NULL,
                        G_TYPE_STRV,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* Creation time, ISO 8601 UTC */
  properties [PROP_CREATED] =
    g_param_spec_string ("created", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pb_product_init (PbProduct *self)
{
}

PbProduct *
_pb_product_new (const char         *uid,
                 const char         *name,
                 const char         *version,
                 const char         *family,
                 const char * const *capabilities,
                 const char         *created)
{
  PbProduct *self = g_object_new (PB_TYPE_PRODUCT, NULL);

  self->uid = g_strdup (uid);
  self->name = g_strdup (name);
  self->version = g_strdup (version);
  self->family = g_strdup (family);
  self->capabilities = g_strdupv ((char **)capabilities);
  self->created = g_strdup (created);

  return self;
}

const char         *
pb_product_get_uid (PbProduct *self)
{
  g_return_val_if_fail (PB_IS_PRODUCT (self), NULL);

  return self->uid;
}

const char         *
pb_product_get_name (PbProduct *self)
{
  g_return_val_if_fail (PB_IS_PRODUCT (self), NULL);

  return self->name;
}

const char         *
pb_product_get_version (PbProduct *self)
{
  g_return_val_if_fail (PB_IS_PRODUCT (self), NULL);

  return self->version;
}

const char         *
pb_product_get_family (PbProduct *self)
{
  g_return_val_if_fail (PB_IS_PRODUCT (self), NULL);

  return self->family;
}

const char * const *
pb_product_get_capabilities (PbProduct *self)
{
  g_return_val_if_fail (PB_IS_PRODUCT (self), NULL);

  return (const char * const *)self->capabilities;
}

const char         *
pb_product_get_created (PbProduct *self)
{
  g_return_val_if_fail (PB_IS_PRODUCT (self), NULL);

  return self->created;
}
