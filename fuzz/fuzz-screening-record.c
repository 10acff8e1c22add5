/* fuzz-screening-record.c: the data of a screened event, as a case file
 * may carry it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is recorded as a screening of a fresh case, through the check
 * the verifier makes of every screened event. A refusal must be a storage
 * error that leaves the history as it was; a screening recorded must verify,
 * replay with at least one edition and one party, and give the rating its
 * facts; every hit's entry must hash to its SHA-256.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "fuzz.h"
#include "pb-case-screening.h"
#include "pb-data.h"

static char *dir;
static char *store_path;
static PbCaseStore *store;
static char *customer_uid;
static char *product_uid;
static PbQuestionnaire *questionnaire;

static void
cleanup (void)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  g_clear_object (&store);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (store_path, suffixes[i], NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PbActor) actor = pb_actor_new ("Fuzz", PB_ROLE_REVIEWER, NULL);
  g_autoptr(PbCustomer) customer = NULL;
  g_autoptr(PbProduct) product = NULL;

  fuzz_init ();
  dir = g_dir_make_tmp ("pb-fuzz-screening-XXXXXX", &error);
  g_assert_no_error (error);
  store_path = g_build_filename (dir, "store.db", NULL);
  atexit (cleanup);

  store = pb_case_store_new (store_path, &error);
  g_assert_no_error (error);
  pb_case_store_set_actor (store, actor);
  questionnaire = pb_data_load_questionnaire ("surveillance-export", &error);
  g_assert_no_error (error);
  customer = pb_case_store_add_customer (store, "Rosoboronexport JSC", NULL, "RU", NULL, NULL, &error);
  g_assert_no_error (error);
  product = pb_case_store_add_product (store, "VMS", "7", "vms", NULL, &error);
  g_assert_no_error (error);
  customer_uid = g_strdup (pb_customer_get_uid (customer));
  product_uid = g_strdup (pb_product_get_uid (product));

  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autofree char *case_id = NULL;
  g_autofree char *head_before = NULL;
  g_autofree char *head_after = NULL;
  g_autoptr(PbCaseScreening) screening = NULL;
  g_autoptr(PbAnswerSet) facts = NULL;
  PbScreeningRun *run;
  guint event;

  case_id = pb_case_store_create_case (store, customer_uid, product_uid, questionnaire, &error);
  fuzz_assert (case_id != NULL, "no case: %s", error->message);
  g_free (pb_case_store_add_party (store, case_id, "end-user", "Hangzhou Hikvision", "CN", NULL, &error));
  fuzz_assert (error == NULL, "no party: %s", error->message);
  head_before = pb_case_store_get_history_head (store, case_id, NULL, NULL);

  event = pb_case_store_record_screening (store, case_id, text, &error);
  if (event == 0)
    {
      fuzz_assert (error != NULL && error->domain == PB_STORAGE_ERROR, "a refusal without a storage error");
      head_after = pb_case_store_get_history_head (store, case_id, NULL, NULL);
      fuzz_assert (g_strcmp0 (head_before, head_after) == 0, "a refused screening changed the history");
      return 0;
    }

  fuzz_assert (pb_case_store_verify_case (store, case_id, NULL, NULL, &error),
               "a recorded screening does not verify: %s", error->message);
  screening = pb_case_store_get_screening (store, case_id, 0, &error);
  fuzz_assert (screening != NULL, "a recorded screening does not replay: %s", error->message);
  run = pb_case_screening_get_latest (screening);
  fuzz_assert (run != NULL && run->event == event, "the screening is not the latest");
  fuzz_assert (run->editions->len > 0 && run->party_ids->len > 0, "a screening without editions or parties");
  for (guint i = 0; i < run->hits->len; i++)
    {
      PbCaseHit *hit = g_ptr_array_index (run->hits, i);
      g_autofree char *sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, hit->entry_json, -1);

      fuzz_assert (g_strcmp0 (sha256, hit->entry_sha256) == 0, "a hit whose entry does not hash to its SHA-256");
      fuzz_assert (hit->score >= 0 && hit->score <= 1, "a score of %f", hit->score);
    }
  facts = pb_case_screening_get_facts (screening, NULL);
  fuzz_assert (facts != NULL, "a screened case without facts");
  g_clear_object (&facts);

  return 0;
}
