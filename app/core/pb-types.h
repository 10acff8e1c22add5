/* pb-types.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PB_CORE_ERROR (pb_core_error_quark ())

typedef enum
{
  PB_CORE_ERROR_FAILED,
  PB_CORE_ERROR_IO,            /* a file could not be read */
  PB_CORE_ERROR_PARSE,         /* malformed XML or JSON */
  PB_CORE_ERROR_INVALID,       /* well-formed but wrong: unknown type, duplicate id, ... */
  PB_CORE_ERROR_EXPRESSION,    /* syntax or type error in an expression */
  PB_CORE_ERROR_ANSWER,        /* an answer of the wrong type, an unknown question id */
  PB_CORE_ERROR_NOT_FOUND,     /* no such questionnaire / question */
  PB_CORE_ERROR_TOO_LARGE,     /* a file larger than its limit */
} PbCoreError;

typedef enum
{
  PB_QUESTION_YES_NO,
  PB_QUESTION_YES_NO_UNKNOWN,
  PB_QUESTION_SINGLE,
  PB_QUESTION_MULTIPLE,
  PB_QUESTION_TEXT,
  PB_QUESTION_LONG_TEXT,
  PB_QUESTION_NUMBER,
  PB_QUESTION_DATE,
  PB_QUESTION_COUNTRY,
} PbQuestionType;

/* Ordered: a larger value is more severe. */
typedef enum
{
  PB_SEVERITY_NONE,
  PB_SEVERITY_LOW,
  PB_SEVERITY_MEDIUM,
  PB_SEVERITY_HIGH,
  PB_SEVERITY_CRITICAL,
} PbSeverity;

/* Ordered from the best to the worst; see questionnaires/METHOD.md. */
typedef enum
{
  PB_OUTCOME_PROCEED,
  PB_OUTCOME_PROCEED_WITH_CONDITIONS,
  PB_OUTCOME_CONSULT_AUTHORITY,
  PB_OUTCOME_HOLD,
  PB_OUTCOME_INCOMPLETE,
  PB_OUTCOME_DO_NOT_PROCEED,
} PbOutcome;

/* What a questionnaire rates: a sale (deal assessment, the default), or the
 * company's own due-diligence governance (a yearly company check), which
 * reports its outcome in its own words. */
typedef enum
{
  PB_PURPOSE_DEAL,
  PB_PURPOSE_COMPANY_CHECK,
} PbPurpose;

GQuark          pb_core_error_quark          (void);

/* The most bytes of an error message that quotes what a file says (an id,
 * a number, a name): a file can say a megabyte where a word is wanted. */
#define PB_MESSAGE_MAX_SIZE 1024

/* @message, owned, or in its place a copy of at most PB_MESSAGE_MAX_SIZE
 * bytes that keeps its start and its end around a "…", never cutting a
 * UTF-8 character. */
char           *pb_message_shorten           (char           *message);

const char     *pb_question_type_to_string   (PbQuestionType  type);
gboolean        pb_question_type_from_string (const char     *str,
                                              PbQuestionType *type);

/* "critical", "high", "medium", "low", "none" */
const char     *pb_severity_to_string        (PbSeverity      severity);
gboolean        pb_severity_from_string      (const char     *str,
                                              PbSeverity     *severity);
/* Translated, for people: "Critical", ... */
const char     *pb_severity_get_label        (PbSeverity      severity);

/* "proceed", "proceed-with-conditions", "consult-authority", "hold", "incomplete", "do-not-proceed" */
const char     *pb_outcome_to_string         (PbOutcome       outcome);
gboolean        pb_outcome_from_string       (const char     *str,
                                              PbOutcome      *outcome);
/* Translated, for people: "Do not proceed", ... */
const char     *pb_outcome_get_label         (PbOutcome       outcome);
/* The same in the words of a questionnaire's purpose: for a company check
 * "Governance adequate", "Improvements needed", "Governance inadequate",
 * "Check incomplete"; for a deal pb_outcome_get_label(). */
const char     *pb_outcome_get_label_for_purpose (PbOutcome   outcome,
                                                  PbPurpose   purpose);
/* "deal", "company-check" */
const char     *pb_purpose_to_string         (PbPurpose       purpose);
gboolean        pb_purpose_from_string       (const char     *str,
                                              PbPurpose      *purpose);

G_END_DECLS
