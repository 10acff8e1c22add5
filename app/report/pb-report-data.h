/* pb-report-data.h: everything a report shows, independent of where it came from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "pb-types.h"

G_BEGIN_DECLS

typedef enum
{
  PB_REPORT_FIELD_CUSTOMER,
  PB_REPORT_FIELD_PRODUCT,
  PB_REPORT_FIELD_COUNTRY,            /* the customer's country */
  PB_REPORT_FIELD_QUESTIONNAIRE_ID,
  PB_REPORT_FIELD_QUESTIONNAIRE_VERSION,
  PB_REPORT_FIELD_QUESTIONNAIRE_TITLE,
  PB_REPORT_FIELD_CASE_ID,
  PB_REPORT_FIELD_CREATED,            /* YYYY-MM-DD or a full ISO 8601 date */
  PB_REPORT_FIELD_ASSESSED,
  PB_REPORT_FIELD_ASSESSOR,
  PB_REPORT_FIELD_QUESTIONNAIRE_SHA256,
  PB_REPORT_FIELD_ANSWERS_FINGERPRINT,
  PB_REPORT_FIELD_HISTORY_HEAD,
  PB_REPORT_FIELD_REFERENCE_VERSION,  /* the country reference data it was rated with */
  PB_REPORT_FIELD_REFERENCE_SHA256,
  PB_REPORT_FIELD_OUTCOME_LABEL,      /* the outcome in the words of the questionnaire's purpose */
  PB_REPORT_FIELD_WITHDRAWN_BY,       /* on a team server: who withdrew the questionnaire's approval */
  PB_REPORT_FIELD_WITHDRAWN,          /* when ("YYYY-MM-DD HH:MM UTC") */
  PB_REPORT_FIELD_WITHDRAWN_REASON,   /* and why */
  PB_REPORT_FIELD_REFERENCE_FOREIGN,  /* non-NULL: the reference data is none Probity vouches for */
  PB_REPORT_FIELD_SCREENING_CONTRADICTED,  /* what the screening's own lists contradict, for people (or NULL) */
  PB_REPORT_FIELD_DEPLOYMENT_COUNTRY, /* where the answers say it is deployed (S0.02), or NULL */
  PB_REPORT_N_FIELDS,
} PbReportField;

/* The sign-off roles the report knows; others are shown as given. */
#define PB_REPORT_ROLE_ASSESSOR "assessor"
#define PB_REPORT_ROLE_REVIEWER "reviewer"

#define PB_TYPE_REPORT_DATA (pb_report_data_get_type ())

G_DECLARE_FINAL_TYPE (PbReportData, pb_report_data, PB, REPORT_DATA, GObject)

/* An empty report. The filling functions copy every string they get, so the
 * data outlives the questionnaire, answers and store it came from. */
PbReportData   *pb_report_data_new                  (void);

void            pb_report_data_set_field            (PbReportData       *self,
                                                     PbReportField       field,
                                                     const char         *value);
const char     *pb_report_data_get_field            (PbReportData       *self,
                                                     PbReportField       field);
void            pb_report_data_set_revision         (PbReportData       *self,
                                                     guint               revision);
guint           pb_report_data_get_revision         (PbReportData       *self);
void            pb_report_data_set_outcome          (PbReportData       *self,
                                                     PbOutcome           outcome);
PbOutcome       pb_report_data_get_outcome          (PbReportData       *self);
void            pb_report_data_set_levels           (PbReportData       *self,
                                                     PbSeverity          inherent,
                                                     PbSeverity          residual);
/* Why the outcome is what it is, one sentence each. */
void            pb_report_data_add_reason           (PbReportData       *self,
                                                     const char         *reason);
/* Conditions attached to the outcome or to a sign-off. */
void            pb_report_data_add_condition        (PbReportData       *self,
                                                     const char         *condition);
/* The level of each severity × likelihood cell of the heat map (1..4);
 * the matrix of questionnaires/METHOD.md until set. */
void            pb_report_data_set_matrix_level     (PbReportData       *self,
                                                     PbSeverity          severity,
                                                     guint               likelihood,
                                                     PbSeverity          level);
PbSeverity      pb_report_data_get_matrix_level     (PbReportData       *self,
                                                     PbSeverity          severity,
                                                     guint               likelihood);

/* Sections in document order; answers go into the last section added. */
void            pb_report_data_add_section          (PbReportData       *self,
                                                     const char         *section_id,
                                                     const char         *title);
/* @answer_text: the answer as people read it (choice labels, not codes). */
void            pb_report_data_add_answer           (PbReportData       *self,
                                                     const char         *question_id,
                                                     const char         *label,
                                                     const char         *answer_text,
                                                     const char         *comment);
/* Evidence for an answer added before. Returns FALSE if there is none with
 * that id. */
gboolean        pb_report_data_add_evidence         (PbReportData       *self,
                                                     const char         *question_id,
                                                     const char         *name,
                                                     guint64             size,
                                                     const char         *sha256);
void            pb_report_data_add_unanswered       (PbReportData       *self,
                                                     const char         *question_id,
                                                     const char         *label,
                                                     const char         *section_title);
/* Flags are shown in the order added; add them most severe first. */
void            pb_report_data_add_flag             (PbReportData       *self,
                                                     const char         *rule_id,
                                                     const char         *title,
                                                     PbSeverity          severity,
                                                     guint               likelihood,
                                                     guint               residual_likelihood,
                                                     PbSeverity          residual_level,
                                                     gboolean            hard_stop,
                                                     const char         *rationale,
                                                     const char         *mitigation,
                                                     const char * const *references,
                                                     const char * const *triggers);
void            pb_report_data_add_signoff          (PbReportData       *self,
                                                     const char         *role,
                                                     const char         *name,
                                                     const char         *decision,
                                                     const char         *reason,
                                                     const char         *conditions,
                                                     const char         *date);

/* The decision in force, shown on the cover and in the sign-off section:
 * @decision as people read it ("Approved"), @pending when an override
 * awaits its second approval, @override_rationale for an approval against
 * a do-not-proceed outcome (else NULL). Unset: nothing decided yet. */
void            pb_report_data_set_decision         (PbReportData       *self,
                                                     const char         *decision,
                                                     gboolean            pending,
                                                     const char         *reason,
                                                     const char         *conditions,
                                                     const char         *override_rationale);
/* Who took part in the decision, in order: @what says how ("Submitted
 * by", "Approved by", "Second approval"); @role and @organisation may be
 * NULL. */
void            pb_report_data_add_participant      (PbReportData       *self,
                                                     const char         *what,
                                                     const char         *name,
                                                     const char         *role,
                                                     const char         *organisation,
                                                     const char         *date);

guint           pb_report_data_get_n_answers        (PbReportData       *self);
guint           pb_report_data_get_n_flags          (PbReportData       *self);
guint           pb_report_data_count_flags          (PbReportData       *self,
                                                     PbSeverity          residual_level);

/* Restricted-party screening: the latest screening of the case, its list
 * editions, the parties screened and each hit with its decision. Setting
 * it marks the case as screened. */
typedef struct
{
  const char *id;            /* "H12.3" */
  const char *party;         /* the party's role and name, for people */
  const char *query;         /* the name that matched */
  const char *listed_name;
  const char *list;          /* the list, and within an aggregate its source */
  const char *reference;     /* the publisher's reference, or NULL */
  const char *question_id;   /* the sanctions question it answers, or NULL */
  double      score;
  const char *status;        /* for people: "Open", "Cleared", "Confirmed" */
  const char *decided_by;
  const char *decided_at;
  const char *reason;
  const char *legal_basis;   /* as the listed entry gives it, or NULL */
  /* A decision a reviewer adopted from another case: that case, who
   * decided it there and when; NULL otherwise. */
  const char *adopted_case;
  const char *adopted_by;
  const char *adopted_at;
} PbReportHit;

void            pb_report_data_set_screening        (PbReportData       *self,
                                                     const char         *time,
                                                     const char         *user,
                                                     gboolean            stale);
void            pb_report_data_add_screened_list    (PbReportData       *self,
                                                     const char         *list,
                                                     const char         *publisher,
                                                     const char         *published,
                                                     const char         *sha256,
                                                     guint               n_entries);
void            pb_report_data_add_screened_party   (PbReportData       *self,
                                                     const char         *text);
void            pb_report_data_add_screening_hit    (PbReportData       *self,
                                                     const PbReportHit  *hit);
/* A party removed from the case after a screening screened it: its role
 * and name for people, who removed it, when (ISO 8601) and why (or NULL).
 * A signed report says so, as the history does. */
void            pb_report_data_add_removed_party    (PbReportData       *self,
                                                     const char         *party,
                                                     const char         *removed_by,
                                                     const char         *removed,
                                                     const char         *reason);
/* A sanctions list that binds the deal, with its question, and whether the
 * screening answered it (@verified) or the answer is the assessor's own
 * (said in @state); screened or not, a report names them. */
void            pb_report_data_add_binding_list     (PbReportData       *self,
                                                     const char         *question_id,
                                                     const char         *label,
                                                     const char         *state,
                                                     gboolean            verified);

G_END_DECLS
