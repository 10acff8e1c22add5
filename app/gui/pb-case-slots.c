/* pb-case-slots.c
 *
 * The rows of the window's case list: a GListModel of PbCaseSlot over the
 * list of cases (PbCaseInfo) the store gives.
 *
 * GTK 4.8's list view keeps widgets for some 200 rows, and when a new
 * search replaces them it keeps only the widgets of the same items: it
 * makes a widget for each new row and destroys each old one, which took
 * half of GTK's share of a filter at 100,000 cases (bench-gui). Here a
 * change of the cases in place (so many removed as added at a place)
 * leaves the rows' slots where they are and gives them their new cases;
 * the view is told only of the rows added or removed beyond, and the
 * widgets it keeps show the new cases (notify::info). Sorted by a column,
 * a sort model would not see those changes: then every change is told
 * (pb_case_slots_set_in_place ()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-case-slots"

#include "config.h"

#include <string.h>

#include "pb-case-slots.h"

struct _PbCaseSlots
{
  GObject     parent_instance;

  GListModel *cases;
  /* PbCaseSlot, or NULL where none was asked for: one per case. */
  GPtrArray  *slots;
  gboolean    in_place;
  gboolean    any_stale;
  guint       refresh_source;  /* gives stale slots their cases */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PbCaseSlots, pb_case_slots, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
unref_slot (gpointer slot)
{
  if (slot != NULL)
    g_object_unref (slot);
}

static GType
pb_case_slots_get_item_type (GListModel *model)
{
  return PB_TYPE_CASE_SLOT;
}

static guint
pb_case_slots_get_n_items (GListModel *model)
{
  return PB_CASE_SLOTS (model)->slots->len;
}

static gpointer
pb_case_slots_get_item (GListModel *model,
                        guint       position)
{
  PbCaseSlots *self = PB_CASE_SLOTS (model);

  if (position >= self->slots->len)
    return NULL;

  pb_case_slots_refresh (self);
  if (self->slots->pdata[position] == NULL)
    {
      g_autoptr(PbCaseInfo) info = g_list_model_get_item (self->cases, position);

      self->slots->pdata[position] = pb_case_slot_new (info);
    }

  return g_object_ref (self->slots->pdata[position]);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = pb_case_slots_get_item_type;
  iface->get_n_items = pb_case_slots_get_n_items;
  iface->get_item = pb_case_slots_get_item;
}

static void
insert_empty (GPtrArray *slots,
              guint      position,
              guint      n)
{
  guint n_after = slots->len - position;

  if (n == 0)
    return;
  g_ptr_array_set_size (slots, slots->len + n);
  memmove (slots->pdata + position + n, slots->pdata + position, n_after * sizeof (gpointer));
  memset (slots->pdata + position, 0, n * sizeof (gpointer));
}

static gboolean
refresh_cb (gpointer data)
{
  PbCaseSlots *self = data;

  self->refresh_source = 0;
  pb_case_slots_refresh (self);

  return G_SOURCE_REMOVE;
}

static void
cases_changed_cb (PbCaseSlots *self,
                  guint        position,
                  guint        removed,
                  guint        added,
                  GListModel  *cases)
{
  guint n_same = self->in_place ? MIN (removed, added) : 0;

  /* The rows that stay show their new cases: those on screen at once,
   * the others after the frame that shows these (some 180 of the 200 GTK
   * keeps: 0.4 ms of a filter's 3 ms at 100,000 cases). */
  for (guint i = position; i < position + n_same; i++)
    {
      PbCaseSlot *slot = self->slots->pdata[i];

      if (slot == NULL)
        continue;
      if (pb_case_slot_get_shown (slot))
        {
          g_autoptr(PbCaseInfo) info = g_list_model_get_item (cases, i);

          pb_case_slot_set_info (slot, info);
        }
      else
        {
          pb_case_slot_mark_stale (slot, G_OBJECT (self));
          self->any_stale = TRUE;
          if (self->refresh_source == 0)
            {
              self->refresh_source = g_idle_add (refresh_cb, self);
              g_source_set_name_by_id (self->refresh_source, "[probity] pb_case_slots_refresh");
            }
        }
    }

  position += n_same;
  removed -= n_same;
  added -= n_same;
  if (removed > 0)
    g_ptr_array_remove_range (self->slots, position, removed);
  if (added > 0)
    insert_empty (self->slots, position, added);
  if (removed > 0 || added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
pb_case_slots_dispose (GObject *object)
{
  PbCaseSlots *self = PB_CASE_SLOTS (object);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->cases != NULL)
    g_signal_handlers_disconnect_by_func (self->cases, cases_changed_cb, self);
  g_clear_object (&self->cases);

  G_OBJECT_CLASS (pb_case_slots_parent_class)->dispose (object);
}

static void
pb_case_slots_finalize (GObject *object)
{
  PbCaseSlots *self = PB_CASE_SLOTS (object);

  g_ptr_array_unref (self->slots);

  G_OBJECT_CLASS (pb_case_slots_parent_class)->finalize (object);
}

static void
pb_case_slots_class_init (PbCaseSlotsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pb_case_slots_dispose;
  object_class->finalize = pb_case_slots_finalize;
}

static void
pb_case_slots_init (PbCaseSlots *self)
{
  self->slots = g_ptr_array_new_with_free_func (unref_slot);
  self->in_place = TRUE;
}

/* The rows of @cases (a GListModel of PbCaseInfo). */
PbCaseSlots *
pb_case_slots_new (GListModel *cases)
{
  PbCaseSlots *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (cases), NULL);
  g_return_val_if_fail (g_list_model_get_item_type (cases) == PB_TYPE_CASE_INFO, NULL);

  self = g_object_new (PB_TYPE_CASE_SLOTS, NULL);
  self->cases = g_object_ref (cases);
  insert_empty (self->slots, 0, g_list_model_get_n_items (cases));
  g_signal_connect_swapped (cases, "items-changed", G_CALLBACK (cases_changed_cb), self);

  return self;
}

GListModel *
pb_case_slots_get_cases (PbCaseSlots *self)
{
  g_return_val_if_fail (PB_IS_CASE_SLOTS (self), NULL);

  return self->cases;
}

/* Whether cases changed in place keep their rows' slots (the default), or
 * every change is told, as a sort model must see it. */
void
pb_case_slots_set_in_place (PbCaseSlots *self,
                            gboolean     in_place)
{
  g_return_if_fail (PB_IS_CASE_SLOTS (self));

  self->in_place = in_place;
}

/* Gives each slot whose case changed off screen its case. */
void
pb_case_slots_refresh (PbCaseSlots *self)
{
  g_return_if_fail (PB_IS_CASE_SLOTS (self));

  if (!self->any_stale)
    return;

  self->any_stale = FALSE;
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  for (guint i = 0; i < self->slots->len; i++)
    {
      PbCaseSlot *slot = self->slots->pdata[i];

      if (slot != NULL && pb_case_slot_is_stale (slot))
        {
          g_autoptr(PbCaseInfo) info = g_list_model_get_item (self->cases, i);

          pb_case_slot_set_info (slot, info);
        }
    }
}

/* The case of row @position of @slots (a model of PbCaseSlot, sorted or
 * not), or NULL. */
PbCaseInfo *
pb_case_slots_get_info (GListModel *slots,
                        guint       position)
{
  g_autoptr(PbCaseSlot) slot = NULL;

  g_return_val_if_fail (G_IS_LIST_MODEL (slots), NULL);

  if (!(slot = g_list_model_get_item (slots, position)))
    return NULL;

  return g_object_ref (pb_case_slot_get_info (slot));
}
