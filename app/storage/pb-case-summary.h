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
 * questionnaire and version, status (and for a draft sent back, who sent
 * it back, when and why), decision and who signed, outcome,
 * answers, then the flags, the most severe first. */
char *pb_case_summary_to_text (PbCaseStore  *store,
                               const char   *case_id,
                               PbCountries  *countries,
                               GError      **error);

/* For a revision (0: the current one) in draft because a reviewer sent it
 * back: the history's last status change of that revision, to draft, which
 * says who sent it back, when, and why. NULL otherwise (a draft never
 * submitted, or not a draft), and NULL with @error set on failure. */
PbHistoryEvent *pb_case_summary_find_sent_back     (PbCaseStore     *store,
                                                    const char      *case_id,
                                                    guint            revision,
                                                    GError         **error);
/* "Ingrid Larsson (Legal reviewer, Nordvik Legal), 2 December 2026 09:14
 * UTC": who sent @event's draft back, and when. */
char           *pb_case_summary_describe_sent_back (PbHistoryEvent  *event);

G_END_DECLS
