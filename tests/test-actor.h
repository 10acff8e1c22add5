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
