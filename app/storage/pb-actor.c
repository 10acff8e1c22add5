/* pb-actor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-i18n.h"
#include <string.h>

#include "pb-actor.h"
#include "pb-storage-private.h"

struct _PbActor
{
  GObject  parent_instance;

  char    *name;
  char    *organisation;
  PbRole   role;
};

G_DEFINE_FINAL_TYPE (PbActor, pb_actor, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (PbRole, pb_role,
  G_DEFINE_ENUM_VALUE (PB_ROLE_SALES, "sales"),
  G_DEFINE_ENUM_VALUE (PB_ROLE_REVIEWER, "reviewer"),
  G_DEFINE_ENUM_VALUE (PB_ROLE_AUDITOR, "auditor"))

enum {
  PROP_0,
  PROP_NAME,
  PROP_ROLE,
  PROP_ORGANISATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const role_names[] = { "sales", "reviewer", "auditor" };

/* Casefolded, NFC, runs of white space as one space, none at the ends;
 * the server's name_key () is the same (schema-v15.sql). */
char *
_pb_actor_name_key (const char *name)
{
  g_autofree char *folded = NULL;
  g_autofree char *composed = NULL;
  GString *out;
  gboolean space = FALSE;

  if (name == NULL)
    return g_strdup ("");

  folded = g_utf8_casefold (name, -1);
  composed = g_utf8_normalize (folded, -1, G_NORMALIZE_NFC);
  out = g_string_new (NULL);
  for (const char *p = composed ? composed : ""; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static void
pb_actor_finalize (GObject *object)
{
  PbActor *self = (PbActor *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->organisation, g_free);

  G_OBJECT_CLASS (pb_actor_parent_class)->finalize (object);
}

static void
pb_actor_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  PbActor *self = PB_ACTOR (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;

    case PROP_ORGANISATION:
      g_value_set_string (value, self->organisation);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_actor_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  PbActor *self = PB_ACTOR (object);

  switch (prop_id)
    {
    case PROP_NAME:
      self->name = g_strstrip (g_value_dup_string (value));
      break;

    case PROP_ROLE:
      self->role = g_value_get_enum (value);
      break;

    case PROP_ORGANISATION:
      {
        const char *organisation = g_value_get_string (value);

        if (organisation != NULL)
          self->organisation = g_strstrip (g_strdup (organisation));
        if (self->organisation != NULL && *self->organisation == '\0')
          g_clear_pointer (&self->organisation, g_free);
      }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_actor_class_init (PbActorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_actor_finalize;
  object_class->get_property = pb_actor_get_property;
  object_class->set_property = pb_actor_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL,
                       PB_TYPE_ROLE, PB_ROLE_SALES,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ORGANISATION] =
    g_param_spec_string ("organisation", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pb_actor_init (PbActor *self)
{
}

/* Roles ----------------------------------------------------------------------- */

const char *
pb_role_to_string (PbRole role)
{
  g_return_val_if_fail (role <= PB_ROLE_AUDITOR, NULL);

  return role_names[role];
}

gboolean
pb_role_from_string (const char *str,
                     PbRole     *role)
{
  g_return_val_if_fail (role != NULL, FALSE);

  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (role_names); i++)
    {
      if (strcmp (str, role_names[i]) == 0)
        {
          *role = i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
pb_role_get_label (PbRole role)
{
  switch (role)
    {
    case PB_ROLE_SALES:
      return _("Sales");
    case PB_ROLE_REVIEWER:
      return _("Legal reviewer");
    case PB_ROLE_AUDITOR:
      return _("Auditor");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
pb_role_get_noun (PbRole role)
{
  switch (role)
    {
    case PB_ROLE_SALES:
      return C_("role within a sentence", "sales");
    case PB_ROLE_REVIEWER:
      return C_("role within a sentence", "legal reviewer");
    case PB_ROLE_AUDITOR:
      return C_("role within a sentence", "auditor");
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
pb_role_can_edit (PbRole role)
{
  return role == PB_ROLE_SALES || role == PB_ROLE_REVIEWER;
}

gboolean
pb_role_can_decide (PbRole role)
{
  return role == PB_ROLE_REVIEWER;
}

/* Public API ------------------------------------------------------------------ */

PbActor *
pb_actor_new (const char *name,
              PbRole      role,
              const char *organisation)
{
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (role <= PB_ROLE_AUDITOR, NULL);

  return g_object_new (PB_TYPE_ACTOR,
                       "name", name,
                       "role", role,
                       "organisation", organisation,
                       NULL);
}

const char *
pb_actor_get_name (PbActor *self)
{
  g_return_val_if_fail (PB_IS_ACTOR (self), NULL);

  return self->name;
}

PbRole
pb_actor_get_role (PbActor *self)
{
  g_return_val_if_fail (PB_IS_ACTOR (self), PB_ROLE_AUDITOR);

  return self->role;
}

const char *
pb_actor_get_organisation (PbActor *self)
{
  g_return_val_if_fail (PB_IS_ACTOR (self), NULL);

  return self->organisation;
}

gboolean
pb_actor_names_equal (const char *a,
                      const char *b)
{
  g_autofree char *na = _pb_actor_name_key (a);
  g_autofree char *nb = _pb_actor_name_key (b);

  return *na != '\0' && strcmp (na, nb) == 0;
}

gboolean
pb_actor_is_named (PbActor    *self,
                   const char *name)
{
  g_return_val_if_fail (PB_IS_ACTOR (self), FALSE);

  return pb_actor_names_equal (self->name, name);
}

char *
pb_actor_to_display (PbActor *self)
{
  g_return_val_if_fail (PB_IS_ACTOR (self), NULL);

  if (self->organisation != NULL)
    /* Translators: a person's name, their role and their organisation */
    return g_strdup_printf (_("%s (%s, %s)"), self->name, pb_role_get_label (self->role), self->organisation);

  /* Translators: a person's name and their role */
  return g_strdup_printf (_("%s (%s)"), self->name, pb_role_get_label (self->role));
}

char *
pb_actor_dup_default_name (void)
{
  const char *real_name = g_get_real_name ();

  if (real_name != NULL && *real_name != '\0' && strcmp (real_name, "Unknown") != 0)
    return g_strdup (real_name);

  return g_strdup (g_get_user_name ());
}
