/* test-actor.h: who acts on a store in the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-case-store.h"

/* From now on @store records @name as a legal reviewer, the role that may
 * do everything; tests of the roles' limits set their own actors. */
static inline void
pb_test_act_as (PbCaseStore *store,
                const char  *name)
{
  g_autoptr(PbActor) actor = pb_actor_new (name, PB_ROLE_REVIEWER, NULL);

  pb_case_store_set_actor (store, actor);
}

/* The organisation a report made now would name beside @store's signer
 * (pb_case_store_dup_acting_organisation()), kept with @store. */
static inline const char *
pb_test_organisation (PbCaseStore *store)
{
  char *organisation = pb_case_store_dup_acting_organisation (store);

  g_object_set_data_full (G_OBJECT (store), "pb-test-organisation", organisation, g_free);

  return organisation;
}

/* Signs off the current revision as @signer_name with the made-up report
 * @report, the way the workflow does: deciding @decision first when the
 * revision is only submitted, then sealing what a report of the revision
 * would print now. */
static inline PbSignOff *
pb_test_sign (PbCaseStore   *store,
              const char    *case_id,
              const char    *signer_name,
              PbCaseStatus   decision,
              const char    *reason,
              const char    *conditions,
              const char    *report_sha256,
              GBytes        *report,
              GError       **error)
{
  g_autoptr(PbCaseSnapshot) snapshot = NULL;

  if (pb_case_store_get_status (store, case_id, 0, NULL) == PB_CASE_STATUS_SUBMITTED &&
      !pb_case_store_decide (store, case_id, decision, reason != NULL ? reason : "Signed off",
                             conditions, NULL, error))
    return NULL;

  if (!(snapshot = pb_case_store_read_snapshot (store, case_id, 0, error)))
    return NULL;

  return pb_case_store_sign (store, case_id, pb_case_snapshot_get_revision (snapshot),
                             pb_case_snapshot_get_answers_fingerprint (snapshot),
                             pb_case_snapshot_get_history_head (snapshot),
                             signer_name, NULL, "en", report_sha256, report,
                             pb_test_organisation (store), error);
}
