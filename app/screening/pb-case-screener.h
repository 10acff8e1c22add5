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

/* The thresholds a screening is recorded at: from the lowest (more
 * possible matches to decide) up to the default the matcher is tuned at
 * (PB_NAME_MATCH_THRESHOLD). Above it a screening misses spellings of
 * listed names that Probity's own finds, so its "nothing found" would say
 * less than it seems: pb_case_screen() refuses one, and a recorded run at
 * one is refused by pb_case_check_screening(). */
#define PB_SCREENING_MIN_THRESHOLD 0.5
gboolean            pb_screening_threshold_is_valid (double       threshold);

/* Screens every party of the case (the customer with its aliases, the
 * parties added) against @index and records the screening in the case's
 * history: the editions (publisher, date, SHA-256), the parties and each
 * hit with the listed entry and its explained score. A hit on an entry a
 * reviewer already decided for the same party comes back decided. Returns
 * the screened event's number, 0 on error (a @threshold that
 * pb_screening_threshold_is_valid() refuses: PB_STORAGE_ERROR_INVALID). */
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

/* A screening is the lists' word, not the screener's (whoever may screen
 * may also record a screening by hand): screens the parties the latest
 * screening of @case_id recorded (names, aliases, country, identifiers)
 * again, against the editions it names (the store's), at its threshold,
 * and refuses it (PB_STORAGE_ERROR_TAMPERED, naming the case and the
 * event) when a hit found is not among the hits it records — fewer found
 * is a newer matcher's right, more is a forgery —, when its threshold is
 * not one Probity screens at, or an edition claims a question its list
 * does not answer. On a server an edition the store does not hold is
 * refused too; a file may not hold it (a case copied in): TRUE then, with
 * @not_checked saying so for people. @event (may be NULL): the screened
 * event checked, 0 when the case was never screened. For a reviewer's
 * client before an approval: the index of the editions is the shared
 * cache's (pb_screening_index_cache_get_index()). */
gboolean            pb_case_check_screening      (PbCaseStore      *store,
                                                  const char       *case_id,
                                                  guint            *event,
                                                  char            **not_checked,
                                                  GError          **error);

/* pb_case_check_screening() of @run, a run read before (a snapshot's: so
 * that what is checked is what a compare-and-swap then seals). TRUE for
 * NULL (never screened). */
gboolean            pb_case_check_screening_run  (PbCaseStore      *store,
                                                  const char       *case_id,
                                                  PbScreeningRun   *run,
                                                  char            **not_checked,
                                                  GError          **error);

/* Wherever the result of a screening is shown: when the latest run of
 * @screening is not what its own lists give (as pb_case_check_screening()
 * refuses it), the sentence that says so for people, naming every hit it
 * misses; NULL when it holds, was never made, or could not be checked here
 * (NULL with @error set on another error). */
char               *pb_case_screening_contradiction (PbCaseStore     *store,
                                                     const char      *case_id,
                                                     PbCaseScreening *screening,
                                                     GError         **error);

/* For verifying a case: checks as pb_case_check_screening() the screening
 * each approval (or first approval of an override) was taken on, and the
 * latest. @n_checked: how many were checked; @broken: the screened event
 * refused, 0 when the error is another (a read that failed). */
gboolean            pb_case_verify_screenings    (PbCaseStore      *store,
                                                  const char       *case_id,
                                                  guint            *n_checked,
                                                  char            **not_checked,
                                                  guint            *broken,
                                                  GError          **error);

G_END_DECLS
