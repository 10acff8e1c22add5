/* pb-case-summary.c: one case on one page, as text
 *
 * What a reviewer or an auditor wants in hand before reading the report:
 * who, what, where, under which questionnaire, where the case stands, the
 * decision and who signed, the outcome, and the flags that decide it.
 * `probity-cli case summary` prints it; the window prints it on paper.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pb-case-summary"

#include "config.h"

#include "pb-i18n.h"

#include "pb-case-summary.h"

/* A label and its value, the labels in a column. */
static void
add_line (GString    *text,
          const char *label,
          const char *value)
{
  glong width = g_utf8_strlen (label, -1);

  g_string_append (text, label);
  for (glong i = width; i < 16; i++)
    g_string_append_c (text, ' ');
  g_string_append_printf (text, " %s\n", value != NULL && *value != '\0' ? value : "–");
}

static void
add_sign_offs (GString     *text,
               PbCaseStore *store,
               PbCaseInfo  *info)
{
  g_autoptr(GListModel) sign_offs = pb_case_store_list_sign_offs (store, pb_case_info_get_id (info), 0, NULL);

  for (guint i = 0; sign_offs != NULL && i < g_list_model_get_n_items (sign_offs); i++)
    {
      g_autoptr(PbSignOff) sign_off = g_list_model_get_item (sign_offs, i);
      /* Translators: a signature: who, in which role, when */
      g_autofree char *who = g_strdup_printf (_("%s (%s), %s"), pb_sign_off_get_name (sign_off),
                                              pb_sign_off_get_role (sign_off), pb_sign_off_get_time (sign_off));

      add_line (text, _("Signed by"), who);
      if (pb_sign_off_get_language (sign_off) != NULL)
        {
          g_autofree char *language = g_strdup_printf ("%s (%s)",
                                                       pb_i18n_get_language_name (pb_sign_off_get_language (sign_off)),
                                                       pb_sign_off_get_language (sign_off));

          add_line (text, _("Report language"), language);
        }
      if (pb_sign_off_get_conditions (sign_off) != NULL && *pb_sign_off_get_conditions (sign_off) != '\0')
        add_line (text, _("Conditions"), pb_sign_off_get_conditions (sign_off));
      if (pb_sign_off_get_reason (sign_off) != NULL && *pb_sign_off_get_reason (sign_off) != '\0')
        add_line (text, _("Reason"), pb_sign_off_get_reason (sign_off));
    }
}

static void
add_flags (GString      *text,
           PbEvaluation *evaluation)
{
  guint n = pb_evaluation_get_n_flags (evaluation);

  g_string_append_c (text, '\n');
  if (n == 0)
    {
      g_string_append_printf (text, "%s\n", _("No risk flagged."));
      return;
    }

  /* Translators: the heading of the flags in a case summary */
  g_string_append_printf (text, pb_dngettext (GETTEXT_PACKAGE, "%u flag, the most severe first:\n",
                                              "%u flags, the most severe first:\n", n), n);
  for (guint i = 0; i < n; i++)
    {
      PbFlag *flag = pb_evaluation_get_flag (evaluation, i);
      PbRule *rule = pb_flag_get_rule (flag);

      /* Translators: one flag of a case summary: its level, title and rule id */
      g_string_append_printf (text, _("  • %s: %s (%s)\n"), pb_severity_get_label (pb_flag_get_residual_level (flag)),
                              pb_rule_get_title (rule), pb_rule_get_id (rule));
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
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *customer = NULL;
  g_autofree char *product = NULL;
  g_autofree char *questionnaire = NULL;
  g_autofree char *answers = NULL;
  PbCountry *country = NULL;
  PbCaseStatus decision;

  g_return_val_if_fail (PB_IS_CASE_STORE (store), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  if (!(info = pb_case_store_get_case (store, case_id, error)) ||
      !(evaluation = pb_case_store_evaluate (store, case_id, 0, error)))
    return NULL;

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

  /* Translators: the title of a printed case summary */
  g_string_append_printf (text, "%s\n\n", _("Assessment summary"));
  add_line (text, _("Case"), pb_case_info_get_id (info));
  add_line (text, _("Customer"), customer);
  add_line (text, _("Product"), g_strstrip (product));
  add_line (text, _("Questionnaire"), questionnaire);
  add_line (text, _("Created"), pb_case_info_get_created (info));
  add_line (text, _("Last change"), pb_case_info_get_updated (info));
  add_line (text, _("Status"), pb_case_status_get_label (pb_case_info_get_status (info)));
  /* Translators: the decision of a case not decided yet */
  add_line (text, _("Decision"), pb_case_status_is_decision (decision) ? pb_case_status_get_label (decision)
                                                                        : C_("decision", "None yet"));
  add_sign_offs (text, store, info);
  add_line (text, _("Outcome"), pb_evaluation_get_outcome_label (evaluation));
  add_line (text, _("Answers"), answers);
  add_flags (text, evaluation);

  return g_string_free (g_steal_pointer (&text), FALSE);
}
