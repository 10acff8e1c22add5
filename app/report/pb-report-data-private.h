/* pb-report-data-private.h: what the renderer reads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-report-data.h"

G_BEGIN_DECLS

typedef struct
{
  char      *name;
  guint64    size;
  char      *sha256;
} PbReportEvidence;

typedef struct
{
  char      *question_id;
  char      *label;
  char      *answer_text;
  char      *comment;
  GPtrArray *evidence;        /* PbReportEvidence */
} PbReportAnswer;

typedef struct
{
  char      *section_id;
  char      *title;
  GPtrArray *answers;         /* PbReportAnswer */
} PbReportSection;

typedef struct
{
  char      *question_id;
  char      *label;
  char      *section_title;
} PbReportUnanswered;

typedef struct
{
  char       *rule_id;
  char       *title;
  PbSeverity  severity;
  guint       likelihood;
  guint       residual_likelihood;
  PbSeverity  residual_level;
  gboolean    hard_stop;
  char       *rationale;
  char       *mitigation;
  char      **references;
  char      **triggers;
} PbReportFlag;

typedef struct
{
  char      *role;
  char      *name;
  char      *decision;
  char      *reason;
  char      *conditions;
  char      *date;
} PbReportSignoff;

typedef struct
{
  char      *decision;
  char      *reason;
  char      *conditions;
  char      *override_rationale;
  gboolean   pending;
} PbReportDecision;

typedef struct
{
  char      *what;
  char      *name;
  char      *role;
  char      *organisation;
  char      *date;
} PbReportParticipant;

typedef struct
{
  char *party;
  char *removed_by;
  char *removed;
  char *reason;
} PbReportRemovedParty;

typedef struct
{
  char      *time;
  char      *user;
  gboolean   stale;
  GPtrArray *lists;           /* char *, one line each */
  GPtrArray *parties;         /* char * */
  GPtrArray *hits;            /* PbReportHit, owned */
  GPtrArray *removed;         /* PbReportRemovedParty, owned */
} PbReportScreening;

/* NULL when the case was not screened. */
PbReportScreening *pb_report_data_get_screening (PbReportData *self);

typedef struct
{
  char     *text;       /* "S2.02a  Screening against …: answered by the screening" */
  gboolean  verified;
} PbReportBindingList;

/* PbReportBindingList, in question order. */
GPtrArray       *pb_report_data_get_binding_lists (PbReportData *self);

GPtrArray       *pb_report_data_get_sections   (PbReportData *self);
GPtrArray       *pb_report_data_get_flags      (PbReportData *self);
GPtrArray       *pb_report_data_get_unanswered (PbReportData *self);
GPtrArray       *pb_report_data_get_signoffs   (PbReportData *self);
/* NULL when nothing is decided. */
const PbReportDecision *pb_report_data_get_decision (PbReportData *self);
GPtrArray       *pb_report_data_get_participants (PbReportData *self);
const char * const *pb_report_data_get_reasons    (PbReportData *self);
const char * const *pb_report_data_get_conditions (PbReportData *self);
PbSeverity       pb_report_data_get_inherent_level (PbReportData *self);
PbSeverity       pb_report_data_get_residual_level (PbReportData *self);
PbReportAnswer  *pb_report_data_lookup_answer  (PbReportData *self,
                                                const char   *question_id);
/* Calls @func with every text the data holds (never NULL), so that the
 * renderer knows the characters it will draw before it loads its fonts. */
void             pb_report_data_foreach_text   (PbReportData *self,
                                                GFunc         func,
                                                gpointer      user_data);

G_END_DECLS
