/* pb-case-slot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-case-slot"

#include "config.h"

#include "pb-case-slot.h"
#include "pb-case-slots.h"

struct _PbCaseSlot
{
  GObject     parent_instance;

  PbCaseInfo *info;
  GObject    *owner;   /* weak: the PbCaseSlots that gives a stale slot its case */
  gboolean    stale;
  gboolean    shown;
};

G_DEFINE_FINAL_TYPE (PbCaseSlot, pb_case_slot, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INFO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pb_case_slot_finalize (GObject *object)
{
  PbCaseSlot *self = PB_CASE_SLOT (object);

  g_clear_object (&self->info);
  g_clear_weak_pointer (&self->owner);

  G_OBJECT_CLASS (pb_case_slot_parent_class)->finalize (object);
}

static void
pb_case_slot_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PbCaseSlot *self = PB_CASE_SLOT (object);

  switch (prop_id)
    {
    case PROP_INFO:
      g_value_set_object (value, pb_case_slot_get_info (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pb_case_slot_class_init (PbCaseSlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_case_slot_finalize;
  object_class->get_property = pb_case_slot_get_property;

  properties[PROP_INFO] =
    g_param_spec_object ("info", NULL, NULL, PB_TYPE_CASE_INFO,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pb_case_slot_init (PbCaseSlot *self)
{
}

PbCaseSlot *
pb_case_slot_new (PbCaseInfo *info)
{
  PbCaseSlot *self;

  g_return_val_if_fail (PB_IS_CASE_INFO (info), NULL);

  self = g_object_new (PB_TYPE_CASE_SLOT, NULL);
  self->info = g_object_ref (info);

  return self;
}

/* A stale slot's owner gives it (and every other stale one) its case. */
static void
refresh (PbCaseSlot *self)
{
  if (self->stale && self->owner != NULL)
    pb_case_slots_refresh (PB_CASE_SLOTS (self->owner));
}

PbCaseInfo *
pb_case_slot_get_info (PbCaseSlot *self)
{
  g_return_val_if_fail (PB_IS_CASE_SLOT (self), NULL);

  refresh (self);

  return self->info;
}

/* Another case in this row: its widget shows it (notify::info). */
void
pb_case_slot_set_info (PbCaseSlot *self,
                       PbCaseInfo *info)
{
  g_return_if_fail (PB_IS_CASE_SLOT (self));
  g_return_if_fail (PB_IS_CASE_INFO (info));

  self->stale = FALSE;
  if (g_set_object (&self->info, info))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INFO]);
}

void
pb_case_slot_set_shown (PbCaseSlot *self,
                        gboolean    shown)
{
  g_return_if_fail (PB_IS_CASE_SLOT (self));

  self->shown = !!shown;
  if (shown)
    refresh (self);
}

gboolean
pb_case_slot_get_shown (PbCaseSlot *self)
{
  g_return_val_if_fail (PB_IS_CASE_SLOT (self), FALSE);

  return self->shown;
}

void
pb_case_slot_mark_stale (PbCaseSlot *self,
                         GObject    *owner)
{
  g_return_if_fail (PB_IS_CASE_SLOT (self));
  g_return_if_fail (G_IS_OBJECT (owner));

  self->stale = TRUE;
  g_set_weak_pointer (&self->owner, owner);
}

gboolean
pb_case_slot_is_stale (PbCaseSlot *self)
{
  g_return_val_if_fail (PB_IS_CASE_SLOT (self), FALSE);

  return self->stale;
}
