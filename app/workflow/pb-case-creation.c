/* pb-case-creation.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-case-creation"

#include "config.h"

#include <glib/gi18n.h>

#include "pb-case-creation.h"
#include "pb-case-facts.h"

gboolean
pb_workflow_carry_case_facts (PbCaseStore      *store,
                              const char       *case_id,
                              PbQuestionnaire  *questionnaire,
                              PbCustomer       *customer,
                              PbProduct        *product,
                              GError          **error)
{
  PbCaseFacts facts = {
    .country = customer ? pb_customer_get_country (customer) : NULL,
    .entity_type = customer ? pb_customer_get_entity_type (customer) : NULL,
    .family = product ? pb_product_get_family (product) : NULL,
    .capabilities = product ? pb_product_get_capabilities (product) : NULL,
  };
  g_autoptr(PbAnswerSet) answers = NULL;
  g_auto(GStrv) ids = NULL;
  g_autoptr(GError) first = NULL;

  g_return_val_if_fail (PB_IS_CASE_STORE (store), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);
  g_return_val_if_fail (PB_IS_QUESTIONNAIRE (questionnaire), FALSE);

  answers = pb_case_facts_to_answers (questionnaire, &facts);
  ids = pb_answer_set_dup_ids (answers);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;

      if (!pb_case_store_set_answer (store, case_id, ids[i], pb_answer_set_lookup (answers, ids[i]),
                                     _("From the new assessment: the customer and product records. Check it for this deal."),
                                     NULL, NULL, &local_error) && first == NULL)
        first = g_steal_pointer (&local_error);
    }

  if (first != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&first));
      return FALSE;
    }

  return TRUE;
}
