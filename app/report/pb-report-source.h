/* pb-report-source.h: filling a report from the core and from the case store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-case-store.h"
#include "pb-evaluation.h"
#include "pb-report-data.h"

G_BEGIN_DECLS

/* The questionnaire's sections, every visible answered question (answers as
 * people read them), the unanswered visible questions, the flags, the
 * outcome, its reasons and the risk matrix. */
PbReportData *pb_report_data_new_from_evaluation (PbQuestionnaire  *questionnaire,
                                                  PbAnswerSet      *answers,
                                                  PbEvaluation     *evaluation);
/* All of the above for one revision of a stored case, read whole in one
 * transaction: the case's customer, product, comments, evidence, the
 * decision in force with its submitter and approvers, sign-offs and the
 * integrity values the snapshot gives (for a sealed revision those of its
 * first sign-off, so that regenerating it gives the same values). */
PbReportData *pb_report_data_new_for_snapshot    (PbCaseSnapshot   *snapshot);
/* All of the above for a stored case at @revision (0: the current one), with
 * the case's customer, product, comments, evidence, sign-offs and integrity
 * values. A sealed revision reports the answers fingerprint and history head
 * its first sign-off recorded, so that regenerating it gives the same
 * values; an open one the current ones. */
PbReportData *pb_report_data_new_for_case        (PbCaseStore      *store,
                                                  const char       *case_id,
                                                  guint             revision,
                                                  GError          **error);

G_END_DECLS
