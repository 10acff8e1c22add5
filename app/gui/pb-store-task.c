/* pb-store-task.c: store work in a worker thread, off the main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-store-task"

#include "config.h"

#include "pb-store-opener.h"
#include "pb-store-task.h"

typedef struct
{
  PbStoreOpener    *opener;
  PbCaseStoreFlags  flags;
  PbStoreTaskFunc   func;
  gpointer          data;
  GDestroyNotify    data_free;
  GDestroyNotify    result_free;
} StoreTask;

static void
store_task_free (StoreTask *task)
{
  pb_store_opener_free (task->opener);
  if (task->data_free != NULL)
    task->data_free (task->data);
  g_free (task);
}

static void
run_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  StoreTask *data = task_data;
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gpointer result;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!(store = pb_store_opener_open (data->opener, data->flags, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  result = data->func (store, data->data, cancellable, &error);
  if (result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, data->result_free);
}

void
pb_store_task_run_async (PbCaseStore         *store,
                         PbCaseStoreFlags     flags,
                         PbStoreTaskFunc      func,
                         gpointer             data,
                         GDestroyNotify       data_free,
                         GDestroyNotify       result_free,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  StoreTask *task_data;

  g_return_if_fail (PB_IS_CASE_STORE (store));
  g_return_if_fail (func != NULL);

  task_data = g_new0 (StoreTask, 1);
  task_data->opener = pb_store_opener_new (store);
  task_data->flags = flags;
  task_data->func = func;
  task_data->data = data;
  task_data->data_free = data_free;
  task_data->result_free = result_free;

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, pb_store_task_run_async);
  g_task_set_task_data (task, task_data, (GDestroyNotify) store_task_free);
  /* A result stored before Cancel came is what happened: say so, rather
   * than the GTask default of answering "cancelled" over it. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, run_in_thread);
}

gpointer
pb_store_task_run_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pb_store_task_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
