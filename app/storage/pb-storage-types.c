/* pb-storage-types.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pb-i18n.h"
#include <string.h>

#include "pb-storage-types.h"

G_DEFINE_QUARK (pb-storage-error-quark, pb_storage_error)

G_DEFINE_ENUM_TYPE (PbCaseStatus, pb_case_status,
  G_DEFINE_ENUM_VALUE (PB_CASE_STATUS_DRAFT, "draft"),
  G_DEFINE_ENUM_VALUE (PB_CASE_STATUS_SUBMITTED, "submitted"),
  G_DEFINE_ENUM_VALUE (PB_CASE_STATUS_APPROVED, "approved"),
  G_DEFINE_ENUM_VALUE (PB_CASE_STATUS_APPROVED_WITH_CONDITIONS, "approved-with-conditions"),
  G_DEFINE_ENUM_VALUE (PB_CASE_STATUS_REJECTED, "rejected"),
  G_DEFINE_ENUM_VALUE (PB_CASE_STATUS_SIGNED, "signed"),
  G_DEFINE_ENUM_VALUE (PB_CASE_STATUS_AWAITING_SECOND_APPROVAL, "awaiting-second-approval"))

G_DEFINE_ENUM_TYPE (PbEventKind, pb_event_kind,
  G_DEFINE_ENUM_VALUE (PB_EVENT_CASE_CREATED, "case-created"),
  G_DEFINE_ENUM_VALUE (PB_EVENT_ANSWER_SET, "answer-set"),
  G_DEFINE_ENUM_VALUE (PB_EVENT_ANSWER_CHANGED, "answer-changed"),
  G_DEFINE_ENUM_VALUE (PB_EVENT_ANSWER_CLEARED, "answer-cleared"),
  G_DEFINE_ENUM_VALUE (PB_EVENT_EVIDENCE_ADDED, "evidence-added"),
  G_DEFINE_ENUM_VALUE (PB_EVENT_STATUS_CHANGED, "status-changed"),
  G_DEFINE_ENUM_VALUE (PB_EVENT_SIGNED, "signed"),
  G_DEFINE_ENUM_VALUE (PB_EVENT_REOPENED, "reopened"),
  G_DEFINE_ENUM_VALUE (PB_EVENT_EVIDENCE_REMOVED, "evidence-removed"),
  G_DEFINE_ENUM_VALUE (PB_EVENT_ANCHORED, "anchored"),
  G_DEFINE_ENUM_VALUE (PB_EVENT_PARTY_ADDED, "party-added"),
  G_DEFINE_ENUM_VALUE (PB_EVENT_PARTY_REMOVED, "party-removed"),
  G_DEFINE_ENUM_VALUE (PB_EVENT_SCREENED, "screened"),
  G_DEFINE_ENUM_VALUE (PB_EVENT_HIT_DECIDED, "hit-decided"),
  G_DEFINE_ENUM_VALUE (PB_EVENT_IMPORTED, "imported"))

static const char * const status_names[] = {
  "draft", "submitted", "approved", "approved-with-conditions", "rejected", "signed",
  "awaiting-second-approval",
};

static const char * const event_names[] = {
  "case-created", "answer-set", "answer-changed", "answer-cleared",
  "evidence-added", "status-changed", "signed", "reopened", "evidence-removed", "anchored",
  "party-added", "party-removed", "screened", "hit-decided", "imported",
};

const char *
pb_case_status_to_string (PbCaseStatus status)
{
  g_return_val_if_fail (status <= PB_CASE_STATUS_AWAITING_SECOND_APPROVAL, NULL);

  return status_names[status];
}

gboolean
pb_case_status_from_string (const char   *str,
                            PbCaseStatus *status)
{
  g_return_val_if_fail (status != NULL, FALSE);

  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (status_names); i++)
    {
      if (strcmp (str, status_names[i]) == 0)
        {
          *status = i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
pb_case_status_get_label (PbCaseStatus status)
{
  switch (status)
    {
    case PB_CASE_STATUS_DRAFT:
      return _("Draft");
    case PB_CASE_STATUS_SUBMITTED:
      return _("Submitted for review");
    case PB_CASE_STATUS_APPROVED:
      return _("Approved");
    case PB_CASE_STATUS_APPROVED_WITH_CONDITIONS:
      return _("Approved with conditions");
    case PB_CASE_STATUS_REJECTED:
      return _("Rejected");
    case PB_CASE_STATUS_SIGNED:
      return _("Signed");
    case PB_CASE_STATUS_AWAITING_SECOND_APPROVAL:
      return _("Awaiting second approval");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
pb_case_status_get_noun (PbCaseStatus status)
{
  switch (status)
    {
    case PB_CASE_STATUS_DRAFT:
      return C_("status within a sentence", "draft");
    case PB_CASE_STATUS_SUBMITTED:
      return C_("status within a sentence", "submitted for review");
    case PB_CASE_STATUS_APPROVED:
      return C_("status within a sentence", "approved");
    case PB_CASE_STATUS_APPROVED_WITH_CONDITIONS:
      return C_("status within a sentence", "approved with conditions");
    case PB_CASE_STATUS_REJECTED:
      return C_("status within a sentence", "rejected");
    case PB_CASE_STATUS_SIGNED:
      return C_("status within a sentence", "signed");
    case PB_CASE_STATUS_AWAITING_SECOND_APPROVAL:
      return C_("status within a sentence", "awaiting second approval");
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
pb_case_status_is_decision (PbCaseStatus status)
{
  return status == PB_CASE_STATUS_APPROVED ||
         status == PB_CASE_STATUS_APPROVED_WITH_CONDITIONS ||
         status == PB_CASE_STATUS_REJECTED;
}

const char *
pb_event_kind_to_string (PbEventKind kind)
{
  g_return_val_if_fail (kind <= PB_EVENT_IMPORTED, NULL);

  return event_names[kind];
}

gboolean
pb_event_kind_from_string (const char  *str,
                           PbEventKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (event_names); i++)
    {
      if (strcmp (str, event_names[i]) == 0)
        {
          *kind = i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
pb_event_kind_get_label (PbEventKind kind)
{
  switch (kind)
    {
    case PB_EVENT_CASE_CREATED:
      return _("Case created");
    case PB_EVENT_ANSWER_SET:
      return _("Answered");
    case PB_EVENT_ANSWER_CHANGED:
      return _("Answer changed");
    case PB_EVENT_ANSWER_CLEARED:
      return _("Answer cleared");
    case PB_EVENT_EVIDENCE_ADDED:
      return _("Evidence attached");
    case PB_EVENT_STATUS_CHANGED:
      return _("Status changed");
    case PB_EVENT_SIGNED:
      return _("Signed");
    case PB_EVENT_REOPENED:
      return _("Reopened");
    case PB_EVENT_EVIDENCE_REMOVED:
      return _("Evidence removed");
    case PB_EVENT_ANCHORED:
      /* Translators: the history of a case was time-stamped by a
       * time-stamp authority up to an event */
      return _("Time-stamped");
    case PB_EVENT_PARTY_ADDED:
      return _("Party added");
    case PB_EVENT_PARTY_REMOVED:
      return _("Party removed");
    case PB_EVENT_SCREENED:
      return _("Parties screened");
    case PB_EVENT_HIT_DECIDED:
      return _("Screening hit decided");
    case PB_EVENT_IMPORTED:
      /* Translators: an administrator brought the case, with its history,
       * onto a team server from a file or another server */
      return _("Imported");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
pb_party_role_get_label (const char *role)
{
  if (g_strcmp0 (role, "customer") == 0)
    return _("Customer");
  if (g_strcmp0 (role, "end-user") == 0)
    return _("End user");
  if (g_strcmp0 (role, "consignee") == 0)
    return _("Consignee");
  if (g_strcmp0 (role, "intermediary") == 0)
    return _("Intermediary");
  return role;
}
