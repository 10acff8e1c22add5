/* pb-case-screener.h: screening the parties of a case and recording it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-case-screening.h"
#include "pb-screening-index.h"

G_BEGIN_DECLS

/* The sanctions questions of the questionnaire (S2.02a-i) that a list
 * edition answers "clear" when it finds nothing: the EU, UN and UK lists
 * their own; the US Consolidated Screening List those of SDN, Entity List,
 * MEU, Denied Persons and Unverified List. An aggregate (OpenSanctions)
 * answers none: what it does not hold says nothing. NULL-terminated. */
const char * const *pb_screening_list_questions  (const char     *list_id);
/* The question a hit on an entry answers, by its list and, within an
 * aggregate, the list the entry comes from; NULL when no question asks
 * about that list (the hit is still shown and decided). */
const char         *pb_screening_entry_question  (const char     *list_id,
                                                  const char     *source_list);

/* Screens every party of the case (the customer with its aliases, the
 * parties added) against @index and records the screening in the case's
 * history: the editions (publisher, date, SHA-256), the parties and each
 * hit with the listed entry and its explained score. A hit on an entry a
 * reviewer already decided for the same party comes back decided. Returns
 * the screened event's number, 0 on error. */
guint               pb_case_screen               (PbCaseStore      *store,
                                                  const char       *case_id,
                                                  PbScreeningIndex *index,
                                                  double            threshold,
                                                  GError          **error);

/* Whether the case was screened before and a list it used has a newer
 * edition, or a list was imported since; FALSE with @error set on error. */
gboolean            pb_case_needs_rescreening    (PbCaseStore      *store,
                                                  const char       *case_id,
                                                  GError          **error);

/* Screens the case again when it was screened before and a list it used
 * has a newer edition, or a list was imported since (for submitting and
 * signing). Returns the new screened event's number; 0 with no error when
 * there was nothing to do. */
guint               pb_case_rescreen_if_outdated (PbCaseStore      *store,
                                                  const char       *case_id,
                                                  GError          **error);

G_END_DECLS
