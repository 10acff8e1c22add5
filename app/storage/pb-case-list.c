/* pb-case-list.c
 *
 * A GListModel of PbCaseInfo that holds only the ids of a case query, in
 * order, and reads the cases themselves a page at a time when they are
 * asked for: a list of 100,000 cases costs one query for the ids, and a
 * view that shows twenty rows reads one page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-case-store"

#include "config.h"

#include "pb-case-list.h"
#include "pb-storage-private.h"

struct _PbCaseList
{
  GObject       parent_instance;

  PbCaseStore  *store;     /* reads the pages */
  GStringChunk *strings;   /* the ids */
  GPtrArray    *ids;       /* const char *, in list order */
  GPtrArray    *items;     /* PbCaseInfo, or NULL until read */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PbCaseList, pb_case_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
pb_case_list_get_item_type (GListModel *model)
{
  return PB_TYPE_CASE_INFO;
}

static guint
pb_case_list_get_n_items (GListModel *model)
{
  return PB_CASE_LIST (model)->ids->len;
}

/* Reads the page of @position. A case that cannot be read (the file went
 * away, another program holds it) still shows its id. */
static void
read_page (PbCaseList *self,
           guint       position)
{
  g_autoptr(GError) error = NULL;
  guint start = position - position % PB_CASE_LIST_PAGE_SIZE;
  guint n = MIN (PB_CASE_LIST_PAGE_SIZE, self->ids->len - start);
  PbCaseInfo **infos = (PbCaseInfo **) self->items->pdata + start;
  const char * const *ids = (const char * const *) self->ids->pdata + start;

  if (!_pb_case_store_read_case_infos (self->store, ids, n, infos, &error))
    g_warning ("Could not read cases of %s: %s", pb_case_store_get_path (self->store), error->message);

  for (guint i = 0; i < n; i++)
    if (infos[i] == NULL)
      infos[i] = _pb_case_info_new (ids[i], 0, "", "", "", "", "", "", "", "", "",
                                    PB_CASE_STATUS_DRAFT, PB_CASE_STATUS_DRAFT, PB_OUTCOME_INCOMPLETE,
                                    0, "", "", "");
}

static gpointer
pb_case_list_get_item (GListModel *model,
                       guint       position)
{
  PbCaseList *self = PB_CASE_LIST (model);

  if (position >= self->ids->len)
    return NULL;

  if (self->items->pdata[position] == NULL)
    read_page (self, position);

  return g_object_ref (self->items->pdata[position]);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = pb_case_list_get_item_type;
  iface->get_n_items = pb_case_list_get_n_items;
  iface->get_item = pb_case_list_get_item;
}

static void
unref_item (gpointer item)
{
  if (item != NULL)
    g_object_unref (item);
}

static void
pb_case_list_finalize (GObject *object)
{
  PbCaseList *self = (PbCaseList *)object;

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->ids, g_ptr_array_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (pb_case_list_parent_class)->finalize (object);
}

static void
pb_case_list_class_init (PbCaseListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pb_case_list_finalize;
}

static void
pb_case_list_init (PbCaseList *self)
{
  self->strings = g_string_chunk_new (4096);
  self->ids = g_ptr_array_new ();
  self->items = g_ptr_array_new_with_free_func (unref_item);
}

PbCaseList *
_pb_case_list_new (PbCaseStore *store)
{
  PbCaseList *self = g_object_new (PB_TYPE_CASE_LIST, NULL);

  self->store = g_object_ref (store);

  return self;
}

void
_pb_case_list_append (PbCaseList *self,
                      const char *id)
{
  g_assert (PB_IS_CASE_LIST (self));

  g_ptr_array_add (self->ids, g_string_chunk_insert (self->strings, id));
  g_ptr_array_add (self->items, NULL);
}

const char *
_pb_case_list_get_id (PbCaseList *self,
                      guint       position)
{
  g_assert (PB_IS_CASE_LIST (self));
  g_assert (position < self->ids->len);

  return self->ids->pdata[position];
}
