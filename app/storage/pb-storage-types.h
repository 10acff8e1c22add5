/* pb-storage-types.h: error domain and enumerations of the case store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PB_STORAGE_ERROR (pb_storage_error_quark ())

typedef enum
{
  PB_STORAGE_ERROR_FAILED,
  PB_STORAGE_ERROR_IO,             /* the file or its folder could not be created or read */
  PB_STORAGE_ERROR_NOT_A_DATABASE, /* the file is not an SQLite database */
  PB_STORAGE_ERROR_CORRUPT,        /* an SQLite database that fails its integrity check */
  PB_STORAGE_ERROR_TOO_NEW,        /* written by a newer Probity: left untouched */
  PB_STORAGE_ERROR_NOT_FOUND,      /* no such case, customer, product, question, revision */
  PB_STORAGE_ERROR_INVALID,        /* a value or transition that is not allowed */
  PB_STORAGE_ERROR_SEALED,         /* the revision is signed: reopen it */
  PB_STORAGE_ERROR_CONFLICT,       /* an import whose history differs from the stored one */
  PB_STORAGE_ERROR_TOO_LARGE,      /* an evidence file above PB_EVIDENCE_MAX_SIZE */
  PB_STORAGE_ERROR_TAMPERED,       /* verification found a broken hash chain or seal */
  PB_STORAGE_ERROR_BUSY,           /* another process held the database for too long */
  PB_STORAGE_ERROR_PERMISSION,     /* nobody acting, or the acting role or person may not do this */
  PB_STORAGE_ERROR_READ_ONLY,      /* the file, its folder or the store may not be written */
  PB_STORAGE_ERROR_REFUSED,        /* the approval rules refuse it: a hard stop, an override without its rationale */
} PbStorageError;

/* The life of one revision of a case. A decision (approved, approved with
 * conditions, rejected) is signed to seal the revision. */
typedef enum
{
  PB_CASE_STATUS_DRAFT,
  PB_CASE_STATUS_SUBMITTED,
  PB_CASE_STATUS_APPROVED,
  PB_CASE_STATUS_APPROVED_WITH_CONDITIONS,
  PB_CASE_STATUS_REJECTED,
  PB_CASE_STATUS_SIGNED,
  /* An approval against a do-not-proceed outcome (an override) that waits
   * for a second legal reviewer. */
  PB_CASE_STATUS_AWAITING_SECOND_APPROVAL,
} PbCaseStatus;

/* What a history event records. */
typedef enum
{
  PB_EVENT_CASE_CREATED,
  PB_EVENT_ANSWER_SET,       /* first answer to a question in a revision */
  PB_EVENT_ANSWER_CHANGED,   /* value, comment or evidence note changed */
  PB_EVENT_ANSWER_CLEARED,
  PB_EVENT_EVIDENCE_ADDED,
  PB_EVENT_STATUS_CHANGED,   /* submit, decide, return to draft */
  PB_EVENT_SIGNED,           /* a sign-off; the first one seals the revision */
  PB_EVENT_REOPENED,         /* a new revision, linked to the signed one */
  PB_EVENT_EVIDENCE_REMOVED,
  PB_EVENT_ANCHORED,         /* a time-stamp on an earlier event's hash */
  PB_EVENT_PARTY_ADDED,      /* an end user, consignee or intermediary to screen */
  PB_EVENT_PARTY_REMOVED,
  PB_EVENT_SCREENED,         /* the parties screened against list editions, with the hits */
  PB_EVENT_HIT_DECIDED,      /* a reviewer cleared or confirmed a hit */
  PB_EVENT_IMPORTED,         /* an administrator brought the history before it onto a server */
} PbEventKind;

/* 20 MB, the largest evidence file a case accepts. */
#define PB_EVIDENCE_MAX_SIZE (20 * 1024 * 1024)

#define PB_TYPE_CASE_STATUS (pb_case_status_get_type ())
#define PB_TYPE_EVENT_KIND  (pb_event_kind_get_type ())

GQuark        pb_storage_error_quark         (void);
GType         pb_case_status_get_type        (void) G_GNUC_CONST;
GType         pb_event_kind_get_type         (void) G_GNUC_CONST;

/* "draft", "submitted", "approved", "approved-with-conditions", "rejected", "signed",
 * "awaiting-second-approval" */
const char   *pb_case_status_to_string       (PbCaseStatus  status);
gboolean      pb_case_status_from_string     (const char   *str,
                                              PbCaseStatus *status);
/* Translated, for people: "Submitted for review", ... */
const char   *pb_case_status_get_label       (PbCaseStatus  status);
/* The same within a sentence ("Case … is approved: …"): lower case
 * where the language writes it so. */
const char   *pb_case_status_get_noun        (PbCaseStatus  status);
/* approved, approved with conditions or rejected */
gboolean      pb_case_status_is_decision     (PbCaseStatus  status);

/* "case-created", "answer-set", "answer-changed", "answer-cleared",
 * "evidence-added", "status-changed", "signed", "reopened", "evidence-removed" */
const char   *pb_event_kind_to_string        (PbEventKind   kind);
gboolean      pb_event_kind_from_string      (const char   *str,
                                              PbEventKind  *kind);
const char   *pb_event_kind_get_label        (PbEventKind   kind);

/* A party's role in a deal ("customer", "end-user", "consignee",
 * "intermediary") as people read it; @role itself when unknown. */
const char   *pb_party_role_get_label        (const char   *role);

G_END_DECLS
