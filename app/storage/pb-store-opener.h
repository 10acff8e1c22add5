/* pb-store-opener.h: what a worker thread needs to open a store of its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-case-store.h"

G_BEGIN_DECLS

/* A store's file (or server) and actor, copied in the calling thread, so
 * that a worker thread opens a store of its own on them: a store is used
 * by one thread; stores on one file share its connection. */
typedef struct _PbStoreOpener PbStoreOpener;

PbStoreOpener      *pb_store_opener_new         (PbCaseStore          *store);
/* Opens the store, acting as the actor @store had, in any thread. */
PbCaseStore        *pb_store_opener_open        (const PbStoreOpener  *self,
                                                 PbCaseStoreFlags      flags,
                                                 GError              **error);
void                pb_store_opener_free        (PbStoreOpener        *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbStoreOpener, pb_store_opener_free)

G_END_DECLS
