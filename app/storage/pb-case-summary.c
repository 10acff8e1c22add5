/* pb-case-summary.c: one case on one page, as text
 *
 * What a reviewer or an auditor wants in hand before reading the report:
 * who, what, where, under which questionnaire, where the case stands, the
 * decision, who took it and who signed, the outcome, and the flags that
 * decide it.
 * `probity-cli case summary` prints it; the window prints it on paper.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-case-summary"

#include "config.h"

#include "pb-i18n.h"

#include "pb-case-summary.h"

/* Labels and their values, printed with the labels in a column as wide as
 * the widest label of the language. */
typedef struct
{
  GPtrArray *labels;
  GPtrArray *values;
} Lines;

static void
add_line (Lines      *lines,
          const char *label,
          const char *value)
{
  g_ptr_array_add (lines->labels, g_strdup (label));
  g_ptr_array_add (lines->values, g_strdup (value != NULL && *value != '\0' ? value : "–"));
}

/* A line only for a text given. */
static void
add_text_line (Lines      *lines,
               const char *label,
               const char *value)
{
  if (value != NULL && *value != '\0')
    add_line (lines, label, value);
}

static void
print_lines (GString *text,
             Lines   *lines)
{
  glong width = 0;

  for (guint i = 0; i < lines->labels->len; i++)
    width = MAX (width, g_utf8_strlen (g_ptr_array_index (lines->labels, i), -1));

  for (guint i = 0; i < lines->labels->len; i++)
    {
      const char *label = g_ptr_array_index (lines->labels, i);

      g_auto(GStrv) value_lines = g_strsplit (g_ptr_array_index (lines->values, i), "\n", -1);

      /* A reason of several lines: each under the first, not at the left
       * margin among the labels. */
      for (guint j = 0; value_lines[j] != NULL; j++)
        {
          const char *start = j == 0 ? label : "";

          g_string_append (text, start);
          for (glong n = g_utf8_strlen (start, -1); n < MAX (width, 16); n++)
            g_string_append_c (text, ' ');
          g_string_append_printf (text, " %s\n", value_lines[j]);
        }
    }
}

/* A stored moment (ISO 8601) as people read it, in UTC, which it says. */
static char *
format_time (const char *iso8601)
{
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *text = NULL;

  if (iso8601 == NULL || !(time = g_date_time_new_from_iso8601 (iso8601, NULL)))
    return g_strdup (iso8601);

  utc = g_date_time_to_utc (time);
  text = pb_i18n_format_date_time (utc);
  /* Translators: a date and time, then the time zone's name */
  return g_strdup_printf (_("%s UTC"), text);
}

/* "Ingrid Larsson (Legal reviewer, Nordvik Legal), 2 December 2026 09:14 UTC":
 * the role as people read it, and the organisation the person acted for. */
static char *
describe_person (const char *name,
                 const char *role_code,
                 const char *organisation,
                 const char *iso8601)
{
  g_autofree char *time = format_time (iso8601);
  g_autofree char *role = NULL;
  PbRole code;

  if (role_code != NULL)
    role = g_strdup (pb_role_from_string (role_code, &code) ? pb_role_get_label (code) : role_code);
  if (organisation != NULL && *organisation != '\0')
    {
      g_autofree char *plain = g_steal_pointer (&role);

      role = plain != NULL ? g_strdup_printf ("%s, %s", plain, organisation) : g_strdup (organisation);
    }
  if (role == NULL)
    /* Translators: a person's name, then when */
    return g_strdup_printf (_("%s, %s"), name, time);
  /* Translators: a signature: who, in which role, when */
  return g_strdup_printf (_("%s (%s), %s"), name, role, time);
}

PbHistoryEvent *
pb_case_summary_find_sent_back (PbCaseStore  *store,
                                const char   *case_id,
                                guint         revision,
                                GError      **error)
{
  g_autoptr(GListModel) history = NULL;
  g_autoptr(PbHistoryEvent) last = NULL;
  g_autoptr(GError) local_error = NULL;
  PbCaseStatus status;

  g_return_val_if_fail (PB_IS_CASE_STORE (store), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (revision == 0)
    {
      g_autoptr(PbCaseInfo) info = pb_case_store_get_case (store, case_id, error);

      if (info == NULL)
        return NULL;
      revision = pb_case_info_get_revision (info);
    }
  status = pb_case_store_get_status (store, case_id, revision, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (status != PB_CASE_STATUS_DRAFT || !(history = pb_case_store_list_history (store, case_id, error)))
    return NULL;

  for (guint i = 0; i < g_list_model_get_n_items (history); i++)
    {
      g_autoptr(PbHistoryEvent) event = g_list_model_get_item (history, i);

      if (pb_history_event_get_revision (event) == revision &&
          pb_history_event_get_kind (event) == PB_EVENT_STATUS_CHANGED)
        g_set_object (&last, event);
    }
  if (last == NULL ||
      g_strcmp0 (pb_history_event_get_new_value (last), pb_case_status_to_string (PB_CASE_STATUS_DRAFT)) != 0)
    return NULL;

  return g_steal_pointer (&last);
}

char *
pb_case_summary_describe_sent_back (PbHistoryEvent *event)
{
  g_return_val_if_fail (PB_IS_HISTORY_EVENT (event), NULL);

  return describe_person (pb_history_event_get_user (event), pb_history_event_get_role (event),
                          pb_history_event_get_organisation (event), pb_history_event_get_time (event));
}

/* Who took the decision in force: a rejection's reviewer, or the approver
 * and, for an override, the second approver; then why, and on which
 * conditions, signed or not: an approval with conditions printed before
 * its signature left its conditions out. */
static void
add_deciders (Lines      *lines,
              PbDecision *decision)
{
  gboolean rejected;

  if (decision == NULL)
    return;

  rejected = pb_decision_get_decision (decision) == PB_CASE_STATUS_REJECTED;
  for (guint i = 0; i < pb_decision_get_n_approvers (decision); i++)
    {
      g_autofree char *who = describe_person (pb_decision_get_approver_name (decision, i),
                                              pb_decision_get_approver_role (decision, i),
                                              pb_decision_get_approver_organisation (decision, i),
                                              pb_decision_get_approver_time (decision, i));

      add_line (lines, rejected ? _("Rejected by") : i == 0 ? _("Approved by") : _("Second approval by"), who);
    }
  add_text_line (lines, _("Reason"), pb_decision_get_reason (decision));
  add_text_line (lines, _("Override rationale"), pb_decision_get_override_rationale (decision));
  add_text_line (lines, _("Conditions"), pb_decision_get_conditions (decision));
}

/* Each signature; its conditions and reason where they are not the
 * decision's, said above. */
static void
add_sign_offs (Lines       *lines,
               PbCaseStore *store,
               PbCaseInfo  *info,
               PbDecision  *decision)
{
  g_autoptr(GListModel) sign_offs = pb_case_store_list_sign_offs (store, pb_case_info_get_id (info), 0, NULL);

  for (guint i = 0; sign_offs != NULL && i < g_list_model_get_n_items (sign_offs); i++)
    {
      g_autoptr(PbSignOff) sign_off = g_list_model_get_item (sign_offs, i);
      g_autofree char *who = describe_person (pb_sign_off_get_name (sign_off), pb_sign_off_get_role (sign_off),
                                              pb_sign_off_get_organisation (sign_off),
                                              pb_sign_off_get_time (sign_off));

      add_line (lines, _("Signed by"), who);
      if (pb_sign_off_get_language (sign_off) != NULL)
        {
          g_autofree char *language = g_strdup_printf ("%s (%s)",
                                                       pb_i18n_get_language_name (pb_sign_off_get_language (sign_off)),
                                                       pb_sign_off_get_language (sign_off));

          add_line (lines, _("Report language"), language);
        }
      if (decision == NULL || g_strcmp0 (pb_sign_off_get_conditions (sign_off), pb_decision_get_conditions (decision)) != 0)
        add_text_line (lines, _("Conditions"), pb_sign_off_get_conditions (sign_off));
      if (decision == NULL || g_strcmp0 (pb_sign_off_get_reason (sign_off), pb_decision_get_reason (decision)) != 0)
        add_text_line (lines, _("Reason"), pb_sign_off_get_reason (sign_off));
    }
}

/* How many holds lead @conditions. */
static guint
n_holds (GPtrArray *conditions)
{
  guint n = 0;

  while (n < conditions->len &&
         pb_rule_get_kind (pb_flag_get_rule (g_ptr_array_index (conditions, n))) == PB_RULE_KIND_HOLD)
    n++;

  return n;
}

/* By residual level, the evaluation's order within each. */
static int
compare_by_severity (gconstpointer a,
                     gconstpointer b)
{
  PbFlag *fa = *(PbFlag * const *) a;
  PbFlag *fb = *(PbFlag * const *) b;

  return (int) pb_flag_get_residual_level (fb) - (int) pb_flag_get_residual_level (fa);
}

/* One flag: its level, its title, saying when it rests on an unknown
 * answer (as the report does), and its rule id. */
static void
add_flag (GString *text,
          PbFlag  *flag)
{
  PbRule *rule = pb_flag_get_rule (flag);
  const char *level = pb_severity_get_label (pb_flag_get_residual_level (flag));
  g_autofree char *title = NULL;

  if (pb_flag_is_unresolved (flag))
    {
      g_autofree char *ids = g_strjoinv (", ", (char **) pb_flag_get_unknowns (flag));

      /* Translators: a flag raised because answers are unknown, e.g.
       * "Unresolved: Weapons or intelligence use (unknown: S4.02, S4.05)" */
      title = g_strdup_printf (_("Unresolved: %s (unknown: %s)"), pb_rule_get_title (rule), ids);
    }
  else
    title = g_strdup (pb_rule_get_title (rule));

  /* Translators: one flag of a case summary: its level, title and rule id */
  g_string_append_printf (text, _("  • %s: %s (%s)\n"), level, title, pb_rule_get_id (rule));
}

/* The risks, the most severe first, then the holds and the conditions the
 * deal must meet, which are no risk and have no level: counted apart, as
 * the report counts them (pb_flag_is_condition()). Holds come first among
 * those: nothing ships while one stands. */
static void
add_flags (GString      *text,
           PbEvaluation *evaluation)
{
  g_autoptr(GPtrArray) risks = g_ptr_array_new ();
  g_autoptr(GPtrArray) conditions = g_ptr_array_new ();

  for (guint i = 0; i < pb_evaluation_get_n_flags (evaluation); i++)
    {
      PbFlag *flag = pb_evaluation_get_flag (evaluation, i);

      if (!pb_flag_is_condition (flag))
        g_ptr_array_add (risks, flag);
      else if (pb_rule_get_kind (pb_flag_get_rule (flag)) == PB_RULE_KIND_HOLD)
        g_ptr_array_insert (conditions, n_holds (conditions), flag);
      else
        g_ptr_array_add (conditions, flag);
    }
  /* A stable sort (GLib 2.32 and later): the evaluation's order within a level. */
  g_ptr_array_sort (risks, compare_by_severity);

  g_string_append_c (text, '\n');
  if (risks->len == 0)
    g_string_append_printf (text, "%s\n", _("No risk flagged."));
  else
    {
      /* Translators: the heading of the flags in a case summary */
      g_string_append_printf (text, pb_dngettext (GETTEXT_PACKAGE, "%u flag, the most severe first:\n",
                                                  "%u flags, the most severe first:\n", risks->len), risks->len);
      for (guint i = 0; i < risks->len; i++)
        add_flag (text, g_ptr_array_index (risks, i));
    }

  if (conditions->len > 0)
    {
      g_string_append_printf (text, "\n%s\n", _("Conditions"));
      for (guint i = 0; i < conditions->len; i++)
        {
          PbRule *rule = pb_flag_get_rule (g_ptr_array_index (conditions, i));

          if (pb_rule_get_kind (rule) == PB_RULE_KIND_HOLD)
            /* Translators: one flag of a case summary: its level, title and rule id */
            g_string_append_printf (text, _("  • %s: %s (%s)\n"), _("On hold"), pb_rule_get_title (rule),
                                    pb_rule_get_id (rule));
          else
            g_string_append_printf (text, "  • %s (%s)\n", pb_rule_get_title (rule), pb_rule_get_id (rule));
        }
    }
}

char *
pb_case_summary_to_text (PbCaseStore  *store,
                         const char   *case_id,
                         PbCountries  *countries,
                         GError      **error)
{
  g_autoptr(PbCaseInfo) info = NULL;
  g_autoptr(PbEvaluation) evaluation = NULL;
  g_autoptr(PbDecision) in_force = NULL;
  g_autoptr(PbHistoryEvent) sent_back = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *customer = NULL;
  g_autofree char *product = NULL;
  g_autofree char *questionnaire = NULL;
  g_autofree char *answers = NULL;
  g_autofree char *created = NULL;
  g_autofree char *updated = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  Lines lines = { labels, values };
  PbCountry *country = NULL;
  g_autoptr(GError) local_error = NULL;
  PbCaseStatus decision;

  g_return_val_if_fail (PB_IS_CASE_STORE (store), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  if (!(info = pb_case_store_get_case (store, case_id, error)) ||
      !(evaluation = pb_case_store_evaluate (store, case_id, 0, error)))
    return NULL;

  if (!(sent_back = pb_case_summary_find_sent_back (store, case_id, pb_case_info_get_revision (info), &local_error)) &&
      local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (countries != NULL && pb_case_info_get_country (info) != NULL)
    country = pb_countries_lookup (countries, pb_case_info_get_country (info));
  /* Translators: a customer and its country */
  customer = g_strdup_printf (_("%s (%s)"), pb_case_info_get_customer_name (info),
                              country != NULL ? pb_country_get_name (country) : pb_case_info_get_country (info));
  product = g_strdup_printf ("%s %s", pb_case_info_get_product_name (info), pb_case_info_get_product_version (info));
  questionnaire = g_strdup_printf ("%s %s", pb_case_info_get_questionnaire_id (info),
                                   pb_case_info_get_questionnaire_version (info));
  /* Translators: required questions answered, of how many */
  answers = g_strdup_printf (_("%u of %u required questions answered"),
                             pb_evaluation_get_n_required_answered (evaluation),
                             pb_evaluation_get_n_required (evaluation));
  decision = pb_case_info_get_decision (info);
  created = format_time (pb_case_info_get_created (info));
  updated = format_time (pb_case_info_get_updated (info));

  /* Translators: the title of a printed case summary */
  g_string_append_printf (text, "%s\n\n", _("Assessment summary"));
  add_line (&lines, _("Case"), pb_case_info_get_id (info));
  add_line (&lines, _("Customer"), customer);
  add_line (&lines, _("Product"), g_strstrip (product));
  add_line (&lines, _("Questionnaire"), questionnaire);
  add_line (&lines, _("Created"), created);
  add_line (&lines, _("Last change"), updated);
  add_line (&lines, _("Status"), pb_case_status_get_label (pb_case_info_get_status (info)));
  /* A draft a reviewer sent back: the sales person reads why here. */
  if (sent_back != NULL)
    {
      g_autofree char *who = pb_case_summary_describe_sent_back (sent_back);

      add_line (&lines, _("Sent back by"), who);
      add_line (&lines, _("Changes asked"), pb_history_event_get_reason (sent_back));
    }
  /* Translators: the decision of a case not decided yet */
  add_line (&lines, _("Decision"), pb_case_status_is_decision (decision) ? pb_case_status_get_label (decision)
                                                                          : C_("decision", "None yet"));
  in_force = pb_case_store_get_decision (store, pb_case_info_get_id (info), 0, NULL);
  add_deciders (&lines, in_force);
  add_sign_offs (&lines, store, info, in_force);
  add_line (&lines, _("Outcome"), pb_evaluation_get_outcome_label (evaluation));
  add_line (&lines, _("Answers"), answers);
  print_lines (text, &lines);
  add_flags (text, evaluation);

  return g_string_free (g_steal_pointer (&text), FALSE);
}
