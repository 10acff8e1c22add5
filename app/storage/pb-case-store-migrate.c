/* pb-case-store-migrate.c: carrying a case into a newer questionnaire
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pb-case-store.h"
#include "pb-migration.h"

/**
 * pb_case_store_migrate_case:
 * @self: a store
 * @case_id: a case
 * @to: the newer questionnaire, which documents a <migration> from the one
 *   the case is pinned to
 * @changes: (out) (optional) (element-type PbMigrationChange): what happened
 *   to each answer
 * @error: return location for an error
 *
 * A case stays pinned to the questionnaire it was answered under. This
 * carries the answers of its current revision into @to through the mapping
 * @to documents, as a new case for the same customer and product, pinned to
 * @to and to the reference data in use; the case itself is not touched. The
 * new case's answer events name the case they were carried from.
 *
 * Returns: (transfer full): the new case's id, or %NULL
 */
char *
pb_case_store_migrate_case (PbCaseStore      *self,
                            const char       *case_id,
                            PbQuestionnaire  *to,
                            GPtrArray       **changes,
                            GError          **error)
{
  g_autoptr(PbCaseInfo) info = NULL;
  g_autoptr(PbQuestionnaire) from = NULL;
  g_autoptr(PbAnswerSet) answers = NULL;
  g_autoptr(PbAnswerSet) migrated = NULL;
  g_autoptr(GPtrArray) local_changes = NULL;
  g_autofree char *new_id = NULL;
  g_autofree char *reason = NULL;

  g_return_val_if_fail (PB_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);
  g_return_val_if_fail (PB_IS_QUESTIONNAIRE (to), NULL);

  if (!(info = pb_case_store_get_case (self, case_id, error)) ||
      !(from = pb_case_store_load_questionnaire (self, case_id, error)) ||
      !(answers = pb_case_store_get_answers (self, case_id, pb_case_info_get_revision (info), error)) ||
      !(migrated = pb_questionnaire_migrate_answers (to, from, answers, &local_changes, error)))
    return NULL;

  if (!(new_id = pb_case_store_create_case (self, pb_case_info_get_customer_uid (info),
                                            pb_case_info_get_product_uid (info), to, error)))
    return NULL;

  /* Translators: a case id, then a questionnaire version */
  reason = g_strdup_printf (_("Carried from case %s (questionnaire %s) by the documented migration"),
                            case_id, pb_questionnaire_get_version (from));
  if (pb_answer_set_get_size (migrated) > 0 &&
      !pb_case_store_set_answers (self, new_id, migrated, reason, error))
    return NULL;

  if (changes != NULL)
    *changes = g_steal_pointer (&local_changes);

  return g_steal_pointer (&new_id);
}
