/* pb-case-list.c
 *
 * A GListModel of PbCaseInfo that keeps the rows of a case query as plain
 * strings and makes each PbCaseInfo only when it is asked for: a list of
 * 10,000 cases costs one query and a few allocations, and a view that shows
 * twenty rows makes twenty objects.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-case-list.h"
#include "pb-storage-private.h"

typedef struct
{
  const char   *id;
  const char   *customer_uid;
  const char   *customer_name;
  const char   *country;
  const char   *product_uid;
  const char   *product_name;
  const char   *product_version;
  const char   *questionnaire_id;
  const char   *questionnaire_version;
  const char   *questionnaire_sha256;
  const char   *created;
  const char   *created_by;
  const char   *updated;
  guint         revision;
  guint         n_answers;
  PbCaseStatus  status;
  PbOutcome     outcome;
} Row;

struct _PbCaseList
{
  GObject       parent_instance;

  GStringChunk *strings;   /* names and ids repeat: stored once */
  GArray       *rows;      /* Row */
  GPtrArray    *items;     /* PbCaseInfo, or NULL until asked for */
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
  return PB_CASE_LIST (model)->rows->len;
}

static gpointer
pb_case_list_get_item (GListModel *model,
                       guint       position)
{
  PbCaseList *self = PB_CASE_LIST (model);
  const Row *row;

  if (position >= self->rows->len)
    return NULL;

  if (self->items->pdata[position] == NULL)
    {
      row = &g_array_index (self->rows, Row, position);
      self->items->pdata[position] =
        _pb_case_info_new (row->id, row->revision, row->customer_uid, row->customer_name, row->country,
                           row->product_uid, row->product_name, row->product_version,
                           row->questionnaire_id, row->questionnaire_version, row->questionnaire_sha256,
                           row->status, row->outcome, row->n_answers, row->created, row->created_by,
                           row->updated);
    }

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
  g_clear_pointer (&self->rows, g_array_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);

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
  self->rows = g_array_new (FALSE, FALSE, sizeof (Row));
  self->items = g_ptr_array_new_with_free_func (unref_item);
}

PbCaseList *
_pb_case_list_new (void)
{
  return g_object_new (PB_TYPE_CASE_LIST, NULL);
}

static const char *
intern (PbCaseList *self,
        const char *str)
{
  return str != NULL ? g_string_chunk_insert_const (self->strings, str) : NULL;
}

void
_pb_case_list_append (PbCaseList         *self,
                      const char * const *columns,
                      guint               revision,
                      PbCaseStatus        status,
                      PbOutcome           outcome,
                      guint               n_answers)
{
  Row row;

  g_assert (PB_IS_CASE_LIST (self));

  /* Ids and times are unique: insert, not insert_const, saves the lookup. */
  row.id = g_string_chunk_insert (self->strings, columns[0]);
  row.customer_uid = intern (self, columns[1]);
  row.customer_name = intern (self, columns[2]);
  row.country = intern (self, columns[3]);
  row.product_uid = intern (self, columns[4]);
  row.product_name = intern (self, columns[5]);
  row.product_version = intern (self, columns[6]);
  row.questionnaire_id = intern (self, columns[7]);
  row.questionnaire_version = intern (self, columns[8]);
  row.questionnaire_sha256 = intern (self, columns[9]);
  row.created = columns[10] ? g_string_chunk_insert (self->strings, columns[10]) : NULL;
  row.created_by = intern (self, columns[11]);
  row.updated = columns[12] ? g_string_chunk_insert (self->strings, columns[12]) : NULL;
  row.revision = revision;
  row.n_answers = n_answers;
  row.status = status;
  row.outcome = outcome;

  g_array_append_val (self->rows, row);
  g_ptr_array_add (self->items, NULL);
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const Row *ra = a;
  const Row *rb = b;
  int by_time = g_strcmp0 (rb->updated, ra->updated);

  return by_time != 0 ? by_time : g_strcmp0 (ra->id, rb->id);
}

/* The most recently updated first. Sorting here is cheaper than an ORDER BY
 * that walks the cases in index order, one random row read each. */
void
_pb_case_list_sort (PbCaseList *self)
{
  g_assert (PB_IS_CASE_LIST (self));
  g_assert (self->items->len == 0 || self->items->pdata[0] == NULL);

  g_array_sort (self->rows, compare_rows);
}
