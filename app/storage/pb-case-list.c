/* pb-case-list.c
 *
 * A GListModel of PbCaseInfo that holds only the ids of a case query, in
 * order, and reads the cases themselves a page at a time when they are
 * asked for: a list of 100,000 cases costs one query for the ids, and a
 * view that shows twenty rows reads one page.
 *
 * A list for a view (on a team server, and on a file whose derived tables
 * are current) holds its first thousand ids at first
 * (_pb_case_list_set_more()), and grows by some hundred when a view
 * comes near its end: the next ids are read in an idle callback of the
 * thread that asked, which then tells views of the rows added.
 *
 * A view keeps one list for its life: pb_case_list_update() gives it the
 * rows of a newer query and tells what changed around the cases it has
 * read, so that the rows of the cases that stay keep their item and their
 * widgets, and no case is read that nobody asked for.
 *
 * A page that cannot be read shows its cases' ids. When only the server
 * could not be reached (a restart, a network gone: the window says so),
 * that is no warning, and those rows are not kept by the next update:
 * the list read once connected again reads them anew.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-case-store"

#include "config.h"

#include <string.h>

#include "pb-case-list.h"
#include "pb-storage-private.h"

/* GtkListView keeps widgets for at most 200 rows around the ones it shows
 * (GTK_LIST_VIEW_MAX_LIST_ITEMS in GTK 4.8), from the first on when it
 * shows a list from its start. */
#define VIEW_ROWS 256

/* Up to this many places and rows a change is told place by place (a few
 * cases that others changed); beyond, at once (a new search). */
#define MAX_CHANGES_TOLD 32
#define MAX_ROWS_TOLD 64

/* The rows of one query. */
typedef struct
{
  PbCaseStore  *store;     /* reads the pages; NULL when empty */
  GStringChunk *strings;   /* the ids and times */
  GPtrArray    *ids;       /* const char *, in list order */
  GPtrArray    *updated;   /* const char *: when each case last changed */
  GPtrArray    *items;     /* PbCaseInfo, or NULL until read */
  guint         n_read;    /* items not NULL */
  PbCaseListMoreFunc more; /* reads the ids after the last one; NULL: all read */
  gpointer      more_data;
  GDestroyNotify more_destroy;
} Rows;

struct _PbCaseList
{
  GObject  parent_instance;

  Rows    *rows;
  guint    grow_source;   /* reads the next ids of @rows */

  /* While pb_case_list_update() tells of a change: the list is the first
   * @n_new rows of @next, then @rows from @old_start on. */
  Rows    *next;
  guint    n_new;
  guint    old_start;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PbCaseList, pb_case_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
unref_item (gpointer item)
{
  if (item != NULL)
    g_object_unref (item);
}

static Rows *
rows_new (PbCaseStore *store)
{
  Rows *rows = g_new0 (Rows, 1);

  rows->store = store != NULL ? g_object_ref (store) : NULL;
  rows->strings = g_string_chunk_new (4096);
  rows->ids = g_ptr_array_new ();
  rows->updated = g_ptr_array_new ();
  rows->items = g_ptr_array_new_with_free_func (unref_item);

  return rows;
}

static void
rows_free (Rows *rows)
{
  if (rows->more_destroy != NULL)
    rows->more_destroy (rows->more_data);
  g_ptr_array_unref (rows->items);
  g_ptr_array_unref (rows->updated);
  g_ptr_array_unref (rows->ids);
  g_string_chunk_free (rows->strings);
  g_clear_object (&rows->store);
  g_free (rows);
}

static gboolean
rows_free_cb (gpointer data)
{
  rows_free (data);

  return G_SOURCE_REMOVE;
}

/* Frees @rows once the thread's main loop is idle: the rows of the list a
 * search replaced (some hundred cases' items) took a tenth of the change
 * the window waited for. What they hold of the store goes at once. */
static void
rows_free_later (Rows *rows)
{
  GSource *source;

  if (rows->more_destroy != NULL)
    rows->more_destroy (rows->more_data);
  rows->more = NULL;
  rows->more_data = NULL;
  rows->more_destroy = NULL;
  g_clear_object (&rows->store);

  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_LOW);
  g_source_set_callback (source, rows_free_cb, rows, NULL);
  g_source_set_static_name (source, "[probity] pb_case_list_rows_free");
  g_source_attach (source, g_main_context_get_thread_default ());
  g_source_unref (source);
}

static void
rows_append (Rows       *rows,
             const char *id,
             const char *updated)
{
  g_ptr_array_add (rows->ids, g_string_chunk_insert (rows->strings, id));
  g_ptr_array_add (rows->updated, g_string_chunk_insert (rows->strings, updated));
  g_ptr_array_add (rows->items, NULL);
}

/* The ids a list for a view reads at first, and then at a time: a
 * thousand take some tens of milliseconds from a server. */
#define FIRST_IDS 1000
#define MORE_IDS  500

static guint first_ids = FIRST_IDS;
static guint more_ids = MORE_IDS;

/* Marks the items of cases that could not be read. */
static GQuark
unread_quark (void)
{
  return g_quark_from_static_string ("pb-case-list-unread");
}

static gboolean
is_unread (PbCaseInfo *info)
{
  return info != NULL && g_object_get_qdata (G_OBJECT (info), unread_quark ()) != NULL;
}

/* Why @rows could not be read: for the log only when the server could not
 * be reached, an expected condition that ends when it can. */
static void
report_unread (Rows         *rows,
               const GError *error)
{
  const char *name = pb_case_store_get_display_name (rows->store);

  if (pb_case_store_is_away_error (rows->store, error))
    g_debug ("Could not read cases of %s: %s", name, error->message);
  else
    g_warning ("Could not read cases of %s: %s", name, error->message);
}

/* Reads up to @n ids after the last one: how many it added. When the
 * query gives fewer, it has none left. */
static guint
rows_read_more (Rows  *rows,
                guint  n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbCaseList) next = NULL;
  guint last = rows->ids->len - 1;
  Rows *more;

  g_assert (rows->more != NULL && rows->ids->len > 0);
  next = rows->more (rows->more_data, rows->updated->pdata[last], rows->ids->pdata[last], n, &error);
  if (next == NULL)
    {
      report_unread (rows, error);
      return 0;
    }

  more = next->rows;
  for (guint i = 0; i < more->ids->len; i++)
    rows_append (rows, more->ids->pdata[i], more->updated->pdata[i]);
  if (more->ids->len < n)
    {
      if (rows->more_destroy != NULL)
        rows->more_destroy (rows->more_data);
      rows->more = NULL;
      rows->more_data = NULL;
      rows->more_destroy = NULL;
    }

  return more->ids->len;
}

/* A case that could not be read: its id. */
static PbCaseInfo *
unread_case (const char *id,
             const char *updated)
{
  PbCaseInfo *info = _pb_case_info_new (id, 0, "", "", "", "", "", "", "", "", "",
                                        PB_CASE_STATUS_DRAFT, PB_CASE_STATUS_DRAFT, PB_OUTCOME_INCOMPLETE,
                                        0, "", "", updated);

  g_object_set_qdata (G_OBJECT (info), unread_quark (), GINT_TO_POINTER (TRUE));

  return info;
}

/* Reads the page of @position. A case that cannot be read (the file went
 * away, another program holds it) still shows its id. */
static void
read_page (Rows  *rows,
           guint  position)
{
  g_autoptr(GError) error = NULL;
  guint start = position - position % PB_CASE_LIST_PAGE_SIZE;
  guint n = MIN (PB_CASE_LIST_PAGE_SIZE, rows->ids->len - start);
  PbCaseInfo **infos = (PbCaseInfo **) rows->items->pdata + start;
  const char * const *ids = (const char * const *) rows->ids->pdata + start;

  /* Some may be there already, kept from an older list. */
  for (guint i = 0; i < n; i++)
    rows->n_read += infos[i] == NULL;

  if (!_pb_case_store_read_case_infos (rows->store, ids, n, infos, &error))
    report_unread (rows, error);

  for (guint i = 0; i < n; i++)
    if (infos[i] == NULL)
      infos[i] = unread_case (ids[i], rows->updated->pdata[start + i]);
}

/* The rows that hold @position, which becomes its index there. */
static Rows *
locate (PbCaseList *self,
        guint      *position)
{
  if (self->next == NULL)
    return self->rows;
  if (*position < self->n_new)
    return self->next;

  *position = *position - self->n_new + self->old_start;
  return self->rows;
}

static gboolean
grow (gpointer data)
{
  PbCaseList *self = data;
  guint n;

  self->grow_source = 0;
  /* Not while an update tells of its changes (it cannot run then, in the
   * same thread), nor after the rows went. */
  if (self->next != NULL || self->rows->more == NULL)
    return G_SOURCE_REMOVE;

  n = self->rows->ids->len;
  if (rows_read_more (self->rows, more_ids) > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), n, 0, self->rows->ids->len - n);

  return G_SOURCE_REMOVE;
}

/* A view came near the end of the ids read: the next ones, once it is
 * done asking (views must not be told of a change while they read). */
static void
grow_soon (PbCaseList *self)
{
  GSource *source;

  if (self->grow_source != 0)
    return;

  source = g_idle_source_new ();
  g_source_set_callback (source, grow, g_object_ref (self), g_object_unref);
  g_source_set_static_name (source, "[probity] pb_case_list_grow");
  self->grow_source = g_source_attach (source, g_main_context_get_thread_default ());
  g_source_unref (source);
}

static GType
pb_case_list_get_item_type (GListModel *model)
{
  return PB_TYPE_CASE_INFO;
}

static guint
pb_case_list_get_n_items (GListModel *model)
{
  PbCaseList *self = PB_CASE_LIST (model);

  if (self->next != NULL)
    return self->n_new + self->rows->ids->len - self->old_start;

  return self->rows->ids->len;
}

static gpointer
pb_case_list_get_item (GListModel *model,
                       guint       position)
{
  PbCaseList *self = PB_CASE_LIST (model);
  Rows *rows;

  if (position >= pb_case_list_get_n_items (model))
    return NULL;

  rows = locate (self, &position);
  if (rows->items->pdata[position] == NULL)
    read_page (rows, position);
  if (rows == self->rows && rows->more != NULL && position + more_ids / 2 >= rows->ids->len)
    grow_soon (self);

  return g_object_ref (rows->items->pdata[position]);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = pb_case_list_get_item_type;
  iface->get_n_items = pb_case_list_get_n_items;
  iface->get_item = pb_case_list_get_item;
}

static void
pb_case_list_finalize (GObject *object)
{
  PbCaseList *self = (PbCaseList *)object;

  g_clear_pointer (&self->rows, rows_free);

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
}

/**
 * pb_case_list_new:
 *
 * An empty list, for a view to hold until pb_case_list_update() fills it.
 */
PbCaseList *
pb_case_list_new (void)
{
  return _pb_case_list_new (NULL);
}

PbCaseList *
_pb_case_list_new (PbCaseStore *store)
{
  PbCaseList *self = g_object_new (PB_TYPE_CASE_LIST, NULL);

  self->rows = rows_new (store);

  return self;
}

void
_pb_case_list_append (PbCaseList *self,
                      const char *id,
                      const char *updated)
{
  Rows *rows;

  g_assert (PB_IS_CASE_LIST (self));
  g_assert (self->next == NULL);

  rows = self->rows;
  rows_append (rows, id, updated);
}

void
_pb_case_list_append_read (PbCaseList *self,
                           const char *id,
                           const char *updated,
                           PbCaseInfo *info)
{
  Rows *rows;

  g_assert (PB_IS_CASE_LIST (self));
  g_assert (self->next == NULL);
  g_assert (PB_IS_CASE_INFO (info));

  rows = self->rows;
  rows_append (rows, id, updated);
  rows->items->pdata[rows->ids->len - 1] = g_object_ref (info);
  rows->n_read++;
}

guint
_pb_case_list_get_view_rows (void)
{
  return VIEW_ROWS;
}

guint
_pb_case_list_get_first_ids (void)
{
  return first_ids;
}

void
_pb_case_list_set_batch_sizes (guint first,
                               guint more)
{
  first_ids = first > 0 ? first : FIRST_IDS;
  more_ids = more > 0 ? more : MORE_IDS;
}

/* The list holds the first rows of a query; @more reads the others as a
 * view comes near the end, and @destroy frees @data with the rows. */
void
_pb_case_list_set_more (PbCaseList         *self,
                        PbCaseListMoreFunc  more,
                        gpointer            data,
                        GDestroyNotify      destroy)
{
  Rows *rows;

  g_assert (PB_IS_CASE_LIST (self));
  g_assert (self->next == NULL);

  rows = self->rows;
  g_assert (rows->more == NULL);
  if (rows->ids->len == 0)
    {
      if (destroy != NULL)
        destroy (data);
      return;
    }

  rows->more = more;
  rows->more_data = data;
  rows->more_destroy = destroy;
}

/* A view from the start asks for its first VIEW_ROWS rows at once, and
 * read in the view's thread they took a sixth of its time at each search
 * (bench-gui, callgrind): the worker that made the list reads them (in a
 * file, the query that found them read them already). */
void
_pb_case_list_read_ahead (PbCaseList *self)
{
  Rows *rows;
  guint n;

  g_assert (PB_IS_CASE_LIST (self));
  g_assert (self->next == NULL);

  rows = self->rows;
  n = MIN (rows->ids->len, VIEW_ROWS);
  for (guint position = 0; position < n; position += PB_CASE_LIST_PAGE_SIZE)
    if (rows->items->pdata[position] == NULL)
      read_page (rows, position);
}

const char *
_pb_case_list_get_id (PbCaseList *self,
                      guint       position)
{
  g_assert (PB_IS_CASE_LIST (self));
  g_assert (self->next == NULL);
  g_assert (position < self->rows->ids->len);

  return self->rows->ids->pdata[position];
}

const char *
_pb_case_list_get_updated (PbCaseList *self,
                           guint       position)
{
  g_assert (PB_IS_CASE_LIST (self));
  g_assert (self->next == NULL);
  g_assert (position < self->rows->ids->len);

  return self->rows->updated->pdata[position];
}

/**
 * pb_case_list_get_n_read:
 *
 * How many of the cases listed were read: those a view asked for, and the
 * rest of their pages.
 */
guint
pb_case_list_get_n_read (PbCaseList *self)
{
  g_return_val_if_fail (PB_IS_CASE_LIST (self), 0);

  return self->rows->n_read + (self->next != NULL ? self->next->n_read : 0);
}

/**
 * pb_case_list_find:
 *
 * Where @case_id is listed, or %GTK_INVALID_LIST_POSITION (G_MAXUINT); no
 * case is read for it.
 */
guint
pb_case_list_find (PbCaseList *self,
                   const char *case_id)
{
  g_return_val_if_fail (PB_IS_CASE_LIST (self), G_MAXUINT);
  g_return_val_if_fail (self->next == NULL, G_MAXUINT);
  g_return_val_if_fail (case_id != NULL, G_MAXUINT);

  for (guint i = 0; i < self->rows->ids->len; i++)
    if (strcmp (self->rows->ids->pdata[i], case_id) == 0)
      return i;

  return G_MAXUINT;
}

/* The same case, unchanged since @a was read. A case of @a that could
 * not be read is not: views are told of it, and read it again. */
static gboolean
same_row (Rows  *a,
          guint  i,
          Rows  *b,
          guint  j)
{
  return strcmp (a->ids->pdata[i], b->ids->pdata[j]) == 0 &&
         strcmp (a->updated->pdata[i], b->updated->pdata[j]) == 0 &&
         !is_unread (a->items->pdata[i]);
}

/* Whether row @i of @a comes before row @j of @b in the order the store
 * lists cases in: the most recently changed first. */
static gboolean
comes_before (Rows  *a,
              guint  i,
              Rows  *b,
              guint  j)
{
  int order = strcmp (a->updated->pdata[i], b->updated->pdata[j]);

  if (order == 0)
    order = strcmp (a->ids->pdata[i], b->ids->pdata[j]);

  return order > 0;
}

/* The list is now the first @n_new rows of the next, then the old rows
 * from @old_start on: tells views of @removed old rows and @added new ones
 * at @position. */
static void
tell (PbCaseList *self,
      guint       n_new,
      guint       old_start,
      guint       position,
      guint       removed,
      guint       added)
{
  self->n_new = n_new;
  self->old_start = old_start;
  if (removed > 0 || added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

/* Row @j of @next is row @i of @old: it shares the item read for it,
 * which stays where it was too, while views are told of the change. */
static gboolean
keep_item (Rows  *old,
           guint  i,
           Rows  *next,
           guint  j)
{
  if (old->items->pdata[i] == NULL)
    return FALSE;

  if (next->items->pdata[j] == NULL)
    next->n_read++;
  unref_item (next->items->pdata[j]);
  next->items->pdata[j] = g_object_ref (old->items->pdata[i]);

  return TRUE;
}

/* One step of a walk along both lists in the store's order, at old row
 * @i and new row @j, neither the same as the other: whether the old row
 * goes (else the new one comes). */
static gboolean
old_row_goes (Rows  *old,
              guint  i,
              Rows  *next,
              guint  j)
{
  return j >= next->ids->len || (i < old->ids->len && comes_before (old, i, next, j));
}

/* Whether the lists differ in at most MAX_CHANGES_TOLD places and
 * MAX_ROWS_TOLD rows: a change a view can be told place by place. Each
 * change that takes rows out of a view brings others in, for which GTK
 * builds widgets that the next change may drop: a search that keeps 20
 * cases of 100,000 in 21 places cost 2.4 s of CPU told that way. */
static gboolean
differ_little (Rows *old,
               Rows *next)
{
  guint i = 0, j = 0, n_changes = 0, n_rows = 0;
  gboolean in_change = FALSE;

  while (i < old->ids->len || j < next->ids->len)
    {
      if (i < old->ids->len && j < next->ids->len && same_row (old, i, next, j))
        {
          in_change = FALSE;
          i++, j++;
          continue;
        }
      if (!in_change && ++n_changes > MAX_CHANGES_TOLD)
        return FALSE;
      if (++n_rows > MAX_ROWS_TOLD)
        return FALSE;
      in_change = TRUE;
      if (old_row_goes (old, i, next, j))
        i++;
      else
        j++;
    }

  return TRUE;
}

/* Tells each place the lists differ at as its own change: every row that
 * stays keeps its item, its widgets and its place on screen, and a view
 * keeps what it shows and what is selected. */
static void
update_exactly (PbCaseList *self,
                Rows       *old,
                Rows       *next)
{
  guint i = 0, j = 0, change_i = 0, change_j = 0;

  while (TRUE)
    {
      gboolean at_end = i >= old->ids->len && j >= next->ids->len;

      if (at_end || (i < old->ids->len && j < next->ids->len && same_row (old, i, next, j)))
        {
          /* New rows from @change_j to @j took the place of old ones from
           * @change_i to @i. */
          tell (self, j, i, change_j, i - change_i, j - change_j);
          if (at_end)
            break;
          keep_item (old, i, next, j);
          change_i = ++i;
          change_j = ++j;
        }
      else if (old_row_goes (old, i, next, j))
        i++;
      else
        j++;
    }
}

/* Tells a change of many places, for a view that shows the list from its
 * start, in one of two ways, for GTK 4.8's list views, which drop the
 * widgets of the rows a change takes out (unless the same item comes back
 * in that change) and build new ones.
 *
 * When most of the rows in view stay, in three: the old rows in view go
 * and the new ones come in one change, so that the rows that stay keep
 * their widgets and a few are built; then the rest of the old rows go,
 * then the rest of the new ones come, which no view reads until it shows
 * them. Told as one, GTK would read every new row, looking for the ones
 * it showed.
 *
 * Else (a filter that keeps a fifth of the cases), in one: the old rows
 * from the first that differs are replaced by the new ones. The window's
 * rows (pb-case-slots.c) show the new cases in the widgets of the old
 * ones and tell GTK only of the rows added or removed at the end, which
 * it neither shows nor reads: making and dropping the widgets took half
 * of a filter's time on GTK's thread. */
static void
update_many (PbCaseList *self,
             Rows       *old,
             Rows       *next)
{
  guint n_view = MIN (next->ids->len, VIEW_ROWS);
  guint n_same = 0;
  guint n_kept = 0;
  guint i = 0, j = 0;
  guint n_out;

  /* One walk along both, in the store's order, for the first rows. */
  while (j < n_view)
    {
      if (i < old->ids->len && same_row (old, i, next, j))
        {
          gboolean kept = keep_item (old, i, next, j);

          /* Where nothing changed before it, it is not told at all. */
          if (i == j && n_same == j)
            n_same++;
          else
            n_kept += kept;
          i++, j++;
        }
      else if (i < old->ids->len && comes_before (old, i, next, j))
        i++;
      else
        j++;
    }

  if (n_kept * 5 >= (n_view - n_same) * 4)
    {
      /* The old rows up to @i are now the new rows up to @n_view. */
      tell (self, n_view, i, n_same, i - n_same, n_view - n_same);
      tell (self, n_view, old->ids->len, n_view, old->ids->len - i, 0);
    }
  else
    {
      /* The first old row that changed goes, and with it the place the
       * view was anchored at, which would else follow it down: the view
       * stays at the start, where the new rows come. Its item comes back
       * as another of the same case, not as the row GTK would look for
       * and scroll to (read anew, its page took a tenth of the change). */
      n_out = MIN (1, old->ids->len - MIN (n_same, old->ids->len));
      for (j = n_same; n_out > 0 && j < n_view; j++)
        if (next->items->pdata[j] != NULL && next->items->pdata[j] == old->items->pdata[n_same])
          {
            PbCaseInfo *copy = _pb_case_info_copy (next->items->pdata[j]);

            g_object_unref (next->items->pdata[j]);
            next->items->pdata[j] = copy;
          }
      /* In one change, rows in place of rows: a view whose rows can show
       * another case keeps them (the window's, pb-case-slots.c). */
      tell (self, next->ids->len, old->ids->len, n_same, old->ids->len - n_same, next->ids->len - n_same);
      return;
    }
  tell (self, next->ids->len, old->ids->len, n_view, 0, next->ids->len - n_view);
}

/**
 * pb_case_list_update:
 * @self: the list a view holds
 * @other: a newer list of the same store (pb_case_store_list_cases()),
 *   which this leaves empty
 *
 * Makes @self list what @other lists. A case read before (a view asked for
 * it) that is still listed, unchanged, keeps its item, so that a view
 * keeps its widgets.
 *
 * A change of a few rows in a few places (another person changed a case: it
 * went from its place to the top) is told place by place, so that a view
 * keeps what it shows, where it is scrolled to, and what is selected. A
 * larger one (a new search) is told in one change from the first row that
 * differs, the old rows replaced by the new ones, or, where most of the
 * rows a view shows first stay, in three.
 *
 * The rows it replaces are freed once the thread's main context is idle.
 */
void
pb_case_list_update (PbCaseList *self,
                     PbCaseList *other)
{
  Rows *old, *next;

  g_return_if_fail (PB_IS_CASE_LIST (self));
  g_return_if_fail (PB_IS_CASE_LIST (other));
  g_return_if_fail (self != other);
  g_return_if_fail (self->next == NULL && other->next == NULL);

  old = self->rows;
  next = other->rows;
  other->rows = rows_new (NULL);
  /* A list for a view on a server holds its first ids: it reads on as
   * far as the old one had grown, so that a change past them is told
   * where it is and a view scrolled there keeps its place. */
  if (next->more != NULL && next->ids->len < old->ids->len)
    rows_read_more (next, old->ids->len - next->ids->len);
  self->next = next;

  if (differ_little (old, next))
    update_exactly (self, old, next);
  else
    update_many (self, old, next);

  self->rows = next;
  self->next = NULL;
  rows_free_later (old);
}
