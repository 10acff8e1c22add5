/* fuzz-case-file.c: importing a case file someone handed us
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is written to a file and imported into a fresh copy of a small
 * store. An import that fails must leave the store as it was; one that
 * succeeds must give a case the store can show, evaluate and verify.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "fuzz.h"
#include "pb-case-store.h"
#include "pb-data.h"
#include "pb-evaluation.h"

static char *dir;
static char *store_path;
static char *case_path;
static GBytes *template;   /* a store with one case of its own */
static PbActor *actor;

static void
remove_store (void)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (store_path, suffixes[i], NULL);

      g_unlink (path);
    }
}

static void
cleanup (void)
{
  remove_store ();
  g_unlink (case_path);
  g_rmdir (dir);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(PbQuestionnaire) questionnaire = NULL;
  g_autoptr(PbCustomer) customer = NULL;
  g_autoptr(PbProduct) product = NULL;
  g_autofree char *case_id = NULL;
  char *contents;
  gsize length;

  fuzz_init ();
  dir = g_dir_make_tmp ("pb-fuzz-case-XXXXXX", &error);
  g_assert_no_error (error);
  store_path = g_build_filename (dir, "store.db", NULL);
  case_path = g_build_filename (dir, "input.probity", NULL);
  atexit (cleanup);

  actor = pb_actor_new ("Fuzz", PB_ROLE_REVIEWER, NULL);
  store = pb_case_store_new (store_path, &error);
  g_assert_no_error (error);
  pb_case_store_set_actor (store, actor);
  questionnaire = pb_data_load_questionnaire ("governance", &error);
  g_assert_no_error (error);
  customer = pb_case_store_add_customer (store, "Template Customer", NULL, "SE", NULL, NULL, &error);
  g_assert_no_error (error);
  product = pb_case_store_add_product (store, "Template Product", "1", "camera", NULL, &error);
  g_assert_no_error (error);
  case_id = pb_case_store_create_case (store, pb_customer_get_uid (customer), pb_product_get_uid (product),
                                       questionnaire, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  g_file_get_contents (store_path, &contents, &length, &error);
  g_assert_no_error (error);
  template = g_bytes_new_take (contents, length);

  return 0;
}

static guint
count_cases (PbCaseStore *store)
{
  g_autoptr(GListModel) cases = pb_case_store_list_cases (store, NULL, NULL);

  fuzz_assert (cases != NULL, "the store cannot list its cases");
  return g_list_model_get_n_items (cases);
}

/* What `case show`, `case verify` and a report read of an imported case:
 * each may refuse, none may crash or hang. */
static void
read_case (PbCaseStore *store,
           const char  *case_id)
{
  g_autoptr(PbCaseInfo) info = pb_case_store_get_case (store, case_id, NULL);
  guint n_revisions = pb_case_store_get_n_revisions (store, case_id, NULL);
  PbQuestionnaire *questionnaire;
  GListModel *history;

  fuzz_assert (info != NULL, "the imported case %s cannot be read", case_id);

  questionnaire = pb_case_store_load_questionnaire (store, case_id, NULL);
  history = pb_case_store_list_history (store, case_id, NULL);
  g_clear_object (&questionnaire);
  g_clear_object (&history);

  for (guint revision = 1; revision <= n_revisions && revision <= 8; revision++)
    {
      PbEvaluation *evaluation = pb_case_store_evaluate (store, case_id, revision, NULL);
      GListModel *answers = pb_case_store_list_answers (store, case_id, revision, NULL);

      g_clear_object (&evaluation);
      g_clear_object (&answers);
      g_free (pb_case_store_get_answers_fingerprint (store, case_id, revision, NULL));
    }

  pb_case_store_verify_case (store, case_id, NULL, NULL, NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(PbCaseStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = NULL;
  gboolean changed = FALSE;
  guint before;

  remove_store ();
  if (!g_file_set_contents (store_path, g_bytes_get_data (template, NULL), g_bytes_get_size (template), &error) ||
      !g_file_set_contents (case_path, (const char *) data, size, &error))
    g_error ("%s", error->message);

  store = pb_case_store_new (store_path, &error);
  fuzz_assert (store != NULL, "the template store does not open: %s", error->message);
  pb_case_store_set_actor (store, actor);
  before = count_cases (store);

  if (!pb_case_store_import_case (store, case_path, &case_id, &changed, &error))
    {
      fuzz_assert (error != NULL, "refused without an error");
      fuzz_assert (count_cases (store) == before, "a refused import changed the store: %s", error->message);
      fuzz_refused (error);
      return 0;
    }

  fuzz_assert (case_id != NULL, "imported, but no case id");
  read_case (store, case_id);

  return 0;
}
