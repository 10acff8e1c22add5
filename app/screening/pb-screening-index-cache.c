/* pb-screening-index-cache.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-screening"

#include "config.h"

#include "pb-screening-index-cache.h"

struct _PbScreeningIndexCache
{
  GObject           parent_instance;

  char             *location;   /* its key in the registry */
  GMutex            lock;       /* held while an index is looked up or built */
  PbScreeningIndex *index;
  guint             n_built;
};

G_DEFINE_FINAL_TYPE (PbScreeningIndexCache, pb_screening_index_cache, G_TYPE_OBJECT)

/* The caches alive: a store's location -> GWeakRef. */
static GMutex registry_lock;
static GHashTable *registry;

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

/* Whether @a and @b are the same editions of one database, in order. */
static gboolean
same_editions (GPtrArray *a,
               GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      PbListEdition *x = g_ptr_array_index (a, i);
      PbListEdition *y = g_ptr_array_index (b, i);

      if (pb_list_edition_get_id (x) != pb_list_edition_get_id (y) ||
          g_strcmp0 (pb_list_edition_get_file_sha256 (x), pb_list_edition_get_file_sha256 (y)) != 0)
        return FALSE;
    }

  return TRUE;
}

static void
pb_screening_index_cache_finalize (GObject *object)
{
  PbScreeningIndexCache *self = PB_SCREENING_INDEX_CACHE (object);
  GObject *successor = NULL;
  GWeakRef *ref;

  /* Another thread may have made a new cache for the location since. */
  g_mutex_lock (&registry_lock);
  if ((ref = g_hash_table_lookup (registry, self->location)) != NULL && (successor = g_weak_ref_get (ref)) == NULL)
    g_hash_table_remove (registry, self->location);
  g_mutex_unlock (&registry_lock);
  /* Out of the lock: this may be the last reference, and finalize it. */
  g_clear_object (&successor);

  g_clear_object (&self->index);
  g_clear_pointer (&self->location, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (pb_screening_index_cache_parent_class)->finalize (object);
}

static void
pb_screening_index_cache_class_init (PbScreeningIndexCacheClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pb_screening_index_cache_finalize;
}

static void
pb_screening_index_cache_init (PbScreeningIndexCache *self)
{
  g_mutex_init (&self->lock);
}

PbScreeningIndexCache *
pb_screening_index_cache_get_for_store (PbCaseStore *store)
{
  PbScreeningIndexCache *self;
  GWeakRef *ref;

  g_return_val_if_fail (PB_IS_CASE_STORE (store), NULL);

  g_mutex_lock (&registry_lock);
  if (registry == NULL)
    registry = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) weak_ref_free);
  if ((ref = g_hash_table_lookup (registry, pb_case_store_get_path (store))) == NULL)
    {
      ref = g_new0 (GWeakRef, 1);
      g_weak_ref_init (ref, NULL);
      g_hash_table_insert (registry, g_strdup (pb_case_store_get_path (store)), ref);
    }
  if ((self = g_weak_ref_get (ref)) == NULL)
    {
      self = g_object_new (PB_TYPE_SCREENING_INDEX_CACHE, NULL);
      self->location = g_strdup (pb_case_store_get_path (store));
      g_weak_ref_set (ref, self);
    }
  g_mutex_unlock (&registry_lock);

  return self;
}

PbScreeningIndex *
pb_screening_index_cache_get_index (PbScreeningIndexCache  *self,
                                    PbCaseStore            *store,
                                    GPtrArray              *editions,
                                    GError                **error)
{
  g_autoptr(GPtrArray) current = editions != NULL ? g_ptr_array_ref (editions) : NULL;
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (PB_IS_SCREENING_INDEX_CACHE (self), NULL);
  g_return_val_if_fail (PB_IS_CASE_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (current == NULL && !(current = pb_case_store_list_editions (store, TRUE, error)))
    return NULL;

  locker = g_mutex_locker_new (&self->lock);
  if (self->index == NULL || !same_editions (pb_screening_index_get_editions (self->index), current))
    {
      /* Let the old index go first: its memory is freed as soon as the
       * screenings still using it end, not after the new one is built. */
      g_clear_object (&self->index);
      if (!(self->index = pb_screening_index_new (store, current, error)))
        return NULL;
      self->n_built++;
    }

  return g_object_ref (self->index);
}

void
pb_screening_index_cache_forget (PbScreeningIndexCache *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (PB_IS_SCREENING_INDEX_CACHE (self));

  locker = g_mutex_locker_new (&self->lock);
  g_clear_object (&self->index);
}

guint
pb_screening_index_cache_get_n_built (PbScreeningIndexCache *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (PB_IS_SCREENING_INDEX_CACHE (self), 0);

  locker = g_mutex_locker_new (&self->lock);

  return self->n_built;
}
