/* pb-store-opener.c: what a worker thread needs to open a store of its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-store-opener.h"

struct _PbStoreOpener
{
  char    *path;
  PbActor *actor;
};

PbStoreOpener *
pb_store_opener_new (PbCaseStore *store)
{
  PbStoreOpener *self;
  PbActor *actor;

  g_return_val_if_fail (PB_IS_CASE_STORE (store), NULL);

  self = g_new0 (PbStoreOpener, 1);
  self->path = g_strdup (pb_case_store_get_path (store));
  actor = pb_case_store_get_actor (store);
  self->actor = actor != NULL ? g_object_ref (actor) : NULL;

  return self;
}

PbCaseStore *
pb_store_opener_open (const PbStoreOpener  *self,
                      PbCaseStoreFlags      flags,
                      GError              **error)
{
  PbCaseStore *store;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((store = pb_case_store_open (self->path, flags, error)) != NULL)
    pb_case_store_set_actor (store, self->actor);

  return store;
}

void
pb_store_opener_free (PbStoreOpener *self)
{
  if (self == NULL)
    return;

  g_free (self->path);
  g_clear_object (&self->actor);
  g_free (self);
}
