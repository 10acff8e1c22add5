/* pb-types.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-i18n.h"
#include <string.h>

#include "pb-types.h"

static const char * const question_types[] = {
  [PB_QUESTION_YES_NO]         = "yes-no",
  [PB_QUESTION_YES_NO_UNKNOWN] = "yes-no-unknown",
  [PB_QUESTION_SINGLE]         = "single",
  [PB_QUESTION_MULTIPLE]       = "multiple",
  [PB_QUESTION_TEXT]           = "text",
  [PB_QUESTION_LONG_TEXT]      = "long-text",
  [PB_QUESTION_NUMBER]         = "number",
  [PB_QUESTION_DATE]           = "date",
  [PB_QUESTION_COUNTRY]        = "country",
};

static const char * const severities[] = {
  [PB_SEVERITY_NONE]     = "none",
  [PB_SEVERITY_LOW]      = "low",
  [PB_SEVERITY_MEDIUM]   = "medium",
  [PB_SEVERITY_HIGH]     = "high",
  [PB_SEVERITY_CRITICAL] = "critical",
};

static const char * const severity_labels[] = {
  [PB_SEVERITY_NONE]     = N_("None"),
  [PB_SEVERITY_LOW]      = N_("Low"),
  [PB_SEVERITY_MEDIUM]   = N_("Medium"),
  [PB_SEVERITY_HIGH]     = N_("High"),
  [PB_SEVERITY_CRITICAL] = N_("Critical"),
};

static const char * const outcomes[] = {
  [PB_OUTCOME_PROCEED]                 = "proceed",
  [PB_OUTCOME_PROCEED_WITH_CONDITIONS] = "proceed-with-conditions",
  [PB_OUTCOME_CONSULT_AUTHORITY]       = "consult-authority",
  [PB_OUTCOME_HOLD]                    = "hold",
  [PB_OUTCOME_INCOMPLETE]              = "incomplete",
  [PB_OUTCOME_DO_NOT_PROCEED]          = "do-not-proceed",
};

static const char * const outcome_labels[] = {
  [PB_OUTCOME_PROCEED]                 = N_("Proceed"),
  [PB_OUTCOME_PROCEED_WITH_CONDITIONS] = N_("Proceed with conditions"),
  [PB_OUTCOME_CONSULT_AUTHORITY]       = N_("Consult the authority"),
  [PB_OUTCOME_HOLD]                    = N_("On hold"),
  [PB_OUTCOME_INCOMPLETE]              = N_("Incomplete"),
  [PB_OUTCOME_DO_NOT_PROCEED]          = N_("Do not proceed"),
};

/* A company check rates the company's governance, not a sale: nothing in it
 * proceeds or stops. Its rules raise no hard stop and nothing Critical, so
 * only adequate, improvements needed and incomplete occur in practice. */
static const char * const company_check_labels[] = {
  [PB_OUTCOME_PROCEED]                 = N_("Governance adequate"),
  [PB_OUTCOME_PROCEED_WITH_CONDITIONS] = N_("Improvements needed"),
  [PB_OUTCOME_CONSULT_AUTHORITY]       = N_("Consult the authority"),
  [PB_OUTCOME_HOLD]                    = N_("Check on hold"),
  [PB_OUTCOME_INCOMPLETE]              = N_("Check incomplete"),
  [PB_OUTCOME_DO_NOT_PROCEED]          = N_("Governance inadequate"),
};

static const char * const purposes[] = {
  [PB_PURPOSE_DEAL]          = "deal",
  [PB_PURPOSE_COMPANY_CHECK] = "company-check",
};

static gboolean
lookup_name (const char * const *names,
             guint               n_names,
             const char         *str,
             guint              *value)
{
  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < n_names; i++)
    {
      if (strcmp (names[i], str) == 0)
        {
          *value = i;
          return TRUE;
        }
    }

  return FALSE;
}

G_DEFINE_QUARK (pb-core-error-quark, pb_core_error)

char *
pb_message_shorten (char *message)
{
  /* "…" is 3 bytes: the start and the end leave room for it. */
  gsize head = PB_MESSAGE_MAX_SIZE * 3 / 4;
  gsize tail = PB_MESSAGE_MAX_SIZE / 4 - 4;
  gsize length;
  char *shortened;

  g_return_val_if_fail (message != NULL, NULL);

  length = strlen (message);
  if (length <= PB_MESSAGE_MAX_SIZE)
    return message;

  while (head > 0 && (message[head] & 0xC0) == 0x80)
    head--;
  tail = length - tail;
  while (message[tail] != '\0' && (message[tail] & 0xC0) == 0x80)
    tail++;

  shortened = g_strdup_printf ("%.*s…%s", (int) head, message, message + tail);
  g_free (message);
  return shortened;
}

const char *
pb_question_type_to_string (PbQuestionType type)
{
  g_return_val_if_fail ((guint) type < G_N_ELEMENTS (question_types), NULL);

  return question_types[type];
}

gboolean
pb_question_type_from_string (const char     *str,
                              PbQuestionType *type)
{
  guint value;

  if (!lookup_name (question_types, G_N_ELEMENTS (question_types), str, &value))
    return FALSE;

  if (type != NULL)
    *type = value;

  return TRUE;
}

const char *
pb_severity_to_string (PbSeverity severity)
{
  g_return_val_if_fail ((guint) severity < G_N_ELEMENTS (severities), NULL);

  return severities[severity];
}

gboolean
pb_severity_from_string (const char *str,
                         PbSeverity *severity)
{
  guint value;

  if (!lookup_name (severities, G_N_ELEMENTS (severities), str, &value))
    return FALSE;

  if (severity != NULL)
    *severity = value;

  return TRUE;
}

const char *
pb_severity_get_label (PbSeverity severity)
{
  g_return_val_if_fail ((guint) severity < G_N_ELEMENTS (severity_labels), NULL);

  return _(severity_labels[severity]);
}

const char *
pb_outcome_to_string (PbOutcome outcome)
{
  g_return_val_if_fail ((guint) outcome < G_N_ELEMENTS (outcomes), NULL);

  return outcomes[outcome];
}

gboolean
pb_outcome_from_string (const char *str,
                        PbOutcome  *outcome)
{
  guint value;

  if (!lookup_name (outcomes, G_N_ELEMENTS (outcomes), str, &value))
    return FALSE;

  if (outcome != NULL)
    *outcome = value;

  return TRUE;
}

const char *
pb_outcome_get_label (PbOutcome outcome)
{
  g_return_val_if_fail ((guint) outcome < G_N_ELEMENTS (outcome_labels), NULL);

  return _(outcome_labels[outcome]);
}

const char *
pb_outcome_get_label_for_purpose (PbOutcome outcome,
                                  PbPurpose purpose)
{
  g_return_val_if_fail ((guint) outcome < G_N_ELEMENTS (company_check_labels), NULL);

  if (purpose == PB_PURPOSE_COMPANY_CHECK)
    return _(company_check_labels[outcome]);

  return pb_outcome_get_label (outcome);
}

const char *
pb_purpose_to_string (PbPurpose purpose)
{
  g_return_val_if_fail ((guint) purpose < G_N_ELEMENTS (purposes), NULL);

  return purposes[purpose];
}

gboolean
pb_purpose_from_string (const char *str,
                        PbPurpose  *purpose)
{
  guint value;

  if (!lookup_name (purposes, G_N_ELEMENTS (purposes), str, &value))
    return FALSE;

  if (purpose != NULL)
    *purpose = value;

  return TRUE;
}
