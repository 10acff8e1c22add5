/* pb-store-task.h: store work in a worker thread, off the main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-case-store.h"

G_BEGIN_DECLS

/* The work: runs in a worker thread on @store, a store of its own on the
 * window's file, acting as the window's store's actor. Returns a result
 * freed with the @result_free given to pb_store_task_run_async(), or NULL
 * and @error. */
typedef gpointer (*PbStoreTaskFunc) (PbCaseStore   *store,
                                     gpointer       data,
                                     GCancellable  *cancellable,
                                     GError       **error);

/* Runs @func on a store opened on @store's file with @flags (the file
 * shares @store's connection). @cancellable is checked before the work
 * starts (G_IO_ERROR_CANCELLED); after that the work checks it itself, and
 * work that writes checks it before it writes and then writes in one
 * transaction: a result that was stored is returned, cancelled or not. */
void      pb_store_task_run_async (PbCaseStore         *store,
                                   PbCaseStoreFlags     flags,
                                   PbStoreTaskFunc      func,
                                   gpointer             data,
                                   GDestroyNotify       data_free,
                                   GDestroyNotify       result_free,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
gpointer  pb_store_task_run_finish (GAsyncResult       *result,
                                    GError            **error);

G_END_DECLS
