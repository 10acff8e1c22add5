/* pb-case-summary.h: one case on one page, as text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-case-store.h"
#include "pb-countries.h"

G_BEGIN_DECLS

/* The current revision of @case_id in lines of "Label  value": customer
 * and country (named from @countries, or its code when NULL), product,
 * questionnaire and version, status, decision and who signed, outcome,
 * answers, then the flags, the most severe first. */
char *pb_case_summary_to_text (PbCaseStore  *store,
                               const char   *case_id,
                               PbCountries  *countries,
                               GError      **error);

G_END_DECLS
