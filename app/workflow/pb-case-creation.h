/* pb-case-creation.h: a new case for a customer and a product, with what
 * their records already say answered
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pb-case-store.h"

G_BEGIN_DECLS

/* Answers, in @case_id, the questions of @questionnaire that would ask
 * again what the customer's and product's records say (country, entity
 * type, product family, capabilities: pb_case_facts_to_answers()), each
 * with a comment saying where it comes from. Every fact is tried; FALSE
 * with the first error when one could not be saved. */
gboolean  pb_workflow_carry_case_facts  (PbCaseStore      *store,
                                         const char       *case_id,
                                         PbQuestionnaire  *questionnaire,
                                         PbCustomer       *customer,
                                         PbProduct        *product,
                                         GError          **error);

G_END_DECLS
