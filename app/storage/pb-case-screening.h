/* pb-case-screening.h: the parties of a case, their screenings against
 * restricted-party lists, and the decisions on the hits, all from its history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-case-store.h"

G_BEGIN_DECLS

/* The history is the record: parties, screenings and decisions are events
 * of the case (party-added, party-removed, screened, hit-decided; see
 * SCHEMA.md), so they are hash-chained, verified and carried by case files
 * like answers. PbCaseScreening is their replay. */

typedef enum
{
  PB_HIT_OPEN,        /* possible match, nobody decided yet */
  PB_HIT_CLEARED,     /* a false positive, with the reviewer's reason */
  PB_HIT_CONFIRMED,   /* a true match */
} PbHitStatus;

/* "open", "cleared", "confirmed" */
const char  *pb_hit_status_to_string   (PbHitStatus  status);
/* "Cleared", "Confirmed match", "Open", for people to read. */
const char  *pb_hit_status_get_label   (PbHitStatus  status);
gboolean     pb_hit_status_from_string (const char  *str,
                                        PbHitStatus *status);

/* A party screened: the customer (id "customer", from the case's customer
 * record) or one added to the case ("P1", "P2", …). */
typedef struct
{
  char  *id;
  char  *role;          /* "customer", "end-user", "consignee", "intermediary" */
  char  *name;
  GStrv  aliases;       /* the customer's, else empty */
  char  *country;       /* ISO 3166 alpha-2, or NULL */
  GStrv  identifiers;   /* registration, passport numbers; never NULL */
  char  *added;
  char  *added_by;
  /* When, by whom and why it was removed from the case; NULL while it
   * is a party of the case. */
  char  *removed;
  char  *removed_by;
  char  *removed_reason;
} PbCaseParty;

/* A list edition a screening used, as the event records it. */
typedef struct
{
  char  *list_id;
  char  *publisher;
  char  *title;
  char  *published;     /* or NULL */
  char  *file_sha256;
  guint  n_entries;
  GStrv  questions;     /* the questions this edition answers "clear" when nothing is found */
} PbScreenedEdition;

/* A reviewer's decision on a hit in another case of the same file, which a
 * later screening that finds the same list entry for a party of the same
 * name or identifiers offers with its provenance. It is never applied by
 * itself: a reviewer adopts it (pb_case_store_adopt_prior_decision()), and
 * only while the entry is the one decided on. */
typedef struct
{
  char        *case_id;
  guint        event;           /* its hit-decided event in that case */
  PbHitStatus  status;          /* cleared or confirmed */
  char        *decided_by;
  char        *decided_role;
  char        *decided_at;
  char        *reason;
  char        *party_name;      /* the party as screened there */
  char        *party_country;   /* or NULL */
  GStrv        party_identifiers;
  char        *list_id;
  char        *entry_ref;       /* the publisher's reference, or NULL */
  char        *entry_sha256;    /* the entry as it was decided on */
  char        *edition_sha256;  /* the edition it was found in */
  char        *edition_published;
  gboolean     entry_changed;   /* as offered: the entry is no longer the one decided on */
} PbPriorDecision;

void         pb_prior_decision_free    (PbPriorDecision *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbPriorDecision, pb_prior_decision_free)

typedef struct
{
  char        *id;             /* "H<event>.<n>" */
  guint        screening;      /* the event that found it */
  char        *party_id;
  char        *query;          /* the party's name or alias that matched */
  char        *list_id;
  char        *source;         /* the list within an aggregate ("SDN"), or NULL */
  char        *question_id;    /* the sanctions question it answers, or NULL */
  char        *edition_sha256;
  char        *entry_sha256;
  char        *entry_ref;      /* the publisher's reference, or NULL */
  char        *listed_name;
  char        *explanation;
  char        *entry_json;     /* the entry as published (its SHA-256 is entry_sha256) */
  double       score;
  PbHitStatus  status;
  gboolean     carried;        /* decided on an earlier screening of the same party and entry */
  guint        decided_event;  /* 0 while open */
  char        *decided_by;
  char        *decided_role;
  char        *decided_at;
  char        *reason;
  GPtrArray   *priors;         /* PbPriorDecision offered by the screening, newest first; never NULL */
  char        *adopted_case;   /* the case whose decision a reviewer adopted, or NULL */
  guint        adopted_event;
  char        *adopted_by;     /* who decided it in that case, and when */
  char        *adopted_at;
} PbCaseHit;

/* One screened event. */
typedef struct
{
  guint      event;
  guint      revision;
  char      *time;
  char      *user;
  double     threshold;
  GPtrArray *editions;     /* PbScreenedEdition */
  GPtrArray *party_ids;    /* char * */
  GPtrArray *parties;      /* PbCaseParty as screened */
  GPtrArray *hits;         /* PbCaseHit, best first per party */
} PbScreeningRun;

typedef struct _PbCaseScreening PbCaseScreening;

/* The parties (customer first), every screening, and the latest. */
GPtrArray       *pb_case_screening_get_parties   (PbCaseScreening *self);
PbCaseParty     *pb_case_screening_lookup_party  (PbCaseScreening *self,
                                                  const char      *party_id);
/* The parties removed from the case, in the order they were removed. */
GPtrArray       *pb_case_screening_get_removed   (PbCaseScreening *self);
/* Whether a screening of the case screened @party_id. */
gboolean         pb_case_screening_was_screened  (PbCaseScreening *self,
                                                  const char      *party_id);
GPtrArray       *pb_case_screening_get_runs      (PbCaseScreening *self);
PbScreeningRun  *pb_case_screening_get_latest    (PbCaseScreening *self);
PbCaseHit       *pb_case_screening_lookup_hit    (PbCaseScreening *self,
                                                  const char      *hit_id);
/* Whether a party of the case was added after the latest screening. */
gboolean         pb_case_screening_is_stale      (PbCaseScreening *self);
/* Hits of the latest screening nobody has decided. */
guint            pb_case_screening_count_open    (PbCaseScreening *self);
/* The answers the latest screening gives to the sanctions questions, for
 * pb_evaluate_with_screening(): "confirmed" where a confirmed hit answers
 * the question, "possible" where an open one does, "clear" where an
 * edition covering the question found nothing else (only when every party
 * of the case was screened). The national lists of the exporter's country
 * (S2.02i) depend on that country, the answer to S0.01 in @answers (may be
 * NULL: none known). NULL when the case was never screened. */
PbAnswerSet     *pb_case_screening_get_facts     (PbCaseScreening *self,
                                                  PbAnswerSet     *answers);

/* Whether the screening answered a sanctions question whose list binds the
 * deal. */
typedef enum
{
  PB_BINDING_SCREENED,      /* an edition that answers it was screened for every party */
  PB_BINDING_NOT_SCREENED,  /* Probity reads such a list, but none was screened for every party */
  PB_BINDING_NO_LIST,       /* Probity reads no list that answers it for this exporter */
} PbBindingState;

typedef struct
{
  const char     *question_id;  /* S2.02a-i */
  PbBindingState  state;
} PbBindingList;

/* The sanctions questions whose lists bind the deal of @answers (S0.01 to
 * S0.04: METHOD.md, "Lists that bind the deal"), in question order, and
 * how the latest screening stands on each; @self may be NULL (never
 * screened). Those not screened stay the seller's word, which a report
 * says. Free with g_array_unref(). */
GArray          *pb_case_screening_get_binding_lists (PbCaseScreening *self,
                                                      PbAnswerSet     *answers);
/* For people: "answered by the screening", "not verified: …" */
const char      *pb_binding_state_get_label      (PbBindingState   state);
void             pb_case_screening_free          (PbCaseScreening *self);

/* Adds a party to screen; returns its id ("P1"). Sales and reviewers. */
char            *pb_case_store_add_party         (PbCaseStore        *self,
                                                  const char         *case_id,
                                                  const char         *role,
                                                  const char         *name,
                                                  const char         *country,
                                                  const char * const *identifiers,
                                                  GError            **error);
gboolean         pb_case_store_remove_party      (PbCaseStore        *self,
                                                  const char         *case_id,
                                                  const char         *party_id,
                                                  const char         *reason,
                                                  GError            **error);
/* The replay of @revision (0: the current one): the events up to it. */
PbCaseScreening *pb_case_store_get_screening     (PbCaseStore        *self,
                                                  const char         *case_id,
                                                  guint               revision,
                                                  GError            **error);
/* Records a screening (the data of a screened event, built by
 * app/screening: see SCHEMA.md) after checking it as the verifier will;
 * returns the event's number, 0 on error. */
guint            pb_case_store_record_screening  (PbCaseStore        *self,
                                                  const char         *case_id,
                                                  const char         *data,
                                                  GError            **error);
/* Every reviewer's decision on a hit in the cases of this file but
 * @except_case_id (may be NULL), the latest per party and entry of each
 * case, for a screening to offer; PbPriorDecision, entry_changed FALSE. */
GPtrArray       *pb_case_store_list_prior_decisions (PbCaseStore     *self,
                                                     const char      *except_case_id,
                                                     GError         **error);
/* A reviewer adopts for hit @hit_id of the latest screening the decision
 * of case @prior_case_id that the screening offered (NULL: the only one
 * offered), with its reason and provenance in the hit-decided event.
 * Refused (PB_STORAGE_ERROR_REFUSED) when the entry changed since that
 * decision, or when this file no longer holds it as offered. */
gboolean         pb_case_store_adopt_prior_decision (PbCaseStore     *self,
                                                     const char      *case_id,
                                                     const char      *hit_id,
                                                     const char      *prior_case_id,
                                                     GError         **error);
/* A reviewer clears or confirms a hit of the latest screening, with a
 * reason. */
gboolean         pb_case_store_decide_hit        (PbCaseStore        *self,
                                                  const char         *case_id,
                                                  const char         *hit_id,
                                                  PbHitStatus         decision,
                                                  const char         *reason,
                                                  GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PbCaseScreening, pb_case_screening_free)

G_END_DECLS
