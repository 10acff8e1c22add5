/* pb-storage-private.h: constructors the store uses to make its records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pb-answer-record.h"
#include "pb-case-info.h"
#include "pb-case-list.h"
#include "pb-case-snapshot.h"
#include "pb-case-store.h"
#include "pb-customer.h"
#include "pb-decision.h"
#include "pb-evidence.h"
#include "pb-history-anchor.h"
#include "pb-history-event.h"
#include "pb-product.h"
#include "pb-sign-off.h"

G_BEGIN_DECLS

/* What pb_actor_names_equal() compares of a name. */
char            *
_pb_actor_name_key (const char *name);

/* Each copies its arguments; cheaper than g_object_new() with properties,
 * which matters for lists of 10,000 cases. */
PbCustomer      *
_pb_customer_new (const char         *uid,
                  const char         *name,
                  const char * const *aliases,
                  const char         *country,
                  const char         *entity_type,
                  const char         *notes,
                  const char         *created);

PbProduct       *
_pb_product_new (const char         *uid,
                 const char         *name,
                 const char         *version,
                 const char         *family,
                 const char * const *capabilities,
                 const char         *created);

PbCaseInfo      *
_pb_case_info_new (const char         *id,
                   guint               revision,
                   const char         *customer_uid,
                   const char         *customer_name,
                   const char         *country,
                   const char         *product_uid,
                   const char         *product_name,
                   const char         *product_version,
                   const char         *questionnaire_id,
                   const char         *questionnaire_version,
                   const char         *questionnaire_sha256,
                   PbCaseStatus        status,
                   PbCaseStatus        decision,
                   PbOutcome           outcome,
                   guint               n_answers,
                   const char         *created,
                   const char         *created_by,
                   const char         *updated);
PbCaseInfo *_pb_case_info_copy (PbCaseInfo *self);

PbHistoryEvent  *
_pb_history_event_new (const char         *case_id,
                       guint               seq,
                       guint               revision,
                       const char         *time,
                       const char         *user,
                       PbEventKind         kind,
                       const char         *question_id,
                       const char         *old_value,
                       const char         *new_value,
                       const char         *reason,
                       const char         *data,
                       const char         *prev_hash,
                       const char         *hash,
                       const char         *role,
                       const char         *organisation);

PbHistoryAnchor *
_pb_history_anchor_new (const char         *case_id,
                        guint               event_seq,
                        const char         *head_hash,
                        GBytes             *token,
                        const char         *tsa_url,
                        const char         *added,
                        const char         *added_by);

PbSignOff       *
_pb_sign_off_new (const char         *case_id,
                  guint               revision,
                  const char         *role,
                  const char         *name,
                  PbCaseStatus        decision,
                  const char         *reason,
                  const char         *conditions,
                  const char         *time,
                  const char         *report_sha256,
                  const char         *answers_fingerprint,
                  const char         *history_head,
                  const char         *organisation,
                  const char         *certificate_sha256,
                  const char         *language);

PbEvidence      *
_pb_evidence_new (gint64              id,
                  const char         *case_id,
                  guint               revision,
                  const char         *question_id,
                  const char         *file_name,
                  const char         *media_type,
                  const char         *sha256,
                  guint64             size,
                  const char         *added_by,
                  const char         *added);

PbAnswerRecord  *
_pb_answer_record_new (const char         *question_id,
                       PbAnswer           *answer,
                       const char         *comment,
                       const char         *evidence_note,
                       const char         *user,
                       const char         *updated);

PbCaseSnapshot  *
_pb_case_snapshot_new (PbCaseInfo         *info,
                       guint               revision,
                       PbCaseStatus        status,
                       gboolean            sealed,
                       PbQuestionnaire    *questionnaire,
                       PbAnswerSet        *answers,
                       PbCountries        *reference,
                       GListModel         *answer_records,
                       GListModel         *evidence,
                       GListModel         *sign_offs,
                       PbDecision         *decision,
                       char               *answers_fingerprint,
                       char               *history_head,
                       guint               n_events,
                       PbCaseScreening    *screening);
void
_pb_case_snapshot_set_withdrawal (PbCaseSnapshot *self,
                                  char           *withdrawn_by,
                                  char           *withdrawn,
                                  char           *reason);
void
_pb_case_snapshot_set_reference_foreign (PbCaseSnapshot *self,
                                         gboolean        foreign);
void
_pb_case_snapshot_set_authors (PbCaseSnapshot *self,
                               char          **authors);

PbDecision      *
_pb_decision_new (void);

void
_pb_decision_clear (PbDecision         *self);

gboolean
_pb_decision_is_decided (PbDecision         *self);

void
_pb_decision_set_submitter (PbDecision         *self,
                            const char         *name,
                            const char         *role,
                            const char         *organisation,
                            const char         *time);

void
_pb_decision_take (PbDecision         *self,
                   PbCaseStatus        decision,
                   gboolean            pending,
                   const char         *reason,
                   const char         *conditions,
                   const char         *override_rationale,
                   const char         *outcome,
                   const char         *answers_fingerprint,
                   guint               event_seq);

void
_pb_decision_confirm (PbDecision         *self,
                      guint               event_seq);

void
_pb_decision_add_approver (PbDecision         *self,
                           const char         *name,
                           const char         *role,
                           const char         *organisation,
                           const char         *time,
                           const char         *reason);

/* PbCaseList reads the cases it holds this many at a time. */
#define PB_CASE_LIST_PAGE_SIZE 64

/* An empty list whose cases @store reads. */
PbCaseList      *
_pb_case_list_new (PbCaseStore        *store);

/* Case @id, which last changed at @updated (what the list is ordered by). */
void
_pb_case_list_append (PbCaseList         *self,
                      const char         *id,
                      const char         *updated);

/* Case @id as _pb_case_list_append () does, with its case @info read
 * already (the list takes a reference). */
void
_pb_case_list_append_read (PbCaseList         *self,
                           const char         *id,
                           const char         *updated,
                           PbCaseInfo         *info);

/* How many rows a view that shows a list from its start reads at once. */
guint
_pb_case_list_get_view_rows (void);

/* Reads up to @n rows that come after (@updated, @id) in the list's order:
 * a list of them, which may be shorter; NULL on error. */
typedef PbCaseList *(*PbCaseListMoreFunc) (gpointer     data,
                                           const char  *updated,
                                           const char  *id,
                                           guint        n,
                                           GError     **error);

/* How many ids a list for a view reads at first. */
guint
_pb_case_list_get_first_ids (void);

/* For tests: that, and how many it reads at a time after (0: as built). */
/* Tests: up to @n cases a search of a file finds are looked up by id,
 * more are kept as the list's index is walked (0: every search walks;
 * G_MAXUINT: as built). */
void          _pb_case_store_set_few_found (guint n);

/* Tests: SQL that puts a file's search index back as schemas 6 to 10 made
 * it, and the documents of the search index written by every commit so
 * far in this process. */
const char   *_pb_case_store_search_v10_schema (void);
guint         _pb_case_store_get_search_documents_written (void);

void
_pb_case_list_set_batch_sizes (guint              first,
                               guint              more);

void
_pb_case_list_set_more (PbCaseList         *self,
                        PbCaseListMoreFunc  more,
                        gpointer            data,
                        GDestroyNotify      destroy);

/* Reads the cases of the first rows a view shows from its start, in the
 * thread that made @self, before a view asks for them. */
void
_pb_case_list_read_ahead (PbCaseList         *self);

const char *
_pb_case_list_get_id (PbCaseList         *self,
                      guint               position);
const char *
_pb_case_list_get_updated (PbCaseList    *self,
                           guint          position);

/* A copy of @filter (NULL: any) whose strings it owns. */
PbCaseFilter    *
_pb_case_filter_copy (const PbCaseFilter *filter);
void
_pb_case_filter_free (PbCaseFilter       *filter);

/* On a server pb_case_store_foreach_case() reads @n cases at a time (0:
 * the default); tests. */
void
_pb_case_store_set_foreach_fetch_size (guint n);

/* Reads the cases @ids (at most PB_CASE_LIST_PAGE_SIZE) into @infos, in
 * the same order; a case that is not there leaves its place NULL. */
gboolean
_pb_case_store_read_case_infos (PbCaseStore         *self,
                                const char * const  *ids,
                                guint                n_ids,
                                PbCaseInfo         **infos,
                                GError             **error);

/* pb_case_store_list_cases_for_view(), stopped with G_IO_ERROR_CANCELLED
 * in a file as soon as @cancellable (may be NULL) is cancelled (a server's
 * query runs to its end). */
GListModel *
_pb_case_store_list_cases_for_view (PbCaseStore        *self,
                                    const PbCaseFilter *filter,
                                    GCancellable       *cancellable,
                                    GError            **error);

/* For tests: lets the database file grow by at most @extra_pages pages
 * from now on (PRAGMA max_page_count), so that a write beyond that fails
 * as on a full disk (SQLITE_FULL). Returns the limit set. */
gint64
_pb_case_store_limit_growth (PbCaseStore        *self,
                             guint               extra_pages);

/* For tests: how long writes wait for another program's lock before
 * failing with PB_STORAGE_ERROR_BUSY (30 s otherwise), for every store on
 * the connection. */
void
_pb_case_store_set_busy_timeout (PbCaseStore        *self,
                                 guint               timeout_ms);

/* The largest case file read; how long an import may take before it is
 * stopped, unless a test says otherwise. */
#define CASE_FILE_MAX_SIZE   (G_GOFFSET_CONSTANT (1024) * 1024 * 1024)
#define IMPORT_TIME_LIMIT_MS 120000

/* For tests: how long an import may take before it is stopped, for every
 * store of the process. */
void
_pb_case_store_set_import_time_limit (guint               timeout_ms);

G_END_DECLS
